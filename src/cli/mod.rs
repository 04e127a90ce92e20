//! Command-line definitions (clap) and nothing else; the commands live in `crate::commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::session::{ColorChoice, OutputArgs, SelectArgs};

const ABOUT: &str = "Declarative health checks: run suites of HTTP, command and TCP probes concurrently and report them anywhere";

const LONG_ABOUT: &str = "\
probekit runs health-check suites written in YAML — HTTP endpoints, commands, TCP ports, \
Prometheus metrics — concurrently, with timeouts that hold, retries with backoff and \
dependencies between probes, and reports the results for people (text) or machines (JSON, \
Prometheus/OpenMetrics, JUnit, TAP, Nagios), or serves them to Prometheus (`probekit serve`).

Exit status: 0 when every probe passed, 1 when a probe failed, errored or was skipped, \
2 when the suite or the command line is wrong, 3 when the run finished but a report could not \
be delivered (written, pushed), 130/143 when interrupted by SIGINT/SIGTERM (the reports are \
still complete). With --format nagios: the plugin codes 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.";

const EXAMPLES: &str = "\
Examples:
  probekit demo                                   run the built-in example against a built-in target
  probekit run probes/demo.yaml                   run a suite
  probekit run suite.yaml --tag smoke --format json -o results.json
  probekit check http https://example.internal/health --expect-status 200 --timeout 2s
  probekit check tcp 127.0.0.1:5432 --timeout 1s
  probekit check cmd --expect-stdout-contains ok -- ./healthcheck.sh
  probekit check metrics http://127.0.0.1:9100/metrics -e 'node_load1 < 4' -e 'up present'
  probekit run suite.yaml --report junit=probes.xml --textfile-dir /var/lib/node_exporter
  probekit check http https://example.internal/health --format nagios -w 0.5 -c 1
  probekit serve suite.yaml --listen 127.0.0.1:10915
  probekit validate probes/*.yaml

Suite format: docs/suite-format.md · Reports: docs/reports.md · Metrics: docs/metrics.md";

#[derive(Debug, Parser)]
#[command(name = "probekit", version, about = ABOUT, long_about = LONG_ABOUT, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a suite of probes and report the results
    Run(RunArgs),
    /// Run a single probe given on the command line, without a suite file
    #[command(subcommand)]
    Check(CheckCommand),
    /// Compile a suite into one program (static with a musl target) that runs it without YAML
    Build(BuildArgs),
    /// Show what `probekit build` needs for each target, and how to install what is missing
    Doctor,
    /// Turn a shell or Python check script into a suite, saying what was converted and what kept
    Import(ImportArgs),
    /// Check suite files for mistakes without running anything
    Validate {
        /// Suite files to check
        #[arg(required = true, value_name = "SUITE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        vars: VarArgs,
        /// Print the loaded suite as probekit's model (for `probekit build`'s tests)
        #[arg(long, hide = true)]
        dump_suite: bool,
    },
    /// Print the JSON Schema of the suite format, for editors and the YAML language server
    Schema,
    /// Print a shell completion script (bash, zsh and fish also complete --probe and --tag
    /// with the names and tags of the suite on the command line)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write a man page for probekit and each of its commands into DIR (probekit.1,
    /// probekit-run.1, …), for packages
    #[command(hide = true)]
    Man {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// The probe names or tags of the suite among WORDS, for the completion scripts
    #[command(hide = true)]
    CompleteNames {
        #[arg(value_parser = ["probes", "tags"])]
        kind: String,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        words: Vec<String>,
    },
    /// Start a built-in target (healthy and failing endpoints) and run the example suite against it
    Demo {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Run a suite on a schedule and serve the latest results on /metrics for Prometheus
    ///
    /// Each probe runs every `interval` (suite `defaults.interval`, or the probe's own; 60s by
    /// default). Routes: /metrics (OpenMetrics when asked), /probe?name=PROBE (runs one probe of
    /// the suite now; no target can be given), /-/healthy, /-/ready, POST /-/reload. SIGHUP
    /// reloads the suite file (an invalid one is logged and the running suite kept); SIGTERM
    /// lets running probes finish and exits.
    Serve {
        #[arg(value_name = "SUITE")]
        suite: PathBuf,
        /// Address to listen on; binding beyond loopback is an explicit choice
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:10915")]
        listen: std::net::SocketAddr,
        /// Log lines on stderr as logfmt text or JSON
        #[arg(long, value_enum, default_value_t = crate::serve::LogFormat::Text)]
        log_format: crate::serve::LogFormat,
        /// Serve `POST /-/reload` (as Prometheus' flag of that name; off by default, so that
        /// not everyone who can reach the port can reload). SIGHUP always reloads
        #[arg(long = "web.enable-lifecycle")]
        web_enable_lifecycle: bool,
        /// Schedule only shard I of N (from 0) of the suite's probes, as `run --shard` chooses
        /// them; their metrics carry `shard="I/N"` [env: PROBEKIT_SHARD]
        #[arg(long, value_name = "I/N", value_parser = crate::session::parse_shard)]
        shard: Option<crate::suite::shard::Shard>,
        #[command(flatten)]
        vars: VarArgs,
    },
    /// Serve the built-in target (HTTP and TCP on 127.0.0.1) until interrupted; used by the
    /// benchmarks and handy for trying suites.
    #[command(hide = true)]
    Target {
        /// HTTP port (0: any free port)
        #[arg(long, default_value_t = 0)]
        http_port: u16,
        /// TCP port (0: any free port)
        #[arg(long, default_value_t = 0)]
        tcp_port: u16,
    },
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The suite file (YAML)
    #[arg(value_name = "SUITE")]
    pub suite: PathBuf,
    #[command(flatten)]
    pub vars: VarArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// List the probes that would run (after --probe/--tag, with their dependencies) and exit
    #[arg(long)]
    pub list: bool,
    /// The suite's own arguments (its `args:`), as the script it replaces took them; after
    /// `--` when one starts with `-` and is also a probekit option
    #[arg(
        value_name = "ARG",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub script_args: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The script (bash, sh or Python; told by its shebang, else its extension)
    #[arg(value_name = "SCRIPT")]
    pub script: PathBuf,
    /// Write the suite to FILE (atomically) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The suite's name [default: the script's file name]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Exit 1 when anything was kept as a command instead of converted
    #[arg(long)]
    pub strict: bool,
    /// The coverage report's format: text on stderr, or JSON on stdout
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = ImportFormat::Text)]
    pub format: ImportFormat,
    /// Then run the script and the suite against the live targets and compare their verdicts
    /// (exit 1 when they disagree); arguments after `--` go to both
    #[arg(long)]
    pub verify: bool,
    /// The script's arguments, for --verify
    #[arg(last = true, value_name = "ARG")]
    pub args: Vec<String>,
}

/// How `probekit import` reports what it converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The suite file (YAML)
    #[arg(value_name = "SUITE")]
    pub suite: PathBuf,
    /// Where to write the program [default: <suite name>-probe]; with several targets, each goes
    /// to FILE-<target>
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Build for TARGET: `host` (the default), `x86_64-unknown-linux-musl` or
    /// `aarch64-unknown-linux-musl` (static), or another installed Rust target; repeatable
    #[arg(long = "target", value_name = "TARGET")]
    pub targets: Vec<String>,
    /// Write the generated crate (with probekit's runtime and a lock file) to DIR; builds
    /// nothing unless -o or --target is also given
    #[arg(long, value_name = "DIR")]
    pub emit_crate: Option<PathBuf>,
    /// With --emit-crate: write into DIR even when it holds files that are not an earlier
    /// emitted crate (they are kept; the crate's own files are replaced)
    #[arg(long, requires = "emit_crate")]
    pub force: bool,
    /// Link a feature the suite itself does not need: `push` (a Pushgateway push from a probe
    /// without HTTP probes), `tls` (https redirects or pushes), `http`, `http2`, `metrics`,
    /// `regex`, `jsonpath`
    #[arg(long = "with", value_name = "FEATURE", value_delimiter = ',')]
    pub with: Vec<String>,
    /// Never use the network (cargo --offline): every crate must be in cargo's cache
    #[arg(long)]
    pub offline: bool,
    /// Compile the runtime again even when the cache has one for this target and these
    /// features (after changing the C compiler or linker, which the cache cannot see)
    #[arg(long)]
    pub rebuild: bool,
    // Template variables are compiled in: secrets belong in `${VAR}`, which the probe reads from
    // its environment when it runs (docs/build.md).
    #[command(flatten)]
    pub vars: VarArgs,
}

#[derive(Debug, Args, Default)]
pub struct VarArgs {
    /// Set a template variable, overriding the suite's `vars` (repeatable)
    #[arg(long = "var", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub vars: Vec<(String, String)>,
    /// Template variables from a YAML or JSON mapping (lists, numbers and nested values keep
    /// their types), over the suite's `vars`; `--var` overrides them
    #[arg(long = "vars-file", value_name = "FILE")]
    pub vars_file: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CheckCommand {
    #[command(about = about::HTTP)]
    Http(Box<HttpCheckArgs>),
    #[command(about = about::TCP)]
    Tcp(Box<TcpCheckArgs>),
    #[command(about = about::CMD)]
    Cmd(Box<CmdCheckArgs>),
    #[command(about = about::METRICS)]
    Metrics(Box<MetricsCheckArgs>),
    #[command(about = about::REDIS)]
    Redis(Box<DatabaseCheckArgs>),
    #[command(about = about::POSTGRES)]
    Postgres(Box<DatabaseCheckArgs>),
    #[command(about = about::MYSQL)]
    Mysql(Box<DatabaseCheckArgs>),
    #[command(about = about::MONGO)]
    Mongo(Box<DatabaseCheckArgs>),
    #[command(about = about::FILE)]
    File(Box<HostCheckArgs>),
    #[command(about = about::DISK)]
    Disk(Box<HostCheckArgs>),
    #[command(about = about::MEMORY)]
    Memory(Box<HostCheckArgs>),
    #[command(about = about::LOAD)]
    Load(Box<HostCheckArgs>),
    #[command(about = about::PROCESS)]
    Process(Box<ProcessCheckArgs>),
    #[command(about = about::DNS)]
    Dns(Box<DnsCheckArgs>),
    #[command(about = about::TLS)]
    Tls(Box<TlsCheckArgs>),
    #[command(about = about::ICMP)]
    Icmp(Box<IcmpCheckArgs>),
    #[command(about = about::GRPC)]
    Grpc(Box<GrpcCheckArgs>),
    #[command(about = about::SERVICE)]
    Service(Box<ServiceCheckArgs>),
}

/// What each kind of `check` says of itself in `--help`, for the derive and for [`parse`]'s
/// tree of one kind alike.
mod about {
    pub const HTTP: &str = "Probe an HTTP(S) URL";
    pub const TCP: &str = "Connect to a TCP port";
    pub const CMD: &str = "Run a command";
    pub const METRICS: &str = "Scrape a Prometheus /metrics page (or read one from a file) and check samples: the one-liner for `curl -s host:9100/metrics | grep node_load1 | awk …`";
    pub const REDIS: &str = "Ask a redis server whether it serves (`redis-cli ping`), optionally log in and run a command";
    pub const POSTGRES: &str = "Ask a PostgreSQL server whether it accepts connections (`pg_isready`), optionally log in and run a query";
    pub const MYSQL: &str = "Ask a MySQL or MariaDB server whether it accepts connections (`mysqladmin ping`), optionally log in and run a query";
    pub const MONGO: &str = "Ask a MongoDB server whether it answers (`mongosh --eval 'db.adminCommand(\"ping\")'`), optionally log in and run a command given as JSON";
    pub const FILE: &str = "Check a path: exists, type, mode, owner, size, age, content (`[ -f ]`, `stat`, `find -mmin`, `grep -q`)";
    pub const DISK: &str =
        "Check the filesystem holding a path: used %, free space and inodes (`df`)";
    pub const MEMORY: &str = "Check available memory and swap (`free`)";
    pub const LOAD: &str = "Check the load average (`uptime`)";
    pub const PROCESS: &str = "Count the processes matching a name, a command-line pattern or a pidfile, and the ports they listen on (`pgrep`, `ss -lnp`)";
    pub const DNS: &str =
        "Ask a DNS server, as dig does: `probekit check dns example.com MX @127.0.0.1`";
    pub const TLS: &str = "Shake hands with TLS (after STARTTLS for smtp, imap, pop3, postgres, ldap) and check the certificate: `openssl s_client | openssl x509 -checkend`";
    pub const ICMP: &str = "Send ICMP echoes (`ping -c`), IPv4 or IPv6: `--expect 'loss < 20%' --expect 'rtt < 100ms'`";
    pub const GRPC: &str =
        "Ask a gRPC server's health service (`grpc_health_probe`): SERVING passes";
    pub const SERVICE: &str =
        "Ask systemd over D-Bus whether a unit is active (`systemctl is-active`, `is-enabled`)";
}

/// Reads the command line as `Cli::try_parse_from` does. clap's description of every
/// subcommand and option takes about a millisecond to build, at every start; a one-shot
/// `probekit check KIND …` (run in shell loops) builds only the kind it names.
pub fn parse(argv: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let mut tree = match argv.get(1..3) {
        Some([check, kind]) if check == "check" => kind.to_str().and_then(check_kind).map(|kind| {
            clap::Command::new("probekit")
                .version(env!("CARGO_PKG_VERSION"))
                .propagate_version(true)
                .subcommand(clap::Command::new("check").subcommand(kind))
        }),
        _ => None,
    }
    .unwrap_or_else(Cli::command);
    let matches = tree.try_get_matches_from_mut(argv)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut tree))
}

/// `probekit check KIND`'s own command, as the derive of [`CheckCommand`] builds it.
fn check_kind(name: &str) -> Option<clap::Command> {
    type Kind = (
        &'static str,
        &'static str,
        fn(clap::Command) -> clap::Command,
    );
    const KINDS: [Kind; 18] = [
        ("http", about::HTTP, HttpCheckArgs::augment_args),
        ("tcp", about::TCP, TcpCheckArgs::augment_args),
        ("cmd", about::CMD, CmdCheckArgs::augment_args),
        ("metrics", about::METRICS, MetricsCheckArgs::augment_args),
        ("redis", about::REDIS, DatabaseCheckArgs::augment_args),
        ("postgres", about::POSTGRES, DatabaseCheckArgs::augment_args),
        ("mysql", about::MYSQL, DatabaseCheckArgs::augment_args),
        ("mongo", about::MONGO, DatabaseCheckArgs::augment_args),
        ("file", about::FILE, HostCheckArgs::augment_args),
        ("disk", about::DISK, HostCheckArgs::augment_args),
        ("memory", about::MEMORY, HostCheckArgs::augment_args),
        ("load", about::LOAD, HostCheckArgs::augment_args),
        ("process", about::PROCESS, ProcessCheckArgs::augment_args),
        ("dns", about::DNS, DnsCheckArgs::augment_args),
        ("tls", about::TLS, TlsCheckArgs::augment_args),
        ("icmp", about::ICMP, IcmpCheckArgs::augment_args),
        ("grpc", about::GRPC, GrpcCheckArgs::augment_args),
        ("service", about::SERVICE, ServiceCheckArgs::augment_args),
    ];
    let &(name, about, args) = KINDS.iter().find(|(n, _, _)| *n == name)?;
    Some(args(clap::Command::new(name)).about(about))
}

#[derive(Debug, Args)]
pub struct ServiceCheckArgs {
    /// The unit (`nginx` is `nginx.service`)
    pub unit: String,
    /// Accepted ActiveState (repeatable; default active)
    #[arg(long = "expect-state", value_name = "STATE")]
    pub states: Vec<String>,
    /// The unit must also be enabled (UnitFileState `enabled`)
    #[arg(long)]
    pub enabled: bool,
    #[command(flatten)]
    pub common: CommonCheckArgs,
}

#[derive(Debug, Args)]
pub struct GrpcCheckArgs {
    /// `host:port`
    pub address: String,
    /// The service to ask about (default: the server as a whole)
    #[arg(long, value_name = "NAME")]
    pub service: Option<String>,
    /// Connect with TLS (ALPN h2)
    #[arg(long)]
    pub tls: bool,
    /// With --tls: skip certificate verification
    #[arg(long, requires = "tls")]
    pub insecure: bool,
    /// With --tls: verify against these CA certificates (PEM)
    #[arg(long, value_name = "FILE", requires = "tls")]
    pub ca_file: Option<PathBuf>,
    /// With --tls: the name to ask for (SNI) and verify
    #[arg(long, value_name = "NAME", requires = "tls")]
    pub server_name: Option<String>,
    /// Accepted serving status (repeatable; default SERVING)
    #[arg(long = "expect-status", value_name = "STATUS")]
    pub statuses: Vec<String>,
    #[command(flatten)]
    pub common: CommonCheckArgs,
}

#[derive(Debug, Args)]
pub struct IcmpCheckArgs {
    /// The host: a name or an address
    pub host: String,
    /// Echoes to send (ping -c)
    #[arg(long, short = 'n', value_name = "N", default_value_t = 1)]
    pub count: u32,
    /// Time between echoes (ping -i)
    #[arg(long, value_name = "DURATION", default_value = "1s")]
    pub interval: String,
    /// Payload bytes of each echo (ping -s)
    #[arg(long, value_name = "BYTES")]
    pub size: Option<u32>,
    /// Only IPv4
    #[arg(short = '4', conflicts_with = "ipv6")]
    pub ipv4: bool,
    /// Only IPv6
    #[arg(short = '6')]
    pub ipv6: bool,
    #[command(flatten)]
    pub rules: HostExpectArgs,
    #[command(flatten)]
    pub common: CommonCheckArgs,
}

/// How long the server's certificate must still be valid.
#[derive(Debug, Args)]
pub struct CertExpiryArgs {
    /// Fail when the certificate expires within this time (openssl x509 -checkend)
    #[arg(long, value_name = "DURATION", conflicts_with = "cert_critical")]
    pub min_cert_validity: Option<String>,
    /// Warn when the certificate expires within this time (check_http `-C 30,14`: 30d)
    #[arg(long, value_name = "DURATION")]
    pub cert_warning: Option<String>,
    /// Critical when the certificate expires within this time (check_http `-C 30,14`: 14d)
    #[arg(long, value_name = "DURATION")]
    pub cert_critical: Option<String>,
}

#[derive(Debug, Args)]
pub struct TlsCheckArgs {
    /// `host:port`
    pub address: String,
    /// The plain-text exchange before the handshake: smtp, imap, pop3, postgres or ldap
    #[arg(long, value_name = "PROTOCOL")]
    pub starttls: Option<String>,
    /// Do not verify the certificate (it is still read and checked)
    #[arg(long)]
    pub insecure: bool,
    /// Verify against these CA certificates (PEM) instead of the system's
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// The name to ask for (SNI) and verify, when not the address's host
    #[arg(long, value_name = "NAME")]
    pub server_name: Option<String>,
    #[command(flatten)]
    pub cert: CertExpiryArgs,
    /// The certificate must be valid for this name (repeatable)
    #[arg(long = "expect-san", value_name = "NAME")]
    pub san: Vec<String>,
    /// Accepted protocol version, `TLS 1.2` or `TLS 1.3` (repeatable)
    #[arg(long = "expect-version", value_name = "VERSION")]
    pub versions: Vec<String>,
    #[command(flatten)]
    pub common: CommonCheckArgs,
}

#[derive(Debug, Args)]
pub struct DnsCheckArgs {
    /// The name, and as dig takes them a record type (A, AAAA, CNAME, MX, TXT, SRV, NS, SOA,
    /// PTR; default A) and `@SERVER` (default: /etc/resolv.conf's first nameserver)
    #[arg(value_name = "NAME [TYPE] [@SERVER]", required = true, num_args = 1..=3)]
    pub words: Vec<String>,
    /// Ask over TCP
    #[arg(long)]
    pub tcp: bool,
    /// Do not ask the server to recurse (dig +norecurse)
    #[arg(long)]
    pub no_recursion: bool,
    /// Accepted response code (repeatable; default NOERROR with at least one answer)
    #[arg(long = "expect-rcode", value_name = "RCODE")]
    pub rcodes: Vec<String>,
    /// An answer must contain this text, as dig +short prints the records (repeatable)
    #[arg(long = "expect-answer", value_name = "TEXT")]
    pub answers: Vec<String>,
    /// The answer must be authoritative
    #[arg(long)]
    pub authoritative: bool,
    #[command(flatten)]
    pub common: CommonCheckArgs,
}

/// Expectations of a probe of the machine, from the command line.
#[derive(Debug, Args)]
pub struct HostExpectArgs {
    /// An expectation: a measure and a comparison (`used < 90%`, `free > 10GiB`, `age < 25h`,
    /// `count >= 2`) or an attribute and a value (`type=directory`, `mode=0644`, `owner=root`,
    /// `exists=false`); repeatable
    #[arg(long = "expect", short = 'e', value_name = "RULE")]
    pub expect: Vec<String>,
    /// A measure's warning level, as the comparison that raises it (`used > 80%`)
    #[arg(long, value_name = "RULE")]
    pub warning_if: Vec<String>,
    /// A measure's critical level, as the comparison that raises it (`used > 90%`)
    #[arg(long, value_name = "RULE")]
    pub critical_if: Vec<String>,
}

#[derive(Debug, Args)]
pub struct HostCheckArgs {
    /// The path (file and disk)
    pub path: Option<String>,
    /// file: its content must contain this text (repeatable)
    #[arg(long = "contains", value_name = "TEXT")]
    pub contains: Vec<String>,
    /// load: divide by the CPUs the probe may use
    #[arg(long)]
    pub per_cpu: bool,
    #[command(flatten)]
    pub rules: HostExpectArgs,
    #[command(flatten)]
    pub common: CommonCheckArgs,
}

#[derive(Debug, Args)]
pub struct ProcessCheckArgs {
    /// The process name, exactly (`pgrep -x`)
    #[arg(value_name = "NAME")]
    pub process: Option<String>,
    /// A regular expression searched in the whole command line (`pgrep -f`)
    #[arg(long, value_name = "REGEX")]
    pub pattern: Option<String>,
    /// The process whose id this file holds
    #[arg(long, value_name = "FILE")]
    pub pidfile: Option<String>,
    /// Only processes of this user, a name or a uid (`pgrep -u`)
    #[arg(long, short = 'u', value_name = "USER")]
    pub user: Option<String>,
    /// The processes must listen on this port (repeatable)
    #[arg(long, value_name = "PORT")]
    pub listening: Vec<u16>,
    #[command(flatten)]
    pub rules: HostExpectArgs,
    #[command(flatten)]
    pub common: CommonCheckArgs,
}

#[derive(Debug, Args)]
pub struct DatabaseCheckArgs {
    /// `host:port`, or a host on the server's usual port
    pub address: String,
    /// Log in as this user
    #[arg(long, short = 'U', value_name = "USER")]
    pub user: Option<String>,
    /// The environment variable that holds the password (default: the one the server's own
    /// client reads, PGPASSWORD, MYSQL_PWD or REDISCLI_AUTH, when it is set; for mongo,
    /// MONGO_PASSWORD)
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// The database (redis: its number; mongo: where the login and the query run, `admin` if not given)
    #[arg(long, short = 'd', value_name = "NAME")]
    pub database: Option<String>,
    /// A query (redis: a command such as `INFO replication`; mongo: a command document in
    /// JSON, `{"replSetGetStatus": 1}`) whose result is checked
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,
    /// Connect with TLS
    #[arg(long)]
    pub tls: bool,
    /// With --tls: skip certificate verification
    #[arg(long, requires = "tls")]
    pub insecure: bool,
    /// The query's result must equal this (whitespace at both ends ignored)
    #[arg(long = "expect-result", value_name = "TEXT", requires = "query")]
    pub result_equals: Option<String>,
    /// The query's result must contain this text (repeatable)
    #[arg(
        long = "expect-result-contains",
        value_name = "TEXT",
        requires = "query"
    )]
    pub result_contains: Vec<String>,
    /// Pass also when the server answers but rejects connections (starting up, loading)
    #[arg(long)]
    pub accept_rejecting: bool,
    #[command(flatten)]
    pub common: CommonCheckArgs,
}

#[derive(Debug, Args)]
pub struct CommonCheckArgs {
    /// Name of the probe in the report
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Time one attempt may take
    #[arg(long, value_name = "DURATION", default_value = "5s")]
    pub timeout: String,
    /// Extra attempts after a failure
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub retries: u32,
    /// Delay before the first retry; it doubles with each further attempt (with jitter)
    #[arg(long, value_name = "DURATION", default_value = "1s")]
    pub retry_delay: String,
    /// Keep trying until it passes or this much time has passed (instead of --retries)
    #[arg(long, value_name = "DURATION", conflicts_with = "retries")]
    pub wait: Option<String>,
    /// With --wait: the time between attempts
    #[arg(long, value_name = "DURATION", default_value = "1s", requires = "wait")]
    pub every: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct HttpCheckArgs {
    /// The URL to request
    pub url: String,
    /// Request method
    #[arg(long, short = 'X', default_value = "GET")]
    pub method: String,
    /// Request header, `Name: value` (repeatable)
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// Basic credentials, as curl's `-u` (`${VAR}` in them is read from the environment, which
    /// keeps the password off the command line)
    #[arg(long, short = 'u', value_name = "USER[:PASSWORD]")]
    pub user: Option<String>,
    /// Request body
    #[arg(long, short = 'd', value_name = "BODY")]
    pub data: Option<String>,
    /// Accepted status: a code or a class such as 2xx (repeatable; default 2xx)
    #[arg(long = "expect-status", value_name = "STATUS")]
    pub expect_status: Vec<String>,
    /// The body must contain this text (repeatable)
    #[arg(long = "expect-body-contains", value_name = "TEXT")]
    pub body_contains: Vec<String>,
    /// The body must match this regular expression (repeatable)
    #[arg(long = "expect-body-matches", value_name = "REGEX")]
    pub body_matches: Vec<String>,
    /// A JSON rule on the body (repeatable): `status == UP`, `checks.db != DOWN`,
    /// `count > 3`, `len(peers) > 0`, `version =~ ^1\.`, `error absent`, `id type string`
    #[arg(long = "expect-json", value_name = "PATH OP VALUE")]
    pub expect_json: Vec<String>,
    /// Fail when the request takes longer than this
    #[arg(long, value_name = "DURATION")]
    pub max_latency: Option<String>,
    #[command(flatten)]
    pub cert: CertExpiryArgs,
    /// Warn when the request takes longer than this
    #[arg(long, value_name = "DURATION")]
    pub latency_warning: Option<String>,
    /// Time allowed for the TCP connect alone
    #[arg(long, value_name = "DURATION")]
    pub connect_timeout: Option<String>,
    /// Do not follow redirects
    #[arg(long)]
    pub no_follow: bool,
    /// Accept any TLS certificate
    #[arg(long, short = 'k')]
    pub insecure: bool,
    /// Extra CA certificates (PEM) to trust
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Client certificate (PEM) for servers that require one (mutual TLS); needs --key
    #[arg(long = "cert", value_name = "FILE", requires = "client_key")]
    pub client_cert: Option<PathBuf>,
    /// The private key (PEM) of --cert
    #[arg(long = "key", value_name = "FILE", requires = "client_cert")]
    pub client_key: Option<PathBuf>,
    #[command(flatten)]
    pub common: CommonCheckArgs,
}

#[derive(Debug, Args)]
pub struct TcpCheckArgs {
    /// `host:port`
    pub address: String,
    /// Connect with TLS
    #[arg(long)]
    pub tls: bool,
    /// Text to send after connecting (escapes such as \r\n are interpreted)
    #[arg(long, value_name = "TEXT")]
    pub send: Option<String>,
    /// The response must contain this text
    #[arg(long = "expect-response-contains", value_name = "TEXT")]
    pub response_contains: Vec<String>,
    #[command(flatten)]
    pub common: CommonCheckArgs,
}

#[derive(Debug, Args)]
pub struct CmdCheckArgs {
    /// Run the single argument with /bin/sh -c
    #[arg(long)]
    pub shell: bool,
    /// Accepted exit codes (repeatable; default 0)
    #[arg(long = "expect-exit", value_name = "CODE")]
    pub expect_exit: Vec<u8>,
    /// stdout must contain this text (repeatable)
    #[arg(long = "expect-stdout-contains", value_name = "TEXT")]
    pub stdout_contains: Vec<String>,
    /// stdout must match this regular expression (repeatable)
    #[arg(long = "expect-stdout-matches", value_name = "REGEX")]
    pub stdout_matches: Vec<String>,
    #[command(flatten)]
    pub common: CommonCheckArgs,
    /// The program and its arguments (after `--`)
    #[arg(required = true, last = true, value_name = "ARGV")]
    pub argv: Vec<String>,
}

#[derive(Debug, Args)]
pub struct MetricsCheckArgs {
    /// The page: an http:// or https:// URL to scrape, or a file with --file
    pub source: String,
    /// Read SOURCE as a file instead of scraping it
    #[arg(long)]
    pub file: bool,
    /// What must hold (repeatable): `node_load1 < 4`, `sum(errors_total{code=~"5.."}) == 0`,
    /// `rate(http_requests_total) < 100`, `up present`, `debug_info absent`,
    /// `temp_celsius between 10 and 40`. Aggregations: all (default), any, sum, min, max, avg,
    /// count; rate and increase need --window
    #[arg(long = "expect", short = 'e', value_name = "RULE")]
    pub expect: Vec<String>,
    /// Scrape twice this far apart, for rate() and increase()
    #[arg(long, value_name = "DURATION")]
    pub window: Option<String>,
    /// Do not verify the server's certificate
    #[arg(long, short = 'k')]
    pub insecure: bool,
    #[command(flatten)]
    pub common: CommonCheckArgs,
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("`{s}` is not KEY=VALUE")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use clap::FromArgMatches;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// The tree of one `check` kind answers every command line as the whole tree does: its
    /// help, its version, its errors and what it reads.
    #[test]
    fn one_kind_of_check_parses_as_the_whole_tree() {
        let whole = |argv: &[&str]| match Cli::command().try_get_matches_from(argv) {
            Ok(m) => format!("{:?}", Cli::from_arg_matches(&m).map(|c| format!("{c:?}"))),
            Err(e) => format!("{}{}", e.kind(), e.render()),
        };
        let pruned = |argv: &[&str]| match parse(argv.iter().map(Into::into).collect()) {
            Ok(c) => format!("{:?}", Ok::<_, clap::Error>(format!("{c:?}"))),
            Err(e) => format!("{}{}", e.kind(), e.render()),
        };
        let check = Cli::command();
        let kinds: Vec<&str> = check
            .find_subcommand("check")
            .expect("check")
            .get_subcommands()
            .map(|c| c.get_name())
            .collect();
        assert!(kinds.len() >= 17, "{kinds:?}");
        for kind in kinds {
            assert!(
                check_kind(kind).is_some(),
                "`check {kind}` has no tree of its own"
            );
            for tail in [
                &["--help"][..],
                &["-h"],
                &["--version"],
                &[],
                &["--no-such-flag"],
                &["x", "--timeout", "nonsense"],
                &["127.0.0.1:1", "--timeout", "2s", "--format", "json"],
                &["x", "y", "z"],
            ] {
                let argv: Vec<&str> = ["probekit", "check", kind]
                    .iter()
                    .chain(tail)
                    .copied()
                    .collect();
                assert_eq!(pruned(&argv), whole(&argv), "{argv:?}");
            }
        }
    }
}
