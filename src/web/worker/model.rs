//! The worker's current model: the last run's (its reported epoch's weights) or a loaded
//! file's. Download it, export it to PyTorch, predict with it, evaluate it, train on from it.

use std::cell::RefCell;
use std::rc::Rc;

use burn::tensor::Device;
use js_sys::Array;
use wasm_bindgen::JsCast;
use web_sys::Blob;

use super::datasets::dataset;
use super::folder::read_blob;
use super::host::post;
use crate::config::TrainConfig;
use crate::data::batcher::Prep;
use crate::data::decode::decode_resized_as;
use crate::inference::file::{from_safetensors, to_safetensors};
use crate::inference::predict::predict;
use crate::inference::pytorch::{RunData, bundle};
use crate::model::TrainedModel;
use crate::model::summary::summary;
use crate::protocol::{ModelInfo, Prediction, SplitUsed, WorkerMessage};
use crate::train::evaluate::evaluate;

/// A model and what goes with it.
pub(super) struct Held {
    pub model: TrainedModel,
    /// The device its network lives on.
    pub device: Device,
    pub source: String,
    /// The images its run used, for the PyTorch export (split.json, or the demo's images).
    pub data: RunData,
}

thread_local! {
    static MODEL: RefCell<Option<Rc<Held>>> = const { RefCell::new(None) };
}

pub(super) fn current() -> Option<Rc<Held>> {
    MODEL.with_borrow(|m| m.clone())
}

fn current_or_say() -> Result<Rc<Held>, String> {
    current().ok_or_else(|| "There is no model yet: train one, or load a model file.".to_string())
}

/// Makes `held` the current model and tells the page.
pub(super) fn keep(held: Held) {
    let model = &held.model;
    let info = ModelInfo {
        source: held.source.clone(),
        classes: model.classes.clone(),
        input_shape: [model.shape.channels, model.shape.height, model.shape.width],
        epoch: model.epoch,
        params: summary(&model.config, model.shape, model.classes.len())
            .map_or(0, |rows| rows.iter().map(|r| r.params).sum()),
        summary: summary(&model.config, model.shape, model.classes.len()).unwrap_or_default(),
        config: model.config.clone(),
    };
    MODEL.set(Some(Rc::new(held)));
    post(&WorkerMessage::ModelReady { model: info });
}

/// A file name for this model's downloads: `aula-mlp-256-128-fashion-epoch3`.
fn file_stem(held: &Held) -> String {
    let c = &held.model.config;
    let widths = |v: &[usize]| v.iter().map(|w| w.to_string()).collect::<Vec<_>>().join("-");
    let shape = match c.model {
        crate::config::ModelKind::Mlp => format!("mlp-{}", widths(&c.hidden)),
        crate::config::ModelKind::Cnn => format!("cnn-{}", widths(&c.conv_channels)),
    };
    let epoch = held.model.epoch.map_or(String::new(), |e| format!("-epoch{e}"));
    format!("aula-{}{epoch}", shape.trim_end_matches('-'))
}

pub(super) async fn export_model() -> Result<WorkerMessage, String> {
    let held = current_or_say()?;
    let bytes = to_safetensors(&held.model).await?;
    Ok(WorkerMessage::ModelFile { name: format!("{}.safetensors", file_stem(&held)), bytes })
}

pub(super) async fn export_pytorch(lang: String) -> Result<WorkerMessage, String> {
    let held = current_or_say()?;
    let bytes = bundle(&held.model, &held.data, &lang).await?;
    Ok(WorkerMessage::PytorchExport { name: format!("{}-pytorch.zip", file_stem(&held)), bytes })
}

/// Reads a model file sent by the page; on success it becomes the current model.
pub(super) async fn load_model(name: String, files: Array) -> Result<(), String> {
    let blob: Blob = files.get(0).dyn_into().map_err(|_| "no file was sent".to_string())?;
    let bytes = read_blob(&blob).await.map_err(|e| format!("{name}: {e}"))?;
    let device = Device::flex();
    let model =
        from_safetensors(&bytes, &device).map_err(|why| format!("{name} is not a model file: {why}."))?;
    keep(Held { model, device, source: name, data: RunData::None });
    Ok(())
}

/// Decodes each image as a folder's images are decoded for this model (size, channels) and
/// predicts its 3 most likely classes; an image that cannot be read gets its reason.
pub(super) async fn predict_files(names: Vec<String>, files: Array) -> Result<WorkerMessage, String> {
    let held = current_or_say()?;
    let model = &held.model;
    let mut items = Vec::with_capacity(names.len());
    for (name, file) in names.into_iter().zip(files.iter()) {
        let blob: Blob = file.dyn_into().map_err(|_| format!("{name}: not a file"))?;
        let decoded = match read_blob(&blob).await {
            Ok(bytes) => decode_resized_as(
                &bytes,
                model.shape.width,
                model.shape.channels == 1,
                model.config.interpolation,
            )
            .map_err(|skip| skip.to_string()),
            Err(e) => Err(e),
        };
        items.push(match decoded {
            Ok(pixels) => {
                let guesses = predict(model, &pixels, 3, &held.device).await?.pop().unwrap_or_default();
                Prediction { name, guesses, error: None }
            }
            Err(reason) => Prediction { name, guesses: Vec::new(), error: Some(reason) },
        });
    }
    Ok(WorkerMessage::Predictions { classes: model.classes.clone(), items })
}

/// The current model on the validation split its own run used: the run's seed, share held
/// out and image settings (from the model's metadata) over the data on the page now, not the
/// form's, so a model is never scored on images it may have trained on by another split.
pub(super) async fn evaluate_model(config: TrainConfig, demo_url: String) -> Result<WorkerMessage, String> {
    let held = current_or_say()?;
    let model = &held.model;
    let split = TrainConfig { dataset: config.dataset, ..model.config.clone() };
    let (data, _) = dataset(&split, &demo_url).await?;
    let shape = data.val.shape();
    // Only the images and classes matter here: the model's own layers are what they are.
    model.fits(&model.config, shape, &data.classes)?;
    let prep = Prep { normalize: model.normalize.clone(), augment: Default::default() };
    let evaluation = evaluate(&model.network, &data.val, data.classes.len(), &prep, &held.device).await?;
    let split = SplitUsed {
        dataset: split.dataset,
        seed: split.seed,
        held_out_percent: (split.val_fraction * 100.0).round(),
    };
    Ok(WorkerMessage::Evaluated {
        classes: data.classes.clone(),
        loss: evaluation.loss,
        accuracy: evaluation.accuracy,
        confusion: evaluation.confusion,
        epoch: model.epoch,
        split,
    })
}
