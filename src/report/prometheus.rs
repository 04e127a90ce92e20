//! probekit's results as metrics: Prometheus text format 0.0.4 and OpenMetrics 1.0.
//!
//! Where a result means what it means in blackbox_exporter, the family has blackbox_exporter's
//! name, type and HELP (`probe_success`, `probe_http_duration_seconds{phase=…}`, …), so existing
//! dashboards and alert rules keep working; the rest is `probekit_…`. Every sample carries
//! `suite` and `probe` labels plus the suite's and the probe's own labels. No timestamps: the
//! textfile collector and the Pushgateway reject them.

use std::collections::{BTreeMap, HashSet};
use std::time::UNIX_EPOCH;

#[cfg(any(feature = "file", feature = "process"))]
use crate::check::host::HostDetails;
use crate::check::host::measure_key;
use crate::check::net::Timings;
use crate::check::{Details, ErrorKind};
use crate::expect::Unit;
use crate::metrics::Format;
use crate::metrics::write::{Family, push_label, write_families};
use crate::runner::{ProbeResult, RunReport, Status};
use crate::suite::CheckKind;

/// The families, in the order they are written. All are gauges, as in blackbox_exporter.
const FAMILIES: &[(&str, &str)] = &[
    (
        "probe_success",
        "Displays whether or not the probe was a success",
    ),
    (
        "probe_duration_seconds",
        "Returns how long the probe took to complete in seconds",
    ),
    (
        "probe_dns_lookup_time_seconds",
        "Returns the time taken for probe dns lookup in seconds",
    ),
    ("probe_http_status_code", "Response HTTP status code"),
    (
        "probe_http_duration_seconds",
        "Duration of http request by phase, summed over all redirects",
    ),
    ("probe_http_redirects", "The number of redirects"),
    (
        "probe_http_ssl",
        "Indicates if SSL was used for the final redirect",
    ),
    (
        "probe_http_version",
        "Returns the version of HTTP of the probe response",
    ),
    (
        "probe_http_uncompressed_body_length",
        "Length of uncompressed response body",
    ),
    (
        "probe_ssl_earliest_cert_expiry",
        "Returns last SSL chain expiry in unixtime",
    ),
    (
        "probe_tls_version_info",
        "Returns the TLS version used or NaN when unknown",
    ),
    (
        "probekit_probe_status",
        "The probe's outcome: 1 for the status it had (pass, warn, fail, error, skipped), 0 for the others",
    ),
    (
        "probekit_probe_severity",
        "How bad the probe's outcome is: 0 ok (or skipped), 1 warning, 2 critical (failed or errored), as Nagios counts",
    ),
    (
        "probekit_probe_attempts",
        "Attempts made by the probe in this run, retries included",
    ),
    (
        "probekit_probe_stale",
        "Present (1) when serve's latest result of the probe is older than its interval and timeout; probe_success is then 0",
    ),
    (
        "probekit_assertion_success",
        "Whether an expectation of the probe held (1) or not (0)",
    ),
    (
        "probekit_command_exit_code",
        "Exit code of a command probe; absent when it was killed by a signal",
    ),
    (
        "probekit_database_accepting",
        "Whether a database server accepted connections (1) or answered that it rejects them (0); absent when it did not answer",
    ),
    (
        "probe_dns_duration_seconds",
        "Duration of DNS request by phase",
    ),
    (
        "probe_dns_answer_rrs",
        "Returns number of entries in the answer resource record list",
    ),
    (
        "probe_dns_authority_rrs",
        "Returns number of entries in the authority resource record list",
    ),
    (
        "probe_dns_additional_rrs",
        "Returns number of entries in the additional resource record list",
    ),
    (
        "probe_dns_query_succeeded",
        "Displays whether or not the query was executed successfully",
    ),
    (
        "probekit_service_active",
        "Whether the systemd unit is active (1) or not (0)",
    ),
    (
        "probe_grpc_healthcheck_response",
        "Response HealthCheck response",
    ),
    ("probe_grpc_status_code", "Response gRPC status code"),
    (
        "probe_grpc_ssl",
        "Indicates if SSL was used for the connection",
    ),
    (
        "probe_icmp_duration_seconds",
        "Duration of icmp request by phase",
    ),
    (
        "probekit_file_exists",
        "Whether a file probe's path exists (1) or not (0)",
    ),
    (
        "probekit_suite_success",
        "Whether every probe of the suite passed",
    ),
    (
        "probekit_suite_duration_seconds",
        "Wall time of the whole suite run in seconds",
    ),
    ("probekit_suite_probes", "Probes of the suite by outcome"),
    (
        "probekit_last_run_timestamp_seconds",
        "When the suite run started, in seconds since the Unix epoch",
    ),
];

