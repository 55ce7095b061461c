//! A grid split into shards across pages and merged back: each combination run once by any
//! split, one identity per grid and data, files of another grid or folder refused by name.
use aula::config::TrainConfig;
use aula::config::grid::Grid;
use aula::config::shard::{GridIdentity, Shard, data_fingerprint};
use aula::report::merge::merge_files;
use aula::report::runs::{GridPlace, StoredRun, parse_runs};

use super::runs::{file, run};

const SPEC: &str = "lr=0.001,0.003,0.01; batch_size=32,64; dropout=0,0.3";

fn identity(data: &str) -> GridIdentity {
    let plan = Grid::parse(SPEC).unwrap().plan(&TrainConfig::default(), 1).unwrap();
    GridIdentity::of(SPEC, &plan, 1, data)
}

#[test]
fn any_split_runs_each_combination_once() {
    let plan = Grid::parse(SPEC).unwrap().plan(&TrainConfig::default(), 2).unwrap();
    assert_eq!(plan.combinations, 12);
    for n in [1, 2, 3, 5, 12, 30] {
        let mut runs: Vec<(usize, usize, u64)> = Vec::new();
        for k in 1..=n {
            match (Shard { seat: Some(k), of: n }).cut(plan.clone()) {
                Ok(cut) => runs.extend(cut.runs.iter().map(|r| (r.combination, r.repeat, r.config.seed))),
                Err(e) => assert!(k > 12 && e.english().contains("none to run"), "{k}/{n}: {e}"),
            }
        }
        runs.sort();
        let whole: Vec<_> = plan.runs.iter().map(|r| (r.combination, r.repeat, r.config.seed)).collect();
        assert_eq!(runs, whole, "{n} shards: every run once, with the grid's seeds");
    }
    let third = Shard::parse("3/5").unwrap();
    assert_eq!(third.numbers(12), vec![3, 8]);
    assert_eq!(Shard::parse("30").unwrap(), Shard { seat: None, of: 30 });
    assert!(Shard { seat: None, of: 30 }.cut(plan).unwrap_err().english().contains("which seat"));
    for bad in ["0/3", "4/3", "3/0", "a/3", "2/x", ""] {
        assert!(Shard::parse(bad).is_err(), "{bad} is refused");
    }
}

#[test]
fn a_grid_is_named_by_its_spec_settings_and_data() {
    let demo = identity("demo");
    assert_eq!(demo, identity("demo"), "the same on every page");
    // The same grid written with other spacing is the same grid.
    let spaced = "lr = 0.001,0.003,0.01 ;batch_size=32,64;dropout=0,0.3";
    let plan = Grid::parse(spaced).unwrap().plan(&TrainConfig::default(), 1).unwrap();
    assert_eq!(GridIdentity::of(spaced, &plan, 1, "demo").id, demo.id);
    let other_seed = TrainConfig { seed: 7, ..TrainConfig::default() };
    let plan = Grid::parse(SPEC).unwrap().plan(&other_seed, 1).unwrap();
    assert_ne!(GridIdentity::of(SPEC, &plan, 1, "demo").grid, demo.grid, "another seed, another grid");
    let files = vec![("b/x.jpg".to_string(), 10), ("a/y.jpg".to_string(), 20)];
    let reordered = vec![files[1].clone(), files[0].clone()];
    assert_eq!(
        data_fingerprint(&files),
        data_fingerprint(&reordered),
        "the order files come in does not matter"
    );
    assert_ne!(data_fingerprint(&files), data_fingerprint(&[("b/x.jpg".into(), 11), ("a/y.jpg".into(), 20)]));
    assert_eq!(data_fingerprint(&[]), "demo");
}

fn grid_run(combination: usize, identity: &GridIdentity) -> StoredRun {
    let mut r = run(&format!("combination {}", combination + 1), 0.001, &[0.5], 1);
    r.grid = Some(GridPlace {
        grid: "g".into(),
        combination,
        repeat: 0,
        repeats: 1,
        identity: Some(identity.clone()),
    });
    r
}

