//! The MLP: Linear -> [BatchNorm1d] -> activation -> [Dropout] per hidden layer, then a
//! Linear to the classes.

use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig, Linear};
use burn::prelude::*;

use super::batch_norm::BatchNorm;
use super::init::Init;
use super::layers::{activate, linear, seeded_linear};
use crate::config::{Activation, TrainConfig};
use crate::rng::Rng;

/// Linear -> [BatchNorm] -> activation -> [Dropout].
#[derive(Module, Debug)]
pub(super) struct Hidden {
    pub(super) linear: Linear,
    pub(super) norm: Option<BatchNorm>,
    dropout: Option<Dropout>,
    #[module(skip)]
    activation: Activation,
}

impl Hidden {
    pub(super) fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let mut x = linear(&self.linear, x);
        if let Some(norm) = &self.norm {
            x = norm.forward(x);
        }
        x = activate(x, self.activation);
        match &self.dropout {
            Some(dropout) => dropout.forward(x),
            None => x,
        }
    }
}

#[derive(Module, Debug)]
pub struct Mlp {
    pub(super) hidden: Vec<Hidden>,
    pub(super) output: Linear,
}

/// The parts of the config that shape the network.
#[derive(Clone, Debug, PartialEq)]
pub struct MlpSpec {
    pub input: usize,
    pub hidden: Vec<usize>,
    pub classes: usize,
    pub activation: Activation,
    pub batch_norm: bool,
    pub dropout: f64,
    pub init: Init,
    pub seed: u64,
}

impl MlpSpec {
    pub fn new(config: &TrainConfig, input: usize, classes: usize) -> Self {
        Self {
            input,
            hidden: config.hidden.clone(),
            classes,
            activation: config.activation,
            batch_norm: config.batch_norm,
            dropout: config.dropout,
            init: Init::from_config(config),
            seed: config.seed,
        }
    }

    /// Plain ReLU MLP with PyTorch's default init.
    pub fn plain(input: usize, hidden: &[usize], classes: usize, seed: u64) -> Self {
        Self {
            input,
            hidden: hidden.to_vec(),
            classes,
            activation: Activation::Relu,
            batch_norm: false,
            dropout: 0.0,
            init: Init::Default,
            seed,
        }
    }
}

impl Mlp {
    pub fn new(spec: &MlpSpec, device: &Device) -> Self {
        let mut rng = Rng::derived(spec.seed, 0);
        let (hidden, output) = dense_layers(spec, &mut rng, device);
        Self { hidden, output }
    }

    /// Logits `[n, classes]`.
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let x = self.hidden.iter().fold(input, |x, layer| layer.forward(x));
        linear(&self.output, x)
    }
}

/// The hidden layers and the output layer of `spec`, weights drawn from `rng` in order.
pub(super) fn dense_layers(spec: &MlpSpec, rng: &mut Rng, device: &Device) -> (Vec<Hidden>, Linear) {
    let mut width = spec.input;
    let hidden = spec
        .hidden
        .iter()
        .map(|&out| {
            let layer = Hidden {
                linear: seeded_linear(width, out, spec.init, rng, device),
                norm: spec.batch_norm.then(|| BatchNorm::new(out, device)),
                dropout: (spec.dropout > 0.0).then(|| DropoutConfig::new(spec.dropout).init()),
                activation: spec.activation,
            };
            width = out;
            layer
        })
        .collect();
    let output = seeded_linear(width, spec.classes, spec.init, rng, device);
    (hidden, output)
}
