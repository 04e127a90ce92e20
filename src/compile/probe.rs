//! The runtime of a compiled probe (`probekit build`): [`main`] reads the probe's suite (its
//! [`payload`](super::payload)) and runs it with the same runner, reports, flags and exit codes
//! as `probekit run`. Only the command-line parser is its own: lexopt instead of clap, which
//! alone would outweigh a command-only probe.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use super::payload::{self, Payload};
use crate::report::OutputFormat;
use crate::runner::{NoObserver, Observer};
use crate::session::{self, ColorChoice, EXIT_PASS, Failure, OutputArgs, SelectArgs};
use crate::suite::Suite;

/// The allocator of static (musl) programs (see [`crate::allocator`]).
#[cfg(target_env = "musl")]
#[global_allocator]
static ALLOCATOR: crate::allocator::Heap = crate::allocator::Heap::new();

/// What the runtime was built with.
#[derive(Debug)]
pub struct BuildInfo {
    /// The cargo features the probe was built with (which probe kinds it can run).
    pub features: &'static [&'static str],
}

/// The whole life of a compiled probe: find its suite, parse the command line, run, report,
/// exit. `embedded` is the payload a crate carries in its source (`--emit-crate`); empty, the
/// payload is the one `probekit build` appended to the program.
pub fn main(embedded: &[u8], info: &BuildInfo) -> ExitCode {
    #[cfg(panic = "abort")]
    crash::arm();
    let payload = match own_payload(embedded) {
        Ok(p) => p,
        Err(message) => {
            return session::fail(
                &early_output(),
                Failure::usage(format!("{}: {message}", program_name())),
            );
        }
    };
    let Payload {
        mut suite,
        suite_hash,
        ..
    } = payload;
    let takes_args = !suite.args.is_empty();
    let flags: Vec<(String, bool)> = suite
        .args
        .iter()
        .flat_map(|a| a.flags.iter().map(|f| (f.clone(), a.switch)))
        .collect();
    let args = match parse_args(std::env::args_os().skip(1), takes_args, &flags) {
        Ok(a) => a,
        Err(message) => {
            let program = program_name();
            return session::fail(
                &early_output(),
                Failure::usage(format!("{program}: {message}\nTry `{program} --help`.")),
            );
        }
    };
    match args.action {
        Action::Help => {
            return printed(&help(&suite, &program_name()));
        }
        Action::Version => {
            return printed(&format!(
                "{} (probekit {}, suite `{}` {}, features: {})\n",
                program_name(),
                env!("CARGO_PKG_VERSION"),
                crate::escapes::for_terminal(&suite.name),
                suite_hash,
                if info.features.is_empty() {
                    "none".to_string()
                } else {
                    info.features.join(", ")
                }
            ));
        }
        Action::DumpSuite => {
            // For `probekit build`'s own tests: the suite as the loader would have built it.
            let secrets = crate::check::literal_secrets(&suite);
            return printed(&format!("{}\n", secrets.redact(&format!("{suite:#?}"))));
        }
        Action::List | Action::Run => {}
    }
    if let Err(msg) = crate::suite::args::bind(&suite.args, &args.script_args) {
        let program = program_name();
        let failure = Failure::usage(format!("{program}: {msg}\nTry `{program} --help`."));
        return session::fail(&args.output, failure);
    }
    if let Err(msg) = session::take_shard(&mut suite, &args.select) {
        let failure = Failure::usage(format!("{}: {msg}", program_name()));
        return session::fail(&args.output, failure);
    }
    let opts = match session::run_options(&suite, &args.select) {
        Ok(o) => o,
        Err(msg) => {
            let failure = Failure::usage(format!("{}: {msg}", program_name()));
            return session::fail(&args.output, failure);
        }
    };
    if args.action == Action::List {
        return session::list(&suite, &opts);
    }
    #[cfg(panic = "abort")]
    crash::report_to(&args.output);
    match session::execute(suite, opts, &args.output, |_| -> Arc<dyn Observer> {
        Arc::new(NoObserver)
    }) {
        Ok(executed) => executed.exit_code(),
        Err(failure) => session::fail(&args.output, failure),
    }
}

