//! The classification report against a case worked by hand.

use aula::report::{ClassReport, Confusion, Report};

const EPS: f64 = 1e-12;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < EPS
}

fn assert_row(got: &ClassReport, precision: f64, recall: f64, f1: f64, support: u64) {
    assert!(close(got.precision, precision), "precision {} != {precision}", got.precision);
    assert!(close(got.recall, recall), "recall {} != {recall}", got.recall);
    assert!(close(got.f1, f1), "f1 {} != {f1}", got.f1);
    assert_eq!(got.support, support);
}

/// Classes: 0 = cat, 1 = dog (never predicted), 2 = bird (no samples, but predicted twice).
///
/// Pairs (true, predicted): (0,0) x3, (0,2) x1, (1,0) x2, (1,2) x1. Seven samples.
///
/// ```text
///              pred cat  pred dog  pred bird   support
/// true cat         3         0         1          4
/// true dog         2         0         1          3
/// true bird        0         0         0          0
/// predicted        5         0         2          7
/// ```
fn worked_case() -> Confusion {
    let truth = [0, 0, 0, 0, 1, 1, 1];
    let predicted = [0, 0, 0, 2, 0, 0, 2];
    let mut c = Confusion::new(3);
    c.add_batch(&truth, &predicted);
    c
}

#[test]
fn confusion_counts_and_accuracy() {
    let c = worked_case();
    assert_eq!(c.counts, vec![3, 0, 1, 2, 0, 1, 0, 0, 0]);
    assert_eq!(c.count(0, 0), 3);
    assert_eq!(c.count(1, 0), 2);
    assert_eq!(c.count(1, 2), 1);
    assert_eq!(c.total(), 7);
    assert_eq!((c.support(0), c.support(1), c.support(2)), (4, 3, 0));
    assert_eq!((c.predicted(0), c.predicted(1), c.predicted(2)), (5, 0, 2));
    // Diagonal 3 + 0 + 0 = 3 of 7.
    assert!(close(c.accuracy(), 3.0 / 7.0));

    let mut single = Confusion::new(3);
    single.add(2, 1);
    assert_eq!(single.count(2, 1), 1);
    assert_eq!(single.total(), 1);
}

#[test]
fn row_normalised_has_zero_rows_not_nan() {
    let n = worked_case().row_normalised();
    // cat row 3,0,1 of 4; dog row 2,0,1 of 3; bird row empty -> zeros.
    let want = [0.75, 0.0, 0.25, 2.0 / 3.0, 0.0, 1.0 / 3.0, 0.0, 0.0, 0.0];
    assert_eq!(n.len(), 9);
    for (g, w) in n.iter().zip(want) {
        assert!(close(*g, w), "{n:?}");
    }
    assert!(Confusion::new(4).row_normalised().iter().all(|&v| v == 0.0));
}

#[test]
fn report_matches_hand_arithmetic() {
    let r = Report::from_confusion(&worked_case());
    assert_eq!(r.per_class.len(), 3);

    // cat: precision = 3 / 5 = 0.6, recall = 3 / 4 = 0.75,
    //      f1 = 2 * 0.6 * 0.75 / (0.6 + 0.75) = 0.9 / 1.35 = 2/3 (= 2*3 / (5 + 4)).
    assert_row(&r.per_class[0], 0.6, 0.75, 2.0 / 3.0, 4);
    // dog: never predicted -> precision 0 (zero_division=0); recall = 0 / 3 = 0; f1 = 0.
    assert_row(&r.per_class[1], 0.0, 0.0, 0.0, 3);
    // bird: predicted twice, both wrong -> precision 0 / 2 = 0; no support -> recall 0; f1 0.
    assert_row(&r.per_class[2], 0.0, 0.0, 0.0, 0);

    // accuracy = 3 / 7.
    assert!(close(r.accuracy, 3.0 / 7.0));
    // macro: precision (0.6 + 0 + 0) / 3 = 0.2; recall (0.75 + 0 + 0) / 3 = 0.25;
    //        f1 (2/3 + 0 + 0) / 3 = 2/9; support = 7.
    assert_row(&r.macro_avg, 0.2, 0.25, 2.0 / 9.0, 7);
    // weighted by support 4, 3, 0 over 7:
    //   precision (0.6*4 + 0*3 + 0*0) / 7 = 2.4 / 7
    //   recall    (0.75*4) / 7 = 3 / 7 (weighted recall is always the accuracy)
    //   f1        (2/3 * 4) / 7 = 8 / 21; support = 7.
    assert_row(&r.weighted_avg, 2.4 / 7.0, 3.0 / 7.0, 8.0 / 21.0, 7);

    let all = r.per_class.iter().chain([&r.macro_avg, &r.weighted_avg]);
    for row in all {
        assert!(!row.precision.is_nan() && !row.recall.is_nan() && !row.f1.is_nan());
    }
    assert!(!r.accuracy.is_nan());
    assert_eq!(worked_case().report(), r);
}

#[test]
fn empty_confusion_gives_zeros_not_nan() {
    let c = Confusion::new(3);
    assert_eq!(c.accuracy(), 0.0);
    let r = c.report();
    assert_eq!(r.accuracy, 0.0);
    for row in r.per_class.iter().chain([&r.macro_avg, &r.weighted_avg]) {
        assert_eq!((row.precision, row.recall, row.f1), (0.0, 0.0, 0.0));
    }
}

#[test]
fn perfect_predictions_score_one() {
    let mut c = Confusion::new(2);
    c.add_batch(&[0, 1, 1], &[0, 1, 1]);
    let r = c.report();
    assert_row(&r.per_class[0], 1.0, 1.0, 1.0, 1);
    assert_row(&r.per_class[1], 1.0, 1.0, 1.0, 2);
    assert_row(&r.macro_avg, 1.0, 1.0, 1.0, 3);
    assert_row(&r.weighted_avg, 1.0, 1.0, 1.0, 3);
    assert_eq!(r.accuracy, 1.0);
}

#[test]
fn serde_uses_nested_rows_and_field_names() {
    let c = worked_case();
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json, serde_json::json!({"classes": 3, "counts": [[3, 0, 1], [2, 0, 1], [0, 0, 0]]}));
    let back: Confusion = serde_json::from_value(json).unwrap();
    assert_eq!(back, c);
    assert!(serde_json::from_str::<Confusion>(r#"{"classes": 2, "counts": [[1, 2]]}"#).is_err());

    let r = serde_json::to_value(c.report()).unwrap();
    assert_eq!(r["per_class"][0]["precision"], 0.6);
    assert_eq!(r["per_class"][1]["support"], 3);
    assert_eq!(r["macro_avg"]["support"], 7);
    assert!(r["weighted_avg"]["f1"].is_number());
    assert!(r["accuracy"].is_number());
}

#[test]
#[should_panic]
fn out_of_range_class_panics() {
    Confusion::new(2).add(2, 0);
}

#[test]
fn top_confusions_are_the_largest_off_diagonal_cells() {
    let mut c = Confusion::new(3);
    // (0,1) x3, (2,0) x3, (1,2) x1, diagonal ignored.
    c.add_batch(&[0, 0, 0, 2, 2, 2, 1, 1, 1], &[1, 1, 1, 0, 0, 0, 2, 1, 1]);
    assert_eq!(c.top_confusions(10), vec![(0, 1, 3), (2, 0, 3), (1, 2, 1)]);
    assert_eq!(c.top_confusions(1), vec![(0, 1, 3)]);
    assert!(Confusion::new(4).top_confusions(5).is_empty());
}
