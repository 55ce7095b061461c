//! What an imported run must be before the page keeps it. A runs file may have been edited by
//! hand or made by another program: every number is checked against the limits a run made
//! here keeps (`config::limits`), every text against a length, so no chart, table or CSV is
//! later handed a record it cannot show. Each refusal names the field, as the file spells its
//! path, and the reason.

use serde_json::Value;

use super::runs::StoredRun;
use super::{Confusion, EpochRecord, Report};
use crate::config::limits;

/// Characters a run's name may have.
pub const NAME_CHARS: usize = 500;
/// Characters a run's note may have.
pub const NOTE_CHARS: usize = 10_000;
/// Dates, versions, grid ids.
const SHORT_CHARS: usize = 200;
/// Class and folder names (a file system allows 255 bytes).
const CLASS_NAME_CHARS: usize = 512;
/// Messages and paths the run or its dataset summary carries.
const MESSAGE_CHARS: usize = 4096;
/// Counts travel through JavaScript numbers, exact up to 2^53 - 1.
const COUNT_MAX: u64 = limits::SEED_MAX;
/// Values of a normalisation per channel (RGB or gray).
const CHANNELS_MAX: usize = 4;

/// The keys of an epoch record that are numbers: a loss that became NaN or infinite is
/// written as `null` by JSON, which is named here rather than by serde's "invalid type".
const EPOCH_NUMBERS: [&str; 7] =
    ["train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds", "epoch"];

/// Before the typed reading: the numbers a JSON file cannot hold (NaN, ±inf are written as
/// `null`) named by field, where serde would only say "invalid type: null".
pub fn numbers_present(run: &Value) -> Result<(), String> {
    let report = &run["report"];
    let missing = |field: String, value: &Value| -> Result<(), String> {
        if value.is_null() {
            Err(format!("{field} is null, not a number (JSON writes a NaN or infinite value so)"))
        } else {
            Ok(())
        }
    };
    if let Some(epochs) = report["epochs"].as_array() {
        for (i, epoch) in epochs.iter().enumerate().take(limits::EPOCHS.end() + 1) {
            for key in EPOCH_NUMBERS {
                if let Some(value) = epoch.get(key) {
                    missing(format!("report.epochs[{i}].{key}"), value)?;
                }
            }
        }
    }
    if let Some(value) = report.get("seconds") {
        missing("report.seconds".into(), value)?;
    }
    for key in ["normalize_mean", "normalize_std"] {
        if let Some(values) = report[key].as_array() {
            for (i, value) in values.iter().enumerate().take(CHANNELS_MAX + 1) {
                missing(format!("report.{key}[{i}]"), value)?;
            }
        }
    }
    Ok(())
}

fn text(field: &str, value: &str, max: usize) -> Result<(), String> {
    // Bytes bound characters from above: a long text is refused without counting it all.
    if value.len() > max && value.chars().count() > max {
        return Err(format!(
            "{field} is {} characters long, more than the {max} allowed",
            value.chars().count()
        ));
    }
    Ok(())
}

fn items(field: &str, len: usize, max: usize) -> Result<(), String> {
    if len > max {
        return Err(format!("{field} has {len} entries, more than the {max} allowed"));
    }
    Ok(())
}

fn finite(field: &str, v: f64) -> Result<(), String> {
    if !v.is_finite() {
        return Err(format!("{field} must be a finite number, got {v}"));
    }
    Ok(())
}

fn within(field: &str, v: f64, lo: f64, hi: f64) -> Result<(), String> {
    finite(field, v)?;
    if !(lo..=hi).contains(&v) {
        return Err(format!("{field} must be in [{lo}, {hi}], got {v}"));
    }
    Ok(())
}

fn count(field: &str, n: u64) -> Result<(), String> {
    if n > COUNT_MAX {
        return Err(format!("{field} must be at most {COUNT_MAX}, got {n}"));
    }
    Ok(())
}

/// An epoch number: 1 up to the epochs a run may have.
fn epoch_number(field: &str, epoch: usize) -> Result<(), String> {
    if !limits::EPOCHS.contains(&epoch) {
        return Err(format!(
            "{field} must be {}..{} (the epochs a run may have), got {epoch}",
            limits::EPOCHS.start(),
            limits::EPOCHS.end()
        ));
    }
    Ok(())
}

