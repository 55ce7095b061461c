//! The CNN's 2×2 max pooling (stride 2, no padding) on the CPU backend (flex), forward and
//! backward, split over the threads by channel plane.
//!
//! flex pools through its general 3-D kernel: for every output pixel it works out the window's
//! valid range (three divisions) and keeps an i64 index of the maximum, which the backward pass
//! then reads. On R3 that was about a quarter of a step natively (BENCHMARKS.md). Here a window
//! is four loads and three comparisons; the backward pass finds the maximum again from the
//! input instead of keeping indices. Ties and NaN go as in burn (and PyTorch): the first
//! largest element in row order, and a NaN wins over numbers (the last NaN).

use burn::backend::flex::{FlexTensor, Layout};
use burn::tensor::{Bytes, DType, Shape};

use super::flex_conv::each;

/// Planes one task takes (an R3 batch has 2,048 planes in its first block).
const PLANES: usize = 32;

/// Where `x` `[n, c, h, w]` is an f32 tensor this module covers (at least one window),
/// `(planes, h, w)`.
pub fn geometry(x: &FlexTensor) -> Option<(usize, usize, usize)> {
    let shape = x.layout().shape();
    let fits = x.dtype() == DType::F32 && shape.num_dims() == 4 && shape[2] >= 2 && shape[3] >= 2;
    fits.then(|| (shape[0] * shape[1], shape[2], shape[3]))
}

/// Which of a window's four values `[top-left, top-right, bottom-left, bottom-right]` is its
/// maximum, by burn's rule.
fn largest(window: [f32; 4]) -> usize {
    let mut at = 0;
    for (i, &v) in window.iter().enumerate().skip(1) {
        if v > window[at] || v.is_nan() {
            at = i;
        }
    }
    at
}

/// The window of output pixel (y, x) in a plane `w` wide, as offsets into the plane.
fn window(y: usize, x: usize, w: usize) -> [usize; 4] {
    let top = 2 * y * w + 2 * x;
    [top, top + 1, top + w, top + w + 1]
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
            for (i, o) in out.iter_mut().enumerate() {
                let at = window(i / ow, i % ow, w).map(|j| plane[j]);
                *o = at[largest(at)];
            }
        }
    });
    let shape = x.layout().shape();
    tensor(y, Shape::from(vec![shape[0], shape[1], oh, ow]))
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
            for (i, &g) in dys.iter().enumerate() {
                let at = window(i / ow, i % ow, w);
                out[at[largest(at.map(|j| xs[j]))]] = g;
            }
        }
    });
    tensor(dx, x.layout().shape().clone())
}

fn tensor(values: Vec<f32>, shape: Shape) -> FlexTensor {
    FlexTensor::new(Bytes::from_elems(values), Layout::contiguous(shape), DType::F32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_largest_wins_and_nan_wins_over_numbers() {
        assert_eq!(largest([1.0, 3.0, 3.0, 2.0]), 1);
        assert_eq!(largest([5.0, 5.0, 5.0, 5.0]), 0);
        assert_eq!(largest([-1.0, -2.0, 0.0, -0.5]), 2);
        assert_eq!(largest([1.0, f32::NAN, 9.0, 2.0]), 1);
        assert_eq!(largest([1.0, f32::NAN, 9.0, f32::NAN]), 3);
    }
}
