//! The optimizers against PyTorch's `torch.optim` update rules, written out below in plain f64
//! (`Reference`), step by step on a 3-value parameter with known gradients.

use aula::config::OptimizerKind;
use aula::train::optimizer::{OptimizerSettings, build, burns, fused};
use burn::module::{Module, Param};
use burn::optim::decay::WeightDecayConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, AdamWConfig, GradientsParams, ModuleOptimizer, RmsPropConfig, SgdConfig};
use burn::prelude::*;

const TOL: f64 = 1e-5;
const LR: f64 = 0.05;
const P0: [f64; 3] = [1.0, -2.0, 0.5];
/// The linear part of the loss at each step: loss = sum(c * w) + quad/2 * sum(w^2), so the
/// gradient is exactly `c + quad * w`.
const C: [[f64; 3]; 3] = [[0.3, -0.7, 1.2], [-0.5, 0.4, 0.9], [0.2, 0.1, -1.1]];

use OptimizerKind::*;

/// The device the runs train on with the CPU backend (Adam and AdamW step fused on it).
fn cpu() -> Device {
    Device::flex().autodiff()
}

fn settings(kind: OptimizerKind, weight_decay: f64) -> OptimizerSettings {
    OptimizerSettings { kind, momentum: 0.9, weight_decay }
}

// ---- PyTorch's update rules (torch.optim, default hyperparameters), in f64 ----

struct Reference {
    s: OptimizerSettings,
    t: i32,
    buf: Option<[f64; 3]>,
    m: [f64; 3],
    v: [f64; 3],
}

impl Reference {
    fn new(s: OptimizerSettings) -> Self {
        Self { s, t: 0, buf: None, m: [0.0; 3], v: [0.0; 3] }
    }

    fn step(&mut self, p: &mut [f64; 3], grad: [f64; 3], lr: f64) {
        let (wd, mom) = (self.s.weight_decay, self.s.momentum);
        let (beta1, beta2, eps, alpha) = (0.9, 0.999, 1e-8, 0.99);
        self.t += 1;
        // Coupled L2 for all but AdamW.
        let g: [f64; 3] =
            std::array::from_fn(|i| if self.s.kind == Adamw { grad[i] } else { grad[i] + wd * p[i] });
        match self.s.kind {
            Sgd => (0..3).for_each(|i| p[i] -= lr * g[i]),
            Momentum | Nesterov => {
                // torch: buf = g on the first step, else buf = momentum*buf + (1 - dampening)*g, dampening 0.
                let b = match self.buf {
                    None => g,
                    Some(b) => std::array::from_fn(|i| mom * b[i] + g[i]),
                };
                self.buf = Some(b);
                for i in 0..3 {
                    let d = if self.s.kind == Nesterov { g[i] + mom * b[i] } else { b[i] };
                    p[i] -= lr * d;
                }
            }
            Adam | Adamw => {
                if self.s.kind == Adamw {
                    (0..3).for_each(|i| p[i] *= 1.0 - lr * wd);
                }
                let bc1 = 1.0 - f64::powi(beta1, self.t);
                let bc2 = 1.0 - f64::powi(beta2, self.t);
                for i in 0..3 {
                    self.m[i] = beta1 * self.m[i] + (1.0 - beta1) * g[i];
                    self.v[i] = beta2 * self.v[i] + (1.0 - beta2) * g[i] * g[i];
                    let denom = self.v[i].sqrt() / bc2.sqrt() + eps;
                    p[i] -= lr / bc1 * self.m[i] / denom;
                }
            }
            Rmsprop => {
                for i in 0..3 {
                    self.v[i] = alpha * self.v[i] + (1.0 - alpha) * g[i] * g[i];
                    p[i] -= lr * g[i] / (self.v[i].sqrt() + eps);
                }
            }
        }
    }
}

/// The parameter after each step, from the PyTorch rules.
fn reference(s: OptimizerSettings, cs: &[[f64; 3]], quad: f64) -> Vec<[f64; 3]> {
    let mut opt = Reference::new(s);
    let mut p = P0;
    cs.iter()
        .map(|c| {
            let g = std::array::from_fn(|i| c[i] + quad * p[i]);
            opt.step(&mut p, g, LR);
            p
        })
        .collect()
}

