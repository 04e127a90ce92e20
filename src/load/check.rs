//! Loading the check of each kind (its `expect:` block is read in [`super::expect`]).

use super::diagnostic::Diagnostic;
use super::loader::{Defaults, Loader};
use super::yaml::{Node, NodeKind};
use crate::expect::metric::{Aggregate, MetricRule, MetricTest};
use crate::metrics::Selector;
use crate::suite::EnvString;
use crate::suite::*;
use rustls::pki_types::pem::PemObject as _;

pub(super) const HTTP_FIELDS: &[&str] = &[
    "url",
    "method",
    "headers",
    "body",
    "timeout",
    "connect_timeout",
    "follow_redirects",
    "allow_link_local",
    "max_redirects",
    "version",
    "insecure",
    "ca_file",
    "server_name",
    "client_cert",
    "client_key",
    "max_body",
    "proxy",
    "ip",
    "basic_auth",
];
pub(super) const COMMAND_FIELDS: &[&str] = &[
    "argv",
    "shell",
    "env",
    "env_clear",
    "env_allow",
    "cwd",
    "stdin",
    "timeout",
    "kill_grace",
    "max_output",
    "merge_stderr",
];
pub(super) const TCP_FIELDS: &[&str] = &[
    "address",
    "timeout",
    "tls",
    "insecure",
    "ca_file",
    "server_name",
    "client_cert",
    "client_key",
    "send",
    "max_response",
    "ip",
];

pub(super) const METRICS_FIELDS: &[&str] = &[
    "url",
    "file",
    "command",
    "format",
    "window",
    "timeout",
    "headers",
    "connect_timeout",
    "insecure",
    "ca_file",
    "server_name",
    "client_cert",
    "client_key",
    "max_body",
    "proxy",
    "ip",
];
/// Fields of `metrics:` that configure the scrape's HTTP request.
const METRICS_HTTP_FIELDS: &[&str] = &[
    "url",
    "headers",
    "timeout",
    "connect_timeout",
    "insecure",
    "ca_file",
    "server_name",
    "client_cert",
    "client_key",
    "max_body",
    "proxy",
    "ip",
];
pub(super) const METRIC_RULE_FIELDS: &[&str] = &[
    "metric",
    "labels",
    "aggregate",
    "value",
    "rate",
    "increase",
    "present",
    "absent",
];

/// The fields of one alternative of `any_of`.
pub(super) const ALTERNATIVE_FIELDS: &[&str] = &[
    "http", "command", "tcp", "redis", "postgres", "mysql", "mongo", "file", "disk", "memory",
    "load", "process", "dns", "tls", "icmp", "grpc", "service", "expect",
];
/// The kinds an alternative may have: all but `metrics` (its rules are its own).
const ALTERNATIVE_KINDS: [CheckKind; 17] = [
    CheckKind::Http,
    CheckKind::Command,
    CheckKind::Tcp,
    CheckKind::Redis,
    CheckKind::Postgres,
    CheckKind::Mysql,
    CheckKind::Mongo,
    CheckKind::File,
    CheckKind::Disk,
    CheckKind::Memory,
    CheckKind::Load,
    CheckKind::Process,
    CheckKind::Dns,
    CheckKind::Tls,
    CheckKind::Icmp,
    CheckKind::Grpc,
    CheckKind::Service,
];

