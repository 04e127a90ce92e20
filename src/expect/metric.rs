//! Expectations on scraped samples: a selector, an aggregation and a test.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher, RandomState};

use super::Assertion;
use super::threshold::Threshold;
use crate::metrics::{SampleRef, Selector};

/// `< 4`, `== 0`, `between 1 and 10` (inclusive).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ValueCheck {
    Compare(Threshold<f64>),
    Between(f64, f64),
}

impl ValueCheck {
    pub fn parse(text: &str) -> Result<ValueCheck, String> {
        ValueCheck::parse_with(text, |s| {
            s.parse::<f64>()
                .map_err(|_| format!("`{s}` is not a number"))
        })
    }

    /// `< 90%`, `between 1 and 4`, each limit read by `limit` (a size, a percentage).
    pub fn parse_with(
        text: &str,
        limit: impl Fn(&str) -> Result<f64, String>,
    ) -> Result<ValueCheck, String> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix("between") {
            let (low, high) = rest.split_once(" and ").ok_or_else(|| {
                format!("`{t}`: write a range as `between LOW and HIGH`, e.g. `between 1 and 10`")
            })?;
            let (low_text, high_text) = (low.trim(), high.trim());
            let (low, high) = (limit(low_text)?, limit(high_text)?);
            if low > high {
                return Err(format!("`{t}`: {low_text} is above {high_text}"));
            }
            return Ok(ValueCheck::Between(low, high));
        }
        Threshold::parse_with(t, limit).map(ValueCheck::Compare)
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum MetricTest {
    Value(ValueCheck),
    /// Per-second increase between the two scrapes.
    Rate(ValueCheck),
    /// Increase between the two scrapes (counter resets handled as Prometheus does).
    Increase(ValueCheck),
    Present,
    Absent,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
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

/// A series for messages: `name{a="1",b="2"}`.
fn series_text(s: &SampleRef<'_, '_>) -> String {
    if s.labels.is_empty() {
        return s.name.to_string();
    }
    let inner: Vec<String> = s
        .labels
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

/// The first scrape of a window, as much of it as the window rules need: the value of each
/// series they select, under a 128-bit hash of the series' identity (its name and its labels
/// in order). 24 bytes a series, so the first page need not be kept while the second is read.
pub struct Earlier {
    hashers: [RandomState; 2],
    values: Vec<([u64; 2], f64)>,
    /// For each rule: whether the first page had its metric at all.
    known: Vec<bool>,
}

impl Earlier {
    /// `lines` bounds how many samples the page can hold: the values are reserved for that many
    /// at once when a rule needs them, so that no growth of a large list copies it (for a moment
    /// twice its size) while the page is still held.
    pub fn new(rules: &[MetricRule], lines: usize) -> Earlier {
        let wanted = rules.iter().any(MetricRule::needs_window);
        Earlier {
            hashers: [RandomState::new(), RandomState::new()],
            values: Vec::with_capacity(if wanted { lines } else { 0 }),
            known: vec![false; rules.len()],
        }
    }

    /// Takes note of one sample of the first page.
    pub fn observe(&mut self, rules: &[MetricRule], sample: &SampleRef<'_, '_>) {
        let mut wanted = false;
        for (rule, known) in rules.iter().zip(&mut self.known) {
            if rule.needs_window() && sample.name == rule.selector.metric {
                *known = true;
                wanted |= rule.selector.matches(sample);
            }
        }
        if wanted {
            let key = self.key(sample);
            self.values.push((key, sample.value));
        }
    }

    /// Readies the values for lookups once the page is read.
    pub fn seal(&mut self) {
        self.values.sort_unstable_by_key(|(key, _)| *key);
        self.values.dedup_by_key(|(key, _)| *key);
        self.values.shrink_to_fit();
    }

    fn key(&self, sample: &SampleRef<'_, '_>) -> [u64; 2] {
        self.hashers.each_ref().map(|h| {
            let mut hasher = h.build_hasher();
            sample.name.hash(&mut hasher);
            for l in sample.labels {
                l.name.hash(&mut hasher);
                l.value.as_ref().hash(&mut hasher);
            }
            hasher.finish()
        })
    }

    fn value(&self, sample: &SampleRef<'_, '_>) -> Option<f64> {
        let key = self.key(sample);
        self.values
            .binary_search_by_key(&key, |(k, _)| *k)
            .ok()
            .map(|i| self.values[i].1)
    }
}

/// What a rule has seen of the matching series so far.
struct Tally {
    /// Whether the page (or the window's first page) has the rule's metric at all.
    known: bool,
    count: usize,
    sum: f64,
    min: f64,
    max: f64,
    /// Series text and value of the first matching series, of the first that fails the
    /// check and of the first that passes it.
    first: Option<(String, f64)>,
    first_failing: Option<(String, f64)>,
    first_passing: Option<(String, f64)>,
}

impl Tally {
    fn new(known: bool) -> Tally {
        Tally {
            known,
            count: 0,
            sum: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            first: None,
            first_failing: None,
            first_passing: None,
        }
    }

    fn add(&mut self, sample: &SampleRef<'_, '_>, v: f64, check: Option<&ValueCheck>) {
        self.count += 1;
        self.sum += v;
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        if self.first.is_none() {
            self.first = Some((series_text(sample), v));
        }
        if let Some(check) = check {
            let slot = if check.holds(v) {
                &mut self.first_passing
            } else {
                &mut self.first_failing
            };
            if slot.is_none() {
                *slot = Some((series_text(sample), v));
            }
        }
    }

    /// The aggregation and the check applied to what was seen: the actual value in words and
    /// whether it passed. When no series matched but the metric exists, a sum or a count is 0
    /// ("no 5xx responses" is a rate of 0), while a misspelt metric still fails.
    fn judge(&self, aggregate: Aggregate, check: &ValueCheck) -> (String, bool) {
        let Some((first_text, first_value)) = &self.first else {
            if self.known && matches!(aggregate, Aggregate::Sum | Aggregate::Count) {
                return ("0 (no matching series)".into(), check.holds(0.0));
            }
            return ("no matching series".into(), false);
        };
        let one = self.count == 1;
        match aggregate {
            Aggregate::All => match &self.first_failing {
                Some((_, v)) if one => (number(*v), false),
                Some((series, v)) => (format!("{} at {series}", number(*v)), false),
                None if one => (number(*first_value), true),
                None => (format!("all {} series", self.count), true),
            },
            Aggregate::Any => match &self.first_passing {
                Some((series, v)) => (format!("{} at {series}", number(*v)), true),
                None => (
                    format!(
                        "none of {} series (first: {} at {first_text})",
                        self.count,
                        number(*first_value)
                    ),
                    false,
                ),
            },
            other => {
                let v = match other {
                    Aggregate::Min => self.min,
                    Aggregate::Max => self.max,
                    Aggregate::Avg => self.sum / self.count as f64,
                    Aggregate::Count => self.count as f64,
                    _ => self.sum,
                };
                (number(v), check.holds(v))
            }
        }
    }
}

/// Rules judged against a page as it is read, sample by sample: nothing of the page is kept
/// but the few series a message names. Window rules compare with the [`Earlier`] page, taken
/// `elapsed` seconds before.
pub struct Judge<'r> {
    rules: &'r [MetricRule],
    before: Option<(&'r Earlier, f64)>,
    tallies: Vec<Tally>,
}

impl<'r> Judge<'r> {
    pub fn new(rules: &'r [MetricRule], before: Option<(&'r Earlier, f64)>) -> Judge<'r> {
        let tallies = rules
            .iter()
            .enumerate()
            .map(|(i, rule)| {
                let known_before =
                    rule.needs_window() && before.is_some_and(|(earlier, _)| earlier.known[i]);
                Tally::new(known_before)
            })
            .collect();
        Judge {
            rules,
            before,
            tallies,
        }
    }

    pub fn observe(&mut self, sample: &SampleRef<'_, '_>) {
        for (rule, tally) in self.rules.iter().zip(&mut self.tallies) {
            if sample.name != rule.selector.metric {
                continue;
            }
            tally.known = true;
            if !rule.selector.matches(sample) {
                continue;
            }
            let v = sample.value;
            match &rule.test {
                MetricTest::Present | MetricTest::Absent => tally.add(sample, v, None),
                MetricTest::Value(check) => tally.add(sample, v, Some(check)),
                MetricTest::Rate(check) | MetricTest::Increase(check) => {
                    let Some((earlier, elapsed)) = self.before else {
                        continue;
                    };
                    // A series new in the second scrape started from 0 in the window; a
                    // counter that went down was reset and counted `v` since.
                    let old = earlier.value(sample).unwrap_or(0.0);
                    let increase = if v < old { v } else { v - old };
                    let v = if matches!(rule.test, MetricTest::Rate(_)) {
                        increase / elapsed
                    } else {
                        increase
                    };
                    tally.add(sample, v, Some(check));
                }
            }
        }
    }

    pub fn finish(self) -> Vec<Assertion> {
        self.rules
            .iter()
            .zip(&self.tallies)
            .map(|(rule, tally)| {
                let (kind, expected, actual, pass) = match &rule.test {
                    MetricTest::Present => (
                        "metric.present",
                        "to be present".to_string(),
                        series_count(tally.count),
                        tally.count > 0,
                    ),
                    MetricTest::Absent => (
                        "metric.absent",
                        "to be absent".to_string(),
                        match &tally.first {
                            None => "no series".to_string(),
                            Some((series, v)) => format!("{series} = {}", number(*v)),
                        },
                        tally.count == 0,
                    ),
                    MetricTest::Value(check) => {
                        let (actual, pass) = tally.judge(rule.aggregate, check);
                        ("metric.value", check.to_string(), actual, pass)
                    }
                    MetricTest::Rate(check) | MetricTest::Increase(check) => {
                        let kind = if matches!(rule.test, MetricTest::Rate(_)) {
                            "metric.rate"
                        } else {
                            "metric.increase"
                        };
                        let (actual, pass) = if self.before.is_none() {
                            (
                                "no window (set `window:` on the metrics source)".into(),
                                false,
                            )
                        } else {
                            tally.judge(rule.aggregate, check)
                        };
                        (kind, check.to_string(), actual, pass)
                    }
                };
                Assertion {
                    kind: kind.into(),
                    subject: rule.subject().into(),
                    expected: expected.into(),
                    actual,
                    pass,
                    severity: Default::default(),
                }
            })
            .collect()
    }
}

fn series_count(n: usize) -> String {
    match n {
        0 => "no series".into(),
        1 => "1 series".into(),
        n => format!("{n} series"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Exposition, Format, parse};

    /// Evaluates rules against a collected page `now` and, for window rules, the first page
    /// `before` taken `elapsed_seconds` earlier.
    fn evaluate(
        rules: &[MetricRule],
        now: &Exposition<'_>,
        before: Option<(&Exposition<'_>, f64)>,
    ) -> Vec<Assertion> {
        let earlier = before.map(|(first, elapsed)| {
            let mut earlier = Earlier::new(rules, 0);
            for s in first.iter() {
                earlier.observe(rules, &s);
            }
            earlier.seal();
            (earlier, elapsed)
        });
        let mut judge = Judge::new(rules, earlier.as_ref().map(|(e, elapsed)| (e, *elapsed)));
        for s in now.iter() {
            judge.observe(&s);
        }
        judge.finish()
    }

    fn rule(selector: &str, aggregate: Aggregate, test: MetricTest) -> MetricRule {
        MetricRule {
            selector: Selector::parse(selector).unwrap(),
            aggregate,
            test,
        }
    }

    fn check(text: &str) -> ValueCheck {
        ValueCheck::parse(text).unwrap()
    }

    fn actual(rules: &[MetricRule], now: &str, before: Option<&str>) -> Vec<(String, bool)> {
        let now = parse(now, Format::Text).unwrap();
        let before = before.map(|b| parse(b, Format::Text).unwrap());
        evaluate(rules, &now, before.as_ref().map(|b| (b, 2.0)))
            .into_iter()
            .map(|a| (a.actual, a.pass))
            .collect()
    }

    #[test]
    fn values_are_judged_series_by_series_or_aggregated() {
        let page = "q{n=\"a\"} 3\nq{n=\"b\"} 7\nq{n=\"c\"} 5\nother 1\n";
        let rules = [
            rule("q", Aggregate::All, MetricTest::Value(check("< 6"))),
            rule("q", Aggregate::All, MetricTest::Value(check("< 10"))),
            rule("q", Aggregate::Any, MetricTest::Value(check("> 6"))),
            rule("q", Aggregate::Any, MetricTest::Value(check("> 9"))),
            rule("q", Aggregate::Sum, MetricTest::Value(check("== 15"))),
            rule("q", Aggregate::Min, MetricTest::Value(check("== 3"))),
            rule("q", Aggregate::Max, MetricTest::Value(check("== 7"))),
            rule("q", Aggregate::Avg, MetricTest::Value(check("== 5"))),
            rule("q", Aggregate::Count, MetricTest::Value(check("== 3"))),
            rule(
                r#"q{n="b"}"#,
                Aggregate::All,
                MetricTest::Value(check("< 6")),
            ),
            rule(
                r#"q{n="z"}"#,
                Aggregate::Sum,
                MetricTest::Value(check("== 0")),
            ),
            rule("misspelt", Aggregate::Sum, MetricTest::Value(check("== 0"))),
            rule("q", Aggregate::All, MetricTest::Absent),
            rule("q", Aggregate::All, MetricTest::Present),
        ];
        let got = actual(&rules, page, None);
        let want: Vec<(&str, bool)> = vec![
            (r#"7 at q{n="b"}"#, false),
            ("all 3 series", true),
            (r#"7 at q{n="b"}"#, true),
            (r#"none of 3 series (first: 3 at q{n="a"})"#, false),
            ("15", true),
            ("3", true),
            ("7", true),
            ("5", true),
            ("3", true),
            ("7", false),
            ("0 (no matching series)", true),
            ("no matching series", false),
            (r#"q{n="a"} = 3"#, false),
            ("3 series", true),
        ];
        let got: Vec<(&str, bool)> = got.iter().map(|(a, p)| (a.as_str(), *p)).collect();
        assert_eq!(got, want);
    }

    /// Series are matched across the window by name and labels; a new series counts from 0 and
    /// a counter that went down was reset.
    #[test]
    fn rates_follow_each_series_across_the_window() {
        let before = "c{k=\"a\"} 10\nc{k=\"b\"} 100\nc{k=\"gone\"} 5\n";
        let now = "c{k=\"a\"} 30\nc{k=\"b\"} 4\nc{k=\"new\"} 6\n";
        let rules = [
            rule(
                r#"c{k="a"}"#,
                Aggregate::Sum,
                MetricTest::Rate(check("== 10")),
            ),
            rule(
                r#"c{k="b"}"#,
                Aggregate::Sum,
                MetricTest::Increase(check("== 4")),
            ),
            rule(
                r#"c{k="new"}"#,
                Aggregate::Sum,
                MetricTest::Increase(check("== 6")),
            ),
            rule("c", Aggregate::Sum, MetricTest::Increase(check("== 30"))),
            rule("c", Aggregate::All, MetricTest::Increase(check("< 10"))),
            rule(
                r#"c{k="gone"}"#,
                Aggregate::Sum,
                MetricTest::Increase(check("== 0")),
            ),
        ];
        let got = actual(&rules, now, Some(before));
        let got: Vec<(&str, bool)> = got.iter().map(|(a, p)| (a.as_str(), *p)).collect();
        assert_eq!(
            got,
            [
                ("10", true),
                ("4", true),
                ("6", true),
                ("30", true),
                (r#"20 at c{k="a"}"#, false),
                ("0 (no matching series)", true),
            ]
        );
        let without_window = actual(&rules[..1], now, None);
        assert_eq!(
            without_window,
            [(
                "no window (set `window:` on the metrics source)".to_string(),
                false
            )]
        );
    }
}
