//! Values of other crates, for serde, as the text they were parsed from: the suite as data
//! (`crate::suite::data`) writes them so, and a probe parses them again at start with the parsers
//! the loader used. `#[serde(with = "crate::serde_text::regex_text")]` and the like.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::pattern::Regex;

/// `#[serde(with = "regex_text")]`: a regular expression as its source.
pub mod regex_text {
    use super::*;

    pub fn serialize<S: Serializer>(re: &Regex, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(re.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Regex, D::Error> {
        let text = String::deserialize(d)?;
        Regex::new(&text).map_err(D::Error::custom)
    }
}

/// `#[serde(with = "opt_regex_text")]`: an optional regular expression as its source.
pub mod opt_regex_text {
    use super::*;

    pub fn serialize<S: Serializer>(re: &Option<Regex>, s: S) -> Result<S::Ok, S::Error> {
        re.as_ref().map(Regex::as_str).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Regex>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| Regex::new(&text).map_err(D::Error::custom))
            .transpose()
    }
}

/// `#[serde(with = "json_text")]`: a JSON value as JSON text (postcard cannot carry a value
/// whose shape only the value itself knows).
pub mod json_text {
    use super::*;

    pub fn serialize<S: Serializer>(v: &serde_json::Value, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
        let text = String::deserialize(d)?;
        // JSON values are compared only by `json:` rules, which need JSONPath: a probe without
        // it links no JSON parser.
        #[cfg(feature = "jsonpath")]
        return serde_json::from_str(&text).map_err(D::Error::custom);
        #[cfg(not(feature = "jsonpath"))]
        return Err(D::Error::custom(format!(
            "the JSON value {text} needs JSONPath, which this probe was built without"
        )));
    }
}

/// `#[serde(with = "method_text")]`: an HTTP method by name.
pub mod method_text {
    use super::*;

    pub fn serialize<S: Serializer>(m: &http::Method, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(m.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<http::Method, D::Error> {
        let text = String::deserialize(d)?;
        http::Method::from_bytes(text.as_bytes()).map_err(D::Error::custom)
    }
}
