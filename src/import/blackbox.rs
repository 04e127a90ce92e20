//! `probekit import blackbox.yml`: a blackbox_exporter configuration into a suite of
//! `modules`, which `probekit serve` runs as `/probe?module=…&target=…` as the exporter did.
//!
//! A module converts when every option it sets has a probekit form that gives the same
//! verdict; one that sets anything else (a CEL expression on the body, a DNS `ANY` query, a
//! multi-step TCP dialogue, …) is left out and reported with the option and why, never
//! converted with that option dropped.

use std::fmt::Write as _;
use std::path::Path;

use super::emit::scalar;
use super::{Imported, ProbeReport, Report};
use crate::load::yaml::{self, Node, NodeKind};

/// The report's `language` for a blackbox_exporter configuration.
pub const LANGUAGE: &str = "blackbox_exporter";

/// Whether `src` (the file at `path`) is a blackbox_exporter configuration: a YAML mapping
/// whose `modules` each name a `prober`.
pub fn is_config(path: &Path, src: &str) -> bool {
    let yaml_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"));
    if src.starts_with("#!") || (!yaml_name && !src.contains("prober:")) {
        return false;
    }
    let Ok((root, _)) = yaml::parse(src) else {
        return false;
    };
    match root.get("modules").map(|m| &m.kind) {
        Some(NodeKind::Map(entries)) => {
            !entries.is_empty() && entries.iter().all(|(_, m)| m.get("prober").is_some())
        }
        _ => false,
    }
}

/// A YAML value being written: scalars already in YAML form.
enum Y {
    S(String),
    M(Vec<(String, Y)>),
    L(Vec<Y>),
}

impl Y {
    /// A literal string: inert to templates and to `${…}`.
    fn text(s: &str) -> Y {
        Y::S(scalar(&s.replace("${", "$${")))
    }

    fn write(&self, out: &mut String, indent: usize) {
        match self {
            Y::S(s) => {
                let _ = writeln!(out, " {s}");
            }
            Y::M(entries) if entries.is_empty() => {
                let _ = writeln!(out, " {{}}");
            }
            Y::M(entries) => {
                out.push('\n');
                for (k, v) in entries {
                    let _ = write!(out, "{:indent$}{}:", "", scalar(k));
                    v.write(out, indent + 2);
                }
            }
            Y::L(items) => {
                out.push('\n');
                for item in items {
                    let _ = write!(out, "{:indent$}-", "");
                    item.write(out, indent + 2);
                }
            }
        }
    }
}

/// One module's options as they are read: each taken is marked, the rest are reasons.
struct Options<'n> {
    entries: &'n [(Node, Node)],
    taken: Vec<bool>,
    what: String,
}

impl<'n> Options<'n> {
    fn of(node: &'n Node, what: &str) -> Result<Options<'n>, String> {
        match &node.kind {
            NodeKind::Map(entries) => Ok(Options {
                entries,
                taken: vec![false; entries.len()],
                what: what.to_string(),
            }),
            NodeKind::Scalar(_) if node.is_null() => Ok(Options {
                entries: &[],
                taken: Vec::new(),
                what: what.to_string(),
            }),
            _ => Err(format!("`{what}` is not a mapping")),
        }
    }

    /// A prober's section, which may be left out (all its defaults).
    fn section(node: Option<&'n Node>, what: &str) -> Result<Options<'n>, String> {
        match node {
            Some(node) => Options::of(node, what),
            None => Ok(Options {
                entries: &[],
                taken: Vec::new(),
                what: what.to_string(),
            }),
        }
    }

    fn get(&mut self, key: &str) -> Option<&'n Node> {
        let i = self
            .entries
            .iter()
            .position(|(k, _)| k.scalar().is_some_and(|s| s.text == key))?;
        self.taken[i] = true;
        let v = &self.entries[i].1;
        (!v.is_null()).then_some(v)
    }

    fn text(&mut self, key: &str) -> Result<Option<String>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(n) => match n.scalar() {
                Some(s) => Ok(Some(s.text.clone())),
                None => Err(format!("`{}.{key}` is not a single value", self.what)),
            },
        }
    }

    fn flag(&mut self, key: &str) -> Result<Option<bool>, String> {
        match self.text(key)?.as_deref() {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(other) => Err(format!("`{}.{key}: {other}` is not a boolean", self.what)),
        }
    }

    fn list(&mut self, key: &str) -> Result<Vec<String>, String> {
        match self.get(key).map(|n| &n.kind) {
            None => Ok(Vec::new()),
            Some(NodeKind::Seq(items)) => items
                .iter()
                .map(|i| {
                    i.scalar().map(|s| s.text.clone()).ok_or_else(|| {
                        format!("`{}.{key}` holds a value that is not text", self.what)
                    })
                })
                .collect(),
            Some(NodeKind::Scalar(s)) => Ok(vec![s.text.clone()]),
            Some(NodeKind::Map(_)) => Err(format!("`{}.{key}` is not a list", self.what)),
        }
    }

    /// The first option no one asked for: it has no probekit form.
    fn finish(self) -> Result<(), String> {
        match self.entries.iter().zip(&self.taken).find(|(_, t)| !**t) {
            None => Ok(()),
            Some(((k, _), _)) => {
                let key = k.scalar().map_or("?", |s| s.text.as_str());
                Err(format!("`{}.{key}` has no probekit form", self.what))
            }
        }
    }
}

