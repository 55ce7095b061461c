//! Fine-tuning: a trained model's weights copied onto a run's device, so training continues
//! from them.

use burn::prelude::*;

use super::readback;
use crate::config::TrainConfig;
use crate::model::weights::LayerTensors;
use crate::model::{Network, TrainedModel};

/// `model`'s weights copied onto `device` (the run's, with autodiff), in the network `config`
/// builds (the same layers: `TrainedModel::fits` checked; dropout may differ).
pub(super) async fn copied(
    model: &TrainedModel,
    config: &TrainConfig,
    device: &Device,
) -> Result<Network, String> {
    let layers = model.network.layer_tensors();
    let mut data = readback::layers(&layers).await?.into_iter();
    let mut next = || data.next().ok_or_else(|| "fewer weights were read than the model has".to_string());
    let mut moved = Vec::with_capacity(layers.len());
    for layer in layers {
        moved.push(match layer {
            LayerTensors::Conv2d { .. } => LayerTensors::Conv2d {
                weight: Tensor::from_data(next()?, device),
                bias: Tensor::from_data(next()?, device),
            },
            LayerTensors::Linear { .. } => LayerTensors::Linear {
                weight: Tensor::from_data(next()?, device),
                bias: Tensor::from_data(next()?, device),
            },
            LayerTensors::Norm(_) => {
                let mut one = || next().map(|d| Tensor::from_data(d, device));
                LayerTensors::Norm([one()?, one()?, one()?, one()?])
            }
        });
    }
    Network::new(config, model.shape, model.classes.len(), device)?.with_layer_tensors(moved)
}
