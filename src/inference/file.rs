//! The model file: one `.safetensors` with PyTorch's `state_dict` names and layouts for the
//! `nn.Sequential` that `summary::layers` lists (`net.{index}.weight`, …; Linear weights
//! `[out, in]`, Conv2d `[out, in, kh, kw]`, BatchNorm `weight`, `bias`, `running_mean`,
//! `running_var`, `num_batches_tracked`), f32, and in `__metadata__` everything needed to use it:
//! the config, class names, input shape and channel order, Normalize's mean and std, the layers.
//!
//! The PyTorch model takes NCHW images, as PyTorch does; aula's MLP takes them flattened in HWC
//! order, so the first Linear of an MLP has its input columns reordered on the way out and back.

use std::collections::HashMap;

use burn::prelude::*;
use safetensors::tensor::{Dtype, SafeTensorError, SafeTensors, TensorView};

use crate::config::{ModelKind, TrainConfig};
use crate::data::ImageShape;
use crate::data::normalize::Normalize;
use crate::model::summary::{Layer, layers};
use crate::model::weights::LayerTensors;
use crate::model::{Network, TrainedModel};
use crate::train::readback;

/// What `__metadata__["format"]` says, so a file is known to be one of ours.
pub const FORMAT: &str = "aula-model";
pub const FORMAT_VERSION: &str = "1";

/// The PyTorch names of one weighted layer's tensors, at Sequential index `index`.
fn names(layer: &Layer, index: usize) -> Vec<String> {
    let keys: &[&str] = match layer {
        Layer::BatchNorm1d { .. } | Layer::BatchNorm2d { .. } => {
            &["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
        }
        _ => &["weight", "bias"],
    };
    keys.iter().map(|k| format!("net.{index}.{k}")).collect()
}

/// The weighted layers with their Sequential index.
fn weighted(layers: &[(Layer, Vec<usize>)]) -> Vec<(usize, &Layer)> {
    layers
        .iter()
        .enumerate()
        .filter(|(_, (layer, _))| layer.params() > 0)
        .map(|(i, (layer, _))| (i, layer))
        .collect()
}

/// Column `j` of the MLP's first Linear in PyTorch's (C, H, W) flatten order is aula's column
/// `hwc[j]` (H, W, C order).
fn chw_to_hwc(shape: ImageShape) -> Vec<usize> {
    let ImageShape { width: w, height: h, channels: c } = shape;
    let mut hwc = Vec::with_capacity(shape.len());
    for ch in 0..c {
        for y in 0..h {
            for x in 0..w {
                hwc.push((y * w + x) * c + ch);
            }
        }
    }
    hwc
}

/// A tensor for a `.safetensors` file: its dtype, shape and little-endian bytes.
pub(super) struct Stored {
    pub dtype: Dtype,
    pub shape: Vec<usize>,
    pub bytes: Vec<u8>,
}

impl safetensors::View for Stored {
    fn dtype(&self) -> Dtype {
        self.dtype
    }
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn data(&self) -> std::borrow::Cow<'_, [u8]> {
        (&self.bytes[..]).into()
    }
    fn data_len(&self) -> usize {
        self.bytes.len()
    }
}

fn f32s(shape: Vec<usize>, values: &[f32]) -> Stored {
    Stored { dtype: Dtype::F32, shape, bytes: values.iter().flat_map(|v| v.to_le_bytes()).collect() }
}

