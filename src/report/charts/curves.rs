//! The live curves: loss (per batch and per epoch), accuracy and the learning rate, against
//! epochs.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::words::words;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

use super::axis::{AXIS_LIMIT, LabelBox, axis_range, epoch_ticks, near};
use super::{FONT, Scale, TRAIN, VAL, draw_note, text};
use crate::report::{EpochRecord, StepLoss};

/// What the curves chart shows; the page accumulates it from worker messages.
#[derive(Serialize, Deserialize, Clone, Debug, Default)]
pub struct CurveData {
    pub steps: Vec<StepLoss>,
    pub epochs: Vec<EpochRecord>,
    pub batches_per_epoch: usize,
    pub total_epochs: usize,
}

impl CurveData {
    /// Nothing has started: no run, no epochs, no steps.
    fn is_empty(&self) -> bool {
        self.total_epochs == 0 && self.epochs.is_empty() && self.steps.is_empty()
    }

    fn x_max(&self) -> usize {
        self.total_epochs.max(self.epochs.len()).max(1)
    }
}

/// Where the curves' epoch labels went, per panel (loss, accuracy, learning rate).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct CurvesLayout {
    pub panels: Vec<Vec<LabelBox>>,
}

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

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
type DrawResult<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

const TICK_FONT: u32 = 12;

/// Loss, accuracy and learning rate side by side; before any run, a note instead of axes.
pub fn draw_curves<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &CurveData,
    s: Scale,
) -> Result<CurvesLayout, String> {
    root.fill(&WHITE).map_err(text)?;
    if data.is_empty() {
        draw_note(root, &words().no_run, s.px(15))?;
        root.present().map_err(text)?;
        return Ok(CurvesLayout::default());
    }
    let width = root.dim_in_pixel().0;
    let (left, rest) = root.split_horizontally(width * 2 / 5);
    let (middle, right) = rest.split_horizontally(width * 2 / 5);
    let panels = vec![
        draw_loss(root, &left, data, s).map_err(text)?,
        draw_accuracy(root, &middle, data, s).map_err(text)?,
        draw_lr(root, &right, data, s).map_err(text)?,
    ];
    root.present().map_err(text)?;
    Ok(CurvesLayout { panels })
}

/// A panel's chart with room for epoch labels, which `epoch_labels` draws (plotters' own
/// would print fractional epochs that run into each other).
fn panel<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    caption: &str,
    x_max: usize,
    y: std::ops::Range<f64>,
    y_label_width: u32,
    s: Scale,
) -> DrawResult<Chart<'a, DB>, DB> {
    ChartBuilder::on(area)
        .caption(caption, (FONT, s.px(16)))
        .margin(s.px(10))
        .x_label_area_size(s.px(32))
        .y_label_area_size(s.px(y_label_width))
        .build_cartesian_2d(0.0..x_max as f64, y)
}

/// The mesh every panel shares: no x labels of plotters' own (`epoch_labels` draws them),
/// axis text at the chart's scale.
fn mesh<DB: DrawingBackend>(chart: &mut Chart<'_, DB>, s: Scale) -> DrawResult<(), DB> {
    chart
        .configure_mesh()
        .x_labels(0)
        .x_desc(words().epoch)
        .label_style((FONT, s.px(TICK_FONT)))
        .axis_desc_style((FONT, s.px(TICK_FONT)))
        .light_line_style(WHITE)
        .draw()
}

/// Whole-epoch labels under `chart`, thinned so they never touch; drawn on `root` (whose
/// pixels the layout reports).
pub(super) fn epoch_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    x_max: usize,
    s: Scale,
) -> DrawResult<Vec<LabelBox>, DB> {
    let style = (FONT, s.px(TICK_FONT)).into_font().color(&BLACK);
    let (w, h) = root.estimate_text_size(&x_max.to_string(), &style)?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let ticks = epoch_ticks(x_max, xs.end - xs.start, w as i32, 8);
    let mut boxes = Vec::with_capacity(ticks.len());
    for epoch in ticks {
        let (x, y) = chart.backend_coord(&(epoch as f64, chart.y_range().start));
        let y = y.max(ys.end - 1);
        root.draw(&PathElement::new(vec![(x, y), (x, y + s.ipx(4))], BLACK.stroke_width(s.px(1))))?;
        let label = epoch.to_string();
        let (lw, _) = root.estimate_text_size(&label, &style)?;
        root.draw(&Text::new(
            label.clone(),
            (x, y + s.ipx(6)),
            style.clone().pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        boxes.push(LabelBox::centred(&label, x, y + s.ipx(6), lw as i32, h as i32));
    }
    Ok(boxes)
}

fn draw_loss<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    data: &CurveData,
    s: Scale,
) -> DrawResult<Vec<LabelBox>, DB> {
    let per_epoch = data.batches_per_epoch.max(1) as f64;
    // A NaN or infinite loss has no place on the axis (and would poison the smoothing).
    let (at, raw): (Vec<f64>, Vec<f64>) =
        data.steps.iter().filter(|s| s.loss.is_finite()).map(|s| (s.step as f64 / per_epoch, s.loss)).unzip();
    let smoothed = smooth(&raw, 0.9);
    let epoch_losses = data.epochs.iter().flat_map(|e| [e.train_loss, e.val_loss]);
    let top = raw.iter().copied().chain(epoch_losses).filter(|v| v.is_finite()).fold(0.0f64, f64::max);
    let y = axis_range(0.0, top.clamp(0.1, AXIS_LIMIT) * 1.05);
    let x = 0.0..data.x_max() as f64;
    let place = |i: usize, v: f64| (near(at[i], &x), near(v, &y));
    let w = words();
    let mut chart = panel(area, &w.loss, data.x_max(), y.clone(), 44, s)?;
    mesh(&mut chart, s)?;
    let raw_line = TRAIN.mix(0.25).stroke_width(s.px(1));
    chart.draw_series(LineSeries::new((0..raw.len()).map(|i| place(i, raw[i])), raw_line))?;
    let line = TRAIN.stroke_width(s.px(2));
    let key = s.ipx(16);
    chart
        .draw_series(LineSeries::new((0..raw.len()).map(|i| place(i, smoothed[i])), line))?
        .label(&w.train_batch_smoothed)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + key, y)], line));
    draw_epoch_series(&mut chart, data, |e| e.train_loss, RGBColor(23, 75, 140), &w.train_epoch, s)?;
    draw_epoch_series(&mut chart, data, |e| e.val_loss, VAL, &w.val, s)?;
    legend(&mut chart, SeriesLabelPosition::UpperRight, s)?;
    epoch_labels(root, &chart, data.x_max(), s)
}

