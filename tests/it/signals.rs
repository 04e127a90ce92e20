//! Interrupting a run: probes in flight are cancelled (their process groups killed), every
//! requested report is still written whole, and the exit status says which signal it was.

use std::time::{Duration, Instant};

use super::*;

fn interrupted_run(signal: i32) -> (i32, World, PathBuf) {
    let w = World::new();
    let pidfile = w.dir.path().join("pid");
    let suite = w.write(
        "long.yaml",
        &format!(
            r#"
suite: long
probes:
  - name: quick
    http: "{{{{ base }}}}/health"
  - name: slow-http
    http: {{url: "{{{{ base }}}}/sleep/10000", timeout: 20s}}
  - name: slow-command
    command: {{shell: "echo $$ > {pid}; sleep 30", timeout: 20s}}
  - name: waits
    depends_on: [slow-http]
    http: "{{{{ base }}}}/health"
"#,
            pid = pidfile.display()
        ),
    );
    let out = w.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_probekit"))
        .arg("run")
        .arg(&suite)
        .args(["--var", &format!("base={}", w.base())])
        .args(["--format", "json", "-o"])
        .arg(out.join("report.json"))
        .arg("--report")
        .arg(format!("junit={}", out.join("report.xml").display()))
        .arg("--textfile-dir")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !pidfile.exists() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(child.id() as i32, signal) };
    let status = child.wait().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the run did not stop promptly"
    );
    (status.code().unwrap_or(-1), w, pidfile)
}

#[test]
fn sigint_and_sigterm_cancel_the_run_and_keep_every_report_whole() {
    for (signal, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let (exit, w, pidfile) = interrupted_run(signal);
        assert_eq!(exit, code, "signal {signal}");
        let out = w.dir.path().join("out");
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap())
                .unwrap();
        assert_eq!(report["summary"]["total"], 4);
        assert_eq!(probe(&report, "quick")["status"], "pass");
        for name in ["slow-http", "slow-command"] {
            let p = probe(&report, name);
            assert_eq!(p["status"], "error", "{p:#}");
            assert_eq!(p["error"]["type"], "cancelled", "{p:#}");
            assert!(reason(&report, name).contains("interrupted"), "{p:#}");
        }
        assert_eq!(probe(&report, "waits")["status"], "skipped");
        let xml = std::fs::read_to_string(out.join("report.xml")).unwrap();
        assert!(xml.trim_end().ends_with("</testsuites>"), "{xml}");
        let prom = std::fs::read_to_string(out.join("long.prom")).unwrap();
        assert!(
            prom.contains("probe_success{suite=\"long\",probe=\"quick\"} 1"),
            "{prom}"
        );
        let leftovers: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        let pgid: i32 = std::fs::read_to_string(&pidfile)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(
            super::command::survivors_of_group(pgid).is_empty(),
            "the command's process group survived the interrupt"
        );
    }
}

#[test]
fn running_out_of_file_descriptors_degrades_gracefully() {
    let w = World::new();
    let suite = w.write(
        "many.yaml",
        "concurrency: 500\nprobes:\n  - name: \"p{{ item }}\"\n    for_each: \"{{ range(500) | list }}\"\n    http: {url: \"{{ base }}/sleep/100\", timeout: 5s}\n",
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -n 64 && exec {} run {} --var base={} --format json --no-progress",
            env!("CARGO_BIN_EXE_probekit"),
            suite.display(),
            w.base()
        ))
        .output()
        .unwrap();
    let run = Run::from(out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(
        report["summary"]["total"], 500,
        "the run finished and reported every probe"
    );
    let errors: Vec<&str> = report["probes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "error")
        .map(|p| p["error"]["message"].as_str().unwrap())
        .collect();
    assert!(!errors.is_empty());
    assert!(
        errors.iter().all(|m| m.contains("too many open files")),
        "{:?}",
        &errors[..errors.len().min(3)]
    );
}

/// A resolver that never answers must not hold the process past the probe's timeout: the name
/// lookup runs on a blocking thread a timeout cannot stop, and exiting used to wait for it
/// (10 s here). Needs `unshare` (user, mount and network namespaces) to point the resolver at a
/// black hole without touching the machine.
#[test]
fn a_dead_resolver_does_not_hold_the_process() {
    let w = World::new();
    let resolv = w.write("resolv.conf", "nameserver 127.0.0.1\n");
    let script = w.write(
        "blackhole.sh",
        r#"ip link set lo up
python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', 53))
while True: s.recvfrom(2048)
" >/dev/null 2>&1 &
resolver=$!
# Until the black hole listens (python starts slowly on a loaded machine; before it binds, the
# lookup fails at once instead of hanging).
for _ in $(seq 100); do ss -lun | grep -q '127.0.0.1:53 ' && break; sleep 0.05; done
mount --bind "$RESOLV" /etc/resolv.conf
"$PROBEKIT" check http http://slow-dns.example.com/ --timeout 500ms --format json
code=$?
kill $resolver
exit $code
"#,
    );
    let started = std::time::Instant::now();
    let out = std::process::Command::new("unshare")
        .args(["-rmn", "sh"])
        .arg(&script)
        .env("RESOLV", &resolv)
        .env("PROBEKIT", env!("CARGO_BIN_EXE_probekit"))
        .output()
        .expect("unshare (Debian package util-linux)");
    let took = started.elapsed().as_secs_f64();
    let run = Run::from(out);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(
        report["probes"][0]["error"]["type"], "timeout",
        "{report:#}"
    );
    assert!(
        took < 3.0,
        "the process lived {took:.1}s after a 500ms probe"
    );
}
