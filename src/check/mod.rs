//! The probe kinds. Each kind gathers facts within a deadline; [`attempt`] turns them into a
//! verdict with [`crate::expect`], and redacts secrets before anything leaves this module.

pub mod allow;
pub mod command;
pub mod database;
#[cfg(feature = "dns")]
pub mod dns;
#[cfg(feature = "grpc")]
pub mod grpc;
pub mod host;
pub mod http;
#[cfg(feature = "icmp")]
pub mod icmp;
pub mod metrics;
pub mod net;
pub mod reaper;
#[cfg(feature = "service")]
pub mod service;
#[cfg(feature = "tls")]
mod starttls;
pub mod tcp;
pub mod tls;
#[cfg(feature = "tls")]
mod x509;

use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;

use crate::expect::{Assertion, Expect, Facts, Severity, evaluate};
use crate::suite::Check;

/// State shared by every probe of a run: TLS configurations are built once per distinct setting.
pub struct Engine {
    pub tls: tls::TlsConfigs,
    pub user_agent: String,
    /// Record each HTTP exchange in full (`-v`).
    pub verbose: bool,
    /// The environment's proxies, read when the engine is made (once per run).
    #[cfg(feature = "http")]
    pub proxies: http::ProxyEnv,
    /// The values of the environment's variables named like secrets (`API_TOKEN`, `PGPASSWORD`),
    /// masked in every probe's report: a command probe inherits them whether or not its suite
    /// names them, and may print them (`env`, a verbose client).
    pub env_secrets: Secrets,
}

/// The shortest value of a secret-named variable that is masked: shorter ones (`1`, `true`)
/// would mask words all over the reports.
const ENV_SECRET_MIN: usize = 6;

/// The values [`Engine::env_secrets`] holds.
fn environment_secrets() -> Secrets {
    let mut secrets = Secrets::default();
    for (name, value) in std::env::vars_os() {
        if let (Some(name), Ok(value)) = (name.to_str(), value.into_string())
            && value.trim().len() >= ENV_SECRET_MIN
            && crate::suite::env::names_a_secret(name)
        {
            secrets.add(value);
        }
    }
    secrets
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            tls: tls::TlsConfigs::default(),
            user_agent: format!("probekit/{}", env!("CARGO_PKG_VERSION")),
            verbose: false,
            #[cfg(feature = "http")]
            proxies: http::ProxyEnv::from_env(),
            env_secrets: environment_secrets(),
        }
    }
}

/// Why a probe could not be carried out (as opposed to an expectation failing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Timeout,
    Dns,
    Connect,
    Tls,
    Protocol,
    /// A database refused the probe's login.
    Auth,
    Io,
    /// The probe's own settings are unusable at run time (an unset `${VAR}`, an unreadable CA file).
    Config,
    Spawn,
    Cancelled,
    /// `serve`: the latest result is older than the probe's interval and timeout.
    Stale,
    /// The probe would reach a host, address, port or scheme outside the suite's `targets`
    /// allowlist (`serve`'s `/probe?module=…&target=…`).
    Refused,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Timeout => "timeout",
            ErrorKind::Dns => "dns",
            ErrorKind::Connect => "connect",
            ErrorKind::Tls => "tls",
            ErrorKind::Protocol => "protocol",
            ErrorKind::Auth => "auth",
            ErrorKind::Io => "io",
            ErrorKind::Config => "config",
            ErrorKind::Spawn => "spawn",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Stale => "stale",
            ErrorKind::Refused => "refused",
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CheckError {
    #[serde(rename = "type")]
    pub kind: ErrorKind,
    pub message: String,
    /// Where an HTTP request had been sent when it failed, for `give_up_on`.
    #[serde(skip)]
    pub after_sent: Option<crate::suite::AfterSent>,
}

impl CheckError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> CheckError {
        CheckError {
            kind,
            message: message.into(),
            after_sent: None,
        }
    }
}

/// Values that must never appear in output: what `${VAR}` put into headers, URL userinfo or
/// query, bodies and commands, and the values of credential headers.
#[derive(Clone, Debug, Default)]
pub struct Secrets(Vec<String>);

pub const REDACTED: &str = "***";

/// Shorter values are not redacted (see [`Secrets::add`]).
pub const MIN_SECRET_CHARS: usize = 3;

