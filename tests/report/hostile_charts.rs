//! Every chart on input no real run produces (an edited runs file, a damaged store): no
//! classes, ragged matrices, NaN and infinite values, billions of epochs, zero-width ranges,
//! lengths that do not match. Each one returns an error or draws, and never panics or hangs.

use aula::protocol::Guess;
use aula::report::charts::{
    AXIS_LIMIT, CurveData, ParallelAxis, Scale, Series, axis_range, draw_confusion, draw_curves,
    draw_histograms, draw_overlay, draw_parallel, draw_prediction, epoch_ticks, near,
};
use aula::report::{Confusion, EpochRecord, Histogram, StepLoss};
use plotters::prelude::*;

/// Canvas sizes a page may hand a chart, the degenerate ones included.
const SIZES: [(u32, u32); 4] = [(600, 300), (40, 20), (1, 1), (0, 0)];

/// Draws on an SVG of each size; returns the SVG of the first (full) size and each result.
fn draw_each<T>(
    mut draw: impl FnMut(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<T, String>,
) -> (String, Vec<Result<T, String>>) {
    let mut first = String::new();
    let mut results = Vec::new();
    for (i, size) in SIZES.into_iter().enumerate() {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
            results.push(draw(&root));
        }
        if i == 0 {
            first = out;
        }
    }
    (first, results)
}

fn record(epoch: usize, value: f64) -> EpochRecord {
    EpochRecord {
        epoch,
        train_loss: value,
        train_accuracy: value,
        val_loss: value,
        val_accuracy: value,
        lr: value,
        seconds: value,
        partial: false,
    }
}

#[test]
fn epoch_ticks_are_few_and_quick_for_any_epoch_count() {
    for epochs in [0, 1, 7, 1000, 2_000_000_000, u32::MAX as usize, usize::MAX] {
        for width in [i32::MIN, -5, 0, 1, 300, 1200, i32::MAX] {
            for (label, gap) in [(0, 0), (40, 8), (i32::MAX, i32::MAX), (-3, -3)] {
                let ticks = epoch_ticks(epochs, width, label, gap);
                assert!(
                    !ticks.is_empty() && ticks.len() <= 200,
                    "{epochs} at {width}px: {} ticks",
                    ticks.len()
                );
                assert!(ticks.windows(2).all(|w| w[0] < w[1]), "{epochs}: ascending");
                assert!(*ticks.last().unwrap() <= epochs.max(1), "{epochs}: within the axis");
            }
        }
    }
    // The ordinary case is as before: every epoch of a short run, round steps of a long one.
    assert_eq!(epoch_ticks(5, 600, 10, 8), vec![1, 2, 3, 4, 5]);
    assert_eq!(
        epoch_ticks(2_000_000_000, 300, 60, 8),
        vec![500_000_000, 1_000_000_000, 1_500_000_000, 2_000_000_000]
    );
}

#[test]
fn axis_ranges_are_always_finite_ordered_and_wide_enough() {
    let cases = [
        (0.0, 1.0),
        (f64::NAN, f64::NAN),
        (0.0, f64::INFINITY),
        (f64::NEG_INFINITY, f64::INFINITY),
        (3.0, 3.0),
        (5.0, -5.0),
        (-f64::MAX, f64::MAX),
        (1e300, 1e300),
        (1e15, 1e15 + 0.5),
    ];
    for (lo, hi) in cases {
        let r = axis_range(lo, hi);
        assert!(r.start.is_finite() && r.end.is_finite() && r.end > r.start, "{lo}..{hi} -> {r:?}");
        assert!(r.start >= -AXIS_LIMIT * 1.01 && r.end <= AXIS_LIMIT * 1.01, "{lo}..{hi} -> {r:?}");
        assert!(r.end - r.start >= 1e-9 * r.start.abs().max(r.end.abs()), "{lo}..{hi} -> {r:?}");
    }
    assert_eq!(axis_range(0.0, 1.0), 0.0..1.0, "an ordinary range is kept");
    assert_eq!(axis_range(2.0, 2.0), 1.5..2.5);
    assert_eq!(near(1e300, &(0.0..1.0)), 2.0);
    assert_eq!(near(-1e300, &(0.0..1.0)), -1.0);
    assert_eq!(near(0.5, &(0.0..1.0)), 0.5);
}

