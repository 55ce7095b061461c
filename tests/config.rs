#[path = "common/mod.rs"]
mod common;
use aula::config::{BackendChoice, DatasetChoice, NormalizeKind, TrainConfig};

#[test]
fn defaults_are_the_documented_ones() {
    let c = TrainConfig::default();
    assert_eq!(c.hidden, vec![256, 128]);
    assert_eq!((c.lr, c.batch_size, c.epochs), (1e-3, 64, 5));
    assert!(c.validate().is_ok());
}

#[test]
fn url_pairs_round_trip() {
    let c = TrainConfig {
        hidden: vec![512, 64, 32],
        lr: 3e-4,
        backend: BackendChoice::Cpu,
        train_limit: 1000,
        dataset: DatasetChoice::Folder,
        image_size: 32,
        grayscale: true,
        normalize: NormalizeKind::Train,
        horizontal_flip: 0.5,
        crop_scale: vec![0.5, 1.0],
        ..TrainConfig::default()
    };
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
    for (key, value, message) in [
        ("momentum", "1.0", "momentum must be in [0, 1)"),
        ("weight_decay", "-0.1", "weight_decay must be >= 0"),
        ("batch_size", "5000", "batch_size must be 1..4096"),
        ("hidden", "8193", "hidden layer widths must be 1..8192"),
        ("conv_channels", "2000", "conv_channels must be 1..1024"),
        ("seed", "9007199254740992", "seed must be 0..9007199254740991"),
        ("patience", "5000", "patience must be 0..1000"),
    ] {
        let err = TrainConfig::from_pairs([(key, value)]).unwrap_err();
        assert!(err.starts_with(key) && err.contains(message), "{key}={value}: {err}");
    }
    let nan = TrainConfig { weight_decay: f64::NAN, ..TrainConfig::default() };
    assert!(nan.validate().unwrap_err().contains("weight_decay must be >= 0"));
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

#[test]
fn folder_and_augmentation_settings_are_checked_by_name() {
    for (key, value, message) in [
        ("image_size", "300", "image_size must be 16..224"),
        ("val_fraction", "0.9", "val_fraction must be in [0.05, 0.5]"),
        ("horizontal_flip", "1.5", "horizontal_flip p must be in [0, 1]"),
        ("crop_scale", "0.9,0.1", "crop_scale must be two numbers"),
        ("noise_std_range", "0.1", "noise_std_range must be two numbers"),
        ("rotate_limit", "270", "rotate_limit must be in [0, 180]"),
        ("normalize", "zscore", "not a valid value for normalize"),
        ("dataset", "cifar", "not a valid value for dataset"),
    ] {
        let error = TrainConfig::from_pairs([(key, value)]).unwrap_err();
        assert!(error.contains(message), "{key}={value}: {error}");
    }
    let ok = TrainConfig::from_pairs([("dataset", "folder"), ("image_size", "128"), ("crop_ratio", "0.5,2")])
        .unwrap();
    assert_eq!(
        (ok.dataset, ok.image_size, ok.crop_ratio.clone()),
        (DatasetChoice::Folder, 128, vec![0.5, 2.0])
    );
}

#[test]
fn nesterov_needs_momentum_and_batch_norm_needs_two_images() {
    let err = TrainConfig::from_pairs([("optimizer", "nesterov"), ("momentum", "0")]).unwrap_err();
    assert!(err.contains("momentum must be above 0 for SGD + Nesterov"), "{err}");
    assert!(
        TrainConfig::from_pairs([("optimizer", "momentum"), ("momentum", "0")]).is_ok(),
        "PyTorch allows it"
    );
    let err = TrainConfig::from_pairs([("batch_norm", "true"), ("batch_size", "1")]).unwrap_err();
    assert!(err.contains("batch_size must be at least 2 with BatchNorm"), "{err}");
}

#[test]
fn a_url_applies_its_valid_settings_and_names_the_bad_ones() {
    let english =
        |problems: Vec<aula::config::PairProblem>| problems.iter().map(|p| p.english()).collect::<Vec<_>>();
    let (config, problems) = TrainConfig::from_url([("lr", "fast"), ("epochs", "1"), ("colour", "red")]);
    let problems = english(problems);
    assert_eq!(config.epochs, 1, "the valid setting applies");
    assert_eq!(config.lr, TrainConfig::default().lr, "the bad one keeps its default");
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("'fast' is not a valid value for lr"), "{problems:?}");
    assert!(problems[1].contains("unknown setting 'colour'"), "{problems:?}");

    // Out of range, or out of range against another setting: that key is left out.
    let (config, problems) =
        TrainConfig::from_url([("epochs", "0"), ("min_lr", "0.5"), ("batch_size", "32")]);
    let problems = english(problems);
    assert_eq!((config.epochs, config.min_lr, config.batch_size), (5, 0.0, 32));
    assert!(problems.iter().any(|p| p.starts_with("epochs must be")), "{problems:?}");
    assert!(problems.iter().any(|p| p.starts_with("min_lr must be")), "{problems:?}");
    assert!(config.validate().is_ok());

    let (config, problems) = TrainConfig::from_url([("optimizer", "sgd")]);
    assert!(problems.is_empty() && config.optimizer == aula::config::OptimizerKind::Sgd);
}

