//! A matmul kernel for SwiftShader: each unit computes a 4×4 block of the output from plain
//! loads, with no workgroup memory and no barriers. On R1's and R2's products it ran at about
//! 3 GFLOP/s there, where cubek's default kernel ran at 0.2–0.5 and the fastest of its others
//! (the register-tiled `CpuGemm`) at about 1 (BENCHMARKS.md). Written here because neither
//! burn nor cubek has a kernel of this shape.

use burn::backend::cubecl::dtype_to_storage_type;
use burn_cubecl::kernel::matmul::init_matmul_output;
use burn_cubecl::tensor::CubeTensor;
use cubecl::prelude::*;

/// Block side: each unit computes `BLOCK`×`BLOCK` outputs.
const BLOCK: usize = 4;
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
    [n.div_ceil(BLOCK).div_ceil(UNITS.0 as usize), m.div_ceil(BLOCK).div_ceil(UNITS.1 as usize)]
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
            dtype,
        );
    }
    out
}

/// One unit: output rows `4y..4y+4`, columns `4x..4x+4` (units next to each other along x
/// read neighbouring columns of `rhs`). Rows and columns past the edge read the last one
/// and are not written.
#[cube(launch_unchecked)]
fn block_kernel<F: Float>(
    lhs: &Tensor<F>,
    rhs: &Tensor<F>,
    out: &mut Tensor<F>,
    k_len: usize,
    #[define(F)] _dtype: ElemType,
) {
    let row = ABSOLUTE_POS_Y as usize * 4;
    let col = ABSOLUTE_POS_X as usize * 4;
    let (rows, cols) = (out.shape(0), out.shape(1));
    if row >= rows || col >= cols {
        terminate!();
    }
    let (lhs_row, lhs_k) = (lhs.stride(0), lhs.stride(1));
    let (rhs_k, rhs_col) = (rhs.stride(0), rhs.stride(1));
    let r0 = row * lhs_row;
    let r1 = select(row + 1 < rows, row + 1, rows - 1) * lhs_row;
    let r2 = select(row + 2 < rows, row + 2, rows - 1) * lhs_row;
    let r3 = select(row + 3 < rows, row + 3, rows - 1) * lhs_row;
    let c0 = col * rhs_col;
    let c1 = select(col + 1 < cols, col + 1, cols - 1) * rhs_col;
    let c2 = select(col + 2 < cols, col + 2, cols - 1) * rhs_col;
    let c3 = select(col + 3 < cols, col + 3, cols - 1) * rhs_col;
    let mut acc = Array::<F>::new(16usize);
    #[unroll]
    for i in 0..16usize {
        acc[i] = F::new(0.0);
    }
    let mut k = 0usize;
    while k < k_len {
        let (a, b) = (k * lhs_k, k * rhs_k);
        let a0 = lhs[r0 + a];
        let a1 = lhs[r1 + a];
        let a2 = lhs[r2 + a];
        let a3 = lhs[r3 + a];
        let b0 = rhs[b + c0];
        let b1 = rhs[b + c1];
        let b2 = rhs[b + c2];
        let b3 = rhs[b + c3];
        acc[0] += a0 * b0;
        acc[1] += a0 * b1;
        acc[2] += a0 * b2;
        acc[3] += a0 * b3;
        acc[4] += a1 * b0;
        acc[5] += a1 * b1;
        acc[6] += a1 * b2;
        acc[7] += a1 * b3;
        acc[8] += a2 * b0;
        acc[9] += a2 * b1;
        acc[10] += a2 * b2;
        acc[11] += a2 * b3;
        acc[12] += a3 * b0;
        acc[13] += a3 * b1;
        acc[14] += a3 * b2;
        acc[15] += a3 * b3;
        k += 1;
    }
    let (out_row, out_col) = (out.stride(0), out.stride(1));
    #[unroll]
    for i in 0..4usize {
        #[unroll]
        for j in 0..4usize {
            if row + i < rows && col + j < cols {
                out[(row + i) * out_row + (col + j) * out_col] = acc[i * 4 + j];
            }
        }
    }
}
