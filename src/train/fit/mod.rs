//! The training loop, in the shape of burn's custom-training-loop example: set the run up,
//! then per epoch train on every batch and end the epoch (evaluate, schedule, callbacks),
//! then write the report. It is async so one body serves both hosts: natively it is driven
//! by a blocking executor, in the worker by the browser's event loop, where each readback
//! and each `Host::yield_now` lets Stop messages in.

use burn::module::Module;
use burn::prelude::*;

use super::callbacks::{BestTracker, EarlyStopping, Ending};
use super::evaluate::{Evaluation, evaluate_watched};
use super::event::{EpochResult, RunStart, TrainEvent};
use super::fine_tune::copied;
use super::finishing::{Watch, YIELD_EVERY_MS, status};
use super::host::Host;
use super::in_flight::{InFlight, read_depth};
use super::optimizer::{self, OptimizerSettings};
use super::pace::Pace;
use super::readback;
use super::schedule::{LrScheduler, Schedule};
use super::stage::{Evaluating, Stage};
use super::step::Stepper;
use crate::config::{BackendKind, TrainConfig};
use crate::data::augment::Augmentations;
use crate::data::batcher::{Prep, epoch_order, make_batch, train_batch_count, train_batches};
use crate::data::images::{THUMB_COUNT, THUMB_SIDE};
use crate::data::normalize::Normalize;
use crate::data::{Dataset, Images, Split};
use crate::model::memory::fits_in_worker;
use crate::model::{Network, TrainedModel, inspect, summary};
use crate::report::{Confusion, EpochRecord, RunReport, RunTiming, Running};
use crate::rng::Rng;

mod outcome;
use outcome::Kept;

const PROGRESS_EVERY_MS: f64 = 150.0;
/// Stream of the device's (dropout's) seed, apart from init, shuffles and augmentation.
const DROPOUT_STREAM: u64 = 0x4452_4f50;

/// Trains `config`'s model on `data`, sending `Started`, `Progress` and `Epoch` messages to
/// `host` as it goes, and returns the run's report.
pub async fn train(
    config: &TrainConfig,
    data: &Dataset,
    device: &Device,
    backend: BackendKind,
    host: &mut impl Host,
) -> Result<RunReport, String> {
    Ok(train_model(config, data, device, backend, host, None).await?.0)
}

/// As [`train`], and also returns the trained model: the reported epoch's weights (the best
/// epoch's with `keep = best`, the last with `keep = last`). With `from`, training continues
/// from that model's weights and Normalize statistics (fine-tuning), if it fits.
pub async fn train_model(
    config: &TrainConfig,
    data: &Dataset,
    device: &Device,
    backend: BackendKind,
    host: &mut impl Host,
    from: Option<&TrainedModel>,
) -> Result<(RunReport, TrainedModel), String> {
    let entered = host.now_ms();
    config.validate()?;
    let train_set = data.train.stratified_head(config.train_limit, data.classes.len());
    if train_set.is_empty() || data.val.is_empty() {
        return Err("The dataset has no training or no validation images.".into());
    }
    let classes = data.classes.len();
    fits_in_worker(config, data)?;
    // Dropout masks come from the backend's generator: seeded per run, the same seed gives
    // the same run (flex's generator is one per process, so runs in one process take turns).
    device.seed(Rng::derived(config.seed, DROPOUT_STREAM).next_u64());
    let mut run = Run::new(config, data, &train_set, device, backend, entered);
    let mut model = match from {
        Some(start) => {
            start.fits(config, train_set.shape(), &data.classes)?;
            run.prep.normalize = start.normalize.clone();
            copied(start, config, &run.autodiff).await?
        }
        None => Network::new(config, train_set.shape(), classes, &run.autodiff)?,
    };
    let set_up = host.now_ms();
    run.timing.setup_ms = set_up - entered;
    host.send(run.started(&model)?);
    run.timing.started_ms = host.now_ms() - set_up;
    run.pace = Pace::new(host.now_ms(), run.pace.total_steps); // the clock starts with training
    for epoch in 1..=config.epochs {
        let trained;
        (model, trained) = run.train_epoch(model, epoch, host).await?;
        if !run.end_epoch(&model, trained, host).await? {
            break;
        }
    }
    run.report(&model, host).await
}

