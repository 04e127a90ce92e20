//! `probekit import`: shell and Python check scripts into suites, never lossy.
//!
//! Each importer ([`shell`], [`python`]) reads the script with a real parser (tree-sitter) and
//! returns drafts: declarative probes where the script's intent has a probekit form, command
//! probes running the script's own text where it has not. [`emit`] writes them as a suite,
//! which is loaded back before it is written: an import never produces a file `validate`
//! would refuse.

pub mod accounting;
pub mod blackbox;
pub mod draft;
pub mod emit;
pub mod fallback;
pub mod formula;
pub mod naming;
pub mod patterns;
mod pyasync;
mod pyexit;
mod pyhandlers;
mod pyhelpers;
mod pymodules;
mod pyreturns;
mod pysessions;
pub mod python;
mod pytuples;
pub mod shell;
pub mod verify;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::exit::{EXIT_PASS, Failure};
use crate::read_limit::{ReadLimitError, read_at_most};

/// Scripts larger than this are refused: real check scripts are a few KiB, and the importer's
/// time and memory grow with the text (docs/migration.md).
pub const MAX_SCRIPT_BYTES: u64 = 1 << 20;
/// The readers' stack: reserved, not used, unless a script is deep.
const ANALYZER_STACK: usize = 256 << 20;
use draft::{Check, Findings, Warning};

pub struct Options {
    pub script: PathBuf,
    pub output: Option<PathBuf>,
    pub name: Option<String>,
    pub strict: bool,
    pub json: bool,
    /// `--verify`, with the arguments the script and the suite get.
    pub verify: Option<Vec<String>>,
}

/// The coverage report (`--format json` prints it as is).
#[derive(Debug, Serialize)]
pub struct Report {
    pub source: String,
    pub language: String,
    pub output: Option<String>,
    pub probes: Vec<ProbeReport>,
    pub declarative: usize,
    pub kept: usize,
    pub nagios_plugin: bool,
    pub warnings: Vec<Warning>,
    /// What the script does that no probe does: output, alerts, changes, hand-overs.
    pub not_converted: Vec<accounting::Unconverted>,
    /// With `--verify`: both verdicts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify: Option<verify::Verdicts>,
}

