//! Which class and split each file of a dropped folder gets, from generated path lists.

use aula::data::layout::{Layout, Split, plan, relative, rules, split_of};

fn paths(list: &[&str]) -> Vec<String> {
    list.iter().map(|p| p.to_string()).collect()
}

/// (path, class name, split) of every placed file, in input order.
fn placed<'a>(layout: &'a Layout, input: &'a [String]) -> Vec<(&'a str, &'a str, Option<Split>)> {
    layout.files.iter().map(|p| (input[p.file].as_str(), layout.classes[p.class].as_str(), p.split)).collect()
}

fn outside<'a>(layout: &'a Layout, input: &'a [String]) -> Vec<&'a str> {
    layout.outside.iter().map(|o| input[o.file].as_str()).collect()
}

#[test]
fn flat_folder_upload_strips_the_chosen_folder() {
    let input = paths(&["pets/dog/1.jpg", "pets/cat/1.jpg", "pets/cat/2.png", "pets/bird/a.gif"]);
    let layout = plan(&input);
    assert_eq!(layout.classes, ["bird", "cat", "dog"]);
    assert!(!layout.split_folders);
    assert_eq!(
        placed(&layout, &input),
        [
            ("pets/dog/1.jpg", "dog", None),
            ("pets/cat/1.jpg", "cat", None),
            ("pets/cat/2.png", "cat", None),
            ("pets/bird/a.gif", "bird", None),
        ]
    );
    assert_eq!(layout.ignored, 0);
    assert!(layout.outside.is_empty());
}

#[test]
fn classes_sort_by_name_like_image_folder() {
    let input = paths(&["d/b/1.png", "d/B/1.png", "d/a/1.png", "d/10/1.png", "d/9/1.png"]);
    let layout = plan(&input);
    // Byte order, as Python's sorted(): digits, then upper case, then lower case.
    assert_eq!(layout.classes, ["10", "9", "B", "a", "b"]);
    let class_of_file: Vec<usize> = layout.files.iter().map(|p| p.class).collect();
    assert_eq!(class_of_file, [4, 2, 3, 0, 1]);
}

#[test]
fn train_and_val_folders_are_honoured_and_classes_unioned() {
    let input =
        paths(&["data/train/cat/1.jpg", "data/train/dog/1.jpg", "data/val/cat/2.jpg", "data/val/fox/1.jpg"]);
    let layout = plan(&input);
    assert!(layout.split_folders);
    assert_eq!(layout.classes, ["cat", "dog", "fox"]);
    assert_eq!(
        placed(&layout, &input),
        [
            ("data/train/cat/1.jpg", "cat", Some(Split::Train)),
            ("data/train/dog/1.jpg", "dog", Some(Split::Train)),
            ("data/val/cat/2.jpg", "cat", Some(Split::Val)),
            ("data/val/fox/1.jpg", "fox", Some(Split::Val)),
        ]
    );
}

#[test]
fn valid_and_test_folders() {
    let input =
        paths(&["train/a/1.png", "valid/a/2.png", "test/a/3.png", "train/b/1.png", "validation/b/2.png"]);
    let layout = plan(&input);
    assert!(layout.split_folders);
    let splits: Vec<Option<Split>> = layout.files.iter().map(|p| p.split).collect();
    assert_eq!(
        splits,
        [Some(Split::Train), Some(Split::Val), Some(Split::Test), Some(Split::Train), Some(Split::Val)]
    );
    assert_eq!(layout.classes, ["a", "b"]);
}

#[test]
fn split_names_are_case_insensitive_and_class_names_keep_their_case() {
    let input =
        paths(&["Set/TRAIN/Cat/1.png", "Set/Val/Cat/2.png", "Set/Test/Dog/3.png", "Set/Train/Dog/1.png"]);
    let layout = plan(&input);
    assert!(layout.split_folders);
    assert_eq!(layout.classes, ["Cat", "Dog"]);
    assert_eq!(
        placed(&layout, &input),
        [
            ("Set/TRAIN/Cat/1.png", "Cat", Some(Split::Train)),
            ("Set/Val/Cat/2.png", "Cat", Some(Split::Val)),
            ("Set/Test/Dog/3.png", "Dog", Some(Split::Test)),
            ("Set/Train/Dog/1.png", "Dog", Some(Split::Train)),
        ]
    );
}

