//! TCP probes: connect, optionally over TLS, optionally send a line and read until the expected
//! response has arrived (or the peer closes, the cap is reached, or the deadline passes).

use std::time::Duration;

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::time::Instant;

use super::net::{Endpoint, Phase, Progress, connect, resolve, tls_handshake};
use super::tls::{Alpn, TlsInfo};
use super::{CheckError, Engine, ErrorKind, Secrets};
use crate::expect::{Facts, TextExpect, evaluate};
use crate::suite::TcpCheck;

/// `host:port` or `[v6]:port` into its parts.
pub fn split_address(text: &str) -> Result<(String, u16), String> {
    let bad = || {
        format!(
            "`{text}` is not an address; write `host:port`, e.g. `127.0.0.1:5432` or `[::1]:6379`"
        )
    };
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let (host, port) = rest.split_once("]:").ok_or_else(bad)?;
        (host, port)
    } else {
        let (host, port) = text.rsplit_once(':').ok_or_else(bad)?;
        if host.contains(':') {
            return Err(format!(
                "`{text}`: write IPv6 addresses in brackets, e.g. `[::1]:6379`"
            ));
        }
        (host, port)
    };
    if host.is_empty() {
        return Err(bad());
    }
    match port.parse::<u16>() {
        Ok(p) if p > 0 => Ok((host.to_string(), p)),
        _ => Err(format!(
            "`{port}` is not a port number (1–65535) in `{text}`"
        )),
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct TcpDetails {
    #[serde(flatten)]
    pub endpoint: Endpoint,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsInfo>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub response: String,
    pub response_bytes: u64,
}

#[derive(Debug, Default)]
pub struct TcpObservation {
    pub target: String,
    pub details: TcpDetails,
    pub error: Option<CheckError>,
    response: Vec<u8>,
    progress: Progress,
    /// A `tls` probe's: its details are reported under `tls`, its version is an attribute.
    dedicated: bool,
    attributes: Vec<crate::expect::Attribute>,
}

impl super::Observation for TcpObservation {
    fn facts(&self, duration: Duration) -> Facts<'_> {
        let mut f = Facts::new(duration);
        f.response = Some(&self.response);
        f.cert_not_after = self.details.tls.as_ref().map(TlsInfo::not_after);
        f.tls = self.details.tls.as_ref().map(TlsInfo::names);
        f.attributes = &self.attributes;
        f
    }

    fn error(&self) -> Option<&CheckError> {
        self.error.as_ref()
    }

    fn into_parts(self) -> (String, Option<CheckError>, super::Details) {
        let details = if self.dedicated {
            super::Details::Tls(Box::new(self.details))
        } else {
            super::Details::Tcp(Box::new(self.details))
        };
        (self.target, self.error, details)
    }
}

/// A tcp probe, or with `dedicated` a `tls` probe (reported as such).
pub async fn run(
    engine: &Engine,
    check: &TcpCheck,
    dedicated: bool,
    wanted: Option<&TextExpect>,
    deadline: Instant,
    secrets: &mut Secrets,
) -> TcpObservation {
    let mut obs = TcpObservation {
        target: check.address.to_string(),
        dedicated,
        ..Default::default()
    };
    let address = match super::resolved(&check.address) {
        Ok(a) => a,
        Err(e) => {
            obs.error = Some(e);
            return obs;
        }
    };
    let (host, port) = match split_address(&address) {
        Ok(hp) => hp,
        Err(e) => {
            obs.error = Some(CheckError::new(ErrorKind::Config, e));
            return obs;
        }
    };
    obs.target = match (check.starttls, &check.tls) {
        (Some(p), _) => format!("{address} (starttls {})", p.as_str()),
        (None, Some(_)) => format!("{address} (tls)"),
        (None, None) => address.clone(),
    };
    obs.details.endpoint.host = host.clone();
    obs.details.endpoint.port = port;
    let send = match check.send.as_ref().map(|s| secrets.resolve(s)).transpose() {
        Ok(s) => s,
        Err(e) => {
            obs.error = Some(e);
            return obs;
        }
    };
    let started = Instant::now();
    let mut response = Vec::new();
    // Boxed: the conversation's state (resolve, connect, STARTTLS, handshake) stays off the
    // probe's future.
    let result = Box::pin(converse(
        engine,
        check,
        &host,
        port,
        send.as_deref(),
        wanted,
        deadline,
        &mut obs,
        &mut response,
    ))
    .await;
    obs.details.endpoint.record(&obs.progress);
    obs.details.response_bytes = response.len() as u64;
    obs.details.response = String::from_utf8_lossy(&response).into_owned();
    obs.response = response;
    if let Err(e) = result {
        obs.error = Some(if e.kind == ErrorKind::Timeout && e.message.is_empty() {
            obs.progress
                .timeout_error(deadline.saturating_duration_since(started))
        } else {
            e
        });
    }
    obs
}

