use crate::common;

use aula::data::augment::{Augmentations, RandomBrightnessContrast, ShiftScaleRotate};
use aula::data::preview::{preview, preview_picks};

fn lab_pipeline() -> Augmentations {
    Augmentations {
        horizontal_flip: 0.5,
        shift_scale_rotate: ShiftScaleRotate { p: 1.0, ..Default::default() },
        random_brightness_contrast: RandomBrightnessContrast { p: 1.0, ..Default::default() },
        ..Default::default()
    }
}

#[test]
fn picks_the_first_image_of_each_class_in_turn() {
    let set = common::bands(3, 4, 0); // labels 0,0,0,0,1,1,1,1,2,2,2,2
    assert_eq!(preview_picks(&set, 3, 2), vec![0, 4]);
    assert_eq!(preview_picks(&set, 3, 5), vec![0, 4, 8, 1, 5]);
    assert_eq!(preview_picks(&set, 3, 100).len(), 12, "no more than the set holds");
}

#[test]
fn the_grid_has_originals_then_augmented_copies() {
    let set = common::bands(4, 5, 1);
    let (picks, repeats) = (6, 3);
    let (block, labels) = preview(&set, 4, &lab_pipeline(), 42, 0, picks, repeats);
    assert_eq!((block.width, block.height, block.channels), (8, 8, 1));
    assert_eq!(block.count, picks * (1 + repeats));
    assert_eq!(block.pixels.len(), block.count * set.image_len());
    assert_eq!(labels, vec![0, 1, 2, 3, 0, 1]);
    let tile = |row: usize, column: usize| {
        let n = set.image_len();
        let i = row * (1 + repeats) + column;
        &block.pixels[i * n..(i + 1) * n]
    };
    for (row, &i) in preview_picks(&set, 4, picks).iter().enumerate() {
        assert_eq!(tile(row, 0), set.image(i), "column 0 is the image as loaded");
        assert!((1..=repeats).all(|c| tile(row, c) != set.image(i)), "row {row} is augmented");
        assert_ne!(tile(row, 1), tile(row, 2), "each copy has its own draw");
    }
}

#[test]
fn the_same_round_repeats_and_the_next_round_resamples() {
    let set = common::bands(3, 4, 2);
    let aug = lab_pipeline();
    let (a, labels_a) = preview(&set, 3, &aug, 7, 4, 3, 4);
    let (b, labels_b) = preview(&set, 3, &aug, 7, 4, 3, 4);
    assert_eq!((&a, &labels_a), (&b, &labels_b));
    let (next, labels_next) = preview(&set, 3, &aug, 7, 5, 3, 4);
    assert_eq!(labels_next, labels_a, "the same images");
    assert_ne!(next.pixels, a.pixels, "new augmentations");
    let n = set.image_len();
    for row in 0..3 {
        let original = row * 5 * n;
        assert_eq!(next.pixels[original..original + n], a.pixels[original..original + n]);
    }
}

#[test]
fn without_augmentation_every_column_is_the_original() {
    let set = common::bands(2, 3, 3);
    let (block, _) = preview(&set, 2, &Augmentations::default(), 1, 0, 2, 2);
    let n = set.image_len();
    for tile in block.pixels.chunks_exact(n).collect::<Vec<_>>().chunks_exact(3) {
        assert!(tile.iter().all(|t| *t == tile[0]));
    }
}
