//! Every deployment example is checked by the tool that owns its format, and every command line
//! in them is run: promtool (config, rules and rule unit tests), systemd-analyze, the suites with
//! `probekit validate`, and the cron, Kubernetes, CI and Nagios command lines against the
//! built-in target.

use probekit::load::yaml::{self, Node, NodeKind};

use super::*;

fn example(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(path)
}

/// The YAML documents of a file (split on `---` lines), parsed.
fn documents(path: &Path) -> Vec<Node> {
    let text = std::fs::read_to_string(path).unwrap();
    text.split("\n---\n")
        .map(|doc| {
            yaml::parse(doc)
                .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
                .0
        })
        .collect()
}

fn get<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
    path.iter().fold(node, |n, key| match &n.kind {
        NodeKind::Map(entries) => {
            &entries
                .iter()
                .find(|(k, _)| k.scalar().is_some_and(|s| s.text == *key))
                .unwrap_or_else(|| panic!("no `{key}` in {path:?}"))
                .1
        }
        NodeKind::Seq(items) => &items[key.parse::<usize>().unwrap()],
        NodeKind::Scalar(_) => panic!("`{key}`: not a collection"),
    })
}

fn text(node: &Node) -> String {
    node.scalar().expect("a scalar").text.clone()
}

fn strings(node: &Node) -> Vec<String> {
    match &node.kind {
        NodeKind::Seq(items) => items.iter().map(text).collect(),
        _ => panic!("not a list"),
    }
}

fn validate(path: &Path) {
    let run = cli([Path::new("validate"), path]);
    assert_eq!(run.code, 0, "{}: {}", path.display(), run.stderr);
}

#[test]
fn prometheus_config_and_alert_rules() {
    let dir = example("prometheus");
    for args in [
        vec!["check", "config", "prometheus.yml"],
        vec!["test", "rules", "alerts.test.yml"],
    ] {
        let out = std::process::Command::new("promtool")
            .args(&args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "promtool {args:?}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn systemd_units_verify() {
    let w = World::new();
    let mut units = Vec::new();
    for name in [
        "probekit-suite.service",
        "probekit-suite.timer",
        "probekit-serve.service",
    ] {
        let unit = std::fs::read_to_string(example(&format!("systemd/{name}"))).unwrap();
        // The binary must exist for systemd-analyze: point at the one under test.
        let unit = unit.replace("/usr/local/bin/probekit", env!("CARGO_BIN_EXE_probekit"));
        units.push(w.write(name, &unit));
    }
    let out = std::process::Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .args(&units)
        .output()
        .expect("systemd-analyze (Debian package systemd)");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && said.trim().is_empty(), "{said}");
}

#[test]
fn the_cron_line_runs_and_feeds_the_textfile_directory() {
    let w = World::new();
    let cron = std::fs::read_to_string(example("cron-textfile/probekit.cron")).unwrap();
    let line = cron
        .lines()
        .find(|l| l.starts_with(|c: char| c == '*' || c.is_ascii_digit()))
        .unwrap();
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(fields[5], "root", "five schedule fields, then the user");
    assert_eq!(fields[6], "probekit");
    let suite = example("cron-textfile/node-health.yaml");
    validate(&suite);
    let textfiles = w.dir.path().join("textfile");
    std::fs::create_dir(&textfiles).unwrap();
    let args: Vec<String> = fields[7..]
        .iter()
        .map(|a| {
            a.replace("/etc/probekit/node-health.yaml", suite.to_str().unwrap())
                .replace(
                    "/var/lib/prometheus/node-exporter",
                    textfiles.to_str().unwrap(),
                )
                .replace("/var/lib/probekit", w.dir.path().to_str().unwrap())
        })
        .collect();
    let run = cli(&args);
    // The suite checks this host (ssh, node_exporter); whether they pass depends on it.
    assert!(matches!(run.code, 0 | 1), "{args:?}: {}", run.stderr);
    assert!(textfiles.join("node-health.prom").exists());
    assert!(w.dir.path().join("node-health.json").exists());
}

#[test]
fn kubernetes_manifests_run_their_command_lines() {
    let w = World::new();
    let serve_docs = documents(&example("kubernetes/serve.yaml"));
    let kinds: Vec<String> = serve_docs.iter().map(|d| text(get(d, &["kind"]))).collect();
    assert_eq!(
        kinds,
        ["ConfigMap", "Deployment", "Service", "ServiceMonitor"]
    );
    let suite = w.write(
        "services.yaml",
        &text(get(&serve_docs[0], &["data", "services.yaml"])),
    );
    validate(&suite);
    let pod = get(&serve_docs[1], &["spec", "template"]);
    let port = text(get(pod, &["metadata", "annotations", "prometheus.io/port"]));
    let args = strings(get(pod, &["spec", "containers", "0", "args"]));
    assert_eq!(args[0], "serve");
    assert!(args.contains(&format!("0.0.0.0:{port}")), "{args:?}");
    assert_eq!(
        text(get(
            pod,
            &[
                "spec",
                "containers",
                "0",
                "readinessProbe",
                "httpGet",
                "path"
            ]
        )),
        "/-/ready"
    );
    // The container's command line, on a free loopback port: it serves /metrics.
    let free = closed_port();
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            a.replace("/etc/probekit/services.yaml", suite.to_str().unwrap())
                .replace(&format!("0.0.0.0:{port}"), &format!("127.0.0.1:{free}"))
        })
        .collect();
    let server = Daemon::start(env!("CARGO_BIN_EXE_probekit"), &args, free, w.dir.path());
    assert_eq!(server.get("/-/healthy").0, 200);
    assert_eq!(server.get("/metrics").0, 200);

    let cron_docs = documents(&example("kubernetes/cronjob.yaml"));
    assert_eq!(text(get(&cron_docs[1], &["kind"])), "CronJob");
    let nightly = w.write(
        "nightly.yaml",
        &text(get(&cron_docs[0], &["data", "nightly.yaml"])),
    );
    validate(&nightly);
    let container = get(
        &cron_docs[1],
        &[
            "spec",
            "jobTemplate",
            "spec",
            "template",
            "spec",
            "containers",
            "0",
        ],
    );
    let nowhere = format!("http://127.0.0.1:{}", closed_port());
    let args: Vec<String> = strings(get(container, &["args"]))
        .iter()
        .map(|a| {
            a.replace("/etc/probekit/nightly.yaml", nightly.to_str().unwrap())
                .replace("http://pushgateway.monitoring.svc:9091", &nowhere)
        })
        .collect();
    let run = cli(&args);
    // No cluster DNS here and no Pushgateway: the probes error, the push fails (exit 3), and
    // the JSON report still arrives.
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stdout.contains("\"suite\": \"nightly\""),
        "{}",
        run.stdout
    );
}

