//! The training loop. It is async so one body serves both hosts: natively it is driven by a
//! blocking executor, in the worker by the browser's event loop, where each GPU readback
//! and each `Host::yield_now` lets Stop messages in.

use std::future::Future;

use burn::module::Module;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::{AdamConfig, GradientsParams};
use burn::prelude::*;
use burn::tensor::Transaction;

use crate::batcher::{Batch, batch_count, batches, epoch_order, make_batch};
use crate::config::{BackendKind, TrainConfig};
use crate::data::{Dataset, ImageSet};
use crate::messages::{RunReport, StepLoss, WorkerMessage};
use crate::metrics::{EpochRecord, Running};
use crate::model::Mlp;

/// What the loop needs from where it runs.
pub trait Host {
    /// Milliseconds from any fixed origin (`Instant` does not exist in a browser).
    fn now_ms(&self) -> f64;
    fn send(&mut self, message: WorkerMessage);
    fn stop_requested(&self) -> bool;
    /// Hands control back to the host's event loop for a moment.
    fn yield_now(&mut self) -> impl Future<Output = ()>;
}

const PROGRESS_EVERY_MS: f64 = 150.0;
const YIELD_EVERY_MS: f64 = 40.0;
/// Validation runs without gradients, so it can take bigger batches.
const EVAL_BATCH: usize = 256;

