//! Several runs' curves on one chart (TensorBoard's overlay): one colour per run, a legend by
//! run name, epochs on the x axis.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::words::words;
use serde::{Deserialize, Serialize};

use super::axis::{AXIS_LIMIT, LabelBox, axis_range, near};
use super::{FONT, Scale, draw_note, text};

/// One run's values of the chosen metric, `(epoch, value)`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

/// What was drawn: how many series, and their names in the legend's order.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct OverlayLayout {
    pub series: usize,
    pub legend: Vec<String>,
    pub x_labels: Vec<LabelBox>,
}

/// Matplotlib's tab10, so a run keeps its colour on every chart that lists runs in order.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// A point with a place on the chart: a finite epoch from 0 on and a finite value.
fn drawable(&(epoch, value): &(f64, f64)) -> bool {
    epoch.is_finite() && epoch >= 0.0 && value.is_finite()
}

pub fn draw_overlay<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    series: &[Series],
    metric: &str,
    scale: Scale,
) -> Result<OverlayLayout, String> {
    root.fill(&WHITE).map_err(text)?;
    let points = || series.iter().flat_map(|s| s.points.iter().copied()).filter(drawable);
    if points().next().is_none() {
        draw_note(root, &words().overlay_empty, scale.px(14))?;
        root.present().map_err(text)?;
        return Ok(OverlayLayout::default());
    }
    let x_max = points().map(|p| p.0).fold(1.0, f64::max).min(AXIS_LIMIT);
    let (lo, hi) =
        points().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let (lo, hi) = (lo.max(-AXIS_LIMIT), hi.min(AXIS_LIMIT));
    let pad = ((hi - lo) * 0.08).max(1e-3);
    let y = axis_range(
        if metric.contains("accuracy") { 0.0f64.max(lo - pad) } else { (lo - pad).max(0.0).min(lo) },
        if metric.contains("accuracy") { 1.0f64.min(hi + pad).max(lo + pad) } else { hi + pad },
    );
    let x = 0.0..x_max;
    let mut chart = ChartBuilder::on(root)
        .caption(format!("{metric} by epoch"), (FONT, scale.px(16)))
        .margin(scale.px(10))
        .x_label_area_size(scale.px(32))
        .y_label_area_size(scale.px(48))
        .build_cartesian_2d(x.clone(), y.clone())
        .map_err(text)?;
    chart
        .configure_mesh()
        .x_labels(0)
        .x_desc(words().epoch)
        .label_style((FONT, scale.px(12)))
        .axis_desc_style((FONT, scale.px(12)))
        .light_line_style(WHITE)
        .draw()
        .map_err(text)?;
    let key = scale.ipx(16);
    for (i, s) in series.iter().enumerate() {
        let line = PALETTE[i % PALETTE.len()].stroke_width(scale.px(2));
        let finite: Vec<(f64, f64)> =
            s.points.iter().copied().filter(drawable).map(|(e, v)| (near(e, &x), near(v, &y))).collect();
        chart
            .draw_series(LineSeries::new(finite.clone(), line))
            .map_err(text)?
            .label(s.name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + key, y)], line));
        let dot = line.color.filled();
        chart.draw_series(finite.into_iter().map(|p| Circle::new(p, scale.px(3), dot))).map_err(text)?;
    }
    chart
        .configure_series_labels()
        .label_font((FONT, scale.px(13)))
        .legend_area_size(scale.px(30))
        .border_style(BLACK.mix(0.3))
        .background_style(WHITE.mix(0.85))
        .draw()
        .map_err(text)?;
    let x_labels = super::curves::epoch_labels(root, &chart, x_max.round() as usize, scale).map_err(text)?;
    root.present().map_err(text)?;
    Ok(OverlayLayout {
        // What was drawn: a run with no finite value yet has no line.
        series: series.iter().filter(|s| s.points.iter().any(drawable)).count(),
        legend: series.iter().map(|s| s.name.clone()).collect(),
        x_labels,
    })
}
