//! The CNN's "same" convolution (`k`×`k`, stride 1, padding `(k - 1) / 2`, with a bias) as an
//! op of its own, so that on the CPU (flex) it runs on `flex_conv`'s kernels, forward and
//! backward, split over the threads by image. Only flex (and autodiff over it) implement the
//! op: callers check [`flex_kernels_on`] and keep burn's `Conv2d` elsewhere. Where flex's
//! kernels do not cover a tensor, it falls back to burn's own convolution and gradients.

use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::autodiff::{Autodiff, NodeId};
use burn::backend::ops::ModuleOps;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, Dispatch, Flex, TensorMetadata, backend_extension};
use burn::prelude::*;
use burn::tensor::ops::ConvOptions;

use super::flex_conv;

/// Whether `device` is the CPU backend (flex), where the CNN's convolution and pooling run on
/// our own kernels ([`same_conv`], `pool::max_pool_2x2`).
pub fn flex_kernels_on(device: &Device) -> bool {
    matches!(device.clone().inner().as_dispatch(), burn::backend::DispatchDevice::Flex(_))
}

/// `conv(x, weight) + bias`: `x` `[n, c, h, w]`, `weight` `[out, c, k, k]` (`k` odd), `bias`
/// `[out]`; `[n, out, h, w]`, differentiable.
pub fn same_conv(x: Tensor<4>, weight: Tensor<4>, bias: Tensor<1>) -> Tensor<4> {
    Tensor::from_dispatch(Dispatch::same_conv(
        x.into_dispatch(),
        weight.into_dispatch(),
        bias.into_dispatch(),
    ))
}

/// burn's options for the same convolution.
fn options(weight_shape: &burn::tensor::Shape) -> ConvOptions<2> {
    let pad = (weight_shape[2] - 1) / 2;
    ConvOptions::new([1, 1], [pad, pad], [1, 1], 1)
}

#[backend_extension(Flex, Autodiff)]
pub trait SameConv: Backend {
    /// `conv(x, weight) + bias` (flex's kernels, or burn's convolution where they do not fit).
    fn same_conv(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        bias: FloatTensor<Self>,
    ) -> FloatTensor<Self>;

    /// The gradients from the output's, `dy`: the input's (when `input` asks), the weights'
    /// and the bias's.
    fn same_conv_backward(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        dy: FloatTensor<Self>,
        input: bool,
    ) -> (Option<FloatTensor<Self>>, FloatTensor<Self>, FloatTensor<Self>) {
        burns_gradients::<Self>(x, weight, dy, input)
    }
}

/// burn's gradients of its convolution (and of the bias, summed over images and pixels).
fn burns_gradients<B: Backend>(
    x: FloatTensor<B>,
    weight: FloatTensor<B>,
    dy: FloatTensor<B>,
    input: bool,
) -> (Option<FloatTensor<B>>, FloatTensor<B>, FloatTensor<B>) {
    let options = options(&weight.shape());
    let dx = input.then(|| B::conv2d_x_backward(x.clone(), weight.clone(), dy.clone(), options.clone()));
    let dw = B::conv2d_weight_backward(x, weight, dy.clone(), options);
    let [n, out, h, w] = dy.shape().dims();
    let per_channel = B::float_reshape(B::float_swap_dims(dy, 0, 1), Shape::new([out, n * h * w]));
    let db = B::float_reshape(B::float_sum_dim(per_channel, 1), Shape::new([out]));
    (dx, dw, db)
}

impl SameConv for Flex {
    fn same_conv(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        bias: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        match flex_conv::geometry(&x, &weight).filter(|g| flex_conv::bias_fits(&bias, g)) {
            Some(geometry) => flex_conv::forward(x, weight, bias, geometry),
            None => {
                let options = options(weight.layout().shape());
                Self::conv2d(x, weight, Some(bias), options)
            }
        }
    }

    fn same_conv_backward(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        dy: FloatTensor<Self>,
        input: bool,
    ) -> (Option<FloatTensor<Self>>, FloatTensor<Self>, FloatTensor<Self>) {
        match flex_conv::geometry(&x, &weight) {
            Some(geometry) => flex_conv::backward(x, weight, dy, geometry, input),
            None => burns_gradients::<Self>(x, weight, dy, input),
        }
    }
}

/// The convolution's gradients, by [`SameConv::same_conv_backward`].
#[derive(Debug)]
struct ConvBackward;

impl<B: SameConv> Backward<B, 3> for ConvBackward {
    /// The input and the weights (each gradient needs the other).
    type State = (NodeId, NodeId);

    fn backward(self, ops: Ops<Self::State, 3>, grads: &mut Gradients, checkpointer: &mut Checkpointer) {
        let [x_node, weight_node, bias_node] = ops.parents;
        let dy = grads.consume::<B>(&ops.node);
        let (x, weight) = ops.state;
        let x: FloatTensor<B> = checkpointer.retrieve_node_output(x);
        let weight: FloatTensor<B> = checkpointer.retrieve_node_output(weight);
        let (dx, dw, db) = B::same_conv_backward(x, weight, dy, x_node.is_some());
        if let (Some(node), Some(dx)) = (x_node, dx) {
            grads.register::<B>(node.id, dx);
        }
        if let Some(node) = weight_node {
            grads.register::<B>(node.id, dw);
        }
        if let Some(node) = bias_node {
            grads.register::<B>(node.id, db);
        }
    }
}

impl<B: SameConv, C: CheckpointStrategy> SameConv for Autodiff<B, C> {
    fn same_conv(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        bias: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        match ConvBackward.prepare::<C>([x.node(), weight.node(), bias.node()]).compute_bound().stateful() {
            OpsKind::Tracked(mut prep) => {
                let state = (prep.checkpoint(&x), prep.checkpoint(&weight));
                prep.finish(
                    state,
                    B::same_conv(x.into_primitive(), weight.into_primitive(), bias.into_primitive()),
                )
            }
            OpsKind::UnTracked(prep) => {
                prep.finish(B::same_conv(x.into_primitive(), weight.into_primitive(), bias.into_primitive()))
            }
        }
    }
}
