//! Bytes of one image file -> a resized u8 image, or the reason it cannot be used.
//!
//! The header is read first and oversized images are refused before any pixel buffer
//! exists, so a "decompression bomb" cannot exhaust the worker's memory. Resizing is a
//! cheap integer box pre-shrink to 2-4x the target followed by a triangle (bilinear) filter
//! whose support widens with the scale: fast on one wasm thread, and free of the aliasing
//! that plain bilinear sampling shows on large downscales.

use std::fmt;
use std::io::Cursor;

use crate::config::Interpolation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

/// Larger files are refused before decoding (and before unpacking them from a .zip).
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// 64 megapixels: above any phone camera's photo, and 256 MB as RGBA, which a 32-bit wasm
/// heap can still hold next to the dataset.
pub const MAX_PIXELS: u64 = 64_000_000;

/// Why a file cannot be used. `Display` gives the reason shown to users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    Empty,
    NotImage,
    /// A recognised image format that is not decoded here (its name).
    Unsupported(String),
    TooLarge {
        width: u32,
        height: u32,
    },
    /// The file's size in bytes.
    FileTooLarge(u64),
    /// "<FORMAT>: <decoder message>".
    Corrupt(String),
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::Empty => write!(f, "empty file (0 bytes)"),
            Skip::NotImage => write!(f, "not an image (unrecognised content)"),
            Skip::Unsupported(format) => {
                write!(f, "unsupported format {format} (use JPEG, PNG, GIF, BMP or WebP)")
            }
            Skip::TooLarge { width, height } => write!(
                f,
                "{width}×{height} pixels is too large to decode safely (limit {} megapixels)",
                MAX_PIXELS / 1_000_000
            ),
            Skip::FileTooLarge(bytes) => write!(
                f,
                "file is {:.1} MB, over the {} MB limit per file",
                *bytes as f64 / (1u64 << 20) as f64,
                MAX_FILE_BYTES >> 20
            ),
            Skip::Corrupt(detail) => write!(f, "truncated or corrupt {detail}"),
        }
    }
}

/// Decodes `bytes` and resizes to `size` x `size` (aspect not kept, like `A.Resize`) with the
/// page's default filter: `size * size * (1 or 3)` bytes, HWC. Alpha is dropped, as
/// `cv2.imread` does.
pub fn decode_resized(bytes: &[u8], size: usize, grayscale: bool) -> Result<Vec<u8>, Skip> {
    decode_resized_as(bytes, size, grayscale, Interpolation::Antialias)
}

/// As `decode_resized`, with `interpolation`.
pub fn decode_resized_as(
    bytes: &[u8],
    size: usize,
    grayscale: bool,
    interpolation: Interpolation,
) -> Result<Vec<u8>, Skip> {
    let mut out = Vec::with_capacity(size * size * if grayscale { 1 } else { 3 });
    decode_resized_into(bytes, size, grayscale, interpolation, &mut out)?;
    Ok(out)
}

/// As `decode_resized_as`, appending to `out` (a dataset's pool) only on success.
pub fn decode_resized_into(
    bytes: &[u8],
    size: usize,
    grayscale: bool,
    interpolation: Interpolation,
    out: &mut Vec<u8>,
) -> Result<(), Skip> {
    assert!(size > 0, "image size must be positive");
    let (pixels, width, height, channels, orientation) = decode(bytes)?;
    let want = if grayscale { 1 } else { 3 };
    // Resize with the source's own channel count; colour <-> gray on the small result is cheaper.
    let resized = resize_as(&pixels, width, height, channels, size, size, interpolation);
    drop(pixels);
    let mut small = match (channels, want) {
        (3, 1) => to_luma(&resized),
        (1, 3) => resized.iter().flat_map(|&v| [v, v, v]).collect(),
        _ => resized,
    };
    if let Some(orientation) = orientation {
        small = orient(small, size, want, orientation);
    }
    out.extend_from_slice(&small);
    Ok(())
}

/// The decoded image as 8-bit gray or RGB, with the EXIF orientation still to apply.
type Decoded = (Vec<u8>, usize, usize, usize, Option<image::metadata::Orientation>);

