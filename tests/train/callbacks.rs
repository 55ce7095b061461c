//! EarlyStopping and best-epoch tracking on scripted metric sequences (Keras semantics).

use aula::config::Monitor;
use aula::report::EpochRecord;
use aula::train::callbacks::{BestTracker, EarlyStopping};

/// EarlyStopping as a run wires it: the run's one BestTracker says whether an epoch improved.
struct Es {
    best: BestTracker,
    early: EarlyStopping,
    last_improved: bool,
}

impl Es {
    fn new(monitor: Monitor, patience: usize, min_delta: f64) -> Self {
        Self {
            best: BestTracker::with_min_delta(monitor, min_delta),
            early: EarlyStopping::new(patience),
            last_improved: false,
        }
    }

    fn update(&mut self, epoch: usize, value: f64) -> bool {
        self.last_improved = self.best.update(epoch, value);
        self.early.update(epoch, self.last_improved)
    }

    /// What the training loop does with a finished epoch.
    fn update_record(&mut self, record: &EpochRecord) -> bool {
        self.update(record.epoch, record.value(self.best.monitor()))
    }

    fn wait(&self) -> usize {
        self.early.wait()
    }

    fn best_epoch(&self) -> Option<usize> {
        self.best.best_epoch()
    }

    fn best_value(&self) -> Option<f64> {
        self.best.best_value()
    }
}

/// Feeds values for epochs 1, 2, ...; returns the epoch at which `update` first said stop.
fn run(es: &mut Es, values: &[f64]) -> Option<usize> {
    for (i, &v) in values.iter().enumerate() {
        if es.update(i + 1, v) {
            return Some(i + 1);
        }
    }
    None
}

#[test]
fn val_loss_stops_after_patience_epochs_without_improvement() {
    let mut es = Es::new(Monitor::ValLoss, 3, 0.0);
    // e1 1.0 best; e2 0.9 best; e3, e4 wait 1, 2; e5 0.85 best (wait 0);
    // e6, e7, e8 wait 1, 2, 3 -> 3 >= patience: stop at 8.
    let losses = [1.0, 0.9, 0.95, 0.91, 0.85, 0.86, 0.87, 0.9, 0.1];
    let mut waits = vec![];
    let mut stop = None;
    for (i, &v) in losses.iter().enumerate() {
        let s = es.update(i + 1, v);
        waits.push(es.wait());
        if s {
            stop = Some(i + 1);
            break;
        }
    }
    assert_eq!(stop, Some(8));
    assert_eq!(waits, vec![0, 0, 1, 2, 0, 1, 2, 3]);
    assert_eq!(es.best_epoch(), Some(5));
    assert_eq!(es.best_value(), Some(0.85));
    assert_eq!(es.early.stopped_epoch(), Some(8));
}

#[test]
fn val_accuracy_is_maximised_with_min_delta() {
    let mut es = Es::new(Monitor::ValAccuracy, 2, 0.01);
    let acc = [0.5, 0.6, 0.605, 0.615, 0.62, 0.624, 0.9];
    // e1 0.5 best (> -inf); e2 0.6 - 0.01 = 0.59 > 0.5: best;
    // e3 0.605 - 0.01 = 0.595, not > 0.6: wait 1;
    // e4 0.615 - 0.01 = 0.605 > 0.6: best, wait 0;
    // e5 0.61 and e6 0.614 not > 0.615: wait 1, 2 -> stop at 6.
    let mut improved = vec![];
    let mut stop = None;
    for (i, &v) in acc.iter().enumerate() {
        let s = es.update(i + 1, v);
        improved.push(es.last_improved);
        if s {
            stop = Some(i + 1);
            break;
        }
    }
    assert_eq!(stop, Some(6));
    assert_eq!(improved, vec![true, true, false, true, false, false]);
    assert_eq!(es.best_epoch(), Some(4));
    assert_eq!(es.best_value(), Some(0.615));

    // Without min_delta every rise counts, and nothing stops.
    let mut es = Es::new(Monitor::ValAccuracy, 2, 0.0);
    assert_eq!(run(&mut es, &acc), None);
    assert_eq!(es.best_epoch(), Some(7));
}

