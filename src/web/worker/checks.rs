//! The worker's self-checks and measurements: Auto's calibration, the WebGPU-vs-CPU parity
//! check, and the in-worker data benchmark.

use burn::tensor::Device;

use super::datasets::dataset;
use super::device::{calibrated, webgpu};
use crate::config::TrainConfig;
use crate::protocol::{ParityRecipe, WorkerMessage};
use crate::train::parity::fixed_batch_losses;

pub async fn calibrate(config: TrainConfig, demo_url: String) -> Result<WorkerMessage, String> {
    let (data, _) = dataset(&config, &demo_url).await?;
    let (device, adapter) = webgpu().await?;
    let model = (&config, data.train.shape(), data.classes.len());
    let (rates, earlier) = calibrated(model, &device).await?;
    let (cpu, webgpu, chosen) = (rates.cpu, rates.webgpu, rates.faster());
    let why = rates.reason(&adapter.text, earlier);
    Ok(WorkerMessage::Calibrated { cpu, webgpu, chosen, reason: why.english(), why, earlier })
}

pub async fn parity(steps: usize, recipe: ParityRecipe) -> Result<WorkerMessage, String> {
    let (device, adapter) = webgpu().await?;
    let webgpu = fixed_batch_losses(&device, steps, recipe).await?;
    let cpu = fixed_batch_losses(&Device::flex(), steps, recipe).await?;
    Ok(WorkerMessage::Parity { adapter: adapter.text, webgpu, cpu })
}

/// The in-worker benchmark of the data stages; only a build with the `bench` feature has it.
pub fn bench_lines() -> Vec<String> {
    #[cfg(feature = "bench")]
    return crate::speed::report(&super::host::now_ms, "browser worker");
    #[cfg(not(feature = "bench"))]
    vec!["this build has no benchmark: `./aula.sh bench` builds one that does".into()]
}