/// How a failure is reported before the command line is read: as Nagios' UNKNOWN when the
/// arguments ask for `--format nagios` (a plugin must answer in its protocol), else on stderr.
fn early_output() -> OutputArgs {
    OutputArgs {
        format: if session::nagios_requested() {
            OutputFormat::Nagios
        } else {
            OutputFormat::Human
        },
        ..OutputArgs::default()
    }
}

/// Compiled probes do not unwind (docs/build.md, "Panics"): a panic ends the program, and the
/// hook set here first reports what the run had found ([`crate::runner::crash`]).
#[cfg(panic = "abort")]
mod crash {
    use std::sync::Mutex;

    use crate::report::export;
    use crate::runner::{RunReport, crash};
    use crate::session::{self, Failure, OutputArgs};

    /// The destinations of a crash report: the command line's, once it is read.
    static OUTPUT: Mutex<Option<OutputArgs>> = Mutex::new(None);

    /// The exit status of a crash outside any run, as an unwinding Rust program's.
    const EXIT_CRASHED: u8 = 101;

    pub fn arm() {
        crash::arm();
        std::panic::set_hook(Box::new(|info| crashed(info)));
    }

    pub fn report_to(output: &OutputArgs) {
        *OUTPUT.lock().unwrap_or_else(|e| e.into_inner()) = Some(output.clone());
    }

    fn crashed(info: &std::panic::PanicHookInfo) -> ! {
        let message = info
            .payload_as_str()
            .unwrap_or("(a panic without a message)");
        let place = info
            .location()
            .map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        let program = super::program_name();
        let crash = crash::take(message);
        // Nothing a command started outlives the program, whatever happens next.
        crate::check::reaper::kill_all_commands();
        let output = crate::lock_soon::lock_soon(&OUTPUT)
            .and_then(|o| o.clone())
            .unwrap_or_else(super::early_output);
        let status = match crash {
            Some(crash) => {
                let name = crash.probe.as_deref().map_or_else(
                    || "a probe".to_string(),
                    |n| format!("the probe `{}`", crate::escapes::for_terminal(n)),
                );
                eprintln!("{program}: {name} crashed{place}: {message}");
                session::deliver(crash.report, &output, None, |report, gateway, instance| {
                    push(report, gateway, &output.job, instance)
                })
                .status()
            }
            None => {
                let failure = Failure {
                    status: EXIT_CRASHED,
                    message: format!("{program}: crashed{place}: {message}"),
                };
                let _ = session::fail(&output, failure);
                EXIT_CRASHED
            }
        };
        std::process::exit(status.into())
    }

    /// The push of a crash report, from a thread of its own: the crash may have happened inside
    /// the run's async runtime, which cannot run another.
    fn push(
        report: &RunReport,
        gateway: &str,
        job: &str,
        instance: &str,
    ) -> Result<String, String> {
        std::thread::scope(|s| {
            s.spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| format!("cannot push: {e}"))?;
                let engine = crate::check::Engine::default();
                runtime.block_on(export::push(&engine, gateway, job, instance, report))
            })
            .join()
            .unwrap_or_else(|_| Err("the push crashed".into()))
        })
    }
}

fn own_payload(embedded: &[u8]) -> Result<Payload, String> {
    if !embedded.is_empty() {
        return Payload::decode(embedded);
    }
    match payload::read_own()? {
        Some(bytes) => Payload::decode(&bytes),
        None => Err(
            "this program holds no suite: it is probekit's runtime without the suite `probekit build` appends (was the probe stripped or cut?)"
                .into(),
        ),
    }
}

fn program_name() -> String {
    std::env::args_os()
        .next()
        .map(PathBuf::from)
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "probe".into())
}

#[derive(Debug, PartialEq, Eq)]
enum Action {
    Run,
    List,
    Help,
    Version,
    DumpSuite,
}

