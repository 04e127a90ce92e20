//! A validated suite: the model that `probekit run` and compiled probes execute. The loader
//! (`crate::load`) builds it from YAML; `probekit build` writes it out as Rust values.

pub mod args;
pub mod data;
pub mod env;
mod give_up;
mod model;
pub mod shard;

pub use args::ArgSpec;
pub use env::{EnvString, Piece};
pub use give_up::{AfterSent, GiveUp};
pub use model::*;
