//! `probekit check …`, `validate`, `schema`, `completions`: the command line itself.

use super::*;

#[test]
fn check_http_replaces_a_curl_loop() {
    let w = World::new();
    let health = format!("{}/health", w.base());
    let run = cli([
        "check",
        "http",
        &health,
        "--expect-status",
        "200",
        "--timeout",
        "2s",
        "--expect-body-contains",
        "UP",
        "--color",
        "never",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("PASS"), "{}", run.stdout);

    let checkout = format!("{}/checkout", w.base());
    let run = cli([
        "check",
        "http",
        &checkout,
        "--expect-status",
        "200",
        "--color",
        "never",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("expected status 200, got 503"),
        "{}",
        run.stdout
    );
}

/// `curl -fsS URL | jq -e '.status == "UP"'` in one line, and its failure in words.
#[test]
fn check_http_expect_json_replaces_curl_and_jq() {
    let w = World::new();
    let health = format!("{}/health", w.base());
    let check = |rules: &[&str]| {
        let mut args = vec!["check", "http", health.as_str(), "--color", "never"];
        for r in rules {
            args.extend(["--expect-json", r]);
        }
        cli(args)
    };
    let run = check(&[
        "status == UP",
        "len(checks) == 2",
        "checks.db != DOWN",
        r"version =~ ^1\.",
        "error absent",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = check(&["len(checks) > 2"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("expected body $.checks with length > 2"),
        "{}",
        run.stdout
    );
    let run = check(&["status is UP"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--expect-json `status is UP`"),
        "{}",
        run.stderr
    );
}

/// `-u USER:PASSWORD` is curl's: Basic credentials, the password masked in the report; a
/// `${VAR}` in it is read from the environment.
#[test]
fn check_http_sends_basic_credentials() {
    let w = World::new();
    let headers = format!("{}/headers", w.base());
    // monitor:pw-Cli-5150 in Basic's base64.
    let sent = "authorization == Basic bW9uaXRvcjpwdy1DbGktNTE1MA==";
    for user in ["monitor:pw-Cli-5150", "monitor:${PK_CLI_PASS}"] {
        let run = Run::from(
            probekit()
                .args([
                    "check",
                    "http",
                    headers.as_str(),
                    "--color",
                    "never",
                    "-u",
                    user,
                ])
                .args([
                    "--expect-json",
                    sent,
                    "--expect-body-contains",
                    "nothing like it",
                ])
                .env("PK_CLI_PASS", "pw-Cli-5150")
                .output()
                .unwrap(),
        );
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        // The JSON rule held; only the text rule failed.
        assert!(run.stdout.contains("nothing like it"), "{}", run.stdout);
        assert!(
            !run.stdout.contains("expected body $.authorization"),
            "{}",
            run.stdout
        );
        assert!(!run.stdout.contains("pw-Cli-5150"), "{}", run.stdout);
        assert!(
            !run.stdout.contains("bW9uaXRvcjpwdy1DbGktNTE1MA"),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn check_http_retries_and_reports_json() {
    let w = World::new();
    let flaky = format!("{}/flaky/cli/2", w.base());
    let run = cli([
        "check",
        "http",
        &flaky,
        "--retries",
        "2",
        "--retry-delay",
        "10ms",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let report = run.json();
    assert_eq!(report["probes"][0]["attempts"], 3);
    assert_eq!(report["probes"][0]["kind"], "http");
}

#[test]
fn check_tcp_and_cmd() {
    let w = World::new();
    let tcp = w.target.tcp.to_string();
    let run = cli([
        "check",
        "tcp",
        &tcp,
        "--send",
        "PING\r\n",
        "--expect-response-contains",
        "+PONG",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    let run = cli([
        "check",
        "cmd",
        "--expect-exit",
        "3",
        "--",
        "sh",
        "-c",
        "exit 3",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    let run = cli([
        "check",
        "cmd",
        "--expect-stdout-contains",
        "{{ not a template }}",
        "--",
        "echo",
        "{{ not a template }}",
    ]);
    assert_eq!(
        run.code, 0,
        "templates on the command line are literal: {}{}",
        run.stdout, run.stderr
    );
}

#[test]
fn bad_command_line_values_exit_2_with_a_message() {
    let cases: [(&[&str], &str); 3] = [
        (
            &["check", "http", "http://127.0.0.1:1/", "--timeout", "soon"],
            "soon",
        ),
        (&["check", "http", "not a url"], "not a url"),
        (
            &["run", "/nonexistent/suite.yaml"],
            "/nonexistent/suite.yaml",
        ),
    ];
    for (args, mention) in cases {
        let run = cli(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(mention), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn validate_accepts_the_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = vec![PathBuf::from("validate")];
    for dir in ["probes", "examples"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            if entry.path().extension().is_some_and(|e| e == "yaml") {
                args.push(entry.path());
            }
        }
    }
    let run = cli(&args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn schema_is_json_and_completions_are_generated() {
    let run = cli(["schema"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(schema["title"], "probekit suite");
    for shell in ["bash", "zsh", "fish"] {
        let run = cli(["completions", shell]);
        assert_eq!(run.code, 0);
        assert!(run.stdout.contains("probekit"), "{shell}");
    }
}

/// `probekit man DIR`: a page for probekit and each command, each a roff page `man -l` renders.
#[test]
fn man_pages_cover_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let run = cli(["man".as_ref(), dir.path().as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for command in [
        "",
        "-run",
        "-check",
        "-serve",
        "-build",
        "-import",
        "-validate",
    ] {
        let page = dir.path().join(format!("probekit{command}.1"));
        let text =
            std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{text}");
        assert!(
            text.contains(&format!("PROBEKIT{}", command.to_uppercase())),
            "{text}"
        );
        let rendered = std::process::Command::new("man")
            .arg("-l")
            .arg(&page)
            .env("MANPAGER", "cat")
            .output()
            .expect("man (Debian package man-db; scripts/install-deps.sh --test)");
        assert!(
            rendered.status.success(),
            "{}",
            String::from_utf8_lossy(&rendered.stderr)
        );
        assert!(!rendered.stdout.is_empty());
    }
    assert!(
        !dir.path().join("probekit-complete-names.1").exists(),
        "hidden commands have no page"
    );
}

#[test]
fn check_metrics_replaces_curl_grep_awk() {
    let w = World::new();
    let url = format!("{}/metrics", w.base());
    let run = cli([
        "check",
        "metrics",
        &url,
        "-e",
        r#"target_queue_depth{queue="email"} < 10"#,
        "-e",
        "sum(target_queue_depth) == 3",
        "-e",
        "target_request_duration_seconds_count present",
        "-e",
        "no_such_metric absent",
        "--color",
        "never",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    let run = cli([
        "check",
        "metrics",
        &url,
        "-e",
        "max(target_queue_depth) < 1",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("expected max(target_queue_depth) < 1, got 3"),
        "{}",
        run.stdout
    );

    let run = cli([
        "check",
        "metrics",
        &url,
        "--window",
        "200ms",
        "-e",
        "rate(target_requests_total) > 0",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["probes"][0]["metrics"]["scrapes"], 2);

    let page = w.write("node.prom", "node_load1 7.5\n");
    let run = cli([
        "check",
        "metrics",
        "--file",
        page.to_str().unwrap(),
        "-e",
        "node_load1 < 4",
        "--format",
        "nagios",
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);

    for bad in ["node_load1", "median(x) < 1", "x{a=\"b} < 1", "rate(x) < 1"] {
        let run = cli(["check", "metrics", &url, "-e", bad]);
        assert_eq!(run.code, 2, "{bad}: {}{}", run.stdout, run.stderr);
        assert!(!run.stderr.is_empty(), "{bad}");
    }
}

/// Colour follows the conventions: CLICOLOR_FORCE colours a pipe, `--color never` wins, and
/// without either a pipe gets plain text.
#[test]
fn colour_follows_clicolor_force_and_the_flag() {
    let run = |env: &[(&str, &str)], extra: &[&str]| {
        let mut cmd = probekit();
        cmd.args(["check", "cmd"]).args(extra).args(["--", "true"]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run::from(cmd.output().unwrap())
    };
    assert!(
        run(&[("CLICOLOR_FORCE", "1")], &[])
            .stdout
            .contains("\x1b[")
    );
    assert!(
        !run(&[("CLICOLOR_FORCE", "1")], &["--color", "never"])
            .stdout
            .contains("\x1b[")
    );
    assert!(!run(&[("TERM", "dumb")], &[]).stdout.contains("\x1b["));
}

/// On a terminal, a probe that waits to be ready shows one line of progress (attempt, time,
/// why), cleared when it ends; off a terminal nothing is drawn.
#[test]
fn waiting_shows_one_line_of_progress_on_a_terminal() {
    let port = closed_port();
    let command = format!(
        "{} check tcp 127.0.0.1:{port} --wait 1s --every 200ms",
        env!("CARGO_BIN_EXE_probekit")
    );
    // `script` gives the command a terminal (util-linux).
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("TERM", "xterm")
        .env("COLUMNS", "200")
        .output()
        .expect("script (util-linux)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("waiting for `127.0.0.1:{port}`: attempt 2 at ")),
        "{text}"
    );
    assert!(text.contains("of 1s: cannot connect"), "{text}");
    let plain = cli([
        "check",
        "tcp",
        &format!("127.0.0.1:{port}"),
        "--wait",
        "500ms",
        "--every",
        "200ms",
    ]);
    assert!(!plain.stderr.contains("waiting for"), "{}", plain.stderr);
    assert!(plain.stdout.contains("attempts)"), "{}", plain.stdout);
}

/// Completions offer the probe names and tags of the suite on the command line: run in bash
/// for real; the zsh and fish scripts call the same helper.
#[test]
fn completions_offer_probe_names_and_tags() {
    let w = World::new();
    let suite = w.write(
        "suite.yaml",
        "probes:\n  - {name: api-health, tags: [smoke], tcp: \"127.0.0.1:1\"}\n  - {name: db, tags: [deps, smoke], tcp: \"127.0.0.1:2\"}\n",
    );
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_probekit"));
    let complete = |words: &str| {
        let script = format!(
            "PATH={}:$PATH\nsource <(probekit completions bash)\nCOMP_WORDS=({words})\nCOMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n_probekit_with_names probekit \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            bin.parent().unwrap().display()
        );
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(script)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let path = suite.display();
    assert_eq!(
        complete(&format!("probekit run {path} --probe ''")),
        "api-health\ndb\n"
    );
    assert_eq!(
        complete(&format!("probekit run {path} --probe a")),
        "api-health\n"
    );
    assert_eq!(
        complete(&format!("probekit run {path} --tag ''")),
        "deps\nsmoke\n"
    );
    // No suite on the line: nothing to offer, and no error.
    assert_eq!(complete("probekit run --probe ''"), "\n");

    let zsh = cli(["completions", "zsh"]).stdout;
    assert!(zsh.starts_with("#compdef probekit\n"), "{zsh}");
    assert!(zsh.contains(":NAME:_probekit_probe_names'"), "{zsh}");
    assert!(zsh.contains("_probekit_tag_names() {"), "{zsh}");
    let fish = cli(["completions", "fish"]).stdout;
    assert!(
        fish.contains("-l probe ")
            && fish.contains("(probekit complete-names probes (commandline -opc))"),
        "{fish}"
    );
}
