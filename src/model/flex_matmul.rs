//! The Linear layers' product on the CPU backend (flex), split over the threads by output block.
//!
//! flex hands a product to gemm on its own pool (`Parallelism::Rayon`), after allocating the
//! output zeroed and copying it into an aligned buffer on the calling thread. For R2's shapes
//! (`[32, 12288] · [12288, 512]` and the weight gradient `[12288, 32] · [32, 512]`) that left a
//! pool thread idle a third of the time (BENCHMARKS.md, `threads-profile.mjs`). Here the output
//! is written once, uninitialised before gemm fills it, and split into one block per thread: the
//! rows when it is taller than wide, else the columns. Each block is an independent
//! single-threaded gemm over strided views, so transposed operands (the backward pass) need no
//! copy. gemm is the crate flex uses; its values are flex's up to summation order within a block.

use burn::backend::flex::{FlexTensor, Layout};
use burn::tensor::{Bytes, DType, Shape};
use std::ops::Range;

/// Products smaller than this many multiply-adds run on one thread.
pub const SPLIT_FROM: usize = 1 << 20;

/// A block's columns start at a multiple of this, so each block's stores stay vector-aligned.
const COLUMN_STEP: usize = 16;

/// One block of the output: its rows and columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub rows: Range<usize>,
    pub cols: Range<usize>,
}

/// The output `[m, n]` cut into at most `parts` blocks along its longer side.
pub fn blocks(m: usize, n: usize, parts: usize) -> Vec<Block> {
    let parts = parts.max(1);
    let (len, step) = if m >= n { (m, 1) } else { (n, COLUMN_STEP) };
    let size = len.div_ceil(parts).next_multiple_of(step).max(1);
    (0..len)
        .step_by(size)
        .map(|start| start..(start + size).min(len))
        .map(|span| if m >= n { Block { rows: span, cols: 0..n } } else { Block { rows: 0..m, cols: span } })
        .collect()
}

/// A 2-D f32 operand as gemm reads it: a pointer to element (0, 0) and its strides.
#[derive(Clone, Copy)]
struct View {
    at: *const f32,
    row_stride: isize,
    col_stride: isize,
}

// Safety: the views point into tensors that outlive the product, and are only read.
unsafe impl Send for View {}
unsafe impl Sync for View {}

impl View {
    fn of(tensor: &FlexTensor) -> Self {
        let layout = tensor.layout();
        let strides = layout.strides();
        let storage: &[f32] = tensor.storage();
        // Safety: a layout's start offset lies within its storage.
        Self {
            at: unsafe { storage.as_ptr().add(layout.start_offset()) },
            row_stride: strides[0],
            col_stride: strides[1],
        }
    }

    /// The view from element (row, col) on.
    fn at(self, row: usize, col: usize) -> *const f32 {
        // Safety: callers stay within the operand's shape.
        unsafe { self.at.offset(row as isize * self.row_stride + col as isize * self.col_stride) }
    }
}

/// The output's first element, shared by the blocks, which write disjoint elements of it.
#[derive(Clone, Copy)]
struct Output(*mut f32);
unsafe impl Send for Output {}
unsafe impl Sync for Output {}

impl Output {
    /// The output from element `offset` on (a method, so closures capture the whole `Output`).
    fn at(self, offset: usize) -> *mut f32 {
        // Safety: callers stay within the output.
        unsafe { self.0.add(offset) }
    }
}

/// Whether `product` takes these operands (2-D f32, a non-empty inner dimension: an empty
/// one has nothing to split); flex's own matmul takes the rest.
pub fn takes(lhs: &FlexTensor, rhs: &FlexTensor) -> bool {
    let two_d = |t: &FlexTensor| t.layout().shape().num_dims() == 2 && t.dtype() == DType::F32;
    two_d(lhs) && two_d(rhs) && lhs.layout().shape()[1] > 0
}

