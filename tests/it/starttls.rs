//! `tls` probes: a handshake after the STARTTLS exchange of smtp, imap, pop3, ldap (Python
//! stand-ins that speak the exchange, then real TLS with Python's ssl module) and postgres (a
//! real PostgreSQL), with the certificate's expiry, names and the protocol version checked.

use std::process::{Child, Command};

use super::database::{Postgres, localhost_cert};
use super::*;

const STUB: &str = r#"
import socket, ssl, sys
mode, cert, key = sys.argv[1:4]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(cert, key)
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen()
print(srv.getsockname()[1], flush=True)
def line(c):
    data = b""
    while not data.endswith(b"\n"):
        b = c.recv(1)
        if not b: break
        data += b
    return data
while True:
    c, _ = srv.accept()
    try:
        if mode.startswith("smtp"):
            c.sendall(b"220-mail.test ESMTP\r\n220 ready\r\n"); line(c)
            c.sendall(b"250-mail.test\r\n250-SIZE 1000\r\n250 STARTTLS\r\n"); line(c)
            if mode == "smtp-refuse":
                c.sendall(b"454 4.7.0 TLS not available\r\n"); c.close(); continue
            c.sendall(b"220 go ahead\r\n")
        elif mode == "imap":
            c.sendall(b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n"); tag = line(c).split()[0]
            c.sendall(b"* informational\r\n" + tag + b" OK Begin TLS\r\n")
        elif mode == "pop3":
            c.sendall(b"+OK POP3 ready\r\n"); line(c); c.sendall(b"+OK begin TLS\r\n")
        elif mode == "ldap":
            c.recv(64)
            c.sendall(b"\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x00\x04\x00\x04\x00")
        elif mode == "plain-greeting":
            c.sendall(b"SSH-2.0-OpenSSH_9.2\r\n"); c.close(); continue
        t = ctx.wrap_socket(c, server_side=True)
        t.recv(1)
        t.close()
    except Exception:
        c.close()
"#;

struct Stub(Child, u16);

impl Drop for Stub {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn stub(mode: &str, cert: &Path, key: &Path) -> Stub {
    let (child, line) = spawn_announcing(
        Command::new("python3")
            .args(["-c", STUB, mode])
            .arg(cert)
            .arg(key),
    );
    let port = line.trim().parse().unwrap();
    Stub(child, port)
}

#[test]
fn starttls_then_the_certificate_is_checked() {
    let w = World::new();
    let (cert, key) = localhost_cert();
    let cert_path = w.write("cert.pem", &cert);
    let key_path = w.write("key.pem", &key);
    let modes = [
        "smtp",
        "smtp-refuse",
        "imap",
        "pop3",
        "ldap",
        "plain-greeting",
    ];
    let stubs: Vec<Stub> = modes
        .iter()
        .map(|m| stub(m, &cert_path, &key_path))
        .collect();
    let pg = Postgres::start(w.dir.path(), &cert, &key);
    let mut suite = String::from("probes:\n");
    for (mode, s) in modes.iter().zip(&stubs) {
        let proto = mode.split('-').next().unwrap();
        let proto = if proto == "plain" { "smtp" } else { proto };
        suite.push_str(&format!(
            "  - name: {mode}\n    tls: {{address: \"localhost:{}\", starttls: {proto}, ca_file: \"{}\", timeout: 3s}}\n    expect: {{cert_expiry: \"> 30d\", cert_san: [localhost], version: [\"TLS 1.2\", \"TLS 1.3\"]}}\n",
            s.1,
            cert_path.display()
        ));
    }
    suite.push_str(&format!(
        "  - name: postgres\n    tls: {{address: \"localhost:{}\", starttls: postgres, ca_file: \"{}\"}}\n    expect: {{version: \"TLS 1.3\", cert_subject: {{contains: \"\"}}}}\n",
        pg.port,
        cert_path.display()
    ));
    suite.push_str(&format!(
        "  - name: expiring\n    tls: {{address: \"localhost:{}\", starttls: pop3, ca_file: \"{}\"}}\n    expect: {{cert_expiry: {{warning: \"< 1000000d\"}}}}\n",
        stubs[3].1,
        cert_path.display()
    ));
    suite.push_str(&format!(
        "  - name: unverified\n    tls: {{address: \"localhost:{}\", starttls: imap}}\n",
        stubs[2].1
    ));
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1, "{}\n{report:#}", run.stderr);
    assert_statuses(
        &report,
        &[
            ("smtp", "pass"),
            ("smtp-refuse", "error"),
            ("imap", "pass"),
            ("pop3", "pass"),
            ("ldap", "pass"),
            ("plain-greeting", "error"),
            ("postgres", "pass"),
            ("expiring", "warn"),
            ("unverified", "error"),
        ],
    );
    assert!(
        reason(&report, "smtp-refuse").contains("454 4.7.0 TLS not available"),
        "{}",
        reason(&report, "smtp-refuse")
    );
    assert!(
        reason(&report, "plain-greeting").contains("SSH-2.0"),
        "{}",
        reason(&report, "plain-greeting")
    );
    assert_eq!(probe(&report, "unverified")["error"]["type"], "tls");
    assert_eq!(probe(&report, "smtp")["tls"]["tls"]["san"][0], "localhost");
    let prom = w.run(&suite, &["--format", "prometheus"]);
    assert!(
        prom.stdout
            .contains("probe_ssl_earliest_cert_expiry{suite=\"suite\",probe=\"smtp\"}"),
        "{}",
        prom.stdout
    );
    // The one-liner.
    let run = cli([
        "check",
        "tls",
        &format!("localhost:{}", stubs[0].1),
        "--starttls",
        "smtp",
        "--ca-file",
        cert_path.to_str().unwrap(),
        "--min-cert-validity",
        "30d",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}
