//! The guard against a shader that fails validation on wasm and silently returns wrong
//! values: the same weights and batch, stepped on two backends, must give the same losses.

use burn::prelude::*;

use super::optimizer::{self, OptimizerSettings};
use super::step::Stepper;
use crate::config::OptimizerKind;
use crate::data::batcher::Batch;
use crate::model::{Mlp, MlpSpec, Network};
use crate::rng::Rng;

/// Losses of `steps` Adam steps on one fixed batch (demo shapes, seeded weights and inputs).
pub async fn fixed_batch_losses(device: &Device, steps: usize) -> Result<Vec<f64>, String> {
    let (batch_size, input, classes) = (64, 784, 10);
    let autodiff = device.clone().autodiff();
    let mut rng = Rng::new(2024);
    let batch = Batch {
        inputs: (0..batch_size * input).map(|_| rng.next_f64() as f32).collect(),
        targets: (0..batch_size as i64).map(|i| i % classes as i64).collect(),
        len: batch_size,
    };
    let mut model = Network::Mlp(Mlp::new(&MlpSpec::plain(input, &[256, 128], classes, 7), &autodiff));
    let settings = OptimizerSettings { kind: OptimizerKind::Adam, momentum: 0.0, weight_decay: 0.0 };
    let mut stepper = Stepper::new(optimizer::build(&settings), &autodiff);
    let mut losses = Vec::with_capacity(steps);
    for _ in 0..steps {
        let step;
        (model, step) = stepper.step(model, batch.clone(), input, 1e-3, false);
        losses.push(step.read().await?[0]);
    }
    Ok(losses)
}
