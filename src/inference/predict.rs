//! Predictions on new images: each image's most likely classes with softmax probabilities.

use burn::prelude::*;
use burn::tensor::{Transaction, activation};

pub use crate::inference::guess::Guess;
use crate::model::trained::TrainedModel;
use crate::train::readback;

/// The `k` most likely classes of each image of `images` (u8 HWC at the model's shape, back to
/// back), best first.
pub async fn predict(
    model: &TrainedModel,
    images: &[u8],
    k: usize,
    device: &Device,
) -> Result<Vec<Vec<Guess>>, String> {
    let n = images.len() / model.shape.len().max(1);
    if n == 0 {
        return Ok(Vec::new());
    }
    let probabilities = activation::softmax(model.logits(images, device), 1);
    let data = readback::read(Transaction::default().register(probabilities), "predictions").await?;
    let values: Vec<f32> = data[0].iter::<f32>().collect();
    let classes = model.classes.len();
    Ok(values
        .chunks_exact(classes)
        .map(|row| {
            let mut order: Vec<usize> = (0..classes).collect();
            order.sort_by(|&a, &b| row[b].total_cmp(&row[a]).then(a.cmp(&b)));
            order.into_iter().take(k).map(|class| Guess { class, probability: row[class] as f64 }).collect()
        })
        .collect())
}
