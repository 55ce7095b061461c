use aula::augment::{
    Augmentations, Dims, RandomBrightnessContrast, ShiftScaleRotate, apply, shift_scale_rotate,
};
use aula::rng::Rng;

fn random_image(dims: Dims, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    (0..dims.len()).map(|_| rng.below(256) as u8).collect()
}

/// A 4x3 RGB image whose every byte is distinct: pixel (x, y), channel k = 16y + 4x + k.
fn asymmetric(channels: usize) -> (Vec<u8>, Dims) {
    let dims = Dims { width: 4, height: 3, channels };
    let mut img = Vec::new();
    for y in 0..3 {
        for x in 0..4 {
            for k in 0..channels {
                img.push((16 * y + 4 * x + k) as u8);
            }
        }
    }
    (img, dims)
}

fn pixel(img: &[u8], dims: Dims, x: usize, y: usize) -> &[u8] {
    let i = (y * dims.width + x) * dims.channels;
    &img[i..i + dims.channels]
}

fn every_op_on() -> Augmentations {
    Augmentations {
        horizontal_flip: 1.0,
        vertical_flip: 1.0,
        shift_scale_rotate: ShiftScaleRotate { p: 1.0, ..Default::default() },
        random_brightness_contrast: RandomBrightnessContrast { p: 1.0, ..Default::default() },
    }
}

#[test]
fn defaults_follow_albumentations_with_p_zero() {
    let ssr = ShiftScaleRotate::default();
    assert_eq!((ssr.p, ssr.shift_limit, ssr.scale_limit, ssr.rotate_limit), (0.0, 0.0625, 0.1, 45.0));
    let rbc = RandomBrightnessContrast::default();
    assert_eq!((rbc.p, rbc.brightness_limit, rbc.contrast_limit), (0.0, 0.2, 0.2));
    let aug = Augmentations::default();
    assert_eq!((aug.horizontal_flip, aug.vertical_flip), (0.0, 0.0));
}

#[test]
fn augmentations_round_trip_through_json() {
    let aug = every_op_on();
    let json = serde_json::to_string(&aug).unwrap();
    let back: Augmentations = serde_json::from_str(&json).unwrap();
    assert_eq!(back, aug);
}

#[test]
fn every_op_keeps_length() {
    for channels in [1, 3] {
        let dims = Dims { width: 7, height: 5, channels };
        let ops = [
            Augmentations { horizontal_flip: 1.0, ..Default::default() },
            Augmentations { vertical_flip: 1.0, ..Default::default() },
            Augmentations {
                shift_scale_rotate: ShiftScaleRotate { p: 1.0, ..Default::default() },
                ..Default::default()
            },
            Augmentations {
                random_brightness_contrast: RandomBrightnessContrast { p: 1.0, ..Default::default() },
                ..Default::default()
            },
            every_op_on(),
        ];
        for (i, aug) in ops.iter().enumerate() {
            let mut img = random_image(dims, i as u64);
            apply(aug, &mut img, dims, &mut Rng::new(9));
            assert_eq!(img.len(), dims.len());
        }
    }
}

#[test]
fn all_p_zero_is_identity() {
    let dims = Dims { width: 9, height: 6, channels: 3 };
    let orig = random_image(dims, 1);
    let mut img = orig.clone();
    let mut rng = Rng::new(3);
    for _ in 0..20 {
        apply(&Augmentations::default(), &mut img, dims, &mut rng);
    }
    assert_eq!(img, orig);
}

#[test]
fn horizontal_flip_mirrors_columns_and_twice_is_identity() {
    for channels in [1, 3] {
        let (orig, dims) = asymmetric(channels);
        let aug = Augmentations { horizontal_flip: 1.0, ..Default::default() };
        let mut img = orig.clone();
        let mut rng = Rng::new(0);
        apply(&aug, &mut img, dims, &mut rng);
        for y in 0..3 {
            for x in 0..4 {
                assert_eq!(pixel(&img, dims, x, y), pixel(&orig, dims, 3 - x, y));
            }
        }
        apply(&aug, &mut img, dims, &mut rng);
        assert_eq!(img, orig);
    }
}

#[test]
fn vertical_flip_mirrors_rows_and_twice_is_identity() {
    for channels in [1, 3] {
        let (orig, dims) = asymmetric(channels);
        let aug = Augmentations { vertical_flip: 1.0, ..Default::default() };
        let mut img = orig.clone();
        let mut rng = Rng::new(0);
        apply(&aug, &mut img, dims, &mut rng);
        for y in 0..3 {
            for x in 0..4 {
                assert_eq!(pixel(&img, dims, x, y), pixel(&orig, dims, x, 2 - y));
            }
        }
        apply(&aug, &mut img, dims, &mut rng);
        assert_eq!(img, orig);
    }
}

