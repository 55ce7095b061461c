//! Exports for the page's main thread: the config codec and the charts.

use plotters::prelude::*;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::canvas::Canvas;

use crate::config::grid::{Grid, GridPlan};
use crate::config::presets::PRESETS;
use crate::config::shard::{GridIdentity, Shard, data_fingerprint};
use crate::config::{PairProblem, TrainConfig};
use crate::protocol::Guess;
use crate::report::charts::{
    CurveData, HEATMAP_MAX_CLASSES, ParallelAxis, PlotArea, Scale, Series, confusion_cell_at, draw_confusion,
    draw_curves, draw_histograms, draw_overlay, draw_parallel, draw_prediction, set_words,
};
use crate::report::merge::merge_texts;
use crate::report::runs::{StoredRun, epochs_csv, parse_runs, runs_csv};
use crate::report::{Confusion, EpochRecord, Histogram, Report, StepLoss};

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Whether a WebGPU adapter is a software one, by the worker's own rule (for the grid's lanes).
#[wasm_bindgen(js_name = softwareAdapter)]
pub fn software_adapter(description: &str, fallback: bool) -> bool {
    crate::config::software_adapter(description, fallback)
}

#[wasm_bindgen(js_name = defaultConfig)]
pub fn default_config() -> Result<JsValue, JsError> {
    to_js(&TrainConfig::default())
}

/// `[[key, value], ...]` (e.g. from `URLSearchParams`) -> a checked config, or an error that
/// names each bad setting (its `said`: the problems as messages of the catalogues).
#[wasm_bindgen(js_name = configFromPairs)]
pub fn config_from_pairs(pairs: JsValue) -> Result<JsValue, JsValue> {
    let pairs: Vec<(String, String)> = from_js(pairs)?;
    match TrainConfig::checked_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
        Ok(config) => Ok(to_js(&config)?),
        Err(problems) => Err(said_error(
            &PairProblem::all_english(&problems),
            &problems.iter().map(PairProblem::said).collect::<Vec<_>>(),
        )),
    }
}

/// A URL's `[[key, value], ...]` -> `{ config, problems }`: the valid settings applied, each
/// bad one left at its default and named in `problems` (messages of the catalogues).
#[wasm_bindgen(js_name = configFromUrl)]
pub fn config_from_url(pairs: JsValue) -> Result<JsValue, JsError> {
    let pairs: Vec<(String, String)> = from_js(pairs)?;
    let (config, problems) = TrainConfig::from_url(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    #[derive(Serialize)]
    struct FromUrl {
        config: TrainConfig,
        problems: Vec<serde_json::Value>,
    }
    to_js(&FromUrl { config, problems: problems.iter().map(PairProblem::said).collect() })
}

/// The course's labs: `[{id, title, about, url, needs_folder, metric}]`.
#[wasm_bindgen]
pub fn presets() -> Result<JsValue, JsError> {
    to_js(&PRESETS)
}

/// A chart's scale: 1 unless the page asks for larger text and lines (the presenter view).
fn scale(scale: Option<f64>) -> Scale {
    Scale(scale.filter(|s| s.is_finite() && *s > 0.0).unwrap_or(1.0))
}

/// A config object -> `[[key, value], ...]` for the URL.
#[wasm_bindgen(js_name = configToPairs)]
pub fn config_to_pairs(config: JsValue) -> Result<JsValue, JsError> {
    let config: TrainConfig =
        serde_wasm_bindgen::from_value(config).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&config.to_pairs())
}

/// The live curves: fed what the worker's `started`, `progress` and `epoch` messages say
/// about them (never whole messages: an `epoch` carries thousands of predictions), drawn on
/// demand.
#[wasm_bindgen]
#[derive(Default)]
pub struct Curves {
    data: CurveData,
}

#[wasm_bindgen]
impl Curves {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Curves {
        Curves::default()
    }

    /// A new run: its steps are placed on the epoch axis by `batches_per_epoch`.
    pub fn start(&mut self, batches_per_epoch: usize, epochs: usize) {
        self.data = CurveData { batches_per_epoch, total_epochs: epochs, ..CurveData::default() };
    }

    /// A progress message's `losses`: `[{step, loss}, ...]`.
    #[wasm_bindgen(js_name = addLosses)]
    pub fn add_losses(&mut self, losses: JsValue) -> Result<(), JsError> {
        let losses: Vec<StepLoss> = from_js(losses)?;
        self.data.steps.extend(losses);
        Ok(())
    }

