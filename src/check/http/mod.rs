//! HTTP probes on hyper's connection API.
//!
//! Every probe opens a fresh connection, like blackbox_exporter, so that the connect and TLS
//! phases are measured honestly each time and one slow probe cannot hold a pooled connection
//! another probe waits for. A pooled client (reqwest) would hide the phases and, measured here,
//! runs at 10–15k checks/s against hyper's 20k without pooling.

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

/// A URL as written in a suite, for display: a literal password replaced by `***`.
pub fn shown_url(url: &crate::suite::EnvString) -> String {
    let text = url.to_string();
    match literal_password(&text) {
        // The first `:PASSWORD@` is the userinfo's: the scheme's colon is followed by `//`,
        // which a password (it ends at the authority's first `/`) cannot hold.
        Some(password) => text.replacen(
            &format!(":{password}@"),
            &format!(":{}@", super::REDACTED),
            1,
        ),
        None => text,
    }
}

#[cfg(feature = "http")]
mod url;
#[cfg(feature = "http")]
pub use url::{Url, UrlError, parse_url};

/// The JSON report's view of an HTTP probe. Names follow OpenTelemetry's HTTP conventions.
#[derive(Clone, Debug, Default, Serialize)]
pub struct HttpDetails {
    #[serde(rename = "http.request.method")]
    pub method: String,
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
    pub peer: Option<String>,
    #[serde(rename = "http.response.body.size")]
    pub body_bytes: u64,
    pub body_truncated: bool,
    pub redirects: u32,
    pub timings: Timings,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsInfo>,
}

/// What an HTTP probe saw.
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
        f.cert_not_after = self.details.tls.as_ref().map(TlsInfo::not_after);
        f
    }

    fn error(&self) -> Option<&CheckError> {
        self.error.as_ref()
    }

    fn into_parts(self) -> (String, Option<CheckError>, super::Details) {
        let target = format!("{} {}", self.details.method, self.details.url);
        (target, self.error, super::Details::Http(self.details))
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
        obs.details.method = check.method.to_string();
        obs.details.url = check.url.to_string();
        obs.error = Some(CheckError::new(
            ErrorKind::Config,
            "this probe was built without HTTP support; rebuild it with `probekit build --with push`",
        ));
        obs
    }
}
