//! TLS: verification on by default, CA files, server names, insecure opt-in, certificate expiry.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use super::*;

/// An HTTPS server on 127.0.0.1 with a self-signed certificate for `localhost` that expires in
/// `days` days; answers every request with 200 `ok`.
pub struct TlsServer {
    pub addr: SocketAddr,
    ca_pem: String,
    _runtime: tokio::runtime::Runtime,
}

/// (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u8, day as u8)
}

impl TlsServer {
    pub fn start(days: i64) -> TlsServer {
        TlsServer::valid_between(-30, days)
    }

    /// A certificate valid from `from` days to `to` days from today (negative: in the past).
    fn valid_between(from: i64, to: i64) -> TlsServer {
        let today = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            / 86_400;
        let date = |days: i64| {
            let (y, m, d) = civil_from_days(today + days);
            rcgen::date_time_ymd(y, m, d)
        };
        let mut params = rcgen::CertificateParams::new(vec!["localhost".into()]).unwrap();
        params.not_before = date(from);
        params.not_after = date(to);
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        TlsServer::serving(
            CertificateDer::from(cert.der().to_vec()),
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            cert.pem(),
            None,
        )
    }

    /// An HTTPS server presenting `cert`; `ca_pem` is what a client should trust.
    /// With `client_ca`, a client must present a certificate it issued (mutual TLS).
    fn serving(
        cert: CertificateDer<'static>,
        key: PrivateKeyDer<'static>,
        ca_pem: String,
        client_ca: Option<CertificateDer<'static>>,
    ) -> TlsServer {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .unwrap();
        let builder = match client_ca {
            None => builder.with_no_client_auth(),
            Some(ca) => {
                let mut roots = rustls::RootCertStore::empty();
                roots.add(ca).unwrap();
                let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                    Arc::new(roots),
                    provider,
                )
                .build()
                .unwrap();
                builder.with_client_cert_verifier(verifier)
            }
        };
        let config = builder.with_single_cert(vec![cert], key).unwrap();
        let mut config = config;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
                    serve(tls, h2).await;
                });
            }
        });
        TlsServer {
            addr,
            ca_pem,
            _runtime: runtime,
        }
    }
}

/// Answers every request on `io` with 200 `ok`, over HTTP/2 or HTTP/1.1.
async fn serve<S>(io: S, h2: bool)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(|_req| async {
        Ok::<_, std::convert::Infallible>(hyper::Response::new(http_body_util::Full::new(
            bytes::Bytes::from_static(b"ok"),
        )))
    });
    let io = hyper_util::rt::TokioIo::new(io);
    if h2 {
        let _ = hyper::server::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new())
            .serve_connection(io, service)
            .await;
    } else {
        let _ = hyper::server::conn::http1::Builder::new()
            .serve_connection(io, service)
            .await;
    }
}

#[test]
fn http2_is_negotiated_or_spoken_with_prior_knowledge() {
    let server = TlsServer::start(90);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let h2c = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let h2c_port = h2c.local_addr().unwrap().port();
    runtime.spawn(async move {
        while let Ok((stream, _)) = h2c.accept().await {
            tokio::spawn(serve(stream, true));
        }
    });
    let w = World::new();
    let port = server.addr.port();
    let suite = format!(
        r#"
probes:
  - name: negotiated
    http: {{url: "https://127.0.0.1:{port}/", insecure: true}}
    expect: {{body: {{equals: ok}}}}
  - name: forced-1-1
    http: {{url: "https://127.0.0.1:{port}/", insecure: true, version: "1.1"}}
  - name: prior-knowledge
    http: {{url: "http://127.0.0.1:{h2c_port}/", version: "2"}}
    expect: {{body: {{equals: ok}}}}
"#
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 0, "{report:#}");
    let version = |name| probe(&report, name)["http"]["network.protocol.version"].clone();
    assert_eq!(version("negotiated"), "2");
    assert_eq!(version("forced-1-1"), "1.1");
    assert_eq!(version("prior-knowledge"), "2");
}