/// The secrets a suite holds as literal text, for what prints the suite itself (`--list`,
/// `--dump-suite`, `validate`): the values of `Authorization`, `Cookie` and
/// `Proxy-Authorization` headers and URL passwords. (`${VAR}` values are not in the suite; each
/// run registers them as it resolves them.)
pub fn literal_secrets(suite: &crate::suite::Suite) -> Secrets {
    use crate::suite::{Check, HttpCheck, MetricsSource, Piece};
    let mut secrets = Secrets::default();
    let mut http = |h: &HttpCheck| {
        for (name, value) in &h.headers {
            if http::SENSITIVE_HEADERS.contains(name) {
                for piece in value.pieces() {
                    if let Piece::Lit(text) = piece {
                        // The scheme word of `Bearer xyz` is no secret; the rest is.
                        let secret = text.split_once(' ').map_or(text, |(_, s)| s);
                        secrets.add(secret.trim());
                    }
                }
            }
        }
        if let Some(password) = http::literal_password(&h.url.to_string()) {
            secrets.add(password);
        }
    };
    let mut passwords = Vec::new();
    let mut url_passwords = Vec::new();
    for probe in &suite.probes {
        for (check, _) in probe.check.leaves(&probe.expect) {
            match check {
                Check::Http(h) => http(h),
                Check::Metrics(m) => {
                    if let MetricsSource::Url(h) = &m.source {
                        http(h);
                    }
                }
                Check::Database(d) => {
                    passwords.extend(d.password.iter());
                    // `postgres://app:PASSWORD@db/app` written in the suite.
                    url_passwords.extend(http::literal_password(&d.address.to_string()));
                }
                Check::Command(_)
                | Check::Tcp(_)
                | Check::Host(_)
                | Check::Dns(_)
                | Check::Tls(_)
                | Check::Icmp(_)
                | Check::Grpc(_)
                | Check::Service(_)
                | Check::AnyOf(_) => {}
            }
        }
    }
    for password in url_passwords {
        secrets.add(password);
    }
    for piece in passwords.iter().flat_map(|p| p.pieces()) {
        if let Piece::Lit(text) = piece {
            secrets.add(text);
        }
    }
    secrets
}

impl Secrets {
    /// Registers a value to redact. One or two characters are not: replacing every `p` of a
    /// report would ruin it while hiding nothing an attacker could not guess.
    pub fn add(&mut self, value: impl Into<String>) {
        let value = value.into();
        if value.chars().count() >= MIN_SECRET_CHARS && !self.0.contains(&value) {
            self.0.push(value);
            // Longest first, so a secret that contains another is replaced whole.
            self.0.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `text` with its `${VAR}`s resolved (see [`resolved`]), each value that came from the environment
    /// registered as a secret first; an unset variable is a `config` error.
    pub fn resolve(&mut self, text: &crate::suite::EnvString) -> Result<String, CheckError> {
        let r = text
            .resolve()
            .map_err(|e| CheckError::new(ErrorKind::Config, e.to_string()))?;
        for v in r.from_env {
            self.add(v);
        }
        Ok(r.value)
    }

    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in &self.0 {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        out
    }

    /// Whether `text` holds one of the secrets.
    fn found_in(&self, text: &str) -> bool {
        self.0.iter().any(|s| text.contains(s.as_str()))
    }

    /// `text` redacted, left as it is (not copied) where it holds no secret: secrets of the
    /// environment make the set rarely empty, and most text holds none of them.
    pub fn redact_in_place(&self, text: &mut String) {
        if self.found_in(text) {
            *text = self.redact(text);
        }
    }

    /// As [`Self::redact_in_place`], for text that may be a static string.
    pub fn redact_cow(&self, text: &mut std::borrow::Cow<'static, str>) {
        if self.found_in(text) {
            *text = self.redact(text).into();
        }
    }
}

/// `text` with its `${VAR}`s resolved, for a value that is no secret (a path, a host, a unit):
/// an unset variable is a `config` error.
pub fn resolved(text: &crate::suite::EnvString) -> Result<String, CheckError> {
    text.resolve()
        .map(|r| r.value)
        .map_err(|e| CheckError::new(ErrorKind::Config, e.to_string()))
}

/// What a kind observed beyond assertions, for the JSON report.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Details {
    Http(Box<http::HttpDetails>),
    Command(Box<command::CommandDetails>),
    Tcp(Box<tcp::TcpDetails>),
    Metrics(Box<metrics::MetricsDetails>),
    Database(Box<database::DatabaseDetails>),
    #[cfg(any(feature = "file", feature = "process"))]
    File(Box<host::HostDetails>),
    #[cfg(any(feature = "file", feature = "process"))]
    Disk(Box<host::HostDetails>),
    #[cfg(any(feature = "file", feature = "process"))]
    Memory(Box<host::HostDetails>),
    #[cfg(any(feature = "file", feature = "process"))]
    Load(Box<host::HostDetails>),
    #[cfg(any(feature = "file", feature = "process"))]
    Process(Box<host::HostDetails>),
    #[cfg(feature = "dns")]
    Dns(Box<dns::DnsDetails>),
    /// A `tls` probe: a tcp probe's facts.
    Tls(Box<tcp::TcpDetails>),
    #[cfg(feature = "icmp")]
    Icmp(Box<icmp::IcmpDetails>),
    #[cfg(feature = "grpc")]
    Grpc(Box<grpc::GrpcDetails>),
    #[cfg(feature = "service")]
    Service(Box<service::ServiceDetails>),
}

/// One attempt at a probe.
#[derive(Clone, Debug)]
pub struct AttemptResult {
    pub target: String,
    pub duration: Duration,
    pub error: Option<CheckError>,
    pub assertions: Vec<Assertion>,
    pub details: Option<Details>,
}

impl AttemptResult {
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.assertions.iter().all(|a| a.pass)
    }

