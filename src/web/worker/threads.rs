//! The threaded CPU worker's pool. In that build (`threads` feature, wasm atomics) flex's
//! gemm, convolution and reductions run on rayon, whose threads are Web Workers sharing this
//! module's memory; `worker.js` starts the pool (`initThreadPool`) before the first message.
//! A panic on a pool thread reaches the page through a channel of its own.

/// Started by `worker.js` with the page's thread count; resolves once every thread runs.
#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// Threads the CPU backend's kernels run on: the pool's size, or 1 in the single-threaded build.
pub(super) fn cpu_threads() -> usize {
    #[cfg(feature = "threads")]
    return rayon::current_num_threads();
    #[cfg(not(feature = "threads"))]
    1
}

/// The page's channel for what a pool thread must say itself: the name of a BroadcastChannel
/// the page listens on (`worker.js?pool_channel=`), set once at start.
#[cfg(feature = "threads")]
static POOL_CHANNEL: std::sync::OnceLock<String> = std::sync::OnceLock::new();

pub(super) fn set_pool_channel(name: Option<String>) {
    #[cfg(feature = "threads")]
    if let Some(name) = name {
        let _ = POOL_CHANNEL.set(name);
    }
    #[cfg(not(feature = "threads"))]
    let _ = name;
}

/// The page's channel, where the calling thread is one of the pool's (`None` on the worker's
/// own thread, or with no channel).
#[cfg(feature = "threads")]
fn pool_channel() -> Option<&'static String> {
    POOL_CHANNEL.get().filter(|_| rayon::current_thread_index().is_some())
}

/// Says `message` to the page from a pool thread, through the page's channel. A panic there
/// traps that thread while the worker's own thread waits for the pool, so the worker can
/// neither hear of it nor post it. False on the worker's own thread, or with no channel.
pub(super) fn say_from_pool(message: &crate::protocol::WorkerMessage) -> bool {
    #[cfg(feature = "threads")]
    {
        let Some(name) = pool_channel() else { return false };
        let sent = web_sys::BroadcastChannel::new(name)
            .ok()
            .zip(super::host::to_js(message).ok())
            .is_some_and(|(channel, value)| channel.post_message(&value).is_ok());
        return sent;
    }
    #[cfg(not(feature = "threads"))]
    {
        let _ = message;
        false
    }
}

/// Tells the page, from a pool thread, that an allocation of `bytes` failed there (once): the
/// trap that follows ends that thread unheard (what runs on the pool, the step and flex's and
/// gemm's kernels, allocates infallibly, so a failure there aborts). Called by the allocator,
/// so it takes nothing from the Rust heap: `{ type: 'out_of_memory', bytes, in_use }` is built
/// in JS.
pub(super) fn out_of_memory_on_pool(bytes: usize) {
    #[cfg(feature = "threads")]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        use wasm_bindgen::JsCast;
        static SAID: AtomicBool = AtomicBool::new(false);
        let Some(name) = pool_channel() else { return };
        if SAID.swap(true, Ordering::Relaxed) {
            return;
        }
        let in_use = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>().buffer();
        let in_use = js_sys::Reflect::get(&in_use, &"byteLength".into()).unwrap_or_default();
        let said = js_sys::Object::new();
        for (key, value) in
            [("type", "out_of_memory".into()), ("bytes", (bytes as f64).into()), ("in_use", in_use)]
        {
            let _ = js_sys::Reflect::set(&said, &key.into(), &value);
        }
        if let Ok(channel) = web_sys::BroadcastChannel::new(name) {
            let _ = channel.post_message(&said);
        }
    }
    #[cfg(not(feature = "threads"))]
    let _ = bytes;
}

/// The self-check's panic on a pool thread (the threaded build), else on this one.
pub(super) fn panic_in_pool() {
    const WHY: &str = "panic requested by the page in a pool thread (self-check)";
    #[cfg(feature = "threads")]
    rayon::scope(|_| panic!("{WHY}"));
    #[cfg(not(feature = "threads"))]
    panic!("{WHY}");
}

/// The self-check's running out of memory on a pool thread (the threaded build), else on this one.
pub(super) fn exhaust_in_pool() {
    #[cfg(feature = "threads")]
    rayon::scope(|_| super::out_of_memory::exhaust());
    #[cfg(not(feature = "threads"))]
    super::out_of_memory::exhaust();
}
