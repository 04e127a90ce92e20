//! Suite files: loading with positions, templating, validation, and the typed model.

pub mod diagnostic;
pub mod env;
mod load;
mod load_check;
pub mod model;
pub mod template;
pub mod units;
pub mod yaml;

pub use diagnostic::{Diagnostic, Span, SuiteError};
pub use load::{LoadError, LoadOptions, MAX_SUITE_BYTES, load_bytes, load_file};
pub use model::*;

/// The JSON Schema of the suite format (`probekit schema`).
pub const SCHEMA: &str = include_str!("../../schemas/suite.schema.json");
