//! The CNN's convolutions on the CPU backend (flex): im2col and one gemm per image, the images
//! split over the threads (one a task forward, fixed groups backward), forward and backward.
//!
//! flex's convolution copies the whole input to NHWC on the calling thread, then runs small
//! gemms per 512-pixel tile and scatters their results into the output. Its backward pass is
//! burn's generic one: a transposed convolution for the input's gradient, and for the weights'
//! a convolution of the input with the output's gradient as its kernel, whose "batch" is the
//! input channels (3 for the first layer: on two threads one waits a third of that pass). Our
//! kernels took R3 natively from 780 to 1,698 images/s on one thread (BENCHMARKS.md).
//!
//! Here each image is independent: its patch matrix (`[c·k·k, h·w]`, rows in the weight's
//! `[c, ky, kx]` order) is built in a scratch buffer and multiplied in place by the weights
//! (`[out, c·k·k]`, PyTorch's layout read as is) straight into the NCHW output, whose rows the
//! bias has filled. The backward pass makes the same patches again, and per image
//! `dW += dy · patchesᵀ`, `db += Σ dy`, and `dx = col2im(Wᵀ · dy)`. The weights' and bias's
//! sums are taken over fixed groups of images and then added in order, so the numbers do not
//! depend on how many threads ran them. gemm is the crate flex uses.

use burn::backend::flex::{FlexTensor, Layout};
use burn::tensor::{Bytes, DType, Shape};

use super::flex_matmul::{each, each_with};

/// Images whose gradient sums one partial sum holds (the partial sums are added in order).
const GROUP: usize = 4;

/// A "same" convolution: `k`×`k` (odd), stride 1, zero padding `(k - 1) / 2` on every side.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub channels: usize,
    pub height: usize,
    pub width: usize,
    pub out: usize,
    pub k: usize,
}

impl Geometry {
    fn pad(&self) -> usize {
        (self.k - 1) / 2
    }
    /// Rows of an image's patch matrix (and columns of the weights).
    fn patch_len(&self) -> usize {
        self.channels * self.k * self.k
    }
    fn pixels(&self) -> usize {
        self.height * self.width
    }
    fn image_len(&self) -> usize {
        self.channels * self.pixels()
    }

    /// For the kernel offset `d` (0..k), the output positions whose input position
    /// `o + d - pad` lies inside `0..len`.
    fn inside(&self, d: usize, len: usize) -> std::ops::Range<usize> {
        let pad = self.pad();
        let start = pad.saturating_sub(d).min(len);
        let end = (len + pad).saturating_sub(d).min(len);
        start..end.max(start)
    }

    /// One image's patch matrix: row `(c·k + ky)·k + kx` holds, for each output pixel, the
    /// input pixel at offset (ky - pad, kx - pad), or 0 outside the image.
    fn patches(&self, image: &[f32], patches: &mut [f32]) {
        let (h, w, k, pad) = (self.height, self.width, self.k, self.pad());
        for c in 0..self.channels {
            let plane = &image[c * h * w..(c + 1) * h * w];
            for ky in 0..k {
                let rows = self.inside(ky, h);
                for kx in 0..k {
                    let cols = self.inside(kx, w);
                    let row = &mut patches[((c * k + ky) * k + kx) * h * w..][..h * w];
                    row[..rows.start * w].fill(0.0);
                    row[rows.end * w..].fill(0.0);
                    for y in rows.clone() {
                        let out = &mut row[y * w..(y + 1) * w];
                        let from = &plane[(y + ky - pad) * w..][..w];
                        out[..cols.start].fill(0.0);
                        out[cols.end..].fill(0.0);
                        if !cols.is_empty() {
                            out[cols.clone()]
                                .copy_from_slice(&from[cols.start + kx - pad..cols.end + kx - pad]);
                        }
                    }
                }
            }
        }
    }

    /// The reverse of [`Self::patches`]: adds each patch entry back onto its input pixel.
    fn add_patches(&self, patches: &[f32], image: &mut [f32]) {
        let (h, w, k, pad) = (self.height, self.width, self.k, self.pad());
        for c in 0..self.channels {
            let plane = &mut image[c * h * w..(c + 1) * h * w];
            for ky in 0..k {
                let rows = self.inside(ky, h);
                for kx in 0..k {
                    let cols = self.inside(kx, w);
                    let row = &patches[((c * k + ky) * k + kx) * h * w..][..h * w];
                    for y in rows.clone().filter(|_| !cols.is_empty()) {
                        let to = &mut plane[(y + ky - pad) * w..][..w];
                        let from = &row[y * w + cols.start..y * w + cols.end];
                        for (t, f) in to[cols.start + kx - pad..cols.end + kx - pad].iter_mut().zip(from) {
                            *t += f;
                        }
                    }
                }
            }
        }
    }
}