#[test]
fn files_in_deeper_folders_belong_to_their_class() {
    let input = paths(&[
        "top/cat/2019/summer/1.jpg",
        "top/cat/2.jpg",
        "top/dog/x/y/z/3.jpg",
        "top/train_like/a/b.png",
    ]);
    let layout = plan(&input);
    assert_eq!(layout.classes, ["cat", "dog", "train_like"]);
    let classes: Vec<&str> = placed(&layout, &input).iter().map(|p| p.1).collect();
    assert_eq!(classes, ["cat", "cat", "dog", "train_like"]);

    let split = paths(&["train/cat/deep/er/1.jpg", "val/cat/2.jpg", "train/dog/a/1.jpg", "val/dog/1.jpg"]);
    let layout = plan(&split);
    assert_eq!(layout.classes, ["cat", "dog"]);
    assert_eq!(placed(&layout, &split)[0], ("train/cat/deep/er/1.jpg", "cat", Some(Split::Train)));
}

#[test]
fn hidden_and_system_files_are_counted_not_listed() {
    let input = paths(&[
        "pets/.DS_Store",
        "pets/cat/.DS_Store",
        "pets/cat/1.jpg",
        "pets/cat/Thumbs.db",
        "pets/dog/desktop.ini",
        "pets/dog/1.jpg",
        "pets/dog/._1.jpg",
        "__MACOSX/pets/dog/._1.jpg",
        "pets/.hidden/x.png",
        "pets/dog/.git/objects/ab",
    ]);
    let layout = plan(&input);
    assert_eq!(layout.ignored, 8);
    assert!(layout.outside.is_empty(), "{:?}", layout.outside);
    assert_eq!(layout.classes, ["cat", "dog"]);
    assert_eq!(placed(&layout, &input), [("pets/cat/1.jpg", "cat", None), ("pets/dog/1.jpg", "dog", None)]);
}

#[test]
fn zip_without_a_top_folder() {
    let input = paths(&["cat/1.jpg", "cat/2.jpg", "dog/1.jpg"]);
    let layout = plan(&input);
    assert_eq!(layout.classes, ["cat", "dog"]);
    assert_eq!(layout.files.len(), 3);

    // A zip with two nested top folders, as some tools write them.
    let nested = paths(&["export/data/cat/1.jpg", "export/data/dog/1.jpg"]);
    assert_eq!(plan(&nested).classes, ["cat", "dog"]);
}

#[test]
fn a_single_class_is_still_a_class_not_a_stripped_folder() {
    let input = paths(&["only/cat/1.jpg", "only/cat/2.jpg"]);
    let layout = plan(&input);
    assert_eq!(layout.classes, ["cat"]);
    assert_eq!(layout.files.len(), 2);
}

#[test]
fn files_at_the_root_are_outside() {
    let input = paths(&["pets/README.txt", "pets/cat/1.jpg", "pets/dog/1.jpg", "pets/labels.csv"]);
    let layout = plan(&input);
    assert_eq!(layout.classes, ["cat", "dog"]);
    assert_eq!(outside(&layout, &input), ["pets/README.txt", "pets/labels.csv"]);
    assert!(layout.outside.iter().all(|o| o.note.english().contains("not inside a class folder")));

    let zip = paths(&["README.md", "cat/1.jpg", "dog/1.jpg"]);
    let layout = plan(&zip);
    assert_eq!(layout.classes, ["cat", "dog"]);
    assert_eq!(outside(&layout, &zip), ["README.md"]);
}

