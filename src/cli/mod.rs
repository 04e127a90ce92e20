//! Command-line definitions (clap) and nothing else; the commands live in `crate::commands`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::OutputFormat;

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
  probekit serve suite.yaml --listen 127.0.0.1:9115
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
    /// Check suite files for mistakes without running anything
    Validate {
        /// Suite files to check
        #[arg(required = true, value_name = "SUITE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        vars: VarArgs,
    },
    /// Print the JSON Schema of the suite format, for editors and the YAML language server
    Schema,
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
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
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9115")]
        listen: std::net::SocketAddr,
        /// Log lines on stderr as logfmt text or JSON
        #[arg(long, value_enum, default_value_t = crate::serve::LogFormat::Text)]
        log_format: crate::serve::LogFormat,
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
}

#[derive(Debug, Args, Default)]
pub struct VarArgs {
    /// Set a template variable, overriding the suite's `vars` (repeatable)
    #[arg(long = "var", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub vars: Vec<(String, String)>,
}

#[derive(Debug, Args, Default)]
pub struct SelectArgs {
    /// Run only probes whose name matches (exact or glob with * and ?; repeatable). Their dependencies run too
    #[arg(long = "probe", value_name = "NAME")]
    pub probes: Vec<String>,
    /// Run only probes carrying this tag (repeatable: any of them)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Stop at the first probe that does not pass; the rest are reported as skipped
    #[arg(long)]
    pub fail_fast: bool,
    /// Time limit for the whole run; probes still pending then are reported as skipped
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_arg)]
    pub deadline: Option<Duration>,
    /// How many probes run at once (default: the suite's `concurrency`, else 32)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub concurrency: Option<u32>,
}

#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Report format
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Write the report to FILE (atomically: a temporary file renamed into place) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colour the human report
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Never show a progress bar (it is shown on a terminal's stderr for runs of many probes)
    #[arg(long)]
    pub no_progress: bool,
    /// Also write the results as metrics to DIR/<suite>.prom, atomically, for node_exporter's
    /// textfile collector (--collector.textfile.directory=DIR)
    #[arg(long, value_name = "DIR")]
    pub textfile_dir: Option<PathBuf>,
    /// Also push the results as metrics to this Pushgateway (e.g. http://127.0.0.1:9091), grouped
    /// by job, suite and instance; PUT, so probes removed from the suite vanish from the group
    #[arg(long, value_name = "URL")]
    pub push: Option<String>,
    /// The Pushgateway job name
    #[arg(long, value_name = "NAME", default_value = "probekit")]
    pub job: String,
    /// The Pushgateway `instance` grouping label [default: this host's name]
    #[arg(long, value_name = "NAME")]
    pub push_instance: Option<String>,
    /// Also write a report in FORMAT to FILE (atomically); repeatable, e.g.
    /// `--report junit=probes.xml --report json=probes.json`
    #[arg(long = "report", value_name = "FORMAT=FILE", value_parser = parse_report)]
    pub reports: Vec<(OutputFormat, PathBuf)>,
    /// With --format nagios: WARNING when a probe's duration in seconds is outside RANGE
    /// (plugin range syntax: `0.5`, `~:0.5`, `@0.2:0.5`)
    #[arg(long, short = 'w', value_name = "RANGE", value_parser = parse_range)]
    pub warning: Option<crate::report::nagios::Range>,
    /// With --format nagios: CRITICAL when a probe's duration in seconds is outside RANGE
    #[arg(long, short = 'c', value_name = "RANGE", value_parser = parse_range)]
    pub critical: Option<crate::report::nagios::Range>,
}

fn parse_report(s: &str) -> Result<(OutputFormat, PathBuf), String> {
    let (format, file) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not FORMAT=FILE (e.g. junit=report.xml)"))?;
    let format = OutputFormat::parse(format).ok_or_else(|| {
        format!("unknown report format `{format}`; use human, json, prometheus, openmetrics, junit, tap, tap13 or nagios")
    })?;
    if file.is_empty() {
        return Err(format!("`{s}` names no file"));
    }
    Ok((format, PathBuf::from(file)))
}

fn parse_range(s: &str) -> Result<crate::report::nagios::Range, String> {
    crate::report::nagios::Range::parse(s)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum CheckCommand {
    /// Probe an HTTP(S) URL
    Http(Box<HttpCheckArgs>),
    /// Connect to a TCP port
    Tcp(Box<TcpCheckArgs>),
    /// Run a command
    Cmd(Box<CmdCheckArgs>),
    /// Scrape a Prometheus /metrics page (or read one from a file) and check samples: the
    /// one-liner for `curl -s host:9100/metrics | grep node_load1 | awk …`
    Metrics(Box<MetricsCheckArgs>),
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
    /// Fail when the request takes longer than this
    #[arg(long, value_name = "DURATION")]
    pub max_latency: Option<String>,
    /// Fail when the certificate expires within this time
    #[arg(long, value_name = "DURATION")]
    pub min_cert_validity: Option<String>,
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

fn parse_duration_arg(s: &str) -> Result<Duration, String> {
    crate::spec::units::parse_duration(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