/// The geometry of `x` `[n, c, h, w]` under weights `[out, c, k, k]`, where this module covers
/// it (f32, an odd square kernel, a non-empty image); else `None`.
pub fn geometry(x: &FlexTensor, weight: &FlexTensor) -> Option<Geometry> {
    let (xs, ws) = (x.layout().shape(), weight.layout().shape());
    let f32s = x.dtype() == DType::F32 && weight.dtype() == DType::F32;
    if !f32s || xs.num_dims() != 4 || ws.num_dims() != 4 {
        return None;
    }
    let g = Geometry { channels: xs[1], height: xs[2], width: xs[3], out: ws[0], k: ws[2] };
    let fits = ws[1] == g.channels && ws[3] == g.k && g.k % 2 == 1;
    (fits && g.pixels() > 0 && g.channels > 0 && g.out > 0).then_some(g)
}

/// Whether `bias` is an f32 `[out]` for `g`.
pub fn bias_fits(bias: &FlexTensor, g: &Geometry) -> bool {
    bias.dtype() == DType::F32 && bias.layout().shape().num_dims() == 1 && bias.layout().shape()[0] == g.out
}

fn slice(x: &FlexTensor) -> &[f32] {
    x.as_slice::<f32>().expect("a contiguous f32 tensor")
}

/// A contiguous f32 tensor of `shape` holding `values` (also flex_pool's).
pub(super) fn tensor(values: Vec<f32>, shape: Vec<usize>) -> FlexTensor {
    FlexTensor::new(Bytes::from_elems(values), Layout::contiguous(Shape::from(shape)), DType::F32)
}

/// `lhs[m, k] · rhs[k, n]`, each operand given by its first element and its (row, column)
/// strides; on the calling thread.
struct Product<'a> {
    m: usize,
    n: usize,
    k: usize,
    lhs: (&'a [f32], isize, isize),
    rhs: (&'a [f32], isize, isize),
}

impl Product<'_> {
    /// Writes it into `dst` (row-major `[m, n]`).
    fn write_to(self, dst: &mut [f32]) {
        self.run(dst, false);
    }

    /// Adds it to what `dst` (row-major `[m, n]`) holds.
    fn add_to(self, dst: &mut [f32]) {
        self.run(dst, true);
    }

    fn run(self, dst: &mut [f32], add: bool) {
        let ((a, a_rs, a_cs), (b, b_rs, b_cs)) = (self.lhs, self.rhs);
        if self.m == 0 || self.n == 0 || self.k == 0 {
            return;
        }
        // The last element an operand's strides reach, plus one (strides are never negative here).
        let extent = |rows: usize, cols: usize, rs: isize, cs: isize| {
            (rows - 1) * rs as usize + (cols - 1) * cs as usize + 1
        };
        assert!(dst.len() >= self.m * self.n, "conv: the product's output is too small");
        assert!(a.len() >= extent(self.m, self.k, a_rs, a_cs), "conv: the left operand is too small");
        assert!(b.len() >= extent(self.k, self.n, b_rs, b_cs), "conv: the right operand is too small");
        // Safety: checked just above: each operand's strides stay within its slice, and `dst`
        // holds `m`×`n` elements.
        unsafe {
            gemm::gemm(
                self.m,
                self.n,
                self.k,
                dst.as_mut_ptr(),
                1,
                self.n as isize,
                add,
                a.as_ptr(),
                a_cs,
                a_rs,
                b.as_ptr(),
                b_cs,
                b_rs,
                if add { 1.0f32 } else { 0.0 },
                1.0f32,
                false,
                false,
                false,
                gemm::Parallelism::None,
            )
        }
    }
}

/// `y = conv(x, weight) + bias`, `[n, out, h, w]`.
pub fn forward(x: FlexTensor, weight: FlexTensor, bias: FlexTensor, g: Geometry) -> FlexTensor {
    let (x, weight, bias) = (x.to_contiguous(), weight.to_contiguous(), bias.to_contiguous());
    let (xs, ws, bs) = (slice(&x), slice(&weight), slice(&bias));
    let n = xs.len() / g.image_len();
    let (pixels, patch_len) = (g.pixels(), g.patch_len());
    let (image_len, out_len) = (g.image_len(), g.out * pixels);
    let mut y = vec![0.0f32; n * out_len];
    // An image a task; a thread's scratch buffer serves each image it takes.
    let image = |patches: &mut Vec<f32>, (i, out): (usize, &mut [f32])| {
        g.patches(&xs[i * image_len..][..image_len], patches);
        for (row, &b) in out.chunks_mut(pixels).zip(bs) {
            row.fill(b);
        }
        let product = Product {
            m: g.out,
            n: pixels,
            k: patch_len,
            lhs: (ws, patch_len as isize, 1),
            rhs: (patches, pixels as isize, 1),
        };
        product.add_to(out);
    };
    let scratch = || vec![0.0f32; patch_len * pixels];
    each_with(y.chunks_mut(out_len).enumerate().collect(), scratch, image);
    tensor(y, vec![n, g.out, g.height, g.width])
}

