//! The HTTP client of HTTP probes: hyper over probekit's own connection setup (phase timings,
//! TLS), one fresh connection per probe, redirects followed by hand.

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::time::Instant;

use super::super::net::{self, Phase, Progress, connect, lookup, resolve, tls_handshake};
use super::super::tls::{Alpn, TlsInfo};
use super::super::{CheckError, Engine, ErrorKind, Secrets};
use super::transcript::Transcript;
use super::{HttpObservation, Proxy, SENSITIVE_HEADERS, Url, parse_url};
use crate::suite::{HttpCheck, HttpVersion, IpVersion, ProxySetting};

/// A request ready to send, with every `${VAR}` resolved.
struct Prepared {
    method: Method,
    url: Url,
    headers: HeaderMap,
    /// Headers that carry credentials: the sensitive ones and every one whose value came from
    /// `${VAR}` (`X-Api-Key: ${KEY}`). None of them follows a redirect to another origin.
    secret_headers: Vec<HeaderName>,
    body: Bytes,
    /// The probe's own `proxy:` (`None` with `direct` or the environment's).
    proxy: Option<Proxy>,
}

pub async fn run(
    engine: &Engine,
    check: &HttpCheck,
    deadline: Instant,
    secrets: &mut Secrets,
) -> HttpObservation {
    let mut obs = HttpObservation::default();
    obs.details.method = super::method_name(&check.method);
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
    obs.details.peer = obs.progress.peer;
    obs.details.resolved = obs.progress.resolved_ips();
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
    // Once the request is sent: a timeout, or a connection that fails (or answers what is not
    // HTTP) before the head or while the body is read.
    if let Some(e) = &mut obs.error {
        e.after_sent = match (e.kind, obs.progress.phase) {
            (ErrorKind::Timeout, Phase::FirstByte | Phase::Transfer) => {
                Some(crate::suite::AfterSent::ResponseTimeout)
            }
            // (A head that does not parse is marked so where hyper says it.)
            (ErrorKind::Protocol, Phase::FirstByte)
                if e.after_sent == Some(crate::suite::AfterSent::BadResponse) =>
            {
                Some(crate::suite::AfterSent::BadResponse)
            }
            (ErrorKind::Protocol | ErrorKind::Io, Phase::FirstByte) => {
                Some(crate::suite::AfterSent::NoResponse)
            }
            (ErrorKind::Protocol | ErrorKind::Io, Phase::Transfer) => {
                Some(crate::suite::AfterSent::IncompleteBody)
            }
            _ => None,
        };
    }
    obs
}

/// A URL whose scheme would come from a variable (`${HOST}:${PORT}/health`, from a script's
/// `curl $HOST:$PORT/health`) and gets none is `http://`, as curl reads it; a URL written with
/// no scheme at all is refused when the suite loads.
fn scheme_as_curl_guesses<'r>(
    written: &crate::suite::EnvString,
    resolved: &'r str,
) -> std::borrow::Cow<'r, str> {
    if written.starts_with_var() && !resolved.contains("://") {
        format!("http://{resolved}").into()
    } else {
        resolved.into()
    }
}

