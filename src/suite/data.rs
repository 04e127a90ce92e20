//! The suite as data: how a validated suite is written into a compiled probe and read back when
//! it starts (`crate::compile::payload`).
//!
//! Every model type derives serde's traits and postcard writes them compactly, without field
//! names; nothing is written that the probe could not rebuild exactly. Values of other crates
//! (regular expressions, JSONPath, JSON values, HTTP methods and header names) and selectors are
//! written as the text they were parsed from and rebuilt with the parsers the loader used
//! (`crate::serde_text`, the `Selector` and `TextRule` impls beside their types), so the probe's
//! suite is the loaded one field for field (`--dump-suite` shows it).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

/// `#[serde(with = "header_list")]`: request headers, each name as its text.
pub mod header_list {
    use super::*;
    use crate::suite::EnvString;

    type Headers = Vec<(http::HeaderName, EnvString)>;

    pub fn serialize<S: Serializer>(headers: &Headers, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(headers.iter().map(|(name, value)| (name.as_str(), value)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Headers, D::Error> {
        Vec::<(String, EnvString)>::deserialize(d)?
            .into_iter()
            .map(|(name, value)| {
                http::HeaderName::from_bytes(name.as_bytes())
                    .map(|n| (n, value))
                    .map_err(D::Error::custom)
            })
            .collect()
    }
}
