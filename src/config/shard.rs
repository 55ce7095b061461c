//! A grid split across a classroom: shard `k` of `n` runs the combinations numbered k, k+n,
//! k+2n, … (numbered from 1 in the grid's fixed order), with the grid's own seeds, so any
//! split of the same grid runs each combination exactly once. A link carries `shard=k/n`, or
//! `shard=n` alone, and then the page asks for the seat number.
//!
//! A grid's identity names it across pages: its spec, its repeats, the settings every run
//! shares (the seed among them) and a fingerprint of its data. Runs files of one identity are
//! merged on the teacher's page; others are refused by name.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::grid::{GridPlan, GridProblem, MAX_RUNS};

/// Seats a grid may be split across: no more than it may have runs.
pub const MAX_SHARDS: usize = MAX_RUNS;

/// `shard=k/n` as the URL writes it; `seat` is None for `shard=n` alone (ask for the seat).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub seat: Option<usize>,
    pub of: usize,
}

impl Shard {
    pub fn parse(text: &str) -> Result<Self, GridProblem> {
        let text = text.trim();
        let number = |s: &str| s.trim().parse::<usize>().map_err(|_| s.trim().to_string());
        let (seat, of) = match text.split_once('/') {
            Some((k, n)) => (
                Some(number(k).map_err(|text| GridProblem::SeatNotNumber { text })?),
                number(n).map_err(|text| GridProblem::ShardsNotNumber { text })?,
            ),
            None => (None, number(text).map_err(|text| GridProblem::ShardsNotNumber { text })?),
        };
        let shard = Self { seat, of };
        shard.check()?;
        Ok(shard)
    }

    pub fn check(&self) -> Result<(), GridProblem> {
        if !(1..=MAX_SHARDS).contains(&self.of) {
            return Err(GridProblem::ShardCount { max: MAX_SHARDS, got: self.of });
        }
        match self.seat {
            Some(k) if !(1..=self.of).contains(&k) => Err(GridProblem::Seat { of: self.of, got: k }),
            _ => Ok(()),
        }
    }

    /// `k/n`, or `n` while the seat is not known.
    pub fn text(&self) -> String {
        match self.seat {
            Some(k) => format!("{k}/{}", self.of),
            None => self.of.to_string(),
        }
    }

    /// Whether this shard runs the combination at `index` (0-based, the grid's order).
    pub fn runs(&self, index: usize) -> bool {
        self.seat.is_some_and(|k| index % self.of == k - 1)
    }

    /// The combinations it runs of a grid of `combinations`, numbered from 1.
    pub fn numbers(&self, combinations: usize) -> Vec<usize> {
        (0..combinations).filter(|&i| self.runs(i)).map(|i| i + 1).collect()
    }

    /// `plan` cut to this shard's runs (every seed of each of its combinations).
    pub fn cut(&self, mut plan: GridPlan) -> Result<GridPlan, GridProblem> {
        let seat = self.seat.ok_or(GridProblem::WhichSeat)?;
        if seat > plan.combinations {
            return Err(GridProblem::SeatEmpty { seat, of: self.of, combinations: plan.combinations });
        }
        plan.runs.retain(|run| self.runs(run.combination));
        Ok(plan)
    }
}

/// What names a grid across pages. `grid` hashes the spec, repeats and shared settings;
/// `data` names the data (`demo`, or a folder's fingerprint); `id` is both.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct GridIdentity {
    pub id: String,
    pub grid: String,
    pub data: String,
    pub combinations: usize,
    pub repeats: usize,
}

/// Hex of the first 8 bytes of SHA-256 over `parts`, each length-prefixed so no two lists
/// of parts read the same.
fn digest<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    }
    hash.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect()
}

impl GridIdentity {
    /// The identity of `plan` (from `spec`, run `repeats` times) over the data `data`.
    pub fn of(spec: &str, plan: &GridPlan, repeats: usize, data: &str) -> Self {
        let grid =
            super::grid::Grid::parse(spec).map(|g| g.text()).unwrap_or_else(|_| spec.trim().to_string());
        let mut fixed: Vec<String> = plan.fixed.iter().map(|(k, v)| format!("{k}={v}")).collect();
        fixed.sort();
        let repeats_text = repeats.to_string();
        let grid_hash = digest(
            [grid.as_str(), repeats_text.as_str()].into_iter().chain(fixed.iter().map(String::as_str)),
        );
        Self {
            id: format!("{grid_hash}-{}", digest([data])),
            grid: grid_hash,
            data: data.to_string(),
            combinations: plan.combinations,
            repeats,
        }
    }
}

/// The data a grid ran on: `demo`, or for a folder `folder:` and a hash of its files (each
/// path and size, sorted), so the same folder on another laptop has the same fingerprint.
pub fn data_fingerprint(files: &[(String, u64)]) -> String {
    if files.is_empty() {
        return "demo".into();
    }
    let mut sorted: Vec<String> = files.iter().map(|(path, size)| format!("{path}\t{size}")).collect();
    sorted.sort();
    format!("folder:{}:{}", files.len(), digest(sorted.iter().map(String::as_str)))
}
