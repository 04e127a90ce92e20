//! Expectations on what a probe of the machine measured: numbers with a unit (`used: "< 90%"`,
//! `free: "> 10GiB"`, `age: "< 25h"`, `count: between 1 and 4`) and attributes compared as
//! words (`type: directory`, `mode: "0644"`, `owner: root`).

use serde::{Deserialize, Serialize};
use std::fmt;

use super::{Assertion, ValueCheck};
use crate::units::{format_duration, parse_duration};

/// What a measured number counts, for writing limits and showing values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    Bytes,
    Percent,
    Seconds,
    Count,
    Number,
}

impl Unit {
    /// A limit as written for this unit, in the unit's base (bytes, percent, seconds).
    pub fn parse(self, text: &str) -> Result<f64, String> {
        let t = text.trim();
        match self {
            Unit::Bytes => parse_bytes(t),
            Unit::Percent => {
                let n = t.strip_suffix('%').unwrap_or(t).trim();
                let v: f64 = n
                    .parse()
                    .map_err(|_| format!("`{t}` is not a percentage; write e.g. `90%`"))?;
                if !(0.0..=100.0).contains(&v) {
                    return Err(format!("`{t}` is not between 0% and 100%"));
                }
                Ok(v)
            }
            Unit::Seconds => parse_duration(t).map(|d| d.as_secs_f64()),
            Unit::Count | Unit::Number => t
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && (self == Unit::Number || v.fract() == 0.0))
                .ok_or_else(|| match self {
                    Unit::Count => format!("`{t}` is not a whole number"),
                    _ => format!("`{t}` is not a number"),
                }),
        }
    }

    /// An example limit, for error messages.
    pub fn example(self) -> &'static str {
        match self {
            Unit::Bytes => "> 10GiB",
            Unit::Percent => "< 90%",
            Unit::Seconds => "< 25h",
            Unit::Count => ">= 1",
            Unit::Number => "< 4",
        }
    }

    /// `v` in words: `12.4 GiB`, `87.5%`, `3h 12m`, `2`.
    pub fn show(self, v: f64) -> String {
        match self {
            Unit::Bytes => show_bytes(v),
            Unit::Percent => format!("{}%", trim_float(v, 1)),
            // Ages of files run to days: `3d 0h`, `25h` reads worse than `1d 1h`.
            Unit::Seconds if v >= 60.0 && v.is_finite() => {
                super::days_hours(std::time::Duration::from_secs_f64(v))
            }
            Unit::Seconds if v >= 0.0 && v.is_finite() => {
                format_duration(std::time::Duration::from_secs_f64(v))
            }
            Unit::Seconds => format!("{v}s"),
            Unit::Count => format!("{v}"),
            Unit::Number => trim_float(v, 2),
        }
    }
}

/// `1.5GB`, `10GiB`, `512K`, `1048576`: decimal and binary units, df's single letters as
/// binary.
fn parse_bytes(t: &str) -> Result<f64, String> {
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let bad = || format!("`{t}` is not a size; write e.g. `10GiB`, `500MB` or a number of bytes");
    let n: f64 = number.parse().map_err(|_| bad())?;
    let factor: f64 = match unit.trim() {
        "" | "B" => 1.0,
        "kB" | "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "TB" => 1e12,
        "K" | "KiB" => 1024.0,
        "M" | "MiB" => 1024.0 * 1024.0,
        "G" | "GiB" => 1024.0 * 1024.0 * 1024.0,
        "T" | "TiB" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        other => {
            return Err(format!(
                "unknown size unit `{other}` in `{t}`; use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB"
            ));
        }
    };
    Ok(n * factor)
}

fn show_bytes(v: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut x = v;
    let mut i = 0;
    while x.abs() >= 1024.0 && i + 1 < UNITS.len() {
        x /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{v} B")
    } else {
        format!("{} {}", trim_float(x, 1), UNITS[i])
    }
}

/// `v` with at most `places` decimals, without trailing zeros.
fn trim_float(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// `used: "< 90%"`: a measured number, by name, against a limit in its unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureRule {
    pub name: String,
    pub unit: Unit,
    pub check: ValueCheck,
}

