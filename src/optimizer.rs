//! The optimizers, with PyTorch's `torch.optim` update rules and defaults.
//!
//! burn 0.22's optimizers compute the same updates as PyTorch's once configured; only some
//! defaults differ, and every one of them is set here explicitly:
//! - SGD + momentum: burn's dampening default is 0.1, PyTorch's 0.
//! - Adam, AdamW, RMSprop: burn's eps default is 1e-5, PyTorch's 1e-8.
//! - RMSprop: burn's momentum default is 0.9, PyTorch's 0.
//! - AdamW: burn's weight decay default is 1e-4, PyTorch's 0.01 (here it comes from the settings).
//!
//! Weight decay is PyTorch's: added to the gradient (`g + wd*p`) for SGD, Adam and RMSprop,
//! and decoupled (`p *= 1 - lr*wd` before the Adam step) for AdamW.

use burn::optim::decay::WeightDecayConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, AdamWConfig, ModuleOptimizer, RmsPropConfig, SgdConfig};
use serde::{Deserialize, Serialize};

use crate::config::TrainConfig;

/// PyTorch's defaults for the adaptive optimizers.
const BETAS: (f32, f32) = (0.9, 0.999);
const EPS: f32 = 1e-8;
const RMSPROP_ALPHA: f32 = 0.99;

pub use crate::config::OptimizerKind;

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
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

impl Default for OptimizerSettings {
    fn default() -> Self {
        Self { kind: OptimizerKind::Adam, momentum: 0.9, weight_decay: 0.0 }
    }
}

impl OptimizerSettings {
    pub fn validate(&self) -> Result<(), String> {
        if !(0.0..1.0).contains(&self.momentum) {
            return Err(format!("Momentum must be in [0, 1), got {}.", self.momentum));
        }
        if !(self.weight_decay >= 0.0 && self.weight_decay.is_finite()) {
            return Err(format!("Weight decay must be a finite value >= 0, got {}.", self.weight_decay));
        }
        Ok(())
    }
}

/// The optimizer for `settings`; step it with
/// `optimizer.step(lr, model, GradientsParams::from_grads(loss.backward(), &model))`.
pub fn build(settings: &OptimizerSettings) -> ModuleOptimizer {
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

/// One line for the UI help.
pub fn describe(kind: OptimizerKind) -> &'static str {
    match kind {
        OptimizerKind::Sgd => "SGD: p -= lr * (g + wd*p)",
        OptimizerKind::Momentum => {
            "SGD + momentum: b = momentum*b + g (dampening 0, b = g on the first step), p -= lr*b (PyTorch; burn's dampening default is 0.1)"
        }
        OptimizerKind::Nesterov => "SGD + Nesterov: b as with momentum, p -= lr * (g + momentum*b)",
        OptimizerKind::Adam => {
            "Adam: betas (0.9, 0.999), eps 1e-8, weight decay added to the gradient (PyTorch defaults; burn's eps default is 1e-5)"
        }
        OptimizerKind::Adamw => {
            "AdamW: Adam with decoupled weight decay p *= 1 - lr*wd; betas (0.9, 0.999), eps 1e-8 (PyTorch defaults; burn's eps default is 1e-5)"
        }
        OptimizerKind::Rmsprop => {
            "RMSprop: alpha 0.99, eps 1e-8, no momentum, not centered (PyTorch defaults; burn's are eps 1e-5, momentum 0.9)"
        }
    }
}
