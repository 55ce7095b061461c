//! Stage 5, inference: predictions on new images with a trained model, the `.safetensors`
//! model file with PyTorch's names, and the PyTorch export (model, weights and a training
//! script for the same recipe).

#[cfg(feature = "train")]
pub mod file;
pub mod guess;
#[cfg(feature = "train")]
pub mod predict;
#[cfg(feature = "train")]
pub mod pytorch;
