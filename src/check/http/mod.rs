//! HTTP probes on hyper's connection API.
//!
//! Every probe opens a fresh connection, like blackbox_exporter, so that the connect and TLS
//! phases are measured honestly each time and one slow probe cannot hold a pooled connection
//! another probe waits for. A pooled client (reqwest) would hide the phases and, measured here,
//! runs at 10–15k checks/s against hyper's 20k without pooling.

use std::borrow::Cow;
use std::time::Duration;

use http::header::{self, HeaderMap, HeaderName};
use serde::Serialize;

use super::CheckError;
use super::net::{Progress, Timings};
use super::tls::TlsInfo;
use crate::expect::Facts;

/// Headers whose values are credentials, redacted wherever they could be printed.
#[cfg_attr(not(feature = "http"), allow(dead_code))]
pub(crate) const SENSITIVE_HEADERS: [HeaderName; 3] = [
    header::AUTHORIZATION,
    header::COOKIE,
    header::PROXY_AUTHORIZATION,
];

/// The password written literally in a URL's userinfo (`https://user:PASSWORD@host/`), if any;
/// one built from `${VAR}` is not literal and is registered when the probe runs.
pub fn literal_password(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (_, password) = userinfo.split_once(':')?;
    (!password.is_empty() && !password.contains("${")).then(|| password.to_string())
}

/// Whether URL text names a user (`https://user[:password]@host/`).
pub fn has_userinfo(url: &str) -> bool {
    url.split_once("://").is_some_and(|(_, rest)| {
        rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())].contains('@')
    })
}

/// A URL as written in a suite, for display: a literal password replaced by `***`.
pub fn shown_url(url: &crate::suite::EnvString) -> String {
    hide_password(&url.to_string())
}

/// URL text with the password of its userinfo, if any, replaced by `***`.
pub fn hide_password(text: &str) -> String {
    match literal_password(text) {
        // The first `:PASSWORD@` is the userinfo's: the scheme's colon is followed by `//`,
        // which a password (it ends at the authority's first `/`) cannot hold.
        Some(password) => text.replacen(
            &format!(":{password}@"),
            &format!(":{}@", super::REDACTED),
            1,
        ),
        None => text.to_string(),
    }
}

/// `Basic …` credentials of a URL's `user:password@` (for `Authorization` or
/// `Proxy-Authorization`).
#[cfg(feature = "http")]
fn basic_auth(user: &str, pass: Option<&str>) -> String {
    use base64::Engine as _;
    let raw = format!("{user}:{}", pass.unwrap_or_default());
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

#[cfg(feature = "http")]
mod proxy;
#[cfg(feature = "http")]
mod transcript;
#[cfg(feature = "http")]
mod url;
#[cfg(feature = "http")]
pub use proxy::{Proxy, ProxyEnv};
#[cfg(feature = "http")]
pub use url::{Url, UrlError, parse_url};

/// A request method's name: one of the standard methods without an allocation (a result of
/// every run of every HTTP probe carries it, and `serve` keeps the latest of each).
pub fn method_name(method: &http::Method) -> Cow<'static, str> {
    const STANDARD: [&str; 9] = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE",
    ];
    match STANDARD.iter().find(|m| **m == method.as_str()) {
        Some(m) => Cow::Borrowed(m),
        None => Cow::Owned(method.as_str().to_string()),
    }
}

/// The JSON report's view of an HTTP probe. Names follow OpenTelemetry's HTTP conventions.
#[derive(Clone, Debug, Default, Serialize)]
pub struct HttpDetails {
    #[serde(rename = "http.request.method")]
    pub method: Cow<'static, str>,
    #[serde(rename = "url.full")]
    pub url: String,
    #[serde(
        rename = "http.response.status_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<u16>,
    #[serde(
        rename = "network.protocol.version",
        skip_serializing_if = "Option::is_none"
    )]
    pub protocol: Option<&'static str>,
    #[serde(
        rename = "network.peer.address",
        skip_serializing_if = "Option::is_none"
    )]
    pub peer: Option<std::net::SocketAddr>,
    /// Every address the last host name resolved to (none for an IP address).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resolved: Vec<String>,
    /// The proxy the last request went through (without credentials).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<String>,
    #[serde(rename = "http.response.body.size")]
    pub body_bytes: u64,
    pub body_truncated: bool,
    pub redirects: u32,
    pub timings: Timings,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<Box<TlsInfo>>,
    /// What came back, kept when the probe did not pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Box<Evidence>>,
    /// The whole exchange, `curl -v` style (`*` connection, `>` sent, `<` received), with
    /// `-v` only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exchange: Vec<String>,
}

