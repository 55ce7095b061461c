//! The CNN's 2×2 max pooling (stride 2, no padding) on the CPU backend (flex), forward and
//! backward, split over the threads by groups of channel planes.
//!
//! flex pools through its general 3-D kernel: for every output pixel it works out the window's
//! valid range (three divisions) and keeps an i64 index of the maximum, which the backward pass
//! then reads; in a native profile it was a large share of R3's step. Here a window is four
//! loads and three comparisons; the backward pass finds the maximum again from the
//! input instead of keeping indices. Ties and NaN go as in burn (and PyTorch): the first
//! largest element in row order, and a NaN wins over numbers (the last NaN).

use burn::backend::flex::FlexTensor;
use burn::tensor::DType;

use super::flex_conv::tensor;
use super::flex_matmul::each;

/// Planes one task takes (an R3 batch has 2,048 planes in its first block).
const PLANES: usize = 32;

/// Where `x` `[n, c, h, w]` is an f32 tensor this module covers (at least one window),
/// `(planes, h, w)`.
pub fn geometry(x: &FlexTensor) -> Option<(usize, usize, usize)> {
    let shape = x.layout().shape();
    let fits = x.dtype() == DType::F32 && shape.num_dims() == 4 && shape[2] >= 2 && shape[3] >= 2;
    fits.then(|| (shape[0] * shape[1], shape[2], shape[3]))
}

/// The running maximum `max` after `v`, by burn's rule: a larger value wins, and a NaN wins.
#[inline(always)]
fn wins(v: f32, max: f32) -> bool {
    v > max || v.is_nan()
}

/// Which of a window's four values `[top-left, top-right, bottom-left, bottom-right]` is its
/// maximum, by burn's rule, and that value. Plain selects, no iterator: which value wins is
/// data-dependent, and the compiler keeps this branch-free only in this form.
#[inline(always)]
fn largest([a, b, c, d]: [f32; 4]) -> (usize, f32) {
    let (mut at, mut max) = (0, a);
    for (i, v) in [(1, b), (2, c), (3, d)] {
        let win = wins(v, max);
        at = if win { i } else { at };
        max = if win { v } else { max };
    }
    (at, max)
}

/// Each output row of a plane `w` wide with the two input rows it pools (`oh` rows in all).
fn row_pairs(plane: &[f32], w: usize, oh: usize) -> impl Iterator<Item = (&[f32], &[f32])> {
    plane.chunks_exact(2 * w).take(oh).map(move |rows| rows.split_at(w))
}

/// `x` `[n, c, h, w]` max-pooled to `[n, c, h / 2, w / 2]`.
pub fn forward(x: FlexTensor) -> FlexTensor {
    let (planes, h, w) = geometry(&x).expect("checked by the caller");
    let x = x.to_contiguous();
    let xs = x.as_slice::<f32>().expect("a contiguous f32 tensor");
    let (oh, ow) = (h / 2, w / 2);
    let mut y = vec![0.0f32; planes * oh * ow];
    let tasks = y.chunks_mut(PLANES * oh * ow).enumerate().collect();
    each(tasks, |(task, out): (usize, &mut [f32])| {
        for (p, out) in out.chunks_mut(oh * ow).enumerate() {
            let plane = &xs[(task * PLANES + p) * h * w..][..h * w];
            for (out, (top, bottom)) in out.chunks_exact_mut(ow).zip(row_pairs(plane, w, oh)) {
                for ((o, t), b) in out.iter_mut().zip(top.chunks_exact(2)).zip(bottom.chunks_exact(2)) {
                    *o = largest([t[0], t[1], b[0], b[1]]).1;
                }
            }
        }
    });
    let shape = x.layout().shape();
    tensor(y, vec![shape[0], shape[1], oh, ow])
}