/// Everything a run keeps between batches and epochs, except the model (which each
/// optimizer step consumes and returns).
struct Run<'a> {
    config: &'a TrainConfig,
    data: &'a Dataset,
    train_set: &'a Split,
    prep: Prep,
    device: Device,
    autodiff: Device,
    backend: BackendKind,
    stepper: Stepper,
    scheduler: LrScheduler,
    best: BestTracker,
    early: Option<EarlyStopping>,
    pace: Pace,
    records: Vec<EpochRecord>,
    /// What a report can name of the best epoch and of the last one: their confusion
    /// matrices (not every epoch's: they grow with the square of the classes), and the best
    /// epoch's weights, frozen for inference (BatchNorm's running statistics with them).
    best_kept: Option<Kept>,
    last_confusion: Option<Confusion>,
    ending: Ending,
    /// Whether the host has been told the run is stopping (once).
    stop_announced: bool,
    /// When the run was entered, and where its time has gone since.
    entered: f64,
    timing: RunTiming,
}

/// One epoch's training, before it is evaluated.
struct Trained {
    epoch: usize,
    lr: f64,
    running: Running,
    started_ms: f64,
    /// Gradients of the epoch's last batch, for the histograms (none when Stop cut it short).
    gradients: Vec<(String, Tensor<1>)>,
}

impl<'a> Run<'a> {
    fn new(
        config: &'a TrainConfig,
        data: &'a Dataset,
        train_set: &'a Split,
        device: &Device,
        backend: BackendKind,
        now: f64,
    ) -> Self {
        let autodiff = device.clone().autodiff();
        // min_delta is EarlyStopping's (Keras'): without it, any strict improvement is the best.
        let min_delta = if config.early_stopping { config.min_delta } else { 0.0 };
        let best = BestTracker::with_min_delta(config.monitor, min_delta);
        Self {
            config,
            data,
            train_set,
            // Statistics from the train images actually used; augmentation for train batches only.
            prep: Prep {
                normalize: Normalize::for_config(config, train_set),
                augment: Augmentations::from_config(config),
            },
            device: device.clone(),
            stepper: Stepper::new(optimizer::build(&OptimizerSettings::from(config), &autodiff), &autodiff),
            autodiff,
            backend,
            scheduler: LrScheduler::new(Schedule::from_config(config), config.lr),
            best,
            early: config.early_stopping.then(|| EarlyStopping::new(config.patience)),
            pace: Pace::new(
                now,
                train_batch_count(train_set.len(), config.batch_size, config.batch_norm) * config.epochs,
            ),
            records: Vec::new(),
            best_kept: None,
            last_confusion: None,
            ending: Ending::Completed,
            stop_announced: false,
            entered: now,
            timing: RunTiming::default(),
        }
    }

    fn batches_per_epoch(&self) -> usize {
        train_batch_count(self.train_set.len(), self.config.batch_size, self.config.batch_norm)
    }

    fn started(&self, model: &Network) -> Result<TrainEvent, String> {
        let (shape, classes) = (self.train_set.shape(), self.data.classes.len());
        Ok(TrainEvent::Started(RunStart {
            backend: self.backend,
            classes: self.data.classes.clone(),
            train_count: self.train_set.len(),
            val_count: self.data.val.len(),
            batches_per_epoch: self.batches_per_epoch(),
            epochs: self.config.epochs,
            params: model.num_params(),
            val_labels: self.data.val.labels.clone(),
            summary: summary(self.config, shape, classes)?,
            val_images: self.data.val.thumbnails(THUMB_COUNT, THUMB_SIDE),
        }))
    }