#[derive(Debug, Serialize)]
pub struct ProbeReport {
    pub name: String,
    pub line: usize,
    pub kind: &'static str,
    pub declarative: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The imported suite and its report.
pub struct Imported {
    pub yaml: String,
    pub report: Report,
}

pub fn main(opts: Options) -> Result<ExitCode, Failure> {
    let (src, not_utf8) =
        read_script(&opts.script).map_err(|e| Failure::usage(format!("probekit import: {e}")))?;
    let mut imported = import_source(
        &opts.script,
        &src,
        opts.name.as_deref(),
        opts.output.as_deref(),
    )
    .map_err(|e| Failure::usage(format!("probekit import: {e}")))?;
    imported.warn_not_utf8(not_utf8);
    match &opts.output {
        Some(path) => {
            crate::atomic_file::write_atomic(path, imported.yaml.as_bytes()).map_err(|e| {
                Failure::failed(format!(
                    "probekit import: cannot write {}: {e}",
                    path.display()
                ))
            })?;
        }
        None if !opts.json => crate::exit::print(&imported.yaml)?,
        None => {}
    }
    if !opts.json {
        eprint!("{}", text_report(&imported.report));
    }
    if let Some(args) = &opts.verify {
        if imported.report.language == blackbox::LANGUAGE {
            return Err(Failure::usage(
                "probekit import --verify runs scripts; a blackbox_exporter configuration is compared by running both on the same targets (docs/migration.md)",
            ));
        }
        let interpreter = interpreter(&opts.script, &src);
        let verdicts = verify::verify(&opts.script, &src, &interpreter, &imported.yaml, args)
            .map_err(|e| Failure::failed(format!("probekit import --verify: {e}")))?;
        if !opts.json {
            eprint!("{}", verify::text(&imported.report.source, &verdicts));
        }
        imported.report.verify = Some(verdicts);
    }
    if opts.json {
        let json = serde_json::to_string_pretty(&imported.report).expect("reports serialize");
        crate::exit::print(&format!("{json}\n"))?;
    }
    if imported.report.verify.as_ref().is_some_and(|v| !v.agree) {
        return Err(Failure::failed(
            "probekit import --verify: the script and the suite disagree".to_string(),
        ));
    }
    if opts.strict && imported.report.kept > 0 {
        let what = if imported.report.language == blackbox::LANGUAGE {
            "module(s) not converted"
        } else {
            "probe(s) kept as commands"
        };
        return Err(Failure::failed(format!(
            "probekit import: --strict: {} {what}",
            imported.report.kept
        )));
    }
    Ok(ExitCode::from(EXIT_PASS))
}

fn text_report(r: &Report) -> String {
    let total = r.probes.len();
    let pct = (r.declarative * 100).checked_div(total).unwrap_or(100);
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    // A script's probes are declarative or kept as commands; a configuration's modules
    // converted or left out.
    let (unit, converted, kept, kept_line, kind_width) = if r.language == blackbox::LANGUAGE {
        (
            "module",
            "converted",
            "not converted".to_string(),
            "not converted",
            6,
        )
    } else {
        let kept = format!("kept as command{}", plural(r.kept));
        ("probe", "declarative", kept, "kept", 8)
    };
    let mut out = format!(
        "imported {} ({}){}: {total} {unit}{}, {} {converted} ({pct}%), {} {kept}\n",
        r.source,
        r.language,
        r.output
            .as_deref()
            .map(|o| format!(" into {o}"))
            .unwrap_or_default(),
        plural(total),
        r.declarative,
        r.kept,
    );
    let what_width = kept_line.len().max("converted".len());
    for p in &r.probes {
        let what = if p.declarative {
            "converted"
        } else {
            kept_line
        };
        out.push_str(&format!(
            "  {}:{:<4} {what:what_width$} {:kind_width$} {}",
            r.source, p.line, p.kind, p.name
        ));
        if let Some(reason) = &p.reason {
            out.push_str(&format!(" — {reason}"));
        }
        out.push('\n');
    }
    // Output lines in one: a script's messages are many and alike.
    let mut output: Vec<String> = r
        .not_converted
        .iter()
        .filter(|u| u.what == accounting::What::Output)
        .map(|u| u.line.to_string())
        .collect();
    // (Two messages on one line, `… then echo ok; exit 0; else echo failed; …`: the line once.)
    output.dedup();
    for u in r
        .not_converted
        .iter()
        .filter(|u| u.what != accounting::What::Output)
    {
        out.push_str(&format!(
            "  {}:{:<4} not converted `{}` — {}\n",
            r.source,
            u.line,
            u.text,
            u.what.describe()
        ));
    }
    if !output.is_empty() {
        out.push_str(&format!(
            "  {}: line{} {}: {}\n",
            r.source,
            if output.len() == 1 { "" } else { "s" },
            output.join(", "),
            accounting::What::Output.describe()
        ));
    }
    for w in &r.warnings {
        // Line 0: the warning is of the whole file.
        match w.line {
            0 => out.push_str(&format!("warning: {}: {}\n", r.source, w.message)),
            line => out.push_str(&format!("warning: {}:{line}: {}\n", r.source, w.message)),
        }
    }
    out
}

/// Imports `path`; `output` only names the file in the suite's header.
pub fn import_file(
    path: &Path,
    name: Option<&str>,
    output: Option<&Path>,
) -> Result<Imported, String> {
    let (src, not_utf8) = read_script(path)?;
    let mut imported = import_source(path, &src, name, output)?;
    imported.warn_not_utf8(not_utf8);
    Ok(imported)
}

impl Imported {
    /// The warning for a script that is not UTF-8, from the line of its first such byte.
    fn warn_not_utf8(&mut self, line: Option<usize>) {
        if let Some(line) = line {
            self.report.warnings.insert(0, Warning {
                line,
                message: "the script is not UTF-8: its other bytes were read as Latin-1 (ISO 8859-1), and the suite holds them as UTF-8, so a kept command prints that text differently".into(),
            });
        }
    }
}

/// The script's text (at most [`MAX_SCRIPT_BYTES`]), and for one that is not UTF-8 (a
/// Latin-2 comment or message), the line of its first byte that is not: such bytes are read
/// as Latin-1, one character each, so that nothing of the script is lost.
fn read_script(path: &Path) -> Result<(String, Option<usize>), String> {
    let bytes = match read_at_most(path, MAX_SCRIPT_BYTES) {
        Ok(b) => b,
        Err(ReadLimitError::Io(e)) => return Err(format!("cannot read {}: {e}", path.display())),
        Err(ReadLimitError::TooLarge { .. }) => {
            return Err(format!(
                "{} is larger than {} KiB; check scripts are far smaller, so this is not one to import",
                path.display(),
                MAX_SCRIPT_BYTES >> 10
            ));
        }
    };
    if bytes.contains(&0) {
        return Err(format!("{} is binary, not a script", path.display()));
    }
    let mut text = String::with_capacity(bytes.len());
    let mut first_bad = None;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() && first_bad.is_none() {
            first_bad = Some(text.matches('\n').count() + 1);
        }
        text.extend(chunk.invalid().iter().map(|b| char::from(*b)));
    }
    Ok((text, first_bad))
}

/// Where an imported suite does not load only because a file it names (a `ca_file`, a client
/// certificate) is not on this machine — the one where the suite runs may have it — the
/// warnings that say so; `None` for any other error, which is a probekit bug.
fn files_of_elsewhere(e: &crate::load::SuiteError) -> Option<Vec<Warning>> {
    e.diagnostics
        .iter()
        .all(|d| d.message.starts_with("cannot read"))
        .then(|| {
            e.diagnostics
                .iter()
                .map(|d| Warning {
                    line: 0,
                    message: format!(
                        "{}; check it with `probekit validate` where the suite runs",
                        d.message
                    ),
                })
                .collect()
        })
}