/// The response of a probe that did not pass, as a reader needs it to see why: the status
/// line, the headers that explain a body or a refusal, and the body's first bytes.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Evidence {
    pub status_line: String,
    pub headers: std::collections::BTreeMap<String, String>,
    /// The first [`EVIDENCE_BODY`] bytes as text (invalid UTF-8 replaced).
    pub body: String,
    pub body_truncated: bool,
}

/// How much of a body a failure shows.
pub const EVIDENCE_BODY: usize = 512;

/// The response headers worth showing beside a failure.
const EVIDENCE_HEADERS: [&str; 7] = [
    "content-type",
    "content-length",
    "location",
    "retry-after",
    "www-authenticate",
    "server",
    "x-request-id",
];

impl Evidence {
    fn of(protocol: Option<&str>, status: u16, headers: &HeaderMap, body: &[u8]) -> Evidence {
        let reason = http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        let version = match protocol {
            Some("2") => "HTTP/2".to_string(),
            Some(v) => format!("HTTP/{v}"),
            None => "HTTP".to_string(),
        };
        let headers = EVIDENCE_HEADERS
            .iter()
            .filter_map(|name| {
                let v = headers.get(*name)?;
                Some((
                    name.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                ))
            })
            .collect();
        let head = &body[..body.len().min(EVIDENCE_BODY)];
        Evidence {
            status_line: format!("{version} {status} {reason}")
                .trim_end()
                .to_string(),
            headers,
            body: String::from_utf8_lossy(head).into_owned(),
            body_truncated: body.len() > EVIDENCE_BODY,
        }
    }
}
#[derive(Debug, Default)]
pub struct HttpObservation {
    pub details: HttpDetails,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub error: Option<CheckError>,
    #[cfg_attr(not(feature = "http"), allow(dead_code))]
    pub(crate) progress: Progress,
}

impl super::Observation for HttpObservation {
    fn facts(&self, duration: Duration) -> Facts<'_> {
        let mut f = Facts::new(duration);
        f.status = self.details.status;
        f.headers = Some(&self.headers);
        f.body = Some(&self.body);
        f.cert_not_after = self.details.tls.as_deref().map(TlsInfo::not_after);
        f.tls = self.details.tls.as_deref().map(TlsInfo::names);
        f
    }

    fn error(&self) -> Option<&CheckError> {
        self.error.as_ref()
    }

    fn keep_evidence(&mut self) {
        if let Some(status) = self.details.status {
            self.details.evidence = Some(Box::new(Evidence::of(
                self.details.protocol,
                status,
                &self.headers,
                &self.body,
            )));
        }
    }

    fn into_parts(self) -> (String, Option<CheckError>, super::Details) {
        let target = format!("{} {}", self.details.method, self.details.url);
        (
            target,
            self.error,
            super::Details::Http(Box::new(self.details)),
        )
    }
}

#[cfg(feature = "http")]
mod client;
pub use client::run;

/// Without the `http` feature (a compiled probe whose suite has no HTTP probe) there is no HTTP
/// client; a Pushgateway push is the one way to get here.
#[cfg(not(feature = "http"))]
mod client {
    use tokio::time::Instant;

    use super::HttpObservation;
    use crate::check::{CheckError, Engine, ErrorKind, Secrets};
    use crate::suite::HttpCheck;

    pub async fn run(
        _engine: &Engine,
        check: &HttpCheck,
        _deadline: Instant,
        _secrets: &mut Secrets,
    ) -> HttpObservation {
        let mut obs = HttpObservation::default();
        obs.details.method = super::method_name(&check.method);
        obs.details.url = check.url.to_string();
        obs.error = Some(CheckError::new(
            ErrorKind::Config,
            "this probe was built without HTTP support; rebuild it with `probekit build --with push`",
        ));
        obs
    }
}
