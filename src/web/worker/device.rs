//! The compute backend: WebGPU, initialised once per worker and then cloned, or the CPU.

use std::cell::RefCell;

use burn::tensor::Device;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::{js_text, scope};
use crate::config::{BackendChoice, BackendKind};

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
}

pub(super) async fn pick_device(choice: BackendChoice) -> Result<(Device, BackendKind, String), String> {
    let cpu = |why: String| Ok((Device::flex(), BackendKind::Cpu, why));
    if choice == BackendChoice::Cpu {
        return cpu("CPU (flex) chosen in the settings.".into());
    }
    let auto = choice == BackendChoice::Auto;
    let unavailable = |why: String| {
        if auto {
            cpu(format!("WebGPU is unavailable ({why}), so training runs on the CPU (flex)."))
        } else {
            Err(format!("WebGPU was chosen but is unavailable: {why}. Choose Auto or CPU."))
        }
    };
    let adapter = match adapter().await {
        Ok(adapter) => adapter,
        Err(why) => return unavailable(why),
    };
    // On SwiftShader the demo MLP trains at tens of images/s on WebGPU against thousands on
    // the CPU (BENCHMARKS.md). Auto decides before the device is made, so a software adapter
    // costs no start-up.
    if auto && adapter.software {
        return cpu(format!(
            "the WebGPU adapter here is a software one ({}), slower than the CPU backend, so Auto \
             trains on the CPU (flex). Choose WebGPU to use it anyway.",
            adapter.text
        ));
    }
    match device().await {
        Ok(device) => Ok((device, BackendKind::Webgpu, format!("WebGPU adapter: {}.", adapter.text))),
        Err(why) => unavailable(why),
    }
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
    ADAPTER.set(Some(result.clone()));
    result
}

async fn device() -> Result<Device, String> {
    if let Some(known) = WEBGPU.with_borrow(|c| c.clone()) {
        return known;
    }
    let result = Device::wgpu_options().init_async().await.map_err(|e| format!("WebGPU start failed: {e}"));
    WEBGPU.set(Some(result.clone()));
    result
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
    let named = ["swiftshader", "llvmpipe", "lavapipe", "software", "warp"]
        .iter()
        .any(|name| text.to_lowercase().contains(name));
    Adapter { software: fallback || named, text }
}