    /// How bad its failure is: `None` when it passed, `Warning` when only warning-level
    /// expectations failed.
    pub fn severity(&self) -> Option<Severity> {
        if self.error.is_some() {
            return Some(Severity::Critical);
        }
        self.assertions
            .iter()
            .filter(|a| !a.pass)
            .map(|a| a.severity)
            .max()
    }

    /// Why it did not pass, in words: the error, else each failed assertion's message joined
    /// by `sep`; `None` when it passed.
    pub fn why(&self, sep: &str) -> Option<String> {
        if let Some(e) = &self.error {
            return Some(e.message.clone());
        }
        let failed: Vec<String> = self
            .assertions
            .iter()
            .filter(|a| !a.pass)
            .map(Assertion::message)
            .collect();
        (!failed.is_empty()).then(|| failed.join(sep))
    }
}

/// An expectation's value as written (`${code:-200}`), read now, with the values read that are
/// secrets: what a `${file:…}` gives, and what a variable named like a secret gives (its
/// default's too). Any other is what the report shows as expected.
fn resolve_late(written: &str) -> Result<(String, Vec<String>), String> {
    let text = crate::suite::EnvString::parse(written).map_err(|e| e.message)?;
    let r = text.resolve().map_err(|e| e.to_string())?;
    let secret = crate::suite::env::names_a_secret(written)
        || text
            .pieces()
            .iter()
            .any(|p| matches!(p, crate::suite::Piece::File(..)));
    Ok((r.value, if secret { r.from_env } else { Vec::new() }))
}

/// A probe's `attempts: "${TRIES}"` read now: a whole number from 1 to [`MAX_ATTEMPTS`], or
/// why not (the probe's `config` error).
pub fn late_attempts(written: &str) -> Result<u32, String> {
    let (value, _) = resolve_late(written)?;
    // `"${MAX}+1"`: a count and the rounds a loop adds to it (`for ((n=0; n<=MAX; n++))`);
    // `"${TIMEOUT}*2"`: two rounds a second for that many seconds. A sum of products of
    // whole numbers.
    let sum = value.trim().split('+').try_fold(0u32, |sum, term| {
        let product = term.split('*').try_fold(1u32, |product, factor| {
            factor
                .trim()
                .parse::<u32>()
                .ok()
                .and_then(|n| product.checked_mul(n))
        })?;
        sum.checked_add(product)
    });
    match sum {
        Some(n) if (1..=MAX_ATTEMPTS).contains(&n) => Ok(n),
        _ => Err(format!(
            "attempts: `{written}` gave `{value}`, not a whole number from 1 to {MAX_ATTEMPTS}"
        )),
    }
}

