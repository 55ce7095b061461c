//! A user's folder in the worker: its files (kept by the browser, or a zip in memory), the
//! decoded pool, and the split last built from it. Decoding again at another size reads the
//! files again.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use super::failed::Failed;
use super::host::{js_text, now_ms, post, say, stop_requested, yield_to_events};
use crate::config::TrainConfig;
use crate::data::Dataset;
use crate::data::archive::ZipFolder;
use crate::data::folder::FolderImages;
use crate::data::loader::{FolderLoader, too_many_files};
use crate::data::notes::{FolderFailure, SkipNote};
use crate::data::summary::DatasetSummary;
use crate::protocol::{SharedFolder, WorkerMessage};
use crate::train::{RunFailure, Stage};

thread_local! {
    /// The user's folder: where its files are (to decode again at another size), the decoded
    /// pool, and the split last built from it.
    static FOLDER: RefCell<Option<Rc<Folder>>> = const { RefCell::new(None) };
}

/// Where a loaded folder's bytes come from. The browser keeps `File`s on disk, so only the
/// resized images live in memory; a zip is held whole (its entries are read on demand).
enum Source {
    Files(Vec<Blob>),
    Zip(RefCell<ZipFolder>),
    /// Pixels another worker decoded: there are no files to decode again here.
    Shared,
}

pub(super) struct Folder {
    name: String,
    paths: Vec<String>,
    source: Source,
    pub(super) images: FolderImages,
    built: RefCell<Option<Built>>,
}

/// The split last built from a folder, for the seed and val fraction it was built with.
struct Built {
    seed: u64,
    val_fraction: f64,
    data: Rc<Dataset>,
    summary: DatasetSummary,
}

impl Source {
    async fn read(&self, index: usize) -> Result<Vec<u8>, SkipNote> {
        let unreadable = |detail| SkipNote::Unreadable { detail };
        match self {
            Source::Files(blobs) => blob_bytes(&blobs[index]).await.map_err(unreadable),
            Source::Zip(zip) => zip.borrow_mut().read(index),
            Source::Shared => Err(unreadable("this worker was given decoded pixels, not the files".into())),
        }
    }
}

pub(super) async fn read_blob(blob: &Blob) -> Result<Vec<u8>, String> {
    blob_bytes(blob).await.map_err(|e| format!("the browser could not read it ({e})"))
}

/// The bytes of `blob`, or the browser's own words for why not (a skipped file's detail).
async fn blob_bytes(blob: &Blob) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(js_text)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

const LOAD_PROGRESS_EVERY_MS: f64 = 100.0;

/// Decodes every file of `paths` at the config's size and channels, with progress messages.
/// Stop cancels.
async fn decode_all(
    name: &str,
    paths: &[String],
    source: &Source,
    config: &TrainConfig,
) -> Result<FolderImages, FolderFailure> {
    let mut loader = FolderLoader::new(name.to_string(), paths.to_vec(), config.image_size, config.grayscale)
        .with_interpolation(config.interpolation);
    let wanted = loader.wanted();
    let total = wanted.len();
    let clock = now_ms();
    let mut last = clock;
    post(&WorkerMessage::LoadProgress { done: 0, total });
    for (done, index) in wanted.into_iter().enumerate() {
        if stop_requested() {
            return Err(FolderFailure::Cancelled);
        }
        match source.read(index).await {
            Ok(bytes) => loader.add(index, &bytes),
            Err(reason) => loader.skip(index, reason),
        }
        let now = now_ms();
        if now - last >= LOAD_PROGRESS_EVERY_MS {
            post(&WorkerMessage::LoadProgress { done: done + 1, total });
            // Reading a File already yields; a zip does not, so let a Stop message in.
            yield_to_events().await;
            last = now_ms();
        }
    }
    post(&WorkerMessage::LoadProgress { done: total, total });
    Ok(loader.finish())
}

/// Loads a folder or zip sent by the page. On success it replaces the loaded folder; a folder
/// that cannot be trained on leaves the previous one in place. Never an `Error` message:
/// a bad folder is the user's data, not a broken worker.
pub(super) async fn load(
    name: String,
    paths: Vec<String>,
    zip: bool,
    files: Array,
    config: TrainConfig,
) -> DatasetSummary {
    match load_folder(name.clone(), paths, zip, files, &config).await {
        Ok(summary) => summary,
        Err(Failed { english, said }) => {
            DatasetSummary::failed(&name, config.image_size, config.grayscale, english, said)
        }
    }
}

