//! Resizing a decoded u8 HWC image to the model's size, by the run's `interpolation`:
//!
//! * `Antialias` (the default): a cheap integer box pre-shrink to 2-4x the target, then a
//!   triangle (bilinear) filter whose support widens with the scale: fast on one wasm thread,
//!   and free of the aliasing plain bilinear sampling shows on large downscales;
//! * `Linear` and `Area`: OpenCV's `INTER_LINEAR` and `INTER_AREA`, as `A.Resize` names them.
//!
//! Each is a table of taps per axis for one separable two-pass resize.

use crate::config::Interpolation;

/// Resizes an HWC u8 image to `out_w` x `out_h` with the page's antialiased filter.
pub fn resize(
    pixels: &[u8],
    width: usize,
    height: usize,
    channels: usize,
    out_w: usize,
    out_h: usize,
) -> Vec<u8> {
    resize_as(pixels, width, height, channels, out_w, out_h, Interpolation::Antialias)
}

/// Resizes an HWC u8 image to `out_w` x `out_h` with `interpolation`; OpenCV's filters
/// (`Linear`, `Area`) give `cv2.resize`'s pixels to one grey level.
pub fn resize_as(
    pixels: &[u8],
    width: usize,
    height: usize,
    channels: usize,
    out_w: usize,
    out_h: usize,
    interpolation: Interpolation,
) -> Vec<u8> {
    if width == out_w && height == out_h {
        return pixels.to_vec();
    }
    match interpolation {
        Interpolation::Antialias => {}
        Interpolation::Linear => {
            let (columns, rows) = (linear_weights(width, out_w, false), linear_weights(height, out_h, false));
            return separable_resize(pixels, width, height, channels, &columns, &rows);
        }
        // OpenCV averages areas only when neither side grows; otherwise both use its
        // "area mode" of the bilinear filter.
        Interpolation::Area if width >= out_w && height >= out_h => {
            return separable_resize(
                pixels,
                width,
                height,
                channels,
                &area_weights(width, out_w),
                &area_weights(height, out_h),
            );
        }
        Interpolation::Area => {
            let (columns, rows) = (linear_weights(width, out_w, true), linear_weights(height, out_h, true));
            return separable_resize(pixels, width, height, channels, &columns, &rows);
        }
    }
    // Integer box pre-shrink to 2-4x the target: averages every source pixel once, and
    // leaves the triangle filter only a few taps per output pixel.
    let step_x = (width / (2 * out_w)).max(1);
    let step_y = (height / (2 * out_h)).max(1);
    let shrunk;
    let (src, w, h) = if step_x > 1 || step_y > 1 {
        let (w, h) = (width / step_x, height / step_y);
        shrunk = box_shrink(pixels, width, height, channels, w, h);
        (&shrunk[..], w, h)
    } else {
        (pixels, width, height)
    };
    separable_resize(src, w, h, channels, &triangle_weights(w, out_w), &triangle_weights(h, out_h))
}

/// Averages blocks of whole pixels; block edges at `i * width / w` so every pixel counts once.
fn box_shrink(pixels: &[u8], width: usize, height: usize, channels: usize, w: usize, h: usize) -> Vec<u8> {
    // A constant channel count lets the compiler unroll the per-pixel sums.
    match channels {
        1 => box_shrink_n::<1>(pixels, width, height, w, h),
        3 => box_shrink_n::<3>(pixels, width, height, w, h),
        4 => box_shrink_n::<4>(pixels, width, height, w, h),
        _ => unreachable!("decode yields 1 or 3 channels"),
    }
}

fn box_shrink_n<const C: usize>(pixels: &[u8], width: usize, height: usize, w: usize, h: usize) -> Vec<u8> {
    let edges: Vec<usize> = (0..=w).map(|i| i * width / w).collect();
    let mut out = Vec::with_capacity(w * h * C);
    let mut sums = vec![[0u32; C]; w];
    for j in 0..h {
        let (y0, y1) = (j * height / h, (j + 1) * height / h);
        sums.fill([0; C]);
        for y in y0..y1 {
            let (row, _) = pixels[y * width * C..(y + 1) * width * C].as_chunks::<C>();
            for (sum, span) in sums.iter_mut().zip(edges.windows(2)) {
                for pixel in &row[span[0]..span[1]] {
                    for c in 0..C {
                        sum[c] += pixel[c] as u32;
                    }
                }
            }
        }
        for (sum, span) in sums.iter().zip(edges.windows(2)) {
            let count = ((y1 - y0) * (span[1] - span[0])) as u32;
            out.extend(sum.iter().map(|&s| ((s + count / 2) / count) as u8));
        }
    }
    out
}

