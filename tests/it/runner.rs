//! Scheduling: selection, dependencies, deadlines, fail-fast, variables, output files.

use super::*;

#[test]
fn dependencies_gate_probes() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: db
    http: "{{ base }}/checkout"
  - name: api
    depends_on: [db]
    http: "{{ base }}/health"
  - name: ui
    depends_on: [api]
    http: "{{ base }}/health"
  - name: base
    http: "{{ base }}/health"
  - name: after-base
    depends_on: ["ba*"]
    http: "{{ base }}/health"
"#,
        &[],
    );
    assert_eq!(run.code, 1);
    assert_eq!(probe(&report, "db")["status"], "fail");
    assert_eq!(probe(&report, "api")["status"], "skipped");
    assert_eq!(
        reason(&report, "api"),
        "dependency `db` did not pass (fail)"
    );
    assert_eq!(probe(&report, "ui")["status"], "skipped");
    assert!(
        reason(&report, "ui").contains("`api`"),
        "{}",
        reason(&report, "ui")
    );
    assert_eq!(probe(&report, "after-base")["status"], "pass");
    assert_eq!(report["summary"]["skipped"], 2);
}

#[test]
fn the_deadline_skips_what_is_still_pending() {
    let w = World::new();
    let started = std::time::Instant::now();
    let (run, report) = w.run_json(
        r#"
concurrency: 1
probes:
  - name: "slow-{{ item }}"
    for_each: [1, 2, 3, 4]
    http: {url: "{{ base }}/sleep/400", timeout: 5s}
"#,
        &["--deadline", "600ms"],
    );
    let wall = started.elapsed().as_secs_f64();
    assert_eq!(run.code, 1);
    assert!(wall < 3.0, "the run took {wall}s");
    assert_eq!(
        report["summary"]["total"], 4,
        "no probe is silently dropped"
    );
    assert_eq!(probe(&report, "slow-1")["status"], "pass");
    // The second was cut short by the deadline; the rest never started.
    assert_eq!(probe(&report, "slow-2")["status"], "error");
    for name in ["slow-3", "slow-4"] {
        assert_eq!(probe(&report, name)["status"], "skipped");
        assert!(
            reason(&report, name).contains("deadline"),
            "{}",
            reason(&report, name)
        );
    }
}

#[test]
fn fail_fast_stops_after_the_first_failure() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
concurrency: 1
probes:
  - name: first
    http: "{{ base }}/checkout"
  - name: second
    http: "{{ base }}/health"
  - name: third
    http: "{{ base }}/health"
"#,
        &["--fail-fast"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(probe(&report, "first")["status"], "fail");
    for name in ["second", "third"] {
        assert_eq!(probe(&report, name)["status"], "skipped");
        assert!(
            reason(&report, name).contains("fail-fast"),
            "{}",
            reason(&report, name)
        );
    }
}

const SELECTABLE: &str = r#"
probes:
  - name: web-a
    tags: [web]
    http: "{{ base }}/health"
  - name: web-b
    tags: [web]
    http: "{{ base }}/health"
  - name: api
    tags: [api]
    depends_on: [auth]
    http: "{{ base }}/health"
  - name: auth
    http: "{{ base }}/health"
  - name: broken
    http: "{{ base }}/checkout"
"#;