/// `preferred_ip_protocol` and `ip_protocol_fallback` as a probe's `ip`.
fn ip(o: &mut Options) -> Result<Option<Y>, String> {
    let preferred = o.text("preferred_ip_protocol")?;
    let fallback = o.flag("ip_protocol_fallback")?.unwrap_or(true);
    if fallback {
        return Ok(None);
    }
    match preferred.as_deref().unwrap_or("ip6") {
        "ip4" | "tcp4" | "udp4" => Ok(Some(Y::S("4".into()))),
        "ip6" | "tcp6" | "udp6" => Ok(Some(Y::S("6".into()))),
        other => Err(format!(
            "`preferred_ip_protocol: {other}` is neither ip4 nor ip6"
        )),
    }
}

/// `tls_config` as a probe's TLS fields.
fn tls_config(o: &mut Options, into: &mut Vec<(String, Y)>) -> Result<(), String> {
    let Some(node) = o.get("tls_config") else {
        return Ok(());
    };
    let mut t = Options::of(node, "tls_config")?;
    if t.flag("insecure_skip_verify")? == Some(true) {
        into.push(("insecure".into(), Y::S("true".into())));
    }
    for (theirs, ours) in [
        ("ca_file", "ca_file"),
        ("server_name", "server_name"),
        ("cert_file", "client_cert"),
        ("key_file", "client_key"),
    ] {
        if let Some(v) = t.text(theirs)? {
            into.push((ours.into(), Y::text(&v)));
        }
    }
    t.finish()
}

/// A module as a probe body and what the reader should know of it, or why it has none.
fn module(node: &Node) -> Result<(Y, &'static str, Vec<String>), String> {
    let mut m = Options::of(node, "module")?;
    let prober = m.text("prober")?.unwrap_or_default();
    let timeout = m.text("timeout")?;
    let mut notes = Vec::new();
    let (kind, mut check, expect) = match prober.as_str() {
        "http" => http(m.get("http"), &mut notes)?,
        "tcp" => tcp(m.get("tcp"))?,
        "icmp" => icmp(m.get("icmp"))?,
        "dns" => dns(m.get("dns"))?,
        "grpc" => grpc(m.get("grpc"))?,
        other => return Err(format!("the `{other}` prober has no probekit kind")),
    };
    // The other probers' sections are ignored by the exporter too.
    for other in ["http", "tcp", "icmp", "dns", "grpc", "unix", "websocket"] {
        m.get(other);
    }
    m.finish()?;
    if let Some(t) = timeout {
        check.push(("timeout".into(), Y::text(&t)));
    }
    let mut body = vec![(kind.to_string(), Y::M(check))];
    if !expect.is_empty() {
        body.push(("expect".into(), Y::M(expect)));
    }
    Ok((Y::M(body), kind, notes))
}