fn decode(bytes: &[u8]) -> Result<Decoded, Skip> {
    if bytes.is_empty() {
        return Err(Skip::Empty);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Skip::FileTooLarge(bytes.len() as u64));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Skip::Corrupt(format!("file: {e}")))?;
    let format = match reader.format() {
        Some(format) => format,
        None => return Err(sniff_unsupported(bytes).map_or(Skip::NotImage, |f| Skip::Unsupported(f.into()))),
    };
    let name = format_name(format);
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::Bmp | ImageFormat::WebP
    ) {
        return Err(Skip::Unsupported(name.into()));
    }
    // Second guard, inside the decoders: 16-bit RGBA at the pixel limit is the largest buffer.
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let corrupt = |e: ImageError| Skip::Corrupt(format!("{name}: {e}"));

    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(Skip::Corrupt(format!("{name}: the header says {width}×{height} pixels")));
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Skip::TooLarge { width, height });
    }
    let orientation = decoder.orientation().ok().filter(|o| *o != image::metadata::Orientation::NoTransforms);
    if format == ImageFormat::Jpeg && !has_end_marker(bytes) {
        // The JPEG decoder fills a cut-off file with gray rather than failing.
        return Err(Skip::Corrupt(format!("{name}: the file ends before the image data does")));
    }
    let image = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        ImageError::Limits(_) => Skip::TooLarge { width, height },
        other => corrupt(other),
    })?;
    let (w, h) = (width as usize, height as usize);
    Ok(match image {
        DynamicImage::ImageLuma8(gray) => (gray.into_raw(), w, h, 1, orientation),
        DynamicImage::ImageLumaA8(gray) => {
            (gray.into_raw().chunks_exact(2).map(|p| p[0]).collect(), w, h, 1, orientation)
        }
        gray @ (DynamicImage::ImageLuma16(_) | DynamicImage::ImageLumaA16(_)) => {
            (gray.into_luma8().into_raw(), w, h, 1, orientation)
        }
        colour => (colour.into_rgb8().into_raw(), w, h, 3, orientation),
    })
}

/// An end-of-image marker (FF D9) near the end; some cameras append a few bytes after it.
fn has_end_marker(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    tail.windows(2).any(|pair| pair == [0xFF, 0xD9])
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "PNG",
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Gif => "GIF",
        ImageFormat::WebP => "WebP",
        ImageFormat::Bmp => "BMP",
        ImageFormat::Tiff => "TIFF",
        ImageFormat::Pnm => "PNM",
        ImageFormat::Tga => "TGA",
        ImageFormat::Dds => "DDS",
        ImageFormat::Ico => "ICO",
        ImageFormat::Hdr => "HDR",
        ImageFormat::OpenExr => "OpenEXR",
        ImageFormat::Farbfeld => "farbfeld",
        ImageFormat::Avif => "AVIF",
        ImageFormat::Qoi => "QOI",
        _ => "unknown",
    }
}

/// Common image formats the `image` crate does not recognise, so the reason can name them.
fn sniff_unsupported(bytes: &[u8]) -> Option<&'static str> {
    let brand = bytes.get(4..12);
    if brand.is_some_and(|b| b.starts_with(b"ftyp")) {
        let brand = &bytes[8..12];
        return match brand {
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1" => Some("HEIC"),
            b"avif" | b"avis" => Some("AVIF"),
            _ => None,
        };
    }
    if bytes.starts_with(b"8BPS") {
        Some("PSD")
    } else if bytes.starts_with(b"%PDF") {
        Some("PDF")
    } else if bytes.starts_with(&[0xFF, 0x0A]) || bytes.starts_with(b"\0\0\0\x0cJXL ") {
        Some("JPEG XL")
    } else if bytes.starts_with(b"icns") {
        Some("ICNS")
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
        head.contains("<svg").then_some("SVG")
    }
}

/// BT.601 luma, as OpenCV and torchvision compute gray.
fn to_luma(rgb: &[u8]) -> Vec<u8> {
    rgb.chunks_exact(3)
        .map(|p| ((19595 * p[0] as u32 + 38470 * p[1] as u32 + 7471 * p[2] as u32 + 32768) >> 16) as u8)
        .collect()
}

fn orient(
    pixels: Vec<u8>,
    size: usize,
    channels: usize,
    orientation: image::metadata::Orientation,
) -> Vec<u8> {
    let side = size as u32;
    let mut image = if channels == 1 {
        DynamicImage::ImageLuma8(image::GrayImage::from_raw(side, side, pixels).expect("size*size"))
    } else {
        DynamicImage::ImageRgb8(image::RgbImage::from_raw(side, side, pixels).expect("size*size*3"))
    };
    image.apply_orientation(orientation);
    image.into_bytes()
}

