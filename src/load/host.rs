//! Loading the probes of the machine (`file`, `disk`, `memory`, `load`, `process`) and their
//! expectations: numbers in a unit (`used: "< 90%"`) and words (`type: directory`).

use super::diagnostic::Span;
use super::loader::{Defaults, Loader};
use super::yaml::{Node, NodeKind};
use crate::expect::late::LatePlace;
use crate::expect::{AttrRule, Expect, MeasureRule, Threshold, Unit, ValueCheck};
use crate::suite::*;

pub(super) const FILE_FIELDS: &[&str] = &["path", "timeout", "max_content"];
pub(super) const DISK_FIELDS: &[&str] = &["path", "timeout"];
pub(super) const MEMORY_FIELDS: &[&str] = &["timeout"];
pub(super) const LOAD_FIELDS: &[&str] = &["per_cpu", "timeout"];
pub(super) const PROCESS_FIELDS: &[&str] = &["name", "pattern", "pidfile", "user", "timeout"];

pub(super) const FILE_EXPECT: &[&str] = &[
    "exists", "type", "mode", "owner", "group", "readable", "size", "age", "content",
];
pub(super) const DISK_EXPECT: &[&str] = &[
    "used",
    "free",
    "free_share",
    "used_share",
    "size",
    "inodes_used",
    "inodes_free",
];
pub(super) const MEMORY_EXPECT: &[&str] = &["available", "used", "total", "swap_used"];
pub(super) const LOAD_EXPECT: &[&str] = &["load1", "load5", "load15"];
pub(super) const PROCESS_EXPECT: &[&str] = &["count", "listening", "user"];
pub(super) const SERVICE_FIELDS: &[&str] = &["unit", "timeout"];
pub(super) const SERVICE_EXPECT: &[&str] = &["state", "sub_state", "enabled"];
pub(super) const ICMP_FIELDS: &[&str] = &["host", "count", "interval", "size", "ip", "timeout"];
pub(super) const ICMP_EXPECT: &[&str] = &["loss", "received", "rtt", "rtt_max"];

/// Echoes an icmp probe may send, and the largest payload.
const MAX_ECHOES: u64 = 1000;
const MAX_PAYLOAD: u64 = 65_000;

/// The `expect` fields of a probe of the machine; `None` for the other kinds.
pub(super) fn host_expect_fields(kind: CheckKind) -> Option<&'static [&'static str]> {
    Some(match kind {
        CheckKind::File => FILE_EXPECT,
        CheckKind::Disk => DISK_EXPECT,
        CheckKind::Memory => MEMORY_EXPECT,
        CheckKind::Load => LOAD_EXPECT,
        CheckKind::Process => PROCESS_EXPECT,
        CheckKind::Icmp => ICMP_EXPECT,
        _ => return None,
    })
}

/// Largest content a file probe may read.
const MAX_CONTENT_LIMIT: u64 = 1 << 30;

const FILE_TYPES: &[&str] = &[
    "file",
    "directory",
    "socket",
    "pipe",
    "block-device",
    "character-device",
];

