//! `probekit build`: generated crates, compiled probes and their toolchain checks.
//!
//! Builds are expensive on two cores, so the tests build few runtimes: one for static x86_64
//! with the features of every test's suite ([`SHARED_FEATURES`]: the hostile strings, checked
//! field by field against the loader and for the exact bytes sent, the databases', and dns,
//! process and file probes'), one with none (the run flags, and the reproducibility check,
//! which builds it again in a cache of its own), one aarch64 run under qemu, and one of
//! examples/compiled. All share one cache under target/, which later runs find warm. They
//! build with a cheaper release profile ([`TEST_PROFILE`]) than users get, except the one of
//! examples/compiled, which builds the probes' own.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Run, World, probekit};

/// The cache every build test shares (and keeps between runs).
pub fn cache() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/probekit-test-cache")
}

/// The release profile of the probes these tests build, set as cargo reads it from the
/// environment: unoptimised, without LTO, in many codegen units. A cold runtime builds in about
/// 60% of the time, and what the tests check (the suite, flags, exit codes, static linking,
/// the same bytes twice) does not depend on it. The probes' own profile is built by
/// [`static_x86_64_probe_runs_anywhere`] and by the benchmark, which measures it.
pub const TEST_PROFILE: [(&str, &str); 3] = [
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
    ("CARGO_PROFILE_RELEASE_LTO", "false"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256"),
];

/// `probekit build ARGS` with the tests' profile.
pub fn build(args: &[&str], cache: &Path) -> Run {
    build_profile(args, cache, &TEST_PROFILE)
}

fn build_profile(args: &[&str], cache: &Path, profile: &[(&str, &str)]) -> Run {
    let out = probekit()
        .arg("build")
        .args(args)
        .env("PROBEKIT_CACHE", cache)
        .envs(profile.iter().copied())
        .timeout(std::time::Duration::from_secs(900))
        .output()
        .expect("probekit build runs");
    Run::from(out)
}

/// `probekit build SUITE --target x86_64-unknown-linux-musl -o PROGRAM`: a static probe, built
/// with the tests' profile and [`SHARED_FEATURES`], so that the tests that build one share
/// one runtime.
pub fn build_static(suite: &Path, program: &Path) -> Run {
    let mut args = static_args(suite, program).to_vec();
    args.extend(["--with", SHARED_FEATURES]);
    build(&args, &cache())
}

/// The features of every static probe the tests build with [`build_static`], and of the
/// hostile-strings probe: one runtime for all of them.
const SHARED_FEATURES: &str = "dns,file,http,jsonpath,mysql,postgres,process,redis,regex";

fn static_args<'a>(suite: &'a Path, program: &'a Path) -> [&'a str; 5] {
    [
        suite.to_str().unwrap(),
        "--target",
        "x86_64-unknown-linux-musl",
        "-o",
        program.to_str().unwrap(),
    ]
}

/// An emitted crate built by cargo alone into `target_dir` of the tests' cache, in the dev
/// profile or `profile` (`release`), with `env`: the program it made.
fn build_emitted(
    manifest: &Path,
    target_dir: &str,
    profile: Option<&str>,
    env: &[(&str, &str)],
) -> PathBuf {
    let built = Command::new(env!("CARGO"))
        .args(["build", "--locked", "--quiet"])
        .args(profile.map(|p| format!("--profile={p}")))
        .arg("--manifest-path")
        .arg(manifest)
        .arg("--target-dir")
        .arg(cache().join(target_dir))
        .envs(env.iter().copied())
        .output()
        .expect("cargo build");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    cache()
        .join(target_dir)
        .join(profile.unwrap_or("debug"))
        .join("probe")
}

fn run_probe(program: &Path, args: &[&str]) -> Run {
    // A file this process just wrote (the cut probe) may still be open for writing in a child
    // another test forked meanwhile, until that child execs: the kernel then refuses to run it
    // (ETXTBSY) for that moment.
    let mut tries = 0;
    loop {
        match Command::new(program).args(args).output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 100 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => return Run::from(result.expect("the probe runs")),
        }
    }
}

fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Whether the program links `krate` (its panic locations name the crate's source directory).
fn links(program: &Path, krate: &str) -> bool {
    let bytes = std::fs::read(program).unwrap();
    let needle = format!("/{krate}-");
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        && bytes
            .windows(needle.len() + 1)
            .any(|w| w.starts_with(needle.as_bytes()) && w[needle.len()].is_ascii_digit())
}

fn file_type(path: &Path) -> String {
    let out = Command::new("file")
        .arg("-b")
        .arg(path)
        .output()
        .expect("`file` runs (apt-get install file)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Strings that would break generated code if any reached it unescaped. `{% raw %}` keeps the
/// template syntax literal through the suite's own templating.
const HOSTILE: &str = r##"suite: "hostile \"suite\" */ {% raw %}{{ x }}{% endraw %}"
description: "line one\nline two \\ \"# r#\"raw\"#"
labels: {team: "a\"b\\c", weird: "{% raw %}}}{%{% endraw %}"}
args:
  - {name: mode, option: [-w, --mode], default: m}
  - {name: verbose, option: [-V, --verbose], switch: true}
  - {name: path, default: p, help: "a\"b */ {% raw %}{{ }}{% endraw %}"}
  - {name: extra, rest: true}
probes:
  - name: "\"); std::process::exit(0); //"
    tags: ["*/", "\"#"]
    http:
      url: "http://127.0.0.1:{{ port }}/${path}?q=*/'#x"
      proxy: direct
      ip: 4
      method: POST
      headers:
        X-Hostile: "a\"b\\c {% raw %}}}{% x %}{% endraw %} */ \"# é🦀"
        Authorization: "Bearer ${HOSTILE_TOKEN:-a\"b\\c}"
      body: "line1\nline2 \"quoted\" \\ {% raw %}{{ y }} {% if %}{% endraw %} */ r#\"x\"# \x01\x7f é ü 🦀 \u202e end"
    expect:
      status: 200
      body: {contains: "OK", matches: "^[\\s\\S]*$"}
      cookies: {"a\"b": {present: false}}
  - name: "printf {% raw %}{{ and }}{% endraw %} \\"
    command: {argv: [printf, "%s", "a\"b\\c\n{% raw %}{{ z }}{% endraw %} */ \"# 🦀", "${extra}"], stdin: "in \"# */ \\ ${HOME} ${NOPE_X:-${NOPE_Y:-d$${e}}} ${file:/nonexistent/${NOPE_Z:-p}:-f\"b}"}
    expect: {stdout: {equals: "a\"b\\c\n{% raw %}{{ z }}{% endraw %} */ \"# 🦀"}}
  - name: json-and-text-rules
    command: {argv: [printf, "%s", "{\"a\": [1, 2], \"s\": \"x\\\"y\", \"n\": 4.5, \"z\": null}\n"]}
    expect:
      stdout:
        trimmed: "{\"a\": [1, 2], \"s\": \"x\\\"y\", \"n\": 4.5, \"z\": null}"
        lines: {matching: "^[{]", count: "== 1"}
        json:
          - {path: a, length: "== 2"}
          - {path: s, matches: "^x\"y$"}
          - {path: n, value: "between 4 and 5"}
          - {path: z, exists: true}
          - {path: q, absent: true}
          - {path: s, not_equals: "\"); exit(0); //"}
          - {path: a, type: array}
          - {path: "a[0]", equals: 1}
          - {path: s, equals: "${JSON_S:-x\"y}"}
        field: {line: "^[{]", index: 2, equals: "[1,"}
  - name: a-number
    severity: warning
    command: {argv: [printf, " 42\n"]}
    expect:
      stdout:
        number: {warning: "> 50", critical: "> 60"}
        lines: {warning: "> 3"}
        field: {index: 1, number: "== ${FORTY_TWO:-42}"}
      exit_code: "${RC:-0}"
      duration: {warning: "> 5s", critical: "> 10s"}
  - name: an-option
    command: {argv: [echo, "${mode}"]}
    expect: {stdout: {equals: "x\n"}}
  - name: any-of
    wait: {until: 2s, every: 100ms}
    any_of:
      - command: {argv: ["false"]}
      - command: {argv: [echo, "b\"c"]}
        expect: {stdout: {contains: "b\"c"}}
  - name: metrics-with-quotes
    metrics: {command: {shell: "printf 'up{job=\"a\\\\\"b\"} 1\\n'"}}
    expect:
      - {metric: "up{job=\"a\\\"b\"}", value: "== 1"}
      - {metric: up, labels: {job: "a\"b"}, aggregate: count, value: "between 1 and 1"}
"##;

/// Answers one request with `200 OK`, handing its raw bytes back.
fn recorder() -> (u16, std::thread::JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let handle = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().expect("accept");
        conn.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("timeout");
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = conn.read(&mut buf).expect("read");
            request.extend_from_slice(&buf[..n]);
            if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&request[..end]).to_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse().expect("length"));
                if request.len() >= end + 4 + length || n == 0 {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        conn.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nOK")
            .expect("write");
        request
    });
    (port, handle)
}

