//! A trained model: the network with everything needed to use it on new images exactly as
//! training saw them (size, channels, Normalize, class names).

use burn::prelude::*;

use super::Network;
use crate::config::TrainConfig;
use crate::data::ImageShape;
use crate::data::normalize::Normalize;

pub struct TrainedModel {
    /// For inference (no autodiff), on the device it was trained or loaded on.
    pub network: Network,
    pub config: TrainConfig,
    pub classes: Vec<String>,
    pub shape: ImageShape,
    pub normalize: Normalize,
    /// The epoch whose weights these are (None for weights that never finished an epoch).
    pub epoch: Option<usize>,
    /// Optimizer steps that trained them (PyTorch's `num_batches_tracked` for BatchNorm).
    pub steps: usize,
}

impl TrainedModel {
    /// Whether this model can be trained further with `config` on `classes` images of
    /// `shape`; else a message naming each mismatch.
    pub fn fits(&self, config: &TrainConfig, shape: ImageShape, classes: &[String]) -> Result<(), String> {
        let mine = &self.config;
        let mut problems = Vec::new();
        let mut differ = |key: &str, model: String, settings: String| {
            if model != settings {
                problems.push(format!("{key}: the model has {model}, the settings say {settings}"));
            }
        };
        let list = |v: &[usize]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",");
        differ(
            "model",
            format!("{:?}", mine.model).to_lowercase(),
            format!("{:?}", config.model).to_lowercase(),
        );
        differ("hidden", list(&mine.hidden), list(&config.hidden));
        differ("activation", format!("{:?}", mine.activation), format!("{:?}", config.activation));
        differ("batch_norm", mine.batch_norm.to_string(), config.batch_norm.to_string());
        if mine.model == crate::config::ModelKind::Cnn {
            differ("conv_channels", list(&mine.conv_channels), list(&config.conv_channels));
            differ("kernel", mine.kernel.to_string(), config.kernel.to_string());
            differ("head", format!("{:?}", mine.head), format!("{:?}", config.head));
        }
        let size = |s: ImageShape| {
            format!("{}x{} {}", s.width, s.height, if s.channels == 1 { "grayscale" } else { "RGB" })
        };
        if self.shape != shape {
            problems.push(format!(
                "images: the model takes {}, this dataset and settings give {} (image_size, grayscale)",
                size(self.shape),
                size(shape)
            ));
        }
        if self.classes != classes {
            problems.push(format!(
                "classes: the model knows {} ({}), the dataset has {} ({})",
                self.classes.len(),
                preview(&self.classes),
                classes.len(),
                preview(classes)
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("The loaded model does not fit: {}.", problems.join("; ")))
        }
    }

    /// Logits `[n, classes]` for `images` (u8 HWC, this model's shape, back to back),
    /// normalised as in training.
    pub fn logits(&self, images: &[u8], device: &Device) -> Tensor<2> {
        let n = images.len() / self.shape.len().max(1);
        let mut inputs = Vec::with_capacity(images.len());
        let table = self.normalize.table(self.shape.channels);
        for image in images.chunks_exact(self.shape.len()) {
            table.write(image, &mut inputs);
        }
        let x = Tensor::from_data(TensorData::new(inputs, [n, self.shape.len()]), device);
        self.network.forward(x)
    }
}

/// The first few names, then "…".
fn preview(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(4).map(String::as_str).collect();
    if names.len() > 4 { format!("{}, …", shown.join(", ")) } else { shown.join(", ") }
}