#[allow(clippy::too_many_arguments)]
async fn converse(
    engine: &Engine,
    check: &TcpCheck,
    host: &str,
    port: u16,
    send: Option<&str>,
    wanted: Option<&TextExpect>,
    deadline: Instant,
    obs: &mut TcpObservation,
    response: &mut Vec<u8>,
) -> Result<(), CheckError> {
    let timed_out = || CheckError::new(ErrorKind::Timeout, "");
    let progress = &mut obs.progress;
    let addrs = tokio::time::timeout_at(deadline, resolve(host, port, check.ip, progress))
        .await
        .map_err(|_| timed_out())??;
    #[cfg_attr(not(feature = "tls"), allow(unused_mut))]
    let mut stream = tokio::time::timeout_at(deadline, connect(&addrs, None, progress))
        .await
        .map_err(|_| timed_out())??;
    // STARTTLS only leads to a handshake: a probe built without TLS has neither.
    #[cfg(feature = "tls")]
    if let Some(proto) = check.starttls {
        progress.phase = Phase::Tls;
        let started = Instant::now();
        let done = Box::pin(super::starttls::start(&mut stream, proto, deadline)).await;
        progress.timings.tls += started.elapsed();
        done?;
    }
    match &check.tls {
        None => {
            talk(
                stream,
                send,
                wanted,
                check.max_response,
                deadline,
                progress,
                response,
            )
            .await
        }
        Some(opts) => {
            let (tls, info) = tokio::time::timeout_at(
                deadline,
                Box::pin(tls_handshake(
                    engine,
                    stream,
                    host,
                    opts,
                    Alpn::None,
                    progress,
                )),
            )
            .await
            .map_err(|_| timed_out())??;
            obs.attributes = vec![crate::expect::Attribute {
                name: "tls_version",
                spellings: vec![info.version.clone()],
            }];
            obs.details.tls = Some(info);
            talk(
                tls,
                send,
                wanted,
                check.max_response,
                deadline,
                &mut obs.progress,
                response,
            )
            .await
        }
    }
}

/// Whether `wanted`, once it holds on a response's beginning, holds on the whole of it:
/// text it contains, or a regex that does not ask where the text or a line ends (`$`, `\z`,
/// `\b`: a match of `imok$` in `imok` of `imokay\n`).
fn holds_for_good(wanted: &TextExpect) -> bool {
    use crate::expect::TextRule;
    wanted.0.iter().all(|rule| match rule {
        TextRule::Contains(_) => true,
        TextRule::Matches(re) => {
            let text = re.as_str();
            !["$", "\\z", "\\Z", "\\b", "\\B", "\\>"]
                .iter()
                .any(|anchor| text.contains(anchor))
        }
        _ => false,
    })
}

/// Sends `send`, then reads until `wanted` holds. Running out of time while reading is not an
/// error: the response assertion reports what did arrive.
async fn talk<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    send: Option<&str>,
    wanted: Option<&TextExpect>,
    cap: usize,
    deadline: Instant,
    progress: &mut Progress,
    response: &mut Vec<u8>,
) -> Result<(), CheckError> {
    let io_error = |what: &str, e: std::io::Error| {
        CheckError::new(
            ErrorKind::Io,
            format!("{what} failed: {}", super::net::describe_io(&e)),
        )
    };
    progress.phase = Phase::Transfer;
    let started = Instant::now();
    // A peer that closes the connection ends the response. When a response is expected, that
    // is for the response rules to judge (they see what arrived), whether the close came before
    // or after our `send` was written: the same server then always gets the same verdict.
    let peer_closed = |e: &std::io::Error| {
        matches!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
        )
    };
    if let Some(data) = send {
        match tokio::time::timeout_at(deadline, stream.write_all(data.as_bytes())).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) if wanted.is_some() && peer_closed(&e) => return Ok(()),
            Ok(Err(e)) => return Err(io_error("sending", e)),
            Err(_) => return Err(CheckError::new(ErrorKind::Timeout, "")),
        }
    }
    if let Some(wanted) = wanted {
        // Built once: the rules are checked after every read.
        let expect = crate::expect::Expect {
            response: Some(wanted.clone()),
            ..Default::default()
        };
        let satisfied = |bytes: &[u8]| {
            let mut facts = Facts::new(Duration::ZERO);
            facts.response = Some(bytes);
            evaluate(&expect, &facts).iter().all(|a| a.pass)
        };
        // Rules that, once they hold on what has arrived, hold on whatever follows may end
        // the reading early; any other (`equals`, `not_contains`, a regex on where the text or
        // a line ends) is judged on the whole response: until the peer closes, the cap or
        // the deadline, as `nc` reads it.
        let early = holds_for_good(wanted);
        let mut buf = vec![0u8; 4096];
        while response.len() < cap && !(early && satisfied(response)) {
            match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
                Err(_) | Ok(Ok(0)) => break,
                Ok(Ok(n)) => response.extend_from_slice(&buf[..n.min(cap - response.len())]),
                Ok(Err(e)) if peer_closed(&e) => break,
                Ok(Err(e)) => return Err(io_error("reading", e)),
            }
        }
    }
    progress.timings.transfer += started.elapsed();
    let _ = tokio::time::timeout_at(deadline, stream.shutdown()).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_addresses() {
        assert_eq!(
            split_address("127.0.0.1:5432").unwrap(),
            ("127.0.0.1".into(), 5432)
        );
        assert_eq!(split_address("[::1]:6379").unwrap(), ("::1".into(), 6379));
        assert_eq!(
            split_address("db.internal:1").unwrap(),
            ("db.internal".into(), 1)
        );
        assert!(split_address("localhost").is_err());
        assert!(split_address("::1:80").unwrap_err().contains("brackets"));
        assert!(split_address("h:0").is_err());
        assert!(split_address("h:99999").is_err());
    }
}
