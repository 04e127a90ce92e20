//! gRPC health probes: the standard `grpc.health.v1.Health/Check` over HTTP/2, in the clear
//! (prior knowledge, as `grpc_health_probe` does without `-tls`) or over TLS (ALPN `h2`). The
//! request and the answer are one small protobuf message each, written and read here: the
//! request's field 1 is the service name, the answer's field 1 the serving status.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::TokioIo;
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::time::Instant;

use super::net::{Endpoint, Progress, connect, resolve, tls_handshake};
use super::tls::{Alpn, TlsInfo};
use super::{CheckError, Engine, ErrorKind};
use crate::expect::{Attribute, Facts};
use crate::suite::GrpcCheck;

/// Bytes of an answer read at most (a health answer is a few bytes).
const MAX_ANSWER: usize = 64 << 10;

#[derive(Clone, Debug, Default, Serialize)]
pub struct GrpcDetails {
    #[serde(flatten)]
    pub endpoint: Endpoint,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsInfo>,
    pub service: String,
    /// `grpc-status`: 0 is OK.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grpc_status: Option<u32>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub grpc_message: String,
    /// `SERVING`, `NOT_SERVING`, `UNKNOWN`, `SERVICE_UNKNOWN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serving_status: Option<&'static str>,
}

#[derive(Debug, Default)]
pub struct GrpcObservation {
    target: String,
    details: GrpcDetails,
    error: Option<CheckError>,
    progress: Progress,
    attributes: Vec<Attribute>,
}

impl super::Observation for GrpcObservation {
    fn facts(&self, duration: Duration) -> Facts<'_> {
        let mut f = Facts::new(duration);
        f.attributes = &self.attributes;
        f.cert_not_after = self.details.tls.as_ref().map(TlsInfo::not_after);
        f.tls = self.details.tls.as_ref().map(TlsInfo::names);
        f
    }

    fn error(&self) -> Option<&CheckError> {
        self.error.as_ref()
    }

    fn into_parts(self) -> (String, Option<CheckError>, super::Details) {
        (
            self.target,
            self.error,
            super::Details::Grpc(Box::new(self.details)),
        )
    }
}

/// A serving status by its number in `grpc.health.v1.HealthCheckResponse.ServingStatus`.
pub fn serving_status(n: u64) -> &'static str {
    usize::try_from(n)
        .ok()
        .and_then(|i| crate::suite::SERVING_STATUSES.get(i))
        .copied()
        .unwrap_or("UNKNOWN")
}

/// The names of the gRPC status codes, for reports.
fn status_name(code: u32) -> &'static str {
    const NAMES: [&str; 17] = [
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED",
    ];
    NAMES.get(code as usize).copied().unwrap_or("UNKNOWN")
}

/// The request message in its gRPC frame: uncompressed, length, `HealthCheckRequest`.
fn request_frame(service: &str) -> Vec<u8> {
    let mut message = Vec::new();
    if !service.is_empty() {
        message.push(0x0a);
        let mut len = service.len();
        while len >= 0x80 {
            message.push((len as u8) | 0x80);
            len >>= 7;
        }
        message.push(len as u8);
        message.extend_from_slice(service.as_bytes());
    }
    let mut frame = vec![0];
    frame.extend_from_slice(&(message.len() as u32).to_be_bytes());
    frame.extend_from_slice(&message);
    frame
}

fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, b) in bytes.iter().enumerate().take(10) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// The serving status in a framed `HealthCheckResponse`; field 1 absent is UNKNOWN (0).
fn read_answer(body: &[u8]) -> Result<u64, String> {
    if body.len() < 5 {
        return Err(format!(
            "an answer of {} bytes, shorter than a gRPC frame",
            body.len()
        ));
    }
    if body[0] != 0 {
        return Err("a compressed answer, which the probe did not ask for".into());
    }
    let len = u32::from_be_bytes([body[1], body[2], body[3], body[4]]) as usize;
    let message = body
        .get(5..5 + len)
        .ok_or_else(|| format!("a frame of {len} bytes cut short"))?;
    let mut i = 0;
    let mut status = 0;
    while i < message.len() {
        let (key, n) = varint(&message[i..]).ok_or("an unreadable field")?;
        i += n;
        match (key >> 3, key & 7) {
            (1, 0) => {
                let (v, n) = varint(&message[i..]).ok_or("an unreadable status")?;
                status = v;
                i += n;
            }
            // Fields a newer server may add: skipped by their wire type.
            (_, 0) => i += varint(&message[i..]).ok_or("an unreadable field")?.1,
            (_, 1) => i += 8,
            (_, 5) => i += 4,
            (_, 2) => {
                let (len, n) = varint(&message[i..]).ok_or("an unreadable field")?;
                i += n + len as usize;
            }
            _ => return Err("a field of an unknown wire type".into()),
        }
    }
    Ok(status)
}

pub async fn run(engine: &Engine, check: &GrpcCheck, deadline: Instant) -> GrpcObservation {
    let mut obs = GrpcObservation {
        target: check.address.to_string(),
        ..Default::default()
    };
    let result =
        tokio::time::timeout_at(deadline, Box::pin(converse(engine, check, &mut obs))).await;
    obs.details.endpoint.record(&obs.progress);
    match result {
        Err(_) => obs.error = Some(obs.progress.timeout_error(check.timeout)),
        Ok(Err(e)) => obs.error = Some(e),
        Ok(Ok(())) => {}
    }
    obs
}

fn protocol(message: impl Into<String>) -> CheckError {
    CheckError::new(ErrorKind::Protocol, message)
}

