//! The suite model written out as the Rust expressions that build it, for the generated crate's
//! `suite.rs`.
//!
//! Every model type implements [`ToRust`] once, here. Structs are written by [`rust_struct!`],
//! which destructures the value exhaustively: a field added to the model is a compile error in
//! this file until the generator learns it, and enums are matched exhaustively for the same
//! reason. The `--dump-suite` test of `probekit build` compares the compiled suite with the
//! loaded one field by field.
//!
//! A string from a suite reaches Rust source in one place only, [`Rust::str_lit`], as a Rust
//! string literal with Rust's own escaping; everything else written here is code probekit makes
//! itself (paths, numbers, durations). Regexes, JSONPath, selectors, methods and header names are
//! written as their text and built at start by the runtime's constructors
//! (`probekit::compile::probe::values`), with the same parsers the loader used.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use crate::expect::metric::{Aggregate, MetricRule, MetricTest, ValueCheck};
use crate::expect::{
    AttrRule, CmpOp, CookieExpect, Expect, HeaderExpect, HeaderRule, JsonTest, MeasureRule,
    ServerState, Severity, StatusPattern, StatusSet, TextExpect, TextRule, Threshold, Unit,
};
use crate::metrics::{Format, Selector};
use crate::pattern::Regex;
use crate::suite::{
    Alternative, ArgSpec, Backoff, Check, CommandCheck, DatabaseCheck, DbEngine, DnsCheck,
    EnvString, GrpcCheck, HostCheck, HostTarget, HttpCheck, HttpVersion, IcmpCheck, IpVersion,
    MetricsCheck, MetricsSource, Piece, Probe, ProcessMatch, Program, ProxySetting, RecordType,
    ServiceCheck, StartTls, Suite, TcpCheck, TlsOptions, Wait,
};

/// A value that can be written as the Rust expression that builds it.
pub trait ToRust {
    fn write_rust(&self, out: &mut Rust);
}

/// Rust source being written.
#[derive(Default)]
pub struct Rust(String);

impl Rust {
    /// `value` as one Rust expression.
    pub fn expr(value: &dyn ToRust) -> String {
        let mut out = Rust::default();
        value.write_rust(&mut out);
        out.0
    }

    /// Code probekit writes itself: a path, a keyword, punctuation.
    fn code(&mut self, code: &str) {
        self.0.push_str(code);
    }

    /// A string from the suite, as a Rust string literal (`{:?}` escapes every character that
    /// could end or change it, and the literal reads back as exactly `text`).
    fn str_lit(&mut self, text: &str) {
        let _ = write!(self.0, "{text:?}");
    }

    fn number(&mut self, n: impl std::fmt::Display) {
        let _ = write!(self.0, "{n}");
    }

    /// `func(a, b, …)`.
    fn call(&mut self, func: &str, args: &[&dyn ToRust]) {
        self.code(func);
        self.code("(");
        self.list(args.iter().copied());
        self.code(")");
    }

    /// `path { a: …, b: …, }`.
    fn fields(&mut self, path: &str, fields: &[(&str, &dyn ToRust)]) {
        self.code(path);
        self.code(" { ");
        for (name, value) in fields {
            self.code(name);
            self.code(": ");
            value.write_rust(self);
            self.code(", ");
        }
        self.code("}");
    }

    fn list<'a>(&mut self, items: impl IntoIterator<Item = &'a dyn ToRust>) {
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.code(", ");
            }
            item.write_rust(self);
        }
    }
}

/// A bare string literal, for the runtime's constructors that take `&str`.
struct Str<'a>(&'a str);

impl ToRust for Str<'_> {
    fn write_rust(&self, out: &mut Rust) {
        out.str_lit(self.0);
    }
}

/// Code probekit writes itself, as an expression.
struct Code<'a>(&'a str);

impl ToRust for Code<'_> {
    fn write_rust(&self, out: &mut Rust) {
        out.code(self.0);
    }
}

/// Implements [`ToRust`] for a struct with named fields, destructured exhaustively.
macro_rules! rust_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl ToRust for $ty {
            fn write_rust(&self, out: &mut Rust) {
                let $ty { $($field),* } = self;
                out.fields(stringify!($ty), &[$((stringify!($field), $field as &dyn ToRust)),*]);
            }
        }
    };
}

