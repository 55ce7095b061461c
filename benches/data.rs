//! Native benchmark of the data stages: the same measurements the browser worker runs
//! (`aula::speed`), so the native and wasm figures compare like with like.

use std::time::Instant;

fn main() {
    let clock = Instant::now();
    for line in aula::speed::report(&|| clock.elapsed().as_secs_f64() * 1000.0, "native") {
        println!("{line}");
    }
}
