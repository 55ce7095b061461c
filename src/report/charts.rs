//! Charts drawn with plotters on any backend: a canvas in the page, SVG in native tests.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

use crate::report::{Confusion, EpochRecord, Histogram, StepLoss};

/// What the curves chart shows; the page accumulates it from worker messages.
#[derive(Serialize, Deserialize, Clone, Debug, Default)]
pub struct CurveData {
    pub steps: Vec<StepLoss>,
    pub epochs: Vec<EpochRecord>,
    pub batches_per_epoch: usize,
    pub total_epochs: usize,
}

const TRAIN: RGBColor = RGBColor(31, 119, 180);
const VAL: RGBColor = RGBColor(255, 127, 14);

/// TensorBoard-style smoothing: an exponential moving average with its start-up bias removed.
pub fn smooth(values: &[f64], weight: f64) -> Vec<f64> {
    let mut last = 0.0;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            last = last * weight + (1.0 - weight) * v;
            last / (1.0 - weight.powi(i as i32 + 1))
        })
        .collect()
}

/// Loss (left) and accuracy (right) against epochs.
pub fn draw_curves<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &CurveData,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(text)?;
    let width = root.dim_in_pixel().0;
    let (left, rest) = root.split_horizontally(width * 2 / 5);
    let (middle, right) = rest.split_horizontally(width * 2 / 5);
    draw_loss(&left, data).map_err(text)?;
    draw_accuracy(&middle, data).map_err(text)?;
    draw_lr(&right, data).map_err(text)?;
    root.present().map_err(text)
}

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn x_max(data: &CurveData) -> f64 {
    data.total_epochs.max(data.epochs.len()).max(1) as f64
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn draw_loss<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &CurveData) -> DrawResult<DB> {
    let per_epoch = data.batches_per_epoch.max(1) as f64;
    let raw: Vec<f64> = data.steps.iter().map(|s| s.loss).collect();
    let smoothed = smooth(&raw, 0.9);
    let at = |i: usize| data.steps[i].step as f64 / per_epoch;
    let epoch_losses = data.epochs.iter().flat_map(|e| [e.train_loss, e.val_loss]);
    let y_max =
        raw.iter().copied().chain(epoch_losses).filter(|v| v.is_finite()).fold(0.0f64, f64::max).max(0.1)
            * 1.05;

    let mut chart = ChartBuilder::on(area)
        .caption("Loss", ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(32)
        .y_label_area_size(44)
        .build_cartesian_2d(0.0..x_max(data), 0.0..y_max)?;
    chart.configure_mesh().x_desc("epoch").light_line_style(WHITE).draw()?;
    chart.draw_series(LineSeries::new((0..raw.len()).map(|i| (at(i), raw[i])), TRAIN.mix(0.25)))?;
    chart
        .draw_series(LineSeries::new((0..raw.len()).map(|i| (at(i), smoothed[i])), TRAIN.stroke_width(2)))?
        .label("train (batch, smoothed)")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], TRAIN.stroke_width(2)));
    draw_epoch_series(&mut chart, data, |e| e.train_loss, RGBColor(23, 75, 140), "train (epoch)")?;
    draw_epoch_series(&mut chart, data, |e| e.val_loss, VAL, "val")?;
    chart.configure_series_labels().border_style(BLACK.mix(0.3)).background_style(WHITE.mix(0.8)).draw()?;
    Ok(())
}

fn draw_accuracy<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &CurveData) -> DrawResult<DB> {
    let mut chart = ChartBuilder::on(area)
        .caption("Accuracy", ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(32)
        .y_label_area_size(44)
        .build_cartesian_2d(0.0..x_max(data), 0.0..1.0)?;
    chart.configure_mesh().x_desc("epoch").light_line_style(WHITE).draw()?;
    draw_epoch_series(&mut chart, data, |e| e.train_accuracy, TRAIN, "train")?;
    draw_epoch_series(&mut chart, data, |e| e.val_accuracy, VAL, "val")?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .border_style(BLACK.mix(0.3))
        .background_style(WHITE.mix(0.8))
        .draw()?;
    Ok(())
}

/// The learning rate each epoch ran with (schedules make it move).
fn draw_lr<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &CurveData) -> DrawResult<DB> {
    let top = data.epochs.iter().map(|e| e.lr).fold(0.0, f64::max).max(1e-12) * 1.1;
    let mut chart = ChartBuilder::on(area)
        .caption("Learning rate", ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(32)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..x_max(data), 0.0..top)?;
    chart
        .configure_mesh()
        .x_desc("epoch")
        .y_label_formatter(&|v| format!("{v:.1e}"))
        .light_line_style(WHITE)
        .draw()?;
    draw_epoch_series(&mut chart, data, |e| e.lr, RGBColor(44, 160, 44), "lr")?;
    Ok(())
}

