//! `memory` from `/proc/meminfo` (what `free` shows) and `load` from `/proc/loadavg` (what
//! `uptime` shows).

use super::Gathered;
use crate::check::{CheckError, ErrorKind};
use crate::expect::Unit;

fn read(path: &str) -> Result<String, CheckError> {
    std::fs::read_to_string(path)
        .map_err(|e| CheckError::new(ErrorKind::Io, format!("cannot read {path}: {e}")))
}

fn malformed(path: &str, what: &str) -> CheckError {
    CheckError::new(ErrorKind::Protocol, format!("{path} has no {what}"))
}

pub(super) fn memory() -> Result<Gathered, CheckError> {
    let text = read("/proc/meminfo")?;
    meminfo(&text)
}

/// `MemTotal:  16318588 kB` lines, in bytes.
fn meminfo(text: &str) -> Result<Gathered, CheckError> {
    let field = |name: &str| {
        text.lines().find_map(|line| {
            let rest = line.strip_prefix(name)?.strip_prefix(':')?;
            let kib: f64 = rest.trim().trim_end_matches("kB").trim().parse().ok()?;
            Some(kib * 1024.0)
        })
    };
    let total = field("MemTotal").ok_or_else(|| malformed("/proc/meminfo", "MemTotal"))?;
    // Kernels before 3.14 have no MemAvailable; `free` then counts free, buffers and cache.
    let available = field("MemAvailable")
        .or_else(|| Some(field("MemFree")? + field("Buffers")? + field("Cached")?))
        .ok_or_else(|| malformed("/proc/meminfo", "MemAvailable"))?;
    let mut g = Gathered::default();
    g.measure("available", Unit::Bytes, available);
    let used = if total > 0.0 {
        (total - available).max(0.0) * 100.0 / total
    } else {
        0.0
    };
    g.measure("used", Unit::Percent, used);
    g.measure("total", Unit::Bytes, total);
    let swap_total = field("SwapTotal").unwrap_or(0.0);
    let swap_free = field("SwapFree").unwrap_or(0.0);
    let swap_used = if swap_total > 0.0 {
        (swap_total - swap_free).max(0.0) * 100.0 / swap_total
    } else {
        0.0
    };
    g.measure("swap_used", Unit::Percent, swap_used);
    Ok(g)
}

pub(super) fn load(per_cpu: bool) -> Result<Gathered, CheckError> {
    let text = read("/proc/loadavg")?;
    let cpus = per_cpu.then(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    loadavg(&text, cpus)
}

/// `0.52 0.58 0.59 1/467 12345`, each load divided by `cpus` when given.
fn loadavg(text: &str, cpus: Option<usize>) -> Result<Gathered, CheckError> {
    let loads: Vec<f64> = text
        .split_whitespace()
        .take(3)
        .filter_map(|w| w.parse().ok())
        .collect();
    let [l1, l5, l15] = loads[..] else {
        return Err(malformed("/proc/loadavg", "three load averages"));
    };
    let mut g = Gathered::default();
    let per = cpus.map_or(1.0, |n| n as f64);
    g.details.cpus = cpus;
    g.measure("load1", Unit::Number, l1 / per);
    g.measure("load5", Unit::Number, l5 / per);
    g.measure("load15", Unit::Number, l15 / per);
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(g: &Gathered, name: &str) -> f64 {
        g.measures.iter().find(|m| m.name == name).unwrap().value
    }

    #[test]
    fn meminfo_in_bytes_and_percent() {
        let text = "MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 250 kB\n\
                    SwapTotal: 0 kB\nSwapFree: 0 kB\n";
        let g = meminfo(text).unwrap();
        assert_eq!(value(&g, "available"), 250.0 * 1024.0);
        assert_eq!(value(&g, "used"), 75.0);
        assert_eq!(value(&g, "swap_used"), 0.0);
        let old = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 100 kB\n";
        assert_eq!(value(&meminfo(old).unwrap(), "available"), 250.0 * 1024.0);
        assert!(meminfo("garbage").is_err());
    }

    #[test]
    fn loadavg_per_cpu() {
        let g = loadavg("2.00 1.00 0.50 1/100 42\n", Some(2)).unwrap();
        assert_eq!(value(&g, "load1"), 1.0);
        assert_eq!(value(&g, "load15"), 0.25);
        assert!(loadavg("1.0\n", None).is_err());
        assert!(memory().is_ok() && load(true).is_ok());
    }
}
