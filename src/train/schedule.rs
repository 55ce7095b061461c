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

use crate::config::{ScheduleKind, TrainConfig};

/// Which schedule, with its settings (from the config: [`Schedule::from_config`]).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Schedule {
    /// The learning rate never changes.
    #[default]
    Constant,
    /// `StepLR(step_size, gamma)`: multiply by `gamma` every `step_size` epochs.
    StepLr { step_size: usize, gamma: f64 },
    /// `CosineAnnealingLR(T_max, eta_min)`: half a cosine from the base rate down to
    /// `min_lr` (PyTorch's `eta_min`) over `t_max` epochs. Unlike PyTorch, which climbs
    /// back up after `T_max`, the rate then stays at `min_lr`.
    Cosine { t_max: usize, min_lr: f64 },
    /// `ReduceLROnPlateau(mode='min', factor, patience, threshold, threshold_mode='rel',
    /// cooldown=0, min_lr, eps=1e-8)`, watching the validation loss.
    ReduceOnPlateau { factor: f64, patience: usize, min_lr: f64, threshold: f64 },
}

/// PyTorch's `ReduceLROnPlateau` threshold (relative); not a setting of its own.
pub const PLATEAU_THRESHOLD: f64 = 1e-4;
/// PyTorch's `ReduceLROnPlateau` eps: a reduction smaller than this is skipped.
pub const PLATEAU_EPS: f64 = 1e-8;

impl Schedule {
    /// The schedule `config.schedule` names; cosine decays over `config.epochs`. The
    /// config's validation has checked the ranges.
    pub fn from_config(config: &TrainConfig) -> Self {
        match config.schedule {
            ScheduleKind::Constant => Schedule::Constant,
            ScheduleKind::StepLr => Schedule::StepLr { step_size: config.step_size, gamma: config.gamma },
            ScheduleKind::Cosine => Schedule::Cosine { t_max: config.epochs, min_lr: config.min_lr },
            ScheduleKind::ReduceOnPlateau => Schedule::ReduceOnPlateau {
                factor: config.plateau_factor,
                patience: config.plateau_patience,
                min_lr: config.min_lr,
                threshold: PLATEAU_THRESHOLD,
            },
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
