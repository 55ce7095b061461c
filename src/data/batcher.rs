//! Shuffled mini-batches: which images go in each batch, and their preparation: augmentation
//! (train only), then u8 -> normalised f32. Both happen per batch, so the dataset itself
//! stays u8.

use crate::data::Images;
use crate::data::augment::{Augmentations, Augmenter};
use crate::data::normalize::Normalize;
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

/// Training batches: as [`batches`], except that with BatchNorm a last batch of a single
/// image joins the batch before it (PyTorch refuses a batch of one in training: "Expected
/// more than 1 value per channel"), so every image is still seen once per epoch. (A batch size
/// of 1 with BatchNorm is refused by the config.)
pub fn train_batches(order: &[usize], batch_size: usize, batch_norm: bool) -> Vec<&[usize]> {
    let size = batch_size.max(1);
    let mut out: Vec<&[usize]> = order.chunks(size).collect();
    if batch_norm && size > 1 && out.len() > 1 && out.last().is_some_and(|b| b.len() == 1) {
        out.pop();
        let start = (out.len() - 1) * size;
        *out.last_mut().expect("more than one batch") = &order[start..];
    }
    out
}

/// How many batches `train_batches` makes.
pub fn train_batch_count(len: usize, batch_size: usize, batch_norm: bool) -> usize {
    let n = batch_count(len, batch_size);
    if batch_norm && n > 1 && len % batch_size.max(1) == 1 { n - 1 } else { n }
}

/// How images become network inputs: the normalisation (every split) and the augmentation
/// (train batches only).
#[derive(Clone, Debug, PartialEq)]
pub struct Prep {
    pub normalize: Normalize,
    pub augment: Augmentations,
}

impl Prep {
    /// Only `x / 255`, no augmentation.
    pub fn plain(channels: usize) -> Self {
        Self { normalize: Normalize::identity(channels), augment: Augmentations::default() }
    }
}

/// Stream of the augmentation draws, apart from the shuffles' streams (1 + epoch).
const AUGMENT_STREAM: u64 = 0x4155_4745_0000_0000;

/// The generator that augments image `index` (its index in the set) in `epoch` of a run
/// seeded `seed`: a function of those three only, so an image's augmentation does not
/// depend on the batch size or on which other images share its batch.
pub fn augment_rng(seed: u64, epoch: usize, index: usize) -> Rng {
    let epoch_seed = Rng::derived(seed, AUGMENT_STREAM.wrapping_add(epoch as u64)).next_u64();
    Rng::derived(epoch_seed, index as u64)
}

/// A batch ready for tensors: inputs `[n, image_len]`, normalised, and class indices.
#[derive(Clone)]
pub struct Batch {
    pub inputs: Vec<f32>,
    pub targets: Vec<i64>,
    pub len: usize,
}

/// The images `indices` of `set`, augmented when `augment_epoch` is `Some((seed, epoch))`
/// (with [`augment_rng`]) and then normalised.
pub fn make_batch(
    set: &impl Images,
    indices: &[usize],
    prep: &Prep,
    augment_epoch: Option<(u64, usize)>,
) -> Batch {
    let dims = set.shape();
    let table = prep.normalize.table(set.shape().channels);
    let mut inputs = Vec::with_capacity(indices.len() * set.image_len());
    match augment_epoch.filter(|_| !prep.augment.is_identity()) {
        Some((seed, epoch)) => {
            let mut augmenter = Augmenter::new();
            let mut image = Vec::with_capacity(set.image_len());
            for &i in indices {
                image.clear();
                image.extend_from_slice(set.image(i));
                augmenter.apply(&prep.augment, &mut image, dims, &mut augment_rng(seed, epoch, i));
                table.write(&image, &mut inputs);
            }
        }
        None => {
            for &i in indices {
                table.write(set.image(i), &mut inputs);
            }
        }
    }
    Batch { inputs, targets: indices.iter().map(|&i| set.labels()[i] as i64).collect(), len: indices.len() }
}
