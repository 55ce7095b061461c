use aula::config::TrainConfig;
use aula::data::ImageShape;
use aula::data::augment::{
    Augmentations, Augmenter, Crop, GaussNoise, RandomBrightnessContrast, RandomResizedCrop,
    ShiftScaleRotate, apply, gauss_noise, shift_scale_rotate,
};
use aula::rng::Rng;

fn random_image(dims: ImageShape, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    (0..dims.len()).map(|_| rng.below(256) as u8).collect()
}

/// A 4x3 RGB image whose every byte is distinct: pixel (x, y), channel k = 16y + 4x + k.
fn asymmetric(channels: usize) -> (Vec<u8>, ImageShape) {
    let dims = ImageShape { width: 4, height: 3, channels };
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

fn pixel(img: &[u8], dims: ImageShape, x: usize, y: usize) -> &[u8] {
    let i = (y * dims.width + x) * dims.channels;
    &img[i..i + dims.channels]
}

fn every_op_on() -> Augmentations {
    Augmentations {
        random_resized_crop: RandomResizedCrop { p: 1.0, ..Default::default() },
        horizontal_flip: 1.0,
        vertical_flip: 1.0,
        shift_scale_rotate: ShiftScaleRotate { p: 1.0, ..Default::default() },
        random_brightness_contrast: RandomBrightnessContrast { p: 1.0, ..Default::default() },
        gauss_noise: GaussNoise { p: 1.0, ..Default::default() },
    }
}

#[test]
fn defaults_follow_albumentations_with_p_zero() {
    let ssr = ShiftScaleRotate::default();
    assert_eq!((ssr.p, ssr.shift_limit, ssr.scale_limit, ssr.rotate_limit), (0.0, 0.0625, 0.1, 45.0));
    let rbc = RandomBrightnessContrast::default();
    assert_eq!((rbc.p, rbc.brightness_limit, rbc.contrast_limit), (0.0, 0.2, 0.2));
    let rrc = RandomResizedCrop::default();
    assert_eq!((rrc.p, rrc.scale, rrc.ratio), (0.0, [0.08, 1.0], [0.75, 4.0 / 3.0]));
    let noise = GaussNoise::default();
    assert_eq!((noise.p, noise.std_range), (0.0, [0.2, 0.44]));
    let aug = Augmentations::default();
    assert_eq!((aug.horizontal_flip, aug.vertical_flip), (0.0, 0.0));
    assert!(aug.is_identity());
    assert!(!every_op_on().is_identity());
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
        let dims = ImageShape { width: 7, height: 5, channels };
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
            Augmentations {
                random_resized_crop: RandomResizedCrop { p: 1.0, ..Default::default() },
                ..Default::default()
            },
            Augmentations { gauss_noise: GaussNoise { p: 1.0, ..Default::default() }, ..Default::default() },
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
    let dims = ImageShape { width: 9, height: 6, channels: 3 };
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
    let dims = ImageShape { width: 16, height: 16, channels: 3 };
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
    let dims = ImageShape { width: 256, height: 1, channels: 1 };
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
    let dims = ImageShape { width: 8, height: 8, channels: 3 };
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
        let dims = ImageShape { width: 10, height: 7, channels };
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
    let dims = ImageShape { width: n, height: n, channels: 3 };
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
    let dims = ImageShape { width: 4, height: 1, channels: 1 };
    let mut img = vec![10u8, 20, 30, 40];
    shift_scale_rotate(&mut img, dims, 0.0, 1.0, 0.25, 0.0);
    assert_eq!(img, vec![20, 10, 20, 30]);
}

#[test]
fn same_seed_same_output_different_seeds_differ() {
    let dims = ImageShape { width: 12, height: 9, channels: 3 };
    let orig = random_image(dims, 77);
    let aug = Augmentations {
        horizontal_flip: 0.5,
        vertical_flip: 0.5,
        shift_scale_rotate: ShiftScaleRotate { p: 1.0, ..Default::default() },
        random_brightness_contrast: RandomBrightnessContrast { p: 1.0, ..Default::default() },
        ..Default::default()
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

#[test]
fn the_whole_pipeline_is_seeded() {
    let dims = ImageShape { width: 16, height: 12, channels: 3 };
    let orig = random_image(dims, 78);
    let run = |seed: u64| {
        let mut img = orig.clone();
        apply(&every_op_on(), &mut img, dims, &mut Rng::derived(seed, 1));
        img
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1), run(2));
    // A reused Augmenter gives what fresh scratch gives.
    let mut augmenter = Augmenter::new();
    for seed in [1, 2, 1] {
        let mut img = orig.clone();
        augmenter.apply(&every_op_on(), &mut img, dims, &mut Rng::derived(seed, 1));
        assert_eq!(img, run(seed));
    }
}

#[test]
fn p_zero_ops_with_strong_settings_are_identity() {
    let dims = ImageShape { width: 9, height: 6, channels: 3 };
    let orig = random_image(dims, 4);
    let mut aug = every_op_on();
    aug.random_resized_crop.p = 0.0;
    aug.horizontal_flip = 0.0;
    aug.vertical_flip = 0.0;
    aug.shift_scale_rotate.p = 0.0;
    aug.random_brightness_contrast.p = 0.0;
    aug.gauss_noise = GaussNoise { p: 0.0, std_range: [0.9, 1.0] };
    assert!(aug.is_identity());
    let mut img = orig.clone();
    let mut rng = Rng::new(3);
    for _ in 0..10 {
        apply(&aug, &mut img, dims, &mut rng);
    }
    assert_eq!(img, orig);
}

#[test]
fn random_resized_crop_of_the_whole_image_is_identity() {
    for channels in [1, 3] {
        let dims = ImageShape { width: 11, height: 11, channels };
        let orig = random_image(dims, 21);
        let aug = Augmentations {
            random_resized_crop: RandomResizedCrop { p: 1.0, scale: [1.0, 1.0], ratio: [1.0, 1.0] },
            ..Default::default()
        };
        let mut rng = Rng::new(5);
        for _ in 0..5 {
            let mut img = orig.clone();
            apply(&aug, &mut img, dims, &mut rng);
            assert_eq!(img, orig);
        }
    }
}

#[test]
fn random_resized_crop_windows_fit_and_follow_scale_and_ratio() {
    let rrc = RandomResizedCrop { p: 1.0, scale: [0.25, 0.5], ratio: [0.5, 2.0] };
    let mut rng = Rng::new(8);
    for _ in 0..200 {
        let crop = rrc.sample(64, 48, &mut rng);
        assert!(crop.x + crop.width <= 64 && crop.y + crop.height <= 48, "{crop:?}");
        let area = (crop.width * crop.height) as f64 / (64.0 * 48.0);
        // Rounding each side to whole pixels moves the area and ratio a little.
        assert!((0.23..=0.53).contains(&area), "area {area} of {crop:?}");
        let ratio = crop.width as f64 / crop.height as f64;
        assert!((0.45..=2.2).contains(&ratio), "ratio {ratio} of {crop:?}");
    }
    // Impossible ratios fall back to a centred crop clamped to the ratio range.
    let wide = RandomResizedCrop { p: 1.0, scale: [1.0, 1.0], ratio: [3.0, 3.0] };
    assert_eq!(wide.sample(30, 20, &mut rng), Crop { x: 0, y: 5, width: 30, height: 10 });
    let tall = RandomResizedCrop { p: 1.0, scale: [1.0, 1.0], ratio: [0.5, 0.5] };
    assert_eq!(tall.sample(30, 20, &mut rng), Crop { x: 10, y: 0, width: 10, height: 20 });
}

#[test]
fn resized_crop_scales_a_window_up_bilinearly() {
    // The left half of a 1-row ramp, resized back to 4 pixels: OpenCV INTER_LINEAR maps
    // dst x to src (x + 0.5) / 2 - 0.5, clamped to the crop's edge pixels.
    let dims = ImageShape { width: 4, height: 1, channels: 1 };
    let mut img = vec![0u8, 100, 200, 250];
    Augmenter::new().resized_crop(&mut img, dims, Crop { x: 0, y: 0, width: 2, height: 1 });
    assert_eq!(img, vec![0, 25, 75, 100]);
    // A crop further in reads only pixels inside the crop, never its neighbours.
    let mut img = vec![0u8, 100, 200, 250];
    Augmenter::new().resized_crop(&mut img, dims, Crop { x: 1, y: 0, width: 2, height: 1 });
    assert_eq!(img, vec![100, 125, 175, 200]);
}

#[test]
fn gauss_noise_with_zero_std_is_identity() {
    let dims = ImageShape { width: 10, height: 8, channels: 3 };
    let orig = random_image(dims, 31);
    let aug =
        Augmentations { gauss_noise: GaussNoise { p: 1.0, std_range: [0.0, 0.0] }, ..Default::default() };
    let mut img = orig.clone();
    apply(&aug, &mut img, dims, &mut Rng::new(2));
    assert_eq!(img, orig);
}

#[test]
fn gauss_noise_changes_the_image_within_range_with_the_drawn_std() {
    // Mid-grey, so clipping does not bend the measured spread: std 0.1 of 255 is 25.5 levels.
    let dims = ImageShape { width: 64, height: 64, channels: 3 };
    let mut img = vec![128u8; dims.len()];
    gauss_noise(&mut img, 0.1, &mut Rng::new(6));
    let n = img.len() as f64;
    let mean = img.iter().map(|&v| v as f64).sum::<f64>() / n;
    let std = (img.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n).sqrt();
    assert!((mean - 128.0).abs() < 1.0, "mean {mean}");
    assert!((std - 25.5).abs() < 1.0, "std {std}");
    // Channels get independent noise.
    assert!(img.chunks_exact(3).filter(|p| p[0] == p[1] && p[1] == p[2]).count() < dims.len() / 3 / 10);

    // Strong noise on a full-range image clips instead of wrapping, and changes it.
    let orig = random_image(dims, 41);
    let aug =
        Augmentations { gauss_noise: GaussNoise { p: 1.0, std_range: [0.8, 1.0] }, ..Default::default() };
    let mut img = orig.clone();
    apply(&aug, &mut img, dims, &mut Rng::new(7));
    assert_ne!(img, orig);
    let saturated = img.iter().filter(|&&v| v == 0 || v == 255).count();
    assert!(saturated > dims.len() / 4, "clipped to the ends: {saturated}");
}

#[test]
fn brightness_contrast_output_follows_the_formula_within_range() {
    let dims = ImageShape { width: 256, height: 1, channels: 1 };
    let ramp: Vec<u8> = (0..=255).collect();
    for (alpha, beta) in [(1.5, -40.0), (0.6, 90.0), (1.0, 300.0), (2.0, -300.0)] {
        let mut img = ramp.clone();
        aula::data::augment::brightness_contrast(&mut img, alpha, beta);
        for (&x, &y) in ramp.iter().zip(&img) {
            let want = (alpha * x as f64 + beta).round().clamp(0.0, 255.0) as u8;
            assert_eq!(y, want, "alpha {alpha} beta {beta} x {x}");
        }
        assert_eq!(img.len(), dims.len());
    }
}

#[test]
fn from_config_maps_every_field() {
    let config = TrainConfig {
        horizontal_flip: 0.1,
        vertical_flip: 0.2,
        shift_scale_rotate: 0.3,
        shift_limit: 0.05,
        scale_limit: 0.15,
        rotate_limit: 30.0,
        random_brightness_contrast: 0.4,
        brightness_limit: 0.25,
        contrast_limit: 0.35,
        random_resized_crop: 0.5,
        crop_scale: vec![0.3, 0.9],
        crop_ratio: vec![0.6, 1.7],
        gauss_noise: 0.6,
        noise_std_range: vec![0.05, 0.1],
        ..TrainConfig::default()
    };
    let want = Augmentations {
        random_resized_crop: RandomResizedCrop { p: 0.5, scale: [0.3, 0.9], ratio: [0.6, 1.7] },
        horizontal_flip: 0.1,
        vertical_flip: 0.2,
        shift_scale_rotate: ShiftScaleRotate {
            p: 0.3,
            shift_limit: 0.05,
            scale_limit: 0.15,
            rotate_limit: 30.0,
        },
        random_brightness_contrast: RandomBrightnessContrast {
            p: 0.4,
            brightness_limit: 0.25,
            contrast_limit: 0.35,
        },
        gauss_noise: GaussNoise { p: 0.6, std_range: [0.05, 0.1] },
    };
    assert_eq!(Augmentations::from_config(&config), want);
    // The config's defaults are the ops' defaults, every op off.
    let defaults = Augmentations::from_config(&TrainConfig::default());
    assert_eq!(defaults, Augmentations::default());
    assert!(defaults.is_identity());
}

#[test]
fn rotation_and_scale_keep_a_flat_image_flat() {
    // Reflect-101 borders and bilinear weights that sum to one: a constant stays constant.
    let dims = ImageShape { width: 20, height: 13, channels: 3 };
    let mut img = vec![77u8; dims.len()];
    let mut augmenter = Augmenter::new();
    augmenter.shift_scale_rotate(&mut img, dims, 33.0, 0.7, 0.1, -0.05);
    augmenter.shift_scale_rotate(&mut img, dims, -170.0, 1.6, -0.2, 0.3);
    assert!(img.iter().all(|&v| v == 77));
}

/// ShiftScaleRotate in plain f64, written straight from the formula, per pixel.
fn reference_warp(src: &[u8], dims: ImageShape, angle_deg: f64, scale: f64, dx: f64, dy: f64) -> Vec<u8> {
    let (w, h, c) = (dims.width, dims.height, dims.channels);
    let reflect = |i: i64, n: usize| {
        let (n, period) = (n as i64, 2 * (n as i64 - 1));
        let j = i.rem_euclid(period.max(1));
        (if j >= n { period - j } else { j }) as usize
    };
    let (cx, cy) = ((w as f64 - 1.0) / 2.0, (h as f64 - 1.0) / 2.0);
    let (sin, cos) = angle_deg.to_radians().sin_cos();
    let mut out = vec![0u8; src.len()];
    for y in 0..h {
        for x in 0..w {
            let (u, v) = (x as f64 - cx - dx * w as f64, y as f64 - cy - dy * h as f64);
            let sx = (cos * u - sin * v) / scale + cx;
            let sy = (sin * u + cos * v) / scale + cy;
            let (x0, y0) = (sx.floor() as i64, sy.floor() as i64);
            let (fx, fy) = (sx - sx.floor(), sy - sy.floor());
            for k in 0..c {
                let p = |xx: i64, yy: i64| src[(reflect(yy, h) * w + reflect(xx, w)) * c + k] as f64;
                let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
                let bottom = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
                out[(y * w + x) * c + k] = (top * (1.0 - fy) + bottom * fy).round() as u8;
            }
        }
    }
    out
}

#[test]
fn the_fixed_point_warp_agrees_with_a_float_reference() {
    let mut rng = Rng::new(13);
    for (width, height, channels) in [(16, 12, 3), (9, 20, 1), (64, 64, 3)] {
        let dims = ImageShape { width, height, channels };
        let orig = random_image(dims, width as u64);
        for _ in 0..10 {
            let angle = 360.0 * rng.next_f64() - 180.0;
            let scale = 0.5 + rng.next_f64();
            let (dx, dy) = (0.6 * rng.next_f64() - 0.3, 0.6 * rng.next_f64() - 0.3);
            let want = reference_warp(&orig, dims, angle, scale, dx, dy);
            let mut got = orig.clone();
            shift_scale_rotate(&mut got, dims, angle, scale, dx, dy);
            let worst = got.iter().zip(&want).map(|(&a, &b)| (a as i32 - b as i32).abs()).max().unwrap();
            assert!(worst <= 1, "{dims:?} angle {angle} scale {scale}: off by {worst}");
        }
    }
}
