//! A validated suite: what `probekit run` and a compiled probe execute. Everything here has been
//! checked by the loader; runtime code does not re-validate it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::expect::Expect;
use crate::suite::env::EnvString;

pub const DEFAULT_CONCURRENCY: usize = 32;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
pub const DEFAULT_RETRY_DELAY: Duration = Duration::from_secs(1);
/// The most `retries` a probe may have.
pub const MAX_RETRIES: u32 = 100;
/// How often `probekit serve` runs each probe, unless the suite says otherwise.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(60);
/// Body bytes an HTTP probe reads at most; the rest is left unread and the body marked truncated.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;
/// Bytes of stdout and of stderr a command probe keeps; the rest is drained and counted.
pub const DEFAULT_MAX_OUTPUT: usize = 64 << 10;
/// Bytes a TCP probe reads while waiting for its expected response.
pub const DEFAULT_MAX_RESPONSE: usize = 64 << 10;
/// Between SIGTERM and SIGKILL when a command's process group is stopped.
pub const DEFAULT_KILL_GRACE: Duration = Duration::from_millis(100);
pub const DEFAULT_MAX_REDIRECTS: u32 = 10;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Suite {
    pub name: String,
    pub description: Option<String>,
    /// Where the suite came from, for messages (`probes/demo.yaml`, `<command line>`).
    pub source: String,
    pub labels: BTreeMap<String, String>,
    pub concurrency: usize,
    /// The arguments the suite takes (`probekit run SUITE ARG…`, `./probe ARG…`).
    pub args: Vec<super::ArgSpec>,
    pub probes: Vec<Probe>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Probe {
    pub name: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub labels: BTreeMap<String, String>,
    /// Names of probes that must pass before this one runs (indices into `Suite::probes` are
    /// resolved by the runner).
    pub depends_on: Vec<String>,
    /// A gate: when it does not pass, it and the probes that depend on it are skipped and count
    /// as passed (`nc -z upstream || exit 0`: an upstream that is down is not this service's
    /// failure).
    pub gate: bool,
    /// A bypass: when it passes, the probes that depend on it are skipped and count as passed;
    /// when it does not, it is skipped (counting as passed) and they decide (`curl -fs
    /// "$PRIMARY" && exit 0` before the checks a script falls back to).
    pub bypass: bool,
    pub retries: u32,
    /// `attempts: "${TRIES:-30}"`: the number of attempts, read when the probe runs from the
    /// caller's argument or the environment (a wait script's `seq 1 "$TIMEOUT"`); it stands
    /// for `retries` then. As written, in the suite's `${…}` syntax.
    pub late_attempts: Option<Box<str>>,
    pub retry_delay: Duration,
    /// How the delay grows from one retry to the next.
    pub retry_backoff: Backoff,
    /// Instead of counted retries: try every `every` until it passes or `until` has elapsed.
    pub wait: Option<Wait>,
    /// A `wait` whose `until` or `every` names `${…}`, read when the probe runs (a wait
    /// script's `WAIT_TIMEOUT`); it stands for `wait` then.
    pub late_wait: Option<Box<LateWait>>,
    /// Failures of an HTTP request after it was sent that end the retries or the wait at once
    /// (`give_up_on`).
    pub give_up_on: super::GiveUp,
    /// How often `probekit serve` runs the probe.
    pub interval: Duration,
    /// What its failure means: `warning` makes any failure or error of the probe a warning
    /// (Nagios 1, `warn` in reports), which does not fail a run.
    pub severity: crate::expect::Severity,
    /// What to check and what must hold, shared between the probes a `for_each` made when the
    /// item does not change them (100,000 probes of one URL hold one of each).
    pub check: Arc<Check>,
    pub expect: Arc<Expect>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckKind {
    Http,
    Command,
    Tcp,
    Metrics,
    Redis,
    Postgres,
    Mysql,
    Mongo,
    File,
    Disk,
    Memory,
    Load,
    Process,
    Dns,
    Tls,
    Icmp,
    Grpc,
    Service,
    AnyOf,
}

impl CheckKind {
    /// Every kind, in the order the suite format documents them.
    pub const ALL: [CheckKind; 18] = [
        CheckKind::Http,
        CheckKind::Command,
        CheckKind::Tcp,
        CheckKind::Metrics,
        CheckKind::Redis,
        CheckKind::Postgres,
        CheckKind::Mysql,
        CheckKind::Mongo,
        CheckKind::File,
        CheckKind::Disk,
        CheckKind::Memory,
        CheckKind::Load,
        CheckKind::Process,
        CheckKind::Dns,
        CheckKind::Tls,
        CheckKind::Icmp,
        CheckKind::Grpc,
        CheckKind::Service,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Http => "http",
            CheckKind::Command => "command",
            CheckKind::Tcp => "tcp",
            CheckKind::Metrics => "metrics",
            CheckKind::Redis => "redis",
            CheckKind::Postgres => "postgres",
            CheckKind::Mysql => "mysql",
            CheckKind::Mongo => "mongo",
            CheckKind::File => "file",
            CheckKind::Disk => "disk",
            CheckKind::Memory => "memory",
            CheckKind::Load => "load",
            CheckKind::Process => "process",
            CheckKind::Dns => "dns",
            CheckKind::Tls => "tls",
            CheckKind::Icmp => "icmp",
            CheckKind::Grpc => "grpc",
            CheckKind::Service => "service",
            CheckKind::AnyOf => "any_of",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Check {
    Http(HttpCheck),
    Command(CommandCheck),
    Tcp(TcpCheck),
    Metrics(MetricsCheck),
    /// A database server (`redis:`, `postgres:`, `mysql:`, `mongo:`): is it accepting
    /// connections, and with credentials, does a login and a query succeed.
    Database(DatabaseCheck),
    /// A fact of the machine the probe runs on, read from the filesystem and `/proc` (`file:`,
    /// `disk:`, `memory:`, `load:`, `process:`).
    Host(HostCheck),
    /// A DNS query to a server, or to the system's (`dig`, `nslookup`, `host`).
    Dns(DnsCheck),
    /// A TLS handshake, after a STARTTLS exchange where asked, for what the server's certificate
    /// says (`openssl s_client | openssl x509 -checkend`): a `tcp` check that must do TLS.
    Tls(TcpCheck),
    /// ICMP echoes to a host (`ping -c N`).
    Icmp(IcmpCheck),
    /// The standard gRPC health check (`grpc.health.v1.Health/Check`).
    Grpc(GrpcCheck),
    /// A systemd unit's state, asked of systemd over D-Bus (`systemctl is-active`).
    Service(ServiceCheck),
    /// Passes when one of the alternatives passes, tried in order (`nc -z 127.0.0.1 6379 ||
    /// nc -z ::1 6379`, a primary endpoint or its fallback).
    AnyOf(Vec<Alternative>),
}

/// One alternative of an `any_of` probe: a check and its own expectations.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Alternative {
    pub check: Check,
    pub expect: Expect,
}

impl Check {
    pub fn kind(&self) -> CheckKind {
        match self {
            Check::Http(_) => CheckKind::Http,
            Check::Command(_) => CheckKind::Command,
            Check::Tcp(_) => CheckKind::Tcp,
            Check::Metrics(_) => CheckKind::Metrics,
            Check::Database(d) => d.engine.kind(),
            Check::Host(h) => h.target.kind(),
            Check::Dns(_) => CheckKind::Dns,
            Check::Tls(_) => CheckKind::Tls,
            Check::Icmp(_) => CheckKind::Icmp,
            Check::Grpc(_) => CheckKind::Grpc,
            Check::Service(_) => CheckKind::Service,
            Check::AnyOf(_) => CheckKind::AnyOf,
        }
    }

    /// The checks that run, with their expectations: this one, or each alternative.
    pub fn leaves<'a>(&'a self, expect: &'a Expect) -> Vec<(&'a Check, &'a Expect)> {
        match self {
            Check::AnyOf(alts) => alts
                .iter()
                .flat_map(|a| a.check.leaves(&a.expect))
                .collect(),
            _ => vec![(self, expect)],
        }
    }

    /// The time one attempt may take.
    pub fn timeout(&self) -> Duration {
        match self {
            Check::Http(h) => h.timeout,
            Check::Command(c) => c.timeout,
            Check::Tcp(t) | Check::Tls(t) => t.timeout,
            Check::Metrics(m) => m.timeout,
            Check::Database(d) => d.timeout,
            Check::Host(h) => h.timeout,
            Check::Dns(d) => d.timeout,
            Check::Icmp(i) => i.timeout,
            Check::Grpc(g) => g.timeout,
            Check::Service(s) => s.timeout,
            // Tried one after the other.
            Check::AnyOf(alts) => alts.iter().map(|a| a.check.timeout()).sum(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HttpCheck {
    #[serde(with = "crate::serde_text::method_text")]
    pub method: http::Method,
    pub url: EnvString,
    #[serde(with = "super::data::header_list")]
    pub headers: Vec<(http::HeaderName, EnvString)>,
    pub body: Option<EnvString>,
    pub timeout: Duration,
    pub connect_timeout: Option<Duration>,
    pub follow_redirects: bool,
    /// Follow redirects to link-local addresses (where clouds serve instance metadata); off
    /// unless the suite says so.
    pub allow_link_local: bool,
    pub max_redirects: u32,
    pub version: HttpVersion,
    pub tls: TlsOptions,
    pub max_body: usize,
    /// Through which proxy, if any.
    pub proxy: ProxySetting,
    /// Which addresses of the host are tried.
    pub ip: IpVersion,
    /// `basic_auth: {username, password}`: Basic credentials, sent as `Authorization` (in place
    /// of a URL's `user:password@`).
    #[serde(default)]
    pub basic_auth: Option<BasicAuth>,
}

/// `basic_auth:` of an HTTP probe: curl's `-u user:password`, blackbox_exporter's
/// `basic_auth`, hurl's `[BasicAuth]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasicAuth {
    pub username: EnvString,
    /// Empty where none is given, as `-u user:` sends.
    pub password: EnvString,
}

/// `proxy:` of an HTTP probe.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub enum ProxySetting {
    /// The environment's (`http_proxy`, `HTTPS_PROXY`, `NO_PROXY`, …), as curl reads it.
    #[default]
    Env,
    /// `proxy: direct`: never through a proxy, whatever the environment says.
    Direct,
    /// `proxy: http://[user:password@]host:port`, for every request of the probe.
    Url(EnvString),
}

/// `ip:`: which addresses a host name's are tried, in the resolver's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum IpVersion {
    #[default]
    Any,
    V4,
    V6,
}

impl IpVersion {
    pub fn admits(self, ip: std::net::IpAddr) -> bool {
        match self {
            IpVersion::Any => true,
            IpVersion::V4 => ip.is_ipv4(),
            IpVersion::V6 => ip.is_ipv6(),
        }
    }
}

impl HttpCheck {
    /// A GET of `url` with every other setting at its default.
    pub fn get(url: EnvString, timeout: Duration) -> HttpCheck {
        HttpCheck {
            method: http::Method::GET,
            url,
            headers: Vec::new(),
            body: None,
            timeout,
            connect_timeout: None,
            follow_redirects: true,
            allow_link_local: false,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            version: HttpVersion::Auto,
            tls: TlsOptions::default(),
            max_body: DEFAULT_MAX_BODY,
            proxy: ProxySetting::Env,
            ip: IpVersion::Any,
            basic_auth: None,
        }
    }
}

/// `retry_backoff`: `exponential` (the default: `retry_delay × 2ⁿ⁻¹`, capped, with jitter, so
/// that many probes do not retry in step) or `constant` (`retry_delay` every time, as a script's
/// `for i in $(seq 1 30); do …; sleep 1; done` waits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Backoff {
    #[default]
    Exponential,
    Constant,
}

/// `wait: {until: "${WAIT_TIMEOUT:-60}s", every: 2s}`: both durations as written, in the
/// suite's `${…}` syntax, read when the probe runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateWait {
    pub until: String,
    pub every: String,
}

/// Waiting until a probe passes: an attempt every `every`, for at most `until` from the first
/// (goss `--retry-timeout`/`--sleep`, wait-for-it `-t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wait {
    pub until: Duration,
    pub every: Duration,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum HttpVersion {
    /// HTTP/2 when TLS negotiates it (ALPN), else HTTP/1.1.
    #[default]
    Auto,
    Http1,
    /// HTTP/2 only: ALPN `h2` over TLS, prior knowledge over plain TCP.
    Http2,
}

/// TLS settings; probes with equal settings share one client configuration.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct TlsOptions {
    /// Skip certificate verification. Explicit opt-in only.
    pub insecure: bool,
    /// Extra trust anchors (PEM) on top of the system store.
    pub ca_file: Option<PathBuf>,
    /// Name sent as SNI and verified, when it differs from the host in the URL or address.
    pub server_name: Option<String>,
    /// A client certificate chain (PEM) for servers that require one (mutual TLS), with
    /// `client_key`; both are set or neither.
    pub client_cert: Option<PathBuf>,
    /// The private key (PEM: PKCS#8, PKCS#1 or SEC1) of `client_cert`.
    pub client_key: Option<PathBuf>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CommandCheck {
    pub program: Program,
    /// Start from an empty environment instead of probekit's own (`env_clear: true`).
    pub env_clear: bool,
    /// With `env_clear`: the variables of probekit's environment that the command still gets.
    pub env_allow: Vec<String>,
    pub env: Vec<(String, EnvString)>,
    pub cwd: Option<EnvString>,
    /// Written to the command's standard input, which is then closed (`echo 'SELECT 1' |
    /// psql`); without it the command reads an empty input.
    pub stdin: Option<EnvString>,
    pub timeout: Duration,
    pub kill_grace: Duration,
    pub max_output: usize,
    /// Standard error joins standard output in one stream, in the order written (`cmd 2>&1 |
    /// grep alive`): `expect.stdout` reads both.
    pub merge_stderr: bool,
}

/// One item of a command's `argv`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum ArgvPart {
    /// One argument, whatever its value holds (`"${HOST}"`).
    One(EnvString),
    /// `{words: "${OPTS}"}`: the value split at blanks and newlines into as many arguments
    /// as it has words (none when it is empty), as the shell splits an unquoted `$OPTS`
    /// (without matching files).
    Words(EnvString),
}

