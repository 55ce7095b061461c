//! What a run tells its host as it goes. The host decides how it travels: the worker wraps
//! each event into a page message (`protocol`), native tests record them.

use crate::config::BackendKind;
use crate::data::image_block::ImageBlock;
use crate::model::SummaryRow;
use crate::report::{Confusion, EpochRecord, Histogram, StepLoss};

#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // built once, sent, dropped
pub enum TrainEvent {
    /// What the run is doing, in words (the stages it goes through after a stop).
    Status { text: String },
    /// The run saw Stop: it settles what ran, then reports and ends.
    Stopping,
    Started {
        backend: BackendKind,
        classes: Vec<String>,
        train_count: usize,
        val_count: usize,
        batches_per_epoch: usize,
        epochs: usize,
        params: usize,
        /// True class of each validation image, in dataset order.
        val_labels: Vec<u32>,
        /// Keras-style layer table: layer, output shape, parameters.
        summary: Vec<SummaryRow>,
        /// Thumbnails of the first validation images, in dataset order.
        val_images: ImageBlock,
    },
    /// `losses` holds every step since the last progress event.
    Progress {
        epoch: usize,
        batch: usize,
        batches: usize,
        epochs: usize,
        images_per_sec: f64,
        eta_seconds: f64,
        losses: Vec<StepLoss>,
    },
    /// A finished (or cut-short) epoch: metrics, validation confusion, per-image predictions
    /// and confidences, weight and gradient histograms per layer.
    Epoch {
        record: EpochRecord,
        confusion: Confusion,
        predicted: Vec<u32>,
        confidence: Vec<f32>,
        weights: Vec<Histogram>,
        gradients: Vec<Histogram>,
    },
}
