//! The ranges a form or a hand-edited URL could break, each problem naming its key. The
//! limits are documented in the README's "Limits" table; change both together.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use super::{ModelKind, OptimizerKind, TrainConfig};

/// Every size a user can type, with its limit.
pub mod limits {
    use std::ops::RangeInclusive;

    pub const BATCH_SIZE: RangeInclusive<usize> = 1..=4096;
    pub const EPOCHS: RangeInclusive<usize> = 1..=1000;
    pub const HIDDEN_LAYERS: usize = 8;
    pub const HIDDEN_WIDTH: RangeInclusive<usize> = 1..=8192;
    pub const CONV_BLOCKS: RangeInclusive<usize> = 1..=6;
    pub const CONV_CHANNELS: RangeInclusive<usize> = 1..=1024;
    pub const IMAGE_SIZE: RangeInclusive<usize> = 16..=224;
    /// Epoch counts of the callbacks and schedules.
    pub const PATIENCE: RangeInclusive<usize> = 0..=1000;
    pub const STEP_SIZE: RangeInclusive<usize> = 1..=1000;
    /// Seeds travel through JavaScript numbers, exact up to 2^53 - 1.
    pub const SEED_MAX: u64 = (1 << 53) - 1;
    pub const TRAIN_LIMIT_MAX: usize = 10_000_000;
    /// Classes a dataset may have: the confusion matrix grows with their square.
    pub const CLASSES: usize = 1000;
    /// Files a folder or .zip may hold.
    pub const FILES: usize = 200_000;
}

/// One setting out of range: the keys it concerns (the first one is the message's subject) and
/// what is wrong as a message of the page's catalogues (`said`, worded in the page's language;
/// `said.english()`, e.g. `batch_size must be 1..4096, got 0`).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub keys: Vec<&'static str>,
    pub said: Rule,
}

/// The rule a setting breaks, by its message id in www/l10n/*/page.ftl, with the setting's key,
/// its limits and the value given as text (the student's own digits, not regrouped by locale).
/// `english()` is the catalogue's English sentence (held to it by tests/config.rs).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "id")]
pub enum Rule {
    /// `{key} must be {lo}..{hi}, got {got}` (whole numbers).
    #[serde(rename = "config-range")]
    Range { key: String, lo: String, hi: String, got: String },
    /// `{key} must be in {interval}, got {got}`, the interval in math's notation, e.g. `(0, 10]`.
    #[serde(rename = "config-interval")]
    Interval { key: String, interval: String, got: String },
    /// An augmentation's probability.
    #[serde(rename = "config-probability")]
    Probability { key: String, got: String },
    /// `{key} must be {op} {bound}` with `op` one of `>=`, `>`.
    #[serde(rename = "config-bound")]
    Bound { key: String, op: String, bound: String, got: String },
    /// A `lo,hi` pair within [min, max].
    #[serde(rename = "config-pair")]
    Pair { key: String, min: String, max: String, got: String },
    #[serde(rename = "config-hidden-layers")]
    HiddenLayers { max: String, got: String },
    #[serde(rename = "config-hidden-width")]
    HiddenWidth { max: String, got: String },
    #[serde(rename = "config-kernel")]
    Kernel { got: String },
    #[serde(rename = "config-conv-blocks")]
    ConvBlocks { max: String, got: String },
    #[serde(rename = "config-conv-width")]
    ConvWidth { max: String, got: String },
    #[serde(rename = "config-train-limit")]
    TrainLimit { max: String, got: String },
    #[serde(rename = "config-batch-norm-batch")]
    BatchNormBatchOfOne,
    #[serde(rename = "config-nesterov-momentum")]
    NesterovWithoutMomentum,
    #[serde(rename = "config-init-order")]
    InitOrder { a: String, b: String },
}

