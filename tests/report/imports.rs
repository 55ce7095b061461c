//! A runs file is checked before anything in it is kept: each refusal names the run and the
//! field. And the CSV exports keep a spreadsheet from reading text as a formula.

use aula::report::Confusion;
use aula::report::runs::{epochs_csv, parse_runs, runs_csv, text_cell};
use aula::report::runs_check::{NAME_CHARS, check_run};
use serde_json::{Value, json};

use super::runs::{file, run};

/// A file of two good runs, "one" and "two", with `edit` applied to its JSON; the error.
fn refusal(edit: impl FnOnce(&mut Value)) -> String {
    let runs = [run("one", 0.01, &[0.6], 1), run("two", 0.1, &[0.4, 0.5], 2)];
    let mut value: Value = serde_json::from_str(&file(&runs)).unwrap();
    edit(&mut value["runs"][1]);
    match parse_runs(&value.to_string()) {
        Ok(runs) => panic!("imported {} runs", runs.len()),
        Err(e) => e,
    }
}

#[track_caller]
fn names(err: &str, field: &str, reason: &str) {
    assert!(err.starts_with("run 2 ('two'): "), "the run is named: {err}");
    assert!(err.contains(field), "the field {field} is named: {err}");
    assert!(err.contains(reason), "the reason '{reason}' is given: {err}");
}

#[test]
fn a_confusion_matrix_without_classes_is_refused() {
    let err = refusal(|r| r["report"]["confusion"] = json!({ "classes": 0, "counts": [] }));
    names(&err, "report.confusion.classes", "must be the run's 2 classes, got 0");
    let err = refusal(|r| r["report"]["classes"] = json!([]));
    names(&err, "report.classes", "a run has 1 to 1000 classes, got 0");
    let too_many: Vec<String> = (0..1001).map(|i| i.to_string()).collect();
    let err = refusal(|r| r["report"]["classes"] = json!(too_many));
    names(&err, "report.classes", "got 1001");
}

#[test]
fn a_confusion_matrix_that_is_not_square_or_not_the_runs_is_refused() {
    let err = refusal(|r| r["report"]["confusion"] = json!({ "classes": 2, "counts": [[1, 2], [3]] }));
    names(&err, "confusion counts", "must be 2 rows of 2");
    let err = refusal(|r| {
        r["report"]["confusion"] = json!({ "classes": 3, "counts": [[1, 0, 0], [0, 1, 0], [0, 0, 1]] })
    });
    names(&err, "report.confusion.classes", "got 3");
    let big = 1u64 << 53;
    let err = refusal(|r| r["report"]["confusion"] = json!({ "classes": 2, "counts": [[big, 0], [0, 1]] }));
    names(&err, "report.confusion.counts", "add up to more than");
    // A matrix built in memory (not read from JSON) is checked the same way.
    let mut hand = run("hand", 0.01, &[0.6], 1);
    hand.report.confusion = Some(Confusion { classes: 2, counts: vec![1, 2, 3] });
    assert_eq!(check_run(&hand).unwrap_err(), "report.confusion.counts must be 2 rows of 2");
}

#[test]
fn billions_of_epochs_are_refused() {
    let err = refusal(|r| r["report"]["config"]["epochs"] = json!(2_000_000_000u64));
    names(&err, "report.config.epochs", "epochs must be 1..1000, got 2000000000");
    let err = refusal(|r| r["report"]["epochs"][1]["epoch"] = json!(2_000_000_000u64));
    names(&err, "report.epochs[1].epoch", "got 2000000000");
    let err = refusal(|r| r["report"]["best_epoch"] = json!(0));
    names(&err, "report.best_epoch", "got 0");
    let err = refusal(|r| {
        let epoch = r["report"]["epochs"][0].clone();
        r["report"]["epochs"] = json!(vec![epoch; 1001]);
    });
    names(&err, "report.epochs", "1001 entries, more than the 1000");
}

#[test]
fn a_nan_or_out_of_range_number_is_refused() {
    // JSON writes a NaN or infinite loss as null.
    let err = refusal(|r| r["report"]["epochs"][0]["val_loss"] = Value::Null);
    names(&err, "report.epochs[0].val_loss", "is null, not a number");
    let err = refusal(|r| r["report"]["seconds"] = Value::Null);
    names(&err, "report.seconds", "is null");
    let err = refusal(|r| r["report"]["epochs"][1]["val_accuracy"] = json!(1.5));
    names(&err, "report.epochs[1].val_accuracy", "must be in [0, 1], got 1.5");
    let err = refusal(|r| r["report"]["epochs"][0]["seconds"] = json!(-1));
    names(&err, "report.epochs[0].seconds", "got -1");
    let err = refusal(|r| r["report"]["config"]["lr"] = json!(50));
    names(&err, "report.config.lr", "lr must be in (0, 10], got 50");
    let err = refusal(|r| r["report"]["test_accuracy"] = json!(-0.5));
    names(&err, "report.test_accuracy", "got -0.5");
    let err = refusal(|r| r["report"]["normalize_std"] = json!([0.1, 0.2, 0.3, 0.4, 0.5]));
    names(&err, "report.normalize_std", "5 entries");
    let err = refusal(|r| r["grid"] = json!({ "grid": "g", "combination": 0, "repeat": 3, "repeats": 2 }));
    names(&err, "grid.repeat", "below grid.repeats (2), got 3");
    // A record built in memory may hold a NaN itself.
    let mut nan = run("nan", 0.01, &[0.6], 1);
    nan.report.epochs[0].train_loss = f64::NAN;
    assert_eq!(check_run(&nan).unwrap_err(), "report.epochs[0].train_loss must be a finite number, got NaN");
    nan.report.epochs[0].train_loss = 1.0;
    nan.report.timing.total_ms = f64::INFINITY;
    assert_eq!(check_run(&nan).unwrap_err(), "report.timing.total_ms must be a finite number, got inf");
}

