//! HTTP probes on hyper's connection API.
//!
//! Every probe opens a fresh connection, like blackbox_exporter, so that the connect and TLS
//! phases are measured honestly each time and one slow probe cannot hold a pooled connection
//! another probe waits for. A pooled client (reqwest) would hide the phases and, measured here,
//! runs at 10–15k checks/s against hyper's 20k without pooling.

use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::time::Instant;

use super::net::{Phase, Progress, Timings, connect, resolve, tls_handshake};
use super::tls::{Alpn, TlsInfo};
use super::{CheckError, Engine, ErrorKind, Secrets};
use crate::expect::Facts;
use crate::spec::model::{HttpCheck, HttpVersion};

/// Headers whose values are credentials, redacted wherever they could be printed.
const SENSITIVE_HEADERS: [HeaderName; 3] = [
    header::AUTHORIZATION,
    header::COOKIE,
    header::PROXY_AUTHORIZATION,
];

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

    fn origin(&self) -> (bool, &str, u16) {
        (self.https, &self.host, self.port)
    }

    /// Where a `Location` header points, relative to this URL.
    pub fn join(&self, location: &str) -> Result<Url, String> {
        if location.contains("://") {
            return parse_url(location);
        }
        let scheme = if self.https { "https" } else { "http" };
        if let Some(rest) = location.strip_prefix("//") {
            return parse_url(&format!("{scheme}://{rest}"));
        }
        let path = if location.starts_with('/') {
            location.to_string()
        } else {
            let base = self.path_and_query.split('?').next().unwrap_or("/");
            let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
            format!("{}{location}", if dir.is_empty() { "/" } else { dir })
        };
        parse_url(&format!("{scheme}://{}{path}", self.authority))
    }
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
    progress: Progress,
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

/// A request ready to send, with every `${VAR}` resolved.
struct Prepared {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Bytes,
}

pub async fn run(
    engine: &Engine,
    check: &HttpCheck,
    deadline: Instant,
    secrets: &mut Secrets,
) -> HttpObservation {
    let mut obs = HttpObservation::default();
    obs.details.method = check.method.to_string();
    obs.details.url = check.url.to_string();
    let prepared = match prepare(engine, check, secrets) {
        Ok(p) => p,
        Err(e) => {
            obs.error = Some(e);
            return obs;
        }
    };
    obs.details.url = prepared.url.display();
    let started = Instant::now();
    let result =
        tokio::time::timeout_at(deadline, exchange(engine, check, prepared, &mut obs)).await;
    obs.details.timings = obs.progress.timings;
    obs.details.peer = obs.progress.peer.map(|a| a.to_string());
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => obs.error = Some(e),
        Err(_) => {
            obs.error = Some(
                obs.progress
                    .timeout_error(deadline.saturating_duration_since(started)),
            )
        }
    }
    obs
}

fn prepare(
    engine: &Engine,
    check: &HttpCheck,
    secrets: &mut Secrets,
) -> Result<Prepared, CheckError> {
    let config = |e: String| CheckError::new(ErrorKind::Config, e);
    let resolved = check.url.resolve().map_err(|e| config(e.to_string()))?;
    let url = parse_url(&resolved.value).map_err(config)?;
    // Environment values in the userinfo or the query are secrets; in the host or path they are not.
    let query = url
        .path_and_query
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or_default();
    for value in &resolved.from_env {
        let in_userinfo = url.userinfo.as_ref().is_some_and(|(u, p)| {
            u.contains(value.as_str()) || p.as_ref().is_some_and(|p| p.contains(value.as_str()))
        });
        if in_userinfo || query.contains(value.as_str()) {
            secrets.add(value.clone());
        }
    }
    let mut headers = HeaderMap::new();
    for (name, value) in &check.headers {
        let resolved = value.resolve().map_err(|e| config(e.to_string()))?;
        if SENSITIVE_HEADERS.contains(name) {
            secrets.add(resolved.value.clone());
        }
        for v in resolved.from_env {
            secrets.add(v);
        }
        let value = HeaderValue::from_str(&resolved.value).map_err(|_| {
            config(format!(
                "the value of header `{name}` contains characters a header cannot carry"
            ))
        })?;
        headers.append(name.clone(), value);
    }
    if let Some((user, pass)) = &url.userinfo
        && !headers.contains_key(header::AUTHORIZATION)
    {
        let raw = format!("{user}:{}", pass.as_deref().unwrap_or_default());
        let value = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        );
        if let Some(p) = pass {
            secrets.add(p.clone());
        }
        secrets.add(value.clone());
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&value)
                .map_err(|_| config("URL credentials cannot be sent as a header".into()))?,
        );
    }
    if !headers.contains_key(header::USER_AGENT) {
        headers.insert(
            header::USER_AGENT,
            HeaderValue::from_str(&engine.user_agent)
                .unwrap_or(HeaderValue::from_static("probekit")),
        );
    }
    if !headers.contains_key(header::ACCEPT) {
        headers.insert(header::ACCEPT, HeaderValue::from_static("*/*"));
    }
    let body = match &check.body {
        Some(b) => {
            let resolved = b.resolve().map_err(|e| config(e.to_string()))?;
            for v in resolved.from_env {
                secrets.add(v);
            }
            Bytes::from(resolved.value)
        }
        None => Bytes::new(),
    };
    Ok(Prepared {
        method: check.method.clone(),
        url,
        headers,
        body,
    })
}

