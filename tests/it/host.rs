//! Probes of the machine (`file`, `disk`, `memory`, `load`, `process`) against real files, real
//! filesystems and real processes, compared with what `stat`, `df` and `pgrep` say.

use std::process::{Child, Command, Stdio};

use super::*;

/// A child process killed when dropped.
struct Kid(Child);

impl Drop for Kid {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A python process listening on a loopback port, with a marker in its command line; its port.
fn listener(marker: &str) -> (Kid, u16) {
    let (child, line) = spawn_announcing(Command::new("python3").args([
        "-c",
        "import socket,sys,time\n\
         s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen()\n\
         print(s.getsockname()[1], flush=True); time.sleep(60)",
        marker,
    ]));
    (Kid(child), line.trim().parse().expect("port"))
}

fn stat(format: &str, path: &Path) -> String {
    let out = Command::new("stat")
        .args(["-L", "-c", format])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn files_report_what_stat_reports_and_are_judged_by_type_mode_age_and_content() {
    let w = World::new();
    let data = w.write("data/app.conf", "listen 8080\nmode = production\n");
    std::fs::set_permissions(&data, std::os::unix::fs::PermissionsExt::from_mode(0o640)).unwrap();
    let old = w.write("data/old.dump", "x");
    let touched = Command::new("touch")
        .args(["-d", "3 days ago"])
        .arg(&old)
        .status()
        .unwrap();
    assert!(touched.success());
    let link = w.dir.path().join("data/current");
    std::os::unix::fs::symlink(&data, &link).unwrap();
    let fifo = w.dir.path().join("data/pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let dir = w.dir.path().join("data");
    let suite = format!(
        r#"
probes:
  - name: conf
    file: {data}
    expect:
      type: file
      mode: "640"
      owner: "{uid}"
      size: "== 30"
      age: "< 1h"
      content: {{contains: "mode = production", not_contains: debug}}
  - name: through-link
    file: {link}
    expect: {{type: file, content: {{matches: "^listen \\d+"}}}}
  - name: stale-dump
    file: {old}
    expect: {{age: {{warning: "> 1d", critical: "> 2d"}}}}
  - name: dir
    file: {dir}
    expect: {{type: directory}}
  - name: absent
    file: {dir}/maintenance
    expect: {{exists: false}}
  - name: absent-wanted
    file: {dir}/missing
  - name: pipe-type
    file: {fifo}
    expect: {{type: pipe}}
  - name: pipe-content
    file: {{path: {fifo}, timeout: 2s}}
    expect: {{content: {{contains: x}}}}
  - name: wrong-mode
    file: {data}
    expect: {{mode: "0600"}}
"#,
        data = data.display(),
        link = link.display(),
        old = old.display(),
        dir = dir.display(),
        fifo = fifo.display(),
        uid = stat("%u", &data),
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_statuses(
        &report,
        &[
            ("conf", "pass"),
            ("through-link", "pass"),
            ("stale-dump", "fail"),
            ("dir", "pass"),
            ("absent", "pass"),
            ("absent-wanted", "fail"),
            ("pipe-type", "pass"),
            ("pipe-content", "error"),
            ("wrong-mode", "fail"),
        ],
    );
    let conf = &probe(&report, "conf")["file"];
    assert_eq!(
        conf["size_bytes"],
        stat("%s", &data).parse::<u64>().unwrap()
    );
    assert_eq!(conf["mode"], format!("0{}", stat("%a", &data)));
    assert_eq!(conf["owner"], stat("%U", &data));
    assert_eq!(conf["group"], stat("%G", &data));
    assert_eq!(conf["exists"], true);
    assert_eq!(
        probe(&report, "through-link")["file"]["symlink_target"],
        data.display().to_string()
    );
    let age = probe(&report, "stale-dump")["file"]["age_seconds"]
        .as_f64()
        .unwrap();
    assert!((3.0 * 86400.0 - age).abs() < 120.0, "{age}");
    assert!(
        reason(&report, "wrong-mode").contains("expected mode 0600, got 0640"),
        "{}",
        reason(&report, "wrong-mode")
    );
    assert!(
        reason(&report, "absent-wanted").contains("expected exists true, got false"),
        "{}",
        reason(&report, "absent-wanted")
    );
    // A FIFO is never opened: reading it would block until a writer came.
    assert!(
        reason(&report, "pipe-content").contains("only a regular file"),
        "{}",
        reason(&report, "pipe-content")
    );
}

#[test]
fn disk_memory_and_load_agree_with_df_free_and_proc() {
    let w = World::new();
    let suite = r#"
probes:
  - name: root
    disk: /
    expect: {used: "<= 100%", free: "> 0", inodes_used: "<= 100%"}
  - name: root-full
    disk: {path: /}
    expect: {used: "> 100%"}
  - name: missing
    disk: /nonexistent/probekit
  - name: memory
    memory:
    expect: {available: "> 1MiB", used: "< 100%", total: "> 1MiB"}
  - name: load
    load: {per_cpu: true}
    expect: {load1: ">= 0", load15: ">= 0"}
"#;
    let (run, report) = w.run_json(suite, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_statuses(
        &report,
        &[
            ("root", "pass"),
            ("root-full", "fail"),
            ("missing", "error"),
            ("memory", "pass"),
            ("load", "pass"),
        ],
    );
    // df's Use% is the ceiling of the same fraction; sizes in 1K blocks.
    let out = Command::new("df").args(["-P", "-k", "/"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<&str> = text.lines().nth(1).unwrap().split_whitespace().collect();
    let df_size: f64 = fields[1].parse::<f64>().unwrap() * 1024.0;
    let df_percent: f64 = fields[4].trim_end_matches('%').parse().unwrap();
    let disk = &probe(&report, "root")["disk"];
    assert_eq!(disk["size_bytes"].as_f64().unwrap(), df_size);
    let used = disk["used_percent"].as_f64().unwrap();
    assert!(
        (df_percent - used).abs() <= 2.0,
        "df says {df_percent}%, the probe {used}%"
    );
    // Python's shutil.disk_usage: used and free (available) of the whole size.
    let out = Command::new("python3")
        .args([
            "-c",
            "import shutil; u = shutil.disk_usage('/'); print(u.used / u.total * 100, u.free / u.total * 100)",
        ])
        .output()
        .unwrap();
    let shares: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(|x| x.parse().unwrap())
        .collect();
    for (key, python) in [
        ("used_share_percent", shares[0]),
        ("free_share_percent", shares[1]),
    ] {
        let probe = disk[key].as_f64().unwrap();
        assert!(
            (python - probe).abs() <= 0.5,
            "shutil.disk_usage gives {python}% for {key}, the probe {probe}%"
        );
    }
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap();
    let total_kib: f64 = meminfo
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        probe(&report, "memory")["memory"]["total_bytes"]
            .as_f64()
            .unwrap(),
        total_kib * 1024.0
    );
    assert!(probe(&report, "load")["load"]["cpus"].as_u64().unwrap() >= 1);
    // The Prometheus families are valid exposition text.
    let prom = w.run(suite, &["--format", "prometheus"]);
    let (valid, why) = promtool_check(prom.stdout.as_bytes());
    assert!(valid, "{why}\n{}", prom.stdout);
    assert!(
        prom.stdout.contains("probekit_disk_used_ratio{"),
        "{}",
        prom.stdout
    );
    assert!(prom.stdout.contains("probekit_memory_available_bytes{"));
}

#[test]
fn processes_are_counted_as_pgrep_counts_them_with_their_ports() {
    let w = World::new();
    let marker = format!("probekit-marker-{}", std::process::id());
    let (_a, port_a) = listener(&marker);
    let (_b, _port_b) = listener(&marker);
    let pidfile = w.write("app.pid", &format!("{}\n", _a.0.id()));
    let stale = w.write("stale.pid", "999999\n");
    let pgrep = Command::new("pgrep")
        .args(["-f", "-c", &marker])
        .output()
        .unwrap();
    let pgrep_count = String::from_utf8_lossy(&pgrep.stdout).trim().to_string();
    assert_eq!(pgrep_count, "2");
    let suite = format!(
        r#"
probes:
  - name: both
    process: {{pattern: "{marker}$"}}
    expect: {{count: 2, user: "{uid}"}}
  - name: by-name-and-user
    process: {{name: python3, pattern: "{marker}", user: "{uid}"}}
    expect: {{count: between 1 and 2}}
  - name: by-pidfile
    process: {{pidfile: {pidfile}}}
    expect: {{listening: {port_a}}}
  - name: stale-pidfile
    process: {{pidfile: {stale}}}
  - name: missing-pidfile
    process: {{pidfile: {dir}/none.pid}}
    expect: {{count: 0}}
  - name: wrong-port
    process: {{pidfile: {pidfile}}}
    expect: {{listening: [{port_a}, 1]}}
  - name: nobody
    process: {{name: no-such-daemon-xyz}}
"#,
        uid = stat("%u", &pidfile),
        pidfile = pidfile.display(),
        stale = stale.display(),
        dir = w.dir.path().display(),
    );
    let (run, report) = w.run_json(&suite, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_statuses(
        &report,
        &[
            ("both", "pass"),
            ("by-name-and-user", "pass"),
            ("by-pidfile", "pass"),
            ("stale-pidfile", "fail"),
            ("missing-pidfile", "pass"),
            ("wrong-port", "fail"),
            ("nobody", "fail"),
        ],
    );
    let both = &probe(&report, "both")["process"];
    assert_eq!(both["count"], 2);
    let listed: Vec<&Value> = both["processes"].as_array().unwrap().iter().collect();
    assert!(listed.iter().all(|p| p["name"] == "python3"), "{both}");
    // Command lines (which may hold passwords) are never in the report.
    assert!(!run.stdout.contains("sleep(60)"), "{}", run.stdout);
    assert_eq!(
        probe(&report, "by-pidfile")["process"]["listening"],
        serde_json::json!([port_a])
    );
    assert!(
        reason(&report, "nobody").contains("expected count >= 1, got 0"),
        "{}",
        reason(&report, "nobody")
    );
}

#[test]
fn processes_that_exit_while_being_read_are_not_errors() {
    // A shell that starts short-lived children for as long as the probes run.
    let churn = Kid(Command::new("sh")
        .args(["-c", "while :; do sleep 0.001 & sleep 0.001; done"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap());
    let w = World::new();
    let suite = r#"
probes:
  - name: "churn-{{ item }}"
    for_each: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]
    process: {name: sleep}
    expect: {count: ">= 0"}
"#;
    for _ in 0..5 {
        let (run, report) = w.run_json(suite, &[]);
        assert_eq!(run.code, 0, "{}\n{report:#}", run.stderr);
    }
    drop(churn);
}

#[test]
fn check_one_liners_for_the_machine() {
    let w = World::new();
    let path = w.write("flag", "ready\n");
    let run = cli([
        "check",
        "file",
        path.to_str().unwrap(),
        "-e",
        "type=file",
        "-e",
        "size < 1KB",
        "--contains",
        "ready",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = cli([
        "check",
        "disk",
        "/",
        "--critical-if",
        "used > 100%",
        "--format",
        "nagios",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = cli(["check", "disk", "/", "--warning-if", "used >= 0%"]);
    assert_eq!(run.code, 0, "a warning alone passes a run: {}", run.stdout);
    assert!(run.stdout.contains("WARN"), "{}", run.stdout);
    let run = cli(["check", "process", "no-such-daemon-xyz"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let run = cli(["check", "memory", "-e", "available > 5 parsecs"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown size unit"), "{}", run.stderr);
    let run = cli(["check", "process"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("needs a `name`"), "{}", run.stderr);
}

#[test]
fn measures_may_take_their_limits_from_the_caller() {
    let w = World::new();
    let suite = r#"
args:
  - {name: crit, default: "100"}
probes:
  - name: root
    disk: /
    expect: {used: "<= ${crit}%"}
  - name: free
    disk: /
    expect: {free: "> ${MIN_FREE:-1B}"}
"#;
    let (run, report) = w.run_json(suite, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_statuses(&report, &[("root", "pass"), ("free", "pass")]);
    // No filesystem with anything on it is 0% used.
    let (run, report) = w.run_json(suite, &["--", "0"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_statuses(&report, &[("root", "fail"), ("free", "pass")]);
    // A value that is not a percentage is the probe's error, naming the rule.
    let (run, report) = w.run_json(suite, &["--", "lots"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_statuses(&report, &[("root", "error"), ("free", "pass")]);
    assert!(report.to_string().contains("used: <= ${crit}%"), "{report}");
}
