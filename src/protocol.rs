//! Everything that crosses the worker boundary: one enum each way, tagged by `type`, so page,
//! worker and tests read the same names. (The exported run is `report::RunReport`.) The domain
//! never sees these shapes: it has its own types (a run's `TrainEvent`s, `ImageBlock`,
//! `SharedFolder`, `Guess`, `ParityRecipe`), which this module wraps or re-exports.

use serde::{Deserialize, Serialize};

use crate::config::{BackendKind, DatasetChoice, TrainConfig};
pub use crate::data::image_block::ImageBlock;
pub use crate::data::shared::SharedFolder;
use crate::data::summary::DatasetSummary;
pub use crate::inference::guess::Guess;
use crate::model::SummaryRow;
use crate::report::{Confusion, RunReport};
pub use crate::train::recipe::ParityRecipe;
use crate::train::{BackendWhy, EpochResult, RunFailure, RunProgress, RunStart, Stage, TrainEvent};

/// Page -> worker.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PageMessage {
    /// `demo_url` is the folder holding `demo.json`, ending in `/`.
    Train {
        config: TrainConfig,
        demo_url: String,
        /// Continue training from the worker's current model (fine-tuning) instead of fresh
        /// weights.
        #[serde(default)]
        from_model: bool,
    },
    Stop,
    /// Decode a user's folder (or .zip). The files travel beside this message as `files`
    /// (an array of `File`s, one per path; for a zip, the one archive and `paths` empty).
    Load {
        name: String,
        paths: Vec<String>,
        zip: bool,
        config: TrainConfig,
    },
    /// Augment the same few train images again (`round` picks the random draw).
    Preview {
        config: TrainConfig,
        demo_url: String,
        round: u64,
    },
    /// Measure decoding and augmentation speed inside the worker.
    Bench,
    /// Self-check: the same weights and batch on WebGPU and on the CPU, `steps` optimizer
    /// steps of `recipe` (the MLP with Adam unless named).
    Parity {
        steps: usize,
        #[serde(default)]
        recipe: ParityRecipe,
    },
    /// Benchmark: `warmup` then `steps` training steps of `recipe` on one fixed batch, on
    /// `backend` (answer: `speed`).
    Speed {
        recipe: ParityRecipe,
        backend: crate::config::BackendChoice,
        warmup: usize,
        /// The warm-up goes on after its first step until this many ms have passed too.
        #[serde(default)]
        warmup_ms: f64,
        steps: usize,
        /// Steps in flight before a readback; training's depth for the backend if absent.
        #[serde(default)]
        depth: Option<usize>,
        /// cubecl's kernels per GPU submission (`tasks_max`), for a worker whose WebGPU
        /// device has not started yet; its default (32) if absent.
        #[serde(default)]
        tasks_max: Option<usize>,
    },
    /// Self-check: Auto's calibration for `config`'s model on its dataset, run even where
    /// Auto would skip it (a software adapter) (answer: `calibrated`).
    Calibrate {
        config: TrainConfig,
        demo_url: String,
    },
    /// The current model as a `.safetensors` file (answer: `model_file`).
    ExportModel,
    /// The current model with a PyTorch recipe, as a .zip (answer: `pytorch_export`); its README
    /// in `lang` (the page's language; English when left out).
    ExportPytorch {
        #[serde(default)]
        lang: String,
    },
    /// A model file exported earlier; the file travels beside the message as `files[0]`.
    LoadModel {
        name: String,
    },
    /// Predict the images that travel beside the message as `files`, named `names`.
    Predict {
        names: Vec<String>,
    },
    /// Evaluate the current model on the dataset's validation split (answer: `evaluated`).
    EvaluateModel {
        config: TrainConfig,
        demo_url: String,
    },
    /// Send the loaded folder's decoded pixels at `config`'s image size (decoding it again if
    /// needed), for other workers (answer: `folder_shared`).
    ShareFolder {
        config: TrainConfig,
    },
    /// A folder decoded by another worker: use it as if loaded here (answer: `loaded`).
    LoadShared {
        folder: SharedFolder,
    },
    /// Self-check: panic inside the worker, to prove a panic reaches the page; `in_pool`: on
    /// one of the threaded build's pool threads.
    Panic {
        #[serde(default)]
        in_pool: bool,
    },
    /// Self-check: allocate until memory runs out, to prove that reaches the page in words;
    /// `in_pool`: on one of the threaded build's pool threads.
    Exhaust {
        #[serde(default)]
        in_pool: bool,
    },
}

