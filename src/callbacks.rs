//! Keras-style `EarlyStopping` and best-epoch tracking (`ModelCheckpoint(save_best_only=True)`).
//!
//! Epoch numbers are whatever the caller passes (aula counts from 1, as `EpochRecord`).

use serde::{Deserialize, Serialize};

use crate::metrics::EpochRecord;

/// The quantity watched, named as Keras logs it.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Monitor {
    /// `"val_loss"`: lower is better (Keras mode 'min').
    #[default]
    ValLoss,
    /// `"val_accuracy"`: higher is better (Keras mode 'max').
    ValAccuracy,
}

impl Monitor {
    pub fn lower_is_better(self) -> bool {
        matches!(self, Monitor::ValLoss)
    }

    /// The Keras log key, also the `EpochRecord` field name.
    pub fn key(self) -> &'static str {
        match self {
            Monitor::ValLoss => "val_loss",
            Monitor::ValAccuracy => "val_accuracy",
        }
    }

    /// The watched value of a finished epoch.
    pub fn value(self, record: &EpochRecord) -> f64 {
        match self {
            Monitor::ValLoss => record.val_loss,
            Monitor::ValAccuracy => record.val_accuracy,
        }
    }

    /// The worst possible value: where a tracker starts (Keras' `np.inf` / `-np.inf`).
    fn worst(self) -> f64 {
        if self.lower_is_better() { f64::INFINITY } else { f64::NEG_INFINITY }
    }

    /// Keras' `_is_improvement`: better than `reference` by more than `min_delta`.
    /// Any comparison with NaN is false, so NaN never improves.
    fn improves(self, value: f64, reference: f64, min_delta: f64) -> bool {
        if self.lower_is_better() { value + min_delta < reference } else { value - min_delta > reference }
    }
}

/// `keras.callbacks.EarlyStopping` settings. Keras' defaults are `monitor="val_loss"`,
/// `patience=0`, `min_delta=0`, `restore_best_weights=False`; aula's `Default` keeps the
/// monitor and `min_delta` but uses `patience = 5` and `restore_best_weights = true`.
/// (`mode` follows from the monitor; `baseline` and `start_from_epoch` are not offered.)
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
#[serde(default)]
pub struct EarlyStoppingConfig {
    pub monitor: Monitor,
    /// Epochs without improvement after which training stops.
    pub patience: usize,
    /// An improvement must exceed this (absolute) amount to count.
    pub min_delta: f64,
    /// At the end of training, go back to the weights of the best epoch.
    pub restore_best_weights: bool,
}

/// aula's default patience (Keras' is 0).
pub const DEFAULT_PATIENCE: usize = 5;

impl Default for EarlyStoppingConfig {
    fn default() -> Self {
        Self {
            monitor: Monitor::ValLoss,
            patience: DEFAULT_PATIENCE,
            min_delta: 0.0,
            restore_best_weights: true,
        }
    }
}

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

/// `keras.callbacks.EarlyStopping`: call `update` at the end of every epoch.
///
/// As in Keras, the wait counter grows every epoch and resets on an improvement; training
/// stops once it reaches `patience`, i.e. after `patience` epochs in a row without
/// improvement (never on the first epoch, even with `patience = 0`).
#[derive(Clone, Debug, PartialEq)]
pub struct EarlyStopping {
    config: EarlyStoppingConfig,
    tracker: BestTracker,
    wait: usize,
    first_epoch: Option<usize>,
    last_improved: bool,
    stopped_epoch: Option<usize>,
}

impl EarlyStopping {
    pub fn new(config: EarlyStoppingConfig) -> Self {
        Self {
            config,
            tracker: BestTracker::with_min_delta(config.monitor, config.min_delta),
            wait: 0,
            first_epoch: None,
            last_improved: false,
            stopped_epoch: None,
        }
    }

    pub fn config(&self) -> &EarlyStoppingConfig {
        &self.config
    }

    /// Records an epoch's monitored value; true when training should stop now.
    pub fn update(&mut self, epoch: usize, value: f64) -> bool {
        let first = self.first_epoch.is_none();
        self.first_epoch.get_or_insert(epoch);
        self.wait += 1;
        self.last_improved = self.tracker.update(epoch, value);
        if self.last_improved {
            self.wait = 0;
            return false;
        }
        if self.wait >= self.config.patience && !first {
            self.stopped_epoch.get_or_insert(epoch);
            return true;
        }
        false
    }

    /// `update` with the record's monitored value.
    pub fn update_record(&mut self, record: &EpochRecord) -> bool {
        self.update(record.epoch, self.config.monitor.value(record))
    }

    /// Whether the epoch just given to `update` is the new best (time to keep its weights).
    pub fn last_improved(&self) -> bool {
        self.last_improved
    }

    /// Epochs since the last improvement.
    pub fn wait(&self) -> usize {
        self.wait
    }

    pub fn best_epoch(&self) -> Option<usize> {
        self.tracker.best_epoch()
    }

    pub fn best_value(&self) -> Option<f64> {
        self.tracker.best_value()
    }

    /// The first epoch at which `update` asked to stop.
    pub fn stopped_epoch(&self) -> Option<usize> {
        self.stopped_epoch
    }

    /// With `restore_best_weights`, the epoch whose weights to restore: the best one, or (as
    /// Keras, which keeps the first epoch's weights until something improves) the first
    /// epoch when no value ever counted (all NaN). None without `restore_best_weights`.
    pub fn restore_epoch(&self) -> Option<usize> {
        if !self.config.restore_best_weights {
            return None;
        }
        self.best_epoch().or(self.first_epoch)
    }
}
