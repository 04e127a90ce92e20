//! `pg_isready`, `mysqladmin ping` and `redis-cli ping` as database probes, which speak the
//! server's protocol themselves: the suite then needs no client in its image.
//!
//! Only what the tool's own answer means is mapped. A tool that would go through a Unix socket
//! (`pg_isready` without `-h`, `mysqladmin` to `localhost`, `redis-cli -s`) or that is given a
//! flag not read here stays a command probe, which runs the tool itself.

use super::{Check, Draft, Shell, Text, Yaml, seconds};
use tree_sitter::Node;

/// What `pg_isready`, `mysqladmin` and `redis-cli` read from their environment besides flags.
pub(super) const TOOL_ENV: &[&str] = &[
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGCONNECT_TIMEOUT",
    "PGSERVICE",
    "PGSSLMODE",
    "MYSQL_HOST",
    "MYSQL_TCP_PORT",
    "MYSQL_UNIX_PORT",
    "REDISCLI_AUTH",
];

/// A tool's flags: those that take a value, as `-h db`, `-hdb`, `--host db` or `--host=db`.
pub(super) struct Flags {
    pub(super) values: Vec<(String, Text)>,
    pub(super) switches: Vec<String>,
    pub(super) words: Vec<Text>,
}

/// Splits `argv` (without the program) by the flags a tool takes; `None` for any other flag.
pub(super) fn parse(argv: &[Text], with_value: &[&str], switches: &[&str]) -> Option<Flags> {
    let mut out = Flags {
        values: Vec::new(),
        switches: Vec::new(),
        words: Vec::new(),
    };
    let mut i = 0;
    while i < argv.len() {
        let arg = &argv[i];
        i += 1;
        let Some(lit) = first_literal(arg).filter(|l| l.starts_with('-') && l.len() > 1) else {
            out.words.push(arg.clone());
            continue;
        };
        // `-h"$HOST"`: the value follows the flag in the same word.
        let joined = arg.0.len() > 1;
        if switches.contains(&lit.as_str()) && arg.as_literal().is_some() {
            out.switches.push(lit);
            continue;
        }
        let (flag, inline) = match lit.split_once('=') {
            Some((f, _)) if f.starts_with("--") => (f.to_string(), Some(after(arg, f.len() + 1))),
            _ if !lit.starts_with("--") && (lit.len() > 2 || joined) => {
                (lit[..2].to_string(), Some(after(arg, 2)))
            }
            _ => (lit.clone(), None),
        };
        if !with_value.contains(&flag.as_str()) {
            return None;
        }
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                argv.get(i - 1)?.clone()
            }
        };
        out.values.push((flag, value));
    }
    Some(out)
}

/// The literal text an argument starts with.
fn first_literal(t: &Text) -> Option<String> {
    match t.0.first()? {
        super::Piece::Lit(s) => Some(s.clone()),
        _ => None,
    }
}

/// `t` without its first `n` bytes (all in its first, literal piece).
fn after(t: &Text, n: usize) -> Text {
    let mut rest = t.clone();
    if let Some(super::Piece::Lit(s)) = rest.0.first_mut() {
        *s = s[n.min(s.len())..].to_string();
    }
    rest
}

impl Flags {
    pub(super) fn get(&self, names: &[&str]) -> Option<Text> {
        self.values
            .iter()
            .rev()
            .find(|(f, _)| names.contains(&f.as_str()))
            .map(|(_, v)| v.clone())
    }
}

/// `host:port` (`[v6]:port`), a port from its environment variable when the tool reads one.
fn address(host: Text, port: Option<Text>, port_var: &str, default: u16) -> Text {
    let port = port.unwrap_or_else(|| {
        Text(vec![super::Piece::Var(
            port_var.to_string(),
            Some(default.to_string()),
        )])
    });
    Text::address(host, port)
}

fn socket_path(host: &Text) -> bool {
    first_literal(host).is_some_and(|h| h.starts_with('/'))
}

/// What redis-cli's exit status says: the server answered, whatever its reply (a loading
/// server, one that wants a password). Replaces the probe's reply and state rules.
pub(super) fn any_answer(d: &mut Draft) {
    d.expect.retain(|(k, _)| k != "state" && k != "result");
    d.expect.push((
        "state".into(),
        Yaml::List(vec![Yaml::str("accepting"), Yaml::str("rejecting")]),
    ));
}

