//! Shuffled mini-batches: which images go in each batch, and their u8 -> f32 conversion.
//! Conversion happens per batch so the dataset itself stays u8.

use crate::data::ImageSet;
use crate::rng::Rng;

/// The visiting order of one epoch: a seeded shuffle, different for every epoch.
pub fn epoch_order(len: usize, seed: u64, epoch: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    Rng::derived(seed, 1 + epoch as u64).shuffle(&mut order);
    order
}

/// Batches in order; the last one may be smaller (every image is seen once per epoch).
pub fn batches(order: &[usize], batch_size: usize) -> impl Iterator<Item = &[usize]> {
    order.chunks(batch_size.max(1))
}

pub fn batch_count(len: usize, batch_size: usize) -> usize {
    len.div_ceil(batch_size.max(1))
}

/// A batch ready for tensors: inputs `[n, image_len]` scaled to [0, 1] and class indices.
#[derive(Clone)]
pub struct Batch {
    pub inputs: Vec<f32>,
    pub targets: Vec<i64>,
    pub len: usize,
}

pub fn make_batch(set: &ImageSet, indices: &[usize]) -> Batch {
    let mut inputs = Vec::with_capacity(indices.len() * set.image_len());
    for &i in indices {
        inputs.extend(set.image(i).iter().map(|&p| p as f32 * (1.0 / 255.0)));
    }
    Batch { inputs, targets: indices.iter().map(|&i| set.labels[i] as i64).collect(), len: indices.len() }
}
