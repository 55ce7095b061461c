//! The training loop. It is async so one body serves both hosts: natively it is driven by a
//! blocking executor, in the worker by the browser's event loop, where each GPU readback
//! and each `Host::yield_now` lets Stop messages in.

use std::future::Future;

use burn::module::Module;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::GradientsParams;
use burn::prelude::*;
use burn::tensor::{Transaction, activation};

use crate::augment::Augmentations;
use crate::batcher::{Batch, Prep, batch_count, batches, epoch_order, make_batch};
use crate::callbacks::{BestTracker, EarlyStopping, EarlyStoppingConfig};
use crate::config::{BackendKind, Keep, ScheduleKind, TrainConfig};
use crate::data::{Dataset, ImageSet};
use crate::inspect;
use crate::messages::{RunReport, StepLoss, WorkerMessage};
use crate::metrics::{EpochRecord, Running};
use crate::model::{ImageShape, Mlp, MlpSpec, Network, summary};
use crate::normalize::Normalize;
use crate::optimizer::{self, OptimizerSettings};
use crate::report::{Confusion, Report};
use crate::schedule::{LrScheduler, Schedule};

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
    // Statistics from the train images actually used; augmentation for train batches only.
    let prep = Prep {
        normalize: Normalize::for_config(config, &train_set),
        augment: Augmentations::from_config(config),
    };
    let autodiff = device.clone().autodiff();
    let mut model = Network::new(config, ImageShape::of(&train_set), classes, &autodiff)?;
    let mut optimizer = optimizer::build(&OptimizerSettings::from(config));
    let mut scheduler = LrScheduler::new(schedule_of(config), config.lr);
    let mut best = BestTracker::with_min_delta(config.monitor, config.min_delta);
    let mut early = config.early_stopping.then(|| {
        EarlyStopping::new(EarlyStoppingConfig {
            monitor: config.monitor,
            patience: config.patience,
            min_delta: config.min_delta,
            restore_best_weights: config.keep == Keep::Best,
        })
    });
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
        val_labels: data.val.labels.clone(),
        summary: summary(config, ImageShape::of(&train_set), classes)?,
        val_images: data.val.thumbnails(crate::data::THUMB_COUNT, crate::data::THUMB_SIDE),
    });

    let start = host.now_ms();
    let (mut last_progress, mut last_yield) = (start, start);
    let mut records = Vec::new();
    let mut confusions = Vec::new();
    let mut pending = Vec::new();
    let mut step = 0;
    let mut ended = Ending::Completed;
    let mut train_ms = 0.0;
    let mut images_seen = 0usize;
    let mut last_gradients = Vec::new();

    'epochs: for epoch in 1..=config.epochs {
        let epoch_start = host.now_ms();
        let lr = scheduler.lr_for_epoch();
        let mut running = Running::default();
        let order = epoch_order(train_set.len(), config.seed, epoch);
        for (index, indices) in batches(&order, config.batch_size).enumerate() {
            if host.stop_requested() {
                ended = Ending::Stopped;
                break;
            }
            let batch_start = host.now_ms();
            let batch_len = indices.len();
            let batch = make_batch(&train_set, indices, &prep, Some((config.seed, epoch)));
            let (x, y) = batch_tensors(batch, train_set.image_len(), &autodiff);
            let logits = model.forward(x);
            let loss = loss_fn.forward(logits.clone(), y.clone());
            let correct = count_correct(logits, y);
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            if index + 1 == per_epoch {
                // The epoch's last batch: keep handles to its gradients for the histograms,
                // read back once with the weights. (An epoch cut short by Stop has none.)
                last_gradients = inspect::gradients(&model, &grads);
            }
            model = optimizer.step(lr, model, grads);
            let [loss, correct] = read_scalars(loss, correct).await?;
            if !loss.is_finite() {
                ended = Ending::Diverged(format!(
                    "The loss became {loss} at epoch {epoch}, batch {}: training stopped. \
                     Try a smaller learning rate{}.",
                    index + 1,
                    if best.best_epoch().is_some() { "; the best epoch's results are kept" } else { "" }
                ));
                break 'epochs;
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
        let evaluation = evaluate(&model.valid(), &data.val, classes, &prep, device).await?;
        let record = EpochRecord {
            epoch,
            train_loss: running.loss(),
            train_accuracy: running.accuracy(),
            val_loss: evaluation.loss,
            val_accuracy: evaluation.accuracy,
            lr,
            seconds: (host.now_ms() - epoch_start) / 1000.0,
            partial: ended == Ending::Stopped,
        };
        host.send(WorkerMessage::Epoch {
            record: record.clone(),
            confusion: evaluation.confusion.clone(),
            predicted: evaluation.predicted,
            confidence: evaluation.confidence,
            weights: inspect::histograms(inspect::weights(&model)).await?,
            gradients: inspect::histograms(std::mem::take(&mut last_gradients)).await?,
        });
        scheduler.end_epoch(record.val_loss);
        best.update(epoch, config.monitor.value(&record));
        let stop_early = early.as_mut().is_some_and(|e| e.update_record(&record));
        records.push(record);
        confusions.push(evaluation.confusion);
        if ended == Ending::Stopped {
            break;
        }
        if stop_early {
            ended = Ending::EarlyStopped;
            break;
        }
    }

    // The reported epoch: the best one unless the user keeps the last (and a run that
    // diverged always falls back to its best).
    let diverged = matches!(ended, Ending::Diverged(_));
    let reported = match (config.keep, best.best_epoch()) {
        (Keep::Best, Some(epoch)) => Some(epoch),
        (_, Some(epoch)) if diverged => Some(epoch),
        _ => records.last().map(|r| r.epoch),
    };
    let confusion = reported.and_then(|epoch| confusions.get(epoch - 1).cloned());
    // The held-out test split, once, with the final weights (none to trust after a divergence).
    let test = if data.test.is_empty() || diverged {
        None
    } else {
        Some(evaluate(&model.valid(), &data.test, classes, &prep, device).await?)
    };
    Ok(RunReport {
        config: config.clone(),
        backend,
        classes: data.classes.clone(),
        report: confusion.as_ref().map(Report::from_confusion),
        confusion,
        best_epoch: reported,
        epochs: records,
        params,
        train_count: train_set.len(),
        val_count: data.val.len(),
        test_count: data.test.len(),
        test_accuracy: test.as_ref().map(|t| t.accuracy),
        test_loss: test.as_ref().map(|t| t.loss),
        normalize_mean: prep.normalize.mean.clone(),
        normalize_std: prep.normalize.std.clone(),
        stopped: ended == Ending::Stopped,
        early_stopped: ended == Ending::EarlyStopped,
        halted: match ended {
            Ending::Diverged(message) => Some(message),
            _ => None,
        },
        seconds: (host.now_ms() - start) / 1000.0,
        aula_version: env!("CARGO_PKG_VERSION").into(),
        data: None,
    })
}

