//! How late `serve` starts the runs it schedules: from the moment a run was due to the moment
//! it holds a concurrency slot and starts. Kept for the latest [`WINDOW`] runs, and served as a
//! summary (`probekit_serve_schedule_lag_seconds`) beside the probes' families.

use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// The runs the quantiles are taken over.
const WINDOW: usize = 65_536;

const NAME: &str = "probekit_serve_schedule_lag_seconds";

#[derive(Default)]
pub struct Lag(Mutex<Window>);

#[derive(Default)]
struct Window {
    /// The latest lags in seconds, a ring once full.
    recent: Vec<f32>,
    next: usize,
    count: u64,
    sum: f64,
}

impl Lag {
    pub fn record(&self, late: Duration) {
        let mut w = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let s = late.as_secs_f64();
        if w.recent.len() < WINDOW {
            w.recent.push(s as f32);
        } else {
            let at = w.next;
            w.recent[at] = s as f32;
        }
        w.next = (w.next + 1) % WINDOW;
        w.count += 1;
        w.sum += s;
    }

    /// The quantiles (0.5, 0.9, 0.99, the largest) of the window, and the totals since start.
    pub fn quantiles(&self) -> (Vec<(f64, f64)>, f64, u64) {
        let (mut recent, sum, count) = {
            let w = self.0.lock().unwrap_or_else(|e| e.into_inner());
            (w.recent.clone(), w.sum, w.count)
        };
        recent.sort_by(f32::total_cmp);
        let at = |q: f64| -> f64 {
            if recent.is_empty() {
                return f64::NAN;
            }
            let i = ((recent.len() - 1) as f64 * q).round() as usize;
            f64::from(recent[i])
        };
        let qs = [0.5, 0.9, 0.99, 1.0].iter().map(|q| (*q, at(*q))).collect();
        (qs, sum, count)
    }

    /// The summary family (the same in both exposition formats), without `# EOF`.
    pub fn family(&self) -> String {
        let (qs, sum, count) = self.quantiles();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP {NAME} How late scheduled probe runs started (due to started, waiting for a concurrency slot included), over the latest {WINDOW} runs"
        );
        let _ = writeln!(out, "# TYPE {NAME} summary");
        for (q, v) in qs {
            let _ = writeln!(out, "{NAME}{{quantile=\"{q}\"}} {}", number(v));
        }
        let _ = writeln!(out, "{NAME}_sum {}", number(sum));
        let _ = writeln!(out, "{NAME}_count {count}");
        out
    }
}

/// A sample value: both formats write `NaN` (no run yet) the same way.
fn number(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else {
        format!("{v}")
    }
}

/// `page` (an exposition) with `family` added at its end, before OpenMetrics' `# EOF`.
pub fn append(page: String, family: &str) -> String {
    match page.strip_suffix("# EOF\n") {
        Some(body) => format!("{body}{family}# EOF\n"),
        None => page + family,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_come_from_the_latest_runs() {
        let lag = Lag::default();
        for ms in 1..=100 {
            lag.record(Duration::from_millis(ms));
        }
        let (qs, sum, count) = lag.quantiles();
        assert_eq!(count, 100);
        assert!((sum - 5.05).abs() < 1e-9, "{sum}");
        let q = |x: f64| qs.iter().find(|(q, _)| *q == x).map(|(_, v)| *v).unwrap();
        assert!((q(0.5) - 0.051).abs() < 0.002, "{}", q(0.5));
        assert!((q(0.99) - 0.099).abs() < 0.002, "{}", q(0.99));
        assert!((q(1.0) - 0.1).abs() < 1e-6);
        let page = append("a 1\n# EOF\n".into(), &lag.family());
        assert!(page.ends_with("_count 100\n# EOF\n"), "{page}");
        assert!(page.contains("# TYPE probekit_serve_schedule_lag_seconds summary\n"));
    }
}