#[test]
fn adamw_without_a_decay_gets_pytorchs_default() {
    let (config, _) = TrainConfig::from_url([("optimizer", "adamw")]);
    assert_eq!(config.weight_decay, aula::config::ADAMW_WEIGHT_DECAY);
    assert_eq!(aula::config::ADAMW_WEIGHT_DECAY, 0.01);
    let (config, _) = TrainConfig::from_url([("optimizer", "adamw"), ("weight_decay", "0")]);
    assert_eq!(config.weight_decay, 0.0, "a decay the URL names is kept, 0 too");
    let (config, _) = TrainConfig::from_url([("optimizer", "adam")]);
    assert_eq!(config.weight_decay, 0.0);
}

#[test]
fn a_grid_expands_to_checked_configs_and_names_bad_values() {
    use aula::config::grid::Grid;
    let grid = Grid::parse("lr=0.1,0.01; batch_size=16,32,64; hidden=256,128|512").unwrap();
    assert_eq!(grid.len(), 12);
    assert_eq!(grid.text(), "lr=0.1,0.01; batch_size=16,32,64; hidden=256,128|512");
    let base = TrainConfig { epochs: 2, ..TrainConfig::default() };
    let plan = grid.plan(&base, 2).unwrap();
    assert_eq!((plan.combinations, plan.runs.len(), plan.confirm), (12, 24, false));
    assert_eq!(plan.varying, ["lr", "batch_size", "hidden"]);
    assert!(plan.fixed.iter().any(|(k, v)| k == "epochs" && v == "2"));
    assert!(!plan.fixed.iter().any(|(k, _)| k == "lr"));
    // The last axis varies fastest; repeats follow each other with the next seeds.
    let first: Vec<_> = plan
        .runs
        .iter()
        .take(4)
        .map(|r| (r.config.lr, r.config.batch_size, r.config.hidden.clone(), r.config.seed))
        .collect();
    assert_eq!(
        first,
        [
            (0.1, 16, vec![256, 128], 42),
            (0.1, 16, vec![256, 128], 43),
            (0.1, 16, vec![512], 42),
            (0.1, 16, vec![512], 43)
        ]
    );
    assert!(plan.runs.iter().all(|r| r.config.epochs == 2 && r.config.validate().is_ok()));

    for (text, message) in [
        ("lr=fast", "'fast' is not a valid value for lr"),
        ("colour=red", "unknown setting 'colour'"),
        ("lr=0.1; lr=0.2", "'lr' appears twice"),
        ("", "the grid is empty"),
        ("lr", "'lr' is not key=values"),
    ] {
        let err = Grid::parse(text).unwrap_err().english();
        assert!(err.contains(message), "{text}: {err}");
    }
    // Values that parse but do not make a valid run are named with their combination.
    let err = Grid::parse("epochs=0,3").unwrap().plan(&base, 1).unwrap_err().english();
    assert!(err.starts_with("combination 1: epochs must be"), "{err}");
    assert!(Grid::parse("lr=0.1").unwrap().plan(&base, 11).is_err(), "at most 10 seeds");
    let big = Grid::parse("seed=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15; lr=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,1.1,1.2,1.3,1.4").unwrap();
    assert!(big.plan(&base, 1).unwrap().confirm, "210 combinations: ask first");
}

