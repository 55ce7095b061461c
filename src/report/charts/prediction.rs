//! One image's top classes as a small bar chart: a bar per class, as long as its probability.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{FONT, TRAIN, text};
use crate::inference::guess::Guess;

/// Bars for `guesses` (best first) labelled with `classes[guess.class]` and the percentage.
pub fn draw_prediction<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    guesses: &[Guess],
    classes: &[String],
) -> Result<(), String> {
    root.fill(&WHITE).map_err(text)?;
    let (w, h) = root.dim_in_pixel();
    let rows = guesses.len().max(1) as i32;
    let row = h as i32 / rows;
    let label_width = (w as i32 * 2) / 5;
    let bar_room = w as i32 - label_width - 46;
    let font = (FONT, 12).into_font().color(&BLACK);
    for (i, guess) in guesses.iter().enumerate() {
        let y = i as i32 * row;
        let name = classes.get(guess.class).cloned().unwrap_or_else(|| guess.class.to_string());
        let middle = Pos::new(HPos::Right, VPos::Center);
        root.draw(&Text::new(name, (label_width - 6, y + row / 2), font.clone().pos(middle)))
            .map_err(text)?;
        let length = (bar_room as f64 * guess.probability.clamp(0.0, 1.0)).round() as i32;
        let colour = if i == 0 { TRAIN.filled() } else { TRAIN.mix(0.45).filled() };
        root.draw(&Rectangle::new(
            [(label_width, y + 3), (label_width + length.max(1), y + row - 3)],
            colour,
        ))
        .map_err(text)?;
        let percent = format!("{:.0}%", guess.probability * 100.0);
        let left = Pos::new(HPos::Left, VPos::Center);
        root.draw(&Text::new(percent, (label_width + length + 4, y + row / 2), font.clone().pos(left)))
            .map_err(text)?;
    }
    root.present().map_err(text)
}