impl Rule {
    pub fn english(&self) -> String {
        match self {
            Rule::Range { key, lo, hi, got } => format!("{key} must be {lo}..{hi}, got {got}"),
            Rule::Interval { key, interval, got } => format!("{key} must be in {interval}, got {got}"),
            Rule::Probability { key, got } => format!("{key} p must be in [0, 1], got {got}"),
            Rule::Bound { key, op, bound, got } => format!("{key} must be {op} {bound}, got {got}"),
            Rule::Pair { key, min, max, got } => {
                format!("{key} must be two numbers lo,hi with {min} <= lo <= hi <= {max}, got {got}")
            }
            Rule::HiddenLayers { max, got } => format!("hidden: at most {max} layers, got {got}"),
            Rule::HiddenWidth { max, got } => format!("hidden layer widths must be 1..{max}, got {got}"),
            Rule::Kernel { got } => format!("kernel must be 3 or 5, got {got}"),
            Rule::ConvBlocks { max, got } => {
                format!("conv_channels: a CNN needs 1 to {max} conv blocks, got {got}")
            }
            Rule::ConvWidth { max, got } => format!("conv_channels must be 1..{max} each, got {got}"),
            Rule::TrainLimit { max, got } => format!("train_limit must be 0..{max} (0 = all), got {got}"),
            Rule::BatchNormBatchOfOne => {
                "batch_size must be at least 2 with BatchNorm (PyTorch refuses a training batch of one)"
                    .into()
            }
            Rule::NesterovWithoutMomentum => {
                "momentum must be above 0 for SGD + Nesterov (PyTorch refuses Nesterov without momentum)"
                    .into()
            }
            Rule::InitOrder { a, b } => format!("init_a must be below init_b, got {a} and {b}"),
        }
    }
}

/// Collects problems; `check` adds one when `ok` is false.
struct Checker(Vec<Problem>);

