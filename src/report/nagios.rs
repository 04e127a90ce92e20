//! Nagios / Icinga plugin output: one status line with performance data, details after it, and
//! the plugin exit codes (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
//!
//! A probe that failed or could not be carried out is CRITICAL (as check_http treats refused
//! connections and timeouts); one that only warned (a `warning` level of a threshold, a probe
//! of `severity: warning`) is WARNING; a probe slower than `--warning`/`--critical` (range syntax, in
//! seconds) is WARNING/CRITICAL; a probe that was skipped makes the result at least UNKNOWN.

use std::fmt::Write as _;

use crate::runner::{ProbeResult, RunReport, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    Ok,
    Unknown,
    Warning,
    Critical,
}

impl State {
    pub fn exit_code(self) -> u8 {
        match self {
            State::Ok => 0,
            State::Warning => 1,
            State::Critical => 2,
            State::Unknown => 3,
        }
    }

    fn word(self) -> &'static str {
        match self {
            State::Ok => "OK",
            State::Warning => "WARNING",
            State::Critical => "CRITICAL",
            State::Unknown => "UNKNOWN",
        }
    }
}

/// A threshold in the plugin guidelines' range syntax, `[@][start:][end]`: alert when the value
/// is outside `start..=end`, or inside it with `@`. `~` is minus infinity; an omitted end is
/// plus infinity; an omitted start is 0.
#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    text: String,
    inside: bool,
    start: f64,
    end: f64,
}

impl Range {
    pub fn parse(text: &str) -> Result<Range, String> {
        let t = text.trim();
        let (inside, body) = match t.strip_prefix('@') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let number = |s: &str, what: &str| -> Result<f64, String> {
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("`{t}`: the {what} `{s}` is not a number"))
        };
        let (start, end) = match body.split_once(':') {
            None if body.is_empty() => return Err("an empty range".into()),
            None => (0.0, number(body, "end")?),
            Some((s, e)) => {
                let start = match s {
                    "" => 0.0,
                    "~" => f64::NEG_INFINITY,
                    s => number(s, "start")?,
                };
                let end = if e.is_empty() {
                    f64::INFINITY
                } else {
                    number(e, "end")?
                };
                (start, end)
            }
        };
        if start > end {
            return Err(format!("`{t}`: the start is above the end"));
        }
        Ok(Range {
            text: t.to_string(),
            inside,
            start,
            end,
        })
    }

    pub fn alerts(&self, v: f64) -> bool {
        let within = (self.start..=self.end).contains(&v);
        within == self.inside
    }
}

/// `--warning` and `--critical`, on each probe's duration in seconds.
#[derive(Clone, Debug, Default)]
pub struct Thresholds {
    pub warning: Option<Range>,
    pub critical: Option<Range>,
}

fn probe_state(r: &ProbeResult, t: &Thresholds) -> State {
    match r.status {
        Status::Fail | Status::Error => State::Critical,
        Status::Warn => State::Warning,
        // Behind a closed gate: what the script's `|| exit 0` made OK.
        Status::Skipped if r.gated => State::Ok,
        Status::Skipped => State::Unknown,
        Status::Pass => {
            let secs = r.duration.as_secs_f64();
            if t.critical.as_ref().is_some_and(|c| c.alerts(secs)) {
                State::Critical
            } else if t.warning.as_ref().is_some_and(|w| w.alerts(secs)) {
                State::Warning
            } else {
                State::Ok
            }
        }
    }
}

/// The plugin's state for a run.
pub fn state(report: &RunReport, t: &Thresholds) -> State {
    report
        .results
        .iter()
        .map(|r| probe_state(r, t))
        .max()
        .unwrap_or(State::Unknown)
}

pub fn render(report: &RunReport, t: &Thresholds) -> String {
    let s = report.summary();
    let overall = state(report, t);
    let states: Vec<State> = report.results.iter().map(|r| probe_state(r, t)).collect();
    let mut summary = format!("{}/{} passed", s.pass, s.total);
    let bad: Vec<&str> = report
        .results
        .iter()
        .zip(&states)
        .filter(|(_, st)| **st != State::Ok)
        .map(|(r, _)| r.name.as_str())
        .collect();
    if !bad.is_empty() {
        let shown: Vec<&str> = bad.iter().take(3).copied().collect();
        let more = if bad.len() > 3 {
            format!(" and {} more", bad.len() - 3)
        } else {
            String::new()
        };
        let _ = write!(summary, "; not OK: {}{more}", shown.join(", "));
    }
    let mut out = format!(
        "PROBEKIT {} - {}: {summary} |",
        overall.word(),
        one_line(&report.suite)
    );
    let warn = t.warning.as_ref().map_or("", |r| r.text.as_str());
    let crit = t.critical.as_ref().map_or("", |r| r.text.as_str());
    for r in &report.results {
        if r.status == Status::Skipped {
            let _ = write!(out, " {}=U", label(&r.name));
        } else {
            // The suite's own latency levels where it has them, else `-w`/`-c`.
            let level =
                |own: Option<f64>, flag: &str| own.map_or(flag.to_string(), |v| v.to_string());
            let _ = write!(
                out,
                " {}={:.6}s;{};{};0",
                label(&r.name),
                r.duration.as_secs_f64(),
                level(r.time_limits.0, warn),
                level(r.time_limits.1, crit)
            );
        }
    }
    let _ = writeln!(
        out,
        " passed={};;;0;{} failed={};;;0;{}",
        s.pass,
        s.total,
        s.fail + s.error,
        s.total
    );
    for (r, st) in report.results.iter().zip(&states) {
        let why = match (st, r.reason.as_deref()) {
            (State::Ok, _) => format!("{:.3}s", r.duration.as_secs_f64()),
            (_, Some(reason)) => one_line(reason),
            (_, None) => format!("took {:.3}s", r.duration.as_secs_f64()),
        };
        let _ = writeln!(out, "[{}] {} - {}", st.word(), one_line(&r.name), why);
    }
    out
}

/// The line for a suite that could not be loaded (and so ran nothing).
pub fn unknown(message: &str) -> String {
    format!("PROBEKIT UNKNOWN - {}\n", one_line(message))
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ").replace('|', "/")
}

/// A perfdata label: always quoted; `'` doubled, `=` replaced (the guidelines forbid it).
fn label(name: &str) -> String {
    format!("'{}'", one_line(name).replace('\'', "''").replace('=', "_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_follow_the_plugin_guidelines() {
        let alerts = |range: &str, v: f64| Range::parse(range).unwrap().alerts(v);
        assert!(alerts("10", 11.0) && alerts("10", -1.0) && !alerts("10", 5.0));
        assert!(alerts("10:", 9.0) && !alerts("10:", 100.0));
        assert!(alerts("~:10", 11.0) && !alerts("~:10", -100.0));
        assert!(alerts("10:20", 21.0) && !alerts("10:20", 15.0));
        assert!(alerts("@10:20", 10.0) && alerts("@10:20", 20.0) && !alerts("@10:20", 21.0));
        assert!(alerts("0.5", 0.6) && !alerts("0.5", 0.5));
        for bad in ["", "x", "20:10", "1:y"] {
            assert!(Range::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn labels_are_quoted() {
        assert_eq!(label("it's=x"), "'it''s_x'");
    }
}
