//! A grid search: some settings take a list of values, written as the URL writes settings,
//! e.g. `lr=0.1,0.01,0.001; batch_size=16,32,64; dropout=0,0.3`. Settings that are lists
//! themselves (`hidden`, `conv_channels`, ranges) separate their alternatives with `|`:
//! `hidden=256,128|512`. Grids joined by `+` run one after the other, for variants that are
//! not a product: `dropout=0 + dropout=0.3 + weight_decay=0.001` is three runs. Every
//! combination, optionally repeated with several seeds, is an ordinary config: checked here
//! before anything runs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{ADAMW_WEIGHT_DECAY, OptimizerKind, PairProblem, TrainConfig};

/// Combinations over which the page asks before starting.
pub const CONFIRM_ABOVE: usize = 200;
/// Combinations (times repeats) a grid may have at all.
pub const MAX_RUNS: usize = 2000;
/// Seeds a combination may be repeated with.
pub const MAX_REPEATS: usize = 10;

/// What is wrong with a grid's spec, its repeats or its shard, by its message id in the page's
/// catalogues (worded in the page's language); `english()` (and `Display`) is the English.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "id")]
pub enum GridProblem {
    #[serde(rename = "grid-empty")]
    Empty,
    #[serde(rename = "grid-not-key-values")]
    NotKeyValues { part: String },
    #[serde(rename = "grid-unknown-setting")]
    UnknownSetting { key: String },
    #[serde(rename = "grid-twice")]
    Twice { key: String },
    #[serde(rename = "grid-empty-value")]
    EmptyValue { key: String },
    /// A value that is no value of its setting at all.
    #[serde(rename = "grid-bad-value")]
    BadValue { problem: PairProblem },
    #[serde(rename = "grid-repeats")]
    Repeats { max: usize, got: usize },
    #[serde(rename = "grid-too-many-runs")]
    TooManyRuns { combinations: usize, repeats: usize, total: usize, max: usize },
    /// A combination whose settings break rules together (`problems`: what the page words).
    #[serde(rename = "grid-combination")]
    Combination {
        number: usize,
        problems: Vec<Value>,
        #[serde(skip)]
        english: String,
    },
    #[serde(rename = "shard-not-number")]
    ShardsNotNumber { text: String },
    #[serde(rename = "shard-seat-not-number")]
    SeatNotNumber { text: String },
    #[serde(rename = "shard-count")]
    ShardCount { max: usize, got: usize },
    #[serde(rename = "shard-seat")]
    Seat { of: usize, got: usize },
    #[serde(rename = "shard-which-seat")]
    WhichSeat,
    #[serde(rename = "shard-seat-empty")]
    SeatEmpty { seat: usize, of: usize, combinations: usize },
}

impl GridProblem {
    pub fn english(&self) -> String {
        match self {
            GridProblem::Empty => "the grid is empty: write settings as key=value1,value2; key2=…".into(),
            GridProblem::NotKeyValues { part } => format!("'{part}' is not key=values"),
            GridProblem::UnknownSetting { key } => format!("unknown setting '{key}' in the grid"),
            GridProblem::Twice { key } => format!("'{key}' appears twice in the grid"),
            GridProblem::EmptyValue { key } => format!("'{key}' has an empty value in the grid"),
            GridProblem::BadValue { problem } => format!("grid: {}", problem.english()),
            GridProblem::Repeats { max, got } => format!("grid_repeats must be 1–{max}, got {got}"),
            GridProblem::TooManyRuns { combinations, repeats, total, max } => format!(
                "grid: {combinations} combinations × {repeats} seeds = {total} runs, more than the {max} a grid may have"
            ),
            GridProblem::Combination { number, english, .. } => format!("combination {number}: {english}"),
            GridProblem::ShardsNotNumber { text } => {
                format!("shard: the number of shards must be a whole number, got '{text}'")
            }
            GridProblem::SeatNotNumber { text } => {
                format!("shard: the seat must be a whole number, got '{text}'")
            }
            GridProblem::ShardCount { max, got } => {
                format!("shard: a grid splits into 1 to {max} shards, got {got}")
            }
            GridProblem::Seat { of, got } => format!("shard: the seat must be 1 to {of}, got {got}"),
            GridProblem::WhichSeat => "shard: which seat? The link names only the number of shards".into(),
            GridProblem::SeatEmpty { seat, of, combinations } => format!(
                "shard {seat} of {of}: the grid has {combinations} combinations, so this seat has none to run"
            ),
        }
    }
}

