//! Keras-style best-epoch tracking (`ModelCheckpoint(save_best_only=True)`) and
//! `EarlyStopping`. A run keeps one [`BestTracker`]; EarlyStopping only counts the epochs since
//! it last improved, so both always agree on which epoch is best.
//!
//! Epoch numbers are whatever the caller passes (aula counts from 1, as `EpochRecord`).

use crate::config::Monitor;

/// Remembers the best epoch of a monitored value.
#[derive(Clone, Debug, PartialEq)]
pub struct BestTracker {
    monitor: Monitor,
    min_delta: f64,
    best: f64,
    best_epoch: Option<usize>,
}

impl BestTracker {
    /// Any strict improvement counts (`min_delta = 0`).
    pub fn new(monitor: Monitor) -> Self {
        Self::with_min_delta(monitor, 0.0)
    }

    /// An improvement must exceed `|min_delta|` (Keras takes the absolute value too).
    pub fn with_min_delta(monitor: Monitor, min_delta: f64) -> Self {
        Self { monitor, min_delta: min_delta.abs(), best: monitor.worst(), best_epoch: None }
    }

    pub fn monitor(&self) -> Monitor {
        self.monitor
    }

    /// Records an epoch's value; true when it is the new best, i.e. better than the best so
    /// far by more than `min_delta` (the first finite value always is). NaN never is.
    pub fn update(&mut self, epoch: usize, value: f64) -> bool {
        if self.monitor.improves(value, self.best, self.min_delta) {
            self.best = value;
            self.best_epoch = Some(epoch);
            true
        } else {
            false
        }
    }

    /// The epoch of the best value; None until a value has counted.
    pub fn best_epoch(&self) -> Option<usize> {
        self.best_epoch
    }

    /// The best value; None until a value has counted.
    pub fn best_value(&self) -> Option<f64> {
        self.best_epoch.map(|_| self.best)
    }
}

/// `keras.callbacks.EarlyStopping(patience)`: call `update` at the end of every epoch with
/// whether the run's [`BestTracker`] just improved.
///
/// As in Keras, the wait counter grows every epoch and resets on an improvement; training
/// stops once it reaches `patience`, i.e. after `patience` epochs in a row without
/// improvement (never on the first epoch, even with `patience = 0`).
#[derive(Clone, Debug, PartialEq)]
pub struct EarlyStopping {
    patience: usize,
    wait: usize,
    epochs_seen: usize,
    stopped_epoch: Option<usize>,
}

impl EarlyStopping {
    pub fn new(patience: usize) -> Self {
        Self { patience, wait: 0, epochs_seen: 0, stopped_epoch: None }
    }

    /// Records an epoch; true when training should stop now.
    pub fn update(&mut self, epoch: usize, improved: bool) -> bool {
        self.epochs_seen += 1;
        if improved {
            self.wait = 0;
            return false;
        }
        self.wait += 1;
        if self.wait >= self.patience && self.epochs_seen > 1 {
            self.stopped_epoch.get_or_insert(epoch);
            return true;
        }
        false
    }

    /// Epochs since the last improvement.
    pub fn wait(&self) -> usize {
        self.wait
    }

    /// The first epoch at which `update` asked to stop.
    pub fn stopped_epoch(&self) -> Option<usize> {
        self.stopped_epoch
    }
}

/// Why the epoch loop ended.
#[cfg(feature = "train")]
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Ending {
    Completed,
    Stopped,
    EarlyStopped,
    Diverged(String),
}
