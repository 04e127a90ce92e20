//! What each subcommand does. `main` parses arguments and calls [`main`].

mod check;
mod demo;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use crate::check::Engine;
use crate::cli::{Cli, ColorChoice, Command, OutputArgs, SelectArgs};
use crate::report::{self, OutputFormat};
use crate::runner::{self, Observer, ProbeResult, RunOptions, RunReport, Selection};
use crate::spec::{LoadOptions, Suite, load_file};

/// Exit status when every probe passed.
pub const EXIT_PASS: u8 = 0;
/// Exit status when a probe failed, errored or was skipped.
pub const EXIT_FAIL: u8 = 1;
/// Exit status when the suite or the command line is wrong.
pub const EXIT_USAGE: u8 = 2;
/// Exit status when the run finished but a report could not be delivered (written, pushed).
pub const EXIT_UNDELIVERED: u8 = 3;

/// Runs of up to this many probes use a single-threaded runtime.
const SINGLE_THREAD_MAX_PROBES: usize = 8;

/// Runs for this many probes or more get a progress bar (on a terminal).
const PROGRESS_MIN_PROBES: usize = 20;

pub fn main(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Run(args) => {
            let opts = LoadOptions {
                vars: args.vars.vars,
            };
            let suite = match load_file(&args.suite, &opts) {
                Ok(s) => s,
                Err(e) => return cannot_run(&args.output, &e.to_string()),
            };
            let run_opts = match run_options(&suite, &args.select) {
                Ok(o) => o,
                Err(msg) => return cannot_run(&args.output, &format!("probekit: {msg}")),
            };
            if args.list {
                return list(&suite, &run_opts);
            }
            execute(suite, run_opts, &args.output)
                .map_or(ExitCode::from(EXIT_USAGE), |r| r.exit_code())
        }
        Command::Check(cmd) => check::main(cmd),
        Command::Validate { files, vars } => validate(&files, &LoadOptions { vars: vars.vars }),
        Command::Schema => {
            print!("{}", crate::spec::SCHEMA);
            ExitCode::SUCCESS
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "probekit", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Demo { output } => demo::main(&output),
        Command::Serve {
            suite,
            listen,
            log_format,
            vars,
        } => ExitCode::from(crate::serve::main(crate::serve::Options {
            suite,
            load: LoadOptions { vars: vars.vars },
            listen,
            log: crate::serve::Logger { format: log_format },
        })),
        Command::Target {
            http_port,
            tcp_port,
        } => demo::serve_target(http_port, tcp_port),
    }
}

