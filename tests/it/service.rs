//! Service probes against a real D-Bus daemon (Debian's dbus-daemon) on which a stand-in for
//! systemd (tests/fixtures/service/fake_systemd.py, with dbus-next) answers LoadUnit and the
//! unit properties, as systemd does; and with no bus, or a bus without systemd on it.

use std::process::{Child, Command, Stdio};

use super::*;

struct Kid(Child);

impl Drop for Kid {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A system-type bus on a socket in `dir`, and its address.
fn bus(dir: &Path) -> (Kid, String) {
    let socket = dir.join("bus.sock");
    let config = dir.join("bus.conf");
    std::fs::write(
        &config,
        format!(
            "<busconfig><type>system</type><listen>unix:path={}</listen><auth>EXTERNAL</auth>\
             <policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>\
             <allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>",
            socket.display()
        ),
    )
    .unwrap();
    let child = Command::new("dbus-daemon")
        .arg(format!("--config-file={}", config.display()))
        .args(["--nofork", "--nopidfile"])
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon (Debian package dbus-daemon; scripts/install-deps.sh --test)");
    for _ in 0..100 {
        if socket.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    (Kid(child), format!("unix:path={}", socket.display()))
}

fn fake_systemd(address: &str) -> Kid {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/service/fake_systemd.py");
    let (child, line) = spawn_announcing(Command::new("python3").arg(script).arg(address));
    assert_eq!(
        line.trim(),
        "ready",
        "the systemd stand-in did not start (dbus-next installed?)"
    );
    Kid(child)
}

fn run_with_bus(w: &World, suite: &str, address: &str) -> (Run, Value) {
    let path = w.write("service.yaml", suite);
    let run = Run::from(
        probekit()
            .arg("run")
            .arg(path)
            .args(["--no-progress", "--format", "json"])
            .env("DBUS_SYSTEM_BUS_ADDRESS", address)
            .output()
            .unwrap(),
    );
    let report = run.json();
    (run, report)
}

#[test]
fn unit_states_come_from_systemd_over_dbus() {
    let w = World::new();
    let (_bus, address) = bus(w.dir.path());
    let _systemd = fake_systemd(&address);
    let suite = r#"
probes:
  - name: web
    service: web
    expect: {sub_state: running, enabled: [enabled, static]}
  - name: broken
    service: {unit: broken.service}
  - name: idle-is-fine
    service: idle
    expect: {state: [inactive, active], enabled: disabled}
  - name: missing
    service: nope
"#;
    let (run, report) = run_with_bus(&w, suite, &address);
    assert_eq!(run.code, 1, "{}\n{report:#}", run.stderr);
    assert_statuses(
        &report,
        &[
            ("web", "pass"),
            ("broken", "fail"),
            ("idle-is-fine", "pass"),
            ("missing", "fail"),
        ],
    );
    assert!(
        reason(&report, "broken").contains("expected active_state active, got failed"),
        "{}",
        reason(&report, "broken")
    );
    assert!(reason(&report, "missing").contains("no such unit"));
    assert_eq!(probe(&report, "web")["service"]["sub_state"], "running");
    let one = Run::from(
        probekit()
            .args(["check", "service", "web", "--enabled"])
            .env("DBUS_SYSTEM_BUS_ADDRESS", &address)
            .output()
            .unwrap(),
    );
    assert_eq!(one.code, 0, "{}{}", one.stdout, one.stderr);
}

#[test]
fn no_bus_or_no_systemd_is_an_error_never_a_pass() {
    let w = World::new();
    let suite = "probes:\n  - name: web\n    service: web\n";
    let gone = w.dir.path().join("no.sock");
    let (run, report) = run_with_bus(&w, suite, &format!("unix:path={}", gone.display()));
    assert_eq!(run.code, 1);
    let p = probe(&report, "web");
    assert_eq!(p["error"]["type"], "connect", "{p:#}");
    assert!(p["reason"].as_str().unwrap().contains("no D-Bus"), "{p:#}");
    // A bus on which nobody answers for systemd.
    let (_bus, address) = bus(w.dir.path());
    let (run, report) = run_with_bus(&w, suite, &address);
    assert_eq!(run.code, 1);
    let p = probe(&report, "web");
    assert_eq!(p["error"]["type"], "protocol", "{p:#}");
    assert!(
        p["reason"].as_str().unwrap().contains("ServiceUnknown"),
        "{p:#}"
    );
}