impl ArgvPart {
    /// The words of a value as the shell splits an unquoted one: at blanks and newlines (the
    /// default `IFS`), none where it is empty.
    pub fn split_words(value: &str) -> impl Iterator<Item = &str> {
        value.split([' ', '\t', '\n']).filter(|w| !w.is_empty())
    }
}

/// As written: the text, and `{words: TEXT}`.
impl std::fmt::Display for ArgvPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArgvPart::One(t) => write!(f, "{t}"),
            ArgvPart::Words(t) => write!(f, "{{words: {t}}}"),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Program {
    Argv(Vec<ArgvPart>),
    /// Run with `/bin/sh -c`. `${VAR}` is left to the shell, which sees the same environment.
    Shell(String),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TcpCheck {
    /// `host:port`.
    pub address: EnvString,
    pub timeout: Duration,
    pub tls: Option<TlsOptions>,
    pub send: Option<EnvString>,
    pub max_response: usize,
    pub ip: IpVersion,
    /// The plain-text exchange before the TLS handshake (`tls` probes).
    pub starttls: Option<StartTls>,
}

/// The protocols whose STARTTLS a `tls` probe speaks (`openssl s_client -starttls`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StartTls {
    Smtp,
    Imap,
    Pop3,
    Postgres,
    Ldap,
}