/// `[m, k] · [k, n]`, the output's blocks on `threads` threads (on the pool when built with it).
pub fn product(lhs: FlexTensor, rhs: FlexTensor, threads: usize) -> FlexTensor {
    let (m, k, n) = (lhs.layout().shape()[0], lhs.layout().shape()[1], rhs.layout().shape()[1]);
    assert_eq!(k, rhs.layout().shape()[0], "product: inner dimensions differ");
    let parts = if m.saturating_mul(n).saturating_mul(k) >= SPLIT_FROM { threads } else { 1 };
    let (a, b) = (View::of(&lhs), View::of(&rhs));
    // Checked: on wasm32 a product that wraps would allocate too little for gemm to fill.
    let len = m.checked_mul(n).expect("product: the output's size overflows");
    let mut out: Vec<f32> = Vec::with_capacity(len);
    let dst = Output(out.as_mut_ptr());
    let block = move |block: Block| {
        let (rows, cols) = (block.rows, block.cols);
        // Safety: the block lies within the output and the operands, and no other block writes
        // its elements; gemm writes every element of it and reads none (`read_dst` false).
        unsafe {
            gemm::gemm(
                rows.len(),
                cols.len(),
                k,
                dst.at(rows.start * n + cols.start),
                1,
                n as isize,
                false,
                a.at(rows.start, 0),
                a.col_stride,
                a.row_stride,
                b.at(0, cols.start),
                b.col_stride,
                b.row_stride,
                0.0f32,
                1.0f32,
                false,
                false,
                false,
                gemm::Parallelism::None,
            )
        }
    };
    each(blocks(m, n, parts), block);
    // Safety: the blocks cover the output, so gemm initialised all `m * n` elements.
    unsafe { out.set_len(len) };
    FlexTensor::new(Bytes::from_elems(out), Layout::contiguous(Shape::from(vec![m, n])), DType::F32)
}

/// Runs `task` on each item, on the pool's threads when built with them (the CPU kernels'
/// one way of splitting work: products by block, convolutions and pooling by groups).
#[cfg(feature = "threads")]
pub(super) fn each<T: Send>(items: Vec<T>, task: impl Fn(T) + Send + Sync) {
    use rayon::prelude::*;
    match items.len() {
        0 | 1 => items.into_iter().for_each(task),
        _ => items.into_par_iter().for_each(task),
    }
}

#[cfg(not(feature = "threads"))]
pub(super) fn each<T>(items: Vec<T>, task: impl Fn(T)) {
    items.into_iter().for_each(task);
}

/// [`each`] with a scratch value from `scratch`, made once per thread rather than per item.
#[cfg(feature = "threads")]
pub(super) fn each_with<T: Send, S>(
    items: Vec<T>,
    scratch: impl Fn() -> S + Send + Sync,
    task: impl Fn(&mut S, T) + Send + Sync,
) {
    use rayon::prelude::*;
    items.into_par_iter().for_each_init(scratch, task);
}

#[cfg(not(feature = "threads"))]
pub(super) fn each_with<T, S>(items: Vec<T>, scratch: impl Fn() -> S, task: impl Fn(&mut S, T)) {
    let mut scratch = scratch();
    items.into_iter().for_each(|item| task(&mut scratch, item));
}

/// Threads a product may use: the pool's (built with threads), else one.
pub fn threads() -> usize {
    #[cfg(feature = "threads")]
    return rayon::current_num_threads();
    #[cfg(not(feature = "threads"))]
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_the_output_once_along_its_longer_side() {
        for (m, n, parts) in [(12288, 512, 2), (32, 512, 2), (7, 3, 4), (5, 100, 3), (1, 1, 8), (64, 10, 1)] {
            let cut = blocks(m, n, parts);
            assert!(!cut.is_empty() && cut.len() <= parts.max(1), "{m}x{n} in {parts}: {cut:?}");
            let mut seen = vec![0u8; m * n];
            for b in &cut {
                for r in b.rows.clone() {
                    for c in b.cols.clone() {
                        seen[r * n + c] += 1;
                    }
                }
            }
            assert!(seen.iter().all(|&s| s == 1), "{m}x{n} in {parts}: {cut:?}");
        }
        assert_eq!(blocks(12288, 512, 2)[1].rows, 6144..12288);
        assert_eq!(blocks(32, 512, 2)[1].cols, 256..512);
    }
}
