//! The confusion matrix heatmap: rows are true classes, columns predictions; counts or
//! row-normalised shares in the cells, class names on both axes. Column names stand
//! vertically, long names are shortened, and when the cells are too narrow for every name
//! only every k-th one is written.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::words::words;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

use super::axis::LabelBox;
use super::{FONT, Scale, draw_note, text};
use crate::report::Confusion;

/// Above this many classes a heatmap cannot be read; the page shows the top confusions.
pub const HEATMAP_MAX_CLASSES: usize = 50;
const LABEL_FONT: u32 = 11;
/// Characters of a class name shown before it is shortened with "…".
const NAME_CHARS: usize = 14;

/// Where a chart's cells are, in the canvas' pixels, so a click can be mapped to a cell.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Default)]
pub struct PlotArea {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

/// The cells' area and where the class names went.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct ConfusionLayout {
    #[serde(flatten)]
    pub area: PlotArea,
    /// Names under the columns (predicted classes), standing vertically.
    pub columns: Vec<LabelBox>,
    /// Names beside the rows (true classes).
    pub rows: Vec<LabelBox>,
}

/// The confusion cell (true class, predicted class) under a pixel, if any.
pub fn confusion_cell_at(area: &PlotArea, classes: usize, x: f64, y: f64) -> Option<(usize, usize)> {
    let (w, h) = ((area.right - area.left) as f64, (area.bottom - area.top) as f64);
    let (fx, fy) = ((x - area.left as f64) / w, (y - area.top as f64) / h);
    if !(0.0..1.0).contains(&fx) || !(0.0..1.0).contains(&fy) || classes == 0 {
        return None;
    }
    let cell = |f: f64| ((f * classes as f64) as usize).min(classes - 1);
    Some((cell(fy), cell(fx)))
}

/// `name` cut to `NAME_CHARS` characters, with "…" when it was longer.
fn short(name: &str) -> String {
    if name.chars().count() <= NAME_CHARS {
        name.to_string()
    } else {
        name.chars().take(NAME_CHARS - 1).chain(['…']).collect()
    }
}

/// Label every `step`-th of `n` cells of `cell` pixels, for labels `size` pixels across.
fn label_step(cell: f64, size: u32) -> usize {
    ((size as f64 + 2.0) / cell.max(1e-9)).ceil().max(1.0) as usize
}

