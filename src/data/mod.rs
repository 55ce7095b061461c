//! Stage 1, the data: a folder (or .zip, or the demo set) becomes decoded u8 images, split into
//! train, validation and test; then, per batch, augmented and normalised f32 inputs.
//!
//! `layout` (paths -> class and split) -> `archive` / `decode` (bytes -> resized u8) ->
//! `loader` -> `folder` (the pool and its split, `summary`) -> `images` (`ImageSet`, `Dataset`) ->
//! `augment` + `normalize` -> `batcher` (one f32 batch). `demo` is the built-in set and
//! `preview` the augmentation preview.

/// Small u8 images sent as one block (previews, thumbnails).
pub mod image_block;
/// What a folder's summary says of its layout and warnings, as the page's messages.
pub mod notes;
/// The size of an image.
pub mod shape;
/// A decoded folder as it travels between workers.
pub mod shared;
/// What a loaded folder holds, in plain serde types: the page reads it too.
pub mod summary;

#[cfg(feature = "train")]
pub mod archive;
#[cfg(feature = "train")]
pub mod augment;
#[cfg(feature = "train")]
pub mod batcher;
#[cfg(feature = "train")]
pub mod decode;
#[cfg(feature = "train")]
pub mod demo;
#[cfg(feature = "train")]
pub mod folder;
#[cfg(feature = "train")]
pub mod images;
#[cfg(feature = "train")]
pub mod layout;
#[cfg(feature = "train")]
pub mod loader;
#[cfg(feature = "train")]
pub mod normalize;
#[cfg(feature = "train")]
pub mod preview;
#[cfg(feature = "train")]
pub mod resize;

#[cfg(feature = "train")]
pub use images::{Dataset, ImageSet, Images, Split};
pub use shape::ImageShape;
