//! The guard against a shader that fails validation on wasm and silently returns wrong
//! values: the same weights and batch, stepped on two backends, must give the same losses.

use burn::prelude::*;

use super::in_flight::InFlight;
use super::optimizer::{self, OptimizerSettings};
use super::recipe::ParityRecipe;
use super::step::Stepper;
use crate::config::{ModelKind, OptimizerKind, TrainConfig};
use crate::data::ImageShape;
use crate::data::batcher::Batch;
use crate::model::{Mlp, MlpSpec, Network};
use crate::rng::Rng;

/// A model ready to step on one fixed batch: the network (seeded), its optimizer, the image
/// shape, batch size, learning rate and number of classes.
#[derive(Clone)]
pub struct Setup {
    pub model: Network,
    pub settings: OptimizerSettings,
    pub shape: ImageShape,
    pub batch_size: usize,
    pub lr: f64,
    pub classes: usize,
}

/// The recipe's setup on `device` (an autodiff device).
fn recipe(recipe: ParityRecipe, device: &Device) -> Result<Setup, String> {
    let adam = OptimizerSettings { kind: OptimizerKind::Adam, momentum: 0.0, weight_decay: 0.0 };
    let cnn = |shape: ImageShape, config: TrainConfig, classes: usize| {
        let config = TrainConfig { model: ModelKind::Cnn, seed: 7, ..config };
        Network::new(&config, shape, classes, device)
    };
    let setup = |model, settings, shape, batch_size, lr, classes| Setup {
        model,
        settings,
        shape,
        batch_size,
        lr,
        classes,
    };
    Ok(match recipe {
        ParityRecipe::MlpAdam => {
            let model = Network::Mlp(Mlp::new(&MlpSpec::plain(784, &[256, 128], 10, 7), device));
            setup(model, adam, ImageShape::new(28, 28, 1), 64, 1e-3, 10)
        }
        ParityRecipe::ShortBatchMlpAdam => {
            let model = Network::Mlp(Mlp::new(&MlpSpec::plain(784, &[256, 128], 10, 7), device));
            setup(model, adam, ImageShape::new(28, 28, 1), 10, 1e-3, 10)
        }
        ParityRecipe::WideMlpAdam => {
            let model = Network::Mlp(Mlp::new(&MlpSpec::plain(64 * 64 * 3, &[512, 128], 9, 7), device));
            setup(model, adam, ImageShape::new(64, 64, 3), 32, 1e-3, 9)
        }
        ParityRecipe::CnnBatchNormMomentum => {
            let config = TrainConfig {
                conv_channels: vec![8, 16],
                hidden: vec![32],
                batch_norm: true,
                optimizer: OptimizerKind::Momentum,
                momentum: 0.9,
                ..TrainConfig::default()
            };
            let settings = OptimizerSettings::from(&config);
            let shape = ImageShape::new(16, 16, 1);
            setup(cnn(shape, config, 10)?, settings, shape, 16, 0.05, 10)
        }
        ParityRecipe::CnnAdam => {
            let config =
                TrainConfig { conv_channels: vec![32, 64], hidden: vec![128], ..TrainConfig::default() };
            let shape = ImageShape::new(32, 32, 3);
            setup(cnn(shape, config, 10)?, adam, shape, 64, 1e-3, 10)
        }
    })
}

/// One seeded batch of `batch_size` images of `len` values; labels cycle over `classes`
/// (at most 9: the recipes' checked losses were fixed with 9).
fn fixed_batch(batch_size: usize, len: usize, classes: usize) -> Batch {
    let mut rng = Rng::new(2024);
    Batch {
        inputs: (0..batch_size * len).map(|_| rng.next_f64() as f32).collect(),
        targets: (0..batch_size as i64).map(|i| i % classes.clamp(1, 9) as i64).collect(),
        len: batch_size,
    }
}

/// One phase of `run_steps`: when it ended, the host time spent issuing its steps (forward,
/// backward, update: on the CPU backend that is the compute itself) and waiting for their
/// results, and what `mark` said at its end.
pub struct Phase<M> {
    pub end_ms: f64,
    pub steps: usize,
    pub issue_ms: f64,
    pub wait_ms: f64,
    pub mark: M,
}

/// How long a phase of `run_steps` lasts: at least `steps` steps, and more until `min_ms` have
/// passed since it began.
#[derive(Clone, Copy, Debug)]
pub struct Span {
    pub steps: usize,
    pub min_ms: f64,
}

impl Span {
    pub fn steps(steps: usize) -> Self {
        Self { steps, min_ms: 0.0 }
    }
}

