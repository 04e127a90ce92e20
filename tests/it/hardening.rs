//! The hostile cases of the security and reliability review (docs/reliability.md): planted
//! files and links, devices as outputs, an untrusted build cache, imports that try to inject
//! template code, inputs that never end, relative redirects, credentials and other origins.

use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};

use probekit::load::{LoadOptions, load_bytes};
use probekit::suite::{ArgvPart, Check, Program};
use proptest::prelude::*;

use super::*;

const ONE_PROBE: &str = "probes:\n  - name: ok\n    command: {argv: ['true']}\n";

#[test]
fn a_link_at_the_output_name_is_replaced_not_followed() {
    let w = World::new();
    let victim = w.dir.path().join("victim");
    std::fs::write(&victim, "root-only secret").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = w.dir.path().join("report.json");
    std::os::unix::fs::symlink(&victim, &out).unwrap();
    let suite = w.write("s.yaml", ONE_PROBE);
    let run = cli([
        "run".as_ref(),
        suite.as_os_str(),
        "-f".as_ref(),
        "json".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "root-only secret"
    );
    let mode = std::fs::metadata(&victim).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(!std::fs::symlink_metadata(&out).unwrap().is_symlink());
    // Nothing else was left in the directory: no temporary file.
    let names: Vec<String> = std::fs::read_dir(w.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn devices_and_fifos_are_written_through_and_dash_is_stdout() {
    let w = World::new();
    let suite = w.write("s.yaml", ONE_PROBE);
    let run = cli([
        "run".as_ref(),
        suite.as_os_str(),
        "--report".as_ref(),
        "junit=/dev/null".as_ref(),
        "-o".as_ref(),
        "/dev/null".as_ref(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    let run = cli([
        "run".as_ref(),
        suite.as_os_str(),
        "-f".as_ref(),
        "tap".as_ref(),
        "-o".as_ref(),
        "-".as_ref(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("ok 1 - ok"), "{}", run.stdout);
    assert!(!w.dir.path().join("-").exists());

    // A FIFO with a reader gets the report; one without fails at once instead of hanging.
    let fifo = w.dir.path().join("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let started = std::time::Instant::now();
    let run = cli([
        "run".as_ref(),
        suite.as_os_str(),
        "-o".as_ref(),
        fifo.as_os_str(),
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("no reader"), "{}", run.stderr);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    // The reader may open a moment after probekit tries: retry briefly.
    let mut delivered = false;
    for _ in 0..50 {
        let run = cli([
            "run".as_ref(),
            suite.as_os_str(),
            "-f".as_ref(),
            "tap".as_ref(),
            "-o".as_ref(),
            fifo.as_os_str(),
        ]);
        if run.code == 0 {
            delivered = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(delivered);
    assert!(reader.join().unwrap().contains("ok 1 - ok"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_build_cache_others_may_write_or_own_is_refused() {
    let w = World::new();
    let suite = w.write("s.yaml", ONE_PROBE);
    let cache = w.dir.path().join("cache");
    std::fs::create_dir(&cache).unwrap();
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).unwrap();
    let build = |cache: &Path| {
        Run::from(
            probekit()
                .env("PROBEKIT_CACHE", cache)
                .args(["build".as_ref(), suite.as_os_str(), "-o".as_ref()])
                .arg(w.dir.path().join("probe"))
                .output()
                .unwrap(),
        )
    };
    let run = build(&cache);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("may be written by others") && run.stderr.contains("PROBEKIT_CACHE"),
        "{}",
        run.stderr
    );
    assert!(!cache.join("crate").exists(), "nothing is written into it");

    // A link is not a cache, and (as root) neither is another user's directory.
    let link = w.dir.path().join("link");
    let real = w.dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let run = build(&link);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not a directory"), "{}", run.stderr);
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        let theirs = w.dir.path().join("theirs");
        std::fs::create_dir(&theirs).unwrap();
        std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o700)).unwrap();
        std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).unwrap();
        let run = build(&theirs);
        assert_eq!(run.code, 1);
        assert!(
            run.stderr.contains("belongs to uid 65534"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn emit_crate_refuses_a_directory_it_did_not_write() {
    let w = World::new();
    let suite = w.write("s.yaml", ONE_PROBE);
    let dir = w.dir.path().join("mine");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    let emit = |extra: &[&str]| {
        let mut args: Vec<std::ffi::OsString> = vec![
            "build".into(),
            suite.clone().into(),
            "--emit-crate".into(),
            dir.clone().into(),
            "--offline".into(),
        ];
        args.extend(extra.iter().map(|s| s.into()));
        cli(args)
    };
    let run = emit(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("Cargo.toml")).unwrap(),
        "[package]\nname = \"mine\"\n"
    );
    std::fs::write(dir.join("notes.txt"), "keep").unwrap();
    let run = emit(&["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "keep"
    );
    // An earlier emit is rewritten, and what was planted in it goes.
    std::fs::write(dir.join("build.rs"), "fn main() { panic!() }").unwrap();
    let run = emit(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.join("build.rs").exists());
}

#[test]
fn endless_inputs_are_refused_at_their_limit() {
    let started = std::time::Instant::now();
    let run = cli(["validate", "/dev/zero"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("suites may be at most"),
        "{}",
        run.stderr
    );
    let run = cli(["import", "/dev/zero"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("larger than 1024 KiB"),
        "{}",
        run.stderr
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_relative_redirect_with_a_url_in_its_query_is_followed() {
    let w = World::new();
    // The built-in target's /redirect-to?location=… answers with that Location, as written.
    let suite = r#"
probes:
  - name: relative
    http: "{{ base }}/redirect-to?location=/health?return=https://elsewhere.example/x"
    expect: {status: 200, body: {contains: UP}}
"#;
    let (run, report) = w.run_json(suite, &[]);
    assert_eq!(run.code, 0, "{report:#}");
    let p = probe(&report, "relative");
    assert_eq!(p["http"]["redirects"], 1, "{p:#}");
}

/// A header whose value came from `${VAR}` is a credential: it does not follow a redirect to
/// another origin (before, only Authorization, Cookie and Proxy-Authorization were dropped).
#[test]
fn secret_headers_do_not_cross_origins() {
    let w = World::new();
    let (port, recorded) = recorder();
    let suite = format!(
        r#"
probes:
  - name: away
    http:
      url: "{{{{ base }}}}/redirect-to?location=http://localhost:{port}/landing"
      headers: {{X-Api-Key: "${{KEY}}", X-Plain: visible}}
    expect: {{status: [200, 404]}}
"#
    );
    let path = w.write("suite.yaml", &suite);
    let run = Run::from(
        probekit()
            .env("KEY", "k-canary-123")
            .arg("run")
            .arg(&path)
            .args(["--var", &format!("base={}", w.base())])
            .output()
            .unwrap(),
    );
    let request = recorded.join().unwrap();
    let text = String::from_utf8_lossy(&request);
    assert!(text.starts_with("GET /landing"), "{text}\n{}", run.stderr);
    assert!(text.contains("x-plain: visible"), "{text}");
    assert!(!text.contains("k-canary-123"), "{text}");
}

/// One HTTP request recorded on a fresh port, answered 200.
fn recorder() -> (u16, std::thread::JoinHandle<Vec<u8>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
        let _ =
            stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        got
    });
    (port, handle)
}

/// The shell text of every command probe of an imported suite, as the loader reads it back.
fn imported_commands(script: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("check.sh");
    std::fs::write(&path, script).unwrap();
    let imported = probekit::import::import_file(&path, None, None).expect("imports");
    let suite = load_bytes(
        "imported.yaml",
        "imported",
        imported.yaml.as_bytes(),
        &LoadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}\n{}", imported.yaml));
    suite
        .probes
        .iter()
        .filter_map(|p| match &*p.check {
            Check::Command(c) => match &c.program {
                Program::Shell(s) => Some(s.clone()),
                // A literal argument as the command receives it (`${` written `$${`).
                Program::Argv(a) => Some(
                    a.iter()
                        .map(|x| match x {
                            ArgvPart::One(x) => {
                                x.as_literal().map_or_else(|| x.to_string(), str::to_string)
                            }
                            ArgvPart::Words(_) => x.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            },
            _ => None,
        })
        .collect()
}

#[test]
fn an_import_cannot_inject_template_code() {
    let command = r#"my-tool --name "{% endraw %}{{ 7*7 }}{% raw %} ${HOME} $${X}""#;
    let commands = imported_commands(&format!("#!/bin/sh\n{command} || exit 2\n"));
    assert!(commands.iter().any(|c| c.contains(command)), "{commands:?}");
    assert!(!commands.iter().any(|c| c.contains("49")), "{commands:?}");
}

/// Text that template engines, YAML and `${VAR}` all care about.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "{%", "%}", "{{", "}}", "{#", "#}", "${", "$${", "}", "{", "\"", "'", "\n", "\\", ":",
        "# ", "- ", "endraw", "raw", "item", "X", " ", "a",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever a script says, it reaches the suite's command byte for byte.
    #[test]
    fn imported_text_round_trips_byte_for_byte(text in hostile_text()) {
        let quoted = format!("'{}'", text.replace('\'', r"'\''"));
        let command = format!("my-tool --name {quoted}");
        let commands = imported_commands(&format!("#!/bin/sh\n{command} || exit 2\n"));
        // Kept as script text, or run directly with the text as one argument.
        let argv = format!("my-tool --name {text}");
        prop_assert!(
            commands.iter().any(|c| c.contains(&command) || *c == argv),
            "{:?} lacks {:?}",
            commands,
            command
        );
    }
}

/// Scripts in languages probekit does not read were imported as bash; they keep their own
/// interpreter now.
#[test]
fn scripts_in_other_languages_keep_their_interpreter() {
    // The script imported from a file of its own: the kept probe's argv, the import, the file.
    let kept = |script: &str| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("check");
        std::fs::write(&path, script).unwrap();
        let imported = probekit::import::import_file(&path, None, None).unwrap();
        let suite = load_bytes(
            "i.yaml",
            "i",
            imported.yaml.as_bytes(),
            &LoadOptions::default(),
        )
        .unwrap();
        let Check::Command(c) = &*suite.probes[0].check else {
            panic!("not a command: {}", imported.yaml);
        };
        let Program::Argv(argv) = &c.program else {
            panic!("not argv: {}", imported.yaml);
        };
        let argv: Vec<String> = argv.iter().map(|a| a.to_string()).collect();
        (argv, imported, dir, path)
    };
    let cases = [
        ("#!/usr/bin/perl -w\nexit(0);\n", "perl", "-e"),
        (
            "#!/bin/zsh\nsetopt errexit\ncurl -fsS http://127.0.0.1:1/\n",
            "zsh",
            "-c",
        ),
        ("#!/usr/bin/env fish\nexit 0\n", "fish", "-c"),
    ];
    for (script, program, flag) in cases {
        let (argv, imported, _dir, _) = kept(script);
        // The shebang's interpreter as written (`/usr/bin/perl -w`), then the program text.
        assert_eq!(
            argv[0].rsplit('/').next(),
            Some(program),
            "{}",
            imported.yaml
        );
        let at = argv
            .iter()
            .position(|a| a == flag)
            .expect("the inline flag");
        assert_eq!(argv[at + 1], script, "the script is kept whole");
        assert_eq!(imported.report.language, program);
    }
    // Node and Ruby run from the file (a script tests `require.main === module` or `__FILE__
    // == $0`, requires files beside it, starts with `#!`), with the shebang's options.
    for (script, head) in [
        (
            "#!/usr/bin/env -S node --no-warnings\nprocess.exit(0)\n",
            &["node", "--no-warnings"][..],
        ),
        (
            "#!/usr/bin/env ruby\nexit 1 unless system('true')\n",
            &["ruby"][..],
        ),
    ] {
        let (argv, imported, _dir, path) = kept(script);
        assert_eq!(argv[..head.len()], *head, "{}", imported.yaml);
        assert_eq!(
            argv[head.len()],
            std::path::absolute(&path).unwrap().display().to_string()
        );
        assert!(
            imported
                .report
                .warnings
                .iter()
                .any(|w| w.message.contains("must stay there")),
            "{}",
            imported.yaml
        );
    }
    // The verdict is the script's: perl is on every Debian machine.
    let w = World::new();
    let script = w.write("fails.pl", "#!/usr/bin/perl\nexit 3;\n");
    let yaml = w.dir.path().join("fails.yaml");
    let run = cli([
        "import".as_ref(),
        script.as_os_str(),
        "-o".as_ref(),
        yaml.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = cli([
        "run".as_ref(),
        yaml.as_os_str(),
        "-f".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        probe(&run.json(), "script")["command"]["process.exit.code"],
        3
    );
}

/// A secret in `argv` is visible in `ps` to every user of the host: the suite still loads, with
/// a warning that says where and what to do instead. A variable that is not named like a
/// secret is not warned about.
#[test]
fn a_secret_in_argv_is_warned_about() {
    let w = World::new();
    let suite = w.write(
        "argv.yaml",
        "probes:\n  - name: api\n    command: {argv: [curl, -H, \"Authorization: Bearer ${API_TOKEN}\", http://127.0.0.1:1/]}\n  - name: host\n    command: {argv: [echo, \"${TARGET_HOST:-x}\"]}\n",
    );
    let run = cli(["validate".as_ref(), suite.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("argv.yaml:3:32: warning: `${API_TOKEN}` in `argv`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("env: {API_TOKEN:"), "{}", run.stderr);
    assert!(!run.stderr.contains("TARGET_HOST"), "{}", run.stderr);
    assert!(run.stderr.contains("1 warning in"), "{}", run.stderr);
}

/// `probekit schema | head -1`, `probekit import x.sh | head`: a reader that stops early ends
/// the output, not the program with a panic (exit 0, nothing on stderr).
#[test]
fn a_reader_that_stops_early_is_no_error() {
    let bin = assert_cmd::cargo::cargo_bin!("probekit");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/all-of-checks.py");
    for args in [
        vec![std::ffi::OsStr::new("schema")],
        vec![
            std::ffi::OsStr::new("import"),
            "--format".as_ref(),
            "json".as_ref(),
            fixture.as_os_str(),
        ],
    ] {
        let mut child = std::process::Command::new(bin)
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before a byte is read.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
