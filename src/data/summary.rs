//! What loading a folder found, for the page's dataset summary. Plain serde types, so the
//! page's module (which has no image decoders) can read them too.

use serde::{Deserialize, Serialize};

use super::notes::{FolderFailure, FolderNote, LayoutNote, SkipNote};

/// A file that was not used, and why (shown by path in the skipped-files table): in English
/// (`reason`) and as a message for the page to word (`note`; absent in older runs files).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
    #[serde(default)]
    pub note: Option<SkipNote>,
}

/// Images of one class in each split.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ClassCounts {
    pub name: String,
    pub train: usize,
    pub val: usize,
    pub test: usize,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct DatasetSummary {
    pub name: String,
    /// The layout found, in words (English; `layout_note` is it for the page to word).
    pub layout: String,
    #[serde(default)]
    pub layout_note: Option<LayoutNote>,
    pub image_size: usize,
    pub channels: usize,
    /// The classes used, in label order.
    pub classes: Vec<ClassCounts>,
    /// Classes left out for having fewer than 2 images.
    pub excluded: Vec<ClassCounts>,
    pub train: usize,
    pub val: usize,
    pub test: usize,
    /// Files seen, skipped ones included.
    pub files: usize,
    pub skipped: Vec<SkippedFile>,
    /// Hidden and system files passed over without comment.
    pub ignored: usize,
    /// In English; `notes` are the same for the page to word.
    pub warnings: Vec<String>,
    #[serde(default)]
    pub notes: Vec<FolderNote>,
    /// Why it cannot be trained on, in English; `error_note` is the same for the page to word
    /// (none when the failure was not one a student's folder causes).
    pub error: Option<String>,
    #[serde(default)]
    pub error_note: Option<FolderFailure>,
}

impl DatasetSummary {
    /// The summary of a folder that could not be read at all.
    pub fn failed(
        name: &str,
        image_size: usize,
        grayscale: bool,
        error: String,
        note: Option<FolderFailure>,
    ) -> Self {
        Self {
            name: name.into(),
            layout: String::new(),
            layout_note: None,
            image_size,
            channels: if grayscale { 1 } else { 3 },
            classes: Vec::new(),
            excluded: Vec::new(),
            train: 0,
            val: 0,
            test: 0,
            files: 0,
            skipped: Vec::new(),
            ignored: 0,
            warnings: Vec::new(),
            notes: Vec::new(),
            error: Some(error),
            error_note: note,
        }
    }
}