fn prepare(
    engine: &Engine,
    check: &HttpCheck,
    secrets: &mut Secrets,
) -> Result<Prepared, CheckError> {
    let config = |e: String| CheckError::new(ErrorKind::Config, e);
    let resolved = check.url.resolve().map_err(|e| config(e.to_string()))?;
    // Every environment value in a URL is a secret (a token in the path of a webhook, a
    // password, a query key), registered before the URL is parsed so that a parse error
    // cannot print it.
    for value in &resolved.from_env {
        secrets.add(value.clone());
    }
    let url = parse_url(&scheme_as_curl_guesses(&check.url, &resolved.value))
        .map_err(|e| config(e.message))?;
    let mut headers = HeaderMap::new();
    let mut secret_headers: Vec<HeaderName> = SENSITIVE_HEADERS.to_vec();
    for (name, value) in &check.headers {
        let resolved = value.resolve().map_err(|e| config(e.to_string()))?;
        if SENSITIVE_HEADERS.contains(name) {
            secrets.add(resolved.value.clone());
        }
        if value.has_vars() && !secret_headers.contains(name) {
            secret_headers.push(name.clone());
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
    if let Some(auth) = &check.basic_auth {
        // curl's `-u` wins over a URL's own `user:password@`.
        let user = secrets.resolve(&auth.username)?;
        let pass = secrets.resolve(&auth.password)?;
        secrets.add(pass.clone());
        let value = super::basic_auth(&user, Some(&pass));
        secrets.add(value.clone());
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&value)
                .map_err(|_| config("`basic_auth` cannot be sent as a header".into()))?,
        );
    } else if let Some((user, pass)) = &url.userinfo
        && !headers.contains_key(header::AUTHORIZATION)
    {
        let value = super::basic_auth(user, pass.as_deref());
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
    let proxy = match &check.proxy {
        ProxySetting::Url(text) => {
            let resolved = secrets.resolve(text)?;
            if let Some(p) = super::literal_password(&resolved) {
                secrets.add(p);
            }
            let proxy = Proxy::parse(&resolved).map_err(config)?;
            if let Some(auth) = &proxy.authorization {
                secrets.add(auth.clone());
            }
            Some(proxy)
        }
        ProxySetting::Env => {
            for s in engine.proxies.secrets() {
                secrets.add(s);
            }
            None
        }
        ProxySetting::Direct => None,
    };
    let body = match &check.body {
        Some(b) => Bytes::from(secrets.resolve(b)?),
        None => Bytes::new(),
    };
    Ok(Prepared {
        method: check.method.clone(),
        url,
        headers,
        secret_headers,
        body,
        proxy,
    })
}

/// The proxy for a request to `url`: the probe's own, the environment's (unless `NO_PROXY`
/// exempts the host), or none.
fn proxy_for(
    engine: &Engine,
    check: &HttpCheck,
    req: &Prepared,
) -> Result<Option<Proxy>, CheckError> {
    match check.proxy {
        ProxySetting::Direct => Ok(None),
        ProxySetting::Url(_) => Ok(req.proxy.clone()),
        ProxySetting::Env => engine
            .proxies
            .for_url(&req.url)
            .map(|text| {
                Proxy::parse(text).map_err(|e| {
                    let var = if req.url.https { "HTTPS_PROXY" } else { "HTTP_PROXY" };
                    CheckError::new(
                        ErrorKind::Config,
                        format!("{e} (from the environment's {var}, or ALL_PROXY; set `proxy: direct` to ignore it)"),
                    )
                })
            })
            .transpose(),
    }
}

/// Request, redirects, body: everything that happens under the probe's deadline.
async fn exchange(
    engine: &Engine,
    check: &HttpCheck,
    req: Prepared,
    obs: &mut HttpObservation,
) -> Result<(), CheckError> {
    let connect_deadline = check.connect_timeout.map(|t| Instant::now() + t);
    let mut log = engine.verbose.then(Transcript::default);
    // Boxed: the redirects, proxy tunnel and TLS state would otherwise be held inline by
    // every probe's future.
    let result = Box::pin(hops(engine, check, req, obs, connect_deadline, &mut log)).await;
    if let Some(log) = log {
        obs.details.exchange = log.0;
    }
    result
}

/// Each request of the exchange, the redirects followed.
async fn hops(
    engine: &Engine,
    check: &HttpCheck,
    mut req: Prepared,
    obs: &mut HttpObservation,
    connect_deadline: Option<Instant>,
    log: &mut Option<Transcript>,
) -> Result<(), CheckError> {
    loop {
        let proxy = proxy_for(engine, check, &req)?;
        obs.details.proxy = proxy.as_ref().map(|p| p.display.clone());
        let (mut sender, tls) = open(
            engine,
            check,
            &req.url,
            proxy.as_ref(),
            connect_deadline,
            &mut obs.progress,
        )
        .await?;
        obs.details.tls = tls.map(Box::new);
        obs.progress.phase = Phase::FirstByte;
        // Plain HTTP through a proxy: the request names the whole URL, and carries the
        // proxy's credentials (a CONNECT tunnel carried them already).
        let via = proxy.as_ref().filter(|_| !req.url.https);
        let request = build_request(&req, sender.is_h2(), via)?;
        if let Some(log) = log {
            log.connected(
                obs.progress.peer,
                obs.details.proxy.as_deref(),
                obs.details.tls.as_deref(),
            );
            log.request(&request, &req.body, &req.secret_headers);
        }
        let started = Instant::now();
        let response = sender.send(request).await;
        obs.progress.timings.first_byte += started.elapsed();
        let response = response.map_err(|e| hyper_error(&e))?;
        if let Some(log) = log {
            log.response(&response);
        }
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
            if let Some(why) = forbidden_redirect(&next).filter(|_| !check.allow_link_local) {
                return Err(CheckError::new(
                    ErrorKind::Protocol,
                    format!(
                        "refusing to follow the redirect to {}: {why}",
                        next.display()
                    ),
                ));
            }
            obs.details.redirects += 1;
            req = redirected(req, next, response.status());
            continue;
        }
        obs.headers = response.headers().clone();
        let read = read_body(response, check.max_body, obs).await;
        if let Some(log) = log {
            log.received(&obs.body, obs.details.body_truncated);
        }
        return read;
    }
}