/// `run --list`: one line per selected probe — name, kind, target, tags, dependencies.
fn list(suite: &Suite, opts: &RunOptions) -> ExitCode {
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
            p.name,
            p.check.kind().as_str(),
            runner::target_of(p)
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
pub(crate) struct Executed {
    pub report: RunReport,
    pub delivered: bool,
    /// The plugin state, for a Nagios check.
    pub nagios: Option<report::nagios::State>,
    /// The signal that interrupted the run (its reports are still complete).
    pub interrupted: Option<i32>,
}

impl Executed {
    pub fn exit_code(&self) -> ExitCode {
        // As a shell reports a command killed by a signal: 130 for SIGINT, 143 for SIGTERM.
        if let Some(signo) = self.interrupted
            && self.nagios.is_none()
        {
            return ExitCode::from(128 + signo as u8);
        }
        if let Some(state) = self.nagios {
            let state = if self.delivered {
                state
            } else {
                state.max(report::nagios::State::Unknown)
            };
            return ExitCode::from(state.exit_code());
        }
        ExitCode::from(if !self.delivered {
            EXIT_UNDELIVERED
        } else if self.report.passed() {
            EXIT_PASS
        } else {
            EXIT_FAIL
        })
    }
}

fn validate(files: &[std::path::PathBuf], opts: &LoadOptions) -> ExitCode {
    let mut ok = true;
    for file in files {
        match load_file(file, opts) {
            Ok(suite) => println!(
                "{}: ok — suite `{}`, {} probes",
                file.display(),
                suite.name,
                suite.probes.len()
            ),
            Err(e) => {
                eprintln!("{e}");
                ok = false;
            }
        }
    }
    ExitCode::from(if ok { EXIT_PASS } else { EXIT_USAGE })
}

pub(crate) fn run_options(suite: &Suite, select: &SelectArgs) -> Result<RunOptions, String> {
    let selection = Selection {
        names: select.probes.clone(),
        tags: select.tags.clone(),
    };
    if selection.resolve(suite).is_empty() {
        let mut what = Vec::new();
        if !select.probes.is_empty() {
            what.push(format!("--probe {}", select.probes.join(", ")));
        }
        if !select.tags.is_empty() {
            what.push(format!("--tag {}", select.tags.join(", ")));
        }
        return Err(format!(
            "no probe in suite `{}` matches {}",
            suite.name,
            what.join(" and ")
        ));
    }
    Ok(RunOptions {
        concurrency: select.concurrency.map(|c| c as usize),
        deadline: select.deadline,
        fail_fast: select.fail_fast,
        selection,
        cancel: None,
    })
}

/// Runs a suite and delivers its reports; `None` when the run could not start.
pub(crate) fn execute(suite: Suite, mut opts: RunOptions, output: &OutputArgs) -> Option<Executed> {
    let total = opts.selection.resolve(&suite).len();
    // A few probes are I/O waits: one thread serves them and starts faster (no worker threads
    // to spawn). Many probes use every core for TLS, parsing and judging.
    let threads: Option<usize> = std::env::var("PROBEKIT_THREADS")
        .ok()
        .and_then(|v| v.parse().ok());
    let mut builder =
        if threads == Some(1) || (threads.is_none() && total <= SINGLE_THREAD_MAX_PROBES) {
            tokio::runtime::Builder::new_current_thread()
        } else {
            tokio::runtime::Builder::new_multi_thread()
        };
    if let Some(n) = threads.filter(|n| *n > 1) {
        builder.worker_threads(n);
    }
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("probekit: cannot start the async runtime: {e}");
            return None;
        }
    };
    let observer: Arc<dyn Observer> =
        if !output.no_progress && total >= PROGRESS_MIN_PROBES && std::io::stderr().is_terminal() {
            Arc::new(Progress::new())
        } else {
            Arc::new(runner::NoObserver)
        };
    let report = runtime.block_on(async {
        let cancel = Arc::new(tokio::sync::Notify::new());
        opts.cancel = Some(cancel.clone());
        let signals = tokio::spawn(async move {
            let signo = wait_for_interrupt().await;
            cancel.notify_one();
            signo
        });
        let engine = Arc::new(Engine::default());
        let report = runner::run(Arc::new(suite), engine.clone(), opts, observer.clone()).await;
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
    // Every destination is tried even when an earlier one failed: nothing is lost for want of
    // another.
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
        let pushed = runtime.block_on(report::export::push(
            &engine,
            gateway,
            &output.job,
            &instance,
            &report,
        ));
        if let Err(e) = pushed {
            eprintln!("probekit: {e}");
            delivered = false;
        }
    }
    // A name lookup runs on a blocking thread that a timeout cannot stop; waiting for it on
    // the way out would let a dead resolver hold the process past every probe's timeout.
    runtime.shutdown_background();
    let nagios = (output.format == OutputFormat::Nagios)
        .then(|| report::nagios::state(&report, &thresholds(output)));
    Some(Executed {
        report,
        delivered,
        nagios,
        interrupted,
    })
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

fn write_report(report: &RunReport, output: &OutputArgs) -> bool {
    let to_terminal = output.output.is_none() && std::io::stdout().is_terminal();
    let color = match output.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let style = report::Style {
        color: color && output.format == OutputFormat::Human,
        thresholds: thresholds(output),
    };
    let text = report::render(report, output.format, &style);
    let mut ok = match &output.output {
        Some(path) => write_file(path, &text),
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .is_ok()
        }
    };
    let plain = report::Style {
        color: false,
        ..style
    };
    for (format, path) in &output.reports {
        ok &= write_file(path, &report::render(report, *format, &plain));
    }
    ok
}

fn thresholds(output: &OutputArgs) -> report::nagios::Thresholds {
    report::nagios::Thresholds {
        warning: output.warning.clone(),
        critical: output.critical.clone(),
    }
}

/// A command line clap rejected. As a Nagios check (`--format nagios` among the arguments), the
/// plugin guidelines want UNKNOWN on stdout; otherwise clap's message and exit 2.
pub fn bad_command_line(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let nagios =
        std::env::args().any(|a| a == "nagios" || a == "--format=nagios" || a == "-fnagios");
    if !nagios || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit();
    }
    let text = e.render().to_string();
    let first = text.lines().next().unwrap_or("bad command line");
    print!(
        "{}",
        report::nagios::unknown(first.trim_start_matches("error: "))
    );
    ExitCode::from(report::nagios::State::Unknown.exit_code())
}

/// A suite or command line that cannot run: exit 2 with the message on stderr, or for a
/// Nagios check UNKNOWN (3) with the message on stdout, where Nagios reads it.
pub(crate) fn cannot_run(output: &OutputArgs, message: &str) -> ExitCode {
    if output.format == OutputFormat::Nagios {
        let (first, rest) = message.split_once('\n').unwrap_or((message, ""));
        print!(
            "{}{rest}",
            report::nagios::unknown(first.trim_start_matches("probekit: "))
        );
        if !rest.is_empty() && !rest.ends_with('\n') {
            println!();
        }
        return ExitCode::from(report::nagios::State::Unknown.exit_code());
    }
    eprintln!("{message}");
    ExitCode::from(EXIT_USAGE)
}

fn write_file(path: &Path, text: &str) -> bool {
    match report::write_atomic(path, text.as_bytes()) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("probekit: cannot write {}: {e}", path.display());
            false
        }
    }
}

/// A progress bar on stderr.
struct Progress(indicatif::ProgressBar);

impl Progress {
    fn new() -> Progress {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        let style = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} probes  {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        Progress(bar)
    }
}

impl Observer for Progress {
    fn started(&self, total: usize) {
        self.0.set_length(total as u64);
    }

    fn finished(&self, result: &ProbeResult) {
        self.0.inc(1);
        if result.status != runner::Status::Pass {
            self.0.set_message(format!("last problem: {}", result.name));
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
