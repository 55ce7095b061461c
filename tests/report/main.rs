//! Native tests of `aula::report`, one file per module.

mod charts;
mod classification;
mod histogram;
mod hostile_charts;
mod imports;
mod runs;
mod shards;
mod words;