impl StartTls {
    pub const ALL: [StartTls; 5] = [
        StartTls::Smtp,
        StartTls::Imap,
        StartTls::Pop3,
        StartTls::Postgres,
        StartTls::Ldap,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StartTls::Smtp => "smtp",
            StartTls::Imap => "imap",
            StartTls::Pop3 => "pop3",
            StartTls::Postgres => "postgres",
            StartTls::Ldap => "ldap",
        }
    }
}

/// Which server a database probe speaks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DbEngine {
    Redis,
    Postgres,
    Mysql,
    Mongo,
}

impl DbEngine {
    pub fn kind(self) -> CheckKind {
        match self {
            DbEngine::Redis => CheckKind::Redis,
            DbEngine::Postgres => CheckKind::Postgres,
            DbEngine::Mysql => CheckKind::Mysql,
            DbEngine::Mongo => CheckKind::Mongo,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.kind().as_str()
    }

    /// The server's usual port, when an address gives none.
    pub fn default_port(self) -> u16 {
        match self {
            DbEngine::Redis => 6379,
            DbEngine::Postgres => 5432,
            DbEngine::Mysql => 3306,
            DbEngine::Mongo => 27017,
        }
    }
}

/// A database probe: connect (over TLS if asked), and without `user` (and for redis without
/// `password`) only learn whether the server accepts connections, as `pg_isready`,
/// `mysqladmin ping` and `redis-cli ping` do. With credentials it logs in, and runs `query`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DatabaseCheck {
    pub engine: DbEngine,
    /// `host:port`; the engine's usual port when only a host is written.
    pub address: EnvString,
    pub user: Option<EnvString>,
    pub password: Option<EnvString>,
    /// The database (postgres, mysql) or the database number (redis `SELECT`).
    pub database: Option<EnvString>,
    /// SQL (postgres, mysql) or a command (redis, `INFO replication`), whose result the
    /// `result` expectation reads as `psql -tA`, `mysql -sN` and `redis-cli` print it.
    pub query: Option<EnvString>,
    pub tls: Option<TlsOptions>,
    /// `tls: prefer` (postgres, mysql): TLS where the server offers it, unverified, else
    /// plain, as libpq's default `sslmode=prefer` and mysql-connector-python connect.
    #[serde(default)]
    pub tls_prefer: bool,
    pub timeout: Duration,
    pub ip: IpVersion,
    /// Bytes of a query's result kept at most.
    pub max_response: usize,
}

