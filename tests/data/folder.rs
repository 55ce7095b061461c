//! A user folder end to end: paths and bytes -> pool -> seeded split, summary and warnings.

use std::collections::BTreeSet;
use std::io::{Cursor, Write};

use std::sync::Arc;

use aula::data::archive::ZipFolder;
use aula::data::decode::MAX_FILE_BYTES;
use aula::data::folder::FolderImages;
use aula::data::layout::Split;
use aula::data::loader::FolderLoader;
use aula::data::notes::SkipNote;
use aula::data::summary::{ClassCounts, DatasetSummary};
use aula::data::{Dataset, Images};
use image::{DynamicImage, ImageBuffer, ImageFormat, Rgb};

const SIZE: usize = 8;

/// An 8x8 PNG of one colour; the colour identifies the file in the results.
fn png(colour: [u8; 3]) -> Vec<u8> {
    let image = DynamicImage::ImageRgb8(ImageBuffer::from_pixel(SIZE as u32, SIZE as u32, Rgb(colour)));
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, ImageFormat::Png).unwrap();
    bytes.into_inner()
}

/// `per_class[c]` images for class `class{c}` under `prefix`, each with a colour unique to it:
/// red = class, green = index, blue = `tag`.
fn tree(prefix: &str, per_class: &[usize], tag: u8) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for (class, &n) in per_class.iter().enumerate() {
        for i in 0..n {
            files.push((
                format!("{prefix}class{class}/img{i:03}.png"),
                png([(class as u8).wrapping_mul(40), i as u8, tag]),
            ));
        }
    }
    files
}

fn load(files: &[(String, Vec<u8>)], grayscale: bool) -> FolderImages {
    let paths = files.iter().map(|(path, _)| path.clone()).collect();
    let mut loader = FolderLoader::new("pets".into(), paths, SIZE, grayscale);
    for file in loader.wanted() {
        loader.add(file, &files[file].1);
    }
    loader.finish()
}

fn build(files: &[(String, Vec<u8>)], seed: u64, val_fraction: f64) -> (DatasetSummary, Dataset) {
    let (summary, dataset) = load(files, false).build(seed, val_fraction);
    (summary, dataset.unwrap_or_else(|e| panic!("{e}")))
}

/// The first pixel of every image of a set, which identifies the file it came from.
fn identities(set: &impl Images) -> BTreeSet<[u8; 3]> {
    (0..set.len()).map(|i| set.image(i)[..3].try_into().unwrap()).collect()
}

fn counts(name: &str, train: usize, val: usize, test: usize) -> ClassCounts {
    ClassCounts { name: name.into(), train, val, test }
}

#[test]
fn flat_folder_counts_per_class_and_split() {
    let files = tree("pets/", &[10, 10, 5], 0);
    let (summary, dataset) = build(&files, 42, 0.2);
    assert_eq!(
        summary.classes,
        [counts("class0", 8, 2, 0), counts("class1", 8, 2, 0), counts("class2", 4, 1, 0)]
    );
    assert_eq!((summary.train, summary.val, summary.test, summary.files), (20, 5, 0, 25));
    assert_eq!(summary.layout, "one folder per class; 20% of each class held out for validation (seed 42)");
    assert_eq!((summary.image_size, summary.channels), (SIZE, 3));
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    assert_eq!(summary.error, None);

    assert_eq!(dataset.classes, ["class0", "class1", "class2"]);
    assert_eq!((dataset.train.len(), dataset.val.len(), dataset.test.len()), (20, 5, 0));
    assert_eq!(dataset.train.class_counts(3), [8, 8, 4]);
    assert_eq!(dataset.val.class_counts(3), [2, 2, 1]);
    assert_eq!(dataset.train.len() * dataset.train.image_len(), 20 * SIZE * SIZE * 3);
    // Every image carries its own class's label, and no file is in both splits.
    for set in [&dataset.train, &dataset.val] {
        for i in 0..set.len() {
            assert_eq!(set.image(i)[0], set.labels[i] as u8 * 40);
        }
    }
    assert!(identities(&dataset.train).is_disjoint(&identities(&dataset.val)));
    assert_eq!(identities(&dataset.train).len() + identities(&dataset.val).len(), 25);
}

