//! One optimizer step on one batch: forward, cross-entropy, backward, update. The training
//! loop and the parity check both step through here.

use crate::data::batcher::Batch;
use crate::model::{Network, inspect};
use burn::nn::loss::{CrossEntropyLoss, CrossEntropyLossConfig};
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::prelude::*;

/// Inputs `[n, image_len]` and targets `[n]` on `device`.
pub fn batch_tensors(batch: Batch, image_len: usize, device: &Device) -> (Tensor<2>, Tensor<1, Int>) {
    let n = batch.len;
    (
        Tensor::from_data(TensorData::new(batch.inputs, [n, image_len]), device),
        Tensor::from_data(TensorData::new(batch.targets, [n]), device),
    )
}

/// The optimizer and loss of a run, on the autodiff device.
pub struct Stepper {
    optimizer: ModuleOptimizer,
    loss: CrossEntropyLoss,
    device: Device,
}

/// What a step leaves on the device: the batch's mean loss, its correct count, and (when
/// asked) the gradients of the weight tensors for the histograms.
pub struct Step {
    pub loss: Tensor<1>,
    pub correct: Tensor<1, Int>,
    pub gradients: Vec<(String, Tensor<1>)>,
}

impl Stepper {
    /// `device` is the autodiff device the model lives on.
    pub fn new(optimizer: ModuleOptimizer, device: &Device) -> Self {
        Self { optimizer, loss: CrossEntropyLossConfig::new().init(device), device: device.clone() }
    }

    /// Trains `model` on `batch` with learning rate `lr`; returns the updated model.
    pub fn step(
        &mut self,
        model: Network,
        batch: Batch,
        image_len: usize,
        lr: f64,
        keep_gradients: bool,
    ) -> (Network, Step) {
        // On the threaded worker the step runs on a pool thread: each parallel op inside it then
        // starts where it is asked for and the other threads join in, where from the worker's
        // own thread every op went over to the pool and back (two wake-ups; R1 1.15× -> 1.26×
        // on two threads, BENCHMARKS.md). A panic there reaches the page on the pool's channel.
        #[cfg(feature = "threads")]
        if rayon::current_thread_index().is_none() && rayon::current_num_threads() > 1 {
            // Hot only for a mid-sized step, judged by parameters × batch (a dense layer's
            // product is that layer's share of it; a convolution's is more): for a small model
            // the polling only takes a core from the page (busy-page-bench: 46 -> 35 epochs a
            // second), and beside R2's products (milliseconds each) the step ran slower.
            // Saturating: a large model at a large batch passes 2^32 on wasm32.
            let size = model.num_params().saturating_mul(batch.len);
            let hot = cfg!(target_arch = "wasm32")
                && (crate::model::flex_matmul::SPLIT_FROM..HOT_UNTIL).contains(&size);
            let step = || self.step(model, batch, image_len, lr, keep_gradients);
            return if hot { on_a_hot_pool(step) } else { rayon::scope(|_| step()) };
        }
        let (x, y) = batch_tensors(batch, image_len, &self.device);
        let logits = model.forward(x);
        let loss = self.loss.forward(logits.clone(), y.clone());
        let [n, _] = logits.dims();
        let correct = logits.argmax(1).reshape([n]).equal(y).int().sum();
        let grads = GradientsParams::from_grads(loss.backward(), &model);
        let gradients = if keep_gradients { inspect::gradients(&model, &grads) } else { Vec::new() };
        let model = self.optimizer.step(lr, model, grads);
        (model, Step { loss, correct, gradients })
    }
}

/// Parameters × batch from which a step's products are long enough (R2: 6.3M parameters,
/// batch 32) that a woken thread's late start costs little, and the polling thread only
/// contends with the working one: R2 on two threads, alternating builds, 3 rounds each,
/// 1,903, 1,771 and 1,917 images/s without polling, 1,779, 1,714 and 1,893 with it.
#[cfg(feature = "threads")]
const HOT_UNTIL: usize = 1 << 26;

/// Runs `work` on a pool thread while the pool's other threads stay awake for its length,
/// polling for work to take (one poller a thread as a rule: a poller may also take a second
/// one, and a thread slow to wake then finds none, which costs it only the wake-up).
///
/// rayon puts an idle thread to sleep after a few dozen empty polls, which in wasm pass in
/// microseconds, so each op a step splits woke the other thread (an `Atomics.wait` ended by a
/// notify) and started late: in R1's profile every thread was waiting at once for a quarter
/// of the waiting (BENCHMARKS.md).
///
/// Only for the worker's pool, whose one caller is the worker's own thread, one step at a
/// time: the polling jobs, spawned before the step's first op, are then the oldest in the
/// queue, so the other threads (which steal oldest first) take them before any of the step's
/// work. Where several threads share a pool (native tests), a poller could be taken on top of
/// another step's unfinished work on that thread, and wait for that work to end.
///
/// A panic in the step aborts its thread (wasm builds abort on panic), so `done` is never set
/// and the pollers spin on: the panic's message reaches the page on the pool's channel, and
/// the page ends the worker on it (`worker-client.js`), threads and all.
#[cfg(feature = "threads")]
fn on_a_hot_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    use std::sync::atomic::{AtomicBool, Ordering};
    let done = AtomicBool::new(false);
    rayon::scope(|scope| {
        let owner = rayon::current_thread_index();
        for _ in 1..rayon::current_num_threads() {
            let done = &done;
            scope.spawn(move |_| {
                // The step's own thread may come to this job while it waits inside the step:
                // polling there would wait for itself.
                if rayon::current_thread_index() == owner {
                    return;
                }
                while !done.load(Ordering::Acquire) {
                    if rayon::yield_now() != Some(rayon::Yield::Executed) {
                        std::hint::spin_loop();
                    }
                }
            });
        }
        let out = work();
        done.store(true, Ordering::Release);
        out
    })
}
