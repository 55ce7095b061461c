//! Decoding every accepted format to a resized u8 image, and the reason for each bad file.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Cursor;

use aula::config::Interpolation;
use aula::data::decode::{MAX_FILE_BYTES, Skip, decode_resized, resize, resize_as};
use image::{DynamicImage, ImageBuffer, ImageFormat, Luma, Rgb, Rgba};

// ---- A per-thread allocation counter, to prove a bomb is refused without its buffer. ----

struct Counting;

thread_local! {
    // Const-initialised cells need no allocation, so the allocator may touch them.
    static ARMED: Cell<bool> = const { Cell::new(false) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    if ARMED.with(Cell::get) {
        let live = LIVE.with(|l| {
            l.set(l.get() + delta);
            l.get()
        });
        PEAK.with(|p| p.set(p.get().max(live)));
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the most bytes this thread held at once meanwhile.
fn peak_allocation<T>(f: impl FnOnce() -> T) -> (T, usize) {
    LIVE.with(|l| l.set(0));
    PEAK.with(|p| p.set(0));
    ARMED.with(|a| a.set(true));
    let result = f();
    ARMED.with(|a| a.set(false));
    (result, PEAK.with(Cell::get).max(0) as usize)
}

// ---- Test images, encoded in memory. ----

fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, format).unwrap();
    bytes.into_inner()
}

const COLOUR: [u8; 3] = [200, 50, 100];
/// BT.601 luma of COLOUR: 0.299*200 + 0.587*50 + 0.114*100.
const COLOUR_LUMA: u8 = 101;

fn solid_rgb(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(ImageBuffer::from_pixel(width, height, Rgb(COLOUR)))
}

/// Deterministic noise, so compressed files are big enough to cut in half meaningfully.
fn noise_rgb(width: u32, height: u32) -> DynamicImage {
    let mut state = 12345u32;
    DynamicImage::ImageRgb8(ImageBuffer::from_fn(width, height, |_, _| {
        let mut next = || {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        };
        Rgb([next(), next(), next()])
    }))
}

fn palette_png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    // Index 1 is COLOUR; index 0 is never used.
    encoder.set_palette(vec![0, 0, 0, COLOUR[0], COLOUR[1], COLOUR[2]]);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&vec![1u8; (width * height) as usize]).unwrap();
    writer.finish().unwrap();
    bytes
}

fn assert_colour(pixels: &[u8], expected: &[u8], tolerance: u8, what: &str) {
    for (i, pixel) in pixels.chunks_exact(expected.len()).enumerate() {
        for (&got, &want) in pixel.iter().zip(expected) {
            assert!(
                got.abs_diff(want) <= tolerance,
                "{what}: pixel {i} is {pixel:?}, expected about {expected:?}"
            );
        }
    }
}

/// Every accepted kind of file, as (name, bytes, colour tolerance).
fn every_format() -> Vec<(&'static str, Vec<u8>, u8)> {
    let rgb = solid_rgb(40, 30);
    let rgb16 =
        DynamicImage::ImageRgb16(ImageBuffer::from_pixel(40, 30, Rgb(COLOUR.map(|c| c as u16 * 257))));
    let rgba = DynamicImage::ImageRgba8(ImageBuffer::from_pixel(
        40,
        30,
        Rgba([COLOUR[0], COLOUR[1], COLOUR[2], 128]),
    ));
    vec![
        ("JPEG", encode(&rgb, ImageFormat::Jpeg), 6),
        ("PNG RGB", encode(&rgb, ImageFormat::Png), 0),
        ("PNG 16-bit", encode(&rgb16, ImageFormat::Png), 0),
        ("PNG RGBA", encode(&rgba, ImageFormat::Png), 0),
        ("PNG palette", palette_png(40, 30), 0),
        ("GIF", encode(&DynamicImage::ImageRgba8(rgb.to_rgba8()), ImageFormat::Gif), 4),
        ("BMP", encode(&rgb, ImageFormat::Bmp), 0),
        ("WebP lossless", encode(&rgb, ImageFormat::WebP), 0),
    ]
}

#[test]
fn every_format_decodes_to_the_right_size_and_keeps_its_colour() {
    for (name, bytes, tolerance) in every_format() {
        for size in [16, 64] {
            let rgb = decode_resized(&bytes, size, false).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(rgb.len(), size * size * 3, "{name}");
            assert_colour(&rgb, &COLOUR, tolerance, name);

            let gray = decode_resized(&bytes, size, true).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(gray.len(), size * size, "{name}");
            assert_colour(&gray, &[COLOUR_LUMA], tolerance + 1, name);
        }
    }
}

