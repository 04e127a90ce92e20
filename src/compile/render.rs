//! The generated crate, rendered by the templates in `templates/`. The suite is not among what
//! they write: it is data ([`super::payload`]), which the crate includes as `src/suite.bin`. Every
//! string that reaches a template — names, the version, features — goes through the template
//! engine's escaping formatter (Rust or TOML string literals), so the crate is the same for every
//! suite with the same features.

use std::collections::BTreeSet;

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, context};

use crate::expect::{HeaderRule, TextRule};
use crate::metrics::selector::MatchOp;
use crate::suite::{
    Check, HostTarget, HttpCheck, HttpVersion, MetricsSource, Piece, Suite, TlsOptions,
};

/// The templates, carried in the binary so that an installed probekit needs no files.
pub const TEMPLATES: [(&str, &str); 2] = [
    (
        "Cargo.toml.j2",
        include_str!("../../templates/Cargo.toml.j2"),
    ),
    ("main.rs.j2", include_str!("../../templates/main.rs.j2")),
];

/// The optional runtime features a suite can need (see the `[features]` of Cargo.toml).
pub const OPTIONAL_FEATURES: [&str; 17] = [
    "threads", "http", "http2", "tls", "regex", "jsonpath", "metrics", "redis", "postgres",
    "mysql", "mongo", "file", "process", "dns", "icmp", "grpc", "service",
];

/// What the generated crate is called and built with.
pub struct Meta<'a> {
    pub package: &'a str,
    pub bin: &'a str,
    pub features: &'a BTreeSet<&'static str>,
}

/// Where the generated crate keeps its suite's data.
pub const SUITE_DATA: &str = "src/suite.bin";

/// The files of the generated crate, by path inside it, with `suite` (a payload, or nothing)
/// as its suite's data.
pub fn render(meta: &Meta, suite: &[u8]) -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    let env = environment()?;
    let ctx = context! {
        version => code(env!("CARGO_PKG_VERSION")),
        package => meta.package,
        bin => meta.bin,
        bin_name => code(meta.bin),
        features => meta.features.iter().copied().collect::<Vec<_>>(),
    };
    let mut files = Vec::new();
    for (name, path) in [
        ("Cargo.toml.j2", "Cargo.toml"),
        ("main.rs.j2", "src/main.rs"),
    ] {
        let text = env
            .get_template(name)
            .and_then(|t| t.render(&ctx))
            .map_err(|e| format!("rendering {name}: {e:#}"))?;
        files.push((path, text.into_bytes()));
    }
    files.push((SUITE_DATA, suite.to_vec()));
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
        // HTTP/2 only when the probe asks for it: an https probe of `version: auto` then offers
        // only HTTP/1.1 by ALPN, where `probekit run` offers both (docs/build.md, "HTTP/2");
        // h2 is 288 KB of a compiled probe.
        if h.version == HttpVersion::Http2 {
            f.insert("http2");
        }
    };
    // A suite that runs on worker threads (`probekit run` runs small ones on one thread).
    if suite.probes.len() > crate::session::SINGLE_THREAD_MAX_PROBES {
        f.insert("threads");
    }
    for (check, e) in suite.probes.iter().flat_map(|p| p.check.leaves(&p.expect)) {
        match check {
            Check::Http(h) => http(h, &mut f),
            Check::Tls(_) => {
                f.insert("tls");
            }
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
            Check::Database(d) => {
                f.insert(d.engine.as_str());
                if d.tls.is_some() {
                    f.insert("tls");
                }
            }
            Check::Host(h) => match &h.target {
                HostTarget::Process(m) => {
                    f.insert("process");
                    if m.pattern.is_some() {
                        f.insert("regex");
                    }
                }
                _ => {
                    f.insert("file");
                }
            },
            Check::Dns(_) => {
                f.insert("dns");
            }
            Check::Icmp(_) => {
                f.insert("icmp");
            }
            Check::Service(_) => {
                f.insert("service");
            }
            Check::Grpc(g) => {
                f.insert("grpc");
                if g.tls.is_some() {
                    f.insert("tls");
                }
            }
            Check::Command(_) | Check::AnyOf(_) => {}
        }
        for t in [
            &e.body,
            &e.stdout,
            &e.stderr,
            &e.response,
            &e.result,
            &e.content,
            &e.answers,
        ]
        .into_iter()
        .flatten()
        {
            for rule in &t.0 {
                match rule {
                    TextRule::Matches(_)
                    | TextRule::NotMatches(_)
                    | TextRule::Lines {
                        matching: Some(_), ..
                    }
                    | TextRule::Lines {
                        excluding: Some(_), ..
                    } => {
                        f.insert("regex");
                    }
                    TextRule::Field(field)
                        if field.line.is_some()
                            || matches!(field.test, crate::expect::FieldTest::Matches(_)) =>
                    {
                        f.insert("regex");
                    }
                    TextRule::Json { test, .. } => {
                        f.insert("jsonpath");
                        if matches!(test, crate::expect::JsonTest::Matches(_)) {
                            f.insert("regex");
                        }
                    }
                    _ => {}
                }
            }
        }
        // Rules read when the probe runs need what they will be.
        let late = e.late.iter().chain(e.warning.iter().flat_map(|w| &w.late));
        for rule in late {
            use crate::expect::late::{LateJson, LatePlace, LateText};
            if let LatePlace::Text { rule, .. } = &rule.place {
                match rule {
                    LateText::Matches
                    | LateText::NotMatches
                    | LateText::Lines {
                        matching: Some(_), ..
                    }
                    | LateText::Lines {
                        excluding: Some(_), ..
                    }
                    | LateText::Field { line: Some(_), .. } => {
                        f.insert("regex");
                    }
                    LateText::Json { test, .. } => {
                        f.insert("jsonpath");
                        if matches!(test, LateJson::Matches) {
                            f.insert("regex");
                        }
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

/// Code this module writes itself, passed through unescaped.
fn code(text: impl Into<String>) -> Value {
    Value::from_safe_string(text.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(yaml: &str, with: &[&str]) -> Vec<&'static str> {
        let suite =
            crate::load::load_bytes("t.yaml", "t", yaml.as_bytes(), &Default::default()).unwrap();
        let with: Vec<String> = with.iter().map(|w| w.to_string()).collect();
        features_needed(&suite, &with).into_iter().collect()
    }

    #[test]
    fn http2_is_linked_only_when_asked_for() {
        let probe = |extra: &str| {
            format!(
                "suite: s\nprobes:\n  - name: web\n    http: {{url: \"https://example.test/\"{extra}}}\n"
            )
        };
        assert_eq!(features(&probe(""), &[]), ["http", "tls"]);
        assert_eq!(
            features(&probe(", version: http2"), &[]),
            ["http", "http2", "tls"]
        );
        assert_eq!(features(&probe(""), &["http2"]), ["http", "http2", "tls"]);
        let plain = "suite: s\nprobes:\n  - {name: web, http: {url: \"http://127.0.0.1/\"}}\n";
        assert_eq!(features(plain, &[]), ["http"]);
        let grpc = "suite: s\nprobes:\n  - {name: g, grpc: {address: \"127.0.0.1:50051\"}}\n";
        assert!(features(grpc, &[]).contains(&"grpc"));
    }
}
