//! HTTP probes against the built-in target.

use super::*;

#[test]
fn a_healthy_endpoint_passes_with_phase_timings() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: health
    http: "{{ base }}/health"
    expect:
      status: 200
      latency: "< 2s"
      headers: {content-type: {contains: json}}
      body: {json: {status: UP}, contains: '"checks"'}
"#,
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let p = probe(&report, "health");
    assert_eq!(p["status"], "pass");
    assert_eq!(p["kind"], "http");
    assert_eq!(p["attempts"], 1);
    assert_eq!(p["http"]["http.response.status_code"], 200);
    let timings = &p["http"]["timings"];
    for phase in ["connect", "first_byte", "transfer"] {
        assert!(timings[phase].as_f64().is_some(), "no {phase} in {timings}");
    }
    let assertions = p["assertions"].as_array().unwrap();
    assert!(assertions.len() >= 5, "{assertions:#?}");
    assert!(assertions.iter().all(|a| a["pass"] == true));
    assert_eq!(report["summary"]["pass"], 1);
    assert_eq!(report["schema_version"], 1);
}

/// Every kind of HTTP expectation, each failing for a reason the report spells out.
const EVERY_FAILURE: &str = r#"
suite: failures
probes:
  - name: status
    http: "{{ base }}/checkout"
    expect: {status: 200}
  - name: status-class
    http: "{{ base }}/status/404"
    expect: {status: [2xx, 301]}
  - name: latency
    http: "{{ base }}/sleep/30"
    expect: {latency: "< 1ms"}
  - name: body-contains
    http: "{{ base }}/health"
    expect: {body: {contains: DOWN}}
  - name: body-not-contains
    http: "{{ base }}/health"
    expect: {body: {not_contains: UP}}
  - name: body-equals
    http: "{{ base }}/status/200"
    expect: {body: {equals: fine}}
  - name: body-matches
    http: "{{ base }}/health"
    expect: {body: {matches: '"version":\s*"2\.'}}
  - name: body-json
    http: "{{ base }}/health"
    expect: {body: {json: {checks.db: DOWN}}}
  - name: body-json-missing
    http: "{{ base }}/health"
    expect: {body: {json: {$.nope: 1}}}
  - name: header-equals
    http: "{{ base }}/set-header?x-mode=blue"
    expect: {headers: {x-mode: green}}
  - name: header-contains
    http: "{{ base }}/set-header?x-mode=blue"
    expect: {headers: {x-mode: {contains: re}}}
  - name: header-matches
    http: "{{ base }}/set-header?x-mode=blue"
    expect: {headers: {x-mode: {matches: '^g'}}}
  - name: header-present
    http: "{{ base }}/health"
    expect: {headers: {x-request-id: {present: true}}}
  - name: header-absent
    http: "{{ base }}/health"
    expect: {headers: {content-type: {present: false}}}
"#;

