//! What the worker says is a message of the page's catalogues: each `Stage` and `BackendWhy`
//! names a message both catalogues have, and its `english()` is what the English catalogue
//! makes of the same arguments (so the words the worker logs and the page shows agree).

use std::collections::BTreeSet;

use aula::config::{BackendKind, OptimizerKind};
use aula::protocol::WorkerMessage;
use aula::train::{BackendWhy, Evaluating, MemoryAdvice, RunFailure, Stage, TrainEvent};

use crate::common::catalogue::{catalogue, declared_ids, holds};

fn stages() -> Vec<Stage> {
    let name = || "photos".to_string();
    let mut all = vec![
        Stage::LoadingDemo,
        Stage::StartingBackend,
        Stage::TimingBackends,
        Stage::NoPreview { message: "the folder holds no images".into() },
        Stage::Reading { name: name() },
        Stage::Decoding { files: 120, name: name() },
        Stage::DecodingAgain {
            name: name(),
            size: 64,
            channels: "gray".into(),
            interpolation: "area".into(),
        },
        Stage::DecodingAgain {
            name: name(),
            size: 32,
            channels: "rgb".into(),
            interpolation: "antialias".into(),
        },
        Stage::ReadingBack,
        Stage::EvaluatingCutShort { images: 300 },
        Stage::ReadingHistograms,
        Stage::ScoringTest { images: 45 },
        Stage::KeepingModel { epoch: 3 },
    ];
    for what in [
        Evaluating::CutShort,
        Evaluating::EpochBeforeStopping,
        Evaluating::Test,
        Evaluating::TestBeforeStopping,
    ] {
        all.push(Stage::EvaluationProgress { what, epoch: 4, done: 128, total: 300 });
    }
    all
}

fn reasons() -> Vec<BackendWhy> {
    vec![
        BackendWhy::ChosenCpu,
        BackendWhy::Unavailable { why: "no adapter".into() },
        BackendWhy::Software { adapter: "SwiftShader".into() },
        BackendWhy::Untimed { why: "out of memory".into() },
        BackendWhy::timed("nvidia ampere", 540.4, 120.0, BackendKind::Webgpu, false),
        BackendWhy::timed("intel", 42.46, 300.0, BackendKind::Cpu, true),
        BackendWhy::Adapter { adapter: "nvidia ampere".into() },
    ]
}

fn failures() -> Vec<RunFailure> {
    let too_big = |optimizer, advice| RunFailure::TooBig {
        needs: "10.9 GB".into(),
        weights: "3.6 GB".into(),
        gradients: "1.8 GB".into(),
        optimizer,
        state: "5.3 GB".into(),
        activations: "12.0 MB".into(),
        images: "3.8 MB".into(),
        budget: "2.5 GB".into(),
        advice,
    };
    vec![
        RunFailure::ImageTooSmall { width: 28, height: 28, blocks: 5 },
        RunFailure::NoFolder,
        RunFailure::NoModel,
        too_big(
            OptimizerKind::Adam,
            MemoryAdvice::SmallerModel { layer: "Linear(8192→8192)".into(), params: "67,108,864".into() },
        ),
        too_big(OptimizerKind::Sgd, MemoryAdvice::SmallerBatch),
        too_big(OptimizerKind::Nesterov, MemoryAdvice::FewerImages),
        too_big(OptimizerKind::Adamw, MemoryAdvice::SmallerBatch),
        too_big(OptimizerKind::Rmsprop, MemoryAdvice::SmallerBatch),
        too_big(OptimizerKind::Momentum, MemoryAdvice::SmallerBatch),
    ]
}

#[test]
fn every_status_and_backend_reason_is_the_english_catalogues_words() {
    let catalogues = (catalogue("en"), catalogue("es"));
    let mut seen = BTreeSet::new();
    let said = stages()
        .into_iter()
        .map(|s| (serde_json::to_value(&s).unwrap(), s.english()))
        .chain(reasons().into_iter().map(|r| (serde_json::to_value(&r).unwrap(), r.english())))
        .chain(failures().into_iter().map(|f| (serde_json::to_value(&f).unwrap(), f.english())));
    for (json, words) in said {
        seen.insert(holds(&catalogues, &json, &words));
        // A message inside a message (a refusal's advice) is worded with it.
        if let Some(inner) = json["advice"]["id"].as_str() {
            seen.insert(inner.to_string());
        }
    }
    assert_eq!(seen, declared_ids("src/train/stage.rs"), "a sample of every message the worker may say");
}

#[test]
fn a_status_carries_its_message_and_its_english() {
    let stage = Stage::KeepingModel { epoch: 3 };
    let json = serde_json::to_value(WorkerMessage::from(TrainEvent::Status(stage.clone()))).unwrap();
    assert_eq!(json["type"], "status");
    assert_eq!(json["text"], "Keeping the model of epoch 3…");
    assert_eq!(json["stage"]["id"], "status-keeping-model");
    assert_eq!(json["stage"]["epoch"], 3);
    let banner =
        serde_json::to_value(WorkerMessage::backend(BackendKind::Cpu, BackendWhy::ChosenCpu, 2)).unwrap();
    assert_eq!(banner["reason"], "CPU (flex) chosen in the settings.");
    assert_eq!(banner["why"]["id"], "backend-chosen-cpu");
    assert_eq!(banner["threads"], 2);
}