async fn converse(
    engine: &Engine,
    check: &GrpcCheck,
    obs: &mut GrpcObservation,
) -> Result<(), CheckError> {
    let config = |e: String| CheckError::new(ErrorKind::Config, e);
    let address = super::resolved(&check.address)?;
    let service = super::resolved(&check.service)?;
    let (host, port) = super::tcp::split_address(&address).map_err(config)?;
    obs.target = format!(
        "{address}{} {}",
        if check.tls.is_some() { " (tls)" } else { "" },
        if service.is_empty() {
            "(server)"
        } else {
            &service
        }
    );
    obs.details.service.clone_from(&service);
    obs.details.endpoint.host.clone_from(&host);
    obs.details.endpoint.port = port;
    let progress = &mut obs.progress;
    let addrs = resolve(&host, port, check.ip, progress).await?;
    let tcp = connect(&addrs, None, progress).await?;
    let _ = tcp.set_nodelay(true);
    let authority = if port == 443 && check.tls.is_some() {
        host.clone()
    } else {
        address.clone()
    };
    let (status, trailers_status, message, answer) = match &check.tls {
        None => ask(tcp, "http", &authority, &service).await?,
        Some(opts) => {
            let (tls, info) = Box::pin(tls_handshake(
                engine,
                tcp,
                &host,
                opts,
                Alpn::Http2,
                progress,
            ))
            .await?;
            if !super::net::negotiated_h2(&tls) {
                obs.details.tls = Some(info);
                return Err(protocol(
                    "the server did not agree to HTTP/2 (ALPN), which gRPC needs",
                ));
            }
            obs.details.tls = Some(info);
            ask(tls, "https", &authority, &service).await?
        }
    };
    if status != 200 {
        return Err(protocol(format!(
            "HTTP status {status}: not a gRPC server (a gRPC answer is always 200)"
        )));
    }
    let code = trailers_status.ok_or_else(|| protocol("the answer has no grpc-status"))?;
    obs.details.grpc_status = Some(code);
    obs.details.grpc_message = message;
    obs.attributes.push(Attribute {
        name: "grpc_status",
        spellings: vec![status_name(code).into(), code.to_string()],
    });
    let serving = if code == 0 {
        let n = read_answer(&answer).map_err(|e| protocol(format!("the health answer is {e}")))?;
        serving_status(n)
    } else {
        // NOT_FOUND is the health service's word for a service it does not know.
        if code == 5 {
            "SERVICE_UNKNOWN"
        } else {
            "UNKNOWN"
        }
    };
    obs.details.serving_status = Some(serving);
    obs.attributes.push(Attribute {
        name: "serving_status",
        spellings: vec![serving.into()],
    });
    Ok(())
}

/// One `Health/Check` call: the HTTP status, `grpc-status` (from the trailers, or from the
/// headers of a trailers-only answer), `grpc-message`, and the body.
async fn ask<S>(
    io: S,
    scheme: &str,
    authority: &str,
    service: &str,
) -> Result<(u16, Option<u32>, String, Bytes), CheckError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let failed = |e: hyper::Error| protocol(format!("HTTP/2: {e}"));
    let executor = hyper_util::rt::TokioExecutor::new();
    let (mut sender, conn) = hyper::client::conn::http2::handshake(executor, TokioIo::new(io))
        .await
        .map_err(failed)?;
    let driver = tokio::spawn(async move {
        let _ = conn.await;
    });
    let request = http::Request::post(format!(
        "{scheme}://{authority}/grpc.health.v1.Health/Check"
    ))
    .header(http::header::CONTENT_TYPE, "application/grpc")
    .header(http::header::TE, "trailers")
    .header(
        http::header::USER_AGENT,
        concat!("probekit/", env!("CARGO_PKG_VERSION")),
    )
    .body(Full::new(Bytes::from(request_frame(service))))
    .map_err(|e| protocol(e.to_string()))?;
    let result = async {
        let response = sender.send_request(request).await.map_err(failed)?;
        let status = response.status().as_u16();
        let header = |map: &http::HeaderMap, name: &str| {
            map.get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let head_status = header(response.headers(), "grpc-status");
        let head_message = header(response.headers(), "grpc-message");
        let collected = Limited::new(response.into_body(), MAX_ANSWER)
            .collect()
            .await
            .map_err(|e| protocol(format!("reading the answer: {e}")))?;
        let trailers = collected.trailers().cloned().unwrap_or_default();
        let code = header(&trailers, "grpc-status")
            .or(head_status)
            .and_then(|s| s.trim().parse().ok());
        let message = header(&trailers, "grpc-message")
            .or(head_message)
            .unwrap_or_default();
        Ok((status, code, message, collected.to_bytes()))
    }
    .await;
    driver.abort();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_answers_are_framed_protobuf() {
        assert_eq!(request_frame(""), [0, 0, 0, 0, 0]);
        assert_eq!(request_frame("db"), [0, 0, 0, 0, 4, 0x0a, 2, b'd', b'b']);
        assert_eq!(read_answer(&[0, 0, 0, 0, 2, 0x08, 1]).unwrap(), 1);
        assert_eq!(
            read_answer(&[0, 0, 0, 0, 0]).unwrap(),
            0,
            "all defaults: UNKNOWN"
        );
        // An unknown field before the status is skipped.
        assert_eq!(
            read_answer(&[0, 0, 0, 0, 5, 0x12, 1, b'x', 0x08, 2]).unwrap(),
            2
        );
        assert!(
            read_answer(&[1, 0, 0, 0, 0])
                .unwrap_err()
                .contains("compressed")
        );
        assert!(
            read_answer(&[0, 0, 0, 0, 9, 8])
                .unwrap_err()
                .contains("cut short")
        );
        assert_eq!(serving_status(1), "SERVING");
        assert_eq!(status_name(12), "UNIMPLEMENTED");
    }
}
