//! The exported run (`export-run`): everything a finished run measured, with its config.

use serde::{Deserialize, Serialize};

use crate::config::{BackendKind, TrainConfig};
use crate::data::summary::DatasetSummary;
use crate::report::{Confusion, EpochRecord, Report};

/// The exported run (`export-run`). Other tools read these key names: keep them stable.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct RunReport {
    pub config: TrainConfig,
    pub backend: BackendKind,
    pub classes: Vec<String>,
    pub epochs: Vec<EpochRecord>,
    /// The epoch whose results are reported: the best by `config.monitor`, unless
    /// `config.keep` is `last`.
    pub best_epoch: Option<usize>,
    /// Validation confusion matrix of the reported epoch (rows: true class).
    pub confusion: Option<Confusion>,
    /// sklearn-style classification report of the reported epoch.
    pub report: Option<Report>,
    pub params: usize,
    pub train_count: usize,
    pub val_count: usize,
    /// Images in a held-out `test/` folder (0 if none).
    pub test_count: usize,
    /// Accuracy and loss on the test split with the reported weights, when there is one.
    pub test_accuracy: Option<f64>,
    pub test_loss: Option<f64>,
    /// The Normalize mean and std per channel that were applied (on the 0..1 scale).
    pub normalize_mean: Vec<f64>,
    pub normalize_std: Vec<f64>,
    /// True when the user pressed Stop before the last epoch ended.
    pub stopped: bool,
    /// True when EarlyStopping ended the run.
    pub early_stopped: bool,
    /// Why training halted on its own (a NaN/Inf loss), if it did.
    pub halted: Option<String>,
    pub seconds: f64,
    pub aula_version: String,
    /// What the dataset held when the run started (a loaded folder's summary; None for the demo).
    pub data: Option<DatasetSummary>,
    /// The epoch whose weights the run's model holds (exported, predicted with, and used for
    /// the test split): `best_epoch`.
    #[serde(default)]
    pub weights_epoch: Option<usize>,
    /// Where the worker's time went (absent from runs made before it was kept).
    #[serde(default)]
    pub timing: RunTiming,
}

/// Where the worker's time went in one run, in milliseconds: what `./aula.sh bench` adds up
/// for the course grid's breakdown. What no field names (the best epoch's copy, yields to
/// the worker's messages) is `total_ms` less their sum.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct RunTiming {
    /// From the `train` message's run starting to its report.
    pub total_ms: f64,
    /// Normalize statistics; the model's and the optimizer's initialisation.
    pub setup_ms: f64,
    /// The `started` message: the network's summary and the validation thumbnails.
    pub started_ms: f64,
    /// Training batches: augmentation, Normalize and upload to the device.
    pub batches_ms: f64,
    /// Optimizer steps (forward, backward, update) and their readback.
    pub steps_ms: f64,
    /// The validation split each epoch, and the test split once.
    pub evaluation_ms: f64,
    /// Weight and gradient histograms each epoch.
    pub histograms_ms: f64,
    /// Progress and epoch messages, serialised and posted.
    pub messages_ms: f64,
}
