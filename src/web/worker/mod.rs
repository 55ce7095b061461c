//! Exports for the training worker. `www/worker.js` forwards messages here and this module
//! only dispatches them; everything it sends back is a `WorkerMessage`. The parts import the
//! host context (`host`: post, clock, Stop, yield, the busy guard) downward: `run` trains,
//! `folder` holds a user's folder, `demo` the demo set, `datasets` picks one, `device` the
//! compute backend, `model` the current model, `checks` and `recipe_speed` the self-checks.

mod checks;
mod datasets;
mod demo;
mod device;
mod failed;
mod folder;
mod host;
mod model;
mod out_of_memory;
mod recipe_speed;
mod run;
mod threads;

#[cfg(feature = "threads")]
pub use self::threads::init_thread_pool;

use std::future::Future;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use self::host::{Busy, Task, post, request_stop, say};
use crate::protocol::{PageMessage, WorkerMessage};
use crate::train::Stage;
use crate::train::parity::Span;

/// The static constructors, run once as the module starts. wasm-ld gives a module that never
/// calls `__wasm_call_ctors` itself "command" linkage: every exported function, down to
/// wasm-bindgen's closure and externref-table shims, first runs all constructors again. The
/// WebGPU worker has constructors (cubecl's shader IR registers its types through
/// `inventory`), so each call from JS into it re-registered them all: most of the worker's
/// time on the WebGPU path (BENCHMARKS.md). This one call is what makes the linker stop
/// wrapping. The threaded build has no constructors (no cubecl shader IR), so nothing to
/// wrap; `./aula.sh build` fails if either build's exports are ever wrapped.
#[cfg(not(feature = "threads"))]
#[wasm_bindgen(start)]
fn run_constructors_once() {
    unsafe extern "C" {
        fn __wasm_call_ctors();
    }
    // SAFETY: wasm-ld's own function; wasm-bindgen calls this start function once, before
    // any other export.
    unsafe { __wasm_call_ctors() }
}

/// Called once by worker.js after the module loads; `pool_channel` names the page's channel
/// for the threaded build's pool threads.
#[wasm_bindgen(js_name = workerStart)]
pub fn worker_start(pool_channel: Option<String>) {
    threads::set_pool_channel(pool_channel);
    // A panic traps the wasm instance and its pending promise never settles: say so first.
    std::panic::set_hook(Box::new(|info| {
        let message = format!("Internal error, training stopped: {info}");
        web_sys::console::error_1(&message.clone().into());
        let said = WorkerMessage::Error { message };
        if !threads::say_from_pool(&said) {
            post(&said);
        }
    }));
    post(&WorkerMessage::Ready);
}

/// Every message from the page.
#[wasm_bindgen(js_name = workerMessage)]
pub fn worker_message(message: JsValue, files: Array) {
    match serde_wasm_bindgen::from_value::<PageMessage>(message) {
        Ok(PageMessage::Stop) => request_stop(),
        Ok(PageMessage::Train { config, demo_url, from_model }) => exclusive(Task::Run, async move {
            match run::run(config, demo_url, from_model).await {
                Ok(report) => post(&WorkerMessage::Done { report }),
                // The worker is fine (nothing trapped): the page keeps it and its folder.
                Err(failed::Failed { english, said }) => {
                    post(&WorkerMessage::RunFailed { message: english, said })
                }
            }
        }),
        Ok(PageMessage::Load { name, paths, zip, config }) => exclusive(Task::Load, async move {
            let summary = folder::load(name, paths, zip, files, config).await;
            post(&WorkerMessage::Loaded { summary });
        }),
        Ok(PageMessage::Preview { config, demo_url, round }) => spawn_local(async move {
            match datasets::preview(config, demo_url, round).await {
                Ok(message) => post(&message),
                Err(message) => say(Stage::NoPreview { message }),
            }
        }),
        Ok(PageMessage::Bench) => post(&WorkerMessage::Bench { lines: checks::bench_lines() }),
        Ok(PageMessage::Speed { recipe, backend, warmup, warmup_ms, steps, depth, tasks_max }) => {
            let warmup = Span { steps: warmup, min_ms: warmup_ms };
            answer(recipe_speed::recipe_speed_answer(recipe, backend, (warmup, steps), depth, tasks_max))
        }
        // It trains on flex, whose generator and thread a run shares.
        Ok(PageMessage::Calibrate { config, demo_url }) => {
            exclusive(Task::Calibrate, async move { answer_now(checks::calibrate(config, demo_url).await) })
        }
        Ok(PageMessage::Parity { steps, recipe }) => answer(checks::parity(steps, recipe)),
        Ok(PageMessage::ExportModel) => answer_model(model::export_model()),
        Ok(PageMessage::ExportPytorch { lang }) => answer_model(model::export_pytorch(lang)),
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
        Ok(PageMessage::Panic { in_pool: false }) => panic!("panic requested by the page (self-check)"),
        Ok(PageMessage::Panic { in_pool: true }) => threads::panic_in_pool(),
        Ok(PageMessage::Exhaust { in_pool: false }) => out_of_memory::exhaust(),
        Ok(PageMessage::Exhaust { in_pool: true }) => threads::exhaust_in_pool(),
        Err(e) => post(&WorkerMessage::Error { message: format!("Unreadable message from the page: {e}") }),
    }
}

/// Runs `work` holding the worker for `task`, or answers `error` when another task holds it.
fn exclusive(task: Task, work: impl Future<Output = ()> + 'static) {
    match Busy::claim(task) {
        Ok(busy) => spawn_local(async move {
            work.await;
            drop(busy);
        }),
        Err(message) => post(&WorkerMessage::Error { message }),
    }
}

/// Posts the answer, or `error` with the reason.
fn answer_now(result: Result<WorkerMessage, String>) {
    match result {
        Ok(message) => post(&message),
        Err(message) => post(&WorkerMessage::Error { message }),
    }
}

fn answer(action: impl Future<Output = Result<WorkerMessage, String>> + 'static) {
    spawn_local(async move { answer_now(action.await) });
}

/// Runs a model action and posts its answer, or `model_failed` with the reason.
fn answer_model(action: impl Future<Output = Result<WorkerMessage, String>> + 'static) {
    spawn_local(async move {
        match action.await {
            Ok(message) => post(&message),
            Err(message) => post(&WorkerMessage::ModelFailed { message }),
        }
    });
}
