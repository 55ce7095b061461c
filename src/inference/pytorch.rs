//! The PyTorch export: a .zip with the model file, `model.py`, `train.py`, `predict.py`, a
//! README, and the recipe they read. The scripts are plain files in `pytorch/`, the same for
//! every run; the run itself is in `recipe.json` (and `split.json` for a folder).

use std::io::{Cursor, Write};

use safetensors::tensor::Dtype;
use serde::Serialize;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::file::{Stored, to_safetensors};
use crate::config::{DatasetChoice, TrainConfig};
use crate::data::folder::FolderImages;
use crate::data::images::{Dataset, Split};
use crate::data::layout::{self, relative};
use crate::model::TrainedModel;
use crate::model::summary::{Layer, layers};

const MODEL_PY: &str = include_str!("pytorch/model.py");
const TRAIN_PY: &str = include_str!("pytorch/train.py");
const PREDICT_PY: &str = include_str!("pytorch/predict.py");
const DATA_PY: &str = include_str!("pytorch/data.py");
const README: &str = include_str!("pytorch/README.md");
const README_ES: &str = include_str!("pytorch/README.es.md");

/// The export's README in the page's language (`es`: Spanish; any other: English).
pub fn readme(lang: &str) -> &'static str {
    if lang == "es" { README_ES } else { README }
}

/// The images a run used, as its export carries them.
pub enum RunData {
    /// A model file loaded on its own: nothing to name.
    None,
    /// A folder: which of its files went where (`split.json`).
    Folder(SplitFiles),
    /// The built-in demo (its train split already cut to the run's `train_limit`): the images
    /// themselves (`demo.safetensors`), so `train.py` reproduces the run offline.
    Demo(Dataset),
}

impl RunData {
    /// What `data` (built for `config`) gives the export: the demo's images, or the folder's
    /// files when `folder` is the folder it was built from.
    pub fn of(config: &TrainConfig, data: &Dataset, folder: Option<&FolderImages>) -> Self {
        match (config.dataset, folder) {
            (DatasetChoice::Demo, _) => RunData::Demo(Dataset {
                train: data.train.stratified_head(config.train_limit, data.classes.len()),
                ..data.clone()
            }),
            (DatasetChoice::Folder, Some(folder)) => {
                RunData::Folder(SplitFiles::of(folder, data, config.train_limit))
            }
            (DatasetChoice::Folder, None) => RunData::None,
        }
    }
}

/// Which files the page trained, validated and tested on, `(path, class name)`, for every
/// layout: each path relative to the folder that holds the classes (or train/, val/), so
/// `DATA_DIR/<path>` is the file when DATA_DIR is the folder chosen in the page or the place a
/// zip was unpacked; `root` names the leading folders the page dropped to get there.
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct SplitFiles {
    pub root: String,
    pub train: Vec<(String, String)>,
    pub val: Vec<(String, String)>,
    pub test: Vec<(String, String)>,
}

impl SplitFiles {
    /// The files of `data`, built from `folder`, as the run used them (`train_limit` applied).
    pub fn of(folder: &FolderImages, data: &Dataset, train_limit: usize) -> Self {
        let list = |split: &Split| -> Vec<(String, String)> {
            split
                .members()
                .iter()
                .zip(&split.labels)
                .map(|(&m, &label)| {
                    (relative(&folder.paths[m as usize], &folder.root), data.classes[label as usize].clone())
                })
                .collect()
        };
        let train = data.train.stratified_head(train_limit, data.classes.len());
        SplitFiles {
            root: folder.root.clone(),
            train: list(&train),
            val: list(&data.val),
            test: list(&data.test),
        }
    }
}

/// What `train.py` reads.
#[derive(Serialize)]
struct Recipe<'a> {
    config: &'a TrainConfig,
    classes: &'a [String],
    input_shape: [usize; 3],
    channel_order: &'static str,
    normalize_mean: &'a [f64],
    normalize_std: &'a [f64],
    layers: Vec<Layer>,
    epoch: Option<usize>,
    /// The page's layout rules, for `data.py`'s scan of a new folder.
    layout: layout::Rules,
}

/// The export's bytes (a .zip), its README in `lang` (see [`readme`]).
pub async fn bundle(model: &TrainedModel, data: &RunData, lang: &str) -> Result<Vec<u8>, String> {
    let weights = to_safetensors(model).await?;
    let recipe = Recipe {
        config: &model.config,
        classes: &model.classes,
        input_shape: [model.shape.channels, model.shape.height, model.shape.width],
        channel_order: if model.shape.channels == 1 { "L" } else { "RGB" },
        normalize_mean: &model.normalize.mean,
        normalize_std: &model.normalize.std,
        layers: layers(&model.config, model.shape, model.classes.len())?
            .into_iter()
            .map(|(l, _)| l)
            .collect(),
        epoch: model.epoch,
        layout: layout::rules(),
    };
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        ("README.md", readme(lang).as_bytes().to_vec()),
        ("model.py", MODEL_PY.as_bytes().to_vec()),
        ("train.py", TRAIN_PY.as_bytes().to_vec()),
        ("predict.py", PREDICT_PY.as_bytes().to_vec()),
        ("data.py", DATA_PY.as_bytes().to_vec()),
        ("recipe.json", pretty(&recipe).into_bytes()),
        ("weights.safetensors", weights),
    ];
    match data {
        RunData::None => {}
        RunData::Folder(split) => files.push(("split.json", pretty(split).into_bytes())),
        RunData::Demo(demo) => files.push(("demo.safetensors", demo_safetensors(demo)?)),
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        let written =
            zip.start_file(format!("aula-pytorch/{name}"), options).and_then(|()| Ok(zip.write_all(&bytes)?));
        written.map_err(|e| format!("The PyTorch export could not be written: {e}"))?;
    }
    let out = zip.finish().map_err(|e| format!("The PyTorch export could not be written: {e}"))?;
    Ok(out.into_inner())
}

/// The demo's images as `train.py` reads them: `{train,val}_images` u8 `[N, H, W, C]`,
/// `{train,val}_labels` i64 `[N]`, and the class names in the metadata.
fn demo_safetensors(data: &Dataset) -> Result<Vec<u8>, String> {
    let mut tensors = Vec::new();
    for (name, split) in [("train", &data.train), ("val", &data.val)] {
        let shape = split.shape();
        let pixels: Vec<u8> = (0..split.len()).flat_map(|i| split.image(i).iter().copied()).collect();
        let images = Stored {
            dtype: Dtype::U8,
            shape: vec![split.len(), shape.height, shape.width, shape.channels],
            bytes: pixels,
        };
        let labels = Stored {
            dtype: Dtype::I64,
            shape: vec![split.len()],
            bytes: split.labels.iter().flat_map(|&l| i64::from(l).to_le_bytes()).collect(),
        };
        tensors.push((format!("{name}_images"), images));
        tensors.push((format!("{name}_labels"), labels));
    }
    let metadata = [("classes".to_string(), serde_json::to_string(&data.classes).expect("strings"))].into();
    safetensors::serialize(tensors, Some(metadata))
        .map_err(|e| format!("The demo images could not be written: {e}"))
}

fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("plain data serialises")
}
