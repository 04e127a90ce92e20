//! Secrets never reach a report, an error or the terminal.

use super::*;

const SECRETS: [&str; 5] = [
    "query-s3cret-741",
    "header-s3cret-852",
    "literal-bearer-963",
    "pass-s3cret-159",
    "argv-s3cret-357",
];

/// Every report format.
const FORMATS: [&str; 7] = [
    "human",
    "json",
    "junit",
    "tap",
    "nagios",
    "prometheus",
    "openmetrics",
];

fn suite(closed: u16) -> String {
    format!(
        r#"
probes:
  # The target echoes request headers in its body, and the assertion quotes the body.
  - name: echo-headers
    http:
      url: "{{{{ base }}}}/headers?token=${{PK_QUERY}}"
      headers:
        Authorization: "Bearer literal-bearer-963"
        X-Api-Key: "${{PK_HEADER}}"
        Cookie: "session=literal-cookie-246"
    expect: {{body: {{contains: "no such text"}}}}
  - name: userinfo
    http: "http://probe:${{PK_PASS}}@127.0.0.1:{closed}/?token=${{PK_QUERY}}"
  - name: command
    command: {{argv: [sh, -c, 'echo "token is $0" >&2; exit 1', "${{PK_ARGV}}"]}}
    expect: {{stderr: {{contains: nothing}}}}
"#
    )
}

fn assert_clean(text: &str, what: &str) {
    for secret in SECRETS.iter().chain(&["literal-cookie-246"]) {
        assert!(!text.contains(secret), "{what} leaks `{secret}`:\n{text}");
    }
    // Basic auth of probe:pass-s3cret-159, base64-encoded.
    assert!(
        !text.contains("cHJvYmU6cGFzcy1zM2NyZXQtMTU5"),
        "{what} leaks Basic credentials"
    );
}

