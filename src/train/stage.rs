//! What the worker says while it works, as the page words it: each status line and each
//! reason for the backend is a message of the page's catalogues (www/l10n/*/page.ftl), named
//! by its `id`, with the names and numbers it needs beside it. The page shows it in its own
//! language; `english()` is the same line for what reads the worker without the page (native
//! tests, benchmarks, the `text` the messages also carry). A native test holds the two
//! Englishes together (tests/train/stage.rs).

use serde::{Deserialize, Serialize};

use crate::config::{BackendKind, OptimizerKind};
use crate::model::memory::thousands;

/// A step of the worker's work, shown on the status line (or beside the preview).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "id")]
pub enum Stage {
    #[serde(rename = "status-loading-demo")]
    LoadingDemo,
    #[serde(rename = "status-starting-backend")]
    StartingBackend,
    #[serde(rename = "status-timing-backends")]
    TimingBackends,
    #[serde(rename = "status-no-preview")]
    NoPreview { message: String },
    #[serde(rename = "status-reading")]
    Reading { name: String },
    #[serde(rename = "status-decoding")]
    Decoding { files: usize, name: String },
    #[serde(rename = "status-decoding-again")]
    /// `channels`: "gray" or "rgb"; `interpolation` as the settings name it.
    DecodingAgain { name: String, size: usize, channels: String, interpolation: String },
    #[serde(rename = "status-reading-back")]
    ReadingBack,
    #[serde(rename = "status-evaluating-cut-short")]
    EvaluatingCutShort { images: usize },
    #[serde(rename = "status-reading-histograms")]
    ReadingHistograms,
    #[serde(rename = "status-scoring-test")]
    ScoringTest { images: usize },
    #[serde(rename = "status-keeping-model")]
    KeepingModel { epoch: usize },
    /// How far an evaluation after Stop is, at least once a second.
    #[serde(rename = "status-evaluation-progress")]
    EvaluationProgress { what: Evaluating, epoch: usize, done: usize, total: usize },
}

/// Why a run could not start, when its settings do not fit its data: the status line (and a
/// grid's row) says it in the page's language.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "id")]
pub enum RunFailure {
    /// The CNN's `blocks` 2x2 max pools leave nothing of a `width`x`height` image.
    #[serde(rename = "run-image-too-small")]
    ImageTooSmall { width: usize, height: usize, blocks: usize },
    #[serde(rename = "run-no-folder")]
    NoFolder,
    #[serde(rename = "run-no-model")]
    NoModel,
    /// The run would not fit the worker's memory: the estimate (sizes as "12.3 MB"), its parts,
    /// the optimizer whose state it counts, and what to reduce.
    #[serde(rename = "run-too-big")]
    TooBig {
        needs: String,
        weights: String,
        gradients: String,
        optimizer: OptimizerKind,
        state: String,
        activations: String,
        images: String,
        budget: String,
        advice: MemoryAdvice,
    },
}

/// What to reduce when a run does not fit the worker's memory.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "id")]
pub enum MemoryAdvice {
    /// The parameters dominate: `layer` is the largest, with `params` (grouped, as text).
    #[serde(rename = "run-advice-smaller-model")]
    SmallerModel { layer: String, params: String },
    #[serde(rename = "run-advice-smaller-batch")]
    SmallerBatch,
    #[serde(rename = "run-advice-fewer-images")]
    FewerImages,
}

impl MemoryAdvice {
    pub fn english(&self) -> String {
        match self {
            MemoryAdvice::SmallerModel { layer, params } => format!(
                "Make the model smaller: the hidden widths or conv channels (the largest layer, {layer}, holds \
                 {params} parameters)."
            ),
            MemoryAdvice::SmallerBatch => {
                "Use a smaller batch_size, a smaller image_size or fewer conv channels.".into()
            }
            MemoryAdvice::FewerImages => "Use a smaller image_size, or fewer images (train_limit).".into(),
        }
    }
}

impl RunFailure {
    pub fn english(&self) -> String {
        match self {
            RunFailure::ImageTooSmall { width, height, blocks } => {
                format!("image {width}x{height} is too small for {blocks} MaxPool 2x2 blocks")
            }
            RunFailure::NoFolder => {
                "No folder is loaded. Choose a folder or a .zip (or drop one on the page), or pick the demo set.".into()
            }
            RunFailure::NoModel => "There is no model to continue from: train one, or load a model file.".into(),
            RunFailure::TooBig {
                needs,
                weights,
                gradients,
                optimizer,
                state,
                activations,
                images,
                budget,
                advice,
            } => {
                let optimizer = match optimizer {
                    OptimizerKind::Sgd => "SGD's",
                    OptimizerKind::Momentum | OptimizerKind::Nesterov => "momentum",
                    OptimizerKind::Adam => "Adam's",
                    OptimizerKind::Adamw => "AdamW's",
                    OptimizerKind::Rmsprop => "RMSprop's",
                };
                format!(
                    "This run needs about {needs} in the training worker (weights with the best epoch's copy \
                     {weights}, gradients {gradients}, {optimizer} state {state}, one batch's activations \
                     {activations}, images {images}), more than the {budget} a browser worker can hold. {}",
                    advice.english()
                )
            }
        }
    }
}

