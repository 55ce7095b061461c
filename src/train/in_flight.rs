//! Steps whose loss and correct count are still on the device. Reading them back after every
//! step makes the CPU wait for the GPU once a step (a round trip each on WebGPU, where the
//! queue then runs dry while the next step is encoded); keeping up to `depth` steps in flight
//! and reading them in one transaction keeps the queue fed. The caller checks for a NaN loss
//! in each read's values, in step order.

use burn::prelude::*;
use burn::tensor::Transaction;

use super::readback::{self, first};
use super::step::Step;
use crate::config::BackendKind;

/// How many steps may wait unread: on WebGPU enough to cover a readback's round trip; flex
/// computes each op as it is called, so there is nothing to overlap on the CPU.
pub fn read_depth(backend: BackendKind) -> usize {
    match backend {
        BackendKind::Cpu => 1,
        BackendKind::Webgpu => 16,
    }
}

/// One step's results, read back.
#[derive(Clone, Copy, Debug)]
pub struct Settled {
    /// The step's batch within its epoch, from 0.
    pub index: usize,
    pub images: usize,
    pub loss: f64,
    pub correct: f64,
}

pub struct InFlight {
    depth: usize,
    queued: Vec<(usize, usize, Tensor<1>, Tensor<1, Int>)>,
    /// When the oldest unread step began (ms), so each read can share out the time it covered.
    since: f64,
}

impl InFlight {
    pub fn new(depth: usize) -> Self {
        Self { depth: depth.max(1), queued: Vec::new(), since: 0.0 }
    }

    /// Queues `step` (batch `index` of `images` images), begun at `began` ms.
    pub fn push(&mut self, index: usize, images: usize, step: &Step, began: f64) {
        if self.queued.is_empty() {
            self.since = began;
        }
        self.queued.push((index, images, step.loss.clone(), step.correct.clone()));
    }

    pub fn full(&self) -> bool {
        self.queued.len() >= self.depth
    }

    pub fn is_empty(&self) -> bool {
        self.queued.is_empty()
    }

    /// When the oldest unread step began.
    pub fn since(&self) -> f64 {
        self.since
    }

    /// Reads every queued step in one transaction, oldest first, and empties the queue.
    pub async fn settle(&mut self) -> Result<Vec<Settled>, String> {
        let queued = std::mem::take(&mut self.queued);
        if queued.is_empty() {
            return Ok(Vec::new());
        }
        let transaction = queued.iter().fold(Transaction::default(), |t, (_, _, loss, correct)| {
            t.register(loss.clone()).register(correct.clone())
        });
        let data = readback::read(transaction, "results").await?;
        Ok(queued
            .iter()
            .zip(data.chunks(2))
            .map(|(&(index, images, _, _), pair)| Settled {
                index,
                images,
                loss: first(&pair[0]),
                correct: first(&pair[1]),
            })
            .collect())
    }
}
