//! Native tests of `aula::model`, one file per module.

#[path = "../common/mod.rs"]
mod common;

mod batch_norm;
mod init;
mod inspect;
mod matmul;
mod network;
