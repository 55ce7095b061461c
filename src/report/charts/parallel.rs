//! Parallel coordinates (MLflow's view of many runs): one vertical axis per setting that
//! differs between the runs, plus the metric; one line per run, coloured by the metric, so
//! the settings of the best runs stand out.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::words::words;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

use super::{FONT, MUTED, draw_note, text};

/// One axis: its name and each run's value (a number, or text for a choice).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ParallelAxis {
    pub name: String,
    pub values: Vec<serde_json::Value>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct ParallelLayout {
    pub lines: usize,
    pub axes: Vec<String>,
}

/// Where each run's value sits on an axis, 0 (bottom) to 1 (top), and the axis' tick texts
/// (bottom first). Numbers spread between their min and max (on a log scale when they span
/// two decades or more, as learning rates do); text values evenly, in sorted order.
fn place(axis: &ParallelAxis) -> (Vec<f64>, Vec<(f64, String)>) {
    let numbers: Option<Vec<f64>> = axis.values.iter().map(|v| v.as_f64()).collect();
    if let Some(numbers) = numbers {
        let (lo, hi) =
            numbers.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
        let log = lo > 0.0 && hi / lo >= 100.0;
        let f = |v: f64| if log { v.ln() } else { v };
        let span = (f(hi) - f(lo)).abs().max(1e-12);
        // Held in 0..=1 (NaN at the middle): a span that overflows must not throw a line off
        // the canvas.
        let at = |v: f64| {
            let t = if hi > lo { (f(v) - f(lo)) / span } else { 0.5 };
            if t.is_nan() { 0.5 } else { t.clamp(0.0, 1.0) }
        };
        let ticks = if hi > lo { vec![(0.0, short(lo)), (1.0, short(hi))] } else { vec![(0.5, short(lo))] };
        (numbers.iter().map(|&v| at(v)).collect(), ticks)
    } else {
        let texts: Vec<String> = axis
            .values
            .iter()
            .map(|v| v.as_str().map(String::from).unwrap_or_else(|| v.to_string()))
            .collect();
        let mut levels = texts.clone();
        levels.sort();
        levels.dedup();
        let at = |t: &String| {
            let i = levels.iter().position(|l| l == t).unwrap_or(0);
            if levels.len() > 1 { i as f64 / (levels.len() - 1) as f64 } else { 0.5 }
        };
        let ticks = levels.iter().map(|l| (at(l), l.clone())).collect();
        (texts.iter().map(at).collect(), ticks)
    }
}

fn short(v: f64) -> String {
    if v != 0.0 && (v.abs() < 1e-2 || v.abs() >= 1e4) {
        format!("{v:.0e}")
    } else {
        format!("{}", (v * 1000.0).round() / 1000.0)
    }
}

/// From blue (worst) to orange (best).
fn shade(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(mix(31.0, 255.0), mix(119.0, 127.0), mix(180.0, 14.0))
}

pub fn draw_parallel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    axes: &[ParallelAxis],
    metric: &ParallelAxis,
    higher_is_better: bool,
) -> Result<ParallelLayout, String> {
    root.fill(&WHITE).map_err(text)?;
    let runs = metric.values.len();
    if let Some(axis) = axes.iter().find(|a| a.values.len() != runs) {
        return Err(format!(
            "parallel coordinates: axis '{}' has {} values for {runs} runs",
            axis.name,
            axis.values.len()
        ));
    }
    if runs < 2 || axes.is_empty() {
        draw_note(root, &words().parallel_empty, 14)?;
        root.present().map_err(text)?;
        return Ok(ParallelLayout::default());
    }
    let (w, h) = root.dim_in_pixel();
    let all: Vec<&ParallelAxis> = axes.iter().chain([metric]).collect();
    let (top, bottom) = (34, h as i32 - 30);
    let left = 50;
    let gap = (w as i32 - 2 * left) / (all.len() as i32 - 1).max(1);
    let x = |i: usize| left + i as i32 * gap;
    let y = |t: f64| bottom - ((bottom - top) as f64 * t).round() as i32;
    let placed: Vec<(Vec<f64>, Vec<(f64, String)>)> = all.iter().map(|a| place(a)).collect();
    let quality: Vec<f64> = placed
        .last()
        .expect("the metric axis")
        .0
        .iter()
        .map(|&t| if higher_is_better { t } else { 1.0 - t })
        .collect();
    // Worst first, so the best runs' lines are drawn on top.
    let mut order: Vec<usize> = (0..runs).collect();
    order.sort_by(|&a, &b| quality[a].total_cmp(&quality[b]));
    for run in order {
        let line: Vec<(i32, i32)> =
            placed.iter().enumerate().map(|(i, (at, _))| (x(i), y(at[run]))).collect();
        root.draw(&PathElement::new(line, shade(quality[run]).stroke_width(2))).map_err(text)?;
    }
    let font = (FONT, 12).into_font().color(&BLACK);
    for (i, (axis, (_, ticks))) in all.iter().zip(&placed).enumerate() {
        root.draw(&PathElement::new(vec![(x(i), top), (x(i), bottom)], BLACK.stroke_width(1)))
            .map_err(text)?;
        let title = Pos::new(HPos::Center, VPos::Bottom);
        root.draw(&Text::new(axis.name.clone(), (x(i), top - 8), font.clone().pos(title))).map_err(text)?;
        for (t, label) in ticks {
            let side = Pos::new(HPos::Left, VPos::Center);
            root.draw(&Text::new(
                label.clone(),
                (x(i) + 4, y(*t)),
                (FONT, 11).into_font().color(&MUTED).pos(side),
            ))
            .map_err(text)?;
        }
    }
    root.present().map_err(text)?;
    Ok(ParallelLayout { lines: runs, axes: all.iter().map(|a| a.name.clone()).collect() })
}