impl MeasureRule {
    fn expected(&self) -> String {
        match &self.check {
            ValueCheck::Compare(t) => format!("{} {}", t.op.symbol(), self.unit.show(t.limit)),
            ValueCheck::Between(low, high) => format!(
                "between {} and {}",
                self.unit.show(*low),
                self.unit.show(*high)
            ),
        }
    }

    pub fn assertion(&self, measures: &[Measure]) -> Assertion {
        let found = measures.iter().find(|m| m.name == self.name);
        Assertion {
            kind: "measure".into(),
            subject: self.name.clone().into(),
            expected: self.expected().into(),
            actual: match found {
                Some(m) => self.unit.show(m.value),
                None => "not measured".into(),
            },
            pass: found.is_some_and(|m| self.check.holds(m.value)),
            severity: Default::default(),
        }
    }
}

/// A number a probe of the machine measured, in its unit's base.
#[derive(Clone, Debug, PartialEq)]
pub struct Measure {
    pub name: &'static str,
    pub unit: Unit,
    pub value: f64,
}

/// `type: directory`, `owner: root`, `rcode: [NOERROR, NXDOMAIN]`: a word the probe must find,
/// one of `expected`. An attribute may be written more than one way (a user's name or uid);
/// any of them matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttrRule {
    pub name: String,
    pub expected: Vec<String>,
}

/// An attribute as observed, in each of its spellings (the first is shown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    pub name: &'static str,
    pub spellings: Vec<String>,
}

impl AttrRule {
    pub fn assertion(&self, attributes: &[Attribute]) -> Assertion {
        let found = attributes.iter().find(|a| a.name == self.name);
        Assertion {
            kind: "attribute".into(),
            subject: self.name.clone().into(),
            expected: self.expected.join(" or ").into(),
            actual: found
                .and_then(|a| a.spellings.first().cloned())
                .unwrap_or_else(|| "unknown".into()),
            pass: found.is_some_and(|a| a.spellings.iter().any(|s| self.expected.contains(s))),
            severity: Default::default(),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::Bytes => "a size",
            Unit::Percent => "a percentage",
            Unit::Seconds => "a duration",
            Unit::Count => "a count",
            Unit::Number => "a number",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_in_their_unit() {
        assert_eq!(
            Unit::Bytes.parse("10GiB").unwrap(),
            10.0 * 1024.0 * 1024.0 * 1024.0
        );
        assert_eq!(Unit::Bytes.parse("1.5GB").unwrap(), 1.5e9);
        assert_eq!(Unit::Bytes.parse("512K").unwrap(), 512.0 * 1024.0);
        assert!(Unit::Bytes.parse("5 parsecs").unwrap_err().contains("unit"));
        assert_eq!(Unit::Percent.parse("90%").unwrap(), 90.0);
        assert_eq!(Unit::Percent.parse("12.5").unwrap(), 12.5);
        assert!(Unit::Percent.parse("120%").is_err());
        assert_eq!(Unit::Seconds.parse("25h").unwrap(), 90_000.0);
        assert!(Unit::Count.parse("1.5").is_err());
        assert_eq!(Unit::Number.parse("1.5").unwrap(), 1.5);
    }

    #[test]
    fn values_show_in_words() {
        assert_eq!(Unit::Bytes.show(1536.0), "1.5 KiB");
        assert_eq!(Unit::Bytes.show(12.0), "12 B");
        assert_eq!(Unit::Percent.show(87.456), "87.5%");
        assert_eq!(Unit::Number.show(0.5), "0.5");
        assert_eq!(Unit::Count.show(3.0), "3");
    }

    #[test]
    fn rules_find_their_measure_and_attribute() {
        let rule = MeasureRule {
            name: "used".into(),
            unit: Unit::Percent,
            check: ValueCheck::parse("< 90").unwrap(),
        };
        let a = rule.assertion(&[Measure {
            name: "used",
            unit: Unit::Percent,
            value: 95.0,
        }]);
        assert!(!a.pass);
        assert_eq!((&*a.expected, a.actual.as_str()), ("< 90%", "95%"));
        assert_eq!(rule.assertion(&[]).actual, "not measured");
        let owner = AttrRule {
            name: "owner".into(),
            expected: vec!["0".into()],
        };
        let seen = [Attribute {
            name: "owner",
            spellings: vec!["root".into(), "0".into()],
        }];
        let a = owner.assertion(&seen);
        assert!(a.pass);
        assert_eq!(a.actual, "root");
    }
}
