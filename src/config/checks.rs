//! The ranges a form or a hand-edited URL could break, each problem naming its key. The
//! limits are documented in the README's "Limits" table; change both together.

use std::ops::RangeInclusive;

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
/// what is wrong, e.g. `batch_size must be 1..4096, got 0`.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub keys: Vec<&'static str>,
    pub message: String,
}

/// Collects problems; `check` adds one when `ok` is false.
struct Checker(Vec<Problem>);

impl Checker {
    fn check(&mut self, ok: bool, keys: &[&'static str], message: impl FnOnce() -> String) {
        if !ok {
            self.0.push(Problem { keys: keys.to_vec(), message: message() });
        }
    }

    fn range<T: PartialOrd + std::fmt::Display>(
        &mut self,
        key: &'static str,
        value: T,
        range: RangeInclusive<T>,
    ) {
        let ok = range.contains(&value);
        self.check(ok, &[key], || format!("{key} must be {}..{}, got {value}", range.start(), range.end()));
    }

    fn probability(&mut self, key: &'static str, p: f64) {
        self.check((0.0..=1.0).contains(&p), &[key], || format!("{key} p must be in [0, 1], got {p}"));
    }

    /// A `lo,hi` pair within [lo_min, hi_max].
    fn pair(&mut self, key: &'static str, r: &[f64], lo_min: f64, hi_max: f64) {
        let ok = r.len() == 2 && lo_min <= r[0] && r[0] <= r[1] && r[1] <= hi_max;
        self.check(ok, &[key], || {
            format!("{key} must be two numbers lo,hi with {lo_min} <= lo <= hi <= {hi_max}, got {r:?}")
        });
    }
}

impl TrainConfig {
    /// Every problem of this config; empty when it can be trained.
    pub fn problems(&self) -> Vec<Problem> {
        use limits::*;
        let mut c = Checker(Vec::new());
        c.check(self.lr.is_finite() && self.lr > 0.0 && self.lr <= 10.0, &["lr"], || {
            format!("lr must be in (0, 10], got {}", self.lr)
        });
        c.range("batch_size", self.batch_size, BATCH_SIZE);
        c.check(!(self.batch_norm && self.batch_size == 1), &["batch_size", "batch_norm"], || {
            "batch_size must be at least 2 with BatchNorm (PyTorch refuses a training batch of one)".into()
        });
        c.range("epochs", self.epochs, EPOCHS);
        c.check(self.hidden.len() <= HIDDEN_LAYERS, &["hidden"], || {
            format!("hidden: at most {HIDDEN_LAYERS} layers, got {}", self.hidden.len())
        });
        if let Some(w) = self.hidden.iter().find(|w| !HIDDEN_WIDTH.contains(*w)) {
            c.check(false, &["hidden"], || {
                format!("hidden layer widths must be 1..{}, got {w}", HIDDEN_WIDTH.end())
            });
        }
        c.check(self.kernel == 3 || self.kernel == 5, &["kernel"], || {
            format!("kernel must be 3 or 5, got {}", self.kernel)
        });
        let blocks = self.conv_channels.len();
        c.check(self.model != ModelKind::Cnn || CONV_BLOCKS.contains(&blocks), &["conv_channels"], || {
            format!("conv_channels: a CNN needs 1 to {} conv blocks, got {blocks}", CONV_BLOCKS.end())
        });
        if let Some(ch) = self.conv_channels.iter().find(|ch| !CONV_CHANNELS.contains(*ch)) {
            c.check(false, &["conv_channels"], || {
                format!("conv_channels must be 1..{} each, got {ch}", CONV_CHANNELS.end())
            });
        }
        c.range("image_size", self.image_size, IMAGE_SIZE);
        c.check(self.seed <= SEED_MAX, &["seed"], || {
            format!("seed must be 0..{SEED_MAX}, got {}", self.seed)
        });
        c.check(self.train_limit <= TRAIN_LIMIT_MAX, &["train_limit"], || {
            format!("train_limit must be 0..{TRAIN_LIMIT_MAX} (0 = all), got {}", self.train_limit)
        });
        c.range("patience", self.patience, PATIENCE);
        c.range("plateau_patience", self.plateau_patience, PATIENCE);
        c.range("step_size", self.step_size, STEP_SIZE);

        c.check((0.0..1.0).contains(&self.dropout), &["dropout"], || {
            format!("dropout must be in [0, 1), got {}", self.dropout)
        });
        c.check((0.0..1.0).contains(&self.momentum), &["momentum"], || {
            format!("momentum must be in [0, 1), got {}", self.momentum)
        });
        c.check(
            self.optimizer != OptimizerKind::Nesterov || self.momentum > 0.0,
            &["momentum", "optimizer"],
            || {
                "momentum must be above 0 for SGD + Nesterov (PyTorch refuses Nesterov without momentum)"
                    .into()
            },
        );
        c.check(self.weight_decay >= 0.0 && self.weight_decay.is_finite(), &["weight_decay"], || {
            format!("weight_decay must be >= 0, got {}", self.weight_decay)
        });
        c.check(self.init_a < self.init_b, &["init_a", "init_b"], || {
            format!("init_a must be below init_b, got {} and {}", self.init_a, self.init_b)
        });
        c.check(self.init_std > 0.0, &["init_std"], || {
            format!("init_std must be > 0, got {}", self.init_std)
        });
        c.check(self.gamma > 0.0 && self.gamma <= 1.0, &["gamma"], || {
            format!("gamma must be in (0, 1], got {}", self.gamma)
        });
        c.check(self.min_lr >= 0.0 && self.min_lr < self.lr, &["min_lr", "lr"], || {
            format!("min_lr must be in [0, lr), got {}", self.min_lr)
        });
        c.check(self.plateau_factor > 0.0 && self.plateau_factor < 1.0, &["plateau_factor"], || {
            format!("plateau_factor must be in (0, 1), got {}", self.plateau_factor)
        });
        c.check(self.min_delta >= 0.0, &["min_delta"], || {
            format!("min_delta must be >= 0, got {}", self.min_delta)
        });
        c.check((0.05..=0.5).contains(&self.val_fraction), &["val_fraction"], || {
            format!("val_fraction must be in [0.05, 0.5], got {}", self.val_fraction)
        });
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
        c.check((0.0..=0.5).contains(&self.shift_limit), &["shift_limit"], || {
            format!("shift_limit must be in [0, 0.5], got {}", self.shift_limit)
        });
        c.check((0.0..1.0).contains(&self.scale_limit), &["scale_limit"], || {
            format!("scale_limit must be in [0, 1), got {}", self.scale_limit)
        });
        c.check((0.0..=180.0).contains(&self.rotate_limit), &["rotate_limit"], || {
            format!("rotate_limit must be in [0, 180], got {}", self.rotate_limit)
        });
        for (key, limit) in
            [("brightness_limit", self.brightness_limit), ("contrast_limit", self.contrast_limit)]
        {
            c.check((0.0..=1.0).contains(&limit), &[key], || format!("{key} must be in [0, 1], got {limit}"));
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
            Err(problems.into_iter().map(|p| p.message).collect::<Vec<_>>().join("; "))
        }
    }
}
