//! The models. Weights are drawn from the crate's seeded RNG with the chosen `torch.nn.init`
//! scheme (PyTorch's layer default unless set), so a seed means the same network on every
//! backend.
//!
//! [`Network`] is what training builds from a [`TrainConfig`]: the [`Mlp`] or the [`Cnn`].
//! Both take images flattened to `[n, height * width * channels]` in HWC order (the layout of
//! [`ImageSet`]); the CNN turns them back into NCHW images itself. [`summary`] describes the
//! same network from the config alone, Keras style.

use burn::module::{Module, Param};
use burn::nn::conv::Conv2d;
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig, Dropout, DropoutConfig, Linear, PaddingConfig2d};
use burn::prelude::*;
use burn::tensor::activation;
use serde::{Deserialize, Serialize};

use crate::config::{Activation, Head, InitKind, ModelKind, TrainConfig};
use crate::data::ImageSet;
use crate::init::{self, Init};
use crate::rng::Rng;

/// The size of the images a network takes.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ImageShape {
    pub width: usize,
    pub height: usize,
    pub channels: usize,
}

impl ImageShape {
    pub fn new(width: usize, height: usize, channels: usize) -> Self {
        Self { width, height, channels }
    }

    /// The shape of a set's images.
    pub fn of(set: &ImageSet) -> Self {
        Self { width: set.width, height: set.height, channels: set.channels }
    }

    /// Values per image: the width of the flattened input.
    pub fn len(&self) -> usize {
        self.width * self.height * self.channels
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The network a config asks for.
#[derive(Module, Debug)]
pub enum Network {
    Mlp(Mlp),
    Cnn(Cnn),
}

impl Network {
    /// Builds `config.model` for images of `shape` and `classes` outputs. Fails, with a message
    /// for the user, when the network cannot be built (e.g. more 2x2 poolings than the image
    /// has pixels for).
    pub fn new(
        config: &TrainConfig,
        shape: ImageShape,
        classes: usize,
        device: &Device,
    ) -> Result<Self, String> {
        check(config, shape, classes)?;
        Ok(match config.model {
            ModelKind::Mlp => Network::Mlp(Mlp::new(&MlpSpec::new(config, shape.len(), classes), device)),
            ModelKind::Cnn => Network::Cnn(Cnn::build(config, shape, classes, device)),
        })
    }

    /// Logits `[n, classes]` for images `[n, height * width * channels]` (HWC order).
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        match self {
            Network::Mlp(mlp) => mlp.forward(input),
            Network::Cnn(cnn) => cnn.forward(input),
        }
    }
}

/// Linear -> [BatchNorm] -> activation -> [Dropout].
#[derive(Module, Debug)]
struct Hidden {
    linear: Linear,
    norm: Option<BatchNorm>,
    dropout: Option<Dropout>,
    #[module(skip)]
    activation: Activation,
}

impl Hidden {
    fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let mut x = self.linear.forward(x);
        if let Some(norm) = &self.norm {
            x = norm.forward(x);
        }
        x = activate(x, self.activation);
        match &self.dropout {
            Some(dropout) => dropout.forward(x),
            None => x,
        }
    }
}

#[derive(Module, Debug)]
pub struct Mlp {
    hidden: Vec<Hidden>,
    output: Linear,
}

/// The parts of the config that shape the network.
#[derive(Clone, Debug, PartialEq)]
pub struct MlpSpec {
    pub input: usize,
    pub hidden: Vec<usize>,
    pub classes: usize,
    pub activation: Activation,
    pub batch_norm: bool,
    pub dropout: f64,
    pub init: Init,
    pub seed: u64,
}

impl MlpSpec {
    pub fn new(config: &TrainConfig, input: usize, classes: usize) -> Self {
        Self {
            input,
            hidden: config.hidden.clone(),
            classes,
            activation: config.activation,
            batch_norm: config.batch_norm,
            dropout: config.dropout,
            init: init_of(config),
            seed: config.seed,
        }
    }

    /// Plain ReLU MLP with PyTorch's default init.
    pub fn plain(input: usize, hidden: &[usize], classes: usize, seed: u64) -> Self {
        Self {
            input,
            hidden: hidden.to_vec(),
            classes,
            activation: Activation::Relu,
            batch_norm: false,
            dropout: 0.0,
            init: Init::Default,
            seed,
        }
    }
}

pub fn init_of(config: &TrainConfig) -> Init {
    match config.init {
        InitKind::Default => Init::Default,
        InitKind::XavierUniform => Init::XavierUniform,
        InitKind::XavierNormal => Init::XavierNormal,
        InitKind::HeNormal => Init::HeNormal,
        InitKind::HeUniform => Init::HeUniform,
        InitKind::Uniform => Init::Uniform { a: config.init_a, b: config.init_b },
        InitKind::Normal => Init::Normal { std: config.init_std },
    }
}

