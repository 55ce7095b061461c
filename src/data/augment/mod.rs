//! Image augmentations named after Albumentations (`RandomResizedCrop`, `HorizontalFlip`,
//! `VerticalFlip`, `ShiftScaleRotate`, `RandomBrightnessContrast`, `GaussNoise`), with its
//! parameter names and defaults.
//!
//! Images are `u8`, laid out HWC (row by row, each pixel's channels together), described by
//! [`ImageShape`]. Every op works in place and keeps the length and shape. Randomness comes only
//! from the [`Rng`] passed in, so the same seed gives the same output.
//!
//! One difference from Albumentations: there every transform's own default `p` is 0.5 (1 for
//! RandomResizedCrop); here every `p` defaults to 0, so `Augmentations::default()` is the
//! identity and a student turns on each op explicitly.
//!
//! Speed: the resampling ops work in fixed point (source coordinates with 16 fractional
//! bits, bilinear weights with 10), and an [`Augmenter`] keeps its scratch buffers between
//! images, so a training batch allocates nothing per image.

mod pixel;
mod warp;

use serde::{Deserialize, Serialize};

pub use self::pixel::{brightness_contrast, gauss_noise, horizontal_flip, vertical_flip};
pub use self::warp::shift_scale_rotate;
use self::warp::{Tap, resample, resize_taps, warp_affine};
use crate::config::TrainConfig;
use crate::data::shape::ImageShape;
use crate::rng::Rng;

/// Albumentations' `RandomResizedCrop` resized back to the image's own size (torchvision's
/// sampling): up to 10 tries of an area fraction uniform in `scale` and an aspect ratio
/// (width / height) log-uniform in `ratio`; if none fits, a centre crop clamped to the ratio
/// range. The crop is resized with bilinear sampling (OpenCV's `INTER_LINEAR`, pixel centres
/// aligned, edges replicated). Albumentations' default `p` is 1; aula's is 0.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default)]
pub struct RandomResizedCrop {
    pub p: f64,
    pub scale: [f64; 2],
    pub ratio: [f64; 2],
}

impl Default for RandomResizedCrop {
    fn default() -> Self {
        Augmentations::default().random_resized_crop
    }
}

/// A window of an image, in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Crop {
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
}

impl RandomResizedCrop {
    /// The crop window for an image of `width x height`.
    pub fn sample(&self, width: usize, height: usize, rng: &mut Rng) -> Crop {
        let area = (width * height) as f64;
        let [lo, hi] = self.ratio.map(|r| r.max(1e-6).ln());
        for _ in 0..10 {
            let target_area = uniform(rng, self.scale) * area;
            let aspect = uniform(rng, [lo, hi]).exp();
            let w = (target_area * aspect).sqrt().round() as usize;
            let h = (target_area / aspect).sqrt().round() as usize;
            if 0 < w && w <= width && 0 < h && h <= height {
                let y = rng.below(height - h + 1);
                let x = rng.below(width - w + 1);
                return Crop { x, y, width: w, height: h };
            }
        }
        let in_ratio = width as f64 / height.max(1) as f64;
        let (min_ratio, max_ratio) = (self.ratio[0].min(self.ratio[1]), self.ratio[0].max(self.ratio[1]));
        let (w, h) = if in_ratio < min_ratio {
            (width, ((width as f64 / min_ratio).round() as usize).clamp(1, height))
        } else if in_ratio > max_ratio {
            (((height as f64 * max_ratio).round() as usize).clamp(1, width), height)
        } else {
            (width, height)
        };
        Crop { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h }
    }
}

/// Albumentations' `ShiftScaleRotate`: an affine warp about the image centre.
///
/// * shift: `dx`, `dy` uniform in `±shift_limit` as fractions of width and height;
/// * scale: `1 + uniform(±scale_limit)`;
/// * rotation: `uniform(±rotate_limit)` degrees, positive = counter-clockwise (OpenCV's sense).
///
/// Sampling is bilinear and the border is `BORDER_REFLECT_101` (Albumentations' default):
/// `dcb|abcd|cba`. Albumentations' default `p` is 0.5; aula's is 0.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default)]
pub struct ShiftScaleRotate {
    pub p: f64,
    pub shift_limit: f64,
    pub scale_limit: f64,
    pub rotate_limit: f64,
}

impl Default for ShiftScaleRotate {
    fn default() -> Self {
        Augmentations::default().shift_scale_rotate
    }
}

