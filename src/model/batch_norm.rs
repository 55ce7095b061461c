//! BatchNorm (1d and 2d) with PyTorch's running statistics: the running variance is updated
//! with the *unbiased* batch variance (`var * n / (n - 1)`, n values per channel), as
//! `torch.nn.BatchNorm*d` does; burn's own BatchNorm uses the biased one. The batch itself is
//! normalised with the biased variance, in both. eps 1e-5, momentum 0.1 (PyTorch's defaults).

use burn::module::{Flag, Module, Param, RunningState};
use burn::prelude::*;
use burn::tensor::module::{batch_norm, batch_norm_train};

use super::summary::{BATCH_NORM_EPS as EPSILON, BATCH_NORM_MOMENTUM as MOMENTUM};

#[derive(Module, Debug)]
pub struct BatchNorm {
    pub gamma: Param<Tensor<1>>,
    pub beta: Param<Tensor<1>>,
    training: Param<Flag>,
    pub running_mean: RunningState<Tensor<1>>,
    pub running_var: RunningState<Tensor<1>>,
}

impl BatchNorm {
    /// PyTorch's initial state: weight 1, bias 0, running mean 0, running variance 1.
    pub fn new(features: usize, device: &Device) -> Self {
        let ones = || Tensor::ones([features], device);
        Self::from_tensors([
            ones(),
            Tensor::zeros([features], device),
            Tensor::zeros([features], device),
            ones(),
        ])
    }

    /// From `[weight (gamma), bias (beta), running_mean, running_var]`.
    pub fn from_tensors([gamma, beta, mean, var]: [Tensor<1>; 4]) -> Self {
        Self {
            gamma: Param::from_tensor(gamma),
            beta: Param::from_tensor(beta),
            training: Param::from_bool(true),
            running_mean: RunningState::new(mean),
            running_var: RunningState::new(var),
        }
    }

    /// `[weight (gamma), bias (beta), running_mean, running_var]`.
    pub fn tensors(&self) -> [Tensor<1>; 4] {
        [self.gamma.val(), self.beta.val(), self.running_mean.value_sync(), self.running_var.value_sync()]
    }

    /// `[n, features, ...]` normalised per feature: with the batch's statistics while
    /// training (on an autodiff device), with the running ones otherwise.
    pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
        let device = input.device();
        if !(device.is_autodiff() && self.training.is_enabled()) {
            let mean = self.running_mean.value().to_device(&device);
            let var = self.running_var.value().to_device(&device);
            return batch_norm(input, self.gamma.val(), self.beta.val(), mean, var, EPSILON);
        }
        let dims = input.dims();
        let per_feature = input.shape().num_elements() / dims[1].max(1);
        let result = batch_norm_train(input, self.gamma.val(), self.beta.val(), EPSILON);
        // One value per feature has no variance to learn from (PyTorch refuses such a batch);
        // the running statistics are left as they were.
        if per_feature > 1 {
            let unbiased = result.variance.detach().mul_scalar(per_feature as f64 / (per_feature - 1) as f64);
            let mean = self.running_mean.value_sync().to_device(&device);
            let var = self.running_var.value_sync().to_device(&device);
            let mean = mean.mul_scalar(1.0 - MOMENTUM).add(result.mean.detach().mul_scalar(MOMENTUM));
            let var = var.mul_scalar(1.0 - MOMENTUM).add(unbiased.mul_scalar(MOMENTUM));
            self.running_mean.update(mean.detach());
            self.running_var.update(var.detach());
        }
        result.output
    }
}
