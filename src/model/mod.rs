//! Stage 2, the model: the network a config asks for, its weights' init, a Keras-style
//! summary, and what it looks like inside (weight and gradient tensors for histograms).
//!
//! Weights are drawn from the crate's seeded RNG with the chosen `torch.nn.init` scheme, so a
//! seed means the same network on every backend. Both networks take images flattened to
//! `[n, height * width * channels]` in HWC order (the layout of `ImageSet`); the CNN turns
//! them back into NCHW images itself.

/// What a run will need in memory, from the config alone.
pub mod memory;
/// The layers a config builds, described without building them (the page shows it).
pub mod summary;

#[cfg(feature = "train")]
pub mod batch_norm;
#[cfg(feature = "webgpu")]
mod block_matmul;
#[cfg(feature = "train")]
mod cnn;
#[cfg(feature = "train")]
mod conv;
#[cfg(feature = "train")]
mod flex_conv;
#[cfg(feature = "train")]
pub mod flex_matmul;
#[cfg(feature = "train")]
mod flex_pool;
#[cfg(feature = "train")]
pub mod init;
#[cfg(feature = "train")]
pub mod inspect;
#[cfg(feature = "train")]
mod layers;
#[cfg(feature = "train")]
pub mod matmul;
#[cfg(feature = "train")]
mod mlp;
#[cfg(feature = "train")]
mod network;
#[cfg(feature = "webgpu")]
pub mod patches;
#[cfg(feature = "train")]
mod pool;
#[cfg(feature = "train")]
pub mod trained;
#[cfg(feature = "train")]
pub mod weights;

#[cfg(feature = "train")]
pub use cnn::Cnn;
#[cfg(feature = "train")]
pub use mlp::{Mlp, MlpSpec};
#[cfg(feature = "train")]
pub use network::Network;
pub use summary::{SummaryRow, summary};
#[cfg(feature = "train")]
pub use trained::TrainedModel;

pub use crate::data::ImageShape;