/// [`import_file`] on a script already in memory; `path` names it (and is what an interpreter
/// without inline program text runs).
pub fn import_source(
    path: &Path,
    src: &str,
    name: Option<&str>,
    output: Option<&Path>,
) -> Result<Imported, String> {
    if blackbox::is_config(path, src) {
        return blackbox::import(path, src, name, output);
    }
    let src = src.to_string();
    let source = path.display().to_string();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.clone());
    let stem = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "imported".into());
    let interpreter = interpreter(path, &src);
    let language = interpreter.language();
    // The readers recurse as deep as a script runs (the shell evaluation follows each statement
    // with what comes after it): on a thread whose stack a long script cannot exhaust.
    let analyzed = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("import".into())
            .stack_size(ANALYZER_STACK)
            .spawn_scoped(scope, || match &interpreter {
                Interpreter::Python => python::analyze(&src),
                Interpreter::Bash | Interpreter::Sh => shell::analyze(&src),
                Interpreter::Other { .. } => Ok(Findings::default()),
            })
            .map_err(|e| format!("cannot start the reader: {e}"))?
            .join()
            .map_err(|_| "the reader failed (a probekit bug)".to_string())?
    });
    let mut findings: Findings = analyzed.map_err(|e| format!("{source}:{e}"))?;
    if matches!(interpreter, Interpreter::Python) && shell::only_looking_warnings(&mut findings) {
        let mut d = draft::Draft::new(
            "script",
            1,
            draft::Check::WholeScript {
                text: src.to_string(),
            },
        );
        d.kept = Some(shell::RUNS_ONLY_CHANGES.to_string());
        findings.drafts.push(d);
    }
    if matches!(interpreter, Interpreter::Bash | Interpreter::Sh) {
        let unset_only = shell::unset_only_defaults(&src, &findings.drafts);
        findings.warnings.extend(unset_only);
    }
    if matches!(interpreter, Interpreter::Python) {
        // The Python reader writes expectations from the script's literals only: a `${` in one
        // is text, which the suite reads as such when written `$${`.
        for d in &mut findings.drafts {
            draft::literal_expectations(d);
        }
    }
    // A probe retries at most 100 times (the suite's limit): a script that tries more is kept
    // whole rather than cut short.
    let mut kept_whole = None;
    fn most_retries(d: &draft::Draft) -> u32 {
        // A count written as a number (`{1000..0}`, `seq 1 500`) is attempts, one more than
        // retries.
        let counted = d
            .attempts
            .as_ref()
            .and_then(|t| t.as_literal())
            .and_then(|n| n.parse::<u32>().ok())
            .map_or(0, |n| n.saturating_sub(1));
        let own = d.retries.unwrap_or(0).max(counted);
        match &d.check {
            Check::AnyOf(alternatives) => alternatives.iter().map(most_retries).fold(own, u32::max),
            _ => own,
        }
    }
    if let Some(tries) = findings
        .drafts
        .iter()
        .map(most_retries)
        .max()
        .filter(|r| *r > crate::suite::MAX_RETRIES)
    {
        findings.drafts.clear();
        kept_whole = Some(format!(
            "the script tries {} times, more than a probe's {} tries: it is kept whole",
            tries + 1,
            crate::suite::MAX_RETRIES + 1
        ));
    }
    // A URL written in the script that no client reads (`http://localhost%{DIR}`): the
    // script's request fails there whatever the server does, which a probe cannot load. A
    // blank, which curl and urllib refuse where the probe would send `%20`, and braces, which
    // curl expands into several URLs (`/{health,ready}`), are the script's own too.
    fn unreadable_url(d: &draft::Draft) -> Option<(usize, String)> {
        match &d.check {
            Check::Http { url, .. } if d.kept.is_none() => url
                .as_literal()
                // (`{{ item }}` of a loop over URLs is each of them, read where it is set.)
                .filter(|u| {
                    !u.contains(draft::ITEM)
                        && !u.contains("{{")
                        && (u.contains(char::is_whitespace)
                            || u.contains(['{', '}'])
                            || crate::check::http::parse_url(u).is_err())
                })
                .map(|u| (d.line, u)),
            Check::AnyOf(alternatives) => alternatives.iter().find_map(unreadable_url),
            _ => None,
        }
    }
    if kept_whole.is_none()
        && let Some((line, url)) = findings.drafts.iter().find_map(unreadable_url)
    {
        findings.drafts.clear();
        kept_whole = Some(format!(
            "line {line}: `{url}` is not a URL the probe reads as the script's client does: the script is kept whole"
        ));
    }
    // A part of a busybox script kept as a command would run under the machine's `sh` (dash on
    // Debian), which reads some of it otherwise (`echo -e`, `$'…'`): the whole script then,
    // run by busybox as its `#!` line says.
    if kept_whole.is_none()
        && busybox_shell(&src)
        && findings.drafts.iter().any(|d| d.kept.is_some())
    {
        findings.drafts.clear();
        kept_whole = Some(
            "a busybox script with parts probekit keeps as commands, which would run under the machine's `sh`: it is kept whole and run by busybox".into(),
        );
    }
    if findings.drafts.is_empty() {
        // Nothing in the script decides its result on its own terms, or probekit does not
        // read its language: keep it whole, run by its own interpreter, so the suite still
        // runs what the script ran.
        let reason = match &interpreter {
            Interpreter::Other { program, .. } => format!(
                "a {program} script: probekit reads shell and Python; it is kept whole and run by {program}"
            ),
            _ => kept_whole.unwrap_or_else(|| {
                "no statement of the script decides its result; it is kept whole".into()
            }),
        };
        let mut d = draft::Draft::new(
            "script",
            1,
            Check::WholeScript {
                text: src.to_string(),
            },
        );
        d.kept = Some(reason);
        findings.drafts.push(d);
    }
    // A plugin kept whole keeps its protocol: WARNING warns, CRITICAL and UNKNOWN fail.
    if !matches!(interpreter, Interpreter::Other { .. }) && fallback::nagios_plugin(&src) {
        for d in &mut findings.drafts {
            if matches!(d.check, Check::WholeScript { .. }) {
                findings.nagios_plugin = true;
                d.expect.retain(|(k, _)| k != "exit_code");
                d.expect.push((
                    "exit_code".into(),
                    draft::Yaml::Flow(vec![
                        ("ok".into(), draft::Yaml::Int(0)),
                        ("warning".into(), draft::Yaml::Int(1)),
                    ]),
                ));
                if d.kept.as_deref() != Some(shell::NAGIOS_KEPT) {
                    findings.warnings.push(draft::Warning {
                        line: 1,
                        message: "a Nagios plugin, kept whole: exit 1 (WARNING) is the probe's warning, 2 (CRITICAL) and 3 (UNKNOWN) fail it; run the suite with `--format nagios` for the plugin's codes".into(),
                    });
                }
            }
        }
    }
    after_waits(&mut findings.drafts);
    // A request the script lets wait as long as the server takes (curl without `-m`, requests
    // without `timeout=`): its probe gives up at the suite's default, where the script waits.
    let mut untimed = Vec::new();
    fn requests_without_timeout(d: &draft::Draft, lines: &mut Vec<usize>) {
        match &d.check {
            Check::Http { timeout: None, .. } if d.kept.is_none() => lines.push(d.line),
            Check::AnyOf(alternatives) => {
                for a in alternatives {
                    requests_without_timeout(a, lines);
                }
            }
            _ => {}
        }
    }
    for d in &findings.drafts {
        requests_without_timeout(d, &mut untimed);
    }
    untimed.sort_unstable();
    untimed.dedup();
    if let Some(&first) = untimed.first() {
        let lines: Vec<String> = untimed.iter().map(usize::to_string).collect();
        let default = crate::suite::DEFAULT_TIMEOUT.as_secs();
        findings.warnings.push(draft::Warning {
            line: first,
            message: format!(
                "the script sets no timeout on the request{} of line{} {}: each probe gives up after the suite's default {default}s, where the script waits as long as the server takes; set `timeout:` where a slower answer is healthy",
                if untimed.len() > 1 { "s" } else { "" },
                if untimed.len() > 1 { "s" } else { "" },
                lines.join(", ")
            ),
        });
    }
    for w in &mut findings.warnings {
        w.message = naming::one_line(&w.message);
    }
    let mut not_converted = match &interpreter {
        Interpreter::Python => accounting::python(&src, &findings.drafts),
        Interpreter::Bash | Interpreter::Sh => accounting::shell(&src, &findings.drafts),
        Interpreter::Other { .. } => Vec::new(),
    };
    // A statement quoted in the report and the suite's header shows no credential the suite
    // moved to the environment.
    for u in &mut not_converted {
        // (As in reports, a value of one or two characters is left: masking each of its
        // occurrences would garble the line and hide nothing.)
        for secret in findings.secrets.iter().filter(|s| s.chars().count() > 2) {
            if u.text.contains(secret.as_str()) {
                u.text = u.text.replace(secret.as_str(), "***");
            }
            // The quote was cut (`… -u monitor:Sup3rS…`): a start of the secret at the cut.
            if let Some(head) = u.text.strip_suffix('…') {
                let cut = (3..secret.len())
                    .rev()
                    .filter(|k| secret.is_char_boundary(*k))
                    .find(|k| head.ends_with(&secret[..*k]));
                if let Some(k) = cut {
                    u.text = format!("{}***…", &head[..head.len() - k]);
                }
            }
        }
    }
    // What is kept of a script runs as the script did: by its interpreter, named as the script
    // (`$0`), and given the script's arguments.
    let reads_args = fallback::reads_arguments(&interpreter, &src);
    let mut passes_args = false;
    let mut shifted_unread = false;
    for d in &mut findings.drafts {
        // `timeout 30 sh -c 'until …; done'`: program text a shell reads, not a check
        // probekit reads; kept, and counted so.
        if d.kept.is_none()
            && let Check::Command { argv, .. } = &d.check
            && let Some(program) = runs_program_text(argv)
        {
            d.kept = Some(format!(
                "`{program}` runs program text of its own, which the probe keeps as written"
            ));
        }
        // A fragment among alternatives (`any_of`) runs with the script's interpreter too,
        // and the probe counts as kept, for the fragment's reason.
        if let Check::AnyOf(alternatives) = &mut d.check {
            for a in alternatives.iter_mut() {
                if let Check::Shell { text, timeout } = &mut a.check {
                    let (argv, own, _) =
                        fragment_command(&interpreter, &file_name, a.line, text, timeout);
                    a.check = Check::Command {
                        argv,
                        timeout: Some(own),
                        stdin: None,
                        merge_stderr: false,
                        words: Vec::new(),
                    };
                    if d.kept.is_none() {
                        d.kept = a.kept.clone();
                    }
                }
            }
        }
        d.kept = d.kept.as_deref().map(naming::one_line);
        // The whole script gets the caller's arguments whatever it reads them with (a
        // framework's parser — nagiosplugin, click — names no `sys.argv`); a fragment only
        // when the script reads them.
        let whole = matches!(d.check, Check::WholeScript { .. });
        let (mut argv, timeout, warning) = match &mut d.check {
            Check::WholeScript { text } => {
                let (argv, timeout, warning) = fallback::command(&interpreter, path, text);
                (argv, Some(timeout), warning)
            }
            // A fragment gets the time its own text allows, as the whole script does: the
            // suite's default would kill a `psql` the script waited for.
            Check::Shell { text, timeout } => {
                let (argv, own, warning) =
                    fragment_command(&interpreter, &file_name, d.line, text, timeout);
                (argv, Some(own), warning.into_iter().collect())
            }
            _ => continue,
        };
        // Text that searches the processes' command lines would find its own `sh -c TEXT`:
        // it reaches the shell on its input instead.
        let mut stdin = None;
        if matches!(interpreter, Interpreter::Python)
            && let Some(i) = argv
                .iter()
                .position(|a| a.as_literal().is_some_and(|w| fallback::is_python_boot(&w)))
            && let Some(text) = argv
                .get(i + 1)
                .and_then(|t| t.as_literal())
                .filter(|t| fallback::goes_on_input(t))
        {
            argv[i] = draft::Text::lit(fallback::python_boot(&text, true));
            argv.remove(i + 1);
            stdin = Some(text);
        } else if !matches!(interpreter, Interpreter::Python)
            && let Some(i) = argv.iter().position(|a| a.render() == "-c")
            && let Some(text) = argv
                .get(i + 1)
                .and_then(|t| t.as_literal())
                .filter(|t| fallback::goes_on_input(t))
        {
            argv[i + 1] = draft::Text::lit(fallback::FROM_INPUT);
            stdin = Some(text);
        }
        if reads_args || whole {
            argv.push(draft::Text(vec![draft::Piece::Var(
                fallback::ARGS.into(),
                None,
            )]));
            passes_args = true;
        }
        d.check = Check::Command {
            argv,
            timeout,
            stdin,
            merge_stderr: false,
            words: Vec::new(),
        };
        findings.warnings.extend(warning);
    }
    // A converted command that passes `"$@"` on takes the suite's `args` too.
    passes_args |= findings.drafts.iter().any(|d| d.reads_var(fallback::ARGS));
    if passes_args
        && !matches!(interpreter, Interpreter::Python)
        && let Some(line) =
            fallback::greps_processes(&src).or_else(|| fallback::names_command_lines(&src))
    {
        findings.warnings.push(draft::Warning {
            line,
            message: "the kept script greps the process list, where probekit's own command line, which holds the script's arguments, is listed too: a `grep -v` for the script's name no longer hides them".into(),
        });
    }
    // `$2` read only in a message (`SERVICE=name_$2; echo "$SERVICE …"`): the caller passes it
    // all the same, and a suite that declares fewer arguments would refuse the call. Declared
    // (optional) up to the highest the script names, where its words are not options.
    if matches!(interpreter, Interpreter::Bash | Interpreter::Sh)
        && !passes_args
        && !findings.ignores_args
        && findings.options.is_empty()
    {
        let words = shell::positional_words(&src);
        // `set -u` stops the script where it reads `$2` and the caller gave fewer words: the
        // suite requires them.
        if !words.moved && shell::stops_on_unset(&src) {
            findings.required_positional = findings.required_positional.max(words.highest_bare);
        }
        if !words.moved {
            findings.positional = findings.positional.max(words.highest);
        } else if words.only_shifted && !shell::reads_words(&src) {
            // `shift 2` and no `$1` after: the words are taken and not used; under dash, a
            // `shift N` the script always runs stops it (exit 2) without N of them, as the
            // suite refuses to run without its required ones.
            shifted_unread = true;
            if matches!(interpreter, Interpreter::Sh) {
                findings.required_positional =
                    findings.required_positional.max(words.shifted_always);
            }
        }
    }
    let suite_name = name
        .map(str::to_string)
        .unwrap_or_else(|| naming::slug(&stem));
    let declarative = findings
        .drafts
        .iter()
        .filter(|d| d.is_declarative())
        .count();
    let kept = findings.drafts.len() - declarative;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut header = format!(
        "Imported from {file_name} by `probekit import` (probekit {}): {}, {declarative} declarative, {} kept as {}.\nEach probe names the script line it came from. Run it, and compare with the script: docs/migration.md.",
        env!("CARGO_PKG_VERSION"),
        plural(findings.drafts.len(), "probe"),
        kept,
        if kept == 1 { "a command" } else { "commands" }
    );
    if findings.nagios_plugin {
        header.push_str(
            "\nA Nagios plugin (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN): run it with `--format nagios` for the plugin's codes.",
        );
        if findings.drafts.iter().any(|d| d.warning) {
            header.push_str(" The probes that keep it from CRITICAL fail the suite; those with `severity: warning` keep it OK.");
        }
    }
    let actions: Vec<&accounting::Unconverted> = not_converted
        .iter()
        .filter(|u| u.what != accounting::What::Output)
        .collect();
    if !actions.is_empty() {
        header.push_str("\nNot converted:");
        for u in actions {
            header.push_str(&format!(
                "\n  line {}: `{}` — {}",
                u.line,
                u.text.replace('`', "'"),
                u.what.describe()
            ));
        }
    }
    let yaml = emit::suite(
        &suite_name,
        &file_name,
        &findings.drafts,
        &header,
        if passes_args {
            emit::RestArgs::PassedOn
        } else if findings.ignores_args {
            emit::RestArgs::HandedOver
        } else if shifted_unread {
            emit::RestArgs::Shifted
        } else {
            emit::RestArgs::None
        },
        (
            findings.positional.max(findings.required_positional),
            findings.required_positional,
        ),
        &findings.options,
    );
    // The suite must load: a probekit bug otherwise, reported as one.
    let check_path =
        output.map_or_else(|| PathBuf::from(format!("{stem}.yaml")), Path::to_path_buf);
    let check_name = check_path.display().to_string();
    // A certificate the script names (`curl --cacert /etc/app/ca.pem`) is the file of the
    // machine the script runs on, which may not be this one.
    if let Err(e) = crate::load::load_bytes(
        &check_name,
        &stem,
        yaml.as_bytes(),
        &crate::load::LoadOptions::default(),
    ) {
        let elsewhere = files_of_elsewhere(&e).ok_or_else(|| {
            format!(
                "the imported suite does not load (a probekit bug; please report it):\n{e}\n{yaml}"
            )
        })?;
        findings.warnings.extend(elsewhere);
    }
    let probes = findings
        .drafts
        .iter()
        .map(|d| ProbeReport {
            name: d.name.replace(draft::ITEM, "{{ item }}"),
            line: d.line,
            kind: match d.check {
                Check::Http { .. } => "http",
                Check::Tcp { .. } => "tcp",
                Check::Database { engine, .. } => engine,
                Check::Icmp { .. } => "icmp",
                Check::File { .. } => "file",
                Check::Disk { .. } => "disk",
                Check::Process { .. } => "process",
                Check::Host { kind } => kind,
                Check::Metrics { .. } => "metrics",
                Check::AnyOf(_) => "any_of",
                Check::Command { .. } | Check::Shell { .. } | Check::WholeScript { .. } => {
                    "command"
                }
            },
            declarative: d.is_declarative(),
            reason: d.kept.clone().or_else(|| {
                d.warning.then(|| {
                    if findings.nagios_plugin {
                        "what keeps the plugin OK: its failure is WARNING (exit 1)".to_string()
                    } else {
                        "a warning only: the script reports its failure and goes on".to_string()
                    }
                })
            }),
        })
        .collect();
    Ok(Imported {
        yaml,
        report: Report {
            source,
            language,
            output: output.map(|o| o.display().to_string()),
            probes,
            declarative,
            kept,
            nagios_plugin: findings.nagios_plugin,
            warnings: findings.warnings,
            not_converted,
            verify: None,
        },
    })
}

