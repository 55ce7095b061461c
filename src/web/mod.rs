//! The browser shells: thin wasm-bindgen layers over the core.
//! `page` (charts, config) is in every build; `worker` (training) only with `train`.

mod canvas;
pub mod page;
#[cfg(feature = "train")]
pub mod worker;