/// Every field of `run` within the limits a run made here keeps; the first one that is not,
/// as `field: reason`.
pub fn check_run(run: &StoredRun) -> Result<(), String> {
    // An id grows a suffix each time a file is imported into a page that has the run already.
    text("id", &run.id, NAME_CHARS)?;
    text("name", &run.name, NAME_CHARS)?;
    text("created", &run.created, SHORT_CHARS)?;
    text("note", &run.note, NOTE_CHARS)?;
    if let Some(grid) = &run.grid {
        text("grid.grid", &grid.grid, SHORT_CHARS)?;
        let repeats = crate::config::grid::MAX_REPEATS;
        if !(1..=repeats).contains(&grid.repeats) {
            return Err(format!("grid.repeats must be 1..{repeats}, got {}", grid.repeats));
        }
        if grid.repeat >= grid.repeats {
            return Err(format!(
                "grid.repeat must be below grid.repeats ({}), got {}",
                grid.repeats, grid.repeat
            ));
        }
        let runs = crate::config::grid::MAX_RUNS;
        if grid.combination >= runs {
            return Err(format!("grid.combination must be below {runs}, got {}", grid.combination));
        }
        if let Some(identity) = &grid.identity {
            for (field, value) in [("id", &identity.id), ("grid", &identity.grid), ("data", &identity.data)] {
                text(&format!("grid.identity.{field}"), value, SHORT_CHARS)?;
            }
            if !(1..=runs).contains(&identity.combinations) || grid.combination >= identity.combinations {
                return Err(format!(
                    "grid.identity.combinations must be 1..{runs} and above grid.combination ({}), got {}",
                    grid.combination, identity.combinations
                ));
            }
            if identity.repeats != grid.repeats {
                return Err(format!(
                    "grid.identity.repeats must be grid.repeats ({}), got {}",
                    grid.repeats, identity.repeats
                ));
            }
        }
    }
    let r = &run.report;
    if let Some(problem) = r.config.problems().into_iter().next() {
        return Err(format!("report.config.{}: {}", problem.keys[0], problem.said.english()));
    }
    let classes = r.classes.len();
    if !(1..=limits::CLASSES).contains(&classes) {
        return Err(format!("report.classes: a run has 1 to {} classes, got {classes}", limits::CLASSES));
    }
    for (i, name) in r.classes.iter().enumerate() {
        text(&format!("report.classes[{i}]"), name, CLASS_NAME_CHARS)?;
    }
    items("report.epochs", r.epochs.len(), *limits::EPOCHS.end())?;
    for (i, epoch) in r.epochs.iter().enumerate() {
        check_epoch(&format!("report.epochs[{i}]"), epoch)?;
    }
    for (field, epoch) in [("report.best_epoch", r.best_epoch), ("report.weights_epoch", r.weights_epoch)] {
        if let Some(epoch) = epoch {
            epoch_number(field, epoch)?;
        }
    }
    if let Some(confusion) = &r.confusion {
        check_confusion(confusion, classes)?;
    }
    if let Some(report) = &r.report {
        check_report(report, classes)?;
    }
    for (field, n) in [
        ("report.params", r.params),
        ("report.train_count", r.train_count),
        ("report.val_count", r.val_count),
        ("report.test_count", r.test_count),
    ] {
        count(field, n as u64)?;
    }
    if let Some(accuracy) = r.test_accuracy {
        within("report.test_accuracy", accuracy, 0.0, 1.0)?;
    }
    if let Some(loss) = r.test_loss {
        finite("report.test_loss", loss)?;
    }
    for (key, values) in [("normalize_mean", &r.normalize_mean), ("normalize_std", &r.normalize_std)] {
        items(&format!("report.{key}"), values.len(), CHANNELS_MAX)?;
        for (i, &v) in values.iter().enumerate() {
            finite(&format!("report.{key}[{i}]"), v)?;
        }
    }
    if let Some(halted) = &r.halted {
        text("report.halted", halted, MESSAGE_CHARS)?;
    }
    within("report.seconds", r.seconds, 0.0, f64::MAX)?;
    text("report.aula_version", &r.aula_version, SHORT_CHARS)?;
    let t = &r.timing;
    for (key, ms) in [
        ("total_ms", t.total_ms),
        ("setup_ms", t.setup_ms),
        ("started_ms", t.started_ms),
        ("batches_ms", t.batches_ms),
        ("steps_ms", t.steps_ms),
        ("evaluation_ms", t.evaluation_ms),
        ("histograms_ms", t.histograms_ms),
        ("messages_ms", t.messages_ms),
    ] {
        within(&format!("report.timing.{key}"), ms, 0.0, f64::MAX)?;
    }
    if let Some(data) = &r.data {
        check_data(data)?;
    }
    Ok(())
}

