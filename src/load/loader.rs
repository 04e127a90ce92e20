//! Loading a suite: bytes → positioned YAML tree → templated, validated [`Suite`], collecting
//! every problem in the file as a [`Diagnostic`] rather than stopping at the first.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use minijinja::Value;

use super::diagnostic::{Diagnostic, Span, SuiteError, SuiteWarnings, suggest};
use super::modules::Modules;
use super::template::{Templates, context};
use super::yaml::{self, Node, NodeKind};
use crate::expect::Severity;
use crate::read_limit::{ReadLimitError, read_at_most};
use crate::suite::{
    Backoff, CheckKind, DEFAULT_CONCURRENCY, DEFAULT_RETRY_DELAY, DEFAULT_TIMEOUT, Probe, Suite,
};

/// Suite files larger than this are refused before parsing.
pub const MAX_SUITE_BYTES: u64 = 64 << 20;
/// `for_each` lists longer than this are refused.
pub const MAX_FOR_EACH: usize = 100_000;

#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// `--var key=value` overrides of the suite's `vars`.
    pub vars: Vec<(String, String)>,
    /// `--vars-file FILE`: typed values, overridden by `--var`; the file's name for messages.
    pub file_vars: Vec<(String, minijinja::Value)>,
    pub vars_file: Option<String>,
    /// The suite file's directory, against which its relative paths (`ca_file`, a metrics
    /// `file`) resolve; set by [`load_file`], the working directory otherwise.
    pub base_dir: Option<std::path::PathBuf>,
    /// A `--var` the suite neither declares nor uses is taken, not refused: `serve` reloads
    /// an edited suite with the vars it started with, which the new suite may no longer need.
    pub unused_vars_allowed: bool,
    /// A suite of `modules` alone is taken (`serve`, `validate`); elsewhere it has nothing to run.
    pub modules_alone: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {}; suites may be at most {MAX_SUITE_BYTES} bytes", size_text(.size))]
    TooLarge { path: String, size: Option<u64> },
    #[error("{0}")]
    Suite(#[from] SuiteError),
}

fn size_text(size: &Option<u64>) -> String {
    match size {
        Some(n) => format!("the file is {n} bytes"),
        None => "it holds more".into(),
    }
}

pub fn load_file(path: &Path, opts: &LoadOptions) -> Result<Suite, LoadError> {
    load_file_bytes(path, opts).map(|(suite, _)| suite)
}

/// [`load_file`], also handing back the file's bytes (`probekit build` hashes them).
pub fn load_file_bytes(path: &Path, opts: &LoadOptions) -> Result<(Suite, Vec<u8>), LoadError> {
    load_file_warned(path, opts).map(|loaded| (loaded.suite, loaded.bytes))
}

/// A suite file loaded, with its bytes (`probekit build` hashes them) and its warnings.
pub struct Loaded {
    pub suite: Suite,
    pub bytes: Vec<u8>,
    pub warnings: Option<SuiteWarnings>,
    /// `modules:` and their `targets:` allowlist, for `serve`'s `/probe?module=…&target=…`.
    pub modules: Option<Modules>,
}

impl Loaded {
    /// Prints the warnings on stderr, where they do not mix with a report; for the commands
    /// that run, build, serve or validate a suite.
    pub fn print_warnings(&self) {
        if let Some(w) = &self.warnings {
            eprintln!("{w}");
        }
    }
}

/// [`load_file`], with the file's bytes and what is legal but probably not meant.
pub fn load_file_warned(path: &Path, opts: &LoadOptions) -> Result<Loaded, LoadError> {
    let shown = path.display().to_string();
    let io = |source| LoadError::Io {
        path: shown.clone(),
        source,
    };
    let bytes = match read_at_most(path, MAX_SUITE_BYTES) {
        Ok(b) => b,
        Err(ReadLimitError::Io(e)) => return Err(io(e)),
        Err(ReadLimitError::TooLarge { size, .. }) => {
            return Err(LoadError::TooLarge { path: shown, size });
        }
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "suite".into());
    let mut opts = opts.clone();
    opts.base_dir = Some(match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => ".".into(),
    });
    let (suite, warnings, modules) = load_text(&shown, &stem, &bytes, &opts)?;
    // The parsed YAML and the template values of a large suite are gone once it is loaded,
    // which a run of 100,000 probes would otherwise carry to its end.
    crate::memory::release_freed();
    Ok(Loaded {
        suite,
        bytes,
        warnings,
        modules,
    })
}

