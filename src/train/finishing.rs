//! What a run says while it finishes after Stop. Evaluating the cut-short epoch on the whole
//! validation split and scoring the test split can take a while on a large folder, and the
//! page ends a worker that stays silent: so each stage is named, and a long one says how far
//! it is at least every second.

use super::evaluate::EvalWatch;
use super::event::TrainEvent;
use super::host::Host;
use super::stage::{Evaluating, Stage};

/// The longest a stopping run stays silent inside a stage.
const STATUS_EVERY_MS: f64 = 1000.0;
/// How often a run hands control back to its host (to let Stop in).
pub(super) const YIELD_EVERY_MS: f64 = 40.0;

/// A status event.
pub(super) fn status(stage: Stage) -> TrainEvent {
    TrainEvent::Status(stage)
}

/// Watches an evaluation inside a run: yields to the host between batches and, once the run
/// is stopping (or Stop arrives meanwhile), says how many images are done.
pub(super) struct Watch<'h, H: Host> {
    host: &'h mut H,
    /// The stage, as the status names it ("Evaluating the epoch cut short"), and its epoch.
    what: Evaluating,
    epoch: usize,
    stopping: bool,
    /// Whether the host has been told `Stopping` (once a run).
    pub announced: bool,
    last_yield: f64,
    last_status: f64,
}

impl<'h, H: Host> Watch<'h, H> {
    pub fn new(host: &'h mut H, (what, epoch): (Evaluating, usize), stopping: bool, announced: bool) -> Self {
        let now = host.now_ms();
        Self { host, what, epoch, stopping, announced, last_yield: now, last_status: now }
    }
}

impl<H: Host> EvalWatch for Watch<'_, H> {
    async fn batch_done(&mut self, done: usize, total: usize) {
        let now = self.host.now_ms();
        if now - self.last_yield >= YIELD_EVERY_MS {
            self.host.yield_now().await;
            self.last_yield = self.host.now_ms();
        }
        if now - self.last_status < STATUS_EVERY_MS {
            return;
        }
        self.last_status = now;
        // Asked at most once a second: Stop that arrived during this stage.
        if !self.stopping && self.host.stop_requested() {
            self.stopping = true;
            if !self.announced {
                self.announced = true;
                self.host.send(TrainEvent::Stopping);
            }
        }
        if self.stopping {
            let (what, epoch) = (self.what, self.epoch);
            self.host.send(status(Stage::EvaluationProgress { what, epoch, done, total }));
        }
    }
}
