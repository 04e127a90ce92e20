//! `probekit serve`: scheduled probes on /metrics, on-demand probes without SSRF, reloads,
//! graceful shutdown, and a real Prometheus scraping it and firing an alert.

use std::time::{Duration, Instant};

use super::*;

const SUITE: &str = r#"
suite: served
defaults: {interval: 1s, timeout: 2s}
probes:
  - name: health
    http: "{{ base }}/health"
  - name: checkout
    http: "{{ base }}/checkout"
  - name: after-checkout
    depends_on: [checkout]
    tcp: "{{ tcp }}"
"#;

fn serve(w: &World, suite: &Path, extra: &[&str]) -> Daemon {
    let port = closed_port();
    let mut args = vec![
        "serve".to_string(),
        suite.display().to_string(),
        "--listen".into(),
        format!("127.0.0.1:{port}"),
    ];
    // Only the vars the suite reads: an unknown `--var` is a typo, refused.
    let text = std::fs::read_to_string(suite).unwrap_or_default();
    if text.contains("base") {
        args.extend(["--var".into(), format!("base={}", w.base())]);
    }
    if text.contains("tcp") {
        args.extend(["--var".into(), format!("tcp={}", w.target.tcp)]);
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    Daemon::start(env!("CARGO_BIN_EXE_probekit"), &args, port, w.dir.path())
}

/// Polls `check` every 50ms for up to `within`.
fn eventually(within: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn metrics_ready_and_on_demand_probes_without_ssrf() {
    let w = World::new();
    let suite = w.write("served.yaml", SUITE);
    let server = serve(&w, &suite, &[]);
    assert!(
        eventually(Duration::from_secs(10), || server.get("/-/ready").0 == 200),
        "{}",
        server.log()
    );
    let (status, metrics) = server.get("/metrics");
    assert_eq!(status, 200);
    let (valid, said) = promtool_check(metrics.as_bytes());
    assert!(valid, "{said}");
    assert!(
        metrics.contains(r#"probe_success{suite="served",probe="health"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains(r#"probe_success{suite="served",probe="checkout"} 0"#));
    assert!(
        metrics.contains(
            r#"probekit_probe_status{suite="served",probe="after-checkout",status="skipped"} 1"#
        ),
        "{metrics}"
    );
    assert_eq!(server.get("/-/healthy").0, 200);
    // How late the scheduled runs started, with the probes and alone.
    assert!(
        metrics.contains("# TYPE probekit_serve_schedule_lag_seconds summary\n"),
        "{metrics}"
    );
    let (status, own) = server.get("/-/metrics");
    assert_eq!(status, 200);
    let (valid, said) = promtool_check(own.as_bytes());
    assert!(valid, "{said}");
    assert!(!own.contains("probe_success"), "{own}");
    for family in [
        "probekit_build_info{version=\"",
        "probekit_config_last_reload_successful 1\n",
        "probekit_config_reloads_total 0\n",
        "process_cpu_seconds_total ",
        "process_resident_memory_bytes ",
        "process_open_fds ",
        "process_max_fds ",
        "process_start_time_seconds ",
    ] {
        assert!(own.contains(family), "{family}: {own}");
    }
    // The runs' durations, a histogram a probe, with the probes.
    assert!(
        metrics.contains(
            "probekit_probe_duration_seconds_bucket{suite=\"served\",probe=\"health\",le=\"+Inf\"} "
        ),
        "{metrics}"
    );
    assert!(metrics.contains("process_open_fds "), "{metrics}");
    let runs: u64 = own
        .lines()
        .find_map(|l| l.strip_prefix("probekit_serve_schedule_lag_seconds_count "))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(runs >= 1, "{own}");

    let (status, one) = server.get("/probe?name=health");
    assert_eq!(status, 200);
    assert!(
        one.contains(r#"probe_success{suite="served",probe="health"} 1"#),
        "{one}"
    );
    assert!(!one.contains("probekit_suite_"), "{one}");

    for path in [
        "/probe?target=http://169.254.169.254/",
        "/probe?name=health&target=x",
        "/probe?name=elsewhere",
        "/probe",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 400, "{path}: {body}");
    }
    assert_eq!(server.get("/nope").0, 404);

    // A failing probe is logged once when it starts failing, not once per run.
    std::thread::sleep(Duration::from_millis(2500));
    let log = server.log();
    assert_eq!(log.matches("probe=checkout").count(), 1, "{log}");
}

#[test]
fn sighup_and_post_reload_replace_the_suite_or_keep_it() {
    let w = World::new();
    let suite = w.write("served.yaml", SUITE);
    let mut server = serve(
        &w,
        &suite,
        &["--log-format", "json", "--web.enable-lifecycle"],
    );
    assert!(eventually(Duration::from_secs(10), || server
        .get("/-/ready")
        .0
        == 200));

    // A valid suite without `checkout`: it vanishes from /metrics.
    std::fs::write(&suite, "suite: served\ndefaults: {interval: 1s}\nprobes:\n  - name: health\n    http: \"{{ base }}/health\"\n  - name: new-one\n    http: \"{{ base }}/status/204\"\n").unwrap();
    unsafe { libc::kill(server.pid(), libc::SIGHUP) };
    assert!(
        eventually(Duration::from_secs(10), || {
            let m = server.get("/metrics").1;
            !m.contains("probe=\"checkout\"") && m.contains("probe=\"new-one\"")
        }),
        "{}",
        server.log()
    );

    // An invalid suite is rejected with where it is wrong, never with its lines (this one holds
    // a literal credential); the running suite stays.
    std::fs::write(
        &suite,
        "suite: served\nprobes:\n  - name: health\n    http: {url: x, timout: 1s, headers: {Authorization: Bearer lit-reload-secret}}\n",
    )
    .unwrap();
    unsafe { libc::kill(server.pid(), libc::SIGHUP) };
    assert!(eventually(Duration::from_secs(5), || server
        .log()
        .contains("reload rejected")));
    let log = server.log();
    let rejected = log.lines().find(|l| l.contains("reload rejected")).unwrap();
    let event: serde_json::Value = serde_json::from_str(rejected).unwrap();
    assert_eq!(event["level"], "error");
    assert!(
        event["error"].as_str().unwrap().contains("served.yaml:4:"),
        "{event}"
    );
    assert!(server.get("/metrics").1.contains("probe=\"new-one\""));
    let own = server.get("/-/metrics").1;
    assert!(
        own.contains("probekit_config_last_reload_successful 0\n"),
        "{own}"
    );
    assert!(own.contains("probekit_config_reloads_total 2\n"), "{own}");
    assert!(
        own.contains("probekit_config_reload_failures_total 1\n"),
        "{own}"
    );

    let (status, body) = http_request(server.port, "POST", "/-/reload");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("did you mean `timeout`"), "{body}");
    assert!(!body.contains("lit-reload-secret"), "{body}");
    assert!(
        !server.log().contains("lit-reload-secret"),
        "{}",
        server.log()
    );

    let exit = server.signal_and_wait(libc::SIGTERM, Duration::from_secs(5));
    assert_eq!(exit.and_then(|s| s.code()), Some(0));
}

/// `POST /-/reload` is Prometheus' lifecycle API: off unless asked for, like Prometheus'.
#[test]
fn reload_over_http_needs_the_lifecycle_flag() {
    let w = World::new();
    let suite = w.write("served.yaml", SUITE);
    let server = serve(&w, &suite, &[]);
    let (status, body) = http_request(server.port, "POST", "/-/reload");
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("--web.enable-lifecycle"), "{body}");
}

/// Reloads more often than the first-run spread once kept probes from running at all, and
/// the last result was served as fresh while `/-/ready` said 200.
#[test]
fn frequent_reloads_neither_starve_probes_nor_freeze_results() {
    let w = World::new();
    let flag = w.dir.path().join("healthy");
    std::fs::write(&flag, "").unwrap();
    let suite = w.write(
        "served.yaml",
        &format!(
            "suite: served\ndefaults: {{interval: 1s, timeout: 1s}}\nprobes:\n  - name: flag\n    command: {{argv: [test, -e, {}]}}\n",
            flag.display()
        ),
    );
    let server = serve(&w, &suite, &["--web.enable-lifecycle"]);
    let success = |v: u8| format!(r#"probe_success{{suite="served",probe="flag"}} {v}"#);
    assert!(eventually(Duration::from_secs(10), || server
        .get("/metrics")
        .1
        .contains(&success(1))));
    std::fs::remove_file(&flag).unwrap();
    // Reload every 300 ms: the probe keeps its place in the schedule and sees the change.
    let started = Instant::now();
    let mut seen_failing = false;
    while started.elapsed() < Duration::from_secs(8) && !seen_failing {
        assert_eq!(http_request(server.port, "POST", "/-/reload").0, 200);
        std::thread::sleep(Duration::from_millis(300));
        seen_failing = server.get("/metrics").1.contains(&success(0));
    }
    assert!(
        seen_failing,
        "the failing probe was not seen within 8 s of reloads: {}",
        server.log()
    );
}

/// A probe that cannot finish a run (here it waits behind a slow one at concurrency 1) is
/// served as stale, with probe_success 0, not as its last pass.
#[test]
fn a_result_older_than_interval_and_timeout_is_served_as_stale() {
    let w = World::new();
    let suite = w.write(
        "served.yaml",
        "suite: served\nconcurrency: 1\nprobes:\n  - name: quick\n    command: {argv: ['true'], timeout: 1s}\n    interval: 1s\n  - name: hog\n    command: {argv: [sleep, '30'], timeout: 5s}\n    interval: 1s\n",
    );
    let server = serve(&w, &suite, &[]);
    assert!(
        eventually(Duration::from_secs(15), || {
            let m = server.get("/metrics").1;
            m.contains(r#"probekit_probe_stale{suite="served",probe="quick"} 1"#)
                && m.contains(r#"probe_success{suite="served",probe="quick"} 0"#)
        }),
        "{}",
        server.get("/metrics").1
    );
}

#[test]
fn sigterm_lets_running_probes_finish_and_slow_clients_do_not_block_others() {
    let w = World::new();
    let suite = w.write(
        "slow.yaml",
        "defaults: {interval: 1s}\nprobes:\n  - name: slow\n    http: {url: \"{{ base }}/sleep/700\", timeout: 5s}\n",
    );
    let mut server = serve(&w, &suite, &[]);
    // A client that never finishes its request head does not stop others being served.
    let mut stalled = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    std::io::Write::write_all(&mut stalled, b"GET /metrics HTTP/1.1\r\nHost: x\r\n").unwrap();
    assert_eq!(server.get("/-/healthy").0, 200);

    assert!(eventually(Duration::from_secs(10), || server
        .log()
        .contains("msg=serving")));
    // Let the first run start (it takes 700ms), then ask to stop.
    std::thread::sleep(Duration::from_millis(5300));
    let started = Instant::now();
    let exit = server.signal_and_wait(libc::SIGTERM, Duration::from_secs(12));
    assert_eq!(exit.and_then(|s| s.code()), Some(0), "{}", server.log());
    assert!(started.elapsed() < Duration::from_secs(11));
    assert!(server.log().contains("msg=stopped"), "{}", server.log());
}

#[test]
fn prometheus_scrapes_serve_and_fires_the_alert() {
    let w = World::new();
    let suite = w.write("served.yaml", SUITE);
    let server = serve(&w, &suite, &[]);
    let rules = w.write(
        "rules.yml",
        "groups:\n  - name: probekit\n    interval: 1s\n    rules:\n      - alert: ProbeFailing\n        expr: probe_success == 0\n        labels: {severity: page}\n        annotations: {summary: \"{{ $labels.probe }} is failing\"}\n",
    );
    let config = w.write(
        "prometheus.yml",
        &format!(
            "global: {{scrape_interval: 1s, evaluation_interval: 1s}}\nrule_files: [\"{}\"]\nscrape_configs:\n  - job_name: probekit\n    static_configs: [{{targets: [\"127.0.0.1:{}\"]}}]\n",
            rules.display(),
            server.port
        ),
    );
    for (what, file) in [("config", &config), ("rules", &rules)] {
        let check = std::process::Command::new("promtool")
            .args(["check", what])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
    let port = closed_port();
    let data = w.dir.path().join("tsdb");
    let prometheus = Daemon::start(
        "prometheus",
        &[
            format!("--config.file={}", config.display()),
            format!("--storage.tsdb.path={}", data.display()),
            format!("--web.listen-address=127.0.0.1:{port}"),
        ],
        port,
        w.dir.path(),
    );
    let firing = eventually(Duration::from_secs(40), || {
        let (_, body) = prometheus.get("/api/v1/alerts");
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&body) else {
            return false;
        };
        json["data"]["alerts"].as_array().is_some_and(|alerts| {
            alerts.iter().any(|a| {
                a["labels"]["alertname"] == "ProbeFailing"
                    && a["labels"]["probe"] == "checkout"
                    && a["state"] == "firing"
            })
        })
    });
    assert!(
        firing,
        "no firing alert\n{}\n{}",
        prometheus.get("/api/v1/alerts").1,
        prometheus.log()
    );
    let (_, up) = prometheus.get("/api/v1/query?query=probe_success%7Bprobe%3D%22health%22%7D");
    assert!(
        up.contains(r#""value":["#) && up.contains(r#","1"]"#),
        "{up}"
    );
}

/// Open descriptors and resident memory of a process, from /proc.
fn fds_and_rss(pid: i32) -> (usize, u64) {
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let rss_kb = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (fds, rss_kb)
}

#[test]
fn hostile_targets_leak_no_sockets_tasks_or_memory_over_many_runs() {
    let w = World::new();
    // Targets that time out, reset, or send endless bodies, every second.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in silent.incoming().flatten() {
            held.push(s);
        }
    });
    let suite = w.write(
        "hostile.yaml",
        &format!(
            r#"
defaults: {{interval: 1s, timeout: 300ms}}
probes:
  - name: silent
    http: "http://127.0.0.1:{silent_port}/"
  - name: big
    http: {{url: "{{{{ base }}}}/bytes/10000000", max_body: 1KiB}}
  - name: refused
    tcp: "127.0.0.1:{closed}"
  - name: command
    command: {{shell: "sleep 5 & sleep 5", timeout: 200ms}}
"#,
            closed = closed_port()
        ),
    );
    let server = serve(&w, &suite, &[]);
    assert!(eventually(Duration::from_secs(10), || server
        .get("/-/ready")
        .0
        == 200));
    std::thread::sleep(Duration::from_secs(2));
    let (fds_before, rss_before) = fds_and_rss(server.pid());
    std::thread::sleep(Duration::from_secs(5));
    let (fds_after, rss_after) = fds_and_rss(server.pid());
    assert!(
        fds_after <= fds_before + 4,
        "descriptors grew from {fds_before} to {fds_after}"
    );
    assert!(
        rss_after < rss_before + 8 * 1024,
        "memory grew from {rss_before} KB to {rss_after} KB"
    );
    assert!(rss_after < 64 * 1024, "{rss_after} KB resident");
}

/// Under `serve`, every interval starts the commands again: nothing they leave behind may
/// accumulate, run after run.
#[test]
fn serve_leaves_no_process_behind_run_after_run() {
    let w = World::new();
    let (probes, files) = super::command::escaping_suite(w.dir.path());
    let suite = w.write(
        "escaping.yaml",
        &format!("defaults: {{interval: 1s}}\n{}", probes.trim_start()),
    );
    let mut server = serve(&w, &suite, &[]);
    let mut seen: Vec<i32> = Vec::new();
    // Two rounds: each daemon's pid file is rewritten by every run.
    for _ in 0..2 {
        let before = seen.len();
        assert!(
            eventually(Duration::from_secs(15), || {
                for f in &files {
                    if let Some(pid) = std::fs::read_to_string(f)
                        .ok()
                        .and_then(|t| t.trim().parse::<i32>().ok())
                        && !seen.contains(&pid)
                    {
                        seen.push(pid);
                    }
                }
                seen.len() >= before + files.len()
            }),
            "the daemons did not all start: {seen:?}\n{}",
            server.log()
        );
    }
    // While serve runs on, the first round's processes are already gone.
    let left = super::command::survivors(&seen[..files.len()]);
    assert!(left.is_empty(), "accumulating under serve: {left:?}");
    let status = server.signal_and_wait(libc::SIGTERM, Duration::from_secs(15));
    assert!(status.is_some(), "serve did not stop: {}", server.log());
    let left = super::command::survivors(&seen);
    let described: Vec<String> = left
        .iter()
        .map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let file = files
                .iter()
                .find(|f| std::fs::read_to_string(f).is_ok_and(|t| t.trim() == pid.to_string()))
                .map(|f| f.display().to_string())
                .unwrap_or_default();
            format!("{file} {stat}")
        })
        .collect();
    assert!(
        left.is_empty(),
        "survived serve: {described:?}\n{}",
        server.log()
    );
    assert!(
        left.is_empty(),
        "survived serve: {left:?}\n{}",
        server.log()
    );
}

/// About 300 connections that send their request head slowly (slowloris) once made scrapes
/// wait about 10 s: they held every slot. Now a scrape always finds one.
#[test]
fn slow_clients_do_not_hold_the_slots_scrapes_need() {
    use std::io::Write;
    let w = World::new();
    let suite = w.write("served.yaml", SUITE);
    let server = serve(&w, &suite, &[]);
    assert!(eventually(Duration::from_secs(10), || server
        .get("/-/ready")
        .0
        == 200));
    let mut slow = Vec::new();
    for _ in 0..300 {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", server.port)) {
            let _ = s.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\n");
            slow.push(s);
        }
    }
    for _ in 0..20 {
        let started = Instant::now();
        let (status, _) = server.get("/metrics");
        assert_eq!(status, 200);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "a scrape waited {:?} behind slow clients",
            started.elapsed()
        );
    }
    drop(slow);
}

