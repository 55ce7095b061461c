//! Throughput of the data stages (decode + resize, augment + normalise), one thread, by the
//! same code natively (`cargo bench --bench data`) and in the browser worker
//! (`tests/browser/bench.mjs`), so the two columns of BENCHMARKS.md compare like with like.
//! Prints numbers; nothing here passes or fails.

use image::ImageEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;

use crate::config::TrainConfig;
use crate::data::ImageSet;
use crate::data::augment::Augmentations;
use crate::data::batcher::{Prep, make_batch};
use crate::data::decode::{decode_resized, resize};
use crate::data::normalize::Normalize;
use crate::rng::Rng;

/// A photo-like RGB image: smooth gradients plus noise, so JPEG has real work to do.
fn photo(width: usize, height: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut pixels = Vec::with_capacity(width * height * 3);
    for y in 0..height {
        for x in 0..width {
            let base = [x * 255 / width, y * 255 / height, (x + y) * 127 / (width + height)];
            for b in base {
                pixels.push((b as i64 + rng.below(40) as i64 - 20).clamp(0, 255) as u8);
            }
        }
    }
    pixels
}

fn jpeg(width: usize, height: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(&photo(width, height, seed), width as u32, height as u32, image::ExtendedColorType::Rgb8)
        .expect("JPEG encodes");
    out
}

fn png(width: usize, height: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(&photo(width, height, seed), width as u32, height as u32, image::ExtendedColorType::Rgb8)
        .expect("PNG encodes");
    out
}

/// Repeats `work` until at least `min_ms` have passed; returns items per second.
fn rate(now: &dyn Fn() -> f64, min_ms: f64, items_per_call: usize, mut work: impl FnMut()) -> f64 {
    work(); // warm-up
    let start = now();
    let mut items = 0;
    while now() - start < min_ms {
        work();
        items += items_per_call;
    }
    items as f64 / ((now() - start) / 1000.0)
}

fn lab_pipeline(all: bool) -> Augmentations {
    let p = if all { 1.0 } else { 0.5 };
    let config = TrainConfig {
        horizontal_flip: p,
        shift_scale_rotate: p,
        random_brightness_contrast: p,
        vertical_flip: if all { 1.0 } else { 0.0 },
        random_resized_crop: if all { 1.0 } else { 0.0 },
        gauss_noise: if all { 1.0 } else { 0.0 },
        ..TrainConfig::default()
    };
    Augmentations::from_config(&config)
}

/// One op alone at p = 1, the rest off.
fn only(op: &str) -> Augmentations {
    let mut config = TrainConfig::default();
    match op {
        "RandomResizedCrop" => config.random_resized_crop = 1.0,
        "HorizontalFlip" => config.horizontal_flip = 1.0,
        "VerticalFlip" => config.vertical_flip = 1.0,
        "ShiftScaleRotate" => config.shift_scale_rotate = 1.0,
        "RandomBrightnessContrast" => config.random_brightness_contrast = 1.0,
        "GaussNoise" => config.gauss_noise = 1.0,
        _ => unreachable!("an op of the pipeline"),
    }
    Augmentations::from_config(&config)
}

const OPS: [&str; 6] = [
    "RandomResizedCrop",
    "HorizontalFlip",
    "VerticalFlip",
    "ShiftScaleRotate",
    "RandomBrightnessContrast",
    "GaussNoise",
];

/// One line per measurement, e.g. `native: decode+resize 1024x768 JPEG -> 64x64 RGB: 123
/// images/s`. `now` is a millisecond clock; `where_` prefixes every line.
pub fn report(now: &dyn Fn() -> f64, where_: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let large: Vec<Vec<u8>> = (0..4).map(|s| jpeg(1024, 768, s)).collect();
    for (label, files) in [
        ("1024x768 JPEG", large.clone()),
        ("256x256 JPEG", (0..16).map(|s| jpeg(256, 256, s)).collect::<Vec<_>>()),
        ("64x64 PNG", (0..64).map(|s| png(64, 64, s)).collect()),
    ] {
        let r = rate(now, 1500.0, files.len(), || {
            for f in &files {
                let _ = decode_resized(f, 64, false).expect("decodes");
            }
        });
        lines.push(format!("{where_}: decode+resize {label} -> 64x64 RGB: {r:.0} images/s"));
    }
    // Where the time goes for the large JPEG: the decoder alone, the resize alone.
    let r = rate(now, 1500.0, large.len(), || {
        for f in &large {
            let _ = image::load_from_memory(f).expect("decodes");
        }
    });
    lines.push(format!("{where_}: decode only 1024x768 JPEG: {r:.0} images/s"));
    let decoded = photo(1024, 768, 1);
    let r = rate(now, 1000.0, 1, || {
        let _ = resize(&decoded, 1024, 768, 3, 64, 64);
    });
    lines.push(format!("{where_}: resize only 1024x768 RGB -> 64x64: {r:.0} images/s"));

    // A set of 64x64x3 images, batched as training does: augment (train) + normalise to f32.
    let count = 256;
    let mut set = ImageSet { width: 64, height: 64, channels: 3, ..ImageSet::default() };
    for i in 0..count {
        set.pixels.extend(photo(64, 64, 100 + i as u64));
        set.labels.push(0);
    }
    let indices: Vec<usize> = (0..count).collect();
    let mut cases = vec![("no augmentation (normalise only)".to_string(), Augmentations::default())];
    cases.extend(OPS.iter().map(|op| (format!("{op} p=1"), only(op))));
    cases
        .push(("HorizontalFlip+ShiftScaleRotate+RandomBrightnessContrast p=0.5".into(), lab_pipeline(false)));
    cases.push(("all six ops p=1".into(), lab_pipeline(true)));
    for (label, augment) in cases {
        let prep = Prep { normalize: Normalize::imagenet(3), augment };
        let mut epoch = 0;
        let r = rate(now, 1000.0, count, || {
            epoch += 1;
            let batch = make_batch(&set, &indices, &prep, Some((42, epoch)));
            assert_eq!(batch.len, count);
        });
        lines.push(format!("{where_}: augment+normalise 64x64x3, {label}: {r:.0} images/s"));
    }
    lines
}