#[test]
fn hostile_strings_are_escaped_and_sent_byte_for_byte() {
    let world = World::new();
    let (port, request) = recorder();
    let suite = world.write("hostile.yaml", HOSTILE);
    let port_var = format!("port={port}");

    // The generated crate, for inspection: no string of the suite reaches its code (the suite
    // is data, `src/suite.bin`), and cargo builds it on its own into a program that holds the
    // suite the loader builds.
    let emitted = world.dir.path().join("crate");
    let emit = build(
        &[
            suite.to_str().unwrap(),
            "--var",
            &port_var,
            "--emit-crate",
            emitted.to_str().unwrap(),
        ],
        &cache(),
    );
    assert_eq!(emit.code, 0, "{}", emit.stderr);
    for file in ["src/main.rs", "Cargo.toml"] {
        let code = std::fs::read_to_string(emitted.join(file)).unwrap();
        for fragment in [
            "exit(0)", "{{", "{%", "}}", "*/", "\"#", "🦀", "line two", "hostile",
        ] {
            assert!(!code.contains(fragment), "{fragment:?} in {file}:\n{code}");
        }
    }
    let data = std::fs::read(emitted.join("src/suite.bin")).unwrap();
    assert!(data.windows(6).any(|w| w == b"exit(0"));
    let fmt = Command::new("rustfmt")
        .args(["--check", "--edition", "2024"])
        .arg(emitted.join("src/main.rs"))
        .output()
        .expect("rustfmt");
    assert!(
        fmt.status.success(),
        "{}",
        String::from_utf8_lossy(&fmt.stdout)
    );
    assert!(emitted.join("runtime/src/lib.rs").exists());
    assert!(emitted.join("Cargo.lock").exists());
    // A debug build: what matters is that the crate stands alone and warns of nothing.
    let standalone = build_emitted(
        &emitted.join("Cargo.toml"),
        "emit-target",
        None,
        &[("RUSTFLAGS", "-D warnings")],
    );

    // The compiled probe holds exactly the suite the loader builds.
    let program = world.dir.path().join("hostile-probe");
    let out = probekit()
        .args(["build", suite.to_str().unwrap(), "--var", &port_var, "-o"])
        .arg(&program)
        .args([
            "--target",
            "x86_64-unknown-linux-musl",
            "--with",
            SHARED_FEATURES,
        ])
        .env("PROBEKIT_CACHE", cache())
        .envs(TEST_PROFILE)
        .env("HOSTILE_TOKEN", "build-time-secret")
        .timeout(std::time::Duration::from_secs(900))
        .output()
        .unwrap();
    let built = Run::from(out);
    assert_eq!(built.code, 0, "{}", built.stderr);
    // ${VAR} is never resolved at build time: the value in the environment then is not in it.
    let bytes = std::fs::read(&program).unwrap();
    assert!(!bytes.windows(17).any(|w| w == b"build-time-secret"));
    let dumped = run_probe(&program, &["--dump-suite"]);
    // The suite's arguments are the probe's: its help lists them.
    let help = run_probe(&program, &["--help"]);
    assert!(
        help.stdout
            .contains("[OPTIONS] [-w MODE] [-V] [PATH] [EXTRA…]")
            && help.stdout.contains("-V, --verbose  "),
        "{}",
        help.stdout
    );
    let loaded = super::cli([
        "validate",
        "--dump-suite",
        suite.to_str().unwrap(),
        "--var",
        &port_var,
    ]);
    assert_eq!(loaded.code, 0, "{}", loaded.stderr);
    assert_eq!(dumped.stdout, loaded.stdout);
    assert_eq!(
        run_probe(&standalone, &["--dump-suite"]).stdout,
        loaded.stdout
    );

    // Run it: the request carries those bytes exactly; ${VAR} is read now, not at build time.
    // `-w` is the suite's option here, not the probe's Nagios warning threshold.
    let out = Command::new(&program)
        .args(["--format", "json", "-w", "x"])
        .env("HOSTILE_TOKEN", "run-time-secret")
        .output()
        .unwrap();
    let run = Run::from(out);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("run-time-secret"));
    let request = request.join().unwrap();
    let text = String::from_utf8(request).expect("UTF-8 request");
    // The fragment stays with the client, as curl keeps it.
    assert!(text.starts_with("POST /p?q=*/' HTTP/1.1\r\n"), "{text}");
    assert!(
        text.contains("x-hostile: a\"b\\c }}{% x %} */ \"# é🦀\r\n"),
        "{text}"
    );
    assert!(
        text.contains("authorization: Bearer run-time-secret\r\n"),
        "{text}"
    );
    let body =
        "line1\nline2 \"quoted\" \\ {{ y }} {% if %} */ r#\"x\"# \x01\x7f é ü 🦀 \u{202e} end";
    assert!(text.ends_with(&format!("\r\n\r\n{body}")), "{text:?}");
    let report = run.json();
    assert_eq!(report["summary"]["pass"], 7, "{report:#}");
}

