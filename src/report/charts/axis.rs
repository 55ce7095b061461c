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

/// Most labels an epoch axis gets, however wide: an imported run may claim billions of
/// epochs, and one label per epoch would never finish.
const MAX_TICKS: u64 = 200;

/// Whole epochs to label on an axis `0..=epochs` of `width` pixels: every `step`-th epoch,
/// the step the smallest of 1, 2, 5, 10, 20, 50, … that keeps labels `gap` pixels apart, given
/// the width of the widest label. Epoch 0 is the axis start and gets no label. At most
/// `MAX_TICKS` labels, for any `epochs` (u64 steps: 5·10^k must not wrap on wasm32).
pub fn epoch_ticks(epochs: usize, width: i32, widest_label: i32, gap: i32) -> Vec<usize> {
    let epochs = epochs.max(1) as u64;
    let per_epoch = f64::from(width.max(0)) / epochs as f64;
    let needed = (f64::from(widest_label.max(0)) + f64::from(gap.max(0))).max(1.0);
    let step = (0..=19)
        .flat_map(|power| [1u64, 2, 5].map(|m| m.saturating_mul(10u64.pow(power))))
        .find(|&step| {
            (step as f64 * per_epoch >= needed && step.saturating_mul(MAX_TICKS) >= epochs) || step >= epochs
        })
        .unwrap_or(epochs);
    if step >= epochs {
        return vec![epochs as usize];
    }
    (step..=epochs).step_by(step as usize).map(|e| e as usize).collect()
}

/// Largest magnitude a chart's axis reaches. Beyond it a range's width or padding could
/// overflow to infinity, and plotters' search for round tick values never ends on an
/// infinite range (and asserts on a NaN one).
pub const AXIS_LIMIT: f64 = 1e100;

/// `lo..hi` made safe to build a chart on: NaN read as 0, both ends within `AXIS_LIMIT`, in
/// order, and wide enough to tell apart at their magnitude (a zero-width range becomes
/// `lo - 0.5..lo + 0.5`).
pub fn axis_range(lo: f64, hi: f64) -> std::ops::Range<f64> {
    let bound = |v: f64| if v.is_nan() { 0.0 } else { v.clamp(-AXIS_LIMIT, AXIS_LIMIT) };
    let (lo, hi) = (bound(lo), bound(hi));
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    // Narrower than this, the ends are (nearly) the same float at their magnitude.
    let least = 1e-9 * lo.abs().max(hi.abs());
    if hi - lo > 0.0 && hi - lo >= least {
        lo..hi
    } else {
        let middle = lo / 2.0 + hi / 2.0;
        let half = least.max(0.5);
        middle - half..middle + half
    }
}

/// `v` held within one range-width either side of `range`: a point far off the chart stays
/// off it, but its pixel never overflows plotters' integer arithmetic. NaN stays NaN (the
/// callers leave such points out).
pub fn near(v: f64, range: &std::ops::Range<f64>) -> f64 {
    let width = range.end - range.start;
    if v.is_nan() { v } else { v.clamp(range.start - width, range.end + width) }
}
