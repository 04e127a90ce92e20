//! Metrics delivered elsewhere: node_exporter's textfile collector and the Pushgateway.

use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine as _;
use tokio::time::Instant;

use super::prometheus;
use crate::check::{Engine, attempt};
use crate::expect::{Expect, StatusSet};
use crate::metrics::Format;
use crate::runner::RunReport;
use crate::suite::env::EnvString;
use crate::suite::{Check, HttpCheck};

/// How long a push may take, connection included.
const PUSH_TIMEOUT: Duration = Duration::from_secs(10);

/// `DIR/<suite>.prom`, with the suite name reduced to characters safe in a file name.
pub fn textfile_path(dir: &Path, suite: &str) -> PathBuf {
    let name: String = suite
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim_start_matches('.');
    let name = if name.is_empty() { "probekit" } else { name };
    dir.join(format!("{name}.prom"))
}

/// Writes the run's metrics for the textfile collector: text format 0.0.4 without timestamps,
/// through a temporary file in the same directory whose name does not end in `.prom`, synced,
/// made world-readable and renamed into place. Each run replaces the whole file, so a probe
/// removed from the suite disappears from it.
pub fn write_textfile(dir: &Path, report: &RunReport) -> Result<PathBuf, String> {
    if !dir.is_dir() {
        return Err(format!(
            "textfile directory {} does not exist",
            dir.display()
        ));
    }
    // Shards of one suite on one host each keep a file of their own.
    let name = match report.labels.get(crate::suite::shard::LABEL) {
        Some(shard) => format!("{}-shard-{}", report.suite, shard.replace('/', "-of-")),
        None => report.suite.clone(),
    };
    let path = textfile_path(dir, &name);
    let text = prometheus::render(report, Format::Text);
    crate::atomic_file::write_atomic_mode(&path, text.as_bytes(), 0o644)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// The Pushgateway URL of the group (job, suite, instance, and the shard of a sharded run, so
/// that shards do not replace each other's metrics). Values that contain `/` or are empty use
/// the `@base64` form; others are percent-encoded.
pub fn push_url(base: &str, job: &str, suite: &str, instance: &str, shard: Option<&str>) -> String {
    let mut url = base.trim_end_matches('/').to_string();
    url.push_str("/metrics");
    let mut key = vec![("job", job), ("suite", suite), ("instance", instance)];
    if let Some(shard) = shard {
        key.push((crate::suite::shard::LABEL, shard));
    }
    for (name, value) in key {
        url.push('/');
        url.push_str(name);
        if value.is_empty() || value.contains('/') {
            url.push_str("@base64/");
            let encoded = base64::engine::general_purpose::URL_SAFE.encode(value);
            url.push_str(if encoded.is_empty() { "=" } else { &encoded });
        } else {
            url.push('/');
            percent_encode(value, &mut url);
        }
    }
    url
}

fn percent_encode(value: &str, out: &mut String) {
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// This host's name, for the `instance` grouping label.
pub fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// PUTs the run's metrics to a Pushgateway: the group then holds exactly this run's probes.
/// Uses the same HTTP client as the probes (redirects, TLS, timeouts, redacted credentials).
pub async fn push(
    engine: &Engine,
    gateway: &str,
    job: &str,
    instance: &str,
    report: &RunReport,
) -> Result<String, String> {
    let shard = report.labels.get(crate::suite::shard::LABEL);
    let url = push_url(
        gateway,
        job,
        &report.suite,
        instance,
        shard.map(String::as_str),
    );
    let body = prometheus::render(report, Format::Text);
    let mut put = HttpCheck::get(EnvString::literal(url), PUSH_TIMEOUT);
    put.method = http::Method::PUT;
    put.headers = vec![(
        http::header::CONTENT_TYPE,
        EnvString::literal(Format::Text.content_type()),
    )];
    put.body = Some(EnvString::literal(body));
    put.max_redirects = 3;
    put.max_body = 64 << 10;
    let check = Check::Http(put);
    let expect = Expect {
        status: Some(StatusSet::success()),
        ..Expect::default()
    };
    let result = attempt(engine, &check, &expect, Instant::now() + PUSH_TIMEOUT).await;
    if let Some(e) = result.error {
        return Err(format!("cannot push to {}: {}", result.target, e.message));
    }
    match result.assertions.iter().find(|a| !a.pass) {
        Some(a) => Err(format!(
            "the Pushgateway refused the push to {}: status {}",
            result.target, a.actual
        )),
        None => Ok(result.target),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_key_encoding() {
        assert_eq!(
            push_url("http://gw:9091/", "probekit", "web", "host-1", None),
            "http://gw:9091/metrics/job/probekit/suite/web/instance/host-1"
        );
        assert_eq!(
            push_url("http://gw:9091", "a/b", "", "h ü", None),
            "http://gw:9091/metrics/job@base64/YS9i/suite@base64/=/instance/h%20%C3%BC"
        );
        assert_eq!(
            push_url("http://gw:9091", "probekit", "web", "job", Some("1/4")),
            "http://gw:9091/metrics/job/probekit/suite/web/instance/job/shard@base64/MS80"
        );
    }

    #[test]
    fn textfile_names_are_safe() {
        let dir = Path::new("/d");
        assert_eq!(textfile_path(dir, "web"), Path::new("/d/web.prom"));
        assert_eq!(textfile_path(dir, "../x y"), Path::new("/d/_x_y.prom"));
        assert_eq!(textfile_path(dir, ".."), Path::new("/d/probekit.prom"));
    }
}