fn check_epoch(field: &str, e: &EpochRecord) -> Result<(), String> {
    epoch_number(&format!("{field}.epoch"), e.epoch)?;
    finite(&format!("{field}.train_loss"), e.train_loss)?;
    finite(&format!("{field}.val_loss"), e.val_loss)?;
    within(&format!("{field}.train_accuracy"), e.train_accuracy, 0.0, 1.0)?;
    within(&format!("{field}.val_accuracy"), e.val_accuracy, 0.0, 1.0)?;
    within(&format!("{field}.lr"), e.lr, 0.0, f64::MAX)?;
    within(&format!("{field}.seconds"), e.seconds, 0.0, f64::MAX)
}

/// Square, one row and column per class, and counts whose sum JavaScript holds exactly. (A
/// ragged matrix is refused by `Confusion`'s own reading; a hand-built one is checked here.)
fn check_confusion(c: &Confusion, classes: usize) -> Result<(), String> {
    if c.classes != classes {
        return Err(format!(
            "report.confusion.classes must be the run's {classes} classes, got {}",
            c.classes
        ));
    }
    if c.counts.len() != classes * classes {
        return Err(format!("report.confusion.counts must be {classes} rows of {classes}"));
    }
    let total = c.counts.iter().try_fold(0u64, |sum, &n| sum.checked_add(n).filter(|&s| s <= COUNT_MAX));
    if total.is_none() {
        return Err(format!("report.confusion.counts add up to more than {COUNT_MAX}"));
    }
    Ok(())
}

fn check_report(report: &Report, classes: usize) -> Result<(), String> {
    if report.per_class.len() != classes {
        return Err(format!(
            "report.report.per_class must have a row per class ({classes}), got {}",
            report.per_class.len()
        ));
    }
    within("report.report.accuracy", report.accuracy, 0.0, 1.0)?;
    let rows =
        report.per_class.iter().enumerate().map(|(i, row)| (format!("report.report.per_class[{i}]"), row));
    let averages = [
        ("report.report.macro_avg".to_string(), &report.macro_avg),
        ("report.report.weighted_avg".to_string(), &report.weighted_avg),
    ];
    for (field, row) in rows.chain(averages) {
        within(&format!("{field}.precision"), row.precision, 0.0, 1.0)?;
        within(&format!("{field}.recall"), row.recall, 0.0, 1.0)?;
        within(&format!("{field}.f1"), row.f1, 0.0, 1.0)?;
        count(&format!("{field}.support"), row.support)?;
    }
    Ok(())
}

fn check_data(d: &crate::data::summary::DatasetSummary) -> Result<(), String> {
    text("report.data.name", &d.name, CLASS_NAME_CHARS)?;
    text("report.data.layout", &d.layout, MESSAGE_CHARS)?;
    items("report.data.classes", d.classes.len(), limits::CLASSES)?;
    for (key, list) in [("classes", &d.classes), ("excluded", &d.excluded)] {
        items(&format!("report.data.{key}"), list.len(), limits::FILES)?;
        for (i, class) in list.iter().enumerate() {
            text(&format!("report.data.{key}[{i}].name"), &class.name, CLASS_NAME_CHARS)?;
        }
    }
    items("report.data.skipped", d.skipped.len(), limits::FILES)?;
    for (i, skipped) in d.skipped.iter().enumerate() {
        text(&format!("report.data.skipped[{i}].path"), &skipped.path, MESSAGE_CHARS)?;
        text(&format!("report.data.skipped[{i}].reason"), &skipped.reason, MESSAGE_CHARS)?;
        if let Some(note) = &skipped.note {
            text(&format!("report.data.skipped[{i}].note"), &note.english(), MESSAGE_CHARS)?;
        }
    }
    items("report.data.warnings", d.warnings.len(), limits::FILES)?;
    for (i, warning) in d.warnings.iter().enumerate() {
        text(&format!("report.data.warnings[{i}]"), warning, MESSAGE_CHARS)?;
    }
    // The same sentences as messages for the page: their names (a class's) are as long as
    // the sentence lets them be.
    items("report.data.notes", d.notes.len(), limits::FILES)?;
    for (i, note) in d.notes.iter().enumerate() {
        text(&format!("report.data.notes[{i}]"), &note.english(), MESSAGE_CHARS)?;
    }
    if let Some(layout) = &d.layout_note {
        text("report.data.layout_note", &layout.english(), MESSAGE_CHARS)?;
    }
    if let Some(error) = &d.error {
        text("report.data.error", error, MESSAGE_CHARS)?;
    }
    if let Some(error) = &d.error_note {
        text("report.data.error_note", &error.english(), MESSAGE_CHARS)?;
    }
    for (key, n) in
        [("train", d.train), ("val", d.val), ("test", d.test), ("files", d.files), ("ignored", d.ignored)]
    {
        count(&format!("report.data.{key}"), n as u64)?;
    }
    Ok(())
}
