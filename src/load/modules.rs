//! `modules:` and `targets:`: probe templates that `serve` runs against the target a request
//! names (`/probe?module=http_2xx&target=https://example.com`, blackbox_exporter's pattern), and
//! the allowlist those targets are held to.
//!
//! A module is a probe body whose strings may use `{{ target }}`. It is loaded when the suite is
//! (each with a few sample targets, so that its errors are the suite's, at `file:line:col`) and
//! again for each request, from the YAML kept here, with the request's target.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::Value;

use super::diagnostic::{Diagnostic, Span};
use super::loader::{Defaults, Loader};
use super::yaml::{Node, NodeKind, Scalar};
use crate::check::allow::{Allowlist, Network};
use crate::suite::{CheckKind, Probe};

pub(super) const TARGETS_FIELDS: &[&str] = &["hosts", "networks", "ports", "schemes"];

/// Probe fields that make no sense for a module: it is named by the suite's key, runs once per
/// request, and has no place in the suite's order.
const NOT_IN_MODULES: &[&str] = &["name", "for_each", "depends_on", "gate", "bypass"];

/// Kinds that do not reach a target over the network: a request's target must never reach a
/// command line or choose what on this host is read.
const LOCAL_KINDS: &[CheckKind] = &[
    CheckKind::Command,
    CheckKind::File,
    CheckKind::Disk,
    CheckKind::Memory,
    CheckKind::Load,
    CheckKind::Process,
    CheckKind::Service,
    CheckKind::AnyOf,
];

/// What modules are checked with when the suite loads: a module is valid if it loads with one
/// of them (`http: "{{ target }}"` takes a URL, `tcp: "{{ target }}"` a `host:port`,
/// `icmp: "{{ target }}"` a host).
const SAMPLE_TARGETS: &[&str] = &[
    "http://module.invalid:80/",
    "module.invalid:80",
    "module.invalid",
];

/// The suite's modules, kept as written, and what loading one again needs.
#[derive(Clone, Debug)]
pub struct Modules {
    file: String,
    entries: Vec<(String, Node)>,
    vars: BTreeMap<String, Value>,
    defaults: Defaults,
    base_dir: Option<std::path::PathBuf>,
    pub allow: Arc<Allowlist>,
}

/// Why `/probe?module=…&target=…` cannot run.
#[derive(Debug, PartialEq, Eq)]
pub enum ModuleError {
    Unknown {
        known: Vec<String>,
    },
    /// The target is outside the allowlist.
    Refused(String),
    /// The module does not load with this target (a `tcp` module given a URL, say).
    Invalid(Vec<String>),
}

impl std::fmt::Display for ModuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModuleError::Unknown { known } if known.is_empty() => {
                write!(f, "unknown module: the suite has no `modules`")
            }
            ModuleError::Unknown { known } => {
                write!(
                    f,
                    "unknown module; the suite's modules are {}",
                    known.join(", ")
                )
            }
            ModuleError::Refused(why) => write!(f, "target refused: {why}"),
            ModuleError::Invalid(problems) => write!(
                f,
                "the module does not take this target: {}",
                problems.join("; ")
            ),
        }
    }
}

impl Modules {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(n, _)| n.as_str())
    }

    /// The probe module `name` makes of `target`, when the allowlist admits the target.
    pub fn probe(&self, name: &str, target: &str) -> Result<Probe, ModuleError> {
        let Some((_, node)) = self.entries.iter().find(|(n, _)| n == name) else {
            return Err(ModuleError::Unknown {
                known: self.names().map(String::from).collect(),
            });
        };
        self.allow
            .admit_target(target)
            .map_err(ModuleError::Refused)?;
        let mut loader = Loader::new(self.base_dir.clone());
        loader.vars = self.vars.clone();
        loader
            .module_probe(name, node, target, &self.defaults)
            .map_err(|diags| {
                ModuleError::Invalid(
                    diags
                        .iter()
                        .map(|d| {
                            format!(
                                "{}:{}:{}: {}",
                                self.file, d.span.line, d.span.col, d.message
                            )
                        })
                        .collect(),
                )
            })
    }
}

fn scalar(text: &str, span: Span) -> Node {
    Node {
        kind: NodeKind::Scalar(Scalar {
            text: text.to_string(),
            plain: false,
        }),
        span,
    }
}

