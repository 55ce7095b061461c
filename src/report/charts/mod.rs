//! Charts drawn with plotters on any backend: a canvas in the page, SVG in native tests.
//!
//! Tick and class labels are placed by this module, not by plotters, so that it can thin,
//! rotate or shorten them until they do not overlap, and report where each one went
//! ([`LabelBox`]): the page keeps those numbers on the canvas for tests to check.

mod axis;
mod confusion;
mod curves;
mod histograms;
mod overlay;
mod parallel;
mod prediction;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub use axis::{LabelBox, epoch_ticks, overlapping};
pub use confusion::{ConfusionLayout, HEATMAP_MAX_CLASSES, PlotArea, confusion_cell_at, draw_confusion};
pub use curves::{CurveData, CurvesLayout, draw_curves, smooth};
pub use histograms::draw_histograms;
pub use overlay::{OverlayLayout, PALETTE, Series, draw_overlay};
pub use parallel::{ParallelAxis, ParallelLayout, draw_parallel};
pub use prediction::draw_prediction;

const TRAIN: RGBColor = RGBColor(31, 119, 180);
const VAL: RGBColor = RGBColor(255, 127, 14);
const MUTED: RGBColor = RGBColor(95, 107, 122);
const FONT: &str = "sans-serif";

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A line of text centred in `area`: what an empty chart shows instead of meaningless axes.
fn draw_note<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, note: &str, size: u32) -> Result<(), String> {
    let (w, h) = area.dim_in_pixel();
    let style = (FONT, size).into_font().color(&MUTED).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(note.to_string(), (w as i32 / 2, h as i32 / 2), style)).map_err(text)
}