    /// An epoch message's `record`.
    #[wasm_bindgen(js_name = addEpoch)]
    pub fn add_epoch(&mut self, record: JsValue) -> Result<(), JsError> {
        self.data.epochs.push(from_js::<EpochRecord>(record)?);
        Ok(())
    }

    /// Draws the curves (text and lines × `size`, default 1); returns where each panel's
    /// epoch labels went (`{panels: [[box]]}`).
    pub fn draw(&self, canvas: HtmlCanvasElement, size: Option<f64>) -> Result<JsValue, JsError> {
        let backend = Canvas::new(canvas, "curves")?;
        let layout = draw_curves(&backend.into_drawing_area(), &self.data, scale(size));
        to_js(&layout.map_err(|e| JsError::new(&e))?)
    }
}

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&e.to_string()))
}

/// Draws a confusion matrix (as the worker sends it) with class names; returns where its
/// cells are (`{left, top, right, bottom}` in canvas pixels, for `confusionCellAt`) and where
/// the class names went (`columns`, `rows`).
#[wasm_bindgen(js_name = drawConfusion)]
pub fn draw_confusion_js(
    canvas: HtmlCanvasElement,
    confusion: JsValue,
    names: JsValue,
    normalised: bool,
    size: Option<f64>,
) -> Result<JsValue, JsError> {
    let confusion: Confusion = from_js(confusion)?;
    let names: Vec<String> = from_js(names)?;
    let backend = Canvas::new(canvas, "confusion")?;
    let area = draw_confusion(&backend.into_drawing_area(), &confusion, &names, normalised, scale(size))
        .map_err(|e| JsError::new(&e))?;
    to_js(&area)
}

/// The words every chart draws from now on (titles, axes, legends, notes), in the page's
/// language: `{epoch, loss, accuracy, ...}`; a word left out stays English.
#[wasm_bindgen(js_name = setChartWords)]
pub fn set_chart_words_js(words: JsValue) -> Result<(), JsError> {
    set_words(from_js(words)?);
    Ok(())
}

/// `[true class, predicted class]` under canvas pixel (x, y), or null.
#[wasm_bindgen(js_name = confusionCellAt)]
pub fn confusion_cell_at_js(area: JsValue, classes: usize, x: f64, y: f64) -> Result<JsValue, JsError> {
    let area: PlotArea = from_js(area)?;
    to_js(&confusion_cell_at(&area, classes, x, y))
}

/// Weight or gradient histograms of one epoch, a small chart per layer.
#[wasm_bindgen(js_name = drawHistograms)]
pub fn draw_histograms_js(
    canvas: HtmlCanvasElement,
    title: &str,
    histograms: JsValue,
) -> Result<(), JsError> {
    let histograms: Vec<Histogram> = from_js(histograms)?;
    let backend = Canvas::new(canvas, "histogram")?;
    draw_histograms(&backend.into_drawing_area(), title, &histograms).map_err(|e| JsError::new(&e))
}

/// One image's top classes (`[{class, probability}]`, best first) as a small bar chart.
#[wasm_bindgen(js_name = drawPrediction)]
pub fn draw_prediction_js(
    canvas: HtmlCanvasElement,
    guesses: JsValue,
    classes: JsValue,
) -> Result<(), JsError> {
    let guesses: Vec<Guess> = from_js(guesses)?;
    let classes: Vec<String> = from_js(classes)?;
    let backend = Canvas::new(canvas, "prediction")?;
    draw_prediction(&backend.into_drawing_area(), &guesses, &classes).map_err(|e| JsError::new(&e))
}

/// The `k` largest off-diagonal cells: `[[true class, predicted class, count], ...]`.
#[wasm_bindgen(js_name = topConfusions)]
pub fn top_confusions(confusion: JsValue, k: usize) -> Result<JsValue, JsError> {
    let confusion: Confusion = from_js(confusion)?;
    to_js(&confusion.top_confusions(k))
}

/// Above this many classes the page shows top confusions instead of a heatmap.
#[wasm_bindgen(js_name = heatmapMaxClasses)]
pub fn heatmap_max_classes() -> usize {
    HEATMAP_MAX_CLASSES
}

/// sklearn's classification report for a confusion matrix.
#[wasm_bindgen(js_name = classificationReport)]
pub fn classification_report(confusion: JsValue) -> Result<JsValue, JsError> {
    let confusion: Confusion = from_js(confusion)?;
    to_js(&Report::from_confusion(&confusion))
}

