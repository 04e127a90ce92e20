//! Database probes: `redis`, `postgres`, `mysql` and `mongo`. Each speaks its server's wire protocol
//! itself, so a compiled probe needs no client tool in its image.
//!
//! Without credentials a probe only asks whether the server accepts connections, with the
//! answers `pg_isready`, `mysqladmin ping` and `redis-cli ping` give: the server's first reply
//! to a connection says `accepting` or `rejecting` (starting up, loading, too many
//! connections), and no reply at all is an error. With credentials it logs in (a refused login
//! is an `auth` error) and runs the probe's `query`, whose result is printed as the server's
//! own client prints it (`psql -tA`, `mysql -sN`, `redis-cli`) for the `result` expectation.
//!
//! Each engine's module holds one conversation: `converse` writes what it learns into a
//! [`Learned`] as it goes, so a timeout keeps what was learned before it.

#[cfg(any(feature = "postgres", feature = "mysql", feature = "mongo"))]
mod auth;
#[cfg(feature = "mongo")]
mod mongo;
#[cfg(feature = "mysql")]
mod mysql;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "redis")]
mod redis;

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Instant;

use super::net::{Endpoint, Progress, TlsStream};
use super::tls::TlsInfo;
use super::{CheckError, Engine, ErrorKind, Secrets};
use crate::expect::{Facts, ServerState};
use crate::suite::{DatabaseCheck, DbEngine};

/// A connection, in the clear or over TLS (which postgres and mysql negotiate on the plain
/// connection first).
#[allow(clippy::large_enum_variant)]
pub(crate) enum Conn {
    Plain(TcpStream),
    Tls(TlsStream),
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Conn::Tls(s) => Pin::new(s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Conn::Tls(s) => Pin::new(s).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_flush(cx),
            Conn::Tls(s) => Pin::new(s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Conn::Tls(s) => Pin::new(s).poll_shutdown(cx),
        }
    }
}

/// What a database probe observed, for the JSON report.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DatabaseDetails {
    #[serde(rename = "db.system")]
    pub engine: &'static str,
    #[serde(flatten)]
    pub endpoint: Endpoint,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsInfo>,
    /// `accepting` or `rejecting`, once the server answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ServerState>,
    /// What the server said when it refused, or of itself when it answered with an error.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub server_version: String,
    /// Whether the probe logged in (it tries only with credentials).
    pub authenticated: bool,
    /// The query's result as the engine's client prints it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub result_truncated: bool,
}

/// What a conversation learned, filled in as it goes.
#[derive(Debug, Default)]
pub(crate) struct Learned {
    pub state: Option<ServerState>,
    pub message: String,
    pub server_version: String,
    pub authenticated: bool,
    pub result: Option<Vec<u8>>,
    pub result_truncated: bool,
    pub tls: Option<TlsInfo>,
}

impl Learned {
    /// Appends to the result, up to `cap` bytes.
    pub fn push_result(&mut self, bytes: &[u8], cap: usize) {
        let result = self.result.get_or_insert_with(Vec::new);
        let room = cap.saturating_sub(result.len());
        if bytes.len() > room {
            self.result_truncated = true;
        }
        result.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }
}

/// The settings of one attempt, with every `${VAR}` resolved.
pub(crate) struct Settings<'a> {
    pub engine: &'a Engine,
    pub check: &'a DatabaseCheck,
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub password: Option<String>,
    pub database: Option<String>,
    pub query: Option<String>,
}

#[derive(Debug, Default)]
pub struct DatabaseObservation {
    pub target: String,
    pub details: DatabaseDetails,
    pub error: Option<CheckError>,
    result: Vec<u8>,
    reason: String,
}

impl super::Observation for DatabaseObservation {
    fn facts(&self, duration: Duration) -> Facts<'_> {
        let mut f = Facts::new(duration);
        f.state = self.details.state.map(|s| (s, self.reason.as_str()));
        f.result = self.details.result.is_some().then_some(&self.result[..]);
        f.cert_not_after = self.details.tls.as_ref().map(TlsInfo::not_after);
        f.tls = self.details.tls.as_ref().map(TlsInfo::names);
        f
    }

    fn error(&self) -> Option<&CheckError> {
        self.error.as_ref()
    }

    fn into_parts(self) -> (String, Option<CheckError>, super::Details) {
        (
            self.target,
            self.error,
            super::Details::Database(Box::new(self.details)),
        )
    }
}

