//! What a folder's summary says of it, as messages of the page's catalogues
//! (www/l10n/*/page.ftl): its layout and its warnings, each named by its `id` with the names
//! and numbers it needs, so the page words them in its language. `english()` is the same
//! sentence for the summary's own text fields (the export, native tests); a native test holds
//! it to the English catalogue (tests/data/notes.rs).

use serde::{Deserialize, Serialize};

/// How the folder's images were split. The seed travels as text: it is a name, not a quantity
/// (a page would group its digits, "seed 2,024").
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "id")]
pub enum LayoutNote {
    /// One folder per class: the validation share is drawn here.
    #[serde(rename = "folder-layout-flat")]
    Flat { percent: f64, seed: String },
    /// train/ and val/ as given (and test/ kept, when there is one).
    #[serde(rename = "folder-layout-train-val")]
    TrainVal { test: bool },
    /// train/ without val/: the validation share is drawn from train/.
    #[serde(rename = "folder-layout-train-only")]
    TrainOnly { percent: f64, seed: String, test: bool },
}

/// A warning about the folder: it loaded, but something in it deserves a look.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "id")]
pub enum FolderNote {
    #[serde(rename = "folder-class-left-out")]
    ClassLeftOut { class: String, images: usize },
    #[serde(rename = "folder-class-no-train")]
    ClassNoTrain { class: String },
    #[serde(rename = "folder-class-no-val")]
    ClassNoVal { class: String },
    #[serde(rename = "folder-class-no-test")]
    ClassNoTest { class: String },
    /// The largest class over the smallest, by train + val images (`ratio` to one decimal).
    #[serde(rename = "folder-imbalanced")]
    Imbalanced {
        largest: String,
        largest_images: usize,
        smallest: String,
        smallest_images: usize,
        ratio: f64,
    },
    #[serde(rename = "folder-files-unusable")]
    FilesUnusable { count: usize },
}

/// "1 image", "3 images": the English of a count (the catalogues have their own plurals).
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

impl LayoutNote {
    /// `fraction` held out for validation, as a percentage (one decimal where it needs one).
    pub fn percent(fraction: f64) -> f64 {
        (fraction * 1000.0).round() / 10.0
    }

    pub fn english(&self) -> String {
        let test_note = |test: bool| if test { "; test/ kept as a held-out test set" } else { "" };
        match self {
            LayoutNote::Flat { percent, seed } => {
                format!(
                    "one folder per class; {percent}% of each class held out for validation (seed {seed})"
                )
            }
            LayoutNote::TrainVal { test } => format!("train/ and val/ folders as given{}", test_note(*test)),
            LayoutNote::TrainOnly { percent, seed, test } => format!(
                "train/ folder without val/: {percent}% of each class held out for validation (seed {seed}){}",
                test_note(*test)
            ),
        }
    }
}

impl FolderNote {
    pub fn english(&self) -> String {
        match self {
            FolderNote::ClassLeftOut { class, images } => format!(
                "Class '{class}' has {} for training and validation and was left out (each class needs at least 2).",
                plural(*images, "image")
            ),
            FolderNote::ClassNoTrain { class } => {
                format!("Class '{class}' has no images in train/, so the model cannot learn it.")
            }
            FolderNote::ClassNoVal { class } => {
                format!("Class '{class}' has no images in val/; its validation accuracy cannot be measured.")
            }
            FolderNote::ClassNoTest { class } => format!("Class '{class}' has no images in test/."),
            FolderNote::Imbalanced { largest, largest_images, smallest, smallest_images, ratio } => format!(
                "Classes are imbalanced: '{largest}' has {} and '{smallest}' only {smallest_images} ({ratio}×). \
                 Accuracy can look good while the small class is missed; check the per-class results.",
                plural(*largest_images, "image"),
            ),
            FolderNote::FilesUnusable { count } => {
                format!("{} could not be used; they are listed with the reason.", plural(*count, "file"))
            }
        }
    }
}
