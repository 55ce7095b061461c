//! The network a config describes, checked and summarised Keras style, from the config
//! alone: no tensors, so the page's module (built without burn) can use it too.

use serde::{Deserialize, Serialize};

use crate::config::{Activation, Head, ModelKind, TrainConfig};
use crate::data::ImageShape;
use crate::train::RunFailure;

/// One line of a model summary.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SummaryRow {
    /// The layer, PyTorch style: `Conv2d(1→16, 3x3, same)`, `Linear(1568→256)`, `ReLU`.
    pub layer: String,
    /// Output shape of one image, without the batch dimension: `(C, H, W)` or `(features)`.
    pub output_shape: String,
    /// Numbers the layer holds, counted as burn's `num_params` counts them, so the rows add
    /// up to the built network's `num_params()`. That is PyTorch's trainable count for every
    /// layer but BatchNorm, which holds `4 × features`: gamma and beta (trained) and the running
    /// mean and variance (buffers), as Keras' summary counts it; PyTorch would count `2 × features`.
    pub params: usize,
    /// Values the layer outputs for one image (what its activations cost per image).
    pub outputs: usize,
}

/// Why `config` cannot be built for these images, if it cannot.
pub fn check(config: &TrainConfig, shape: ImageShape, classes: usize) -> Result<(), String> {
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
        if !pools_fit(shape, blocks) {
            return Err(RunFailure::ImageTooSmall { width, height, blocks }.english());
        }
    }
    Ok(())
}

/// Whether an image of `shape` keeps a pixel through `blocks` 2x2 max pools.
pub fn pools_fit(shape: ImageShape, blocks: usize) -> bool {
    pooled(shape.width, blocks) > 0 && pooled(shape.height, blocks) > 0
}

/// A side of `size` pixels after `blocks` 2x2 max pools (stride 2, floor, as PyTorch's).
fn pooled(size: usize, blocks: usize) -> usize {
    u32::try_from(blocks).ok().and_then(|b| size.checked_shr(b)).unwrap_or(0)
}

/// Features the CNN's head hands to its dense layers.
pub fn head_width(config: &TrainConfig, shape: ImageShape) -> usize {
    let blocks = config.conv_channels.len();
    let channels = config.conv_channels.last().copied().unwrap_or(shape.channels);
    match config.head {
        Head::Flatten => channels * pooled(shape.width, blocks) * pooled(shape.height, blocks),
        Head::Gap => channels,
    }
}

/// One layer, named and parametrised as its `torch.nn` module: `type` is the class name and
/// the other fields its constructor's keyword arguments, so `getattr(nn, type)(**args)`
/// builds it in PyTorch (the exported `model.py` does exactly that).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "type")]
pub enum Layer {
    Conv2d { in_channels: usize, out_channels: usize, kernel_size: usize, padding: usize },
    BatchNorm2d { num_features: usize, eps: f64, momentum: f64 },
    BatchNorm1d { num_features: usize, eps: f64, momentum: f64 },
    ReLU,
    GELU,
    Tanh,
    Sigmoid,
    LeakyReLU { negative_slope: f64 },
    MaxPool2d { kernel_size: usize },
    Dropout { p: f64 },
    AdaptiveAvgPool2d { output_size: usize },
    Flatten,
    Linear { in_features: usize, out_features: usize },
}

/// BatchNorm's eps and momentum (PyTorch's defaults, which `model::batch_norm` uses).
pub const BATCH_NORM_EPS: f64 = 1e-5;
pub const BATCH_NORM_MOMENTUM: f64 = 0.1;

impl Layer {
    /// Numbers the layer holds, counted as burn's `num_params` does (see `SummaryRow::params`).
    pub fn params(&self) -> usize {
        match *self {
            Layer::Conv2d { in_channels, out_channels, kernel_size: k, .. } => {
                in_channels * out_channels * k * k + out_channels
            }
            Layer::BatchNorm2d { num_features, .. } | Layer::BatchNorm1d { num_features, .. } => {
                4 * num_features
            }
            Layer::Linear { in_features, out_features } => in_features * out_features + out_features,
            _ => 0,
        }
    }

