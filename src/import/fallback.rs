//! The whole-script fallback, made lossless: the script's exact text (secrets moved to
//! `${VAR}`), run by the interpreter its shebang names (`/usr/bin/python` is not `python3`,
//! `#!/bin/sh` is not bash, `#!/bin/bash -e` keeps `-e`), with `$0` / `sys.argv[0]` set to the
//! script's name (or the file itself run, where the script reads its own path), and a timeout read from the script's own budget: its timeouts times its
//! attempts, plus its sleeps. A loop with no bound gets [`UNBOUNDED`] and a warning.

use std::path::Path;

use super::Interpreter;
use super::draft::{Text, Warning};
use super::naming::seconds;

/// The timeout of a script that may loop forever (a wait-for script without a deadline).
pub const UNBOUNDED: u64 = 300;
/// The least timeout a fallback gets: a script with no timeout of its own may still take a while.
const LEAST: u64 = 30;
/// Seconds a network call without a timeout of its own is counted for.
const CALL: f64 = 10.0;

/// The argv that runs `text` (the script, perhaps with secrets moved out) as `path` ran, its
/// timeout, and warnings: a timeout that is a stated default rather than the script's own, a
/// script run from its file because it reads its own path ([`reads_own_path`]).
pub fn command(
    interpreter: &Interpreter,
    path: &Path,
    text: &str,
) -> (Vec<Text>, String, Vec<Warning>) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "script".into());
    let mut argv: Vec<Text> = shebang(text)
        .unwrap_or_else(|| vec![interpreter.program().to_string()])
        .into_iter()
        .map(Text::lit)
        .collect();
    // A script that runs itself again (`timeout 15 $0 --child`) or reads files beside it
    // (`. "$(dirname "$0")/utils.sh"`) needs its own path, not a name: the file is run.
    if let Some(line) = reads_own_path(interpreter, text) {
        return from_file(argv, path, text, line, "the script reads its own path here");
    }
    match interpreter {
        Interpreter::Python => {
            // `python -c CODE SOURCE NAME`: the source goes as one argument, byte for byte, and
            // the script sees `sys.argv == [NAME]`, as when it is run as a file.
            argv.push(Text::lit("-c"));
            argv.push(Text::lit(python_boot(text, false)));
            // A UTF-8 byte order mark, which python3 skips at the start of a file and refuses
            // in program text.
            argv.push(Text::lit(text.strip_prefix('\u{feff}').unwrap_or(text)));
            argv.push(Text::lit(name));
        }
        // Node and Ruby run from their file: a script tests `require.main === module` or
        // `__FILE__ == $0`, requires files beside it (`require('./config')`,
        // `require_relative`), awaits at its top level or starts with `#!`, which program
        // text handed over on the command line does not carry.
        Interpreter::Other { program }
            if matches!(program.as_str(), "node" | "nodejs" | "ruby") =>
        {
            return from_file(
                argv,
                path,
                text,
                1,
                &format!("a {program} script runs from its file"),
            );
        }
        _ => match interpreter.inline_flag() {
            Some((_, flag)) => {
                argv.push(Text::lit(flag));
                argv.push(Text::lit(text));
                if flag == "-c" {
                    argv.push(Text::lit(name)); // `$0`
                }
            }
            None => {
                let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
                argv.push(Text::lit(absolute.display().to_string()));
            }
        },
    }
    let (timeout, warning) = timed(text, "script", None);
    (argv, timeout, warning.into_iter().collect())
}

/// [`command`] for a script run from its file, by its absolute path, with the warning (on
/// `line`, saying `why`) that the file must stay there.
fn from_file(
    mut argv: Vec<Text>,
    path: &Path,
    text: &str,
    line: usize,
    why: &str,
) -> (Vec<Text>, String, Vec<Warning>) {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    argv.push(Text::lit(absolute.display().to_string()));
    let (timeout, unbounded) = timed(text, "script", None);
    let own = Warning {
        line,
        message: format!(
            "{why}: the suite runs the file {} itself, which must stay there (a copy elsewhere is not the script)",
            absolute.display()
        ),
    };
    (argv, timeout, unbounded.into_iter().chain([own]).collect())
}

/// The timeout of kept text (`what`: the script, or a fragment at `line`), read from its own
/// budget, and a warning when that is a stated default rather than the text's own.
pub fn timed(text: &str, what: &str, line: Option<usize>) -> (String, Option<Warning>) {
    let budget = budget(text);
    let warning = budget.unbounded.then(|| Warning {
        line: line.unwrap_or(budget.unbounded_line),
        message: format!(
            "this loop has no bound: the kept {what} gets a timeout of {UNBOUNDED}s; set `timeout:` to the time the {what} may take"
        ),
    });
    (seconds(&budget.seconds.to_string()), warning)
}

