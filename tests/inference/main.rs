//! Native tests of `aula::inference`, one file per module.

#[path = "../common/mod.rs"]
mod common;

mod export;
mod file;
mod predict;
