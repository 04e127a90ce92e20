//! Probes of the machine the probe runs on: `file`, `disk`, `memory`, `load` and `process`.
//! Each reads the filesystem and `/proc` itself, so a `FROM scratch` compiled probe needs no
//! `stat`, `df`, `free` or `pgrep`.
//!
//! A read can block for good (`statvfs` on a hung NFS mount, a FIFO): it runs on tokio's
//! blocking pool and the probe ends at its deadline whatever the read does. What a read
//! learned is a list of [`Measure`]s and [`Attribute`]s, judged by the generic rules of
//! [`crate::expect::measure`].

#[cfg(feature = "file")]
mod file;
#[cfg(feature = "process")]
mod process;
#[cfg(feature = "file")]
mod system;

use std::collections::BTreeMap;
#[cfg(any(feature = "file", feature = "process"))]
use std::time::Duration;

#[cfg(any(feature = "file", feature = "process"))]
use serde::Serialize;
#[cfg(any(feature = "file", feature = "process"))]
use tokio::time::Instant;

#[cfg(any(feature = "file", feature = "process"))]
use super::{CheckError, ErrorKind};
use crate::expect::Unit;
#[cfg(any(feature = "file", feature = "process"))]
use crate::expect::{Attribute, Expect, Facts, Measure};
#[cfg(any(feature = "file", feature = "process"))]
use crate::suite::CheckKind;
use crate::suite::{HostCheck, HostTarget};

#[cfg(any(feature = "file", feature = "process"))]
/// What a probe of the machine reports beside its assertions.
#[derive(Clone, Debug, Default, Serialize)]
pub struct HostDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Where the path points, when it is a symbolic link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symlink_target: Option<String>,
    /// Whether a file probe's path exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exists: Option<bool>,
    /// Each measure under its name and unit: `used_percent`, `free_bytes`, `age_seconds`.
    #[serde(flatten, serialize_with = "whole_numbers")]
    pub measures: BTreeMap<String, f64>,
    #[serde(flatten)]
    pub attributes: BTreeMap<&'static str, String>,
    /// The CPUs a load probe divided by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpus: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub processes: Vec<ProcessInfo>,
    /// How many matching processes there were beyond those listed.
    #[serde(skip_serializing_if = "is_zero")]
    pub processes_not_listed: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listening: Option<Vec<u16>>,
}

/// Counts and byte sizes as JSON integers (`1221`, not `1221.0`).
pub(crate) fn whole_numbers<S: serde::Serializer>(
    measures: &BTreeMap<String, f64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(measures.len()))?;
    for (k, v) in measures {
        if v.fract() == 0.0 && v.abs() < 9e15 {
            map.serialize_entry(k, &(*v as i64))?;
        } else {
            map.serialize_entry(k, v)?;
        }
    }
    map.end()
}

#[cfg(any(feature = "file", feature = "process"))]
fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[cfg(any(feature = "file", feature = "process"))]
/// A matching process, without its command line (which may hold a password).
#[derive(Clone, Debug, Serialize)]
pub struct ProcessInfo {
    pub pid: u32,
    pub name: String,
    pub user: String,
}

/// `used_percent`, `free_bytes`, `age_seconds`, `count`: a measure's name with its unit.
pub fn measure_key(name: &str, unit: Unit) -> String {
    match unit {
        Unit::Bytes => format!("{name}_bytes"),
        Unit::Percent => format!("{name}_percent"),
        Unit::Seconds => format!("{name}_seconds"),
        Unit::Count | Unit::Number => name.to_string(),
    }
}

#[cfg(any(feature = "file", feature = "process"))]
/// What one read of the machine learned.
#[derive(Debug, Default)]
pub(crate) struct Gathered {
    pub measures: Vec<Measure>,
    pub attributes: Vec<Attribute>,
    pub content: Option<Vec<u8>>,
    pub listening: Option<Result<Vec<u16>, String>>,
    pub details: HostDetails,
}

#[cfg(any(feature = "file", feature = "process"))]
impl Gathered {
    pub fn measure(&mut self, name: &'static str, unit: Unit, value: f64) {
        self.details
            .measures
            .insert(measure_key(name, unit), round(value));
        self.measures.push(Measure { name, unit, value });
    }

    /// An attribute, shown as its first spelling; any spelling matches.
    pub fn attribute(&mut self, name: &'static str, spellings: Vec<String>) {
        match spellings.first() {
            Some(first) if name == "exists" => self.details.exists = Some(first == "true"),
            Some(first) => {
                self.details.attributes.insert(name, first.clone());
            }
            None => {}
        }
        self.attributes.push(Attribute { name, spellings });
    }
}

#[cfg(any(feature = "file", feature = "process"))]
/// Percentages and loads to a thousandth; byte counts stay whole.
fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

#[cfg(any(feature = "file", feature = "process"))]
/// What the read needs to know of the expectations (whether to read content, sockets).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Wanted {
    pub content: bool,
    pub listening: bool,
}

#[cfg(any(feature = "file", feature = "process"))]
impl Wanted {
    fn of(expect: &Expect) -> Wanted {
        let warning = expect.warning.as_deref();
        Wanted {
            content: expect.content.is_some() || warning.is_some_and(|w| w.content.is_some()),
            listening: !expect.listening.is_empty()
                || warning.is_some_and(|w| !w.listening.is_empty()),
        }
    }
}