/// Request, redirects, body: everything that happens under the probe's deadline.
async fn exchange(
    engine: &Engine,
    check: &HttpCheck,
    mut req: Prepared,
    obs: &mut HttpObservation,
) -> Result<(), CheckError> {
    let connect_deadline = check.connect_timeout.map(|t| Instant::now() + t);
    loop {
        let (mut sender, tls) =
            open(engine, check, &req.url, connect_deadline, &mut obs.progress).await?;
        obs.details.tls = tls;
        obs.progress.phase = Phase::FirstByte;
        let started = Instant::now();
        let response = sender.send(build_request(&req, sender.is_h2())?).await;
        obs.progress.timings.first_byte += started.elapsed();
        let response =
            response.map_err(|e| CheckError::new(ErrorKind::Protocol, describe_hyper(&e)))?;
        obs.details.status = Some(response.status().as_u16());
        obs.details.protocol = Some(match response.version() {
            http::Version::HTTP_2 => "2",
            http::Version::HTTP_10 => "1.0",
            _ => "1.1",
        });
        obs.details.url = req.url.display();
        if check.follow_redirects
            && response.status().is_redirection()
            && let Some(location) = response.headers().get(header::LOCATION)
        {
            if obs.details.redirects >= check.max_redirects {
                return Err(CheckError::new(
                    ErrorKind::Protocol,
                    format!(
                        "stopped after {} redirects (max_redirects); the last pointed to {}",
                        check.max_redirects,
                        String::from_utf8_lossy(location.as_bytes())
                    ),
                ));
            }
            let location = location.to_str().map_err(|_| {
                CheckError::new(
                    ErrorKind::Protocol,
                    "the redirect Location is not valid text",
                )
            })?;
            let next = req.url.join(location).map_err(|e| {
                CheckError::new(ErrorKind::Protocol, format!("cannot follow redirect: {e}"))
            })?;
            obs.details.redirects += 1;
            req = redirected(req, next, response.status());
            continue;
        }
        obs.headers = response.headers().clone();
        return read_body(response, check.max_body, obs).await;
    }
}

/// The request after a redirect: 303 (and 301/302 after a POST) become a GET without a body,
/// as browsers and curl do; credentials are dropped when the origin changes.
fn redirected(mut req: Prepared, next: Url, status: http::StatusCode) -> Prepared {
    let to_get = status == http::StatusCode::SEE_OTHER && req.method != Method::HEAD
        || matches!(status.as_u16(), 301 | 302) && req.method == Method::POST;
    if to_get {
        req.method = Method::GET;
        req.body = Bytes::new();
        req.headers.remove(header::CONTENT_TYPE);
        req.headers.remove(header::CONTENT_LENGTH);
    }
    if next.origin() != req.url.origin() {
        for h in &SENSITIVE_HEADERS {
            req.headers.remove(h);
        }
    }
    req.url = next;
    req
}

async fn read_body(
    response: Response<Incoming>,
    max_body: usize,
    obs: &mut HttpObservation,
) -> Result<(), CheckError> {
    obs.progress.phase = Phase::Transfer;
    let started = Instant::now();
    let mut body = response.into_body();
    let result = loop {
        match body.frame().await {
            None => break Ok(()),
            Some(Err(e)) => {
                break Err(CheckError::new(
                    ErrorKind::Protocol,
                    format!("reading the body failed: {}", describe_hyper(&e)),
                ));
            }
            Some(Ok(frame)) => {
                let Ok(data) = frame.into_data() else {
                    continue;
                };
                obs.details.body_bytes += data.len() as u64;
                let room = max_body.saturating_sub(obs.body.len());
                if data.len() > room {
                    obs.body.extend_from_slice(&data[..room]);
                    obs.details.body_truncated = true;
                    break Ok(());
                }
                obs.body.extend_from_slice(&data);
            }
        }
    };
    obs.progress.timings.transfer += started.elapsed();
    result
}

