//! Reports: one file per output format, all fed by the same [`RunReport`].

pub mod export;
pub mod human;
pub mod json;
pub mod junit;
pub mod nagios;
pub mod prometheus;
pub mod tap;

use crate::metrics::Format;
use crate::runner::RunReport;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum OutputFormat {
    /// One line per probe and a summary, for people.
    Human,
    /// One JSON document per run (schema: docs/json-schema.md).
    Json,
    /// Prometheus text format 0.0.4, blackbox_exporter's metric names (docs/metrics.md).
    Prometheus,
    /// OpenMetrics 1.0, the same metrics.
    Openmetrics,
    /// JUnit XML for CI test reports (GitLab, Jenkins, GitHub actions).
    Junit,
    /// TAP version 14.
    Tap,
    /// TAP version 13, for harnesses that predate 14 (Debian 12's prove).
    Tap13,
    /// A Nagios/Icinga plugin status line with perfdata, and the plugin exit codes 0–3.
    Nagios,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 8] = [
        OutputFormat::Human,
        OutputFormat::Json,
        OutputFormat::Prometheus,
        OutputFormat::Openmetrics,
        OutputFormat::Junit,
        OutputFormat::Tap,
        OutputFormat::Tap13,
        OutputFormat::Nagios,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Human => "human",
            OutputFormat::Json => "json",
            OutputFormat::Prometheus => "prometheus",
            OutputFormat::Openmetrics => "openmetrics",
            OutputFormat::Junit => "junit",
            OutputFormat::Tap => "tap",
            OutputFormat::Tap13 => "tap13",
            OutputFormat::Nagios => "nagios",
        }
    }

    pub fn parse(name: &str) -> Option<OutputFormat> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

/// How a report is rendered beyond its format.
#[derive(Clone, Debug, Default)]
pub struct Style {
    /// ANSI colours (human format only).
    pub color: bool,
    /// `--warning`/`--critical` (nagios format only).
    pub thresholds: nagios::Thresholds,
}

/// Renders a report in a format.
pub fn render(report: &RunReport, format: OutputFormat, style: &Style) -> String {
    match format {
        OutputFormat::Human => human::render(report, style.color),
        OutputFormat::Json => json::render(report),
        OutputFormat::Prometheus => prometheus::render(report, Format::Text),
        OutputFormat::Openmetrics => prometheus::render(report, Format::OpenMetrics),
        OutputFormat::Junit => junit::render(report),
        OutputFormat::Tap => tap::render(report, 14),
        OutputFormat::Tap13 => tap::render(report, 13),
        OutputFormat::Nagios => nagios::render(report, &style.thresholds),
    }
}

/// Writes a report in a format to `out`; the JSON report as it is serialised (see
/// [`json::write`]), the others rendered first.
pub fn write(
    report: &RunReport,
    format: OutputFormat,
    style: &Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Json => json::write(report, out),
        _ => out.write_all(render(report, format, style).as_bytes()),
    }
}

/// The HTTP exchange recorded with `-v` (an HTTP probe's, or a metrics scrape's).
pub fn exchange(r: &crate::runner::ProbeResult) -> &[String] {
    use crate::check::Details;
    match &r.details {
        Some(Details::Http(d)) => &d.exchange,
        Some(Details::Metrics(m)) => m.http.as_ref().map_or(&[], |h| &h.exchange),
        _ => &[],
    }
}

/// Lines of the body a failure shows.
const EVIDENCE_LINES: usize = 8;

/// What came back from a probe that did not pass, as lines of text (not yet escaped for any
/// format): the HTTP status line, the headers that matter and the body's first lines; a TCP
/// reply; a command's output. Empty for a probe that passed or saw nothing.
pub fn evidence(r: &crate::runner::ProbeResult) -> Vec<String> {
    use crate::check::Details;
    use crate::runner::Status;
    if !matches!(r.status, Status::Fail | Status::Error) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut text_lines = |label: &str, text: &str, truncated: bool| {
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().take(EVIDENCE_LINES).enumerate() {
            out.push(if i == 0 && !label.is_empty() {
                format!("{label}{l}")
            } else {
                l.to_string()
            });
        }
        if truncated || lines.len() > EVIDENCE_LINES {
            out.push("…".into());
        }
    };
    match &r.details {
        Some(Details::Http(d)) => {
            let Some(e) = &d.evidence else {
                return Vec::new();
            };
            text_lines("", &e.status_line, false);
            for (name, value) in &e.headers {
                text_lines("", &format!("{name}: {value}"), false);
            }
            if !e.body.is_empty() {
                text_lines("", &e.body, e.body_truncated);
            }
        }
        Some(Details::Tcp(d)) if !d.response.is_empty() => {
            text_lines("reply: ", &d.response, false);
        }
        Some(Details::Command(d)) => {
            if !d.stdout.is_empty() {
                text_lines("stdout: ", &d.stdout, d.stdout_truncated);
            }
            if !d.stderr.is_empty() {
                text_lines("stderr: ", &d.stderr, d.stderr_truncated);
            }
        }
        _ => {}
    }
    out
}