type Parts = (&'static str, Vec<(String, Y)>, Vec<(String, Y)>);

/// The target as blackbox_exporter reads it for HTTP: a URL, or a host to which `http://` is
/// prefixed.
const HTTP_TARGET: &str = "\"{{ target if '://' in target else 'http://' ~ target }}\"";

fn http(node: Option<&Node>, notes: &mut Vec<String>) -> Result<Parts, String> {
    let mut o = Options::section(node, "http")?;
    let mut check = vec![("url".to_string(), Y::S(HTTP_TARGET.into()))];
    let mut expect = Vec::new();
    if let Some(method) = o.text("method")? {
        check.push(("method".into(), Y::text(&method.to_ascii_uppercase())));
    }
    let mut headers = Vec::new();
    if let Some(node) = o.get("headers") {
        let mut h = Options::of(node, "http.headers")?;
        for (k, v) in h.entries {
            let (Some(k), Some(v)) = (k.scalar(), v.scalar()) else {
                return Err("`http.headers` holds a value that is not text".into());
            };
            headers.push((k.text.clone(), Y::text(&v.text)));
        }
        h.taken.iter_mut().for_each(|t| *t = true);
        h.finish()?;
    }
    if let Some(body) = o.text("body")? {
        check.push(("body".into(), Y::text(&body)));
    }
    let no_follow = o.flag("no_follow_redirects")?;
    let follow = o.flag("follow_redirects")?.or(no_follow.map(|n| !n));
    if follow == Some(false) {
        check.push(("follow_redirects".into(), Y::S("false".into())));
    }
    if let Some(proxy) = o.text("proxy_url")? {
        check.push(("proxy".into(), Y::text(&proxy)));
    }
    if let Some(ip) = ip(&mut o)? {
        check.push(("ip".into(), ip));
    }
    tls_config(&mut o, &mut check)?;
    // Credentials, as the header the exporter sends.
    if let Some(node) = o.get("basic_auth") {
        let mut b = Options::of(node, "http.basic_auth")?;
        let user = b.text("username")?.unwrap_or_default();
        let password = b.text("password")?.unwrap_or_default();
        b.finish()?;
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        headers.push(("Authorization".into(), Y::text(&format!("Basic {token}"))));
    }
    let bearer = |value: String| Y::text(&format!("Bearer {value}"));
    if let Some(token) = o.text("bearer_token")? {
        headers.push(("Authorization".into(), bearer(token)));
    }
    if let Some(file) = o.text("bearer_token_file")? {
        headers.push((
            "Authorization".into(),
            Y::S(scalar(&format!("Bearer ${{file:{file}}}"))),
        ));
    }
    if let Some(node) = o.get("authorization") {
        let mut a = Options::of(node, "http.authorization")?;
        let kind = a.text("type")?.unwrap_or_else(|| "Bearer".into());
        let value = match (a.text("credentials")?, a.text("credentials_file")?) {
            (Some(c), None) => Y::text(&format!("{kind} {c}")),
            (None, Some(f)) => Y::S(scalar(&format!(
                "{} ${{file:{f}}}",
                kind.replace("${", "$${")
            ))),
            _ => {
                return Err(
                    "`http.authorization` needs one of `credentials` and `credentials_file`".into(),
                );
            }
        };
        a.finish()?;
        headers.push(("Authorization".into(), value));
    }
    if !headers.is_empty() {
        check.push(("headers".into(), Y::M(headers)));
    }
    // HTTP/2 is what an https server may choose by ALPN, as with the exporter's default.
    if o.flag("enable_http2")? == Some(false) {
        return Err("`http.enable_http2: false` has no probekit form".into());
    }
    match o.text("body_size_limit")?.as_deref() {
        None | Some("0") => {}
        Some(other) => {
            return Err(format!(
                "`http.body_size_limit: {other}` has no probekit form"
            ));
        }
    }
    match o.text("compression")?.as_deref() {
        None | Some("") => {}
        Some(other) => return Err(format!("`http.compression: {other}` has no probekit form")),
    }

    // probekit speaks HTTP/1.1, and HTTP/2 where an https server chooses it: a list with both
    // admits every answer but an HTTP/1.0 one.
    let versions = o.list("valid_http_versions")?;
    if !versions.is_empty() {
        let has = |v: &str| versions.iter().any(|x| x.eq_ignore_ascii_case(v));
        if !(has("HTTP/1.1") && (has("HTTP/2.0") || has("HTTP/2"))) {
            return Err(format!(
                "`http.valid_http_versions: [{}]` has no probekit form (it admits HTTP/1.1 and HTTP/2 alike)",
                versions.join(", ")
            ));
        }
        if !has("HTTP/1.0") {
            notes.push("`valid_http_versions` is not checked: an HTTP/1.0 answer, which the exporter fails, passes".into());
        }
    }
    let codes = o.list("valid_status_codes")?;
    expect.push((
        "status".into(),
        if codes.is_empty() {
            Y::S("2xx".into())
        } else {
            Y::L(codes.iter().map(|c| Y::text(c)).collect())
        },
    ));
    let mut body = Vec::new();
    // Go's regexp and Rust's regex crate share RE2's syntax for what these use.
    let not_matches = o.list("fail_if_body_matches_regexp")?;
    let matches = o.list("fail_if_body_not_matches_regexp")?;
    if !matches.is_empty() {
        body.push((
            "matches".to_string(),
            Y::L(matches.iter().map(|r| Y::text(r)).collect()),
        ));
    }
    if !not_matches.is_empty() {
        body.push((
            "not_matches".to_string(),
            Y::L(not_matches.iter().map(|r| Y::text(r)).collect()),
        ));
    }
    if !body.is_empty() {
        expect.push(("body".into(), Y::M(body)));
    }
    if let Some(node) = o.get("fail_if_header_not_matches") {
        let NodeKind::Seq(items) = &node.kind else {
            return Err("`http.fail_if_header_not_matches` is not a list".into());
        };
        let mut rules = Vec::new();
        for item in items {
            let mut h = Options::of(item, "http.fail_if_header_not_matches")?;
            let name = h.text("header")?.unwrap_or_default();
            let regexp = h.text("regexp")?.unwrap_or_default();
            if h.flag("allow_missing")? == Some(true) {
                return Err("`allow_missing: true` in `http.fail_if_header_not_matches` has no probekit form".into());
            }
            h.finish()?;
            rules.push((name, Y::M(vec![("matches".into(), Y::text(&regexp))])));
        }
        expect.push(("headers".into(), Y::M(rules)));
    }
    if o.flag("fail_if_ssl")? == Some(true) || o.flag("fail_if_not_ssl")? == Some(true) {
        return Err("`http.fail_if_ssl` and `http.fail_if_not_ssl` have no probekit form: the scheme is the target's".into());
    }
    o.finish()?;
    Ok(("http", check, expect))
}

fn tcp(node: Option<&Node>) -> Result<Parts, String> {
    let mut o = Options::section(node, "tcp")?;
    let mut check = vec![("address".to_string(), Y::S("\"{{ target }}\"".into()))];
    let mut expect = Vec::new();
    if o.flag("tls")? == Some(true) {
        check.push(("tls".into(), Y::S("true".into())));
    }
    tls_config(&mut o, &mut check)?;
    if let Some(ip) = ip(&mut o)? {
        check.push(("ip".into(), ip));
    }
    // One exchange: an optional line sent, then at most one line expected (sends after the
    // last expectation decide nothing).
    let mut sent = None;
    let mut expected = None;
    if let Some(NodeKind::Seq(steps)) = o.get("query_response").map(|n| &n.kind) {
        for step in steps {
            let mut s = Options::of(step, "tcp.query_response")?;
            let send = s.text("send")?;
            let want = s.text("expect")?;
            s.get("labels");
            if s.flag("starttls")? == Some(true) {
                return Err("`starttls` in `tcp.query_response` has no probekit form".into());
            }
            if s.text("expect_bytes")?.is_some() {
                return Err("`expect_bytes` in `tcp.query_response` has no probekit form".into());
            }
            s.finish()?;
            if let Some(want) = want {
                if expected.is_some() {
                    return Err(
                        "a `tcp.query_response` that expects more than once has no probekit form"
                            .into(),
                    );
                }
                expected = Some(want);
            }
            if let Some(send) = send {
                if expected.is_some() {
                    continue; // after the last expectation
                }
                if sent.is_some() {
                    return Err("a `tcp.query_response` that sends more than once before it expects has no probekit form".into());
                }
                sent = Some(send);
            }
        }
    }
    if let Some(send) = sent {
        // The exporter ends what it sends with a newline.
        check.push(("send".into(), Y::text(&format!("{send}\n"))));
    }
    if let Some(want) = expected {
        // Matched line by line by the exporter: `^` and `$` at each line.
        expect.push((
            "response".into(),
            Y::M(vec![("matches".into(), Y::text(&format!("(?m){want}")))]),
        ));
    }
    o.finish()?;
    Ok(("tcp", check, expect))
}

fn icmp(node: Option<&Node>) -> Result<Parts, String> {
    let mut o = Options::section(node, "icmp")?;
    // One echo request, as the exporter sends.
    let mut check = vec![
        ("host".to_string(), Y::S("\"{{ target }}\"".into())),
        ("count".to_string(), Y::S("1".into())),
    ];
    if let Some(size) = o.text("payload_size")? {
        check.push(("size".into(), Y::text(&size)));
    }
    if let Some(ip) = ip(&mut o)? {
        check.push(("ip".into(), ip));
    }
    if o.flag("dont_fragment")? == Some(true) {
        return Err("`icmp.dont_fragment` has no probekit form".into());
    }
    o.finish()?;
    Ok(("icmp", check, Vec::new()))
}

fn dns(node: Option<&Node>) -> Result<Parts, String> {
    let Some(node) = node else {
        return Err("a `dns` module needs its `dns.query_name`".into());
    };
    let mut o = Options::of(node, "dns")?;
    let name = o
        .text("query_name")?
        .ok_or("a `dns` module needs its `dns.query_name`")?;
    let kind = o
        .text("query_type")?
        .unwrap_or_else(|| "ANY".into())
        .to_ascii_uppercase();
    const TYPES: &[&str] = &["A", "AAAA", "CNAME", "MX", "TXT", "SRV", "NS", "SOA", "PTR"];
    if !TYPES.contains(&kind.as_str()) {
        return Err(format!(
            "`dns.query_type: {kind}` has no probekit form (the exporter's default is ANY)"
        ));
    }
    match o.text("query_class")?.as_deref() {
        None | Some("IN") => {}
        Some(other) => return Err(format!("`dns.query_class: {other}` has no probekit form")),
    }
    let mut check = vec![
        ("name".to_string(), Y::text(&name)),
        ("type".to_string(), Y::text(&kind)),
        ("server".to_string(), Y::S("\"{{ target }}\"".into())),
    ];
    match o.text("transport_protocol")?.as_deref() {
        None | Some("udp") => {}
        Some("tcp") => check.push(("tcp".into(), Y::S("true".into()))),
        Some(other) => {
            return Err(format!(
                "`dns.transport_protocol: {other}` is neither udp nor tcp"
            ));
        }
    }
    if o.flag("recursion_desired")? == Some(false) {
        check.push(("recursion".into(), Y::S("false".into())));
    }
    if ip(&mut o)?.is_some() {
        return Err("`dns.ip_protocol_fallback: false` has no probekit form".into());
    }
    if o.flag("dns_over_tls")? == Some(true) {
        return Err("`dns.dns_over_tls` has no probekit form".into());
    }
    let mut rcodes = o.list("valid_rcodes")?;
    if rcodes.is_empty() {
        rcodes.push("NOERROR".into());
    }
    for section in [
        "validate_answer_rrs",
        "validate_authority_rrs",
        "validate_additional_rrs",
    ] {
        if let Some(n) = o.get(section)
            && !matches!(&n.kind, NodeKind::Map(e) if e.is_empty())
        {
            return Err(format!(
                "`dns.{section}` has no probekit form: its regular expressions read whole records as the exporter prints them"
            ));
        }
    }
    o.finish()?;
    let expect = vec![(
        "rcode".to_string(),
        Y::L(
            rcodes
                .iter()
                .map(|r| Y::text(&r.to_ascii_uppercase()))
                .collect(),
        ),
    )];
    Ok(("dns", check, expect))
}

fn grpc(node: Option<&Node>) -> Result<Parts, String> {
    let mut o = Options::section(node, "grpc")?;
    let mut check = vec![("address".to_string(), Y::S("\"{{ target }}\"".into()))];
    if let Some(service) = o.text("service")? {
        check.push(("service".into(), Y::text(&service)));
    }
    if o.flag("tls")? == Some(true) {
        check.push(("tls".into(), Y::S("true".into())));
    }
    tls_config(&mut o, &mut check)?;
    if let Some(ip) = ip(&mut o)? {
        check.push(("ip".into(), ip));
    }
    o.finish()?;
    Ok(("grpc", check, Vec::new()))
}

/// The suite and the report for the configuration `src` (read from `path`).
pub fn import(
    path: &Path,
    src: &str,
    name: Option<&str>,
    output: Option<&Path>,
) -> Result<Imported, String> {
    let source = path.display().to_string();
    let (root, _) = yaml::parse(src).map_err(|d| {
        let first = d.first().map_or(String::new(), |d| {
            format!(":{}:{}: {}", d.span.line, d.span.col, d.message)
        });
        format!("{source}{first}")
    })?;
    let Some(NodeKind::Map(modules)) = root.get("modules").map(|m| &m.kind) else {
        return Err(format!(
            "{source}: no `modules` mapping: not a blackbox_exporter configuration"
        ));
    };
    let suite_name = name.map(String::from).unwrap_or_else(|| {
        path.file_stem()
            .map_or_else(|| "blackbox".into(), |s| s.to_string_lossy().into_owned())
    });
    let mut converted = Vec::new();
    let mut probes = Vec::new();
    let mut warnings = Vec::new();
    for (key, node) in modules {
        let module_name = key.scalar().map(|s| s.text.clone()).unwrap_or_default();
        let valid_name = !module_name.is_empty()
            && module_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
        let result = if valid_name {
            module(node)
        } else {
            Err(format!(
                "`{module_name}` cannot name a module (letters, digits, `_`, `-`, `.`)"
            ))
        };
        match result {
            Ok((body, kind, notes)) => {
                warnings.extend(notes.into_iter().map(|n| super::draft::Warning {
                    line: key.span.line,
                    message: format!("module `{module_name}`: {n}"),
                }));
                probes.push(ProbeReport {
                    name: module_name.clone(),
                    line: key.span.line,
                    kind,
                    declarative: true,
                    reason: None,
                });
                converted.push((module_name, key.span.line, body));
            }
            Err(reason) => probes.push(ProbeReport {
                name: module_name,
                line: key.span.line,
                kind: "module",
                declarative: false,
                reason: Some(reason),
            }),
        }
    }
    let mut out = String::new();
    let shown = path
        .file_name()
        .map_or_else(|| source.clone(), |n| n.to_string_lossy().into_owned());
    let _ = writeln!(
        out,
        "# Imported from {shown} (a blackbox_exporter configuration) by probekit import."
    );
    let _ = writeln!(
        out,
        "# Run it with `probekit serve {}`; Prometheus scrapes /probe?module=NAME&target=T as before.",
        output.map_or_else(|| "SUITE".into(), |o| o.display().to_string())
    );
    for p in probes.iter().filter(|p| !p.declarative) {
        let _ = writeln!(
            out,
            "# Not converted: module `{}` (line {}): {}",
            p.name,
            p.line,
            p.reason.as_deref().unwrap_or_default()
        );
    }
    let _ = writeln!(out, "suite: {}", scalar(&suite_name));
    let _ = writeln!(
        out,
        "# blackbox_exporter probes whatever target a request names; say which may be named."
    );
    let _ = writeln!(out, "targets:\n  hosts: [\"*\"]");
    if converted.is_empty() {
        return Err(format!(
            "{source}: no module converts: {}",
            probes
                .iter()
                .map(|p| format!("`{}`: {}", p.name, p.reason.as_deref().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    out.push_str("modules:");
    Y::M(
        converted
            .into_iter()
            .map(|(name, _, body)| (name, body))
            .collect(),
    )
    .write(&mut out, 2);
    // What is written must load: an import never produces a suite `validate` refuses.
    let opts = crate::load::LoadOptions {
        modules_alone: true,
        ..Default::default()
    };
    // Files it names (`ca_file`, a client certificate) are the exporter's host's, which may
    // not be this one: those alone are left to `validate` where the suite will run.
    if let Err(e) = crate::load::load_bytes(&source, &suite_name, out.as_bytes(), &opts) {
        let elsewhere = super::files_of_elsewhere(&e).ok_or_else(|| {
            format!("the suite written for {source} does not load (a probekit bug):\n{e}\n{out}")
        })?;
        warnings.extend(elsewhere);
    }
    let declarative = probes.iter().filter(|p| p.declarative).count();
    Ok(Imported {
        yaml: out,
        report: Report {
            source,
            language: LANGUAGE.into(),
            output: output.map(|o| o.display().to_string()),
            kept: probes.len() - declarative,
            declarative,
            probes,
            nagios_plugin: false,
            warnings,
            not_converted: Vec::new(),
            verify: None,
        },
    })
}
