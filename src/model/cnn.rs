//! The CNN: conv blocks, a head (flatten or global average pooling), then dense layers as
//! the MLP's.

use burn::module::Module;
use burn::nn::conv::Conv2d;
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{Dropout, DropoutConfig, Linear};
use burn::prelude::*;

use super::batch_norm::BatchNorm;
use super::init::Init;
use super::layers::{activate, conv2d, linear, max_pool, seeded_conv2d};
use super::mlp::{Hidden, MlpSpec, dense_layers};
use super::summary::{check, head_width};
use crate::config::{Activation, Head, ModelKind, TrainConfig};
use crate::data::ImageShape;
use crate::rng::Rng;

/// Conv2d (same padding) -> [BatchNorm2d] -> activation -> MaxPool2d 2x2 -> [Dropout].
#[derive(Module, Debug)]
pub(super) struct ConvBlock {
    pub(super) conv: Conv2d,
    pub(super) norm: Option<BatchNorm>,
    pool: MaxPool2d,
    dropout: Option<Dropout>,
    #[module(skip)]
    activation: Activation,
}

impl ConvBlock {
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let mut x = conv2d(&self.conv, x);
        if let Some(norm) = &self.norm {
            x = norm.forward(x);
        }
        x = max_pool(&self.pool, activate(x, self.activation));
        match &self.dropout {
            Some(dropout) => dropout.forward(x),
            None => x,
        }
    }
}

#[derive(Module, Debug)]
pub struct Cnn {
    pub(super) blocks: Vec<ConvBlock>,
    pub(super) hidden: Vec<Hidden>,
    pub(super) output: Linear,
    #[module(skip)]
    head: Head,
    #[module(skip)]
    shape: ImageShape,
}

impl Cnn {
    /// The CNN of `config` (whatever `config.model` says), or why it cannot be built.
    pub fn new(
        config: &TrainConfig,
        shape: ImageShape,
        classes: usize,
        device: &Device,
    ) -> Result<Self, String> {
        check(&TrainConfig { model: ModelKind::Cnn, ..config.clone() }, shape, classes)?;
        Ok(Self::build(config, shape, classes, device))
    }

    /// Builds a checked config. Conv weights are drawn first, block by block, then the dense
    /// layers', all from one seeded stream.
    pub(super) fn build(config: &TrainConfig, shape: ImageShape, classes: usize, device: &Device) -> Self {
        let scheme = Init::from_config(config);
        let mut rng = Rng::derived(config.seed, 0);
        let mut channels = shape.channels;
        let blocks = config
            .conv_channels
            .iter()
            .map(|&out| {
                let block = ConvBlock {
                    conv: seeded_conv2d(channels, out, config.kernel, scheme, &mut rng, device),
                    norm: config.batch_norm.then(|| BatchNorm::new(out, device)),
                    pool: MaxPool2dConfig::new([2, 2]).init(),
                    dropout: (config.dropout > 0.0).then(|| DropoutConfig::new(config.dropout).init()),
                    activation: config.activation,
                };
                channels = out;
                block
            })
            .collect();
        let spec = MlpSpec::new(config, head_width(config, shape), classes);
        let (hidden, output) = dense_layers(&spec, &mut rng, device);
        Self { blocks, hidden, output, head: config.head, shape }
    }

    /// Logits `[n, classes]` for images `[n, height * width * channels]` (HWC order).
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let [n, _] = input.dims();
        let ImageShape { width, height, channels } = self.shape;
        self.forward_images(input.reshape([n, height, width, channels]).permute([0, 3, 1, 2]))
    }

    /// Logits `[n, classes]` for images `[n, channels, height, width]`.
    fn forward_images(&self, images: Tensor<4>) -> Tensor<2> {
        let x = self.blocks.iter().fold(images, |x, block| block.forward(x));
        let x = match self.head {
            Head::Flatten => x,
            Head::Gap => burn::tensor::module::adaptive_avg_pool2d(x, [1, 1]),
        };
        let x = self.hidden.iter().fold(x.flatten::<2>(1, 3), |x, layer| layer.forward(x));
        linear(&self.output, x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cnn_reads_flat_hwc_images_as_nchw() {
        let device = Device::flex();
        let (n, h, w, c) = (2, 4, 6, 3);
        let config = TrainConfig {
            model: ModelKind::Cnn,
            conv_channels: vec![4],
            hidden: vec![5],
            ..Default::default()
        };
        let cnn = Cnn::new(&config, ImageShape::new(w, h, c), 3, &device).unwrap();
        let mut rng = Rng::new(9);
        let nchw: Vec<f32> = (0..n * c * h * w).map(|_| rng.next_f64() as f32).collect();
        let mut hwc = vec![0.0; nchw.len()];
        for (i, value) in nchw.iter().enumerate() {
            let (b, ch, y, x) = (i / (c * h * w), i / (h * w) % c, i / w % h, i % w);
            hwc[((b * h + y) * w + x) * c + ch] = *value;
        }
        let flat = cnn.forward(Tensor::from_data(TensorData::new(hwc, [n, h * w * c]), &device));
        let images = cnn.forward_images(Tensor::from_data(TensorData::new(nchw, [n, c, h, w]), &device));
        flat.into_data().assert_approx_eq::<f32>(&images.into_data(), burn::tensor::Tolerance::default());
    }
}