#[test]
fn ci_pipelines_run_their_command_lines_and_publish_junit() {
    let w = World::new();
    let smoke = example("ci/smoke.yaml");
    validate(&smoke);
    std::fs::create_dir(w.dir.path().join("ci")).unwrap();
    std::fs::copy(&smoke, w.dir.path().join("ci/smoke.yaml")).unwrap();
    let gitlab = &documents(&example("ci/gitlab-ci.yml"))[0];
    let job = get(gitlab, &["smoke-test"]);
    let script = strings(get(job, &["script"]));
    let junit = text(get(job, &["artifacts", "reports", "junit"]));
    let github = &documents(&example("ci/github-actions.yml"))[0];
    let step = get(github, &["jobs", "smoke", "steps", "2", "run"]);
    let report_paths = text(get(
        github,
        &["jobs", "smoke", "steps", "3", "with", "report_paths"],
    ));
    for (command, published) in [(script[0].clone(), junit), (text(step), report_paths)] {
        let published = published.clone();
        assert!(
            command.contains(&format!("--report junit={published}")),
            "{command}"
        );
        let command = command
            .replace("$STAGING_URL", &w.base())
            .replace("${{ vars.STAGING_URL }}", &w.base());
        let words: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(words[0], "probekit");
        // Run from a copy of the repository layout the pipeline expects.
        let out = probekit()
            .args(&words[1..])
            .current_dir(w.dir.path())
            .output()
            .unwrap();
        let run = Run::from(out);
        assert!(matches!(run.code, 0 | 1), "{command}: {}", run.stderr);
        let report = w.dir.path().join(&published);
        assert!(report.exists(), "{} was not written", report.display());
        std::fs::remove_file(report).unwrap();
    }
}

