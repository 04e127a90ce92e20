//! What the suite does not do of a script: every command that is neither in a probe nor part
//! of the verdict's logic (tests, exits, sleeps, assignments) is reported with its line and
//! what it does — output, an alert, a change to the system, a hand-over — so that nothing a
//! script did disappears without a line in the report.

use std::collections::HashMap;

use serde::Serialize;
use tree_sitter::Node;

use super::draft::{Check, Draft};

/// A statement of the script the suite does not carry out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unconverted {
    pub line: usize,
    /// The statement, on one line and shortened.
    pub text: String,
    pub what: What,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum What {
    /// Prints or logs: the suite's report says what happened instead.
    Output,
    /// Sends an alert (mail, a webhook): alert from what runs the suite.
    Alert,
    /// Changes the system (restarts, kills, writes files): a remediation, not a check.
    Change,
    /// Hands the process over to another program (`exec "$@"`).
    HandOver,
    /// Runs something whose result the verdict does not read.
    Other,
}

impl What {
    pub fn describe(self) -> &'static str {
        match self {
            What::Output => "output only; the suite's report says what happened",
            What::Alert => "an alert; the suite reports, and what runs it alerts",
            What::Change => "changes the system (a remediation); not a check",
            What::HandOver => "hands over to another program after the checks",
            What::Other => "its result does not decide the verdict",
        }
    }
}

/// Commands of a shell script that no probe runs.
pub fn shell(src: &str, drafts: &[Draft]) -> Vec<Unconverted> {
    // The text the probes were made from (`$A:$B/c` braced where the grammar splits it).
    let parsed = super::shell::as_parsed(src);
    let src = parsed.as_ref();
    // Read as the importer read it where the grammar needs the same-length rewrite.
    let readable = super::shell::same_length_readable(src);
    let grammar = readable.as_deref().unwrap_or(src);
    unconverted(
        src,
        grammar,
        drafts,
        tree_sitter_bash::LANGUAGE.into(),
        |n, kept| {
            match n.kind() {
                // A substitution's command is the value of this one, read with it.
                "command" => shell_command(src, n, kept).map_or(Visit::Skip, Visit::Report),
                // A value: what the probes use of it is theirs; the rest is kept whole.
                "command_substitution" | "process_substitution" => Visit::Skip,
                _ => Visit::Descend,
            }
        },
    )
}

/// What the walk does at a node.
enum Visit {
    Report(Unconverted),
    Skip,
    Descend,
}

/// The script parsed in `language` (as `grammar`, `src` rewritten to the same length where
/// the grammar needs it), each node visited in turn; what is reported, in the script's order.
/// Nothing when the whole script is kept (the suite runs all of it).
fn unconverted(
    src: &str,
    grammar: &str,
    drafts: &[Draft],
    language: tree_sitter::Language,
    visit: impl Fn(Node, &Kept) -> Visit,
) -> Vec<Unconverted> {
    let Some(kept) = Kept::of(src, drafts) else {
        return Vec::new();
    };
    let mut parser = tree_sitter::Parser::new();
    if parser.set_language(&language).is_err() {
        return Vec::new();
    }
    let Some(tree) = parser.parse(grammar, None) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        match visit(n, &kept) {
            Visit::Report(u) => out.push((n.start_byte(), u)),
            Visit::Skip => {}
            Visit::Descend => {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, u)| u).collect()
}

