//! The JSON report: one document per run. The schema is versioned (`schema_version`) and
//! documented in docs/json-schema.md; fields are only ever added within a version.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use crate::check::{CheckError, Details};
use crate::expect::Assertion;
use crate::runner::{RunReport, Status, Summary};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    probekit_version: &'static str,
    suite: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    labels: &'a BTreeMap<String, String>,
    started_at: String,
    #[serde(serialize_with = "crate::check::net::seconds")]
    duration_seconds: Duration,
    status: &'static str,
    summary: Summary,
    probes: Vec<ProbeView<'a>>,
}

#[derive(Serialize)]
struct ProbeView<'a> {
    name: &'a str,
    kind: &'static str,
    target: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    labels: &'a BTreeMap<String, String>,
    status: Status,
    attempts: u32,
    #[serde(serialize_with = "crate::check::net::seconds")]
    duration_seconds: Duration,
    #[serde(serialize_with = "crate::check::net::seconds")]
    elapsed_seconds: Duration,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    /// Skipped behind a closed gate, which counts as passed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    gated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a CheckError>,
    assertions: &'a [Assertion],
    /// Kind-specific facts under a key named after the kind: `"http": {…}`.
    #[serde(skip_serializing_if = "Option::is_none", flatten)]
    details: Option<&'a Details>,
}

pub fn render(report: &RunReport) -> String {
    let mut out = Vec::new();
    if let Err(e) = write(report, &mut out) {
        return format!("{{\"error\": \"cannot serialise the report: {e}\"}}\n");
    }
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// The report written to `out` as it is serialised: 100,000 probes make 95 MB of JSON, which
/// is never held in memory.
pub fn write(report: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        probekit_version: env!("CARGO_PKG_VERSION"),
        suite: &report.suite,
        labels: &report.labels,
        started_at: humantime::format_rfc3339_millis(report.started_at).to_string(),
        duration_seconds: report.duration,
        status: if report.passed() { "pass" } else { "fail" },
        summary: report.summary(),
        probes: report
            .results
            .iter()
            .map(|r| ProbeView {
                name: &r.name,
                kind: r.kind.as_str(),
                target: &r.target,
                tags: &r.tags,
                labels: &r.labels,
                status: r.status,
                attempts: r.attempts,
                duration_seconds: r.duration,
                elapsed_seconds: r.elapsed,
                reason: r.reason.as_deref(),
                gated: r.gated,
                error: r.error.as_ref(),
                assertions: &r.assertions,
                details: r.details.as_ref(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
