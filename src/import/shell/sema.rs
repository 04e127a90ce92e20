//! The shell script run in the abstract: the condition under which it exits 0.
//!
//! The statement-by-statement reader in [`super`] gives up on a script as soon as a variable
//! changes while it runs, which real scripts almost always do (`if v="$(cmd)" && [ "$v" = ok ]`,
//! `code=$(curl -w '%{http_code}' …)` in a counted loop, `RETVAL=$?; exit $RETVAL`). This pass
//! evaluates the script symbolically instead, on three kinds of things:
//!
//! - **observations**: a request, a connection or a command, each written as the probe it would
//!   be ([`Obs`]); every run of a statement is an observation of its own, so a loop that repeats
//!   a request makes one per round;
//! - **values**: words known as text (literals, `${VAR}` from the environment, constants folded
//!   through assignments and `$((…))`), or derived from an observation: its output as `$(…)`
//!   captures it, an HTTP status, an exit status ([`Sym`]);
//! - **control**: sequence, `if`/`elif`, `&&`/`||`, `!`, `set -e`, `exit`, `return`, `break`,
//!   `continue`, function calls (inlined with their arguments), loops unrolled over known words
//!   or while their condition folds to a constant, evaluated with continuations so that every
//!   path ends in an exit status.
//!
//! The result is a formula over predicates on observations ([`Cond`]). It is written as probes
//! when, once simplified, it is a conjunction in which each part is about one observation (one
//! probe, its predicates merged into expectations), or a disjunction of the same probe tried
//! again after a sleep (retries). Anything else — alternatives between different checks, a value
//! this pass cannot know, an unbounded loop — returns an error, and the statement-wise reader
//! takes the script instead, so this pass only ever adds conversions that are exact.

use crate::expect::CmpOp;
use tree_sitter::Node;

use super::{Shell, Var, children, exit_code, named_children, statements, walk_commands};
use crate::import::draft::{
    ANY_STATUS, Check, Draft, Piece, Text, Warning, Yaml, positional_name, whole_number,
};
use crate::import::formula::*;
use crate::import::naming::{disk_name, seconds, slug};
use crate::import::patterns::{ere_pattern, glob_regex, grep_args, grep_rule, grep_rule_on_output};

mod body_file;

/// The limit on statements evaluated (loops unrolled, branches followed) before the script is
/// left to the statement-wise reader.
const STEPS: usize = 20_000;
/// The deepest nesting of continuations followed (each statement adds one).
const DEPTH: usize = 3000;
/// The most rounds a loop is unrolled.
const ROUNDS: usize = 64;
/// The most probes written for one line of a script (its check tried in the rounds of a loop,
/// with the tests between them as gates).
const COPIES: usize = 12;
/// The most rounds a loop over a range of numbers is unrolled (`seq 1 240`, `{1..240}`): a
/// wait script's count of attempts, each a round of the same few statements.
const COUNTED_ROUNDS: usize = 300;
/// The most rounds, and seconds, a loop that reads the script's clock is followed for.
const CLOCKED_ROUNDS: usize = 200;
const CLOCKED_SECONDS: f64 = 3600.0;
/// Set (as a variable no script can name) while the positional arguments still hold the
/// options a `getopts` loop read.
const OPTIONS_READ: &str = "-options-read";

/// Why a `#!/bin/sh` script that sets `pipefail` is kept whole: what it does depends on the
/// machine's `sh`.
pub(super) const PIPEFAIL_UNDER_SH: &str =
    "`set -o pipefail` under /bin/sh, which dash refuses (the script stops there) and bash takes";
/// Whether a curl command line fails on an error status: any short option word with an `f` in
/// it (`-sfm3`, `"-fsSo/dev/null"`) is taken for `-f`, and `--fail…` for itself.
fn curl_fails_on_error(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        let w = w.trim_matches(['"', '\'']);
        w.starts_with("--fail") || (w.starts_with('-') && !w.starts_with("--") && w.contains('f'))
    })
}

/// Whether a curl command line saves what it fetched to a file: `-O`, or `-o FILE` (also
/// `-so FILE`, `-oFILE`, `--output FILE`) to anything but /dev/null.
fn curl_writes_a_file(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.iter().enumerate().any(|(i, w)| {
        let next = words.get(i + 1).map(|n| n.trim_matches(['"', '\'']));
        if *w == "-O" || *w == "--remote-name" {
            return true;
        }
        if *w == "--output" || (w.starts_with('-') && !w.starts_with("--") && w.ends_with('o')) {
            return next != Some("/dev/null");
        }
        if let Some(path) = w.strip_prefix("--output=").or_else(|| w.strip_prefix("-o")) {
            return !path.is_empty() && path.trim_matches(['"', '\'']) != "/dev/null";
        }
        false
    })
}

/// Whether a `$((…))` (or `$[…]`, `((…))`) in the text assigns: `=`, `+=`, `<<=`, `++`, `--`
/// (not a comparison: `==`, `!=`, `<=`, `>=`).
pub(super) fn arith_assigns(text: &str) -> bool {
    let mut rest = text;
    loop {
        let at = match (rest.find("(("), rest.find("$[")) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => return false,
        };
        let inner = &rest[at + 2..];
        let end = inner
            .find("))")
            .or_else(|| inner.find(']'))
            .unwrap_or(inner.len());
        let expr = &inner.as_bytes()[..end];
        if inner[..end].contains("++") || inner[..end].contains("--") {
            return true;
        }
        for (i, c) in expr.iter().enumerate() {
            if *c != b'=' {
                continue;
            }
            let prev = i.checked_sub(1).map(|k| expr[k]);
            let next = expr.get(i + 1).copied();
            let shift = i >= 2 && matches!(&expr[i - 2..i], b"<<" | b">>");
            let comparison = next == Some(b'=')
                || prev == Some(b'=')
                || prev == Some(b'!')
                || (matches!(prev, Some(b'<' | b'>')) && !shift);
            if !comparison {
                return true;
            }
        }
        rest = &inner[end..];
    }
}

/// `"$@"`, `$@`, `"${@}"`, `"$*"`: every argument the caller gave.
fn all_arguments(word: &str) -> bool {
    matches!(word.trim_matches('"'), "$@" | "${@}" | "$*" | "${*}")
}

/// A command's timeout where the script gives it none: what a Docker healthcheck allows.
const COMMAND_TIMEOUT: &str = "30s";
/// What a probe allows beyond the `timeout DURATION` a command runs under (for `timeout` to
/// stop it and report).
const WRAPPED_MARGIN: f64 = 5.0;

type R<T> = Result<T, String>;

/// A loop rewritten: its condition, its body, and what runs after it.
type LoopParts<'t> = (Vec<Node<'t>>, Vec<Node<'t>>, Vec<Node<'t>>);

/// A value that comes from running something.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Sym {
    /// The output of observation N as `$(…)` captures it (trailing newlines removed), after
    /// the pipeline's filters (`| jq -r .status`, `| wc -l`).
    Out(usize, Vec<Filter>),
    /// The HTTP status of observation N (curl's `%{http_code}`).
    Status(usize),
    /// The HTTP status of observation N as the second word of the status line curl prints
    /// first (`curl -sI URL | head -1 | cut -d' ' -f2`): empty, not `000`, without an answer.
    StatusLine(usize),
    /// An exit status: 0 exactly when the condition holds (`$?`, `RETVAL=$?`).
    Code(Cond),
    /// The percentage of its filesystem in use that observation N (a `disk` probe) reads,
    /// as df's `Use%` prints it without its `%` (rounded up).
    DiskUse(usize),
    /// df's line of observation N's filesystem on the way to [`Sym::DiskUse`]
    /// (`used=$(df -P / | tail -1 | awk '{print $5}')`, the `%` still on): what the pipeline
    /// took so far, which `echo "$used" | tr -d %` carries on.
    DiskView(usize, DfView),
    /// Whole seconds on the clock: `$(date +%s)`, `$(stat -c %Y FILE)` and sums of them with
    /// numbers and the caller's values ([`TimeLin`]), where a file's modification time is
    /// among them.
    Time(TimeLin),
    /// A count the caller gives, times or plus a number (`max=$((TIMEOUT * 2))`): the text a
    /// probe's `attempts` reads (`${arg3:-30}*2`), which nothing else takes.
    LateCount(Text),
    /// `$(curl -fs URL || echo failed)`: the body of request N where curl passes, else the
    /// text (curl prints no body where it fails: no answer, or `-f` and an error status).
    OrText(usize, String),
    /// `$(wget -q --spider URL && echo ok || echo fail)` of a command that prints nothing: the
    /// first word where the condition holds, else the second ([`Sema::either_word`]).
    Either(Cond, String, String),
    /// `$(curl -s -w '\n%{http_code}' URL)`: the body of request N, then its status on a line
    /// of its own, which `echo "$v" | tail -n1` and `echo "$v" | head -n -1` take apart.
    BodyStatus(usize),
    /// The name of a file `mktemp` made (`body=$(mktemp)`), the Nth of the run: a name no
    /// probe can give, only a place a command writes to and others read
    /// ([`Sema::file_key`]).
    TempFile(usize),
    /// What a file curl wrote (`-o F`) holds: the body of request `o`, where curl passed
    /// (`fails_on_error`: under `-f`, an answer below 400); where it failed, what was there
    /// before, nothing if this path had not written it (`again`: it had). Only under a name
    /// no script can write ([`body_file`]).
    BodyFile {
        o: usize,
        again: bool,
        fails_on_error: bool,
    },
}

/// A `case` pattern on an HTTP status (`2*)`, `200|204)`): the statuses it takes, and whether
/// it takes `unanswered`, the word the script holds where nothing answered.
fn status_case(o: usize, raw: &str, unanswered: &str) -> R<Cond> {
    let ranges = super::status_pattern(raw.trim_matches(['"', '\'']))
        .as_ref()
        .and_then(yaml_ranges)
        .ok_or("a `case` pattern on a status probekit cannot express")?;
    let zero = glob_regex(raw)
        .and_then(|re| regex::Regex::new(&format!(r"\A(?:{re})\z")).ok())
        .is_none_or(|re| re.is_match(unanswered));
    Ok(Cond::Atom(o, Pred::Status(ranges, zero)))
}

/// `${NAME<op>}` (`${used%\%}`, `${used%.*}`): the name and the operation after it.
fn expansion_op(word: &str) -> Option<(&str, &str)> {
    let inner = word.strip_prefix("${")?.strip_suffix('}')?;
    let at = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    Some(inner.split_at(at))
}

/// How far a pipeline on df's output has read its way to the number of the `Use%` column.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct DfView {
    /// The column is headed `Capacity` (`df -P`).
    posix_header: bool,
    /// The data line chosen (df prints a header first).
    line: bool,
    /// The fifth field taken.
    field: bool,
    /// Its `%` removed.
    number: bool,
    /// The line chosen by its mount point (`awk '$6 == "/" {print $5}'`).
    by_mount: bool,
}

impl DfView {
    /// What observation `o`'s pipeline holds so far: the number of df's `Use%` once the `%` is
    /// off, else the view a later `echo "$v" | …` carries on.
    fn sym(self, o: usize) -> Sym {
        if self.number {
            Sym::DiskUse(o)
        } else {
            Sym::DiskView(o, self)
        }
    }
}

/// A time in seconds as a sum: `now` times the clock when the probe runs (the script's
/// `date +%s`), `mtime` times the modification time of observation N (a `file` probe: `stat
/// -c %Y FILE`), a number, and a value the caller gives. `$((now - mtime))` is the file's age;
/// `$(( $(date +%s) - $MAX_AGE ))` a cutoff a modification time is compared with.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TimeLin {
    now: i64,
    mtime: Option<(usize, i64)>,
    lit: i64,
    late: Option<(Text, i64)>,
    /// What the value is where the file `mtime` reads is missing.
    missing: Missing,
}

/// A modification time where the file is missing: `stat` prints nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Missing {
    /// Nothing is missing, or the empty value was read as 0 by name in an arithmetic
    /// expansion (`$((now - m))`): the file is as old as the clock, so that a test that its age
    /// is above a limit holds there and one that it is below does not.
    Old,
    /// The value itself is empty: `[ "$m" -lt "$cutoff" ]` errs and is false.
    Empty,
    /// The empty value expanded inside arithmetic (`$(($now - $m))`, `$(( … - $(stat …) ))`):
    /// a syntax error, on which bash drops the whole command it is in (an `if` with both its
    /// branches) and goes on, and a POSIX shell exits.
    Aborts,
}

impl TimeLin {
    fn number(n: i64) -> TimeLin {
        // `date +%s` is read as [`EPOCH`] and the script's clock (its sleeps, far less than
        // [`NOW_WINDOW`]): such a number is "now". A time written in the script
        // (`1688169600`, a date) is a number like any other.
        let (now, lit) = if (n - EPOCH).abs() < NOW_WINDOW {
            (1, n - EPOCH)
        } else {
            (0, n)
        };
        TimeLin {
            now,
            mtime: None,
            lit,
            late: None,
            missing: Missing::Old,
        }
    }

    /// The value read inside an arithmetic expansion: by name (`m`, empty read as 0) or
    /// expanded first (`$m`, `$(stat …)`).
    fn in_arithmetic(mut self, by_name: bool) -> TimeLin {
        if self.missing == Missing::Empty {
            self.missing = if by_name {
                Missing::Old
            } else {
                Missing::Aborts
            };
        }
        self
    }

    fn sum(self, other: TimeLin, sign: i64) -> Option<TimeLin> {
        let mtime = match (self.mtime, other.mtime) {
            (a, None) => a,
            (None, Some((o, k))) => Some((o, sign * k)),
            (Some((a, j)), Some((b, k))) if a == b => Some((a, j + sign * k)).filter(|m| m.1 != 0),
            _ => return None,
        };
        let late = match (self.late, other.late) {
            (a, None) => a,
            (None, Some((t, k))) => Some((t, sign * k)),
            _ => return None,
        };
        Some(TimeLin {
            now: self.now + sign * other.now,
            mtime,
            lit: self.lit.checked_add(other.lit.checked_mul(sign)?)?,
            late,
            missing: self.missing.max(other.missing),
        })
    }
}

/// A loop that waits until a time the caller gives ([`Sema::waits_until_late_counting`]): the
/// seconds between rounds and the limit, whether the limit counts the seconds slept, whether
/// the wait gives up with a function's `return`, and whether its deadline is its own (the
/// clock read just before it, rather than at the script's start).
struct LateWait {
    every: Text,
    until: Text,
    counted: bool,
    returns: bool,
    own_start: bool,
}

/// The test of a wait's deadline ([`Sema::late_deadline_exit`]): the limit as a duration,
/// whether it gives up with a function's `return`, whether the clock it counts from was read
/// just before the loop, and whether it gives up only past the limit (`>`, `-gt`).
struct Deadline {
    until: Text,
    returns: bool,
    own_start: bool,
    strict: bool,
}

/// What `$(…)` gives: the value, and the substitution's exit status (which `v=$(…)` has).
struct Capture {
    sym: Sym,
    status: Cond,
}

/// What runs where an `if`'s condition fails.
enum Otherwise<'a, 't> {
    /// Its `elif` and `else` clauses (none: nothing).
    Clauses(&'a [Node<'t>]),
    /// Statements, as an `else` holds them.
    Statements(&'a [Node<'t>]),
}

#[derive(Clone)]
struct State {
    errexit: bool,
    pipefail: bool,
    /// `$?`: `None` after a command this pass could not express.
    last: Option<Cond>,
    slept: f64,
    /// Variables the script exported: its commands see them, so command probes get them in `env`.
    exports: Vec<String>,
    /// What this path has already found out: a condition taken one way (`rc=$?` tested by
    /// the loop and again in its body) is not a fork a second time.
    assumed: Vec<(Cond, bool)>,
}

impl State {
    /// This path took `c` the `holds` way: its parts as far as that tells them.
    fn assume(&mut self, c: &Cond, holds: bool) {
        match (c, holds) {
            (Cond::True | Cond::False, _) => {}
            (Cond::Not(inner), _) => self.assume(inner, !holds),
            (Cond::And(parts), true) | (Cond::Or(parts), false) => {
                for p in parts {
                    self.assume(p, holds);
                }
            }
            _ => {
                if self.assumed.len() < 64 && !self.assumed.iter().any(|(a, _)| a == c) {
                    self.assumed.push((c.clone(), holds));
                }
            }
        }
    }

    /// `c` with what this path has found out put in.
    fn settle(&self, c: Cond) -> Cond {
        if self.assumed.is_empty() {
            return c;
        }
        fn put(c: Cond, known: &[(Cond, bool)]) -> Cond {
            if let Some((_, v)) = known.iter().find(|(a, _)| *a == c) {
                return constant(*v);
            }
            match c {
                Cond::Not(inner) => not(put(*inner, known)),
                Cond::And(parts) => Cond::And(parts.into_iter().map(|p| put(p, known)).collect()),
                Cond::Or(parts) => Cond::Or(parts.into_iter().map(|p| put(p, known)).collect()),
                other => other,
            }
        }
        simplify(put(c, &self.assumed))
    }
}

enum Cont<'c, 't> {
    End,
    Seq(&'c [Node<'t>], &'c Cont<'c, 't>),
    /// The remaining rounds of a `for` over known words.
    For {
        var: &'c str,
        items: &'c [Text],
        body: &'c [Node<'t>],
        next: &'c Cont<'c, 't>,
    },
    While {
        cond: &'c [Node<'t>],
        until: bool,
        body: &'c [Node<'t>],
        next: &'c Cont<'c, 't>,
        round: usize,
        /// What the script had slept when the loop began.
        start: f64,
        line: usize,
    },
    /// After a function called as the left side of `&&`/`||`: its status decides whether the
    /// right side runs.
    ListRight {
        and: bool,
        right: Node<'t>,
        next: &'c Cont<'c, 't>,
        errexit: bool,
    },
    /// After a function called as an `if` condition: its status picks the branch (`negated`
    /// of `if ! f; then`: the other way).
    IfBranches {
        negated: bool,
        body: &'c [Node<'t>],
        rest: &'c [Node<'t>],
        next: &'c Cont<'c, 't>,
        errexit: bool,
    },
    /// After a function called as a statement of its own under `set -e`: a status other than
    /// 0 ends the script, as any command's does.
    Checked {
        next: &'c Cont<'c, 't>,
    },
    /// The end of a function's body: the caller's `$1`… come back.
    Return {
        saved: &'c [(String, Option<Var>)],
        next: &'c Cont<'c, 't>,
    },
    /// The end of one round of a loop whose count the script reads when it runs
    /// ([`Sema::counted_by_script`]): the round goes on to the next, which `marker` stands for,
    /// having slept what `slept` receives since `start`.
    Round {
        marker: usize,
        start: f64,
        slept: &'c std::cell::RefCell<Vec<f64>>,
        /// What follows the loop: a `return` in a round leaves the function through it.
        after: &'c Cont<'c, 't>,
    },
}

impl Cont<'_, '_> {
    /// A loop's continuation: what `break` and `continue` leave or go back to.
    fn is_loop(&self) -> bool {
        matches!(
            self,
            Cont::For { .. } | Cont::While { .. } | Cont::Round { .. }
        )
    }
}

pub(super) struct Sema<'s, 'a> {
    sh: &'s mut Shell<'a>,
    obs: Observations,
    steps: usize,
    depth: usize,
    /// Files the script writes (`> FILE`, `curl -o FILE`): a command that reads one reads
    /// what the script left there, which a probe run on its own would not find.
    written: Vec<String>,
    /// Variables that hold the caller's arguments whole (`cmd="$@"`), for `exec $cmd`.
    forwarded: Vec<String>,
    /// What an option loop's item for a word that is not an option assigns (`*:*)
    /// HOST=…; PORT=…`) where options set the same variables (`-h HOST`): the values on the
    /// path where the caller gives that word ([`Sema::option_loop`]).
    positional_alt: Option<Vec<(String, Var)>>,
    /// Tests of the halves of a `host:port` made of the whole value
    /// ([`Sema::emptiness_of_halves`]), with the outcome the test has where a half is empty:
    /// the script must fail there.
    halves_emptiness: Vec<(usize, bool)>,
    /// Those of them whose branch for an empty half fails the script.
    halves_fail: Vec<usize>,
    /// The seconds the path being followed has slept: the script's clock, as `$SECONDS` and
    /// `date +%s` read it (time passes in the sleeps; the checks take none of it).
    now: f64,
    /// What an assignment to `SECONDS` added to it (`SECONDS=0` restarts the count).
    seconds_offset: f64,
    /// Deadlines a time the caller gives sets: `DEADLINE=$((SECONDS + TIMEOUT))` (or from
    /// `$(date +%s)`), the name and the time, as a `wait`'s `until` reads it (`${TIMEOUT}`).
    deadlines: std::collections::HashMap<String, (Text, Clock)>,
    /// `start=$(date +%s)`: the clock read into a name, with the observations made by then.
    clock_reads: std::collections::HashMap<String, (i64, usize)>,
    /// `$(stat -c %Y FILE)` inside `$((…))`, by the substitution's node: the file's
    /// modification time ([`Sema::time_lin`]), observed before the expression is read.
    inline_times: std::collections::HashMap<usize, TimeLin>,
    /// Whether the script names `SECONDS` at all: only then is it kept up to date.
    reads_seconds: bool,
    /// Set while [`Self::truth`] observes `! a | b` as `a | b` (and negates it itself).
    unbanged: bool,
    /// The highest exit code that counts as passing (see [`evaluate_passing`]).
    passing: i64,
    /// The statements of a loop's round that [`Sema::counted_by_script`] writes as the probe's
    /// `attempts` or `wait` (the counter's step, the `sleep $step` of a `wait`'s `every`): they
    /// do nothing in a round of their own.
    budget_steps: Vec<usize>,
    /// The test of a round of [`Sema::counted_by_script`] that gives up on the last round (`if
    /// [ "$i" -eq "$RETRIES" ]; then exit 1; fi`), and the atom it reads as.
    budget_last: Option<(usize, usize)>,
    /// The test of a round of [`Sema::counted_by_script`] that holds in every round but the
    /// last, around a pause only (`if ((i < max)); then sleep 1; fi`): read as holding.
    budget_between: Option<usize>,
    /// `sleep "$PERIOD"` with `PERIOD=${PERIOD:-1}`: followed as the default's seconds, each
    /// (line, variable, default) warned about once the reading is over.
    late_sleeps: std::cell::RefCell<std::collections::BTreeSet<(usize, String, String)>>,
    /// `code=$(curl -w '%{http_code}' … || echo 000)`: the status captures whose curl is
    /// followed, when it fails, by digits of the script's own (`S000`), each with whether curl
    /// fails on an error status (`-f`). Only tests of a code the fallback cannot make are read.
    status_fallbacks: std::collections::HashMap<usize, bool>,
    /// Reading curl's output under `| tail -n1`: its last line ([`Shell::curl_streams`]).
    last_line: bool,
    /// How many files `mktemp` made on the path followed ([`Sym::TempFile`]).
    temp_files: usize,
}

/// The `date +%s` of the script's start: any time will do, as scripts only subtract it; one
/// far from any a script would write (2096), so that a time written in it (a cutover date) is
/// never taken for the clock.
const EPOCH: i64 = 4_000_000_000;

/// How far from [`EPOCH`] a number is still the script's clock (a day and a bit over ten):
/// further, it is a time the script wrote.
const NOW_WINDOW: i64 = 1_000_000;

/// The script's probes, every one declarative, or why this pass cannot give them.
/// The start of the reason for a test of `$?` against a code this pass cannot read.
pub(super) const STATUS_TEST: &str = "a test of `$?`";

pub(super) fn evaluate(sh: &mut Shell, root: Node) -> R<Vec<Draft>> {
    // Where a `printf` that may fail stands decides whether its status counts, which the
    // statement-wise reader tells for each statement.
    if sh.printf_may_fail_in(root) {
        return Err(super::PRINTF_MAY_FAIL.into());
    }
    let (cond, obs) = match conditions(sh, root, 0)? {
        Read::Probes(drafts) => return Ok(drafts),
        Read::Condition(cond, obs) => (cond, obs),
    };
    // `curl -f URL1; curl -f URL2; echo done` without `set -e`: the script passes whatever
    // its checks say, which the suite says with probes that only warn.
    if cond == Cond::True
        && let Some(drafts) = warnings_only(&obs)
    {
        sh.findings.positional = positional(&drafts);
        return Ok(drafts);
    }
    let mut obs = obs;
    let cond = simplify(obs.empty_where_unanswered(cond));
    let cond = obs.separate_gate_reads(cond, &mut sh.findings.warnings);
    let drafts = obs.write(cond, &mut sh.findings.warnings)?;
    // A loop whose rounds turn on values read when the script runs (a limit from the
    // environment tested before each sleep) is written as a gate and a try for every round it
    // may take: not a suite anyone would keep.
    let mut per_line: std::collections::HashMap<usize, usize> = Default::default();
    for d in &drafts {
        *per_line.entry(d.line).or_default() += 1;
    }
    if let Some((line, n)) = per_line.into_iter().max_by_key(|(_, n)| *n)
        && n > COPIES
    {
        return Err(format!(
            "rounds that turn on values read when the script runs: {n} probes for line {line}"
        ));
    }
    sh.findings.positional = positional(&drafts);
    Ok(drafts)
}

/// The checks of a script that passes whatever they observe, each a probe that only warns:
/// `None` when there is none, or when one is waited for or tried again (a wait that ends in a
/// pass is a wait, not a warning).
fn warnings_only(obs: &Observations) -> Option<Vec<Draft>> {
    // An observation with its opposite (`! curl … | grep -q DOWN`): which of the two the
    // script meant to pass is not said.
    if obs
        .iter()
        .any(|o| o.waits.is_some() || o.repeat.is_some() || o.opposite.is_some())
    {
        return None;
    }
    let mut drafts: Vec<Draft> = Vec::new();
    // When each check was made (the seconds the script had slept): a check made again after
    // the same pause each time is a loop's tries, which the probe makes too, so that it
    // reports what the script's last try saw, as late as the script saw it.
    let mut tried: Vec<Vec<f64>> = Vec::new();
    for o in obs.iter() {
        if o.settled || o.effect || o.unknown.is_some() {
            continue;
        }
        let mut d = o.ok.clone();
        d.warning = true;
        match drafts.iter().position(|e| e.name == d.name) {
            Some(i) if drafts[i].check == d.check && drafts[i].expect == d.expect => {
                tried[i].push(o.slept)
            }
            Some(_) => return None,
            None => {
                drafts.push(d);
                tried.push(vec![o.slept]);
            }
        }
    }
    for (d, times) in drafts.iter_mut().zip(&tried) {
        let pauses: Vec<f64> = times.windows(2).map(|w| w[1] - w[0]).collect();
        let Some(pause) = pauses.first().copied() else {
            continue;
        };
        if pause <= 0.0 || pauses.iter().any(|p| (p - pause).abs() > 1e-9) {
            continue;
        }
        let tries = pauses.len() as u32;
        let every = seconds(&pause.to_string());
        if tries > crate::suite::MAX_RETRIES {
            d.wait = Some((seconds(&(pause * f64::from(tries)).to_string()), every));
        } else {
            d.retries = Some(tries);
            d.retry_delay = Some(every);
        }
    }
    (!drafts.is_empty()).then_some(drafts)
}

/// How many of the script's positional arguments the probes read.
pub(super) fn positional(drafts: &[Draft]) -> usize {
    (1..=9)
        .filter(|n| {
            let name = positional_name(*n);
            drafts.iter().any(|d| d.reads_var(&name))
        })
        .max()
        .unwrap_or(0)
}

/// What the evaluation gives: probes read directly, or the condition on the observations.
pub(super) enum Read {
    Probes(Vec<Draft>),
    Condition(Cond, Observations),
}

/// The condition under which the script exits with a code up to `passing` (simplified): 0,
/// or for a Nagios plugin 0 and 1 (OK or WARNING: what does not make it CRITICAL).
pub(super) fn conditions(sh: &mut Shell, root: Node, passing: i64) -> R<Read> {
    let stmts = statements(root);
    let mut sema = Sema {
        passing,
        sh,
        obs: Observations::default(),
        steps: 0,
        depth: 0,
        written: Vec::new(),
        unbanged: false,
        forwarded: Vec::new(),
        positional_alt: None,
        halves_emptiness: Vec::new(),
        halves_fail: Vec::new(),
        now: 0.0,
        seconds_offset: 0.0,
        deadlines: std::collections::HashMap::new(),
        clock_reads: std::collections::HashMap::new(),
        inline_times: std::collections::HashMap::new(),
        reads_seconds: false,
        budget_steps: Vec::new(),
        budget_last: None,
        budget_between: None,
        late_sleeps: Default::default(),
        status_fallbacks: std::collections::HashMap::new(),
        last_line: false,
        temp_files: 0,
    };
    sema.reads_seconds = sema.sh.src.contains("SECONDS");
    // `$1`…`$9` are the suite's arguments `arg1`…, or the words `sh -c TEXT` gave its text.
    match sema.sh.given.clone() {
        Some(given) => {
            for (n, word) in given.into_iter().enumerate().take(10) {
                sema.sh.vars.insert(n.to_string(), Var::Text(word));
            }
        }
        None => {
            for n in 1..=9 {
                sema.sh.vars.insert(
                    n.to_string(),
                    Var::Text(Text(vec![Piece::Var(positional_name(n), None)])),
                );
            }
        }
    }
    let st = State {
        // `#!/bin/bash -e`: on from the first line.
        errexit: super::shebang_errexit(sema.sh.script),
        pipefail: false,
        last: Some(Cond::True),
        slept: 0.0,
        exports: Vec::new(),
        assumed: Vec::new(),
    };
    if let Some(d) = sema.descriptor_exchange(&stmts) {
        let drafts = vec![d];
        sema.sh.findings.positional = positional(&drafts);
        return Ok(Read::Probes(drafts));
    }
    let cond = sema.block(&stmts, &Cont::End, st)?;
    for (line, var, default) in sema.late_sleeps.take() {
        let message = if default.is_empty() {
            format!(
                "the script sleeps the caller's `{var}`, which has no default (unset, `sleep` fails); the suite's delays are 1s: where the caller gives another, change `retry_delay` or `wait.every`"
            )
        } else {
            format!(
                "the script sleeps the caller's `{var}` ({default}s unless given); the suite's delays are {default}s: where the caller gives another, change `retry_delay` or `wait.every`"
            )
        };
        sema.warn_once(line, message);
    }
    let cond = factor_common(simplify(unify_exclusive(simplify(cond), &sema.obs)));
    let (cond, tried) = tries_until(cond, &sema.obs);
    if let Some(o) = tried {
        let line = sema.obs[o].ok.line;
        sema.warn_once(
            line,
            "the script stops trying once the first test of an answer passes, and then fails if the answer's other tests do not; the probe tries again where any of them fails".into(),
        );
    }
    if std::env::var_os("PROBEKIT_SEMA_DEBUG").is_some() {
        eprintln!("sema: {cond:?}");
    }
    // A test of a half made of the whole value agrees with the script only where the script
    // fails when a half is empty.
    for (o, _) in &sema.halves_emptiness {
        if !sema.halves_fail.contains(o) {
            return Err("a test of a part of `host:port` where the script goes on".into());
        }
    }
    Ok(Read::Condition(cond, std::mem::take(&mut sema.obs)))
}

impl<'t> Sema<'_, '_> {
    fn block(&mut self, stmts: &[Node<'t>], k: &Cont<'_, 't>, st: State) -> R<Cond> {
        self.go(&Cont::Seq(stmts, k), st)
    }

    /// [`Self::block`] on one path of several: what it assigns does not reach the others.
    fn branch(&mut self, stmts: &[Node<'t>], k: &Cont<'_, 't>, st: State) -> R<Cond> {
        let saved = self.sh.vars.clone();
        let c = self.block(stmts, k, st);
        self.sh.vars = saved;
        c
    }

    fn go(&mut self, k: &Cont<'_, 't>, st: State) -> R<Cond> {
        self.steps += 1;
        if self.steps > STEPS {
            return Err("the script has too many paths to follow".into());
        }
        match k {
            Cont::End => self.ended(st.last),
            Cont::Seq([], next) => self.go(next, st),
            Cont::Seq([first, rest @ ..], next) => {
                if first.kind() == "comment" {
                    return self.go(&Cont::Seq(rest, next), st);
                }
                self.depth += 1;
                if self.depth > DEPTH {
                    return Err("the script nests too deep to follow".into());
                }
                let r = self.stmt(*first, &Cont::Seq(rest, next), st);
                self.depth -= 1;
                r
            }
            Cont::For {
                items: [], next, ..
            } => self.go(next, st),
            Cont::For {
                var,
                items: [item, rest @ ..],
                body,
                next,
            } => {
                self.sh
                    .vars
                    .insert(var.to_string(), Var::Text(item.clone()));
                let k = Cont::For {
                    var,
                    items: rest,
                    body,
                    next,
                };
                self.block(body, &k, st)
            }
            Cont::While {
                cond,
                until,
                body,
                next,
                round,
                start,
                line,
            } => {
                // A loop that reads the script's clock ends by it (`while [ $SECONDS -lt $end ]`,
                // `if [ "$(date +%s)" -ge "$deadline" ]; then exit 1; fi`): followed to its end.
                let clocked = cond.iter().chain(body.iter()).any(|n| {
                    let t = self.sh.text(*n);
                    t.contains("SECONDS") || t.contains("date +%s") || t.contains("date -u +%s")
                });
                // A loop a counter ends (`while [ $n -lt 10 ]; do …; n=$((n+1)); done`) is
                // followed to its end, however long it sleeps.
                let counted = !clocked && self.counted_loop(cond, body, *until);
                // `while :; do pg_isready && break; done`: tried again at once, without end.
                // The suite waits a second between its tries (each try takes its timeout).
                let busy = !clocked
                    && !counted
                    && !cond.iter().chain(body.iter()).any(|n| {
                        let mut sleeps = false;
                        walk_commands(*n, &mut |c| {
                            sleeps |= self.sh.command_name(c).as_deref() == Some("sleep");
                        });
                        sleeps
                    });
                // `cmd; while [ $? -ne 0 ]; do cmd; done`: a condition that runs nothing, whose
                // rounds each try the body's check again, the first after the one before the
                // loop: the suite's second between tries before that one too.
                let runs_nothing = || {
                    !self.obs.is_empty()
                        && cond.iter().all(|n| {
                            let mut runs = false;
                            walk_commands(*n, &mut |c| {
                                runs |= !matches!(
                                    self.sh.command_name(c).as_deref(),
                                    Some("[" | "test" | "true" | ":")
                                );
                            });
                            !runs
                        })
                };
                let mut st = st;
                if busy && (*round > 0 || runs_nothing()) {
                    st.slept += BUSY_DELAY;
                }
                let waited = st.slept - start;
                let (rounds, horizon) = if clocked {
                    (CLOCKED_ROUNDS, CLOCKED_SECONDS)
                } else if counted {
                    (ROUNDS, CLOCKED_SECONDS)
                } else {
                    (ROUNDS, WAIT_SECONDS)
                };
                // Under `timeout D`, the loop is killed at D: it has failed there.
                let killed = self
                    .sh
                    .deadline
                    .filter(|d| *d > 0.0 && (*d < horizon || !(clocked || counted)));
                let horizon = killed.unwrap_or(horizon);
                if *round >= rounds || waited >= horizon {
                    if waited <= 0.0 {
                        return Err("a loop that runs until something changes".into());
                    }
                    if killed.is_some() && waited >= horizon {
                        return Ok(Cond::False);
                    }
                    // A loop that sleeps until something passes: followed for about
                    // WAIT_SECONDS (a clocked one for longer), then it has not passed.
                    let message = if clocked || counted {
                        format!(
                            "the loop waits longer than probekit follows it; the suite gives up after {round} attempts (about {waited}s): raise its wait to the script's"
                        )
                    } else if busy {
                        format!(
                            "the loop tries again at once and without end; the suite waits {BUSY_DELAY}s between its tries and gives up after {round} attempts (about {waited}s)"
                        )
                    } else {
                        format!(
                            "the loop waits without end; the suite gives up after {round} attempts (about {waited}s)"
                        )
                    };
                    self.warn_once(*line, message);
                    return Ok(Cond::False);
                }
                self.tick(&st);
                // The loop's own status where it ends: its body's last command's, 0 where the
                // body never ran.
                let ended = if *round == 0 {
                    Some(Cond::True)
                } else {
                    st.last.clone()
                };
                let mut c = self.condition(cond, &mut st)?;
                if *until {
                    c = not(c);
                }
                let c = st.settle(c);
                let again = Cont::While {
                    cond,
                    until: *until,
                    body,
                    next,
                    round: round + 1,
                    start: *start,
                    line: *line,
                };
                let done_when = simplify(not(c.clone()));
                match simplify(c.clone()) {
                    Cond::True => self.block(body, &again, st),
                    // After a round of the body, `$?` is the status of its last command.
                    Cond::False => {
                        st.last = ended;
                        self.go(next, st)
                    }
                    // `until check; do …; if (( now - start > LIMIT )); then exit 1; fi; sleep 5;
                    // done` with a LIMIT the caller gives: the check, tried until that time.
                    // The deadline counts from the script's start: the wait is the probe's own
                    // only where the loop's check is the first thing the script observes, and
                    // nothing was slept before (an earlier wait or check spends time of the same
                    // deadline, which the probe's `wait` would not count; a test of words
                    // alone takes none).
                    // (A deadline counted from a clock read just before the loop, `start=$(date
                    // +%s)` in the function that waits, is the wait's own wherever it comes.)
                    _ if *round == 0
                        && let Some(LateWait {
                            every,
                            until,
                            counted,
                            returns,
                            own_start,
                        }) = self.waits_until_late_counting(body)
                        && let Cond::Atom(o, _) = &done_when
                        && *o + 1 == self.obs.len()
                        && (own_start
                            || (self.now == 0.0 && self.obs[..*o].iter().all(|b| b.settled))) =>
                    {
                        if returns {
                            self.caller_fails_on_return(next, &st)?;
                        }
                        if counted {
                            self.warn_once(
                                *line,
                                "the script counts the seconds it sleeps, not those its checks take; the suite's `wait.until` counts both: raise it by what the checks may take".to_string(),
                            );
                        }
                        self.obs[*o].repeat = Some(Repeat::Wait(until, every));
                        // (What the rounds assign is not known after them.)
                        for name in self.assigned_in(body) {
                            self.sh.vars.insert(name, Var::Dynamic);
                        }
                        let mut after = st;
                        after.last = Some(Cond::True);
                        let rest = self.go(next, after)?;
                        Ok(and(done_when.clone(), rest))
                    }
                    // `timeout 60 sh -c 'until check; do sleep 2; done'`: the check, tried
                    // until the timeout kills the loop.
                    _ if *round == 0
                        && !clocked
                        && !counted
                        && self.now == 0.0
                        && let Some(until) = self.sh.deadline_text.clone()
                        && let Some(every) = self.idle_body(body).filter(|s| *s > 0.0)
                        && let Cond::Atom(o, _) = &done_when
                        && *o + 1 == self.obs.len()
                        && self.obs[..*o].iter().all(|b| b.settled) =>
                    {
                        self.obs[*o].repeat =
                            Some(Repeat::Wait(until, Text::lit(seconds(&every.to_string()))));
                        let mut after = st;
                        after.last = Some(Cond::True);
                        let rest = self.go(next, after)?;
                        Ok(and(done_when.clone(), rest))
                    }
                    // `until check; do i=$((i+1)); [ $i -ge "$TRIES" ] && exit 1; sleep 2;
                    // done` with TRIES the caller's: the check, tried that many times.
                    _ if *round == 0
                        && let Some((delay, count, returns)) =
                            self.attempts_late(body, st.errexit)
                        && let Cond::Atom(o, _) = &done_when
                        && *o + 1 == self.obs.len()
                        && self.obs[*o].repeat.is_none() =>
                    {
                        if returns {
                            self.caller_fails_on_return(next, &st)?;
                        }
                        let o = *o;
                        self.obs[o].repeat = Some(Repeat::Attempts(count, delay));
                        for name in self.assigned_in(body) {
                            self.sh.vars.insert(name, Var::Dynamic);
                        }
                        let mut after = st;
                        after.last = Some(Cond::True);
                        let rest = self.go(next, after)?;
                        Ok(and(done_when.clone(), rest))
                    }
                    // `until check; do sleep 5; done`: the script waits for the check without end.
                    _ if *round == 0
                        && let Some(delay) = self.idle_body(body)
                        && let (Cond::Atom(o, _), true) = (&done_when, delay > 0.0) =>
                    {
                        self.obs[*o].waits = Some(delay);
                        let mut after = st;
                        after.last = Some(Cond::True);
                        let rest = self.go(next, after)?;
                        Ok(and(done_when.clone(), rest))
                    }
                    _ => {
                        let mut inside = st.clone();
                        inside.last = Some(Cond::True);
                        inside.assume(&c, true);
                        let on = self.branch(body, &again, inside)?;
                        let mut after = st;
                        after.last = ended;
                        after.assume(&c, false);
                        let off = self.go(next, after)?;
                        Ok(or(and(c.clone(), on), and(not(c), off)))
                    }
                }
            }
            Cont::ListRight {
                and: is_and,
                right,
                next,
                errexit,
            } => {
                let (l, st) = returned(st, *errexit)?;
                self.after_left(*is_and, l, *right, next, st)
            }
            Cont::IfBranches {
                negated,
                body,
                rest,
                next,
                errexit,
            } => {
                let (c, st) = returned(st, *errexit)?;
                let c = if *negated { not(c) } else { c };
                self.chosen(c, false, body, rest, next, st)
            }
            Cont::Checked { next } => {
                let c = st.last.clone();
                self.checked(c, next, st)
            }
            Cont::Round {
                marker,
                start,
                slept,
                ..
            } => {
                slept.borrow_mut().push(st.slept - start);
                Ok(Cond::Atom(*marker, Pred::Ok))
            }
            Cont::Return { saved, next } => {
                for (name, v) in saved.iter() {
                    match v {
                        Some(v) => self.sh.vars.insert(name.clone(), v.clone()),
                        None => self.sh.vars.remove(name),
                    };
                }
                self.go(next, st)
            }
        }
    }

    /// `${VAR:=default}` anywhere in a command assigns as the command runs (`: "${PORT:=80}"`,
    /// `curl "http://${HOST:=localhost}/"`).
    fn assign_defaults_in(&mut self, n: Node) -> R<()> {
        if matches!(
            n.kind(),
            "command" | "pipeline" | "redirected_statement" | "test_command"
        ) {
            self.sh
                .assign_defaults(n)
                .ok_or("a `${VAR=default}` or a computed `${VAR:=…}` probekit cannot follow")?;
        }
        Ok(())
    }

    fn stmt(&mut self, n: Node<'t>, k: &Cont<'_, 't>, mut st: State) -> R<Cond> {
        if self.budget_steps.contains(&n.id()) {
            st.last = Some(Cond::True);
            return self.go(k, st);
        }
        // `[ $# -lt 2 ] && { usage; exit 3; }`: the script stops without its first two
        // arguments, which the suite then requires of its caller (and refuses, as the script
        // fails, without them).
        // (Only while `$1` is still the caller's first argument: no `shift`, no `set --`.)
        let own_arguments = matches!(
            self.sh.vars.get("1"),
            Some(Var::Text(Text(p))) if matches!(p.as_slice(), [Piece::Var(n, None)] if *n == positional_name(1))
        );
        // (And only where the script reads no options: after `getopts` or a `shift` loop,
        // what the count counts is options too.)
        let reads_options = ["getopts", "shift", "OPTIND"]
            .iter()
            .any(|w| self.sh.src.contains(w));
        if n.parent().is_some_and(|p| p.kind() == "program")
            && own_arguments
            && !reads_options
            && !self.sh.vars.contains_key("#")
            && self.sh.findings.options.is_empty()
            && let Some(required) = self.arity_guard(n)
        {
            let r = &mut self.sh.findings.required_positional;
            *r = (*r).max(required);
            st.last = Some(Cond::True);
            return self.go(k, st);
        }
        self.note_writes(n);
        self.tick(&st);
        self.assign_defaults_in(n)?;
        match n.kind() {
            "variable_assignment" => {
                let failed = self.assign(n, &mut st)?;
                self.then_or_exit(failed, k, st)
            }
            "declaration_command" => {
                let exporting = self.sh.text(n).starts_with("export");
                let word = self
                    .sh
                    .text(n)
                    .split_whitespace()
                    .next()
                    .unwrap_or_default();
                let declares = matches!(word, "local" | "declare" | "typeset");
                // `local -u u="$1"`, `declare -i n`: attributes that change the value assigned.
                if declares
                    && named_children(n).iter().any(|a| {
                        a.kind() == "word"
                            && self.sh.text(*a).starts_with('-')
                            && self.sh.text(*a).contains(['i', 'l', 'u', 'n'])
                    })
                {
                    return Err(format!(
                        "`{word}` with an attribute that changes its values, which probekit does not follow"
                    ));
                }
                // `local a="$1" b="$a"`: every word is expanded before any name is assigned,
                // so `b` gets the `a` before; read one by one it would get the new one.
                let mut earlier: Vec<String> = Vec::new();
                for a in named_children(n) {
                    if a.kind() != "variable_assignment" {
                        continue;
                    }
                    let value = a
                        .child_by_field_name("value")
                        .map(|v| self.sh.text(v))
                        .unwrap_or_default();
                    if earlier.iter().any(|e| {
                        value.contains(&format!("${e}")) || value.contains(&format!("${{{e}"))
                    }) {
                        return Err(format!(
                            "`{word}` whose values read the names it assigns, which the shell expands before assigning any"
                        ));
                    }
                    if let Some(name) = a.child_by_field_name("name") {
                        earlier.push(self.sh.text(name).to_string());
                    }
                }
                // `local v=$(cmd)` (and `export`, `declare`, `readonly`): the status is the
                // builtin's, 0, whatever `cmd` returned; even `set -e` goes on.
                for a in named_children(n) {
                    match a.kind() {
                        "variable_assignment" => {
                            let name = a
                                .child_by_field_name("name")
                                .map(|c| self.sh.text(c).to_string())
                                .unwrap_or_default();
                            let value = a.child_by_field_name("value");
                            // `export X="$X"` hands on the environment's own value; `export
                            // X="${X:-default}"` hands on the default where it has none.
                            let own = value.is_some_and(|v| {
                                let t = self.sh.text(v).replace('"', "");
                                [
                                    format!("${name}"),
                                    format!("${{{name}}}"),
                                    format!("${{{name}:-}}"),
                                ]
                                .contains(&t)
                            });
                            if exporting && !own && !st.exports.contains(&name) {
                                st.exports.push(name.clone());
                            }
                            self.assign(a, &mut st)?;
                        }
                        "variable_name" if exporting => {
                            let name = self.sh.text(a).to_string();
                            if self.sh.vars.contains_key(&name) && !st.exports.contains(&name) {
                                st.exports.push(name);
                            }
                        }
                        // `local u`: a name of the function's own, unset (empty).
                        "variable_name" if word == "local" => {
                            self.sh
                                .vars
                                .insert(self.sh.text(a).to_string(), Var::Text(Text::default()));
                        }
                        _ => {}
                    }
                }
                self.then_or_exit(None, k, st)
            }
            "function_definition" => {
                let name = n
                    .child_by_field_name("name")
                    .map(|c| self.sh.text(c).to_string())
                    .unwrap_or_default();
                if let Some(b) = n.child_by_field_name("body") {
                    self.sh
                        .fn_bodies
                        .insert(name.clone(), (b.start_byte(), b.end_byte()));
                }
                self.sh
                    .functions
                    .insert(name, (self.sh.text(n).to_string(), false));
                self.go(k, st)
            }
            "command" if self.is_test_of_capture(n) => {
                let c = self.test_as_command(n, &st)?;
                self.checked(Some(c), k, st)
            }
            "command" => self.command(n, k, st),
            "if_statement" => self.if_statement(n, k, st),
            "list" => self.list(n, k, st),
            "for_statement" => self.for_statement(n, k, st),
            "while_statement" if self.option_loop(n, &st) => {
                st.last = Some(Cond::True);
                let Some(alt) = self.positional_alt.take() else {
                    return self.go(k, st);
                };
                // `HOST:PORT` or `-h HOST -p PORT`: the word given, or the options.
                let word = Text(vec![Piece::Var(positional_name(1), None)]);
                let argv = vec![Text::lit("test"), Text::lit("-n"), word];
                let given = self.test_probe(argv, true, self.sh.line(n), &st);
                let saved = self.sh.vars.clone();
                for (name, v) in alt {
                    self.sh.vars.insert(name, v);
                }
                let on = self.go(k, st.clone());
                self.sh.vars = saved;
                let on = on?;
                let off = self.go(k, st)?;
                Ok(or(and(given.clone(), on), and(not(given), off)))
            }
            "while_statement" => {
                let until = children(n)
                    .first()
                    .is_some_and(|c| self.sh.text(*c) == "until");
                let cond: Vec<Node> = {
                    let mut c = n.walk();
                    n.children_by_field_name("condition", &mut c)
                        .filter(|c| c.is_named() && c.kind() != "comment")
                        .collect()
                };
                let body = n
                    .child_by_field_name("body")
                    .map(statements)
                    .ok_or("a loop without a body")?;
                if let Some((cond, body, after)) = self.check_first(&cond, &body, until, st.errexit)
                {
                    let after = Cont::Seq(&after, k);
                    return self.go(
                        &Cont::While {
                            cond: &cond,
                            until: true,
                            body: &body,
                            next: &after,
                            round: 0,
                            start: st.slept,
                            line: self.sh.line(n),
                        },
                        st,
                    );
                }
                if let Some((counter, budget, steps)) = self.counted_by_test(&cond, &body, until) {
                    return self.counted_by_script(&counter, budget, steps, &body, n, k, st);
                }
                self.go(
                    &Cont::While {
                        cond: &cond,
                        until,
                        body: &body,
                        next: k,
                        round: 0,
                        start: st.slept,
                        line: self.sh.line(n),
                    },
                    st,
                )
            }
            "compound_statement" if self.sh.text(n).starts_with("((") => {
                // `(( ++n ))`, `(( n += 2 ))` on a known count: the count moves, and the
                // status is 1 where the expression's value is 0 (`(( n++ ))` from 0).
                let c = match self.arith_update(n) {
                    Some((name, new, value)) => {
                        self.sh
                            .vars
                            .insert(name, Var::Text(Text::lit(new.to_string())));
                        constant(value != 0)
                    }
                    None => self.truth(n, &mut st)?,
                };
                self.checked(Some(c), k, st)
            }
            "compound_statement" => {
                let inner = statements(n);
                self.block(&inner, k, st)
            }
            "subshell" => {
                // What the subshell exits with; its variables and `exit` stay inside.
                let c = self.branch(&statements(n), &Cont::End, st.clone())?;
                self.checked(Some(c), k, st)
            }
            "negated_command" => {
                let inner = named_children(n).into_iter().next().ok_or("an empty `!`")?;
                let c = self.truth(inner, &mut st)?;
                // `set -e` does not stop at a negated command.
                st.last = Some(not(c));
                self.go(k, st)
            }
            "test_command" => {
                let c = self.test(n, &st)?;
                self.checked(Some(c), k, st)
            }
            // `! curl … | grep -q DOWN`: the parser gives the `!` to the first command; the
            // status is the whole pipeline's negation, at which `set -e` does not stop either.
            "pipeline"
                if named_children(n)
                    .first()
                    .is_some_and(|f| f.kind() == "negated_command") =>
            {
                let c = self.truth(n, &mut st)?;
                st.last = Some(c);
                self.go(k, st)
            }
            // `IFS=: read -r HOST PORT <<< "$ADDR"`: the halves of a `host:port`.
            "redirected_statement" if self.read_address_halves(n) => {
                st.last = Some(Cond::True);
                self.go(k, st)
            }
            // `>&2 >/dev/null` alone: nothing runs (the redirections do not last), and its
            // status is 0. (Not `> file`, which makes the file, nor `>&3`, which fails where
            // the descriptor is not open.)
            "redirected_statement"
                if n.child_by_field_name("body").is_none()
                    && named_children(n).iter().all(|r| {
                        let t = self
                            .sh
                            .text(*r)
                            .trim_start_matches(|c: char| c.is_ascii_digit());
                        let t = t.trim_start_matches('>').trim();
                        r.kind() == "file_redirect"
                            && self.sh.text(*r).contains('>')
                            && (t == "/dev/null" || t == "&1" || t == "&2")
                    }) =>
            {
                st.last = Some(Cond::True);
                self.go(k, st)
            }
            // `echo "$out" | head -n -1`: a text printed through filters ([`Shell::is_report`]),
            // and nothing run to print it. Its status is 0 where none can fail; else (`| jq`)
            // not known, which matters where the script reads it (as its last statement, `$?`).
            "pipeline"
                if self.sh.is_report(n)
                    && !["$(", "`", "<("]
                        .iter()
                        .any(|t| self.sh.text(n).contains(t)) =>
            {
                st.last = self.sh.pipeline_never_fails(n).then_some(Cond::True);
                self.go(k, st)
            }
            "pipeline" | "redirected_statement" => {
                // (`echo > /dev/tcp/h/p` is a connection, not a log.)
                if n.kind() == "redirected_statement"
                    && let Some(body) = n.child_by_field_name("body")
                    && self.is_log(body)
                    && !self.sh.names_socket(n)
                {
                    // Under `set -e` a write that fails (a directory missing, a descriptor
                    // not open) ends the script there.
                    if st.errexit && !self.sh.output_to_terminal(n) {
                        return Err(
                            "under `set -e`, a message written to a file or descriptor, which ends the script where the write fails".into(),
                        );
                    }
                    // `echo … >> log`: output that does not change the verdict, unless the
                    // script ends with it (its status is the script's: a log file that cannot
                    // be written fails it).
                    let status = self.report_status(body)?;
                    st.last = status.filter(|_| !self.sh.writes_a_file(n));
                    return self.go(k, st);
                }
                // `(echo > /dev/tcp/$h/$p) >/dev/null 2>&1`: the block, its output dropped.
                if n.kind() == "redirected_statement"
                    && let Some(body) = self.sh.quiet_body(n)
                    && body.kind() == "subshell"
                {
                    return self.stmt(body, k, st);
                }
                // `check || echo "down" >&2`: the grammar gives the report's redirection to
                // the whole list, where it only sends the report aside.
                if n.kind() == "redirected_statement"
                    && self.sends_output_aside(n)
                    && let Some(body) = n.child_by_field_name("body")
                    && body.kind() == "list"
                    && let Some(right) = children(body).last()
                    && self.plain_report(*right)
                {
                    return self.list(body, k, st);
                }
                let c = self.output_filter(n).or_else(|| self.observed(n, &st));
                self.checked(c, k, st)
            }
            "case_statement" => self.case_statement(n, k, st),
            "c_style_for_statement" => self.c_style_for(n, k, st),
            // `unset response`: empty from here on (`unset -f name`, a function, is not read).
            "unset_command" => {
                let words: Vec<&str> = self.sh.text(n).split_whitespace().skip(1).collect();
                if words.iter().any(|w| w.starts_with('-') && *w != "-v")
                    || words.iter().any(|w| {
                        !w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && *w != "-v"
                    })
                {
                    return Err("an `unset` probekit does not read".into());
                }
                for w in words.into_iter().filter(|w| *w != "-v") {
                    self.sh
                        .vars
                        .insert(w.to_string(), Var::Text(Text::default()));
                }
                st.last = Some(Cond::True);
                self.go(k, st)
            }
            other => Err(format!("a `{other}` this pass does not follow")),
        }
    }

    /// Goes on after a command whose status is `c` (`None`: not expressible): under `set -e`
    /// its failure ends the script.
    fn checked(&mut self, c: Option<Cond>, k: &Cont<'_, 't>, mut st: State) -> R<Cond> {
        if st.errexit && self.passing > 0 {
            // The code a failure exits with (grep's 1 would be a WARNING) is unknown.
            return Err("a plugin under `set -e`".into());
        }
        if st.errexit {
            let c = c.ok_or("a command the script needs to pass that probekit cannot express")?;
            // A statement that always fails (`n=$(expr 1 - 1)`) stops the script there: what
            // follows is never read (nor a loop's further rounds followed).
            if c == Cond::False {
                return Ok(Cond::False);
            }
            st.last = Some(Cond::True);
            let rest = self.go(k, st)?;
            return Ok(and(c, rest));
        }
        st.last = c;
        self.go(k, st)
    }

    /// The status of a statement run for its status: its observation, or under `set -e`, where
    /// the status decides, an unknown (an error only on a path that can pass).
    fn observed(&mut self, n: Node<'t>, st: &State) -> Option<Cond> {
        if st.errexit {
            return Some(self.status(n, st));
        }
        if let Some(c) = self.body_file_read(n, st) {
            return Some(c);
        }
        if let Some(c) = self.program_text(n, st) {
            return Some(c);
        }
        self.observe(n, st).map(|o| Cond::Atom(o, Pred::Ok))
    }

    /// The status of a command: its observation passes, or an unknown where it cannot be
    /// expressed.
    fn status(&mut self, n: Node<'t>, st: &State) -> Cond {
        if let Some(c) = self.body_file_read(n, st) {
            return c;
        }
        if let Some(c) = self.program_text(n, st) {
            return c;
        }
        match self.observe(n, st) {
            Some(o) => Cond::Atom(o, Pred::Ok),
            None => self.unknown(n),
        }
    }

    /// A test this pass cannot evaluate (`[ "$(($(date +%s) - $(stat -c %Y /proc/1)))" -lt 90 ]`),
    /// kept as a command of its own where that is the same test: with the assignments it reads
    /// as the script writes them, each the one assignment of its name, at the top level before
    /// the test (and what they read in turn); no name a function, a loop, `read` or `export`
    /// sets; none of the script's arguments, no `$?`, no `$SECONDS`, no file the script wrote
    /// first. Its status is the test's wherever it runs; the report says why it is kept.
    fn kept_test(&mut self, test: Node<'t>, why: &str, st: &State) -> Option<Cond> {
        let text = self.sh.text(test);
        let positional = |text: &str| {
            text.char_indices().any(|(i, c)| {
                c == '$'
                    && text[i + 1..]
                        .trim_start_matches('{')
                        .starts_with(|d: char| d.is_ascii_digit() || "?@*#!-".contains(d))
            }) || text.contains("SECONDS")
                || text.contains("PIPESTATUS")
        };
        // `[[ -v NAME ]]` reads a name no `$` shows, which the closure below does not follow.
        if positional(text) || text.split_whitespace().any(|w| w == "-v") {
            return None;
        }
        // `[ $(( $(date +%s) - $(stat -c %Y F) )) -gt 300 ]`: where a value in the arithmetic
        // is empty or not a number, bash drops the whole statement the test is in (an `if`
        // runs neither branch) and goes on, where the test alone fails.
        if !self.sh.posix_shell() && super::arithmetic_reads_values(text) {
            return None;
        }
        let root = self.sh.tree.root_node();
        // What changes names, the shell or files other than by a plain assignment, anywhere
        // before the test (`unset`, `mapfile`, `declare -i`, `PATH=…`, `cd`, a write to a
        // file, `cp`): the fragment alone would not see it.
        let mut unsettled = false;
        let mut stack = vec![root];
        while let Some(x) = stack.pop() {
            if x.start_byte() >= test.start_byte() {
                continue;
            }
            match x.kind() {
                "command" | "declaration_command" | "unset_command" => {
                    let name = self.sh.command_name(x).unwrap_or_default();
                    let word = self
                        .sh
                        .text(x)
                        .split_whitespace()
                        .next()
                        .unwrap_or_default();
                    unsettled |= matches!(
                        word,
                        "unset"
                            | "mapfile"
                            | "readarray"
                            | "declare"
                            | "typeset"
                            | "local"
                            | "readonly"
                            | "export"
                            | "shopt"
                            | "alias"
                            | "cd"
                            | "pushd"
                            | "popd"
                            | "source"
                            | "."
                            | "eval"
                            | "umask"
                    ) || matches!(
                        name.rsplit('/').next().unwrap_or_default(),
                        "cp" | "mv"
                            | "tee"
                            | "touch"
                            | "dd"
                            | "install"
                            | "ln"
                            | "rm"
                            | "mkdir"
                            | "rsync"
                            | "truncate"
                            | "chmod"
                            | "chown"
                            | "sed"
                            | "wget"
                    ) || (name == "curl" && curl_writes_a_file(self.sh.text(x)));
                }
                "variable_assignment" => {
                    let t = self.sh.text(x);
                    unsettled |= t.starts_with("PATH=")
                        || t.starts_with("IFS=")
                        || t.starts_with("HOME=")
                        || t.contains("+=");
                }
                "file_redirect" => {
                    let t = self.sh.text(x).replace(' ', "");
                    let to_file = (t.starts_with('>')
                        || t.starts_with("1>")
                        || t.starts_with("2>")
                        || t.starts_with("&>")
                        || t.starts_with(">>"))
                        && !t.ends_with("/dev/null")
                        && !t.contains(">&");
                    unsettled |= to_file;
                }
                _ => {}
            }
            stack.extend(named_children(x));
        }
        if unsettled {
            return None;
        }
        // Every name the script sets anywhere, and its plain top-level assignments.
        let set_anywhere = super::collect_assigned(self.sh, root, &mut Default::default());
        let top: Vec<Node> = statements(root);
        let assignments = |name: &str| -> Vec<Node> {
            let mut found = Vec::new();
            let mut stack = vec![root];
            while let Some(x) = stack.pop() {
                if x.kind() == "variable_assignment"
                    && x.child_by_field_name("name")
                        .is_some_and(|n| self.sh.text(n) == name)
                {
                    found.push(x);
                }
                stack.extend(named_children(x));
            }
            found
        };
        let mut prefix: Vec<Node> = Vec::new();
        let mut todo: Vec<String> = super::referenced(self.sh, test);
        let mut seen = std::collections::BTreeSet::new();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if self.sh.functions.contains_key(&name) {
                return None;
            }
            let found = assignments(&name);
            if !set_anywhere.contains(&name) && found.is_empty() {
                // The environment's, as the kept command sees it.
                continue;
            }
            let [a] = found.as_slice() else {
                return None;
            };
            let stmt = top
                .iter()
                .find(|s| s.id() == a.id())
                .filter(|s| s.end_byte() <= test.start_byte())?;
            // A value that ran something (`start=$(date +%s%N)` before a request) was taken
            // at its own moment, which the fragment would take again at another.
            let assigned = self.sh.text(*stmt);
            if positional(assigned)
                || ((assigned.contains("$(") || assigned.contains('`'))
                    && !self.repeatable_capture(*stmt))
            {
                return None;
            }
            todo.extend(super::referenced(self.sh, *stmt));
            prefix.push(*stmt);
        }
        // A file an earlier line writes: the fragment alone would read whatever is there.
        let written: Vec<String> = top
            .iter()
            .filter(|s| s.end_byte() <= test.start_byte())
            .flat_map(|s| super::files_written(self.sh, *s))
            .collect();
        if written
            .iter()
            .any(|f| !f.is_empty() && text.contains(f.as_str()))
        {
            return None;
        }
        prefix.sort_by_key(|s| s.start_byte());
        let mut body = String::new();
        // `set -u` stops the script on an unset name the test reads; so it does the fragment.
        if self.stops_on_unset() {
            body.push_str("set -u\n");
        }
        for s in &prefix {
            body.push_str(self.sh.text(*s));
            body.push('\n');
        }
        body.push_str(text);
        let body = self.sh.redact(body);
        let name = self.sh.name_for_kept(test);
        let mut d = Draft::new(
            name,
            self.sh.line(test),
            Check::Shell {
                text: body,
                timeout: None,
            },
        );
        d.kept = Some(format!("{why}, kept as written"));
        let key = d.check.output_key();
        let o = self.add(d, true, key, st);
        Some(Cond::Atom(o, Pred::Ok))
    }

    /// `echo WORD`, `printf WORD` of words that expand nothing, with no redirection: a command
    /// that does not fail.
    fn constant_echo(&self, n: Node) -> bool {
        n.kind() == "command"
            && matches!(self.sh.command_name(n).as_deref(), Some("echo" | "printf"))
            && named_children(n).iter().skip(1).all(|w| {
                matches!(w.kind(), "word" | "raw_string" | "number")
                    || (w.kind() == "string"
                        && named_children(*w)
                            .iter()
                            .all(|p| p.kind() == "string_content"))
            })
    }

    /// An assignment whose captures the fragment may run again at its own moment: requests
    /// `curl` makes that change nothing (no data, method, upload, cookie jar or file written)
    /// and the words `echo` or `printf` give where it fails (`$(curl -sf URL || echo FAILED)`).
    fn repeatable_capture(&self, stmt: Node) -> bool {
        let changes_nothing = |name: Option<&str>, text: &str| match name {
            Some("curl") => {
                !curl_writes_a_file(text)
                    && !text.split_whitespace().any(|w| {
                        let w = w.split('=').next().unwrap_or(w);
                        matches!(
                            w,
                            "-d" | "--data"
                                | "--data-raw"
                                | "--data-binary"
                                | "--data-urlencode"
                                | "--json"
                                | "-F"
                                | "--form"
                                | "-X"
                                | "--request"
                                | "-T"
                                | "--upload-file"
                                | "-c"
                                | "--cookie-jar"
                                | "-D"
                                | "--dump-header"
                                | "-K"
                                | "--config"
                        ) || (w.starts_with('-')
                            && !w.starts_with("--")
                            && w[1..].contains(['d', 'F', 'X', 'T', 'c', 'D', 'K']))
                    })
            }
            Some("echo" | "printf" | "true") => true,
            _ => false,
        };
        self.commands_only(
            vec![stmt],
            &changes_nothing,
            &[
                "process_substitution",
                "heredoc_redirect",
                "herestring_redirect",
            ],
        )
    }

    /// Whether every command under `start` is one `allowed` takes (by its name and text),
    /// every redirection goes to `/dev/null` or another descriptor, and no node is of a
    /// `refused` kind.
    fn commands_only(
        &self,
        start: Vec<Node>,
        allowed: &dyn Fn(Option<&str>, &str) -> bool,
        refused: &[&str],
    ) -> bool {
        let mut ok = true;
        let mut stack = start;
        while let Some(x) = stack.pop() {
            match x.kind() {
                "command" => {
                    ok &= allowed(self.sh.command_name(x).as_deref(), self.sh.text(x));
                }
                "file_redirect" => {
                    let t = self.sh.text(x).replace(' ', "");
                    ok &= t.ends_with("/dev/null") || t.contains(">&");
                }
                kind if refused.contains(&kind) => ok = false,
                _ => {}
            }
            stack.extend(named_children(x));
        }
        ok
    }

    /// A command this pass cannot express, as a predicate that is an error only if the verdict
    /// comes to depend on it.
    fn unknown(&mut self, n: Node) -> Cond {
        let line = self.sh.line(n);
        self.unknown_because(n, format!("line {line}: a command probekit cannot express"))
    }

    /// [`Self::unknown`], for this reason: what the script does there cannot be written, which
    /// matters only where the script's result depends on it (`[ "$QUIET" = 1 ] || echo up`
    /// before `exit 0` does not).
    fn unknown_because(&mut self, n: Node, why: String) -> Cond {
        let line = self.sh.line(n);
        let placeholder = Draft::new(
            "unknown",
            line,
            Check::Command {
                argv: Vec::new(),
                timeout: None,
                stdin: None,
                merge_stderr: false,
                words: Vec::new(),
            },
        );
        self.obs.push(Obs {
            ok: placeholder.clone(),
            captured: placeholder,
            out_key: "stdout",
            command: true,
            slept: 0.0,
            waits: None,
            repeat: None,
            unknown: Some(why),
            effect: false,
            settled: false,
            opposite: None,
        });
        Cond::Atom(self.obs.len() - 1, Pred::Ok)
    }

    /// After an assignment: `v=$(cmd)` fails with `cmd`, which ends the script under `set -e`.
    fn then_or_exit(&mut self, failed: Option<Cond>, k: &Cont<'_, 't>, mut st: State) -> R<Cond> {
        match failed {
            Some(c) => self.checked(Some(c), k, st),
            None => {
                st.last = Some(Cond::True);
                self.go(k, st)
            }
        }
    }

    /// The seconds a loop body sleeps when all it does is report and sleep.
    fn idle_body(&self, body: &[Node]) -> Option<f64> {
        self.idle_body_at(body, 0)
    }

    /// [`Self::idle_body`], `depth` calls of the script's functions deep (`log() { echo …; }`
    /// called in it is a report too).
    fn idle_body_at(&self, body: &[Node], depth: usize) -> Option<f64> {
        let mut slept = 0.0;
        for n in body {
            let n = match n.kind() {
                "comment" => continue,
                "redirected_statement" => self.to_terminal(*n)?,
                // `echo waiting && sleep 2`: a report, then what follows it.
                "list" => {
                    let parts = children(*n);
                    match parts.as_slice() {
                        [left, op, right] if self.sh.text(*op) == "&&" => {
                            slept += self.idle_body_at(&[*left, *right], depth)?;
                            continue;
                        }
                        _ => return None,
                    }
                }
                _ => *n,
            };
            // `: "${HOST:=staging}"` assigns: not idle; nor `: $((n += 1))`.
            if n.kind() != "command"
                || self.sh.assigns_defaults(n)
                || arith_assigns(self.sh.text(n))
            {
                return None;
            }
            match self.sh.command_name(n)?.as_str() {
                "printf" if self.sh.printf_may_fail(n) => return None,
                "echo" | "printf" | "logger" | ":" | "true" => {}
                "sleep" => slept += self.sleep_or_default(n)?,
                name if depth < 4 && self.sh.fn_bodies.contains_key(name) => {
                    let &(start, end) = self.sh.fn_bodies.get(name)?;
                    let def = find_node(self.sh.tree.root_node(), start, end)
                        .filter(|b| b.start_byte() == start)?;
                    // (Its own words only: `exit`, `return` or `$@` would make it more.)
                    let text = self.sh.text(def);
                    if def.kind() != "compound_statement"
                        || ["exit", "return", "shift"].iter().any(|w| text.contains(w))
                    {
                        return None;
                    }
                    slept += self.idle_body_at(&statements(def), depth + 1)?;
                }
                _ => return None,
            }
        }
        Some(slept)
    }

    /// `while true; do PRE; if CHECK; then …; exit 0; fi; REST; done` (also `return 0`,
    /// `CHECK && break`, an `else` whose statements go on with REST, PRE assignments and
    /// reports): the loop waits for CHECK as `until PRE; CHECK; do REST; done` does, then runs
    /// what the branch ran. The loop's condition, its body, and what runs once CHECK passes
    /// (the branch without its `break`). Under `set -e` a PRE that may fail would end the
    /// script, which an `until` condition does not: such a loop is left as it is.
    fn check_first(
        &self,
        cond: &[Node<'t>],
        body: &[Node<'t>],
        until: bool,
        errexit: bool,
    ) -> Option<LoopParts<'t>> {
        let [c] = cond else { return None };
        let always = self.sh.text(*c).replace(' ', "");
        if until || !matches!(always.as_str(), "true" | ":" | "((1))" | "[1]") {
            return None;
        }
        // (`echo > /dev/tcp/h/p` is a connection, not a log.)
        let log = |n: &Node| self.is_log(unredirected(*n)) && !self.sh.names_socket(*n);
        let j = body
            .iter()
            .position(|n| unredirected(*n).kind() != "variable_assignment" && !log(n))?;
        let (pre, rest) = body.split_at(j);
        let may_fail = |n: &Node| {
            let t = self.sh.text(*n);
            n.kind() == "variable_assignment" && (t.contains("$(") || t.contains('`'))
        };
        if errexit && pre.iter().any(may_fail) {
            return None;
        }
        let (check, rest) = rest.split_first()?;
        let (tests, then, otherwise): (Vec<Node>, Vec<Node>, Vec<Node>) = match check.kind() {
            "if_statement" => {
                let mut w = check.walk();
                let tests: Vec<Node> = check
                    .children_by_field_name("condition", &mut w)
                    .filter(|c| c.is_named() && c.kind() != "comment")
                    .collect();
                let mut then = Vec::new();
                let mut otherwise = Vec::new();
                for c in named_children(*check) {
                    match c.kind() {
                        "comment" => {}
                        "elif_clause" => return None,
                        "else_clause" => otherwise = statements(c),
                        _ if tests.iter().any(|t| t.id() == c.id()) => {}
                        _ => then.push(c),
                    }
                }
                (tests, then, otherwise)
            }
            "list" => {
                let (left, "&&", then) = self.list_sides(*check)? else {
                    return None;
                };
                (vec![left], then, Vec::new())
            }
            _ => return None,
        };
        let (last, reports) = then.split_last()?;
        if !reports.iter().all(|r| self.is_log(unredirected(*r))) {
            return None;
        }
        let after = match self.sh.command_name(*last).as_deref() {
            // (`return 0` of the function the loop is in: run after the loop, it returns.)
            Some("exit" | "return") if exit_code(self.sh, *last) == Some(0) => then.clone(),
            Some("break") if self.sh.args(*last).is_empty() => reports.to_vec(),
            _ => return None,
        };
        // A `break` of this loop elsewhere would leave it for what the check's branch runs.
        if otherwise
            .iter()
            .chain(rest)
            .any(|s| breaks_this_loop(self.sh, *s))
        {
            return None;
        }
        // Reports before the check print, and decide nothing: not part of the condition.
        let mut new_cond: Vec<Node> = pre.iter().copied().filter(|p| !log(p)).collect();
        new_cond.extend(tests);
        let mut new_body = otherwise;
        new_body.extend_from_slice(rest);
        Some((new_cond, new_body, after))
    }

    /// The status of a report (`echo`, `printf`): 0, or not known where its arithmetic may
    /// fail (`echo "rate: $((errors * 100 / total))"`, a division by 0 making bash's status 1,
    /// which matters where it is read); an error where that ends a POSIX shell's script.
    fn report_status(&self, report: Node) -> R<Option<Cond>> {
        let may_fail = self.arithmetic_may_fail(report);
        if may_fail && self.sh.posix_shell() {
            return Err(
                "a report whose arithmetic may fail, which ends a /bin/sh script (dash: exit 2)"
                    .into(),
            );
        }
        Ok((!may_fail).then_some(Cond::True))
    }

    /// Whether an arithmetic expansion in `n` may fail: one this reading cannot work out to a
    /// number (`$((now - began))` of the clock can; `$((errors * 100 / total))` of counts read
    /// when the script runs cannot, and fails where `total` is 0).
    fn arithmetic_may_fail(&self, n: Node) -> bool {
        let mut fails = false;
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            if x.kind() == "arithmetic_expansion" {
                fails |= named_children(x).first().is_none_or(|e| {
                    self.arith(*e).is_none() && self.time_lin(*e).is_none_or(|t| t.mtime.is_some())
                });
                continue;
            }
            stack.extend(named_children(x));
        }
        fails
    }

    /// A wait given up by a `return N` of the function the loop is in: what the caller does
    /// with N must fail the script (`set -e`, `|| exit 1`), as the probe's giving up does.
    fn caller_fails_on_return(&mut self, next: &Cont<'_, 't>, st: &State) -> R<()> {
        let frame = find_through_rounds(next, |c| matches!(c, Cont::Return { .. }))
            .ok_or("`return` outside a function")?;
        let mut failed = st.clone();
        failed.last = Some(Cond::False);
        // (Read aside: what it sets and observes is not this path's.)
        let (vars, seen) = (self.sh.vars.clone(), self.obs.len());
        let given_up = self.go(frame, failed).map(simplify);
        self.sh.vars = vars;
        self.obs.truncate(seen);
        if given_up? != Cond::False {
            return Err("a wait whose giving up the caller may not fail on".into());
        }
        Ok(())
    }

    /// The body of a loop that waits for its condition until a time the caller gives: sleeps
    /// and reports, the clock read into a variable (`now=$(date +%s)`), and one test that
    /// ends the script with a failure once the seconds since the loop began pass a limit read
    /// when the script runs (`if (( now - start > LIMIT )); then exit 1; fi` with
    /// `LIMIT=${2:-60}`): the seconds between rounds, and the limit as a `wait`'s `until`.
    /// Also whether the limit is on a count of the seconds slept (`ELAPSED=$((ELAPSED +
    /// INTERVAL))` from 0, then `[ $ELAPSED -ge $MAX_WAIT ] && exit 1`), which leaves out the
    /// time the checks take.
    fn waits_until_late_counting(&self, body: &[Node]) -> Option<LateWait> {
        let mut slept = 0.0;
        // `ELAPSED=$((ELAPSED + INTERVAL))`: the name and what each round adds.
        let mut counter: Option<(String, String)> = None;
        // `sleep "$INTERVAL"` with an interval the caller gives (`-i 5`, `${STEP:-2}`).
        let mut late_sleep: Option<Text> = None;
        let mut clocks: Vec<String> = Vec::new();
        // `elapsed=$((now - start))` of a clock read in the round: the seconds since start.
        let mut spans: Vec<(String, String)> = Vec::new();
        let mut limit: Option<Deadline> = None;
        // What the round sleeps after the test: the time the script still tries once more
        // after its limit.
        let mut slept_after = 0.0;
        let mut late_after = false;
        for n in body {
            let n = match n.kind() {
                "comment" => continue,
                "redirected_statement" => self.to_terminal(*n)?,
                _ => *n,
            };
            match n.kind() {
                "variable_assignment" => {
                    let name = self.sh.text(n.child_by_field_name("name")?);
                    let value = self
                        .sh
                        .text(n.child_by_field_name("value")?)
                        .replace(['"', ' '], "");
                    let added = value
                        .strip_prefix("$((")
                        .and_then(|v| v.strip_suffix("))"))
                        .and_then(|v| {
                            v.strip_prefix(&format!("{name}+"))
                                .or_else(|| v.strip_prefix(&format!("${name}+")))
                        })
                        .map(|x| x.trim_start_matches('$').to_string());
                    let from_zero = matches!(self.sh.vars.get(name), Some(Var::Text(t)) if t.as_literal().as_deref() == Some("0"));
                    match added {
                        Some(x) if from_zero && counter.is_none() && limit.is_none() => {
                            counter = Some((name.to_string(), x));
                        }
                        _ if matches!(
                            value.as_str(),
                            "$(date+%s)" | "$(date-u+%s)" | "`date+%s`"
                        ) =>
                        {
                            clocks.push(name.to_string());
                        }
                        _ if limit.is_none()
                            && let Some((now, start)) = value
                                .strip_prefix("$((")
                                .and_then(|v| v.strip_suffix("))"))
                                .and_then(|v| v.split_once('-'))
                                .map(|(a, b)| {
                                    (a.trim_start_matches('$'), b.trim_start_matches('$'))
                                })
                            && clocks.iter().any(|c| c == now)
                            && start.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
                        {
                            spans.push((name.to_string(), format!("{now}-{start}")));
                        }
                        _ => return None,
                    }
                }
                "command" if !self.sh.assigns_defaults(n) => {
                    match self.sh.command_name(n)?.as_str() {
                        "echo" | "printf" | "logger" | ":" | "true" => {}
                        "sleep" => match self.sleep_seconds(n) {
                            Some(s) => {
                                slept += s;
                                if limit.is_some() {
                                    slept_after += s;
                                }
                            }
                            None if late_sleep.is_none() => {
                                late_sleep = Some(self.late_sleep(n)?);
                                late_after = limit.is_some();
                            }
                            None => return None,
                        },
                        _ => return None,
                    }
                }
                "if_statement" | "list" if limit.is_none() => {
                    let counted = counter.as_ref().map(|(name, _)| name.as_str());
                    limit = Some(self.late_deadline_exit(n, &clocks, &spans, counted)?);
                }
                _ => return None,
            }
        }
        // The counter adds what a round sleeps: the same number, or the same variable; and
        // nothing but its start and the loop reads it (`[ $waited -lt 2 ]` after the loop
        // would decide on it).
        if let Some((name, added)) = &counter {
            // (Reports may print it: `echo "ready after ${waited}s"`.)
            let word = regex::Regex::new(&format!(r"\b{}\b", regex::escape(name))).ok()?;
            let uses = |text: &str| -> usize {
                text.lines()
                    .filter(|l| {
                        let l = l.trim_start().trim_start_matches(">&2").trim_start();
                        !["echo ", "printf ", "logger "]
                            .iter()
                            .any(|r| l.starts_with(r))
                    })
                    .map(|l| word.find_iter(l).count())
                    .sum()
            };
            let inside: usize = body.iter().map(|b| uses(self.sh.text(*b))).sum();
            if uses(self.sh.script) != inside + 1 {
                return None;
            }
            let same = match (&late_sleep, added.parse::<f64>()) {
                (None, Ok(x)) => x == slept,
                (None, Err(_)) => matches!(
                    self.sh.vars.get(added.as_str()),
                    Some(Var::Text(t)) if t.as_literal().and_then(|v| v.parse::<f64>().ok()) == Some(slept)
                ),
                (Some(late), _) => {
                    let mut as_sleep = Text(vec![Piece::Var(added.clone(), None)]);
                    as_sleep.push_lit("s");
                    matches!(self.sh.vars.get(added.as_str()), Some(Var::Text(t)) if {
                        let mut t = t.clone();
                        t.push_lit("s");
                        t == *late
                    }) || as_sleep == *late
                }
            };
            // A count of one a round, a second each, is a count of tries: read exactly as
            // attempts elsewhere.
            if !same || slept == 0.0 && late_sleep.is_none() || slept == 1.0 {
                return None;
            }
        }
        let every = match late_sleep {
            Some(every) if slept == 0.0 => every,
            Some(_) => return None,
            None if slept > 0.0 => Text::lit(seconds(&slept.to_string())),
            None => return None,
        };
        let Deadline {
            mut until,
            returns,
            own_start,
            strict,
        } = limit?;
        // On the clock (whole seconds), `> LIMIT` gives up at LIMIT+1; and the script tries
        // again after the time the round sleeps past its test, where the suite's `wait` makes
        // no attempt that would start after `until`. (A count of the seconds slept gives up
        // before the round's next try.)
        if counter.is_none() {
            if strict {
                until.push_lit("+1s");
            }
            if late_after {
                until.push_lit("+");
                until.append(every.clone());
            } else if slept_after > 0.0 {
                until.push_lit(&format!("+{}", seconds(&slept_after.to_string())));
            }
        }
        Some(LateWait {
            every,
            until,
            counted: counter.is_some(),
            returns,
            own_start,
        })
    }

    /// `sleep "$INTERVAL"` with INTERVAL a count the caller gives: `${INTERVAL}s`.
    fn late_sleep(&self, n: Node) -> Option<Text> {
        let [mut every] = self.sh.args(n).try_into().ok()?;
        if !every.is_count() {
            return None;
        }
        every.push_lit("s");
        Some(every)
    }

    /// `if (( now - start > LIMIT )); then …; exit 1; fi` (or `[ $((now - start)) -ge "$LIMIT" ]
    /// && exit 1`, `$(date +%s)` for `now`, `$SECONDS` alone at the script's start): LIMIT, a
    /// value the caller gives, in seconds as a `wait`'s `until` (`${LIMIT}s`).
    fn late_deadline_exit(
        &self,
        n: Node,
        clocks: &[String],
        spans: &[(String, String)],
        counter: Option<&str>,
    ) -> Option<Deadline> {
        let (elapsed, limit, returns) = self.giving_up(n, &[">=", "-ge", ">", "-gt"])?;
        let strict = self.giving_up(n, &[">=", "-ge"]).is_none();
        // (`[ "$elapsed" -ge "$LIMIT" ]` of `elapsed=$((now - start))`: that difference.)
        let elapsed = spans
            .iter()
            .find(|(name, _)| *name == elapsed)
            .map_or(elapsed, |(_, span)| span.clone());
        // `[ "$SECONDS" -ge "$DEADLINE" ]` with `DEADLINE=$((SECONDS + TIMEOUT))`: on the
        // clock the deadline was set on.
        if let Some((until, kind)) = self.deadlines.get(&limit) {
            let now = elapsed.trim_start_matches("((");
            if self.clock_of(now, clocks) != Some(*kind) {
                return None;
            }
            let mut until = until.clone();
            until.push_lit("s");
            return Some(Deadline {
                until,
                returns,
                own_start: false,
                strict,
            });
        }
        let elapsed = elapsed
            .strip_prefix("((")
            .and_then(|e| e.strip_suffix("))"))
            .unwrap_or(&elapsed);
        // Whether the clock was read just now (`start=$(date +%s)` before the loop, after
        // other checks and sleeps): the wait's own deadline, not one from the script's start.
        let mut own_start = false;
        let since_start = match elapsed.split_once('-') {
            Some((now, start)) => {
                let start_value = match self.sh.vars.get(start) {
                    Some(Var::Text(t)) => t.as_literal().and_then(|v| v.parse::<i64>().ok()),
                    _ => None,
                };
                match self.clock_of(now, clocks) {
                    Some(Clock::Epoch) => {
                        // (Read where the loop's check, the last observation, was not yet
                        // made, and nothing slept since.)
                        own_start = start_value.is_some_and(|v| {
                            v == EPOCH + self.now.floor() as i64
                                && self.clock_reads.get(start)
                                    == Some(&(v, self.obs.len().saturating_sub(1)))
                        });
                        start_value == Some(EPOCH) || own_start
                    }
                    // `start=$SECONDS` where the script has not slept yet, then `(( SECONDS -
                    // start >= LIMIT ))`: the seconds since the script started.
                    // (bash's own: dash has no `SECONDS`, and an `unset` ends its counting;
                    // `-ge` only, as a wait of that long gives up.)
                    Some(Clock::Seconds) => {
                        start_value == Some(0)
                            && self.now == 0.0
                            && self.bash_script()
                            && !self.sh.src.contains("unset SECONDS")
                            && self.giving_up(n, &[">=", "-ge"]).is_some()
                    }
                    _ => false,
                }
            }
            None => {
                (elapsed == "SECONDS" && self.seconds_offset == 0.0)
                    || counter.is_some_and(|c| {
                        // A count gives up once it reaches the limit (`-ge`): with `-gt` the
                        // script tries once more than a wait of that long.
                        let t = self.sh.text(n);
                        (elapsed == c || elapsed == format!("${c}"))
                            && (t.contains("-ge") || t.contains(">="))
                            && !t.contains("-gt")
                    })
            }
        };
        if !since_start {
            return None;
        }
        let mut until = self.late_count(&limit)?;
        until.push_lit("s");
        Some(Deadline {
            until,
            returns,
            own_start,
            strict,
        })
    }

    /// `$((SECONDS + TIMEOUT))`, `$(( $(date +%s) + TIMEOUT ))`, `$((now + TIMEOUT))` with
    /// `now=$(date +%s)`: a deadline TIMEOUT seconds from now, TIMEOUT a count the caller
    /// gives. The time, and the clock it counts on. (`SECONDS` only in a bash script: dash
    /// has none, and an empty value in a test is an error there.)
    fn late_deadline_value(&self, n: Node) -> Option<(Text, Clock)> {
        let text: String = self
            .sh
            .text(n)
            .strip_prefix("$((")?
            .strip_suffix("))")?
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '{' | '}'))
            .collect();
        let text = text
            .replace("$(date+%s)", "@")
            .replace("$(date-u+%s)", "@")
            .replace("`date+%s`", "@")
            .replace('$', "");
        let (a, b) = text.split_once('+')?;
        let clock = |w: &str| {
            if w == "SECONDS" {
                return (self.seconds_offset == 0.0 && self.bash_script())
                    .then_some(Clock::Seconds);
            }
            (w == "@"
                || matches!(self.sh.vars.get(w), Some(Var::Text(t))
                    if t.as_literal().and_then(|v| v.parse::<i64>().ok()).is_some_and(|v| v >= EPOCH)))
            .then_some(Clock::Epoch)
        };
        let (limit, kind) = match (clock(a), clock(b)) {
            (Some(k), _) => (b, k),
            (None, Some(k)) => (a, k),
            _ => return None,
        };
        // (`late_count` reads a name, or `NAME:-N`.)
        let name = limit.split_once(":-").map_or(limit, |(name, _)| name);
        if name.contains(['+', '-', '*', '/', '(', ')']) {
            return None;
        }
        Some((self.late_count(limit)?, kind))
    }

    /// Whether the script runs under bash (its `#!` line names it), which has `$SECONDS`.
    fn bash_script(&self) -> bool {
        let first = self.sh.src.lines().next().unwrap_or_default();
        first.starts_with("#!") && first.contains("bash")
    }

    /// The clock a word of a test reads: `$SECONDS`, or the epoch (`$(date +%s)`, a clock
    /// variable of the loop's body), the word without `$` and quotes or with them.
    fn clock_of(&self, word: &str, clocks: &[String]) -> Option<Clock> {
        match word {
            "SECONDS" | "$SECONDS" | "${SECONDS}" if self.seconds_offset == 0.0 => {
                Some(Clock::Seconds)
            }
            "(date+%s)" | "(date-u+%s)" => Some(Clock::Epoch),
            w if clocks.iter().any(|c| c == w) => Some(Clock::Epoch),
            _ => None,
        }
    }

    /// The value of the variable `name` when the caller or the environment gives it, as a
    /// count (`${TRIES:-30}`); `None` for one the script states (a loop follows that itself).
    fn late_count(&self, name: &str) -> Option<Text> {
        let word = |w: &str| {
            w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        // `${WAIT_TRIES:-3}` of the environment, which the script does not set: the same.
        if let Some((env, default)) = name.split_once(":-") {
            // `${2:-30}`: the caller's argument, while the script has not shifted them.
            if let Ok(n @ 1..=9) = env.parse::<usize>() {
                let arg = positional_name(n);
                let unchanged = matches!(self.sh.vars.get(env),
                    Some(Var::Text(Text(p))) if matches!(p.as_slice(), [Piece::Var(a, None)] if *a == arg));
                return (unchanged && whole_number(default))
                    .then(|| Text(vec![Piece::Var(arg, Some(default.to_string()))]));
            }
            return (word(env) && whole_number(default) && !self.sh.vars.contains_key(env))
                .then(|| Text(vec![Piece::Var(env.to_string(), Some(default.to_string()))]));
        }
        if !word(name) {
            return None;
        }
        if let Some(Var::Sym(Sym::LateCount(count))) = self.sh.vars.get(name) {
            return Some(count.clone());
        }
        let Some(Var::Text(value)) = self.sh.vars.get(name) else {
            return None;
        };
        if value.as_literal().is_some() || !value.is_count() {
            return None;
        }
        Some(value.clone())
    }

    /// `$((TIMEOUT * 2))`, `$((RETRIES + 1))` of a count the caller gives (`TIMEOUT=${3:-30}`)
    /// and a whole number: the count as `attempts` reads it (`${arg3:-30}*2`).
    fn late_count_arith(&self, e: Node) -> Option<Text> {
        let e = if e.kind() == "parenthesized_expression" {
            named_children(e).into_iter().next()?
        } else {
            e
        };
        if e.kind() != "binary_expression" {
            return None;
        }
        let op = self.sh.text(e.child_by_field_name("operator")?);
        if !matches!(op, "*" | "+") {
            return None;
        }
        let (l, r) = (
            e.child_by_field_name("left")?,
            e.child_by_field_name("right")?,
        );
        // Decimal only: the shell reads `010` as eight.
        let number = |n: Node| {
            let t = self.sh.text(n);
            (n.kind() == "number"
                && t.chars().all(|c| c.is_ascii_digit())
                && (t == "0" || !t.starts_with('0')))
            .then(|| t.parse::<u32>().ok())
            .flatten()
        };
        let count = |n: Node| {
            matches!(n.kind(), "variable_name" | "simple_expansion" | "expansion")
                .then(|| self.late_count(self.expansion_name(n)))
                .flatten()
                // Only a count alone: `(${A}+1)*2` is not what `attempts` reads. With its
                // default: without one the shell's arithmetic reads nothing as 0.
                .filter(|t| t.is_count() && matches!(t.0.as_slice(), [Piece::Var(_, Some(_))]))
        };
        let (mut count, k) = match (count(l), number(r), count(r), number(l)) {
            (Some(c), Some(k), ..) | (.., Some(c), Some(k)) => (c, k),
            _ => return None,
        };
        if op == "*" && k == 0 {
            return None;
        }
        count.push_lit(&format!("{op}{k}"));
        Some(count)
    }

    /// `until check; do i=$((i+1)); if [ $i -ge $TRIES ]; then echo …; exit 1; fi; sleep 2;
    /// done` with TRIES a count the caller gives: the check's attempts (`${TRIES}`) and the
    /// round's sleep between them. The counter starts where the test first holds after
    /// exactly TRIES failed checks: at 0 stepped before the test, at 1 stepped after it.
    fn attempts_late(&self, body: &[Node<'t>], errexit: bool) -> Option<(f64, Text, bool)> {
        let mut slept = 0.0;
        // Where the test is, the counter, the limit, one more round for `-gt`, and whether it
        // gives up with a function's `return`.
        let mut test: Option<(usize, String, String, i64, bool)> = None;
        let mut others = Vec::new();
        let plain: Vec<Node> = body
            .iter()
            .filter(|n| n.kind() != "comment")
            .copied()
            .collect();
        for (i, n) in plain.iter().enumerate() {
            let inner = match n.kind() {
                "redirected_statement" => self.to_terminal(*n)?,
                _ => *n,
            };
            match inner.kind() {
                "command" if !self.sh.assigns_defaults(inner) => {
                    match self.sh.command_name(inner)?.as_str() {
                        "echo" | "printf" | "logger" | ":" | "true" => {}
                        "sleep" => slept += self.sleep_seconds(inner)?,
                        _ => others.push(n.id()),
                    }
                }
                "if_statement" | "list" if test.is_none() => {
                    let found = self
                        .giving_up(inner, &["-ge", ">=", "-eq", "=="])
                        .map(|(c, l, r)| (c, l, 0, r))
                        .or_else(|| {
                            self.giving_up(inner, &["-gt", ">"])
                                .map(|(c, l, r)| (c, l, 1, r))
                        });
                    match found {
                        Some((counter, limit, beyond, returns)) => {
                            test = Some((i, counter, limit, beyond, returns));
                        }
                        None => others.push(n.id()),
                    }
                }
                _ => others.push(n.id()),
            }
        }
        let (tested_at, counter, limit, beyond, returns) = test?;
        let counter = counter.strip_prefix("((").unwrap_or(&counter);
        let step = self.steps_by(&plain, counter, true, "1")?;
        // Nothing else happens in a round.
        if others != [step.id()] {
            return None;
        }
        // Under `set -e`, `((n++))` from 0 (and `let`, `expr` at 0) is a status of 1 that ends
        // the script at its first failed check.
        let step_text = self.sh.text(step).replace(' ', "");
        if errexit
            && (step_text.starts_with("((")
                || step_text.starts_with("let")
                || step_text.contains("expr"))
        {
            return None;
        }
        let stepped_first = plain.iter().position(|n| n.id() == step.id())? < tested_at;
        let start = match self.sh.vars.get(counter) {
            Some(Var::Text(t)) => t.as_literal()?.parse::<i64>().ok()?,
            _ => return None,
        };
        // From `start`, the round that gives up is the LIMIT-start-th (stepped first), or
        // the one after it (tested first: `[ $i -ge $MAX ] && exit 1` before `i=$((i+1))`
        // from 0 checks MAX+1 times), one later again for `-gt`. (`-eq` gives up in the same
        // round as `-ge` where the counter starts below the limit.)
        let more = i64::from(!stepped_first) - start + beyond;
        if !(0..=2).contains(&more) || (beyond == 1 && limit.is_empty()) {
            return None;
        }
        let mut count = self.late_count(&limit)?;
        if more > 0 {
            count.push_lit(&format!("+{more}"));
        }
        Some((slept, count, returns))
    }

    /// The command of `cmd >&2`, `cmd 2>/dev/null`: a statement whose redirections only move
    /// its output to the terminal or discard it (none that may fail, as a file or another
    /// descriptor may, which `set -e` stops at).
    fn to_terminal<'n>(&self, n: Node<'n>) -> Option<Node<'n>> {
        self.sh
            .output_to_terminal(n)
            .then(|| n.child_by_field_name("body"))
            .flatten()
    }

    /// A statement before a failing `exit` that shows the state of things and changes nothing
    /// the verdict reads: `docker compose logs --tail=100 app >&2 || true`, `docker ps`,
    /// `journalctl -u app -n 50`, `tail -n 50 app.log`, `cat app.log`.
    fn diagnostic_before_failing(&self, r: Node) -> bool {
        let (n, status_dropped) = match r.kind() {
            "list" => match children(r).as_slice() {
                [left, op, right]
                    if self.sh.text(*op) == "||"
                        && matches!(self.sh.text(*right).trim(), "true" | ":") =>
                {
                    (*left, true)
                }
                _ => return false,
            },
            _ => (r, false),
        };
        // Under `set -e` one that fails ends the script with its own status (a Nagios plugin's
        // WARNING where it meant CRITICAL): only with `|| true` there.
        if !status_dropped && super::may_set_errexit(self.sh.script) {
            return false;
        }
        // (Shown on the terminal, not written to a file.)
        if n.kind() == "redirected_statement" && !self.sh.output_to_terminal(n) {
            return false;
        }
        let n = unredirected(n);
        if n.kind() != "command" {
            return false;
        }
        let Some(words) = self.literal_args(n) else {
            return false;
        };
        let has = |w: &str| words.iter().any(|a| a == w);
        // `-f`, `--follow`, `-w`, `--watch` (alone, joined to other letters, or with a value):
        // a diagnostic that never ends.
        let follows = |letters: &[char]| super::follows(&words, letters);
        // What it reads: a file named, not its input.
        let names_a_file = words.iter().any(|w| !w.starts_with('-'));
        let verb: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .filter(|w| !w.starts_with('-'))
            .take(2)
            .collect();
        match self.sh.command_name(n).as_deref() {
            Some("docker" | "podman") if !follows(&['f', 'w']) => {
                matches!(verb.as_slice(), ["logs", ..] | ["ps", ..] | ["inspect", ..])
                    || matches!(verb.as_slice(), ["compose", "logs" | "ps"])
            }
            Some("docker-compose") if !follows(&['f', 'w']) => has("logs") || has("ps"),
            Some("journalctl") => !follows(&['f', 'F']),
            Some("tail" | "head" | "cat") => !follows(&['f', 'F']) && names_a_file,
            Some("ls") => true,
            Some("kubectl") if !follows(&['f', 'w']) => {
                matches!(verb.first(), Some(&("logs" | "describe" | "get")))
            }
            _ => false,
        }
    }

    /// `if TEST; then …; exit N; fi` or `TEST && exit N` (N not 0, reports before it; or a
    /// function's `return N`), with TEST a comparison by one of `ops` (`[ $a -ge $b ]`,
    /// `(( a >= b ))`): its two sides, without quotes, `$`, braces and blanks, and whether it
    /// returns rather than exits.
    fn giving_up(&self, n: Node, ops: &[&str]) -> Option<(String, String, bool)> {
        let (test, then): (Node, Vec<Node>) = match n.kind() {
            "if_statement" => {
                if named_children(n)
                    .iter()
                    .any(|c| matches!(c.kind(), "elif_clause" | "else_clause"))
                {
                    return None;
                }
                let cond = n.child_by_field_name("condition")?;
                let body = named_children(n)
                    .into_iter()
                    .filter(|c| c.id() != cond.id() && c.kind() != "comment")
                    .collect();
                (cond, body)
            }
            _ => {
                let (left, "&&", body) = self.list_sides(n)? else {
                    return None;
                };
                (left, body)
            }
        };
        // What runs then: reports, and a failing exit last.
        let (last, reports) = then.split_last()?;
        let returns = self.sh.command_name(*last).as_deref() == Some("return");
        let fails = matches!(
            self.sh.command_name(*last).as_deref(),
            Some("exit" | "return")
        ) && self
            .sh
            .args(*last)
            .first()
            .and_then(Text::as_literal)
            .and_then(|c| c.parse::<i64>().ok())
            // (`exit 256`, `return 256`: the status is taken modulo 256, and is 0.)
            .is_some_and(|c| c.rem_euclid(256) != 0);
        // (Or what only looks before the failure: `docker compose logs app || true`, whose
        // result the failure that follows makes no difference to.)
        let reporting = reports.iter().all(|r| {
            matches!(
                self.sh.command_name(unredirected(*r)).as_deref(),
                Some("echo" | "printf" | "logger")
            ) || self.diagnostic_before_failing(*r)
        });
        if !fails || !reporting {
            return None;
        }
        let text: String = self
            .sh
            .text(test)
            .chars()
            .filter(|c| !matches!(c, ' ' | '"' | '$' | '{' | '}' | '\t'))
            .collect();
        let inner = test_inside(&text)?;
        let (left, right) = ops.iter().find_map(|op| inner.split_once(op))?;
        Some((left.to_string(), right.to_string(), returns))
    }

    /// `A && B` or `A || { B; C; }`: A, the operator, and the statements of the right side.
    fn list_sides<'n>(&self, n: Node<'n>) -> Option<(Node<'n>, &str, Vec<Node<'n>>)> {
        let parts = children(n);
        let [left, op, right] = parts.as_slice() else {
            return None;
        };
        let then = match right.kind() {
            "compound_statement" => statements(*right),
            _ => vec![*right],
        };
        Some((*left, self.sh.text(*op), then))
    }

    /// `${N:?message}` or `${N?message}` (N from 1 to 9, quoted or not) while `$N` is still
    /// the caller's argument (no `shift`, `set --` or options read): N.
    fn required_argument(&self, value: Node) -> Option<usize> {
        let e = self.unquoted(value);
        if e.kind() != "expansion" {
            return None;
        }
        let inner = self.sh.text(e).strip_prefix("${")?.strip_suffix('}')?;
        let digit = inner.chars().next()?.to_digit(10).filter(|d| *d >= 1)? as usize;
        let rest = &inner[1..];
        if !(rest.starts_with(":?") || rest.starts_with('?'))
            || rest.contains("$(")
            || rest.contains('`')
        {
            return None;
        }
        let own = matches!(
            self.sh.vars.get(&digit.to_string()),
            Some(Var::Text(Text(p))) if matches!(p.as_slice(), [Piece::Var(n, None)] if *n == positional_name(digit))
        );
        let reads_options = ["getopts", "shift", "OPTIND", "set --"]
            .iter()
            .any(|w| self.sh.src.contains(w));
        (own && !reads_options && self.sh.findings.options.is_empty()).then_some(digit)
    }

    /// `if [ $# -lt N ]; then usage; exit 2; fi`, `[ $# -eq 0 ] && usage` (a `usage` that
    /// exits non-zero), `[ "$#" -ge N ] || exit 1`: the count of positional arguments the
    /// script fails without. Only `-lt`, `-le`, `-eq 0`, `-ne N` and their `(( ))` forms: a
    /// script that fails on more arguments is refused by the suite there too where it declares
    /// the N arguments the script reads (`-ne N`; `-gt N`, which requires none: 0).
    fn arity_guard(&self, n: Node) -> Option<usize> {
        let (test, then, negated): (Node, Vec<Node>, bool) = match n.kind() {
            "if_statement" => {
                let (conds, body, rest) = clause_parts(n);
                let [c] = conds.as_slice() else { return None };
                if !rest.is_empty() {
                    return None;
                }
                (*c, body, false)
            }
            "list" => match self.list_sides(n)? {
                (left, "&&", then) => (left, then, false),
                (left, "||", then) => (left, then, true),
                _ => return None,
            },
            _ => return None,
        };
        let (last, before) = then.split_last()?;
        // Failing as the reading counts it: a Nagios plugin's `exit 1` is a WARNING, which
        // passes.
        let fails = match exit_code(self.sh, unredirected(*last)) {
            Some(c) => c > self.passing,
            None => false,
        };
        let reports = before.iter().all(|r| {
            let r = unredirected(*r);
            self.is_log(r)
                || self
                    .sh
                    .command_name(r)
                    .is_some_and(|f| self.sh.fn_bodies.contains_key(&f))
        });
        if !fails || !reports {
            return None;
        }
        let text: String = self
            .sh
            .text(test)
            .chars()
            .filter(|c| !matches!(c, ' ' | '"' | '\'' | '\t'))
            .collect();
        let arith = text.starts_with("((");
        // `[[ $# -lt 2 || $# -gt 3 ]]` (or `[ … ] || [ … ]`): too few or too many, each a
        // bound of its own.
        let parts: Vec<&str> = match test_inside(&text) {
            _ if test.kind() == "list" => {
                if negated || !text.contains("||") || text.contains("&&") {
                    return None;
                }
                text.split("||").map(test_inside).collect::<Option<_>>()?
            }
            Some(inner) if inner.contains("||") && !negated && !inner.contains("&&") => {
                inner.split("||").collect()
            }
            Some(inner) => vec![inner],
            None => return None,
        };
        // Joined by `||`, the fewest the script takes is the highest bound below.
        let joined = parts.len() > 1;
        let mut fewest = 0;
        for part in parts {
            fewest = fewest.max(self.arity_part(part, arith, negated, joined)?);
        }
        Some(fewest)
    }

    /// One comparison of `$#` in an [`Self::arity_guard`], `inner` without blanks: the count
    /// of arguments the script fails below, or 0 for a limit above that the suite keeps too.
    /// `joined` to others by `||`, it must be a bound below (`-lt`, `-le`) or above (`-gt`):
    /// `-ne 1 || -ne 2` holds for any count.
    fn arity_part(&self, inner: &str, arith: bool, negated: bool, joined: bool) -> Option<usize> {
        let rest = inner
            .strip_prefix("$#")
            .or_else(|| inner.strip_prefix("${#}"))?;
        // Longest operators first: `<=` before `<`.
        let ops = [
            "-lt", "-le", "-eq", "-ne", "-ge", "-gt", "<=", ">=", "==", "!=", "<", ">",
        ];
        let op = ops.iter().find(|o| rest.starts_with(**o))?;
        if joined && !matches!(*op, "-lt" | "-le" | "-gt" | "<=" | "<" | ">") {
            return None;
        }
        // `<`, `>`… compare numbers in `(( ))` alone: in `[ ]` a redirect, in `[[ ]]` text.
        if !op.starts_with('-') && !arith {
            return None;
        }
        // `[ $# -lt "$NO_ARGS" ]` with `NO_ARGS=1`: the count the variable holds.
        let count_text = &rest[op.len()..];
        let count: usize = match count_text.strip_prefix('$') {
            Some(name) => match self.sh.vars.get(name.trim_matches(['{', '}'])) {
                Some(Var::Text(t)) => t.as_literal()?.parse().ok()?,
                _ => return None,
            },
            None => count_text.parse().ok()?,
        };
        // The test that fails the script: as written, or its opposite after `||`.
        let fails_below = match (*op, negated) {
            ("-lt" | "<", false) | ("-ge" | ">=", true) => count,
            ("-le" | "<=", false) | ("-gt" | ">", true) => count + 1,
            ("-eq" | "==", false) if count == 0 => 1,
            // `[ $# -ne 2 ] && exit 1`: exactly N. The suite refuses an argument beyond those
            // it declares, as the script refuses more than N.
            ("-ne" | "!=", false) | ("-eq" | "==", true)
                if count > 0 && self.highest_positional() <= count =>
            {
                count
            }
            // `[ $# -gt 3 ] && usage`: too many; none required. The suite refuses those too
            // where it declares exactly the N the script reads (`$3` the highest): with fewer,
            // it would refuse what the script takes and ignores.
            ("-gt" | ">", false) | ("-le" | "<=", true) if self.highest_positional() == count => {
                return Some(0);
            }
            _ => return None,
        };
        (fails_below > 0 && fails_below <= 9).then_some(fails_below)
    }

    /// The highest `$N` (`${N}`, `${N:-…}`) the script expands outside its functions and
    /// single quotes: the suite declares an argument for each, and so takes as many.
    fn highest_positional(&self) -> usize {
        super::positional_words(self.sh.src).highest
    }

    /// `sleep N` (or `Ns`) with N known: the seconds.
    fn sleep_seconds(&self, n: Node) -> Option<f64> {
        self.sh
            .args(n)
            .first()?
            .as_literal()?
            .trim_end_matches('s')
            .parse()
            .ok()
    }

    /// [`Self::sleep_seconds`], or for `sleep "$PERIOD"` of `PERIOD=${PERIOD:-2}` the
    /// default's, with a warning once the reading is over (where no form of the probe reads
    /// the caller's value).
    fn sleep_or_default(&self, n: Node) -> Option<f64> {
        if let Some(secs) = self.sleep_seconds(n) {
            return Some(secs);
        }
        let words = self.sh.args(n);
        let [word] = words.as_slice() else {
            return None;
        };
        // `sleep "$TIME"` without a default: a second, warned (see `conditions`).
        if let [Piece::Var(var, d)] = word.0.as_slice()
            && d.as_deref().is_none_or(str::is_empty)
        {
            self.late_sleeps
                .borrow_mut()
                .insert((self.sh.line(n), var.clone(), String::new()));
            return Some(1.0);
        }
        let [Piece::Var(var, Some(default))] = word.0.as_slice() else {
            return None;
        };
        let secs: f64 = default
            .parse()
            .ok()
            .filter(|s: &f64| s.is_finite() && *s >= 0.0)?;
        self.late_sleeps
            .borrow_mut()
            .insert((self.sh.line(n), var.clone(), default.clone()));
        Some(secs)
    }

    /// A warning for `line`, unless one is there already (a loop reads its lines again).
    fn warn_once(&mut self, line: usize, message: String) {
        if !self.sh.findings.warnings.iter().any(|w| w.line == line) {
            self.sh.findings.warnings.push(Warning { line, message });
        }
    }

    /// Whether every read of the variable `name` in the script is a word of a message
    /// (`echo`, `printf`, `logger`) that feeds nothing (not in a pipeline, a substitution or
    /// a redirect's target), and there is one.
    fn only_in_messages(&self, name: &str) -> bool {
        let mut reads = 0;
        let mut all = true;
        let mut stack = vec![self.sh.tree.root_node()];
        while let Some(x) = stack.pop() {
            if matches!(x.kind(), "simple_expansion" | "expansion")
                && super::expanded_variable(self.sh.text(x)) == name
            {
                reads += 1;
                let mut up = x.parent();
                let mut ok = false;
                while let Some(p) = up {
                    match p.kind() {
                        "command" => {
                            ok = self.is_log(p)
                                && p.parent().is_none_or(|q| {
                                    !matches!(
                                        q.kind(),
                                        "pipeline"
                                            | "command_substitution"
                                            | "redirected_statement"
                                            // `! echo "$v" | grep -q X`: the `!` of the
                                            // pipeline the echo starts.
                                            | "negated_command"
                                    )
                                });
                            break;
                        }
                        "file_redirect" | "command_substitution" | "pipeline" => break,
                        _ => up = p.parent(),
                    }
                }
                all &= ok;
            }
            stack.extend(named_children(x));
        }
        reads > 0 && all
    }

    /// `. FILE` / `source FILE` of a file of settings ([`Shell::settings_source`]) read where
    /// a missing file changes nothing: behind a test that it is there, or by bash without
    /// `set -e` (dash stops the script there, and `set -e` does).
    fn settings_file(&self, n: Node, st: &State) -> bool {
        self.sh.settings_source(n).is_some_and(|guarded| {
            // (`set -o posix`: bash stops at a missing file as dash does.)
            guarded || (!self.sh.posix_shell() && !st.errexit && !self.sh.src.contains("posix"))
        })
    }

    fn is_log(&self, n: Node) -> bool {
        n.kind() == "command"
            && !self.sh.assigns_defaults(n)
            && !self.sh.printf_may_fail(n)
            && matches!(
                self.sh.command_name(n).as_deref(),
                Some("echo" | "printf" | "logger" | ":" | "true")
            )
    }

    fn command(&mut self, n: Node<'t>, k: &Cont<'_, 't>, mut st: State) -> R<Cond> {
        if self.removes_body_files(n) || self.read_address_halves(n) {
            st.last = Some(Cond::True);
            return self.go(k, st);
        }
        if let Some(tool) = self.tool_guard(n) {
            self.assume_installed(n, &tool);
            st.last = Some(Cond::True);
            return self.go(k, st);
        }
        if let Some(inner) = self.silent_substitution(n) {
            let c = self.truth(inner, &mut st)?;
            return self.checked(Some(c), k, st);
        }
        let Some(name) = self.sh.command_name(n) else {
            // `$(sleep 2)` alone: sleep prints nothing, so nothing more runs; it sleeps.
            if let Some(inner) = self.sleep_substitution(n) {
                return self.command(inner, k, st);
            }
            return Err("a command whose name is computed".into());
        };
        match name.as_str() {
            "set" => {
                let words = self.sh.args(n);
                let args: Vec<String> = words.iter().filter_map(Text::as_literal).collect();
                for (option, on) in super::set_options(&args) {
                    match option {
                        // dash (Debian's /bin/sh) refuses the option and ends the script
                        // there; busybox and bash take it: what the script does depends on
                        // the machine.
                        // (`#!/bin/sh`, `#!/usr/bin/env sh`.)
                        "pipefail"
                            if on
                                && matches!(
                                    super::super::shebang_program(self.sh.script),
                                    Some("sh" | "dash")
                                ) =>
                        {
                            return Err(PIPEFAIL_UNDER_SH.into());
                        }
                        "pipefail" => st.pipefail = on,
                        "errexit" => st.errexit = on,
                        "--" => return Err("`set --` changes the script's arguments".into()),
                        _ => {}
                    }
                }
                // A word the script computes may be an option or an argument.
                if args.len() != words.len() {
                    return Err("`set` with words the script computes".into());
                }
                st.last = Some(Cond::True);
                self.go(k, st)
            }
            // `CHECK &` then `wait $!`: the status is the job's, which runs beside the script
            // (a bare `wait` returns 0).
            "wait" if !self.sh.args(n).is_empty() => {
                Err("`wait` for a job the script started in the background".into())
            }
            // `trap 'exit 1' ERR`: every command that fails outside a test runs it, which this
            // pass does not follow.
            "trap"
                if self
                    .sh
                    .text(n)
                    .split_whitespace()
                    .skip(2)
                    .any(|w| matches!(w.trim_matches(['"', '\'']), "ERR" | "SIGERR")) =>
            {
                Err("a `trap` on ERR".into())
            }
            "printf" if self.sh.printf_may_fail(n) => Err(super::PRINTF_MAY_FAIL.into()),
            "echo" | "printf" | "logger" | ":" | "true" | "trap" | "shopt" | "umask" | "wait"
            | "local" | "unset" => {
                if (name == ":" && self.sh.arg_values(n).iter().any(Option::is_none))
                    || super::requires_variable(self.sh.text(n))
                {
                    return Err("a `${VAR:?}` check of the environment".into());
                }
                st.last = self.report_status(n)?;
                self.go(k, st)
            }
            "sleep" => {
                let secs = self
                    .sleep_or_default(n)
                    .ok_or("a `sleep` of a computed time")?;
                st.slept += secs;
                if self.obs.is_empty() {
                    self.warn_once(
                        self.sh.line(n),
                        format!(
                            "`sleep {secs}` before the checks is not converted: the suite checks at once"
                        ),
                    );
                }
                st.last = Some(Cond::True);
                self.go(k, st)
            }
            "false" => self.checked(Some(Cond::False), k, st),
            "exit" => self.exit_code(n, &st),
            "return" => {
                let code = self.exit_value(n, &st)?;
                // A round of a counted loop (`Cont::Round`) is left for what follows the loop.
                let frame = find_through_rounds(k, |c| matches!(c, Cont::Return { .. }))
                    .ok_or("`return` outside a function")?;
                st.last = Some(code);
                self.go(frame, st)
            }
            "break" | "continue" => {
                let lp = find(k, |c| c.is_loop()).ok_or("`break` outside a loop")?;
                if !self.sh.args(n).is_empty() {
                    return Err("`break N`".into());
                }
                st.last = Some(Cond::True);
                // A round that breaks leaves the loop: what follows it decides, with what the
                // round assigned (`STATUS=OK; break`, then `[ "$STATUS" = OK ] && exit 0`).
                if let Cont::Round { after, .. } = lp
                    && name == "break"
                {
                    return self.go(after, st);
                }
                match (name.as_str(), lp) {
                    ("break", Cont::For { next, .. } | Cont::While { next, .. }) => {
                        self.go(next, st)
                    }
                    _ => self.go(lp, st),
                }
            }
            // `exec "$@"` (or `exec $cmd` after `cmd="$@"`): what a wait script starts once
            // its checks pass, not a check.
            "exec"
                if self.sh.text(n).split_whitespace().skip(1).all(|w| {
                    all_arguments(w)
                        || self.forwarded.iter().any(|v| {
                            let w = w.trim_matches('"');
                            w == format!("${v}")
                                || w == format!("${{{v}}}")
                                || w == format!("${{{v}[@]}}")
                        })
                }) =>
            {
                self.sh.findings.ignores_args = true;
                // In a wait loop (`if nc -z "$h" "$p"; then exec "$@"; fi; sleep 1`) it is how
                // the script passes once the check does: the program takes the script's place.
                // Given no command, `exec` does nothing and the loop goes on, which the suite
                // does not follow: the warning says so on this line.
                let in_loop = find(k, |c| c.is_loop()).is_some()
                    // `"$@"` still holds the words the script read as `$1`… unless it shifted
                    // them away: `exec` would start `$1` as a program.
                    && (self.highest_positional() == 0 || super::positional_words(self.sh.src).moved)
                    // `if [ $# -gt 0 ]; then exec "$@"; fi; exit 0` goes on as it says.
                    && !std::iter::successors(n.parent(), |p| p.parent())
                        .take(3)
                        .any(|p| {
                            p.kind() == "if_statement"
                                && p.child_by_field_name("condition")
                                    .is_some_and(|c| self.sh.text(c).contains("$#"))
                        });
                let text = self.sh.text(n).trim().to_string();
                if in_loop {
                    self.warn_once(
                        self.sh.line(n),
                        format!(
                            "`{text}` starts what the caller passes once the check of its round passes: not converted; the suite passes there, as the script does when it is given a command (given none, `exec` does nothing and the script's loop goes on)"
                        ),
                    );
                    return Ok(Cond::True);
                }
                self.warn_once(
                    self.sh.line(n),
                    format!(
                        "`{text}` starts what the caller passes once the checks pass: not converted"
                    ),
                );
                st.last = Some(Cond::True);
                self.go(k, st)
            }
            // `eval "$@"` (or `eval $*`) after the checks: runs what the caller passes, as a
            // wait script's `exec "$@"` does, and goes on; given nothing it does nothing.
            "eval"
                if !self.sh.args(n).is_empty()
                    && self
                        .sh
                        .text(n)
                        .split_whitespace()
                        .skip(1)
                        .all(all_arguments)
                    && find(k, |c| c.is_loop()).is_none() =>
            {
                self.sh.findings.ignores_args = true;
                let text = self.sh.text(n).trim().to_string();
                self.warn_once(
                    self.sh.line(n),
                    format!(
                        "`{text}` runs what the caller passes: not converted (given nothing, it does nothing; given a command, the suite does not run it)"
                    ),
                );
                st.last = Some(Cond::True);
                self.go(k, st)
            }
            // `exec /app/server` (or `exec gunicorn app:app`): the program a wait script
            // becomes once its checks pass. Nothing after it runs; its exit status is the
            // program's, not a check's.
            "exec"
                if self.sh.args(n).first().is_some_and(|w| {
                    w.as_literal().is_some_and(|p| {
                        !p.starts_with('-')
                            && !super::EXEC_CHECKS
                                .contains(&p.rsplit('/').next().unwrap_or(p.as_str()))
                    })
                }) =>
            {
                // `if curl -f "$url"; then true; else exec sh -c "$recover"; fi`: where the check
                // fails the script becomes that program, and its exit status is the script's.
                if may_follow_a_failed_check(self.sh, n) {
                    return Err(
                        "`exec` where a check fails: the script's exit status is that program's"
                            .into(),
                    );
                }
                self.warn_once(
                    self.sh.line(n),
                    format!(
                        "`{}` replaces the script with that program once the checks pass: not converted; if the program is itself a check, its exit status is the script's and the suite does not have it",
                        self.sh.text(n).trim()
                    ),
                );
                Ok(Cond::True)
            }
            // After a `getopts` loop: `$1` is the first word that is not an option, as the
            // suite's positional arguments are.
            "shift"
                if self.sh.vars.contains_key(OPTIONS_READ)
                    && matches!(
                        self.sh.text(n).replace([' ', '"'], "").as_str(),
                        "shift$((OPTIND-1))" | "shift$(($OPTIND-1))" | "shift`expr$OPTIND-1`"
                    ) =>
            {
                self.sh.vars.remove(OPTIONS_READ);
                for i in 1..=9 {
                    self.sh.vars.insert(
                        i.to_string(),
                        Var::Text(Text(vec![Piece::Var(positional_name(i), None)])),
                    );
                }
                st.last = Some(Cond::True);
                self.go(k, st)
            }
            // `shift 2` after `host="$1"; port="$2"`: `$1` is now the third argument.
            "shift" if !self.sh.vars.contains_key(OPTIONS_READ) => {
                let words: Vec<&str> = self.sh.text(n).split_whitespace().skip(1).collect();
                let by = match words.as_slice() {
                    [] => 1,
                    [k] => k
                        .parse::<usize>()
                        .map_err(|_| format!("`shift {k}` by a number the script computes"))?,
                    _ => return Err("`shift` with more than a count".into()),
                };
                // With fewer words than it shifts, dash stops the script (exit 2), bash
                // shifts nothing (status 1, which `set -e` stops on): the suite requires them
                // where the shift always runs; bash's `shift 2` without `set -e` is not read.
                if self.sh.findings.required_positional < by {
                    let always = n.parent().is_some_and(|p| {
                        p.kind() == "program"
                            || p.kind() == "redirected_statement"
                                && p.parent().is_some_and(|g| g.kind() == "program")
                    });
                    if self.sh.posix_shell() || st.errexit {
                        if !always {
                            return Err(format!(
                                "`shift {by}` where fewer words stop the script, not always run"
                            ));
                        }
                        self.sh.findings.required_positional = by;
                    } else if by >= 2 && super::reads_words(self.sh.script) {
                        // Where nothing after it reads the words but a final `exec "$@"`,
                        // fewer words leave that `exec` the first of them to run as a program
                        // (which fails): the suite requires them, as where the shift stops the
                        // script.
                        let (read, handed_over) = self.words_read_after(n);
                        if read || n.next_named_sibling().is_none() {
                            return Err(format!(
                                "`shift {by}` shifts nothing under bash where fewer words are given"
                            ));
                        }
                        // Given no word at all, the `exec` does nothing: only where the words
                        // the shift passes over are read bare (`host=$1`), and are then empty,
                        // does the script fail without them as the suite does.
                        let defaulted = (1..=by).any(|k| {
                            [
                                format!("${{{k}:"),
                                format!("${{{k}-"),
                                format!("${{{k}="),
                                format!("${{{k}+"),
                            ]
                            .iter()
                            .any(|w| self.sh.src.contains(w.as_str()))
                        });
                        if handed_over && defaulted {
                            return Err(format!(
                                "`shift {by}` shifts nothing under bash where fewer words are given, and the words have defaults"
                            ));
                        }
                        if handed_over {
                            if !always {
                                return Err(format!(
                                    "`shift {by}` shifts nothing under bash where fewer words are given, not always run"
                                ));
                            }
                            self.sh.findings.required_positional = by;
                            self.warn_once(
                                self.sh.line(n),
                                format!(
                                    "with fewer than {by} words, bash's `shift {by}` shifts nothing and the `exec \"$@\"` after the checks runs the first word as a program: the suite requires {by} words"
                                ),
                            );
                        }
                    }
                }
                let mut shifted = Vec::with_capacity(9);
                for i in 1..=9 {
                    let from = i + by;
                    shifted.push(match self.sh.vars.get(&from.to_string()) {
                        Some(v) if from <= 9 => v.clone(),
                        _ => Var::Text(Text(vec![Piece::Var(positional_name(from), None)])),
                    });
                }
                for (i, v) in shifted.into_iter().enumerate() {
                    self.sh.vars.insert((i + 1).to_string(), v);
                }
                st.last = Some(Cond::True);
                self.go(k, st)
            }
            // `exec 2>/dev/null`: the rest's output thrown away, every status as it was.
            "exec" if self.sh.exec_only_silences(n) => {
                st.last = Some(Cond::True);
                self.go(k, st)
            }
            // `[ -r "$ENV_FILE" ] && . "$ENV_FILE"`, bash's `source /etc/default/app`: a file
            // of settings read into the script's variables, which the suite takes from the
            // environment instead (said on the line).
            "source" | "." if self.settings_file(n, &st) => {
                let line = self.sh.line(n);
                let message = self.sh.settings_warning(n);
                self.warn_once(line, message);
                // Its status is the file's last command's, or 1 where bash finds no file: no
                // `$?` after it is read.
                st.last = None;
                self.go(k, st)
            }
            "let" if self.let_update(n).is_some() => self.let_statement(n, k, st),
            "cd" | "source" | "." | "eval" | "exec" | "shift" | "read" | "getopts" | "let"
            | "alias" | "pushd" | "popd" => {
                Err(format!("`{name}` changes what the rest of the script sees"))
            }
            // `check_database` as a statement under `set -e`: its `return 1` ends the script.
            _ if self.sh.fn_bodies.contains_key(&name) && st.errexit => {
                let after = Cont::Checked { next: k };
                self.call(n, &name, &after, st)
            }
            _ if self.sh.fn_bodies.contains_key(&name) => self.call(n, &name, k, st),
            _ => {
                let c = self.observed(n, &st);
                self.checked(c, k, st)
            }
        }
    }

    /// `let n=$n+1` of a known count: the count moves, and the status is 1 where the value is
    /// 0, as for `(( … ))`.
    fn let_statement(&mut self, n: Node<'t>, k: &Cont<'_, 't>, st: State) -> R<Cond> {
        let (name, new, value) = self
            .let_update(n)
            .ok_or("`let` of a value the script computes")?;
        self.sh
            .vars
            .insert(name, Var::Text(Text::lit(new.to_string())));
        self.checked(Some(constant(value != 0)), k, st)
    }

    /// `$(sleep N)` (or backquotes) as the whole command: the `sleep` inside.
    fn sleep_substitution(&self, n: Node<'t>) -> Option<Node<'t>> {
        if n.kind() != "command" || !self.sh.args(n).is_empty() {
            return None;
        }
        let name = n.child_by_field_name("name")?;
        let sub = name
            .named_child(0)
            .filter(|c| c.kind() == "command_substitution")?;
        let [inner] = named_children(sub).try_into().ok()?;
        (inner.kind() == "command" && self.sh.command_name(inner).as_deref() == Some("sleep"))
            .then_some(inner)
    }

    /// The script ends with the status of its last command, `c` (0 exactly when it holds):
    /// when codes above 0 pass too, which one a failure gives is unknown.
    fn ended(&self, c: Option<Cond>) -> R<Cond> {
        match c {
            None => Err("the script ends with a command probekit cannot express".into()),
            Some(Cond::True) => Ok(Cond::True),
            Some(_) if self.passing > 0 => {
                Err("a plugin that ends with the status of a command".into())
            }
            Some(c) => Ok(c),
        }
    }

    /// `exit N`, `exit $?`, `exit $RETVAL`, `exit`: whether the code passes.
    fn exit_code(&mut self, n: Node, st: &State) -> R<Cond> {
        let mut c = n.walk();
        let arg = n.children_by_field_name("argument", &mut c).next();
        let Some(arg) = arg else {
            return self.ended(st.last.clone());
        };
        match self.operand(arg, st) {
            Operand::Lit(s) => {
                let code = match s.trim().parse::<i64>() {
                    // The status is the number's low byte (`exit 256` passes).
                    Ok(code) if (0..=i64::from(u32::MAX)).contains(&code) => code % 256,
                    // dash refuses a negative number (and exits 2), bash takes its low byte
                    // (`exit -1` is 255): read where both fail alike.
                    Ok(code) if code < 0 && code.rem_euclid(256) > self.passing => 255,
                    Ok(_) => return Err(format!("`exit {s}`")),
                    // `exit STATE_CRITICAL` (the `$` forgotten): bash and dash refuse the
                    // word and end the script with 2.
                    Err(_) if !s.trim().is_empty() => 2,
                    Err(_) => return Err(format!("`exit {s}`")),
                };
                Ok(constant((0..=self.passing).contains(&code)))
            }
            Operand::Code(c) => self.ended(Some(c)),
            _ => Err("an exit status computed by the script".into()),
        }
    }

    /// `return N`, `return $?`, `return`: 0 exactly when the result holds.
    fn exit_value(&mut self, n: Node, st: &State) -> R<Cond> {
        let mut c = n.walk();
        let arg = n.children_by_field_name("argument", &mut c).next();
        let Some(arg) = arg else {
            return st.last.clone().ok_or_else(|| {
                "`exit` with the status of a command probekit cannot express".into()
            });
        };
        match self.operand(arg, st) {
            Operand::Lit(s) => match s.trim().parse::<i64>() {
                Ok(0) => Ok(Cond::True),
                Ok(_) => Ok(Cond::False),
                Err(_) => Err(format!("`exit {s}`")),
            },
            Operand::Code(c) => Ok(c),
            _ => Err("an exit status computed by the script".into()),
        }
    }

    /// `$1`…`$9` bound to the arguments of the call `n`; what they held before.
    fn bind_arguments(&mut self, n: Node) -> Saved {
        let args = self.sh.arg_values(n);
        // `main "$@"`: the function's arguments are the script's, as they stand.
        let passed_on = matches!(self.sh.args(n).as_slice(), [_])
            && named_children(n)
                .iter()
                .filter(|c| c.kind() != "command_name")
                .map(|c| self.sh.text(*c))
                .eq(["\"$@\""]);
        let mut saved = Vec::new();
        for i in 1..=9 {
            let key = i.to_string();
            saved.push((key.clone(), self.sh.vars.get(&key).cloned()));
            if passed_on {
                continue;
            }
            match args.get(i - 1) {
                Some(Some(t)) => self.sh.vars.insert(key, Var::Text(t.clone())),
                Some(None) => self.sh.vars.insert(key, Var::Dynamic),
                None => self.sh.vars.insert(key, Var::Text(Text::default())),
            };
        }
        saved
    }

    fn restore_arguments(&mut self, saved: Saved) {
        for (key, v) in saved {
            match v {
                Some(v) => self.sh.vars.insert(key, v),
                None => self.sh.vars.remove(&key),
            };
        }
    }

    /// Whether `n` calls a function of the script whose body ends with a failing `exit` and
    /// has no `return` or other `exit` that could pass (`usage() { echo …; exit 3; }`).
    fn always_fails_function(&self, n: Node) -> bool {
        let Some(name) = (n.kind() == "command")
            .then(|| self.sh.command_name(n))
            .flatten()
        else {
            return false;
        };
        let Some(&(start, end)) = self.sh.fn_bodies.get(&name) else {
            return false;
        };
        let Some(body) =
            find_node(self.sh.tree.root_node(), start, end).filter(|b| b.start_byte() == start)
        else {
            return false;
        };
        let inner = statements(body);
        inner.last().is_some_and(|l| {
            super::exit_code(self.sh, *l).is_some_and(|c| c % 256 != 0)
                && self.sh.command_name(*l).as_deref() == Some("exit")
        }) && !super::may_leave_passing(self.sh, body)
    }

    /// The one statement of a function whose body is a single command or pipeline (no `$#`,
    /// `$@`, `return`, `exit` or `local`): where it starts and ends.
    fn one_command_function(&self, name: &str) -> Option<(Vec<Span>, Span)> {
        let &(start, end) = self.sh.fn_bodies.get(name)?;
        let body =
            find_node(self.sh.tree.root_node(), start, end).filter(|b| b.start_byte() == start)?;
        let inner = statements(body);
        let (one, locals) = inner.split_last()?;
        // `local uri="$1"` before it: names of its own, given plain words.
        let plain_local = |d: &Node| {
            d.kind() == "declaration_command"
                && self.sh.text(*d).starts_with("local ")
                && named_children(*d).iter().all(|a| {
                    a.kind() == "variable_assignment"
                        && a.child_by_field_name("value").is_some_and(|v| {
                            let t = self.sh.text(v);
                            !t.contains("$(") && !t.contains('`') && self.sh.word(v).is_some()
                        })
                })
        };
        if !locals.iter().all(plain_local) {
            return None;
        }
        let text = self.sh.text(*one);
        let plain = matches!(one.kind(), "command" | "pipeline" | "redirected_statement")
            && !["$#", "$@", "$*", "${@", "${*", "${#}"]
                .iter()
                .any(|w| text.contains(w))
            && !matches!(
                self.sh.command_name(*one).as_deref(),
                Some("return" | "exit" | "local" | "declare" | "shift" | "set")
            );
        plain.then(|| {
            (
                locals
                    .iter()
                    .map(|d| (d.start_byte(), d.end_byte()))
                    .collect(),
                (one.start_byte(), one.end_byte()),
            )
        })
    }

    /// The names a function's body declares its own: `local`, and `declare` or `typeset`
    /// without `-g` (not in a function defined inside it).
    ///
    /// `Err` where one is declared where it may not run (inside a branch or a loop of the
    /// function) or after the function touches the name (`p="$1"; local p=x` sets the
    /// caller's `p` first): the caller's name would hold what the reading cannot say.
    fn local_names(&self, body: Node) -> R<Vec<String>> {
        let top = statements(body);
        let mut names: Vec<String> = Vec::new();
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            if n.kind() == "function_definition" && n.id() != body.id() {
                continue;
            }
            if n.kind() == "declaration_command" {
                let text = self.sh.text(n);
                let mut words = text.split_whitespace();
                let word = words.next().unwrap_or_default();
                let global = words.any(|w| w.starts_with('-') && w.contains('g'));
                if word == "local" || (matches!(word, "declare" | "typeset") && !global) {
                    for c in named_children(n) {
                        let name = match c.kind() {
                            "variable_assignment" => {
                                c.child_by_field_name("name").map(|x| self.sh.text(x))
                            }
                            "variable_name" | "word" => Some(self.sh.text(c)),
                            _ => None,
                        };
                        if let Some(name) = name
                            && !name.starts_with('-')
                            && !name.is_empty()
                            && !names.iter().any(|k| k == name)
                        {
                            let top = top.iter().any(|s| s.id() == n.id());
                            let before = &self.sh.src[body.start_byte()..n.start_byte()];
                            let touched = before
                                .split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                                .any(|w| w == name);
                            if !top || touched {
                                return Err(format!(
                                    "`{word} {name}` where it may not run, or after the function sets `{name}`"
                                ));
                            }
                            names.push(name.to_string());
                        }
                    }
                }
            }
            stack.extend(named_children(n));
        }
        Ok(names)
    }

    /// A function whose body is assignments (`local` at its top, or plain), messages (`echo`,
    /// a `printf` that cannot fail) and a last command, pipeline or list that is its status
    /// (no `$#`, `$@`, `return`, `exit` or `shift`; no other function): the statements before
    /// the last, and the last.
    fn sequence_function(&self, name: &str) -> Option<(Vec<Span>, Span)> {
        let &(start, end) = self.sh.fn_bodies.get(name)?;
        let body =
            find_node(self.sh.tree.root_node(), start, end).filter(|b| b.start_byte() == start)?;
        if body.kind() != "compound_statement" {
            return None;
        }
        let inner = statements(body);
        let (last, pre) = inner.split_last()?;
        let text = self.sh.text(body);
        if [
            "$#", "$@", "$*", "${@", "${*", "${#}", "return", "exit", "shift", "eval",
        ]
        .iter()
        .any(|w| text.contains(w))
        {
            return None;
        }
        let calls_none = |n: Node| {
            let mut none = true;
            let mut stack = vec![n];
            while let Some(x) = stack.pop() {
                if x.kind() == "command"
                    && self
                        .sh
                        .command_name(x)
                        .is_some_and(|c| self.sh.fn_bodies.contains_key(&c))
                {
                    none = false;
                }
                stack.extend(named_children(x));
            }
            none
        };
        // (`local` where the name is not touched before it: [`Sema::local_names`].)
        let fits = self.local_names(body).is_ok()
            && pre.iter().all(|s| match s.kind() {
                "declaration_command" => {
                    self.sh.text(*s).starts_with("local ")
                        && named_children(*s)
                            .iter()
                            .all(|a| a.kind() == "variable_assignment")
                }
                "variable_assignment" => true,
                "command" => match self.sh.command_name(*s).as_deref() {
                    Some("echo") => true,
                    Some("printf") => !self.sh.printf_may_fail(*s),
                    _ => false,
                },
                _ => false,
            })
            && matches!(
                last.kind(),
                "command" | "pipeline" | "redirected_statement" | "list"
            )
            && !matches!(
                self.sh.command_name(*last).as_deref(),
                Some("local" | "declare" | "set" | "cd" | "source" | ".")
            )
            && inner.iter().all(|s| calls_none(*s));
        // (Not where the one-command reading takes it.)
        (fits && !pre.is_empty()).then(|| {
            (
                pre.iter().map(|s| (s.start_byte(), s.end_byte())).collect(),
                (last.start_byte(), last.end_byte()),
            )
        })
    }

    /// A call of a [`Sema::sequence_function`] as a condition: its arguments bound, its
    /// statements before the last run (the assignments read; `set -e` does not stop a
    /// condition), then the last one's status; the caller's arguments and names again after.
    fn call_as_condition(
        &mut self,
        call: Node<'t>,
        pre: &[Node<'t>],
        last: Node<'t>,
        st: &mut State,
    ) -> R<Cond> {
        let mut saved = self.bind_arguments(call);
        let mut read = || -> R<Cond> {
            for s in pre {
                match s.kind() {
                    "declaration_command" => {
                        for a in named_children(*s) {
                            if let Some(n) = a.child_by_field_name("name") {
                                let n = self.sh.text(n).to_string();
                                saved.push((n.clone(), self.sh.vars.get(&n).cloned()));
                            }
                            self.assign(a, st)?;
                        }
                    }
                    "variable_assignment" => {
                        self.assign(*s, st)?;
                    }
                    _ => {}
                }
            }
            self.truth(last, st)
        };
        let truth = read();
        saved.reverse();
        self.restore_arguments(saved);
        truth
    }

    /// A call of a [`Sema::one_command_function`]: its arguments bound, then its locals, and
    /// its command; what to restore after.
    fn enter_one_command(&mut self, call: Node<'t>, name: &str) -> Option<(Node<'t>, Saved)> {
        let (locals, (start, end)) = self.one_command_function(name)?;
        let body = find_node(call, start, end).filter(|b| b.start_byte() == start)?;
        let mut saved = self.bind_arguments(call);
        for (s, e) in locals {
            let Some(decl) = find_node(call, s, e).filter(|d| d.start_byte() == s) else {
                self.restore_arguments(saved);
                return None;
            };
            // (Every word of the declaration is expanded before any is assigned: `local
            // a="$1" b="$a"` gives `b` the caller's `a`.)
            let values: Vec<(String, Option<Text>)> = named_children(decl)
                .into_iter()
                .filter_map(|a| {
                    let n = a.child_by_field_name("name")?;
                    let v = a.child_by_field_name("value")?;
                    Some((self.sh.text(n).to_string(), self.sh.word(v)))
                })
                .collect();
            for (name, value) in values {
                saved.push((name.clone(), self.sh.vars.get(&name).cloned()));
                match value {
                    Some(t) => self.sh.vars.insert(name, Var::Text(t)),
                    None => self.sh.vars.insert(name, Var::Dynamic),
                };
            }
        }
        // (Restored last first: a local named as an argument is the argument again.)
        saved.reverse();
        Some((body, saved))
    }

    fn call(&mut self, n: Node<'t>, name: &str, k: &Cont<'_, 't>, st: State) -> R<Cond> {
        // `chk "$URL" >/dev/null 2>&1`: the call inside its silencing redirects, whose words
        // are its arguments.
        let n = self.sh.strip_quiet(n);
        let &(start, end) = &self.sh.fn_bodies[name];
        let body = find_node(n, start, end)
            .filter(|b| b.start_byte() == start)
            .ok_or_else(|| format!("the body of `{name}`"))?;
        // `f() ( … exit 0 … )`: the body runs in a subshell, whose `exit` and assignments end
        // with it.
        if body.kind() == "subshell" {
            return Err(format!(
                "`{name}` runs its body in a subshell (`( … )`), whose `exit` ends only the function"
            ));
        }
        let args = self.sh.arg_values(n);
        let mut saved = self.bind_arguments(n);
        saved.push(("#".into(), self.sh.vars.get("#").cloned()));
        // The names it declares `local` (`declare` and `typeset` without `-g` too) are its
        // own: the caller's hold what they held once it returns.
        for name in self.local_names(body)? {
            if !saved.iter().any(|(k, _)| *k == name) {
                let v = self.sh.vars.get(&name).cloned();
                saved.push((name, v));
            }
        }
        self.sh
            .vars
            .insert("#".into(), Var::Text(Text::lit(args.len().to_string())));
        let inner = statements(body);
        let frame = Cont::Return {
            saved: &saved,
            next: k,
        };
        self.block(&inner, &frame, st)
    }

    fn if_statement(&mut self, n: Node<'t>, k: &Cont<'_, 't>, st: State) -> R<Cond> {
        let (conds, body, rest) = clause_parts(n);
        // `if COND; then echo …; fi`: what runs decides nothing; COND is evaluated (it may
        // assign) and the script goes on once, not once per branch.
        if rest
            .iter()
            .all(|c| c.kind() == "else_clause" && self.idle_body(&statements(*c)) == Some(0.0))
            && self.idle_body(&body) == Some(0.0)
        {
            let mut st = st;
            // A test that only decides what is printed (`if [ -z "$QUIET" ]; then echo …`)
            // need not be read: it changes nothing, unless `set -u` stops the script on it.
            let mut tried = st.clone();
            match self.condition(&conds, &mut tried) {
                Ok(_) => st = tried,
                Err(_) if conds.iter().all(|c| self.inert_test(*c)) => {}
                Err(e) => return Err(e),
            }
            st.last = Some(Cond::True);
            return self.go(k, st);
        }
        if self.defaults(&conds, &body, &rest) {
            let mut st = st;
            st.last = Some(Cond::True);
            return self.go(k, st);
        }
        self.branches(&conds, &body, &rest, k, st)
    }

    /// `NAME=${2:-default}` (or `"${2:-"default"}"`) of the `k`-th word: the name and the
    /// default, plain text.
    fn empty_value_default(&self, a: Node, k: &str) -> Option<(String, String)> {
        if a.kind() != "variable_assignment" {
            return None;
        }
        let name = self.sh.text(a.child_by_field_name("name")?).to_string();
        let value = self.sh.text(a.child_by_field_name("value")?);
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        let default = value
            .strip_prefix(&format!("${{{k}:-"))?
            .strip_suffix('}')?;
        let default = match default.strip_prefix('"').and_then(|d| d.strip_suffix('"')) {
            Some(d) => d,
            None => default,
        };
        default
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._:/-".contains(c))
            .then(|| (name, default.to_string()))
    }

    /// An options loop's item that leaves the words as they are (no `shift`, `break`,
    /// `exit`, `exec`, `return`, assignment or substitution): each of its statements a plain
    /// command.
    fn never_moves_on(&self, stmts: &[Node]) -> bool {
        !stmts.is_empty()
            && stmts.iter().all(|s| {
                let text = self.sh.text(*s);
                s.kind() == "command"
                    && !text.contains("$(")
                    && !text.contains('`')
                    && named_children(*s)
                        .iter()
                        .all(|c| c.kind() != "variable_assignment")
                    && self.sh.command_name(*s).is_some_and(|n| {
                        !self.sh.fn_bodies.contains_key(&n)
                            && !matches!(
                                n.as_str(),
                                "shift"
                                    | "break"
                                    | "continue"
                                    | "exit"
                                    | "exec"
                                    | "eval"
                                    | "return"
                                    | "source"
                                    | "."
                                    | "set"
                                    | "unset"
                                    | "export"
                                    | "local"
                                    | "declare"
                                    | "read"
                                    | "kill"
                            )
                    })
            })
    }

    /// bash's `IFS=: read -r HOST PORT <<< "$ADDR"` (or `IFS=":"`, `IFS=':'`): `HOST` what
    /// comes before the first colon, `PORT` the rest, as `${ADDR%%:*}` and `${ADDR#*:}` cut a
    /// `host:port`; of a value read when the script runs, its halves ([`Shell::split_value`]),
    /// which the suite writes as the value itself where they stand joined. Sets them and says
    /// true; false (nothing set) for anything else.
    fn read_address_halves(&mut self, n: Node) -> bool {
        if self.sh.posix_shell() {
            return false;
        }
        // (The grammar gives a here-string to the command itself, or to a statement around
        // it.)
        let (body, redirects): (Node, Vec<Node>) = match n.kind() {
            "redirected_statement" => {
                let Some(body) = n.child_by_field_name("body") else {
                    return false;
                };
                let redirects = named_children(n)
                    .into_iter()
                    .filter(|c| c.id() != body.id())
                    .collect();
                (body, redirects)
            }
            "command" => (
                n,
                named_children(n)
                    .into_iter()
                    .filter(|c| c.kind().ends_with("_redirect"))
                    .collect(),
            ),
            _ => return false,
        };
        let [redirect] = redirects.as_slice() else {
            return false;
        };
        if body.kind() != "command"
            || redirect.kind() != "herestring_redirect"
            || self.sh.command_name(body).as_deref() != Some("read")
        {
            return false;
        }
        let assignments: Vec<String> = named_children(body)
            .into_iter()
            .filter(|c| c.kind() == "variable_assignment")
            .map(|c| self.sh.text(c).to_string())
            .collect();
        if !matches!(
            assignments
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice(),
            ["IFS=:"] | ["IFS=':'"] | ["IFS=\":\""]
        ) {
            return false;
        }
        let words: Vec<String> = {
            let mut c = body.walk();
            body.children_by_field_name("argument", &mut c)
                .map(|a| self.sh.text(a).to_string())
                .collect()
        };
        // (Without `-r`, `read` takes backslashes as escapes.)
        if !words.iter().any(|w| w == "-r") {
            return false;
        }
        let names: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .filter(|w| *w != "-r")
            .collect();
        let [host, port] = names.as_slice() else {
            return false;
        };
        let plain = |w: &str| {
            !w.is_empty()
                && w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if !plain(host) || !plain(port) || words.len() > names.len() + 1 {
            return false;
        }
        let Some(value) = named_children(*redirect)
            .into_iter()
            .find(|c| c.kind() != "comment")
            .and_then(|w| self.sh.word(w))
        else {
            return false;
        };
        let line = self.sh.line(n);
        let halves = match value.as_literal() {
            // Written: cut as bash does (one colon at most, where bash's own rule for a
            // further colon at the end does not come in).
            Some(v) if !v.contains('\n') && v.matches(':').count() <= 1 => {
                let (h, p) = v.split_once(':').unwrap_or((v.as_str(), ""));
                (Text::lit(h.to_string()), Text::lit(p.to_string()))
            }
            Some(_) => return false,
            None => {
                let (Some(h), Some(p)) = (
                    self.sh.split_value(value.clone(), true, 'f', line),
                    self.sh.split_value(value, false, 'f', line),
                ) else {
                    return false;
                };
                self.warn_once(
                    line,
                    "`read` takes the first line of the value and drops one colon at its end; the suite connects to the value as given, which is the same for `host:port`".into(),
                );
                (h, p)
            }
        };
        self.sh.vars.insert(host.to_string(), Var::Text(halves.0));
        self.sh.vars.insert(port.to_string(), Var::Text(halves.1));
        true
    }

    /// Whether anything after `n` reads the script's words (`$1`, `"$@"`, `$#`) but an
    /// `exec "$@"`, which the suite does not run; and whether such an `exec` follows. Where
    /// nothing does, a bash `shift 2` that shifts nothing (fewer words) changes nothing the
    /// checks read.
    fn words_read_after(&self, n: Node) -> (bool, bool) {
        let mut stack = vec![self.sh.tree.root_node()];
        let mut handed_over = false;
        while let Some(x) = stack.pop() {
            if x.end_byte() <= n.end_byte() || x.kind() == "function_definition" {
                continue;
            }
            if x.kind() == "command" && self.sh.command_name(x).as_deref() == Some("exec") {
                let words = self
                    .sh
                    .text(x)
                    .split_whitespace()
                    .skip(1)
                    .collect::<Vec<_>>();
                if words == ["\"$@\""] {
                    handed_over = true;
                    continue;
                }
            }
            if x.start_byte() >= n.end_byte()
                && matches!(x.kind(), "simple_expansion" | "expansion")
            {
                let t = self
                    .sh
                    .text(x)
                    .trim_start_matches('$')
                    .trim_start_matches('{')
                    .trim_start_matches('#');
                if t.starts_with(|c: char| c.is_ascii_digit() && c != '0')
                    || t.starts_with(['@', '*'])
                    || self.sh.text(x).starts_with("$#")
                    || self.sh.text(x).starts_with("${#")
                {
                    return (true, handed_over);
                }
            }
            stack.extend(named_children(x));
        }
        (false, handed_over)
    }

    /// Whether the script reads `$1`…`$9` before `n`, outside the functions it defines
    /// (whose `$1` is their own).
    fn positional_read_before(&self, n: Node) -> bool {
        let mut stack = vec![self.sh.tree.root_node()];
        while let Some(x) = stack.pop() {
            if x.start_byte() >= n.start_byte() || x.kind() == "function_definition" {
                continue;
            }
            if matches!(x.kind(), "simple_expansion" | "expansion") {
                let t = self
                    .sh
                    .text(x)
                    .trim_start_matches('$')
                    .trim_start_matches('{');
                if t.starts_with(|c: char| c.is_ascii_digit() && c != '0') {
                    return true;
                }
            }
            stack.extend(named_children(x));
        }
        false
    }

    /// A test with no effect but its status: `[ … ]`, `[[ … ]]` or `test …` running nothing
    /// (no `$(…)`), setting nothing (no `=~`), in a script that no `set -u` may stop on it.
    fn inert_test(&self, c: Node) -> bool {
        // `[ -n "$v" ] && [ "$v" -gt 80 ]`: each test of the list.
        if c.kind() == "list" {
            return named_children(c).iter().all(|x| self.inert_test(*x));
        }
        let text = self.sh.text(c);
        let is_test = c.kind() == "test_command"
            || (c.kind() == "command"
                && matches!(self.sh.command_name(c).as_deref(), Some("[" | "test")));
        is_test
            && ((!text.contains("$(") && !text.contains('`')) || self.substitutions_only_read(c))
            && !text.contains("=~")
            && !arith_assigns(text)
            && !self.stops_on_unset()
    }

    /// Whether what the substitutions in a test run only reads and computes
    /// (`$(echo "$USED > 80" | bc -l 2>/dev/null || echo 0)`): programs that change nothing,
    /// writing nowhere but `/dev/null`.
    fn substitutions_only_read(&self, test: Node) -> bool {
        let reads = |name: Option<&str>, text: &str| match name {
            Some(
                "echo" | "printf" | "bc" | "expr" | "cut" | "tr" | "grep" | "egrep" | "fgrep"
                | "head" | "tail" | "wc" | "date" | "cat" | "basename" | "dirname" | "true"
                | "free" | "df" | "nproc" | "uptime",
            ) => true,
            // (No `system()`, pipe or redirection inside the program.)
            Some("awk") => !text.contains("system") && !text.contains(['>', '|']),
            _ => false,
        };
        self.commands_only(
            named_children(test),
            &reads,
            &[
                "process_substitution",
                "heredoc_redirect",
                "variable_assignment",
            ],
        )
    }

    /// Whether the script may run under `set -u` (anywhere, or `-u` on its `#!` line), which
    /// stops it where a test reads a variable that is not set.
    fn stops_on_unset(&self) -> bool {
        super::stops_on_unset(self.sh.script)
    }

    /// `if [ -z "$1" ]; then URL=default; else URL="$1"; fi`: `URL` is `${arg1:-default}`.
    /// True when the `if` was that and its assignments are made.
    fn defaults(&mut self, conds: &[Node], body: &[Node], rest: &[Node]) -> bool {
        let else_body = match rest {
            [] => Vec::new(),
            [e] if e.kind() == "else_clause" => statements(*e),
            _ => return false,
        };
        self.defaults_else(conds, body, &else_body)
    }

    /// [`Self::defaults`] of the `if`'s parts: its condition, its body, its `else`.
    fn defaults_else(&mut self, conds: &[Node], body: &[Node], else_body: &[Node]) -> bool {
        let [c] = conds else {
            return false;
        };
        // Under `set -u` the test itself stops the script where the variable is not set.
        if self.stops_on_unset() {
            return false;
        }
        let Some((var, empty_when_true)) = self.emptiness_test(*c) else {
            return false;
        };
        let (Some(then_values), Some(else_values)) = (
            self.plain_assignments(body),
            self.plain_assignments(else_body),
        ) else {
            return false;
        };
        let (when_empty, when_set) = if empty_when_true {
            (then_values, else_values)
        } else {
            (else_values, then_values)
        };
        let mut names: Vec<&String> = Vec::new();
        for (name, _) in when_empty.iter().chain(&when_set) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let mut merged = Vec::new();
        for name in names {
            let current = match self.sh.vars.get(name.as_str()) {
                Some(Var::Text(t)) => Some(t.clone()),
                // Not assigned yet: the environment's, as the test reads it.
                None if *name == var => Some(Text(vec![Piece::Var(var.clone(), None)])),
                _ => None,
            };
            let get = |side: &[(String, Text)]| {
                side.iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, t)| t.clone())
                    .or_else(|| current.clone())
            };
            let (Some(e), Some(s)) = (get(&when_empty), get(&when_set)) else {
                return false;
            };
            let value = if e == s {
                e
            } else {
                match (s.0.as_slice(), e.as_literal()) {
                    ([Piece::Var(v, _)], Some(default)) if *v == var => Text(vec![Piece::Var(
                        var.clone(),
                        Some(Text::lit(default).render()),
                    )]),
                    // `HOST=$DEFAULT_HOST` where it is empty: `${arg1:-${DEFAULT_HOST}}`.
                    ([Piece::Var(v, _)], None)
                        if *v == var && matches!(e.0.as_slice(), [Piece::Var(..)]) =>
                    {
                        Text(vec![Piece::Var(var.clone(), Some(e.render()))])
                    }
                    _ => return false,
                }
            };
            merged.push((name.clone(), value));
        }
        for (name, value) in merged {
            self.sh.vars.insert(name, Var::Text(value));
        }
        // `[ -z ${X+x} ]` tests whether X is set at all: the suite's default also stands for a
        // value set but empty.
        if self.set_test(*c).is_some() {
            self.warn_once(
                self.sh.line(*c),
                format!("the script takes the default of `${var}` only when it is unset (`${{{var}+x}}`); the suite's `${{{var}:-default}}` also when it is set but empty, where the script would use the empty value"),
            );
        }
        true
    }

    /// `${X+x}` (any word after `+`, no colon): empty exactly when X is unset. The name.
    fn set_test(&self, c: Node) -> Option<String> {
        static SET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(
                r#"^\[\[?\s+(?:-z|-n)\s+"?\$\{([A-Za-z_][A-Za-z0-9_]*)\+[A-Za-z0-9_]+\}"?\s+\]\]?$"#,
            )
            .expect("a valid regex")
        });
        SET.captures(self.sh.text(c).trim())
            .map(|m| m[1].to_string())
    }

    /// `[ -z "$X" ]`, `[ "$X" = "" ]`, `[ -n "$X" ]`…: the variable, and whether the test
    /// holds when it is empty.
    fn emptiness_test(&self, c: Node) -> Option<(String, bool)> {
        if c.kind() != "test_command" {
            return None;
        }
        let exprs = named_children(c);
        let [e] = exprs.as_slice() else {
            return None;
        };
        let (operand, empty) = match e.kind() {
            "unary_expression" => {
                let parts = children(*e);
                let op = self.sh.text(*parts.first()?);
                let (inner, negated) = match (op, parts.get(1)) {
                    // `[ ! -z "$1" ]`
                    ("!", Some(i)) if i.kind() == "unary_expression" && parts.len() == 2 => {
                        (children(*i), true)
                    }
                    _ => (parts, false),
                };
                let empty = match self.sh.text(*inner.first()?) {
                    "-z" => true,
                    "-n" => false,
                    _ => return None,
                };
                if inner.len() != 2 {
                    return None;
                }
                (*inner.get(1)?, empty != negated)
            }
            "binary_expression" => {
                let op = self.sh.text(e.child_by_field_name("operator")?);
                let l = e.child_by_field_name("left")?;
                let r = e.child_by_field_name("right")?;
                let is_empty = |n: Node| matches!(self.sh.text(n), "\"\"" | "''");
                let other = if is_empty(r) {
                    l
                } else if is_empty(l) {
                    r
                } else {
                    return None;
                };
                let empty = match op {
                    "=" | "==" => true,
                    "!=" => false,
                    _ => return None,
                };
                (other, empty)
            }
            _ => return None,
        };
        // `[ -z ${X+x} ]`: empty where X is unset ([`Self::set_test`]).
        if let Some(name) = self.set_test(c) {
            return Some((name, empty));
        }
        let t = self.sh.word(operand)?;
        match t.0.as_slice() {
            [Piece::Var(name, _)] => Some((name.clone(), empty)),
            _ => None,
        }
    }

    /// A block of plain assignments (`X=word`), their values.
    fn plain_assignments(&self, body: &[Node]) -> Option<Vec<(String, Text)>> {
        let mut out = Vec::new();
        for n in body {
            let a = match n.kind() {
                "variable_assignment" => *n,
                "comment" => continue,
                _ => return None,
            };
            let name = self.sh.text(a.child_by_field_name("name")?).to_string();
            let value = match a.child_by_field_name("value") {
                Some(v) if v.kind() != "command_substitution" => self.sh.word(v)?,
                Some(_) => return None,
                None => Text::default(),
            };
            out.push((name, value));
        }
        Some(out)
    }

    /// `if CONDS; then BODY; ELSE…`, `ELSE` being the `elif` and `else` clauses left.
    fn branches(
        &mut self,
        conds: &[Node<'t>],
        body: &[Node<'t>],
        rest: &[Node<'t>],
        k: &Cont<'_, 't>,
        st: State,
    ) -> R<Cond> {
        // `if ! f; then`: the function's status, the other way.
        let (call, negated) = match conds {
            [cond] if cond.kind() == "negated_command" => match named_children(*cond).as_slice() {
                [inner] => (Some(*inner), true),
                _ => (None, false),
            },
            [cond] => (Some(*cond), false),
            _ => (None, false),
        };
        if let Some(cond) = call
            && let Some(name) = self.function_call(cond)
        {
            let mut st = st;
            let errexit = std::mem::replace(&mut st.errexit, false);
            let after = Cont::IfBranches {
                negated,
                body,
                rest,
                next: k,
                errexit,
            };
            return self.call(cond, &name, &after, st);
        }
        let mut st = st;
        let c = self.condition(conds, &mut st)?;
        let own = self.own_status(conds);
        self.chosen(c, own, body, rest, k, st)
    }

    /// `$?` where the condition `c` has failed, as what `$? == 0` means: the command's own
    /// status where `c` is one command's success (`if pg_isready; …; else [ $? -eq 2 ]`),
    /// else only that it is not 0 (a test's 1, `!`'s 1, a list's last command's).
    fn failed_status(&self, c: &Cond, own: bool) -> Cond {
        match c {
            Cond::Atom(o, Pred::Ok) if own && self.obs[*o].command => c.clone(),
            _ => Cond::False,
        }
    }

    /// Whether a condition's status is its command's own: one plain command, not a test
    /// (`[ $? -eq 0 ]` fails with 1, whatever it tested), a negation or a list.
    fn own_status(&self, conds: &[Node]) -> bool {
        let [c] = conds else {
            return false;
        };
        c.kind() == "command"
            && !matches!(
                self.sh.command_name(*c).as_deref(),
                Some("[" | "test" | "[[" | "true" | "false" | ":") | None
            )
    }

    /// The branches of an `if` once its condition is `c`.
    fn chosen(
        &mut self,
        c: Cond,
        own: bool,
        body: &[Node<'t>],
        rest: &[Node<'t>],
        k: &Cont<'_, 't>,
        st: State,
    ) -> R<Cond> {
        self.chosen_or(c, own, body, Otherwise::Clauses(rest), k, st)
    }

    /// [`Self::chosen`] with what runs where `c` fails: the `if`'s `elif`/`else` clauses, or
    /// statements (`CHECK && exit 0 || sleep 1`).
    fn chosen_or(
        &mut self,
        c: Cond,
        own: bool,
        body: &[Node<'t>],
        otherwise: Otherwise<'_, 't>,
        k: &Cont<'_, 't>,
        mut st: State,
    ) -> R<Cond> {
        // A condition known before the script runs takes one branch only: the other may not
        // even end (a loop whose counter has passed its limit). So does one this path has
        // already taken a way.
        let c = st.settle(c);
        let known = simplify(c.clone());
        let on = if known == Cond::False {
            Cond::False
        } else {
            let mut inside = st.clone();
            inside.last = Some(Cond::True);
            inside.assume(&c, true);
            self.branch(body, k, inside)?
        };
        if known == Cond::True {
            return Ok(on);
        }
        st.assume(&c, false);
        let rest = match otherwise {
            Otherwise::Clauses(rest) => rest,
            Otherwise::Statements(inner) => {
                // After `CHECK && … ||`, `$?` is the failed left side's status.
                st.last = Some(self.failed_status(&c, own));
                let off = self.block(inner, k, st)?;
                self.halves_verdict(&c, &on, &off);
                return Ok(or(and(c.clone(), on), and(not(c), off)));
            }
        };
        let off = match rest.split_first() {
            None => {
                st.last = Some(Cond::True);
                self.go(k, st)?
            }
            Some((clause, _)) if clause.kind() == "else_clause" => {
                let inner = statements(*clause);
                // In the `else`, `$?` is the failed condition's status.
                st.last = Some(self.failed_status(&c, own));
                self.block(&inner, k, st)?
            }
            Some((clause, more)) => {
                // So in an `elif`'s test.
                st.last = Some(self.failed_status(&c, own));
                let (cs, bs, _) = clause_parts(*clause);
                self.branches(&cs, &bs, more, k, st)?
            }
        };
        self.halves_verdict(&c, &on, &off);
        Ok(or(and(c.clone(), on), and(not(c), off)))
    }

    /// The truth of an `if` or `while` condition (the status of its last statement); the
    /// variables it assigns stay set.
    fn condition(&mut self, conds: &[Node<'t>], st: &mut State) -> R<Cond> {
        let errexit = std::mem::replace(&mut st.errexit, false);
        let mut last = Cond::True;
        for c in conds {
            last = self.truth(*c, st)?;
        }
        st.errexit = errexit;
        Ok(last)
    }

    /// The status of a statement in a condition: 0 exactly when the result holds.
    fn truth(&mut self, n: Node<'t>, st: &mut State) -> R<Cond> {
        // `[ $((fails += 1)) -gt 0 ]`: a test that also changes a name.
        if (n.kind() == "test_command"
            || (n.kind() == "command"
                && matches!(self.sh.command_name(n).as_deref(), Some("[" | "test"))))
            && arith_assigns(self.sh.text(n))
        {
            return Err("a test that assigns inside `$((…))`".into());
        }
        if let Some((id, atom)) = self.budget_last
            && id == n.id()
        {
            return Ok(Cond::Atom(atom, Pred::Ok));
        }
        if self.budget_between == Some(n.id()) {
            return Ok(Cond::True);
        }
        self.assign_defaults_in(n)?;
        if self.read_address_halves(n) {
            return Ok(Cond::True);
        }
        // `read -u 3 3< /run/secrets/pw PW || true`, `while read line`: the variables it sets
        // are what the rest of the script sees.
        let inner = unredirected(n);
        if inner.kind() == "command"
            && let Some(name) = self.sh.command_name(inner)
            && matches!(
                name.as_str(),
                "read" | "getopts" | "cd" | "source" | "." | "eval" | "shift" | "let"
            )
        {
            return Err(format!("`{name}` changes what the rest of the script sees"));
        }
        if let Some(tool) = self.tool_guard(n) {
            self.assume_installed(n, &tool);
            return Ok(Cond::True);
        }
        // `! echo "$body" | jq -e … >/dev/null`: as below, the output silenced.
        let quiet = self.sh.strip_quiet(n);
        if quiet != n
            && quiet.kind() == "pipeline"
            && named_children(quiet)
                .first()
                .is_some_and(|f| f.kind() == "negated_command")
            && let Some(c) = self.output_filter_of(n, true)
        {
            return Ok(not(c));
        }
        match n.kind() {
            "variable_assignment" => Ok(self.assign(n, st)?.unwrap_or(Cond::True)),
            "negated_command" => {
                let inner = named_children(n).into_iter().next().ok_or("an empty `!`")?;
                Ok(not(self.truth(inner, st)?))
            }
            // `! curl … | grep -q X`: the `!` is the whole pipeline's, though the parser gives
            // it to the first command.
            "pipeline"
                if named_children(n)
                    .first()
                    .is_some_and(|f| f.kind() == "negated_command") =>
            {
                // `! echo "$body" | grep -q UP`: the rule on the output does not hold.
                if let Some(c) = self.output_filter_of(n, true) {
                    return Ok(not(c));
                }
                self.unbanged = true;
                let o = self.observe(n, st);
                self.unbanged = false;
                let Some(o) = o else {
                    return Ok(self.unknown(n));
                };
                // Without pipefail the pipeline's status is grep's: `!` passes where its rule on
                // the output does not hold, whatever the command's exit status.
                let mut d = self.obs[o].ok.clone();
                if !st.pipefail && negate_output_rule(&mut d) {
                    let out_key = self.obs[o].out_key;
                    let opposite = self.add(d, true, out_key, st);
                    self.obs[o].opposite = Some(opposite);
                }
                Ok(not(Cond::Atom(o, Pred::Ok)))
            }
            "test_command" => self.test(n, st),
            "list" => {
                let parts = children(n);
                let [left, op, right] = parts.as_slice() else {
                    return Err("a list this pass does not follow".into());
                };
                let l = self.truth(*left, st)?;
                let before = self.sh.vars.clone();
                let r = self.truth(*right, st)?;
                // What the right side assigns is set only on some paths: not known after.
                for (name, _) in self.sh.vars.clone() {
                    if before.get(&name) != self.sh.vars.get(&name) {
                        self.sh.vars.insert(name, Var::Dynamic);
                    }
                }
                match self.sh.text(*op) {
                    "&&" => Ok(and(l, r)),
                    "||" => Ok(or(l, r)),
                    _ => Err("a list this pass does not follow".into()),
                }
            }
            // `(( SECONDS >= 300 ))`: true when the expression is not 0.
            "compound_statement" if self.sh.text(n).starts_with("((") => {
                let inner = statements(n);
                let [e] = inner.as_slice() else {
                    return Err("an arithmetic test probekit cannot read".into());
                };
                if let Some(v) = self.arith(*e) {
                    return Ok(constant(v != 0));
                }
                self.arith_compare(*e, n, st).unwrap_or_else(|| {
                    Err("an arithmetic test on a value the script computes".into())
                })
            }
            "compound_statement" | "subshell" => {
                let inner = statements(n);
                match inner.as_slice() {
                    [one] => self.truth(*one, st),
                    _ => Err("a block as a condition".into()),
                }
            }
            "command" if self.silent_substitution(n).is_some() => {
                let inner = self.silent_substitution(n).ok_or("a substitution")?;
                self.truth(inner, st)
            }
            "command" if self.is_test_of_capture(n) => self.test_as_command(n, st),
            // `grep -q UP <<< "$body"`: a rule on the captured output, as with `echo … |`.
            "command" if self.here_string_input(n).is_some() => match self.output_filter(n) {
                Some(c) => Ok(c),
                None => Ok(self.status(n, st)),
            },
            "command" if self.expr_match(n, st).is_some() => {
                self.expr_match(n, st).ok_or_else(|| "an `expr`".into())
            }
            "redirected_statement"
                if self
                    .sh
                    .quiet_body(n)
                    .is_some_and(|b| self.expr_match(b, st).is_some()) =>
            {
                let body = self.sh.quiet_body(n).ok_or("a redirection")?;
                self.expr_match(body, st).ok_or_else(|| "an `expr`".into())
            }
            "command" => {
                let name = self.sh.command_name(n).unwrap_or_default();
                match name.as_str() {
                    // `: $((fails += 1))`, `echo "$((n++))"`: a name changed where nothing
                    // seems to run.
                    "true" | ":" | "echo" | "printf" if arith_assigns(self.sh.text(n)) => {
                        Err("an assignment inside `$((…))` of a command that only prints".into())
                    }
                    "true" | ":" => Ok(Cond::True),
                    "false" => Ok(Cond::False),
                    "printf" if self.sh.printf_may_fail(n) => Err(super::PRINTF_MAY_FAIL.into()),
                    "echo" | "printf" => Ok(Cond::True),
                    // `isUp() { curl -sf "$URL"; }` and `until isUp; do …`: a function of one
                    // command is that command, its arguments bound.
                    _ if self.one_command_function(&name).is_some() => {
                        let (body, saved) = self
                            .enter_one_command(n, &name)
                            .ok_or_else(|| format!("the body of `{name}`"))?;
                        let truth = self.truth(body, st);
                        self.restore_arguments(saved);
                        truth
                    }
                    // `check() { local r=$(curl -s "$URL"); echo "$r" | grep -q UP; }` and
                    // `until check; do …`: its assignments, then its last command's status.
                    _ if self.sequence_function(&name).is_some() => {
                        let (pre, (start, end)) = self
                            .sequence_function(&name)
                            .ok_or_else(|| format!("the body of `{name}`"))?;
                        let found =
                            |(s, e): Span| find_node(n, s, e).filter(|x| x.start_byte() == s);
                        let pre: Vec<Node> = pre.into_iter().filter_map(found).collect();
                        let last =
                            found((start, end)).ok_or_else(|| format!("the body of `{name}`"))?;
                        self.call_as_condition(n, &pre, last, st)
                    }
                    _ if self.sh.fn_bodies.contains_key(&name) => {
                        Err("a function call as a condition".into())
                    }
                    _ => Ok(self.status(n, st)),
                }
            }
            "redirected_statement"
                if n.child_by_field_name("body")
                    .is_some_and(|b| b.kind() == "negated_command")
                    && self.sh.dev_tcp_redirect_target(n) =>
            {
                let d = self
                    .sh
                    .negated_dev_tcp(n)
                    .ok_or("a negated connection probekit cannot read")?;
                let key = d.check.output_key();
                let o = self.add(d, false, key, st);
                Ok(not(Cond::Atom(o, Pred::Ok)))
            }
            // `! cmd > /dev/null` is read as `(! cmd) > /dev/null`.
            "redirected_statement"
                if self
                    .sh
                    .quiet_body(n)
                    .is_some_and(|b| b.kind() != "command" && b.kind() != "pipeline") =>
            {
                let body = self.sh.quiet_body(n).ok_or("a redirection")?;
                self.truth(body, st)
            }
            "pipeline" | "redirected_statement" => Ok(match self.output_filter(n) {
                Some(c) => c,
                None => self.status(n, st),
            }),
            other => Err(format!("a `{other}` as a condition")),
        }
    }

    /// A bash script that talks through a descriptor it opens: `exec 3<>/dev/tcp/HOST/PORT`,
    /// what it writes there (`echo -e "GET /health HTTP/1.1\r\n…" >&3`), and one read of the
    /// reply that decides it (`grep -q "200 OK" <&3`, or `timeout 5 cat <&3 | grep -q UP`, its
    /// status kept in `X=$?` for a last `exit $X`); closing the descriptor and reports may come
    /// between. That is a tcp probe sending the same bytes and expecting the same text. `None`
    /// for a script of any other shape.
    fn descriptor_exchange(&mut self, stmts: &[Node<'t>]) -> Option<Draft> {
        // /dev/tcp is bash's; dash cannot open it. Without pipefail, a pipeline's status is
        // its last command's.
        let first = self.sh.src.lines().next().unwrap_or_default();
        if !first.starts_with("#!") || !first.contains("bash") || self.sh.src.contains("pipefail") {
            return None;
        }
        // tree-sitter-bash reads the lines before `exec 3<&-` into one pipeline: the closing
        // lines are read as blank (the same bytes elsewhere), and where they were is kept.
        let close = regex::Regex::new(r"(?m)^[ \t]*exec[ \t]+[0-9]+[<>]&-[ \t]*$").ok()?;
        let closes: Vec<usize> = close.find_iter(self.sh.src).map(|m| m.start()).collect();
        if closes.is_empty() {
            return self.exchange_statements(stmts, &closes);
        }
        let mut blank = self.sh.src.to_string();
        for m in close.find_iter(self.sh.src) {
            blank.replace_range(m.range(), &" ".repeat(m.len()));
        }
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_bash::LANGUAGE.into())
            .ok()?;
        let tree = parser.parse(&blank, None)?;
        // (It reads `3<>` with an error node inside the redirect, which the reading below
        // takes by its text.)
        let stmts = statements(tree.root_node());
        self.exchange_statements(&stmts, &closes)
    }

    /// [`Sema::descriptor_exchange`] over these statements; `closes` are where the script
    /// closes descriptors.
    fn exchange_statements(&mut self, stmts: &[Node], closes: &[usize]) -> Option<Draft> {
        let redirect_of = |sh: &Shell, n: Node| -> Option<String> {
            let mut c = n.walk();
            let r: Vec<Node> = n.children_by_field_name("redirect", &mut c).collect();
            match r.as_slice() {
                [one] => Some(sh.text(*one).replace(' ', "")),
                _ => None,
            }
        };
        let is_report = |sh: &Shell, n: Node| {
            n.kind() == "command"
                && matches!(sh.command_name(n).as_deref(), Some("echo" | "printf"))
        };
        let mut draft: Option<Draft> = None;
        let mut fd = String::new();
        let mut sent = String::new();
        let mut rule: Option<(String, Yaml)> = None;
        let mut limit: Option<String> = None;
        let mut status: Option<String> = None;
        let mut read_last = false;
        let mut read_end = 0;
        // A descriptor closed between the read and `n`: `$?` is the close's there.
        let closed_before =
            |n: usize, read_end: usize| closes.iter().any(|c| *c > read_end && *c < n);
        for s in stmts.iter().filter(|s| s.kind() != "comment") {
            if is_report(self.sh, *s) {
                continue;
            }
            let body = s.child_by_field_name("body");
            let redirect = redirect_of(self.sh, *s);
            let exec = body.is_some_and(|b| {
                self.sh.command_name(b).as_deref() == Some("exec")
                    && self.sh.arg_values(b).is_empty()
            });
            if draft.is_none() {
                match (s.kind(), exec, redirect.as_deref()) {
                    ("redirected_statement", true, Some(r))
                        if r.replace(['"', '\''], "").contains("<>/dev/tcp/") =>
                    {
                        fd = r.split("<>").next()?.to_string();
                        if fd.is_empty() || !fd.chars().all(|c| c.is_ascii_digit()) {
                            return None;
                        }
                        draft = Some(self.sh.dev_tcp(*s)?);
                    }
                    ("variable_assignment", ..) => {
                        let name = s.child_by_field_name("name")?;
                        let value = self.sh.word(s.child_by_field_name("value")?)?;
                        value.as_literal()?;
                        self.sh
                            .vars
                            .insert(self.sh.text(name).to_string(), Var::Text(value));
                    }
                    _ => return None,
                }
                continue;
            }
            // Closing the descriptor.
            if exec
                && redirect
                    .as_deref()
                    .is_some_and(|r| r == format!("{fd}<&-") || r == format!("{fd}>&-"))
            {
                read_last = false;
                continue;
            }
            if rule.is_none() {
                // What is written to it.
                if let (Some(b), Some(r)) = (body, redirect.as_deref())
                    && (r == format!(">&{fd}") || r == format!("1>&{fd}"))
                    && is_report(self.sh, b)
                {
                    sent.push_str(&self.literal_input(b)?);
                    continue;
                }
                // The read that decides.
                let (read, grep, then) = match s.kind() {
                    "redirected_statement" => (*s, body?, None),
                    "pipeline" => match named_children(*s).as_slice() {
                        [read, grep] => (*read, *grep, None),
                        [read, grep, then] => (*read, *grep, Some(*then)),
                        _ => return None,
                    },
                    _ => return None,
                };
                if redirect_of(self.sh, read)? != format!("<&{fd}") {
                    return None;
                }
                let source = read.child_by_field_name("body")?;
                if s.kind() == "pipeline" {
                    let words = self.literal_args(source)?;
                    match self.sh.command_name(source)?.as_str() {
                        "cat" if words.is_empty() => {}
                        "timeout" => {
                            let mut w = words.iter().skip_while(|w| w.starts_with("--"));
                            let seconds_ = w.next()?;
                            if w.next()? != "cat" || w.next().is_some() {
                                return None;
                            }
                            seconds_.trim_end_matches('s').parse::<f64>().ok()?;
                            limit = Some(crate::import::naming::seconds(seconds_));
                        }
                        _ => return None,
                    }
                }
                if grep.kind() != "command" || self.sh.command_name(grep).as_deref() != Some("grep")
                {
                    return None;
                }
                read_end = s.end_byte();
                rule = Some(match then {
                    None => {
                        let rule = grep_rule_on_output(&self.sh.grep_words(grep)?)?;
                        self.sh.note_late_pattern(grep);
                        rule
                    }
                    // `grep -m 1 status | grep -q UP`: a line with both words.
                    Some(then) => {
                        let (a, first_only) = self.plain_grep(grep)?;
                        let (b, _) = self.plain_grep(then)?;
                        if first_only {
                            self.warn_once(
                                self.sh.line(*s),
                                "`grep -m 1` reads the first matching line only; the probe accepts any line that holds both words".into(),
                            );
                        }
                        both_words(&a, &b)?
                    }
                });
                read_last = true;
                continue;
            }
            // After the read: its status kept, and the last word.
            if read_last && closed_before(s.start_byte(), read_end) {
                read_last = false;
            }
            if s.kind() == "variable_assignment"
                && status.is_none()
                && read_last
                && matches!(self.sh.text(s.child_by_field_name("value")?), "$?" | "${?}")
            {
                status = Some(self.sh.text(s.child_by_field_name("name")?).to_string());
                continue;
            }
            if s.kind() == "command" && self.sh.command_name(*s).as_deref() == Some("exit") {
                let word = self
                    .sh
                    .text(*s)
                    .split_whitespace()
                    .nth(1)
                    .map(|w| w.trim_matches('"').to_string());
                let decides = match (&word, &status) {
                    (Some(w), Some(v)) => *w == format!("${v}") || *w == format!("${{{v}}}"),
                    (Some(w), None) => read_last && (w == "$?" || w == "${?}"),
                    _ => false,
                };
                if !decides {
                    return None;
                }
                read_last = true;
                break;
            }
            return None;
        }
        // The script's status is the read's only if nothing closed after it at the end.
        if read_last && status.is_none() && closed_before(usize::MAX, read_end) {
            read_last = false;
        }
        let mut d = draft?;
        if sent.is_empty() || !read_last {
            return None;
        }
        // Every line of the exchange is the probe's, the closing ones too.
        d.also = stmts
            .iter()
            .map(|s| s.start_position().row + 1)
            .chain(
                closes
                    .iter()
                    .map(|c| self.sh.src[..*c].matches('\n').count() + 1),
            )
            .filter(|l| *l != d.line)
            .collect();
        let Check::Tcp { send, timeout, .. } = &mut d.check else {
            return None;
        };
        *send = Some(sent);
        if limit.is_some() {
            *timeout = limit;
        }
        d.expect.push(("response".into(), Yaml::Flow(vec![rule?])));
        Some(d)
    }

    /// Whether a loop's condition is a test of variables its body changes, and nothing else
    /// (no command, no substitution): a counter ends it.
    fn counted_loop(&self, cond: &[Node<'t>], body: &[Node<'t>], until: bool) -> bool {
        let plain_test = |n: &Node| {
            let t = self.sh.text(*n);
            (n.kind() == "test_command"
                || (n.kind() == "compound_statement" && t.starts_with("((")))
                && !t.contains("$(")
                && !t.contains('`')
        };
        // `[ "$u" -ne 0 ] && [ $x -le 60 ]`: each test of the list.
        let mut leaves: Vec<Node> = Vec::new();
        let mut stack: Vec<Node> = cond.to_vec();
        // (`[ $n -eq 9 ] || curl … >/dev/null`: the grammar gives the last command's
        // redirection to the whole list.)
        let listed = |n: Node<'t>| match n.kind() {
            "list" => Some(n),
            "redirected_statement" => n.child_by_field_name("body").filter(|b| b.kind() == "list"),
            _ => None,
        };
        while let Some(n) = stack.pop() {
            match listed(n) {
                Some(l) => stack.extend(named_children(l)),
                None => leaves.push(n),
            }
        }
        let mut tested: Vec<Node> = Vec::new();
        // `until [ $n -eq 60 ] || pg_isready; do`, `while [ $n -lt 60 ] && ! pg_isready; do`:
        // where every operator of the list is the one that ends the loop on a test alone,
        // each test ends it by itself.
        let mut ops = Vec::new();
        let mut stack: Vec<Node> = cond.to_vec();
        while let Some(n) = stack.pop() {
            if let Some(n) = listed(n) {
                for c in children(n) {
                    match c.kind() {
                        "&&" | "||" => ops.push(c.kind()),
                        _ if c.is_named() => stack.push(c),
                        _ => {}
                    }
                }
            }
        }
        let ends_alone = if until { "||" } else { "&&" };
        if !leaves.is_empty() && leaves.iter().all(plain_test) {
            tested.extend(leaves);
        } else if !ops.is_empty() && ops.iter().all(|o| *o == ends_alone) {
            tested.extend(leaves.into_iter().filter(plain_test));
        }
        // A test in the body that leaves the loop (`until pg_isready; do if [ "$n" -ge 30 ];
        // then exit 1; fi; n=$((n+1)); sleep 2; done`, `[ $n -ge 30 ] && break`).
        for b in body {
            let test = match b.kind() {
                "if_statement" => b.child_by_field_name("condition"),
                "list" => children(*b).first().copied(),
                _ => None,
            };
            let leaves = {
                let t = self.sh.text(*b);
                t.contains("exit") || t.contains("break") || t.contains("return")
            };
            if let Some(test) = test.filter(|t| plain_test(t) && leaves) {
                tested.push(test);
            }
        }
        if tested.is_empty() {
            return false;
        }
        let cond = tested.as_slice();
        // A counter: moved by arithmetic (`n=$((n+1))`, `((n++))`, `let n+=1`, `expr`), not
        // set to what a command says (`s=$(curl …)` until it is UP has no bound).
        let text: String = body.iter().map(|b| self.sh.text(*b)).collect();
        cond.iter()
            .flat_map(|n| super::referenced(self.sh, *n))
            .any(|v| {
                [
                    format!("{v}=$(("),
                    format!("{v}=`expr "),
                    format!("{v}=$(expr "),
                    format!("let {v}"),
                    format!("let \"{v}"),
                ]
                .iter()
                .any(|p| text.contains(p.as_str()))
                    || ["++", "--", "+=", "-="].iter().any(|op| {
                        text.contains(&format!("{v}{op}")) || text.contains(&format!("{op}{v}"))
                    })
            })
    }

    /// `$(seq "$N")` or `$(seq 1 "$N")`, N a value the script reads when it runs (an argument,
    /// the environment): the count of rounds, in probekit's form.
    fn counted_by_seq(&self, values: &[Node]) -> Option<Text> {
        let [v] = values else {
            return None;
        };
        // `{1000..0}`: more rounds than are unrolled, counted.
        if self.braces_expand()
            && let Some((a, b, step)) = super::brace_bounds(self.sh.text(*v))
        {
            return Some(Text::lit(super::brace_count(a, b, step).to_string()));
        }
        if v.kind() != "command_substitution" {
            return None;
        }
        let cmds = statements(*v);
        let [cmd] = cmds.as_slice() else {
            return None;
        };
        if self.sh.command_name(*cmd)? != "seq" {
            return None;
        }
        // `seq 1 "$max"` of `max=$((TRIES * 2))` ([`Sym::LateCount`]).
        let mut c = cmd.walk();
        let words: Vec<Node> = cmd.children_by_field_name("argument", &mut c).collect();
        let late = words.last().and_then(|w| {
            let w = if w.kind() == "string" {
                match named_children(*w).as_slice() {
                    [inner] if self.sh.text(*w).len() == self.sh.text(*inner).len() + 2 => *inner,
                    _ => return None,
                }
            } else {
                *w
            };
            matches!(w.kind(), "simple_expansion" | "expansion")
                .then(|| match self.sh.vars.get(self.expansion_name(w)) {
                    Some(Var::Sym(Sym::LateCount(t))) => Some(t.clone()),
                    _ => None,
                })
                .flatten()
        });
        match (self.sh.args(*cmd).as_slice(), late) {
            ([_], Some(t)) => Some(t),
            ([one, _], Some(t)) if one.as_literal().as_deref() == Some("1") => Some(t),
            (_, Some(_)) => None,
            ([n], None) => script_count(n),
            ([one, n], None) if one.as_literal().as_deref() == Some("1") => script_count(n),
            _ => None,
        }
    }

    /// A `while`/`until` loop a counter ends after a count or a time the script reads when it
    /// runs: `while [ "$t" -gt 0 ]` from `t=${WAIT:-30}` down by one a round (a count), or down
    /// by a step the round also sleeps (`sleep "$step"; t=$((t - step))`: a time); or `while [
    /// "$i" -lt "$N" ]` from 0 (`-le` from 1; `until` with `-ge` from 0, `-gt` from 1) up by
    /// one. The counter and the budget.
    fn counted_by_test(
        &self,
        cond: &[Node],
        body: &[Node<'t>],
        until: bool,
    ) -> Option<(String, Budget, Vec<Node<'t>>)> {
        let [test] = cond else {
            return None;
        };
        let text = self.sh.text(*test).replace('"', "");
        let inner = match test.kind() {
            "test_command" => text
                .strip_prefix("[[")
                .and_then(|t| t.strip_suffix("]]"))
                .or_else(|| text.strip_prefix('[').and_then(|t| t.strip_suffix(']')))?
                .to_string(),
            // `while (( SECONDS < deadline ))`: bash's clock against a deadline, as `[`
            // compares them (an arithmetic name is the variable's value).
            "compound_statement" => {
                let e = text.strip_prefix("((")?.strip_suffix("))")?;
                let [now, op, deadline] = e.split_whitespace().collect::<Vec<_>>()[..] else {
                    return None;
                };
                let op = match op {
                    "<" => "-lt",
                    "<=" => "-le",
                    ">" => "-gt",
                    ">=" => "-ge",
                    _ => return None,
                };
                let deadline = deadline.trim_start_matches('$');
                if !matches!(now, "SECONDS" | "$SECONDS")
                    || deadline.is_empty()
                    || !deadline
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    return None;
                }
                format!("$SECONDS {op} ${deadline}")
            }
            _ => return None,
        };
        let inner = inner.as_str();
        // `while [ "$(date +%s)" -lt "$deadline" ]` (or `$SECONDS`), the deadline a time the
        // caller gives from now ([`Self::late_deadline_value`]): rounds until then, a sleep
        // apart.
        let clocked = inner
            .replace("$(date +%s)", "(date+%s)")
            .replace("$(date -u +%s)", "(date+%s)")
            .replace("`date +%s`", "(date+%s)");
        if let [now, op, deadline] = clocked.split_whitespace().collect::<Vec<_>>()[..]
            && self.now == 0.0
            && matches!((until, op), (false, "-lt" | "-le") | (true, "-ge" | "-gt"))
            && let Some(name) = var_name(deadline)
            && let Some((limit, kind)) = self.deadlines.get(&name)
            && self.clock_of(now, &[]) == Some(*kind)
            && !self.assigned_in(body).contains(&name)
            && !self.assigned_in(body).contains("SECONDS")
        {
            let (sleep, step) = body.iter().find_map(|n| self.sleep_word(*n))?;
            let mut every = if whole_number(&step) {
                Text::lit(step.clone())
            } else {
                match self.sh.vars.get(&step) {
                    Some(Var::Text(t)) => match t.as_literal() {
                        Some(l) if whole_number(&l) => Text::lit(l),
                        _ => script_count(t)?,
                    },
                    _ => return None,
                }
            };
            if every.as_literal().as_deref() == Some("0") {
                return None;
            }
            every.push_lit("s");
            let mut until = limit.clone();
            until.push_lit("s");
            return Some((name, Budget::Time { until, every }, vec![sleep]));
        }
        let [lhs, op, rhs] = inner.split_whitespace().collect::<Vec<_>>()[..] else {
            return None;
        };
        let counter = var_name(lhs)?;
        let value = |name: &str| match self.sh.vars.get(name) {
            Some(Var::Text(t)) => Some(t.clone()),
            _ => None,
        };
        let op = match (until, op) {
            (false, op) => op.to_string(),
            // `until [ $i -ge $N ]` runs while `$i -lt $N`.
            (true, "-ge") => "-lt".into(),
            (true, "-gt") => "-le".into(),
            (true, "-le") => "-gt".into(),
            (true, "-eq") if rhs == "0" => "-ne".into(),
            _ => return None,
        };
        let start = value(&counter)?;
        match (op.as_str(), rhs) {
            ("-gt" | "-ne", "0") => {
                let count = script_count(&start)?;
                if let Some(step) = self.steps_by(body, &counter, false, "1") {
                    return Some((counter, Budget::Count(count), vec![step]));
                }
                // Down by what each round sleeps: a time, that step apart. `-ne 0` ends only
                // where the steps reach 0 exactly.
                if op != "-gt" {
                    return None;
                }
                let (sleep, step) = body.iter().find_map(|n| self.sleep_word(*n))?;
                let every = if whole_number(&step) {
                    Text::lit(step.clone())
                } else {
                    let t = value(&step)?;
                    match t.as_literal() {
                        Some(l) if whole_number(&l) => Text::lit(l),
                        _ => script_count(&t)?,
                    }
                };
                if every.as_literal().as_deref() == Some("0") {
                    return None;
                }
                let moved = self.steps_by(body, &counter, false, &step)?;
                let seconds = |mut t: Text| {
                    t.push_lit("s");
                    t
                };
                Some((
                    counter,
                    Budget::Time {
                        until: seconds(count),
                        every: seconds(every),
                    },
                    vec![sleep, moved],
                ))
            }
            ("-lt" | "-le", rhs) => {
                let from = if op == "-lt" { "0" } else { "1" };
                if start.as_literal().as_deref() != Some(from) {
                    return None;
                }
                let moved = self.steps_by(body, &counter, true, "1")?;
                let bound = var_name(rhs)?;
                if self.assigned_in(body).contains(&bound) {
                    return None;
                }
                let count = match self.sh.vars.get(&bound) {
                    Some(Var::Sym(Sym::LateCount(t))) => t.clone(),
                    _ => script_count(&value(&bound)?)?,
                };
                Some((counter, Budget::Count(count), vec![moved]))
            }
            _ => None,
        }
    }

    /// `sleep "$step"`, `sleep ${step}` or `sleep 5` as a statement of a loop's body: its node
    /// and the step as written (`step`, or the number).
    fn sleep_word(&self, n: Node<'t>) -> Option<(Node<'t>, String)> {
        if n.kind() != "command" || self.sh.command_name(n).as_deref() != Some("sleep") {
            return None;
        }
        let mut c = n.walk();
        let args: Vec<Node> = n.children_by_field_name("argument", &mut c).collect();
        let [arg] = args.as_slice() else {
            return None;
        };
        let word = self.sh.text(*arg).replace('"', "");
        if whole_number(&word) {
            return Some((n, word));
        }
        var_name(&word).map(|v| (n, v))
    }

    /// The statement of `body` that moves `var` by `step` (`1`, another number, or a
    /// variable's name) each round, up or down (`i=$((i+1))`, `((i++))`, `let i+=1`, `t=$((t -
    /// step))`, `((t-=step))`, `i=$(expr $i + 1)`), when it is one of its own and nothing else
    /// assigns `var`.
    fn steps_by(&self, body: &[Node<'t>], var: &str, up: bool, step: &str) -> Option<Node<'t>> {
        let sign = if up { '+' } else { '-' };
        let twice = if up { "++" } else { "--" };
        let mut steps_as: Vec<String> = vec![step.to_string()];
        if !whole_number(step) {
            steps_as.extend([format!("${step}"), format!("${{{step}}}")]);
        }
        let mut forms = Vec::new();
        for s in &steps_as {
            for v in [var.to_string(), format!("${var}"), format!("${{{var}}}")] {
                forms.push(format!("{var}=$(({v}{sign}{s}))"));
                forms.push(format!("let{var}={v}{sign}{s}"));
                forms.push(format!("{var}=$(expr{v}{sign}{s})"));
                forms.push(format!("{var}=`expr{v}{sign}{s}`"));
                if up {
                    forms.push(format!("{var}=$(({s}+{v}))"));
                }
            }
            forms.push(format!("(({var}{sign}={s}))"));
            forms.push(format!("let{var}{sign}={s}"));
            forms.push(format!(":$(({var}{sign}={s}))"));
        }
        if step == "1" {
            forms.extend([
                format!("(({var}{twice}))"),
                format!("(({twice}{var}))"),
                format!("let{var}{twice}"),
                format!(":$(({var}{twice}))"),
            ]);
        }
        let mut steps = Vec::new();
        for n in body {
            let text = self.sh.text(*n).replace([' ', '"', '\''], "");
            if forms.contains(&text) {
                steps.push(*n);
            } else if super::collect_assigned(self.sh, *n, &mut Default::default()).contains(var)
                || text.contains(&format!("{var}{twice}"))
                || text.contains(&format!("{twice}{var}"))
                || text.contains(&format!("{var}+="))
                || text.contains(&format!("{var}-="))
            {
                return None;
            }
        }
        match steps.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// A loop the script ends after a count or a time it reads when it runs ([`Budget`]): `for
    /// i in $(seq 1 "$TIMEOUT")`, `while [ "$t" -gt 0 ]; do …; t=$((t-1)); done` from
    /// `t=${WAIT:-30}`, the same with `sleep "$step"; t=$((t - step))`. When every round either
    /// leaves the loop on one check (`… && exit 0`, or `… && return 0` from a wait function
    /// the rest of the script follows) or sleeps and goes on, and the script fails after the
    /// loop: that check, with `attempts` and the round's sleep between them, or with a `wait`,
    /// and then what follows its pass. Anything else is an error, and the statement-wise
    /// reader takes the loop.
    #[allow(clippy::too_many_arguments)]
    fn counted_by_script(
        &mut self,
        counter: &str,
        budget: Budget,
        steps: Vec<Node<'t>>,
        body: &[Node<'t>],
        n: Node<'t>,
        k: &Cont<'_, 't>,
        st: State,
    ) -> R<Cond> {
        let refused = "a loop whose count or time the script reads when it runs, and whose rounds do more than try one check";
        let saved = self.sh.vars.clone();
        let body_assigns = self.assigned_in(body);
        let mut assigned = body_assigns.clone();
        assigned.insert(counter.to_string());
        // In a round, neither the counter nor what the body assigns is known: a round reads
        // what the one before it left (`nc -z db "$port"; port=8443`).
        for name in &assigned {
            self.sh.vars.insert(name.clone(), Var::Dynamic);
        }
        // Under `set -e` a step whose own status can be 1 ends the script (`((i++))` from 0,
        // `let`, `expr` at 0): only assignments of `$((…))` and `: $((…))` are read then.
        if st.errexit
            && steps.iter().any(|s| {
                let t = self.sh.text(*s).replace(' ', "");
                t.starts_with("((") || t.starts_with("let") || t.contains("expr")
            })
        {
            return Err(refused.into());
        }
        let Cond::Atom(marker, _) = self.unknown(n) else {
            return Err(refused.into());
        };
        // `if [ "$i" -eq "$RETRIES" ]; then exit 1; fi` after the round's check of `for i in
        // $(seq 1 "$RETRIES")`: read as an atom of its own, false in every round but the last
        // (the count nor the counter changed in the body).
        let last_round = match &budget {
            Budget::Count(count)
                if n.kind() == "for_statement"
                    && steps.is_empty()
                    && !body_assigns.contains(counter)
                    && !body_assigns
                        .iter()
                        .any(|a| matches!(saved.get(a), Some(Var::Text(t)) if t == count)) =>
            {
                self.gives_up_last_round(body, counter, count, &saved)
            }
            _ => None,
        };
        // `if ((attempt < max_attempts)); then sleep 1; fi` after the round's check: the pause
        // between rounds, which the last one skips, as a probe's `retry_delay` does.
        let between = match &budget {
            Budget::Count(count)
                if matches!(n.kind(), "for_statement" | "c_style_for_statement")
                    && steps.is_empty()
                    && !body_assigns.contains(counter) =>
            {
                self.sleeps_between_rounds(body, counter, count, &saved)
            }
            _ => None,
        };
        let last_atom = match last_round {
            Some(test) => match self.unknown(test) {
                Cond::Atom(a, _) => Some((test.id(), a)),
                _ => None,
            },
            None => None,
        };
        let slept = std::cell::RefCell::new(Vec::new());
        let mut inside = st.clone();
        inside.last = Some(Cond::True);
        let outer = std::mem::replace(&mut self.budget_steps, steps.iter().map(Node::id).collect());
        let outer_last = std::mem::replace(&mut self.budget_last, last_atom);
        let outer_between = std::mem::replace(&mut self.budget_between, between.map(|b| b.id()));
        let round = self.block(
            body,
            &Cont::Round {
                marker,
                start: st.slept,
                slept: &slept,
                after: k,
            },
            inside,
        );
        self.budget_steps = outer;
        self.budget_last = outer_last;
        self.budget_between = outer_between;
        // A name a round assigns only as it breaks (`ok=1; break`) still holds what it held
        // before the loop where the rounds ran out.
        let on_break = self.assigned_only_to_break(body, n);
        self.sh.vars = saved;
        for name in assigned.iter().filter(|a| !on_break.contains(*a)) {
            self.sh.vars.insert(name.clone(), Var::Dynamic);
        }
        // (`[ "$CODE" = 200 ] || [ "$CODE" = 302 ]`: one test of the status.)
        let round = statuses_joined(round?);
        // Given up on the last round where its check fails: the script fails there, whatever
        // comes next; in the other rounds the test is false.
        let round = match last_atom {
            Some((_, last)) => {
                let Some((o, p)) = first_test(&round, marker, last) else {
                    return Err(refused.into());
                };
                for next in [false, true] {
                    let gave_up = settle_test(round.clone(), o, &p, false)
                        .map(|c| simplify(settle(settle(c, last, true), marker, next)));
                    if gave_up != Some(Cond::False) {
                        return Err(refused.into());
                    }
                }
                simplify(settle(round, last, false))
            }
            None => round,
        };
        // The round's first test, `o` by `p`: where it fails the round goes on to the next
        // (and nothing else does), and where it holds the loop is left for what follows
        // (`rest`: the script passes, or goes on to its other checks), which neither goes on
        // to the next round nor asks `o` again.
        let Some((o, _)) = first_test(&round, marker, marker) else {
            return Err(refused.into());
        };
        // Every test the round makes of it (`out=$(redis-cli PING) && [[ $out == PONG ]]`:
        // its status and its output), all of which a pass needs.
        let tests = tests_of(&round, o);
        if tests.is_empty() || tests.len() > 3 {
            return Err(refused.into());
        }
        // The round settled with the tests coming out as `values`, and the next round as `next`.
        let on = |values: &[bool], next: bool| {
            let mut c = round.clone();
            for (p, value) in tests.iter().zip(values) {
                c = settle_one_test(c, o, p, *value);
            }
            let c = simplify(settle(c, marker, next));
            (!c.atoms().contains(&o)).then_some(c)
        };
        // Where any test fails the round goes on to the next, and nowhere else.
        for bits in 0..(1u32 << tests.len()) - 1 {
            let values: Vec<bool> = (0..tests.len()).map(|i| bits >> i & 1 == 1).collect();
            let (Some(Cond::True), Some(Cond::False)) = (on(&values, true), on(&values, false))
            else {
                return Err(refused.into());
            };
        }
        let all = vec![true; tests.len()];
        let (Some(rest), Some(rest_on)) = (on(&all, false), on(&all, true)) else {
            return Err(refused.into());
        };
        if rest != rest_on || rest.atoms().contains(&o) || self.obs[o].unknown.is_some() {
            return Err(refused.into());
        }
        let held = tests
            .into_iter()
            .map(|p| Cond::Atom(o, p))
            .fold(Cond::True, and);
        let passes = simplify(and(held, rest));
        let delays = slept.into_inner();
        let Some(&delay) = delays.first() else {
            return Err(refused.into());
        };
        if delays.iter().any(|d| (d - delay).abs() > 1e-9) || delay < 0.0 {
            return Err(refused.into());
        }
        let repeat = match budget {
            Budget::Count(count) => Repeat::Attempts(count, delay),
            // The time is the loop's sleeps: a round sleeps its step and nothing else.
            Budget::Time { .. } if delay != 0.0 => return Err(refused.into()),
            Budget::Time { until, every, .. } => Repeat::Wait(until, every),
        };
        // After the last round: the script fails there (`exit 1`), whatever `$?` was (unless
        // the last round gave up already).
        let mut after = st;
        after.last = None;
        if last_atom.is_none() && simplify(self.go(k, after)?) != Cond::False {
            return Err(refused.into());
        }
        self.obs[o].repeat = Some(repeat);
        Ok(passes)
    }

    /// The `if`s of one test after a round's first statement: where each stands, its test,
    /// its `then` and what follows (`elif`, `else`).
    fn round_ifs(&self, body: &[Node<'t>]) -> Vec<RoundIf<'t>> {
        body.iter()
            .enumerate()
            .skip(1)
            .filter(|(_, s)| s.kind() == "if_statement")
            .filter_map(|(at, s)| {
                let (conds, then, rest) = clause_parts(*s);
                let [test] = conds.as_slice() else {
                    return None;
                };
                Some((at, *test, then, rest))
            })
            .collect()
    }

    /// What a test says inside its brackets, quotes and blanks dropped (`[ "$i" -eq "$N" ]`,
    /// `[[ … ]]`, `test …`: `$i-eq$N`), and whether it is arithmetic (`(( i < max ))`).
    fn test_inside(&self, test: Node) -> Option<(String, bool)> {
        let t = self.sh.text(test).replace(['"', '\'', ' ', '\t'], "");
        if let Some(x) = t.strip_prefix("((").and_then(|x| x.strip_suffix("))")) {
            return Some((x.to_string(), true));
        }
        t.strip_prefix("[[")
            .and_then(|x| x.strip_suffix("]]"))
            .or_else(|| t.strip_prefix('[').and_then(|x| x.strip_suffix(']')))
            .or_else(|| t.strip_prefix("test"))
            .map(|x| (x.to_string(), false))
    }

    /// In a round of a loop over a count the script reads, after its check, `if ((i <
    /// max)); then sleep "$DELAY"; fi` (`[ "$i" -lt "$max" ]`, `-ne`, `!=`, the sides
    /// swapped with `>`/`-gt`): a pause in every round but the last, with nothing but pauses
    /// and reports after it. Its test.
    fn sleeps_between_rounds(
        &self,
        body: &[Node<'t>],
        counter: &str,
        count: &Text,
        vars: &std::collections::HashMap<String, Var>,
    ) -> Option<Node<'t>> {
        let bare = |w: &str| {
            w.trim_start_matches('$')
                .trim_matches(['{', '}'])
                .to_string()
        };
        let is_counter = |w: &str| bare(w) == counter;
        let is_count = |w: &str| matches!(vars.get(&bare(w)), Some(Var::Text(t)) if t == count);
        let idle = |b: &Node<'t>| {
            self.sh.is_report(*b) || self.sh.command_name(*b).as_deref() == Some("sleep")
        };
        self.round_ifs(body)
            .into_iter()
            .find_map(|(at, test, then, rest)| {
                let (inner, arith) = self.test_inside(test)?;
                let inner = inner.as_str();
                let (before, after) = if arith {
                    (["<", "!="], [">", "!="])
                } else {
                    (["-lt", "-ne"], ["-gt", "-ne"])
                };
                let split = |op: &str| inner.split_once(op).filter(|(_, b)| !b.starts_with('='));
                let between = before
                    .iter()
                    .any(|op| split(op).is_some_and(|(a, b)| is_counter(a) && is_count(b)))
                    || after
                        .iter()
                        .any(|op| split(op).is_some_and(|(a, b)| is_count(a) && is_counter(b)));
                let pauses = then
                    .iter()
                    .any(|b| self.sh.command_name(*b).as_deref() == Some("sleep"))
                    && then.iter().all(idle);
                (between && pauses && rest.is_empty() && body[at + 1..].iter().all(idle))
                    .then_some(test)
            })
    }

    /// In a round of a loop over a count the script reads (`for i in $(seq 1 "$RETRIES")`),
    /// the test that gives up on the last round: `if [ "$i" -eq "$RETRIES" ]; then echo …;
    /// exit 1; fi` (`-ge` too, `[[ ]]`, `test`), after the round's check, with only sleeps and
    /// reports after it.
    fn gives_up_last_round(
        &self,
        body: &[Node<'t>],
        counter: &str,
        count: &Text,
        vars: &std::collections::HashMap<String, Var>,
    ) -> Option<Node<'t>> {
        let is_counter = |w: &str| w == format!("${counter}") || w == format!("${{{counter}}}");
        let is_count = |w: &str| {
            var_name(w)
                .is_some_and(|name| matches!(vars.get(&name), Some(Var::Text(t)) if t == count))
        };
        self.round_ifs(body)
            .into_iter()
            .find_map(|(at, test, then, rest)| {
                let (inner, arith) = self.test_inside(test)?;
                if arith {
                    return None;
                }
                let inner = inner.as_str();
                let gives_up = ["-eq", "-ge"].iter().any(|op| {
                    inner
                        .split_once(op)
                        .is_some_and(|(a, b)| is_counter(a) && is_count(b))
                }) || ["-eq", "-le"].iter().any(|op| {
                    inner
                        .split_once(op)
                        .is_some_and(|(a, b)| is_count(a) && is_counter(b))
                });
                let fails = then.split_last().is_some_and(|(last, before)| {
                    self.sh.command_name(*last).as_deref() == Some("exit")
                        && exit_code(self.sh, *last).is_some_and(|c| c != 0)
                        && before.iter().all(|b| self.sh.is_report(*b))
                });
                let then_idle = body[at + 1..].iter().all(|b| {
                    self.sh.is_report(*b) || self.sh.command_name(*b).as_deref() == Some("sleep")
                });
                (gives_up && fails && then_idle && rest.is_empty()).then_some(test)
            })
    }

    /// The variables the statements of `loop_node`'s `body` assign only in statements that
    /// go on to leave the loop: each assignment a statement of its own, followed by other
    /// assignments or output and then `break`, with no loop, subshell or pipeline between it
    /// and the loop.
    fn assigned_only_to_break(
        &self,
        body: &[Node],
        loop_node: Node,
    ) -> std::collections::BTreeSet<String> {
        let mut before_break = std::collections::BTreeSet::new();
        let mut elsewhere = std::collections::BTreeSet::new();
        // `echo` or `printf` the script defines itself is no report.
        let shadowed = ["echo", "printf"]
            .iter()
            .any(|f| self.sh.functions.contains_key(*f));
        let breaks_after = |a: Node| -> bool {
            let mut up = a.parent();
            while let Some(p) = up {
                if p.id() == loop_node.id() {
                    break;
                }
                if matches!(
                    p.kind(),
                    "for_statement"
                        | "while_statement"
                        | "c_style_for_statement"
                        | "subshell"
                        | "pipeline"
                        | "command_substitution"
                        | "function_definition"
                        | "list"
                        | "declaration_command"
                        | "redirected_statement"
                ) {
                    return false;
                }
                up = p.parent();
            }
            let mut next = a.next_named_sibling();
            while let Some(s) = next {
                match s.kind() {
                    "comment" | "variable_assignment" => {}
                    "command" => match self.sh.command_name(s).as_deref() {
                        Some("break") => return self.sh.args(s).is_empty(),
                        Some("echo" | "printf") if !shadowed => {}
                        _ => return false,
                    },
                    _ => return false,
                }
                next = s.next_named_sibling();
            }
            false
        };
        use crate::import::python::walk;
        // A function may assign it where the loop calls it (`degraded() { state=up; }`), and
        // a name computed when the script runs may be any (`declare -g "$v=up"`, `eval`).
        let mut dynamic = false;
        walk(self.sh.tree.root_node(), &mut |x| {
            if x.kind() == "variable_assignment"
                && std::iter::successors(x.parent(), |p| p.parent())
                    .any(|p| p.kind() == "function_definition")
                && let Some(name) = x.child_by_field_name("name")
            {
                elsewhere.insert(self.sh.text(name).to_string());
            }
            if matches!(x.kind(), "command" | "declaration_command") {
                let words: Vec<&str> = self.sh.text(x).split_whitespace().collect();
                let computed_name = |w: &&str| w.trim_start_matches(['"', '\'']).starts_with('$');
                dynamic |= match words.as_slice() {
                    ["eval", ..] => true,
                    [
                        "declare" | "typeset" | "export" | "local" | "readonly" | "read",
                        rest @ ..,
                    ] => rest.iter().any(computed_name),
                    ["printf", ..] => words
                        .windows(2)
                        .any(|w| w[0] == "-v" && computed_name(&w[1])),
                    _ => false,
                };
            }
        });
        if dynamic {
            return std::collections::BTreeSet::new();
        }
        for b in body {
            walk(*b, &mut |a| {
                if a.kind() != "variable_assignment" {
                    return;
                }
                let Some(name) = a.child_by_field_name("name") else {
                    return;
                };
                let name = self.sh.text(name).to_string();
                if breaks_after(a) {
                    before_break.insert(name);
                } else {
                    elsewhere.insert(name);
                }
            });
        }
        // Named anywhere else but where it is read (`read OK`, `${OK:=1}`, `(( OK++ ))`,
        // `export OK`): perhaps assigned there, not only as the round breaks.
        let only_read = |name: &str| -> bool {
            let mut ok = true;
            for b in body {
                walk(*b, &mut |c| match c.kind() {
                    "variable_name" if self.sh.text(c) == name => {
                        let fine = c.parent().is_some_and(|p| match p.kind() {
                            "variable_assignment" => true,
                            "simple_expansion" => true,
                            "expansion" => self.sh.assigning_op(p).is_none(),
                            _ => false,
                        });
                        ok &= fine;
                    }
                    "word" => {
                        let t = self.sh.text(c);
                        if t == name
                            || t.strip_prefix(name)
                                .is_some_and(|r| r.starts_with(['=', '+', '[']))
                        {
                            ok = false;
                        }
                    }
                    _ => {}
                });
            }
            ok
        };
        before_break
            .into_iter()
            .filter(|n| !elsewhere.contains(n) && only_read(n))
            .collect()
    }

    /// The variables the statements of `body` assign.
    fn assigned_in(&self, body: &[Node]) -> std::collections::BTreeSet<String> {
        let mut assigned = std::collections::BTreeSet::new();
        for b in body {
            super::collect_assigned(self.sh, *b, &mut assigned);
        }
        assigned
    }

    /// `grep [-q] [-m N] WORD` (see [`plain_grep`]).
    fn plain_grep(&self, n: Node) -> Option<(Vec<String>, bool)> {
        if n.kind() != "command" || self.sh.command_name(n).as_deref() != Some("grep") {
            return None;
        }
        plain_grep(&self.literal_args(n)?)
    }

    /// `command -v curl`, `type curl`, `which curl`, `hash curl` (its output dropped or not):
    /// the tool the script asks about.
    fn tool_guard(&self, n: Node) -> Option<String> {
        let cmd = match n.kind() {
            "redirected_statement" => self.sh.quiet_body(n)?,
            _ => n,
        };
        if cmd.kind() != "command" {
            return None;
        }
        let name = self.sh.command_name(cmd)?;
        let args = self.literal_args(cmd)?;
        let tools: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let [tool] = tools.as_slice() else {
            return None;
        };
        let asks = match name.as_str() {
            "command" => args.iter().any(|a| a == "-v" || a == "-V"),
            "type" | "which" | "hash" => true,
            _ => false,
        };
        asks.then(|| tool.to_string())
    }

    /// Whether a tool guard prints the tool's path and nothing else where it is installed
    /// (`which X`, `command -v X`, `type -P X`), as opposed to `type X`'s sentence.
    fn prints_path(&self, guard: Node) -> bool {
        let cmd = match guard.kind() {
            "redirected_statement" => match self.sh.quiet_body(guard) {
                Some(b) => b,
                None => return false,
            },
            _ => guard,
        };
        let Some(args) = self.literal_args(cmd) else {
            return false;
        };
        match self.sh.command_name(cmd).as_deref() {
            Some("which") => args.len() == 1,
            Some("command") => args.len() == 2 && args[0] == "-v",
            Some("type") => args.len() == 2 && args[0] == "-P",
            _ => false,
        }
    }

    /// A tool guard is read as true: the suite checks as the script does where its tools are
    /// installed, and says so on the guard's line.
    fn assume_installed(&mut self, n: Node, tool: &str) {
        self.warn_once(
            self.sh.line(n),
            format!(
                "`{tool}` is taken as installed: the suite checks as the script does where it is"
            ),
        );
    }

    /// `expr "$v" : 'PONG'` on a captured output: expr matches the pattern at the start of the
    /// text and succeeds when it matched at least one character. Only a pattern of plain
    /// characters is read (no group, which would print its text instead, and nothing that
    /// could match an empty text or a newline).
    fn expr_match(&self, n: Node, st: &State) -> Option<Cond> {
        if n.kind() != "command" || self.sh.command_name(n).as_deref() != Some("expr") {
            return None;
        }
        let mut c = n.walk();
        let args: Vec<Node> = n.children_by_field_name("argument", &mut c).collect();
        let [subject, colon, pattern] = args.as_slice() else {
            return None;
        };
        if self.sh.word(*colon)?.as_literal()? != ":" {
            return None;
        }
        let pattern = self.sh.word(*pattern)?.as_literal()?;
        if pattern.is_empty()
            || !pattern
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '/' | ':'))
        {
            return None;
        }
        match self.operand(*subject, st) {
            Operand::Out(o, view) if view.is_empty() => {
                Some(text(o, "matches", &format!("^{}", regex::escape(&pattern))))
            }
            _ => None,
        }
    }

    /// A loop that reads the script's options: `while getopts "H:p:" opt; do case $opt in H)
    /// HOST=$OPTARG ;; … esac; done`, or `while [ $# -gt 0 ]; do case "$1" in -H|--host)
    /// HOST="$2"; shift ;; … esac; shift; done`. Each option that sets a variable becomes a
    /// suite argument with the variable's earlier value as its default; items that print help or
    /// refuse an option are the suite's own refusal of what it does not declare. True when the
    /// loop was one and its variables are set.
    fn option_loop(&mut self, n: Node<'t>, st: &State) -> bool {
        let cond: Vec<Node> = {
            let mut c = n.walk();
            n.children_by_field_name("condition", &mut c)
                .filter(|c| c.is_named() && c.kind() != "comment")
                .collect()
        };
        let Some(body) = n.child_by_field_name("body").map(statements) else {
            return false;
        };
        let body: Vec<Node> = body.into_iter().filter(|b| b.kind() != "comment").collect();
        let [cond] = cond.as_slice() else {
            return false;
        };
        // `[ -z "$1" ] && usage` before the loop reads the caller's first word, option or
        // not; the suite's `arg1` is the first word that is not an option.
        if self.positional_read_before(n) {
            return false;
        }
        let cond_text = self.sh.text(*cond).replace(['"', ' '], "");
        let getopts =
            cond.kind() == "command" && self.sh.command_name(*cond).as_deref() == Some("getopts");
        let (spec, var) = if getopts {
            let args: Option<Vec<String>> =
                self.sh.args(*cond).iter().map(Text::as_literal).collect();
            match args.as_deref() {
                Some([spec, var]) => (Some(spec.clone()), var.clone()),
                _ => return false,
            }
        } else if matches!(
            cond_text.as_str(),
            "[$#-gt0]"
                | "[[$#-gt0]]"
                | "[$#-ne0]"
                | "[[$#>0]]"
                | "[$#!=0]"
                | "[-n$1]"
                | "[[-n$1]]"
                | "(($#))"
                | "(($#>0))"
        ) || matches!(cond_text.as_str(), "true" | ":")
        {
            (None, "1".to_string())
        } else {
            return false;
        };
        // `while true; do case "$1" in … "") break ;; esac; shift; done`: the loop ends where
        // the words do, at an item that stops it on an empty `$1` (`""` or `*`).
        let endless = !getopts && matches!(cond_text.as_str(), "true" | ":");
        // The body: the `case`, then (for a `$#` loop) `shift`, or a `case` whose items shift
        // what they read (`-H) HOST="$2"; shift 2 ;;`).
        let (case, shifts_after) = match (getopts, body.as_slice()) {
            (true, [case]) => (*case, false),
            (false, [case, shift]) if self.sh.text(*shift).trim() == "shift" => (*case, true),
            (false, [case]) => (*case, false),
            _ => return false,
        };
        if case.kind() != "case_statement" {
            return false;
        }
        let subject = case
            .child_by_field_name("value")
            .map(|v| self.sh.text(v).replace(['"', '{', '}'], ""));
        if subject.as_deref() != Some(&format!("${var}")) {
            return false;
        }
        let takes_value = |letter: char| {
            spec.as_deref()
                .and_then(|s| s.find(letter))
                .is_some_and(|i| spec.as_deref().unwrap_or("")[i + 1..].starts_with(':'))
        };
        let mut found: Vec<(String, Vec<String>)> = Vec::new();
        // `-q|--quiet) QUIET=1; shift ;;`: options that take no value.
        let mut switches: Vec<(String, Vec<String>)> = Vec::new();
        // `--) shift; break ;;`: what follows is the caller's, as `"$@"`.
        let mut rest_after_dashes = false;
        // `*:* ) HOST=$(… "$1" | cut -d: -f1); PORT=…; shift ;;`: the assignments an item
        // makes of a word that is not an option, the suite's first positional argument.
        let mut positional: Option<Vec<Node<'t>>> = None;
        let mut kept_rest: Option<String> = None;
        let mut empty_defaults: std::collections::HashMap<String, String> =
            std::collections::HashMap::new();
        let items: Vec<Node> = named_children(case)
            .into_iter()
            .filter(|c| c.kind() == "case_item")
            .collect();
        let mut ends = false;
        for item in items {
            let mut c = item.walk();
            let patterns: Vec<String> = item
                .children_by_field_name("value", &mut c)
                .map(|p| self.sh.text(p).trim_matches(['"', '\'']).to_string())
                .collect();
            let ids: Vec<usize> = {
                let mut c = item.walk();
                item.children_by_field_name("value", &mut c)
                    .map(|p| p.id())
                    .collect()
            };
            let stmts: Vec<Node> = named_children(item)
                .into_iter()
                .filter(|c| !ids.contains(&c.id()) && c.kind() != "comment")
                // `if [ "$TIMEOUT" = "" ]; then break; fi` after `TIMEOUT="$2"`: an option
                // given an empty value ends the reading, which no caller of a check does.
                .filter(|c| {
                    if !matches!(c.kind(), "if_statement" | "list") {
                        return true;
                    }
                    let mut names = Vec::new();
                    walk_commands(*c, &mut |x| names.push(self.sh.command_name(x)));
                    !(names == [Some("break".to_string())]
                        && !self.sh.text(*c).contains("elif")
                        && !self.sh.text(*c).contains("else"))
                })
                .collect();
            let is_shift = |s: &Node| matches!(self.sh.text(*s).trim(), "shift" | "shift 1");
            // The end of an endless loop's words: `"") break ;;` (or `*) break ;;`, below).
            if endless
                && patterns.iter().all(|p| p.is_empty())
                && let [b] = stmts.as_slice()
                && self.sh.text(*b).trim() == "break"
            {
                ends = true;
                continue;
            }
            if !getopts
                && !patterns.is_empty()
                && patterns
                    .iter()
                    .all(|p| p.contains('*') && p != "*" && !p.starts_with('-'))
                && let Some((last, assigns)) = stmts.split_last()
                && (is_shift(last) || shifts_after)
                && !assigns.is_empty()
                && assigns.iter().all(|a| a.kind() == "variable_assignment")
                && (!shifts_after || last.kind() == "variable_assignment")
            {
                if positional.is_some() {
                    return false;
                }
                let mut assigns = assigns.to_vec();
                if shifts_after {
                    assigns.push(*last);
                }
                positional = Some(assigns);
                continue;
            }
            let texts: Vec<String> = stmts
                .iter()
                .map(|s| self.sh.text(*s).replace(['"', '{', '}', ' '], ""))
                .collect();
            // An item that only reports and exits, or stops the loop: what the suite refuses.
            // `echo "Usage: …" && exit 3` too: reports joined to the exit.
            // (`echo` and `printf` succeed, so the `exit` after `&&` is reached; `usage`, a
            // function, may return non-zero, and `||` skips it.)
            let exits = stmts.last().is_some_and(|s| {
                let fails = exit_code(self.sh, unredirected(*s)).is_some_and(|c| c != 0);
                if s.kind() == "list" {
                    let mut names = Vec::new();
                    walk_commands(*s, &mut |x| names.push(self.sh.command_name(x)));
                    let ands = children(*s)
                        .iter()
                        .filter(|c| !c.is_named())
                        .all(|c| self.sh.text(*c) == "&&");
                    return fails
                        && ands
                        && names.last() == Some(&Some("exit".to_string()))
                        && names[..names.len() - 1]
                            .iter()
                            .all(|n| matches!(n.as_deref(), Some("echo" | "printf")));
                }
                fails && self.sh.command_name(*s).as_deref() == Some("exit")
            });
            // `*) ERROR="Illegal option"; usage ;;` of a `usage` that always ends the script
            // with a failure: what it assigns is only what the message says.
            let assigns_then_fails = matches!(stmts.as_slice(), [.., last]
                if self.always_fails_function(*last))
                && stmts[..stmts.len() - 1]
                    .iter()
                    .all(|s| s.kind() == "variable_assignment" && !self.sh.text(*s).contains("$("));
            let refuses = assigns_then_fails
                || exits && !texts.iter().any(|t| t.contains('=') && !t.contains(' '))
                || stmts.iter().all(|s| {
                    let name = self.sh.command_name(*s).unwrap_or_default();
                    matches!(
                        name.as_str(),
                        "echo"
                            | "printf"
                            | "exit"
                            | "usage"
                            | "help"
                            | "print_help"
                            | "print_usage"
                            | "break"
                            | ">&2"
                    ) || self.sh.fn_bodies.contains_key(&name)
                        || self.is_log(*s)
                });
            let (one, two): (&[&str], &[&str]) = if shifts_after {
                (&[], &["shift", "shift1"])
            } else {
                (&["shift", "shift1"], &["shift2"])
            };
            if !getopts
                && patterns.iter().all(|p| p == "--")
                && matches!(texts.as_slice(), [s, b] if one.contains(&s.as_str()) && b == "break")
            {
                rest_after_dashes = true;
                continue;
            }
            // `--) shift; CLI=("$@"); break ;;`: the rest kept for a later `exec`.
            if !getopts
                && patterns.iter().all(|p| p == "--")
                && let [s, keep, b] = texts.as_slice()
                && one.contains(&s.as_str())
                && b == "break"
                && let Some(name) = keep.strip_suffix("=($@)")
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                rest_after_dashes = true;
                kept_rest = Some(name.to_string());
                continue;
            }
            // `HOST=${2:-"localhost"}; shift 2`: an option whose empty value the script
            // replaces, as the suite's `${host:-localhost}` does.
            let mut or_else: Option<String> = None;
            let assignment = match texts.as_slice() {
                [a] if getopts => a.strip_suffix("=$OPTARG").map(str::to_string),
                [a, s] if !getopts && two.contains(&s.as_str()) => {
                    a.strip_suffix("=$2").map(str::to_string).or_else(|| {
                        let (name, default) = self.empty_value_default(stmts[0], "2")?;
                        or_else = Some(default);
                        Some(name)
                    })
                }
                [a] if !getopts && shifts_after && patterns.iter().all(|p| p.ends_with("=*")) => {
                    a.strip_suffix("=$1#*=").map(str::to_string)
                }
                // `-a|--address) shift; ADDR="$1" ;;`, the loop's `shift` after the `case`.
                [s, a] if !getopts && shifts_after && two.contains(&s.as_str()) => {
                    a.strip_suffix("=$1").map(str::to_string)
                }
                [a, s]
                    if !getopts
                        && !shifts_after
                        && one.contains(&s.as_str())
                        && patterns.iter().all(|p| p.ends_with("=*")) =>
                {
                    a.strip_suffix("=$1#*=").map(str::to_string)
                }
                _ => None,
            };
            // `QUIET=1; shift`: a switch, whatever value it sets; `s) ssl=1 ;;` of a getopts
            // letter that takes no value.
            let switch = match texts.as_slice() {
                [a, s] if !getopts && !shifts_after && one.contains(&s.as_str()) => Some(a),
                [a] if !getopts && shifts_after => Some(a),
                [a] if getopts
                    && !a.contains("OPTARG")
                    && patterns.iter().all(|p| {
                        let mut chars = p.chars();
                        matches!((chars.next(), chars.next()), (Some(l), None)
                            if l.is_ascii_alphanumeric()
                                && spec.as_deref().is_some_and(|s| s.contains(l))
                                && !takes_value(l))
                    }) =>
                {
                    Some(a)
                }
                _ => None,
            }
            .and_then(|a| a.split_once('='))
            .filter(|(_, v)| !v.contains('$') && !v.is_empty())
            .map(|(n, _)| n.to_string());
            if assignment.is_none()
                && let Some(name) = switch.filter(|n| {
                    n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !n.is_empty()
                })
            {
                let flags: Vec<String> = patterns
                    .iter()
                    .flat_map(|p| p.split('|'))
                    .map(|f| f.trim().trim_matches(['"', '\'']))
                    .map(|f| {
                        if getopts {
                            format!("-{f}")
                        } else {
                            f.to_string()
                        }
                    })
                    .collect();
                if !flags.iter().all(|f| crate::suite::args::is_option_flag(f)) {
                    return false;
                }
                match switches.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, f)) => f.extend(flags),
                    None => switches.push((name, flags)),
                }
                continue;
            }
            let Some(name) = assignment.filter(|n| {
                n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !n.is_empty()
            }) else {
                // An item that only reports and refuses, or stops the loop; a catch-all that
                // does anything else (`*) HOST="$1"; shift ;;`) is not read.
                if refuses {
                    // `*) break ;;`: what is left is the caller's, as `"$@"`.
                    if texts.iter().any(|t| t == "break") {
                        rest_after_dashes = true;
                        ends |= texts.len() == 1 && patterns.iter().all(|p| p == "*");
                    }
                    continue;
                }
                let catch_all = patterns
                    .iter()
                    .all(|p| matches!(p.as_str(), "*" | "\\?" | "?" | ":"));
                if catch_all && stmts.is_empty() {
                    continue;
                }
                // `*) echoerr "Unknown argument: $1" ;;` in a loop with no `shift` of its own:
                // the words never move on, so the script repeats the item without end, or
                // stops where it fails (`set -e`); it never gets past an option it does not
                // know, which the suite refuses.
                if catch_all && !getopts && !shifts_after && self.never_moves_on(&stmts) {
                    continue;
                }
                return false;
            };
            let mut flags = Vec::new();
            for p in &patterns {
                for alt in p.split('|').map(str::trim) {
                    let alt = alt.trim_matches(['"', '\'']).trim_end_matches("=*");
                    let flag = if getopts {
                        let mut chars = alt.chars();
                        match (chars.next(), chars.next()) {
                            (Some(l), None) if l.is_ascii_alphanumeric() && takes_value(l) => {
                                format!("-{l}")
                            }
                            _ => return false,
                        }
                    } else {
                        alt.to_string()
                    };
                    if !crate::suite::args::is_option_flag(&flag) {
                        return false;
                    }
                    flags.push(flag);
                }
            }
            // (Two items setting one variable must agree on what an empty value gives.)
            if or_else.is_some() || empty_defaults.contains_key(&name) {
                if found.iter().any(|(n, _)| *n == name)
                    && empty_defaults.get(&name) != or_else.as_ref()
                {
                    return false;
                }
                if let Some(d) = or_else {
                    empty_defaults.insert(name.clone(), d);
                }
            }
            match found.iter_mut().find(|(n, _)| *n == name) {
                Some((_, f)) => f.extend(flags),
                None => found.push((name, flags)),
            }
        }
        if found.is_empty() || (endless && !ends) {
            return false;
        }
        // `s) port=443 ;;` beside `p) port=$OPTARG ;;`: a switch that sets what an option
        // sets, which the suite's switch (a value of its own) cannot.
        if switches
            .iter()
            .any(|(v, _)| found.iter().any(|(f, _)| f == v))
        {
            return false;
        }
        let line = self.sh.line(n);
        // Each option: the variable it sets, the suite's argument, and what the variable holds.
        let mut declared: Vec<(String, crate::import::draft::OptionArg, Var)> = Vec::new();
        for (var_name, flags) in switches {
            let name = format!("opt_{}", var_name.to_lowercase());
            // What the script sets is not what the suite's switch holds (`true`): a test of
            // it is not read.
            let option = crate::import::draft::OptionArg {
                name,
                flags,
                default: None,
                switch: true,
                line,
            };
            declared.push((var_name, option, Var::Dynamic));
        }
        for (var_name, mut flags) in found {
            flags.dedup();
            let default = match self.sh.vars.get(&var_name) {
                None => String::new(),
                Some(Var::Text(t)) => match t.as_literal() {
                    Some(l) => l,
                    None => return false,
                },
                Some(_) => return false,
            };
            // `HOST=` before `--host) HOST=${2:-localhost}`: not given, the script's value is
            // empty, where the suite's `${host:-localhost}` would not be.
            if default.is_empty() && empty_defaults.contains_key(&var_name) {
                return false;
            }
            let mut name = var_name.to_lowercase();
            if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                || name.starts_with("arg")
            {
                name = format!("opt_{name}");
            }
            let value = Var::Text(Text(vec![Piece::Var(
                name.clone(),
                empty_defaults.get(&var_name).cloned(),
            )]));
            let option = crate::import::draft::OptionArg {
                name,
                flags,
                default: Some(default),
                switch: false,
                line,
            };
            declared.push((var_name, option, value));
        }
        // No two options of one name or flag, here or before: nothing is declared then.
        let clash = |a: &crate::import::draft::OptionArg, b: &crate::import::draft::OptionArg| {
            a.name == b.name || a.flags.iter().any(|f| b.flags.contains(f))
        };
        for (k, (_, option, _)) in declared.iter().enumerate() {
            if self.sh.findings.options.iter().any(|o| clash(o, option))
                || declared[..k].iter().any(|(_, o, _)| clash(o, option))
            {
                return false;
            }
        }
        let declared_vars: Vec<String> = declared.iter().map(|(v, ..)| v.clone()).collect();
        for (var_name, option, value) in declared {
            self.sh.vars.insert(var_name, value);
            self.sh.findings.options.push(option);
        }
        // The positional arguments: after `shift $((OPTIND-1))` for getopts; none after a
        // `$#` loop, which consumed them all, or those after `--`.
        for i in 1..=9 {
            if getopts || rest_after_dashes {
                self.sh.vars.insert(i.to_string(), Var::Dynamic);
            } else {
                self.sh
                    .vars
                    .insert(i.to_string(), Var::Text(Text::default()));
            }
        }
        if getopts {
            self.sh.vars.insert(OPTIONS_READ.into(), Var::Dynamic);
        }
        if let Some(name) = kept_rest {
            self.forwarded.push(name.clone());
            self.sh.vars.insert(name, Var::Dynamic);
            // The words after `--` are the caller's command: taken, not used.
            self.sh.findings.ignores_args = true;
        }
        // The word that is not an option, as the suite's first argument.
        if let Some(assigns) = positional {
            let saved = self.sh.vars.clone();
            let first = Var::Text(Text(vec![Piece::Var(positional_name(1), None)]));
            self.sh.vars.insert("1".into(), first);
            let mut st = st.clone();
            let mut alt = Vec::new();
            for a in assigns {
                if !matches!(self.assign(a, &mut st), Ok(None | Some(Cond::True))) {
                    self.sh.vars = saved;
                    return false;
                }
                if let Some(name) = a.child_by_field_name("name") {
                    let name = self.sh.text(name).to_string();
                    let v = self.sh.vars.get(&name).cloned().unwrap_or(Var::Dynamic);
                    alt.retain(|(n, _)| *n != name);
                    alt.push((name, v));
                }
            }
            self.sh.vars = saved;
            // Variables an option sets too (`-h HOST` beside `HOST:PORT`), or that hold a
            // value before the loop (`HOST=127.0.0.1`): the two paths, the word given or not.
            let shared = alt.iter().any(|(name, _)| {
                declared_vars.contains(name)
                    || match self.sh.vars.get(name) {
                        None => false,
                        Some(Var::Text(t)) => {
                            !t.0.is_empty() && t.as_literal().as_deref() != Some("")
                        }
                        Some(_) => true,
                    }
            });
            if alt.iter().any(|(name, _)| declared_vars.contains(name)) {
                self.warn_once(
                    self.sh.line(n),
                    "given both the word and an option that sets the same value, the script takes the later one; the suite takes the word".into(),
                );
            }
            if shared {
                self.positional_alt = Some(alt);
            } else {
                for (name, v) in alt {
                    self.sh.vars.insert(name, v);
                }
            }
        }
        true
    }

    /// `CHECK && echo ok || echo fail` captured whole (`up=$(…)`), where CHECK prints nothing
    /// (its output thrown away, or a quiet program: [`Sema::prints_nothing`]): the check's
    /// condition and the two words, the first where it holds (the `echo` after `&&` does not
    /// fail, so `||` runs only where the check did). `None` where anything is otherwise.
    fn either_word(&mut self, cmd: Node<'t>, st: &State) -> Option<(Cond, String, String)> {
        if cmd.kind() != "list" {
            return None;
        }
        let [left, or_op, no] = children(cmd)[..] else {
            return None;
        };
        if self.sh.text(or_op) != "||" || left.kind() != "list" {
            return None;
        }
        let [check, and_op, yes] = children(left)[..] else {
            return None;
        };
        if self.sh.text(and_op) != "&&" || !self.prints_nothing(check) {
            return None;
        }
        // (Words a test reads the same quoted or not: not empty, no blank, no pattern.)
        let plain = |w: &String| {
            !w.is_empty()
                && w.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || matches!(c, '_' | '-' | '.' | ':' | '/' | '+' | '@' | ',')
                })
        };
        let (yes, no) = (self.echoed_word(yes)?, self.echoed_word(no)?);
        if !plain(&yes) || !plain(&no) {
            return None;
        }
        let status_of = self.sh.strip_quiet(check);
        let mut tried = st.clone();
        let before = self.obs.len();
        match self.truth(status_of, &mut tried) {
            Ok(c) if c.atoms().iter().all(|o| self.obs[*o].unknown.is_none()) => Some((c, yes, no)),
            _ => {
                self.obs.truncate(before);
                None
            }
        }
    }

    /// What `echo WORD…` (no option) or `printf WORD` (no `%` or `\`) of literal words
    /// prints, as `$(…)` keeps it: the words joined by spaces.
    fn echoed_word(&self, n: Node) -> Option<String> {
        if !self.constant_echo(n) {
            return None;
        }
        let words: Vec<String> = self
            .sh
            .args(n)
            .iter()
            .map(Text::as_literal)
            .collect::<Option<_>>()?;
        match self.sh.command_name(n)?.as_str() {
            "echo" if words.first().is_none_or(|w| !w.starts_with('-')) => Some(words.join(" ")),
            "printf" if matches!(words.as_slice(), [w] if !w.contains(['%', '\\'])) => {
                Some(words[0].trim_end_matches('\n').to_string())
            }
            _ => None,
        }
    }

    /// Whether a statement prints nothing to its standard output, its errors not sent there
    /// either: thrown away (`>/dev/null 2>&1`, `&>/dev/null`; not `2>&1 >/dev/null`), or a
    /// program that prints nothing there as called (`curl -o /dev/null` without `-w` nor `-D
    /// -`, `wget -q --spider`, `grep -q`, `nc -z` without `-v`, `test`), its errors left
    /// where they go or thrown away (`2>/dev/null`).
    fn prints_nothing(&self, n: Node<'t>) -> bool {
        if self.output_discarded(n) {
            return true;
        }
        let program = match n.kind() {
            "command" => n,
            "redirected_statement" => {
                let mut c = n.walk();
                let errors_aside = n.children_by_field_name("redirect", &mut c).all(|r| {
                    matches!(
                        self.sh.text(r).replace(' ', "").as_str(),
                        "2>/dev/null" | "2>>/dev/null"
                    )
                });
                match n.child_by_field_name("body") {
                    Some(b) if errors_aside && b.kind() == "command" => b,
                    _ => return false,
                }
            }
            _ => return false,
        };
        self.silent_program(program)
    }

    /// A program that prints nothing to its standard output as called (see
    /// [`Sema::prints_nothing`]).
    fn silent_program(&self, inner: Node<'t>) -> bool {
        let args: Vec<String> = self
            .sh
            .args(inner)
            .iter()
            .filter_map(Text::as_literal)
            .collect();
        let has = |a: &str| args.iter().any(|x| x == a);
        let pair = |flag: &str, value: &str| args.windows(2).any(|w| w[0] == flag && w[1] == value);
        match self.sh.command_name(inner).as_deref() {
            // (Its options read as curl reads them: `-sw '%{http_code}'` writes.)
            Some("curl") => {
                (pair("-o", "/dev/null") || pair("--output", "/dev/null") || has("-o/dev/null"))
                    && self.sh.curl_output(inner) == super::CurlOutput::Nothing
            }
            Some("wget") => {
                (has("-q") || has("--quiet")) && (has("--spider") || pair("-O", "/dev/null"))
            }
            Some("grep") => has("-q") || has("--quiet") || has("--silent"),
            Some("nc" | "ncat" | "netcat") => {
                has("-z") && !args.iter().any(|a| a.starts_with('-') && a.contains('v'))
            }
            Some("test" | "[") => true,
            _ => false,
        }
    }

    /// `$(curl -o /dev/null --fail URL)` written as a command: what runs prints nothing, so the
    /// word expands to no command at all and the status is the substitution's.
    fn silent_substitution(&self, n: Node<'t>) -> Option<Node<'t>> {
        if n.kind() != "command" || named_children(n).len() != 1 {
            return None;
        }
        let name = n.child_by_field_name("name")?;
        let subs = named_children(name);
        let [sub] = subs.as_slice() else {
            return None;
        };
        if sub.kind() != "command_substitution" {
            return None;
        }
        let inner = statements(*sub);
        let [inner] = inner.as_slice() else {
            return None;
        };
        let inner = *inner;
        let quiet = self.sh.strip_quiet(inner);
        if quiet.id() != inner.id() && self.sh.text(inner).replace(' ', "").contains(">/dev/null") {
            return Some(inner);
        }
        (inner.kind() == "command"
            && matches!(
                self.sh.command_name(inner).as_deref(),
                Some("curl" | "wget")
            )
            && self.silent_program(inner))
        .then_some(inner)
    }

    /// Whether a statement prints nothing a capture reads: its stdout goes to /dev/null, and
    /// its stderr there too or nowhere a capture sees (`2>&1` after the stdout redirect).
    fn output_discarded(&self, n: Node) -> bool {
        if n.kind() != "redirected_statement" {
            return false;
        }
        let mut c = n.walk();
        let redirects: Vec<String> = n
            .children_by_field_name("redirect", &mut c)
            .map(|r| self.sh.text(r).replace(' ', ""))
            .collect();
        let mut stdout_null = false;
        for r in &redirects {
            match r.as_str() {
                ">/dev/null" | "1>/dev/null" | "&>/dev/null" | ">&/dev/null" => stdout_null = true,
                "2>/dev/null" => {}
                // Stderr joins stdout: discarded only once stdout is.
                "2>&1" if stdout_null => {}
                _ => return false,
            }
        }
        stdout_null
    }

    /// An assignment; `Some(status)` when its value ran a command (`v=$(cmd)`).
    fn assign(&mut self, a: Node<'t>, st: &mut State) -> R<Option<Cond>> {
        let name = a
            .child_by_field_name("name")
            .map(|c| self.sh.text(c).to_string())
            .ok_or("an assignment without a name")?;
        if name.contains('[') {
            return Err(format!("an assignment to `{name}`"));
        }
        let Some(value) = a.child_by_field_name("value") else {
            self.sh.vars.insert(name, Var::Text(Text::default()));
            return Ok(None);
        };
        if self.sh.text(a).contains("+=") {
            return Err(format!("`{name}+=`"));
        }
        self.deadlines.remove(&name);
        // `URL="${1:?URL is required}"` at the top of the script: the argument, which the
        // suite requires of its caller as the script does (the script also refuses an empty
        // one, which no probe of an empty URL or port passes either).
        if let Some(n) = self.required_argument(value)
            && a.parent().is_some_and(|p| p.kind() == "program")
        {
            let r = &mut self.sh.findings.required_positional;
            *r = (*r).max(n);
            let v = self.sh.vars.get(&n.to_string()).cloned();
            self.sh.vars.insert(name, v.unwrap_or(Var::Dynamic));
            return Ok(None);
        }
        // `SECONDS=0`: bash counts again from there.
        if name == "SECONDS" {
            let v = self
                .sh
                .word(value)
                .and_then(|t| t.as_literal())
                .and_then(|t| t.parse::<f64>().ok())
                .ok_or("an assignment to `SECONDS` of a computed value")?;
            self.seconds_offset = v - self.now;
            return Ok(None);
        }
        // `cmd="$@"`: the caller's arguments, for a later `exec $cmd`.
        if all_arguments(self.sh.text(value)) {
            self.forwarded.push(name.clone());
            self.sh.vars.insert(name, Var::Dynamic);
            return Ok(None);
        }
        // `used=${used%.*}`, `${used%%.*}` of df's whole percentage: nothing to take off.
        if let Some((source, "%.*" | "%%.*")) = expansion_op(self.sh.text(value).trim_matches('"'))
            && let Some(Var::Sym(Sym::DiskUse(o))) = self.sh.vars.get(source).cloned()
        {
            self.sh.vars.insert(name, Var::Sym(Sym::DiskUse(o)));
            return Ok(None);
        }
        // `v="$(cmd)"` is `v=$(cmd)`: an assignment does not split words.
        let inner = self.unquoted(value);
        let value = if inner.kind() == "command_substitution" {
            inner
        } else {
            value
        };
        if value.kind() == "command_substitution" {
            let inner = statements(value);
            // `wget=$(which wget)` then `$wget -q …`: the tool, found on PATH as the script
            // found it (taken as installed).
            if let [guard] = inner.as_slice()
                && let Some(tool) = self.tool_guard(*guard)
                && !tool.contains('/')
                && self.prints_path(*guard)
            {
                self.assume_installed(a, &tool);
                self.sh.vars.insert(name, Var::Text(Text::lit(tool)));
                return Ok(Some(Cond::True));
            }
            // `SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"`: the directory the
            // script is in, which it can enter (it was read from there); known only there.
            if script_dir_idiom(self.sh.text(value)) {
                self.sh.vars.insert(name, Var::Dynamic);
                return Ok(Some(Cond::True));
            }
            let echoes_status = |echo: Node| {
                matches!(
                    self.sh.text(echo).trim(),
                    "echo $?" | "echo \"$?\"" | "echo ${?}" | "echo \"${?}\""
                )
            };
            // `ok=$(cmd >/dev/null 2>&1; echo $?)`: the command's status, as text.
            if let [cmd, echo] = inner.as_slice()
                && echoes_status(*echo)
                && self.output_discarded(*cmd)
            {
                let c = self.status(*cmd, st);
                self.sh.vars.insert(name, Var::Sym(Sym::Code(c)));
                return Ok(Some(Cond::True));
            }
            // `rc=$(echo $?)` right after a command: its status, as `rc=$?` holds it.
            if let [echo] = inner.as_slice()
                && echoes_status(*echo)
                && let Some(c) = st.last.clone()
            {
                self.sh.vars.insert(name, Var::Sym(Sym::Code(c)));
                return Ok(Some(Cond::True));
            }
            let [cmd] = inner.as_slice() else {
                self.sh.vars.insert(name, Var::Dynamic);
                return Ok(None);
            };
            if let Some(file) = self.temp_file(*cmd) {
                self.sh.vars.insert(name, Var::Sym(file));
                return Ok(Some(Cond::True));
            }
            // `$(cmd || true)`: cmd's output, and a status of 0 whatever it was (what `set -e`
            // then lets through).
            if cmd.kind() == "list"
                && let [left, op, right] = children(*cmd).as_slice()
                && self.sh.text(*op) == "||"
                && matches!(self.sh.text(*right).trim(), "true" | ":")
            {
                let captured = self.capture(*left, st);
                return match captured {
                    Some(Capture { sym, .. }) => {
                        self.sh.vars.insert(name, Var::Sym(sym));
                        Ok(Some(Cond::True))
                    }
                    None => {
                        self.sh.vars.insert(name, Var::Dynamic);
                        Ok(Some(Cond::True))
                    }
                };
            }
            if let Some(t) = self.epoch(*cmd) {
                self.clock_reads.insert(name.clone(), (t, self.obs.len()));
                self.sh
                    .vars
                    .insert(name, Var::Text(Text::lit(t.to_string())));
                return Ok(None);
            }
            // `n=$(expr $n + 1)`: arithmetic, as `$((n + 1))`; expr fails where the result
            // is 0 (which `set -e` stops at).
            if let Some(v) = self.expr_value(*cmd) {
                self.sh
                    .vars
                    .insert(name, Var::Text(Text::lit(v.to_string())));
                return Ok((v == 0).then_some(Cond::False));
            }
            // `USER="$(cat /run/secrets/db_user)"` under `set -e`: where the file cannot be
            // read the script stops there, whether or not the value is used later.
            // (An `if [ -r F ]` around it still lets `cat` fail: a directory, a mode that
            // only root passes.)
            if st.errexit
                && let Some(path) = self.sh.cat_path(*cmd)
                && let Some(t) = self.sh.file_content(*cmd)
            {
                let base = match slug(&path.for_name()).as_str() {
                    "" => "file".to_string(),
                    s => format!("file-{s}"),
                };
                let probe = self.sh.unique_name(&base);
                let line = self.sh.line(*cmd);
                let mut d = Draft::new(probe, line, Check::File { path });
                d.expect.push(("readable".into(), Yaml::Bool(true)));
                let o = self.push(d.clone(), d, false, "stdout", st);
                self.sh.vars.insert(name, Var::Text(t));
                return Ok(Some(Cond::Atom(o, Pred::Ok)));
            }
            if let Some(t) = self
                .host_address(*cmd)
                .or_else(|| self.sh.file_content(*cmd))
                .or_else(|| self.cut_at_colon(*cmd))
            {
                self.sh.vars.insert(name, Var::Text(t));
                return Ok(None);
            }
            // `msg=$(kill -0 "$pid" 2>&1)` with `$msg` only in messages: what it captured is
            // only printed; its status is the command's, read as a statement is (`2>&1` only
            // adds to what is printed).
            if self.only_in_messages(&name) {
                let status_of = match cmd.kind() {
                    "redirected_statement" if self.merged_body(*cmd).is_some() => {
                        cmd.child_by_field_name("body").unwrap_or(*cmd)
                    }
                    _ => *cmd,
                };
                let mut tried = st.clone();
                let before = self.obs.len();
                match self.truth(status_of, &mut tried) {
                    Ok(c) if c.atoms().iter().all(|o| self.obs[*o].unknown.is_none()) => {
                        self.sh.vars.insert(name, Var::Dynamic);
                        return Ok(Some(c));
                    }
                    _ => self.obs.truncate(before),
                }
            }
            if let Some((c, yes, no)) = self.either_word(*cmd, st) {
                self.sh.vars.insert(name, Var::Sym(Sym::Either(c, yes, no)));
                // (The status is the `echo`'s.)
                return Ok(Some(Cond::True));
            }
            return match self.capture(*cmd, st) {
                Some(Capture { sym, status }) => {
                    self.sh.vars.insert(name, Var::Sym(sym));
                    Ok(Some(status))
                }
                None => {
                    self.sh.vars.insert(name, Var::Dynamic);
                    // `$(cmd || echo FAILED)`: a status of 0 whatever cmd's was (what `set -e`
                    // then lets through).
                    if cmd.kind() == "list"
                        && let [_, op, right] = children(*cmd).as_slice()
                        && self.sh.text(*op) == "||"
                        && self.constant_echo(*right)
                    {
                        return Ok(Some(Cond::True));
                    }
                    // The assignment's status is the command's: unknown, which matters only
                    // where the verdict reads it (`$?`, `set -e`).
                    Ok(Some(self.unknown(*cmd)))
                }
            };
        }
        if value.kind() == "arithmetic_expansion" {
            // (Not `age=$(( $(date +%s) - $(stat -c %Y "$F") ))`: where the file is missing the
            // expansion is an error, the assignment fails and bash goes on with `age` unset,
            // which a later `[ "$age" -gt 120 ]` refuses: the script may pass there.)
            let v = named_children(value)
                .first()
                .and_then(|e| self.arith(*e))
                .map(|i| Var::Text(Text::lit(i.to_string())))
                .unwrap_or(Var::Dynamic);
            if matches!(v, Var::Dynamic)
                && let Some(limit) = self.late_deadline_value(value)
            {
                self.deadlines.insert(name.clone(), limit);
                self.sh.vars.insert(name, v);
                return Ok(None);
            }
            // `age=$((now - mtime))`, `cutoff=$((now - MAX_AGE))`: kept as sums of the clock,
            // a file's modification time and the caller's value, for a later comparison.
            let v = match (
                &v,
                named_children(value)
                    .first()
                    .and_then(|e| self.time_lin(*e)),
            ) {
                (Var::Dynamic, Some(t))
                    if t.mtime.is_some() || (t.now != 0 && t.late.is_some()) =>
                {
                    Var::Sym(Sym::Time(t))
                }
                (Var::Dynamic, _) => named_children(value)
                    .first()
                    .and_then(|e| self.late_count_arith(*e))
                    .map_or(v, |t| Var::Sym(Sym::LateCount(t))),
                _ => v,
            };
            self.sh.vars.insert(name, v);
            return Ok(None);
        }
        // `hp=(${1//:/ })`: a `host:port` split at its colon into words, read as
        // `${hp[0]}` and `${hp[1]}`, the halves of the value (as `cut -d: -f1` and `-f2`).
        if value.kind() == "array"
            && !self.sh.posix_shell()
            && let [item] = named_children(value)
                .into_iter()
                .filter(|c| c.kind() != "comment")
                .collect::<Vec<_>>()
                .as_slice()
            && let Some(source) = self
                .sh
                .text(*item)
                .strip_prefix("${")
                .and_then(|t| t.strip_suffix("//:/ }").or_else(|| t.strip_suffix("/:/ }")))
            && !source.is_empty()
            && source
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            && let Some(whole) = self.sh.var_value(source, None)
        {
            self.sh.vars.insert(name.clone(), Var::Dynamic);
            for (i, head) in [(0, true), (1, false)] {
                let half = match whole.as_literal() {
                    Some(v) => {
                        let mut words = v.split(':');
                        let first = words.next().unwrap_or_default().to_string();
                        Some(Text::lit(if head {
                            first
                        } else {
                            words.next().unwrap_or_default().to_string()
                        }))
                    }
                    None => self
                        .sh
                        .split_value(whole.clone(), head, 'c', self.sh.line(a)),
                };
                let v = half.map_or(Var::Dynamic, Var::Text);
                self.sh.vars.insert(format!("{name}[{i}]"), v);
            }
            return Ok(None);
        }
        if value.kind() == "array" {
            let items = self.sh.array_items(value);
            self.sh
                .vars
                .insert(name, items.map_or(Var::Dynamic, Var::List));
            return Ok(None);
        }
        // `RETVAL=$?`
        if let Operand::Code(c) = self.operand(value, st) {
            self.sh.vars.insert(name, Var::Sym(Sym::Code(c)));
            return Ok(None);
        }
        if let Some(sym) = self.whole_sym(value) {
            self.sh.vars.insert(name, Var::Sym(sym));
            return Ok(None);
        }
        let v = self.sh.word(value).map_or(Var::Dynamic, Var::Text);
        self.sh.vars.insert(name, v);
        Ok(None)
    }

    /// `$(echo "$HP" | cut -d: -f1)` (or `-f2`, `printf '%s\n' "$HP"`, `awk -F: '{print $1}'`):
    /// the host or the port of a `host:port`, as [`Shell::split_at_colon`] reads `${HP%%:*}`
    /// and `${HP#*:}` (the second field is the rest after the first colon for `host:port`).
    fn cut_at_colon(&self, cmd: Node) -> Option<Text> {
        if cmd.kind() != "pipeline" {
            return None;
        }
        let [source, cut] = named_children(cmd)[..] else {
            return None;
        };
        let name = self.sh.command_name(source)?;
        let args = self.sh.args(source);
        let value = match (name.as_str(), args.as_slice()) {
            ("echo", [v]) => v.clone(),
            ("echo", [n, v]) if n.as_literal().as_deref() == Some("-n") => v.clone(),
            ("printf", [f, v]) if matches!(f.as_literal().as_deref(), Some("%s\\n" | "%s")) => {
                v.clone()
            }
            _ => return None,
        };
        let cut_args = self.literal_args(cut)?;
        let flags: Vec<&str> = cut_args.iter().map(String::as_str).collect();
        let field = match (self.sh.command_name(cut)?.as_str(), flags.as_slice()) {
            ("cut", ["-d:", f] | ["-d", ":", f] | [f, "-d:"] | [f, "-d", ":"]) => {
                f.strip_prefix("-f")?.to_string()
            }
            ("cut", ["-d:", "-f", f] | ["-d", ":", "-f", f] | ["-f", f, "-d:"]) => f.to_string(),
            ("awk", ["-F:", p] | ["-F", ":", p]) => p
                .strip_prefix("{print $")
                .or_else(|| p.strip_prefix("{ print $"))?
                .trim_end_matches([' ', '}'])
                .to_string(),
            _ => return None,
        };
        let by_cut = self.sh.command_name(cut)? == "cut";
        // awk's `$NF`: what follows the last colon (the whole line without one), as
        // `${HP##*:}` gives it.
        if field == "NF" && !by_cut {
            if let Some(v) = value.as_literal() {
                return Some(Text::lit(v.rsplit(':').next().unwrap_or_default()));
            }
            return self.sh.split_value(value, false, 'l', self.sh.line(cmd));
        }
        let head = match field.as_str() {
            "1" => true,
            "2" => false,
            _ => return None,
        };
        if let Some(v) = value.as_literal() {
            let mut parts = v.split(':');
            let first = parts.next().unwrap_or_default().to_string();
            return Some(Text::lit(match (parts.next(), head) {
                // cut prints a line without the delimiter whole; awk's second field is empty.
                (None, _) if by_cut => v,
                (None, true) => first,
                (None, false) => String::new(),
                (Some(_), true) => first,
                (Some(second), false) => second.to_string(),
            }));
        }
        // The second field is the rest only for `host:port`: the report says so where the two
        // halves are joined.
        self.sh.split_value(value, head, 'c', self.sh.line(cmd))
    }

    /// `$(hostname -i || echo 127.0.0.1)` and its kin: this machine's address, which a suite
    /// reads from `${HOST_IP}` (with the script's fallback as its default), and `$(hostname)`,
    /// its name, from `${HOSTNAME}`; the report says so.
    fn host_address(&mut self, cmd: Node) -> Option<Text> {
        let (first, fallback) = match cmd.kind() {
            "list" => {
                let parts = children(cmd);
                let [l, op, r] = parts.as_slice() else {
                    return None;
                };
                if self.sh.text(*op) != "||" || self.sh.command_name(*r).as_deref() != Some("echo")
                {
                    return None;
                }
                (*l, self.sh.args(*r).first().and_then(Text::as_literal))
            }
            _ => (cmd, None),
        };
        let text = self
            .sh
            .text(first)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // `$(hostname)`: this machine's name, which Docker and Kubernetes give their
        // containers as HOSTNAME (bash sets it too, unexported).
        if matches!(
            text.as_str(),
            "hostname" | "hostname -s" | "hostname --short" | "uname -n" | "hostname 2>/dev/null"
        ) {
            let shown = fallback
                .as_deref()
                .map_or(String::new(), |f| format!(":-{f}"));
            self.warn_once(
                self.sh.line(cmd),
                format!(
                    "`{text}` (this machine's name) became ${{HOSTNAME{shown}}}: containers have HOSTNAME set; set it where it is not"
                ),
            );
            return Some(Text(vec![Piece::Var(
                "HOSTNAME".into(),
                fallback.map(|f| Text::lit(f).render()),
            )]));
        }
        if !matches!(
            text.as_str(),
            "hostname -i" | "hostname --ip-address" | "hostname -i 2>/dev/null"
        ) {
            return None;
        }
        let default = fallback.unwrap_or_default();
        self.warn_once(
            self.sh.line(cmd),
            format!(
                "`{text}` (this machine's address) became ${{HOST_IP:-{default}}}: set HOST_IP where {} is not the address to check",
                if default.is_empty() { "an empty value" } else { default.as_str() }
            ),
        );
        Some(Text(vec![Piece::Var(
            "HOST_IP".into(),
            Some(Text::lit(default).render()),
        )]))
    }

    /// `"$x"`, `"${x}"` or `"$(cmd)"` as the expansion inside the quotes, when the quotes
    /// hold nothing else; any other word as it is.
    fn unquoted<'n>(&self, n: Node<'n>) -> Node<'n> {
        match named_children(n).as_slice() {
            [only]
                if n.kind() == "string"
                    && matches!(
                        only.kind(),
                        "simple_expansion" | "expansion" | "command_substitution"
                    )
                    && self.sh.text(n).len() == self.sh.text(*only).len() + 2 =>
            {
                *only
            }
            _ => n,
        }
    }

    /// A word that is exactly one variable holding a value from running something.
    fn whole_sym(&self, n: Node) -> Option<Sym> {
        let n = self.unquoted(n);
        let name = match n.kind() {
            "simple_expansion" => self.sh.text(n).trim_start_matches('$').to_string(),
            "expansion" => {
                let parts = children(n);
                if parts.len() != 3 {
                    return None;
                }
                self.sh.text(parts[1]).to_string()
            }
            _ => return None,
        };
        match self.sh.vars.get(&name) {
            Some(Var::Sym(s)) => Some(s.clone()),
            _ => None,
        }
    }

    /// `${used%\%}`, `${used//%/}` of df's `Use%` field (`used=$(df … | awk '{print $5}')`):
    /// the number, its `%` taken off.
    fn percent_taken_off(&self, word: &str) -> Option<usize> {
        let (name, op) = expansion_op(word)?;
        let off = matches!(
            op,
            "%\\%"
                | "%%\\%"
                | "%%%"
                | "%\"%\""
                | "%'%'"
                | "%?"
                | "//%/"
                | "//%"
                | "/\\%/"
                | "/\\%"
                | "//\\%/"
                | "//\\%"
        );
        match self.sh.vars.get(name) {
            Some(Var::Sym(Sym::DiskView(o, view))) if off && view.line && view.field => Some(*o),
            _ => None,
        }
    }

    /// An operand that may run a command: `[ "$(curl -w '%{http_code}' …)" = 200 ]`.
    fn operand_run(&mut self, n: Node<'t>, st: &State) -> Operand {
        // `[[ $CLI != "" ]]` of the command a wait script hands over to (`--) shift;
        // CLI=("$@")`): the suite runs none, and checks as the script does without one.
        let word = self.sh.text(n).trim_matches('"').to_string();
        if let Some(v) = self.forwarded.iter().find(|v| {
            [
                format!("${v}"),
                format!("${{{v}}}"),
                format!("${{{v}[@]}}"),
                format!("${{{v}[*]}}"),
            ]
            .contains(&word)
        }) {
            let message = format!(
                "`{word}` is the command the caller passes after `--` (`{v}`), which the suite does not run: it checks as the script does without one"
            );
            self.warn_once(self.sh.line(n), message);
            return Operand::Lit(String::new());
        }
        let inner = self.unquoted(n);
        if inner.kind() == "arithmetic_expansion" {
            self.observe_inline_times(inner, st);
        }
        if inner.kind() != "command_substitution" {
            return self.operand(n, st);
        }
        let cmds = statements(inner);
        let [cmd] = cmds.as_slice() else {
            return Operand::Unknown;
        };
        if let Some(t) = self.epoch(*cmd) {
            return Operand::Lit(t.to_string());
        }
        match self.capture(*cmd, st) {
            Some(Capture {
                sym: Sym::Status(o),
                ..
            }) => Operand::Status(o),
            Some(Capture {
                sym: Sym::StatusLine(o),
                ..
            }) => Operand::StatusLine(o),
            Some(Capture {
                sym: Sym::Out(o, view),
                ..
            }) => Operand::Out(o, view),
            Some(Capture {
                sym: Sym::DiskUse(o),
                ..
            }) => Operand::DiskUse(o),
            Some(Capture {
                sym: Sym::Time(t), ..
            }) => Operand::Time(t),
            _ => Operand::Unknown,
        }
    }

    fn operand(&self, n: Node, st: &State) -> Operand {
        let inner = self.unquoted(n);
        if inner.kind() == "arithmetic_expansion" {
            // `$((now - start))`, folded where every name in it is known.
            let e = named_children(inner).first().copied();
            return match e.and_then(|e| self.arith(e)) {
                Some(v) => Operand::Lit(v.to_string()),
                None => match e.and_then(|e| self.time_lin(e)) {
                    Some(t) if t.mtime.is_some() => Operand::Time(t),
                    _ => Operand::Unknown,
                },
            };
        }
        let raw = self.sh.text(n).trim_matches('"');
        if raw == "$?" || raw == "${?}" {
            return st.last.clone().map_or(Operand::Unknown, Operand::Code);
        }
        if matches!(raw, "$0" | "${0}")
            || (!self.sh.posix_shell()
                && matches!(raw, "${BASH_SOURCE[0]}" | "$BASH_SOURCE" | "${BASH_SOURCE}"))
        {
            return Operand::OwnPath;
        }
        if let Some(o) = self.percent_taken_off(raw) {
            return Operand::DiskUse(o);
        }
        match self.whole_sym(n) {
            Some(Sym::Out(o, view)) => return Operand::Out(o, view),
            Some(Sym::Status(o)) => return Operand::Status(o),
            Some(Sym::StatusLine(o)) => return Operand::StatusLine(o),
            Some(Sym::Code(c)) => return Operand::Code(c),
            Some(Sym::DiskUse(o)) => return Operand::DiskUse(o),
            Some(Sym::Time(t)) => return Operand::Time(t),
            Some(Sym::OrText(o, t)) => return Operand::OrText(o, t),
            Some(Sym::Either(c, yes, no)) => return Operand::Either(c, yes, no),
            Some(Sym::BodyStatus(_)) => return Operand::Unknown,
            // `85%`, which `test` refuses as a number; a count only `attempts` reads; a file's
            // name the suite cannot give.
            Some(
                Sym::DiskView(..) | Sym::LateCount(_) | Sym::TempFile(_) | Sym::BodyFile { .. },
            ) => return Operand::Unknown,
            None => {}
        }
        if let Some((prefix, inner, suffix)) = self.framed(n) {
            return Operand::Framed(prefix, Box::new(inner), suffix);
        }
        match self.sh.word(n) {
            Some(t) => match t.as_literal() {
                Some(s) => Operand::Lit(s),
                None => Operand::Env(t),
            },
            None => Operand::Unknown,
        }
    }

    /// `x"$v"`, `"*$v"`: a value from running something between literal text, as old scripts
    /// write a comparison that an empty value cannot break.
    fn framed(&self, n: Node) -> Option<(String, Operand, String)> {
        if !matches!(n.kind(), "concatenation" | "string") {
            return None;
        }
        let mut found = Vec::new();
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            match x.kind() {
                "simple_expansion" | "expansion" => found.push(x),
                "command_substitution" | "arithmetic_expansion" => return None,
                _ => stack.extend(named_children(x)),
            }
        }
        let [e] = found.as_slice() else {
            return None;
        };
        // Unquoted, the value would be split into words.
        if e.parent().map(|p| p.kind()) != Some("string") {
            return None;
        }
        let inner = match self.whole_sym(*e)? {
            Sym::Out(o, view) => Operand::Out(o, view),
            Sym::Status(o) => Operand::Status(o),
            Sym::StatusLine(_)
            | Sym::Code(_)
            | Sym::DiskUse(_)
            | Sym::DiskView(..)
            | Sym::Time(_)
            | Sym::LateCount(_)
            | Sym::OrText(..)
            | Sym::Either(..)
            | Sym::BodyStatus(_)
            | Sym::TempFile(_)
            | Sym::BodyFile { .. } => return None,
        };
        let text = self.sh.text(n);
        let at = e.start_byte() - n.start_byte();
        let end = e.end_byte() - n.start_byte();
        let literal = |t: &str| -> Option<String> {
            if t.contains(['\\', '$', '`', '\'']) {
                return None;
            }
            Some(t.replace('"', ""))
        };
        Some((literal(&text[..at])?, inner, literal(&text[end..])?))
    }

    /// The script's clock set to where the path being followed is.
    fn tick(&mut self, st: &State) {
        self.now = st.slept;
        if !self.reads_seconds {
            return;
        }
        let seconds = (st.slept + self.seconds_offset).floor() as i64;
        self.sh
            .vars
            .insert("SECONDS".into(), Var::Text(Text::lit(seconds.to_string())));
    }

    /// `date +%s` (also `-u`): the seconds since the epoch on the script's clock.
    /// `expr A OP B` of whole numbers the script holds (`expr $n + 1`, `expr $t \* 2`): the
    /// value it prints.
    fn expr_value(&self, cmd: Node) -> Option<i64> {
        if cmd.kind() != "command" || self.sh.command_name(cmd).as_deref() != Some("expr") {
            return None;
        }
        let [a, op, b] = self.literal_args(cmd)?.try_into().ok()?;
        let number = |w: &str| -> Option<i64> {
            let digits = w.strip_prefix('-').unwrap_or(w);
            (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
                .then(|| w.parse().ok())
                .flatten()
        };
        let (a, b) = (number(&a)?, number(&b)?);
        match op.as_str() {
            "+" => a.checked_add(b),
            "-" => a.checked_sub(b),
            "*" => a.checked_mul(b),
            // expr refuses a division by zero (status 2), which is not read here.
            "/" if b != 0 => a.checked_div(b),
            "%" if b != 0 => a.checked_rem(b),
            _ => None,
        }
    }

    fn epoch(&self, cmd: Node) -> Option<i64> {
        if cmd.kind() != "command" || self.sh.command_name(cmd).as_deref() != Some("date") {
            return None;
        }
        let args = self.literal_args(cmd)?;
        let mut format = None;
        for a in &args {
            match a.as_str() {
                "-u" | "--utc" => {}
                f if f.starts_with('+') => format = Some(f),
                _ => return None,
            }
        }
        (format? == "+%s").then(|| EPOCH + self.now.floor() as i64)
    }

    /// `(( n >= 90 ))` on a value the script captured (`n=$(cmd)`): the test `[ "$n" -ge 90 ]`
    /// makes, when a value that is not a number fails both (`((…))` reads a word as a
    /// variable, 0 when unset, and refuses other text; `[` refuses both). `None` for another
    /// shape.
    fn arith_compare(&mut self, e: Node, test: Node, st: &State) -> Option<R<Cond>> {
        if e.kind() != "binary_expression" {
            return None;
        }
        let op = match self.sh.text(e.child_by_field_name("operator")?) {
            "<" => "-lt",
            "<=" => "-le",
            ">" => "-gt",
            ">=" => "-ge",
            "==" => "-eq",
            "!=" => "-ne",
            _ => return None,
        };
        let (l, r) = (
            e.child_by_field_name("left")?,
            e.child_by_field_name("right")?,
        );
        let (value, number, op) = match (self.arith(l), self.arith(r)) {
            (None, Some(n)) => (l, n, op),
            (Some(n), None) => (r, n, flip(op)?),
            _ => return None,
        };
        if !matches!(
            value.kind(),
            "variable_name" | "simple_expansion" | "expansion"
        ) {
            return None;
        }
        let name = self
            .sh
            .text(value)
            .trim_start_matches('$')
            .trim_matches(['{', '}']);
        let (o, view) = match self.sh.vars.get(name).cloned() {
            Some(Var::Sym(Sym::Out(o, view))) => (o, view),
            Some(Var::Sym(Sym::DiskUse(o))) => {
                return Some(self.compare(
                    op,
                    Operand::DiskUse(o),
                    Operand::Lit(number.to_string()),
                    test,
                    None,
                    st,
                ));
            }
            // `(( code == 200 ))` of curl's `%{http_code}`: three digits, `000` without an
            // answer, as `[ "$code" -eq 200 ]` reads them.
            Some(Var::Sym(Sym::Status(o))) => {
                return Some(self.compare(
                    op,
                    Operand::Status(o),
                    Operand::Lit(number.to_string()),
                    test,
                    None,
                    st,
                ));
            }
            _ => return None,
        };
        let zero_passes = match op {
            "-lt" => 0 < number,
            "-le" => 0 <= number,
            "-gt" => 0 > number,
            "-ge" => 0 >= number,
            "-eq" => number == 0,
            _ => number != 0,
        };
        if zero_passes {
            return Some(Err(
                "an arithmetic test that passes on a value that is not a number".into(),
            ));
        }
        self.warn_once(
            self.sh.line(test),
            "`((…))` reads a number with a leading 0 as octal (`08` is an error) and `0x…` as hexadecimal; the probe reads the value as a decimal number".into(),
        );
        Some(self.compare(
            op,
            Operand::Out(o, view),
            Operand::Lit(number.to_string()),
            test,
            None,
            st,
        ))
    }

    /// `(( ++n ))`, `(( n++ ))`, `(( n-- ))`, `(( n += K ))`, `(( n = n + K ))` of a variable
    /// holding a known whole number: its name, its new value, and the expression's value.
    fn arith_update(&self, n: Node) -> Option<(String, i64, i64)> {
        let t = self.sh.text(n);
        self.arith_update_of(t.strip_prefix("((")?.strip_suffix("))")?.trim())
    }

    /// `let n=$n+1`, `let "n += 1"`, `let n++`: one expression, as [`Self::arith_update`]
    /// reads it between `((` and `))` (bash expands `$n` first, as it does there).
    fn let_update(&self, n: Node) -> Option<(String, i64, i64)> {
        let [word] = named_children(n)
            .into_iter()
            .filter(|c| c.kind() != "command_name")
            .collect::<Vec<_>>()[..]
        else {
            return None;
        };
        let t = self.sh.text(word);
        let inner = match t.chars().next()? {
            q @ ('"' | '\'') => t.strip_prefix(q)?.strip_suffix(q)?,
            _ if t.contains(['"', '\'', '*', '?', '[', ' ']) => return None,
            _ => t,
        };
        self.arith_update_of(inner.trim())
    }

    fn arith_update_of(&self, inner: &str) -> Option<(String, i64, i64)> {
        static UPDATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(
                r"^(?:(?P<pre>\+\+|--)(?P<a>[A-Za-z_]\w*)|(?P<b>[A-Za-z_]\w*)(?P<post>\+\+|--)|(?P<c>[A-Za-z_]\w*)\s*(?P<op>[+-])=\s*(?P<k>\d+)|(?P<d>[A-Za-z_]\w*)\s*=\s*\$?(?P<e>[A-Za-z_]\w*)\s*(?P<op2>[+-])\s*(?P<k2>\d+))$",
            )
            .expect("a valid regex")
        });
        let m = UPDATE.captures(inner)?;
        // (`010` is octal to bash, `08` an error: a number with a leading 0 is not read.)
        let decimal =
            |t: &str| -> Option<i64> { (t == "0" || !t.starts_with('0')).then(|| t.parse().ok())? };
        let value_of = |name: &str| -> Option<i64> {
            match self.sh.vars.get(name) {
                Some(Var::Text(t)) => decimal(t.as_literal()?.trim()),
                _ => None,
            }
        };
        let step = |sign: &str, k: i64| if sign == "+" || sign == "++" { k } else { -k };
        if let (Some(pre), Some(a)) = (m.name("pre"), m.name("a")) {
            let new = value_of(a.as_str())?.checked_add(step(pre.as_str(), 1))?;
            return Some((a.as_str().to_string(), new, new));
        }
        if let (Some(b), Some(post)) = (m.name("b"), m.name("post")) {
            let old = value_of(b.as_str())?;
            return Some((
                b.as_str().to_string(),
                old.checked_add(step(post.as_str(), 1))?,
                old,
            ));
        }
        if let (Some(c), Some(op), Some(k)) = (m.name("c"), m.name("op"), m.name("k")) {
            let new = value_of(c.as_str())?.checked_add(step(op.as_str(), decimal(k.as_str())?))?;
            return Some((c.as_str().to_string(), new, new));
        }
        let (d, e, op, k) = (m.name("d")?, m.name("e")?, m.name("op2")?, m.name("k2")?);
        if d.as_str() != e.as_str() {
            return None;
        }
        let new = value_of(d.as_str())?.checked_add(step(op.as_str(), decimal(k.as_str())?))?;
        Some((d.as_str().to_string(), new, new))
    }

    fn arith(&self, e: Node) -> Option<i64> {
        match e.kind() {
            "number" => self.sh.text(e).parse().ok(),
            // `(( $s == "1" ))`: bash removes the quotes of a plain number.
            "string" | "raw_string" => {
                let t = self.sh.text(e);
                let inner = t
                    .strip_prefix('"')
                    .and_then(|r| r.strip_suffix('"'))
                    .or_else(|| t.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))?;
                inner
                    .chars()
                    .all(|c| c.is_ascii_digit())
                    .then(|| inner.parse().ok())
                    .flatten()
            }
            "variable_name" | "simple_expansion" | "expansion" => {
                match self.sh.vars.get(self.expansion_name(e)) {
                    Some(Var::Text(t)) => t.as_literal()?.trim().parse().ok(),
                    _ => None,
                }
            }
            "parenthesized_expression" => self.arith(named_children(e).into_iter().next()?),
            // `$(( $(date +%s) + 60 ))`
            "command_substitution" => match statements(e).as_slice() {
                [cmd] => self.epoch(*cmd),
                _ => None,
            },
            "binary_expression" => {
                let l = self.arith(e.child_by_field_name("left")?)?;
                let r = self.arith(e.child_by_field_name("right")?)?;
                let op = self.sh.text(e.child_by_field_name("operator")?);
                Some(match op {
                    "+" => l.checked_add(r)?,
                    "-" => l.checked_sub(r)?,
                    "*" => l.checked_mul(r)?,
                    "/" => l.checked_div(r)?,
                    "%" => l.checked_rem(r)?,
                    "<" => (l < r) as i64,
                    "<=" => (l <= r) as i64,
                    ">" => (l > r) as i64,
                    ">=" => (l >= r) as i64,
                    "==" => (l == r) as i64,
                    "!=" => (l != r) as i64,
                    _ => return None,
                })
            }
            _ => None,
        }
    }

    /// `case WORD in P1|P2) …;; *) …;; esac`: the first item whose pattern matches runs.
    fn case_statement(&mut self, n: Node<'t>, k: &Cont<'_, 't>, st: State) -> R<Cond> {
        let subject = n
            .child_by_field_name("value")
            .ok_or("a `case` without a word")?;
        // A word of the environment or the arguments: each pattern of plain text is a test.
        let settled_word = self.sh.word(subject).filter(|t| t.as_literal().is_none());
        let subject = self.operand_run(subject, &st);
        let items: Vec<Node> = named_children(n)
            .into_iter()
            .filter(|c| c.kind() == "case_item")
            .collect();
        let mut none_before = Cond::True;
        let mut result = Cond::False;
        for item in items {
            if self.sh.text(item).trim_end().ends_with(";&")
                || self.sh.text(item).trim_end().ends_with(";;&")
            {
                return Err("a `case` item that falls through".into());
            }
            let mut c = item.walk();
            let patterns: Vec<Node> = item.children_by_field_name("value", &mut c).collect();
            // `*"200 OK"*)`: the grammar gives the pieces of one pattern as values of their
            // own; only a `|` between them makes alternatives. Pieces read as one text.
            let mut groups: Vec<Vec<Node>> = Vec::new();
            for p in &patterns {
                match groups.last_mut() {
                    Some(g)
                        if !self.sh.src[g[g.len() - 1].end_byte()..p.start_byte()]
                            .contains('|') =>
                    {
                        g.push(*p)
                    }
                    _ => groups.push(vec![*p]),
                }
            }
            let mut matched = Cond::False;
            for g in groups.iter().filter(|g| g.len() > 1) {
                let raw = &self.sh.src[g[0].start_byte()..g[g.len() - 1].end_byte()];
                let re = glob_regex(raw).ok_or("a `case` pattern probekit cannot read")?;
                let one = match &subject {
                    Operand::Lit(s) => {
                        let re = regex::Regex::new(&format!(r"(?s)\A(?:{re})\z"))
                            .map_err(|e| e.to_string())?;
                        constant(re.is_match(s))
                    }
                    Operand::Out(o, view) if view.is_empty() => {
                        text(*o, "matches", &format!(r"(?s)\A(?:{re})\n*\z"))
                    }
                    _ => return Err("a `case` pattern of several pieces".into()),
                };
                matched = or(matched, one);
            }
            let singles: Vec<Node> = groups
                .iter()
                .filter(|g| g.len() == 1)
                .map(|g| g[0])
                .collect();
            for p in &singles {
                let one = match (&subject, &settled_word) {
                    (Operand::Env(_), Some(word)) if self.sh.text(*p) != "*" => {
                        // (`a|b)`: the grammar reads `a` as an extglob pattern.)
                        let plain = match p.kind() {
                            "extglob_pattern" => Some(self.sh.text(*p).to_string()),
                            _ => self.sh.word(*p).and_then(|t| t.as_literal()),
                        }
                        .filter(|w| {
                            glob_regex(self.sh.text(*p)).as_deref() == Some(&regex::escape(w))
                        })
                        .ok_or("a `case` pattern on the environment probekit cannot express")?;
                        let argv = vec![
                            Text::lit("test"),
                            word.clone(),
                            Text::lit("="),
                            Text::lit(&plain),
                        ];
                        self.test_probe(argv, true, self.sh.line(*p), &st)
                    }
                    _ => self.case_pattern(&subject, *p)?,
                };
                matched = or(matched, one);
            }
            let ids: Vec<usize> = patterns.iter().map(|p| p.id()).collect();
            let body: Vec<Node> = named_children(item)
                .into_iter()
                .filter(|c| !ids.contains(&c.id()) && c.kind() != "comment")
                .collect();
            let mut inside = st.clone();
            inside.last = Some(Cond::True);
            let taken = self.branch(&body, k, inside)?;
            result = or(
                result,
                and(and(none_before.clone(), matched.clone()), taken),
            );
            none_before = and(none_before, not(matched));
        }
        let mut after = st;
        after.last = Some(Cond::True);
        let fallen = self.go(k, after)?;
        Ok(or(result, and(none_before, fallen)))
    }

    /// Whether the `case` word matches one pattern.
    fn case_pattern(&mut self, subject: &Operand, p: Node) -> R<Cond> {
        let raw = self.sh.text(p);
        if raw == "*" {
            return Ok(Cond::True);
        }
        match subject {
            Operand::Lit(s) => {
                let re = glob_regex(raw).ok_or("a `case` pattern probekit cannot read")?;
                let re =
                    regex::Regex::new(&format!(r"(?s)\A(?:{re})\z")).map_err(|e| e.to_string())?;
                Ok(constant(re.is_match(s)))
            }
            Operand::Out(o, view) if view.is_empty() => {
                let re = glob_regex(raw).ok_or("a `case` pattern probekit cannot express")?;
                Ok(text(*o, "matches", &format!(r"(?s)\A(?:{re})\n*\z")))
            }
            Operand::Out(o, view) => {
                // A pattern without wildcards is the text itself.
                let word = self
                    .sh
                    .word(p)
                    .and_then(|t| t.as_literal())
                    .filter(|w| glob_regex(raw).as_deref() == Some(&regex::escape(w)))
                    .ok_or("a `case` pattern probekit cannot express")?;
                let lines_end = self.obs[*o].command;
                view_rule(*o, view, "=", &word, lines_end, false)
            }
            // Without an answer: curl's `000` (`0*)` would take it), or the empty word of a
            // status line (`*)` takes it).
            Operand::Status(o) if self.status_fallbacks.contains_key(o) => {
                Err("a `case` on a status the script follows with digits of its own".into())
            }
            Operand::Status(o) => status_case(*o, raw, "000"),
            Operand::StatusLine(o) => status_case(*o, raw, ""),
            Operand::Code(c) => match raw {
                "0" => Ok(c.clone()),
                _ => Err("a `case` on an exit status".into()),
            },
            _ => Err("a `case` on a value the script computes".into()),
        }
    }

    fn list(&mut self, n: Node<'t>, k: &Cont<'_, 't>, st: State) -> R<Cond> {
        let parts = children(n);
        let [left, op, right] = parts.as_slice() else {
            return Err("a list this pass does not follow".into());
        };
        let op = self.sh.text(*op).to_string();
        let is_and = match op.as_str() {
            "&&" => true,
            "||" => false,
            _ => return Err(format!("`{op}`")),
        };
        let mut st = st;
        // `echo "$body" | jq ".$key" 2>/dev/null || echo "$body"`: a text shown one way or
        // another, status 0 (each `echo` a plain report, the filters only print).
        if !is_and
            && self.sh.prints_only(*left)
            && (self.plain_report(*right) || matches!(self.sh.text(*right).trim(), "true" | ":"))
            && self
                .sh
                .pipeline_head(*left)
                .is_some_and(|h| self.plain_report(h))
        {
            st.last = Some(Cond::True);
            return self.go(k, st);
        }
        // `[ -n "$1" ] && HOST=$1 || HOST=db`: the `if` it stands for (an assignment does not
        // fail, so the right side runs exactly when the test fails).
        if !is_and
            && left.kind() == "list"
            && let [test, and, then] = children(*left).as_slice()
            && self.sh.text(*and) == "&&"
            && then.kind() == "variable_assignment"
            && right.kind() == "variable_assignment"
            && self.defaults_else(&[*test], &[*then], &[*right])
        {
            st.last = Some(Cond::True);
            return self.go(k, st);
        }
        // `CHECK && exit 0 || sleep 1`: an `if` whose body ends the script, the right side its
        // `else` (what follows `exit` never runs, so its status does not pick the side).
        if !is_and
            && left.kind() == "list"
            && let [check, and, then] = children(*left).as_slice()
            && self.sh.text(*and) == "&&"
            && then.kind() == "command"
            && self.sh.command_name(*then).as_deref() == Some("exit")
            && self.function_call(*check).is_none()
        {
            let errexit = std::mem::replace(&mut st.errexit, false);
            let c = self.truth(*check, &mut st)?;
            st.errexit = errexit;
            let own = self.own_status(&[*check]);
            return self.chosen_or(c, own, &[*then], Otherwise::Statements(&[*right]), k, st);
        }
        // The left side of `&&` and `||` does not stop the script under `set -e`.
        let errexit = std::mem::replace(&mut st.errexit, false);
        if let Some(name) = self.function_call(*left) {
            let after = Cont::ListRight {
                and: is_and,
                right: *right,
                next: k,
                errexit,
            };
            return self.call(*left, &name, &after, st);
        }
        let l = self.truth(*left, &mut st)?;
        st.errexit = errexit;
        // `ret=$(curl …) || true`: what the left side did (a capture, an assignment) stays,
        // its status does not: the list passes either way, and nothing splits on it.
        if !is_and && matches!(self.sh.text(*right).trim(), "true" | ":") {
            st.last = Some(Cond::True);
            return self.go(k, st);
        }
        self.after_left(is_and, l, *right, k, st)
    }

    /// `echo …` or `printf …` (to stdout, stderr or nowhere) that neither runs another
    /// command, nor assigns, nor may fail or end the script (`${X:?}`, `${!name}`, `${X:0:-3}`,
    /// a name `set -u` stops on, a `printf` format it refuses): it prints, with status 0, and
    /// changes nothing the script reads.
    fn plain_report(&self, n: Node) -> bool {
        let cmd = match n.kind() {
            "redirected_statement" if self.sends_output_aside(n) => {
                let Some(body) = n.child_by_field_name("body") else {
                    return false;
                };
                body
            }
            _ => n,
        };
        let shadowed = ["echo", "printf"]
            .iter()
            .any(|f| self.sh.functions.contains_key(*f));
        let unset_stops = self.stops_on_unset();
        let mut computes = false;
        let mut stack = vec![cmd];
        while let Some(x) = stack.pop() {
            let t = self.sh.text(x);
            computes |= match x.kind() {
                "command_substitution" | "arithmetic_expansion" | "process_substitution" => true,
                "expansion" => {
                    // After `${NAME`: `:-`, `-`, `:+`, `+` and the pattern operators only
                    // read; `:=`, `?` may not, nor bash's own (`${!x}`, a substring, `/`, `^`,
                    // `,`), which stop dash ("Bad substitution").
                    let op = super::expansion_op(t);
                    let defaulted = op.starts_with(":-") || op.starts_with('-');
                    t.contains(['?', '='])
                        || super::bash_only_expansion(t)
                        || (unset_stops && !defaulted)
                }
                "simple_expansion" => unset_stops && !matches!(t, "$?" | "$#" | "$$" | "$0" | "$-"),
                _ => false,
            };
            stack.extend(named_children(x));
        }
        cmd.kind() == "command"
            && matches!(
                self.sh.command_name(cmd).as_deref(),
                Some("echo" | "printf")
            )
            && self.sh.is_report(cmd)
            && !shadowed
            && !computes
    }

    /// Whether the redirections of a redirected statement only send its output to stderr or
    /// nowhere (`>&2`, `>/dev/null 2>&1`).
    fn sends_output_aside(&self, n: Node) -> bool {
        let mut c = n.walk();
        let redirects: Vec<Node> = n.children_by_field_name("redirect", &mut c).collect();
        !redirects.is_empty()
            && redirects.iter().all(|r| {
                matches!(
                    self.sh.text(*r).replace(' ', "").as_str(),
                    ">&2"
                        | "1>&2"
                        | ">/dev/stderr"
                        | ">/dev/null"
                        | "1>/dev/null"
                        | "2>&1"
                        | "2>/dev/null"
                )
            })
    }

    /// A command that calls one of the script's functions (not in a pipeline).
    fn function_call(&self, n: Node) -> Option<String> {
        let n = self.sh.strip_quiet(n);
        if n.kind() != "command" {
            return None;
        }
        let name = self.sh.command_name(n)?;
        self.sh.fn_bodies.contains_key(&name).then_some(name)
    }

    /// The rest of `LEFT && RIGHT` or `LEFT || RIGHT` once LEFT's status is `l`.
    fn after_left(
        &mut self,
        is_and: bool,
        l: Cond,
        right: Node<'t>,
        k: &Cont<'_, 't>,
        mut st: State,
    ) -> R<Cond> {
        // `CHECK && echo ok`, `CHECK || echo failed >&2`: the right side only prints, with
        // status 0, and what follows runs either way. It is followed once (not once for each
        // side, which doubles with every such line), `$?` then the left's status for `&&` and
        // 0 for `||`.
        if self.plain_report(right)
            && !l
                .atoms()
                .iter()
                .any(|a| self.halves_emptiness.iter().any(|(o, _)| o == a))
        {
            st.last = Some(if is_and { l } else { Cond::True });
            return self.go(k, st);
        }
        let (run_right, skip) = if is_and {
            (l.clone(), not(l.clone()))
        } else {
            (not(l.clone()), l.clone())
        };
        // A left side known before the script runs takes one way only: the other may not
        // even end (`[ "$tries" -ge 5 ] && exit 1` in a loop the counter ends).
        let known = simplify(run_right.clone());
        // On the right, `$?` is the left side's status.
        let on = if known == Cond::False {
            Cond::False
        } else {
            let mut taken = st.clone();
            taken.last = Some(l.clone());
            self.branch(std::slice::from_ref(&right), k, taken)?
        };
        if known == Cond::True {
            return Ok(on);
        }
        // Not running the right side: the list's status is the left's, which `set -e`
        // ignores.
        st.last = Some(if is_and { Cond::False } else { Cond::True });
        let off = self.go(k, st)?;
        self.halves_verdict(&run_right, &on, &off);
        Ok(or(and(run_right, on), and(skip, off)))
    }

    /// Notes the tests of a half ([`Self::emptiness_of_halves`]) in `c` whose way for an
    /// empty half (`on` where `c` then holds, `off` where it does not) fails the script.
    fn halves_verdict(&mut self, c: &Cond, on: &Cond, off: &Cond) {
        for (o, outcome) in self.halves_emptiness.clone() {
            if !c.atoms().contains(&o) {
                continue;
            }
            let way = match simplify(settle(c.clone(), o, outcome)) {
                Cond::True => on,
                Cond::False => off,
                _ => continue,
            };
            if simplify(way.clone()) == Cond::False && !self.halves_fail.contains(&o) {
                self.halves_fail.push(o);
            }
        }
    }

    fn for_statement(&mut self, n: Node<'t>, k: &Cont<'_, 't>, st: State) -> R<Cond> {
        let var = n
            .child_by_field_name("variable")
            .map(|v| self.sh.text(v).to_string())
            .ok_or("a `for` without a variable")?;
        let mut c = n.walk();
        let values: Vec<Node> = n.children_by_field_name("value", &mut c).collect();
        // `for p; do`: over the script's own words, as `for p in "$@"` (not over nothing).
        if values.is_empty() {
            return Err("a `for` over the script's own words (`for p; do`)".into());
        }
        let Some(items) = self.loop_words(&values) else {
            if let Some(count) = self.counted_by_seq(&values) {
                let body = n
                    .child_by_field_name("body")
                    .map(statements)
                    .ok_or("a loop without a body")?;
                return self.counted_by_script(
                    &var,
                    Budget::Count(count),
                    Vec::new(),
                    &body,
                    n,
                    k,
                    st,
                );
            }
            return Err("a loop over words the script computes".into());
        };
        if items.len() > COUNTED_ROUNDS {
            return Err("a loop of more rounds than probekit unrolls".into());
        }
        self.each_item(n, &var, &items, k, st)
    }

    /// The body of the loop `n` once per item, `var` bound to each, then `k`.
    fn each_item(
        &mut self,
        n: Node<'t>,
        var: &str,
        items: &[Text],
        k: &Cont<'_, 't>,
        st: State,
    ) -> R<Cond> {
        let body = n
            .child_by_field_name("body")
            .map(statements)
            .ok_or("a loop without a body")?;
        self.go(
            &Cont::For {
                var,
                items,
                body: &body,
                next: k,
            },
            st,
        )
    }

    /// `for ((i=1; i<=N; i++))` with bounds the script knows: a `for` over the counts.
    fn c_style_for(&mut self, n: Node<'t>, k: &Cont<'_, 't>, st: State) -> R<Cond> {
        let unreadable = || "a `for ((…))` loop this pass does not follow".to_string();
        let text = self.sh.text(n);
        let header = text.split("))").next().ok_or_else(unreadable)?;
        let inner = header
            .trim()
            .strip_prefix("for")
            .map(str::trim_start)
            .and_then(|h| h.strip_prefix("(("))
            .ok_or_else(unreadable)?;
        let [init, test, step] = inner
            .split(';')
            .map(str::trim)
            .collect::<Vec<_>>()
            .try_into()
            .map_err(|_| unreadable())?;
        let word = r"\$?\{?\w+\}?";
        let init_re =
            regex::Regex::new(&format!(r"^(\w+)\s*=\s*({word})$")).map_err(|_| unreadable())?;
        let test_re = regex::Regex::new(&format!(r"^(\w+)\s*(<=|<|>=|>)\s*({word})$"))
            .map_err(|_| unreadable())?;
        let init = init_re.captures(init).ok_or_else(unreadable)?;
        let test = test_re.captures(test).ok_or_else(unreadable)?;
        let var = init[1].to_string();
        if test[1] != var {
            return Err(unreadable());
        }
        // The step: `i++`, `++i`, `i--`, `i += N`, `i -= N`, `i = i + N`, `i = i - N` (N a
        // number, or a variable holding one).
        let step_text = step.replace(' ', "");
        let (up, by) = if step_text == format!("{var}++") || step_text == format!("++{var}") {
            (true, "1".to_string())
        } else if step_text == format!("{var}--") || step_text == format!("--{var}") {
            (false, "1".to_string())
        } else if let Some(by) = step_text
            .strip_prefix(&format!("{var}+="))
            .or_else(|| step_text.strip_prefix(&format!("{var}={var}+")))
        {
            (true, by.to_string())
        } else if let Some(by) = step_text
            .strip_prefix(&format!("{var}-="))
            .or_else(|| step_text.strip_prefix(&format!("{var}={var}-")))
        {
            (false, by.to_string())
        } else {
            return Err(unreadable());
        };
        let number = |w: &str| -> Option<i64> {
            let name = w.trim_start_matches('$').trim_matches(['{', '}']);
            if let Ok(v) = name.parse() {
                return Some(v);
            }
            match self.sh.vars.get(name) {
                Some(Var::Text(t)) => t.as_literal()?.trim().parse().ok(),
                _ => None,
            }
        };
        let by = number(&by).filter(|b| *b > 0).ok_or_else(unreadable)?;
        // A body that moves the counter or the bound itself runs other rounds.
        let mut body_nodes = n
            .child_by_field_name("body")
            .map(statements)
            .ok_or("a loop without a body")?;
        // `do { …; }; done`: the group's statements.
        if let [group] = body_nodes.as_slice()
            && group.kind() == "compound_statement"
            && !self.sh.text(*group).starts_with("((")
        {
            body_nodes = statements(*group);
        }
        let assigned = self.assigned_in(&body_nodes);
        let bound_name = test[3]
            .trim_start_matches('$')
            .trim_matches(['{', '}'])
            .to_string();
        if assigned.contains(&var) || assigned.contains(&bound_name) {
            return Err(unreadable());
        }
        let start = number(&init[2]).ok_or_else(unreadable)?;
        let Some(end) = number(&test[3]) else {
            if !up {
                return Err(unreadable());
            }
            let name = test[3].trim_start_matches('$').trim_matches(['{', '}']);
            let count = self.late_count(name).ok_or_else(unreadable)?;
            if by == 1 {
                // `for ((n=0; n<=$MAX; n++))`, MAX a count the caller gives: MAX+1 rounds
                // (MAX from 1, or below it from 0), counted when the probe runs.
                let mut count = count;
                let extra = match (&test[2], start) {
                    ("<=", 0) => 1,
                    ("<=", 1) | ("<", 0) => 0,
                    _ => return Err(unreadable()),
                };
                if extra > 0 {
                    count.push_lit(&format!("+{extra}"));
                }
                return self.counted_by_script(
                    &var,
                    Budget::Count(count),
                    Vec::new(),
                    &body_nodes,
                    n,
                    k,
                    st,
                );
            }
            // `for ((i=0; i<max_wait; i+=5)); do …; sleep 5; done`: a time the caller gives,
            // spent in the round's sleep of the step's seconds.
            let sleep = body_nodes
                .iter()
                .copied()
                .find(|b| {
                    let b = self.sh.strip_quiet(*b);
                    b.kind() == "command"
                        && self.sh.command_name(b).as_deref() == Some("sleep")
                        && self.sleep_or_default(b) == Some(by as f64)
                })
                .ok_or_else(unreadable)?;
            if start != 0 || test[2] != *"<" {
                return Err(unreadable());
            }
            let mut until = count;
            until.push_lit("s");
            let every = Text::lit(format!("{by}s"));
            return self.counted_by_script(
                &var,
                Budget::Time { until, every },
                vec![sleep],
                &body_nodes,
                n,
                k,
                st,
            );
        };
        let holds = |i: i64| match &test[2] {
            "<=" => i <= end,
            "<" => i < end,
            ">=" => i >= end,
            _ => i > end,
        };
        // After the loop the counter holds the first value past the bound, which the rounds
        // read here do not leave it at: a read of it after the loop is not followed.
        let after = &self.sh.src[n.end_byte()..];
        let counter = regex::Regex::new(&format!(r"\$(\{{)?{}\b", regex::escape(&var)))
            .map_err(|_| unreadable())?;
        if counter.is_match(after) {
            return Err("a `for ((…))` counter read after its loop".into());
        }
        let mut items = Vec::new();
        let mut i = start;
        while holds(i) {
            if items.len() >= COUNTED_ROUNDS {
                return Err("a loop of more rounds than probekit unrolls".into());
            }
            items.push(Text::lit(i.to_string()));
            i += if up { by } else { -by };
        }
        self.each_item(n, &var, &items, k, st)
    }

    /// The words a `for` runs over: literals, `{1..N}`, `$(seq …)`, `$(eval echo "{1..$N}")`
    /// with `N` known, a known array.
    fn loop_words(&self, values: &[Node]) -> Option<Vec<Text>> {
        if let [v] = values {
            if self.braces_expand()
                && let Some(range) = brace_range(self.sh.text(*v))
            {
                return Some(range);
            }
            // Another brace expansion bash makes (a prefix, too many rounds): not known here.
            if self.braces_expand()
                && matches!(v.kind(), "word" | "concatenation")
                && super::has_brace_expansion(self.sh.text(*v))
            {
                return None;
            }
            if v.kind() == "command_substitution" {
                let cmd = statements(*v).into_iter().next()?;
                let name = self.sh.command_name(cmd)?;
                if name == "eval" {
                    // `eval echo "{1..$N}"`: the range once `$N` is in (bash expands braces
                    // before variables, hence the eval).
                    let args = self.sh.args(cmd);
                    let [echo, range] = args.as_slice() else {
                        return None;
                    };
                    if echo.as_literal()? != "echo" || !self.braces_expand() {
                        return None;
                    }
                    return brace_range(&range.as_literal()?);
                }
                if name != "seq" {
                    return None;
                }
                let nums: Vec<i64> = self
                    .sh
                    .args(cmd)
                    .iter()
                    .map(|a| a.as_literal()?.parse().ok())
                    .collect::<Option<_>>()?;
                let (a, b, step) = match nums.as_slice() {
                    [n] => (1, *n, 1),
                    [a, b] => (*a, *b, 1),
                    [a, s, b] if *s > 0 => (*a, *b, *s),
                    _ => return None,
                };
                if b < a || (b - a) / step >= COUNTED_ROUNDS as i64 {
                    return None;
                }
                return Some(
                    (a..=b)
                        .step_by(step as usize)
                        .map(|i| Text::lit(i.to_string()))
                        .collect(),
                );
            }
            // `"${hosts[@]}"`
            let raw = self.sh.text(*v).trim_matches('"');
            if let Some(name) = raw.strip_prefix("${").and_then(|r| r.strip_suffix("[@]}"))
                && let Some(Var::List(items)) = self.sh.vars.get(name)
            {
                return Some(items.clone());
            }
        }
        let mut out = Vec::new();
        for v in values {
            // `for h in $HOSTS` after `HOSTS="db cache web"`: the value split into words, as
            // the shell splits it (by blanks, the script keeping the default `IFS`), where no
            // word could glob.
            if let Some(words) = self.split_literal(*v) {
                out.extend(words.into_iter().map(Text::lit));
                continue;
            }
            // Unquoted words split and glob: only plain ones are known.
            let raw = self.sh.text(*v);
            if v.kind() != "string"
                && v.kind() != "raw_string"
                && raw.contains(['*', '?', '[', '$', '`'])
            {
                return None;
            }
            // `for h in {db,cache} web`: bash's braces among other words.
            if self.braces_expand() && matches!(v.kind(), "word" | "concatenation") {
                if let Some(words) = brace_range(raw) {
                    out.extend(words);
                    continue;
                }
                if super::has_brace_expansion(raw) {
                    return None;
                }
            }
            out.push(self.sh.word(*v)?);
        }
        Some(out)
    }

    /// The words of an unquoted `$NAME` (or `${NAME}`) whose value here is text the script
    /// wrote: split by blanks, as the shell splits it where `IFS` is the default; `None` where
    /// a word could glob or the value is empty.
    fn split_literal(&self, v: Node) -> Option<Vec<String>> {
        let raw = self.sh.text(v);
        let name = match v.kind() {
            "simple_expansion" => raw.strip_prefix('$')?,
            "expansion" => raw.strip_prefix("${")?.strip_suffix('}')?,
            _ => return None,
        };
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || name.starts_with(|c: char| c.is_ascii_digit())
            || self.sh.src.contains("IFS")
            || self.sh.src.contains("extglob")
        {
            return None;
        }
        let Some(Var::Text(t)) = self.sh.vars.get(name) else {
            return None;
        };
        let value = t.as_literal()?;
        let words: Vec<String> = value
            .split([' ', '\t', '\n'])
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        if words.is_empty() || words.iter().any(|w| w.contains(['*', '?', '[', '\\'])) {
            return None;
        }
        self.sh.split_list.set(true);
        Some(words)
    }

    /// Whether the shell that runs the script expands `{1..5}` ([`super::braces_expand`]).
    fn braces_expand(&self) -> bool {
        super::braces_expand(self.sh.src)
    }

    /// `[ … ]`, `[[ … ]]`: 0 exactly when the result holds.
    fn test(&mut self, n: Node, st: &State) -> R<Cond> {
        let line = self.sh.line(n);
        self.test_at(n, st).map(|c| at_line(c, line))
    }

    fn test_at(&mut self, n: Node, st: &State) -> R<Cond> {
        let double = self.sh.text(n).starts_with("[[");
        // tree-sitter reads `[ a -o b ]` as nested comparisons: such a test is read from its
        // words, as `test` reads them.
        if !double {
            // Its own words only: `-o` of a curl inside `"$(…)"` is not the test's.
            let mut tokens = Vec::new();
            test_tokens(n, &mut tokens);
            let joins = tokens.iter().any(|t| {
                !matches!(t.kind(), "string" | "raw_string")
                    && matches!(self.sh.text(*t), "-o" | "-a")
            });
            if joins {
                return self.read_test_words(&tokens, st, n);
            }
        }
        let exprs = named_children(n);
        let [e] = exprs.as_slice() else {
            return Err("an empty test".into());
        };
        self.test_expr(*e, double, st, n)
    }

    /// In `[ ]`, an unquoted value the script captured is split into words and globbed: an
    /// empty one leaves the test without its word (`[ -n $body ]` holds, `[ $s != UP ]` is an
    /// error), one with a blank gives it more words than it reads.
    fn not_split(&self, token: Node, operand: &Operand, double: bool) -> R<()> {
        let expansion = |n: Node| {
            matches!(
                n.kind(),
                "simple_expansion" | "expansion" | "command_substitution"
            )
        };
        let unquoted = expansion(token)
            || (token.kind() == "concatenation"
                && named_children(token).into_iter().any(expansion));
        // (A count is one word: `[ $(… | wc -l) -gt 0 ]`.)
        let one_word = matches!(operand, Operand::Out(_, view)
            if matches!(view.last(), Some(Filter::Count | Filter::Split | Filter::Json { length: true, .. })));
        if !double
            && unquoted
            && !one_word
            && matches!(
                operand,
                Operand::Out(..) | Operand::Framed(..) | Operand::OrText(..)
            )
        {
            return Err(
                "an unquoted value in a `[ ]` test, which the shell splits into words".into(),
            );
        }
        Ok(())
    }

    /// `[ $reply = PONG ]`, `[ $n -gt 0 ]`, `[ -z $v ]`, unquoted, as the whole test: the
    /// value's words ([`Filter::Split`]). A value of no word or several makes `test` fail
    /// with a usage error, which is the test's false only where nothing around it inside the
    /// brackets (a `!`, `-o`) would have read that word otherwise.
    fn split_operand(
        &self,
        token: Node,
        operand: Operand,
        double: bool,
        e: Node,
        test: Node,
    ) -> Operand {
        let whole = e.parent().is_some_and(|p| p.id() == test.id());
        match operand {
            Operand::Out(o, mut view)
                if !double
                    && whole
                    && matches!(
                        token.kind(),
                        "simple_expansion" | "expansion" | "command_substitution"
                    ) =>
            {
                view.push(Filter::Split);
                Operand::Out(o, view)
            }
            other => other,
        }
    }

    /// `"$(command -v jq)"`, `$(which curl)`: the one statement of a substitution that is the
    /// whole word.
    fn guard_substitution<'n>(&self, word: Node<'n>) -> Option<Node<'n>> {
        let inner = self.unquoted(word);
        if inner.kind() != "command_substitution" {
            return None;
        }
        match statements(inner).as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    fn test_expr(&mut self, e: Node, double: bool, st: &State, test: Node) -> R<Cond> {
        match e.kind() {
            "parenthesized_expression" => {
                let inner = named_children(e).into_iter().next().ok_or("`( )`")?;
                self.test_expr(inner, double, st, test)
            }
            "negated_expression" => {
                let inner = named_children(e).into_iter().next().ok_or("`!`")?;
                Ok(not(self.test_expr(inner, double, st, test)?))
            }
            "binary_expression" => {
                let op = e
                    .child_by_field_name("operator")
                    .map(|o| self.sh.text(o).to_string())
                    .ok_or("a test without an operator")?;
                let left = e
                    .child_by_field_name("left")
                    .ok_or("a test without a left side")?;
                let mut c = e.walk();
                let rights: Vec<Node> = e.children_by_field_name("right", &mut c).collect();
                // The right side as written: a `=~` pattern comes in parts.
                let src = self.sh.src;
                let right_text = match (rights.first(), rights.last()) {
                    (Some(first), Some(last)) => Some(&src[first.start_byte()..last.end_byte()]),
                    _ => None,
                };
                // `[[ ! a =~ b ]]` is read as `(! a) =~ b`, where `!` binds last.
                if left.kind() == "unary_expression"
                    && children(left)
                        .first()
                        .is_some_and(|o| self.sh.text(*o) == "!")
                    && !matches!(op.as_str(), "&&" | "||" | "-a" | "-o")
                {
                    let inner = *children(left).get(1).ok_or("`!` alone")?;
                    let r = match rights.as_slice() {
                        _ if op == "=~" => right_text.and_then(ere_pattern).map(Operand::Lit),
                        [one] => Some(self.operand(*one, st)),
                        _ => None,
                    }
                    .ok_or("a test probekit cannot read")?;
                    let l = self.operand_run(inner, st);
                    self.not_split(inner, &l, double)?;
                    if let [one] = rights.as_slice() {
                        self.not_split(*one, &r, double)?;
                    }
                    // `[[ ! $TRIES =~ ^[0-9]+$ ]]` of a value the caller gives.
                    if op == "=~"
                        && let Operand::Env(value) = l
                    {
                        let raw = right_text.ok_or("`=~` without a pattern")?;
                        return Ok(not(self.pattern_probe(value, raw, test, st)?));
                    }
                    // `test` reads `!` otherwise: no fallback to it here.
                    return Ok(not(self.compare(&op, l, r, test, None, st)?));
                }
                match op.as_str() {
                    "&&" | "-a" | "||" | "-o" => {
                        let l = self.test_expr(left, double, st, test)?;
                        let r =
                            self.test_expr(*rights.first().ok_or("a test")?, double, st, test)?;
                        Ok(if op == "&&" || op == "-a" {
                            and(l, r)
                        } else {
                            or(l, r)
                        })
                    }
                    "=~" if double => {
                        // Quoted parts of the pattern are literal text.
                        let raw = right_text.ok_or("`=~` without a pattern")?;
                        let pattern = ere_pattern(raw).ok_or("a pattern probekit cannot read")?;
                        let l = self.operand_run(left, st);
                        if let Operand::Env(value) = l {
                            return self.pattern_probe(value, raw, test, st);
                        }
                        self.compare("=~", l, Operand::Lit(pattern), test, Some(e), st)
                    }
                    // `[[ $x == *"MASTER"* ]]`: a pattern tree-sitter reads in pieces.
                    "=" | "==" | "!=" if double && rights.len() > 1 => {
                        let raw = right_text.ok_or("a test on a pattern in parts")?;
                        let l = self.operand_run(left, st);
                        let r = if super::has_unquoted_glob(raw) {
                            Operand::Glob(self.known_in_quotes(raw))
                        } else {
                            return Err("a test on a pattern in parts".into());
                        };
                        self.compare(&op, l, r, test, Some(e), st)
                    }
                    // `[ x"$pid" = x"" ]`, `[ x"$1" = x ]`: the old guard against an empty or
                    // dash-led value; the same letter before both sides compares what follows.
                    // (Not where `set -u` may stop the script on the name.)
                    "=" | "==" | "!="
                        if !self.stops_on_unset()
                            && let [right] = rights.as_slice()
                            && let Some((lp, l_rest)) = self.guarded_word(left)
                            && let Some((rp, r_rest)) = self.guarded_word(*right)
                            && lp == rp =>
                    {
                        let side = |this: &mut Self, rest: Option<Node>, st: &State| match rest {
                            Some(n) => this.operand_run(n, st),
                            None => Operand::Lit(String::new()),
                        };
                        let l = side(self, l_rest, st);
                        let r = side(self, r_rest, st);
                        for (n, o) in [(l_rest, &l), (r_rest, &r)] {
                            if let Some(n) = n {
                                self.not_split(n, o, double)?;
                            }
                        }
                        // Against nothing (`x"$pid" = x`): whether the value is empty.
                        let unary = if op == "!=" { "-n" } else { "-z" };
                        match (&l, &r) {
                            (_, Operand::Lit(w)) if w.is_empty() => {
                                if let Some(c) = emptiness(unary, &l) {
                                    return Ok(c);
                                }
                            }
                            (Operand::Lit(w), _) if w.is_empty() => {
                                if let Some(c) = emptiness(unary, &r) {
                                    return Ok(c);
                                }
                            }
                            _ => {}
                        }
                        self.compare(&op, l, r, test, Some(e), st)
                    }
                    _ => {
                        let [right] = rights.as_slice() else {
                            return Err("a test on a pattern in parts".into());
                        };
                        let raw_right = self.sh.text(*right);
                        let glob = double
                            && matches!(op.as_str(), "=" | "==" | "!=")
                            && super::has_unquoted_glob(raw_right);
                        let l = self.operand_run(left, st);
                        let r = if glob {
                            Operand::Glob(self.known_in_quotes(raw_right))
                        } else {
                            self.operand_run(*right, st)
                        };
                        // `[[ $ROLE == $PAT ]]`: an unquoted expansion on the right is a
                        // pattern, whose `*` and `?` match, unless its value is text without
                        // them that the script writes.
                        let unquoted_value = double
                            && matches!(op.as_str(), "=" | "==" | "!=")
                            && (matches!(right.kind(), "simple_expansion" | "expansion")
                                || (right.kind() == "concatenation"
                                    && named_children(*right).iter().any(|c| {
                                        matches!(c.kind(), "simple_expansion" | "expansion")
                                    })));
                        if unquoted_value
                            && !matches!(&r, Operand::Lit(w) if !w.contains(['*', '?', '[', '\\']))
                        {
                            return Err(
                                "a `[[ == ]]` whose pattern is a value the script does not write"
                                    .into(),
                            );
                        }
                        let word = |x: &Operand| match x {
                            Operand::Lit(w) => !w.is_empty() && !w.contains(char::is_whitespace),
                            _ => false,
                        };
                        let (l, r) = if op.starts_with('-') || word(&r) || word(&l) {
                            (
                                self.split_operand(left, l, double, e, test),
                                self.split_operand(*right, r, double, e, test),
                            )
                        } else {
                            (l, r)
                        };
                        self.not_split(left, &l, double)?;
                        self.not_split(*right, &r, double)?;
                        self.compare(&op, l, r, test, Some(e), st)
                    }
                }
            }
            "unary_expression" => {
                let parts = children(e);
                let op = parts
                    .first()
                    .map(|o| self.sh.text(*o).to_string())
                    .ok_or("a test")?;
                let arg = *parts.get(1).ok_or("a test")?;
                if op == "!" {
                    return Ok(not(self.test_expr(arg, double, st, test)?));
                }
                // `[ -z "$(command -v jq)" ]`, `[ -x "$(which curl)" ]`: a tool guard.
                if let Some(guard) = self.guard_substitution(arg)
                    && let Some(tool) = self.tool_guard(guard)
                    && self.prints_path(guard)
                {
                    let holds = match op.as_str() {
                        "-z" => false,
                        "-n" | "-x" | "-e" | "-f" | "-s" | "-r" => true,
                        _ => return Err(format!("a `{op}` test on a tool's path")),
                    };
                    self.assume_installed(test, &tool);
                    return Ok(constant(holds));
                }
                // `[[ -v PORT ]]`: whether the environment sets the variable, read as `test -n
                // "${PORT:-}"` (a gate of its own), which takes a variable set empty for unset.
                // (Only bash's `test` has `-v`: dash's and coreutils' refuse it.)
                if op == "-v" && self.sh.posix_shell() {
                    return Err("a `-v` test, which dash's `test` refuses".into());
                }
                if op == "-v"
                    && let Some(name) = self.sh.word(arg).and_then(|w| w.as_literal())
                    && !self.sh.vars.contains_key(&name)
                    && !self.sh.mutated.contains(&name)
                    && !self.sh.names_changed(&name)
                    && let Some(value) = self.sh.var_value(&name, None)
                    && matches!(value.0.as_slice(), [Piece::Var(v, d)]
                        if *v == name && d.as_deref().is_none_or(str::is_empty))
                {
                    let line = self.sh.line(test);
                    self.sh.probe_warnings.push(Warning {
                        line,
                        message: format!(
                            "`-v {name}` holds where {name} is set, even empty; the suite's test holds only where it is set and not empty"
                        ),
                    });
                    let word = Text(vec![Piece::Var(name, Some(String::new()))]);
                    let argv = vec![Text::lit("test"), Text::lit("-n"), word];
                    return Ok(self.test_probe(argv, true, line, st));
                }
                let operand = self.operand_run(arg, st);
                let operand = if op == "-z" {
                    self.split_operand(arg, operand, double, e, test)
                } else {
                    operand
                };
                self.not_split(arg, &operand, double)?;
                // `[ -n $word ]` of a status line's word, unquoted: where the word is empty
                // `test` sees `-n` alone, which holds.
                if matches!(operand, Operand::StatusLine(_))
                    && !double
                    && !matches!(arg.kind(), "string" | "raw_string")
                {
                    return Err(
                        "an unquoted value in a `[ ]` test, which the shell splits into words"
                            .into(),
                    );
                }
                if let Some(c) = emptiness(&op, &operand) {
                    return Ok(c);
                }
                match (op.as_str(), operand) {
                    (_, Operand::Lit(_) | Operand::Env(_)) if !double => {
                        self.test_command(test, Some(e), st)
                    }
                    (_, Operand::Lit(_) | Operand::Env(_))
                        if matches!(
                            op.as_str(),
                            "-f" | "-d"
                                | "-e"
                                | "-s"
                                | "-x"
                                | "-r"
                                | "-w"
                                | "-z"
                                | "-n"
                                | "-L"
                                | "-S"
                                | "-p"
                        ) =>
                    {
                        self.test_command(test, Some(e), st)
                    }
                    _ => Err(format!("a `{op}` test on a value the script computes")),
                }
            }
            "word" | "string" | "simple_expansion" | "expansion" | "raw_string"
            | "concatenation" => match self.operand(e, st) {
                operand @ (Operand::Lit(_) | Operand::Out(..)) => {
                    self.not_split(e, &operand, double)?;
                    emptiness("-n", &operand).ok_or_else(|| "a test".into())
                }
                Operand::Env(_) if !double => self.test_command(test, Some(e), st),
                _ => Err("a test on a value the script computes".into()),
            },
            // `[[ $(find "$HB" -mmin +10) ]]`: whether the output is empty, as `-n` asks
            // (`[[ ]]` does not split it into words).
            "command_substitution" if double => match self.operand_run(e, st) {
                operand @ Operand::Out(..) => {
                    emptiness("-n", &operand).ok_or_else(|| "a test".into())
                }
                _ => Err("a test on a value the script computes".into()),
            },
            other => Err(format!("a `{other}` in a test")),
        }
    }

    fn words_or(&mut self, w: &mut Words<'_, 't>, st: &State, test: Node) -> R<Cond> {
        let mut c = self.words_and(w, st, test)?;
        while w.peek_op(self.sh.src) == Some("-o") {
            w.at += 1;
            c = or(c, self.words_and(w, st, test)?);
        }
        Ok(c)
    }

    /// The words of a test as `test` reads them, all of them.
    fn read_test_words(&mut self, tokens: &[Node<'t>], st: &State, test: Node) -> R<Cond> {
        let mut words = Words { tokens, at: 0 };
        let c = self.words_or(&mut words, st, test)?;
        if words.at != tokens.len() {
            return Err("a test `test` itself would refuse".into());
        }
        Ok(c)
    }

    fn words_and(&mut self, w: &mut Words<'_, 't>, st: &State, test: Node) -> R<Cond> {
        let mut c = self.words_not(w, st, test)?;
        while w.peek_op(self.sh.src) == Some("-a") {
            w.at += 1;
            c = and(c, self.words_not(w, st, test)?);
        }
        Ok(c)
    }

    fn words_not(&mut self, w: &mut Words<'_, 't>, st: &State, test: Node) -> R<Cond> {
        match w.peek_op(self.sh.src) {
            Some("!") => {
                w.at += 1;
                Ok(not(self.words_not(w, st, test)?))
            }
            Some("(") => {
                w.at += 1;
                let c = self.words_or(w, st, test)?;
                if w.peek_op(self.sh.src) != Some(")") {
                    return Err("an unclosed `(` in a test".into());
                }
                w.at += 1;
                Ok(c)
            }
            Some(op) if op.starts_with('-') && op.len() == 2 && op != "-o" && op != "-a" => {
                w.at += 1;
                let arg = *w
                    .tokens
                    .get(w.at)
                    .ok_or("a test operator without its word")?;
                w.at += 1;
                let operand = self.operand_run(arg, st);
                self.not_split(arg, &operand, false)?;
                // `-z "$PASSWORD"`: the environment's, a settled test of its own.
                if matches!(operand, Operand::Env(_))
                    && matches!(op, "-z" | "-n")
                    && let Some(word) = self.sh.word(arg)
                {
                    let argv = vec![Text::lit("test"), Text::lit(op), word];
                    return Ok(self.test_probe(argv, true, self.sh.line(test), st));
                }
                emptiness(op, &operand).ok_or_else(|| format!("a `{op}` test inside `-o`/`-a`"))
            }
            _ => {
                let left = *w.tokens.get(w.at).ok_or("a test that ends too soon")?;
                w.at += 1;
                let op = w.peek_op(self.sh.src).filter(|op| {
                    matches!(
                        *op,
                        "=" | "==" | "!=" | "-eq" | "-ne" | "-gt" | "-ge" | "-lt" | "-le"
                    )
                });
                let Some(op) = op.map(str::to_string) else {
                    let operand = self.operand_run(left, st);
                    self.not_split(left, &operand, false)?;
                    return emptiness("-n", &operand)
                        .ok_or_else(|| "a test on a value the script computes".into());
                };
                w.at += 1;
                let right = *w
                    .tokens
                    .get(w.at)
                    .ok_or("a comparison without its right side")?;
                w.at += 1;
                let l = self.operand_run(left, st);
                let r = self.operand_run(right, st);
                self.not_split(left, &l, false)?;
                self.not_split(right, &r, false)?;
                if matches!(l, Operand::Env(_)) || matches!(r, Operand::Env(_)) {
                    // Words of the environment on both sides: a settled test of its own.
                    if matches!(l, Operand::Env(_) | Operand::Lit(_))
                        && matches!(r, Operand::Env(_) | Operand::Lit(_))
                        && let (Some(a), Some(b)) = (self.sh.word(left), self.sh.word(right))
                    {
                        let argv = vec![Text::lit("test"), a, Text::lit(&op), b];
                        return Ok(self.test_probe(argv, true, self.sh.line(test), st));
                    }
                    return Err("a comparison of the environment inside `-o`/`-a`".into());
                }
                self.compare(&op, l, r, test, None, st)
            }
        }
    }

    /// A test on the environment (`[ -z "$PORT" ]`, `[ -f "$CONF" ]`): the `test` command
    /// itself, with the same words.
    /// `expr`, a part of `test` (or the whole of it), run as `test`: only that part, so that a
    /// `!` or an `&&` around it stays the formula's. `None`: a part without a node of its own
    /// (in a `-o`/`-a` chain), which is not run.
    fn test_command(&mut self, test: Node, expr: Option<Node>, st: &State) -> R<Cond> {
        // `[[ ]]` does not split words; it reads patterns (`==`, `=~`) and `&&`, which `test`
        // does not: only the tests both read alike are run as `test`.
        let double = self.sh.text(test).starts_with("[[");
        let expr = expr.ok_or("a comparison of the environment inside a larger test")?;
        let mut words = vec![(Text::lit("test"), false)];
        if expr.id() == test.id() {
            for e in named_children(test) {
                words.extend(self.test_words(e, double)?);
            }
        } else {
            words.extend(self.test_words(expr, double)?);
        }
        let split: Vec<usize> = (0..words.len()).filter(|i| words[*i].1).collect();
        let argv: Vec<Text> = words.into_iter().map(|(w, _)| w).collect();
        // `-v NAME` is bash's own; the `test` a probe runs (coreutils') refuses it.
        if argv.iter().any(|w| w.as_literal().as_deref() == Some("-v")) {
            return Err("a `-v` test, which only bash's `test` has".into());
        }
        if double
            && argv.iter().skip(1).any(|w| {
                matches!(
                    w.as_literal().as_deref(),
                    Some("=~" | "<" | ">" | "&&" | "||" | "(" | ")" | "!")
                )
            })
        {
            return Err("a `[[ ]]` test `test` reads otherwise".into());
        }
        // A test of words alone (no file, no descriptor) reads what is settled before the
        // script starts: made again, it is the same observation.
        let settled = argv.iter().skip(1).all(|w| match w.as_literal() {
            Some(op) if op.starts_with('-') && op.len() == 2 => {
                matches!(
                    op.as_str(),
                    "-z" | "-n" | "-eq" | "-ne" | "-gt" | "-ge" | "-lt" | "-le" | "-a" | "-o"
                )
            }
            _ => true,
        });
        Ok(self.split_test_probe(argv, split, settled, self.sh.line(test), st))
    }

    /// A pattern with `"$VAR"` inside double quotes, where the variable holds known plain text
    /// (`expected=healthy; [[ $r == *"$expected"* ]]`): the text written in its place.
    fn known_in_quotes(&self, raw: &str) -> String {
        let mut out = raw.to_string();
        for (name, value) in &self.sh.vars {
            let super::Var::Text(t) = value else {
                continue;
            };
            let Some(text) = t.as_literal() else {
                continue;
            };
            // Only text that reads the same inside double quotes.
            if text.contains(['"', '\\', '$', '`']) {
                continue;
            }
            for form in [format!("\"${name}\""), format!("\"${{{name}}}\"")] {
                out = out.replace(&form, &format!("\"{text}\""));
            }
        }
        out
    }

    /// `[[ "$TIMEOUT" =~ ^[0-9]+$ ]]` of a value the caller gives: the value printed as it
    /// is (`printf %s`), its text matched by the same regex ([`ere_search_regex`]: where
    /// POSIX's and Rust's read it alike; the whole value, newlines too). Not with
    /// `nocasematch` on (bash then ignores case) nor where the script reads `BASH_REMATCH`
    /// (what the match captured).
    ///
    /// [`ere_search_regex`]: crate::import::patterns::ere_search_regex
    fn pattern_probe(&mut self, value: Text, raw: &str, test: Node, st: &State) -> R<Cond> {
        if self.sh.src.contains("nocasematch") || self.sh.src.contains("BASH_REMATCH") {
            return Err("a `=~` test whose match the script reads on".into());
        }
        let re = crate::import::patterns::posix_ere(raw)
            .and_then(|e| crate::import::patterns::ere_search_regex(&e))
            .ok_or("a pattern probekit cannot read")?;
        self.value_probe(value, &re, test, st)
    }

    /// `[[ $MODE == *api* ]]` of a value the caller gives: the value printed as it is, its
    /// whole text matched by the pattern as a regex ([`glob_whole_regex`]). Not with
    /// `nocasematch` on.
    ///
    /// [`glob_whole_regex`]: crate::import::patterns::glob_whole_regex
    fn glob_probe(&mut self, value: Text, raw: &str, test: Node, st: &State) -> R<Cond> {
        if self.sh.src.contains("nocasematch") {
            return Err("a pattern test with `nocasematch`".into());
        }
        let re = crate::import::patterns::glob_whole_regex(raw)
            .ok_or("a glob pattern probekit cannot express")?;
        self.value_probe(value, &re, test, st)
    }

    /// `printf %s VALUE`, whose output the regex `re` matches: a test of one value the caller
    /// gives, made again (settled) the same. (A test of its text, which `not_matches`
    /// negates: printf itself never fails.)
    fn value_probe(&mut self, value: Text, re: &str, test: Node, st: &State) -> R<Cond> {
        // Under `set -u` an unset name stops the script, where the probe's gate would close.
        if self.stops_on_unset() && value.0.iter().any(|p| matches!(p, Piece::Var(_, None))) {
            return Err("a pattern test of a name `set -u` may stop the script on".into());
        }
        let d = Draft::new(
            self.sh.unique_name("value"),
            self.sh.line(test),
            Check::Command {
                argv: vec![Text::lit("printf"), Text::lit("%s"), value],
                timeout: Some(COMMAND_TIMEOUT.into()),
                stdin: None,
                merge_stderr: false,
                words: Vec::new(),
            },
        );
        let o = self.add(d, true, "stdout", st);
        self.obs[o].settled = true;
        Ok(text(o, "matches", re))
    }

    /// `test WORDS` run as a program: passes when the test holds. A `settled` one (words
    /// alone, no file) made again is the same observation.
    fn test_probe(&mut self, argv: Vec<Text>, settled: bool, line: usize, st: &State) -> Cond {
        self.split_test_probe(argv, Vec::new(), settled, line, st)
    }

    /// A `test` probe whose items at `split` are unquoted values the shell splits into words
    /// (`[ -z $CRIT ]`): `test` gets them as the script's shell gives them.
    fn split_test_probe(
        &mut self,
        argv: Vec<Text>,
        split: Vec<usize>,
        settled: bool,
        line: usize,
        st: &State,
    ) -> Cond {
        let (argv, empty_half) = self.emptiness_of_halves(argv, line);
        let check = Check::Command {
            argv,
            timeout: Some(COMMAND_TIMEOUT.into()),
            stdin: None,
            merge_stderr: false,
            words: split,
        };
        if settled
            && let Some(o) = self
                .obs
                .iter()
                .position(|o| o.settled && o.ok.check == check)
        {
            return Cond::Atom(o, Pred::Ok);
        }
        let name = self.sh.unique_name("test");
        let d = Draft::new(name, line, check);
        let o = self.add(d, true, "stdout", st);
        self.obs[o].settled = settled;
        if let Some(outcome) = empty_half {
            self.halves_emptiness.push((o, outcome));
        }
        Cond::Atom(o, Pred::Ok)
    }

    /// `[ "$HOST" = "" -o "$PORT" = "" ]` of the halves of a `host:port`: the whole value
    /// tested for emptiness instead, which the suite can write. Where the test fails the
    /// script, the verdicts agree: a value with one half empty is no address the probe can
    /// reach either; the report says so.
    fn emptiness_of_halves(
        &mut self,
        mut argv: Vec<Text>,
        line: usize,
    ) -> (Vec<Text>, Option<bool>) {
        let half = |t: &Text| match t.0.as_slice() {
            [Piece::Var(name, None)] => crate::import::draft::half_of(name).map(|(v, ..)| v),
            _ => None,
        };
        let original = argv.clone();
        let words: Vec<Option<String>> = argv.iter().map(Text::as_literal).collect();
        let word = |i: usize| words.get(i).cloned().flatten();
        // Each test of a half: whether it holds where the half is empty (`-z`, `= ""`) or
        // not (`-n`, `!= ""`).
        let mut holds_when_empty = Vec::new();
        for (i, arg) in argv.iter_mut().enumerate().skip(1) {
            let Some(value) = half(arg) else {
                continue;
            };
            let op = if matches!(word(i - 1).as_deref(), Some("-z" | "-n")) {
                word(i - 1)
            } else if word(i + 2).as_deref() == Some("") {
                word(i + 1)
            } else if i >= 2 && word(i - 2).as_deref() == Some("") {
                word(i - 1)
            } else {
                None
            };
            match op.as_deref() {
                Some("-z" | "=" | "==") => holds_when_empty.push(true),
                Some("-n" | "!=") => holds_when_empty.push(false),
                _ => return (original, None),
            }
            *arg = crate::import::draft::reparse(&value);
        }
        let Some(&first) = holds_when_empty.first() else {
            return (argv, None);
        };
        // `-z "$H" -o -z "$P"` holds, `-n "$H" -a -n "$P"` fails, where a half is empty.
        let joins: Vec<&str> = words
            .iter()
            .filter_map(|w| w.as_deref())
            .filter(|w| matches!(*w, "-o" | "-a" | "!" | "(" | ")"))
            .collect();
        let join = if first { "-o" } else { "-a" };
        if holds_when_empty.iter().any(|h| *h != first) || joins.iter().any(|j| *j != join) {
            return (original, None);
        }
        self.warn_once(
            line,
            "the test of a part of `host:port` for emptiness is made of the whole value: given a value with an empty host or port, the script fails here, and the probe fails on an address it cannot reach".into(),
        );
        (argv, Some(first))
    }

    /// The words `test` receives for `e`, each with whether the shell splits it (an unquoted
    /// value the caller or the environment gives, which may be no word or several).
    fn test_words(&self, e: Node, double: bool) -> R<Vec<(Text, bool)>> {
        match e.kind() {
            "binary_expression" | "unary_expression" => {
                let mut out = Vec::new();
                for c in children(e) {
                    out.extend(self.test_words(c, double)?);
                }
                if double
                    && e.kind() == "binary_expression"
                    && e.child_by_field_name("right").is_some_and(|r| {
                        r.kind() != "string" && super::has_unquoted_glob(self.sh.text(r))
                    })
                {
                    return Err("a `[[ ]]` pattern".into());
                }
                Ok(out)
            }
            _ if !e.is_named() => Ok(vec![(Text::lit(self.sh.text(e)), false)]),
            "test_operator" => Ok(vec![(Text::lit(self.sh.text(e)), false)]),
            _ => {
                let raw = self.sh.text(e);
                // Unquoted, a variable is split into words and globbed: the same word only
                // when its value is known, not empty, and holds no space or pattern.
                let plain = |t: &Text| {
                    t.as_literal().is_some_and(|v| {
                        !v.is_empty()
                            && !v.contains(|c: char| c.is_whitespace() || "*?[".contains(c))
                    })
                };
                let unquoted_var = !double
                    && matches!(e.kind(), "simple_expansion" | "expansion")
                    && !self.sh.word(e).is_some_and(|t| plain(&t));
                if e.kind() == "word" && raw.contains(['*', '?', '[']) {
                    return Err("an unquoted word in a test".into());
                }
                // `[ -z $CRIT ]`: as many words as the value has when the probe runs.
                self.sh
                    .word(e)
                    .map(|w| vec![(w, unquoted_var)])
                    .ok_or_else(|| "a test on a value the script computes".into())
            }
        }
    }

    /// `l op r`; `expr` is the comparison's own node, run as `test` where nothing else reads it.
    fn compare(
        &mut self,
        op: &str,
        l: Operand,
        r: Operand,
        test: Node,
        expr: Option<Node>,
        st: &State,
    ) -> R<Cond> {
        use Operand::*;
        // `[[ used -ge 90 ]]`: inside `[[ ]]` the operands of `-eq`…`-ge` are arithmetic, a
        // bare word a variable's name (`[` takes it for text, and errs).
        if self.sh.text(test).starts_with("[[")
            && matches!(op, "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge")
            && [&l, &r]
                .iter()
                .any(|x| matches!(x, Lit(w) if w.trim().parse::<i64>().is_err()))
        {
            return Err(format!(
                "a `{op}` of a word in `[[ ]]`, which bash reads as arithmetic"
            ));
        }
        // `if [[ "${BASH_SOURCE[0]}" == "${0}" ]]; then main "$@"; fi`: run, not sourced.
        if let (OwnPath, OwnPath) = (&l, &r) {
            return match op {
                "=" | "==" => Ok(Cond::True),
                "!=" => Ok(Cond::False),
                _ => Err(format!("a `{op}` test of the script's own path")),
            };
        }
        // `$(curl -w '%{http_code}' … || echo 000)`: where curl fails the value is its code
        // and the digits after it (`000000`, `503000`), which no code of three digits equals;
        // where it does not, the code alone. A test for equality with a code curl answers
        // without failing reads as the status's.
        if let (Status(o), Lit(code)) | (Lit(code), Status(o)) = (&l, &r)
            && let Some(fails_on_error) = self.status_fallbacks.get(o)
        {
            let n = code.trim().parse::<u16>().ok();
            let plain = matches!(op, "=" | "==" | "!=" | "-eq" | "-ne")
                && code.trim().len() == 3
                && n.is_some_and(|n| (100..=599).contains(&n) && (!fails_on_error || n < 400));
            if !plain {
                return Err(format!(
                    "a `{op}` test of a status the script follows with digits of its own"
                ));
            }
        } else if let (Status(o), _) | (_, Status(o)) = (&l, &r)
            && self.status_fallbacks.contains_key(o)
        {
            return Err(format!(
                "a `{op}` test of a status the script follows with digits of its own"
            ));
        }
        // `[ "$up" = ok ]` of `up=$(CHECK >/dev/null && echo ok || echo fail)`: the condition
        // where only the first word is equal, its opposite where only the second is. (Words
        // without a wildcard, the same on either side of `[[ … == … ]]`.)
        if let (Either(c, yes, no), Lit(b)) | (Lit(b), Either(c, yes, no)) = (&l, &r) {
            let equal = match op {
                "=" | "==" => true,
                "!=" => false,
                _ => return Err(format!("a `{op}` test of the word a check's status gave")),
            };
            if [yes, no, b]
                .iter()
                .any(|w| w.contains(['*', '?', '[', '\\']))
            {
                return Err("a pattern on the word a check's status gave".into());
            }
            return Ok(or(
                and(c.clone(), constant((yes == b) == equal)),
                and(not(c.clone()), constant((no == b) == equal)),
            ));
        }
        // `[ "$body" = failed ]` of `body=$(curl -fs URL || echo failed)`: the fallback where
        // curl fails, the body where it passes.
        // (On the right of `[[ … == … ]]` an unquoted value is a pattern: the left only.)
        if let (OrText(o, fallback), Lit(b)) = (&l, &r) {
            let equal = match op {
                "=" | "==" => true,
                "!=" => false,
                _ => return Err(format!("a `{op}` test of a body or the script's fallback")),
            };
            let passed = Cond::Atom(*o, Pred::Ok);
            let body = self.compare(op, Out(*o, Vec::new()), Lit(b.clone()), test, expr, st)?;
            return Ok(or(
                and(not(passed.clone()), constant((fallback == b) == equal)),
                and(passed, body),
            ));
        }
        // `[ x"$v" = xtrue ]` is `[ "$v" = true ]`.
        if let (Framed(prefix, inner, suffix), Lit(b)) | (Lit(b), Framed(prefix, inner, suffix)) =
            (&l, &r)
            && matches!(op, "=" | "==" | "!=")
        {
            return match b
                .strip_prefix(prefix.as_str())
                .and_then(|m| m.strip_suffix(suffix.as_str()))
            {
                Some(mid) => {
                    self.compare(op, (**inner).clone(), Lit(mid.to_string()), test, expr, st)
                }
                None => Ok(constant(op == "!=")),
            };
        }
        if matches!(l, Time(_)) || matches!(r, Time(_)) {
            let lin = |x: &Operand| match x {
                Time(t) => Some(t.clone()),
                Lit(b) => b.trim().parse().ok().map(TimeLin::number),
                Env(t) if matches!(t.0.as_slice(), [Piece::Var(..)]) => Some(TimeLin {
                    now: 0,
                    mtime: None,
                    lit: 0,
                    late: Some((t.clone(), 1)),
                    missing: Missing::Old,
                }),
                _ => None,
            };
            let (Some(a), Some(b)) = (lin(&l), lin(&r)) else {
                return Err(format!("a `{op}` test of a time with what is not a number"));
            };
            return self.age_compare(op, a, b, test);
        }
        let r_is_out = matches!(r, Out(..)) && !matches!(l, Out(..));
        let int = |s: &str| s.trim().parse::<i64>().ok();
        // `[ "$used" -gt 90 ]` of df's `Use%`, which is rounded up: `used > 90` is the
        // fraction's `> 90`, `used >= 90` its `> 89`, `used < 90` its `<= 89`.
        if let (DiskUse(o), other) | (other, DiskUse(o)) = (&l, &r)
            && matches!(other, Lit(_) | Env(_))
        {
            let op = if matches!(l, DiskUse(_)) {
                op
            } else {
                flip(op).ok_or_else(|| format!("a `{op}` test of a filesystem's use"))?
            };
            if let Lit(b) = other {
                let n = int(b).ok_or("a filesystem's use compared with what is not a number")?;
                let (cmp, value) = match op {
                    "-gt" => (CmpOp::Gt, n),
                    "-ge" => (CmpOp::Gt, n - 1),
                    "-lt" => (CmpOp::Le, n - 1),
                    "-le" => (CmpOp::Le, n),
                    _ => return Err(format!("a `{op}` test of a filesystem's use")),
                };
                return Ok(Cond::Atom(
                    *o,
                    Pred::Measure("used", cmp, format!("{value}%")),
                ));
            }
            // A limit the caller gives (`-ge "$CRIT"`): read when the probe runs, where no
            // whole number can be taken from it; `-ge N` of the rounded figure is the
            // fraction's `> N-1`, which the probe's `>= N` misses below N.
            let Env(limit) = other else {
                return Err("a filesystem's use".into());
            };
            // Only a limit that is a number without the caller's word too: unset, the
            // script's test fails and the probe errs.
            let numeric = match limit.0.as_slice() {
                [Piece::Var(_, Some(d))] => whole_number(d),
                [Piece::Var(name, None)] => self
                    .sh
                    .findings
                    .options
                    .iter()
                    .any(|o| o.name == *name && o.default.as_deref().is_some_and(whole_number)),
                _ => false,
            };
            if !numeric {
                return Err("a filesystem's use against a limit that may be unset".into());
            }
            let (cmp, exact) = match op {
                "-gt" => (CmpOp::Gt, true),
                "-ge" => (CmpOp::Ge, false),
                "-lt" => (CmpOp::Lt, false),
                "-le" => (CmpOp::Le, true),
                _ => return Err(format!("a `{op}` test of a filesystem's use")),
            };
            if !exact {
                self.warn_once(
                    self.sh.line(test),
                    format!("df rounds its percentage up: the script's `{op} N` holds from just above N-1%, the probe's from N%"),
                );
            }
            let value = format!("{}%", limit.render());
            return Ok(Cond::Atom(*o, Pred::Measure("used", cmp, value)));
        }
        match (l, r) {
            (Lit(a), Lit(b)) => {
                let v = match op {
                    "=" | "==" => Some(a == b),
                    "!=" => Some(a != b),
                    "-eq" | "-ne" | "-gt" | "-ge" | "-lt" | "-le" => {
                        let (Some(x), Some(y)) = (int(&a), int(&b)) else {
                            return Ok(Cond::False);
                        };
                        Some(match op {
                            "-eq" => x == y,
                            "-ne" => x != y,
                            "-gt" => x > y,
                            "-ge" => x >= y,
                            "-lt" => x < y,
                            _ => x <= y,
                        })
                    }
                    _ => None,
                };
                v.map(constant).ok_or_else(|| format!("a `{op}` test"))
            }
            (Code(c), Lit(b)) | (Lit(b), Code(c)) => match (op, int(&b)) {
                ("-eq" | "=" | "==", Some(0)) => Ok(c),
                ("-ne" | "!=", Some(0)) | ("-gt", Some(0)) => Ok(not(c)),
                // `pg_isready; rc=$?; [ "$rc" = 1 ]`: the command's own code.
                ("-eq" | "=" | "==", Some(n @ 1..=255)) => match c {
                    Cond::Atom(o, Pred::Ok)
                        if self.obs[o].command
                            || matches!(
                                self.obs[o].ok.check,
                                Check::Database {
                                    engine: "postgres",
                                    user: None,
                                    ..
                                }
                            ) =>
                    {
                        Ok(Cond::Atom(o, Pred::Exit(vec![n as u8])))
                    }
                    _ => Err(format!("{STATUS_TEST} {op} {b}")),
                },
                _ => Err(format!("{STATUS_TEST} {op} {b}")),
            },
            (Status(o), Lit(b)) if op == "=~" => {
                let re = regex::Regex::new(&b).map_err(|_| "a pattern probekit cannot read")?;
                let mut ranges: Vec<(u16, u16)> = Vec::new();
                for code in 100u16..=599 {
                    if re.is_match(&code.to_string()) {
                        match ranges.last_mut() {
                            Some((_, hi)) if *hi + 1 == code => *hi = code,
                            _ => ranges.push((code, code)),
                        }
                    }
                }
                Ok(Cond::Atom(o, Pred::Status(ranges, re.is_match("000"))))
            }
            (Out(o, view), Lit(b)) if op == "=~" && view.is_empty() => {
                let risky = ["[^", r"\s", r"\S", r"\W", r"\D", r"\n", "space:"];
                if risky.iter().any(|r| b.contains(r)) {
                    return Err("a pattern that may match the newlines `$(…)` removes".into());
                }
                let body = b.strip_suffix('$').unwrap_or(&b);
                // A last `.` could match a newline `$(…)` removes.
                if body.ends_with('.') || body.ends_with(".+") || body.ends_with(".?") {
                    return Err("a pattern that may match the newlines `$(…)` removes".into());
                }
                // POSIX `.` matches a newline too: `(?s)`.
                let re = match b.strip_suffix('$') {
                    Some(head) if !head.ends_with('\\') && !head.contains('$') => {
                        format!(r"(?s){head}\n*\z")
                    }
                    _ if b.contains('$') => return Err("a pattern with `$` inside".into()),
                    _ => format!("(?s){b}"),
                };
                regex::Regex::new(&re).map_err(|_| "a pattern probekit cannot read")?;
                Ok(text(o, "matches", &re))
            }
            (Out(o, view), Lit(b)) | (Lit(b), Out(o, view)) => {
                let op = if r_is_out {
                    flip(op).ok_or("a test")?
                } else {
                    op
                };
                let double = self.sh.text(test).starts_with("[[");
                let lines_end = self.obs[o].command;
                view_rule(o, &view, op, &b, lines_end, double)
            }
            (Out(o, view), Glob(p)) if view.is_empty() => {
                let re = glob_regex(&p).ok_or("a glob pattern probekit cannot express")?;
                // `*"UP"*`: the text contains UP.
                let inner = re
                    .strip_prefix(".*")
                    .and_then(|r| r.strip_suffix(".*"))
                    .filter(|r| !r.is_empty() && regex::escape(&super::unescape(r)) == *r);
                let c = match inner {
                    Some(r) if !super::unescape(r).contains('\n') => {
                        text(o, "contains", &super::unescape(r))
                    }
                    _ => text(o, "matches", &format!(r"(?s)\A(?:{re})\n*\z")),
                };
                Ok(if op == "!=" { not(c) } else { c })
            }
            (Status(o), Lit(b)) => status_rule(o, op, &b),
            // Without an answer the word is empty: equal to no status, and no number `[`
            // compares (`-eq` fails there, as on `000`; `-ne` would fail too).
            (StatusLine(o), Lit(b)) | (Lit(b), StatusLine(o))
                if matches!(op, "=" | "==" | "!=" | "-eq")
                    && b.parse::<u16>().is_ok_and(|n| (100..=599).contains(&n))
                    && (op != "-eq" || !self.sh.text(test).starts_with("[[")) =>
            {
                status_rule(o, op, &b)
            }
            (Lit(b), Status(o)) => status_rule(o, flip(op).ok_or("a test")?, &b),
            // A value the caller gives (an argument, the environment): the suite reads it when
            // the probe runs.
            (Status(o), Env(t)) | (Env(t), Status(o)) => late_status_rule(o, op, &t.render()),
            (Out(o, view), Env(t)) | (Env(t), Out(o, view)) => {
                let op = if r_is_out {
                    flip(op).ok_or("a test")?
                } else {
                    op
                };
                let lines_end = self.obs[o].command;
                let double = self.sh.text(test).starts_with("[[");
                late_view_rule(o, &view, op, &t.render(), lines_end, double)
            }
            (Lit(_) | Env(_), Lit(_) | Env(_)) => self.test_command(test, expr, st),
            (Env(t), Glob(p)) if matches!(op, "=" | "==" | "!=") => {
                let c = self.glob_probe(t, &p, test, st)?;
                Ok(if op == "!=" { not(c) } else { c })
            }
            (Out(..), Out(..)) => Err("a test comparing two outputs".into()),
            // A value the script computes as it runs: unknown here, which is an error only
            // where the script's result depends on the test.
            (Unknown, _) | (_, Unknown) => {
                let line = self.sh.line(test);
                let why = format!("a `{op}` test on a value the script computes");
                // The whole test, where it is closed, kept as the command it is (not one side
                // of `!`, `&&` or `-a`, which the caller reads around it).
                let whole = expr.is_some_and(|e| {
                    named_children(test).as_slice() == [e] && e.kind() == "binary_expression"
                });
                if whole && let Some(c) = self.kept_test(test, &why, st) {
                    return Ok(c);
                }
                Ok(self.unknown_because(test, format!("line {line}: {why}")))
            }
            _ => Err(format!("a `{op}` test on a value the script computes")),
        }
    }

    /// What a capture, or the pipe after a command, reads of a command with redirects:
    /// `2>&1` adds stderr to it, and only `2>/dev/null` leaves it as it is (`>/dev/null` or
    /// `1>&2` would leave it empty: none). (`cmd 2>&1` stays whole: observing it keeps the
    /// merge.)
    fn read_through_redirects(&mut self, cmd: Node<'t>) -> Option<Node<'t>> {
        if cmd.kind() != "redirected_statement" || self.merged_body(cmd).is_some() {
            return Some(cmd);
        }
        let body = cmd.child_by_field_name("body")?;
        let mut c = cmd.walk();
        let redirects: Vec<String> = cmd
            .children_by_field_name("redirect", &mut c)
            .map(|r| self.sh.text(r).replace(' ', ""))
            .collect();
        // `$(curl -sf URL > /dev/null)`, `$(cmd >&2)`: what the substitution captures is
        // empty whatever the command printed.
        if redirects
            .iter()
            .any(|r| r.starts_with('>') || r.starts_with("1>") || r.starts_with("&>"))
        {
            return None;
        }
        let only_stderr_dropped = redirects.iter().all(|r| r == "2>/dev/null");
        // `2>errors.log`: stderr to a log the probe does not write; what is captured is
        // the same.
        let logs: Vec<&str> = redirects
            .iter()
            .filter_map(|r| r.strip_prefix("2>>").or_else(|| r.strip_prefix("2>")))
            .filter(|f| !f.starts_with('&') && !f.starts_with("/dev/") && !f.contains('$'))
            .collect();
        // curl's capture reads its own options (`-o`, `-w`) and what it prints.
        Some(
            if self.sh.command_name(body).as_deref() == Some("curl") && logs.is_empty() {
                self.sh.strip_quiet(cmd)
            } else if only_stderr_dropped {
                body
            } else if !logs.is_empty() && logs.len() == redirects.len() {
                let line = self.sh.line(cmd);
                let files = logs.join(", ");
                self.warn_once(
                line,
                format!("the command's errors went to {files}, which the probe does not write (its report holds them); where that file cannot be written, the script's command does not run at all"),
            );
                body
            } else {
                return None;
            },
        )
    }

    /// `$(cmd)`: what the variable holds, and the status of the substitution.
    fn capture(&mut self, cmd: Node<'t>, st: &State) -> Option<Capture> {
        // `$(isUp)` of `isUp() { curl -sf "$URL"; }`: what its one command prints.
        if cmd.kind() == "command"
            && let Some(name) = self.sh.command_name(cmd)
            && let Some((body, saved)) = self.enter_one_command(cmd, &name)
        {
            let captured = self.capture(body, st);
            self.restore_arguments(saved);
            return captured;
        }
        if let Some(c) = self.cat_of_body_file(cmd, st) {
            return Some(c);
        }
        let cmd = self.read_through_redirects(cmd)?;
        if let Some((path, follows)) = self.mtime_of(cmd) {
            let base = match slug(&path.for_name()).as_str() {
                "" => "file".to_string(),
                s => format!("file-{s}"),
            };
            let name = self.sh.unique_name(&base);
            let line = self.sh.line(cmd);
            let d = Draft::new(name, line, Check::File { path });
            let o = self.push(d.clone(), d, false, "stdout", st);
            // stat fails where the file is missing: the capture's status; the value is then
            // empty, which the probe does not compare (it fails: the file must exist).
            let mut notes = Vec::new();
            if !st.errexit || in_declaration(cmd) {
                let program = self.sh.command_name(cmd).unwrap_or_default();
                notes.push(format!("where the file is missing, `{program}` prints nothing and the script goes on with an empty value; the probe fails there"));
            }
            if !follows {
                notes.push("`stat` without `-L` reads the time of a symbolic link itself, where the probe reads the file it points to".to_string());
            }
            if !notes.is_empty() {
                self.warn_once(line, notes.join("; "));
            }
            return Some(Capture {
                sym: Sym::Time(TimeLin {
                    now: 0,
                    mtime: Some((o, 1)),
                    lit: 0,
                    late: None,
                    // Under `set -e`, `m=$(stat …)` ends the script there (not `local m=$(…)`,
                    // whose status is `local`'s).
                    missing: if st.errexit && !in_declaration(cmd) {
                        Missing::Old
                    } else {
                        Missing::Empty
                    },
                }),
                status: Cond::Atom(o, Pred::Ok),
            });
        }
        if let Some((path, view)) = self.disk_use(cmd) {
            let name = self.sh.unique_name(&disk_name(&path));
            let line = self.sh.line(cmd);
            if path.as_literal().is_some_and(|p| !p.starts_with('/')) {
                self.warn_once(
                    line,
                    format!("`{}` is relative: the script reads the filesystem of the directory it runs in, the probe that of the directory the suite runs in", path.render()),
                );
            }
            let d = Draft::new(name, line, Check::Disk { path });
            let o = self.push(d.clone(), d, false, "stdout", st);
            // df's status is the pipeline's only under `pipefail`.
            let status = if st.pipefail {
                Cond::Atom(o, Pred::Ok)
            } else {
                self.warn_once(
                    line,
                    "where df cannot read the path, the script tests a word that is not a number (df's header, or nothing), which `test` refuses; the probe fails there".into(),
                );
                Cond::True
            };
            return Some(Capture {
                sym: view.sym(o),
                status,
            });
        }
        if cmd.kind() == "pipeline" {
            return self.capture_pipeline(cmd, st);
        }
        // `$(curl -s -w '\n%{http_code}' URL)`: the body and the status, each on the request.
        if cmd.kind() == "command"
            && self.sh.command_name(cmd).as_deref() == Some("curl")
            && self.sh.curl_output(cmd) == super::CurlOutput::BodyThenStatus
            && !self.sh.text(cmd).contains("--trace")
            && !self.sh.text(cmd).contains("--fail-with-body")
        {
            let names = self.sh.names.clone();
            let ok = self.sh.curl(cmd, false)?;
            self.sh.names = names;
            let mut captured = self.sh.curl(cmd, true)?;
            captured.name = ok.name.clone();
            let o = self.push(ok, captured, false, "body", st);
            self.note_body_file(cmd, o);
            // (The body part is empty where curl fails, as a body captured alone is.)
            self.obs.empty_unless_ok.insert(o);
            return Some(Capture {
                sym: Sym::BodyStatus(o),
                status: Cond::Atom(o, Pred::Ok),
            });
        }
        // `$(curl -s -o /dev/null -w '%{http_code}' URL || echo 000)`: the status, or (where
        // curl fails) its code and the digits after it; `|| true` adds nothing. The list's
        // status is the fallback's: 0.
        if cmd.kind() == "list"
            && let [left, op, right] = children(cmd).as_slice()
            && self.sh.text(*op) == "||"
            && let Some(left) = self.stderr_quieted(*left)
            && left.kind() == "command"
            && self.sh.command_name(left).as_deref() == Some("curl")
            && right.kind() == "command"
        {
            let words: Vec<String> = self
                .sh
                .args(*right)
                .iter()
                .map(|w| w.as_literal())
                .collect::<Option<_>>()?;
            let digits = match (self.sh.command_name(*right)?.as_str(), words.as_slice()) {
                ("true" | ":", []) => None,
                ("echo", [w]) if !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) => {
                    Some(w.clone())
                }
                ("echo", [_] | []) => None,
                _ => return None,
            };
            let (o, status) = self.capture_one(left, st)?;
            // `$(curl -fs URL || echo failed)`: the body, or the text.
            // (Only where curl prints the body alone, which it leaves out when it fails: no
            // `-w`, `-i`, `-D -`, nor a trace on the standard output.)
            if !status
                && matches!(self.sh.curl_output(left), super::CurlOutput::Body)
                && !self.sh.text(left).contains("--trace")
                && self.sh.command_name(*right).as_deref() == Some("echo")
                && !self.sh.text(*right).contains(['\\', '$', '`'])
                && words.first().is_none_or(|w| !w.starts_with('-'))
            {
                let text = words.first().cloned().unwrap_or_default();
                return Some(Capture {
                    sym: Sym::OrText(o, text.trim_end_matches('\n').to_string()),
                    status: Cond::True,
                });
            }
            if !status || digits.is_none() && words.len() == 1 {
                return None;
            }
            if digits.is_some() {
                // Under `-f` a code of 400 and up is not read.
                let fails_on_error = curl_fails_on_error(self.sh.text(left));
                self.status_fallbacks.insert(o, fails_on_error);
            }
            return Some(Capture {
                sym: Sym::Status(o),
                status: Cond::True,
            });
        }
        let (o, status) = self.capture_one(cmd, st)?;
        Some(Capture {
            sym: if status {
                Sym::Status(o)
            } else {
                Sym::Out(o, Vec::new())
            },
            status: Cond::Atom(o, Pred::Ok),
        })
    }

    /// `n` itself, or the command of `cmd 2>/dev/null`: its standard output as it is.
    fn stderr_quieted<'n>(&self, n: Node<'n>) -> Option<Node<'n>> {
        if n.kind() != "redirected_statement" {
            return Some(n);
        }
        let mut c = n.walk();
        let quiet = n.children_by_field_name("redirect", &mut c).all(|r| {
            let t = self.sh.text(r).replace(' ', "");
            t == "2>/dev/null" || t == "2>&-"
        });
        quiet.then(|| n.child_by_field_name("body")).flatten()
    }

    /// One command's output: the observation, and whether that output is an HTTP status
    /// (curl's `-w '%{http_code}'`).
    fn capture_one(&mut self, cmd: Node<'t>, st: &State) -> Option<(usize, bool)> {
        // `$(curl -sI URL)`: the headers (or a write-out around the status) are no rule of an
        // http probe; curl run as written is, its output tested as the script tests it.
        if cmd.kind() == "command"
            && self.sh.command_name(cmd).as_deref() == Some("curl")
            && !(self.last_line && self.sh.curl_streams(cmd).1)
            && matches!(
                self.sh.curl_output(cmd),
                super::CurlOutput::Headers
                    | super::CurlOutput::BodyThenStatus
                    | super::CurlOutput::Nothing
                    | super::CurlOutput::Other
            )
        {
            let mut d = self.argv_command(cmd)?;
            self.give_exports(&mut d, cmd, st)?;
            let out_key = d.check.output_key();
            return Some((self.add(d, true, out_key, st), false));
        }
        if cmd.kind() == "command" && self.sh.command_name(cmd).as_deref() == Some("curl") {
            // `$(curl -sv URL 2>&1)`: what it holds is curl's messages around the body, which
            // no rule on the body reads. Merged, curl must say nothing where it passes.
            let merged = cmd.parent().is_some_and(|p| {
                p.kind() == "redirected_statement" && {
                    let t = self.sh.text(p).replace(' ', "");
                    t.contains(">&") || t.contains("&>")
                }
            });
            if merged {
                let words: Vec<String> = self
                    .sh
                    .arg_values(cmd)
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t.as_literal())
                    .collect();
                let short = |c: char| {
                    words
                        .iter()
                        .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains(c))
                };
                let long = |f: &str| words.iter().any(|w| w.starts_with(f));
                let silent = short('s') || long("--silent");
                // (`-S` writes only where curl fails, when what it holds is not the body
                // anyway; without `-s` the progress meter goes to a captured stderr.)
                let noisy = short('v')
                    || long("--verbose")
                    || long("--trace")
                    || long("--stderr")
                    || words.iter().any(|w| w.contains("%{stderr}"));
                // `-S` writes where curl fails: what the capture then holds is its message,
                // which a test would read, unless that failure ends the script first.
                let shows_errors = short('S') || long("--show-error");
                if !silent || noisy || (shows_errors && !self.failure_ends_script(cmd, st)) {
                    return None;
                }
            }
            let names = self.sh.names.clone();
            let ok = self.sh.curl(cmd, false)?;
            self.sh.names = names;
            let c = self.sh.capture_of(cmd, self.last_line)?;
            let mut captured = c.draft;
            captured.name = ok.name.clone();
            let o = self.push(ok, captured, false, "body", st);
            self.note_body_file(cmd, o);
            // What it prints is the body where it passes and nothing where it fails: its
            // standard output alone, no `-w`, `-i`, `-D -`, trace, or `--fail-with-body`.
            let text = self.sh.text(cmd);
            // (`2>&1` around it: curl's messages are read too.)
            if !c.status
                && !merged
                && matches!(self.sh.curl_output(cmd), super::CurlOutput::Body)
                && !text.contains("--trace")
                && !text.contains("--fail-with-body")
            {
                self.obs.empty_unless_ok.insert(o);
            }
            return Some((o, c.status));
        }
        // `$(wget -qO- URL)`, `-O -`: the body when the answer is 2xx (after redirects); on an error
        // status wget writes nothing, as `curl -f` does, so a test of the output asks 2xx too.
        if cmd.kind() == "command" && self.sh.command_name(cmd).as_deref() == Some("wget") {
            // The options are literal words; the URL may name variables.
            let words: Vec<String> = self
                .sh
                .arg_values(cmd)
                .iter()
                .map(|a| a.as_ref().and_then(Text::as_literal).unwrap_or_default())
                .collect();
            let to_stdout = words.windows(2).any(|w| w[0] == "-O" && w[1] == "-")
                || words.iter().any(|w| {
                    w.starts_with('-')
                        && !w.starts_with("--")
                        && w.ends_with("O-")
                        && w[1..w.len() - 2].chars().all(|c| c == 'q')
                });
            if !to_stdout
                || words
                    .iter()
                    .any(|w| w == "--spider" || w == "--content-on-error")
            {
                return None;
            }
            let names = self.sh.names.clone();
            let ok = self.sh.wget(cmd)?;
            self.sh.names = names;
            let captured = ok.clone();
            let o = self.push(ok, captured, false, "body", st);
            self.obs.empty_unless_ok.insert(o);
            return Some((o, false));
        }
        let o = self.observe(cmd, st)?;
        // `$(redis-cli ping)` holds the reply, which is a redis probe's result.
        let redis = matches!(
            self.obs[o].ok.check,
            Check::Database {
                engine: "redis",
                ..
            }
        );
        if !self.obs[o].command && !redis {
            return None;
        }
        Some((o, false))
    }

    /// `$(SOURCE | FILTER…)`: the source is a command or `echo "$v"` of an output already
    /// captured; every filter must be one [`Sema::filter`] reads.
    fn capture_pipeline(&mut self, p: Node<'t>, st: &State) -> Option<Capture> {
        if self.sh.text(p).contains("|&") {
            return None;
        }
        let cmds = named_children(p);
        let (head, rest) = cmds.split_first()?;
        // What the pipe reads of the first command is what a capture of it alone would.
        let head = &self.read_through_redirects(*head)?;
        // `curl -sI -w '%{http_code}' URL | tail -n1`: the last line is the status alone.
        if let [tail] = rest
            && self.sh.command_name(*head).as_deref() == Some("curl")
            && self.sh.command_name(*tail).as_deref() == Some("tail")
            && self.literal_args(*tail).is_some_and(|a| {
                matches!(a.as_slice(), [x] if x == "-n1" || x == "-1") || a == ["-n", "1"]
            })
        {
            self.last_line = true;
            let one = self.capture_one(*head, st);
            self.last_line = false;
            let (o, true) = one? else {
                return None;
            };
            return Some(Capture {
                sym: Sym::Status(o),
                status: if st.pipefail {
                    Cond::Atom(o, Pred::Ok)
                } else {
                    Cond::True
                },
            });
        }
        // `echo "$response" | tail -n1` of a body then its status: the status; `| head -n -1`
        // (`sed '$d'`): the body (`echo` ends the status's line, which leaves the lines before
        // it as they were).
        // (Not under /bin/sh: dash's `echo` reads the body's backslashes, `\c` ending it.)
        if let Some(Sym::BodyStatus(o)) = self.echoed_sym(*head)
            && let [step] = rest
            && self.sh.command_name(*head).as_deref() == Some("echo")
            && !self.sh.posix_shell()
        {
            let args = self.literal_args(*step)?;
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let sym = match (self.sh.command_name(*step)?.as_str(), args.as_slice()) {
                ("tail", ["-n1" | "-1"] | ["-n", "1"]) => Sym::Status(o),
                ("head", ["-n-1"] | ["-n", "-1"]) | ("sed", ["$d"] | ["-e", "$d"]) => {
                    Sym::Out(o, Vec::new())
                }
                _ => return None,
            };
            return Some(Capture {
                sym,
                status: Cond::True,
            });
        }
        // `echo "$used" | tr -d %` of df's line: the number of its `Use%` column.
        if let Some(Sym::DiskView(o, mut view)) = self.echoed_sym(*head) {
            self.df_steps(&mut view, rest)?;
            return Some(Capture {
                sym: view.sym(o),
                status: Cond::True,
            });
        }
        // `curl -sI URL | head -1 | cut -d' ' -f2`: the status, from the status line.
        if let Some(o) = self.status_line(*head, rest, st) {
            return Some(Capture {
                sym: Sym::StatusLine(o),
                status: Cond::True,
            });
        }
        // `echo ruok | nc host 2181 | …`: the exchange is the source.
        let exchange = match (self.literal_input(*head), rest.first()) {
            (Some(bytes), Some(nc))
                if self
                    .sh
                    .command_name(*nc)
                    .as_deref()
                    .is_some_and(|n| matches!(n, "nc" | "ncat" | "netcat")) =>
            {
                Some((bytes, *nc))
            }
            _ => None,
        };
        // `echo 'SELECT 1' | psql …`: the command with that input is the source.
        let fed = match (self.literal_input(*head), rest.first()) {
            (Some(bytes), Some(cmd)) if exchange.is_none() && cmd.kind() == "command" => {
                Some((bytes, *cmd))
            }
            _ => None,
        };
        let rest = if exchange.is_some() || fed.is_some() {
            &rest[1..]
        } else {
            rest
        };
        let ps = self.sh.command_name(*head).as_deref() == Some("ps");
        let drop_grep = ps && rest.iter().any(|c| self.is_grep_v_grep(*c));
        let mut filters = Vec::new();
        let mut always_zero = true;
        // Whether the last command's status is 0 whatever it reads (`wc -l`).
        let mut last_zero = true;
        for c in rest {
            // `grep -v grep` takes out the greps' own lines, and any other process's line
            // that holds the word `grep`: those lines are not counted.
            if drop_grep && self.is_grep_v_grep(*c) {
                always_zero = false;
                last_zero = false;
                filters.push(Filter::Exclude("grep".into()));
                continue;
            }
            // `pgrep x | wc -w`: pgrep prints one process number a line, so its words are
            // its lines.
            if filters.is_empty()
                && self.sh.command_name(*c).as_deref() == Some("wc")
                && self.literal_args(*c).is_some_and(|a| a == ["-w"])
                && self.one_number_a_line(*head)
            {
                filters.push(Filter::Count);
                last_zero = true;
                continue;
            }
            // A later stage is in the process list too (`awk {print $1}`): a line of its own
            // that the greps before it select and do not exclude is the script finding itself.
            if ps && self.sh.command_name(*c).as_deref() != Some("grep") {
                let name = self.sh.command_name(*c).unwrap_or_default();
                let own = self
                    .literal_args(*c)
                    .map(|a| format!("{name} {}", a.join(" ")));
                let matches = |re: &str, own: &str| {
                    regex::Regex::new(re).map_or(true, |r| r.is_match(own.trim_end()))
                };
                let seen = match &own {
                    Some(own) => {
                        filters
                            .iter()
                            .any(|x| matches!(x, Filter::Grep(l) if matches(l, own)))
                            && !filters
                                .iter()
                                .any(|x| matches!(x, Filter::Exclude(l) if matches(l, own)))
                    }
                    None => filters.iter().any(|x| matches!(x, Filter::Grep(_))),
                };
                if seen {
                    return None;
                }
            }
            let (f, zero) = self.filter(*c)?;
            last_zero = zero;
            if f.iter().any(|x| matches!(x, Filter::LateGrep(_))) {
                self.sh.note_late_pattern(*c);
            }
            if ps && !drop_grep {
                // A grep that finds its own line in the process list (one that looks for the
                // caller's word always does: the word is on its command line).
                for x in &f {
                    match x {
                        Filter::Grep(line) if self.finds_itself(*c, line) => return None,
                        Filter::LateGrep(_) => return None,
                        _ => {}
                    }
                }
            }
            filters.extend(f);
            always_zero &= zero;
        }
        let (o, mut view, head_status) = if let Some((bytes, nc)) = exchange {
            let d = self.sh.nc_with(nc, Some(bytes))?;
            let o = self.add(d, false, "response", st);
            (o, Vec::new(), Cond::Atom(o, Pred::Ok))
        } else if let Some((bytes, cmd)) = fed {
            let mut d = self.argv_command(cmd)?;
            let Check::Command { stdin, .. } = &mut d.check else {
                return None;
            };
            *stdin = Some(bytes);
            self.give_exports(&mut d, cmd, st)?;
            let o = self.add(d, true, "stdout", st);
            (o, Vec::new(), Cond::Atom(o, Pred::Ok))
        } else if let Some((o, view)) = self.echoed(*head) {
            // `echo` ends the text with one newline whatever `$(…)` removed: a count of
            // all lines, or of lines an empty line matches, would differ.
            let mut grep = false;
            for f in &filters {
                match f {
                    Filter::Grep(re) => {
                        if regex::Regex::new(re).ok()?.is_match("") {
                            return None;
                        }
                        grep = true;
                    }
                    // The caller's pattern may match an empty line.
                    Filter::LateGrep(_) => return None,
                    Filter::Count if !grep => return None,
                    _ => {}
                }
            }
            (o, view, Cond::True)
        } else {
            let (o, status) = self.capture_one(*head, st)?;
            if status {
                return None;
            }
            (o, Vec::new(), Cond::Atom(o, Pred::Ok))
        };
        // `echo "$body" | jq -r .status`: jq's status is whether it could read the text at
        // that path, which a rule on the value there implies.
        let jq_only = match (rest, filters.as_slice()) {
            // `-e` fails on `false` and `null` too.
            (
                [jq],
                [
                    Filter::Json {
                        path,
                        length: false,
                        ..
                    }
                    | Filter::JsonOr { path, .. },
                ],
            ) if self
                .literal_args(*jq)
                .is_some_and(|a| !a.iter().any(|x| x == "-e" || x == "--exit-status")) =>
            {
                Some(path.clone())
            }
            _ => None,
        };
        // Line filters commute: `grep -v grep | grep nginx` counts as `grep nginx | grep -v grep`.
        if let Some(at) = filters.windows(2).position(|w| {
            matches!(
                w,
                [Filter::Exclude(_), Filter::Grep(_) | Filter::LateGrep(_)]
            )
        }) {
            filters.swap(at, at + 1);
        }
        // `ps -ef | grep X | grep -v grep | wc -l`: each grep fails where no line is left
        // for it, and a line left after the last is one left for each before: under
        // pipefail the pipeline fails exactly where the count is 0.
        let greps_counted = match filters.as_slice() {
            [Filter::Grep(re), Filter::Count]
            | [Filter::Grep(re), Filter::Exclude(_), Filter::Count]
                if regex::Regex::new(re).is_ok_and(|r| !r.is_match("")) =>
            {
                let mut selected = view.clone();
                selected.extend(filters[..filters.len() - 1].iter().cloned());
                line_sel(&selected, true).ok()
            }
            _ => None,
        };
        view.extend(filters);
        let last = if rest.is_empty() {
            // The source is the pipeline's last command (`echo ruok | nc h p`).
            head_status.clone()
        } else if always_zero || (last_zero && !st.pipefail) {
            Cond::True
        } else if let Some(path) = jq_only {
            Cond::Atom(o, Pred::Json(path, JsonTest::Parses))
        } else if let (Some(sel), true) = (greps_counted, st.pipefail) {
            Cond::Atom(o, Pred::Lines(sel, crate::expect::CmpOp::Gt, 0))
        } else {
            self.unknown(p)
        };
        let status = if st.pipefail {
            and(head_status, last)
        } else {
            last
        };
        Some(Capture {
            sym: Sym::Out(o, view),
            status,
        })
    }

    /// A command's arguments, when every one is known text.
    /// `df -P /var | awk 'NR==2 {print $5}' | tr -d '%'` and its kin (`tail -1`, `sed -n 2p`,
    /// `grep -v Filesystem` for the line; `sed 's/%//'`, `cut -d% -f1`, `$5+0` for the sign):
    /// the percentage in use of the filesystem holding the path, as a number. The path.
    fn mtime_of(&self, cmd: Node) -> Option<(Text, bool)> {
        if cmd.kind() != "command" {
            return None;
        }
        let name = self.sh.command_name(cmd)?;
        let args: Vec<Text> = self.sh.arg_values(cmd).into_iter().collect::<Option<_>>()?;
        let mut path = None;
        let mut format = false;
        // `date -r` follows a symbolic link, as the probe does; `stat` only with `-L`.
        let mut follows = name == "date";
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            match (name.as_str(), a.as_literal().as_deref()) {
                ("stat", Some("-c" | "--format" | "--printf")) => {
                    i += 1;
                    format = args.get(i)?.as_literal().as_deref() == Some("%Y");
                    if !format {
                        return None;
                    }
                }
                ("stat", Some("-c%Y" | "--format=%Y" | "--printf=%Y")) => format = true,
                ("stat", Some("-L" | "--dereference")) => follows = true,
                ("date", Some("-r" | "--reference")) => {
                    i += 1;
                    path = Some(args.get(i)?.clone());
                }
                ("date", Some("+%s")) => format = true,
                ("date", Some("-u" | "--utc")) => {}
                (_, Some(f)) if f.starts_with('-') => return None,
                ("stat", _) => {
                    if path.replace(a.clone()).is_some() {
                        return None;
                    }
                }
                _ => return None,
            }
            i += 1;
        }
        // `date -r FILE +%s` or `stat -c %Y FILE` (links followed or not: the probe follows
        // them, as `stat -L` does; a heartbeat file is rarely a link).
        // (An empty path fails stat and the probe alike; `~` is not expanded in a probe.)
        let path = path.filter(|_| format)?;
        let plain = !path.render().starts_with('~');
        plain.then_some((path, follows))
    }

    /// The name of `$v`, `${v}` or `v` in an arithmetic expression.
    fn expansion_name(&self, e: Node) -> &str {
        self.sh
            .text(e)
            .trim_start_matches('$')
            .trim_matches(['{', '}'])
    }

    /// The sum [`TimeLin`] an arithmetic expression is, where it reads the clock or a file's
    /// modification time; `None` for what is not such a sum.
    fn time_lin(&self, e: Node) -> Option<TimeLin> {
        match e.kind() {
            "number" | "string" | "raw_string" => self.arith(e).map(TimeLin::number),
            "variable_name" | "simple_expansion" | "expansion" => {
                match self.sh.vars.get(self.expansion_name(e)) {
                    Some(Var::Sym(Sym::Time(t))) => {
                        Some(t.clone().in_arithmetic(e.kind() == "variable_name"))
                    }
                    Some(Var::Text(t)) => match t.as_literal() {
                        Some(v) => v.trim().parse().ok().map(TimeLin::number),
                        None => matches!(t.0.as_slice(), [Piece::Var(..)]).then(|| TimeLin {
                            now: 0,
                            mtime: None,
                            lit: 0,
                            late: Some((t.clone(), 1)),
                            missing: Missing::Old,
                        }),
                    },
                    _ => None,
                }
            }
            "parenthesized_expression" => self.time_lin(named_children(e).into_iter().next()?),
            "command_substitution" => match statements(e).as_slice() {
                [cmd] => self.epoch(*cmd).map(TimeLin::number).or_else(|| {
                    // Inside the expansion, `set -e` does not end the script where `stat`
                    // fails.
                    self.inline_times.get(&e.id()).map(|t| TimeLin {
                        missing: Missing::Aborts,
                        ..t.clone()
                    })
                }),
                _ => None,
            },
            "binary_expression" => {
                let op = self.sh.text(e.child_by_field_name("operator")?);
                let l = e.child_by_field_name("left")?;
                let r = e.child_by_field_name("right")?;
                match op {
                    "+" | "-" => self
                        .time_lin(l)?
                        .sum(self.time_lin(r)?, if op == "+" { 1 } else { -1 }),
                    // `60 * 5`: numbers alone.
                    _ => self.arith(e).map(TimeLin::number),
                }
            }
            _ => None,
        }
    }

    /// The `$(stat -c %Y FILE)` substitutions of an arithmetic expansion, observed
    /// ([`Self::inline_times`]) where the expansion is such a sum.
    fn observe_inline_times(&mut self, e: Node<'t>, st: &State) {
        let mut found = Vec::new();
        let mut stack = vec![e];
        while let Some(x) = stack.pop() {
            if x.kind() == "command_substitution" {
                if let [cmd] = statements(x).as_slice()
                    && self.mtime_of(*cmd).is_some()
                {
                    found.push((x, *cmd));
                }
                continue;
            }
            stack.extend(named_children(x));
        }
        for (x, cmd) in found {
            if self.inline_times.contains_key(&x.id()) {
                continue;
            }
            if let Some(Capture {
                sym: Sym::Time(t), ..
            }) = self.capture(cmd, st)
            {
                self.inline_times.insert(x.id(), t);
            }
        }
    }

    /// `L op R` where one side is a [`TimeLin`] that reads a file's modification time: the
    /// file's age compared (`[ $((now - mtime)) -gt 60 ]`, `[ "$mtime" -lt "$cutoff" ]`).
    fn age_compare(&mut self, op: &str, l: TimeLin, r: TimeLin, test: Node) -> R<Cond> {
        let refused = || format!("a `{op}` test of a file's modification time");
        let d = l.sum(r, -1).ok_or_else(refused)?;
        // d = a·(now − mtime) + lit + late: the test is `d op 0`.
        let Some((o, m)) = d.mtime else {
            return Err(refused());
        };
        // What the script does where the file is missing: read as stale (below), or `sh`
        // exits on the arithmetic error, as the probe fails; otherwise it goes on.
        match d.missing {
            Missing::Old => {}
            Missing::Aborts if self.sh.posix_shell() => {}
            Missing::Aborts => {
                return Err("a file's age whose arithmetic fails where the file is missing (bash then skips the whole test and goes on)".into());
            }
            Missing::Empty => {
                return Err("a file's modification time that is empty where the file is missing (the test then fails and the script goes on)".into());
            }
        }
        if m.abs() != 1 || d.now != -m {
            return Err(refused());
        }
        let a = d.now;
        let op = if a == 1 {
            op
        } else {
            flip(op).ok_or_else(refused)?
        };
        // age op −a·(lit + late)
        let value = match &d.late {
            // A negative age is no limit a probe takes (nor one a heartbeat meets).
            None if -a * d.lit < 0 => return Err(refused()),
            None => format!("{}s", -a * d.lit),
            Some((t, k)) if d.lit == 0 && -a * k == 1 => {
                let numeric = match t.0.as_slice() {
                    [Piece::Var(_, Some(dflt))] => whole_number(dflt),
                    [Piece::Var(name, None)] => {
                        let option = self.sh.findings.options.iter().any(|o| {
                            o.name == *name && o.default.as_deref().is_some_and(whole_number)
                        });
                        // `$1` without a default: where the caller gives none, `[` fails on
                        // the empty limit (the script passes) and the probe errs.
                        let argument = (1..=9).find(|n| positional_name(*n) == *name);
                        if let Some(n) = argument
                            && !option
                            && self.sh.findings.required_positional < n
                        {
                            self.warn_once(
                                self.sh.line(test),
                                format!("where the caller gives no `${n}`, the script's test fails on the empty limit and the script goes on; the probe needs the number and errs"),
                            );
                        }
                        option || argument.is_some()
                    }
                    _ => false,
                };
                if !numeric {
                    return Err("a file's age against a limit that may be unset".into());
                }
                format!("{}s", t.render())
            }
            _ => return Err(refused()),
        };
        let cmp = match op {
            "-gt" => CmpOp::Gt,
            "-ge" => CmpOp::Ge,
            "-lt" => CmpOp::Lt,
            "-le" => CmpOp::Le,
            _ => return Err(refused()),
        };
        let age = Cond::Atom(o, Pred::Measure("age", cmp, value));
        // A missing file read as 0 is as old as the clock: a test that the age is above its
        // limit holds there, one that it is below does not; the probe's measure is of a file
        // that exists, either way round.
        // (Where sh exits on the arithmetic error, the script fails there either way round,
        // as the probe does.)
        let exists = Cond::Atom(o, Pred::Ok);
        Ok(match (d.missing, cmp) {
            (Missing::Aborts, _) => age,
            (_, CmpOp::Gt | CmpOp::Ge) => or(not(exists), age),
            _ => and(exists, age),
        })
    }

    /// `df PATH | tail -1 | awk '{print $5}' | tr -d %`: the path whose filesystem's use the
    /// pipeline reads, and how far it got (a view that has not yet taken the `%` off is carried
    /// on by a later `echo "$v" | …`).
    fn disk_use(&self, p: Node) -> Option<(Text, DfView)> {
        if p.kind() != "pipeline" {
            return None;
        }
        let cmds = named_children(p);
        let (df, rest) = cmds.split_first()?;
        if self.sh.command_name(*df).as_deref() != Some("df") {
            return None;
        }
        let mut path = None;
        // `df --output=pcent DIR`: the percentage is the only column.
        let mut only_percent = false;
        // `-P` heads the column `Capacity`, not `Use%`.
        let mut posix = false;
        for a in self.sh.arg_values(*df) {
            let a = a?;
            match a.as_literal() {
                Some(f) if f == "--output=pcent" => only_percent = true,
                Some(f) if f.starts_with('-') => {
                    let known = f == "--portability"
                        || (f.len() > 1 && f[1..].chars().all(|c| "PhHklm".contains(c)));
                    if !known {
                        return None;
                    }
                    posix |= f == "--portability" || (!f.starts_with("--") && f.contains('P'));
                }
                _ => {
                    if path.replace(a).is_some() {
                        return None;
                    }
                }
            }
        }
        // `df -l | awk '$6 == "/" {print $5}'`: the filesystem mounted at `/`, chosen by its
        // mount point (the sixth field) rather than given.
        let mounted_at_root = |c: &Node| {
            self.sh.command_name(*c).as_deref() == Some("awk")
                && self.literal_args(*c).is_some_and(|a| match a.as_slice() {
                    [prog] => {
                        let prog: String = prog.chars().filter(|c| !c.is_whitespace()).collect();
                        matches!(
                            prog.as_str(),
                            r#"{if($6=="/"){print$5}}"#
                                | r#"{if($6=="/")print$5}"#
                                | r#"$6=="/"{print$5}"#
                        )
                    }
                    _ => false,
                })
        };
        let chosen_by_mount = path.is_none() && rest.first().is_some_and(mounted_at_root);
        let path = if chosen_by_mount {
            Text::lit("/")
        } else {
            path?
        };
        // A path df reads as the script means it: not `~` (no expansion in a probe), not a
        // pseudo filesystem (whose use df prints as `-`), not a variable that may be empty
        // (df then lists every filesystem).
        let plain = match path.as_literal() {
            Some(p) => {
                !p.is_empty()
                    && !p.starts_with('~')
                    && !["/proc", "/sys", "/dev/pts"]
                        .iter()
                        .any(|x| p == *x || p.starts_with(&format!("{x}/")))
            }
            None => path.0.iter().any(|p| match p {
                Piece::Lit(s) => s.starts_with('/'),
                Piece::Var(_, Some(d)) => d.starts_with('/'),
                _ => false,
            }),
        };
        if !plain {
            return None;
        }
        let mut view = DfView {
            posix_header: posix && !only_percent,
            line: chosen_by_mount,
            field: only_percent || chosen_by_mount,
            number: false,
            by_mount: chosen_by_mount,
        };
        self.df_steps(&mut view, &rest[usize::from(chosen_by_mount)..])?;
        (view.line && view.field).then_some((path, view))
    }

    /// The commands of a pipeline that read df's output on to the number of its `Use%` column:
    /// `None` at one that does anything else.
    fn df_steps(&self, view: &mut DfView, cmds: &[Node]) -> Option<()> {
        let header = if view.posix_header {
            "Capacity"
        } else {
            "Use%"
        };
        let DfView {
            line,
            field,
            number,
            by_mount,
            ..
        } = view;
        for c in cmds {
            let name = self.sh.command_name(*c)?;
            let args = self.literal_args(*c)?;
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            match (name.as_str(), args.as_slice()) {
                ("tail", ["-1" | "-n1" | "-n+2"] | ["-n", "1" | "+2"]) => *line = true,
                // The first of the lines chosen by mount point (one filesystem is mounted at
                // `/` last; df lists it once).
                ("head", ["-1" | "-n1"] | ["-n", "1"]) if *by_mount => {}
                ("sed", ["-n", "2p"] | ["1d"]) if !*field => *line = true,
                // A header word taken out: before the field, any of the header's; after it,
                // the column's own (`Capacity` under `-P`); never after `+0` made it `0`.
                ("grep", ["-v", w]) if !*field && matches!(*w, "Filesystem" | "Mounted") => {
                    *line = true
                }
                ("grep", ["-v", w]) if !*number && !w.is_empty() && header.contains(*w) => {
                    *line = true
                }
                // `grep /`: the line of the filesystem, whose mount point has the slash the
                // header lacks.
                ("grep", ["/"]) if !*field => *line = true,
                ("awk", [prog]) if !*field => {
                    let prog: String = prog.chars().filter(|c| !c.is_whitespace()).collect();
                    let (selector, action) = prog.split_at(prog.find('{')?);
                    match selector {
                        "NR==2" | "NR>1" | "NR!=1" | "END" => *line = true,
                        "" => {}
                        _ => return None,
                    }
                    match action {
                        "{print$5}" => {}
                        "{print$5+0}"
                        | "{printint($5)}"
                        | "{print+$5}"
                        | "{sub(/%/,\"\",$5);print$5}"
                        | "{gsub(/%/,\"\");print$5}"
                        | "{gsub(/%/,\"\",$5);print$5}" => *number = true,
                        _ => return None,
                    }
                    *field = true;
                }
                ("tr", ["-d", "%"]) if *field => *number = true,
                // Blanks removed (`test` reads a number with blanks around it alike).
                ("tr", ["-d", " " | "[:space:]" | "[:blank:]"]) | ("xargs", []) => {}
                (
                    "sed",
                    ["s/ //g" | "s/^ *//"] | ["-E" | "-r", "s;\\s+;;g" | "s/\\s+//g" | "s/ +//g"],
                ) if *field => {}
                ("tr", ["-d", "% " | " %" | "%[:space:]" | "[:space:]%"]) if *field => {
                    *number = true
                }
                ("sed", ["s/[^0-9]//g"] | ["-E" | "-r", "s/[^0-9]+//g"]) if *field => {
                    *number = true
                }
                ("sed", ["s/%//" | "s/%//g"] | ["-e", "s/%//" | "s/%//g"]) if *field => {
                    *number = true
                }
                (
                    "cut",
                    ["-d%", "-f1"] | ["-d", "%", "-f1"] | ["-f1", "-d%"] | ["-f1", "-d", "%"],
                ) if *field => *number = true,
                _ => return None,
            }
        }
        Some(())
    }

    fn literal_args(&self, cmd: Node) -> Option<Vec<String>> {
        self.sh
            .arg_values(cmd)
            .iter()
            .map(|a| a.as_ref().and_then(Text::as_literal))
            .collect()
    }

    /// What `echo WORDS` or `printf 'TEXT'` writes, when it is known text: the input of a
    /// `| nc host port` exchange.
    fn literal_input(&self, cmd: Node) -> Option<String> {
        // `(echo -e "PING\r\n"; sleep 0.1) | nc …`: the text, then a pause that keeps nc's
        // input open a moment for the reply.
        if matches!(cmd.kind(), "subshell" | "compound_statement") {
            let parts: Vec<Node> = named_children(cmd)
                .into_iter()
                .filter(|c| c.kind() != "comment")
                .collect();
            let (first, rest) = parts.split_first()?;
            let pauses = rest.iter().all(|c| {
                c.kind() == "command"
                    && self.sh.command_name(*c).as_deref() == Some("sleep")
                    && self.literal_args(*c).is_some_and(|a| {
                        matches!(a.as_slice(), [secs] if secs.parse::<f64>().is_ok_and(|s| s >= 0.0))
                    })
            });
            return if pauses && !rest.is_empty() {
                self.literal_input(*first)
            } else {
                None
            };
        }
        if cmd.kind() != "command" {
            return None;
        }
        let name = self.sh.command_name(cmd)?;
        let args = self.literal_args(cmd)?;
        // dash's `echo` takes no `-e`: it prints the word (busybox's takes it). bash's takes
        // options in several words (`echo -n -e`), which are read here only as one.
        let option = |f: &String| {
            f.len() > 1 && f.starts_with('-') && f[1..].chars().all(|c| "neE".contains(c))
        };
        if name == "echo"
            && ((self.sh.posix_shell()
                && args
                    .first()
                    .is_some_and(|f| f.starts_with('-') && f.contains('e')))
                || (args.first().is_some_and(option) && args.get(1).is_some_and(option)))
        {
            return None;
        }
        let (escapes, text) = match (name.as_str(), args.as_slice()) {
            ("echo", [flag, words @ ..]) if flag == "-e" => {
                (true, format!("{}\n", words.join(" ")))
            }
            ("echo", [flag, words @ ..]) if flag == "-n" => (false, words.join(" ")),
            ("echo", [flag, words @ ..]) if flag == "-ne" || flag == "-en" => {
                (true, words.join(" "))
            }
            ("echo", words) if words.first().is_none_or(|w| !w.starts_with('-')) => {
                (false, format!("{}\n", words.join(" ")))
            }
            ("printf", [format]) if !format.contains('%') => (true, format.clone()),
            _ => return None,
        };
        // dash's `echo` reads escapes where bash's does not: a backslash is not guessed.
        if text.contains('$') || (!escapes && text.contains('\\')) {
            return None;
        }
        if !escapes {
            return Some(text);
        }
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            out.push(match chars.next()? {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '\\' => '\\',
                _ => return None,
            });
        }
        Some(out)
    }

    /// Whether the failure of the command captured in `v=$(cmd …)` ends the script before
    /// anything reads `v`: `v=$(…) || exit 1`, `if ! v=$(…); then … exit 2; fi`, or the
    /// assignment alone under `set -e`.
    fn failure_ends_script(&self, cmd: Node, st: &State) -> bool {
        let mut at = cmd.parent();
        while let Some(p) =
            at.filter(|p| matches!(p.kind(), "redirected_statement" | "command_substitution"))
        {
            at = p.parent();
        }
        let Some(assignment) = at.filter(|a| a.kind() == "variable_assignment") else {
            return false;
        };
        // (`exit`, not `return`: the caller of a function goes on.)
        let stops = |n: Node| {
            n.kind() == "command"
                && self.sh.command_name(n).as_deref() == Some("exit")
                && self.sh.args(n).first().is_none_or(|a| {
                    a.as_literal()
                        .is_some_and(|v| v.parse::<u8>().is_ok_and(|v| v != 0))
                })
        };
        let Some(statement) = assignment.parent() else {
            return false;
        };
        match statement.kind() {
            "list" => {
                let parts = children(statement);
                matches!(parts.as_slice(), [a, or, b]
                    if a.id() == assignment.id() && self.sh.text(*or) == "||" && stops(*b))
            }
            "negated_command" => statement.parent().is_some_and(|i| {
                i.kind() == "if_statement"
                    && i.child_by_field_name("condition")
                        .is_some_and(|c| c.id() == statement.id())
                    && named_children(i)
                        .iter()
                        .filter(|c| !matches!(c.kind(), "elif_clause" | "else_clause"))
                        .skip(1)
                        .last()
                        .is_some_and(|last| stops(*last))
            }),
            // (Not with a `trap`, which may change the status the script ends with.)
            "program" | "compound_statement" | "do_group" => {
                st.errexit && !self.sh.src.contains("trap")
            }
            _ => false,
        }
    }

    /// `echo "$v"` or `printf '%s\n' "$v"` of a captured output.
    fn echoed(&self, cmd: Node) -> Option<(usize, Vec<Filter>)> {
        match self.echoed_sym(cmd)? {
            Sym::Out(o, view) => Some((o, view)),
            _ => None,
        }
    }

    /// `curl -sI URL | head -1 | cut -d' ' -f2` (or `awk 'NR==1 {print $2}'`): the second word
    /// of the status line curl prints first, which is the status of the first answer (after a
    /// redirect too). The observation of the request, made as curl makes it (`-I` asks with
    /// HEAD).
    fn status_line(&mut self, curl: Node<'t>, rest: &[Node], st: &State) -> Option<usize> {
        if curl.kind() != "command"
            || self.sh.command_name(curl).as_deref() != Some("curl")
            || self.sh.curl_output(curl) != super::CurlOutput::Headers
            // Under pipefail the status is curl's, which an answer of any kind makes 0.
            || st.pipefail
        {
            return None;
        }
        let (mut first, mut second, mut no_cr) = (false, false, false);
        for c in rest {
            let name = self.sh.command_name(*c)?;
            let words = self.literal_args(*c)?;
            let plain: Vec<&str> = words.iter().map(String::as_str).collect();
            let field_two = Filter::Cut {
                sep: " ".into(),
                index: 2,
            };
            if name == "cut" && first && !second && cut_field(&plain) == Some(field_two) {
                second = true;
                continue;
            }
            let args: Vec<String> = words.iter().map(|a| a.replace(' ', "")).collect();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            match (name.as_str(), args.as_slice()) {
                ("head", ["-1" | "-n1"] | ["-n", "1"]) | ("sed", ["-n", "1p"] | ["1q"])
                    if !second =>
                {
                    first = true
                }
                ("awk", [prog]) if !second => match *prog {
                    "{print$2}" if first => second = true,
                    "NR==1{print$2}" | "NR==1{print$2;exit}" => (first, second) = (true, true),
                    _ => return None,
                },
                // The `\r` HTTP ends the line with, taken off (`cut` leaves it after a reason
                // phrase, so the word is the same).
                ("tr", ["-d", "\\r" | "\r" | "[:space:]" | "\\r\\n" | "\\n\\r"]) if second => {
                    no_cr = true
                }
                _ => return None,
            }
        }
        if !(first && second) {
            return None;
        }
        // The first status line is the first answer's: with `-L` curl prints every answer's
        // headers, so the status read is the redirect's, as a probe that does not follow it
        // reads it. `-f` changes curl's status only, which the pipeline does not keep: the
        // headers are printed on an error status too.
        let first_answer = |mut d: Draft| -> Option<Draft> {
            if !super::first_answer_only(&mut d) {
                return None;
            }
            d.expect.retain(|(k, _)| k != "status");
            Some(d)
        };
        let names = self.sh.names.clone();
        let ok = first_answer(self.sh.curl(curl, false)?)?;
        self.sh.names = names;
        let mut captured = first_answer(self.sh.curl(curl, true)?)?;
        captured.name = ok.name.clone();
        let line = self.sh.line(curl);
        let mut notes = vec!["the script reads the first status line curl prints, which an interim answer (`103 Early Hints`) would be, or a proxy's answer to an https URL (`200 Connection established`); the probe reads the final status".to_string()];
        if !no_cr {
            notes.push("a status line without a reason phrase (`HTTP/1.1 200`) leaves the line's `\\r` on the word, which no test of the script takes as the status; the probe reads the status".into());
        }
        self.warn_once(line, notes.join("; "));
        Some(self.push(ok, captured, false, "status", st))
    }

    /// What `echo "$v"` or `printf '%s\n' "$v"` prints: the value `v` holds.
    fn echoed_sym(&self, cmd: Node) -> Option<Sym> {
        let word = self.echo_word(cmd, false)?;
        // Unquoted, the output would be split into words and joined by spaces.
        if word.kind() != "string" {
            return None;
        }
        self.whole_sym(word)
    }

    /// A command of a pipeline that transforms its input in a way a rule can follow, and
    /// whether it always exits 0.
    fn filter(&self, cmd: Node) -> Option<(Vec<Filter>, bool)> {
        if cmd.kind() != "command" {
            return None;
        }
        let name = self.sh.command_name(cmd)?;
        if name == "grep" {
            let g = grep_args(&self.sh.args(cmd))?;
            // `grep -q` prints nothing: what a capture of it holds is always empty.
            if g.quiet {
                return None;
            }
            if g.invert || (g.late && g.plain.is_some()) {
                return None;
            }
            let mut f = vec![match g.late {
                true => Filter::LateGrep(g.line),
                false => Filter::Grep(g.line),
            }];
            if g.count {
                f.push(Filter::Count);
            }
            return Some((f, false));
        }
        let args = self.literal_args(cmd)?;
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Some(match (name.as_str(), args.as_slice()) {
            ("wc", ["-l"]) => (vec![Filter::Count], true),
            ("xargs", []) => (vec![Filter::Words], true),
            ("tr", ["-d", set]) => (vec![Filter::Delete(tr_set(set)?)], true),
            ("sed", _) => (vec![sed_strip(&args)?], true),
            ("jq", _) => (vec![jq_filter(&args)?], false),
            ("awk", _) => (awk_field(&args)?, false),
            ("cut", _) => (vec![cut_field(&args)?], false),
            _ => return None,
        })
    }

    /// `test "$(pgrep -c nginx)" -gt 0`: `test` written as a command, on a capture. Not with
    /// an unquoted `$(…)`, which splits into as many words as it prints, and `test` reads
    /// those otherwise (`test -n $(cmd)` passes on nothing).
    fn is_test_of_capture(&self, n: Node) -> bool {
        let text = self.sh.text(n);
        self.sh.command_name(n).as_deref() == Some("test")
            && (text.contains("$(") || text.contains("$?") || text.contains("${?}"))
            && !self.unquoted_substitution(n)
    }

    /// Such a `test`, read from its words as `[ … ]` is without the brackets.
    fn test_as_command(&mut self, n: Node, st: &State) -> R<Cond> {
        let mut c = n.walk();
        let tokens: Vec<Node> = n.children_by_field_name("argument", &mut c).collect();
        let cond = self.read_test_words(&tokens, st, n)?;
        Ok(at_line(cond, self.sh.line(n)))
    }

    /// Whether a command has an argument that is an unquoted `$(…)` (or `` `…` ``).
    fn unquoted_substitution(&self, cmd: Node) -> bool {
        let mut c = cmd.walk();
        cmd.children_by_field_name("argument", &mut c).any(|a| {
            // A count is one word: `test $(find … | wc -l) -eq 1`.
            (a.kind() == "command_substitution" && !self.counts(a))
                || (a.kind() == "concatenation"
                    && named_children(a)
                        .iter()
                        .any(|p| p.kind() == "command_substitution"))
        })
    }

    /// Whether `$(…)` prints a count, one word: its last command `wc -l` or `grep -c`.
    fn counts(&self, substitution: Node) -> bool {
        let Some(last) = statements(substitution).last().map(|s| match s.kind() {
            "pipeline" => named_children(*s).last().copied().unwrap_or(*s),
            _ => *s,
        }) else {
            return false;
        };
        match self.sh.command_name(last).as_deref() {
            Some("wc") => self.literal_args(last).is_some_and(|a| a == ["-l"]),
            // `grep -c P` on its input: one count (with files, one a file).
            Some("grep") => self.literal_args(last).is_some_and(|a| {
                let options: Vec<&String> = a.iter().take_while(|w| w.starts_with('-')).collect();
                options.iter().any(|w| *w == "-c" || *w == "--count")
                    && options
                        .iter()
                        .all(|w| !w.starts_with("--") || *w == "--count")
                    && options
                        .iter()
                        .all(|w| w.starts_with("--") || !w.contains(['r', 'R', 'e', 'f']))
                    && a.len() == options.len() + 1
            }),
            _ => false,
        }
    }

    /// Whether a command prints one word a line: `pgrep` without the flags that add a name
    /// (`-l`, `-a`), join the numbers (`-d`) or count them (`-c`).
    fn one_number_a_line(&self, cmd: Node) -> bool {
        if cmd.kind() != "command" || self.sh.command_name(cmd).as_deref() != Some("pgrep") {
            return false;
        }
        let Some(args) = self.literal_args(cmd) else {
            return false;
        };
        // Long options may be shortened (`--delim`): none is taken.
        args.iter().all(|a| {
            let long = a.starts_with("--");
            let lists = a.starts_with('-') && a.contains(['l', 'a', 'd', 'c']);
            !long && !lists
        })
    }

    /// `echo "$v" | grep -q P`: a rule on the output `v` holds.
    fn output_filter(&mut self, n: Node) -> Option<Cond> {
        self.output_filter_of(n, false)
    }

    /// [`Self::output_filter`]; `banged`, of `! echo "$v" | grep -q P`, where the parser gives
    /// the pipeline's `!` to `echo`: the rule the `!` negates.
    fn output_filter_of(&mut self, n: Node, banged: bool) -> Option<Cond> {
        let n = self.sh.strip_quiet(n);
        if let Some((word, filter)) = self.here_string_input(n) {
            return match self.sh.command_name(filter)?.as_str() {
                "jq" => self.jq_test(word, filter),
                "grep" => self.grep_test(word, filter),
                _ => None,
            };
        }
        if n.kind() != "pipeline" {
            return None;
        }
        let cmds = named_children(n);
        let [echo, grep] = cmds.as_slice() else {
            return None;
        };
        let echo = &match echo.kind() {
            "negated_command" if banged => named_children(*echo).into_iter().next()?,
            _ => *echo,
        };
        if grep.kind() != "command" {
            return None;
        }
        match self.sh.command_name(*grep)?.as_str() {
            "grep" => {}
            // `echo "$v" | jq -e '.status == "ok"'`: no input and no newline differ alike.
            // (Not dash's `echo`, which turns a `\n` inside a JSON string into a newline.)
            "jq" if !(self.sh.posix_shell() && self.sh.command_name(*echo)? == "echo") => {
                return self.jq_test(self.echo_word(*echo, false)?, *grep);
            }
            _ => return None,
        }
        let word = self.echo_word(*echo, true)?;
        self.grep_test(word, *grep)
    }

    /// `jq -e '.status == "UP"' <<< "$body" >/dev/null` (bash): the quoted word given as the
    /// command's input, with the newline `printf '%s\n'` would end it with; its other
    /// redirections only drop or move output. The word and the command.
    fn here_string_input<'n>(&self, n: Node<'n>) -> Option<(Node<'n>, Node<'n>)> {
        if self.sh.posix_shell() {
            return None;
        }
        // (The grammar gives the here-string to the command, the other redirections to the
        // statement around it.)
        let cmd = match n.kind() {
            "redirected_statement" => self.sh.quiet_body(n)?,
            _ => n,
        };
        if cmd.kind() != "command" {
            return None;
        }
        let redirects: Vec<Node> = named_children(cmd)
            .into_iter()
            .filter(|c| c.kind().ends_with("_redirect"))
            .collect();
        let [h] = redirects.as_slice() else {
            return None;
        };
        if h.kind() != "herestring_redirect" {
            return None;
        }
        let word = named_children(*h)
            .into_iter()
            .find(|c| c.kind() != "comment")
            .filter(|w| w.kind() == "string")?;
        Some((word, cmd))
    }

    /// `echo "$v" | grep -q TEXT` (or the word as a here-string): the rule on the captured
    /// output `word` holds.
    fn grep_test(&mut self, word: Node, grep: Node) -> Option<Cond> {
        let word = &word;
        let grep = &grep;
        // `grep -q '^$'`: a pattern an empty line matches, which the body's own last newline
        // makes where the script's input (the capture without its last newlines, and one
        // added back) has none.
        if let Some((_, Yaml::Str(pattern))) = grep_rule(&self.sh.args(*grep))
            && regex::Regex::new(&pattern).is_ok_and(|r| r.is_match(""))
        {
            return None;
        }
        let (o, view) = match self.whole_sym(*word)? {
            Sym::Out(o, view) => (o, view),
            // `body=$(curl -fs URL || echo failed)`: the body where curl passes, the fallback
            // (one line, quoted as it was written) where it fails.
            Sym::OrText(o, fallback) if word.kind() == "string" => {
                let (key, value) = grep_rule(&self.sh.args(*grep))?;
                let Yaml::Str(value) = value else {
                    return None;
                };
                if grep_args(&self.sh.args(*grep))?.late || fallback.contains('\n') {
                    return None;
                }
                let (key, found) = match key.as_str() {
                    "contains" => (
                        "contains",
                        fallback.contains(value.replace("$${", "${").as_str()),
                    ),
                    "matches" => (
                        "matches",
                        regex::Regex::new(&value).ok()?.is_match(&fallback),
                    ),
                    _ => return None,
                };
                let body = Cond::Atom(o, Pred::Text(key, value.replace("$${", "${")));
                let passed = Cond::Atom(o, Pred::Ok);
                return Some(or(
                    and(not(passed.clone()), constant(found)),
                    and(passed, body),
                ));
            }
            _ => return None,
        };
        if !view.is_empty() {
            return None;
        }
        let late = grep_args(&self.sh.args(*grep))?.late;
        let (key, value) = grep_rule(&self.sh.args(*grep))?;
        let Yaml::Str(value) = value else {
            return None;
        };
        if late {
            // The caller's pattern, in probekit's form.
            if word.kind() != "string" {
                return None;
            }
            let key = if key == "contains" {
                "contains"
            } else {
                "matches"
            };
            return Some(Cond::Atom(o, Pred::Late(key, value)));
        }
        // A rule's literal text, as the script wrote it (probekit's form escapes `${`).
        let value = value.replace("$${", "${");
        // Unquoted, the output's words are joined by single spaces: a space of the text looked
        // for stands for any run of blanks and newlines between two words of the output.
        if word.kind() != "string" && (value.contains(char::is_whitespace) || key != "contains") {
            let re = if key == "contains" {
                regex::escape(&value)
            } else {
                value.clone()
            };
            return Some(Cond::Atom(o, Pred::Text("matches", joined_words(&re)?)));
        }
        let key = if key == "contains" {
            "contains"
        } else {
            "matches"
        };
        Some(Cond::Atom(o, Pred::Text(key, value)))
    }

    /// The word `echo W` or `printf '%s\n' W` prints; `printf '%s' W` too where the line's
    /// newline does not matter (a grep of the empty value tells the two apart).
    fn echo_word<'n>(&self, cmd: Node<'n>, newline_matters: bool) -> Option<Node<'n>> {
        if cmd.kind() != "command" {
            return None;
        }
        let mut c = cmd.walk();
        let args: Vec<Node> = cmd.children_by_field_name("argument", &mut c).collect();
        match (self.sh.command_name(cmd)?.as_str(), args.as_slice()) {
            ("echo", [w]) => Some(*w),
            ("printf", [f, w]) => {
                let format = self.sh.word(*f)?.as_literal()?;
                (format == "%s\\n" || (format == "%s" && !newline_matters)).then_some(*w)
            }
            _ => None,
        }
    }

    /// `echo "$v" | jq -e '.status == "ok"'` (`--arg want ok` and `$want` too): the captured
    /// output is JSON whose value at that path equals the literal, as jq's `==` compares.
    fn jq_test(&mut self, word: Node, jq: Node) -> Option<Cond> {
        let Sym::Out(o, view) = self.whole_sym(word)? else {
            return None;
        };
        if !view.is_empty() || word.kind() != "string" {
            return None;
        }
        let args = self.sh.args(jq);
        self.jq_rule(o, &args, jq)
    }

    /// [`Self::jq_test`]'s rule on observation `o`'s output, of jq's words (`-e`, `--arg`,
    /// the program).
    fn jq_rule(&mut self, o: usize, args: &[Text], jq: Node) -> Option<Cond> {
        let mut words = args.iter();
        let (mut exit_status, mut program, mut bound) = (false, None, Vec::new());
        while let Some(a) = words.next() {
            let a = a.as_literal()?;
            match a.as_str() {
                "-e" | "--exit-status" => exit_status = true,
                "-r" | "-c" | "-M" | "-j" | "-S" | "--raw-output" | "--compact-output" => {}
                "-re" | "-er" | "-ec" | "-ce" => exit_status = true,
                "--arg" => {
                    let name = words.next()?.as_literal()?;
                    let value = words.next()?.as_literal()?;
                    bound.push((name, serde_json::Value::String(value)));
                }
                _ if a.starts_with('-') || program.is_some() => return None,
                _ => program = Some(a),
            }
        }
        let program = program?;
        // `.a.["b"]` is jq 1.7's alone (1.6 refuses it).
        if program.contains(".[") {
            return None;
        }
        // `jq -e .status`: a value there, neither null nor false.
        if exit_status
            && bound.is_empty()
            && !program.contains("==")
            && let Some(path) = jq_path(program.trim())
        {
            self.sh.warn_jq_empty(jq);
            return Some(Cond::Atom(o, Pred::Json(path, JsonTest::JqTrue)));
        }
        let (left, right) = program.split_once("==")?;
        let right = right.trim();
        let want = match right.strip_prefix('$') {
            Some(name) => bound.iter().find(|(n, _)| n == name)?.1.clone(),
            None => serde_json::from_str::<serde_json::Value>(right).ok()?,
        };
        // A string, a boolean or a number; `null` is what a missing path gives too.
        if !exit_status || want.is_null() || want.is_array() || want.is_object() {
            return None;
        }
        let path = jq_path(left.trim())?;
        self.sh.warn_jq_empty(jq);
        Some(Cond::Atom(o, Pred::Json(path, JsonTest::Eq(want))))
    }

    /// The probe for a command, pipeline or redirection, as an observation.
    fn observe(&mut self, n: Node<'t>, st: &State) -> Option<usize> {
        // What the statement-wise reader decides by pipefail, it decides by this path's.
        self.sh.pipefail = st.pipefail;
        // `cmd 2>&1` keeps its redirect: its output is both streams.
        let n = if self.merged_body(n).is_some() {
            n
        } else {
            self.sh.strip_quiet(n)
        };
        if n.kind() == "command" && self.sh.command_name(n).as_deref() == Some("hostname") {
            return None;
        }

        let d = match n.kind() {
            // With `VAR=… cmd` the program's own environment decides: run as written, unless
            // it is a database tool that reads none of it (`PGPASSWORD=… pg_isready -h db`).
            "command"
                if named_children(n)
                    .iter()
                    .any(|c| c.kind() == "variable_assignment") =>
            {
                let d = self.argv_command(n)?;
                match &d.check {
                    Check::Command { argv, .. }
                        if d.env.iter().all(|(k, _)| !reaches_database_tool(k)) =>
                    {
                        let name = argv.first().and_then(Text::as_literal).unwrap_or_default();
                        let argv = argv.clone();
                        Some(self.sh.database_tool(n, &name, &argv).unwrap_or(d))
                    }
                    _ => Some(d),
                }
            }
            // `ping -c N host` is decided by its status alone: an icmp probe (its output, in a
            // capture or a pipeline, stays the command's).
            "command" => self
                .sh
                .draft(n)
                .or_else(|| self.ping(n))
                .or_else(|| self.argv_command(n)),
            // `a |& grep …`: a's standard error is read too, which no probe here reads.
            "pipeline" if super::pipes_stderr(n) => None,
            // Only what reads the pipeline past its `!` (the statement-wise reader keeps it).
            "pipeline" if self.unbanged => self
                .exchange_pipeline(n)
                .or_else(|| self.sh.status_line_pipeline(n))
                .or_else(|| self.grep_pipeline(n, st)),
            "pipeline" => self
                .sh
                .draft(n)
                .or_else(|| self.exchange_pipeline(n))
                .or_else(|| self.grep_pipeline(n, st)),
            // `cmd 2>&1` (`out=$(wget -S … 2>&1)`): both streams are its output, whatever
            // the command (wget's log, not the body it fetched).
            "redirected_statement" if self.merged_body(n).is_some() => self.argv_command(n),
            "redirected_statement" => self.sh.draft(n),
            _ => None,
        }?;
        let mut d = d;
        // The statement-wise reader asks `redis-cli … ping` for PONG; the script asks for
        // what it tests, and redis-cli's exit status alone is 0 on an error reply too: a
        // server that answers at all, loading or wanting a password.
        if n.kind() == "command" {
            match &d.check {
                Check::Command { argv, .. }
                    if argv.first().and_then(Text::as_literal).as_deref() == Some("redis-cli") =>
                {
                    d.expect.retain(|(k, _)| k != "stdout");
                }
                Check::Database {
                    engine: "redis", ..
                } => {
                    super::databases::any_answer(&mut d);
                }
                _ => {}
            }
        }
        let command = matches!(d.check, Check::Command { .. });
        if command {
            self.give_exports(&mut d, n, st)?;
        }
        let out_key = d.check.output_key();
        let effect = n.kind() == "command" && self.sh.command_name(n).as_deref() == Some("touch");
        let o = self.add(d, command, out_key, st);
        self.obs[o].effect = effect;
        if n.kind() == "command" && self.sh.command_name(n).as_deref() == Some("curl") {
            self.note_body_file(n, o);
        }
        Some(o)
    }

    /// A command that runs program text, or a command under `timeout`, read as a script of
    /// its own: `sh -c 'until pg_isready -h db; do sleep 1; done'`, `timeout 45 bash -c
    /// 'while [[ "$(curl -s -o /dev/null -w %{http_code} $0)" != 200 ]]; do sleep 2; done'
    /// "$URL"`, `timeout 5 curl -fs "$URL"`. The text's own `$0`, `$1`… are the words after
    /// it; it sees the variables the script exported (a wrapped command, all of them, as the
    /// script expands its words). Under `timeout D`, what the text waits for without end is
    /// waited for D, and each check gives up after D at the latest. `None` for any other
    /// command, or a text that cannot be read so (the command is then kept as written).
    fn program_text(&mut self, n: Node<'t>, st: &State) -> Option<Cond> {
        let result = self.program_text_read(n, st);
        if let Err(why) = &result
            && std::env::var_os("PROBEKIT_SEMA_DEBUG").is_some()
        {
            eprintln!("sema: program text at line {}: {why}", self.sh.line(n));
        }
        result.ok().flatten()
    }

    fn program_text_read(&mut self, n: Node<'t>, st: &State) -> R<Option<Cond>> {
        let cmd = self.sh.strip_quiet(n);
        if cmd.kind() != "command" || self.passing > 0 {
            return Ok(None);
        }
        let Some(name) = self.sh.command_name(cmd) else {
            return Ok(None);
        };
        let base = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
        let shells = ["sh", "bash", "dash"];
        let name = base(&name);
        if name != "timeout" && !shells.contains(&name.as_str()) {
            return Ok(None);
        }
        if named_children(cmd)
            .iter()
            .any(|c| c.kind() == "variable_assignment")
        {
            return Err("an assignment before the command".into());
        }
        // What the statement reader makes a typed check of already (`timeout 1 bash -c "echo >
        // /dev/tcp/$h/$p"`, `timeout 3 sh -c "nc -z $h $p"`, `timeout 5 pg_isready`) stays so.
        if self.sh.names_socket(cmd) {
            return Ok(None);
        }
        let names = self.sh.names.clone();
        let warned = self.sh.findings.warnings.len();
        let typed = self
            .sh
            .draft(cmd)
            .is_some_and(|d| !matches!(d.check, Check::Command { .. }));
        self.sh.names = names;
        self.sh.findings.warnings.truncate(warned);
        if typed {
            return Ok(None);
        }
        let mut c = cmd.walk();
        let nodes: Vec<Node<'t>> = cmd.children_by_field_name("argument", &mut c).collect();
        if nodes.iter().any(|a| self.sh.array_words(*a).is_some()) {
            return Err("an array among the words".into());
        }
        let words: Vec<Option<Text>> = nodes.iter().map(|a| self.sh.word(*a)).collect();
        let literal = |i: usize| words.get(i).cloned().flatten().and_then(|t| t.as_literal());
        // `timeout [OPTIONS] DURATION PROGRAM …`: the program's index, and the duration.
        let (at, limit) = if name == "timeout" {
            let mut argv = vec![Text::lit("timeout")];
            argv.extend(words.iter().map(|w| w.clone().unwrap_or_default()));
            let (secs, late) = crate::import::draft::wrapped_timeout(&argv)
                .ok_or("a `timeout` probekit cannot read")?;
            // The duration is the first word `wrapped_timeout` did not take as an option.
            let mut i = 0;
            while let Some(w) = literal(i) {
                match w.as_str() {
                    "-k" | "--kill-after" | "-s" | "--signal" => i += 2,
                    "--" => {
                        i += 1;
                        break;
                    }
                    _ if w.starts_with('-')
                        && !w[1..].starts_with(|c: char| c.is_ascii_digit()) =>
                    {
                        i += 1
                    }
                    _ => break,
                }
            }
            if secs <= 0.0 {
                return Err("`timeout 0`".into());
            }
            if words
                .iter()
                .flatten()
                .filter_map(Text::as_literal)
                .any(|w| w.starts_with("-k") || w.starts_with("--kill-after"))
            {
                return Err("a `timeout` that kills later".into());
            }
            // `timeout "${WAIT:-30}" …`: the caller's seconds, read when the probe runs.
            let until = if late {
                match words.get(i).cloned().flatten().map(|t| t.0) {
                    Some(pieces)
                        if matches!(pieces.as_slice(), [Piece::Var(_, Some(d))]
                            if d.parse::<f64>().is_ok()) =>
                    {
                        let mut t = Text(pieces);
                        t.push_lit("s");
                        t
                    }
                    _ => return Err("a `timeout` the caller gives without a default".into()),
                }
            } else {
                Text::lit(seconds(&secs.to_string()))
            };
            (Some(i + 1), Some((secs, until, late)))
        } else {
            (None, None)
        };
        let program = match at {
            Some(i) => base(&literal(i).ok_or("a program the script computes")?),
            None => name.clone(),
        };
        let first = at.map_or(0, |i| i + 1);
        let (prog, code, given, placed) = if shells.contains(&program.as_str()) {
            // `sh [-e] [-x] [-o pipefail] -c TEXT [NAME [WORD…]]`
            let mut i = first;
            let mut prelude = String::new();
            let mut seen_c = false;
            let code_at = loop {
                let w = match literal(i) {
                    Some(w) => w,
                    None if seen_c => break i,
                    None => return Err("an option of the shell the script computes".into()),
                };
                match w.as_str() {
                    "-o" => {
                        let option = literal(i + 1).ok_or("a shell option")?;
                        if option != "pipefail" && option != "errexit" && option != "nounset" {
                            return Err(format!("`-o {option}`"));
                        }
                        prelude.push_str(&format!("set -o {option}; "));
                        i += 2;
                    }
                    _ if w.starts_with('-') && w.len() > 1 && !w.starts_with("--") => {
                        for flag in w[1..].chars() {
                            match flag {
                                'e' => prelude.push_str("set -e; "),
                                'u' => prelude.push_str("set -u; "),
                                'x' | 'v' | 'c' => {}
                                other => return Err(format!("the shell option `-{other}`")),
                            }
                        }
                        i += 1;
                        seen_c |= w.contains('c');
                    }
                    // `sh -c -e TEXT`: the text is the first word that is not an option.
                    _ if seen_c => break i,
                    _ => return Err("a shell that reads a file, not `-c TEXT`".into()),
                }
            };
            let code = words
                .get(code_at)
                .cloned()
                .flatten()
                .ok_or("program text probekit cannot read")?;
            // `sh -c "nc -z $host $port"`: the script's values, written into the text before
            // the shell reads it, stand there as variables of the text holding them. Only
            // where no quote of the text could make one literal text.
            let mut placed = Vec::new();
            let mut text = String::new();
            for piece in code.0 {
                match piece {
                    Piece::Lit(l) => text.push_str(&l),
                    Piece::Var(..) => {
                        let name = format!("__probekit_{}", placed.len());
                        text.push_str(&format!("${{{name}}}"));
                        placed.push((name, Text(vec![piece])));
                    }
                    _ => return Err("program text the script computes".into()),
                }
            }
            let code = if placed.is_empty() {
                text
            } else {
                // The shell reads the value again as words and operators (`&`, `;`, blanks):
                // the probe takes it whole.
                self.warn_once(
                    self.sh.line(cmd),
                    "the script's values are written into the program text, where the shell reads them again as words and operators (a value with blanks, `&` or `;` runs otherwise); the probe takes each whole".into(),
                );
                placed_in_quotes(&text)
                    .ok_or("program text with the script's values inside its quotes")?
            };
            // What the text reads of its own: `"$@"`, `$#` (the words after it, which the
            // suite's arguments are not), a variable the script sets without exporting it
            // (the text reads the environment's), bash's `[[`/`==` under sh.
            if code.contains("$@")
                || code.contains("${@")
                || code.contains("$*")
                || code.contains("${*")
                || code.contains("$#")
            {
                return Err("program text that reads all its words".into());
            }
            let src = self.sh.src;
            if src.contains("set -a")
                || src.contains("allexport")
                || src.contains("declare -x")
                || src.contains("typeset -x")
            {
                return Err("a script that exports by `set -a` or `declare -x`".into());
            }
            let names =
                regex::Regex::new(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)").map_err(|e| e.to_string())?;
            for m in names.captures_iter(&code) {
                let name = &m[1];
                if !name.starts_with("__probekit_")
                    && !st.exports.iter().any(|e| e == name)
                    && (self.sh.vars.contains_key(name)
                        || self.sh.mutated.contains(name)
                        || src.contains(&format!("{name}=")))
                {
                    return Err(format!(
                        "program text that reads `{name}`, which the script sets without exporting it"
                    ));
                }
            }
            if program != "bash" && (code.contains("[[") || code.contains("==")) {
                return Err("bash's `[[`/`==` in text `sh` reads".into());
            }
            // `$0` is the first word after the text, or the shell's name.
            let mut given = Vec::new();
            given.push(match words.get(code_at + 1) {
                Some(w) => w.clone().ok_or("a word the script computes")?,
                None => Text::lit(&program),
            });
            for w in words.iter().skip(code_at + 2) {
                given.push(w.clone().ok_or("a word the script computes")?);
            }
            (program.clone(), format!("{prelude}{code}"), given, placed)
        } else if let Some(i) = at {
            if i + 1 > nodes.len() {
                return Err("`timeout` without a command".into());
            }
            // A command under `timeout`: its words as the script wrote them, expanded as the
            // script expands them.
            let from = nodes[i].start_byte();
            let to = nodes.last().map_or(from, |l| l.end_byte());
            let code = self.sh.src[from..to].to_string();
            if code.contains('\n') {
                return Err("a wrapped command over several lines".into());
            }
            let own = if self.bash_script() { "bash" } else { "sh" };
            let given = (0..10)
                .map_while(|k| match self.sh.vars.get(&k.to_string()) {
                    Some(Var::Text(t)) => Some(t.clone()),
                    _ => None,
                })
                .collect();
            (own.to_string(), code, given, Vec::new())
        } else {
            return Ok(None);
        };
        let src = format!("#!/bin/{prog}\n{code}\n");
        let (fixed, tree) = super::parsed(&src).ok_or("the shell parser gave up")?;
        if tree.root_node().has_error() {
            return Err("program text the shell parser cannot read".into());
        }
        let mut inner = Shell::new(&fixed, &src, &tree);
        inner.given = Some(given);
        inner.deadline = limit.as_ref().map(|(secs, _, _)| *secs);
        inner.deadline_text = limit.as_ref().map(|(_, until, _)| until.clone());
        inner.secrets = self.sh.secrets.clone();
        inner.names = self.sh.names.clone();
        if shells.contains(&program.as_str()) {
            for name in &st.exports {
                if let Some(v) = self.sh.vars.get(name) {
                    inner.vars.insert(name.clone(), v.clone());
                }
            }
            for (name, value) in placed {
                inner.vars.insert(name, Var::Text(value));
            }
        } else {
            inner.vars = self.sh.vars.clone();
            inner.mutated = self.sh.mutated.clone();
        }
        let Read::Condition(cond, obs) = conditions(&mut inner, tree.root_node(), 0)? else {
            return Err("program text read as one exchange".into());
        };
        if !inner.findings.drafts.is_empty()
            || !inner.findings.options.is_empty()
            || inner.findings.ignores_args
        {
            return Err("program text with gates or arguments of its own".into());
        }
        // Every line of the text is the command's, where the report looks for it.
        let at_line = self.sh.line(cmd);
        let offset = self.obs.len();
        let mut moved = Vec::new();
        let obs = obs.into_inner();
        // Under `timeout D`, checks one after another share D, which no probe of its own
        // says: one check, made at once.
        if limit.is_some() && (obs.len() != 1 || obs[0].slept > 0.0) {
            return Err("several checks, or a sleep, under one `timeout`".into());
        }
        for mut o in obs {
            o.ok.line = at_line;
            o.captured.line = at_line;
            o.slept += st.slept;
            o.opposite = o.opposite.map(|x| x + offset);
            if let Some((secs, until, late)) = &limit {
                match (&o.repeat, o.waits) {
                    (None, Some(every)) => {
                        o.repeat = Some(Repeat::Wait(
                            until.clone(),
                            Text::lit(seconds(&every.to_string())),
                        ));
                        o.waits = None;
                    }
                    (None, None) if *late => {
                        return Err("a check under a `timeout` the caller gives".into());
                    }
                    (None, None) => {
                        for d in [&mut o.ok, &mut o.captured] {
                            cap_timeout(d, *secs);
                        }
                    }
                    // The wait the text's loop got from the timeout (its loop, above).
                    (Some(Repeat::Wait(own, _)), None) if own == until => {
                        if !late {
                            for d in [&mut o.ok, &mut o.captured] {
                                cap_timeout(d, *secs);
                            }
                        }
                    }
                    _ => return Err("a loop of the text's own under `timeout`".into()),
                }
            }
            moved.push(o);
        }
        self.obs.extend(moved);
        for mut w in std::mem::take(&mut inner.findings.warnings) {
            w.line = at_line;
            if !self.sh.findings.warnings.contains(&w) {
                self.sh.findings.warnings.push(w);
            }
        }
        self.sh.names = std::mem::take(&mut inner.names);
        self.sh.secrets = std::mem::take(&mut inner.secrets);
        Ok(Some(renumber(cond, offset, at_line)))
    }

    /// `ping …` as an icmp probe, when every word of it is known.
    fn ping(&mut self, n: Node<'t>) -> Option<Draft> {
        if self.sh.command_name(n).as_deref() != Some("ping") {
            return None;
        }
        let argv = self.sh.known_argv(n, "ping")?;
        self.sh.ping(n, &argv)
    }

    /// The command of `cmd 2>&1`, when that is its only redirect. Not curl's: its requests
    /// become HTTP probes, whose report carries what it would have printed.
    fn merged_body(&self, n: Node<'t>) -> Option<Node<'t>> {
        if n.kind() != "redirected_statement" {
            return None;
        }
        let mut c = n.walk();
        let redirects: Vec<Node> = n.children_by_field_name("redirect", &mut c).collect();
        match (n.child_by_field_name("body"), redirects.as_slice()) {
            (Some(body), [r])
                if body.kind() == "command"
                    && self.sh.text(*r).replace(' ', "") == "2>&1"
                    && self.sh.command_name(body).as_deref() != Some("curl") =>
            {
                Some(body)
            }
            _ => None,
        }
    }

    /// What the script exported before the command `n`, in its probe's `env`; `None` when an
    /// exported value is not known.
    fn give_exports(&mut self, d: &mut Draft, n: Node, st: &State) -> Option<()> {
        let line = self.sh.line(n);
        for name in &st.exports {
            let Some(Var::Text(value)) = self.sh.vars.get(name).cloned() else {
                return None;
            };
            if !d.env.iter().any(|(k, _)| k == name) {
                let value = self.env_value(name, value, line);
                d.env.push((name.clone(), value));
            }
        }
        Some(())
    }

    fn add(&mut self, mut d: Draft, command: bool, out_key: &'static str, st: &State) -> usize {
        let mut late_limit = None;
        if let Check::Command {
            timeout: t, argv, ..
        } = &mut d.check
        {
            // `timeout 90 CMD`: the probe allows what the script's own `timeout` does.
            if let Some((limit, late)) = crate::import::draft::wrapped_timeout(argv) {
                let allowed = seconds(&(limit + WRAPPED_MARGIN).max(30.0).to_string());
                if late {
                    late_limit = Some(allowed.clone());
                }
                *t = Some(allowed);
            } else if t.is_none() {
                *t = Some(COMMAND_TIMEOUT.into());
            }
        }
        if let Some(allowed) = late_limit {
            self.warn_once(
                d.line,
                format!(
                    "the command's `timeout` is the caller's; the probe allows {allowed}, its default with a margin: where the caller gives more, raise the probe's `timeout:`"
                ),
            );
        }
        let mut captured = d.clone();
        if command && !captured.expect.iter().any(|(k, _)| k == "exit_code") {
            captured.expect.push(("exit_code".into(), Yaml::str("any")));
        } else if matches!(
            captured.check,
            Check::Database {
                engine: "redis",
                ..
            }
        ) {
            // What a capture holds is the reply, whichever it is: redis-cli prints it and
            // exits 0 on an error reply too.
            super::databases::any_answer(&mut captured);
        } else if !command && matches!(captured.check, Check::Http { .. }) {
            captured.expect.retain(|(k, _)| k != "status");
            captured
                .expect
                .insert(0, ("status".into(), Yaml::statuses(&ANY_STATUS)));
        }
        self.push(d, captured, command, out_key, st)
    }

    fn push(
        &mut self,
        mut ok: Draft,
        mut captured: Draft,
        command: bool,
        out_key: &'static str,
        st: &State,
    ) -> usize {
        // The same probe seen again (a loop's next round) keeps its name.
        if let Some(same) = self.obs.iter().find(|o| same_probe(&o.ok, &ok)) {
            self.sh.names.remove(&ok.name);
            ok.name = same.ok.name.clone();
            captured.name = same.ok.name.clone();
        }
        self.obs.push(Obs {
            ok,
            captured,
            out_key,
            command,
            slept: st.slept,
            waits: None,
            repeat: None,
            unknown: None,
            effect: false,
            settled: false,
            opposite: None,
        });
        self.obs.len() - 1
    }

    /// Remembers the files a statement writes ([`super::files_written`]).
    fn note_writes(&mut self, n: Node) {
        let files = super::files_written(self.sh, n);
        self.written.extend(files);
    }

    /// A value the script hands a command in its environment; a credential written in the
    /// script becomes `${NAME}`, with a warning.
    fn env_value(&mut self, name: &str, value: Text, line: usize) -> Text {
        match value.as_literal() {
            Some(lit)
                if crate::suite::env::names_a_secret(name)
                    && !lit.is_empty()
                    && !names_where_a_secret_is(name, &lit) =>
            {
                self.sh
                    .register_secret(&lit, name, line, &format!("the value of `{name}`"));
                Text(vec![Piece::Var(name.to_string(), None)])
            }
            _ => self.redact(value),
        }
    }

    /// Any other program, run directly with the words the script gives it; `cmd 2>&1` with
    /// its stderr merged into its stdout.
    fn argv_command(&mut self, cmd: Node<'t>) -> Option<Draft> {
        let (cmd, mut merged) = match self.merged_body(cmd) {
            Some(body) => (body, true),
            None => (cmd, false),
        };
        let name = self.sh.command_name(cmd)?;
        // `test -f FILE` is also a program (coreutils' test reads its words as the builtin;
        // not bash's `-v NAME`, which it refuses).
        let program = name == "test";
        if program && self.sh.text(cmd).split_whitespace().any(|w| w == "-v") {
            return None;
        }
        // `touch /tmp/healthy`: a marker the script leaves once its checks pass, which its
        // probe leaves too (after theirs).
        let marker = name == "touch";
        let words: Vec<&str> = self.sh.text(cmd).split_whitespace().collect();
        // `killall -0 haproxy`: whether such a process exists.
        let looks = name != "kill" && super::signals_nothing(&words);
        if (is_builtin(&name) && !program)
            || self.sh.functions.contains_key(&name)
            || (changes_things(&name) && !marker && !looks)
        {
            return None;
        }
        // `systemctl restart`, `service x start`, `/etc/init.d/keepalived stop`: remediation,
        // not a check.
        if super::remediation(&name, &words) {
            return None;
        }
        // A file the script wrote: the probe would read something else.
        if words.iter().any(|w| {
            self.written
                .iter()
                .any(|f| w.trim_matches(['"', '\'']) == f)
        }) {
            return None;
        }
        let mut argv = self
            .sh
            .name_words(cmd)
            .unwrap_or_else(|| vec![Text::lit(name.clone())]);
        let mut words = Vec::new();
        let mut env = Vec::new();
        for child in named_children(cmd) {
            match child.kind() {
                "command_name" => {}
                // `cmd 2>&1 | grep alive`: both streams are read.
                "file_redirect" if self.sh.text(child).replace(' ', "") == "2>&1" => merged = true,
                // `PGPASSWORD=… psql …`
                "variable_assignment" => {
                    let var = self.sh.text(child.child_by_field_name("name")?).to_string();
                    let value = match child.child_by_field_name("value") {
                        Some(v) if v.kind() != "command_substitution" => self.sh.word(v)?,
                        Some(_) => return None,
                        None => Text::default(),
                    };
                    let value = self.env_value(&var, value, self.sh.line(child));
                    env.push((var, value));
                }
                "file_redirect" | "heredoc_redirect" | "herestring_redirect" => {
                    return None;
                }
                // `"$@"`: the caller's arguments, passed on as the suite's own (`args`), when
                // the script reads them nowhere else (a `$1` would take the first of them).
                "string" if matches!(self.sh.text(child), "\"$@\"" | "\"${@}\"") => {
                    let rest = self.sh.src.replace("\"$@\"", "").replace("\"${@}\"", "");
                    // In a function `"$@"` is the call's arguments; `set --` replaces the
                    // script's.
                    let mut up = cmd.parent();
                    while let Some(p) = up {
                        if p.kind() == "function_definition" {
                            return None;
                        }
                        up = p.parent();
                    }
                    if rest.contains("set --")
                        || crate::import::fallback::reads_arguments(
                            &crate::import::Interpreter::Bash,
                            &rest,
                        )
                    {
                        return None;
                    }
                    argv.push(Text(vec![Piece::Var(
                        crate::import::fallback::ARGS.into(),
                        None,
                    )]));
                }
                // `"${args[@]}"`: the array's elements.
                _ if self.sh.array_words(child).is_some() => {
                    let items = self.sh.array_words(child)?;
                    argv.extend(items.into_iter().map(|t| self.redact(t)));
                }
                _ => {
                    let raw = self.sh.text(child);
                    match child.kind() {
                        // A glob matches files: not in a URL, whose `http:` directory no
                        // working directory has (`…/health?pretty` stays as written).
                        "word"
                            if raw.contains(['{', '~'])
                                || (raw.contains(['*', '?', '[']) && !raw.contains("://")) =>
                        {
                            return None;
                        }
                        // Split at other characters than blanks, or inside a word (`"x"$A`).
                        "simple_expansion" | "expansion" if self.sh.changes_ifs() => return None,
                        "concatenation" if self.sh.splits_inside(child) => return None,
                        "simple_expansion" | "expansion" => {
                            // Unquoted: split into words, or gone when empty.
                            let t = self.sh.word(child)?;
                            match t.0.as_slice() {
                                [Piece::Lit(s)]
                                    if !s.is_empty() && !s.contains(char::is_whitespace) => {}
                                [Piece::Var(_, Some(d))]
                                    if !d.is_empty() && !d.contains(char::is_whitespace) => {}
                                // `OPTS="-h db"; psql $OPTS`: the words, known now.
                                [Piece::Lit(s)] if !s.contains(['*', '?', '[']) => {
                                    argv.extend(
                                        crate::suite::ArgvPart::split_words(s).map(Text::lit),
                                    );
                                    continue;
                                }
                                // `psql $DATABASE_URL`: as many words as the value has when
                                // the probe runs.
                                _ => {
                                    words.push(argv.len());
                                    argv.push(self.redact(t));
                                    continue;
                                }
                            }
                        }
                        "command_substitution"
                        | "process_substitution"
                        | "arithmetic_expansion" => {
                            return None;
                        }
                        _ => {}
                    }
                    argv.push(self.redact(self.sh.word(child)?));
                }
            }
        }
        let base = slug(name.rsplit('/').next().unwrap_or(&name));
        let probe = self.sh.unique_name(&base);
        let mut d = Draft::new(
            probe,
            self.sh.line(cmd),
            Check::Command {
                argv,
                timeout: Some(COMMAND_TIMEOUT.into()),
                stdin: None,
                merge_stderr: merged,
                words,
            },
        );
        d.env = env;
        Some(d)
    }

    /// Literal text holding a credential found elsewhere in the script: its variable instead.
    fn redact(&self, t: Text) -> Text {
        let mut out = Text::default();
        for p in t.0 {
            match p {
                Piece::Lit(s) => {
                    let mut rest = s.as_str();
                    'scan: while !rest.is_empty() {
                        for secret in &self.sh.secrets {
                            if let Some(at) = rest.find(secret.needle.as_str()) {
                                for lit in [&rest[..at], secret.before.as_str()] {
                                    if !lit.is_empty() {
                                        out.push_lit(lit);
                                    }
                                }
                                out.0.push(Piece::Var(secret.var.clone(), None));
                                if !secret.after.is_empty() {
                                    out.push_lit(&secret.after);
                                }
                                rest = &rest[at + secret.needle.len()..];
                                continue 'scan;
                            }
                        }
                        out.push_lit(rest);
                        break;
                    }
                }
                v => out.0.push(v),
            }
        }
        out
    }

    /// `cmd | grep [-qsiEFxw] PATTERN`: the command, passing when a line of its output matches.
    /// `ps … | grep P` too, when P cannot match the grep's own line in the process list
    /// (`grep '[s]idekiq'`) or `| grep -v grep` takes that line out.
    fn grep_pipeline(&mut self, p: Node, st: &State) -> Option<Draft> {
        let mut cmds = named_children(p);
        // `ps aux | grep nginx | grep -v grep`, or `| grep -v grep | grep nginx`.
        // (`| grep -q -v grep` last: quiet, which only drops the lines it passes on.)
        let last = cmds.len().saturating_sub(2);
        let grep_v_grep = cmds
            .iter()
            .skip(1)
            .enumerate()
            .position(|(i, g)| {
                self.is_grep_v_grep(*g) || (i == last && self.is_quiet_grep_v_grep(*g))
            })
            .filter(|_| cmds.len() > 2);
        let drop_grep = grep_v_grep.is_some();
        if let Some(at) = grep_v_grep {
            cmds.remove(1 + at);
        }
        // `consul members | awk '{print $3}' | grep alive`: a line whose field holds the word.
        if let [first, awk, grep] = cmds.as_slice()
            && !drop_grep
            && let Some(rule) = self.field_grep(*awk, *grep)
        {
            let source = self.sh.command_name(*first)?;
            if first.kind() != "command"
                || matches!(source.as_str(), "echo" | "printf" | "cat" | "ps")
            {
                return None;
            }
            let mut d = self.argv_command(*first)?;
            if !st.pipefail {
                d.expect.push(("exit_code".into(), Yaml::str("any")));
            }
            d.expect.push(("stdout".into(), Yaml::Flow(vec![rule])));
            return Some(d);
        }
        // `netstat -an | grep LISTEN | grep 9030`: a line holding both words.
        let (first, grep, then) = match cmds.as_slice() {
            [first, grep] => (*first, *grep, None),
            [first, grep, then] if !drop_grep => (*first, *grep, Some(*then)),
            _ => return None,
        };
        // `! a | b`, when the caller negates the pipeline itself.
        let first = match first.kind() {
            "negated_command" if self.unbanged => named_children(first).into_iter().next()?,
            _ => first,
        };
        // `cmd 2>&1 | grep alive`: the grep reads both streams (argv_command keeps the merge).
        let source_cmd = match first.kind() {
            "redirected_statement" => self.merged_body(first)?,
            _ => first,
        };
        if source_cmd.kind() != "command" || grep.kind() != "command" {
            return None;
        }
        if self.sh.command_name(grep)? != "grep" {
            return None;
        }
        let source = self.sh.command_name(source_cmd)?;
        if matches!(source.as_str(), "echo" | "printf" | "cat") {
            return None;
        }
        let args = self.sh.grep_words(grep)?;
        if let Some(then) = then {
            self.sh.grep_words(then)?;
        }
        let rule = match then {
            None => {
                let rule = grep_rule_on_output(&args)?;
                self.sh.note_late_pattern(grep);
                rule
            }
            Some(then) => {
                let (a, first_only) = self.plain_grep(grep)?;
                let (b, _) = self.plain_grep(then)?;
                // `grep -q A | grep B`: the first grep passes nothing on, and the second never
                // finds its word.
                let quiet = grep_args(&args).is_none_or(|g| g.quiet);
                // The process list also holds the script's own command line and, once
                // converted, the suite's (`probekit run tomcat-8080.yaml`): kept.
                if first_only || quiet || source == "ps" {
                    return None;
                }
                both_words(&a, &b)?
            }
        };
        let rule = if source == "ps" {
            // Without `grep -v grep`, a grep of the process list finds its own line when its
            // pattern matches its command line, as the caller's word always does.
            let g = grep_args(&args)?;
            if !drop_grep && (g.late || self.finds_itself(grep, &g.line)) {
                return None;
            }
            if drop_grep {
                // A selected line that holds the word `grep` is taken out, the greps' own and
                // any other process's: a line matching and not holding it.
                if g.count || g.invert || then.is_some() {
                    return None;
                }
                (
                    "lines".to_string(),
                    Yaml::Flow(vec![
                        ("matching".into(), Yaml::str(g.line)),
                        ("excluding".into(), Yaml::str("grep")),
                        ("count".into(), Yaml::str("> 0")),
                    ]),
                )
            } else {
                rule
            }
        } else if drop_grep {
            return None;
        } else {
            rule
        };
        let mut d = self.argv_command(first)?;
        if !st.pipefail {
            d.expect.push(("exit_code".into(), Yaml::str("any")));
        }
        d.expect.push(("stdout".into(), Yaml::Flow(vec![rule])));
        Some(d)
    }

    /// `awk '{print $N}' | grep WORD` (`awk -F: …`, `grep -E 'a|b'`): grep finds a line where
    /// field N holds one of the words, as a `matches` rule on the lines awk reads. The field
    /// is the text between blanks (or separators) that the regex cannot leave: a word with a
    /// blank (or the separator) in it is refused, since awk's field never holds one.
    fn field_grep(&self, awk: Node, grep: Node) -> Option<(String, Yaml)> {
        if awk.kind() != "command" || self.sh.command_name(awk).as_deref() != Some("awk") {
            return None;
        }
        let args = self.literal_args(awk)?;
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let filters = awk_field(&args)?;
        let [Filter::Field { sep, index }] = filters.as_slice() else {
            return None;
        };
        let (words, _) = self.plain_grep(grep)?;
        let (field, gap) = match sep {
            None => ("[^ \\t\\n]".to_string(), "[ \\t]+".to_string()),
            Some(s) => (format!("[^{}\\n]", regex::escape(s)), regex::escape(s)),
        };
        let blank = |w: &String| {
            w.contains([' ', '\t']) || sep.as_ref().is_some_and(|s| w.contains(s.as_str()))
        };
        if words.iter().any(blank) {
            return None;
        }
        let lead = if sep.is_none() { "[ \\t]*" } else { "" };
        let before = format!("(?:{field}+{gap})");
        let before = match (sep, index) {
            (_, 1) => String::new(),
            // At a separator, a field may be empty.
            (Some(_), n) => format!("(?:{field}*{gap}){{{}}}", n - 1),
            (None, n) => format!("{before}{{{}}}", n - 1),
        };
        let words: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
        Some((
            "matches".into(),
            Yaml::str(format!(
                "(?m)^{lead}{before}{field}*(?:{})",
                words.join("|")
            )),
        ))
    }

    /// `echo ruok | nc host 2181 [| grep -q imok]`: a TCP exchange, and what its reply must
    /// hold.
    fn exchange_pipeline(&mut self, p: Node) -> Option<Draft> {
        // `echo PING | nc h p 2>/dev/null | grep -q PONG` is read by the grammar as `(echo PING
        // | nc h p) 2>/dev/null | grep …`, the redirection nc's: the errors it throws away.
        // Whether each redirection of a statement throws its errors away, and nothing else.
        let errors_only = |n: Node| {
            let mut w = n.walk();
            n.children_by_field_name("redirect", &mut w)
                .all(|r| self.sh.text(r).replace(' ', "") == "2>/dev/null")
        };
        let mut cmds = Vec::new();
        for c in named_children(p) {
            match c.child_by_field_name("body") {
                Some(body) if c.kind() == "redirected_statement" && body.kind() == "pipeline" => {
                    if !errors_only(c) || super::pipes_stderr(body) {
                        return None;
                    }
                    cmds.extend(named_children(body));
                }
                _ => cmds.push(c),
            }
        }
        let (input, nc, grep) = match cmds.as_slice() {
            [input, nc] => (*input, *nc, None),
            [input, nc, grep] => (*input, *nc, Some(*grep)),
            _ => return None,
        };
        // `nc … 2>/dev/null` (the pipeline's last): its errors thrown away; the grep's own
        // output thrown away too.
        let nc = match nc.kind() {
            "redirected_statement" if errors_only(nc) => self.sh.quiet_body(nc)?,
            "redirected_statement" => return None,
            _ => nc,
        };
        let grep = match grep {
            Some(g) if g.kind() == "redirected_statement" => Some(self.sh.quiet_body(g)?),
            g => g,
        };
        // (ncat's `-w` bounds the connection only, and it reads on after grep has exited.)
        if !matches!(self.sh.command_name(nc)?.as_str(), "nc" | "netcat") {
            return None;
        }
        // `! echo ruok | nc h p | grep -q imok`, when the caller negates the pipeline itself.
        let input = match input.kind() {
            "negated_command" if self.unbanged => named_children(input).into_iter().next()?,
            _ => input,
        };
        let bytes = self.literal_input(input)?;
        // `printf 'GET …' | nc -z h p`: `-z` sends nothing and reads nothing, so what is piped
        // in is never sent and the status is nc's connection (not under pipefail, where the
        // writer's may be a failure to write to a pipe nc has closed).
        let zero_io = self
            .sh
            .args(nc)
            .iter()
            .filter_map(Text::as_literal)
            .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('z'));
        if zero_io {
            return (grep.is_none() && !self.sh.pipefail)
                .then(|| self.sh.nc_with(nc, None))
                .flatten();
        }
        let rule = match grep {
            Some(g) if self.sh.command_name(g).as_deref() == Some("grep") => {
                // The probe stops reading once its rule holds: a rule on where a line ends
                // (`-x`, `-w`, `$`) could hold on part of a reply (`imok` of `imokay\n`).
                let words = self.sh.grep_words(g)?;
                let g_args = grep_args(&words)?;
                let ends = words.iter().filter_map(Text::as_literal).any(|w| {
                    w == "--line-regexp"
                        || w == "--word-regexp"
                        || (w.starts_with('-')
                            && !w.starts_with("--")
                            && (w.contains('x') || w.contains('w')))
                });
                if ends || g_args.late || g_args.line.contains('$') || g_args.line.contains("\\b") {
                    return None;
                }
                let rule = grep_rule_on_output(&words)?;
                self.sh.note_late_pattern(g);
                Some(rule)
            }
            Some(_) => return None,
            None => None,
        };
        let mut d = self.sh.nc_with(nc, Some(bytes))?;
        if let Some(rule) = rule {
            d.expect.push(("response".into(), Yaml::Flow(vec![rule])));
        }
        Some(d)
    }

    /// `grep -v grep`: the line of the grep itself taken out of a process list.
    fn is_grep_v_grep(&self, n: Node) -> bool {
        n.kind() == "command"
            && self.sh.command_name(n).as_deref() == Some("grep")
            && self
                .sh
                .args(n)
                .iter()
                .map(Text::as_literal)
                .collect::<Option<Vec<_>>>()
                .is_some_and(|a| a == ["-v", "grep"])
    }

    /// `grep -q -v grep` (`-qv`, `-vq`, `-s`): as [`Self::is_grep_v_grep`], printing nothing;
    /// the same status, so the same last command of a pipeline run for its status.
    fn is_quiet_grep_v_grep(&self, n: Node) -> bool {
        if n.kind() != "command" || self.sh.command_name(n).as_deref() != Some("grep") {
            return false;
        }
        let Some(args) = self
            .sh
            .args(n)
            .iter()
            .map(Text::as_literal)
            .collect::<Option<Vec<_>>>()
        else {
            return false;
        };
        let Some((pattern, flags)) = args.split_last() else {
            return false;
        };
        let letters: String = flags
            .iter()
            .map(|f| {
                f.strip_prefix('-')
                    .filter(|l| !l.is_empty() && !l.starts_with('-'))
            })
            .collect::<Option<Vec<_>>>()
            .map(|l| l.concat())
            .unwrap_or_default();
        pattern == "grep"
            && !letters.is_empty()
            && letters.contains('v')
            && letters.chars().all(|c| matches!(c, 'v' | 'q' | 's'))
    }

    /// Whether the line regex matches the grep's own command line as `ps` lists it.
    fn finds_itself(&self, grep: Node, line: &str) -> bool {
        let words: Option<Vec<String>> = self.sh.args(grep).iter().map(Text::as_literal).collect();
        let Some(words) = words else {
            return true;
        };
        let own = format!("grep {}", words.join(" "));
        regex::Regex::new(line).map_or(true, |re| re.is_match(&own))
    }
}

#[derive(Clone, Debug)]
enum Operand {
    Lit(String),
    /// Text with `${VAR}` from the environment or the caller.
    Env(Text),
    Out(usize, Vec<Filter>),
    /// [`Sym::OrText`].
    OrText(usize, String),
    /// [`Sym::Either`].
    Either(Cond, String, String),
    Status(usize),
    /// [`Sym::StatusLine`].
    StatusLine(usize),
    Code(Cond),
    /// A value between literal text: `x"$v"`.
    Framed(String, Box<Operand>, String),
    /// `[[ x == PATTERN ]]`: the pattern as written.
    Glob(String),
    /// [`Sym::DiskUse`].
    DiskUse(usize),
    /// [`Sym::Time`].
    Time(TimeLin),
    /// The script's own path as it was run: `$0`, and bash's `${BASH_SOURCE[0]}` (the same
    /// where the script is run rather than sourced, as a suite runs it).
    OwnPath,
    Unknown,
}

/// Whether a node is inside `local`, `declare`, `export` or `readonly` (whose status is 0
/// whatever the substitutions in it return).
fn in_declaration(n: Node) -> bool {
    let mut up = n.parent();
    while let Some(p) = up {
        match p.kind() {
            "declaration_command" => return true,
            "program" | "compound_statement" | "do_group" | "function_definition" => return false,
            _ => up = p.parent(),
        }
    }
    false
}

/// A condition of a program text read on its own ([`Sema::program_text`]) among the
/// script's observations: each observation `offset` further, each line the command's, `line`.
fn renumber(c: Cond, offset: usize, line: usize) -> Cond {
    match c {
        Cond::Atom(o, mut p) => {
            if let Pred::LateInt { line: at, .. }
            | Pred::FieldInt { at, .. }
            | Pred::FieldPresent { at, .. } = &mut p
            {
                *at = line;
            }
            Cond::Atom(o + offset, p)
        }
        Cond::Not(inner) => Cond::Not(Box::new(renumber(*inner, offset, line))),
        Cond::And(parts) => Cond::And(
            parts
                .into_iter()
                .map(|p| renumber(p, offset, line))
                .collect(),
        ),
        Cond::Or(parts) => Cond::Or(
            parts
                .into_iter()
                .map(|p| renumber(p, offset, line))
                .collect(),
        ),
        other => other,
    }
}

/// Program text with the script's values in it as `${__probekit_N}` ([`Sema::program_text`]):
/// where one stands inside single quotes (`sh -c "curl -fs '$url' | grep -q ok"`, where the
/// value is literal text to the inner shell), those quotes become double quotes, which give
/// the variable's value as literal text too, when nothing else inside them is special there.
/// `None` where a value stands anywhere it could be read otherwise (a backslash or a backquote
/// in the text).
fn placed_in_quotes(text: &str) -> Option<String> {
    if text.contains(['\\', '`']) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut double = false;
    while let Some(c) = rest.chars().next() {
        match c {
            '"' => {
                double = !double;
                out.push(c);
                rest = &rest[1..];
            }
            '\'' if !double => {
                let end = rest[1..].find('\'')? + 1;
                let inside = &rest[1..end];
                if inside.contains("${__probekit_") {
                    let bare = inside.replace("${__probekit_", "");
                    if bare.contains(['$', '"']) {
                        return None;
                    }
                    out.push('"');
                    out.push_str(inside);
                    out.push('"');
                } else {
                    out.push_str(&rest[..=end]);
                }
                rest = &rest[end + 1..];
            }
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    Some(out)
}

/// A check under `timeout D`: it gives up after D at the latest.
fn cap_timeout(d: &mut Draft, secs: f64) {
    let slot = match &mut d.check {
        Check::Http { timeout, .. }
        | Check::Tcp { timeout, .. }
        | Check::Command { timeout, .. }
        | Check::Metrics { timeout, .. }
        | Check::Database { timeout, .. } => timeout,
        _ => return,
    };
    let own = slot
        .as_deref()
        .and_then(|t| t.trim_end_matches('s').parse::<f64>().ok());
    if own.is_none_or(|o| o > secs) {
        *slot = Some(seconds(&secs.to_string()));
    }
}

/// The words of a `[ … ]` test, in order, as `test` receives them.
struct Words<'w, 't> {
    tokens: &'w [Node<'t>],
    at: usize,
}

impl Words<'_, '_> {
    /// The operator at the current word, if it is one (a quoted `"-o"` is a word).
    fn peek_op<'s>(&self, src: &'s str) -> Option<&'s str> {
        let n = self.tokens.get(self.at)?;
        if matches!(n.kind(), "string" | "raw_string") {
            return None;
        }
        let t = &src[n.byte_range()];
        matches!(
            t,
            "-o" | "-a"
                | "!"
                | "("
                | ")"
                | "="
                | "=="
                | "!="
                | "-eq"
                | "-ne"
                | "-gt"
                | "-ge"
                | "-lt"
                | "-le"
                | "-z"
                | "-n"
                | "-f"
                | "-d"
                | "-e"
                | "-s"
                | "-x"
                | "-r"
                | "-w"
        )
        .then_some(t)
    }
}

/// The words of a test command, whatever tree tree-sitter built of them.
fn test_tokens<'t>(n: Node<'t>, out: &mut Vec<Node<'t>>) {
    for c in children(n) {
        match c.kind() {
            "binary_expression"
            | "unary_expression"
            | "parenthesized_expression"
            | "negated_expression" => test_tokens(c, out),
            "[" | "]" => {}
            _ => out.push(c),
        }
    }
}

/// What ends a loop whose rounds the script counts when it runs ([`Sema::counted_by_script`]).
/// The clock a deadline counts on: bash's `$SECONDS`, or the epoch (`date +%s`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Clock {
    Seconds,
    Epoch,
}

enum Budget {
    /// This many rounds.
    Count(Text),
    /// Rounds until this time (`"${WAIT_TIMEOUT:-60}s"`), this far apart.
    Time { until: Text, every: Text },
}

impl Sema<'_, '_> {
    /// `x"$v"`, `x""`, `x` (an unquoted letter, then a quoted text or nothing): the letter,
    /// and the quoted rest (`None`: nothing after the letter).
    fn guarded_word<'n>(&self, n: Node<'n>) -> Option<(String, Option<Node<'n>>)> {
        let letter = |w: &str| w.len() == 1 && w.chars().all(|c| c.is_ascii_alphabetic());
        match n.kind() {
            "word" if letter(self.sh.text(n)) => Some((self.sh.text(n).to_string(), None)),
            "concatenation" => match named_children(n).as_slice() {
                [w, rest]
                    if w.kind() == "word"
                        && letter(self.sh.text(*w))
                        && matches!(rest.kind(), "string" | "raw_string") =>
                {
                    Some((self.sh.text(*w).to_string(), Some(*rest)))
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// `c` where observation `o`'s test `p` came out `value`, its other tests left as they are.
fn settle_one_test(c: Cond, o: usize, p: &Pred, value: bool) -> Cond {
    match c {
        Cond::Atom(x, q) if x == o && q == *p => constant(value),
        Cond::Atom(x, q) if x == o && negate(p).as_ref() == Some(&q) => constant(!value),
        Cond::Not(inner) => not(settle_one_test(*inner, o, p, value)),
        Cond::And(parts) => parts
            .into_iter()
            .map(|q| settle_one_test(q, o, p, value))
            .fold(Cond::True, and),
        Cond::Or(parts) => parts
            .into_iter()
            .map(|q| settle_one_test(q, o, p, value))
            .fold(Cond::False, or),
        other => other,
    }
}

/// An `if` of one test in a loop's round: where it stands, its test, its `then` and what
/// follows.
type RoundIf<'t> = (usize, Node<'t>, Vec<Node<'t>>, Vec<Node<'t>>);

/// Names and what they held before a call bound them, to be put back after it.
type Saved = Vec<(String, Option<Var>)>;

/// A node's bytes, start and end.
type Span = (usize, usize);

/// The distinct tests `c` makes of observation `o`, in the order it makes them (a test and
/// its negation once).
fn tests_of(c: &Cond, o: usize) -> Vec<Pred> {
    let mut all = Vec::new();
    collect_tests(c, o, &mut all);
    let mut out: Vec<Pred> = Vec::new();
    for p in all {
        // (A test and its negation are one test.)
        if !out.contains(&p) && !negate(&p).is_some_and(|q| out.contains(&q)) {
            out.push(p);
        }
    }
    out
}

/// The first test of a round's formula that is neither of two markers, and how it is read.
fn first_test(c: &Cond, marker: usize, other: usize) -> Option<(usize, Pred)> {
    match c {
        Cond::Atom(o, p) if *o != marker && *o != other => Some((*o, p.clone())),
        Cond::Not(inner) => first_test(inner, marker, other),
        Cond::And(parts) | Cond::Or(parts) => {
            parts.iter().find_map(|c| first_test(c, marker, other))
        }
        _ => None,
    }
}

/// `$name` or `${name}` (quotes removed): the variable's name.
fn var_name(word: &str) -> Option<String> {
    let name = word
        .strip_prefix("${")
        .and_then(|w| w.strip_suffix('}'))
        .or_else(|| word.strip_prefix('$'))?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| name.to_string())
}

/// A count of rounds the script reads when it runs ([`Text::is_count`]).
fn script_count(t: &Text) -> Option<Text> {
    t.is_count().then(|| t.clone())
}

/// `{A..B}`, `{A..B..STEP}`: the numbers from A to B (down when B is less), as bash expands
/// them (up to [`COUNTED_ROUNDS`]); `{a..e}`, letters alike; `{db,cache}`, the words.
fn brace_range(word: &str) -> Option<Vec<Text>> {
    // `{01..10}` pads with zeros, which the words would need too.
    let padded = |w: &str| {
        let digits = w.trim_start_matches('-');
        digits.len() > 1 && digits.starts_with('0')
    };
    if word
        .trim_matches(['{', '}'])
        .split("..")
        .take(2)
        .any(padded)
    {
        return None;
    }
    if let Some((a, b, step)) = super::brace_bounds(word) {
        if super::brace_count(a, b, step) > COUNTED_ROUNDS as i64 {
            return None;
        }
        let up = b >= a;
        let mut out = Vec::new();
        let mut i = a;
        while (up && i <= b) || (!up && i >= b) {
            out.push(Text::lit(i.to_string()));
            i = if up { i + step } else { i - step };
        }
        return Some(out);
    }
    let inner = word.strip_prefix('{')?.strip_suffix('}')?;
    if let Some((a, b)) = inner.split_once("..") {
        // `{a..e}`: single ASCII letters.
        let (a, b) = match (a.as_bytes(), b.as_bytes()) {
            ([a], [b]) if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => (*a, *b),
            _ => return None,
        };
        let letters: Vec<u8> = if b >= a {
            (a..=b).collect()
        } else {
            (b..=a).rev().collect()
        };
        return Some(
            letters
                .into_iter()
                .map(|c| Text::lit((c as char).to_string()))
                .collect(),
        );
    }
    // `{db,cache}`: plain words.
    let words: Vec<&str> = inner.split(',').collect();
    (words.len() > 1
        && words.iter().all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/'))
        }))
    .then(|| words.into_iter().map(Text::lit).collect())
}

/// A regex that finds in a text what `re` finds once the text's words are joined by single
/// spaces (`echo $v | grep …`, unquoted): a space stands for a run of blanks and newlines, and
/// `.` for a character or such a run. `None` for any other regex syntax, or spaces at either
/// end or doubled (which a joined text never holds).
fn joined_words(re: &str) -> Option<String> {
    const RUN: &str = r"[ \t\n]+";
    // Lines matter only to `^` and `$`, which are refused below.
    let re = re.strip_prefix("(?m)").unwrap_or(re);
    if re.starts_with(' ') || re.ends_with(' ') || re.contains("  ") {
        return None;
    }
    let mut out = String::new();
    let all: Vec<char> = re.chars().collect();
    let mut chars = re.chars();
    let mut at = 0usize;
    while let Some(c) = chars.next() {
        at += 1;
        // `.` between two characters of a word only: next to a space, another `.` or an end
        // it could stand for blanks that joining the words removed.
        let word_char = |i: Option<usize>| {
            i.and_then(|i| all.get(i))
                .is_some_and(|c| *c != ' ' && *c != '.')
        };
        match c {
            '\\' => {
                let e = chars.next()?;
                at += 1;
                if e.is_alphanumeric() {
                    return None;
                }
                out.push('\\');
                out.push(e);
            }
            ' ' => out.push_str(RUN),
            '.' if word_char(at.checked_sub(2)) && word_char(Some(at)) => {
                out.push_str(&format!(r"(?:[^ \t\n]|{RUN})"));
            }
            '.' => return None,
            c if c.is_alphanumeric() || "/-_:,;=@%#'\"<>!&~`".contains(c) => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// An `if` or `elif`: its condition, its body, and the `elif`/`else` clauses after it.
type Clause<'t> = (Vec<Node<'t>>, Vec<Node<'t>>, Vec<Node<'t>>);

fn clause_parts(n: Node) -> Clause {
    // The condition is what comes before `then` (an `elif` has no field that names it).
    let then = children(n)
        .into_iter()
        .find(|c| c.kind() == "then")
        .map_or(usize::MAX, |t| t.start_byte());
    let (mut conds, mut body, mut rest) = (Vec::new(), Vec::new(), Vec::new());
    for child in named_children(n) {
        if child.kind() == "comment" {
            continue;
        }
        if child.start_byte() < then {
            conds.push(child);
        } else if matches!(child.kind(), "elif_clause" | "else_clause") {
            rest.push(child);
        } else if child.kind() != "comment" {
            body.push(child);
        }
    }
    (conds, body, rest)
}

/// `-z WORD`, `-n WORD` (and a bare `WORD`, which is `-n`) on a known word or a captured output.
fn emptiness(op: &str, operand: &Operand) -> Option<Cond> {
    let empty = match op {
        "-z" => true,
        "-n" => false,
        _ => return None,
    };
    match operand {
        Operand::Lit(s) => Some(constant(s.is_empty() == empty)),
        Operand::Either(c, yes, no) => Some(or(
            and(c.clone(), constant(yes.is_empty() == empty)),
            and(not(c.clone()), constant(no.is_empty() == empty)),
        )),
        // The fallback's text where curl fails, the body where it passes.
        Operand::OrText(o, fallback) => {
            let passed = Cond::Atom(*o, Pred::Ok);
            Some(or(
                and(not(passed.clone()), constant(fallback.is_empty() == empty)),
                and(passed, emptiness(op, &Operand::Out(*o, Vec::new()))?),
            ))
        }
        Operand::Out(o, view) if view.is_empty() => Some(text(
            *o,
            if empty { "matches" } else { "not_matches" },
            r"\A\n*\z",
        )),
        // `[ -n "$(curl … | jq -r .token)" ]`: jq printed something, which it does only for
        // JSON, and `-r` prints a missing value as `null` and only the empty string as nothing
        // (a string of newlines alone, which `$(…)` drops too, is the one text it misses).
        Operand::Out(o, view)
            if matches!(
                view.as_slice(),
                [Filter::Json {
                    raw: true,
                    length: false,
                    ..
                }]
            ) =>
        {
            let [Filter::Json { path, .. }] = view.as_slice() else {
                return None;
            };
            let printed = Cond::Atom(
                *o,
                Pred::Json(path.clone(), JsonTest::NotText(String::new())),
            );
            Some(if empty { not(printed) } else { printed })
        }
        // `[ -n "$code" ]` of a status line's second word: any answer; of curl's
        // `%{http_code}`, always (`000` without one).
        Operand::StatusLine(o) => {
            let answered = Cond::Atom(*o, Pred::Status(vec![(100, 599)], false));
            Some(if empty { not(answered) } else { answered })
        }
        Operand::Status(_) => Some(constant(!empty)),
        // `[ -z $v ]`, unquoted: no word at all.
        Operand::Out(o, view) if empty && view.as_slice() == [Filter::Split] => {
            Some(text(*o, "matches", r"\A[ \t\n]*\z"))
        }
        // `[ -n "$(ps aux | grep nginx | grep -v grep)" ]`: whether a line is selected (see
        // [`selected_lines`]).
        Operand::Out(o, view) if let Some(lines) = selected_lines(view) => {
            let sel = line_sel(lines, true).ok()?;
            let op = if empty {
                crate::expect::CmpOp::Eq
            } else {
                crate::expect::CmpOp::Gt
            };
            Some(Cond::Atom(*o, Pred::Lines(sel, op, 0)))
        }
        // `[ -z "$(… | grep P | awk '{print $N}')" ]`: whether a line gives the field.
        Operand::Out(o, view) => {
            let (line, sep, index) = field_of(view)?;
            let present = Cond::Atom(
                *o,
                Pred::FieldPresent {
                    line,
                    sep,
                    index,
                    at: 0,
                },
            );
            Some(if empty { not(present) } else { present })
        }
        _ => None,
    }
}

/// The grep (and `grep -v`) of a view whose output is empty exactly where no line is selected:
/// of a regex that selects no empty line (which `$(…)` would drop), or of a plain word
/// (letters, digits, `_./:-`) followed by `awk '{print $1}'` (a line that holds the word has a
/// first field at blanks).
fn selected_lines(view: &[Filter]) -> Option<&[Filter]> {
    match view {
        [Filter::Grep(re)] | [Filter::Grep(re), Filter::Exclude(_)]
            if regex::Regex::new(re).is_ok_and(|r| !r.is_match("")) =>
        {
            Some(view)
        }
        [
            Filter::Grep(re),
            Filter::Field {
                sep: None,
                index: 1,
            },
        ]
        | [
            Filter::Grep(re),
            Filter::Exclude(_),
            Filter::Field {
                sep: None,
                index: 1,
            },
        ] if re.chars().any(|c| c.is_ascii_alphanumeric())
            && re
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_./:-".contains(c)) =>
        {
            Some(&view[..view.len() - 1])
        }
        _ => None,
    }
}

/// `grep [-q] [-m N] WORD`'s arguments with a word of plain characters: the word, and
/// whether `-m` stops at the first lines.
pub(super) fn plain_grep(args: &[String]) -> Option<(Vec<String>, bool)> {
    let mut words = Vec::new();
    let mut first_only = false;
    let mut extended = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-q" | "--quiet" | "-s" => {}
            "-E" | "--extended-regexp" => extended = true,
            "-m" => {
                args.get(i + 1)?.parse::<u32>().ok()?;
                first_only = true;
                i += 1;
            }
            w if w.starts_with('-') => return None,
            w => words.push(w.to_string()),
        }
        i += 1;
    }
    let [word] = words.as_slice() else {
        return None;
    };
    Some((alternatives(word, extended)?, first_only))
}

/// A grep pattern that is fixed words, one or an alternation (`green`, `\(green\|yellow\)`,
/// with `-E` `(green|yellow)`): the words.
fn alternatives(pattern: &str, extended: bool) -> Option<Vec<String>> {
    let (open, close, bar) = if extended {
        ("(", ")", "|")
    } else {
        ("\\(", "\\)", "\\|")
    };
    let inner = pattern
        .strip_prefix(open)
        .and_then(|r| r.strip_suffix(close))
        .unwrap_or(pattern);
    let words: Vec<String> = inner.split(bar).map(str::to_string).collect();
    let plain =
        |w: &String| !w.is_empty() && !w.contains(|c: char| ".[]*^$\\+?(){}|\n".contains(c));
    words.iter().all(plain).then_some(words)
}

/// The rule for a line that holds one of the words of `a` and one of `b`: for one word each,
/// one when it holds the other; else either order when no two can overlap (a line with both
/// then has them apart). `None` when they can.
pub(super) fn both_words(a: &[String], b: &[String]) -> Option<(String, Yaml)> {
    if let ([a], [b]) = (a, b) {
        if a.contains(b.as_str()) {
            return Some(("contains".into(), Yaml::str(a.to_string())));
        }
        if b.contains(a.as_str()) {
            return Some(("contains".into(), Yaml::str(b.to_string())));
        }
    }
    let overlaps = |x: &str, y: &str| {
        x.contains(y)
            || y.contains(x)
            || (1..x.len().min(y.len())).any(|k| x.ends_with(&y[..k]) || y.ends_with(&x[..k]))
    };
    for x in a {
        for y in b {
            // (ASCII first: the overlap is looked for at byte offsets.)
            if !x.is_ascii() || !y.is_ascii() || overlaps(x, y) {
                return None;
            }
        }
    }
    let any = |words: &[String]| match words {
        [w] => regex::escape(w),
        _ => {
            let escaped: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
            format!("(?:{})", escaped.join("|"))
        }
    };
    let (a, b) = (any(a), any(b));
    Some((
        "matches".into(),
        Yaml::str(format!("(?m)^[^\\n]*(?:{a}[^\\n]*{b}|{b}[^\\n]*{a})")),
    ))
}

/// `PGPASSFILE=/etc/haproxy/pgpass`: a variable that names where a secret is kept (its name
/// ends in FILE, PATH or DIR) given an absolute path of plain words, which is no secret.
fn names_where_a_secret_is(name: &str, value: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["FILE", "PATH", "DIR"].iter().any(|w| upper.ends_with(w))
        && value.starts_with('/')
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'))
}

/// A function called as a condition has returned: its status, and the caller's `set -e` back.
fn returned(mut st: State, errexit: bool) -> R<(Cond, State)> {
    st.errexit = errexit;
    let status = st
        .last
        .clone()
        .ok_or("a function whose status probekit cannot express")?;
    Ok((status, st))
}

fn find<'c, 't>(k: &'c Cont<'c, 't>, f: impl Fn(&Cont) -> bool) -> Option<&'c Cont<'c, 't>> {
    let mut k = k;
    loop {
        if f(k) {
            return Some(k);
        }
        k = match k {
            Cont::End | Cont::Round { .. } => return None,
            _ => outer(k)?,
        };
    }
}

/// The statement inside its redirections (`echo … >&2` is the `echo`).
fn unredirected(n: Node) -> Node {
    match n.kind() {
        "redirected_statement" => n.child_by_field_name("body").unwrap_or(n),
        _ => n,
    }
}

/// What a test holds inside its brackets (`[ … ]`, `[[ … ]]`, `(( … ))`), its text already
/// stripped of blanks.
fn test_inside(text: &str) -> Option<&str> {
    text.strip_prefix("((")
        .and_then(|t| t.strip_suffix("))"))
        .or_else(|| text.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")))
        .or_else(|| text.strip_prefix('[').and_then(|t| t.strip_suffix(']')))
}

/// Whether `n` runs a `break` of the loop it stands in (not one of a loop inside it).
fn breaks_this_loop(sh: &super::Shell, n: Node) -> bool {
    match n.kind() {
        "while_statement" | "for_statement" | "c_style_for_statement" => false,
        "command" => sh.command_name(n).as_deref() == Some("break"),
        _ => named_children(n)
            .into_iter()
            .any(|c| breaks_this_loop(sh, c)),
    }
}

/// As [`find`], going on past a counted loop's round to what follows the loop.
fn find_through_rounds<'c, 't>(
    k: &'c Cont<'c, 't>,
    f: impl Fn(&Cont) -> bool,
) -> Option<&'c Cont<'c, 't>> {
    let mut k = k;
    loop {
        if f(k) {
            return Some(k);
        }
        k = outer(k)?;
    }
}

/// What runs after `k` is done: `None` at the script's end.
fn outer<'c, 't>(k: &'c Cont<'c, 't>) -> Option<&'c Cont<'c, 't>> {
    match k {
        Cont::End => None,
        Cont::Round { after, .. } => Some(after),
        Cont::Seq(_, next) | Cont::Return { next, .. } => Some(next),
        Cont::For { next, .. } | Cont::While { next, .. } => Some(next),
        Cont::ListRight { next, .. } | Cont::IfBranches { next, .. } => Some(next),
        Cont::Checked { next } => Some(next),
    }
}

fn find_node<'t>(n: Node<'t>, start: usize, end: usize) -> Option<Node<'t>> {
    let mut root = n;
    while let Some(p) = root.parent() {
        root = p;
    }
    root.descendant_for_byte_range(start, end)
}

fn same_probe(a: &Draft, b: &Draft) -> bool {
    a.check == b.check && a.expect == b.expect && a.line == b.line
}

/// Programs that change the machine rather than look at it: never a probe of their own.
fn changes_things(name: &str) -> bool {
    matches!(
        name.rsplit('/').next().unwrap_or(name),
        "rm" | "mv"
            | "cp"
            | "mkdir"
            | "rmdir"
            | "touch"
            | "tee"
            | "chmod"
            | "chown"
            | "ln"
            | "kill"
            | "pkill"
            | "killall"
            | "reboot"
            | "shutdown"
            | "sed"
            | "truncate"
            | "dd"
            | "install"
            | "useradd"
            | "apt-get"
            | "apt"
            | "yum"
            | "apk"
            | "pip"
            | "npm"
    )
}

fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "[" | "[["
            | "test"
            | "echo"
            | "printf"
            | "exit"
            | "return"
            | "cd"
            | "source"
            | "."
            | "eval"
            | "exec"
            | "export"
            | "local"
            | "declare"
            | "readonly"
            | "set"
            | "unset"
            | "shift"
            | "read"
            | "trap"
            | "wait"
            | "kill"
            | "jobs"
            | "fg"
            | "bg"
            | "let"
            | "alias"
            | "type"
            | "command"
            | "builtin"
            | "hash"
            | "getopts"
            | "break"
            | "continue"
            | "sleep"
            | "true"
            | "false"
            | ":"
            | "ulimit"
            | "umask"
            | "shopt"
            | "pushd"
            | "popd"
    )
}

/// `tr -d SET`'s characters: literal ones, `\n`, `\r`, `\t`, `[:space:]` and `[:blank:]`.
fn tr_set(set: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = set;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("[:space:]") {
            out.push_str(" \t\n\r\x0b\x0c");
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix("[:blank:]") {
            out.push_str(" \t");
            rest = r;
            continue;
        }
        rest = &rest[c.len_utf8()..];
        match c {
            '\\' => {
                let e = rest.chars().next()?;
                rest = &rest[e.len_utf8()..];
                out.push(match e {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    '\\' => '\\',
                    _ => return None,
                });
            }
            // Ranges, classes and repeats are not read.
            '-' | '[' | ']' | '*' if set.len() > 1 => return None,
            c => out.push(c),
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `sed` scripts that only strip blanks from the ends of each line:
/// `s/^[[:space:]]*//`, `s/ *$//`, `-r 's/^[[:space:]]+|[[:space:]]+$//g'`.
fn sed_strip(args: &[&str]) -> Option<Filter> {
    let mut scripts = Vec::new();
    let mut extended = false;
    let mut i = 0;
    while i < args.len() {
        match args[i] {
            "-e" | "--expression" => {
                scripts.push(*args.get(i + 1)?);
                i += 2;
                continue;
            }
            "-r" | "-E" | "--regexp-extended" => extended = true,
            a if a.starts_with('-') => return None,
            a if scripts.is_empty() => scripts.push(a),
            // A file to read.
            _ => return None,
        }
        i += 1;
    }
    let (mut lead, mut trail) = (String::new(), String::new());
    for script in scripts {
        for cmd in script
            .split([';', '\n'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            let body = cmd.strip_prefix("s/")?;
            let (pattern, tail) = body.split_once('/')?;
            let flags = tail.strip_prefix('/')?;
            if !matches!(flags, "" | "g") {
                return None;
            }
            let parts: Vec<&str> = if extended {
                pattern.split('|').collect()
            } else {
                vec![pattern]
            };
            for part in parts {
                let (anchored_start, rest) = match part.strip_prefix('^') {
                    Some(r) => (true, r),
                    None => (false, part),
                };
                let (rest, anchored_end) = match rest.strip_suffix('$') {
                    Some(r) => (r, true),
                    None => (rest, false),
                };
                if anchored_start == anchored_end {
                    return None;
                }
                let repeat = if extended { ["*", "+"] } else { ["*", "\\+"] };
                let class = repeat.iter().find_map(|r| rest.strip_suffix(r))?;
                let chars = match class {
                    " " | "[ ]" => " ",
                    "[[:space:]]" | "\\s" => " \t\r\x0b\x0c",
                    "[[:blank:]]" => " \t",
                    _ => return None,
                };
                let into = if anchored_start {
                    &mut lead
                } else {
                    &mut trail
                };
                for c in chars.chars() {
                    if !into.contains(c) {
                        into.push(c);
                    }
                }
            }
        }
    }
    Some(Filter::Strip { lead, trail })
}

/// A `jq` invocation that prints one value at a path: `jq -r '.a.b'`, `jq '.peers | length'`.
/// `awk '{print $N}'`, `awk -F: '{print $N}'`, `awk '/P/ {print $N}'`: the field of each
/// (matching) line. A separator of one character other than a blank splits at each
/// occurrence, as it does in awk.
fn awk_field(args: &[&str]) -> Option<Vec<Filter>> {
    let (sep, program) = match args {
        [program] => (None, *program),
        [f, program] if f.starts_with("-F") && f.len() > 2 => (Some(&f[2..]), *program),
        ["-F", sep, program] => (Some(*sep), *program),
        _ => return None,
    };
    let sep = match sep {
        None => None,
        Some(s) if s.chars().count() == 1 && !matches!(s, " " | "\\" | "\t") => Some(s.to_string()),
        Some(_) => return None,
    };
    let program = program.trim();
    let (pattern, action) = match program.strip_prefix('/') {
        Some(rest) => {
            // The regex ends at the first `/` not escaped.
            let mut end = None;
            let mut escaped = false;
            for (i, c) in rest.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '/' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let end = end?;
            (
                Some(rest[..end].replace("\\/", "/")),
                rest[end + 1..].trim(),
            )
        }
        None => (None, program),
    };
    // `awk '/re/'` (or `{print}`, `{print $0}`) prints the lines that match: grep's.
    let whole_line = action.is_empty() || {
        let body = action.strip_prefix('{').and_then(|a| a.strip_suffix('}'));
        let body = body.map(|b| b.trim().trim_end_matches(';').trim());
        matches!(body, Some("print" | "print $0"))
    };
    let index: usize = if whole_line {
        pattern.as_ref()?;
        0
    } else {
        let body = action.strip_prefix('{')?.strip_suffix('}')?.trim();
        let body = body.strip_suffix(';').unwrap_or(body).trim();
        let field = body.strip_prefix("print")?.trim();
        field.strip_prefix('$')?.parse().ok().filter(|n| *n >= 1)?
    };
    let mut out = Vec::new();
    if let Some(p) = pattern {
        // awk's regexes are extended ones, which Rust's read alike for what scripts write.
        if p.is_empty() || p.contains('\n') {
            return None;
        }
        regex::Regex::new(&p).ok()?;
        out.push(Filter::Grep(p));
    }
    if index > 0 {
        out.push(Filter::Field { sep, index });
    }
    Some(out)
}

/// A command probe's one rule on its output (`stdout: {contains: X}`, with any exit status)
/// turned into its opposite (`not_contains`); false where there is no such single rule.
fn negate_output_rule(d: &mut Draft) -> bool {
    let any_status = d
        .expect
        .iter()
        .any(|(k, v)| k == "exit_code" && *v == Yaml::str("any"));
    let Some((_, Yaml::Flow(rules))) = d.expect.iter_mut().find(|(k, _)| k == "stdout") else {
        return false;
    };
    if !any_status {
        return false;
    }
    // `lines: {matching: RE, count: "> 0"}` (a grep that may find nothing in nothing): none.
    if let [(key, Yaml::Flow(lines))] = rules.as_mut_slice()
        && key == "lines"
        && let Some((_, count)) = lines.iter_mut().find(|(k, _)| k == "count")
        && *count == Yaml::str("> 0")
    {
        *count = Yaml::str("== 0");
        return true;
    }
    let [(key, Yaml::Str(_))] = rules.as_mut_slice() else {
        return false;
    };
    let opposite = match key.as_str() {
        "contains" => "not_contains",
        "matches" => "not_matches",
        _ => return false,
    };
    *key = opposite.to_string();
    true
}

/// `cut -d: -f2`, `cut -d ' ' -f 1`, `cut -f2 -d,`: one field at a one-character separator.
fn cut_field(args: &[&str]) -> Option<Filter> {
    let mut sep = None;
    let mut index = None;
    let mut i = 0;
    while i < args.len() {
        let (flag, attached) = match args[i] {
            a if a.starts_with("-d") => ("-d", &a[2..]),
            a if a.starts_with("-f") => ("-f", &a[2..]),
            _ => return None,
        };
        let value = if attached.is_empty() {
            i += 1;
            *args.get(i)?
        } else {
            attached
        };
        match flag {
            "-d" => sep = Some(value.to_string()),
            _ => index = Some(value.parse::<usize>().ok().filter(|n| *n >= 1)?),
        }
        i += 1;
    }
    let sep = match sep {
        Some(s) if s.chars().count() == 1 => s,
        // Without `-d`, cut splits at tabs.
        None => "\t".to_string(),
        Some(_) => return None,
    };
    Some(Filter::Cut { sep, index: index? })
}

fn jq_filter(args: &[&str]) -> Option<Filter> {
    let mut raw = false;
    let mut program = None;
    for a in args {
        match *a {
            "-r" | "--raw-output" => raw = true,
            "-e" | "--exit-status" | "-c" | "--compact-output" | "-M" | "--monochrome-output" => {}
            a if a.starts_with('-') => return None,
            a if program.is_none() => program = Some(a),
            _ => return None,
        }
    }
    let program = program?.trim();
    // `.status // empty`, `.status // "unknown"`: the alternative is what jq prints.
    if let Some((path, alt)) = program.split_once("//") {
        let alt = match alt.trim() {
            "empty" => String::new(),
            a => {
                let text = serde_json::from_str::<serde_json::Value>(a).ok()?;
                let serde_json::Value::String(bare) = &text else {
                    return None;
                };
                // A jq string may interpolate (`"\(.x)"`), which JSON has no escape for.
                if a.contains('\\') {
                    return None;
                }
                if raw { bare.clone() } else { a.to_string() }
            }
        };
        return Some(Filter::JsonOr {
            path: jq_path(path.trim())?,
            raw,
            alt,
        });
    }
    // `jq length`: the length of the whole document, as `jq '. | length'`.
    let (path, length) = match program.rsplit_once('|') {
        Some((p, "length")) | Some((p, " length")) => (p.trim(), true),
        Some(_) => return None,
        None if program == "length" => (".", true),
        None => (program, false),
    };
    Some(Filter::Json {
        path: jq_path(path)?,
        raw,
        length,
    })
}

/// A jq path (`.a.b`, `.a."b-c"`, `.a[0]`, `.["x"]`) as a JSONPath.
fn jq_path(p: &str) -> Option<String> {
    let mut out = String::from("$");
    let mut rest = p.strip_prefix('.')?;
    let mut first = true;
    loop {
        if rest.is_empty() {
            return Some(out);
        }
        if !first {
            rest = rest.strip_prefix('.').unwrap_or(rest);
        }
        first = false;
        if let Some(r) = rest.strip_prefix('[') {
            let (inner, after) = r.split_once(']')?;
            match inner.strip_prefix('"').and_then(|i| i.strip_suffix('"')) {
                Some(name) => push_name(&mut out, name)?,
                None => out.push_str(&format!("[{}]", inner.parse::<i64>().ok()?)),
            }
            rest = after;
        } else if let Some(r) = rest.strip_prefix('"') {
            let (name, after) = r.split_once('"')?;
            push_name(&mut out, name)?;
            rest = after;
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let name = &rest[..end];
            if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            out.push('.');
            out.push_str(name);
            rest = &rest[end..];
        }
        if !(rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')) {
            return None;
        }
    }
}

fn push_name(out: &mut String, name: &str) -> Option<()> {
    if name.contains(['\\', '\'']) {
        return None;
    }
    out.push_str(&format!("['{name}']"));
    Some(())
}

/// Variables a database tool reads besides its flags: where it connects, and how long it waits.
fn reaches_database_tool(var: &str) -> bool {
    super::databases::TOOL_ENV.contains(&var)
}

/// Whether an `exec` may run where a check failed, so that the program it starts decides the
/// script's status: anywhere but a statement of the script's own top level (in an `else`,
/// after `||` or `&&`, in a `case`, a function, a loop), or after an `exit 0` the script takes
/// when a check passes (`if curl …; then exit 0; fi; exec recover`).
pub(in crate::import) fn may_follow_a_failed_check(sh: &Shell, n: Node) -> bool {
    let mut top = n;
    while let Some(p) = top.parent() {
        match p.kind() {
            "program" => break,
            "redirected_statement" => top = p,
            _ => return true,
        }
    }
    let mut passed_before = false;
    let mut stack = vec![sh.tree.root_node()];
    while let Some(x) = stack.pop() {
        if x.start_byte() >= n.start_byte() {
            continue;
        }
        if x.kind() == "command"
            && sh.command_name(x).as_deref() == Some("exit")
            && super::exit_code(sh, x).is_none_or(|c| c == 0)
        {
            passed_before = true;
        }
        let mut c = x.walk();
        stack.extend(x.named_children(&mut c));
    }
    passed_before
}

/// `$(cd "$(dirname "$0")" && pwd)` and its spellings (`${BASH_SOURCE[0]}`, `-P`, the `cd`'s
/// output dropped): the script's own directory. Quoted both times: unquoted, a directory
/// with a blank in its name gives `cd` two words, and it fails.
fn script_dir_idiom(text: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r#"^\$\(\s*cd\s+(-P\s+)?(--\s+)?"\$\(\s*dirname\s+(--\s+)?"(\$0|\$\{0\}|\$\{BASH_SOURCE\[0\]\}|\$BASH_SOURCE|\$\{BASH_SOURCE\})"\s*\)(/\.\.?)*/?"\s*((&>|>)\s*/dev/null(\s*2>&1)?\s*)?&&\s*pwd(\s+-P)?\s*\)$"#,
        )
        .expect("a valid pattern")
    })
    .is_match(text.trim())
}

/// `c` with each `or` of tests of one observation's status (`[ "$code" = 200 ] || [ "$code" =
/// 302 ]`) one test of the statuses together, which holds exactly where one of them does.
fn statuses_joined(c: Cond) -> Cond {
    match c {
        Cond::Or(parts) => {
            let mut out: Vec<Cond> = Vec::new();
            for p in parts.into_iter().map(statuses_joined) {
                if let Cond::Atom(o, Pred::Status(ranges, zero)) = &p
                    && let Some(Cond::Atom(_, Pred::Status(have, have_zero))) = out
                        .iter_mut()
                        .find(|q| matches!(q, Cond::Atom(k, Pred::Status(..)) if k == o))
                {
                    for r in ranges {
                        if !have.contains(r) {
                            have.push(*r);
                        }
                    }
                    *have_zero |= *zero;
                    continue;
                }
                out.push(p);
            }
            Cond::Or(out)
        }
        Cond::And(parts) => Cond::And(parts.into_iter().map(statuses_joined).collect()),
        Cond::Not(inner) => Cond::Not(Box::new(statuses_joined(*inner))),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_single_quotes_of_program_text_stay_literal() {
        let v = "${__probekit_0}";
        assert_eq!(
            placed_in_quotes(&format!("curl -fs '{v}/health' | grep -q ok")).as_deref(),
            Some(format!("curl -fs \"{v}/health\" | grep -q ok").as_str())
        );
        // Already in double quotes, or outside any quotes: as written.
        assert_eq!(
            placed_in_quotes(&format!("nc -z \"{v}\" 80; echo 'done'")).as_deref(),
            Some(format!("nc -z \"{v}\" 80; echo 'done'").as_str())
        );
        // A `$` or a `"` beside the value inside single quotes would be read otherwise in
        // double quotes; a backslash or a backquote anywhere.
        assert_eq!(placed_in_quotes(&format!("echo '{v} $HOME'")), None);
        assert_eq!(placed_in_quotes(&format!("echo '{v} \"x\"'")), None);
        assert_eq!(placed_in_quotes(&format!("echo {v} \\n")), None);
        assert_eq!(placed_in_quotes(&format!("echo '{v}")), None);
    }

    #[test]
    fn two_words_on_a_line_are_one_rule_only_when_they_cannot_overlap() {
        let w = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let rule = |a: &[&str], b: &[&str]| both_words(&w(a), &w(b));
        assert_eq!(
            rule(&["status"], &["tatus"]).map(|r| r.0),
            Some("contains".into())
        );
        assert!(rule(&["stat"], &["tatus"]).is_none());
        // Words beyond ASCII are refused, not cut inside a character.
        assert!(rule(&["café"], &["thé"]).is_none());
        let (key, value) = rule(&["status"], &["UP"]).unwrap();
        assert_eq!(key, "matches");
        let Yaml::Str(re) = value else {
            panic!("{value:?}")
        };
        let re = regex::Regex::new(&re).unwrap();
        assert!(re.is_match("HTTP/1.1 200\r\n\r\n{\"status\":\"UP\"}"));
        assert!(re.is_match("UP and status"));
        assert!(!re.is_match("status: DOWN\nUP"));
        // One of several words: none may overlap the other side's.
        assert!(rule(&["status"], &["green", "tus"]).is_none());
        let Yaml::Str(re) = rule(&["status"], &["green", "yellow"]).unwrap().1 else {
            panic!()
        };
        let re = regex::Regex::new(&re).unwrap();
        assert!(re.is_match("  \"status\" : \"yellow\","));
        assert!(re.is_match("green status"));
        assert!(!re.is_match("status: red\ngreen"));
    }

    #[test]
    fn grep_words_are_fixed_text_or_an_alternation_of_it() {
        let args = |a: &[&str]| a.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(
            plain_grep(&args(&["-q", "\\(green\\|yellow\\)"]))
                .unwrap()
                .0,
            ["green", "yellow"]
        );
        assert_eq!(
            plain_grep(&args(&["-E", "green|yellow"])).unwrap().0,
            ["green", "yellow"]
        );
        // In a basic regex `|` is itself; in an extended one `\|` is.
        assert!(plain_grep(&args(&["green|yellow"])).is_none());
        assert!(plain_grep(&args(&["-E", "gr.en"])).is_none());
    }
}
