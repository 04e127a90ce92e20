//! `probekit import blackbox.yml`, then `serve`: the same `probe_success` as a real
//! blackbox_exporter (Debian's prometheus-blackbox-exporter) for each module and target, on
//! healthy, failing, wrong-body and down loopback targets.

use super::dns::Dnsmasq;
use super::*;

/// A configuration written from the exporter's documented options.
const CONFIG: &str = r#"modules:
  http_2xx:
    prober: http
    timeout: 3s
  http_status_up:
    prober: http
    timeout: 3s
    http:
      method: GET
      valid_status_codes: [200]
      headers:
        Accept: application/json
      fail_if_body_not_matches_regexp: ['"status":"UP"']
      fail_if_body_matches_regexp: ['"DOWN"']
      preferred_ip_protocol: ip4
  http_json_type:
    prober: http
    http:
      fail_if_header_not_matches:
        - header: Content-Type
          regexp: '^application/json'
  http_redirect_seen:
    prober: http
    http:
      follow_redirects: false
      valid_status_codes: [302, 303]
  http_post_echo:
    prober: http
    http:
      method: POST
      body: 'probe=1'
      valid_status_codes: [200, 404]
      valid_http_versions: ["HTTP/1.1", "HTTP/2.0"]
  tcp_connect:
    prober: tcp
    timeout: 3s
  tcp_ping:
    prober: tcp
    tcp:
      query_response:
        - send: PING
        - expect: '^\+PONG'
  dns_www:
    prober: dns
    dns:
      query_name: www.test
      query_type: A
  dns_missing:
    prober: dns
    dns:
      query_name: nowhere.test
      query_type: A
      valid_rcodes: [NXDOMAIN]
  dns_mx_tcp:
    prober: dns
    dns:
      transport_protocol: tcp
      query_name: test
      query_type: MX
  dns_anything:
    prober: dns
    dns:
      query_name: www.test
  icmp_v4:
    prober: icmp
    timeout: 2s
    icmp:
      preferred_ip_protocol: ip4
  smtp_dialogue:
    prober: tcp
    tcp:
      query_response:
        - expect: "^220"
        - send: "EHLO probe"
        - expect: "^250"
"#;

fn success(body: &str) -> Option<&str> {
    body.lines()
        .find(|l| l.starts_with("probe_success"))
        .and_then(|l| l.rsplit(' ').next())
}

#[test]
fn imported_modules_answer_as_blackbox_exporter_does() {
    let w = World::new();
    let config = w.write("blackbox.yml", CONFIG);
    let suite = w.dir.path().join("blackbox-suite.yaml");
    let run = cli([
        "import".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        suite.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // What did not convert is said, with the reason.
    assert!(
        run.stderr
            .contains("dns_anything — `dns.query_type: ANY` has no probekit form"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("smtp_dialogue — a `tcp.query_response` that expects more than once"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("13 modules, 11 converted"),
        "{}",
        run.stderr
    );
    let written = std::fs::read_to_string(&suite).unwrap();
    assert!(
        written.contains("# Not converted: module `dns_anything`"),
        "{written}"
    );
    let validated = cli(["validate".as_ref(), suite.as_os_str()]);
    assert_eq!(validated.code, 0, "{}", validated.stderr);
    let json = cli([
        "import".as_ref(),
        config.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let strict = cli(["import".as_ref(), config.as_os_str(), "--strict".as_ref()]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict
            .stderr
            .contains("--strict: 2 module(s) not converted"),
        "{}",
        strict.stderr
    );
    assert_eq!(report["language"], "blackbox_exporter");
    assert_eq!(report["declarative"], 11);

    let dns = Dnsmasq::start();
    let exporter_port = closed_port();
    let exporter = Daemon::start(
        "prometheus-blackbox-exporter",
        &[
            format!("--config.file={}", config.display()),
            format!("--web.listen-address=127.0.0.1:{exporter_port}"),
        ],
        exporter_port,
        w.dir.path(),
    );
    let serve_port = closed_port();
    let server = Daemon::start(
        env!("CARGO_BIN_EXE_probekit"),
        &[
            "serve".into(),
            suite.display().to_string(),
            "--listen".into(),
            format!("127.0.0.1:{serve_port}"),
        ],
        serve_port,
        w.dir.path(),
    );
    let base = w.base();
    let down = closed_port();
    let http_targets = [
        format!("{base}/health"),
        format!("{base}/checkout"),
        format!("{base}/status/404"),
        format!("{base}/headers"),
        format!("{base}/redirect-to?location=/health"),
        format!("127.0.0.1:{}/health", base.rsplit(':').next().unwrap()),
        format!("http://127.0.0.1:{down}/"),
    ];
    let tcp_targets = [
        w.target.tcp.to_string(),
        base.trim_start_matches("http://").to_string(),
        format!("127.0.0.1:{down}"),
    ];
    let dns_targets = [
        format!("127.0.0.1:{}", dns.port),
        format!("127.0.0.1:{down}"),
    ];
    let icmp_targets = ["127.0.0.1".to_string(), "nowhere.invalid".to_string()];
    let cases: Vec<(&str, &[String])> = vec![
        ("http_2xx", &http_targets),
        ("http_status_up", &http_targets),
        ("http_json_type", &http_targets),
        ("http_redirect_seen", &http_targets),
        ("http_post_echo", &http_targets),
        ("tcp_connect", &tcp_targets),
        ("tcp_ping", &tcp_targets),
        ("dns_www", &dns_targets),
        ("dns_missing", &dns_targets),
        ("dns_mx_tcp", &dns_targets),
        ("icmp_v4", &icmp_targets),
    ];
    let mut compared = 0;
    let mut verdicts = std::collections::BTreeSet::new();
    for (module, targets) in cases {
        for target in targets {
            let path = format!("/probe?module={module}&target={}", query_value(target));
            let (status, theirs) = exporter.get(&path);
            assert_eq!(status, 200, "{path}: {theirs}");
            let (status, ours) = server.get(&path);
            assert_eq!(status, 200, "{path}: {ours}");
            let (theirs, ours) = (success(&theirs), success(&ours));
            assert!(theirs.is_some(), "{path}");
            assert_eq!(ours, theirs, "{module} {target}");
            verdicts.insert((module, ours.unwrap_or_default().to_string()));
            compared += 1;
        }
    }
    assert_eq!(compared, 5 * 7 + 2 * 3 + 3 * 2 + 2);
    // Each module both passed and failed somewhere: the comparison was not of one outcome.
    for module in [
        "http_2xx",
        "http_status_up",
        "http_json_type",
        "http_redirect_seen",
        "tcp_connect",
        "tcp_ping",
        "dns_www",
        "dns_missing",
        "icmp_v4",
    ] {
        assert!(
            verdicts.contains(&(module, "1".to_string())),
            "{module} never passed"
        );
        assert!(
            verdicts.contains(&(module, "0".to_string())),
            "{module} never failed"
        );
    }
}
