//! JUnit XML for CI: GitLab, Jenkins and the GitHub test-report actions read it.
//!
//! One `<testsuite>` per suite, one `<testcase>` per probe (classname = suite, so GitLab shows
//! the suite), `<failure>` for expectations that did not hold, `<error>` for checks that could
//! not be carried out, `<skipped>` with the reason. The reason is in both `message=` (Jenkins)
//! and the element text (GitLab ignores the attribute). Times are seconds with three decimals,
//! as the Surefire schema requires. Valid against Jenkins' junit-10.xsd.

use std::fmt::Write as _;

use crate::runner::{ProbeResult, RunReport, Status};

pub fn render(report: &RunReport) -> String {
    let s = report.summary();
    let time = seconds(report.duration.as_secs_f64());
    let mut out = String::with_capacity(1024 + report.results.len() * 256);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"probekit\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{time}\">",
        s.total, s.fail, s.error
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{time}\" timestamp=\"{}\" file=\"{}\">",
        attr(&report.suite),
        s.total,
        s.fail,
        s.error,
        s.skipped,
        humantime::format_rfc3339_seconds(report.started_at),
        attr(&report.source),
    );
    out.push_str("    <properties>\n");
    let _ = writeln!(
        out,
        "      <property name=\"probekit.version\" value=\"{}\"/>",
        env!("CARGO_PKG_VERSION")
    );
    for (k, v) in &report.labels {
        let _ = writeln!(
            out,
            "      <property name=\"label.{}\" value=\"{}\"/>",
            attr(k),
            attr(v)
        );
    }
    out.push_str("    </properties>\n");
    for r in &report.results {
        testcase(&mut out, &report.suite, r);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn testcase(out: &mut String, suite: &str, r: &ProbeResult) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" time=\"{}\"",
        attr(suite),
        attr(&r.name),
        seconds(r.duration.as_secs_f64())
    );
    let reason = r.reason.as_deref().unwrap_or("");
    match r.status {
        Status::Pass => {
            out.push_str("/>\n");
            return;
        }
        // JUnit has no warning: the case passes, and says why it warned.
        Status::Warn => {
            let _ = writeln!(
                out,
                ">\n      <system-out>warning: {}</system-out>",
                text(&details(r))
            );
        }
        Status::Skipped => {
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\">{}</skipped>",
                attr(reason),
                text(reason)
            );
        }
        Status::Fail => {
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"assertion\">{}</failure>",
                attr(reason),
                text(&details(r))
            );
        }
        Status::Error => {
            let kind = r.error.as_ref().map_or("error", |e| e.kind.as_str());
            let _ = writeln!(
                out,
                ">\n      <error message=\"{}\" type=\"{kind}\">{}</error>",
                attr(reason),
                text(&details(r))
            );
        }
    }
    out.push_str("    </testcase>\n");
}

/// The failure as a reader wants it in a CI log: the target, then every expectation.
fn details(r: &ProbeResult) -> String {
    let mut d = format!("{} {}\n", r.kind.as_str(), r.target);
    if r.attempts > 1 {
        let _ = writeln!(d, "attempts: {}", r.attempts);
    }
    if let Some(e) = &r.error {
        let _ = writeln!(d, "error ({}): {}", e.kind.as_str(), e.message);
    }
    for a in &r.assertions {
        let mark = match (a.pass, a.severity) {
            (true, _) => "ok  ",
            (false, crate::expect::Severity::Warning) => "WARN",
            (false, crate::expect::Severity::Critical) => "FAIL",
        };
        let _ = writeln!(d, "{mark} {} {} (got {})", a.subject, a.expected, a.actual);
    }
    let evidence = super::evidence(r);
    if !evidence.is_empty() {
        d.push_str("response:\n");
        for e in evidence {
            let _ = writeln!(d, "  {}", crate::escapes::for_terminal(&e));
        }
    }
    d
}

/// Seconds with three decimals (Surefire's time pattern).
fn seconds(s: f64) -> String {
    format!("{s:.3}")
}

/// Text content: `&`, `<`, `>` escaped, characters XML 1.0 forbids dropped.
fn text(s: &str) -> String {
    escape(s, false)
}

/// Attribute values: also quotes, and line breaks kept as character references.
fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' if attribute => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_xml_well_formed() {
        assert_eq!(attr("a\"<&>'\nb\u{1}"), "a&quot;&lt;&amp;&gt;&apos;&#10;b");
        assert_eq!(text("x < y\n\u{7}z"), "x &lt; y\nz");
        assert_eq!(seconds(0.0123456), "0.012");
    }
}