/// One value per finished epoch, as a line with dots at the epoch ends.
fn draw_epoch_series<DB: DrawingBackend>(
    chart: &mut ChartContext<
        '_,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    data: &CurveData,
    value: impl Fn(&EpochRecord) -> f64,
    color: RGBColor,
    label: &str,
) -> DrawResult<DB> {
    let points: Vec<(f64, f64)> =
        data.epochs.iter().map(|e| (e.epoch as f64, value(e))).filter(|(_, v)| v.is_finite()).collect();
    chart
        .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
        .label(label)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2)));
    chart.draw_series(points.into_iter().map(|p| Circle::new(p, 3, color.filled())))?;
    Ok(())
}

/// Confusion matrix heatmap: rows are true classes, columns predictions; counts or
/// row-normalised shares in the cells, class names on both axes.
/// Where a chart's cells are, in the canvas' pixels, so a click can be mapped to a cell.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct PlotArea {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
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

pub fn draw_confusion<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    confusion: &Confusion,
    names: &[String],
    normalised: bool,
) -> Result<PlotArea, String> {
    root.fill(&WHITE).map_err(text)?;
    let n = confusion.classes.max(1);
    let shares = confusion.row_normalised();
    let value = |t: usize, p: usize| -> f64 {
        if normalised { shares[t * n + p] } else { confusion.count(t, p) as f64 }
    };
    let top = (0..n * n).map(|i| value(i / n, i % n)).fold(0.0, f64::max).max(1e-9);
    let name = |i: usize| names.get(i).cloned().unwrap_or_else(|| i.to_string());
    let size = n as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(
            if normalised { "Confusion (row-normalised)" } else { "Confusion (counts)" },
            ("sans-serif", 16),
        )
        .margin(10)
        .x_label_area_size(60)
        .y_label_area_size(90)
        .build_cartesian_2d(0.0..size, 0.0..size)
        .map_err(text)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .x_desc("predicted")
        .y_desc("true")
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
    let centred = Pos::new(HPos::Center, VPos::Center);
    chart
        .draw_series((0..n * n).map(|i| {
            let (t, p) = (i / n, i % n);
            let v = value(t, p);
            let label = if normalised { format!("{v:.2}") } else { format!("{v:.0}") };
            let color = if v / top > 0.6 { WHITE } else { BLACK };
            let at = (p as f64 + 0.5, size - t as f64 - 0.5);
            Text::new(label, at, ("sans-serif", 11).into_font().color(&color).pos(centred))
        }))
        .map_err(text)?;
    // Class names beside each row and under each column, placed in pixels.
    for i in 0..n {
        let (x, bottom) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
        let column = Pos::new(HPos::Center, VPos::Top);
        root.draw(&Text::new(
            name(i),
            (x, bottom + 6),
            ("sans-serif", 11).into_font().color(&BLACK).pos(column),
        ))
        .map_err(text)?;
        let (left, y) = chart.backend_coord(&(0.0, size - i as f64 - 0.5));
        let row = Pos::new(HPos::Right, VPos::Center);
        root.draw(&Text::new(name(i), (left - 6, y), ("sans-serif", 11).into_font().color(&BLACK).pos(row)))
            .map_err(text)?;
    }
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    root.present().map_err(text)?;
    Ok(PlotArea { left: xs.start, top: ys.start, right: xs.end, bottom: ys.end })
}

/// One small bar chart per histogram (TensorBoard's distributions, one epoch at a time).
pub fn draw_histograms<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    histograms: &[Histogram],
) -> Result<(), String> {
    root.fill(&WHITE).map_err(text)?;
    let root = root.titled(title, ("sans-serif", 15)).map_err(text)?;
    if histograms.is_empty() {
        return root.present().map_err(text);
    }
    let cols = histograms.len().min(3);
    let rows = histograms.len().div_ceil(cols);
    for (area, h) in root.split_evenly((rows, cols)).iter().zip(histograms) {
        let top = h.counts.iter().copied().max().unwrap_or(1).max(1) as f64;
        let (lo, hi) = if h.max > h.min { (h.min, h.max) } else { (h.min - 0.5, h.max + 0.5) };
        let width = (hi - lo) / h.counts.len().max(1) as f64;
        let mut chart = ChartBuilder::on(area)
            .caption(&h.name, ("sans-serif", 12))
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
            .label_style(("sans-serif", 10))
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