#[test]
fn gray_pngs_decode_to_gray_or_replicated_rgb() {
    for image in [
        DynamicImage::ImageLuma8(ImageBuffer::from_pixel(20, 20, Luma([77u8]))),
        DynamicImage::ImageLuma16(ImageBuffer::from_pixel(20, 20, Luma([77u16 * 257]))),
    ] {
        let bytes = encode(&image, ImageFormat::Png);
        let gray = decode_resized(&bytes, 32, true).unwrap();
        assert_eq!(gray.len(), 32 * 32);
        assert_colour(&gray, &[77], 0, "gray");
        let rgb = decode_resized(&bytes, 32, false).unwrap();
        assert_eq!(rgb.len(), 32 * 32 * 3);
        assert_colour(&rgb, &[77, 77, 77], 0, "gray as RGB");
    }
}

#[test]
fn gif_decodes_its_first_frame() {
    use image::codecs::gif::GifEncoder;
    use image::{Delay, Frame};
    let mut bytes = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut bytes);
        let first = ImageBuffer::from_pixel(8, 8, Rgba([255, 0, 0, 255]));
        let second = ImageBuffer::from_pixel(8, 8, Rgba([0, 0, 255, 255]));
        for frame in [first, second] {
            encoder.encode_frame(Frame::from_parts(frame, 0, 0, Delay::from_numer_denom_ms(100, 1))).unwrap();
        }
    }
    let rgb = decode_resized(&bytes, 4, false).unwrap();
    assert_colour(&rgb, &[255, 0, 0], 4, "first GIF frame");
}

#[test]
fn alpha_is_dropped_not_blended() {
    let transparent = DynamicImage::ImageRgba8(ImageBuffer::from_pixel(10, 10, Rgba([10, 220, 30, 0])));
    let rgb = decode_resized(&encode(&transparent, ImageFormat::Png), 10, false).unwrap();
    assert_colour(&rgb, &[10, 220, 30], 0, "transparent pixels keep their colour");
}

#[test]
fn resize_is_exact_size_and_aspect_is_not_kept() {
    // A wide image, left half black and right half white, squeezed to a square.
    let wide = DynamicImage::ImageLuma8(ImageBuffer::from_fn(400, 100, |x, _| {
        Luma([if x < 200 { 0 } else { 255 }])
    }));
    let gray = decode_resized(&encode(&wide, ImageFormat::Png), 20, true).unwrap();
    assert_eq!(gray.len(), 400);
    for row in gray.chunks_exact(20) {
        assert!(row[..9].iter().all(|&v| v < 10), "{row:?}");
        assert!(row[11..].iter().all(|&v| v > 245), "{row:?}");
    }
    // Same size: unchanged.
    let noise = noise_rgb(24, 24);
    let same = decode_resized(&encode(&noise, ImageFormat::Png), 24, false).unwrap();
    assert_eq!(same, noise.to_rgb8().into_raw());
}

#[test]
fn large_downscales_average_instead_of_aliasing() {
    // One-pixel stripes: sampling would give black or white, averaging gives mid-gray.
    let stripes =
        ImageBuffer::<Luma<u8>, _>::from_fn(1024, 768, |x, _| Luma([if x % 2 == 0 { 0 } else { 255 }]));
    let small = resize(stripes.as_raw(), 1024, 768, 1, 64, 64);
    assert_eq!(small.len(), 64 * 64);
    assert!(small.iter().all(|&v| (120..=135).contains(&v)), "{:?}", &small[..16]);

    // A horizontal ramp stays a ramp.
    let ramp = ImageBuffer::<Luma<u8>, _>::from_fn(1000, 10, |x, _| Luma([(x * 255 / 999) as u8]));
    let small = resize(ramp.as_raw(), 1000, 10, 1, 50, 5);
    let row = &small[..50];
    assert!(row.windows(2).all(|w| w[0] <= w[1]), "{row:?}");
    assert!(row[0] < 10 && row[49] > 245, "{row:?}");
}

#[test]
fn upscaling_interpolates() {
    // 2x1 black|white to 4x1: edges keep their value, the middle blends (bilinear).
    let up = resize(&[0, 255], 2, 1, 1, 4, 1);
    assert_eq!(up[0], 0);
    assert_eq!(up[3], 255);
    assert!(up[1] > 0 && up[1] < 128 && up[2] > 128 && up[2] < 255, "{up:?}");
}