impl Loader {
    /// `modules:` and `targets:` of the suite: each module checked now, kept for the requests.
    pub(super) fn modules_section(
        &mut self,
        modules: Option<&Node>,
        targets: Option<(&Node, Span)>,
        modules_key: Option<Span>,
        defaults: &Defaults,
        file: &str,
    ) -> Option<Modules> {
        let allow = targets.and_then(|(node, _)| self.targets(node));
        let Some(modules) = modules else {
            if let Some((_, key)) = targets {
                self.error(
                    key,
                    "`targets` is the allowlist of `modules`, and the suite has none",
                );
            }
            return None;
        };
        let mut entries = Vec::new();
        for (name, span, body) in self.entries(modules, "`modules`") {
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
            {
                self.error(
                    span,
                    format!("`{name}` cannot name a module; use letters, digits, `_`, `-` and `.`"),
                );
                continue;
            }
            if self.module(&name, body, defaults) {
                entries.push((name, body.clone()));
            }
        }
        if allow.is_none() && targets.is_none() {
            let span = modules_key.unwrap_or(modules.span);
            self.diags.push(
                Diagnostic::new(span, "`modules` need a `targets` allowlist")
                    .with_help("a request names the target a module probes, so the suite says which it may name: `targets: {hosts: [\"*.example.com\"], networks: [10.0.0.0/8], ports: [80, 443], schemes: [http, https]}`"),
            );
        }
        Some(Modules {
            file: file.to_string(),
            entries,
            vars: self.vars.clone(),
            defaults: *defaults,
            base_dir: self.base_dir.clone(),
            allow: Arc::new(allow.unwrap_or_default()),
        })
    }

    /// Checks one module; its errors become the suite's.
    fn module(&mut self, name: &str, body: &Node, defaults: &Defaults) -> bool {
        let NodeKind::Map(fields) = &body.kind else {
            self.error(
                body.span,
                format!(
                    "a module must be a mapping (a probe without its name), found {}",
                    body.describe()
                ),
            );
            return false;
        };
        let mut ok = true;
        for (key, _) in fields {
            let Some(k) = key.scalar().map(|s| s.text.as_str()) else {
                continue;
            };
            if NOT_IN_MODULES.contains(&k) {
                self.error(
                    key.span,
                    format!(
                        "a module has no `{k}`: it is named by its key and runs once per request"
                    ),
                );
                ok = false;
            }
            if let Some(kind) = LOCAL_KINDS.iter().find(|kind| kind.as_str() == k) {
                self.error(key.span, format!("a module cannot be a `{}` probe: the target a request names must not reach a command line or choose what on this host is read", kind.as_str()));
                ok = false;
            }
        }
        if !ok {
            return false;
        }
        let mut fewest: Option<Vec<Diagnostic>> = None;
        for sample in SAMPLE_TARGETS {
            match self.module_probe(name, body, sample, defaults) {
                Ok(_) => return true,
                Err(diags) if fewest.as_ref().is_none_or(|f| diags.len() < f.len()) => {
                    fewest = Some(diags)
                }
                Err(_) => {}
            }
        }
        self.diags.extend(fewest.unwrap_or_default());
        false
    }

    /// The probe a module makes of `target`, or the errors that loading it gave (which are
    /// taken out of the loader's own).
    pub(super) fn module_probe(
        &mut self,
        name: &str,
        body: &Node,
        target: &str,
        defaults: &Defaults,
    ) -> Result<Probe, Vec<Diagnostic>> {
        let mut named = body.clone();
        if let NodeKind::Map(entries) = &mut named.kind {
            entries.insert(0, (scalar("name", body.span), scalar(name, body.span)));
        }
        let ctx = super::template::context(&self.vars, Some(("target", &Value::from(target))));
        let outer = std::mem::replace(&mut self.ctx, ctx);
        let (diags, warnings) = (self.diags.len(), self.warnings.len());
        let loaded = self.probe(&named, defaults);
        self.ctx = outer;
        self.warnings.truncate(warnings);
        let errors = self.diags.split_off(diags);
        match loaded {
            Ok((probe, _, _)) if errors.is_empty() => Ok(probe),
            _ => Err(errors),
        }
    }

    fn targets(&mut self, node: &Node) -> Option<Allowlist> {
        let mut f = self.fields(node, "`targets`", TARGETS_FIELDS)?;
        let mut list = Allowlist::default();
        if let Some(n) = f.get("hosts") {
            for (glob, span) in self.spanned_string_list(n) {
                let glob = glob.trim_end_matches('.').to_ascii_lowercase();
                if glob.is_empty() || glob.contains(['/', ' ', ':']) {
                    self.error(span, format!("`{glob}` is not a host glob; write a name such as `*.example.com` or `localhost` (ports go in `ports`)"));
                } else {
                    list.hosts.push(glob);
                }
            }
        }
        if let Some(n) = f.get("networks") {
            for (text, span) in self.spanned_string_list(n) {
                match text.trim().parse::<Network>() {
                    Ok(net) => list.networks.push(net),
                    Err(e) => self.error(span, e),
                }
            }
        }
        if let Some(n) = f.get("ports") {
            for (text, span) in self.spanned_string_list(n) {
                match port_range(&text) {
                    Some(range) => list.ports.push(range),
                    None => self.error(
                        span,
                        format!("`{text}` is not a port or a range of ports (`443`, `8000-8999`)"),
                    ),
                }
            }
        }
        if let Some(n) = f.get("schemes") {
            for (text, span) in self.spanned_string_list(n) {
                let scheme = text.to_ascii_lowercase();
                if scheme.is_empty()
                    || !scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                {
                    self.error(
                        span,
                        format!("`{text}` is not a URL scheme (`http`, `https`)"),
                    );
                } else {
                    list.schemes.push(scheme);
                }
            }
        }
        let span = f.span;
        let named = f.has("hosts") || f.has("networks");
        f.finish(self, |_| None);
        if !named {
            self.error(
                span,
                "`targets` must name the `hosts` or the `networks` that requests may probe",
            );
            return None;
        }
        Some(list)
    }
}