fn draw_accuracy<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    data: &CurveData,
    s: Scale,
) -> DrawResult<Vec<LabelBox>, DB> {
    let w = words();
    let mut chart = panel(area, &w.accuracy, data.x_max(), 0.0..1.0, 44, s)?;
    mesh(&mut chart, s)?;
    draw_epoch_series(&mut chart, data, |e| e.train_accuracy, TRAIN, &w.train, s)?;
    draw_epoch_series(&mut chart, data, |e| e.val_accuracy, VAL, &w.val, s)?;
    legend(&mut chart, SeriesLabelPosition::LowerRight, s)?;
    epoch_labels(root, &chart, data.x_max(), s)
}

/// The learning rate each epoch ran with (schedules make it move); known from the first
/// finished epoch on.
fn draw_lr<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    data: &CurveData,
    s: Scale,
) -> DrawResult<Vec<LabelBox>, DB> {
    let top = data.epochs.iter().map(|e| e.lr).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let (y, y_labels) =
        if top > 0.0 { (axis_range(0.0, top.min(AXIS_LIMIT) * 1.1), 5) } else { (0.0..1.0, 0) };
    let w = words();
    let mut chart = panel(area, &w.learning_rate, data.x_max(), y, 56, s)?;
    chart
        .configure_mesh()
        .x_labels(0)
        .y_labels(y_labels)
        .x_desc(&w.epoch)
        .y_label_formatter(&|v| format!("{v:.1e}"))
        .label_style((FONT, s.px(TICK_FONT)))
        .axis_desc_style((FONT, s.px(TICK_FONT)))
        .light_line_style(WHITE)
        .draw()?;
    if top > 0.0 {
        draw_epoch_series(&mut chart, data, |e| e.lr, RGBColor(44, 160, 44), "lr", s)?;
    } else {
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let style =
            (FONT, s.px(13)).into_font().color(&super::MUTED).pos(Pos::new(HPos::Center, VPos::Center));
        root.draw(&Text::new(
            w.lr_after_first_epoch.as_str(),
            ((xs.start + xs.end) / 2, (ys.start + ys.end) / 2),
            style,
        ))?;
    }
    epoch_labels(root, &chart, data.x_max(), s)
}

/// The series' legend, at the chart's scale.
fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    at: SeriesLabelPosition,
    s: Scale,
) -> DrawResult<(), DB> {
    chart
        .configure_series_labels()
        .position(at)
        .label_font((FONT, s.px(TICK_FONT)))
        .legend_area_size(s.px(30))
        .border_style(BLACK.mix(0.3))
        .background_style(WHITE.mix(0.8))
        .draw()
}

/// One value per finished epoch, as a line with dots at the epoch ends.
fn draw_epoch_series<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    data: &CurveData,
    value: impl Fn(&EpochRecord) -> f64,
    color: RGBColor,
    label: &str,
    s: Scale,
) -> DrawResult<(), DB> {
    let (x, y) = (chart.x_range(), chart.y_range());
    let points: Vec<(f64, f64)> = data
        .epochs
        .iter()
        .map(|e| (e.epoch as f64, value(e)))
        .filter(|(_, v)| v.is_finite())
        .map(|(e, v)| (near(e, &x), near(v, &y)))
        .collect();
    let line = color.stroke_width(s.px(2));
    let key = s.ipx(16);
    chart
        .draw_series(LineSeries::new(points.clone(), line))?
        .label(label)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + key, y)], line));
    chart.draw_series(points.into_iter().map(|p| Circle::new(p, s.px(3), color.filled())))?;
    Ok(())
}
