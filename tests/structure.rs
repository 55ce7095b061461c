//! The tree reads as the flow: domain files (data, model, train, report, inference, config)
//! never know the worker's wire shapes (`protocol.rs`), and the worker's modules import from
//! their siblings (the host context among them), never back from the dispatcher `mod.rs`.
use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Lines of code (not comments) of `file` that name `needle`.
fn naming(file: &Path, needle: &str) -> Vec<String> {
    fs::read_to_string(file)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//") && l.contains(needle))
        .map(|l| format!("{}: {}", file.display(), l.trim()))
        .collect()
}

#[test]
fn no_domain_file_imports_the_wire_shapes() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for stage in ["config", "data", "model", "train", "report", "inference"] {
        let dir = src.join(stage);
        let files = if dir.is_dir() { rust_files(&dir) } else { vec![src.join(format!("{stage}.rs"))] };
        for file in files {
            found.extend(naming(&file, "protocol::"));
        }
    }
    assert!(found.is_empty(), "domain files importing protocol:\n{}", found.join("\n"));
}

#[test]
fn worker_modules_import_siblings_not_the_dispatcher() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web/worker");
    let siblings: Vec<String> = rust_files(&dir)
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|s| s != "mod")
        .collect();
    assert!(siblings.iter().any(|s| s == "host"), "the host context is a module of its own");
    let mut upward = Vec::new();
    for file in rust_files(&dir).into_iter().filter(|p| !p.ends_with("mod.rs")) {
        for line in naming(&file, "super::") {
            let after = line.split("super::").skip(1);
            for rest in after {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !siblings.contains(&name) {
                    upward.push(line.clone());
                }
            }
        }
    }
    assert!(upward.is_empty(), "imports from the dispatcher:\n{}", upward.join("\n"));
}
