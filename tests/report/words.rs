//! Charts draw the words the page sets (its language), and English until then.
use aula::report::charts::{ChartWords, CurveData, Scale, draw_curves, set_words};
use aula::report::{EpochRecord, StepLoss};
use plotters::prelude::*;

fn curves_svg() -> String {
    let data = CurveData {
        steps: (1..=6).map(|step| StepLoss { step, loss: 1.0 / step as f64 }).collect(),
        epochs: (1..=2)
            .map(|epoch| EpochRecord {
                epoch,
                train_loss: 0.5,
                train_accuracy: 0.6,
                val_loss: 0.6,
                val_accuracy: 0.55,
                lr: 1e-3,
                seconds: 1.0,
                partial: false,
            })
            .collect(),
        batches_per_epoch: 3,
        total_epochs: 4,
    };
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (900, 300)).into_drawing_area();
        draw_curves(&root, &data, Scale::default()).unwrap();
    }
    out
}

#[test]
fn curves_speak_the_words_they_are_given() {
    // Each test runs on a thread of its own, and the words are the thread's: English here.
    let english = curves_svg();
    for word in ["Loss", "Accuracy", "Learning rate", "epoch", "train (batch, smoothed)"] {
        assert!(english.contains(word), "English by default: {word}");
    }
    // A partial set, as JSON from the page: the words left out stay English.
    let spanish: ChartWords = serde_json::from_str(
        r#"{"loss": "Pérdida", "accuracy": "Exactitud", "learning_rate": "Tasa de aprendizaje", "epoch": "época"}"#,
    )
    .unwrap();
    set_words(spanish);
    let drawn = curves_svg();
    for word in ["Pérdida", "Exactitud", "Tasa de aprendizaje", "época", "train (batch, smoothed)"] {
        assert!(drawn.contains(word), "drawn: {word}");
    }
    assert!(!drawn.contains(">Loss<") && !drawn.contains("Learning rate"), "the English titles are gone");
}
