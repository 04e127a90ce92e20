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
