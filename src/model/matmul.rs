//! The Linear layers' product `x · W`, as an op of its own so that the WebGPU backend can pick
//! its matmul kernel by adapter.
//!
//! burn 0.22 without autotune runs every product on cubek's default kernel, and its autotune
//! cannot be used (a candidate fails Chromium's shader validation and ends the device). On
//! SwiftShader, the CPU adapter a browser without a usable GPU gets, that kernel runs the
//! recipes' products at 0.2–0.6 GFLOP/s and `block_matmul`'s at 3–5.5 (BENCHMARKS.md). On other
//! adapters ours was not measured, so they keep burn's default. On flex the product's output
//! is split over the threads by `flex_matmul`. The gradients are the usual ones
//! (`dx = dy · Wᵀ`, `dW = xᵀ · dy`), computed by the same op so the backward pass gets the
//! same kernel.

use std::sync::atomic::{AtomicBool, Ordering};

use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::autodiff::{Autodiff, NodeId};
use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, Dispatch, Flex, backend_extension};
use burn::prelude::*;

/// Whether WebGPU products run on `block_matmul`'s kernel: set once the adapter is known.
static BLOCK_KERNEL: AtomicBool = AtomicBool::new(false);

/// Chooses the WebGPU matmul kernel for the adapter the device runs on: ours on SwiftShader.
pub fn use_block_kernel(on: bool) {
    BLOCK_KERNEL.store(on, Ordering::Relaxed);
}

/// Whether products on `device` run on `block_matmul`'s kernel (a WebGPU device on SwiftShader).
pub fn block_kernel_on(device: &Device) -> bool {
    #[cfg(feature = "webgpu")]
    return BLOCK_KERNEL.load(Ordering::Relaxed)
        && matches!(device.clone().inner().as_dispatch(), burn::backend::DispatchDevice::Cube(_));
    #[cfg(not(feature = "webgpu"))]
    {
        let _ = device;
        false
    }
}

/// Whether the Linear layers' products on `device` go through [`product`]: on the CPU (flex,
/// where `flex_matmul` splits them over the threads) and on the block kernel. Elsewhere burn's
/// `Linear`, whose product fusion can merge with the bias and activation.
pub fn own_product_on(device: &Device) -> bool {
    matches!(device.clone().inner().as_dispatch(), burn::backend::DispatchDevice::Flex(_))
        || block_kernel_on(device)
}

/// `[m, k] · [k, n]`, differentiable; the same numbers as `lhs.matmul(rhs)`.
pub fn product(lhs: Tensor<2>, rhs: Tensor<2>) -> Tensor<2> {
    Tensor::from_dispatch(Dispatch::linear_product(lhs.into_dispatch(), rhs.into_dispatch()))
}

#[cfg(feature = "webgpu")]
fn product_shape(lhs: &Shape, rhs: &Shape) -> Shape {
    let mut shape = lhs.clone();
    let last = shape.num_dims() - 1;
    shape[last] = rhs[rhs.num_dims() - 1];
    shape
}

#[backend_extension(Flex, Cube: cfg(feature = "webgpu"), Fusion: cfg(feature = "webgpu"), Autodiff)]
pub trait LinearProduct: Backend {
    #[fusion(dtype = lhs, shape = product_shape(lhs, rhs))]
    fn linear_product(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        Self::float_matmul(lhs, rhs)
    }
}

impl LinearProduct for Flex {
    fn linear_product(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        use burn::backend::ops::FloatTensorOps;
        if !super::flex_matmul::takes(&lhs, &rhs) {
            return Self::float_matmul(lhs, rhs);
        }
        super::flex_matmul::product(lhs, rhs, super::flex_matmul::threads())
    }
}

#[cfg(feature = "webgpu")]
impl LinearProduct for burn_cubecl::CubeBackend {
    fn linear_product(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        use burn::backend::ops::FloatTensorOps;
        let fits = lhs.dtype == burn::tensor::DType::F32 && super::block_matmul::fits(&lhs, &rhs);
        if BLOCK_KERNEL.load(Ordering::Relaxed) && fits {
            return super::block_matmul::product(lhs, rhs);
        }
        Self::float_matmul(lhs, rhs)
    }
}

/// The product's gradients, by the same op: `dx = dy · Wᵀ`, `dW = xᵀ · dy`.
#[derive(Debug)]
struct ProductBackward;

impl<B: LinearProduct> Backward<B, 2> for ProductBackward {
    /// Each operand is kept only where the other's gradient needs it (as burn's matmul does).
    type State = (Option<NodeId>, Option<NodeId>);

    fn backward(self, ops: Ops<Self::State, 2>, grads: &mut Gradients, checkpointer: &mut Checkpointer) {
        let [lhs_node, rhs_node] = ops.parents;
        let grad = grads.consume::<B>(&ops.node);
        let (lhs_state, rhs_state) = ops.state;
        if let (Some(node), Some(rhs)) = (lhs_node, rhs_state) {
            let rhs: FloatTensor<B> = checkpointer.retrieve_node_output(rhs);
            grads.register::<B>(node.id, B::linear_product(grad.clone(), B::float_transpose(rhs)));
        }
        if let (Some(node), Some(lhs)) = (rhs_node, lhs_state) {
            let lhs: FloatTensor<B> = checkpointer.retrieve_node_output(lhs);
            grads.register::<B>(node.id, B::linear_product(B::float_transpose(lhs), grad));
        }
    }
}

impl<B: LinearProduct, C: CheckpointStrategy> LinearProduct for Autodiff<B, C> {
    fn linear_product(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        let (lhs_tracked, rhs_tracked) = (lhs.is_tracked(), rhs.is_tracked());
        match ProductBackward.prepare::<C>([lhs.node(), rhs.node()]).compute_bound().stateful() {
            OpsKind::Tracked(mut prep) => {
                let state =
                    (rhs_tracked.then(|| prep.checkpoint(&lhs)), lhs_tracked.then(|| prep.checkpoint(&rhs)));
                prep.finish(state, B::linear_product(lhs.into_primitive(), rhs.into_primitive()))
            }
            OpsKind::UnTracked(prep) => {
                prep.finish(B::linear_product(lhs.into_primitive(), rhs.into_primitive()))
            }
        }
    }
}
