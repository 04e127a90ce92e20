//! Shell scripts (bash and POSIX sh, parsed by tree-sitter-bash) into drafts.
//!
//! The script's verdict is its exit status. Each top-level statement is read for what it does
//! to that status: an assignment is remembered, `echo` and `sleep` change nothing, and a
//! command whose failure ends the script — under `set -e`, before `|| exit 1`, inside `if !
//! …; then exit 1`, or as the last statement — is a check. A check that probekit can express
//! (curl, wget, nc, /dev/tcp, pg_isready, redis-cli, …) becomes a declarative probe; any other
//! becomes a command probe running the statement's own text with the assignments it reads, so
//! the suite always gives the script's verdict.

use std::collections::{BTreeSet, HashMap, HashSet};

use tree_sitter::Node;

use super::draft::{
    ANY_STATUS, BELOW_400, Check, Draft, Findings, ITEM, Piece, Text, Warning, Yaml, reparse,
};
use super::naming::{
    credential, credential_var, http_name, is_secret_header, password_var, seconds, slug,
    unique_name,
};
use crate::suite::env::Trim;

mod databases;
mod own_dir;
mod ping;
mod sema;

#[derive(Clone, Debug, PartialEq)]
enum Var {
    Text(Text),
    List(Vec<Text>),
    /// Set from a command's output or arithmetic: unknown until run.
    Dynamic,
    /// The loop variable of a `for` over a literal list: `{{ item }}` in the probe.
    Item,
    /// What a command observed ([`sema`]).
    Sym(sema::Sym),
}

/// A command substitution whose output a later test looks at.
#[derive(Clone, Debug)]
struct Captured {
    draft: Draft,
    /// curl's `-w '%{http_code}'`: the output is the status, not the body.
    status: bool,
}

/// What curl writes on its standard output ([`Shell::curl_output`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CurlOutput {
    Body,
    Status,
    /// The headers, and the body after them unless it goes elsewhere (`-I`, `-i`, `-D -`):
    /// the status line first.
    Headers,
    /// The body, then a line with the status alone (`-w '\n%{http_code}'`): the last line is
    /// the status, the lines before it the body.
    BodyThenStatus,
    /// Nothing: the body goes elsewhere (`-o /dev/null`), and no write-out nor headers.
    Nothing,
    Other,
}

/// A half of a value made by [`Shell::split_value`]: `(value, head, how, line)`.
type HalfMade = (String, bool, char, usize);

pub struct Shell<'a> {
    /// The text the grammar read (see [`as_parsed`]).
    src: &'a str,
    /// Whether the script sets `IFS` for more than one command ([`changes_ifs`]).
    ifs_changed: bool,
    /// The words of the `for` loop being read, whose item a probe names (`{{ item }}`).
    loop_items: Vec<String>,
    /// The files the whole script writes ([`files_written`] of its tree), found once.
    written_anywhere: std::cell::OnceCell<Vec<String>>,
    /// The script as written, which a script kept whole runs.
    script: &'a str,
    /// `set -u` before anything else: a variable the environment does not set stops the
    /// script, as `${NAME}` (no default) stops the probe.
    nounset: bool,
    /// When `${HP%:*}` and `${HP#*:}` of a value the script reads when it runs may stand for
    /// its halves ([`super::draft::half`]) — only in the symbolic evaluation, which refuses a
    /// result that uses one apart from the other — the halves made, each with its line:
    /// `(value, head, how, line)`, `how` being where it was cut: `f` at the first colon, `l`
    /// at the last, `c` a field of `cut` or `awk`.
    halves: Option<std::cell::RefCell<Vec<HalfMade>>>,
    /// What to say about a test the symbolic reading made a probe of, said only where that
    /// probe is in the suite it writes (`[[ -v DEBUG ]] && set -x` makes none).
    probe_warnings: Vec<Warning>,
    /// The parsed script, for reading a function's body where it is called.
    tree: tree_sitter::Tree,
    /// Each function's body, by byte range.
    fn_bodies: HashMap<String, (usize, usize)>,
    /// The functions being read where they are called, innermost last: a function that calls
    /// itself is not read into itself again (it has no end to read to).
    inlining: Vec<String>,
    vars: HashMap<String, Var>,
    /// The statement (source text) that set each variable, for kept fragments.
    assigned_by: HashMap<String, String>,
    functions: HashMap<String, (String, bool)>,
    captured: HashMap<String, Captured>,
    errexit: bool,
    /// The script passes whatever it observes: a check no statement asserts still becomes a
    /// probe, one that only warns.
    warn_only: bool,
    /// `set -o pipefail`: a pipeline fails when any of its commands does.
    pipefail: bool,
    /// Variables assigned anywhere but a top-level assignment (in loops, functions, `read`,
    /// arithmetic): their value at a given line is known only by running the script.
    mutated: BTreeSet<String>,
    /// Names a `for` sets (its words, one after the other): a kept fragment that reads one
    /// without its loop would read the environment's.
    loop_names: BTreeSet<String>,
    /// What each assignment and function reads, for the context of a kept fragment.
    refs_of: HashMap<String, Vec<String>>,
    /// Functions that exit non-zero somewhere: a call to one can end the script.
    may_fail: BTreeSet<String>,
    /// Credentials found in the script and the variables that replace them, everywhere: in
    /// declarative probes and in kept text alike.
    secrets: Vec<Secret>,
    /// Set when a statement ends the script whatever happens (a retry loop that exits).
    done: bool,
    findings: Findings,
    names: BTreeSet<String>,
    /// Indices of gate probes in `findings.drafts`: the probes after each wait for it.
    gates: Vec<usize>,
    /// The words a program text run by `sh -c TEXT WORD…` gets as `$0`, `$1`…: set for such
    /// a text read as a script of its own ([`sema`]'s `program_text`), where they replace the
    /// suite's arguments.
    given: Option<Vec<Text>>,
    /// The seconds a `timeout D` around such a text allows it: a loop of it that waits
    /// without end is followed that long, and then the text has failed.
    deadline: Option<f64>,
    /// That deadline as the probe's `wait.until` writes it (`"${WAIT:-30}s"` when the caller
    /// gives it).
    deadline_text: Option<Text>,
    /// Set where the symbolic evaluation read `for h in $HOSTS` as the words of a list the
    /// script wrote: the statement path's `for_each` says the same in one probe, and is
    /// preferred where it reads the script whole.
    split_list: std::cell::Cell<bool>,
}

/// A Nagios plugin's probes: those that keep it from CRITICAL, and, as warnings, those that
/// keep it OK and are not among them already (a tighter threshold on the same value, another
/// check). A warning probe's name that the critical ones use gets `-warning`.
fn nagios_levels(critical: Vec<Draft>, ok: Vec<Draft>) -> Result<Vec<Draft>, String> {
    let mut out = critical;
    let mut renamed: Vec<(String, String)> = Vec::new();
    let mut warnings = Vec::new();
    for mut w in ok {
        if out.contains(&w) {
            continue;
        }
        if w.gate || w.bypass {
            return Err("a gate or a bypass only the OK state has".into());
        }
        if out.iter().any(|c| c.name == w.name) {
            let name = format!("{}-warning", w.name);
            renamed.push((w.name.clone(), name.clone()));
            w.name = name;
        }
        w.warning = true;
        warnings.push(w);
    }
    for w in &mut warnings {
        for dep in &mut w.depends_on {
            if let Some((_, new)) = renamed.iter().find(|(old, _)| old == dep) {
                *dep = new.clone();
            }
        }
    }
    out.extend(warnings);
    let mut names = std::collections::HashSet::new();
    if !out.iter().all(|d| names.insert(d.name.clone())) {
        return Err("two probes of one name".into());
    }
    Ok(out)
}

/// Why a Nagios plugin is kept whole, and what its exit codes become.
pub(super) const NAGIOS_KEPT: &str = "a Nagios plugin, kept whole: exit 1 (WARNING) is the probe's warning, 2 (CRITICAL) and 3 (UNKNOWN) fail it";

pub fn analyze(src: &str) -> Result<Findings, String> {
    // `cd "$(dirname "$0")/.."` first: read without it where no probe reads a relative path.
    if let Some((moved, line)) = own_dir::without_cd(src)
        && let Ok(mut findings) = analyze_as_written(&moved)
        && !findings.drafts.is_empty()
        && findings.drafts.iter().all(Draft::reads_no_directory)
    {
        findings.warnings.push(Warning {
            line,
            message: "`cd` into the script's own directory is left out: no probe reads the directory it runs in, and that directory is always there".into(),
        });
        return Ok(findings);
    }
    analyze_as_written(src)
}

/// [`analyze`] on the script as it is.
fn analyze_as_written(src: &str) -> Result<Findings, String> {
    let mut findings = read(src)?;
    if only_looking_warnings(&mut findings) {
        // Nothing that only looks is left: the script runs as it is.
        let (fixed, tree) = parsed(src).ok_or("the shell parser gave up")?;
        let mut sh = Shell::new(fixed.as_ref(), src, &tree);
        let d = sh.whole_script(RUNS_ONLY_CHANGES);
        findings.drafts.push(d);
        findings.secrets.extend(sh.findings.secrets);
        findings.warnings.extend(sh.findings.warnings);
    }
    Ok(findings)
}

/// Why a script whose every probe would change something is kept whole.
pub(super) const RUNS_ONLY_CHANGES: &str = "the script passes whatever it sees, and what it runs may change the machine or a service (a restart, a POST): kept whole, as it runs";

/// A probe that only warns (the script reports what it saw and goes on) is no check the
/// verdict needs: a command there is kept only where it only looks (`pgrep`, `systemctl
/// is-active`, a GET); one that may change something (`/opt/app/bin/app restart`, `logger`,
/// `iptables -F`) is reported as not converted, never run by the suite.
/// True where that leaves no probe (there were some).
pub(super) fn only_looking_warnings(findings: &mut Findings) -> bool {
    let before = findings.drafts.len();
    findings.drafts.retain(|d| {
        !d.warning
            || d.kept.is_some()
            || match &d.check {
                Check::Command { argv, .. } => looks_only(argv),
                // `curl -X POST …/restart` asks the service to do something.
                Check::Http { method, .. } => method.as_deref().is_none_or(|m| {
                    m.eq_ignore_ascii_case("GET") || m.eq_ignore_ascii_case("HEAD")
                }),
                _ => true,
            }
    });
    before > 0 && findings.drafts.is_empty()
}

/// Whether a command only looks at the machine or a service: a program known to read (its
/// arguments allowing), behind `sudo`, `timeout` or `env` too.
fn looks_only(argv: &[Text]) -> bool {
    let words: Vec<String> = argv
        .iter()
        .map(|t| t.as_literal().unwrap_or_else(|| t.render()))
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    let base = first.rsplit('/').next().unwrap_or(first);
    let rest = &words[1..];
    let has = |w: &[&str]| rest.iter().any(|a| w.contains(&a.as_str()));
    match base {
        "sudo" | "timeout" | "env" | "nice" => {
            let inner = rest
                .iter()
                .position(|w| {
                    !w.starts_with('-')
                        && !w.contains('=')
                        && !w.chars().next().is_some_and(|c| c.is_ascii_digit())
                })
                .map(|k| &argv[k + 1..]);
            inner.is_some_and(looks_only)
        }
        "test" | "[" | "pgrep" | "pidof" | "ps" | "ss" | "netstat" | "lsof" | "nc" | "ncat"
        | "netcat" | "pg_isready" | "dig" | "host" | "nslookup" | "ping" | "df" | "du" | "free"
        | "uptime" | "stat" | "grep" | "egrep" | "fgrep" | "jq" | "cat" | "head" | "tail"
        | "wc" | "ls" | "date" | "hostname" | "id" | "getent" | "openssl" | "true" => true,
        "kill" | "pkill" | "killall" => {
            signals_nothing(&words.iter().map(String::as_str).collect::<Vec<_>>())
        }
        "systemctl" | "service" | "rc-service" | "supervisorctl" => has(&[
            "is-active",
            "is-enabled",
            "is-failed",
            "status",
            "show",
            "list-units",
        ]),
        "mysqladmin" => has(&["ping", "status"]),
        "redis-cli" => has(&["ping", "PING", "info", "INFO"]),
        "curl" => {
            let reads = rest.windows(2).all(|p| {
                !matches!(p[0].as_str(), "-X" | "--request")
                    || matches!(p[1].to_ascii_uppercase().as_str(), "GET" | "HEAD")
            });
            reads
                && !rest.iter().any(|a| {
                    matches!(a.as_str(), "-d" | "-F" | "--form" | "-T" | "--upload-file")
                        || a.starts_with("--data")
                })
        }
        "wget" => !rest
            .iter()
            .any(|a| a.starts_with("--post") || a.starts_with("--method")),
        "find" => !has(&["-delete", "-exec", "-execdir", "-fprint", "-fls", "-ok"]),
        _ => false,
    }
}

fn read(src: &str) -> Result<Findings, String> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_bash::LANGUAGE.into())
        .map_err(|e| format!("the shell grammar did not load: {e}"))?;
    let script = src;
    // Words and pipelines tree-sitter-bash splits wrong, written as it reads them right.
    let (fixed, mut tree) = parsed(src).ok_or("the shell parser gave up")?;
    let src = fixed.as_ref();
    // (Only where the grammar failed: the rewrite is not looked for otherwise.)
    if tree.root_node().has_error()
        && let Some(t) = same_length_readable(src).and_then(|text| parser.parse(&text, None))
    {
        tree = t;
    }
    let root = tree.root_node();
    if root.has_error() {
        // Kept whole rather than refused: the suite still runs what the script ran.
        let bad = super::first_error(root).unwrap_or(root);
        let line = bad.start_position().row + 1;
        let mut findings = Findings::default();
        findings.warnings.push(Warning {
            line,
            message: format!(
                "the shell parser cannot read line {line} (column {}); the script is kept whole",
                bad.start_position().column + 1
            ),
        });
        let mut d = Draft::new(
            "script",
            1,
            Check::WholeScript {
                text: script.to_string(),
            },
        );
        d.kept = Some(format!("the shell parser cannot read line {line}"));
        findings.drafts.push(d);
        return Ok(findings);
    }
    let mut sh = Shell::new(src, script, &tree);
    // What no statement of the script can be read apart from: the script kept whole.
    let kept_whole = crlf_line(script)
        // bash reads the `\r` as part of each line (`$'do\r'`), and the kernel looks for an
        // interpreter named `/bin/bash\r`: the script fails wherever it runs.
        .map(|line| format!(
            "line {line} ends in a CR (Windows line endings): the shell reads the CR as part of the line's last word, so the script does not do what it reads as; kept whole (convert it with `dos2unix` and import it again)"
        ))
        // `if [ -n "$LOG" ]; then echo ok >> "$LOG"; fi` as the last act: the script's status
        // is the write's (a log that cannot be written fails it), which no probe carries; so
        // behind a bare `exit` or `exit $?`, in a loop's last round, a group or a function
        // called last.
        .or_else(|| sh.ends_writing(root).map(|line| format!(
            "line {line}: the script ends with output written to a file, whose status (a file that cannot be written) is the script's"
        )))
        .or_else(|| sh.exiting_exit_trap(root).map(|line| format!(
            "line {line}: a `trap` on EXIT that runs `exit`, whose status then replaces the script's: kept whole"
        )))
        .or_else(|| sh.shadowed_program(root).map(|(line, name)| format!(
            "line {line}: the script defines its own `{name}`, which runs wherever it names the program: kept whole"
        )))
        .or_else(|| sh.recursive_function(root).map(|(line, name)| format!(
            "line {line}: `{name}` calls itself (through its own body or another function's): a loop written as recursion, which no statement read alone follows: kept whole"
        )))
        .or_else(|| sh.assigns_before_function(root).map(|(line, name)| format!(
            "line {line}: an assignment before `{name}` (a function of the script or a special builtin), which the shells keep for the function's run or for the rest of the script as they differ: kept whole"
        )));
    if let Some(reason) = kept_whole {
        let d = sh.whole_script(&reason);
        sh.findings.drafts.push(d);
        return Ok(sh.findings);
    }
    // `set -o pipefail 2>/dev/null || true` under sh: dash refuses the option wherever the
    // `set` stands, and its refusal ends the script there (a special builtin's error).
    // Elsewhere, pipefail set where the reading does not follow it (`shopt -so pipefail`, a
    // function's `set -o pipefail`, the `#!` line's `-o pipefail`): what a pipeline's status
    // is, and what a kept fragment runs under, would differ from the script's.
    let under_sh = matches!(super::shebang_program(script), Some("sh" | "dash"));
    let mut refused = false;
    let mut hidden_pipefail = script
        .lines()
        .next()
        .is_some_and(|l| l.contains("pipefail"));
    walk_commands(root, &mut |c| {
        if !sh.text(c).contains("pipefail") {
            return;
        }
        let set = sh.command_name(c).as_deref() == Some("set");
        if under_sh && set {
            let args: Vec<String> = sh.args(c).iter().filter_map(Text::as_literal).collect();
            refused |= set_options(&args)
                .iter()
                .any(|(o, on)| *o == "pipefail" && *on);
        }
        let top = c.parent().is_some_and(|p| p.kind() == "program");
        hidden_pipefail |= !(top && set);
    });
    if refused {
        let d = sh.whole_script(sema::PIPEFAIL_UNDER_SH);
        sh.findings.drafts.push(d);
        return Ok(sh.findings);
    }
    if hidden_pipefail {
        let d = sh.whole_script(
            "pipefail set where a statement read alone does not see it (`shopt -so`, a function, the `#!` line): kept whole",
        );
        sh.findings.drafts.push(d);
        return Ok(sh.findings);
    }
    if let Some((line, what)) = sh.changes_what_follows(root) {
        let d = sh.whole_script(&format!(
            "line {line}: {what} changes what the rest of the script sees, which no statement read alone carries: kept whole"
        ));
        sh.findings.drafts.push(d);
        return Ok(sh.findings);
    }
    if sh.posix_shell()
        && let Some((line, what, effect)) = sh.dash_differs(root)
    {
        let d = sh.whole_script(&format!(
            "line {line}: {what} under /bin/sh, which dash (Debian's sh) refuses ({effect}) and bash and busybox take: what the script does depends on the machine's sh, so it is kept whole"
        ));
        sh.findings.drafts.push(d);
        return Ok(sh.findings);
    }
    if sh.posix_shell()
        && let Some(line) = sh.unread_arithmetic(root)
    {
        let d = sh.whole_script(&format!(
            "line {line}: a `$((…))` of values the script reads when it runs, which ends a /bin/sh script (dash: exit 2) where one is not a number: kept whole"
        ));
        sh.findings.drafts.push(d);
        return Ok(sh.findings);
    }
    if sh.is_nagios_plugin() {
        sh.findings.nagios_plugin = true;
        // What keeps it from CRITICAL (exit 0 or 1) is the probes; what keeps it OK besides
        // is the same probes again as warnings.
        let mut critical = Shell::new(src, script, &tree);
        let mut ok = Shell::new(src, script, &tree);
        let read = (|| {
            let sema::Read::Condition(crit, crit_obs) = sema::conditions(&mut critical, root, 1)?
            else {
                return Err("a plugin read whole".to_string());
            };
            let sema::Read::Condition(pass, pass_obs) = sema::conditions(&mut ok, root, 0)? else {
                return Err("a plugin read whole".to_string());
            };
            // What the OK state asks beyond what keeps the plugin from CRITICAL: a part
            // the critical condition has already fails the plugin harder.
            let residual = super::formula::residual(&pass, &pass_obs, &crit, &crit_obs);
            let mut warnings = Vec::new();
            let c = crit_obs.write(crit, &mut warnings)?;
            let w = match residual {
                super::formula::Cond::True => Vec::new(),
                r => pass_obs.write(r, &mut warnings)?,
            };
            Ok((nagios_levels(c, w)?, warnings))
        })();
        match read {
            Ok((drafts, warnings)) => {
                let mut findings = critical.findings;
                findings.nagios_plugin = true;
                for s in ok.findings.secrets {
                    if !findings.secrets.contains(&s) {
                        findings.secrets.push(s);
                    }
                }
                findings.positional = sema::positional(&drafts);
                for w in ok.findings.warnings.into_iter().chain(warnings) {
                    if !findings.warnings.contains(&w) {
                        findings.warnings.push(w);
                    }
                }
                findings.drafts = drafts;
                return Ok(findings);
            }
            Err(e) if std::env::var_os("PROBEKIT_SEMA_DEBUG").is_some() => {
                eprintln!("sema (Nagios): {e}");
            }
            Err(_) => {}
        }
        let d = sh.whole_script(NAGIOS_KEPT);
        sh.findings.drafts.push(d);
        return Ok(sh.findings);
    }
    // The whole script evaluated symbolically first; where that cannot be written, statement
    // by statement.
    let mut symbolic = Shell::new(src, script, &tree);
    let mut passes_always = false;
    // The symbolic reading, kept aside while the statement path tries a list's loop.
    let mut listed: Option<Findings> = None;
    symbolic.halves = Some(Default::default());
    match sema::evaluate(&mut symbolic, root) {
        // A half of a `host:port` used apart from the other: read statement by statement.
        Ok(drafts) if drafts.iter().any(Draft::has_half) => {}
        Ok(drafts) => {
            // `${HP%:*}` splits at the last colon and `${HP#*:}` at the first, `cut -d: -f2`
            // takes the second field: the same for `host:port`, where the suite connects to HP
            // as given.
            let made = symbolic.halves.take().unwrap_or_default().into_inner();
            for (value, head, how, line) in &made {
                if !head
                    && made
                        .iter()
                        .any(|(v, h, other, _)| v == value && *h && (other != how || *how == 'c'))
                    && !symbolic.findings.warnings.iter().any(|w| w.line == *line)
                {
                    symbolic.findings.warnings.push(Warning {
                        line: *line,
                        message: format!(
                            "`{value}` is split at a colon in two ways; the suite connects to it as given, which is the same for `host:port` and not for a value with more colons"
                        ),
                    });
                }
            }
            for w in std::mem::take(&mut symbolic.probe_warnings) {
                if drafts.iter().any(|d| d.line == w.line)
                    && !symbolic.findings.warnings.contains(&w)
                {
                    symbolic.findings.warnings.push(w);
                }
            }
            symbolic.findings.drafts = drafts;
            if !symbolic.split_list.get() {
                return Ok(symbolic.findings);
            }
            listed = Some(symbolic.findings);
        }
        // No statement of such a script can be read alone either.
        // A test of `$?` against a code: no statement read alone holds the status it reads
        // (`else if [ $? -eq 22 ]; then exit 0`), so the statements cannot be read either.
        Err(e)
            if e == sema::PIPEFAIL_UNDER_SH
                || e == super::formula::ALWAYS_FAILS
                || e.starts_with(sema::STATUS_TEST)
                || reads_status_in_a_test(script) =>
        {
            let d = sh.whole_script(&e);
            sh.findings.drafts.push(d);
            return Ok(sh.findings);
        }
        Err(e) => {
            if std::env::var_os("PROBEKIT_SEMA_DEBUG").is_some() {
                eprintln!("sema: {e}");
            }
            passes_always = e == super::formula::PASSES_ALWAYS;
        }
    }
    let mut statements: Vec<Node> = statements(root);
    // `vernemq ping; exit $?` at the end: the script's status is the command's, as it is
    // where the command is the last statement.
    if let [.., before, end] = statements.as_slice()
        && exits_with_last_status(&sh, *end)
        && matches!(
            before.kind(),
            "command" | "pipeline" | "list" | "redirected_statement" | "negated_command"
        )
    {
        statements.pop();
    }
    for stmt in &statements {
        // `: "${PORT:=8080}"` at the top assigns once, on every path (read where it stands).
        let top = matches!(stmt.kind(), "variable_assignment" | "declaration_command")
            || (stmt.kind() == "command" && sh.command_name(*stmt).as_deref() == Some(":"));
        if !top {
            collect_assigned(&sh, *stmt, &mut sh.mutated.clone())
                .into_iter()
                .for_each(|v| {
                    sh.mutated.insert(v);
                });
        }
        // A `for` inside a branch or a function sets its name only where it runs (a `for` at
        // the top sets it on every path, read where it stands).
        for (lp, name) in loop_variables(&sh, *stmt) {
            if lp.id() != stmt.id() {
                sh.mutated.insert(name.clone());
            }
            sh.loop_names.insert(name);
        }
    }
    if statements.is_empty() {
        return Ok(sh.findings);
    }
    sh.warn_only = passes_always;
    let last = statements.len().saturating_sub(1);
    for (i, stmt) in statements.iter().enumerate() {
        if sh.done {
            break;
        }
        if let Err(reason) = sh.statement(*stmt, i == last, &statements[i + 1..]) {
            if let Some(findings) = listed {
                return Ok(findings);
            }
            // The statements depend on each other in a way no fragment can keep.
            sh.findings.drafts.clear();
            let d = sh.whole_script(&reason);
            sh.findings.drafts.push(d);
            return Ok(sh.findings);
        }
    }
    if let Some(findings) = listed
        && sh.findings.drafts.iter().any(|d| !d.is_declarative())
    {
        return Ok(findings);
    }
    // A script that passes whatever it observes: what its statements check only warns.
    if passes_always {
        // (A bypass stays as it is: its dependents, now warnings, pass the run either way.)
        for d in sh.findings.drafts.iter_mut().filter(|d| !d.bypass) {
            d.warning = true;
        }
    }
    for &g in &sh.gates {
        let name = sh.findings.drafts[g].name.clone();
        let mut followed = false;
        for d in sh.findings.drafts.iter_mut().skip(g + 1) {
            if !d.gate {
                d.depends_on.push(name.clone());
                followed = true;
            }
        }
        // A bypass no check follows passes the script either way: its failure only warns.
        let d = &mut sh.findings.drafts[g];
        if d.bypass && !followed {
            d.bypass = false;
            d.warning = true;
        }
    }
    // A file of settings read behind a test that it is there (what the symbolic reading warns
    // about on its own): the statements read alone leave it to the environment too.
    let mut sources = Vec::new();
    walk_commands(root, &mut |c| {
        if sh.settings_source(c) == Some(true) {
            sources.push(c);
        }
    });
    for c in sources {
        let w = Warning {
            line: sh.line(c),
            message: sh.settings_warning(c),
        };
        if !sh.findings.warnings.contains(&w) {
            sh.findings.warnings.push(w);
        }
    }
    Ok(sh.findings)
}

/// Whether the script reads `$?` other than to exit or return with it (`(( $? == 1 ))`,
/// `case $? in`, `rc=$?`): which status it reads, no statement read alone holds.
fn reads_status_in_a_test(script: &str) -> bool {
    script.lines().any(|line| {
        let code = line.split(" #").next().unwrap_or(line).trim();
        if code.starts_with('#') {
            return false;
        }
        let plain = code.replace("\"$?\"", "$?").replace("${?}", "$?");
        let rest = plain.replace("exit $?", "").replace("return $?", "");
        rest.contains("$?") || rest.contains("${?") || rest.contains("PIPESTATUS")
    })
}

/// Whether a command's text stops the script when a variable is unset (`${NAME:?message}`,
/// `${NAME?}`).
pub(super) fn requires_variable(text: &str) -> bool {
    regex::Regex::new(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?\?")
        .expect("a valid regex")
        .is_match(text)
}

/// Whether the shell that runs the script expands `{1..5}`: bash (and ksh, zsh) do; a script
/// for `sh` (dash, busybox) gets the word as written.
pub(super) fn braces_expand(src: &str) -> bool {
    !matches!(super::shebang_program(src), Some("sh" | "dash" | "ash"))
}

/// The bounds and step of a `{A..B}` or `{A..B..STEP}` of plain numbers (bash's brace
/// range; see [`braces_expand`] for the shells that expand it). `{01..10}` counts as
/// `{1..10}`, though bash pads its words.
pub(super) fn brace_bounds(word: &str) -> Option<(i64, i64, i64)> {
    let range = word.strip_prefix('{')?.strip_suffix('}')?;
    let mut parts = range.split("..");
    let (a, b) = (parts.next()?, parts.next()?);
    let step = match parts.next() {
        Some(s) => s.trim_start_matches('-').parse::<i64>().ok()?.max(1),
        None => 1,
    };
    if parts.next().is_some() {
        return None;
    }
    let bounds = (a.parse::<i64>().ok()?, b.parse::<i64>().ok()?);
    (bounds.0.abs() < 1 << 40 && bounds.1.abs() < 1 << 40 && step < 1 << 40)
        .then_some((bounds.0, bounds.1, step))
}

/// How many numbers `{A..B..STEP}` expands to.
pub(super) fn brace_count(a: i64, b: i64, step: i64) -> i64 {
    (a - b).abs() / step + 1
}

/// Whether bash would expand braces in an unquoted word as written (`{1..5}`, `{a,b}`,
/// `${dir}/{a,b}`): braces with `..` or `,` outside a `${…}`.
pub(super) fn has_brace_expansion(raw: &str) -> bool {
    if raw.starts_with(['"', '\'']) {
        return false;
    }
    // The word without its `${…}` (whose `:-a,b` is no brace expansion).
    let mut outside = String::new();
    let mut depth = 0usize;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek() == Some(&'{') {
            chars.next();
            depth += 1;
        } else if depth > 0 && c == '{' {
            depth += 1;
        } else if depth > 0 && c == '}' {
            depth -= 1;
        } else if depth == 0 {
            outside.push(c);
        }
    }
    outside.contains('{')
        && outside.contains('}')
        && (outside.contains("..") || outside.contains(','))
}

/// Where the script gives a default only for an unset variable (`${URL-http://…}`, `${1-…}`)
/// that a probe reads: the suite's `${NAME:-default}` also takes it when the variable is set
/// but empty, where the script would use the empty value.
pub(super) fn unset_only_defaults(src: &str, drafts: &[Draft]) -> Vec<Warning> {
    let Some((src, tree)) = parsed(src) else {
        return Vec::new();
    };
    let mut found: Vec<(String, usize)> = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        let mut c = n.walk();
        let parts: Vec<Node> = n.children(&mut c).collect();
        if n.kind() == "expansion"
            && parts
                .iter()
                .any(|p| !p.is_named() && &src[p.byte_range()] == "-")
            && let Some(var) = parts
                .iter()
                .find(|p| matches!(p.kind(), "variable_name" | "special_variable_name"))
        {
            let name = &src[var.byte_range()];
            // `$1` is the suite's `arg1`.
            let read_as = if name.chars().all(|c| c.is_ascii_digit()) {
                format!("arg{name}")
            } else {
                name.to_string()
            };
            if drafts
                .iter()
                .any(|d| d.kept.is_none() && d.reads_var(&read_as))
                && !found.iter().any(|(n, _)| *n == name)
            {
                found.push((name.to_string(), n.start_position().row + 1));
            }
        }
        stack.extend(parts.into_iter().filter(|p| p.is_named()));
    }
    let Some(line) = found.iter().map(|(_, line)| *line).min() else {
        return Vec::new();
    };
    let names: Vec<String> = found.iter().map(|(n, _)| format!("`${n}`")).collect();
    vec![Warning {
        line,
        message: format!(
            "the script takes the default of {} only when it is unset (`${{NAME-default}}`); the suite's `${{NAME:-default}}` also when it is set but empty, where the script would use the empty value",
            names.join(", ")
        ),
    }]
}

/// The script's own positional parameters as its text uses them ([`positional_words`]).
pub(crate) struct PositionalWords {
    /// The highest `$N` (`${N}`, `${N:-…}`, `${#N}`) expanded outside the script's functions
    /// (whose `$1` is their own) and single quotes (an `awk '{print $3}'` program).
    pub highest: usize,
    /// Whether something moves the words: `shift`, `set --`, `getopts`.
    pub moved: bool,
    /// Whether only `shift` moves them.
    pub only_shifted: bool,
    /// The highest `$N` read with no default (`$2`, `${2}`), which `set -u` stops on.
    pub highest_bare: usize,
    /// The most words a `shift N` among the script's own statements (not in a function,
    /// loop or branch) takes: dash stops the script (exit 2) where there are fewer.
    pub shifted_always: usize,
}

/// The expansions of all the script's words at once (`"$@"`, `$*`).
const ALL_WORDS: [&str; 4] = ["$@", "${@", "$*", "${*"];

/// Whether the script reads its words anywhere (`$1`, `"$@"`, `$*`, `$#`), in its functions
/// too (`check "$@"`).
/// What a `${NAME…}` expansion does after its name: `:-`, `/a/b`, `:0:3`, `` for `${NAME}``
/// (and `!NAME`'s whole text for bash's `${!NAME}`).
pub(super) fn expansion_op(text: &str) -> &str {
    let inner = text.trim_start_matches("${");
    if inner.starts_with('!') {
        return inner;
    }
    let name_end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inner.len());
    &inner[name_end..]
}

/// `${h//./-}`, `${v:0:3}`, `${s^^}`, `${s,,}`, `${!name}`: bash's expansions, which stop dash
/// with "Bad substitution" (exit 2) where they run.
pub(super) fn bash_only_expansion(text: &str) -> bool {
    let op = expansion_op(text);
    op.starts_with(['!', '/', '^', ','])
        || (op.starts_with(':') && !matches!(op.get(..2), Some(":-" | ":=" | ":?" | ":+")))
}

/// Why a `printf` that may fail is kept ([`Shell::printf_may_fail`]).
pub(super) const PRINTF_MAY_FAIL: &str =
    "a `printf` that may fail (a number it is given that is not one, or a format it refuses)";

pub(crate) fn reads_words(script: &str) -> bool {
    positional_words(script).highest > 0
        || ALL_WORDS
            .iter()
            .chain(&["$#", "${#}"])
            .any(|w| script.contains(w))
}

/// Whether the script may run under `set -u` (anywhere, or `-u` on its `#!` line), which
/// stops it where it reads a variable that is not set.
pub(crate) fn stops_on_unset(script: &str) -> bool {
    static NOUNSET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\bset\s+(-[a-zA-Z]*u|(-[a-zA-Z]+\s+)*-o\s+nounset)|^#!.*\s-[a-zA-Z]*u")
            .expect("a valid pattern")
    });
    NOUNSET.is_match(script)
}