#[test]
fn secrets_are_redacted_in_every_format() {
    let w = World::new();
    let path = w.write("secret.yaml", &suite(closed_port()));
    for format in FORMATS {
        let output = probekit()
            .arg("run")
            .arg(&path)
            .args(["--var", &format!("base={}", w.base()), "--format", format])
            .env("PK_QUERY", SECRETS[0])
            .env("PK_HEADER", SECRETS[1])
            .env("PK_PASS", SECRETS[3])
            .env("PK_ARGV", SECRETS[4])
            .output()
            .unwrap();
        let run = Run::from(output);
        let expected = if format == "nagios" { 2 } else { 1 };
        assert_eq!(run.code, expected, "{format}: {}", run.stderr);
        assert_clean(&run.stdout, format);
        assert_clean(&run.stderr, "stderr");
        // Metrics carry no free text but assertion labels; the others show the masks.
        if !matches!(format, "prometheus" | "openmetrics") {
            assert!(
                run.stdout.contains("***"),
                "{format}: nothing was redacted?\n{}",
                run.stdout
            );
        }
        if format == "json" {
            let report = run.json();
            // The redacted values were really there: the echoed body shows the masks.
            let echo = reason(&report, "echo-headers");
            assert!(echo.contains(r#"authorization\":\"***"#), "{echo}");
            let cmd = &probe(&report, "command")["command"];
            assert!(
                cmd["stderr"].as_str().unwrap().contains("token is ***"),
                "{cmd:#}"
            );
        }
    }
}

#[test]
fn secrets_on_the_check_command_line_are_redacted() {
    let w = World::new();
    let url = format!("{}/headers", w.base());
    let run = cli([
        "check",
        "http",
        &url,
        "-H",
        "Authorization: Bearer literal-bearer-963",
        "--expect-body-contains",
        "absent text",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_clean(&run.stdout, "check http");
    assert_clean(&run.stderr, "check http stderr");
}

/// A canary in every place a `${VAR}` can stand, plus a literal URL password: none may print,
/// in any format, on either stream, in `--list`, in `validate --dump-suite`, or when the URL
/// built from them does not even parse.
#[test]
fn canaries_in_every_position_never_print() {
    const CANARIES: [(&str, &str); 7] = [
        ("PK_PATH", "path-canary-111"),
        ("PK_PORT", "port-canary-222"),
        ("PK_BODY", "body-canary-333"),
        ("PK_ENV", "env-canary-444"),
        ("PK_CWD", "/cwd-canary-555"),
        ("PK_SEND", "send-canary-666"),
        ("PK_HEADER", "header-canary-888"),
    ];
    let w = World::new();
    let closed = closed_port();
    let suite = format!(
        r#"
probes:
  - name: path-token
    http: "{{{{ base }}}}/status/404/${{PK_PATH}}"
  - name: unparsable-url
    http: "http://127.0.0.1:${{PK_PORT}}/x"
  - name: body-and-header
    http:
      url: "http://127.0.0.1:{closed}/hook"
      method: POST
      body: "${{PK_BODY}}"
      headers: {{X-Api-Key: "${{PK_HEADER}}"}}
  - name: literal-password
    http: "http://user:literal-pass-777@127.0.0.1:{closed}/"
  - name: env-and-cwd
    command: {{argv: [sh, -c, 'echo "$SECRET"; exit 1'], env: {{SECRET: "${{PK_ENV}}"}}, cwd: "${{PK_CWD}}"}}
  - name: tcp-send
    tcp: {{address: "127.0.0.1:{closed}", send: "${{PK_SEND}}"}}
"#
    );
    let path = w.write("canaries.yaml", &suite);
    let clean = |text: &str, what: &str| {
        for (_, canary) in CANARIES {
            assert!(!text.contains(canary), "{what} leaks `{canary}`:\n{text}");
        }
        assert!(
            !text.contains("literal-pass-777"),
            "{what} leaks the URL password:\n{text}"
        );
    };
    // `probekit ARGS SUITE --var base=…` with every canary in the environment.
    let with_env = |args: &[&str]| {
        let mut cmd = probekit();
        cmd.args(args).arg(&path);
        cmd.args(["--var", &format!("base={}", w.base())]);
        for (var, value) in CANARIES {
            cmd.env(var, value);
        }
        Run::from(cmd.output().unwrap())
    };
    for format in FORMATS {
        let run = with_env(&["run", "--format", format]);
        assert_ne!(run.code, 0, "{format}");
        clean(&run.stdout, format);
        clean(&run.stderr, "stderr");
        if format == "json" {
            // The unparsable URL really failed on the canary, and said so, masked.
            let r = reason(&run.json(), "unparsable-url").to_string();
            assert!(r.contains("***"), "{r}");
        }
    }
    let list = with_env(&["run", "--list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    clean(&list.stdout, "--list");
    assert!(list.stdout.contains("user:***@"), "{}", list.stdout);
    let dump = with_env(&["validate", "--dump-suite"]);
    assert_eq!(dump.code, 0, "{}", dump.stderr);
    clean(&dump.stdout, "validate --dump-suite");
}

/// `${file:PATH}` reads a secret file when the probe runs: the value reaches the request and
/// never a report; an unreadable file is the probe's error unless a default follows.
#[test]
fn file_contents_are_read_at_run_time_and_redacted() {
    let w = World::new();
    let secret = w.write("api-token", "f1le-s3cret\n");
    let suite = format!(
        r#"
probes:
  - name: token-from-file
    http:
      url: "{{{{ base }}}}/headers"
      headers: {{X-Token: "${{file:${{TOKEN_FILE}}}}"}}
    expect: {{body: {{contains: "x-token"}}}}
  - name: sent-as-read
    command: {{argv: [sh, -c, 'test "$1" = f1le-s3cret', sh, "${{file:{path}}}"]}}
  - name: missing
    command: {{argv: ["true", "${{file:/nonexistent/token}}"]}}
  - name: missing-with-default
    command: {{argv: [sh, -c, 'test -z "$1"', sh, "${{file:/nonexistent/token:-}}"]}}
"#,
        path = secret.display()
    );
    let path = w.write("suite.yaml", &suite);
    let out = probekit()
        .args(["run", "--format", "json", "-v"])
        .arg(&path)
        .args(["--var", &format!("base={}", w.base())])
        .env("TOKEN_FILE", &secret)
        .output()
        .unwrap();
    let run = Run::from(out);
    let report = run.json();
    assert_statuses(
        &report,
        &[
            ("token-from-file", "pass"),
            ("sent-as-read", "pass"),
            ("missing-with-default", "pass"),
        ],
    );
    let missing = probe(&report, "missing");
    assert_eq!(missing["status"], "error", "{missing:#}");
    assert!(
        missing["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot read `${file:/nonexistent/token}`"),
        "{missing:#}"
    );
    assert!(!run.stdout.contains("f1le-s3cret"), "{}", run.stdout);
    assert!(!run.stderr.contains("f1le-s3cret"), "{}", run.stderr);
}

/// `${VAR%%,*}` and the other removals: what remains of the value reaches the request (the
/// test server echoes the headers it got) and the command, and is redacted in reports as the
/// value is; a bad pattern is an error with its place in the file; an unset variable is the
/// probe's error.
#[test]
fn a_removed_start_or_end_reaches_the_probe_and_is_redacted() {
    let w = World::new();
    let suite = r#"
probes:
  - name: first-host
    http:
      url: "{{ base }}/headers"
      headers: {X-Host: "${ALLOWED_HOSTS%%,*}"}
    expect: {body: {contains: "a0ne.example"}}
  - name: not-the-rest
    http:
      url: "{{ base }}/headers"
      headers: {X-Host: "${ALLOWED_HOSTS%%,*}"}
    expect: {body: {not_contains: "b2.example"}}
  - name: without-scheme
    command: {argv: [sh, -c, 'test "$1" = shop.example/health', sh, "${SITE#https://}"]}
  - name: unset
    command: {argv: ["true", "${NOPE_UNSET%%,*}"]}
"#;
    let path = w.write("suite.yaml", suite);
    let out = probekit()
        .args(["run", "--format", "json", "-v"])
        .arg(&path)
        .args(["--var", &format!("base={}", w.base())])
        .env("ALLOWED_HOSTS", "a0ne.example,b2.example")
        .env("SITE", "https://shop.example/health")
        .output()
        .unwrap();
    let run = Run::from(out);
    let report = run.json();
    assert_statuses(
        &report,
        &[
            ("first-host", "pass"),
            ("not-the-rest", "pass"),
            ("without-scheme", "pass"),
        ],
    );
    assert_eq!(probe(&report, "unset")["status"], "error");
    assert!(!run.stdout.contains("a0ne.example"), "{}", run.stdout);

    let bad = w.write(
        "bad.yaml",
        "probes:\n  - name: x\n    command: {argv: [\"true\", \"${HOSTS%%[,]*}\"]}\n",
    );
    let out = probekit().arg("validate").arg(&bad).output().unwrap();
    let run = Run::from(out);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("bad.yaml:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("pattern"), "{}", run.stderr);
}

/// A secret in the runner's environment that the suite never names: a command probe inherits
/// it and prints it, and the report masks it all the same (a value too short to be one is left).
#[test]
fn secrets_of_the_environment_are_masked_in_every_probe() {
    let w = World::new();
    let path = w.write(
        "suite.yaml",
        r#"
probes:
  - name: prints-its-environment
    command: {argv: [sh, -c, 'echo "token=$DEPLOY_TOKEN flag=$FEATURE_KEY"; exit 1']}
"#,
    );
    for format in ["human", "json", "junit", "tap"] {
        let output = probekit()
            .arg("run")
            .arg(&path)
            .args(["--no-progress", "--format", format])
            .env("DEPLOY_TOKEN", "env-s3cret-468")
            .env("FEATURE_KEY", "on")
            .output()
            .expect("probekit runs");
        let run = Run::from(output);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        for text in [&run.stdout, &run.stderr] {
            assert!(!text.contains("env-s3cret-468"), "{format}: {text}");
        }
        if format == "json" {
            assert!(run.stdout.contains("flag=on"), "{}", run.stdout);
        }
    }
}