/// `systemctl is-active UNIT` and `is-enabled UNIT`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ServiceCheck {
    /// The unit; `.service` when no type is written.
    pub unit: EnvString,
    pub timeout: Duration,
}

/// The serving statuses of gRPC's health service, in the order of their numbers.
pub const SERVING_STATUSES: [&str; 4] = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"];

/// `grpc_health_probe -addr ADDRESS -service SERVICE [-tls]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GrpcCheck {
    /// `host:port`.
    pub address: EnvString,
    /// The service asked about; empty for the server as a whole.
    pub service: EnvString,
    pub tls: Option<TlsOptions>,
    pub ip: IpVersion,
    pub timeout: Duration,
}

/// `ping -c COUNT -i INTERVAL -s SIZE HOST`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IcmpCheck {
    pub host: EnvString,
    pub count: u32,
    pub interval: Duration,
    /// Payload bytes of each echo (ping's 56 by default).
    pub size: usize,
    pub ip: IpVersion,
    pub timeout: Duration,
}

/// The record types a DNS probe asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RecordType {
    A,
    Aaaa,
    Cname,
    Mx,
    Txt,
    Srv,
    Ns,
    Soa,
    Ptr,
}

impl RecordType {
    pub const ALL: [RecordType; 9] = [
        RecordType::A,
        RecordType::Aaaa,
        RecordType::Cname,
        RecordType::Mx,
        RecordType::Txt,
        RecordType::Srv,
        RecordType::Ns,
        RecordType::Soa,
        RecordType::Ptr,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Cname => "CNAME",
            RecordType::Mx => "MX",
            RecordType::Txt => "TXT",
            RecordType::Srv => "SRV",
            RecordType::Ns => "NS",
            RecordType::Soa => "SOA",
            RecordType::Ptr => "PTR",
        }
    }

    /// The type's number in a DNS message.
    pub fn code(self) -> u16 {
        match self {
            RecordType::A => 1,
            RecordType::Ns => 2,
            RecordType::Cname => 5,
            RecordType::Soa => 6,
            RecordType::Ptr => 12,
            RecordType::Mx => 15,
            RecordType::Txt => 16,
            RecordType::Aaaa => 28,
            RecordType::Srv => 33,
        }
    }
}