/// [`PositionalWords`] of a shell script, read from its parse (comments and quotes are not
/// code).
pub(crate) fn positional_words(src: &str) -> PositionalWords {
    let mut out = PositionalWords {
        highest: 0,
        moved: false,
        only_shifted: true,
        shifted_always: 0,
        highest_bare: 0,
    };
    let mut parser = tree_sitter::Parser::new();
    if parser
        .set_language(&tree_sitter_bash::LANGUAGE.into())
        .is_err()
    {
        return out;
    }
    let Some(tree) = parser.parse(src, None) else {
        return out;
    };
    let mut stack = vec![(tree.root_node(), false)];
    while let Some((n, in_function)) = stack.pop() {
        let in_function = in_function || n.kind() == "function_definition";
        match n.kind() {
            "command_name" if matches!(&src[n.byte_range()], "shift" | "getopts") => {
                out.moved = true;
                out.only_shifted &= &src[n.byte_range()] == "shift";
            }
            "command"
                if src[n.byte_range()].starts_with("set ")
                    && src[n.byte_range()].split_whitespace().nth(1) == Some("--") =>
            {
                out.moved = true;
                out.only_shifted = false;
            }
            "command"
                if n.parent().is_some_and(|p| p.kind() == "program")
                    && src[n.byte_range()].split_whitespace().next() == Some("shift") =>
            {
                let words: Vec<&str> = src[n.byte_range()].split_whitespace().collect();
                let count = match words.as_slice() {
                    [_] => Some(1),
                    [_, k] => k.parse::<usize>().ok(),
                    _ => None,
                };
                match count {
                    Some(k) => out.shifted_always = out.shifted_always.max(k),
                    None => out.only_shifted = false,
                }
            }
            "simple_expansion" | "expansion" if !in_function => {
                let name = src[n.byte_range()]
                    .trim_start_matches('$')
                    .trim_start_matches('{')
                    .trim_start_matches('#');
                let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
                // `$10` is `${1}0`; only braces take more digits.
                let digits = if src[n.byte_range()].starts_with("${") {
                    digits.as_str()
                } else {
                    &digits[..digits.len().min(1)]
                };
                if let Ok(v) = digits.parse::<usize>()
                    && v > 0
                {
                    out.highest = out.highest.max(v);
                    let text = &src[n.byte_range()];
                    if n.kind() == "simple_expansion" || text == format!("${{{digits}}}") {
                        out.highest_bare = out.highest_bare.max(v);
                    }
                }
            }
            _ => {}
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c).map(|c| (c, in_function)));
    }
    out
}

/// The script as tree-sitter-bash reads it the way bash does: [`grammar_fixes`] applied until
/// there are none (or the script itself).
pub(super) fn as_parsed(src: &str) -> std::borrow::Cow<'_, str> {
    parsed(src).map_or(src.into(), |(text, _)| text)
}

/// [`as_parsed`] and its parse; `None` when the grammar does not load or gives up.
fn parsed(src: &str) -> Option<(std::borrow::Cow<'_, str>, tree_sitter::Tree)> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_bash::LANGUAGE.into())
        .ok()?;
    let mut text = std::borrow::Cow::Borrowed(src);
    let mut tree = parser.parse(src, None)?;
    // Each pass fixes what the one before hid (a pipeline inside a misread one).
    for _ in 0..8 {
        let edits = grammar_fixes(&text, tree.root_node());
        if edits.is_empty() {
            break;
        }
        let out = super::apply_edits(&text, edits)?;
        let fixed = parser.parse(&out, None)?;
        // A fix that makes the grammar fail where it read the text before is not one.
        if fixed.root_node().has_error() && !tree.root_node().has_error() {
            break;
        }
        tree = fixed;
        text = out.into();
    }
    Some((text, tree))
}

/// The edit that writes a here-string misread after other redirections (`cmd >/dev/null <<<
/// "$r"`: the redirections, an error holding `<<`, and a redirection from `"$r"`) before them.
fn here_string_after_redirects(src: &str, n: Node) -> Option<(usize, usize, String)> {
    let mut c = n.walk();
    let parts: Vec<Node> = n.children(&mut c).collect();
    let body = n.child_by_field_name("body")?;
    let first = parts
        .iter()
        .position(|p| p.start_byte() >= body.end_byte())?;
    let error = parts
        .iter()
        .position(|p| p.kind() == "ERROR" && &src[p.byte_range()] == "<<")?;
    let input = parts.get(error + 1)?;
    let redirects = &parts[first..error];
    if redirects.is_empty()
        || error + 2 != parts.len()
        || input.kind() != "file_redirect"
        || input.start_byte() != parts[error].end_byte()
        || !src[input.byte_range()].starts_with('<')
        || !redirects.iter().all(|r| r.kind() == "file_redirect")
    {
        return None;
    }
    let start = redirects[0].start_byte();
    let others = src[start..parts[error].start_byte()].trim_end();
    // (On one line: a `\` that continues it is left as it is.)
    if others.contains('\n') {
        return None;
    }
    let herestring = &src[parts[error].start_byte()..input.end_byte()];
    Some((start, input.end_byte(), format!("{herestring} {others}")))
}

/// Where the command `n` ends (the pipeline's last), the end of its last word before a newline
/// that does not continue the line, if words follow it there.
fn words_past_newline(src: &str, n: Node) -> Option<usize> {
    let cmd = match n.kind() {
        "pipeline" => named_children(n).last().copied()?,
        _ => n,
    };
    if cmd.kind() != "command" {
        return None;
    }
    let words: Vec<Node> = children(cmd);
    words.windows(2).enumerate().find_map(|(k, w)| {
        let gap = &src[w[0].end_byte()..w[1].start_byte()];
        if !gap.contains('\n') || gap.contains("\\\n") {
            return None;
        }
        // `c x # note` then the newline: the line ends before its comment.
        let last = words[..=k].iter().rev().find(|n| n.kind() != "comment")?;
        Some(last.end_byte())
    })
}

/// Where tree-sitter-bash reads the script otherwise than bash, the edits (start, end, new
/// text, in order, none overlapping) that make it read the same; bash runs each edited form as
/// the original.
/// - It ends the word of `$A:$B/c`, `$D/$F.x` and `"$C":$P/x` at the second `$`, a token of its
///   own, and reads `B/c` as the next word (and `URL=http://$H:$P/x` as a command named
///   `P/x`): the name is braced (`${B}`), which changes nothing, as the next character cannot
///   continue it.
/// - It reads `a | b | c || d` (three commands or more, then `&&` or `||`) as `a | (b | c ||
///   d)`: the pipeline is grouped, `{ a | b | c ;} || d`. Where the `||` comes lines later,
///   it runs c's words on over the newlines to it (`c x y`): a `;` ends c's line.
///
/// And one edit that is not the grammar's: `exec CHECK …` as the script's last statement loses
/// its `exec` (bash ends the script with the check's status either way).
fn grammar_fixes(src: &str, root: Node) -> Vec<(usize, usize, String)> {
    let mut edits = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        // `jq -e . >/dev/null 2>&1 <<< "$r"`: the grammar reads no here-string after another
        // redirection (an error, then `< "$r"`). The here-string written first, which is the
        // same command: it sets the input, the others the outputs.
        if n.kind() == "redirected_statement"
            && let Some(herestring) = here_string_after_redirects(src, n)
        {
            edits.push(herestring);
            continue;
        }
        // `test "$code" -ne 200`: the same builtin as `[ "$code" -ne 200 ]`, which the grammar
        // reads as a test (`test` as a command of words). Written with brackets, where no
        // word holds a bracket of its own.
        if n.kind() == "command"
            && let Some(name) = n.child_by_field_name("name")
            && &src[name.byte_range()] == "test"
            && n.child(0).is_some_and(|c| c.id() == name.id())
            // (An alias of that name is another command: `alias test='curl …'`.)
            && !src.contains("alias test")
        {
            let mut c = n.walk();
            let words: Vec<Node> = n.children(&mut c).skip(1).collect();
            let plain = !words.is_empty()
                && words.iter().all(|w| {
                    matches!(
                        w.kind(),
                        "word"
                            | "string"
                            | "raw_string"
                            | "number"
                            | "simple_expansion"
                            | "expansion"
                            | "concatenation"
                            | "command_substitution"
                    ) && !src[w.byte_range()].contains(['[', ']'])
                });
            if plain {
                edits.push((name.start_byte(), name.end_byte(), "[".to_string()));
                edits.push((n.end_byte(), n.end_byte(), " ]".to_string()));
                continue;
            }
        }
        // `>&2 >/dev/null` alone on its line: the grammar takes the next lines for the
        // rest of its command (`n=$((n+1))` as an assignment before `sleep 1`). Ended there.
        if n.kind() == "command" {
            let mut c = n.walk();
            let parts: Vec<Node> = n.children(&mut c).collect();
            let leading = parts
                .iter()
                .take_while(|p| p.kind() == "file_redirect")
                .count();
            // (Not across a `\` that continues the line: that is one command.)
            if leading > 0
                && let Some(next) = parts.get(leading)
            {
                let last = parts[leading - 1];
                if src[last.end_byte()..next.start_byte()]
                    .trim_start_matches([' ', '\t'])
                    .starts_with('\n')
                {
                    edits.push((last.end_byte(), last.end_byte(), ";".to_string()));
                } else if n.parent().is_some_and(|p| {
                    matches!(p.kind(), "pipeline" | "command_substitution")
                        || (p.kind() == "redirected_statement"
                            && p.parent().is_some_and(|q| {
                                matches!(q.kind(), "pipeline" | "command_substitution")
                            }))
                }) && parts[..leading].iter().all(|r| {
                    // Output only (`<file` is another fix's, which an edit here would overlap).
                    let t = &src[r.byte_range()];
                    !t.trim_start_matches(|c: char| c.is_ascii_digit())
                        .starts_with('<')
                }) {
                    // `>/dev/null curl -s URL | grep …`, `$(>/dev/null curl …)`: the
                    // redirections of the command itself, which the readers of pipelines and
                    // captures look for only where they follow it. Moved after it (blanks
                    // where they were: the lines stay where they are).
                    let moved: Vec<&str> = parts[..leading]
                        .iter()
                        .map(|r| &src[r.byte_range()])
                        .collect();
                    for r in &parts[..leading] {
                        edits.push((
                            r.start_byte(),
                            r.end_byte(),
                            " ".repeat(r.byte_range().len()),
                        ));
                    }
                    edits.push((n.end_byte(), n.end_byte(), format!(" {}", moved.join(" "))));
                }
            }
        }
        if n.kind() == "$"
            && !n.is_named()
            && n.parent().is_some_and(|p| p.kind() == "concatenation")
        {
            let rest = &src.as_bytes()[n.end_byte()..];
            let len = match rest.first() {
                Some(c) if c.is_ascii_digit() => 1,
                Some(c) if c.is_ascii_alphabetic() || *c == b'_' => rest
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                    .count(),
                _ => 0,
            };
            if len > 0 {
                let name = &src[n.end_byte()..n.end_byte() + len];
                edits.push((n.start_byte(), n.end_byte() + len, format!("${{{name}}}")));
            }
        }
        // `curl -s URL > /dev/null --max-time 10`: bash redirects to the first word and
        // passes the rest to the command; the grammar takes them all for destinations. They
        // are moved before the redirect.
        // `grep -c WORD < FILE`: grep reads the file it is given as it reads its input (one
        // file: no name before the lines), and prints the same; the file becomes its operand.
        if n.kind() == "file_redirect"
            && src[n.byte_range()].starts_with('<')
            && !src[n.byte_range()].starts_with("<<")
            && !src[n.byte_range()].starts_with("<&")
            // One input: with two (`< a < b`, or a here-string or here-document beside it)
            // grep reads the last.
            && n.parent().is_some_and(|p| {
                let mut c = p.walk();
                p.children(&mut c)
                    .filter(|r| {
                        r.kind() == "file_redirect" && src[r.byte_range()].starts_with('<')
                    })
                    .count()
                    == 1
                    && !src[p.byte_range()].contains("<<")
            })
            && let Some(cmd) = n.parent().and_then(|p| match p.kind() {
                "redirected_statement" => p.child_by_field_name("body"),
                "command" => Some(p),
                _ => None,
            })
            && cmd.kind() == "command"
            && cmd
                .child_by_field_name("name")
                .is_some_and(|w| &src[w.byte_range()] == "grep")
            && {
                let mut c = cmd.walk();
                let words: Vec<&str> = cmd
                    .children_by_field_name("argument", &mut c)
                    .map(|a| &src[a.byte_range()])
                    .collect();
                // Options alone (no `-e`, `-f`, `-r`, `-H`: they change what is read or printed),
                // then the pattern: nothing grep would read as a file.
                let options = words.iter().take_while(|w| w.starts_with('-')).count();
                words.len() == options + 1
                    && words[..options].iter().all(|w| {
                        !w.starts_with("--") && w[1..].chars().all(|c| "cqivwxnsEFGPoh".contains(c))
                    })
            }
        {
            let mut c = n.walk();
            if let [target] = n
                .children_by_field_name("destination", &mut c)
                .collect::<Vec<_>>()
                .as_slice()
            {
                edits.push((n.start_byte(), target.start_byte(), String::new()));
                continue;
            }
        }
        if n.kind() == "file_redirect" {
            let mut c = n.walk();
            let destinations: Vec<Node> = n.children_by_field_name("destination", &mut c).collect();
            // (Destinations that touch are one word the grammar split: `/dev/tcp/$1/$2`.)
            if let [first, .., last] = destinations.as_slice()
                && src[first.end_byte()..destinations[1].start_byte()].contains(char::is_whitespace)
            {
                let extra = &src[destinations[1].start_byte()..last.end_byte()];
                let redirect = &src[n.start_byte()..first.end_byte()];
                edits.push((
                    n.start_byte(),
                    last.end_byte(),
                    format!("{extra} {redirect}"),
                ));
                continue;
            }
        }
        if n.kind() == "pipeline"
            && let Some(list) = named_children(n).last().copied()
            && list.kind() == "list"
        {
            // The pipeline's last command is the leftmost one of the list.
            let mut last = list;
            while last.kind() == "list" {
                match last.named_child(0) {
                    Some(first) => last = first,
                    None => break,
                }
            }
            // `a | b | c`, then on a later line `x || y`: the grammar runs c's words on over
            // the newline (`c x`), which ends c for bash; a `;` there reads as bash does.
            if let Some(cut) = words_past_newline(src, last) {
                edits.push((cut, cut, ";".into()));
                continue;
            }
            if last.kind() != "list" {
                edits.push((n.start_byte(), n.start_byte(), "{ ".into()));
                edits.push((last.end_byte(), last.end_byte(), " ;}".into()));
                // What the rest of the list holds is read in the next pass.
                continue;
            }
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    // `exec pg_isready -h db` as the script's last statement: the check, whose status ends
    // the script as `exec` makes it. (Of a program that is not a check, `exec gunicorn …`,
    // the script becomes that program: left as it is.) Its redirections (`exec curl -fsS URL
    // >/dev/null 2>&1`) are the program's, as they would be without `exec`.
    if let Some(last) = named_children(root)
        .into_iter()
        .rfind(|s| s.kind() != "comment")
        .map(|s| {
            if s.kind() == "redirected_statement"
                && named_children(s)
                    .iter()
                    .skip(1)
                    .all(|r| r.kind() == "file_redirect")
            {
                s.child_by_field_name("body").unwrap_or(s)
            } else {
                s
            }
        })
        && last.kind() == "command"
        && let Some(name) = last.child_by_field_name("name")
        && &src[name.byte_range()] == "exec"
        && let Some(program) = last.child_by_field_name("argument")
        && program.kind() == "word"
        && EXEC_CHECKS.contains(&src[program.byte_range()].rsplit('/').next().unwrap_or(""))
        && named_children(last)
            .iter()
            .all(|c| !c.kind().contains("redirect"))
    {
        edits.push((name.start_byte(), program.start_byte(), String::new()));
    }
    primed_loops(src, root, &mut edits);
    edits.sort_by_key(|(start, end, _)| (*start, *end));
    edits
}

/// `V=$(check)` then `while [ -z "$V" ]; do sleep 5; V=$(check); done`: the loop tests a value
/// captured before it and again as the last thing of each round, which is `while [ -z
/// "$(check)" ]; do sleep 5; done` — the same commands, in the same order, each round. The
/// edits make that form, where nothing else reads `V` (nor a function, which could, nor the
/// rest of the script, which would see the last value) and `set -e` (which would stop the
/// script where the first capture fails, and not in a loop's test) is not on. Lines stay
/// where they were: the two assignments become empty text.
fn primed_loops(src: &str, root: Node, edits: &mut Vec<(usize, usize, String)>) {
    if may_set_errexit(src) {
        return;
    }
    let text = |n: Node| &src[n.byte_range()];
    let assignment = |n: Node| -> Option<(String, String)> {
        if n.kind() != "variable_assignment" {
            return None;
        }
        let name = n.child_by_field_name("name")?;
        let value = n.child_by_field_name("value")?;
        (value.kind() == "command_substitution")
            .then(|| (text(name).to_string(), text(value).to_string()))
    };
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        let mut c = n.walk();
        let kids: Vec<Node> = n
            .named_children(&mut c)
            .filter(|k| k.kind() != "comment")
            .collect();
        for pair in kids.windows(2) {
            let (first, lp) = (pair[0], pair[1]);
            let Some((name, value)) = assignment(first) else {
                continue;
            };
            if lp.kind() != "while_statement" {
                continue;
            }
            let (Some(cond), Some(body)) = (
                lp.child_by_field_name("condition"),
                lp.child_by_field_name("body"),
            ) else {
                continue;
            };
            let mut bc = body.walk();
            let statements: Vec<Node> = body
                .named_children(&mut bc)
                .filter(|k| k.kind() != "comment")
                .collect();
            let Some(last) = statements.last().copied() else {
                continue;
            };
            if assignment(last) != Some((name.clone(), value.clone())) || statements.len() < 2 {
                continue;
            }
            // `continue` would skip the capture at the round's end, which the rewritten test
            // makes all the same.
            let mut skips = false;
            let mut inside = vec![body];
            while let Some(x) = inside.pop() {
                skips |= x.kind() == "command"
                    && matches!(x.child_by_field_name("name").map(text), Some("continue"));
                let mut xc = x.walk();
                inside.extend(x.named_children(&mut xc));
            }
            if skips {
                continue;
            }
            // Every read of the name: in the loop's test, and only there.
            let mut in_test = Vec::new();
            let mut elsewhere = false;
            let mut all = vec![root];
            while let Some(x) = all.pop() {
                if matches!(x.kind(), "simple_expansion" | "expansion")
                    && expanded_variable(text(x)) == name
                {
                    let inside =
                        cond.start_byte() <= x.start_byte() && x.end_byte() <= cond.end_byte();
                    // `$V` or `${V}` alone: a default or a cut is not the value.
                    if inside
                        && (text(x) == format!("${name}") || text(x) == format!("${{{name}}}"))
                    {
                        in_test.push(x);
                    } else {
                        elsewhere = true;
                    }
                }
                let mut xc = x.walk();
                all.extend(x.children(&mut xc));
            }
            // (Also a function, `eval` or an indirect `${!…}` could read it by its name.)
            let named_elsewhere = src.match_indices(name.as_str()).any(|(at, _)| {
                let inside = |m: Node| m.start_byte() <= at && at < m.end_byte();
                let boundary =
                    |b: Option<char>| b.is_none_or(|ch| !(ch.is_ascii_alphanumeric() || ch == '_'));
                let word = boundary(src[..at].chars().next_back())
                    && boundary(src[at + name.len()..].chars().next());
                word && !inside(first) && !inside(last) && !inside(cond)
            });
            if in_test.is_empty() || elsewhere || named_elsewhere {
                continue;
            }
            edits.push((first.start_byte(), first.end_byte(), String::new()));
            // `V=$(check); done` on one line: the `;` goes too.
            let after = &src[last.end_byte()..];
            let semicolon = after
                .find(|ch: char| !matches!(ch, ' ' | '\t'))
                .filter(|k| after[*k..].starts_with(';'))
                .map_or(0, |k| k + 1);
            edits.push((
                last.start_byte(),
                last.end_byte() + semicolon,
                String::new(),
            ));
            for x in in_test {
                edits.push((x.start_byte(), x.end_byte(), value.clone()));
            }
            return;
        }
        stack.extend(kids);
    }
}

/// `killall -0 haproxy`, `pkill -0 -x nginx`, `kill -s 0 "$pid"`: signal 0 is delivered to
/// no one; the command only tells whether such a process exists (and may be signalled).
pub(crate) fn signals_nothing(words: &[&str]) -> bool {
    let Some((first, rest)) = words.split_first() else {
        return false;
    };
    let base = first
        .trim_matches(['"', '\''])
        .rsplit('/')
        .next()
        .unwrap_or(first);
    // The signal is the first option (`killall -HUP x -0` signals HUP); pkill's `-s` is a
    // session, not a signal.
    match (base, rest) {
        ("kill" | "pkill" | "killall", [first, ..])
            if matches!(*first, "-0" | "--signal=0" | "-SIG0") =>
        {
            true
        }
        ("kill" | "killall", [first, ..]) if *first == "-s0" => true,
        ("kill" | "killall", [flag, zero, ..]) if matches!(*flag, "-s" | "--signal") => {
            *zero == "0"
        }
        ("pkill", [flag, zero, ..]) if *flag == "--signal" => *zero == "0",
        _ => false,
    }
}

/// Whether a command starts, stops or reloads a service, the remediation a check script does
/// when its check failed (`systemctl restart nginx`, `service x start`, `/etc/init.d/keepalived
/// stop`, `sv restart app`, `nginx -s reload`, `docker compose restart web`): never a probe.
/// `name` is the program (a path outside the system's directories as written), `words` the
/// command's words, the program first.
pub(crate) fn remediation(name: &str, words: &[&str]) -> bool {
    let action = |w: &&str| {
        matches!(
            w.trim_matches(['"', '\'']),
            "start"
                | "stop"
                | "restart"
                | "reload"
                | "force-reload"
                | "try-restart"
                | "reload-or-restart"
                | "try-reload-or-restart"
                | "reload-or-try-restart"
                | "kickstart"
                | "rollout"
                | "condrestart"
                | "kill"
                | "enable"
                | "disable"
                | "rm"
                | "up"
                | "down"
        )
    };
    let base = name.rsplit('/').next().unwrap_or(name);
    // `sudo systemctl restart x`, `timeout 30 service x start`, `sh /etc/init.d/x restart`:
    // the program they run.
    if matches!(
        base,
        "sudo"
            | "doas"
            | "nohup"
            | "nice"
            | "ionice"
            | "timeout"
            | "env"
            | "runuser"
            | "chronic"
            | "stdbuf"
            | "setsid"
            | "sh"
            | "bash"
            | "dash"
    ) {
        let mut rest = words.iter().skip(1).copied().peekable();
        while let Some(w) = rest.peek().copied() {
            // (Short options run together take the value of their last: `sudo -iu root`.)
            let last = w.strip_prefix('-').and_then(|o| o.chars().last());
            let takes_value = (!w.starts_with("--")
                && match base {
                    "sudo" => last.is_some_and(|c| "ugChprtU".contains(c)),
                    "doas" => last.is_some_and(|c| "uC".contains(c)),
                    "runuser" => last.is_some_and(|c| "ugGl".contains(c)),
                    "env" => last.is_some_and(|c| "uCS".contains(c)),
                    "nice" => last == Some('n'),
                    "ionice" => last.is_some_and(|c| "cnp".contains(c)),
                    "timeout" => last.is_some_and(|c| "sk".contains(c)),
                    _ => false,
                })
                || matches!(w, "--signal" | "--kill-after" | "--user" | "--group");
            // `sh -c '…'` runs program text, read elsewhere; a script file is a program.
            if matches!(base, "sh" | "bash" | "dash") && w.starts_with('-') {
                return false;
            }
            let skip = w.starts_with('-')
                || (base == "env" && w.contains('='))
                || (base == "timeout" && w.starts_with(|c: char| c.is_ascii_digit()));
            if !skip {
                break;
            }
            rest.next();
            if takes_value {
                rest.next();
            }
        }
        let inner: Vec<&str> = rest.collect();
        return match inner.first() {
            Some(program) => remediation(program, &inner),
            None => false,
        };
    }
    match base {
        "systemctl" | "service" | "docker" | "docker-compose" | "podman" | "supervisorctl"
        | "rc-service" | "invoke-rc.d" | "initctl" | "sv" | "pm2" | "monit" => {
            words
                .iter()
                .skip(1)
                .any(|w| action(w) && *w != "up" && *w != "down")
                || (matches!(base, "docker" | "docker-compose" | "podman" | "sv")
                    && words.iter().skip(1).any(action))
        }
        // `s6-svc -r /run/service/x`, `start-stop-daemon --start`, `launchctl kickstart -k`,
        // `uwsgi --reload`, `kubectl rollout restart`, `mail -s`: each changes something.
        "s6-svc" | "start-stop-daemon" | "launchctl" | "uwsgi" | "kubectl" => words
            .iter()
            .skip(1)
            .any(|w| w.starts_with('-') || action(w)),
        "mail" | "mailx" | "sendmail" | "ssmtp" | "msmtp" => true,
        "nginx" | "apachectl" | "apache2ctl" | "httpd" => {
            words
                .windows(2)
                .any(|p| (p[0] == "-s" || p[0] == "-k") && p[1] != "test")
                || words
                    .iter()
                    .skip(1)
                    .any(|w| matches!(*w, "graceful" | "restart" | "stop" | "start"))
        }
        _ => {
            (name.starts_with("/etc/init.d/")
                || name.starts_with("/etc/rc.d/")
                || name.starts_with("/etc/rc.d/init.d/"))
                && words.get(1).is_some_and(action)
        }
    }
}

/// `text` with each `needle` replaced by `before${VAR}after`, inside single quotes (which
/// expand nothing) with the quote closed around the variable (`'"${VAR}"'`).
fn replace_in_shell_text(text: &str, needle: &str, before: &str, var: &str, after: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(k) = text[at..].find(needle) {
        let start = at + k;
        out.push_str(&text[at..start]);
        let expansion = if in_single_quotes(text, start) {
            format!("'\"${{{var}}}\"'")
        } else {
            format!("${{{var}}}")
        };
        out.push_str(&format!("{before}{expansion}{after}"));
        at = start + needle.len();
    }
    out.push_str(&text[at..]);
    out
}

/// Whether byte `at` of shell text stands inside single quotes (outside double quotes, a
/// backslash escaping the next character outside both).
fn in_single_quotes(text: &str, at: usize) -> bool {
    let (mut single, mut double, mut escaped, mut comment) = (false, false, false, false);
    let mut previous = '\n';
    for (i, c) in text.char_indices() {
        if i >= at {
            break;
        }
        let before = std::mem::replace(&mut previous, c);
        // A comment (`#` starting a word) runs to the end of its line, quotes and all.
        if comment {
            comment = c != '\n';
            continue;
        }
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '#' if !single && !double && (before.is_whitespace() || ";&|(".contains(before)) => {
                comment = true
            }
            '\\' if !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            _ => {}
        }
    }
    single
}

/// Whether `word` is `$name` or `${name}`, quoted or not, and nothing else.
fn plain_reference(word: &str, name: &str) -> bool {
    let w = word
        .strip_prefix('"')
        .and_then(|w| w.strip_suffix('"'))
        .unwrap_or(word);
    !name.is_empty() && (w == format!("${name}") || w == format!("${{{name}}}"))
}

/// The variable an expansion reads: `URL` of `$URL`, `${URL}`, `${URL:-d}`, `${URL%/}`.
pub(super) fn expanded_variable(expansion: &str) -> &str {
    let name = expansion.trim_start_matches('$').trim_start_matches('{');
    let end = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    &name[..end]
}

/// Whether the `#!` line turns `set -e` on (`#!/bin/bash -e`, `#!/bin/sh -eu`).
pub(super) fn shebang_errexit(script: &str) -> bool {
    script.lines().next().is_some_and(|first| {
        first.starts_with("#!") && first.split_whitespace().skip(1).any(errexit_flag)
    })
}

/// Whether a word of `set` or of the `#!` line turns `-e` on (`-e`, `-eu`, `-xe`).
fn errexit_flag(w: &str) -> bool {
    w.starts_with('-') && !w.starts_with("--") && w[1..].contains('e')
}

/// Whether `set -e` may be on somewhere in the script: a `set` whose options hold `e`
/// (`-e`, `-eu`, `-uo pipefail` does not), or `-o errexit` among them, or `-e` on the `#!`
/// line.
pub(super) fn may_set_errexit(src: &str) -> bool {
    shebang_errexit(src)
        || src.lines().any(|line| {
            line.split([';', '&', '|'])
                .map(str::trim)
                .filter(|part| part.starts_with("set ") || part == &"set")
                .any(|part| {
                    part.split_whitespace()
                        .skip(1)
                        .any(|w| w == "errexit" || errexit_flag(w))
                })
        })
}

/// Whether a command's words ask it to follow what it shows and never end: `--follow`,
/// `--watch`, or one of `letters` among short flags (`-f`, `-fn 20`, `-w`).
pub(super) fn follows<S: AsRef<str>>(words: &[S], letters: &[char]) -> bool {
    words.iter().map(AsRef::as_ref).any(|w| {
        w.starts_with("--follow")
            || w.starts_with("--watch")
            || (w.starts_with('-')
                && !w.starts_with("--")
                && w[1..].chars().any(|c| letters.contains(&c)))
    })
}

/// Programs that check something: `exec` of one of them is not a program the script becomes
/// once its checks pass, but its last check.
pub(super) const EXEC_CHECKS: &[&str] = &[
    "curl",
    "wget",
    "nc",
    "ncat",
    "netcat",
    "redis-cli",
    "pg_isready",
    "mysqladmin",
    "mysql",
    "psql",
    "timeout",
    "test",
    "[",
    "grep",
    "bash",
    "sh",
    "python",
    "python3",
    "systemctl",
    "pgrep",
    "ping",
];

/// Where the grammar cannot read `src`, forms bash reads and tree-sitter-bash does not,
/// rewritten to the same length so that every node still points at the script's own text
/// ([`readable_by_the_grammar`]); `None` where the grammar reads `src` (the importer then
/// reads it as it is), or where the rewrite does not make it readable either.
pub(super) fn same_length_readable(src: &str) -> Option<String> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_bash::LANGUAGE.into())
        .ok()?;
    if parser.parse(src, None)?.root_node().has_error() {
        let text = readable_by_the_grammar(src);
        let readable = parser
            .parse(&text, None)
            .is_some_and(|t| !t.root_node().has_error());
        return (text != src && readable).then_some(text);
    }
    None
}

/// `exec 3<>/dev/tcp/h/p` (read and write) as `exec 3> /dev/tcp/h/p`, `fi }` (a group
/// closed right after a compound command) as `fi;}`, a number's base in arithmetic (`16#ff`)
/// as `16+ff`, and a `]` no `[` opened inside an expansion's pattern (`${h%%\]*}`) as `_`:
/// each the same number of bytes.
fn readable_by_the_grammar(src: &str) -> String {
    let fd_rw = regex::Regex::new(r"([0-9])<>").expect("a valid regex");
    let closed = regex::Regex::new(r"\b(fi|done|esac) \}").expect("a valid regex");
    let out = fd_rw.replace_all(src, "${1}> ");
    let out = closed.replace_all(&out, "${1};}");
    // `$((16#$hex))`: a number in base 16, whose `#` the grammar reads as a comment.
    let based = regex::Regex::new(r"(\(\(\s*|[-+*/%(,]\s*)([0-9]{1,2})#([0-9A-Za-z_$])")
        .expect("a valid regex");
    let out = based.replace_all(&out, "${1}${2}+${3}");
    let out = lone_brackets_in_expansions(&out);
    messages_inline(&out)
}