/// Why a redirect must not be followed: link-local addresses are where clouds serve instance
/// metadata (credentials included), and a server that redirects a probe there — from a probe
/// run by `serve` on a cloud host, say — would read them through it. A probe that means to
/// check such an address names it in its URL, or sets `allow_link_local: true`.
fn forbidden_redirect(next: &Url) -> Option<&'static str> {
    let link_local = match next.host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => v4.is_link_local(),
        Ok(std::net::IpAddr::V6(v6)) => {
            (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6 == std::net::Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)
                || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_link_local())
        }
        Err(_) => next.host.eq_ignore_ascii_case("metadata.google.internal"),
    };
    link_local.then_some("a link-local address, where cloud instance metadata is served")
}

/// The request after a redirect: 303 (and 301/302 after a POST) become a GET without a body,
/// as browsers and curl do; credentials — every secret header — are dropped when the origin
/// changes.
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
        for h in &req.secret_headers {
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
    // A body of announced length is read into a buffer of that size (within the cap), not
    // one that doubles as it grows: a 64 MB metrics page then costs 64 MB, not up to 128.
    let announced = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(len) = announced {
        obs.body.reserve_exact(len.min(max_body));
    }
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

fn build_request(
    req: &Prepared,
    h2: bool,
    via: Option<&Proxy>,
) -> Result<Request<Full<Bytes>>, CheckError> {
    let uri = if h2 || via.is_some() {
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
            if let Some(auth) = via.and_then(|p| p.authorization.as_deref()) {
                let value = HeaderValue::from_str(auth).map_err(|_| {
                    CheckError::new(ErrorKind::Config, "the proxy's credentials cannot be sent")
                })?;
                headers.insert(header::PROXY_AUTHORIZATION, value);
            }
        }
    }
    builder
        .body(Full::new(req.body.clone()))
        .map_err(|e| CheckError::new(ErrorKind::Config, format!("cannot build the request: {e}")))
}

enum Sender {
    H1(hyper::client::conn::http1::SendRequest<Full<Bytes>>),
    #[cfg(feature = "http2")]
    H2(hyper::client::conn::http2::SendRequest<Full<Bytes>>),
}

impl Sender {
    fn is_h2(&self) -> bool {
        match self {
            Sender::H1(_) => false,
            #[cfg(feature = "http2")]
            Sender::H2(_) => true,
        }
    }