#[test]
fn flat_split_is_seeded_and_follows_the_fraction() {
    let files = tree("", &[30, 30], 0);
    let (_, first) = build(&files, 7, 0.3);
    let (_, again) = build(&files, 7, 0.3);
    let (_, other) = build(&files, 8, 0.3);
    assert_eq!(first.val.class_counts(2), [9, 9]);
    assert_eq!(identities(&first.val), identities(&again.val));
    assert_eq!(first.val.labels, again.val.labels);
    assert_ne!(identities(&first.val), identities(&other.val));

    // The same files arriving in another order split the same way.
    let mut reversed = files.clone();
    reversed.reverse();
    let (_, shuffled) = build(&reversed, 7, 0.3);
    assert_eq!(identities(&first.val), identities(&shuffled.val));

    let (summary, half) = build(&files, 7, 0.5);
    assert_eq!(half.val.class_counts(2), [15, 15]);
    assert_eq!(summary.layout, "one folder per class; 50% of each class held out for validation (seed 7)");
    // Tiny classes keep at least one image on each side.
    let (_, tiny) = build(&tree("", &[2, 3], 0), 1, 0.05);
    assert_eq!(tiny.val.class_counts(2), [1, 1]);
    assert_eq!(tiny.train.class_counts(2), [1, 2]);
}

#[test]
fn a_class_with_one_image_is_excluded_with_a_warning() {
    let files = tree("", &[5, 1, 5], 0);
    let (summary, dataset) = build(&files, 1, 0.2);
    assert_eq!(dataset.classes, ["class0", "class2"]);
    assert_eq!(summary.excluded, [counts("class1", 1, 0, 0)]);
    assert_eq!(summary.classes.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["class0", "class2"]);
    assert!(
        summary.warnings.iter().any(|w| w.contains("'class1'") && w.contains("left out")),
        "{:?}",
        summary.warnings
    );
    // Labels are renumbered: class2's images (red 80) now have label 1.
    let set = &dataset.train;
    assert_eq!(set.class_counts(2), [4, 4]);
    for i in 0..set.len() {
        assert_eq!(set.image(i)[0], [0, 80][set.labels[i] as usize]);
    }
    assert_eq!(summary.train + summary.val, 10);
}

#[test]
fn imbalance_is_warned_above_three_to_one() {
    let (summary, _) = build(&tree("", &[20, 5], 0), 1, 0.2);
    let warning = summary.warnings.iter().find(|w| w.contains("imbalanced")).expect("imbalance warning");
    assert!(warning.contains("'class0' has 20 images") && warning.contains("'class1' only 5"), "{warning}");

    let (summary, _) = build(&tree("", &[9, 3], 0), 1, 0.2);
    assert!(!summary.warnings.iter().any(|w| w.contains("imbalanced")), "{:?}", summary.warnings);
}