#[test]
fn each_expectation_type_fails_with_its_reason() {
    let w = World::new();
    let (run, report) = w.run_json(EVERY_FAILURE, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(report["summary"]["fail"], 14, "{report:#}");
    let expected = [
        ("status", "expected status 200, got 503"),
        ("status-class", "expected status 2xx or 301, got 404"),
        ("latency", "expected latency < 1ms, got "),
        (
            "body-contains",
            "expected body to contain \"DOWN\", got \"{\\\"status\\\":\\\"UP\\\"",
        ),
        ("body-not-contains", "expected body not to contain \"UP\""),
        (
            "body-equals",
            "expected body to equal \"fine\", got \"status 200\\n\"",
        ),
        (
            "body-matches",
            "expected body to match /\"version\":\\s*\"2\\./",
        ),
        (
            "body-json",
            "expected body $.checks.db == \"DOWN\", got \"UP\"",
        ),
        (
            "body-json-missing",
            "expected body $.nope == 1, got nothing at that path",
        ),
        (
            "header-equals",
            "expected header x-mode to equal \"green\", got \"blue\"",
        ),
        (
            "header-contains",
            "expected header x-mode to contain \"re\", got \"blue\"",
        ),
        (
            "header-matches",
            "expected header x-mode to match /^g/, got \"blue\"",
        ),
        (
            "header-present",
            "expected header x-request-id to be present, got no such header",
        ),
        (
            "header-absent",
            "expected header content-type to be absent, got \"application/json\"",
        ),
    ];
    for (name, text) in expected {
        let r = reason(&report, name);
        assert!(r.contains(text), "{name}: reason {r:?} lacks {text:?}");
        assert_eq!(probe(&report, name)["status"], "fail");
    }
}

/// JSON rules and the text rules a script's `jq`, `sed` trim, `wc -l` and `test -gt` become,
/// each passing on the built-in health page and failing with its reason when it should.
#[test]
fn json_and_text_rules_read_values_as_scripts_do() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: passes
    http: "{{ base }}/health"
    expect:
      body:
        trimmed: '{"status":"UP","checks":{"db":"UP","cache":"UP"},"version":"1.4.2"}'
        lines: "== 1"
        json:
          - {path: status, equals: UP}
          - {path: status, not_equals: DOWN}
          - {path: nope, not_equals: DOWN}
          - {path: checks, length: "== 2"}
          - {path: version, length: "between 3 and 9"}
          - {path: version, matches: '^1\.'}
          - {path: checks.db, exists: true}
          - {path: error, absent: true}
          - {path: checks, type: object}
          - {path: "checks.*", equals: UP}
          - {path: status, text: UP}
          - {path: checks, not_text: UP}
          - {path: nope, not_text: UP}
          - {path: nope, text: "null"}
          - {path: checks.db, not_text: "null"}
          - {path: status, not_equals: null}
  - name: is-null
    http: "{{ base }}/health"
    expect: {body: {json: [{path: status, equals: null}]}}
  - name: matching-lines
    http: "{{ base }}/health"
    expect: {body: {lines: {matching: '"UP"', count: "== 1"}}}
  - name: a-number
    http: "{{ base }}/status/200"
    expect: {body: {number: "> 1"}}
  - name: wrong-length
    http: "{{ base }}/health"
    expect: {body: {json: [{path: checks, length: "> 2"}]}}
  - name: not-a-number
    http: "{{ base }}/health"
    expect: {body: {json: [{path: version, value: "< 2"}]}}
  - name: wrong-text
    http: "{{ base }}/health"
    expect: {body: {json: [{path: checks.db, text: "true"}]}}
  - name: wrong-type
    http: "{{ base }}/health"
    expect: {body: {json: [{path: status, type: number}]}}
  - name: wrong-lines
    http: "{{ base }}/status/200"
    expect: {body: {lines: "> 1"}}
  - name: untrimmed
    http: "{{ base }}/status/200"
    expect: {body: {trimmed: "status  200"}}
"#,
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(probe(&report, "passes")["status"], "pass", "{report:#}");
    assert_eq!(probe(&report, "matching-lines")["status"], "pass");
    for (name, text) in [
        (
            "a-number",
            "expected body as a number > 1, got not a number: \"status 200\\n\"",
        ),
        (
            "wrong-length",
            "expected body $.checks with length > 2, got {",
        ),
        (
            "not-a-number",
            "expected body $.version to be a number < 2, got \"1.4.2\"",
        ),
        (
            "wrong-type",
            "expected body $.status to be of type number, got \"UP\"",
        ),
        ("wrong-lines", "expected body lines > 1, got 1"),
        (
            "wrong-text",
            "expected body $.checks.db == \"true\", got \"UP\"",
        ),
        (
            "untrimmed",
            "expected body trimmed to equal \"status  200\", got \"status 200\\n\"",
        ),
        ("is-null", "expected body $.status == null, got \"UP\""),
    ] {
        let r = reason(&report, name);
        assert!(r.contains(text), "{name}: reason {r:?} lacks {text:?}");
        assert_eq!(probe(&report, name)["status"], "fail");
    }
}

