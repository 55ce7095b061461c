use aula::config::{NormalizeKind, TrainConfig};
use aula::data::ImageSet;
use aula::data::normalize::{MIN_STD, Normalize};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn imagenet_defaults_are_albumentations() {
    let rgb = Normalize::imagenet(3);
    assert_eq!(rgb.mean, vec![0.485, 0.456, 0.406]);
    assert_eq!(rgb.std, vec![0.229, 0.224, 0.225]);
    let gray = Normalize::imagenet(1);
    assert_eq!((gray.mean, gray.std), (vec![0.449], vec![0.226]));
    let none = Normalize::identity(3);
    assert_eq!((none.mean, none.std), (vec![0.0; 3], vec![1.0; 3]));
}

/// Two 1x2 RGB images. Channel 0: 0, 255, 0, 255; channel 1: 51 everywhere; channel 2: 0, 0, 0, 102.
fn known_set() -> ImageSet {
    ImageSet {
        width: 2,
        height: 1,
        channels: 3,
        pixels: vec![0, 51, 0, 255, 51, 0, 0, 51, 0, 255, 51, 102],
        labels: vec![0, 1],
    }
}

#[test]
fn from_set_gives_each_channels_mean_and_std() {
    let n = Normalize::from_set(&known_set());
    assert!(close(n.mean[0], 0.5) && close(n.std[0], 0.5), "{n:?}");
    assert!(close(n.mean[1], 0.2) && close(n.std[1], MIN_STD), "a constant channel is floored: {n:?}");
    // Channel 2: values 0, 0, 0, 0.4: mean 0.1, population variance 0.03.
    assert!(close(n.mean[2], 0.1) && close(n.std[2], 0.03f64.sqrt()), "{n:?}");
    assert_eq!(Normalize::from_set(&ImageSet { channels: 1, ..ImageSet::default() }), Normalize::identity(1));
}

#[test]
fn for_config_follows_the_setting() {
    let set = known_set();
    let with = |normalize| Normalize::for_config(&TrainConfig { normalize, ..TrainConfig::default() }, &set);
    assert_eq!(with(NormalizeKind::Imagenet), Normalize::imagenet(3));
    assert_eq!(with(NormalizeKind::Train), Normalize::from_set(&set));
    assert_eq!(with(NormalizeKind::None), Normalize::identity(3));
}

#[test]
fn write_matches_the_formula() {
    for (normalize, channels) in [
        (Normalize::imagenet(3), 3),
        (Normalize::imagenet(1), 1),
        (Normalize { mean: vec![0.1, 0.9], std: vec![0.5, 2.0] }, 2),
    ] {
        let pixels: Vec<u8> = (0..=255).chain((0..=255).rev()).take(channels * 60).collect();
        let mut out = vec![-7.0f32];
        normalize.write(&pixels, channels, &mut out);
        assert_eq!(out.len(), 1 + pixels.len(), "appends");
        for (j, (&v, &got)) in pixels.iter().zip(&out[1..]).enumerate() {
            let k = j % channels;
            let want = (v as f64 / 255.0 - normalize.mean[k]) / normalize.std[k];
            assert!((got as f64 - want).abs() < 1e-5, "channel {k} value {v}: {got} vs {want}");
        }
        // The table written once gives the same values.
        let mut again = vec![-7.0f32];
        normalize.table(channels).write(&pixels, &mut again);
        assert_eq!(again, out);
    }
}

#[test]
fn normalize_round_trips_through_json() {
    let n = Normalize::from_set(&known_set());
    let back: Normalize = serde_json::from_str(&serde_json::to_string(&n).unwrap()).unwrap();
    assert_eq!(back, n);
}