#[test]
fn certificates_are_verified_unless_told_otherwise() {
    let server = TlsServer::start(10);
    let w = World::new();
    let ca = w.write("ca.pem", &server.ca_pem);
    let port = server.addr.port();
    let suite = format!(
        r#"
probes:
  - name: untrusted
    http: "https://localhost:{port}/"
  - name: trusted-ca
    http: {{url: "https://localhost:{port}/", ca_file: "{ca}"}}
  - name: wrong-name
    http: {{url: "https://127.0.0.1:{port}/", ca_file: "{ca}"}}
  - name: server-name
    http: {{url: "https://127.0.0.1:{port}/", ca_file: "{ca}", server_name: localhost}}
  - name: insecure
    http: {{url: "https://127.0.0.1:{port}/", insecure: true}}
    expect: {{body: {{equals: ok}}}}
"#,
        ca = ca.display()
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1);
    for name in ["untrusted", "wrong-name"] {
        let p = probe(&report, name);
        assert_eq!(p["status"], "error", "{p:#}");
        assert_eq!(p["error"]["type"], "tls", "{p:#}");
    }
    assert!(
        probe(&report, "untrusted")["error"]["message"]
            .as_str()
            .unwrap()
            .contains("certificate"),
        "{report:#}"
    );
    for name in ["trusted-ca", "server-name", "insecure"] {
        let p = probe(&report, name);
        assert_eq!(p["status"], "pass", "{p:#}");
        assert!(
            p["http"]["tls"]["version"]
                .as_str()
                .unwrap()
                .starts_with("TLS 1.")
        );
        assert!(p["http"]["timings"]["tls"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn certificate_expiry_is_checked_over_http_and_tcp() {
    let server = TlsServer::start(10);
    let w = World::new();
    let port = server.addr.port();
    let suite = format!(
        r#"
probes:
  - name: http-expires-soon
    http: {{url: "https://127.0.0.1:{port}/", insecure: true}}
    expect: {{cert_expiry: "> 30d"}}
  - name: http-good-enough
    http: {{url: "https://127.0.0.1:{port}/", insecure: true}}
    expect: {{cert_expiry: "> 5d"}}
  - name: tcp-expires-soon
    tcp: {{address: "127.0.0.1:{port}", tls: true, insecure: true}}
    expect: {{cert_expiry: "> 30d"}}
  - name: plain-http-has-no-certificate
    http: "{{{{ base }}}}/health"
    expect: {{cert_expiry: "> 1d"}}
"#
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        probe(&report, "http-good-enough")["status"],
        "pass",
        "{report:#}"
    );
    for name in ["http-expires-soon", "tcp-expires-soon"] {
        let r = reason(&report, name);
        assert_eq!(probe(&report, name)["status"], "fail", "{report:#}");
        assert!(
            r.starts_with("expected certificate validity > 30d, got 9d "),
            "{name}: {r}"
        );
    }
    let plain = reason(&report, "plain-http-has-no-certificate");
    assert!(plain.contains("no TLS connection"), "{plain}");
}

#[test]
fn expired_and_not_yet_valid_certificates_are_errors() {
    let expired = TlsServer::valid_between(-60, -1);
    let early = TlsServer::valid_between(10, 60);
    let w = World::new();
    let ca_expired = w.write("expired.pem", &expired.ca_pem);
    let ca_early = w.write("early.pem", &early.ca_pem);
    let suite = format!(
        r#"
probes:
  - name: expired
    http: {{url: "https://localhost:{}/", ca_file: "{}"}}
  - name: not-yet-valid
    http: {{url: "https://localhost:{}/", ca_file: "{}"}}
  - name: expired-but-insecure
    http: {{url: "https://localhost:{}/", insecure: true}}
    expect: {{cert_expiry: "> 0s"}}
"#,
        expired.addr.port(),
        ca_expired.display(),
        early.addr.port(),
        ca_early.display(),
        expired.addr.port(),
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1);
    let message = |name| {
        probe(&report, name)["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(probe(&report, "expired")["error"]["type"], "tls");
    assert!(
        message("expired").contains("the certificate has expired"),
        "{}",
        message("expired")
    );
    assert!(
        message("not-yet-valid").contains("not valid yet"),
        "{}",
        message("not-yet-valid")
    );
    // With verification off the handshake succeeds, and the expiry check still catches it.
    let r = reason(&report, "expired-but-insecure");
    assert!(
        r.starts_with("expected certificate validity > 0s, got expired "),
        "{r}"
    );
}

#[test]
fn an_http2_stream_reset_is_an_error() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    runtime.spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                // A service that fails: hyper resets the stream (RST_STREAM).
                let service = hyper::service::service_fn(|_req| async {
                    Err::<hyper::Response<http_body_util::Full<bytes::Bytes>>, _>(
                        std::io::Error::other("refused"),
                    )
                });
                let _ =
                    hyper::server::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new())
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
            });
        }
    });
    let w = World::new();
    let (run, report) = w.run_json(
        &format!(
            "probes:\n  - name: reset\n    http: {{url: \"http://127.0.0.1:{port}/\", version: \"2\", timeout: 2s}}\n"
        ),
        &[],
    );
    assert_eq!(run.code, 1);
    let p = probe(&report, "reset");
    assert_eq!(p["status"], "error", "{p:#}");
    assert!(p["duration_seconds"].as_f64().unwrap() < 1.0, "{p:#}");
    let message = p["error"]["message"].as_str().unwrap();
    assert!(message.contains("stream"), "{message}");
}