fn shell_command(src: &str, n: Node, kept: &Kept) -> Option<Unconverted> {
    let line = n.start_position().row + 1;
    let text = &src[n.byte_range()];
    let name_node = n.child_by_field_name("name")?;
    let name = src[name_node.byte_range()].trim_matches(['"', '\'']);
    let name = name.rsplit('/').next().unwrap_or(name);
    // `$(sleep 2)` as a command: the sleep it runs.
    let name = match name.strip_prefix("$(").and_then(|s| s.strip_suffix(')')) {
        Some(inner) if inner.split_whitespace().next() == Some("sleep") => "sleep",
        _ => name,
    };
    // The script's own functions: what they run is reported where it is.
    if kept.functions.iter().any(|f| f == name) {
        return None;
    }
    // `echo "$body" | grep -q UP`: the echo feeds the next command.
    let feeds = n.parent().is_some_and(|p| {
        p.kind() == "pipeline" && p.named_child(p.named_child_count().saturating_sub(1)) != Some(n)
    });
    if feeds && matches!(name, "echo" | "printf" | "cat") {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    // `tail -n 50 app.log >&2 || true`: a file shown whose status nothing reads.
    let status_dropped = {
        let mut at = n;
        while let Some(p) = at.parent().filter(|p| p.kind() == "redirected_statement") {
            at = p;
        }
        at.parent().is_some_and(|p| {
            p.kind() == "list"
                && p.child(0).is_some_and(|c| c.id() == at.id())
                && p.child(1).is_some_and(|o| &src[o.byte_range()] == "||")
                && p.child(2)
                    .is_some_and(|r| matches!(src[r.byte_range()].trim(), "true" | ":"))
        })
    };
    // (Not one that follows the file, never ending, nor one reading its input.)
    let follows = super::shell::follows(&words[1..], &['f', 'F']);
    let names_a_file = words
        .iter()
        .skip(1)
        .any(|w| !w.starts_with('-') && !w.contains('>') && *w != "||" && *w != "true");
    if status_dropped
        && !feeds
        && !follows
        && names_a_file
        && matches!(name, "tail" | "head" | "cat")
        && !kept.covers(line, text)
    {
        return Some(Unconverted {
            line,
            text: short(text),
            what: What::Output,
        });
    }
    let what = match name {
        "exit" | "return" | "sleep" | "test" | "[" | "[[" | "true" | "false" | ":" | "set"
        | "shift" | "local" | "export" | "readonly" | "declare" | "typeset" | "unset" | "read"
        | "cd" | "wait" | "trap" | "break" | "continue" | "source" | "." | "getopts" | "let"
        | "shopt" | "hash" | "type" | "command" | "which" | "umask" | "ulimit" => return None,
        // Filters compute a value from their input; the verdict reads it, or nothing does.
        "grep" | "egrep" | "fgrep" | "jq" | "sed" | "awk" | "gawk" | "mawk" | "wc" | "tr"
        | "cut" | "head" | "tail" | "sort" | "uniq" | "xargs" | "cat" | "basename" | "dirname"
        | "date" | "expr" | "bc" | "seq" | "base64" => return None,
        "echo" | "printf" | "logger" | "print" => What::Output,
        "mail" | "mailx" | "sendmail" | "notify-send" | "wall" | "zabbix_sender" | "send_nsca" => {
            What::Alert
        }
        // `exec 2>/dev/null`, `exec >> LOG`: the script's own output moves.
        "exec" if words.len() == 1 => What::Output,
        "exec" => What::HandOver,
        "kill" | "pkill" | "killall" if super::shell::signals_nothing(&words) => What::Other,
        "kill" | "pkill" | "killall" | "reboot" | "shutdown" | "rm" | "touch" | "mkdir" | "mv"
        | "cp" | "tee" | "chmod" | "chown" | "ln" | "truncate" => What::Change,
        _ if super::shell::remediation(
            src[name_node.byte_range()].trim_matches(['"', '\'']),
            &words,
        ) =>
        {
            What::Change
        }
        "curl" | "wget"
            if words.iter().any(|w| {
                matches!(
                    *w,
                    "-X" | "--request" | "-d" | "--data" | "--data-raw" | "-F"
                ) || w.starts_with("--post")
            }) && !kept.covers(line, text) =>
        {
            What::Alert
        }
        _ => What::Other,
    };
    if kept.covers(line, text) {
        return None;
    }
    // Output to the terminal is the script's message; to a file it is a change. (Only the
    // statement's redirections: a `>` inside a quoted message is text.)
    let to_file = n
        .parent()
        .filter(|p| p.kind() == "redirected_statement")
        .is_some_and(|p| {
            let mut c = p.walk();
            p.children_by_field_name("redirect", &mut c)
                .any(|r| redirects_to_file(&src[r.byte_range()]))
        });
    let what = match what {
        What::Output if to_file => What::Change,
        w => w,
    };
    Some(Unconverted {
        line,
        text: short(text),
        what,
    })
}

/// `echo ok > /var/run/status`: a write, unlike `>&2` or `> /dev/null`.
fn redirects_to_file(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find('>') {
        let after = rest[at + 1..].trim_start_matches('>').trim_start();
        if !after.starts_with('&') && !after.starts_with("/dev/") && !after.is_empty() {
            return true;
        }
        rest = &rest[at + 1..];
    }
    false
}

/// Calls of a Python script that no probe makes, at statement level.
pub fn python(src: &str, drafts: &[Draft]) -> Vec<Unconverted> {
    let bound = super::python::import_bindings(src);
    unconverted(
        src,
        src,
        drafts,
        tree_sitter_python::LANGUAGE.into(),
        |n, kept| {
            let reported = (n.kind() == "expression_statement")
                .then(|| n.named_child(0).filter(|c| c.kind() == "call"))
                .flatten()
                .and_then(|call| python_call(src, &bound, call, kept));
            reported.map_or(Visit::Descend, Visit::Report)
        },
    )
}

fn python_call(
    src: &str,
    bound: &HashMap<String, String>,
    call: Node,
    kept: &Kept,
) -> Option<Unconverted> {
    let line = call.start_position().row + 1;
    let text = &src[call.byte_range()];
    let f = &src[call.child_by_field_name("function")?.byte_range()];
    if kept.functions.iter().any(|name| name == f) {
        return None;
    }
    // `leave(1)` after `from sys import exit as leave` is `sys.exit(1)`.
    let qualified = super::python::qualify(bound, f);
    let f = qualified.as_str();
    // `asyncio.run(main())`: what the coroutine does is reported where it does it.
    // `socket.setdefaulttimeout(5)`: the probes' timeout where their calls give none.
    if super::pyasync::RUNNERS.contains(&f) || f == "socket.setdefaulttimeout" {
        return None;
    }
    let last = f.rsplit('.').next().unwrap_or(f);
    // `cur.execute("SELECT 1")`, `cur.fetchone()`: what any login answers, which the
    // database probe's login checks.
    let args = call
        .child_by_field_name("arguments")
        .map(|a| src[a.byte_range()].trim_matches(['(', ')']))
        .unwrap_or_default();
    let trivial = match last {
        "execute" => super::python::trivial_query(args.trim_matches(['"', '\''])),
        "fetchone" | "fetchall" => args.is_empty(),
        _ => false,
    };
    if trivial {
        return None;
    }
    let what = if f == "print"
        || f.starts_with("logging.")
        || f.starts_with("logger.")
        || f.starts_with("log.")
        || f.starts_with("sys.stdout.")
        || f.starts_with("sys.stderr.")
        || f.starts_with("pprint")
    {
        What::Output
    } else if f.starts_with("sys.exit")
        || matches!(f, "exit" | "quit" | "os._exit")
        || f.starts_with("time.sleep")
        || f == "sleep"
        // `super().__init__(message)` in an exception class of the script's own.
        || f.starts_with("super()")
        || f.starts_with("argparse.")
        || f.starts_with("parser.")
        || matches!(
            last,
            "add_argument"
                | "add_option"
                | "parse_args"
                | "close"
                | "raise_for_status"
                | "disable_warnings"
                | "basicConfig"
                | "setLevel"
                | "addHandler"
                | "setFormatter"
                | "insert"
                | "append"
                | "settimeout"
                | "add_header"
                | "request"
                | "filterwarnings"
        )
    {
        return None;
    } else if matches!(
        last,
        "post" | "put" | "sendmail" | "send_message" | "notify"
    ) || f.starts_with("smtplib.")
    {
        What::Alert
    } else if f.starts_with("os.remove")
        || f.starts_with("os.unlink")
        || f.starts_with("os.kill")
        || f.starts_with("shutil.")
        || matches!(last, "write" | "write_text" | "touch" | "unlink" | "mkdir")
    {
        What::Change
    } else if f.starts_with("os.exec") {
        What::HandOver
    } else {
        What::Other
    };
    if kept.covers(line, text) {
        return None;
    }
    Some(Unconverted {
        line,
        text: short(text),
        what,
    })
}

/// What the probes carry: the lines probes were made from, and the text of kept fragments;
/// and the script's own functions, whose bodies are read where they are called.
struct Kept<'d> {
    lines: Vec<usize>,
    fragments: Vec<&'d str>,
    functions: Vec<String>,
}