/// The response codes a DNS probe may expect, as dig names them.
pub const RCODES: [&str; 12] = [
    "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET",
    "NXRRSET", "NOTAUTH", "NOTZONE", "BADVERS",
];

/// A DNS query: `name`'s records of one type, from `server` or the first nameserver of
/// `/etc/resolv.conf`, over UDP (TCP when the answer is truncated) or TCP.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DnsCheck {
    /// The name asked for; for PTR an IP address is turned into its `in-addr.arpa` name.
    pub name: EnvString,
    pub record: RecordType,
    /// `host`, `host:port`, `[v6]:port`; port 53 by default.
    pub server: Option<EnvString>,
    /// Ask over TCP from the start.
    pub tcp: bool,
    /// Ask the server to recurse (RD), as dig does by default.
    pub recursion: bool,
    pub timeout: Duration,
}

/// A probe of the machine it runs on. Each reads files (`/proc`, `statvfs`), which can block
/// (a hung NFS mount): the read runs off the runtime and the probe ends at its timeout anyway.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HostCheck {
    pub target: HostTarget,
    pub timeout: Duration,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum HostTarget {
    /// A path: whether it exists, its type, mode, owner, size, age and content (`[ -f ]`,
    /// `stat`, `find -mmin`, `grep -q`).
    File {
        path: EnvString,
        /// Bytes of content read at most, for content expectations.
        max_content: usize,
    },
    /// The filesystem holding a path (`statvfs`): used %, free bytes and inodes, as `df`.
    Disk { path: EnvString },
    /// `/proc/meminfo`: available memory and swap, as `free`.
    Memory,
    /// `/proc/loadavg`, divided by the CPUs the probe may use when `per_cpu`, as `uptime`.
    Load { per_cpu: bool },
    /// The processes matching a name, a command-line pattern or a pidfile, as `pgrep`.
    Process(ProcessMatch),
}