#[test]
fn the_compiled_probe_takes_the_run_flags_and_exit_codes() {
    let world = World::new();
    let suite = world.write(
        "flags.yaml",
        "suite: flags\nprobes:\n  - {name: ok, tags: [smoke], command: {argv: [\"true\"]}}\n  - {name: bad, command: {argv: [\"false\"]}}\n  - name: daemon\n    command: {shell: \"setsid sh -c 'echo $$ > \\\"$PIDFILE\\\"; exec sleep 300' > /dev/null 2>&1 & sleep 0.5\"}\n",
    );
    let program = world.dir.path().join("flags-probe");
    // A runtime left in the cache by another probekit version, with a file this one moved
    // (check/http.rs became check/http/mod.rs): it must not break the build.
    // Written under the cache's lock, as builds running in parallel tests take it.
    let stale = cache().join("crate/runtime/src/check/http.rs");
    std::fs::create_dir_all(stale.parent().unwrap()).unwrap();
    {
        use std::os::fd::AsRawFd;
        let lock = std::fs::File::create(cache().join("lock")).unwrap();
        assert_eq!(unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) }, 0);
        std::fs::write(&stale, "compile_error!(\"stale\");").unwrap();
    }
    // --offline: with a warm cargo cache, building needs no network.
    let built = build(
        &[
            suite.to_str().unwrap(),
            "--offline",
            "--rebuild",
            // The static target: its runtime for no features is the one builds_are_reproducible
            // builds too, so the two tests share one build of the dependencies.
            "--target",
            "x86_64-unknown-linux-musl",
            "-o",
            program.to_str().unwrap(),
        ],
        &cache(),
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(built.stderr.contains("features: none"), "{}", built.stderr);
    assert!(!stale.exists());
    // A command-only probe carries no HTTP client, TLS or metrics parser.
    for krate in ["hyper", "rustls", "ring", "h2"] {
        assert!(
            !links(&program, krate),
            "a command-only probe links {krate}"
        );
    }

    assert_eq!(run_probe(&program, &[]).code, 1);
    assert_eq!(run_probe(&program, &["--tag", "smoke"]).code, 0);
    let list = run_probe(&program, &["--list"]);
    assert!(list.stdout.contains("ok") && list.stdout.contains("bad"));
    let version = run_probe(&program, &["--version"]);
    assert!(
        version
            .stdout
            .contains(&format!("sha256:{}", sha256(&suite))),
        "{}",
        version.stdout
    );
    assert!(version.stdout.contains(env!("CARGO_PKG_VERSION")));
    let bad = run_probe(&program, &["--bogus"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--bogus"), "{}", bad.stderr);
    let nagios = run_probe(&program, &["--format", "nagios", "--bogus"]);
    assert_eq!(nagios.code, 3);
    assert!(
        nagios.stdout.starts_with("PROBEKIT UNKNOWN"),
        "{}",
        nagios.stdout
    );
    let none = run_probe(&program, &["--probe", "missing"]);
    assert_eq!(none.code, 2);
    let report = world.dir.path().join("out.xml");
    let junit = run_probe(
        &program,
        &["--format", "junit", "-o", report.to_str().unwrap()],
    );
    assert_eq!(junit.code, 1);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("<testsuite")
    );
    // Nothing a command starts outlives the compiled probe either.
    let pidfile = world.dir.path().join("daemon.pid");
    let out = std::process::Command::new(&program)
        .args(["--probe", "daemon", "--format", "json"])
        .env("PIDFILE", &pidfile)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let daemon: i32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        super::command::survivors(&[daemon]).is_empty(),
        "the daemon outlived the compiled probe"
    );
    assert!(
        super::probe(&report, "daemon")["command"]["descendants_killed"]
            .as_u64()
            .unwrap()
            >= 1,
        "{report:#}"
    );
    // A probe cut from its suite (stripped, truncated) says so.
    let cut = world.dir.path().join("cut-probe");
    let bytes = std::fs::read(&program).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() - 1]).unwrap();
    std::fs::set_permissions(&cut, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let orphan = run_probe(&cut, &[]);
    assert_eq!(orphan.code, 2, "{}", orphan.stderr);
    assert!(
        orphan.stderr.contains("holds no suite"),
        "{}",
        orphan.stderr
    );
    // A Nagios plugin answers in its protocol even then.
    let orphan = run_probe(&cut, &["--format", "nagios"]);
    assert_eq!(orphan.code, 3, "{}", orphan.stdout);
    assert!(
        orphan.stdout.starts_with("PROBEKIT UNKNOWN") && orphan.stdout.contains("holds no suite"),
        "{}",
        orphan.stdout
    );
    // Without HTTP, a push says how to get it instead of failing obscurely.
    let push = run_probe(&program, &["--push", "http://127.0.0.1:9"]);
    assert_eq!(push.code, 3);
    assert!(push.stderr.contains("--with push"), "{}", push.stderr);
}

