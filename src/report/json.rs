//! The JSON report: one document per run. The schema is versioned (`schema_version`) and
//! documented in docs/json-schema.md; fields are only ever added within a version.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use crate::check::{CheckError, Details};
use crate::expect::Assertion;
use crate::runner::{ProbeResult, RunReport, Spooled, Status, Summary};

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
    probes: Probes<'a>,
}

/// The probes of a report in order, each from its result or, where the run spooled it, as the
/// spool holds it (read one at a time).
struct Probes<'a> {
    results: &'a [ProbeResult],
    spool: Option<&'a dyn crate::runner::Spool>,
}

impl Serialize for Probes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = s.serialize_seq(Some(self.results.len()))?;
        for r in self.results {
            match (r.spooled, self.spool) {
                (Some(at), Some(spool)) => {
                    let text = spool.read(at).map_err(S::Error::custom)?;
                    let raw =
                        serde_json::value::RawValue::from_string(text).map_err(S::Error::custom)?;
                    seq.serialize_element(&raw)?;
                }
                _ => seq.serialize_element(&view(r))?,
            }
        }
        seq.end()
    }
}

/// Finished results written out as the JSON report will show them, in an unnamed temporary
/// file, while a large run goes on: the run keeps each result's status and name, not its
/// assertions and details, and the report copies them back in order. Written as a nested
/// element of the report's `probes` (indented two levels), so that the document is byte for
/// byte the one the results would have given.
#[derive(Debug)]
pub struct Spool {
    file: std::fs::File,
    end: std::sync::Mutex<u64>,
}

/// The indentation of a probe inside the report's `probes` list.
const PROBE_INDENT: &[u8] = b"\n    ";

impl Spool {
    /// A spool in `dir` (the report's own directory, on disk where `/tmp` may be memory), or
    /// the temporary directory (`TMPDIR`), removed from it at once: it goes with the process.
    pub fn new(dir: Option<&std::path::Path>) -> std::io::Result<Spool> {
        use std::os::unix::fs::OpenOptionsExt;
        let dir = dir.map_or_else(std::env::temp_dir, std::path::Path::to_path_buf);
        for n in 0..100u32 {
            let path = dir.join(format!(
                ".probekit-spool-{}-{n}-{}",
                std::process::id(),
                fastrand::u64(..)
            ));
            // Only this user reads it, for the moment it has a name.
            match std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
            {
                Ok(file) => {
                    std::fs::remove_file(&path)?;
                    return Ok(Spool {
                        file,
                        end: std::sync::Mutex::new(0),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free name for a spool file"))
    }
}

impl crate::runner::Spool for Spool {
    /// A result the spool cannot take (a full disk) stays whole in memory.
    fn keep(&self, r: &mut ProbeResult) {
        use std::os::unix::fs::FileExt;
        let Ok(text) = serde_json::to_vec_pretty(&view(r)) else {
            return;
        };
        let mut bytes = Vec::with_capacity(text.len() + text.len() / 8);
        for (i, line) in text.split(|b| *b == b'\n').enumerate() {
            if i > 0 {
                bytes.extend_from_slice(PROBE_INDENT);
            }
            bytes.extend_from_slice(line);
        }
        let mut end = self.end.lock().unwrap_or_else(|e| e.into_inner());
        if self.file.write_all_at(&bytes, *end).is_err() {
            return;
        }
        r.spooled = Some(Spooled {
            offset: *end,
            len: bytes.len(),
        });
        *end += bytes.len() as u64;
        r.assertions = Vec::new();
        r.details = None;
    }

    fn read(&self, at: Spooled) -> std::io::Result<String> {
        use std::os::unix::fs::FileExt;
        let mut buf = vec![0; at.len];
        self.file.read_exact_at(&mut buf, at.offset)?;
        String::from_utf8(buf).map_err(std::io::Error::other)
    }
}

fn view(r: &ProbeResult) -> ProbeView<'_> {
    ProbeView {
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
    }
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
        probes: Probes {
            results: &report.results,
            spool: report.spool.as_deref(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::runner::{self, NoObserver, RunOptions, Spool as _};

    /// A spooled run's report is byte for byte the report of its results held in memory.
    #[test]
    fn spooled_results_give_the_same_document() {
        let suite = crate::load::load_bytes(
            "s",
            "s",
            r#"
probes:
  - name: "ok-{{ item }}"
    for_each: [1, 2, 3]
    tags: [a, "b c"]
    labels: {team: "x\"y"}
    command: {argv: [sh, -c, "echo hello; echo 'caf\u00e9 \t' >&2"]}
    expect: {stdout: {contains: hello}}
  - name: failing
    command: {argv: [sh, -c, "echo nope; exit 3"]}
    expect: {stdout: {contains: "yes\n\"quoted\""}}
  - name: missing
    command: {argv: [/nonexistent/tool]}
  - name: behind
    depends_on: failing
    command: {argv: ["true"]}
"#
            .as_bytes(),
            &Default::default(),
        )
        .unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let report = runtime.block_on(runner::run(
            Arc::new(suite),
            Arc::new(crate::check::Engine::default()),
            RunOptions::default(),
            Arc::new(NoObserver),
        ));
        let whole = render(&report);
        let spool = Arc::new(Spool::new(None).unwrap());
        let mut spooled = report.clone();
        for r in &mut spooled.results {
            spool.keep(r);
            assert!(r.spooled.is_some() && r.assertions.is_empty() && r.details.is_none());
        }
        spooled.spool = Some(spool);
        assert_eq!(render(&spooled), whole);
        assert!(whole.contains("\"probes\": [\n    {\n      \"name\": \"ok-1\""));
    }
}