impl Shell<'_> {
    /// The database probe for `pg_isready`, `mysqladmin … ping` or `redis-cli … ping`, when
    /// its flags say which server over TCP and nothing else; `argv` includes the program.
    pub(super) fn database_tool(&mut self, at: Node, name: &str, argv: &[Text]) -> Option<Draft> {
        let args = argv.get(1..)?;
        // A script that sets what the tool reads from its environment (`PGPORT=5433`,
        // `export PGSSLMODE=require`) asks another question than the flags alone.
        if TOOL_ENV.iter().any(|v| self.src.contains(&format!("{v}="))) {
            return None;
        }
        let mut user = None;
        let (engine, address, password, database, timeout, base) = match name {
            "pg_isready" => {
                let f = parse(
                    args,
                    &[
                        "-h",
                        "--host",
                        "-p",
                        "--port",
                        "-U",
                        "--username",
                        "-d",
                        "--dbname",
                        "-t",
                        "--timeout",
                    ],
                    &["-q", "--quiet"],
                )?;
                if !f.words.is_empty() {
                    return None;
                }
                // Without -h it asks PGHOST's server, or the local socket.
                let host = f.get(&["-h", "--host"])?;
                if socket_path(&host) {
                    return None;
                }
                // A connection string in -d can name another server.
                if f.get(&["-d", "--dbname"])
                    .is_some_and(|d| d.render().contains(['=', '/']))
                {
                    return None;
                }
                let timeout = match f.get(&["-t", "--timeout"]) {
                    None => Some("3s".to_string()),
                    Some(t) => match t.as_literal()?.as_str() {
                        "0" => None,
                        n => Some(seconds(n)),
                    },
                };
                let port = f.get(&["-p", "--port"]);
                let address = address(host, port, "PGPORT", 5432);
                ("postgres", address, None, None, timeout, "postgres-ready")
            }
            "mysqladmin" => {
                let f = parse(
                    args,
                    &[
                        "-h",
                        "--host",
                        "-P",
                        "--port",
                        "-u",
                        "--user",
                        "-p",
                        "--password",
                        "--connect-timeout",
                        "--connect_timeout",
                        "--protocol",
                    ],
                    // A bare `-p` asks for the password at a prompt: it takes no word.
                    &["-s", "--silent", "--no-beep", "-b", "-p", "--password"],
                )?;
                let verbs: Vec<String> = f
                    .words
                    .iter()
                    .map(|w| w.as_literal())
                    .collect::<Option<_>>()?;
                if verbs != ["ping"] {
                    return None;
                }
                let tcp = f
                    .get(&["--protocol"])
                    .and_then(|p| p.as_literal())
                    .is_some_and(|p| p.eq_ignore_ascii_case("tcp"));
                // `localhost` (and no host) means the Unix socket to MySQL's clients.
                let host = match f.get(&["-h", "--host"]) {
                    Some(h) if h.as_literal().as_deref() == Some("localhost") && tcp => {
                        Text::lit("127.0.0.1")
                    }
                    Some(h) if h.as_literal().as_deref() == Some("localhost") => return None,
                    Some(h) => h,
                    None if tcp => Text::lit("127.0.0.1"),
                    None => return None,
                };
                let port = f.get(&["-P", "--port"]);
                let timeout = f
                    .get(&["--connect-timeout", "--connect_timeout"])
                    .and_then(|t| t.as_literal())
                    .map(|t| seconds(&t));
                let address = address(host, port, "MYSQL_TCP_PORT", 3306);
                // `ping` is answered alive even when the login is refused: no credentials.
                ("mysql", address, None, None, timeout, "mysql-ping")
            }
            "redis-cli" => {
                let f = parse(
                    args,
                    &["-h", "-p", "-a", "--pass", "--user", "-n", "-t"],
                    &["--no-auth-warning", "--raw", "--no-raw"],
                )?;
                match f.words.as_slice() {
                    [w] if w
                        .as_literal()
                        .is_some_and(|w| w.eq_ignore_ascii_case("ping")) => {}
                    _ => return None,
                }
                if f.get(&["--user"]).is_some() {
                    return None;
                }
                let host = f.get(&["-h"]).unwrap_or_else(|| Text::lit("127.0.0.1"));
                let port = f.get(&["-p"]).unwrap_or_else(|| Text::lit("6379"));
                let address = address(host, Some(port), "", 6379);
                // redis-cli logs in with REDISCLI_AUTH when no -a is given.
                let given = f.get(&["-a", "--pass"]);
                // A password written in the script goes to the environment, as curl's do.
                let given = match given.as_ref().and_then(|p| p.as_literal()) {
                    Some(secret) if !secret.is_empty() => {
                        let line = self.line(at);
                        self.register_secret(&secret, "REDIS_PASSWORD", line, "the redis password");
                        Some(Text(vec![super::Piece::Var("REDIS_PASSWORD".into(), None)]))
                    }
                    _ => given,
                };
                let password = given.unwrap_or_else(|| {
                    Text(vec![super::Piece::Var(
                        "REDISCLI_AUTH".into(),
                        Some(String::new()),
                    )])
                });
                let timeout = f
                    .get(&["-t"])
                    .and_then(|t| t.as_literal())
                    .map(|t| seconds(&t));
                let database = f.get(&["-n"]);
                (
                    "redis",
                    address,
                    Some(password),
                    database,
                    timeout,
                    "redis-ping",
                )
            }
            "mongosh" | "mongo" => {
                let f = parse(
                    args,
                    &[
                        "--host",
                        "--port",
                        "-u",
                        "--username",
                        "-p",
                        "--password",
                        "--authenticationDatabase",
                        "--eval",
                    ],
                    &["--quiet", "--norc"],
                )?;
                if !asks_only_whether_mongo_answers(&f.get(&["--eval"])?.as_literal()?) {
                    return None;
                }
                // `mongosh "mongodb://db:27017"`, `mongo db:27017/app`, `mongo app` (a
                // database on localhost), or `--host db --port 27017`.
                let (mut host, mut port, mut db) = (None, f.get(&["--port"]), None);
                match f.words.as_slice() {
                    [] => {}
                    [word] => {
                        // A variable holds a URL where its name says so; `mongosh "$DB"`
                        // may as well be a database's name on 127.0.0.1.
                        let url_var = match word.0.as_slice() {
                            [super::Piece::Var(name, _)] => {
                                let upper = name.to_ascii_uppercase();
                                if !(upper.contains("URI") || upper.contains("URL")) {
                                    return None;
                                }
                                true
                            }
                            _ => false,
                        };
                        let lit = first_literal(word).unwrap_or_default();
                        if url_var || lit.starts_with("mongodb://") {
                            // A URL, read by the probe: not one with a login written in it,
                            // nor settings the probe does not take.
                            if word.render().contains('@')
                                || f.get(&["--host"]).is_some()
                                || !word.as_literal().is_none_or(|u| plain_mongo_url(&u))
                            {
                                return None;
                            }
                            host = Some(word.clone());
                            port = None;
                        } else {
                            let lit = word.as_literal()?;
                            let (hostport, name) = match lit.split_once('/') {
                                Some((h, d)) => (Some(h.to_string()), Some(d.to_string())),
                                None if lit.contains([':', '.']) => (Some(lit), None),
                                None => (None, Some(lit)),
                            };
                            if let Some(h) = hostport {
                                if h.contains([',', '@']) {
                                    return None;
                                }
                                match h.rsplit_once(':') {
                                    Some((h, p)) => {
                                        host = Some(Text::lit(h));
                                        port = Some(Text::lit(p));
                                    }
                                    None => host = Some(Text::lit(h)),
                                }
                            }
                            db = name.filter(|d| !d.is_empty()).map(Text::lit);
                        }
                    }
                    _ => return None,
                }
                if let Some(h) = f.get(&["--host"]) {
                    // `--host rs0/db1,db2` names a replica set's members.
                    if host.is_some() || h.render().contains(['/', ',']) {
                        return None;
                    }
                    host = Some(h);
                }
                // `--host db:27017`, `--host "$H:$P"`: the port is in the host.
                let port_in_host = host.as_ref().is_some_and(|h| {
                    h.0.iter()
                        .any(|p| matches!(p, super::Piece::Lit(l) if l.contains(':')))
                });
                if port_in_host && port.is_some() {
                    return None;
                }
                let address = match host {
                    Some(h)
                        if first_literal(&h).is_some_and(|l| l.starts_with("mongodb://"))
                            || matches!(h.0.as_slice(), [super::Piece::Var(..)])
                                && port.is_none()
                            || port_in_host =>
                    {
                        h
                    }
                    Some(h) => Text::address(h, port.unwrap_or_else(|| Text::lit("27017"))),
                    None => Text::address(
                        Text::lit("127.0.0.1"),
                        port.unwrap_or_else(|| Text::lit("27017")),
                    ),
                };
                user = f.get(&["-u", "--username"]);
                let password = match f.get(&["-p", "--password"]) {
                    Some(p) => match p.as_literal() {
                        Some(secret) if !secret.is_empty() => {
                            let line = self.line(at);
                            self.register_secret(
                                &secret,
                                "MONGO_PASSWORD",
                                line,
                                "the MongoDB password",
                            );
                            Some(Text(vec![super::Piece::Var("MONGO_PASSWORD".into(), None)]))
                        }
                        _ => Some(p),
                    },
                    None => None,
                };
                if password.is_some() != user.is_some() {
                    return None;
                }
                let database = f
                    .get(&["--authenticationDatabase"])
                    .or(db)
                    .filter(|_| user.is_some());
                // mongosh waits for a server it cannot reach as long as its driver selects one.
                let timeout = (name == "mongosh").then(|| "30s".to_string());
                if name == "mongosh" {
                    self.findings.warnings.push(super::Warning {
                        line: self.line(at),
                        message: "mongosh waits up to 30 s (its server selection) for a server it cannot reach; the probe, whose timeout that is, fails at once where the connection is refused".into(),
                    });
                }
                ("mongo", address, password, database, timeout, "mongo-ping")
            }
            _ => return None,
        };
        let name = self.unique_name(base);
        let mut d = Draft::new(
            name,
            self.line(at),
            Check::Database {
                engine,
                address,
                user,
                password,
                database,
                timeout,
                tls_prefer: false,
            },
        );
        if engine == "redis" {
            // redis-cli exits 0 on an error reply too; read for itself, the reply must be
            // PONG (a script that only tests the exit status asks less: see `sema`).
            d.expect.push((
                "result".into(),
                Yaml::Flow(vec![("contains".into(), Yaml::str("PONG"))]),
            ));
        }
        Some(d)
    }
}