    /// The summary's name for it, PyTorch style.
    fn describe(&self) -> String {
        match self {
            Layer::Conv2d { in_channels, out_channels, kernel_size: k, .. } => {
                format!("Conv2d({in_channels}→{out_channels}, {k}x{k}, same)")
            }
            Layer::BatchNorm2d { num_features, .. } => format!("BatchNorm2d({num_features})"),
            Layer::BatchNorm1d { num_features, .. } => format!("BatchNorm1d({num_features})"),
            Layer::ReLU => "ReLU".into(),
            Layer::GELU => "GELU".into(),
            Layer::Tanh => "Tanh".into(),
            Layer::Sigmoid => "Sigmoid".into(),
            Layer::LeakyReLU { negative_slope } => format!("LeakyReLU({negative_slope})"),
            Layer::MaxPool2d { kernel_size } => format!("MaxPool2d({kernel_size})"),
            Layer::Dropout { p } => format!("Dropout({p})"),
            Layer::AdaptiveAvgPool2d { output_size } => format!("AdaptiveAvgPool2d({output_size})"),
            Layer::Flatten => "Flatten".into(),
            Layer::Linear { in_features, out_features } => format!("Linear({in_features}→{out_features})"),
        }
    }
}

fn activation_layer(kind: Activation) -> Layer {
    match kind {
        Activation::Relu => Layer::ReLU,
        Activation::Gelu => Layer::GELU,
        Activation::Tanh => Layer::Tanh,
        Activation::Sigmoid => Layer::Sigmoid,
        Activation::LeakyRelu => Layer::LeakyReLU { negative_slope: 0.01 },
    }
}

/// The layers of the network `Network::new` builds, in order, each with the shape of one
/// image's output (`[C, H, W]` or `[features]`). Fails with the same message as `Network::new`.
pub fn layers(
    config: &TrainConfig,
    shape: ImageShape,
    classes: usize,
) -> Result<Vec<(Layer, Vec<usize>)>, String> {
    check(config, shape, classes)?;
    let mut out = Vec::new();
    let act = activation_layer(config.activation);
    let dropout = (config.dropout > 0.0).then_some(Layer::Dropout { p: config.dropout });
    let norm = |num_features, two_d: bool| {
        let (eps, momentum) = (BATCH_NORM_EPS, BATCH_NORM_MOMENTUM);
        if two_d {
            Layer::BatchNorm2d { num_features, eps, momentum }
        } else {
            Layer::BatchNorm1d { num_features, eps, momentum }
        }
    };
    let mut features = shape.len();
    if config.model == ModelKind::Cnn {
        let (mut c, mut h, mut w) = (shape.channels, shape.height, shape.width);
        let k = config.kernel;
        for &out_channels in &config.conv_channels {
            let conv = Layer::Conv2d { in_channels: c, out_channels, kernel_size: k, padding: (k - 1) / 2 };
            out.push((conv, vec![out_channels, h, w]));
            if config.batch_norm {
                out.push((norm(out_channels, true), vec![out_channels, h, w]));
            }
            out.push((act.clone(), vec![out_channels, h, w]));
            (c, h, w) = (out_channels, h / 2, w / 2);
            out.push((Layer::MaxPool2d { kernel_size: 2 }, vec![c, h, w]));
            if let Some(d) = &dropout {
                out.push((d.clone(), vec![c, h, w]));
            }
        }
        if config.head == Head::Gap {
            out.push((Layer::AdaptiveAvgPool2d { output_size: 1 }, vec![c, 1, 1]));
        }
        features = head_width(config, shape);
    }
    out.push((Layer::Flatten, vec![features]));
    for &width in &config.hidden {
        out.push((Layer::Linear { in_features: features, out_features: width }, vec![width]));
        if config.batch_norm {
            out.push((norm(width, false), vec![width]));
        }
        out.push((act.clone(), vec![width]));
        if let Some(d) = &dropout {
            out.push((d.clone(), vec![width]));
        }
        features = width;
    }
    out.push((Layer::Linear { in_features: features, out_features: classes }, vec![classes]));
    Ok(out)
}

/// The layers of the network `Network::new` would build, from the config alone (no tensors),
/// Keras style. Fails with the same message as `Network::new`.
pub fn summary(config: &TrainConfig, shape: ImageShape, classes: usize) -> Result<Vec<SummaryRow>, String> {
    Ok(layers(config, shape, classes)?
        .into_iter()
        .map(|(layer, dims)| {
            let text: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
            SummaryRow {
                layer: layer.describe(),
                output_shape: format!("({})", text.join(", ")),
                params: layer.params(),
                outputs: dims.iter().product(),
            }
        })
        .collect())
}