// ---- burn ----

#[derive(Module, Debug)]
struct Weights {
    w: Param<Tensor<1>>,
}

/// The parameter after each step, from a burn optimizer on the autodiff CPU backend.
fn burn_run(mut optimizer: ModuleOptimizer, cs: &[[f64; 3]], quad: f64) -> Vec<[f64; 3]> {
    let device = cpu();
    let floats = |a: [f64; 3]| Tensor::<1>::from_floats(a.map(|x| x as f32), &device);
    let mut model = Weights { w: Param::from_tensor(floats(P0)) };
    let mut trajectory = Vec::new();
    for &c in cs {
        let w = model.w.val();
        let loss = (w.clone() * floats(c)).sum() + w.square().sum().mul_scalar(0.5 * quad);
        let grads = GradientsParams::from_grads(loss.backward(), &model);
        model = optimizer.step(LR, model, grads);
        let v = model.w.val().into_data().try_to_vec::<f32>().unwrap();
        trajectory.push(std::array::from_fn(|i| v[i] as f64));
    }
    trajectory
}

fn max_diff(a: &[[f64; 3]], b: &[[f64; 3]]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).flat_map(|(x, y)| (0..3).map(move |i| (x[i] - y[i]).abs())).fold(0.0, f64::max)
}

fn assert_matches_pytorch(kind: OptimizerKind) {
    for wd in [0.0, 0.1] {
        let s = settings(kind, wd);
        let want = reference(s, &C, 1.0);
        // Both of what `build` picks from: the CPU's (one-pass Adam and AdamW) and burn's own.
        for (which, optimizer) in [("the CPU's", build(&s, &cpu())), ("burn's", burns(&s))] {
            let ours = burn_run(optimizer, &C, 1.0);
            let d = max_diff(&ours, &want);
            assert!(d < TOL, "{kind:?} wd {wd}, {which}: off by {d:e}\n ours  {ours:?}\n torch {want:?}");
        }
        let one_pass = matches!(kind, Adam | Adamw);
        assert_eq!(
            fused(&s, &cpu()).is_some(),
            one_pass,
            "{kind:?}: the CPU steps Adam and AdamW in one pass"
        );
        // The parameter actually moved, every step.
        assert!(want.windows(2).all(|w| max_diff(&w[..1], &w[1..]) > 1e-3), "{kind:?}");
    }
}

#[test]
fn sgd_matches_pytorch() {
    assert_matches_pytorch(Sgd);
}

#[test]
fn momentum_matches_pytorch() {
    assert_matches_pytorch(Momentum);
}

#[test]
fn nesterov_matches_pytorch() {
    assert_matches_pytorch(Nesterov);
}

#[test]
fn adam_matches_pytorch() {
    assert_matches_pytorch(Adam);
}

#[test]
fn adamw_matches_pytorch() {
    assert_matches_pytorch(Adamw);
}

#[test]
fn rmsprop_matches_pytorch() {
    assert_matches_pytorch(Rmsprop);
}

/// The reference itself, against first steps worked out by hand.
#[test]
fn reference_matches_hand_computed_steps() {
    // SGD, wd 0.1: g = 0.3 + 1 + 0.1*1 = 1.4, p = 1 - 0.05*1.4.
    assert!((reference(settings(Sgd, 0.1), &C[..1], 1.0)[0][0] - 0.93).abs() < 1e-12);
    // Momentum: step 1 b = g1 = 1.3 -> p1 = 0.935; step 2 g2 = -0.5 + 0.935, b = 0.9*1.3 + g2.
    let p2 = 0.935 - LR * (0.9 * 1.3 + (-0.5 + 0.935));
    assert!((reference(settings(Momentum, 0.0), &C[..2], 1.0)[1][0] - p2).abs() < 1e-12);
    // Nesterov step 1: b = g = 1.3, update g + 0.9*b = 1.3 * 1.9.
    assert!((reference(settings(Nesterov, 0.0), &C[..1], 1.0)[0][0] - (1.0 - LR * 1.3 * 1.9)).abs() < 1e-12);
    // Adam's first step is lr * g / (|g| + eps): nearly lr * sign(g).
    let first = reference(settings(Adam, 0.0), &C[..1], 1.0)[0];
    assert!((0..3).all(|i| ((P0[i] - first[i]).abs() - LR).abs() < 1e-7), "{first:?}");
    // RMSprop's first step is lr * g / (0.1|g| + eps): nearly 10 lr * sign(g).
    let first = reference(settings(Rmsprop, 0.0), &C[..1], 1.0)[0];
    assert!((0..3).all(|i| ((P0[i] - first[i]).abs() - 10.0 * LR).abs() < 1e-6), "{first:?}");
}