#[test]
fn shards_merge_into_their_grid_and_strangers_are_refused_by_name() {
    let grid = identity("demo");
    let shard = |k: usize| -> Vec<StoredRun> {
        (0..12).filter(|c| c % 3 == k - 1).map(|c| grid_run(c, &grid)).collect()
    };
    // Through the runs file, as a student hands it in.
    let handed = |runs: &[StoredRun]| parse_runs(&file(runs)).unwrap();
    let folder = identity(&data_fingerprint(&[("cat/1.jpg".into(), 5)]));
    let merged = merge_files(
        vec![
            ("shard-1.json".into(), handed(&shard(1))),
            ("shard-2.json".into(), handed(&shard(2))),
            ("other-folder.json".into(), handed(&[grid_run(2, &folder)])),
            ("shard-2-again.json".into(), handed(&shard(2)[..1])),
        ],
        None,
    );
    assert_eq!(merged.files, ["shard-1.json", "shard-2.json", "shard-2-again.json"]);
    assert_eq!(merged.refused.len(), 1);
    assert_eq!(merged.refused_files, [2], "by its place: two files may share a name");
    assert!(
        merged.refused[0]
            .starts_with("other-folder.json: the same grid, but trained on other data (a folder of 1 files"),
        "{:?}",
        merged.refused
    );
    assert_eq!(merged.missing, vec![3, 6, 9, 12], "shard 3 has not arrived");
    assert_eq!(merged.duplicates, vec![2], "combination 2 came twice");
    assert_eq!(merged.runs.len(), 4 + 4 + 1);

    let whole = merge_files((1..=3).map(|k| (format!("shard-{k}.json"), shard(k))).collect(), None);
    assert!(whole.missing.is_empty() && whole.duplicates.is_empty() && whole.refused.is_empty());
    assert_eq!(whole.runs.len(), 12);

    let other_spec = "lr=0.1,0.2";
    let plan = Grid::parse(other_spec).unwrap().plan(&TrainConfig::default(), 1).unwrap();
    let stranger = GridIdentity::of(other_spec, &plan, 1, "demo");
    let refused =
        merge_files(vec![("stranger.json".into(), vec![grid_run(0, &stranger)])], Some(grid.clone()));
    assert!(
        refused.refused[0].starts_with("stranger.json: its runs are of another grid"),
        "{:?}",
        refused.refused
    );
    assert!(refused.runs.is_empty());

    // A stray file dropped first is not the grid: the one most files belong to is.
    let stray_first = merge_files(
        vec![
            ("last-week.json".into(), vec![grid_run(0, &stranger)]),
            ("shard-1.json".into(), shard(1)),
            ("shard-2.json".into(), shard(2)),
        ],
        None,
    );
    assert_eq!(stray_first.identity.as_ref().map(|i| &i.id), Some(&grid.id));
    assert_eq!(stray_first.files, ["shard-1.json", "shard-2.json"]);
    assert_eq!(stray_first.refused_files, [0]);
}

#[test]
fn an_identity_out_of_range_is_refused_on_import() {
    let grid = identity("demo");
    let mut r = grid_run(0, &grid);
    r.grid.as_mut().unwrap().identity.as_mut().unwrap().combinations = 0;
    let e = parse_runs(&file(&[r])).unwrap_err();
    assert!(e.contains("grid.identity.combinations"), "{e}");
}

#[test]
fn a_file_that_is_not_a_runs_file_is_refused_by_name_beside_the_good_ones() {
    let grid = identity("demo");
    let good = file(&[grid_run(0, &grid)]);
    let merged = aula::report::merge::merge_texts(
        vec![("notes.txt".into(), "hello".into()), ("shard-1.json".into(), good)],
        None,
    );
    assert_eq!(merged.files, ["shard-1.json"]);
    assert!(merged.refused[0].starts_with("notes.txt: not an aula runs file"), "{:?}", merged.refused);
    assert_eq!(merged.refused_files, [0]);
    assert_eq!(merged.missing.len(), 11);
}