#[test]
fn nagios_command_definitions_run() {
    let w = World::new();
    let defs = std::fs::read_to_string(example("nagios/commands.cfg")).unwrap();
    let suite = w.write(
        "shop.yaml",
        &format!("probes:\n  - name: health\n    http: {}/health\n", w.base()),
    );
    let mut ran = 0;
    for line in defs
        .lines()
        .filter(|l| l.trim_start().starts_with("command_line"))
    {
        let command = line.trim_start().trim_start_matches("command_line").trim();
        let command = command
            .replace("$ARG1$", &format!("{}/health", w.base()))
            .replace("$ARG2$", "1")
            .replace("$ARG3$", "2");
        let command = if command.contains(" run ") {
            command.replace(&format!("{}/health", w.base()), suite.to_str().unwrap())
        } else if command.contains(" tcp ") {
            command.replace(&format!("{}/health", w.base()), &w.target.tcp.to_string())
        } else {
            command
        };
        let words: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(words[0], "/usr/local/bin/probekit");
        let run = cli(&words[1..]);
        assert_eq!(run.code, 0, "{command}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.starts_with("PROBEKIT OK - "), "{}", run.stdout);
        ran += 1;
    }
    assert_eq!(ran, 3);
}

#[test]
fn icinga_check_commands_validate() {
    let w = World::new();
    let config = w.write(
        "icinga2.conf",
        &format!(
            r#"include <itl>
include "{}"
object Host "shop" {{ check_command = "dummy"; address = "127.0.0.1" }}
object Service "health" {{
  host_name = "shop"
  check_command = "probekit_http"
  vars.probekit_url = "http://127.0.0.1:8080/health"
  vars.probekit_warning = "0.5"
  vars.probekit_critical = "1"
}}
object Service "suite" {{
  host_name = "shop"
  check_command = "probekit_suite"
  vars.probekit_suite = "/etc/probekit/shop.yaml"
}}
"#,
            example("nagios/probekit.conf").display()
        ),
    );
    let out = std::process::Command::new("icinga2")
        .args(["daemon", "--validate", "--config"])
        .arg(&config)
        .output()
        .expect("icinga2 (Debian package icinga2-bin)");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("Instantiated 2 Services"), "{said}");
}

/// kubernetes-validate (PyPI; `scripts/install-deps.sh --test` puts it in a venv).
fn kubernetes_validate() -> std::process::Command {
    let venv = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default()
        .join(".cache/probekit-tools/venv/bin/kubernetes-validate");
    if venv.exists() {
        std::process::Command::new(venv)
    } else {
        std::process::Command::new("kubernetes-validate")
    }
}

#[test]
fn kubernetes_manifests_pass_the_kubernetes_schemas() {
    let dir = example("kubernetes");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    let out = kubernetes_validate()
        .args(["--strict", "--no-warn"])
        .args(&files)
        .output()
        .expect("kubernetes-validate (scripts/install-deps.sh --test installs it)");
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    for file in &files {
        assert!(
            said.contains(&format!("{} passed", file.display())),
            "{said}"
        );
    }
}