/// `/probe` from one client 50 times at once runs the probe once (then serves that result for a
/// second), not 50 times.
#[test]
fn on_demand_runs_of_a_probe_are_not_multiplied() {
    let w = World::new();
    let runs = w.dir.path().join("runs");
    let suite = w.write(
        "served.yaml",
        &format!(
            "suite: served\nprobes:\n  - name: counted\n    interval: 1h\n    command: {{shell: 'echo run >> {}; sleep 0.2'}}\n",
            runs.display()
        ),
    );
    let server = serve(&w, &suite, &[]);
    let port = server.port;
    let clients: Vec<_> = (0..50)
        .map(|_| std::thread::spawn(move || http_get(port, "/probe?name=counted").0))
        .collect();
    for c in clients {
        assert_eq!(c.join().unwrap(), 200);
    }
    let count = std::fs::read_to_string(&runs)
        .unwrap_or_default()
        .lines()
        .count();
    // One on-demand run, and at most the scheduled first run besides.
    assert!(count <= 2, "the probe ran {count} times");
}

/// blackbox_exporter's pattern: `/probe?module=M&target=T` runs a module of the suite against
/// a target its `targets` allowlist admits — as written, after DNS and across redirects — and a
/// real Prometheus with `file_sd_configs` and the usual relabelling scrapes it unchanged.
#[test]
fn modules_probe_the_targets_the_allowlist_admits() {
    let w = World::new();
    let base = w.base();
    let port = base.rsplit(':').next().unwrap().to_string();
    let tcp_port = w
        .target
        .tcp
        .to_string()
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    let suite = w.write(
        "blackbox.yaml",
        &format!(
            "suite: blackbox\ntargets:\n  networks: [127.0.0.1/32]\n  ports: [{port}, {tcp_port}]\n  schemes: [http]\nmodules:\n  http_2xx:\n    http: \"{{{{ target }}}}\"\n    expect: {{status: 200}}\n  tcp_connect:\n    tcp: \"{{{{ target }}}}\"\n"
        ),
    );
    let mut server = serve(&w, &suite, &[]);
    assert!(eventually(Duration::from_secs(10), || server
        .get("/-/healthy")
        .0
        == 200));
    let probe = |module: &str, target: &str| {
        server.get(&format!(
            "/probe?module={module}&target={}",
            query_value(target)
        ))
    };
    let (status, body) = probe("http_2xx", &format!("{base}/health"));
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(r#"probe_success{suite="blackbox",probe="http_2xx"} 1"#),
        "{body}"
    );
    let (valid, said) = promtool_check(body.as_bytes());
    assert!(valid, "{said}");
    let (_, body) = probe("http_2xx", &format!("{base}/checkout"));
    assert!(
        body.contains(r#"probe_success{suite="blackbox",probe="http_2xx"} 0"#),
        "{body}"
    );
    let (_, body) = probe("tcp_connect", &w.target.tcp.to_string());
    assert!(body.contains("probe_success"), "{body}");

    // Refused as written: another network, scheme or port.
    for target in [
        "http://10.1.2.3/".to_string(),
        format!("https://127.0.0.1:{port}/"),
        "127.0.0.1:22".to_string(),
    ] {
        let (status, body) = probe("http_2xx", &target);
        assert_eq!(status, 403, "{target}: {body}");
        assert!(body.contains("target refused"), "{body}");
    }
    // Refused where it leads: a redirect out of the allowed network.
    let away = format!("{base}/redirect-to?location=http://127.0.0.2:{port}/health");
    let (status, body) = probe("http_2xx", &format!("{away}&debug=true"));
    assert_eq!(status, 200, "{body}");
    let (_, debug) = server.get(&format!(
        "/probe?module=http_2xx&target={}&debug=true",
        query_value(&away)
    ));
    assert!(debug.contains("Module http_2xx"), "{debug}");
    assert!(debug.contains("127.0.0.2"), "{debug}");
    assert!(
        debug.contains("probe_success{suite=\"blackbox\",probe=\"http_2xx\"} 0"),
        "{debug}"
    );
    // Wrong requests say what is wrong.
    assert_eq!(probe("nope", "127.0.0.1").0, 400);
    assert_eq!(probe("tcp_connect", &format!("{base}/")).0, 400);
    assert_eq!(server.get("/probe?module=http_2xx").0, 400);
    // Module results are answered, never kept: /metrics has the suite's own probes only.
    assert!(!server.get("/metrics").1.contains("http_2xx"));

    // Prometheus scrapes it as it scrapes blackbox_exporter.
    let targets = w.write(
        "targets.json",
        &format!(r#"[{{"targets": ["{base}/health", "{base}/checkout"]}}]"#),
    );
    let config = w.write(
        "prometheus.yml",
        &format!(
            "global: {{scrape_interval: 1s}}\nscrape_configs:\n  - job_name: blackbox\n    metrics_path: /probe\n    params: {{module: [http_2xx]}}\n    file_sd_configs: [{{files: [\"{}\"], refresh_interval: 1s}}]\n    relabel_configs:\n      - {{source_labels: [__address__], target_label: __param_target}}\n      - {{source_labels: [__param_target], target_label: instance}}\n      - {{target_label: __address__, replacement: \"127.0.0.1:{}\"}}\n",
            targets.display(),
            server.port
        ),
    );
    let prom_port = closed_port();
    let prometheus = Daemon::start(
        "prometheus",
        &[
            format!("--config.file={}", config.display()),
            format!(
                "--storage.tsdb.path={}",
                w.dir.path().join("tsdb").display()
            ),
            format!("--web.listen-address=127.0.0.1:{prom_port}"),
        ],
        prom_port,
        w.dir.path(),
    );
    let seen = eventually(Duration::from_secs(40), || {
        let (_, body) = prometheus.get("/api/v1/query?query=probe_success");
        body.contains(&format!(r#""instance":"{base}/health""#))
            && body.contains(&format!(r#""instance":"{base}/checkout""#))
    });
    let (_, body) = prometheus.get("/api/v1/query?query=probe_success");
    assert!(seen, "{body}\n{}", prometheus.log());
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    for sample in json["data"]["result"].as_array().unwrap() {
        let want = if sample["metric"]["instance"]
            .as_str()
            .unwrap()
            .ends_with("/health")
        {
            "1"
        } else {
            "0"
        };
        assert_eq!(sample["value"][1], want, "{sample}");
    }
    drop(prometheus);

    // A name the hosts allow must resolve into the networks; a reload brings new modules.
    std::fs::write(
        &suite,
        "suite: blackbox\ntargets: {hosts: [localhost], networks: [10.0.0.0/8]}\nmodules:\n  web:\n    http: \"{{ target }}\"\n",
    )
    .unwrap();
    unsafe { libc::kill(server.pid(), libc::SIGHUP) };
    assert!(eventually(Duration::from_secs(5), || server
        .log()
        .contains("reloaded")));
    let (status, body) = server.get(&format!(
        "/probe?module=web&target={}&debug=true",
        query_value(&format!("http://localhost:{port}/health"))
    ));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("resolves to"), "{body}");
    assert!(body.contains("targets.networks"), "{body}");
    assert_eq!(probe("http_2xx", "http://localhost/").0, 400);
    let exit = server.signal_and_wait(libc::SIGTERM, Duration::from_secs(5));
    assert_eq!(exit.and_then(|s| s.code()), Some(0));
}

/// `serve --shard I/N` schedules the share `run --shard` would run, labelled with the shard.
#[test]
fn shards_of_serve_split_the_suite() {
    let w = World::new();
    let suite = w.write("served.yaml", SUITE);
    let mut seen = Vec::new();
    for i in 0..2 {
        let shard = format!("{i}/2");
        let server = serve(&w, &suite, &["--shard", &shard]);
        assert!(
            eventually(Duration::from_secs(10), || server.get("/-/ready").0 == 200),
            "{}",
            server.log()
        );
        let metrics = server.get("/metrics").1;
        let (valid, said) = promtool_check(metrics.as_bytes());
        assert!(valid, "{said}");
        for probe in ["health", "checkout", "after-checkout"] {
            if metrics.contains(&format!(
                "probe_success{{suite=\"served\",probe=\"{probe}\",shard=\"{shard}\"}}"
            )) {
                seen.push(probe);
            }
        }
    }
    seen.sort();
    assert_eq!(seen, ["after-checkout", "checkout", "health"]);
}