fn port_range(text: &str) -> Option<(u16, u16)> {
    let (lo, hi) = text.split_once('-').unwrap_or((text, text));
    let (lo, hi) = (
        lo.trim().parse::<u16>().ok()?,
        hi.trim().parse::<u16>().ok()?,
    );
    (lo >= 1 && lo <= hi).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::super::{LoadOptions, SuiteError};
    use super::*;

    fn load(text: &str) -> Result<Option<Modules>, SuiteError> {
        let opts = LoadOptions {
            modules_alone: true,
            ..LoadOptions::default()
        };
        super::super::loader::load_text("s.yaml", "s", text.as_bytes(), &opts)
            .map(|(_, _, modules)| modules)
    }

    fn errors(text: &str) -> Vec<String> {
        load(text)
            .expect_err("an error")
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}: {}", d.span.line, d.span.col, d.message))
            .collect()
    }

    const OK: &str = "targets:\n  hosts: [\"*.test\"]\n  networks: [127.0.0.0/8]\n  ports: [80, \"8000-8100\"]\nmodules:\n  web:\n    http: \"http://{{ target }}/health\"\n    expect: {status: 200}\n  port:\n    tcp: \"{{ target }}\"\n";

    #[test]
    fn a_module_is_made_for_each_target() {
        let modules = load(OK).unwrap().unwrap();
        assert_eq!(modules.names().collect::<Vec<_>>(), ["web", "port"]);
        let probe = modules.probe("web", "api.test:8080").unwrap();
        assert_eq!(probe.name, "web");
        assert_eq!(
            crate::runner::target_of(&probe),
            "GET http://api.test:8080/health"
        );
        assert!(matches!(
            modules.probe("web", "evil.example:80"),
            Err(ModuleError::Refused(_))
        ));
        assert!(matches!(
            modules.probe("web", "api.test:22"),
            Err(ModuleError::Refused(_))
        ));
        match modules.probe("port", "api.test") {
            Err(ModuleError::Invalid(problems)) => {
                assert!(problems[0].starts_with("s.yaml:10:10: "), "{problems:?}")
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            modules.probe("nope", "api.test"),
            Err(ModuleError::Unknown { .. })
        ));
    }

    #[test]
    fn modules_are_checked_where_they_are_written() {
        assert_eq!(
            errors("modules:\n  web:\n    http: \"{{ target }}\"\n"),
            ["1:1: `modules` need a `targets` allowlist"]
        );
        let e = errors(
            "targets: {hosts: [a.test]}\nmodules:\n  run:\n    command: [\"ping\", \"{{ target }}\"]\n  named:\n    name: x\n    tcp: \"{{ target }}\"\n",
        );
        assert!(
            e[0].starts_with("4:5: a module cannot be a `command` probe"),
            "{e:?}"
        );
        assert!(e[1].starts_with("6:5: a module has no `name`"), "{e:?}");
        let e = errors(
            "targets: {networks: [10.0.0.1/8, nonsense], ports: [0]}\nmodules:\n  web:\n    http: \"{{ target }}\"\n",
        );
        assert!(
            e[0].contains("`10.0.0.1/8` has bits set past its /8"),
            "{e:?}"
        );
        assert!(e[1].contains("`nonsense` is not a network"), "{e:?}");
        assert!(e[2].contains("`0` is not a port"), "{e:?}");
        let e = errors("targets: {hosts: [a.test]}\nmodules:\n  web:\n    http: \"{{ taget }}\"\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("4:15: template error"), "{e:?}");
        assert_eq!(
            errors("targets: {ports: [80]}\nprobes:\n  - name: a\n    tcp: \"a:1\"\n"),
            [
                "1:1: `targets` is the allowlist of `modules`, and the suite has none",
                "1:10: `targets` must name the `hosts` or the `networks` that requests may probe"
            ]
        );
    }

    #[test]
    fn a_suite_of_modules_alone_runs_only_under_serve() {
        let err = super::super::load_bytes("s.yaml", "s", OK.as_bytes(), &LoadOptions::default())
            .unwrap_err();
        assert_eq!(err.diagnostics[0].message, "the suite has no probes");
        assert!(
            err.diagnostics[0]
                .help
                .as_deref()
                .unwrap()
                .contains("probekit serve")
        );
    }
}