/// What runs a script: told by its shebang (`#!/bin/bash`, `#!/usr/bin/env ruby`), else by its
/// file name (`.py`, `.js`, `.rb`, `.pl`, `.php`, `.lua`), else bash, which is what people
/// mostly run such files with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Interpreter {
    Python,
    Bash,
    Sh,
    /// A language probekit does not read: the script is kept whole and run by `program`.
    Other {
        program: String,
    },
}

impl Interpreter {
    /// The name in the coverage report.
    pub fn language(&self) -> String {
        match self {
            Interpreter::Python => "python".into(),
            Interpreter::Bash => "bash".into(),
            Interpreter::Sh => "sh".into(),
            Interpreter::Other { program } => program.clone(),
        }
    }

    pub(crate) fn program(&self) -> &str {
        match self {
            Interpreter::Python => "python3",
            Interpreter::Bash => "bash",
            Interpreter::Sh => "sh",
            Interpreter::Other { program } => program,
        }
    }

    /// The program and the flag that takes program text, where the interpreter has one.
    pub(crate) fn inline_flag(&self) -> Option<(&str, &'static str)> {
        let program = self.program();
        let flag = match program {
            "python3" | "bash" | "sh" | "zsh" | "ksh" | "mksh" | "fish" | "dash" => "-c",
            "ruby" | "perl" | "node" | "nodejs" | "lua" => "-e",
            _ => return None,
        };
        Some((program, flag))
    }
}

