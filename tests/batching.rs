mod common;

use aula::batcher::{batch_count, batches, epoch_order, make_batch};

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
    let batch = make_batch(&set, &[0, 11, 5]);
    assert_eq!(batch.len, 3);
    assert_eq!(batch.inputs.len(), 3 * 64);
    assert_eq!(batch.targets, vec![0, 3, 1]);
    assert!((batch.inputs[64] - set.image(11)[0] as f32 / 255.0).abs() < 1e-6);
    assert!(batch.inputs.iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn stratified_head_keeps_every_class() {
    let set = common::bands(4, 10, 0);
    let head = set.stratified_head(10, 4);
    assert_eq!(head.len(), 10);
    assert_eq!(head.class_counts(4), vec![3, 3, 2, 2]);
    assert_eq!(set.stratified_head(0, 4).len(), 40);
}