/// `host:port`, `[v6]:port`, or a host alone on the engine's usual port.
pub fn split_address(text: &str, engine: DbEngine) -> Result<(String, u16), String> {
    let bare = if let Some(inner) = text.strip_prefix('[') {
        inner.strip_suffix(']').map(str::to_string)
    } else if !text.contains(':') {
        Some(text.to_string())
    } else {
        None
    };
    match bare {
        Some(host) if !host.is_empty() => Ok((host, engine.default_port())),
        _ => super::tcp::split_address(text),
    }
}

pub async fn run(
    engine: &Engine,
    check: &DatabaseCheck,
    deadline: Instant,
    secrets: &mut Secrets,
) -> DatabaseObservation {
    let mut obs = DatabaseObservation {
        target: format!("{} {}", check.engine.as_str(), check.address),
        ..Default::default()
    };
    obs.details.engine = check.engine.as_str();
    let settings = match resolve_settings(engine, check, secrets) {
        Ok(s) => s,
        Err(e) => {
            obs.error = Some(e);
            return obs;
        }
    };
    obs.target = format!(
        "{} {}:{}{}",
        check.engine.as_str(),
        bracketed(&settings.host),
        settings.port,
        if check.tls.is_some() { " (tls)" } else { "" }
    );
    obs.details.endpoint.host.clone_from(&settings.host);
    obs.details.endpoint.port = settings.port;
    let started = Instant::now();
    let mut progress = Progress::default();
    let mut learned = Learned::default();
    let talk = converse(&settings, &mut progress, &mut learned);
    let result = match tokio::time::timeout_at(deadline, Box::pin(talk)).await {
        Ok(r) => r,
        Err(_) => Err(progress.timeout_error(deadline.saturating_duration_since(started))),
    };
    obs.details.endpoint.record(&progress);
    obs.details.state = learned.state;
    obs.details.server_version = learned.server_version;
    obs.details.authenticated = learned.authenticated;
    obs.details.tls = learned.tls;
    obs.details.result_truncated = learned.result_truncated;
    if let Some(bytes) = learned.result {
        obs.details.result = Some(String::from_utf8_lossy(&bytes).into_owned());
        obs.result = bytes;
    }
    obs.reason.clone_from(&learned.message);
    obs.details.message = learned.message;
    obs.error = result.err();
    obs
}

fn bracketed(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

fn resolve_settings<'a>(
    engine: &'a Engine,
    check: &'a DatabaseCheck,
    secrets: &mut Secrets,
) -> Result<Settings<'a>, CheckError> {
    let address = super::resolved(&check.address)?;
    let config = |e: String| CheckError::new(ErrorKind::Config, e);
    // `postgres://user:password@host:5432/db` (a `DATABASE_URL`): its settings stand where the
    // probe gives none. The whole URL and its password are secrets.
    // `host=db dbname=app password=…` (libpq's keywords): not read, and never echoed.
    if address.contains('=') && !address.contains("://") {
        secrets.add(address.clone());
        return Err(config(format!(
            "the {} probe's address is a keyword connection string (`host=… dbname=…`); give it a URL (`postgres://user@host/db`) or its settings",
            check.engine.as_str()
        )));
    }
    let url = if address.contains("://") {
        secrets.add(address.clone());
        let url =
            ConnectionUrl::parse(&address, check.engine, check.tls.is_some()).map_err(config)?;
        if let Some(p) = &url.password {
            secrets.add(p.clone());
        }
        Some(url)
    } else {
        None
    };
    let (host, port) = match &url {
        Some(u) => (
            u.host.clone(),
            u.port.unwrap_or(check.engine.default_port()),
        ),
        None => split_address(&address, check.engine).map_err(config)?,
    };
    let mut value =
        |s: &Option<crate::suite::EnvString>| s.as_ref().map(|s| secrets.resolve(s)).transpose();
    let (mut user, mut database, query) = (
        value(&check.user)?,
        value(&check.database)?,
        value(&check.query)?,
    );
    let mut password = value(&check.password)?;
    // The MongoDB drivers and shells log in only with a user: an empty one (`${MONGO_USER:-}`
    // unset) is no login, and a URL's own stands.
    if check.engine == DbEngine::Mongo && user.as_deref() == Some("") {
        user = None;
        password = None;
    }
    if let Some(u) = url {
        user = user.or(u.user);
        password = password.or(u.password);
        database = database.or(u.database);
    }
    // The password is a secret whether or not it came from the environment.
    if let Some(p) = &password {
        secrets.add(p.clone());
    }
    Ok(Settings {
        engine,
        check,
        host,
        port,
        user,
        password,
        database,
        query,
    })
}

