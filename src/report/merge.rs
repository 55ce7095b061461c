//! The teacher's page: runs files handed in by the shards of one grid gathered into the grid,
//! as if one page had run it. A file of another grid, or of the same grid over another
//! folder, is refused by name, whole; a combination that arrived twice is kept and named; the
//! combinations no file brought are listed.

use serde::Serialize;

use super::runs::StoredRun;
use crate::config::shard::GridIdentity;

#[derive(Serialize, Debug, Default)]
pub struct MergedGrid {
    /// The grid the runs belong to (the first file's, unless one was given).
    pub identity: Option<GridIdentity>,
    /// Every run kept, duplicates included.
    pub runs: Vec<StoredRun>,
    /// The files whose runs were taken.
    pub files: Vec<String>,
    /// `file: why`, for each file refused.
    pub refused: Vec<String>,
    /// Which files were refused, by their place in the list given (two files may share a name).
    pub refused_files: Vec<usize>,
    /// Combinations (numbered from 1) with no run for some seed.
    pub missing: Vec<usize>,
    /// Combinations (numbered from 1) with a seed that arrived more than once.
    pub duplicates: Vec<usize>,
}

fn identity_of(run: &StoredRun) -> Option<&GridIdentity> {
    run.grid.as_ref().and_then(|g| g.identity.as_ref())
}

/// Why the runs of `file` do not belong to `target`, if they do not.
fn refusal(file: &str, runs: &[StoredRun], target: &GridIdentity) -> Option<String> {
    if runs.is_empty() {
        return Some(format!("{file}: it holds no runs"));
    }
    for run in runs {
        let Some(identity) = identity_of(run) else {
            return Some(format!("{file}: run '{}' is not part of a grid that names itself", run.name));
        };
        if identity.grid != target.grid {
            return Some(format!(
                "{file}: its runs are of another grid ({}), not this one ({})",
                identity.grid, target.grid
            ));
        }
        if identity.data != target.data {
            return Some(format!(
                "{file}: the same grid, but trained on other data ({}, this grid's is {})",
                shown_data(&identity.data),
                shown_data(&target.data)
            ));
        }
    }
    None
}

fn shown_data(data: &str) -> String {
    match data.strip_prefix("folder:").and_then(|rest| rest.split_once(':')) {
        Some((files, hash)) => format!("a folder of {files} files, fingerprint {hash}"),
        None => data.to_string(),
    }
}

/// The grid most of `files` belong to (by their first grid run; the earliest on a tie), so a
/// stray file dropped first does not turn the class's files away.
fn most_shared(files: &[(String, Vec<StoredRun>)]) -> Option<GridIdentity> {
    let firsts: Vec<&GridIdentity> =
        files.iter().filter_map(|(_, runs)| runs.iter().find_map(identity_of)).collect();
    let count = |id: &GridIdentity| firsts.iter().filter(|other| other.id == id.id).count();
    let most = firsts.iter().map(|id| count(id)).max()?;
    firsts.iter().find(|id| count(id) == most).map(|id| (*id).clone())
}

/// Gathers `files` (`(name, runs)`, as `parse_runs` read them) into one grid: `into`'s, or
/// the one most of the files belong to.
pub fn merge_files(files: Vec<(String, Vec<StoredRun>)>, into: Option<GridIdentity>) -> MergedGrid {
    let target = into.or_else(|| most_shared(&files));
    let mut merged = MergedGrid { identity: target.clone(), ..Default::default() };
    let Some(target) = target else {
        merged.refused =
            files.iter().map(|(name, _)| format!("{name}: no run in it is part of a grid")).collect();
        merged.refused_files = (0..files.len()).collect();
        return merged;
    };
    for (index, (name, runs)) in files.into_iter().enumerate() {
        match refusal(&name, &runs, &target) {
            Some(why) => {
                merged.refused.push(why);
                merged.refused_files.push(index);
            }
            None => {
                merged.runs.extend(runs);
                merged.files.push(name);
            }
        }
    }
    let mut seen = vec![0usize; target.combinations.saturating_mul(target.repeats)];
    for run in &merged.runs {
        if let Some(place) = &run.grid
            && place.combination < target.combinations
            && place.repeat < target.repeats
        {
            seen[place.combination * target.repeats + place.repeat] += 1;
        }
    }
    for combination in 0..target.combinations {
        let seeds = &seen[combination * target.repeats..(combination + 1) * target.repeats];
        if seeds.contains(&0) {
            merged.missing.push(combination + 1);
        }
        if seeds.iter().any(|&n| n > 1) {
            merged.duplicates.push(combination + 1);
        }
    }
    merged
}

/// Runs files as text (`(name, text)`): each read as an import reads it (a file that is not a
/// valid runs file is refused with why), then merged.
pub fn merge_texts(files: Vec<(String, String)>, into: Option<GridIdentity>) -> MergedGrid {
    let mut unreadable = Vec::new();
    let mut read = Vec::new();
    let mut places = Vec::new(); // each read file's place in `files`
    for (index, (name, text)) in files.into_iter().enumerate() {
        match super::runs::parse_runs(&text) {
            Ok(runs) => {
                read.push((name, runs));
                places.push(index);
            }
            Err(e) => unreadable.push((index, format!("{name}: {e}"))),
        }
    }
    let mut merged = merge_files(read, into);
    merged.refused_files = merged.refused_files.iter().map(|&i| places[i]).collect();
    merged.refused.splice(0..0, unreadable.iter().map(|(_, why)| why.clone()));
    merged.refused_files.splice(0..0, unreadable.iter().map(|&(index, _)| index));
    merged
}
