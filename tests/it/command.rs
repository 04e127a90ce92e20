//! Command probes: real processes, real process groups.

use super::*;

#[test]
fn exit_codes_output_and_duration_are_checked() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: ok
    command: {argv: [echo, '{"ready": true, "workers": 4}']}
    expect:
      exit_code: 0
      duration: "< 5s"
      stdout: {json: {ready: true, workers: 4}, matches: 'ready'}
  - name: exit-3-expected
    command: {shell: "echo oops >&2; exit 3"}
    expect: {exit_code: [3, 4], stderr: {contains: oops}}
  - name: wrong-exit
    command: {shell: "exit 2"}
  - name: wrong-stdout
    command: {argv: [printf, 'hello']}
    expect: {stdout: {equals: goodbye}}
  - name: wrong-stderr
    command: {shell: "echo warning: disk >&2"}
    expect: {stderr: {not_matches: '^warning'}}
  - name: too-slow
    command: {argv: [sleep, "0.2"]}
    expect: {duration: "< 50ms"}
  - name: env-and-cwd
    command: {shell: 'echo "$GREETING from $(pwd)"', env: {GREETING: hi}, cwd: /tmp}
    expect: {stdout: {equals: "hi from /tmp\n"}}
  - name: missing-program
    command: {argv: [/nonexistent/healthcheck]}
"#,
        &[],
    );
    assert_eq!(run.code, 1);
    for name in ["ok", "exit-3-expected", "env-and-cwd"] {
        assert_eq!(probe(&report, name)["status"], "pass", "{name}: {report:#}");
    }
    let fails = [
        ("wrong-exit", "expected exit code 0, got 2"),
        (
            "wrong-stdout",
            "expected stdout to equal \"goodbye\", got \"hello\"",
        ),
        ("wrong-stderr", "expected stderr not to match /^warning/"),
        ("too-slow", "expected duration < 50ms, got "),
    ];
    for (name, text) in fails {
        assert_eq!(probe(&report, name)["status"], "fail", "{name}");
        let r = reason(&report, name);
        assert!(r.contains(text), "{name}: {r:?} lacks {text:?}");
    }
    let missing = probe(&report, "missing-program");
    assert_eq!(missing["status"], "error");
    assert_eq!(missing["error"]["type"], "spawn");
    assert!(
        missing["error"]["message"]
            .as_str()
            .unwrap()
            .contains("/nonexistent/healthcheck"),
        "{missing:#}"
    );
}

/// Processes of group `pgid` still alive after up to 2 s: SIGKILL is asynchronous, and on a
/// loaded machine a killed process can take a moment to be gone.
pub fn survivors_of_group(pgid: i32) -> Vec<i32> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        let left = members_of_group(pgid);
        if left.is_empty() || std::time::Instant::now() > deadline {
            return left;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Processes whose process group is `pgid`.
pub fn members_of_group(pgid: i32) -> Vec<i32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // Fields after the parenthesised command name: state ppid pgrp …
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        if fields[2].parse::<i32>().ok() == Some(pgid) && fields[0] != "Z" {
            found.push(pid);
        }
    }
    found
}

#[test]
fn a_timeout_kills_the_whole_process_group() {
    let w = World::new();
    let pidfile = w.dir.path().join("pid");
    // The shell starts a grandchild that holds stdout open and ignores SIGTERM, then waits.
    let suite = format!(
        r#"
probes:
  - name: hangs
    command:
      shell: "echo $$ > {pid}; (trap '' TERM; sleep 30) & sleep 30"
      timeout: 300ms
      kill_grace: 100ms
"#,
        pid = pidfile.display()
    );
    let started = std::time::Instant::now();
    let (run, report) = w.run_json(&suite, &[]);
    let wall = started.elapsed();
    assert_eq!(run.code, 1);
    let p = probe(&report, "hangs");
    assert_eq!(p["status"], "error", "{p:#}");
    assert_eq!(p["error"]["type"], "timeout");
    assert_eq!(p["command"]["timed_out"], true);
    assert!(
        p["duration_seconds"].as_f64().unwrap() < 0.6,
        "the probe overran its timeout: {p:#}"
    );
    assert!(wall.as_secs_f64() < 5.0, "the run hung for {wall:?}");
    let pgid: i32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let left = survivors_of_group(pgid);
    assert!(
        left.is_empty(),
        "processes of group {pgid} survived: {left:?}"
    );
}