impl Checker {
    fn check(&mut self, ok: bool, keys: &[&'static str], rule: impl FnOnce() -> Rule) {
        if !ok {
            self.0.push(Problem { keys: keys.to_vec(), said: rule() });
        }
    }

    fn range<T: PartialOrd + std::fmt::Display>(
        &mut self,
        key: &'static str,
        value: T,
        range: RangeInclusive<T>,
    ) {
        let ok = range.contains(&value);
        self.check(ok, &[key], || Rule::Range {
            key: key.into(),
            lo: range.start().to_string(),
            hi: range.end().to_string(),
            got: value.to_string(),
        });
    }

    /// `value` within `interval` (math's notation, as the message shows it).
    fn interval(&mut self, ok: bool, key: &'static str, interval: &str, value: f64) {
        self.check(ok, &[key], || Rule::Interval {
            key: key.into(),
            interval: interval.into(),
            got: value.to_string(),
        });
    }

    fn bound(&mut self, ok: bool, key: &'static str, op: &str, value: f64) {
        self.check(ok, &[key], || Rule::Bound {
            key: key.into(),
            op: op.into(),
            bound: "0".into(),
            got: value.to_string(),
        });
    }

    fn probability(&mut self, key: &'static str, p: f64) {
        self.check((0.0..=1.0).contains(&p), &[key], || Rule::Probability {
            key: key.into(),
            got: p.to_string(),
        });
    }

    /// A `lo,hi` pair within [lo_min, hi_max].
    fn pair(&mut self, key: &'static str, r: &[f64], lo_min: f64, hi_max: f64) {
        let ok = r.len() == 2 && lo_min <= r[0] && r[0] <= r[1] && r[1] <= hi_max;
        self.check(ok, &[key], || Rule::Pair {
            key: key.into(),
            min: lo_min.to_string(),
            max: hi_max.to_string(),
            got: format!("{r:?}"),
        });
    }
}

impl TrainConfig {
    /// Every problem of this config; empty when it can be trained.
    pub fn problems(&self) -> Vec<Problem> {
        use limits::*;
        let mut c = Checker(Vec::new());
        c.interval(self.lr.is_finite() && self.lr > 0.0 && self.lr <= 10.0, "lr", "(0, 10]", self.lr);
        c.range("batch_size", self.batch_size, BATCH_SIZE);
        c.check(!(self.batch_norm && self.batch_size == 1), &["batch_size", "batch_norm"], || {
            Rule::BatchNormBatchOfOne
        });
        c.range("epochs", self.epochs, EPOCHS);
        c.check(self.hidden.len() <= HIDDEN_LAYERS, &["hidden"], || Rule::HiddenLayers {
            max: HIDDEN_LAYERS.to_string(),
            got: self.hidden.len().to_string(),
        });
        if let Some(w) = self.hidden.iter().find(|w| !HIDDEN_WIDTH.contains(*w)) {
            c.check(false, &["hidden"], || Rule::HiddenWidth {
                max: HIDDEN_WIDTH.end().to_string(),
                got: w.to_string(),
            });
        }
        c.check(self.kernel == 3 || self.kernel == 5, &["kernel"], || Rule::Kernel {
            got: self.kernel.to_string(),
        });
        let blocks = self.conv_channels.len();
        c.check(self.model != ModelKind::Cnn || CONV_BLOCKS.contains(&blocks), &["conv_channels"], || {
            Rule::ConvBlocks { max: CONV_BLOCKS.end().to_string(), got: blocks.to_string() }
        });
        if let Some(ch) = self.conv_channels.iter().find(|ch| !CONV_CHANNELS.contains(*ch)) {
            c.check(false, &["conv_channels"], || Rule::ConvWidth {
                max: CONV_CHANNELS.end().to_string(),
                got: ch.to_string(),
            });
        }
        c.range("image_size", self.image_size, IMAGE_SIZE);
        c.range("seed", self.seed, 0..=SEED_MAX);
        c.check(self.train_limit <= TRAIN_LIMIT_MAX, &["train_limit"], || Rule::TrainLimit {
            max: TRAIN_LIMIT_MAX.to_string(),
            got: self.train_limit.to_string(),
        });
        c.range("patience", self.patience, PATIENCE);
        c.range("plateau_patience", self.plateau_patience, PATIENCE);
        c.range("step_size", self.step_size, STEP_SIZE);

        c.interval((0.0..1.0).contains(&self.dropout), "dropout", "[0, 1)", self.dropout);
        c.interval((0.0..1.0).contains(&self.momentum), "momentum", "[0, 1)", self.momentum);
        c.check(
            self.optimizer != OptimizerKind::Nesterov || self.momentum > 0.0,
            &["momentum", "optimizer"],
            || Rule::NesterovWithoutMomentum,
        );
        c.bound(
            self.weight_decay >= 0.0 && self.weight_decay.is_finite(),
            "weight_decay",
            ">=",
            self.weight_decay,
        );
        c.check(self.init_a < self.init_b, &["init_a", "init_b"], || Rule::InitOrder {
            a: self.init_a.to_string(),
            b: self.init_b.to_string(),
        });
        c.bound(self.init_std > 0.0, "init_std", ">", self.init_std);
        c.interval(self.gamma > 0.0 && self.gamma <= 1.0, "gamma", "(0, 1]", self.gamma);
        c.check(self.min_lr >= 0.0 && self.min_lr < self.lr, &["min_lr", "lr"], || Rule::Interval {
            key: "min_lr".into(),
            interval: "[0, lr)".into(),
            got: self.min_lr.to_string(),
        });
        c.interval(
            self.plateau_factor > 0.0 && self.plateau_factor < 1.0,
            "plateau_factor",
            "(0, 1)",
            self.plateau_factor,
        );
        c.bound(self.min_delta >= 0.0, "min_delta", ">=", self.min_delta);
        c.interval(
            (0.05..=0.5).contains(&self.val_fraction),
            "val_fraction",
            "[0.05, 0.5]",
            self.val_fraction,
        );
        for (key, p) in [
            ("horizontal_flip", self.horizontal_flip),
            ("vertical_flip", self.vertical_flip),
            ("shift_scale_rotate", self.shift_scale_rotate),
            ("random_brightness_contrast", self.random_brightness_contrast),
            ("random_resized_crop", self.random_resized_crop),
            ("gauss_noise", self.gauss_noise),
        ] {
            c.probability(key, p);
        }
        c.interval((0.0..=0.5).contains(&self.shift_limit), "shift_limit", "[0, 0.5]", self.shift_limit);
        c.interval((0.0..1.0).contains(&self.scale_limit), "scale_limit", "[0, 1)", self.scale_limit);
        c.interval((0.0..=180.0).contains(&self.rotate_limit), "rotate_limit", "[0, 180]", self.rotate_limit);
        for (key, limit) in
            [("brightness_limit", self.brightness_limit), ("contrast_limit", self.contrast_limit)]
        {
            c.interval((0.0..=1.0).contains(&limit), key, "[0, 1]", limit);
        }
        c.pair("crop_scale", &self.crop_scale, 0.01, 1.0);
        c.pair("crop_ratio", &self.crop_ratio, 0.1, 10.0);
        c.pair("noise_std_range", &self.noise_std_range, 0.0, 1.0);
        c.0
    }

    /// Ok when the config can be trained, else every problem, joined.
    pub fn validate(&self) -> Result<(), String> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.iter().map(|p| p.said.english()).collect::<Vec<_>>().join("; "))
        }
    }
}
