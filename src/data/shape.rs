//! The size of an image: what a set holds, what augmentation works on and what a model takes.

use serde::{Deserialize, Serialize};

/// An HWC `u8` image's `width x height x channels` (channels 1 or 3).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ImageShape {
    pub width: usize,
    pub height: usize,
    pub channels: usize,
}

impl ImageShape {
    pub fn new(width: usize, height: usize, channels: usize) -> Self {
        Self { width, height, channels }
    }

    /// Values per image: the width of the flattened input.
    pub fn len(&self) -> usize {
        self.width * self.height * self.channels
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
