//! The training loop's host for the examples: a clock, and no messages, no Stop.

use std::time::Instant;

use aula::train::Host;
use aula::train::TrainEvent;

pub struct Quiet(pub Instant);

impl Quiet {
    pub fn new() -> Self {
        Quiet(Instant::now())
    }
}

impl Host for Quiet {
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1000.0
    }
    fn send(&mut self, _: TrainEvent) {}
    fn stop_requested(&self) -> bool {
        false
    }
    async fn yield_now(&mut self) {}
}
