//! The generated crate: a suite turned into template data, rendered by the templates in
//! `templates/`. Every string that came from a suite reaches the output through the template
//! engine's escaping formatter (Rust or TOML string literals); only code this module makes
//! itself — enum paths, numbers, durations — is passed as safe text.

use std::collections::BTreeSet;

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, context};

use crate::expect::metric::{MetricRule, MetricTest, ValueCheck};
use crate::expect::{Expect, HeaderRule, StatusPattern, TextExpect, TextRule, Threshold};
use crate::metrics::selector::MatchOp;
use crate::spec::env::{EnvString, Piece};
use crate::spec::{
    Check, CommandCheck, HttpCheck, HttpVersion, MetricsSource, Probe, Program, Suite, TlsOptions,
};

/// The templates, carried in the binary so that an installed probekit needs no files.
pub const TEMPLATES: [(&str, &str); 3] = [
    (
        "Cargo.toml.j2",
        include_str!("../../templates/Cargo.toml.j2"),
    ),
    ("main.rs.j2", include_str!("../../templates/main.rs.j2")),
    ("suite.rs.j2", include_str!("../../templates/suite.rs.j2")),
];

/// The optional runtime features a suite can need (see the `[features]` of Cargo.toml).
pub const OPTIONAL_FEATURES: [&str; 6] = ["http", "http2", "tls", "regex", "jsonpath", "metrics"];

/// What the generated crate is called and carries besides the suite.
pub struct Meta<'a> {
    pub package: &'a str,
    pub bin: &'a str,
    pub suite_hash: &'a str,
    pub features: &'a BTreeSet<&'static str>,
}

/// The files of the generated crate, by path inside it.
pub fn render(suite: &Suite, meta: &Meta) -> Result<Vec<(&'static str, String)>, String> {
    let env = environment()?;
    let ctx = context! {
        version => code(env!("CARGO_PKG_VERSION")),
        package => meta.package,
        bin => meta.bin,
        bin_name => code(meta.bin),
        suite_hash => meta.suite_hash,
        features => meta.features.iter().copied().collect::<Vec<_>>(),
        suite => suite_value(suite),
    };
    let mut files = Vec::new();
    for (name, path) in [
        ("Cargo.toml.j2", "Cargo.toml"),
        ("main.rs.j2", "src/main.rs"),
        ("suite.rs.j2", "src/suite.rs"),
    ] {
        let text = env
            .get_template(name)
            .and_then(|t| t.render(&ctx))
            .map_err(|e| format!("rendering {name}: {e:#}"))?;
        files.push((path, text));
    }
    Ok(files)
}

/// The features a suite needs, plus those asked for (`--with`).
pub fn features_needed(suite: &Suite, with: &[String]) -> BTreeSet<&'static str> {
    let mut f = BTreeSet::new();
    for name in with {
        if let Some(known) = OPTIONAL_FEATURES.iter().find(|k| *k == name) {
            f.insert(*known);
        }
        if name == "push" {
            f.insert("http");
        }
        if name == "http2" || name == "tls" {
            f.insert("http");
        }
    }
    let http = |h: &HttpCheck, f: &mut BTreeSet<&'static str>| {
        f.insert("http");
        // A URL that is not plainly http:// (or is assembled from ${VAR}s) may need TLS.
        let plain = h.url.pieces().first().is_some_and(
            |p| matches!(p, Piece::Lit(t) if t.to_ascii_lowercase().starts_with("http://")),
        );
        if !plain || h.tls != TlsOptions::default() {
            f.insert("tls");
        }
        // As `probekit run` does, an https probe offers HTTP/2 by ALPN.
        if !plain || h.version == HttpVersion::Http2 {
            f.insert("http2");
        }
    };
    for p in &suite.probes {
        match &p.check {
            Check::Http(h) => http(h, &mut f),
            Check::Tcp(t) => {
                if t.tls.is_some() {
                    f.insert("tls");
                }
            }
            Check::Metrics(m) => {
                f.insert("metrics");
                if let MetricsSource::Url(h) = &m.source {
                    http(h, &mut f);
                }
            }
            Check::Command(_) => {}
        }
        let e = &p.expect;
        for t in [&e.body, &e.stdout, &e.stderr, &e.response]
            .into_iter()
            .flatten()
        {
            for rule in &t.0 {
                match rule {
                    TextRule::Matches(_) | TextRule::NotMatches(_) => {
                        f.insert("regex");
                    }
                    TextRule::Json { .. } => {
                        f.insert("jsonpath");
                    }
                    _ => {}
                }
            }
        }
        if e.headers
            .iter()
            .any(|h| matches!(h.rule, HeaderRule::Matches(_)))
        {
            f.insert("regex");
        }
        let regex_selector = e.metrics.iter().any(|r| {
            r.selector
                .matchers
                .iter()
                .any(|m| matches!(m.op, MatchOp::Matches(_) | MatchOp::NotMatches(_)))
        });
        if regex_selector {
            f.insert("regex");
        }
    }
    f
}

