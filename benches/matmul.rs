//! Native benchmark: the Linear layers' products (and the CNN's convolutions as im2col
//! products) of the speed issue's recipes on a wgpu device, on burn's default matmul kernel
//! and on `block_matmul`'s. Made to run on SwiftShader, the adapter headless Chromium gives
//! WebGPU here, through the Vulkan loader Chromium ships:
//!
//!     VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH=/usr/lib/chromium \
//!         cargo bench --features webgpu --bench matmul
//!
//! (without them wgpu may pick another adapter, e.g. Mesa's llvmpipe through OpenGL, whose
//! figures are not SwiftShader's). Prints numbers, and fails if the two kernels' products
//! disagree, or if the convolution's patches (`model::patches`, forward and gradient) differ
//! from plain loops.

use std::time::Instant;

use aula::model::matmul::{product, use_block_kernel};
use aula::model::patches::patches;
use burn::prelude::*;
use burn::tensor::Distribution;

/// `[m, k] · [k, n]`, either operand possibly a transposed view (as the backward pass reads it).
struct Shape {
    name: &'static str,
    m: usize,
    k: usize,
    n: usize,
    lhs_transposed: bool,
    rhs_transposed: bool,
}

const fn shape(name: &'static str, m: usize, k: usize, n: usize, lhs_t: bool, rhs_t: bool) -> Shape {
    Shape { name, m, k, n, lhs_transposed: lhs_t, rhs_transposed: rhs_t }
}

const SHAPES: [Shape; 10] = [
    shape("R1 layer 1, forward", 64, 784, 256, false, false),
    shape("R1 layer 1, weight gradient (x^T dy)", 784, 64, 256, true, false),
    shape("R1 layer 2, input gradient (dy W^T)", 64, 128, 256, false, true),
    shape("R2 layer 1, forward", 32, 12288, 512, false, false),
    shape("R2 layer 1, weight gradient (x^T dy)", 12288, 32, 512, true, false),
    shape("R2 layer 2, forward", 32, 512, 128, false, false),
    shape("R3 conv 2 as im2col, forward", 64 * 16 * 16, 32 * 9, 64, false, false),
    shape("R3 conv 2 as im2col, weight gradient", 32 * 9, 64 * 16 * 16, 64, true, false),
    // Sizes that are no multiple of the kernel's block: a short last batch, and odd edges.
    shape("R1 layer 1, a last batch of 10", 10, 784, 256, false, false),
    shape("odd sizes, both operands transposed", 37, 50, 13, true, true),
];

/// `count` different `[rows, cols]` operands (a transposed view of `[cols, rows]` storage where
/// asked), already computed: fusion would run a product of the same inputs only once.
fn operands(device: &Device, rows: usize, cols: usize, transposed: bool, count: usize) -> Vec<Tensor<2>> {
    let dims = if transposed { [cols, rows] } else { [rows, cols] };
    let base = Tensor::<2>::random(dims, Distribution::Normal(0.0, 1.0), device);
    (0..count)
        .map(|i| {
            let t = base.clone() + i as f32 * 0.01;
            std::hint::black_box(t.clone().into_data().iter::<f32>().next());
            if transposed { t.transpose() } else { t }
        })
        .collect()
}

/// The first product's values, and the milliseconds of each other (with reading it back),
/// the first being untimed (it compiles the kernel).
fn time(lhs: &[Tensor<2>], rhs: &Tensor<2>) -> (Vec<f32>, f64) {
    let values = product(lhs[0].clone(), rhs.clone()).into_data().iter::<f32>().collect();
    let start = Instant::now();
    for lhs in &lhs[1..] {
        // Read a value: without it, this loop timed nothing here.
        std::hint::black_box(product(lhs.clone(), rhs.clone()).into_data().iter::<f32>().next());
    }
    (values, start.elapsed().as_secs_f64() * 1000.0 / (lhs.len() - 1) as f64)
}