    /// Trains on every batch of `epoch`, unless Stop or a diverging loss ends it early.
    async fn train_epoch(
        &mut self,
        mut model: Network,
        epoch: usize,
        host: &mut impl Host,
    ) -> Result<(Network, Trained), String> {
        let config = self.config;
        let per_epoch = self.batches_per_epoch();
        let lr = self.scheduler.lr_for_epoch();
        let mut trained = Trained {
            epoch,
            lr,
            running: Running::default(),
            started_ms: host.now_ms(),
            gradients: Vec::new(),
        };
        let order = epoch_order(self.train_set.len(), config.seed, epoch);
        let mut in_flight = InFlight::new(read_depth(self.backend));
        for (index, indices) in
            train_batches(&order, config.batch_size, config.batch_norm).into_iter().enumerate()
        {
            if host.stop_requested() {
                self.ending = Ending::Stopped;
                self.announce_stop(host);
                break;
            }
            let batch_start = host.now_ms();
            let batch = make_batch(self.train_set, indices, &self.prep, Some((config.seed, epoch)));
            let batch_made = host.now_ms();
            self.timing.batches_ms += batch_made - batch_start;
            // The epoch's last batch keeps its gradients for the histograms, read back once
            // with the weights.
            let last = index + 1 == per_epoch;
            let (stepped, step) = self.stepper.step(model, batch, self.train_set.image_len(), lr, last);
            model = stepped;
            self.timing.steps_ms += host.now_ms() - batch_made;
            in_flight.push(index, indices.len(), &step, batch_start);
            if last {
                trained.gradients = step.gradients;
            }
            // Read back when the queue is full, for a progress message, and at the epoch's end.
            let due =
                in_flight.full() || last || host.now_ms() - self.pace.last_progress >= PROGRESS_EVERY_MS;
            if due && !self.settle(&mut in_flight, &mut trained, host, true).await? {
                return Ok((model, trained)); // diverged
            }
            if host.now_ms() - self.pace.last_yield >= YIELD_EVERY_MS {
                host.yield_now().await;
                self.pace.last_yield = host.now_ms();
            }
        }
        // Stopped: the steps that ran still count (`end_epoch` sends them as stopped).
        if self.ending == Ending::Stopped && !in_flight.is_empty() {
            host.send(status(Stage::ReadingBack));
        }
        self.settle(&mut in_flight, &mut trained, host, false).await?;
        Ok((model, trained))
    }

    /// Reads back the steps in flight and counts them, in order; with `tick`, sends progress
    /// when due. False when a loss is not finite: the run has diverged (the steps after it are
    /// dropped).
    async fn settle(
        &mut self,
        in_flight: &mut InFlight,
        trained: &mut Trained,
        host: &mut impl Host,
        tick: bool,
    ) -> Result<bool, String> {
        if in_flight.is_empty() {
            return Ok(true);
        }
        let since = in_flight.since();
        let reading = host.now_ms();
        let settled = in_flight.settle().await?;
        let now = host.now_ms();
        self.timing.steps_ms += now - reading;
        let share = (now - since) / settled.len() as f64;
        let per_epoch = self.batches_per_epoch();
        for step in &settled {
            if !step.loss.is_finite() {
                self.ending = Ending::Diverged(format!(
                    "The loss became {} at epoch {}, batch {}: training stopped. \
                     Try a smaller learning rate{}.",
                    step.loss,
                    trained.epoch,
                    step.index + 1,
                    if self.best.best_epoch().is_some() { "; the best epoch's results are kept" } else { "" }
                ));
                return Ok(false);
            }
            trained.running.add(step.loss, step.correct as usize, step.images);
            self.pace.stepped(step.loss, step.images, share);
        }
        let batch = settled.last().map_or(0, |s| s.index + 1);
        if tick && (now - self.pace.last_progress >= PROGRESS_EVERY_MS || batch == per_epoch) {
            host.send(self.pace.progress((trained.epoch, batch, per_epoch, self.config.epochs), now, false));
            self.timing.messages_ms += host.now_ms() - now;
        }
        Ok(true)
    }