#[test]
fn grids_joined_by_plus_run_one_after_the_other() {
    use aula::config::grid::Grid;
    let grid = Grid::parse(
        "dropout=0 + dropout=0.3 + weight_decay=1e+3,0.001 + horizontal_flip=0.5; shift_scale_rotate=0.5",
    )
    .unwrap();
    assert_eq!(grid.len(), 5, "1 + 1 + 2 (1e+3 is one value, not a join) + 1");
    assert_eq!(Grid::parse(&grid.text()).unwrap(), grid, "text() reads back");
    let plan = grid.plan(&TrainConfig::default(), 1).unwrap();
    assert_eq!(plan.varying, ["dropout", "weight_decay", "horizontal_flip", "shift_scale_rotate"]);
    let runs: Vec<_> = plan
        .runs
        .iter()
        .map(|r| {
            (
                r.combination,
                r.config.dropout,
                r.config.weight_decay,
                r.config.horizontal_flip,
                r.config.shift_scale_rotate,
            )
        })
        .collect();
    assert_eq!(
        runs,
        [
            (0, 0.0, 0.0, 0.0, 0.0),
            (1, 0.3, 0.0, 0.0, 0.0),
            (2, 0.0, 1000.0, 0.0, 0.0),
            (3, 0.0, 0.001, 0.0, 0.0),
            (4, 0.0, 0.0, 0.5, 0.5)
        ]
    );
    let set =
        |i: usize| plan.runs[i].set.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ");
    assert_eq!(
        (set(1), set(4)),
        ("dropout=0.3".into(), "horizontal_flip=0.5, shift_scale_rotate=0.5".into()),
        "what names each run"
    );
    assert!(Grid::parse(" + ").unwrap_err().english().contains("the grid is empty"));
    assert!(Grid::parse(";").unwrap_err().english().contains("the grid is empty"));
    assert_eq!(Grid::parse("lr=0.1 + ;").unwrap().len(), 1, "an empty part is no variant");
    assert!(
        Grid::parse("lr=0.1 + lr=fast").unwrap_err().english().contains("'fast' is not a valid value for lr")
    );
}

#[test]
fn a_grid_that_switches_to_adamw_gives_it_pytorchs_default_decay() {
    use aula::config::grid::Grid;
    let plan = Grid::parse("optimizer=adam,adamw").unwrap().plan(&TrainConfig::default(), 1).unwrap();
    let decays: Vec<_> = plan.runs.iter().map(|r| r.config.weight_decay).collect();
    assert_eq!(decays, [0.0, aula::config::ADAMW_WEIGHT_DECAY]);
    // A decay the grid or the form sets is kept.
    let set =
        Grid::parse("optimizer=adamw; weight_decay=0,0.1").unwrap().plan(&TrainConfig::default(), 1).unwrap();
    assert_eq!(set.runs.iter().map(|r| r.config.weight_decay).collect::<Vec<_>>(), [0.0, 0.1]);
    let base = TrainConfig { weight_decay: 0.05, ..TrainConfig::default() };
    let kept = Grid::parse("optimizer=adamw").unwrap().plan(&base, 1).unwrap();
    assert_eq!(kept.runs[0].config.weight_decay, 0.05);
    // From a form on AdamW with its default decay, switching away drops it (as the form does);
    // a decay of 0 chosen with AdamW stays 0.
    let adamw = TrainConfig {
        optimizer: aula::config::OptimizerKind::Adamw,
        weight_decay: 0.01,
        ..TrainConfig::default()
    };
    let away = Grid::parse("optimizer=adamw,sgd").unwrap().plan(&adamw, 1).unwrap();
    assert_eq!(away.runs.iter().map(|r| r.config.weight_decay).collect::<Vec<_>>(), [0.01, 0.0]);
    let zero = TrainConfig { weight_decay: 0.0, ..adamw };
    let kept = Grid::parse("lr=0.1,0.01; optimizer=adamw").unwrap().plan(&zero, 1).unwrap();
    assert!(kept.runs.iter().all(|r| r.config.weight_decay == 0.0));
}

