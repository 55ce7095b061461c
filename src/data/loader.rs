//! Loading a user folder, incrementally (the browser reads files asynchronously):
//! `FolderLoader` plans the layout from the paths, takes the bytes of each wanted file as they
//! arrive, and keeps each image once, resized, as u8, in one pool (`FolderImages`).

use std::sync::Arc;

use crate::config::Interpolation;
use crate::config::limits;
use crate::data::decode;
use crate::data::folder::FolderImages;
use crate::data::images::ImageSet;
use crate::data::layout::{self, Layout, Split};
use crate::data::notes::{FolderFailure, SkipNote};
use crate::data::summary::SkippedFile;

/// Why a folder of `count` files is not read at all, if it is too large.
pub fn too_many_files(name: &str, count: usize) -> Option<FolderFailure> {
    (count > limits::FILES).then(|| FolderFailure::TooManyFiles {
        name: name.into(),
        files: count,
        limit: limits::FILES,
    })
}

pub struct FolderLoader {
    name: String,
    paths: Vec<String>,
    image_size: usize,
    grayscale: bool,
    interpolation: Interpolation,
    layout: Layout,
    /// Per input file: its index in `layout.files`, if it is to be read.
    placement: Vec<Option<usize>>,
    /// Per placed file: decoded or skipped already.
    handled: Vec<bool>,
    pool: ImageSet,
    pool_files: Vec<usize>,
    splits: Vec<Option<Split>>,
    /// (input file, why).
    skipped: Vec<(usize, SkipNote)>,
}

impl FolderLoader {
    pub fn new(name: String, paths: Vec<String>, image_size: usize, grayscale: bool) -> Self {
        let layout = layout::plan(&paths);
        let mut placement = vec![None; paths.len()];
        for (index, placed) in layout.files.iter().enumerate() {
            placement[placed.file] = Some(index);
        }
        let channels = if grayscale { 1 } else { 3 };
        let mut pixels = Vec::new();
        // Reserving up front avoids the doubling peak of a growing Vec; if that much cannot be
        // had now, growth may still fit once skipped files are left out.
        let _ = pixels.try_reserve_exact(layout.files.len() * image_size * image_size * channels);
        let pool = ImageSet { width: image_size, height: image_size, channels, pixels, labels: Vec::new() };
        let handled = vec![false; layout.files.len()];
        Self {
            name,
            paths,
            image_size,
            grayscale,
            interpolation: Interpolation::default(),
            layout,
            placement,
            handled,
            pool,
            pool_files: Vec::new(),
            splits: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Resizes with `interpolation` rather than the page's default filter.
    pub fn with_interpolation(mut self, interpolation: Interpolation) -> Self {
        self.interpolation = interpolation;
        self
    }

    /// Indices (into the paths) of the files to read, in input order.
    pub fn wanted(&self) -> Vec<usize> {
        self.layout.files.iter().map(|placed| placed.file).collect()
    }

    /// Decodes one wanted file into the pool, or records why it cannot be used. Files that
    /// are not wanted, or were handled already, are left alone.
    pub fn add(&mut self, file: usize, bytes: &[u8]) {
        let Some(index) = self.take(file) else { return };
        let placed = &self.layout.files[index];
        match decode::decode_resized_into(
            bytes,
            self.image_size,
            self.grayscale,
            self.interpolation,
            &mut self.pool.pixels,
        ) {
            Ok(()) => {
                self.pool.labels.push(placed.class as u32);
                self.splits.push(placed.split);
                self.pool_files.push(file);
            }
            Err(skip) => self.skipped.push((file, SkipNote::from(&skip))),
        }
    }

    /// Records a wanted file that could not be read at all (the browser refused it, or its
    /// .zip entry cannot be unpacked).
    pub fn skip(&mut self, file: usize, note: SkipNote) {
        if self.take(file).is_some() {
            self.skipped.push((file, note));
        }
    }

    fn take(&mut self, file: usize) -> Option<usize> {
        let index = (*self.placement.get(file)?)?;
        if std::mem::replace(&mut self.handled[index], true) {
            return None;
        }
        Some(index)
    }

    pub fn finish(mut self) -> FolderImages {
        for (index, placed) in self.layout.files.iter().enumerate() {
            if !self.handled[index] {
                self.skipped.push((placed.file, SkipNote::NeverRead));
            }
        }
        let mut skipped: Vec<SkippedFile> = self
            .layout
            .outside
            .iter()
            .map(|o| (o.file, o.note.clone()))
            .chain(self.skipped)
            .map(|(file, note)| SkippedFile {
                path: self.paths[file].clone(),
                reason: note.english(),
                note: Some(note),
            })
            .collect();
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        self.pool.pixels.shrink_to_fit();
        let files = self.paths.len() - self.layout.ignored;
        let paths = self.pool_files.iter().map(|&file| self.paths[file].clone()).collect();
        FolderImages {
            name: self.name,
            image_size: self.image_size,
            grayscale: self.grayscale,
            interpolation: self.interpolation,
            classes: self.layout.classes,
            pool: Arc::new(self.pool),
            splits: self.splits,
            paths,
            root: self.layout.root,
            skipped,
            ignored: self.layout.ignored,
            split_folders: self.layout.split_folders,
            files,
        }
    }
}