impl Loader {
    pub(super) fn host(
        &mut self,
        kind: CheckKind,
        node: &Node,
        defaults: &Defaults,
    ) -> Option<HostCheck> {
        let name = kind.as_str();
        let scalar = node.scalar().is_some();
        let mut timeout = defaults.timeout;
        let target = match kind {
            CheckKind::File | CheckKind::Disk if scalar => {
                let path = self.env_string(node)?;
                match kind {
                    CheckKind::File => HostTarget::File {
                        path,
                        max_content: DEFAULT_MAX_CONTENT,
                    },
                    _ => HostTarget::Disk { path },
                }
            }
            CheckKind::Process if scalar => HostTarget::Process(ProcessMatch {
                name: Some(self.env_string(node)?),
                ..Default::default()
            }),
            _ => {
                let known = match kind {
                    CheckKind::File => FILE_FIELDS,
                    CheckKind::Disk => DISK_FIELDS,
                    CheckKind::Memory => MEMORY_FIELDS,
                    CheckKind::Load => LOAD_FIELDS,
                    _ => PROCESS_FIELDS,
                };
                let mut f = self.fields(node, format!("`{name}`"), known)?;
                let mut ok = true;
                if let Some(n) = f.get("timeout") {
                    timeout = self.timeout(n).unwrap_or_else(|| {
                        ok = false;
                        timeout
                    });
                }
                let mut path = |this: &mut Self| match f.get("path") {
                    Some(n) => this.env_string(n),
                    None => {
                        this.error(
                            node.span,
                            format!("a {name} probe needs a `path`, e.g. `{name}: {{path: /var/lib/app}}`"),
                        );
                        None
                    }
                };
                // Every field is read before the unknown ones are reported.
                let target = match kind {
                    CheckKind::File => {
                        let path = path(self);
                        let max_content = match f.get("max_content") {
                            Some(n) => self.size(n, MAX_CONTENT_LIMIT),
                            None => Some(DEFAULT_MAX_CONTENT),
                        };
                        path.zip(max_content)
                            .map(|(path, max_content)| HostTarget::File { path, max_content })
                    }
                    CheckKind::Disk => path(self).map(|path| HostTarget::Disk { path }),
                    CheckKind::Memory => Some(HostTarget::Memory),
                    CheckKind::Load => match f.get("per_cpu") {
                        Some(n) => self.bool(n).map(|per_cpu| HostTarget::Load { per_cpu }),
                        None => Some(HostTarget::Load { per_cpu: false }),
                    },
                    _ => self
                        .process_match(&mut f, node.span)
                        .map(HostTarget::Process),
                };
                f.finish(self, |key| match key {
                    "command" | "cmdline" | "full" => Some(
                        "a command-line regular expression is `pattern` (as `pgrep -f`)".into(),
                    ),
                    "pid_file" => Some("the field is `pidfile`".into()),
                    "mountpoint" | "mount" => {
                        Some("a disk probe takes any `path` on the filesystem".into())
                    }
                    _ => None,
                });
                if !ok {
                    return None;
                }
                target?
            }
        };
        Some(HostCheck { target, timeout })
    }

    /// `service: nginx`, or `{unit: nginx.service, timeout}`.
    pub(super) fn service(&mut self, node: &Node, defaults: &Defaults) -> Option<ServiceCheck> {
        let mut check = ServiceCheck {
            unit: EnvString::literal(""),
            timeout: defaults.timeout,
        };
        if node.scalar().is_some() {
            check.unit = self.env_string(node)?;
            return Some(check);
        }
        let mut f = self.fields(node, "`service`", SERVICE_FIELDS)?;
        let missing = "a service probe needs a `unit`, e.g. `service: nginx`";
        let mut ok = self.read_required(
            &mut f,
            "unit",
            node.span,
            missing,
            &mut check.unit,
            |l, n| l.env_string(n),
        );
        ok &= self.read_into(&mut f, "timeout", &mut check.timeout, |l, n| l.timeout(n));
        f.finish(self, |key| match key {
            "name" => Some("the unit is `unit`".into()),
            _ => None,
        });
        ok.then_some(check)
    }

    /// `state` (systemd's ActiveState, default `active`), `sub_state`, `enabled`
    /// (UnitFileState): each a word or a list of the words accepted.
    pub(super) fn service_expect(
        &mut self,
        f: &mut super::loader::Fields<'_>,
        e: &mut Expect,
    ) -> bool {
        let mut ok = true;
        for (key, attribute, default) in [
            ("state", "active_state", Some("active")),
            ("sub_state", "sub_state", None),
            ("enabled", "unit_file_state", None),
        ] {
            let expected = match f.get(key) {
                Some(n) => {
                    let items: Vec<&Node> = match &n.kind {
                        NodeKind::Seq(items) => items.iter().collect(),
                        _ => vec![n],
                    };
                    let mut words = Vec::new();
                    for item in items {
                        match self.string(item) {
                            Some(w) => words.push(w.trim().to_string()),
                            None => ok = false,
                        }
                    }
                    words
                }
                None => default.map(|d| vec![d.to_string()]).unwrap_or_default(),
            };
            if !expected.is_empty() {
                e.attributes.push(AttrRule {
                    name: attribute.into(),
                    expected,
                });
            }
        }
        ok
    }

