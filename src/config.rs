//! The one training configuration: the page's form, the URL, the exported run and the
//! worker's `train` message all carry this type and nothing else.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where the compute runs. `Auto` prefers WebGPU and falls back to the CPU.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum BackendChoice {
    #[default]
    Auto,
    Webgpu,
    Cpu,
}

/// The backend a run actually used; the export's `backend` field.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum BackendKind {
    Webgpu,
    Cpu,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    #[default]
    Mlp,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum OptimizerKind {
    #[default]
    Adam,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum DatasetChoice {
    /// The built-in Fashion-MNIST subset.
    #[default]
    Demo,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TrainConfig {
    pub dataset: DatasetChoice,
    /// Train images to use, stratified over classes; 0 means all of them.
    pub train_limit: usize,
    pub model: ModelKind,
    /// Hidden layer widths of the MLP, input to output.
    pub hidden: Vec<usize>,
    pub optimizer: OptimizerKind,
    pub lr: f64,
    pub batch_size: usize,
    pub epochs: usize,
    /// Seeds weight init and shuffling: the same seed gives the same run on one backend.
    pub seed: u64,
    pub backend: BackendChoice,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            dataset: DatasetChoice::Demo,
            train_limit: 0,
            model: ModelKind::Mlp,
            hidden: vec![256, 128],
            optimizer: OptimizerKind::Adam,
            lr: 1e-3,
            batch_size: 64,
            epochs: 5,
            seed: 42,
            backend: BackendChoice::Auto,
        }
    }
}

impl TrainConfig {
    /// Checks the ranges a form or a hand-edited URL could break, with a message per field.
    pub fn validate(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        if !(self.lr.is_finite() && self.lr > 0.0 && self.lr <= 10.0) {
            problems.push(format!("lr must be in (0, 10], got {}", self.lr));
        }
        if !(1..=4096).contains(&self.batch_size) {
            problems.push(format!("batch_size must be 1..4096, got {}", self.batch_size));
        }
        if !(1..=1000).contains(&self.epochs) {
            problems.push(format!("epochs must be 1..1000, got {}", self.epochs));
        }
        if self.hidden.len() > 8 {
            problems.push(format!("at most 8 hidden layers, got {}", self.hidden.len()));
        }
        if let Some(w) = self.hidden.iter().find(|w| !(1..=8192).contains(*w)) {
            problems.push(format!("hidden layer widths must be 1..8192, got {w}"));
        }
        if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
    }

    /// Flat `key=value` pairs for a URL query (lists joined by commas), in field order.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let Value::Object(map) = serde_json::to_value(self).expect("config serializes") else {
            unreachable!("a struct serializes to an object")
        };
        map.into_iter().map(|(k, v)| (k, scalar_text(&v))).collect()
    }

    /// Reads `key=value` pairs over the defaults. Each value is parsed by the type of the
    /// field's default, so the URL format follows the struct with no second list of keys.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, String> {
        let Value::Object(defaults) = serde_json::to_value(Self::default()).expect("serializes") else {
            unreachable!()
        };
        let mut map = defaults.clone();
        let mut problems = Vec::new();
        for (key, text) in pairs {
            let Some(default) = defaults.get(key) else {
                problems.push(format!("unknown setting '{key}'"));
                continue;
            };
            // Checked alone against the defaults, so the message can name this key.
            let mut alone = defaults.clone();
            match parse_like(default, text) {
                Some(value) if {
                    alone.insert(key.to_string(), value.clone());
                    serde_json::from_value::<Self>(Value::Object(alone)).is_ok()
                } => {
                    map.insert(key.to_string(), value);
                }
                _ => problems.push(format!("'{text}' is not a valid value for {key}")),
            }
        }
        let config: Self = serde_json::from_value(Value::Object(map))
            .map_err(|e| format!("invalid setting: {e}"))?;
        if let Err(e) = config.validate() {
            problems.push(e);
        }
        if problems.is_empty() { Ok(config) } else { Err(problems.join("; ")) }
    }

    pub fn from_json(text: &str) -> Result<Self, String> {
        let config: Self = serde_json::from_str(text).map_err(|e| format!("invalid config: {e}"))?;
        config.validate()?;
        Ok(config)
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn parse_like(default: &Value, text: &str) -> Option<Value> {
    let text = text.trim();
    match default {
        Value::String(_) => Some(Value::String(text.to_lowercase())),
        Value::Bool(_) => text.parse::<bool>().ok().map(Value::Bool),
        Value::Number(n) if n.is_u64() => text.parse::<u64>().ok().map(Value::from),
        Value::Number(_) => text
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Value::from),
        Value::Array(items) => {
            let like = items.first().cloned().unwrap_or(Value::from(0u64));
            if text.is_empty() {
                return Some(Value::Array(vec![]));
            }
            text.split(',').map(|part| parse_like(&like, part)).collect::<Option<Vec<_>>>().map(Value::Array)
        }
        Value::Object(_) | Value::Null => None,
    }
}
