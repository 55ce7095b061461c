//! What a run will hold in the training worker's memory, estimated from the config before
//! anything is allocated, so a run that cannot fit is refused with a message instead of
//! ending in a wasm trap.

use super::summary::summary;
use crate::config::{OptimizerKind, TrainConfig};
use crate::data::ImageShape;
use crate::train::{MemoryAdvice, RunFailure};

/// What a wasm32 worker can hold: it addresses 4 GiB, and allocations need room to move.
pub const WORKER_BUDGET: u64 = 2560 << 20;
/// Images per evaluation batch (as `train::evaluate`).
const EVAL_BATCH: u64 = 256;

/// Bytes, by what holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryEstimate {
    /// The weights, and the best epoch's copy kept for the run's model.
    pub weights: u64,
    pub gradients: u64,
    /// The optimizer's moments (Adam's two, momentum's one, ...) and the copy an update makes.
    pub optimizer: u64,
    /// One training batch's inputs and activations, kept for the backward pass with their
    /// gradients (or one evaluation batch's, whichever is larger).
    pub activations: u64,
    /// The decoded images (u8).
    pub images: u64,
    /// The largest layer: its name and parameters.
    pub largest: (String, usize),
}

impl MemoryEstimate {
    /// For `config` on images of `shape` and `classes` classes, with `image_bytes` of decoded
    /// images. Fails as `summary` does when the network cannot be built.
    pub fn new(
        config: &TrainConfig,
        shape: ImageShape,
        classes: usize,
        image_bytes: u64,
    ) -> Result<Self, String> {
        let rows = summary(config, shape, classes)?;
        let params: u64 = rows.iter().map(|r| r.params as u64).sum();
        let outputs: u64 = rows.iter().map(|r| r.outputs as u64).sum::<u64>() + shape.len() as u64;
        let largest =
            rows.iter().max_by_key(|r| r.params).map(|r| (r.layer.clone(), r.params)).unwrap_or_default();
        // Moments per parameter, plus one for the new values an update writes before the old go.
        let moments = match config.optimizer {
            OptimizerKind::Sgd => 0,
            OptimizerKind::Momentum | OptimizerKind::Nesterov | OptimizerKind::Rmsprop => 1,
            OptimizerKind::Adam | OptimizerKind::Adamw => 2,
        };
        // Each activation is kept for backward and gets a gradient of its own; a third for
        // the temporaries of the element-wise ops.
        let train = 3 * 4 * outputs * config.batch_size as u64;
        let eval = 2 * 4 * outputs * EVAL_BATCH;
        Ok(Self {
            weights: 2 * 4 * params,
            gradients: 4 * params,
            optimizer: 4 * params * (moments + 1),
            activations: train.max(eval),
            images: image_bytes,
            largest,
        })
    }

    pub fn total(&self) -> u64 {
        self.weights + self.gradients + self.optimizer + self.activations + self.images
    }

    /// Ok when the run fits `budget` bytes; else a message that names the estimate, its parts
    /// and what to reduce.
    pub fn check(&self, config: &TrainConfig, budget: u64) -> Result<(), RunFailure> {
        if self.total() <= budget {
            return Ok(());
        }
        let parameters = self.weights + self.gradients + self.optimizer;
        let advice = if parameters >= self.activations.max(self.images) {
            MemoryAdvice::SmallerModel { layer: self.largest.0.clone(), params: thousands(self.largest.1) }
        } else if self.activations >= self.images {
            MemoryAdvice::SmallerBatch
        } else {
            MemoryAdvice::FewerImages
        };
        Err(RunFailure::TooBig {
            needs: size(self.total()),
            weights: size(self.weights),
            gradients: size(self.gradients),
            optimizer: config.optimizer,
            state: size(self.optimizer),
            activations: size(self.activations),
            images: size(self.images),
            budget: size(budget),
            advice,
        })
    }
}

/// Bytes in MB or GB, one decimal.
pub fn size(bytes: u64) -> String {
    let mb = bytes as f64 / (1 << 20) as f64;
    if mb >= 1024.0 { format!("{:.1} GB", mb / 1024.0) } else { format!("{mb:.1} MB") }
}

/// `n` with thousands separated by commas ("3,000"), as the worker's English messages write it.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// What a run of `config` on `data` will hold in the worker; `check` it against `WORKER_BUDGET`.
#[cfg(feature = "train")]
pub fn in_worker(config: &TrainConfig, data: &crate::data::Dataset) -> Result<MemoryEstimate, String> {
    MemoryEstimate::new(config, data.train.shape(), data.classes.len(), data.pixel_bytes())
}

/// Refuses, with its estimate, a run whose model and data would not fit the worker's memory.
#[cfg(feature = "train")]
pub fn fits_in_worker(config: &TrainConfig, data: &crate::data::Dataset) -> Result<(), String> {
    in_worker(config, data)?.check(config, WORKER_BUDGET).map_err(|refusal| refusal.english())
}
