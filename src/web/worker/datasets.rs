//! The dataset a page message names (the demo set or the loaded folder), and the augmentation
//! preview drawn from it.

use std::rc::Rc;

use super::demo::demo;
use super::folder::{Folder, folder_dataset};
use super::host::say;
use crate::config::{DatasetChoice, TrainConfig};
use crate::data::Dataset;
use crate::data::augment::Augmentations;
use crate::data::summary::DatasetSummary;
use crate::protocol::WorkerMessage;
use crate::train::Stage;

/// The dataset `config` names: the demo set, or the loaded folder (decoded again first if
/// the image size or channels changed), with the folder's summary.
pub async fn dataset(
    config: &TrainConfig,
    demo_url: &str,
) -> Result<(Rc<Dataset>, Option<DatasetSummary>), String> {
    Ok(match config.dataset {
        DatasetChoice::Demo => {
            say(Stage::LoadingDemo);
            (demo(demo_url).await?, None)
        }
        DatasetChoice::Folder => {
            let (data, summary) = folder_dataset(config).await?;
            (data, Some(summary))
        }
    })
}

/// The augmentation preview on the current dataset's train split.
pub async fn preview(config: TrainConfig, demo_url: String, round: u64) -> Result<WorkerMessage, String> {
    let data = match config.dataset {
        DatasetChoice::Demo => demo(&demo_url).await?,
        DatasetChoice::Folder => {
            let folder = Folder::current().ok_or("no folder is loaded")?;
            folder.build(&config).1?
        }
    };
    let (picks, repeats) = (6, 5);
    let aug = Augmentations::from_config(&config);
    let (block, labels) = crate::data::preview::preview(
        &data.train,
        data.classes.len(),
        &aug,
        config.seed,
        round,
        picks,
        repeats,
    );
    Ok(WorkerMessage::Preview { block, labels, classes: data.classes.clone(), columns: 1 + repeats })
}
