//! The config as flat `key=value` pairs for the URL hash, parsed by the type of each field's
//! default, so the URL format follows the struct with no second list of keys.

use serde_json::Value;

use super::TrainConfig;

impl TrainConfig {
    /// Flat `key=value` pairs for a URL query (lists joined by commas), keys in alphabetical order.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let Value::Object(map) = serde_json::to_value(self).expect("config serializes") else {
            unreachable!("a struct serializes to an object")
        };
        map.into_iter().map(|(k, v)| (k, scalar_text(&v))).collect()
    }

    /// Reads `key=value` pairs over the defaults. Each value is parsed by the type of the
    /// field's default, so the URL format follows the struct with no second list of keys.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, String> {
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
                Some(value)
                    if {
                        alone.insert(key.to_string(), value.clone());
                        serde_json::from_value::<Self>(Value::Object(alone)).is_ok()
                    } =>
                {
                    map.insert(key.to_string(), value);
                }
                _ => problems.push(format!("'{text}' is not a valid value for {key}")),
            }
        }
        let config: Self =
            serde_json::from_value(Value::Object(map)).map_err(|e| format!("invalid setting: {e}"))?;
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