#[test]
fn a_grandchild_holding_the_pipe_does_not_hang_a_finished_command() {
    let w = World::new();
    let pidfile = w.dir.path().join("pid");
    let suite = format!(
        r#"
probes:
  - name: daemonises
    command: {{shell: "echo $$ > {pid}; sleep 30 & echo started", timeout: 10s}}
    expect: {{stdout: {{contains: started}}}}
"#,
        pid = pidfile.display()
    );
    let started = std::time::Instant::now();
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 0, "{report:#}");
    assert!(started.elapsed().as_secs_f64() < 5.0);
    let pgid: i32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(survivors_of_group(pgid).is_empty());
}

#[test]
fn output_is_capped_with_a_marker() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: chatty
    command: {shell: "head -c 300000 /dev/zero | tr '\\0' a; printf '\\377\\376 tail' >&2", max_output: 1KiB}
    expect: {stdout: {not_contains: b}}
"#,
        &[],
    );
    assert_eq!(run.code, 0, "{report:#}");
    let c = &probe(&report, "chatty")["command"];
    assert_eq!(c["stdout_truncated"], true);
    assert_eq!(c["stdout_bytes"], 300000);
    let stdout = c["stdout"].as_str().unwrap();
    assert!(stdout.len() < 1200, "{} bytes kept", stdout.len());
    assert!(stdout.contains("truncated"), "{stdout}");
    // Invalid UTF-8 is shown lossily, not dropped.
    assert!(c["stderr"].as_str().unwrap().contains("\u{fffd}"), "{c:#}");
}

#[test]
fn hostile_commands_are_bounded() {
    let w = World::new();
    let script = w.write("not-executable.sh", "#!/bin/sh\necho hi\n");
    let pidfile = w.dir.path().join("sleepers");
    let suite = format!(
        r#"
probes:
  - name: gigabyte
    command: {{shell: "head -c 1000000000 /dev/zero", timeout: 20s, max_output: 1MiB}}
  - name: permission-denied
    command: {{argv: ["{script}"]}}
  - name: ignores-term
    command: {{shell: "trap '' TERM; while :; do sleep 1; done", timeout: 300ms, kill_grace: 200ms}}
  - name: many-sleepers
    command: {{shell: "echo $$ > {pids}; for i in $(seq 50); do sleep 30 & done; exit 0", timeout: 5s}}
"#,
        script = script.display(),
        pids = pidfile.display()
    );
    let started = std::time::Instant::now();
    let out = probekit()
        .args(["run", "--format", "json", "--no-progress"])
        .arg(w.write("hostile.yaml", &suite))
        .output()
        .unwrap();
    let run = Run::from(out);
    let report = run.json();
    assert!(started.elapsed().as_secs_f64() < 15.0);

    let giga = probe(&report, "gigabyte");
    assert_eq!(giga["status"], "pass", "{giga:#}");
    assert_eq!(giga["command"]["stdout_bytes"], 1_000_000_000u64);
    assert_eq!(giga["command"]["stdout_truncated"], true);
    assert!(giga["command"]["stdout"].as_str().unwrap().len() < (1 << 20) + 200);

    let denied = probe(&report, "permission-denied");
    assert_eq!(denied["error"]["type"], "spawn");
    assert!(
        denied["error"]["message"]
            .as_str()
            .unwrap()
            .ends_with("permission denied"),
        "{denied:#}"
    );

    let term = probe(&report, "ignores-term");
    assert_eq!(term["error"]["type"], "timeout");
    assert_eq!(term["command"]["process.exit.signal"], libc::SIGKILL);
    assert!(term["duration_seconds"].as_f64().unwrap() < 0.7, "{term:#}");

    assert_eq!(probe(&report, "many-sleepers")["status"], "pass");
    let pgid: i32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(survivors_of_group(pgid).is_empty(), "sleepers survived");
}

