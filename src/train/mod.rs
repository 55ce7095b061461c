//! Stage 3, training: the loop (`fit::train`, one body for the browser worker and native
//! tests), one optimizer step (`step`) and the steps not yet read back
//! (`in_flight`), evaluation, the optimizers with PyTorch's semantics,
//! lr schedules, best-epoch tracking and EarlyStopping, the WebGPU-vs-CPU parity check, and
//! Auto's calibration (which backend trains a model faster).
//! Reads from the device go through `readback`, always async.

pub mod callbacks;
pub mod event;
pub mod recipe;
pub mod schedule;
pub mod stage;

#[cfg(feature = "train")]
pub mod calibrate;
#[cfg(feature = "train")]
pub mod evaluate;
#[cfg(feature = "train")]
mod fine_tune;
#[cfg(feature = "train")]
mod finishing;
#[cfg(feature = "train")]
mod fit;
#[cfg(feature = "train")]
pub mod fused_adam;
#[cfg(feature = "train")]
mod host;
#[cfg(feature = "train")]
pub mod in_flight;
#[cfg(feature = "train")]
pub mod optimizer;
#[cfg(feature = "train")]
mod pace;
#[cfg(feature = "train")]
pub mod parity;
#[cfg(feature = "train")]
pub mod readback;
#[cfg(feature = "train")]
pub mod step;

#[cfg(feature = "train")]
pub use crate::model::memory::fits_in_worker;
pub use event::{EpochResult, RunProgress, RunStart, TrainEvent};
#[cfg(feature = "train")]
pub use fit::{train, train_model};
#[cfg(feature = "train")]
pub use host::Host;
pub use stage::{BackendWhy, Evaluating, MemoryAdvice, RunFailure, Stage};
