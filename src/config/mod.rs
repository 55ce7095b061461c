//! The one training configuration: the page's form, the URL, the exported run and the
//! worker's `train` message all carry this type and nothing else.

mod checks;
mod choices;
pub mod grid;
pub mod presets;
pub mod shard;
mod url;

use serde::{Deserialize, Serialize};

pub use self::checks::{Problem, Rule, limits};
pub use self::choices::*;
pub use self::url::PairProblem;

/// PyTorch's `AdamW` default weight decay: what a URL or form that switches to AdamW without
/// naming a decay gets (otherwise AdamW with decay 0 would silently be Adam).
pub const ADAMW_WEIGHT_DECAY: f64 = 0.01;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TrainConfig {
    pub dataset: DatasetChoice,
    /// Folder datasets: images are resized to `image_size` x `image_size` (A.Resize) when loaded.
    pub image_size: usize,
    /// Folder datasets: how images are resized (`A.Resize(interpolation=...)`).
    pub interpolation: Interpolation,
    /// Folder datasets: one channel (luma) instead of RGB; the model's input follows.
    pub grayscale: bool,
    /// Folder datasets without train/val folders: the share of each class held out for
    /// validation (stratified, seeded by `seed`).
    pub val_fraction: f64,
    pub normalize: NormalizeKind,
    /// Augmentations (train split only), by Albumentations' names: each op's probability `p`
    /// and its parameters. Every `p` defaults to 0 (off).
    pub horizontal_flip: f64,
    pub vertical_flip: f64,
    pub shift_scale_rotate: f64,
    pub shift_limit: f64,
    pub scale_limit: f64,
    pub rotate_limit: f64,
    pub random_brightness_contrast: f64,
    pub brightness_limit: f64,
    pub contrast_limit: f64,
    /// RandomResizedCrop back to the same size: area fraction and aspect-ratio ranges.
    pub random_resized_crop: f64,
    pub crop_scale: Vec<f64>,
    pub crop_ratio: Vec<f64>,
    /// GaussNoise: noise std drawn from `noise_std_range`, as a fraction of 255.
    pub gauss_noise: f64,
    pub noise_std_range: Vec<f64>,
    /// Train images to use, stratified over classes; 0 means all of them.
    pub train_limit: usize,
    pub model: ModelKind,
    /// CNN: output channels of each conv block (conv -> [BatchNorm] -> activation -> MaxPool 2x2 -> [Dropout]).
    pub conv_channels: Vec<usize>,
    /// CNN: square kernel size, 3 or 5, "same" padding.
    pub kernel: usize,
    pub head: Head,
    /// Dense hidden layer widths (the MLP's layers, or the CNN's after its head), input to output.
    pub hidden: Vec<usize>,
    pub activation: Activation,
    /// BatchNorm after each hidden Linear, before its activation.
    pub batch_norm: bool,
    /// Dropout probability after each hidden activation (0 = none).
    pub dropout: f64,
    pub init: InitKind,
    /// Bounds of `init = uniform`.
    pub init_a: f64,
    pub init_b: f64,
    /// Standard deviation of `init = normal`.
    pub init_std: f64,
    pub optimizer: OptimizerKind,
    pub lr: f64,
    /// SGD momentum factor (momentum and nesterov only).
    pub momentum: f64,
    /// L2 added to the gradient; decoupled decay for AdamW.
    pub weight_decay: f64,
    pub batch_size: usize,
    pub epochs: usize,
    pub schedule: ScheduleKind,
    /// StepLR: multiply the lr by `gamma` every `step_size` epochs.
    pub step_size: usize,
    pub gamma: f64,
    /// Floor of cosine decay and ReduceLROnPlateau.
    pub min_lr: f64,
    /// ReduceLROnPlateau (monitors val_loss): factor and patience.
    pub plateau_factor: f64,
    pub plateau_patience: usize,
    /// Which metric picks the best epoch and drives early stopping.
    pub monitor: Monitor,
    pub early_stopping: bool,
    /// EarlyStopping: epochs without an improvement larger than `min_delta`.
    pub patience: usize,
    pub min_delta: f64,
    pub keep: Keep,
    /// Seeds weight init and shuffling: the same seed gives the same run on one backend.
    pub seed: u64,
    pub backend: BackendChoice,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            dataset: DatasetChoice::Demo,
            image_size: 64,
            interpolation: Interpolation::Antialias,
            grayscale: false,
            val_fraction: 0.2,
            normalize: NormalizeKind::Imagenet,
            horizontal_flip: 0.0,
            vertical_flip: 0.0,
            shift_scale_rotate: 0.0,
            shift_limit: 0.0625,
            scale_limit: 0.1,
            rotate_limit: 45.0,
            random_brightness_contrast: 0.0,
            brightness_limit: 0.2,
            contrast_limit: 0.2,
            random_resized_crop: 0.0,
            crop_scale: vec![0.08, 1.0],
            crop_ratio: vec![0.75, 4.0 / 3.0],
            gauss_noise: 0.0,
            noise_std_range: vec![0.2, 0.44],
            train_limit: 0,
            model: ModelKind::Mlp,
            conv_channels: vec![16, 32],
            kernel: 3,
            head: Head::Flatten,
            hidden: vec![256, 128],
            activation: Activation::Relu,
            batch_norm: false,
            dropout: 0.0,
            init: InitKind::Default,
            init_a: -0.05,
            init_b: 0.05,
            init_std: 0.01,
            optimizer: OptimizerKind::Adam,
            lr: 1e-3,
            momentum: 0.9,
            weight_decay: 0.0,
            batch_size: 64,
            epochs: 5,
            schedule: ScheduleKind::Constant,
            step_size: 10,
            gamma: 0.1,
            min_lr: 0.0,
            plateau_factor: 0.1,
            plateau_patience: 10,
            monitor: Monitor::ValLoss,
            early_stopping: false,
            patience: 5,
            min_delta: 0.0,
            keep: Keep::Best,
            seed: 42,
            backend: BackendChoice::Auto,
        }
    }
}
