use aula::report::EpochRecord;
use aula::report::StepLoss;
use aula::report::charts::{CurveData, CurvesLayout, Scale, draw_curves, overlapping, smooth};
use plotters::prelude::*;

fn record(epoch: usize, loss: f64, acc: f64) -> EpochRecord {
    EpochRecord {
        epoch,
        train_loss: loss,
        train_accuracy: acc,
        val_loss: loss * 1.1,
        val_accuracy: acc - 0.05,
        lr: 1e-3,
        seconds: 1.0,
        partial: false,
    }
}

fn svg(data: &CurveData) -> String {
    svg_with_layout(data, (800, 300)).0
}

fn svg_with_layout(data: &CurveData, size: (u32, u32)) -> (String, CurvesLayout) {
    let mut out = String::new();
    let layout = {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw_curves(&root, data, Scale::default()).unwrap()
    };
    (out, layout)
}

fn run_of(epochs: usize) -> CurveData {
    CurveData {
        steps: (1..=epochs * 3).map(|step| StepLoss { step, loss: 1.0 / step as f64 }).collect(),
        epochs: (1..=epochs).map(|e| record(e, 1.0 / e as f64, 0.5)).collect(),
        batches_per_epoch: 3,
        total_epochs: epochs,
    }
}

#[test]
fn curves_draw_batches_and_epochs() {
    let data = CurveData {
        steps: (1..=40).map(|step| StepLoss { step, loss: 2.0 / step as f64 }).collect(),
        epochs: vec![record(1, 1.0, 0.6), record(2, 0.5, 0.8)],
        batches_per_epoch: 20,
        total_epochs: 5,
    };
    let out = svg(&data);
    assert!(
        out.contains("Loss")
            && out.contains("Accuracy")
            && out.contains("Learning rate")
            && out.contains("epoch")
    );
    assert!(out.contains("val") && out.contains("train (batch, smoothed)"));
    // raw + smoothed batch lines, and the epoch lines: several polylines with many points.
    let lines = out.matches("<polyline").count();
    assert!(lines >= 5, "{lines} polylines");
    assert!(out.matches("<circle").count() >= 10, "epoch dots for train/val loss and accuracy, and lr");
}

#[test]
fn before_any_run_the_chart_says_so_instead_of_drawing_axes() {
    let (out, layout) = svg_with_layout(&CurveData::default(), (800, 300));
    assert!(out.contains("No run yet"), "{out}");
    assert!(!out.contains("Learning rate") && !out.contains("1.0e-12"), "no meaningless axes");
    assert!(layout.panels.is_empty());
    // A run that has started but finished no epoch yet: the lr panel waits for it.
    let started = CurveData { batches_per_epoch: 10, total_epochs: 5, ..CurveData::default() };
    let out = svg(&started);
    assert!(out.contains("after the first epoch") && !out.contains("e-12"), "{out}");
}

#[test]
fn epoch_labels_are_whole_epochs_that_never_overlap() {
    for epochs in [2, 5, 50, 200] {
        for width in [600, 1200] {
            let (_, layout) = svg_with_layout(&run_of(epochs), (width, 320));
            assert_eq!(layout.panels.len(), 3);
            for labels in &layout.panels {
                assert!(!labels.is_empty(), "{epochs} epochs: some labels");
                assert_eq!(overlapping(labels), None, "{epochs} epochs at {width}px: {labels:?}");
                assert!(labels.iter().all(|l| l.text.parse::<usize>().is_ok()), "whole epochs: {labels:?}");
            }
            let texts: Vec<&str> = layout.panels[0].iter().map(|l| l.text.as_str()).collect();
            if epochs <= 5 {
                let every: Vec<String> = (1..=epochs).map(|e| e.to_string()).collect();
                assert_eq!(texts, every, "every epoch of a short run is labelled");
            }
        }
    }
}

#[test]
fn the_presenter_scale_draws_larger_labels_that_still_never_overlap() {
    let draw = |scale: f64| {
        let mut out = String::new();
        let root = SVGBackend::with_string(&mut out, (1800, 600)).into_drawing_area();
        draw_curves(&root, &run_of(20), Scale(scale)).unwrap()
    };
    let (normal, large) = (draw(1.0), draw(2.0));
    for (a, b) in normal.panels.iter().zip(&large.panels) {
        assert_eq!(overlapping(b), None, "{b:?}");
        let height = |l: &aula::report::charts::LabelBox| l.bottom - l.top;
        assert!(height(&b[0]) >= 2 * height(&a[0]) - 2, "labels twice as tall: {:?} vs {:?}", b[0], a[0]);
    }
}

