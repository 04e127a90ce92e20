//! Durations (`500ms`, `5s`, `1m30s`, `14d`) and byte sizes (`64KiB`, `1MiB`, `1000000`).

use std::time::Duration;

pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty duration; write e.g. `5s` or `300ms`".into());
    }
    if t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(format!("`{t}` has no unit; write e.g. `{t}s` or `{t}ms`"));
    }
    humantime::parse_duration(t).map_err(|e| {
        let why = match e {
            humantime::DurationError::UnknownUnit { unit, .. } => format!(
                "unknown unit `{unit}`; use ns, us, ms, s, m, h or d (e.g. `5s`, `300ms`, `1m30s`)"
            ),
            humantime::DurationError::NumberOverflow => "it is too long".into(),
            _ => "write e.g. `5s`, `300ms` or `1m30s`".into(),
        };
        format!("`{t}` is not a duration: {why}")
    })
}

pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: u64 = number.parse().map_err(|_| {
        format!("`{t}` is not a size; write e.g. `64KiB`, `1MiB` or a number of bytes")
    })?;
    let factor: u64 = match unit.trim() {
        "" | "B" => 1,
        "KB" | "kB" => 1_000,
        "KiB" => 1 << 10,
        "MB" => 1_000_000,
        "MiB" => 1 << 20,
        "GB" => 1_000_000_000,
        "GiB" => 1 << 30,
        other => {
            return Err(format!(
                "unknown size unit `{other}`; use B, KB, KiB, MB, MiB, GB or GiB"
            ));
        }
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("`{t}` is too large"))
}

/// Short human form of a duration: `850µs`, `12.3ms`, `1.20s`, `2m05s`.
pub fn format_duration(d: Duration) -> String {
    let micros = d.as_micros();
    if micros < 1_000 {
        format!("{micros}µs")
    } else if micros < 100_000 {
        format!("{:.1}ms", d.as_secs_f64() * 1e3)
    } else if micros < 999_500 {
        format!("{:.0}ms", d.as_secs_f64() * 1e3)
    } else if d.as_secs() < 60 {
        format!("{:.2}s", d.as_secs_f64())
    } else {
        format!("{}m{:02}s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

/// A time budget in words, rounded to the millisecond: `300ms`, `1s` (not `999.87ms`).
pub fn write_budget(d: Duration) -> String {
    write_duration(Duration::from_millis((d.as_secs_f64() * 1e3).round() as u64))
}

/// A duration as written in suites: `300ms`, `5s`, `14d`; the largest unit that divides it.
pub fn write_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms == 0 && !d.is_zero() {
        return format!("{}us", d.as_micros());
    }
    const UNITS: [(u128, &str); 5] = [
        (86_400_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1_000, "s"),
        (1, "ms"),
    ];
    for (size, unit) in UNITS {
        if ms >= size && ms.is_multiple_of(size) {
            return format!("{}{unit}", ms / size);
        }
    }
    "0s".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("300ms").unwrap(), Duration::from_millis(300));
        assert_eq!(parse_duration("1m30s").unwrap(), Duration::from_secs(90));
        assert_eq!(
            parse_duration("14d").unwrap(),
            Duration::from_secs(14 * 86_400)
        );
        assert!(parse_duration("5").unwrap_err().contains("no unit"));
        assert!(parse_duration("fast").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64KiB").unwrap(), 65_536);
        assert_eq!(parse_size("1MiB").unwrap(), 1_048_576);
        assert_eq!(parse_size("1000").unwrap(), 1000);
        assert!(parse_size("1 parsec").is_err());
    }

    #[test]
    fn formatting() {
        assert_eq!(format_duration(Duration::from_micros(850)), "850µs");
        assert_eq!(format_duration(Duration::from_micros(12_345)), "12.3ms");
        assert_eq!(format_duration(Duration::from_millis(1200)), "1.20s");
        assert_eq!(write_duration(Duration::from_millis(1500)), "1500ms");
        assert_eq!(write_duration(Duration::from_secs(120)), "2m");
    }
}
