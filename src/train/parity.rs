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

/// Losses of `steps` optimizer steps on one fixed batch (seeded weights and inputs).
pub async fn fixed_batch_losses(device: &Device, steps: usize, recipe: ParityRecipe) -> Result<Vec<f64>, String> {
    let autodiff = device.clone().autodiff();
    let (mut model, settings, shape, batch_size, lr) = match recipe {
        ParityRecipe::MlpAdam => {
            let model = Network::Mlp(Mlp::new(&MlpSpec::plain(784, &[256, 128], 10, 7), &autodiff));
            let settings = OptimizerSettings { kind: OptimizerKind::Adam, momentum: 0.0, weight_decay: 0.0 };
            (model, settings, ImageShape::new(28, 28, 1), 64, 1e-3)
        }
        ParityRecipe::CnnBatchNormMomentum => {
            let config = TrainConfig {
                model: ModelKind::Cnn,
                conv_channels: vec![8, 16],
                hidden: vec![32],
                batch_norm: true,
                optimizer: OptimizerKind::Momentum,
                momentum: 0.9,
                seed: 7,
                ..TrainConfig::default()
            };
            let shape = ImageShape::new(16, 16, 1);
            let model = Network::new(&config, shape, 10, &autodiff)?;
            (model, OptimizerSettings::from(&config), shape, 16, 0.05)
        }
    };
    let input = shape.len();
    let mut rng = Rng::new(2024);
    let batch = Batch {
        inputs: (0..batch_size * input).map(|_| rng.next_f64() as f32).collect(),
        targets: (0..batch_size as i64).map(|i| i % 10).collect(),
        len: batch_size,
    };
    let mut stepper = Stepper::new(optimizer::build(&settings), &autodiff);
    let mut losses = Vec::with_capacity(steps);
    for _ in 0..steps {
        let step;
        (model, step) = stepper.step(model, batch.clone(), input, lr, false);
        losses.push(step.read().await?[0]);
    }
    Ok(losses)
}