#[test]
fn every_preset_is_a_valid_url() {
    use aula::config::presets::{PRESETS, Preset};
    use std::collections::HashSet;
    assert!(PRESETS.len() >= 8, "the course's labs");
    let ids: HashSet<_> = PRESETS.iter().map(|p| p.id).collect();
    assert_eq!(ids.len(), PRESETS.len(), "ids are unique");
    for preset in PRESETS {
        let (config, grid) = preset.config().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(preset.needs_folder, config.dataset == DatasetChoice::Folder, "{}", preset.id);
        assert!(
            ["val_accuracy", "val_loss", "train_loss", "train_accuracy", "lr"].contains(&preset.metric),
            "{}",
            preset.id
        );
        assert!(
            ["", "best", "val_loss", "test", "params"].contains(&preset.sort),
            "{}: a runs-table column",
            preset.id
        );
        if let Some(grid) = grid {
            let plan = grid.plan(&config, 1).unwrap_or_else(|e| panic!("{}: {e}", preset.id));
            assert!(plan.runs.iter().all(|r| r.config.validate().is_ok()), "{}", preset.id);
            assert!(!plan.confirm, "{}: runs without asking", preset.id);
        }
        // The URL's settings are what the page's lenient URL reader applies, with no problem.
        let pairs = preset.pairs();
        let (from_url, problems) = TrainConfig::from_url(
            pairs.iter().filter(|(k, _)| k != "grid").map(|(k, v)| (k.as_str(), v.as_str())),
        );
        assert!(problems.is_empty(), "{}: {problems:?}", preset.id);
        assert_eq!(from_url, config, "{}", preset.id);
    }
    let count = |id: &str| Preset::find(id).unwrap().config().unwrap().1.map_or(1, |g| g.len());
    assert_eq!(count("mlp-baseline"), 1);
    assert_eq!(count("overfitting"), 4, "none, dropout, weight decay, augmentation");
    assert_eq!(count("optimizers"), 6);
    assert_eq!(count("initialization"), 4);
    assert_eq!(count("course-grid"), 24);
    let (over, grid) = Preset::find("overfitting").unwrap().config().unwrap();
    assert_eq!(over.train_limit, 500);
    let runs = grid.unwrap().plan(&over, 1).unwrap().runs;
    assert_eq!(
        (runs[1].config.dropout, runs[2].config.weight_decay, runs[3].config.horizontal_flip),
        (0.3, 0.001, 0.5)
    );
    let (opt, grid) = Preset::find("optimizers").unwrap().config().unwrap();
    let runs = grid.unwrap().plan(&opt, 1).unwrap().runs;
    let adamw = runs.iter().find(|r| r.config.optimizer == aula::config::OptimizerKind::Adamw).unwrap();
    assert_eq!((adamw.config.lr, adamw.config.weight_decay), (0.001, 0.01), "PyTorch's AdamW defaults");
}

#[test]
fn software_webgpu_adapters_are_known_by_flag_or_name() {
    use aula::config::software_adapter;
    assert!(software_adapter("google swiftshader", false));
    assert!(software_adapter("mesa llvmpipe", false));
    assert!(software_adapter("Microsoft Basic Render Driver WARP", false));
    assert!(software_adapter("nvidia ampere", true), "the browser's isFallbackAdapter decides alone");
    assert!(!software_adapter("nvidia ampere", false));
    assert!(!software_adapter("apple metal-3", false));
    assert!(!software_adapter("", false));
}

