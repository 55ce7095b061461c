//! Reading tensors back from the device: one transaction per read (on WebGPU every read is a
//! round trip), always the async form (synchronous reads panic in a browser), and one error
//! message for a failed read.

use burn::prelude::*;
use burn::tensor::Transaction;

use crate::model::weights::LayerTensors;
use crate::report::Histogram;
use crate::report::histogram::BINS;

/// Executes `transaction`; `what` names the values in the error ("results", "weights").
pub async fn read(transaction: Transaction, what: &str) -> Result<Vec<TensorData>, String> {
    transaction.execute_async().await.map_err(|e| format!("Reading {what} from the device failed: {e:?}"))
}

/// Every tensor of `layers`, read back in one go, in layer order (weight, bias; BatchNorm's
/// gamma, beta, running mean, running variance).
pub async fn layers(layers: &[LayerTensors]) -> Result<Vec<TensorData>, String> {
    let mut transaction = Transaction::default();
    for layer in layers {
        transaction = match layer.clone() {
            LayerTensors::Conv2d { weight, bias } => transaction.register(weight).register(bias),
            LayerTensors::Linear { weight, bias } => transaction.register(weight).register(bias),
            LayerTensors::Norm(four) => four.into_iter().fold(transaction, |t, x| t.register(x)),
        };
    }
    read(transaction, "weights").await
}

/// The first value of a read tensor as f64 (NaN if it is empty).
pub fn first(data: &TensorData) -> f64 {
    data.iter::<f64>().next().unwrap_or(f64::NAN)
}

/// Histograms of named tensors, read back in one go.
pub async fn histograms(named: Vec<(String, Tensor<1>)>) -> Result<Vec<Histogram>, String> {
    if named.is_empty() {
        return Ok(Vec::new());
    }
    let mut transaction = Transaction::default();
    let mut names = Vec::with_capacity(named.len());
    for (name, tensor) in named {
        transaction = transaction.register(tensor);
        names.push(name);
    }
    let data = read(transaction, "weights").await?;
    Ok(names
        .iter()
        .zip(data)
        .map(|(name, d)| {
            let values: Vec<f64> = d.iter::<f64>().collect();
            Histogram::of(name, values.iter().copied(), BINS)
        })
        .collect())
}