/// The name of the program the `#!` line runs (`bash` of `#!/usr/bin/env -S bash -e`); `None`
/// without one.
/// `src` with each edit (start, end, new text) made; `None` where two edits overlap. The
/// importers rewrite a script this way before they read it, so that the grammar or the reader
/// sees a form it knows.
/// A kept fragment's command line (`bash -c TEXT NAME`) and the time its own text allows (its
/// timeout, else what [`fallback::timed`] gives, with a warning where that is a default).
fn fragment_command(
    interpreter: &Interpreter,
    file_name: &str,
    line: usize,
    text: &mut String,
    timeout: &mut Option<String>,
) -> (Vec<draft::Text>, String, Option<draft::Warning>) {
    let (own, warning) = match timeout.take() {
        Some(t) => (t, None),
        None => fallback::timed(text, "fragment", Some(line)),
    };
    let argv = vec![
        draft::Text::lit(interpreter.program()),
        draft::Text::lit("-c"),
        draft::Text::lit(std::mem::take(text)),
        draft::Text::lit(file_name),
    ];
    (argv, own, warning)
}

pub(super) fn apply_edits(src: &str, mut edits: Vec<(usize, usize, String)>) -> Option<String> {
    edits.sort_by_key(|(start, end, _)| (*start, *end));
    let mut out = String::with_capacity(src.len() + edits.iter().map(|e| e.2.len()).sum::<usize>());
    let mut at = 0;
    for (start, end, with) in edits {
        if start < at {
            return None;
        }
        out.push_str(&src[at..start]);
        out.push_str(&with);
        at = end;
    }
    out.push_str(&src[at..]);
    Some(out)
}