pub async fn train(
    config: &TrainConfig,
    data: &Dataset,
    device: &Device,
    backend: BackendKind,
    host: &mut impl Host,
) -> Result<RunReport, String> {
    config.validate()?;
    let classes = data.classes.len();
    let train_set = data.train.stratified_head(config.train_limit, classes);
    if train_set.is_empty() || data.val.is_empty() {
        return Err("The dataset has no training or no validation images.".into());
    }
    let autodiff = device.clone().autodiff();
    let mut model = Mlp::new(train_set.image_len(), &config.hidden, classes, config.seed, &autodiff);
    // PyTorch's Adam eps is 1e-8; burn's default is 1e-5.
    let mut optimizer = AdamConfig::new().with_epsilon(1e-8).init();
    let loss_fn = CrossEntropyLossConfig::new().init(&autodiff);

    let per_epoch = batch_count(train_set.len(), config.batch_size);
    let total_steps = per_epoch * config.epochs;
    let params = model.num_params();
    host.send(WorkerMessage::Started {
        backend,
        classes: data.classes.clone(),
        train_count: train_set.len(),
        val_count: data.val.len(),
        batches_per_epoch: per_epoch,
        epochs: config.epochs,
        params,
    });

    let start = host.now_ms();
    let (mut last_progress, mut last_yield) = (start, start);
    let mut records = Vec::new();
    let mut pending = Vec::new();
    let mut step = 0;
    let mut stopped = false;
    let mut train_ms = 0.0;
    let mut images_seen = 0usize;

    for epoch in 1..=config.epochs {
        let epoch_start = host.now_ms();
        let mut running = Running::default();
        let order = epoch_order(train_set.len(), config.seed, epoch);
        for (index, indices) in batches(&order, config.batch_size).enumerate() {
            if host.stop_requested() {
                stopped = true;
                break;
            }
            let batch_start = host.now_ms();
            let batch_len = indices.len();
            let (x, y) = batch_tensors(make_batch(&train_set, indices), train_set.image_len(), &autodiff);
            let logits = model.forward(x);
            let loss = loss_fn.forward(logits.clone(), y.clone());
            let correct = count_correct(logits, y);
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = optimizer.step(config.lr, model, grads);
            let [loss, correct] = read_scalars(loss, correct).await?;
            if !loss.is_finite() {
                return Err(format!(
                    "The loss became {loss} at epoch {epoch}, batch {} (try a smaller learning rate).",
                    index + 1
                ));
            }
            running.add(loss, correct as usize, batch_len);
            step += 1;
            images_seen += batch_len;
            pending.push(StepLoss { step, loss });

            let now = host.now_ms();
            train_ms += now - batch_start;
            if now - last_progress >= PROGRESS_EVERY_MS || index + 1 == per_epoch {
                let eta_seconds = (now - start) / step as f64 * (total_steps - step) as f64 / 1000.0;
                let position = (epoch, index + 1, per_epoch, config.epochs);
                host.send(progress(position, images_seen, train_ms, eta_seconds, &mut pending));
                last_progress = now;
            }
            if now - last_yield >= YIELD_EVERY_MS {
                host.yield_now().await;
                last_yield = host.now_ms();
            }
        }
        if running.count() == 0 {
            break; // stopped before this epoch's first batch: nothing to report
        }
        if !pending.is_empty() {
            // Stopped mid-interval: the curve still gets every step that ran.
            let position = (epoch, running.count().div_ceil(config.batch_size), per_epoch, config.epochs);
            host.send(progress(position, images_seen, train_ms, 0.0, &mut pending));
        }
        let (val_loss, val_accuracy) = evaluate(&model.valid(), &data.val, device).await?;
        let record = EpochRecord {
            epoch,
            train_loss: running.loss(),
            train_accuracy: running.accuracy(),
            val_loss,
            val_accuracy,
            lr: config.lr,
            seconds: (host.now_ms() - epoch_start) / 1000.0,
            partial: stopped,
        };
        host.send(WorkerMessage::Epoch { record: record.clone() });
        records.push(record);
        if stopped {
            break;
        }
    }

    Ok(RunReport {
        config: config.clone(),
        backend,
        classes: data.classes.clone(),
        epochs: records,
        params,
        train_count: train_set.len(),
        val_count: data.val.len(),
        stopped,
        seconds: (host.now_ms() - start) / 1000.0,
        aula_version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// A progress message carrying (and emptying) the losses not yet sent.
/// `position` is (epoch, batch, batches per epoch, epochs).
fn progress(
    (epoch, batch, batches, epochs): (usize, usize, usize, usize),
    images_seen: usize,
    train_ms: f64,
    eta_seconds: f64,
    pending: &mut Vec<StepLoss>,
) -> WorkerMessage {
    WorkerMessage::Progress {
        epoch,
        batch,
        batches,
        epochs,
        images_per_sec: images_seen as f64 / (train_ms / 1000.0).max(1e-9),
        eta_seconds,
        losses: std::mem::take(pending),
    }
}

/// Mean loss and accuracy over a split, accumulated on the device and read once.
pub async fn evaluate(model: &Mlp, set: &ImageSet, device: &Device) -> Result<(f64, f64), String> {
    let loss_fn = CrossEntropyLossConfig::new().init(device);
    let order: Vec<usize> = (0..set.len()).collect();
    let mut loss_sum = Tensor::<1>::zeros([1], device);
    let mut correct_sum = Tensor::<1, Int>::zeros([1], device);
    for indices in batches(&order, EVAL_BATCH) {
        let (x, y) = batch_tensors(make_batch(set, indices), set.image_len(), device);
        let logits = model.forward(x);
        loss_sum = loss_sum + loss_fn.forward(logits.clone(), y.clone()).mul_scalar(indices.len() as f64);
        correct_sum = correct_sum + count_correct(logits, y);
    }
    let [loss_sum, correct] = read_scalars(loss_sum, correct_sum).await?;
    Ok((loss_sum / set.len() as f64, correct / set.len() as f64))
}

/// Inputs `[n, image_len]` and targets `[n]` on `device`.
pub fn batch_tensors(batch: Batch, image_len: usize, device: &Device) -> (Tensor<2>, Tensor<1, Int>) {
    let n = batch.len;
    (
        Tensor::from_data(TensorData::new(batch.inputs, [n, image_len]), device),
        Tensor::from_data(TensorData::new(batch.targets, [n]), device),
    )
}

fn count_correct(logits: Tensor<2>, targets: Tensor<1, Int>) -> Tensor<1, Int> {
    let [n, _] = logits.dims();
    logits.argmax(1).reshape([n]).equal(targets).int().sum()
}

/// One readback for both numbers: on WebGPU every read is a round trip, so batch them.
/// Always the async form: synchronous reads panic in a browser.
async fn read_scalars(loss: Tensor<1>, count: Tensor<1, Int>) -> Result<[f64; 2], String> {
    let data = Transaction::default()
        .register(loss)
        .register(count)
        .execute_async()
        .await
        .map_err(|e| format!("Reading results from the device failed: {e:?}"))?;
    let first = |d: &TensorData| d.iter::<f64>().next().unwrap_or(f64::NAN);
    Ok([first(&data[0]), first(&data[1])])
}

/// Losses of `steps` Adam steps on one fixed batch (demo shapes, seeded weights and inputs).
/// Run on two backends, the numbers must agree: the guard against a shader that fails
/// validation on wasm and silently returns wrong values.
pub async fn fixed_batch_losses(device: &Device, steps: usize) -> Result<Vec<f64>, String> {
    let (batch_size, input, classes) = (64, 784, 10);
    let autodiff = device.clone().autodiff();
    let mut rng = crate::rng::Rng::new(2024);
    let batch = Batch {
        inputs: (0..batch_size * input).map(|_| rng.next_f64() as f32).collect(),
        targets: (0..batch_size as i64).map(|i| i % classes as i64).collect(),
        len: batch_size,
    };
    let mut model = Mlp::new(input, &[256, 128], classes, 7, &autodiff);
    let mut optimizer = AdamConfig::new().with_epsilon(1e-8).init();
    let loss_fn = CrossEntropyLossConfig::new().init(&autodiff);
    let mut losses = Vec::with_capacity(steps);
    for _ in 0..steps {
        let (x, y) = batch_tensors(batch.clone(), input, &autodiff);
        let logits = model.forward(x);
        let loss = loss_fn.forward(logits.clone(), y.clone());
        let correct = count_correct(logits, y);
        let grads = GradientsParams::from_grads(loss.backward(), &model);
        model = optimizer.step(1e-3, model, grads);
        losses.push(read_scalars(loss, correct).await?[0]);
    }
    Ok(losses)
}
