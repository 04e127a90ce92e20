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
