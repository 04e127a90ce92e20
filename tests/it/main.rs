//! End-to-end tests: the real `probekit` binary against real servers on 127.0.0.1 and real
//! commands. One test binary (modules below) keeps link time down on small machines.

mod blackbox;
mod broken;
mod build;
mod chaos;
mod check_cli;
mod ci_formats;
mod command;
mod conformance;
mod database;
mod dns;
mod examples;
mod grpc;
mod hardening;
mod host;
mod hostile_input;
mod http;
mod icmp;
mod import;
mod layers;
mod metrics_output;
mod metrics_probe;
mod mongo;
mod proxy;
mod runner;
mod secrets;
mod serve;
mod service;
mod signals;
mod starttls;
mod tcp;
mod tls;

use std::path::{Path, PathBuf};
use std::process::Output;

use probekit::demo_server::Background;
use serde_json::Value;
use tempfile::TempDir;

/// The variables through which a caller's environment names proxies.
pub const PROXY_VARS: [&str; 8] = [
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
];

/// The `probekit` binary, with an environment that does not depend on the caller's.
pub fn probekit() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("probekit");
    cmd.env_remove("NO_COLOR")
        .env("TERM", "dumb")
        .timeout(std::time::Duration::from_secs(60));
    // Probes honour the environment's proxies, as curl does: a CI machine's proxy must not
    // stand between the tests and their servers on 127.0.0.1.
    for var in PROXY_VARS {
        cmd.env_remove(var);
    }
    cmd
}

/// Imports `tests/fixtures/import/NAME` into a suite in the world's directory: the fixture's
/// path and the suite's.
pub fn import_fixture(w: &World, name: &str) -> (PathBuf, PathBuf) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    let suite = w.dir.path().join(format!("{name}.yaml"));
    let imported = cli([
        "import",
        fixture.to_str().unwrap(),
        "-o",
        suite.to_str().unwrap(),
    ]);
    assert_eq!(imported.code, 0, "{name}: {}", imported.stderr);
    (fixture, suite)
}

/// Runs `probekit ARGS…` to completion.
pub fn cli<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Run::from(probekit().args(args).output().expect("probekit runs"))
}

/// A scratch directory and a running built-in target; suites written here get `{{ base }}` and
/// `{{ tcp }}` through `--var`.
pub struct World {
    pub dir: TempDir,
    pub target: Background,
}

impl Default for World {
    fn default() -> World {
        World::new()
    }
}

impl World {
    pub fn new() -> World {
        World {
            dir: tempfile::tempdir().expect("temp dir"),
            target: Background::start().expect("target starts"),
        }
    }

    pub fn base(&self) -> String {
        self.target.base_url()
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("fixture directory");
        }
        std::fs::write(&path, text).expect("write fixture");
        path
    }

    /// `probekit run` on `suite` (YAML text) with the target's addresses as vars.
    pub fn run(&self, suite: &str, args: &[&str]) -> Run {
        let path = self.write("suite.yaml", suite);
        self.run_file(&path, args)
    }

    pub fn run_file(&self, path: &Path, args: &[&str]) -> Run {
        // Only the vars the suite reads: an unknown `--var` is a typo, refused.
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut vars = Vec::new();
        if text.contains("base") {
            vars.extend(["--var".to_string(), format!("base={}", self.base())]);
        }
        if text.contains("tcp") {
            vars.extend(["--var".to_string(), format!("tcp={}", self.target.tcp)]);
        }
        let output = probekit()
            .arg("run")
            .arg(path)
            .args(&vars)
            .args(["--no-progress"])
            .args(args)
            .output()
            .expect("probekit runs");
        Run::from(output)
    }

    /// Same, with the JSON report parsed.
    pub fn run_json(&self, suite: &str, args: &[&str]) -> (Run, Value) {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let run = self.run(suite, &all);
        let json = run.json();
        (run, json)
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// `cmd` started with its stdout piped, and the first line it prints (a stand-in announcing its
/// port), without the newline.
pub fn spawn_announcing(cmd: &mut std::process::Command) -> (std::process::Child, String) {
    use std::io::BufRead as _;
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd:?} does not start: {e}"));
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line.trim().to_string())
}

