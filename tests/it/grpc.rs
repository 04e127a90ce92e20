//! gRPC health probes against a real gRPC server (Python's grpcio with its standard health
//! service), in the clear and over TLS, and against servers that are not gRPC at all.

use std::process::{Child, Command};

use super::database::localhost_cert;
use super::*;

const SERVER: &str = r#"
import sys, time
from concurrent import futures
import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
h = health.HealthServicer()
h.set("", health_pb2.HealthCheckResponse.SERVING)
h.set("db", health_pb2.HealthCheckResponse.NOT_SERVING)
health_pb2_grpc.add_HealthServicer_to_server(h, server)
port = server.add_insecure_port("127.0.0.1:0")
if len(sys.argv) > 2:
    creds = grpc.ssl_server_credentials([(open(sys.argv[2], "rb").read(), open(sys.argv[1], "rb").read())])
    # (127.0.0.1 only: "localhost" binds the port on each address it resolves to, and the
    # second bind fails where another test holds that port there.)
    tls_port = server.add_secure_port("127.0.0.1:0", creds)
else:
    tls_port = 0
server.start()
print(port, tls_port, flush=True)
time.sleep(600)
"#;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The plain and the TLS port of a health server with `""` SERVING and `db` NOT_SERVING.
fn server(cert: &Path, key: &Path) -> (Server, u16, u16) {
    let (child, line) = spawn_announcing(
        Command::new("python3")
            .args(["-c", SERVER])
            .arg(cert)
            .arg(key),
    );
    let ports: Vec<u16> = line
        .split_whitespace()
        .map(|p| p.parse().expect("ports"))
        .collect();
    assert_eq!(ports.len(), 2, "the gRPC server did not start: {line:?}");
    (Server(child), ports[0], ports[1])
}

#[test]
fn health_checks_in_the_clear_and_over_tls() {
    let w = World::new();
    let (cert, key) = localhost_cert();
    let cert_path = w.write("cert.pem", &cert);
    let key_path = w.write("key.pem", &key);
    let (_server, plain, tls) = server(&cert_path, &key_path);
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let suite = format!(
        r#"
probes:
  - name: server
    grpc: "127.0.0.1:{plain}"
  - name: db-down
    grpc: {{address: "127.0.0.1:{plain}", service: db}}
  - name: db-down-expected
    grpc: {{address: "127.0.0.1:{plain}", service: db}}
    expect: {{status: [NOT_SERVING]}}
  - name: unknown-service
    grpc: {{address: "127.0.0.1:{plain}", service: nope}}
  - name: tls
    grpc: {{address: "localhost:{tls}", tls: true, ca_file: "{ca}"}}
    expect: {{cert_san: [localhost], latency: "< 5s"}}
  - name: tls-unverified
    grpc: {{address: "localhost:{tls}", tls: true}}
  - name: not-grpc
    grpc: "{http}"
  - name: silent
    grpc: {{address: "127.0.0.1:{silent}", timeout: 1s}}
"#,
        ca = cert_path.display(),
        http = w.target.tcp,
        silent = silent.local_addr().unwrap().port(),
    );
    let path = w.write("grpc.yaml", &suite);
    let run = Run::from(
        probekit()
            .arg("run")
            .arg(&path)
            .args(["--no-progress", "--format", "json"])
            .output()
            .unwrap(),
    );
    let report = run.json();
    assert_eq!(run.code, 1, "{}\n{report:#}", run.stderr);
    assert_statuses(
        &report,
        &[
            ("server", "pass"),
            ("db-down", "fail"),
            ("db-down-expected", "pass"),
            ("unknown-service", "fail"),
            ("tls", "pass"),
            ("tls-unverified", "error"),
            ("not-grpc", "error"),
            ("silent", "error"),
        ],
    );
    assert!(
        reason(&report, "db-down").contains("expected serving_status SERVING, got NOT_SERVING"),
        "{}",
        reason(&report, "db-down")
    );
    assert_eq!(probe(&report, "unknown-service")["grpc"]["grpc_status"], 5);
    assert_eq!(probe(&report, "tls")["grpc"]["tls"]["version"], "TLS 1.3");
    assert_eq!(probe(&report, "tls-unverified")["error"]["type"], "tls");
    assert_eq!(probe(&report, "not-grpc")["error"]["type"], "protocol");
    assert_eq!(probe(&report, "silent")["error"]["type"], "timeout");
    let prom = Run::from(
        probekit()
            .arg("run")
            .arg(&path)
            .args(["--no-progress", "--format", "prometheus"])
            .output()
            .unwrap(),
    );
    let (valid, why) = promtool_check(prom.stdout.as_bytes());
    assert!(valid, "{why}\n{}", prom.stdout);
    assert!(prom.stdout.contains(
        "probe_grpc_healthcheck_response{suite=\"grpc\",probe=\"server\",serving_status=\"SERVING\"} 1"
    ), "{}", prom.stdout);
    let one = cli([
        "check",
        "grpc",
        &format!("127.0.0.1:{plain}"),
        "--service",
        "db",
        "--expect-status",
        "NOT_SERVING",
    ]);
    assert_eq!(one.code, 0, "{}{}", one.stdout, one.stderr);
}
