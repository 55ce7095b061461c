//! A grid search: some settings take a list of values, written as the URL writes settings,
//! e.g. `lr=0.1,0.01,0.001; batch_size=16,32,64; dropout=0,0.3`. Settings that are lists
//! themselves (`hidden`, `conv_channels`, ranges) separate their alternatives with `|`:
//! `hidden=256,128|512`. Every combination, optionally repeated with several seeds, is an
//! ordinary config: checked here before anything runs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::TrainConfig;

/// Combinations over which the page asks before starting.
pub const CONFIRM_ABOVE: usize = 200;
/// Combinations (times repeats) a grid may have at all.
pub const MAX_RUNS: usize = 2000;
/// Seeds a combination may be repeated with.
pub const MAX_REPEATS: usize = 10;

/// One setting's alternatives, as text for `TrainConfig::from_pairs`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Axis {
    pub key: String,
    pub values: Vec<String>,
}

/// A parsed grid: the axes in the order written.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Grid {
    pub axes: Vec<Axis>,
}

/// One run of a grid.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct GridRun {
    /// Position in the grid (repeats of one combination share it).
    pub combination: usize,
    /// 0 for the first seed, 1.. for the repeats.
    pub repeat: usize,
    pub config: TrainConfig,
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
    /// `key=v1,v2; key2=w1|w2`; empty parts are ignored. Each value is checked alone against
    /// the config, so a bad one is named with its key.
    pub fn parse(text: &str) -> Result<Self, String> {
        let defaults = serde_json::to_value(TrainConfig::default()).expect("serializes");
        let mut axes: Vec<Axis> = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, values) = part.split_once('=').ok_or_else(|| format!("'{part}' is not key=values"))?;
            let key = key.trim();
            let default = defaults.get(key).ok_or_else(|| format!("unknown setting '{key}' in the grid"))?;
            if axes.iter().any(|a| a.key == key) {
                return Err(format!("'{key}' appears twice in the grid"));
            }
            let separator = if matches!(default, Value::Array(_)) { '|' } else { ',' };
            let values: Vec<String> = values.split(separator).map(|v| v.trim().to_string()).collect();
            if values.iter().any(|v| v.is_empty() && !matches!(default, Value::Array(_))) {
                return Err(format!("'{key}' has an empty value in the grid"));
            }
            for value in &values {
                TrainConfig::check_value(key, value).map_err(|e| format!("grid: {e}"))?;
            }
            axes.push(Axis { key: key.to_string(), values });
        }
        if axes.is_empty() {
            return Err("the grid is empty: write settings as key=value1,value2; key2=…".into());
        }
        Ok(Self { axes })
    }

    /// Number of combinations.
    pub fn len(&self) -> usize {
        self.axes.iter().map(|a| a.values.len()).product()
    }

    pub fn is_empty(&self) -> bool {
        self.axes.is_empty()
    }

    /// The grid written back as text (what `parse` reads).
    pub fn text(&self) -> String {
        let defaults = serde_json::to_value(TrainConfig::default()).expect("serializes");
        self.axes
            .iter()
            .map(|a| {
                let separator = if matches!(defaults.get(&a.key), Some(Value::Array(_))) { "|" } else { "," };
                format!("{}={}", a.key, a.values.join(separator))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Every combination over `base`, each `repeats` times (the repeats with seeds
    /// `base.seed + 1`, `+ 2`, …), in order: the last axis varies fastest.
    pub fn plan(&self, base: &TrainConfig, repeats: usize) -> Result<GridPlan, String> {
        if !(1..=MAX_REPEATS).contains(&repeats) {
            return Err(format!("repeats must be 1..{MAX_REPEATS}, got {repeats}"));
        }
        let combinations = self.len();
        if combinations * repeats > MAX_RUNS {
            return Err(format!(
                "the grid has {combinations} combinations × {repeats} seeds = {} runs, more than the {MAX_RUNS} a grid may have",
                combinations * repeats
            ));
        }
        let base_pairs = base.to_pairs();
        let mut runs = Vec::with_capacity(combinations * repeats);
        for combination in 0..combinations {
            let mut pairs: Vec<(String, String)> = base_pairs.clone();
            let mut rest = combination;
            for axis in self.axes.iter().rev() {
                let value = &axis.values[rest % axis.values.len()];
                rest /= axis.values.len();
                pairs.retain(|(k, _)| k != &axis.key);
                pairs.push((axis.key.clone(), value.clone()));
            }
            let config = TrainConfig::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .map_err(|e| format!("combination {}: {e}", combination + 1))?;
            for repeat in 0..repeats {
                let seed = config.seed + repeat as u64;
                runs.push(GridRun { combination, repeat, config: TrainConfig { seed, ..config.clone() } });
            }
        }
        let varying: Vec<String> = self.axes.iter().map(|a| a.key.clone()).collect();
        let fixed = base_pairs.into_iter().filter(|(k, _)| !varying.contains(k)).collect();
        Ok(GridPlan { runs, combinations, varying, fixed, confirm: combinations > CONFIRM_ABOVE })
    }
}
