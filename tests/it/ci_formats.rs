//! JUnit, TAP and Nagios output, each checked by its real consumer: xmllint against Jenkins'
//! JUnit schema, Perl's `prove`, and the Nagios plugin conventions (status line, perfdata, exit
//! codes 0–3).

use super::*;

const MIXED: &str = r#"
suite: 'ci <&> "suite"'
labels: {team: "a&b"}
probes:
  - name: healthy
    http: "{{ base }}/health"
  - name: 'broken <xml> & "quotes" # hash'
    http: "{{ base }}/checkout"
  - name: refused
    tcp: "127.0.0.1:1"
  - name: dependent
    depends_on: [refused]
    command: {argv: ["true"]}
"#;

fn xsd() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-deps/junit-10.xsd");
    assert!(
        path.exists(),
        "{} is missing: run scripts/install-deps.sh --test",
        path.display()
    );
    path
}

#[test]
fn junit_validates_against_the_schema() {
    let w = World::new();
    let out = w.dir.path().join("report.xml");
    let run = w.run(MIXED, &["--format", "junit", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let xml = std::fs::read_to_string(&out).unwrap();
    let lint = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(xsd())
        .arg(&out)
        .output()
        .expect("xmllint (Debian package libxml2-utils)");
    assert!(
        lint.status.success(),
        "xmllint rejected:\n{xml}\n{}",
        String::from_utf8_lossy(&lint.stderr)
    );
    assert!(xml.contains(r#"<testsuite name="ci &lt;&amp;&gt; &quot;suite&quot;" tests="4" failures="1" errors="1" skipped="1""#), "{xml}");
    assert!(
        xml.contains(r#"<failure message="expected status 2xx, got 503" type="assertion">"#),
        "{xml}"
    );
    assert!(xml.contains(r#"<error message="#), "{xml}");
    assert!(xml.contains(r#"type="connect">"#), "{xml}");
    assert!(
        xml.contains(r#"<skipped message="dependency `refused` did not pass (error)">"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<property name="label.team" value="a&amp;b"/>"#),
        "{xml}"
    );
}

/// Runs `prove` on a TAP file; whether it passed, and what it said.
fn prove(w: &World, tap: &Path) -> (bool, String) {
    let script = w.write("report.t", &format!("#!/bin/sh\ncat '{}'\n", tap.display()));
    let out = std::process::Command::new("prove")
        .args(["--exec", "sh", "-v"])
        .arg(&script)
        .output()
        .expect("prove (Debian package perl)");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn tap_is_read_by_prove() {
    let w = World::new();
    let tap = w.dir.path().join("report.tap");
    let tap14 = w.dir.path().join("report14.tap");
    let run = w.run(MIXED, &["--format", "tap13", "-o", tap.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let run = w.run(MIXED, &["--format", "tap", "-o", tap14.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let text = std::fs::read_to_string(&tap).unwrap();
    assert!(text.starts_with("TAP version 13\n1..4\n"), "{text}");
    assert!(
        text.contains(r#"not ok 2 - broken <xml> & "quotes" \# hash"#),
        "{text}"
    );
    assert!(text.contains("ok 4 - dependent # SKIP dependency `refused` did not pass (error)"));
    // Version 14 is the same document under another version line.
    let text14 = std::fs::read_to_string(&tap14).unwrap();
    assert!(text14.starts_with("TAP version 14\n"));
    let body = |t: &str| {
        normalise(t)
            .lines()
            .skip(1)
            .filter(|l| !l.contains("duration_seconds"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&text), body(&text14));

    let (passed, said) = prove(&w, &tap);
    assert!(!passed, "prove passed a failing run:\n{said}");
    assert!(said.contains("Failed 2/4 subtests"), "{said}");

    let good = "probes:\n  - name: healthy\n    http: \"{{ base }}/health\"\n";
    let run = w.run(good, &["--format", "tap13", "-o", tap.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    let (passed, said) = prove(&w, &tap);
    assert!(passed, "{said}");
}

#[test]
fn nagios_states_perfdata_and_exit_codes() {
    let w = World::new();
    let ok = "suite: web\nprobes:\n  - name: health\n    http: \"{{ base }}/health\"\n  - name: slow\n    http: \"{{ base }}/sleep/150\"\n";
    let run = w.run(ok, &["--format", "nagios"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("PROBEKIT OK - web: 2/2 passed | 'health'="),
        "{first}"
    );
    assert!(first.ends_with("passed=2;;;0;2 failed=0;;;0;2"), "{first}");

    let run = w.run(ok, &["--format", "nagios", "-w", "0.1", "-c", "1"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .starts_with("PROBEKIT WARNING - web: 2/2 passed; not OK: slow |"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("s;0.1;1;0"), "{}", run.stdout);

    let run = w.run(ok, &["--format", "nagios", "-w", "0.05", "-c", "@0.1:10"]);
    assert_eq!(run.code, 2, "{}", run.stdout);

    let run = w.run(MIXED, &["--format", "nagios"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("[CRITICAL] refused - "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("'dependent'=U"), "{}", run.stdout);
    assert!(
        run.stderr.is_empty(),
        "Nagios reads stdout only: {}",
        run.stderr
    );
}

#[test]
fn nagios_reports_unknown_for_what_cannot_run() {
    let w = World::new();
    let run = w.run(
        "probes:\n  - name: x\n    http: {url: \"{{ base }}/\", timeout: soon}\n",
        &["--format", "nagios"],
    );
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("PROBEKIT UNKNOWN - "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("suite.yaml:3:"), "{}", run.stdout);

    let run = cli(["check", "http", "not a url", "--format", "nagios"]);
    assert_eq!(run.code, 3);
    assert!(
        run.stdout.starts_with("PROBEKIT UNKNOWN - "),
        "{}",
        run.stdout
    );

    let run = cli([
        "check",
        "http",
        "http://127.0.0.1:1/",
        "--format",
        "nagios",
        "-w",
        "x",
    ]);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("PROBEKIT UNKNOWN - "),
        "{}",
        run.stdout
    );

    // As a check command: check http with thresholds, like check_http -w/-c.
    let url = format!("{}/health", w.base());
    let run = cli([
        "check", "http", &url, "--format", "nagios", "-w", "1", "-c", "2",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("s;1;2;0"), "{}", run.stdout);
}

#[test]
fn several_reports_in_one_run() {
    let w = World::new();
    let xml = w.dir.path().join("out/probes.xml");
    let json = w.dir.path().join("out/probes.json");
    let prom = w.dir.path().join("out/probes.prom");
    std::fs::create_dir(w.dir.path().join("out")).unwrap();
    let run = w.run(
        MIXED,
        &[
            "--color",
            "never",
            "--report",
            &format!("junit={}", xml.display()),
            "--report",
            &format!("json={}", json.display()),
            "--report",
            &format!("prometheus={}", prom.display()),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("FAIL"),
        "the human view still goes to the terminal"
    );
    assert!(std::fs::read_to_string(&xml).unwrap().starts_with("<?xml"));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["summary"]["total"], 4);
    assert!(
        std::fs::read_to_string(&prom)
            .unwrap()
            .contains("probe_success{")
    );
    let entries = std::fs::read_dir(w.dir.path().join("out")).unwrap().count();
    assert_eq!(entries, 3, "no temporary files are left");

    let run = cli(["run", "x.yaml", "--report", "xml=out.xml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown report format `xml`"),
        "{}",
        run.stderr
    );
}

/// A warning level, or a probe of `severity: warning`, makes the probe `warn`: the run passes,
/// Nagios says WARNING (1), Prometheus keeps `probe_success` 1 and adds the severity; a critical
/// level still fails.
#[test]
fn severities_warn_without_failing_the_run() {
    let w = World::new();
    let suite = r#"
suite: graded
probes:
  - name: slowish
    http: "{{ base }}/sleep/150"
    expect:
      latency: {warning: "> 50ms", critical: "> 10s"}
  - name: soft
    severity: warning
    command: {argv: ["false"]}
  - name: disk
    command: {shell: "echo 85"}
    expect:
      stdout: {number: {warning: "> 80", critical: "> 90"}}
  - name: after-warning
    depends_on: [soft]
    command: {argv: ["true"]}
"#;
    let (run, report) = w.run_json(suite, &[]);
    assert_eq!(run.code, 0, "{report:#}");
    assert_eq!(report["summary"]["warn"], 3, "{report:#}");
    assert_eq!(probe(&report, "after-warning")["status"], "pass");
    let slowish = probe(&report, "slowish");
    assert_eq!(slowish["status"], "warn", "{slowish:#}");
    let warned: Vec<&Value> = slowish["assertions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["severity"] == "warning")
        .collect();
    assert_eq!(warned.len(), 1, "{slowish:#}");
    assert_eq!(warned[0]["expected"], "<= 50ms");
    assert_eq!(warned[0]["pass"], false);
    assert!(reason(&report, "disk").contains("stdout as a number <= 80, got 85"));

    let human = w.run(suite, &[]);
    assert!(human.stdout.contains("WARN  soft"), "{}", human.stdout);
    assert!(human.stdout.contains("3 warned"), "{}", human.stdout);

    let nagios = w.run(suite, &["--format", "nagios"]);
    assert_eq!(nagios.code, 1, "{}", nagios.stdout);
    assert!(
        nagios
            .stdout
            .starts_with("PROBEKIT WARNING - graded: 1/4 passed; not OK: slowish, soft, disk |"),
        "{}",
        nagios.stdout
    );
    assert!(
        nagios
            .stdout
            .contains("[WARNING] soft - expected exit code 0, got 1")
    );
    // The suite's latency levels are the performance data's thresholds, in seconds.
    assert!(nagios.stdout.contains("s;0.05;10;0 "), "{}", nagios.stdout);

    let prom = w.run(suite, &["--format", "prometheus"]);
    assert_eq!(prom.code, 0);
    assert!(
        prom.stdout
            .contains("probe_success{suite=\"graded\",probe=\"soft\"} 1"),
        "{}",
        prom.stdout
    );
    assert!(
        prom.stdout
            .contains("probekit_probe_severity{suite=\"graded\",probe=\"soft\"} 1")
    );
    assert!(
        prom.stdout
            .contains("probekit_probe_severity{suite=\"graded\",probe=\"after-warning\"} 0")
    );
    let (valid, why) = promtool_check(prom.stdout.as_bytes());
    assert!(valid, "{why}");

    let junit = w.run(suite, &["--format", "junit"]);
    assert!(
        junit.stdout.contains("failures=\"0\" errors=\"0\""),
        "{}",
        junit.stdout
    );
    assert!(
        junit.stdout.contains("<system-out>warning: http "),
        "{}",
        junit.stdout
    );
    assert!(
        junit.stdout.contains("WARN latency &lt;= 50ms"),
        "{}",
        junit.stdout
    );

    // Past the critical level, the probe fails as before: Nagios 2, the run 1.
    let critical = suite.replace("critical: \"> 10s\"", "critical: \"> 100ms\"");
    let nagios = w.run(&critical, &["--format", "nagios"]);
    assert_eq!(nagios.code, 2, "{}", nagios.stdout);
    assert!(
        nagios.stdout.contains("[CRITICAL] slowish - "),
        "{}",
        nagios.stdout
    );
    assert_eq!(w.run(&critical, &[]).code, 1);
}

/// An alternative that passes with a warning answers for its `any_of`: the probe warns.
#[test]
fn an_alternative_that_warns_answers_for_the_probe() {
    let w = World::new();
    let suite = r#"
probes:
  - name: either
    any_of:
      - http: "{{ base }}/sleep/120"
        expect: {latency: {warning: "> 50ms", critical: "> 10s"}}
      - command: {argv: ["false"]}
"#;
    let (run, report) = w.run_json(suite, &[]);
    assert_eq!(run.code, 0, "{report:#}");
    let either = probe(&report, "either");
    assert_eq!(either["status"], "warn", "{either:#}");
    assert!(
        reason(&report, "either").contains("latency <= 50ms"),
        "{report:#}"
    );
}
