//! Layers with weights from the crate's seeded RNG, and the activations by PyTorch name.

use burn::module::Param;
use burn::nn::conv::Conv2d;
use burn::nn::{Linear, PaddingConfig2d};
use burn::prelude::*;
use burn::tensor::activation;

use super::init::{self, Init};
use crate::config::Activation;
use crate::rng::Rng;

pub fn activate<const D: usize>(x: Tensor<D>, kind: Activation) -> Tensor<D> {
    match kind {
        Activation::Relu => activation::relu(x),
        Activation::Gelu => activation::gelu(x),
        Activation::Tanh => activation::tanh(x),
        Activation::Sigmoid => activation::sigmoid(x),
        Activation::LeakyRelu => activation::leaky_relu(x, 0.01),
    }
}

pub fn seeded_linear(fan_in: usize, fan_out: usize, scheme: Init, rng: &mut Rng, device: &Device) -> Linear {
    let weight = init::sample(scheme, fan_in, fan_out, fan_in * fan_out, rng);
    let bias = init::bias(scheme, fan_in, fan_out, rng);
    Linear {
        // burn stores Linear weights as [d_input, d_output].
        weight: Param::from_tensor(Tensor::from_data(TensorData::new(weight, [fan_in, fan_out]), device)),
        bias: Some(Param::from_tensor(Tensor::from_data(TensorData::new(bias, [fan_out]), device))),
    }
}

/// `k`x`k` convolution, stride 1, zero padding `(k - 1) / 2` on every side ("same" for odd
/// `k`), weights `[out, in, k, k]` (PyTorch's layout) from `rng`.
pub fn seeded_conv2d(
    channels_in: usize,
    channels_out: usize,
    k: usize,
    scheme: Init,
    rng: &mut Rng,
    device: &Device,
) -> Conv2d {
    let (fan_in, fan_out) = init::fans_conv2d(channels_in, channels_out, k, k);
    let weight = init::sample(scheme, fan_in, fan_out, channels_out * channels_in * k * k, rng);
    let bias = init::bias(scheme, fan_in, channels_out, rng);
    let pad = (k - 1) / 2;
    Conv2d {
        weight: Param::from_tensor(Tensor::from_data(
            TensorData::new(weight, [channels_out, channels_in, k, k]),
            device,
        )),
        bias: Some(Param::from_tensor(Tensor::from_data(TensorData::new(bias, [channels_out]), device))),
        stride: [1, 1],
        kernel_size: [k, k],
        dilation: [1, 1],
        groups: 1,
        padding: PaddingConfig2d::Explicit(pad, pad, pad, pad),
    }
}
