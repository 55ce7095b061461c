//! Which file of a dropped folder is which: class and split, from the paths alone.
//!
//! Two layouts are understood, like torchvision's `ImageFolder` and the usual Kaggle trees:
//! `class/.../file` (flat: split later, seeded) and `train|val|test/class/.../file` (split
//! folders, honoured as given). Hidden and system files are ignored and only counted.

use serde::{Deserialize, Serialize};

use super::notes::SkipNote;

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    Train,
    Val,
    Test,
}

impl Split {
    /// The folder name a user would recognise in messages.
    pub fn folder(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Val => "val",
            Split::Test => "test",
        }
    }
}

/// A file that belongs to a class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// Index into the input paths.
    pub file: usize,
    /// Index into `Layout::classes`.
    pub class: usize,
    /// `None` in the flat layout: the split is drawn later.
    pub split: Option<Split>,
}

/// A file that is not ignored but has no class, e.g. a README at the root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outside {
    pub file: usize,
    pub note: SkipNote,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// Sorted by name (byte order), as torchvision's `ImageFolder` numbers its classes.
    pub classes: Vec<String>,
    /// In input order.
    pub files: Vec<Placed>,
    /// Hidden and system files: counted, not listed.
    pub ignored: usize,
    pub outside: Vec<Outside>,
    /// True when `train/`, `val/` or `test/` folders were found at the top.
    pub split_folders: bool,
    /// The leading folders every file shares and the layout drops (the chosen folder's own
    /// name, a zip's wrapper folders), joined with `/`; empty when none is dropped.
    pub root: String,
}

/// Top folder names that are splits (any case), and the split each stands for.
pub const SPLIT_FOLDERS: [(&str, Split); 5] = [
    ("train", Split::Train),
    ("val", Split::Val),
    ("valid", Split::Val),
    ("validation", Split::Val),
    ("test", Split::Test),
];
/// Windows' folder metadata files, ignored (any case), as dotfiles are.
pub const SYSTEM_FILES: [&str; 3] = ["Thumbs.db", "desktop.ini", "ehthumbs.db"];
/// Folders of macOS resource forks, ignored (any case), as dot-folders are.
pub const RESOURCE_FORKS: [&str; 1] = ["__MACOSX"];

/// The rules above as data, for the PyTorch export's `data.py`, which applies them as `plan`
/// does (the Python tests check it gives `plan`'s answers).
#[derive(Serialize, Clone, Debug)]
pub struct Rules {
    pub split_folders: std::collections::BTreeMap<&'static str, Split>,
    pub system_files: [&'static str; 3],
    pub resource_forks: [&'static str; 1],
}

pub fn rules() -> Rules {
    Rules {
        split_folders: SPLIT_FOLDERS.into_iter().collect(),
        system_files: SYSTEM_FILES,
        resource_forks: RESOURCE_FORKS,
    }
}

/// The split a top folder name stands for, case-insensitively.
pub fn split_of(folder: &str) -> Option<Split> {
    SPLIT_FOLDERS.iter().find(|(name, _)| folder.eq_ignore_ascii_case(name)).map(|&(_, split)| split)
}

/// Dotfiles, dot-folders, macOS resource forks and Windows' folder metadata.
fn is_hidden_or_system(parts: &[&str]) -> bool {
    parts
        .iter()
        .any(|part| part.starts_with('.') || RESOURCE_FORKS.iter().any(|f| part.eq_ignore_ascii_case(f)))
        || parts.last().is_some_and(|name| SYSTEM_FILES.iter().any(|f| name.eq_ignore_ascii_case(f)))
}

/// A path's folder and file names: `/` and `\` both separate, empty and `.` parts are dropped.
fn components(path: &str) -> Vec<&str> {
    path.split(['/', '\\']).filter(|part| !part.is_empty() && *part != ".").collect()
}

/// `path` relative to the layout's `root` (`/`-separated): what the PyTorch export's
/// `split.json` lists, so `DATA_DIR/<path>` is the file whatever way the folder was chosen.
pub fn relative(path: &str, root: &str) -> String {
    let skip = components(root).len();
    components(path).get(skip..).unwrap_or_default().join("/")
}

pub fn plan(paths: &[String]) -> Layout {
    let mut layout = Layout::default();
    // (input index, path components) of the files that count.
    let mut kept: Vec<(usize, Vec<&str>)> = Vec::with_capacity(paths.len());
    for (file, path) in paths.iter().enumerate() {
        let parts = components(path);
        if parts.is_empty() || is_hidden_or_system(&parts) {
            layout.ignored += 1;
        } else {
            kept.push((file, parts));
        }
    }

    // Drop the chosen folder's name (a folder upload) or a zip's single top folder: while all
    // files share it and some file sits deeper than `class/file`. A split name is never dropped.
    let mut depth = 0;
    while let Some(&top) = kept.first().and_then(|(_, first)| first.get(depth)) {
        let shared = kept.iter().all(|(_, parts)| parts.len() > depth + 1 && parts[depth] == top);
        let deeper = kept.iter().any(|(_, parts)| parts.len() >= depth + 3);
        if !shared || !deeper || split_of(top).is_some() {
            break;
        }
        depth += 1;
    }
    if let Some((_, first)) = kept.first() {
        layout.root = first[..depth].join("/");
    }

    layout.split_folders =
        kept.iter().any(|(_, parts)| parts.len() - depth >= 2 && split_of(parts[depth]).is_some());

    // (file, class name, split) before the classes are numbered.
    let mut named: Vec<(usize, &str, Option<Split>)> = Vec::with_capacity(kept.len());
    for (file, parts) in &kept {
        let parts = &parts[depth..];
        if layout.split_folders {
            match (split_of(parts[0]), parts.len()) {
                (Some(split), 3..) => named.push((*file, parts[1], Some(split))),
                (Some(_), 2) => layout.outside.push(Outside {
                    file: *file,
                    note: SkipNote::LooseInSplit { split: parts[0].to_string() },
                }),
                (None, 2..) => layout.outside.push(Outside {
                    file: *file,
                    note: SkipNote::NotASplit { folder: parts[0].to_string() },
                }),
                _ => layout.outside.push(Outside { file: *file, note: SkipNote::OutsideSplits }),
            }
        } else if parts.len() >= 2 {
            named.push((*file, parts[0], None));
        } else {
            layout.outside.push(Outside { file: *file, note: SkipNote::OutsideClass });
        }
    }

    let mut classes: Vec<&str> = named.iter().map(|(_, class, _)| *class).collect();
    classes.sort_unstable();
    classes.dedup();
    layout.files = named
        .iter()
        .map(|&(file, class, split)| Placed {
            file,
            class: classes.binary_search(&class).expect("class was collected above"),
            split,
        })
        .collect();
    layout.classes = classes.into_iter().map(str::to_string).collect();
    layout
}