#[test]
fn probes_are_selected_by_name_glob_and_tag() {
    let w = World::new();
    let names = |report: &serde_json::Value| -> Vec<String> {
        report["probes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (run, report) = w.run_json(SELECTABLE, &["--probe", "web-*"]);
    assert_eq!(run.code, 0);
    assert_eq!(names(&report), ["web-a", "web-b"]);
    // Dependencies of a selected probe come along.
    let (run, report) = w.run_json(SELECTABLE, &["--tag", "api"]);
    assert_eq!(run.code, 0);
    assert_eq!(names(&report), ["api", "auth"]);
    let run = w.run(SELECTABLE, &["--probe", "nothing-*"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nothing-*"), "{}", run.stderr);
}

/// `--shard I/N` (or `PROBEKIT_SHARD`): the shards' probes together are the suite's, each once,
/// a probe with its dependencies, labelled with the shard; a shard with no probe passes.
#[test]
fn shards_split_the_suite_and_keep_dependencies_together() {
    let w = World::new();
    let suite = "probes:\n  - name: \"p{{ item }}\"\n    for_each: \"{{ range(40) | list }}\"\n    command: {argv: [\"true\"]}\n  - name: db\n    command: {argv: [\"true\"]}\n  - name: zz-app\n    depends_on: [db]\n    command: {argv: [\"true\"]}\n";
    let mut seen = Vec::new();
    for i in 0..3 {
        let (run, report) = w.run_json(suite, &["--shard", &format!("{i}/3")]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(report["labels"]["shard"], format!("{i}/3"));
        let names: Vec<String> = report["probes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        assert!(names.len() > 5, "shard {i} has {names:?}");
        assert_eq!(
            names.contains(&"db".into()),
            names.contains(&"zz-app".into())
        );
        seen.extend(names);
    }
    seen.sort();
    let mut all: Vec<String> = (0..40).map(|i| format!("p{i}")).collect();
    all.extend(["db".into(), "zz-app".into()]);
    all.sort();
    assert_eq!(seen, all);
    let path = w.write(
        "one.yaml",
        "probes:\n  - name: a\n    command: {argv: [\"true\"]}\n",
    );
    let empty = (0..4)
        .map(|i| {
            let run: Run = probekit()
                .arg("run")
                .arg(&path)
                .args(["-f", "prometheus"])
                .env("PROBEKIT_SHARD", format!("{i}/4"))
                .output()
                .unwrap()
                .into();
            assert_eq!(run.code, 0, "{}", run.stderr);
            run.stdout
                .contains("probe_success{suite=\"one\",probe=\"a\",shard=")
        })
        .filter(|has| !has)
        .count();
    assert_eq!(empty, 3);
    let run = w.run(suite, &["--shard", "3/3"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("0 to 2"), "{}", run.stderr);
}

#[test]
fn vars_for_each_and_command_line_overrides() {
    let w = World::new();
    let suite = r#"
vars:
  paths: [health, status/204]
  expected: 200
probes:
  - name: "get-{{ item | replace('/', '-') }}"
    for_each: "{{ paths }}"
    http: "{{ base }}/{{ item }}"
    expect: {status: "{{ expected }}"}
"#;
    let (run, report) = w.run_json(suite, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(probe(&report, "get-health")["status"], "pass");
    assert_eq!(probe(&report, "get-status-204")["status"], "fail");
    let (run, _) = w.run_json(suite, &["--var", "expected=2xx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn the_report_file_is_written_whole() {
    let w = World::new();
    let out = w.dir.path().join("reports/result.json");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let out_arg = out.to_str().unwrap();
    let run = w.run(
        "probes:\n  - name: health\n    http: \"{{ base }}/health\"\n",
        &["--format", "json", "-o", out_arg],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["summary"]["pass"], 1);
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "temporary files left: {leftovers:?}");
}

#[test]
fn the_demo_runs_with_no_external_service() {
    let run = Run::from(
        probekit()
            .args(["demo", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["summary"]["fail"], 1);
    assert_eq!(probe(&report, "checkout")["status"], "fail");
    let kinds: std::collections::BTreeSet<&str> = report["probes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
}

#[test]
fn an_unset_variable_is_reported_when_the_probe_runs() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: needs-token
    http: {url: "{{ base }}/headers", headers: {X-Token: "${PROBEKIT_TEST_UNSET_VAR}"}}
"#,
        &[],
    );
    assert_eq!(run.code, 1);
    let p = probe(&report, "needs-token");
    assert_eq!(p["status"], "error");
    assert_eq!(p["error"]["type"], "config");
    assert!(
        p["error"]["message"]
            .as_str()
            .unwrap()
            .contains("PROBEKIT_TEST_UNSET_VAR"),
        "{p:#}"
    );
}

#[test]
fn list_shows_what_would_run_without_running_it() {
    let w = World::new();
    let marker = w.dir.path().join("ran");
    let suite = format!(
        "probes:\n  - name: touch\n    tags: [side]\n    command: {{argv: [touch, \"{}\"]}}\n  - name: web\n    depends_on: [touch]\n    http: \"{{{{ base }}}}/health\"\n  - name: other\n    tcp: 127.0.0.1:1\n",
        marker.display()
    );
    let run = w.run(&suite, &["--list", "--probe", "web"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines[0].starts_with("touch  command  touch "),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with("[side]"), "{}", lines[0]);
    assert!(
        lines[1].starts_with("web    http     GET http://127.0.0.1:"),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with("after touch"), "{}", lines[1]);
    assert!(!marker.exists(), "--list ran a probe");
}

/// A suite takes arguments as the script it replaces did: by position, with defaults, and a
/// `rest` that a command receives one argv element each; the values are the caller's, shown in
/// reports (not secrets); a missing or extra argument is a usage error.
#[test]
fn a_suite_takes_the_scripts_arguments() {
    let w = World::new();
    let suite = r#"
suite: args
args:
  - {name: path, help: the page to check}
  - {name: code, default: "200"}
  - {name: more, rest: true}
probes:
  - name: page
    http: "{{ base }}${path}"
    expect: {status: 200}
  - name: status
    http: "{{ base }}/status/${code}"
    expect: {status: 200}
  - name: rest
    command: {argv: [sh, -c, 'test "$#" -eq 3 && test "$1" = "-H" && test "$3" = "two words"', sh, "${more}"]}
"#;
    let run = w.run(
        suite,
        &[
            "--format",
            "json",
            "--",
            "/health",
            "200",
            "-H",
            "h",
            "two words",
        ],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(probe(&report, "page")["status"], "pass", "{report:#}");
    assert!(
        run.stdout.contains("/health"),
        "an argument is not a secret: {}",
        run.stdout
    );
    // The default, and a value that fails.
    let defaults = w.run(suite, &["--probe", "status", "--", "/health"]);
    assert_eq!(defaults.code, 0, "{}", defaults.stdout);
    let wrong = w.run(suite, &["--format", "json", "--", "/health", "503"]);
    assert_eq!(wrong.code, 1, "{}", wrong.stderr);
    let missing = w.run(suite, &[]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("missing argument PATH (arguments: PATH [CODE] [MORE…])"),
        "{}",
        missing.stderr
    );
    let none = w.run(
        "probes: [{name: a, command: {argv: [\"true\"]}}]\n",
        &["extra"],
    );
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("this suite declares no `args`"),
        "{}",
        none.stderr
    );
}

/// Expectations take `${…}` as a check's fields do: the caller's arguments and the environment,
/// read when the probe runs (a plugin's `-w`/`-c`, a wait script's expected status); a value
/// that does not read as its rule is the probe's error, naming the field; a malformed reference
/// is refused at load with its place.
#[test]
fn expectations_read_arguments_and_the_environment_when_the_probe_runs() {
    let w = World::new();
    let suite = r#"
suite: late
args:
  - {name: code, default: "200"}
  - {name: warning, option: -w, default: "5"}
  - {name: critical, option: -c, default: "10"}
probes:
  - name: status
    http: "{{ base }}/status/${code}"
    expect: {status: "${code}", body: {contains: "status ${code}"}}
  - name: health
    http: "{{ base }}/health"
    expect:
      body:
        json:
          status: "${WANT:-UP}"
          checks.db: "${WANT:-UP}"
        not_contains: "$${code}"
  - name: depth
    command: {argv: [echo, "7"]}
    expect:
      stdout: {number: {warning: "> ${warning}", critical: "> ${critical}"}}
  - name: fields
    command: {argv: [printf, 'used_memory:42\nclients 3 of 10\n']}
    expect:
      stdout:
        field:
          - {line: '^used_memory:', index: 2, separator: ":", number: "< ${critical}0"}
          - {line: '^clients', index: 4, equals: "10"}
          - {index: 1, matches: '^(used_memory:42|clients)$'}
  - name: lines
    command: {argv: [printf, 'limit 10\nlimit 10\nlimit 6\n']}
    expect:
      stdout: {lines: {matching: "^limit ${critical}$", count: "== 2"}}
  # `ps aux | grep nginx | grep -v grep`: grep's own line and any other holding `grep` are out.
  - name: processes
    command: {argv: [printf, 'nginx: master\ngrep nginx\nnginx: worker\n']}
    expect:
      stdout: {lines: {matching: "${PROC:-nginx}", excluding: grep, count: "== 2"}}
  - name: processes-known
    command: {argv: [printf, 'nginx: master\ngrep nginx\n']}
    expect:
      stdout: {lines: {matching: nginx, excluding: '^grep ', count: "== 1"}}
"#;
    let path = w.write("late.yaml", suite);
    let run = |args: &[&str], want: Option<&str>| {
        let mut cmd = probekit();
        cmd.arg("run").arg("--format").arg("json");
        cmd.arg("--var").arg(format!("base={}", w.base()));
        cmd.arg(&path).args(args);
        match want {
            Some(v) => cmd.env("WANT", v),
            None => cmd.env_remove("WANT"),
        };
        Run::from(cmd.output().expect("probekit runs"))
    };
    let defaults = run(&[], None);
    let report = defaults.json();
    assert_statuses(
        &report,
        &[
            ("status", "pass"),
            ("health", "pass"),
            ("depth", "warn"),
            ("fields", "pass"),
            ("lines", "pass"),
            ("processes", "pass"),
            ("processes-known", "pass"),
        ],
    );
    // Another code, from the caller, is both requested and expected; levels from options; the
    // lines counted are those matching the caller's value (one `limit 6`).
    let given = run(&["503", "-w", "8", "-c", "6"], None);
    let report = given.json();
    assert_statuses(
        &report,
        &[
            ("status", "pass"),
            ("health", "pass"),
            ("depth", "fail"),
            ("fields", "pass"),
            ("lines", "fail"),
            ("processes", "pass"),
            ("processes-known", "pass"),
        ],
    );
    let why = reason(&report, "lines");
    assert!(
        why.contains("lines matching /^limit 6$/ == 2, got 1"),
        "{why}"
    );
    // A value that makes no regex: the probe errors, naming the rule and what it got.
    let broken = run(&["-c", "(6"], None);
    let why = reason(&broken.json(), "lines").to_string();
    assert_eq!(probe(&broken.json(), "lines")["status"], "error");
    assert!(
        why.contains("`lines: {matching: …}` gave `^limit (6$`"),
        "{why}"
    );
    // `< 40`: the field (42) is past the caller's limit.
    let tight = run(&["-c", "4"], None);
    let why = reason(&tight.json(), "fields").to_string();
    assert!(
        why.contains("stdout field 2 (split at \":\") of lines matching /^used_memory:/ to be a number < 40, got \"42\""),
        "{why}"
    );
    // The suite's options are the suite's wherever they stand, even where probekit has its
    // own `-w`/`-c` (its Nagios thresholds).
    let first = run(&["-w", "8", "-c", "6", "503"], None);
    let report = first.json();
    assert_eq!(probe(&report, "depth")["status"], "fail", "{report:#}");
    assert_eq!(probe(&report, "status")["status"], "pass", "{report:#}");
    // The environment's value is compared as text with what the document holds.
    let down = run(&[], Some("DOWN"));
    let report = down.json();
    assert_eq!(probe(&report, "health")["status"], "fail", "{report:#}");
    let why = reason(&report, "health");
    assert!(
        why.contains("$.status == \"DOWN\", got \"UP\""),
        "the expected value is shown: {why}"
    );
    // A value that is no status: the probe errors, saying which field and what it got.
    let wrong = run(&["abc"], None);
    let report = wrong.json();
    assert_eq!(probe(&report, "status")["status"], "error", "{report:#}");
    let why = reason(&report, "status");
    assert!(why.contains("`status: ${code}` gave `abc`"), "{why}");
    // A reference that is not closed is refused when the suite loads, at its place.
    let broken = w.write(
        "broken.yaml",
        "probes:\n  - name: a\n    command: {argv: [\"true\"]}\n    expect: {stdout: {contains: \"${X\"}}\n",
    );
    let out = Run::from(
        probekit()
            .arg("validate")
            .arg(&broken)
            .output()
            .expect("probekit runs"),
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("broken.yaml:4:") && out.stderr.contains("is not closed"),
        "{}",
        out.stderr
    );
}

/// A `--var` the suite neither declares nor reads is a typo that would run against a default:
/// refused, with the closest name.
#[test]
fn a_word_that_is_not_utf8_is_a_usage_error_not_a_crash() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let w = World::new();
    let suite = w.write(
        "plain.yaml",
        "probes:\n  - {name: k, command: {argv: [\"true\"]}}\n",
    );
    let odd = OsStr::from_bytes(b"\xe9");
    for nagios in [false, true] {
        let mut args: Vec<&OsStr> = vec![OsStr::new("run"), suite.as_os_str()];
        if nagios {
            args.extend([OsStr::new("--format"), OsStr::new("nagios")]);
        }
        args.extend([OsStr::new("--"), odd]);
        let run = cli(args);
        // A Nagios check reports a bad command line as UNKNOWN, on stdout.
        let (code, said) = if nagios {
            (3, &run.stdout)
        } else {
            (2, &run.stderr)
        };
        assert_eq!(
            run.code, code,
            "nagios {nagios}: {}{}",
            run.stdout, run.stderr
        );
        assert!(said.contains("invalid UTF-8"), "nagios {nagios}: {said}");
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn a_mistyped_var_is_refused_with_the_closest_name() {
    let w = World::new();
    let suite = w.write(
        "typo.yaml",
        "vars: {base: \"http://127.0.0.1:1\"}\nprobes:\n  - name: a\n    http: \"{{ base }}/health\"\n",
    );
    for command in ["run", "validate"] {
        let run = cli([
            command,
            suite.to_str().unwrap(),
            "--var",
            "bse=http://127.0.0.1:2",
        ]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains(
                "--var bse: the suite neither declares nor uses `bse`; did you mean `base`?"
            ),
            "{command}: {}",
            run.stderr
        );
    }
    let right = cli([
        "validate",
        suite.to_str().unwrap(),
        "--var",
        "base=http://127.0.0.1:2",
    ]);
    assert_eq!(right.code, 0, "{}", right.stderr);
}

/// Options as Nagios plugins and `getopts` scripts take them: in any order, in every form,
/// with defaults; an unknown or valueless option is a usage error naming the arguments.
#[test]
fn a_suite_takes_options_as_getopts_scripts_do() {
    let w = World::new();
    let suite = r#"
suite: options
vars: {want_tls: "false"}
args:
  - {name: path, option: [-u, --uri], help: the page to check}
  - {name: code, option: -e, default: "200"}
  - {name: tls, option: [-S, --ssl], switch: true}
  - {name: label, default: "x"}
probes:
  - name: page
    http: "{{ base }}${path}"
    expect: {status: 200}
  - name: status
    http: "{{ base }}/status/${code}"
    expect: {status: 200}
  - name: label
    command: {argv: [test, "${label}", "=", "y"]}
  - name: switch
    command: {argv: [test, "${tls}", "=", "{{ want_tls }}"]}
"#;
    for args in [
        &["-u", "/health", "-e", "200", "y"][..],
        &["y", "-e200", "--uri", "/health"],
        &["--uri=/health", "y"],
    ] {
        let mut all = vec!["--format", "json", "--"];
        all.extend(args);
        let run = w.run(suite, &all);
        assert_eq!(run.code, 0, "{args:?}: {}\n{}", run.stdout, run.stderr);
    }
    // A switch takes no value: the word after it is the next argument.
    for args in [
        &["--ssl", "y", "-u", "/health"][..],
        &["-u", "/health", "-S", "y"],
    ] {
        let mut all = vec!["--format", "json", "--var", "want_tls=true", "--"];
        all.extend(args);
        let run = w.run(suite, &all);
        assert_eq!(run.code, 0, "{args:?}: {}\n{}", run.stdout, run.stderr);
    }
    let wrong = w.run(suite, &["--", "-e", "503", "-u", "/health", "y"]);
    assert_eq!(wrong.code, 1, "{}", wrong.stderr);
    for (args, message) in [
        (&["--", "y"][..], "missing option -u PATH"),
        (&["--", "-u", "/health", "-x", "1"], "unknown option `-x`"),
        (&["--", "-u"], "option -u needs a value"),
    ] {
        let run = w.run(suite, args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.contains(&format!(
                "{message} (arguments: -u PATH [-e CODE] [-S] [LABEL])"
            )),
            "{args:?}: {}",
            run.stderr
        );
    }
}

/// A gate that does not pass skips itself and what depends on it, and the run still passes;
/// an open gate lets its dependents run and fail.
#[test]
fn a_closed_gate_skips_its_dependents_and_counts_as_passed() {
    let w = World::new();
    let suite = |gate_target: &str| {
        format!(
            r#"
probes:
  - name: upstream
    gate: true
    http: "{gate_target}"
  - name: api
    depends_on: [upstream]
    http: "{{{{ base }}}}/checkout"
  - name: after-api
    depends_on: [api]
    command: {{argv: ["true"]}}
  - name: other
    command: {{argv: ["true"]}}
"#
        )
    };
    let closed = w.run(&suite("http://127.0.0.1:1/"), &["--format", "json"]);
    assert_eq!(closed.code, 0, "{}\n{}", closed.stdout, closed.stderr);
    let report = closed.json();
    assert_eq!(report["status"], "pass");
    for (name, reason) in [
        ("upstream", "gate closed: "),
        ("api", "behind the closed gate `upstream`"),
        ("after-api", "dependency `api` was skipped"),
    ] {
        let p = probe(&report, name);
        assert_eq!(p["status"], "skipped", "{name}: {p:#}");
        assert_eq!(p["gated"], true, "{name}");
        assert!(
            p["reason"].as_str().unwrap().contains(reason),
            "{name}: {p:#}"
        );
    }
    assert_eq!(probe(&report, "other")["status"], "pass");
    let nagios = w.run(&suite("http://127.0.0.1:1/"), &["--format", "nagios"]);
    assert_eq!(nagios.code, 0, "{}", nagios.stdout);
    assert!(
        nagios.stdout.starts_with("PROBEKIT OK"),
        "{}",
        nagios.stdout
    );
    // Open: the dependents run, and /checkout answers 503.
    let open = w.run(&suite("{{ base }}/health"), &["--format", "json"]);
    assert_eq!(open.code, 1, "{}", open.stdout);
    let report = open.json();
    assert_eq!(probe(&report, "upstream")["status"], "pass");
    assert_eq!(probe(&report, "api")["status"], "fail");
    assert_eq!(probe(&report, "after-api")["status"], "skipped");
    assert!(probe(&report, "after-api").get("gated").is_none());
}

/// A bypass that passes skips what depends on it, counted as passed; one that does not is
/// skipped (counted as passed) and its dependents decide: `if curl -fs "$PRIMARY"; then exit
/// 0; fi; CHECKS`.
#[test]
fn a_bypass_passes_its_dependents_or_lets_them_decide() {
    let w = World::new();
    let suite = |primary: &str, fallback: &str| {
        format!(
            r#"
probes:
  - name: primary
    bypass: true
    http: "{primary}"
  - name: fallback
    depends_on: [primary]
    http: "{fallback}"
  - name: after-fallback
    depends_on: [fallback]
    command: {{argv: ["true"]}}
"#
        )
    };
    let taken = w.run(
        &suite("{{ base }}/health", "{{ base }}/checkout"),
        &["--format", "json"],
    );
    assert_eq!(taken.code, 0, "{}\n{}", taken.stdout, taken.stderr);
    let report = taken.json();
    assert_eq!(probe(&report, "primary")["status"], "pass");
    for (name, reason) in [
        ("fallback", "passed by the bypass `primary`"),
        ("after-fallback", "dependency `fallback` was skipped"),
    ] {
        let p = probe(&report, name);
        assert_eq!(p["status"], "skipped", "{name}: {p:#}");
        assert_eq!(p["gated"], true, "{name}");
        assert!(p["reason"].as_str().unwrap().contains(reason), "{p:#}");
    }
    // Not taken: the fallback decides, passing or failing the run.
    for (fallback, code, status) in [
        ("{{ base }}/health", 0, "pass"),
        ("{{ base }}/checkout", 1, "fail"),
    ] {
        let run = w.run(
            &suite("http://127.0.0.1:1/", fallback),
            &["--format", "json"],
        );
        assert_eq!(run.code, code, "{}", run.stdout);
        let report = run.json();
        let primary = probe(&report, "primary");
        assert_eq!(primary["status"], "skipped", "{primary:#}");
        assert_eq!(primary["gated"], true);
        assert!(
            primary["reason"]
                .as_str()
                .unwrap()
                .starts_with("bypass not taken: ")
        );
        assert_eq!(probe(&report, "fallback")["status"], status);
    }
    // A bypass that only warns is not taken: with `severity: warning` its failure is a warning,
    // and the fallback still decides.
    let warned = w.run(
        "probes:\n  - name: primary\n    bypass: true\n    severity: warning\n    http: http://127.0.0.1:1/\n  - name: fallback\n    depends_on: [primary]\n    http: \"{{ base }}/checkout\"\n",
        &["--format", "json"],
    );
    assert_eq!(warned.code, 1, "{}", warned.stdout);
    assert_eq!(probe(&warned.json(), "fallback")["status"], "fail");
    // A bypass nothing depends on, or one that is also a gate, is refused where it is written.
    let lonely = w.run(
        "probes:\n  - name: solo\n    bypass: true\n    command: {argv: [\"true\"]}\n",
        &[],
    );
    assert_eq!(lonely.code, 2, "{}", lonely.stderr);
    assert!(
        lonely
            .stderr
            .contains(":2:11: `solo` is a bypass, but no probe depends on it"),
        "{}",
        lonely.stderr
    );
    let both = w.run("probes:\n  - name: a\n    gate: true\n    bypass: true\n    command: {argv: [\"true\"]}\n  - name: b\n    depends_on: [a]\n    command: {argv: [\"true\"]}\n", &[]);
    assert_eq!(both.code, 2, "{}", both.stderr);
    assert!(
        both.stderr.contains(":4:5: a probe is a `gate`"),
        "{}",
        both.stderr
    );
}

/// `any_of` passes on the first alternative that passes, says which, and otherwise gives each
/// one's reason: an error when all errored, a failure when one failed.
#[test]
fn any_of_passes_on_one_alternative_and_names_it() {
    let w = World::new();
    let closed = closed_port();
    let suite = format!(
        r#"
probes:
  - name: fallback
    any_of:
      - tcp: "127.0.0.1:{closed}"
      - http: "{{{{ base }}}}/health"
        expect: {{body: {{json: {{status: UP}}}}}}
  - name: all-error
    any_of:
      - tcp: "127.0.0.1:{closed}"
      - tcp: "[::1]:{closed}"
  - name: one-fails
    any_of:
      - tcp: "127.0.0.1:{closed}"
      - http: "{{{{ base }}}}/checkout"
"#
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let fallback = probe(&report, "fallback");
    assert_eq!(fallback["status"], "pass", "{fallback:#}");
    assert_eq!(fallback["kind"], "any_of");
    assert!(
        fallback["assertions"][0]["actual"]
            .as_str()
            .unwrap()
            .starts_with("#2 passed (GET http://127.0.0.1:"),
        "{fallback:#}"
    );
    assert_eq!(fallback["http"]["http.response.status_code"], 200);
    let all = probe(&report, "all-error");
    assert_eq!(all["status"], "error", "{all:#}");
    assert!(
        reason(&report, "all-error").contains("no alternative passed: #1 127.0.0.1:"),
        "{all:#}"
    );
    let one = probe(&report, "one-fails");
    assert_eq!(one["status"], "fail", "{one:#}");
    assert!(
        reason(&report, "one-fails").contains("#2 GET http://127.0.0.1:")
            && reason(&report, "one-fails").contains("expected status 2xx, got 503"),
        "{one:#}"
    );
}

/// `wait: {until, every}`: attempts every `every` until one passes, or until `until` has
/// elapsed; the report counts them. `retries` and `wait` together are refused.
#[test]
fn wait_tries_until_ready_or_until_the_time_is_up() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: ready-on-the-third
    wait: {until: 5s, every: 50ms}
    http: "{{ base }}/flaky/wait-suite/2"
  - name: never
    wait: {until: 600ms, every: 200ms}
    http: "{{ base }}/checkout"
"#,
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let ready = probe(&report, "ready-on-the-third");
    assert_eq!(ready["status"], "pass", "{ready:#}");
    assert_eq!(ready["attempts"], 3);
    let never = probe(&report, "never");
    assert_eq!(never["status"], "fail");
    let attempts = never["attempts"].as_u64().unwrap();
    assert!((3..=4).contains(&attempts), "{never:#}");
    let elapsed = never["elapsed_seconds"].as_f64().unwrap();
    assert!(elapsed < 1.5, "{never:#}");
    let both = w.run(
        "probes: [{name: a, retries: 2, wait: {until: 5s}, command: {argv: [\"true\"]}}]\n",
        &[],
    );
    assert_eq!(both.code, 2);
    assert!(
        both.stderr
            .contains("`retries` (attempts counted) or `wait`"),
        "{}",
        both.stderr
    );
    // The same from the command line.
    let cli_run = super::cli([
        "check",
        "http",
        &format!("{}/flaky/wait-cli/1", w.base()),
        "--wait",
        "5s",
        "--every",
        "50ms",
        "--format",
        "json",
    ]);
    assert_eq!(cli_run.code, 0, "{}", cli_run.stdout);
    assert_eq!(cli_run.json()["probes"][0]["attempts"], 2);
}

/// `--quiet` prints nothing when every probe passes (a cron line mails only failures), and the
/// whole report when one does not; the files it is asked for are written either way.
#[test]
fn quiet_prints_only_failures() {
    let w = World::new();
    let report = w.dir.path().join("r.json");
    let report_arg = format!("json={}", report.display());
    let ok = w.run(
        "probes:\n  - name: up\n    http: \"{{ base }}/health\"\n",
        &["--quiet", "--report", &report_arg],
    );
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert_eq!(ok.stdout, "");
    assert_eq!(ok.stderr, "");
    assert!(std::fs::read_to_string(&report).unwrap().contains("\"up\""));
    let bad = w.run(
        "probes:\n  - name: down\n    http: \"{{ base }}/checkout\"\n",
        &["-q"],
    );
    assert_eq!(bad.code, 1);
    assert!(bad.stdout.contains("FAIL"), "{}", bad.stdout);
    assert!(bad.stdout.contains("503"), "{}", bad.stdout);
}

/// `--vars-file` gives typed values (a list for `for_each`, a number, a mapping) over the
/// suite's `vars`, `--var` wins over it, and a name the suite does not use is refused with the
/// closest one, as a mistyped `--var` is.
#[test]
fn a_vars_file_gives_typed_values() {
    let w = World::new();
    let suite = w.write(
        "suite.yaml",
        r#"
vars: {base: "http://127.0.0.1:1", paths: [], code: 500, extra: {tag: none}}
probes:
  - name: "page-{{ item }}"
    for_each: "{{ paths }}"
    http: "{{ base }}{{ item }}"
    expect: {status: "{{ code }}"}
    tags: ["{{ extra.tag }}"]
"#,
    );
    let vars = w.write(
        "vars.yaml",
        &format!(
            "base: {}\npaths: [/health, /status/200]\ncode: 200\nextra: {{tag: web}}\n",
            w.base()
        ),
    );
    let run = |extra: &[&str]| {
        let mut args = vec!["run".to_string(), suite.display().to_string()];
        args.extend(["--vars-file".into(), vars.display().to_string()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        args.extend(["-f".into(), "json".into()]);
        Run::from(probekit().args(&args).output().unwrap())
    };
    let ok = run(&[]);
    assert_eq!(ok.code, 0, "{}\n{}", ok.stdout, ok.stderr);
    let json = ok.json();
    assert_eq!(json["probes"].as_array().unwrap().len(), 2, "{json}");
    assert_eq!(json["probes"][0]["tags"][0], "web", "{json}");
    // --var wins over the file.
    let over = run(&["--var", "code=418"]);
    assert_eq!(over.code, 1, "{}", over.stderr);
    let validate = |vars: &std::path::Path| {
        Run::from(
            probekit()
                .args([
                    "validate".as_ref(),
                    suite.as_os_str(),
                    "--vars-file".as_ref(),
                    vars.as_os_str(),
                ])
                .output()
                .unwrap(),
        )
    };
    // A name the suite does not use is a typo.
    let bad = validate(&w.write("typo.yaml", "bse: http://x\n"));
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("did you mean `base`?"),
        "{}",
        bad.stderr
    );
    assert!(bad.stderr.contains("--vars-file"), "{}", bad.stderr);
    // Not a mapping: where, and what to write.
    let bad = validate(&w.write("list.yaml", "- a\n- b\n"));
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("list.yaml:1:1"), "{}", bad.stderr);
}

/// Retries use the run's `--deadline` to its end: a backoff that would pass it is shortened so
/// that a last attempt (with its whole timeout) still fits, instead of giving up early.
#[test]
fn retries_use_the_deadline_to_its_end() {
    let w = World::new();
    let suite = "probes:\n  - name: never\n    retries: 10\n    retry_delay: 1s\n    command: {argv: [\"false\"], timeout: 300ms}\n";
    let started = std::time::Instant::now();
    let (run, report) = w.run_json(suite, &["--deadline", "2500ms"]);
    let took = started.elapsed();
    assert_eq!(run.code, 1, "{report:#}");
    let never = probe(&report, "never");
    assert_eq!(never["status"], "fail", "{never:#}");
    let elapsed = never["elapsed_seconds"].as_f64().unwrap();
    assert!(
        elapsed >= 2.1,
        "gave up at {elapsed}s of a 2.5s deadline: {never:#}"
    );
    assert!(took < std::time::Duration::from_secs(4), "{took:?}");
}

/// Runs a suite of one argument and one probe, `third-time`, which passes on its third
/// attempt (counted in `counter`, emptied before each run), tried as `policy` says; the run
/// with these arguments passed, and its report, after the defaults pass on the third attempt.
fn third_time<'w>(
    w: &'w World,
    counter: &'w std::path::Path,
    arg: &str,
    policy: &str,
) -> impl Fn(&[&str]) -> (Run, serde_json::Value) + 'w {
    let suite = format!(
        "suite: third\nargs:\n  - {arg}\nprobes:\n  - name: third-time\n    {policy}\n    command:\n      shell: 'n=$(cat {c} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {c}; [ $n -ge 3 ]'\n",
        c = counter.display()
    );
    let run = move |args: &[&str]| {
        let _ = std::fs::remove_file(counter);
        w.run_json(&suite, args)
    };
    let (out, report) = run(&[]);
    assert_eq!(out.code, 0, "{report:#}");
    assert_eq!(probe(&report, "third-time")["attempts"], 3, "{report:#}");
    run
}

/// `attempts: "${tries}"`: a wait script's `for i in $(seq 1 "$TIMEOUT")`, its count read from
/// the caller when the probe runs; a count that is not one is the probe's error, not a pass.
#[test]
fn attempts_are_read_from_the_caller_when_the_probe_runs() {
    let w = World::new();
    let counter = w.dir.path().join("tries");
    let run = third_time(
        &w,
        &counter,
        r#"{name: tries, default: "3"}"#,
        "attempts: \"${tries}\"\n    retry_delay: 10ms\n    retry_backoff: constant",
    );
    let (out, report) = run(&["2"]);
    assert_eq!(out.code, 1, "{report:#}");
    let p = probe(&report, "third-time");
    assert_eq!(
        (&p["status"], &p["attempts"]),
        (&serde_json::json!("fail"), &serde_json::json!(2)),
        "{p:#}"
    );
    for bad in ["0", "many", "1.5"] {
        let (out, report) = run(&[bad]);
        assert_eq!(out.code, 1, "{report:#}");
        let p = probe(&report, "third-time");
        assert_eq!(p["status"], "error", "{p:#}");
        let message = p["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("attempts:") && message.contains(&format!("`{bad}`")),
            "{p:#}"
        );
        assert!(!counter.exists(), "an attempt was made with {bad}");
    }
    // A count is given once: `attempts` with `retries` is refused where it is written.
    let both = w.run(
        "probes:\n  - name: x\n    retries: 2\n    attempts: 3\n    command: {argv: [\"true\"]}\n",
        &[],
    );
    assert_eq!(both.code, 2, "{}", both.stderr);
    assert!(both.stderr.contains("suite.yaml:3:5"), "{}", both.stderr);
    assert!(both.stderr.contains("`attempts`"), "{}", both.stderr);
    // A literal count is `retries` + 1.
    let (out, report) = w.run_json(
        "probes:\n  - name: x\n    attempts: 2\n    retry_delay: 10ms\n    command: {argv: [\"false\"]}\n",
        &[],
    );
    assert_eq!(out.code, 1);
    assert_eq!(probe(&report, "x")["attempts"], 2, "{report:#}");
}

/// `wait: {until: "${budget}", every: …}`: a wait script's time budget, read from the caller
/// when the probe runs; a value that is not a duration is the probe's error.
#[test]
fn a_wait_reads_its_times_from_the_caller_when_the_probe_runs() {
    let w = World::new();
    let counter = w.dir.path().join("tries");
    let run = third_time(
        &w,
        &counter,
        r#"{name: budget, default: "5s"}"#,
        r#"wait: {until: "${budget}", every: "${WAIT_EVERY:-200ms}"}"#,
    );
    // 360ms at one attempt every 200ms after the last: two attempts, the second 200ms after
    // the first ended (which took over 80ms on a loaded 2-core machine; a 180ms budget at
    // 100ms steps was too little then), the third past the budget.
    let (out, report) = run(&["360ms"]);
    assert_eq!(out.code, 1, "{report:#}");
    assert_eq!(probe(&report, "third-time")["attempts"], 2, "{report:#}");
    // Less time than one step: one attempt, as a countdown by a larger step makes one.
    let (out, report) = run(&["100ms"]);
    assert_eq!(out.code, 1, "{report:#}");
    assert_eq!(probe(&report, "third-time")["attempts"], 1, "{report:#}");
    for (bad, says) in [
        ("soon", "`soon`"),
        ("0s", "must be more than 0"),
        ("5s+", "`5s+`"),
    ] {
        let (out, report) = run(&[bad]);
        assert_eq!(out.code, 1, "{report:#}");
        let p = probe(&report, "third-time");
        assert_eq!(p["status"], "error", "{p:#}");
        let message = p["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("wait:") && message.contains(says), "{p:#}");
        assert!(!counter.exists(), "an attempt was made with {bad}");
    }
    // In `defaults`, `${…}` is refused where it is written: it is read on a probe's own wait.
    let defaults = w.run(
        "defaults:\n  wait: {until: \"${T}s\"}\nprobes:\n  - name: x\n    command: {argv: [\"true\"]}\n",
        &[],
    );
    assert_eq!(defaults.code, 2, "{}", defaults.stderr);
    assert!(
        defaults.stderr.contains("suite.yaml:2:9"),
        "{}",
        defaults.stderr
    );
}

/// A large run whose only report is JSON spools its results instead of holding them: the
/// report is the one a run that holds them writes (with a textfile export beside it).
#[test]
fn a_large_json_run_reports_what_it_spooled() {
    let w = World::new();
    let suite = r#"
concurrency: 64
probes:
  - name: "page-{{ item }}"
    for_each: "{{ range(2400) | list }}"
    http: "{{ base }}/{{ 'health' if item % 3 else 'checkout' }}"
    tags: [web]
    expect: {body: {contains: UP}}
  - name: after
    depends_on: page-1
    tcp: "{{ tcp }}"
"#;
    let spooled = w.dir.path().join("spooled.json");
    let held = w.dir.path().join("held.json");
    let metrics = w.dir.path().join("metrics");
    std::fs::create_dir(&metrics).unwrap();
    let a = w.run(
        suite,
        &["--format", "json", "-o", spooled.to_str().unwrap()],
    );
    let b = w.run(
        suite,
        &[
            "--format",
            "json",
            "-o",
            held.to_str().unwrap(),
            "--textfile-dir",
            metrics.to_str().unwrap(),
        ],
    );
    assert_eq!((a.code, b.code), (1, 1), "{}{}", a.stderr, b.stderr);
    // Times differ from run to run; everything else is the same.
    let times = regex::Regex::new(
        r#"(?m)^(\s*"[a-z_.]*(seconds|at|connect|first_byte|transfer|dns|tls)": ).*$"#,
    )
    .unwrap();
    let read = |p: &std::path::Path| {
        let text = std::fs::read_to_string(p).unwrap();
        times.replace_all(&text, "${1}T").into_owned()
    };
    let (a, b) = (read(&spooled), read(&held));
    assert!(a.contains("\"name\": \"page-2399\""));
    assert!(a.contains("\"type\": \"body.contains\""));
    assert_eq!(a, b);
}
