//! `serve`'s metrics about itself, as Prometheus servers and exporters expose theirs: build
//! info, the state of the configuration (the suite) and its reloads, how long each probe's runs
//! take (a histogram a probe), and the process (CPU, memory, descriptors) as client libraries
//! name them. The schedule lag is [`super::lag`].

use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::metrics::Format;
use crate::metrics::write::{escape_label_value, write_header, write_value};

/// Upper bounds of the duration buckets, in seconds: a loopback check to a slow timeout.
pub const BOUNDS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Durations of one probe's runs since `serve` started (or the probe appeared).
#[derive(Clone, Copy, Debug, Default)]
pub struct Histogram {
    /// Runs at or under each bound (not cumulative; summed when written).
    buckets: [u64; BOUNDS.len()],
    count: u64,
    sum: f64,
}

/// Suites up to this many probes get a duration histogram a probe; larger ones one for the
/// suite (a histogram is 14 series: 100,000 probes would add 1.4 million to each scrape).
pub const HISTOGRAMS_PER_PROBE_MAX: usize = 10_000;

impl Histogram {
    /// How many runs it counts.
    #[cfg(test)]
    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn observe(&mut self, d: Duration) {
        let s = d.as_secs_f64();
        if let Some(i) = BOUNDS.iter().position(|b| s <= *b) {
            self.buckets[i] += 1;
        }
        self.count += 1;
        self.sum += s;
    }
}

/// The reloads of the suite, as Prometheus counts its configuration's.
struct Reloads {
    last_ok: bool,
    last_success: SystemTime,
    total: u64,
    failures: u64,
}

pub struct Own {
    reloads: Mutex<Reloads>,
}

impl Default for Own {
    fn default() -> Own {
        Own {
            reloads: Mutex::new(Reloads {
                last_ok: true,
                last_success: SystemTime::now(),
                total: 0,
                failures: 0,
            }),
        }
    }
}

