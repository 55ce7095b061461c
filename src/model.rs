//! The models. Weights are drawn from our own seeded RNG with PyTorch's default `nn.Linear`
//! init, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias, so a seed means the same
//! network on every backend.

use burn::module::{Module, Param};
use burn::nn::{Linear, Relu};
use burn::prelude::*;

use crate::rng::Rng;

#[derive(Module, Debug)]
pub struct Mlp {
    layers: Vec<Linear>,
    activation: Relu,
}

impl Mlp {
    /// `input -> hidden[0] -> ... -> classes`, ReLU between layers, logits out.
    pub fn new(input: usize, hidden: &[usize], classes: usize, seed: u64, device: &Device) -> Self {
        let mut rng = Rng::derived(seed, 0);
        let widths: Vec<usize> = std::iter::once(input)
            .chain(hidden.iter().copied())
            .chain(std::iter::once(classes))
            .collect();
        let layers = widths
            .windows(2)
            .map(|w| seeded_linear(w[0], w[1], &mut rng, device))
            .collect();
        Self { layers, activation: Relu::new() }
    }

    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let last = self.layers.len() - 1;
        self.layers.iter().enumerate().fold(input, |x, (i, layer)| {
            let x = layer.forward(x);
            if i < last { self.activation.forward(x) } else { x }
        })
    }
}

fn seeded_linear(fan_in: usize, fan_out: usize, rng: &mut Rng, device: &Device) -> Linear {
    let bound = 1.0 / (fan_in as f64).sqrt();
    let mut uniform = |n: usize| -> Vec<f32> {
        (0..n).map(|_| ((rng.next_f64() * 2.0 - 1.0) * bound) as f32).collect()
    };
    let weight = uniform(fan_in * fan_out);
    let bias = uniform(fan_out);
    Linear {
        // burn stores Linear weights as [d_input, d_output].
        weight: Param::from_tensor(Tensor::from_data(TensorData::new(weight, [fan_in, fan_out]), device)),
        bias: Some(Param::from_tensor(Tensor::from_data(TensorData::new(bias, [fan_out]), device))),
    }
}