impl std::fmt::Display for GridProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

impl From<GridProblem> for String {
    fn from(problem: GridProblem) -> Self {
        problem.english()
    }
}

/// One setting's alternatives, as text for `TrainConfig::from_pairs`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Axis {
    pub key: String,
    pub values: Vec<String>,
}

/// A parsed grid: one or more products (joined by `+`), each its axes in the order written.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Grid {
    pub products: Vec<Vec<Axis>>,
}

/// One run of a grid.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct GridRun {
    /// Position in the grid (repeats of one combination share it).
    pub combination: usize,
    /// 0 for the first seed, 1.. for the repeats.
    pub repeat: usize,
    pub config: TrainConfig,
    /// The settings its combination sets, `[key, value]` as written: what names the run.
    pub set: Vec<(String, String)>,
}

/// Everything the grid panel shows before it starts.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct GridPlan {
    pub runs: Vec<GridRun>,
    pub combinations: usize,
    /// The keys that vary, in the order written.
    pub varying: Vec<String>,
    /// The settings every run shares, `[key, value]` as the URL writes them.
    pub fixed: Vec<(String, String)>,
    /// True when there are more combinations than `CONFIRM_ABOVE`: ask first.
    pub confirm: bool,
}

impl Grid {
    /// `key=v1,v2; key2=w1|w2`, products joined by `+`; empty parts are ignored. Each value
    /// is checked alone against the config, so a bad one is named with its key.
    pub fn parse(text: &str) -> Result<Self, GridProblem> {
        let mut products =
            split_products(text).into_iter().map(parse_product).collect::<Result<Vec<_>, _>>()?;
        // A part with no setting (`;`, or nothing between two `+`) is no variant at all.
        products.retain(|axes| !axes.is_empty());
        if products.is_empty() {
            return Err(GridProblem::Empty);
        }
        Ok(Self { products })
    }