fn seconds(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// One sample line: `name{labels} value`.
fn sample(out: &mut String, name: &str, labels: &str, value: f64) {
    out.push_str(name);
    if !labels.is_empty() {
        out.push('{');
        out.push_str(labels);
        out.push('}');
    }
    out.push(' ');
    write_value(value, out);
    out.push('\n');
}

fn gauge(out: &mut String, format: Format, name: &str, help: &str, value: f64) {
    write_header(out, name, help, "gauge", format);
    sample(out, name, "", value);
}

/// A counter: the family is `name` in OpenMetrics and `name_total` in the text format; the
/// sample is `name_total` in both.
fn counter(out: &mut String, format: Format, name: &str, help: &str, value: f64) {
    let total = format!("{name}_total");
    let family = match format {
        Format::OpenMetrics => name,
        Format::Text => &total,
    };
    write_header(out, family, help, "counter", format);
    sample(out, &total, "", value);
}

impl Own {
    pub fn reloaded(&self, ok: bool) {
        let mut r = self.reloads.lock().unwrap_or_else(|e| e.into_inner());
        r.total += 1;
        r.last_ok = ok;
        if ok {
            r.last_success = SystemTime::now();
        } else {
            r.failures += 1;
        }
    }

    /// Build info, the suite's reloads and the process, in `format` (no `# EOF`).
    pub fn families(&self, format: Format) -> String {
        let mut out = String::with_capacity(2048);
        write_header(
            &mut out,
            "probekit_build_info",
            "A metric with a constant 1 labelled by the version of probekit and the platform it was built for",
            "gauge",
            format,
        );
        let mut labels = String::new();
        for (name, value) in [
            ("version", env!("CARGO_PKG_VERSION")),
            ("arch", std::env::consts::ARCH),
            ("os", std::env::consts::OS),
        ] {
            if !labels.is_empty() {
                labels.push(',');
            }
            let _ = write!(labels, "{name}=\"");
            escape_label_value(value, &mut labels);
            labels.push('"');
        }
        sample(&mut out, "probekit_build_info", &labels, 1.0);
        let (last_ok, last_success, total, failures) = {
            let r = self.reloads.lock().unwrap_or_else(|e| e.into_inner());
            (r.last_ok, r.last_success, r.total, r.failures)
        };
        gauge(
            &mut out,
            format,
            "probekit_config_last_reload_successful",
            "Whether the latest load of the suite (at start, or a reload) succeeded",
            f64::from(u8::from(last_ok)),
        );
        gauge(
            &mut out,
            format,
            "probekit_config_last_reload_success_timestamp_seconds",
            "When the suite was last loaded successfully, in seconds since the Unix epoch",
            seconds(last_success),
        );
        counter(
            &mut out,
            format,
            "probekit_config_reloads",
            "Reloads of the suite asked for (SIGHUP or POST /-/reload)",
            total as f64,
        );
        counter(
            &mut out,
            format,
            "probekit_config_reload_failures",
            "Reloads of the suite that were rejected (the running suite was kept)",
            failures as f64,
        );
        process(&mut out, format);
        out
    }
}

/// `probekit_probe_duration_seconds`, one histogram a probe: `labels` are each probe's label
/// text (`suite="…",probe="…"`).
pub fn durations(format: Format, probes: &[(String, Histogram)]) -> String {
    const NAME: &str = "probekit_probe_duration_seconds";
    let mut out = String::new();
    if probes.is_empty() {
        return out;
    }
    write_header(
        &mut out,
        NAME,
        "How long the probe's runs took, retries included, since serve started",
        "histogram",
        format,
    );
    for (labels, h) in probes {
        let mut cumulative = 0;
        let sep = if labels.is_empty() { "" } else { "," };
        for (bound, n) in BOUNDS.iter().zip(h.buckets) {
            cumulative += n;
            let mut le = String::new();
            write_value(*bound, &mut le);
            // OpenMetrics writes bounds as floats.
            if format == Format::OpenMetrics && !le.contains('.') {
                le.push_str(".0");
            }
            sample(
                &mut out,
                &format!("{NAME}_bucket"),
                &format!("{labels}{sep}le=\"{le}\""),
                cumulative as f64,
            );
        }
        sample(
            &mut out,
            &format!("{NAME}_bucket"),
            &format!("{labels}{sep}le=\"+Inf\""),
            h.count as f64,
        );
        sample(&mut out, &format!("{NAME}_sum"), labels, h.sum);
        sample(&mut out, &format!("{NAME}_count"), labels, h.count as f64);
    }
    out
}

/// The process families client libraries expose, from /proc (absent where it is not).
fn process(out: &mut String, format: Format) {
    // SAFETY: sysconf and getrlimit only read.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(1) as f64;
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return;
    };
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    // Field n of stat(5) is fields[n - 3] here.
    let field = |n: usize| fields.get(n - 3).and_then(|v| v.parse::<f64>().ok());
    if let (Some(utime), Some(stime)) = (field(14), field(15)) {
        counter(
            out,
            format,
            "process_cpu_seconds",
            "Total user and system CPU time spent in seconds",
            (utime + stime) / ticks,
        );
    }
    let boot = std::fs::read_to_string("/proc/stat").ok().and_then(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("btime "))
            .and_then(|v| v.trim().parse::<f64>().ok())
    });
    if let (Some(boot), Some(start)) = (boot, field(22)) {
        gauge(
            out,
            format,
            "process_start_time_seconds",
            "Start time of the process since unix epoch in seconds",
            boot + start / ticks,
        );
    }
    if let Some(vsize) = field(23) {
        gauge(
            out,
            format,
            "process_virtual_memory_bytes",
            "Virtual memory size in bytes",
            vsize,
        );
    }
    if let Some(rss) = field(24) {
        gauge(
            out,
            format,
            "process_resident_memory_bytes",
            "Resident memory size in bytes",
            rss * page,
        );
    }
    if let Ok(fds) = std::fs::read_dir("/proc/self/fd") {
        gauge(
            out,
            format,
            "process_open_fds",
            "Number of open file descriptors",
            fds.count() as f64,
        );
    }
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
        gauge(
            out,
            format,
            "process_max_fds",
            "Maximum number of open file descriptors",
            limit.rlim_cur as f64,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_counters_named_per_format() {
        let mut h = Histogram::default();
        for ms in [1, 3, 20, 400, 60_000] {
            h.observe(Duration::from_millis(ms));
        }
        let text = durations(Format::Text, &[("probe=\"a\"".to_string(), h)]);
        assert!(text.contains("# TYPE probekit_probe_duration_seconds histogram\n"));
        assert!(
            text.contains("probekit_probe_duration_seconds_bucket{probe=\"a\",le=\"0.005\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("_bucket{probe=\"a\",le=\"0.5\"} 4\n"),
            "{text}"
        );
        assert!(
            text.contains("_bucket{probe=\"a\",le=\"30\"} 4\n"),
            "{text}"
        );
        assert!(
            text.contains("_bucket{probe=\"a\",le=\"+Inf\"} 5\n"),
            "{text}"
        );
        assert!(text.contains("probekit_probe_duration_seconds_count{probe=\"a\"} 5\n"));
        let om = durations(Format::OpenMetrics, &[("probe=\"a\"".to_string(), h)]);
        assert!(om.contains("le=\"30.0\"} 4\n"), "{om}");

        let own = Own::default();
        own.reloaded(false);
        let text = own.families(Format::Text);
        assert!(
            text.contains(
                "# TYPE probekit_config_reloads_total counter\nprobekit_config_reloads_total 1\n"
            ),
            "{text}"
        );
        assert!(text.contains("probekit_config_last_reload_successful 0\n"));
        assert!(text.contains("probekit_config_reload_failures_total 1\n"));
        assert!(
            text.contains("# TYPE process_cpu_seconds_total counter\n"),
            "{text}"
        );
        assert!(text.contains("process_resident_memory_bytes "));
        assert!(text.contains("process_open_fds "));
        let om = own.families(Format::OpenMetrics);
        assert!(
            om.contains("# TYPE probekit_config_reloads counter\n"),
            "{om}"
        );
        assert!(om.contains("# TYPE process_cpu_seconds counter\n"), "{om}");
        assert!(om.contains("process_cpu_seconds_total "), "{om}");
    }
}