fn build_request(req: &Prepared, h2: bool) -> Result<Request<Full<Bytes>>, CheckError> {
    let uri = if h2 {
        let scheme = if req.url.https { "https" } else { "http" };
        format!("{scheme}://{}{}", req.url.authority, req.url.path_and_query)
    } else {
        req.url.path_and_query.clone()
    };
    let mut builder = Request::builder().method(req.method.clone()).uri(uri);
    if let Some(headers) = builder.headers_mut() {
        *headers = req.headers.clone();
        if !h2 {
            if !headers.contains_key(header::HOST) {
                let host = HeaderValue::from_str(&req.url.authority)
                    .map_err(|_| CheckError::new(ErrorKind::Config, "invalid host"))?;
                headers.insert(header::HOST, host);
            }
            // One request per connection: let the server close it, so its side keeps TIME_WAIT.
            headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
    }
    builder
        .body(Full::new(req.body.clone()))
        .map_err(|e| CheckError::new(ErrorKind::Config, format!("cannot build the request: {e}")))
}

enum Sender {
    H1(hyper::client::conn::http1::SendRequest<Full<Bytes>>),
    H2(hyper::client::conn::http2::SendRequest<Full<Bytes>>),
}

impl Sender {
    fn is_h2(&self) -> bool {
        matches!(self, Sender::H2(_))
    }

    async fn send(&mut self, req: Request<Full<Bytes>>) -> hyper::Result<Response<Incoming>> {
        match self {
            Sender::H1(s) => s.send_request(req).await,
            Sender::H2(s) => s.send_request(req).await,
        }
    }
}

/// Aborts the task driving a connection when the probe is done with it.
struct Driver(tokio::task::JoinHandle<()>);

impl Drop for Driver {
    fn drop(&mut self) {
        self.0.abort();
    }
}

struct Connection {
    sender: Sender,
    _driver: Driver,
}

impl Connection {
    fn is_h2(&self) -> bool {
        self.sender.is_h2()
    }

    async fn send(&mut self, req: Request<Full<Bytes>>) -> hyper::Result<Response<Incoming>> {
        self.sender.send(req).await
    }
}

async fn open(
    engine: &Engine,
    check: &HttpCheck,
    url: &Url,
    connect_deadline: Option<Instant>,
    progress: &mut Progress,
) -> Result<(Connection, Option<TlsInfo>), CheckError> {
    let addrs = resolve(&url.host, url.port, progress).await?;
    let tcp = connect(&addrs, connect_deadline, progress).await?;
    if !url.https {
        let h2 = check.version == HttpVersion::Http2;
        if h2 {
            // The preface, SETTINGS and the request are separate writes.
            let _ = tcp.set_nodelay(true);
        }
        let conn = handshake(tcp, h2).await?;
        return Ok((conn, None));
    }
    let alpn = match check.version {
        HttpVersion::Auto => Alpn::Both,
        HttpVersion::Http1 => Alpn::Http1,
        HttpVersion::Http2 => Alpn::Http2,
    };
    // Boxed: the TLS state is large, and plain-HTTP probes should not carry its size.
    let (tls, info) = Box::pin(tls_handshake(
        engine, tcp, &url.host, &check.tls, alpn, progress,
    ))
    .await?;
    let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
    if check.version == HttpVersion::Http2 && !h2 {
        return Err(CheckError::new(
            ErrorKind::Protocol,
            "the server did not agree to HTTP/2 (ALPN)",
        ));
    }
    Ok((Box::pin(handshake(tls, h2)).await?, Some(info)))
}

async fn handshake<S>(io: S, h2: bool) -> Result<Connection, CheckError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let io = TokioIo::new(io);
    let failed = |e: hyper::Error| {
        CheckError::new(
            ErrorKind::Protocol,
            format!("HTTP handshake failed: {}", describe_hyper(&e)),
        )
    };
    if h2 {
        let (sender, conn) = hyper::client::conn::http2::handshake(TokioExecutor::new(), io)
            .await
            .map_err(failed)?;
        let driver = Driver(tokio::spawn(async move {
            let _ = conn.await;
        }));
        Ok(Connection {
            sender: Sender::H2(sender),
            _driver: driver,
        })
    } else {
        let (sender, conn) = hyper::client::conn::http1::Builder::new()
            .max_buf_size(MAX_HEAD_BYTES)
            .handshake(io)
            .await
            .map_err(failed)?;
        let driver = Driver(tokio::spawn(async move {
            let _ = conn.await;
        }));
        Ok(Connection {
            sender: Sender::H1(sender),
            _driver: driver,
        })
    }
}

/// Largest response head (status line and headers) accepted from a server.
const MAX_HEAD_BYTES: usize = 256 << 10;

/// A hyper error with its cause, in words.
fn describe_hyper(e: &hyper::Error) -> String {
    use std::error::Error as _;
    let mut text = if e.is_incomplete_message() {
        "the server closed the connection before a complete response".to_string()
    } else if e.is_parse_too_large() {
        format!(
            "the response head is larger than {} KiB",
            MAX_HEAD_BYTES >> 10
        )
    } else if e.is_parse() {
        format!("the response is not valid HTTP ({e})")
    } else {
        e.to_string()
    };
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = match s.downcast_ref::<std::io::Error>() {
            Some(io) => super::net::describe_io(io),
            None => s.to_string(),
        };
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
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
}
