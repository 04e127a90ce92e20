//! Loading a suite: bytes → positioned YAML tree → templated, validated [`Suite`], collecting
//! every problem in the file as a [`Diagnostic`] rather than stopping at the first.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use minijinja::Value;
use regex::Regex;

use super::diagnostic::{Diagnostic, Span, SuiteError, suggest};
use super::template::{Templates, context, needs_rendering, sole_expression};
use super::yaml::{self, Node, NodeKind, Plain, resolve_plain};
use crate::expect::Threshold;
use crate::suite::EnvString;
use crate::suite::{
    CheckKind, DEFAULT_CONCURRENCY, DEFAULT_RETRY_DELAY, DEFAULT_TIMEOUT, Probe, Suite,
};
use crate::units::{parse_duration, parse_size};

/// Suite files larger than this are refused before parsing.
pub const MAX_SUITE_BYTES: u64 = 64 << 20;
/// `for_each` lists longer than this are refused.
pub const MAX_FOR_EACH: usize = 100_000;

#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// `--var key=value` overrides of the suite's `vars`.
    pub vars: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: the file is {size} bytes; suites may be at most {MAX_SUITE_BYTES} bytes")]
    TooLarge { path: String, size: u64 },
    #[error("{0}")]
    Suite(#[from] SuiteError),
}

pub fn load_file(path: &Path, opts: &LoadOptions) -> Result<Suite, LoadError> {
    load_file_bytes(path, opts).map(|(suite, _)| suite)
}

/// [`load_file`], also handing back the file's bytes (`probekit build` hashes them).
pub fn load_file_bytes(path: &Path, opts: &LoadOptions) -> Result<(Suite, Vec<u8>), LoadError> {
    let shown = path.display().to_string();
    let io = |source| LoadError::Io {
        path: shown.clone(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_SUITE_BYTES {
        return Err(LoadError::TooLarge { path: shown, size });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "suite".into());
    let suite = load_bytes(&shown, &stem, &bytes, opts)?;
    Ok((suite, bytes))
}

/// Loads a suite from memory; `file` names it in messages, `default_name` is used when the
/// suite has no `suite:` field.
pub fn load_bytes(
    file: &str,
    default_name: &str,
    bytes: &[u8],
    opts: &LoadOptions,
) -> Result<Suite, SuiteError> {
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
    let mut loader = Loader {
        diags: Vec::new(),
        templates: Templates::default(),
        ctx: Value::UNDEFINED,
        vars: BTreeMap::new(),
        window_rules: Vec::new(),
    };
    let suite = loader.suite(&root, default_name, file, opts);
    diags.append(&mut loader.diags);
    let mut seen = HashSet::new();
    diags.retain(|d| seen.insert((d.span, d.message.clone())));
    diags.sort_by_key(|d| d.span);
    match suite {
        Some(suite) if diags.is_empty() => Ok(suite),
        _ => Err(fail(text.to_string(), diags)),
    }
}

pub(super) struct Loader {
    pub(super) diags: Vec<Diagnostic>,
    templates: Templates,
    /// The template context: `vars`, plus `item` inside a `for_each` probe.
    ctx: Value,
    vars: BTreeMap<String, Value>,
    /// Where the probe being loaded has `rate`/`increase` rules, which need a `window`.
    pub(super) window_rules: Vec<Span>,
}

/// The entries of a mapping, with the names the mapping accepts; keys that are never asked for
/// are reported as unknown, with a suggestion.
pub(super) struct Fields<'n> {
    what: String,
    known: &'static [&'static str],
    entries: &'n [(Node, Node)],
    used: Vec<bool>,
    pub(super) span: Span,
}

impl<'n> Fields<'n> {
    /// The value of `key`; an explicit `null` counts as absent.
    pub(super) fn get(&mut self, key: &str) -> Option<&'n Node> {
        debug_assert!(
            self.known.contains(&key),
            "{key} is not declared for {}",
            self.what
        );
        let i = self
            .entries
            .iter()
            .position(|(k, _)| k.scalar().is_some_and(|s| s.text == key))?;
        self.used[i] = true;
        let value = &self.entries[i].1;
        (!value.is_null()).then_some(value)
    }

    pub(super) fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|(k, _)| k.scalar().is_some_and(|s| s.text == key))
            .map(|(k, _)| k.span)
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.key_span(key).is_some()
    }

    /// Reports unknown keys. `elsewhere` explains keys that belong to another context.
    pub(super) fn finish(self, l: &mut Loader, elsewhere: impl Fn(&str) -> Option<String>) {
        for (i, (key, _)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let name = key.scalar().map(|s| s.text.as_str()).unwrap_or_default();
            if self.known.contains(&name) {
                continue; // known but null, or read conditionally
            }
            let mut d =
                Diagnostic::new(key.span, format!("unknown field `{name}` in {}", self.what));
            if let Some(note) = elsewhere(name) {
                d = d.with_help(note);
            } else if let Some(s) = suggest(name, self.known) {
                d = d.with_help(format!("did you mean `{s}`?"));
            } else {
                d = d.with_help(format!("expected one of: {}", self.known.join(", ")));
            }
            l.diags.push(d);
        }
    }
}

