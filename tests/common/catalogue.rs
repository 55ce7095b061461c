//! The page's message catalogues (www/l10n/<lang>/page.ftl), read as the page reads them, so
//! the words Rust writes in English can be held to the English catalogue.

use std::collections::BTreeSet;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use serde_json::Value;

pub type Catalogue = FluentBundle<FluentResource>;

pub fn catalogue(lang: &str) -> Catalogue {
    let path = format!("{}/www/l10n/{lang}/page.ftl", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap();
    let resource = FluentResource::try_new(source).unwrap_or_else(|(_, errors)| panic!("{path}: {errors:?}"));
    let mut bundle = FluentBundle::new(vec![lang.parse().unwrap()]);
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap_or_else(|errors| panic!("{path}: {errors:?}"));
    bundle
}

/// The message `said` names, formatted with its arguments as the page passes them (true/false
/// as words; a message among them worded first, a list of them joined by "; ").
pub fn formatted(bundle: &Catalogue, said: &Value) -> String {
    let id = said["id"].as_str().expect("an id");
    let message = bundle.get_message(id).unwrap_or_else(|| panic!("{id} is not in the catalogue"));
    let mut args = FluentArgs::new();
    for (key, value) in said.as_object().unwrap() {
        match value {
            Value::String(text) => args.set(key.as_str(), FluentValue::from(text.clone())),
            Value::Number(n) => args.set(key.as_str(), FluentValue::from(n.as_f64().unwrap())),
            Value::Bool(b) => args.set(key.as_str(), FluentValue::from(b.to_string())),
            Value::Object(_) => args.set(key.as_str(), FluentValue::from(formatted(bundle, value))),
            Value::Array(items) => {
                let worded: Vec<String> = items.iter().map(|item| formatted(bundle, item)).collect();
                args.set(key.as_str(), FluentValue::from(worded.join("; ")))
            }
            Value::Null => panic!("{id}: argument {key} is null"),
        }
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(message.value().expect("a value"), Some(&args), &mut errors);
    assert!(errors.is_empty(), "{id}: {errors:?}");
    text.into_owned()
}

/// The message ids a Rust file declares (`#[serde(rename = "…")]`), so that a test can ask
/// for a sample of each.
pub fn declared_ids(file: &str) -> BTreeSet<String> {
    let source = std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    source
        .split("#[serde(rename = \"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

/// Holds the message `said` to both catalogues: the English one words it as Rust's `english`,
/// the Spanish one in words of its own. Returns the message's id.
#[track_caller]
pub fn holds(catalogues: &(Catalogue, Catalogue), said: &Value, english: &str) -> String {
    let (en, es) = catalogues;
    assert_eq!(formatted(en, said), english, "{said}");
    assert_ne!(formatted(es, said), english, "{said}: the Spanish catalogue has its own words");
    said["id"].as_str().expect("an id").to_string()
}
