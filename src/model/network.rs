//! [`Network`]: what training builds from a config, the MLP or the CNN.

use burn::module::Module;
use burn::prelude::*;

use super::summary::check;
use super::{Cnn, Mlp, MlpSpec};
use crate::config::{ModelKind, TrainConfig};
use crate::data::ImageShape;

/// The network a config asks for.
#[derive(Module, Debug)]
pub enum Network {
    Mlp(Mlp),
    Cnn(Cnn),
}

impl Network {
    /// Builds `config.model` for images of `shape` and `classes` outputs. Fails, with a message
    /// for the user, when the network cannot be built (e.g. more 2x2 poolings than the image
    /// has pixels for).
    pub fn new(
        config: &TrainConfig,
        shape: ImageShape,
        classes: usize,
        device: &Device,
    ) -> Result<Self, String> {
        check(config, shape, classes)?;
        Ok(match config.model {
            ModelKind::Mlp => Network::Mlp(Mlp::new(&MlpSpec::new(config, shape.len(), classes), device)),
            ModelKind::Cnn => Network::Cnn(Cnn::build(config, shape, classes, device)),
        })
    }

    /// Logits `[n, classes]` for images `[n, height * width * channels]` (HWC order).
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        match self {
            Network::Mlp(mlp) => mlp.forward(input),
            Network::Cnn(cnn) => cnn.forward(input),
        }
    }
}