#[test]
fn bad_files_are_listed_with_their_reason_and_loading_goes_on() {
    let mut files = tree("set/", &[4, 4], 0);
    let good = png([1, 2, 3]);
    files.push(("set/class0/notes.txt".into(), b"hello".to_vec()));
    files.push(("set/class0/empty.png".into(), Vec::new()));
    files.push(("set/class1/cut.png".into(), good[..good.len() / 2].to_vec()));
    files.push(("set/README.md".into(), b"# readme".to_vec()));
    files.push(("set/class1/unreadable.jpg".into(), good.clone()));
    files.push(("set/class1/lost.png".into(), good.clone()));
    files.push(("set/.DS_Store".into(), Vec::new()));

    let paths: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    let mut loader = FolderLoader::new("set".into(), paths.clone(), SIZE, false);
    let wanted = loader.wanted();
    assert!(!wanted.contains(&paths.iter().position(|p| p == "set/README.md").unwrap()));
    assert!(!wanted.contains(&paths.iter().position(|p| p == "set/.DS_Store").unwrap()));
    for file in wanted {
        match paths[file].as_str() {
            "set/class1/unreadable.jpg" => {
                loader.skip(file, SkipNote::Unreadable { detail: "NotReadableError".into() })
            }
            "set/class1/lost.png" => {}
            _ => loader.add(file, &files[file].1),
        }
    }
    let images = loader.finish();
    assert_eq!(images.pool.len(), 8);
    assert_eq!(images.paths.len(), 8);
    let (summary, dataset) = images.build(3, 0.25);
    let dataset = dataset.unwrap();
    assert_eq!(dataset.train.len() + dataset.val.len(), 8);

    let reasons: Vec<(&str, &str)> =
        summary.skipped.iter().map(|s| (s.path.as_str(), s.reason.as_str())).collect();
    assert_eq!(
        reasons,
        [
            ("set/README.md", "not inside a class folder"),
            ("set/class0/empty.png", "empty file (0 bytes)"),
            ("set/class0/notes.txt", "not an image (unrecognised content)"),
            ("set/class1/cut.png", reasons[3].1),
            ("set/class1/lost.png", "never read"),
            ("set/class1/unreadable.jpg", "could not be read (NotReadableError)"),
        ]
    );
    assert!(reasons[3].1.starts_with("truncated or corrupt PNG"), "{}", reasons[3].1);
    assert_eq!((summary.files, summary.ignored), (14, 1));
    assert!(
        summary.warnings.iter().any(|w| w.starts_with("6 files could not be used")),
        "{:?}",
        summary.warnings
    );
}

#[test]
fn no_usable_images_is_an_error_that_says_what_is_expected() {
    let files = vec![("d/a/x.txt".to_string(), b"text".to_vec()), ("d/b/y.png".to_string(), Vec::new())];
    let (summary, dataset) = load(&files, false).build(1, 0.2);
    let error = dataset.unwrap_err();
    assert!(error.starts_with("No usable images found (2 files skipped"), "{error}");
    assert!(error.contains("one folder per class") && error.contains("train/ and val/"), "{error}");
    assert_eq!(summary.error.as_deref(), Some(error.as_str()));
    assert_eq!(summary.skipped.len(), 2);

    let (summary, dataset) = load(&[], false).build(1, 0.2);
    assert!(dataset.is_err());
    assert!(summary.error.unwrap().starts_with("No usable images found."));
}

#[test]
fn a_single_class_is_an_error() {
    let files = tree("top/", &[6], 0);
    let (summary, dataset) = load(&files, false).build(1, 0.2);
    let error = dataset.unwrap_err();
    assert!(error.contains("Only one class folder was found ('class0')"), "{error}");
    assert_eq!(summary.error, Some(error));

    // Two classes, but only one with 2 or more images.
    let (summary, dataset) = load(&tree("", &[6, 1], 0), false).build(1, 0.2);
    assert!(dataset.unwrap_err().contains("Only 1 of the 2 classes has at least 2 images"));
    assert_eq!(summary.excluded.len(), 1);
}

#[test]
fn train_val_and_test_folders_are_honoured() {
    let mut files = tree("ds/train/", &[4, 4], 1);
    files.extend(tree("ds/val/", &[2], 2));
    files.extend(tree("ds/test/", &[1, 1], 3));
    let (summary, dataset) = build(&files, 5, 0.2);
    assert_eq!(summary.classes, [counts("class0", 4, 2, 1), counts("class1", 4, 0, 1)]);
    assert_eq!((summary.train, summary.val, summary.test), (8, 2, 2));
    assert_eq!(summary.layout, "train/ and val/ folders as given; test/ kept as a held-out test set");
    assert!(
        summary.warnings.iter().any(|w| w.contains("'class1'") && w.contains("no images in val/")),
        "{:?}",
        summary.warnings
    );
    // Each image stays in the split its folder named (blue = 1 train, 2 val, 3 test).
    assert!(identities(&dataset.train).iter().all(|c| c[2] == 1));
    assert!(identities(&dataset.val).iter().all(|c| c[2] == 2));
    assert!(identities(&dataset.test).iter().all(|c| c[2] == 3));
    assert_eq!(dataset.test.class_counts(2), [1, 1]);
}