/// Albumentations' `RandomBrightnessContrast` with `brightness_by_max=True`:
/// `alpha = 1 + uniform(±contrast_limit)`, `beta = uniform(±brightness_limit) * 255`,
/// `out = clamp(alpha * x + beta, 0, 255)`. Albumentations' default `p` is 0.5; aula's is 0.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default)]
pub struct RandomBrightnessContrast {
    pub p: f64,
    pub brightness_limit: f64,
    pub contrast_limit: f64,
}

impl Default for RandomBrightnessContrast {
    fn default() -> Self {
        Augmentations::default().random_brightness_contrast
    }
}

/// Albumentations 2.x `GaussNoise` on u8 images: the noise std is drawn uniform in
/// `std_range` as a fraction of the maximum value 255, mean 0, independent per pixel and
/// channel (`per_channel=True`), and the result is clipped to 0..255. Albumentations'
/// default `p` is 0.5; aula's is 0.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default)]
pub struct GaussNoise {
    pub p: f64,
    pub std_range: [f64; 2],
}

impl Default for GaussNoise {
    fn default() -> Self {
        Augmentations::default().gauss_noise
    }
}

/// The augmentation pipeline, applied in field order, each op with its own probability.
/// `horizontal_flip` and `vertical_flip` are the `p` of Albumentations' `HorizontalFlip`
/// and `VerticalFlip`. The default is the identity (every `p` = 0).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default)]
pub struct Augmentations {
    pub random_resized_crop: RandomResizedCrop,
    pub horizontal_flip: f64,
    pub vertical_flip: f64,
    pub shift_scale_rotate: ShiftScaleRotate,
    pub random_brightness_contrast: RandomBrightnessContrast,
    pub gauss_noise: GaussNoise,
}

/// The identity (every `p` is 0), with the parameters of `TrainConfig`'s defaults: the one
/// place the defaults are written.
impl Default for Augmentations {
    fn default() -> Self {
        Self::from_config(&TrainConfig::default())
    }
}

impl Augmentations {
    /// The pipeline a training configuration asks for.
    pub fn from_config(c: &TrainConfig) -> Self {
        // `validate` checks these are pairs; anything else falls back to the defaults.
        let defaults = TrainConfig::default();
        let pair = |v: &[f64], fallback: &[f64]| match (v, fallback) {
            ([a, b], _) | (_, [a, b]) => [*a, *b],
            _ => unreachable!("the default ranges are pairs"),
        };
        Self {
            random_resized_crop: RandomResizedCrop {
                p: c.random_resized_crop,
                scale: pair(&c.crop_scale, &defaults.crop_scale),
                ratio: pair(&c.crop_ratio, &defaults.crop_ratio),
            },
            horizontal_flip: c.horizontal_flip,
            vertical_flip: c.vertical_flip,
            shift_scale_rotate: ShiftScaleRotate {
                p: c.shift_scale_rotate,
                shift_limit: c.shift_limit,
                scale_limit: c.scale_limit,
                rotate_limit: c.rotate_limit,
            },
            random_brightness_contrast: RandomBrightnessContrast {
                p: c.random_brightness_contrast,
                brightness_limit: c.brightness_limit,
                contrast_limit: c.contrast_limit,
            },
            gauss_noise: GaussNoise {
                p: c.gauss_noise,
                std_range: pair(&c.noise_std_range, &defaults.noise_std_range),
            },
        }
    }

    /// True when no op can fire (every `p` is 0), so images can skip the pipeline.
    pub fn is_identity(&self) -> bool {
        [
            self.random_resized_crop.p,
            self.horizontal_flip,
            self.vertical_flip,
            self.shift_scale_rotate.p,
            self.random_brightness_contrast.p,
            self.gauss_noise.p,
        ]
        .iter()
        .all(|&p| p <= 0.0)
    }
}

/// Uniform in `[-limit, limit)`.
fn symmetric(rng: &mut Rng, limit: f64) -> f64 {
    limit * (2.0 * rng.next_f64() - 1.0)
}

/// Uniform in `[lo, hi)`.
fn uniform(rng: &mut Rng, [lo, hi]: [f64; 2]) -> f64 {
    lo + (hi - lo) * rng.next_f64()
}

/// Applies the pipeline once, with fresh scratch buffers. For many images, keep an
/// [`Augmenter`] instead.
///
/// Panics if `image.len() != dims.len()`.
pub fn apply(aug: &Augmentations, image: &mut [u8], dims: ImageShape, rng: &mut Rng) {
    Augmenter::default().apply(aug, image, dims, rng);
}

