//! A user folder's decoded pool (`FolderImages`, made by `loader::FolderLoader`), split into a
//! Dataset with a summary. `FolderImages::build` draws the train/val split; it can be called
//! again with another seed or fraction without decoding anything again.

use crate::data::layout::{self, Split};
use crate::data::notes::{FolderFailure, FolderNote, LayoutNote};
use std::sync::Arc;

use crate::config::{Interpolation, limits};
use crate::data::images::{self, Dataset, ImageSet};
use crate::data::shared::SharedFolder;
use crate::rng::Rng;
// The summary types live in `summary` (no image dependencies) so the page can read them too.
pub use crate::data::summary::{ClassCounts, DatasetSummary, SkippedFile};

/// The generator stream for the seeded train/val split ("split" in ASCII).
const SPLIT_STREAM: u64 = 0x73_70_6c_69_74;
/// Largest/smallest class size above which a warning is shown.
const IMBALANCE_RATIO: f64 = 3.0;
/// Every decoded image of a folder, once, before the train/val split.
pub struct FolderImages {
    pub name: String,
    pub image_size: usize,
    pub grayscale: bool,
    pub interpolation: Interpolation,
    /// All class folders found, sorted by name (including ones `build` may exclude).
    pub classes: Vec<String>,
    /// Every decoded image once; labels index `classes`. The dataset's splits share it.
    pub pool: Arc<ImageSet>,
    /// Per pool image: its split folder, or `None` in a flat layout.
    pub splits: Vec<Option<Split>>,
    /// Per pool image, as chosen (the chosen folder's name first, for a folder).
    pub paths: Vec<String>,
    /// The leading folders the layout dropped (`layout::Layout::root`).
    pub root: String,
    pub skipped: Vec<SkippedFile>,
    pub ignored: usize,
    pub split_folders: bool,
    /// Files considered (skipped ones included, hidden and system files not).
    pub files: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Destination {
    Train,
    Val,
    Test,
    Left,
}

impl FolderImages {
    /// Splits the pool into a Dataset and describes it. On failure the summary's `error`
    /// holds the same message as the `Err`.
    pub fn build(&self, seed: u64, val_fraction: f64) -> (DatasetSummary, Result<Dataset, String>) {
        let n_classes = self.classes.len();
        let channels = self.pool.channels;
        let has_val = self.splits.contains(&Some(Split::Val));
        let has_test = self.splits.contains(&Some(Split::Test));
        // Images whose split is drawn here: a flat folder's, or train/'s when there is no val/.
        let drawn = |split: Option<Split>| split.is_none() || (!has_val && split == Some(Split::Train));

        let mut found = vec![[0usize; 3]; n_classes];
        for (&label, &split) in self.pool.labels.iter().zip(&self.splits) {
            found[label as usize][slot(split.unwrap_or(Split::Train))] += 1;
        }
        let usable = |c: usize| found[c][0] + found[c][1];
        let kept: Vec<usize> = (0..n_classes).filter(|&c| usable(c) >= 2).collect();
        let mut new_label = vec![None; n_classes];
        for (label, &c) in kept.iter().enumerate() {
            new_label[c] = Some(label as u32);
        }

        let mut notes = Vec::new();
        let excluded: Vec<ClassCounts> = (0..n_classes)
            .filter(|&c| usable(c) < 2)
            .map(|c| {
                notes.push(FolderNote::ClassLeftOut { class: self.classes[c].clone(), images: usable(c) });
                self.class_counts(c, found[c])
            })
            .collect();

        let destinations = self.destinations(seed, val_fraction, &new_label, &drawn);
        let mut counts = vec![[0usize; 3]; kept.len()];
        for (&label, &destination) in self.pool.labels.iter().zip(&destinations) {
            if let (Some(new), Some(s)) = (new_label[label as usize], destination_slot(destination)) {
                counts[new as usize][s] += 1;
            }
        }
        let classes: Vec<ClassCounts> =
            kept.iter().zip(&counts).map(|(&c, &count)| self.class_counts(c, count)).collect();

        if self.split_folders {
            for class in &classes {
                if class.train == 0 {
                    notes.push(FolderNote::ClassNoTrain { class: class.name.clone() });
                }
                if has_val && class.val == 0 {
                    notes.push(FolderNote::ClassNoVal { class: class.name.clone() });
                }
                if has_test && class.test == 0 {
                    notes.push(FolderNote::ClassNoTest { class: class.name.clone() });
                }
            }
        }
        notes.extend(imbalance(&classes));
        if !self.skipped.is_empty() {
            notes.push(FolderNote::FilesUnusable { count: self.skipped.len() });
        }

        let (percent, seed) = (LayoutNote::percent(val_fraction), seed.to_string());
        let layout = if !self.split_folders {
            LayoutNote::Flat { percent, seed }
        } else if has_val {
            LayoutNote::TrainVal { test: has_test }
        } else {
            LayoutNote::TrainOnly { percent, seed, test: has_test }
        };

        let error = if self.pool.is_empty() {
            Some(FolderFailure::NoImages { skipped: self.skipped.len() })
        } else if n_classes == 1 {
            Some(FolderFailure::OneClass { class: self.classes[0].clone() })
        } else if kept.len() < 2 {
            Some(FolderFailure::FewClasses { kept: kept.len(), classes: n_classes })
        } else if kept.len() > limits::CLASSES {
            Some(FolderFailure::TooManyClasses { classes: kept.len(), limit: limits::CLASSES })
        } else {
            None
        };

        let total = |s: usize| counts.iter().map(|c| c[s]).sum::<usize>();
        let summary = DatasetSummary {
            name: self.name.clone(),
            layout: layout.english(),
            layout_note: Some(layout),
            image_size: self.image_size,
            channels,
            classes,
            excluded,
            train: total(0),
            val: total(1),
            test: total(2),
            files: self.files,
            skipped: self.skipped.clone(),
            ignored: self.ignored,
            warnings: notes.iter().map(FolderNote::english).collect(),
            notes,
            error: error.as_ref().map(FolderFailure::english),
            error_note: error.clone(),
        };
        if let Some(error) = error {
            return (summary, Err(error.english()));
        }

        // Each split lists its images' indices into the pool: the pixels stay where they are.
        let mut members: [(Vec<u32>, Vec<u32>); 3] = Default::default();
        for (i, &destination) in destinations.iter().enumerate() {
            let Some(s) = destination_slot(destination) else { continue };
            let label = new_label[self.pool.labels[i] as usize].expect("kept classes only");
            members[s].0.push(i as u32);
            members[s].1.push(label);
        }
        let [train, val, test] =
            members.map(|(members, labels)| images::Split::of(self.pool.clone(), members, labels));
        let dataset =
            Dataset { classes: kept.iter().map(|&c| self.classes[c].clone()).collect(), train, val, test };
        (summary, Ok(dataset))
    }

