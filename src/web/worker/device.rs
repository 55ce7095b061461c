//! The compute backend: WebGPU, initialised once per worker and then cloned, or the CPU; and
//! Auto's choice between them.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use burn::tensor::Device;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::host::{js_text, now_ms, post, scope};
use crate::config::{BackendChoice, BackendKind, TrainConfig, software_adapter};
use crate::data::ImageShape;
use crate::model::matmul::use_block_kernel;
use crate::protocol::WorkerMessage;
use crate::train::BackendWhy;
use crate::train::Stage;
use crate::train::calibrate::{Rates, rate, shape_key};

/// The WebGPU adapter, as the browser describes it.
#[derive(Clone)]
pub(super) struct Adapter {
    pub text: String,
    /// A CPU implementation of WebGPU (SwiftShader, llvmpipe): slower than the CPU backend.
    pub software: bool,
}

thread_local! {
    static ADAPTER: RefCell<Option<Result<Adapter, String>>> = const { RefCell::new(None) };
    static WEBGPU: RefCell<Option<Result<Device, String>>> = const { RefCell::new(None) };
    /// Kernels cubecl batches into one GPU submission (its default); the speed benchmark may
    /// set it before the device starts.
    static TASKS_MAX: Cell<usize> = const { Cell::new(32) };
    /// Auto's calibration, per model shape.
    static CALIBRATED: RefCell<HashMap<String, Rates>> = RefCell::new(HashMap::new());
}

/// The run's model, for Auto's calibration: its config, image shape and classes.
pub(super) type ModelShape<'a> = (&'a TrainConfig, ImageShape, usize);

pub(super) async fn pick_device(
    choice: BackendChoice,
    model: Option<ModelShape<'_>>,
) -> Result<(Device, BackendKind, BackendWhy), String> {
    let cpu = |why: BackendWhy| Ok((Device::flex(), BackendKind::Cpu, why));
    if choice == BackendChoice::Cpu {
        return cpu(BackendWhy::ChosenCpu);
    }
    let auto = choice == BackendChoice::Auto;
    let unavailable = |why: String| {
        if auto {
            cpu(BackendWhy::Unavailable { why })
        } else {
            Err(format!("WebGPU was chosen but is unavailable: {why}. Choose Auto or CPU."))
        }
    };
    let adapter = match adapter().await {
        Ok(adapter) => adapter,
        Err(why) => return unavailable(why),
    };
    // On SwiftShader the demo MLP trains at 876 images/s on WebGPU against 12,297 on the CPU
    // (BENCHMARKS.md). Auto decides before the device is made, so a software adapter costs no
    // start-up.
    if auto && adapter.software {
        return cpu(BackendWhy::Software { adapter: adapter.text });
    }
    if !cfg!(feature = "webgpu") {
        // The page starts this build only where Auto would not use WebGPU anyway.
        return unavailable("this is the threaded CPU worker, built without it".into());
    }
    let device = match device().await {
        Ok(device) => device,
        Err(why) => return unavailable(why),
    };
    match model {
        Some(model) if auto => {
            let (rates, earlier) = match calibrated(model, &device).await {
                Ok(calibrated) => calibrated,
                Err(why) => return cpu(BackendWhy::Untimed { why }),
            };
            let reason = rates.reason(&adapter.text, earlier);
            Ok(match rates.faster() {
                BackendKind::Webgpu => (device, BackendKind::Webgpu, reason),
                BackendKind::Cpu => (Device::flex(), BackendKind::Cpu, reason),
            })
        }
        _ => Ok((device, BackendKind::Webgpu, BackendWhy::Adapter { adapter: adapter.text })),
    }
}

