//! Learning-rate schedules, stepped once per epoch, as PyTorch's `torch.optim.lr_scheduler`
//! defines them.
//!
//! ```text
//! let mut s = LrScheduler::new(schedule, base_lr);
//! for epoch in 1..=epochs {
//!     let lr = s.lr_for_epoch();     // epoch 1 uses base_lr
//!     ... train and validate with lr ...
//!     s.end_epoch(val_loss);         // scheduler.step() / scheduler.step(val_loss)
//! }
//! ```

use serde::{Deserialize, Serialize};

/// Which schedule, with its settings. Fields left out of the JSON take PyTorch's defaults.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    /// The learning rate never changes.
    #[default]
    Constant,
    /// `StepLR(step_size, gamma=0.1)`: multiply by `gamma` every `step_size` epochs.
    StepLr {
        step_size: usize,
        #[serde(default = "default_gamma")]
        gamma: f64,
    },
    /// `CosineAnnealingLR(T_max, eta_min=0)`: half a cosine from the base rate down to
    /// `min_lr` (PyTorch's `eta_min`) over `t_max` epochs. Unlike PyTorch, which climbs
    /// back up after `T_max`, the rate then stays at `min_lr`.
    Cosine {
        t_max: usize,
        #[serde(default)]
        min_lr: f64,
    },
    /// `ReduceLROnPlateau(mode='min', factor=0.1, patience=10, threshold=1e-4,
    /// threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)`, watching the validation loss.
    ReduceOnPlateau {
        #[serde(default = "default_factor")]
        factor: f64,
        #[serde(default = "default_patience")]
        patience: usize,
        #[serde(default)]
        min_lr: f64,
        #[serde(default = "default_threshold")]
        threshold: f64,
    },
}

/// PyTorch's `StepLR` gamma.
pub const DEFAULT_GAMMA: f64 = 0.1;
/// PyTorch's `ReduceLROnPlateau` factor.
pub const DEFAULT_FACTOR: f64 = 0.1;
/// PyTorch's `ReduceLROnPlateau` patience.
pub const DEFAULT_PATIENCE: usize = 10;
/// PyTorch's `ReduceLROnPlateau` threshold (relative).
pub const DEFAULT_THRESHOLD: f64 = 1e-4;
/// PyTorch's `ReduceLROnPlateau` eps: a reduction smaller than this is skipped.
pub const PLATEAU_EPS: f64 = 1e-8;

fn default_gamma() -> f64 {
    DEFAULT_GAMMA
}
fn default_factor() -> f64 {
    DEFAULT_FACTOR
}
fn default_patience() -> usize {
    DEFAULT_PATIENCE
}
fn default_threshold() -> f64 {
    DEFAULT_THRESHOLD
}

impl Schedule {
    /// `StepLR(step_size)` with PyTorch's gamma 0.1.
    pub fn step_lr(step_size: usize) -> Self {
        Schedule::StepLr { step_size, gamma: DEFAULT_GAMMA }
    }

    /// `CosineAnnealingLR(T_max)` with PyTorch's eta_min 0.
    pub fn cosine(t_max: usize) -> Self {
        Schedule::Cosine { t_max, min_lr: 0.0 }
    }

    /// `ReduceLROnPlateau()` with all of PyTorch's defaults.
    pub fn reduce_on_plateau() -> Self {
        Schedule::ReduceOnPlateau {
            factor: DEFAULT_FACTOR,
            patience: DEFAULT_PATIENCE,
            min_lr: 0.0,
            threshold: DEFAULT_THRESHOLD,
        }
    }