/// With gradients of 1e-4, eps 1e-5 (burn's default) against 1e-8 (PyTorch's) changes the
/// step by about 10%: the tests above would catch burn's defaults.
#[test]
fn burn_default_eps_is_caught_on_tiny_gradients() {
    let tiny: Vec<[f64; 3]> = C.iter().map(|c| c.map(|x| x * 1e-4)).collect();
    let cases: [(OptimizerKind, fn() -> ModuleOptimizer); 3] = [
        (Adam, || AdamConfig::new().init()),
        (Adamw, || AdamWConfig::new().with_weight_decay(0.0).init()),
        (Rmsprop, || RmsPropConfig::new().with_momentum(0.0).init()),
    ];
    for (kind, burn_default) in cases {
        let want = reference(settings(kind, 0.0), &tiny, 0.0);
        let ours = max_diff(&burn_run(build(&settings(kind, 0.0), &cpu()), &tiny, 0.0), &want);
        assert!(ours < TOL, "{kind:?}: off by {ours:e}");
        let default = max_diff(&burn_run(burn_default(), &tiny, 0.0), &want);
        assert!(default > 1e-3, "{kind:?}: burn's default eps is off by only {default:e}");
    }
}

#[test]
fn burn_default_rmsprop_and_momentum_settings_are_caught() {
    let want = |kind| reference(settings(kind, 0.0), &C, 1.0);
    // RMSprop: burn's default momentum 0.9 (PyTorch: 0), even with PyTorch's eps.
    let d = max_diff(&burn_run(RmsPropConfig::new().with_epsilon(1e-8).init(), &C, 1.0), &want(Rmsprop));
    assert!(d > 1e-3, "burn's RMSprop momentum default is off by only {d:e}");
    let d = max_diff(&burn_run(RmsPropConfig::new().init(), &C, 1.0), &want(Rmsprop));
    assert!(d > 1e-3, "burn's RMSprop defaults are off by only {d:e}");
    // SGD + momentum: burn's default dampening 0.1 (PyTorch: 0).
    let damped = SgdConfig::new().with_momentum(Some(MomentumConfig::new())).init();
    let d = max_diff(&burn_run(damped, &C, 1.0), &want(Momentum));
    assert!(d > 1e-3, "burn's dampening default is off by only {d:e}");
    // Adam with burn's default eps, on ordinary gradients, is within tolerance: only the tiny
    // gradient test tells the two eps apart.
    let d = max_diff(&burn_run(AdamConfig::new().init(), &C, 1.0), &want(Adam));
    assert!(d < 1e-4, "{d:e}");
}

/// Weight decay in the gradient (coupled) is not AdamW's: the reference would notice if AdamW's
/// decay were coupled, or if SGD's were decoupled with lr (the two match for plain SGD only).
#[test]
fn coupled_weight_decay_is_added_to_the_gradient() {
    let coupled = |kind| {
        let cfg = WeightDecayConfig::new(0.1);
        match kind {
            Adam => AdamConfig::new().with_epsilon(1e-8).with_weight_decay(Some(cfg)).init(),
            _ => {
                RmsPropConfig::new().with_epsilon(1e-8).with_momentum(0.0).with_weight_decay(Some(cfg)).init()
            }
        }
    };
    for kind in [Adam, Rmsprop] {
        let d = max_diff(&burn_run(coupled(kind), &C, 1.0), &reference(settings(kind, 0.1), &C, 1.0));
        assert!(d < TOL, "{kind:?}: {d:e}");
    }
}

