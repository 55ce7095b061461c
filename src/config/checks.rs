//! The ranges a form or a hand-edited URL could break, each with a message naming its key.

use super::{ModelKind, TrainConfig};

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
}
