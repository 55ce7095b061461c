//! Decoded images kept as u8 (never f32 for the whole set), and a dataset's splits.

use crate::data::shape::ImageShape;
use crate::protocol::ImageBlock;

/// Gallery thumbnails: at most this many images, each at most this many pixels a side.
pub const THUMB_COUNT: usize = 3000;
pub const THUMB_SIDE: usize = 48;

/// Images of one split, all the same size, stored back to back as u8, HWC order.
#[derive(Clone, Debug, Default)]
pub struct ImageSet {
    pub width: usize,
    pub height: usize,
    pub channels: usize,
    pub pixels: Vec<u8>,
    pub labels: Vec<u32>,
}

impl ImageSet {
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The size of every image in the set.
    pub fn shape(&self) -> ImageShape {
        ImageShape::new(self.width, self.height, self.channels)
    }

    /// Values per image: the MLP's input width.
    pub fn image_len(&self) -> usize {
        self.width * self.height * self.channels
    }

    pub fn image(&self, index: usize) -> &[u8] {
        let n = self.image_len();
        &self.pixels[index * n..(index + 1) * n]
    }

    /// The first `max_count` images, shrunk by a whole factor (box average) until each side
    /// is at most `max_side`: small enough to send to the page once per run.
    pub fn thumbnails(&self, max_count: usize, max_side: usize) -> ImageBlock {
        let count = self.len().min(max_count);
        let factor = self.width.max(self.height).div_ceil(max_side.max(1)).max(1);
        let (w, h, c) = (self.width / factor, self.height / factor, self.channels);
        let mut pixels = Vec::with_capacity(count * w * h * c);
        let area = (factor * factor) as u32;
        for i in 0..count {
            let image = self.image(i);
            for y in 0..h {
                for x in 0..w {
                    for k in 0..c {
                        let mut sum = 0u32;
                        for dy in 0..factor {
                            let row = (y * factor + dy) * self.width;
                            for dx in 0..factor {
                                sum += image[(row + x * factor + dx) * c + k] as u32;
                            }
                        }
                        pixels.push(((sum + area / 2) / area) as u8);
                    }
                }
            }
        }
        ImageBlock { width: w, height: h, channels: c, count, pixels }
    }

    /// Images per class, indexed by label.
    pub fn class_counts(&self, classes: usize) -> Vec<usize> {
        let mut counts = vec![0; classes];
        for &label in &self.labels {
            counts[label as usize] += 1;
        }
        counts
    }

    /// The first images of each class, at most `limit` in all and as even over classes as
    /// the counts allow (a small budget still sees every class).
    pub fn stratified_head(&self, limit: usize, classes: usize) -> ImageSet {
        if limit == 0 || limit >= self.len() {
            return self.clone();
        }
        let counts = self.class_counts(classes);
        let mut quota = vec![0usize; classes];
        let mut left = limit;
        // Deal the budget one image at a time round the classes that still have images.
        while left > 0 {
            let mut dealt = false;
            for c in 0..classes {
                if left > 0 && quota[c] < counts[c] {
                    quota[c] += 1;
                    left -= 1;
                    dealt = true;
                }
            }
            if !dealt {
                break;
            }
        }
        let mut out = ImageSet {
            width: self.width,
            height: self.height,
            channels: self.channels,
            ..ImageSet::default()
        };
        for i in 0..self.len() {
            let label = self.labels[i] as usize;
            if quota[label] > 0 {
                quota[label] -= 1;
                out.pixels.extend_from_slice(self.image(i));
                out.labels.push(self.labels[i]);
            }
        }
        out
    }
}

/// A loaded dataset: class names and the train, validation and (optional) held-out test splits.
#[derive(Clone, Debug)]
pub struct Dataset {
    pub classes: Vec<String>,
    pub train: ImageSet,
    pub val: ImageSet,
    /// A `test/` folder's images: counted and kept out of training and validation. Empty if none.
    pub test: ImageSet,
}
