//! Expectations on scraped samples: a selector, an aggregation and a test.

use std::collections::HashMap;
use std::fmt;

use super::Assertion;
use super::threshold::Threshold;
use crate::metrics::{Exposition, Sample, Selector};

/// `< 4`, `== 0`, `between 1 and 10` (inclusive).
#[derive(Clone, Debug, PartialEq)]
pub enum ValueCheck {
    Compare(Threshold<f64>),
    Between(f64, f64),
}

impl ValueCheck {
    pub fn parse(text: &str) -> Result<ValueCheck, String> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix("between") {
            let (low, high) = rest.split_once(" and ").ok_or_else(|| {
                format!("`{t}`: write a range as `between LOW and HIGH`, e.g. `between 1 and 10`")
            })?;
            let num = |s: &str| {
                s.trim()
                    .parse::<f64>()
                    .map_err(|_| format!("`{}` is not a number", s.trim()))
            };
            let (low, high) = (num(low)?, num(high)?);
            if low > high {
                return Err(format!("`{t}`: {low} is above {high}"));
            }
            return Ok(ValueCheck::Between(low, high));
        }
        Threshold::parse_number(t).map(ValueCheck::Compare)
    }

    pub fn holds(&self, v: f64) -> bool {
        match self {
            ValueCheck::Compare(t) => t.holds(&v),
            ValueCheck::Between(low, high) => (*low..=*high).contains(&v),
        }
    }
}

impl fmt::Display for ValueCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueCheck::Compare(t) => write!(f, "{t}"),
            ValueCheck::Between(low, high) => write!(f, "between {low} and {high}"),
        }
    }
}

/// How the matching series are combined before the test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// Every matching series must pass (the default for `value`).
    All,
    /// At least one must.
    Any,
    /// The default for `rate` and `increase`.
    Sum,
    Min,
    Max,
    Avg,
    Count,
}

impl Aggregate {
    pub fn parse(text: &str) -> Option<Aggregate> {
        Some(match text {
            "all" => Aggregate::All,
            "any" => Aggregate::Any,
            "sum" => Aggregate::Sum,
            "min" => Aggregate::Min,
            "max" => Aggregate::Max,
            "avg" => Aggregate::Avg,
            "count" => Aggregate::Count,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Aggregate::All => "all",
            Aggregate::Any => "any",
            Aggregate::Sum => "sum",
            Aggregate::Min => "min",
            Aggregate::Max => "max",
            Aggregate::Avg => "avg",
            Aggregate::Count => "count",
        }
    }

    fn combine(self, values: &[f64]) -> f64 {
        let n = values.len() as f64;
        match self {
            Aggregate::Sum | Aggregate::All | Aggregate::Any => values.iter().sum(),
            Aggregate::Min => values.iter().copied().fold(f64::INFINITY, f64::min),
            Aggregate::Max => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            Aggregate::Avg => values.iter().sum::<f64>() / n,
            Aggregate::Count => n,
        }
    }
}

#[derive(Clone, Debug)]
pub enum MetricTest {
    Value(ValueCheck),
    /// Per-second increase between the two scrapes.
    Rate(ValueCheck),
    /// Increase between the two scrapes (counter resets handled as Prometheus does).
    Increase(ValueCheck),
    Present,
    Absent,
}

#[derive(Clone, Debug)]
pub struct MetricRule {
    pub selector: Selector,
    pub aggregate: Aggregate,
    pub test: MetricTest,
}

impl MetricRule {
    /// Whether the rule compares two scrapes.
    pub fn needs_window(&self) -> bool {
        matches!(self.test, MetricTest::Rate(_) | MetricTest::Increase(_))
    }

