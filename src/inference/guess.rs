//! One of an image's most likely classes (the page draws them as bars too).

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Guess {
    pub class: usize,
    pub probability: f64,
}
