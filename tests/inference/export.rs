//! The PyTorch export's data: a folder run lists its files relative to the folder chosen (with
//! the folders the page dropped as `root`), a demo run carries its images, and the recipe
//! carries the layout rules `data.py` applies.

use std::io::{Cursor, Read};

use aula::config::{DatasetChoice, TrainConfig};
use aula::data::loader::FolderLoader;
use aula::inference::pytorch::{RunData, SplitFiles, bundle, readme};
use image::{DynamicImage, ImageBuffer, ImageFormat, Rgb};
use safetensors::SafeTensors;
use safetensors::tensor::Dtype;

use crate::common::{band_dataset, train_on_flex};

fn png(shade: u8) -> Vec<u8> {
    let image = DynamicImage::ImageRgb8(ImageBuffer::from_pixel(6, 6, Rgb([shade, 255 - shade, 9])));
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, ImageFormat::Png).unwrap();
    bytes.into_inner()
}

/// `paths` (each a distinct image) loaded and split as the page does.
fn split_of(paths: &[String]) -> SplitFiles {
    let mut loader = FolderLoader::new("chosen".into(), paths.to_vec(), 6, false);
    for file in loader.wanted() {
        loader.add(file, &png(file as u8 * 7));
    }
    let folder = loader.finish();
    let data = folder.build(3, 0.25).1.unwrap();
    SplitFiles::of(&folder, &data, 0)
}

fn files(split: &SplitFiles) -> Vec<&str> {
    let mut all: Vec<&str> =
        [&split.train, &split.val, &split.test].into_iter().flatten().map(|(p, _)| p.as_str()).collect();
    all.sort_unstable();
    all
}

#[test]
fn a_folder_runs_files_are_listed_relative_to_the_folder_that_holds_the_classes() {
    let names = |prefix: &str| -> Vec<String> {
        [
            "cat/1.png",
            "cat/2.png",
            "cat/3.png",
            "cat/4.png",
            "dog/a/5.png",
            "dog/6.png",
            "dog/7.png",
            "dog/8.png",
        ]
        .iter()
        .map(|p| format!("{prefix}{p}"))
        .collect()
    };
    let want = [
        "cat/1.png",
        "cat/2.png",
        "cat/3.png",
        "cat/4.png",
        "dog/6.png",
        "dog/7.png",
        "dog/8.png",
        "dog/a/5.png",
    ];
    // A folder upload (the chosen folder's name first), a zip with wrappers, class folders
    // dropped together (no common folder), Windows separators.
    for (prefix, root) in
        [("photos/", "photos"), ("archive/photos/", "archive/photos"), ("", ""), ("pets\\", "pets")]
    {
        let split = split_of(&names(prefix));
        assert_eq!(split.root, root, "{prefix}");
        assert_eq!(files(&split), want, "{prefix}");
        assert_eq!(split.train.len() + split.val.len(), 8);
    }
    let split = split_of(
        &[
            "p/train/cat/1.png",
            "p/train/cat/2.png",
            "p/val/cat/3.png",
            "p/train/dog/4.png",
            "p/train/dog/5.png",
            "p/val/dog/6.png",
            "p/test/dog/7.png",
            "p/test/cat/8.png",
        ]
        .map(String::from),
    );
    assert_eq!(split.root, "p");
    assert_eq!(split.test.len(), 2);
    assert!(split.val.iter().all(|(p, _)| p.starts_with("val/")), "{:?}", split.val);
    assert!(split.train.iter().all(|(p, _)| p.starts_with("train/")));
}

fn unzip(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut file = zip.by_name(&format!("aula-pytorch/{name}")).ok()?;
    let mut out = Vec::new();
    file.read_to_end(&mut out).unwrap();
    Some(out)
}

#[test]
fn a_demo_runs_export_carries_the_images_it_trained_on() {
    let config =
        TrainConfig { dataset: DatasetChoice::Demo, epochs: 1, train_limit: 30, ..TrainConfig::default() };
    let data = band_dataset(3);
    let (_, model) = train_on_flex(&config, &data);
    let bytes = pollster::block_on(bundle(&model, &RunData::of(&config, &data, None), "en")).unwrap();
    assert!(unzip(&bytes, "split.json").is_none());
    let demo = unzip(&bytes, "demo.safetensors").expect("the demo's images");
    let file = SafeTensors::deserialize(&demo).unwrap();
    let images = file.tensor("train_images").unwrap();
    assert_eq!((images.dtype(), images.shape()), (Dtype::U8, &[30, 8, 8, 1][..]), "train_limit applied");
    let labels = file.tensor("train_labels").unwrap();
    let labels: Vec<i64> =
        labels.data().chunks(8).map(|b| i64::from_le_bytes(b.try_into().unwrap())).collect();
    assert_eq!((0..3).map(|c| labels.iter().filter(|&&l| l == c).count()).collect::<Vec<_>>(), [10, 10, 10]);
    assert_eq!(file.tensor("val_images").unwrap().shape(), [30, 8, 8, 1]);
    assert_eq!(&images.data()[..64], data.train.image(0), "the first train image as the run had it");

    let recipe: serde_json::Value = serde_json::from_slice(&unzip(&bytes, "recipe.json").unwrap()).unwrap();
    assert_eq!(recipe["layout"]["split_folders"]["validation"], "val");
    assert_eq!(recipe["layout"]["resource_forks"][0], "__MACOSX");
    for script in ["train.py", "data.py", "model.py", "predict.py", "README.md"] {
        assert!(unzip(&bytes, script).is_some(), "{script}");
    }
}

/// The `code` spans of a README: file names, settings, commands, library names.
fn code_spans(text: &str) -> Vec<&str> {
    let mut spans: Vec<&str> = text.split('`').skip(1).step_by(2).filter(|s| !s.contains('\n')).collect();
    spans.sort();
    spans.dedup();
    spans
}

#[test]
fn the_exports_readme_is_in_the_pages_language_and_says_the_same_in_both() {
    let config = TrainConfig { epochs: 1, train_limit: 30, ..TrainConfig::default() };
    let data = band_dataset(3);
    let (_, model) = train_on_flex(&config, &data);
    let run = RunData::of(&config, &data, None);
    let spanish = String::from_utf8(
        unzip(&pollster::block_on(bundle(&model, &run, "es")).unwrap(), "README.md").unwrap(),
    )
    .unwrap();
    let english = String::from_utf8(
        unzip(&pollster::block_on(bundle(&model, &run, "")).unwrap(), "README.md").unwrap(),
    )
    .unwrap();
    assert!(spanish.starts_with("# Un entrenamiento de aula, para PyTorch"), "{}", &spanish[..80]);
    assert!(english.starts_with("# An aula run, for PyTorch"), "{}", &english[..80]);
    // The same files, settings, commands and names in both (only the words around them differ),
    // and the same commands block.
    assert_eq!(code_spans(readme("es")), code_spans(readme("en")));
    let commands = |text: &str| {
        text.split("```")
            .nth(1)
            .unwrap()
            .lines()
            .map(|l| l.split('#').next().unwrap().trim().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(commands(&spanish), commands(&english));
}