fn environment() -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(|e| format!("template syntax: {e}"))?,
    );
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".toml.j2") {
            AutoEscape::Custom("toml".into())
        } else {
            AutoEscape::Custom("rust".into())
        }
    });
    env.set_formatter(|out, state, value| {
        if value.is_safe() {
            return write!(out, "{value}").map_err(minijinja::Error::from);
        }
        let text = match state.auto_escape() {
            AutoEscape::Custom(lang) if lang == "toml" => literal(value, Lang::Toml),
            _ => literal(value, Lang::Rust),
        }?;
        out.write_str(&text).map_err(minijinja::Error::from)
    });
    env.add_filter("duration", duration_filter);
    env.add_filter("f64", f64_filter);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .map_err(|e| format!("template {name}: {e:#}"))?;
    }
    Ok(env)
}

fn unsupported(value: &Value, lang: &str) -> minijinja::Error {
    minijinja::Error::new(
        minijinja::ErrorKind::InvalidOperation,
        format!("{value:?} has no {lang} literal form (a template bug)"),
    )
}

/// The languages of the generated files.
#[derive(Clone, Copy)]
enum Lang {
    Rust,
    Toml,
}

/// A literal in `lang`: integers and booleans as written, lists as arrays, and strings as Rust
/// string literals (Rust's own escaping, which round-trips every string) or as JSON writes them
/// (which TOML accepts). Values marked safe are code probekit wrote, passed through.
fn literal(value: &Value, lang: Lang) -> Result<String, minijinja::Error> {
    if value.is_safe() && matches!(lang, Lang::Rust) {
        return Ok(value.to_string());
    }
    if let Some(s) = value.as_str() {
        return Ok(match lang {
            Lang::Rust => format!("{s:?}"),
            Lang::Toml => serde_json::to_string(s).expect("strings serialize"),
        });
    }
    match value.kind() {
        minijinja::value::ValueKind::Bool => Ok(value.is_true().to_string()),
        minijinja::value::ValueKind::Number if value.as_i64().is_some() => Ok(value.to_string()),
        minijinja::value::ValueKind::Seq => {
            let items = value
                .try_iter()?
                .map(|v| literal(&v, lang))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(format!("[{}]", items.join(", ")))
        }
        _ => Err(unsupported(
            value,
            match lang {
                Lang::Rust => "Rust",
                Lang::Toml => "TOML",
            },
        )),
    }
}

/// Nanoseconds as the shortest `Duration` constructor that holds them exactly.
fn duration_filter(nanos: u64) -> Value {
    let code = if nanos.is_multiple_of(1_000_000_000) {
        format!("Duration::from_secs({})", nanos / 1_000_000_000)
    } else if nanos.is_multiple_of(1_000_000) {
        format!("Duration::from_millis({})", nanos / 1_000_000)
    } else if nanos.is_multiple_of(1_000) {
        format!("Duration::from_micros({})", nanos / 1_000)
    } else {
        format!("Duration::from_nanos({nanos})")
    };
    Value::from_safe_string(code)
}

