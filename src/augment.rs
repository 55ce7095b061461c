//! Image augmentations named after Albumentations (`RandomResizedCrop`, `HorizontalFlip`,
//! `VerticalFlip`, `ShiftScaleRotate`, `RandomBrightnessContrast`, `GaussNoise`), with its
//! parameter names and defaults.
//!
//! Images are `u8`, laid out HWC (row by row, each pixel's channels together), described by
//! [`Dims`]. Every op works in place and keeps the length and shape. Randomness comes only
//! from the [`Rng`] passed in, so the same seed gives the same output.
//!
//! One difference from Albumentations: there every transform's own default `p` is 0.5 (1 for
//! RandomResizedCrop); here every `p` defaults to 0, so `Augmentations::default()` is the
//! identity and a student turns on each op explicitly.
//!
//! Speed: the resampling ops work in fixed point (source coordinates with 16 fractional
//! bits, bilinear weights with 10), and an [`Augmenter`] keeps its scratch buffers between
//! images, so a training batch allocates nothing per image.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::config::TrainConfig;
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
        Self { p: 0.0, scale: [0.08, 1.0], ratio: [0.75, 4.0 / 3.0] }
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
        Self { p: 0.0, std_range: [0.2, 0.44] }
    }
}

/// The augmentation pipeline, applied in field order, each op with its own probability.
/// `horizontal_flip` and `vertical_flip` are the `p` of Albumentations' `HorizontalFlip`
/// and `VerticalFlip`. The default is the identity (every `p` = 0).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default)]
pub struct Augmentations {
    pub random_resized_crop: RandomResizedCrop,
    pub horizontal_flip: f64,
    pub vertical_flip: f64,
    pub shift_scale_rotate: ShiftScaleRotate,
    pub random_brightness_contrast: RandomBrightnessContrast,
    pub gauss_noise: GaussNoise,
}