rust_struct!(Probe {
    name,
    description,
    tags,
    labels,
    depends_on,
    gate,
    retries,
    retry_delay,
    retry_backoff,
    wait,
    interval,
    severity,
    check,
    expect
});
rust_struct!(HttpCheck {
    method,
    url,
    headers,
    body,
    timeout,
    connect_timeout,
    follow_redirects,
    allow_link_local,
    max_redirects,
    version,
    tls,
    max_body,
    proxy,
    ip,
});
rust_struct!(TlsOptions {
    insecure,
    ca_file,
    server_name,
    client_cert,
    client_key
});
rust_struct!(CommandCheck {
    program,
    env_clear,
    env_allow,
    env,
    cwd,
    stdin,
    timeout,
    kill_grace,
    max_output,
    merge_stderr
});
rust_struct!(TcpCheck {
    address,
    timeout,
    tls,
    send,
    max_response,
    ip,
    starttls
});
rust_struct!(DatabaseCheck {
    engine,
    address,
    user,
    password,
    database,
    query,
    tls,
    timeout,
    ip,
    max_response
});
rust_struct!(HostCheck { target, timeout });
rust_struct!(ServiceCheck { unit, timeout });
rust_struct!(GrpcCheck {
    address,
    service,
    tls,
    ip,
    timeout
});
rust_struct!(IcmpCheck {
    host,
    count,
    interval,
    size,
    ip,
    timeout
});
rust_struct!(DnsCheck {
    name,
    record,
    server,
    tcp,
    recursion,
    timeout
});
rust_struct!(ProcessMatch {
    name,
    pattern,
    pidfile,
    user
});
rust_struct!(MeasureRule { name, unit, check });
rust_struct!(AttrRule { name, expected });
rust_struct!(MetricsCheck {
    source,
    format,
    window,
    timeout
});
rust_struct!(Expect {
    status,
    exit_code,
    latency,
    body,
    headers,
    stdout,
    stderr,
    response,
    state,
    result,
    measures,
    attributes,
    content,
    answers,
    listening,
    cert_expiry,
    cert_issuer,
    cert_subject,
    cert_san,
    cookies,
    metrics,
    warning,
});
rust_struct!(CookieExpect {
    name,
    rule,
    secure,
    http_only
});
rust_struct!(HeaderExpect { name, rule });
rust_struct!(ArgSpec {
    name,
    help,
    default,
    rest,
    flags,
    switch
});
rust_struct!(MetricRule {
    selector,
    aggregate,
    test
});

/// Implements [`ToRust`] for an enum without data, matched exhaustively: a variant added to the
/// model is a compile error here until it is listed.
macro_rules! rust_unit_enum {
    ($ty:ident { $($variant:ident),* $(,)? }) => {
        impl ToRust for $ty {
            fn write_rust(&self, out: &mut Rust) {
                out.code(match self {
                    $($ty::$variant => concat!(stringify!($ty), "::", stringify!($variant)),)*
                });
            }
        }
    };
}

rust_unit_enum!(HttpVersion { Auto, Http1, Http2 });
rust_unit_enum!(Severity { Warning, Critical });
rust_unit_enum!(IpVersion { Any, V4, V6 });
rust_unit_enum!(DbEngine {
    Redis,
    Postgres,
    Mysql
});
rust_unit_enum!(StartTls {
    Smtp,
    Imap,
    Pop3,
    Postgres,
    Ldap
});
rust_unit_enum!(RecordType {
    A,
    Aaaa,
    Cname,
    Mx,
    Txt,
    Srv,
    Ns,
    Soa,
    Ptr
});
rust_unit_enum!(Unit {
    Bytes,
    Percent,
    Seconds,
    Count,
    Number
});
rust_unit_enum!(ServerState {
    Accepting,
    Rejecting
});

impl ToRust for ProxySetting {
    fn write_rust(&self, out: &mut Rust) {
        match self {
            ProxySetting::Env => out.code("ProxySetting::Env"),
            ProxySetting::Direct => out.code("ProxySetting::Direct"),
            ProxySetting::Url(url) => out.call("ProxySetting::Url", &[url]),
        }
    }
}
rust_unit_enum!(Backoff {
    Exponential,
    Constant
});
rust_unit_enum!(Format { Text, OpenMetrics });
rust_unit_enum!(CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne
});
rust_unit_enum!(Aggregate {
    All,
    Any,
    Sum,
    Min,
    Max,
    Avg,
    Count
});