/// A probe's `wait` with `${…}` read now, or why not (the probe's `config` error): both
/// durations more than 0 (a script given a limit of 0 tries once or not at all, by its
/// shape). An `every` longer than `until` gives one attempt, as a script's `while [ "$left"
/// -gt 0 ]` does when its step is more than the time left.
pub fn late_wait(w: &crate::suite::LateWait) -> Result<crate::suite::Wait, String> {
    // A sum of durations (`"${LIMIT:-60}s+2s"`: a script's limit and the round it tries
    // after it), each part a duration.
    let read = |field: &str, written: &str| {
        let (value, _) = resolve_late(written)?;
        value
            .split('+')
            .try_fold(Duration::ZERO, |sum, part| {
                let d = crate::units::parse_duration(part.trim())?;
                sum.checked_add(d).ok_or_else(|| "too long".to_string())
            })
            .map_err(|e| format!("wait: {field}: `{written}` gave `{value}`: {e}"))
    };
    let until = read("until", &w.until)?;
    let every = read("every", &w.every)?;
    if every.is_zero() || until.is_zero() {
        return Err(format!(
            "wait: `until` {until:?} and `every` {every:?}: both must be more than 0"
        ));
    }
    Ok(crate::suite::Wait { until, every })
}

/// The most attempts `attempts: "${…}"` may ask for: more than any wait script counts.
pub const MAX_ATTEMPTS: u32 = 1_000_000;

/// Runs one attempt of `check`, which must end by `deadline`.
pub async fn attempt(
    engine: &Engine,
    check: &Check,
    expect: &Expect,
    deadline: Instant,
) -> AttemptResult {
    let started = Instant::now();
    let mut secrets = engine.env_secrets.clone();
    // Rules whose value names `${VAR}` are read now, as the check's own `${VAR}`s are.
    let bound;
    let expect = if expect.is_late() {
        let mut found = Vec::new();
        let bind = expect.bind(&resolve_late, &mut found);
        for s in &found {
            secrets.add(s);
        }
        match bind {
            // Boxed: the attempt's future stays the size of a pointer or two.
            Ok(e) => {
                bound = Box::new(e);
                &*bound
            }
            Err(why) => {
                let mut result = AttemptResult {
                    target: check.kind().as_str().to_string(),
                    duration: started.elapsed(),
                    error: Some(CheckError::new(ErrorKind::Config, format!("expect: {why}"))),
                    assertions: Vec::new(),
                    details: None,
                };
                redact(&mut result, &secrets);
                return result;
            }
        }
    } else {
        expect
    };
    // Each kind's future is boxed: the attempt future (and every task that holds one) then has
    // the size of a pointer instead of the largest kind's state (35 KB), which tokio would copy
    // on every spawn.
    let mut result = match check {
        // Each alternative judges and redacts its own attempt.
        Check::AnyOf(alternatives) => {
            return Box::pin(any_of(engine, alternatives, deadline)).await;
        }
        Check::Http(h) => {
            let obs = Box::pin(http::run(engine, h, deadline, &mut secrets)).await;
            judge(obs, started, expect)
        }
        Check::Command(c) => {
            let obs = Box::pin(command::run(c, deadline, &mut secrets)).await;
            judge(obs, started, expect)
        }
        Check::Tcp(t) | Check::Tls(t) => {
            let response = expect.response.as_ref();
            let dedicated = matches!(check, Check::Tls(_));
            let obs = Box::pin(tcp::run(
                engine,
                t,
                dedicated,
                response,
                deadline,
                &mut secrets,
            ))
            .await;
            judge(obs, started, expect)
        }
        Check::Database(d) => {
            let obs = Box::pin(database::run(engine, d, deadline, &mut secrets)).await;
            judge(obs, started, expect)
        }
        #[cfg(any(feature = "file", feature = "process"))]
        Check::Host(h) => {
            let obs = Box::pin(host::run(h, expect, deadline)).await;
            judge(obs, started, expect)
        }
        #[cfg(not(any(feature = "file", feature = "process")))]
        Check::Host(h) => not_built(host::describe(h), started, h.target.kind().as_str()),
        #[cfg(feature = "dns")]
        Check::Dns(d) => {
            let obs = Box::pin(dns::run(d, deadline)).await;
            judge(obs, started, expect)
        }
        #[cfg(feature = "service")]
        Check::Service(s) => {
            let obs = Box::pin(service::run(s, deadline)).await;
            judge(obs, started, expect)
        }
        #[cfg(not(feature = "service"))]
        Check::Service(s) => not_built(s.unit.to_string(), started, "service"),
        #[cfg(feature = "grpc")]
        Check::Grpc(g) => {
            let obs = Box::pin(grpc::run(engine, g, deadline)).await;
            judge(obs, started, expect)
        }
        #[cfg(not(feature = "grpc"))]
        Check::Grpc(g) => not_built(g.address.to_string(), started, "grpc"),
        #[cfg(feature = "icmp")]
        Check::Icmp(i) => {
            let obs = Box::pin(icmp::run(i, deadline)).await;
            judge(obs, started, expect)
        }
        #[cfg(not(feature = "icmp"))]
        Check::Icmp(i) => not_built(i.host.to_string(), started, "icmp"),
        #[cfg(not(feature = "dns"))]
        Check::Dns(d) => not_built(format!("{} {}", d.name, d.record.as_str()), started, "dns"),
        #[cfg(feature = "metrics")]
        Check::Metrics(m) => {
            let rules = &expect.metrics;
            let obs = Box::pin(metrics::run(engine, m, rules, deadline, &mut secrets)).await;
            judge(obs, started, expect)
        }
        // A compiled probe links the parser only when its suite has metrics probes.
        #[cfg(not(feature = "metrics"))]
        Check::Metrics(m) => not_built(metrics::describe(&m.source), started, "metrics"),
    };
    redact(&mut result, &secrets);
    result
}

