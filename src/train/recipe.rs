//! The fixed-batch training recipes that the parity check and the speed benchmark step.

use serde::{Deserialize, Serialize};

/// A fixed-batch training recipe: what the parity check and the speed benchmark step.
/// Kernels differ between them (matmul and Adam's element-wise ops; convolution, pooling,
/// BatchNorm and SGD's momentum).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum ParityRecipe {
    /// R1: the demo's MLP 784-256-128-10 with Adam, batch 64.
    #[default]
    MlpAdam,
    /// A CNN conv 8-16 with BatchNorm, hidden 32, on 16×16 gray images, SGD with momentum
    /// 0.9, batch 16.
    CnnBatchNormMomentum,
    /// R2: an MLP 12288-512-128-9 (64×64×3 images) with Adam, batch 32.
    WideMlpAdam,
    /// R1's MLP on a batch of 10, as an epoch's short last batch: its forward and input
    /// gradient products have 10 rows, no multiple of the WebGPU block kernel's 16, where
    /// R1's batch of 64 is one.
    ShortBatchMlpAdam,
    /// R3: a CNN on 32×32×3 images, conv 32 - pool - conv 64 - pool - 128 - 10, Adam, batch 64.
    CnnAdam,
}
