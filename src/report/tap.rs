//! TAP: one test point per probe, YAML diagnostics for the ones that did not pass, `# SKIP`
//! with the reason for skipped probes. Version 14 by default; version 13 for harnesses that
//! predate 14 (Debian 12's `prove`, Test::Harness 3.44, refuses a version 14 line). The body is
//! the same: nothing in it needs 14.

use std::fmt::Write as _;

use crate::runner::{RunReport, Status};

pub fn render(report: &RunReport, version: u8) -> String {
    let mut out = String::with_capacity(256 + report.results.len() * 128);
    let _ = writeln!(out, "TAP version {version}");
    let _ = writeln!(out, "1..{}", report.results.len());
    for (i, r) in report.results.iter().enumerate() {
        let n = i + 1;
        let name = description(&r.name);
        match r.status {
            Status::Pass => {
                let _ = writeln!(out, "ok {n} - {name}");
            }
            // TAP has no warning: the point passes, with the warning as a comment.
            Status::Warn => {
                let _ = writeln!(out, "ok {n} - {name}");
                let reason = description(r.reason.as_deref().unwrap_or("warning"));
                let _ = writeln!(out, "# warning: {reason}");
            }
            Status::Skipped => {
                let reason = description(r.reason.as_deref().unwrap_or("skipped"));
                let _ = writeln!(out, "ok {n} - {name} # SKIP {reason}");
            }
            Status::Fail | Status::Error => {
                let _ = writeln!(out, "not ok {n} - {name}");
                out.push_str("  ---\n");
                yaml_field(&mut out, "message", r.reason.as_deref().unwrap_or(""));
                yaml_field(&mut out, "severity", r.status.as_str());
                yaml_field(&mut out, "kind", r.kind.as_str());
                yaml_field(&mut out, "target", &r.target);
                let _ = writeln!(out, "  attempts: {}", r.attempts);
                let _ = writeln!(out, "  duration_seconds: {:.6}", r.duration.as_secs_f64());
                if let Some(e) = &r.error {
                    out.push_str("  error:\n");
                    let _ = writeln!(out, "    type: {}", e.kind.as_str());
                    let _ = writeln!(out, "    message: {}", quoted(&e.message));
                }
                let failed: Vec<_> = r.assertions.iter().filter(|a| !a.pass).collect();
                if !failed.is_empty() {
                    out.push_str("  assertions:\n");
                    for a in failed {
                        let _ = writeln!(out, "    - subject: {}", quoted(&a.subject));
                        let _ = writeln!(out, "      expected: {}", quoted(&a.expected));
                        let _ = writeln!(out, "      actual: {}", quoted(&a.actual));
                    }
                }
                out.push_str("  ...\n");
            }
        }
    }
    let s = report.summary();
    let _ = writeln!(
        out,
        "# {}: {} probes, {} passed, {} failed, {} errors, {} skipped",
        description(&report.suite),
        s.total,
        s.pass,
        s.fail,
        s.error,
        s.skipped
    );
    out
}

/// A description or directive reason: one line, `#` and `\` escaped (TAP 14).
fn description(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '#' => out.push_str("\\#"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A YAML 1.2 double-quoted scalar (JSON string syntax is a subset of it).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn yaml_field(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "  {key}: {}", quoted(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_escaped() {
        assert_eq!(description(r"a # b \ c"), r"a \# b \\ c");
        assert_eq!(quoted("say \"hi\"\n"), r#""say \"hi\"\n""#);
    }
}