/// An `f64` literal, including the values that have no literal.
fn f64_filter(v: f64) -> Value {
    let code = if v.is_nan() {
        "f64::NAN".to_string()
    } else if v == f64::INFINITY {
        "f64::INFINITY".to_string()
    } else if v == f64::NEG_INFINITY {
        "f64::NEG_INFINITY".to_string()
    } else {
        // `{:?}` always writes a `.` or an exponent, so the literal is a float.
        format!("{v:?}")
    };
    Value::from_safe_string(code)
}

/// Code this module writes itself, passed through unescaped.
fn code(text: impl Into<String>) -> Value {
    Value::from_safe_string(text.into())
}

fn nanos(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

fn pairs<'a>(items: impl IntoIterator<Item = (&'a String, &'a String)>) -> Vec<Vec<String>> {
    items
        .into_iter()
        .map(|(k, v)| vec![k.clone(), v.clone()])
        .collect()
}

fn env_value(e: &EnvString) -> Value {
    let pieces: Vec<Value> = e
        .pieces()
        .into_iter()
        .map(|p| match p {
            Piece::Lit(t) => context! { lit => t.to_string() },
            Piece::Var(name, default) => {
                context! { var => name.to_string(), default => default.map(str::to_string) }
            }
        })
        .collect();
    context! { literal => e.as_literal().map(str::to_string), pieces => pieces }
}

fn suite_value(s: &Suite) -> Value {
    context! {
        name => s.name.clone(),
        description => s.description.clone(),
        source => s.source.clone(),
        labels => pairs(&s.labels),
        concurrency => s.concurrency,
        probes => s.probes.iter().map(probe_value).collect::<Vec<_>>(),
    }
}

fn probe_value(p: &Probe) -> Value {
    context! {
        name => p.name.clone(),
        description => p.description.clone(),
        tags => p.tags.clone(),
        labels => pairs(&p.labels),
        depends_on => p.depends_on.clone(),
        retries => p.retries,
        retry_delay => nanos(p.retry_delay),
        interval => nanos(p.interval),
        check => check_value(&p.check),
        expect => expect_value(&p.expect),
    }
}

fn check_value(c: &Check) -> Value {
    match c {
        Check::Http(h) => context! { kind => "http", http => http_value(h) },
        Check::Command(c) => context! { kind => "command", command => command_value(c) },
        Check::Tcp(t) => context! {
            kind => "tcp",
            address => env_value(&t.address),
            timeout => nanos(t.timeout),
            tls => t.tls.as_ref().map(tls_value),
            send => t.send.as_ref().map(env_value),
            max_response => t.max_response,
        },
        Check::Metrics(m) => {
            let source = match &m.source {
                MetricsSource::Url(h) => context! { kind => "url", http => http_value(h) },
                MetricsSource::File(f) => context! { kind => "file", path => env_value(f) },
                MetricsSource::Command(c) => {
                    context! { kind => "command", command => command_value(c) }
                }
            };
            context! {
                kind => "metrics",
                source => source,
                format => m.format.map(|f| code(format!("Format::{f:?}"))),
                window => m.window.map(nanos),
                timeout => nanos(m.timeout),
            }
        }
    }
}

fn http_value(h: &HttpCheck) -> Value {
    context! {
        method => h.method.to_string(),
        url => env_value(&h.url),
        headers => h.headers.iter().map(|(n, v)| context! { name => n.to_string(), value => env_value(v) }).collect::<Vec<_>>(),
        body => h.body.as_ref().map(env_value),
        timeout => nanos(h.timeout),
        connect_timeout => h.connect_timeout.map(nanos),
        follow_redirects => h.follow_redirects,
        max_redirects => h.max_redirects,
        version => code(format!("HttpVersion::{:?}", h.version)),
        tls => tls_value(&h.tls),
        max_body => h.max_body,
    }
}

fn tls_value(t: &TlsOptions) -> Value {
    context! {
        insecure => t.insecure,
        ca_file => t.ca_file.as_ref().map(|p| p.to_string_lossy().into_owned()),
        server_name => t.server_name.clone(),
    }
}