#[test]
fn human_report_of_failures() {
    let w = World::new();
    let run = w.run(EVERY_FAILURE, &["--color", "never", "--concurrency", "1"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(normalise(&run.stdout));
}

#[test]
fn connection_refused_is_an_error_not_a_failure() {
    let w = World::new();
    let port = closed_port();
    let (run, report) = w.run_json(
        &format!("probes:\n  - name: refused\n    http: http://127.0.0.1:{port}/\n"),
        &[],
    );
    assert_eq!(run.code, 1);
    let p = probe(&report, "refused");
    assert_eq!(p["status"], "error");
    assert_eq!(p["error"]["type"], "connect");
    assert!(
        p["error"]["message"]
            .as_str()
            .unwrap()
            .contains("connection refused"),
        "{p:#}"
    );
}

#[test]
fn a_slow_server_times_out_on_time() {
    let w = World::new();
    let started = std::time::Instant::now();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: slow
    http: {url: "{{ base }}/sleep/5000", timeout: 300ms}
"#,
        &[],
    );
    let wall = started.elapsed();
    assert_eq!(run.code, 1);
    let p = probe(&report, "slow");
    assert_eq!(p["status"], "error");
    assert_eq!(p["error"]["type"], "timeout");
    let took = p["duration_seconds"].as_f64().unwrap();
    assert!((0.29..0.40).contains(&took), "took {took}s");
    assert!(wall.as_secs_f64() < 3.0, "the run took {wall:?}");
}

#[test]
fn retries_succeed_on_the_third_attempt() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: flaky
    retries: 3
    retry_delay: 20ms
    http: "{{ base }}/flaky/third/2"
    expect: {status: 200, body: {contains: recovered}}
"#,
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let p = probe(&report, "flaky");
    assert_eq!(p["status"], "pass");
    assert_eq!(p["attempts"], 3);
    // Two backoff delays of at least half of 20ms and 40ms (equal jitter).
    assert!(p["elapsed_seconds"].as_f64().unwrap() >= 0.03, "{p:#}");
}

#[test]
fn retries_give_up_and_report_the_last_attempt() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: flaky
    retries: 1
    retry_delay: 10ms
    http: "{{ base }}/flaky/never/5"
"#,
        &[],
    );
    assert_eq!(run.code, 1);
    let p = probe(&report, "flaky");
    assert_eq!(p["attempts"], 2);
    assert_eq!(p["status"], "fail");
    assert!(reason(&report, "flaky").contains("got 503"));
}

/// `give_up_on`: the failures after the request is sent that end a wait at once, as a script's
/// loop ends where its handler does not take what the library raises; a refused connection
/// goes on waiting.
#[test]
fn give_up_on_ends_the_wait_at_a_failure_after_the_request_is_sent() {
    use std::io::{Read as _, Write as _};
    let w = World::new();
    // A server that takes each connection, reads the request and answers `reply` (nothing:
    // the connection closed unanswered), on a port of its own.
    let answering = |reply: &'static [u8]| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for mut s in listener.incoming().flatten() {
                let mut buf = [0u8; 2048];
                let _ = s.read(&mut buf);
                let _ = s.write_all(reply);
            }
        });
        port
    };
    let dropped = answering(b"");
    // And one that answers what is not HTTP.
    let babbled = answering(b"HELLO THERE\r\n\r\n");
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let suite = format!(
        r#"
probes:
  - name: dropped-gives-up
    wait: {{until: 3s, every: 50ms}}
    give_up_on: [no_response]
    http: "http://127.0.0.1:{dropped}/health"
  - name: dropped-waits
    wait: {{until: 400ms, every: 50ms}}
    give_up_on: [response_timeout]
    http: "http://127.0.0.1:{dropped}/health"
  - name: slow-gives-up
    retries: 5
    retry_delay: 50ms
    give_up_on: response_timeout
    http: {{url: "{{{{ base }}}}/sleep/2000", timeout: 300ms}}
  - name: babble-gives-up
    wait: {{until: 3s, every: 50ms}}
    give_up_on: [bad_response]
    http: "http://127.0.0.1:{babbled}/health"
  - name: babble-waits
    wait: {{until: 400ms, every: 50ms}}
    give_up_on: [no_response, incomplete_body]
    http: "http://127.0.0.1:{babbled}/health"
  - name: refused-still-waits
    wait: {{until: 400ms, every: 50ms}}
    give_up_on: [response_timeout, no_response, incomplete_body]
    http: "http://127.0.0.1:{closed}/health"
"#
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let attempts = |name: &str| probe(&report, name)["attempts"].as_u64().unwrap();
    assert_eq!(attempts("dropped-gives-up"), 1, "{report:#}");
    assert_eq!(probe(&report, "dropped-gives-up")["status"], "error");
    assert!(attempts("dropped-waits") >= 3, "{report:#}");
    assert_eq!(attempts("slow-gives-up"), 1, "{report:#}");
    assert_eq!(
        probe(&report, "slow-gives-up")["error"]["type"],
        "timeout",
        "{report:#}"
    );
    assert!(attempts("refused-still-waits") >= 3, "{report:#}");
    assert_eq!(attempts("babble-gives-up"), 1, "{report:#}");
    assert!(attempts("babble-waits") >= 3, "{report:#}");
    // What it names is checked where it is written.
    for (bad, said) in [
        (
            "probes: [{name: a, wait: {until: 1s}, give_up_on: [dropped], http: \"http://127.0.0.1:1/\"}]\n",
            "unknown failure to give up on \"dropped\"",
        ),
        (
            "probes: [{name: a, retries: 2, give_up_on: [no_response], command: {argv: [\"true\"]}}]\n",
            "`give_up_on` names failures of an HTTP request",
        ),
    ] {
        let out = w.run(bad, &[]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains(said), "{}", out.stderr);
        assert!(out.stderr.contains("suite.yaml:1:"), "{}", out.stderr);
    }
}