/// examples/compiled: the suite built static, run as the Dockerfile and the CronJob run it —
/// from an empty directory with an empty environment, and in a chroot holding only the probe.
#[test]
fn static_x86_64_probe_runs_anywhere() {
    let world = World::new();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/compiled");
    let program = world.dir.path().join("checkout-probe");
    // With the probes' own release profile (fat LTO, size-optimised), as users get them.
    let built = build_profile(
        &static_args(&examples.join("checkout.yaml"), &program),
        &cache(),
        &[],
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
    let kind = file_type(&program);
    assert!(kind.contains("static"), "{kind}");
    // With rust-src (installed with the tests' prerequisites), std is compiled with the probe,
    // for size: without the backtrace printer, whose DWARF reader names the sections it reads.
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .unwrap();
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
    if Path::new(&sysroot)
        .join("lib/rustlib/src/rust/library/std/Cargo.toml")
        .is_file()
    {
        assert!(
            !built.stderr.contains("could not be built for size"),
            "{}",
            built.stderr
        );
        let bytes = std::fs::read(&program).unwrap();
        assert!(
            !bytes.windows(13).any(|w| w == b".debug_abbrev"),
            "the probe carries std's backtrace printer"
        );
    }

    // The CronJob's arguments, with its Pushgateway swapped for a real one on loopback.
    let gateway = super::pushgateway(world.dir.path());
    let port = gateway.port;
    let cronjob = std::fs::read_to_string(examples.join("cronjob.yaml")).unwrap();
    let mut args: Vec<String> = cronjob
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- --"))
        .map(|a| {
            format!("--{a}").replace(
                "http://pushgateway.monitoring:9091",
                &format!("http://127.0.0.1:{port}"),
            )
        })
        .collect();
    assert!(
        args.iter()
            .any(|a| a.starts_with("--push=http://127.0.0.1")),
        "{args:?}"
    );
    args.push("--probe=api-health".into());
    let url = world.base();
    let empty = world.dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = Command::new(&program)
        .current_dir(&empty)
        .env_clear()
        .env("CHECKOUT_URL", &url)
        .args(&args)
        .output()
        .unwrap();
    let run = Run::from(out);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["summary"]["pass"], 1);
    let (_, metrics) = gateway.get("/metrics");
    let series = r#"probe_success{instance="checkout",job="probekit",probe="api-health",suite="checkout",team="payments"} 1"#;
    assert!(metrics.contains(series), "{metrics}");

    // As the Dockerfile's image runs it: the probe alone at the root.
    let dockerfile = std::fs::read_to_string(examples.join("Dockerfile")).unwrap();
    assert!(dockerfile.contains("COPY checkout-probe /checkout-probe"));
    if unsafe { libc::geteuid() } == 0 {
        let root = world.dir.path().join("root");
        std::fs::create_dir(&root).unwrap();
        std::fs::copy(&program, root.join("checkout-probe")).unwrap();
        let out = Command::new("/usr/sbin/chroot")
            .arg(&root)
            .args([
                "/checkout-probe",
                "--probe",
                "api-health",
                "--format",
                "tap",
            ])
            .env_clear()
            .env("CHECKOUT_URL", &url)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{stdout}");
        assert!(stdout.contains("ok 1 - api-health"), "{stdout}");
    }
}

