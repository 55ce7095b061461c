//! The run's clock: when to send progress, when to yield to the host, and the speed and ETA
//! that progress messages carry.

use super::event::{RunProgress, TrainEvent};
use crate::report::StepLoss;

/// The run's clock and the step losses not yet sent: when to send progress and when to yield.
pub(super) struct Pace {
    pub start: f64,
    pub last_progress: f64,
    pub last_yield: f64,
    /// Milliseconds spent in training steps, and the images they saw.
    train_ms: f64,
    images_seen: usize,
    pub step: usize,
    pub total_steps: usize,
    pending: Vec<StepLoss>,
}

impl Pace {
    pub fn new(now: f64, total_steps: usize) -> Self {
        Self {
            start: now,
            last_progress: now,
            last_yield: now,
            train_ms: 0.0,
            images_seen: 0,
            step: 0,
            total_steps,
            pending: Vec::new(),
        }
    }

    pub fn stepped(&mut self, loss: f64, images: usize, ms: f64) {
        self.step += 1;
        self.images_seen += images;
        self.train_ms += ms;
        self.pending.push(StepLoss { step: self.step, loss });
    }

    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// A progress message carrying (and emptying) the losses not yet sent. `position` is
    /// (epoch, batch, batches per epoch, epochs); `stopped` says nothing is left to wait for.
    pub fn progress(
        &mut self,
        (epoch, batch, batches, epochs): (usize, usize, usize, usize),
        now: f64,
        stopped: bool,
    ) -> TrainEvent {
        self.last_progress = now;
        let left = if stopped { 0.0 } else { self.total_steps.saturating_sub(self.step) as f64 };
        TrainEvent::Progress(RunProgress {
            epoch,
            batch,
            batches,
            epochs,
            images_per_sec: self.images_seen as f64 / (self.train_ms / 1000.0).max(1e-9),
            eta_seconds: (now - self.start) / self.step.max(1) as f64 * left / 1000.0,
            losses: std::mem::take(&mut self.pending),
        })
    }
}