/// The probe named `name` in a JSON report.
pub fn probe<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["probes"]
        .as_array()
        .expect("probes array")
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no probe `{name}` in {report:#}"))
}

/// Asserts the status of each named probe in a JSON report.
pub fn assert_statuses(report: &Value, expected: &[(&str, &str)]) {
    for (name, status) in expected {
        assert_eq!(probe(report, name)["status"], *status, "{name}: {report:#}");
    }
}

/// A probe's `reason` ("" when it has none).
pub fn reason<'a>(report: &'a Value, name: &str) -> &'a str {
    probe(report, name)["reason"].as_str().unwrap_or("")
}

/// Replaces what changes from run to run (durations, ports, temp paths, timestamps) so output
/// can be snapshotted.
pub fn normalise(text: &str) -> String {
    let rules: [(&str, &str); 5] = [
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "[TIME]"),
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
        (r"/tmp/\.tmp[A-Za-z0-9]+", "[TMP]"),
        (r"\d+m\d\ds|\d+(\.\d+)?(µs|ms|s)\b", "[DUR]"),
        (r" +\[DUR\]", " [DUR]"),
    ];
    let mut out = text.to_string();
    for (pattern, replacement) in rules {
        out = regex::Regex::new(pattern)
            .expect("valid pattern")
            .replace_all(&out, replacement)
            .into_owned();
    }
    out
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// A server process started for a test (node_exporter, Pushgateway, Prometheus), killed when
/// dropped.
pub struct Daemon {
    child: std::process::Child,
    pub port: u16,
    pub stderr_path: PathBuf,
}

impl Daemon {
    /// Starts `program` with `args` (which must make it listen on 127.0.0.1:`port`) and waits
    /// until the port accepts connections.
    pub fn start(program: &str, args: &[String], port: u16, logs: &Path) -> Daemon {
        let base = Path::new(program)
            .file_name()
            .map_or_else(|| program.to_string(), |n| n.to_string_lossy().into_owned());
        let stderr_path = logs.join(format!("{base}.{port}.log"));
        let log = std::fs::File::create(&stderr_path).unwrap();
        let child = std::process::Command::new(program)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {program} ({e}); install it with scripts/install-deps.sh --test"
                )
            });
        let mut daemon = Daemon {
            child,
            port,
            stderr_path,
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = daemon.child.try_wait() {
                panic!("{program} exited with {status}: {}", daemon.log());
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{program} did not listen on {port}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        daemon
    }

    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// Sends a signal and waits up to `within` for the process to exit; its exit status.
    pub fn signal_and_wait(
        &mut self,
        signal: i32,
        within: std::time::Duration,
    ) -> Option<std::process::ExitStatus> {
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(self.pid(), signal) };
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        None
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    /// GET `path`; the status code and the body.
    pub fn get(&self, path: &str) -> (u16, String) {
        http_get(self.port, path)
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.0 GET on 127.0.0.1 with std only, so the tests do not trust the client they
/// test.
pub fn http_get(port: u16, path: &str) -> (u16, String) {
    http_request(port, "GET", path)
}

/// An HTTP/1.0 request without a body; the status code and the body.
pub fn http_request(port: u16, method: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

/// `promtool check metrics` on `text`: whether it parsed (lint remarks allowed), and what
/// promtool said.
pub fn promtool_check(text: &[u8]) -> (bool, String) {
    use std::io::Write as _;
    let mut child = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool (Debian package prometheus; scripts/install-deps.sh --test)");
    child.stdin.take().unwrap().write_all(text).unwrap();
    let out = child.wait_with_output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // 0: valid; 3: valid with lint remarks; 1: unparsable.
    match out.status.code() {
        Some(0 | 3) => (true, said),
        Some(1) => (false, said),
        other => panic!("promtool exited with {other:?}: {said}"),
    }
}

/// Percent-encodes a query value.
pub fn query_value(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A Pushgateway on a free loopback port, logging into `dir`.
pub fn pushgateway(dir: &Path) -> Daemon {
    let port = closed_port();
    Daemon::start(
        "prometheus-pushgateway",
        &[format!("--web.listen-address=127.0.0.1:{port}")],
        port,
        dir,
    )
}
