//! The in-worker benchmark: the data stages' speed on one wasm thread.

pub fn run(now: fn() -> f64) -> Vec<String> {
    crate::speed::report(&now, "browser worker")
}