/// `` `http`, `command` … or `process` ``.
pub(super) fn kind_list(kinds: &[CheckKind]) -> String {
    let names: Vec<String> = kinds.iter().map(|k| format!("`{}`", k.as_str())).collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Largest body limit a suite may ask for.
pub(super) const MAX_BODY_LIMIT: u64 = 1 << 30;

impl Loader {
    pub(super) fn check(
        &mut self,
        kind: CheckKind,
        node: &Node,
        defaults: &Defaults,
    ) -> Option<Check> {
        match kind {
            CheckKind::Http => self.http(node, defaults).map(Check::Http),
            CheckKind::Command => self.command(node, defaults).map(Check::Command),
            CheckKind::Metrics => self.metrics(node, defaults).map(Check::Metrics),
            CheckKind::Tcp => self.tcp(node, defaults).map(Check::Tcp),
            CheckKind::Redis | CheckKind::Postgres | CheckKind::Mysql | CheckKind::Mongo => {
                let engine = super::database::engine_of(kind)?;
                self.database(engine, node, defaults).map(Check::Database)
            }
            CheckKind::File
            | CheckKind::Disk
            | CheckKind::Memory
            | CheckKind::Load
            | CheckKind::Process => self.host(kind, node, defaults).map(Check::Host),
            CheckKind::Dns => self.dns(node, defaults).map(Check::Dns),
            CheckKind::Tls => self.tls(node, defaults).map(Check::Tls),
            CheckKind::Icmp => self.icmp(node, defaults).map(Check::Icmp),
            CheckKind::Grpc => self.grpc(node, defaults).map(Check::Grpc),
            CheckKind::Service => self.service(node, defaults).map(Check::Service),
            CheckKind::AnyOf => self.any_of(node, defaults),
        }
    }

    /// `any_of: [{tcp: "127.0.0.1:6379"}, {tcp: "[::1]:6379", expect: {…}}]`.
    fn any_of(&mut self, node: &Node, defaults: &Defaults) -> Option<Check> {
        let NodeKind::Seq(items) = &node.kind else {
            self.error(
                node.span,
                format!(
                    "`any_of` must be a list of alternatives, found {}",
                    node.describe()
                ),
            );
            return None;
        };
        if items.len() < 2 {
            self.error(node.span, "`any_of` needs two alternatives or more");
            return None;
        }
        let mut alternatives = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(mut f) = self.fields(item, "an alternative", ALTERNATIVE_FIELDS) else {
                ok = false;
                continue;
            };
            let kinds: Vec<CheckKind> = ALTERNATIVE_KINDS
                .into_iter()
                .filter(|k| f.has(k.as_str()))
                .collect();
            let alternative = match kinds.as_slice() {
                [kind] => {
                    let empty = Node {
                        kind: NodeKind::Map(Vec::new()),
                        span: f.key_span(kind.as_str()).unwrap_or(item.span),
                    };
                    let body = f.get(kind.as_str()).unwrap_or(&empty);
                    let check = self.check(*kind, body, defaults);
                    let empty = Node {
                        kind: NodeKind::Map(Vec::new()),
                        span: item.span,
                    };
                    let expect = match f.get("expect") {
                        Some(n) => self.expect(*kind, n),
                        None => self.expect(*kind, &empty),
                    };
                    check
                        .zip(expect)
                        .map(|(check, expect)| Alternative { check, expect })
                }
                [] => {
                    self.error(
                        item.span,
                        format!(
                            "an alternative needs one of {}",
                            kind_list(&ALTERNATIVE_KINDS)
                        ),
                    );
                    None
                }
                [first, second, ..] => {
                    let span = f.key_span(second.as_str()).unwrap_or(item.span);
                    self.error(
                        span,
                        format!(
                            "an alternative has exactly one kind, but this one has both `{}` and `{}`",
                            first.as_str(),
                            second.as_str()
                        ),
                    );
                    None
                }
            };
            f.finish(self, |key| {
                matches!(key, "metrics" | "any_of")
                    .then(|| format!("`{key}` cannot be an alternative"))
            });
            match alternative {
                Some(a) => alternatives.push(a),
                None => ok = false,
            }
        }
        ok.then_some(Check::AnyOf(alternatives))
    }

    /// A PEM file named by the suite (relative to its directory), read now and checked by
    /// `check`: a missing or wrong file is the suite's mistake, reported at its line.
    fn pem_file(
        &mut self,
        node: &Node,
        field: &str,
        check: impl FnOnce(&[u8]) -> Result<(), String>,
    ) -> Option<std::path::PathBuf> {
        let written = self.string(node)?;
        let path = self.suite_path(&written);
        match std::fs::read(&path) {
            Ok(pem) => {
                if let Err(e) = check(&pem) {
                    self.error(node.span, format!("{field} `{}` {e}", path.display()));
                }
            }
            Err(e) => self.error(
                node.span,
                format!("cannot read {field} `{}`: {e}", path.display()),
            ),
        }
        Some(path)
    }

    /// `ip: 4`, `6` or `any`.
    pub(super) fn ip_version(&mut self, node: &Node) -> Option<IpVersion> {
        let (text, _) = self.text(node)?;
        match text.trim() {
            "any" => Some(IpVersion::Any),
            "4" | "ipv4" => Some(IpVersion::V4),
            "6" | "ipv6" => Some(IpVersion::V6),
            other => {
                self.error(
                    node.span,
                    format!("`{other}` is not an IP version; use `4`, `6` or `any`"),
                );
                None
            }
        }
    }

    /// `tls: true` and its settings; written without it, each setting is an error at its key.
    pub(super) fn optional_tls(
        &mut self,
        f: &mut super::loader::Fields<'_>,
        span: super::diagnostic::Span,
    ) -> Option<TlsOptions> {
        let use_tls = f.get("tls").and_then(|n| self.bool(n)).unwrap_or(false);
        let keys = self.tls_keys(f);
        let opts = self.tls_options(f);
        if !use_tls {
            for key in keys {
                let at = f.key_span(key).unwrap_or(span);
                self.error(at, format!("`{key}` applies only with `tls: true`"));
            }
        }
        use_tls.then_some(opts)
    }

    /// The TLS settings a probe wrote, which need `tls: true` where TLS is optional.
    fn tls_keys(&self, f: &super::loader::Fields<'_>) -> Vec<&'static str> {
        [
            "insecure",
            "ca_file",
            "server_name",
            "client_cert",
            "client_key",
        ]
        .into_iter()
        .filter(|k| f.has(k))
        .collect()
    }

    pub(super) fn tls_options(&mut self, f: &mut super::loader::Fields<'_>) -> TlsOptions {
        let mut tls = TlsOptions::default();
        if let Some(n) = f.get("insecure") {
            tls.insecure = self.bool(n).unwrap_or(false);
        }
        // Relative to the suite's file, and read now: a missing or empty bundle is the
        // suite's mistake, not a failed probe.
        if let Some(n) = f.get("ca_file") {
            tls.ca_file = self.pem_file(n, "ca_file", |pem| {
                if pem.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") {
                    Ok(())
                } else {
                    Err("holds no PEM certificate".into())
                }
            });
        }
        match (f.get("client_cert"), f.get("client_key")) {
            (Some(cert), Some(key)) => {
                tls.client_cert = self.pem_file(cert, "client_cert", |pem| {
                    let mut certs = rustls::pki_types::CertificateDer::pem_slice_iter(pem);
                    match certs.next() {
                        Some(Ok(_)) => Ok(()),
                        Some(Err(e)) => Err(e.to_string()),
                        None => Err("holds no PEM certificate".into()),
                    }
                });
                tls.client_key = self.pem_file(key, "client_key", |pem| {
                    rustls::pki_types::PrivateKeyDer::from_pem_slice(pem)
                        .map(drop)
                        .map_err(|e| match e {
                            rustls::pki_types::pem::Error::NoItemsFound => {
                                "holds no PEM private key (PKCS#8, PKCS#1 or SEC1)".to_string()
                            }
                            e => e.to_string(),
                        })
                });
            }
            (Some(n), None) | (None, Some(n)) => self.error(
                n.span,
                "a client certificate needs both `client_cert` and `client_key`",
            ),
            (None, None) => {}
        }
        tls.server_name = f.get("server_name").and_then(|n| self.string(n));
        if let Some(name) = &tls.server_name
            && rustls::pki_types::ServerName::try_from(name.as_str()).is_err()
            && let Some(span) = f.key_span("server_name")
        {
            self.error(span, format!("`{name}` is not a valid TLS server name"));
        }
        tls
    }

    /// An item of `argv`: a string, one argument; `{words: STRING}`, as many as it has words.
    fn argv_part(&mut self, node: &Node) -> Option<ArgvPart> {
        if !matches!(node.kind, NodeKind::Map(_)) {
            return self.env_string(node).map(ArgvPart::One);
        }
        let mut f = self.fields(node, "an `argv` item", &["words"])?;
        let words = f.get("words");
        f.finish(self, |_| None);
        match words {
            Some(w) => self.env_string(w).map(ArgvPart::Words),
            None => {
                self.error(
                    node.span,
                    "an `argv` item is a string, or `{words: STRING}` for a value split into words",
                );
                None
            }
        }
    }

    fn command(&mut self, node: &Node, defaults: &Defaults) -> Option<CommandCheck> {
        let mut f = self.fields(node, "`command`", COMMAND_FIELDS)?;
        let argv = f.get("argv");
        let shell = f.get("shell");
        let program = match (argv, shell) {
            (Some(a), None) => match &a.kind {
                NodeKind::Seq(items) if !items.is_empty() => {
                    let parts: Vec<_> = items.iter().map(|n| self.argv_part(n)).collect();
                    for (item, part) in items.iter().zip(&parts) {
                        let text = part.as_ref().map(|p| match p {
                            ArgvPart::One(t) | ArgvPart::Words(t) => t,
                        });
                        if let Some(secret) = text.and_then(secret_var) {
                            self.warnings.push(
                                Diagnostic::new(
                                    item.span,
                                    format!("`${{{secret}}}` in `argv` is visible to every user of this host (`ps`, /proc)"),
                                )
                                .with_help(format!(
                                    "pass it in `env: {{{secret}: \"${{{secret}}}\"}}` and let the program read it from there"
                                )),
                            );
                        }
                    }
                    parts
                        .into_iter()
                        .collect::<Option<Vec<_>>>()
                        .map(Program::Argv)
                }
                NodeKind::Seq(_) => {
                    self.error(
                        a.span,
                        "`argv` is empty; it needs at least the program to run",
                    );
                    None
                }
                _ => {
                    self.diags.push(
                        Diagnostic::new(a.span, format!("`argv` must be a list, found {}", a.describe()))
                            .with_help("write `argv: [df, -P, /]`, or `shell: \"df -P / | tail -1\"` to run a shell line"),
                    );
                    None
                }
            },
            (None, Some(s)) => self.string(s).map(Program::Shell),
            (Some(_), Some(_)) => {
                let span = f.key_span("shell").unwrap_or(node.span);
                self.error(span, "a command has either `argv` or `shell`, not both");
                None
            }
            (None, None) => {
                self.error(
                    node.span,
                    "a command probe needs `argv: [program, args…]` or `shell: \"…\"`",
                );
                None
            }
        };
        let mut env = Vec::new();
        if let Some(n) = f.get("env") {
            for (name, span, value) in self.entries(n, "`env`") {
                if name.is_empty() || name.contains('=') || name.contains('\0') {
                    self.error(
                        span,
                        format!("`{name}` is not a valid environment variable name"),
                    );
                    continue;
                }
                if let Some(v) = self.env_string(value) {
                    env.push((name, v));
                }
            }
        }
        let env_clear = f.get("env_clear").map_or(Some(false), |n| self.bool(n));
        let env_allow = match f.get("env_allow") {
            Some(n) => {
                let names = self.spanned_string_list(n);
                for (name, span) in &names {
                    if name.is_empty() || name.contains(['=', '\0']) {
                        self.error(
                            *span,
                            format!("`{name}` is not a valid environment variable name"),
                        );
                    }
                }
                if env_clear == Some(false) {
                    self.error(
                        f.key_span("env_allow").unwrap_or(n.span),
                        "`env_allow` lists what passes `env_clear: true`; without it the command gets the whole environment",
                    );
                }
                names.into_iter().map(|(name, _)| name).collect()
            }
            None => Vec::new(),
        };
        let cwd = f.get("cwd").and_then(|n| self.env_string(n));
        let stdin = f.get("stdin").and_then(|n| self.env_string(n));
        let timeout = f
            .get("timeout")
            .map_or(Some(defaults.timeout), |n| self.timeout(n));
        let kill_grace = f
            .get("kill_grace")
            .map_or(Some(DEFAULT_KILL_GRACE), |n| self.duration(n));
        let max_output = f
            .get("max_output")
            .map_or(Some(DEFAULT_MAX_OUTPUT), |n| self.size(n, MAX_BODY_LIMIT));
        let merge_stderr = f
            .get("merge_stderr")
            .and_then(|n| self.bool(n))
            .unwrap_or(false);
        f.finish(self, |_| None);
        Some(CommandCheck {
            merge_stderr,
            program: program?,
            env_clear: env_clear?,
            env_allow,
            env,
            cwd,
            stdin,
            timeout: timeout?,
            kill_grace: kill_grace?,
            max_output: max_output?,
        })
    }

    fn metrics(&mut self, node: &Node, defaults: &Defaults) -> Option<MetricsCheck> {
        // `metrics: "http://…/metrics"` is the short form of `metrics: {url: …}`.
        if node.scalar().is_some() {
            let mut h = HttpCheck::get(self.url(node)?, defaults.timeout);
            scrape_defaults(&mut h, false);
            return Some(MetricsCheck {
                source: MetricsSource::Url(Box::new(h)),
                format: None,
                window: None,
                timeout: defaults.timeout,
            });
        }
        let mut f = self.fields(node, "`metrics`", METRICS_FIELDS)?;
        let format = f.get("format").and_then(|n| {
            let text = self.string(n)?;
            match text.as_str() {
                "auto" => None,
                "text" | "prometheus" => Some(crate::metrics::Format::Text),
                "openmetrics" => Some(crate::metrics::Format::OpenMetrics),
                _ => {
                    self.error(
                        n.span,
                        format!(
                            "`{text}` is not a metrics format; use `auto`, `text` or `openmetrics`"
                        ),
                    );
                    None
                }
            }
        });
        let window = f.get("window").and_then(|n| {
            let d = self.duration(n)?;
            if d.is_zero() {
                self.error(n.span, "`window` must be longer than 0s");
                return None;
            }
            Some(d)
        });
        let timeout = match (f.get("timeout"), window) {
            (Some(n), Some(w)) => {
                let t = self.timeout(n)?;
                if t <= w {
                    self.error(
                        n.span,
                        format!(
                            "the timeout must be longer than the window ({}), which it includes",
                            crate::units::write_duration(w)
                        ),
                    );
                    return None;
                }
                Some(t)
            }
            (Some(n), None) => self.timeout(n),
            (None, Some(w)) => Some(w + defaults.timeout),
            (None, None) => Some(defaults.timeout),
        };
        let sources: Vec<&str> = ["url", "file", "command"]
            .into_iter()
            .filter(|k| f.has(k))
            .collect();
        let http_keys: Vec<&str> = METRICS_HTTP_FIELDS
            .iter()
            .copied()
            .filter(|k| *k != "url" && *k != "timeout" && f.has(k))
            .collect();
        let source = match sources.as_slice() {
            ["url"] => {
                // The HTTP settings are loaded (and checked) as an http probe's would be.
                let entries = match &node.kind {
                    NodeKind::Map(entries) => entries
                        .iter()
                        .filter(|(k, _)| {
                            k.scalar()
                                .is_some_and(|s| METRICS_HTTP_FIELDS.contains(&s.text.as_str()))
                        })
                        .cloned()
                        .collect(),
                    _ => Vec::new(),
                };
                for key in METRICS_HTTP_FIELDS {
                    f.get(key);
                }
                let sub = Node {
                    kind: NodeKind::Map(entries),
                    span: node.span,
                };
                self.http(&sub, defaults).map(|mut h| {
                    scrape_defaults(&mut h, f.has("max_body"));
                    MetricsSource::Url(Box::new(h))
                })
            }
            ["file"] => {
                if let Some(key) = http_keys.first() {
                    let span = f.key_span(key).unwrap_or(node.span);
                    self.error(span, format!("`{key}` applies only to a `url` source"));
                }
                // A written path is the suite's: relative to its file. (It may not exist yet: a
                // textfile a job writes later.)
                f.get("file")
                    .and_then(|n| self.env_string(n))
                    .map(|file| match file.as_literal() {
                        Some(written) => MetricsSource::File(crate::suite::EnvString::literal(
                            self.suite_path(written).display().to_string(),
                        )),
                        None => MetricsSource::File(file),
                    })
            }
            [_] => {
                if let Some(key) = http_keys.first() {
                    let span = f.key_span(key).unwrap_or(node.span);
                    self.error(span, format!("`{key}` applies only to a `url` source"));
                }
                let n = f.get("command")?;
                let capped = matches!(&n.kind, NodeKind::Map(e) if e.iter().any(|(k, _)| k.scalar().is_some_and(|s| s.text == "max_output")));
                self.command(n, defaults).map(|mut c| {
                    if !capped {
                        c.max_output = DEFAULT_MAX_SCRAPE;
                    }
                    c.timeout = timeout.unwrap_or(c.timeout);
                    MetricsSource::Command(Box::new(c))
                })
            }
            [] => {
                self.diags.push(
                    Diagnostic::new(
                        node.span,
                        "a metrics probe needs one of `url`, `file` or `command`",
                    )
                    .with_help("e.g. `metrics: {url: \"http://127.0.0.1:9100/metrics\"}`"),
                );
                None
            }
            [_, second, ..] => {
                let span = f.key_span(second).unwrap_or(node.span);
                self.error(
                    span,
                    "a metrics probe reads one of `url`, `file` or `command`",
                );
                None
            }
        };
        f.finish(self, |_| None);
        Some(MetricsCheck {
            source: source?,
            format,
            window,
            timeout: timeout?,
        })
    }

    /// The rules of a metrics probe: a list of `{metric: …, value: …}`.
    pub(super) fn metric_rules(&mut self, node: &Node) -> Option<Vec<MetricRule>> {
        let NodeKind::Seq(items) = &node.kind else {
            self.diags.push(
                Diagnostic::new(
                    node.span,
                    format!(
                        "the `expect` of a metrics probe is a list of rules, found {}",
                        node.describe()
                    ),
                )
                .with_help("e.g. `expect: [{metric: node_load1, value: \"< 4\"}]`"),
            );
            return None;
        };
        let mut rules = Vec::new();
        let mut ok = true;
        for item in items {
            match self.metric_rule(item) {
                Some(r) => rules.push(r),
                None => ok = false,
            }
        }
        ok.then_some(rules)
    }

    fn metric_rule(&mut self, node: &Node) -> Option<MetricRule> {
        let mut f = self.fields(node, "a metrics rule", METRIC_RULE_FIELDS)?;
        if f.report_nulls(self) {
            f.finish(self, |_| None);
            return None;
        }
        let selector = match f.get("metric") {
            None => {
                self.error(node.span, "a metrics rule needs a `metric`, e.g. `metric: 'http_requests_total{code=~\"5..\"}'`");
                None
            }
            Some(n) => {
                let text = self.string(n)?;
                match Selector::parse(&text) {
                    Ok(s) => Some(s),
                    Err((at, message)) => {
                        self.error_in(n, &text, at, format!("`{text}`: {message}"));
                        None
                    }
                }
            }
        };
        let mut labels = Vec::new();
        if let Some(n) = f.get("labels") {
            for (name, _, value) in self.entries(n, "`labels`") {
                if let Some(v) = self.string(value) {
                    labels.push((name, v));
                }
            }
        }
        let aggregate = f.get("aggregate").and_then(|n| {
            let text = self.string(n)?;
            let a = Aggregate::parse(&text);
            if a.is_none() {
                self.error(
                    n.span,
                    format!(
                        "`{text}` is not an aggregation; use all, any, sum, min, max, avg or count"
                    ),
                );
            }
            a
        });
        let tests: Vec<&str> = ["value", "rate", "increase", "present", "absent"]
            .into_iter()
            .filter(|k| f.has(k))
            .collect();
        let test = match tests.as_slice() {
            [] => Some(MetricTest::Present),
            [key] => {
                let n = f.get(key)?;
                match *key {
                    "present" | "absent" => match self.bool(n)? {
                        true if *key == "present" => Some(MetricTest::Present),
                        true => Some(MetricTest::Absent),
                        false if *key == "present" => Some(MetricTest::Absent),
                        false => Some(MetricTest::Present),
                    },
                    _ => {
                        let check = self.value_check(n)?;
                        if *key != "value" {
                            self.window_rules.push(n.span);
                        }
                        Some(match *key {
                            "value" => MetricTest::Value(check),
                            "rate" => MetricTest::Rate(check),
                            _ => MetricTest::Increase(check),
                        })
                    }
                }
            }
            [_, second, ..] => {
                let span = f.key_span(second).unwrap_or(node.span);
                self.error(span, "a metrics rule has one test: `value`, `rate`, `increase`, `present` or `absent`");
                None
            }
        };
        f.finish(self, |_| None);
        let test = test?;
        let default_aggregate = match test {
            MetricTest::Rate(_) | MetricTest::Increase(_) => Aggregate::Sum,
            _ => Aggregate::All,
        };
        Some(MetricRule {
            selector: selector?.with_equal(&labels),
            aggregate: aggregate.unwrap_or(default_aggregate),
            test,
        })
    }

    fn tcp(&mut self, node: &Node, defaults: &Defaults) -> Option<TcpCheck> {
        if node.scalar().is_some() {
            let address = self.address(node)?;
            return Some(TcpCheck {
                address,
                timeout: defaults.timeout,
                tls: None,
                send: None,
                max_response: DEFAULT_MAX_RESPONSE,
                ip: IpVersion::Any,
                starttls: None,
            });
        }
        let mut f = self.fields(node, "`tcp`", TCP_FIELDS)?;
        let address = match f.get("address") {
            Some(n) => self.address(n),
            None => {
                self.error(
                    node.span,
                    "a tcp probe needs an `address` such as `127.0.0.1:5432`",
                );
                None
            }
        };
        let timeout = f
            .get("timeout")
            .map_or(Some(defaults.timeout), |n| self.timeout(n));
        let tls = self.optional_tls(&mut f, node.span);
        let send = f.get("send").and_then(|n| self.env_string(n));
        let ip = f
            .get("ip")
            .map_or(Some(IpVersion::Any), |n| self.ip_version(n));
        let max_response = f
            .get("max_response")
            .map_or(Some(DEFAULT_MAX_RESPONSE), |n| self.size(n, MAX_BODY_LIMIT));
        f.finish(self, |_| None);
        Some(TcpCheck {
            address: address?,
            timeout: timeout?,
            tls,
            send,
            max_response: max_response?,
            ip: ip?,
            starttls: None,
        })
    }

    pub(super) fn address(&mut self, node: &Node) -> Option<EnvString> {
        let address = self.env_string(node)?;
        if let Some(lit) = address.as_literal()
            && let Err(e) = crate::check::tcp::split_address(lit)
        {
            self.error(node.span, e);
            return None;
        }
        Some(address)
    }
}

/// A scrape asks for what Prometheus asks for, and may read a large page.
fn scrape_defaults(h: &mut HttpCheck, max_body_given: bool) {
    if !max_body_given {
        h.max_body = DEFAULT_MAX_SCRAPE;
    }
    if !h.headers.iter().any(|(n, _)| n == http::header::ACCEPT) {
        h.headers.push((
            http::header::ACCEPT,
            EnvString::literal(crate::check::metrics::ACCEPT),
        ));
    }
}

/// The first variable of `value` whose name says it holds a secret (`API_TOKEN`, `DB_PASSWORD`).
fn secret_var(value: &EnvString) -> Option<String> {
    value.pieces().into_iter().find_map(|piece| match piece {
        Piece::Var(name, _) | Piece::Trim(name, ..) => {
            crate::suite::env::names_a_secret(name).then(|| name.to_string())
        }
        // A file's content is always a secret: `${file:…}` in argv is not the one to warn of.
        Piece::Lit(_) | Piece::File(..) => None,
    })
}