impl Augmentations {
    /// The pipeline a training configuration asks for.
    pub fn from_config(c: &TrainConfig) -> Self {
        // `validate` checks these are pairs; anything else falls back to the defaults.
        let pair = |v: &[f64], default: [f64; 2]| if let [a, b] = *v { [a, b] } else { default };
        let crop = RandomResizedCrop::default();
        Self {
            random_resized_crop: RandomResizedCrop {
                p: c.random_resized_crop,
                scale: pair(&c.crop_scale, crop.scale),
                ratio: pair(&c.crop_ratio, crop.ratio),
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
                std_range: pair(&c.noise_std_range, GaussNoise::default().std_range),
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
pub fn apply(aug: &Augmentations, image: &mut [u8], dims: Dims, rng: &mut Rng) {
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
    pub fn apply(&mut self, aug: &Augmentations, image: &mut [u8], dims: Dims, rng: &mut Rng) {
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
        dims: Dims,
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
    pub fn resized_crop(&mut self, image: &mut [u8], dims: Dims, crop: Crop) {
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

/// Mirrors the columns (left <-> right).
pub fn horizontal_flip(image: &mut [u8], dims: Dims) {
    let (w, c) = (dims.width, dims.channels);
    if w < 2 || c == 0 {
        return;
    }
    match c {
        1 => image.chunks_exact_mut(w).for_each(<[u8]>::reverse),
        3 => flip_rows(image, w, 3),
        _ => flip_rows(image, w, c),
    }
}

#[inline(always)]
fn flip_rows(image: &mut [u8], w: usize, c: usize) {
    for row in image.chunks_exact_mut(w * c) {
        // Pair the left half's pixels with the right half's, the middle column (odd w) stays.
        let (left, right) = row.split_at_mut(w / 2 * c);
        let right = &mut right[w % 2 * c..];
        for (a, b) in left.chunks_exact_mut(c).zip(right.chunks_exact_mut(c).rev()) {
            for k in 0..c {
                std::mem::swap(&mut a[k], &mut b[k]);
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

/// Adds noise `N(0, (std * 255)^2)` to every byte independently and clips to 0..255;
/// `std` is a fraction of 255, as GaussNoise's `std_range`.
///
/// The normal draws come from a table of 4096 equally likely quantiles (12 random bits
/// each, five per `u64`): the noise is rounded to whole grey levels anyway, and a table is
/// many times faster than Box–Muller's logarithm and cosine. Tails beyond ±3.7 sd are cut.
pub fn gauss_noise(image: &mut [u8], std: f64, rng: &mut Rng) {
    let sigma = std * 255.0;
    if sigma == 0.0 {
        return;
    }
    // The table in whole grey levels for this image's sigma: x + round(n) = round(x + n) for
    // integer x, so each byte then needs only an integer add and a clamp.
    let mut levels = [0i16; QUANTILES];
    for (level, &z) in levels.iter_mut().zip(normal_quantiles()) {
        *level = (z as f64 * sigma + 0.5).floor().clamp(-512.0, 512.0) as i16;
    }
    let mut chunks = image.chunks_exact_mut(5);
    let add = |px: &mut u8, bits: u64| {
        let noise = levels[(bits & (QUANTILES as u64 - 1)) as usize];
        *px = (*px as i16 + noise).clamp(0, 255) as u8;
    };
    for chunk in &mut chunks {
        let mut bits = rng.next_u64();
        for px in chunk {
            add(px, bits);
            bits >>= QUANTILE_BITS;
        }
    }
    let mut bits = rng.next_u64();
    for px in chunks.into_remainder() {
        add(px, bits);
        bits >>= QUANTILE_BITS;
    }
}

const QUANTILE_BITS: u32 = 12;
const QUANTILES: usize = 1 << QUANTILE_BITS;

/// Standard normal quantiles at the centres of `QUANTILES` equal-probability bins, built
/// once by integrating the density numerically (std has no `erf`).
fn normal_quantiles() -> &'static [f32; QUANTILES] {
    static TABLE: OnceLock<[f32; QUANTILES]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let (lo, step, steps) = (-8.0f64, 1.0 / 512.0, 16 * 512);
        let density = |z: f64| (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let mut table = [0.0f32; QUANTILES];
        let (mut z, mut cdf) = (lo, 0.0f64);
        for (i, quantile) in table.iter_mut().enumerate() {
            let target = (i as f64 + 0.5) / QUANTILES as f64;
            // Walk the trapezoid-rule CDF up to the target, then interpolate within the step.
            loop {
                let next = cdf + 0.5 * step * (density(z) + density(z + step));
                if next >= target || z >= lo + step * steps as f64 {
                    let t = if next > cdf { (target - cdf) / (next - cdf) } else { 0.0 };
                    *quantile = (z + t * step) as f32;
                    break;
                }
                cdf = next;
                z += step;
            }
        }
        table
    })
}

/// `BORDER_REFLECT_101` index into `0..n`: `... 2 1 | 0 1 2 ... n-1 | n-2 ...`.
fn reflect_101(i: i64, n: usize) -> usize {
    let n = n as i64;
    if (0..n).contains(&i) {
        return i as usize;
    }
    if n == 1 {
        return 0;
    }
    // Within one reflection of the image (all a small warp reaches): no division.
    let once = if i < 0 { -i } else { 2 * (n - 1) - i };
    if (0..n).contains(&once) {
        return once as usize;
    }
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
/// `BORDER_REFLECT_101`. Allocates one scratch copy of the image; [`Augmenter`] reuses one.
pub fn shift_scale_rotate(image: &mut [u8], dims: Dims, angle_deg: f64, scale: f64, dx: f64, dy: f64) {
    Augmenter::default().shift_scale_rotate(image, dims, angle_deg, scale, dx, dy);
}

/// Fractional bits of the warp's source coordinates.
const COORD_BITS: u32 = 16;
/// Bits of a bilinear weight: weights run 0..=WEIGHT_ONE.
const WEIGHT_BITS: u32 = 10;
const WEIGHT_ONE: u32 = 1 << WEIGHT_BITS;

/// Bilinear blend of four bytes with weights `wx`, `wy` in 0..=WEIGHT_ONE, rounded. In lerp
/// form (`a + (b - a) * w`): three multiplies instead of six.
#[inline(always)]
fn blend(p00: u8, p01: u8, p10: u8, p11: u8, wx: u32, wy: u32) -> u8 {
    let (wx, wy) = (wx as i32, wy as i32);
    let lerp = |a: u8, b: u8| ((a as i32) << WEIGHT_BITS) + (b as i32 - a as i32) * wx;
    let (top, bottom) = (lerp(p00, p01), lerp(p10, p11));
    let value = (top << WEIGHT_BITS) + (bottom - top) * wy + (1 << (2 * WEIGHT_BITS - 1));
    (value >> (2 * WEIGHT_BITS)) as u8
}

/// Writes `dst` by sampling `src` (same dims) at the inverse affine map `m`: output pixel
/// (x, y) reads source point `(m0 x + m1 y + m2, m3 x + m4 y + m5)`, bilinear, reflect-101.
fn warp_affine(src: &[u8], dst: &mut [u8], dims: Dims, m: [f64; 6]) {
    // One copy per common channel count, so the inner loops see a constant.
    match dims.channels {
        1 => warp_affine_channels(src, dst, dims, m, 1),
        3 => warp_affine_channels(src, dst, dims, m, 3),
        c => warp_affine_channels(src, dst, dims, m, c),
    }
}

#[inline(always)]
fn warp_affine_channels(src: &[u8], dst: &mut [u8], dims: Dims, m: [f64; 6], c: usize) {
    let (w, h) = (dims.width, dims.height);
    let stride = w * c;
    let one = (1u64 << COORD_BITS) as f64;
    let fixed = |v: f64| (v * one).round() as i64;
    // Source x and y move by a constant step along a row: integer adds, exact across the row.
    let (step_x, step_y) = (fixed(m[0]), fixed(m[3]));
    let weight = |f: i64| ((f >> (COORD_BITS - WEIGHT_BITS)) & (WEIGHT_ONE as i64 - 1)) as u32;
    let (inner_w, inner_h) = (w as u64 - 1, h as u64 - 1);
    for (y, out_row) in dst.chunks_exact_mut(stride).enumerate() {
        let mut fx = fixed(m[1] * y as f64 + m[2]);
        let mut fy = fixed(m[4] * y as f64 + m[5]);
        for out in out_row.chunks_exact_mut(c) {
            let (x0, y0) = (fx >> COORD_BITS, fy >> COORD_BITS);
            let (wx, wy) = (weight(fx), weight(fy));
            if (x0 as u64) < inner_w && (y0 as u64) < inner_h {
                // All four neighbours inside: no border arithmetic.
                let i00 = y0 as usize * stride + x0 as usize * c;
                let top = &src[i00..i00 + 2 * c];
                let bottom = &src[i00 + stride..i00 + stride + 2 * c];
                for k in 0..c {
                    out[k] = blend(top[k], top[c + k], bottom[k], bottom[c + k], wx, wy);
                }
            } else {
                let (xa, xb) = (reflect_101(x0, w) * c, reflect_101(x0 + 1, w) * c);
                let (ya, yb) = (reflect_101(y0, h) * stride, reflect_101(y0 + 1, h) * stride);
                for k in 0..c {
                    out[k] =
                        blend(src[ya + xa + k], src[ya + xb + k], src[yb + xa + k], src[yb + xb + k], wx, wy);
                }
            }
            fx += step_x;
            fy += step_y;
        }
    }
}

/// One output coordinate of a resize: byte offsets of its two source neighbours and the
/// weight of the second.
#[derive(Clone, Copy, Debug)]
struct Tap {
    lo: usize,
    hi: usize,
    weight: u32,
}

/// Taps resizing `src_len` source pixels starting at `start` to `out_len`, OpenCV's
/// `INTER_LINEAR` mapping `src = (dst + 0.5) * src_len / out_len - 0.5`, edges replicated.
/// `step` is the byte distance between neighbouring source pixels on this axis.
fn resize_taps(start: usize, src_len: usize, out_len: usize, step: usize, taps: &mut Vec<Tap>) {
    let ratio = src_len as f64 / out_len as f64;
    let last = (src_len - 1) as f64;
    taps.clear();
    taps.extend((0..out_len).map(|i| {
        let s = ((i as f64 + 0.5) * ratio - 0.5).clamp(0.0, last);
        let lo = s.floor();
        let hi = (lo + 1.0).min(last);
        Tap {
            lo: (start + lo as usize) * step,
            hi: (start + hi as usize) * step,
            weight: ((s - lo) * WEIGHT_ONE as f64).round() as u32,
        }
    }));
}

#[inline(always)]
fn resample(src: &[u8], dst: &mut [u8], rows: &[Tap], columns: &[Tap], c: usize) {
    let stride = columns.len() * c;
    for (row, out_row) in rows.iter().zip(dst.chunks_exact_mut(stride)) {
        let (top, bottom) = (&src[row.lo..], &src[row.hi..]);
        for (col, out) in columns.iter().zip(out_row.chunks_exact_mut(c)) {
            for (k, value) in out.iter_mut().enumerate() {
                let (a, b) = (col.lo + k, col.hi + k);
                *value = blend(top[a], top[b], bottom[a], bottom[b], col.weight, row.weight);
            }
        }
    }
}