/// The suite argument that carries the script's own arguments to what is kept of it.
pub const ARGS: &str = "args";

/// Whether the script speaks the Nagios plugin protocol: exit 0 OK, 1 WARNING, 2 CRITICAL,
/// 3 UNKNOWN, with a status line naming the state (`utils.sh`'s `$STATE_CRITICAL`, Python's
/// `nagiosplugin`, or plain `exit 2`/`sys.exit(3)` beside the state words).
pub fn nagios_plugin(text: &str) -> bool {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    if code.contains("import nagiosplugin") || code.contains("from nagiosplugin") {
        return true;
    }
    let states = ["OK", "WARNING", "CRITICAL", "UNKNOWN"]
        .iter()
        .filter(|w| code.contains(*w))
        .count();
    let code_for = |state: &str, n: u8| {
        regex::Regex::new(&format!(
            r"\bexit\s*\(?\s*{n}\b|STATE_{state}\b|\b{state}\W{{1,8}}{n}\b|\bexit\s+\$STATE"
        ))
        .is_ok_and(|re| re.is_match(&code))
    };
    states >= 3 && code_for("CRITICAL", 2) && code_for("UNKNOWN", 3)
}

/// The line of a kept script that greps the process list (`ps aux | grep NAME`), whose answer
/// changes once the script runs under probekit: probekit's own command line, which carries the
/// script's arguments, is in the list too.
pub fn greps_processes(text: &str) -> Option<usize> {
    let ps = regex::Regex::new(r"(^|[;&|(`$\s])ps(\s[^|]*)?\|\s*(e|f)?grep\b").ok()?;
    text.lines()
        .position(|l| !l.trim_start().starts_with('#') && ps.is_match(l))
        .map(|i| i + 1)
}

/// Whether kept text may look at the command lines of running processes (`ps aux | grep X`,
/// `ps -eo args | sort | grep`, `pgrep --full X`, Python's `subprocess.run(["ps", …])` or
/// psutil's `cmdline()`): run as `sh -c TEXT` or `python3 -c … TEXT`, the text is itself such
/// a command line, and finds itself. Any mention of `ps`, `pgrep` or `pkill` as a word, psutil
/// or `/proc/` counts: [`FROM_INPUT`] runs it from its input instead, which differs only for
/// a script that tests what its input is.
pub fn searches_command_lines(text: &str) -> bool {
    static MENTION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(^|[^\w.-])(ps|pgrep|pkill)([^\w.-]|$)|psutil|/proc/|cmdline"#)
            .expect("a valid pattern")
    });
    MENTION.is_match(text)
}

/// The first line outside a comment that names a program reading command lines (`pgrep -f`,
/// `ps -eo args`) or a process's `cmdline`: a file of `/proc/` alone (`/proc/uptime`) is none.
pub fn names_command_lines(text: &str) -> Option<usize> {
    static NAMES: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(^|[^\w.-])(ps|pgrep|pkill)([^\w.-]|$)|psutil|cmdline"#)
            .expect("a valid pattern")
    });
    text.lines()
        .position(|l| !l.trim_start().starts_with('#') && NAMES.is_match(l))
        .map(|i| i + 1)
}

/// Kept text longer than this goes to its interpreter on its input: one argument of a command
/// line holds at most 128 KiB (Linux's `MAX_ARG_STRLEN`).
const LONGEST_ARGUMENT: usize = 100_000;

/// Whether kept text reaches its interpreter on its input rather than as an argument: it
/// would find itself on a command line ([`searches_command_lines`]), or not fit in one.
pub fn goes_on_input(text: &str) -> bool {
    searches_command_lines(text) || text.len() > LONGEST_ARGUMENT
}

/// The shell program that reads kept text from its input and runs it, for text that must not
/// be on a command line ([`searches_command_lines`]): as `sh -c TEXT` would, with the same
/// `$0` and arguments, an input that ends where the text does, and the same status.
pub const FROM_INPUT: &str = "eval \"$(cat)\"";

