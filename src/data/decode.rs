//! Bytes of one image file -> a resized u8 image, or the reason it cannot be used.
//!
//! The header is read first and oversized images are refused before any pixel buffer
//! exists, so a "decompression bomb" cannot exhaust the worker's memory. The resize itself
//! is `resize`'s.

use std::fmt;
use std::io::Cursor;

use super::notes::SkipNote;
pub use super::resize::{resize, resize_as};
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

impl From<&Skip> for SkipNote {
    fn from(skip: &Skip) -> Self {
        match skip {
            Skip::Empty => SkipNote::Empty,
            Skip::NotImage => SkipNote::NotImage,
            Skip::Unsupported(format) => SkipNote::Unsupported { format: format.clone() },
            Skip::TooLarge { width, height } => {
                SkipNote::TooManyPixels { width: *width, height: *height, limit: MAX_PIXELS / 1_000_000 }
            }
            Skip::FileTooLarge(bytes) => SkipNote::FileTooLarge {
                megabytes: format!("{:.1}", *bytes as f64 / (1u64 << 20) as f64),
                limit: MAX_FILE_BYTES >> 20,
            },
            Skip::Corrupt(detail) => SkipNote::Corrupt { detail: detail.clone() },
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&SkipNote::from(self).english())
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
