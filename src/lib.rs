//! aula: a neural-network lab that trains in the browser.
//!
//! Data flows folder (`layout`, `archive`) -> decoded u8 images (`decode`, `folder`, `data`)
//! -> augmented, normalised batches (`augment`, `normalize`, `batcher`) -> tensors and
//! model (`model`, `training`) -> metrics (`metrics`) -> messages (`messages`) -> charts
//! (`charts`). Everything but `web` is free of browser APIs and tested natively.

pub mod augment;
pub mod callbacks;
pub mod charts;
pub mod config;
pub mod histogram;
pub mod init;
pub mod layout;
pub mod messages;
pub mod metrics;
pub mod report;
pub mod rng;
pub mod schedule;
pub mod summary;

#[cfg(feature = "train")]
pub mod archive;
#[cfg(feature = "train")]
pub mod batcher;
#[cfg(feature = "train")]
pub mod data;
#[cfg(feature = "train")]
pub mod decode;
#[cfg(feature = "train")]
pub mod folder;
#[cfg(feature = "train")]
pub mod inspect;
#[cfg(feature = "train")]
pub mod model;
#[cfg(feature = "train")]
pub mod normalize;
#[cfg(feature = "train")]
pub mod optimizer;
#[cfg(feature = "train")]
pub mod preview;
#[cfg(feature = "train")]
pub mod speed;
#[cfg(feature = "train")]
pub mod training;

#[cfg(target_arch = "wasm32")]
pub mod web;
