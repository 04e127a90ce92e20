//! The suite as data: how a validated suite is written into a compiled probe and read back when
//! it starts (`crate::compile::payload`).
//!
//! Every model type derives serde's traits and postcard writes them compactly, without field
//! names; nothing is written that the probe could not rebuild exactly. Values of other crates
//! (regular expressions, JSONPath, JSON values, HTTP methods and header names) and selectors are
//! written as the text they were parsed from and rebuilt with the parsers the loader used, so
//! the probe's suite is the loaded one field for field (`--dump-suite` shows it).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::expect::{JsonTest, TextRule, ValueCheck};
use crate::metrics::Selector;
use crate::pattern::{JsonPath, Regex};

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

impl Serialize for Selector {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Selector {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Selector, D::Error> {
        let text = String::deserialize(d)?;
        Selector::parse(&text).map_err(|(_, e)| D::Error::custom(e))
    }
}

/// [`TextRule`] as written: a JSON rule keeps the text of its path, which is parsed again.
#[derive(Serialize, Deserialize)]
pub enum TextRuleData {
    Contains(String),
    NotContains(String),
    Equals(String),
    Trimmed(String),
    Matches(#[serde(with = "regex_text")] Regex),
    NotMatches(#[serde(with = "regex_text")] Regex),
    Lines {
        #[serde(with = "opt_regex_text")]
        matching: Option<Regex>,
        check: ValueCheck,
    },
    Number(ValueCheck),
    Json {
        path_text: String,
        test: JsonTest,
    },
}

impl From<TextRule> for TextRuleData {
    fn from(rule: TextRule) -> TextRuleData {
        match rule {
            TextRule::Contains(s) => TextRuleData::Contains(s),
            TextRule::NotContains(s) => TextRuleData::NotContains(s),
            TextRule::Equals(s) => TextRuleData::Equals(s),
            TextRule::Trimmed(s) => TextRuleData::Trimmed(s),
            TextRule::Matches(re) => TextRuleData::Matches(re),
            TextRule::NotMatches(re) => TextRuleData::NotMatches(re),
            TextRule::Lines { matching, check } => TextRuleData::Lines { matching, check },
            TextRule::Number(check) => TextRuleData::Number(check),
            TextRule::Json {
                path_text,
                path: _,
                test,
            } => TextRuleData::Json { path_text, test },
        }
    }
}

impl TryFrom<TextRuleData> for TextRule {
    type Error = String;

    fn try_from(data: TextRuleData) -> Result<TextRule, String> {
        Ok(match data {
            TextRuleData::Contains(s) => TextRule::Contains(s),
            TextRuleData::NotContains(s) => TextRule::NotContains(s),
            TextRuleData::Equals(s) => TextRule::Equals(s),
            TextRuleData::Trimmed(s) => TextRule::Trimmed(s),
            TextRuleData::Matches(re) => TextRule::Matches(re),
            TextRuleData::NotMatches(re) => TextRule::NotMatches(re),
            TextRuleData::Lines { matching, check } => TextRule::Lines { matching, check },
            TextRuleData::Number(check) => TextRule::Number(check),
            TextRuleData::Json { path_text, test } => TextRule::Json {
                path: JsonPath::parse(&path_text).map_err(|e| e.to_string())?,
                path_text,
                test,
            },
        })
    }
}