struct Families(Vec<Family>);

impl Families {
    fn new() -> Families {
        let host = crate::suite::MEASURES.iter().map(|m| (m.metric, m.help));
        Families(
            FAMILIES
                .iter()
                .copied()
                .chain(host)
                .map(|(name, help)| Family {
                    name,
                    help,
                    samples: Vec::new(),
                })
                .collect(),
        )
    }

    fn add(&mut self, name: &str, labels: String, value: f64) {
        // FAMILIES is small; a linear search keeps the order declared above.
        if let Some(f) = self.0.iter_mut().find(|f| f.name == name) {
            f.samples.push((labels, value));
        } else {
            debug_assert!(false, "unknown family {name}");
        }
    }
}

/// Renders the run as an exposition.
pub fn render(report: &RunReport, format: Format) -> String {
    render_with(report, format, true)
}

/// Renders the run; without the suite families (`probekit_suite_*`) when `suite_families` is
/// false, as for one probe run on demand.
pub fn render_with(report: &RunReport, format: Format, suite_families: bool) -> String {
    let mut families = Families::new();
    let suite_labels = label_text(&[("suite", report.suite.as_str())], &report.labels);

    for r in &report.results {
        let mut own = report.labels.clone();
        own.extend(r.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
        let base = label_text(
            &[("suite", report.suite.as_str()), ("probe", r.name.as_str())],
            &own,
        );
        probe_samples(&mut families, r, &base);
    }

    if !suite_families {
        return write_families(&families.0, format);
    }
    let summary = report.summary();
    families.add(
        "probekit_suite_success",
        suite_labels.clone(),
        f64::from(u8::from(report.passed())),
    );
    families.add(
        "probekit_suite_duration_seconds",
        suite_labels.clone(),
        report.duration.as_secs_f64(),
    );
    for (status, count) in [
        ("pass", summary.pass),
        ("warn", summary.warn),
        ("fail", summary.fail),
        ("error", summary.error),
        ("skipped", summary.skipped),
    ] {
        families.add(
            "probekit_suite_probes",
            with_label(&suite_labels, "status", status),
            count as f64,
        );
    }
    let started = report
        .started_at
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    families.add(
        "probekit_last_run_timestamp_seconds",
        suite_labels,
        (started * 1000.0).round() / 1000.0,
    );

    write_families(&families.0, format)
}

fn probe_samples(families: &mut Families, r: &ProbeResult, base: &str) {
    // A warning is not a failure: `probe_success` stays what alerts on it expect, and the
    // severity series says how bad it is (0 ok, 1 warning, 2 critical, as Nagios counts).
    let success = f64::from(u8::from(matches!(r.status, Status::Pass | Status::Warn)));
    families.add("probe_success", base.to_string(), success);
    let severity = match r.status {
        Status::Pass | Status::Skipped => 0.0,
        Status::Warn => 1.0,
        Status::Fail | Status::Error => 2.0,
    };
    families.add("probekit_probe_severity", base.to_string(), severity);
    for status in [
        Status::Pass,
        Status::Warn,
        Status::Fail,
        Status::Error,
        Status::Skipped,
    ] {
        families.add(
            "probekit_probe_status",
            with_label(base, "status", status.as_str()),
            f64::from(u8::from(r.status == status)),
        );
    }
    families.add(
        "probekit_probe_attempts",
        base.to_string(),
        f64::from(r.attempts),
    );
    if r.error.as_ref().is_some_and(|e| e.kind == ErrorKind::Stale) {
        families.add("probekit_probe_stale", base.to_string(), 1.0);
    }
    if r.status == Status::Skipped {
        return;
    }
    families.add(
        "probe_duration_seconds",
        base.to_string(),
        r.duration.as_secs_f64(),
    );

    let mut seen = HashSet::new();
    for a in &r.assertions {
        let mut name = format!("{} {}", a.subject, a.expected);
        let mut n = 2;
        while !seen.insert(name.clone()) {
            name = format!("{} {} #{n}", a.subject, a.expected);
            n += 1;
        }
        families.add(
            "probekit_assertion_success",
            with_label(base, "assertion", &name),
            f64::from(u8::from(a.pass)),
        );
    }

    match &r.details {
        Some(Details::Http(d)) => {
            dns(families, base, &d.timings);
            families.add(
                "probe_http_status_code",
                base.to_string(),
                f64::from(d.status.unwrap_or(0)),
            );
            let t = &d.timings;
            for (phase, seconds) in [
                ("resolve", t.dns.as_secs_f64()),
                ("connect", t.connect.as_secs_f64()),
                ("tls", t.tls.as_secs_f64()),
                ("processing", t.first_byte.as_secs_f64()),
                ("transfer", t.transfer.as_secs_f64()),
            ] {
                families.add(
                    "probe_http_duration_seconds",
                    with_label(base, "phase", phase),
                    seconds,
                );
            }
            families.add(
                "probe_http_redirects",
                base.to_string(),
                f64::from(d.redirects),
            );
            families.add(
                "probe_http_ssl",
                base.to_string(),
                f64::from(u8::from(d.url.starts_with("https://"))),
            );
            if let Some(v) = d.protocol.and_then(|p| p.parse::<f64>().ok()) {
                families.add("probe_http_version", base.to_string(), v);
            }
            families.add(
                "probe_http_uncompressed_body_length",
                base.to_string(),
                d.body_bytes as f64,
            );
            tls(families, base, d.tls.as_deref());
        }
        Some(Details::Tcp(d) | Details::Tls(d)) => {
            dns(families, base, &d.endpoint.timings);
            tls(families, base, d.tls.as_ref());
        }
        Some(Details::Database(d)) => {
            dns(families, base, &d.endpoint.timings);
            tls(families, base, d.tls.as_ref());
            if let Some(state) = d.state {
                families.add(
                    "probekit_database_accepting",
                    base.to_string(),
                    f64::from(u8::from(state == crate::expect::ServerState::Accepting)),
                );
            }
        }
        #[cfg(any(feature = "file", feature = "process"))]
        Some(Details::File(d)) => {
            if let Some(exists) = d.exists {
                families.add(
                    "probekit_file_exists",
                    base.to_string(),
                    f64::from(u8::from(exists)),
                );
            }
            host(families, base, CheckKind::File, d);
        }
        #[cfg(any(feature = "file", feature = "process"))]
        Some(Details::Disk(d)) => host(families, base, CheckKind::Disk, d),
        #[cfg(any(feature = "file", feature = "process"))]
        Some(Details::Memory(d)) => host(families, base, CheckKind::Memory, d),
        #[cfg(any(feature = "file", feature = "process"))]
        Some(Details::Load(d)) => host(families, base, CheckKind::Load, d),
        #[cfg(any(feature = "file", feature = "process"))]
        Some(Details::Process(d)) => host(families, base, CheckKind::Process, d),
        #[cfg(feature = "dns")]
        Some(Details::Dns(d)) => {
            for (phase, t) in [
                ("resolve", d.resolve),
                ("connect", d.connect),
                ("request", d.request),
            ] {
                families.add(
                    "probe_dns_duration_seconds",
                    with_label(base, "phase", phase),
                    t.as_secs_f64(),
                );
            }
            let answered = d.rcode.is_some();
            families.add(
                "probe_dns_query_succeeded",
                base.to_string(),
                f64::from(u8::from(answered)),
            );
            if answered {
                for (family, n) in [
                    ("probe_dns_answer_rrs", d.answers.len()),
                    ("probe_dns_authority_rrs", d.authority_count),
                    ("probe_dns_additional_rrs", d.additional_count),
                ] {
                    families.add(family, base.to_string(), n as f64);
                }
            }
        }
        #[cfg(feature = "service")]
        Some(Details::Service(d)) if !d.active_state.is_empty() => {
            families.add(
                "probekit_service_active",
                base.to_string(),
                f64::from(u8::from(d.active_state == "active")),
            );
        }
        #[cfg(feature = "service")]
        Some(Details::Service(_)) => {}
        #[cfg(feature = "grpc")]
        Some(Details::Grpc(d)) => {
            dns(families, base, &d.endpoint.timings);
            tls(families, base, d.tls.as_ref());
            families.add(
                "probe_grpc_ssl",
                base.to_string(),
                f64::from(u8::from(d.tls.is_some())),
            );
            if let Some(code) = d.grpc_status {
                families.add("probe_grpc_status_code", base.to_string(), f64::from(code));
            }
            if let Some(serving) = d.serving_status {
                for status in crate::suite::SERVING_STATUSES {
                    families.add(
                        "probe_grpc_healthcheck_response",
                        with_label(base, "serving_status", status),
                        f64::from(u8::from(status == serving)),
                    );
                }
            }
        }
        #[cfg(feature = "icmp")]
        Some(Details::Icmp(d)) => {
            families.add(
                "probe_icmp_duration_seconds",
                with_label(base, "phase", "resolve"),
                d.resolve.as_secs_f64(),
            );
            if let Some(rtt) = d.measures.get("rtt_seconds") {
                families.add(
                    "probe_icmp_duration_seconds",
                    with_label(base, "phase", "rtt"),
                    *rtt,
                );
            }
            measures(families, base, CheckKind::Icmp, &d.measures);
        }
        Some(Details::Metrics(_)) => {}
        Some(Details::Command(d)) => {
            if let Some(code) = d.exit_code {
                families.add(
                    "probekit_command_exit_code",
                    base.to_string(),
                    f64::from(code),
                );
            }
        }
        None => {}
    }
}

/// The measures of a probe of the machine, each in its own family; percentages as ratios.
#[cfg(any(feature = "file", feature = "process"))]
fn host(families: &mut Families, base: &str, kind: CheckKind, d: &HostDetails) {
    measures(families, base, kind, &d.measures);
}

fn measures(
    families: &mut Families,
    base: &str,
    kind: CheckKind,
    measured: &std::collections::BTreeMap<String, f64>,
) {
    for spec in crate::suite::MEASURES.iter().filter(|m| m.kind == kind) {
        if let Some(v) = measured.get(&measure_key(spec.name, spec.unit)) {
            // Held to a thousandth of a percent; written as a ratio without float noise.
            let v = if spec.unit == Unit::Percent {
                (v * 1000.0).round() / 100_000.0
            } else {
                *v
            };
            families.add(spec.metric, base.to_string(), v);
        }
    }
}

fn dns(families: &mut Families, base: &str, t: &Timings) {
    families.add(
        "probe_dns_lookup_time_seconds",
        base.to_string(),
        t.dns.as_secs_f64(),
    );
}

fn tls(families: &mut Families, base: &str, info: Option<&crate::check::tls::TlsInfo>) {
    let Some(info) = info else { return };
    if let Some(not_after) = info.cert_not_after {
        families.add(
            "probe_ssl_earliest_cert_expiry",
            base.to_string(),
            not_after as f64,
        );
    }
    families.add(
        "probe_tls_version_info",
        with_label(base, "version", &info.version),
        1.0,
    );
}

/// `a="1",b="2"` from fixed pairs first, then the other labels (fixed names win).
pub fn label_text(fixed: &[(&str, &str)], others: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    for (k, v) in fixed {
        push_label(&mut out, k, v);
    }
    for (k, v) in others {
        if !fixed.iter().any(|(f, _)| f == k) {
            push_label(&mut out, k, v);
        }
    }
    out
}

fn with_label(base: &str, name: &str, value: &str) -> String {
    let mut out = String::with_capacity(base.len() + name.len() + value.len() + 4);
    out.push_str(base);
    push_label(&mut out, name, value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_labels_win_over_user_labels() {
        let mut others = BTreeMap::new();
        others.insert("env".to_string(), "prod".to_string());
        let text = label_text(&[("suite", "s"), ("probe", "p")], &others);
        assert_eq!(text, r#"suite="s",probe="p",env="prod""#);
    }
}