#[derive(Debug)]
struct Args {
    action: Action,
    select: SelectArgs,
    output: OutputArgs,
    /// The suite's own arguments: from the first word that is not a probe option (or after
    /// `--`) to the end, as the script it replaces received them.
    script_args: Vec<String>,
}

/// The flags of `probekit run` that make sense without a suite file; when the suite declares
/// `args`, the first other word starts its arguments.
/// The suite's own options (`flags`: `-H`, `--port`) come before the probe's: a Nagios plugin's
/// `-w`/`-c` mean what the script meant; a switch among them (`true` beside the flag) takes no
/// value.
fn parse_args(
    args: impl IntoIterator<Item = OsString>,
    takes_args: bool,
    flags: &[(String, bool)],
) -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut a = Args {
        action: Action::Run,
        select: SelectArgs::default(),
        output: OutputArgs::default(),
        script_args: Vec::new(),
    };
    let text = |v: OsString| -> Result<String, String> {
        v.into_string()
            .map_err(|v| format!("argument `{}` is not UTF-8", v.to_string_lossy()))
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        let flag = match arg {
            Short(c) => format!("-{c}"),
            Long(name) => format!("--{name}"),
            Value(v) if takes_args => {
                a.script_args.push(text(v)?);
                for rest in parser.raw_args().map_err(|e| e.to_string())? {
                    a.script_args.push(text(rest)?);
                }
                break;
            }
            Value(v) => {
                return Err(format!(
                    "unexpected argument `{}`: the suite is compiled in",
                    v.to_string_lossy()
                ));
            }
        };
        if let Some((_, switch)) = flags.iter().find(|(f, _)| *f == flag) {
            a.script_args.push(flag);
            if !switch {
                let v = parser.value().map_err(|e| e.to_string())?;
                a.script_args.push(text(v)?);
            }
            continue;
        }
        let mut value = |what: &str| -> Result<String, String> {
            let v = parser.value().map_err(|e| e.to_string())?;
            v.into_string()
                .map_err(|v| format!("{what}: `{}` is not UTF-8", v.to_string_lossy()))
        };
        match flag.as_str() {
            "-f" | "--format" => {
                let v = value("--format")?;
                a.output.format = OutputFormat::parse(&v).ok_or_else(|| {
                    format!(
                        "unknown format `{v}`; use one of {}",
                        OutputFormat::ALL.map(OutputFormat::name).join(", ")
                    )
                })?;
            }
            "-o" | "--output" => a.output.output = Some(value("--output")?.into()),
            "--color" => {
                a.output.color = match value("--color")?.as_str() {
                    "auto" => ColorChoice::Auto,
                    "always" => ColorChoice::Always,
                    "never" => ColorChoice::Never,
                    other => {
                        return Err(format!("--color: `{other}` is not auto, always or never"));
                    }
                }
            }
            "--no-progress" => a.output.no_progress = true,
            "-q" | "--quiet" => a.output.quiet = true,
            "-v" | "--verbose" => a.output.verbose = true,
            "--textfile-dir" => a.output.textfile_dir = Some(value("--textfile-dir")?.into()),
            "--push" => {
                a.output.push = Some(
                    session::parse_push_url(&value("--push")?)
                        .map_err(|e| format!("--push: {e}"))?,
                )
            }
            "--job" => a.output.job = value("--job")?,
            "--push-instance" => a.output.push_instance = Some(value("--push-instance")?),
            "--report" => a
                .output
                .reports
                .push(session::parse_report(&value("--report")?)?),
            "-w" | "--warning" => {
                a.output.warning = Some(session::parse_range(&value("--warning")?)?)
            }
            "-c" | "--critical" => {
                a.output.critical = Some(session::parse_range(&value("--critical")?)?)
            }
            "--probe" => a.select.probes.push(value("--probe")?),
            "--tag" => a.select.tags.push(value("--tag")?),
            "--fail-fast" => a.select.fail_fast = true,
            "--shard" => a.select.shard = Some(session::parse_shard(&value("--shard")?)?),
            "--deadline" => {
                let v = value("--deadline")?;
                a.select.deadline =
                    Some(session::parse_duration_arg(&v).map_err(|e| format!("--deadline: {e}"))?);
            }
            "--concurrency" => {
                let v = value("--concurrency")?;
                match v.parse::<u32>() {
                    Ok(n @ 1..=100_000) => a.select.concurrency = Some(n),
                    _ => {
                        return Err(format!(
                            "--concurrency: `{v}` is not a number from 1 to 100000"
                        ));
                    }
                }
            }
            "--list" => a.action = Action::List,
            "-h" | "--help" => a.action = Action::Help,
            "-V" | "--version" => a.action = Action::Version,
            "--dump-suite" => a.action = Action::DumpSuite,
            // The script's own option (`-H host`), and everything after it.
            _ if takes_args => {
                let first = match parser.optional_value() {
                    Some(v) if flag.starts_with("--") => format!("{flag}={}", text(v)?),
                    Some(v) => format!("{flag}{}", text(v)?),
                    None => flag,
                };
                a.script_args.push(first);
                for rest in parser.raw_args().map_err(|e| e.to_string())? {
                    a.script_args.push(text(rest)?);
                }
                break;
            }
            _ => return Err(format!("unexpected argument `{flag}`")),
        }
    }
    Ok(a)
}

