//! Exports for the training worker. `www/worker.js` forwards messages here; everything it
//! sends back is a `WorkerMessage`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use burn::tensor::Device;
use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{Blob, DedicatedWorkerGlobalScope, Response};

use crate::archive::ZipFolder;
use crate::augment::Augmentations;
use crate::config::{BackendChoice, BackendKind, DatasetChoice, TrainConfig};
use crate::data::{Dataset, DemoManifest, demo_dataset};
use crate::folder::{FolderImages, FolderLoader};
use crate::messages::{PageMessage, RunReport, WorkerMessage};
use crate::summary::DatasetSummary;
use crate::training::{Host, fixed_batch_losses, train};
use crate::web::bench;

thread_local! {
    static STOP: Cell<bool> = const { Cell::new(false) };
    static BUSY: Cell<bool> = const { Cell::new(false) };
    /// WebGPU is initialised once per worker, then its Device is cloned.
    static WEBGPU: RefCell<Option<Result<(Device, String), String>>> = const { RefCell::new(None) };
    static DEMO: RefCell<Option<Rc<Dataset>>> = const { RefCell::new(None) };
    /// The user's folder: where its files are (to decode again at another size), the decoded
    /// pool, and the split last built from it.
    static FOLDER: RefCell<Option<Rc<Folder>>> = const { RefCell::new(None) };
}

/// Where a loaded folder's bytes come from. The browser keeps `File`s on disk, so only the
/// resized images live in memory; a zip is held whole (its entries are read on demand).
enum Source {
    Files(Vec<Blob>),
    Zip(RefCell<ZipFolder>),
}

struct Folder {
    name: String,
    paths: Vec<String>,
    source: Source,
    images: FolderImages,
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
    async fn read(&self, index: usize) -> Result<Vec<u8>, String> {
        match self {
            Source::Files(blobs) => read_blob(&blobs[index]).await,
            Source::Zip(zip) => zip.borrow_mut().read(index),
        }
    }
}

