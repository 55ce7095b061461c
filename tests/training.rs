mod common;

use aula::config::{BackendKind, TrainConfig};
use aula::messages::WorkerMessage;
use aula::model::Mlp;
use aula::training::train;
use burn::prelude::*;
use common::{TestHost, band_dataset};

fn quick_config() -> TrainConfig {
    TrainConfig { hidden: vec![32], batch_size: 16, epochs: 4, lr: 3e-3, ..TrainConfig::default() }
}

#[test]
fn mlp_maps_a_batch_to_one_logit_per_class() {
    let device = Device::flex();
    for hidden in [vec![], vec![16], vec![32, 16, 8]] {
        let model = Mlp::new(64, &hidden, 5, 1, &device);
        let out = model.forward(Tensor::zeros([3, 64], &device));
        assert_eq!(out.dims(), [3, 5], "hidden {hidden:?}");
    }
    let params = Mlp::new(784, &[256, 128], 10, 1, &device).num_params();
    assert_eq!(params, 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
}

#[test]
fn a_seed_fixes_the_initial_weights() {
    let device = Device::flex();
    let x = Tensor::<2>::ones([2, 64], &device);
    let out = |seed| Mlp::new(64, &[16], 4, seed, &device).forward(x.clone()).into_data();
    assert_eq!(out(7), out(7));
    assert_ne!(out(7), out(8));
}

#[test]
fn training_lowers_the_loss_and_beats_chance() {
    let data = band_dataset(4);
    let mut host = TestHost::new();
    let report = pollster::block_on(train(&quick_config(), &data, &Device::flex(), BackendKind::Cpu, &mut host)).unwrap();

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
            WorkerMessage::Progress { losses, .. } => losses.iter().map(|l| l.step).collect(),
            _ => vec![],
        })
        .collect();
    assert_eq!(steps, (1..=4 * 10).collect::<Vec<_>>());
    let epochs = host.messages.iter().filter(|m| matches!(m, WorkerMessage::Epoch { .. })).count();
    assert_eq!(epochs, 4);
    assert!(matches!(host.messages[0], WorkerMessage::Started { batches_per_epoch: 10, params, .. } if params == report.params));
}

#[test]
fn the_same_seed_gives_the_same_run() {
    let data = band_dataset(3);
    let run = || {
        let config = TrainConfig { epochs: 2, ..quick_config() };
        pollster::block_on(train(&config, &data, &Device::flex(), BackendKind::Cpu, &mut TestHost::new())).unwrap()
    };
    let (a, b) = (run(), run());
    let losses = |r: &aula::messages::RunReport| r.epochs.iter().map(|e| (e.train_loss, e.val_loss)).collect::<Vec<_>>();
    assert_eq!(losses(&a), losses(&b));
}

#[test]
fn stop_ends_at_the_next_batch_and_keeps_what_ran() {
    let data = band_dataset(4);
    let mut host = TestHost::new();
    host.stop_after_checks = Some(15);
    let report = pollster::block_on(train(&quick_config(), &data, &Device::flex(), BackendKind::Cpu, &mut host)).unwrap();
    assert!(report.stopped);
    assert_eq!(report.epochs.len(), 2, "epoch 1 complete, epoch 2 partial");
    assert!(!report.epochs[0].partial && report.epochs[1].partial);
    assert_eq!(host.steps(), 14, "every step that ran was reported, none after Stop");
}

#[test]
fn bad_config_is_refused_before_training() {
    let data = band_dataset(2);
    let config = TrainConfig { batch_size: 0, ..quick_config() };
    let err = pollster::block_on(train(&config, &data, &Device::flex(), BackendKind::Cpu, &mut TestHost::new())).unwrap_err();
    assert!(err.contains("batch_size"), "{err}");
}

#[test]
fn the_parity_batch_trains_on_flex() {
    let losses = pollster::block_on(aula::training::fixed_batch_losses(&Device::flex(), 5)).unwrap();
    assert_eq!(losses.len(), 5);
    assert!(losses.windows(2).all(|w| w[1] < w[0]), "{losses:?}");
    assert!((losses[0] - 10f64.ln()).abs() < 0.3, "starts near ln(10): {losses:?}");
}