    /// `icmp: host`, or `{host, count, interval, size, ip, timeout}`; every echo must go out
    /// before the timeout.
    pub(super) fn icmp(&mut self, node: &Node, defaults: &Defaults) -> Option<IcmpCheck> {
        let mut check = IcmpCheck {
            host: EnvString::literal(""),
            count: 1,
            interval: std::time::Duration::from_secs(1),
            size: 56,
            ip: IpVersion::Any,
            timeout: defaults.timeout,
        };
        if node.scalar().is_some() {
            check.host = self.env_string(node)?;
            return Some(check);
        }
        let mut f = self.fields(node, "`icmp`", ICMP_FIELDS)?;
        let missing = "an icmp probe needs a `host`, e.g. `icmp: {host: 10.0.0.1}`";
        let mut ok = self.read_required(
            &mut f,
            "host",
            node.span,
            missing,
            &mut check.host,
            |l, n| l.env_string(n),
        );
        ok &= self.read_into(&mut f, "count", &mut check.count, |l, n| {
            l.uint(n, 1, MAX_ECHOES).map(|c| c as u32)
        });
        ok &= self.read_into(&mut f, "size", &mut check.size, |l, n| {
            l.uint(n, 0, MAX_PAYLOAD).map(|s| s as usize)
        });
        ok &= self.read_into(&mut f, "interval", &mut check.interval, |l, n| {
            l.duration(n)
        });
        ok &= self.read_into(&mut f, "ip", &mut check.ip, |l, n| l.ip_version(n));
        ok &= self.read_into(&mut f, "timeout", &mut check.timeout, |l, n| l.timeout(n));
        let sending = check.interval * check.count.saturating_sub(1);
        if ok && sending >= check.timeout {
            let span = f.key_span("count").unwrap_or(node.span);
            self.error(
                span,
                format!(
                    "{} echoes {} apart take {}, which leaves no time for the last reply within the timeout of {}",
                    check.count,
                    crate::units::write_duration(check.interval),
                    crate::units::write_duration(sending),
                    crate::units::write_duration(check.timeout)
                ),
            );
            ok = false;
        }
        f.finish(self, |key| match key {
            "address" | "target" => Some("the field is `host`".into()),
            _ => None,
        });
        ok.then_some(check)
    }

    fn process_match(
        &mut self,
        f: &mut super::loader::Fields<'_>,
        span: Span,
    ) -> Option<ProcessMatch> {
        let mut m = ProcessMatch::default();
        let mut ok = true;
        for (key, slot) in [
            ("name", &mut m.name),
            ("pidfile", &mut m.pidfile),
            ("user", &mut m.user),
        ] {
            ok &= self.read_into(f, key, slot, |l, n| l.env_string(n).map(Some));
        }
        ok &= self.read_into(f, "pattern", &mut m.pattern, |l, n| l.regex(n).map(Some));
        if m.name.is_none() && m.pidfile.is_none() && m.pattern.is_none() {
            self.error(
                span,
                "a process probe needs a `name`, a `pattern` or a `pidfile`, e.g. `process: {name: nginx}`",
            );
            return None;
        }
        ok.then_some(m)
    }

    /// The expectations of a probe of the machine, with their defaults: a file must exist, a
    /// process must be running (`count: ">= 1"`).
    pub(super) fn host_expect(
        &mut self,
        kind: CheckKind,
        f: &mut super::loader::Fields<'_>,
        e: &mut Expect,
        w: &mut Expect,
    ) -> bool {
        let mut ok = true;
        for spec in MEASURES.iter().filter(|m| m.kind == kind) {
            let Some(n) = f.get(spec.name) else { continue };
            // `used: "> ${limit:-90}%"`: read when the probe runs.
            let place = LatePlace::Measure {
                name: spec.name.to_string(),
                unit: spec.unit,
            };
            if self.defer(n, place, false) {
                continue;
            }
            let (pass, warn) = self.graded_measure(n, spec.name, spec.unit);
            let rule = |check| MeasureRule {
                name: spec.name.to_string(),
                unit: spec.unit,
                check,
            };
            match pass {
                Some(c) => e.measures.push(rule(c)),
                None if warn.is_none() => ok = false,
                None => {}
            }
            if let Some(c) = warn {
                w.measures.push(rule(c));
            }
        }
        for &(_, name) in ATTRIBUTES.iter().filter(|(k, _)| *k == kind) {
            let Some(n) = f.get(name) else { continue };
            match self.attribute(name, n) {
                Some(expected) => e.attributes.push(AttrRule {
                    name: name.to_string(),
                    expected: vec![expected],
                }),
                None => ok = false,
            }
        }
        if kind == CheckKind::File {
            let exists = e.attributes.iter().find(|a| a.name == "exists");
            if exists.is_some_and(|a| a.expected == ["false"]) {
                let others: Vec<&str> = FILE_EXPECT
                    .iter()
                    .copied()
                    .filter(|k| *k != "exists" && f.has(k))
                    .collect();
                if let Some(first) = others.first() {
                    let span = f.key_span(first).unwrap_or(f.span);
                    self.error(
                        span,
                        format!("with `exists: false` there is no file to have a `{first}`"),
                    );
                    ok = false;
                }
            } else if exists.is_none() {
                e.attributes.insert(
                    0,
                    AttrRule {
                        name: "exists".into(),
                        expected: vec!["true".into()],
                    },
                );
            }
            if let Some(n) = f.get("content") {
                match self.text_expect(n, "`content`") {
                    Some((critical, warning)) => {
                        e.content = Some(critical);
                        w.content = (!warning.0.is_empty()).then_some(warning);
                    }
                    None => ok = false,
                }
            }
        }
        if kind == CheckKind::Icmp && !f.has("loss") && !f.has("received") {
            // `ping -c N` succeeds when any reply came back.
            e.measures.push(MeasureRule {
                name: "loss".into(),
                unit: Unit::Percent,
                check: ValueCheck::Compare(Threshold {
                    op: crate::expect::CmpOp::Lt,
                    limit: 100.0,
                }),
            });
        }
        if kind == CheckKind::Process {
            if !f.has("count") {
                e.measures.push(MeasureRule {
                    name: "count".into(),
                    unit: Unit::Count,
                    check: ValueCheck::Compare(Threshold {
                        op: crate::expect::CmpOp::Ge,
                        limit: 1.0,
                    }),
                });
            }
            if let Some(n) = f.get("listening") {
                match self.ports(n) {
                    Some(p) => e.listening = p,
                    None => ok = false,
                }
            }
        }
        ok
    }

