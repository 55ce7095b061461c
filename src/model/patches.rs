//! The im2col patches of the CNN's "same" convolution on WebGPU, as one kernel each way.
//!
//! On SwiftShader the convolution runs as im2col and one product (`layers::conv2d`). Built from
//! burn's ops the patches took a pad, one slice a kernel tap, a stack of the slices and a copy
//! into the product's layout, and their gradient as many again (a slice of the stack's gradient
//! a tap, each padded back with zeros, summed), each a pass over a tensor as large as the
//! input: 68 of the 143 kernels R3's step launched. Here the patches are read straight from
//! the input, zero outside it, in the product's layout, and the gradient gathers each pixel's
//! taps: one kernel each way, and R3's step launches 75 (BENCHMARKS.md). Written here because burn has
//! no im2col op (its own convolutions do it inside their kernels).

use burn::backend::autodiff::Autodiff;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::cubecl::dtype_to_storage_type;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, Dispatch, TensorMetadata, backend_extension};
use burn::tensor::{Shape, Tensor};
use burn_cubecl::CubeBackend;
use burn_cubecl::kernel::untile;
use burn_cubecl::ops::numeric::empty_device_contiguous_dtype;
use burn_cubecl::tensor::CubeTensor;
use cubecl::calculate_cube_count_elemwise;
use cubecl::prelude::{CubeCount, CubeDim};

/// `x` `[n, c, h, w]`'s `k`×`k` windows (`k` odd, zero padded by `(k - 1) / 2`), one row a
/// pixel and one column a `(channel, ky, kx)`, the order of a weight `[out, c, k, k]` reshaped
/// to `[out, c·k·k]`: `[n·h·w, c·k·k]`, differentiable.
pub fn patches(x: Tensor<4>, k: usize) -> Tensor<2> {
    assert!(k % 2 == 1, "the patches of a \"same\" convolution need an odd kernel, not {k}");
    Tensor::from_dispatch(Dispatch::patches(x.into_dispatch(), k))
}

fn patches_shape(x: &Shape, k: &usize) -> Shape {
    Shape::new([x[0] * x[2] * x[3], x[1] * k * k])
}

fn image_shape(patches: &Shape, k: &usize, height: &usize, width: &usize) -> Shape {
    let pixels = height * width;
    Shape::new([patches[0] / pixels, patches[1] / (k * k), *height, *width])
}

#[backend_extension(Cube, Fusion, Autodiff)]
pub trait Patches: Backend {
    /// [`patches`] of `x`.
    #[fusion(dtype = x, shape = patches_shape(x, k))]
    fn patches(x: FloatTensor<Self>, k: usize) -> FloatTensor<Self>;

    /// The gradient of `x` `[n, c, height, width]` from its patches', `dp`: each pixel's sum
    /// over the windows it lies in (col2im).
    #[fusion(dtype = dp, shape = image_shape(dp, k, height, width))]
    fn patches_backward(dp: FloatTensor<Self>, k: usize, height: usize, width: usize) -> FloatTensor<Self>;
}

/// A contiguous tensor of `shape` on `input`'s device for a kernel to fill, and that kernel's
/// launch: one unit an element.
fn output_for(input: &CubeTensor, shape: Shape) -> (CubeTensor, CubeCount, CubeDim) {
    let out = empty_device_contiguous_dtype(input.client.clone(), input.device.clone(), shape, input.dtype);
    let units = out.meta.num_elements();
    let dim = CubeDim::new(&out.client, units);
    let count = calculate_cube_count_elemwise(&out.client, units, dim);
    (out, count, dim)
}

impl Patches for CubeBackend {
    fn patches(x: FloatTensor<Self>, k: usize) -> FloatTensor<Self> {
        let x = untile(x);
        let (out, count, dim) = output_for(&x, patches_shape(x.meta.shape(), &k));
        let (client, dtype) = (out.client.clone(), dtype_to_storage_type(out.dtype));
        // Safe: a read outside the image goes to its channel's first element, and there is a
        // unit for each element of `out`.
        unsafe {
            kernels::patches_kernel::launch_unchecked(
                &client,
                count,
                dim,
                x.into_tensor_arg(),
                out.clone().into_tensor_arg(),
                k,
                dtype,
            );
        }
        out
    }

    fn patches_backward(dp: FloatTensor<Self>, k: usize, height: usize, width: usize) -> FloatTensor<Self> {
        let dp = untile(dp);
        let (dx, count, dim) = output_for(&dp, image_shape(dp.meta.shape(), &k, &height, &width));
        let (client, dtype) = (dx.client.clone(), dtype_to_storage_type(dx.dtype));
        // Safe: a tap outside the image reads its image's first row of `dp`, and there is a unit
        // for each element of `dx`.
        unsafe {
            kernels::patches_backward_kernel::launch_unchecked(
                &client,
                count,
                dim,
                dp.into_tensor_arg(),
                dx.clone().into_tensor_arg(),
                k,
                dtype,
            );
        }
        dx
    }
}

/// The patches' gradient, by [`Patches::patches_backward`].
#[derive(Debug)]
struct PatchesBackward;

