//! probekit's results as metrics, checked by their real consumers: promtool, the Python
//! OpenMetrics parser, node_exporter's textfile collector and the Pushgateway.

use std::io::Write as _;

use super::*;

/// Labels and names that need escaping in every place they can appear.
const HOSTILE: &str = r#"
suite: hostile
labels: {note: "quote \" backslash \\ newline \n ünïcödé"}
probes:
  - name: 'we"ird \name ü'
    labels: {team: "a\\b"}
    http: "{{ base }}/health"
    expect: {body: {contains: "\"status\""}}
  - name: failing
    http: "{{ base }}/checkout"
  - name: skipped
    depends_on: [failing]
    tcp: "{{ tcp }}"
  - name: command
    command: {argv: ["true"]}
"#;

fn promtool_accepts(text: &str) {
    let (valid, said) = promtool_check(text.as_bytes());
    assert!(valid, "promtool check metrics rejected:\n{text}\n{said}");
}

#[test]
fn prometheus_text_passes_promtool_with_hostile_labels() {
    let w = World::new();
    let run = w.run(HOSTILE, &["--format", "prometheus"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    promtool_accepts(&run.stdout);
    let text = &run.stdout;
    assert!(
        text.contains(r#"probe_success{suite="hostile",probe="we\"ird \\name ü",note="quote \" backslash \\ newline \n ünïcödé",team="a\\b"} 1"#),
        "{text}"
    );
    assert!(text.contains(r#"probe_success{suite="hostile",probe="failing","#));
    assert!(text.contains(r#"probe_http_status_code{suite="hostile",probe="failing","#));
    assert!(text.contains(r#",phase="processing"} "#));
    assert!(text.contains(r#"probekit_probe_status{suite="hostile",probe="skipped","#));
    assert!(text.contains(r#"probekit_command_exit_code{suite="hostile",probe="command","#));
    // One block per family.
    let types: Vec<&str> = text.lines().filter(|l| l.starts_with("# TYPE ")).collect();
    let unique: std::collections::BTreeSet<&&str> = types.iter().collect();
    assert_eq!(types.len(), unique.len());
    assert!(!text.contains("# EOF"));
}

#[test]
fn openmetrics_is_read_by_the_reference_parser() {
    let w = World::new();
    let run = w.run(HOSTILE, &["--format", "openmetrics"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.ends_with("# EOF\n"));
    let script = r#"
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
families = list(text_string_to_metric_families(sys.stdin.read()))
samples = [s for f in families for s in f.samples]
ok = [s for s in samples if s.name == "probe_success" and s.labels["probe"] == 'we"ird \\name ü']
assert len(ok) == 1 and ok[0].value == 1.0, ok
assert ok[0].labels["note"] == 'quote " backslash \\ newline \n ünïcödé', ok[0].labels
print(len(families), len(samples))
"#;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(run.stdout.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "prometheus_client rejected the OpenMetrics output (pip install prometheus_client):\n{}\n{}",
        run.stdout,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_textfile_collector_reads_the_file_and_forgets_removed_probes() {
    let w = World::new();
    let dir = w.dir.path().join("textfile");
    std::fs::create_dir(&dir).unwrap();
    let dir_arg = dir.to_str().unwrap();
    let two = "suite: web\nprobes:\n  - name: health\n    http: \"{{ base }}/health\"\n  - name: checkout\n    http: \"{{ base }}/checkout\"\n";
    let run = w.run(two, &["--textfile-dir", dir_arg]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["web.prom"]);
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(dir.join("web.prom"))
            .unwrap()
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o644);

    let port = closed_port();
    let exporter = Daemon::start(
        "prometheus-node-exporter",
        &[
            format!("--web.listen-address=127.0.0.1:{port}"),
            "--collector.disable-defaults".into(),
            "--collector.textfile".into(),
            format!("--collector.textfile.directory={dir_arg}"),
        ],
        port,
        w.dir.path(),
    );
    let (status, metrics) = exporter.get("/metrics");
    assert_eq!(status, 200);
    assert!(
        metrics.contains("node_textfile_scrape_error 0"),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"probe_success{probe="health",suite="web"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains(r#"probe_success{probe="checkout",suite="web"} 0"#));

    let one = "suite: web\nprobes:\n  - name: health\n    http: \"{{ base }}/health\"\n";
    let run = w.run(one, &["--textfile-dir", dir_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (_, metrics) = exporter.get("/metrics");
    assert!(
        metrics.contains("node_textfile_scrape_error 0"),
        "{metrics}"
    );
    assert!(metrics.contains(r#"probe_success{probe="health",suite="web"} 1"#));
    assert!(!metrics.contains(r#"probe="checkout""#), "{metrics}");
}

#[test]
fn pushes_replace_the_group_and_failures_are_reported() {
    let w = World::new();
    let gateway = pushgateway(w.dir.path());
    let port = gateway.port;
    let url = format!("http://127.0.0.1:{port}");
    let two = "suite: nightly/batch\nprobes:\n  - name: health\n    http: \"{{ base }}/health\"\n  - name: checkout\n    http: \"{{ base }}/checkout\"\n";
    let run = w.run(
        two,
        &["--push", &url, "--job", "probes", "--push-instance", "ci-1"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (_, metrics) = gateway.get("/metrics");
    let series =
        r#"probe_success{instance="ci-1",job="probes",probe="checkout",suite="nightly/batch"} 0"#;
    assert!(metrics.contains(series), "{metrics}\n{}", gateway.log());

    let one = "suite: nightly/batch\nprobes:\n  - name: health\n    http: \"{{ base }}/health\"\n";
    let run = w.run(
        one,
        &["--push", &url, "--job", "probes", "--push-instance", "ci-1"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (_, metrics) = gateway.get("/metrics");
    assert!(
        !metrics.contains(r#"probe="checkout""#),
        "PUT keeps only this run: {metrics}"
    );
    assert!(metrics.contains(
        r#"probe_success{instance="ci-1",job="probes",probe="health",suite="nightly/batch"} 1"#
    ));

    // A gateway that is not there: the local report still arrives, the exit code says 3.
    let nowhere = format!("http://127.0.0.1:{}", closed_port());
    let out = w.dir.path().join("local.json");
    let run = w.run(
        one,
        &[
            "--push",
            &nowhere,
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot push to PUT http://127.0.0.1:"),
        "{}",
        run.stderr
    );
    let local: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(local["summary"]["pass"], 1);
}
