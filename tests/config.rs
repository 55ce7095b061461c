use aula::config::{BackendChoice, TrainConfig};

#[test]
fn defaults_are_the_documented_ones() {
    let c = TrainConfig::default();
    assert_eq!(c.hidden, vec![256, 128]);
    assert_eq!((c.lr, c.batch_size, c.epochs), (1e-3, 64, 5));
    assert!(c.validate().is_ok());
}

#[test]
fn url_pairs_round_trip() {
    let mut c = TrainConfig::default();
    c.hidden = vec![512, 64, 32];
    c.lr = 3e-4;
    c.backend = BackendChoice::Cpu;
    c.train_limit = 1000;
    let pairs = c.to_pairs();
    assert!(pairs.contains(&("hidden".into(), "512,64,32".into())));
    assert!(pairs.contains(&("backend".into(), "cpu".into())));
    let back = TrainConfig::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
    assert_eq!(back, c);
}

#[test]
fn missing_keys_take_defaults_and_empty_hidden_is_allowed() {
    let c = TrainConfig::from_pairs([("epochs", "3"), ("hidden", "")]).unwrap();
    assert_eq!(c.epochs, 3);
    assert!(c.hidden.is_empty());
    assert_eq!(c.batch_size, 64);
}

#[test]
fn bad_values_are_named() {
    let err = TrainConfig::from_pairs([("lr", "fast"), ("colour", "red"), ("epochs", "0")]).unwrap_err();
    assert!(err.contains("'fast' is not a valid value for lr"), "{err}");
    assert!(err.contains("unknown setting 'colour'"), "{err}");
    let err = TrainConfig::from_pairs([("epochs", "0")]).unwrap_err();
    assert!(err.contains("epochs must be"), "{err}");
    let err = TrainConfig::from_pairs([("backend", "tpu")]).unwrap_err();
    assert!(err.contains("'tpu' is not a valid value for backend"), "{err}");
}

#[test]
fn json_is_the_same_type() {
    let json = serde_json::to_string(&TrainConfig::default()).unwrap();
    assert_eq!(TrainConfig::from_json(&json).unwrap(), TrainConfig::default());
    assert!(TrainConfig::from_json(r#"{"batch_size": 0}"#).is_err());
    assert!(TrainConfig::from_json(r#"{"dropuot": 0.5}"#).unwrap_err().contains("dropuot"));
    assert!(TrainConfig::from_json(r#"{"dropout": 1.5}"#).unwrap_err().contains("dropout must be"));
}
