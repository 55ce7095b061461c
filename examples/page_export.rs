//! Trains a folder (or a .zip) as the page does, natively on flex, and writes the run's PyTorch
//! export: the same layout rules, decoding, split, training and export code as the worker. The
//! Python tests (`tests/python/test_pytorch.py`) run the export's scripts against it.
//!
//!     cargo run --example page_export -- FOLDER|ZIP|DEMO_DIR OUT [QUERY]
//!
//! QUERY is the page's URL query (e.g. `epochs=2&batch_size=16`); a folder holding `demo.json`
//! is the built-in demo (`scripts/make-demo.mjs`). Writes OUT/pytorch.zip and OUT/page.json:
//! the run's epochs and best val accuracy, and for the first validation files their pixels as
//! the page decoded them and the model's top class and probability. Prints the best accuracy.

use std::path::{Path, PathBuf};

use aula::config::{BackendKind, DatasetChoice, TrainConfig};
use aula::data::archive::ZipFolder;
use aula::data::demo::{DemoManifest, demo_dataset};
use aula::data::folder::FolderImages;
use aula::data::loader::FolderLoader;
use aula::data::notes::SkipNote;
use aula::inference::pytorch::{RunData, bundle};
use aula::train::train_model;
use burn::tensor::Device;

#[path = "common/quiet.rs"]
mod quiet;
use quiet::Quiet;

/// Every file under `dir`, as a browser's folder input names it: `<folder name>/<relative path>`.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if entry.file_type()?.is_dir() {
            walk(&entry.path(), &name, out)?;
        } else {
            out.push((name, entry.path()));
        }
    }
    Ok(())
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out, rest @ ..] = &args[..] else {
        return Err("usage: page_export FOLDER|ZIP|DEMO_DIR OUT [QUERY]".into());
    };
    let query = rest.first().map_or("", String::as_str);
    let pairs: Vec<_> = form_urlencoded::parse(query.as_bytes()).collect();
    let mut config = TrainConfig::from_pairs(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())))?;
    let input = Path::new(input);
    let (data, folder) = if input.join("demo.json").exists() {
        config.dataset = DatasetChoice::Demo;
        let read = |name: &str| std::fs::read(input.join(name)).map_err(|e| format!("{name}: {e}"));
        let manifest: DemoManifest =
            serde_json::from_slice(&read("demo.json")?).map_err(|e| e.to_string())?;
        let data =
            demo_dataset(&manifest, &read(&manifest.splits.train.file)?, &read(&manifest.splits.val.file)?)?;
        (data, None)
    } else {
        config.dataset = DatasetChoice::Folder;
        let folder = read_folder(input, &config)?;
        let data = folder.build(config.seed, config.val_fraction).1?;
        (data, Some(folder))
    };
    let device = Device::flex();
    let mut host = Quiet::new();
    let (report, model) =
        pollster::block_on(train_model(&config, &data, &device, BackendKind::Cpu, &mut host, None))?;
    let best = report.epochs.iter().map(|e| e.val_accuracy).fold(0.0, f64::max);
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let run_data = RunData::of(&config, &data, folder.as_ref());
    let export = pollster::block_on(bundle(&model, &run_data, "en"))?;
    std::fs::write(out.join("pytorch.zip"), export).map_err(|e| e.to_string())?;

    // The first validation images: their pixels and the model's answer for them.
    let n = data.val.len().min(12);
    let pixels: Vec<u8> = (0..n).flat_map(|i| data.val.image(i).to_vec()).collect();
    let logits: Vec<f32> = model.logits(&pixels, &device).into_data().iter::<f32>().collect();
    let classes = data.classes.len();
    let val_paths: Vec<String> = match &run_data {
        RunData::Folder(split) => split.val.iter().map(|(path, _)| path.clone()).collect(),
        _ => Vec::new(),
    };
    let images: Vec<_> = (0..n)
        .map(|i| {
            let row = &logits[i * classes..(i + 1) * classes];
            let top = (0..classes).fold(0, |best, c| if row[c] > row[best] { c } else { best });
            let total: f32 = row.iter().map(|&l| (l - row[top]).exp()).sum();
            serde_json::json!({
                "path": val_paths.get(i),
                "pixels": data.val.image(i),
                "class": data.classes[top],
                "probability": 1.0 / total,
            })
        })
        .collect();
    let page = serde_json::json!({
        "best_val_accuracy": best,
        "epochs": report.epochs,
        "train": data.train.stratified_head(config.train_limit, classes).len(),
        "val": data.val.len(),
        "test": data.test.len(),
        "images": images,
    });
    std::fs::write(out.join("page.json"), page.to_string()).map_err(|e| e.to_string())?;
    println!("page: {} val images, best val accuracy {best:.4}", data.val.len());
    Ok(())
}

/// A folder on disk (paths named as a browser's folder input names them) or a .zip, loaded as
/// the worker loads a dropped one.
fn read_folder(input: &Path, config: &TrainConfig) -> Result<FolderImages, String> {
    let name = input.file_stem().map_or("folder".into(), |s| s.to_string_lossy().into_owned());
    if input.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
        let mut zip = ZipFolder::open(std::fs::read(input).map_err(|e| e.to_string())?)?;
        let mut loader = FolderLoader::new(name, zip.paths(), config.image_size, config.grayscale)
            .with_interpolation(config.interpolation);
        for file in loader.wanted() {
            match zip.read(file) {
                Ok(bytes) => loader.add(file, &bytes),
                Err(reason) => loader.skip(file, reason),
            }
        }
        return Ok(loader.finish());
    }
    let mut files = Vec::new();
    walk(input, &name, &mut files).map_err(|e| e.to_string())?;
    let paths = files.iter().map(|(p, _)| p.clone()).collect();
    let mut loader = FolderLoader::new(name, paths, config.image_size, config.grayscale)
        .with_interpolation(config.interpolation);
    for file in loader.wanted() {
        match std::fs::read(&files[file].1) {
            Ok(bytes) => loader.add(file, &bytes),
            Err(e) => loader.skip(file, SkipNote::Unreadable { detail: e.to_string() }),
        }
    }
    Ok(loader.finish())
}
