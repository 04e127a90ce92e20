//! PromQL-like series selectors: `http_requests_total{code=~"5..",method!="GET"}`.
//!
//! As in PromQL, regular expressions are anchored at both ends, and a matcher on a label a
//! series does not have sees the empty string.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::pattern::Regex;

use super::parse::SampleRef;

#[derive(Clone, Debug)]
pub enum MatchOp {
    Equal(String),
    NotEqual(String),
    Matches(Regex),
    NotMatches(Regex),
}

#[derive(Clone, Debug)]
pub struct Matcher {
    pub name: String,
    pub op: MatchOp,
}

impl Matcher {
    fn accepts(&self, value: &str) -> bool {
        match &self.op {
            MatchOp::Equal(v) => value == v,
            MatchOp::NotEqual(v) => value != v,
            MatchOp::Matches(re) => re.is_match(value),
            MatchOp::NotMatches(re) => !re.is_match(value),
        }
    }
}

/// A metric name and label matchers.
#[derive(Clone, Debug)]
pub struct Selector {
    pub metric: String,
    pub matchers: Vec<Matcher>,
    text: String,
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Written as its text (the suite as data, `crate::suite::data`).
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

impl Selector {
    /// Parses `name`, `name{…}`; the error says at which character (0-based) it went wrong.
    pub fn parse(text: &str) -> Result<Selector, (usize, String)> {
        let t = text.trim();
        let offset = text.len() - text.trim_start().len();
        let b = t.as_bytes();
        let mut p = 0;
        while p < b.len() && (b[p].is_ascii_alphanumeric() || b[p] == b'_' || b[p] == b':') {
            p += 1;
        }
        let metric = &t[..p];
        if metric.is_empty() || metric.as_bytes()[0].is_ascii_digit() {
            return Err((offset, "a selector starts with a metric name".into()));
        }
        let mut matchers = Vec::new();
        let skip_ws = |mut p: usize| {
            while p < b.len() && b[p].is_ascii_whitespace() {
                p += 1;
            }
            p
        };
        if p < b.len() {
            if b[p] != b'{' {
                return Err((
                    offset + p,
                    format!(
                        "unexpected `{}` after the metric name",
                        t[p..].chars().next().unwrap_or(' ')
                    ),
                ));
            }
            p += 1;
            loop {
                p = skip_ws(p);
                if p < b.len() && b[p] == b'}' {
                    p += 1;
                    break;
                }
                let start = p;
                while p < b.len() && (b[p].is_ascii_alphanumeric() || b[p] == b'_') {
                    p += 1;
                }
                if p == start || b[start].is_ascii_digit() {
                    return Err((offset + start, "expected a label name".into()));
                }
                let name = t[start..p].to_string();
                p = skip_ws(p);
                let op_start = p;
                let op = if t[p..].starts_with("=~") {
                    "=~"
                } else if t[p..].starts_with("!~") {
                    "!~"
                } else if t[p..].starts_with("!=") {
                    "!="
                } else if t[p..].starts_with('=') {
                    "="
                } else {
                    return Err((
                        offset + p,
                        format!("expected =, !=, =~ or !~ after `{name}`"),
                    ));
                };
                p = skip_ws(p + op.len());
                let (value, next) = quoted(t, p).map_err(|(i, m)| (offset + i, m))?;
                p = next;
                let regex = |v: &str| {
                    Regex::new(&format!("^(?:{v})$")).map_err(|e| {
                        (
                            offset + op_start,
                            format!("invalid regular expression: {e}"),
                        )
                    })
                };
                let op = match op {
                    "=" => MatchOp::Equal(value),
                    "!=" => MatchOp::NotEqual(value),
                    "=~" => MatchOp::Matches(regex(&value)?),
                    _ => MatchOp::NotMatches(regex(&value)?),
                };
                matchers.push(Matcher { name, op });
                p = skip_ws(p);
                if p < b.len() && b[p] == b',' {
                    p += 1;
                    continue;
                }
                if p < b.len() && b[p] == b'}' {
                    p += 1;
                    break;
                }
                return Err((offset + p, "expected `,` or `}`".into()));
            }
            if skip_ws(p) < b.len() {
                return Err((offset + p, "unexpected text after the selector".into()));
            }
        }
        Ok(Selector {
            metric: metric.to_string(),
            matchers,
            text: t.to_string(),
        })
    }

    /// Adds `name="value"` matchers (the `labels:` map of an expectation).
    pub fn with_equal(mut self, labels: &[(String, String)]) -> Selector {
        for (name, value) in labels {
            self.matchers.push(Matcher {
                name: name.clone(),
                op: MatchOp::Equal(value.clone()),
            });
            let sep = if self.text.ends_with('}') { "," } else { "{" };
            if sep == "," {
                self.text.pop();
            }
            self.text
                .push_str(&format!("{sep}{name}=\"{}\"}}", value.replace('"', "\\\"")));
        }
        self
    }

    pub fn matches(&self, sample: &SampleRef<'_, '_>) -> bool {
        sample.name == self.metric
            && self
                .matchers
                .iter()
                .all(|m| m.accepts(sample.label(&m.name).unwrap_or("")))
    }
}

/// A double-quoted string with `\"`, `\\`, `\n`, `\t` escapes starting at `p`; its value and the
/// position after the closing quote.
fn quoted(t: &str, p: usize) -> Result<(String, usize), (usize, String)> {
    let b = t.as_bytes();
    let quote = match b.get(p) {
        Some(&q @ (b'"' | b'\'')) => q,
        _ => return Err((p, "expected a quoted label value".into())),
    };
    let mut out = String::new();
    let mut chars = t[p + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, other)) => out.push(other),
                None => break,
            },
            c if c as u32 == u32::from(quote) => return Ok((out, p + 1 + i + 1)),
            c => out.push(c),
        }
    }
    Err((p, "unterminated label value".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::parse::{Format, parse};

    #[test]
    fn selectors_match_like_promql() {
        let page = "x{code=\"500\",method=\"GET\"} 1\nx{code=\"200\",method=\"GET\"} 2\nx{code=\"503\"} 3\n";
        let e = parse(page, Format::Text).unwrap();
        let pick = |sel: &str| -> Vec<f64> {
            let s = Selector::parse(sel).unwrap();
            e.iter().filter(|x| s.matches(x)).map(|x| x.value).collect()
        };
        assert_eq!(pick("x"), [1.0, 2.0, 3.0]);
        assert_eq!(pick(r#"x{code=~"5.."}"#), [1.0, 3.0]);
        assert_eq!(pick(r#"x{code=~"5"}"#), Vec::<f64>::new());
        assert_eq!(pick(r#"x{method!="GET"}"#), [3.0]);
        assert_eq!(pick(r#"x{ code !~ "2.*" , method="GET" }"#), [1.0]);
        assert_eq!(pick(r#"x{method=""}"#), [3.0]);
    }

    #[test]
    fn bad_selectors_say_where() {
        for (text, at) in [
            ("", 0),
            ("x{code}", 6),
            ("x{code=5}", 7),
            (r#"x{code=~"("}"#, 6),
            (r#"x{a="1" b="2"}"#, 8),
            ("x y", 1),
            // Found by `just fuzz`: a multi-byte character right after the name.
            ("o\u{489}", 1),
            ("métrique", 1),
        ] {
            let err = Selector::parse(text).unwrap_err();
            assert_eq!(err.0, at, "{text}: {err:?}");
        }
    }
}
