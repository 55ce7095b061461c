//! The same seed gives the same run, dropout included. Its own test binary: flex draws dropout
//! masks from one generator per process, which tests running beside it would also draw from.

#[path = "common/mod.rs"]
mod common;

use aula::config::{BackendKind, TrainConfig};
use aula::train::train;
use burn::prelude::*;
use common::{TestHost, band_dataset};

fn losses(seed: u64) -> Vec<(f64, f64)> {
    let config = TrainConfig {
        hidden: vec![32],
        dropout: 0.3,
        batch_size: 16,
        epochs: 2,
        lr: 3e-3,
        seed,
        ..TrainConfig::default()
    };
    let report = pollster::block_on(train(
        &config,
        &band_dataset(3),
        &Device::flex(),
        BackendKind::Cpu,
        &mut TestHost::new(),
    ))
    .unwrap();
    report.epochs.iter().map(|e| (e.train_loss, e.val_loss)).collect()
}

#[test]
fn dropout_runs_repeat_with_the_same_seed_and_differ_with_another() {
    let (a, b, other) = (losses(7), losses(7), losses(8));
    assert_eq!(a, b, "same seed, same losses");
    assert_ne!(a, other, "another seed, another run");
}
