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

/// An absolute http(s) URL, split the way a probe needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    pub https: bool,
    /// Host without IPv6 brackets.
    pub host: String,
    pub port: u16,
    /// `host[:port]` as written (brackets kept), for the Host header.
    pub authority: String,
    pub path_and_query: String,
    pub userinfo: Option<(String, Option<String>)>,
}

impl Url {
    /// The URL for display: any password is replaced by `***`.
    pub fn display(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        let user = match &self.userinfo {
            Some((u, Some(_))) => format!("{u}:{}@", super::REDACTED),
            Some((u, None)) => format!("{u}@"),
            None => String::new(),
        };
        format!("{scheme}://{user}{}{}", self.authority, self.path_and_query)
    }

    #[cfg_attr(not(feature = "http"), allow(dead_code))]
    fn origin(&self) -> (bool, &str, u16) {
        (self.https, &self.host, self.port)
    }

    /// Where a `Location` header points, resolved against this URL as RFC 3986 §5.2 (which
    /// RFC 9110 §10.2.2 names) says: a reference with a scheme is absolute, `//host` keeps the
    /// scheme, `?q` keeps the path, anything else merges with the path and drops dot segments.
    /// A fragment is not sent.
    pub fn join(&self, location: &str) -> Result<Url, String> {
        let location = location.trim();
        if has_scheme(location) {
            return parse_url(location);
        }
        let scheme = if self.https { "https" } else { "http" };
        if let Some(rest) = location.strip_prefix("//") {
            return parse_url(&format!("{scheme}://{rest}"));
        }
        let location = location.split('#').next().unwrap_or_default();
        let (base_path, base_query) = match self.path_and_query.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (self.path_and_query.as_str(), None),
        };
        let target = if location.is_empty() {
            match base_query {
                Some(q) => format!("{base_path}?{q}"),
                None => base_path.to_string(),
            }
        } else if let Some(query) = location.strip_prefix('?') {
            format!("{base_path}?{query}")
        } else {
            let (path, query) = match location.split_once('?') {
                Some((p, q)) => (p, Some(q)),
                None => (location, None),
            };
            let merged = if path.starts_with('/') {
                path.to_string()
            } else {
                let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
                format!("{}{path}", if dir.is_empty() { "/" } else { dir })
            };
            let path = remove_dot_segments(&merged);
            match query {
                Some(q) => format!("{path}?{q}"),
                None => path,
            }
        };
        parse_url(&format!("{scheme}://{}{target}", self.authority))
    }
}

