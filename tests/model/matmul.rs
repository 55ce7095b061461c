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