/// The suite, with each probe built by its own function (`probe_1()`, …) so that the generated
/// file reads one probe at a time.
pub fn suite_with_probe_fns(suite: &Suite) -> String {
    let Suite {
        name,
        description,
        source,
        labels,
        concurrency,
        args,
        probes,
    } = suite;
    let calls: Vec<String> = (1..=probes.len()).map(|i| format!("probe_{i}()")).collect();
    let calls: Vec<Code> = calls.iter().map(|c| Code(c)).collect();
    let mut out = Rust::default();
    out.fields(
        "Suite",
        &[
            ("name", name),
            ("description", description),
            ("source", source),
            ("labels", labels),
            ("concurrency", concurrency),
            ("args", args),
            ("probes", &calls),
        ],
    );
    out.0
}

impl<T: ToRust> ToRust for Threshold<T> {
    fn write_rust(&self, out: &mut Rust) {
        let Threshold { op, limit } = self;
        out.fields("Threshold", &[("op", op), ("limit", limit)]);
    }
}

impl ToRust for Check {
    fn write_rust(&self, out: &mut Rust) {
        match self {
            Check::Http(h) => out.call("Check::Http", &[h]),
            Check::Command(c) => out.call("Check::Command", &[c]),
            Check::Tcp(t) => out.call("Check::Tcp", &[t]),
            Check::Metrics(m) => out.call("Check::Metrics", &[m]),
            Check::Database(d) => out.call("Check::Database", &[d]),
            Check::Host(h) => out.call("Check::Host", &[h]),
            Check::Dns(d) => out.call("Check::Dns", &[d]),
            Check::Tls(t) => out.call("Check::Tls", &[t]),
            Check::Icmp(i) => out.call("Check::Icmp", &[i]),
            Check::Grpc(g) => out.call("Check::Grpc", &[g]),
            Check::Service(s) => out.call("Check::Service", &[s]),
            Check::AnyOf(alts) => out.call("Check::AnyOf", &[alts]),
        }
    }
}

rust_struct!(Alternative { check, expect });
rust_struct!(Wait { until, every });

impl ToRust for HostTarget {
    fn write_rust(&self, out: &mut Rust) {
        match self {
            HostTarget::File { path, max_content } => out.fields(
                "HostTarget::File",
                &[("path", path), ("max_content", max_content)],
            ),
            HostTarget::Disk { path } => out.fields("HostTarget::Disk", &[("path", path)]),
            HostTarget::Memory => out.code("HostTarget::Memory"),
            HostTarget::Load { per_cpu } => out.fields("HostTarget::Load", &[("per_cpu", per_cpu)]),
            HostTarget::Process(m) => out.call("HostTarget::Process", &[m]),
        }
    }
}

impl ToRust for Program {
    fn write_rust(&self, out: &mut Rust) {
        match self {
            Program::Argv(argv) => out.call("Program::Argv", &[argv]),
            Program::Shell(text) => out.call("Program::Shell", &[text]),
        }
    }
}

impl ToRust for MetricsSource {
    fn write_rust(&self, out: &mut Rust) {
        match self {
            MetricsSource::Url(h) => out.call("MetricsSource::Url", &[h]),
            MetricsSource::File(path) => out.call("MetricsSource::File", &[path]),
            MetricsSource::Command(c) => out.call("MetricsSource::Command", &[c]),
        }
    }
}

impl ToRust for MetricTest {
    fn write_rust(&self, out: &mut Rust) {
        match self {
            MetricTest::Value(v) => out.call("MetricTest::Value", &[v]),
            MetricTest::Rate(v) => out.call("MetricTest::Rate", &[v]),
            MetricTest::Increase(v) => out.call("MetricTest::Increase", &[v]),
            MetricTest::Present => out.code("MetricTest::Present"),
            MetricTest::Absent => out.code("MetricTest::Absent"),
        }
    }
}

impl ToRust for ValueCheck {
    fn write_rust(&self, out: &mut Rust) {
        match self {
            ValueCheck::Compare(t) => out.call("ValueCheck::Compare", &[t]),
            ValueCheck::Between(low, high) => out.call("ValueCheck::Between", &[low, high]),
        }
    }
}

impl ToRust for StatusSet {
    fn write_rust(&self, out: &mut Rust) {
        out.call("StatusSet", &[&self.0]);
    }
}

impl ToRust for StatusPattern {
    fn write_rust(&self, out: &mut Rust) {
        match self {
            StatusPattern::Exact(code) => out.call("StatusPattern::Exact", &[code]),
            StatusPattern::Class(class) => out.call("StatusPattern::Class", &[class]),
        }
    }
}

impl ToRust for TextExpect {
    fn write_rust(&self, out: &mut Rust) {
        out.call("TextExpect", &[&self.0]);
    }
}