// ---- Files that cannot be used. ----

#[test]
fn empty_file() {
    assert_eq!(decode_resized(&[], 32, false), Err(Skip::Empty));
    assert_eq!(Skip::Empty.to_string(), "empty file (0 bytes)");
}

#[test]
fn text_file_is_not_an_image() {
    let skip = decode_resized(b"cat,dog\n1,2\n", 32, false).unwrap_err();
    assert_eq!(skip, Skip::NotImage);
    assert_eq!(skip.to_string(), "not an image (unrecognised content)");
}

#[test]
fn truncated_png_is_corrupt() {
    let bytes = encode(&noise_rgb(64, 64), ImageFormat::Png);
    let skip = decode_resized(&bytes[..bytes.len() / 2], 32, false).unwrap_err();
    assert!(matches!(skip, Skip::Corrupt(_)), "{skip:?}");
    assert!(skip.to_string().starts_with("truncated or corrupt PNG: "), "{skip}");
    // Cut inside the header too.
    let skip = decode_resized(&bytes[..20], 32, false).unwrap_err();
    assert!(matches!(skip, Skip::Corrupt(_)), "{skip:?}");
}

#[test]
fn truncated_jpeg_is_corrupt() {
    let bytes = encode(&noise_rgb(256, 256), ImageFormat::Jpeg);
    assert!(decode_resized(&bytes, 32, false).is_ok());
    let skip = decode_resized(&bytes[..bytes.len() / 2], 32, false).unwrap_err();
    assert!(matches!(skip, Skip::Corrupt(_)), "{skip:?}");
    assert!(skip.to_string().starts_with("truncated or corrupt JPEG: "), "{skip}");
}

#[test]
fn corrupt_pixel_data_is_reported() {
    let mut bytes = encode(&noise_rgb(64, 64), ImageFormat::Png);
    // Scramble the compressed data after the header chunk (IHDR ends at byte 33).
    let len = bytes.len();
    for b in &mut bytes[60..len - 20] {
        *b = b.wrapping_mul(31).wrapping_add(7);
    }
    let skip = decode_resized(&bytes, 32, false).unwrap_err();
    assert!(matches!(skip, Skip::Corrupt(_)), "{skip:?}");
}

#[test]
fn unsupported_formats_are_named() {
    let tiff = b"II*\0\x08\0\0\0\0\0\0\0\0\0\0\0";
    let skip = decode_resized(tiff, 32, false).unwrap_err();
    assert_eq!(skip, Skip::Unsupported("TIFF".into()));
    assert_eq!(skip.to_string(), "unsupported format TIFF (use JPEG, PNG, GIF, BMP or WebP)");

    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
    assert_eq!(decode_resized(heic, 32, false), Err(Skip::Unsupported("HEIC".into())));
    let svg = b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>";
    assert_eq!(decode_resized(svg, 32, false), Err(Skip::Unsupported("SVG".into())));
}

#[test]
fn files_over_the_byte_limit_are_refused_unread() {
    let big = vec![0u8; MAX_FILE_BYTES as usize + 1];
    let skip = decode_resized(&big, 32, false).unwrap_err();
    assert_eq!(skip, Skip::FileTooLarge(MAX_FILE_BYTES + 1));
    assert!(skip.to_string().contains("over the 64 MB limit"), "{skip}");
}

// ---- Decompression bombs: a header that claims a huge image. ----

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= byte as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

/// A zlib stream of one uncompressed block.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01, 0x01];
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(&(!(data.len() as u16)).to_le_bytes());
    out.extend_from_slice(data);
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + byte as u32) % 65521;
        b = (b + a) % 65521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// A valid-looking PNG whose IHDR says `side` x `side` RGB, with a tiny IDAT.
fn png_bomb(side: u32) -> Vec<u8> {
    let mut ihdr = side.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&side.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    // Enough zeros for one row of a 1x1 image (filter byte + RGB); a big image's are missing.
    let idat = zlib_stored(&[0; 4]);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(chunk(b"IHDR", &ihdr));
    bytes.extend(chunk(b"IDAT", &idat));
    bytes.extend(chunk(b"IEND", &[]));
    bytes
}