pub(super) fn shebang_program(src: &str) -> Option<&str> {
    let line = src.lines().next()?.strip_prefix("#!")?;
    let mut words = line.split_whitespace();
    let mut program = words.next().unwrap_or("");
    if base_name(program) == "env" {
        // `#!/usr/bin/env -S ruby -w`: the first word that is not an option.
        program = words.find(|w| !w.starts_with('-')).unwrap_or("");
    }
    Some(base_name(program))
}

/// The words of the `#!` line (none without one).
fn shebang_words(src: &str) -> Vec<&str> {
    src.lines()
        .next()
        .and_then(|l| l.strip_prefix("#!"))
        .map(|l| l.split_whitespace().collect())
        .unwrap_or_default()
}

/// `#!/bin/busybox sh` (or `ash`): busybox's ash, one of the shells a `#!/bin/sh` script
/// meets, read as such (the reader keeps whole what dash and busybox do differently).
fn busybox_shell(src: &str) -> bool {
    matches!(shebang_words(src).as_slice(), [b, "sh" | "ash"] if base_name(b) == "busybox")
}

fn interpreter(path: &Path, src: &str) -> Interpreter {
    if busybox_shell(src) {
        return Interpreter::Sh;
    }
    // `#!/usr/bin/dumb-init /bin/bash` (or tini): an init that only starts the shell and
    // passes signals on; the script is the shell's.
    if let [init, shell] = shebang_words(src).as_slice()
        && matches!(base_name(init), "dumb-init" | "tini")
    {
        match base_name(shell) {
            "bash" => return Interpreter::Bash,
            "sh" | "dash" | "ash" => return Interpreter::Sh,
            _ => {}
        }
    }
    if let Some(name) = shebang_program(src) {
        let family: String = name
            .chars()
            .take_while(|c| !c.is_ascii_digit() && *c != '.')
            .collect();
        match family.as_str() {
            "python" => return Interpreter::Python,
            "bash" => return Interpreter::Bash,
            "sh" | "dash" | "ash" => return Interpreter::Sh,
            "" => {}
            _ => {
                return Interpreter::Other {
                    program: name.to_string(),
                };
            }
        }
    }
    // Without a `#!` line, the name says what the caller runs it with (`node healthcheck.js`
    // in a Dockerfile's HEALTHCHECK), and bash would read another language as errors.
    let program = match path.extension().and_then(|e| e.to_str()) {
        Some("py") => return Interpreter::Python,
        Some("sh" | "bash") | None => return Interpreter::Bash,
        Some("js" | "cjs" | "mjs") => "node",
        Some("rb") => "ruby",
        Some("pl") => "perl",
        Some("php") => "php",
        Some("lua") => "lua",
        Some(_) => return Interpreter::Bash,
    };
    Interpreter::Other {
        program: program.to_string(),
    }
}