    /// Where each pool image goes: folders as given, and a seeded, stratified draw of
    /// `val_fraction` of each class where the split is not given.
    fn destinations(
        &self,
        seed: u64,
        val_fraction: f64,
        new_label: &[Option<u32>],
        drawn: &dyn Fn(Option<Split>) -> bool,
    ) -> Vec<Destination> {
        let mut destinations: Vec<Destination> = self
            .pool
            .labels
            .iter()
            .zip(&self.splits)
            .map(|(&label, &split)| match (new_label[label as usize], split) {
                (None, _) => Destination::Left,
                (Some(_), Some(Split::Val)) => Destination::Val,
                (Some(_), Some(Split::Test)) => Destination::Test,
                (Some(_), _) => Destination::Train,
            })
            .collect();

        let mut per_class: Vec<Vec<usize>> = vec![Vec::new(); new_label.len()];
        for (i, (&label, &split)) in self.pool.labels.iter().zip(&self.splits).enumerate() {
            if new_label[label as usize].is_some() && drawn(split) {
                per_class[label as usize].push(i);
            }
        }
        let mut rng = Rng::derived(seed, SPLIT_STREAM);
        for members in &mut per_class {
            let n = members.len();
            if n < 2 {
                continue;
            }
            // Sorting by path first makes the split independent of the order files arrived in.
            members.sort_unstable_by(|&a, &b| self.paths[a].cmp(&self.paths[b]));
            rng.shuffle(members);
            let n_val = ((n as f64 * val_fraction).round() as usize).clamp(1, n - 1);
            for &i in &members[..n_val] {
                destinations[i] = Destination::Val;
            }
        }
        destinations
    }