/// `if [ -z "$2" ]; then cat <<'HELP'; exit; fi` with the text on the lines after it: the
/// grammar reads no here-document with more after it on its line. For a message `cat` prints,
/// the document is read as a file (`< 'HELP'`) and its lines as comments, the same length.
fn messages_inline(src: &str) -> String {
    let start =
        regex::Regex::new(r#"\bcat <<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)(['"]?)\s*(;|&&|\|\|)"#)
            .expect("a valid regex");
    let mut out = src.to_string();
    for line_start in src
        .match_indices('\n')
        .map(|(k, _)| k + 1)
        .chain(std::iter::once(0))
        .collect::<BTreeSet<_>>()
    {
        let line_end = src[line_start..]
            .find('\n')
            .map_or(src.len(), |k| line_start + k);
        let Some(m) = start.captures(&src[line_start..line_end]) else {
            continue;
        };
        let (whole, dash, word) = (m.get(0).expect("a match"), &m[1], &m[3]);
        // Not in a comment or a quoted text before it on its line.
        let before = &src[line_start..line_start + whole.start()];
        let comment = before
            .char_indices()
            .any(|(k, c)| c == '#' && (k == 0 || before[..k].ends_with([' ', '\t', ';'])));
        let quoted = before.matches('"').count() % 2 == 1
            || before.matches('\'').count() % 2 == 1
            || before.contains('`');
        if comment || quoted {
            continue;
        }
        // The document's lines, up to the one that is its word alone (tabs first for `<<-`).
        let mut at = line_end + 1;
        let mut body = Vec::new();
        let mut closed = false;
        while at <= src.len() {
            let end = src[at..].find('\n').map_or(src.len(), |k| at + k);
            let text = &src[at..end];
            let text = if dash.is_empty() {
                text
            } else {
                text.trim_start_matches('\t')
            };
            body.push(at);
            if text == word {
                closed = true;
                break;
            }
            if end == src.len() {
                break;
            }
            at = end + 1;
        }
        if !closed {
            continue;
        }
        let op = line_start + whole.start() + "cat ".len();
        let mut bytes = std::mem::take(&mut out).into_bytes();
        bytes[op + 1] = b' ';
        if !dash.is_empty() {
            bytes[op + 2] = b' ';
        }
        for line in body {
            // The first character of each line becomes `#`, its other bytes spaces.
            if line < bytes.len() && bytes[line] != b'\n' {
                let width = src[line..].chars().next().map_or(1, char::len_utf8);
                bytes[line] = b'#';
                for b in &mut bytes[line + 1..line + width] {
                    *b = b' ';
                }
            }
        }
        out = String::from_utf8(bytes).unwrap_or_else(|_| src.to_string());
    }
    out
}

/// tree-sitter-bash reads `]` inside `${…}` as the end of a subscript even where no `[`
/// opened one (`${host%%\]*}`, `${h#*]}`); bash reads it as a character of the pattern.
fn lone_brackets_in_expansions(src: &str) -> String {
    let mut out = src.as_bytes().to_vec();
    let mut i = 0;
    while i + 1 < out.len() {
        if out[i] != b'$' || out[i + 1] != b'{' {
            i += 1;
            continue;
        }
        let (mut j, mut open) = (i + 2, 0usize);
        while j < out.len() && out[j] != b'}' && out[j] != b'\n' {
            match out[j] {
                // `\]`: the escape stays, the character after it changes.
                b'\\' if out.get(j + 1) == Some(&b']') && open == 0 => {
                    out[j + 1] = b'_';
                    j += 1;
                }
                b'\\' => j += 1,
                b'[' => open += 1,
                b']' if open > 0 => open -= 1,
                b']' => out[j] = b'_',
                _ => {}
            }
            j += 1;
        }
        i = j;
    }
    String::from_utf8(out).unwrap_or_else(|_| src.to_string())
}

/// Whether a redirection under `n` reads or writes a descriptor from 3 up (`>&3`, `<&4`,
/// `3>…`).
fn uses_opened_descriptor(sh: &Shell, n: Node) -> bool {
    let fd_use = regex::Regex::new(r"^[3-9][<>]|[<>]&[3-9]").expect("a valid regex");
    let mut stack = vec![n];
    while let Some(x) = stack.pop() {
        if matches!(x.kind(), "file_redirect" | "heredoc_redirect") {
            let t = sh.text(x).replace(' ', "");
            if fd_use.is_match(&t) {
                return true;
            }
        }
        stack.extend(named_children(x));
    }
    false
}

fn named_children(n: Node) -> Vec<Node> {
    let mut c = n.walk();
    n.named_children(&mut c).collect()
}

/// The statements of a block or program, comments left out.
fn statements(n: Node) -> Vec<Node> {
    named_children(n)
        .into_iter()
        .filter(|c| c.kind() != "comment")
        .collect()
}

fn children(n: Node) -> Vec<Node> {
    let mut c = n.walk();
    n.children(&mut c).collect()
}

/// What a statement does when it is reached: `Some(code)` when it always exits.
fn exit_code(sh: &Shell, n: Node) -> Option<i64> {
    match n.kind() {
        "command" => {
            let name = sh.command_name(n)?;
            if name == "exit" || name == "return" {
                // `exit $rc`: a code the script computes, which is not known here.
                return match sh.args(n).first() {
                    None => Some(0),
                    Some(a) => a.as_literal().and_then(|a| a.parse().ok()),
                };
            }
            match sh.functions.get(&name) {
                Some((_, true)) => Some(1),
                _ => None,
            }
        }
        "compound_statement" | "do_group" | "subshell" => named_children(n)
            .into_iter()
            .rev()
            .find(|c| c.kind() != "comment")
            .and_then(|c| exit_code(sh, c)),
        "list" => {
            let parts = children(n);
            // `echo msg && exit 1` / `echo msg; exit 1`
            parts.last().and_then(|c| exit_code(sh, *c))
        }
        _ => None,
    }
}

fn exits_nonzero(sh: &Shell, n: Node) -> bool {
    exit_code(sh, n).is_some_and(|c| c != 0)
}

/// Whether `n` always ends the script with a failure: `exit 1`, `echo … && exit 1`, but not
/// `curl … || exit 1`, which fails only when `curl` does.
fn fails_unconditionally(sh: &Shell, n: Node) -> bool {
    let conditional = n.kind() == "list" && children(n).iter().any(|c| sh.text(*c) == "||");
    !conditional && exits_nonzero(sh, n)
}

/// Whether a `return` or `exit` under `n` (not in a function defined inside it) may leave with
/// 0: `return 0`, a bare `return` (the last command's status), `return $rc`.
fn may_leave_passing(sh: &Shell, n: Node) -> bool {
    match n.kind() {
        "function_definition" => false,
        "command" if matches!(sh.command_name(n).as_deref(), Some("return" | "exit")) => {
            exit_code(sh, n).is_none_or(|c| c % 256 == 0)
        }
        _ => named_children(n)
            .into_iter()
            .any(|c| may_leave_passing(sh, c)),
    }
}

/// Whether an `exit` under `n` may end the script with 0 (`exit 0`, a bare `exit`, `exit $rc`),
/// not counting one in a function, a subshell, a substitution or a pipeline, which ends only
/// that.
fn contains_passing_exit(sh: &Shell, n: Node) -> bool {
    match n.kind() {
        "function_definition" | "subshell" | "command_substitution" | "pipeline" => false,
        "command" if sh.command_name(n).as_deref() == Some("exit") => {
            match sh.arg_values(n).first() {
                None => true,
                Some(arg) => arg
                    .as_ref()
                    .and_then(Text::as_literal)
                    .is_none_or(|a| a.trim().parse::<i64>().is_ok_and(|c| c % 256 == 0)),
            }
        }
        _ => named_children(n)
            .into_iter()
            .any(|c| contains_passing_exit(sh, c)),
    }
}

/// Whether any statement under `n` exits non-zero.
/// Whether `n` holds an `exit` or `return` whose code the script computes (`exit $rc`), which
/// may pass or fail: the statement-wise reader cannot say which.
fn exits_unknown(sh: &Shell, n: Node) -> bool {
    if n.kind() == "command"
        && matches!(sh.command_name(n).as_deref(), Some("exit" | "return"))
        && exit_code(sh, n).is_none()
    {
        return true;
    }
    named_children(n).into_iter().any(|c| exits_unknown(sh, c))
}

/// `exit $?` (or `exit "$?"`): the status of the command before, which after `cmd ||` failed.
fn exits_with_last_status(sh: &Shell, n: Node) -> bool {
    n.kind() == "command"
        && sh.command_name(n).as_deref() == Some("exit")
        && matches!(
            sh.text(n).split_whitespace().nth(1),
            Some("$?" | "\"$?\"" | "${?}" | "\"${?}\"")
        )
}

fn contains_failing_exit(sh: &Shell, n: Node) -> bool {
    if exits_nonzero(sh, n) {
        return true;
    }
    named_children(n)
        .into_iter()
        .any(|c| contains_failing_exit(sh, c))
}

impl<'a> Shell<'a> {
    fn new(src: &'a str, script: &'a str, tree: &tree_sitter::Tree) -> Shell<'a> {
        // `set -euo pipefail` among the first lines, before any assignment or command.
        let mut nounset = false;
        for s in statements(tree.root_node()) {
            if s.kind() == "comment" {
                continue;
            }
            let words: Vec<&str> = src[s.byte_range()].split_whitespace().collect();
            if words.first() != Some(&"set") {
                break;
            }
            let args: Vec<String> = words[1..].iter().map(|w| w.to_string()).collect();
            for (option, on) in set_options(&args) {
                if option == "nounset" {
                    nounset = on;
                }
            }
        }
        Shell {
            loop_items: Vec::new(),
            written_anywhere: std::cell::OnceCell::new(),
            ifs_changed: changes_ifs(src),
            src,
            script,
            nounset,
            halves: None,
            probe_warnings: Vec::new(),
            split_list: std::cell::Cell::new(false),
            tree: tree.clone(),
            fn_bodies: HashMap::new(),
            inlining: Vec::new(),
            vars: HashMap::new(),
            assigned_by: HashMap::new(),
            functions: HashMap::new(),
            captured: HashMap::new(),
            errexit: shebang_errexit(script),
            warn_only: false,
            pipefail: false,
            mutated: BTreeSet::new(),
            loop_names: BTreeSet::new(),
            secrets: Vec::new(),
            refs_of: HashMap::new(),
            may_fail: BTreeSet::new(),
            done: false,
            findings: Findings::default(),
            names: BTreeSet::new(),
            gates: Vec::new(),
            given: None,
            deadline: None,
            deadline_text: None,
        }
    }

    fn text(&self, n: Node) -> &'a str {
        &self.src[n.byte_range()]
    }

    fn line(&self, n: Node) -> usize {
        n.start_position().row + 1
    }

    /// The program word of a command as the script gives it, variables resolved.
    pub(super) fn program_as_written(&self, cmd: Node) -> Option<String> {
        self.name_words(cmd)?.into_iter().next()?.as_literal()
    }

    /// The words a command's name is: one as written, or the words of an unquoted value
    /// the shell splits (`CURL="curl -sf --max-time 2"; $CURL "$URL"` runs curl with three
    /// arguments before the URL; a value the caller gives stays in its word, as an unquoted
    /// `curl $URL` is read). `None` where the program is known only when the script runs,
    /// the value has no word, or holds a pattern the shell would match against files.
    pub(super) fn name_words(&self, cmd: Node) -> Option<Vec<Text>> {
        let name = cmd.child_by_field_name("name")?;
        let value = self.word(name)?;
        let unquoted = name
            .named_child(0)
            .is_some_and(|c| matches!(c.kind(), "simple_expansion" | "expansion"));
        if !unquoted {
            value.as_literal()?;
            return Some(vec![value]);
        }
        let words = self.split_unquoted(value)?;
        words.first()?.as_literal()?;
        Some(words)
    }

    /// An unquoted value as the shell splits it into words at the blanks of the text the
    /// script wrote (a value the caller gives stays in its word); `None` where the script
    /// changes `IFS` or the text holds a pattern the shell would match against files.
    fn split_unquoted(&self, value: Text) -> Option<Vec<Text>> {
        if self.changes_ifs() {
            return None;
        }
        let mut words: Vec<Text> = Vec::new();
        let mut current = Text::default();
        for piece in value.0 {
            let Piece::Lit(lit) = piece else {
                current.0.push(piece);
                continue;
            };
            if lit.contains(['*', '?', '[']) {
                return None;
            }
            // Blanks end a word; text next to a value joins its word.
            let mut parts = lit.split([' ', '\t', '\n']).peekable();
            while let Some(part) = parts.next() {
                if !part.is_empty() {
                    current.push_lit(part);
                }
                if parts.peek().is_some() && !current.0.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
        }
        if !current.0.is_empty() {
            words.push(current);
        }
        Some(words)
    }

    /// Whether an unquoted value inside the word `a` (`"x"$A`) is split there: text with
    /// blanks the script wrote, or any value where the script changes `IFS`.
    pub(super) fn splits_inside(&self, a: Node) -> bool {
        named_children(a).into_iter().any(|c| {
            matches!(c.kind(), "simple_expansion" | "expansion")
                && (self.changes_ifs() || self.word(c).is_none_or(|v| written_blank(&v)))
        })
    }

    /// The files the script writes anywhere (`> F`, `tee F`, `curl -o F`), as it names them.
    pub(super) fn written_anywhere(&self) -> &[String] {
        self.written_anywhere
            .get_or_init(|| files_written(self, self.tree.root_node()))
    }

    /// Whether the script sets `IFS` for more than one command ([`changes_ifs`]).
    pub(super) fn changes_ifs(&self) -> bool {
        self.ifs_changed
    }

    /// The program a command runs, by its name: `/usr/bin/curl` and `$CURL` of
    /// `CURL=/usr/bin/curl` (old plugins name their tools by path) are `curl`; a path outside
    /// the system's program directories is kept whole (`./check.sh`, `/opt/app/bin/ping`).
    fn command_name(&self, cmd: Node) -> Option<String> {
        let name = self.program_as_written(cmd)?;
        let system = [
            "/bin/",
            "/usr/bin/",
            "/usr/local/bin/",
            "/sbin/",
            "/usr/sbin/",
        ];
        Some(match system.iter().find_map(|d| name.strip_prefix(d)) {
            Some(base) if !base.is_empty() && !base.contains('/') => base.to_string(),
            _ => name,
        })
    }

    /// The arguments of a command, evaluated (a `None` for what is only known at run time).
    fn args(&self, cmd: Node) -> Vec<Text> {
        self.arg_values(cmd)
            .into_iter()
            .map(|a| a.unwrap_or_default())
            .collect()
    }

    /// A grep's words, where none is an unquoted value the script reads when it runs: such
    /// a value the shell splits at blanks into a pattern and file names, and an empty one
    /// leaves grep without a pattern (a usage error), where the suite's empty regex matches
    /// every line.
    pub(super) fn grep_words(&self, cmd: Node) -> Option<Vec<Text>> {
        let mut c = cmd.walk();
        if cmd
            .children_by_field_name("argument", &mut c)
            .any(|a| self.splits_when_run(a))
        {
            return None;
        }
        Some(self.args(cmd))
    }

    /// Whether a word holds an unquoted value the script reads when it runs (`$V`,
    /// `x$(cmd)`), which the shell splits at blanks into words, or none where it is empty.
    pub(super) fn splits_when_run(&self, a: Node) -> bool {
        let unquoted = match a.kind() {
            "simple_expansion" | "expansion" | "command_substitution" => true,
            "concatenation" => named_children(a).iter().any(|p| {
                matches!(
                    p.kind(),
                    "simple_expansion" | "expansion" | "command_substitution"
                )
            }),
            _ => false,
        };
        unquoted
            && !self
                .word(a)
                .and_then(|t| t.as_literal())
                .is_some_and(|l| !l.is_empty() && !l.contains(char::is_whitespace))
    }

    /// Whether a statement's output goes to a file (`>> "$LOG"`, `> /tmp/state`), which may
    /// not be writable, rather than to the terminal, a descriptor or `/dev/null`.
    pub(super) fn writes_a_file(&self, n: Node) -> bool {
        let mut c = n.walk();
        n.children_by_field_name("redirect", &mut c).any(|r| {
            if r.kind() != "file_redirect" {
                return false;
            }
            let t = self.text(r).replace(' ', "");
            let target = t.trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == '&');
            let Some(path) = target
                .strip_prefix(">>")
                .or_else(|| target.strip_prefix(">|"))
                .or_else(|| target.strip_prefix('>'))
            else {
                return false;
            };
            let path = path.trim_matches(['"', '\'']);
            // `>&-` closes stdout: the write fails.
            if path == "&-" {
                return true;
            }
            let descriptor = path
                .strip_prefix('&')
                .or_else(|| path.strip_prefix("/dev/fd/"))
                .map(|d| d.strip_suffix('-').unwrap_or(d))
                .and_then(|d| d.parse::<u32>().ok());
            // The devices a write to cannot fail (`/dev/full` always fails, `/dev/tty` where the
            // script has no terminal: cron, a container). A descriptor past stderr (`>&3`,
            // `/dev/fd/3`, `>&3-` which moves it) is one the script opened, or a write that
            // fails.
            let never_fails = matches!(path, "/dev/null" | "/dev/stdout" | "/dev/stderr")
                || descriptor.is_some_and(|d| d <= 2);
            if descriptor.is_some_and(|d| d > 2) {
                return true;
            }
            // (A connection, `/dev/tcp/h/p`, is a check, not a file.)
            let socket = path.starts_with("/dev/tcp/") || path.starts_with("/dev/udp/");
            !(path.starts_with('&')
                || never_fails
                || socket
                || path.chars().all(|ch| ch.is_ascii_digit() || ch == '-'))
        })
    }

    /// The body of the script's function `name` (its last definition).
    fn function_body(&self, name: &str) -> Option<Node<'_>> {
        let mut found = None;
        let mut stack = vec![self.tree.root_node()];
        while let Some(n) = stack.pop() {
            if n.kind() == "function_definition"
                && n.child_by_field_name("name")
                    .is_some_and(|x| self.text(x) == name)
            {
                found = n.child_by_field_name("body").or(found);
            }
            stack.extend(named_children(n));
        }
        found
    }

    /// [`Self::ends_writing_a_file`] of the script's last statement (behind a bare `exit` or
    /// `exit $?`).
    fn ends_writing(&self, root: Node) -> Option<usize> {
        let all: Vec<Node> = statements(root)
            .into_iter()
            .filter(|s| s.kind() != "comment" && s.kind() != "function_definition")
            .collect();
        self.last_writes(&all, &mut Vec::new())
    }

    /// Whether the last of `block` (behind a bare `exit` or `exit $?`) ends writing a file;
    /// `called` the functions followed to get here (a function calling itself last is not
    /// followed again).
    fn last_writes(&self, block: &[Node], called: &mut Vec<String>) -> Option<usize> {
        let block: Vec<Node> = block
            .iter()
            .copied()
            .filter(|s| s.kind() != "comment")
            .collect();
        let ending = match block.as_slice() {
            [.., before, end]
                if exits_with_last_status(self, *end)
                    || self.text(*end).split('#').next().unwrap_or("").trim() == "exit" =>
            {
                *before
            }
            [.., last] => *last,
            [] => return None,
        };
        self.ending_write(ending, called)
    }

    /// The line of a report written to a file that is the last thing `s` runs on some path
    /// (itself, the last statement of a branch of an `if` or `case`, of a loop's body, a group
    /// or a function called last).
    fn ending_write(&self, s: Node, called: &mut Vec<String>) -> Option<usize> {
        match s.kind() {
            // `{ …; }`: its last statement's.
            "compound_statement" => self.last_writes(&named_children(s), called),
            // A function of the script called last: its body's last statement's.
            "command" => {
                let name = self.command_name(s)?;
                if called.contains(&name) {
                    return None;
                }
                let body = self.function_body(&name)?;
                called.push(name);
                self.last_writes(&named_children(body), called)
            }
            "redirected_statement" => {
                let body = s.child_by_field_name("body")?;
                let report = body.kind() == "command"
                    && matches!(self.command_name(body).as_deref(), Some("echo" | "printf"));
                (report && self.writes_a_file(s)).then(|| self.line(s))
            }
            "if_statement" | "elif_clause" | "else_clause" | "case_item" => {
                let mut blocks: Vec<Vec<Node>> = vec![Vec::new()];
                for c in named_children(s) {
                    match c.kind() {
                        "elif_clause" | "else_clause" => {
                            if let Some(l) = self.ending_write(c, called) {
                                return Some(l);
                            }
                        }
                        "comment" => {}
                        _ if s
                            .child_by_field_name("condition")
                            .is_some_and(|x| x.id() == c.id())
                            || s.child_by_field_name("value")
                                .is_some_and(|x| x.id() == c.id()) => {}
                        _ => blocks[0].push(c),
                    }
                }
                self.last_writes(&blocks[0], called)
            }
            "case_statement" => named_children(s)
                .into_iter()
                .filter(|c| c.kind() == "case_item")
                .find_map(|c| self.ending_write(c, called)),
            // A loop's status is its body's last command's.
            "for_statement" | "while_statement" | "c_style_for_statement" => {
                let body = s.child_by_field_name("body")?;
                self.last_writes(&named_children(body), called)
            }
            _ => None,
        }
    }

    /// The items of `( … )`: none known where one is split when the script runs
    /// (`services=($SERVICE)` holds as many words as the value has).
    pub(super) fn array_items(&self, value: Node) -> Option<Vec<Text>> {
        named_children(value)
            .into_iter()
            .filter(|c| c.kind() != "comment")
            .map(|c| {
                if self.splits_when_run(c) {
                    None
                } else {
                    self.word(c)
                }
            })
            .collect()
    }

    pub(super) fn arg_values(&self, cmd: Node) -> Vec<Option<Text>> {
        let mut c = cmd.walk();
        // The words of the name after the program (`$CURL` of `CURL="curl -sf"`).
        let mut out: Vec<Option<Text>> = self
            .name_words(cmd)
            .unwrap_or_default()
            .into_iter()
            .skip(1)
            .map(Some)
            .collect();
        for a in cmd.children_by_field_name("argument", &mut c) {
            if let Some(items) = self.array_words(a) {
                out.extend(items.into_iter().map(Some));
                continue;
            }
            let value = self.word(a);
            // Unquoted, a value is split into its words at the blanks the script wrote
            // (`OPTS="-sf -m 2"; curl $OPTS`), none where it is empty; one holding a pattern
            // may match files. Where the script changes `IFS`, at other characters.
            if matches!(a.kind(), "simple_expansion" | "expansion")
                && let Some(v) = &value
            {
                let empty = v.as_literal().is_some_and(|l| l.is_empty());
                if written_blank(v) || empty || self.changes_ifs() {
                    match self.split_unquoted(v.clone()) {
                        Some(words) => out.extend(words.into_iter().map(Some)),
                        None => out.push(None),
                    }
                    continue;
                }
            }
            // `"x"$A`, `$A"$1"`: a value split inside a word.
            if a.kind() == "concatenation" && self.splits_inside(a) {
                out.push(None);
                continue;
            }
            out.push(value);
        }
        out
    }

    /// `"${args[@]}"`: each element of an array the script wrote, one argument each.
    pub(super) fn array_words(&self, a: Node) -> Option<Vec<Text>> {
        let raw = self.text(a);
        let name = raw
            .strip_prefix('"')?
            .strip_suffix('"')?
            .strip_prefix("${")?
            .strip_suffix("[@]}")?;
        match self.vars.get(name) {
            Some(Var::List(items)) => Some(items.clone()),
            _ => None,
        }
    }

    /// A word's value, or `None` when it depends on running something.
    fn word(&self, n: Node) -> Option<Text> {
        match n.kind() {
            "command_name" => n.named_child(0).and_then(|c| self.word(c)),
            "word" | "number" => Some(Text::lit(unescape(self.text(n)))),
            "raw_string" => {
                let t = self.text(n);
                Some(Text::lit(&t[1..t.len().saturating_sub(1)]))
            }
            "ansi_c_string" => None,
            "string" => {
                let mut out = Text::default();
                let inner = &self.src[n.start_byte() + 1..n.end_byte().saturating_sub(1)];
                let mut pos = n.start_byte() + 1;
                for c in named_children(n) {
                    // The grammar starts an expansion that follows another at the blank
                    // between them (`"$A $B"`): that blank is text of the string.
                    let start = if c.kind() == "string_content" {
                        c.start_byte()
                    } else {
                        let text = self.text(c);
                        c.start_byte() + text.len() - text.trim_start().len()
                    };
                    if start > pos {
                        out.push_lit(&unescape_dq(&self.src[pos..start]));
                    }
                    match c.kind() {
                        "string_content" => out.push_lit(&unescape_dq(self.text(c))),
                        _ => out.append(self.word(c)?),
                    }
                    pos = c.end_byte();
                }
                let end = n.end_byte().saturating_sub(1);
                if end > pos {
                    out.push_lit(&unescape_dq(&self.src[pos..end]));
                }
                if named_children(n).is_empty() {
                    return Some(Text::lit(unescape_dq(inner)));
                }
                Some(out.joined_halves())
            }
            "concatenation" => {
                let mut out = Text::default();
                for c in children(n) {
                    out.append(self.word(c)?);
                }
                Some(out.joined_halves())
            }
            "simple_expansion" => {
                let name = self.text(n).trim_start().trim_start_matches('$');
                self.var_value(name, None)
            }
            "expansion" => self.expansion(n),
            "command_substitution" => {
                let inner = named_children(n);
                let [cmd] = inner.as_slice() else {
                    return None;
                };
                self.file_content(*cmd)
            }
            _ => None,
        }
    }

    /// `cat FILE` (in `$(…)`): the file's content, read when the probe runs (`${file:FILE:-}`,
    /// empty when it cannot be read, as `cat` leaves the substitution).
    pub(super) fn file_content(&self, cmd: Node) -> Option<Text> {
        let path = self.cat_path(cmd)?;
        Some(Text(vec![Piece::File(path.render())]))
    }

    /// The file `cat FILE` (`cat FILE 2>/dev/null`) reads.
    pub(super) fn cat_path(&self, cmd: Node) -> Option<Text> {
        // Only a stderr redirect (`cat F 2>/dev/null`): anything else changes what is read.
        let cmd = if cmd.kind() == "redirected_statement" {
            let mut c = cmd.walk();
            if cmd.children_by_field_name("redirect", &mut c).any(|r| {
                let t = self.text(r);
                !t.starts_with("2>") || t.starts_with("2>&")
            }) {
                return None;
            }
            cmd.child_by_field_name("body")?
        } else {
            cmd
        };
        if cmd.kind() != "command" || self.command_name(cmd)?.as_str() != "cat" {
            return None;
        }
        let args = self.arg_values(cmd);
        let [Some(path)] = args.as_slice() else {
            return None;
        };
        let prefix = path.literal_prefix();
        if prefix.starts_with('-') || path.0.is_empty() || prefix.contains('*') {
            return None;
        }
        // A file the script writes (`curl -o "$F"`) holds what it wrote there, not what the
        // probe would find.
        let mut c = cmd.walk();
        let raw = cmd
            .children_by_field_name("argument", &mut c)
            .next()
            .map(|a| self.text(a).trim_matches(['"', '\'']).to_string());
        let literal = path.as_literal();
        if self
            .written_anywhere()
            .iter()
            .any(|f| Some(f) == raw.as_ref() || Some(f) == literal.as_ref())
        {
            return None;
        }
        Some(path.clone())
    }

    fn expansion(&self, n: Node) -> Option<Text> {
        if let Some(t) = self.split_at_colon(n) {
            return Some(t);
        }
        if let Some(t) = self.trimmed(n) {
            return Some(t);
        }
        // `${hp[0]}`: an element the symbolic evaluation set (a `host:port` split into words).
        if let Some(element) = self
            .text(n)
            .strip_prefix("${")
            .and_then(|t| t.strip_suffix('}'))
            .filter(|t| t.ends_with(']') && t.contains('['))
        {
            return match self.vars.get(element) {
                Some(Var::Text(t)) => Some(t.clone()),
                _ => None,
            };
        }
        let parts = children(n);
        let name = parts
            .iter()
            .find(|c| c.kind() == "variable_name" || c.kind() == "special_variable_name")
            .map(|c| self.text(*c).to_string())?;
        let op = parts
            .iter()
            .find(|c| !c.is_named() && matches!(self.text(**c), ":-" | "-" | ":=" | "="))
            .map(|c| self.text(*c));
        match op {
            None if parts.len() <= 3 => self.var_value(&name, None),
            Some(_) => {
                let op_end = parts
                    .iter()
                    .find(|c| !c.is_named() && matches!(self.text(**c), ":-" | "-" | ":=" | "="))
                    .map(|c| c.end_byte())?;
                // The grammar splits some defaults oddly (`my-app` as a variable name and a
                // word, `a b` as two words without the blank): a default of plain characters
                // is its text as written.
                let raw = self.src.get(op_end..n.end_byte().checked_sub(1)?)?;
                // (Unquoted, a blank in it splits the word: not read here.)
                let quoted = n.parent().is_some_and(|p| p.kind() == "string");
                if !raw.contains(['$', '`', '"', '\'', '\\', '\n'])
                    && (quoted || !raw.contains([' ', '\t']))
                {
                    return self.var_value(&name, Some(Text::lit(raw)));
                }
                let mut default = Text::default();
                for c in parts
                    .iter()
                    .filter(|c| c.start_byte() >= op_end && c.is_named())
                {
                    // A bare name is that odd split; a reference is `$name`.
                    let bare = |x: &Node| x.kind() == "variable_name";
                    if bare(c)
                        || (c.kind() == "concatenation" && named_children(*c).iter().any(bare))
                    {
                        // `${NODE:-rabbit@$host}`: read from its text, which is plain
                        // characters and references alone.
                        return self.var_value(&name, Some(self.plain_default(raw)?));
                    }
                    default.append(self.word(*c)?);
                }
                self.var_value(&name, Some(default))
            }
            None => None,
        }
    }

    /// A default written as plain characters and `$name` or `${name}` references
    /// (`rabbit@$host`), as its value.
    fn plain_default(&self, raw: &str) -> Option<Text> {
        let mut out = Text::default();
        let mut rest = raw;
        let name_end = |s: &str| {
            s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(s.len())
        };
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('$') {
                let (name, next) = match after.strip_prefix('{') {
                    Some(inner) => {
                        let end = inner.find('}')?;
                        (&inner[..end], &inner[end + 1..])
                    }
                    None => after.split_at(name_end(after)),
                };
                if name.is_empty()
                    || name.starts_with(|c: char| c.is_ascii_digit())
                    || name.len() != name_end(name)
                {
                    return None;
                }
                out.append(self.var_value(name, None)?);
                rest = next;
            } else {
                let end = rest.find('$').unwrap_or(rest.len());
                let lit = &rest[..end];
                if !lit
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "@.-_:/%+,=".contains(c))
                {
                    return None;
                }
                out.push_lit(lit);
                rest = &rest[end..];
            }
        }
        Some(out)
    }

    /// `${HP%:*}` (or `%%`) and `${HP#*:}` (or `##`): the host and the port of a `host:port`.
    /// Of known text, the part the shell gives; of a value read when the script runs, its
    /// half ([`super::draft::half`]), which the suite can only write beside the other half.
    fn split_at_colon(&self, n: Node) -> Option<Text> {
        let t = self.text(n);
        let inner = t.strip_prefix("${")?.strip_suffix('}')?;
        let at = inner.find(['%', '#'])?;
        let (name, op) = inner.split_at(at);
        let (head, last) = match op {
            "%:*" => (true, true),
            "%%:*" => (true, false),
            "#*:" => (false, false),
            "##*:" => (false, true),
            _ => return None,
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let value = self.var_value(name, None)?;
        if let Some(v) = value.as_literal() {
            let cut = if last { v.rfind(':') } else { v.find(':') };
            return Some(Text::lit(match (cut, head) {
                (None, _) => v,
                (Some(i), true) => v[..i].to_string(),
                (Some(i), false) => v[i + 1..].to_string(),
            }));
        }
        self.split_value(value, head, if last { 'l' } else { 'f' }, self.line(n))
    }

    /// `${VAR%%,*}`, `${VAR#https://}` (and `%`, `##`): of written text the rest itself, of a
    /// value the caller gives the suite's same removal (`${VAR%%,*}`), whose default, written
    /// text, loses its part now. The pattern is plain characters, `*` and `?`.
    fn trimmed(&self, n: Node) -> Option<Text> {
        let t = self.text(n);
        let inner = t.strip_prefix("${")?.strip_suffix('}')?;
        let at = inner.find(['%', '#', '/'])?;
        let (name, op) = inner.split_at(at);
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        // `${V/#PRE/}`, `${V/%SUF/}` and `${V/TEXT*/}` with nothing in their place are the
        // same removals: the start, the end, and (the first match of text then anything being
        // all that follows its first occurrence) the longest end from TEXT.
        let substituted = op
            .strip_prefix('/')
            .and_then(|o| o.strip_suffix('/'))
            .filter(|o| !o.starts_with('/') && o.matches('/').count() == 0);
        // (dash, Debian's /bin/sh, refuses the substitution and stops the script.)
        if op.starts_with('/') && self.posix_shell() {
            return None;
        }
        let (trim, pattern) = if let Some(o) = substituted {
            if let Some(p) = o.strip_prefix('#') {
                (Trim::ShortestStart, p)
            } else if let Some(p) = o.strip_prefix('%') {
                (Trim::ShortestEnd, p)
            } else {
                let text = o.strip_suffix('*')?;
                if text.is_empty() || text.contains(['*', '?']) {
                    return None;
                }
                (Trim::LongestEnd, o)
            }
        } else if op.starts_with('/') {
            return None;
        } else {
            Trim::split_operator(op)?
        };
        if pattern.is_empty()
            || pattern.contains(":-")
            || !pattern
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "*?,.:/@_-=+ ".contains(c))
        {
            return None;
        }
        self.var_value(name, None)?.removal(trim, pattern)
    }

    /// A half of a value read when the script runs, cut as `how` says, made on `line` (see
    /// [`Self::halves`]).
    fn split_value(&self, value: Text, head: bool, how: char, line: usize) -> Option<Text> {
        self.halves
            .as_ref()?
            .borrow_mut()
            .push((value.render(), head, how, line));
        Some(super::draft::half(&value, head, how == 'l'))
    }

    /// `:=` or `=` when an expansion assigns (`${VAR:=default}`, `${VAR=default}`).
    fn assigning_op(&self, e: Node) -> Option<&'a str> {
        if e.kind() != "expansion" {
            return None;
        }
        let op = children(e).into_iter().find(|c| {
            !c.is_named()
                && matches!(
                    self.text(*c),
                    ":-" | "-" | ":=" | "=" | ":?" | "?" | ":+" | "+"
                )
        })?;
        Some(self.text(op)).filter(|t| matches!(*t, ":=" | "="))
    }

    /// The expansions among a command's words that assign, in order.
    fn assigning_expansions<'t>(&self, n: Node<'t>) -> Vec<Node<'t>> {
        let mut found = Vec::new();
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            if self.assigning_op(x).is_some() {
                found.push(x);
            }
            stack.extend(children(x).into_iter().rev());
        }
        found
    }

    /// Whether a command's words hold `${VAR:=…}` or `${VAR=…}`, which assign as it runs.
    fn assigns_defaults(&self, n: Node) -> bool {
        !self.assigning_expansions(n).is_empty()
    }

    /// `: "${PORT:=8080}"`: each `${VAR:=default}` among a command's words assigns what it
    /// expands to, so `$PORT` reads `${PORT:-8080}` after it. `None` (nothing assigned) for
    /// `${VAR=default}`, which keeps an empty value, and for a default not known.
    fn assign_defaults(&mut self, n: Node) -> Option<()> {
        let mut assigned = Vec::new();
        for e in self.assigning_expansions(n) {
            if self.assigning_op(e) == Some("=") {
                return None;
            }
            let name = children(e)
                .iter()
                .find(|c| c.kind() == "variable_name")
                .map(|c| self.text(*c).to_string())?;
            assigned.push((name, self.expansion(e)?));
        }
        for (name, value) in assigned {
            // A fragment that reads the name takes the statement with it, as it would an
            // assignment.
            let mut text = self.text(n).to_string();
            if let Some(before) = self.assigned_by.get(&name) {
                text = format!("{before}\n{text}");
            }
            self.assigned_by.insert(name.clone(), text);
            self.vars.insert(name, Var::Text(value));
        }
        Some(())
    }

    fn var_value(&self, name: &str, default: Option<Text>) -> Option<Text> {
        // Assigned inside a branch or a loop: its value here depends on the run.
        if self.mutated.contains(name) {
            return None;
        }
        match self.vars.get(name) {
            // `${1:-default}` where `$1` is a suite argument or an environment variable.
            Some(Var::Text(Text(pieces))) if default.is_some() => match pieces.as_slice() {
                // (`${V:-}` is `$V`: empty where V is unset or empty, where the default
                // applies.)
                [Piece::Var(v, None)] => {
                    Some(Text(vec![Piece::Var(v.clone(), Some(default?.render()))]))
                }
                [Piece::Var(v, Some(empty))] if empty.is_empty() => {
                    Some(Text(vec![Piece::Var(v.clone(), Some(default?.render()))]))
                }
                // A function's argument the call does not give is unset: `${1:-5}` and
                // `${1-5}` are 5. Another name known empty takes `:-`'s default and not
                // `-`'s, which this reader does not tell apart: not read.
                [] if name.chars().all(|c| c.is_ascii_digit()) => default,
                [] => None,
                // Given empty (`chk ""`): `${1:-5}` is 5 and `${1-5}` empty, which this reader
                // does not tell apart either.
                [Piece::Lit(l)] if l.is_empty() => None,
                _ => Some(Text(pieces.clone())),
            },
            Some(Var::Text(t)) => Some(t.clone()),
            Some(Var::Item) => Some(Text::lit(ITEM)),
            Some(Var::List(_) | Var::Dynamic | Var::Sym(_)) => None,
            None => {
                // The caller's arguments: what is kept receives them (`${args}`); a
                // declarative target cannot take them by position yet.
                if name.chars().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    || name.starts_with(|c: char| c.is_ascii_digit())
                {
                    return None;
                }
                // What the shell sets itself, exported or not (bash's `$HOSTNAME`, `$UID`):
                // not the environment's, which a suite reads.
                let own: &[&str] = if self.posix_shell() {
                    &["PPID"]
                } else {
                    &[
                        "HOSTNAME",
                        "HOSTTYPE",
                        "OSTYPE",
                        "MACHTYPE",
                        "UID",
                        "EUID",
                        "PPID",
                        "BASHPID",
                        "RANDOM",
                        "BASH_VERSION",
                        "SHLVL",
                    ]
                };
                if own.contains(&name) {
                    return None;
                }
                // An environment variable, empty when unset as in the shell; its default may
                // name another (`${DB:-$USER}`).
                let d = match default {
                    Some(d) => Some(d.render()),
                    None if self.nounset => None,
                    None => Some(String::new()),
                };
                Some(Text(vec![Piece::Var(name.to_string(), d)]))
            }
        }
    }

    fn unique_name(&mut self, base: &str) -> String {
        unique_name(&mut self.names, base)
    }

    fn is_nagios_plugin(&self) -> bool {
        super::fallback::nagios_plugin(self.script)
    }

    /// Kept text with each credential replaced by its variable (the shell expands it): inside
    /// single quotes, which expand nothing, the quote is closed around it (`'"${VAR}"'`).
    /// A password of six characters or more is replaced wherever else it stands too (a
    /// message that repeats it), where a shorter one could be a word of the script.
    fn redact(&self, mut text: String) -> String {
        for secret in &self.secrets {
            text = replace_in_shell_text(
                &text,
                &secret.needle,
                &secret.before,
                &secret.var,
                &secret.after,
            );
            if secret.value.chars().count() >= 6 && secret.needle != secret.value {
                text = replace_in_shell_text(&text, &secret.value, "", &secret.var, "");
            }
        }
        text
    }

    fn register_secret(&mut self, secret: &str, var: &str, line: usize, what: &str) {
        self.register_secret_in(secret, "", "", var, line, what);
    }

    /// A credential found where `before` and `after` stand around it (`-u admin:admin`: the
    /// user and its colon before): it is replaced only there, so that the same word elsewhere
    /// (the user's name, a path `/admin`) stays as written.
    fn register_secret_in(
        &mut self,
        secret: &str,
        before: &str,
        after: &str,
        var: &str,
        line: usize,
        what: &str,
    ) {
        let needle = format!("{before}{secret}{after}");
        if secret.is_empty() || self.secrets.iter().any(|s| s.needle == needle) {
            return;
        }
        if !self.findings.secrets.iter().any(|s| s == secret) {
            self.findings.secrets.push(secret.to_string());
        }
        self.secrets.push(Secret {
            needle,
            before: before.to_string(),
            after: after.to_string(),
            value: secret.to_string(),
            var: var.to_string(),
        });
        self.findings.warnings.push(Warning {
            line,
            message: format!("{what} was replaced by ${{{var}}}: set it in the environment"),
        });
    }

    /// The password of curl's `user:password`, replaced where it stands.
    fn register_user_password(&mut self, value: &str, line: usize) {
        if let Some((user, password)) = value.split_once(':')
            && !password.is_empty()
        {
            let var = password_var(user);
            self.register_secret_in(
                password,
                &format!("{user}:"),
                "",
                &var,
                line,
                &format!("the password of `{user}`"),
            );
        }
    }

    /// Credentials in curl's arguments (`-u user:pass`, `-H 'Authorization: …'`), found before
    /// anything else so that even a curl kept as a command does not carry them.
    fn scan_curl_secrets(&mut self, args: &[Option<Text>], line: usize) {
        // `-uadmin:pw`, `--user=admin:pw`, and a proxy's `-U`/`--proxy-user`: as `-u admin:pw`.
        for word in args.iter().flatten().filter_map(Text::as_literal) {
            let value = ["--user=", "--proxy-user="]
                .iter()
                .find_map(|p| word.strip_prefix(p))
                .or_else(|| {
                    (word.len() > 2 && (word.starts_with("-u") || word.starts_with("-U")))
                        .then(|| &word[2..])
                });
            if let Some(v) = value {
                self.register_user_password(v, line);
            }
        }
        for pair in args.windows(2) {
            let (Some(flag), Some(value)) = (&pair[0], &pair[1]) else {
                continue;
            };
            let (Some(flag), Some(value)) = (flag.as_literal(), value.as_literal()) else {
                continue;
            };
            match flag.as_str() {
                "-u" | "--user" | "-U" | "--proxy-user" => {
                    self.register_user_password(&value, line)
                }
                "-H" | "--header" => {
                    if let Some((name, v)) = value.split_once(':')
                        && is_secret_header(name.trim())
                    {
                        let var = credential_var(name.trim());
                        let (secret, _) = credential(v.trim(), &var);
                        self.register_secret(
                            secret,
                            &var,
                            line,
                            &format!("the value of header `{}`", name.trim()),
                        );
                    }
                }
                _ => {}
            }
        }
    }

    /// The credentials of every curl the script runs, read or not.
    fn scan_every_curl(&mut self) {
        let tree = self.tree.clone();
        let mut curls = Vec::new();
        walk_commands(tree.root_node(), &mut |c| {
            if self.command_name(c).as_deref() == Some("curl") {
                curls.push(c);
            }
        });
        for cmd in curls {
            let args = self.arg_values(cmd);
            self.scan_curl_secrets(&args, self.line(cmd));
        }
    }

    fn whole_script(&mut self, reason: &str) -> Draft {
        // Credentials of every curl the script runs, read or not before it was given up on.
        self.scan_every_curl();
        let name = self.unique_name("script");
        let text = self.redact(self.script.to_string());
        let mut d = Draft::new(name, 1, Check::WholeScript { text });
        d.kept = Some(reason.to_string());
        d
    }

    /// Keeps `stmt` as a command probe, as the script runs it.
    fn keep(&mut self, stmt: Node, reason: &str) -> Result<(), String> {
        self.keep_as(stmt, reason, false)
    }

    /// Keeps `stmt` as a command probe, with the assignments and functions it reads; negated
    /// (`! STMT`) when the script fails where it holds, so that the kept probe passes exactly
    /// when the script goes on.
    fn keep_as(&mut self, stmt: Node, reason: &str, negate: bool) -> Result<(), String> {
        // `[ $? != 0 ]` reads the status of the statement before it, which a fragment would
        // not hold: the script is kept whole instead.
        if self.text(stmt).contains("$?") || self.text(stmt).contains("${?") {
            return Err("`$?` reads the status of the statement before it".into());
        }
        // So does `${PIPESTATUS[1]}`, of the pipeline before it.
        if self.text(stmt).contains("PIPESTATUS") {
            return Err("`PIPESTATUS` reads the statuses of the pipeline before it".into());
        }
        // `[[ -v NAME ]]` of a name the script sets, declares or unsets: the fragment alone
        // would see the environment's.
        let words: Vec<&str> = self.text(stmt).split_whitespace().collect();
        if let Some(w) = words.windows(2).find(|w| w[0] == "-v")
            && self.names_changed(w[1].trim_matches(['"', '\'']))
        {
            return Err(format!("`-v {}` of a name the script changes", w[1]));
        }
        // `[ $(( $(date +%s) - $(stat -c %Y F) )) -gt 300 ]` as a condition: where a value in
        // the arithmetic is empty or not a number, bash drops the whole `if` (neither branch
        // runs) and goes on, where the test alone fails.
        if stmt.kind() == "test_command"
            && !self.posix_shell()
            && arithmetic_reads_values(self.text(stmt))
        {
            return Err("a test whose arithmetic may fail, which bash then skips with the statement it is in".into());
        }
        // A file an earlier line writes (`curl -o F`, `> F`): the fragment alone would read
        // whatever is there.
        let before = statements(self.tree.root_node())
            .into_iter()
            .filter(|s| s.end_byte() <= stmt.start_byte())
            .flat_map(|s| files_written(self, s))
            .collect::<Vec<_>>();
        if let Some(file) = before
            .iter()
            .find(|f| !f.is_empty() && self.text(stmt).contains(f.as_str()))
        {
            return Err(format!(
                "`{file}` is written by the script before the line that reads it"
            ));
        }
        // Under `set -e`, a function called left of `&&`/`||`, in a condition or after `!`
        // runs with `set -e` off; alone in a fragment it would stop at its first failing
        // command.
        if self.errexit
            && stmt.parent().is_some_and(|p| {
                matches!(
                    p.kind(),
                    "list" | "if_statement" | "elif_clause" | "while_statement" | "negated_command"
                )
            })
        {
            let mut calls = false;
            walk_commands(stmt, &mut |c| {
                calls |= self
                    .command_name(c)
                    .is_some_and(|name| self.functions.contains_key(&name));
            });
            if calls {
                return Err(
                    "a function called where `set -e` is off, which a fragment alone would run with it on"
                        .into(),
                );
            }
        }
        // A fragment that may `exit 0` ends the script there with a pass, which the probes
        // after it would not know: the script is kept whole.
        let checks_after = statements(self.tree.root_node())
            .into_iter()
            .any(|s| s.start_byte() >= stmt.end_byte() && s.kind() != "comment");
        if checks_after && contains_passing_exit(self, stmt) {
            return Err(
                "an `exit` that may pass the script before its other checks, which probekit cannot write yet".into(),
            );
        }
        // A name read through another (`${!ref}`, a nameref, `set | grep '^NAME='`): what the
        // fragment needs is not written in it.
        let whole = self.text(self.tree.root_node());
        if self.text(stmt).contains("${!")
            || ["declare -n", "local -n", "typeset -n"]
                .iter()
                .any(|w| whole.contains(w))
            || {
                let mut lists = false;
                walk_commands(stmt, &mut |c| {
                    lists |= self.command_name(c).as_deref() == Some("set")
                        && self.arg_values(c).is_empty();
                });
                lists
            }
        {
            return Err("a name read through another, which no fragment carries".into());
        }
        // A name a loop sets, read outside that loop.
        let own: BTreeSet<String> = loop_variables(self, stmt)
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        if let Some(name) = referenced(self, stmt)
            .into_iter()
            .find(|r| self.loop_names.contains(r) && !own.contains(r))
        {
            return Err(format!("`{name}` is set by a loop the check does not hold"));
        }
        let mut needed: Vec<String> = Vec::new();
        let mut seen = BTreeSet::new();
        self.context_for(stmt, &mut needed, &mut seen)?;
        // So does an assignment it needs (`body=$(cat "$F")` after `curl -o "$F"`).
        if let Some(file) = before
            .iter()
            .find(|f| !f.is_empty() && needed.iter().any(|n| n.contains(f.as_str())))
        {
            return Err(format!(
                "`{file}` is written by the script before a line the check needs reads it"
            ));
        }
        let mut text = String::new();
        if self.errexit {
            text.push_str("set -e\n");
        }
        // A pipeline's status is its last command's unless the script set pipefail.
        if self.pipefail {
            text.push_str("set -o pipefail\n");
        }
        for n in &needed {
            text.push_str(n);
            text.push('\n');
        }
        // `!` negates one pipeline: a list is grouped first (`! { a || b && c\n}`).
        match (negate, stmt.kind()) {
            (true, "list") => {
                text.push_str("! { ");
                text.push_str(self.text(stmt));
                text.push_str("\n}");
            }
            (true, _) => {
                text.push_str("! ");
                text.push_str(self.text(stmt));
            }
            (false, _) => text.push_str(self.text(stmt)),
        }
        // The credentials of the curls it carries, a function's among them.
        self.scan_every_curl();
        let text = self.redact(text);
        let name = self.name_for_kept(stmt);
        let mut d = Draft::new(
            name,
            self.line(stmt),
            Check::Shell {
                text,
                timeout: None,
            },
        );
        d.kept = Some(reason.to_string());
        self.findings.drafts.push(d);
        Ok(())
    }

    fn context_for(
        &self,
        n: Node,
        needed: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> Result<(), String> {
        for name in referenced(self, n) {
            self.context_of_name(&name, needed, seen)?;
        }
        Ok(())
    }

    /// The definition of `name` (an assignment or a function), after the definitions it reads.
    fn context_of_name(
        &self,
        name: &str,
        needed: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> Result<(), String> {
        if !seen.insert(name.to_string()) {
            return Ok(());
        }
        if self.mutated.contains(name) {
            return Err(format!("`{name}` changes as the script runs"));
        }
        for dep in self.refs_of.get(name).into_iter().flatten() {
            self.context_of_name(dep, needed, seen)?;
        }
        if let Some((def, _)) = self.functions.get(name) {
            needed.push(def.clone());
        } else if let Some(stmt) = self.assigned_by.get(name) {
            if matches!(self.vars.get(name), Some(Var::Dynamic))
                && !stmt.contains("$(")
                && !stmt.contains('`')
            {
                return Err(format!("`{name}` is computed by the script"));
            }
            needed.push(stmt.clone());
        }
        Ok(())
    }

    fn name_for_kept(&mut self, stmt: Node) -> String {
        let mut base = String::new();
        walk_commands(stmt, &mut |c| {
            if base.is_empty()
                && let Some(name) = self.command_name(c)
                && !matches!(
                    name.as_str(),
                    "echo" | "printf" | "exit" | "[" | "test" | "sleep"
                )
            {
                base = slug(name.rsplit('/').next().unwrap_or(&name));
            }
        });
        self.unique_name(&base)
    }

    fn statement(&mut self, n: Node, last: bool, rest: &[Node]) -> Result<(), String> {
        // A `printf` that may fail, where the statement's status is the script's.
        if (last || self.errexit) && self.printf_may_fail_in(n) {
            return self.keep(n, PRINTF_MAY_FAIL);
        }
        // `exec 3<>/dev/tcp/…` then `echo … >&3` and `grep … <&3`: statements joined by a
        // descriptor the script opened, which no fragment of one of them can keep.
        if uses_opened_descriptor(self, n) {
            return Err("the script talks through a file descriptor it opens (`exec 3<>…`), which is kept whole".into());
        }
        // `… || exec sh -c "$recover"`, `else exec …`, `exit 0` on success then `exec …`:
        // where a check may have failed, the script's status is that program's. (`exec "$@"`
        // of a wait script is what it starts once its checks pass.)
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            if x.kind() == "command"
                && self.command_name(x).as_deref() == Some("exec")
                && !self.text(x).contains("$@")
                && !self.text(x).contains("${@}")
                && sema::may_follow_a_failed_check(self, x)
            {
                return Err(
                    "`exec` where a check may have failed: the script's exit status is that program's".into(),
                );
            }
            stack.extend(named_children(x));
        }
        match n.kind() {
            // `IFS=,`: every unquoted value after it splits otherwise, which no statement read
            // alone carries.
            "variable_assignment" | "declaration_command" if self.changes_ifs() => Err(
                "`IFS` changes how the rest of the script splits words, which no statement read alone carries: kept whole".into(),
            ),
            "variable_assignment" => {
                self.assign(n);
                Ok(())
            }
            "declaration_command" => {
                for a in named_children(n) {
                    if a.kind() == "variable_assignment" {
                        self.assign(a);
                    }
                }
                Ok(())
            }
            "function_definition" => {
                let name = n
                    .child_by_field_name("name")
                    .map(|c| self.text(c).to_string())
                    .unwrap_or_default();
                let body = n.child_by_field_name("body");
                if let Some(b) = body {
                    self.fn_bodies
                        .insert(name.clone(), (b.start_byte(), b.end_byte()));
                }
                // Only a function that fails on every way out fails unconditionally: `return 1`
                // last after a `return 0` in its wait loop does not.
                // (`curl … || exit 1` last fails only where curl does.)
                let fails = body.is_some_and(|b| {
                    named_children(b)
                        .into_iter()
                        .rev()
                        .find(|c| c.kind() != "comment")
                        .is_some_and(|last| fails_unconditionally(self, last))
                        && !may_leave_passing(self, b)
                });
                if body.is_some_and(|b| contains_failing_exit(self, b)) {
                    self.may_fail.insert(name.clone());
                }
                let refs: Vec<String> = referenced(self, n)
                    .into_iter()
                    .filter(|r| *r != name)
                    .collect();
                self.refs_of.insert(name.clone(), refs);
                self.functions
                    .insert(name, (self.text(n).to_string(), fails));
                Ok(())
            }
            "command" => {
                let name = self.command_name(n).unwrap_or_default();
                match name.as_str() {
                    "set" => {
                        let words = self.args(n);
                        let args: Vec<String> = words.iter().filter_map(Text::as_literal).collect();
                        for (option, on) in set_options(&args) {
                            match option {
                                "errexit" => self.errexit = on,
                                "pipefail" => self.pipefail = on,
                                // `set -- URL` gives the script new arguments, which a kept
                                // fragment alone would not have.
                                "--" => {
                                    return Err("`set --` changes the script's arguments".into());
                                }
                                _ => {}
                            }
                        }
                        // A word the script computes may be an option or an argument.
                        if args.len() != words.len() {
                            return Err("`set` with words the script computes".into());
                        }
                        Ok(())
                    }
                    // `: "${TOKEN:?}"` fails when the variable is unset: that is a check, and
                    // so is `echo "checking ${SERVICE:?required}"`.
                    ":" if self.arg_values(n).iter().any(Option::is_none) => {
                        self.keep(n, "a `${VAR:?}` check of the environment")
                    }
                    "echo" | "printf" | "logger" if requires_variable(self.text(n)) => {
                        self.keep(n, "a `${VAR:?}` check of the environment")
                    }
                    // `echo "share: $((100 / ${WORKERS:-0}))"`: a division by 0 fails it (and
                    // ends a /bin/sh script).
                    "echo" | "printf" | "logger" if arithmetic_reads_values(self.text(n)) => {
                        Err("a report whose arithmetic may fail".into())
                    }
                    ":" => self.assign_defaults(n).ok_or_else(|| {
                        "a `${VAR=default}` or a computed `${VAR:=…}` probekit cannot follow"
                            .to_string()
                    }),
                    "echo" | "printf" | "logger" | "true" | "sleep" | "trap" | "shopt"
                    | "umask" => Ok(()),
                    "exit" => match exit_code(self, n) {
                        Some(0) => Ok(()),
                        Some(_) => Err("the script always fails here".into()),
                        None => Err("an exit status computed by the script".into()),
                    },
                    "wait" if !self.args(n).is_empty() => {
                        Err("`wait` for a job the script started in the background".into())
                    }
                    "cd" | "source" | "." | "eval" | "exec" | "shift" | "read" => {
                        Err(format!("`{name}` changes what the rest of the script sees"))
                    }
                    // A call to a function that can exit non-zero decides the verdict too: its
                    // checks, read with the call's arguments, or else the call kept.
                    _ => {
                        let may_fail = self.may_fail.contains(&name);
                        if may_fail && self.inline_call(n, &name) {
                            return Ok(());
                        }
                        self.asserted(n, self.errexit || last || may_fail)
                    }
                }
            }
            "list" => self.list(n, last),
            "if_statement" => self.if_statement(n, last),
            "for_statement" | "c_style_for_statement" => self.for_statement(n, rest),
            "while_statement" => self.while_statement(n),
            "case_statement" => self.case_statement(n),
            "pipeline"
            | "redirected_statement"
            | "negated_command"
            | "test_command"
            | "subshell"
            | "compound_statement" => self.asserted(n, self.errexit || last),
            _ => self.keep(n, "probekit has no declarative form for this statement"),
        }
    }

    /// Reads a function's body at a call, `$1`… bound to the call's arguments. True when every
    /// statement in it is understood and each check it makes is declarative.
    fn inline_call(&mut self, call: Node, name: &str) -> bool {
        let Some(&(start, end)) = self.fn_bodies.get(name) else {
            return false;
        };
        if self.inlining.iter().any(|n| n == name) {
            return false;
        }
        let tree = self.tree.clone();
        let Some(body) = tree.root_node().descendant_for_byte_range(start, end) else {
            return false;
        };
        let args = self.arg_values(call);
        let saved_vars = self.vars.clone();
        let saved_names = self.names.clone();
        let saved_drafts = self.findings.drafts.len();
        for (i, a) in args.into_iter().enumerate() {
            self.vars
                .insert((i + 1).to_string(), a.map_or(Var::Dynamic, Var::Text));
        }
        let statements: Vec<Node> = statements(body);
        let mut ok = !statements.is_empty();
        self.inlining.push(name.to_string());
        for st in &statements {
            if !ok {
                break;
            }
            ok = self.statement(*st, false, &[]).is_ok();
        }
        self.inlining.pop();
        let line = self.line(call);
        ok &= self.findings.drafts[saved_drafts..]
            .iter()
            .all(Draft::is_declarative)
            && self.findings.drafts.len() > saved_drafts;
        self.vars = saved_vars;
        if ok {
            for d in &mut self.findings.drafts[saved_drafts..] {
                d.line = line;
            }
        } else {
            self.findings.drafts.truncate(saved_drafts);
            self.names = saved_names;
        }
        ok
    }

    fn assign(&mut self, a: Node) {
        let Some(name) = a
            .child_by_field_name("name")
            .map(|c| self.text(c).to_string())
        else {
            return;
        };
        let all_refs = referenced(self, a);
        let mut refs: Vec<String> = all_refs.iter().filter(|r| **r != name).cloned().collect();
        // `age=$((age * 2))` reads the `age` before it: a fragment that needs it needs both
        // assignments, and what the first reads.
        let mut text = self.text(a).to_string();
        // `export N=$(… | wc -l)`: export's status is its own, 0 where the substitution
        // failed, which `N=$(…)` alone would give to `set -e`: the declaration as written.
        if let Some(decl) = a.parent().filter(|p| p.kind() == "declaration_command")
            && matches!(
                self.text(decl).split_whitespace().next(),
                Some("export" | "readonly" | "declare" | "typeset")
            )
            && (text.contains("$(") || text.contains('`'))
        {
            text = self.text(decl).to_string();
        }
        // (`LIMIT+=0` appends to what it held: the same.)
        let appends = text.starts_with(&format!("{name}+="));
        if (all_refs.contains(&name) || appends)
            && let Some(before) = self.assigned_by.get(&name)
        {
            text = format!("{before}\n{text}");
            for r in self.refs_of.get(&name).into_iter().flatten() {
                if !refs.contains(r) {
                    refs.push(r.clone());
                }
            }
        }
        self.assigned_by.insert(name.clone(), text);
        self.refs_of.insert(name.clone(), refs);
        let Some(value) = a.child_by_field_name("value") else {
            if !appends {
                self.vars.insert(name, Var::Text(Text::default()));
            }
            return;
        };
        if value.kind() == "command_substitution"
            && let Some(inner) = named_children(value).into_iter().next()
        {
            if let Some(t) = self.file_content(inner) {
                self.vars.insert(name, Var::Text(t));
                return;
            }
            if let Some(c) = self.capture(inner) {
                self.captured.insert(name.clone(), c);
            }
            self.vars.insert(name, Var::Dynamic);
            return;
        }
        if value.kind() == "array" {
            // (`A+=(x)` adds to what `A` held.)
            let items = self.array_items(value).filter(|_| !appends);
            self.vars
                .insert(name, items.map_or(Var::Dynamic, Var::List));
            return;
        }
        let v = self.word(value).map_or(Var::Dynamic, Var::Text);
        // `P+=/deep` appends to what `P` held, where both are known text.
        let v = match (appends, self.vars.get(&name), v) {
            (false, _, v) => v,
            (true, Some(Var::Text(before)), Var::Text(more)) => {
                let mut joined = before.clone();
                joined.append(more);
                Var::Text(joined)
            }
            (true, ..) => Var::Dynamic,
        };
        self.vars.insert(name, v);
    }

    /// `$(curl …)`: the probe whose output a later test reads.
    fn capture(&mut self, cmd: Node) -> Option<Captured> {
        self.capture_of(cmd, false)
    }

    /// [`Self::capture`], of curl's whole output or (`last_line`, under `| tail -n1`) of its
    /// last line.
    fn capture_of(&mut self, cmd: Node, last_line: bool) -> Option<Captured> {
        if cmd.kind() != "command" || self.command_name(cmd)?.as_str() != "curl" {
            return None;
        }
        let status = match self.curl_streams(cmd) {
            (_, true) if last_line => true,
            (CurlOutput::Body, _) => false,
            (CurlOutput::Status, _) => true,
            (
                CurlOutput::Headers
                | CurlOutput::BodyThenStatus
                | CurlOutput::Nothing
                | CurlOutput::Other,
                _,
            ) => {
                return None;
            }
        };
        let draft = self.curl(cmd, true)?;
        Some(Captured { draft, status })
    }

    /// A warning for a grep whose pattern comes from the caller (`grep -q "$WORD"`): the suite
    /// reads it as a regular expression in probekit's syntax, where grep's basic one takes `+`,
    /// `?`, `|`, `(` and `{` as plain characters and `\(` as a group.
    pub(super) fn note_late_pattern(&mut self, grep: Node) {
        let Some(g) = super::patterns::grep_args(&self.args(grep)) else {
            return;
        };
        let line = self.line(grep);
        if g.late && g.plain.is_none() && !self.findings.warnings.iter().any(|w| w.line == line) {
            self.findings.warnings.push(Warning {
                line,
                message: "the grep pattern comes from the caller and is read as a regular expression in probekit's syntax (Rust's), not grep's: `+ ? | ( ) { }` are operators there, plain characters to grep".into(),
            });
        }
    }

    /// What curl writes on its standard output, which a capture or a pipe reads: the body; the
    /// status alone (`-o FILE -w '%{http_code}'`); or something a rule on the body or the status
    /// cannot stand for — a write-out after the body or around the status (`-w
    /// 'code=%{http_code}'`), the headers (`-i`, `-I`, `-D -`), nothing (`-o FILE`).
    pub(super) fn curl_output(&self, cmd: Node) -> CurlOutput {
        self.curl_streams(cmd).0
    }

    /// [`Self::curl_output`], and whether the last line of it is the status alone: a write-out
    /// of `%{http_code}` after nothing (`-o FILE`) or after the headers of a HEAD (`-I`), which
    /// end with an empty line (not `-i`, whose body may end without one).
    pub(super) fn curl_streams(&self, cmd: Node) -> (CurlOutput, bool) {
        // `-o -`, `-o /dev/stdout`: the standard output still.
        let to_stdout = |v: Option<&str>| {
            matches!(
                v,
                Some("-" | "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1")
            )
        };
        let args: Vec<Option<String>> = self
            .arg_values(cmd)
            .into_iter()
            .map(|a| a.and_then(|t| t.as_literal()))
            .collect();
        // Where the (one) URL's body goes: the first `-o`/`-O` is the first URL's, a later one
        // a later URL's (`-o /dev/null -o -` writes the body to /dev/null).
        let mut elsewhere: Option<bool> = None;
        // `-i`, `-I`: the headers go where the body goes; `-D -`: to the standard output.
        let mut headers = false;
        let mut head_only = false;
        let mut included = false;
        let mut dumped = false;
        let mut write_out: Option<Option<String>> = None;
        let mut i = 0;
        while i < args.len() {
            let Some(a) = args[i].clone() else {
                i += 1;
                continue;
            };
            let next = args.get(i + 1).cloned().flatten();
            let (flag, inline) = match a.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (a.clone(), None),
            };
            let took = inline.is_none();
            let value = inline.or(next);
            match flag.as_str() {
                "-o" | "--output" => {
                    elsewhere.get_or_insert(!to_stdout(value.as_deref()));
                }
                "-D" | "--dump-header" => dumped |= value.as_deref() == Some("-"),
                "-w" | "--write-out" => write_out = Some(value),
                "-O" | "--remote-name" | "--remote-name-all" => {
                    elsewhere.get_or_insert(true);
                    i += 1;
                    continue;
                }
                "-I" | "--head" | "-i" | "--include" => {
                    headers = true;
                    head_only |= matches!(flag.as_str(), "-I" | "--head");
                    included |= matches!(flag.as_str(), "-i" | "--include");
                    i += 1;
                    continue;
                }
                short if short.starts_with('-') && !short.starts_with("--") && short.len() > 2 => {
                    // Bundled short flags (`-sIo`, `-sw '%{http_code}'`): the first that takes
                    // a value takes the rest of the word, or the next word.
                    let chars: Vec<char> = short[1..].chars().collect();
                    let mut j = 0;
                    let mut consumed = false;
                    while j < chars.len() {
                        let c = chars[j];
                        match c {
                            'I' => {
                                headers = true;
                                head_only = true;
                            }
                            'i' => {
                                headers = true;
                                included = true;
                            }
                            'O' => {
                                elsewhere.get_or_insert(true);
                            }
                            'o' | 'w' | 'D' | 'm' | 'H' | 'X' | 'd' | 'u' | 'A' | 'e' | 'b'
                            | 'c' | 'x' | 'T' | 'F' | 'E' | 'K' | 'C' | 'r' | 'y' | 'Y' | 'z'
                            | 'U' => {
                                let rest: String = chars[j + 1..].iter().collect();
                                let (v, next_word) = if rest.is_empty() {
                                    (args.get(i + 1).cloned().flatten(), true)
                                } else {
                                    (Some(rest), false)
                                };
                                match c {
                                    'o' => {
                                        elsewhere.get_or_insert(!to_stdout(v.as_deref()));
                                    }
                                    'w' => write_out = Some(v),
                                    'D' => dumped |= v.as_deref() == Some("-"),
                                    _ => {}
                                }
                                consumed = next_word;
                                break;
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                    i += if consumed { 2 } else { 1 };
                    continue;
                }
                _ => {
                    i += 1;
                    continue;
                }
            }
            i += if took { 2 } else { 1 };
        }
        // The status and at most a newline after it (`\n`, as curl reads it; `\\n` unquoted).
        let status_alone = |w: &str| {
            let rest = w
                .strip_prefix("%{http_code}")
                .or_else(|| w.strip_prefix("%{response_code}"));
            rest.is_some_and(|r| {
                let r = r.trim_start_matches('\\');
                r.is_empty() || r == "n" || r == "\n"
            })
        };
        let elsewhere = elsewhere.unwrap_or(false);
        let last_line = matches!(&write_out, Some(Some(w)) if status_alone(w))
            && !dumped
            && (elsewhere || (head_only && !included));
        let headers = dumped || (headers && !elsewhere);
        // (`\n` as curl reads it, or a newline itself: `$'\n…'`.)
        let after_newline = |w: &str| {
            w.strip_prefix("\\n")
                .or_else(|| w.strip_prefix('\n'))
                .is_some_and(status_alone)
        };
        let output = match write_out {
            Some(Some(w)) if elsewhere && !headers && status_alone(&w) => CurlOutput::Status,
            Some(Some(w)) if !elsewhere && !headers && after_newline(&w) => {
                CurlOutput::BodyThenStatus
            }
            Some(_) => CurlOutput::Other,
            None if headers => CurlOutput::Headers,
            None if elsewhere => CurlOutput::Nothing,
            None => CurlOutput::Body,
        };
        (output, last_line)
    }

    /// A statement whose success the verdict needs (when `asserted`).
    fn asserted(&mut self, n: Node, asserted: bool) -> Result<(), String> {
        if !asserted {
            // `curl -f URL` in a script that passes anyway (no `set -e`, an `echo` last): the
            // check the script made and ignored, as a warning.
            if self.warn_only
                && let Some(mut d) = self.draft(n)
            {
                d.warning = true;
                self.findings.drafts.push(d);
            }
            return Ok(());
        }
        match self.draft(n) {
            Some(d) => {
                self.findings.drafts.push(d);
                Ok(())
            }
            None => self.keep(n, "probekit has no declarative form for this command"),
        }
    }

    fn list(&mut self, n: Node, last: bool) -> Result<(), String> {
        let parts = children(n);
        if parts.len() != 3 {
            return self.keep(n, "probekit has no declarative form for this statement");
        }
        let (left, op, right) = (parts[0], self.text(parts[1]), parts[2]);
        // `CHECK && exit 0 || sleep 1`: the left side may end the script itself, which no
        // reading of the list's two sides as one status carries.
        if left.kind() == "list" {
            let mut exits = false;
            walk_commands(left, &mut |c| {
                exits |= self.command_name(c).as_deref() == Some("exit");
            });
            if exits {
                return Err(
                    "`… && exit N || …`: an exit inside a list the statement reads as one status"
                        .into(),
                );
            }
        }
        if op == "||" && exits_with_last_status(self, right) {
            return self.guarded(left);
        }
        if exits_unknown(self, right) {
            return Err("an exit status computed by the script".into());
        }
        match op {
            "||" if exits_nonzero(self, right) => self.guarded(left),
            // `nc -z upstream || exit 0`: a gate, which the checks after it wait for.
            "||" if !last && exit_code(self, right) == Some(0) => {
                let mut d = self
                    .draft(left)
                    .ok_or("a gate (`… || exit 0`) that probekit cannot write")?;
                d.gate = true;
                self.findings.drafts.push(d);
                self.gates.push(self.findings.drafts.len() - 1);
                Ok(())
            }
            // `[ -z "$HOST" ] && echo usage && exit 2`: a failure test.
            "&&" if exits_nonzero(self, right) => {
                let left = self.without_message(left);
                if left.kind() == "test_command" {
                    return self.status_test(left, true);
                }
                self.keep_as(left, "the script fails when this succeeds", true)
            }
            // `check && exit 0` before other checks: the script passes on either; the check
            // is a bypass the checks after it wait for.
            "&&" if !last && exit_code(self, right) == Some(0) => {
                // Reports, then `exit 0`: nothing else (another check, a function that may fail).
                let only_reports = match right.kind() {
                    "compound_statement" => {
                        let inner = statements(right);
                        inner.split_last().is_some_and(|(_, before)| {
                            before.iter().all(|b| self.is_report(*b))
                        })
                    }
                    _ => true,
                };
                if !only_reports {
                    return Err("`… && { …; exit 0; }` passes the script after more than reports".into());
                }
                let mut d = self
                    .draft(left)
                    .ok_or("`… && exit 0` passes the script before its other checks, and probekit cannot write its check")?;
                d.bypass = true;
                self.findings.drafts.push(d);
                self.gates.push(self.findings.drafts.len() - 1);
                Ok(())
            }
            "||" => {
                // `cmd || echo failed`: the failure is reported but the script goes on.
                if self.errexit || last {
                    self.keep(n, "the fallback after `||` is not an exit")
                } else {
                    Ok(())
                }
            }
            // Under `set -e` a command before `&&` does not end the script when it fails:
            // only the last of the list, or the list's status when it is the script's last.
            "&&" if matches!(
                self.command_name(right).as_deref(),
                Some("echo" | "printf" | "logger")
            ) =>
            {
                self.asserted(left, last)
            }
            "&&" if self.errexit && !last => Err(
                "`a && b` under `set -e`: the script goes on when `a` fails and stops when `b` does"
                    .into(),
            ),
            _ => self.asserted(n, self.errexit || last),
        }
    }

    /// Whether the text of `n` names bash's `/dev/tcp/…` or `/dev/udp/…`: a connection, where
    /// `echo > …` is no report.
    pub(super) fn names_socket(&self, n: Node) -> bool {
        let t = self.text(n);
        t.contains("/dev/tcp/") || t.contains("/dev/udp/")
    }

    /// `exec 2>/dev/null` (`exec >/dev/null 2>&1`): the rest of the script's output thrown
    /// away or moved between its two streams, which no status depends on (/dev/null always
    /// opens; a file might not, and a failed `exec` redirection ends the script).
    pub(super) fn exec_only_silences(&self, n: Node) -> bool {
        if n.kind() != "command"
            || self.command_name(n).as_deref() != Some("exec")
            || !self.args(n).is_empty()
        {
            return false;
        }
        let Some(p) = n.parent().filter(|p| p.kind() == "redirected_statement") else {
            return false;
        };
        let mut c = p.walk();
        let redirects: Vec<String> = p
            .children_by_field_name("redirect", &mut c)
            .map(|r| self.text(r).split_whitespace().collect())
            .collect();
        !redirects.is_empty()
            && redirects.iter().all(|r| {
                let r = r.as_str();
                let to_null = ["", "1", "2", "&"].iter().any(|fd| {
                    [">", ">>"]
                        .iter()
                        .any(|op| r == format!("{fd}{op}/dev/null"))
                });
                let dup = matches!(r, "2>&1" | "1>&2" | ">&2");
                to_null || dup
            })
    }

    /// A command that changes what the statements after it see, nested where a statement
    /// read alone would not notice (`[ -f F ] && source F`, `cd sub || exit 3`, `[ $# -gt 0 ] &&
    /// shift`, `exec >> LOG`), or one run in the background (`cmd &`): its line and words.
    /// Top-level ones are refused where they stand; `shift` and `getopts` in a loop read options.
    /// `P=down check` where `check` is a function of the script, or `P=down :` (a special
    /// builtin): the value is seen by the function's body, or kept after the command by
    /// dash, where a command read alone would take it for the command's environment only.
    fn assigns_before_function(&self, root: Node) -> Option<(usize, String)> {
        const SPECIAL: [&str; 15] = [
            ":", ".", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return",
            "set", "shift", "times", "trap", "unset",
        ];
        let mut found = None;
        walk_commands(root, &mut |c| {
            if found.is_some() {
                return;
            }
            let prefixed = named_children(c)
                .iter()
                .any(|x| x.kind() == "variable_assignment");
            if !prefixed {
                return;
            }
            let Some(name) = c
                .child_by_field_name("name")
                .map(|n| self.text(n).to_string())
            else {
                return;
            };
            if SPECIAL.contains(&name.as_str()) || self.function_body(&name).is_some() {
                found = Some((self.line(c), name));
            }
        });
        found
    }

    /// A function of the script named as a program or builtin the readers take for itself
    /// (`curl() { command curl --retry 3 "$@"; }`, `nc() { return 0; }`): the line of its
    /// definition and its name. Every reader that makes a probe of a command would make one of
    /// the program, where the script runs the function.
    fn shadowed_program(&self, root: Node) -> Option<(usize, String)> {
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            stack.extend(named_children(n));
            if n.kind() == "function_definition"
                && let Some(name) = n.child_by_field_name("name")
                && SHADOWABLE.contains(&self.text(name))
            {
                return Some((self.line(n), self.text(name).to_string()));
            }
        }
        None
    }

    /// `trap 'exit 0' EXIT` (or `trap cleanup EXIT` of a function that runs `exit`, or `0`
    /// for EXIT): the status of the trap's `exit` is the script's, whatever the checks said.
    /// The line of the `trap`.
    fn exiting_exit_trap(&self, root: Node) -> Option<usize> {
        let mut found = None;
        walk_commands(root, &mut |c| {
            if found.is_some() || self.command_name(c).as_deref() != Some("trap") {
                return;
            }
            let words: Vec<String> = self
                .text(c)
                .split_whitespace()
                .skip(1)
                .map(|w| w.trim_matches(['"', '\'']).to_string())
                .collect();
            let on_exit = words[1.min(words.len())..]
                .iter()
                .any(|w| matches!(w.as_str(), "EXIT" | "0" | "SIGEXIT"));
            if !on_exit {
                return;
            }
            let words_of = |t: &'a str| -> Vec<&'a str> {
                t.split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                    .filter(|w| !w.is_empty())
                    .collect()
            };
            // (The first word is `trap` itself.)
            let named = words_of(self.text(c));
            let mut calls_exiting_function = false;
            let mut stack = vec![root];
            while let Some(n) = stack.pop() {
                stack.extend(named_children(n));
                if n.kind() == "function_definition"
                    && let (Some(name), Some(body)) =
                        (n.child_by_field_name("name"), n.child_by_field_name("body"))
                    && named.contains(&self.text(name))
                    && words_of(self.text(body)).contains(&"exit")
                {
                    calls_exiting_function = true;
                }
            }
            if named[1..].contains(&"exit") || calls_exiting_function {
                found = Some(self.line(c));
            }
        });
        found
    }

    /// A function of the script that calls itself, directly or through the script's other
    /// functions: the line of its definition and its name.
    fn recursive_function(&self, root: Node) -> Option<(usize, String)> {
        let mut calls: HashMap<String, (usize, Vec<String>)> = HashMap::new();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            stack.extend(named_children(n));
            if n.kind() != "function_definition" {
                continue;
            }
            let (Some(name), Some(body)) =
                (n.child_by_field_name("name"), n.child_by_field_name("body"))
            else {
                continue;
            };
            let mut callees = Vec::new();
            walk_commands(body, &mut |c| {
                if let Some(callee) = self.command_name(c) {
                    callees.push(callee);
                }
            });
            let entry = calls
                .entry(self.text(name).to_string())
                .or_insert((self.line(n), Vec::new()));
            entry.1.extend(callees);
        }
        let mut names: Vec<&String> = calls.keys().collect();
        names.sort_by_key(|n| calls[*n].0);
        names.into_iter().find_map(|start| {
            let mut seen: HashSet<&str> = HashSet::new();
            let mut todo: Vec<&str> = calls[start].1.iter().map(String::as_str).collect();
            while let Some(f) = todo.pop() {
                if f == start {
                    return Some((calls[start].0, start.clone()));
                }
                if seen.insert(f)
                    && let Some((_, next)) = calls.get(f)
                {
                    todo.extend(next.iter().map(String::as_str));
                }
            }
            None
        })
    }

    fn changes_what_follows(&self, root: Node) -> Option<(usize, String)> {
        // The script's words handed to a function (`check "$@"`), outside the functions' own
        // bodies (where `"$*"` is the function's words).
        let mut outside = String::new();
        let mut at = 0;
        let mut stack = vec![root];
        let mut bodies = Vec::new();
        while let Some(n) = stack.pop() {
            if n.kind() == "function_definition" {
                bodies.push(n.byte_range());
                continue;
            }
            stack.extend(named_children(n));
        }
        bodies.sort_by_key(|r| r.start);
        for r in bodies {
            if r.start >= at {
                outside.push_str(&self.src[at..r.start]);
                at = r.end;
            }
        }
        outside.push_str(&self.src[at.min(self.src.len())..]);
        let hands_words = ALL_WORDS.iter().any(|w| outside.contains(w));
        let mut found = None;
        let mut stack = vec![(root, false, false, false)];
        while let Some((n, nested, in_loop, in_function)) = stack.pop() {
            if found.is_some() {
                break;
            }
            let mut c = n.walk();
            if let Some(amp) = n
                .children(&mut c)
                .find(|t| !t.is_named() && t.kind() == "&")
            {
                let line = amp
                    .prev_named_sibling()
                    .map_or(self.line(amp), |s| self.line(s));
                found = Some((line, "a command run in the background (`&`)".to_string()));
                break;
            }
            if n.kind() == "command"
                && let Some(name) = self.command_name(n)
            {
                let args = self.args(n);
                let first = args.first().and_then(Text::as_literal);
                let changes = match name.as_str() {
                    // (A file of settings read behind a test that it is there, as a script
                    // reads one at its top: [`Shell::settings_source`].)
                    "source" | "." => nested && self.settings_source(n) != Some(true),
                    "cd" | "eval" | "read" | "unset" | "pushd" | "popd" => nested,
                    // A function's `shift` moves its own words, not the script's (unless it is
                    // handed the script's: `check "$@"`).
                    "shift" | "getopts" => nested && !in_loop && (!in_function || hands_words),
                    // `exec >> LOG`, `exec 2>&1`: the script's own output moves (`exec
                    // 3<>/dev/tcp/…` opens a descriptor, read where it is used).
                    "exec" => {
                        args.is_empty()
                            && !self.exec_only_silences(n)
                            && n.parent().is_some_and(|p| {
                                let mut c = p.walk();
                                p.kind() == "redirected_statement"
                                    && p.children_by_field_name("redirect", &mut c).any(|r| {
                                        let t = self.text(r).trim_start();
                                        !t.starts_with(|ch: char| ch.is_ascii_digit())
                                            || t.starts_with(['0', '1', '2'])
                                    })
                            })
                    }
                    "set" => {
                        first
                            .as_deref()
                            .is_some_and(|a| !a.starts_with(['-', '+']) || a == "--")
                            && nested
                    }
                    "printf" => first.as_deref() == Some("-v"),
                    "builtin" | "command" => matches!(
                        first.as_deref(),
                        Some("source" | "." | "cd" | "read" | "eval")
                    ),
                    _ => false,
                };
                if changes {
                    found = Some((self.line(n), format!("`{name}`")));
                    break;
                }
            }
            // What `$(…)` or `( … )` changes stays in its subshell.
            if matches!(
                n.kind(),
                "command_substitution" | "subshell" | "process_substitution"
            ) {
                continue;
            }
            let loops = matches!(
                n.kind(),
                "while_statement" | "for_statement" | "c_style_for_statement"
            );
            let deeper = n.kind() != "program";
            let function = n.kind() == "function_definition";
            for ch in named_children(n) {
                stack.push((
                    ch,
                    nested || deeper,
                    in_loop || loops,
                    in_function || function,
                ));
            }
        }
        found
    }

    /// The line of a report (`echo`, `printf`) that prints a `$((…))` of what the script reads
    /// when it runs (`echo $(( $(psql …) - 1 ))`): dash ends the script where it is not a
    /// number, so the report decides the result.
    fn unread_arithmetic(&self, root: Node) -> Option<usize> {
        let mut found = None;
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if n.kind() == "arithmetic_expansion" && found.is_none() {
                let mut reads = false;
                let mut inner = vec![n];
                while let Some(x) = inner.pop() {
                    reads |= matches!(
                        x.kind(),
                        "command_substitution" | "simple_expansion" | "expansion" | "variable_name"
                    );
                    inner.extend(named_children(x));
                }
                let mut up = n.parent();
                while let Some(p) = up {
                    if p.kind() == "command" {
                        break;
                    }
                    up = p.parent();
                }
                let in_report = up.is_some_and(|c| {
                    matches!(self.command_name(c).as_deref(), Some("echo" | "printf"))
                });
                if reads && in_report {
                    found = Some(self.line(n));
                }
            }
            stack.extend(named_children(n));
        }
        found
    }

    /// A statement that only prints (`echo`, `printf`, `logger`, also redirected to stderr;
    /// `echo "$body" | jq .status || echo "$body"`, see [`Shell::prints_only`]).
    pub(super) fn is_report(&self, n: Node) -> bool {
        if self.names_socket(n) {
            return false;
        }
        // `SHOW || echo …`, `SHOW || true`: whatever SHOW's status, the list's is the
        // report's (or 0), and SHOW only prints.
        if n.kind() == "list"
            && let [left, op, right] = children(n)[..]
            && self.text(op) == "||"
            && (self.is_report(right) || matches!(self.text(right).trim(), "true" | ":"))
        {
            return self.prints_only(left);
        }
        // `echo "$out" | head -n -1`, `printf '%s\n' "$body" | tail -n 3`: a text printed
        // through programs that fail on no input and read it all (no `head -5`, whose early
        // exit fails `echo` under pipefail; no `jq`, which fails on what is not JSON) — where
        // `set -e` may be on; without it, any pipeline that only prints.
        if self.terminal_pipeline(n).is_some() && self.prints_only(n) {
            return !may_set_errexit(self.script) || self.pipeline_never_fails(n);
        }
        let n = match n.kind() {
            // A write to a file or another descriptor may fail (a directory missing, a
            // descriptor not open), which `set -e` stops the script at.
            "redirected_statement"
                if may_set_errexit(self.script) && !self.output_to_terminal(n) =>
            {
                return false;
            }
            "redirected_statement" => n.child_by_field_name("body").unwrap_or(n),
            _ => n,
        };
        // (`echo "share: $((100 / ${WORKERS:-0}))"` may fail: a division by 0.)
        n.kind() == "command"
            && matches!(
                self.command_name(n).as_deref(),
                Some("echo" | "printf" | "logger")
            )
            && !self.printf_may_fail(n)
            && !arithmetic_reads_values(self.text(n))
    }

    /// A pipeline that prints a text and only changes how it looks: `echo "$body" | jq
    /// ".$key" 2>/dev/null`, `printf '%s\n' "$out" | head -5` (programs that read their input
    /// and write their output, nothing else; their status aside).
    pub(super) fn prints_only(&self, n: Node) -> bool {
        let Some(n) = self.terminal_pipeline(n) else {
            return false;
        };
        let parts = named_children(n);
        let Some((first, rest)) = parts.split_first() else {
            return false;
        };
        let Some(first) = self.to_terminal_command(*first) else {
            return false;
        };
        matches!(self.command_name(first).as_deref(), Some("echo" | "printf"))
            && !self.printf_may_fail(first)
            && !self.text(n).contains("|&")
            && rest.iter().all(|c| {
                self.to_terminal_command(*c).is_some_and(|c| {
                    let args = self.words_as_written(c);
                    // (No file named: each reads its input alone, and writes nothing else.)
                    let flags_only = |allowed: &[&str]| {
                        args.iter()
                            .all(|a| a.starts_with('-') && allowed.iter().any(|f| a.starts_with(f)))
                    };
                    match self.command_name(c).as_deref() {
                        // jq's first word is its filter, the rest flags.
                        Some("jq") => {
                            let words: Vec<&String> =
                                args.iter().filter(|a| !a.starts_with('-')).collect();
                            words.len() <= 1
                                && args.iter().all(|a| {
                                    !a.starts_with('-')
                                        || matches!(
                                            a.as_str(),
                                            "-r" | "-c"
                                                | "-e"
                                                | "-M"
                                                | "-C"
                                                | "-S"
                                                | "-j"
                                                | "--raw-output"
                                                | "--compact-output"
                                        )
                                })
                        }
                        Some("head" | "tail") => flags_only(&["-n", "-c", "-"]),
                        Some("tr") => args.len() <= 3,
                        Some("sort" | "uniq" | "wc" | "cat") => {
                            flags_only(&["-"]) && !args.iter().any(|a| a.starts_with("-o"))
                        }
                        _ => false,
                    }
                })
            })
    }

    /// A pipeline of [`Shell::prints_only`] whose status is 0 whatever it prints: each program
    /// fails on no input and reads all of it (no `head -5`, whose early exit fails `echo`
    /// under pipefail; no `jq`, which fails on what is not JSON).
    pub(super) fn pipeline_never_fails(&self, n: Node) -> bool {
        let never_fails = |c: Node| {
            let args = self.words_as_written(c);
            match self.command_name(c).as_deref() {
                Some("echo" | "printf" | "tail" | "tr" | "sort" | "uniq" | "wc" | "cat") => true,
                // `head -n -1`: all but the last lines, read to the end.
                Some("head") => match args.as_slice() {
                    [n, k] => n == "-n" && k.starts_with('-') && k.len() > 1,
                    [nk] => nk.starts_with("-n-") && nk.len() > 3,
                    _ => false,
                },
                _ => false,
            }
        };
        self.terminal_pipeline(n).is_some_and(|p| {
            named_children(p)
                .into_iter()
                .all(|c| self.to_terminal_command(c).is_some_and(never_fails))
        })
    }

    /// A command's arguments as literal text, a word the shell computes as empty text (which
    /// no flag or file name a filter's reading looks for is).
    fn words_as_written(&self, c: Node) -> Vec<String> {
        self.arg_values(c)
            .into_iter()
            .map(|a| a.and_then(|t| t.as_literal()).unwrap_or_default())
            .collect()
    }

    /// The first command of a pipeline (as [`Shell::to_terminal_command`] reads it).
    pub(super) fn pipeline_head<'t>(&self, n: Node<'t>) -> Option<Node<'t>> {
        let first = *named_children(self.terminal_pipeline(n)?).first()?;
        self.to_terminal_command(first)
    }

    /// A pipeline, or the pipeline of a statement whose redirections only send its output to
    /// the terminal or nowhere ([`Shell::output_to_terminal`]).
    fn terminal_pipeline<'t>(&self, n: Node<'t>) -> Option<Node<'t>> {
        let n = match n.kind() {
            "redirected_statement" if self.output_to_terminal(n) => {
                n.child_by_field_name("body")?
            }
            _ => n,
        };
        (n.kind() == "pipeline").then_some(n)
    }

    /// A command, or the command of a statement whose redirections only send its output to
    /// the terminal or nowhere ([`Shell::output_to_terminal`]).
    fn to_terminal_command<'t>(&self, c: Node<'t>) -> Option<Node<'t>> {
        match c.kind() {
            "redirected_statement" if self.output_to_terminal(c) => c.child_by_field_name("body"),
            "command" => Some(c),
            _ => None,
        }
    }

    /// Whether a redirected statement's redirections only send its output to the terminal or
    /// nowhere (`>&2`, `2>/dev/null`), none that may fail.
    pub(super) fn output_to_terminal(&self, n: Node) -> bool {
        let mut c = n.walk();
        n.children_by_field_name("redirect", &mut c).all(|r| {
            matches!(
                self.text(r).replace(' ', "").as_str(),
                ">&2"
                    | "1>&2"
                    | "2>&1"
                    | ">/dev/null"
                    | "1>/dev/null"
                    | "2>/dev/null"
                    | "&>/dev/null"
                    | ">>/dev/null"
                    | "2>>/dev/null"
                    | ">/dev/stderr"
                    | ">/dev/stdout"
                    | "2>&-"
            )
        })
    }

    /// Whether a command in `n` is a `printf` that may fail ([`Shell::printf_may_fail`]).
    pub(super) fn printf_may_fail_in(&self, n: Node) -> bool {
        let mut found = false;
        walk_commands(n, &mut |c| found |= self.printf_may_fail(c));
        found
    }

    /// A `printf` whose status may be 1: a numeric conversion (`%d`, `%.2f`) given a value
    /// the script computes, which printf refuses where it is not a number; a `%` that starts
    /// no conversion every shell's printf knows (`90%\n`, a `%` at the end, `%1$s`, bash's
    /// `%(…)T`, dash refusing `%ld` and `%'d`); or `-v`, which assigns.
    pub(super) fn printf_may_fail(&self, n: Node) -> bool {
        // A conversion that reads a number: `%d`, `%5.2f`, `%ld`, or a `*` width or precision.
        static CONVERSION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(
                r"%[-+ #0']*(\*|[0-9]*)(\.(\*|[0-9]*))?(hh|h|ll|l|j|z|t|L|q)?([diouxXeEfFgGaAcs])",
            )
            .expect("a valid regex")
        });
        if n.kind() != "command" || self.command_name(n).as_deref() != Some("printf") {
            return false;
        }
        let mut args = self.arg_values(n);
        let literal = |a: &Option<Text>| a.as_ref().and_then(Text::as_literal);
        let ended = args.first().and_then(literal).as_deref() == Some("--");
        if ended {
            args.remove(0);
        }
        let Some(format) = args
            .first()
            .and_then(literal)
            .or_else(|| self.constant_format(n, ended))
        else {
            return true;
        };
        // What is left of the format without its conversions and `%%` must hold no `%`. (dash
        // refuses a length, `%ld`, and the `'` flag, which bash takes.)
        static WELL_FORMED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"%(%|[-+ #0]*(\*|[0-9]*)(\.(\*|[0-9]*))?[diouxXeEfFgGaAcsb])")
                .expect("a valid regex")
        });
        if WELL_FORMED.replace_all(&format, "").contains('%') {
            return true;
        }
        // `-v NAME` assigns, and bash refuses other options (after `--`, `-` starts the
        // format; a `-` alone is no option, the dash a progress bar prints).
        if format.starts_with('-') && format != "-" && !ended {
            return true;
        }
        let numeric = CONVERSION.captures_iter(&format).any(|c| {
            let star = |k: usize| c.get(k).is_some_and(|w| w.as_str() == "*");
            star(1) || star(3) || !matches!(c.get(5).map(|m| m.as_str()), Some("c" | "s"))
        });
        // A literal that is a plain decimal number reads as one (`08` is octal to printf).
        let plain_number = |t: &str| {
            let t = t.strip_prefix('-').unwrap_or(t);
            !t.is_empty()
                && (t == "0" || t.starts_with("0.") || !t.starts_with('0'))
                && t.chars().all(|c| c.is_ascii_digit() || c == '.')
                && t.chars().filter(|c| *c == '.').count() <= 1
        };
        numeric
            && args[1..]
                .iter()
                .any(|a| literal(a).is_none_or(|t| !plain_number(&t)))
    }

    /// `printf "$DOT"` of `DOT='\033[0;37m.\033[0m'`: the format a name holds where the script
    /// sets it once, at its top level, before this `printf` (which no function holds), to text
    /// without expansions, and nothing else in the script binds the name (`read`, `for`,
    /// `local`, `unset` name it as a word).
    fn constant_format(&self, printf: Node, ended: bool) -> Option<String> {
        let mut c = printf.walk();
        let words: Vec<Node> = printf.children_by_field_name("argument", &mut c).collect();
        let word = *words.get(usize::from(ended))?;
        let expansion = match word.kind() {
            "string" => match named_children(word).as_slice() {
                [e] if word.named_child_count() == 1 => *e,
                _ => return None,
            },
            _ => word,
        };
        let name = match expansion.kind() {
            "simple_expansion" | "expansion" => {
                let [v] = named_children(expansion)[..] else {
                    return None;
                };
                (v.kind() == "variable_name"
                    && self
                        .text(expansion)
                        .trim_start_matches("${")
                        .trim_end_matches('}')
                        .trim_start_matches('$')
                        == self.text(v))
                .then(|| self.text(v).to_string())?
            }
            _ => return None,
        };
        let root = std::iter::successors(Some(printf), |p| p.parent()).last()?;
        if std::iter::successors(printf.parent(), |p| p.parent())
            .any(|p| p.kind() == "function_definition")
        {
            return None;
        }
        let mut assignments = Vec::new();
        let mut other = false;
        super::python::walk(root, &mut |x| match x.kind() {
            "variable_assignment"
                if x.child_by_field_name("name")
                    .is_some_and(|v| self.text(v) == name) =>
            {
                assignments.push(x)
            }
            "word" if self.text(x) == name => other = true,
            // `for DOT in …`, `read -r DOT` and the like bind it too.
            "variable_name"
                if self.text(x) == name
                    && !x.parent().is_some_and(|p| {
                        matches!(
                            p.kind(),
                            "simple_expansion" | "expansion" | "variable_assignment"
                        )
                    }) =>
            {
                other = true
            }
            _ => {}
        });
        // `FMT+=…`, `${FMT:=…}`, `declare -n`, `eval`: set otherwise than by the assignment.
        let script = self.text(root);
        if script.contains(&format!("{name}+="))
            || script.contains(&format!("${{{name}:="))
            || script.contains(&format!("${{{name}="))
            || script.contains(&format!("${{{name}:?"))
            || ["declare -n", "local -n", "typeset -n", "readonly -n"]
                .iter()
                .any(|w| script.contains(w))
            || script
                .split(|c: char| c.is_whitespace() || c == ';')
                .any(|t| matches!(t, "eval" | "source" | "."))
        {
            return None;
        }
        let [a] = assignments[..] else { return None };
        let value = a.child_by_field_name("value")?;
        let top = a.parent().is_some_and(|p| p.kind() == "program");
        if other || !top || a.end_byte() > printf.start_byte() {
            return None;
        }
        let text = self.text(value);
        match value.kind() {
            "raw_string" => Some(
                text.trim_start_matches('\'')
                    .trim_end_matches('\'')
                    .to_string(),
            ),
            "string"
                if named_children(value)
                    .iter()
                    .all(|c| c.kind() == "string_content")
                    && !text.contains(['$', '`', '\\']) =>
            {
                Some(text.trim_matches('"').to_string())
            }
            "word" if !text.contains(['$', '`', '\\', '\'', '"']) => Some(text.to_string()),
            _ => None,
        }
    }

    /// `left` must succeed (it is followed by `|| exit 1`).
    fn guarded(&mut self, left: Node) -> Result<(), String> {
        let left = self.without_message(left);
        if left.kind() == "test_command" {
            return self.status_test(left, false);
        }
        self.asserted(left, true)
    }

    /// `CHECK && echo …` (and `&& printf`, `&& logger`) as `CHECK`: a message does not change
    /// when the list succeeds.
    fn without_message<'n>(&self, n: Node<'n>) -> Node<'n> {
        if n.kind() == "list" {
            let parts = children(n);
            if parts.len() == 3
                && self.text(parts[1]) == "&&"
                && matches!(
                    self.command_name(parts[2]).as_deref(),
                    Some("echo" | "printf" | "logger")
                )
                && !self.printf_may_fail(parts[2])
            {
                return self.without_message(parts[0]);
            }
        }
        n
    }

    fn if_statement(&mut self, n: Node, last: bool) -> Result<(), String> {
        let Some(cond) = n.child_by_field_name("condition") else {
            return self.keep(n, "probekit has no declarative form for this statement");
        };
        if exits_unknown(self, n) {
            return Err("an exit status computed by the script".into());
        }
        let body: Vec<Node> = named_children(n)
            .into_iter()
            .filter(|c| {
                c.id() != cond.id()
                    && !matches!(c.kind(), "else_clause" | "elif_clause" | "comment")
            })
            .collect();
        let else_clause = named_children(n)
            .into_iter()
            .find(|c| c.kind() == "else_clause");
        let has_elif = named_children(n).iter().any(|c| c.kind() == "elif_clause");
        let then_fails = body.iter().any(|b| fails_unconditionally(self, *b));
        let then_exits = body.iter().any(|b| exit_code(self, *b).is_some());
        let else_fails = else_clause.is_some_and(|e| {
            named_children(e)
                .iter()
                .any(|b| fails_unconditionally(self, *b))
        });
        if has_elif {
            return self.keep(n, "an `elif` chain decides the result");
        }
        let cond = self.strip_quiet(cond);
        let (subject, negated) = match cond.kind() {
            "negated_command" => {
                let inner = named_children(cond).into_iter().next().unwrap_or(cond);
                (self.strip_quiet(inner), true)
            }
            _ => (cond, false),
        };
        // `if ! check; then exit 1; fi` or `if check; then …; else exit 1; fi`
        let must_succeed =
            (negated && then_fails && !else_fails) || (!negated && else_fails && !then_fails);
        // `if [ "$code" -ne 200 ]; then exit 1; fi`: a test that fails the script when true.
        if subject.kind() == "test_command" && (then_fails || else_fails) {
            return self.status_test(subject, then_fails != negated);
        }
        if must_succeed {
            // As the script's last statement, the `if` is its status where the check passes:
            // that of the branch's last command (`if curl -sf "$U" >/dev/null; then curl -s "$U"
            // | jq -r '.models[].name'; else exit 1; fi`), unless it only reports or passes.
            let passing = if negated {
                else_clause.map(named_children).unwrap_or_default()
            } else {
                body.clone()
            };
            if last
                && let Some(end) = passing.iter().rev().find(|b| b.kind() != "comment")
                && !self.is_report(*end)
                && exit_code(self, *end) != Some(0)
            {
                return self.keep(
                    n,
                    "the script ends with this `if`, whose status is its branch's last command's",
                );
            }
            return self.asserted(subject, true);
        }
        if !then_exits && !else_fails && !contains_failing_exit(self, n) && !self.errexit {
            // Neither branch changes the exit status; one that gives the script new arguments
            // (`set WORD`, `shift`) changes what `$1` is after it.
            let mut moves_arguments = false;
            let mut stack = vec![n];
            while let Some(x) = stack.pop() {
                if x.kind() == "command"
                    && matches!(self.command_name(x).as_deref(), Some("set" | "shift"))
                {
                    moves_arguments = true;
                }
                stack.extend(named_children(x));
            }
            if moves_arguments {
                return Err("a branch that changes the script's arguments".into());
            }
            // As the script's last statement, the `if` is its status: that of the branch's
            // last command (`if [ -z "$QUIET" ]; then curl … | grep -q UP; fi`).
            let else_body = else_clause.map(named_children).unwrap_or_default();
            if last
                && body
                    .iter()
                    .chain(&else_body)
                    .any(|b| b.kind() != "comment" && !self.is_report(*b))
            {
                return self.keep(
                    n,
                    "the script ends with this `if`, whose status is its branch's last command's",
                );
            }
            return Ok(());
        }
        let passes_early =
            |sh: &Self, stmts: &[Node]| stmts.iter().any(|b| exit_code(sh, *b) == Some(0));
        let else_passes = else_clause.is_some_and(|e| passes_early(self, &named_children(e)));
        // The branch reports and passes, nothing else (a check in it would decide too).
        let only_reports_then_passes = body.split_last().is_some_and(|(last, before)| {
            exit_code(self, *last) == Some(0) && before.iter().all(|b| self.is_report(*b))
        });
        if !last && (passes_early(self, &body) || else_passes) {
            // `if ! nc -z upstream 9000; then exit 0; fi`: a gate the checks after it wait for;
            // `if curl -fs "$PRIMARY"; then echo up; exit 0; fi`: a bypass. A test probekit has
            // no declarative form for (`if [ "$(($(date +%s) - START))" -lt 90 ]; then exit 0;
            // fi`) is kept as the one or the other, with what it reads.
            if else_clause.is_none()
                && !then_fails
                && !contains_failing_exit(self, n)
                && only_reports_then_passes
            {
                let drafts = self.findings.drafts.len();
                let made = match self.draft(subject) {
                    Some(d) => {
                        self.findings.drafts.push(d);
                        true
                    }
                    None if !subject.kind().contains("list") => {
                        let reason = if negated {
                            "a test probekit has no declarative form for, kept as the gate the checks after it wait for"
                        } else {
                            "a test probekit has no declarative form for, kept as the bypass that passes the script before its other checks"
                        };
                        self.keep(subject, reason).is_ok()
                            && self.findings.drafts.len() == drafts + 1
                    }
                    None => false,
                };
                if made {
                    let d = self
                        .findings
                        .drafts
                        .last_mut()
                        .expect("the draft just made");
                    if negated {
                        d.gate = true;
                    } else {
                        d.bypass = true;
                    }
                    self.gates.push(self.findings.drafts.len() - 1);
                    return Ok(());
                }
                self.findings.drafts.truncate(drafts);
            }
            // A branch that passes the script before its other checks: kept whole.
            return Err("a branch passes the script before its other checks, which probekit cannot write yet".into());
        }
        self.keep(
            n,
            "the branches decide the result in a way probekit cannot express",
        )
    }

    /// A test on a captured status or body, failing the script when it is `fails_when` true.
    fn status_test(&mut self, test: Node, fails_when: bool) -> Result<(), String> {
        let Some(expr) = named_children(test).into_iter().next() else {
            return self.keep_as(test, "an empty test", fails_when);
        };
        let keep_reason = "the test reads something probekit does not capture";
        if expr.kind() != "binary_expression" {
            return self.keep_as(test, keep_reason, fails_when);
        }
        let (Some(left), Some(op), Some(right)) = (
            expr.child_by_field_name("left"),
            expr.child_by_field_name("operator"),
            expr.child_by_field_name("right"),
        ) else {
            return self.keep_as(test, keep_reason, fails_when);
        };
        let var = referenced(self, left)
            .into_iter()
            .next()
            .unwrap_or_default();
        // The variable as it is (`${body:0:3}`, `x$code`, `${code%?}` read something else).
        let operand = match left.kind() {
            // `[ ! $state = ready ]`: what `!` applies to.
            "unary_expression" => named_children(left).last().copied().unwrap_or(left),
            _ => left,
        };
        if !plain_reference(self.text(operand), &var) {
            return self.keep_as(test, keep_reason, fails_when);
        }
        let Some(captured) = self.captured.get(&var).cloned() else {
            return self.keep_as(test, keep_reason, fails_when);
        };
        // `[ $body != OK ]`: unquoted in `[ ]`, an output is split into words (none when it
        // is empty, several when it holds blanks), and `[` fails on the wrong count of words.
        // A status curl writes is one word always.
        if !self.text(test).starts_with("[[")
            && matches!(left.kind(), "simple_expansion" | "expansion")
            && !captured.status
        {
            return self.keep_as(
                test,
                "an unquoted output in `[ ]`, which the shell splits into words",
                fails_when,
            );
        }
        // The right side may come in several parts (`*"UP"*` is three).
        let mut c = expr.walk();
        let parts: Vec<Node> = expr.children_by_field_name("right", &mut c).collect();
        let last = parts.last().copied().unwrap_or(right);
        let right_text = &self.src[right.start_byte()..last.end_byte()];
        // In `[[ … == PATTERN ]]` an unquoted `*`, `?` or `[` makes a glob, not a string.
        let glob = self.text(test).starts_with("[[") && has_unquoted_glob(right_text);
        let mut value = String::new();
        for p in parts.iter().filter(|_| !glob) {
            match self.word(*p).and_then(|t| t.as_literal()) {
                // `[[ $V == $PAT ]]`: an unquoted expansion is a pattern there, whose `*`, `?`
                // and `[` match.
                Some(v)
                    if self.text(test).starts_with("[[")
                        && matches!(p.kind(), "simple_expansion" | "expansion")
                        && v.contains(['*', '?', '[', '\\']) =>
                {
                    return self.keep_as(
                        test,
                        "a `[[ == ]]` whose pattern is a value holding glob characters",
                        fails_when,
                    );
                }
                Some(v) => value.push_str(&v),
                None => return self.keep_as(test, keep_reason, fails_when),
            }
        }
        let contains = if glob {
            match glob_contains(right_text) {
                Some(text) if !captured.status => Some(text),
                _ => {
                    return self.keep_as(
                        test,
                        "a glob pattern probekit cannot express",
                        fails_when,
                    );
                }
            }
        } else {
            None
        };
        let op = self.text(op);
        // What the script accepts.
        let accepts_equal = match op {
            "-eq" | "=" | "==" => !fails_when,
            "-ne" | "!=" => fails_when,
            _ => return self.keep_as(test, keep_reason, fails_when),
        };
        let mut d = captured.draft;
        d.line = self.line(test);
        if !accepts_equal {
            return self.keep_as(test, "the test accepts every value but one", fails_when);
        }
        if captured.status {
            let Ok(code) = value.parse::<i64>() else {
                return self.keep_as(test, keep_reason, fails_when);
            };
            d.expect.retain(|(k, _)| k != "status");
            d.expect.insert(0, ("status".into(), Yaml::Int(code)));
        } else {
            let rule = match contains {
                // Text of the script: a `${` in it is literal.
                Some(text) => ("contains".into(), Yaml::str(text.replace("${", "$${"))),
                // `$(…)` removed the body's trailing newlines before the comparison.
                None => (
                    "matches".into(),
                    Yaml::str(super::patterns::trimmed_equals(&value)),
                ),
            };
            d.expect.push(("body".into(), Yaml::Flow(vec![rule])));
        }
        self.findings.drafts.push(d);
        Ok(())
    }

    fn case_statement(&mut self, n: Node) -> Result<(), String> {
        let keep = "the `case` decides the result in a way probekit cannot express";
        let Some(value) = n.child_by_field_name("value") else {
            return self.keep(n, keep);
        };
        let var = referenced(self, value)
            .into_iter()
            .next()
            .unwrap_or_default();
        if !plain_reference(self.text(value), &var) {
            return self.keep(n, keep);
        }
        let Some(captured) = self.captured.get(&var).cloned().filter(|c| c.status) else {
            return self.keep(n, keep);
        };
        // Patterns whose branch does not exit non-zero are accepted; `*` must fail.
        let mut accepted = Vec::new();
        let mut default_fails = false;
        for item in named_children(n)
            .into_iter()
            .filter(|c| c.kind() == "case_item")
        {
            let mut c = item.walk();
            let patterns: Vec<String> = item
                .children_by_field_name("value", &mut c)
                .map(|p| self.text(p).to_string())
                .collect();
            let fails = named_children(item).iter().any(|b| exits_nonzero(self, *b));
            for p in patterns {
                if p == "*" {
                    default_fails = fails;
                } else if !fails {
                    match status_pattern(&p) {
                        Some(s) => accepted.push(s),
                        None => return self.keep(n, keep),
                    }
                }
            }
        }
        if !default_fails || accepted.is_empty() {
            return self.keep(n, keep);
        }
        let mut d = captured.draft;
        d.line = self.line(n);
        d.expect.retain(|(k, _)| k != "status");
        let status = if accepted.len() == 1 {
            accepted.remove(0)
        } else {
            Yaml::List(accepted)
        };
        d.expect.insert(0, ("status".into(), status));
        self.findings.drafts.push(d);
        Ok(())
    }

    fn for_statement(&mut self, n: Node, rest: &[Node]) -> Result<(), String> {
        let keep = "probekit has no declarative form for this loop";
        let Some(var) = n
            .child_by_field_name("variable")
            .map(|v| self.text(v).to_string())
        else {
            return self.keep(n, keep);
        };
        // In its rounds, and after it where nothing below says otherwise (a loop kept as a
        // command, a retry loop), the name holds what only a run knows.
        self.vars.insert(var.clone(), Var::Dynamic);
        let Some(body) = n.child_by_field_name("body") else {
            return self.keep(n, keep);
        };
        let mut c = n.walk();
        let values: Vec<Node> = n.children_by_field_name("value", &mut c).collect();
        // `for p; do`: over the script's own words, which a fragment is not given: the
        // script kept whole.
        if values.is_empty() {
            return Err("a `for` over the script's own words (`for p; do`)".into());
        }
        // `for i in $(seq 1 5)` / `{1..5}`: a retry loop.
        if let Some(attempts) = self.attempts(&values) {
            return self.retry_loop(n, body, attempts, rest);
        }
        // `for f in /etc/app/*.conf`: words the shell expands when it runs.
        if values
            .iter()
            .any(|v| v.kind() != "string" && has_unquoted_glob(self.text(*v)))
        {
            return self.keep(n, keep);
        }
        // A literal list: one probe expanded over it.
        let mut items = Vec::new();
        for v in &values {
            match v.kind() {
                "simple_expansion" | "expansion" => {
                    let name = referenced(self, *v).into_iter().next().unwrap_or_default();
                    match self.vars.get(&name) {
                        Some(Var::List(list)) => items.extend(list.iter().cloned()),
                        // (Its words as the shell splits it; a value read when the script
                        // runs leaves an item unknown, below.)
                        Some(Var::Text(t)) => match self.split_unquoted(t.clone()) {
                            Some(words) => items.extend(words),
                            None => return self.keep(n, keep),
                        },
                        _ => return self.keep(n, keep),
                    }
                }
                // Braces bash expands (`{a..e}`, `{db,cache}`): not followed here.
                "word" | "concatenation"
                    if braces_expand(self.src) && has_brace_expansion(self.text(*v)) =>
                {
                    return self.keep(n, keep);
                }
                _ => match self.word(*v) {
                    Some(t) => items.push(t),
                    None => return self.keep(n, keep),
                },
            }
        }
        let items: Option<Vec<String>> = items.iter().map(Text::as_literal).collect();
        let Some(items) = items else {
            return self.keep(n, keep);
        };
        let statements: Vec<Node> = statements(body);
        self.vars.insert(var.clone(), Var::Item);
        let before = self.findings.drafts.len();
        let mut result = Ok(());
        let outer = std::mem::replace(&mut self.loop_items, items.clone());
        for s in &statements {
            if let Err(e) = self.statement(*s, false, &[]) {
                result = Err(e);
                break;
            }
        }
        self.loop_items = outer;
        // After the loop the name holds its last word (unknown where a round may leave the
        // loop early, or where there was no word).
        let mut early = false;
        walk_commands(body, &mut |c| {
            early |= matches!(self.command_name(c).as_deref(), Some("break" | "return"));
        });
        let after = match items.last() {
            Some(last) if !early => Var::Text(Text::lit(last)),
            _ => Var::Dynamic,
        };
        self.vars.insert(var.clone(), after);
        result?;
        let produced: Vec<Draft> = self.findings.drafts.drain(before..).collect();
        if produced.is_empty() {
            // Nothing in the loop changes the exit status.
            return Ok(());
        }
        if produced.iter().any(|d| !d.is_declarative()) {
            for d in &produced {
                self.names.remove(&d.name);
            }
            return self.keep(n, keep);
        }
        for mut d in produced {
            d.for_each = Some(items.clone());
            if !d.name.contains(ITEM) {
                let base = d.name.clone();
                self.names.remove(&base);
                d.name = self.unique_name(&format!("{base}-{ITEM}"));
            }
            self.findings.drafts.push(d);
        }
        Ok(())
    }

    /// The pause `sleep WORD` writes out: `None` for a value only a run knows (which
    /// [`Self::args`] would give as an empty word).
    fn pause_written(&self, sleep: Node) -> Option<String> {
        self.arg_values(sleep)
            .first()
            .cloned()
            .flatten()
            .and_then(|a| a.as_literal())
            .filter(|d| !d.is_empty())
    }

    /// `$(seq 1 N)`, `$(seq N)`, `{1..N}`: how many attempts.
    fn attempts(&self, values: &[Node]) -> Option<u32> {
        if values.len() == 1 {
            let v = values[0];
            let text = self.text(v);
            if text.starts_with('{') && text.ends_with('}') {
                if !braces_expand(self.src) {
                    return None;
                }
                // `{1..5}`, `{10..1}`, `{1..10..2}` (of numbers not below 0).
                let (a, b, step) = brace_bounds(text)?;
                if a < 0 || b < 0 {
                    return None;
                }
                return u32::try_from(brace_count(a, b, step)).ok();
            }
            if v.kind() == "command_substitution" {
                let cmd = named_children(v).into_iter().next()?;
                if self.command_name(cmd)? == "seq" {
                    // Every bound written out (`seq 1 $max` of a computed max is no count).
                    let nums: Vec<u32> = self
                        .args(cmd)
                        .iter()
                        .map(|a| a.as_literal()?.parse().ok())
                        .collect::<Option<_>>()?;
                    return match nums.as_slice() {
                        [n] => Some(*n),
                        [a, b] => (b + 1).checked_sub(*a).filter(|n| *n > 0),
                        _ => None,
                    };
                }
            }
        } else if values.len() > 1 && values.iter().all(|v| self.text(*v).parse::<u32>().is_ok()) {
            return Some(values.len() as u32);
        }
        None
    }

    /// A loop that retries a check: `CHECK && break` or `if CHECK; then exit 0 / break; fi`,
    /// with `sleep S` between attempts; the script fails when no attempt passed.
    fn retry_loop(
        &mut self,
        n: Node,
        body: Node,
        attempts: u32,
        rest: &[Node],
    ) -> Result<(), String> {
        let keep = "a retry loop probekit cannot read";
        let statements: Vec<Node> = statements(body);
        let mut check = None;
        let mut delay = None;
        let mut success_exits = false;
        let mut last_attempt_fails = false;
        for s in &statements {
            match s.kind() {
                "command" if self.command_name(*s).as_deref() == Some("sleep") => {
                    // A pause the script computes (`sleep "$i"`, a back-off) is not one delay.
                    let Some(d) = self.pause_written(*s) else {
                        return self.keep(n, keep);
                    };
                    delay = Some(d);
                }
                "list" => {
                    let parts = children(*s);
                    // A list that may end the round or the script in another way than the
                    // forms below (`CHECK && exit 0 || sleep 1`, `grep -q DOWN && exit 1`)
                    // is not passed over.
                    let mut leaves_otherwise = false;
                    walk_commands(*s, &mut |c| {
                        leaves_otherwise |= matches!(
                            self.command_name(c).as_deref(),
                            Some("exit" | "break" | "return" | "continue")
                        );
                    });
                    let plain_and = parts.len() == 3 && self.text(parts[1]) == "&&";
                    let recognised = plain_and
                        && (matches!(self.command_name(parts[2]).as_deref(), Some("break"))
                            || exit_code(self, parts[2]) == Some(0)
                            || (parts[0].kind() == "test_command"
                                && exits_nonzero(self, parts[2])));
                    if leaves_otherwise && !recognised {
                        return self.keep(n, keep);
                    }
                    if plain_and {
                        let r = self.command_name(parts[2]);
                        // One check a round: with two (`a && break; b && break`) either
                        // ends the loop.
                        let leaves = matches!(r.as_deref(), Some("break"))
                            || exit_code(self, parts[2]) == Some(0);
                        if leaves && check.is_some() {
                            return self.keep(n, keep);
                        }
                        if matches!(r.as_deref(), Some("break")) {
                            check = Some(parts[0]);
                        } else if exit_code(self, parts[2]) == Some(0) {
                            check = Some(parts[0]);
                            success_exits = true;
                        } else if parts[0].kind() == "test_command" && exits_nonzero(self, parts[2])
                        {
                            last_attempt_fails = true;
                        }
                    }
                }
                "if_statement" => {
                    let cond = s.child_by_field_name("condition");
                    let inner: Vec<Node> = named_children(*s)
                        .into_iter()
                        .filter(|c| Some(c.id()) != cond.map(|c| c.id()))
                        .collect();
                    let breaks = inner
                        .iter()
                        .any(|c| self.command_name(*c).as_deref() == Some("break"));
                    let exits_ok = inner.iter().any(|c| exit_code(self, *c) == Some(0));
                    let fails = inner.iter().any(|c| exits_nonzero(self, *c));
                    // The branch only reports and leaves: another check in it
                    // (`if A; then B && exit 0; fi`) decides the round too.
                    let only_leaves = inner.iter().all(|c| {
                        c.kind() == "comment"
                            || (c.kind() == "command"
                                && matches!(
                                    self.command_name(*c).as_deref(),
                                    Some(
                                        "exit"
                                            | "break"
                                            | "echo"
                                            | "printf"
                                            | "logger"
                                            | ":"
                                            | "true"
                                    )
                                ))
                            || (c.kind() == "redirected_statement"
                                && c.child_by_field_name("body").is_some_and(|b| {
                                    matches!(
                                        self.command_name(b).as_deref(),
                                        Some("echo" | "printf")
                                    )
                                }))
                    });
                    if !only_leaves {
                        return self.keep(n, keep);
                    }
                    match cond {
                        Some(c) if c.kind() == "test_command" && fails => last_attempt_fails = true,
                        Some(_) if (breaks || exits_ok) && check.is_some() => {
                            return self.keep(n, keep);
                        }
                        Some(c) if breaks || exits_ok => {
                            check = Some(c);
                            success_exits |= exits_ok;
                        }
                        _ => return self.keep(n, keep),
                    }
                }
                "command"
                    if matches!(
                        self.command_name(*s).as_deref(),
                        Some("echo" | "printf" | "logger")
                    ) => {}
                _ => return self.keep(n, keep),
            }
        }
        let Some(check) = check else {
            return self.keep(n, keep);
        };
        // After the loop, the script must fail when every attempt failed: an exit inside the
        // loop on the last attempt, or (when success exits 0) an unconditional failing exit.
        let fails_after = rest
            .iter()
            .filter(|r| r.kind() != "comment")
            .find(|r| {
                !matches!(
                    self.command_name(**r).as_deref(),
                    Some("echo" | "printf" | "logger")
                )
            })
            .is_some_and(|r| exits_nonzero(self, *r));
        if !(last_attempt_fails || (success_exits && fails_after)) {
            return self.keep(n, "a retry loop after which the script does not fail");
        }
        let Some(mut d) = self.draft(check) else {
            return self.keep(n, keep);
        };
        d.line = self.line(n);
        d.retries = Some(attempts.saturating_sub(1));
        d.retry_delay = delay.map(|s| seconds(&s));
        self.findings.drafts.push(d);
        if success_exits {
            // The loop ends the script either way: nothing after it runs.
            self.done = true;
        }
        Ok(())
    }

    fn while_statement(&mut self, n: Node) -> Result<(), String> {
        let is_until = children(n)
            .first()
            .is_some_and(|c| self.text(*c) == "until");
        let cond = n.child_by_field_name("condition");
        let body = n.child_by_field_name("body");
        if let (true, Some(cond), Some(body)) = (is_until, cond, body) {
            let statements: Vec<Node> = statements(body);
            let only_waits = statements.iter().all(|s| {
                matches!(
                    self.command_name(*s).as_deref(),
                    Some("sleep" | "echo" | "printf" | "logger")
                )
            });
            let delay = statements
                .iter()
                .find(|s| self.command_name(**s).as_deref() == Some("sleep"))
                .and_then(|s| self.pause_written(*s));
            if only_waits && let Some(mut d) = self.draft(cond) {
                d.line = self.line(n);
                // The script waits without a limit; the suite tries for about half a minute.
                // probekit backs off exponentially from the delay: enough retries for about
                // half a minute in all.
                let delay_s = delay
                    .as_deref()
                    .and_then(|s| s.parse::<f64>().ok())
                    .unwrap_or(1.0)
                    .max(0.1);
                d.retries = Some((30.0 / delay_s + 1.0).log2().ceil().max(1.0) as u32);
                d.retry_delay = delay.map(|s| seconds(&s));
                self.findings.warnings.push(Warning {
                    line: self.line(n),
                    message: format!(
                        "`until` waits without a limit; probe `{}` retries {} times instead",
                        d.name,
                        d.retries.unwrap_or(0)
                    ),
                });
                self.findings.drafts.push(d);
                return Ok(());
            }
        }
        // A loop that sleeps or breaks out waits for what it checks (`while true; do …; if
        // [ "$s" = imok ]; then break; fi; sleep 4; done`): the script goes on only once that
        // passes, or never, whatever its status says.
        let mut waits = cond.is_some_and(|c| matches!(self.text(c).trim(), "true" | ":"));
        walk_commands(n, &mut |c| {
            waits |= matches!(self.command_name(c).as_deref(), Some("sleep" | "break"));
        });
        if !contains_failing_exit(self, n) && !self.errexit && !waits {
            return Ok(());
        }
        let why = if waits && !contains_failing_exit(self, n) {
            "a loop that waits for what it checks, which probekit cannot express"
        } else {
            "probekit has no declarative form for this loop"
        };
        self.keep(n, why)
    }
}