#[test]
fn confusion_labels_never_overlap_and_stay_inside_the_chart() {
    use aula::report::Confusion;
    use aula::report::charts::draw_confusion;
    for classes in [2, 10, 50] {
        let mut c = Confusion::new(classes);
        for t in 0..classes {
            c.add(t, (t * 7) % classes);
        }
        let names: Vec<String> = (0..classes).map(|i| format!("T-shirt/top number {i}")).collect();
        let mut out = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut out, (520, 460)).into_drawing_area();
            draw_confusion(&root, &c, &names, false, Scale::default()).unwrap()
        };
        assert!(!layout.columns.is_empty() && !layout.rows.is_empty(), "{classes}: labels drawn");
        assert_eq!(overlapping(&layout.columns), None, "{classes} classes, columns: {:?}", layout.columns);
        assert_eq!(overlapping(&layout.rows), None, "{classes} classes, rows: {:?}", layout.rows);
        for l in layout.columns.iter().chain(&layout.rows) {
            assert!(
                l.left >= 0 && l.top >= 0 && l.right <= 520 && l.bottom <= 460,
                "{classes}: {l:?} off the canvas"
            );
        }
        assert!(layout.columns[0].text.ends_with('…'), "long names are shortened: {:?}", layout.columns[0]);
        if classes <= 10 {
            assert_eq!(layout.columns.len(), classes, "every class named");
        }
    }
}

#[test]
fn smoothing_follows_the_tensorboard_formula() {
    let s = smooth(&[1.0, 1.0, 1.0], 0.9);
    assert!(s.iter().all(|v| (v - 1.0).abs() < 1e-12), "debiased EMA of a constant is the constant");
    let s = smooth(&[0.0, 10.0], 0.5);
    assert!((s[1] - 10.0 * 0.5 / 0.75).abs() < 1e-12);
}

#[test]
fn confusion_heatmap_names_classes_and_shows_counts() {
    use aula::report::Confusion;
    use aula::report::charts::draw_confusion;
    let mut c = Confusion::new(3);
    c.add_batch(&[0, 0, 1, 2, 2, 2], &[0, 1, 1, 2, 2, 0]);
    let names: Vec<String> = ["cat", "dog", "owl"].iter().map(|s| s.to_string()).collect();
    for normalised in [false, true] {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (400, 400)).into_drawing_area();
            let area = draw_confusion(&root, &c, &names, normalised, Scale::default()).unwrap().area;
            // The top-left cell is (true 0, predicted 0); the bottom-right (2, 2).
            let at = |fx: f64, fy: f64| {
                let x = area.left as f64 + fx * (area.right - area.left) as f64;
                let y = area.top as f64 + fy * (area.bottom - area.top) as f64;
                aula::report::charts::confusion_cell_at(&area, 3, x, y)
            };
            assert_eq!(at(0.1, 0.1), Some((0, 0)));
            assert_eq!(at(0.9, 0.1), Some((0, 2)));
            assert_eq!(at(0.1, 0.9), Some((2, 0)));
            assert_eq!(at(1.2, 0.5), None);
        }
        assert!(out.contains("cat") && out.contains("owl") && out.contains("predicted"));

        assert!(out.matches("<rect").count() >= 9, "a cell per pair");
        // Cell labels, row by row (true class 0 first).
        let numbers: Vec<String> =
            out.lines().map(str::trim).filter(|l| l.parse::<f64>().is_ok()).map(String::from).collect();
        let expected =
            if normalised { "0.50 0.50 0.00 0.00 1.00 0.00 0.33 0.00 0.67" } else { "1 1 0 0 1 0 1 0 2" };
        assert_eq!(numbers.join(" "), expected);
    }
}

#[test]
fn histograms_draw_a_bar_per_bin_for_each_layer() {
    use aula::report::Histogram;
    use aula::report::charts::draw_histograms;
    let hs = vec![
        Histogram::of("hidden.0.linear.weight", [0.0, 0.1, 0.2, 0.2].into_iter(), 5),
        Histogram::of("output.weight", [1.0, 1.0].into_iter(), 5),
    ];
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (600, 300)).into_drawing_area();
        draw_histograms(&root, "Weights, epoch 1", &hs).unwrap();
    }
    assert!(
        out.contains("hidden.0.linear.weight") && out.contains("output.weight") && out.contains("epoch 1")
    );
    assert!(out.matches("<rect").count() >= 10, "5 bins x 2 layers");
}