#[test]
fn best_tracker_needs_more_than_min_delta() {
    // Lower is better: improvement iff value + min_delta < best.
    let mut t = BestTracker::with_min_delta(Monitor::ValLoss, 0.5);
    assert_eq!(t.best_epoch(), None);
    assert_eq!(t.best_value(), None);
    assert!(t.update(1, 1.0)); // 1.5 < inf
    assert!(!t.update(2, 0.5)); // 0.5 + 0.5 = 1.0, not < 1.0: exactly min_delta is not enough
    assert!(!t.update(3, 0.75));
    assert!(t.update(4, 0.25)); // 0.75 < 1.0
    assert_eq!(t.best_epoch(), Some(4));
    assert_eq!(t.best_value(), Some(0.25));

    // Negative min_delta is taken as its absolute value, as Keras does.
    let mut t = BestTracker::with_min_delta(Monitor::ValAccuracy, -0.5);
    assert!(t.update(1, 0.0));
    assert!(!t.update(2, 0.5)); // 0.5 - 0.5 = 0.0, not > 0.0
    assert!(t.update(3, 0.75));

    // min_delta 0: any strict improvement; equal is not one.
    let mut t = BestTracker::new(Monitor::ValAccuracy);
    assert_eq!(t.monitor(), Monitor::ValAccuracy);
    assert!(t.update(1, 0.3));
    assert!(!t.update(2, 0.3));
    assert!(!t.update(3, 0.2));
    assert!(t.update(4, 0.31));
    assert_eq!(t.best_epoch(), Some(4));
}

#[test]
fn nan_never_improves() {
    let mut es = Es::new(Monitor::ValLoss, 2, 0.0);
    // e1 1.0 best; e2 NaN wait 1; e3 0.8 best; e4 NaN wait 1; e5 NaN wait 2 -> stop.
    assert_eq!(run(&mut es, &[1.0, f64::NAN, 0.8, f64::NAN, f64::NAN, 0.1]), Some(5));
    assert_eq!(es.best_epoch(), Some(3));
    assert_eq!(es.best_value(), Some(0.8));

    let mut t = BestTracker::new(Monitor::ValAccuracy);
    assert!(!t.update(1, f64::NAN));
    assert_eq!(t.best_value(), None);
    assert!(t.update(2, 0.1));
    assert!(!t.update(3, f64::NAN));
    assert_eq!(t.best_value(), Some(0.1));
}

#[test]
fn all_nan_never_stops_on_epoch_one() {
    // Patience 0: Keras never stops on the first epoch; the second bad epoch stops.
    let mut es = Es::new(Monitor::ValLoss, 0, 0.0);
    assert!(!es.update(1, f64::NAN));
    assert!(es.update(2, f64::NAN));
    assert_eq!(es.best_epoch(), None);
}

#[test]
fn patience_zero_stops_at_the_first_non_improvement() {
    let mut es = Es::new(Monitor::ValLoss, 0, 0.0);
    assert_eq!(run(&mut es, &[1.0, 0.9, 0.9, 0.5]), Some(3));
    assert_eq!(es.best_epoch(), Some(2));
}

#[test]
fn the_monitored_field_of_a_record_decides() {
    let record = |epoch, val_loss, val_accuracy| EpochRecord {
        epoch,
        train_loss: 0.0,
        train_accuracy: 0.0,
        val_loss,
        val_accuracy,
        lr: 0.1,
        seconds: 1.0,
        partial: false,
    };
    let mut es = Es::new(Monitor::ValAccuracy, 1, 0.0);
    // Loss gets worse but accuracy improves: accuracy is what counts.
    assert!(!es.update_record(&record(1, 1.0, 0.5)));
    assert!(!es.update_record(&record(2, 2.0, 0.6)));
    assert!(es.update_record(&record(3, 0.1, 0.6)));
    assert_eq!(es.best_epoch(), Some(2));
    assert_eq!(record(1, 1.5, 0.25).value(Monitor::ValLoss), 1.5);
    assert_eq!(record(1, 1.5, 0.25).value(Monitor::ValAccuracy), 0.25);
}

#[test]
fn monitor_keys_and_direction() {
    assert_eq!(Monitor::ValLoss.key(), "val_loss");
    assert_eq!(Monitor::ValAccuracy.key(), "val_accuracy");
    assert!(Monitor::ValLoss.lower_is_better());
    assert!(!Monitor::ValAccuracy.lower_is_better());
    assert_eq!(serde_json::to_string(&Monitor::ValAccuracy).unwrap(), "\"val_accuracy\"");
}
