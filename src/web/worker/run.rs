//! A training run in the worker: the dataset, the backend, the loop, and the model it leaves.

use super::datasets::dataset;
use super::device::pick_device;
use super::failed::Failed;
use super::folder::Folder;
use super::host::{WorkerHost, post, say};
use super::model;
use super::threads;
use crate::config::{DatasetChoice, ModelKind, TrainConfig};
use crate::inference::pytorch::RunData;
use crate::model::memory::{WORKER_BUDGET, in_worker};
use crate::model::summary::pools_fit;
use crate::protocol::WorkerMessage;
use crate::report::RunReport;
use crate::train::{RunFailure, Stage, train_model};

pub async fn run(
    config: TrainConfig,
    demo_url: String,
    from_model: bool,
) -> Result<RunReport, Failed<RunFailure>> {
    config.validate()?;
    let start = if from_model { Some(model::current().ok_or(RunFailure::NoModel)?) } else { None };
    if config.dataset == DatasetChoice::Folder && Folder::current().is_none() {
        return Err(RunFailure::NoFolder.into());
    }
    let (data, summary) = dataset(&config, &demo_url).await?;
    // What the export will say of the data, taken now from the folder `data` was built from:
    // a grid's share may decode the folder again while this run trains (not held: in use, it
    // could not be).
    let folder = summary.as_ref().and_then(|_| Folder::current());
    let run_data = RunData::of(&config, &data, folder.as_deref().map(|f| &f.images));
    drop(folder);
    say(Stage::StartingBackend);
    // Refused before Auto's calibration builds the model (training checks again).
    let (shape, classes) = (data.train.shape(), data.classes.len());
    let blocks = config.conv_channels.len();
    if config.model == ModelKind::Cnn && !pools_fit(shape, blocks) {
        return Err(RunFailure::ImageTooSmall { width: shape.width, height: shape.height, blocks }.into());
    }
    in_worker(&config, &data)?.check(&config, WORKER_BUDGET)?;
    let (device, backend, why) = pick_device(config.backend, Some((&config, shape, classes))).await?;
    post(&WorkerMessage::backend(backend, why, threads::cpu_threads()));
    let mut host = WorkerHost::new()?;
    let from = start.as_ref().map(|held| &held.model);
    let (mut report, trained) = train_model(&config, &data, &device, backend, &mut host, from).await?;
    report.data = summary.clone();
    model::keep(model::Held { model: trained, device, source: "the last run".into(), data: run_data });
    Ok(report)
}
