//! Native tests of `aula::train`, one file per module.

#[path = "../common/mod.rs"]
mod common;

mod callbacks;
mod event;
mod fit;
mod optimizer;
mod schedule;
mod stage;
