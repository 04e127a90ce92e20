//! Forward proxies, against a real one (tinyproxy): `proxy:` on a probe, the environment's
//! `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY`, CONNECT for https, proxy credentials.

use super::tls::TlsServer;
use super::*;

/// tinyproxy on 127.0.0.1, in the foreground; with `auth`, it asks for Basic credentials.
fn tinyproxy(w: &World, auth: Option<(&str, &str)>) -> Daemon {
    let port = closed_port();
    let mut conf = format!(
        "Port {port}\nListen 127.0.0.1\nTimeout 10\nAllow 127.0.0.1\nMaxClients 20\nLogLevel Info\n"
    );
    if let Some((user, pass)) = auth {
        conf.push_str(&format!("BasicAuth {user} {pass}\n"));
    }
    let path = w.write(&format!("tinyproxy-{port}.conf"), &conf);
    Daemon::start(
        "tinyproxy",
        &["-d".into(), "-c".into(), path.display().to_string()],
        port,
        w.dir.path(),
    )
}

#[test]
fn requests_go_through_the_probes_proxy_with_connect_for_https() {
    let w = World::new();
    let proxy = tinyproxy(&w, None);
    let tls = TlsServer::start(30);
    let suite = format!(
        r#"
probes:
  - name: plain
    http: {{url: "{{{{ base }}}}/headers", proxy: "http://127.0.0.1:{p}"}}
    expect: {{body: {{json: [{{path: via, matches: tinyproxy}}]}}}}
  - name: tunnelled
    http: {{url: "https://127.0.0.1:{t}/", insecure: true, proxy: "127.0.0.1:{p}"}}
  - name: direct
    http: {{url: "{{{{ base }}}}/headers", proxy: direct}}
    expect: {{body: {{json: [{{path: via, absent: true}}]}}}}
"#,
        p = proxy.port,
        t = tls.addr.port()
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 0, "{report:#}");
    let shown = format!("http://127.0.0.1:{}", proxy.port);
    assert_eq!(probe(&report, "plain")["http"]["proxy"], shown.as_str());
    assert_eq!(probe(&report, "tunnelled")["http"]["proxy"], shown.as_str());
    assert!(probe(&report, "tunnelled")["http"]["tls"]["version"].is_string());
    assert!(probe(&report, "direct")["http"]["proxy"].is_null());
}

#[test]
fn the_environments_proxy_is_used_unless_no_proxy_or_direct() {
    let w = World::new();
    let proxy = tinyproxy(&w, None);
    let dead = closed_port();
    let suite = "probes:\n  - name: via-env\n    http: \"{{ base }}/headers\"\n    expect: {body: {contains: tinyproxy}}\n";
    let run_with = |vars: &[(&str, String)], suite: &str| {
        let path = w.write("env-suite.yaml", suite);
        let mut cmd = probekit();
        cmd.args(["run", "--format", "json"])
            .arg(&path)
            .args(["--var", &format!("base={}", w.base())]);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let run = Run::from(cmd.output().unwrap());
        let report: Value = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
        (run, report)
    };
    let (run, report) = run_with(
        &[("HTTP_PROXY", format!("http://127.0.0.1:{}", proxy.port))],
        suite,
    );
    assert_eq!(run.code, 0, "{report:#}{}", run.stderr);

    // A dead proxy in the environment is an error naming it, never a silent direct request.
    let (run, report) = run_with(&[("HTTP_PROXY", format!("http://127.0.0.1:{dead}"))], suite);
    assert_eq!(run.code, 1, "{report:#}");
    let message = probe(&report, "via-env")["error"]["message"]
        .as_str()
        .unwrap_or("");
    assert!(
        message.starts_with(&format!("proxy http://127.0.0.1:{dead}: ")),
        "{message}"
    );

    // NO_PROXY exempts the host; `proxy: direct` ignores the environment.
    let direct = suite.replace("contains: tinyproxy", "not_contains: tinyproxy");
    let (run, report) = run_with(
        &[
            ("HTTP_PROXY", format!("http://127.0.0.1:{dead}")),
            ("NO_PROXY", "localhost,127.0.0.0/8".into()),
        ],
        &direct,
    );
    assert_eq!(run.code, 0, "{report:#}");
    let pinned = direct.replace(
        "http: \"{{ base }}/headers\"",
        "http: {url: \"{{ base }}/headers\", proxy: direct}",
    );
    let (run, report) = run_with(
        &[("HTTP_PROXY", format!("http://127.0.0.1:{dead}"))],
        &pinned,
    );
    assert_eq!(run.code, 0, "{report:#}");
}

#[test]
fn proxy_credentials_are_sent_and_never_shown() {
    let w = World::new();
    let proxy = tinyproxy(&w, Some(("probe", "pr0xy-s3cret")));
    let tls = TlsServer::start(30);
    let suite = |creds: &str| {
        format!(
            r#"
probes:
  - name: plain
    http: {{url: "{{{{ base }}}}/health", proxy: "http://{creds}127.0.0.1:{p}"}}
  - name: tunnelled
    http: {{url: "https://127.0.0.1:{t}/", insecure: true, proxy: "http://{creds}127.0.0.1:{p}"}}
"#,
            p = proxy.port,
            t = tls.addr.port()
        )
    };
    let (run, report) = w.run_json(&suite("probe:pr0xy-s3cret@"), &[]);
    assert_eq!(run.code, 0, "{report:#}");
    let (run, report) = w.run_json(&suite("probe:wrong@"), &[]);
    assert_eq!(run.code, 1, "{report:#}");
    let tunnelled = probe(&report, "tunnelled")["error"]["message"]
        .as_str()
        .unwrap_or("");
    assert!(tunnelled.contains("requires authentication"), "{tunnelled}");
    // 407 by the standard; tinyproxy answers 401.
    let status = &probe(&report, "plain")["http"]["http.response.status_code"];
    assert!(*status == 407 || *status == 401, "{report:#}");
    let run = w.run(&suite("probe:pr0xy-s3cret@"), &["--format", "json", "-v"]);
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains("pr0xy-s3cret"), "{text}");
        assert!(!text.contains("cHJvYmU6cHIweHktczNjcmV0"), "{text}");
    }
}
