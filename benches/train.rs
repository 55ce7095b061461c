//! Native benchmark: images/s of the demo MLP training on the flex CPU backend, and where a
//! training step's time goes (forward, backward, optimizer) for the course grid's MLPs.
//! Reads the demo set that `./aula.sh build` writes to dist/demo. Prints numbers only;
//! nothing here passes or fails on speed.

use std::time::Instant;

use aula::config::{BackendChoice, BackendKind, OptimizerKind, TrainConfig};
use aula::data::demo::{DemoManifest, demo_dataset};
use aula::model::{Mlp, MlpSpec, Network};
use aula::train::optimizer::{self, OptimizerSettings};
use aula::train::{Host, train};
use aula::train::{RunProgress, TrainEvent};
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::GradientsParams;
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
    step_split();
    Ok(())
}

/// Milliseconds of a step's forward (with the loss read), backward and optimizer update for
/// the course grid's MLP 256-128 on 2 classes at 32 and 64 px, and the speed issue's R2 (MLP
/// 12288-512-128-9, batch 32), averaged over 40 steps. Built with `--features threads`,
/// flex's kernels run on rayon's pool (`RAYON_NUM_THREADS`), so the parts that use the
/// threads show.
fn step_split() {
    let device = Device::flex().autodiff();
    let course = |len, batch| (len, vec![256, 128], 2, batch);
    let shapes = [
        course(64 * 64 * 3, 16),
        course(64 * 64 * 3, 64),
        course(32 * 32 * 3, 16),
        (64 * 64 * 3, vec![512, 128], 9, 32),
    ];
    for (kind, name) in [(OptimizerKind::Adam, "Adam"), (OptimizerKind::Sgd, "SGD")] {
        for (len, hidden, classes, batch) in &shapes {
            let (len, classes, batch) = (*len, *classes, *batch);
            let mut model = Network::Mlp(Mlp::new(&MlpSpec::plain(len, hidden, classes, 7), &device));
            let settings = OptimizerSettings { kind, momentum: 0.0, weight_decay: 0.0 };
            let mut optimizer = optimizer::build(&settings, &device);
            let loss = CrossEntropyLossConfig::new().init(&device);
            let x = Tensor::<2>::random([batch, len], burn::tensor::Distribution::Default, &device);
            let labels = (0..batch as i64).map(|i| i % classes as i64).collect::<Vec<_>>();
            let y = Tensor::<1, Int>::from_data(TensorData::new(labels, [batch]), &device);
            let (warmup, steps) = (3, 40);
            let mut ms = [0.0; 3];
            for step in 0..warmup + steps {
                let t0 = Instant::now();
                let value = loss.forward(model.forward(x.clone()), y.clone());
                let _: f32 = value.clone().into_scalar();
                let t1 = Instant::now();
                let grads = GradientsParams::from_grads(value.backward(), &model);
                let t2 = Instant::now();
                model = optimizer.step(1e-3, model, grads);
                let t3 = Instant::now();
                if step >= warmup {
                    for (total, d) in ms.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2]) {
                        *total += d.as_secs_f64() * 1000.0 / steps as f64;
                    }
                }
            }
            let [forward, backward, update] = ms;
            let widths = hidden.iter().map(|w| w.to_string()).collect::<Vec<_>>().join("-");
            println!(
                "native flex: MLP {len}-{widths}-{classes} batch {batch} {name}: forward {forward:.2} ms, backward \
                 {backward:.2} ms, optimizer {update:.2} ms a step; {:.0} images/s",
                batch as f64 * 1000.0 / (forward + backward + update)
            );
        }
    }
}