/// Whether a mongo probe's `query` is a command document in JSON: what a suite that writes
/// one is told when it loads.
#[cfg(feature = "mongo")]
pub fn mongo_query_error(text: &str) -> Result<(), String> {
    mongo::command_from_json(text).map(|_| ())
}

/// Whether `text` reads as a connection URL for `engine` (its TLS aside, which the probe's
/// other settings give): what a suite that writes one is told when it loads.
pub fn url_error(text: &str, engine: DbEngine) -> Result<(), String> {
    ConnectionUrl::parse(text, engine, true).map(|_| ())
}

/// A connection URL's settings: `postgres://user:password@host:port/database`, `redis://:password@host:port/0`,
/// `mysql://user:password@host/database` (an SQLAlchemy `+driver` is allowed after the scheme).
#[derive(Debug, Default, PartialEq)]
struct ConnectionUrl {
    host: String,
    port: Option<u16>,
    user: Option<String>,
    password: Option<String>,
    database: Option<String>,
}

impl ConnectionUrl {
    /// Errors never quote the URL, which may hold a password.
    fn parse(text: &str, engine: DbEngine, tls: bool) -> Result<ConnectionUrl, String> {
        let (scheme, rest) = text.split_once("://").unwrap_or(("", text));
        if scheme.eq_ignore_ascii_case("mongodb+srv") {
            return Err("a `mongodb+srv://` URL names DNS SRV records, which the mongo probe does not look up; give it `mongodb://` and a host".into());
        }
        let scheme = scheme
            .split('+')
            .next()
            .unwrap_or(scheme)
            .to_ascii_lowercase();
        let expected: &[&str] = match engine {
            DbEngine::Postgres => &["postgres", "postgresql"],
            DbEngine::Mysql => &["mysql", "mariadb"],
            DbEngine::Redis => &["redis", "rediss"],
            DbEngine::Mongo => &["mongodb"],
        };
        if !expected.contains(&scheme.as_str()) {
            return Err(format!(
                "the {} probe's address is a `{scheme}://` URL; expected {}",
                engine.as_str(),
                expected
                    .iter()
                    .map(|s| format!("`{s}://`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
        }
        // libpq reads the user and password first, up to the first `@` before a `/`: a `?`
        // or a second `@` in the password is the password's. The drivers that parse a URL
        // with urllib (redis-py, pymongo) end the authority at the first `?` and take the
        // user and password up to its last `@`.
        let (libpq_userinfo, rest) = match rest.find(['@', '/']) {
            Some(i) if engine == DbEngine::Postgres && rest[i..].starts_with('@') => {
                (Some(&rest[..i]), &rest[i + 1..])
            }
            _ => (None, rest),
        };
        let (rest, params) = rest.split_once('?').unwrap_or((rest, ""));
        let asks_tls = scheme == "rediss"
            || params.split('&').any(|p| {
                matches!(
                    p,
                    "sslmode=require"
                        | "sslmode=verify-ca"
                        | "sslmode=verify-full"
                        | "ssl=true"
                        | "tls=true"
                )
            });
        if asks_tls && !tls {
            return Err(format!(
                "the {} probe's URL asks for TLS; add `tls: true` to the probe",
                engine.as_str()
            ));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let (userinfo, hostport) = match (libpq_userinfo, authority.rfind('@')) {
            (Some(info), _) => (Some(info), authority),
            (None, Some(i)) if engine != DbEngine::Postgres => {
                (Some(&authority[..i]), &authority[i + 1..])
            }
            (None, _) => (None, authority),
        };
        let mut url = ConnectionUrl::default();
        if let Some(info) = userinfo {
            let (user, password) = match info.split_once(':') {
                Some((u, p)) => (u, Some(p)),
                None => (info, None),
            };
            url.user = Some(percent_decoded(user)?).filter(|u| !u.is_empty());
            url.password = password.map(percent_decoded).transpose()?;
        }
        if hostport.contains(',') {
            return Err("a connection URL with several hosts; give the probe one".into());
        }
        let (host, port) = if let Some(inner) = hostport.strip_prefix('[') {
            let (h, after) = inner
                .split_once(']')
                .ok_or("a connection URL's `[` host is not closed by `]`")?;
            (h.to_string(), after.strip_prefix(':'))
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), Some(p)),
                None => (hostport.to_string(), None),
            }
        };
        url.host = percent_decoded(&host)?;
        if url.host.is_empty() || url.host.starts_with('/') {
            return Err(format!(
                "the {} probe's URL names no host (a Unix socket is not reached by this probe)",
                engine.as_str()
            ));
        }
        url.port = match port {
            None | Some("") => None,
            Some(p) => Some(
                p.parse::<u16>()
                    .ok()
                    .filter(|p| *p != 0)
                    .ok_or("a connection URL's port is not a number from 1 to 65535")?,
            ),
        };
        url.database = Some(percent_decoded(path)?).filter(|d| !d.is_empty());
        // MongoDB logs in where `authSource` says, else on the URL's database.
        if engine == DbEngine::Mongo
            && let Some(source) = params
                .split('&')
                .find_map(|p| p.strip_prefix("authSource="))
        {
            url.database = Some(percent_decoded(source)?).filter(|d| !d.is_empty());
        }
        Ok(url)
    }
}

/// `%40` as `@`: a URL's escapes undone (an escape that is not two hex digits is an error).
fn percent_decoded(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or("a connection URL has a `%` that is not followed by two hex digits")?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "a connection URL's escapes are not UTF-8".to_string())
}

async fn converse(
    s: &Settings<'_>,
    progress: &mut Progress,
    learned: &mut Learned,
) -> Result<(), CheckError> {
    let addrs = super::net::resolve(&s.host, s.port, s.check.ip, progress).await?;
    let stream = super::net::connect(&addrs, None, progress).await?;
    // Requests and replies alternate: without NODELAY a login's second write would wait for
    // the server's acknowledgement of the first.
    let _ = stream.set_nodelay(true);
    match s.check.engine {
        #[cfg(feature = "redis")]
        DbEngine::Redis => redis::converse(s, stream, progress, learned).await,
        #[cfg(feature = "postgres")]
        DbEngine::Postgres => postgres::converse(s, stream, progress, learned).await,
        #[cfg(feature = "mysql")]
        DbEngine::Mysql => mysql::converse(s, stream, progress, learned).await,
        #[cfg(feature = "mongo")]
        DbEngine::Mongo => mongo::converse(s, stream, progress, learned).await,
        #[allow(unreachable_patterns)]
        other => {
            let _ = (stream, learned);
            Err(CheckError::new(
                ErrorKind::Config,
                format!(
                    "this probe was built without {} probes; rebuild it with `probekit build --with {}`",
                    other.as_str(),
                    other.as_str()
                ),
            ))
        }
    }
}

/// Upgrades a plain connection to TLS, keeping what the handshake tells for the report.
#[allow(dead_code)]
pub(crate) async fn start_tls(
    s: &Settings<'_>,
    stream: TcpStream,
    progress: &mut Progress,
    learned: &mut Learned,
) -> Result<Conn, CheckError> {
    let Some(opts) = &s.check.tls else {
        return Ok(Conn::Plain(stream));
    };
    let (tls, info) = super::net::tls_handshake(
        s.engine,
        stream,
        &s.host,
        opts,
        super::tls::Alpn::None,
        progress,
    )
    .await?;
    learned.tls = Some(info);
    Ok(Conn::Tls(tls))
}

/// A read or write that failed: the peer closing is the server not answering.
#[allow(dead_code)]
pub(crate) fn io_error(doing: &str, e: &io::Error) -> CheckError {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        return CheckError::new(
            ErrorKind::Protocol,
            format!("the server closed the connection {doing}"),
        );
    }
    CheckError::new(
        ErrorKind::Io,
        format!("{doing}: {}", super::net::describe_io(e)),
    )
}