/// Optimizer steps of `setup` on one fixed batch (seeded inputs), in phases as `phases` says
/// (each at least so many steps, for at least so long), read back as training reads them
/// (up to `depth` steps in flight, and all of a phase at its end). Returns every loss, and the
/// start and each phase.
pub async fn run_steps<M>(
    setup: Setup,
    autodiff: &Device,
    phases: &[Span],
    depth: usize,
    now_ms: impl Fn() -> f64,
    mut mark: impl FnMut() -> M,
) -> Result<(Vec<f64>, Vec<Phase<M>>), String> {
    let Setup { mut model, settings, shape, batch_size, lr, classes } = setup;
    let batch = fixed_batch(batch_size, shape.len(), classes);
    let mut stepper = Stepper::new(optimizer::build(&settings, autodiff), autodiff);
    let mut in_flight = InFlight::new(depth);
    let mut losses = Vec::new();
    let mut ends = vec![Phase { end_ms: now_ms(), steps: 0, issue_ms: 0.0, wait_ms: 0.0, mark: mark() }];
    for span in phases {
        let (mut issue_ms, mut wait_ms) = (0.0, 0.0);
        let phase_began = ends.last().map_or(0.0, |phase| phase.end_ms);
        let mut index = 0;
        // A phase with no steps and no time to fill has nothing to run.
        let mut more = span.steps > 0 || span.min_ms > 0.0;
        while more {
            let began = now_ms();
            let step;
            (model, step) = stepper.step(model, batch.clone(), shape.len(), lr, false);
            in_flight.push(index, batch_size, &step, began);
            index += 1;
            let issued = now_ms();
            issue_ms += issued - began;
            more = index < span.steps || issued - phase_began < span.min_ms;
            if in_flight.full() || !more {
                losses.extend(in_flight.settle().await?.iter().map(|s| s.loss));
                wait_ms += now_ms() - issued;
            }
        }
        ends.push(Phase { end_ms: now_ms(), steps: index, issue_ms, wait_ms, mark: mark() });
    }
    Ok((losses, ends))
}

/// Losses of `steps` optimizer steps of `recipe` on one fixed batch, each read back alone.
pub async fn fixed_batch_losses(
    device: &Device,
    steps: usize,
    kind: ParityRecipe,
) -> Result<Vec<f64>, String> {
    let autodiff = device.clone().autodiff();
    Ok(run_steps(recipe(kind, &autodiff)?, &autodiff, &[Span::steps(steps)], 1, || 0.0, || ()).await?.0)
}

/// What `recipe_speed` measured over its timed steps (and of the first step).
#[derive(Clone, Debug)]
pub struct Speed<M> {
    pub images_per_sec: f64,
    pub first_step_ms: f64,
    /// Steps of the warm-up (the first included), and its ms.
    pub warmup_steps: usize,
    pub warmup_ms: f64,
    /// Host milliseconds per step spent issuing the step, and waiting for results.
    pub issue_ms: f64,
    pub wait_ms: f64,
    /// `mark` when the timed steps began and when they ended.
    pub marks: [M; 2],
}

/// Speed of `recipe` on `device` with `depth` steps in flight (as training on that backend
/// reads them): a warm-up of one step and more until `warmup` is spanned, then, on a fresh
/// copy of the model (the same weights), one step and `steps` timed ones. A fresh wasm module
/// runs on V8's baseline code until its hot functions are recompiled, later while every core
/// trains (BENCHMARKS.md): a floor in ms covers that.
pub async fn recipe_speed<M>(
    device: &Device,
    kind: ParityRecipe,
    (warmup, steps): (Span, usize),
    depth: usize,
    now_ms: impl Fn() -> f64,
    mark: impl FnMut() -> M,
) -> Result<Speed<M>, String> {
    let autodiff = device.clone().autodiff();
    speed(recipe(kind, &autodiff)?, &autodiff, (warmup, steps), depth, now_ms, mark).await
}

/// As [`recipe_speed`], for any setup on `autodiff`.
pub async fn speed<M>(
    setup: Setup,
    autodiff: &Device,
    (warmup, steps): (Span, usize),
    depth: usize,
    now_ms: impl Fn() -> f64,
    mut mark: impl FnMut() -> M,
) -> Result<Speed<M>, String> {
    let batch_size = setup.batch_size;
    // The timed steps train a copy made before the warm-up: the model's early steps. On one
    // fixed batch a model learns it by heart: R1's loss was about 1e-4 at step 500, and its
    // steps then ran 40 % slower natively (31,000 images/s after 1,000 steps against 54,000
    // after 300), which a long warm-up would have timed.
    let timed = setup.clone();
    // The first step alone (its time is reported), then the rest of the warm-up.
    let rest = Span { steps: warmup.steps.max(1) - 1, min_ms: warmup.min_ms };
    let (_, phases) = run_steps(setup, autodiff, &[Span::steps(1), rest], depth, &now_ms, &mut mark).await?;
    let [start, first, warm]: [Phase<M>; 3] =
        phases.try_into().map_err(|_| "the benchmark's warm-up ran the wrong number of phases")?;
    // The copy's first step (its optimizer state made, on a GPU from kernels the warm-up
    // compiled) is not timed: what is timed is the steady step.
    let phases = [Span::steps(1), Span::steps(steps)];
    let (_, phases) = run_steps(timed, autodiff, &phases, depth, now_ms, mark).await?;
    let [_, began, timed]: [Phase<M>; 3] =
        phases.try_into().map_err(|_| "the benchmark ran the wrong number of phases")?;
    let seconds = (timed.end_ms - began.end_ms) / 1000.0;
    let per_step = steps.max(1) as f64;
    Ok(Speed {
        images_per_sec: (steps * batch_size) as f64 / seconds.max(1e-9),
        first_step_ms: first.end_ms - start.end_ms,
        warmup_steps: first.steps + warm.steps,
        warmup_ms: warm.end_ms - start.end_ms,
        issue_ms: timed.issue_ms / per_step,
        wait_ms: timed.wait_ms / per_step,
        marks: [began.mark, timed.mark],
    })
}
