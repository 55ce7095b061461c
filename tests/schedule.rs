//! Learning-rate schedules against values worked by hand from PyTorch's definitions.

use aula::schedule::{LrScheduler, Schedule};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// Runs the scheduler through `losses`, returning the lr used in each epoch (one more than
/// the number of losses: the last is the lr the following epoch would use).
fn lrs(schedule: Schedule, base: f64, losses: &[f64]) -> Vec<f64> {
    let mut s = LrScheduler::new(schedule, base);
    let mut out = vec![s.lr_for_epoch()];
    for &l in losses {
        s.end_epoch(l);
        out.push(s.lr_for_epoch());
    }
    out
}

fn assert_all_close(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(close(*g, *w), "epoch {}: {g} != {w}\n{got:?}", i + 1);
    }
}

#[test]
fn constant_never_changes() {
    let got = lrs(Schedule::Constant, 0.01, &[1.0, 2.0, f64::NAN, 3.0]);
    assert_all_close(&got, &[0.01; 5]);
    assert_eq!(Schedule::default(), Schedule::Constant);
}

#[test]
fn step_lr_multiplies_every_step_size_epochs() {
    // lr = 0.1 * 0.5^floor((epoch - 1) / 3): epochs 1-3 -> 0.1, 4-6 -> 0.05, 7-9 -> 0.025,
    // 10 -> 0.0125.
    let sched = Schedule::StepLr { step_size: 3, gamma: 0.5 };
    let got = lrs(sched, 0.1, &[0.0; 9]);
    let want = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125];
    assert_all_close(&got, &want);

    // PyTorch's default gamma is 0.1: epochs 1-2 -> 1.0, 3-4 -> 0.1, 5 -> 0.01.
    let got = lrs(Schedule::step_lr(2), 1.0, &[0.0; 4]);
    assert_all_close(&got, &[1.0, 1.0, 0.1, 0.1, 0.01]);
}

#[test]
fn cosine_follows_the_closed_form_and_stays_at_min() {
    // eta_min + (base - eta_min) * (1 + cos(pi * t / 4)) / 2, t = epochs completed:
    // t=0: 0.1; t=1: 0.05 * (1 + 0.7071067811865476) = 0.08535533905932738;
    // t=2: 0.05; t=3: 0.05 * (1 - 0.7071067811865476) = 0.014644660940672624;
    // t=4: 0; after that clamped at t_max: 0.
    let got = lrs(Schedule::cosine(4), 0.1, &[0.0; 6]);
    let half = std::f64::consts::FRAC_1_SQRT_2;
    let want = [0.1, 0.05 * (1.0 + half), 0.05, 0.05 * (1.0 - half), 0.0, 0.0, 0.0];
    assert_all_close(&got, &want);
    assert!(close(got[1], 0.08535533905932738));
    assert!(close(got[3], 0.014644660940672624));

    // With eta_min = 0.01: t=2 -> 0.01 + 0.09 * (1 + 0) / 2 = 0.055; t>=4 -> 0.01.
    let got = lrs(Schedule::Cosine { t_max: 4, min_lr: 0.01 }, 0.1, &[0.0; 5]);
    assert!(close(got[0], 0.1));
    assert!(close(got[2], 0.055));
    assert!(close(got[4], 0.01));
    assert!(close(got[5], 0.01));
}

