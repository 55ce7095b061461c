//! Decoded images kept as u8 (never f32 for the whole set), once: an [`ImageSet`] holds the
//! pixels, and a dataset's splits are [`Split`]s, lists of indices into a shared set with
//! their own labels. Batching, evaluation, Normalize and the previews read either through
//! [`Images`].

use std::sync::Arc;

use crate::data::image_block::ImageBlock;
use crate::data::shape::ImageShape;

/// Gallery thumbnails: at most this many images, each at most this many pixels a side.
pub const THUMB_COUNT: usize = 3000;
pub const THUMB_SIDE: usize = 48;

/// Labelled images of one size, read by index.
pub trait Images {
    fn shape(&self) -> ImageShape;
    fn len(&self) -> usize;
    /// Image `index`'s pixels, HWC.
    fn image(&self, index: usize) -> &[u8];
    /// The label of each image, in index order.
    fn labels(&self) -> &[u32];

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Values per image: the MLP's input width.
    fn image_len(&self) -> usize {
        self.shape().len()
    }

    /// Images per class, indexed by label.
    fn class_counts(&self, classes: usize) -> Vec<usize> {
        let mut counts = vec![0; classes];
        for &label in self.labels() {
            counts[label as usize] += 1;
        }
        counts
    }

    /// The first `max_count` images, shrunk by a whole factor (box average) until each side
    /// is at most `max_side`: small enough to send to the page once per run.
    fn thumbnails(&self, max_count: usize, max_side: usize) -> ImageBlock {
        let ImageShape { width, height, channels: c } = self.shape();
        let count = self.len().min(max_count);
        let factor = width.max(height).div_ceil(max_side.max(1)).max(1);
        let (w, h) = (width / factor, height / factor);
        let mut pixels = Vec::with_capacity(count * w * h * c);
        let area = (factor * factor) as u32;
        for i in 0..count {
            let image = self.image(i);
            for y in 0..h {
                for x in 0..w {
                    for k in 0..c {
                        let mut sum = 0u32;
                        for dy in 0..factor {
                            let row = (y * factor + dy) * width;
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
}

/// Images all the same size, stored back to back as u8, HWC order.
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

    pub fn shape(&self) -> ImageShape {
        ImageShape::new(self.width, self.height, self.channels)
    }

    pub fn image_len(&self) -> usize {
        self.shape().len()
    }

    pub fn image(&self, index: usize) -> &[u8] {
        let n = self.image_len();
        &self.pixels[index * n..(index + 1) * n]
    }
}

impl Images for ImageSet {
    fn shape(&self) -> ImageShape {
        ImageSet::shape(self)
    }
    fn len(&self) -> usize {
        ImageSet::len(self)
    }
    fn image(&self, index: usize) -> &[u8] {
        ImageSet::image(self, index)
    }
    fn labels(&self) -> &[u32] {
        &self.labels
    }
}

/// Some images of a shared [`ImageSet`], in an order of their own, with their own labels (a
/// split may renumber the classes). Cloning one copies indices, never pixels.
#[derive(Clone, Debug)]
pub struct Split {
    pool: Arc<ImageSet>,
    members: Vec<u32>,
    pub labels: Vec<u32>,
}

impl Split {
    /// Every image of `set`, with its labels.
    pub fn whole(set: ImageSet) -> Self {
        let members = (0..set.len() as u32).collect();
        let labels = set.labels.clone();
        Self { pool: Arc::new(set), members, labels }
    }

    /// The images `members` of `pool`, labelled `labels` (one each).
    pub fn of(pool: Arc<ImageSet>, members: Vec<u32>, labels: Vec<u32>) -> Self {
        assert_eq!(members.len(), labels.len(), "one label per member");
        Self { pool, members, labels }
    }

    /// No images, of this shape.
    pub fn empty(shape: ImageShape) -> Self {
        let pool = ImageSet {
            width: shape.width,
            height: shape.height,
            channels: shape.channels,
            ..ImageSet::default()
        };
        Self { pool: Arc::new(pool), members: Vec::new(), labels: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn shape(&self) -> ImageShape {
        self.pool.shape()
    }

    pub fn image(&self, index: usize) -> &[u8] {
        self.pool.image(self.members[index] as usize)
    }

    /// The set the images live in (shared by every split of a dataset).
    pub fn pool(&self) -> &Arc<ImageSet> {
        &self.pool
    }

    /// Each image's index in the pool.
    pub fn members(&self) -> &[u32] {
        &self.members
    }

    /// The first images of each class, at most `limit` in all and as even over classes as
    /// the counts allow (a small budget still sees every class); 0 keeps them all. A view:
    /// no pixel is copied.
    pub fn stratified_head(&self, limit: usize, classes: usize) -> Split {
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
        let (mut members, mut labels) = (Vec::with_capacity(limit), Vec::with_capacity(limit));
        for (&member, &label) in self.members.iter().zip(&self.labels) {
            if quota[label as usize] > 0 {
                quota[label as usize] -= 1;
                members.push(member);
                labels.push(label);
            }
        }
        Split { pool: self.pool.clone(), members, labels }
    }
}

impl Images for Split {
    fn shape(&self) -> ImageShape {
        Split::shape(self)
    }
    fn len(&self) -> usize {
        Split::len(self)
    }
    fn image(&self, index: usize) -> &[u8] {
        Split::image(self, index)
    }
    fn labels(&self) -> &[u32] {
        &self.labels
    }
}

/// A loaded dataset: class names and the train, validation and (optional) held-out test splits.
#[derive(Clone, Debug)]
pub struct Dataset {
    pub classes: Vec<String>,
    pub train: Split,
    pub val: Split,
    /// A `test/` folder's images: counted and kept out of training and validation. Empty if none.
    pub test: Split,
}

impl Dataset {
    /// Each split its own set (the demo's sheets, tests' synthetic sets).
    pub fn from_sets(classes: Vec<String>, train: ImageSet, val: ImageSet, test: ImageSet) -> Self {
        Self { classes, train: Split::whole(train), val: Split::whole(val), test: Split::whole(test) }
    }

    /// Bytes of decoded pixels the splits hold, each shared set counted once.
    pub fn pixel_bytes(&self) -> u64 {
        let mut pools: Vec<&Arc<ImageSet>> = Vec::new();
        for split in [&self.train, &self.val, &self.test] {
            if !pools.iter().any(|p| Arc::ptr_eq(p, split.pool())) {
                pools.push(split.pool());
            }
        }
        pools.iter().map(|p| p.pixels.len() as u64).sum()
    }
}