    /// `"< 90%"` (what passes), a bare number for a count (`count: 2` is `== 2`), or graded:
    /// `{warning: "> 80%", critical: "> 90%"}` (what raises each level).
    fn graded_measure(
        &mut self,
        node: &Node,
        name: &str,
        unit: Unit,
    ) -> (Option<ValueCheck>, Option<ValueCheck>) {
        let parse = |this: &mut Self, n: &Node| -> Option<ValueCheck> {
            let (text, _) = this.text(n)?;
            let text = if unit == Unit::Count && text.trim().parse::<u64>().is_ok() {
                format!("== {}", text.trim())
            } else {
                text
            };
            match ValueCheck::parse_with(&text, |s| unit.parse(s)) {
                Ok(v) => Some(v),
                Err(e) => {
                    this.error(
                        n.span,
                        format!(
                            "{e}; `{name}` is {unit}, e.g. `{name}: \"{}\"`",
                            unit.example()
                        ),
                    );
                    None
                }
            }
        };
        if !super::expect::is_graded(node) {
            return (parse(self, node), None);
        }
        let mut level = |this: &mut Self, n: &Node| match parse(this, n)? {
            ValueCheck::Compare(t) => Some(ValueCheck::Compare(t.negated())),
            ValueCheck::Between(..) => {
                this.error(
                    n.span,
                    "a level is the comparison that raises it (`> 90%`), not a range",
                );
                None
            }
        };
        let (critical, warning) = self.levels(node, &mut level);
        (critical, warning)
    }

    /// A file attribute as the probe spells it: `mode: 644` is `0644`, `exists: yes` is an
    /// error (true or false).
    fn attribute(&mut self, name: &str, node: &Node) -> Option<String> {
        match name {
            "exists" | "readable" => self.bool(node).map(|b| b.to_string()),
            "type" => {
                let words: Vec<(&str, &str)> = FILE_TYPES.iter().map(|t| (*t, *t)).collect();
                self.keyword(node, "file type", &words).map(str::to_string)
            }
            "mode" => {
                let (text, _) = self.text(node)?;
                let t = text.trim();
                let digits = t.strip_prefix("0o").unwrap_or(t);
                match u32::from_str_radix(digits, 8) {
                    Ok(m) if m <= 0o7777 && !digits.is_empty() => Some(format!("{m:04o}")),
                    _ => {
                        self.error(
                            node.span,
                            format!("`{t}` is not a file mode; write it in octal, e.g. `\"0644\"`"),
                        );
                        None
                    }
                }
            }
            _ => self.string(node).map(|s| s.trim().to_string()),
        }
    }

    /// `8080` or `[80, 443]`.
    fn ports(&mut self, node: &Node) -> Option<Vec<u16>> {
        let items: Vec<&Node> = match &node.kind {
            NodeKind::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        let mut ports = Vec::new();
        for item in items {
            ports.push(self.uint(item, 1, 65535)? as u16);
        }
        if ports.is_empty() {
            self.error(
                node.span,
                "`listening` needs a port, e.g. `listening: 8080`",
            );
            return None;
        }
        Some(ports)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expect_fields_name_every_measure_and_attribute() {
        for spec in MEASURES {
            let fields = host_expect_fields(spec.kind).unwrap();
            assert!(fields.contains(&spec.name), "{}", spec.name);
        }
        for (kind, name) in ATTRIBUTES {
            assert!(host_expect_fields(*kind).unwrap().contains(name));
        }
    }
}
