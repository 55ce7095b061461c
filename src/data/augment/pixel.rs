//! The per-pixel ops: flips, brightness/contrast, Gaussian noise.

use std::sync::OnceLock;

use super::ImageShape;
use crate::rng::Rng;

/// Mirrors the columns (left <-> right).
pub fn horizontal_flip(image: &mut [u8], dims: ImageShape) {
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
pub fn vertical_flip(image: &mut [u8], dims: ImageShape) {
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
