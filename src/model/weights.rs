//! A network's tensors layer by layer, in the order of `summary::layers` (the Conv2d, BatchNorm
//! and Linear layers, skipping those without weights), in burn's layouts: out to a model file,
//! and back in from one.

use burn::module::Param;
use burn::nn::Linear;
use burn::nn::conv::Conv2d;
use burn::prelude::*;

use super::batch_norm::BatchNorm;
use super::mlp::Hidden;
use super::{Cnn, Mlp, Network};

/// One layer's tensors. Linear weights are burn's `[in, out]` (PyTorch's transposed), Conv2d
/// weights `[out, in, kh, kw]` as PyTorch's; a norm holds weight, bias, running mean, running var.
#[derive(Clone, Debug)]
pub enum LayerTensors {
    Conv2d { weight: Tensor<4>, bias: Tensor<1> },
    Norm([Tensor<1>; 4]),
    Linear { weight: Tensor<2>, bias: Tensor<1> },
}

fn linear_tensors(linear: &Linear) -> LayerTensors {
    let bias = linear.bias.as_ref().expect("aula's Linear layers have a bias").val();
    LayerTensors::Linear { weight: linear.weight.val(), bias }
}

fn linear_from(tensors: LayerTensors) -> Result<Linear, String> {
    match tensors {
        LayerTensors::Linear { weight, bias } => {
            Ok(Linear { weight: Param::from_tensor(weight), bias: Some(Param::from_tensor(bias)) })
        }
        other => Err(format!("expected a Linear layer's weights, got {}", other.kind())),
    }
}

fn norm_from(tensors: LayerTensors) -> Result<BatchNorm, String> {
    match tensors {
        LayerTensors::Norm(four) => Ok(BatchNorm::from_tensors(four)),
        other => Err(format!("expected a BatchNorm layer's weights, got {}", other.kind())),
    }
}

impl LayerTensors {
    fn kind(&self) -> &'static str {
        match self {
            LayerTensors::Conv2d { .. } => "Conv2d",
            LayerTensors::Norm(_) => "BatchNorm",
            LayerTensors::Linear { .. } => "Linear",
        }
    }
}

/// Takes the next layer's tensors, or says which is missing.
fn next(layers: &mut impl Iterator<Item = LayerTensors>) -> Result<LayerTensors, String> {
    layers.next().ok_or_else(|| "the file has fewer layers than the model".to_string())
}

impl Hidden {
    fn push_tensors(&self, out: &mut Vec<LayerTensors>) {
        out.push(linear_tensors(&self.linear));
        if let Some(norm) = &self.norm {
            out.push(LayerTensors::Norm(norm.tensors()));
        }
    }

    fn take_tensors(&mut self, layers: &mut impl Iterator<Item = LayerTensors>) -> Result<(), String> {
        self.linear = linear_from(next(layers)?)?;
        if self.norm.is_some() {
            self.norm = Some(norm_from(next(layers)?)?);
        }
        Ok(())
    }
}

impl Network {
    /// Every weighted layer's tensors, in order.
    pub fn layer_tensors(&self) -> Vec<LayerTensors> {
        let mut out = Vec::new();
        match self {
            Network::Mlp(Mlp { hidden, output }) => {
                hidden.iter().for_each(|h| h.push_tensors(&mut out));
                out.push(linear_tensors(output));
            }
            Network::Cnn(cnn) => {
                for block in &cnn.blocks {
                    let bias = block.conv.bias.as_ref().expect("aula's Conv2d layers have a bias").val();
                    out.push(LayerTensors::Conv2d { weight: block.conv.weight.val(), bias });
                    if let Some(norm) = &block.norm {
                        out.push(LayerTensors::Norm(norm.tensors()));
                    }
                }
                cnn.hidden.iter().for_each(|h| h.push_tensors(&mut out));
                out.push(linear_tensors(&cnn.output));
            }
        }
        out
    }

    /// This network with the given tensors in place of its own (same layers, same order;
    /// the shapes were checked by the caller).
    pub fn with_layer_tensors(mut self, layers: Vec<LayerTensors>) -> Result<Self, String> {
        let mut layers = layers.into_iter();
        match &mut self {
            Network::Mlp(mlp) => {
                for h in &mut mlp.hidden {
                    h.take_tensors(&mut layers)?;
                }
                mlp.output = linear_from(next(&mut layers)?)?;
            }
            Network::Cnn(cnn) => take_cnn(cnn, &mut layers)?,
        }
        match layers.next() {
            Some(extra) => {
                Err(format!("the file has more layers than the model (a {} left over)", extra.kind()))
            }
            None => Ok(self),
        }
    }
}

fn take_cnn(cnn: &mut Cnn, layers: &mut impl Iterator<Item = LayerTensors>) -> Result<(), String> {
    for block in &mut cnn.blocks {
        match next(layers)? {
            LayerTensors::Conv2d { weight, bias } => {
                block.conv = Conv2d {
                    weight: Param::from_tensor(weight),
                    bias: Some(Param::from_tensor(bias)),
                    ..block.conv.clone()
                };
            }
            other => return Err(format!("expected a Conv2d layer's weights, got {}", other.kind())),
        }
        if block.norm.is_some() {
            block.norm = Some(norm_from(next(layers)?)?);
        }
    }
    for h in &mut cnn.hidden {
        h.take_tensors(layers)?;
    }
    cnn.output = linear_from(next(layers)?)?;
    Ok(())
}
