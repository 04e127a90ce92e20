//! A run session: one suite run from a command line, from choosing the async runtime to the
//! exit status — selection, signals, the run itself, delivering every report (stdout, files,
//! textfile, Pushgateway) and printing a [`Failure`]. `probekit run`, `probekit check` and a
//! compiled probe (`probekit build`) share it, so all behave the same: flags, reports, exit codes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::check::Engine;
use crate::report::{self, OutputFormat};
use crate::runner::{self, Observer, RunOptions, RunReport, Selection};
use crate::suite::Suite;
use crate::suite::shard::Shard;

pub use crate::exit::{EXIT_FAIL, EXIT_PASS, EXIT_UNDELIVERED, EXIT_USAGE, Failure};

/// Runs of up to this many probes use a single-threaded runtime.
pub const SINGLE_THREAD_MAX_PROBES: usize = 8;

#[derive(Debug, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct SelectArgs {
    /// Run only probes whose name matches (exact or glob with * and ?; repeatable). Their dependencies run too
    #[cfg_attr(feature = "cli", arg(long = "probe", value_name = "NAME"))]
    pub probes: Vec<String>,
    /// Run only probes carrying this tag (repeatable: any of them)
    #[cfg_attr(feature = "cli", arg(long = "tag", value_name = "TAG"))]
    pub tags: Vec<String>,
    /// Stop at the first probe that does not pass; the rest are reported as skipped
    #[cfg_attr(feature = "cli", arg(long))]
    pub fail_fast: bool,
    /// Time limit for the whole run; probes still pending then are reported as skipped
    #[cfg_attr(feature = "cli", arg(long, value_name = "DURATION", value_parser = parse_duration_arg))]
    pub deadline: Option<Duration>,
    /// How many probes run at once (default: the suite's `concurrency`, else 32)
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000)))]
    pub concurrency: Option<u32>,
    /// Run only shard I of N (from 0): a stable share of the probes, by rendezvous hashing of
    /// their names, a probe always with its dependencies; reports carry `shard="I/N"`
    /// [env: PROBEKIT_SHARD]
    #[cfg_attr(feature = "cli", arg(long, value_name = "I/N", value_parser = parse_shard))]
    pub shard: Option<Shard>,
}

pub fn parse_shard(text: &str) -> Result<Shard, String> {
    text.parse()
}

/// The suite's share for `--shard`, or `PROBEKIT_SHARD` (as a Kubernetes Indexed Job sets it:
/// `$(JOB_COMPLETION_INDEX)/4`); the whole suite without either.
pub fn take_shard(suite: &mut Suite, select: &SelectArgs) -> Result<Option<Shard>, String> {
    let shard = shard_or_env(select.shard)?;
    if let Some(shard) = shard {
        shard.apply(suite);
    }
    Ok(shard)
}

/// `--shard`, else `PROBEKIT_SHARD`.
pub fn shard_or_env(given: Option<Shard>) -> Result<Option<Shard>, String> {
    match given {
        Some(shard) => Ok(Some(shard)),
        None => match std::env::var("PROBEKIT_SHARD") {
            Ok(text) if !text.trim().is_empty() => parse_shard(&text)
                .map(Some)
                .map_err(|e| format!("PROBEKIT_SHARD: {e}")),
            _ => Ok(None),
        },
    }
}