impl<'d> Kept<'d> {
    /// `None` when the whole script is kept: everything it does, the suite does.
    fn of(src: &str, drafts: &'d [Draft]) -> Option<Kept<'d>> {
        let mut functions = function_names(src);
        functions.extend(instance_methods(src, &functions));
        let mut kept = Kept {
            lines: Vec::new(),
            fragments: Vec::new(),
            functions,
        };
        let mut all: Vec<&Draft> = drafts.iter().collect();
        while let Some(d) = all.pop() {
            kept.lines.push(d.line);
            kept.lines.extend(&d.also);
            match &d.check {
                Check::WholeScript { .. } => return None,
                Check::Shell { text, .. } => kept.fragments.push(text),
                Check::AnyOf(alternatives) => all.extend(alternatives),
                _ => {}
            }
        }
        Some(kept)
    }

    fn covers(&self, line: usize, text: &str) -> bool {
        self.lines.contains(&line) || self.fragments.iter().any(|f| f.contains(text))
    }
}

/// `name() {`, `function name {`, `def name(`: the names a script defines.
fn function_names(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in src.lines() {
        let t = line.trim_start();
        let t = t
            .strip_prefix("function ")
            .or_else(|| t.strip_prefix("def "))
            .or_else(|| t.strip_prefix("async def "))
            .unwrap_or(t);
        let name: String = t
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
            .collect();
        let rest = t[name.len()..].trim_start();
        let defines = rest.starts_with("()")
            || line.trim_start().starts_with("function ")
            || (line.trim_start().contains("def ") && rest.starts_with('('));
        if !name.is_empty() && defines {
            out.push(name);
        }
    }
    out
}

/// `plugin.finish` where `plugin = Plugin()` makes an instance of a class the script defines
/// and `finish` is one of the names it defines: a method, read where it is called.
fn instance_methods(src: &str, defined: &[String]) -> Vec<String> {
    let classes: Vec<&str> = src
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("class "))
        .map(|t| {
            let end = t
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(t.len());
            &t[..end]
        })
        .filter(|c| !c.is_empty())
        .collect();
    let mut out = Vec::new();
    for line in src.lines() {
        let Some((name, value)) = line.trim().split_once('=') else {
            continue;
        };
        let name = name.trim();
        let made = value.trim_start();
        let ident =
            |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if ident(name)
            && classes
                .iter()
                .any(|c| made.strip_prefix(c).is_some_and(|r| r.starts_with('(')))
        {
            out.extend(defined.iter().map(|m| format!("{name}.{m}")));
        }
    }
    out
}

