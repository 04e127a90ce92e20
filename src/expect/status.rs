//! Accepted HTTP status codes: exact codes and classes such as `2xx`.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Accepted HTTP status codes: exact codes and classes such as `2xx`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusSet(pub Vec<StatusPattern>);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusPattern {
    Exact(u16),
    Class(u8),
}

impl StatusSet {
    /// The set in words, as [`fmt::Display`] writes it; a single class (the default `2xx`)
    /// without an allocation, since every HTTP result carries it.
    pub fn describe(&self) -> Cow<'static, str> {
        const CLASSES: [&str; 6] = ["0xx", "1xx", "2xx", "3xx", "4xx", "5xx"];
        match self.0.as_slice() {
            [StatusPattern::Class(c)] if usize::from(*c) < CLASSES.len() => {
                Cow::Borrowed(CLASSES[usize::from(*c)])
            }
            _ => self.to_string().into(),
        }
    }

    pub fn success() -> StatusSet {
        StatusSet(vec![StatusPattern::Class(2)])
    }

    pub fn accepts(&self, code: u16) -> bool {
        self.0.iter().any(|p| match *p {
            StatusPattern::Exact(c) => c == code,
            StatusPattern::Class(class) => code / 100 == u16::from(class),
        })
    }

    pub fn parse_pattern(text: &str) -> Result<StatusPattern, String> {
        let t = text.trim();
        if let Some(class) = t.strip_suffix("xx").or_else(|| t.strip_suffix("XX"))
            && let Ok(c @ 1..=5) = class.parse::<u8>()
        {
            return Ok(StatusPattern::Class(c));
        }
        match t.parse::<u16>() {
            Ok(code @ 100..=599) => Ok(StatusPattern::Exact(code)),
            _ => Err(format!(
                "`{t}` is not an HTTP status; write a code from 100 to 599 or a class such as `2xx`"
            )),
        }
    }
}

impl fmt::Display for StatusSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<String> = self
            .0
            .iter()
            .map(|p| match p {
                StatusPattern::Exact(c) => c.to_string(),
                StatusPattern::Class(c) => format!("{c}xx"),
            })
            .collect();
        f.write_str(&words.join(" or "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_set_is_described_as_it_is_written() {
        use StatusPattern::{Class, Exact};
        for set in [
            vec![Class(2)],
            vec![Class(5)],
            vec![Exact(200)],
            vec![Class(2), Class(3)],
            vec![Exact(200), Class(3)],
        ] {
            let set = StatusSet(set);
            assert_eq!(set.describe(), set.to_string());
        }
        assert!(matches!(
            StatusSet::success().describe(),
            Cow::Borrowed("2xx")
        ));
    }
}