/// A credential written in the script, and the variable that stands for it: `needle` is
/// the text it is found in (`before`, the secret, `after`), which becomes `before${VAR}after`.
#[derive(Clone, Debug)]
pub(super) struct Secret {
    needle: String,
    before: String,
    after: String,
    value: String,
    var: String,
}

/// The files the statements under `n` write: their redirections, `tee FILE`, and `-o FILE`
/// (`--output`, `-O`, `--output-document`) of any command but those that take `-o` for
/// something else (`ps -o comm=`, `ssh -o Opt=v`, `mount -o ro`); a command run through another
/// (`timeout 5 curl -o F`) counts.
fn files_written(sh: &Shell, n: Node) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![n];
    while let Some(node) = stack.pop() {
        if node.kind() == "file_redirect"
            && let Some(dest) = node.child_by_field_name("destination")
        {
            let op = sh.text(node);
            let file = sh.text(dest).trim_matches(['"', '\'']).to_string();
            // `2>&1`, `>&2`: the destination is a descriptor, not a file.
            let to_descriptor = sh.src[node.start_byte()..dest.start_byte()]
                .trim_end()
                .ends_with('&')
                && (file == "-" || file.chars().all(|c| c.is_ascii_digit()));
            if !op.trim_start().starts_with('<')
                && !to_descriptor
                && !file.starts_with("/dev/")
                && !file.starts_with('&')
            {
                out.push(file);
            }
        }
        if node.kind() == "command" {
            let name = sh.command_name(node).unwrap_or_default();
            let base = name.rsplit('/').next().unwrap_or_default();
            let tee = base == "tee";
            let outputs = !matches!(
                base,
                "ps" | "ssh"
                    | "scp"
                    | "mount"
                    | "lsblk"
                    | "findmnt"
                    | "kubectl"
                    | "journalctl"
                    | "systemctl"
                    | "yq"
                    | "set"
            );
            let words: Vec<&str> = sh.text(node).split_whitespace().collect();
            // curl's other files: the headers, cookies, a trace.
            let curl_file = |w: &str| {
                base == "curl"
                    && matches!(
                        w,
                        "-D" | "--dump-header"
                            | "-c"
                            | "--cookie-jar"
                            | "--trace"
                            | "--trace-ascii"
                            | "--stderr"
                    )
            };
            for w in words.windows(2) {
                if tee
                    || (outputs && matches!(w[0], "-o" | "--output" | "-O" | "--output-document"))
                    || curl_file(w[0])
                {
                    let file = w[1].trim_matches(['"', '\'']).to_string();
                    if !file.starts_with("/dev/") && file != "-" && !file.starts_with('-') {
                        out.push(file);
                    }
                }
            }
        }
        stack.extend(named_children(node));
    }
    out
}

