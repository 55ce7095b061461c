//! aula: a neural-network lab that trains in the browser.
//!
//! The modules follow the data: `data` (a folder or the demo set -> decoded u8 images ->
//! augmented, normalised batches) -> `model` (the network) -> `train` (the loop, optimizers,
//! schedules, callbacks) -> `report` (metrics, the exported run, charts). `config` is the one
//! settings type and `protocol` the messages between page and worker. Everything but `web` is
//! free of browser APIs and tested natively; the folders gate what needs burn (`train`
//! feature) in their own `mod.rs`, so the page's module builds without it.

pub mod config;
pub mod data;
pub mod inference;
pub mod model;
pub mod protocol;
pub mod report;
pub mod rng;
#[cfg(feature = "bench")]
pub mod speed;
pub mod train;

#[cfg(target_arch = "wasm32")]
pub mod web;