impl Mlp {
    pub fn new(spec: &MlpSpec, device: &Device) -> Self {
        let mut rng = Rng::derived(spec.seed, 0);
        let (hidden, output) = dense_layers(spec, &mut rng, device);
        Self { hidden, output }
    }

    /// Logits `[n, classes]`.
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let x = self.hidden.iter().fold(input, |x, layer| layer.forward(x));
        self.output.forward(x)
    }
}

/// The hidden layers and the output layer of `spec`, weights drawn from `rng` in order.
fn dense_layers(spec: &MlpSpec, rng: &mut Rng, device: &Device) -> (Vec<Hidden>, Linear) {
    let mut width = spec.input;
    let hidden = spec
        .hidden
        .iter()
        .map(|&out| {
            let layer = Hidden {
                linear: seeded_linear(width, out, spec.init, rng, device),
                norm: spec.batch_norm.then(|| BatchNormConfig::new(out).init(device)),
                dropout: (spec.dropout > 0.0).then(|| DropoutConfig::new(spec.dropout).init()),
                activation: spec.activation,
            };
            width = out;
            layer
        })
        .collect();
    let output = seeded_linear(width, spec.classes, spec.init, rng, device);
    (hidden, output)
}

/// Conv2d (same padding) -> [BatchNorm2d] -> activation -> MaxPool2d 2x2 -> [Dropout].
#[derive(Module, Debug)]
struct ConvBlock {
    conv: Conv2d,
    norm: Option<BatchNorm>,
    pool: MaxPool2d,
    dropout: Option<Dropout>,
    #[module(skip)]
    activation: Activation,
}

impl ConvBlock {
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let mut x = self.conv.forward(x);
        if let Some(norm) = &self.norm {
            x = norm.forward(x);
        }
        x = self.pool.forward(activate(x, self.activation));
        match &self.dropout {
            Some(dropout) => dropout.forward(x),
            None => x,
        }
    }
}