fn main() -> Result<(), String> {
    let device = pollster::block_on(Device::wgpu_options().init_async()).map_err(|e| e.to_string())?;
    println!("| product | m x k x n | burn's default kernel | block kernel | default / block |");
    println!("|---|---|---|---|---|");
    for s in SHAPES {
        let reps = if s.m * s.k * s.n > 50_000_000 { 3 } else { 10 };
        let lhs = operands(&device, s.m, s.k, s.lhs_transposed, reps + 1);
        let rhs = operands(&device, s.k, s.n, s.rhs_transposed, 1).remove(0);
        use_block_kernel(false);
        let (want, default_ms) = time(&lhs, &rhs);
        use_block_kernel(true);
        let (got, block_ms) = time(&lhs, &rhs);
        // Sums of k products of N(0, 1) values: a float32 error grows with sqrt(k).
        let worst = want.iter().zip(&got).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        if got.len() != want.len() || worst > 1e-4 * s.k as f32 {
            return Err(format!("{}: the kernels disagree by {worst}", s.name));
        }
        let gflops = |ms: f64| 2.0 * (s.m * s.k * s.n) as f64 / ms / 1e6;
        println!(
            "| {} | {}x{}x{} | {default_ms:.1} ms ({:.2} GFLOP/s) | {block_ms:.1} ms ({:.2} GFLOP/s) \
             | {:.1}x |",
            s.name,
            s.m,
            s.k,
            s.n,
            gflops(default_ms),
            gflops(block_ms),
            default_ms / block_ms
        );
    }
    check_patches(&device)
}

/// `model::patches` on a strided input (NHWC storage viewed as NCHW, as the CNN's first layer
/// reads its images), and the input's gradient through it, against plain loops.
fn check_patches(device: &Device) -> Result<(), String> {
    let [n, c, h, w, k] = [3, 5, 7, 6, 3];
    let pad = (k - 1) / 2;
    let device = device.clone().autodiff();
    let nhwc = Tensor::<4>::random([n, h, w, c], Distribution::Normal(0.0, 1.0), &device);
    let x = nhwc.clone().permute([0, 3, 1, 2]).detach().require_grad();
    let r = Tensor::<2>::random([n * h * w, c * k * k], Distribution::Normal(0.0, 1.0), &device);
    let got = patches(x.clone(), k);
    let grads = (got.clone() * r.clone()).sum().backward();
    let values = |t: Tensor<2>| t.into_data().iter::<f32>().collect::<Vec<_>>();
    let (got, r) = (values(got), values(r));
    let dx: Vec<f32> = x.grad(&grads).ok_or("no input gradient")?.into_data().iter::<f32>().collect();
    let xs: Vec<f32> = nhwc.into_data().iter::<f32>().collect();
    let (mut want, mut want_dx) = (vec![0.0; got.len()], vec![0.0; dx.len()]);
    for (image, y, x, channel, ky, kx) in every_tap(n, h, w, c, k) {
        let (sy, sx) = ((y + ky) as isize - pad as isize, (x + kx) as isize - pad as isize);
        if sy < 0 || sx < 0 || sy >= h as isize || sx >= w as isize {
            continue;
        }
        let (sy, sx) = (sy as usize, sx as usize);
        let at = ((image * h + y) * w + x) * c * k * k + (channel * k + ky) * k + kx;
        want[at] = xs[((image * h + sy) * w + sx) * c + channel];
        want_dx[((image * c + channel) * h + sy) * w + sx] += r[at];
    }
    let worst = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(p, q)| (p - q).abs()).fold(0.0, f32::max);
    let (forward, backward) = (worst(&got, &want), worst(&dx, &want_dx));
    println!(
        "\npatches of a strided [{n}, {c}, {h}, {w}] input, k = {k}: worst differences {forward} \
         (patches), {backward} (gradient)"
    );
    if got.len() != want.len() || dx.len() != want_dx.len() || forward > 1e-6 || backward > 1e-5 {
        return Err("the patches kernels disagree with plain loops".into());
    }
    Ok(())
}

/// Every (image, y, x, channel, ky, kx).
fn every_tap(
    n: usize,
    h: usize,
    w: usize,
    c: usize,
    k: usize,
) -> impl Iterator<Item = (usize, usize, usize, usize, usize, usize)> {
    (0..n * h * w * c * k * k).map(move |i| {
        let (kx, i) = (i % k, i / k);
        let (ky, i) = (i % k, i / k);
        let (channel, i) = (i % c, i / c);
        let (x, i) = (i % w, i / w);
        let (y, image) = (i % h, i / h);
        (image, y, x, channel, ky, kx)
    })
}