    fn subject(&self) -> String {
        let (func, shows_aggregate) = match &self.test {
            MetricTest::Rate(_) => ("rate", self.aggregate != Aggregate::All),
            MetricTest::Increase(_) => ("increase", self.aggregate != Aggregate::All),
            _ => (
                "",
                !matches!(self.aggregate, Aggregate::All | Aggregate::Any),
            ),
        };
        let inner = if func.is_empty() {
            self.selector.to_string()
        } else {
            format!("{func}({})", self.selector)
        };
        if shows_aggregate {
            format!("{}({inner})", self.aggregate.name())
        } else if self.aggregate == Aggregate::Any {
            format!("any {inner}")
        } else {
            inner
        }
    }
}

/// A series identity: the sample name and its labels in order.
fn series_key(e: &Exposition<'_>, s: &Sample<'_>) -> String {
    let mut key = String::from(s.name);
    for l in e.labels(s) {
        key.push('\u{1}');
        key.push_str(l.name);
        key.push('\u{2}');
        key.push_str(&l.value);
    }
    key
}

/// A series for messages: `name{a="1",b="2"}`.
fn series_text(e: &Exposition<'_>, s: &Sample<'_>) -> String {
    let labels = e.labels(s);
    if labels.is_empty() {
        return s.name.to_string();
    }
    let inner: Vec<String> = labels
        .iter()
        .map(|l| format!("{}={:?}", l.name, l.value.as_ref()))
        .collect();
    format!("{}{{{}}}", s.name, inner.join(","))
}

/// A value for messages: exact for integers, six decimals at most otherwise.
fn number(v: f64) -> String {
    let shown = if v.is_finite() && v.abs() >= 1e-3 {
        (v * 1e6).round() / 1e6
    } else {
        v
    };
    let mut s = String::new();
    crate::metrics::write::write_value(shown, &mut s);
    s
}

/// The samples a selector matches. Their identities and texts are built only where needed:
/// keys for window rules, text for the series a message names.
fn matching<'s, 'a>(e: &'s Exposition<'a>, selector: &Selector) -> Vec<&'s Sample<'a>> {
    e.samples
        .iter()
        .filter(|s| selector.matches(e, s))
        .collect()
}

/// Evaluates rules against the last scrape `now` and, for window rules, the first scrape
/// `before` taken `elapsed_seconds` earlier.
pub fn evaluate(
    rules: &[MetricRule],
    now: &Exposition<'_>,
    before: Option<(&Exposition<'_>, f64)>,
) -> Vec<Assertion> {
    rules
        .iter()
        .map(|rule| {
            let current = matching(now, &rule.selector);
            let subject = rule.subject();
            let (kind, expected, actual, pass) = match &rule.test {
                MetricTest::Present => (
                    "metric.present",
                    "to be present".to_string(),
                    series_count(current.len()),
                    !current.is_empty(),
                ),
                MetricTest::Absent => (
                    "metric.absent",
                    "to be absent".to_string(),
                    match current.first() {
                        None => "no series".to_string(),
                        Some(s) => format!("{} = {}", series_text(now, s), number(s.value)),
                    },
                    current.is_empty(),
                ),
                MetricTest::Value(check) => {
                    let values: Vec<(&Sample<'_>, f64)> =
                        current.iter().map(|s| (*s, s.value)).collect();
                    let known = knows(now, &rule.selector);
                    let (actual, pass) = judge(rule.aggregate, check, now, &values, known);
                    ("metric.value", check.to_string(), actual, pass)
                }
                MetricTest::Rate(check) | MetricTest::Increase(check) => {
                    let is_rate = matches!(rule.test, MetricTest::Rate(_));
                    let kind = if is_rate {
                        "metric.rate"
                    } else {
                        "metric.increase"
                    };
                    match before {
                        None => (
                            kind,
                            check.to_string(),
                            "no window (set `window:` on the metrics source)".into(),
                            false,
                        ),
                        Some((first, elapsed)) => {
                            let earlier: HashMap<String, f64> = matching(first, &rule.selector)
                                .into_iter()
                                .map(|s| (series_key(first, s), s.value))
                                .collect();
                            // A series new in the second scrape started from 0 in the
                            // window; a counter that went down was reset and counted `v` since.
                            let values: Vec<(&Sample<'_>, f64)> = current
                                .iter()
                                .map(|s| {
                                    let v = s.value;
                                    let old =
                                        earlier.get(&series_key(now, s)).copied().unwrap_or(0.0);
                                    let increase = if v < old { v } else { v - old };
                                    (
                                        *s,
                                        if is_rate {
                                            increase / elapsed
                                        } else {
                                            increase
                                        },
                                    )
                                })
                                .collect();
                            let known = knows(now, &rule.selector) || knows(first, &rule.selector);
                            let (actual, pass) = judge(rule.aggregate, check, now, &values, known);
                            (kind, check.to_string(), actual, pass)
                        }
                    }
                }
            };
            Assertion {
                kind: kind.into(),
                subject,
                expected,
                actual,
                pass,
            }
        })
        .collect()
}

fn series_count(n: usize) -> String {
    match n {
        0 => "no series".into(),
        1 => "1 series".into(),
        n => format!("{n} series"),
    }
}

/// Whether the page has the selector's metric at all (whatever the labels).
fn knows(e: &Exposition<'_>, selector: &Selector) -> bool {
    e.samples.iter().any(|s| s.name == selector.metric)
}

/// Applies an aggregation and a check to (series of `e`, value) pairs: the actual value in
/// words and whether it passed. When no series matches but the metric exists (`known`), a sum or
/// a count is 0 — "no 5xx responses" is a rate of 0 — while a misspelt metric still fails.
fn judge(
    aggregate: Aggregate,
    check: &ValueCheck,
    e: &Exposition<'_>,
    values: &[(&Sample<'_>, f64)],
    known: bool,
) -> (String, bool) {
    if values.is_empty() {
        if known && matches!(aggregate, Aggregate::Sum | Aggregate::Count) {
            return ("0 (no matching series)".into(), check.holds(0.0));
        }
        return ("no matching series".into(), false);
    }
    match aggregate {
        Aggregate::All => match values.iter().find(|(_, v)| !check.holds(*v)) {
            Some((_, v)) if values.len() == 1 => (number(*v), false),
            Some((series, v)) => (
                format!("{} at {}", number(*v), series_text(e, series)),
                false,
            ),
            None if values.len() == 1 => (number(values[0].1), true),
            None => (format!("all {} series", values.len()), true),
        },
        Aggregate::Any => match values.iter().find(|(_, v)| check.holds(*v)) {
            Some((series, v)) => (
                format!("{} at {}", number(*v), series_text(e, series)),
                true,
            ),
            None => (
                format!(
                    "none of {} series (first: {} at {})",
                    values.len(),
                    number(values[0].1),
                    series_text(e, values[0].0)
                ),
                false,
            ),
        },
        other => {
            let nums: Vec<f64> = values.iter().map(|(_, v)| *v).collect();
            let v = other.combine(&nums);
            (number(v), check.holds(v))
        }
    }
}