fn command_value(c: &CommandCheck) -> Value {
    let program = match &c.program {
        Program::Argv(argv) => context! { argv => argv.iter().map(env_value).collect::<Vec<_>>() },
        Program::Shell(text) => context! { shell => text.clone() },
    };
    context! {
        program => program,
        env => c.env.iter().map(|(k, v)| context! { name => k.clone(), value => env_value(v) }).collect::<Vec<_>>(),
        cwd => c.cwd.as_ref().map(env_value),
        timeout => nanos(c.timeout),
        kill_grace => nanos(c.kill_grace),
        max_output => c.max_output,
    }
}

fn threshold_duration(t: &Threshold<std::time::Duration>) -> Value {
    context! { op => code(format!("CmpOp::{:?}", t.op)), limit => nanos(t.limit) }
}

fn value_check(v: &ValueCheck) -> Value {
    match v {
        ValueCheck::Compare(t) => context! {
            compare => true,
            op => code(format!("CmpOp::{:?}", t.op)),
            limit => t.limit,
        },
        ValueCheck::Between(low, high) => context! { compare => false, low => low, high => high },
    }
}

fn text_value(t: &TextExpect) -> Value {
    let rules: Vec<Value> = t
        .0
        .iter()
        .map(|r| match r {
            TextRule::Contains(s) => context! { kind => code("Contains"), text => s.clone() },
            TextRule::NotContains(s) => context! { kind => code("NotContains"), text => s.clone() },
            TextRule::Equals(s) => context! { kind => code("Equals"), text => s.clone() },
            TextRule::Matches(re) => {
                context! { kind => code("Matches"), regex => re.as_str().to_string() }
            }
            TextRule::NotMatches(re) => {
                context! { kind => code("NotMatches"), regex => re.as_str().to_string() }
            }
            TextRule::Json {
                path_text, value, ..
            } => context! {
                kind => code("Json"),
                path => path_text.clone(),
                value => serde_json::to_string(value).expect("JSON values serialize"),
            },
        })
        .collect();
    Value::from(rules)
}

fn metric_rule(r: &MetricRule) -> Value {
    let (test, check) = match &r.test {
        MetricTest::Value(v) => ("Value", Some(value_check(v))),
        MetricTest::Rate(v) => ("Rate", Some(value_check(v))),
        MetricTest::Increase(v) => ("Increase", Some(value_check(v))),
        MetricTest::Present => ("Present", None),
        MetricTest::Absent => ("Absent", None),
    };
    context! {
        selector => r.selector.to_string(),
        aggregate => code(format!("Aggregate::{:?}", r.aggregate)),
        test => code(format!("MetricTest::{test}")),
        check => check,
    }
}

fn expect_value(e: &Expect) -> Value {
    let status = e.status.as_ref().map(|s| {
        s.0.iter()
            .map(|p| match p {
                StatusPattern::Exact(c) => code(format!("StatusPattern::Exact({c})")),
                StatusPattern::Class(c) => code(format!("StatusPattern::Class({c})")),
            })
            .collect::<Vec<_>>()
    });
    let headers: Vec<Value> = e
        .headers
        .iter()
        .map(|h| {
            let (kind, arg) = match &h.rule {
                HeaderRule::Present => ("Present", None),
                HeaderRule::Absent => ("Absent", None),
                HeaderRule::Equals(s) => ("Equals", Some(s.clone())),
                HeaderRule::Contains(s) => ("Contains", Some(s.clone())),
                HeaderRule::Matches(re) => ("Matches", Some(re.as_str().to_string())),
            };
            context! { name => h.name.clone(), kind => code(kind), arg => arg }
        })
        .collect();
    context! {
        status => status,
        exit_code => e.exit_code.clone(),
        latency => e.latency.as_ref().map(threshold_duration),
        body => e.body.as_ref().map(text_value),
        headers => headers,
        stdout => e.stdout.as_ref().map(text_value),
        stderr => e.stderr.as_ref().map(text_value),
        response => e.response.as_ref().map(text_value),
        cert_expiry => e.cert_expiry.as_ref().map(threshold_duration),
        metrics => e.metrics.iter().map(metric_rule).collect::<Vec<_>>(),
    }
}