/// Runs the pipeline, keeping its scratch buffers from one image to the next.
#[derive(Default, Debug)]
pub struct Augmenter {
    /// A copy of the image being resampled (the source of a warp or resize).
    source: Vec<u8>,
    columns: Vec<Tap>,
    rows: Vec<Tap>,
}

impl Augmenter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies each op in order (RandomResizedCrop, HorizontalFlip, VerticalFlip,
    /// ShiftScaleRotate, RandomBrightnessContrast, GaussNoise), each with its probability.
    /// One uniform draw decides each op; its parameters are drawn only when it is applied.
    ///
    /// Panics if `image.len() != dims.len()`.
    pub fn apply(&mut self, aug: &Augmentations, image: &mut [u8], dims: ImageShape, rng: &mut Rng) {
        assert_eq!(image.len(), dims.len(), "image length does not match its dims");
        let rrc = &aug.random_resized_crop;
        if rng.next_f64() < rrc.p {
            let crop = rrc.sample(dims.width, dims.height, rng);
            self.resized_crop(image, dims, crop);
        }
        if rng.next_f64() < aug.horizontal_flip {
            horizontal_flip(image, dims);
        }
        if rng.next_f64() < aug.vertical_flip {
            vertical_flip(image, dims);
        }
        let ssr = &aug.shift_scale_rotate;
        if rng.next_f64() < ssr.p {
            let dx = symmetric(rng, ssr.shift_limit);
            let dy = symmetric(rng, ssr.shift_limit);
            let scale = 1.0 + symmetric(rng, ssr.scale_limit);
            let angle = symmetric(rng, ssr.rotate_limit);
            self.shift_scale_rotate(image, dims, angle, scale, dx, dy);
        }
        let rbc = &aug.random_brightness_contrast;
        if rng.next_f64() < rbc.p {
            let alpha = 1.0 + symmetric(rng, rbc.contrast_limit);
            let beta = symmetric(rng, rbc.brightness_limit) * 255.0;
            brightness_contrast(image, alpha, beta);
        }
        let noise = &aug.gauss_noise;
        if rng.next_f64() < noise.p {
            let std = uniform(rng, noise.std_range);
            gauss_noise(image, std, rng);
        }
    }

    /// [`shift_scale_rotate`] using this augmenter's scratch buffer.
    pub fn shift_scale_rotate(
        &mut self,
        image: &mut [u8],
        dims: ImageShape,
        angle_deg: f64,
        scale: f64,
        dx: f64,
        dy: f64,
    ) {
        let (w, h) = (dims.width as f64, dims.height as f64);
        if dims.is_empty() || scale == 0.0 || !scale.is_finite() {
            return;
        }
        let (cx, cy) = ((w - 1.0) / 2.0, (h - 1.0) / 2.0);
        let (tx, ty) = (dx * w, dy * h);
        let (sin, cos) = angle_deg.to_radians().sin_cos();
        // Forward: p' - c - t = s * [[cos, sin], [-sin, cos]] (p - c). The warp needs the
        // inverse, source = M^-1 (p' - c - t) + c, written as one affine map of (x, y).
        let (a, b) = (cos / scale, -sin / scale);
        let (d, e) = (sin / scale, cos / scale);
        let inverse = [a, b, cx - a * (cx + tx) - b * (cy + ty), d, e, cy - d * (cx + tx) - e * (cy + ty)];
        self.source.clear();
        self.source.extend_from_slice(image);
        warp_affine(&self.source, image, dims, inverse);
    }

    /// Cuts `crop` out of the image and resizes it back to the image's size (bilinear,
    /// OpenCV's `INTER_LINEAR` with aligned pixel centres and replicated edges).
    pub fn resized_crop(&mut self, image: &mut [u8], dims: ImageShape, crop: Crop) {
        let (w, h, c) = (dims.width, dims.height, dims.channels);
        assert!(
            crop.width > 0 && crop.height > 0 && crop.x + crop.width <= w && crop.y + crop.height <= h,
            "crop {crop:?} does not fit a {w}x{h} image"
        );
        if crop == (Crop { x: 0, y: 0, width: w, height: h }) {
            return; // resizing to the same size samples every pixel exactly
        }
        resize_taps(crop.x, crop.width, w, c, &mut self.columns);
        resize_taps(crop.y, crop.height, h, w * c, &mut self.rows);
        self.source.clear();
        self.source.extend_from_slice(image);
        match c {
            1 => resample(&self.source, image, &self.rows, &self.columns, 1),
            3 => resample(&self.source, image, &self.rows, &self.columns, 3),
            _ => resample(&self.source, image, &self.rows, &self.columns, c),
        }
    }
}
