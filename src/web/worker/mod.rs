//! Exports for the training worker. `www/worker.js` forwards messages here; everything it
//! sends back is a `WorkerMessage`. `folder` holds a user's folder, `demo` the demo set,
//! `device` the compute backend.

mod demo;
mod device;
mod folder;
mod memory;
mod model;
mod speed;
mod threads;

#[cfg(feature = "threads")]
pub use self::threads::init_thread_pool;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use burn::tensor::Device;
use js_sys::{Array, Promise, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::DedicatedWorkerGlobalScope;

use self::demo::demo;
use self::device::{calibrated, pick_device, webgpu};
use self::folder::{Folder, folder_dataset, load};
use crate::config::{DatasetChoice, TrainConfig};
use crate::data::Dataset;
use crate::data::augment::Augmentations;
use crate::data::summary::DatasetSummary;
use crate::inference::pytorch::RunData;
use crate::protocol::{PageMessage, ParityRecipe, WorkerMessage};
use crate::report::RunReport;
use crate::train::parity::fixed_batch_losses;
use crate::train::{Host, fits_in_worker, train_model};

thread_local! {
    static STOP: Cell<bool> = const { Cell::new(false) };
    static BUSY: Cell<bool> = const { Cell::new(false) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(message: &WorkerMessage) {
    // Image bytes go as one Uint8Array, not an array of numbers.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible().serialize_bytes_as_arrays(false);
    match message.serialize(&serializer) {
        Ok(value) => {
            // The large byte arrays (a shared folder's pixels, a model file) are moved to the
            // page, not copied: each is a fresh buffer of its own.
            let transfer = Array::new();
            for path in [&["folder", "pixels"][..], &["bytes"]] {
                let found =
                    path.iter().try_fold(value.clone(), |v, key| Reflect::get(&v, &(*key).into()).ok());
                if let Some(bytes) = found.and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok()) {
                    transfer.push(&bytes.buffer());
                }
            }
            let _ = scope().post_message_with_transfer(&value, &transfer);
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
        Ok(PageMessage::Train { config, demo_url, from_model }) => {
            if BUSY.replace(true) {
                post(&WorkerMessage::Error { message: "A run is already in progress.".into() });
                return;
            }
            STOP.set(false);
            spawn_local(async move {
                match run(config, demo_url, from_model).await {
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
        Ok(PageMessage::Bench) => post(&WorkerMessage::Bench { lines: bench_lines() }),
        Ok(PageMessage::Speed { recipe, backend, warmup, steps, depth, tasks_max }) => {
            spawn_local(async move {
                match speed::speed(recipe, backend, (warmup, steps), depth, tasks_max).await {
                    Ok(message) => post(&message),
                    Err(message) => post(&WorkerMessage::Error { message }),
                }
            })
        }
        Ok(PageMessage::Calibrate { config, demo_url }) => {
            // It trains on flex, whose generator and thread a run shares.
            if BUSY.replace(true) {
                post(&WorkerMessage::Error { message: "A run is in progress: calibrate after it.".into() });
                return;
            }
            spawn_local(async move {
                match calibrate(config, demo_url).await {
                    Ok(message) => post(&message),
                    Err(message) => post(&WorkerMessage::Error { message }),
                }
                BUSY.set(false);
            });
        }
        Ok(PageMessage::Parity { steps, recipe }) => spawn_local(async move {
            match parity(steps, recipe).await {
                Ok(message) => post(&message),
                Err(message) => post(&WorkerMessage::Error { message }),
            }
        }),
        Ok(PageMessage::ExportModel) => answer_model(model::export_model()),
        Ok(PageMessage::ExportPytorch) => answer_model(model::export_pytorch()),
        Ok(PageMessage::Predict { names }) => answer_model(model::predict_files(names, files)),
        Ok(PageMessage::EvaluateModel { config, demo_url }) => {
            answer_model(model::evaluate_model(config, demo_url))
        }
        Ok(PageMessage::LoadModel { name }) => spawn_local(async move {
            if let Err(message) = model::load_model(name, files).await {
                post(&WorkerMessage::ModelFailed { message });
            }
        }),
        Ok(PageMessage::ShareFolder { config }) => spawn_local(async move {
            let message = match folder::share(&config).await {
                Ok(shared) => WorkerMessage::FolderShared { folder: Some(shared), error: None },
                Err(e) => WorkerMessage::FolderShared { folder: None, error: Some(e) },
            };
            post(&message);
        }),
        Ok(PageMessage::LoadShared { folder }) => {
            post(&WorkerMessage::Loaded { summary: folder::take_shared(folder) })
        }
        Ok(PageMessage::Panic) => panic!("panic requested by the page (self-check)"),
        Ok(PageMessage::Exhaust) => memory::exhaust(),
        Err(e) => post(&WorkerMessage::Error { message: format!("Unreadable message from the page: {e}") }),
    }
}

/// The dataset `config` names: the demo set, or the loaded folder (decoded again first if
/// the image size or channels changed), with the folder's summary.
async fn dataset(
    config: &TrainConfig,
    demo_url: &str,
) -> Result<(Rc<Dataset>, Option<DatasetSummary>), String> {
    Ok(match config.dataset {
        DatasetChoice::Demo => {
            post(&WorkerMessage::Status { text: "Loading the demo dataset…".into() });
            (demo(demo_url).await?, None)
        }
        DatasetChoice::Folder => {
            let (data, summary) = folder_dataset(config).await?;
            (data, Some(summary))
        }
    })
}

async fn run(config: TrainConfig, demo_url: String, from_model: bool) -> Result<RunReport, String> {
    config.validate()?;
    let start = if from_model {
        Some(model::current().ok_or("There is no model to continue from: train one, or load a model file.")?)
    } else {
        None
    };
    let (data, summary) = dataset(&config, &demo_url).await?;
    // What the export will say of the data, taken now from the folder `data` was built from:
    // a grid's share may decode the folder again while this run trains (not held: in use, it
    // could not be).
    let folder = summary.as_ref().and_then(|_| Folder::current());
    let run_data = RunData::of(&config, &data, folder.as_deref().map(|f| &f.images));
    drop(folder);
    post(&WorkerMessage::Status { text: "Starting the compute backend…".into() });
    // Refused before Auto's calibration builds the model (training checks again).
    let (shape, classes) = (data.train.shape(), data.classes.len());
    fits_in_worker(&config, &data)?;
    let (device, backend, reason) = pick_device(config.backend, Some((&config, shape, classes))).await?;
    post(&WorkerMessage::Backend { backend, reason, threads: threads::cpu_threads() });
    let performance = scope().performance().ok_or("this worker has no performance clock")?;
    let mut host = WorkerHost { performance };
    let from = start.as_ref().map(|held| &held.model);
    let (mut report, trained) = train_model(&config, &data, &device, backend, &mut host, from).await?;
    report.data = summary.clone();
    model::keep(model::Held { model: trained, device, source: "the last run".into(), data: run_data });
    Ok(report)
}

/// Runs a model action and posts its answer, or `model_failed` with the reason.
fn answer_model(action: impl std::future::Future<Output = Result<WorkerMessage, String>> + 'static) {
    spawn_local(async move {
        match action.await {
            Ok(message) => post(&message),
            Err(message) => post(&WorkerMessage::ModelFailed { message }),
        }
    });
}

/// The augmentation preview on the current dataset's train split.
async fn preview(config: TrainConfig, demo_url: String, round: u64) -> Result<WorkerMessage, String> {
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

async fn calibrate(config: TrainConfig, demo_url: String) -> Result<WorkerMessage, String> {
    let (data, _) = dataset(&config, &demo_url).await?;
    let (device, adapter) = webgpu().await?;
    let model = (&config, data.train.shape(), data.classes.len());
    let (rates, earlier) = calibrated(model, &device).await?;
    let (cpu, webgpu, chosen) = (rates.cpu, rates.webgpu, rates.faster());
    Ok(WorkerMessage::Calibrated {
        cpu,
        webgpu,
        chosen,
        reason: rates.reason(&adapter.text, earlier),
        earlier,
    })
}

async fn parity(steps: usize, recipe: ParityRecipe) -> Result<WorkerMessage, String> {
    let (device, adapter) = webgpu().await?;
    let webgpu = fixed_batch_losses(&device, steps, recipe).await?;
    let cpu = fixed_batch_losses(&Device::flex(), steps, recipe).await?;
    Ok(WorkerMessage::Parity { adapter: adapter.text, webgpu, cpu })
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

fn js_text(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

fn now_ms() -> f64 {
    scope().performance().map(|p| p.now()).unwrap_or_default()
}

thread_local! {
    /// The channel yields go through, made once per worker, and the yields waiting on it. A
    /// run and a folder decode (a preview at another size) may both be waiting: each message
    /// wakes the oldest, so none is lost.
    static YIELD: Option<web_sys::MessageChannel> = web_sys::MessageChannel::new().ok().inspect(|channel| {
        let wake = Closure::<dyn FnMut()>::new(|| {
            if let Some(resolve) = WAITING.with_borrow_mut(|waiting| waiting.pop_front()) {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        });
        channel.port1().set_onmessage(Some(wake.as_ref().unchecked_ref()));
        wake.forget(); // lives as long as the worker
    });
    static WAITING: RefCell<VecDeque<js_sys::Function>> = const { RefCell::new(VecDeque::new()) };
}

async fn yield_to_events() {
    // A message through a MessageChannel is a task queued behind the page's messages (Stop),
    // so those run first; unlike setTimeout(0) it is not clamped to 4 ms once nested, which
    // cost a tenth of the CPU's training time at one yield every 40 ms.
    let promise = Promise::new(&mut |resolve, _| {
        let posted = YIELD.with(|channel| {
            channel.as_ref().is_some_and(|channel| {
                WAITING.with_borrow_mut(|waiting| waiting.push_back(resolve.clone()));
                channel.port2().post_message(&JsValue::UNDEFINED).is_ok()
            })
        });
        if !posted {
            let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The in-worker benchmark of the data stages; only a build with the `bench` feature has it.
fn bench_lines() -> Vec<String> {
    #[cfg(feature = "bench")]
    return crate::speed::report(&now_ms, "browser worker");
    #[cfg(not(feature = "bench"))]
    vec!["this build has no benchmark: `./aula.sh bench` builds one that does".into()]
}
