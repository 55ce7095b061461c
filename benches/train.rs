//! Native benchmark: images/s of the demo MLP training on the flex CPU backend, and where a
//! training step's time goes (forward, backward, optimizer) for the course grid's MLPs and the
//! speed issue's R2 and R3.
//! Reads the demo set that `./aula.sh build` writes to dist/demo. Prints numbers only;
//! nothing here passes or fails on speed.

use std::time::Instant;

use aula::config::{BackendChoice, BackendKind, ModelKind, OptimizerKind, TrainConfig};
use aula::data::ImageShape;
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
/// 12288-512-128-9, batch 32) and R3 (CNN 32x32x3 conv32-pool-conv64-pool-128-10, batch 64),
/// averaged over 40 steps (R3: 10). Built with `--features threads`, flex's kernels run on
/// rayon's pool (`RAYON_NUM_THREADS`), so the parts that use the threads show.
fn step_split() {
    let device = Device::flex().autodiff();
    let mlp = |len: usize, hidden: &[usize], classes: usize| {
        let name = format!("MLP {len}-{}-{classes}", join(hidden));
        let spec = MlpSpec::plain(len, hidden, classes, 7);
        (name, len, classes, Box::new(move |device: &Device| Network::Mlp(Mlp::new(&spec, device))) as Build)
    };
    let r3 = {
        let shape = ImageShape::new(32, 32, 3);
        let config = TrainConfig {
            model: ModelKind::Cnn,
            conv_channels: vec![32, 64],
            hidden: vec![128],
            seed: 7,
            ..TrainConfig::default()
        };
        let build = move |device: &Device| Network::new(&config, shape, 10, device).expect("R3 builds");
        ("CNN 32x32x3 conv32-pool-conv64-pool-128-10".to_string(), shape.len(), 10, Box::new(build) as Build)
    };
    let shapes = [
        (mlp(64 * 64 * 3, &[256, 128], 2), 16, 40),
        (mlp(64 * 64 * 3, &[256, 128], 2), 64, 40),
        (mlp(32 * 32 * 3, &[256, 128], 2), 16, 40),
        (mlp(64 * 64 * 3, &[512, 128], 9), 32, 40),
        (r3, 64, 10),
    ];
    for (kind, optimizer_name) in [(OptimizerKind::Adam, "Adam"), (OptimizerKind::Sgd, "SGD")] {
        for ((name, len, classes, build), batch, steps) in &shapes {
            let (len, classes, batch, steps) = (*len, *classes, *batch, *steps);
            let mut model = build(&device);
            let settings = OptimizerSettings { kind, momentum: 0.0, weight_decay: 0.0 };
            let mut optimizer = optimizer::build(&settings, &device);
            let loss = CrossEntropyLossConfig::new().init(&device);
            let x = Tensor::<2>::random([batch, len], burn::tensor::Distribution::Default, &device);
            let labels = (0..batch as i64).map(|i| i % classes as i64).collect::<Vec<_>>();
            let y = Tensor::<1, Int>::from_data(TensorData::new(labels, [batch]), &device);
            let warmup = 3;
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
            println!(
                "native flex: {name} batch {batch} {optimizer_name}: forward {forward:.2} ms, backward \
                 {backward:.2} ms, optimizer {update:.2} ms a step; {:.0} images/s",
                batch as f64 * 1000.0 / (forward + backward + update)
            );
        }
    }
}

/// Builds a benchmark's model on a device.
type Build = Box<dyn Fn(&Device) -> Network>;

fn join(widths: &[usize]) -> String {
    widths.iter().map(|w| w.to_string()).collect::<Vec<_>>().join("-")
}
