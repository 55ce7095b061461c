//! Image augmentations named after Albumentations (`HorizontalFlip`, `VerticalFlip`,
//! `ShiftScaleRotate`, `RandomBrightnessContrast`), with its parameter names and defaults.
//!
//! Images are `u8`, laid out HWC (row by row, each pixel's channels together), described by
//! [`Dims`]. Every op works in place and keeps the length and shape. Randomness comes only
//! from the [`Rng`] passed in, so the same seed gives the same output.
//!
//! One difference from Albumentations: there every transform's own default `p` is 0.5; here
//! every `p` defaults to 0, so `Augmentations::default()` is the identity and a student turns
//! on each op explicitly.

use serde::{Deserialize, Serialize};

use crate::rng::Rng;

/// Shape of an HWC `u8` image: `width x height x channels` (channels 1 or 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dims {
    pub width: usize,
    pub height: usize,
    pub channels: usize,
}

impl Dims {
    pub fn len(&self) -> usize {
        self.width * self.height * self.channels
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
        Self { p: 0.0, shift_limit: 0.0625, scale_limit: 0.1, rotate_limit: 45.0 }
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
        Self { p: 0.0, brightness_limit: 0.2, contrast_limit: 0.2 }
    }
}

/// The augmentation pipeline, applied in field order, each op with its own probability.
/// `horizontal_flip` and `vertical_flip` are the `p` of Albumentations' `HorizontalFlip`
/// and `VerticalFlip`. The default is the identity (every `p` = 0).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default)]
pub struct Augmentations {
    pub horizontal_flip: f64,
    pub vertical_flip: f64,
    pub shift_scale_rotate: ShiftScaleRotate,
    pub random_brightness_contrast: RandomBrightnessContrast,
}

/// Uniform in `[-limit, limit)`.
fn symmetric(rng: &mut Rng, limit: f64) -> f64 {
    limit * (2.0 * rng.next_f64() - 1.0)
}

/// Applies each op in order (HorizontalFlip, VerticalFlip, ShiftScaleRotate,
/// RandomBrightnessContrast), each with its probability. One uniform draw decides each op;
/// its parameters are drawn only when it is applied.
///
/// Panics if `image.len() != dims.len()`.
pub fn apply(aug: &Augmentations, image: &mut [u8], dims: Dims, rng: &mut Rng) {
    assert_eq!(image.len(), dims.len(), "image length does not match its dims");
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
        shift_scale_rotate(image, dims, angle, scale, dx, dy);
    }
    let rbc = &aug.random_brightness_contrast;
    if rng.next_f64() < rbc.p {
        let alpha = 1.0 + symmetric(rng, rbc.contrast_limit);
        let beta = symmetric(rng, rbc.brightness_limit) * 255.0;
        brightness_contrast(image, alpha, beta);
    }
}

/// Mirrors the columns (left <-> right).
pub fn horizontal_flip(image: &mut [u8], dims: Dims) {
    let (w, c) = (dims.width, dims.channels);
    if w < 2 || c == 0 {
        return;
    }
    for row in image.chunks_exact_mut(w * c) {
        for x in 0..w / 2 {
            let (a, b) = (x * c, (w - 1 - x) * c);
            for k in 0..c {
                row.swap(a + k, b + k);
            }
        }
    }
}

/// Mirrors the rows (top <-> bottom).
pub fn vertical_flip(image: &mut [u8], dims: Dims) {
    let stride = dims.width * dims.channels;
    let h = dims.height;
    if stride == 0 || h < 2 {
        return;
    }
    for y in 0..h / 2 {
        let (top, bottom) = image.split_at_mut((h - 1 - y) * stride);
        top[y * stride..(y + 1) * stride].swap_with_slice(&mut bottom[..stride]);
    }
}

/// `out = clamp(round(alpha * x + beta), 0, 255)` for every byte.
pub fn brightness_contrast(image: &mut [u8], alpha: f64, beta: f64) {
    // A 256-entry table, as OpenCV's LUT: no per-pixel float work beyond building it.
    let mut lut = [0u8; 256];
    for (v, out) in lut.iter_mut().enumerate() {
        *out = (alpha * v as f64 + beta).round().clamp(0.0, 255.0) as u8;
    }
    for px in image.iter_mut() {
        *px = lut[*px as usize];
    }
}

/// `BORDER_REFLECT_101` index into `0..n`: `... 2 1 | 0 1 2 ... n-1 | n-2 ...`.
fn reflect_101(i: i64, n: usize) -> usize {
    if n == 1 {
        return 0;
    }
    let n = n as i64;
    let period = 2 * (n - 1);
    let mut j = i.rem_euclid(period);
    if j >= n {
        j = period - j;
    }
    j as usize
}

/// The affine warp of ShiftScaleRotate with explicit parameters, as OpenCV's
/// `getRotationMatrix2D(centre, angle, scale)` plus a shift of `(dx * width, dy * height)`:
/// `angle_deg` counter-clockwise, centre `((width-1)/2, (height-1)/2)`, bilinear sampling,
/// `BORDER_REFLECT_101`. Allocates one scratch copy of the image.
pub fn shift_scale_rotate(image: &mut [u8], dims: Dims, angle_deg: f64, scale: f64, dx: f64, dy: f64) {
    let (w, h, c) = (dims.width, dims.height, dims.channels);
    if w == 0 || h == 0 || c == 0 || scale == 0.0 {
        return;
    }
    let src = image.to_vec();
    let (cx, cy) = ((w as f64 - 1.0) / 2.0, (h as f64 - 1.0) / 2.0);
    let (tx, ty) = (dx * w as f64, dy * h as f64);
    let (sin, cos) = angle_deg.to_radians().sin_cos();
    // Forward: p' - c - t = s * [[cos, sin], [-sin, cos]] (p - c). Inverse below.
    let (a, b) = (cos / scale, -sin / scale);
    let (d, e) = (sin / scale, cos / scale);
    let stride = w * c;
    for y in 0..h {
        let v = y as f64 - cy - ty;
        for x in 0..w {
            let u = x as f64 - cx - tx;
            let sx = a * u + b * v + cx;
            let sy = d * u + e * v + cy;
            let (fx, fy) = (sx.floor(), sy.floor());
            let (wx, wy) = (sx - fx, sy - fy);
            let (x0, y0) = (fx as i64, fy as i64);
            let (xa, xb) = (reflect_101(x0, w) * c, reflect_101(x0 + 1, w) * c);
            let (ya, yb) = (reflect_101(y0, h) * stride, reflect_101(y0 + 1, h) * stride);
            let out = y * stride + x * c;
            for k in 0..c {
                let p00 = src[ya + xa + k] as f64;
                let p01 = src[ya + xb + k] as f64;
                let p10 = src[yb + xa + k] as f64;
                let p11 = src[yb + xb + k] as f64;
                let top = p00 + (p01 - p00) * wx;
                let bottom = p10 + (p11 - p10) * wx;
                let val = top + (bottom - top) * wy;
                image[out + k] = val.round().clamp(0.0, 255.0) as u8;
            }
        }
    }
}