#[test]
fn brightness_contrast_stays_in_range_and_changes_image() {
    let dims = Dims { width: 16, height: 16, channels: 3 };
    let aug = Augmentations {
        random_brightness_contrast: RandomBrightnessContrast {
            p: 1.0,
            brightness_limit: 0.9,
            contrast_limit: 0.9,
        },
        ..Default::default()
    };
    let mut rng = Rng::new(5);
    let mut changed = false;
    for seed in 0..20 {
        let orig = random_image(dims, seed);
        let mut img = orig.clone();
        apply(&aug, &mut img, dims, &mut rng);
        assert_eq!(img.len(), orig.len());
        changed |= img != orig;
    }
    assert!(changed);
}

#[test]
fn brightness_contrast_is_monotone_not_wrapping() {
    // A ramp 0..=255 stays non-decreasing whatever alpha > 0 and beta: clamping, not wrapping.
    let dims = Dims { width: 256, height: 1, channels: 1 };
    let aug = Augmentations {
        random_brightness_contrast: RandomBrightnessContrast {
            p: 1.0,
            brightness_limit: 0.8,
            contrast_limit: 0.8,
        },
        ..Default::default()
    };
    let mut rng = Rng::new(11);
    for _ in 0..30 {
        let mut img: Vec<u8> = (0..=255).collect();
        apply(&aug, &mut img, dims, &mut rng);
        assert!(img.windows(2).all(|w| w[0] <= w[1]), "{img:?}");
    }
}

#[test]
fn brightness_contrast_with_zero_limits_is_identity() {
    let dims = Dims { width: 8, height: 8, channels: 3 };
    let orig = random_image(dims, 2);
    let mut img = orig.clone();
    let aug = Augmentations {
        random_brightness_contrast: RandomBrightnessContrast {
            p: 1.0,
            brightness_limit: 0.0,
            contrast_limit: 0.0,
        },
        ..Default::default()
    };
    apply(&aug, &mut img, dims, &mut Rng::new(4));
    assert_eq!(img, orig);
}

#[test]
fn shift_scale_rotate_with_zero_limits_is_identity() {
    for channels in [1, 3] {
        let dims = Dims { width: 10, height: 7, channels };
        let orig = random_image(dims, 8);
        let mut img = orig.clone();
        let aug = Augmentations {
            shift_scale_rotate: ShiftScaleRotate {
                p: 1.0,
                shift_limit: 0.0,
                scale_limit: 0.0,
                rotate_limit: 0.0,
            },
            ..Default::default()
        };
        apply(&aug, &mut img, dims, &mut Rng::new(6));
        assert_eq!(img, orig);
    }
}

#[test]
fn rotate_90_counter_clockwise_on_a_square() {
    let n = 5;
    let dims = Dims { width: n, height: n, channels: 3 };
    let orig = random_image(dims, 12);
    let mut img = orig.clone();
    shift_scale_rotate(&mut img, dims, 90.0, 1.0, 0.0, 0.0);
    // OpenCV's positive angle: out(x, y) = in(n-1-y, x), top-right corner goes to top-left.
    for y in 0..n {
        for x in 0..n {
            assert_eq!(pixel(&img, dims, x, y), pixel(&orig, dims, n - 1 - y, x), "at ({x}, {y})");
        }
    }
}

#[test]
fn integer_shift_uses_reflect_101_border() {
    // Shift right by one column of a 1-row ramp [10, 20, 30, 40]: out(x) = in(x - 1), and
    // in(-1) reflects (101) to in(1).
    let dims = Dims { width: 4, height: 1, channels: 1 };
    let mut img = vec![10u8, 20, 30, 40];
    shift_scale_rotate(&mut img, dims, 0.0, 1.0, 0.25, 0.0);
    assert_eq!(img, vec![20, 10, 20, 30]);
}

#[test]
fn same_seed_same_output_different_seeds_differ() {
    let dims = Dims { width: 12, height: 9, channels: 3 };
    let orig = random_image(dims, 77);
    let aug = Augmentations {
        horizontal_flip: 0.5,
        vertical_flip: 0.5,
        shift_scale_rotate: ShiftScaleRotate { p: 1.0, ..Default::default() },
        random_brightness_contrast: RandomBrightnessContrast { p: 1.0, ..Default::default() },
    };
    let run = |seed: u64| {
        let mut img = orig.clone();
        apply(&aug, &mut img, dims, &mut Rng::derived(seed, 1));
        img
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1), run(2));
    assert_ne!(run(1), orig);
}