#[test]
fn redirects_are_followed_up_to_the_limit() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: chain
    http: "{{ base }}/redirect/3"
  - name: loop
    http: {url: "{{ base }}/loop", max_redirects: 4}
  - name: not-followed
    http: {url: "{{ base }}/redirect/1", follow_redirects: false}
    expect: {status: 3xx, headers: {location: {present: true}}}
"#,
        &[],
    );
    assert_eq!(run.code, 1);
    let chain = probe(&report, "chain");
    assert_eq!(chain["status"], "pass", "{chain:#}");
    // /redirect/3 → /redirect/2 → /redirect/1 → /redirect/0 → /health
    assert_eq!(chain["http"]["redirects"], 4);
    assert!(
        chain["http"]["url.full"]
            .as_str()
            .unwrap()
            .ends_with("/health")
    );
    let lp = probe(&report, "loop");
    assert_eq!(lp["status"], "error", "{lp:#}");
    assert!(
        lp["error"]["message"]
            .as_str()
            .unwrap()
            .contains("stopped after 4 redirects (max_redirects)"),
        "{lp:#}"
    );
    assert_eq!(probe(&report, "not-followed")["status"], "pass");
}

#[test]
fn the_body_is_capped() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: big
    http: {url: "{{ base }}/bytes/5000000", max_body: 1KiB}
    expect: {body: {contains: xyz}}
"#,
        &[],
    );
    assert_eq!(run.code, 1);
    let p = probe(&report, "big");
    assert_eq!(p["http"]["body_truncated"], true);
    // Reading stopped soon after the cap instead of downloading 5 MB.
    let read = p["http"]["http.response.body.size"].as_u64().unwrap();
    assert!((1024..1_000_000).contains(&read), "read {read} bytes");
    assert_eq!(p["status"], "fail");
}

#[test]
fn methods_headers_and_bodies_are_sent() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: echo
    http:
      url: "{{ base }}/headers"
      method: POST
      headers: {X-Probe: "yes", Content-Type: application/json}
      body: '{"a": 1}'
    expect:
      body: {json: {x-probe: "yes", content-length: "8", "$['content-type']": application/json}}
"#,
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        probe(&report, "echo")["http"]["http.request.method"],
        "POST"
    );
}