#[cfg(any(feature = "file", feature = "process"))]
pub struct HostObservation {
    target: String,
    kind: CheckKind,
    error: Option<CheckError>,
    gathered: Gathered,
}

#[cfg(any(feature = "file", feature = "process"))]
impl super::Observation for HostObservation {
    fn facts(&self, duration: Duration) -> Facts<'_> {
        let g = &self.gathered;
        let mut f = Facts::new(duration);
        f.measures = &g.measures;
        f.attributes = &g.attributes;
        f.content = g.content.as_deref();
        f.listening = g
            .listening
            .as_ref()
            .map(|l| l.as_deref().map_err(String::as_str));
        f
    }

    fn error(&self) -> Option<&CheckError> {
        self.error.as_ref()
    }

    fn into_parts(self) -> (String, Option<CheckError>, super::Details) {
        let details = Box::new(self.gathered.details);
        let details = match self.kind {
            CheckKind::File => super::Details::File(details),
            CheckKind::Disk => super::Details::Disk(details),
            CheckKind::Memory => super::Details::Memory(details),
            CheckKind::Load => super::Details::Load(details),
            _ => super::Details::Process(details),
        };
        (self.target, self.error, details)
    }
}

/// The target in words: the path, the process criteria, or the kind.
pub fn describe(check: &HostCheck) -> String {
    match &check.target {
        HostTarget::File { path, .. } | HostTarget::Disk { path } => path.to_string(),
        HostTarget::Memory => "/proc/meminfo".into(),
        HostTarget::Load { .. } => "/proc/loadavg".into(),
        HostTarget::Process(m) => {
            let mut parts = Vec::new();
            if let Some(n) = &m.name {
                parts.push(format!("name {n}"));
            }
            if let Some(p) = &m.pattern {
                parts.push(format!("pattern {}", p.as_str()));
            }
            if let Some(p) = &m.pidfile {
                parts.push(format!("pidfile {p}"));
            }
            if let Some(u) = &m.user {
                parts.push(format!("user {u}"));
            }
            format!("processes with {}", parts.join(", "))
        }
    }
}

#[cfg(any(feature = "file", feature = "process"))]
pub async fn run(check: &HostCheck, expect: &Expect, deadline: Instant) -> HostObservation {
    let mut obs = HostObservation {
        target: describe(check),
        kind: check.target.kind(),
        error: None,
        gathered: Gathered::default(),
    };
    let target = check.target.clone();
    let wanted = Wanted::of(expect);
    let read = tokio::task::spawn_blocking(move || gather(&target, wanted));
    match tokio::time::timeout_at(deadline, read).await {
        Err(_) => {
            obs.error = Some(CheckError::new(
                ErrorKind::Timeout,
                format!(
                    "reading {} took longer than {}",
                    obs.target,
                    crate::units::format_duration(check.timeout)
                ),
            ));
        }
        Ok(Err(e)) => obs.error = Some(CheckError::new(ErrorKind::Io, e.to_string())),
        Ok(Ok(Err(e))) => obs.error = Some(e),
        Ok(Ok(Ok(g))) => obs.gathered = g,
    }
    obs
}

#[cfg(any(feature = "file", feature = "process"))]
fn gather(target: &HostTarget, wanted: Wanted) -> Result<Gathered, CheckError> {
    match target {
        #[cfg(feature = "file")]
        HostTarget::File { path, max_content } => {
            file::file(&super::resolved(path)?, *max_content, wanted.content)
        }
        #[cfg(feature = "file")]
        HostTarget::Disk { path } => file::disk(&super::resolved(path)?),
        #[cfg(feature = "file")]
        HostTarget::Memory => system::memory(),
        #[cfg(feature = "file")]
        HostTarget::Load { per_cpu } => system::load(*per_cpu),
        #[cfg(feature = "process")]
        HostTarget::Process(m) => process::processes(m, wanted.listening),
        #[allow(unreachable_patterns)]
        other => {
            let _ = wanted;
            Err(CheckError::new(
                ErrorKind::Config,
                format!(
                    "this probe was built without `{}` probes",
                    other.kind().as_str()
                ),
            ))
        }
    }
}

/// `/etc/passwd` or `/etc/group`: the name of an id, and the id of a name.
#[cfg(any(feature = "file", feature = "process"))]
pub(crate) struct IdNames(Vec<(String, u32)>);

#[cfg(any(feature = "file", feature = "process"))]
impl IdNames {
    pub fn read(path: &str) -> IdNames {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        IdNames(
            text.lines()
                .filter_map(|line| {
                    let mut fields = line.split(':');
                    let name = fields.next()?;
                    let id = fields.nth(1)?.parse().ok()?;
                    Some((name.to_string(), id))
                })
                .collect(),
        )
    }

    pub fn name(&self, id: u32) -> Option<&str> {
        self.0
            .iter()
            .find(|(_, i)| *i == id)
            .map(|(n, _)| n.as_str())
    }

    pub fn id(&self, name: &str) -> Option<u32> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, i)| *i)
    }

    /// An id's spellings: its name (when it has one), then the number.
    pub fn spellings(&self, id: u32) -> Vec<String> {
        let mut out: Vec<String> = self.name(id).map(str::to_string).into_iter().collect();
        out.push(id.to_string());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_keys_carry_their_unit() {
        assert_eq!(measure_key("used", Unit::Percent), "used_percent");
        assert_eq!(measure_key("free", Unit::Bytes), "free_bytes");
        assert_eq!(measure_key("count", Unit::Count), "count");
    }
}
