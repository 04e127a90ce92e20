//! Hostile targets: a chaos server with one loopback listener per misbehaviour, and for each an
//! assertion that probekit reports it precisely and on time (timeout + 50 ms at most).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use super::*;

/// How a chaos listener treats each connection.
#[derive(Clone, Copy)]
enum Behaviour {
    /// Accepts, reads, never answers.
    Silent,
    /// Sends a response head one byte every 200 ms.
    SlowHeaders,
    /// A chunked body that never ends.
    EndlessBody,
    /// 1 MB of headers.
    HugeHeaders,
    /// 150 small headers: more than hyper's default of 100, far under the size limit.
    ManyHeaders,
    /// Announces 100,000 bytes, sends 100, then resets the connection.
    ResetMidBody,
    /// Not HTTP at all.
    NotHttp,
    /// Announces 100 bytes, sends 10, closes.
    ShortBody,
    /// A chunked body whose chunk size is not hexadecimal.
    BadChunked,
    /// A gzip body that would inflate to 100 MB (probekit does not inflate).
    GzipBomb,
    /// Accepts and closes at once.
    AcceptClose,
}

fn read_head(stream: &mut TcpStream) {
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

fn behave(mut s: TcpStream, how: Behaviour, gzip: &[u8]) {
    match how {
        Behaviour::AcceptClose => {}
        Behaviour::Silent => {
            read_head(&mut s);
            std::thread::sleep(Duration::from_secs(10));
        }
        Behaviour::SlowHeaders => {
            read_head(&mut s);
            for b in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" {
                if s.write_all(&[*b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        Behaviour::EndlessBody => {
            read_head(&mut s);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            let chunk = format!("{:x}\r\n{}\r\n", 4096, "y".repeat(4096));
            for _ in 0..100_000 {
                if s.write_all(chunk.as_bytes()).is_err() {
                    return;
                }
            }
        }
        Behaviour::HugeHeaders => {
            read_head(&mut s);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\n");
            for i in 0..16_384 {
                if write!(s, "X-Filler-{i}: {}\r\n", "z".repeat(50)).is_err() {
                    return;
                }
            }
            let _ = s.write_all(b"Content-Length: 0\r\n\r\n");
        }
        Behaviour::ManyHeaders => {
            read_head(&mut s);
            let mut head = String::from("HTTP/1.1 200 OK\r\n");
            for i in 0..150 {
                head.push_str(&format!("X-H{i}: v\r\n"));
            }
            head.push_str("Content-Length: 2\r\n\r\nok");
            let _ = s.write_all(head.as_bytes());
        }
        Behaviour::ResetMidBody => {
            read_head(&mut s);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
            let _ = s.write_all(&[b'x'; 100]);
            std::thread::sleep(Duration::from_millis(50));
            // SO_LINGER 0: close sends RST.
            let linger = libc::linger {
                l_onoff: 1,
                l_linger: 0,
            };
            use std::os::fd::AsRawFd;
            // SAFETY: setsockopt on a socket we own, with a correctly sized value.
            unsafe {
                libc::setsockopt(
                    s.as_raw_fd(),
                    libc::SOL_SOCKET,
                    libc::SO_LINGER,
                    (&linger as *const libc::linger).cast(),
                    std::mem::size_of::<libc::linger>() as libc::socklen_t,
                );
            }
        }
        Behaviour::NotHttp => {
            let _ = s.write_all(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
            read_head(&mut s);
        }
        Behaviour::ShortBody => {
            read_head(&mut s);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
        }
        Behaviour::BadChunked => {
            read_head(&mut s);
            let _ = s.write_all(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nhello\r\n0\r\n\r\n",
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        Behaviour::GzipBomb => {
            read_head(&mut s);
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
                gzip.len()
            );
            let _ = s.write_all(gzip);
        }
    }
}

/// Starts a listener with `how`; its port.
fn chaos(how: Behaviour, gzip: std::sync::Arc<Vec<u8>>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let gzip = gzip.clone();
            std::thread::spawn(move || behave(stream, how, &gzip));
        }
    });
    port
}

fn gzip_bomb() -> Vec<u8> {
    let out = std::process::Command::new("sh")
        .args(["-c", "head -c 100000000 /dev/zero | gzip -c"])
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

#[test]
fn hostile_http_targets_are_reported_precisely_and_on_time() {
    let w = World::new();
    let gzip = std::sync::Arc::new(gzip_bomb());
    let port = |b| chaos(b, gzip.clone());
    let cases = [
        (
            "silent",
            port(Behaviour::Silent),
            "error",
            Some("timeout"),
            "timed out",
        ),
        (
            "slow-headers",
            port(Behaviour::SlowHeaders),
            "error",
            Some("timeout"),
            "timed out",
        ),
        (
            "endless-body",
            port(Behaviour::EndlessBody),
            "pass",
            None,
            "",
        ),
        (
            "huge-headers",
            port(Behaviour::HugeHeaders),
            "error",
            Some("protocol"),
            "head",
        ),
        (
            "many-headers",
            port(Behaviour::ManyHeaders),
            "pass",
            None,
            "",
        ),
        (
            "reset-mid-body",
            port(Behaviour::ResetMidBody),
            "error",
            None,
            "reset",
        ),
        (
            "not-http",
            port(Behaviour::NotHttp),
            "error",
            Some("protocol"),
            "",
        ),
        ("short-body", port(Behaviour::ShortBody), "error", None, ""),
        (
            "bad-chunked",
            port(Behaviour::BadChunked),
            "error",
            Some("protocol"),
            "",
        ),
        ("gzip-bomb", port(Behaviour::GzipBomb), "pass", None, ""),
        (
            "accept-close",
            port(Behaviour::AcceptClose),
            "error",
            None,
            "",
        ),
    ];
    let mut suite = String::from("concurrency: 16\nprobes:\n");
    for (name, port, _, _, _) in &cases {
        suite.push_str(&format!(
            "  - name: {name}\n    http: {{url: \"http://127.0.0.1:{port}/\", timeout: 1s, max_body: 64KiB}}\n"
        ));
    }
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (name, _, status, kind, words) in cases {
        let p = probe(&report, name);
        assert_eq!(p["status"], status, "{name}: {p:#}");
        let took = p["duration_seconds"].as_f64().unwrap();
        assert!(took <= 1.05, "{name} took {took}s");
        if status == "error" {
            let message = p["error"]["message"].as_str().unwrap();
            assert!(!message.is_empty(), "{name}");
            if let Some(kind) = kind {
                assert_eq!(p["error"]["type"], kind, "{name}: {message}");
            }
            assert!(
                message.contains(words),
                "{name}: {message:?} lacks {words:?}"
            );
        }
    }
    // Bodies are capped (reading stops after the frame that crosses the cap), never inflated.
    for name in ["endless-body", "gzip-bomb"] {
        let http = &probe(&report, name)["http"];
        let read = http["http.response.body.size"].as_u64().unwrap();
        assert!(read <= 64 * 1024 + 512 * 1024, "{name} read {read} bytes");
        assert_eq!(http["body_truncated"], true, "{name}");
    }
    assert!(report["duration_seconds"].as_f64().unwrap() < 1.3);
}

#[test]
fn hostile_tcp_targets() {
    let w = World::new();
    let gzip = std::sync::Arc::new(Vec::new());
    let close = chaos(Behaviour::AcceptClose, gzip.clone());
    let silent = chaos(Behaviour::Silent, gzip);
    let suite = format!(
        r#"
probes:
  - name: closes
    tcp: {{address: "127.0.0.1:{close}", send: "PING\r\n", timeout: 1s}}
    expect: {{response: {{contains: "+PONG"}}}}
  - name: no-banner
    tcp: {{address: "127.0.0.1:{silent}", timeout: 500ms}}
    expect: {{response: {{contains: "SSH-"}}}}
  - name: connect-only-is-fine
    tcp: "127.0.0.1:{silent}"
"#
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1);
    let closes = probe(&report, "closes");
    assert_eq!(closes["status"], "fail", "{closes:#}");
    assert!(
        reason(&report, "closes").contains("got \"\""),
        "{}",
        reason(&report, "closes")
    );
    let banner = probe(&report, "no-banner");
    assert!(
        banner["duration_seconds"].as_f64().unwrap() <= 0.55,
        "{banner:#}"
    );
    assert_ne!(banner["status"], "pass");
    assert_eq!(probe(&report, "connect-only-is-fine")["status"], "pass");
}

#[test]
fn credentials_do_not_follow_a_redirect_to_another_host() {
    let w = World::new();
    // A server on 127.0.0.2 that echoes the request headers: "another host".
    let listener = TcpListener::bind("127.0.0.2:0").unwrap();
    let other = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let mut head = Vec::new();
            let mut buf = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let body = String::from_utf8_lossy(&head).replace("\r\n", "|");
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let suite = format!(
        r#"
probes:
  - name: cross-host
    http:
      url: "http://user:pass@{{{{ base | replace('http://', '') }}}}/redirect-to?location=http://127.0.0.2:{other}/x"
      headers: {{Authorization: "Bearer secret-token", Cookie: "c=1", X-Harmless: "kept"}}
    expect: {{body: {{not_contains: [Bearer, "c=1", Basic]}}}}
"#
    );
    let (run, report) = w.run_json(&suite, &[]);
    let p = probe(&report, "cross-host");
    assert_eq!(run.code, 0, "{p:#}");
    assert_eq!(p["http"]["redirects"], 1);
    assert!(
        p["http"]["url.full"]
            .as_str()
            .unwrap()
            .contains("127.0.0.2"),
        "{p:#}"
    );
}
