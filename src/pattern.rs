//! Regular expressions and JSONPath, or their absence. A compiled probe whose suite has no
//! `matches`, `=~` or `json:` links neither crate (`regex` and `jsonpath` features): the
//! stand-ins below are uninhabited, so no value of them can exist and every use of one is
//! unreachable by construction.

#[cfg(feature = "regex")]
pub use regex::Regex;

#[cfg(feature = "jsonpath")]
pub use serde_json_path::JsonPath;

/// A regex as a suite's rule compiles it (with a size limit a hostile pattern cannot pass), or
/// why not, in one line (the last of the regex crate's message).
#[cfg(feature = "regex")]
pub fn compile(text: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(text)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| {
            let detail = e.to_string();
            detail
                .lines()
                .rfind(|l| !l.trim().is_empty())
                .unwrap_or("invalid")
                .trim()
                .trim_start_matches("error: ")
                .to_string()
        })
}

#[cfg(not(feature = "regex"))]
pub fn compile(text: &str) -> Result<Regex, String> {
    Regex::new(text)
}

/// A probe built without the `regex` feature has no regular expressions.
#[cfg(not(feature = "regex"))]
#[derive(Clone, Debug)]
pub enum Regex {}

#[cfg(not(feature = "regex"))]
impl Regex {
    pub fn new(_: &str) -> Result<Regex, String> {
        Err("this probe was built without regular expressions (feature `regex`)".into())
    }

    pub fn is_match(&self, _: &str) -> bool {
        match *self {}
    }

    pub fn as_str(&self) -> &str {
        match *self {}
    }
}

/// A probe built without the `jsonpath` feature has no JSONPath expressions.
#[cfg(not(feature = "jsonpath"))]
#[derive(Clone, Debug)]
pub enum JsonPath {}

#[cfg(not(feature = "jsonpath"))]
impl JsonPath {
    pub fn parse(_: &str) -> Result<JsonPath, String> {
        Err("this probe was built without JSONPath (feature `jsonpath`)".into())
    }

    pub fn query<'v>(&self, _: &'v serde_json::Value) -> Query<'v> {
        match *self {}
    }
}

#[cfg(not(feature = "jsonpath"))]
pub struct Query<'v>(Vec<&'v serde_json::Value>);

#[cfg(not(feature = "jsonpath"))]
impl<'v> Query<'v> {
    pub fn all(self) -> Vec<&'v serde_json::Value> {
        self.0
    }
}
