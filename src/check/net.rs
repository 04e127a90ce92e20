//! Name resolution, TCP connect and TLS handshake, each timed as its own phase. Shared by the
//! HTTP and TCP checks so that both name and measure their phases the same way.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use serde::Serialize;
use tokio::net::TcpStream;
use tokio::time::Instant;

use super::tls::{Alpn, TlsInfo};
use super::{CheckError, Engine, ErrorKind};
use crate::suite::{IpVersion, TlsOptions};

/// A TLS connection over TCP.
#[cfg(feature = "tls")]
pub type TlsStream = tokio_rustls::client::TlsStream<TcpStream>;
/// Without the `tls` feature no TLS connection is ever made ([`tls_handshake`] fails); the type
/// only keeps the callers' signatures whole.
#[cfg(not(feature = "tls"))]
pub type TlsStream = TcpStream;

/// The phases of a network probe, in order. Timeouts name the phase they interrupted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Phase {
    #[default]
    Resolve,
    Connect,
    Tls,
    /// Request sent, waiting for the response head (blackbox_exporter's `processing`).
    FirstByte,
    /// Reading the body or a TCP response.
    Transfer,
}

impl Phase {
    pub fn doing(self) -> &'static str {
        match self {
            Phase::Resolve => "resolving the host name",
            Phase::Connect => "connecting",
            Phase::Tls => "in the TLS handshake",
            Phase::FirstByte => "waiting for the response",
            Phase::Transfer => "reading the response",
        }
    }
}

/// Time spent in each phase, summed over redirects.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Timings {
    #[serde(serialize_with = "seconds")]
    pub dns: Duration,
    #[serde(serialize_with = "seconds")]
    pub connect: Duration,
    #[serde(serialize_with = "seconds")]
    pub tls: Duration,
    #[serde(serialize_with = "seconds")]
    pub first_byte: Duration,
    #[serde(serialize_with = "seconds")]
    pub transfer: Duration,
}

pub fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// Where a TCP-based probe went, for the JSON report (OpenTelemetry's names).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Endpoint {
    #[serde(rename = "server.address")]
    pub host: String,
    #[serde(rename = "server.port")]
    pub port: u16,
    #[serde(
        rename = "network.peer.address",
        skip_serializing_if = "Option::is_none"
    )]
    pub peer: Option<String>,
    /// Every address the host name resolved to (none for an IP address).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resolved: Vec<String>,
    pub timings: Timings,
}

impl Endpoint {
    /// What the probe's progress measured: its phases, the peer, the resolved addresses.
    pub fn record(&mut self, progress: &Progress) {
        self.timings = progress.timings;
        self.peer = progress.peer.map(|a| a.to_string());
        self.resolved = progress.resolved_ips();
    }
}

/// Where a probe is in its phases, and how long each took: written as the probe goes, so a
/// timeout can say where it struck and keep the timings measured until then.
#[derive(Debug, Default)]
pub struct Progress {
    pub phase: Phase,
    pub timings: Timings,
    pub peer: Option<SocketAddr>,
    /// Every address the last host name resolved to, in the resolver's order.
    pub resolved: Vec<SocketAddr>,
}

impl Progress {
    /// The addresses the last host name resolved to, as reports show them.
    pub fn resolved_ips(&self) -> Vec<String> {
        self.resolved.iter().map(|a| a.ip().to_string()).collect()
    }

    pub fn timeout_error(&self, timeout: Duration) -> CheckError {
        CheckError::new(
            ErrorKind::Timeout,
            format!(
                "timed out after {} {}",
                crate::units::write_budget(timeout),
                self.phase.doing()
            ),
        )
    }
}

/// The addresses to connect to for `host`, held to the `targets` allowlist when the probe runs
/// under one ([`super::allow::within`]).
pub async fn resolve(
    host: &str,
    port: u16,
    ip: IpVersion,
    progress: &mut Progress,
) -> Result<Vec<SocketAddr>, CheckError> {
    super::allow::admit_endpoint(host, port)?;
    let addrs = lookup(host, port, ip, progress).await?;
    super::allow::admit_addresses(host, &addrs)?;
    Ok(addrs)
}

/// [`resolve`] for what the operator configured rather than what a request named: a proxy.
pub async fn lookup(
    host: &str,
    port: u16,
    ip: IpVersion,
    progress: &mut Progress,
) -> Result<Vec<SocketAddr>, CheckError> {
    progress.phase = Phase::Resolve;
    // A redirect to an IP address resolves nothing: the last hop's names are not this one's.
    progress.resolved.clear();
    if let Ok(addr) = host.parse::<IpAddr>() {
        if !ip.admits(addr) {
            return Err(CheckError::new(
                ErrorKind::Config,
                format!(
                    "`{host}` is not an {} address (ip: {})",
                    family(ip),
                    ip_word(ip)
                ),
            ));
        }
        return Ok(vec![SocketAddr::new(addr, port)]);
    }
    let started = Instant::now();
    let found = tokio::net::lookup_host((host, port)).await;
    progress.timings.dns += started.elapsed();
    let addrs: Vec<SocketAddr> = found
        .map_err(|e| CheckError::new(ErrorKind::Dns, format!("cannot resolve `{host}`: {e}")))?
        .collect();
    if addrs.is_empty() {
        return Err(CheckError::new(
            ErrorKind::Dns,
            format!("`{host}` resolves to no address"),
        ));
    }
    progress.resolved.clone_from(&addrs);
    let admitted: Vec<SocketAddr> = addrs.into_iter().filter(|a| ip.admits(a.ip())).collect();
    if admitted.is_empty() {
        let all = progress.resolved_ips();
        return Err(CheckError::new(
            ErrorKind::Dns,
            format!(
                "`{host}` has no {} address (ip: {}); it resolves to {}",
                family(ip),
                ip_word(ip),
                all.join(", ")
            ),
        ));
    }
    Ok(admitted)
}