#[test]
fn plateau_scripted_sequence() {
    let sched = Schedule::ReduceOnPlateau { factor: 0.5, patience: 2, min_lr: 0.2, threshold: 1e-4 };
    let mut s = LrScheduler::new(sched, 1.0);
    // (val_loss, num_bad_epochs after it, lr for the next epoch)
    let script = [
        // 1.0 < inf: best = 1.0.
        (1.0, 0, 1.0),
        // 0.99995 is an improvement, but not below 1.0 * (1 - 1e-4) = 0.9999: bad.
        (0.99995, 1, 1.0),
        (1.1, 2, 1.0),
        // Third bad epoch: 3 > patience 2 -> lr 1.0 * 0.5, counter reset.
        (1.0, 0, 0.5),
        // Improvement: best = 0.5.
        (0.5, 0, 0.5),
        (0.6, 1, 0.5),
        (f64::NAN, 2, 0.5), // NaN is never better
        (0.6, 0, 0.25),
        (0.6, 1, 0.25),
        (0.6, 2, 0.25),
        // 0.25 * 0.5 = 0.125 is below min_lr: max(0.125, 0.2) = 0.2.
        (0.6, 0, 0.2),
        (0.6, 1, 0.2),
        (0.6, 2, 0.2),
        // At the floor: max(0.1, 0.2) = 0.2, a change of 0 <= eps: lr kept, counter reset.
        (0.6, 0, 0.2),
        // 0.49996 < 0.5 * (1 - 1e-4) = 0.49995? No: bad.
        (0.49996, 1, 0.2),
        // 0.4999 < 0.49995: better.
        (0.4999, 0, 0.2),
    ];
    assert!(close(s.lr_for_epoch(), 1.0));
    for (epoch, &(loss, bad, lr)) in script.iter().enumerate() {
        s.end_epoch(loss);
        assert_eq!(s.num_bad_epochs(), bad, "after epoch {}", epoch + 1);
        assert!(close(s.lr_for_epoch(), lr), "after epoch {}: {}", epoch + 1, s.lr_for_epoch());
    }
    assert_eq!(s.best(), 0.4999);
    assert_eq!(s.epochs_completed(), script.len());
}

#[test]
fn plateau_defaults_wait_eleven_bad_epochs() {
    // factor 0.1, patience 10: epoch 1 sets best, epochs 2..=12 are 11 bad epochs (> 10),
    // so epoch 13 is the first at 0.1 * base.
    let got = lrs(Schedule::reduce_on_plateau(), 0.01, &[1.0; 12]);
    assert!(got[..12].iter().all(|&lr| close(lr, 0.01)), "{got:?}");
    assert!(close(got[12], 0.001));
}

#[test]
fn plateau_skips_reductions_smaller_than_eps() {
    // 1e-9 * 0.1 = 1e-10; the change 9e-10 is below eps 1e-8, so the lr stays.
    let sched = Schedule::ReduceOnPlateau { factor: 0.1, patience: 0, min_lr: 0.0, threshold: 1e-4 };
    let got = lrs(sched, 1e-9, &[1.0, 1.0, 1.0]);
    assert!(got.iter().all(|&lr| lr == 1e-9), "{got:?}");
}

#[test]
fn serde_tags_and_pytorch_defaults() {
    let s: Schedule = serde_json::from_str(r#"{"kind": "step_lr", "step_size": 3}"#).unwrap();
    assert_eq!(s, Schedule::StepLr { step_size: 3, gamma: 0.1 });
    let s: Schedule = serde_json::from_str(r#"{"kind": "cosine", "t_max": 20}"#).unwrap();
    assert_eq!(s, Schedule::cosine(20));
    let s: Schedule = serde_json::from_str(r#"{"kind": "reduce_on_plateau"}"#).unwrap();
    assert_eq!(s, Schedule::reduce_on_plateau());
    assert_eq!(s, Schedule::ReduceOnPlateau { factor: 0.1, patience: 10, min_lr: 0.0, threshold: 1e-4 });
    let s: Schedule = serde_json::from_str(r#"{"kind": "constant"}"#).unwrap();
    assert_eq!(s, Schedule::Constant);

    let json = serde_json::to_value(Schedule::StepLr { step_size: 5, gamma: 0.5 }).unwrap();
    assert_eq!(json, serde_json::json!({"kind": "step_lr", "step_size": 5, "gamma": 0.5}));
    for s in [Schedule::Constant, Schedule::step_lr(2), Schedule::cosine(7), Schedule::reduce_on_plateau()] {
        let back: Schedule = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }
}

#[test]
fn validate_rejects_degenerate_settings() {
    assert!(Schedule::step_lr(1).validate().is_ok());
    assert!(Schedule::step_lr(0).validate().is_err());
    assert!(Schedule::cosine(0).validate().is_err());
    assert!(Schedule::reduce_on_plateau().validate().is_ok());
    let bad = Schedule::ReduceOnPlateau { factor: 1.0, patience: 1, min_lr: 0.0, threshold: 0.0 };
    assert!(bad.validate().is_err());
    // Degenerate values still give finite rates rather than dividing by zero.
    assert!(lrs(Schedule::step_lr(0), 0.1, &[0.0; 3]).iter().all(|v| v.is_finite()));
    assert!(lrs(Schedule::cosine(0), 0.1, &[0.0; 3]).iter().all(|v| v.is_finite()));
}
