//! Stage 4, the report: what a run measured and how it is shown. Running loss and accuracy,
//! the per-epoch record, the confusion matrix and sklearn's classification report, weight
//! histograms, the exported run, and the charts (plotters: a canvas in the page, SVG in tests).
//! No burn here: the page's module, built without it, uses all of it.

pub mod charts;
pub mod classification;
pub mod histogram;
pub mod merge;
pub mod metrics;
pub mod run;
pub mod runs;
pub mod runs_check;

pub use classification::{ClassReport, Confusion, Report};
pub use histogram::Histogram;
pub use metrics::{EpochRecord, Running, StepLoss};
pub use run::{RunReport, RunTiming};
