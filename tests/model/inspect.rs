use aula::model::inspect::{gradients, weights};
use aula::model::{Mlp, MlpSpec};
use aula::train::readback::histograms;
use burn::optim::GradientsParams;
use burn::prelude::*;

#[test]
fn weight_and_gradient_histograms_cover_every_weight() {
    let device = Device::flex().autodiff();
    let model = Mlp::new(&MlpSpec::plain(12, &[8, 6], 3, 1), &device);
    let named = weights(&model);
    let names: Vec<&str> = named.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().all(|n| n.ends_with("weight")), "{names:?}");
    let sizes: Vec<usize> = named.iter().map(|(_, t)| t.dims()[0]).collect();
    assert_eq!(sizes, vec![12 * 8, 8 * 6, 6 * 3]);

    let hist = pollster::block_on(histograms(named)).unwrap();
    assert_eq!(hist.iter().map(|h| h.total() as usize).collect::<Vec<_>>(), sizes);
    let bound = 1.0 / 12f64.sqrt();
    assert!(hist[0].min >= -bound && hist[0].max <= bound, "PyTorch's default init bounds");

    let x = Tensor::<2>::ones([4, 12], &device);
    let grads = GradientsParams::from_grads(model.forward(x).sum().backward(), &model);
    let grad_hist = pollster::block_on(histograms(gradients(&model, &grads))).unwrap();
    assert_eq!(grad_hist.len(), 3);
    assert_eq!(grad_hist.iter().map(|h| h.total() as usize).collect::<Vec<_>>(), sizes);
    assert!(grad_hist.iter().any(|h| h.max > h.min), "gradients are not all equal");
}