/// The pids written into `files` by processes a probe started, once each file exists.
fn pids_in(files: &[std::path::PathBuf]) -> Vec<i32> {
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .filter_map(|t| t.trim().parse().ok())
        .collect()
}

/// Those of `pids` still alive (not zombies) after up to 2 s.
pub fn survivors(pids: &[i32]) -> Vec<i32> {
    let alive = |pid: &i32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            !stat
                .rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        let left: Vec<i32> = pids.iter().copied().filter(alive).collect();
        if left.is_empty() || std::time::Instant::now() > deadline {
            return left;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Commands that leave processes behind in every way a script can: `setsid`, a double fork,
/// `setpgid`, a daemon that ignores SIGTERM, and one started by a command that then times out.
/// Each writes its pid to a file; `wait` gives it time to start before the command ends.
pub fn escaping_suite(dir: &std::path::Path) -> (String, Vec<std::path::PathBuf>) {
    let f = |n: &str| dir.join(n);
    let files = ["setsid", "double", "setpgid", "noterm", "timeout"].map(f);
    let wait = |file: &std::path::Path| {
        format!(
            "i=0; while [ ! -s {0} ] && [ $i -lt 100 ]; do sleep 0.02; i=$((i+1)); done",
            file.display()
        )
    };
    let suite = format!(
        r#"
probes:
  - name: setsid-grandchild
    command:
      shell: "setsid sh -c 'echo $$ > {setsid}; exec sleep 300' > /dev/null 2>&1 & {wait_setsid}; echo ok"
  - name: double-fork
    command:
      shell: "(sh -c 'echo $$ > {double}; exec sleep 300' > /dev/null 2>&1 &); {wait_double}; echo ok"
  - name: own-process-group
    command:
      shell: "python3 -c 'import os, sys, time; os.setpgid(0, 0); open(sys.argv[1], \"w\").write(str(os.getpid())); time.sleep(300)' {setpgid} > /dev/null 2>&1 & {wait_setpgid}; echo ok"
  - name: ignores-sigterm
    command:
      shell: "setsid sh -c 'trap \"\" TERM; echo $$ > {noterm}; while :; do sleep 1; done' > /dev/null 2>&1 & {wait_noterm}; echo ok"
  - name: times-out
    command:
      shell: "setsid sh -c 'echo $$ > {timeout}; exec sleep 300' > /dev/null 2>&1 & sleep 30"
      timeout: 1500ms
      kill_grace: 100ms
"#,
        setsid = files[0].display(),
        double = files[1].display(),
        setpgid = files[2].display(),
        noterm = files[3].display(),
        timeout = files[4].display(),
        wait_setsid = wait(&files[0]),
        wait_double = wait(&files[1]),
        wait_setpgid = wait(&files[2]),
        wait_noterm = wait(&files[3]),
    );
    (suite, files.to_vec())
}

#[test]
fn nothing_a_command_starts_outlives_it() {
    let w = World::new();
    let (suite, files) = escaping_suite(w.dir.path());
    let (run, report) = w.run_json(&suite, &[]);
    let pids = pids_in(&files);
    assert_eq!(
        pids.len(),
        files.len(),
        "not every daemon started: {report:#}"
    );
    let left = survivors(&pids);
    assert!(left.is_empty(), "survived the run: {left:?}\n{report:#}");
    assert_eq!(run.code, 1, "only the timeout fails: {report:#}");
    for name in [
        "setsid-grandchild",
        "double-fork",
        "own-process-group",
        "ignores-sigterm",
    ] {
        let p = probe(&report, name);
        assert_eq!(p["status"], "pass", "{p:#}");
        assert!(
            p["command"]["descendants_killed"].as_u64().unwrap() >= 1,
            "{name} reports no kill: {p:#}"
        );
    }
    let t = probe(&report, "times-out");
    assert_eq!(t["error"]["type"], "timeout", "{t:#}");
    assert!(
        t["command"]["descendants_killed"].as_u64().unwrap() >= 1,
        "{t:#}"
    );
}

/// `env_clear: true` keeps probekit's environment (and the secrets in it) away from the
/// command; `env_allow` and `env` add back what it needs.
#[test]
fn env_clear_passes_only_what_is_allowed() {
    let w = World::new();
    let path = w.write(
        "env.yaml",
        "probes:\n  - name: env\n    command: {argv: [/usr/bin/env], env_clear: true, env_allow: [PATH], env: {ADDED: yes}}\n",
    );
    let run = Run::from(
        probekit()
            .env("PROBEKIT_TEST_SECRET", "env-secret-4711")
            .args([
                "run".as_ref(),
                path.as_os_str(),
                "-f".as_ref(),
                "json".as_ref(),
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let out = probe(&run.json(), "env")["command"]["stdout"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(out.contains("PATH="), "{out}");
    assert!(out.contains("ADDED=yes"), "{out}");
    assert!(!out.contains("PROBEKIT_TEST_SECRET"), "{out}");
    let bad = w.write(
        "bad.yaml",
        "probes:\n  - name: env\n    command: {argv: [env], env_allow: [PATH]}\n",
    );
    let run = cli(["validate".as_ref(), bad.as_os_str()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("env_clear: true"), "{}", run.stderr);
}

/// `stdin:` reaches the command and is closed after it; a command that reads none of it, or
/// only part (a large input), still finishes; without `stdin` the input is empty.
#[test]
fn stdin_is_written_then_closed() {
    let w = World::new();
    let big = "x".repeat(300_000);
    let suite = format!(
        r#"
probes:
  - name: echoed
    command: {{argv: [sh, -c, "read line && test \"$line\" = 'SELECT 1' && cat"], stdin: "SELECT 1\nmore ${{STDIN_SECRET}}\n"}}
    expect: {{stdout: {{matches: "^more s3cr3t-in-stdin\\n$"}}}}
  - name: counted
    command: {{argv: [wc, -c], stdin: "{big}"}}
    expect: {{stdout: {{trimmed: "300000"}}}}
  - name: ignored
    command: {{argv: [true], stdin: "{big}", timeout: 5s}}
  - name: empty
    command: {{argv: [wc, -c]}}
    expect: {{stdout: {{trimmed: "0"}}}}
"#
    );
    let path = w.write("stdin.yaml", &suite);
    let run = Run::from(
        probekit()
            .env("STDIN_SECRET", "s3cr3t-in-stdin")
            .args([
                "run".as_ref(),
                path.as_os_str(),
                "-f".as_ref(),
                "json".as_ref(),
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("s3cr3t-in-stdin"), "{}", run.stdout);
}

/// `merge_stderr: true` is `2>&1`: both streams in one, in the order written, read by
/// `expect.stdout`; expecting `stderr` then is a load error.
#[test]
fn merged_output_is_one_stream_in_order() {
    let w = World::new();
    let suite = r#"
probes:
  - name: merged
    command: {shell: "echo one; echo two >&2; echo three", merge_stderr: true}
    expect: {stdout: {equals: "one\ntwo\nthree\n"}}
  - name: apart
    command: {shell: "echo one; echo two >&2"}
    expect: {stdout: {equals: "one\n"}, stderr: {equals: "two\n"}}
"#;
    let (run, report) = w.run_json(suite, &[]);
    assert_eq!(run.code, 0, "{report:#}");
    let bad = w.run(
        "probes:\n  - name: x\n    command: {argv: [\"true\"], merge_stderr: true}\n    expect: {stderr: {contains: a}}\n",
        &[],
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("there is no `stderr` to expect"),
        "{}",
        bad.stderr
    );
}

#[test]
fn exit_code_levels_grade_a_plugin_as_nagios_does() {
    let w = World::new();
    let suite = r#"
probes:
  - name: ok
    command: {shell: "echo 'OK - fine'; exit 0"}
    expect: {exit_code: {ok: 0, warning: 1}}
  - name: warning
    command: {shell: "echo 'WARNING - slow'; exit 1"}
    expect: {exit_code: {warning: 1}}
"#;
    let (run, report) = w.run_json(suite, &[]);
    assert_eq!(run.code, 0, "a warning does not fail a run: {}", run.stdout);
    let status = |name: &str| {
        report["probes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("ok"), "pass");
    assert_eq!(status("warning"), "warn");
    assert_eq!(w.run(suite, &["--format", "nagios"]).code, 1);
    // CRITICAL and UNKNOWN fail; the failure is not also listed as a warning.
    let critical = w.run(
        &format!(
            "{suite}  - name: critical\n    command: {{shell: \"exit 3\"}}\n    expect: {{exit_code: {{warning: 1}}}}\n"
        ),
        &[],
    );
    assert_eq!(critical.code, 1);
    assert_eq!(
        critical.stdout.matches("expected exit code").count(),
        2,
        "{}",
        critical.stdout
    );
    // A code on both levels is a load error at its place.
    let both = w.run(
        "probes:\n  - name: x\n    command: {argv: [\"true\"]}\n    expect: {exit_code: {ok: [0, 1], warning: 1}}\n",
        &[],
    );
    assert_eq!(both.code, 2);
    assert!(
        both.stderr
            .contains(":4:25: exit code 1 is both `ok` and a `warning`"),
        "{}",
        both.stderr
    );
}

#[test]
fn words_split_a_value_into_arguments() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
args:
  - {name: opts, default: " -h  db\t"}
probes:
  - name: split
    command: {argv: [printf, "%s|", {words: "${opts}"}, {words: ""}, "${opts}"]}
    expect: {stdout: {equals: "-h|db| -h  db\t|"}}
  - name: nothing-to-run
    command: {argv: [{words: "${PROBEKIT_TEST_UNSET_OPTS:-}"}]}
"#,
        &[],
    );
    assert_eq!(run.code, 1, "{report:#}");
    assert_eq!(probe(&report, "split")["status"], "pass", "{report:#}");
    assert_eq!(
        probe(&report, "split")["command"]["process.command_args"],
        serde_json::json!(["printf", "%s|", "-h", "db", " -h  db\t"]),
        "{report:#}"
    );
    let none = probe(&report, "nothing-to-run");
    assert_eq!(none["status"], "error", "{none:#}");
    assert!(
        none["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("no words")),
        "{none:#}"
    );
}

/// A variable whose value is not UTF-8 is set, and read with its stray bytes as U+FFFD: the
/// shell reads `ROLES=$'\xffweb'` as set and holding `web`.
#[test]
fn an_environment_value_that_is_not_utf8_is_read_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let w = World::new();
    let suite = w.write(
        "suite.yaml",
        r#"
probes:
  - name: roles
    command: {argv: [printf, "%s", "${ROLES}"]}
    expect: {stdout: {matches: "\\A\uFFFDweb\\z"}}
"#,
    );
    let out = probekit()
        .args(["run", "--format", "json"])
        .arg(&suite)
        .env("ROLES", std::ffi::OsStr::from_bytes(b"\xffweb"))
        .output()
        .expect("probekit runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    assert_eq!(out.status.code(), Some(0), "{report:#}");
    assert_eq!(probe(&report, "roles")["status"], "pass", "{report:#}");
}