#[test]
fn curves_draw_nan_infinite_and_huge_values_and_billions_of_epochs() {
    let hostile = [
        CurveData {
            steps: vec![
                StepLoss { step: 1, loss: f64::NAN },
                StepLoss { step: 2, loss: f64::INFINITY },
                StepLoss { step: usize::MAX, loss: f64::MAX },
                StepLoss { step: 3, loss: -f64::MAX },
            ],
            epochs: vec![
                record(1, f64::NAN),
                record(2, f64::INFINITY),
                record(2_000_000_000, f64::MAX),
                record(3, -1e300),
            ],
            batches_per_epoch: 0,
            total_epochs: 2_000_000_000,
        },
        CurveData { total_epochs: usize::MAX, ..CurveData::default() },
        CurveData { epochs: vec![record(usize::MAX, 0.5)], ..CurveData::default() },
        CurveData {
            epochs: vec![record(1, 0.0), record(2, 0.0)],
            batches_per_epoch: 3,
            total_epochs: 2,
            ..CurveData::default()
        },
    ];
    for data in &hostile {
        let (svg, results) = draw_each(|root| draw_curves(root, data, Scale(f64::NAN)));
        for result in results {
            result.unwrap();
        }
        assert!(svg.contains("Loss") && svg.contains("Learning rate"), "the panels are drawn");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "no non-finite coordinate reaches the picture");
    }
    let (_, results) = draw_each(|root| draw_curves(root, &hostile[0], Scale::default()));
    let layout = results.into_iter().next().unwrap().unwrap();
    for labels in &layout.panels {
        assert!(labels.len() <= 200 && !labels.is_empty(), "{} labels", labels.len());
        assert_eq!(labels.last().unwrap().text, "2000000000", "the axis reaches the claimed epochs");
    }
}

#[test]
fn confusion_without_classes_or_ragged_draws_a_note() {
    let names: Vec<String> = vec!["a".into(), "b".into()];
    let cases = [
        Confusion { classes: 0, counts: vec![] },
        Confusion { classes: 3, counts: vec![1, 2] },
        Confusion { classes: 2, counts: vec![] },
        Confusion { classes: usize::MAX, counts: vec![1] },
    ];
    for confusion in &cases {
        for normalised in [false, true] {
            let (svg, results) =
                draw_each(|root| draw_confusion(root, confusion, &names, normalised, Scale::default()));
            for result in results {
                let layout = result.unwrap();
                assert!(layout.columns.is_empty() && layout.rows.is_empty(), "{confusion:?}: no cells");
            }
            assert!(svg.contains("nothing to draw"), "{confusion:?}: says so");
        }
    }
    // Counts whose row sums overflow u64, and more names than classes (or none).
    let huge = Confusion { classes: 2, counts: vec![u64::MAX, u64::MAX, 0, 0] };
    for names in [vec![], names.clone(), vec!["x".repeat(10_000); 9]] {
        for normalised in [false, true] {
            let (svg, results) =
                draw_each(|root| draw_confusion(root, &huge, &names, normalised, Scale::default()));
            for result in results {
                result.unwrap();
            }
            assert!(svg.matches("<rect").count() >= 4, "the four cells are drawn");
        }
    }
}