/// The gradients of `conv(x, weight) + bias` from the output's, `dy` `[n, out, h, w]`: the
/// input's (when `input` asks for it), the weights' and the bias's.
pub fn backward(
    x: FlexTensor,
    weight: FlexTensor,
    dy: FlexTensor,
    g: Geometry,
    input: bool,
) -> (Option<FlexTensor>, FlexTensor, FlexTensor) {
    let (x, weight, dy) = (x.to_contiguous(), weight.to_contiguous(), dy.to_contiguous());
    let (xs, ws, dys) = (slice(&x), slice(&weight), slice(&dy));
    let n = xs.len() / g.image_len();
    let (pixels, patch_len, image_len) = (g.pixels(), g.patch_len(), g.image_len());
    let out_len = g.out * pixels;
    let mut dx = vec![0.0f32; if input { n * image_len } else { 0 }];
    // One partial sum of the weights' and the bias's gradients per group of images.
    let groups = n.div_ceil(GROUP);
    let mut partial_w = vec![0.0f32; groups * g.out * patch_len];
    let mut partial_b = vec![0.0f32; groups * g.out];
    let dx_groups: Vec<&mut [f32]> = if input {
        dx.chunks_mut(GROUP * image_len).collect()
    } else {
        (0..groups).map(|_| Default::default()).collect()
    };
    let tasks = partial_w
        .chunks_mut(g.out * patch_len)
        .zip(partial_b.chunks_mut(g.out))
        .zip(dx_groups)
        .enumerate()
        .map(|(group, ((dw, db), dx))| (group, dw, db, dx))
        .collect();
    let task = |(group, dw, db, dx): (usize, &mut [f32], &mut [f32], &mut [f32])| {
        let mut patches = vec![0.0f32; patch_len * pixels];
        let mut d_patches = vec![0.0f32; if input { patch_len * pixels } else { 0 }];
        for i in group * GROUP..((group + 1) * GROUP).min(n) {
            let dy = &dys[i * out_len..][..out_len];
            g.patches(&xs[i * image_len..][..image_len], &mut patches);
            // dW[out, c·k·k] += dy[out, pixels] · patches[c·k·k, pixels]ᵀ
            let product = Product {
                m: g.out,
                n: patch_len,
                k: pixels,
                lhs: (dy, pixels as isize, 1),
                rhs: (&patches, 1, pixels as isize),
            };
            product.add_to(dw);
            for (sum, row) in db.iter_mut().zip(dy.chunks(pixels)) {
                *sum += row.iter().sum::<f32>();
            }
            if input {
                // d_patches[c·k·k, pixels] = W[out, c·k·k]ᵀ · dy[out, pixels]
                let product = Product {
                    m: patch_len,
                    n: pixels,
                    k: g.out,
                    lhs: (ws, 1, patch_len as isize),
                    rhs: (dy, pixels as isize, 1),
                };
                product.write_to(&mut d_patches);
                let at = (i - group * GROUP) * image_len;
                g.add_patches(&d_patches, &mut dx[at..at + image_len]);
            }
        }
    };
    each(tasks, task);
    let sum = |partials: &[f32], len: usize| {
        let mut total = vec![0.0f32; len];
        for part in partials.chunks(len) {
            total.iter_mut().zip(part).for_each(|(t, p)| *t += p);
        }
        total
    };
    let dw = tensor(sum(&partial_w, g.out * patch_len), vec![g.out, g.channels, g.k, g.k]);
    let db = tensor(sum(&partial_b, g.out), vec![g.out]);
    let dx = input.then(|| tensor(dx, vec![n, g.channels, g.height, g.width]));
    (dx, dw, db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_keeps_the_input_position_within_the_image() {
        let g = Geometry { channels: 1, height: 5, width: 5, out: 1, k: 3 };
        assert_eq!(g.inside(0, 5), 1..5); // o - 1 >= 0
        assert_eq!(g.inside(1, 5), 0..5);
        assert_eq!(g.inside(2, 5), 0..4); // o + 1 < 5
        let one = Geometry { channels: 1, height: 1, width: 1, out: 1, k: 5 };
        assert_eq!(one.inside(0, 1), 1..1);
        assert_eq!(one.inside(2, 1), 0..1);
        assert_eq!(one.inside(4, 1), 0..0);
    }
}
