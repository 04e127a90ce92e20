//! Mongo probes against a stand-in for mongod (tests/fixtures/mongo/standin.py: OP_MSG with
//! pymongo's `bson`, the server's side of SCRAM with hashlib): Debian packages no MongoDB
//! server. The real driver, pymongo, is run against the same stand-in first, so each test
//! knows the stand-in answers as a server the driver logs in to; then the probe must agree.

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command};

use super::database::{run_env as run, script_and_suite};
use super::*;

pub(super) struct Standin(Child, pub(super) u16);

impl Drop for Standin {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(super) fn standin(mode: &str) -> Standin {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mongo/standin.py");
    let (child, line) = spawn_announcing(Command::new("python3").arg(script).arg(mode));
    let port = line.parse().unwrap_or_else(|_| {
        panic!("the mongo stand-in did not start (pymongo installed?): {line:?}")
    });
    Standin(child, port)
}

/// What pymongo, the real driver, says of a login and a command against the stand-in:
/// `ok`, or the error's class.
fn pymongo(port: u16, user: Option<(&str, &str)>, mechanism: &str, command: &str) -> String {
    let login = match user {
        Some((u, p)) => {
            format!(", username={u:?}, password={p:?}, authMechanism={mechanism:?}")
        }
        None => String::new(),
    };
    let program = format!(
        "import pymongo\n\
         c = pymongo.MongoClient('127.0.0.1', {port}, serverSelectionTimeoutMS=3000{login})\n\
         try:\n    c.admin.command({command:?}); print('ok')\n\
         except Exception as e:\n    print(type(e).__name__)\n"
    );
    let out = Command::new("python3")
        .args(["-c", &program])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn mongo_probes_answer_log_in_and_run_commands_as_pymongo_does() {
    let w = World::new();
    let server = standin("auth");
    let port = server.1;
    let creds = Some(("probe", "s3cret-pw"));
    // What the driver does against this server: the stand-in's answers are a server's.
    assert_eq!(pymongo(port, None, "DEFAULT", "ping"), "ok");
    assert_eq!(
        pymongo(port, None, "DEFAULT", "dbStats"),
        "OperationFailure"
    );
    assert_eq!(pymongo(port, creds, "SCRAM-SHA-256", "dbStats"), "ok");
    assert_eq!(pymongo(port, creds, "SCRAM-SHA-1", "dbStats"), "ok");
    assert_eq!(
        pymongo(port, Some(("probe", "wrong")), "SCRAM-SHA-256", "dbStats"),
        "OperationFailure"
    );
    let suite = format!(
        r#"suite: mongo
probes:
  - name: up
    mongo: 127.0.0.1:{port}
    expect: {{result: {{json: {{"$.ismaster": true, "$.ok": 1}}}}}}
  - name: login
    mongo: {{address: "127.0.0.1:{port}", user: probe, password: "${{MONGO_PW}}", query: '{{"dbStats": 1, "scale": 1}}'}}
    expect: {{result: {{json: {{"$.objects": 42, "$.db": admin}}}}}}
  - name: url-login
    mongo: "mongodb://probe:${{MONGO_PW}}@127.0.0.1:{port}/app?authSource=admin"
  - name: wrong-password
    mongo: {{address: "127.0.0.1:{port}", user: probe, password: "${{WRONG_PW}}"}}
  - name: command-without-login
    mongo: {{address: "127.0.0.1:{port}", query: '{{"dbStats": 1}}'}}
  - name: unknown-command
    mongo: {{address: "127.0.0.1:{port}", user: probe, password: "${{MONGO_PW}}", query: '{{"noSuchThing": 1}}'}}
  - name: empty-user-is-no-login
    mongo: {{address: "127.0.0.1:{port}", user: "${{UNSET_USER:-}}", password: "${{UNSET_PW:-}}"}}
  - name: url-login-beside-empty-user
    mongo: {{address: "mongodb://probe:${{MONGO_PW}}@127.0.0.1:{port}/admin", user: "${{UNSET_USER:-}}", query: '{{"dbStats": 1}}'}}
"#
    );
    let (run, report) = run(
        &w,
        &suite,
        &[("MONGO_PW", "s3cret-pw"), ("WRONG_PW", "not-it")],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_statuses(
        &report,
        &[
            ("up", "pass"),
            ("login", "pass"),
            ("url-login", "pass"),
            ("wrong-password", "error"),
            ("command-without-login", "error"),
            ("unknown-command", "error"),
            ("empty-user-is-no-login", "pass"),
            ("url-login-beside-empty-user", "pass"),
        ],
    );
    // pymongo and mongosh take an empty user as no login; a URL's own login stands.
    assert_eq!(
        probe(&report, "empty-user-is-no-login")["database"]["authenticated"],
        false
    );
    assert_eq!(
        probe(&report, "url-login-beside-empty-user")["database"]["authenticated"],
        true
    );
    let up = &probe(&report, "up")["database"];
    assert_eq!(up["server_version"], "7.0.0-standin");
    assert_eq!(up["message"], "primary");
    assert_eq!(up["authenticated"], false);
    assert_eq!(probe(&report, "login")["database"]["authenticated"], true);
    let wrong = probe(&report, "wrong-password");
    assert_eq!(wrong["error"]["type"], "auth", "{wrong:#}");
    assert!(
        probe(&report, "command-without-login")["error"]["message"]
            .as_str()
            .unwrap()
            .contains("requires authentication")
    );
    // Neither password is ever printed.
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains("s3cret-pw") && !text.contains("not-it"));
    }
}

#[test]
fn mongo_logins_take_scram_sha_1_where_the_user_has_only_that() {
    let w = World::new();
    let server = standin("sha1");
    let port = server.1;
    // The driver negotiates SCRAM-SHA-1 from saslSupportedMechs; so must the probe.
    assert_eq!(
        pymongo(port, Some(("probe", "s3cret-pw")), "DEFAULT", "dbStats"),
        "ok"
    );
    let suite = format!(
        r#"suite: mongo
probes:
  - name: login
    mongo: {{address: "127.0.0.1:{port}", user: probe, password: "${{MONGO_PW}}", query: '{{"dbStats": 1}}'}}
"#
    );
    let (run, report) = run(&w, &suite, &[("MONGO_PW", "s3cret-pw")]);
    assert_eq!(run.code, 0, "{}\n{report:#}", run.stderr);
}

#[test]
fn mongo_servers_that_are_not_serving_or_are_secondaries_say_so() {
    let w = World::new();
    let recovering = standin("recovering");
    let replica = standin("replica");
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    let closing = TcpListener::bind("127.0.0.1:0").unwrap();
    let closing_port = closing.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut conn in closing.incoming().flatten() {
            let mut buf = [0u8; 64];
            let _ = conn.read(&mut buf);
        }
    });
    let suite = format!(
        r#"suite: mongo
probes:
  - name: recovering
    mongo: 127.0.0.1:{}
  - name: recovering-allowed
    mongo: 127.0.0.1:{}
    expect: {{state: [accepting, rejecting]}}
  - name: secondary
    mongo: 127.0.0.1:{}
    expect: {{result: {{json: {{"$.ismaster": false, "$.setName": rs0}}}}}}
  - name: silent
    mongo: {{address: "127.0.0.1:{silent_port}", timeout: 300ms}}
  - name: closing
    mongo: 127.0.0.1:{closing_port}
"#,
        recovering.1, recovering.1, replica.1
    );
    let started = std::time::Instant::now();
    let (run, report) = run(&w, &suite, &[]);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_statuses(
        &report,
        &[
            ("recovering", "fail"),
            ("recovering-allowed", "pass"),
            ("secondary", "pass"),
            ("silent", "error"),
            ("closing", "error"),
        ],
    );
    assert_eq!(
        probe(&report, "secondary")["database"]["message"],
        "secondary of replica set rs0"
    );
    assert!(
        probe(&report, "recovering")["database"]["message"]
            .as_str()
            .unwrap()
            .contains("node is recovering")
    );
    assert_eq!(probe(&report, "silent")["error"]["type"], "timeout");
    drop(silent);
}

