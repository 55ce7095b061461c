//! Layers with weights from the crate's seeded RNG, and the activations by PyTorch name.

use burn::module::Param;
use burn::nn::conv::Conv2d;
use burn::nn::pool::MaxPool2d;
use burn::nn::{Linear, PaddingConfig2d};
use burn::prelude::*;
use burn::tensor::activation;
use burn::tensor::ops::PadMode;

use super::conv::{flex_kernels_on, same_conv};
use super::init::{self, Init};
use super::matmul::{block_kernel_on, own_product_on, product};
use super::pool::max_pool_2x2;
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
/// On the CPU, [`same_conv`] (split over the threads by images). Where products run on the
/// block kernel (SwiftShader), as im2col and one [`product`]: burn's direct convolution runs
/// slower there (BENCHMARKS.md). Elsewhere, or for a layer neither covers, burn's own.
pub fn conv2d(layer: &Conv2d, x: Tensor<4>) -> Tensor<4> {
    let device = x.device();
    match (same_padding(layer), &layer.bias) {
        (Some(_), Some(bias)) if flex_kernels_on(&device) => same_conv(x, layer.weight.val(), bias.val()),
        _ if block_kernel_on(&device) => im2col_conv2d(layer, x).unwrap_or_else(|x| layer.forward(x)),
        _ => layer.forward(x),
    }
}

/// `pool` on `x`. On the CPU a 2×2, stride-2 pool (the CNN's) is [`max_pool_2x2`]; elsewhere
/// burn's own.
pub fn max_pool(pool: &MaxPool2d, x: Tensor<4>) -> Tensor<4> {
    match two_by_two(pool) && flex_kernels_on(&x.device()) {
        true => max_pool_2x2(x),
        false => pool.forward(x),
    }
}

/// Whether `pool` is 2×2, stride 2, unpadded, rounding down (the CNN's).
fn two_by_two(pool: &MaxPool2d) -> bool {
    let square = pool.kernel_size == [2, 2] && pool.stride == [2, 2] && pool.dilation == [1, 1];
    square && !pool.ceil_mode && matches!(pool.padding, PaddingConfig2d::Valid)
}

/// The padding of a plain square convolution (stride 1, no dilation, one group, the same
/// padding on every side), or `None`.
fn plain_padding(layer: &Conv2d) -> Option<usize> {
    let [_, _, k, kw] = layer.weight.dims();
    let plain = layer.stride == [1, 1] && layer.dilation == [1, 1] && layer.groups == 1 && k == kw;
    match layer.padding {
        PaddingConfig2d::Explicit(t, l, b, r) if plain && t == l && l == b && b == r => Some(t),
        _ => None,
    }
}

/// The padding of a "same" convolution ([`plain_padding`] of `(k - 1) / 2`, `k` odd).
fn same_padding(layer: &Conv2d) -> Option<usize> {
    let k = layer.weight.dims()[2];
    plain_padding(layer).filter(|&pad| k % 2 == 1 && pad == (k - 1) / 2)
}

/// [`conv2d`] as im2col and one product; gives `x` back for a layer it does not cover
/// (strides, dilation, groups, uneven padding or a non-square kernel).
fn im2col_conv2d(layer: &Conv2d, x: Tensor<4>) -> Result<Tensor<4>, Tensor<4>> {
    let [out, _, k, _] = layer.weight.dims();
    let Some(pad) = plain_padding(layer) else { return Err(x) };
    let [n, c, h, w] = x.dims();
    // The output's size; `h`, `w` again for a "same" convolution.
    let (h, w) = (h + 2 * pad + 1 - k, w + 2 * pad + 1 - k);
    let patches = match same_padding(layer) {
        #[cfg(feature = "webgpu")]
        Some(_) if block_kernel_on(&x.device()) => super::patches::patches(x, k),
        _ => stacked_patches(x, k, pad),
    };
    let weights = layer.weight.val().reshape([out, c * k * k]).transpose();
    let mut y = product(patches, weights);
    if let Some(bias) = &layer.bias {
        y = y + bias.val().unsqueeze_dim(0);
    }
    Ok(y.reshape([n, h * w, out]).swap_dims(1, 2).reshape([n, out, h, w]))
}

