//! Weight and gradient histograms: one small bar chart per layer (TensorBoard's
//! distributions, one epoch at a time).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::words::words;

use super::axis::axis_range;
use super::{FONT, TRAIN, draw_note, text};
use crate::report::Histogram;

/// One small bar chart per histogram (TensorBoard's distributions, one epoch at a time).
pub fn draw_histograms<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    histograms: &[Histogram],
) -> Result<(), String> {
    root.fill(&WHITE).map_err(text)?;
    let root = root.titled(title, (FONT, 15)).map_err(text)?;
    if histograms.is_empty() {
        draw_note(&root, &words().no_histograms, 14)?;
        return root.present().map_err(text);
    }
    let cols = histograms.len().min(3);
    let rows = histograms.len().div_ceil(cols);
    for (area, h) in root.split_evenly((rows, cols)).iter().zip(histograms) {
        let top = h.counts.iter().copied().max().unwrap_or(1).max(1) as f64;
        // A stored histogram's bounds may be NaN, infinite or equal: the axis is made drawable
        // and the bars spread over it.
        let x = if h.max > h.min { axis_range(h.min, h.max) } else { axis_range(h.min - 0.5, h.max + 0.5) };
        let (lo, hi) = (x.start, x.end);
        let width = (hi - lo) / h.counts.len().max(1) as f64;
        let mut chart = ChartBuilder::on(area)
            .caption(&h.name, (FONT, 12))
            .margin(6)
            .x_label_area_size(22)
            .y_label_area_size(48)
            .build_cartesian_2d(lo..hi, 0.0..top * 1.05)
            .map_err(text)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(4)
            .y_labels(3)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style((FONT, 10))
            .draw()
            .map_err(text)?;
        chart
            .draw_series(h.counts.iter().enumerate().map(|(i, &c)| {
                let x0 = lo + i as f64 * width;
                Rectangle::new([(x0, 0.0), (x0 + width, c as f64)], TRAIN.mix(0.8).filled())
            }))
            .map_err(text)?;
    }
    root.present().map_err(text)
}