/// `basic_auth` sends Basic credentials (curl's `-u user:password`) where the URL cannot carry
/// them, and its password is masked like any secret; it is refused beside an `Authorization`
/// header or a URL's own `user:password@`.
#[test]
fn basic_auth_is_sent_and_masked() {
    let w = World::new();
    // monitor:pw-s3cret-4711 in Basic's base64.
    let encoded = "bW9uaXRvcjpwdy1zM2NyZXQtNDcxMQ==";
    let (run, report) = w.run_json(
        &format!(
            r#"
probes:
  - name: echo
    http:
      url: "{{{{ base }}}}/headers"
      basic_auth: {{username: monitor, password: pw-s3cret-4711}}
    expect:
      body: {{json: {{authorization: "Basic {encoded}"}}}}
  - name: shown
    http:
      url: "{{{{ base }}}}/headers"
      basic_auth: {{username: monitor, password: pw-s3cret-4711}}
    expect:
      body: {{contains: "no such text"}}
"#
        ),
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(probe(&report, "echo")["status"], "pass", "{}", run.stdout);
    assert_eq!(probe(&report, "shown")["status"], "fail", "{}", run.stdout);
    for secret in ["pw-s3cret-4711", encoded] {
        assert!(!run.stdout.contains(secret), "{secret} in\n{}", run.stdout);
    }
    let path = w.write(
        "both.yaml",
        r#"
probes:
  - name: twice
    http:
      url: "http://user:pw@127.0.0.1:9/"
      headers: {Authorization: "Bearer t"}
      basic_auth: {password: pw}
"#,
    );
    let run = Run::from(probekit().arg("validate").arg(&path).output().unwrap());
    assert_eq!(run.code, 2, "{}", run.stderr);
    for message in [
        "both.yaml:7:19: `basic_auth` needs a `username`",
        "`basic_auth` and an `Authorization` header both set the credentials",
        "`basic_auth` and the URL's `user:password@` both set the credentials",
    ] {
        assert!(
            run.stderr.contains(message),
            "{message} not in\n{}",
            run.stderr
        );
    }
}

/// A probe that does not pass shows what came back — the status line, the headers that
/// matter and the body's first bytes — in the human, JSON and JUnit reports, with secrets
/// masked and a large body cut.
#[test]
fn a_failure_shows_the_response() {
    let w = World::new();
    let suite = r#"
probes:
  - name: down
    http: "{{ base }}/checkout"
  - name: echoed
    http:
      url: "{{ base }}/headers"
      headers: {X-Api-Key: "${EVIDENCE_TOKEN}"}
    expect: {status: 201}
  - name: big
    http: "{{ base }}/bytes/5000"
    expect: {status: 204}
  - name: fine
    http: "{{ base }}/health"
"#;
    let path = w.write("evidence.yaml", suite);
    let run = |format: &str| {
        Run::from(
            probekit()
                .env("EVIDENCE_TOKEN", "tok-3vid3nce-42")
                .env("NO_COLOR", "1")
                .args([
                    "run".as_ref(),
                    path.as_os_str(),
                    "--var".as_ref(),
                    format!("base={}", w.base()).as_ref(),
                    "-f".as_ref(),
                    format.as_ref(),
                ])
                .output()
                .unwrap(),
        )
    };
    let human = run("human");
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert!(
        human.stdout.contains("HTTP/1.1 503 Service Unavailable"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("\"DOWN\""), "{}", human.stdout);
    assert!(human.stdout.contains("x-api-key"), "{}", human.stdout);
    assert!(
        !human.stdout.contains("tok-3vid3nce-42"),
        "{}",
        human.stdout
    );
    // The healthy probe shows nothing more than its line.
    let fine = human
        .stdout
        .lines()
        .position(|l| l.starts_with("PASS"))
        .unwrap();
    assert!(
        human
            .stdout
            .lines()
            .nth(fine + 1)
            .is_none_or(|l| !l.starts_with("      ")),
        "{}",
        human.stdout
    );
    let json = run("json").json();
    let big = &json["probes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "big")
        .unwrap()["http"]["evidence"];
    assert_eq!(big["status_line"], "HTTP/1.1 200 OK", "{json}");
    assert_eq!(big["body"].as_str().unwrap().len(), 512, "{json}");
    assert_eq!(big["body_truncated"], true);
    assert_eq!(big["headers"]["content-length"], "5000");
    let junit = run("junit");
    assert!(junit.stdout.contains("response:"), "{}", junit.stdout);
    assert!(!junit.stdout.contains("tok-3vid3nce-42"));
}

/// `ip: 4|6|any` picks among the addresses a name resolves to; every resolved address is in
/// the report.
#[test]
fn ip_version_chooses_among_the_resolved_addresses() {
    let w = World::new();
    let port = w.base().rsplit(':').next().unwrap().to_string();
    let suite = format!(
        r#"
probes:
  - name: v4
    http: {{url: "http://localhost:{port}/health", ip: 4}}
  - name: v6
    http: {{url: "http://localhost:{port}/health", ip: 6}}
  - name: literal-v6-only
    tcp: {{address: "127.0.0.1:{port}", ip: 6}}
"#
    );
    let (_, report) = w.run_json(&suite, &[]);
    let v4 = probe(&report, "v4");
    assert_eq!(v4["status"], "pass", "{report:#}");
    let resolved: Vec<&str> = v4["http"]["resolved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(resolved.contains(&"127.0.0.1"), "{resolved:?}");
    let v6 = probe(&report, "v6");
    assert_eq!(v6["status"], "error", "{v6:#}");
    let message = v6["error"]["message"].as_str().unwrap();
    // Where localhost has ::1 the connect is refused (nothing listens there); else it has none.
    assert!(
        message.contains("has no IPv6 address (ip: 6); it resolves to 127.0.0.1")
            || message.contains("[::1]"),
        "{message}"
    );
    let literal = reason(&report, "literal-v6-only");
    assert!(
        literal.contains("is not an IPv6 address (ip: 6)"),
        "{literal}"
    );
}

/// `-v` shows the exchange as curl -v does, with credentials redacted, in the human report and
/// in JSON (`exchange`).
#[test]
fn verbose_shows_the_whole_exchange_without_secrets() {
    let w = World::new();
    let suite = r#"
probes:
  - name: moved
    http:
      url: "{{ base }}/redirect/1"
      headers: {Authorization: "Bearer v3ry-s3cret", X-Trace: "t-1"}
"#;
    let run = w.run(suite, &["-v"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    for line in [
        "* connected to 127.0.0.1:",
        "> GET /redirect/1 HTTP/1.1",
        "> authorization: ***",
        "> x-trace: t-1",
        "< HTTP/1.1 302 Found",
        "< location: /redirect/0",
        "> GET /health HTTP/1.1",
        "< HTTP/1.1 200 OK",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("v3ry-s3cret"), "{}", run.stdout);
    let (_, report) = w.run_json(suite, &["-v"]);
    let exchange = probe(&report, "moved")["http"]["exchange"]
        .as_array()
        .unwrap();
    assert!(
        exchange.iter().any(|l| l == "< HTTP/1.1 200 OK"),
        "{exchange:?}"
    );
    // Without -v there is none.
    let (_, report) = w.run_json(suite, &[]);
    assert!(probe(&report, "moved")["http"]["exchange"].is_null());
}

/// `cookies:` reads the final response's Set-Cookie: value rules and the Secure/HttpOnly
/// attributes; a session's value is never quoted in the report.
#[test]
fn cookies_are_checked_with_their_attributes() {
    let w = World::new();
    let suite = r#"
probes:
  - name: good
    http: "{{ base }}/login"
    expect:
      cookies:
        session: {present: true, secure: true, http_only: true}
        lang: en
  - name: bad
    http: "{{ base }}/login"
    expect:
      cookies:
        lang: {equals: fr, secure: true}
        session: {matches: "^x"}
        missing: {present: true}
"#;
    let (run, report) = w.run_json(suite, &[]);
    assert_eq!(run.code, 1, "{report:#}");
    assert_eq!(probe(&report, "good")["status"], "pass", "{report:#}");
    let bad = reason(&report, "bad");
    assert!(
        bad.contains("expected cookie lang to equal \"fr\""),
        "{bad}"
    );
    assert!(
        bad.contains("expected cookie lang Secure, got not Secure"),
        "{bad}"
    );
    assert!(
        bad.contains("expected cookie missing to be present, got not set"),
        "{bad}"
    );
    assert!(!bad.contains("8f14e45f"), "{bad}");
}