/// What `set` turns on and off, in order: `-e`, `+e`, `-eo pipefail`, `-o errexit`, `+o
/// pipefail` give `errexit` and `pipefail` (and any other option's name) with `true` for on;
/// `--` is `("--", true)`.
fn set_options(args: &[String]) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut named = Vec::new();
    for a in args {
        if a == "--" {
            out.push(("--", true));
            break;
        }
        if let Some(on) = named.pop() {
            out.push((a.as_str(), on));
            continue;
        }
        let on = match a.chars().next() {
            Some('-') => true,
            Some('+') => false,
            // `set "$BASE/health"`: a word that is no option sets the arguments.
            _ => {
                out.push(("--", true));
                break;
            }
        };
        for c in a.chars().skip(1) {
            match c {
                'e' => out.push(("errexit", on)),
                'u' => out.push(("nounset", on)),
                // The option named by the next word.
                'o' => named.push(on),
                _ => {}
            }
        }
    }
    out
}

/// Variables assigned under `n` (loops, lists, `read`, arithmetic, functions).
fn collect_assigned(sh: &Shell, n: Node, out: &mut BTreeSet<String>) -> BTreeSet<String> {
    match n.kind() {
        "variable_assignment" => {
            if let Some(name) = n.child_by_field_name("name") {
                out.insert(sh.text(name).to_string());
            }
        }
        "command" => {
            if matches!(
                sh.command_name(n).as_deref(),
                Some(
                    "read"
                        | "let"
                        | "export"
                        | "declare"
                        | "local"
                        | "typeset"
                        | "readonly"
                        | "getopts"
                        | "mapfile"
                        | "readarray"
                        | "printf"
                )
            ) {
                for a in sh.args(n) {
                    if let Some(a) = a.as_literal() {
                        out.insert(a.split('=').next().unwrap_or("").to_string());
                    }
                }
            }
        }
        // `unset NAME` (not `unset -f NAME`, a function): the name from there on.
        "unset_command" if !sh.text(n).split_whitespace().any(|w| w == "-f") => {
            for w in sh.text(n).split_whitespace().skip(1) {
                if !w.starts_with('-') {
                    out.insert(w.to_string());
                }
            }
        }
        // `local NAME`, `readonly NAME` without a value.
        "declaration_command" => {
            for c in named_children(n) {
                if c.kind() == "variable_name" {
                    out.insert(sh.text(c).to_string());
                }
            }
        }
        // `${HOST:=localhost}` inside another command, a branch or a list assigns there only.
        "expansion" if sh.assigning_op(n).is_some() => {
            if let Some(name) = children(n).iter().find(|c| c.kind() == "variable_name") {
                out.insert(sh.text(*name).to_string());
            }
        }
        // `: $((fails += 1))`, `(( n++ ))`: every name the expression reads may change (more
        // than it assigns, which is the safe side).
        "arithmetic_expansion" | "compound_statement"
            if (n.kind() == "arithmetic_expansion" || sh.text(n).starts_with("(("))
                && sema::arith_assigns(sh.text(n)) =>
        {
            let mut stack = vec![n];
            while let Some(x) = stack.pop() {
                if x.kind() == "variable_name" {
                    out.insert(sh.text(x).to_string());
                }
                stack.extend(named_children(x));
            }
        }
        _ => {}
    }
    for c in named_children(n) {
        collect_assigned(sh, c, out);
    }
    out.clone()
}