/// Whether a URI reference starts with a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`
/// and a colon, RFC 3986 §3.1): `/login?next=https://x` has none.
fn has_scheme(reference: &str) -> bool {
    let Some((scheme, _)) = reference.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// RFC 3986 §5.2.4: `.` and `..` segments of an absolute path resolved.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

pub fn parse_url(text: &str) -> Result<Url, String> {
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err(format!(
            "`{text}` needs a scheme: write `http://{text}` or `https://{text}`"
        ));
    };
    let https = match scheme.to_ascii_lowercase().as_str() {
        "http" => false,
        "https" => true,
        other => {
            return Err(format!(
                "unsupported URL scheme `{other}`; use http:// or https://"
            ));
        }
    };
    let rest = rest.split('#').next().unwrap_or_default();
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(split);
    let path = match path {
        "" => "/".to_string(),
        p if p.starts_with('?') => format!("/{p}"),
        p => p.to_string(),
    };
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((info, hp)) => {
            let (user, pass) = match info.split_once(':') {
                Some((u, p)) => (percent_decode(u), Some(percent_decode(p))),
                None => (percent_decode(info), None),
            };
            (Some((user, pass)), hp)
        }
        None => (None, authority),
    };
    let parsed: http::uri::Authority = host_port
        .parse()
        .map_err(|_| format!("`{host_port}` is not a valid host[:port] in `{text}`"))?;
    // `http::uri::Authority` accepts any text after the colon; a port that is not a number
    // from 1 to 65535 must not quietly become the scheme's default.
    let after_host = host_port
        .rsplit_once(']')
        .map_or(host_port, |(_, rest)| rest);
    if let Some((_, port)) = after_host.rsplit_once(':')
        && !port.is_empty()
        && !(port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok())
    {
        return Err(format!(
            "`{port}` is not a port (a number from 1 to 65535) in `{text}`"
        ));
    }
    let host = parsed
        .host()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    if host.is_empty() {
        return Err(format!("`{text}` has no host"));
    }
    let port = match parsed.port_u16() {
        Some(0) => return Err(format!("port 0 in `{text}` cannot be connected to")),
        Some(p) => p,
        None if host_port.ends_with(':') => return Err(format!("`{text}` has an empty port")),
        None if https => 443,
        None => 80,
    };
    http::uri::PathAndQuery::try_from(path.as_str()).map_err(|_| {
        format!("`{path}` is not a valid path in `{text}` (spaces must be written %20)")
    })?;
    Ok(Url {
        https,
        host,
        port,
        authority: host_port.to_string(),
        path_and_query: path,
        userinfo,
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(
                std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                16,
            )
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls() {
        let u = parse_url("http://user:p%40ss@127.0.0.1:8080/health?x=1#frag").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.path_and_query.as_str()),
            ("127.0.0.1", 8080, "/health?x=1")
        );
        assert_eq!(u.userinfo, Some(("user".into(), Some("p@ss".into()))));
        assert_eq!(u.display(), "http://user:***@127.0.0.1:8080/health?x=1");
        let u = parse_url("https://[::1]/").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.authority.as_str()),
            ("::1", 443, "[::1]")
        );
        assert_eq!(parse_url("http://h?q").unwrap().path_and_query, "/?q");
        assert!(
            parse_url("localhost:8080/x")
                .unwrap_err()
                .contains("needs a scheme")
        );
        assert!(parse_url("ftp://x/").unwrap_err().contains("unsupported"));
        assert!(parse_url("http:///x").is_err());
        assert!(parse_url("http://h/a b").is_err());
    }

    #[test]
    fn joins_redirect_locations() {
        let base = parse_url("http://h:1/a/b?q").unwrap();
        assert_eq!(base.join("/x").unwrap().display(), "http://h:1/x");
        assert_eq!(base.join("c").unwrap().display(), "http://h:1/a/c");
        assert_eq!(base.join("//other/p").unwrap().display(), "http://other/p");
        assert_eq!(base.join("https://s/").unwrap().display(), "https://s/");
    }

    /// A port that is not a number in range was once replaced by the scheme's default: a probe
    /// of `:99999` checked port 80.
    #[test]
    fn a_bad_port_is_an_error_not_the_default() {
        for url in [
            "http://127.0.0.1:99999/health",
            "http://127.0.0.1:8o80/health",
            "http://[::1]:x/",
            "https://h:-1/",
        ] {
            let err = parse_url(url).unwrap_err();
            assert!(err.contains("is not a port"), "{url}: {err}");
        }
        assert_eq!(parse_url("http://[::1]:8080/").unwrap().port, 8080);
        assert_eq!(parse_url("http://[::1]/").unwrap().port, 80);
    }

    /// RFC 3986 §5.4's examples that an HTTP Location can hold, and relative references whose
    /// query holds a URL (once read as a URL with scheme `/login?return=https`).
    #[test]
    fn relative_locations_resolve_as_rfc_3986_says() {
        let base = parse_url("http://a/b/c/d;p?q").unwrap();
        let cases = [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q"),
            ("g#s", "http://a/b/c/g"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("./../g", "http://a/b/g"),
            ("g/../h", "http://a/b/c/h"),
            (
                "/login?return=https://shop/cart",
                "http://a/login?return=https://shop/cart",
            ),
            ("next?u=http://x", "http://a/b/c/next?u=http://x"),
        ];
        for (reference, want) in cases {
            assert_eq!(base.join(reference).unwrap().display(), want, "{reference}");
        }
    }
}
