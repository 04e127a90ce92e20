//! Prometheus metrics read by probes: the exposition parser and series selectors.

pub mod parse;
pub mod selector;

pub use parse::{Exposition, Format, ParseError, Sample, parse};
pub use selector::Selector;
