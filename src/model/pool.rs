//! The CNN's 2×2 max pooling (stride 2) as an op of its own, so that on the CPU (flex) it runs
//! on `flex_pool`'s kernels, forward and backward. Only flex (and autodiff over it) implement
//! the op: callers check `conv::flex_kernels_on` and keep burn's `MaxPool2d` elsewhere. Where
//! flex's kernels do not cover a tensor (under 2×2), it falls back to burn's own.

use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::autodiff::{Autodiff, NodeId};
use burn::backend::ops::ModuleOps;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, Dispatch, Flex, backend_extension};
use burn::prelude::*;
use burn::tensor::IntDType;

use super::flex_pool;

/// `x` `[n, c, h, w]` max-pooled by 2×2 windows, stride 2: `[n, c, h / 2, w / 2]`, differentiable.
pub fn max_pool_2x2(x: Tensor<4>) -> Tensor<4> {
    Tensor::from_dispatch(Dispatch::max_pool_2x2(x.into_dispatch()))
}

#[backend_extension(Flex, Autodiff)]
pub trait MaxPool2x2: Backend {
    /// `x` pooled (flex's kernel, or burn's pooling where it does not fit).
    fn max_pool_2x2(x: FloatTensor<Self>) -> FloatTensor<Self>;

    /// The input's gradient from the output's, `dy`.
    fn max_pool_2x2_backward(x: FloatTensor<Self>, dy: FloatTensor<Self>) -> FloatTensor<Self> {
        burns_gradient::<Self>(x, dy)
    }
}

fn burns_gradient<B: Backend>(x: FloatTensor<B>, dy: FloatTensor<B>) -> FloatTensor<B> {
    let pooled = B::max_pool2d_with_indices(x.clone(), [2, 2], [2, 2], [0, 0], [1, 1], false, IntDType::I64);
    B::max_pool2d_with_indices_backward(x, [2, 2], [2, 2], [0, 0], [1, 1], false, dy, pooled.indices).x_grad
}

impl MaxPool2x2 for Flex {
    fn max_pool_2x2(x: FloatTensor<Self>) -> FloatTensor<Self> {
        match flex_pool::geometry(&x) {
            Some(_) => flex_pool::forward(x),
            None => Self::max_pool2d(x, [2, 2], [2, 2], [0, 0], [1, 1], false),
        }
    }

    fn max_pool_2x2_backward(x: FloatTensor<Self>, dy: FloatTensor<Self>) -> FloatTensor<Self> {
        match flex_pool::geometry(&x) {
            Some(_) => flex_pool::backward(x, dy),
            None => burns_gradient::<Self>(x, dy),
        }
    }
}

/// The pooling's gradient, by [`MaxPool2x2::max_pool_2x2_backward`] from the input.
#[derive(Debug)]
struct PoolBackward;

impl<B: MaxPool2x2> Backward<B, 1> for PoolBackward {
    type State = NodeId;

    fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, checkpointer: &mut Checkpointer) {
        let [node] = ops.parents;
        let dy = grads.consume::<B>(&ops.node);
        if let Some(node) = node {
            let x: FloatTensor<B> = checkpointer.retrieve_node_output(ops.state);
            grads.register::<B>(node.id, B::max_pool_2x2_backward(x, dy));
        }
    }
}

impl<B: MaxPool2x2, C: CheckpointStrategy> MaxPool2x2 for Autodiff<B, C> {
    fn max_pool_2x2(x: FloatTensor<Self>) -> FloatTensor<Self> {
        match PoolBackward.prepare::<C>([x.node()]).compute_bound().stateful() {
            OpsKind::Tracked(mut prep) => {
                let state = prep.checkpoint(&x);
                prep.finish(state, B::max_pool_2x2(x.into_primitive()))
            }
            OpsKind::UnTracked(prep) => prep.finish(B::max_pool_2x2(x.into_primitive())),
        }
    }
}
