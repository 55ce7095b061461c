//! Loss, accuracy, confusion matrix and per-image predictions over a split, without
//! gradients.

use std::future::Future;

use burn::nn::loss::CrossEntropyLossConfig;
use burn::prelude::*;
use burn::tensor::{Transaction, activation};

use super::readback::{self, first};
use super::step::batch_tensors;
use crate::data::Images;
use crate::data::batcher::{Prep, batches, make_batch};
use crate::model::Network;
use crate::report::Confusion;

/// Validation runs without gradients, so it can take bigger batches.
const EVAL_BATCH: usize = 256;

pub struct Evaluation {
    pub loss: f64,
    pub accuracy: f64,
    pub confusion: Confusion,
    /// Predicted class and its softmax probability, per image.
    pub predicted: Vec<u32>,
    pub confidence: Vec<f32>,
}

/// Told after each batch of an evaluation how many images are done, of how many: a run
/// yields to its host there and, while it stops, says how far it is.
pub trait EvalWatch {
    fn batch_done(&mut self, done: usize, total: usize) -> impl Future<Output = ()>;
}

/// No one to tell.
pub struct Unwatched;

impl EvalWatch for Unwatched {
    async fn batch_done(&mut self, _: usize, _: usize) {}
}

/// Evaluates normalised by `prep` and never augmented. The loss is summed on the device;
/// predictions come back in one read at the end.
pub async fn evaluate(
    model: &Network,
    set: &impl Images,
    classes: usize,
    prep: &Prep,
    device: &Device,
) -> Result<Evaluation, String> {
    evaluate_watched(model, set, classes, prep, device, &mut Unwatched).await
}

/// As [`evaluate`], telling `watch` after each batch.
pub async fn evaluate_watched(
    model: &Network,
    set: &impl Images,
    classes: usize,
    prep: &Prep,
    device: &Device,
    watch: &mut impl EvalWatch,
) -> Result<Evaluation, String> {
    let loss_fn = CrossEntropyLossConfig::new().init(device);
    let order: Vec<usize> = (0..set.len()).collect();
    let mut loss_sum = Tensor::<1>::zeros([1], device);
    let mut predictions = Vec::new();
    let mut confidences = Vec::new();
    for indices in batches(&order, EVAL_BATCH) {
        let n = indices.len();
        let (x, y) = batch_tensors(make_batch(set, indices, prep, None), set.image_len(), device);
        let logits = model.forward(x);
        loss_sum = loss_sum + loss_fn.forward(logits.clone(), y).mul_scalar(n as f64);
        let (confidence, predicted) = activation::softmax(logits, 1).max_dim_with_indices(1);
        predictions.push(predicted.reshape([n]));
        confidences.push(confidence.reshape([n]));
        watch.batch_done(indices.last().map_or(0, |last| last + 1), set.len()).await;
    }
    let transaction = Transaction::default()
        .register(loss_sum)
        .register(Tensor::cat(predictions, 0))
        .register(Tensor::cat(confidences, 0));
    let data = readback::read(transaction, "results").await?;
    let predicted: Vec<u32> = data[1].iter::<i64>().map(|p| p as u32).collect();
    let mut confusion = Confusion::new(classes);
    confusion.add_batch(set.labels(), &predicted);
    Ok(Evaluation {
        loss: first(&data[0]) / set.len() as f64,
        accuracy: confusion.accuracy(),
        confusion,
        predicted,
        confidence: data[2].iter::<f32>().collect(),
    })
}