/// Worker -> page.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(tag = "type", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)] // built once, sent, dropped: size on the stack does not matter
pub enum WorkerMessage {
    /// The wasm module is up and listening.
    Ready,
    /// A step of the work (fetching data, starting WebGPU, finishing after Stop): `stage`
    /// names its message for the page to word; `text` is it in English.
    Status {
        text: String,
        stage: Stage,
    },
    /// The run read Stop: it settles what ran, reports the cut-short epoch and the test
    /// split, keeps the model, then sends `done` (meanwhile `status` says which stage).
    Stopping,
    /// Files decoded so far while loading a folder.
    LoadProgress {
        done: usize,
        total: usize,
    },
    /// A folder was loaded: what it holds. `summary.error` is set when it cannot be trained
    /// on (no usable images, a single class); the previously loaded folder is then kept.
    Loaded {
        summary: DatasetSummary,
    },
    /// The same few train images, each as loaded then augmented `columns - 1` times.
    Preview {
        block: ImageBlock,
        labels: Vec<u32>,
        classes: Vec<String>,
        columns: usize,
    },
    /// Printed numbers of the in-worker benchmark.
    Bench {
        lines: Vec<String>,
    },
    /// Which backend runs and why (shown in the banner): `why` for the page to word, `reason`
    /// in English.
    Backend {
        backend: BackendKind,
        reason: String,
        why: BackendWhy,
        /// Threads the CPU backend's kernels run on: the threaded worker's pool, else 1.
        threads: usize,
    },
    /// The run is about to train (`train::RunStart`).
    Started(RunStart),
    /// Sent at most a few times a second; `losses` holds every step since the last one.
    Progress(RunProgress),
    /// A finished epoch (`train::EpochResult`).
    Epoch(EpochResult),
    Done {
        report: RunReport,
    },
    /// Answer to `PageMessage::Parity`: the loss after each step on each backend.
    Parity {
        adapter: String,
        webgpu: Vec<f64>,
        cpu: Vec<f64>,
    },
    /// Answer to `PageMessage::Speed`: steady images/s after the warm-up, and the first step.
    Speed {
        recipe: ParityRecipe,
        backend: BackendKind,
        images_per_sec: f64,
        first_step_ms: f64,
        /// The warm-up's steps (the first included) and its ms.
        warmup_steps: usize,
        warmup_ms: f64,
        /// Steps in flight before each readback, and cubecl's kernels per submission.
        depth: usize,
        tasks_max: usize,
        /// Threads the CPU backend's kernels run on (as in `Backend`).
        threads: usize,
        /// Host ms per timed step spent issuing it (on the CPU, computing it) and waiting
        /// for results.
        issue_ms: f64,
        wait_ms: f64,
        /// Kernel launches per timed step, and the most launched kernels with their launches
        /// per step (WebGPU in a `bench` build; none otherwise).
        launches_per_step: Option<f64>,
        kernels: Vec<(String, f64)>,
    },
    /// Answer to `PageMessage::Calibrate`: both backends' images/s on the model, the faster
    /// one, the banner's words, and whether the numbers were remembered from earlier.
    Calibrated {
        cpu: f64,
        webgpu: f64,
        chosen: BackendKind,
        reason: String,
        why: BackendWhy,
        earlier: bool,
    },
    /// The worker holds a model now (a run's, or a loaded file's): what it is.
    ModelReady {
        model: ModelInfo,
    },
    /// A model action failed (a file that is not a model, a model that does not fit, no model
    /// yet). The worker and its current model are fine.
    ModelFailed {
        message: String,
    },
    /// Answer to `ShareFolder`: the folder, or why it could not be shared.
    FolderShared {
        folder: Option<SharedFolder>,
        error: Option<String>,
    },
    /// Answer to `ExportModel`.
    ModelFile {
        name: String,
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// Answer to `ExportPytorch`.
    PytorchExport {
        name: String,
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// Answer to `Predict`: one entry per image, in the order sent.
    Predictions {
        classes: Vec<String>,
        items: Vec<Prediction>,
    },
    /// Answer to `EvaluateModel`: the model on a validation split. `split` says in words
    /// which one: the model's own (its seed, fraction, limits), or why that cannot be known.
    Evaluated {
        classes: Vec<String>,
        loss: f64,
        accuracy: f64,
        confusion: Confusion,
        epoch: Option<usize>,
        split: SplitUsed,
    },
    /// A run that could not start or go on (bad settings, no folder, a device read failed).
    /// The worker itself is fine.
    RunFailed {
        message: String,
        /// The same for the page to word, when the settings do not fit the data.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        said: Option<RunFailure>,
    },
    /// The worker may be broken (a panic, a module that did not load): the page replaces it.
    Error {
        message: String,
    },
}

/// A model the worker holds.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ModelInfo {
    /// Where it came from: "the last run", or the file's name.
    pub source: String,
    pub classes: Vec<String>,
    /// `[channels, height, width]`.
    pub input_shape: [usize; 3],
    /// The epoch whose weights it holds.
    pub epoch: Option<usize>,
    pub params: usize,
    pub summary: Vec<SummaryRow>,
    pub config: TrainConfig,
}

/// One predicted image: its best classes, or why it could not be read.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Prediction {
    pub name: String,
    pub guesses: Vec<Guess>,
    pub error: Option<String>,
}

impl WorkerMessage {
    /// A status line: its message and its English.
    pub fn status(stage: Stage) -> Self {
        WorkerMessage::Status { text: stage.english(), stage }
    }

    /// The banner's backend and why, in English beside.
    pub fn backend(backend: BackendKind, why: BackendWhy, threads: usize) -> Self {
        WorkerMessage::Backend { backend, reason: why.english(), why, threads }
    }
}

impl From<TrainEvent> for WorkerMessage {
    fn from(event: TrainEvent) -> Self {
        match event {
            TrainEvent::Status(stage) => WorkerMessage::status(stage),
            TrainEvent::Stopping => WorkerMessage::Stopping,
            TrainEvent::Started(start) => WorkerMessage::Started(start),
            TrainEvent::Progress(progress) => WorkerMessage::Progress(progress),
            TrainEvent::Epoch(epoch) => WorkerMessage::Epoch(epoch),
        }
    }
}

/// The validation split a model was evaluated on: its own run's seed and share held out over
/// the data on the page now. The page words it in its language.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SplitUsed {
    pub dataset: DatasetChoice,
    pub seed: u64,
    /// Per cent of each class held out (a folder with its own val/ uses that instead).
    pub held_out_percent: f64,
}
