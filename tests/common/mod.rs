//! Shared test helpers: a native host for the training loop and a learnable synthetic set.
#![allow(dead_code)]

pub mod catalogue;

use std::cell::Cell;
use std::time::Instant;

use aula::data::{Dataset, ImageSet};
use aula::rng::Rng;
use aula::train::Host;
use aula::train::{RunProgress, TrainEvent};

pub struct TestHost {
    start: Instant,
    pub messages: Vec<TrainEvent>,
    /// Ask to stop at the n-th check (the loop checks once before each batch).
    pub stop_after_checks: Option<usize>,
    checks: Cell<usize>,
}

impl TestHost {
    pub fn new() -> Self {
        Self { start: Instant::now(), messages: Vec::new(), stop_after_checks: None, checks: Cell::new(0) }
    }

    pub fn steps(&self) -> usize {
        self.messages
            .iter()
            .map(|m| match m {
                TrainEvent::Progress(RunProgress { losses, .. }) => losses.len(),
                _ => 0,
            })
            .sum()
    }
}

impl Host for TestHost {
    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }
    fn send(&mut self, message: TrainEvent) {
        self.messages.push(message);
    }
    fn stop_requested(&self) -> bool {
        self.checks.set(self.checks.get() + 1);
        self.stop_after_checks.is_some_and(|n| self.checks.get() >= n)
    }
    async fn yield_now(&mut self) {}
}

/// `classes` classes of 8x8 gray images: class c lights up row band c, plus noise.
pub fn bands(classes: usize, per_class: usize, seed: u64) -> ImageSet {
    let (w, h) = (8, 8);
    let mut rng = Rng::new(seed);
    let mut set = ImageSet { width: w, height: h, channels: 1, ..ImageSet::default() };
    for c in 0..classes {
        for _ in 0..per_class {
            for y in 0..h {
                for _ in 0..w {
                    let lit = y * classes / h == c;
                    let noise = rng.below(90) as u8;
                    set.pixels.push(if lit { 160 + noise } else { noise });
                }
            }
            set.labels.push(c as u32);
        }
    }
    set
}

pub fn band_dataset(classes: usize) -> Dataset {
    Dataset::from_sets(
        (0..classes).map(|c| format!("band {c}")).collect(),
        bands(classes, 40, 1),
        bands(classes, 10, 2),
        ImageSet::default(),
    )
}

/// A run of `config` on `data` on the CPU (flex), as the worker trains it, with a quiet host.
pub fn train_on_flex(
    config: &aula::config::TrainConfig,
    data: &Dataset,
) -> (aula::report::RunReport, aula::model::TrainedModel) {
    let device = burn::tensor::Device::flex();
    pollster::block_on(aula::train::train_model(
        config,
        data,
        &device,
        aula::config::BackendKind::Cpu,
        &mut TestHost::new(),
        None,
    ))
    .unwrap()
}
