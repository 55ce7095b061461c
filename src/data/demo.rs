//! The built-in demo set: a Fashion-MNIST subset as two PNG sprite sheets and a manifest.

use serde::{Deserialize, Serialize};

use crate::data::{Dataset, ImageSet};

/// `demo.json`, written by `scripts/make-demo.mjs` beside the sprite sheets.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct DemoManifest {
    pub name: String,
    pub width: usize,
    pub height: usize,
    pub channels: usize,
    pub tile_cols: usize,
    pub classes: Vec<String>,
    pub splits: DemoSplits,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct DemoSplits {
    pub train: DemoSplit,
    pub val: DemoSplit,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct DemoSplit {
    pub file: String,
    pub per_class: usize,
    pub count: usize,
}

/// Cuts one split out of its sprite sheet: grayscale tiles, class 0's first, row-major.
pub fn decode_demo_split(manifest: &DemoManifest, split: &DemoSplit, png: &[u8]) -> Result<ImageSet, String> {
    let sheet = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .map_err(|e| format!("{}: not a readable PNG ({e})", split.file))?
        .into_luma8();
    let (w, h) = (manifest.width, manifest.height);
    let cols = manifest.tile_cols;
    let rows = split.count.div_ceil(cols);
    if manifest.channels != 1 || split.count != split.per_class * manifest.classes.len() {
        return Err(format!("{}: manifest counts do not add up", split.file));
    }
    if (sheet.width() as usize) < cols * w || (sheet.height() as usize) < rows * h {
        return Err(format!(
            "{}: sheet is {}x{}, too small for {} tiles of {w}x{h}",
            split.file,
            sheet.width(),
            sheet.height(),
            split.count
        ));
    }
    let stride = sheet.width() as usize;
    let raw = sheet.as_raw();
    let mut pixels = Vec::with_capacity(split.count * w * h);
    for i in 0..split.count {
        let (tx, ty) = ((i % cols) * w, (i / cols) * h);
        for y in 0..h {
            let start = (ty + y) * stride + tx;
            pixels.extend_from_slice(&raw[start..start + w]);
        }
    }
    let labels = (0..split.count).map(|i| (i / split.per_class) as u32).collect();
    Ok(ImageSet { width: w, height: h, channels: 1, pixels, labels })
}

/// Builds the demo dataset from the manifest and the two sheets' bytes.
pub fn demo_dataset(manifest: &DemoManifest, train_png: &[u8], val_png: &[u8]) -> Result<Dataset, String> {
    Ok(Dataset::from_sets(
        manifest.classes.clone(),
        decode_demo_split(manifest, &manifest.splits.train, train_png)?,
        decode_demo_split(manifest, &manifest.splits.val, val_png)?,
        ImageSet::default(),
    ))
}
