//! The demo's sprite-sheet format, checked on a small sheet made here.

use aula::data::demo::{DemoManifest, DemoSplit, DemoSplits, decode_demo_split, demo_dataset};
use image::{GrayImage, ImageFormat, Luma};

fn manifest(per_class: usize) -> DemoManifest {
    let split = |file: &str| DemoSplit { file: file.into(), per_class, count: per_class * 3 };
    DemoManifest {
        name: "test".into(),
        width: 4,
        height: 2,
        channels: 1,
        tile_cols: 2,
        classes: vec!["a".into(), "b".into(), "c".into()],
        splits: DemoSplits { train: split("train.png"), val: split("val.png") },
    }
}

/// Tile i is filled with value i*10 + y.
fn sheet(count: usize, cols: usize) -> Vec<u8> {
    let rows = count.div_ceil(cols);
    let img = GrayImage::from_fn((cols * 4) as u32, (rows * 2) as u32, |x, y| {
        let i = (y as usize / 2) * cols + x as usize / 4;
        Luma([if i < count { (i * 10) as u8 + (y % 2) as u8 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn tiles_come_out_in_class_order() {
    let m = manifest(2);
    let set = decode_demo_split(&m, &m.splits.train, &sheet(6, 2)).unwrap();
    assert_eq!(set.len(), 6);
    assert_eq!(set.labels, vec![0, 0, 1, 1, 2, 2]);
    assert_eq!(set.image_len(), 8);
    assert_eq!(set.image(3), &[30, 30, 30, 30, 31, 31, 31, 31]);
}

#[test]
fn broken_sheets_are_refused_with_the_file_name() {
    let m = manifest(2);
    let err = decode_demo_split(&m, &m.splits.train, b"not a png").unwrap_err();
    assert!(err.contains("train.png"), "{err}");
    let err = decode_demo_split(&m, &m.splits.train, &sheet(2, 1)).unwrap_err();
    assert!(err.contains("too small"), "{err}");
    let data = demo_dataset(&m, &sheet(6, 2), &sheet(6, 2)).unwrap();
    assert_eq!(data.classes.len(), 3);
}
