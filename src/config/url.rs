//! The config as flat `key=value` pairs for the URL hash, parsed by the type of each field's
//! default, so the URL format follows the struct with no second list of keys.

use serde::{Deserialize, Serialize};
use serde_json::Map;
use serde_json::Value;

use super::checks::Rule;
use super::{ADAMW_WEIGHT_DECAY, OptimizerKind, Problem, TrainConfig};

/// What is wrong with a `key=value` pair, by its message id in the page's catalogues (worded
/// in the page's language); `english()` is the catalogue's English.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "id")]
pub enum PairProblem {
    #[serde(rename = "pair-unknown-setting")]
    UnknownSetting { key: String },
    #[serde(rename = "pair-bad-value")]
    BadValue { key: String, text: String },
    /// A URL's value that parsed but breaks a rule: left out, its default kept.
    #[serde(rename = "pair-ignored")]
    Ignored { problem: Rule },
    /// A rule the pairs break (the form's, which cannot leave a value out): said as the rule.
    #[serde(skip)]
    Broken { problem: Rule },
}

impl PairProblem {
    pub fn english(&self) -> String {
        match self {
            PairProblem::UnknownSetting { key } => format!("unknown setting '{key}'"),
            PairProblem::BadValue { key, text } => format!("'{text}' is not a valid value for {key}"),
            PairProblem::Ignored { problem } => format!("{} (ignored)", problem.english()),
            PairProblem::Broken { problem } => problem.english(),
        }
    }

    /// `problems`' English, one after the other.
    pub fn all_english(problems: &[Self]) -> String {
        problems.iter().map(Self::english).collect::<Vec<_>>().join("; ")
    }

    /// The message the page words: `{id, ...args}` (a broken rule is said as the rule itself).
    pub fn said(&self) -> Value {
        let said = match self {
            PairProblem::Broken { problem } => serde_json::to_value(problem),
            other => serde_json::to_value(other),
        };
        said.expect("a problem serializes")
    }
}

/// Pairs parsed over the defaults: the values that parsed, and a problem for each that did not.
struct Parsed {
    defaults: Map<String, Value>,
    values: Map<String, Value>,
    problems: Vec<PairProblem>,
}

impl Parsed {
    fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let Value::Object(defaults) = serde_json::to_value(TrainConfig::default()).expect("serializes")
        else {
            unreachable!("a struct serializes to an object")
        };
        let mut parsed = Self { defaults, values: Map::new(), problems: Vec::new() };
        for (key, text) in pairs {
            let Some(default) = parsed.defaults.get(key) else {
                parsed.problems.push(PairProblem::UnknownSetting { key: key.to_string() });
                continue;
            };
            // Checked alone against the defaults, so the message can name this key.
            let value = parse_like(default, text).filter(|value| {
                let mut alone = parsed.defaults.clone();
                alone.insert(key.to_string(), value.clone());
                serde_json::from_value::<TrainConfig>(Value::Object(alone)).is_ok()
            });
            match value {
                Some(value) => {
                    parsed.values.insert(key.to_string(), value);
                }
                None => parsed
                    .problems
                    .push(PairProblem::BadValue { key: key.to_string(), text: text.to_string() }),
            }
        }
        parsed
    }

    fn given(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    fn revert(&mut self, key: &str) {
        self.values.remove(key);
    }

    /// The defaults with the parsed values over them. AdamW without a decay of its own gets
    /// PyTorch's default decay.
    fn config(&self) -> TrainConfig {
        let mut map = self.defaults.clone();
        map.extend(self.values.clone());
        let mut config: TrainConfig =
            serde_json::from_value(Value::Object(map)).expect("each value was checked against the defaults");
        if config.optimizer == OptimizerKind::Adamw && !self.given("weight_decay") {
            config.weight_decay = ADAMW_WEIGHT_DECAY;
        }
        config
    }
}

impl TrainConfig {
    /// Flat `key=value` pairs for a URL query (lists joined by commas), keys in alphabetical order.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let Value::Object(map) = serde_json::to_value(self).expect("config serializes") else {
            unreachable!("a struct serializes to an object")
        };
        map.into_iter().map(|(k, v)| (k, scalar_text(&v))).collect()
    }

    /// Reads `key=value` pairs over the defaults, strictly: any bad pair is an error naming
    /// it (the form, where the user can fix it before training).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, String> {
        Self::checked_pairs(pairs).map_err(|problems| PairProblem::all_english(&problems))
    }

    /// As [`TrainConfig::from_pairs`], each problem as a message of the catalogues.
    pub fn checked_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, Vec<PairProblem>> {
        let parsed = Parsed::new(pairs);
        let config = parsed.config();
        let mut problems = parsed.problems;
        problems.extend(config.problems().into_iter().map(|p| PairProblem::Broken { problem: p.said }));
        if problems.is_empty() { Ok(config) } else { Err(problems) }
    }

    /// Reads a URL's `key=value` pairs over the defaults, leniently: each bad pair is left
    /// out (its key keeps the default) and named in the returned problems; the rest apply.
    pub fn from_url<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Self, Vec<PairProblem>) {
        let mut parsed = Parsed::new(pairs);
        loop {
            let config = parsed.config();
            let found = config.problems();
            // Revert the keys this URL set that a problem names; a problem among defaults
            // alone cannot happen (the defaults are valid).
            let named: Vec<Problem> =
                found.into_iter().filter(|p| p.keys.iter().any(|k| parsed.given(k))).collect();
            if named.is_empty() {
                return (config, parsed.problems);
            }
            for problem in named {
                for key in &problem.keys {
                    parsed.revert(key);
                }
                parsed.problems.push(PairProblem::Ignored { problem: problem.said });
            }
        }
    }

    /// Whether `text` is a value of the setting `key` at all (its range is checked with the
    /// rest of a config).
    pub fn check_value(key: &str, text: &str) -> Result<(), PairProblem> {
        match Parsed::new([(key, text)]).problems.into_iter().next() {
            None => Ok(()),
            Some(problem) => Err(problem),
        }
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
        Value::Number(_) => text.parse::<f64>().ok().filter(|x| x.is_finite()).map(Value::from),
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