/// Label names probekit sets itself on its metrics, or that the Pushgateway's grouping key uses.
const RESERVED_LABELS: &[&str] = &[
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
    "probes",
];
pub(super) const DEFAULTS_FIELDS: &[&str] = &["timeout", "retries", "retry_delay", "interval"];
pub(super) const PROBE_FIELDS: &[&str] = &[
    "name",
    "description",
    "tags",
    "labels",
    "depends_on",
    "for_each",
    "retries",
    "retry_delay",
    "interval",
    "http",
    "command",
    "tcp",
    "metrics",
    "expect",
];

/// A probe with the `depends_on` patterns still to resolve and where its name was written.
type LoadedProbe = (Probe, Vec<(String, Span)>, Span);

/// Suite-wide defaults that probes inherit.
#[derive(Clone, Copy)]
pub(super) struct Defaults {
    pub(super) timeout: Duration,
    pub(super) retries: u32,
    pub(super) retry_delay: Duration,
    pub(super) interval: Duration,
}

impl Loader {
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
            self.vars_section(vars, &opts.vars);
        } else {
            self.vars_section(
                &Node {
                    kind: NodeKind::Map(Vec::new()),
                    span: f.span,
                },
                &opts.vars,
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
        };
        if let Some(node) = f.get("defaults")
            && let Some(mut d) = self.fields(node, "`defaults`", DEFAULTS_FIELDS)
        {
            if let Some(n) = d.get("timeout") {
                defaults.timeout = self.timeout(n).unwrap_or(defaults.timeout);
            }
            if let Some(n) = d.get("retries") {
                defaults.retries = self.uint(n, 0, 100).map_or(0, |v| v as u32);
            }
            if let Some(n) = d.get("retry_delay") {
                defaults.retry_delay = self.duration(n).unwrap_or(defaults.retry_delay);
            }
            if let Some(n) = d.get("interval") {
                defaults.interval = self.interval(n).unwrap_or(defaults.interval);
            }
            d.finish(self, |_| None);
        }
        let probes_node = f.get("probes");
        let probe_key = f.key_span("probes");
        f.finish(self, |_| None);

        let mut probes = Vec::new();
        let mut depends: Vec<Vec<(String, Span)>> = Vec::new();
        let mut name_spans: HashMap<String, Span> = HashMap::new();
        match probes_node.map(|n| &n.kind) {
            Some(NodeKind::Seq(items)) if !items.is_empty() => {
                for item in items {
                    self.probe_entry(item, &defaults, &mut probes, &mut depends, &mut name_spans);
                }
            }
            Some(NodeKind::Seq(_)) | None => {
                let span = probe_key.unwrap_or(Span::point(1, 1));
                self.diags.push(
                    Diagnostic::new(span, "the suite has no probes")
                        .with_help("add a `probes:` list with at least one probe"),
                );
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
        if name.trim().is_empty() {
            self.error(f_span_or_root(root), "the suite name is empty");
        }
        Some(Suite {
            name,
            description,
            source: file.to_string(),
            labels,
            concurrency,
            probes,
        })
    }

    fn vars_section(&mut self, node: &Node, overrides: &[(String, String)]) {
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
                let v = match overrides.iter().rev().find(|(k, _)| *k == name) {
                    Some((_, v)) => Value::from(v.clone()),
                    None => self.template_value(value),
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
        self.ctx = context(&self.vars, None);
    }

    /// One entry of `probes:`, expanded over its `for_each` list if it has one.
    fn probe_entry(
        &mut self,
        node: &Node,
        defaults: &Defaults,
        probes: &mut Vec<Probe>,
        depends: &mut Vec<Vec<(String, Span)>>,
        name_spans: &mut HashMap<String, Span>,
    ) {
        let for_each = match &node.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.scalar().is_some_and(|s| s.text == "for_each"))
                .map(|(_, v)| v),
            _ => None,
        };
        let items = match for_each {
            None => vec![None],
            Some(list) => match self.for_each_items(list) {
                Some(items) => items.into_iter().map(Some).collect(),
                None => return,
            },
        };
        let base_ctx = self.ctx.clone();
        let repeated = items.len() > 1;
        for item in items {
            self.ctx = context(&self.vars, item.as_ref());
            let (name, name_span, loaded) = match self.probe(node, defaults) {
                Ok((probe, deps, span)) => (probe.name.clone(), span, Some((probe, deps))),
                Err(Some((name, span))) => (name, span, None),
                Err(None) => continue,
            };
            match name_spans.get(&name) {
                Some(first) => {
                    let mut d =
                        Diagnostic::new(name_span, format!("probe name `{name}` is used twice"));
                    d = if repeated && *first == name_span {
                        d.with_help("every `for_each` item gets the same name; put `{{ item }}` in the name")
                    } else {
                        d.with_help(format!("first used at line {}", first.line))
                    };
                    self.diags.push(d);
                }
                None => {
                    name_spans.insert(name, name_span);
                    if let Some((probe, deps)) = loaded {
                        probes.push(probe);
                        depends.push(deps);
                    }
                }
            }
        }
        self.ctx = base_ctx;
    }

    fn for_each_items(&mut self, list: &Node) -> Option<Vec<Value>> {
        let items: Vec<Value> = match &list.kind {
            NodeKind::Seq(items) => items.iter().map(|n| self.template_value(n)).collect(),
            NodeKind::Scalar(s) if sole_expression(&s.text).is_some() => {
                let expr = sole_expression(&s.text).unwrap_or_default();
                let value = match self.templates.eval(expr, &self.ctx) {
                    Ok(v) => v,
                    Err(e) => {
                        self.error(list.span, e.message);
                        return None;
                    }
                };
                match value.try_iter() {
                    Ok(iter) if value.kind() != minijinja::value::ValueKind::String => {
                        iter.collect()
                    }
                    _ => {
                        self.error(
                            list.span,
                            format!("`for_each` must give a list; `{expr}` is {}", value.kind()),
                        );
                        return None;
                    }
                }
            }
            _ => {
                self.error(
                    list.span,
                    format!(
                        "`for_each` must be a list or \"{{{{ a_list_var }}}}\", found {}",
                        list.describe()
                    ),
                );
                return None;
            }
        };
        if items.is_empty() {
            self.error(
                list.span,
                "`for_each` is empty, so this probe would never run",
            );
            return None;
        }
        if items.len() > MAX_FOR_EACH {
            self.error(
                list.span,
                format!(
                    "`for_each` has {} items; at most {MAX_FOR_EACH} are allowed",
                    items.len()
                ),
            );
            return None;
        }
        Some(items)
    }

    /// A probe entry (one `for_each` item of it). When it has errors, the name and where it was
    /// written, if the name itself was fine, so that duplicate names are still reported.
    fn probe(
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
        let retries = f.get("retries").map_or(Some(defaults.retries), |n| {
            self.uint(n, 0, 100).map(|v| v as u32)
        });
        let retry_delay = f
            .get("retry_delay")
            .map_or(Some(defaults.retry_delay), |n| self.duration(n));
        let interval = f
            .get("interval")
            .map_or(Some(defaults.interval), |n| self.interval(n));

        let kinds: Vec<CheckKind> = CheckKind::ALL
            .into_iter()
            .filter(|k| f.has(k.as_str()))
            .collect();
        let check = match kinds.as_slice() {
            [kind] => {
                let body = f.get(kind.as_str()).unwrap_or(node);
                self.check(*kind, body, defaults)
            }
            [] => {
                self.diags.push(
                    Diagnostic::new(
                        name_node.map_or(node.span, |n| n.span),
                        "a probe needs one of `http`, `command`, `tcp` or `metrics`",
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
                retries: retries?,
                retry_delay: retry_delay?,
                interval: interval?,
                check: check?,
                expect: expect?,
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

    /// The text of a scalar, with `{{ … }}` rendered.
    pub(super) fn text(&mut self, node: &Node) -> Option<(String, bool)> {
        let Some(s) = node.scalar() else {
            self.error(
                node.span,
                format!("expected a single value, found {}", node.describe()),
            );
            return None;
        };
        if !needs_rendering(&s.text) {
            return Some((s.text.clone(), s.plain));
        }
        match self.templates.render(&s.text, &self.ctx) {
            Ok(text) => Some((text, false)),
            Err(e) => {
                let span = match e.range {
                    // minijinja's range is in bytes of the template; use it only when it lies
                    // on character boundaries of this text (found by proptest).
                    Some(r)
                        if s.text.get(r.clone()).is_some()
                            && !s.text[..r.start].contains('\n')
                            && node.span.len > 0 =>
                    {
                        let quote = usize::from(!s.plain);
                        node.span.shifted(
                            quote + s.text[..r.start].chars().count(),
                            s.text[r.clone()].chars().count(),
                        )
                    }
                    _ => node.span,
                };
                self.error(span, e.message);
                None
            }
        }
    }

    pub(super) fn string(&mut self, node: &Node) -> Option<String> {
        self.text(node).map(|(t, _)| t)
    }

    pub(super) fn env_string(&mut self, node: &Node) -> Option<EnvString> {
        let text = self.string(node)?;
        match EnvString::parse(&text) {
            Ok(s) => Some(s),
            Err(e) => {
                let quoted = node.scalar().is_some_and(|s| !s.plain);
                let span = if node.scalar().is_some_and(|s| s.text == text) && node.span.len > 0 {
                    node.span.shifted(usize::from(quoted) + e.offset, e.len)
                } else {
                    node.span
                };
                self.error(span, e.message);
                None
            }
        }
    }

    pub(super) fn bool(&mut self, node: &Node) -> Option<bool> {
        let (text, _) = self.text(node)?;
        match text.as_str() {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => {
                self.error(
                    node.span,
                    format!("expected true or false, found {}", node.describe()),
                );
                None
            }
        }
    }

    pub(super) fn uint(&mut self, node: &Node, min: u64, max: u64) -> Option<u64> {
        let (text, _) = self.text(node)?;
        match text.trim().parse::<u64>() {
            Ok(v) if (min..=max).contains(&v) => Some(v),
            Ok(v) => {
                self.error(
                    node.span,
                    format!("{v} is out of range; expected {min} to {max}"),
                );
                None
            }
            Err(_) => {
                self.error(
                    node.span,
                    format!(
                        "expected a whole number, found {}",
                        describe_text(node, &text)
                    ),
                );
                None
            }
        }
    }

    /// How often `probekit serve` runs a probe: at least 1s.
    fn interval(&mut self, node: &Node) -> Option<Duration> {
        let d = self.duration(node)?;
        if d < Duration::from_secs(1) {
            self.error(node.span, "an interval is at least 1s");
            return None;
        }
        Some(d)
    }

    pub(super) fn duration(&mut self, node: &Node) -> Option<Duration> {
        let (text, _) = self.text(node)?;
        match parse_duration(&text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(node.span, e);
                None
            }
        }
    }

    /// A positive duration of at most a day: what a probe may wait.
    pub(super) fn timeout(&mut self, node: &Node) -> Option<Duration> {
        let d = self.duration(node)?;
        if d.is_zero() || d > Duration::from_secs(86_400) {
            self.error(node.span, "a timeout must be more than 0 and at most 24h");
            return None;
        }
        Some(d)
    }

    pub(super) fn size(&mut self, node: &Node, max: u64) -> Option<usize> {
        let (text, _) = self.text(node)?;
        match parse_size(&text) {
            Ok(n) if n <= max => Some(n as usize),
            Ok(_) => {
                self.error(
                    node.span,
                    format!("`{text}` is larger than the limit of {max} bytes"),
                );
                None
            }
            Err(e) => {
                self.error(node.span, e);
                None
            }
        }
    }

    pub(super) fn regex(&mut self, node: &Node) -> Option<Regex> {
        let text = self.string(node)?;
        match regex::RegexBuilder::new(&text).size_limit(1 << 20).build() {
            Ok(re) => Some(re),
            Err(e) => {
                let detail = e.to_string();
                let last = detail
                    .lines()
                    .rfind(|l| !l.trim().is_empty())
                    .unwrap_or("invalid")
                    .trim()
                    .to_string();
                self.error(
                    node.span,
                    format!(
                        "invalid regular expression: {}",
                        last.trim_start_matches("error: ")
                    ),
                );
                None
            }
        }
    }

    pub(super) fn duration_threshold(&mut self, node: &Node) -> Option<Threshold<Duration>> {
        let text = self.string(node)?;
        match Threshold::parse_duration(&text) {
            Ok(t) => Some(t),
            Err(e) => {
                self.error(node.span, e);
                None
            }
        }
    }

    /// A string or a list of strings.
    pub(super) fn string_list(&mut self, node: &Node) -> Vec<String> {
        self.spanned_string_list(node)
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    pub(super) fn spanned_string_list(&mut self, node: &Node) -> Vec<(String, Span)> {
        match &node.kind {
            NodeKind::Seq(items) => items
                .iter()
                .filter_map(|n| self.string(n).map(|s| (s, n.span)))
                .collect(),
            NodeKind::Scalar(_) => self
                .string(node)
                .map(|s| vec![(s, node.span)])
                .unwrap_or_default(),
            NodeKind::Map(_) => {
                self.error(
                    node.span,
                    "expected a string or a list of strings, found a mapping",
                );
                Vec::new()
            }
        }
    }

    /// The entries of a mapping with string keys, values left as nodes.
    pub(super) fn entries<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
    ) -> Vec<(String, Span, &'n Node)> {
        match &node.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .filter_map(|(k, v)| k.scalar().map(|s| (s.text.clone(), k.span, v)))
                .collect(),
            _ => {
                self.error(
                    node.span,
                    format!("{what} must be a mapping, found {}", node.describe()),
                );
                Vec::new()
            }
        }
    }

    fn labels(&mut self, node: &Node) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (key, span, value) in self.entries(node, "`labels`") {
            if !is_label_name(&key) {
                self.error(span, format!("`{key}` is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with `__`)"));
                continue;
            }
            if RESERVED_LABELS.contains(&key.as_str()) {
                self.error(
                    span,
                    format!("`{key}` is set by probekit itself and cannot be used as a label"),
                );
                continue;
            }
            if let Some(v) = self.string(value) {
                out.insert(key, v);
            }
        }
        out
    }

    /// A YAML node as a template value (scalars follow the core schema; templates are rendered).
    fn template_value(&mut self, node: &Node) -> Value {
        match &node.kind {
            NodeKind::Scalar(s) if s.plain && !needs_rendering(&s.text) => {
                match resolve_plain(&s.text) {
                    Plain::Null => Value::from(()),
                    Plain::Bool(b) => Value::from(b),
                    Plain::Int(i) => Value::from(i),
                    Plain::Float(f) => Value::from(f),
                    Plain::Str => Value::from(s.text.clone()),
                }
            }
            NodeKind::Scalar(_) => self.string(node).map(Value::from).unwrap_or_default(),
            NodeKind::Seq(items) => Value::from(
                items
                    .iter()
                    .map(|n| self.template_value(n))
                    .collect::<Vec<_>>(),
            ),
            NodeKind::Map(entries) => {
                let map: BTreeMap<String, Value> = entries
                    .iter()
                    .filter_map(|(k, v)| {
                        k.scalar()
                            .map(|s| s.text.clone())
                            .map(|k| (k, self.template_value(v)))
                    })
                    .collect();
                Value::from(map)
            }
        }
    }

    /// A YAML node as JSON (for `json:` expectations).
    pub(super) fn json_value(&mut self, node: &Node) -> Option<serde_json::Value> {
        use serde_json::Value as J;
        Some(match &node.kind {
            NodeKind::Scalar(s) if s.plain && !needs_rendering(&s.text) => {
                match resolve_plain(&s.text) {
                    Plain::Null => J::Null,
                    Plain::Bool(b) => J::Bool(b),
                    Plain::Int(i) => J::from(i),
                    Plain::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
                    Plain::Str => J::String(s.text.clone()),
                }
            }
            NodeKind::Scalar(_) => J::String(self.string(node)?),
            NodeKind::Seq(items) => J::Array(
                items
                    .iter()
                    .map(|n| self.json_value(n))
                    .collect::<Option<_>>()?,
            ),
            NodeKind::Map(entries) => {
                let mut map = serde_json::Map::new();
                for (k, v) in entries {
                    let key = k.scalar().map(|s| s.text.clone()).unwrap_or_default();
                    map.insert(key, self.json_value(v)?);
                }
                J::Object(map)
            }
        })
    }
}

fn f_span_or_root(root: &Node) -> Span {
    match &root.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.scalar().is_some_and(|s| s.text == "suite"))
            .map_or(root.span, |(_, v)| v.span),
        _ => root.span,
    }
}

fn describe_text(node: &Node, text: &str) -> String {
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

fn is_label_name(s: &str) -> bool {
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