/// Every rule a setting can break, and every problem of a URL's or form's pair, is a message of
/// both catalogues; its English in Rust is the English catalogue's (the page words it in Spanish).
#[test]
fn every_setting_problem_is_the_english_catalogues_words() {
    use aula::config::{PairProblem, Rule};
    use common::catalogue::{catalogue, declared_ids, holds};
    let catalogues = (catalogue("en"), catalogue("es"));
    // Configs that break every rule at least once, by the checks themselves.
    let broken = [
        r#"{"lr": 50, "batch_size": 0, "hidden": [1,1,1,1,1,1,1,1,1], "kernel": 4, "dropout": 1.5,
            "weight_decay": -1, "init_a": 2, "init_b": 1, "init_std": 0, "horizontal_flip": 2,
            "crop_scale": [0.9, 0.1], "train_limit": 20000000, "model": "cnn", "conv_channels": []}"#,
        r#"{"batch_norm": true, "batch_size": 1, "optimizer": "nesterov", "momentum": 0,
            "hidden": [9000], "conv_channels": [5000]}"#,
    ];
    let mut rules: Vec<Rule> = Vec::new();
    for json in broken {
        let config: TrainConfig = serde_json::from_str(json).unwrap();
        rules.extend(config.problems().into_iter().map(|p| p.said));
    }
    let (_, url) = TrainConfig::from_url([("lr", "fast"), ("colour", "red"), ("epochs", "0")]);
    let pairs = TrainConfig::checked_pairs([("epochs", "0")]).unwrap_err();
    let mut seen = std::collections::BTreeSet::new();
    let said = rules.iter().map(|r| (serde_json::to_value(r).unwrap(), r.english()));
    for (json, words) in said.chain(url.iter().chain(&pairs).map(|p| (p.said(), p.english()))) {
        seen.insert(holds(&catalogues, &json, &words));
    }
    let declared: std::collections::BTreeSet<String> =
        declared_ids("src/config/checks.rs").into_iter().chain(declared_ids("src/config/url.rs")).collect();
    assert_eq!(seen, declared, "a sample of every problem");
    assert!(matches!(pairs[0], PairProblem::Broken { .. }), "the form's rule is said as the rule");
}

/// Every problem of a grid's spec, repeats or shard is a message of both catalogues, and its
/// English in Rust is the English catalogue's.
#[test]
fn every_grid_problem_is_the_english_catalogues_words() {
    use aula::config::grid::{Grid, GridProblem};
    use aula::config::shard::Shard;
    use common::catalogue::{catalogue, declared_ids, holds};
    let catalogues = (catalogue("en"), catalogue("es"));
    let base = TrainConfig::default();
    let plan = |spec: &str, repeats| Grid::parse(spec).and_then(|g| g.plan(&base, repeats)).unwrap_err();
    let many = "seed=".to_string() + &(1..=60).map(|s| s.to_string()).collect::<Vec<_>>().join(",");
    let problems = vec![
        Grid::parse(";").unwrap_err(),
        Grid::parse("lr").unwrap_err(),
        Grid::parse("colour=red").unwrap_err(),
        Grid::parse("lr=0.1; lr=0.2").unwrap_err(),
        Grid::parse("lr=0.1,").unwrap_err(),
        Grid::parse("lr=fast").unwrap_err(),
        plan("lr=0.1", 11),
        plan(
            &format!(
                "{many}; lr=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,1.1,1.2,1.3,1.4,1.5,1.6,1.7,1.8,1.9,2.0,2.1,2.2,2.3,2.4,2.5,2.6,2.7,2.8,2.9,3.0,3.1,3.2,3.3,3.4"
            ),
            1,
        ),
        plan("epochs=0,3", 1),
        plan("min_lr=0.5; epochs=0", 1),
        Shard::parse("abc").unwrap_err(),
        Shard::parse("x/3").unwrap_err(),
        Shard::parse("0/3").unwrap_err(),
        Shard::parse("0").unwrap_err(),
        Shard::parse("4/3").unwrap_err(),
        Shard { seat: None, of: 3 }.cut(Grid::parse("lr=0.1").unwrap().plan(&base, 1).unwrap()).unwrap_err(),
        Shard { seat: Some(5), of: 6 }
            .cut(Grid::parse("lr=0.1").unwrap().plan(&base, 1).unwrap())
            .unwrap_err(),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for problem in &problems {
        seen.insert(holds(&catalogues, &serde_json::to_value(problem).unwrap(), &problem.english()));
    }
    assert!(matches!(problems[8], GridProblem::Combination { number: 1, .. }));
    assert_eq!(seen, declared_ids("src/config/grid.rs"), "a sample of every grid problem");
}