pub fn draw_confusion<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    confusion: &Confusion,
    names: &[String],
    normalised: bool,
    scale: Scale,
) -> Result<ConfusionLayout, String> {
    root.fill(&WHITE).map_err(text)?;
    let n = confusion.classes;
    if n == 0 || confusion.counts.len() != n.saturating_mul(n) {
        draw_note(root, &words().confusion_empty, scale.px(14))?;
        root.present().map_err(text)?;
        return Ok(ConfusionLayout::default());
    }
    if n > HEATMAP_MAX_CLASSES {
        let note = format!("{n} classes are too many for a heatmap: see the top confusions.");
        draw_note(root, &note, scale.px(14))?;
        root.present().map_err(text)?;
        return Ok(ConfusionLayout::default());
    }
    // Row shares in floating point: counts near u64::MAX must not overflow a row's sum.
    let supports: Vec<f64> =
        confusion.counts.chunks(n).map(|row| row.iter().map(|&c| c as f64).sum()).collect();
    let value = |t: usize, p: usize| -> f64 {
        let count = confusion.counts[t * n + p] as f64;
        if !normalised {
            count
        } else if supports[t] > 0.0 {
            count / supports[t]
        } else {
            0.0
        }
    };
    let top = (0..n * n).map(|i| value(i / n, i % n)).fold(0.0, f64::max).max(1e-9);
    let labels: Vec<String> = (0..n).map(|i| short(names.get(i).map_or(&i.to_string(), |s| s))).collect();
    let label_font = scale.px(LABEL_FONT);
    let font = (FONT, label_font).into_font().color(&BLACK);
    let mut widest = 0;
    let mut text_height = 0;
    for label in &labels {
        let (w, h) = root.estimate_text_size(label, &font).map_err(text)?;
        widest = widest.max(w);
        text_height = text_height.max(h);
    }
    let size = n as f64;
    let w = words();
    let mut chart = ChartBuilder::on(root)
        .caption(if normalised { &w.confusion_normalised } else { &w.confusion_counts }, (FONT, scale.px(16)))
        .margin(scale.px(10))
        .x_label_area_size((widest + scale.px(30)).min(scale.px(130)))
        .y_label_area_size((widest + scale.px(30)).min(scale.px(130)))
        .build_cartesian_2d(0.0..size, 0.0..size)
        .map_err(text)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .x_desc(&w.predicted)
        .y_desc(&w.truth)
        .axis_desc_style((FONT, scale.px(12)))
        .draw()
        .map_err(text)?;
    // Row 0 at the top, as the matrix is printed: cell (t, p) spans x p..p+1, y n-1-t..n-t.
    chart
        .draw_series((0..n * n).map(|i| {
            let (t, p) = ((i / n) as f64, (i % n) as f64);
            let shade = value(i / n, i % n) / top;
            let c = (255.0 * (1.0 - 0.85 * shade)) as u8;
            Rectangle::new([(p, size - 1.0 - t), (p + 1.0, size - t)], RGBColor(c, c, 255).filled())
        }))
        .map_err(text)?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let (cell_w, cell_h) = ((xs.end - xs.start) as f64 / size, (ys.end - ys.start) as f64 / size);
    // Numbers in the cells only where they fit.
    let widest_number =
        root.estimate_text_size(if normalised { "0.00" } else { "8888" }, &font).map_err(text)?.0;
    if cell_w >= widest_number as f64 + 4.0 && cell_h >= text_height as f64 + 2.0 {
        let centred = Pos::new(HPos::Center, VPos::Center);
        chart
            .draw_series((0..n * n).map(|i| {
                let (t, p) = (i / n, i % n);
                let v = value(t, p);
                let label = if normalised { format!("{v:.2}") } else { format!("{v:.0}") };
                let color = if v / top > 0.6 { WHITE } else { BLACK };
                let at = (p as f64 + 0.5, size - t as f64 - 0.5);
                Text::new(label, at, (FONT, label_font).into_font().color(&color).pos(centred))
            }))
            .map_err(text)?;
    }
    // Class names in pixels: under each column standing up (reading bottom to top, hanging
    // from the axis), beside each row lying down; thinned when the cells are too small.
    let (column_step, row_step) = (label_step(cell_w, text_height), label_step(cell_h, text_height));
    let vertical = font.clone().transform(FontTransform::Rotate270).pos(Pos::new(HPos::Right, VPos::Center));
    let beside = font.clone().pos(Pos::new(HPos::Right, VPos::Center));
    let mut layout = ConfusionLayout {
        area: PlotArea { left: xs.start, top: ys.start, right: xs.end, bottom: ys.end },
        ..ConfusionLayout::default()
    };
    for (i, label) in labels.iter().enumerate() {
        let (w, h) = root.estimate_text_size(label, &font).map_err(text)?;
        let (w, h) = (w as i32, h as i32);
        if i % column_step == 0 {
            let (x, bottom) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
            root.draw(&Text::new(label.clone(), (x, bottom + 6), vertical.clone())).map_err(text)?;
            layout.columns.push(LabelBox {
                text: label.clone(),
                left: x - h / 2,
                right: x - h / 2 + h,
                top: bottom + 6,
                bottom: bottom + 6 + w,
            });
        }
        if i % row_step == 0 {
            let (left, y) = chart.backend_coord(&(0.0, size - i as f64 - 0.5));
            root.draw(&Text::new(label.clone(), (left - 6, y), beside.clone())).map_err(text)?;
            layout.rows.push(LabelBox {
                text: label.clone(),
                left: left - 6 - w,
                right: left - 6,
                top: y - h / 2,
                bottom: y - h / 2 + h,
            });
        }
    }
    root.present().map_err(text)?;
    Ok(layout)
}
