//! Layers with weights from the crate's seeded RNG, and the activations by PyTorch name.

use burn::module::Param;
use burn::nn::conv::Conv2d;
use burn::nn::{Linear, PaddingConfig2d};
use burn::prelude::*;
use burn::tensor::activation;
use burn::tensor::ops::PadMode;

use super::init::{self, Init};
use super::matmul::{block_kernel_on, own_product_on, product};
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

/// `layer` on `x` `[n, d_input]`: burn's `Linear::forward`, with the product through
/// [`product`] where [`own_product_on`] says (the CPU, and WebGPU on SwiftShader).
pub fn linear(layer: &Linear, x: Tensor<2>) -> Tensor<2> {
    if !own_product_on(&x.device()) {
        return layer.forward(x);
    }
    let y = product(x, layer.weight.val());
    match &layer.bias {
        Some(bias) => y + bias.val().unsqueeze_dim(0),
        None => y,
    }
}

/// `layer` (a [`seeded_conv2d`]: `k`×`k`, stride 1, "same" padding) on `x` `[n, c, h, w]`.
/// Where products run on the block kernel (SwiftShader), as im2col and one [`product`]:
/// burn's direct convolution runs slower there (BENCHMARKS.md). Elsewhere burn's own.
pub fn conv2d(layer: &Conv2d, x: Tensor<4>) -> Tensor<4> {
    match block_kernel_on(&x.device()) {
        true => im2col_conv2d(layer, x).unwrap_or_else(|x| layer.forward(x)),
        false => layer.forward(x),
    }
}

/// [`conv2d`] as im2col and one product; gives `x` back for a layer it does not cover
/// (strides, dilation, groups, uneven padding or a non-square kernel).
fn im2col_conv2d(layer: &Conv2d, x: Tensor<4>) -> Result<Tensor<4>, Tensor<4>> {
    let [out, _, k, kw] = layer.weight.dims();
    let plain = layer.stride == [1, 1] && layer.dilation == [1, 1] && layer.groups == 1 && k == kw;
    let pad = match layer.padding {
        PaddingConfig2d::Explicit(t, l, b, r) if plain && t == l && l == b && b == r => t,
        _ => return Err(x),
    };
    let [n, c, h, w] = x.dims();
    let padded = x.pad((pad, pad, pad, pad), PadMode::Constant(0.0));
    // The output's size; `h`, `w` again for an odd `k`.
    let (h, w) = (h + 2 * pad + 1 - k, w + 2 * pad + 1 - k);
    // Patches `[n, c, k*k, h, w]`, in the weight's `[c, ky, kx]` order.
    let shifts =
        (0..k * k).map(|i| padded.clone().slice([0..n, 0..c, i / k..i / k + h, i % k..i % k + w])).collect();
    let patches = Tensor::stack::<5>(shifts, 2).reshape([n, c * k * k, h * w]).swap_dims(1, 2);
    let weights = layer.weight.val().reshape([out, c * k * k]).transpose();
    let mut y = product(patches.reshape([n * h * w, c * k * k]), weights);
    if let Some(bias) = &layer.bias {
        y = y + bias.val().unsqueeze_dim(0);
    }
    Ok(y.reshape([n, h * w, out]).swap_dims(1, 2).reshape([n, out, h, w]))
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

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::Distribution;

    fn values(t: Tensor<4>) -> Vec<f32> {
        t.into_data().iter::<f32>().collect()
    }

    fn worst(a: &[f32], b: &[f32]) -> f32 {
        assert_eq!(a.len(), b.len());
        a.iter().zip(b).map(|(p, q)| (p - q).abs()).fold(0.0, f32::max)
    }

    /// im2col gives burn's convolution: outputs, the input's gradient and the weights'.
    #[test]
    fn im2col_matches_the_convolution_and_its_gradients() {
        let device = Device::flex().autodiff();
        for k in [3, 5] {
            let layer = seeded_conv2d(3, 4, k, Init::Default, &mut Rng::new(k as u64), &device);
            let x = Tensor::<4>::random([2, 3, 7, 6], Distribution::Normal(0.0, 1.0), &device);
            let scale = Tensor::<4>::random([2, 4, 7, 6], Distribution::Normal(0.0, 1.0), &device);
            let run = |ours: bool| {
                let x = x.clone().detach().require_grad();
                let y = match ours {
                    true => im2col_conv2d(&layer, x.clone()).unwrap_or_else(|_| panic!("k = {k} is covered")),
                    false => layer.forward(x.clone()),
                };
                let grads = (y.clone() * scale.clone()).sum().backward();
                let weight = layer.weight.val().grad(&grads).expect("a weight gradient");
                (values(y), values(x.grad(&grads).expect("an input gradient")), values(weight))
            };
            let (ours, burn) = (run(true), run(false));
            for (name, a, b) in [("y", ours.0, burn.0), ("dx", ours.1, burn.1), ("dW", ours.2, burn.2)] {
                assert!(worst(&a, &b) < 1e-4, "k = {k}: {name} differs by {}", worst(&a, &b));
                assert!(a.iter().any(|v| v.abs() > 1e-3), "k = {k}: {name} is all zeros");
            }
        }
    }

    #[test]
    fn im2col_leaves_strided_convolutions_to_burn() {
        let device = Device::flex();
        let mut layer = seeded_conv2d(2, 2, 3, Init::Default, &mut Rng::new(1), &device);
        layer.stride = [2, 2];
        assert!(im2col_conv2d(&layer, Tensor::zeros([1, 2, 5, 5], &device)).is_err());
    }
}