#[test]
fn in_split_mode_stray_files_and_folders_are_outside_with_a_reason() {
    let input = paths(&[
        "ds/train/cat/1.jpg",
        "ds/val/cat/1.jpg",
        "ds/train/notes.txt",
        "ds/extras/cat/9.jpg",
        "ds/README.md",
    ]);
    let layout = plan(&input);
    assert!(layout.split_folders);
    assert_eq!(layout.files.len(), 2);
    let reasons: Vec<(&str, String)> =
        layout.outside.iter().map(|o| (input[o.file].as_str(), o.note.english())).collect();
    assert_eq!(reasons.len(), 3);
    assert_eq!(reasons[0].0, "ds/train/notes.txt");
    assert!(reasons[0].1.contains("not in a class folder"), "{}", reasons[0].1);
    assert_eq!(reasons[1].0, "ds/extras/cat/9.jpg");
    assert!(reasons[1].1.contains("extras"), "{}", reasons[1].1);
    assert_eq!(reasons[2].0, "ds/README.md");
}

#[test]
fn backslashes_and_empty_components_are_accepted() {
    let input = paths(&["pets\\cat\\1.jpg", "pets\\dog\\1.jpg", "./pets//dog/2.jpg"]);
    let layout = plan(&input);
    assert_eq!(layout.classes, ["cat", "dog"]);
    let classes: Vec<&str> = placed(&layout, &input).iter().map(|p| p.1).collect();
    assert_eq!(classes, ["cat", "dog", "dog"]);
}

#[test]
fn a_top_folder_named_train_is_a_split_not_stripped() {
    let input = paths(&["train/cat/1.jpg", "train/dog/1.jpg"]);
    let layout = plan(&input);
    assert!(layout.split_folders);
    assert!(layout.files.iter().all(|p| p.split == Some(Split::Train)));
    assert_eq!(layout.classes, ["cat", "dog"]);
}

#[test]
fn empty_input() {
    let layout = plan(&[]);
    assert!(layout.classes.is_empty() && layout.files.is_empty() && layout.outside.is_empty());
    assert_eq!(layout.ignored, 0);
}

#[test]
fn split_serialises_lowercase() {
    assert_eq!(serde_json::to_string(&Split::Val).unwrap(), "\"val\"");
    assert_eq!(serde_json::from_str::<Split>("\"test\"").unwrap(), Split::Test);
}

#[test]
fn the_dropped_leading_folders_are_the_root_and_paths_are_relative_to_it() {
    for (input, root) in [
        (&["pets/dog/1.jpg", "pets/cat/2.jpg"][..], "pets"),
        (&["a/b/pets/train/dog/1.jpg", "a/b/pets/val/cat/2.jpg"][..], "a/b/pets"),
        (&["dog/1.jpg", "cat/2.jpg"][..], ""),
        (&["train/dog/1.jpg", "train/cat/2.jpg"][..], ""),
        (&["x\\\\pets\\dog\\1.jpg", "x/pets/cat/./2.jpg"][..], "x/pets"),
        (&[][..], ""),
    ] {
        let layout = plan(&paths(input));
        assert_eq!(layout.root, root, "{input:?}");
    }
    assert_eq!(relative("x\\\\pets\\dog\\1.jpg", "x/pets"), "dog/1.jpg");
    assert_eq!(relative("pets/cat/./a/2.jpg", "pets"), "cat/a/2.jpg");
    assert_eq!(relative("cat/2.jpg", ""), "cat/2.jpg");
}

#[test]
fn the_rules_as_data_answer_as_the_rules_do() {
    let rules = rules();
    for (name, split) in &rules.split_folders {
        assert_eq!(split_of(&name.to_uppercase()), Some(*split));
    }
    assert_eq!(rules.split_folders.len(), 5);
    let input = paths(&["d/c/1.png", "d/c/2.png"]);
    for ignored in rules.system_files.iter().chain(&rules.resource_forks) {
        let mut with = input.clone();
        with.push(format!("d/c/{ignored}"));
        with.push(format!("d/{}/c/3.png", ignored.to_lowercase()));
        let layout = plan(&with);
        // A system file's name only counts as the file's own; a resource fork's as any folder.
        let folder_too = rules.resource_forks.contains(ignored);
        assert_eq!(layout.ignored, if folder_too { 2 } else { 1 }, "{ignored}");
    }
}
