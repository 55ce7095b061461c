//! Native tests of `aula::data`, one file per module.

#[path = "../common/mod.rs"]
mod common;

mod augment;
mod batching;
mod decode;
mod demo_data;
mod folder;
mod layout;
mod normalize;
mod notes;
mod preview;
