//! What a run tells its host as it goes. The host decides how it travels: the worker wraps
//! each event into a page message (`protocol`), native tests record them.

use serde::{Deserialize, Serialize};

use super::stage::Stage;
use crate::config::BackendKind;
use crate::data::image_block::ImageBlock;
use crate::model::SummaryRow;
use crate::report::{Confusion, EpochRecord, Histogram, StepLoss};

#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // built once, sent, dropped
pub enum TrainEvent {
    /// What the run is doing (the stages it goes through after a stop).
    Status(Stage),
    /// The run saw Stop: it settles what ran, then reports and ends.
    Stopping,
    Started(RunStart),
    Progress(RunProgress),
    Epoch(EpochResult),
}

/// The run is about to train: its data, model and the validation images the page shows.
/// The page message `started` carries it as it is.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct RunStart {
    pub backend: BackendKind,
    pub classes: Vec<String>,
    pub train_count: usize,
    pub val_count: usize,
    pub batches_per_epoch: usize,
    pub epochs: usize,
    pub params: usize,
    /// True class of each validation image, in dataset order (for the gallery).
    pub val_labels: Vec<u32>,
    /// Keras-style layer table: layer, output shape (one image), parameters.
    pub summary: Vec<SummaryRow>,
    /// Thumbnails of the first validation images, in dataset order (for the gallery).
    pub val_images: ImageBlock,
}

/// Sent at most a few times a second; `losses` holds every step since the last one.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct RunProgress {
    pub epoch: usize,
    pub batch: usize,
    pub batches: usize,
    pub epochs: usize,
    pub images_per_sec: f64,
    pub eta_seconds: f64,
    pub losses: Vec<StepLoss>,
}

/// A finished (or cut-short) epoch: its metrics, validation confusion matrix, each validation
/// image's predicted class and confidence (softmax), and weight and gradient histograms per
/// layer.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct EpochResult {
    pub record: EpochRecord,
    pub confusion: Confusion,
    pub predicted: Vec<u32>,
    pub confidence: Vec<f32>,
    pub weights: Vec<Histogram>,
    pub gradients: Vec<Histogram>,
}