    async fn send(&mut self, req: Request<Full<Bytes>>) -> hyper::Result<Response<Incoming>> {
        match self {
            Sender::H1(s) => s.send_request(req).await,
            #[cfg(feature = "http2")]
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
    proxy: Option<&Proxy>,
    connect_deadline: Option<Instant>,
    progress: &mut Progress,
) -> Result<(Connection, Option<TlsInfo>), CheckError> {
    let scheme = if url.https { "https" } else { "http" };
    super::super::allow::admit_url(scheme, &url.host, url.port, proxy.is_some())?;
    let tcp = match proxy {
        None => {
            let addrs = resolve(&url.host, url.port, check.ip, progress).await?;
            connect(&addrs, connect_deadline, progress).await?
        }
        Some(p) => {
            let through = |mut e: CheckError| {
                e.message = format!("proxy {}: {}", p.display, e.message);
                e
            };
            let addrs = lookup(&p.host, p.port, IpVersion::Any, progress)
                .await
                .map_err(through)?;
            // The proxy resolves the target's name: these are the proxy's addresses.
            progress.resolved.clear();
            let mut tcp = connect(&addrs, connect_deadline, progress)
                .await
                .map_err(through)?;
            if url.https {
                let started = Instant::now();
                let tunnel = super::proxy::tunnel(&mut tcp, url, p);
                let result = match connect_deadline {
                    Some(d) => tokio::time::timeout_at(d, tunnel)
                        .await
                        .unwrap_or_else(|_| {
                            Err(CheckError::new(
                                ErrorKind::Timeout,
                                format!(
                                    "the proxy {} did not open the tunnel within connect_timeout",
                                    p.display
                                ),
                            ))
                        }),
                    None => tunnel.await,
                };
                progress.timings.connect += started.elapsed();
                result?;
            } else if check.version == HttpVersion::Http2 {
                return Err(CheckError::new(
                    ErrorKind::Config,
                    "HTTP/2 without TLS (prior knowledge) cannot go through a proxy; use `proxy: direct` or https",
                ));
            }
            tcp
        }
    };
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
        // A compiled probe without HTTP/2 offers only HTTP/1.1 (`probekit build` links HTTP/2
        // only into probes that ask for it: `version: http2`, gRPC, `--with http2`).
        HttpVersion::Auto if !cfg!(feature = "http2") => Alpn::Http1,
        HttpVersion::Auto => Alpn::Both,
        HttpVersion::Http1 => Alpn::Http1,
        HttpVersion::Http2 => Alpn::Http2,
    };
    // Boxed: the TLS state is large, and plain-HTTP probes should not carry its size.
    let (tls, info) = Box::pin(tls_handshake(
        engine, tcp, &url.host, &check.tls, alpn, progress,
    ))
    .await?;
    let h2 = net::negotiated_h2(&tls);
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
        #[cfg(not(feature = "http2"))]
        return Err(CheckError::new(
            ErrorKind::Config,
            "this probe was built without HTTP/2; rebuild it with `probekit build --with http2`",
        ));
        #[cfg(feature = "http2")]
        {
            let executor = hyper_util::rt::TokioExecutor::new();
            let (sender, conn) = hyper::client::conn::http2::handshake(executor, io)
                .await
                .map_err(failed)?;
            let driver = Driver(tokio::spawn(async move {
                let _ = conn.await;
            }));
            return Ok(Connection {
                sender: Sender::H2(sender),
                _driver: driver,
            });
        }
    }
    let (sender, conn) = hyper::client::conn::http1::Builder::new()
        .max_buf_size(MAX_HEAD_BYTES)
        .max_headers(MAX_HEADERS)
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

/// Largest response head (status line and headers) accepted from a server.
const MAX_HEAD_BYTES: usize = 256 << 10;
/// Most headers accepted in a response (hyper's default is 100; some servers send more).
const MAX_HEADERS: usize = 500;

/// A failed exchange: a TLS alert the server sent after the handshake (TLS 1.3 refuses a missing
/// or unknown client certificate then) is a TLS error; anything else a protocol error.
fn hyper_error(e: &hyper::Error) -> CheckError {
    #[cfg(feature = "tls")]
    {
        use std::error::Error as _;
        let mut source = e.source();
        while let Some(s) = source {
            let alert = s
                .downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<rustls::Error>());
            if let Some(rustls::Error::AlertReceived(alert)) = alert {
                return CheckError::new(ErrorKind::Tls, super::super::tls::describe_alert(*alert));
            }
            source = s.source();
        }
    }
    let text = describe_hyper(e);
    // HTTP/2 keeps the alert inside its own error type: read it from the words.
    #[cfg(feature = "tls")]
    if let Some(at) = text.find("received fatal alert: ") {
        let name = &text[at + 22..];
        let name = &name[..name
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(name.len())];
        return CheckError::new(ErrorKind::Tls, super::super::tls::refusal(name));
    }
    let mut error = CheckError::new(ErrorKind::Protocol, text);
    // What came back is not an HTTP head (`give_up_on: bad_response` where it is the
    // response's).
    if e.is_parse() || e.is_parse_status() {
        error.after_sent = Some(crate::suite::AfterSent::BadResponse);
    }
    error
}

/// A hyper error with its cause, in words.
fn describe_hyper(e: &hyper::Error) -> String {
    use std::error::Error as _;
    let mut text = if e.is_incomplete_message() {
        "the server closed the connection before a complete response".to_string()
    } else if e.is_parse() && e.to_string().contains("too large") {
        // hyper reports both limits as one error: name both.
        format!(
            "the response head is larger than {} KiB or has more than {MAX_HEADERS} headers",
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
            Some(io) => net::describe_io(io),
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

    /// Checked without sending anything: the address is never connected to.
    #[test]
    fn redirects_to_link_local_metadata_are_refused() {
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1]/",
            "http://[fd00:ec2::254]/",
            "http://[::ffff:169.254.169.254]/",
            "http://metadata.google.internal/computeMetadata/v1/",
        ] {
            assert!(
                forbidden_redirect(&parse_url(url).unwrap()).is_some(),
                "{url}"
            );
        }
        for url in [
            "http://127.0.0.1:8080/",
            "https://example.internal/",
            "http://[::1]/",
        ] {
            assert!(
                forbidden_redirect(&parse_url(url).unwrap()).is_none(),
                "{url}"
            );
        }
    }
}