/// The interpreter a command hands program text to, wherever it stands in the words: `sh -c
/// '…'`, behind wrappers that only run it (`timeout 5 bash -ec '…'`, `env X=1 python3 -c '…'`,
/// `sudo -u pg sh -c …`, `docker exec web sh -c …`): an interpreter and, after it, its flag for
/// program text.
pub(crate) fn runs_program_text(argv: &[draft::Text]) -> Option<String> {
    let words: Vec<Option<String>> = argv.iter().map(|w| w.as_literal()).collect();
    for (i, w) in words.iter().enumerate() {
        let Some(w) = w else { continue };
        let program = base_name(w);
        let flag = match program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.') {
            "sh" | "bash" | "dash" | "ash" | "zsh" | "ksh" | "mksh" | "fish" | "python" | "su" => {
                'c'
            }
            "perl" | "ruby" | "node" | "nodejs" | "lua" => 'e',
            _ => continue,
        };
        if words[i + 1..].iter().flatten().any(|a| {
            (a.starts_with('-') && !a.starts_with("--") && a[1..].contains(flag))
                || a == "--eval"
                || a == "--command"
        }) {
            return Some(program.to_string());
        }
    }
    None
}

fn base_name(program: &str) -> &str {
    program.rsplit('/').next().unwrap_or(program)
}