async fn load_folder(
    name: String,
    paths: Vec<String>,
    zip: bool,
    files: Array,
    config: &TrainConfig,
) -> Result<DatasetSummary, Failed<FolderFailure>> {
    let (paths, source) = if zip {
        let archive: Blob = files.get(0).dyn_into().map_err(|_| "no .zip file was sent".to_string())?;
        say(Stage::Reading { name: name.clone() });
        let bytes = read_blob(&archive).await.map_err(|e| format!("{name}: {e}"))?;
        let zip = ZipFolder::open(bytes)
            .map_err(|detail| FolderFailure::ZipUnreadable { name: name.clone(), detail })?;
        (zip.paths(), Source::Zip(RefCell::new(zip)))
    } else {
        let blobs: Vec<Blob> = files.iter().filter_map(|f| f.dyn_into().ok()).collect();
        if blobs.len() != paths.len() {
            return Err(format!("{} paths but {} files arrived", paths.len(), blobs.len()).into());
        }
        (paths, Source::Files(blobs))
    };
    if paths.is_empty() {
        return Err(FolderFailure::NoFiles { name }.into());
    }
    if let Some(why) = too_many_files(&name, paths.len()) {
        return Err(why.into());
    }
    say(Stage::Decoding { files: paths.len(), name: name.clone() });
    let images = decode_all(&name, &paths, &source, config).await?;
    let folder = Folder { name, paths, source, images, built: RefCell::new(None) };
    let (summary, dataset) = folder.build(config);
    if dataset.is_ok() {
        FOLDER.set(Some(Rc::new(folder)));
    }
    Ok(summary)
}

impl Folder {
    /// The loaded folder, if any.
    pub(super) fn current() -> Option<Rc<Folder>> {
        FOLDER.with_borrow(|f| f.clone())
    }

    /// The dataset for this config's seed and val fraction, built once per pair.
    pub(super) fn build(&self, config: &TrainConfig) -> (DatasetSummary, Result<Rc<Dataset>, String>) {
        if let Some(built) = &*self.built.borrow()
            && built.seed == config.seed
            && built.val_fraction == config.val_fraction
        {
            return (built.summary.clone(), Ok(built.data.clone()));
        }
        // Drop the old split before building the next: one copy of the pixels at a time.
        self.built.replace(None);
        let (summary, dataset) = self.images.build(config.seed, config.val_fraction);
        let dataset = dataset.map(Rc::new);
        if let Ok(data) = &dataset {
            self.built.replace(Some(Built {
                seed: config.seed,
                val_fraction: config.val_fraction,
                data: data.clone(),
                summary: summary.clone(),
            }));
        }
        (summary, dataset)
    }
}

/// The loaded folder's dataset for `config`, decoding it again first if the image size,
/// channels or interpolation changed since it was loaded.
pub(super) async fn folder_dataset(config: &TrainConfig) -> Result<(Rc<Dataset>, DatasetSummary), String> {
    let current = Folder::current().ok_or_else(|| RunFailure::NoFolder.english())?;
    let stale = current.images.image_size != config.image_size
        || current.images.grayscale != config.grayscale
        || current.images.interpolation != config.interpolation;
    if stale && matches!(current.source, Source::Shared) {
        return Err(format!(
            "This worker holds {} decoded at {s}×{s} ({i:?}) only; it cannot decode it again at {t}×{t} ({j:?}).",
            current.name,
            s = current.images.image_size,
            t = config.image_size,
            i = current.images.interpolation,
            j = config.interpolation,
        ));
    }
    let folder = if stale {
        say(Stage::DecodingAgain {
            name: current.name.clone(),
            size: config.image_size,
            channels: if config.grayscale { "gray" } else { "rgb" }.into(),
            interpolation: format!("{:?}", config.interpolation).to_lowercase(),
        });
        drop(current);
        let taken = FOLDER.take().expect("a folder is loaded");
        let folder = match Rc::try_unwrap(taken) {
            Ok(folder) => folder,
            Err(shared) => {
                FOLDER.set(Some(shared));
                return Err("The folder is in use; try again when the current run ends.".into());
            }
        };
        // The old split is not needed while decoding: free it first.
        folder.built.replace(None);
        let images = match decode_all(&folder.name, &folder.paths, &folder.source, config).await {
            Ok(images) => images,
            Err(e) => {
                FOLDER.set(Some(Rc::new(folder)));
                return Err(e.english());
            }
        };
        let folder = Rc::new(Folder { images, built: RefCell::new(None), ..folder });
        FOLDER.set(Some(folder.clone()));
        folder
    } else {
        current
    };
    let (summary, dataset) = folder.build(config);
    post(&WorkerMessage::Loaded { summary: summary.clone() });
    Ok((dataset?, summary))
}

/// The loaded folder's pixels at `config`'s size, for another worker.
pub(super) async fn share(config: &TrainConfig) -> Result<SharedFolder, String> {
    folder_dataset(config).await?;
    let folder = Folder::current().ok_or("No folder is loaded.")?;
    Ok(folder.images.shared())
}

/// Takes a folder another worker decoded as this worker's folder.
pub(super) fn take_shared(shared: SharedFolder) -> DatasetSummary {
    let name = shared.name.clone();
    let (size, grayscale, interpolation) = (shared.image_size, shared.grayscale, shared.interpolation);
    let images = match FolderImages::from_shared(shared) {
        Ok(images) => images,
        Err(e) => return DatasetSummary::failed(&name, size, grayscale, e, None),
    };
    let folder = Folder {
        name,
        paths: images.paths.clone(),
        source: Source::Shared,
        images,
        built: RefCell::new(None),
    };
    let config = TrainConfig { image_size: size, grayscale, interpolation, ..TrainConfig::default() };
    let (summary, dataset) = folder.build(&config);
    if dataset.is_ok() {
        FOLDER.set(Some(Rc::new(folder)));
    }
    summary
}
