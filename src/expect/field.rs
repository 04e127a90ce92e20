//! The `field` text rule: a field of the lines that match, as awk or cut reads it.

use serde::{Deserialize, Serialize};

use super::{Assertion, Regex, ValueCheck, quote, read_number};

/// Which field of which lines, and what it must be.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Field {
    /// The lines whose field is read; every line when `None`.
    #[serde(with = "crate::serde_text::opt_regex_text")]
    pub line: Option<Regex>,
    /// 1-based, as awk and cut count.
    pub index: usize,
    /// Fields are split at each occurrence of this text, or, when `None`, as awk splits them:
    /// at runs of blanks, with the blanks at the line's ends ignored.
    pub separator: Option<String>,
    pub test: FieldTest,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum FieldTest {
    Equals(String),
    Matches(#[serde(with = "crate::serde_text::regex_text")] Regex),
    Number(ValueCheck),
}

impl Field {
    /// The field of a line: empty where the line has fewer fields (as awk prints it).
    pub fn of<'l>(&self, line: &'l str) -> &'l str {
        let found = match &self.separator {
            Some(sep) if !sep.is_empty() => line.split(sep.as_str()).nth(self.index - 1),
            _ => line
                .split([' ', '\t'])
                .filter(|w| !w.is_empty())
                .nth(self.index - 1),
        };
        found.unwrap_or("")
    }
}

pub(super) fn assertion(stream: &'static str, text: &str, f: &Field) -> Assertion {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let values: Vec<&str> = if text.is_empty() {
        Vec::new()
    } else {
        body.split('\n')
            .filter(|l| f.line.as_ref().is_none_or(|re| re.is_match(l)))
            .map(|l| f.of(l))
            .collect()
    };
    let expected = match &f.test {
        FieldTest::Equals(want) => format!("to equal {}", quote(want)),
        FieldTest::Matches(re) => format!("to match /{}/", re.as_str()),
        FieldTest::Number(check) => format!("to be a number {check}"),
    };
    let holds = |v: &str| match &f.test {
        FieldTest::Equals(want) => v == want,
        FieldTest::Matches(re) => re.is_match(v),
        FieldTest::Number(check) => read_number(v.trim()).is_some_and(|n| check.holds(n)),
    };
    let lines = match &f.line {
        Some(re) => format!("lines matching /{}/", re.as_str()),
        None => "lines".to_string(),
    };
    let by = match &f.separator {
        Some(sep) => format!(" (split at {})", quote(sep)),
        None => String::new(),
    };
    Assertion {
        kind: format!("{stream}.field").into(),
        subject: format!("{stream} field {}{by} of {lines}", f.index).into(),
        expected: expected.into(),
        actual: match values.as_slice() {
            [] => "no such line".to_string(),
            [one] => quote(one),
            many => many.iter().map(|v| quote(v)).collect::<Vec<_>>().join(", "),
        },
        pass: !values.is_empty() && values.iter().all(|v| holds(v)),
        severity: Default::default(),
    }
}