/// The `for` and `select` loops at or under `n`, each with the name it sets.
fn loop_variables<'t>(sh: &Shell, n: Node<'t>) -> Vec<(Node<'t>, String)> {
    let mut found = Vec::new();
    super::python::walk(n, &mut |x| {
        if matches!(x.kind(), "for_statement" | "select_statement")
            && let Some(v) = x.child_by_field_name("variable")
        {
            found.push((x, sh.text(v).to_string()));
        }
    });
    found
}

/// Variables and functions a node reads or calls.
fn referenced(sh: &Shell, n: Node) -> Vec<String> {
    let mut out = Vec::new();
    let identifier = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    fn walk(sh: &Shell, n: Node, out: &mut Vec<String>, identifier: &dyn Fn(&str) -> bool) {
        match n.kind() {
            "simple_expansion" | "expansion" => {
                for c in named_children(n) {
                    if c.kind() == "variable_name" {
                        out.push(sh.text(c).to_string());
                    }
                }
            }
            "command_name" => out.push(sh.text(n).to_string()),
            // Arithmetic reads bare names: `(( n == 0 ))`, `$((n + 1))`.
            "variable_name"
                if !n.parent().is_some_and(|p| {
                    matches!(
                        p.kind(),
                        "simple_expansion" | "expansion" | "variable_assignment" | "for_statement"
                    )
                }) =>
            {
                out.push(sh.text(n).to_string());
            }
            // `[[ n -eq 0 ]]` reads its operands as arithmetic too.
            "binary_expression"
                if n.child_by_field_name("operator").is_some_and(|o| {
                    matches!(sh.text(o), "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge")
                }) =>
            {
                for side in ["left", "right"] {
                    if let Some(w) = n.child_by_field_name(side)
                        && w.kind() == "word"
                        && identifier(sh.text(w))
                    {
                        out.push(sh.text(w).to_string());
                    }
                }
            }
            // `let "n > 0"`: every name in its words.
            "command" if sh.command_name(n).as_deref() == Some("let") => {
                let text = sh.text(n);
                for w in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                    if identifier(w) && w != "let" {
                        out.push(w.to_string());
                    }
                }
            }
            _ => {}
        }
        for c in named_children(n) {
            walk(sh, c, out, identifier);
        }
    }
    walk(sh, n, &mut out, &identifier);
    out.dedup();
    out
}

fn walk_commands<'t>(n: Node<'t>, f: &mut impl FnMut(Node<'t>)) {
    if n.kind() == "command" {
        f(n);
    }
    for c in named_children(n) {
        walk_commands(c, f);
    }
}

