//! Loss and accuracy bookkeeping, and the per-epoch record the export carries.

use serde::{Deserialize, Serialize};

use crate::config::Monitor;

/// One optimizer step's training loss, for the per-batch curve.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct StepLoss {
    pub step: usize,
    pub loss: f64,
}

/// Sums over the batches of an epoch, weighted by batch size so a short last batch counts
/// for what it is.
#[derive(Clone, Copy, Debug, Default)]
pub struct Running {
    loss_sum: f64,
    correct: usize,
    count: usize,
}

impl Running {
    /// `mean_loss` is the batch's mean loss; `correct` of its `len` predictions were right.
    pub fn add(&mut self, mean_loss: f64, correct: usize, len: usize) {
        self.loss_sum += mean_loss * len as f64;
        self.correct += correct;
        self.count += len;
    }

    pub fn count(&self) -> usize {
        self.count
    }

    pub fn loss(&self) -> f64 {
        if self.count == 0 { f64::NAN } else { self.loss_sum / self.count as f64 }
    }

    pub fn accuracy(&self) -> f64 {
        if self.count == 0 { f64::NAN } else { self.correct as f64 / self.count as f64 }
    }
}

/// One finished epoch. The key names are read by other tools: keep them stable.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct EpochRecord {
    pub epoch: usize,
    pub train_loss: f64,
    pub train_accuracy: f64,
    pub val_loss: f64,
    pub val_accuracy: f64,
    pub lr: f64,
    pub seconds: f64,
    /// Set when Stop ended this epoch early: its numbers cover the batches that ran.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

impl EpochRecord {
    /// The value `monitor` watches.
    pub fn value(&self, monitor: Monitor) -> f64 {
        match monitor {
            Monitor::ValLoss => self.val_loss,
            Monitor::ValAccuracy => self.val_accuracy,
        }
    }
}