/// The server refused the login.
#[allow(dead_code)]
pub(crate) fn auth_error(message: impl Into<String>) -> CheckError {
    CheckError::new(ErrorKind::Auth, message)
}

/// The server answered with something its protocol does not allow there.
#[allow(dead_code)]
pub(crate) fn protocol_error(message: impl Into<String>) -> CheckError {
    CheckError::new(ErrorKind::Protocol, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_urls_give_their_settings() {
        let url = ConnectionUrl::parse(
            "postgresql+psycopg2://app:p%40ss@db.internal:6543/orders?application_name=x",
            DbEngine::Postgres,
            false,
        )
        .unwrap();
        assert_eq!(
            url,
            ConnectionUrl {
                host: "db.internal".into(),
                port: Some(6543),
                user: Some("app".into()),
                password: Some("p@ss".into()),
                database: Some("orders".into()),
            }
        );
        // libpq's reading: the password up to the first `@`, a `?` in it the password's.
        let url = ConnectionUrl::parse("postgresql://q:a?b@h:5433/db", DbEngine::Postgres, false)
            .unwrap();
        assert_eq!(url.password.as_deref(), Some("a?b"));
        assert_eq!((url.host.as_str(), url.port), ("h", Some(5433)));
        let url =
            ConnectionUrl::parse("postgresql://app:p@ss@h/db", DbEngine::Postgres, false).unwrap();
        assert_eq!(
            (url.password.as_deref(), url.host.as_str()),
            (Some("p"), "ss@h")
        );
        // urllib's (redis-py): up to the last `@`.
        let url = ConnectionUrl::parse("redis://:p@ss@h/0", DbEngine::Redis, false).unwrap();
        assert_eq!(
            (url.password.as_deref(), url.host.as_str()),
            (Some("p@ss"), "h")
        );
        let url = ConnectionUrl::parse("redis://:secret@[::1]/2", DbEngine::Redis, false).unwrap();
        assert_eq!((url.host.as_str(), url.port), ("::1", None));
        assert_eq!(url.user, None);
        assert_eq!(url.password.as_deref(), Some("secret"));
        assert_eq!(url.database.as_deref(), Some("2"));
        let url = ConnectionUrl::parse("mysql://root@localhost", DbEngine::Mysql, false).unwrap();
        assert_eq!((url.user.as_deref(), url.password), (Some("root"), None));
        // Errors name the problem, never the URL (it may hold a password).
        for (text, engine, tls) in [
            ("mysql://u:pw@h/db", DbEngine::Postgres, false),
            ("rediss://h", DbEngine::Redis, false),
            (
                "postgres://u:pw@h/db?sslmode=require",
                DbEngine::Postgres,
                false,
            ),
            ("postgres://u:pw@h:99999/db", DbEngine::Postgres, false),
            ("postgres://u:pw@/db", DbEngine::Postgres, false),
            ("postgres://u:p%4@h/db", DbEngine::Postgres, false),
        ] {
            let e = ConnectionUrl::parse(text, engine, tls).unwrap_err();
            assert!(!e.contains("pw") && !e.contains("p%4"), "{e}");
        }
        assert!(ConnectionUrl::parse("rediss://h", DbEngine::Redis, true).is_ok());
    }

    #[test]
    fn addresses_default_to_the_engines_port() {
        assert_eq!(
            split_address("db", DbEngine::Postgres).unwrap(),
            ("db".into(), 5432)
        );
        assert_eq!(
            split_address("[::1]", DbEngine::Redis).unwrap(),
            ("::1".into(), 6379)
        );
        assert_eq!(
            split_address("127.0.0.1:3307", DbEngine::Mysql).unwrap(),
            ("127.0.0.1".into(), 3307)
        );
        assert!(split_address("", DbEngine::Mysql).is_err());
        assert!(split_address("h:0", DbEngine::Mysql).is_err());
    }
}