/// Whether the script reads the arguments it was called with (`$1`, `"$@"`, `shift`,
/// `getopts`; `sys.argv`, argparse, optparse, getopt).
pub fn reads_arguments(interpreter: &Interpreter, text: &str) -> bool {
    let code = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    match interpreter {
        Interpreter::Python => ["sys.argv", "argparse", "optparse", "getopt"]
            .iter()
            .any(|w| code.contains(w)),
        _ => {
            // Single-quoted text is not the shell's: `awk '{print $2}'` reads no argument.
            let code = outside_single_quotes(&code, false).replace('"', "");
            let b = code.as_bytes();
            b.windows(2).enumerate().any(|(i, w)| {
                w[0] == b'$'
                    && (w[1].is_ascii_digit() && w[1] != b'0' || matches!(w[1], b'@' | b'*' | b'#'))
                    || (w == b"${"
                        && b.get(i + 2)
                            .is_some_and(|c| c.is_ascii_digit() && *c != b'0'))
            }) || code
                .split_whitespace()
                .any(|w| w == "shift" || w == "getopts")
        }
    }
}

/// The word that ends a here-document this line starts (`cat <<USAGE >&2`, `<<-'EOF'`); not
/// a here-string (`<<< word`).
fn heredoc_start(line: &str) -> Option<String> {
    static HEREDOC: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"<<-?\s*\\?['"]?([A-Za-z_][A-Za-z0-9_.-]*)['"]?"#)
            .expect("a valid regex")
    });
    // (Not in a comment, nor inside quotes: `echo "usage: $0 <<host>>"`.)
    if line.trim_start().starts_with('#') {
        return None;
    }
    HEREDOC
        .captures_iter(line)
        .find(|c| {
            let at = c.get(0).map_or(0, |m| m.start());
            let before = &line[..at];
            // `$((1 << bits))`: a shift.
            let shift = before.contains("((") && line[at..].contains("))");
            !(before.ends_with('<')
                || line[at + 2..].starts_with('<')
                || before.contains(" #")
                || shift)
                && before.matches('"').count().is_multiple_of(2)
                && before.matches('\'').count().is_multiple_of(2)
        })
        .map(|c| c[1].to_string())
}

/// Shell text with the lines of each here-document's text left empty (its first and last
/// lines kept), so that lines stay lines.
fn heredoc_bodies_blanked(text: &str) -> String {
    let mut end: Option<String> = None;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        match &end {
            Some(e) if body.trim() == e => {
                end = None;
                out.push_str(line);
            }
            Some(_) => out.push_str(&line[body.len()..]),
            None => {
                end = heredoc_start(body);
                out.push_str(line);
            }
        }
    }
    out
}

/// Shell text without what is single-quoted (the quotes too), which the shell does not read:
/// left out, or with `blank` replaced by spaces, its newlines kept (so lines stay lines).
fn outside_single_quotes(text: &str, blank: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut single, mut double, mut prev) = (false, false, ' ');
    for c in text.chars() {
        let quote = match c {
            '\'' if !double && prev != '\\' => {
                single = !single;
                true
            }
            '"' if !single && prev != '\\' => {
                double = !double;
                false
            }
            _ => false,
        };
        if quote || single {
            if blank {
                out.push(if c == '\n' { c } else { ' ' });
            }
        } else {
            out.push(c);
        }
        prev = c;
    }
    out
}

/// The first line that reads the script's own path, other than for its name in a message:
/// `$0` or `$BASH_SOURCE` run or handed on (`exec "$0"`, `timeout 5 $0 --child`), under
/// `dirname`; Python's `__file__` or `sys.argv[0]` made a directory or a path, or run again.
pub fn reads_own_path(interpreter: &Interpreter, text: &str) -> Option<usize> {
    static SHELL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"\$\{?0\}?\b|\$\{?BASH_SOURCE"#).expect("a valid regex")
    });
    // `$(basename "$0")`, `${0##*/}`: the name alone, which the fallback gives.
    static NAME_ONLY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"basename\s+(--\s+)?"?\$\{?0\}?"?|\$\{0##\*/\}"#)
            .expect("a valid regex")
    });
    static PYTHON: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(dirname|abspath|realpath|\.parent|\.resolve\(|execv|execl|subprocess|os\.system|open)\W[^#]*(__file__|sys\.argv\[0\])|(__file__|sys\.argv\[0\])[^#]*\)\s*\.(parent|resolve)",
        )
        .expect("a valid regex")
    });
    static MESSAGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(echo|printf|logger)\s[^;|&]*").expect("a valid regex")
    });
    // Single-quoted text is not the shell's (`awk '{print $0}'`, over lines too): blanked,
    // its newlines kept. A here-document's text is no code, and its quotes (`Don't`) open
    // nothing.
    let shell_text: String = match interpreter {
        Interpreter::Python => text.to_string(),
        _ => outside_single_quotes(&heredoc_bodies_blanked(text), true),
    };
    // The text of a here-document is a message (`cat <<EOF … usage: $0 …`): its lines are
    // empty in `shell_text`, so no `$0` in them counts.
    shell_text.lines().enumerate().find_map(|(i, line)| {
        let code = line.trim_start();
        if code.starts_with('#') {
            return None;
        }
        let hit = match interpreter {
            Interpreter::Python => PYTHON.is_match(code),
            _ => {
                let first = code.split_whitespace().next().unwrap_or_default();
                let message = matches!(first, "echo" | "printf" | "cat" | "logger")
                    || code.starts_with(">&2")
                    || code.starts_with("1>&2");
                // A message inside the line (`usage() { echo "usage: $0 HOST"; exit 2; }`).
                let code = MESSAGE.replace_all(code, "");
                !message && SHELL.is_match(&NAME_ONLY.replace_all(&code, ""))
            }
        };
        hit.then_some(i + 1)
    })
}