#[test]
fn histograms_with_nan_infinite_or_equal_bounds_draw() {
    let hostile = vec![
        Histogram { name: "nan".into(), min: f64::NAN, max: f64::NAN, counts: vec![1, 2, 3] },
        Histogram {
            name: "inf".into(),
            min: f64::NEG_INFINITY,
            max: f64::INFINITY,
            counts: vec![u32::MAX, 0],
        },
        Histogram { name: "same".into(), min: 1e300, max: 1e300, counts: vec![] },
        Histogram { name: "reversed".into(), min: 5.0, max: -5.0, counts: vec![4] },
        Histogram { name: "huge".into(), min: -f64::MAX, max: f64::MAX, counts: vec![1; 30] },
    ];
    let (svg, results) = draw_each(|root| draw_histograms(root, "Weights, epoch 1", &hostile));
    for result in results {
        result.unwrap();
    }
    for name in ["nan", "inf", "same", "reversed", "huge"] {
        assert!(svg.contains(name), "{name} has its chart");
    }
    assert!(!svg.contains("NaN"), "no NaN coordinate");
}

#[test]
fn overlay_of_non_finite_negative_and_huge_points_draws() {
    let series = vec![
        Series { name: "nan".into(), points: vec![(f64::NAN, 0.5), (1.0, f64::NAN), (f64::INFINITY, 1.0)] },
        Series { name: "huge".into(), points: vec![(1.0, f64::MAX), (2e9, -f64::MAX), (3.0, 1e-300)] },
        Series { name: "flat".into(), points: vec![(1.0, 7.0), (2.0, 7.0), (-4.0, 7.0)] },
    ];
    for metric in ["val_loss", "val_accuracy"] {
        let (svg, results) = draw_each(|root| draw_overlay(root, &series, metric, Scale::default()));
        for result in results {
            let layout = result.unwrap();
            assert_eq!(layout.series, 2, "{metric}: the runs with a drawable point");
            assert!(layout.x_labels.len() <= 200);
        }
        assert!(svg.contains("huge") && svg.contains("flat"));
        assert!(!svg.contains("NaN"), "{metric}: no NaN coordinate");
    }
    // Nothing drawable at all: the note, not axes.
    let nothing = vec![Series { name: "none".into(), points: vec![(f64::NAN, f64::NAN), (-1.0, 0.5)] }];
    let (svg, results) = draw_each(|root| draw_overlay(root, &nothing, "val_loss", Scale::default()));
    assert!(results.into_iter().all(|r| r.unwrap().series == 0));
    assert!(svg.contains("Select runs"), "{svg}");
}

#[test]
fn parallel_coordinates_refuse_mismatched_axes_and_draw_extreme_values() {
    let metric = ParallelAxis { name: "val_accuracy".into(), values: vec![0.5.into(), 0.9.into()] };
    let short = vec![ParallelAxis { name: "lr".into(), values: vec![0.1.into()] }];
    let (_, results) = draw_each(|root| draw_parallel(root, &short, &metric, true));
    for result in results {
        let err = result.unwrap_err();
        assert!(err.contains("'lr'") && err.contains("1 values for 2 runs"), "{err}");
    }
    let extreme = vec![
        ParallelAxis { name: "span".into(), values: vec![f64::MAX.into(), (-f64::MAX).into()] },
        ParallelAxis { name: "log".into(), values: vec![f64::MIN_POSITIVE.into(), f64::MAX.into()] },
        ParallelAxis { name: "mixed".into(), values: vec![1.into(), "x".into()] },
        ParallelAxis { name: "null".into(), values: vec![serde_json::Value::Null, serde_json::Value::Null] },
    ];
    let (svg, results) = draw_each(|root| draw_parallel(root, &extreme, &metric, false));
    for result in results {
        assert_eq!(result.unwrap().lines, 2);
    }
    assert!(svg.contains("span") && svg.contains("mixed"));
    assert!(!svg.contains("NaN"), "no NaN coordinate");
}

#[test]
fn predictions_with_odd_probabilities_and_unknown_classes_draw() {
    let guesses = [
        Guess { class: usize::MAX, probability: f64::NAN },
        Guess { class: 0, probability: f64::INFINITY },
        Guess { class: 1, probability: -3.0 },
    ];
    let classes: Vec<String> = vec!["cat".into()];
    for guesses in [&guesses[..], &[]] {
        let (_, results) = draw_each(|root| draw_prediction(root, guesses, &classes));
        for result in results {
            result.unwrap();
        }
    }
}