#[test]
fn aarch64_probe_runs_under_qemu() {
    let world = World::new();
    let suite = world.write(
        "arm.yaml",
        "suite: arm\nprobes:\n  - {name: health, http: {url: \"{{ base }}/health\"}, expect: {status: 200}}\n",
    );
    let program = world.dir.path().join("arm-probe");
    let base = format!("base={}", world.base());
    let built = build(
        &[
            suite.to_str().unwrap(),
            "--var",
            &base,
            "--target",
            "aarch64-unknown-linux-musl",
            "-o",
            program.to_str().unwrap(),
        ],
        &cache(),
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
    let kind = file_type(&program);
    assert!(
        kind.contains("aarch64") && kind.contains("static"),
        "{kind}"
    );
    let out = Command::new("qemu-aarch64-static")
        .arg(&program)
        .args(["--format", "json"])
        .env_clear()
        .output()
        .expect("qemu-aarch64-static (apt-get install qemu-user-static)");
    let run = Run::from(out);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["summary"]["pass"], 1);
}

/// The same suite and probekit give the same bytes, built from different directories with
/// different caches (so nothing is shared but the cargo registry).
#[test]
fn builds_are_reproducible() {
    let world = World::new();
    let text = "suite: same\nprobes:\n  - {name: k, command: {argv: [uname]}}\n";
    let mut sums = Vec::new();
    for n in 0..2 {
        let dir = world.dir.path().join(format!("d{n}"));
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("suite.yaml"), text).unwrap();
        let cache = if n == 0 {
            cache()
        } else {
            world.dir.path().join("other-cache")
        };
        let out = probekit()
            .current_dir(&dir)
            .args([
                "build",
                "suite.yaml",
                "--target",
                "x86_64-unknown-linux-musl",
                "-o",
                "probe",
            ])
            .env("PROBEKIT_CACHE", &cache)
            .envs(TEST_PROFILE)
            .timeout(std::time::Duration::from_secs(900))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        sums.push(sha256(&dir.join("probe")));
    }
    assert_eq!(sums[0], sums[1]);
}

