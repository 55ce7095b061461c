//! The network a config describes, checked and summarised Keras style, from the config
//! alone: no tensors, so the page's module (built without burn) can use it too.

use serde::{Deserialize, Serialize};

use crate::config::{Activation, Head, ModelKind, TrainConfig};
use crate::data::ImageShape;

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
pub fn head_width(config: &TrainConfig, shape: ImageShape) -> usize {
    let blocks = config.conv_channels.len();
    let channels = config.conv_channels.last().copied().unwrap_or(shape.channels);
    match config.head {
        Head::Flatten => channels * pooled(shape.width, blocks) * pooled(shape.height, blocks),
        Head::Gap => channels,
    }
}

/// The layers of the network `Network::new` would build, from the config alone (no tensors).
/// Fails with the same message as `Network::new`.
pub fn summary(config: &TrainConfig, shape: ImageShape, classes: usize) -> Result<Vec<SummaryRow>, String> {
    check(config, shape, classes)?;
    let mut rows = Vec::new();
    let mut row = |layer: String, (output_shape, outputs): (String, usize), params: usize| {
        rows.push(SummaryRow { layer, output_shape, params, outputs })
    };
    let act = activation_name(config.activation);
    let dropout = (config.dropout > 0.0).then(|| format!("Dropout({})", config.dropout));
    let mut features = shape.len();
    if config.model == ModelKind::Cnn {
        let (mut c, mut h, mut w) = (shape.channels, shape.height, shape.width);
        let k = config.kernel;
        let chw = |c: usize, h: usize, w: usize| (format!("({c}, {h}, {w})"), c * h * w);
        for &out in &config.conv_channels {
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
            row("AdaptiveAvgPool2d(1)".into(), chw(c, 1, 1), 0);
        }
        features = head_width(config, shape);
    }
    let flat = |n: usize| (format!("({n})"), n);
    row("Flatten".into(), flat(features), 0);
    for &out in &config.hidden {
        row(format!("Linear({features}→{out})"), flat(out), features * out + out);
        if config.batch_norm {
            row(format!("BatchNorm1d({out})"), flat(out), 4 * out);
        }
        row(act.clone(), flat(out), 0);
        if let Some(d) = &dropout {
            row(d.clone(), flat(out), 0);
        }
        features = out;
    }
    row(format!("Linear({features}→{classes})"), flat(classes), features * classes + classes);
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