    /// Rejects settings PyTorch would reject or that make no schedule.
    pub fn validate(&self) -> Result<(), String> {
        let finite_nonneg = |v: f64| v.is_finite() && v >= 0.0;
        match *self {
            Schedule::Constant => Ok(()),
            Schedule::StepLr { step_size, gamma } => {
                if step_size == 0 {
                    Err("StepLR step_size must be at least 1".into())
                } else if !finite_nonneg(gamma) {
                    Err("StepLR gamma must be a finite number >= 0".into())
                } else {
                    Ok(())
                }
            }
            Schedule::Cosine { t_max, min_lr } => {
                if t_max == 0 {
                    Err("CosineAnnealingLR t_max must be at least 1".into())
                } else if !finite_nonneg(min_lr) {
                    Err("CosineAnnealingLR min_lr must be a finite number >= 0".into())
                } else {
                    Ok(())
                }
            }
            Schedule::ReduceOnPlateau { factor, min_lr, threshold, .. } => {
                if !(0.0..1.0).contains(&factor) {
                    Err("ReduceLROnPlateau factor must be in [0, 1)".into())
                } else if !finite_nonneg(min_lr) {
                    Err("ReduceLROnPlateau min_lr must be a finite number >= 0".into())
                } else if !(threshold.is_finite() && (0.0..1.0).contains(&threshold)) {
                    Err("ReduceLROnPlateau threshold must be in [0, 1)".into())
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// Steps a [`Schedule`] through the epochs of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct LrScheduler {
    schedule: Schedule,
    base_lr: f64,
    /// Epochs completed (calls to `end_epoch`).
    completed: usize,
    /// Current rate of the plateau schedule (the others use their closed forms).
    lr: f64,
    /// Best validation loss so far (plateau); starts at +inf, as PyTorch's mode 'min'.
    best: f64,
    num_bad_epochs: usize,
}

impl LrScheduler {
    pub fn new(schedule: Schedule, base_lr: f64) -> Self {
        Self { schedule, base_lr, completed: 0, lr: base_lr, best: f64::INFINITY, num_bad_epochs: 0 }
    }

    pub fn schedule(&self) -> Schedule {
        self.schedule
    }

    pub fn base_lr(&self) -> f64 {
        self.base_lr
    }

    /// Epochs finished so far; the current epoch is this + 1.
    pub fn epochs_completed(&self) -> usize {
        self.completed
    }

    /// Plateau only: the best validation loss seen (+inf before any).
    pub fn best(&self) -> f64 {
        self.best
    }

    /// Plateau only: epochs since the last improvement (reset after each reduction).
    pub fn num_bad_epochs(&self) -> usize {
        self.num_bad_epochs
    }

    /// The learning rate for the current epoch (`epochs_completed() + 1`).
    pub fn lr_for_epoch(&self) -> f64 {
        let t = self.completed;
        match self.schedule {
            Schedule::Constant => self.base_lr,
            Schedule::StepLr { step_size, gamma } => {
                // base * gamma^floor((epoch - 1) / step_size), epoch - 1 = t.
                let steps = t / step_size.max(1);
                self.base_lr * gamma.powi(steps.min(i32::MAX as usize) as i32)
            }
            Schedule::Cosine { t_max, min_lr } => {
                let t_max = t_max.max(1);
                let t = t.min(t_max) as f64;
                let cos = (std::f64::consts::PI * t / t_max as f64).cos();
                min_lr + (self.base_lr - min_lr) * (1.0 + cos) / 2.0
            }
            Schedule::ReduceOnPlateau { .. } => self.lr,
        }
    }

    /// Ends the current epoch with its validation loss (only the plateau schedule reads it;
    /// NaN counts as no improvement, as in PyTorch).
    pub fn end_epoch(&mut self, val_loss: f64) {
        self.completed += 1;
        if let Schedule::ReduceOnPlateau { factor, patience, min_lr, threshold } = self.schedule {
            // mode 'min', threshold_mode 'rel': better means below best * (1 - threshold).
            if val_loss < self.best * (1.0 - threshold) {
                self.best = val_loss;
                self.num_bad_epochs = 0;
            } else {
                self.num_bad_epochs += 1;
            }
            // cooldown is 0, so there is never a cooldown period to count down.
            if self.num_bad_epochs > patience {
                let new_lr = (self.lr * factor).max(min_lr);
                if self.lr - new_lr > PLATEAU_EPS {
                    self.lr = new_lr;
                }
                self.num_bad_epochs = 0;
            }
        }
    }
}