/// Resizes an HWC u8 image to `out_w` x `out_h` with the page's antialiased filter.
pub fn resize(
    pixels: &[u8],
    width: usize,
    height: usize,
    channels: usize,
    out_w: usize,
    out_h: usize,
) -> Vec<u8> {
    resize_as(pixels, width, height, channels, out_w, out_h, Interpolation::Antialias)
}

/// Resizes an HWC u8 image to `out_w` x `out_h` with `interpolation`; OpenCV's filters
/// (`Linear`, `Area`) give `cv2.resize`'s pixels to one grey level.
pub fn resize_as(
    pixels: &[u8],
    width: usize,
    height: usize,
    channels: usize,
    out_w: usize,
    out_h: usize,
    interpolation: Interpolation,
) -> Vec<u8> {
    if width == out_w && height == out_h {
        return pixels.to_vec();
    }
    match interpolation {
        Interpolation::Antialias => {}
        Interpolation::Linear => {
            let (columns, rows) = (linear_weights(width, out_w, false), linear_weights(height, out_h, false));
            return separable_resize(pixels, width, height, channels, &columns, &rows);
        }
        // OpenCV averages areas only when neither side grows; otherwise both use its
        // "area mode" of the bilinear filter.
        Interpolation::Area if width >= out_w && height >= out_h => {
            return separable_resize(
                pixels,
                width,
                height,
                channels,
                &area_weights(width, out_w),
                &area_weights(height, out_h),
            );
        }
        Interpolation::Area => {
            let (columns, rows) = (linear_weights(width, out_w, true), linear_weights(height, out_h, true));
            return separable_resize(pixels, width, height, channels, &columns, &rows);
        }
    }
    // Integer box pre-shrink to 2-4x the target: averages every source pixel once, and
    // leaves the triangle filter only a few taps per output pixel.
    let step_x = (width / (2 * out_w)).max(1);
    let step_y = (height / (2 * out_h)).max(1);
    let shrunk;
    let (src, w, h) = if step_x > 1 || step_y > 1 {
        let (w, h) = (width / step_x, height / step_y);
        shrunk = box_shrink(pixels, width, height, channels, w, h);
        (&shrunk[..], w, h)
    } else {
        (pixels, width, height)
    };
    separable_resize(src, w, h, channels, &triangle_weights(w, out_w), &triangle_weights(h, out_h))
}

/// Averages blocks of whole pixels; block edges at `i * width / w` so every pixel counts once.
fn box_shrink(pixels: &[u8], width: usize, height: usize, channels: usize, w: usize, h: usize) -> Vec<u8> {
    // A constant channel count lets the compiler unroll the per-pixel sums.
    match channels {
        1 => box_shrink_n::<1>(pixels, width, height, w, h),
        3 => box_shrink_n::<3>(pixels, width, height, w, h),
        4 => box_shrink_n::<4>(pixels, width, height, w, h),
        _ => unreachable!("decode yields 1 or 3 channels"),
    }
}

fn box_shrink_n<const C: usize>(pixels: &[u8], width: usize, height: usize, w: usize, h: usize) -> Vec<u8> {
    let edges: Vec<usize> = (0..=w).map(|i| i * width / w).collect();
    let mut out = Vec::with_capacity(w * h * C);
    let mut sums = vec![[0u32; C]; w];
    for j in 0..h {
        let (y0, y1) = (j * height / h, (j + 1) * height / h);
        sums.fill([0; C]);
        for y in y0..y1 {
            let (row, _) = pixels[y * width * C..(y + 1) * width * C].as_chunks::<C>();
            for (sum, span) in sums.iter_mut().zip(edges.windows(2)) {
                for pixel in &row[span[0]..span[1]] {
                    for c in 0..C {
                        sum[c] += pixel[c] as u32;
                    }
                }
            }
        }
        for (sum, span) in sums.iter().zip(edges.windows(2)) {
            let count = ((y1 - y0) * (span[1] - span[0])) as u32;
            out.extend(sum.iter().map(|&s| ((s + count / 2) / count) as u8));
        }
    }
    out
}

/// For each output index: the first source index and the normalised weights from there on.
fn triangle_weights(input: usize, output: usize) -> Vec<(usize, Vec<f32>)> {
    let scale = input as f32 / output as f32;
    // Widening the support when shrinking makes the filter average, not skip, pixels.
    let radius = scale.max(1.0);
    (0..output)
        .map(|i| {
            let centre = (i as f32 + 0.5) * scale;
            let first = ((centre - radius).floor().max(0.0)) as usize;
            let last = ((centre + radius).ceil() as usize).min(input);
            let mut weights: Vec<f32> =
                (first..last).map(|x| (1.0 - ((x as f32 + 0.5 - centre) / radius).abs()).max(0.0)).collect();
            // Never zero: the pixel under the centre is always within the support.
            let total: f32 = weights.iter().sum();
            weights.iter_mut().for_each(|w| *w /= total);
            (first, weights)
        })
        .collect()
}