/// Conv blocks, a head (flatten or global average pooling), then dense layers as the MLP's.
#[derive(Module, Debug)]
pub struct Cnn {
    blocks: Vec<ConvBlock>,
    hidden: Vec<Hidden>,
    output: Linear,
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
    fn build(config: &TrainConfig, shape: ImageShape, classes: usize, device: &Device) -> Self {
        let scheme = init_of(config);
        let mut rng = Rng::derived(config.seed, 0);
        let mut channels = shape.channels;
        let blocks = config
            .conv_channels
            .iter()
            .map(|&out| {
                let block = ConvBlock {
                    conv: seeded_conv2d(channels, out, config.kernel, scheme, &mut rng, device),
                    norm: config.batch_norm.then(|| BatchNormConfig::new(out).init(device)),
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
        self.output.forward(x)
    }
}

/// Why `config` cannot be built for these images, if it cannot.
fn check(config: &TrainConfig, shape: ImageShape, classes: usize) -> Result<(), String> {
    let ImageShape { width, height, channels } = shape;
    if shape.is_empty() {
        return Err(format!("images must have pixels and channels, got {width}x{height}x{channels}"));
    }
    if classes == 0 {
        return Err("the dataset has no classes".into());
    }
    if config.hidden.contains(&0) {
        return Err("hidden layer widths must be at least 1".into());
    }
    if config.model == ModelKind::Cnn {
        if config.kernel.is_multiple_of(2) {
            return Err(format!("the kernel size must be odd for same padding, got {}", config.kernel));
        }
        if config.conv_channels.contains(&0) {
            return Err("conv channels must be at least 1".into());
        }
        let blocks = config.conv_channels.len();
        if pooled(width, blocks) == 0 || pooled(height, blocks) == 0 {
            return Err(format!("image {width}x{height} is too small for {blocks} MaxPool 2x2 blocks"));
        }
    }
    Ok(())
}

/// A side of `size` pixels after `blocks` 2x2 max pools (stride 2, floor, as PyTorch's).
fn pooled(size: usize, blocks: usize) -> usize {
    u32::try_from(blocks).ok().and_then(|b| size.checked_shr(b)).unwrap_or(0)
}

/// Features the CNN's head hands to its dense layers.
fn head_width(config: &TrainConfig, shape: ImageShape) -> usize {
    let blocks = config.conv_channels.len();
    let channels = config.conv_channels.last().copied().unwrap_or(shape.channels);
    match config.head {
        Head::Flatten => channels * pooled(shape.width, blocks) * pooled(shape.height, blocks),
        Head::Gap => channels,
    }
}

pub use crate::messages::SummaryRow;

/// The layers of the network `Network::new` would build, from the config alone (no tensors).
/// Fails with the same message as `Network::new`.
pub fn summary(config: &TrainConfig, shape: ImageShape, classes: usize) -> Result<Vec<SummaryRow>, String> {
    check(config, shape, classes)?;
    let mut rows = Vec::new();
    let mut row = |layer: String, output_shape: String, params: usize| {
        rows.push(SummaryRow { layer, output_shape, params })
    };
    let act = activation_name(config.activation);
    let dropout = (config.dropout > 0.0).then(|| format!("Dropout({})", config.dropout));
    let mut features = shape.len();
    if config.model == ModelKind::Cnn {
        let (mut c, mut h, mut w) = (shape.channels, shape.height, shape.width);
        let k = config.kernel;
        for &out in &config.conv_channels {
            let chw = |c: usize, h: usize, w: usize| format!("({c}, {h}, {w})");
            row(format!("Conv2d({c}→{out}, {k}x{k}, same)"), chw(out, h, w), c * out * k * k + out);
            if config.batch_norm {
                row(format!("BatchNorm2d({out})"), chw(out, h, w), 4 * out);
            }
            row(act.clone(), chw(out, h, w), 0);
            (c, h, w) = (out, h / 2, w / 2);
            row("MaxPool2d(2)".into(), chw(c, h, w), 0);
            if let Some(d) = &dropout {
                row(d.clone(), chw(c, h, w), 0);
            }
        }
        if config.head == Head::Gap {
            row("AdaptiveAvgPool2d(1)".into(), format!("({c}, 1, 1)"), 0);
        }
        features = head_width(config, shape);
    }
    row("Flatten".into(), format!("({features})"), 0);
    for &out in &config.hidden {
        row(format!("Linear({features}→{out})"), format!("({out})"), features * out + out);
        if config.batch_norm {
            row(format!("BatchNorm1d({out})"), format!("({out})"), 4 * out);
        }
        row(act.clone(), format!("({out})"), 0);
        if let Some(d) = &dropout {
            row(d.clone(), format!("({out})"), 0);
        }
        features = out;
    }
    row(format!("Linear({features}→{classes})"), format!("({classes})"), features * classes + classes);
    Ok(rows)
}

/// PyTorch's module name for an activation.
pub fn activation_name(kind: Activation) -> String {
    match kind {
        Activation::Relu => "ReLU",
        Activation::Gelu => "GELU",
        Activation::Tanh => "Tanh",
        Activation::Sigmoid => "Sigmoid",
        Activation::LeakyRelu => "LeakyReLU(0.01)",
    }
    .into()
}

pub fn activate<const D: usize>(x: Tensor<D>, kind: Activation) -> Tensor<D> {
    match kind {
        Activation::Relu => activation::relu(x),
        Activation::Gelu => activation::gelu(x),
        Activation::Tanh => activation::tanh(x),
        Activation::Sigmoid => activation::sigmoid(x),
        Activation::LeakyRelu => activation::leaky_relu(x, 0.01),
    }
}

fn seeded_linear(fan_in: usize, fan_out: usize, scheme: Init, rng: &mut Rng, device: &Device) -> Linear {
    let weight = init::sample(scheme, fan_in, fan_out, fan_in * fan_out, rng);
    let bias = init::bias(scheme, fan_in, fan_out, rng);
    Linear {
        // burn stores Linear weights as [d_input, d_output].
        weight: Param::from_tensor(Tensor::from_data(TensorData::new(weight, [fan_in, fan_out]), device)),
        bias: Some(Param::from_tensor(Tensor::from_data(TensorData::new(bias, [fan_out]), device))),
    }
}

/// `k`x`k` convolution, stride 1, zero padding `(k - 1) / 2` on every side ("same" for odd
/// `k`), weights `[out, in, k, k]` (PyTorch's layout) from `rng`.
fn seeded_conv2d(
    channels_in: usize,
    channels_out: usize,
    k: usize,
    scheme: Init,
    rng: &mut Rng,
    device: &Device,
) -> Conv2d {
    let (fan_in, fan_out) = init::fans_conv2d(channels_in, channels_out, k, k);
    let weight = init::sample(scheme, fan_in, fan_out, channels_out * channels_in * k * k, rng);
    let bias = init::bias(scheme, fan_in, channels_out, rng);
    let pad = (k - 1) / 2;
    Conv2d {
        weight: Param::from_tensor(Tensor::from_data(
            TensorData::new(weight, [channels_out, channels_in, k, k]),
            device,
        )),
        bias: Some(Param::from_tensor(Tensor::from_data(TensorData::new(bias, [channels_out]), device))),
        stride: [1, 1],
        kernel_size: [k, k],
        dilation: [1, 1],
        groups: 1,
        padding: PaddingConfig2d::Explicit(pad, pad, pad, pad),
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