/// The first node the parser could not read.
pub(super) fn first_error(n: tree_sitter::Node) -> Option<tree_sitter::Node> {
    if n.is_error() || n.is_missing() {
        return Some(n);
    }
    let mut c = n.walk();
    let children: Vec<tree_sitter::Node> = n.children(&mut c).collect();
    children.into_iter().find_map(first_error)
}

/// A script goes on past a probe that waits (or tries again) only once it is over: what it
/// checks afterwards depends on that probe, where the suite would otherwise check it at once,
/// alongside the wait (`until nc -z db 5432; do sleep 1; done; curl -f http://db/health`).
/// A gate or a bypass after a wait waits for it too (asked at once, it would find the
/// service still starting); probes made for each of several values keep their own order; and
/// a wait behind a gate is waited for only by what is behind the same gates (the other way of
/// an `if` does not wait for it).
fn after_waits(drafts: &mut [draft::Draft]) {
    // Each wait, and the probes it depends on.
    let mut waits: Vec<(String, Vec<String>)> = Vec::new();
    for d in drafts.iter_mut() {
        let own = !(d.gate || d.bypass || d.for_each.is_some());
        if d.for_each.is_none() {
            for (w, behind) in &waits {
                if behind.iter().all(|b| d.depends_on.contains(b)) && !d.depends_on.contains(w) {
                    d.depends_on.push(w.clone());
                }
            }
        }
        if own && d.takes_its_time() {
            waits.push((d.name.clone(), d.depends_on.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_are_made_in_order_and_overlapping_ones_refused() {
        let e = |s: usize, t: usize, w: &str| (s, t, w.to_string());
        assert_eq!(
            apply_edits("a b c", vec![e(4, 5, "C"), e(0, 1, "A"), e(2, 2, "+")]).as_deref(),
            Some("A +b C")
        );
        assert_eq!(
            apply_edits("abcdef", vec![e(0, 3, "x"), e(2, 4, "y")]),
            None
        );
        assert_eq!(apply_edits("abc", Vec::new()).as_deref(), Some("abc"));
    }

    #[test]
    fn program_text_is_found_behind_the_wrappers_that_only_run_it() {
        let argv = |ws: &[&str]| ws.iter().map(|w| draft::Text::lit(*w)).collect::<Vec<_>>();
        let found = |ws: &[&str]| runs_program_text(&argv(ws));
        assert_eq!(found(&["sh", "-c", "true"]).as_deref(), Some("sh"));
        assert_eq!(
            found(&["timeout", "-s", "TERM", "30", "/bin/bash", "-ec", "x"]).as_deref(),
            Some("bash")
        );
        assert_eq!(
            found(&["env", "A=1", "python3", "-c", "x"]).as_deref(),
            Some("python3")
        );
        assert_eq!(found(&["perl", "-e", "exit 0"]).as_deref(), Some("perl"));
        assert_eq!(found(&["timeout", "5", "curl", "-c", "jar"]), None);
        assert_eq!(found(&["bash", "/opt/check.sh"]), None);
        assert_eq!(found(&["psql", "-c", "SELECT 1"]), None);
    }
}
