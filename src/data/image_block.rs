//! Small u8 images sent as one block: previews and gallery thumbnails.

use serde::{Deserialize, Serialize};

/// Small u8 images (HWC, `channels` 1 or 3) back to back, for previews and thumbnails.
/// `pixels` crosses to the page as one `Uint8Array`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct ImageBlock {
    pub width: usize,
    pub height: usize,
    pub channels: usize,
    pub count: usize,
    #[serde(with = "serde_bytes")]
    pub pixels: Vec<u8>,
}