/// Loads a suite from memory; `file` names it in messages, `default_name` is used when the
/// suite has no `suite:` field.
pub fn load_bytes(
    file: &str,
    default_name: &str,
    bytes: &[u8],
    opts: &LoadOptions,
) -> Result<Suite, SuiteError> {
    load_bytes_warned(file, default_name, bytes, opts).map(|(suite, _)| suite)
}

/// [`load_bytes`], with what is legal but probably not meant.
pub fn load_bytes_warned(
    file: &str,
    default_name: &str,
    bytes: &[u8],
    opts: &LoadOptions,
) -> Result<(Suite, Option<SuiteWarnings>), SuiteError> {
    load_text(file, default_name, bytes, opts).map(|(suite, warnings, _)| (suite, warnings))
}

type LoadedText = (Suite, Option<SuiteWarnings>, Option<Modules>);

pub(super) fn load_text(
    file: &str,
    default_name: &str,
    bytes: &[u8],
    opts: &LoadOptions,
) -> Result<LoadedText, SuiteError> {
    let fail = |source: String, diagnostics| SuiteError {
        file: file.to_string(),
        source,
        diagnostics,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            let source = String::from_utf8_lossy(bytes).into_owned();
            return Err(fail(
                source,
                vec![Diagnostic::new(
                    Span::point(line, col),
                    "the file is not valid UTF-8",
                )],
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (root, mut diags) = match yaml::parse(text) {
        Ok(parsed) => parsed,
        Err(diags) => return Err(fail(text.to_string(), diags)),
    };
    let mut loader = Loader::new(opts.base_dir.clone());
    if !opts.unused_vars_allowed {
        loader.unused_overrides(text, &root, opts);
    }
    let suite = loader.suite(&root, default_name, file, opts);
    diags.append(&mut loader.diags);
    let mut seen = HashSet::new();
    diags.retain(|d| seen.insert((d.span, d.message.clone())));
    diags.sort_by_key(|d| d.span);
    match suite {
        Some(suite) if diags.is_empty() => {
            let mut warnings = std::mem::take(&mut loader.warnings);
            let mut seen = HashSet::new();
            warnings.retain(|d| seen.insert((d.span, d.message.clone())));
            warnings.sort_by_key(|d| d.span);
            let warnings = (!warnings.is_empty()).then(|| SuiteWarnings {
                file: file.to_string(),
                source: text.to_string(),
                diagnostics: warnings,
            });
            Ok((suite, warnings, loader.modules.take()))
        }
        _ => Err(fail(text.to_string(), diags)),
    }
}

pub(super) struct Loader {
    pub(super) diags: Vec<Diagnostic>,
    /// What loads but is probably not meant (reported, never fatal).
    pub(super) warnings: Vec<Diagnostic>,
    pub(super) templates: Templates,
    /// The template context: `vars`, plus `item` inside a `for_each` probe.
    pub(super) ctx: Value,
    pub(super) vars: BTreeMap<String, Value>,
    /// Where the probe being loaded has `rate`/`increase` rules, which need a `window`.
    pub(super) window_rules: Vec<Span>,
    /// The suite's directory: relative paths resolve against it.
    pub(super) base_dir: Option<std::path::PathBuf>,
    /// Rules of the `expect` being loaded whose value names `${VAR}`, and whether each is a
    /// warning level's.
    pub(super) late: Vec<(bool, crate::expect::late::LateRule)>,
    /// The suite's `modules`, once read.
    modules: Option<Modules>,
}

impl Loader {
    pub(super) fn new(base_dir: Option<std::path::PathBuf>) -> Loader {
        Loader {
            diags: Vec::new(),
            warnings: Vec::new(),
            templates: Templates::default(),
            ctx: Value::UNDEFINED,
            vars: BTreeMap::new(),
            window_rules: Vec::new(),
            base_dir,
            late: Vec::new(),
            modules: None,
        }
    }

    /// A path written in the suite, as the suite's directory makes it.
    pub(super) fn suite_path(&self, written: &str) -> std::path::PathBuf {
        let p = std::path::Path::new(written);
        match &self.base_dir {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        }
    }
}

pub(super) use super::fields::Fields;

/// Label names probekit sets itself on its metrics, or that the Pushgateway's grouping key uses.
pub(super) const RESERVED_LABELS: &[&str] = &[
    "suite",
    "probe",
    "phase",
    "assertion",
    "status",
    "version",
    "job",
    "instance",
];

pub(super) const SUITE_FIELDS: &[&str] = &[
    "suite",
    "description",
    "labels",
    "concurrency",
    "defaults",
    "vars",
    "args",
    "probes",
    "modules",
    "targets",
];
pub(super) const ARG_FIELDS: &[&str] = &["name", "help", "default", "rest", "option", "switch"];
pub(super) const DEFAULTS_FIELDS: &[&str] =
    &["timeout", "retries", "retry_delay", "interval", "wait"];
pub(super) const PROBE_FIELDS: &[&str] = &[
    "name",
    "description",
    "tags",
    "labels",
    "depends_on",
    "gate",
    "bypass",
    "severity",
    "for_each",
    "retries",
    "attempts",
    "retry_delay",
    "retry_backoff",
    "wait",
    "give_up_on",
    "interval",
    "http",
    "command",
    "tcp",
    "metrics",
    "redis",
    "postgres",
    "mysql",
    "mongo",
    "file",
    "disk",
    "memory",
    "load",
    "process",
    "dns",
    "tls",
    "icmp",
    "grpc",
    "service",
    "any_of",
    "expect",
];

/// A probe with the `depends_on` patterns still to resolve and where its name was written.
pub(super) type LoadedProbe = (Probe, Vec<(String, Span)>, Span);

/// Suite-wide defaults that probes inherit.
#[derive(Clone, Copy, Debug)]
pub(super) struct Defaults {
    pub(super) timeout: Duration,
    pub(super) retries: u32,
    pub(super) retry_delay: Duration,
    pub(super) interval: Duration,
    pub(super) wait: Option<crate::suite::Wait>,
}

impl Loader {
    /// An error at byte `at` of `text`, the string value of `node`, when the scalar is written
    /// on one line without escapes (spans count characters; a quote may open it); else at the
    /// whole node.
    pub(super) fn error_in(&mut self, node: &Node, text: &str, at: usize, message: String) {
        self.error(Self::narrowed(node.span, text, at), message);
    }

    pub(super) fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diags.push(Diagnostic::new(span, message));
    }

    pub(super) fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: impl Into<String>,
        known: &'static [&'static str],
    ) -> Option<Fields<'n>> {
        let what = what.into();
        match &node.kind {
            NodeKind::Map(entries) => Some(Fields {
                what,
                known,
                entries,
                used: vec![false; entries.len()],
                empty: vec![false; entries.len()],
                nulls_are_errors: false,
                span: node.span,
            }),
            _ => {
                self.error(
                    node.span,
                    format!("{what} must be a mapping, found {}", node.describe()),
                );
                None
            }
        }
    }

    fn suite(
        &mut self,
        root: &Node,
        default_name: &str,
        file: &str,
        opts: &LoadOptions,
    ) -> Option<Suite> {
        let mut f = self.fields(root, "the suite", SUITE_FIELDS)?;
        if let Some(vars) = f.get("vars") {
            self.vars_section(vars, &opts.vars, &opts.file_vars);
        } else {
            self.vars_section(
                &Node {
                    kind: NodeKind::Map(Vec::new()),
                    span: f.span,
                },
                &opts.vars,
                &opts.file_vars,
            );
        }
        let name = match f.get("suite") {
            Some(n) => self.string(n).unwrap_or_default(),
            None => default_name.to_string(),
        };
        let description = f.get("description").and_then(|n| self.string(n));
        let labels = f.get("labels").map(|n| self.labels(n)).unwrap_or_default();
        let concurrency = match f.get("concurrency") {
            Some(n) => self
                .uint(n, 1, 100_000)
                .map_or(DEFAULT_CONCURRENCY, |v| v as usize),
            None => DEFAULT_CONCURRENCY,
        };
        let mut defaults = Defaults {
            timeout: DEFAULT_TIMEOUT,
            retries: 0,
            retry_delay: DEFAULT_RETRY_DELAY,
            interval: crate::suite::DEFAULT_INTERVAL,
            wait: None,
        };
        if let Some(node) = f.get("defaults")
            && let Some(mut d) = self.fields(node, "`defaults`", DEFAULTS_FIELDS)
        {
            if let Some(n) = d.get("timeout") {
                defaults.timeout = self.timeout(n).unwrap_or(defaults.timeout);
            }
            if let Some(n) = d.get("retries") {
                defaults.retries = self.retries(n).unwrap_or(0);
            }
            if let Some(n) = d.get("retry_delay") {
                defaults.retry_delay = self.duration(n).unwrap_or(defaults.retry_delay);
            }
            if let Some(n) = d.get("interval") {
                defaults.interval = self.interval(n).unwrap_or(defaults.interval);
            }
            if let Some(n) = d.get("wait") {
                defaults.wait = self.wait(n);
            }
            d.finish(self, |_| None);
        }
        let args = match f.get("args") {
            Some(node) => self.args_section(node),
            None => Vec::new(),
        };
        let probes_node = f.get("probes");
        let probe_key = f.key_span("probes");
        let modules_node = f.get("modules");
        let modules_key = f.key_span("modules");
        let targets = f.get("targets").zip(f.key_span("targets"));
        f.finish(self, |_| None);
        self.modules = self.modules_section(modules_node, targets, modules_key, &defaults, file);
        let has_modules = modules_node.is_some();

        let mut probes = Vec::new();
        let mut depends: Vec<Vec<(String, Span)>> = Vec::new();
        let mut name_spans: HashMap<String, Span> = HashMap::new();
        match probes_node.map(|n| &n.kind) {
            Some(NodeKind::Seq(items)) if !items.is_empty() => {
                for item in items {
                    self.probe_entry(item, &defaults, &mut probes, &mut depends, &mut name_spans);
                }
            }
            Some(NodeKind::Seq(_)) | None if has_modules && opts.modules_alone => {}
            Some(NodeKind::Seq(_)) | None => {
                let span = probe_key.unwrap_or(Span::point(1, 1));
                let help = if has_modules {
                    "its `modules` run only under `probekit serve`, as /probe?module=NAME&target=T; add a `probes:` list to run it here"
                } else {
                    "add a `probes:` list with at least one probe"
                };
                self.diags
                    .push(Diagnostic::new(span, "the suite has no probes").with_help(help));
            }
            Some(_) => {
                let node = probes_node?;
                self.error(
                    node.span,
                    format!("`probes` must be a list, found {}", node.describe()),
                );
            }
        }
        // Names of entries that had errors of their own: a dependency on one is not unknown.
        let loaded: std::collections::HashSet<&str> =
            probes.iter().map(|p| p.name.as_str()).collect();
        let broken: Vec<String> = name_spans
            .keys()
            .filter(|n| !loaded.contains(n.as_str()))
            .cloned()
            .collect();
        self.resolve_dependencies(&mut probes, &depends, &broken);
        for p in probes.iter().filter(|p| p.bypass) {
            if !probes.iter().any(|q| q.depends_on.contains(&p.name)) {
                let span = name_spans.get(&p.name).copied().unwrap_or_default();
                self.diags.push(
                    Diagnostic::new(
                        span,
                        format!("`{}` is a bypass, but no probe depends on it: its passing would pass nothing, and its failure would count as passed", p.name),
                    )
                    .with_help("add `depends_on` to the probes it stands in front of, or remove `bypass: true`"),
                );
            }
        }
        if name.trim().is_empty() {
            self.error(f_span_or_root(root), "the suite name is empty");
        }
        Some(Suite {
            name,
            description,
            source: file.to_string(),
            labels,
            concurrency,
            args,
            probes,
        })
    }

    fn vars_section(
        &mut self,
        node: &Node,
        overrides: &[(String, String)],
        file_vars: &[(String, Value)],
    ) {
        self.ctx = context(&self.vars, None);
        if let NodeKind::Map(entries) = &node.kind {
            for (key, value) in entries {
                let Some(name) = key.scalar().map(|s| s.text.clone()) else {
                    continue;
                };
                if !is_identifier(&name) {
                    self.error(key.span, format!("`{name}` cannot be used as a template variable; use letters, digits and `_`"));
                    continue;
                }
                let from_file = file_vars.iter().rev().find(|(k, _)| *k == name);
                let v = match overrides.iter().rev().find(|(k, _)| *k == name) {
                    Some((_, v)) => Value::from(v.clone()),
                    None => match from_file {
                        Some((_, v)) => v.clone(),
                        None => self.template_value(value),
                    },
                };
                self.vars.insert(name, v);
                self.ctx = context(&self.vars, None);
            }
        } else {
            self.error(
                node.span,
                format!("`vars` must be a mapping, found {}", node.describe()),
            );
        }
        for (k, v) in overrides {
            self.vars
                .entry(k.clone())
                .or_insert_with(|| Value::from(v.clone()));
        }
        for (k, v) in file_vars {
            self.vars.entry(k.clone()).or_insert_with(|| v.clone());
        }
        self.ctx = context(&self.vars, None);
    }

    /// A probe entry (one `for_each` item of it). When it has errors, the name and where it was
    /// written, if the name itself was fine, so that duplicate names are still reported.
    pub(super) fn probe(
        &mut self,
        node: &Node,
        defaults: &Defaults,
    ) -> Result<LoadedProbe, Option<(String, Span)>> {
        let Some(mut f) = self.fields(node, "a probe", PROBE_FIELDS) else {
            return Err(None);
        };
        f.get("for_each"); // expanded by the caller
        let name_node = f.get("name");
        let name = match name_node {
            Some(n) => self.probe_name(n),
            None => {
                self.error(node.span, "a probe needs a `name`");
                None
            }
        };
        let description = f.get("description").and_then(|n| self.string(n));
        let tags = f
            .get("tags")
            .map(|n| self.string_list(n))
            .unwrap_or_default();
        let labels = f.get("labels").map(|n| self.labels(n)).unwrap_or_default();
        let depends_on = f
            .get("depends_on")
            .map(|n| self.spanned_string_list(n))
            .unwrap_or_default();
        let gate = f.get("gate").and_then(|n| self.bool(n)).unwrap_or(false);
        let bypass = f.get("bypass").and_then(|n| self.bool(n)).unwrap_or(false);
        if gate
            && bypass
            && let Some(span) = f.key_span("bypass")
        {
            self.error(
                span,
                "a probe is a `gate` (its failure skips what depends on it) or a `bypass` (its passing does), not both",
            );
        }
        let severity = match f.get("severity") {
            None => Some(Severity::Critical),
            Some(n) => self.keyword(
                n,
                "severity",
                &[
                    ("warning", Severity::Warning),
                    ("critical", Severity::Critical),
                ],
            ),
        };
        let mut retries = f
            .get("retries")
            .map_or(Some(defaults.retries), |n| self.retries(n));
        // `attempts: N` is `retries: N-1`; `attempts: "${TRIES}"` is read when the probe runs.
        let mut late_attempts = None;
        if let Some(n) = f.get("attempts") {
            if let Some(span) = f.key_span("retries").or(f.key_span("wait")) {
                self.error(
                    span,
                    "a probe has `attempts`, `retries` (attempts after the first) or `wait` (attempts until a time), one of them",
                );
            } else if n.scalar().is_some_and(|s| s.text.contains("${")) {
                late_attempts = self.env_string(n).map(|t| t.to_string().into_boxed_str());
            } else {
                retries = self.uint(n, 1, 101).map(|v| v as u32 - 1);
            }
        }
        let retry_delay = f
            .get("retry_delay")
            .map_or(Some(defaults.retry_delay), |n| self.duration(n));
        let interval = f
            .get("interval")
            .map_or(Some(defaults.interval), |n| self.interval(n));
        let mut late_wait = None;
        let wait = match (
            f.get("wait"),
            f.key_span("retries").or(f.key_span("attempts")),
        ) {
            (Some(_), Some(span)) => {
                self.error(
                    span,
                    "a probe has `retries` (attempts counted) or `wait` (attempts until a time), not both",
                );
                None
            }
            (Some(n), None) if Self::wait_is_late(n) => {
                late_wait = self.late_wait(n);
                None
            }
            (Some(n), None) => self.wait(n),
            (None, Some(_)) => None,
            (None, None) => defaults.wait,
        };
        let retry_backoff = match f.get("retry_backoff") {
            None => Some(Backoff::Exponential),
            Some(n) => self.keyword(
                n,
                "retry_backoff",
                &[
                    ("exponential", Backoff::Exponential),
                    ("constant", Backoff::Constant),
                ],
            ),
        };

        let kinds: Vec<CheckKind> = CheckKind::ALL
            .into_iter()
            .chain([CheckKind::AnyOf])
            .filter(|k| f.has(k.as_str()))
            .collect();
        let give_up_on = match f.get("give_up_on") {
            None => Some(crate::suite::GiveUp::default()),
            Some(n) => {
                let mut give_up = Some(crate::suite::GiveUp::default());
                for (name, span) in self.spanned_string_list(n) {
                    match crate::suite::AfterSent::named(&name) {
                        Some(failure) => give_up = give_up.map(|g| g.with(failure)),
                        None => {
                            let names: Vec<String> = crate::suite::AfterSent::ALL
                                .into_iter()
                                .map(|f| format!("`{}`", f.name()))
                                .collect();
                            self.error(
                                span,
                                format!(
                                    "unknown failure to give up on {name:?}; expected {}",
                                    names.join(", ")
                                ),
                            );
                            give_up = None;
                        }
                    }
                }
                if !kinds.is_empty() && kinds != [CheckKind::Http] {
                    self.error(
                        f.key_span("give_up_on").unwrap_or(n.span),
                        "`give_up_on` names failures of an HTTP request once it is sent; this probe makes none",
                    );
                    give_up = None;
                }
                give_up
            }
        };
        let check = match kinds.as_slice() {
            [kind] => {
                // `memory:` with nothing under it is an empty mapping, not absent.
                let empty = Node {
                    kind: NodeKind::Map(Vec::new()),
                    span: f.key_span(kind.as_str()).unwrap_or(node.span),
                };
                let body = f.get(kind.as_str()).unwrap_or(&empty);
                self.check(*kind, body, defaults)
            }
            [] => {
                self.diags.push(
                    Diagnostic::new(
                        name_node.map_or(node.span, |n| n.span),
                        format!(
                            "a probe needs one of {}",
                            super::check::kind_list(
                                &[&CheckKind::ALL[..], &[CheckKind::AnyOf]].concat()
                            )
                        ),
                    )
                    .with_help("e.g. `http: {url: \"http://127.0.0.1:8080/health\"}`"),
                );
                None
            }
            [first, second, ..] => {
                let span = f.key_span(second.as_str()).unwrap_or(node.span);
                self.error(
                    span,
                    format!(
                        "a probe has exactly one kind, but this one has both `{}` and `{}`",
                        first.as_str(),
                        second.as_str()
                    ),
                );
                None
            }
        };
        self.window_rules.clear();
        let expect = match (kinds.first(), f.get("expect")) {
            (Some(CheckKind::AnyOf), Some(n)) => {
                self.error(
                    n.span,
                    "an `any_of` probe has no `expect` of its own: each alternative has one",
                );
                None
            }
            (Some(&kind), Some(n)) => self.expect(kind, n),
            (Some(&kind), None) => self.expect(
                kind,
                &Node {
                    kind: NodeKind::Map(Vec::new()),
                    span: node.span,
                },
            ),
            (None, _) => None,
        };
        if let (Some(crate::suite::Check::Command(c)), Some(e)) = (&check, &expect)
            && c.merge_stderr
            && e.stderr.is_some()
        {
            let span = f.key_span("expect").unwrap_or(node.span);
            self.diags.push(
                Diagnostic::new(
                    span,
                    "with `merge_stderr: true` standard error is part of stdout: there is no `stderr` to expect",
                )
                .with_help("move the `stderr` rules under `stdout`"),
            );
        }
        if let (Some(c), Some(e)) = (&check, &expect) {
            self.database_expect(c, e, f.key_span("expect").unwrap_or(node.span));
        }
        if let Some(crate::suite::Check::Metrics(m)) = &check
            && m.window.is_none()
        {
            for span in std::mem::take(&mut self.window_rules) {
                self.diags.push(
                    Diagnostic::new(span, "`rate` and `increase` compare two scrapes, but the metrics source has no `window`")
                        .with_help("add e.g. `window: 10s` to `metrics:`"),
                );
            }
        }
        f.finish(self, |_| None);
        let name_span = name_node.map_or(node.span, |n| n.span);
        let named = name.clone().map(|n| (n, name_span));
        let build = || {
            Some(Probe {
                name: name?,
                description,
                tags,
                labels,
                depends_on: Vec::new(),
                gate,
                bypass,
                retries: retries?,
                late_attempts,
                retry_delay: retry_delay?,
                retry_backoff: retry_backoff?,
                wait,
                late_wait,
                give_up_on: give_up_on?,
                interval: interval?,
                severity: severity?,
                check: std::sync::Arc::new(check?),
                expect: std::sync::Arc::new(expect?),
            })
        };
        match build() {
            Some(probe) => Ok((probe, depends_on, name_span)),
            None => Err(named),
        }
    }

    fn probe_name(&mut self, node: &Node) -> Option<String> {
        let name = self.string(node)?;
        if name.trim().is_empty() {
            self.error(node.span, "the probe name is empty");
            return None;
        }
        if name.chars().any(char::is_control) {
            self.error(
                node.span,
                "probe names cannot contain control characters (newlines, tabs, …)",
            );
            return None;
        }
        if name.chars().count() > 200 {
            self.error(node.span, "probe names are at most 200 characters");
            return None;
        }
        Some(name)
    }

    /// Replaces `depends_on` patterns (names or globs) by the names they match, and reports
    /// patterns that match nothing and dependency cycles.
    fn resolve_dependencies(
        &mut self,
        probes: &mut [Probe],
        depends: &[Vec<(String, Span)>],
        broken: &[String],
    ) {
        let names: Vec<String> = probes.iter().map(|p| p.name.clone()).collect();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); probes.len()];
        let mut first_span: Vec<Option<Span>> = vec![None; probes.len()];
        for (i, deps) in depends.iter().enumerate() {
            for (pattern, span) in deps {
                let glob = wildmatch::WildMatch::new(pattern);
                let matched: Vec<usize> = (0..names.len())
                    .filter(|&j| j != i && (names[j] == *pattern || glob.matches(&names[j])))
                    .collect();
                let names_broken = broken.iter().any(|b| b == pattern || glob.matches(b));
                if matched.is_empty() && !names_broken {
                    let known: Vec<&str> = names.iter().map(String::as_str).collect();
                    let mut d = Diagnostic::new(
                        *span,
                        format!(
                            "`depends_on` names `{pattern}`, but no other probe is called that"
                        ),
                    );
                    if let Some(s) = suggest(pattern, &known) {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    }
                    self.diags.push(d);
                }
                for j in matched {
                    if !edges[i].contains(&j) {
                        edges[i].push(j);
                    }
                }
                first_span[i].get_or_insert(*span);
            }
        }
        if let Some(cycle) = find_cycle(&edges) {
            let path: Vec<&str> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| names[i].as_str())
                .collect();
            let span = first_span[cycle[0]].unwrap_or_default();
            self.error(span, format!("dependency cycle: {}", path.join(" → ")));
        }
        for (i, probe) in probes.iter_mut().enumerate() {
            probe.depends_on = edges[i].iter().map(|&j| names[j].clone()).collect();
        }
    }

    // ----- scalars -------------------------------------------------------------------------
}