#[test]
fn train_folder_without_val_is_split_like_a_flat_folder() {
    let mut files = tree("train/", &[10, 10], 1);
    files.extend(tree("test/", &[2, 2], 3));
    let images = load(&files, false);
    assert!(images.split_folders);
    assert!(images.splits.iter().all(|s| matches!(s, Some(Split::Train) | Some(Split::Test))));
    let (summary, dataset) = images.build(9, 0.2);
    let dataset = dataset.unwrap();
    assert_eq!(dataset.val.class_counts(2), [2, 2]);
    assert_eq!(dataset.train.class_counts(2), [8, 8]);
    assert_eq!(dataset.test.len(), 4);
    assert!(
        summary.layout.starts_with("train/ folder without val/: 20% of each class held out"),
        "{}",
        summary.layout
    );
    assert!(!summary.warnings.iter().any(|w| w.contains("val/;")), "{:?}", summary.warnings);
}

#[test]
fn grayscale_gives_one_channel() {
    let files = tree("", &[3, 3], 0);
    let (summary, dataset) = load(&files, true).build(1, 0.34);
    let dataset = dataset.unwrap();
    assert_eq!(summary.channels, 1);
    assert_eq!(dataset.train.shape().channels, 1);
    assert_eq!(dataset.train.image(0).len(), SIZE * SIZE);
}

