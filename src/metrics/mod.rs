//! The Prometheus exposition formats: reading them (probes that scrape), selecting series, and
//! writing them (reports). Imports nothing of the engine but [`crate::pattern`].

pub mod exposition;
pub mod format;
pub mod parse;
pub mod selector;
pub mod write;

pub use format::Format;
pub use parse::{Exposition, Label, ParseError, Sample, SampleRef, Summary, parse, parse_each};
pub use selector::Selector;