/// A probe whose kind this build does not link (a compiled probe's features come from its
/// suite): a `config` error naming the kind. A build with every kind never calls it.
#[allow(dead_code)]
fn not_built(target: String, started: Instant, kind: &str) -> AttemptResult {
    AttemptResult {
        target,
        duration: started.elapsed(),
        error: Some(CheckError::new(
            ErrorKind::Config,
            format!("this probe was built without {kind} probes"),
        )),
        assertions: Vec::new(),
        details: None,
    }
}

/// The alternatives in order, until one passes; each ends by its own timeout and by the
/// probe's deadline.
async fn any_of(
    engine: &Engine,
    alternatives: &[crate::suite::Alternative],
    deadline: Instant,
) -> AttemptResult {
    let started = Instant::now();
    let summary = |actual: String, pass: bool| Assertion {
        kind: "any_of".into(),
        subject: "alternatives".into(),
        expected: format!("one of {} to pass", alternatives.len()).into(),
        actual,
        pass,
        severity: Default::default(),
    };
    let mut tried: Vec<AttemptResult> = Vec::new();
    for (i, alt) in alternatives.iter().enumerate() {
        let own = (Instant::now() + alt.check.timeout()).min(deadline);
        let r = Box::pin(attempt(engine, &alt.check, &alt.expect, own)).await;
        // An alternative that only warns is the one that answered: its warnings are the
        // probe's.
        if r.severity() != Some(Severity::Critical) {
            let mut assertions = vec![summary(format!("#{} passed ({})", i + 1, r.target), true)];
            assertions.extend(r.assertions);
            return AttemptResult {
                target: r.target,
                duration: started.elapsed(),
                error: None,
                assertions,
                details: r.details,
            };
        }
        tried.push(r);
        if Instant::now() >= deadline {
            break;
        }
    }
    let actual = tried
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "#{} {}: {}",
                i + 1,
                r.target,
                r.why(", ").unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let target = tried
        .iter()
        .map(|r| r.target.as_str())
        .collect::<Vec<_>>()
        .join(" | ");
    // Every alternative errored: the probe errored, with each cause.
    let error = (tried.len() == alternatives.len() && tried.iter().all(|r| r.error.is_some()))
        .then(|| {
            let kind = tried
                .last()
                .and_then(|r| r.error.as_ref())
                .map_or(ErrorKind::Timeout, |e| e.kind);
            CheckError::new(kind, format!("no alternative passed: {actual}"))
        });
    let assertions = if error.is_some() {
        Vec::new()
    } else {
        let actual = if tried.len() < alternatives.len() {
            format!("{actual}; the rest not tried before the deadline")
        } else {
            actual
        };
        vec![summary(actual, false)]
    };
    AttemptResult {
        target,
        duration: started.elapsed(),
        error,
        assertions,
        details: None,
    }
}

/// What one kind's check saw, ready to be judged against the expectations. Each kind
/// implements it beside its observation type.
pub(crate) trait Observation {
    fn facts(&self, duration: Duration) -> Facts<'_>;
    fn error(&self) -> Option<&CheckError>;
    /// The attempt did not pass: keep what came back for the report.
    fn keep_evidence(&mut self) {}
    /// The target in words, the error, and the kind's details for the report.
    fn into_parts(self) -> (String, Option<CheckError>, Details);
    /// Assertions the check evaluated itself (metrics rules need the scraped pages).
    fn take_assertions(&mut self) -> Vec<Assertion> {
        Vec::new()
    }
}