/// A `mongodb://` URL whose settings the probe takes as the shell does: one host, no login
/// written in it, and no parameter but `authSource`, `directConnection=true`, timeouts and the
/// application's name (`replicaSet=` would send the command to the primary, `tls=true` needs
/// the probe's own TLS).
fn plain_mongo_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("mongodb://") else {
        return false;
    };
    let (rest, params) = rest.split_once('?').unwrap_or((rest, ""));
    let hosts = rest.split('/').next().unwrap_or_default();
    !hosts.is_empty()
        && !hosts.contains([',', '@'])
        && params.split('&').filter(|p| !p.is_empty()).all(|p| {
            matches!(
                p.split_once('='),
                Some((
                    "authSource" | "connectTimeoutMS" | "serverSelectionTimeoutMS" | "appName",
                    _
                )) | Some(("directConnection", "true"))
            )
        })
}

/// A `--eval` that asks only whether the server answers, and takes the login: `ping`,
/// `isMaster` (`hello`), the server's version, whatever the script prints of the reply (`.ok`,
/// `printjson(…)`), or `quit(… .ok ? 0 : 2)`.
fn asks_only_whether_mongo_answers(js: &str) -> bool {
    let mut code: String = js.chars().filter(|c| !c.is_whitespace()).collect();
    code = code.replace('"', "'").trim_end_matches(';').to_string();
    for wrapper in ["printjson(", "print(", "JSON.stringify("] {
        if let Some(inner) = code.strip_prefix(wrapper).and_then(|c| c.strip_suffix(')')) {
            code = inner.to_string();
        }
    }
    if let Some(inner) = code.strip_prefix("quit(").and_then(|c| c.strip_suffix(')')) {
        let Some((test, codes)) = inner.split_once('?') else {
            return false;
        };
        // Exits 0 where the reply says ok, which a command that answered always does.
        if !matches!(codes, "0:1" | "0:2" | "0:3") || !test.ends_with(".ok") {
            return false;
        }
        code = test.to_string();
    }
    let code = code.strip_suffix(".ok").unwrap_or(&code);
    matches!(
        code,
        "db.adminCommand('ping')"
            | "db.adminCommand({ping:1})"
            | "db.runCommand('ping')"
            | "db.runCommand({ping:1})"
            | "db.getSiblingDB('admin').runCommand('ping')"
            | "db.getSiblingDB('admin').runCommand({ping:1})"
            | "db.isMaster()"
            | "db.hello()"
            | "db.adminCommand('isMaster')"
            | "db.adminCommand({isMaster:1})"
            | "db.version()"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(words: &[&str]) -> Vec<Text> {
        words.iter().map(|w| Text::lit(*w)).collect()
    }

    #[test]
    fn flags_take_their_values_every_way_tools_accept() {
        let f = parse(
            &texts(&["-hdb", "--port=6543", "-U", "app", "-q"]),
            &["-h", "--port", "-U"],
            &["-q"],
        )
        .unwrap();
        assert_eq!(f.get(&["-h"]).unwrap().as_literal().unwrap(), "db");
        assert_eq!(f.get(&["--port"]).unwrap().as_literal().unwrap(), "6543");
        assert_eq!(f.get(&["-U"]).unwrap().as_literal().unwrap(), "app");
        assert!(parse(&texts(&["--wait"]), &["-h"], &[]).is_none());
        let joined = Text(vec![
            super::super::Piece::Lit("-h".into()),
            super::super::Piece::Var("HOST".into(), None),
        ]);
        let f = parse(&[joined, Text::lit("--silent")], &["-h"], &["--silent"]).unwrap();
        assert_eq!(f.get(&["-h"]).unwrap().render(), "${HOST}");
        assert_eq!(f.switches, ["--silent"]);
    }
}
