//! Database probes against real servers from Debian's packages (redis-server, PostgreSQL,
//! MariaDB) started on loopback, and against stubs that misbehave on purpose: a server that
//! never answers, one that is still starting, one that closes mid-handshake, one that sends
//! an oversized reply.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

/// A server that answers every connection with `reply` (after reading what the client sends
/// first) and then holds it open; `None` never answers.
fn stub(reply: Option<&'static [u8]>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            std::thread::spawn(move || {
                let _ = conn.set_read_timeout(Some(std::time::Duration::from_millis(200)));
                let mut buf = [0u8; 1024];
                let _ = conn.read(&mut buf);
                if let Some(reply) = reply {
                    let _ = conn.write_all(reply);
                }
                std::thread::sleep(std::time::Duration::from_secs(10));
            });
        }
    });
    port
}

/// A stub that closes every connection once it has read the client's first bytes.
fn closing_stub() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let mut buf = [0u8; 1024];
            let _ = conn.read(&mut buf);
        }
    });
    port
}

pub(super) fn run_env(w: &World, suite: &str, env: &[(&str, &str)]) -> (Run, Value) {
    let path = w.write("suite.yaml", suite);
    let mut cmd = probekit();
    cmd.arg("run")
        .arg(&path)
        .args(["--format", "json", "--no-progress"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let run = Run::from(cmd.output().unwrap());
    let report = run.json();
    (run, report)
}

#[test]
fn redis_ping_login_and_query() {
    let w = World::new();
    let (_plain, open) = redis(&w, None);
    let (_locked, locked) = redis(&w, Some("s3cret pass"));
    let silent = stub(None);
    let loading = stub(Some(b"-LOADING Redis is loading the dataset in memory\r\n"));
    let huge = stub(Some(b"$99999999999\r\n"));
    let http = stub(Some(b"HTTP/1.1 400 Bad Request\r\n\r\n"));
    let down = closed_port();
    let suite = format!(
        r#"
probes:
  - name: ping
    redis: "127.0.0.1:{open}"
  - name: replication
    redis: {{address: "127.0.0.1:{open}", query: "INFO replication"}}
    expect: {{result: {{contains: "role:master"}}}}
  - name: counter
    redis: {{address: "127.0.0.1:{open}", database: 3, query: "INCRBY probes 5"}}
    expect: {{result: {{number: ">= 5"}}}}
  - name: login
    redis: {{address: "127.0.0.1:{locked}", password: "${{REDIS_PASSWORD}}", query: "CONFIG GET requirepass"}}
  - name: no-password
    redis: "127.0.0.1:{locked}"
  - name: no-password-pong
    redis: "127.0.0.1:{locked}"
    expect: {{result: {{equals: PONG}}}}
  - name: wrong-password
    redis: {{address: "127.0.0.1:{locked}", password: "${{WRONG}}"}}
  - name: loading
    redis: "127.0.0.1:{loading}"
  - name: loading-is-up
    redis: "127.0.0.1:{loading}"
    expect: {{state: [accepting, rejecting]}}
  - name: silent
    redis: {{address: "127.0.0.1:{silent}", timeout: 500ms}}
  - name: huge
    redis: "127.0.0.1:{huge}"
  - name: http
    redis: "127.0.0.1:{http}"
  - name: down
    redis: "127.0.0.1:{down}"
  - name: url
    redis: {{address: "${{REDIS_URL}}", query: "CONFIG GET requirepass"}}
  - name: url-wrong-scheme
    redis: "${{PG_URL}}"
"#
    );
    let started = std::time::Instant::now();
    let redis_url = format!("redis://:s3cret%20pass@127.0.0.1:{locked}/3");
    let (run, report) = run_env(
        &w,
        &suite,
        &[
            ("REDIS_PASSWORD", "s3cret pass"),
            ("WRONG", "nope"),
            ("REDIS_URL", &redis_url),
            ("PG_URL", "postgres://u:pg-url-pw@127.0.0.1/db"),
        ],
    );
    assert_eq!(run.code, 1, "{report:#}");
    assert_statuses(
        &report,
        &[
            ("ping", "pass"),
            ("replication", "pass"),
            ("counter", "pass"),
            ("login", "pass"),
            ("no-password", "pass"),
            ("no-password-pong", "fail"),
            ("wrong-password", "error"),
            ("loading", "fail"),
            ("loading-is-up", "pass"),
            ("silent", "error"),
            ("huge", "error"),
            ("http", "error"),
            ("down", "error"),
            ("url", "pass"),
            ("url-wrong-scheme", "error"),
        ],
    );
    // A `redis://` URL gives the password (escaped in it) and the database.
    let url = &probe(&report, "url")["database"];
    assert_eq!(url["authenticated"], true, "{url:#}");
    assert_eq!(url["result"], "requirepass\n***", "{url:#}");
    assert!(
        reason(&report, "url-wrong-scheme").contains("`postgres://` URL; expected `redis://`"),
        "{}",
        reason(&report, "url-wrong-scheme")
    );
    assert!(!run.stdout.contains("pg-url-pw") && !run.stdout.contains("s3cret%20pass"));
    let ping = &probe(&report, "ping")["database"];
    assert_eq!(ping["db.system"], "redis");
    assert_eq!(ping["state"], "accepting");
    // The password never appears, not even in a result that holds it.
    let login = &probe(&report, "login")["database"];
    assert_eq!(login["authenticated"], true);
    assert_eq!(login["result"], "requirepass\n***", "{login:#}");
    assert!(!run.stdout.contains("s3cret"));
    // Asked without a password, a server that wants one is up (pg_isready and redis-cli ping
    // agree); its reply is not PONG.
    assert_eq!(
        probe(&report, "no-password")["database"]["state"],
        "accepting"
    );
    assert!(reason(&report, "no-password-pong").contains("got \"NOAUTH Authentication required."));
    assert_eq!(probe(&report, "ping")["database"]["result"], "PONG");
    assert_eq!(probe(&report, "wrong-password")["error"]["type"], "auth");
    assert!(
        reason(&report, "loading").contains("rejecting (LOADING Redis is loading"),
        "{}",
        reason(&report, "loading")
    );
    assert_eq!(probe(&report, "silent")["error"]["type"], "timeout");
    assert!(reason(&report, "huge").contains("99999999999 bytes"));
    assert!(reason(&report, "http").contains("is this a redis server?"));
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
}

/// A redis-server on 127.0.0.1 (asking for `password`, if any), and its port.
pub fn redis(w: &World, password: Option<&str>) -> (Daemon, u16) {
    let port = closed_port();
    let daemon = Daemon::start(
        "redis-server",
        &redis_args(port, password, w.dir.path()),
        port,
        w.dir.path(),
    );
    (daemon, port)
}

fn redis_args(port: u16, password: Option<&str>, dir: &Path) -> Vec<String> {
    let mut args = vec![
        "--port".to_string(),
        port.to_string(),
        "--bind".into(),
        "127.0.0.1".into(),
        "--save".into(),
        String::new(),
        "--appendonly".into(),
        "no".into(),
        "--dir".into(),
        dir.display().to_string(),
    ];
    if let Some(p) = password {
        args.extend(["--requirepass".into(), p.into()]);
    }
    args
}

/// The directory of PostgreSQL's server programs (`initdb`, `postgres`).
fn postgres_bin() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (scripts/install-deps.sh --test)")
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("postgres").exists())
        .collect();
    found.sort();
    found
        .pop()
        .expect("a PostgreSQL server under /usr/lib/postgresql")
}