/// The im2col patches of `x` `[n, c, h, w]` for a `k`×`k` kernel over `x` zero padded by `pad`,
/// from burn's ops: `[n·h'·w', c·k·k]`, columns in the weight's `[c, ky, kx]` order. (On
/// SwiftShader a "same" convolution's patches are one kernel each way, `patches::patches`.)
fn stacked_patches(x: Tensor<4>, k: usize, pad: usize) -> Tensor<2> {
    let [n, c, h, w] = x.dims();
    let padded = x.pad((pad, pad, pad, pad), PadMode::Constant(0.0));
    let (h, w) = (h + 2 * pad + 1 - k, w + 2 * pad + 1 - k);
    let shifts =
        (0..k * k).map(|i| padded.clone().slice([0..n, 0..c, i / k..i / k + h, i % k..i % k + w])).collect();
    let patches = Tensor::stack::<5>(shifts, 2).reshape([n, c * k * k, h * w]).swap_dims(1, 2);
    patches.reshape([n * h * w, c * k * k])
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

    /// The CPU's own convolution gives burn's: outputs and the gradients of the input, the
    /// weights and the bias, for batches that fill a group of images, end one part-way, or
    /// make three; without the input's gradient (a first layer); and on a permuted (strided)
    /// input, as the CNN's first layer gets its images.
    #[test]
    fn the_cpus_convolution_matches_burns_and_its_gradients() {
        let device = Device::flex().autodiff();
        for (k, n, channels, out, h, w) in [
            (3, 6, 3, 4, 7, 6),
            (5, 4, 2, 5, 3, 9),
            (1, 3, 4, 2, 5, 5),
            (3, 1, 1, 3, 1, 2),
            (3, 9, 2, 3, 4, 5),
        ] {
            let layer = seeded_conv2d(channels, out, k, Init::Default, &mut Rng::new(k as u64), &device);
            let ours = flex_kernels_on(&device) && same_padding(&layer).is_some() && layer.bias.is_some();
            assert!(ours, "k = {k}: the layer is not on our kernels, so both sides would be burn's");
            // Pixels last, permuted to [n, c, h, w] for odd batches: a strided view.
            let x = match n % 2 {
                1 => Tensor::<4>::random([n, h, w, channels], Distribution::Normal(0.0, 1.0), &device)
                    .permute([0, 3, 1, 2]),
                _ => Tensor::<4>::random([n, channels, h, w], Distribution::Normal(0.0, 1.0), &device),
            };
            let scale = Tensor::<4>::random([n, out, h, w], Distribution::Normal(0.0, 1.0), &device);
            for input_grad in [true, false] {
                let run = |ours: bool| {
                    let x = if input_grad { x.clone().detach().require_grad() } else { x.clone().detach() };
                    let y = match ours {
                        true => conv2d(&layer, x.clone()),
                        false => layer.forward(x.clone()),
                    };
                    let grads = (y.clone() * scale.clone()).sum().backward();
                    let weight = layer.weight.val().grad(&grads).expect("a weight gradient");
                    let bias =
                        layer.bias.as_ref().and_then(|b| b.val().grad(&grads)).expect("a bias gradient");
                    let dx = x.grad(&grads).map(values).unwrap_or_default();
                    (values(y), dx, values(weight), bias.into_data().iter::<f32>().collect::<Vec<_>>())
                };
                let (ours, burn) = (run(true), run(false));
                assert_eq!(ours.1.is_empty(), !input_grad);
                let all = [
                    ("y", ours.0, burn.0),
                    ("dx", ours.1, burn.1),
                    ("dW", ours.2, burn.2),
                    ("db", ours.3, burn.3),
                ];
                for (name, a, b) in all {
                    let at = format!("k = {k}, n = {n}, input grad {input_grad}: {name}");
                    assert!(worst(&a, &b) < 1e-4, "{at} differs by {}", worst(&a, &b));
                    assert!(
                        !input_grad && name == "dx" || a.iter().any(|v| v.abs() > 1e-3),
                        "{at} is all zeros"
                    );
                }
            }
        }
    }

    /// The CPU's own 2×2 pooling gives burn's, and the same gradient, for even and odd sizes and
    /// with ties (a ReLU's zeros).
    #[test]
    fn the_cpus_max_pooling_matches_burns_and_its_gradient() {
        let device = Device::flex().autodiff();
        let pool = burn::nn::pool::MaxPool2dConfig::new([2, 2]).init();
        assert!(flex_kernels_on(&device) && two_by_two(&pool), "the CNN's pool is not on our kernels");
        for [n, c, h, w] in [[2, 3, 6, 8], [1, 2, 7, 5], [3, 1, 2, 3], [1, 1, 1, 4], [2, 2, 4, 19]] {
            let x =
                activation::relu(Tensor::<4>::random([n, c, h, w], Distribution::Normal(0.0, 1.0), &device));
            let scale = Tensor::<4>::random([n, c, h / 2, w / 2], Distribution::Normal(0.0, 1.0), &device);
            let run = |ours: bool| {
                let x = x.clone().detach().require_grad();
                let y = match ours {
                    true => max_pool(&pool, x.clone()),
                    false => pool.forward(x.clone()),
                };
                let grads = (y.clone() * scale.clone()).sum().backward();
                (values(y), values(x.grad(&grads).expect("an input gradient")))
            };
            let (ours, burn) = (run(true), run(false));
            assert_eq!(ours, burn, "[{n}, {c}, {h}, {w}]");
            assert!(
                h < 2 || ours.1.iter().any(|v| v.abs() > 1e-3),
                "[{n}, {c}, {h}, {w}]: the gradient is all zeros"
            );
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
