//! The resampling ops: ShiftScaleRotate's affine warp and RandomResizedCrop's resize, in
//! fixed point.

use super::{Augmenter, ImageShape};

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
pub fn shift_scale_rotate(image: &mut [u8], dims: ImageShape, angle_deg: f64, scale: f64, dx: f64, dy: f64) {
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
pub(super) fn warp_affine(src: &[u8], dst: &mut [u8], dims: ImageShape, m: [f64; 6]) {
    // One copy per common channel count, so the inner loops see a constant.
    match dims.channels {
        1 => warp_affine_channels(src, dst, dims, m, 1),
        3 => warp_affine_channels(src, dst, dims, m, 3),
        c => warp_affine_channels(src, dst, dims, m, c),
    }
}

#[inline(always)]
fn warp_affine_channels(src: &[u8], dst: &mut [u8], dims: ImageShape, m: [f64; 6], c: usize) {
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
pub(super) struct Tap {
    lo: usize,
    hi: usize,
    weight: u32,
}

/// Taps resizing `src_len` source pixels starting at `start` to `out_len`, OpenCV's
/// `INTER_LINEAR` mapping `src = (dst + 0.5) * src_len / out_len - 0.5`, edges replicated.
/// `step` is the byte distance between neighbouring source pixels on this axis.
pub(super) fn resize_taps(start: usize, src_len: usize, out_len: usize, step: usize, taps: &mut Vec<Tap>) {
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
pub(super) fn resample(src: &[u8], dst: &mut [u8], rows: &[Tap], columns: &[Tap], c: usize) {
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
