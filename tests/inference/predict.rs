//! Predictions: top classes with softmax probabilities that add up.

use aula::config::TrainConfig;
use aula::inference::predict::predict;
use burn::prelude::*;

use crate::common::{band_dataset, train_on_flex};

#[test]
fn predictions_are_the_top_classes_best_first() {
    let data = band_dataset(4);
    let config =
        TrainConfig { hidden: vec![32], batch_size: 16, epochs: 4, lr: 3e-3, ..TrainConfig::default() };
    let (_, model) = train_on_flex(&config, &data);
    let pixels: Vec<u8> = (0..data.val.len()).flat_map(|i| data.val.image(i).to_vec()).collect();
    let guesses = pollster::block_on(predict(&model, &pixels, 3, &Device::flex())).unwrap();
    assert_eq!(guesses.len(), data.val.len());
    for (g, &label) in guesses.iter().zip(&data.val.labels) {
        assert_eq!(g.len(), 3);
        assert!(g.windows(2).all(|w| w[0].probability >= w[1].probability), "{g:?}");
        assert!(g.iter().map(|x| x.probability).sum::<f64>() <= 1.0 + 1e-6);
        assert_eq!(g[0].class, label as usize, "the bands are easy: {g:?}");
    }
    assert!(pollster::block_on(predict(&model, &[], 3, &Device::flex())).unwrap().is_empty());
}