/// Evaluates the expectations (only when the check itself succeeded) and assembles the result.
fn judge(mut obs: impl Observation, started: Instant, expect: &Expect) -> AttemptResult {
    let duration = started.elapsed();
    let assertions = if obs.error().is_none() {
        let mut all = evaluate(expect, &obs.facts(duration));
        all.extend(obs.take_assertions());
        all
    } else {
        Vec::new()
    };
    if obs.error().is_none() && assertions.iter().any(|a| !a.pass) {
        obs.keep_evidence();
    }
    let (target, error, details) = obs.into_parts();
    AttemptResult {
        target,
        duration,
        error,
        assertions,
        details: Some(details),
    }
}

fn redact(result: &mut AttemptResult, secrets: &Secrets) {
    if secrets.is_empty() {
        return;
    }
    secrets.redact_in_place(&mut result.target);
    if let Some(e) = &mut result.error {
        secrets.redact_in_place(&mut e.message);
    }
    for a in &mut result.assertions {
        secrets.redact_cow(&mut a.expected);
        secrets.redact_in_place(&mut a.actual);
    }
    match &mut result.details {
        Some(Details::Http(d)) => {
            secrets.redact_in_place(&mut d.url);
            for line in &mut d.exchange {
                secrets.redact_in_place(line);
            }
            if let Some(e) = &mut d.evidence {
                secrets.redact_in_place(&mut e.body);
                for v in e.headers.values_mut() {
                    secrets.redact_in_place(v);
                }
            }
        }
        Some(Details::Command(d)) => {
            for arg in &mut d.argv {
                secrets.redact_in_place(arg);
            }
            secrets.redact_in_place(&mut d.stdout);
            secrets.redact_in_place(&mut d.stderr);
        }
        Some(Details::Tcp(d) | Details::Tls(d)) => secrets.redact_in_place(&mut d.response),
        Some(Details::Database(d)) => {
            secrets.redact_in_place(&mut d.message);
            if let Some(r) = &mut d.result {
                secrets.redact_in_place(r);
            }
        }
        Some(Details::Metrics(d)) => {
            secrets.redact_in_place(&mut d.source);
            if let Some(h) = &mut d.http {
                secrets.redact_in_place(&mut h.url);
            }
        }
        #[cfg(any(feature = "file", feature = "process"))]
        Some(
            Details::File(_)
            | Details::Disk(_)
            | Details::Memory(_)
            | Details::Load(_)
            | Details::Process(_),
        ) => {}
        None => {}
        #[cfg(feature = "dns")]
        Some(Details::Dns(_)) => {}
        #[cfg(feature = "icmp")]
        Some(Details::Icmp(_)) => {}
        #[cfg(feature = "grpc")]
        Some(Details::Grpc(_)) => {}
        #[cfg(feature = "service")]
        Some(Details::Service(_)) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_replaces_longest_first() {
        let mut s = Secrets::default();
        s.add("abc");
        s.add("abcdef");
        assert_eq!(s.redact("x abcdef y abc"), "x *** y ***");
    }

    #[test]
    fn late_attempts_read_a_count_and_a_sum() {
        assert_eq!(late_attempts("4"), Ok(4));
        assert_eq!(late_attempts("4+1"), Ok(5));
        assert_eq!(late_attempts(" 2 + 0 "), Ok(2));
        assert_eq!(late_attempts("30*2"), Ok(60));
        assert_eq!(late_attempts("3 * 2 + 1"), Ok(7));
        for bad in [
            "0",
            "+1",
            "1+",
            "a+1",
            "-1+2",
            "1000000+1",
            "",
            "0*5",
            "*2",
            "2*",
            "99999*99999",
        ] {
            assert!(late_attempts(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn late_wait_reads_a_sum_of_durations() {
        let wait = |until: &str, every: &str| {
            late_wait(&crate::suite::LateWait {
                until: until.into(),
                every: every.into(),
            })
        };
        let w = wait("45s+1s+2s", "2s").unwrap();
        assert_eq!(
            (w.until, w.every),
            (Duration::from_secs(48), Duration::from_secs(2))
        );
        assert_eq!(wait("0s+2s", "2s").unwrap().until, Duration::from_secs(2));
        for bad in ["45s+", "+2s", "abcs+2s", "0s"] {
            assert!(wait(bad, "1s").is_err(), "{bad}");
        }
        assert!(wait("5s", "0s").is_err());
    }
}
