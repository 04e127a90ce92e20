//! Reports: one file per output format, all fed by the same [`RunReport`].

pub mod export;
pub mod human;
pub mod json;
pub mod junit;
pub mod nagios;
pub mod prometheus;
pub mod tap;

use std::io::Write;
use std::path::Path;

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
        OutputFormat::Prometheus => prometheus::render(report, prometheus::Flavor::Text),
        OutputFormat::Openmetrics => prometheus::render(report, prometheus::Flavor::OpenMetrics),
        OutputFormat::Junit => junit::render(report),
        OutputFormat::Tap => tap::render(report, 14),
        OutputFormat::Tap13 => tap::render(report, 13),
        OutputFormat::Nagios => nagios::render(report, &style.thresholds),
    }
}

/// Writes `bytes` to `path` so that readers see the old file or the new one, never a part:
/// a temporary file in the same directory, synced, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_inner(path, bytes, None)
}

/// [`write_atomic`], with the file's permission bits set to `mode` whatever the umask.
pub fn write_atomic_mode(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    write_atomic_inner(path, bytes, Some(mode))
}

fn write_atomic_inner(path: &Path, bytes: &[u8], mode: Option<u32>) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the output path names no file",
        )
    })?;
    let tmp = dir.join(format!(
        ".{}.tmp.{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        if let Some(mode) = mode {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn atomic_write_into_a_missing_directory_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(&dir.path().join("nope/out.json"), b"x").is_err());
    }
}
