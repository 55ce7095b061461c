//! Auto's choice on a real WebGPU adapter: the run's own model, a few optimizer steps on each
//! backend on one synthetic batch, timed; the faster one trains. (Auto never calibrates on a
//! software adapter, slower than the CPU backend for every model in BENCHMARKS.md; only the
//! `calibrate` self-check runs it there.)

use burn::prelude::*;

use super::in_flight::read_depth;
use super::optimizer::OptimizerSettings;
use super::parity::{Setup, Span, speed};
use super::stage::BackendWhy;
use crate::config::{BackendKind, TrainConfig};
use crate::data::ImageShape;
use crate::model::Network;

/// Steps timed on each backend after one warm-up step (which on WebGPU compiles the kernels
/// training then reuses) and one untimed step of a fresh copy (`parity::speed`): at least this
/// many, and at least one readback's worth of steps in flight, so WebGPU pays its round trips
/// as training does.
const MIN_TIMED_STEPS: usize = 3;

/// What a model trains at on each backend, in images/s.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rates {
    pub cpu: f64,
    pub webgpu: f64,
}

impl Rates {
    /// The faster backend (the CPU on a tie: no start-up, no readbacks).
    pub fn faster(&self) -> BackendKind {
        if self.webgpu > self.cpu { BackendKind::Webgpu } else { BackendKind::Cpu }
    }

    /// The banner's words: what was measured and what trains. `earlier` says the numbers are
    /// remembered from an earlier run of the same model shape.
    pub fn reason(&self, adapter: &str, earlier: bool) -> BackendWhy {
        BackendWhy::timed(adapter, self.webgpu, self.cpu, self.faster(), earlier)
    }
}

/// What identifies a model's speed: its layers, input, classes, batch and optimizer (the
/// learning rate, epochs or seed change nothing of a step's work).
pub fn shape_key(config: &TrainConfig, shape: ImageShape, classes: usize) -> String {
    format!(
        "{:?} {:?} k{} {:?} {:?} {:?} bn={} dropout={} batch={} {:?} decay={} {}x{}x{} {classes}",
        config.model,
        config.conv_channels,
        config.kernel,
        config.head,
        config.hidden,
        config.activation,
        config.batch_norm,
        config.dropout > 0.0,
        config.batch_size,
        config.optimizer,
        config.weight_decay != 0.0,
        shape.height,
        shape.width,
        shape.channels
    )
}

/// Images/s of `config`'s model on `device` (of kind `backend`), read back as training does.
pub async fn rate(
    config: &TrainConfig,
    shape: ImageShape,
    classes: usize,
    device: &Device,
    backend: BackendKind,
    now_ms: impl Fn() -> f64,
) -> Result<f64, String> {
    let autodiff = device.clone().autodiff();
    let setup = Setup {
        model: Network::new(config, shape, classes, &autodiff)?,
        settings: OptimizerSettings::from(config),
        shape,
        batch_size: config.batch_size,
        lr: config.lr,
        classes,
    };
    let depth = read_depth(backend);
    let steps = depth.max(MIN_TIMED_STEPS);
    Ok(speed(setup, &autodiff, (Span::steps(1), steps), depth, now_ms, || ()).await?.images_per_sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_faster_backend_trains_and_the_banner_says_both_rates() {
        let gpu = Rates { cpu: 1200.0, webgpu: 5400.0 };
        assert_eq!(gpu.faster(), BackendKind::Webgpu);
        let text = gpu.reason("nvidia ampere", false).english();
        assert!(text.contains("WebGPU (nvidia ampere) 5400 images/s"), "{text}");
        assert!(text.contains("CPU 1200 images/s") && text.ends_with("trains on WebGPU."), "{text}");
        let cpu = Rates { cpu: 300.0, webgpu: 42.5 };
        assert_eq!(cpu.faster(), BackendKind::Cpu);
        let text = cpu.reason("intel", true).english();
        assert!(text.contains("earlier this session") && text.contains("42.5 images/s"), "{text}");
        assert_eq!(Rates { cpu: 1.0, webgpu: 1.0 }.faster(), BackendKind::Cpu);
    }

    #[test]
    fn a_model_shape_key_changes_with_what_changes_speed_only() {
        let config = TrainConfig::default();
        let shape = ImageShape::new(28, 28, 1);
        let key = shape_key(&config, shape, 10);
        assert_eq!(key, shape_key(&TrainConfig { lr: 0.5, epochs: 9, ..config.clone() }, shape, 10));
        assert_ne!(key, shape_key(&TrainConfig { batch_size: 128, ..config.clone() }, shape, 10));
        assert_ne!(key, shape_key(&config, ImageShape::new(32, 32, 3), 10));
        assert_ne!(key, shape_key(&config, shape, 9));
        for changed in [
            TrainConfig { kernel: 5, ..config.clone() },
            TrainConfig { dropout: 0.3, ..config.clone() },
            TrainConfig { batch_norm: true, ..config.clone() },
            TrainConfig { hidden: vec![64], ..config.clone() },
        ] {
            assert_ne!(key, shape_key(&changed, shape, 10));
        }
    }

    #[test]
    fn the_cpu_rate_is_the_timed_steps_images_over_their_time() {
        // A clock that moves 1 ms per reading: the 3 timed CPU steps (batch 8) read it 3 times
        // each (begin, issued, settled) plus once at the phase's end, so they span 10 ms.
        let config = TrainConfig { hidden: vec![16], batch_size: 8, ..TrainConfig::default() };
        let clock = std::cell::Cell::new(0.0);
        let now = || {
            clock.set(clock.get() + 1.0);
            clock.get()
        };
        let rate = pollster::block_on(rate(
            &config,
            ImageShape::new(8, 8, 1),
            3,
            &Device::flex(),
            BackendKind::Cpu,
            now,
        ))
        .expect("the calibration runs");
        assert_eq!(rate, 3.0 * 8.0 / 0.010);
    }
}
