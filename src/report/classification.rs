//! Classification metrics: the confusion matrix and sklearn's `classification_report`.
//!
//! Everything follows sklearn with `zero_division=0`: a ratio whose denominator is zero is 0,
//! so no number in a report is ever NaN. The report covers every class `0..classes`, as
//! sklearn does when called with `labels=range(classes)` (sklearn's default leaves out a class
//! that is neither in the truth nor in the predictions).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Counts of (true class, predicted class) pairs, as `sklearn.metrics.confusion_matrix`:
/// row = true class, column = predicted class, stored row-major in `counts`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confusion {
    pub classes: usize,
    /// `classes * classes` counts; `counts[t * classes + p]` is the pair (t, p).
    pub counts: Vec<u64>,
}

impl Confusion {
    pub fn new(classes: usize) -> Self {
        Self { classes, counts: vec![0; classes * classes] }
    }

    /// Counts one sample. Panics if a class is out of range.
    pub fn add(&mut self, true_class: usize, predicted: usize) {
        assert!(
            true_class < self.classes && predicted < self.classes,
            "class out of range: true {true_class}, predicted {predicted}, classes {}",
            self.classes
        );
        self.counts[true_class * self.classes + predicted] += 1;
    }

    /// Counts a batch of labels against its predictions (same length).
    pub fn add_batch(&mut self, truth: &[u32], predicted: &[u32]) {
        assert_eq!(truth.len(), predicted.len(), "truth and predictions differ in length");
        for (&t, &p) in truth.iter().zip(predicted) {
            self.add(t as usize, p as usize);
        }
    }

    pub fn count(&self, true_class: usize, predicted: usize) -> u64 {
        self.counts[true_class * self.classes + predicted]
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Samples whose true class is `class` (a row sum): sklearn's "support".
    pub fn support(&self, class: usize) -> u64 {
        self.row(class).iter().sum()
    }

    /// Samples predicted as `class` (a column sum).
    pub fn predicted(&self, class: usize) -> u64 {
        (0..self.classes).map(|t| self.count(t, class)).sum()
    }

    /// One row: the predictions made for samples of true class `class`.
    pub fn row(&self, class: usize) -> &[u64] {
        &self.counts[class * self.classes..(class + 1) * self.classes]
    }

    /// Fraction on the diagonal; 0 for an empty matrix.
    pub fn accuracy(&self) -> f64 {
        let correct: u64 = (0..self.classes).map(|c| self.count(c, c)).sum();
        ratio(correct, self.total())
    }

    /// Each row divided by its sum (`confusion_matrix(..., normalize='true')`), row-major.
    /// A row with no samples stays all zeros.
    pub fn row_normalised(&self) -> Vec<f64> {
        let mut out = Vec::with_capacity(self.counts.len());
        for t in 0..self.classes {
            let sum = self.support(t);
            out.extend(self.row(t).iter().map(|&c| ratio(c, sum)));
        }
        out
    }

    /// The `k` largest off-diagonal cells, largest first (ties by true, then predicted
    /// class): `(true class, predicted class, count)`. What a matrix too large to draw is shown as.
    pub fn top_confusions(&self, k: usize) -> Vec<(usize, usize, u64)> {
        let mut cells: Vec<(usize, usize, u64)> = (0..self.classes)
            .flat_map(|t| self.row(t).iter().enumerate().map(move |(p, &c)| (t, p, c)))
            .filter(|&(t, p, c)| t != p && c > 0)
            .collect();
        cells.sort_by(|a, b| b.2.cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
        cells.truncate(k);
        cells
    }

    /// The classification report of these counts.
    pub fn report(&self) -> Report {
        Report::from_confusion(self)
    }
}

/// `n / d`, or 0 when `d` is 0 (sklearn's `zero_division=0`).
fn ratio(n: u64, d: u64) -> f64 {
    if d == 0 { 0.0 } else { n as f64 / d as f64 }
}

/// Serialised with nested rows: `{"classes": n, "counts": [[...], ...]}`.
#[derive(Serialize, Deserialize)]
struct ConfusionJson {
    classes: usize,
    counts: Vec<Vec<u64>>,
}

impl Serialize for Confusion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let counts = (0..self.classes).map(|t| self.row(t).to_vec()).collect();
        ConfusionJson { classes: self.classes, counts }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Confusion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = ConfusionJson::deserialize(deserializer)?;
        if json.counts.len() != json.classes || json.counts.iter().any(|r| r.len() != json.classes) {
            return Err(D::Error::custom(format!("confusion counts must be {0} rows of {0}", json.classes)));
        }
        Ok(Self { classes: json.classes, counts: json.counts.concat() })
    }
}

/// One row of the report.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct ClassReport {
    /// Correct predictions of the class / all predictions of it (0 if never predicted).
    pub precision: f64,
    /// Correct predictions of the class / its samples (0 if it has none).
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
    /// Samples of the class; for the average rows, all samples.
    pub support: u64,
}

/// `sklearn.metrics.classification_report(..., output_dict=True, zero_division=0)`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Report {
    pub per_class: Vec<ClassReport>,
    pub accuracy: f64,
    /// Unweighted mean over the classes.
    pub macro_avg: ClassReport,
    /// Mean weighted by each class's support.
    pub weighted_avg: ClassReport,
}

impl Report {
    pub fn from_confusion(confusion: &Confusion) -> Self {
        let n = confusion.classes;
        let total = confusion.total();
        let per_class: Vec<ClassReport> = (0..n)
            .map(|c| {
                let tp = confusion.count(c, c);
                let support = confusion.support(c);
                let predicted = confusion.predicted(c);
                // 2tp / (2tp + fp + fn) = 2tp / (predicted + support): equal to 2PR/(P+R)
                // wherever that is defined, and 0 (not NaN) where it is not.
                ClassReport {
                    precision: ratio(tp, predicted),
                    recall: ratio(tp, support),
                    f1: ratio(2 * tp, predicted + support),
                    support,
                }
            })
            .collect();

        let mean = |f: fn(&ClassReport) -> f64| {
            if n == 0 { 0.0 } else { per_class.iter().map(f).sum::<f64>() / n as f64 }
        };
        let weighted = |f: fn(&ClassReport) -> f64| {
            if total == 0 {
                0.0
            } else {
                per_class.iter().map(|r| f(r) * r.support as f64).sum::<f64>() / total as f64
            }
        };
        let macro_avg = ClassReport {
            precision: mean(|r| r.precision),
            recall: mean(|r| r.recall),
            f1: mean(|r| r.f1),
            support: total,
        };
        let weighted_avg = ClassReport {
            precision: weighted(|r| r.precision),
            recall: weighted(|r| r.recall),
            f1: weighted(|r| r.f1),
            support: total,
        };
        Self { per_class, accuracy: confusion.accuracy(), macro_avg, weighted_avg }
    }
}
