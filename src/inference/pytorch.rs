//! The PyTorch export: a .zip with the model file, `model.py`, `train.py`, `predict.py`, a
//! README, and the recipe they read. The scripts are plain files in `pytorch/`, the same for
//! every run; the run itself is in `recipe.json` (and `split.json` for a folder).

use std::io::{Cursor, Write};

use serde::Serialize;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::file::to_safetensors;
use crate::config::TrainConfig;
use crate::model::TrainedModel;
use crate::model::summary::{Layer, layers};

const MODEL_PY: &str = include_str!("pytorch/model.py");
const TRAIN_PY: &str = include_str!("pytorch/train.py");
const PREDICT_PY: &str = include_str!("pytorch/predict.py");
const README: &str = include_str!("pytorch/README.md");

/// Which files the page trained, validated and tested on: `(path as chosen, class name)`.
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct SplitFiles {
    pub train: Vec<(String, String)>,
    pub val: Vec<(String, String)>,
    pub test: Vec<(String, String)>,
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
}

/// The export's bytes (a .zip).
pub async fn bundle(model: &TrainedModel, split: Option<&SplitFiles>) -> Result<Vec<u8>, String> {
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
    };
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        ("README.md", README.as_bytes().to_vec()),
        ("model.py", MODEL_PY.as_bytes().to_vec()),
        ("train.py", TRAIN_PY.as_bytes().to_vec()),
        ("predict.py", PREDICT_PY.as_bytes().to_vec()),
        ("recipe.json", pretty(&recipe).into_bytes()),
        ("weights.safetensors", weights),
    ];
    if let Some(split) = split {
        files.push(("split.json", pretty(split).into_bytes()));
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

fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("plain data serialises")
}