/// `Usage:`'s words for the suite's arguments, and their descriptions.
fn args_help(suite: &Suite) -> (String, String) {
    use std::fmt::Write as _;
    let mut usage = String::new();
    let mut list = String::new();
    for a in &suite.args {
        let word = format!(" {}", a.usage());
        usage.push_str(&word);
        let default = a
            .default
            .as_ref()
            .map(|d| format!(" [default: {d}]"))
            .unwrap_or_default();
        let _ = writeln!(
            list,
            "  {:<24}{}{default}",
            match a.flags.as_slice() {
                [_, _, ..] if a.switch => a.flags.join(", "),
                [_, _, ..] => format!("{} {}", a.flags.join(", "), a.name.to_uppercase()),
                _ => word.trim().to_string(),
            },
            crate::escapes::for_terminal(a.help.as_deref().unwrap_or(""))
        );
    }
    if !list.is_empty() {
        list = format!("\nArguments (the suite's own, read as ${{NAME}}):\n{list}");
    }
    (usage, list)
}

fn help(suite: &Suite, program: &str) -> String {
    let mut about = format!(
        "{program}: the probekit suite `{}`",
        crate::escapes::for_terminal(&suite.name)
    );
    if let Some(d) = &suite.description {
        about.push_str(&format!(" — {d}"));
    }
    let (usage, arguments) = args_help(suite);
    format!(
        "{about}, compiled into one binary ({} probes).

Usage: {program} [OPTIONS]{usage}
{arguments}
Selection:
      --probe NAME          Run only probes whose name matches (exact or glob; repeatable)
      --tag TAG             Run only probes carrying this tag (repeatable)
      --fail-fast           Stop at the first probe that does not pass
      --deadline DURATION   Time limit for the whole run
      --concurrency N       How many probes run at once
      --shard I/N           Run only shard I of N (from 0; or PROBEKIT_SHARD)
      --list                List the probes that would run and exit

Output:
  -f, --format FORMAT       human, json, prometheus, openmetrics, junit, tap, tap13, nagios
  -o, --output FILE         Write the report to FILE (atomically) instead of stdout
      --report FORMAT=FILE  Also write a report in FORMAT to FILE (repeatable)
      --color WHEN          auto, always or never
  -q, --quiet               Print nothing when every probe passes (cron)
      --textfile-dir DIR    Also write DIR/<suite>.prom for node_exporter's textfile collector
      --push URL            Also push the metrics to this Pushgateway
      --job NAME            The Pushgateway job name [default: probekit]
      --push-instance NAME  The Pushgateway instance label [default: this host's name]
  -w, --warning RANGE       With --format nagios: WARNING when a duration is outside RANGE
  -c, --critical RANGE      With --format nagios: CRITICAL when a duration is outside RANGE

  -V, --version             Print the probekit version and the suite's hash
  -h, --help                Print this help

Exit status: 0 all passed, 1 a probe failed, 2 bad command line, 3 a report was not
delivered, 130/143 interrupted; with --format nagios 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
${{VAR}} in the suite is read from the environment when a probe runs.
",
        suite.probes.len()
    )
}

/// Text a compiled probe prints for `--help`, `--version` and the suite's dump: exit 0, or 3
/// where stdout cannot be written (a reader that stops early is no error).
fn printed(text: &str) -> ExitCode {
    match crate::exit::print(text) {
        Ok(()) => ExitCode::from(EXIT_PASS),
        Err(f) => {
            eprintln!("{f}");
            ExitCode::from(f.status)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        parse_args(args.iter().map(OsString::from), false, &[])
    }

    #[test]
    fn accepts_the_run_flags() {
        let a = parse(&[
            "-f",
            "json",
            "-o",
            "out.json",
            "--probe",
            "a*",
            "--tag",
            "smoke",
            "--deadline",
            "5s",
            "--report",
            "junit=j.xml",
            "--push",
            "http://gw",
            "--fail-fast",
            "-w",
            "0.5",
            "--shard",
            "2/5",
        ])
        .unwrap();
        assert_eq!(
            a.select.shard.map(|s| s.to_string()).as_deref(),
            Some("2/5")
        );
        assert_eq!(a.output.format, OutputFormat::Json);
        assert_eq!(a.select.probes, ["a*"]);
        assert_eq!(a.select.tags, ["smoke"]);
        assert!(a.select.fail_fast);
        assert_eq!(a.select.deadline, Some(std::time::Duration::from_secs(5)));
        assert_eq!(a.output.reports.len(), 1);
        assert_eq!(a.output.push.as_deref(), Some("http://gw"));
        assert!(a.output.warning.is_some());
    }

    /// A suite with `args` takes the script's arguments: from the first word that is not a
    /// probe option (a script's own `-H host` too) to the end.
    #[test]
    fn a_suite_with_args_takes_the_scripts_arguments() {
        let parse = |args: &[&str]| parse_args(args.iter().map(OsString::from), true, &[]).unwrap();
        let a = parse(&["-f", "json", "http://h/", "-H", "x", "--format", "tap"]);
        assert_eq!(a.output.format, OutputFormat::Json);
        assert_eq!(a.script_args, ["http://h/", "-H", "x", "--format", "tap"]);
        let a = parse(&["-Hhost", "-p", "80"]);
        assert_eq!(a.script_args, ["-Hhost", "-p", "80"]);
        let a = parse(&["--warning", "1", "--host=h"]);
        assert!(a.output.warning.is_some());
        assert_eq!(a.script_args, ["--host=h"]);
        let a = parse(&["--", "-f", "json"]);
        assert_eq!(a.script_args, ["-f", "json"]);
        // The suite's own `-w` and `-c` are the script's thresholds, not the probe's.
        let flags = [("-w", false), ("-c", false), ("-H", false), ("-S", true)]
            .map(|(f, switch)| (f.to_string(), switch));
        let a = parse_args(
            ["-w", "5", "-S", "-f", "nagios", "-c10", "-H", "h"].map(OsString::from),
            true,
            &flags,
        )
        .unwrap();
        assert!(a.output.warning.is_none());
        assert_eq!(a.output.format, OutputFormat::Nagios);
        assert_eq!(a.script_args, ["-w", "5", "-S", "-c", "10", "-H", "h"]);
    }

    #[test]
    fn rejects_what_it_does_not_know() {
        assert!(parse(&["suite.yaml"]).unwrap_err().contains("compiled in"));
        assert!(
            parse(&["--format", "xml"])
                .unwrap_err()
                .contains("unknown format")
        );
        assert!(parse(&["--concurrency", "0"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
        assert!(parse(&["--deadline"]).is_err());
    }
}