#[derive(Debug, Clone)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct OutputArgs {
    /// Report format
    #[cfg_attr(feature = "cli", arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Human))]
    pub format: OutputFormat,
    /// Write the report to FILE (atomically: a temporary file renamed into place) instead of stdout
    #[cfg_attr(feature = "cli", arg(long, short = 'o', value_name = "FILE"))]
    pub output: Option<PathBuf>,
    /// Colour the human report (auto: on a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb;
    /// CLICOLOR_FORCE=1 colours it anywhere)
    #[cfg_attr(feature = "cli", arg(long, value_enum, default_value_t = ColorChoice::Auto))]
    pub color: ColorChoice,
    /// Never show a progress bar (it is shown on a terminal's stderr for runs of many probes)
    #[cfg_attr(feature = "cli", arg(long))]
    pub no_progress: bool,
    /// Print nothing when every probe passes (cron mails only failures); files named by -o,
    /// --report, --textfile-dir and --push are still written
    #[cfg_attr(feature = "cli", arg(long, short = 'q', conflicts_with = "verbose"))]
    pub quiet: bool,
    /// Show each HTTP exchange in full, as `curl -v` does: connection, TLS, request and
    /// response headers, the start of the body (credentials redacted); in JSON as `exchange`
    #[cfg_attr(feature = "cli", arg(long, short = 'v'))]
    pub verbose: bool,
    /// Also write the results as metrics to DIR/<suite>.prom, atomically, for node_exporter's
    /// textfile collector (--collector.textfile.directory=DIR)
    #[cfg_attr(feature = "cli", arg(long, value_name = "DIR"))]
    pub textfile_dir: Option<PathBuf>,
    /// Also push the results as metrics to this Pushgateway (e.g. http://127.0.0.1:9091), grouped
    /// by job, suite and instance; PUT, so probes removed from the suite vanish from the group
    #[cfg_attr(feature = "cli", arg(long, value_name = "URL", value_parser = parse_push_url))]
    pub push: Option<String>,
    /// The Pushgateway job name
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "NAME", default_value = "probekit")
    )]
    pub job: String,
    /// The Pushgateway `instance` grouping label [default: this host's name]
    #[cfg_attr(feature = "cli", arg(long, value_name = "NAME"))]
    pub push_instance: Option<String>,
    /// Also write a report in FORMAT to FILE (atomically); repeatable, e.g.
    /// `--report junit=probes.xml --report json=probes.json`
    #[cfg_attr(feature = "cli", arg(long = "report", value_name = "FORMAT=FILE", value_parser = parse_report))]
    pub reports: Vec<(OutputFormat, PathBuf)>,
    /// With --format nagios: WARNING when a probe's duration in seconds is outside RANGE
    /// (plugin range syntax: `0.5`, `~:0.5`, `@0.2:0.5`)
    #[cfg_attr(feature = "cli", arg(long, short = 'w', value_name = "RANGE", value_parser = parse_range))]
    pub warning: Option<crate::report::nagios::Range>,
    /// With --format nagios: CRITICAL when a probe's duration in seconds is outside RANGE
    #[cfg_attr(feature = "cli", arg(long, short = 'c', value_name = "RANGE", value_parser = parse_range))]
    pub critical: Option<crate::report::nagios::Range>,
}