/// Why the epoch loop ended.
#[derive(Clone, Debug, PartialEq)]
enum Ending {
    Completed,
    Stopped,
    EarlyStopped,
    Diverged(String),
}

pub fn schedule_of(config: &TrainConfig) -> Schedule {
    match config.schedule {
        ScheduleKind::Constant => Schedule::Constant,
        ScheduleKind::StepLr => Schedule::StepLr { step_size: config.step_size, gamma: config.gamma },
        ScheduleKind::Cosine => Schedule::Cosine { t_max: config.epochs, min_lr: config.min_lr },
        ScheduleKind::ReduceOnPlateau => Schedule::ReduceOnPlateau {
            factor: config.plateau_factor,
            patience: config.plateau_patience,
            min_lr: config.min_lr,
            threshold: crate::schedule::DEFAULT_THRESHOLD,
        },
    }
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

/// Loss, accuracy and confusion matrix over a split.
pub struct Evaluation {
    pub loss: f64,
    pub accuracy: f64,
    pub confusion: Confusion,
    /// Predicted class and its softmax probability, per image.
    pub predicted: Vec<u32>,
    pub confidence: Vec<f32>,
}

/// Evaluates without gradients, normalised by `prep` and never augmented. The loss is
/// summed on the device; predictions come back in one read at the end.
pub async fn evaluate(
    model: &Network,
    set: &ImageSet,
    classes: usize,
    prep: &Prep,
    device: &Device,
) -> Result<Evaluation, String> {
    let loss_fn = CrossEntropyLossConfig::new().init(device);
    let order: Vec<usize> = (0..set.len()).collect();
    let mut loss_sum = Tensor::<1>::zeros([1], device);
    let mut predictions = Vec::new();
    let mut confidences = Vec::new();
    for indices in batches(&order, EVAL_BATCH) {
        let n = indices.len();
        let (x, y) = batch_tensors(make_batch(set, indices, prep, None), set.image_len(), device);
        let logits = model.forward(x);
        loss_sum = loss_sum + loss_fn.forward(logits.clone(), y).mul_scalar(n as f64);
        let (confidence, predicted) = activation::softmax(logits, 1).max_dim_with_indices(1);
        predictions.push(predicted.reshape([n]));
        confidences.push(confidence.reshape([n]));
    }
    let data = Transaction::default()
        .register(loss_sum)
        .register(Tensor::cat(predictions, 0))
        .register(Tensor::cat(confidences, 0))
        .execute_async()
        .await
        .map_err(|e| format!("Reading results from the device failed: {e:?}"))?;
    let loss_sum = data[0].iter::<f64>().next().unwrap_or(f64::NAN);
    let predicted: Vec<u32> = data[1].iter::<i64>().map(|p| p as u32).collect();
    let mut confusion = Confusion::new(classes);
    confusion.add_batch(&set.labels, &predicted);
    let confidence: Vec<f32> = data[2].iter::<f32>().collect();
    Ok(Evaluation {
        loss: loss_sum / set.len() as f64,
        accuracy: confusion.accuracy(),
        confusion,
        predicted,
        confidence,
    })
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
    let mut model = Mlp::new(&MlpSpec::plain(input, &[256, 128], classes, 7), &autodiff);
    let mut optimizer = optimizer::build(&OptimizerSettings::default());
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
