//! What the training loop needs from where it runs: a clock, a way to send messages, Stop,
//! and a moment for the host's event loop.

use std::future::Future;

use super::event::TrainEvent;

pub trait Host {
    /// Milliseconds from any fixed origin (`Instant` does not exist in a browser).
    fn now_ms(&self) -> f64;
    fn send(&mut self, event: TrainEvent);
    fn stop_requested(&self) -> bool;
    /// Hands control back to the host's event loop for a moment.
    fn yield_now(&mut self) -> impl Future<Output = ()>;
}