/// A shell word without its backslash escapes.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Inside double quotes only `\$`, `` \` ``, `\"`, `\\` and a newline are escapes.
fn unescape_dq(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && matches!(chars.peek(), Some('$' | '`' | '"' | '\\' | '\n')) {
            let n = chars.next().unwrap_or('\\');
            if n != '\n' {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The value of `--name=V`, `-xV` or `-x V` (then the next argument, moving `i` past it).
fn option_value(
    flag: &str,
    long: &str,
    short: &str,
    args: &[Option<Text>],
    i: &mut usize,
) -> Option<String> {
    match flag
        .strip_prefix(long)
        .or_else(|| flag.strip_prefix(short))
        .filter(|v| !v.is_empty())
    {
        Some(v) => Some(v.to_string()),
        None => {
            *i += 1;
            args.get(*i).cloned().flatten()?.as_literal()
        }
    }
}

/// Whether shell text has `*`, `?` or `[` outside quotes.
fn has_unquoted_glob(raw: &str) -> bool {
    let mut quote = None;
    let mut escaped = false;
    for c in raw.chars() {
        match (quote, c) {
            _ if escaped => escaped = false,
            (None, '\\') => escaped = true,
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '*' | '?' | '[') => return true,
            _ => {}
        }
    }
    false
}

/// `*TEXT*` or `*"TEXT"*` (TEXT without globs or expansions): the text it looks for.
fn glob_contains(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('*')?.strip_suffix('*')?;
    let inner = match inner.strip_prefix('"').and_then(|i| i.strip_suffix('"')) {
        Some(q) => q.to_string(),
        None => match inner.strip_prefix('\'').and_then(|i| i.strip_suffix('\'')) {
            Some(q) => q.to_string(),
            None => inner.to_string(),
        },
    };
    if inner.is_empty() || inner.contains(['*', '?', '[', '$', '`', '\\', '"', '\'']) {
        return None;
    }
    Some(inner)
}

/// An HTTP probe made to read the first answer, as a script that reads curl's first status
/// line does (`-L` or not): not following redirects. False for another check.
pub(super) fn first_answer_only(d: &mut Draft) -> bool {
    match &mut d.check {
        Check::Http {
            follow_redirects,
            max_redirects,
            ..
        } => {
            *follow_redirects = false;
            *max_redirects = None;
            true
        }
        _ => false,
    }
}

/// Builtins and the programs health checks run, which no file of settings defines.
const COMMON_TOOLS: &[&str] = &[
    ".",
    ":",
    "[",
    "[[",
    "awk",
    "basename",
    "break",
    "cat",
    "cd",
    "command",
    "continue",
    "curl",
    "cut",
    "date",
    "declare",
    "df",
    "dig",
    "dirname",
    "du",
    "echo",
    "egrep",
    "eval",
    "exec",
    "exit",
    "export",
    "expr",
    "false",
    "fgrep",
    "find",
    "free",
    "getent",
    "grep",
    "head",
    "host",
    "hostname",
    "id",
    "jq",
    "local",
    "logger",
    "ls",
    "mongo",
    "mongosh",
    "mysql",
    "mysqladmin",
    "nc",
    "ncat",
    "netcat",
    "netstat",
    "nslookup",
    "openssl",
    "pg_isready",
    "pgrep",
    "pidof",
    "ping",
    "printf",
    "ps",
    "psql",
    "read",
    "readonly",
    "redis-cli",
    "return",
    "sed",
    "seq",
    "set",
    "shift",
    "sleep",
    "sort",
    "source",
    "ss",
    "stat",
    "systemctl",
    "tail",
    "tee",
    "test",
    "timeout",
    "tr",
    "trap",
    "true",
    "uniq",
    "unset",
    "uptime",
    "wc",
    "wget",
    "xargs",
];

/// `200`, `2*`, `2??`, `20[04]`-free patterns as a status expectation.
fn status_pattern(p: &str) -> Option<Yaml> {
    let p = p.trim_matches('"');
    if let Ok(code) = p.parse::<i64>() {
        return Some(Yaml::Int(code));
    }
    let class = p.strip_suffix('*').or_else(|| p.strip_suffix("??"))?;
    if class.len() == 1 && class.chars().all(|c| ('1'..='5').contains(&c)) {
        return Some(Yaml::str(format!("{class}xx")));
    }
    None
}

impl Shell<'_> {
    /// The probe for a command or pipeline, if probekit can express it.
    fn draft(&mut self, n: Node) -> Option<Draft> {
        match n.kind() {
            "command" => self.command(n),
            // `a |& b` gives b a's standard error too, which no probe built from the
            // stages reads: kept.
            "pipeline" if pipes_stderr(n) => None,
            "pipeline" => self.pipeline(n),
            "redirected_statement" => match self.quiet_body(n) {
                Some(body) => self.draft(body),
                None => self.dev_tcp(n),
            },
            "negated_command" => None,
            "subshell" | "compound_statement" => {
                let inner: Vec<Node> = statements(n);
                match inner.as_slice() {
                    [one] => self.draft(*one),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn command(&mut self, cmd: Node) -> Option<Draft> {
        let name = self.command_name(cmd)?;
        match name.as_str() {
            "curl" => self.curl(cmd, false),
            "wget" => self.wget(cmd),
            "nc" | "ncat" | "netcat" => self.nc(cmd),
            "timeout" => self.timeout(cmd),
            "pg_isready" | "mysqladmin" | "systemctl" | "redis-cli" | "mongosh" | "mongo" => {
                self.tool(cmd, &name)
            }
            "python3" | "python" => self.inline_python(cmd, &name),
            "kill" => self.kill_zero(cmd, &self.arg_values(cmd)),
            // `sudo kill -0 $(cat F)`: root may signal any process; the probe counts the
            // process whoever runs it.
            "sudo" => {
                let args = self.arg_values(cmd);
                let words: Vec<Option<String>> = args
                    .iter()
                    .map(|a| a.as_ref().and_then(Text::as_literal))
                    .collect();
                let skip = words
                    .iter()
                    .take_while(|w| matches!(w.as_deref(), Some("-n" | "-E" | "--non-interactive")))
                    .count();
                match words.get(skip).and_then(|w| w.as_deref()) {
                    Some("kill" | "/bin/kill" | "/usr/bin/kill") => {
                        self.kill_zero(cmd, &args[skip + 1..])
                    }
                    _ => None,
                }
            }
            "bash" | "sh" => {
                // `bash -c '</dev/tcp/host/port'`
                let args = self.args(cmd);
                let [c, s] = args.as_slice() else {
                    return None;
                };
                if c.as_literal().as_deref() != Some("-c") {
                    return None;
                }
                // `sh -c "nc -z $1 $2"`: the connection, as `nc -z` makes it.
                if let Some((address, timeout)) = nc_script(s) {
                    return Some(self.tcp_draft(cmd, address, timeout));
                }
                Some(self.tcp_draft(cmd, dev_tcp_script(&name, s)?, None))
            }
            _ => None,
        }
    }

    /// `python3 -c "import urllib.request; urllib.request.urlopen('http://…/health', timeout=5)"`
    /// (a container's healthcheck): the program text read as a Python script is, where it
    /// comes to one declarative probe, which passes exactly where the program exits 0. Not
    /// with arguments after the text (its `sys.argv`), nor a flag before `-c`.
    fn inline_python(&mut self, cmd: Node, program: &str) -> Option<Draft> {
        let words: Vec<String> = self
            .arg_values(cmd)
            .into_iter()
            .map(|a| a.and_then(|t| t.as_literal()))
            .collect::<Option<_>>()?;
        let [flag, code] = words.as_slice() else {
            return None;
        };
        if flag != "-c" {
            return None;
        }
        // `-c` code has no `__file__` (a NameError) and its `sys.argv[0]` is `-c`; and where the
        // script sets what Python reads of its environment (`PYTHONOPTIMIZE` strips asserts, a
        // proxy reroutes urllib), the program is not the one read here.
        if code.contains("__file__") || code.contains("argv") {
            return None;
        }
        // The script without the program's own text (the second argument, as written).
        let mut c = cmd.walk();
        let written = cmd.children_by_field_name("argument", &mut c).nth(1)?;
        let outside = format!(
            "{}{}",
            &self.src[..written.start_byte()],
            &self.src[written.end_byte()..]
        );
        // (A name the script sets by a computed word — `export "${v}SE=…"`, `eval`,
        // `read "$n"` — is none it names.)
        static COMPUTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(
                r"\beval\b|\b(export|declare|typeset|readonly|local|read|let)\b[^\n;|&]*\$|printf\s+-v",
            )
            .expect("a valid regex")
        });
        if outside.contains("PYTHON")
            || outside.to_ascii_lowercase().contains("proxy")
            || COMPUTED.is_match(&outside)
        {
            return None;
        }
        let found = super::python::analyze(code).ok()?;
        let [d] = found.drafts.as_slice() else {
            return None;
        };
        let plain = d.is_declarative()
            && !(d.gate || d.bypass || d.warning)
            && d.depends_on.is_empty()
            && d.for_each.is_none()
            && found.positional == 0
            && found.required_positional == 0
            && found.options.is_empty()
            && !found.ignores_args
            && !found.nagios_plugin;
        if !plain {
            return None;
        }
        // The program reads the environment; a name the script uses in any way (assigns,
        // loops over, unsets, exports) may be the script's own, which the probe's `${NAME}`
        // would not tell apart.
        let named = |v: &str| {
            outside
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|w| w == v)
        };
        if d.reads_var_where(&|v, _| named(v)) {
            return None;
        }
        let mut d = d.clone();
        super::draft::literal_expectations(&mut d);
        let line = self.line(cmd);
        d.line = line;
        d.name = self.unique_name(&d.name);
        let mut notes: Vec<String> = found.warnings.iter().map(|w| w.message.clone()).collect();
        if program == "python" {
            notes.push("`python` is read as Python 3; where it is Python 2, the program fails where the probe may pass".into());
        }
        for message in notes {
            self.findings.warnings.push(Warning {
                line,
                message: format!("in the `{program} -c` program: {message}"),
            });
        }
        self.findings.secrets.extend(found.secrets);
        Some(d)
    }

    /// `kill -0 $(cat /run/app.pid)` (`"$(cat …)"`, `` `cat …` ``, or a variable holding it):
    /// whether the process the file names runs, a `process` probe of the pidfile. `kill -0`
    /// also fails on another user's process (without root) and passes on a zombie, which the
    /// probe counts the other way: the report says so.
    fn kill_zero(&mut self, cmd: Node, args: &[Option<Text>]) -> Option<Draft> {
        let [Some(flag), Some(pid)] = args else {
            return None;
        };
        if flag.as_literal().as_deref() != Some("-0") {
            return None;
        }
        let [Piece::File(path)] = pid.0.as_slice() else {
            return None;
        };
        let pidfile = reparse(path);
        let base = format!("process-{}", slug(&pidfile.for_name()));
        let name = self.unique_name(&base);
        let line = self.line(cmd);
        self.findings.warnings.push(Warning {
            line,
            message: "`kill -0` also fails on a process of another user (unless run as root) and passes on a zombie, and on 0 or a negative id (a process group); the probe counts the process either way, not a zombie, and no group".into(),
        });
        Some(Draft::new(name, line, Check::Process { pidfile }))
    }

    /// The statement inside `… > /dev/null`, `2>&1`, `>&2`: redirections of output that do not
    /// change the verdict.
    fn quiet_body<'t>(&self, n: Node<'t>) -> Option<Node<'t>> {
        let body = n.child_by_field_name("body")?;
        // `< /dev/null` takes the place of what the command reads otherwise: a pipe's output
        // (`echo "$b" | grep -q UP < /dev/null` reads nothing) or a here-string; harmless only
        // for a command that reads neither.
        let reads_input = body.kind() != "command"
            || named_children(body)
                .iter()
                .any(|c| matches!(c.kind(), "herestring_redirect" | "heredoc_redirect"));
        let mut c = n.walk();
        let harmless = n.children_by_field_name("redirect", &mut c).all(|r| {
            // A word after the destination is an argument of the command (`cmd 2>&1 /dev/null`
            // runs `cmd /dev/null`), which this body would lose.
            let mut d = r.walk();
            let text = self.text(r).replace(' ', "");
            let input = text
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .starts_with('<');
            r.children_by_field_name("destination", &mut d).count() <= 1
                && !(input && reads_input)
                && (text.ends_with("/dev/null") || text.ends_with(">&1") || text.ends_with(">&2"))
        });
        harmless.then_some(body)
    }

    /// The commands of a pipeline, each without the redirections that leave what flows
    /// through it as it is: `2>/dev/null` anywhere, and the last command's output thrown away
    /// (`curl … 2>/dev/null | grep -q UP >/dev/null 2>&1`). `None` where another element is
    /// not a plain command.
    pub(super) fn pipeline_commands<'t>(&self, p: Node<'t>) -> Option<Vec<Node<'t>>> {
        let parts = named_children(p);
        let last = parts.len().checked_sub(1)?;
        parts
            .into_iter()
            .enumerate()
            .map(|(i, c)| match c.kind() {
                "command" => Some(c),
                "redirected_statement" => {
                    let body = self.quiet_body(c)?;
                    let mut w = c.walk();
                    let keeps_stdout = c.children_by_field_name("redirect", &mut w).all(|r| {
                        let t = self.text(r).replace(' ', "");
                        t == "2>/dev/null"
                    });
                    (body.kind() == "command" && (i == last || keeps_stdout)).then_some(body)
                }
                _ => None,
            })
            .collect()
    }

    /// `n` without redirections that do not change the verdict.
    fn strip_quiet<'t>(&self, n: Node<'t>) -> Node<'t> {
        let mut n = n;
        while n.kind() == "redirected_statement" {
            match self.quiet_body(n) {
                Some(body) => n = body,
                None => break,
            }
        }
        n
    }

    fn tcp_draft(&mut self, at: Node, address: Text, timeout: Option<String>) -> Draft {
        let host = address.for_name();
        let name = self.unique_name(&format!("tcp-{}", slug(&host)));
        Draft::new(
            name,
            self.line(at),
            Check::Tcp {
                address,
                timeout,
                send: None,
            },
        )
    }

    /// `exec 3<>/dev/tcp/host/port`, `: </dev/tcp/host/port`, `echo > /dev/tcp/…`. Not `! :
    /// </dev/tcp/…`, which the grammar reads as `(! :) </dev/tcp/…`: see [`Self::negated_dev_tcp`].
    pub(super) fn dev_tcp(&mut self, n: Node) -> Option<Draft> {
        if n.child_by_field_name("body")
            .is_some_and(|b| b.kind() == "negated_command")
        {
            return None;
        }
        self.dev_tcp_redirect(n)
    }

    /// `! : </dev/tcp/host/port` (`while ! : </dev/tcp/db/5432`): the connection, which the
    /// statement negates (the redirection is the command's, the `!` the whole statement's).
    pub(super) fn negated_dev_tcp(&mut self, n: Node) -> Option<Draft> {
        let body = n.child_by_field_name("body")?;
        if n.kind() != "redirected_statement" || body.kind() != "negated_command" {
            return None;
        }
        let inner = named_children(body).into_iter().next()?;
        if inner.kind() != "command" || !matches!(self.command_name(inner)?.as_str(), ":" | "true")
        {
            return None;
        }
        self.dev_tcp_redirect(n)
    }

    /// Whether `n` redirects to `/dev/tcp/…`.
    pub(super) fn dev_tcp_redirect_target(&self, n: Node) -> bool {
        named_children(n).into_iter().any(|c| {
            c.kind() == "file_redirect"
                && c.child_by_field_name("destination")
                    .is_some_and(|d| self.text(d).trim_matches('"').starts_with("/dev/tcp/"))
        })
    }

    /// The line of the first `[ a == b ]` (or `test a == b`) of the script, whose `==` dash's
    /// `test` does not know, of the first `[[ … ]]`, a command dash does not have, or of the
    /// first `function NAME` definition, which dash cannot parse; which, and what dash does
    /// there.
    fn dash_differs(&self, root: Node) -> Option<(usize, &'static str, &'static str)> {
        const TEST_FAILS: &str = "the test fails";
        const ARITHMETIC: &str = "an arithmetic error: the script stops there with 2";
        // `set -o` options dash takes (pipefail, which dash refuses too, is read apart).
        const DASH_SET_OPTIONS: [&str; 18] = [
            "allexport",
            "errexit",
            "noglob",
            "ignoreeof",
            "interactive",
            "monitor",
            "noexec",
            "stdin",
            "xtrace",
            "verbose",
            "vi",
            "emacs",
            "noclobber",
            "nounset",
            "notify",
            "privileged",
            "nolog",
            "debug",
        ];
        let mut stack = vec![root];
        let mut found: Option<(usize, &'static str, &'static str)> = None;
        let mut earlier = |at: (usize, &'static str, &'static str)| {
            if found.is_none_or(|(line, ..)| at.0 < line) {
                found = Some(at);
            }
        };
        while let Some(n) = stack.pop() {
            // dash reads `function` as a command and then fails on the body's `}` (or the
            // `(`) with a syntax error: exit 2, wherever the definition is read.
            if n.kind() == "function_definition" && self.text(n).starts_with("function") {
                earlier((
                    n.start_position().row + 1,
                    "a `function NAME` definition",
                    "a syntax error: the script stops there with 2",
                ));
            }
            if n.kind() == "test_command" && self.text(n).starts_with("[[") {
                earlier((n.start_position().row + 1, "a `[[ … ]]` test", TEST_FAILS));
            }
            let line = n.start_position().row + 1;
            // `cmd &>/dev/null`: dash runs `cmd &` in the background and then the redirection
            // alone, which succeeds; `>&file` is bash's spelling of the same.
            if n.kind() == "file_redirect" {
                let text = self.text(n);
                let to_file = text
                    .strip_prefix(">&")
                    .map(str::trim_start)
                    .is_some_and(|d| {
                        !d.is_empty() && !d.starts_with(|c: char| c.is_ascii_digit() || c == '-')
                    });
                if text.starts_with("&>") || to_file {
                    earlier((
                        line,
                        "`&>` (or `>&FILE`)",
                        "it runs the command in the background and goes on",
                    ));
                }
            }
            if n.kind() == "expansion" && bash_only_expansion(self.text(n)) {
                earlier((
                    line,
                    "bash's `${name/…}`, `${name:offset}`, `${name^^}` or `${!name}`",
                    "a bad substitution: the script stops there with 2",
                ));
            }
            // `$((2**3))`, `$((16#ff))`: arithmetic dash does not have (exit 2).
            if n.kind() == "arithmetic_expansion" {
                let text = self.text(n);
                if text.contains("**") || text.contains('#') {
                    earlier((line, "`**` or `BASE#N` in `$((…))`", ARITHMETIC));
                }
            }
            if n.kind() == "command" || n.kind() == "declaration_command" {
                let words: Vec<&str> = self.text(n).split_whitespace().collect();
                let in_function = {
                    let mut up = n.parent();
                    let mut inside = false;
                    while let Some(p) = up {
                        inside |= p.kind() == "function_definition";
                        up = p.parent();
                    }
                    inside
                };
                let refused = match words.as_slice() {
                    ["declare" | "typeset", ..] => Some("`declare` (or `typeset`)"),
                    ["local", ..] if !in_function => Some("`local` outside a function"),
                    ["type", flag, ..]
                        if flag.starts_with('-') && flag.contains(['P', 'p', 'a', 't', 'f']) =>
                    {
                        Some("an option of `type`")
                    }
                    ["export", flag, ..] if flag.starts_with('-') && *flag != "-p" => {
                        Some("an option of `export`")
                    }
                    ["readonly", flag, ..] if flag.starts_with('-') && *flag != "-p" => {
                        Some("an option of `readonly`")
                    }
                    ["set", flag, option, ..]
                        if matches!(*flag, "-o" | "+o")
                            && !DASH_SET_OPTIONS.contains(option)
                            && *option != "pipefail" =>
                    {
                        Some("a `set -o` option")
                    }
                    // bash's own letters: `set -eT`, `set +H`, `set -k`.
                    ["set", flag, ..]
                        if flag.starts_with(['-', '+'])
                            && !matches!(*flag, "-o" | "+o" | "--" | "-")
                            && flag[1..].contains(['h', 'H', 'k', 'T', 'B', 'P']) =>
                    {
                        Some("a `set` option")
                    }
                    ["local", flag, ..] if flag.starts_with('-') => Some("an option of `local`"),
                    ["shopt", ..] => Some("`shopt`"),
                    ["trap", .., signal] if matches!(*signal, "ERR" | "DEBUG" | "RETURN") => {
                        Some("a `trap` on ERR, DEBUG or RETURN")
                    }
                    _ => None,
                };
                if let Some(what) = refused {
                    earlier((line, what, "it stops the script, or the command fails"));
                }
            }
            // (`[[` returned above: a `test_command` here is `[ … ]`.)
            let test_program = n.kind() == "command"
                && matches!(self.command_name(n).as_deref(), Some("test" | "["));
            if n.kind() == "test_command" || test_program {
                let mut equals = false;
                let mut inner = vec![n];
                while let Some(x) = inner.pop() {
                    // (Quoted, `"=="` is an operand.)
                    if matches!(x.kind(), "string" | "raw_string") {
                        continue;
                    }
                    equals |= x.kind() == "==" || (x.kind() == "word" && self.text(x) == "==");
                    let mut c = x.walk();
                    inner.extend(x.children(&mut c));
                }
                if equals {
                    earlier((
                        n.start_position().row + 1,
                        "`==` in a `[ … ]` test",
                        TEST_FAILS,
                    ));
                }
            }
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
        found
    }

    /// `. FILE` / `source FILE` of a file of settings (`/etc/default/app`, `$ENV_FILE`, a
    /// `.env` or `.conf`, `/etc/profile`; not a `.sh` library, whose functions the script may
    /// call): whether a test that the file is there guards it (`[ -r F ] && . F`, `if [ -f F
    /// ]; then . F; fi`). `None` for another command.
    pub(super) fn settings_source(&self, n: Node) -> Option<bool> {
        if !matches!(self.command_name(n).as_deref(), Some("source" | ".")) {
            return None;
        }
        let args = self.args(n);
        let [file] = args.as_slice() else {
            return None;
        };
        let text = self.text(n).split_whitespace().nth(1).unwrap_or_default();
        let path = file.render();
        // A path written, or a variable's default (`${ENV_FILE:-/app/.env}`).
        let written = match file.0.as_slice() {
            [Piece::Var(_, Some(default))] => default.clone(),
            _ => path.clone(),
        };
        let base = written.rsplit('/').next().unwrap_or_default();
        let name = text.trim_matches(['"', '{', '}', '$']).to_ascii_uppercase();
        // (A library of functions the script may call is no file of settings, whatever names
        // it: `${CHECKS_CONF:-/usr/lib/app/checks.sh}`.)
        let library = [
            ".sh",
            ".bash",
            ".ksh",
            ".zsh",
            ".lib",
            ".inc",
            ".func",
            ".functions",
        ]
        .iter()
        .any(|x| base.ends_with(x));
        let settings = !library
            && (base.ends_with(".env")
                || base.ends_with(".conf")
                || base.ends_with(".cfg")
                || base.ends_with(".properties")
                || base == "environment"
                || written.starts_with("/etc/default/")
                || written.starts_with("/etc/sysconfig/")
                || (name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && ["ENV", "CONF", "SETTINGS"].iter().any(|w| name.contains(w))));
        if !settings || path.contains("$(") || !path.starts_with(['/', '$']) {
            return None;
        }
        // A program the script runs that is neither its own function nor a common tool may be
        // a function the file defines (`. "$ENV_FILE"; check_app "$URL"`).
        let root = self.tree.root_node();
        let mut unknown = false;
        walk_commands(root, &mut |c| {
            if let Some(name) = self.command_name(c)
                && !self.fn_bodies.contains_key(&name)
                && !COMMON_TOOLS.contains(&name.rsplit('/').next().unwrap_or_default())
            {
                unknown = true;
            }
        });
        if unknown {
            return None;
        }
        // What the script assigned before it and reads after it, the file may set instead
        // (`TARGET="$1"; . "$ENV_FILE"; curl "$TARGET"`), which no variable of the environment
        // gives the suite: not read. (`X="${X:-d}"` is the environment's own.)
        let mut read_after: BTreeSet<String> = BTreeSet::new();
        super::python::walk(root, &mut |a| {
            if a.start_byte() >= n.end_byte() && a.kind() == "variable_name" {
                read_after.insert(self.text(a).to_string());
            }
        });
        let self_default = |name: &str| {
            // `X="${X:-d}"`: the environment's own.
            let mut only = true;
            super::python::walk(root, &mut |a| {
                if a.kind() == "variable_assignment"
                    && a.end_byte() <= n.start_byte()
                    && a.child_by_field_name("name")
                        .is_some_and(|x| self.text(x) == name)
                {
                    only &= a.child_by_field_name("value").is_some_and(|v| {
                        self.text(v)
                            .trim_start_matches('"')
                            .starts_with(&format!("${{{name}:"))
                    });
                }
            });
            only
        };
        if read_after
            .iter()
            .any(|name| self.name_changed_before(name, n.start_byte(), true) && !self_default(name))
        {
            return None;
        }
        // The test before it, of the same word.
        let word = text.replace(['"', '{', '}'], "");
        let tested = |cond: Node| {
            let t = self.text(cond).replace(['"', ' ', '{', '}'], "");
            ["-r", "-f", "-e", "-s"].iter().any(|flag| {
                t == format!("[{flag}{word}]")
                    || t == format!("[[{flag}{word}]]")
                    || t == format!("test{flag}{word}")
            })
        };
        let parent = n.parent()?;
        Some(match parent.kind() {
            "list" => matches!(children(parent).as_slice(), [left, op, right]
                if self.text(*op) == "&&" && right.id() == n.id() && tested(*left)),
            "if_statement" => {
                let mut c = parent.walk();
                let conds: Vec<Node> = parent
                    .children_by_field_name("condition", &mut c)
                    .filter(|c| c.is_named())
                    .collect();
                matches!(conds.as_slice(), [cond] if tested(*cond))
                    && !named_children(parent)
                        .iter()
                        .any(|c| matches!(c.kind(), "elif_clause" | "else_clause"))
                    && named_children(parent)
                        .iter()
                        .filter(|c| {
                            c.kind() != "comment" && !conds.iter().any(|d| d.id() == c.id())
                        })
                        .count()
                        == 1
            }
            _ => false,
        })
    }

    /// What to say about a file of settings the suite leaves to the environment.
    pub(super) fn settings_warning(&self, source: Node) -> String {
        format!(
            "the script reads {} into its variables (`{}`); the suite reads the environment alone: set the file's variables where the suite runs",
            self.text(source)
                .split_whitespace()
                .nth(1)
                .unwrap_or_default(),
            self.command_name(source).unwrap_or_default()
        )
    }

    /// Whether the script sets, declares or unsets `name` anywhere, other than by reading it
    /// (`$NAME`, `${NAME:-…}`) or testing it (`-v NAME`): any other word of that name
    /// (`NAME=…`, `local NAME`, `for NAME in`, `(( NAME = 1 ))`, `${NAME:=…}`) counts.
    pub(super) fn names_changed(&self, name: &str) -> bool {
        self.name_changed_before(name, usize::MAX, false)
    }

    /// [`Self::names_changed`] in the text before `end`; with `env_defaults`, `${NAME:=…}` (the
    /// environment's value, or the default) is no change.
    pub(super) fn name_changed_before(&self, name: &str, end: usize, env_defaults: bool) -> bool {
        let mut changed = false;
        super::python::walk(self.tree.root_node(), &mut |n| {
            if n.end_byte() > end || changed || n.kind() == "comment" {
                return;
            }
            let t = self.text(n);
            changed |= match n.kind() {
                "variable_name" | "word" => {
                    let named = t == name
                        || t.strip_prefix(name)
                            .is_some_and(|r| r.starts_with(['[', '=', '+']));
                    named
                        && !n.parent().is_some_and(|p| {
                            matches!(p.kind(), "simple_expansion" | "expansion")
                                || p.kind() == "test_command"
                                || p.kind() == "unary_expression"
                                    && p.child(0).is_some_and(|o| self.text(o) == "-v")
                        })
                }
                // `export "NAME=1"`, `declare -g 'NAME=1'`: a quoted word of a declaration.
                "string" | "raw_string"
                    if n.parent().is_some_and(|p| {
                        matches!(
                            p.kind(),
                            "declaration_command" | "command" | "unset_command"
                        )
                    }) =>
                {
                    let w = t.trim_matches(['"', '\'']);
                    w == name
                        || w.strip_prefix(name)
                            .is_some_and(|r| r.starts_with(['[', '=', '+']))
                }
                "expansion" => t
                    .strip_prefix("${")
                    .and_then(|t| t.strip_prefix(name))
                    .is_some_and(|rest| {
                        rest.starts_with('=') || (!env_defaults && rest.starts_with(":="))
                    }),
                _ => false,
            };
        });
        changed
    }

    /// Whether the script's `#!` line names a shell without bash's `/dev/tcp` and arrays
    /// (`#!/bin/sh` is dash on Debian, busybox's ash in Alpine), where such a word is a file
    /// name like any other.
    pub(super) fn posix_shell(&self) -> bool {
        matches!(
            super::shebang_program(self.script),
            Some("sh" | "dash" | "ash" | "busybox" | "zsh")
        )
    }

    fn dev_tcp_redirect(&mut self, n: Node) -> Option<Draft> {
        if self.posix_shell() {
            return None;
        }
        let redirect = named_children(n)
            .into_iter()
            .find(|c| c.kind() == "file_redirect")?;
        let dest = redirect.child_by_field_name("destination")?;
        let target = self.word(dest)?;
        // /dev/tcp/HOST/PORT → HOST:PORT, piece by piece (a `${VAR}` stays one, and the
        // halves of a `host:port` join again).
        let mut pieces = target.0;
        match pieces.first_mut() {
            Some(Piece::Lit(s)) if s.starts_with("/dev/tcp/") => {
                *s = s["/dev/tcp/".len()..].to_string();
            }
            _ => return None,
        }
        // The host and the port, at the last `/` of the text written.
        let at = pieces
            .iter()
            .rposition(|p| matches!(p, Piece::Lit(s) if s.contains('/')))?;
        let (mut host, mut port) = (Text::default(), Text::default());
        for (i, p) in pieces.into_iter().enumerate() {
            match (i.cmp(&at), p) {
                (std::cmp::Ordering::Equal, Piece::Lit(s)) => {
                    let (h, r) = s.rsplit_once('/')?;
                    host.push_lit(h);
                    port.push_lit(r);
                }
                (std::cmp::Ordering::Less, p) => host.append(Text(vec![p])),
                (_, p) => port.append(Text(vec![p])),
            }
        }
        host.0
            .retain(|p| !matches!(p, Piece::Lit(s) if s.is_empty()));
        port.0
            .retain(|p| !matches!(p, Piece::Lit(s) if s.is_empty()));
        // bash takes a service name too (`/dev/tcp/h/http`), which the probe does not.
        if port
            .as_literal()
            .is_some_and(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
            || host.0.is_empty()
        {
            return None;
        }
        Some(self.tcp_draft(n, Text::address(host, port), None))
    }

    fn nc(&mut self, cmd: Node) -> Option<Draft> {
        self.nc_with(cmd, None)
    }

    /// `nc [-w N] host port` reading `send` from its input (`echo ruok | nc h 2181`): a TCP
    /// exchange. Without input, only `nc -z` is read (a connection, nothing sent).
    pub(super) fn nc_with(&mut self, cmd: Node, send: Option<String>) -> Option<Draft> {
        let args = self.arg_values(cmd);
        let mut zero = false;
        let mut crlf = false;
        let mut ipv4_only = false;
        let mut timeout = None;
        let mut rest = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let a = args[i].clone()?;
            let lit = a.as_literal();
            match lit.as_deref() {
                Some("-w") | Some("-G") => {
                    let given = args.get(i + 1).cloned().flatten();
                    if given
                        .as_ref()
                        .and_then(Text::as_literal)
                        .is_some_and(|t| !nc_wait(&t))
                    {
                        return None;
                    }
                    timeout = given.and_then(|t| t.as_literal()).map(|t| seconds(&t));
                    i += 2;
                    continue;
                }
                // Quits that long after its input ends: what it reads by then is the reply
                // (`-q 0` may read none of it).
                Some("-q") if send.is_some() => {
                    let wait = args.get(i + 1).cloned().flatten()?.as_literal()?;
                    if wait.parse::<f64>().ok()? <= 0.0 {
                        return None;
                    }
                    i += 2;
                    continue;
                }
                Some(f) if f.starts_with('-') => {
                    // `-w30`, `-zvw3`: getopt's value joined to its letter, the rest of the word.
                    let (letters, joined_wait) = match f[1..].split_once('w') {
                        Some((l, w)) if !w.is_empty() => (l, Some(w)),
                        _ => (&f[1..], None),
                    };
                    if let Some(w) = joined_wait {
                        if !nc_wait(w) {
                            return None;
                        }
                        timeout = Some(seconds(w));
                    }
                    for c in letters.chars() {
                        match c {
                            'z' => zero = true,
                            'C' => crlf = true,
                            'v' | 'n' => {}
                            // IPv4 only: the same where the host is an IPv4 address.
                            '4' => ipv4_only = true,
                            // `-N` half-closes once the input is sent, which a server may wait
                            // for before it answers; the probe does not.
                            'N' if send.is_none() => {}
                            _ => return None,
                        }
                    }
                }
                _ => rest.push(a),
            }
            i += 1;
        }
        if zero == send.is_some() || rest.len() != 2 {
            return None;
        }
        if ipv4_only
            && rest[0]
                .as_literal()
                .is_none_or(|h| h.parse::<std::net::Ipv4Addr>().is_err())
        {
            return None;
        }
        let address = Text::address(rest[0].clone(), rest[1].clone());
        let mut d = self.tcp_draft(cmd, address, timeout);
        if let (Check::Tcp { send: s, .. }, Some(bytes)) = (&mut d.check, send) {
            *s = Some(if crlf {
                bytes.replace('\n', "\r\n")
            } else {
                bytes
            });
        }
        Some(d)
    }

    fn timeout(&mut self, cmd: Node) -> Option<Draft> {
        // `timeout N cmd…`: the inner command's probe with N as its timeout.
        let args = self.args(cmd);
        let mut i = 0;
        loop {
            let word = args.get(i)?.as_literal()?;
            match word.as_str() {
                // Options that take the next word: the signal, and when to kill after it.
                "-s" | "--signal" | "-k" | "--kill-after" => i += 2,
                "--" => {
                    i += 1;
                    break;
                }
                w if w.starts_with('-') => i += 1,
                _ => break,
            }
        }
        let limit = args.get(i)?.as_literal()?;
        // (`timeout inf …` never ends it.)
        if !limit
            .trim_end_matches(['s', 'm', 'h'])
            .parse::<f64>()
            .is_ok_and(|v| v > 0.0 && v.is_finite())
        {
            return None;
        }
        let limit = seconds(&limit);
        let inner = args.get(i + 1..)?.to_vec();
        if inner.is_empty() {
            return None;
        }
        let program = inner[0].as_literal()?;
        let mut d = match program.as_str() {
            "bash" | "sh" => {
                if inner.get(1)?.as_literal()? != "-c" {
                    return None;
                }
                // `timeout 2 sh -c "nc -z -w 1 $HOST 5432"`: nc's own `-w` where it is shorter.
                if let Some((address, wait)) = nc_script(inner.get(2)?) {
                    let shorter = wait.filter(|w| {
                        let secs = |t: &str| t.trim_end_matches('s').parse::<f64>().ok();
                        matches!((secs(w), secs(&limit)), (Some(a), Some(b)) if a < b)
                    });
                    let mut d = self.tcp_draft(cmd, address, None);
                    if let Check::Tcp { timeout, .. } = &mut d.check {
                        *timeout = Some(shorter.unwrap_or(limit));
                    }
                    return Some(d);
                }
                let address = dev_tcp_script(&program, inner.get(2)?)?;
                self.tcp_draft(cmd, address, None)
            }
            "pg_isready" | "mysqladmin" | "systemctl" | "redis-cli" | "mongosh" | "mongo" => {
                self.tool_argv(cmd, &program, inner.clone())?
            }
            _ => return None,
        };
        match &mut d.check {
            Check::Tcp { timeout, .. }
            | Check::Command { timeout, .. }
            | Check::Database { timeout, .. }
            | Check::Http { timeout, .. } => *timeout = Some(limit),
            _ => {}
        }
        Some(d)
    }

    fn tool(&mut self, cmd: Node, name: &str) -> Option<Draft> {
        let argv = self.known_argv(cmd, name)?;
        self.tool_argv(cmd, name, argv)
    }

    /// `name` and the arguments of `cmd`, when every one of them is known.
    pub(super) fn known_argv(&self, cmd: Node, name: &str) -> Option<Vec<Text>> {
        // The program as the script names it (`/usr/local/bin/consul`), which `name` may
        // shorten ([`Shell::command_name`]).
        let written = self.program_as_written(cmd);
        let program = written.filter(|w| w.rsplit('/').next() == Some(name));
        let mut argv = vec![Text::lit(program.unwrap_or_else(|| name.to_string()))];
        for a in self.arg_values(cmd) {
            argv.push(a?);
        }
        Some(argv)
    }

    /// Database checks become database probes where the tool's flags allow; the rest, and
    /// service checks, keep their own client, as an argv command probe.
    fn tool_argv(&mut self, at: Node, name: &str, argv: Vec<Text>) -> Option<Draft> {
        if let Some(d) = self.database_tool(at, name, &argv) {
            return Some(d);
        }
        let words: Vec<String> = argv.iter().map(Text::render).collect();
        let base = match name {
            "systemctl" => {
                if words.get(1).map(String::as_str) != Some("is-active") {
                    return None;
                }
                format!("unit-{}", slug(words.last()?))
            }
            "redis-cli" => {
                // `ping` must be the command, not a key (`incr ping`) or an option's value.
                let mut rest = words.iter().skip(1);
                let mut command = None;
                while let Some(w) = rest.next() {
                    if matches!(
                        w.as_str(),
                        "-h" | "-p" | "-a" | "-n" | "-u" | "-s" | "--user" | "--pass" | "-t"
                    ) {
                        rest.next();
                    } else if !w.starts_with('-') {
                        command = Some(w);
                        break;
                    }
                }
                if !command.is_some_and(|c| c.eq_ignore_ascii_case("ping")) || rest.next().is_some()
                {
                    return None;
                }
                "redis-ping".into()
            }
            "mysqladmin" => {
                if !words.iter().any(|w| w == "ping") {
                    return None;
                }
                "mysql-ping".into()
            }
            "mongosh" | "mongo" => return None,
            _ => "postgres-ready".into(),
        };
        let name_ = self.unique_name(&base);
        let mut d = Draft::new(
            name_,
            self.line(at),
            Check::Command {
                argv,
                timeout: None,
                stdin: None,
                merge_stderr: false,
                words: Vec::new(),
            },
        );
        if name == "redis-cli" {
            // redis-cli exits 0 on an error reply too; the reply must be PONG.
            d.expect.push((
                "stdout".into(),
                Yaml::Flow(vec![("contains".into(), Yaml::str("PONG"))]),
            ));
        }
        Some(d)
    }

    /// The seconds a word gives: as written, or for `"$TIMEOUT"` of `TIMEOUT=${1:-5}` (a
    /// value the caller may give) the default's, with a warning (a probe's timeout is written
    /// in the suite).
    fn seconds_or_default(&mut self, t: &Text, flag: &str, line: usize) -> Option<String> {
        if let Some(l) = t.as_literal() {
            return Some(l);
        }
        let [Piece::Var(var, Some(default))] = t.0.as_slice() else {
            return None;
        };
        let secs: f64 = default.parse().ok()?;
        if !(secs.is_finite() && secs > 0.0) {
            return None;
        }
        let message = format!(
            "curl's `{flag}` is `${{{var}:-{default}}}` when the script runs; the probe's timeout is the default, {default}s, whatever the caller gives (where that is another number, or one curl refuses, the script's verdict may differ): set `timeout:` to match"
        );
        if !self.findings.warnings.iter().any(|w| w.message == message) {
            self.findings.warnings.push(Warning { line, message });
        }
        Some(default.clone())
    }

    /// `curl` with the flags health checks use; `None` for a flag probekit cannot honour.
    fn curl(&mut self, cmd: Node, captured: bool) -> Option<Draft> {
        let args = self.arg_values(cmd);
        self.scan_curl_secrets(&args, self.line(cmd));
        let mut url: Option<Text> = None;
        let mut method = None;
        let mut headers: Vec<(String, Text)> = Vec::new();
        let mut body: Option<Text> = None;
        let mut timeout = None;
        let mut connect_timeout = None;
        let mut fail = false;
        let mut insecure = false;
        let mut ca_file = None;
        let mut follow = false;
        let mut user: Option<Text> = None;
        let mut retries = None;
        let mut retry_delay = None;
        let mut writes_status = false;
        // Headers a body implies (`-d`: a form, `--json`), unless the script sets its own,
        // before or after the body.
        let mut implied: Vec<(&str, &str)> = Vec::new();
        let mut i = 0;
        let value = |i: usize| -> Option<Text> { args.get(i + 1).cloned().flatten() };
        // A body written out; `@body.json` sends the file, which the command keeps.
        let inline_body =
            |d: Text| (!d.as_literal().is_some_and(|d| d.starts_with('@'))).then_some(d);
        while i < args.len() {
            let a = args[i].clone()?;
            let Some(flag) = a.as_literal().filter(|f| f.starts_with('-') && f.len() > 1) else {
                if url.is_some() {
                    return None;
                }
                url = Some(a);
                i += 1;
                continue;
            };
            let (flag, inline) = match flag.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(Text::lit(v))),
                _ => (flag.clone(), None),
            };
            let mut take = || -> Option<Text> {
                if let Some(v) = inline.clone() {
                    Some(v)
                } else {
                    i += 1;
                    args.get(i).cloned().flatten()
                }
            };
            match flag.as_str() {
                "--fail" | "--fail-with-body" => fail = true,
                "--silent" | "--show-error" | "--compressed" | "--ipv4" | "--ipv6"
                | "--no-buffer" => {}
                "--location" => follow = true,
                "--insecure" => insecure = true,
                "--head" => method = Some("HEAD".to_string()),
                "-m" | "--max-time" | "--connect-timeout" => {
                    let t = take()?;
                    let secs = Some(seconds(&self.seconds_or_default(
                        &t,
                        &flag,
                        self.line(cmd),
                    )?));
                    match flag.as_str() {
                        "--connect-timeout" => connect_timeout = secs,
                        _ => timeout = secs,
                    }
                }
                "-H" | "--header" => {
                    let h = take()?;
                    let rendered = h.render();
                    let (k, _) = rendered.split_once(':')?;
                    let mut v = h.clone();
                    // Drop "Name:" and the space after it from the first literal piece.
                    if let Some(Piece::Lit(first)) = v.0.first_mut() {
                        let cut = first.find(':')? + 1;
                        *first = first[cut..].trim_start().to_string();
                    } else {
                        return None;
                    }
                    headers.push((k.trim().to_string(), v));
                }
                "-X" | "--request" => method = Some(take()?.as_literal()?.to_uppercase()),
                "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" => {
                    body = Some(inline_body(take()?)?);
                    implied.push(("Content-Type", "application/x-www-form-urlencoded"));
                }
                "--json" => {
                    body = Some(inline_body(take()?)?);
                    implied.push(("Content-Type", "application/json"));
                    implied.push(("Accept", "application/json"));
                }
                "-A" | "--user-agent" => headers.push(("User-Agent".into(), take()?)),
                "-u" | "--user" => user = Some(take()?),
                // Where the body goes: not the request's (the word may be a name only the
                // script knows, `-o "$(mktemp)"`'s).
                "-o" | "--output" if inline.is_none() => i += 1,
                "--output" => {}
                "-w" | "--write-out" => {
                    let w = take()?.as_literal()?;
                    if !(w.contains("%{http_code}") || w.contains("%{response_code}")) {
                        return None;
                    }
                    writes_status = true;
                }
                "--retry" => retries = take()?.as_literal()?.parse::<u32>().ok(),
                "--retry-delay" => retry_delay = Some(seconds(&take()?.as_literal()?)),
                "--retry-connrefused" | "--retry-all-errors" => {}
                // A relative file is read from the directory the script runs in, which the
                // suite does not know: the command is kept.
                "--cacert" => {
                    let file = take()?.as_literal()?;
                    if !file.starts_with('/') {
                        return None;
                    }
                    ca_file = Some(file);
                }
                "--url" => url = Some(take()?),
                short if short.starts_with('-') && !short.starts_with("--") => {
                    // Bundled short flags: -fsSL, -sk, -m5.
                    let chars: Vec<char> = short[1..].chars().collect();
                    let mut j = 0;
                    while j < chars.len() {
                        match chars[j] {
                            'f' => fail = true,
                            's' | 'S' | '4' | '6' | 'v' => {}
                            'L' => follow = true,
                            'k' => insecure = true,
                            'I' => method = Some("HEAD".to_string()),
                            'o' => {
                                if j + 1 == chars.len() {
                                    i += 1;
                                }
                                break;
                            }
                            'm' | 'H' | 'X' | 'd' | 'u' | 'A' | 'w' => {
                                let rest: String = chars[j + 1..].iter().collect();
                                let v = if rest.is_empty() {
                                    take()?
                                } else {
                                    Text::lit(rest)
                                };
                                match chars[j] {
                                    'm' => timeout = Some(seconds(&v.as_literal()?)),
                                    'X' => method = Some(v.as_literal()?.to_uppercase()),
                                    'u' => user = Some(v),
                                    'A' => headers.push(("User-Agent".into(), v)),
                                    'w' => {
                                        let w = v.as_literal()?;
                                        if !(w.contains("%{http_code}")
                                            || w.contains("%{response_code}"))
                                        {
                                            return None;
                                        }
                                        writes_status = true;
                                    }
                                    'H' => {
                                        let r = v.render();
                                        let (k, val) = r.split_once(':')?;
                                        v.as_literal()?;
                                        headers
                                            .push((k.trim().into(), Text::lit(val.trim_start())));
                                    }
                                    _ => {
                                        body = Some(inline_body(v)?);
                                        implied.push((
                                            "Content-Type",
                                            "application/x-www-form-urlencoded",
                                        ));
                                    }
                                }
                                break;
                            }
                            _ => return None,
                        }
                        j += 1;
                    }
                }
                _ => return None,
            }
            i += 1;
        }
        let _ = value;
        // `-I` with `-d`: curl refuses the two methods (a usage error, nothing sent).
        if body.is_some() && method.as_deref() == Some("HEAD") {
            return None;
        }
        // A body without `-X` is curl's POST.
        if body.is_some() && method.is_none() {
            method = Some("POST".to_string());
        }
        let mut url = url?;
        // curl globs `[…]` and `{…}` in a URL (`-g` turns that off, which is not read): where
        // the script's text has them past the host, curl asks for other URLs or refuses one
        // (`unmatched close brace/bracket`), which the probe would not.
        let written: String = url
            .0
            .iter()
            .map(|p| match p {
                Piece::Lit(l) => l.as_str(),
                Piece::Var(_, Some(d)) => written_default(d),
                _ => "",
            })
            .collect();
        let after_host = written
            .split_once("://")
            .map_or(written.as_str(), |(_, rest)| {
                rest.find('/').map_or("", |k| &rest[k..])
            });
        if written.contains(['{', '}']) || after_host.contains(['[', ']']) {
            return None;
        }
        let line = self.line(cmd);
        let mut basic_auth = None;
        if let Some(user) = user {
            // `-u user:password`: the user, and the password from the environment where the
            // script wrote it. The user is what precedes the first colon written (`"$U:$P"`
            // too); a word without one (`-u "$CREDS"`) is read only when the command runs.
            let colon = user
                .0
                .iter()
                .position(|p| matches!(p, Piece::Lit(l) if l.contains(':')));
            let (name, password) = match colon {
                Some(k) => {
                    let Piece::Lit(lit) = &user.0[k] else {
                        return None;
                    };
                    let (before, after) = lit.split_once(':')?;
                    let mut name = Text(user.0[..k].to_vec());
                    if !before.is_empty() {
                        name.push_lit(before);
                    }
                    let mut password = Text::default();
                    if !after.is_empty() {
                        password.push_lit(after);
                    }
                    password.0.extend(user.0[k + 1..].iter().cloned());
                    (name, password)
                }
                None if user.as_literal().is_some() => (user.clone(), Text::default()),
                None => return None,
            };
            // A password written in the script is the environment's now.
            let password = match password.as_literal() {
                Some(p) if !p.is_empty() => {
                    let var = self
                        .secrets
                        .iter()
                        .find(|s| s.value == p)
                        .map(|s| s.var.clone())?;
                    Text(vec![Piece::Var(var, None)])
                }
                _ => password,
            };
            // As `basic_auth`, not the URL's userinfo: a password given in the environment may
            // hold a `/`, `?` or `#`, which in a URL would change the address. (The script's
            // own `Authorization` header wins, as in curl.)
            if !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            {
                basic_auth = Some((name, password));
            }
        }
        for (name, value) in implied {
            // The script's own header of that name wins, as in curl.
            if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
                headers.push((name.into(), Text::lit(value)));
            }
        }
        // Passwords written into the URL itself.
        url = self.url_secret(one_slash(url), line);
        for (k, v) in &mut headers {
            if !is_secret_header(k) {
                continue;
            }
            let Some(lit) = v.as_literal().filter(|s| !s.is_empty()) else {
                continue;
            };
            *v = credential(&lit, &credential_var(k)).1;
        }
        let prefix = url.literal_prefix();
        if !prefix.contains("://") && url.as_literal().is_some() && !self.item_has_scheme(&url) {
            url = reparse(&format!("http://{}", url.render()));
        }
        let name = self.http_name(&url);
        let mut d = Draft::new(
            name,
            line,
            Check::Http {
                url,
                method,
                headers,
                body,
                timeout,
                connect_timeout,
                insecure,
                ca_file,
                follow_redirects: follow,
                // curl's `--max-redirs` default.
                max_redirects: Some(50),
                basic_auth,
            },
        );
        // What curl's exit status says about the response: with `-w '%{http_code}'` captured,
        // a later test decides; `-f` fails from 400 (with `-L` on the last answer, which may
        // still be a 3xx without a `Location`); otherwise any response passes.
        let status = if captured && writes_status || !fail {
            Yaml::statuses(&ANY_STATUS)
        } else {
            Yaml::statuses(&BELOW_400)
        };
        let status = Some(status);
        if let Some(status) = status {
            d.expect.push(("status".into(), status));
        }
        d.retries = retries;
        d.retry_delay = retry_delay;
        Some(d)
    }

    /// `for u in $URLS; do curl "$u"`: a URL that starts with the loop's item, every item of
    /// which has its own scheme (curl adds `http://` to none of them).
    fn item_has_scheme(&self, url: &Text) -> bool {
        matches!(url.0.first(), Some(Piece::Lit(l)) if l.starts_with(ITEM))
            && !self.loop_items.is_empty()
            && self.loop_items.iter().all(|i| i.contains("://"))
    }

    fn url_secret(&mut self, url: Text, line: usize) -> Text {
        let url = if self.item_has_scheme(&url) {
            url
        } else {
            with_scheme(url)
        };
        let Some(lit) = url.as_literal() else {
            return url;
        };
        let Some((scheme, rest)) = lit.split_once("://") else {
            return url;
        };
        let authority = rest.split('/').next().unwrap_or("");
        let Some((userinfo, host)) = authority.rsplit_once('@') else {
            return url;
        };
        let Some((user, password)) = userinfo.split_once(':') else {
            return url;
        };
        let var = password_var(user);
        self.register_secret_in(
            password,
            &format!("{user}:"),
            "@",
            &var,
            line,
            "the password in a URL",
        );
        let path = &rest[authority.len()..];
        reparse(&format!("{scheme}://{user}:${{{var}}}@{host}{path}"))
    }

    fn http_name(&mut self, url: &Text) -> String {
        let base = http_name(url);
        self.unique_name(&base)
    }

    fn wget(&mut self, cmd: Node) -> Option<Draft> {
        let args = self.arg_values(cmd);
        let mut url = None;
        let mut timeout = None;
        let mut headers = Vec::new();
        let mut retries = None;
        let mut insecure = false;
        // `--spider` asks with HEAD (a server may answer HEAD and GET differently).
        let mut spider = false;
        let mut i = 0;
        while i < args.len() {
            let a = args[i].clone()?;
            let lit = a.as_literal();
            match lit.as_deref() {
                Some("--spider") => spider = true,
                Some("-q" | "--quiet" | "-O-" | "-nv" | "--no-verbose") => {}
                Some("-O") => i += 1,
                Some("--no-check-certificate") => insecure = true,
                Some(f) if f.starts_with("-T") || f.starts_with("--timeout") => {
                    timeout = Some(seconds(&option_value(
                        f,
                        "--timeout=",
                        "-T",
                        &args,
                        &mut i,
                    )?));
                }
                Some(f) if f.starts_with("-t") || f.starts_with("--tries") => {
                    let v = option_value(f, "--tries=", "-t", &args, &mut i)?;
                    retries = v
                        .parse::<u32>()
                        .ok()
                        .map(|n| n.saturating_sub(1))
                        .filter(|n| *n > 0);
                }
                Some(f) if f.starts_with("--header") => {
                    let v = option_value(f, "--header=", "--header", &args, &mut i)?;
                    let (k, val) = v.split_once(':')?;
                    headers.push((k.trim().to_string(), Text::lit(val.trim_start())));
                }
                Some(f) if f.starts_with('-') => {
                    // -qO- and friends
                    if f.chars().skip(1).all(|c| "qO-".contains(c)) {
                    } else {
                        return None;
                    }
                }
                // One URL: with two, wget fetches both.
                _ if url.is_some() => return None,
                _ => url = Some(a),
            }
            i += 1;
        }
        let url = url?;
        let line = self.line(cmd);
        let url = self.url_secret(url, line);
        let name = self.http_name(&url);
        // wget follows redirects and fails on 4xx/5xx.
        let mut d = Draft::new(
            name,
            line,
            Check::Http {
                url,
                method: spider.then(|| "HEAD".to_string()),
                headers,
                body: None,
                timeout,
                connect_timeout: None,
                insecure,
                ca_file: None,
                follow_redirects: true,
                // wget's `--max-redirect` default.
                max_redirects: Some(20),
                basic_auth: None,
            },
        );
        d.retries = retries;
        Some(d)
    }

    /// `curl … | grep -q TEXT`, `curl … | jq -e '.status == "UP"'`,
    /// `curl …/metrics | grep NAME | awk '{ exit !($2 < N) }'`, `redis-cli ping | grep -q PONG`.
    fn pipeline(&mut self, p: Node) -> Option<Draft> {
        let cmds = self.pipeline_commands(p)?;
        if cmds.len() < 2 {
            return None;
        }
        let first = self.command_name(cmds[0])?;
        if first == "curl" && self.curl_output(cmds[0]) == CurlOutput::Headers {
            return self.status_line_grep(p, &cmds);
        }
        // The filters read what curl prints: the body, and nothing else.
        if first == "curl" && self.curl_output(cmds[0]) != CurlOutput::Body {
            return None;
        }
        // `curl URL | grep status | grep -q green`: a line of the body with both words.
        if matches!(first.as_str(), "curl" | "wget")
            && cmds.len() == 3
            && self.command_name(cmds[1]).as_deref() == Some("grep")
            && self.command_name(cmds[2]).as_deref() == Some("grep")
        {
            let words = |c: Node| -> Option<Vec<String>> {
                self.args(c).iter().map(Text::as_literal).collect()
            };
            let (a, first_only) = sema::plain_grep(&words(cmds[1])?)?;
            let (b, _) = sema::plain_grep(&words(cmds[2])?)?;
            let rule = sema::both_words(&a, &b)?;
            let mut d = match first.as_str() {
                "curl" => self.curl(cmds[0], true)?,
                _ => self.wget(cmds[0])?,
            };
            if first_only {
                self.findings.warnings.push(Warning {
                    line: self.line(p),
                    message: "`grep -m 1` reads the first matching line only; the probe accepts any line that holds both words".into(),
                });
            }
            let key = d.check.output_key();
            d.expect.retain(|(k, _)| k != key);
            d.expect.push((key.into(), Yaml::Flow(vec![rule])));
            return Some(d);
        }
        if first == "curl" && cmds.len() == 3 {
            return self.metrics_pipeline(&cmds);
        }
        if cmds.len() != 2 {
            return None;
        }
        let mut d = match first.as_str() {
            "curl" => self.curl(cmds[0], true)?,
            "wget" => self.wget(cmds[0])?,
            "redis-cli" => self.tool(cmds[0], "redis-cli")?,
            _ => return None,
        };
        let filter = self.command_name(cmds[1])?;
        let args: Vec<String> = self
            .args(cmds[1])
            .iter()
            .map(|a| a.as_literal())
            .collect::<Option<_>>()?;
        let key = d.check.output_key();
        match filter.as_str() {
            "grep" => {
                let rule = super::patterns::grep_rule_on_output(&self.grep_words(cmds[1])?)?;
                self.note_late_pattern(cmds[1]);
                d.expect.retain(|(k, _)| k != key);
                d.expect.push((key.into(), Yaml::Flow(vec![rule])));
            }
            "jq" => {
                // `-e` alone or among flags that change only what is printed (`-re`).
                let exit_status = |a: &str| {
                    a == "--exit-status"
                        || (a.starts_with('-')
                            && !a.starts_with("--")
                            && a.contains('e')
                            && a[1..].chars().all(|c| "recMjS".contains(c)))
                };
                let printing =
                    |a: &str| matches!(a, "-r" | "-c" | "-M" | "-j" | "-S" | "--raw-output");
                if !args.iter().any(|a| exit_status(a))
                    || args
                        .iter()
                        .any(|a| a.starts_with('-') && !exit_status(a) && !printing(a))
                {
                    return None;
                }
                let expr = args.iter().find(|a| !a.starts_with('-'))?;
                // `jq -e .openapi`: the value is there and neither `null` nor `false`.
                if let Some(path) = jq_path(expr) {
                    let rule = |test: &str, v: Yaml| {
                        Yaml::Flow(vec![
                            ("path".into(), Yaml::str(path.clone())),
                            (test.into(), v),
                        ])
                    };
                    d.expect.push((
                        key.into(),
                        Yaml::Flow(vec![(
                            "json".into(),
                            Yaml::List(vec![
                                rule("exists", Yaml::Bool(true)),
                                rule("not_equals", Yaml::Null),
                                rule("not_equals", Yaml::Bool(false)),
                            ]),
                        )]),
                    ));
                    self.warn_jq_empty(cmds[1]);
                    return Some(d);
                }
                let (path, value) = jq_equality(expr)?;
                self.warn_jq_empty(cmds[1]);
                d.expect.push((
                    key.into(),
                    Yaml::Flow(vec![("json".into(), Yaml::Flow(vec![(path, value)]))]),
                ));
            }
            _ => return None,
        }
        Some(d)
    }

    /// [`Self::status_line_grep`] of a pipeline, or `None`.
    pub(super) fn status_line_pipeline(&mut self, p: Node) -> Option<Draft> {
        if pipes_stderr(p) {
            return None;
        }
        // (`! curl … | head -1 | grep …`: the parser gives the pipeline's `!` to its first
        // command; the caller reads it.)
        let cmds = self.pipeline_commands(p).or_else(|| {
            let parts = named_children(p);
            let (first, rest) = parts.split_first()?;
            let inner = match first.kind() {
                "negated_command" => *named_children(*first).first()?,
                _ => return None,
            };
            let mut cmds = vec![inner];
            for c in rest {
                (c.kind() == "command").then_some(())?;
                cmds.push(*c);
            }
            Some(cmds)
        })?;
        if cmds.first().and_then(|c| self.command_name(*c)).as_deref() != Some("curl")
            || self.curl_output(cmds[0]) != CurlOutput::Headers
        {
            return None;
        }
        self.status_line_grep(p, &cmds)
    }

    /// `curl -sI URL | head -n 1 | grep -q "HTTP/1.[01] [23].."`: a grep of the first status
    /// line, read as the statuses whose status line it selects — where it selects or leaves
    /// each status's line whatever the HTTP version (1.0 or 1.1, and 2 but for an `http://`
    /// URL) and the reason phrase (the usual one, or none), neither of which a probe reads.
    /// Without an answer curl prints no line, and grep fails, as the probe does. Not under
    /// pipefail, where curl's own status (a closed pipe) counts too.
    fn status_line_grep(&mut self, p: Node, cmds: &[Node]) -> Option<Draft> {
        let [curl, head, grep] = cmds else {
            return None;
        };
        // (Pipefail may come from where the reading does not see it: `shopt -so pipefail`, a
        // function, the `#!` line.)
        if self.pipefail || self.src.contains("pipefail") {
            return None;
        }
        let words = |c: Node| -> Option<Vec<String>> {
            self.args(c).iter().map(Text::as_literal).collect()
        };
        let head_words = words(*head)?;
        let first_line = match (self.command_name(*head)?.as_str(), head_words.as_slice()) {
            ("head", [w]) => w == "-1" || w == "-n1",
            ("head", [n, one]) => n == "-n" && one == "1",
            ("sed", [n, w]) => n == "-n" && w == "1p",
            ("sed", [w]) => w == "1q",
            _ => false,
        };
        if !first_line || self.command_name(*grep)?.as_str() != "grep" {
            return None;
        }
        let g = super::patterns::grep_args(&self.args(*grep))?;
        if g.late || g.count || g.invert {
            return None;
        }
        let re = regex::Regex::new(&g.line).ok()?;
        let mut d = self.curl(*curl, true)?;
        let plain_http = matches!(&d.check, Check::Http { url, .. }
            if url.0.first().is_some_and(|p| matches!(p, Piece::Lit(l) if l.starts_with("http://"))));
        // With `-L` the first status line is the first answer's.
        if !first_answer_only(&mut d) {
            return None;
        }
        let mut selected: Vec<(u16, u16)> = Vec::new();
        for code in 200u16..=599 {
            let reason = http::StatusCode::from_u16(code)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("");
            let mut lines = Vec::new();
            // (An empty reason phrase still has the space before it.)
            for v in ["HTTP/1.0", "HTTP/1.1"] {
                lines.push(format!("{v} {code} {reason}\r"));
                lines.push(format!("{v} {code} \r"));
            }
            if !plain_http {
                lines.push(format!("HTTP/2 {code} \r"));
            }
            let picked = re.is_match(&lines[0]);
            if lines.iter().any(|l| re.is_match(l) != picked) {
                return None;
            }
            if picked {
                match selected.last_mut() {
                    Some((_, hi)) if *hi + 1 == code => *hi = code,
                    _ => selected.push((code, code)),
                }
            }
        }
        if selected.is_empty() {
            return None;
        }
        let status = super::formula::status_yaml(&selected)?;
        d.expect.retain(|(k, _)| k != "status");
        d.expect.insert(0, ("status".into(), status));
        self.findings.warnings.push(Warning {
            line: self.line(p),
            message: "the script greps the first status line curl prints, which an interim answer (`103 Early Hints`) would be, or a proxy's answer to an https URL (`200 Connection established`); the probe reads the final status".into(),
        });
        Some(d)
    }

    /// With no answer (the pipeline's status being jq's alone, without pipefail) or an empty
    /// body, jq reads no input: jq 1.7 exits 4 then, jq 1.6 (Debian 12, Ubuntu 22.04) 0.
    fn warn_jq_empty(&mut self, jq: Node) {
        // (A body of blanks alone is no input to jq either.)
        let empty = if self.pipefail {
            "an empty or blank body"
        } else {
            "no answer, an empty or blank body, or an error status where curl's `-f` leaves no body"
        };
        let warning = Warning {
            line: self.line(jq),
            message: format!(
                "with {empty}, the script's verdict is `jq -e` on no input: it fails with jq 1.7 and later, as the probe does, and passes with jq 1.6 (Debian 12, Ubuntu 22.04)"
            ),
        };
        // A function called twice reads the line twice.
        if !self.findings.warnings.contains(&warning) {
            self.findings.warnings.push(warning);
        }
    }

    /// `curl -s URL/metrics | grep '^name' | awk '{ if ($2 > N) exit 1 }'` → a metrics rule.
    fn metrics_pipeline(&mut self, cmds: &[Node]) -> Option<Draft> {
        // Without pipefail the verdict is awk's alone, which passes on an empty page.
        if !self.pipefail {
            return None;
        }
        if self.command_name(cmds[1])? != "grep" || self.command_name(cmds[2])? != "awk" {
            return None;
        }
        let http = self.curl(cmds[0], true)?;
        let Check::Http { url, timeout, .. } = http.check else {
            return None;
        };
        let grep: Vec<String> = self
            .args(cmds[1])
            .iter()
            .map(|a| a.as_literal())
            .collect::<Option<_>>()?;
        let metric = grep.iter().find(|a| !a.starts_with('-'))?;
        let metric = metric
            .trim_start_matches('^')
            .trim_end_matches(' ')
            .trim_end_matches("\\s")
            .to_string();
        if !metric
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        {
            return None;
        }
        let awk = self.args(cmds[2]).last()?.as_literal()?;
        let rule = awk_threshold(&awk)?;
        self.names.remove(&http.name);
        let name = self.unique_name(&slug(&metric));
        let mut d = Draft::new(
            name,
            http.line,
            Check::Metrics {
                url,
                timeout,
                rules: vec![(metric, rule)],
            },
        );
        d.retries = http.retries;
        Some(d)
    }
}

