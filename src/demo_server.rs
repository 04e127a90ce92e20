//! A built-in target: an HTTP server and a line-protocol TCP server on 127.0.0.1, with healthy,
//! failing, slow and misbehaving endpoints. `probekit demo` runs the example suite against it;
//! the tests and benchmarks use it as a real server on a real socket.
//!
//! HTTP routes:
//! - `/health` — 200, `{"status":"UP",…}`; `/checkout` — 503, `{"status":"DOWN",…}`
//! - `/status/{code}` — that status; `/sleep/{ms}` — 200 after a delay
//! - `/bytes/{n}` — n bytes of body; `/flaky/{key}/{n}` — 503 for the first n requests per key
//! - `/redirect/{n}` — a chain of n redirects ending at /health; `/loop` — redirects to itself;
//!   `/redirect-to?location=URL` — redirects there
//! - `/headers` — the request headers as JSON; `/set-header?name=value` — echoes it as a header
//! - `/login` — sets a session cookie (`HttpOnly; Secure`) and `lang=en`
//! - `/metrics` — requests served by status, a gauge and a histogram (OpenMetrics when asked)
//!
//! TCP: answers `+PONG\r\n` to a line `PING`, echoes anything else.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncBufReadExt, AsyncReadExt as _, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Largest `/bytes/{n}` body served.
const MAX_BYTES: usize = 64 << 20;
/// Longest `/sleep/{ms}` delay.
const MAX_SLEEP: Duration = Duration::from_secs(60);

pub struct Target {
    pub http: SocketAddr,
    pub tcp: SocketAddr,
    tasks: Vec<JoinHandle<()>>,
}

impl Target {
    /// Binds both servers on 127.0.0.1 with ports chosen by the kernel.
    pub async fn start() -> std::io::Result<Target> {
        Target::start_on(0, 0).await
    }

    /// Binds on the given ports of 127.0.0.1 (0: chosen by the kernel).
    pub async fn start_on(http_port: u16, tcp_port: u16) -> std::io::Result<Target> {
        let http = TcpListener::bind(("127.0.0.1", http_port)).await?;
        let tcp = TcpListener::bind(("127.0.0.1", tcp_port)).await?;
        let (http_addr, tcp_addr) = (http.local_addr()?, tcp.local_addr()?);
        let state = Arc::new(State::default());
        let tasks = vec![
            tokio::spawn(serve_http(http, state)),
            tokio::spawn(serve_tcp(tcp)),
        ];
        Ok(Target {
            http: http_addr,
            tcp: tcp_addr,
            tasks,
        })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.http)
    }
}

/// A [`Target`] on a thread and runtime of its own, for callers that are not async (the demo,
/// CLI tests, benchmarks). Stops when dropped.
pub struct Background {
    pub http: SocketAddr,
    pub tcp: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Background {
    pub fn start() -> std::io::Result<Background> {
        let (addrs_tx, addrs_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("probekit-target".into())
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = addrs_tx.send(Err(e));
                        return;
                    }
                };
                rt.block_on(async move {
                    match Target::start().await {
                        Ok(target) => {
                            let _ = addrs_tx.send(Ok((target.http, target.tcp)));
                            let _ = stop_rx.await;
                        }
                        Err(e) => {
                            let _ = addrs_tx.send(Err(e));
                        }
                    }
                });
            })?;
        let (http, tcp) = addrs_rx
            .recv()
            .map_err(|_| std::io::Error::other("the target thread ended before it started"))??;
        Ok(Background {
            http,
            tcp,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.http)
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

#[derive(Default)]
struct State {
    flaky: Mutex<HashMap<String, u32>>,
    /// Requests served, by status code (for `/metrics`).
    served: Mutex<std::collections::BTreeMap<u16, u64>>,
}

/// `/metrics`: the requests served so far, in OpenMetrics when the client asks for it (as
/// Prometheus does) and in the text format 0.0.4 otherwise.
fn metrics_page(state: &State, accept: &str) -> Response<Full<Bytes>> {
    let openmetrics = accept.contains("application/openmetrics-text");
    let served = state
        .served
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let mut page = String::new();
    let counter = if openmetrics {
        "# TYPE target_requests counter\n# HELP target_requests Requests served, by status code.\n"
    } else {
        "# HELP target_requests_total Requests served, by status code.\n# TYPE target_requests_total counter\n"
    };
    page.push_str(counter);
    for (code, n) in &served {
        page.push_str(&format!("target_requests_total{{code=\"{code}\"}} {n}\n"));
    }
    page.push_str(
        "# HELP target_queue_depth Jobs waiting.\n# TYPE target_queue_depth gauge\ntarget_queue_depth{queue=\"email\"} 3\ntarget_queue_depth{queue=\"billing\"} 0\n",
    );
    page.push_str(
        "# HELP target_request_duration_seconds Request latency.\n# TYPE target_request_duration_seconds histogram\ntarget_request_duration_seconds_bucket{le=\"0.01\"} 90\ntarget_request_duration_seconds_bucket{le=\"0.1\"} 99\ntarget_request_duration_seconds_bucket{le=\"+Inf\"} 100\ntarget_request_duration_seconds_sum 1.7\ntarget_request_duration_seconds_count 100\n",
    );
    let content_type = if openmetrics {
        page.push_str("# EOF\n");
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    } else {
        "text/plain; version=0.0.4; charset=utf-8"
    };
    reply(200, content_type, page)
}

async fn serve_http(listener: TcpListener, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| handle(req, state.clone()));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn reply(status: u16, content_type: &str, body: impl Into<Bytes>) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(body.into()));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = header::HeaderValue::from_str(content_type) {
        resp.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    resp
}

