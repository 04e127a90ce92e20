//! Metrics probes: scrapes of the built-in target's /metrics (which counts the requests it
//! served), pages in files and from commands, windows for rates, and broken pages.

use super::*;

#[test]
fn samples_are_judged_with_selectors_and_aggregations() {
    let w = World::new();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: scrape
    metrics: "{{ base }}/metrics"
    expect:
      - {metric: target_queue_depth, value: "< 10"}
      - {metric: target_queue_depth, aggregate: sum, value: "== 3"}
      - {metric: target_queue_depth, aggregate: count, value: "== 2"}
      - {metric: 'target_queue_depth{queue=~"bill.*"}', value: "between 0 and 1"}
      - {metric: target_queue_depth, labels: {queue: email}, value: ">= 3"}
      - {metric: 'target_request_duration_seconds_bucket{le="0.1"}', value: ">= 99"}
      - {metric: target_request_duration_seconds_count, value: "== 100"}
      - {metric: target_queue_depth}
      - {metric: no_such_metric, absent: true}
  - name: failing
    metrics: {url: "{{ base }}/metrics"}
    expect:
      - {metric: target_queue_depth, value: "== 0"}
      - {metric: 'target_queue_depth{queue="email"}', value: "< 1"}
      - {metric: target_queue_depth, aggregate: any, value: "> 5"}
      - {metric: no_such_metric, value: "> 0"}
      - {metric: target_queue_depth, absent: true}
"#,
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let ok = probe(&report, "scrape");
    assert_eq!(ok["status"], "pass", "{ok:#}");
    assert_eq!(ok["kind"], "metrics");
    assert_eq!(
        ok["metrics"]["format"], "openmetrics",
        "Prometheus' Accept header is sent"
    );
    assert_eq!(ok["assertions"].as_array().unwrap().len(), 9);
    let failing = probe(&report, "failing");
    let reasons: Vec<&str> = failing["assertions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["actual"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        [
            r#"3 at target_queue_depth{queue="email"}"#,
            "3",
            r#"none of 2 series (first: 3 at target_queue_depth{queue="email"})"#,
            "no matching series",
            r#"target_queue_depth{queue="email"} = 3"#,
        ]
    );
    assert!(
        reason(&report, "failing").starts_with(
            r#"expected target_queue_depth == 0, got 3 at target_queue_depth{queue="email"}"#
        ),
        "{}",
        reason(&report, "failing")
    );
}

#[test]
fn rates_compare_two_scrapes_a_window_apart() {
    let w = World::new();
    // Traffic between the scrapes: the target counts each request by status.
    let base = w.base();
    let traffic = std::thread::spawn(move || {
        for _ in 0..20 {
            std::thread::sleep(std::time::Duration::from_millis(10));
            let _ = http_get(
                base.rsplit(':').next().unwrap().parse().unwrap(),
                "/checkout",
            );
        }
    });
    let started = std::time::Instant::now();
    let (run, report) = w.run_json(
        r#"
probes:
  - name: errors
    metrics: {url: "{{ base }}/metrics", window: 500ms}
    expect:
      - {metric: 'target_requests_total{code=~"5.."}', increase: ">= 10"}
      - {metric: 'target_requests_total{code="503"}', rate: "between 10 and 1000"}
      - {metric: 'target_requests_total{code="200"}', rate: "< 0.001"}
"#,
        &[],
    );
    traffic.join().unwrap();
    assert!(started.elapsed().as_secs_f64() >= 0.5);
    let p = probe(&report, "errors");
    assert_eq!(run.code, 1, "{p:#}");
    assert_eq!(p["metrics"]["scrapes"], 2);
    assert!(p["metrics"]["window_seconds"].as_f64().unwrap() >= 0.5);
    let a = p["assertions"].as_array().unwrap();
    assert_eq!(a[0]["pass"], true, "{p:#}");
    assert_eq!(a[1]["pass"], true, "{p:#}");
    // The scrapes themselves are 200s: two of them, one in the window.
    assert_eq!(a[2]["pass"], false, "{p:#}");
    assert_eq!(
        a[2]["subject"],
        r#"sum(rate(target_requests_total{code="200"}))"#
    );
}

