//! Exports for the training worker. `www/worker.js` forwards messages here; everything it
//! sends back is a `WorkerMessage`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use burn::tensor::Device;
use js_sys::{Function, Promise, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{DedicatedWorkerGlobalScope, Response};

use crate::config::{BackendChoice, BackendKind, TrainConfig};
use crate::data::{Dataset, DemoManifest, demo_dataset};
use crate::messages::{PageMessage, RunReport, WorkerMessage};
use crate::training::{Host, fixed_batch_losses, train};

thread_local! {
    static STOP: Cell<bool> = const { Cell::new(false) };
    static BUSY: Cell<bool> = const { Cell::new(false) };
    /// WebGPU is initialised once per worker, then its Device is cloned.
    static WEBGPU: RefCell<Option<Result<(Device, String), String>>> = const { RefCell::new(None) };
    static DEMO: RefCell<Option<Rc<Dataset>>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(message: &WorkerMessage) {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
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
pub fn worker_message(message: JsValue) {
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
                    Err(message) => post(&WorkerMessage::Error { message }),
                }
                BUSY.set(false);
            });
        }
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
    post(&WorkerMessage::Status { text: "Loading the demo dataset…".into() });
    let data = demo(&demo_url).await?;
    post(&WorkerMessage::Status { text: "Starting the compute backend…".into() });
    let (device, backend, reason) = pick_device(config.backend).await?;
    post(&WorkerMessage::Backend { backend, reason });
    let performance = scope().performance().ok_or("this worker has no performance clock")?;
    let mut host = WorkerHost { performance };
    train(&config, &data, &device, backend, &mut host).await
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
        // A zero-delay timer lets queued messages (Stop) run before the next batch.
        let promise = Promise::new(&mut |resolve, _| {
            let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = JsFuture::from(promise).await;
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
