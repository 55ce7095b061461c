//! Weight initialisation, named after PyTorch's `torch.nn.init`, drawn from the crate's seeded
//! [`Rng`] so that the same seed gives the same weights on every backend.
//!
//! `fan_in` / `fan_out` are as PyTorch computes them: for `nn.Linear(in, out)` they are
//! `in` and `out` ([`fans_linear`]); for `nn.Conv2d(cin, cout, (kh, kw))` they are
//! `cin * kh * kw` and `cout * kh * kw` ([`fans_conv2d`]). A fan of 0 counts as 1.

use crate::config::{InitKind, TrainConfig};
use crate::rng::Rng;

/// A scheme with its parameters. Two types because the config keeps the URL flat
/// (`init=uniform&init_a=…`) while a scheme here carries only the parameters it uses.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Init {
    /// PyTorch's default for `nn.Linear` / `nn.Conv2d` (`reset_parameters`):
    /// `kaiming_uniform_(a=sqrt(5))`, i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and a bias
    /// from the same range.
    #[default]
    Default,
    /// `xavier_uniform_` (Glorot), gain 1: U(-a, a), a = sqrt(6 / (fan_in + fan_out)).
    XavierUniform,
    /// `xavier_normal_` (Glorot), gain 1: N(0, 2 / (fan_in + fan_out)).
    XavierNormal,
    /// `kaiming_normal_(mode='fan_in', nonlinearity='relu')`: N(0, 2 / fan_in). (Keras'
    /// `he_normal` truncates its normal; this one, like PyTorch's, does not.)
    HeNormal,
    /// `kaiming_uniform_(mode='fan_in', nonlinearity='relu')`: U(-b, b), b = sqrt(6 / fan_in).
    HeUniform,
    /// `uniform_(a, b)`: U(a, b) (PyTorch's defaults are a = 0, b = 1).
    Uniform { a: f64, b: f64 },
    /// `normal_(mean=0, std)`: N(0, std²).
    Normal { std: f64 },
}

impl Init {
    /// The scheme `config.init` names, with its parameters.
    pub fn from_config(config: &TrainConfig) -> Self {
        match config.init {
            InitKind::Default => Init::Default,
            InitKind::XavierUniform => Init::XavierUniform,
            InitKind::XavierNormal => Init::XavierNormal,
            InitKind::HeNormal => Init::HeNormal,
            InitKind::HeUniform => Init::HeUniform,
            InitKind::Uniform => Init::Uniform { a: config.init_a, b: config.init_b },
            InitKind::Normal => Init::Normal { std: config.init_std },
        }
    }
}

/// (fan_in, fan_out) of `nn.Linear(in_features, out_features)`.
pub fn fans_linear(in_features: usize, out_features: usize) -> (usize, usize) {
    (in_features, out_features)
}

/// (fan_in, fan_out) of `nn.Conv2d(in_channels, out_channels, (kh, kw))`.
pub fn fans_conv2d(in_channels: usize, out_channels: usize, kh: usize, kw: usize) -> (usize, usize) {
    (in_channels * kh * kw, out_channels * kh * kw)
}

fn fan(f: usize) -> f64 {
    f.max(1) as f64
}

/// PyTorch's default bound 1/sqrt(fan_in), for weights and biases alike.
fn default_bound(fan_in: usize) -> f64 {
    1.0 / fan(fan_in).sqrt()
}

/// The distribution a scheme draws from for given fans.
enum Dist {
    Uniform(f64, f64),
    Normal(f64),
}

fn dist(init: Init, fan_in: usize, fan_out: usize) -> Dist {
    let sum = fan(fan_in) + fan(fan_out);
    match init {
        Init::Default => {
            let b = default_bound(fan_in);
            Dist::Uniform(-b, b)
        }
        Init::XavierUniform => {
            let a = (6.0 / sum).sqrt();
            Dist::Uniform(-a, a)
        }
        Init::XavierNormal => Dist::Normal((2.0 / sum).sqrt()),
        Init::HeNormal => Dist::Normal((2.0 / fan(fan_in)).sqrt()),
        Init::HeUniform => {
            let b = (6.0 / fan(fan_in)).sqrt();
            Dist::Uniform(-b, b)
        }
        Init::Uniform { a, b } => Dist::Uniform(a, b),
        Init::Normal { std } => Dist::Normal(std),
    }
}

fn draw(d: &Dist, n: usize, rng: &mut Rng) -> Vec<f32> {
    match *d {
        Dist::Uniform(lo, hi) => (0..n).map(|_| (lo + (hi - lo) * rng.next_f64()) as f32).collect(),
        Dist::Normal(std) => (0..n).map(|_| (std * rng.next_normal()) as f32).collect(),
    }
}

/// `n` weights for a layer with these fans.
pub fn sample(init: Init, fan_in: usize, fan_out: usize, n: usize, rng: &mut Rng) -> Vec<f32> {
    draw(&dist(init, fan_in, fan_out), n, rng)
}

/// `n` biases: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for `Default` (as PyTorch's layers), zeros
/// for every other scheme (which then draws nothing from `rng`).
pub fn bias(init: Init, fan_in: usize, n: usize, rng: &mut Rng) -> Vec<f32> {
    match init {
        Init::Default => {
            let b = default_bound(fan_in);
            draw(&Dist::Uniform(-b, b), n, rng)
        }
        _ => vec![0.0; n],
    }
}

/// Standard deviation of the weights' distribution: bound/sqrt(3) for U(-bound, bound),
/// (b - a)/sqrt(12) for U(a, b), the std itself for the normals.
pub fn theoretical_std(init: Init, fan_in: usize, fan_out: usize) -> f64 {
    match dist(init, fan_in, fan_out) {
        Dist::Uniform(lo, hi) => (hi - lo).abs() / 12f64.sqrt(),
        Dist::Normal(std) => std.abs(),
    }
}

/// Mean of the weights' distribution: (a + b)/2 for `Uniform`, 0 otherwise.
pub fn theoretical_mean(init: Init) -> f64 {
    match init {
        Init::Uniform { a, b } => (a + b) / 2.0,
        _ => 0.0,
    }
}