/// Runs the source in `sys.argv[1]` as `__main__`, with `sys.argv` what a run of the file gives.
const PYTHON_BOOT: &str = "import sys; __probekit_source = sys.argv.pop(1); sys.argv.pop(0); __file__ = sys.argv[0]; exec(compile(__probekit_source, sys.argv[0], 'exec'))";

/// [`PYTHON_BOOT`] for a source that must not be on a command line: read from the input (as
/// UTF-8, the text probekit wrote), which the script then finds at its end, as a probe's
/// empty input would be.
const PYTHON_BOOT_FROM_INPUT: &str = "import sys; __probekit_source = getattr(sys.stdin, 'buffer', sys.stdin).read(); __probekit_source = __probekit_source if isinstance(__probekit_source, str) else __probekit_source.decode('utf-8'); sys.argv.pop(0); __file__ = sys.argv[0]; exec(compile(__probekit_source, sys.argv[0], 'exec'))";

/// The program that runs a kept Python source (on the command line, or from the input): as a
/// file runs, `__file__` its name. Not where the script reads a `.env` file with python-dotenv
/// and does not name `__file__` itself: `load_dotenv()` searches from the file of the code
/// that calls it, which must exist (it is not there: the suite holds the text), unless
/// `__main__` has no `__file__`, where it searches from the working directory.
pub fn python_boot(text: &str, from_input: bool) -> &'static str {
    let without_file = text.contains("dotenv") && !text.contains("__file__");
    match (from_input, without_file) {
        (false, false) => PYTHON_BOOT,
        (true, false) => PYTHON_BOOT_FROM_INPUT,
        (false, true) => PYTHON_BOOT_NO_FILE,
        (true, true) => PYTHON_BOOT_FROM_INPUT_NO_FILE,
    }
}

/// Whether a word of a kept command is a [`python_boot`] program.
pub fn is_python_boot(word: &str) -> bool {
    [
        PYTHON_BOOT,
        PYTHON_BOOT_FROM_INPUT,
        PYTHON_BOOT_NO_FILE,
        PYTHON_BOOT_FROM_INPUT_NO_FILE,
    ]
    .contains(&word)
}

const PYTHON_BOOT_NO_FILE: &str = "import sys; __probekit_source = sys.argv.pop(1); sys.argv.pop(0); exec(compile(__probekit_source, sys.argv[0], 'exec'))";
const PYTHON_BOOT_FROM_INPUT_NO_FILE: &str = "import sys; __probekit_source = getattr(sys.stdin, 'buffer', sys.stdin).read(); __probekit_source = __probekit_source if isinstance(__probekit_source, str) else __probekit_source.decode('utf-8'); sys.argv.pop(0); exec(compile(__probekit_source, sys.argv[0], 'exec'))";

/// The program and options of `#!…`: `#!/usr/bin/env -S python3 -u` → `python3 -u`.
fn shebang(text: &str) -> Option<Vec<String>> {
    let line = text.lines().next()?.strip_prefix("#!")?;
    let mut words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    if words.first()?.rsplit('/').next() == Some("env") {
        words.remove(0);
        if words.first().is_some_and(|w| w.starts_with('-')) {
            words.remove(0);
        }
    } else if words.len() > 2 {
        // Linux gives the interpreter all that follows its path as one argument:
        // `#!/bin/bash -e -u` runs `/bin/bash "-e -u"`, which bash refuses.
        let program = words.remove(0);
        let rest = line
            .trim()
            .strip_prefix(program.as_str())?
            .trim()
            .to_string();
        words = vec![program, rest];
    }
    (!words.is_empty()).then_some(words)
}

/// How long a script may take by its own reckoning.
#[derive(Debug, PartialEq)]
pub struct Budget {
    pub seconds: u64,
    pub unbounded: bool,
    pub unbounded_line: usize,
}

