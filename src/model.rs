//! The models. Weights are drawn from the crate's seeded RNG with the chosen `torch.nn.init`
//! scheme (PyTorch's layer default unless set), so a seed means the same network on every
//! backend.

use burn::module::{Module, Param};
use burn::nn::{BatchNorm, BatchNormConfig, Dropout, DropoutConfig, Linear};
use burn::prelude::*;
use burn::tensor::activation;

use crate::config::{Activation, InitKind, TrainConfig};
use crate::init::{self, Init};
use crate::rng::Rng;

/// Linear -> [BatchNorm] -> activation -> [Dropout].
#[derive(Module, Debug)]
struct Hidden {
    linear: Linear,
    norm: Option<BatchNorm>,
    dropout: Option<Dropout>,
    #[module(skip)]
    activation: Activation,
}

#[derive(Module, Debug)]
pub struct Mlp {
    hidden: Vec<Hidden>,
    output: Linear,
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
            init: init_of(config),
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

pub fn init_of(config: &TrainConfig) -> Init {
    match config.init {
        InitKind::Default => Init::Default,
        InitKind::XavierUniform => Init::XavierUniform,
        InitKind::XavierNormal => Init::XavierNormal,
        InitKind::HeNormal => Init::HeNormal,
        InitKind::HeUniform => Init::HeUniform,
        InitKind::Uniform => Init::Uniform { a: config.init_a, b: config.init_b },
        InitKind::Normal => Init::Normal { std: config.init_std },
    }
}

impl Mlp {
    pub fn new(spec: &MlpSpec, device: &Device) -> Self {
        let mut rng = Rng::derived(spec.seed, 0);
        let mut width = spec.input;
        let hidden = spec
            .hidden
            .iter()
            .map(|&out| {
                let layer = Hidden {
                    linear: seeded_linear(width, out, spec.init, &mut rng, device),
                    norm: spec.batch_norm.then(|| BatchNormConfig::new(out).init(device)),
                    dropout: (spec.dropout > 0.0).then(|| DropoutConfig::new(spec.dropout).init()),
                    activation: spec.activation,
                };
                width = out;
                layer
            })
            .collect();
        let output = seeded_linear(width, spec.classes, spec.init, &mut rng, device);
        Self { hidden, output }
    }

    /// Logits `[n, classes]`.
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let x = self.hidden.iter().fold(input, |x, layer| {
            let mut x = layer.linear.forward(x);
            if let Some(norm) = &layer.norm {
                x = norm.forward(x);
            }
            x = activate(x, layer.activation);
            match &layer.dropout {
                Some(dropout) => dropout.forward(x),
                None => x,
            }
        });
        self.output.forward(x)
    }
}

pub fn activate<const D: usize>(x: Tensor<D>, kind: Activation) -> Tensor<D> {
    match kind {
        Activation::Relu => activation::relu(x),
        Activation::Gelu => activation::gelu(x),
        Activation::Tanh => activation::tanh(x),
        Activation::Sigmoid => activation::sigmoid(x),
        Activation::LeakyRelu => activation::leaky_relu(x, 0.01),
    }
}

fn seeded_linear(fan_in: usize, fan_out: usize, scheme: Init, rng: &mut Rng, device: &Device) -> Linear {
    let weight = init::sample(scheme, fan_in, fan_out, fan_in * fan_out, rng);
    let bias = init::bias(scheme, fan_in, fan_out, rng);
    Linear {
        // burn stores Linear weights as [d_input, d_output].
        weight: Param::from_tensor(Tensor::from_data(TensorData::new(weight, [fan_in, fan_out]), device)),
        bias: Some(Param::from_tensor(Tensor::from_data(TensorData::new(bias, [fan_out]), device))),
    }
}
