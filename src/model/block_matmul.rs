//! A matmul kernel for SwiftShader: each unit computes a 16×4 block of the output (16 rows, 4
//! columns) from plain loads, with no workgroup memory and no barriers. On the recipes'
//! products it ran at 3–5.5 GFLOP/s there, where cubek's default kernel ran at 0.2–0.6 and the
//! fastest of its others (the register-tiled `CpuGemm`) at about 1 (BENCHMARKS.md). Written
//! here because neither burn nor cubek has a kernel of this shape.
//!
//! Why 16×4: from 4 columns up, rows paid more than columns. Likely because SwiftShader runs
//! four neighbouring units as the lanes of one vector, which share the block's rows: a load
//! from `lhs` is one value for the four, one from `rhs` four values, and a taller block reuses
//! each `rhs` load over more rows. Of the shapes tried (BENCHMARKS.md), 16×4 was at or near
//! the fastest on every product of the recipes and slow on none: 32 rows no longer fit the
//! registers, and 16×8, up to 12 % faster on some large products, leaves small ones fewer
//! units than the cores can run (R2's second layer at about 2.6 GFLOP/s against 3.7–4.1).

use burn::backend::cubecl::dtype_to_storage_type;
use burn_cubecl::kernel::matmul::init_matmul_output;
use burn_cubecl::tensor::CubeTensor;
use cubecl::prelude::*;

/// Each unit computes `ROWS`×`COLS` outputs.
const ROWS: usize = 16;
const COLS: usize = 4;
/// Units per workgroup along the output's columns and rows.
const UNITS: (u32, u32) = (16, 4);

/// WebGPU's default (and usual) limit on workgroups along one dimension of a dispatch.
const MAX_WORKGROUPS: usize = 65_535;

/// Whether `lhs · rhs` is two 2-D operands whose product's grid fits one dispatch.
pub fn fits(lhs: &CubeTensor, rhs: &CubeTensor) -> bool {
    let (l, r) = (lhs.meta.shape(), rhs.meta.shape());
    if l.len() != 2 || r.len() != 2 {
        return false;
    }
    let [x, y] = grid(l[0], r[1]);
    x <= MAX_WORKGROUPS && y <= MAX_WORKGROUPS
}

/// Workgroups along the output's columns and rows.
fn grid(m: usize, n: usize) -> [usize; 2] {
    [n.div_ceil(COLS).div_ceil(UNITS.0 as usize), m.div_ceil(ROWS).div_ceil(UNITS.1 as usize)]
}

/// `[m, k] · [k, n]` for 2-D f32 tensors of any strides (a transposed operand is a view),
/// where [`fits`].
pub fn product(lhs: CubeTensor, rhs: CubeTensor) -> CubeTensor {
    let out = init_matmul_output(&lhs, &rhs, lhs.dtype);
    let (m, n, k) = (out.meta.shape()[0], out.meta.shape()[1], lhs.meta.shape()[1]);
    let [x, y] = grid(m, n);
    let cubes = CubeCount::Static(x as u32, y as u32, 1);
    let client = out.client.clone();
    let dtype = dtype_to_storage_type(out.dtype);
    // Safe: every read is clamped into the operands and every write checked against `out`.
    unsafe {
        block_kernel::launch_unchecked(
            &client,
            cubes,
            CubeDim::new_2d(UNITS.0, UNITS.1),
            lhs.into_tensor_arg(),
            rhs.into_tensor_arg(),
            out.clone().into_tensor_arg(),
            k,
            ROWS,
            COLS,
            dtype,
        );
    }
    out
}

/// One unit: output rows `rows·y..rows·y+rows`, columns `cols·x..cols·x+cols` (units next to
/// each other along x share their rows and read neighbouring columns of `rhs`). Rows and
/// columns past the edge read the last one and are not written.
#[cube(launch_unchecked)]
fn block_kernel<F: Float>(
    lhs: &Tensor<F>,
    rhs: &Tensor<F>,
    out: &mut Tensor<F>,
    k_len: usize,
    #[comptime] block_rows: usize,
    #[comptime] block_cols: usize,
    #[define(F)] _dtype: ElemType,
) {
    let row = ABSOLUTE_POS_Y as usize * block_rows;
    let col = ABSOLUTE_POS_X as usize * block_cols;
    let (rows, cols) = (out.shape(0), out.shape(1));
    if row >= rows || col >= cols {
        terminate!();
    }
    let (lhs_row, lhs_k) = (lhs.stride(0), lhs.stride(1));
    let (rhs_k, rhs_col) = (rhs.stride(0), rhs.stride(1));
    // Each row's and column's offset, clamped into the operands.
    let mut row_at = Array::<usize>::new(block_rows);
    #[unroll]
    for i in 0..block_rows {
        row_at[i] = select(row + i < rows, row + i, rows - 1) * lhs_row;
    }
    let mut col_at = Array::<usize>::new(block_cols);
    #[unroll]
    for j in 0..block_cols {
        col_at[j] = select(col + j < cols, col + j, cols - 1) * rhs_col;
    }
    let mut acc = Array::<F>::new(block_rows * block_cols);
    #[unroll]
    for i in 0..block_rows * block_cols {
        acc[i] = F::new(0.0);
    }
    let mut a = Array::<F>::new(block_rows);
    let mut b = Array::<F>::new(block_cols);
    let mut k = 0usize;
    while k < k_len {
        let (lhs_at, rhs_at) = (k * lhs_k, k * rhs_k);
        #[unroll]
        for i in 0..block_rows {
            a[i] = lhs[row_at[i] + lhs_at];
        }
        #[unroll]
        for j in 0..block_cols {
            b[j] = rhs[rhs_at + col_at[j]];
        }
        #[unroll]
        for i in 0..block_rows {
            #[unroll]
            for j in 0..block_cols {
                acc[i * block_cols + j] += a[i] * b[j];
            }
        }
        k += 1;
    }
    let (out_row, out_col) = (out.stride(0), out.stride(1));
    #[unroll]
    for i in 0..block_rows {
        #[unroll]
        for j in 0..block_cols {
            if row + i < rows && col + j < cols {
                out[(row + i) * out_row + (col + j) * out_col] = acc[i * block_cols + j];
            }
        }
    }
}