    /// Evaluates the epoch, sends it, and steps the schedule and the callbacks. False when
    /// the run ends here.
    async fn end_epoch(
        &mut self,
        model: &Network,
        trained: Trained,
        host: &mut impl Host,
    ) -> Result<bool, String> {
        if matches!(self.ending, Ending::Diverged(_)) || trained.running.count() == 0 {
            return Ok(false); // diverged, or stopped before this epoch's first batch: nothing to report
        }
        let config = self.config;
        if self.pace.has_pending() {
            // Stopped mid-interval: the curve still gets every step that ran.
            let batch = trained.running.count().div_ceil(config.batch_size);
            let position = (trained.epoch, batch, self.batches_per_epoch(), config.epochs);
            let now = host.now_ms();
            host.send(self.pace.progress(position, now, true));
            self.timing.messages_ms += host.now_ms() - now;
        }
        let stopped = self.ending == Ending::Stopped;
        let what = if stopped {
            host.send(status(Stage::EvaluatingCutShort { images: self.data.val.len() }));
            (Evaluating::CutShort, trained.epoch)
        } else {
            (Evaluating::EpochBeforeStopping, trained.epoch)
        };
        let evaluating = host.now_ms();
        let evaluation = self.evaluate(model, &self.data.val, host, what, stopped).await?;
        let evaluated = host.now_ms();
        if stopped {
            host.send(status(Stage::ReadingHistograms));
        }
        self.timing.evaluation_ms += evaluated - evaluating;
        let record = EpochRecord {
            epoch: trained.epoch,
            train_loss: trained.running.loss(),
            train_accuracy: trained.running.accuracy(),
            val_loss: evaluation.loss,
            val_accuracy: evaluation.accuracy,
            lr: trained.lr,
            seconds: (evaluated - trained.started_ms) / 1000.0,
            partial: self.ending == Ending::Stopped,
        };
        let weights = readback::histograms(inspect::weights(model)).await?;
        let gradients = readback::histograms(trained.gradients).await?;
        let sending = host.now_ms();
        self.timing.histograms_ms += sending - evaluated;
        host.send(TrainEvent::Epoch(EpochResult {
            record: record.clone(),
            confusion: evaluation.confusion.clone(),
            predicted: evaluation.predicted,
            confidence: evaluation.confidence,
            weights,
            gradients,
        }));
        self.timing.messages_ms += host.now_ms() - sending;
        self.scheduler.end_epoch(record.val_loss);
        let improved = self.best.update(record.epoch, record.value(config.monitor));
        let stop_early = self.early.as_mut().is_some_and(|e| e.update(record.epoch, improved));
        self.records.push(record);
        if improved {
            // A copy for inference: later steps make new tensors, so this one stays as it is.
            let network = model.valid();
            self.best_kept =
                Some(Kept { confusion: evaluation.confusion.clone(), network, steps: self.pace.step });
        }
        self.last_confusion = Some(evaluation.confusion);
        if self.ending == Ending::Stopped {
            return Ok(false);
        }
        if stop_early {
            self.ending = Ending::EarlyStopped;
            return Ok(false);
        }
        Ok(true)
    }

    /// Evaluates `model` on `set`, yielding to `host` between batches; `what` names the
    /// stage in the statuses sent while the run stops.
    async fn evaluate(
        &mut self,
        model: &Network,
        set: &Split,
        host: &mut impl Host,
        what: (Evaluating, usize),
        stopping: bool,
    ) -> Result<Evaluation, String> {
        let mut watch = Watch::new(host, what, stopping, self.stop_announced);
        let classes = self.data.classes.len();
        let evaluation =
            evaluate_watched(&model.valid(), set, classes, &self.prep, &self.device, &mut watch).await;
        self.stop_announced = watch.announced;
        evaluation
    }

    /// Tells the host, once, that the run is stopping.
    fn announce_stop(&mut self, host: &mut impl Host) {
        if !self.stop_announced {
            self.stop_announced = true;
            host.send(TrainEvent::Stopping);
        }
    }
}