#[test]
fn pages_from_files_and_commands() {
    let w = World::new();
    let page = "# HELP node_load1 1m load average.\n# TYPE node_load1 gauge\nnode_load1 5.5\n# TYPE node_filesystem_avail_bytes gauge\nnode_filesystem_avail_bytes{mountpoint=\"/\"} 1e9\nnode_filesystem_avail_bytes{mountpoint=\"/boot\"} 1e6\n";
    let file = w.write("node.prom", page);
    let suite = format!(
        r#"
probes:
  - name: file
    metrics: {{file: "{file}"}}
    expect:
      - {{metric: node_load1, value: "< 4"}}
  - name: command
    metrics: {{command: {{argv: [cat, "{file}"]}}}}
    expect:
      - {{metric: node_filesystem_avail_bytes, value: "> 1e8"}}
      - {{metric: node_filesystem_avail_bytes, aggregate: min, value: "> 1e5"}}
  - name: openmetrics-file
    metrics: {{command: {{shell: "printf 'up 1\\n# EOF\\n'"}}}}
    expect: [{{metric: up, value: "== 1"}}]
"#,
        file = file.display()
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(reason(&report, "file"), "expected node_load1 < 4, got 5.5");
    assert_eq!(
        reason(&report, "command"),
        r#"expected node_filesystem_avail_bytes > 100000000, got 1000000 at node_filesystem_avail_bytes{mountpoint="/boot"}"#
    );
    assert_eq!(
        probe(&report, "openmetrics-file")["status"],
        "pass",
        "{report:#}"
    );
    assert_eq!(
        probe(&report, "openmetrics-file")["metrics"]["format"],
        "openmetrics"
    );
}

#[test]
fn broken_pages_and_failed_scrapes_are_errors() {
    let w = World::new();
    let bad = w.write("bad.prom", "# TYPE x gauge\nx{a=\"1\" 1\n");
    let text = w.write("text.prom", "up 1\n");
    let suite = format!(
        r#"
probes:
  - name: not-metrics
    metrics: "{{{{ base }}}}/health"
  - name: not-found
    metrics: "{{{{ base }}}}/nope"
  - name: syntax
    metrics: {{file: "{bad}"}}
  - name: command-fails
    metrics: {{command: {{shell: "echo broken >&2; exit 3"}}}}
  - name: forced-openmetrics
    metrics: {{file: "{text}", format: openmetrics}}
"#,
        bad = bad.display(),
        text = text.display()
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1);
    let message = |name| {
        probe(&report, name)["error"]["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        message("not-metrics").contains("line 1:68: the last line does not end with a line feed"),
        "{}",
        message("not-metrics")
    );
    assert_eq!(message("not-found"), "the scrape answered status 404");
    assert!(
        message("syntax").ends_with("line 2:9: expected `,` or `}` after a label"),
        "{}",
        message("syntax")
    );
    assert!(
        message("command-fails").contains("exited with code 3: broken"),
        "{}",
        message("command-fails")
    );
    assert_eq!(
        message("forced-openmetrics"),
        format!(
            "invalid metrics page from {}: line 2:1: data does not end with # EOF",
            text.display()
        )
    );
}

/// Runs `probekit run SUITE` and returns its exit code, its output and its peak resident memory in
/// bytes. Linux carries a process's high-water mark across fork and exec, so a child of this
/// test process (which under `cargo test` holds every test's memory) would report this process's
/// peak: the test binary is started again, small, to start probekit and report its usage.
fn run_measured(w: &World, suite: &str) -> (i32, String, u64) {
    let path = w.write("suite.yaml", suite);
    let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "metrics_probe::peak_rss_of_a_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("PROBEKIT_TEST_PEAK_OF", &path)
        .output()
        .expect("the test binary runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let field = |key: &str| -> i64 {
        text.lines()
            .find_map(|l| l.split_once(key).map(|(_, v)| v))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {key} from the helper:\n{text}"))
    };
    (field("code=") as i32, text.clone(), field("peak=") as u64)
}

/// Not a test of its own: with `PROBEKIT_TEST_PEAK_OF=SUITE` it runs `probekit run SUITE`, waits
/// for that child alone with `wait4` and prints its exit code and peak RSS for `run_measured`.
#[test]
fn peak_rss_of_a_child() {
    let Some(suite) = std::env::var_os("PROBEKIT_TEST_PEAK_OF") else {
        return;
    };
    // Reaped below by wait4, which std's wait cannot do while returning the child's usage.
    #[allow(clippy::zombie_processes)]
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_probekit"))
        .arg("run")
        .arg(&suite)
        .args(["--no-progress", "--concurrency", "1"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("probekit runs");
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: the pid is our own unwaited child; wait4 fills the status and the struct it is given.
    let usage = unsafe {
        let waited = libc::wait4(child.id() as i32, &mut status, 0, usage.as_mut_ptr());
        assert_eq!(waited, child.id() as i32, "wait4 failed");
        usage.assume_init()
    };
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    println!("code={code}\npeak={}", usage.ru_maxrss as u64 * 1024);
}

/// A rule that selects every series of a large page keeps none of them: the scrape costs about
/// the page (≤ 3×, the hardening goal), where every sample once cost about 100 bytes (7× for
/// one-label series). With a window, the first page is not kept while the second is read.
#[test]
fn a_rule_over_every_series_of_a_large_page_costs_about_the_page() {
    let w = World::new();
    let mut page = String::with_capacity(17 << 20);
    let mut series = 0;
    while page.len() < 16 << 20 {
        page.push_str(&format!("up{{i=\"{series}\"}} {}\n", series % 2));
        series += 1;
    }
    let file = w.write("large.prom", &page);
    let size = page.len() as u64;
    drop(page);
    let suite = format!(
        r#"
probes:
  - name: every series
    metrics: {{file: "{file}", timeout: 60s}}
    expect:
      - {{metric: up, aggregate: count, value: "== {series}"}}
      - {{metric: up, aggregate: sum, value: "== {half}"}}
  - name: window
    depends_on: [every series]
    metrics: {{file: "{file}", timeout: 60s, window: 100ms}}
    expect:
      - {{metric: up, increase: "== 0"}}
"#,
        file = file.display(),
        half = series / 2,
    );
    let (code, output, peak) = run_measured(&w, &suite);
    assert_eq!(code, 0, "{output}");
    // What this build of probekit holds whatever it runs (about 16 MB for a debug build, more or
    // less on another machine), measured on the same page read without a rule.
    let bare = format!(
        "probes:\n  - name: bare\n    metrics: {{file: \"{}\", timeout: 60s}}\n",
        file.display()
    );
    let (code, output, base) = run_measured(&w, &bare);
    assert_eq!(code, 0, "{output}");
    let base = base.saturating_sub(size);
    assert!(
        peak <= 3 * size + base,
        "peak RSS {} MB for a {} MB page, beside {} MB that any run holds",
        peak >> 20,
        size >> 20,
        base >> 20
    );
}
