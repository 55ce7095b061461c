//! A folder's layout and warnings are messages of the page's catalogues: each note names a
//! message both catalogues have, and its `english()` (the summary's own text) is what the
//! English catalogue makes of the same arguments.

use std::collections::BTreeSet;

use aula::data::decode::decode_resized;
use aula::data::notes::{FolderFailure, FolderNote, LayoutNote, SkipNote};

use crate::common::catalogue::{catalogue, declared_ids, holds};

#[test]
fn every_layout_and_warning_is_the_english_catalogues_words() {
    let catalogues = (catalogue("en"), catalogue("es"));
    let class = || "melanoma".to_string();
    let layouts = [
        LayoutNote::Flat { percent: LayoutNote::percent(0.2), seed: "42".into() },
        LayoutNote::Flat { percent: LayoutNote::percent(0.125), seed: "2024".into() },
        LayoutNote::TrainVal { test: true },
        LayoutNote::TrainVal { test: false },
        LayoutNote::TrainOnly { percent: 20.0, seed: "1".into(), test: true },
    ];
    let notes = [
        FolderNote::ClassLeftOut { class: class(), images: 1 },
        FolderNote::ClassLeftOut { class: class(), images: 0 },
        FolderNote::ClassNoTrain { class: class() },
        FolderNote::ClassNoVal { class: class() },
        FolderNote::ClassNoTest { class: class() },
        FolderNote::Imbalanced {
            largest: "nevus".into(),
            largest_images: 20,
            smallest: class(),
            smallest_images: 5,
            ratio: 4.0,
        },
        FolderNote::FilesUnusable { count: 1 },
        FolderNote::FilesUnusable { count: 4 },
    ];
    let failures = [
        FolderFailure::NoImages { skipped: 0 },
        FolderFailure::NoImages { skipped: 1 },
        FolderFailure::NoImages { skipped: 3 },
        FolderFailure::OneClass { class: class() },
        FolderFailure::FewClasses { kept: 1, classes: 3 },
        FolderFailure::FewClasses { kept: 0, classes: 2 },
        FolderFailure::TooManyClasses { classes: 1200, limit: 1000 },
        FolderFailure::NoFiles { name: "fotos".into() },
        FolderFailure::TooManyFiles { name: "fotos.zip".into(), files: 200001, limit: 200000 },
        FolderFailure::ZipUnreadable { name: "roto.zip".into(), detail: "invalid Zip archive".into() },
        FolderFailure::Cancelled,
    ];
    let said = layouts
        .iter()
        .map(|l| (serde_json::to_value(l).unwrap(), l.english()))
        .chain(notes.iter().map(|n| (serde_json::to_value(n).unwrap(), n.english())))
        .chain(failures.iter().map(|f| (serde_json::to_value(f).unwrap(), f.english())));
    let mut seen = BTreeSet::new();
    for (json, words) in said {
        seen.insert(holds(&catalogues, &json, &words));
    }
    let declared = declared_ids("src/data/notes.rs");
    let notes: BTreeSet<String> = declared.into_iter().filter(|id| !id.starts_with("skip-")).collect();
    assert_eq!(seen, notes, "a sample of every note");
    assert_eq!(LayoutNote::percent(0.2), 20.0);
    assert_eq!(LayoutNote::percent(0.125), 12.5);
}

#[test]
fn every_skip_reason_is_the_english_catalogues_words() {
    let catalogues = (catalogue("en"), catalogue("es"));
    let detail = || "JPEG: unexpected end of file".to_string();
    let notes = [
        SkipNote::Empty,
        SkipNote::NotImage,
        SkipNote::Unsupported { format: "HEIC".into() },
        SkipNote::TooManyPixels { width: 9000, height: 8000, limit: 64 },
        SkipNote::FileTooLarge { megabytes: "70.5".into(), limit: 64 },
        SkipNote::Corrupt { detail: detail() },
        SkipNote::Unreadable { detail: "NotReadableError".into() },
        SkipNote::NeverRead,
        SkipNote::ZipTooLarge { megabytes: 64, limit: 64 },
        SkipNote::ZipEncrypted,
        SkipNote::ZipMethod { method: "LZMA".into() },
        SkipNote::ZipUnsupported { detail: "multi-disk archive".into() },
        SkipNote::ZipCorrupt { detail: "invalid checksum".into() },
        SkipNote::LooseInSplit { split: "train".into() },
        SkipNote::NotASplit { folder: "extras".into() },
        SkipNote::OutsideSplits,
        SkipNote::OutsideClass,
    ];
    let mut seen = BTreeSet::new();
    for note in &notes {
        seen.insert(holds(&catalogues, &serde_json::to_value(note).unwrap(), &note.english()));
    }
    let declared = declared_ids("src/data/notes.rs");
    let skips: BTreeSet<String> = declared.into_iter().filter(|id| id.starts_with("skip-")).collect();
    assert_eq!(seen, skips, "a sample of every skip reason");
    // A decoder's refusal is said as its note.
    let skip = decode_resized(&[], 32, false).unwrap_err();
    assert_eq!(SkipNote::from(&skip), SkipNote::Empty);
    assert_eq!(skip.to_string(), "empty file (0 bytes)");
}
