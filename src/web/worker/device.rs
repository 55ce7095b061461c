//! The compute backend: WebGPU, initialised once per worker and then cloned, or the CPU.

use std::cell::RefCell;

use burn::tensor::Device;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::{js_text, scope};
use crate::config::{BackendChoice, BackendKind};

thread_local! {
    static WEBGPU: RefCell<Option<Result<(Device, String), String>>> = const { RefCell::new(None) };
}

pub(super) async fn pick_device(choice: BackendChoice) -> Result<(Device, BackendKind, String), String> {
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
pub(super) async fn webgpu() -> Result<(Device, String), String> {
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
