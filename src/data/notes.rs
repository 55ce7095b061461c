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

/// Why a folder cannot be trained on (the status line says it), as a message of the catalogues.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "id")]
pub enum FolderFailure {
    /// No image decoded (`skipped` files were listed with their reason).
    #[serde(rename = "folder-no-images")]
    NoImages { skipped: usize },
    #[serde(rename = "folder-one-class")]
    OneClass { class: String },
    /// Fewer than 2 of the `classes` have 2 images or more (`kept` do).
    #[serde(rename = "folder-few-classes")]
    FewClasses { kept: usize, classes: usize },
    #[serde(rename = "folder-too-many-classes")]
    TooManyClasses { classes: usize, limit: usize },
    #[serde(rename = "folder-no-files")]
    NoFiles { name: String },
    #[serde(rename = "folder-too-many-files")]
    TooManyFiles { name: String, files: usize, limit: usize },
    /// The .zip could not be opened (`detail`: the zip reader's own words).
    #[serde(rename = "folder-zip-unreadable")]
    ZipUnreadable { name: String, detail: String },
    /// Stop, while the folder was being read.
    #[serde(rename = "folder-cancelled")]
    Cancelled,
}

/// What a folder should look like, after a failure that may come from its layout.
const EXPECTED_LAYOUT: &str = "Expected one folder per class (e.g. cats/1.jpg, dogs/2.jpg), or train/ and val/ \
     folders that each hold one folder per class.";

impl FolderFailure {
    pub fn english(&self) -> String {
        match self {
            FolderFailure::NoImages { skipped } => {
                let skipped = match skipped {
                    0 => String::new(),
                    n => format!(" ({} skipped, see the list)", plural(*n, "file")),
                };
                format!("No usable images found{skipped}. {EXPECTED_LAYOUT}")
            }
            FolderFailure::OneClass { class } => format!(
                "Only one class folder was found ('{class}'); a classifier needs at least 2 classes. {EXPECTED_LAYOUT}"
            ),
            FolderFailure::FewClasses { kept, classes } => format!(
                "Only {kept} of the {classes} classes {} at least 2 images; a classifier needs at least 2 such \
                 classes. {EXPECTED_LAYOUT}",
                if *kept == 1 { "has" } else { "have" }
            ),
            FolderFailure::TooManyClasses { classes, limit } => format!(
                "{classes} classes is more than the {limit} a run can have here (the confusion matrix grows with the \
                 square of the classes). Group the classes, or train on a subset of the folders."
            ),
            FolderFailure::NoFiles { name } => format!("{name} holds no files."),
            FolderFailure::TooManyFiles { name, files, limit } => {
                format!(
                    "{name}: It holds {files} files, more than the {limit} a folder or .zip may have here."
                )
            }
            FolderFailure::ZipUnreadable { name, detail } => format!("{name}: not a readable .zip: {detail}"),
            FolderFailure::Cancelled => "Loading was cancelled.".into(),
        }
    }
}

/// Why a file of the folder was not used (the skipped-files table's reason column). The
/// `detail`s are the browser's or a decoder's own words, quoted as they come.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "id")]
pub enum SkipNote {
    #[serde(rename = "skip-empty")]
    Empty,
    #[serde(rename = "skip-not-image")]
    NotImage,
    /// A recognised image format that is not decoded here.
    #[serde(rename = "skip-unsupported")]
    Unsupported { format: String },
    /// Pixels over the limit (`limit` in megapixels).
    #[serde(rename = "skip-too-many-pixels")]
    TooManyPixels { width: u32, height: u32, limit: u64 },
    /// The file's size (MB, one decimal, as text) over `limit` MB.
    #[serde(rename = "skip-file-too-large")]
    FileTooLarge { megabytes: String, limit: u64 },
    /// "<FORMAT>: <decoder message>".
    #[serde(rename = "skip-corrupt")]
    Corrupt { detail: String },
    /// The browser (or the .zip) could not hand the file's bytes over.
    #[serde(rename = "skip-unreadable")]
    Unreadable { detail: String },
    #[serde(rename = "skip-never-read")]
    NeverRead,
    /// A .zip entry that would unpack past the limit per file (`megabytes` or more).
    #[serde(rename = "skip-zip-too-large")]
    ZipTooLarge { megabytes: u64, limit: u64 },
    #[serde(rename = "skip-zip-encrypted")]
    ZipEncrypted,
    /// A .zip entry compressed with a method the reader does not have.
    #[serde(rename = "skip-zip-method")]
    ZipMethod { method: String },
    #[serde(rename = "skip-zip-unsupported")]
    ZipUnsupported { detail: String },
    #[serde(rename = "skip-zip-corrupt")]
    ZipCorrupt { detail: String },
    /// With train/ val/ test/ folders: a file directly in one of them.
    #[serde(rename = "skip-loose-in-split")]
    LooseInSplit { split: String },
    /// With train/ val/ test/ folders: a top folder that is none of them.
    #[serde(rename = "skip-not-a-split")]
    NotASplit { folder: String },
    #[serde(rename = "skip-outside-splits")]
    OutsideSplits,
    #[serde(rename = "skip-outside-class")]
    OutsideClass,
}

impl SkipNote {
    pub fn english(&self) -> String {
        match self {
            SkipNote::Empty => "empty file (0 bytes)".into(),
            SkipNote::NotImage => "not an image (unrecognised content)".into(),
            SkipNote::Unsupported { format } => {
                format!("unsupported format {format} (use JPEG, PNG, GIF, BMP or WebP)")
            }
            SkipNote::TooManyPixels { width, height, limit } => {
                format!("{width}×{height} pixels is too large to decode safely (limit {limit} megapixels)")
            }
            SkipNote::FileTooLarge { megabytes, limit } => {
                format!("file is {megabytes} MB, over the {limit} MB limit per file")
            }
            SkipNote::Corrupt { detail } => format!("truncated or corrupt {detail}"),
            SkipNote::Unreadable { detail } => format!("could not be read ({detail})"),
            SkipNote::NeverRead => "never read".into(),
            SkipNote::ZipTooLarge { megabytes, limit } => {
                format!("unpacks to {megabytes} MB or more, over the {limit} MB limit per file")
            }
            SkipNote::ZipEncrypted => {
                "encrypted entry in the .zip (save the archive without a password)".into()
            }
            SkipNote::ZipMethod { method } => {
                format!("compressed with method {method}, which is not supported (use plain zip/deflate)")
            }
            SkipNote::ZipUnsupported { detail } => format!("unsupported entry in the .zip: {detail}"),
            SkipNote::ZipCorrupt { detail } => format!("truncated or corrupt entry in the .zip: {detail}"),
            SkipNote::LooseInSplit { split } => format!("directly inside {split}/, not in a class folder"),
            SkipNote::NotASplit { folder } => format!("folder {folder}/ is not train/, val/ or test/"),
            SkipNote::OutsideSplits => "not inside a train/, val/ or test/ folder".into(),
            SkipNote::OutsideClass => "not inside a class folder".into(),
        }
    }
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
