//! Expectations shared by every probe kind, and their evaluation into assertions with expected
//! and actual values. A check only gathers [`Facts`]; deciding pass or fail happens here.

mod carried;
pub mod data;
mod field;
mod jq;
mod json_value;
pub mod late;
pub mod measure;
pub mod metric;
mod status;
pub mod threshold;

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

pub use crate::pattern::{JsonPath, Regex};
pub use field::{Field, FieldTest};

use crate::units::format_duration;
use json_value::{json_eq, json_len, truthy};
pub use measure::{AttrRule, Attribute, Measure, MeasureRule, Unit};
pub use metric::ValueCheck;
pub use status::{StatusPattern, StatusSet};
pub use threshold::{CmpOp, Threshold};

/// Everything a probe may be expected to show. Which fields a kind accepts is decided by the
/// loader; defaults (status `2xx` for HTTP, exit code 0 for commands) are filled in there too, so
/// reports show every assertion that was actually made.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Expect {
    pub status: Option<StatusSet>,
    pub exit_code: Option<Vec<i32>>,
    pub latency: Option<Threshold<Duration>>,
    pub body: Option<TextExpect>,
    pub headers: Vec<HeaderExpect>,
    pub stdout: Option<TextExpect>,
    pub stderr: Option<TextExpect>,
    pub response: Option<TextExpect>,
    pub cert_expiry: Option<Threshold<Duration>>,
    /// The server certificate's issuer and subject (`CN=R3, O=Let's Encrypt, C=US`).
    pub cert_issuer: Vec<HeaderRule>,
    pub cert_subject: Vec<HeaderRule>,
    /// Names the server certificate must be valid for (its subject alternative names, a
    /// wildcard covering one label).
    pub cert_san: Vec<String>,
    /// `Set-Cookie` of the final response.
    pub cookies: Vec<CookieExpect>,
    /// What a database server must say of itself (`accepting`, by default).
    pub state: Option<Vec<ServerState>>,
    /// The result of a database probe's `query`, as its client tool prints it.
    pub result: Option<TextExpect>,
    /// Numbers a probe of the machine measured (`used: "< 90%"`, `age: "< 25h"`).
    pub measures: Vec<MeasureRule>,
    /// Words a probe of the machine observed (`type: directory`, `owner: root`).
    pub attributes: Vec<AttrRule>,
    /// A file's content.
    pub content: Option<TextExpect>,
    /// A DNS answer's records, one per line as `dig +short` prints them.
    pub answers: Option<TextExpect>,
    /// Ports the matched processes must listen on.
    pub listening: Vec<u16>,
    /// Rules of a metrics probe, evaluated by the check itself (it holds the scrapes).
    pub metrics: Vec<metric::MetricRule>,
    /// Expectations whose failure is only a warning (`latency: {warning: "> 300ms", critical:
    /// "> 1s"}` puts `<= 300ms` here and `<= 1s` above). Holds only what the suite wrote.
    pub warning: Option<Box<Expect>>,
    /// Rules whose value names `${VAR}`, read when the probe runs ([`Expect::bind`]).
    pub late: Vec<late::LateRule>,
}

/// How bad it is when an expectation, or a whole probe, does not hold: Nagios' WARNING (1) or
/// CRITICAL (2).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    #[default]
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }

    pub fn is_critical(&self) -> bool {
        *self == Severity::Critical
    }
}

/// Whether a database server takes connections: `pg_isready`'s "accepting connections" and
/// "rejecting connections" (starting up, shutting down, in recovery, loading its dataset, too
/// many connections). A server that does not answer at all is an error, not a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServerState {
    Accepting,
    Rejecting,
}

impl ServerState {
    pub const ALL: [ServerState; 2] = [ServerState::Accepting, ServerState::Rejecting];

    pub fn as_str(self) -> &'static str {
        match self {
            ServerState::Accepting => "accepting",
            ServerState::Rejecting => "rejecting",
        }
    }
}