#[test]
fn mongo_settings_a_probe_cannot_honour_are_refused_where_they_are_written() {
    let w = World::new();
    for (body, says) in [
        (
            "mongo: \"mongodb+srv://cluster0.example.net/app\"",
            "DNS SRV",
        ),
        (
            "mongo: {address: \"db:27017\", tls: prefer}",
            "no TLS to prefer",
        ),
        (
            "mongo: {address: \"db:27017\", query: '{\"ping\": 1'}",
            "not a JSON document",
        ),
        (
            "mongo: {address: \"db:27017\", query: '[1]'}",
            "names a command first",
        ),
        (
            "mongo: {address: \"db:27017\", password: x}",
            "with a `user`",
        ),
    ] {
        let path = w.write(
            "bad.yaml",
            &format!("suite: s\nprobes:\n  - name: m\n    {body}\n"),
        );
        let run = Run::from(probekit().arg("validate").arg(&path).output().unwrap());
        assert_ne!(run.code, 0, "{body}");
        assert!(run.stderr.contains(says), "{body}: {}", run.stderr);
        assert!(run.stderr.contains("bad.yaml:4:"), "{body}: {}", run.stderr);
    }
}

/// An imported pymongo wait script and its suite give the same verdict against the stand-in:
/// up with the right login, up with a wrong one, and nothing listening.
#[test]
fn imported_pymongo_checks_agree_with_the_driver() {
    let w = World::new();
    let server = standin("auth");
    let (script, suite) = import_fixture(&w, "pymongo-ping-retry.py");
    let text = std::fs::read_to_string(&suite).unwrap();
    assert!(text.contains("mongo: {"), "{text}");
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    let cases = [
        (server.1, "s3cret-pw", true),
        (server.1, "not-the-password", false),
        (closed_port, "s3cret-pw", false),
    ];
    std::thread::scope(|scope| {
        for (port, password, passes) in cases {
            let (script, suite) = (&script, &suite);
            scope.spawn(move || {
                let env = [
                    ("DOCSTORE_HOST", "127.0.0.1".to_string()),
                    ("DOCSTORE_PORT", port.to_string()),
                    ("DOCSTORE_USER", "probe".to_string()),
                    ("DOCSTORE_PASSWORD", password.to_string()),
                ];
                let (original, ours) = script_and_suite(script, suite, &env, "60");
                assert_eq!(
                    original.status.success(),
                    passes,
                    "the script with {env:?}: {}",
                    String::from_utf8_lossy(&original.stdout)
                );
                assert_eq!(
                    ours.status.success(),
                    passes,
                    "the suite with {env:?}: {}",
                    String::from_utf8_lossy(&ours.stdout)
                );
            });
        }
    });
}
