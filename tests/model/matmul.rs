use aula::model::matmul::product;
use burn::prelude::*;
use burn::tensor::Distribution;

/// The Linear layers' own product gives burn's matmul values and gradients, for both operands.
#[test]
fn product_matches_matmul_and_its_gradients() {
    let device = Device::flex().autodiff();
    let x = Tensor::<2>::random([5, 7], Distribution::Normal(0.0, 1.0), &device);
    let w = Tensor::<2>::random([7, 3], Distribution::Normal(0.0, 1.0), &device);
    // Weights each output differently, so a transposed or swapped gradient would not match.
    let scale = Tensor::<2>::random([5, 3], Distribution::Normal(0.0, 1.0), &device);
    let run = |ours: bool| {
        let (x, w) = (x.clone().detach().require_grad(), w.clone().detach().require_grad());
        let y = if ours { product(x.clone(), w.clone()) } else { x.clone().matmul(w.clone()) };
        let grads = (y.clone() * scale.clone()).sum().backward();
        let data = |t: Tensor<2>| t.into_data().iter::<f32>().collect::<Vec<_>>();
        (data(y), data(x.grad(&grads).unwrap()), data(w.grad(&grads).unwrap()))
    };
    let (ours, burn) = (run(true), run(false));
    for (name, a, b) in [("y", &ours.0, &burn.0), ("dx", &ours.1, &burn.1), ("dW", &ours.2, &burn.2)] {
        assert_eq!(a.len(), b.len(), "{name}");
        let worst = a.iter().zip(b).map(|(p, q)| (p - q).abs()).fold(0.0, f32::max);
        assert!(worst < 1e-5, "{name} differs by {worst}");
        assert!(a.iter().any(|v| v.abs() > 1e-3), "{name} is all zeros");
    }
}

/// The CPU product split into blocks (rows or columns, as the shape asks) gives the plain
/// product's values, on transposed operands too (the backward pass's views).
#[test]
fn the_cpu_product_split_into_blocks_matches_the_plain_product() {
    use aula::model::flex_matmul;
    use burn::backend::flex::FlexTensor;
    let values = |len: usize, seed: u32| {
        (0..len).map(move |i| {
            ((i as u32).wrapping_mul(2_654_435_761).wrapping_add(seed) % 1000) as f32 / 500.0 - 1.0
        })
    };
    // [m, k] · [k, n] with m*n*k above the split threshold, taller (rows) and wider (columns).
    for (m, k, n) in [(400, 96, 200), (96, 400, 200)] {
        let a: Vec<f32> = values(m * k, 1).collect();
        let b: Vec<f32> = values(k * n, 2).collect();
        let mut want = vec![0.0f64; m * n];
        for i in 0..m {
            for j in 0..n {
                want[i * n + j] = (0..k).map(|l| a[i * k + l] as f64 * b[l * n + j] as f64).sum();
            }
        }
        let flex = |v: &[f32], shape: [usize; 2]| FlexTensor::from_data(TensorData::new(v.to_vec(), shape));
        // The same operands stored transposed and viewed back: strided, not contiguous.
        let at: Vec<f32> = (0..k * m).map(|i| a[(i % m) * k + i / m]).collect();
        let bt: Vec<f32> = (0..n * k).map(|i| b[(i % k) * n + i / k]).collect();
        // `a` inside a larger matrix (a view that starts past element 0, rows longer than k),
        // and `b` stored upside down and viewed flipped (a negative row stride).
        let (pad_rows, pad_cols) = (2, 3);
        let wide = k + pad_cols;
        let big: Vec<f32> = (0..(m + pad_rows) * wide)
            .map(|i| {
                let (r, c) = (i / wide, i % wide);
                if (1..=m).contains(&r) && (2..2 + k).contains(&c) { a[(r - 1) * k + c - 2] } else { 1.0e6 }
            })
            .collect();
        let narrowed = flex(&big, [m + pad_rows, wide]).narrow(0, 1, m).narrow(1, 2, k);
        let upside_down: Vec<f32> = (0..k * n).map(|i| b[(k - 1 - i / n) * n + i % n]).collect();
        let stored = flex(&upside_down, [k, n]);
        let flipped = stored.layout().flip(&[0]);
        let flipped = stored.with_layout(flipped);
        for (name, lhs, rhs) in [
            ("contiguous", flex(&a, [m, k]), flex(&b, [k, n])),
            ("transposed", flex(&at, [k, m]).transpose(0, 1), flex(&bt, [n, k]).transpose(0, 1)),
            ("narrowed and flipped", narrowed.clone(), flipped.clone()),
        ] {
            for threads in [1, 3] {
                let got = flex_matmul::product(lhs.clone(), rhs.clone(), threads).into_data();
                assert_eq!(got.shape(), &Shape::new([m, n]));
                let worst =
                    got.iter::<f32>().zip(&want).map(|(g, w)| (g as f64 - w).abs()).fold(0.0, f64::max);
                assert!(worst < 1e-3, "{m}x{k}x{n} {name} on {threads}: off by {worst}");
            }
        }
        assert!(flex_matmul::blocks(m, n, 3).len() == 3, "{m}x{n} is cut in three");
    }
}