#[test]
fn texts_longer_than_their_limit_are_refused_and_the_run_still_named() {
    let long = "x".repeat(NAME_CHARS + 1);
    let err = refusal(|r| r["name"] = json!(long));
    assert!(err.starts_with(&format!("run 2 ('{}…'): ", "x".repeat(59))), "a shortened name: {err}");
    assert!(err.ends_with("name is 501 characters long, more than the 500 allowed"), "{err}");
    let err = refusal(|r| r["note"] = json!("n".repeat(10_001)));
    names(&err, "note", "10001 characters long");
    let err = refusal(|r| r["report"]["classes"][1] = json!("c".repeat(600)));
    names(&err, "report.classes[1]", "600 characters");
    // Characters, not bytes: a name of 500 two-byte letters is within the limit.
    let mut wide = run("wide", 0.01, &[0.6], 1);
    wide.name = "ñ".repeat(NAME_CHARS);
    assert_eq!(parse_runs(&file(&[wide])).unwrap().len(), 1);
}

#[test]
fn a_folder_message_quoting_too_long_a_detail_is_refused() {
    use aula::data::notes::FolderFailure;
    use aula::data::summary::DatasetSummary;
    let long = "d".repeat(20_000);
    let failed = |detail: &str| {
        let note = FolderFailure::ZipUnreadable { name: "roto.zip".into(), detail: detail.into() };
        serde_json::to_value(DatasetSummary::failed(
            "roto.zip",
            28,
            true,
            "roto.zip: not a readable .zip".into(),
            Some(note),
        ))
        .unwrap()
    };
    let err = refusal(|r| r["report"]["data"] = failed(&long));
    names(&err, "report.data.error_note", "characters long");
    let err = refusal(|r| {
        let mut data = failed("short");
        data["skipped"] = json!([{ "path": "a/b.jpg", "reason": "truncated", "note": { "id": "skip-corrupt", "detail": long } }]);
        r["report"]["data"] = data;
    });
    names(&err, "report.data.skipped[0].note", "characters long");
}

#[test]
fn one_bad_run_refuses_the_whole_file() {
    let err = refusal(|r| r["report"]["confusion"] = json!({ "classes": 0, "counts": [] }));
    assert!(err.starts_with("run 2"), "{err}");
    // The same file without the bad run, and runs with a real confusion matrix and report, read.
    let mut good = run("good", 0.01, &[0.6, 0.7], 2);
    let mut confusion = Confusion::new(2);
    confusion.add_batch(&[0, 1, 1], &[0, 1, 0]);
    good.report.report = Some(confusion.report());
    good.report.confusion = Some(confusion);
    let back = parse_runs(&file(&[run("one", 0.01, &[0.6], 1), good])).unwrap();
    assert_eq!(back.len(), 2);
    assert_eq!(back[1].report.confusion.as_ref().unwrap().classes, 2);
}

#[test]
fn csv_text_cells_that_a_spreadsheet_would_run_are_escaped() {
    let mut hostile = run("=HYPERLINK(\"x\")", 0.01, &[0.6], 1);
    hostile.note = "@SUM(A1)".into();
    hostile.report.config.init_a = -0.5;
    hostile.report.config.init_b = 0.5;
    let mut tame = run("plain", 0.01, &[0.6], 1);
    tame.note = "-leading dash".into();
    let text = runs_csv(&[hostile, tame]).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "quoted, quotes doubled, a leading ': {text}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(&rows[0][col("name")], "'=HYPERLINK(\"x\")");
    assert_eq!(&rows[0][col("note")], "'@SUM(A1)");
    assert_eq!(&rows[1][col("note")], "'-leading dash");
    assert_eq!(&rows[1][col("name")], "plain", "other text is as it was");
    assert_eq!(&rows[0][col("created")], "2026-12-01T10:00:00Z");
    assert_eq!(&rows[0][col("init_a")], "-0.5", "a negative setting is a number");
    assert_eq!(&rows[0][col("hidden")], "256,128");

    for (cell, escaped) in [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\t=x", "'\t=x"),
        ("\r=x", "'\r=x"),
        ("a=b", "a=b"),
        ("", ""),
    ] {
        assert_eq!(text_cell(cell), escaped, "{cell:?}");
    }

    // The epochs CSV holds numbers only: a negative one is written as it is.
    let mut epochs = run("e", 0.01, &[0.6], 1).report.epochs;
    epochs[0].train_loss = -1.5;
    let text = epochs_csv(&epochs).unwrap();
    assert_eq!(text.lines().nth(1).unwrap().split(',').nth(1), Some("-1.5"), "{text}");
}
