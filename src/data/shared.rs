//! A decoded folder as it travels between workers (one decodes, the others train on it).

use serde::{Deserialize, Serialize};

use crate::config::Interpolation;
use crate::data::summary::SkippedFile;

/// A decoded folder as it travels between workers: the pixels once, with what the split and
/// the summary need.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SharedFolder {
    pub name: String,
    pub image_size: usize,
    pub grayscale: bool,
    #[serde(default)]
    pub interpolation: Interpolation,
    pub classes: Vec<String>,
    #[serde(with = "serde_bytes")]
    pub pixels: Vec<u8>,
    pub labels: Vec<u32>,
    /// Per image: the split folder it came from, if any ("train", "val", "test").
    pub splits: Vec<Option<String>>,
    pub paths: Vec<String>,
    /// The leading folders the layout dropped.
    #[serde(default)]
    pub root: String,
    pub skipped: Vec<SkippedFile>,
    pub ignored: usize,
    pub split_folders: bool,
    pub files: usize,
}