/// One line, at most 60 characters.
fn short(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= 60 {
        one
    } else {
        let cut: String = one.chars().take(57).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_shell_script_does_beside_its_checks_is_named() {
        let src = "#!/bin/bash\nif ! curl -fsS http://h/health; then\n  echo down | mail -s alert ops@example.com\n  systemctl restart app\n  exit 1\nfi\necho ok > /run/app.ok\nlogger healthy\nexec \"$@\"\n";
        let probe = Draft::new(
            "health",
            2,
            Check::Tcp {
                address: super::super::draft::Text::lit("h:80"),
                timeout: None,
                send: None,
            },
        );
        let found: Vec<(usize, What)> = shell(src, &[probe])
            .into_iter()
            .map(|u| (u.line, u.what))
            .collect();
        assert_eq!(
            found,
            [
                (3, What::Alert),
                (4, What::Change),
                (7, What::Change),
                (8, What::Output),
                (9, What::HandOver)
            ]
        );
        let whole = Draft::new(
            "script",
            1,
            Check::WholeScript {
                text: src.to_string(),
            },
        );
        assert!(shell(src, &[whole]).is_empty());
    }

    /// A probe of the script's, on `line`, for the tests that only need one to exist.
    fn tcp_probe(line: usize) -> Draft {
        Draft::new(
            "h",
            line,
            Check::Tcp {
                address: super::super::draft::Text::lit("h:80"),
                timeout: None,
                send: None,
            },
        )
    }

    #[test]
    fn what_a_python_script_does_beside_its_checks_is_named() {
        let src = "import requests, sys\nr = requests.get('http://h/')\nif r.status_code != 200:\n    requests.post(HOOK, json={'text': 'down'})\n    print('down')\n    sys.exit(2)\n";
        let probe = tcp_probe(2);
        let found: Vec<(usize, What)> = python(src, &[probe])
            .into_iter()
            .map(|u| (u.line, u.what))
            .collect();
        assert_eq!(found, [(4, What::Alert), (5, What::Output)]);
    }

    #[test]
    fn methods_of_the_scripts_own_instances_are_read_where_called() {
        let src = "class Plugin:\n    def finish(self, code):\n        sys.exit(code)\n\nplugin = Plugin()\nlib = make()\nplugin.finish(0)\nlib.finish(0)\n";
        let probe = tcp_probe(1);
        let lines: Vec<usize> = python(src, &[probe]).into_iter().map(|u| u.line).collect();
        // `plugin.finish` is the script's method; `lib.finish` is another object's.
        assert_eq!(lines, [8]);
    }
}