/// Several runs' curves of one metric: `series` is `[{name, points: [[epoch, value]]}]`.
#[wasm_bindgen(js_name = drawOverlay)]
pub fn draw_overlay_js(
    canvas: HtmlCanvasElement,
    series: JsValue,
    metric: &str,
    size: Option<f64>,
) -> Result<JsValue, JsError> {
    let series: Vec<Series> = from_js(series)?;
    let backend = Canvas::new(canvas, "overlay")?;
    let layout = draw_overlay(&backend.into_drawing_area(), &series, metric, scale(size));
    to_js(&layout.map_err(|e| JsError::new(&e))?)
}

/// Parallel coordinates: `axes` and `metric` are `{name, values: [one per run]}`.
#[wasm_bindgen(js_name = drawParallel)]
pub fn draw_parallel_js(
    canvas: HtmlCanvasElement,
    axes: JsValue,
    metric: JsValue,
    higher_is_better: bool,
) -> Result<JsValue, JsError> {
    let axes: Vec<ParallelAxis> = from_js(axes)?;
    let metric: ParallelAxis = from_js(metric)?;
    let backend = Canvas::new(canvas, "parallel-coordinates")?;
    let layout = draw_parallel(&backend.into_drawing_area(), &axes, &metric, higher_is_better);
    to_js(&layout.map_err(|e| JsError::new(&e))?)
}

/// A refusal the page words: a JS `Error` with the English as its message and the problem
/// (`{id, ...args}`, or a list of them) as its `said`.
fn said_error(english: &str, said: &impl Serialize) -> JsValue {
    let error = js_sys::Error::new(english);
    if let Ok(said) = to_js(said) {
        let _ = js_sys::Reflect::set(&error, &"said".into(), &said);
    }
    error.into()
}

/// A grid cut to one shard: `{plan, identity}`. `shard` is `k/n`, `n` (the seat
/// not yet known: the plan is the whole grid), or empty (the whole grid); `files` are the
/// folder's `[path, size]` (none for the demo), which name the grid's data.
#[wasm_bindgen(js_name = gridShard)]
pub fn grid_shard(
    spec: &str,
    base: JsValue,
    repeats: usize,
    shard: &str,
    files: JsValue,
) -> Result<JsValue, JsValue> {
    let base: TrainConfig = from_js(base)?;
    let files: Vec<(String, u64)> = from_js(files)?;
    let plan = Grid::parse(spec)
        .and_then(|grid| grid.plan(&base, repeats))
        .map_err(|e| said_error(&e.english(), &e))?;
    let identity = GridIdentity::of(spec, &plan, repeats, &data_fingerprint(&files));
    let shard = if shard.trim().is_empty() {
        None
    } else {
        Some(Shard::parse(shard).map_err(|e| said_error(&e.english(), &e))?)
    };
    let plan = match shard {
        Some(s) if s.seat.is_some() => s.cut(plan).map_err(|e| said_error(&e.english(), &e))?,
        _ => plan,
    };
    #[derive(Serialize)]
    struct Cut {
        plan: GridPlan,
        identity: GridIdentity,
    }
    Ok(to_js(&Cut { plan, identity })?)
}

/// Runs files (`[[name, text], ...]`) gathered into one grid: `{identity, runs, files,
/// refused, missing, duplicates}`.
#[wasm_bindgen(js_name = mergeRunsFiles)]
pub fn merge_runs_files(files: JsValue) -> Result<JsValue, JsError> {
    let files: Vec<(String, String)> = from_js(files)?;
    to_js(&merge_texts(files, None))
}

/// Stored runs as CSV: one row per run, a column per setting and per summary metric.
#[wasm_bindgen(js_name = runsCsv)]
pub fn runs_csv_js(runs: JsValue) -> Result<String, JsError> {
    let runs: Vec<StoredRun> = from_js(runs)?;
    runs_csv(&runs).map_err(|e| JsError::new(&e))
}

/// One run's epochs as CSV.
#[wasm_bindgen(js_name = epochsCsv)]
pub fn epochs_csv_js(epochs: JsValue) -> Result<String, JsError> {
    let epochs: Vec<EpochRecord> = from_js(epochs)?;
    epochs_csv(&epochs).map_err(|e| JsError::new(&e))
}

/// An exported runs file's runs, all checked: an error names the run and what is wrong.
#[wasm_bindgen(js_name = parseRuns)]
pub fn parse_runs_js(text: &str) -> Result<JsValue, JsError> {
    to_js(&parse_runs(text).map_err(|e| JsError::new(&e))?)
}
