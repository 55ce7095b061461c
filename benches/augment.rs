//! Native benchmark: augmented and normalised 64x64 RGB images per second on one thread,
//! for each op alone at p = 1, a typical lab pipeline and every op at once. Each figure
//! includes the per-batch copy out of the u8 set and the u8 -> normalised f32 conversion,
//! as training does it. The wasm target is >= 5,000 images/s for the typical pipeline on one
//! browser core. Prints numbers only; nothing here passes or fails on speed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use aula::augment::{
    Augmentations, GaussNoise, RandomBrightnessContrast, RandomResizedCrop, ShiftScaleRotate,
};
use aula::batcher::{Prep, batches, make_batch};
use aula::data::ImageSet;
use aula::normalize::Normalize;
use aula::rng::Rng;

const SIDE: usize = 64;
const IMAGES: usize = 512;
const BATCH: usize = 64;

/// Smooth gradients with some noise, closer to photos than pure noise.
fn image_set() -> ImageSet {
    let mut rng = Rng::new(1);
    let mut pixels = Vec::with_capacity(IMAGES * SIDE * SIDE * 3);
    for i in 0..IMAGES {
        for y in 0..SIDE {
            for x in 0..SIDE {
                for k in 0..3 {
                    let base = (x * (k + 1) + y * (3 - k) + i) % 200;
                    pixels.push((base + rng.below(56)) as u8);
                }
            }
        }
    }
    ImageSet { width: SIDE, height: SIDE, channels: 3, pixels, labels: vec![0; IMAGES] }
}

/// Seconds this thread has run on a CPU (Linux), so a busy machine does not slow the
/// figures down; `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

/// Images per CPU second (per wall second where CPU time cannot be read) over whole
/// epochs of `set`, run for at least `min_time`.
fn rate(set: &ImageSet, prep: &Prep, min_time: Duration) -> f64 {
    let order: Vec<usize> = (0..set.len()).collect();
    let (start, cpu_start) = (Instant::now(), thread_cpu_seconds());
    let (mut images, mut epoch) = (0usize, 0usize);
    while start.elapsed() < min_time {
        epoch += 1;
        for indices in batches(&order, BATCH) {
            let batch = make_batch(set, indices, prep, Some((7, epoch)));
            black_box(&batch.inputs);
            images += indices.len();
        }
    }
    let seconds = match (cpu_start, thread_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => start.elapsed().as_secs_f64(),
    };
    images as f64 / seconds
}

/// 1234567.8 -> "1,234,568".
fn grouped(value: f64) -> String {
    let digits = format!("{:.0}", value);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn main() {
    let set = image_set();
    let normalize = Normalize::imagenet(3);
    let off = Augmentations::default();
    let cases: Vec<(&str, Augmentations)> = vec![
        ("normalize only (no augmentation)", off.clone()),
        (
            "RandomResizedCrop p=1",
            Augmentations {
                random_resized_crop: RandomResizedCrop { p: 1.0, ..Default::default() },
                ..off.clone()
            },
        ),
        ("HorizontalFlip p=1", Augmentations { horizontal_flip: 1.0, ..off.clone() }),
        ("VerticalFlip p=1", Augmentations { vertical_flip: 1.0, ..off.clone() }),
        (
            "ShiftScaleRotate p=1",
            Augmentations {
                shift_scale_rotate: ShiftScaleRotate { p: 1.0, ..Default::default() },
                ..off.clone()
            },
        ),
        (
            "RandomBrightnessContrast p=1",
            Augmentations {
                random_brightness_contrast: RandomBrightnessContrast { p: 1.0, ..Default::default() },
                ..off.clone()
            },
        ),
        (
            "GaussNoise p=1",
            Augmentations { gauss_noise: GaussNoise { p: 1.0, ..Default::default() }, ..off.clone() },
        ),
        (
            "typical pipeline (HFlip .5, SSR .5, RBC .5)",
            Augmentations {
                horizontal_flip: 0.5,
                shift_scale_rotate: ShiftScaleRotate { p: 0.5, ..Default::default() },
                random_brightness_contrast: RandomBrightnessContrast { p: 0.5, ..Default::default() },
                ..off.clone()
            },
        ),
        (
            "all ops p=1",
            Augmentations {
                random_resized_crop: RandomResizedCrop { p: 1.0, ..Default::default() },
                horizontal_flip: 1.0,
                vertical_flip: 1.0,
                shift_scale_rotate: ShiftScaleRotate { p: 1.0, ..Default::default() },
                random_brightness_contrast: RandomBrightnessContrast { p: 1.0, ..Default::default() },
                gauss_noise: GaussNoise { p: 1.0, ..Default::default() },
            },
        ),
    ];
    let clock = if thread_cpu_seconds().is_some() { "CPU time" } else { "wall time" };
    println!("one thread, batches of {BATCH}, images per second of {clock}, best of 3 runs");
    for (name, augment) in cases {
        let prep = Prep { normalize: normalize.clone(), augment };
        rate(&set, &prep, Duration::from_millis(100)); // warm-up
        let best = (0..3).map(|_| rate(&set, &prep, Duration::from_millis(300))).fold(0.0, f64::max);
        println!("augment+normalize {SIDE}x{SIDE}x3, {name}: {} images/s", grouped(best));
    }
}
