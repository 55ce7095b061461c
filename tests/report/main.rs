//! Native tests of `aula::report`, one file per module.

#[path = "../common/mod.rs"]
mod common;

mod charts;
mod classification;
mod histogram;