/// Reads a script's budget from its text: `timeout N cmd` caps it; otherwise the attempts of
/// its retry loops (`seq 1 N`, `{1..N}`, `range(N)`, `-lt N`, `--retry N`, `RETRIES=N`) times
/// what one attempt takes (its timeouts — `--max-time`, `-w`, `-T`, `timeout=` — or 10 s for a
/// call without one — plus its sleeps), with room to spare.
pub fn budget(text: &str) -> Budget {
    let code: Vec<&str> = text
        .lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with('#') { "" } else { l }
        })
        .collect();
    let words: Vec<&str> = code.iter().flat_map(|l| l.split_whitespace()).collect();
    // The line of each word, and whether a test there can end a loop: in an `until`/`while`
    // condition, or with an `exit`/`break` on it or just below (`if …; then` / `exit 1`).
    let word_line: Vec<usize> = code
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.split_whitespace().map(move |_| i))
        .collect();
    // The functions whose body exits (`die() { echo "$*" >&2; exit 1; }`), read to the first
    // `}` at the start of a line.
    let mut exiting: Vec<&str> = Vec::new();
    for (i, l) in code.iter().enumerate() {
        let t = l.trim_start();
        let name = match t.strip_prefix("function ") {
            Some(r) => r.split(['(', '{', ' ', '\t']).next(),
            None => t.split_once("()").map(|(n, _)| n.trim()),
        }
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        let body_exits = || {
            let end = code[i + 1..]
                .iter()
                .position(|l| l.starts_with('}'))
                .map_or(code.len(), |k| i + 1 + k);
            code[i..end].iter().any(|l| {
                l.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w == "exit")
            })
        };
        if let Some(name) = name
            && body_exits()
        {
            exiting.push(name);
        }
    }
    let leaves = |l: &str| {
        l.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(|w| w == "exit" || w == "break" || exiting.contains(&w))
    };
    let ends_a_loop = |line: usize| {
        let t = code[line].trim_start();
        if t.starts_with("until ") || t.starts_with("while ") || leaves(code[line]) {
            return true;
        }
        // The branch the test opens, to its end (`fi`, `else`, `elif`, `done`).
        code[line + 1..]
            .iter()
            .take_while(|l| {
                let t = l.trim_start();
                !["fi", "else", "elif", "done", "esac"].iter().any(|k| {
                    t == *k || t.starts_with(&format!("{k} ")) || t.starts_with(&format!("{k};"))
                })
            })
            .take(20)
            .any(|l| leaves(l))
    };
    let number = |w: &str| -> Option<f64> {
        let w = w.trim_matches(|c: char| matches!(c, '"' | '\'' | ',' | ')' | '(' | ';'));
        let w = w.strip_suffix('s').unwrap_or(w);
        w.parse::<f64>().ok().filter(|n| n.is_finite() && *n >= 0.0)
    };
    // `timeout 60 ./check`, `timeout -k 5 1m ./check`: the command itself says how long,
    // read as coreutils reads it.
    let mut cap: Option<f64> = None;
    for (i, w) in words.iter().enumerate() {
        if w.rsplit('/').next() != Some("timeout") {
            continue;
        }
        let argv: Vec<Text> = words[i..]
            .iter()
            .take(8)
            .map(|w| Text::lit(w.trim_matches(|c: char| matches!(c, '"' | '\'' | ';'))))
            .collect();
        if let Some((n, _)) = super::draft::wrapped_timeout(&argv) {
            cap = Some(cap.map_or(n, |c: f64| c.max(n)));
        }
    }
    let mut per_call = 0.0;
    let mut calls = 0usize;
    let mut sleeps = 0.0;
    let mut attempts: f64 = 1.0;
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().and_then(number);
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) => (f, number(v)),
            None => (*w, None),
        };
        match flag {
            "--max-time" | "-m" | "--connect-timeout" | "-w" | "-T" | "--timeout" | "-t"
            | "--wait" => {
                if let Some(n) = inline.or(next) {
                    per_call += n;
                    calls += 1;
                }
            }
            "sleep" => sleeps += next.unwrap_or(1.0),
            "--retry" | "--tries" => {
                if let Some(n) = inline.or(next) {
                    attempts = attempts.max(n + 1.0);
                }
            }
            _ => {}
        }
        // `deadline = time.time() + 120`: a deadline in seconds.
        if (w.ends_with("time()") || w.ends_with("monotonic()"))
            && words.get(i + 1) == Some(&"+")
            && let Some(n) = words.get(i + 2).copied().and_then(number)
        {
            cap = Some(cap.map_or(n, |c: f64| c.max(n)));
        }
        // `time.sleep(2)`, `range(30)`; Python's `timeout=3` is read with the other `NAME=N`.
        for prefix in ["time.sleep(", "range("] {
            if let Some(at) = w.find(prefix)
                && let Some(n) = number(w[at + prefix.len()..].split(')').next().unwrap_or(""))
            {
                if prefix == "range(" {
                    attempts = attempts.max(n);
                } else {
                    sleeps += n;
                }
            }
        }
        // `[ $i -lt 10 ]` counts attempts; `[ $SECONDS -lt 60 ]` is a deadline; a status
        // compared with `-lt 400` is neither.
        if matches!(*w, "-lt" | "-le" | "<" | "<=")
            && let (Some(n), Some(left)) = (next, i.checked_sub(1).map(|k| words[k]))
        {
            let left = left.to_ascii_lowercase();
            if ["seconds", "elapsed", "waited", "deadline", "time"]
                .iter()
                .any(|k| left.contains(k))
            {
                cap = Some(cap.map_or(n, |c: f64| c.max(n)));
            } else if [
                "$i", "{i}", "count", "attempt", "tries", "try", "retr", "$n", "{n}", "loop",
            ]
            .iter()
            .any(|k| left.contains(k))
            {
                attempts = attempts.max(n + 1.0);
            }
        }
        // `until [ $ATTEMPTS -eq 60 ] || …`, `[ $n -ge 30 ] && exit 1`: the round it gives up
        // (not a count only reported: `[ $n -gt 1 ] && echo "still waiting"`).
        if matches!(*w, "-eq" | "-ge" | "-gt" | ">=" | ">")
            && ends_a_loop(word_line[i])
            && let (Some(n), Some(left)) = (next, i.checked_sub(1).map(|k| words[k]))
        {
            let left = left.to_ascii_lowercase();
            if [
                "$i", "{i}", "count", "attempt", "tries", "try", "retr", "$n", "{n}",
            ]
            .iter()
            .any(|k| left.contains(k))
            {
                attempts = attempts.max(n + 1.0);
            }
        }
        if w.ends_with("seq") {
            let a = next;
            let b = words.get(i + 2).copied().and_then(number);
            if let Some(n) = b.or(a) {
                attempts = attempts.max(n);
            }
        }
        if let Some((a, b, step)) = super::shell::brace_bounds(w.trim_end_matches(';')) {
            attempts = attempts.max(super::shell::brace_count(a, b, step) as f64);
        }
        if let Some((name, value)) = w.split_once('=') {
            let upper = name.to_ascii_uppercase();
            if [
                "RETRIES", "RETRY", "TRIES", "ATTEMPTS", "MAX_", "COUNT", "LIMIT",
            ]
            .iter()
            .any(|k| upper.contains(k))
                && let Some(n) = number(value)
            {
                attempts = attempts.max(n);
            }
            if upper.contains("TIMEOUT")
                && let Some(n) = number(value)
            {
                per_call += n;
                calls += 1;
            }
        }
    }
    let network = [
        "curl",
        "wget",
        "nc",
        "urlopen",
        "requests.",
        "httpx.",
        "socket.",
        "psql",
    ]
    .iter()
    .filter(|t| text.contains(**t))
    .count();
    let untimed = network.saturating_sub(calls) as f64;
    let attempt = per_call + untimed * CALL + sleeps;
    let unbounded_line = code.iter().position(|l| {
        let t = l.trim();
        t.starts_with("while true")
            || t.starts_with("while :")
            || t.starts_with("while True")
            || t.starts_with("while 1")
            || (t.starts_with("until ") && !t.contains("-ge") && !t.contains("-gt"))
    });
    let counted = attempts > 1.0;
    let unbounded = unbounded_line.is_some() && !counted && cap.is_none();
    let mut total = match cap {
        Some(c) => c + 5.0,
        None if unbounded => UNBOUNDED as f64,
        None => attempts * attempt * 1.5 + 5.0,
    };
    total = total.clamp(LEAST as f64, 3600.0);
    Budget {
        seconds: total.ceil() as u64,
        unbounded,
        unbounded_line: unbounded_line.map_or(1, |i| i + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nagios_plugins_are_told_by_their_codes_and_states() {
        assert!(nagios_plugin(
            "echo \"CRITICAL - down\"; exit 2\necho \"UNKNOWN - usage\"; exit 3\necho OK\n"
        ));
        assert!(nagios_plugin(
            ". /usr/lib/nagios/plugins/utils.sh\necho OK; exit $STATE_OK\necho WARNING\necho CRITICAL; exit $STATE_CRITICAL\nexit $STATE_UNKNOWN\n"
        ));
        assert!(nagios_plugin(
            "STATES = {'OK': 0, 'WARNING': 1, 'CRITICAL': 2, 'UNKNOWN': 3}\nsys.exit(STATES['CRITICAL'])\n"
        ));
        assert!(nagios_plugin("import nagiosplugin\n"));
        // A healthcheck that says OK and fails with 1 is not one.
        assert!(!nagios_plugin(
            "curl -f URL || { echo CRITICAL; exit 1; }\necho OK\n"
        ));
        // Words in comments do not count.
        assert!(!nagios_plugin(
            "# exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN\ncurl -f URL || exit 1\n"
        ));
    }

    #[test]
    fn process_list_greps_are_found() {
        let script = "#!/bin/sh\n# ps aux | grep x\nret=`ps aux | grep \"$1\" | grep -v grep`\n";
        assert_eq!(greps_processes(script), Some(3));
        assert_eq!(greps_processes("pgrep -f x\ncaps | grep y\n"), None);
        assert_eq!(greps_processes("ps -ef|egrep 'nginx'\n"), Some(1));
        for found in [
            "ps aux | grep jenkins | grep 8090",
            "ps -eo args | sort | grep x",
            "pgrep --full zork",
            "/bin/ps aux\\\n | grep x",
            "subprocess.run([\"ps\", \"-eo\", \"args\"])",
            "if ps -ef|awk '/nginx/' >/dev/null; then",
            "pgrep -f 'java.*kafka'",
            "pkill -9 -f worker",
            "x=$(pgrep -af redis)",
            "out = os.popen(\"ps -ef | grep worker\").read()",
            "if 'celery' in ' '.join(p.cmdline()):",
        ] {
            assert!(searches_command_lines(found), "{found}");
        }
        for not_found in [
            "curl -fsS http://ps.example/health",
            "echo eps ups",
            "caps | grep y",
        ] {
            assert!(!searches_command_lines(not_found), "{not_found}");
        }
    }

    #[test]
    fn budgets_follow_the_script() {
        let b = |t: &str| budget(t).seconds;
        assert_eq!(b("curl -fsS http://x/health\n"), 30);
        // 30 attempts of (a 2 s request + 2 s sleep), with room to spare.
        let wait = "for i in $(seq 1 30); do\n  curl -m 2 -fsS http://x/ && exit 0\n  sleep 2\ndone\nexit 1\n";
        assert_eq!(b(wait), 185);
        // A brace range counted down, `;` against it.
        let down = "for i in {100..0}; do
  curl -fsS http://x/ && exit 0
  sleep 10
done
exit 2
";
        assert!(b(down) >= 101 * 10);
        let py = "import time, urllib.request\nfor _ in range(20):\n    try:\n        urllib.request.urlopen(u, timeout=3)\n        break\n    except OSError:\n        time.sleep(1)\n";
        assert_eq!(b(py), 125);
        assert_eq!(
            b("timeout 90 sh -c 'until nc -z db 5432; do sleep 1; done'\n"),
            95
        );
        // As coreutils reads it: a unit, and the grace after the signal.
        assert_eq!(b("timeout -k 10 2m /usr/bin/check-db\n"), 135);
        assert_eq!(b("timeout --signal=KILL \"90s\" pg_isready\n"), 95);
        assert_eq!(
            b("code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 u)\n[ \"$code\" -lt 400 ]\n"),
            30
        );
        assert_eq!(
            b("while [ $SECONDS -lt 120 ]; do nc -z h 1 && exit 0; sleep 2; done; exit 1\n"),
            125
        );
        let forever =
            budget("#!/bin/sh\nwhile true; do\n  nc -z db 5432 && break\n  sleep 1\ndone\n");
        assert_eq!(
            (forever.seconds, forever.unbounded, forever.unbounded_line),
            (UNBOUNDED, true, 2)
        );
    }

    #[test]
    fn arguments_are_read_where_the_shell_reads_them() {
        let sh = |t: &str| reads_arguments(&Interpreter::Bash, t);
        assert!(sh("curl -f \"$1\"\n"));
        assert!(sh("URL=${1:-http://x}\n"));
        assert!(sh("for a in \"$@\"; do :; done\n"));
        assert!(sh("while getopts h:p: o; do :; done\n"));
        assert!(!sh("df -P / | awk '{print $5}'\n"));
        assert!(!sh("# usage: check.sh $1\necho \"$0: ok\"\n"));
        assert!(reads_arguments(
            &Interpreter::Python,
            "import sys\nurl = sys.argv[1]\n"
        ));
    }

    #[test]
    fn a_script_that_reads_its_own_path_is_run_from_its_file() {
        let sh = |t: &str| reads_own_path(&Interpreter::Bash, t);
        assert_eq!(
            sh("#!/bin/bash\nhp=$1\ntimeout \"${2:-5}\" \"$0\" --child \"${hp%:*}\"\n"),
            Some(3)
        );
        assert_eq!(sh("#!/bin/sh\n. \"$(dirname \"$0\")/utils.sh\"\n"), Some(2));
        assert_eq!(sh("#!/bin/sh\nDIR=${BASH_SOURCE%/*}\n"), Some(2));
        // Its name in a message is what `$0` holds in the fallback too.
        assert_eq!(
            sh("#!/bin/sh\necho \"usage: $0 HOST\"\nP=$(basename $0)\n"),
            None
        );
        assert_eq!(sh("#!/bin/sh\n# run as $0 --child\nn=${0##*/}\n"), None);
        assert_eq!(
            sh("#!/bin/sh\nusage() { echo \"usage: $0 HOST\" >&2; exit 2; }\n"),
            None
        );
        assert_eq!(
            sh("#!/bin/sh\n[ -n \"$1\" ] || { echo \"$0 URL\"; exit 3; }\n"),
            None
        );
        assert_eq!(
            sh("#!/bin/sh\ncat <<'EOF'\nrun: $0 HOST\nEOF\nawk '{\n print $0 }' f\n"),
            None
        );
        // A here-document's quote opens nothing; `<<` in a comment, in quotes or as a shift
        // starts none.
        let run_self = "timeout 3 \"$0\" --child &\n";
        for before in [
            "cat <<USAGE\nit won't wait\nUSAGE\n",
            "# feed hosts on stdin: ./wait.sh <<EOF\n",
            "echo \"usage: <<host>>\"\n",
            "n=$((1 << bits))\n",
            "cat <<-'END-OF-HELP'\n\tdon't\n\tEND-OF-HELP\n",
        ] {
            assert_eq!(
                sh(&format!("#!/bin/bash\n{before}{run_self}")),
                Some(before.lines().count() + 2),
                "{before}"
            );
        }
        let py = |t: &str| reads_own_path(&Interpreter::Python, t);
        assert_eq!(
            py("import os\nconf = os.path.join(os.path.dirname(__file__), 'c.ini')\n"),
            Some(2)
        );
        assert_eq!(py("import sys\nprint('usage:', sys.argv[0])\n"), None);
    }

    /// python-dotenv's `load_dotenv()` searches from the calling file when `__main__` has a
    /// `__file__`, and fails where that file does not exist (the suite holds the text): the
    /// kept source of a script that reads a `.env` runs without one, unless it names its own.
    #[test]
    fn a_kept_dotenv_script_searches_from_the_working_directory() {
        let run = |text: &str, from_input: bool| -> String {
            let mut cmd = std::process::Command::new("python3");
            cmd.arg("-c").arg(python_boot(text, from_input));
            if !from_input {
                cmd.arg(text);
            }
            cmd.arg("check.py").stdin(std::process::Stdio::piped());
            cmd.stdout(std::process::Stdio::piped());
            let mut child = cmd.spawn().expect("python3 runs");
            {
                use std::io::Write;
                let mut input = child.stdin.take().expect("an input");
                if from_input {
                    input
                        .write_all(text.as_bytes())
                        .expect("the source written");
                }
            }
            let out = child.wait_with_output().expect("python3 ends");
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        let dotenv = "# from dotenv import load_dotenv\nimport __main__, sys\nprint(hasattr(__main__, '__' + 'file__'), sys.argv[0])\n";
        let own = "# from dotenv import load_dotenv\nimport sys\nprint(__file__, sys.argv[0])\n";
        let plain = "import __main__\nprint(__main__.__file__)\n";
        for from_input in [false, true] {
            assert_eq!(run(dotenv, from_input), "False check.py");
            assert_eq!(run(own, from_input), "check.py check.py");
            assert_eq!(run(plain, from_input), "check.py");
            assert!(is_python_boot(python_boot(dotenv, from_input)));
        }
    }

    #[test]
    fn the_shebang_is_run_as_written() {
        assert_eq!(
            shebang("#!/usr/bin/python\nprint(1)\n"),
            Some(vec!["/usr/bin/python".into()])
        );
        assert_eq!(
            shebang("#!/usr/bin/env -S python3 -u\n"),
            Some(vec!["python3".into(), "-u".into()])
        );
        assert_eq!(
            shebang("#!/bin/bash -e\n"),
            Some(vec!["/bin/bash".into(), "-e".into()])
        );
        assert_eq!(shebang("echo hi\n"), None);
    }
}