/// Runs `program` as the `postgres` user when we are root (PostgreSQL refuses to run as root).
fn as_postgres(program: &Path) -> Command {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

/// A PostgreSQL server on 127.0.0.1 with SCRAM logins over TCP, an MD5 user, and TLS with the
/// given certificate; stopped when dropped.
pub struct Postgres {
    _daemon: Daemon,
    pub port: u16,
}

impl Postgres {
    pub fn start(dir: &Path, cert_pem: &str, key_pem: &str) -> Postgres {
        let root = dir.join("pg");
        std::fs::create_dir_all(&root).unwrap();
        // The postgres user must reach the data directory through the test's temp directory.
        for d in [dir, root.as_path()] {
            std::fs::set_permissions(d, std::os::unix::fs::PermissionsExt::from_mode(0o777))
                .unwrap();
        }
        std::fs::write(root.join("pw"), "postgres-pw\n").unwrap();
        let bin = postgres_bin();
        let data = root.join("data");
        let init = as_postgres(&bin.join("initdb"))
            .args(["-D"])
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "--auth-host=scram-sha-256",
                "--auth-local=trust",
            ])
            .arg(format!("--pwfile={}", root.join("pw").display()))
            .output()
            .unwrap();
        assert!(
            init.status.success(),
            "{}",
            String::from_utf8_lossy(&init.stderr)
        );
        std::fs::write(data.join("server.crt"), cert_pem).unwrap();
        std::fs::write(data.join("server.key"), key_pem).unwrap();
        let chown = Command::new("chown")
            .arg("-R")
            .arg("--reference")
            .arg(&data)
            .arg(&data)
            .status()
            .unwrap();
        assert!(chown.success());
        std::fs::set_permissions(
            data.join("server.key"),
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )
        .unwrap();
        // An MD5 user, first in pg_hba.conf so that its lines win.
        let hba = data.join("pg_hba.conf");
        let rest = std::fs::read_to_string(&hba).unwrap();
        std::fs::write(&hba, format!("host all md5user 127.0.0.1/32 md5\n{rest}")).unwrap();
        let port = closed_port();
        let mut args: Vec<String> = vec!["-D".into(), data.display().to_string()];
        for setting in [
            format!("port={port}"),
            "listen_addresses=127.0.0.1".into(),
            format!("unix_socket_directories={}", root.display()),
            "ssl=on".into(),
            "password_encryption=md5".into(),
        ] {
            args.extend(["-c".into(), setting]);
        }
        let daemon = if unsafe { libc::geteuid() } == 0 {
            let mut all = vec!["-u".into(), "postgres".into(), "--".into()];
            all.push(bin.join("postgres").display().to_string());
            all.extend(args);
            Daemon::start("runuser", &all, port, dir)
        } else {
            Daemon::start(
                &bin.join("postgres").display().to_string(),
                &args,
                port,
                dir,
            )
        };
        // The TCP port the daemon waited for opens before the Unix socket psql uses: on a
        // loaded machine the socket may come a moment later, so psql is tried for a while.
        let create = || {
            Command::new("psql")
                .args([
                    "-h",
                    &root.display().to_string(),
                    "-p",
                    &port.to_string(),
                    "-U",
                    "postgres",
                ])
                .args(["-c", "CREATE ROLE md5user LOGIN PASSWORD 'md5-pw'"])
                .output()
                .unwrap()
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        let mut psql = create();
        while !psql.status.success()
            && String::from_utf8_lossy(&psql.stderr).contains("No such file or directory")
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(100));
            psql = create();
        }
        assert!(
            psql.status.success(),
            "{}",
            String::from_utf8_lossy(&psql.stderr)
        );
        Postgres {
            _daemon: daemon,
            port,
        }
    }
}