/// The Indexed Job's pods, as Kubernetes would start them (`$(JOB_COMPLETION_INDEX)` expanded),
/// push their shares to a real Pushgateway, each its own group; together they are the suite.
#[test]
fn the_sharded_job_pushes_every_probe_once() {
    let w = World::new();
    let docs = documents(&example("kubernetes/sharded-job.yaml"));
    let suite = w.write("fleet.yaml", &text(get(&docs[0], &["data", "fleet.yaml"])));
    validate(&suite);
    let job = get(&docs[1], &["spec", "jobTemplate", "spec"]);
    let count: usize = text(get(job, &["completions"])).parse().unwrap();
    assert_eq!(text(get(job, &["completionMode"])), "Indexed");
    let container = get(job, &["template", "spec", "containers", "0"]);
    assert_eq!(
        text(get(container, &["env", "0", "name"])),
        "PROBEKIT_SHARD"
    );
    let shard = text(get(container, &["env", "0", "value"]));
    assert_eq!(shard, format!("$(JOB_COMPLETION_INDEX)/{count}"));
    let gateway = pushgateway(w.dir.path());
    let port = gateway.port;
    let args: Vec<String> = strings(get(container, &["args"]))
        .iter()
        .map(|a| {
            a.replace("/etc/probekit/fleet.yaml", suite.to_str().unwrap())
                .replace(
                    "http://pushgateway.monitoring.svc:9091",
                    &format!("http://127.0.0.1:{port}"),
                )
        })
        .collect();
    let pods: Vec<_> = (0..count)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_probekit"))
                .args(&args)
                .env(
                    "PROBEKIT_SHARD",
                    shard.replace("$(JOB_COMPLETION_INDEX)", &i.to_string()),
                )
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for pod in pods {
        let out = pod.wait_with_output().unwrap();
        // No cluster here: the probes fail (1; 0 for a shard that drew none); the push itself
        // must not (3).
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{:?}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (_, metrics) = gateway.get("/metrics");
    let mut probes: Vec<String> = metrics
        .lines()
        .filter(|l| l.starts_with("probe_success{"))
        .map(|l| {
            assert!(
                l.contains(r#"instance="fleet""#) && l.contains(r#"shard=""#),
                "{l}"
            );
            let at = l.find(r#"probe=""#).unwrap() + 7;
            l[at..at + l[at..].find('"').unwrap()].to_string()
        })
        .collect();
    probes.sort();
    let mut expected: Vec<String> = [
        "berlin", "paris", "madrid", "lisbon", "rome", "vienna", "prague", "warsaw",
    ]
    .iter()
    .map(|s| format!("store-{s}"))
    .collect();
    expected.extend(["checkout".to_string(), "payments".to_string()]);
    expected.sort();
    assert_eq!(probes, expected, "{metrics}");
    let groups = metrics
        .lines()
        .filter(|l| l.starts_with("push_time_seconds{"))
        .count();
    assert!(
        groups >= 2,
        "one group per shard that had probes: {metrics}"
    );
}

/// The StatefulSet's replicas, each with the shard its ordinal gives, serve the suite between
/// them, every probe by one replica.
#[test]
fn the_sharded_statefulset_serves_every_probe_once() {
    let w = World::new();
    let docs = documents(&example("kubernetes/sharded-serve.yaml"));
    let suite = w.write("fleet.yaml", &text(get(&docs[0], &["data", "fleet.yaml"])));
    validate(&suite);
    let spec = get(&docs[1], &["spec"]);
    let replicas: usize = text(get(spec, &["replicas"])).parse().unwrap();
    let container = get(spec, &["template", "spec", "containers", "0"]);
    assert_eq!(
        text(get(
            container,
            &["env", "0", "valueFrom", "fieldRef", "fieldPath"]
        )),
        "metadata.labels['apps.kubernetes.io/pod-index']"
    );
    let shard = text(get(container, &["env", "1", "value"]));
    assert_eq!(shard, format!("$(SHARD_INDEX)/{replicas}"));
    let args = strings(get(container, &["args"]));
    let servers: Vec<(Daemon, String)> = (0..replicas)
        .map(|i| {
            let free = closed_port();
            let args: Vec<String> = args
                .iter()
                .map(|a| {
                    a.replace("/etc/probekit/fleet.yaml", suite.to_str().unwrap())
                        .replace("0.0.0.0:10915", &format!("127.0.0.1:{free}"))
                })
                .collect();
            let mut args = args;
            // The environment Kubernetes gives the pod, as a flag (Daemon keeps ours).
            let shard = shard.replace("$(SHARD_INDEX)", &i.to_string());
            args.extend(["--shard".to_string(), shard.clone()]);
            (
                Daemon::start(env!("CARGO_BIN_EXE_probekit"), &args, free, w.dir.path()),
                shard,
            )
        })
        .collect();
    let mut probes = Vec::new();
    for (server, shard) in &servers {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while server.get("/-/ready").0 != 200 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let metrics = server.get("/metrics").1;
        for line in metrics.lines().filter(|l| l.starts_with("probe_success{")) {
            assert!(line.contains(&format!(r#"shard="{shard}""#)), "{line}");
            let at = line.find(r#"probe=""#).unwrap() + 7;
            probes.push(line[at..at + line[at..].find('"').unwrap()].to_string());
        }
    }
    probes.sort();
    let expected: Vec<String> = (1..=9).map(|i| format!("web-{i}")).collect();
    assert_eq!(probes, expected);
}
