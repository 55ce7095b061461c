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
mod words;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

pub use axis::{AXIS_LIMIT, LabelBox, axis_range, epoch_ticks, near, overlapping};
pub use confusion::{ConfusionLayout, HEATMAP_MAX_CLASSES, PlotArea, confusion_cell_at, draw_confusion};
pub use curves::{CurveData, CurvesLayout, draw_curves, smooth};
pub use histograms::draw_histograms;
pub use overlay::{OverlayLayout, PALETTE, Series, draw_overlay};
pub use parallel::{ParallelAxis, ParallelLayout, draw_parallel};
pub use prediction::draw_prediction;
pub use words::{ChartWords, set_words, words};

const TRAIN: RGBColor = RGBColor(31, 119, 180);
const VAL: RGBColor = RGBColor(255, 127, 14);
const MUTED: RGBColor = RGBColor(95, 107, 122);
const FONT: &str = "sans-serif";

/// How large a chart draws its text, lines and margins: 1 in the page, more in the presenter
/// view, where it must read from the back of a room.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct Scale(pub f64);

impl Default for Scale {
    fn default() -> Self {
        Scale(1.0)
    }
}

impl Scale {
    /// `n` pixels (a font size, a margin, a line width) at this scale.
    pub fn px(self, n: u32) -> u32 {
        (n as f64 * self.0.clamp(0.5, 4.0)).round().max(1.0) as u32
    }

    pub fn ipx(self, n: i32) -> i32 {
        self.px(n.max(0) as u32) as i32
    }
}

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A line of text centred in `area`: what an empty chart shows instead of meaningless axes.
fn draw_note<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, note: &str, size: u32) -> Result<(), String> {
    let (w, h) = area.dim_in_pixel();
    let style = (FONT, size).into_font().color(&MUTED).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(note.to_string(), (w as i32 / 2, h as i32 / 2), style)).map_err(text)
}
