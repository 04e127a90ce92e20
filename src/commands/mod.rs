//! What each subcommand does: `main.rs` parses the command line with [`crate::cli`] and calls
//! [`main`], which dispatches and prints a failed command's [`Failure`] in one place.

mod check;
mod completions;
mod demo;
pub mod suite_argv;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::cli::{Cli, Command, ImportFormat, OutputArgs};
use crate::load::{LoadOptions, load_file_warned};
use crate::report;
use crate::runner::{self, Observer, ProbeResult};
pub use crate::session::{
    EXIT_FAIL, EXIT_PASS, EXIT_UNDELIVERED, EXIT_USAGE, Executed, Failure, list, run_options,
};
use crate::units::write_duration;

/// Runs for this many probes or more get a progress bar (on a terminal).
const PROGRESS_MIN_PROBES: usize = 20;

/// Carries out a parsed command line. A command that cannot do its job returns a [`Failure`],
/// printed here and nowhere else (as UNKNOWN for `--format nagios`).
pub fn main(cli: Cli) -> ExitCode {
    let output = match &cli.command {
        Command::Run(args) => args.output.clone(),
        Command::Check(cmd) => check::common(cmd).output.clone(),
        Command::Demo { output } => output.clone(),
        _ => OutputArgs::default(),
    };
    dispatch(cli.command).unwrap_or_else(|failure| crate::session::fail(&output, failure))
}

/// The load options of `--var` and `--vars-file`.
fn load_options(vars: crate::cli::VarArgs) -> Result<LoadOptions, Failure> {
    let file_vars = match &vars.vars_file {
        Some(path) => {
            crate::load::load_vars_file(path).map_err(|e| Failure::usage(e.to_string()))?
        }
        None => Vec::new(),
    };
    Ok(LoadOptions {
        vars: vars.vars,
        file_vars,
        vars_file: vars.vars_file.map(|p| p.display().to_string()),
        ..LoadOptions::default()
    })
}

fn dispatch(command: Command) -> Result<ExitCode, Failure> {
    match command {
        Command::Run(args) => {
            let opts = load_options(args.vars)?;
            let loaded =
                load_file_warned(&args.suite, &opts).map_err(|e| Failure::usage(e.to_string()))?;
            loaded.print_warnings();
            let mut suite = loaded.suite;
            crate::session::take_shard(&mut suite, &args.select)
                .map_err(|msg| Failure::usage(format!("probekit: {msg}")))?;
            crate::suite::args::bind(&suite.args, &args.script_args).map_err(|msg| {
                Failure::usage(format!("probekit: {}: {msg}", args.suite.display()))
            })?;
            let run_opts = run_options(&suite, &args.select)
                .map_err(|msg| Failure::usage(format!("probekit: {msg}")))?;
            if args.list {
                return Ok(list(&suite, &run_opts));
            }
            Ok(execute(suite, run_opts, &args.output)?.exit_code())
        }
        Command::Check(cmd) => check::main(cmd),
        Command::Build(args) => crate::compile::main(crate::compile::Options {
            suite: args.suite,
            output: args.output,
            targets: args.targets,
            emit_crate: args.emit_crate,
            with: args.with,
            load: load_options(args.vars)?,
            offline: args.offline,
            rebuild: args.rebuild,
            force: args.force,
        }),
        Command::Doctor => Ok(crate::compile::doctor()),
        Command::Import(args) => crate::import::main(crate::import::Options {
            script: args.script,
            output: args.output,
            name: args.name,
            strict: args.strict,
            json: args.format == ImportFormat::Json,
            verify: args.verify.then_some(args.args),
        }),
        Command::Validate {
            files,
            vars,
            dump_suite,
        } => {
            let opts = LoadOptions {
                modules_alone: true,
                ..load_options(vars)?
            };
            validate(&files, &opts, dump_suite)
        }
        Command::Schema => {
            crate::exit::print(crate::load::SCHEMA)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => completions::script(shell),
        Command::Man { dir } => completions::man_pages(&dir),
        Command::CompleteNames { kind, words } => completions::names(&kind, &words),
        Command::Demo { output } => demo::main(&output),
        Command::Serve {
            suite,
            listen,
            log_format,
            web_enable_lifecycle,
            shard,
            vars,
        } => crate::serve::main(crate::serve::Options {
            suite,
            shard: crate::session::shard_or_env(shard)
                .map_err(|msg| Failure::usage(format!("probekit serve: {msg}")))?,
            load: load_options(vars)?,
            listen,
            log: crate::serve::Logger { format: log_format },
            lifecycle: web_enable_lifecycle,
        }),
        Command::Target {
            http_port,
            tcp_port,
        } => demo::serve_target(http_port, tcp_port),
    }
}

/// Every file is checked; the diagnostics of all that are wrong make one failure.
fn validate(
    files: &[std::path::PathBuf],
    opts: &LoadOptions,
    dump: bool,
) -> Result<ExitCode, Failure> {
    let mut errors = Vec::new();
    for file in files {
        match load_file_warned(file, opts).map(|loaded| {
            loaded.print_warnings();
            let modules = loaded.modules.map_or(0, |m| m.names().count());
            (loaded.suite, modules)
        }) {
            Ok((suite, _)) if dump => crate::exit::print(&format!(
                "{}\n",
                crate::check::literal_secrets(&suite).redact(&format!("{suite:#?}"))
            ))?,
            Ok((suite, modules)) => crate::exit::print(&format!(
                "{}: ok — suite `{}`, {} probes{}\n",
                file.display(),
                crate::escapes::for_terminal(&suite.name),
                suite.probes.len(),
                match modules {
                    0 => String::new(),
                    1 => ", 1 module".to_string(),
                    n => format!(", {n} modules"),
                }
            ))?,
            Err(e) => errors.push(e.to_string()),
        }
    }
    if errors.is_empty() {
        Ok(ExitCode::from(EXIT_PASS))
    } else {
        Err(Failure::usage(errors.join("\n")))
    }
}

/// A command line clap rejected. As a Nagios check (`--format nagios` among the arguments), the
/// plugin guidelines want UNKNOWN on stdout; otherwise clap's message and exit 2.
pub fn bad_command_line(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let nagios = crate::session::nagios_requested();
    if !nagios || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit();
    }
    let text = e.render().to_string();
    let first = text.lines().next().unwrap_or("bad command line");
    let _ = crate::exit::print(&report::nagios::unknown(
        first.trim_start_matches("error: "),
    ));
    ExitCode::from(report::nagios::State::Unknown.exit_code())
}

