//! How a run ends: which epoch it reports (the best unless the user keeps the last; a run
//! that diverged falls back to its best), the test split scored once with that epoch's
//! weights, and the run's report and model.

use burn::module::Module;

use super::Run;
use crate::config::Keep;
use crate::model::{Network, TrainedModel};
use crate::report::{Confusion, Report, RunReport};
use crate::train::callbacks::Ending;
use crate::train::evaluate::evaluate_watched;
use crate::train::finishing::{Watch, status};
use crate::train::host::Host;
use crate::train::stage::{Evaluating, Stage};

impl Run<'_> {
    /// The run's report and model: the reported epoch's results and weights, and the test
    /// split scored once with those weights.
    pub(super) async fn report(
        mut self,
        model: &Network,
        host: &mut impl Host,
    ) -> Result<(RunReport, TrainedModel), String> {
        let (config, data) = (self.config, self.data);
        // The best epoch unless the user keeps the last (a run that diverged always falls
        // back to its best).
        let diverged = matches!(self.ending, Ending::Diverged(_));
        let reported = match (config.keep, self.best.best_epoch()) {
            (Keep::Best, Some(epoch)) => Some(epoch),
            (_, Some(epoch)) if diverged => Some(epoch),
            _ => self.records.last().map(|r| r.epoch),
        };
        let best_reported = reported.is_some() && reported == self.best.best_epoch();
        let (confusion, network, steps) = match (&self.best_kept, best_reported) {
            (Some(kept), true) => (Some(kept.confusion.clone()), kept.network.clone(), kept.steps),
            _ => (self.last_confusion.clone(), model.valid(), self.pace.step),
        };
        // The held-out test split, once, with the reported weights.
        let stopped = self.ending == Ending::Stopped;
        let testing = host.now_ms();
        let test = if data.test.is_empty() || reported.is_none() {
            None
        } else {
            if stopped {
                host.send(status(Stage::ScoringTest { images: data.test.len() }));
            }
            let what = if stopped { Evaluating::Test } else { Evaluating::TestBeforeStopping };
            let mut watch = Watch::new(host, (what, 0), stopped, self.stop_announced);
            let classes = data.classes.len();
            Some(evaluate_watched(&network, &data.test, classes, &self.prep, &self.device, &mut watch).await?)
        };
        if let (true, Some(epoch)) = (stopped, reported) {
            host.send(status(Stage::KeepingModel { epoch }));
        }
        let now = host.now_ms();
        self.timing.evaluation_ms += now - testing;
        self.timing.total_ms = now - self.entered;
        let trained = TrainedModel {
            network,
            config: config.clone(),
            classes: data.classes.clone(),
            shape: self.train_set.shape(),
            normalize: self.prep.normalize.clone(),
            epoch: reported,
            steps,
        };
        let report = RunReport {
            config: config.clone(),
            backend: self.backend,
            classes: data.classes.clone(),
            report: confusion.as_ref().map(Report::from_confusion),
            confusion,
            best_epoch: reported,
            epochs: self.records,
            params: model.num_params(),
            train_count: self.train_set.len(),
            val_count: data.val.len(),
            test_count: data.test.len(),
            test_accuracy: test.as_ref().map(|t| t.accuracy),
            test_loss: test.as_ref().map(|t| t.loss),
            normalize_mean: self.prep.normalize.mean.clone(),
            normalize_std: self.prep.normalize.std.clone(),
            stopped: self.ending == Ending::Stopped,
            early_stopped: self.ending == Ending::EarlyStopped,
            halted: match self.ending {
                Ending::Diverged(message) => Some(message),
                _ => None,
            },
            seconds: (now - self.pace.start) / 1000.0,
            aula_version: env!("CARGO_PKG_VERSION").into(),
            data: None,
            weights_epoch: reported,
            timing: self.timing,
        };
        Ok((report, trained))
    }
}

/// The best epoch, as kept when it happened.
pub(super) struct Kept {
    pub(super) confusion: Confusion,
    pub(super) network: Network,
    /// Optimizer steps that had run.
    pub(super) steps: usize,
}
