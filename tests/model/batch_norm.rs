//! BatchNorm's running statistics follow PyTorch: unbiased variance, momentum 0.1.

use aula::model::batch_norm::BatchNorm;
use burn::module::Module;
use burn::prelude::*;
use burn::tensor::Tolerance;

fn running(norm: &BatchNorm) -> (Vec<f32>, Vec<f32>) {
    let read = |t: Tensor<1>| t.into_data().try_to_vec::<f32>().unwrap();
    (read(norm.running_mean.value_sync()), read(norm.running_var.value_sync()))
}

#[test]
fn running_variance_is_unbiased_as_in_pytorch() {
    let device = Device::flex().autodiff();
    let norm = BatchNorm::new(1, &device);
    // Batch [1, 3]: mean 2, biased variance 1, unbiased 2. PyTorch:
    // running_mean = 0.9 * 0 + 0.1 * 2 = 0.2; running_var = 0.9 * 1 + 0.1 * 2 = 1.1.
    let out = norm.forward(Tensor::<2>::from_floats([[1.0], [3.0]], &device));
    // The batch itself is normalised with the biased variance: (x - 2) / sqrt(1 + eps).
    out.into_data()
        .assert_approx_eq::<f32>(&TensorData::from([[-1.0f32], [1.0]]), Tolerance::rel_abs(1e-4, 1e-4));
    let (mean, var) = running(&norm);
    assert!((mean[0] - 0.2).abs() < 1e-6 && (var[0] - 1.1).abs() < 1e-6, "{mean:?} {var:?}");
}

#[test]
fn a_2d_batch_counts_every_pixel_of_a_channel() {
    let device = Device::flex().autodiff();
    let norm = BatchNorm::new(1, &device);
    // One image, one channel, 2x2 pixels [0, 2, 4, 6]: mean 3, biased var 5, unbiased 20/3.
    norm.forward(Tensor::<4>::from_floats([[[[0.0, 2.0], [4.0, 6.0]]]], &device));
    let (mean, var) = running(&norm);
    assert!((mean[0] - 0.3).abs() < 1e-6, "{mean:?}");
    assert!((var[0] - (0.9 + 0.1 * 20.0 / 3.0)).abs() < 1e-5, "{var:?}");
}

#[test]
fn a_single_value_per_feature_leaves_the_running_stats_alone() {
    let device = Device::flex().autodiff();
    let norm = BatchNorm::new(2, &device);
    norm.forward(Tensor::<2>::from_floats([[5.0, -3.0]], &device));
    assert_eq!(running(&norm), (vec![0.0, 0.0], vec![1.0, 1.0]));
}

#[test]
fn evaluation_uses_the_running_stats() {
    let device = Device::flex().autodiff();
    let norm = BatchNorm::new(1, &device);
    norm.forward(Tensor::<2>::from_floats([[1.0], [3.0]], &device));
    let valid = norm.valid();
    let x = Tensor::<2>::from_floats([[0.2]], &Device::flex());
    // (0.2 - 0.2) / sqrt(1.1 + eps) = 0.
    let y = valid.forward(x).into_data().try_to_vec::<f32>().unwrap();
    assert!(y[0].abs() < 1e-6, "{y:?}");
}
