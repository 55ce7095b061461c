//! The augmentation preview: a few train images, each shown as the network sees them.
//!
//! The same images every time (the first of each class, in turn), so a student can change a
//! setting and compare; the `round` picks the random draw, so a re-sample button shows new
//! augmentations and the same round shows the same ones again.

use crate::data::Images;
use crate::data::augment::{Augmentations, Augmenter};
use crate::data::image_block::ImageBlock;
use crate::rng::Rng;

/// Stream of the preview's draws, apart from training's.
const PREVIEW_STREAM: u64 = 0x5052_4556_0000_0000;

/// The indices of up to `picks` images: the first image of each class, then the second of
/// each, and so on (classes in order, those that ran out skipped).
pub fn preview_picks(set: &impl Images, classes: usize, picks: usize) -> Vec<usize> {
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); classes];
    for (i, &label) in set.labels().iter().enumerate() {
        if let Some(members) = by_class.get_mut(label as usize) {
            members.push(i);
        }
    }
    let mut chosen = Vec::with_capacity(picks);
    for rank in 0.. {
        let before = chosen.len();
        for members in &by_class {
            if chosen.len() < picks
                && let Some(&i) = members.get(rank)
            {
                chosen.push(i);
            }
        }
        if chosen.len() == picks || chosen.len() == before {
            break;
        }
    }
    chosen
}

/// A grid of `picks` rows by `1 + repeats` columns, tiles row-major: each row is one train
/// image as stored, then `repeats` augmented copies. Returns the tiles and each row's label.
pub fn preview(
    set: &impl Images,
    classes: usize,
    aug: &Augmentations,
    seed: u64,
    round: u64,
    picks: usize,
    repeats: usize,
) -> (ImageBlock, Vec<u32>) {
    let chosen = preview_picks(set, classes, picks);
    let dims = set.shape();
    let round_seed = Rng::derived(seed, PREVIEW_STREAM.wrapping_add(round)).next_u64();
    let mut pixels = Vec::with_capacity(chosen.len() * (1 + repeats) * dims.len());
    let mut augmenter = Augmenter::new();
    for (row, &i) in chosen.iter().enumerate() {
        let original = set.image(i);
        pixels.extend_from_slice(original);
        for column in 0..repeats {
            let start = pixels.len();
            pixels.extend_from_slice(original);
            let mut rng = Rng::derived(round_seed, (row * repeats + column) as u64);
            augmenter.apply(aug, &mut pixels[start..], dims, &mut rng);
        }
    }
    let block = ImageBlock {
        width: dims.width,
        height: dims.height,
        channels: dims.channels,
        count: chosen.len() * (1 + repeats),
        pixels,
    };
    (block, chosen.iter().map(|&i| set.labels()[i]).collect())
}