/// The input's gradient from the output's, `dy` `[n, c, h / 2, w / 2]`: each output pixel's
/// gradient goes to its window's maximum; the rest (and rows or columns left over) get 0.
pub fn backward(x: FlexTensor, dy: FlexTensor) -> FlexTensor {
    let (planes, h, w) = geometry(&x).expect("checked by the caller");
    let (x, dy) = (x.to_contiguous(), dy.to_contiguous());
    let xs = x.as_slice::<f32>().expect("a contiguous f32 tensor");
    let dys = dy.as_slice::<f32>().expect("a contiguous f32 tensor");
    let (oh, ow) = (h / 2, w / 2);
    let mut dx = vec![0.0f32; planes * h * w];
    let tasks = dx.chunks_mut(PLANES * h * w).enumerate().collect();
    each(tasks, |(task, out): (usize, &mut [f32])| {
        for (p, out) in out.chunks_mut(h * w).enumerate() {
            let plane = task * PLANES + p;
            let (xs, dys) = (&xs[plane * h * w..][..h * w], &dys[plane * oh * ow..][..oh * ow]);
            let outs = out.chunks_exact_mut(2 * w).map(|rows| rows.split_at_mut(w));
            for ((dy, rows), (d_top, d_bottom)) in dys.chunks_exact(ow).zip(row_pairs(xs, w, oh)).zip(outs) {
                backward_row(dy, rows, (&mut d_top[..2 * ow], &mut d_bottom[..2 * ow]));
            }
        }
    });
    tensor(dx, x.layout().shape().to_vec())
}

/// Windows the backward pass takes at a time. As a loop over a row's windows the compiler
/// vectorised it only from 20 windows a row (R3's rows have 16 and 8), behind run-time
/// checks that input and output do not overlap; four windows read into arrays and written
/// out whole are one straight-line block, without those checks.
const GROUP: usize = 4;

/// One output row's gradients `dy` to the two input rows it pooled (`d_top`, `d_bottom`,
/// `2 * dy.len()` long each; the input rows may be one longer).
fn backward_row(dy: &[f32], (top, bottom): (&[f32], &[f32]), (d_top, d_bottom): (&mut [f32], &mut [f32])) {
    let n = dy.len();
    let (top, bottom) = (&top[..2 * n], &bottom[..2 * n]);
    let (dy_groups, dy_rest) = dy.as_chunks::<GROUP>();
    let (top_groups, top_rest) = top.as_chunks::<{ 2 * GROUP }>();
    let (bottom_groups, bottom_rest) = bottom.as_chunks::<{ 2 * GROUP }>();
    let (d_top_groups, d_top_rest) = d_top.as_chunks_mut::<{ 2 * GROUP }>();
    let (d_bottom_groups, d_bottom_rest) = d_bottom.as_chunks_mut::<{ 2 * GROUP }>();
    let groups = dy_groups.iter().zip(top_groups).zip(bottom_groups);
    for (((g, t), b), (d_t, d_b)) in groups.zip(d_top_groups.iter_mut().zip(d_bottom_groups)) {
        let (mut into_t, mut into_b) = ([0.0; 2 * GROUP], [0.0; 2 * GROUP]);
        for i in 0..GROUP {
            let window = [t[2 * i], t[2 * i + 1], b[2 * i], b[2 * i + 1]];
            [into_t[2 * i], into_t[2 * i + 1], into_b[2 * i], into_b[2 * i + 1]] = routed(g[i], window);
        }
        (*d_t, *d_b) = (into_t, into_b);
    }
    let rest = dy_rest.iter().zip(top_rest.chunks_exact(2).zip(bottom_rest.chunks_exact(2)));
    for ((&g, (t, b)), (d_t, d_b)) in
        rest.zip(d_top_rest.chunks_exact_mut(2).zip(d_bottom_rest.chunks_exact_mut(2)))
    {
        [d_t[0], d_t[1], d_b[0], d_b[1]] = routed(g, [t[0], t[1], b[0], b[1]]);
    }
}

/// A window's four gradients: `g` at its maximum, 0 elsewhere. All four by selects: a branch
/// on which one wins mispredicts.
#[inline(always)]
fn routed(g: f32, window: [f32; 4]) -> [f32; 4] {
    let at = largest(window).0;
    std::array::from_fn(|i| if at == i { g } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_largest_wins_and_nan_wins_over_numbers() {
        assert_eq!(largest([1.0, 3.0, 3.0, 2.0]), (1, 3.0));
        assert_eq!(largest([5.0, 5.0, 5.0, 5.0]), (0, 5.0));
        assert_eq!(largest([-1.0, -2.0, 0.0, -0.5]), (2, 0.0));
        assert_eq!(largest([1.0, f32::NAN, 9.0, 2.0]).0, 1);
        assert_eq!(largest([1.0, f32::NAN, 9.0, f32::NAN]).0, 3);
        assert!(largest([f32::NAN, 9.0, 1.0, 2.0]).1.is_nan());
    }
}