impl HostTarget {
    pub fn kind(&self) -> CheckKind {
        match self {
            HostTarget::File { .. } => CheckKind::File,
            HostTarget::Disk { .. } => CheckKind::Disk,
            HostTarget::Memory => CheckKind::Memory,
            HostTarget::Load { .. } => CheckKind::Load,
            HostTarget::Process(_) => CheckKind::Process,
        }
    }
}

/// Which processes a process probe counts; every criterion written must hold.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ProcessMatch {
    /// The process name exactly (`pgrep -x`): the kernel's 15-character `comm`, or the base
    /// name of its executable or of its first argument.
    pub name: Option<EnvString>,
    /// A regular expression searched in the whole command line (`pgrep -f`).
    #[serde(with = "crate::serde_text::opt_regex_text")]
    pub pattern: Option<crate::pattern::Regex>,
    /// The process whose id a file holds; none when the file is absent or the process gone.
    pub pidfile: Option<EnvString>,
    /// Owned by this user, a name or a uid (`pgrep -u`).
    pub user: Option<EnvString>,
}

/// A number a probe of the machine measures: its kind, its name in `expect`, its unit, and
/// what it is (for the docs, the schema and the Prometheus HELP).
#[derive(Clone, Copy, Debug)]
pub struct MeasureSpec {
    pub kind: CheckKind,
    pub name: &'static str,
    pub unit: crate::expect::Unit,
    /// Its Prometheus family (a percentage is written there as a ratio).
    pub metric: &'static str,
    pub help: &'static str,
}

const fn measure(
    kind: CheckKind,
    name: &'static str,
    unit: crate::expect::Unit,
    metric: &'static str,
    help: &'static str,
) -> MeasureSpec {
    MeasureSpec {
        kind,
        name,
        unit,
        metric,
        help,
    }
}