#[test]
fn missing_toolchain_pieces_name_their_install_command() {
    let world = World::new();
    let suite = world.write(
        "t.yaml",
        "suite: t\nprobes:\n  - {name: a, http: {url: \"https://x.invalid/\"}}\n",
    );
    let which = |p: &str| {
        let out = Command::new("sh")
            .args(["-c", &format!("command -v {p}")])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    // Only cargo and rustc are reachable: no C compiler, no cross linker.
    let out = probekit()
        .args([
            "build",
            suite.to_str().unwrap(),
            "--target",
            "aarch64-unknown-linux-musl",
        ])
        .env("PROBEKIT_CACHE", world.dir.path().join("cache"))
        .env("CARGO", which("cargo"))
        .env("RUSTC", which("rustc"))
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    let run = Run::from(out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("apt-get install gcc-aarch64-linux-gnu"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("apt-get install gcc"), "{}", run.stderr);
    assert!(run.stderr.lines().count() < 10, "{}", run.stderr);

    let out = build(
        &[
            suite.to_str().unwrap(),
            "--target",
            "riscv64gc-unknown-linux-musl",
        ],
        &cache(),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("rustup target add riscv64gc-unknown-linux-musl"),
        "{}",
        out.stderr
    );

    let doctor = super::cli(["doctor"]);
    for t in [
        "(host): ready",
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
    ] {
        assert!(doctor.stdout.contains(t), "{}", doctor.stdout);
    }
}

#[test]
fn a_broken_suite_is_refused_before_anything_is_built() {
    let world = World::new();
    let suite = world.write(
        "b.yaml",
        "suite: b\nprobes:\n  - {name: a, http: {url: 42}}\n",
    );
    let out = build(&[suite.to_str().unwrap()], &world.dir.path().join("cache"));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("b.yaml:3:"), "{}", out.stderr);
    assert!(!world.dir.path().join("cache").exists());
}

/// A compiled probe does not unwind (`panic = "abort"`, docs/build.md): a probe that panics ends
/// the program, which first delivers what the run found — the crash as that probe's error, the
/// finished probes' results, the others as not finished — to every destination the command line
/// named, exits as those results say, and leaves nothing a command started running. The crash is
/// the runtime's `crash-test` feature, which the emitted crate is built with here.
#[test]
fn a_crash_delivers_the_report_and_leaves_no_command_running() {
    let world = World::new();
    let suite = world.write(
        "crash.yaml",
        "suite: crash\nprobes:\n  - {name: quick, command: {argv: [\"true\"]}}\n  - name: slow\n    command: {shell: \"setsid sh -c 'echo $$ > \\\"$PIDFILE\\\"; exec sleep 300' & echo $$ > \\\"$PIDFILE.command\\\"; exec sleep 300\", timeout: 600s}\n  - {name: crash-test, command: {argv: [\"true\"]}}\n  - {name: later, depends_on: [crash-test], command: {argv: [\"true\"]}}\n",
    );
    let emitted = world.dir.path().join("crate");
    let emit = build(
        &[
            suite.to_str().unwrap(),
            "--emit-crate",
            emitted.to_str().unwrap(),
        ],
        &cache(),
    );
    assert_eq!(emit.code, 0, "{}", emit.stderr);
    let manifest = emitted.join("Cargo.toml");
    let toml = std::fs::read_to_string(&manifest).unwrap();
    assert!(toml.contains("panic = \"abort\""), "{toml}");
    let features = "features = [\"crash-test\", ";
    std::fs::write(&manifest, toml.replace("features = [", features)).unwrap();
    let program = build_emitted(&manifest, "crash-target", Some("release"), &TEST_PROFILE);

    let pidfile = world.dir.path().join("daemon.pid");
    let junit = world.dir.path().join("crash.xml");
    let textfiles = world.dir.path().join("textfiles");
    std::fs::create_dir(&textfiles).unwrap();
    let started = std::time::Instant::now();
    let out = Command::new(&program)
        .args(["--format", "json", "--report"])
        .arg(format!("junit={}", junit.display()))
        .arg("--textfile-dir")
        .arg(&textfiles)
        .env("PIDFILE", &pidfile)
        .output()
        .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    let run = Run::from(out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("probe: the probe `crash-test` crashed at ")
            && run.stderr.contains("src/runner/mod.rs:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("asked for"), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let status = |name: &str| super::probe(&report, name)["status"].clone();
    let reason = |name: &str| super::probe(&report, name)["reason"].clone();
    assert_eq!(status("quick"), "pass", "{report:#}");
    assert_eq!(status("crash-test"), "error", "{report:#}");
    assert!(
        reason("crash-test")
            .as_str()
            .unwrap()
            .starts_with("the probe crashed: the crash `crash-test` asked for"),
        "{report:#}"
    );
    assert_eq!(status("slow"), "error", "{report:#}");
    assert_eq!(
        reason("slow"),
        "not finished: the probe `crash-test` crashed the program"
    );
    assert_eq!(status("later"), "skipped", "{report:#}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("the probe crashed"), "{xml}");
    let prom = std::fs::read_to_string(textfiles.join("crash.prom")).unwrap();
    assert!(prom.contains("probe=\"crash-test\""), "{prom}");
    // The command that was running, and the daemon it started in a session of its own.
    let pid = |path: &Path| -> i32 {
        let text = std::fs::read_to_string(path).unwrap();
        text.trim().parse().unwrap()
    };
    let command = pid(&world.dir.path().join("daemon.pid.command"));
    let daemon = pid(&pidfile);
    assert!(
        super::command::survivors(&[command, daemon]).is_empty(),
        "a command outlived the crash"
    );

    // As a Nagios plugin it answers in its protocol; so it does when the crash is on one of
    // several worker threads.
    let nagios = Command::new(&program)
        .args(["--format", "nagios"])
        .env("PIDFILE", &pidfile)
        .env("PROBEKIT_THREADS", "2")
        .output()
        .unwrap();
    let nagios = Run::from(nagios);
    assert_eq!(nagios.code, 2, "{}", nagios.stdout);
    assert!(
        nagios.stdout.starts_with("PROBEKIT CRITICAL"),
        "{}",
        nagios.stdout
    );
}
