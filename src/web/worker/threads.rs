//! The threaded CPU worker's pool. In that build (`threads` feature, wasm atomics) flex's
//! gemm, convolution and reductions run on rayon, whose threads are Web Workers sharing this
//! module's memory; `worker.js` starts the pool (`initThreadPool`) before the first message.

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