impl ToRust for TextRule {
    fn write_rust(&self, out: &mut Rust) {
        match self {
            TextRule::Contains(s) => out.call("TextRule::Contains", &[s]),
            TextRule::NotContains(s) => out.call("TextRule::NotContains", &[s]),
            TextRule::Equals(s) => out.call("TextRule::Equals", &[s]),
            TextRule::Trimmed(s) => out.call("TextRule::Trimmed", &[s]),
            TextRule::Matches(re) => out.call("TextRule::Matches", &[re]),
            TextRule::NotMatches(re) => out.call("TextRule::NotMatches", &[re]),
            TextRule::Lines { matching, check } => out.fields(
                "TextRule::Lines",
                &[("matching", matching), ("check", check)],
            ),
            TextRule::Number(check) => out.call("TextRule::Number", &[check]),
            // The compiled path is built from the text it was compiled from.
            TextRule::Json {
                path_text,
                path: _,
                test,
            } => {
                out.fields(
                    "TextRule::Json",
                    &[
                        ("path_text", path_text),
                        ("path", &Ctor("json_path", path_text)),
                        ("test", test),
                    ],
                );
            }
        }
    }
}

impl ToRust for JsonTest {
    fn write_rust(&self, out: &mut Rust) {
        let json = |v: &serde_json::Value| serde_json::to_string(v).unwrap_or_default();
        match self {
            JsonTest::Equals(v) => out.call("JsonTest::Equals", &[&Ctor("json", &json(v))]),
            JsonTest::NotEquals(v) => out.call("JsonTest::NotEquals", &[&Ctor("json", &json(v))]),
            JsonTest::Value(check) => out.call("JsonTest::Value", &[check]),
            JsonTest::Length(check) => out.call("JsonTest::Length", &[check]),
            JsonTest::Matches(re) => out.call("JsonTest::Matches", &[re]),
            JsonTest::Exists(b) => out.call("JsonTest::Exists", &[b]),
            JsonTest::Type(t) => out.code(&format!("JsonTest::Type(JsonType::{t:?})")),
        }
    }
}

impl ToRust for HeaderRule {
    fn write_rust(&self, out: &mut Rust) {
        match self {
            HeaderRule::Present => out.code("HeaderRule::Present"),
            HeaderRule::Absent => out.code("HeaderRule::Absent"),
            HeaderRule::Equals(s) => out.call("HeaderRule::Equals", &[s]),
            HeaderRule::Contains(s) => out.call("HeaderRule::Contains", &[s]),
            HeaderRule::Matches(re) => out.call("HeaderRule::Matches", &[re]),
        }
    }
}

/// A runtime constructor called with a string: `regex("…")`, `json("…")`.
struct Ctor<'a>(&'static str, &'a str);

impl ToRust for Ctor<'_> {
    fn write_rust(&self, out: &mut Rust) {
        out.call(self.0, &[&Str(self.1)]);
    }
}

impl ToRust for Regex {
    fn write_rust(&self, out: &mut Rust) {
        Ctor("regex", self.as_str()).write_rust(out);
    }
}

impl ToRust for Selector {
    fn write_rust(&self, out: &mut Rust) {
        Ctor("selector", &self.to_string()).write_rust(out);
    }
}

impl ToRust for http::Method {
    fn write_rust(&self, out: &mut Rust) {
        Ctor("method", self.as_str()).write_rust(out);
    }
}

impl ToRust for http::HeaderName {
    fn write_rust(&self, out: &mut Rust) {
        Ctor("header", self.as_str()).write_rust(out);
    }
}

impl ToRust for EnvString {
    fn write_rust(&self, out: &mut Rust) {
        if let Some(text) = self.as_literal() {
            return Ctor("lit", text).write_rust(out);
        }
        out.code("env(&[");
        for (i, piece) in self.pieces().into_iter().enumerate() {
            if i > 0 {
                out.code(", ");
            }
            match piece {
                Piece::Lit(text) => out.call("Lit", &[&Str(text)]),
                Piece::Var(name, None) => out.call("Var", &[&Str(name), &Code("None")]),
                Piece::Var(name, Some(default)) => {
                    out.call("Var", &[&Str(name), &Some(Str(default))]);
                }
                Piece::File(path, None) => out.call("File", &[&Str(path), &Code("None")]),
                Piece::File(path, Some(default)) => {
                    out.call("File", &[&Str(path), &Some(Str(default))]);
                }
            }
        }
        out.code("])");
    }
}

impl ToRust for String {
    fn write_rust(&self, out: &mut Rust) {
        out.str_lit(self);
        out.code(".into()");
    }
}

impl ToRust for PathBuf {
    fn write_rust(&self, out: &mut Rust) {
        // Suite paths come from YAML text, so they are valid UTF-8.
        self.to_string_lossy().into_owned().write_rust(out);
    }
}

