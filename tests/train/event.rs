//! A run's events keep their wire shape as page messages: the payload's fields sit beside
//! `type`, as the page and any test reading the worker's messages expect.

use aula::protocol::WorkerMessage;
use aula::report::StepLoss;
use aula::train::{RunProgress, TrainEvent};

#[test]
fn a_progress_event_is_a_flat_progress_message() {
    let event = TrainEvent::Progress(RunProgress {
        epoch: 2,
        batch: 3,
        batches: 10,
        epochs: 5,
        images_per_sec: 120.5,
        eta_seconds: 4.0,
        losses: vec![StepLoss { step: 13, loss: 0.75 }],
    });
    let json = serde_json::to_value(WorkerMessage::from(event)).unwrap();
    assert_eq!(json["type"], "progress");
    assert_eq!(json["epoch"], 2);
    assert_eq!(json["batches"], 10);
    assert_eq!(json["losses"][0]["step"], 13);
    assert_eq!(json["losses"][0]["loss"], 0.75);
    // And the page's message reads back into the same event payload.
    let back: WorkerMessage = serde_json::from_value(json).unwrap();
    assert!(matches!(back, WorkerMessage::Progress(RunProgress { batch: 3, .. })));
}
