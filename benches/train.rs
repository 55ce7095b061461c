//! Native benchmark: images/s of the demo MLP training on the flex CPU backend.
//! Reads the demo set that `./aula.sh build` writes to dist/demo. Prints numbers only;
//! nothing here passes or fails on speed.

use std::time::Instant;

use aula::config::{BackendChoice, BackendKind, TrainConfig};
use aula::data::demo::{DemoManifest, demo_dataset};
use aula::train::{Host, train};
use aula::train::{RunProgress, TrainEvent};
use burn::prelude::*;

struct BenchHost {
    start: Instant,
    last_rate: f64,
}

impl Host for BenchHost {
    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }
    fn send(&mut self, message: TrainEvent) {
        if let TrainEvent::Progress(RunProgress { images_per_sec, .. }) = message {
            self.last_rate = images_per_sec;
        }
    }
    fn stop_requested(&self) -> bool {
        false
    }
    async fn yield_now(&mut self) {}
}

fn main() -> Result<(), String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dist/demo");
    let read = |name: &str| {
        std::fs::read(dir.join(name)).map_err(|e| format!("{name}: {e} (run ./aula.sh build first)"))
    };
    let manifest: DemoManifest = serde_json::from_slice(&read("demo.json")?).map_err(|e| e.to_string())?;
    let data =
        demo_dataset(&manifest, &read(&manifest.splits.train.file)?, &read(&manifest.splits.val.file)?)?;

    let config = TrainConfig { epochs: 2, backend: BackendChoice::Cpu, ..TrainConfig::default() };
    let mut host = BenchHost { start: Instant::now(), last_rate: 0.0 };
    let report = pollster::block_on(train(&config, &data, &Device::flex(), BackendKind::Cpu, &mut host))?;
    let last = report.epochs.last().ok_or("no epoch ran")?;
    println!(
        "native flex: demo MLP 784-256-128-10, batch {}, {} train images x {} epochs",
        config.batch_size, report.train_count, config.epochs
    );
    println!(
        "native flex: training throughput {:.0} images/s (forward + backward + Adam, one thread)",
        host.last_rate
    );
    println!("native flex: {:.2} s in all, last epoch val accuracy {:.3}", report.seconds, last.val_accuracy);
    Ok(())
}