/// The defaults of `probekit run`'s flags (clap states the same in its attributes).
impl Default for OutputArgs {
    fn default() -> Self {
        OutputArgs {
            format: OutputFormat::Human,
            output: None,
            color: ColorChoice::Auto,
            no_progress: false,
            quiet: false,
            verbose: false,
            textfile_dir: None,
            push: None,
            job: "probekit".into(),
            push_instance: None,
            reports: Vec::new(),
            warning: None,
            critical: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

pub fn parse_report(s: &str) -> Result<(OutputFormat, PathBuf), String> {
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

/// `--push URL`, read before the run so that a mistyped gateway fails at once, not after it.
pub fn parse_push_url(s: &str) -> Result<String, String> {
    #[cfg(feature = "http")]
    crate::check::http::parse_url(s).map_err(|e| e.message)?;
    Ok(s.to_string())
}

pub fn parse_range(s: &str) -> Result<crate::report::nagios::Range, String> {
    crate::report::nagios::Range::parse(s)
}

pub fn parse_duration_arg(s: &str) -> Result<Duration, String> {
    crate::units::parse_duration(s)
}

/// `run --list`: one line per selected probe — name, kind, target, tags, dependencies.
pub fn list(suite: &Suite, opts: &RunOptions) -> ExitCode {
    use std::io::Write;
    let selected = opts.selection.resolve(suite);
    let width = selected
        .iter()
        .map(|&i| suite.probes[i].name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for &i in &selected {
        let p = &suite.probes[i];
        let mut line = format!(
            "{:width$}  {:8} {}",
            crate::escapes::for_terminal(&p.name),
            p.check.kind().as_str(),
            crate::escapes::for_terminal(&runner::target_of(p))
        );
        if !p.tags.is_empty() {
            line.push_str(&format!("  [{}]", p.tags.join(", ")));
        }
        if !p.depends_on.is_empty() {
            line.push_str(&format!("  after {}", p.depends_on.join(", ")));
        }
        if writeln!(out, "{line}").is_err() {
            return ExitCode::from(EXIT_UNDELIVERED);
        }
    }
    ExitCode::from(EXIT_PASS)
}

/// A finished run and whether every report reached its destination.
pub struct Executed {
    pub report: RunReport,
    pub delivered: bool,
    /// The plugin state, for a Nagios check.
    pub nagios: Option<report::nagios::State>,
    /// The signal that interrupted the run (its reports are still complete).
    pub interrupted: Option<i32>,
}

impl Executed {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.status())
    }

    /// The exit status the run's results, its delivery and its interruption give.
    pub fn status(&self) -> u8 {
        // As a shell reports a command killed by a signal: 130 for SIGINT, 143 for SIGTERM.
        if let Some(signo) = self.interrupted
            && self.nagios.is_none()
        {
            return 128 + signo as u8;
        }
        if let Some(state) = self.nagios {
            let state = if self.delivered {
                state
            } else {
                state.max(report::nagios::State::Unknown)
            };
            return state.exit_code();
        }
        if !self.delivered {
            EXIT_UNDELIVERED
        } else if self.report.passed() {
            EXIT_PASS
        } else {
            EXIT_FAIL
        }
    }
}

pub fn run_options(suite: &Suite, select: &SelectArgs) -> Result<RunOptions, String> {
    let selection = Selection {
        names: select.probes.clone(),
        tags: select.tags.clone(),
    };
    // A shard may hold no probe of a small suite: it runs nothing and passes.
    let filtered = !select.probes.is_empty() || !select.tags.is_empty();
    if filtered && selection.resolve(suite).is_empty() {
        let mut what = Vec::new();
        if !select.probes.is_empty() {
            what.push(format!("--probe {}", select.probes.join(", ")));
        }
        if !select.tags.is_empty() {
            what.push(format!("--tag {}", select.tags.join(", ")));
        }
        return Err(format!(
            "no probe in suite `{}` matches {}",
            crate::escapes::for_terminal(&suite.name),
            what.join(" and ")
        ));
    }
    Ok(RunOptions {
        concurrency: select.concurrency.map(|c| c as usize),
        deadline: select.deadline,
        fail_fast: select.fail_fast,
        selection,
        cancel: None,
        spool: None,
    })
}

/// The worker threads `PROBEKIT_THREADS` asks for.
pub(crate) fn threads_asked() -> Option<usize> {
    std::env::var("PROBEKIT_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
}

/// A runtime on one thread, or on worker threads (as many as `threads` says where it says more
/// than one, else one a core). Without the `threads` feature (a compiled probe of a small
/// suite), always on one thread.
pub(crate) fn runtime(
    one: bool,
    threads: Option<usize>,
) -> std::io::Result<tokio::runtime::Runtime> {
    #[cfg(feature = "threads")]
    let mut builder = if one {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        if let Some(n) = threads.filter(|n| *n > 1) {
            b.worker_threads(n);
        }
        b
    };
    #[cfg(not(feature = "threads"))]
    let mut builder = {
        let _ = (one, threads);
        tokio::runtime::Builder::new_current_thread()
    };
    builder.enable_all().build()
}

/// Runs a suite and delivers its reports; a [`Failure`] when the run could not start.
pub fn execute(
    suite: Suite,
    mut opts: RunOptions,
    output: &OutputArgs,
    observer: impl FnOnce(usize) -> Arc<dyn Observer>,
) -> Result<Executed, Failure> {
    let total = opts.selection.resolve(&suite).len();
    // A few probes are I/O waits: one thread serves them and starts faster (no worker threads
    // to spawn). Many probes use every core for TLS, parsing and judging.
    let threads = threads_asked();
    let one = threads == Some(1) || (threads.is_none() && total <= SINGLE_THREAD_MAX_PROBES);
    let runtime = runtime(one, threads)
        .map_err(|e| Failure::usage(format!("probekit: cannot start the async runtime: {e}")))?;
    opts.spool = spool_for(output, total);
    let observer = observer(total);
    let report = runtime.block_on(async {
        let cancel = Arc::new(tokio::sync::Notify::new());
        opts.cancel = Some(cancel.clone());
        let signals = tokio::spawn(async move {
            let signo = wait_for_interrupt().await;
            cancel.notify_one();
            signo
        });
        let engine = Arc::new(Engine {
            verbose: output.verbose,
            ..Engine::default()
        });
        let report = runner::run(Arc::new(suite), engine.clone(), opts, observer.clone()).await;
        // Whatever a command left that its own sweep could not yet tell apart goes now.
        crate::check::reaper::kill_all_orphans();
        let interrupted = if signals.is_finished() {
            signals.await.ok()
        } else {
            signals.abort();
            None
        };
        (report, engine, interrupted)
    });
    drop(observer);
    let (report, engine, interrupted) = report;
    let executed = deliver(report, output, interrupted, |report, gateway, instance| {
        runtime.block_on(report::export::push(
            &engine,
            gateway,
            &output.job,
            instance,
            report,
        ))
    });
    // A name lookup runs on a blocking thread that a timeout cannot stop; waiting for it on
    // the way out would let a dead resolver hold the process past every probe's timeout.
    runtime.shutdown_background();
    Ok(executed)
}

/// Delivers a run's report to every destination `output` names — the report and its copies, the
/// textfile directory, the Pushgateway — and says with which exit status. Every destination is
/// tried even when an earlier one failed: nothing is lost for want of another. `push` sends the
/// report to a gateway under an instance name ([`report::export::push`]).
pub fn deliver(
    report: RunReport,
    output: &OutputArgs,
    interrupted: Option<i32>,
    push: impl FnOnce(&RunReport, &str, &str) -> Result<String, String>,
) -> Executed {
    let mut delivered = write_report(&report, output);
    if let Some(dir) = &output.textfile_dir
        && let Err(e) = report::export::write_textfile(dir, &report)
    {
        eprintln!("probekit: {e}");
        delivered = false;
    }
    if let Some(gateway) = &output.push {
        let instance = output
            .push_instance
            .clone()
            .unwrap_or_else(report::export::hostname);
        if let Err(e) = push(&report, gateway, &instance) {
            eprintln!("probekit: {e}");
            delivered = false;
        }
    }
    let nagios = (output.format == OutputFormat::Nagios)
        .then(|| report::nagios::state(&report, &thresholds(output)));
    Executed {
        report,
        delivered,
        nagios,
        interrupted,
    }
}

/// Runs of at least this many probes spool their results for a JSON report.
const SPOOL_FROM_PROBES: usize = 2000;

/// A spool for the results of a large run whose only reports are JSON (no metrics exported,
/// no other format, which read the results themselves): each result waits in it, written as
/// the report will show it, instead of in memory.
fn spool_for(output: &OutputArgs, total: usize) -> Option<Arc<dyn runner::Spool>> {
    let only_json = output.format == OutputFormat::Json
        && output.reports.iter().all(|(f, _)| *f == OutputFormat::Json)
        && output.textfile_dir.is_none()
        && output.push.is_none();
    if !only_json || total < SPOOL_FROM_PROBES {
        return None;
    }
    // Beside the report file (a `/tmp` that is memory would hold it in memory all the same),
    // else in the temporary directory; where neither takes it, the results stay in memory.
    let beside = output.output.as_deref().map(|p| match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    });
    report::json::Spool::new(beside)
        .or_else(|_| report::json::Spool::new(None))
        .ok()
        .map(|s| Arc::new(s) as Arc<dyn runner::Spool>)
}

/// Waits for SIGINT or SIGTERM; the signal's number.
async fn wait_for_interrupt() -> i32 {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) {
        (Ok(mut int), Ok(mut term)) => {
            tokio::select! {
                _ = int.recv() => libc::SIGINT,
                _ = term.recv() => libc::SIGTERM,
            }
        }
        _ => std::future::pending::<i32>().await,
    }
}

pub fn write_report(report: &RunReport, output: &OutputArgs) -> bool {
    let to_terminal = output.output.is_none() && std::io::stdout().is_terminal();
    let color = match output.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        // CLICOLOR_FORCE wins; NO_COLOR, CLICOLOR=0 and TERM=dumb turn colour off on a terminal.
        ColorChoice::Auto => {
            anstyle_query::clicolor_force()
                || (to_terminal
                    && !anstyle_query::no_color()
                    && anstyle_query::clicolor() != Some(false)
                    && anstyle_query::term_supports_color())
        }
    };
    let style = report::Style {
        color: color && output.format == OutputFormat::Human,
        thresholds: thresholds(output),
    };
    let mut ok = match &output.output {
        Some(path) => write_file(path, &mut |w| {
            report::write(report, output.format, &style, w)
        }),
        None if output.quiet && report.passed() => true,
        None => crate::atomic_file::buffered(&mut std::io::stdout().lock(), &mut |w| {
            report::write(report, output.format, &style, w)
        })
        .is_ok(),
    };
    let plain = report::Style {
        color: false,
        ..style
    };
    for (format, path) in &output.reports {
        ok &= write_file(path, &mut |w| report::write(report, *format, &plain, w));
    }
    ok
}

fn thresholds(output: &OutputArgs) -> report::nagios::Thresholds {
    report::nagios::Thresholds {
        warning: output.warning.clone(),
        critical: output.critical.clone(),
    }
}

/// Whether the command line asks for `--format nagios`, read from the raw arguments: for a
/// command line that could not be parsed, which a Nagios check must still report as UNKNOWN.
pub fn nagios_requested() -> bool {
    // (`args_os`: a word that is not UTF-8, which clap refuses, must not stop this reading.)
    std::env::args_os().any(|a| {
        ["nagios", "--format=nagios", "-fnagios", "-f=nagios"]
            .iter()
            .any(|w| a == *w)
    })
}

/// The one place a command's [`Failure`] is printed: its message on stderr and its exit status,
/// or for a Nagios check UNKNOWN (3) with the message on stdout, where Nagios reads it.
pub fn fail(output: &OutputArgs, failure: Failure) -> ExitCode {
    let message = failure.message.as_str();
    if output.format == OutputFormat::Nagios {
        let (first, rest) = message.split_once('\n').unwrap_or((message, ""));
        let end = if !rest.is_empty() && !rest.ends_with('\n') {
            "\n"
        } else {
            ""
        };
        // (Failing already: a stdout that cannot be written changes nothing of the status.)
        let _ = crate::exit::print(&format!(
            "{}{rest}{end}",
            report::nagios::unknown(first.trim_start_matches("probekit: "))
        ));
        return ExitCode::from(report::nagios::State::Unknown.exit_code());
    }
    eprintln!("{message}");
    ExitCode::from(failure.status)
}

fn write_file(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> bool {
    match crate::atomic_file::write_atomic_with(path, fill) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("probekit: cannot write {}: {e}", path.display());
            false
        }
    }
}
