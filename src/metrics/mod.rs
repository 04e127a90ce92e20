//! The Prometheus exposition formats: reading them (probes that scrape), selecting series, and
//! writing them (reports). Imports nothing of the engine but [`crate::pattern`].

pub mod format;
pub mod parse;
pub mod selector;
pub mod write;

pub use format::Format;
pub use parse::{Exposition, ParseError, Sample, parse, parse_keeping};
pub use selector::Selector;
