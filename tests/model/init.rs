//! Weight initialisation: moments against theory, determinism, bounds.

use aula::model::init::{Init, bias, fans_conv2d, fans_linear, sample, theoretical_mean, theoretical_std};
use aula::rng::Rng;

const FAN: usize = 512;
const N: usize = FAN * FAN;

const ALL: [Init; 7] = [
    Init::Default,
    Init::XavierUniform,
    Init::XavierNormal,
    Init::HeNormal,
    Init::HeUniform,
    Init::Uniform { a: -0.2, b: 0.6 },
    Init::Normal { std: 0.05 },
];

fn moments(v: &[f32]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().map(|&x| x as f64).sum::<f64>() / n;
    let var = v.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

fn is_normal(init: Init) -> bool {
    matches!(init, Init::XavierNormal | Init::HeNormal | Init::Normal { .. })
}

#[test]
fn theoretical_std_by_hand() {
    let close = |a: f64, b: f64| (a - b).abs() < 1e-15;
    // Default: U(-1/sqrt(512), 1/sqrt(512)) -> (1/sqrt(512)) / sqrt(3) = 1/sqrt(1536).
    assert!(close(theoretical_std(Init::Default, 512, 10), 1.0 / 1536f64.sqrt()));
    // Xavier: sqrt(2 / (fan_in + fan_out)) = sqrt(2 / 1024) for both uniform and normal.
    assert!(close(theoretical_std(Init::XavierNormal, 512, 512), (2.0f64 / 1024.0).sqrt()));
    assert!(close(theoretical_std(Init::XavierUniform, 512, 512), (2.0f64 / 1024.0).sqrt()));
    // He (fan_in, relu gain sqrt(2)): sqrt(2 / 512) = 1/16 for both.
    assert!(close(theoretical_std(Init::HeNormal, 512, 7), 1.0 / 16.0));
    assert!(close(theoretical_std(Init::HeUniform, 512, 7), 1.0 / 16.0));
    // U(-0.2, 0.6): 0.8 / sqrt(12).
    assert!(close(theoretical_std(Init::Uniform { a: -0.2, b: 0.6 }, 1, 1), 0.8 / 12f64.sqrt()));
    assert!(close(theoretical_std(Init::Normal { std: 0.05 }, 1, 1), 0.05));
    assert!(close(theoretical_mean(Init::Uniform { a: -0.2, b: 0.6 }), 0.2));
    assert_eq!(theoretical_mean(Init::HeNormal), 0.0);
    // Fans of zero count as one rather than dividing by zero.
    assert!(theoretical_std(Init::HeNormal, 0, 0).is_finite());
}

#[test]
fn sample_moments_match_theory_for_every_scheme() {
    for (i, &init) in ALL.iter().enumerate() {
        let mut rng = Rng::new(1000 + i as u64);
        let w = sample(init, FAN, FAN, N, &mut rng);
        assert_eq!(w.len(), N);
        assert!(w.iter().all(|v| v.is_finite()));
        let (mean, std) = moments(&w);
        let theory = theoretical_std(init, FAN, FAN);
        assert!((std / theory - 1.0).abs() < 0.05, "{init:?}: std {std} vs {theory}");
        // The mean's standard error is std / 512; allow about five of them.
        let want_mean = theoretical_mean(init);
        assert!((mean - want_mean).abs() < 0.01 * theory, "{init:?}: mean {mean} vs {want_mean}");
        if is_normal(init) {
            // A normal puts 4.55% of its mass beyond two standard deviations (a uniform none).
            let tail = w.iter().filter(|&&x| (x as f64).abs() > 2.0 * theory).count() as f64 / N as f64;
            assert!((tail - 0.0455).abs() < 0.003, "{init:?}: tail {tail}");
        }
    }
}

#[test]
fn uniform_schemes_stay_inside_their_bounds() {
    let bound = |b: f64| (-b as f32, b as f32);
    let cases = [
        (Init::Default, bound(1.0 / (FAN as f64).sqrt())),
        (Init::XavierUniform, bound((6.0 / (2 * FAN) as f64).sqrt())),
        (Init::HeUniform, bound((6.0 / FAN as f64).sqrt())),
        (Init::Uniform { a: -0.2, b: 0.6 }, (-0.2f32, 0.6f32)),
    ];
    for (init, (lo, hi)) in cases {
        let w = sample(init, FAN, FAN, N, &mut Rng::new(7));
        let (min, max) = w.iter().fold((f32::MAX, f32::MIN), |(a, b), &x| (a.min(x), b.max(x)));
        assert!(min >= lo && max <= hi, "{init:?}: [{min}, {max}] outside [{lo}, {hi}]");
        // ... and fill them: the extremes of 262144 draws lie close to the ends.
        let span = hi - lo;
        assert!(min - lo < 0.001 * span && hi - max < 0.001 * span, "{init:?}: [{min}, {max}]");
    }
}

#[test]
fn same_seed_same_values() {
    for init in ALL {
        let a = sample(init, 64, 32, 1000, &mut Rng::new(42));
        let b = sample(init, 64, 32, 1000, &mut Rng::new(42));
        let c = sample(init, 64, 32, 1000, &mut Rng::new(43));
        assert_eq!(a, b, "{init:?}");
        assert_ne!(a, c, "{init:?}");
    }
    let a = bias(Init::Default, 64, 10, &mut Rng::new(5));
    assert_eq!(a, bias(Init::Default, 64, 10, &mut Rng::new(5)));
}

#[test]
fn biases_are_zero_except_for_default() {
    for init in ALL {
        let mut rng = Rng::new(9);
        let b = bias(init, 100, 5000, &mut rng);
        assert_eq!(b.len(), 5000);
        if init == Init::Default {
            // U(-1/sqrt(100), 1/sqrt(100)) = U(-0.1, 0.1).
            assert!(b.iter().all(|&x| (-0.1..=0.1).contains(&x)));
            let (mean, std) = moments(&b);
            assert!(mean.abs() < 0.005, "mean {mean}");
            assert!((std / (0.1 / 3f64.sqrt()) - 1.0).abs() < 0.05, "std {std}");
        } else {
            assert!(b.iter().all(|&x| x == 0.0), "{init:?}");
            // Zero biases draw nothing: the stream is where a fresh generator's is.
            assert_eq!(rng.next_u64(), Rng::new(9).next_u64(), "{init:?}");
        }
    }
}

#[test]
fn next_normal_is_standard_normal() {
    let mut rng = Rng::new(3);
    let v: Vec<f64> = (0..200_000).map(|_| rng.next_normal()).collect();
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let std = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    assert!(mean.abs() < 0.01, "mean {mean}");
    assert!((std - 1.0).abs() < 0.01, "std {std}");
    // 68.27% within one standard deviation.
    let within = v.iter().filter(|x| x.abs() < 1.0).count() as f64 / n;
    assert!((within - 0.6827).abs() < 0.005, "within {within}");
    assert!(v.iter().all(|x| x.is_finite()));
}

#[test]
fn fans_follow_pytorch() {
    assert_eq!(fans_linear(784, 128), (784, 128));
    // Conv2d(3, 16, 3x3): fan_in 3*9 = 27, fan_out 16*9 = 144.
    assert_eq!(fans_conv2d(3, 16, 3, 3), (27, 144));
}

#[test]
fn the_config_names_each_scheme_and_its_parameters() {
    use aula::config::{InitKind, TrainConfig};
    let of = |init, init_a, init_b, init_std| {
        Init::from_config(&TrainConfig { init, init_a, init_b, init_std, ..TrainConfig::default() })
    };
    assert_eq!(of(InitKind::Default, 0.0, 1.0, 0.1), Init::Default);
    assert_eq!(of(InitKind::XavierUniform, 0.0, 1.0, 0.1), Init::XavierUniform);
    assert_eq!(of(InitKind::XavierNormal, 0.0, 1.0, 0.1), Init::XavierNormal);
    assert_eq!(of(InitKind::HeNormal, 0.0, 1.0, 0.1), Init::HeNormal);
    assert_eq!(of(InitKind::HeUniform, 0.0, 1.0, 0.1), Init::HeUniform);
    assert_eq!(of(InitKind::Uniform, -0.2, 0.6, 0.1), Init::Uniform { a: -0.2, b: 0.6 });
    assert_eq!(of(InitKind::Normal, 0.0, 1.0, 0.05), Init::Normal { std: 0.05 });
    assert_eq!(Init::from_config(&TrainConfig::default()), Init::default());
}
