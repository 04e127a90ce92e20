//! [`TextRule`] for the suite as data (`crate::suite::data`): a JSON rule is written with the text
//! of its path, which is parsed again when read.

use serde::{Deserialize, Serialize};

use super::{JsonTest, TextRule, ValueCheck};
use crate::pattern::{JsonPath, Regex};
use crate::serde_text::{opt_regex_text, regex_text};

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
        #[serde(with = "opt_regex_text")]
        excluding: Option<Regex>,
        check: ValueCheck,
    },
    Number(ValueCheck),
    Field(super::Field),
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
            TextRule::Lines {
                matching,
                excluding,
                check,
            } => TextRuleData::Lines {
                matching,
                excluding,
                check,
            },
            TextRule::Number(check) => TextRuleData::Number(check),
            TextRule::Field(f) => TextRuleData::Field(f),
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
            TextRuleData::Lines {
                matching,
                excluding,
                check,
            } => TextRule::Lines {
                matching,
                excluding,
                check,
            },
            TextRuleData::Number(check) => TextRule::Number(check),
            TextRuleData::Field(f) => TextRule::Field(f),
            TextRuleData::Json { path_text, test } => TextRule::Json {
                path: JsonPath::parse(&path_text).map_err(|e| e.to_string())?,
                path_text,
                test,
            },
        })
    }
}