/// Both backends' speed on `model`, measured once per model shape for the worker's life (a
/// restarted worker, or each grid worker, times it again); true when remembered from earlier.
pub(super) async fn calibrated(model: ModelShape<'_>, webgpu: &Device) -> Result<(Rates, bool), String> {
    let (config, shape, classes) = model;
    let key = shape_key(config, shape, classes);
    if let Some(rates) = CALIBRATED.with_borrow(|known| known.get(&key).copied()) {
        return Ok((rates, true));
    }
    post(&WorkerMessage::status(Stage::TimingBackends));
    let webgpu = rate(config, shape, classes, webgpu, BackendKind::Webgpu, now_ms).await?;
    let cpu = rate(config, shape, classes, &Device::flex(), BackendKind::Cpu, now_ms).await?;
    let rates = Rates { cpu, webgpu };
    CALIBRATED.with_borrow_mut(|known| known.insert(key, rates));
    Ok((rates, false))
}

/// cubecl's tasks per submission for the WebGPU device: `wanted` if given (only before the
/// device starts), else what it is.
pub(super) fn tasks_max(wanted: Option<usize>) -> Result<usize, String> {
    if let Some(tasks) = wanted {
        if WEBGPU.with_borrow(|c| c.is_some()) {
            return Err("tasks_max can only be set before the worker's WebGPU device starts".into());
        }
        TASKS_MAX.set(tasks.max(1));
    }
    Ok(TASKS_MAX.get())
}

/// The WebGPU device and its adapter, each initialised on first use.
pub(super) async fn webgpu() -> Result<(Device, Adapter), String> {
    let adapter = adapter().await?;
    Ok((device().await?, adapter))
}

async fn adapter() -> Result<Adapter, String> {
    if let Some(known) = ADAPTER.with_borrow(|c| c.clone()) {
        return known;
    }
    let result = request_adapter().await;
    // On SwiftShader (Chromium's CPU adapter) the Linear layers' products and the CNN's
    // convolutions run on our block kernel, several times faster there (BENCHMARKS.md);
    // other adapters keep burn's kernels (model/matmul.rs).
    if let Ok(adapter) = &result {
        use_block_kernel(adapter.text.to_lowercase().contains("swiftshader"));
    }
    ADAPTER.set(Some(result.clone()));
    result
}

async fn device() -> Result<Device, String> {
    if let Some(known) = WEBGPU.with_borrow(|c| c.clone()) {
        return known;
    }
    let result = start_webgpu().await;
    WEBGPU.set(Some(result.clone()));
    result
}

#[cfg(feature = "webgpu")]
async fn start_webgpu() -> Result<Device, String> {
    // cubecl reads no environment variables on wasm: its settings are made here, in code.
    let options = Device::wgpu_options().tasks_max(TASKS_MAX.get());
    options.init_async().await.map_err(|e| format!("WebGPU start failed: {e}"))
}

#[cfg(not(feature = "webgpu"))]
async fn start_webgpu() -> Result<Device, String> {
    Err("this is the threaded CPU worker, built without WebGPU".into())
}

/// Asks the browser first: its answer explains a failure better than wgpu's.
async fn request_adapter() -> Result<Adapter, String> {
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
    Ok(describe(&adapter))
}

fn describe(adapter: &JsValue) -> Adapter {
    let info = Reflect::get(adapter, &"info".into()).unwrap_or(JsValue::UNDEFINED);
    let field =
        |name: &str| Reflect::get(&info, &name.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let parts: Vec<String> = ["vendor", "architecture", "description"]
        .iter()
        .map(|f| field(f))
        .filter(|s| !s.is_empty())
        .collect();
    let text = if parts.is_empty() { "unnamed".into() } else { parts.join(" ") };
    // `isFallbackAdapter` moved from the adapter to its info in the spec; browsers have one or the other.
    let flag = |on: &JsValue| Reflect::get(on, &"isFallbackAdapter".into()).ok().and_then(|v| v.as_bool());
    let fallback = flag(&info).or_else(|| flag(adapter)).unwrap_or(false);
    Adapter { software: software_adapter(&text, fallback), text }
}