#[test]
fn a_weak_certificate_is_refused() {
    use rustls::pki_types::pem::PemObject;
    let w = World::new();
    // Signed with SHA-1, made by openssl (rcgen and ring make no weak certificates).
    let made = std::process::Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-sha1", "-nodes", "-days", "30",
        ])
        .args([
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-addext",
            "basicConstraints=critical,CA:FALSE",
        ])
        .arg("-keyout")
        .arg(w.dir.path().join("key.pem"))
        .arg("-out")
        .arg(w.dir.path().join("cert.pem"))
        .output()
        .expect("openssl (Debian package openssl)");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let cert_pem = std::fs::read_to_string(w.dir.path().join("cert.pem")).unwrap();
    let key = PrivateKeyDer::from_pem_file(w.dir.path().join("key.pem")).unwrap();
    let cert = CertificateDer::from_pem_slice(cert_pem.as_bytes()).unwrap();
    let server = TlsServer::serving(cert, key, cert_pem, None);
    let ca = w.write("weak-ca.pem", &server.ca_pem);
    let suite = format!(
        "probes:\n  - name: weak\n    http: {{url: \"https://localhost:{}/\", ca_file: \"{}\"}}\n",
        server.addr.port(),
        ca.display()
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1);
    let p = probe(&report, "weak");
    assert_eq!(p["status"], "error", "{p:#}");
    assert_eq!(p["error"]["type"], "tls", "{p:#}");
    let message = p["error"]["message"].as_str().unwrap();
    assert!(message.contains("too weak to trust"), "{message}");
}

#[test]
fn no_system_trust_store_is_a_clear_error() {
    let server = TlsServer::start(30);
    let w = World::new();
    let url = format!("https://localhost:{}/", server.addr.port());
    let run = Run::from(
        probekit()
            .args(["check", "http", &url, "--format", "json"])
            .env("SSL_CERT_FILE", "/dev/null")
            .env("SSL_CERT_DIR", w.dir.path())
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let message = report["probes"][0]["error"]["message"].as_str().unwrap();
    assert!(message.contains("no trusted CA certificates"), "{message}");
}

/// check_http's `-C 30,14`: warn within 30 days, critical within 14 (`--cert-warning`,
/// `--cert-critical`), in a suite as levels of `cert_expiry`.
#[test]
fn certificate_expiry_has_warning_and_critical_levels() {
    let server = TlsServer::start(20);
    let url = format!("https://127.0.0.1:{}/", server.addr.port());
    let check = |warning: &str, critical: &str| {
        cli([
            "check",
            "http",
            url.as_str(),
            "--insecure",
            "--format",
            "nagios",
            "--cert-warning",
            warning,
            "--cert-critical",
            critical,
        ])
    };
    let run = check("30d", "14d");
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("certificate validity >= 30d, got 19d"),
        "{}",
        run.stdout
    );
    assert_eq!(check("40d", "25d").code, 2);
    assert_eq!(check("10d", "5d").code, 0);

    let w = World::new();
    let suite = format!(
        "probes:\n  - name: cert\n    http: {{url: \"{url}\", insecure: true}}\n    expect: {{cert_expiry: {{warning: 30d, critical: \"< 14d\"}}}}\n"
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 0, "{report:#}");
    assert_eq!(probe(&report, "cert")["status"], "warn", "{report:#}");
}

