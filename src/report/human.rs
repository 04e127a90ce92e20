//! The human view: one line per probe in suite order, then a summary.

use std::fmt::Write;

use crate::escapes::for_terminal;
use crate::runner::{ProbeResult, RunReport, Status};
use crate::units::format_duration;

/// Names longer than this are not used to widen the name column.
const NAME_COLUMN_MAX: usize = 40;

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn status_word(status: Status, color: bool) -> String {
    let (word, code) = match status {
        Status::Pass => ("PASS ", "32"),
        Status::Warn => ("WARN ", "33;1"),
        Status::Fail => ("FAIL ", "31;1"),
        Status::Error => ("ERROR", "35;1"),
        Status::Skipped => ("SKIP ", "33"),
    };
    paint(word, code, color)
}

pub fn line(r: &ProbeResult, name_width: usize, color: bool) -> String {
    let name = for_terminal(&r.name);
    let mut s = format!("{} {:<name_width$}", status_word(r.status, color), name);
    let took = if r.attempts == 0 {
        String::new()
    } else {
        format_duration(r.duration)
    };
    let _ = write!(s, " {took:>8}  {}", for_terminal(&r.target));
    if r.attempts > 1 {
        let _ = write!(s, " ({} attempts)", r.attempts);
    }
    if let Some(reason) = &r.reason {
        let _ = write!(
            s,
            " — {}",
            paint(
                &for_terminal(reason),
                "2",
                color && r.status == Status::Skipped
            )
        );
    }
    s
}

pub fn render(report: &RunReport, color: bool) -> String {
    let width = report
        .results
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(NAME_COLUMN_MAX);
    let mut out = String::new();
    for r in &report.results {
        out.push_str(&line(r, width, color));
        out.push('\n');
        // `-v`: the exchange, as curl -v shows it.
        for l in super::exchange(r) {
            let _ = writeln!(out, "      {}", paint(&for_terminal(l), "2", color));
        }
        // What came back, under the line, so that a failure explains itself.
        for e in super::evidence(r) {
            let _ = writeln!(out, "      {}", paint(&for_terminal(&e), "2", color));
        }
    }
    let s = report.summary();
    let verdict = if report.passed() {
        paint("OK", "32;1", color)
    } else {
        paint("FAILED", "31;1", color)
    };
    // Warnings are counted only when there are some: most suites have none.
    let warned = match s.warn {
        0 => String::new(),
        n => format!(", {n} warned"),
    };
    let _ = writeln!(
        out,
        "\n{verdict}: {} probe{} in {} — {} passed{warned}, {} failed, {} errors, {} skipped",
        s.total,
        if s.total == 1 { "" } else { "s" },
        format_duration(report.duration),
        s.pass,
        s.fail,
        s.error,
        s.skipped
    );
    out
}
