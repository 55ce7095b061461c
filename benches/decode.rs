//! Decode + resize throughput for the files a user's folder typically holds. Prints
//! images/s; no pass/fail. Run: `cargo bench --bench decode`.

use std::hint::black_box;
use std::io::Cursor;
use std::time::{Duration, Instant};

use aula::decode::decode_resized;
use image::{DynamicImage, ImageBuffer, ImageFormat, Rgb};

/// Smooth gradients plus noise: JPEG-compresses like a photo, not like a flat test card.
fn photo_like(width: u32, height: u32, seed: u32) -> DynamicImage {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let (w, h) = (width as f32, height as f32);
    DynamicImage::ImageRgb8(ImageBuffer::from_fn(width, height, |x, y| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let noise = (state >> 27) as f32 - 16.0;
        let (fx, fy) = (x as f32 / w, y as f32 / h);
        let wave = ((fx * 9.0 + seed as f32).sin() * (fy * 7.0).cos()) * 60.0;
        let channel = |base: f32| (base + wave + noise).clamp(0.0, 255.0) as u8;
        Rgb([channel(40.0 + 150.0 * fx), channel(60.0 + 120.0 * fy), channel(180.0 - 100.0 * fx * fy)])
    }))
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    match format {
        ImageFormat::Jpeg => image
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90))
            .unwrap(),
        _ => image.write_to(&mut out, format).unwrap(),
    }
    out.into_inner()
}

fn bench(label: &str, files: &[Vec<u8>], size: usize) {
    // Warm up, then run for about two seconds.
    for bytes in files {
        black_box(decode_resized(bytes, size, false).unwrap());
    }
    let start = Instant::now();
    let mut done = 0usize;
    while start.elapsed() < Duration::from_secs(2) {
        for bytes in files {
            black_box(decode_resized(black_box(bytes), size, false).unwrap());
            done += 1;
        }
    }
    let per_second = done as f64 / start.elapsed().as_secs_f64();
    let kb = files.iter().map(Vec::len).sum::<usize>() as f64 / files.len() as f64 / 1024.0;
    println!("{label} -> {size}x{size} RGB: {per_second:.0} images/s ({kb:.0} KB per file)");
}

/// The decoder alone, for comparison: what the resize adds is the difference.
fn bench_decode_only(label: &str, files: &[Vec<u8>]) {
    let start = Instant::now();
    let mut done = 0usize;
    while start.elapsed() < Duration::from_secs(2) {
        for bytes in files {
            black_box(image::load_from_memory(black_box(bytes)).unwrap());
            done += 1;
        }
    }
    let per_second = done as f64 / start.elapsed().as_secs_f64();
    println!("{label} (decode only, no resize): {per_second:.0} images/s");
}

/// The resize alone on an already decoded 1024x768 RGB image.
fn bench_resize_only() {
    let decoded = photo_like(1024, 768, 1).into_rgb8().into_raw();
    let start = Instant::now();
    let mut done = 0usize;
    while start.elapsed() < Duration::from_secs(1) {
        black_box(aula::decode::resize(black_box(&decoded), 1024, 768, 3, 64, 64));
        done += 1;
    }
    let per_second = done as f64 / start.elapsed().as_secs_f64();
    println!("resize only 1024x768 RGB -> 64x64: {per_second:.0} images/s");
}

fn main() {
    let files = |w, h, format| (0..8).map(|seed| encode(&photo_like(w, h, seed), format)).collect::<Vec<_>>();
    let large = files(1024, 768, ImageFormat::Jpeg);
    bench("decode+resize 1024x768 JPEG", &large, 64);
    bench_decode_only("decode 1024x768 JPEG", &large);
    bench_resize_only();
    bench("decode+resize 256x256 JPEG", &files(256, 256, ImageFormat::Jpeg), 64);
    bench("decode+resize 64x64 PNG", &files(64, 64, ImageFormat::Png), 64);
}
