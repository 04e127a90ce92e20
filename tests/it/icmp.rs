//! ICMP probes: echoes to 127.0.0.1 and ::1 over raw sockets (the tests run as root, or as root
//! of a user namespace) and over unprivileged ping sockets, and in a network namespace of their
//! own: an address whose echoes vanish, a network with no route, a probe allowed neither socket.

use std::process::Command;

use super::*;

#[test]
fn loopback_answers_over_ipv4_and_ipv6() {
    let w = World::new();
    let suite = r#"
probes:
  - name: v4
    icmp: {host: 127.0.0.1, count: 3, interval: 50ms}
    expect: {loss: "== 0%", received: 3, rtt: "< 500ms", rtt_max: "< 1s"}
  - name: v6
    icmp: {host: "::1", count: 2, interval: 50ms}
  - name: localhost-v4
    icmp: {host: localhost, ip: 4}
"#;
    let (run, report) = w.run_json(suite, &[]);
    assert_eq!(run.code, 0, "{}\n{report:#}", run.stderr);
    let v4 = &probe(&report, "v4")["icmp"];
    assert_eq!(v4["sent"], 3);
    assert_eq!(v4["received"], 3);
    assert_eq!(v4["rtts"].as_array().unwrap().len(), 3);
    assert_eq!(
        probe(&report, "localhost-v4")["icmp"]["network.peer.address"],
        "127.0.0.1"
    );
    let prom = w.run(suite, &["--format", "prometheus"]);
    let (valid, why) = promtool_check(prom.stdout.as_bytes());
    assert!(valid, "{why}\n{}", prom.stdout);
    assert!(
        prom.stdout
            .contains("probekit_icmp_loss_ratio{suite=\"suite\",probe=\"v4\"} 0")
    );
    assert!(prom.stdout.contains("probe_icmp_duration_seconds{"));
}

/// `probekit check icmp ARGS` in a network namespace of its own, after `setup` (shell).
fn in_namespace(setup: &str, args: &str) -> Run {
    let script = format!(
        "ip link set lo up && {setup} && {} check icmp {args} --format json",
        env!("CARGO_BIN_EXE_probekit")
    );
    Run::from(
        Command::new("unshare")
            .args(["-rn", "sh", "-c", &script])
            .output()
            .unwrap(),
    )
}

#[test]
fn lost_echoes_unreachable_networks_and_forbidden_sockets() {
    // Routed to the loopback but no address of it: every echo vanishes.
    let lost = in_namespace(
        "ip route add 10.7.0.0/16 dev lo",
        "10.7.0.1 -n 3 --interval 100ms --timeout 1s",
    );
    assert_eq!(lost.code, 1, "{}{}", lost.stdout, lost.stderr);
    let p = &lost.json()["probes"][0];
    assert_eq!(p["status"], "fail");
    assert_eq!(p["icmp"]["loss_percent"], 100.0);
    assert_eq!(p["icmp"]["sent"], 3);
    assert!(p["duration_seconds"].as_f64().unwrap() < 1.5);
    // No route at all: an error, at once.
    let unreachable = in_namespace("true", "10.200.0.1 --timeout 2s");
    assert_eq!(unreachable.code, 1);
    let p = &unreachable.json()["probes"][0];
    assert_eq!(p["error"]["type"], "connect", "{p:#}");
    assert!(p["duration_seconds"].as_f64().unwrap() < 0.5);
    // Without CAP_NET_RAW, the unprivileged ping socket the kernel allows the group.
    let probekit = env!("CARGO_BIN_EXE_probekit");
    let dgram = Run::from(
        Command::new("unshare")
            .args([
                "-rn",
                "sh",
                "-c",
                &format!(
                    "ip link set lo up && echo '0 0' > /proc/sys/net/ipv4/ping_group_range && \
                     setpriv --bounding-set -net_raw {probekit} check icmp 127.0.0.1 --format json"
                ),
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(dgram.code, 0, "{}{}", dgram.stdout, dgram.stderr);
    assert_eq!(dgram.json()["probes"][0]["icmp"]["socket"], "dgram");
    // Neither (a new network namespace allows no group ping sockets): a clear error that says
    // what to change.
    let forbidden = Run::from(
        Command::new("unshare")
            .args([
                "-rn",
                "sh",
                "-c",
                &format!(
                    "ip link set lo up && \
                     setpriv --bounding-set -net_raw {probekit} check icmp 127.0.0.1 --format json"
                ),
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(
        forbidden.code, 1,
        "{}{}",
        forbidden.stdout, forbidden.stderr
    );
    let p = &forbidden.json()["probes"][0];
    assert_eq!(p["error"]["type"], "config");
    assert!(
        p["reason"].as_str().unwrap().contains("ping_group_range"),
        "{p:#}"
    );
}

/// `probekit import` makes `ping -c N HOST` an icmp probe: in a network namespace, the script
/// (with the real ping) and its suite agree on a host that answers and one whose echoes vanish.
#[test]
fn an_imported_ping_gives_the_scripts_verdict() {
    let w = World::new();
    let (fixture, suite) = super::import_fixture(&w, "ping-gateway.sh");
    assert!(std::fs::read_to_string(&suite).unwrap().contains("icmp:"));
    let probekit = env!("CARGO_BIN_EXE_probekit");
    for (gateway, passes) in [("127.0.0.1", true), ("10.7.0.1", false)] {
        let script = format!(
            "ip link set lo up && ip route add 10.7.0.0/16 dev lo && \
             export GATEWAY={gateway}; sh {fixture}; echo \"script=$?\"; \
             {probekit} run {suite} --no-progress > /dev/null; echo \"suite=$?\"",
            fixture = fixture.display(),
            suite = suite.display(),
        );
        let run = Run::from(
            Command::new("unshare")
                .args(["-rn", "sh", "-c", &script])
                .output()
                .unwrap(),
        );
        let script_passed = run.stdout.contains("script=0");
        let suite_passed = run.stdout.contains("suite=0");
        assert_eq!(
            script_passed, passes,
            "{gateway}: {}{}",
            run.stdout, run.stderr
        );
        assert_eq!(
            suite_passed, passes,
            "{gateway}: {}{}",
            run.stdout, run.stderr
        );
    }
}