/// Runs a suite with, on a terminal, a progress bar for long runs and a line while a probe
/// waits to be ready; `None` when it could not start.
pub(crate) fn execute(
    suite: crate::suite::Suite,
    opts: runner::RunOptions,
    output: &OutputArgs,
) -> Result<Executed, Failure> {
    crate::session::execute(suite, opts, output, |total| -> Arc<dyn Observer> {
        if !output.no_progress && !output.quiet && std::io::stderr().is_terminal() {
            Arc::new(Progress::new(total >= PROGRESS_MIN_PROBES))
        } else {
            Arc::new(runner::NoObserver)
        }
    })
}

/// A progress bar on stderr (`counting`: for long runs), or only a line while a probe waits.
struct Progress {
    bar: indicatif::ProgressBar,
    counting: bool,
}

impl Progress {
    fn new(counting: bool) -> Progress {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        let template = if counting {
            "{bar:30} {pos}/{len} probes  {msg}"
        } else {
            "{wide_msg}"
        };
        let style = indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        Progress { bar, counting }
    }
}

impl Observer for Progress {
    fn started(&self, total: usize) {
        if self.counting {
            self.bar.set_length(total as u64);
        }
    }

    fn retrying(
        &self,
        probe: &str,
        attempt: u32,
        elapsed: Duration,
        limit: Option<Duration>,
        why: &str,
    ) {
        let of = limit.map_or_else(String::new, |l| format!(" of {}", write_duration(l)));
        self.bar.set_message(format!(
            "waiting for `{}`: attempt {attempt} at {}{of}: {}",
            crate::escapes::for_terminal(probe),
            write_duration(Duration::from_millis(
                elapsed.as_millis() as u64 / 100 * 100
            )),
            crate::escapes::for_terminal(why.lines().next().unwrap_or_default()),
        ));
        self.bar.tick();
    }

    fn finished(&self, result: &ProbeResult) {
        if self.counting {
            self.bar.inc(1);
            if !result.counts_as_passed() {
                self.bar
                    .set_message(format!("last problem: {}", result.name));
            }
        } else {
            self.bar.set_message("");
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