/// Every number the probes of the machine measure.
pub const MEASURES: &[MeasureSpec] = {
    use crate::expect::Unit::*;
    &[
        measure(
            CheckKind::File,
            "size",
            Bytes,
            "probekit_file_size_bytes",
            "Size of the file",
        ),
        measure(
            CheckKind::File,
            "age",
            Seconds,
            "probekit_file_age_seconds",
            "Time since the file was last modified",
        ),
        measure(
            CheckKind::Disk,
            "used",
            Percent,
            "probekit_disk_used_ratio",
            "Share of the filesystem in use, as df's Use%",
        ),
        measure(
            CheckKind::Disk,
            "free",
            Bytes,
            "probekit_disk_free_bytes",
            "Space available to unprivileged users",
        ),
        measure(
            CheckKind::Disk,
            "free_share",
            Percent,
            "probekit_disk_free_share_ratio",
            "Space available to unprivileged users, as a share of the filesystem's size",
        ),
        measure(
            CheckKind::Disk,
            "used_share",
            Percent,
            "probekit_disk_used_share_ratio",
            "Space in use, as a share of the filesystem's size",
        ),
        measure(
            CheckKind::Disk,
            "size",
            Bytes,
            "probekit_disk_size_bytes",
            "Size of the filesystem",
        ),
        measure(
            CheckKind::Disk,
            "inodes_used",
            Percent,
            "probekit_disk_inodes_used_ratio",
            "Share of the filesystem's inodes in use",
        ),
        measure(
            CheckKind::Disk,
            "inodes_free",
            Count,
            "probekit_disk_inodes_free",
            "Free inodes of the filesystem",
        ),
        measure(
            CheckKind::Memory,
            "available",
            Bytes,
            "probekit_memory_available_bytes",
            "Memory available to start applications without swapping (MemAvailable)",
        ),
        measure(
            CheckKind::Memory,
            "used",
            Percent,
            "probekit_memory_used_ratio",
            "Share of memory not available",
        ),
        measure(
            CheckKind::Memory,
            "total",
            Bytes,
            "probekit_memory_total_bytes",
            "Total usable memory",
        ),
        measure(
            CheckKind::Memory,
            "swap_used",
            Percent,
            "probekit_memory_swap_used_ratio",
            "Share of swap in use; 0 without swap",
        ),
        measure(
            CheckKind::Load,
            "load1",
            Number,
            "probekit_load1",
            "Load average over 1 minute",
        ),
        measure(
            CheckKind::Load,
            "load5",
            Number,
            "probekit_load5",
            "Load average over 5 minutes",
        ),
        measure(
            CheckKind::Load,
            "load15",
            Number,
            "probekit_load15",
            "Load average over 15 minutes",
        ),
        measure(
            CheckKind::Icmp,
            "loss",
            Percent,
            "probekit_icmp_loss_ratio",
            "Share of echo requests that got no reply",
        ),
        measure(
            CheckKind::Icmp,
            "received",
            Count,
            "probekit_icmp_replies",
            "Echo replies received",
        ),
        measure(
            CheckKind::Icmp,
            "rtt",
            Seconds,
            "probekit_icmp_rtt_seconds",
            "Mean round trip of the replies",
        ),
        measure(
            CheckKind::Icmp,
            "rtt_max",
            Seconds,
            "probekit_icmp_rtt_max_seconds",
            "Longest round trip of the replies",
        ),
        measure(
            CheckKind::Process,
            "count",
            Count,
            "probekit_process_count",
            "Processes matching the probe",
        ),
    ]
};

/// Words a probe of the machine observes, by kind: `type: directory`, `owner: root`.
pub const ATTRIBUTES: &[(CheckKind, &str)] = &[
    (CheckKind::File, "exists"),
    (CheckKind::File, "type"),
    (CheckKind::File, "mode"),
    (CheckKind::File, "owner"),
    (CheckKind::File, "group"),
    (CheckKind::File, "readable"),
    (CheckKind::Process, "user"),
];

/// Bytes of a file's content a file probe reads at most.
pub const DEFAULT_MAX_CONTENT: usize = 1 << 20;

/// Bytes of a metrics page read at most (a scrape, a file or a command's output).
pub const DEFAULT_MAX_SCRAPE: usize = 64 << 20;

/// A metrics probe: scrape a page (once, or twice `window` apart for rates) and check samples.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MetricsCheck {
    pub source: MetricsSource,
    /// Forced format; `None` follows the Content-Type (scrapes) or the `# EOF` line (others).
    pub format: Option<crate::metrics::Format>,
    /// Two scrapes this far apart, for `rate` and `increase`.
    pub window: Option<Duration>,
    /// The whole attempt, both scrapes and the window included.
    pub timeout: Duration,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum MetricsSource {
    Url(Box<HttpCheck>),
    File(EnvString),
    Command(Box<CommandCheck>),
}

impl Suite {
    pub fn find(&self, name: &str) -> Option<usize> {
        self.probes.iter().position(|p| p.name == name)
    }
}
