//! Learning-rate schedules against values worked by hand from PyTorch's definitions.

use aula::config::{ScheduleKind, TrainConfig};
use aula::train::schedule::{LrScheduler, Schedule};

/// The schedule the config builds from its defaults (PyTorch's) for `schedule`.
fn from_defaults(schedule: ScheduleKind, step_size: usize, epochs: usize) -> Schedule {
    Schedule::from_config(&TrainConfig { schedule, step_size, epochs, ..TrainConfig::default() })
}

fn step_lr(step_size: usize) -> Schedule {
    from_defaults(ScheduleKind::StepLr, step_size, 1)
}

fn cosine(t_max: usize) -> Schedule {
    from_defaults(ScheduleKind::Cosine, 1, t_max)
}

fn reduce_on_plateau() -> Schedule {
    from_defaults(ScheduleKind::ReduceOnPlateau, 1, 1)
}

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
    let got = lrs(step_lr(2), 1.0, &[0.0; 4]);
    assert_all_close(&got, &[1.0, 1.0, 0.1, 0.1, 0.01]);
}

#[test]
fn cosine_follows_the_closed_form_and_stays_at_min() {
    // eta_min + (base - eta_min) * (1 + cos(pi * t / 4)) / 2, t = epochs completed:
    // t=0: 0.1; t=1: 0.05 * (1 + 0.7071067811865476) = 0.08535533905932738;
    // t=2: 0.05; t=3: 0.05 * (1 - 0.7071067811865476) = 0.014644660940672624;
    // t=4: 0; after that clamped at t_max: 0.
    let got = lrs(cosine(4), 0.1, &[0.0; 6]);
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
    let got = lrs(reduce_on_plateau(), 0.01, &[1.0; 12]);
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
fn the_config_defaults_are_pytorchs() {
    assert_eq!(step_lr(3), Schedule::StepLr { step_size: 3, gamma: 0.1 });
    assert_eq!(cosine(20), Schedule::Cosine { t_max: 20, min_lr: 0.0 });
    assert_eq!(
        reduce_on_plateau(),
        Schedule::ReduceOnPlateau { factor: 0.1, patience: 10, min_lr: 0.0, threshold: 1e-4 }
    );
    assert_eq!(from_defaults(ScheduleKind::Constant, 1, 1), Schedule::Constant);
}

#[test]
fn degenerate_settings_are_refused_and_never_divide_by_zero() {
    let refused = |c: TrainConfig| c.validate().is_err();
    assert!(refused(TrainConfig { schedule: ScheduleKind::StepLr, step_size: 0, ..TrainConfig::default() }));
    assert!(refused(TrainConfig { plateau_factor: 1.0, ..TrainConfig::default() }));
    assert!(
        TrainConfig { schedule: ScheduleKind::StepLr, step_size: 1, ..TrainConfig::default() }
            .validate()
            .is_ok()
    );
    // Degenerate values still give finite rates rather than dividing by zero.
    assert!(lrs(Schedule::StepLr { step_size: 0, gamma: 0.1 }, 0.1, &[0.0; 3]).iter().all(|v| v.is_finite()));
    assert!(lrs(Schedule::Cosine { t_max: 0, min_lr: 0.0 }, 0.1, &[0.0; 3]).iter().all(|v| v.is_finite()));
}
