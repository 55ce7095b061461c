//! The words a chart draws (titles, axis names, legends, notes), in the page's language. The
//! page sets them once from its message catalogue, and again when the language changes; every
//! chart reads them when it draws. English until then (and in native tests).

use std::cell::RefCell;

use serde::Deserialize;

#[derive(Deserialize, Clone, Debug, PartialEq)]
#[serde(default)]
pub struct ChartWords {
    pub epoch: String,
    pub loss: String,
    pub accuracy: String,
    pub learning_rate: String,
    pub train: String,
    pub val: String,
    pub train_batch_smoothed: String,
    pub train_epoch: String,
    pub lr_after_first_epoch: String,
    pub no_run: String,
    pub confusion_counts: String,
    pub confusion_normalised: String,
    pub predicted: String,
    pub truth: String,
    pub confusion_empty: String,
    pub no_histograms: String,
    pub overlay_empty: String,
    pub parallel_empty: String,
}

impl Default for ChartWords {
    fn default() -> Self {
        let s = |t: &str| t.to_string();
        Self {
            epoch: s("epoch"),
            loss: s("Loss"),
            accuracy: s("Accuracy"),
            learning_rate: s("Learning rate"),
            train: s("train"),
            val: s("val"),
            train_batch_smoothed: s("train (batch, smoothed)"),
            train_epoch: s("train (epoch)"),
            lr_after_first_epoch: s("after the first epoch"),
            no_run: s("No run yet: press Train and the loss, accuracy and learning rate appear here."),
            confusion_counts: s("Confusion (counts)"),
            confusion_normalised: s("Confusion (row-normalised)"),
            predicted: s("predicted"),
            truth: s("true"),
            confusion_empty: s(
                "This confusion matrix has no classes, or not one count per pair of them: nothing to draw.",
            ),
            no_histograms: s("No histograms for this epoch."),
            overlay_empty: s("Select runs in the table to compare their curves here."),
            parallel_empty: s("Select two or more runs whose settings differ to see them here."),
        }
    }
}

thread_local! {
    static WORDS: RefCell<ChartWords> = RefCell::new(ChartWords::default());
}

/// The words charts draw from now on. Deserialized with `serde(default)`, a word the page
/// leaves out stays English.
pub fn set_words(words: ChartWords) {
    WORDS.with(|w| *w.borrow_mut() = words);
}

/// The words charts draw now.
pub fn words() -> ChartWords {
    WORDS.with(|w| w.borrow().clone())
}