impl<B: Patches> Backward<B, 1> for PatchesBackward {
    /// `k`, and the input's height and width.
    type State = (usize, usize, usize);

    fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [x_node] = ops.parents;
        let dp = grads.consume::<B>(&ops.node);
        let (k, height, width) = ops.state;
        if let Some(node) = x_node {
            grads.register::<B>(node.id, B::patches_backward(dp, k, height, width));
        }
    }
}

/// The gradient's own gradient: the patches of the gradient's (the two are adjoint).
#[derive(Debug)]
struct PatchesBackwardBackward;

impl<B: Patches> Backward<B, 1> for PatchesBackwardBackward {
    type State = usize;

    fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [dp_node] = ops.parents;
        let ddx = grads.consume::<B>(&ops.node);
        if let Some(node) = dp_node {
            grads.register::<B>(node.id, B::patches(ddx, ops.state));
        }
    }
}

impl<B: Patches, C: CheckpointStrategy> Patches for Autodiff<B, C> {
    fn patches(x: FloatTensor<Self>, k: usize) -> FloatTensor<Self> {
        let [_, _, height, width] = x.shape().dims();
        match PatchesBackward.prepare::<C>([x.node()]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => prep.finish((k, height, width), B::patches(x.into_primitive(), k)),
            OpsKind::UnTracked(prep) => prep.finish(B::patches(x.into_primitive(), k)),
        }
    }

    fn patches_backward(dp: FloatTensor<Self>, k: usize, height: usize, width: usize) -> FloatTensor<Self> {
        let dx = |dp: FloatTensor<Self>| B::patches_backward(dp.into_primitive(), k, height, width);
        match PatchesBackwardBackward.prepare::<C>([dp.node()]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => prep.finish(k, dx(dp)),
            OpsKind::UnTracked(prep) => prep.finish(dx(dp)),
        }
    }
}

mod kernels {
    use cubecl::prelude::*;

    /// One element of the patches: row `(image, y, x)`, column `(channel, ky, kx)` reads
    /// `x[image, channel, y + ky - pad, x + kx - pad]`, zero outside the image.
    #[cube(launch_unchecked)]
    pub fn patches_kernel<F: Float>(
        x: &Tensor<F>,
        out: &mut Tensor<F>,
        #[comptime] k: usize,
        #[define(F)] _dtype: ElemType,
    ) {
        if ABSOLUTE_POS >= out.len() {
            terminate!();
        }
        let (h, w) = (x.shape(2), x.shape(3));
        let cols = out.shape(1);
        let (row, col) = (ABSOLUTE_POS / cols, ABSOLUTE_POS % cols);
        let (image, pixel) = (row / (h * w), row % (h * w));
        let (channel, tap) = (col / (k * k), col % (k * k));
        let pad = (k - 1) / 2;
        // In padded coordinates: the image's pixels lie at [pad, h + pad) × [pad, w + pad).
        let sy = pixel / w + tap / k;
        let sx = pixel % w + tap % k;
        let inside = sy >= pad && sy < h + pad && sx >= pad && sx < w + pad;
        let at = image * x.stride(0)
            + channel * x.stride(1)
            + select(inside, (sy - pad) * x.stride(2) + (sx - pad) * x.stride(3), 0);
        out[ABSOLUTE_POS] = select(inside, x[at], F::new(0.0));
    }

    /// One pixel of the input's gradient: the sum, over the taps `(ky, kx)`, of the patches'
    /// gradient at the output pixel `(y - ky + pad, x - kx + pad)` (where it lies in the image),
    /// column `(channel, ky, kx)`.
    #[cube(launch_unchecked)]
    pub fn patches_backward_kernel<F: Float>(
        dp: &Tensor<F>,
        dx: &mut Tensor<F>,
        #[comptime] k: usize,
        #[define(F)] _dtype: ElemType,
    ) {
        if ABSOLUTE_POS >= dx.len() {
            terminate!();
        }
        let (c, h, w) = (dx.shape(1), dx.shape(2), dx.shape(3));
        let x = ABSOLUTE_POS % w;
        let y = (ABSOLUTE_POS / w) % h;
        let channel = (ABSOLUTE_POS / (w * h)) % c;
        let image = ABSOLUTE_POS / (w * h * c);
        let pad = (k - 1) / 2;
        let (row_stride, col_stride) = (dp.stride(0), dp.stride(1));
        let mut sum = F::new(0.0);
        #[unroll]
        for ky in 0..k {
            #[unroll]
            for kx in 0..k {
                // The output pixel whose window puts tap (ky, kx) on (y, x), in padded coordinates
                // shifted by `k` so that none goes below zero.
                let oy = y + pad + k - ky;
                let ox = x + pad + k - kx;
                let inside = oy >= k && oy < h + k && ox >= k && ox < w + k;
                let row = image * h * w + select(inside, (oy - k) * w + (ox - k), 0);
                let col = channel * k * k + ky * k + kx;
                sum += select(inside, dp[row * row_stride + col * col_stride], F::new(0.0));
            }
        }
        dx[ABSOLUTE_POS] = sum;
    }
}
