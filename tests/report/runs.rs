//! Stored runs: the runs file reads back all or nothing, and the CSV has a column per setting
//! and per metric.

use aula::config::{BackendKind, TrainConfig};
use aula::report::runs::{RunStatus, StoredRun, epochs_csv, parse_runs, runs_csv};
use aula::report::{EpochRecord, RunReport};

fn record(epoch: usize, val_accuracy: f64) -> EpochRecord {
    EpochRecord {
        epoch,
        train_loss: 1.0 / epoch as f64,
        train_accuracy: 0.5,
        val_loss: 0.9 / epoch as f64,
        val_accuracy,
        lr: 1e-3,
        seconds: 2.0,
        partial: false,
    }
}

pub fn run(name: &str, lr: f64, accuracies: &[f64], best: usize) -> StoredRun {
    let report = RunReport {
        config: TrainConfig { lr, ..TrainConfig::default() },
        backend: BackendKind::Cpu,
        classes: vec!["a".into(), "b".into()],
        epochs: accuracies.iter().enumerate().map(|(i, &a)| record(i + 1, a)).collect(),
        best_epoch: Some(best),
        confusion: None,
        report: None,
        params: 1234,
        train_count: 10,
        val_count: 4,
        test_count: 0,
        test_accuracy: None,
        test_loss: None,
        normalize_mean: vec![0.5],
        normalize_std: vec![0.2],
        stopped: false,
        early_stopped: false,
        halted: None,
        seconds: 4.5,
        aula_version: "0.1.0".into(),
        data: None,
        weights_epoch: Some(best),
        timing: Default::default(),
    };
    StoredRun {
        id: name.into(),
        name: name.into(),
        created: "2026-12-01T10:00:00Z".into(),
        status: RunStatus::Done,
        note: "a, \"quoted\" note".into(),
        grid: None,
        report,
    }
}

pub fn file(runs: &[StoredRun]) -> String {
    serde_json::json!({ "format": "aula-runs", "version": 1, "runs": runs }).to_string()
}

#[test]
fn the_csv_has_a_header_of_config_keys_and_metrics_and_a_row_per_run() {
    let runs = [run("fast", 0.01, &[0.6, 0.8, 0.7], 2), run("slow", 0.001, &[0.5, 0.55], 2)];
    let text = runs_csv(&runs).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for key in [
        "name",
        "status",
        "lr",
        "batch_size",
        "hidden",
        "best_val_accuracy",
        "best_epoch",
        "val_accuracy",
        "test_accuracy",
        "seconds",
    ] {
        assert!(header.iter().any(|h| h == key), "{key} in {header:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(
        (&rows[0][col("name")], &rows[0][col("lr")], &rows[0][col("val_accuracy")]),
        ("fast", "0.01", "0.8")
    );
    assert_eq!(&rows[0][col("best_val_accuracy")], "0.8");
    assert_eq!(&rows[0][col("hidden")], "256,128", "a list setting stays one field");
    assert_eq!(&rows[1][col("lr")], "0.001");
    assert_eq!(&rows[0][col("note")], "a, \"quoted\" note");
    assert_eq!(&rows[0][col("status")], "done");

    let epochs = epochs_csv(&runs[0].report.epochs).unwrap();
    assert_eq!(
        epochs.lines().next().unwrap(),
        "epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,partial"
    );
    assert_eq!(epochs.lines().count(), 4);
}

#[test]
fn a_runs_file_reads_back_whole_or_not_at_all() {
    let runs = [run("one", 0.01, &[0.6], 1), run("two", 0.1, &[0.4, 0.5], 2)];
    let back = parse_runs(&file(&runs)).unwrap();
    assert_eq!(back.len(), 2);
    assert_eq!(back[1].report.epochs.len(), 2);
    assert_eq!(back[0].note, runs[0].note);

    let mut broken: serde_json::Value = serde_json::from_str(&file(&runs)).unwrap();
    broken["runs"][1]["report"].as_object_mut().unwrap().remove("epochs");
    let err = parse_runs(&broken.to_string()).unwrap_err();
    assert!(err.starts_with("run 2 ('two'): missing field `epochs`"), "{err}");
    assert!(
        parse_runs("{\"format\": \"something\", \"version\": 1, \"runs\": []}")
            .unwrap_err()
            .contains("not an aula runs file")
    );
    assert!(parse_runs("not json").unwrap_err().starts_with("not an aula runs file"));
    assert!(
        parse_runs("{\"format\": \"aula-runs\", \"version\": 7, \"runs\": []}")
            .unwrap_err()
            .contains("version 7")
    );
}

#[test]
fn overlay_and_parallel_coordinates_draw_what_they_are_given() {
    use aula::report::charts::{ParallelAxis, Scale, Series, draw_overlay, draw_parallel};
    use plotters::prelude::*;
    let series = vec![
        Series { name: "fast".into(), points: vec![(1.0, 0.6), (2.0, 0.8)] },
        Series { name: "slow".into(), points: vec![(1.0, 0.5), (2.0, 0.55)] },
    ];
    let mut out = String::new();
    let layout = {
        let root = SVGBackend::with_string(&mut out, (600, 300)).into_drawing_area();
        draw_overlay(&root, &series, "val_accuracy", Scale::default()).unwrap()
    };
    assert_eq!((layout.series, layout.legend.clone()), (2, vec!["fast".to_string(), "slow".to_string()]));
    assert!(out.contains("fast") && out.contains("slow") && out.matches("<polyline").count() >= 2);

    let axes = vec![
        ParallelAxis { name: "lr".into(), values: vec![0.1.into(), 0.001.into(), 0.01.into()] },
        ParallelAxis { name: "optimizer".into(), values: vec!["sgd".into(), "adam".into(), "adam".into()] },
    ];
    let metric =
        ParallelAxis { name: "val_accuracy".into(), values: vec![0.5.into(), 0.9.into(), 0.7.into()] };
    let mut out = String::new();
    let layout = {
        let root = SVGBackend::with_string(&mut out, (600, 300)).into_drawing_area();
        draw_parallel(&root, &axes, &metric, true).unwrap()
    };
    assert_eq!(layout.lines, 3);
    assert_eq!(layout.axes, ["lr", "optimizer", "val_accuracy"]);
    assert!(
        out.contains("adam") && out.contains("sgd") && out.contains("1e-3"),
        "ticks: categories and a log-scaled lr"
    );
}