/// Mutual TLS: a server that requires a client certificate refuses a probe without one and
/// accepts `client_cert`/`client_key` (relative to the suite), in a suite and in `check http`.
#[test]
fn client_certificates_are_presented_to_servers_that_require_them() {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let client_key = rcgen::KeyPair::generate().unwrap();
    let client = rcgen::CertificateParams::new(vec!["probe.client".into()])
        .unwrap()
        .signed_by(&client_key, &issuer)
        .unwrap();
    let server_key = rcgen::KeyPair::generate().unwrap();
    let server_cert = rcgen::CertificateParams::new(vec!["localhost".into()])
        .unwrap()
        .self_signed(&server_key)
        .unwrap();
    let server = TlsServer::serving(
        CertificateDer::from(server_cert.der().to_vec()),
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
        server_cert.pem(),
        Some(CertificateDer::from(ca.der().to_vec())),
    );
    let w = World::new();
    w.write("certs/client.pem", &client.pem());
    w.write("certs/client.key", &client_key.serialize_pem());
    w.write("certs/not-a-key.pem", &client.pem());
    let url = format!("https://127.0.0.1:{}/", server.addr.port());
    let suite = format!(
        r#"
probes:
  - name: with-identity
    http: {{url: "{url}", insecure: true, client_cert: certs/client.pem, client_key: certs/client.key}}
  - name: without
    http: {{url: "{url}", insecure: true}}
  - name: tcp-with-identity
    tcp: {{address: "127.0.0.1:{}", tls: true, insecure: true, client_cert: certs/client.pem, client_key: certs/client.key}}
"#,
        server.addr.port()
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1, "{report:#}");
    assert_statuses(
        &report,
        &[("with-identity", "pass"), ("tcp-with-identity", "pass")],
    );
    let without = probe(&report, "without");
    // TLS 1.3 refuses a missing client certificate after the handshake: the alert arrives
    // while the request is sent (a TLS error naming client_cert) or, when the write loses the
    // race, as a closed connection.
    assert_eq!(without["status"], "error", "{without:#}");
    let message = without["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("client certificate")
            || message.contains("closed")
            || message.contains("broken pipe"),
        "{without:#}"
    );

    let check = cli([
        "check",
        "http",
        url.as_str(),
        "--insecure",
        "--cert",
        w.dir.path().join("certs/client.pem").to_str().unwrap(),
        "--key",
        w.dir.path().join("certs/client.key").to_str().unwrap(),
    ]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);

    // A key file that holds no key, and a certificate without its key, are load errors.
    let broken = format!(
        "probes:\n  - name: a\n    http: {{url: \"{url}\", client_cert: certs/client.pem, client_key: certs/not-a-key.pem}}\n  - name: b\n    http: {{url: \"{url}\", client_cert: certs/client.pem}}\n"
    );
    let run = w.run(&broken, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("holds no PEM private key"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("needs both `client_cert` and `client_key`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("PRIVATE KEY"), "{}", run.stderr);
}

/// TLS facts: the issuer and subject names and the names the certificate covers.
#[test]
fn certificate_names_are_checked() {
    let server = TlsServer::start(30);
    let w = World::new();
    let port = server.addr.port();
    let suite = format!(
        r#"
probes:
  - name: names
    http: {{url: "https://127.0.0.1:{port}/", insecure: true}}
    expect:
      cert_issuer: rcgen
      cert_subject: {{matches: "CN=rcgen"}}
      cert_san: [localhost, LOCALHOST]
  - name: wrong-names
    tcp: {{address: "127.0.0.1:{port}", tls: true, insecure: true}}
    expect:
      cert_issuer: {{equals: "CN=Some Other CA"}}
      cert_san: [api.example.com]
"#
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1, "{report:#}");
    let names = probe(&report, "names");
    assert_eq!(names["status"], "pass", "{report:#}");
    assert_eq!(names["http"]["tls"]["san"][0], "localhost", "{names:#}");
    let r = reason(&report, "wrong-names");
    assert!(
        r.contains("expected certificate issuer to equal \"CN=Some Other CA\", got \"CN=rcgen"),
        "{r}"
    );
    assert!(
        r.contains("expected certificate names to cover \"api.example.com\", got localhost"),
        "{r}"
    );
}