/// Whether a pipeline joins a stage's standard error to the next one's input (`a |& b`).
pub(super) fn pipes_stderr(p: Node) -> bool {
    p.kind() == "pipeline"
        && children(p)
            .iter()
            .any(|c| !c.is_named() && c.kind() == "|&")
}

/// curl reads `http:/host/path` (one slash) as `http://host/path`; so does the suite, written
/// out (wget refuses it).
fn one_slash(url: Text) -> Text {
    let fix = |head: &str| -> Option<String> {
        let lower = head.to_ascii_lowercase();
        let scheme = ["http", "https"].into_iter().find(|s| {
            lower.starts_with(&format!("{s}:/")) && !lower.starts_with(&format!("{s}://"))
        })?;
        Some(format!("{scheme}://{}", &head[scheme.len() + 2..]))
    };
    let mut pieces = url.0;
    match pieces.first_mut() {
        Some(Piece::Lit(head)) => {
            if let Some(fixed) = fix(head) {
                *head = fixed;
            }
        }
        // `${URL:-http:/host/}`: the default as curl reads it.
        Some(Piece::Var(_, Some(default))) => {
            if let Some(fixed) = fix(default) {
                *default = fixed;
            }
        }
        _ => {}
    }
    Text(pieces)
}

/// A wait netcat and a probe both take: OpenBSD's nc whole seconds only (`-w 0.5`: "timeout
/// invalid"), a probe more than 0 and at most a day.
fn nc_wait(w: &str) -> bool {
    w.parse::<u64>().is_ok_and(|n| (1..=86_400).contains(&n))
}

/// Programs and builtins the readers make probes of, read through, or take as doing nothing
/// (`echo`, `sleep`): a function of the script by one of these names keeps it whole
/// ([`Shell::shadowed_program`]).
const SHADOWABLE: &[&str] = &[
    "curl",
    "wget",
    "nc",
    "ncat",
    "netcat",
    "timeout",
    "pg_isready",
    "mysqladmin",
    "mysql",
    "psql",
    "systemctl",
    "service",
    "supervisorctl",
    "redis-cli",
    "mongosh",
    "mongo",
    "ping",
    "python",
    "python3",
    "sh",
    "bash",
    "dash",
    "sudo",
    "kill",
    "test",
    "[",
    "grep",
    "egrep",
    "fgrep",
    "jq",
    "cat",
    "ps",
    "pgrep",
    "pidof",
    "stat",
    "df",
    "free",
    "dig",
    "nslookup",
    "host",
    "openssl",
    "docker",
    "kubectl",
    "ss",
    "netstat",
    "lsof",
    "find",
    "wc",
    "awk",
    "sed",
    "head",
    "tail",
    "cut",
    "tr",
    "sort",
    "uniq",
    "xargs",
    "date",
    "sleep",
    "echo",
    "printf",
    "exit",
    "return",
    "true",
    "false",
    ":",
    "read",
    "expr",
    "let",
    "ls",
    "rm",
    "touch",
    "mktemp",
    "tee",
    "exec",
    "eval",
    "source",
    ".",
    "command",
    "type",
    "which",
    "hash",
    "set",
    "shift",
    "cd",
    "export",
    "local",
    "unset",
    "trap",
    "logger",
    "wait",
];

/// Whether the script sets `IFS` for more than one command (`IFS=,` alone on its line,
/// `export IFS=…`, `local IFS`): unquoted values are then split at other characters.
/// (`IFS= read -r line` sets it for `read` alone.)
fn changes_ifs(src: &str) -> bool {
    src.lines().any(|line| {
        let l = line.trim_start();
        let l = ["export ", "declare ", "local ", "readonly ", "typeset "]
            .iter()
            .find_map(|p| l.strip_prefix(p))
            .map_or(l, str::trim_start);
        let Some(rest) = l.strip_prefix("IFS") else {
            return false;
        };
        let Some(value) = rest.strip_prefix('=').or_else(|| rest.strip_prefix("+=")) else {
            // `export IFS`, `local IFS`: its value changes elsewhere.
            return rest.is_empty()
                || rest.starts_with([' ', ';']) && l.len() != line.trim_start().len();
        };
        // The word after `=`, quoted or not; a command after it makes it a prefix.
        let after = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].find(q).map_or("", |k| &value[k + 2..]),
            _ => value.find([' ', '\t', ';']).map_or("", |k| &value[k..]),
        };
        let after = after.trim_start();
        after.is_empty() || after.starts_with([';', '#', '&', '|'])
    })
}

/// Whether an arithmetic expansion in `text` reads a value that may be empty or not a number
/// (`$((now - $(stat -c %Y "$F")))`, `$(($a - $b))`, `$((depth))` of `12.5`) or divides (by 0):
/// an error that ends the statement it is in. The clock (`$(date +%s)`) and the time of a
/// process's `/proc` entry always give a number.
pub(super) fn arithmetic_reads_values(text: &str) -> bool {
    static ALWAYS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"\$\(\s*(date( -u)? \+%s|stat -c %Y "?/proc/[0-9a-z/]*"?)\s*\)"#)
            .expect("a valid regex")
    });
    let text = ALWAYS.replace_all(text, "0");
    text.match_indices("$((").any(|(i, _)| {
        // Up to the parenthesis that closes the expansion.
        let mut depth = 2;
        let inner = text[i + 3..]
            .char_indices()
            .find_map(|(k, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                (depth == 0).then_some(k)
            })
            .map_or(&text[i + 3..], |end| &text[i + 3..i + 3 + end]);
        inner.contains(['$', '/', '%'])
            || inner.contains(|c: char| c.is_ascii_alphabetic() || c == '_')
    })
}

/// Whether the text the script wrote in a value holds a blank, where the shell splits it
/// unquoted.
fn written_blank(t: &Text) -> bool {
    t.0.iter()
        .any(|p| matches!(p, Piece::Lit(l) if l.contains(char::is_whitespace)))
}

/// The text a default writes: of `${BASE_URL:-http://x}`, itself the default of `${1:-…}`,
/// the innermost default `http://x` (the expansions around it are no text curl globs).
fn written_default(d: &str) -> &str {
    let mut d = d;
    while let Some(inner) = d.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
        let name = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        let rest = &inner[name..];
        match rest.strip_prefix(":-").or_else(|| rest.strip_prefix('-')) {
            Some(next) if name > 0 => d = next,
            _ => return "",
        }
    }
    d
}

/// curl and wget take `host:port/path` as `http://host:port/path`; so does the suite, written
/// out. A URL that is a variable with no default is left as it is: it may hold its scheme.
fn with_scheme(url: Text) -> Text {
    let head = match url.0.first() {
        Some(Piece::Lit(s)) => s.clone(),
        Some(Piece::Var(_, Some(d))) if !d.is_empty() => d.clone(),
        _ => return url,
    };
    // A default that is another variable may hold its scheme too.
    if head.contains("://") || head.starts_with("${") {
        return url;
    }
    let mut out = Text::lit("http://");
    out.append(url);
    out
}

/// `sh -c "nc -z HOST PORT"` (also `-vz`, `-zv`, `-w N`): the address, and the `-w` seconds
/// (the connection's timeout).
fn nc_script(script: &Text) -> Option<(Text, Option<String>)> {
    let rendered = script.render();
    let words: Vec<&str> = rendered.split_whitespace().collect();
    let (program, rest) = words.split_first()?;
    if !matches!(*program, "nc" | "ncat" | "netcat") {
        return None;
    }
    let mut zero_io = false;
    let mut wait = None;
    let mut operands = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let w = rest[i];
        if w == "-w" {
            wait = Some(rest.get(i + 1)?.parse::<u32>().ok()?);
            i += 2;
            continue;
        }
        if let Some(flags) = w.strip_prefix('-') {
            if flags.is_empty() || !flags.chars().all(|c| "zvn".contains(c)) {
                return None;
            }
            zero_io |= flags.contains('z');
        } else {
            operands.push(w);
        }
        i += 1;
    }
    let [host, port] = operands.as_slice() else {
        return None;
    };
    if !zero_io {
        return None;
    }
    Some((
        reparse(&format!("{host}:{port}")),
        wait.map(|w| format!("{w}s")),
    ))
}

/// `</dev/tcp/HOST/PORT` (a `bash -c` script) as `HOST:PORT`; only bash has /dev/tcp.
fn dev_tcp_script(program: &str, script: &Text) -> Option<Text> {
    // (dash, Debian's sh, has no /dev/tcp.)
    if program != "bash" {
        return None;
    }
    let rendered = script.render();
    let mut line = rendered.trim();
    // `: </dev/tcp/h/p`, `echo > /dev/tcp/h/p`: a command that does nothing else, its input
    // or output the connection (opening it is the check).
    let quieted;
    for quiet in ["echo -n ", "echo ", "true ", ": "] {
        if let Some(rest) = line.strip_prefix(quiet) {
            line = rest.trim_start();
            break;
        }
    }
    // `cat < /dev/null > /dev/tcp/h/p` (either order): cat copies nothing into the connection.
    if let Some(rest) = line.strip_prefix("cat ") {
        let null = ["< /dev/null", "</dev/null"]
            .into_iter()
            .find_map(|n| rest.find(n).map(|i| (i, n.len())));
        let (i, len) = null?;
        quieted = format!("{} {}", &rest[..i], &rest[i + len..]);
        line = quieted.trim();
    }
    let target = line
        .strip_prefix(['<', '>'])?
        .trim()
        .strip_prefix("/dev/tcp/")?;
    let (host, port) = target.rsplit_once('/')?;
    // The port a number or one value (`${PORT}`), nothing after it (`; exit 0`, `|| true`),
    // not a service name; the host one word. A `$` the script wrote in single quotes is the
    // inner shell's to expand, from its environment.
    let value = |w: &str| {
        w.strip_prefix("${")
            .and_then(|v| v.strip_suffix('}'))
            .is_some_and(|v| !v.is_empty() && !v.contains(['$', '{', '}', ' ']))
    };
    let literal_dollar = script
        .0
        .iter()
        .any(|p| matches!(p, Piece::Lit(l) if l.contains('$')));
    if host.is_empty()
        || host.contains(|c: char| c.is_whitespace() || ";&|<>()'\"`/\\".contains(c))
        || !(port.chars().all(|c| c.is_ascii_digit()) && !port.is_empty() || value(port))
        || literal_dollar
    {
        return None;
    }
    // An IPv6 address in brackets, as an address with a port writes it.
    if host.contains(':') && !host.contains("${") && !host.starts_with('[') {
        return Some(reparse(&format!("[{host}]:{port}")));
    }
    Some(reparse(&format!("{host}:{port}")))
}

/// `.a.b` (plain keys): the path `a.b`.
fn jq_path(expr: &str) -> Option<String> {
    let path = expr.trim().strip_prefix('.')?;
    path.split('.')
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| path.to_string())
}

/// `.status == "UP"`, `.checks.db == "ok"`, `.ok == true` → a JSONPath and a value.
fn jq_equality(expr: &str) -> Option<(String, Yaml)> {
    let (path, value) = expr.split_once("==")?;
    let path = path.trim();
    let path = path.strip_prefix('.')?;
    if !path
        .split('.')
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        return None;
    }
    let value = value.trim();
    let v = if let Some(s) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Yaml::str(s)
    } else if value == "true" || value == "false" {
        Yaml::Bool(value == "true")
    } else {
        Yaml::Int(value.parse().ok()?)
    };
    Some((path.to_string(), v))
}

/// awk that fails when `$2 OP N` (or succeeds only when): the value rule that must hold.
fn awk_threshold(program: &str) -> Option<String> {
    let p: String = program.split_whitespace().collect::<Vec<_>>().join(" ");
    // { if ($2 > 4) exit 1 }  /  { exit ($2 > 4) }  /  { exit !($2 < 4) }
    let inner = p.trim().strip_prefix('{')?.strip_suffix('}')?.trim();
    let (cond, fails_when_true) = if let Some(rest) = inner.strip_prefix("if (") {
        let (cond, tail) = rest.split_once(')')?;
        let tail = tail.trim().trim_end_matches(';').trim();
        if tail != "exit 1" {
            return None;
        }
        (cond.trim().to_string(), true)
    } else if let Some(rest) = inner.strip_prefix("exit !(") {
        (
            rest.trim_end_matches(';')
                .trim()
                .strip_suffix(')')?
                .to_string(),
            false,
        )
    } else if let Some(rest) = inner.strip_prefix("exit (") {
        (
            rest.trim_end_matches(';')
                .trim()
                .strip_suffix(')')?
                .to_string(),
            true,
        )
    } else {
        return None;
    };
    let cond = cond.strip_prefix("$2")?.trim();
    let (op, n) = [">=", "<=", "==", "!=", ">", "<"]
        .iter()
        .find_map(|op| cond.strip_prefix(op).map(|n| (*op, n.trim())))?;
    n.parse::<f64>().ok()?;
    let op = if fails_when_true {
        match op {
            ">" => "<=",
            ">=" => "<",
            "<" => ">=",
            "<=" => ">",
            "==" => "!=",
            _ => "==",
        }
    } else {
        op
    };
    Some(format!("{op} {n}"))
}

/// The first line that ends in a CR (before its LF, or at the end of the file): the shell
/// reads the CR as part of the line's last word (`do\r`, a URL ending in `\r`).
fn crlf_line(script: &str) -> Option<usize> {
    script
        .split('\n')
        .position(|l| l.ends_with('\r'))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::as_parsed;

    #[test]
    fn a_line_that_ends_in_a_cr_is_found_and_a_cr_inside_a_line_is_not() {
        assert_eq!(
            super::crlf_line("#!/bin/sh\r\necho a\r\nexit 0\r\n"),
            Some(1)
        );
        assert_eq!(super::crlf_line("#!/bin/sh\necho a\r\nb\r\n"), Some(2));
        // The last line, without a line feed after it.
        assert_eq!(super::crlf_line("#!/bin/sh\ncurl -sf URL\r"), Some(2));
        assert_eq!(super::crlf_line("#!/bin/sh\nprintf 'a\rb'\nexit 0\n"), None);
        assert_eq!(super::crlf_line("echo a\n"), None);
    }

    #[test]
    fn a_last_exec_of_a_check_is_the_check() {
        assert_eq!(
            as_parsed("set -eu\nexec pg_isready -h localhost -p \"$PORT\"\n# done\n"),
            "set -eu\npg_isready -h localhost -p \"$PORT\"\n# done\n"
        );
        for same in [
            // The program the script becomes, not a check.
            "nc -z db 5432\nexec gunicorn app:app\n",
            "exec \"$@\"\n",
            // Not the last statement: what follows never runs.
            "exec curl -f http://x/\necho unreachable\n",
            // A redirection of the script's own descriptors.
            "exec 3>/dev/tcp/db/5432\n",
        ] {
            assert_eq!(as_parsed(same), same);
        }
    }

    #[test]
    fn a_pipeline_the_grammar_reads_into_a_list_is_grouped() {
        assert_eq!(
            as_parsed("ps aux | grep x | grep -v grep || exit 1\n"),
            "{ ps aux | grep x | grep -v grep ;} || exit 1\n"
        );
        assert_eq!(
            as_parsed("if a | b | c && d || e; then :; fi\n"),
            "if { a | b | c ;} && d || e; then :; fi\n"
        );
        for same in [
            "a | b || c\n",
            "a | b | c > /dev/null || d\n",
            "x=$(a | b | c) || d\n",
        ] {
            assert_eq!(as_parsed(same), same);
        }
    }

    #[test]
    fn a_name_the_grammar_splits_off_its_word_is_braced() {
        assert_eq!(
            as_parsed("URL=http://$H:$PORT/x\necho $A/$B.c \"$C\":$1/d\n"),
            "URL=http://$H:${PORT}/x\necho $A/${B}.c \"$C\":${1}/d\n"
        );
        // What the grammar reads right, and what is no expansion, stay as written.
        for same in [
            "curl http://$H:${P}/x $A:$B '$A:$B/c' \\$A:\\$B/c\n",
            "cat <<'EOF'\n$A:$B/c\nEOF\n",
            "echo $ $A: \"$A:$B/c\"\n",
        ] {
            assert_eq!(as_parsed(same), same);
        }
    }
}
