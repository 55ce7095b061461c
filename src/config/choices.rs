//! The named choices of the config, each by the name PyTorch, Keras or Albumentations gives it.

use serde::{Deserialize, Serialize};

/// Where the compute runs. `Auto` never picks a software WebGPU adapter and otherwise takes
/// the faster backend for the model (timed), falling back to the CPU.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum BackendChoice {
    #[default]
    Auto,
    Webgpu,
    Cpu,
}

/// The backend a run actually used; the export's `backend` field.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum BackendKind {
    Webgpu,
    Cpu,
}

/// Whether a WebGPU adapter is a CPU implementation (SwiftShader, llvmpipe, lavapipe, WARP),
/// slower than the CPU backend: the browser flags it (`isFallbackAdapter`) or its info names
/// one. `description` is the adapter info's vendor, architecture and description. The worker
/// decides Auto by this and the page counts grid lanes by it: one list for both.
pub fn software_adapter(description: &str, fallback: bool) -> bool {
    let description = description.to_lowercase();
    fallback
        || ["swiftshader", "llvmpipe", "lavapipe", "software", "warp"]
            .iter()
            .any(|name| description.contains(name))
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    #[default]
    Mlp,
    Cnn,
}

/// What follows the CNN's conv blocks: flatten, or global average pooling (one value per channel).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Head {
    #[default]
    Flatten,
    Gap,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum OptimizerKind {
    Sgd,
    Momentum,
    Nesterov,
    #[default]
    Adam,
    Adamw,
    Rmsprop,
}

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 6] =
        [Self::Sgd, Self::Momentum, Self::Nesterov, Self::Adam, Self::Adamw, Self::Rmsprop];
}

/// Hidden-layer activation, by its PyTorch name.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    #[default]
    Relu,
    Gelu,
    Tanh,
    Sigmoid,
    /// negative slope 0.01, as `nn.LeakyReLU()`
    LeakyRelu,
}

/// Weight init, by `torch.nn.init` names; `default` is PyTorch's layer default.
/// (The model's `Init` carries each scheme's parameters; this flat form is what the URL needs.)
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum InitKind {
    #[default]
    Default,
    XavierUniform,
    XavierNormal,
    HeNormal,
    HeUniform,
    Uniform,
    Normal,
}

/// The lr schedule by name. (Training's `Schedule` carries each one's parameters; this flat
/// form is what the URL needs.)
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleKind {
    #[default]
    Constant,
    StepLr,
    Cosine,
    ReduceOnPlateau,
}

/// The quantity that picks the best epoch and drives EarlyStopping, named as Keras logs it.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Monitor {
    /// `"val_loss"`: lower is better (Keras mode 'min').
    #[default]
    ValLoss,
    /// `"val_accuracy"`: higher is better (Keras mode 'max').
    ValAccuracy,
}

impl Monitor {
    pub fn lower_is_better(self) -> bool {
        matches!(self, Monitor::ValLoss)
    }

    /// The Keras log key, also the `EpochRecord` field name.
    pub fn key(self) -> &'static str {
        match self {
            Monitor::ValLoss => "val_loss",
            Monitor::ValAccuracy => "val_accuracy",
        }
    }

    /// The worst possible value: where a tracker starts (Keras' `np.inf` / `-np.inf`).
    pub fn worst(self) -> f64 {
        if self.lower_is_better() { f64::INFINITY } else { f64::NEG_INFINITY }
    }

    /// Keras' `_is_improvement`: better than `reference` by more than `min_delta`.
    /// Any comparison with NaN is false, so NaN never improves.
    pub fn improves(self, value: f64, reference: f64, min_delta: f64) -> bool {
        if self.lower_is_better() { value + min_delta < reference } else { value - min_delta > reference }
    }
}

/// Which weights a finished run reports: the best epoch's (Keras' restore_best_weights) or the last.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    #[default]
    Best,
    Last,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum DatasetChoice {
    /// The built-in Fashion-MNIST subset (28x28 grayscale; `image_size` and `grayscale` do not apply).
    #[default]
    Demo,
    /// The image folder (or .zip) the user loaded.
    Folder,
}

/// How a folder's images are resized to `image_size` when loaded (the `interpolation` of
/// Albumentations' `A.Resize`, and the page's own antialiased filter).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Interpolation {
    /// An integer box pre-shrink, then a triangle filter whose support widens with the scale
    /// (torchvision's `Resize(antialias=True)` kind): every source pixel counts.
    #[default]
    Antialias,
    /// OpenCV's `INTER_LINEAR`, `A.Resize`'s default: bilinear from the 2x2 nearest pixels
    /// (a downscale skips pixels; an exact halving averages 2x2, as OpenCV does).
    Linear,
    /// OpenCV's `INTER_AREA`: the average of the source area under each pixel when
    /// shrinking; bilinear-like when enlarging.
    Area,
}

/// Albumentations' `Normalize`: `(x / max_pixel - mean) / std` per channel, on every split.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum NormalizeKind {
    /// `A.Normalize()` defaults: ImageNet mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225),
    /// max pixel 255. Grayscale images use the means of those (0.449, 0.226).
    #[default]
    Imagenet,
    /// Mean and std per channel computed from the train split.
    Train,
    /// Only `x / 255`.
    None,
}