/// Expectations on a text stream (a body, stdout, stderr, a TCP response). All must hold.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TextExpect(pub Vec<TextRule>);

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(into = "data::TextRuleData")]
#[serde(try_from = "data::TextRuleData")]
pub enum TextRule {
    Contains(String),
    NotContains(String),
    Equals(String),
    /// Equal to this once whitespace at both ends of the text is removed (`$(cmd)` with
    /// `sed 's/^ *//'`, `xargs`, `tr -d '\n'` in a script).
    Trimmed(String),
    Matches(Regex),
    NotMatches(Regex),
    /// The number of lines, or of the lines that match: newlines, plus a last line that has
    /// none (`wc -l`, `grep -c P`).
    Lines {
        matching: Option<Regex>,
        /// Lines that also match this are not counted (`ps aux | grep nginx | grep -v grep`).
        excluding: Option<Regex>,
        check: ValueCheck,
    },
    /// The text, trimmed, read as a number (`[ "$(cmd)" -gt 80 ]`).
    Number(ValueCheck),
    /// A field of each line that matches (`grep used_memory | awk '{print $2}'`): there is at
    /// least one such line, and the field of each passes.
    Field(Field),
    Json {
        path_text: String,
        path: JsonPath,
        test: JsonTest,
    },
}

/// What a JSONPath must select. When it selects several values, each must pass; `absent`
/// and `not_equals` pass when it selects nothing.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum JsonTest {
    Equals(#[serde(with = "crate::serde_text::json_text")] serde_json::Value),
    NotEquals(#[serde(with = "crate::serde_text::json_text")] serde_json::Value),
    /// A number, compared: `> 0`, `between 1 and 10`.
    Value(ValueCheck),
    /// The length of an array, an object (its keys) or a string (its characters).
    Length(ValueCheck),
    /// A string that matches.
    Matches(#[serde(with = "crate::serde_text::regex_text")] Regex),
    /// Whether the path selects anything (`null` counts as something).
    Exists(bool),
    Type(JsonType),
    /// The value as `jq -r` prints it (a string bare, anything else as JSON) is this text:
    /// what a `${…}` gave, which is text whatever the document's type.
    Text(String),
    /// The value, printed as for [`JsonTest::Text`], is not this text (nothing selected passes).
    NotText(String),
    /// Whether the value is true as Python's `if` reads it: there, and not `null`, `false`, `0`,
    /// `""`, `[]` or `{}` (`if data.get("ready"):`). `false` passes where nothing is selected.
    Truthy(bool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum JsonType {
    String,
    Number,
    /// A number without a fractional part (`3`, `3.0`), as JSON Schema has it.
    Integer,
    Boolean,
    Null,
    Array,
    Object,
}

impl JsonType {
    pub const ALL: [JsonType; 7] = [
        JsonType::String,
        JsonType::Number,
        JsonType::Integer,
        JsonType::Boolean,
        JsonType::Null,
        JsonType::Array,
        JsonType::Object,
    ];

    pub fn parse(name: &str) -> Option<JsonType> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Number => "number",
            JsonType::Integer => "integer",
            JsonType::Boolean => "boolean",
            JsonType::Null => "null",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }

    fn holds(self, v: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (self, v) {
            (JsonType::String, Value::String(_))
            | (JsonType::Number, Value::Number(_))
            | (JsonType::Boolean, Value::Bool(_))
            | (JsonType::Null, Value::Null)
            | (JsonType::Array, Value::Array(_))
            | (JsonType::Object, Value::Object(_)) => true,
            (JsonType::Integer, Value::Number(n)) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            _ => false,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HeaderExpect {
    /// Lower-case header name.
    pub name: String,
    pub rule: HeaderRule,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum HeaderRule {
    Present,
    Absent,
    Equals(String),
    Contains(String),
    Matches(#[serde(with = "crate::serde_text::regex_text")] Regex),
}

/// A cookie the response sets: its value, and its attributes.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CookieExpect {
    pub name: String,
    pub rule: HeaderRule,
    pub secure: Option<bool>,
    pub http_only: Option<bool>,
}

/// The names on a server certificate: what `cert_issuer`, `cert_subject` and `cert_san` test.
#[derive(Clone, Copy, Debug)]
pub struct CertNames<'a> {
    pub issuer: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub san: &'a [String],
}

/// What a check observed, as far as expectations are concerned.
#[derive(Debug)]
pub struct Facts<'a> {
    pub duration: Duration,
    pub status: Option<u16>,
    pub headers: Option<&'a http::HeaderMap>,
    pub body: Option<&'a [u8]>,
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    pub stdout: Option<&'a [u8]>,
    pub stderr: Option<&'a [u8]>,
    pub response: Option<&'a [u8]>,
    /// `Some(None)` when a TLS connection was made but no expiry could be read.
    pub cert_not_after: Option<Option<SystemTime>>,
    /// The server certificate's names, when a TLS connection was made.
    pub tls: Option<CertNames<'a>>,
    /// A database server's state, with what it said when it refused (`the database system is
    /// starting up`).
    pub state: Option<(ServerState, &'a str)>,
    pub result: Option<&'a [u8]>,
    pub measures: &'a [Measure],
    pub attributes: &'a [Attribute],
    pub content: Option<&'a [u8]>,
    pub answers: Option<&'a [u8]>,
    /// The ports the matched processes listen on, or why they could not be read.
    pub listening: Option<Result<&'a [u16], &'a str>>,
    pub now: SystemTime,
}

impl Facts<'_> {
    pub fn new(duration: Duration) -> Self {
        Facts {
            duration,
            status: None,
            headers: None,
            body: None,
            exit_code: None,
            signal: None,
            stdout: None,
            stderr: None,
            response: None,
            cert_not_after: None,
            tls: None,
            state: None,
            result: None,
            measures: &[],
            attributes: &[],
            content: None,
            answers: None,
            listening: None,
            now: SystemTime::now(),
        }
    }
}

/// One expectation checked against what was observed.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Assertion {
    /// Stable identifier of the kind of assertion (`status`, `body.contains`, `latency`, …).
    #[serde(rename = "type")]
    pub kind: Cow<'static, str>,
    /// What was looked at, in words (`status`, `body`, `header content-type`, `body $.status`).
    pub subject: Cow<'static, str>,
    pub expected: Cow<'static, str>,
    pub actual: String,
    pub pass: bool,
    /// Critical unless the suite made it a warning; written in JSON only for warnings.
    #[serde(skip_serializing_if = "Severity::is_critical")]
    pub severity: Severity,
}

impl Assertion {
    /// `expected status 200, got 503`.
    pub fn message(&self) -> String {
        format!(
            "expected {} {}, got {}",
            self.subject, self.expected, self.actual
        )
    }
}

/// Longest piece of foreign text quoted in an assertion's `actual`.
pub const SNIPPET_CHARS: usize = 120;

pub fn evaluate(expect: &Expect, facts: &Facts<'_>) -> Vec<Assertion> {
    // A command's time is its `duration` in the suite; a request's is its `latency`.
    let time = if expect.exit_code.is_some() {
        "duration"
    } else {
        "latency"
    };
    let mut out = evaluate_level(expect, facts, time);
    if let Some(warning) = &expect.warning {
        // What already failed at the critical level is not also reported as a warning.
        let failed: Vec<(Cow<'static, str>, Cow<'static, str>)> = out
            .iter()
            .filter(|a| !a.pass)
            .map(|a| (a.kind.clone(), a.subject.clone()))
            .collect();
        out.extend(
            evaluate_level(warning, facts, time)
                .into_iter()
                .filter(|a| !failed.contains(&(a.kind.clone(), a.subject.clone())))
                .map(|a| Assertion {
                    severity: Severity::Warning,
                    ..a
                }),
        );
    }
    out
}

fn evaluate_level(expect: &Expect, facts: &Facts<'_>, time: &'static str) -> Vec<Assertion> {
    let mut out = Vec::new();
    if let Some(set) = &expect.status {
        let actual = facts
            .status
            .map_or_else(|| "no response".to_string(), |s| s.to_string());
        out.push(Assertion {
            kind: "status".into(),
            subject: "status".into(),
            expected: set.describe(),
            actual,
            pass: facts.status.is_some_and(|s| set.accepts(s)),
            severity: Default::default(),
        });
    }
    if let Some(codes) = &expect.exit_code {
        let expected = describe_exit_codes(codes);
        let actual = match (facts.exit_code, facts.signal) {
            (Some(c), _) => c.to_string(),
            (None, Some(sig)) => format!("killed by signal {sig}"),
            (None, None) => "no exit status".into(),
        };
        let pass = facts.exit_code.is_some_and(|c| codes.contains(&c));
        out.push(Assertion {
            kind: "exit_code".into(),
            subject: "exit code".into(),
            expected: expected.into(),
            actual,
            pass,
            severity: Default::default(),
        });
    }
    if let Some(states) = &expect.state {
        out.push(state_assertion(states, facts.state));
    }
    out.extend(
        expect
            .attributes
            .iter()
            .map(|r| r.assertion(facts.attributes)),
    );
    out.extend(expect.measures.iter().map(|r| r.assertion(facts.measures)));
    if !expect.listening.is_empty() {
        out.push(listening_assertion(&expect.listening, facts.listening));
    }
    for h in &expect.headers {
        out.push(header_assertion(h, facts.headers));
    }
    for (stream, text, rules) in [
        ("body", facts.body, &expect.body),
        ("stdout", facts.stdout, &expect.stdout),
        ("stderr", facts.stderr, &expect.stderr),
        ("response", facts.response, &expect.response),
        ("result", facts.result, &expect.result),
        ("content", facts.content, &expect.content),
        ("answers", facts.answers, &expect.answers),
    ] {
        if let Some(TextExpect(rules)) = rules {
            text_assertions(stream, text.unwrap_or_default(), rules, &mut out);
        }
    }
    if let Some(t) = &expect.latency {
        out.push(Assertion {
            kind: time.into(),
            subject: time.into(),
            expected: t.to_string().into(),
            actual: format_duration(facts.duration),
            pass: t.holds(&facts.duration),
            severity: Default::default(),
        });
    }
    if let Some(t) = &expect.cert_expiry {
        out.push(cert_assertion(t, facts));
    }
    carried::certificate(expect, facts, &mut out);
    for c in &expect.cookies {
        carried::cookie(c, facts.headers, &mut out);
    }
    out
}

fn listening_assertion(ports: &[u16], fact: Option<Result<&[u16], &str>>) -> Assertion {
    let list = |ports: &[u16]| {
        ports
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (actual, pass) = match fact {
        None => ("not read".to_string(), false),
        Some(Err(why)) => (why.to_string(), false),
        Some(Ok([])) => ("no listening port".to_string(), false),
        Some(Ok(seen)) => (list(seen), ports.iter().all(|p| seen.contains(p))),
    };
    Assertion {
        kind: "listening".into(),
        subject: "listening on".into(),
        expected: list(ports).into(),
        actual,
        pass,
        severity: Default::default(),
    }
}

fn state_assertion(states: &[ServerState], fact: Option<(ServerState, &str)>) -> Assertion {
    let expected = states
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" or ");
    let actual = match fact {
        None => "no answer".to_string(),
        Some((state, "")) => state.as_str().to_string(),
        Some((state, why)) => format!("{} ({})", state.as_str(), snippet(why)),
    };
    Assertion {
        kind: "state".into(),
        subject: "server state".into(),
        expected: expected.into(),
        actual,
        pass: fact.is_some_and(|(s, _)| states.contains(&s)),
        severity: Default::default(),
    }
}

/// `9d 23h`, `5h 12m`, `40s`: precise enough for certificate lifetimes.
pub(crate) fn days_hours(d: Duration) -> String {
    let s = d.as_secs();
    match (s / 86_400, s % 86_400 / 3600, s % 3600 / 60) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, m) => format!("{h}h {m}m"),
        (days, h, _) => format!("{days}d {h}h"),
    }
}

fn cert_assertion(t: &Threshold<Duration>, facts: &Facts<'_>) -> Assertion {
    let (actual, pass) = match facts.cert_not_after {
        None => ("no TLS connection".to_string(), false),
        Some(None) => ("an unreadable certificate".to_string(), false),
        Some(Some(not_after)) => match not_after.duration_since(facts.now) {
            Ok(left) => (format!("{} left", days_hours(left)), t.holds(&left)),
            Err(past) => (
                format!("expired {} ago", days_hours(past.duration())),
                false,
            ),
        },
    };
    Assertion {
        kind: "cert_expiry".into(),
        subject: "certificate validity".into(),
        expected: t.to_string().into(),
        actual,
        pass,
        severity: Default::default(),
    }
}

fn header_assertion(h: &HeaderExpect, headers: Option<&http::HeaderMap>) -> Assertion {
    let values: Vec<String> = headers
        .map(|m| {
            m.get_all(h.name.as_str())
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect()
        })
        .unwrap_or_default();
    let actual = match values.as_slice() {
        [] => "no such header".to_string(),
        [one] => quote(one),
        many => many.iter().map(|v| quote(v)).collect::<Vec<_>>().join(", "),
    };
    let (test, expected, pass) = judge_rule(&h.rule, &values);
    Assertion {
        kind: format!("header.{test}").into(),
        subject: format!("header {}", h.name).into(),
        expected: expected.into(),
        actual,
        pass,
        severity: Default::default(),
    }
}

/// A rule on the values of a header (or a cookie, a certificate name): the rule's name, what
/// was expected, and whether any value satisfies it.
fn judge_rule(rule: &HeaderRule, values: &[String]) -> (&'static str, String, bool) {
    match rule {
        HeaderRule::Present => ("present", "to be present".to_string(), !values.is_empty()),
        HeaderRule::Absent => ("absent", "to be absent".to_string(), values.is_empty()),
        HeaderRule::Equals(s) => (
            "equals",
            format!("to equal {}", quote(s)),
            values.iter().any(|v| v == s),
        ),
        HeaderRule::Contains(s) => (
            "contains",
            format!("to contain {}", quote(s)),
            values.iter().any(|v| v.contains(s.as_str())),
        ),
        HeaderRule::Matches(re) => (
            "matches",
            format!("to match /{}/", re.as_str()),
            values.iter().any(|v| re.is_match(v)),
        ),
    }
}

fn text_assertions(
    stream: &'static str,
    bytes: &[u8],
    rules: &[TextRule],
    out: &mut Vec<Assertion>,
) {
    let text = String::from_utf8_lossy(bytes);
    let mut json: Option<Result<serde_json::Value, String>> = None;
    for rule in rules {
        let assertion = match rule {
            TextRule::Contains(s) => simple(
                stream,
                "contains",
                format!("to contain {}", quote(s)),
                &text,
                text.contains(s.as_str()),
            ),
            TextRule::NotContains(s) => simple(
                stream,
                "not_contains",
                format!("not to contain {}", quote(s)),
                &text,
                !text.contains(s.as_str()),
            ),
            TextRule::Equals(s) => simple(
                stream,
                "equals",
                format!("to equal {}", quote(s)),
                &text,
                text == s.as_str(),
            ),
            TextRule::Trimmed(s) => simple(
                stream,
                "trimmed",
                format!("trimmed to equal {}", quote(s)),
                &text,
                trim_space(&text) == s.as_str(),
            ),
            TextRule::Lines {
                matching,
                excluding,
                check,
            } => {
                let n = line_count(&text, matching.as_ref(), excluding.as_ref());
                Assertion {
                    kind: format!("{stream}.lines").into(),
                    subject: match (matching, excluding) {
                        (Some(m), Some(x)) => format!(
                            "{stream} lines matching /{}/ and not /{}/",
                            m.as_str(),
                            x.as_str()
                        ),
                        (Some(m), None) => format!("{stream} lines matching /{}/", m.as_str()),
                        (None, Some(x)) => format!("{stream} lines not matching /{}/", x.as_str()),
                        (None, None) => format!("{stream} lines"),
                    }
                    .into(),
                    expected: check.to_string().into(),
                    actual: n.to_string(),
                    pass: check.holds(n as f64),
                    severity: Default::default(),
                }
            }
            TextRule::Number(check) => {
                let n = read_number(trim_space(&text));
                Assertion {
                    kind: format!("{stream}.number").into(),
                    subject: format!("{stream} as a number").into(),
                    expected: check.to_string().into(),
                    actual: match n {
                        Some(n) => n.to_string(),
                        None => format!("not a number: {}", quote(&text)),
                    },
                    pass: n.is_some_and(|n| check.holds(n)),
                    severity: Default::default(),
                }
            }
            TextRule::Matches(re) => simple(
                stream,
                "matches",
                format!("to match /{}/", re.as_str()),
                &text,
                re.is_match(&text),
            ),
            TextRule::NotMatches(re) => simple(
                stream,
                "not_matches",
                format!("not to match /{}/", re.as_str()),
                &text,
                !re.is_match(&text),
            ),
            TextRule::Field(f) => field::assertion(stream, &text, f),
            TextRule::Json {
                path_text,
                path,
                test,
            } => {
                let doc = json.get_or_insert_with(|| {
                    serde_json::from_slice(bytes).map_err(|e| format!("not JSON ({e})"))
                });
                json_assertion(stream, path_text, path, test, doc.as_ref())
            }
        };
        out.push(assertion);
    }
}

fn simple(
    stream: &'static str,
    what: &'static str,
    expected: String,
    text: &str,
    pass: bool,
) -> Assertion {
    Assertion {
        kind: format!("{stream}.{what}").into(),
        subject: stream.into(),
        expected: expected.into(),
        actual: quote(text),
        pass,
        severity: Default::default(),
    }
}

fn json_assertion(
    stream: &'static str,
    path_text: &str,
    path: &JsonPath,
    test: &JsonTest,
    doc: Result<&serde_json::Value, &String>,
) -> Assertion {
    let subject = format!("{stream} {path_text}");
    let kind = format!("{stream}.json");
    let expected = match test {
        JsonTest::Equals(v) => format!("== {}", snippet(&v.to_string())),
        JsonTest::NotEquals(v) => format!("!= {}", snippet(&v.to_string())),
        JsonTest::Value(check) => format!("to be a number {check}"),
        JsonTest::Length(check) => format!("with length {check}"),
        JsonTest::Matches(re) => format!("to be a string matching /{}/", re.as_str()),
        JsonTest::Exists(true) => "to be present".into(),
        JsonTest::Exists(false) => "to be absent".into(),
        JsonTest::Type(t) => format!("to be of type {}", t.name()),
        JsonTest::Text(t) => format!("== {}", quote(t)),
        JsonTest::NotText(t) => format!("!= {}", quote(t)),
        JsonTest::Truthy(true) => "to be true (not null, false, 0, empty or absent)".into(),
        JsonTest::Truthy(false) => "to be null, false, 0, empty or absent".into(),
    };
    let doc = match doc {
        Ok(doc) => doc,
        Err(e) => {
            return Assertion {
                kind: kind.into(),
                subject: subject.into(),
                expected: expected.into(),
                actual: e.clone(),
                pass: false,
                severity: Default::default(),
            };
        }
    };
    let found = path.query(doc).all();
    let actual = match found.as_slice() {
        [] => "nothing at that path".to_string(),
        [one] => snippet(&one.to_string()),
        many => snippet(
            &serde_json::Value::Array(many.iter().map(|v| (*v).clone()).collect()).to_string(),
        ),
    };
    let each =
        |ok: &dyn Fn(&serde_json::Value) -> bool| !found.is_empty() && found.iter().all(|v| ok(v));
    let pass = match test {
        JsonTest::Equals(want) => each(&|v| json_eq(v, want)),
        JsonTest::NotEquals(want) => found.iter().all(|v| !json_eq(v, want)),
        JsonTest::Value(check) => each(&|v| v.as_f64().is_some_and(|n| check.holds(n))),
        JsonTest::Length(check) => each(&|v| json_len(v).is_some_and(|n| check.holds(n))),
        JsonTest::Matches(re) => each(&|v| v.as_str().is_some_and(|s| re.is_match(s))),
        JsonTest::Exists(want) => found.is_empty() != *want,
        JsonTest::Type(t) => each(&|v| t.holds(v)),
        // jq prints `null` for a key that is not there (`.error` of `{}`), and nothing where it
        // cannot follow the path (a key of an array: an error).
        JsonTest::Text(t) if found.is_empty() => *t == jq::absent_printed(doc, path_text),
        JsonTest::NotText(t) if found.is_empty() => *t != jq::absent_printed(doc, path_text),
        JsonTest::Text(t) => each(&|v| jq::printed(v) == *t),
        JsonTest::NotText(t) => found.iter().all(|v| jq::printed(v) != *t),
        JsonTest::Truthy(true) => each(&truthy),
        JsonTest::Truthy(false) => found.iter().all(|v| !truthy(v)),
    };
    Assertion {
        kind: kind.into(),
        subject: subject.into(),
        expected: expected.into(),
        actual,
        pass,
        severity: Default::default(),
    }
}

/// The text without the whitespace at its ends, as POSIX `[[:space:]]` has it.
fn trim_space(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c'])
}

/// Lines as a person (and grep) counts them: a last line without a newline counts too.
fn line_count(text: &str, matching: Option<&Regex>, excluding: Option<&Regex>) -> usize {
    let body = text.strip_suffix('\n').unwrap_or(text);
    if text.is_empty() {
        return 0;
    }
    body.split('\n')
        .filter(|l| matching.is_none_or(|re| re.is_match(l)))
        .filter(|l| !excluding.is_some_and(|re| re.is_match(l)))
        .count()
}

/// A decimal number, as a script's `test` or `awk` reads one: `42`, `-3`, `+7`, `0.5`, `1e3`.
/// Words such as `inf` and `NaN` are not numbers here.
fn read_number(text: &str) -> Option<f64> {
    let looks_numeric = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && text.bytes().any(|b| b.is_ascii_digit());
    if !looks_numeric {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Foreign text quoted for a message, cut to [`SNIPPET_CHARS`].
pub fn quote(text: &str) -> String {
    let mut s = String::with_capacity(text.len().min(SNIPPET_CHARS) + 2);
    s.push('"');
    for (i, c) in text.chars().enumerate() {
        if i == SNIPPET_CHARS {
            s.push('…');
            break;
        }
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() => s.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

pub fn snippet(text: &str) -> String {
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// `0`, `0 or 3`, and the two sets the suite names: `any` and `nonzero`.
pub fn describe_exit_codes(codes: &[i32]) -> String {
    let every =
        |from: i32| codes.len() == (256 - from) as usize && codes.iter().copied().eq(from..=255);
    if every(0) {
        "any".into()
    } else if every(1) {
        "nonzero".into()
    } else {
        codes
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts_with_body(body: &[u8]) -> Facts<'_> {
        let mut f = Facts::new(Duration::from_millis(10));
        f.status = Some(503);
        f.body = Some(body);
        f
    }

    #[test]
    fn status_message_reads_like_a_sentence() {
        let expect = Expect {
            status: Some(StatusSet(vec![StatusPattern::Exact(200)])),
            ..Default::default()
        };
        let a = evaluate(&expect, &facts_with_body(b""));
        assert_eq!(a[0].message(), "expected status 200, got 503");
        assert!(!a[0].pass);
    }

    #[test]
    fn status_classes() {
        assert_eq!(
            StatusSet::parse_pattern("2xx").unwrap(),
            StatusPattern::Class(2)
        );
        assert!(StatusSet::success().accepts(204));
        assert!(!StatusSet::success().accepts(301));
        assert!(StatusSet::parse_pattern("600").is_err());
        assert!(StatusSet::parse_pattern("6xx").is_err());
    }

    #[test]
    fn json_paths_compare_numbers_by_value() {
        let rule = TextRule::Json {
            path_text: "$.n".into(),
            path: JsonPath::parse("$.n").unwrap(),
            test: JsonTest::Equals(serde_json::json!(1)),
        };
        let expect = Expect {
            body: Some(TextExpect(vec![rule])),
            ..Default::default()
        };
        let a = evaluate(&expect, &facts_with_body(br#"{"n": 1.0}"#));
        assert!(a[0].pass, "{a:?}");
        let a = evaluate(&expect, &facts_with_body(b"<html>"));
        assert!(!a[0].pass);
        assert!(a[0].actual.starts_with("not JSON"), "{}", a[0].actual);
    }

    #[test]
    fn truthy_is_pythons_truth() {
        let passes = |want: bool, body: &str| {
            let rule = TextRule::Json {
                path_text: "$.ready".into(),
                path: JsonPath::parse("$.ready").unwrap(),
                test: JsonTest::Truthy(want),
            };
            let expect = Expect {
                body: Some(TextExpect(vec![rule])),
                ..Default::default()
            };
            evaluate(&expect, &facts_with_body(body.as_bytes()))[0].pass
        };
        for yes in [
            "true",
            "1",
            "-0.5",
            "\"no\"",
            "\"0\"",
            "[0]",
            "{\"a\":null}",
        ] {
            let body = format!("{{\"ready\": {yes}}}");
            assert!(passes(true, &body), "{body}");
            assert!(!passes(false, &body), "{body}");
        }
        for no in ["null", "false", "0", "0.0", "\"\"", "[]", "{}"] {
            let body = format!("{{\"ready\": {no}}}");
            assert!(!passes(true, &body), "{body}");
            assert!(passes(false, &body), "{body}");
        }
        // Nothing there is false; a body that is not JSON passes neither.
        assert!(!passes(true, "{}") && passes(false, "{}"));
        assert!(!passes(true, "up") && !passes(false, "up"));
    }

    #[test]
    fn quotes_are_escaped_and_cut() {
        assert_eq!(quote("a\"b\n"), "\"a\\\"b\\n\"");
        let long = "x".repeat(500);
        assert_eq!(quote(&long).chars().count(), SNIPPET_CHARS + 3);
    }
}
