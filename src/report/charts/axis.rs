//! Labels placed by hand: epoch ticks that never crowd, and the boxes labels occupy.

use serde::{Deserialize, Serialize};

/// A label as drawn: its text and the pixels it covers (left <= right, top <= bottom).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct LabelBox {
    pub text: String,
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

impl LabelBox {
    /// A box of `width` x `height` pixels centred on `x` (horizontally), from `top` down.
    pub fn centred(text: &str, x: i32, top: i32, width: i32, height: i32) -> Self {
        Self {
            text: text.into(),
            left: x - width / 2,
            right: x - width / 2 + width,
            top,
            bottom: top + height,
        }
    }

    fn overlaps(&self, other: &LabelBox) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}

/// The first pair of labels that cover the same pixels, if any.
pub fn overlapping(labels: &[LabelBox]) -> Option<(usize, usize)> {
    (0..labels.len())
        .find_map(|i| (i + 1..labels.len()).find(|&j| labels[i].overlaps(&labels[j])).map(|j| (i, j)))
}

/// Whole epochs to label on an axis `0..=epochs` of `width` pixels: every `step`-th epoch,
/// the step the smallest of 1, 2, 5, 10, 20, 50, … that keeps labels `gap` pixels apart, given
/// the width of the widest label. Epoch 0 is the axis start and gets no label.
pub fn epoch_ticks(epochs: usize, width: i32, widest_label: i32, gap: i32) -> Vec<usize> {
    let epochs = epochs.max(1);
    let per_epoch = width as f64 / epochs as f64;
    let needed = (widest_label + gap) as f64;
    let step = (0..)
        .flat_map(|power| [1, 2, 5].map(|m| m * 10usize.pow(power)))
        .find(|&step| step as f64 * per_epoch >= needed || step >= epochs)
        .unwrap_or(epochs);
    if step >= epochs {
        return vec![epochs];
    }
    (1..=epochs).filter(|e| e % step == 0).collect()
}