    /// Number of combinations.
    pub fn len(&self) -> usize {
        // Saturating: on wasm32 a long spec could wrap before the MAX_RUNS check.
        self.products
            .iter()
            .map(|axes| axes.iter().fold(1usize, |n, a| n.saturating_mul(a.values.len())))
            .fold(0usize, usize::saturating_add)
    }

    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    /// The grid written back as text (what `parse` reads).
    pub fn text(&self) -> String {
        let defaults = serde_json::to_value(TrainConfig::default()).expect("serializes");
        let product = |axes: &Vec<Axis>| {
            axes.iter()
                .map(|a| {
                    let separator = defaults.get(&a.key).map_or(',', separator).to_string();
                    format!("{}={}", a.key, a.values.join(&separator))
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        self.products.iter().map(product).collect::<Vec<_>>().join(" + ")
    }

    /// Each combination as the pairs it sets, in order: product after product, the last
    /// axis of each varying fastest.
    fn combinations(&self) -> Vec<Vec<(String, String)>> {
        let mut all = Vec::with_capacity(self.len());
        for axes in &self.products {
            let count: usize = axes.iter().map(|a| a.values.len()).product();
            for index in 0..count {
                let mut rest = index;
                let mut set = Vec::with_capacity(axes.len());
                for axis in axes.iter().rev() {
                    set.push((axis.key.clone(), axis.values[rest % axis.values.len()].clone()));
                    rest /= axis.values.len();
                }
                set.reverse();
                all.push(set);
            }
        }
        all
    }

    /// Every combination over `base`, each `repeats` times (the repeats with seeds
    /// `base.seed + 1`, `+ 2`, …), in order: the last axis varies fastest.
    pub fn plan(&self, base: &TrainConfig, repeats: usize) -> Result<GridPlan, GridProblem> {
        if !(1..=MAX_REPEATS).contains(&repeats) {
            return Err(GridProblem::Repeats { max: MAX_REPEATS, got: repeats });
        }
        let combinations = self.len();
        let total = combinations.saturating_mul(repeats);
        if total > MAX_RUNS {
            return Err(GridProblem::TooManyRuns { combinations, repeats, total, max: MAX_RUNS });
        }
        let base_pairs = base.to_pairs();
        let mut runs = Vec::with_capacity(combinations * repeats);
        for (combination, set) in self.combinations().into_iter().enumerate() {
            let mut pairs: Vec<(String, String)> = base_pairs.clone();
            pairs.retain(|(k, _)| !set.iter().any(|(key, _)| key == k));
            // As in the form: a combination that switches to AdamW with no decay set gets
            // PyTorch's default decay (`from_pairs` fills it in when the pairs name none), and
            // one that switches away from AdamW drops that default again.
            let optimizer = set.iter().find(|(k, _)| k == "optimizer").map(|(_, v)| v.to_ascii_lowercase());
            let decay_set = set.iter().any(|(k, _)| k == "weight_decay");
            let base_adamw = base.optimizer == OptimizerKind::Adamw;
            match optimizer.as_deref() {
                Some("adamw") if !decay_set && !base_adamw && base.weight_decay == 0.0 => {
                    pairs.retain(|(k, _)| k != "weight_decay");
                }
                Some(other)
                    if other != "adamw"
                        && !decay_set
                        && base_adamw
                        && base.weight_decay == ADAMW_WEIGHT_DECAY =>
                {
                    pairs.retain(|(k, _)| k != "weight_decay");
                    pairs.push(("weight_decay".into(), "0".into()));
                }
                _ => {}
            }
            pairs.extend(set.iter().cloned());
            let config = TrainConfig::checked_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .map_err(|problems| GridProblem::Combination {
                    number: combination + 1,
                    problems: problems.iter().map(PairProblem::said).collect(),
                    english: PairProblem::all_english(&problems),
                })?;
            for repeat in 0..repeats {
                let seed = config.seed + repeat as u64;
                let config = TrainConfig { seed, ..config.clone() };
                runs.push(GridRun { combination, repeat, config, set: set.clone() });
            }
        }
        let mut varying: Vec<String> = Vec::new();
        for axis in self.products.iter().flatten() {
            if !varying.contains(&axis.key) {
                varying.push(axis.key.clone());
            }
        }
        let fixed = base_pairs.into_iter().filter(|(k, _)| !varying.contains(k)).collect();
        Ok(GridPlan { runs, combinations, varying, fixed, confirm: combinations > CONFIRM_ABOVE })
    }
}

/// The text split at each `+` that joins products (not the `+` of an exponent, `1e+3`).
fn split_products(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let exponent = i > 0
            && matches!(bytes[i - 1], b'e' | b'E')
            && i > 1
            && bytes[i - 2].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if b == b'+' && !exponent {
            parts.push(&text[start..i]);
            start = i + 1;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// What separates a setting's alternatives: `|` for settings that are lists themselves.
fn separator(default: &Value) -> char {
    if matches!(default, Value::Array(_)) { '|' } else { ',' }
}

/// One product: `key=v1,v2; key2=w1|w2`.
fn parse_product(text: &str) -> Result<Vec<Axis>, GridProblem> {
    let defaults = serde_json::to_value(TrainConfig::default()).expect("serializes");
    let mut axes: Vec<Axis> = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, values) =
            part.split_once('=').ok_or_else(|| GridProblem::NotKeyValues { part: part.into() })?;
        let key = key.trim();
        let default = defaults.get(key).ok_or_else(|| GridProblem::UnknownSetting { key: key.into() })?;
        if axes.iter().any(|a| a.key == key) {
            return Err(GridProblem::Twice { key: key.into() });
        }
        let values: Vec<String> = values.split(separator(default)).map(|v| v.trim().to_string()).collect();
        if values.iter().any(|v| v.is_empty() && !matches!(default, Value::Array(_))) {
            return Err(GridProblem::EmptyValue { key: key.into() });
        }
        for value in &values {
            TrainConfig::check_value(key, value).map_err(|problem| GridProblem::BadValue { problem })?;
        }
        axes.push(Axis { key: key.to_string(), values });
    }
    Ok(axes)
}
