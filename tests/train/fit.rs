use crate::common;

use crate::common::{TestHost, band_dataset};
use aula::config::{BackendKind, TrainConfig};
use aula::model::{Mlp, MlpSpec};
use aula::train::parity::Span;
use aula::train::recipe::ParityRecipe;
use aula::train::train;
use aula::train::{EpochResult, RunProgress, RunStart, TrainEvent};
use burn::prelude::*;

fn quick_config() -> TrainConfig {
    TrainConfig { hidden: vec![32], batch_size: 16, epochs: 4, lr: 3e-3, ..TrainConfig::default() }
}

#[test]
fn mlp_maps_a_batch_to_one_logit_per_class() {
    let device = Device::flex();
    for hidden in [vec![], vec![16], vec![32, 16, 8]] {
        let model = Mlp::new(&MlpSpec::plain(64, &hidden, 5, 1), &device);
        let out = model.forward(Tensor::zeros([3, 64], &device));
        assert_eq!(out.dims(), [3, 5], "hidden {hidden:?}");
    }
    let params = Mlp::new(&MlpSpec::plain(784, &[256, 128], 10, 1), &device).num_params();
    assert_eq!(params, 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
}

#[test]
fn a_seed_fixes_the_initial_weights() {
    let device = Device::flex();
    let x = Tensor::<2>::ones([2, 64], &device);
    let out = |seed| Mlp::new(&MlpSpec::plain(64, &[16], 4, seed), &device).forward(x.clone()).into_data();
    assert_eq!(out(7), out(7));
    assert_ne!(out(7), out(8));
}

#[test]
fn training_lowers_the_loss_and_beats_chance() {
    let data = band_dataset(4);
    let mut host = TestHost::new();
    let report =
        pollster::block_on(train(&quick_config(), &data, &Device::flex(), BackendKind::Cpu, &mut host))
            .unwrap();

    assert_eq!(report.epochs.len(), 4);
    let (first, last) = (&report.epochs[0], &report.epochs[3]);
    assert!(last.train_loss < first.train_loss * 0.7, "{} -> {}", first.train_loss, last.train_loss);
    assert!(last.val_accuracy >= 0.9, "val accuracy {} (chance is 0.25)", last.val_accuracy);
    assert!(report.epochs.iter().all(|e| !e.partial && e.lr == quick_config().lr));
    assert_eq!((report.train_count, report.val_count), (160, 40));
    assert!(!report.stopped);

    // Bookkeeping: one loss per step, in order, and per-epoch messages match the report.
    let steps: Vec<usize> = host
        .messages
        .iter()
        .flat_map(|m| match m {
            TrainEvent::Progress(RunProgress { losses, .. }) => losses.iter().map(|l| l.step).collect(),
            _ => vec![],
        })
        .collect();
    assert_eq!(steps, (1..=4 * 10).collect::<Vec<_>>());
    let epochs: Vec<_> = host
        .messages
        .iter()
        .filter_map(|m| match m {
            TrainEvent::Epoch(EpochResult { weights, gradients, predicted, confidence, .. }) => {
                Some((weights.len(), gradients.len(), predicted.len(), confidence.len()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(epochs, vec![(2, 2, 40, 40); 4], "per epoch: weight and gradient histograms, val predictions");
    assert!(
        matches!(host.messages[0], TrainEvent::Started(RunStart { batches_per_epoch: 10, params, .. }) if params == report.params)
    );
}

#[test]
fn the_same_seed_gives_the_same_run() {
    let data = band_dataset(3);
    let run = || {
        let config = TrainConfig { epochs: 2, ..quick_config() };
        pollster::block_on(train(&config, &data, &Device::flex(), BackendKind::Cpu, &mut TestHost::new()))
            .unwrap()
    };
    let (a, b) = (run(), run());
    let losses =
        |r: &aula::report::RunReport| r.epochs.iter().map(|e| (e.train_loss, e.val_loss)).collect::<Vec<_>>();
    assert_eq!(losses(&a), losses(&b));
}

#[test]
fn stop_ends_at_the_next_batch_and_keeps_what_ran() {
    let data = band_dataset(4);
    let mut host = TestHost::new();
    host.stop_after_checks = Some(15);
    let report =
        pollster::block_on(train(&quick_config(), &data, &Device::flex(), BackendKind::Cpu, &mut host))
            .unwrap();
    assert!(report.stopped);
    assert_eq!(report.epochs.len(), 2, "epoch 1 complete, epoch 2 partial");
    assert!(!report.epochs[0].partial && report.epochs[1].partial);
    assert_eq!(host.steps(), 14, "every step that ran was reported, none after Stop");
}

#[test]
fn bad_config_is_refused_before_training() {
    let data = band_dataset(2);
    let config = TrainConfig { batch_size: 0, ..quick_config() };
    let err =
        pollster::block_on(train(&config, &data, &Device::flex(), BackendKind::Cpu, &mut TestHost::new()))
            .unwrap_err();
    assert!(err.contains("batch_size"), "{err}");
}

#[test]
fn the_parity_batches_train_on_flex() {
    use aula::train::recipe::ParityRecipe;
    for recipe in [
        ParityRecipe::MlpAdam,
        ParityRecipe::CnnBatchNormMomentum,
        ParityRecipe::ShortBatchMlpAdam,
        ParityRecipe::WideMlpAdam,
        ParityRecipe::CnnAdam,
    ] {
        let losses =
            pollster::block_on(aula::train::parity::fixed_batch_losses(&Device::flex(), 5, recipe)).unwrap();
        assert_eq!(losses.len(), 5);
        // The three the browser's parity test uses fall at every step; the benchmark's wide ones
        // (random 12288-value inputs) may wobble but learn.
        let parity = matches!(
            recipe,
            ParityRecipe::MlpAdam | ParityRecipe::CnnBatchNormMomentum | ParityRecipe::ShortBatchMlpAdam
        );
        assert!(
            losses[4] < losses[0] && (!parity || losses.windows(2).all(|w| w[1] < w[0])),
            "{recipe:?}: {losses:?}"
        );
        assert!((losses[0] - 10f64.ln()).abs() < 0.5, "{recipe:?} starts near ln(10): {losses:?}");
    }
    // The speed benchmark steps the same recipes and counts images per second.
    let clock = std::time::Instant::now();
    let now = || clock.elapsed().as_secs_f64() * 1000.0;
    let mut marks = 0;
    let speed = pollster::block_on(aula::train::parity::recipe_speed(
        &Device::flex(),
        ParityRecipe::MlpAdam,
        (Span::steps(1), 2),
        1,
        now,
        || {
            marks += 1;
            marks
        },
    ))
    .unwrap();
    let (rate, first) = (speed.images_per_sec, speed.first_step_ms);
    assert!(rate.is_finite() && rate > 0.0 && first > 0.0, "{rate} images/s, first step {first} ms");
    assert!(speed.issue_ms > 0.0, "{speed:?}");
    assert_eq!(speed.warmup_steps, 1, "{speed:?}");
    // Marks at the start and after each of the warm-up's two phases, then, on a fresh copy of
    // the model, at the start, after its untimed first step and after the timed steps.
    assert_eq!(speed.marks, [5, 6]);
}

/// A warm-up with a floor in ms goes on past its steps until that time has passed (on a clock
/// that moves 1 ms each time it is read).
#[test]
fn the_speed_warm_up_lasts_at_least_its_ms() {
    let ticks = std::cell::Cell::new(0.0);
    let clock = || {
        ticks.set(ticks.get() + 1.0);
        ticks.get()
    };
    let warmup = Span { steps: 2, min_ms: 40.0 };
    let speed = pollster::block_on(aula::train::parity::recipe_speed(
        &Device::flex(),
        ParityRecipe::MlpAdam,
        (warmup, 3),
        1,
        clock,
        || (),
    ))
    .unwrap();
    // Each step reads the clock a few times: 40 ms take more than the 2 steps asked for.
    assert!(speed.warmup_steps > 2 && speed.warmup_ms >= 40.0, "{speed:?}");
    assert!(speed.images_per_sec > 0.0, "{speed:?}");
    // Without the floor, the steps asked for and no more.
    let speed = pollster::block_on(aula::train::parity::recipe_speed(
        &Device::flex(),
        ParityRecipe::MlpAdam,
        (Span::steps(2), 3),
        1,
        clock,
        || (),
    ))
    .unwrap();
    assert_eq!(speed.warmup_steps, 2, "{speed:?}");
}

/// The same run read back one step at a time (the CPU's depth) and 16 at a time (WebGPU's),
/// both on flex: the same losses, every step reported once and in order.
#[test]
fn steps_read_back_sixteen_at_a_time_give_the_same_run() {
    let data = band_dataset(4);
    let run = |backend| {
        let mut host = TestHost::new();
        // 40 batches an epoch: the 16-deep queue fills and is read twice before the last batch.
        let config = TrainConfig { epochs: 2, batch_size: 4, ..quick_config() };
        let report = pollster::block_on(train(&config, &data, &Device::flex(), backend, &mut host)).unwrap();
        let losses: Vec<(usize, f64)> = host
            .messages
            .iter()
            .flat_map(|m| match m {
                TrainEvent::Progress(RunProgress { losses, .. }) => {
                    losses.iter().map(|l| (l.step, l.loss)).collect()
                }
                _ => vec![],
            })
            .collect();
        (
            report.epochs.iter().map(|e| (e.train_loss, e.train_accuracy, e.val_loss)).collect::<Vec<_>>(),
            losses,
        )
    };
    let (one, sixteen) = (run(BackendKind::Cpu), run(BackendKind::Webgpu));
    assert_eq!(one.1.iter().map(|l| l.0).collect::<Vec<_>>(), (1..=80).collect::<Vec<_>>());
    assert_eq!(one, sixteen);
}

#[test]
fn stop_with_steps_in_flight_keeps_every_step_that_ran() {
    let data = band_dataset(4);
    let mut host = TestHost::new();
    host.stop_after_checks = Some(15);
    let config = quick_config();
    let report =
        pollster::block_on(train(&config, &data, &Device::flex(), BackendKind::Webgpu, &mut host)).unwrap();
    assert!(report.stopped);
    assert_eq!(report.epochs.len(), 2, "epoch 1 complete, epoch 2 partial");
    assert_eq!(host.steps(), 14, "every step that ran was reported, none after Stop");
    // The last progress message says the run stopped: nothing is left to wait for.
    let last = host.messages.iter().rev().find_map(|m| match m {
        TrainEvent::Progress(RunProgress { eta_seconds, .. }) => Some(*eta_seconds),
        _ => None,
    });
    assert_eq!(last, Some(0.0));
}

fn run(config: &TrainConfig, classes: usize) -> aula::report::RunReport {
    let data = band_dataset(classes);
    pollster::block_on(train(config, &data, &Device::flex(), BackendKind::Cpu, &mut TestHost::new())).unwrap()
}

#[test]
fn every_optimizer_and_the_mlp_options_train() {
    use aula::config::{Activation, OptimizerKind};
    for (optimizer, lr) in [
        (OptimizerKind::Sgd, 0.1),
        (OptimizerKind::Momentum, 0.05),
        (OptimizerKind::Nesterov, 0.05),
        (OptimizerKind::Adamw, 3e-3),
        (OptimizerKind::Rmsprop, 1e-3),
    ] {
        let config = TrainConfig { optimizer, lr, weight_decay: 1e-4, epochs: 5, ..quick_config() };
        let report = run(&config, 4);
        let (first, last) = (&report.epochs[0], report.epochs.last().unwrap());
        assert!(
            last.train_loss < first.train_loss,
            "{optimizer:?}: {} -> {}",
            first.train_loss,
            last.train_loss
        );
        assert!(last.val_accuracy > 0.5, "{optimizer:?}: {}", last.val_accuracy);
    }
    let config = TrainConfig {
        activation: Activation::Gelu,
        batch_norm: true,
        dropout: 0.2,
        init: aula::config::InitKind::HeNormal,
        epochs: 5,
        ..quick_config()
    };
    let report = run(&config, 4);
    assert!(report.epochs.last().unwrap().val_accuracy > 0.5, "{:?}", report.epochs);
}

#[test]
fn step_lr_and_cosine_set_each_epochs_lr() {
    use aula::config::ScheduleKind;
    let config =
        TrainConfig { schedule: ScheduleKind::StepLr, step_size: 2, gamma: 0.5, epochs: 5, ..quick_config() };
    let lrs: Vec<f64> = run(&config, 2).epochs.iter().map(|e| e.lr).collect();
    let base = config.lr;
    assert_eq!(lrs, vec![base, base, base * 0.5, base * 0.5, base * 0.25]);
    let config = TrainConfig { schedule: ScheduleKind::Cosine, epochs: 4, ..quick_config() };
    let lrs: Vec<f64> = run(&config, 2).epochs.iter().map(|e| e.lr).collect();
    assert_eq!(lrs[0], base);
    assert!(lrs.windows(2).all(|w| w[1] < w[0]) && lrs[3] > 0.0, "{lrs:?}");
}

#[test]
fn early_stopping_ends_the_run_and_the_best_epoch_is_reported() {
    // No later epoch can beat the first by 10 (a loss), so the run stops after `patience`.
    let config =
        TrainConfig { early_stopping: true, patience: 2, min_delta: 10.0, epochs: 20, ..quick_config() };
    let report = run(&config, 4);
    assert_eq!(report.epochs.len(), 3);
    assert!(report.early_stopped && !report.stopped);
    assert_eq!(report.best_epoch, Some(1));

    let config = TrainConfig { keep: aula::config::Keep::Last, ..config };
    assert_eq!(run(&config, 4).best_epoch, Some(3));
}

#[test]
fn the_report_matches_the_reported_epoch() {
    let report = run(&TrainConfig { keep: aula::config::Keep::Last, ..quick_config() }, 4);
    let confusion = report.confusion.as_ref().unwrap();
    let cls = report.report.as_ref().unwrap();
    let last = report.epochs.last().unwrap();
    assert_eq!(confusion.total() as usize, report.val_count);
    assert_eq!(confusion.classes, 4);
    assert!((cls.accuracy - last.val_accuracy).abs() < 1e-12);
    assert_eq!(cls.per_class.iter().map(|c| c.support).sum::<u64>() as usize, report.val_count);
}

#[test]
fn a_diverging_run_halts_with_epoch_and_batch_and_keeps_its_results() {
    use aula::config::{Activation, OptimizerKind};
    // Leaky ReLU cannot die, so with momentum 0.99 at lr 10 the weights blow up.
    let config = TrainConfig {
        optimizer: OptimizerKind::Momentum,
        momentum: 0.99,
        lr: 10.0,
        activation: Activation::LeakyRelu,
        hidden: vec![64, 64],
        epochs: 30,
        ..quick_config()
    };
    let report = run(&config, 4);
    let message = report.halted.as_deref().expect("momentum SGD at lr 10 diverges");
    assert!(
        message.contains("epoch") && message.contains("batch") && message.contains("smaller learning rate"),
        "{message}"
    );
    assert!(report.epochs.len() < 30);
    assert!(report.epochs.iter().all(|e| e.train_loss.is_finite()), "no NaN epoch is recorded");
    // Read back 16 steps at a time (WebGPU's depth), the NaN is found at the same batch.
    let data = band_dataset(4);
    let deferred =
        pollster::block_on(train(&config, &data, &Device::flex(), BackendKind::Webgpu, &mut TestHost::new()))
            .unwrap();
    assert_eq!(deferred.halted.as_deref(), Some(message));
    assert_eq!(deferred.epochs.len(), report.epochs.len());
}

#[test]
fn training_with_augmentations_still_learns() {
    // Horizontal flips and brightness/contrast keep each band's row; small shifts move it a
    // little. The net must still beat chance (0.25) clearly.
    let config = TrainConfig {
        horizontal_flip: 0.5,
        shift_scale_rotate: 0.5,
        shift_limit: 0.05,
        rotate_limit: 10.0,
        scale_limit: 0.05,
        random_brightness_contrast: 0.5,
        gauss_noise: 0.3,
        noise_std_range: vec![0.02, 0.05],
        epochs: 6,
        ..quick_config()
    };
    let report = run(&config, 4);
    let last = report.epochs.last().unwrap();
    assert!(last.val_accuracy >= 0.7, "val accuracy {} (chance is 0.25)", last.val_accuracy);
    assert!(last.train_loss < report.epochs[0].train_loss);
}

#[test]
fn the_report_carries_the_normalisation() {
    use aula::config::NormalizeKind;
    let report = run(&quick_config(), 2);
    assert_eq!((report.normalize_mean.clone(), report.normalize_std.clone()), (vec![0.449], vec![0.226]));
    let report = run(&TrainConfig { normalize: NormalizeKind::None, ..quick_config() }, 2);
    assert_eq!((report.normalize_mean, report.normalize_std), (vec![0.0], vec![1.0]));
    let data = band_dataset(2);
    let report = run(&TrainConfig { normalize: NormalizeKind::Train, ..quick_config() }, 2);
    assert_eq!(report.normalize_mean, aula::data::normalize::Normalize::from_set(&data.train).mean);
    assert!(report.normalize_mean[0] > 0.1 && report.normalize_std[0] > 0.1, "{:?}", report.normalize_std);
    assert_eq!((report.test_count, report.test_accuracy, report.test_loss), (0, None, None));
}

#[test]
fn a_test_split_is_evaluated_at_the_end() {
    let mut data = band_dataset(4);
    data.test = aula::data::Split::whole(common::bands(4, 5, 3));
    let report = pollster::block_on(train(
        &quick_config(),
        &data,
        &Device::flex(),
        BackendKind::Cpu,
        &mut TestHost::new(),
    ))
    .unwrap();
    assert_eq!(report.test_count, 20);
    let accuracy = report.test_accuracy.expect("a test split gets an accuracy");
    assert!(accuracy >= 0.9, "test accuracy {accuracy}");
    assert!(report.test_loss.is_some_and(|l| l.is_finite() && l < 1.0), "{:?}", report.test_loss);
}

/// A dataset whose validation labels are rotated by one class: the better the model learns
/// the training labels, the worse its validation loss, so the best epoch comes early.
fn misleading_val() -> aula::data::Dataset {
    let mut val = common::bands(4, 10, 2);
    val.labels.iter_mut().for_each(|l| *l = (*l + 1) % 4);
    aula::data::Dataset::from_sets(
        (0..4).map(|c| format!("band {c}")).collect(),
        common::bands(4, 40, 1),
        val,
        aula::data::ImageSet::default(),
    )
}

#[test]
fn keep_best_reports_the_best_epoch_when_the_last_is_worse() {
    use aula::config::Keep;
    let data = misleading_val();
    let run = |keep| {
        let config = TrainConfig { keep, epochs: 5, ..quick_config() };
        pollster::block_on(train(&config, &data, &Device::flex(), BackendKind::Cpu, &mut TestHost::new()))
            .unwrap()
    };
    let best = run(Keep::Best);
    let reported = best.best_epoch.expect("a best epoch");
    let by_loss = best.epochs.iter().min_by(|a, b| a.val_loss.total_cmp(&b.val_loss)).unwrap();
    assert_eq!(reported, by_loss.epoch, "the epoch with the lowest val loss");
    assert!(reported < 5, "the last epoch is not the best: {:?}", best.epochs);
    let accuracy = best.report.as_ref().unwrap().accuracy;
    assert_eq!(accuracy, best.epochs[reported - 1].val_accuracy, "the report is the best epoch's");

    let last = run(Keep::Last);
    assert_eq!(last.best_epoch, Some(5));
    assert_eq!(last.report.as_ref().unwrap().accuracy, last.epochs[4].val_accuracy);
    assert!(best.epochs[reported - 1].val_loss < best.epochs[4].val_loss);
}

#[test]
fn hundreds_of_classes_train_and_report_every_class() {
    // 300 classes of 8x8 images, 2 per class (1 train, 1 val): above the heatmap's limit.
    let (classes, side) = (300, 8);
    let set = |seed: u64| {
        let mut rng = aula::rng::Rng::new(seed);
        let mut s = aula::data::ImageSet { width: side, height: side, channels: 1, ..Default::default() };
        for c in 0..classes {
            s.pixels.extend((0..side * side).map(|_| rng.below(256) as u8));
            s.labels.push(c as u32);
        }
        s
    };
    let data = aula::data::Dataset::from_sets(
        (0..classes).map(|c| format!("c{c}")).collect(),
        set(1),
        set(2),
        aula::data::ImageSet::default(),
    );
    let config = TrainConfig { hidden: vec![16], epochs: 1, ..quick_config() };
    let report =
        pollster::block_on(train(&config, &data, &Device::flex(), BackendKind::Cpu, &mut TestHost::new()))
            .unwrap();
    assert_eq!(report.report.as_ref().unwrap().per_class.len(), classes);
    assert_eq!(report.confusion.as_ref().unwrap().total(), classes as u64);
}

#[test]
fn the_report_says_where_the_workers_time_went() {
    let report = run(&TrainConfig { epochs: 2, ..quick_config() }, 3);
    let t = &report.timing;
    let parts =
        [t.setup_ms, t.started_ms, t.batches_ms, t.steps_ms, t.evaluation_ms, t.histograms_ms, t.messages_ms];
    assert!(parts.iter().all(|ms| *ms >= 0.0), "{t:?}");
    assert!(t.steps_ms > 0.0 && t.evaluation_ms > 0.0 && t.batches_ms > 0.0, "{t:?}");
    // Each part is timed apart: together they never exceed the run, which covers its report.
    assert!(parts.iter().sum::<f64>() <= t.total_ms, "{t:?}");
    assert!(t.total_ms >= report.seconds * 1000.0, "{t:?} vs {} s", report.seconds);
}