fn family(ip: IpVersion) -> &'static str {
    match ip {
        IpVersion::V6 => "IPv6",
        _ => "IPv4",
    }
}

fn ip_word(ip: IpVersion) -> &'static str {
    match ip {
        IpVersion::Any => "any",
        IpVersion::V4 => "4",
        IpVersion::V6 => "6",
    }
}

/// Connects to the first address that accepts, each attempt bounded by `connect_deadline`.
pub async fn connect(
    addrs: &[SocketAddr],
    connect_deadline: Option<Instant>,
    progress: &mut Progress,
) -> Result<TcpStream, CheckError> {
    progress.phase = Phase::Connect;
    let started = Instant::now();
    let mut last = None;
    for addr in addrs {
        let attempt = TcpStream::connect(addr);
        let result = match connect_deadline {
            Some(d) => match tokio::time::timeout_at(d, attempt).await {
                Ok(r) => r,
                Err(_) => {
                    progress.timings.connect += started.elapsed();
                    return Err(CheckError::new(
                        ErrorKind::Timeout,
                        format!("connect to {addr} timed out (connect_timeout)"),
                    ));
                }
            },
            None => attempt.await,
        };
        match result {
            Ok(stream) => {
                progress.timings.connect += started.elapsed();
                // No TCP_NODELAY here: a plain request is one write, which Nagle never holds
                // back, and the syscall is 10% of a loopback probe's. TLS and HTTP/2, which
                // write several times, set it (see `tls_handshake`).
                progress.peer = Some(*addr);
                return Ok(stream);
            }
            Err(e) => last = Some((addr, e)),
        }
    }
    progress.timings.connect += started.elapsed();
    let (addr, e) = last.map_or_else(
        || (String::from("?"), String::from("no address")),
        |(a, e)| (a.to_string(), describe_io(&e)),
    );
    Err(CheckError::new(
        ErrorKind::Connect,
        format!("cannot connect to {addr}: {e}"),
    ))
}

#[cfg(feature = "tls")]
pub async fn tls_handshake(
    engine: &Engine,
    stream: TcpStream,
    host: &str,
    opts: &TlsOptions,
    alpn: Alpn,
    progress: &mut Progress,
) -> Result<(TlsStream, TlsInfo), CheckError> {
    use super::tls::{describe_error, server_name};
    progress.phase = Phase::Tls;
    // The handshake's last flight and the first request are written back to back: without
    // NODELAY, Nagle would hold the request until the server acknowledges (up to 40 ms).
    let _ = stream.set_nodelay(true);
    let started = Instant::now();
    let config = engine
        .tls
        .get(opts, alpn)
        .map_err(|e| CheckError::new(ErrorKind::Config, e))?;
    let name = server_name(host, opts).map_err(|e| CheckError::new(ErrorKind::Config, e))?;
    let result = tokio_rustls::TlsConnector::from(config)
        .connect(name, stream)
        .await;
    progress.timings.tls += started.elapsed();
    let tls = result.map_err(|e| CheckError::new(ErrorKind::Tls, describe_error(&e)))?;
    let info = TlsInfo::from_connection(tls.get_ref().1);
    Ok((tls, info))
}

#[cfg(not(feature = "tls"))]
pub async fn tls_handshake(
    _engine: &Engine,
    _stream: TcpStream,
    _host: &str,
    _opts: &TlsOptions,
    _alpn: Alpn,
    progress: &mut Progress,
) -> Result<(TlsStream, TlsInfo), CheckError> {
    progress.phase = Phase::Tls;
    Err(CheckError::new(
        ErrorKind::Config,
        "this probe was built without TLS support; rebuild it with `probekit build --with tls`",
    ))
}

/// Whether the server chose HTTP/2 by ALPN.
#[cfg(feature = "tls")]
pub fn negotiated_h2(tls: &TlsStream) -> bool {
    tls.get_ref().1.alpn_protocol() == Some(b"h2")
}

#[cfg(not(feature = "tls"))]
pub fn negotiated_h2(_tls: &TlsStream) -> bool {
    false
}

/// An I/O error without Rust's `(os error 111)` noise.
pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
        std::io::ErrorKind::ConnectionReset => "connection reset by peer".into(),
        std::io::ErrorKind::TimedOut => "timed out".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text,
            }
        }
    }
}