fn write_zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut folders = BTreeSet::new();
    for (path, bytes) in files {
        // Real archivers list each folder as its own entry before its files.
        if let Some((folder, _)) = path.rsplit_once('/')
            && folders.insert(folder.to_string())
        {
            writer.add_directory(format!("{folder}/"), options).unwrap();
        }
        writer.start_file(path.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn a_zip_loads_like_the_same_files_given_directly() {
    let mut files = tree("pets/", &[6, 5], 0);
    files.push(("pets/class1/broken.png".into(), b"\x89PNG\r\n\x1a\nnope".to_vec()));
    files.push(("__MACOSX/pets/class0/._img000.png".into(), vec![0; 10]));
    let direct = load(&files, false).build(11, 0.2);

    let mut archive = ZipFolder::open(write_zip(&files)).unwrap();
    let paths = archive.paths();
    assert_eq!(paths, files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(), "directories are not listed");
    let mut loader = FolderLoader::new("pets".into(), paths, SIZE, false);
    for file in loader.wanted() {
        match archive.read(file) {
            Ok(bytes) => loader.add(file, &bytes),
            Err(reason) => loader.skip(file, reason),
        }
    }
    let (summary, dataset) = loader.finish().build(11, 0.2);
    assert_eq!(summary, direct.0);
    assert_eq!(summary.ignored, 1);
    assert_eq!(summary.skipped.len(), 1);
    let (dataset, expected) = (dataset.unwrap(), direct.1.unwrap());
    let pixels =
        |set: &aula::data::Split| (0..set.len()).flat_map(|i| set.image(i).to_vec()).collect::<Vec<u8>>();
    assert_eq!(pixels(&dataset.train), pixels(&expected.train));
    assert_eq!(dataset.val.labels, expected.val.labels);
}

#[test]
fn zip_errors_are_reasons() {
    let error = ZipFolder::open(b"PK\x03\x04 not really a zip".to_vec()).err().unwrap();
    assert!(!error.is_empty(), "the zip reader says why");

    // An entry that unpacks past the per-file limit is refused, not inflated.
    let bomb = vec![0u8; MAX_FILE_BYTES as usize + 1];
    let bytes = write_zip(&[("a/big.png".to_string(), bomb), ("a/ok.png".to_string(), png([1, 2, 3]))]);
    assert!(bytes.len() < 1 << 20, "zeros compress well: {} bytes", bytes.len());
    let mut archive = ZipFolder::open(bytes).unwrap();
    let error = archive.read(0).unwrap_err();
    assert_eq!(error, SkipNote::ZipTooLarge { megabytes: 64, limit: 64 });
    assert!(error.english().contains("over the 64 MB limit"), "{error:?}");
    assert_eq!(archive.read(1).unwrap(), png([1, 2, 3]));

    // A damaged entry: flip bytes inside its compressed data.
    let good = write_zip(&[("a/x.png".to_string(), png([9, 9, 9]))]);
    let mut bad = good.clone();
    let start = 30 + "a/x.png".len() + 8;
    for b in &mut bad[start..start + 20] {
        *b ^= 0x5A;
    }
    let mut archive = ZipFolder::open(bad).unwrap();
    let error = archive.read(0).unwrap_err();
    assert!(matches!(error, SkipNote::ZipCorrupt { .. }), "{error:?}");
    assert!(error.english().starts_with("truncated or corrupt entry in the .zip"), "{error:?}");
}

#[test]
fn fifty_thousand_small_images_load_as_u8() {
    const N: usize = 50_000;
    const SIDE: usize = 32;
    let bytes = {
        let image = DynamicImage::ImageRgb8(ImageBuffer::from_fn(SIDE as u32, SIDE as u32, |x, y| {
            Rgb([(x * 8) as u8, (y * 8) as u8, 128])
        }));
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    };
    let paths: Vec<String> = (0..N).map(|i| format!("big/class{}/{i}.png", i % 10)).collect();
    let mut loader = FolderLoader::new("big".into(), paths, SIDE, false);
    for file in loader.wanted() {
        loader.add(file, &bytes);
    }
    let images = loader.finish();
    assert_eq!(images.pool.len(), N);
    assert_eq!(images.pool.pixels.len(), N * SIDE * SIDE * 3);
    let (summary, dataset) = images.build(1, 0.2);
    let dataset = dataset.unwrap();
    assert_eq!((summary.train, summary.val), (40_000, 10_000));
    assert_eq!(dataset.train.len() + dataset.val.len(), N);
    // One copy of the pixels: both splits index the loaded pool.
    assert!(Arc::ptr_eq(dataset.train.pool(), &images.pool) && Arc::ptr_eq(dataset.val.pool(), &images.pool));
    let head = dataset.train.stratified_head(0, 10);
    assert!(Arc::ptr_eq(head.pool(), &images.pool), "all of train is the same pool, not a clone");
}

#[test]
fn more_classes_than_the_limit_is_a_clear_error_and_files_are_bounded() {
    use aula::config::limits;
    // 1001 classes of 2 images each: loads, then names the limit.
    let files = tree("many/", &vec![2; limits::CLASSES + 1], 0);
    let (summary, dataset) = load(&files, false).build(1, 0.5);
    let error = dataset.unwrap_err();
    assert!(error.starts_with("1001 classes is more than the 1000"), "{error}");
    assert_eq!(summary.error.as_deref(), Some(error.as_str()));
    // Exactly the limit is fine.
    let files = tree("many/", &vec![2; limits::CLASSES], 0);
    assert!(load(&files, false).build(1, 0.5).1.is_ok());

    assert_eq!(aula::data::loader::too_many_files("many", limits::FILES), None);
    let why = aula::data::loader::too_many_files("many", limits::FILES + 1).unwrap().english();
    assert!(why.contains("200001 files, more than the 200000"), "{why}");
}

#[test]
fn a_folder_shared_with_another_worker_builds_the_same_dataset() {
    let mut files = tree("train/", &[6, 5], 1);
    files.extend(tree("val/", &[2, 2], 2));
    let images = load(&files, false);
    let shared = images.shared();
    assert_eq!(shared.pixels.len(), images.pool.pixels.len(), "the pixels once");
    let back = FolderImages::from_shared(shared.clone()).unwrap();
    let (a, b) = (images.build(3, 0.2), back.build(3, 0.2));
    assert_eq!(a.0, b.0, "same summary");
    let (a, b) = (a.1.unwrap(), b.1.unwrap());
    assert_eq!(identities(&a.train), identities(&b.train));
    assert_eq!((a.val.labels.clone(), a.classes.clone()), (b.val.labels.clone(), b.classes.clone()));
    let mut broken = shared;
    broken.labels.pop();
    assert!(FolderImages::from_shared(broken).err().unwrap().contains("do not add up"));
}
