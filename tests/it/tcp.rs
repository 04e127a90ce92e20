//! TCP probes against the built-in line server.

use super::*;

#[test]
fn connect_send_and_expect() {
    let w = World::new();
    let port = closed_port();
    let (run, report) = w.run_json(
        &format!(
            r#"
probes:
  - name: ping
    tcp: {{address: "{{{{ tcp }}}}", send: "PING\r\n"}}
    expect: {{response: {{contains: "+PONG"}}, latency: "< 2s"}}
  - name: connect-only
    tcp: "{{{{ tcp }}}}"
  - name: wrong-answer
    tcp: {{address: "{{{{ tcp }}}}", send: "HELLO\n", timeout: 500ms}}
    expect: {{response: {{contains: "+PONG"}}}}
  - name: refused
    tcp: "127.0.0.1:{port}"
"#
        ),
        &[],
    );
    assert_eq!(run.code, 1);
    assert_eq!(probe(&report, "ping")["status"], "pass", "{report:#}");
    assert_eq!(probe(&report, "ping")["tcp"]["response"], "+PONG\r\n");
    assert_eq!(probe(&report, "connect-only")["status"], "pass");
    let wrong = probe(&report, "wrong-answer");
    assert_eq!(wrong["status"], "fail", "{wrong:#}");
    assert!(
        reason(&report, "wrong-answer")
            .contains("expected response to contain \"+PONG\", got \"HELLO")
    );
    // It stopped reading at the deadline, not later.
    assert!(wrong["duration_seconds"].as_f64().unwrap() < 0.6);
    let refused = probe(&report, "refused");
    assert_eq!(refused["status"], "error");
    assert_eq!(refused["error"]["type"], "connect");
}

/// A reply in two parts, 200 ms apart: `imok`, then `ay\n` and the close.
fn two_part_server() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            std::thread::spawn(move || {
                use std::io::{Read, Write};
                let mut first = [0u8; 16];
                let _ = conn.read(&mut first);
                let _ = conn.write_all(b"imok");
                std::thread::sleep(std::time::Duration::from_millis(200));
                let _ = conn.write_all(b"ay\n");
            });
        }
    });
    port
}

#[test]
fn a_rule_on_the_whole_reply_waits_for_the_whole_reply() {
    let w = World::new();
    let port = two_part_server();
    let (_, report) = w.run_json(
        &format!(
            r#"
probes:
  - name: whole
    tcp: {{address: "127.0.0.1:{port}", send: "ruok\n", timeout: 3s}}
    expect: {{response: {{matches: "\\Aimok\\n*\\z"}}}}
  - name: line-end
    tcp: {{address: "127.0.0.1:{port}", send: "ruok\n", timeout: 3s}}
    expect: {{response: {{matches: "(?m)^imok$"}}}}
  - name: absent
    tcp: {{address: "127.0.0.1:{port}", send: "ruok\n", timeout: 3s}}
    expect: {{response: {{not_contains: "kay"}}}}
  - name: contained
    tcp: {{address: "127.0.0.1:{port}", send: "ruok\n", timeout: 3s}}
    expect: {{response: {{contains: "imok"}}}}
"#
        ),
        &[],
    );
    // `imok` alone would pass the first three: they read on to the close.
    for name in ["whole", "line-end", "absent"] {
        assert_eq!(probe(&report, name)["status"], "fail", "{name}: {report:#}");
        assert_eq!(
            probe(&report, name)["tcp"]["response"],
            "imokay\n",
            "{name}"
        );
    }
    // Text the reply contains holds whatever follows: no need to wait for it.
    let contained = probe(&report, "contained");
    assert_eq!(contained["status"], "pass");
    assert!(
        contained["duration_seconds"].as_f64().unwrap() < 0.2,
        "{contained:#}"
    );
}