    fn class_counts(&self, class: usize, count: [usize; 3]) -> ClassCounts {
        ClassCounts { name: self.classes[class].clone(), train: count[0], val: count[1], test: count[2] }
    }
}

fn slot(split: Split) -> usize {
    match split {
        Split::Train => 0,
        Split::Val => 1,
        Split::Test => 2,
    }
}

fn destination_slot(destination: Destination) -> Option<usize> {
    match destination {
        Destination::Train => Some(0),
        Destination::Val => Some(1),
        Destination::Test => Some(2),
        Destination::Left => None,
    }
}

/// Largest vs smallest class over train and val.
fn imbalance(classes: &[ClassCounts]) -> Option<FolderNote> {
    let size = |c: &ClassCounts| c.train + c.val;
    let largest = classes.iter().max_by_key(|c| size(c))?;
    let smallest = classes.iter().min_by_key(|c| size(c))?;
    let ratio = size(largest) as f64 / size(smallest).max(1) as f64;
    (ratio > IMBALANCE_RATIO).then(|| FolderNote::Imbalanced {
        largest: largest.name.clone(),
        largest_images: size(largest),
        smallest: smallest.name.clone(),
        smallest_images: size(smallest),
        ratio: (ratio * 10.0).round() / 10.0,
    })
}

impl FolderImages {
    /// The decoded folder as it travels to another worker (one copy of the pixels).
    pub fn shared(&self) -> SharedFolder {
        SharedFolder {
            name: self.name.clone(),
            image_size: self.image_size,
            grayscale: self.grayscale,
            interpolation: self.interpolation,
            classes: self.classes.clone(),
            pixels: self.pool.pixels.clone(),
            labels: self.pool.labels.clone(),
            splits: self.splits.iter().map(|s| s.map(|s| s.folder().to_string())).collect(),
            paths: self.paths.clone(),
            root: self.root.clone(),
            skipped: self.skipped.clone(),
            ignored: self.ignored,
            split_folders: self.split_folders,
            files: self.files,
        }
    }

    /// A folder another worker decoded, checked to hang together.
    pub fn from_shared(shared: SharedFolder) -> Result<Self, String> {
        let channels = if shared.grayscale { 1 } else { 3 };
        let n = shared.labels.len();
        let image_len = shared.image_size * shared.image_size * channels;
        if shared.pixels.len() != n * image_len || shared.splits.len() != n || shared.paths.len() != n {
            return Err("the shared folder's pixels, labels, splits and paths do not add up".into());
        }
        if shared.labels.iter().any(|&l| l as usize >= shared.classes.len()) {
            return Err("the shared folder has a label without a class".into());
        }
        let splits = shared
            .splits
            .iter()
            .map(|s| {
                s.as_deref()
                    .map(|s| layout::split_of(s).ok_or_else(|| format!("unknown split '{s}'")))
                    .transpose()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let pool = ImageSet {
            width: shared.image_size,
            height: shared.image_size,
            channels,
            pixels: shared.pixels,
            labels: shared.labels,
        };
        Ok(Self {
            name: shared.name,
            image_size: shared.image_size,
            grayscale: shared.grayscale,
            interpolation: shared.interpolation,
            classes: shared.classes,
            pool: Arc::new(pool),
            splits,
            paths: shared.paths,
            root: shared.root,
            skipped: shared.skipped,
            ignored: shared.ignored,
            split_folders: shared.split_folders,
            files: shared.files,
        })
    }
}
