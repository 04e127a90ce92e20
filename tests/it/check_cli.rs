//! `probekit check …`, `validate`, `schema`, `completions`: the command line itself.

use super::*;

#[test]
fn check_http_replaces_a_curl_loop() {
    let w = World::new();
    let ok = probekit()
        .args(["check", "http", &format!("{}/health", w.base())])
        .args(["--expect-status", "200", "--timeout", "2s"])
        .args(["--expect-body-contains", "UP", "--color", "never"])
        .output()
        .unwrap();
    let run = Run::from(ok);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("PASS"), "{}", run.stdout);

    let run = Run::from(
        probekit()
            .args(["check", "http", &format!("{}/checkout", w.base())])
            .args(["--expect-status", "200", "--color", "never"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("expected status 200, got 503"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_http_retries_and_reports_json() {
    let w = World::new();
    let run = Run::from(
        probekit()
            .args(["check", "http", &format!("{}/flaky/cli/2", w.base())])
            .args([
                "--retries",
                "2",
                "--retry-delay",
                "10ms",
                "--format",
                "json",
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let report = run.json();
    assert_eq!(report["probes"][0]["attempts"], 3);
    assert_eq!(report["probes"][0]["kind"], "http");
}

#[test]
fn check_tcp_and_cmd() {
    let w = World::new();
    let run = Run::from(
        probekit()
            .args(["check", "tcp", &w.target.tcp.to_string()])
            .args(["--send", "PING\r\n", "--expect-response-contains", "+PONG"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    let run = Run::from(
        probekit()
            .args([
                "check",
                "cmd",
                "--expect-exit",
                "3",
                "--",
                "sh",
                "-c",
                "exit 3",
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    let run = Run::from(
        probekit()
            .args([
                "check",
                "cmd",
                "--expect-stdout-contains",
                "{{ not a template }}",
            ])
            .args(["--", "echo", "{{ not a template }}"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        run.code, 0,
        "templates on the command line are literal: {}{}",
        run.stdout, run.stderr
    );
}

#[test]
fn bad_command_line_values_exit_2_with_a_message() {
    let run = Run::from(
        probekit()
            .args(["check", "http", "http://127.0.0.1:1/", "--timeout", "soon"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("soon"), "{}", run.stderr);

    let run = Run::from(
        probekit()
            .args(["check", "http", "not a url"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a url"), "{}", run.stderr);

    let run = Run::from(
        probekit()
            .args(["run", "/nonexistent/suite.yaml"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("/nonexistent/suite.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn validate_accepts_the_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = probekit();
    cmd.arg("validate");
    for dir in ["probes", "examples"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            if entry.path().extension().is_some_and(|e| e == "yaml") {
                cmd.arg(entry.path());
            }
        }
    }
    let run = Run::from(cmd.output().unwrap());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn schema_is_json_and_completions_are_generated() {
    let run = Run::from(probekit().arg("schema").output().unwrap());
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(schema["title"], "probekit suite");
    for shell in ["bash", "zsh", "fish"] {
        let run = Run::from(probekit().args(["completions", shell]).output().unwrap());
        assert_eq!(run.code, 0);
        assert!(run.stdout.contains("probekit"), "{shell}");
    }
}