#[test]
fn momentum_and_nesterov_trajectories_differ() {
    let momentum = burn_run(build(&settings(Momentum, 0.0), &cpu()), &C, 1.0);
    let nesterov = burn_run(build(&settings(Nesterov, 0.0), &cpu()), &C, 1.0);
    let sgd = burn_run(build(&settings(Sgd, 0.0), &cpu()), &C, 1.0);
    // Differ from the first step on, since Nesterov's first update is (1 + momentum) * g.
    assert!(max_diff(&momentum[..1], &nesterov[..1]) > 1e-2);
    assert!(max_diff(&momentum, &nesterov) > 1e-2);
    assert!(max_diff(&momentum, &sgd) > 1e-2);
    // Momentum 0 is plain SGD.
    let no_momentum = OptimizerSettings { momentum: 0.0, ..settings(Momentum, 0.0) };
    assert!(max_diff(&burn_run(build(&no_momentum, &cpu()), &C, 1.0), &sgd) < TOL);
}

#[test]
fn adamw_decay_is_decoupled() {
    let run = |kind, wd| burn_run(build(&settings(kind, wd), &cpu()), &C, 1.0);
    let (adamw, adamw_no_decay, adam) = (run(Adamw, 0.1), run(Adamw, 0.0), run(Adam, 0.1));
    assert!(max_diff(&adamw, &adam) > 1e-3, "AdamW with wd must differ from Adam with the same wd");
    // Without decay the two are the same optimizer.
    assert!(max_diff(&adamw_no_decay, &run(Adam, 0.0)) < TOL);
    // First step: the decay is exactly p *= 1 - lr*wd, on top of an unchanged Adam step.
    for i in 0..3 {
        let d = adamw[0][i] - adamw_no_decay[0][i];
        assert!((d + LR * 0.1 * P0[i]).abs() < TOL, "param {i}: {d}");
    }
}

/// The CPU's one-pass Adam and AdamW take burn's own steps (which WebGPU runs, fused by its
/// compiler), to the last bits of f32, on a 100,000-value parameter.
#[test]
fn the_one_pass_adam_steps_as_burns_adam_does() {
    let device = cpu();
    let len = 100_002;
    let start = Tensor::<2>::random([len / 7, 7], burn::tensor::Distribution::Normal(0.0, 1.0), &device);
    let target = Tensor::<2>::random([len / 7, 7], burn::tensor::Distribution::Normal(0.0, 1.0), &device);
    let run = |mut optimizer: ModuleOptimizer| {
        let mut model = Matrix { w: Param::from_tensor(start.clone()) };
        for _ in 0..5 {
            // Gradients of mixed sign and size: (w - target) scaled per element by w.
            let w = model.w.val();
            let loss = ((w.clone() - target.clone()).powi_scalar(2) * w.abs()).sum();
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = optimizer.step(0.01, model, grads);
        }
        model.w.val().into_data().try_to_vec::<f32>().unwrap()
    };
    for kind in [Adam, Adamw] {
        let s = settings(kind, 0.1);
        assert!(fused(&s, &device).is_some(), "{kind:?} steps in one pass on the CPU");
        let (one_pass, burns) = (run(build(&s, &device)), run(burns(&s)));
        let start = start.clone().into_data().try_to_vec::<f32>().unwrap();
        let moved = one_pass.iter().zip(&start).filter(|(a, b)| a != b).count();
        assert!(moved > len * 9 / 10, "{kind:?}: only {moved} of {len} values moved");
        let worst =
            one_pass.iter().zip(&burns).map(|(a, b)| (a - b).abs() / b.abs().max(1e-3)).fold(0.0, f32::max);
        assert!(worst < 1e-5, "{kind:?}: one-pass and burn's steps differ by {worst:e} (relative)");
    }
}

#[derive(Module, Debug)]
struct Matrix {
    w: Param<Tensor<2>>,
}

#[test]
fn kinds_serialize_in_lowercase() {
    let names: Vec<String> = OptimizerKind::ALL.iter().map(|k| serde_json::to_string(k).unwrap()).collect();
    assert_eq!(names, ["\"sgd\"", "\"momentum\"", "\"nesterov\"", "\"adam\"", "\"adamw\"", "\"rmsprop\""]);
}
