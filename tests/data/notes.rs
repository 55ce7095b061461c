//! A folder's layout and warnings are messages of the page's catalogues: each note names a
//! message both catalogues have, and its `english()` (the summary's own text) is what the
//! English catalogue makes of the same arguments.

use std::collections::BTreeSet;

use aula::data::notes::{FolderNote, LayoutNote};

use crate::common::catalogue::{catalogue, declared_ids, formatted};

#[test]
fn every_layout_and_warning_is_the_english_catalogues_words() {
    let (english, spanish) = (catalogue("en"), catalogue("es"));
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
    let said = layouts
        .iter()
        .map(|l| (serde_json::to_value(l).unwrap(), l.english()))
        .chain(notes.iter().map(|n| (serde_json::to_value(n).unwrap(), n.english())));
    let mut seen = BTreeSet::new();
    for (json, words) in said {
        assert_eq!(formatted(&english, &json), words, "{json}");
        assert_ne!(formatted(&spanish, &json), words, "{json}: the Spanish catalogue has its own words");
        seen.insert(json["id"].as_str().unwrap().to_string());
    }
    assert_eq!(seen, declared_ids("src/data/notes.rs"), "a sample of every note");
    assert_eq!(LayoutNote::percent(0.2), 20.0);
    assert_eq!(LayoutNote::percent(0.125), 12.5);
}
