//! The worker's host context, imported by every part of the worker: posting to the page, the
//! clock, the Stop flag, yielding to the event loop, and the one guard that lets a single
//! long task (a run, a folder load, a calibration) hold the worker at a time.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use js_sys::{Array, Promise, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::DedicatedWorkerGlobalScope;

use crate::protocol::WorkerMessage;
use crate::train::{Host, Stage, TrainEvent};

/// The long tasks that hold the worker, one at a time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Task {
    Run,
    Load,
    Calibrate,
}

impl Task {
    /// Why `self` cannot start while another task holds the worker.
    fn refusal(self) -> &'static str {
        match self {
            Task::Run => "A run is already in progress.",
            Task::Load => "A run is in progress: stop it before loading.",
            Task::Calibrate => "A run is in progress: calibrate after it.",
        }
    }
}

/// What the page asked of the task in progress.
#[derive(Clone, Copy, Default)]
struct StopState {
    requested: bool,
    /// `stopping` was posted (once a run).
    announced: bool,
}

thread_local! {
    static BUSY: Cell<Option<Task>> = const { Cell::new(None) };
    static STOP: Cell<StopState> = const { Cell::new(StopState { requested: false, announced: false }) };
}

/// The worker held by one task; dropping it frees the worker.
pub struct Busy(());

impl Busy {
    /// Holds the worker for `task` (with Stop cleared), or says why it cannot.
    pub fn claim(task: Task) -> Result<Busy, String> {
        if BUSY.get().is_some() {
            return Err(task.refusal().into());
        }
        BUSY.set(Some(task));
        STOP.set(StopState::default());
        Ok(Busy(()))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        BUSY.set(None);
    }
}

/// The page's Stop. A run that had not heard it yet answers `stopping` at once; the page
/// then knows the worker is finishing, not stuck.
pub fn request_stop() {
    let state = STOP.get();
    let announce = BUSY.get() == Some(Task::Run) && !state.announced;
    STOP.set(StopState { requested: true, announced: state.announced || announce });
    if announce {
        post(&WorkerMessage::Stopping);
    }
}

pub fn stop_requested() -> bool {
    STOP.get().requested
}

pub fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// `message` as the page reads it. Image bytes go as one Uint8Array, not an array of numbers.
pub fn to_js(message: &WorkerMessage) -> Result<JsValue, serde_wasm_bindgen::Error> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible().serialize_bytes_as_arrays(false);
    message.serialize(&serializer)
}

pub fn post(message: &WorkerMessage) {
    match to_js(message) {
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

/// A status line for the page.
pub fn say(stage: Stage) {
    post(&WorkerMessage::status(stage));
}

pub fn js_text(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

pub fn now_ms() -> f64 {
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

pub async fn yield_to_events() {
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

/// The training loop's host in the worker: its events become page messages.
pub struct WorkerHost {
    performance: web_sys::Performance,
}

impl WorkerHost {
    pub fn new() -> Result<Self, String> {
        Ok(Self { performance: scope().performance().ok_or("this worker has no performance clock")? })
    }
}

impl Host for WorkerHost {
    fn now_ms(&self) -> f64 {
        self.performance.now()
    }

    fn send(&mut self, event: TrainEvent) {
        if matches!(event, TrainEvent::Stopping) {
            // Posted already if Stop arrived while the run waited on the event loop.
            let state = STOP.get();
            if state.announced {
                return;
            }
            STOP.set(StopState { announced: true, ..state });
        }
        post(&WorkerMessage::from(event));
    }

    fn stop_requested(&self) -> bool {
        stop_requested()
    }

    async fn yield_now(&mut self) {
        yield_to_events().await;
    }
}