/// A BMP whose header says `side` x `side` at 24 bits, with no pixel data.
fn bmp_bomb(side: u32) -> Vec<u8> {
    let mut bytes = b"BM".to_vec();
    bytes.extend_from_slice(&(54u32 + 64).to_le_bytes()); // file size (a lie)
    bytes.extend_from_slice(&[0; 4]);
    bytes.extend_from_slice(&54u32.to_le_bytes()); // pixel data offset
    bytes.extend_from_slice(&40u32.to_le_bytes()); // BITMAPINFOHEADER
    bytes.extend_from_slice(&(side as i32).to_le_bytes());
    bytes.extend_from_slice(&(side as i32).to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&24u16.to_le_bytes());
    bytes.extend_from_slice(&[0; 24]);
    bytes.extend_from_slice(&[0; 64]);
    bytes
}

#[test]
fn the_hand_built_png_header_is_valid() {
    // A small image with the same construction decodes (black first row), so the bomb below
    // is refused for its size and not for a broken header.
    let small = png_bomb(1);
    assert_eq!(decode_resized(&small, 2, false), Ok(vec![0; 12]));
}

#[test]
fn a_30000_square_png_is_refused_without_allocating_it() {
    let bomb = png_bomb(30_000);
    let (result, peak) = peak_allocation(|| decode_resized(&bomb, 64, false));
    let skip = result.unwrap_err();
    assert_eq!(skip, Skip::TooLarge { width: 30_000, height: 30_000 });
    assert_eq!(skip.to_string(), "30000×30000 pixels is too large to decode safely (limit 64 megapixels)");
    // The image would be 2.7 GB; the check itself needs next to nothing.
    assert!(peak < 16 << 20, "peak allocation {peak} bytes");
}

#[test]
fn a_30000_square_bmp_is_refused_without_allocating_it() {
    let bomb = bmp_bomb(30_000);
    let (result, peak) = peak_allocation(|| decode_resized(&bomb, 64, false));
    assert_eq!(result, Err(Skip::TooLarge { width: 30_000, height: 30_000 }));
    assert!(peak < 16 << 20, "peak allocation {peak} bytes");
}

#[test]
fn the_allocation_counter_sees_big_allocations() {
    // Guards the two tests above: the counter must notice a buffer of the bomb's order.
    let (_, peak) = peak_allocation(|| std::hint::black_box(vec![1u8; 32 << 20]).len());
    assert!(peak >= 32 << 20, "peak {peak}");
}

#[test]
fn opencv_linear_and_area_follow_their_definitions() {
    let (linear, area) = (Interpolation::Linear, Interpolation::Area);
    // Enlarging 2 -> 4: OpenCV's INTER_LINEAR samples at (x + 0.5) / 2 - 0.5, edges clamped.
    assert_eq!(resize_as(&[0, 255], 2, 1, 1, 4, 1, linear), [0, 64, 191, 255]);
    // INTER_AREA enlarging 2 -> 4 is its "area mode" bilinear: whole source pixels, one step between.
    assert_eq!(resize_as(&[0, 255], 2, 1, 1, 4, 1, area), [0, 0, 255, 255]);
    // Shrinking 5 -> 2: linear samples at 0.75 and 3.25 (pixel 2 is skipped)...
    let row = [0, 40, 80, 120, 160];
    assert_eq!(resize_as(&row, 5, 1, 1, 2, 1, linear), [30, 130]);
    // ... area averages [0, 2.5) and [2.5, 5), the middle pixel half in each.
    assert_eq!(resize_as(&row, 5, 1, 1, 2, 1, area), [32, 128]);
    assert_eq!(resize_as(&[30, 90, 180, 240], 4, 1, 1, 3, 1, area), [45, 135, 225]);
    // Both keep a flat image flat, in both directions and channel counts.
    let flat = vec![77u8; 9 * 7 * 3];
    for interpolation in [linear, area, Interpolation::Antialias] {
        assert!(resize_as(&flat, 9, 7, 3, 4, 5, interpolation).iter().all(|&v| v == 77));
        assert!(resize_as(&flat, 9, 7, 3, 20, 3, interpolation).iter().all(|&v| v == 77));
    }
}

#[test]
fn opencv_area_enlarging_rounds_its_scale_as_opencv_does() {
    // 204 -> 224: OpenCV's scale is 1 / (224 / 204), just under 51/56 * ... so at pixel 56 the
    // source column is floor(56 * scale) = 50, not 51 (a gradient shows which column it took).
    let row: Vec<u8> = (0..204).map(|x| x as u8).collect();
    let out = resize_as(&row, 204, 1, 1, 224, 1, Interpolation::Area);
    assert_eq!(out[56], 50);
}
