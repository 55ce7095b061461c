use crate::common;

use aula::data::augment::{Augmentations, RandomBrightnessContrast, ShiftScaleRotate};
use aula::data::batcher::{Prep, batch_count, batches, epoch_order, make_batch};
use aula::data::normalize::Normalize;
use aula::data::{ImageSet, Images};
use aula::rng::Rng;

#[test]
fn every_sample_is_seen_once_per_epoch() {
    for (len, batch) in [(100, 64), (128, 64), (1, 64), (7, 1)] {
        let order = epoch_order(len, 3, 1);
        let chunks: Vec<&[usize]> = batches(&order, batch).collect();
        assert_eq!(chunks.len(), batch_count(len, batch));
        let mut seen: Vec<usize> = chunks.concat();
        seen.sort();
        assert_eq!(seen, (0..len).collect::<Vec<_>>(), "len {len} batch {batch}");
        assert!(chunks[..chunks.len() - 1].iter().all(|c| c.len() == batch));
    }
}

#[test]
fn shuffles_are_seeded_and_differ_between_epochs() {
    assert_eq!(epoch_order(500, 7, 2), epoch_order(500, 7, 2));
    assert_ne!(epoch_order(500, 7, 1), epoch_order(500, 7, 2));
    assert_ne!(epoch_order(500, 7, 1), epoch_order(500, 8, 1));
    assert_ne!(epoch_order(500, 7, 1), (0..500).collect::<Vec<_>>());
}

#[test]
fn batches_scale_pixels_and_keep_labels() {
    let set = common::bands(4, 3, 0);
    let batch = make_batch(&set, &[0, 11, 5], &Prep::plain(1), None);
    assert_eq!(batch.len, 3);
    assert_eq!(batch.inputs.len(), 3 * 64);
    assert_eq!(batch.targets, vec![0, 3, 1]);
    assert!((batch.inputs[64] - set.image(11)[0] as f32 / 255.0).abs() < 1e-6);
    assert!(batch.inputs.iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn stratified_head_keeps_every_class() {
    let set = aula::data::Split::whole(common::bands(4, 10, 0));
    let head = set.stratified_head(10, 4);
    assert!(std::sync::Arc::ptr_eq(head.pool(), set.pool()), "a view of the same pixels");
    assert_eq!(head.len(), 10);
    assert_eq!(head.class_counts(4), vec![3, 3, 2, 2]);
    assert_eq!(set.stratified_head(0, 4).len(), 40);
}

/// 12 random 10x8 RGB images, labels 0..3.
fn rgb_set() -> ImageSet {
    let mut rng = Rng::new(5);
    let (width, height, channels) = (10, 8, 3);
    let count = 12;
    ImageSet {
        width,
        height,
        channels,
        pixels: (0..count * width * height * channels).map(|_| rng.below(256) as u8).collect(),
        labels: (0..count as u32).map(|i| i % 3).collect(),
    }
}

fn augmenting_prep() -> Prep {
    Prep {
        normalize: Normalize::imagenet(3),
        augment: Augmentations {
            horizontal_flip: 0.5,
            shift_scale_rotate: ShiftScaleRotate { p: 1.0, ..Default::default() },
            random_brightness_contrast: RandomBrightnessContrast { p: 0.5, ..Default::default() },
            ..Default::default()
        },
    }
}

#[test]
fn batches_are_normalised_per_channel() {
    let set = rgb_set();
    let prep = Prep { normalize: Normalize::imagenet(3), augment: Augmentations::default() };
    let batch = make_batch(&set, &[4, 2], &prep, Some((1, 1)));
    let mut want = Vec::new();
    for i in [4, 2] {
        for (j, &v) in set.image(i).iter().enumerate() {
            let k = j % 3;
            want.push(((v as f64 / 255.0 - prep.normalize.mean[k]) / prep.normalize.std[k]) as f32);
        }
    }
    assert_eq!(batch.inputs.len(), want.len());
    assert!(batch.inputs.iter().zip(&want).all(|(a, b)| (a - b).abs() < 1e-6));
    assert_eq!(batch.targets, vec![1, 2]);
}

#[test]
fn the_same_seed_and_epoch_give_the_same_augmented_batch() {
    let (set, prep) = (rgb_set(), augmenting_prep());
    let indices = [3, 7, 0, 11];
    let a = make_batch(&set, &indices, &prep, Some((9, 2)));
    let b = make_batch(&set, &indices, &prep, Some((9, 2)));
    assert_eq!(a.inputs, b.inputs);
    assert_ne!(a.inputs, make_batch(&set, &indices, &prep, Some((9, 3))).inputs, "another epoch");
    assert_ne!(a.inputs, make_batch(&set, &indices, &prep, Some((10, 2))).inputs, "another seed");
    assert_ne!(a.inputs, make_batch(&set, &indices, &prep, None).inputs, "augmented");
}

#[test]
fn an_images_augmentation_does_not_depend_on_its_batch() {
    let (set, prep) = (rgb_set(), augmenting_prep());
    let n = set.image_len();
    let whole = make_batch(&set, &[5, 1, 8, 2, 10], &prep, Some((4, 1)));
    for (position, i) in [5, 1, 8, 2, 10].into_iter().enumerate() {
        let alone = make_batch(&set, &[i], &prep, Some((4, 1)));
        assert_eq!(alone.inputs, whole.inputs[position * n..(position + 1) * n], "image {i}");
    }
}

#[test]
fn no_augmentation_without_an_epoch() {
    let (set, prep) = (rgb_set(), augmenting_prep());
    let plain = Prep { augment: Augmentations::default(), ..prep.clone() };
    let indices = [0, 6, 9];
    let expected = make_batch(&set, &indices, &plain, None).inputs;
    assert_eq!(make_batch(&set, &indices, &prep, None).inputs, expected);
    // And an identity pipeline leaves even a training batch as loaded.
    assert_eq!(make_batch(&set, &indices, &plain, Some((1, 1))).inputs, expected);
}

#[test]
fn with_batch_norm_a_last_batch_of_one_joins_the_one_before() {
    use aula::data::batcher::{train_batch_count, train_batches};
    let order: Vec<usize> = (0..9).collect();
    let plain: Vec<usize> = train_batches(&order, 4, false).iter().map(|b| b.len()).collect();
    assert_eq!(plain, vec![4, 4, 1]);
    let merged: Vec<usize> = train_batches(&order, 4, true).iter().map(|b| b.len()).collect();
    assert_eq!(merged, vec![4, 5], "every image still seen once");
    assert_eq!(train_batches(&order, 4, true).concat(), order);
    assert_eq!((train_batch_count(9, 4, false), train_batch_count(9, 4, true)), (3, 2));
    // Nothing to merge into, or no single to merge: unchanged.
    assert_eq!(train_batches(&order[..1], 4, true).len(), 1);
    assert_eq!(train_batch_count(1, 4, true), 1);
    assert_eq!(train_batches(&order[..8], 4, true).len(), 2);
    for len in 1..40 {
        for size in 1..6 {
            let order: Vec<usize> = (0..len).collect();
            assert_eq!(
                train_batches(&order, size, true).len(),
                train_batch_count(len, size, true),
                "{len} {size}"
            );
        }
    }
}
