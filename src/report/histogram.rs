//! Value histograms (TensorBoard's weight and gradient distributions), computed in Rust so
//! the page only draws them.

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Histogram {
    /// The parameter's path in the model, e.g. `hidden.0.linear.weight`.
    pub name: String,
    pub min: f64,
    pub max: f64,
    /// Equal-width bins from `min` to `max`; the last bin includes `max`.
    pub counts: Vec<u32>,
}

pub const BINS: usize = 30;

impl Histogram {
    /// Non-finite values are left out (a diverging run still gets a picture of the rest).
    pub fn of(name: &str, values: impl Iterator<Item = f64> + Clone, bins: usize) -> Self {
        let finite = values.filter(|v| v.is_finite());
        let (min, max) =
            finite.clone().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let bins = bins.max(1);
        let mut counts = vec![0u32; bins];
        if min.is_finite() {
            let width = (max - min).max(f64::MIN_POSITIVE);
            for v in finite {
                let bin = (((v - min) / width) * bins as f64) as usize;
                counts[bin.min(bins - 1)] += 1;
            }
        }
        let (min, max) = if min.is_finite() { (min, max) } else { (0.0, 0.0) };
        Self { name: name.to_string(), min, max, counts }
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().map(|&c| c as u64).sum()
    }
}
