//! The optimizers, with PyTorch's `torch.optim` update rules and defaults.
//!
//! burn 0.22's optimizers compute the same updates as PyTorch's once configured (`burns`); only
//! some defaults differ, and every one of them is set here explicitly:
//! - SGD + momentum: burn's dampening default is 0.1, PyTorch's 0.
//! - Adam, AdamW, RMSprop: burn's eps default is 1e-5, PyTorch's 1e-8.
//! - RMSprop: burn's momentum default is 0.9, PyTorch's 0.
//! - AdamW: burn's weight decay default is 1e-4, PyTorch's 0.01 (here it comes from the settings).
//!
//! Weight decay is PyTorch's: added to the gradient (`g + wd*p`) for SGD, Adam and RMSprop,
//! and decoupled (`p *= 1 - lr*wd` before the Adam step) for AdamW.

use super::fused_adam::FusedAdam;
use crate::config::{OptimizerKind, TrainConfig};
use burn::optim::decay::WeightDecayConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, AdamWConfig, ModuleOptimizer, RmsPropConfig, SgdConfig};
use burn::prelude::Device;

/// PyTorch's defaults for the adaptive optimizers.
const BETAS: (f32, f32) = (0.9, 0.999);
const EPS: f32 = 1e-8;
const RMSPROP_ALPHA: f32 = 0.99;

/// The settings that shape an optimizer (the config validates their ranges).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptimizerSettings {
    pub kind: OptimizerKind,
    /// Momentum factor; used by `Momentum` and `Nesterov` only.
    pub momentum: f64,
    /// L2 penalty added to the gradient, or for AdamW the decoupled decay rate.
    pub weight_decay: f64,
}

impl From<&TrainConfig> for OptimizerSettings {
    fn from(config: &TrainConfig) -> Self {
        Self { kind: config.optimizer, momentum: config.momentum, weight_decay: config.weight_decay }
    }
}

/// The optimizer for `settings` on `device` (the autodiff device the model lives on); step it
/// with `optimizer.step(lr, model, GradientsParams::from_grads(loss.backward(), &model))`.
pub fn build(settings: &OptimizerSettings, device: &Device) -> ModuleOptimizer {
    match fused(settings, device) {
        Some(fused) => ModuleOptimizer::from(fused),
        None => burns(settings),
    }
}

/// The one-pass Adam or AdamW that `build` steps with on the CPU backend, if it does.
pub fn fused(settings: &OptimizerSettings, device: &Device) -> Option<FusedAdam> {
    let adaptive = matches!(settings.kind, OptimizerKind::Adam | OptimizerKind::Adamw);
    (adaptive && *device == Device::flex().autodiff()).then(|| FusedAdam {
        beta_1: BETAS.0,
        beta_2: BETAS.1,
        epsilon: EPS,
        weight_decay: settings.weight_decay as f32,
        decoupled: settings.kind == OptimizerKind::Adamw,
    })
}

/// burn's own optimizer for `settings` (WebGPU's, whose fusion joins its ops; the CPU's for
/// SGD and RMSprop).
pub fn burns(settings: &OptimizerSettings) -> ModuleOptimizer {
    let wd = settings.weight_decay as f32;
    // Coupled L2 (`g + wd*p`), as burn's `WeightDecay` and PyTorch's non-AdamW optimizers do.
    let coupled = (wd != 0.0).then(|| WeightDecayConfig::new(wd));
    let momentum = |nesterov| {
        MomentumConfig::new().with_momentum(settings.momentum).with_dampening(0.0).with_nesterov(nesterov)
    };
    match settings.kind {
        OptimizerKind::Sgd => SgdConfig::new().with_weight_decay(coupled).init(),
        OptimizerKind::Momentum => {
            SgdConfig::new().with_weight_decay(coupled).with_momentum(Some(momentum(false))).init()
        }
        OptimizerKind::Nesterov => {
            SgdConfig::new().with_weight_decay(coupled).with_momentum(Some(momentum(true))).init()
        }
        OptimizerKind::Adam => AdamConfig::new()
            .with_beta_1(BETAS.0)
            .with_beta_2(BETAS.1)
            .with_epsilon(EPS)
            .with_weight_decay(coupled)
            .init(),
        OptimizerKind::Adamw => AdamWConfig::new()
            .with_beta_1(BETAS.0)
            .with_beta_2(BETAS.1)
            .with_epsilon(EPS)
            .with_weight_decay(wd)
            .init(),
        OptimizerKind::Rmsprop => RmsPropConfig::new()
            .with_alpha(RMSPROP_ALPHA)
            .with_epsilon(EPS)
            .with_momentum(0.0)
            .with_centered(false)
            .with_weight_decay(coupled)
            .init(),
    }
}