impl ToRust for BTreeMap<String, String> {
    fn write_rust(&self, out: &mut Rust) {
        if self.is_empty() {
            return out.code("BTreeMap::new()");
        }
        out.code("labels(&[");
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                out.code(", ");
            }
            out.call("", &[&Str(k), &Str(v)]);
        }
        out.code("])");
    }
}

impl<T: ToRust> ToRust for Option<T> {
    fn write_rust(&self, out: &mut Rust) {
        match self {
            None => out.code("None"),
            Some(v) => out.call("Some", &[v]),
        }
    }
}

impl<T: ToRust> ToRust for Box<T> {
    fn write_rust(&self, out: &mut Rust) {
        out.call("Box::new", &[&**self]);
    }
}

impl<T: ToRust> ToRust for Vec<T> {
    fn write_rust(&self, out: &mut Rust) {
        if self.is_empty() {
            return out.code("Vec::new()");
        }
        out.code("vec![");
        out.list(self.iter().map(|v| v as &dyn ToRust));
        out.code("]");
    }
}

impl<A: ToRust, B: ToRust> ToRust for (A, B) {
    fn write_rust(&self, out: &mut Rust) {
        out.call("", &[&self.0, &self.1]);
    }
}

impl ToRust for Duration {
    /// The shortest constructor that holds the duration exactly.
    fn write_rust(&self, out: &mut Rust) {
        let nanos = u64::try_from(self.as_nanos()).unwrap_or(u64::MAX);
        let (ctor, n) = if nanos.is_multiple_of(1_000_000_000) {
            ("Duration::from_secs", nanos / 1_000_000_000)
        } else if nanos.is_multiple_of(1_000_000) {
            ("Duration::from_millis", nanos / 1_000_000)
        } else if nanos.is_multiple_of(1_000) {
            ("Duration::from_micros", nanos / 1_000)
        } else {
            ("Duration::from_nanos", nanos)
        };
        out.code(ctor);
        out.code("(");
        out.number(n);
        out.code(")");
    }
}

impl ToRust for f64 {
    /// Including the values that have no literal; `{:?}` always writes a `.` or an exponent.
    fn write_rust(&self, out: &mut Rust) {
        if self.is_nan() {
            out.code("f64::NAN");
        } else if *self == f64::INFINITY {
            out.code("f64::INFINITY");
        } else if *self == f64::NEG_INFINITY {
            out.code("f64::NEG_INFINITY");
        } else {
            let _ = write!(out.0, "{self:?}");
        }
    }
}

macro_rules! rust_integer {
    ($($ty:ty),*) => {
        $(impl ToRust for $ty {
            fn write_rust(&self, out: &mut Rust) {
                out.number(self);
            }
        })*
    };
}

rust_integer!(u8, u16, u32, i32, usize);

impl ToRust for bool {
    fn write_rust(&self, out: &mut Rust) {
        out.code(if *self { "true" } else { "false" });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_become_literals_that_read_back_exactly() {
        let hostile = "\"); std::process::exit(0); //\n\\ }} {% raw %} \u{202e} \x01";
        let code = Rust::expr(&hostile.to_string());
        assert_eq!(code, format!("{hostile:?}.into()"));
        assert!(!code.contains('\n'));
    }

    #[test]
    fn durations_use_the_shortest_exact_constructor() {
        let cases = [
            (Duration::from_secs(5), "Duration::from_secs(5)"),
            (Duration::from_millis(1500), "Duration::from_millis(1500)"),
            (Duration::from_micros(7), "Duration::from_micros(7)"),
            (Duration::from_nanos(3), "Duration::from_nanos(3)"),
        ];
        for (d, want) in cases {
            assert_eq!(Rust::expr(&d), want);
        }
    }

    #[test]
    fn floats_without_literals_are_named() {
        assert_eq!(Rust::expr(&f64::NAN), "f64::NAN");
        assert_eq!(Rust::expr(&f64::NEG_INFINITY), "f64::NEG_INFINITY");
        assert_eq!(Rust::expr(&4.0), "4.0");
    }

    #[test]
    fn env_strings_keep_their_references() {
        let e = EnvString::parse("Bearer ${TOKEN:-none}").unwrap();
        assert_eq!(
            Rust::expr(&e),
            r#"env(&[Lit("Bearer "), Var("TOKEN", Some("none"))])"#
        );
        assert_eq!(Rust::expr(&EnvString::literal("x")), r#"lit("x")"#);
    }
}