/// The model as a `.safetensors` file's bytes. Reads the weights back from the device (async).
pub async fn to_safetensors(model: &TrainedModel) -> Result<Vec<u8>, String> {
    let layers = layers(&model.config, model.shape, model.classes.len())?;
    let data = readback::layers(&model.network.layer_tensors()).await?;
    let mut values = data.iter().map(|d| d.iter::<f32>().collect::<Vec<f32>>());
    let mut stored: Vec<(String, Stored)> = Vec::new();
    let mut first_linear = model.config.model == ModelKind::Mlp;
    for (index, layer) in weighted(&layers) {
        let keys = names(layer, index);
        match *layer {
            Layer::Conv2d { in_channels, out_channels, kernel_size: k, .. } => {
                stored.push((
                    keys[0].clone(),
                    f32s(vec![out_channels, in_channels, k, k], &next_values(&mut values)?),
                ));
                stored.push((keys[1].clone(), f32s(vec![out_channels], &next_values(&mut values)?)));
            }
            Layer::Linear { in_features, out_features } => {
                // burn's [in, out] -> PyTorch's [out, in]; an MLP's first layer reads CHW.
                let burn = next_values(&mut values)?;
                let columns: Vec<usize> =
                    if first_linear { chw_to_hwc(model.shape) } else { (0..in_features).collect() };
                first_linear = false;
                let mut torch = Vec::with_capacity(burn.len());
                for o in 0..out_features {
                    torch.extend(columns.iter().map(|&i| burn[i * out_features + o]));
                }
                stored.push((keys[0].clone(), f32s(vec![out_features, in_features], &torch)));
                stored.push((keys[1].clone(), f32s(vec![out_features], &next_values(&mut values)?)));
            }
            Layer::BatchNorm1d { num_features, .. } | Layer::BatchNorm2d { num_features, .. } => {
                for key in &keys[..4] {
                    stored.push((key.clone(), f32s(vec![num_features], &next_values(&mut values)?)));
                }
                let tracked = Stored {
                    dtype: Dtype::I64,
                    shape: vec![],
                    bytes: (model.steps as i64).to_le_bytes().to_vec(),
                };
                stored.push((keys[4].clone(), tracked));
            }
            _ => unreachable!("only weighted layers"),
        }
    }
    let specs: Vec<&Layer> = layers.iter().map(|(l, _)| l).collect();
    let metadata: HashMap<String, String> = [
        ("format", FORMAT.to_string()),
        ("format_version", FORMAT_VERSION.to_string()),
        ("aula_version", env!("CARGO_PKG_VERSION").to_string()),
        ("config", json(&model.config)),
        ("classes", json(&model.classes)),
        ("input_shape", json(&[model.shape.channels, model.shape.height, model.shape.width])),
        ("input_layout", "NCHW float32: pixel / 255, then (x - mean) / std per channel".to_string()),
        ("channel_order", if model.shape.channels == 1 { "L" } else { "RGB" }.to_string()),
        ("normalize_mean", json(&model.normalize.mean)),
        ("normalize_std", json(&model.normalize.std)),
        ("max_pixel_value", "255".to_string()),
        ("layers", json(&specs)),
        ("epoch", model.epoch.map_or("null".into(), |e| e.to_string())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    safetensors::serialize(stored, Some(metadata)).map_err(|e| format!("The model could not be written: {e}"))
}

fn next_values(values: &mut impl Iterator<Item = Vec<f32>>) -> Result<Vec<f32>, String> {
    values.next().ok_or_else(|| "fewer tensors were read back than the model has".to_string())
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}

/// Why a file is not a model file, in words.
fn unreadable(error: SafeTensorError) -> String {
    match error {
        SafeTensorError::HeaderTooSmall
        | SafeTensorError::HeaderTooLarge
        | SafeTensorError::InvalidHeaderLength
        | SafeTensorError::InvalidHeader(_) => {
            "it is not a .safetensors file (its header cannot be read)".into()
        }
        SafeTensorError::InvalidHeaderDeserialization(_) | SafeTensorError::JsonError(_) => {
            "it is not a .safetensors file (its header is not the JSON one expects)".into()
        }
        SafeTensorError::MetadataIncompleteBuffer | SafeTensorError::InvalidOffset(_) => {
            "it is truncated or damaged (its tensors do not fill the file as its header says)".into()
        }
        other => format!("it cannot be read as .safetensors ({other})"),
    }
}

/// A model file's bytes as a model on `device`, or why they are not one.
pub fn from_safetensors(bytes: &[u8], device: &Device) -> Result<TrainedModel, String> {
    let file = SafeTensors::deserialize(bytes).map_err(unreadable)?;
    let (_, header) = SafeTensors::read_metadata(bytes).map_err(unreadable)?;
    let empty = HashMap::new();
    let metadata = header.metadata().as_ref().unwrap_or(&empty);
    let field = |key: &str| {
        metadata.get(key).ok_or_else(|| format!("it was not exported by aula (its metadata has no '{key}')"))
    };
    if field("format")? != FORMAT {
        return Err(format!("it was not exported by aula (format '{}')", field("format")?));
    }
    let parse = |key: &str| -> Result<serde_json::Value, String> {
        serde_json::from_str(field(key)?).map_err(|e| format!("its '{key}' metadata is not valid JSON: {e}"))
    };
    let config =
        TrainConfig::from_json(field("config")?).map_err(|e| format!("its config cannot be used: {e}"))?;
    let classes: Vec<String> = serde_json::from_value(parse("classes")?)
        .map_err(|e| format!("its class names cannot be read: {e}"))?;
    let [c, h, w]: [usize; 3] = serde_json::from_value(parse("input_shape")?)
        .map_err(|e| format!("its input shape cannot be read: {e}"))?;
    let shape = ImageShape::new(w, h, c);
    let normalize = Normalize {
        mean: serde_json::from_value(parse("normalize_mean")?).map_err(|e| format!("normalize_mean: {e}"))?,
        std: serde_json::from_value(parse("normalize_std")?).map_err(|e| format!("normalize_std: {e}"))?,
    };
    if normalize.mean.len() != c || normalize.std.len() != c {
        return Err(format!("its Normalize statistics are not for {c} channels"));
    }
    let epoch = field("epoch")?.parse::<usize>().ok();
    let layers =
        layers(&config, shape, classes.len()).map_err(|e| format!("its layers cannot be built: {e}"))?;

    let tensor = |name: &str, dtype: Dtype, shape: &[usize]| -> Result<TensorView<'_>, String> {
        let view = file.tensor(name).map_err(|_| format!("it has no tensor '{name}'"))?;
        if view.dtype() != dtype {
            return Err(format!("tensor '{name}' is {:?}, expected {dtype:?}", view.dtype()));
        }
        if view.shape() != shape {
            return Err(format!("tensor '{name}' has shape {:?}, expected {shape:?}", view.shape()));
        }
        Ok(view)
    };
    let floats = |view: TensorView<'_>| -> Vec<f32> {
        view.data().chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
    };
    let on =
        |values: Vec<f32>| Tensor::<1>::from_data(TensorData::new(values.clone(), [values.len()]), device);
    let mut tensors = Vec::new();
    let mut steps = 0;
    let mut first_linear = config.model == ModelKind::Mlp;
    for (index, layer) in weighted(&layers) {
        let keys = names(layer, index);
        match *layer {
            Layer::Conv2d { in_channels, out_channels, kernel_size: k, .. } => {
                let weight = floats(tensor(&keys[0], Dtype::F32, &[out_channels, in_channels, k, k])?);
                let bias = floats(tensor(&keys[1], Dtype::F32, &[out_channels])?);
                let weight =
                    Tensor::from_data(TensorData::new(weight, [out_channels, in_channels, k, k]), device);
                tensors.push(LayerTensors::Conv2d { weight, bias: on(bias) });
            }
            Layer::Linear { in_features, out_features } => {
                let torch = floats(tensor(&keys[0], Dtype::F32, &[out_features, in_features])?);
                let bias = floats(tensor(&keys[1], Dtype::F32, &[out_features])?);
                let columns: Vec<usize> =
                    if first_linear { chw_to_hwc(shape) } else { (0..in_features).collect() };
                first_linear = false;
                let mut burn = vec![0.0f32; torch.len()];
                for o in 0..out_features {
                    for (j, &i) in columns.iter().enumerate() {
                        burn[i * out_features + o] = torch[o * in_features + j];
                    }
                }
                let weight = Tensor::from_data(TensorData::new(burn, [in_features, out_features]), device);
                tensors.push(LayerTensors::Linear { weight, bias: on(bias) });
            }
            Layer::BatchNorm1d { num_features, .. } | Layer::BatchNorm2d { num_features, .. } => {
                let mut four = Vec::with_capacity(4);
                for key in &keys[..4] {
                    four.push(on(floats(tensor(key, Dtype::F32, &[num_features])?)));
                }
                let tracked = tensor(&keys[4], Dtype::I64, &[])?;
                steps = i64::from_le_bytes(
                    tracked.data().try_into().map_err(|_| "num_batches_tracked is damaged")?,
                )
                .max(0) as usize;
                tensors.push(LayerTensors::Norm(four.try_into().expect("four tensors")));
            }
            _ => unreachable!("only weighted layers"),
        }
    }
    let expected: usize = weighted(&layers).iter().map(|(i, l)| names(l, *i).len()).sum();
    if file.len() != expected {
        return Err(format!("it holds {} tensors, the model it describes has {expected}", file.len()));
    }
    let network = Network::new(&config, shape, classes.len(), device)?.with_layer_tensors(tensors)?;
    Ok(TrainedModel { network, config, classes, shape, normalize, epoch, steps })
}
