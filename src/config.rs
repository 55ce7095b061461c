//! The one training configuration: the page's form, the URL, the exported run and the
//! worker's `train` message all carry this type and nothing else.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::callbacks::Monitor;

/// Where the compute runs. `Auto` prefers WebGPU and falls back to the CPU.
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

    /// The name shown in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Self::Sgd => "SGD",
            Self::Momentum => "SGD + momentum",
            Self::Nesterov => "SGD + Nesterov",
            Self::Adam => "Adam",
            Self::Adamw => "AdamW",
            Self::Rmsprop => "RMSprop",
        }
    }
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

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleKind {
    #[default]
    Constant,
    StepLr,
    Cosine,
    ReduceOnPlateau,
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

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TrainConfig {
    pub dataset: DatasetChoice,
    /// Folder datasets: images are resized to `image_size` x `image_size` (A.Resize) when loaded.
    pub image_size: usize,
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

impl TrainConfig {
    /// Checks the ranges a form or a hand-edited URL could break, with a message per field.
    pub fn validate(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        if !(self.lr.is_finite() && self.lr > 0.0 && self.lr <= 10.0) {
            problems.push(format!("lr must be in (0, 10], got {}", self.lr));
        }
        if !(1..=4096).contains(&self.batch_size) {
            problems.push(format!("batch_size must be 1..4096, got {}", self.batch_size));
        }
        if !(1..=1000).contains(&self.epochs) {
            problems.push(format!("epochs must be 1..1000, got {}", self.epochs));
        }
        if self.hidden.len() > 8 {
            problems.push(format!("at most 8 hidden layers, got {}", self.hidden.len()));
        }
        if let Some(w) = self.hidden.iter().find(|w| !(1..=8192).contains(*w)) {
            problems.push(format!("hidden layer widths must be 1..8192, got {w}"));
        }
        let mut check = |ok: bool, message: String| {
            if !ok {
                problems.push(message)
            }
        };
        check(self.kernel == 3 || self.kernel == 5, format!("kernel must be 3 or 5, got {}", self.kernel));
        check(
            self.model != ModelKind::Cnn || (1..=6).contains(&self.conv_channels.len()),
            format!("a CNN needs 1 to 6 conv blocks, got {}", self.conv_channels.len()),
        );
        let bad_channels = self.conv_channels.iter().find(|c| !(1..=1024).contains(*c));
        check(bad_channels.is_none(), format!("conv channels must be 1..1024, got {bad_channels:?}"));
        check((0.0..1.0).contains(&self.dropout), format!("dropout must be in [0, 1), got {}", self.dropout));
        check(
            (0.0..1.0).contains(&self.momentum),
            format!("momentum must be in [0, 1), got {}", self.momentum),
        );
        check(
            self.weight_decay >= 0.0 && self.weight_decay.is_finite(),
            format!("weight_decay must be >= 0, got {}", self.weight_decay),
        );
        check(
            self.init_a < self.init_b,
            format!("init_a must be below init_b, got {} and {}", self.init_a, self.init_b),
        );
        check(self.init_std > 0.0, format!("init_std must be > 0, got {}", self.init_std));
        check(self.step_size >= 1, "step_size must be at least 1".into());
        check(self.gamma > 0.0 && self.gamma <= 1.0, format!("gamma must be in (0, 1], got {}", self.gamma));
        check(
            self.min_lr >= 0.0 && self.min_lr < self.lr,
            format!("min_lr must be in [0, lr), got {}", self.min_lr),
        );
        check(
            self.plateau_factor > 0.0 && self.plateau_factor < 1.0,
            format!("plateau_factor must be in (0, 1), got {}", self.plateau_factor),
        );
        check(self.min_delta >= 0.0, format!("min_delta must be >= 0, got {}", self.min_delta));
        check(
            (16..=224).contains(&self.image_size),
            format!("image_size must be 16..224, got {}", self.image_size),
        );
        check(
            (0.05..=0.5).contains(&self.val_fraction),
            format!("val_fraction must be in [0.05, 0.5], got {}", self.val_fraction),
        );
        for (name, p) in [
            ("horizontal_flip", self.horizontal_flip),
            ("vertical_flip", self.vertical_flip),
            ("shift_scale_rotate", self.shift_scale_rotate),
            ("random_brightness_contrast", self.random_brightness_contrast),
            ("random_resized_crop", self.random_resized_crop),
            ("gauss_noise", self.gauss_noise),
        ] {
            check((0.0..=1.0).contains(&p), format!("{name} p must be in [0, 1], got {p}"));
        }
        check(
            (0.0..=0.5).contains(&self.shift_limit),
            format!("shift_limit must be in [0, 0.5], got {}", self.shift_limit),
        );
        check(
            (0.0..1.0).contains(&self.scale_limit),
            format!("scale_limit must be in [0, 1), got {}", self.scale_limit),
        );
        check(
            (0.0..=180.0).contains(&self.rotate_limit),
            format!("rotate_limit must be in [0, 180], got {}", self.rotate_limit),
        );
        check(
            (0.0..=1.0).contains(&self.brightness_limit) && (0.0..=1.0).contains(&self.contrast_limit),
            "brightness_limit and contrast_limit must be in [0, 1]".into(),
        );
        let range_ok = |r: &[f64], lo: f64, hi: f64| r.len() == 2 && lo <= r[0] && r[0] <= r[1] && r[1] <= hi;
        check(
            range_ok(&self.crop_scale, 0.01, 1.0),
            format!(
                "crop_scale must be two numbers lo,hi with 0.01 <= lo <= hi <= 1, got {:?}",
                self.crop_scale
            ),
        );
        check(
            range_ok(&self.crop_ratio, 0.1, 10.0),
            format!(
                "crop_ratio must be two numbers lo,hi with 0.1 <= lo <= hi <= 10, got {:?}",
                self.crop_ratio
            ),
        );
        check(
            range_ok(&self.noise_std_range, 0.0, 1.0),
            format!("noise_std_range must be two numbers lo,hi in [0, 1], got {:?}", self.noise_std_range),
        );
        if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
    }

    /// Flat `key=value` pairs for a URL query (lists joined by commas), keys in alphabetical order.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let Value::Object(map) = serde_json::to_value(self).expect("config serializes") else {
            unreachable!("a struct serializes to an object")
        };
        map.into_iter().map(|(k, v)| (k, scalar_text(&v))).collect()
    }

    /// Reads `key=value` pairs over the defaults. Each value is parsed by the type of the
    /// field's default, so the URL format follows the struct with no second list of keys.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, String> {
        let Value::Object(defaults) = serde_json::to_value(Self::default()).expect("serializes") else {
            unreachable!()
        };
        let mut map = defaults.clone();
        let mut problems = Vec::new();
        for (key, text) in pairs {
            let Some(default) = defaults.get(key) else {
                problems.push(format!("unknown setting '{key}'"));
                continue;
            };
            // Checked alone against the defaults, so the message can name this key.
            let mut alone = defaults.clone();
            match parse_like(default, text) {
                Some(value)
                    if {
                        alone.insert(key.to_string(), value.clone());
                        serde_json::from_value::<Self>(Value::Object(alone)).is_ok()
                    } =>
                {
                    map.insert(key.to_string(), value);
                }
                _ => problems.push(format!("'{text}' is not a valid value for {key}")),
            }
        }
        let config: Self =
            serde_json::from_value(Value::Object(map)).map_err(|e| format!("invalid setting: {e}"))?;
        if let Err(e) = config.validate() {
            problems.push(e);
        }
        if problems.is_empty() { Ok(config) } else { Err(problems.join("; ")) }
    }

    pub fn from_json(text: &str) -> Result<Self, String> {
        let config: Self = serde_json::from_str(text).map_err(|e| format!("invalid config: {e}"))?;
        config.validate()?;
        Ok(config)
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn parse_like(default: &Value, text: &str) -> Option<Value> {
    let text = text.trim();
    match default {
        Value::String(_) => Some(Value::String(text.to_lowercase())),
        Value::Bool(_) => text.parse::<bool>().ok().map(Value::Bool),
        Value::Number(n) if n.is_u64() => text.parse::<u64>().ok().map(Value::from),
        Value::Number(_) => text.parse::<f64>().ok().filter(|x| x.is_finite()).map(Value::from),
        Value::Array(items) => {
            let like = items.first().cloned().unwrap_or(Value::from(0u64));
            if text.is_empty() {
                return Some(Value::Array(vec![]));
            }
            text.split(',').map(|part| parse_like(&like, part)).collect::<Option<Vec<_>>>().map(Value::Array)
        }
        Value::Object(_) | Value::Null => None,
    }
}
