use aula::report::StepLoss;
use aula::report::EpochRecord;
use aula::report::charts::{CurveData, draw_curves, smooth};
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
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (800, 300)).into_drawing_area();
        draw_curves(&root, data).unwrap();
    }
    out
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
fn an_empty_chart_still_draws_axes() {
    let out = svg(&CurveData::default());
    assert!(out.contains("Loss") && out.contains("Accuracy") && out.contains("Learning rate"));
    assert!(out.contains("<line") || out.contains("<polyline"), "axes are drawn");
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
            let area = draw_confusion(&root, &c, &names, normalised).unwrap();
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
