//! Runs as the runs table keeps, exports and imports them: a name, a note, how the run ended
//! and its report; and the CSV a spreadsheet (or pandas, or MLflow) reads.

use serde::{Deserialize, Serialize};

use super::{EpochRecord, RunReport};

/// What the runs file says it is.
pub const FORMAT: &str = "aula-runs";
pub const VERSION: u32 = 1;

/// How a run ended (or that it has not).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Running,
    Done,
    Stopped,
    EarlyStopped,
    Halted,
    /// The page was closed or reloaded, or the worker died, before the run ended: its finished
    /// epochs are kept.
    Interrupted,
}

/// A grid run's place in its grid.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct GridPlace {
    pub grid: String,
    pub combination: usize,
    pub repeat: usize,
    /// Seeds each combination of the grid runs with.
    #[serde(default = "one")]
    pub repeats: usize,
    /// What names its grid across pages (spec, shared settings, data), for merging shards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<crate::config::shard::GridIdentity>,
}

fn one() -> usize {
    1
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct StoredRun {
    pub id: String,
    pub name: String,
    /// When it started, ISO 8601.
    pub created: String,
    pub status: RunStatus,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub grid: Option<GridPlace>,
    pub report: RunReport,
}

/// A runs file as exported: `{"format": "aula-runs", "version": 1, "runs": [...]}`.
#[derive(Serialize, Deserialize)]
struct RunsFile {
    format: String,
    version: u32,
    runs: Vec<serde_json::Value>,
}

/// The runs of an exported file, all of them or none: an error names the run and what is
/// wrong with it.
pub fn parse_runs(text: &str) -> Result<Vec<StoredRun>, String> {
    let file: RunsFile = serde_json::from_str(text).map_err(|e| format!("not an aula runs file: {e}"))?;
    if file.format != FORMAT {
        return Err(format!("not an aula runs file (format '{}')", file.format));
    }
    if file.version != VERSION {
        return Err(format!(
            "runs file version {} is not one this page reads (it reads {VERSION})",
            file.version
        ));
    }
    file.runs
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let name = shown_name(value.get("name").and_then(|n| n.as_str()).unwrap_or(""));
            let refused = |e: String| format!("run {} ('{name}'): {e}", i + 1);
            super::runs_check::numbers_present(&value).map_err(refused)?;
            let run = serde_json::from_value::<StoredRun>(value).map_err(|e| refused(e.to_string()))?;
            super::runs_check::check_run(&run).map_err(refused)?;
            Ok(run)
        })
        .collect()
}

/// Characters of a run's name a message quotes: a name too long to import is still named.
const SHOWN_NAME_CHARS: usize = 60;

fn shown_name(name: &str) -> String {
    if name.chars().count() <= SHOWN_NAME_CHARS {
        name.to_string()
    } else {
        name.chars().take(SHOWN_NAME_CHARS - 1).chain(['…']).collect()
    }
}

/// The reported epoch's record, if any.
fn reported(report: &RunReport) -> Option<&EpochRecord> {
    report.best_epoch.and_then(|e| report.epochs.iter().find(|r| r.epoch == e)).or(report.epochs.last())
}

/// Summary columns after the settings, by name.
pub const METRICS: [&str; 11] = [
    "best_epoch",
    "best_val_accuracy",
    "val_accuracy",
    "val_loss",
    "train_loss",
    "test_accuracy",
    "test_loss",
    "epochs",
    "params",
    "seconds",
    "note",
];

/// A text cell as a spreadsheet should read it. Excel, LibreOffice and Google Sheets take a
/// cell starting with `=`, `+`, `-` or `@` as a formula (some skip a leading tab or carriage
/// return first), so a run named `=HYPERLINK(…)` would become a live link: such a cell gets a
/// leading `'`, as OWASP advises against CSV injection. Only text goes through here, never a
/// number column (a negative number stays a number).
pub fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() }
}

/// A setting's value: a number as it is (`init_a` is negative by default), anything else (a
/// choice, a list) as text.
fn setting_cell(value: &str) -> String {
    if value.parse::<f64>().is_ok_and(f64::is_finite) { value.to_string() } else { text_cell(value) }
}

/// One row per run: name, status, created, backend, every setting by its config key, then the
/// metrics of `METRICS` (`val_*` and `train_loss` are the reported epoch's). Text cells are
/// escaped by `text_cell`; the csv crate quotes fields with commas, quotes and line breaks.
pub fn runs_csv(runs: &[StoredRun]) -> Result<String, String> {
    let keys: Vec<String> =
        crate::config::TrainConfig::default().to_pairs().into_iter().map(|(k, _)| k).collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["name", "status", "created", "backend"].map(String::from).to_vec();
    header.extend(keys.iter().cloned());
    header.extend(METRICS.map(String::from));
    out.write_record(&header).map_err(|e| e.to_string())?;
    let number = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    for run in runs {
        let r = &run.report;
        let pairs = r.config.to_pairs();
        let mut row: Vec<String> = vec![
            text_cell(&run.name),
            serde_json::to_value(run.status)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            text_cell(&run.created),
            serde_json::to_value(r.backend)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
        ];
        row.extend(keys.iter().map(|k| {
            pairs.iter().find(|(key, _)| key == k).map(|(_, v)| setting_cell(v)).unwrap_or_default()
        }));
        let best_val = r
            .epochs
            .iter()
            .map(|e| e.val_accuracy)
            .filter(|v| v.is_finite())
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
        let at = reported(r);
        row.extend([
            r.best_epoch.map_or(String::new(), |e| e.to_string()),
            number(best_val),
            number(at.map(|e| e.val_accuracy)),
            number(at.map(|e| e.val_loss)),
            number(at.map(|e| e.train_loss)),
            number(r.test_accuracy),
            number(r.test_loss),
            r.epochs.len().to_string(),
            r.params.to_string(),
            r.seconds.to_string(),
            text_cell(&run.note),
        ]);
        out.write_record(&row).map_err(|e| e.to_string())?;
    }
    String::from_utf8(out.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

/// A run's epochs, one row each, with the export's key names as the header. Every cell is a
/// number or true/false, so none needs `text_cell`.
pub fn epochs_csv(epochs: &[EpochRecord]) -> Result<String, String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "epoch",
        "train_loss",
        "train_accuracy",
        "val_loss",
        "val_accuracy",
        "lr",
        "seconds",
        "partial",
    ])
    .map_err(|e| e.to_string())?;
    for e in epochs {
        out.write_record([
            e.epoch.to_string(),
            e.train_loss.to_string(),
            e.train_accuracy.to_string(),
            e.val_loss.to_string(),
            e.val_accuracy.to_string(),
            e.lr.to_string(),
            e.seconds.to_string(),
            e.partial.to_string(),
        ])
        .map_err(|e| e.to_string())?;
    }
    String::from_utf8(out.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}