async fn read_blob(blob: &Blob) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| format!("the browser could not read it ({})", js_text(e)))?;
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
) -> Result<FolderImages, String> {
    let mut loader = FolderLoader::new(name.to_string(), paths.to_vec(), config.image_size, config.grayscale);
    let wanted = loader.wanted();
    let total = wanted.len();
    let clock = now_ms();
    let mut last = clock;
    post(&WorkerMessage::LoadProgress { done: 0, total });
    for (done, index) in wanted.into_iter().enumerate() {
        if STOP.get() {
            return Err("Loading was cancelled.".into());
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

fn now_ms() -> f64 {
    scope().performance().map(|p| p.now()).unwrap_or_default()
}

async fn yield_to_events() {
    // A zero-delay timer lets queued messages (Stop) run first.
    let promise = Promise::new(&mut |resolve, _| {
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(promise).await;
}

/// Loads a folder or zip sent by the page. On success it replaces the loaded folder; a folder
/// that cannot be trained on leaves the previous one in place. Never an `Error` message:
/// a bad folder is the user's data, not a broken worker.
async fn load(
    name: String,
    paths: Vec<String>,
    zip: bool,
    files: Array,
    config: TrainConfig,
) -> DatasetSummary {
    match load_folder(name.clone(), paths, zip, files, &config).await {
        Ok(summary) => summary,
        Err(message) => DatasetSummary::failed(&name, config.image_size, config.grayscale, message),
    }
}

async fn load_folder(
    name: String,
    paths: Vec<String>,
    zip: bool,
    files: Array,
    config: &TrainConfig,
) -> Result<DatasetSummary, String> {
    let (paths, source) = if zip {
        let archive: Blob = files.get(0).dyn_into().map_err(|_| "no .zip file was sent".to_string())?;
        post(&WorkerMessage::Status { text: format!("Reading {name}…") });
        let bytes = read_blob(&archive).await.map_err(|e| format!("{name}: {e}"))?;
        let zip = ZipFolder::open(bytes).map_err(|e| format!("{name}: {e}"))?;
        (zip.paths(), Source::Zip(RefCell::new(zip)))
    } else {
        let blobs: Vec<Blob> = files.iter().filter_map(|f| f.dyn_into().ok()).collect();
        if blobs.len() != paths.len() {
            return Err(format!("{} paths but {} files arrived", paths.len(), blobs.len()));
        }
        (paths, Source::Files(blobs))
    };
    if paths.is_empty() {
        return Err(format!("{name} holds no files."));
    }
    post(&WorkerMessage::Status { text: format!("Decoding {} files of {name}…", paths.len()) });
    let images = decode_all(&name, &paths, &source, config).await?;
    let folder = Folder { name, paths, source, images, built: RefCell::new(None) };
    let (summary, dataset) = folder.build(config);
    if dataset.is_ok() {
        FOLDER.set(Some(Rc::new(folder)));
    }
    Ok(summary)
}

impl Folder {
    /// The dataset for this config's seed and val fraction, built once per pair.
    fn build(&self, config: &TrainConfig) -> (DatasetSummary, Result<Rc<Dataset>, String>) {
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

/// The loaded folder's dataset for `config`, decoding it again first if the image size or
/// channels changed since it was loaded.
async fn folder_dataset(config: &TrainConfig) -> Result<(Rc<Dataset>, DatasetSummary), String> {
    let current = FOLDER.with_borrow(|f| f.clone()).ok_or(
        "No folder is loaded. Choose a folder or a .zip (or drop one on the page), or pick the demo set.",
    )?;
    let stale =
        current.images.image_size != config.image_size || current.images.grayscale != config.grayscale;
    let folder = if stale {
        post(&WorkerMessage::Status {
            text: format!(
                "Decoding {} again at {s}×{s} {}…",
                current.name,
                if config.grayscale { "grayscale" } else { "RGB" },
                s = config.image_size
            ),
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
                return Err(e);
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

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(message: &WorkerMessage) {
    // Image bytes go as one Uint8Array, not an array of numbers.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible().serialize_bytes_as_arrays(false);
    match message.serialize(&serializer) {
        Ok(value) => {
            let _ = scope().post_message(&value);
        }
        Err(e) => web_sys::console::error_1(&format!("could not send {message:?}: {e}").into()),
    }
}

/// Called once by worker.js after the module loads.
#[wasm_bindgen(js_name = workerStart)]
pub fn worker_start() {
    // A panic traps the wasm instance and its pending promise never settles: say so first.
    std::panic::set_hook(Box::new(|info| {
        let message = format!("Internal error, training stopped: {info}");
        web_sys::console::error_1(&message.clone().into());
        post(&WorkerMessage::Error { message });
    }));
    post(&WorkerMessage::Ready);
}

/// Every message from the page.
#[wasm_bindgen(js_name = workerMessage)]
pub fn worker_message(message: JsValue, files: Array) {
    match serde_wasm_bindgen::from_value::<PageMessage>(message) {
        Ok(PageMessage::Stop) => STOP.set(true),
        Ok(PageMessage::Train { config, demo_url }) => {
            if BUSY.replace(true) {
                post(&WorkerMessage::Error { message: "A run is already in progress.".into() });
                return;
            }
            STOP.set(false);
            spawn_local(async move {
                match run(config, demo_url).await {
                    Ok(report) => post(&WorkerMessage::Done { report }),
                    // The worker is fine (nothing trapped): the page keeps it and its folder.
                    Err(message) => post(&WorkerMessage::RunFailed { message }),
                }
                BUSY.set(false);
            });
        }
        Ok(PageMessage::Load { name, paths, zip, config }) => {
            if BUSY.replace(true) {
                post(&WorkerMessage::Error {
                    message: "A run is in progress: stop it before loading.".into(),
                });
                return;
            }
            STOP.set(false);
            spawn_local(async move {
                let summary = load(name, paths, zip, files, config).await;
                post(&WorkerMessage::Loaded { summary });
                BUSY.set(false);
            });
        }
        Ok(PageMessage::Preview { config, demo_url, round }) => spawn_local(async move {
            match preview(config, demo_url, round).await {
                Ok(message) => post(&message),
                Err(message) => post(&WorkerMessage::Status { text: format!("No preview: {message}") }),
            }
        }),
        Ok(PageMessage::Bench) => spawn_local(async move {
            post(&WorkerMessage::Bench { lines: bench::run(now_ms) });
        }),
        Ok(PageMessage::Parity { steps }) => spawn_local(async move {
            match parity(steps).await {
                Ok(message) => post(&message),
                Err(message) => post(&WorkerMessage::Error { message }),
            }
        }),
        Ok(PageMessage::Panic) => panic!("panic requested by the page (self-check)"),
        Err(e) => post(&WorkerMessage::Error { message: format!("Unreadable message from the page: {e}") }),
    }
}

async fn run(config: TrainConfig, demo_url: String) -> Result<RunReport, String> {
    config.validate()?;
    let (data, summary) = match config.dataset {
        DatasetChoice::Demo => {
            post(&WorkerMessage::Status { text: "Loading the demo dataset…".into() });
            (demo(&demo_url).await?, None)
        }
        DatasetChoice::Folder => {
            let (data, summary) = folder_dataset(&config).await?;
            (data, Some(summary))
        }
    };
    post(&WorkerMessage::Status { text: "Starting the compute backend…".into() });
    let (device, backend, reason) = pick_device(config.backend).await?;
    post(&WorkerMessage::Backend { backend, reason });
    let performance = scope().performance().ok_or("this worker has no performance clock")?;
    let mut host = WorkerHost { performance };
    let mut report = train(&config, &data, &device, backend, &mut host).await?;
    report.data = summary;
    Ok(report)
}

/// The augmentation preview on the current dataset's train split.
async fn preview(config: TrainConfig, demo_url: String, round: u64) -> Result<WorkerMessage, String> {
    let data = match config.dataset {
        DatasetChoice::Demo => demo(&demo_url).await?,
        DatasetChoice::Folder => {
            let folder = FOLDER.with_borrow(|f| f.clone()).ok_or("no folder is loaded")?;
            folder.build(&config).1?
        }
    };
    let (picks, repeats) = (6, 5);
    let aug = Augmentations::from_config(&config);
    let (block, labels) =
        crate::preview::preview(&data.train, data.classes.len(), &aug, config.seed, round, picks, repeats);
    Ok(WorkerMessage::Preview { block, labels, classes: data.classes.clone(), columns: 1 + repeats })
}

async fn parity(steps: usize) -> Result<WorkerMessage, String> {
    let (device, adapter) = webgpu().await?;
    let webgpu = fixed_batch_losses(&device, steps).await?;
    let cpu = fixed_batch_losses(&Device::flex(), steps).await?;
    Ok(WorkerMessage::Parity { adapter, webgpu, cpu })
}

struct WorkerHost {
    performance: web_sys::Performance,
}

impl Host for WorkerHost {
    fn now_ms(&self) -> f64 {
        self.performance.now()
    }

    fn send(&mut self, message: WorkerMessage) {
        post(&message);
    }

    fn stop_requested(&self) -> bool {
        STOP.get()
    }

    async fn yield_now(&mut self) {
        yield_to_events().await;
    }
}

async fn pick_device(choice: BackendChoice) -> Result<(Device, BackendKind, String), String> {
    if choice == BackendChoice::Cpu {
        return Ok((Device::flex(), BackendKind::Cpu, "CPU (flex) chosen in the settings.".into()));
    }
    match webgpu().await {
        Ok((device, adapter)) => Ok((device, BackendKind::Webgpu, format!("WebGPU adapter: {adapter}."))),
        Err(why) if choice == BackendChoice::Auto => Ok((
            Device::flex(),
            BackendKind::Cpu,
            format!("WebGPU is unavailable ({why}), so training runs on the CPU (flex)."),
        )),
        Err(why) => Err(format!("WebGPU was chosen but is unavailable: {why}. Choose Auto or CPU.")),
    }
}

/// The WebGPU device and a description of its adapter, initialised on first use.
async fn webgpu() -> Result<(Device, String), String> {
    if let Some(known) = WEBGPU.with_borrow(|c| c.clone()) {
        return known;
    }
    let result = init_webgpu().await;
    WEBGPU.set(Some(result.clone()));
    result
}

async fn init_webgpu() -> Result<(Device, String), String> {
    // Ask the browser first: its answer explains a failure better than wgpu's.
    let navigator = Reflect::get(&scope(), &"navigator".into()).map_err(js_text)?;
    let gpu = Reflect::get(&navigator, &"gpu".into()).map_err(js_text)?;
    if gpu.is_undefined() {
        return Err("this browser exposes no WebGPU (navigator.gpu is missing)".into());
    }
    let request: Function = Reflect::get(&gpu, &"requestAdapter".into()).map_err(js_text)?.unchecked_into();
    let promise: Promise = request.call0(&gpu).map_err(js_text)?.unchecked_into();
    let adapter = JsFuture::from(promise).await.map_err(js_text)?;
    if adapter.is_null() || adapter.is_undefined() {
        return Err("the browser offered no WebGPU adapter".into());
    }
    let device =
        Device::wgpu_options().init_async().await.map_err(|e| format!("WebGPU start failed: {e}"))?;
    Ok((device, adapter_text(&adapter)))
}

fn adapter_text(adapter: &JsValue) -> String {
    let info = Reflect::get(adapter, &"info".into()).unwrap_or(JsValue::UNDEFINED);
    let field =
        |name: &str| Reflect::get(&info, &name.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let parts: Vec<String> = ["vendor", "architecture", "description"]
        .iter()
        .map(|f| field(f))
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() { "unnamed".into() } else { parts.join(" ") }
}

fn js_text(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// The demo set, fetched and decoded once per worker.
async fn demo(base: &str) -> Result<Rc<Dataset>, String> {
    if let Some(data) = DEMO.with_borrow(|d| d.clone()) {
        return Ok(data);
    }
    let manifest_bytes = fetch_bytes(&format!("{base}demo.json")).await?;
    let manifest: DemoManifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| format!("demo.json is not valid: {e}"))?;
    let train_png = fetch_bytes(&format!("{base}{}", manifest.splits.train.file)).await?;
    let val_png = fetch_bytes(&format!("{base}{}", manifest.splits.val.file)).await?;
    let data = Rc::new(demo_dataset(&manifest, &train_png, &val_png)?);
    DEMO.set(Some(data.clone()));
    Ok(data)
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let response: Response = JsFuture::from(scope().fetch_with_str(url))
        .await
        .map_err(|e| format!("could not fetch {url}: {}", js_text(e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("could not fetch {url}: HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(js_text)?).await.map_err(js_text)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