fn redirect(to: &str) -> Response<Full<Bytes>> {
    let mut resp = reply(302, "text/plain", "");
    if let Ok(v) = header::HeaderValue::from_str(to) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

async fn handle(
    req: Request<Incoming>,
    state: Arc<State>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_string();
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let json = "application/json";
    let resp = match parts.as_slice() {
        ["metrics"] => {
            let accept = req
                .headers()
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            metrics_page(&state, accept)
        }
        ["health"] => reply(
            200,
            json,
            r#"{"status":"UP","checks":{"db":"UP","cache":"UP"},"version":"1.4.2"}"#,
        ),
        ["checkout"] => reply(
            503,
            json,
            r#"{"status":"DOWN","reason":"payment provider unreachable"}"#,
        ),
        ["status", code] => reply(
            code.parse().unwrap_or(400),
            "text/plain",
            format!("status {code}\n"),
        ),
        ["sleep", ms] => {
            let delay = Duration::from_millis(ms.parse().unwrap_or(0)).min(MAX_SLEEP);
            tokio::time::sleep(delay).await;
            reply(200, "text/plain", "slept\n")
        }
        ["bytes", n] => reply(
            200,
            "application/octet-stream",
            vec![b'x'; n.parse::<usize>().unwrap_or(0).min(MAX_BYTES)],
        ),
        ["flaky", key, n] => {
            let failures: u32 = n.parse().unwrap_or(0);
            let seen = {
                let mut map = state.flaky.lock().unwrap_or_else(|e| e.into_inner());
                let count = map.entry((*key).to_string()).or_insert(0);
                *count += 1;
                *count
            };
            if seen <= failures {
                reply(503, "text/plain", format!("failure {seen} of {failures}\n"))
            } else {
                reply(200, "text/plain", "recovered\n")
            }
        }
        ["redirect", n] => match n.parse::<u32>() {
            Ok(0) | Err(_) => redirect("/health"),
            Ok(n) => redirect(&format!("/redirect/{}", n - 1)),
        },
        ["loop"] => redirect("/loop"),
        ["redirect-to"] => {
            let to = req
                .uri()
                .query()
                .and_then(|q| q.strip_prefix("location="))
                .unwrap_or("/health")
                .to_string();
            redirect(&to)
        }
        // A login-like answer: a session cookie (HttpOnly, Secure) and a plain one.
        ["login"] => {
            let mut resp = reply(200, "text/plain", "welcome\n");
            for cookie in [
                "session=8f14e45fceea167a5a36dedd4bea2543; Path=/; HttpOnly; Secure",
                "lang=en; Path=/",
            ] {
                resp.headers_mut()
                    .append(header::SET_COOKIE, header::HeaderValue::from_static(cookie));
            }
            resp
        }
        ["headers"] => {
            let map: serde_json::Map<String, serde_json::Value> = req
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_string(),
                        serde_json::Value::String(
                            String::from_utf8_lossy(v.as_bytes()).into_owned(),
                        ),
                    )
                })
                .collect();
            reply(200, json, serde_json::Value::Object(map).to_string())
        }
        ["set-header"] => {
            let mut resp = reply(200, "text/plain", "ok\n");
            for pair in req.uri().query().unwrap_or_default().split('&') {
                if let Some((k, v)) = pair.split_once('=')
                    && let (Ok(k), Ok(v)) = (
                        header::HeaderName::from_bytes(k.as_bytes()),
                        header::HeaderValue::from_str(v),
                    )
                {
                    resp.headers_mut().append(k, v);
                }
            }
            resp
        }
        _ => reply(404, "text/plain", "not found\n"),
    };
    *state
        .served
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(resp.status().as_u16())
        .or_insert(0) += 1;
    Ok(resp)
}

async fn serve_tcp(listener: TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        tokio::spawn(async move {
            let (read, mut write) = stream.into_split();
            let mut lines = BufReader::new(read.take(64 << 10)).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let answer = if line.trim() == "PING" {
                    "+PONG\r\n".to_string()
                } else {
                    format!("{line}\n")
                };
                if write.write_all(answer.as_bytes()).await.is_err() {
                    break;
                }
            }
        });
    }
}
