//! The guard against a shader that fails validation on wasm and silently returns wrong
//! values: the same weights and batch, stepped on two backends, must give the same losses.

use burn::prelude::*;

use super::optimizer::{self, OptimizerSettings};
use super::step::Stepper;
use crate::config::{ModelKind, OptimizerKind, TrainConfig};
use crate::data::ImageShape;
use crate::data::batcher::Batch;
use crate::model::{Mlp, MlpSpec, Network};
use crate::protocol::ParityRecipe;
use crate::rng::Rng;

/// The recipe's model (seeded), optimizer, image shape, batch size and learning rate.
fn recipe(
    recipe: ParityRecipe,
    device: &Device,
) -> Result<(Network, OptimizerSettings, ImageShape, usize, f64), String> {
    let adam = OptimizerSettings { kind: OptimizerKind::Adam, momentum: 0.0, weight_decay: 0.0 };
    let cnn = |shape: ImageShape, config: TrainConfig, classes: usize| {
        let config = TrainConfig { model: ModelKind::Cnn, seed: 7, ..config };
        Network::new(&config, shape, classes, device)
    };
    Ok(match recipe {
        ParityRecipe::MlpAdam => {
            let model = Network::Mlp(Mlp::new(&MlpSpec::plain(784, &[256, 128], 10, 7), device));
            (model, adam, ImageShape::new(28, 28, 1), 64, 1e-3)
        }
        ParityRecipe::WideMlpAdam => {
            let model = Network::Mlp(Mlp::new(&MlpSpec::plain(64 * 64 * 3, &[512, 128], 9, 7), device));
            (model, adam, ImageShape::new(64, 64, 3), 32, 1e-3)
        }
        ParityRecipe::CnnBatchNormMomentum => {
            let config = TrainConfig {
                conv_channels: vec![8, 16],
                hidden: vec![32],
                batch_norm: true,
                optimizer: OptimizerKind::Momentum,
                momentum: 0.9,
                ..TrainConfig::default()
            };
            let settings = OptimizerSettings::from(&config);
            let shape = ImageShape::new(16, 16, 1);
            (cnn(shape, config, 10)?, settings, shape, 16, 0.05)
        }
        ParityRecipe::CnnAdam => {
            let config =
                TrainConfig { conv_channels: vec![32, 64], hidden: vec![128], ..TrainConfig::default() };
            let shape = ImageShape::new(32, 32, 3);
            (cnn(shape, config, 10)?, adam, shape, 64, 1e-3)
        }
    })
}

/// One seeded batch of `batch_size` images of `len` values; labels cycle over 9 classes, so
/// they fit every recipe (R2 has 9).
fn fixed_batch(batch_size: usize, len: usize) -> Batch {
    let mut rng = Rng::new(2024);
    Batch {
        inputs: (0..batch_size * len).map(|_| rng.next_f64() as f32).collect(),
        targets: (0..batch_size as i64).map(|i| i % 9).collect(),
        len: batch_size,
    }
}

/// `steps` optimizer steps of `recipe` on one fixed batch (seeded weights and inputs), each
/// read back as training does: the loss after each step, and when each step ended by `now_ms`.
async fn run_recipe(
    device: &Device,
    kind: ParityRecipe,
    steps: usize,
    now_ms: impl Fn() -> f64,
) -> Result<(Vec<f64>, Vec<f64>, usize), String> {
    let autodiff = device.clone().autodiff();
    let (mut model, settings, shape, batch_size, lr) = recipe(kind, &autodiff)?;
    let batch = fixed_batch(batch_size, shape.len());
    let mut stepper = Stepper::new(optimizer::build(&settings), &autodiff);
    let (mut losses, mut ends) = (Vec::with_capacity(steps), Vec::with_capacity(steps + 1));
    ends.push(now_ms());
    for _ in 0..steps {
        let step;
        (model, step) = stepper.step(model, batch.clone(), shape.len(), lr, false);
        losses.push(step.read().await?[0]);
        ends.push(now_ms());
    }
    Ok((losses, ends, batch_size))
}

/// Losses of `steps` optimizer steps of `recipe` on one fixed batch.
pub async fn fixed_batch_losses(
    device: &Device,
    steps: usize,
    kind: ParityRecipe,
) -> Result<Vec<f64>, String> {
    Ok(run_recipe(device, kind, steps, || 0.0).await?.0)
}

/// Speed of `recipe` on `device`: `warmup` steps (at least 1), then `steps` timed steps.
/// Returns (steady images/s, the first step's ms).
pub async fn recipe_speed(
    device: &Device,
    kind: ParityRecipe,
    warmup: usize,
    steps: usize,
    now_ms: impl Fn() -> f64,
) -> Result<(f64, f64), String> {
    let warmup = warmup.max(1);
    let (_, ends, batch_size) = run_recipe(device, kind, warmup + steps, now_ms).await?;
    let seconds = (ends[warmup + steps] - ends[warmup]) / 1000.0;
    Ok(((steps * batch_size) as f64 / seconds.max(1e-9), ends[1] - ends[0]))
}