/// For each output index: the first source index and the normalised weights from there on.
fn triangle_weights(input: usize, output: usize) -> Vec<(usize, Vec<f32>)> {
    let scale = input as f32 / output as f32;
    // Widening the support when shrinking makes the filter average, not skip, pixels.
    let radius = scale.max(1.0);
    (0..output)
        .map(|i| {
            let centre = (i as f32 + 0.5) * scale;
            let first = ((centre - radius).floor().max(0.0)) as usize;
            let last = ((centre + radius).ceil() as usize).min(input);
            let mut weights: Vec<f32> =
                (first..last).map(|x| (1.0 - ((x as f32 + 0.5 - centre) / radius).abs()).max(0.0)).collect();
            // Never zero: the pixel under the centre is always within the support.
            let total: f32 = weights.iter().sum();
            weights.iter_mut().for_each(|w| *w /= total);
            (first, weights)
        })
        .collect()
}

/// OpenCV's bilinear taps along one axis (`cv::resize`, 8-bit): the source position
/// `(i + 0.5) * scale - 0.5` (in `area_mode`, INTER_AREA's enlarging variant), clamped to the
/// edge pixels, with OpenCV's 11-bit fixed-point weights.
fn linear_weights(input: usize, output: usize, area_mode: bool) -> Vec<(usize, Vec<f32>)> {
    // As OpenCV computes them: the scale is 1 / (dst / src), which can fall just under a whole
    // number where src / dst is one (204 -> 224 at pixel 56), and its floor then differs.
    let inverse = output as f64 / input as f64;
    let scale = 1.0 / inverse;
    (0..output)
        .map(|i| {
            let (mut start, mut fraction) = if area_mode {
                let start = (i as f64 * scale).floor();
                let f = ((i + 1) as f64 - (start + 1.0) * inverse) as f32;
                (start as isize, if f <= 0.0 { 0.0 } else { f - f.floor() })
            } else {
                let position = ((i as f64 + 0.5) * scale - 0.5) as f32;
                let start = position.floor();
                (start as isize, position - start)
            };
            if start < 0 {
                (start, fraction) = (0, 0.0);
            }
            if start as usize >= input - 1 {
                (start, fraction) = (input as isize - 1, 0.0);
            }
            let fixed = |w: f32| (w * 2048.0).round() / 2048.0;
            let weights =
                if fraction == 0.0 { vec![1.0] } else { vec![fixed(1.0 - fraction), fixed(fraction)] };
            (start as usize, weights)
        })
        .collect()
}

/// OpenCV's INTER_AREA taps when shrinking: each output pixel averages the source span
/// `[i * scale, (i + 1) * scale)`, partial pixels weighted by the part inside.
fn area_weights(input: usize, output: usize) -> Vec<(usize, Vec<f32>)> {
    let scale = 1.0 / (output as f64 / input as f64);
    (0..output)
        .map(|i| {
            let (from, to) = (i as f64 * scale, (i + 1) as f64 * scale);
            let first = from.floor() as usize;
            let last = (to.ceil() as usize).min(input);
            let weights = (first..last)
                .map(|x| ((to.min(x as f64 + 1.0) - from.max(x as f64)).max(0.0) / scale) as f32)
                .collect();
            (first, weights)
        })
        .collect()
}

/// A horizontal pass with `columns`' taps into f32 rows, then a vertical pass with `rows`'
/// taps, rounded to u8.
fn separable_resize(
    pixels: &[u8],
    width: usize,
    height: usize,
    channels: usize,
    columns: &[(usize, Vec<f32>)],
    rows: &[(usize, Vec<f32>)],
) -> Vec<u8> {
    let (out_w, out_h) = (columns.len(), rows.len());
    // Horizontal pass into f32 rows, then the vertical pass rounds to u8.
    let mut horizontal = vec![0f32; height * out_w * channels];
    for y in 0..height {
        let row = &pixels[y * width * channels..(y + 1) * width * channels];
        let out_row = &mut horizontal[y * out_w * channels..(y + 1) * out_w * channels];
        for (x, (first, weights)) in columns.iter().enumerate() {
            let out_pixel = &mut out_row[x * channels..(x + 1) * channels];
            for (k, &weight) in weights.iter().enumerate() {
                let src = &row[(first + k) * channels..(first + k + 1) * channels];
                for (o, &v) in out_pixel.iter_mut().zip(src) {
                    *o += weight * v as f32;
                }
            }
        }
    }
    let line = out_w * channels;
    let mut out = Vec::with_capacity(out_h * line);
    let mut acc = vec![0f32; line];
    for (first, weights) in rows {
        acc.fill(0.0);
        for (k, &weight) in weights.iter().enumerate() {
            let src = &horizontal[(first + k) * line..(first + k + 1) * line];
            for (a, &v) in acc.iter_mut().zip(src) {
                *a += weight * v;
            }
        }
        out.extend(acc.iter().map(|&v| (v + 0.5).clamp(0.0, 255.0) as u8));
    }
    out
}