/// OpenCV's bilinear taps along one axis (`cv::resize`, 8-bit): the source position
/// `(i + 0.5) * scale - 0.5` (in `area_mode`, INTER_AREA's enlarging variant), clamped to the
/// edge pixels, with OpenCV's 11-bit fixed-point weights.
fn linear_weights(input: usize, output: usize, area_mode: bool) -> Vec<(usize, Vec<f32>)> {
    // As OpenCV computes them: the scale is 1 / (dst / src), which can fall just under a whole
    // number where src / dst is one (204 -> 224 at pixel 56), and its floor then differs.
    let inverse = output as f64 / input as f64;
    let scale = 1.0 / inverse;
    (0..output)
        .map(|i| {
            let (mut start, mut fraction) = if area_mode {
                let start = (i as f64 * scale).floor();
                let f = ((i + 1) as f64 - (start + 1.0) * inverse) as f32;
                (start as isize, if f <= 0.0 { 0.0 } else { f - f.floor() })
            } else {
                let position = ((i as f64 + 0.5) * scale - 0.5) as f32;
                let start = position.floor();
                (start as isize, position - start)
            };
            if start < 0 {
                (start, fraction) = (0, 0.0);
            }
            if start as usize >= input - 1 {
                (start, fraction) = (input as isize - 1, 0.0);
            }
            let fixed = |w: f32| (w * 2048.0).round() / 2048.0;
            let weights =
                if fraction == 0.0 { vec![1.0] } else { vec![fixed(1.0 - fraction), fixed(fraction)] };
            (start as usize, weights)
        })
        .collect()
}

/// OpenCV's INTER_AREA taps when shrinking: each output pixel averages the source span
/// `[i * scale, (i + 1) * scale)`, partial pixels weighted by the part inside.
fn area_weights(input: usize, output: usize) -> Vec<(usize, Vec<f32>)> {
    let scale = 1.0 / (output as f64 / input as f64);
    (0..output)
        .map(|i| {
            let (from, to) = (i as f64 * scale, (i + 1) as f64 * scale);
            let first = from.floor() as usize;
            let last = (to.ceil() as usize).min(input);
            let weights = (first..last)
                .map(|x| ((to.min(x as f64 + 1.0) - from.max(x as f64)).max(0.0) / scale) as f32)
                .collect();
            (first, weights)
        })
        .collect()
}

/// A horizontal pass with `columns`' taps into f32 rows, then a vertical pass with `rows`'
/// taps, rounded to u8.
fn separable_resize(
    pixels: &[u8],
    width: usize,
    height: usize,
    channels: usize,
    columns: &[(usize, Vec<f32>)],
    rows: &[(usize, Vec<f32>)],
) -> Vec<u8> {
    let (out_w, out_h) = (columns.len(), rows.len());
    // Horizontal pass into f32 rows, then the vertical pass rounds to u8.
    let mut horizontal = vec![0f32; height * out_w * channels];
    for y in 0..height {
        let row = &pixels[y * width * channels..(y + 1) * width * channels];
        let out_row = &mut horizontal[y * out_w * channels..(y + 1) * out_w * channels];
        for (x, (first, weights)) in columns.iter().enumerate() {
            let out_pixel = &mut out_row[x * channels..(x + 1) * channels];
            for (k, &weight) in weights.iter().enumerate() {
                let src = &row[(first + k) * channels..(first + k + 1) * channels];
                for (o, &v) in out_pixel.iter_mut().zip(src) {
                    *o += weight * v as f32;
                }
            }
        }
    }
    let line = out_w * channels;
    let mut out = Vec::with_capacity(out_h * line);
    let mut acc = vec![0f32; line];
    for (first, weights) in rows {
        acc.fill(0.0);
        for (k, &weight) in weights.iter().enumerate() {
            let src = &horizontal[(first + k) * line..(first + k + 1) * line];
            for (a, &v) in acc.iter_mut().zip(src) {
                *a += weight * v;
            }
        }
        out.extend(acc.iter().map(|&v| (v + 0.5).clamp(0.0, 255.0) as u8));
    }
    out
}