#[test]
fn postgres_ping_login_query_and_tls() {
    let w = World::new();
    let (cert, key) = localhost_cert();
    let pg = Postgres::start(w.dir.path(), &cert, &key);
    let ca = w.write("ca.pem", &cert);
    let port = pg.port;
    let starting = stub(Some(
        b"E\x00\x00\x00\x37SFATAL\x00C57P03\x00Mthe database system is starting up\x00\x00",
    ));
    let closing = closing_stub();
    let silent = stub(None);
    // No TLS here (`N`), then the startup's answer: `tls: prefer` goes on in plain.
    let no_tls_starting = stub(Some(
        b"NE\x00\x00\x00\x37SFATAL\x00C57P03\x00Mthe database system is starting up\x00\x00",
    ));
    let suite = format!(
        r#"
probes:
  - name: ready
    postgres: "127.0.0.1:{port}"
  - name: prefer
    postgres:
      address: "127.0.0.1:{port}"
      user: postgres
      password: "${{PG_PASSWORD}}"
      tls: prefer
      query: "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
    expect: {{result: {{equals: "t"}}}}
  - name: prefer-without-tls
    postgres: {{address: "127.0.0.1:{no_tls_starting}", tls: prefer}}
  - name: require-without-tls
    postgres: {{address: "127.0.0.1:{no_tls_starting}", tls: true}}
  - name: scram
    postgres:
      address: "127.0.0.1:{port}"
      user: postgres
      password: "${{PG_PASSWORD}}"
      database: postgres
      query: "SELECT 1, 'a', NULL UNION ALL SELECT 2, 'b', 'c'"
    expect: {{result: {{equals: "1|a|\n2|b|c"}}}}
  - name: md5
    postgres: {{address: "127.0.0.1:{port}", user: md5user, password: "${{MD5_PASSWORD}}", database: postgres, query: "SELECT current_user"}}
    expect: {{result: {{trimmed: md5user}}}}
  - name: tls
    postgres:
      address: "127.0.0.1:{port}"
      user: postgres
      password: "${{PG_PASSWORD}}"
      tls: true
      ca_file: "{ca}"
      server_name: localhost
      query: "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
    expect: {{result: {{equals: "t"}}, cert_expiry: "> 7d"}}
  - name: wrong-password
    postgres: {{address: "127.0.0.1:{port}", user: postgres, password: "${{MD5_PASSWORD}}"}}
  - name: bad-query
    postgres: {{address: "127.0.0.1:{port}", user: postgres, password: "${{PG_PASSWORD}}", query: "SELECT * FROM nowhere"}}
  - name: starting
    postgres: "127.0.0.1:{starting}"
  - name: closing
    postgres: "127.0.0.1:{closing}"
  - name: silent
    postgres: {{address: "127.0.0.1:{silent}", timeout: 500ms}}
  - name: url
    postgres: {{address: "${{DATABASE_URL}}", query: "SELECT current_user || '@' || current_database()"}}
    expect: {{result: {{equals: "md5user@postgres"}}}}
  - name: url-wrong-password
    postgres: "${{BAD_URL}}"
  - name: url-keywords
    postgres: "${{KEYWORD_DSN}}"
  - name: url-parameters
    postgres: "${{PARAM_URL}}"
  - name: url-asks-tls
    postgres: "postgres://md5user:${{MD5_PASSWORD}}@127.0.0.1:{port}/postgres?sslmode=require"
  - name: url-literal-password
    postgres: "postgres://postgres:lit-pw-in-suite@127.0.0.1:{port}/postgres"
"#,
        ca = ca.display()
    );
    let database_url = format!("postgresql://md5user:md5-pw@127.0.0.1:{port}/postgres");
    let bad_url = format!("postgres://postgres:url-wrong-pw@127.0.0.1:{port}");
    let keywords = format!("host=127.0.0.1 port={port} password=kw-secret-pw");
    let with_parameters =
        format!("postgresql://md5user:md5-pw@127.0.0.1:{port}/postgres?application_name=probekit");
    let (run, report) = run_env(
        &w,
        &suite,
        &[
            ("PG_PASSWORD", "postgres-pw"),
            ("MD5_PASSWORD", "md5-pw"),
            ("DATABASE_URL", &database_url),
            ("BAD_URL", &bad_url),
            ("KEYWORD_DSN", &keywords),
            ("PARAM_URL", &with_parameters),
        ],
    );
    assert_eq!(run.code, 1, "{report:#}");
    assert_statuses(
        &report,
        &[
            ("ready", "pass"),
            ("prefer", "pass"),
            ("prefer-without-tls", "fail"),
            ("require-without-tls", "error"),
            ("scram", "pass"),
            ("md5", "pass"),
            ("tls", "pass"),
            ("wrong-password", "error"),
            ("bad-query", "error"),
            ("starting", "fail"),
            ("closing", "error"),
            ("silent", "error"),
            ("url", "pass"),
            ("url-wrong-password", "error"),
            ("url-keywords", "error"),
            ("url-parameters", "pass"),
            ("url-asks-tls", "error"),
            ("url-literal-password", "error"),
        ],
    );
    assert!(reason(&report, "url-asks-tls").contains("asks for TLS; add `tls: true`"));
    // A URL's user logs in, as the driver given it does; its password stays a secret.
    assert_eq!(
        probe(&report, "url-wrong-password")["error"]["type"],
        "auth"
    );
    assert!(reason(&report, "url-keywords").contains("keyword connection string"));
    for secret in ["url-wrong-pw", "kw-secret-pw", "md5-pw", "lit-pw-in-suite"] {
        assert!(!run.stdout.contains(secret), "{secret} in {}", run.stdout);
    }
    let scram = &probe(&report, "scram")["database"];
    assert_eq!(scram["authenticated"], true);
    assert!(
        scram["server_version"]
            .as_str()
            .unwrap()
            .starts_with(char::is_numeric)
    );
    assert!(probe(&report, "tls")["database"]["tls"]["version"].is_string());
    assert_eq!(probe(&report, "wrong-password")["error"]["type"], "auth");
    assert!(reason(&report, "bad-query").contains("\"nowhere\" does not exist (42P01)"));
    assert!(reason(&report, "starting").contains("rejecting (the database system is starting up)"));
    assert!(reason(&report, "closing").contains("closed the connection without answering"));
    assert!(!run.stdout.contains("postgres-pw") && !run.stdout.contains("md5-pw"));

    // The one-liner agrees with pg_isready, and reads PGPASSWORD as psql does.
    let check = probekit()
        .args([
            "check",
            "postgres",
            &format!("127.0.0.1:{port}"),
            "-U",
            "postgres",
        ])
        .args(["--query", "SELECT 40 + 2", "--expect-result", "42"])
        .env("PGPASSWORD", "postgres-pw")
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

/// A self-signed certificate for `localhost`: its PEM and its key's.
pub fn localhost_cert() -> (String, String) {
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    (cert.pem(), key.serialize_pem())
}

/// A MariaDB server on 127.0.0.1 with a user `app` and TLS with `cert`; stopped when dropped.
fn mariadb(dir: &Path, (cert, key): &(String, String)) -> (Daemon, u16) {
    let data = dir.join("mysql");
    // A temporary directory of its own: two servers bootstrapping at once in /tmp have been
    // seen to delete each other's temporary tables.
    let tmp = dir.join("mysql-tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let install = Command::new("mariadb-install-db")
        .args([
            "--no-defaults",
            "--skip-test-db",
            "--auth-root-authentication-method=normal",
        ])
        .arg(format!("--datadir={}", data.display()))
        .arg(format!("--tmpdir={}", tmp.display()))
        .arg(format!("--user={}", whoami()))
        .output()
        .expect("mariadb-install-db (scripts/install-deps.sh --test)");
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );
    let port = closed_port();
    let socket = dir.join("mysql.sock");
    std::fs::write(dir.join("mysql-cert.pem"), cert).unwrap();
    std::fs::write(dir.join("mysql-key.pem"), key).unwrap();
    let daemon = Daemon::start(
        "/usr/sbin/mariadbd",
        &[
            "--no-defaults".into(),
            format!("--datadir={}", data.display()),
            format!("--tmpdir={}", tmp.display()),
            format!("--port={port}"),
            "--bind-address=127.0.0.1".into(),
            format!("--socket={}", socket.display()),
            format!("--pid-file={}", dir.join("mysql.pid").display()),
            format!("--user={}", whoami()),
            format!("--ssl-cert={}", dir.join("mysql-cert.pem").display()),
            format!("--ssl-key={}", dir.join("mysql-key.pem").display()),
        ],
        port,
        dir,
    );
    let setup = Command::new("mariadb")
        .arg(format!("--socket={}", socket.display()))
        .args(["-uroot", "-e"])
        .arg("CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'; GRANT ALL ON *.* TO 'app'@'%';")
        .output()
        .unwrap();
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    (daemon, port)
}

fn whoami() -> String {
    String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn mysql_ping_login_and_query() {
    let w = World::new();
    let cert = localhost_cert();
    let (_daemon, port) = mariadb(w.dir.path(), &cert);
    let ca = w.write("ca.pem", &cert.0);
    // A greeting that is an error: what a server with too many connections sends.
    let full = stub(Some(b"\x17\x00\x00\x00\xff\x10\x04Too many connections"));
    let closing = closing_stub();
    let suite = format!(
        r#"
probes:
  - name: alive
    mysql: "127.0.0.1:{port}"
  - name: login
    mysql:
      address: "127.0.0.1:{port}"
      user: app
      password: "${{MYSQL_PASSWORD}}"
      database: mysql
      query: "SELECT 1, 'x', NULL UNION ALL SELECT 2, 'y', 'z'"
    expect: {{result: {{equals: "1\tx\tNULL\n2\ty\tz"}}}}
  - name: tls
    mysql:
      address: "127.0.0.1:{port}"
      user: app
      password: "${{MYSQL_PASSWORD}}"
      tls: true
      ca_file: "{ca}"
      server_name: localhost
      query: "SHOW STATUS LIKE 'Ssl_version'"
    expect: {{result: {{matches: "^Ssl_version\tTLSv1\\.[23]$"}}}}
  - name: prefer
    mysql: {{address: "127.0.0.1:{port}", user: app, password: "${{MYSQL_PASSWORD}}", tls: prefer, query: "SHOW STATUS LIKE 'Ssl_version'"}}
    expect: {{result: {{matches: "^Ssl_version\tTLSv1\\.[23]$"}}}}
  - name: escaped
    mysql: {{address: "127.0.0.1:{port}", user: app, password: "${{MYSQL_PASSWORD}}", query: "SELECT CONCAT('a', CHAR(9), 'b', CHAR(10), 'c')"}}
    expect: {{result: {{equals: 'a\tb\nc'}}}}
  - name: wrong-password
    mysql: {{address: "127.0.0.1:{port}", user: app, password: "${{WRONG}}"}}
  - name: bad-query
    mysql: {{address: "127.0.0.1:{port}", user: app, password: "${{MYSQL_PASSWORD}}", query: "SELECT * FROM mysql.nowhere"}}
  - name: full
    mysql: "127.0.0.1:{full}"
  - name: closing
    mysql: "127.0.0.1:{closing}"
"#,
        ca = ca.display()
    );
    let (run, report) = run_env(&w, &suite, &[("MYSQL_PASSWORD", "app-pw"), ("WRONG", "x")]);
    assert_eq!(run.code, 1, "{report:#}");
    assert_statuses(
        &report,
        &[
            ("alive", "pass"),
            ("login", "pass"),
            ("tls", "pass"),
            ("prefer", "pass"),
            ("escaped", "pass"),
            ("wrong-password", "error"),
            ("bad-query", "error"),
            ("full", "fail"),
            ("closing", "error"),
        ],
    );
    assert!(
        probe(&report, "alive")["database"]["server_version"]
            .as_str()
            .unwrap()
            .contains("MariaDB")
    );
    assert_eq!(probe(&report, "wrong-password")["error"]["type"], "auth");
    assert!(reason(&report, "bad-query").contains("(1146)"));
    assert!(reason(&report, "full").contains("rejecting (Too many connections (1040))"));
    assert!(!run.stdout.contains("app-pw"));
}

/// A compiled probe needs no client tool: built static, it runs from an empty root (chroot,
/// when root) with an empty environment but for the passwords, against all three servers.
#[test]
fn a_static_probe_speaks_to_every_database_from_an_empty_root() {
    let w = World::new();
    let (_redis, redis_port) = redis(&w, Some("r-pw"));
    let cert = localhost_cert();
    let pg = Postgres::start(w.dir.path(), &cert.0, &cert.1);
    let (_mysql, mysql_port) = mariadb(w.dir.path(), &cert);
    let mongo = super::mongo::standin("auth");
    let suite = w.write(
        "dbs.yaml",
        &format!(
            r#"
suite: dbs
probes:
  - name: cache
    redis: {{address: "127.0.0.1:{redis_port}", password: "${{REDIS_PASSWORD}}", query: "INFO server"}}
    expect: {{result: {{contains: "redis_version:"}}}}
  - name: pg
    postgres: {{address: "127.0.0.1:{pg}", user: postgres, password: "${{PGPASSWORD}}", query: "SELECT 6 * 7"}}
    expect: {{result: {{equals: "42"}}}}
  - name: pg-ready
    postgres: "127.0.0.1:{pg}"
  - name: mysql
    mysql: {{address: "127.0.0.1:{mysql_port}", user: app, password: "${{MYSQL_PWD}}", query: "SELECT 6 * 7"}}
    expect: {{result: {{equals: "42"}}}}
  - name: mongo
    mongo: {{address: "127.0.0.1:{mongo}", user: probe, password: "${{MONGO_PASSWORD}}", query: '{{"dbStats": 1}}'}}
    expect: {{result: {{json: {{"$.objects": 42}}}}}}
"#,
            pg = pg.port,
            mongo = mongo.1
        ),
    );
    let program = w.dir.path().join("dbs-probe");
    let built = super::build::build_static(&suite, &program);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(
        built.stderr.contains("mysql")
            && built.stderr.contains("postgres")
            && built.stderr.contains("mongo"),
        "{}",
        built.stderr
    );
    let root = w.dir.path().join("root");
    std::fs::create_dir(&root).unwrap();
    std::fs::copy(&program, root.join("probe")).unwrap();
    // SAFETY: geteuid has no preconditions.
    let mut cmd = if unsafe { libc::geteuid() } == 0 {
        let mut c = Command::new("/usr/sbin/chroot");
        c.arg(&root).arg("/probe");
        c
    } else {
        let mut c = Command::new(root.join("probe"));
        c.current_dir(&root);
        c
    };
    let out = cmd
        .args(["--format", "json"])
        .env_clear()
        .env("REDIS_PASSWORD", "r-pw")
        .env("PGPASSWORD", "postgres-pw")
        .env("MYSQL_PWD", "app-pw")
        .env("MONGO_PASSWORD", "s3cret-pw")
        .output()
        .unwrap();
    let run = Run::from(out);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["summary"]["pass"], 5);
}

/// The environment a script and its suite are run with.
type Env = Vec<(&'static str, String)>;

/// An imported script (under `timeout LIMIT`, by the interpreter its name says) and its suite,
/// each run with `env`: their outputs.
pub(super) fn script_and_suite(
    script: &Path,
    suite: &Path,
    env: &[(&str, String)],
    limit: &str,
) -> (std::process::Output, std::process::Output) {
    let interpreter = if script.extension().is_some_and(|e| e == "py") {
        "python3"
    } else {
        "bash"
    };
    let original = Command::new("timeout")
        .args([limit, interpreter])
        .arg(script)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    let ours = probekit()
        .arg("run")
        .arg(suite)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    (original, ours)
}

/// `probekit import` makes `pg_isready`, `mysqladmin ping` and `redis-cli ping` database
/// probes: each imported suite gives its script's verdict (run with the real tools) against a
/// server that is up, one that answers but rejects, one that wants a password, and none.
#[test]
fn imported_database_checks_agree_with_the_tools() {
    let w = World::new();
    let (_redis, redis_port) = redis(&w, None);
    let (_locked, locked) = redis(&w, Some("pw"));
    let cert = localhost_cert();
    let pg = Postgres::start(w.dir.path(), &cert.0, &cert.1);
    let (_mysql, mysql_port) = mariadb(w.dir.path(), &cert);
    let down = closed_port();
    let loading = stub(Some(b"-LOADING Redis is loading the dataset in memory\r\n"));
    let starting = stub(Some(
        b"E\x00\x00\x00\x37SFATAL\x00C57P03\x00Mthe database system is starting up\x00\x00",
    ));
    let full = stub(Some(b"\x17\x00\x00\x00\xff\x10\x04Too many connections"));
    // Each fixture against each target: the port, and the credentials it is given.
    let login = |port: u16, user: &str, password: &str| -> Env {
        vec![
            ("DB_PORT", port.to_string()),
            ("DB_USER", user.to_string()),
            ("DB_PASSWORD", password.to_string()),
        ]
    };
    let plain = |port: u16| -> Env { vec![("DB_PORT", port.to_string())] };
    let cases: Vec<(&str, Vec<Env>)> = vec![
        (
            "env-prefix.sh",
            vec![plain(pg.port), plain(starting), plain(down)],
        ),
        (
            "mysql-ping.sh",
            vec![plain(mysql_port), plain(full), plain(down)],
        ),
        (
            "redis-status.sh",
            vec![
                plain(redis_port),
                plain(loading),
                plain(locked),
                plain(down),
            ],
        ),
        (
            "redis-pong.sh",
            vec![
                plain(redis_port),
                plain(loading),
                plain(locked),
                plain(down),
            ],
        ),
        (
            "mysql-guarded.sh",
            vec![
                plain(mysql_port),
                plain(full),
                plain(down),
                vec![
                    ("DB_PORT", down.to_string()),
                    ("MYSQL_INITIALISING", "1".to_string()),
                ],
            ],
        ),
        (
            "redis-expr.sh",
            vec![
                plain(redis_port),
                plain(loading),
                plain(locked),
                plain(down),
            ],
        ),
        (
            "wait-redis-client.py",
            vec![
                plain(redis_port),
                plain(loading),
                plain(locked),
                vec![
                    ("DB_PORT", locked.to_string()),
                    ("REDIS_PASSWORD", "pw".to_string()),
                ],
                plain(down),
            ],
        ),
        (
            "wait-postgres-driver.py",
            vec![
                login(pg.port, "md5user", "md5-pw"),
                login(pg.port, "postgres", "postgres-pw"),
                login(pg.port, "postgres", "wrong"),
                login(starting, "postgres", "postgres-pw"),
                login(down, "postgres", "postgres-pw"),
            ],
        ),
        (
            "mysql-driver.py",
            vec![
                login(mysql_port, "app", "app-pw"),
                login(mysql_port, "app", "wrong"),
                login(full, "app", "app-pw"),
                login(down, "app", "app-pw"),
            ],
        ),
    ];
    let mut jobs = Vec::new();
    for (fixture, targets) in cases {
        let (script, suite) = super::import_fixture(&w, fixture);
        let text = std::fs::read_to_string(&suite).unwrap();
        assert!(
            text.contains(", 0 kept as commands."),
            "{fixture} kept a command:\n{text}"
        );
        for mut env in targets {
            env.push(("DB_HOST", "127.0.0.1".to_string()));
            jobs.push((fixture, script.clone(), suite.clone(), env));
        }
    }
    // The wait scripts take seconds against a server that is down or loading: all at once.
    let compared: Vec<bool> = std::thread::scope(|scope| {
        let runs: Vec<_> = jobs
            .iter()
            .map(|(fixture, script, suite, env)| {
                scope.spawn(move || {
                    let (original, ours) = script_and_suite(script, suite, env, "20");
                    let (theirs, mine) = (original.status.success(), ours.status.success());
                    assert_eq!(
                        theirs,
                        mine,
                        "{fixture} with {env:?}: the script {}, the suite {}:\n{}{}",
                        if theirs { "passes" } else { "fails" },
                        if mine { "passes" } else { "fails" },
                        String::from_utf8_lossy(&ours.stdout),
                        String::from_utf8_lossy(&original.stderr)
                    );
                    theirs
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    // Both verdicts occur: the comparison can fail either way.
    assert!(compared.contains(&true) && compared.contains(&false));
}
