//! Why a folder load or a run failed: in English (what the worker logs and the wire's `message`
//! carries) and, when the user's own data or settings cause it, as a message of the catalogues
//! for the page to word (`said`). Errors of the browser, the device or this worker are said
//! as they come.

use crate::data::notes::FolderFailure;
use crate::train::RunFailure;

pub struct Failed<T> {
    pub english: String,
    pub said: Option<T>,
}

impl<T> From<String> for Failed<T> {
    fn from(english: String) -> Self {
        Self { english, said: None }
    }
}

impl From<FolderFailure> for Failed<FolderFailure> {
    fn from(said: FolderFailure) -> Self {
        Self { english: said.english(), said: Some(said) }
    }
}

impl From<RunFailure> for Failed<RunFailure> {
    fn from(said: RunFailure) -> Self {
        Self { english: said.english(), said: Some(said) }
    }
}