/// Which evaluation a stopping run is in.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub enum Evaluating {
    /// The epoch Stop cut short, on the validation split.
    CutShort,
    /// The last whole epoch, when Stop came after its steps.
    EpochBeforeStopping,
    /// The test split, after a stop.
    Test,
    /// The test split, when Stop came while it was scored.
    TestBeforeStopping,
}

impl Stage {
    pub fn english(&self) -> String {
        match self {
            Stage::LoadingDemo => "Loading the demo dataset…".into(),
            Stage::StartingBackend => "Starting the compute backend…".into(),
            Stage::TimingBackends => "Timing this model on WebGPU and on the CPU…".into(),
            Stage::NoPreview { message } => format!("No preview: {message}"),
            Stage::Reading { name } => format!("Reading {name}…"),
            Stage::Decoding { files, name } => format!("Decoding {} files of {name}…", thousands(*files)),
            Stage::DecodingAgain { name, size, channels, interpolation } => {
                let channels = if channels == "gray" { "grayscale" } else { "RGB" };
                format!("Decoding {name} again at {size}×{size} {channels} ({interpolation})…")
            }
            Stage::ReadingBack => "Stopped: reading back the steps still running…".into(),
            Stage::EvaluatingCutShort { images } => {
                format!(
                    "Evaluating the epoch cut short on the validation split ({} images)…",
                    thousands(*images)
                )
            }
            Stage::ReadingHistograms => "Reading the weight histograms…".into(),
            Stage::ScoringTest { images } => {
                format!("Scoring the test split ({} images)…", thousands(*images))
            }
            Stage::KeepingModel { epoch } => format!("Keeping the model of epoch {epoch}…"),
            Stage::EvaluationProgress { what, epoch, done, total } => {
                let what = match what {
                    Evaluating::CutShort => "Evaluating the epoch cut short".to_string(),
                    Evaluating::EpochBeforeStopping => format!("Evaluating epoch {epoch} before stopping"),
                    Evaluating::Test => "Scoring the test split".to_string(),
                    Evaluating::TestBeforeStopping => "Scoring the test split before stopping".to_string(),
                };
                format!("{what}: {} of {} images", thousands(*done), thousands(*total))
            }
        }
    }
}

/// Why a run trains on the backend it does, shown in the banner above the curves.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "id")]
pub enum BackendWhy {
    #[serde(rename = "backend-chosen-cpu")]
    ChosenCpu,
    /// Auto, with WebGPU unavailable (the browser's or the worker's reason).
    #[serde(rename = "backend-unavailable")]
    Unavailable { why: String },
    /// Auto, on a software adapter (SwiftShader, llvmpipe): slower than the CPU backend.
    #[serde(rename = "backend-software")]
    Software { adapter: String },
    /// Auto could not time the model on both backends.
    #[serde(rename = "backend-untimed")]
    Untimed { why: String },
    /// Auto timed the model on both (`earlier`: remembered from an earlier run of the same
    /// model shape); the faster one trains. Rates in images/s, rounded as shown.
    #[serde(rename = "backend-timed")]
    Timed { adapter: String, webgpu: f64, cpu: f64, chosen: BackendKind, earlier: bool },
    /// WebGPU chosen in the settings.
    #[serde(rename = "backend-adapter")]
    Adapter { adapter: String },
}

impl BackendWhy {
    /// Auto's timing, rounded as the banner shows it (whole images/s from 100 up).
    pub fn timed(adapter: &str, webgpu: f64, cpu: f64, chosen: BackendKind, earlier: bool) -> Self {
        let round = |r: f64| if r >= 100.0 { r.round() } else { (r * 10.0).round() / 10.0 };
        BackendWhy::Timed { adapter: adapter.into(), webgpu: round(webgpu), cpu: round(cpu), chosen, earlier }
    }

    pub fn english(&self) -> String {
        match self {
            BackendWhy::ChosenCpu => "CPU (flex) chosen in the settings.".into(),
            BackendWhy::Unavailable { why } => {
                format!("WebGPU is unavailable ({why}), so training runs on the CPU (flex).")
            }
            BackendWhy::Software { adapter } => format!(
                "the WebGPU adapter here is a software one ({adapter}), slower than the CPU backend, so Auto \
                 trains on the CPU (flex). Choose WebGPU to use it anyway."
            ),
            BackendWhy::Untimed { why } => {
                format!(
                    "Auto could not time this model on both backends ({why}), so it trains on the CPU (flex)."
                )
            }
            BackendWhy::Timed { adapter, webgpu, cpu, chosen, earlier } => format!(
                "Auto timed this model on both backends{}: WebGPU ({adapter}) {webgpu} images/s, CPU {cpu} \
                 images/s, so it trains on {}.",
                if *earlier { " earlier this session" } else { "" },
                match chosen {
                    BackendKind::Webgpu => "WebGPU",
                    BackendKind::Cpu => "the CPU (flex)",
                }
            ),
            BackendWhy::Adapter { adapter } => format!("WebGPU adapter: {adapter}."),
        }
    }
}