fn f_span_or_root(root: &Node) -> Span {
    root.get("suite").map_or(root.span, |v| v.span)
}

pub(super) fn describe_text(node: &Node, text: &str) -> String {
    match node.scalar() {
        Some(_) => format!("`{text}`"),
        None => node.describe().to_string(),
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(super) fn is_label_name(s: &str) -> bool {
    is_identifier(s) && !s.starts_with("__")
}

/// One cycle in a dependency graph (as the list of nodes on it), if there is any.
fn find_cycle(edges: &[Vec<usize>]) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; edges.len()];
    for start in 0..edges.len() {
        if marks[start] != Mark::New {
            continue;
        }
        // Iterative DFS: (node, next edge index); `path` mirrors the stack.
        let mut stack = vec![(start, 0usize)];
        marks[start] = Mark::Active;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&dep) = edges[node].get(*next) {
                *next += 1;
                match marks[dep] {
                    Mark::New => {
                        marks[dep] = Mark::Active;
                        stack.push((dep, 0));
                    }
                    Mark::Active => {
                        let from = stack.iter().position(|&(n, _)| n == dep).unwrap_or(0);
                        return Some(stack[from..].iter().map(|&(n, _)| n).collect());
                    }
                    Mark::Done => {}
                }
            } else {
                marks[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles() {
        assert_eq!(find_cycle(&[vec![1], vec![2], vec![]]), None);
        assert_eq!(
            find_cycle(&[vec![1], vec![2], vec![0]]),
            Some(vec![0, 1, 2])
        );
        assert_eq!(find_cycle(&[vec![], vec![1]]), Some(vec![1]));
    }
}
