//! The condition under which a script exits 0, over what it observes, and the one back end
//! that writes it as probes: the intermediate form a script is lowered into
//! ([`super::shell`] evaluates a shell script into it).
//!
//! An observation ([`Obs`]) is a request, a connection or a command, held as the probe that
//! passes when it does and the probe that only observes it (any exit code, any status) for
//! rules on its output. A condition ([`Cond`]) combines predicates on observations ([`Pred`]):
//! the observation passes, a command fails, a text rule on its captured output, its HTTP status.
//! [`simplify`] pushes negations onto the predicates and reduces what branches leave (`a ∨ (¬a
//! ∧ x)` is `a ∨ x`); [`Observations::write`] turns a conjunction into probes, one per
//! observation with all its predicates as expectations, and a disjunction of the same check
//! into retries.

use std::ops::{Deref, DerefMut};

use super::draft::{Check, Draft, Text, Warning, Yaml};
use super::naming::seconds;
use crate::expect::CmpOp;

type R<T> = Result<T, String>;

use crate::suite::MAX_RETRIES;

/// How long a suite waits for what the script waited for without end.
pub(in crate::import) const WAIT_SECONDS: f64 = 30.0;

/// What the symbolic evaluation finds of a script that ends with a failure whatever it
/// observes (`[ "$code" != 200 ] && exit 1` as its last line: where the test fails, the list's
/// status 1 is the script's): read statement by statement, it would pass.
pub(in crate::import) const ALWAYS_FAILS: &str =
    "the script always fails: whatever it observes, it ends with a non-zero status";

/// What the symbolic evaluation finds of a script that passes whatever it observes (`set -e`
/// then `! curl … | grep -q DOWN`, at which `set -e` does not stop): what it checks can only
/// warn.
pub(in crate::import) const PASSES_ALWAYS: &str = "the script passes whatever it observes";

/// When the script exits 0.
#[derive(Clone, Debug, PartialEq)]
pub(in crate::import) enum Cond {
    True,
    False,
    Atom(usize, Pred),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

/// The lines a count reads: those matching `matching` (every line without it) and not
/// `excluding` (`ps aux | grep nginx | grep -v grep | wc -l`).
#[derive(Clone, Debug, Default, PartialEq)]
pub(in crate::import) struct LineSel {
    pub matching: Option<String>,
    pub excluding: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(in crate::import) enum Pred {
    /// The observation passes as its probe says: exit 0, curl's status rules, a connection.
    Ok,
    /// A command exits with anything but 0.
    Fails,
    /// A command exits with one of these codes (`rc=$?; [ "$rc" = 1 ]`); 0 among them is
    /// [`Pred::Ok`]'s pass as well.
    Exit(Vec<u8>),
    /// A text rule (`matches`, `not_matches`, `contains`, `not_contains`) on the captured output.
    Text(&'static str, String),
    /// The HTTP status is in one of these ranges; `true` when the script's test holds for the
    /// `000` curl writes when nothing answers too (`[ "$code" -lt 400 ]`, `!= 200`), which no
    /// probe can: it fails without an answer.
    Status(Vec<(u16, u16)>, bool),
    /// A JSON rule on the output, at a JSONPath (`jq '.status'` in a script).
    Json(String, JsonTest),
    /// The number of lines, or of lines matching a regex, compared (`grep -c`, `wc -l`).
    Lines(LineSel, CmpOp, i64),
    /// A text rule whose value comes from the caller or the environment, in probekit's form
    /// (`contains: "${PATTERN:-ok}"`, `number: "> ${WARN:-80}"`): the suite reads it when the
    /// probe runs.
    Late(&'static str, String),
    /// The HTTP status is the one the caller gives (`status: "${code:-200}"`).
    LateStatus(String),
    /// Lines counted as [`Pred::Lines`], against a count the caller gives.
    LateLines(LineSel, CmpOp, String),
    /// `[ "$n" -gt "$WARN" ]`: the output is a whole number as `test` reads it and compares so
    /// with the value the caller gives. Negated, the script's test fails on what is not a
    /// number (so a failure test passes there), which the suite's `number` rule cannot say:
    /// the probe fails there instead, and the report warns.
    LateInt {
        op: CmpOp,
        value: String,
        negated: bool,
        /// The test's line, which a warning names.
        line: usize,
    },
    /// `[ "$(… | grep P | awk '{print $N}')" -gt V ]`: exactly one line selected, whose field
    /// is a whole number that compares so with V (a number, or the caller's value in probekit's
    /// form). Negated, as [`Pred::LateInt`]: the probe tests the number alone, with a warning.
    FieldInt {
        line: Option<String>,
        sep: Option<String>,
        index: usize,
        op: CmpOp,
        value: String,
        negated: bool,
        /// The test's line, which a warning names.
        at: usize,
    },
    /// A machine probe's measure compared with a value in its unit (`df -P / | awk 'NR==2
    /// {print $5}'` then `-gt 90`: `used: "> 90%"`).
    Measure(&'static str, CmpOp, String),
    /// `[ -n "$(… | grep P | awk '{print $N}')" ]`: a line gives the field. Beside a
    /// [`Pred::FieldInt`] of the same field, which needs as much, it adds nothing.
    FieldPresent {
        line: Option<String>,
        sep: Option<String>,
        index: usize,
        at: usize,
    },
}

/// The predicates of a test, told the line the test is on (for the warnings they carry).
pub(in crate::import) fn at_line(mut c: Cond, n: usize) -> Cond {
    fn set(c: &mut Cond, n: usize) {
        match c {
            Cond::Atom(_, Pred::LateInt { line: at, .. })
            | Cond::Atom(_, Pred::FieldInt { at, .. })
            | Cond::Atom(_, Pred::FieldPresent { at, .. }) => *at = n,
            Cond::Not(inner) => set(inner, n),
            Cond::And(parts) | Cond::Or(parts) => parts.iter_mut().for_each(|p| set(p, n)),
            _ => {}
        }
    }
    set(&mut c, n);
    c
}

/// The warning a [`Pred::FieldPresent`] on its own carries.
const FIELD_PRESENT: &str =
    "the script asks that some line give the value; the probe asks it of every line that matches";

/// The warning a negated [`Pred::FieldInt`] carries.
const FIELD_NEGATED: &str = "when no line or several give the value, or it is not a whole number, the script's test fails and the script passes; the probe fails there";

/// The warning a count of a request's output that passes at 0 carries.
const UNANSWERED_COUNT: &str =
    "when the request gets no answer, the script counts nothing and passes; the probe fails there";

/// The warning a test of a request's status that curl's `000` passes carries.
const UNANSWERED_STATUS: &str = "when the request gets no answer, curl writes the status `000`, which the script's test passes; the probe fails there";

/// The warning a test of a request's output that empty output passes carries.
const UNANSWERED_TEXT: &str = "when the request gets no answer (or, with curl `-f` or wget, an error status), the script's test reads empty output and passes; the probe fails there";

/// Whether a rule on a request's output holds on the empty output a request without an
/// answer leaves (`[ "$n" -ge 90 ] && exit 1` passes then). Of the rules read when the probe
/// runs, those of an absence (`not_contains: "${FAIL_WORD}"`) are taken to hold, the others
/// to fail.
fn holds_on_empty(p: &Pred) -> bool {
    match p {
        Pred::Late(key, _) => matches!(*key, "not_contains" | "not_matches"),
        Pred::Text(key, v) => match *key {
            "contains" | "equals" | "trimmed" => v.is_empty(),
            "not_contains" => !v.is_empty(),
            "matches" => regex::Regex::new(v).is_ok_and(|re| re.is_match("")),
            "not_matches" => regex::Regex::new(v).is_ok_and(|re| !re.is_match("")),
            _ => false,
        },
        Pred::Lines(_, op, n) => op.holds(&0, n),
        Pred::LateLines(_, op, _) => *op != CmpOp::Gt,
        Pred::Status(_, zero) => *zero,
        _ => false,
    }
}

/// The warning a negated [`Pred::LateInt`] carries.
pub(in crate::import) const LATE_INT_NEGATED: &str = "when the output is not a whole number, the script's test fails and the script passes; the probe fails there";

/// What a JSON rule asks of the value at its path.
#[derive(Clone, Debug, PartialEq)]
pub(in crate::import) enum JsonTest {
    Eq(serde_json::Value),
    /// Only beside a rule that requires JSON: on text that is not JSON, `jq` prints nothing,
    /// which a script's `!=` passes and the suite's `not_equals` does not.
    Ne(serde_json::Value),
    /// An integer compared (`-gt 3` on `jq .n`).
    Int(CmpOp, i64),
    /// An array's, object's or string's length compared (`jq '.peers | length'`).
    Len(CmpOp, i64),
    /// The value, as `jq -r` prints it, is the text the caller gives (probekit's form).
    Text(String),
    /// Not that text; as [`JsonTest::Ne`], only beside a rule that requires JSON.
    NotText(String),
    /// `jq -e PATH`'s truth: the text is JSON, the path selects a value, and that value is not
    /// `null` nor `false` (jq takes `0` and `""` as true).
    JqTrue,
    /// `jq PATH` reads the text without an error (its exit status: the text is empty, or JSON
    /// whose path can be followed). Only beside a rule at that path, or under it, that needs
    /// the value (`equals`, a number, a length): that rule implies it, and it adds nothing.
    Parses,
}

/// A step of a pipeline between an observation and the test of its output.
#[derive(Clone, Debug, PartialEq)]
pub(in crate::import) enum Filter {
    /// These characters removed from the start and from the end of each line
    /// (`sed 's/^[[:space:]]*//;s/ *$//'`).
    Strip { lead: String, trail: String },
    /// `xargs` with no command: the words joined by single spaces (a trim, for a value of one
    /// word).
    Words,
    /// These characters removed everywhere (`tr -d ' \n'`).
    Delete(String),
    /// The value at a JSONPath as `jq` prints it: `raw` (`-r`) prints strings bare; `length`
    /// prints the length instead.
    Json {
        path: String,
        raw: bool,
        length: bool,
    },
    /// `jq 'PATH // empty'`, `jq -r 'PATH // "unknown"'`: as [`Filter::Json`], except that
    /// where the value is null, false or missing jq prints `alt` (nothing for `empty`), as the
    /// caller reads it.
    JsonOr {
        path: String,
        raw: bool,
        alt: String,
    },
    /// The lines that match a regex (grep, on each line alone).
    Grep(String),
    /// The lines that match a regex the caller gives (`grep "$NAME"`), in probekit's form
    /// (`${NAME}`): only counted, as a `lines` rule reads it when the probe runs.
    LateGrep(String),
    /// A field of each line (`awk '{print $N}'`), split as awk splits at blanks, or at each
    /// `sep` (`awk -F:`).
    Field { sep: Option<String>, index: usize },
    /// `cut -d SEP -f N`: as [`Filter::Field`] at `sep`, except that a line without it is
    /// printed whole.
    Cut { sep: String, index: usize },
    /// The lines that do not match a regex (`grep -v grep`, after a grep of a process list):
    /// only counted.
    Exclude(String),
    /// The number of lines (`wc -l`).
    Count,
    /// An unquoted `$v` as the whole of a `[ ]` test's side: the words the shell splits it
    /// into at blanks and newlines, which `test` reads as one word only when there is one (an
    /// empty value or several make it fail with a usage error).
    Split,
}

/// The comparison a `test` operator makes.
fn check_op(op: &str) -> Option<CmpOp> {
    Some(match op {
        "-eq" | "=" | "==" => CmpOp::Eq,
        "-ne" | "!=" => CmpOp::Ne,
        "-gt" => CmpOp::Gt,
        "-ge" => CmpOp::Ge,
        "-lt" => CmpOp::Lt,
        "-le" => CmpOp::Le,
        _ => return None,
    })
}

/// A test of the output after the pipeline `view` (`[ "$(cmd | wc -l)" -gt 0 ]`,
/// `[ "$(curl … | jq -r .status)" = UP ]`), or why it cannot be written. `lines_end` says the
/// output's lines all end in a newline (a command's, not a body that may lack the last one);
/// `double` that the test is `[[ … ]]`, whose arithmetic reads a word that is not a number as
/// 0.
pub(in crate::import) fn view_rule(
    o: usize,
    view: &[Filter],
    op: &str,
    value: &str,
    lines_end: bool,
    double: bool,
) -> R<Cond> {
    let numeric = op.starts_with('-');
    let canonical_int = || -> R<(CmpOp, i64)> {
        let n: i64 = value
            .trim()
            .parse()
            .map_err(|_| format!("`{op} {value}` on a count"))?;
        if !numeric && n.to_string() != value {
            return Err(format!("`{op} {value}` on a count"));
        }
        Ok((check_op(op).ok_or_else(|| format!("a `{op}` test"))?, n))
    };
    let blank = |f: &Filter| {
        matches!(f, Filter::Words | Filter::Split | Filter::Strip { .. })
            || matches!(f, Filter::Delete(set) if set.chars().all(|c| " \t\n\r\x0b\x0c".contains(c)))
    };
    // Blanks removed around a number or a JSON value (not a bare string) change nothing; but
    // `xargs` also takes the quotes off a JSON string (`jq .status | xargs` prints `UP`).
    let mut view = view.to_vec();
    if let Some(kept) = view.iter().rposition(|f| !blank(f)) {
        let trimmed = &view[kept + 1..];
        let drop = !trimmed.is_empty()
            && match view[kept] {
                Filter::Count | Filter::Json { length: true, .. } => true,
                Filter::Json { raw: false, .. } => !trimmed.contains(&Filter::Words),
                _ => false,
            };
        if drop {
            view.truncate(kept + 1);
        }
    }
    match view.as_slice() {
        [] => out_rule(o, op, value),
        // `[ $reply = PONG ]`: one word, with blanks and newlines around it. A value of several
        // words, or none, makes `test` fail, as it is never one word equal to this one.
        [Filter::Split] => {
            const IFS_BLANK: &str = r"[ \t\n]*";
            if numeric {
                return int_rule(o, op, value, IFS_BLANK, IFS_BLANK);
            }
            if !matches!(op, "=" | "==") || value.is_empty() || value.contains(char::is_whitespace)
            {
                return Err(format!("a `{op}` test on an unquoted value"));
            }
            Ok(text(
                o,
                "matches",
                &format!(r"\A{IFS_BLANK}{}{IFS_BLANK}\z", regex::escape(value)),
            ))
        }
        [Filter::Words] => {
            if value.contains(|c: char| c.is_whitespace() || "\"'\\".contains(c)) {
                return Err("a test after `xargs` on a value of several words".into());
            }
            // xargs splits at blanks and newlines only (a `\r` stays), and takes quotes off:
            // `"OK"` and `'OK'` are `OK` too (a word quoted in part, or with backslashes, is
            // not followed).
            const XARGS_BLANK: &str = r"[ \t\n]";
            if numeric {
                let around = format!("{XARGS_BLANK}*");
                return int_rule(o, op, value, &around, &around);
            }
            let word = regex::escape(value);
            let c = text(
                o,
                "matches",
                &format!(r#"\A{XARGS_BLANK}*(?:{word}|"{word}"|'{word}'){XARGS_BLANK}*\z"#),
            );
            equality(op, c)
        }
        [Filter::Strip { lead, trail }] => {
            let class = |chars: &str| {
                if chars.is_empty() {
                    String::new()
                } else {
                    format!("{}*", char_class(chars))
                }
            };
            let (l, t) = (class(lead), class(trail));
            // A line of nothing but those characters is stripped to nothing, and `$(…)` drops
            // the empty lines at the end.
            let blank_lines = format!(r"(?:\n{})*", class(&format!(" \t{lead}{trail}")));
            if numeric {
                let lead_re = class(&format!(" \t{lead}"));
                let trail_re = format!("{}{blank_lines}", class(&format!(" \t{trail}")));
                return int_rule(o, op, value, &lead_re, &trail_re);
            }
            let c = if value.contains('\n')
                || value.starts_with(|c: char| lead.contains(c))
                || value.ends_with(|c: char| trail.contains(c))
            {
                Cond::False
            } else {
                text(
                    o,
                    "matches",
                    &format!(r"\A{l}{}{t}{blank_lines}\z", regex::escape(value)),
                )
            };
            equality(op, c)
        }
        [Filter::Delete(set)] => {
            if numeric {
                return Err("a number compared after `tr -d`".into());
            }
            let class = char_class(set);
            let c = if value.chars().any(|c| set.contains(c)) {
                Cond::False
            } else {
                let mut re = format!(r"\A{class}*");
                for ch in value.chars() {
                    re.push_str(&regex::escape(&ch.to_string()));
                    re.push_str(&class);
                    re.push('*');
                }
                re.push_str(r"\n*\z");
                text(o, "matches", &re)
            };
            equality(op, c)
        }
        v if counts_lines(v) => {
            let sel = line_sel(&view, lines_end)?;
            let (op, n) = canonical_int()?;
            Ok(Cond::Atom(o, Pred::Lines(sel, op, n)))
        }
        [Filter::Json { path, raw, length }] => {
            let (raw, length) = (*raw, *length);
            if length || numeric {
                let (op, n) = canonical_int()?;
                // A missing value prints `null`, whose length is 0, and which `[[ ]]` reads as 0.
                if (length || double) && op.holds(&0, &n) {
                    return Err("a test that a missing JSON value passes".into());
                }
                if raw && !length {
                    return Err("a number compared after `jq -r`, which prints strings bare".into());
                }
                let test = if length {
                    JsonTest::Len(op, n)
                } else {
                    JsonTest::Int(op, n)
                };
                return Ok(Cond::Atom(o, Pred::Json(path.clone(), test)));
            }
            if !matches!(op, "=" | "==" | "!=") {
                return Err(format!("a `{op}` test on a JSON value"));
            }
            if value.is_empty() {
                return Err("a JSON value compared with the empty string".into());
            }
            let parsed = serde_json::from_str::<serde_json::Value>(value).ok();
            let want = match (raw, parsed) {
                // `jq -r` prints `true` for the boolean and for the string alike: the suite's
                // `text` compares as it prints.
                (true, Some(v)) if !v.is_string() => {
                    let c = Cond::Atom(
                        o,
                        Pred::Json(path.clone(), JsonTest::Text(value.to_string())),
                    );
                    return equality(op, c);
                }
                (true, _) => serde_json::Value::String(value.to_string()),
                (false, Some(v)) if !v.is_null() => v,
                (false, Some(_)) => return Err("a JSON value compared with null".into()),
                // `jq` prints JSON; text that is not JSON is never its output.
                (false, None) => return equality(op, Cond::False),
            };
            if matches!(&want, serde_json::Value::Number(n) if !n.is_i64()) {
                return Err("a JSON number with a fraction".into());
            }
            let c = Cond::Atom(o, Pred::Json(path.clone(), JsonTest::Eq(want)));
            equality(op, c)
        }
        // The alternative replaces only what `jq` prints as `null` or `false`: a comparison
        // with other text is one of the value itself.
        [Filter::JsonOr { path, raw, alt }] => {
            if numeric || value.is_empty() || ["null", "false", alt.as_str()].contains(&value) {
                return Err("a test the alternative after jq's `//` may pass".into());
            }
            let plain = Filter::Json {
                path: path.clone(),
                raw: *raw,
                length: false,
            };
            view_rule(o, &[plain], op, value, lines_end, double)
        }
        // `[[ ]]` reads an empty value as 0 and `010` as octal.
        [Filter::Field { .. } | Filter::Cut { .. }]
        | [Filter::Grep(_), Filter::Field { .. } | Filter::Cut { .. }]
            if numeric && !double =>
        {
            let (_, n) = canonical_int()?;
            field_int(o, &view, op, &n.to_string())
        }
        _ => Err("a test on output a pipeline transforms in a way probekit cannot follow".into()),
    }
}

/// A `field` rule: which field of which lines (`line`, `index`, `separator`) and its test.
fn field_rule(
    line: &Option<String>,
    sep: &Option<String>,
    index: usize,
    test: &str,
    value: Yaml,
) -> Yaml {
    let mut f = Vec::new();
    if let Some(re) = line {
        f.push(("line".to_string(), Yaml::str(re.clone())));
    }
    f.push(("index".to_string(), Yaml::Int(index as i64)));
    if let Some(s) = sep {
        f.push(("separator".to_string(), Yaml::str(s.clone())));
    }
    f.push((test.to_string(), value));
    Yaml::Flow(f)
}

/// Whether a [`Pred::FieldInt`] compares that field, which then must be there anyway (what a
/// [`Pred::FieldPresent`] of it asks).
fn field_compared(
    preds: &[Pred],
    line: &Option<String>,
    sep: &Option<String>,
    index: usize,
) -> bool {
    preds.iter().any(|p| {
        matches!(p, Pred::FieldInt { line: l, sep: s, index: i, .. }
            if l == line && s == sep && *i == index)
    })
}

/// Whether a view counts lines: `wc -l`, after a grep and a `grep -v grep` or not.
fn counts_lines(view: &[Filter]) -> bool {
    matches!(
        view,
        [Filter::Count]
            | [Filter::Grep(_) | Filter::LateGrep(_), Filter::Count]
            | [
                Filter::Grep(_) | Filter::LateGrep(_),
                Filter::Exclude(_),
                Filter::Count
            ]
    )
}

/// The lines a counting view (`[Grep, Exclude, Count]`, `[Count]`) counts. Lines of every
/// kind only where the text ends its last line (`lines_end`): `wc -l` counts newlines.
pub(in crate::import) fn line_sel(view: &[Filter], lines_end: bool) -> R<LineSel> {
    let mut sel = LineSel::default();
    for f in view {
        match f {
            Filter::Grep(re) | Filter::LateGrep(re) => sel.matching = Some(re.clone()),
            Filter::Exclude(re) => sel.excluding = Some(re.clone()),
            _ => {}
        }
    }
    if sel.matching.is_none() && !lines_end {
        return Err("lines counted in a body whose last line may have no newline".into());
    }
    Ok(sel)
}

/// The `lines` rule of an output: one per output, which two predicates may ask alike.
fn count_rule(lines: &mut Option<Yaml>, sel: &LineSel, count: String) -> R<()> {
    let count = Yaml::str(count);
    let rule = match sel {
        LineSel {
            matching: None,
            excluding: None,
        } => count,
        LineSel {
            matching,
            excluding,
        } => {
            let mut m = Vec::new();
            if let Some(re) = matching {
                m.push(("matching".into(), Yaml::str(re.clone())));
            }
            if let Some(re) = excluding {
                m.push(("excluding".into(), Yaml::str(re.clone())));
            }
            m.push(("count".into(), count));
            Yaml::Flow(m)
        }
    };
    match lines {
        Some(existing) if *existing != rule => Err("two counts of the same output".into()),
        _ => {
            *lines = Some(rule);
            Ok(())
        }
    }
}

/// The lines and the field a view reads (`grep P | awk '{print $N}'`): the line regex, the
/// separator, the index. `cut` prints a line without its separator whole, which a field rule
/// does not: its field past the first only after a grep that selects the separator.
pub(in crate::import) fn field_of(
    view: &[Filter],
) -> Option<(Option<String>, Option<String>, usize)> {
    match view {
        [Filter::Field { sep, index }] => Some((None, sep.clone(), *index)),
        [Filter::Grep(re), Filter::Field { sep, index }] => {
            Some((Some(re.clone()), sep.clone(), *index))
        }
        [Filter::Cut { sep, index: 1 }] => Some((None, Some(sep.clone()), 1)),
        [Filter::Grep(re), Filter::Cut { sep, index }] if *index == 1 || selects_text(re, sep) => {
            Some((Some(re.clone()), Some(sep.clone()), *index))
        }
        _ => None,
    }
}

/// Whether every line a grep regex selects holds `text`: a regex of plain text (an anchor at
/// its start at most) that contains it.
fn selects_text(re: &str, text: &str) -> bool {
    let body = re.strip_prefix('^').unwrap_or(re);
    regex::escape(body) == body && body.contains(text)
}

/// `[ "$(… | grep P | awk '{print $N}')" -gt V ]` (see [`Pred::FieldInt`]).
fn field_int(o: usize, view: &[Filter], op: &str, value: &str) -> R<Cond> {
    let (line, sep, index) = field_of(view).ok_or("a field probekit cannot follow")?;
    Ok(Cond::Atom(
        o,
        Pred::FieldInt {
            line,
            sep,
            index,
            op: check_op(op).ok_or_else(|| format!("a `{op}` test"))?,
            value: value.to_string(),
            negated: false,
            at: 0,
        },
    ))
}

/// A regex class of these characters, each once, blanks written as escapes (`[ \t\r]`).
fn char_class(chars: &str) -> String {
    let mut out = String::from("[");
    let mut seen = String::new();
    for c in chars.chars() {
        if seen.contains(c) {
            continue;
        }
        seen.push(c);
        match c {
            '\t' => out.push_str(r"\t"),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            '\x0b' => out.push_str(r"\v"),
            '\x0c' => out.push_str(r"\f"),
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push(']');
    out
}

fn equality(op: &str, c: Cond) -> R<Cond> {
    match op {
        "=" | "==" => Ok(c),
        "!=" => Ok(not(c)),
        _ => Err(format!("a `{op}` test")),
    }
}

#[derive(Clone)]
pub(in crate::import) struct Obs {
    /// The probe that passes when the observation does (`Pred::Ok`).
    pub(in crate::import) ok: Draft,
    /// The probe that only observes (any exit code, any status): the base for rules on output.
    pub(in crate::import) captured: Draft,
    /// Where `$(…)` finds the output: `stdout` or `body`.
    pub(in crate::import) out_key: &'static str,
    /// A command: its failure can be expected too.
    pub(in crate::import) command: bool,
    /// Seconds the script had slept when it made the observation.
    pub(in crate::import) slept: f64,
    /// Waited for without end, this many seconds apart.
    pub(in crate::import) waits: Option<f64>,
    /// Tried again for as long as the script reads when it runs ([`Repeat`]).
    pub(in crate::import) repeat: Option<Repeat>,
    /// Not expressible (why): harmless on a path that fails anyway (a restart before `exit
    /// 1`), an error when the verdict needs it.
    pub(in crate::import) unknown: Option<String>,
    /// A command run for what it does (`touch /tmp/healthy` after the checks pass): its probe
    /// waits for the probes of what the script observed before it.
    pub(in crate::import) effect: bool,
    /// A test of what is settled before the script starts (its environment and arguments,
    /// `[ -n "$PASSWORD" ]`): it comes out the same wherever the script makes it.
    pub(in crate::import) settled: bool,
    /// The observation that passes exactly when this one does not (`! curl … | grep -q X`:
    /// the output without X, whatever curl's status).
    pub(in crate::import) opposite: Option<usize>,
}

/// How often a script tries a check, by a count or a time it reads when it runs.
#[derive(Clone, Debug, PartialEq)]
pub(in crate::import) enum Repeat {
    /// As many times as the text says (`for i in $(seq 1 "$TIMEOUT")`), this many seconds
    /// apart: the probe's `attempts`.
    Attempts(Text, f64),
    /// For as many seconds as the first text says, every so many as the second (`while [ $t
    /// -gt 0 ]; do …; sleep $step; t=$((t - step)); done`): the probe's `wait`.
    Wait(Text, Text),
}

/// What a script does on one side of a settled test.
pub(in crate::import) enum Side {
    /// Passes, whatever it observes.
    Passes,
    /// Fails, whatever it observes.
    Fails,
    /// Passes when these pass.
    Probes(Vec<Draft>),
}

/// The probes of a script that goes one way or another on a test of what is settled before it
/// starts (its environment, its arguments): `when` is the test's probe passing, `unless` the
/// same test expected to fail. Each side's probes wait for a gate open on that side only, so
/// the other side's are skipped (and count as passed); a side that fails makes the test a
/// requirement instead. `None` when the names cannot be kept apart.
pub(in crate::import) fn gated(when: Draft, unless: Draft, t: Side, f: Side) -> Option<Vec<Draft>> {
    let mut out: Vec<Draft> = Vec::new();
    let mut sides: Vec<(Draft, Vec<Draft>)> = Vec::new();
    for (side, gate, other) in [(t, &when, &unless), (f, &unless, &when)] {
        match side {
            Side::Passes => {}
            Side::Fails => {
                let mut required = other.clone();
                required.gate = false;
                out.push(required);
            }
            Side::Probes(drafts) => {
                let mut gate = gate.clone();
                gate.gate = true;
                sides.push((gate, drafts));
            }
        }
    }
    if sides.is_empty() && out.is_empty() {
        return None;
    }
    // A probe both sides ask alike is asked whichever way the test comes out.
    let common: Vec<Draft> = match sides.as_slice() {
        [(_, a), (_, b)] => a.iter().filter(|d| b.contains(d)).cloned().collect(),
        _ => Vec::new(),
    };
    out.extend(common.iter().cloned());
    for (gate, drafts) in sides {
        let mut drafts: Vec<Draft> = drafts.into_iter().filter(|d| !common.contains(d)).collect();
        // Names the other side took already: this side's probes, and what waits for them,
        // are renamed.
        let taken = |n: &str, out: &[Draft]| out.iter().any(|e| e.name == n) || n == gate.name;
        let mut renames: Vec<(String, String)> = Vec::new();
        for d in &drafts {
            if taken(&d.name, &out) {
                let mut k = 2;
                let fresh = loop {
                    let candidate = format!("{}-{k}", d.name);
                    if !taken(&candidate, &out) && !drafts.iter().any(|e| e.name == candidate) {
                        break candidate;
                    }
                    k += 1;
                };
                renames.push((d.name.clone(), fresh));
            }
        }
        // A side that asks nothing the other does not needs no gate.
        if drafts.is_empty() {
            continue;
        }
        // The other side fails: the test itself is required already, and this side's probes
        // wait for it (skipped where it fails, which fails the run).
        let required = out
            .iter()
            .any(|e| e.name == gate.name && e.check == gate.check && e.expect == gate.expect);
        if !required && out.iter().any(|e| e.name == gate.name) {
            return None;
        }
        for d in &mut drafts {
            for (old, new) in &renames {
                if d.name == *old {
                    d.name = new.clone();
                }
                for dep in &mut d.depends_on {
                    if dep == old {
                        *dep = new.clone();
                    }
                }
            }
            if !d.gate {
                d.depends_on.push(gate.name.clone());
            }
        }
        if !required {
            out.push(gate);
        }
        out.extend(drafts);
    }
    Some(out)
}

/// The gates of a test of a value's text (`printf %s "${PORT}"` matching a regex):
/// `when-port-matches` and `unless-port-matches`.
pub(in crate::import) fn matches_gate_names(value: Option<&Text>) -> (String, String) {
    let what = match value.map(|t| t.0.as_slice()) {
        Some([super::draft::Piece::Var(name, _)]) => super::naming::slug(name),
        _ => "value".to_string(),
    };
    (
        format!("when-{what}-matches"),
        format!("unless-{what}-matches"),
    )
}

/// The names of the gates open when a settled test passes and when it fails, after what it
/// tests: `[ -n "$API_TOKEN" ]` opens `when-api-token-set` or `unless-api-token-set`.
pub(in crate::import) fn gate_names(test: &Draft) -> (String, String) {
    let Check::Command { argv, .. } = &test.check else {
        return (test.name.clone(), format!("{}-else", test.name));
    };
    let word = |t: &super::draft::Text| -> String {
        match t.0.as_slice() {
            [super::draft::Piece::Var(name, _)] => name.clone(),
            _ => t.render(),
        }
    };
    let words: Vec<String> = argv.iter().skip(1).map(word).collect();
    // `test "$R" = api -o "$R" = all`: `r-is-api-or-all`.
    let clauses: Vec<&[String]> = words.split(|w| w == "-o").collect();
    let alternatives = clauses.len() > 1
        && clauses
            .iter()
            .all(|c| matches!(c, [a, op, _] if op == "=" && *a == clauses[0][0]));
    // `test -n "$A" -a -n "$B"`: `a-and-b-set`.
    let all_set: Option<Vec<&str>> = words
        .split(|w| w == "-a")
        .map(|c| match c {
            [op, x] if op == "-n" => Some(x.as_str()),
            _ => None,
        })
        .collect();
    let what = match words.as_slice() {
        _ if all_set.as_ref().is_some_and(|v| v.len() > 1) => {
            format!("{}-set", all_set.unwrap_or_default().join("-and-"))
        }
        _ if alternatives => {
            let values: Vec<&str> = clauses.iter().map(|c| c[2].as_str()).collect();
            format!("{}-is-{}", clauses[0][0], values.join("-or-"))
        }
        [op, x] if op == "-n" => format!("{x}-set"),
        [op, x] if op == "-z" => format!("{x}-empty"),
        [a, op, b] if op == "=" || op == "==" => format!("{a}-is-{b}"),
        [a, op, b] if op == "!=" => format!("{a}-is-not-{b}"),
        [a, op, b] => format!("{a}{op}-{b}"),
        _ => words.join("-"),
    };
    let what = super::naming::slug(&what);
    if what.is_empty() {
        return (test.name.clone(), format!("{}-else", test.name));
    }
    (format!("when-{what}"), format!("unless-{what}"))
}

/// `c` where observation `o` (a settled test) came out `value`.
pub(in crate::import) fn settle(c: Cond, o: usize, value: bool) -> Cond {
    match c {
        Cond::Atom(x, Pred::Ok) if x == o => constant(value),
        Cond::Atom(x, Pred::Fails) if x == o => constant(!value),
        Cond::Not(inner) => not(settle(*inner, o, value)),
        Cond::And(parts) => parts
            .into_iter()
            .map(|p| settle(p, o, value))
            .fold(Cond::True, and),
        Cond::Or(parts) => parts
            .into_iter()
            .map(|p| settle(p, o, value))
            .fold(Cond::False, or),
        other => other,
    }
}

/// `c` where observation `o`'s test `p` came out `value` (and its negation the other way);
/// `None` where `c` tests `o` in another way.
pub(in crate::import) fn settle_test(c: Cond, o: usize, p: &Pred, value: bool) -> Option<Cond> {
    Some(match c {
        Cond::Atom(x, q) if x == o => {
            if &q == p {
                constant(value)
            } else if negate(p).as_ref() == Some(&q) {
                constant(!value)
            } else {
                return None;
            }
        }
        Cond::Not(inner) => not(settle_test(*inner, o, p, value)?),
        Cond::And(parts) => parts.into_iter().try_fold(Cond::True, |acc, q| {
            Some(and(acc, settle_test(q, o, p, value)?))
        })?,
        Cond::Or(parts) => parts.into_iter().try_fold(Cond::False, |acc, q| {
            Some(or(acc, settle_test(q, o, p, value)?))
        })?,
        other => other,
    })
}

/// The tests `c` makes of observation `o`, in order (repeated as often as made).
pub(in crate::import) fn collect_tests(c: &Cond, o: usize, out: &mut Vec<Pred>) {
    match c {
        Cond::Atom(x, p) if *x == o => out.push(p.clone()),
        Cond::Not(inner) => collect_tests(inner, o, out),
        Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| collect_tests(p, o, out)),
        _ => {}
    }
}

/// The most ways of writing a formula tried (each a formula read as gates, bypasses, clauses,
/// or split on a test) before it is called too large: the tries multiply with every test a loop
/// unrolls, and a script whose formula takes more is kept rather than read for minutes.
const WRITE_TRIES: usize = 5_000;

/// Every observation of a script, in the order it made them.
#[derive(Default)]
pub(in crate::import) struct Observations {
    list: Vec<Obs>,
    /// The ways of writing the formula tried so far ([`WRITE_TRIES`]).
    tries: std::cell::Cell<usize>,
    /// The observations whose captured output is empty wherever they fail (see
    /// [`Observations::empty_where_unanswered`]).
    pub(in crate::import) empty_unless_ok: std::collections::BTreeSet<usize>,
}

impl Deref for Observations {
    type Target = Vec<Obs>;
    fn deref(&self) -> &Vec<Obs> {
        &self.list
    }
}

impl DerefMut for Observations {
    fn deref_mut(&mut self) -> &mut Vec<Obs> {
        &mut self.list
    }
}

impl Observations {
    /// The observations, in order: for the caller's own (a program text read apart).
    pub(in crate::import) fn into_inner(self) -> Vec<Obs> {
        self.list
    }

    /// A test of a request's output that holds on empty output (`! echo "$v" | grep -q DOWN`,
    /// `[ -z "$v" ]`): curl and wget print nothing where the request gets no answer (or, with
    /// `-f`, an error status), so the test holds there too, where a probe of the output fails:
    /// the test where the request passes, or the request failing.
    /// Only the tests of observations whose output is empty wherever they fail
    /// ([`Observations::empty_unless_ok`]: curl without `-w`, `-i`, `--fail-with-body` or its
    /// errors among what is read) are read so; not a test of a word the caller gives, which
    /// may be empty.
    pub(in crate::import) fn empty_where_unanswered(&self, c: Cond) -> Cond {
        match c {
            Cond::Atom(o, p)
                if self.empty_unless_ok.contains(&o)
                    && !self[o].command
                    && self[o].out_key == "body"
                    && matches!(p, Pred::Text(..))
                    && holds_on_empty(&p)
                    && self[o].repeat.is_none()
                    && self[o].waits.is_none()
                    && self[o].unknown.is_none() =>
            {
                or(not(Cond::Atom(o, Pred::Ok)), Cond::Atom(o, p))
            }
            Cond::Not(inner) => not(self.empty_where_unanswered(*inner)),
            Cond::And(parts) => Cond::And(
                parts
                    .into_iter()
                    .map(|p| self.empty_where_unanswered(p))
                    .collect(),
            ),
            Cond::Or(parts) => Cond::Or(
                parts
                    .into_iter()
                    .map(|p| self.empty_where_unanswered(p))
                    .collect(),
            ),
            other => other,
        }
    }

    /// `if out=$(curl -fs URL); then [ "$out" = red ] && exit 1; fi; exit 0`: `¬G ∨ X`, where
    /// the gate G and the checks X read the same request. A gate's probe decides whether the
    /// checks run, so the checks get a probe of their own: the same request, asked again
    /// once the gate is open (the report says so). Requests that only read (GET or HEAD,
    /// nothing sent) only: a command or a POST asked twice may do twice what it does. `cond`
    /// as it was where there is no such gate.
    pub(in crate::import) fn separate_gate_reads(
        &mut self,
        cond: Cond,
        warnings: &mut Vec<Warning>,
    ) -> Cond {
        let Cond::Or(alts) = &cond else {
            return cond;
        };
        if self.tries_of_one_check(alts) {
            return cond;
        }
        let Some((i, opens)) = alts
            .iter()
            .enumerate()
            .find_map(|(i, a)| self.gate_probes(a).map(|opens| (i, opens)))
        else {
            return cond;
        };
        let read: Vec<usize> = alts
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, a)| a.atoms())
            .collect();
        let shared: Vec<usize> = opens
            .iter()
            .map(|(g, _)| *g)
            .filter(|g| read.contains(g))
            .collect();
        if shared.is_empty()
            || shared.iter().any(|g| {
                let o = &self[*g];
                let reads_only = matches!(
                    &o.ok.check,
                    Check::Http { method, body: None, .. }
                        if method.as_deref().is_none_or(|m| matches!(m, "GET" | "HEAD"))
                );
                o.command || !reads_only || o.effect || o.opposite.is_some()
            })
        {
            return cond;
        }
        let mut renames = Vec::new();
        for g in shared {
            let mut again = self[g].clone();
            let base = again.ok.name.clone();
            let name = (2..)
                .map(|k| format!("{base}-{k}"))
                .find(|n| !self.iter().any(|o| o.ok.name == *n))
                .unwrap_or(base);
            again.ok.name = name.clone();
            again.captured.name = name;
            warnings.push(Warning {
                line: again.ok.line,
                message: format!(
                    "the script's checks read the answer of the request that decides whether they run; the suite asks it twice: `{}` decides, `{}` checks",
                    self[g].ok.name, again.ok.name
                ),
            });
            self.push(again);
            renames.push((g, self.len() - 1));
        }
        // The checks run only where the gate opened: where the request passed, as its second
        // asking must too.
        Cond::Or(
            alts.iter()
                .enumerate()
                .map(|(j, a)| {
                    if j == i {
                        return a.clone();
                    }
                    let asked = renamed(a.clone(), &renames);
                    let atoms = asked.atoms();
                    renames
                        .iter()
                        .filter(|(_, again)| atoms.contains(again))
                        .fold(asked, |c, (_, again)| and(Cond::Atom(*again, Pred::Ok), c))
                })
                .collect(),
        )
    }

    /// The formula as probes, or why it cannot be.
    pub(in crate::import) fn write(
        &self,
        cond: Cond,
        warnings: &mut Vec<Warning>,
    ) -> R<Vec<Draft>> {
        let before = warnings.len();
        match self.write_directly(cond.clone(), warnings) {
            Ok(drafts) => Ok(drafts),
            Err(why) => {
                warnings.truncate(before);
                if let Some(factored) = self.common_tail(&cond) {
                    if std::env::var_os("PROBEKIT_SEMA_DEBUG").is_some() {
                        eprintln!("common tail: {factored:?}");
                    }
                    if let Ok(drafts) = self.write_directly(factored, warnings) {
                        return Ok(drafts);
                    }
                    warnings.truncate(before);
                }
                self.split(&cond, warnings).ok_or(why)
            }
        }
    }

    /// `wait for A (a bounded loop), then C`: every way the script passes ends with the same
    /// check C, made after more or fewer tries of A, `(X₁ ∧ C) ∨ (X₂ ∧ C′)`, which is
    /// `(X₁ ∨ X₂) ∧ C` as the suite runs it (the tries, then C once). `None` when the ways
    /// that pass do not all end alike.
    fn common_tail(&self, cond: &Cond) -> Option<Cond> {
        // The ways as they nest (`¬A₀ ∧ ((¬A₁ ∧ …) ∨ (A₁ ∧ C′))) ∨ (A₀ ∧ C)`: a loop whose
        // round ends in a test) laid out flat first.
        let mut alts = ways(cond, 1024)?;
        if alts.len() < 2 {
            return None;
        }
        // The ways of a wait exclude each other (`A₀ ∧ C` beside `¬A₀ ∧ A₁ ∧ C′`): the script
        // makes C once, on one of them. Ways that do not (`(A₀ ∧ B₀) ∨ (A₁ ∧ B₁)`, a loop whose
        // round tries both) make C again where it failed, which one C after the tries of A
        // would not: they are not factored (but where they are the tries of one head's last
        // check, [`Self::tries_per_head`]).
        let exclusive = |x: &[Cond], y: &[Cond]| x.iter().any(|a| y.contains(&not_of(a)));
        let tried_again =
            (0..alts.len()).any(|i| (i + 1..alts.len()).any(|j| !exclusive(&alts[i], &alts[j])));
        let mut tail = Vec::new();
        let mut grouped = false;
        // The last observation of each way, if all are the same check asked the same. A way
        // left with no check of its own (`¬A₀`) ends the tail, not the factoring.
        while let Some(lasts) = alts
            .iter()
            .map(|parts| {
                parts
                    .iter()
                    .enumerate()
                    .filter_map(|(i, c)| self.as_atom(c).map(|(o, p)| (i, o, p)))
                    .last()
            })
            .collect::<Option<Vec<(usize, usize, Pred)>>>()
        {
            let Some((_, first, pred)) = lasts.first().cloned() else {
                break;
            };
            let alike = lasts
                .iter()
                .all(|(_, o, p)| *p == pred && !self[*o].effect && self.same_check(first, *o));
            if !alike {
                break;
            }
            let earliest = lasts.iter().map(|(_, o, _)| *o).min()?;
            let mut rest = alts.clone();
            for (parts, (i, _, _)) in rest.iter_mut().zip(&lasts) {
                parts.remove(*i);
            }
            // Ways alike but for their tries of it, every head with as many tries as far apart
            // (`(¬A₀ ∧ A₁ ∧ (C₁ ∨ C₂)) ∨ (A₀ ∧ (C₀ ∨ C₁))`: a wait for A, then a wait for C):
            // the heads, then C tried so.
            if let Some((heads, tries)) = self.tries_per_head(&rest, &lasts, first, &pred) {
                alts = heads;
                grouped = true;
                tail.push(Cond::Or(
                    tries
                        .into_iter()
                        .map(|o| Cond::Atom(o, pred.clone()))
                        .collect(),
                ));
                if alts.iter().any(Vec::is_empty) {
                    break;
                }
                continue;
            }
            // The check the ways try again (`¬A₀ ∧ A₁`) is their head, not a tail.
            let again = rest
                .iter()
                .flatten()
                .any(|c| c.atoms().iter().any(|o| self.same_check(*o, first)));
            if again {
                // `while ! A && [ $n -lt 30 ]; do …; done; if A; then …`: the wait, then the
                // same check once more. Right after a try that passed (no pause between), the
                // second asking is that try's answer; after the last failed try it is one try
                // more. The ways are then the tries of A.
                if tail.is_empty() {
                    return self.asked_again(&alts, &lasts);
                }
                break;
            }
            // A way left with nothing but this check, made at other times in other ways
            // (`C₀ ∨ C₁ ∨ …`, a loop that tries C), or ways alike but for it (`X ∧ (C₀ ∨ C₁)`,
            // a check and then a loop that tries C): those are the tries, which the factoring
            // would make one.
            let heads_alike = rest.windows(2).all(|w| w[0] == w[1]);
            if (rest.iter().any(Vec::is_empty) || heads_alike)
                && lasts.iter().any(|(_, o, _)| *o != first)
            {
                break;
            }
            // Two ways alike but for their tries of it (`t ∧ (C₀ ∨ C₁)` beside `¬t ∧ C₀`: a
            // try again on one side only): the factoring would lose that try.
            let tried_twice = (0..rest.len()).any(|i| {
                (i + 1..rest.len()).any(|j| rest[i] == rest[j] && lasts[i].1 != lasts[j].1)
            });
            if tried_twice {
                break;
            }
            // Rounds that each try A and C (`until A && C; do …; done`) pass only where both
            // pass in the same round: A's tries, then C's, would give each its own time (A
            // answering at the last round, C a round later, fails the script and passes them).
            if tried_again {
                return None;
            }
            alts = rest;
            tail.push(Cond::Atom(earliest, pred));
            if alts.iter().any(Vec::is_empty) {
                break;
            }
        }
        if tail.is_empty() {
            return None;
        }
        // (A way with no check left passes: the head holds, where simplifying has used up its
        // steps too.)
        let head = if alts.iter().any(Vec::is_empty) {
            Cond::True
        } else {
            simplify(Cond::Or(
                alts.into_iter()
                    .map(|parts| match parts.len() {
                        0 => Cond::True,
                        1 => parts.into_iter().next().expect("one"),
                        _ => Cond::And(parts),
                    })
                    .collect(),
            ))
        };
        // The heads of ways grouped by their tries of the tail are waits of their own (`for
        // port in 80 81 82`, each port tried until it answers).
        let head = match grouped {
            true => self.common_tail(&head).unwrap_or(head),
            false => head,
        };
        tail.reverse();
        let mut all = match head {
            Cond::True => Vec::new(),
            Cond::And(parts) => parts,
            other => vec![other],
        };
        all.extend(tail);
        Some(simplify(Cond::And(all)))
    }

    /// Where ways share their heads (`rest`, each way less its last check, `lasts`, a try of
    /// `first` asked `pred`): the heads, and the tries of one head in the order they are made,
    /// when every head has as many as far apart. A try of the check that failed before the
    /// way's last (`¬C₀ ∧ C₁`) is a try of its head: `C₀ ∨ (¬C₀ ∧ C₁)` is `C₀ ∨ C₁`. `None`
    /// where no two ways share a head, a head makes the check otherwise, or the heads' tries
    /// differ.
    fn tries_per_head(
        &self,
        rest: &[Vec<Cond>],
        lasts: &[(usize, usize, Pred)],
        first: usize,
        pred: &Pred,
    ) -> Option<(Vec<Vec<Cond>>, Vec<usize>)> {
        let failed_try = |c: &Cond| {
            matches!(c, Cond::Not(inner) if self
                .as_atom(inner)
                .is_some_and(|(o, p)| p == *pred && self.same_check(o, first)))
        };
        // Each head, its tries, and the failed tries its ways passed before theirs.
        let mut groups: Vec<(Vec<Cond>, Vec<usize>, Vec<usize>)> = Vec::new();
        for (way, (_, o, _)) in rest.iter().zip(lasts) {
            let mut failed = Vec::new();
            let mut head = Vec::new();
            for c in way {
                if failed_try(c) {
                    failed.extend(c.atoms());
                } else if c.atoms().iter().any(|x| self.same_check(*x, first)) {
                    return None;
                } else {
                    head.push(c.clone());
                }
            }
            match groups.iter_mut().find(|(h, _, _)| *h == head) {
                Some((_, tries, before)) => {
                    if !tries.contains(o) {
                        tries.push(*o);
                    }
                    before.extend(failed);
                }
                None => groups.push((head, vec![*o], failed)),
            }
        }
        if groups.len() == rest.len() {
            return None;
        }
        let timed = |tries: &mut Vec<usize>| {
            tries.sort_by(|a, b| self[*a].slept.total_cmp(&self[*b].slept).then(a.cmp(b)));
            tries
                .windows(2)
                .map(|w| self[w[1]].slept - self[w[0]].slept)
                .collect::<Vec<f64>>()
        };
        let mut one = groups[0].1.clone();
        let gaps = timed(&mut one);
        for (head, tries, before) in &mut groups {
            let own = timed(tries);
            // The first try follows the head's last check at once: a pause between (`sleep
            // 10` once a port answers) is time the suite, which starts the tries as soon as
            // the head's checks pass, would not give.
            let head_ends = head
                .iter()
                .flat_map(Cond::atoms)
                .map(|o| self[o].slept)
                .fold(0.0, f64::max);
            if tries.len() != one.len()
                || own.iter().zip(&gaps).any(|(a, b)| (a - b).abs() > 1e-9)
                || before.iter().any(|o| !tries.contains(o))
                || (self[tries[0]].slept - head_ends).abs() > 1e-9
            {
                return None;
            }
        }
        Some((groups.into_iter().map(|(h, _, _)| h).collect(), one))
    }

    /// The ways of a wait for A followed by A asked again (`lasts`, each way's last check):
    /// where the way's own try of A passed just before, without a pause, the second asking
    /// goes; elsewhere it stays, a try of its own. `None` unless every way is one of the two.
    fn asked_again(&self, alts: &[Vec<Cond>], lasts: &[(usize, usize, Pred)]) -> Option<Cond> {
        let mut out = Vec::new();
        let mut dropped = false;
        for (parts, (i, last, pred)) in alts.iter().zip(lasts) {
            let before = parts
                .iter()
                .enumerate()
                .filter(|(k, _)| k != i)
                .filter_map(|(_, c)| self.as_atom(c))
                .max_by_key(|(o, _)| *o);
            let mut way = parts.clone();
            match before {
                Some((o, p))
                    if p == *pred
                        && self.same_check(o, *last)
                        && self[o].slept == self[*last].slept =>
                {
                    way.remove(*i);
                    dropped = true;
                }
                // The tries all failed (`¬A₀ ∧ … ∧ ¬Aₙ`), then A once more.
                _ if parts.iter().enumerate().all(|(k, c)| {
                    k == *i
                        || matches!(c, Cond::Not(inner) if self
                            .as_atom(inner)
                            .is_some_and(|(o, p)| p == *pred && self.same_check(o, *last)))
                }) => {}
                _ => return None,
            }
            out.push(if way.len() == 1 {
                way.remove(0)
            } else {
                Cond::And(way)
            });
        }
        if !dropped {
            return None;
        }
        // `A₀ ∨ (¬A₀ ∧ A₁) ∨ …` is `A₀ ∨ A₁ ∨ …`: a negation of a way that is one check alone
        // goes, until none is left to take (the loop's tries, in order).
        loop {
            let alone: Vec<Cond> = out
                .iter()
                .filter(|w| matches!(w, Cond::Atom(..)))
                .cloned()
                .collect();
            let mut changed = false;
            for w in &mut out {
                if let Cond::And(parts) = w {
                    let before = parts.len();
                    parts.retain(|p| !matches!(p, Cond::Not(inner) if alone.contains(inner)));
                    changed |= parts.len() != before;
                    if parts.len() == 1 {
                        *w = parts.remove(0);
                    }
                }
            }
            if !changed {
                break;
            }
        }
        Some(simplify(Cond::Or(out)))
    }

    /// `C₀ ∨ C₁ ∨ …`: the same check asked the same, made again and again (a loop's tries),
    /// which are retries, not a gate and the checks behind it.
    fn tries_of_one_check(&self, alts: &[Cond]) -> bool {
        let atoms: Option<Vec<(usize, Pred)>> = alts.iter().map(|a| self.as_atom(a)).collect();
        let Some(atoms) = atoms else { return false };
        let Some((first, pred)) = atoms.first().cloned() else {
            return false;
        };
        atoms.len() > 1
            && atoms
                .iter()
                .all(|(o, p)| *p == pred && self.same_check(first, *o))
    }

    /// The same request or command with the same expectations, wherever the script made it.
    fn same_check(&self, a: usize, b: usize) -> bool {
        same_check(&self[a], &self[b])
    }

    /// `if [ -n "$REDIS_PASSWORD" ]; then redis-cli -a … ping; else redis-cli ping; fi`: the
    /// formula split on a test of the environment or the arguments, (P ∧ T) ∨ (¬P ∧ F). Each
    /// side's probes wait for a gate that is open on its side only: `test` passing for T, failing
    /// for F, so the probes of the other side are skipped (and count as passed).
    fn split(&self, cond: &Cond, warnings: &mut Vec<Warning>) -> Option<Vec<Draft>> {
        // The test the script makes first is the outermost.
        let o = cond
            .atoms()
            .into_iter()
            .filter(|o| self[*o].settled)
            .min()?;
        // A value's text tested one way (`printf %s "$PORT"` matching `^[0-9]+$`, or not):
        // the sides are where that test holds and where it does not.
        let text_test = {
            let mut tests = Vec::new();
            collect_tests(cond, o, &mut tests);
            match tests.as_slice() {
                [p @ Pred::Text(..), rest @ ..]
                    if self[o].ok.expect.is_empty()
                        && rest.iter().all(|q| q == p || negate(p).as_ref() == Some(q)) =>
                {
                    Some(p.clone())
                }
                _ => None,
            }
        };
        let when = |value: bool| match &text_test {
            Some(p) => settle_test(cond.clone(), o, p, value).map(simplify),
            None => Some(simplify(settle(cond.clone(), o, value))),
        };
        let (t, f) = (when(true)?, when(false)?);
        if std::env::var_os("PROBEKIT_SEMA_DEBUG").is_some() {
            eprintln!(
                "split on {}: {} / {}",
                self[o].ok.name,
                self.describe(&t),
                self.describe(&f)
            );
        }
        if t.atoms().contains(&o) || f.atoms().contains(&o) {
            return None;
        }
        let before = warnings.len();
        let (when_name, unless_name) = match (&text_test, &self[o].ok.check) {
            // `printf %s "${PORT}"` matching: `when-port-matches`, `unless-port-matches`.
            (Some(Pred::Text(key, _)), Check::Command { argv, .. }) => {
                let (yes, no) = matches_gate_names(argv.get(2));
                if key.starts_with("not_") {
                    (no, yes)
                } else {
                    (yes, no)
                }
            }
            _ => gate_names(&self[o].ok),
        };
        let side = |c: Cond, warnings: &mut Vec<Warning>| match c {
            Cond::True => Some(Side::Passes),
            Cond::False => Some(Side::Fails),
            c => self.write(c, warnings).ok().map(Side::Probes),
        };
        let (Some(t), Some(f)) = (side(t, warnings), side(f, warnings)) else {
            warnings.truncate(before);
            return None;
        };
        let (holds, fails) = match &text_test {
            Some(p) => (p.clone(), negate(p)?),
            None => (Pred::Ok, Pred::Fails),
        };
        let (Ok(mut when), Ok(mut unless)) = (self.probe(o, &[holds]), self.probe(o, &[fails]))
        else {
            warnings.truncate(before);
            return None;
        };
        when.name = when_name;
        unless.name = unless_name;
        let out = gated(when, unless, t, f);
        if out.is_none() {
            warnings.truncate(before);
        }
        out
    }

    fn write_directly(&self, cond: Cond, warnings: &mut Vec<Warning>) -> R<Vec<Draft>> {
        let tries = self.tries.get() + 1;
        self.tries.set(tries);
        if tries > WRITE_TRIES {
            return Err(format!(
                "a formula of more ways to pass than probekit follows ({WRITE_TRIES} tried)"
            ));
        }
        // `[ "$rc" = 0 ] || [ "$rc" = 1 ]`: one command's codes, not a gate.
        let cond = match &cond {
            Cond::Or(alts) => exit_codes(alts).map_or(cond, |(o, p)| Cond::Atom(o, p)),
            _ => cond,
        };
        // `nc -z upstream || exit 0; CHECKS`: ¬G ∨ X. G is a gate, and X's probes wait for it.
        // `[ "$A" ] && [ -z "$B" ] && exit 0; CHECKS`: (a ∧ b) ∨ X. The gate is open (the
        // checks run) when any of ¬a, ¬b holds.
        if let Cond::Or(alts) = &cond
            && !self.tries_of_one_check(alts)
            && let Some(i) = alts.iter().position(|a| self.gate_probes(a).is_some())
        {
            let opens = self.gate_probes(&alts[i]).ok_or("a gate")?;
            let rest: Vec<Cond> = alts
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, a)| a.clone())
                .collect();
            let rest = simplify(Cond::Or(rest));
            if opens.iter().any(|(g, _)| rest.atoms().contains(g)) {
                return Err("a gate that its checks also read".into());
            }
            let mut gate = match opens.as_slice() {
                [(g, p)] => self.probe(*g, std::slice::from_ref(p))?,
                many => {
                    let mut options = Vec::new();
                    for (g, p) in many {
                        options.push(self.probe(*g, std::slice::from_ref(p))?);
                    }
                    let first = options[0].clone();
                    Draft::new(
                        format!("{}-gate", first.name),
                        first.line,
                        Check::AnyOf(options),
                    )
                }
            };
            gate.gate = true;
            let mut drafts = self.write(rest, warnings)?;
            for d in &mut drafts {
                if d.name == gate.name {
                    return Err("a gate that is also a check".into());
                }
                if !d.gate {
                    d.depends_on.push(gate.name.clone());
                }
            }
            drafts.insert(0, gate);
            return Ok(drafts);
        }
        // `if CHECK; then exit 0; fi; OTHER CHECKS`: A ∨ X, with A one probe made before any of
        // X's. A is a bypass, and X's probes wait for it: they run only where it did not pass.
        if let Cond::Or(alts) = &cond
            && let [first, second] = alts.as_slice()
            && !self.tries_of_one_check(alts)
        {
            for (a, x) in [(first, second), (second, first)] {
                let Some((o, preds)) = self.one_probe(a) else {
                    continue;
                };
                let later = x.atoms();
                if later.is_empty()
                    || later.iter().any(|l| *l <= o || self.same_check(o, *l))
                    || self.one_probe(x).is_some()
                    || self[o].repeat.is_some()
                    || self[o].waits.is_some()
                {
                    continue;
                }
                let mut bypass = self.probe_warned(o, &preds, Some(warnings))?;
                bypass.bypass = true;
                let mut drafts = self.write(x.clone(), warnings)?;
                for d in &mut drafts {
                    if d.name == bypass.name {
                        return Err("a bypass that is also a check".into());
                    }
                    d.depends_on.push(bypass.name.clone());
                }
                drafts.insert(0, bypass);
                return Ok(drafts);
            }
        }
        let clauses = match cond {
            Cond::True => return Err(PASSES_ALWAYS.into()),
            Cond::False => return Err(ALWAYS_FAILS.into()),
            Cond::And(parts) => parts,
            other => vec![other],
        };
        let mut groups: Vec<(usize, Vec<Pred>)> = Vec::new();
        let mut drafts: Vec<(usize, Draft)> = Vec::new();
        let atoms_of: Vec<Vec<usize>> = clauses.iter().map(Cond::atoms).collect();
        for (at, clause) in clauses.into_iter().enumerate() {
            let clause = self
                .as_atom(&clause)
                .map_or(clause, |(o, p)| Cond::Atom(o, p));
            match clause {
                Cond::Atom(o, p) => match groups
                    .iter_mut()
                    .find(|(g, _)| *g == o || self.same_request(*g, o))
                {
                    Some((_, preds)) => preds.push(p),
                    None => groups.push((o, vec![p])),
                },
                Cond::Or(alts) => match self.retries(&alts) {
                    Ok(d) => drafts.push(d),
                    // `if ip addr | grep -q VIP; then CHECK || exit 1; fi` beside other checks:
                    // ¬G ∨ X as one clause. G is a gate that X's probes wait for, as at the
                    // top (above); the other clauses' probes do not. Only where no other
                    // clause reads G or X.
                    Err(_)
                        if !self.tries_of_one_check(&alts)
                            && alts.iter().any(|a| self.gate_probes(a).is_some())
                            && atoms_of.iter().enumerate().all(|(j, other)| {
                                j == at || other.iter().all(|o| !atoms_of[at].contains(o))
                            }) =>
                    {
                        let first = atoms_of[at].iter().copied().min().unwrap_or(0);
                        for d in self.write_directly(Cond::Or(alts), warnings)? {
                            drafts.push((first, d));
                        }
                    }
                    Err(e) => return Err(e),
                },
                Cond::Not(inner) => {
                    return Err(format!(
                        "the script passes when a check fails ({})",
                        self.describe(&inner)
                    ));
                }
                other => {
                    return Err(format!(
                        "a condition probekit cannot write ({})",
                        self.describe(&other)
                    ));
                }
            }
        }
        for (o, preds) in groups {
            let mut d = self.probe_warned(o, &preds, Some(warnings))?;
            if let Some(delay) = self[o].waits {
                let line = d.line;
                warnings.push(wait_without_end(&mut d, delay, line));
            }
            if self[o].repeat.is_some() && (d.retries.is_some() || d.wait.is_some()) {
                return Err("a check with retries of its own in a loop that retries it".into());
            }
            match &self[o].repeat {
                Some(Repeat::Attempts(count, delay)) => {
                    d.attempts = Some(count.clone());
                    d.retry_delay = Some(seconds(&delay.to_string()));
                }
                Some(Repeat::Wait(until, every)) => {
                    d.wait = Some((until.render(), every.render()));
                }
                None => {}
            }
            drafts.push((o, d));
        }
        drafts.sort_by_key(|(o, _)| *o);
        let mut out: Vec<Draft> = Vec::new();
        for (o, mut d) in drafts {
            if self[o].effect {
                for e in &out {
                    if !e.gate && !d.depends_on.contains(&e.name) {
                        d.depends_on.push(e.name.clone());
                    }
                }
            }
            if out.iter().any(|e| e.name == d.name && e == &d) {
                continue;
            }
            if out.iter().any(|e| e.name == d.name) {
                return Err("one check is asked two different things".into());
            }
            out.push(d);
        }
        Ok(out)
    }

    /// What opens the gate of an alternative that passes the script before its checks: the
    /// observation and what it must show (`¬G`: G passes; a command's `Fails`: it passes); for
    /// a conjunction of commands (`[ "$A" ] && [ -z "$B" ]`), any one of them negated.
    fn gate_probes(&self, c: &Cond) -> Option<Vec<(usize, Pred)>> {
        let Cond::And(parts) = c else {
            // `[ -f /tmp/healthy ] || CHECKS`: a command that passes the script; the gate is
            // open when it fails.
            if let Cond::Atom(o, Pred::Ok) = c
                && self.fails_negates(*o)
                && self[*o].unknown.is_none()
                && self[*o].waits.is_none()
                && self[*o].repeat.is_none()
            {
                return Some(vec![(*o, Pred::Fails)]);
            }
            if let Some(gate) = self.value_gate(c) {
                return Some(vec![gate]);
            }
            return self.gate_of(c).map(|o| vec![(o, Pred::Ok)]);
        };
        parts
            .iter()
            .map(|p| {
                let (o, open) = match p {
                    Cond::Atom(o, Pred::Ok) if self.fails_negates(*o) => (*o, Pred::Fails),
                    _ => match self.value_gate(p) {
                        Some(gate) => gate,
                        None => (self.gate_of(p)?, Pred::Ok),
                    },
                };
                (self[o].unknown.is_none() && self[o].waits.is_none() && self[o].repeat.is_none())
                    .then_some((o, open))
            })
            .collect()
    }

    /// A test of a value's text (`[[ $ROLE == *web* ]]`, read as `printf %s "$ROLE"` and a
    /// text rule; a settled command with no rule of its own) that passes the script: the
    /// gate's probe is the value with the opposite rule, open where the test fails.
    fn value_gate(&self, c: &Cond) -> Option<(usize, Pred)> {
        let (o, p) = match c {
            Cond::Atom(o, p @ Pred::Text(..)) => (*o, negate(p)?),
            Cond::Not(inner) => match inner.as_ref() {
                Cond::Atom(o, p @ Pred::Text(..)) => (*o, p.clone()),
                _ => return None,
            },
            _ => return None,
        };
        let obs = &self[o];
        (obs.settled
            && obs.command
            && obs.ok.expect.is_empty()
            && obs.unknown.is_none()
            && obs.waits.is_none()
            && obs.repeat.is_none())
        .then_some((o, p))
    }

    /// The observation whose failure passes the script (`¬G`, a command's `Fails`), when it can
    /// be a gate's probe.
    fn gate_of(&self, c: &Cond) -> Option<usize> {
        let o = match c {
            Cond::Not(inner) => match inner.as_ref() {
                Cond::Atom(o, Pred::Ok) => *o,
                _ => return None,
            },
            Cond::Atom(o, Pred::Fails) => *o,
            _ => return None,
        };
        (self[o].unknown.is_none() && self[o].waits.is_none() && self[o].repeat.is_none())
            .then_some(o)
    }

    /// Whether a command's failing is the opposite of its passing: its probe asks the exit
    /// status alone. One that also asks of its output (`curl … | grep -q X`, whose status is
    /// grep's; `redis-cli ping` for PONG) fails in more ways than by its exit status.
    fn fails_negates(&self, o: usize) -> bool {
        self[o].command
            && self[o].ok.expect.iter().all(|(k, v)| {
                k == "exit_code" && (matches!(v, Yaml::Int(0)) || *v == Yaml::str("0"))
            })
    }

    /// Two observations of the same request or command, made at the same point of the
    /// script's time (`curl URL | jq .a`, then `curl URL | jq .b`): one probe asks both.
    fn same_request(&self, a: usize, b: usize) -> bool {
        self.same_check(a, b) && self[a].slept == self[b].slept
    }

    /// The tests of one observation that `c` is (`curl … | grep -q UP`, or `[ "$code" = 200 ]`
    /// and `grep -q UP` on the same request), as one probe writes them.
    fn one_probe(&self, c: &Cond) -> Option<(usize, Vec<Pred>)> {
        let parts = match c {
            Cond::And(parts) => parts.clone(),
            other => vec![other.clone()],
        };
        let mut on = None;
        let mut preds = Vec::new();
        for p in &parts {
            let (o, pred) = self.as_atom(p)?;
            if on.is_some_and(|x| x != o) {
                return None;
            }
            on = Some(o);
            preds.push(pred);
        }
        Some((on?, preds))
    }

    /// A predicate on one observation: an atom, or a command's failure (`! cmd`).
    fn as_atom(&self, c: &Cond) -> Option<(usize, Pred)> {
        match c {
            Cond::Atom(o, p) => Some((*o, p.clone())),
            Cond::Not(inner) => match inner.as_ref() {
                Cond::Atom(o, Pred::Ok) if self[*o].opposite.is_some() => {
                    self[*o].opposite.map(|n| (n, Pred::Ok))
                }
                Cond::Atom(o, Pred::Ok) if self.fails_negates(*o) => Some((*o, Pred::Fails)),
                Cond::Atom(o, Pred::Json(path, JsonTest::Eq(v))) => {
                    Some((*o, Pred::Json(path.clone(), JsonTest::Ne(v.clone()))))
                }
                Cond::Atom(o, Pred::Json(path, JsonTest::Text(v))) => {
                    Some((*o, Pred::Json(path.clone(), JsonTest::NotText(v.clone()))))
                }
                _ => None,
            },
            Cond::Or(alternatives) => {
                exit_codes(alternatives).or_else(|| one_text_rule(alternatives))
            }
            _ => None,
        }
    }

    fn describe(&self, c: &Cond) -> String {
        match c {
            Cond::Atom(o, _) => format!("`{}`", self[*o].ok.name),
            Cond::Not(inner) => format!("not {}", self.describe(inner)),
            Cond::And(p) | Cond::Or(p) => {
                let word = if matches!(c, Cond::And(_)) {
                    " and "
                } else {
                    " or "
                };
                p.iter()
                    .map(|x| self.describe(x))
                    .collect::<Vec<_>>()
                    .join(word)
            }
            Cond::True => "true".into(),
            Cond::False => "false".into(),
        }
    }

    /// One probe: observation `o` with every predicate on it.
    fn probe(&self, o: usize, preds: &[Pred]) -> R<Draft> {
        self.probe_warned(o, preds, None)
    }

    /// [`Self::probe`], with what the probe tests differently from the script reported in
    /// `warnings`; without them, such a probe is not written.
    fn probe_warned(
        &self,
        o: usize,
        preds: &[Pred],
        mut warnings: Option<&mut Vec<Warning>>,
    ) -> R<Draft> {
        let d = self.probe_exact(o, preds)?;
        // A request that gets no answer leaves nothing to count, which a count that 0 passes
        // (only `> N` is known not to: a count the caller gives is not negative) passes.
        let unanswered = !self[o].command
            && !preds.contains(&Pred::Ok)
            && preds.iter().any(|p| match p {
                Pred::Lines(_, op, n) => op.holds(&0, n),
                Pred::LateLines(_, op, _) => *op != CmpOp::Gt,
                _ => false,
            });
        // What the probe tests differently from the script, by the line of the test.
        let mut differs: Vec<(usize, &str)> = Vec::new();
        for p in preds {
            match p {
                Pred::LateInt {
                    negated: true,
                    line,
                    ..
                } => differs.push((*line, LATE_INT_NEGATED)),
                Pred::FieldInt {
                    negated: true, at, ..
                } => differs.push((*at, FIELD_NEGATED)),
                Pred::FieldPresent {
                    line,
                    sep,
                    index,
                    at,
                } if !field_compared(preds, line, sep, *index) => {
                    differs.push((*at, FIELD_PRESENT))
                }
                _ => {}
            }
        }
        if unanswered {
            differs.push((d.line, UNANSWERED_COUNT));
        }
        // Every test of the output passes on none: a request without an answer passes.
        if !self[o].command
            && !preds.contains(&Pred::Ok)
            && preds
                .iter()
                .any(|p| matches!(p, Pred::Text(..) | Pred::Late(..) | Pred::Status(_, true)))
            && preds.iter().all(holds_on_empty)
            && !unanswered
        {
            let status = preds.iter().any(|p| matches!(p, Pred::Status(_, true)));
            differs.push((
                d.line,
                if status {
                    UNANSWERED_STATUS
                } else {
                    UNANSWERED_TEXT
                },
            ));
        }
        for (line, message) in differs {
            let Some(warnings) = warnings.as_deref_mut() else {
                return Err(format!("a probe that would differ: {message}"));
            };
            let warning = Warning {
                line: if line == 0 { d.line } else { line },
                message: message.into(),
            };
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
        Ok(d)
    }

    fn probe_exact(&self, o: usize, preds: &[Pred]) -> R<Draft> {
        let obs = &self[o];
        if let Some(why) = &obs.unknown {
            return Err(why.clone());
        }
        let ok = preds.contains(&Pred::Ok);
        let mut d = if ok {
            obs.ok.clone()
        } else {
            obs.captured.clone()
        };
        let mut rules: Vec<(String, Yaml)> = Vec::new();
        let mut json: Vec<Yaml> = Vec::new();
        let mut lines: Option<Yaml> = None;
        let mut fields: Vec<Yaml> = Vec::new();
        let mut status: Option<Vec<(u16, u16)>> = None;
        let needs_json = preds
            .iter()
            .any(|p| matches!(p, Pred::Json(_, t) if !matches!(t, JsonTest::Ne(_) | JsonTest::NotText(_) | JsonTest::Parses)));
        let mut late_status: Option<&String> = None;
        for p in preds {
            match p {
                Pred::Json(path, test) => {
                    let rule = |key: &str, v: Yaml| {
                        Yaml::Flow(vec![
                            ("path".into(), Yaml::str(path.clone())),
                            (key.into(), v),
                        ])
                    };
                    match test {
                        JsonTest::Parses => {
                            let under = |q: &str| {
                                q == path
                                    || q.strip_prefix(path.as_str())
                                        .is_some_and(|r| r.starts_with(['.', '[']))
                            };
                            let implied = preds.iter().any(|q| {
                                matches!(q, Pred::Json(qp, t) if under(qp) && matches!(
                                    t,
                                    JsonTest::Eq(_) | JsonTest::Int(..) | JsonTest::Len(..) | JsonTest::Text(_)
                                ))
                            });
                            if !implied {
                                return Err(
                                    "a `jq` whose own status decides: it fails on what is not JSON"
                                        .into(),
                                );
                            }
                        }
                        JsonTest::Eq(v) => json.push(rule("equals", json_yaml(v)?)),
                        JsonTest::JqTrue => {
                            json.push(rule("exists", Yaml::Bool(true)));
                            json.push(rule("not_equals", Yaml::Null));
                            json.push(rule("not_equals", Yaml::Bool(false)));
                        }
                        // A value the caller gives (`${…}`) is compared as text by `equals`.
                        JsonTest::Text(v) if v.contains("${") => {
                            json.push(rule("equals", Yaml::str(v.clone())))
                        }
                        JsonTest::Text(v) => json.push(rule("text", Yaml::str(v.clone()))),
                        JsonTest::NotText(v) => {
                            // (Not the empty text: jq prints nothing on what is not JSON.)
                            if !needs_json && !v.is_empty() {
                                return Err("a test that passes when the output is not JSON".into());
                            }
                            let key = if v.contains("${") {
                                "not_equals"
                            } else {
                                "not_text"
                            };
                            json.push(rule(key, Yaml::str(v.clone())));
                        }
                        JsonTest::Ne(v) => {
                            if !needs_json {
                                return Err("a test that passes when the output is not JSON".into());
                            }
                            json.push(rule("not_equals", json_yaml(v)?));
                        }
                        JsonTest::Int(op, n) => {
                            json.push(rule("type", Yaml::str("integer")));
                            json.push(rule("value", Yaml::str(format!("{} {n}", op.symbol()))));
                        }
                        JsonTest::Len(op, n) => {
                            json.push(rule("length", Yaml::str(format!("{} {n}", op.symbol()))));
                        }
                    }
                }
                Pred::Lines(matching, op, n) => {
                    count_rule(&mut lines, matching, format!("{} {n}", op.symbol()))?;
                }
                Pred::Measure(key, _, _) => {
                    if d.expect.iter().any(|(k, _)| k == key) {
                        continue;
                    }
                    // Every bound of the measure (`-ge 99`, then `-lt 100`): all one way,
                    // written once as the tightest.
                    let number = |v: &str| v.trim_end_matches(['%', 's']).parse::<f64>().ok();
                    let mut bounds = Vec::new();
                    for q in preds {
                        if let Pred::Measure(k, o, w) = q
                            && k == key
                        {
                            bounds.push((*o, number(w), w));
                        }
                    }
                    // A limit read when the probe runs, alone.
                    if let [(op, None, v)] = bounds.as_slice() {
                        d.expect
                            .push((key.to_string(), Yaml::str(format!("{} {v}", op.symbol()))));
                        continue;
                    }
                    let bounds: Vec<(CmpOp, f64, &String)> = bounds
                        .into_iter()
                        .map(|(o, n, w)| n.map(|n| (o, n, w)))
                        .collect::<Option<_>>()
                        .ok_or("two bounds of a measure, one read when the probe runs")?;
                    let upper = |o: &CmpOp| matches!(o, CmpOp::Le | CmpOp::Lt);
                    let lower = |o: &CmpOp| matches!(o, CmpOp::Ge | CmpOp::Gt);
                    let tightest = if bounds.iter().all(|(o, ..)| upper(o)) {
                        bounds.iter().min_by(|a, b| {
                            (a.1, a.0 == CmpOp::Le)
                                .partial_cmp(&(b.1, b.0 == CmpOp::Le))
                                .unwrap_or(std::cmp::Ordering::Equal)
                        })
                    } else if bounds.iter().all(|(o, ..)| lower(o)) {
                        bounds.iter().min_by(|a, b| {
                            (-a.1, a.0 == CmpOp::Ge)
                                .partial_cmp(&(-b.1, b.0 == CmpOp::Ge))
                                .unwrap_or(std::cmp::Ordering::Equal)
                        })
                    } else {
                        return Err(format!("two bounds of the probe's `{key}`"));
                    };
                    let (op, _, v) = tightest.ok_or("a measure")?;
                    d.expect
                        .push((key.to_string(), Yaml::str(format!("{} {v}", op.symbol()))));
                }
                Pred::Ok => {}
                Pred::Exit(codes) => exit_rule(&mut d, codes, ok)?,
                Pred::Fails => {
                    if ok {
                        return Err("a command that must pass and fail".into());
                    }
                    d.expect.retain(|(k, _)| k != "exit_code");
                    d.expect.push(("exit_code".into(), Yaml::str("nonzero")));
                }
                Pred::Text(key, v) | Pred::Late(key, v) => {
                    // A literal `${` is written `$${`, which the suite reads as text.
                    let v = match p {
                        Pred::Text(..) => v.replace("${", "$${"),
                        _ => v.clone(),
                    };
                    if matches!(*key, "number" | "equals" | "trimmed")
                        && rules.iter().any(|(k, _)| k == key)
                    {
                        return Err(format!("two `{key}` tests of the same output"));
                    }
                    if let Some((_, Yaml::List(items))) = rules.iter_mut().find(|(k, _)| k == key) {
                        items.push(Yaml::str(v));
                    } else {
                        rules.push((key.to_string(), Yaml::List(vec![Yaml::str(v)])));
                    }
                }
                Pred::LateLines(matching, op, v) => {
                    count_rule(&mut lines, matching, format!("{} {v}", op.symbol()))?;
                }
                Pred::FieldInt {
                    line,
                    sep,
                    index,
                    op,
                    value,
                    negated,
                    ..
                } => {
                    let op = if *negated { op.negated() } else { *op };
                    let rule = |k: &str, v: Yaml| field_rule(line, sep, *index, k, v);
                    if !negated {
                        // `$(…)` of exactly one line, which `test` reads as a whole number.
                        let sel = LineSel {
                            matching: line.clone(),
                            excluding: None,
                        };
                        count_rule(&mut lines, &sel, "== 1".into())?;
                        let whole = rule("matches", Yaml::str(r"\A[ \t]*[+-]?[0-9]+[ \t]*\z"));
                        if !fields.contains(&whole) {
                            fields.push(whole);
                        }
                    }
                    fields.push(rule(
                        "number",
                        Yaml::str(format!("{} {value}", op.symbol())),
                    ));
                }
                Pred::FieldPresent {
                    line, sep, index, ..
                } => {
                    if !field_compared(preds, line, sep, *index) {
                        fields.push(field_rule(line, sep, *index, "matches", Yaml::str(".")));
                    }
                }
                Pred::LateInt {
                    op, value, negated, ..
                } => {
                    if rules.iter().any(|(k, _)| k == "number") {
                        return Err("two `number` tests of the same output".into());
                    }
                    let op = if *negated { op.negated() } else { *op };
                    if !negated {
                        // `test` reads a whole number, blanks around it; anything else fails.
                        rules.push((
                            "matches".into(),
                            Yaml::List(vec![Yaml::str(r"\A[ \t]*[+-]?[0-9]+[ \t\n]*\z")]),
                        ));
                    }
                    rules.push((
                        "number".into(),
                        Yaml::str(format!("{} {value}", op.symbol())),
                    ));
                }
                Pred::LateStatus(v) => {
                    if late_status.is_some_and(|s| s != v) {
                        return Err("two statuses the caller gives".into());
                    }
                    late_status = Some(v);
                }
                Pred::Status(r, _) => {
                    status = Some(match status {
                        None => r.clone(),
                        Some(s) => intersect(&s, r),
                    });
                }
            }
        }
        let mut rules: Vec<(String, Yaml)> = rules
            .into_iter()
            .map(|(k, v)| match v {
                Yaml::List(mut items) if items.len() == 1 => (k, items.remove(0)),
                v => (k, v),
            })
            .collect();
        if let Some(l) = lines {
            rules.push(("lines".into(), l));
        }
        if !fields.is_empty() {
            rules.push(("field".into(), Yaml::List(fields)));
        }
        if !json.is_empty() {
            rules.push(("json".into(), Yaml::List(json)));
        }
        if !rules.is_empty() {
            match d.expect.iter_mut().find(|(k, _)| k == obs.out_key) {
                Some((_, Yaml::Flow(existing))) => {
                    for (k, v) in rules {
                        match existing.iter_mut().find(|(e, _)| *e == k) {
                            Some((_, old)) => {
                                let mut items = match std::mem::replace(old, Yaml::List(Vec::new()))
                                {
                                    Yaml::List(items) => items,
                                    one => vec![one],
                                };
                                match v {
                                    Yaml::List(more) => items.extend(more),
                                    one => items.push(one),
                                }
                                *old = Yaml::List(items);
                            }
                            None => existing.push((k, v)),
                        }
                    }
                }
                Some(_) => return Err("a test on output that is also matched".into()),
                None => d.expect.push((obs.out_key.into(), Yaml::Flow(rules))),
            }
        }
        if let Some(v) = late_status {
            // What the caller gives is the whole rule: it cannot be narrowed by another, and a
            // request that must also succeed (`curl -f`) would narrow it.
            // A status rule that takes every code (what only observes) gives way.
            let every = |y: &Yaml| {
                yaml_ranges(y).is_some_and(|r| {
                    r.iter().map(|(lo, hi)| u32::from(hi - lo) + 1).sum::<u32>() == 500
                })
            };
            d.expect.retain(|(k, y)| k != "status" || !every(y));
            if status.is_some()
                || d.expect.iter().any(|(k, _)| k == "status")
                || (ok && matches!(d.check, Check::Http { .. }))
            {
                return Err("a status the caller gives, beside another status rule".into());
            }
            d.expect.insert(0, ("status".into(), Yaml::str(v.clone())));
        }
        if let Some(mut ranges) = status {
            if let Some(i) = d.expect.iter().position(|(k, _)| k == "status") {
                let allowed = yaml_ranges(&d.expect[i].1)
                    .ok_or("a status test on a request with its own status rules")?;
                ranges = intersect(&ranges, &allowed);
                d.expect.remove(i);
            } else if ok && matches!(d.check, Check::Http { .. }) {
                // The default: 2xx.
                ranges = intersect(&ranges, &[(200, 299)]);
            }
            if ranges.is_empty() {
                return Err("a status test no response can pass".into());
            }
            let yaml = status_yaml(&ranges).ok_or("a status range probekit cannot write")?;
            d.expect.insert(0, ("status".into(), yaml));
        }
        Ok(d)
    }

    /// `A1 || A2 || …`, the same check tried again after the same sleep: one probe with
    /// retries.
    fn retries(&self, alts: &[Cond]) -> R<(usize, Draft)> {
        let mut probes = Vec::new();
        for a in alts {
            let atoms = match a {
                Cond::And(parts) => parts.clone(),
                other => vec![other.clone()],
            };
            let mut obs = None;
            let mut preds = Vec::new();
            for atom in atoms {
                let Some((o, p)) = self.as_atom(&atom) else {
                    return Err(format!(
                        "alternatives probekit cannot write yet ({})",
                        self.describe(a)
                    ));
                };
                if obs.is_some_and(|x| x != o) {
                    return Err(format!(
                        "alternatives probekit cannot write yet ({})",
                        self.describe(a)
                    ));
                }
                obs = Some(o);
                preds.push(p);
            }
            let o = obs.ok_or("an empty alternative")?;
            if self[o].repeat.is_some() {
                return Err(
                    "a loop whose count the script reads when it runs, among alternatives".into(),
                );
            }
            probes.push((o, self.probe(o, &preds)?));
        }
        // The tries in the order the script makes them; the same check made on another line
        // (`v=$(cmd)` before a loop that runs it again) is another try of it.
        probes.sort_by_key(|(o, _)| *o);
        let (first, d) = probes.first().cloned().ok_or("no alternative")?;
        // The lines the tries are made on: each is the probe's, as the report says.
        let mut tried_on = Vec::new();
        for (o, p) in &mut probes {
            if self.same_check(first, *o) {
                if p.line != d.line && !tried_on.contains(&p.line) {
                    tried_on.push(p.line);
                }
                p.name.clone_from(&d.name);
                p.line = d.line;
            }
        }
        if probes.iter().any(|(_, p)| p != &d) {
            // Different checks, any of which passes the script (`nc -z 127.0.0.1 P || nc -z
            // ::1 P`), made at one point of its time.
            if probes
                .iter()
                .any(|(o, _)| self[*o].slept != self[first].slept)
            {
                return Err("alternatives between different checks made at different times".into());
            }
            let mut options: Vec<Draft> = Vec::new();
            for (_, p) in probes {
                if p.gate
                    || p.retries.is_some()
                    || p.wait.is_some()
                    || matches!(p.check, Check::Metrics { .. })
                {
                    return Err(format!(
                        "alternatives probekit cannot write yet ({})",
                        self.describe(&Cond::Or(alts.to_vec()))
                    ));
                }
                if !options.contains(&p) {
                    options.push(p);
                }
            }
            let mut any = Draft::new(d.name.clone(), d.line, Check::AnyOf(options));
            any.name = d.name;
            return Ok((first, any));
        }
        let delays: Vec<f64> = probes
            .windows(2)
            .map(|w| self[w[1].0].slept - self[w[0].0].slept)
            .collect();
        let mut d = d;
        for line in tried_on {
            if !d.also.contains(&line) {
                d.also.push(line);
            }
        }
        let tries = probes.len() as u32 - 1;
        if let Some(first_delay) = delays.first() {
            if delays.iter().any(|x| (x - first_delay).abs() > 1e-9) {
                return Err("retries with different sleeps".into());
            }
            // More tries than `retries` takes (a deadline loop of minutes): the same wait,
            // as a time.
            if tries > MAX_RETRIES && *first_delay > 0.0 {
                let until = first_delay * f64::from(tries);
                d.wait = Some((
                    seconds(&until.to_string()),
                    seconds(&first_delay.to_string()),
                ));
                return Ok((first, d));
            }
            d.retry_delay = Some(seconds(&first_delay.to_string()));
        }
        if tries > MAX_RETRIES {
            return Err("more tries than a probe's retries".into());
        }
        d.retries = Some(tries);
        Ok((first, d))
    }
}

/// `[ "$rc" = 0 ] || [ "$rc" = 1 ]` after `pg_isready; rc=$?`: the codes of one command's
/// exit, any of which passes.
/// A formula of checks and their negations as the ways it holds (an `∨` of `∧`s), each way
/// its checks in order; `None` past `limit` ways or for another kind of negation.
fn ways(c: &Cond, limit: usize) -> Option<Vec<Vec<Cond>>> {
    Some(match c {
        Cond::True => vec![Vec::new()],
        Cond::False => Vec::new(),
        Cond::Atom(..) => vec![vec![c.clone()]],
        Cond::Not(inner) if matches!(**inner, Cond::Atom(..)) => vec![vec![c.clone()]],
        Cond::Not(_) => return None,
        Cond::Or(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(ways(a, limit)?);
                if out.len() > limit {
                    return None;
                }
            }
            out
        }
        Cond::And(parts) => {
            let mut out = vec![Vec::new()];
            for part in parts {
                let each = ways(part, limit)?;
                let mut next = Vec::new();
                for w in &out {
                    for e in &each {
                        let mut joined = w.clone();
                        joined.extend(e.iter().cloned());
                        next.push(joined);
                    }
                }
                if next.len() > limit {
                    return None;
                }
                out = next;
            }
            out
        }
    })
}

fn exit_codes(alternatives: &[Cond]) -> Option<(usize, Pred)> {
    let mut on = None;
    let mut codes: Vec<u8> = Vec::new();
    for a in alternatives {
        let (o, more) = match a {
            Cond::Atom(o, Pred::Ok) => (*o, vec![0]),
            Cond::Atom(o, Pred::Exit(c)) => (*o, c.clone()),
            _ => return None,
        };
        if on.is_some_and(|x| x != o) {
            return None;
        }
        on = Some(o);
        codes.extend(more);
    }
    codes.sort_unstable();
    codes.dedup();
    Some((on?, Pred::Exit(codes)))
}

/// Makes `d` pass exactly on these exit codes, `ok` when its pass (0) is required too: a
/// command's `exit_code`, or `pg_isready`'s states (0 accepting, 1 rejecting).
fn exit_rule(d: &mut Draft, codes: &[u8], ok: bool) -> R<()> {
    if ok {
        // Exit 0 and one of these: 0 alone, where it is among them.
        return if codes.contains(&0) {
            Ok(())
        } else {
            Err("a command that must pass and exit otherwise".into())
        };
    }
    let (key, rule) = match &d.check {
        Check::Command { .. } => (
            "exit_code",
            match codes {
                [one] => Yaml::Int(i64::from(*one)),
                many => Yaml::List(many.iter().map(|c| Yaml::Int(i64::from(*c))).collect()),
            },
        ),
        Check::Database {
            engine: "postgres",
            user: None,
            ..
        } if codes.iter().all(|c| *c <= 1) => (
            "state",
            Yaml::List(
                codes
                    .iter()
                    .map(|c| Yaml::str(if *c == 0 { "accepting" } else { "rejecting" }))
                    .collect(),
            ),
        ),
        _ => return Err("an exit code probekit cannot write for this check".into()),
    };
    d.expect.retain(|(k, _)| k != key);
    d.expect.push((key.into(), rule));
    Ok(())
}

/// `[ "$v" = green ] || [ "$v" = yellow ]` on one output: one rule that either matches, a
/// regex of alternatives (`matches` rules as they are, `contains` rules escaped).
fn one_text_rule(alternatives: &[Cond]) -> Option<(usize, Pred)> {
    let mut on = None;
    let mut patterns = Vec::new();
    for a in alternatives {
        let Cond::Atom(o, Pred::Text(rule, value)) = a else {
            return None;
        };
        if on.is_some_and(|x| x != *o) {
            return None;
        }
        on = Some(*o);
        patterns.push(match *rule {
            "matches" => format!("(?:{value})"),
            "contains" => regex::escape(value),
            _ => return None,
        });
    }
    Some((on?, Pred::Text("matches", patterns.join("|"))))
}

/// The seconds between the tries of a loop that tries again without sleeping.
pub(in crate::import) const BUSY_DELAY: f64 = 1.0;

/// A check a loop tries `delay` seconds apart until `until` (the script's deadline) or, without
/// one, without end: the `wait` the suite writes for it, and the warning that goes with it
/// where the loop has no end ([`wait_without_end`]) or no pause ([`busy_wait`], `paused` as
/// there).
pub(in crate::import) fn wait_for(
    d: &mut Draft,
    until: Option<String>,
    delay: f64,
    paused: Option<f64>,
    line: usize,
) -> Option<Warning> {
    match until {
        Some(until) if delay > 0.0 => {
            d.wait = Some((until, seconds(&delay.to_string())));
            None
        }
        None if delay > 0.0 => Some(wait_without_end(d, delay, line)),
        until => Some(busy_wait(d, until, paused, line)),
    }
}

/// A loop that tries again at once, after every failure or (`paused`) after some and that many
/// seconds after the others: the suite tries every [`BUSY_DELAY`] seconds, or as often as the
/// pause if shorter, until `until` (the script's deadline) or, without one, for about
/// [`WAIT_SECONDS`]. The verdict is the script's: it passes once a try passes and fails when
/// the time is up; only the tries between are fewer.
pub(in crate::import) fn busy_wait(
    d: &mut Draft,
    until: Option<String>,
    paused: Option<f64>,
    line: usize,
) -> Warning {
    let step = paused.map_or(BUSY_DELAY, |p| p.min(BUSY_DELAY));
    let every = seconds(&step.to_string());
    let until = until.unwrap_or_else(|| seconds(&WAIT_SECONDS.to_string()));
    let after = match paused {
        Some(p) => format!(
            " after some failures ({} after the others)",
            seconds(&p.to_string())
        ),
        None => String::new(),
    };
    let message = format!(
        "the script tries `{}` again at once{after}; the suite tries it every {every} until {until}",
        d.name
    );
    d.wait = Some((until, every));
    Warning { line, message }
}

/// A check the script waits for without end, as the suite waits for it: retried every
/// `delay` seconds for about [`WAIT_SECONDS`]; and the warning that says so, for `line`.
pub(in crate::import) fn wait_without_end(d: &mut Draft, delay: f64, line: usize) -> Warning {
    let every = seconds(&delay.to_string());
    let until = seconds(&WAIT_SECONDS.max(delay).to_string());
    let message = format!(
        "the script waits for `{}` without end; the suite tries it every {every} for {until}: raise `wait.until` to wait longer",
        d.name
    );
    d.wait = Some((until, every));
    Warning { line, message }
}

/// A JSON value as the suite writes it.
fn json_yaml(v: &serde_json::Value) -> R<Yaml> {
    use serde_json::Value;
    Ok(match v {
        Value::String(s) => Yaml::str(s.replace("${", "$${")),
        Value::Bool(b) => Yaml::Bool(*b),
        Value::Number(n) => Yaml::Int(n.as_i64().ok_or("a JSON number probekit cannot write")?),
        _ => return Err("a JSON value probekit cannot write".into()),
    })
}

impl Cond {
    /// The observations the condition reads.
    pub(in crate::import) fn atoms(&self) -> Vec<usize> {
        match self {
            Cond::Atom(o, _) => vec![*o],
            Cond::Not(inner) => inner.atoms(),
            Cond::And(parts) | Cond::Or(parts) => parts.iter().flat_map(Cond::atoms).collect(),
            Cond::True | Cond::False => Vec::new(),
        }
    }
}

/// Alternatives of a formula that exclude each other (one holds a test, the other its
/// negation: `if [ -f "$A" ]; then …; fi` and what both sides go on to) read the same check
/// as two observations, one on each side. No run makes both, so the later side's reads the
/// earlier's: `(t ∧ p ∧ x₁) ∨ (¬t ∧ x₂)` becomes `(t ∧ p ∧ x) ∨ (¬t ∧ x)`, whose sides meet.
/// An observation is renamed only into one its own side does not read already (two tries on
/// one path stay two).
pub(in crate::import) fn unify_exclusive(c: Cond, obs: &[Obs]) -> Cond {
    match c {
        Cond::Or(parts) => {
            let mut parts: Vec<Cond> = parts.into_iter().map(|p| unify_exclusive(p, obs)).collect();
            for j in 1..parts.len() {
                for i in 0..j {
                    if !excludes(&parts[i], &parts[j]) {
                        continue;
                    }
                    let (earlier, later) = (parts[i].atoms(), parts[j].atoms());
                    let mut renames: Vec<(usize, usize)> = Vec::new();
                    for &b in &later {
                        if earlier.contains(&b) || renames.iter().any(|(x, _)| *x == b) {
                            continue;
                        }
                        if let Some(&a) = earlier.iter().find(|&&a| {
                            !later.contains(&a)
                                && !renames.iter().any(|(_, y)| *y == a)
                                && same_observation(&obs[a], &obs[b])
                        }) {
                            renames.push((b, a));
                        }
                    }
                    if !renames.is_empty() {
                        parts[j] = renamed(parts[j].clone(), &renames);
                    }
                }
            }
            Cond::Or(parts)
        }
        Cond::And(parts) => Cond::And(parts.into_iter().map(|p| unify_exclusive(p, obs)).collect()),
        Cond::Not(inner) => Cond::Not(Box::new(unify_exclusive(*inner, obs))),
        other => other,
    }
}

/// `(a ∧ b) ∨ (¬a ∧ x)` where `a` and `b` are rules on one observation and `x` holds only
/// the same check tried again: a loop that tries until `a` holds, then tests `b` on that
/// answer (`[ "$code" = 200 ] && break` in the loop, `grep -q ok body.html` after it), read
/// as tries of `a ∧ b`, which a probe's retries write. The two differ only where `a` holds,
/// `b` does not, and a later try would pass both: the script fails at once, the probe tries
/// again. The observation whose tries were read so, if any.
pub(in crate::import) fn tries_until(c: Cond, obs: &[Obs]) -> (Cond, Option<usize>) {
    if let Cond::And(parts) = c {
        let mut tried = None;
        let parts = parts
            .into_iter()
            .map(|p| {
                let (p, t) = tries_until(p, obs);
                tried = tried.or(t);
                p
            })
            .collect();
        return (Cond::And(parts), tried);
    }
    let Cond::Or(parts) = &c else {
        return (c, None);
    };
    let [first, later] = parts.as_slice() else {
        return (c, None);
    };
    let conj = |c: &Cond| match c {
        Cond::And(p) => p.clone(),
        other => vec![other.clone()],
    };
    let (these, others) = (conj(first), conj(later));
    let one = match these.as_slice() {
        [Cond::Atom(o, _), _, ..] => *o,
        _ => return (c, None),
    };
    if !these
        .iter()
        .all(|x| matches!(x, Cond::Atom(o, _) if *o == one))
    {
        return (c, None);
    }
    // (Negated directly: the formula may be past what `simplify` takes on.)
    let opposite = |x: &Cond| match x {
        Cond::Atom(o, p) => negate(p).map(|q| Cond::Atom(*o, q)),
        _ => None,
    };
    let Some(at) = others
        .iter()
        .position(|y| these.iter().any(|x| opposite(x).as_ref() == Some(y)))
    else {
        return (c, None);
    };
    let mut rest = others;
    rest.remove(at);
    let rest = match rest.len() {
        1 => rest.remove(0),
        _ => Cond::And(rest),
    };
    let (rest, _) = tries_until(rest, obs);
    // Each later try asks the same of the same check: another test of it (`[ "$code" = 503 ]
    // && grep -q maintenance page`) is no try of this one.
    let preds = |c: &Cond| -> Option<Vec<Pred>> {
        conj(c)
            .into_iter()
            .map(|x| match x {
                Cond::Atom(o, p) if same_check(&obs[one], &obs[o]) => Some(p),
                _ => None,
            })
            .collect()
    };
    let tries = match &rest {
        Cond::Or(alts) => alts.clone(),
        other => vec![other.clone()],
    };
    let wanted = preds(first);
    if !tries.iter().all(|t| preds(t) == wanted) {
        return (c, None);
    }
    (or(first.clone(), rest), Some(one))
}

/// What every alternative of an `or` requires, taken out of it: `(a ∧ b ∧ x) ∨ (¬a ∧ x)` is
/// `x ∧ (¬a ∨ b)` (then `¬a ∨ b` by [`simplify`]), the shape [`unify_exclusive`] leaves where
/// a script's checks follow a test on both of its sides.
pub(in crate::import) fn factor_common(c: Cond) -> Cond {
    match c {
        Cond::Or(parts) => {
            let parts: Vec<Cond> = parts.into_iter().map(factor_common).collect();
            let conj = |c: &Cond| match c {
                Cond::And(p) => p.clone(),
                other => vec![other.clone()],
            };
            let first = conj(&parts[0]);
            let common: Vec<Cond> = first
                .into_iter()
                .filter(|x| parts[1..].iter().all(|p| conj(p).contains(x)))
                .collect();
            if common.is_empty() || parts.len() < 2 {
                return Cond::Or(parts);
            }
            let rest: Vec<Cond> = parts
                .iter()
                .map(|p| {
                    simplify(Cond::And(
                        conj(p)
                            .into_iter()
                            .filter(|x| !common.contains(x))
                            .collect(),
                    ))
                })
                .collect();
            let mut all = common;
            all.push(simplify(Cond::Or(rest)));
            simplify(Cond::And(all))
        }
        Cond::And(parts) => simplify(Cond::And(parts.into_iter().map(factor_common).collect())),
        other => other,
    }
}

/// Whether no run satisfies both: one holds, among its parts, the negation of one of the
/// other's.
fn excludes(a: &Cond, b: &Cond) -> bool {
    let parts = |c: &Cond| match c {
        Cond::And(parts) => parts.clone(),
        other => vec![other.clone()],
    };
    let (pa, pb) = (parts(a), parts(b));
    pa.iter()
        .any(|x| matches!(x, Cond::Atom(..) | Cond::Not(_)) && pb.contains(&not_of(x)))
}

/// The same request or command with the same expectations, tried alike, wherever the script
/// made it.
fn same_check(x: &Obs, y: &Obs) -> bool {
    x.ok.check == y.ok.check
        && x.ok.tried_alike(&y.ok)
        && x.ok.expect == y.ok.expect
        && x.captured.expect == y.captured.expect
        && x.ok.env == y.ok.env
        && x.waits == y.waits
        && x.repeat == y.repeat
        && x.unknown.is_none()
        && y.unknown.is_none()
}

/// The same check ([`same_check`]) made alike: output read the same way, at the same point of
/// the script's time, for what it observes alone.
fn same_observation(a: &Obs, b: &Obs) -> bool {
    same_check(a, b)
        && a.out_key == b.out_key
        && a.command == b.command
        && a.slept == b.slept
        && a.effect == b.effect
        && a.settled == b.settled
        && a.opposite.is_none()
        && b.opposite.is_none()
}

/// `c` with each observation `from` read as `to`.
fn renamed(c: Cond, renames: &[(usize, usize)]) -> Cond {
    match c {
        Cond::Atom(o, p) => {
            let o = renames
                .iter()
                .find(|(from, _)| *from == o)
                .map_or(o, |(_, to)| *to);
            Cond::Atom(o, p)
        }
        Cond::Not(inner) => Cond::Not(Box::new(renamed(*inner, renames))),
        Cond::And(parts) => Cond::And(parts.into_iter().map(|p| renamed(p, renames)).collect()),
        Cond::Or(parts) => Cond::Or(parts.into_iter().map(|p| renamed(p, renames)).collect()),
        other => other,
    }
}

pub(in crate::import) fn constant(b: bool) -> Cond {
    if b { Cond::True } else { Cond::False }
}

pub(in crate::import) fn text(o: usize, key: &'static str, v: &str) -> Cond {
    Cond::Atom(o, Pred::Text(key, v.to_string()))
}

pub(in crate::import) fn not(c: Cond) -> Cond {
    match c {
        Cond::True => Cond::False,
        Cond::False => Cond::True,
        Cond::Not(inner) => *inner,
        other => Cond::Not(Box::new(other)),
    }
}

pub(in crate::import) fn and(a: Cond, b: Cond) -> Cond {
    match (a, b) {
        (Cond::False, _) | (_, Cond::False) => Cond::False,
        (Cond::True, x) | (x, Cond::True) => x,
        (Cond::And(mut a), Cond::And(b)) => {
            a.extend(b);
            Cond::And(a)
        }
        (Cond::And(mut a), x) => {
            a.push(x);
            Cond::And(a)
        }
        (x, Cond::And(mut b)) => {
            b.insert(0, x);
            Cond::And(b)
        }
        (a, b) => Cond::And(vec![a, b]),
    }
}

pub(in crate::import) fn or(a: Cond, b: Cond) -> Cond {
    match (a, b) {
        (Cond::True, _) | (_, Cond::True) => Cond::True,
        (Cond::False, x) | (x, Cond::False) => x,
        (Cond::Or(mut a), Cond::Or(b)) => {
            a.extend(b);
            Cond::Or(a)
        }
        (Cond::Or(mut a), x) => {
            a.push(x);
            Cond::Or(a)
        }
        (x, Cond::Or(mut b)) => {
            b.insert(0, x);
            Cond::Or(b)
        }
        (a, b) => Cond::Or(vec![a, b]),
    }
}

/// The most [`simplify`] steps one import thread takes: past them, formulas are left as they
/// are (still equivalent, only larger), so that no script can keep an import busy for long.
const SIMPLIFY_STEPS: u32 = 4_000_000;

thread_local! {
    static SIMPLIFY_TAKEN: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Negations pushed to the predicates, constants folded, and the shapes branches leave
/// reduced: `a ∨ (¬a ∧ x)` is `a ∨ x`, `(a ∧ x) ∨ (¬a ∧ x)` is `x`.
pub(in crate::import) fn simplify(c: Cond) -> Cond {
    let taken = SIMPLIFY_TAKEN.with(|t| {
        let n = t.get().saturating_add(1);
        t.set(n);
        n
    });
    if taken > SIMPLIFY_STEPS {
        return c;
    }
    match c {
        Cond::Not(inner) => match simplify(*inner) {
            Cond::True => Cond::False,
            Cond::False => Cond::True,
            Cond::Atom(o, p) => match negate(&p) {
                Some(q) => Cond::Atom(o, q),
                None => Cond::Not(Box::new(Cond::Atom(o, p))),
            },
            Cond::Not(x) => *x,
            Cond::And(parts) => simplify(Cond::Or(parts.into_iter().map(not).collect())),
            Cond::Or(parts) => simplify(Cond::And(parts.into_iter().map(not).collect())),
        },
        Cond::And(parts) => {
            let mut out = Cond::True;
            for p in parts {
                out = and(out, simplify(p));
            }
            match out {
                Cond::And(parts) => {
                    let mut uniq: Vec<Cond> = Vec::new();
                    for p in parts {
                        if uniq.contains(&not_of(&p)) {
                            return Cond::False;
                        }
                        if !uniq.contains(&p) {
                            uniq.push(p);
                        }
                    }
                    // `count > 0` beside `count == 1` of the same lines: the second says both.
                    // Of two that say the same (`> 0`, `>= 1`) the first stays.
                    let snapshot = uniq.clone();
                    let mut at = 0;
                    uniq.retain(|p| {
                        let here = at;
                        at += 1;
                        !snapshot.iter().enumerate().any(|(k, q)| {
                            k != here && count_implies(q, p) && (!count_implies(p, q) || k < here)
                        })
                    });
                    // `count > 0` beside `count <= 1`: `count == 1`, one rule.
                    'meet: loop {
                        for i in 0..uniq.len() {
                            for j in (i + 1)..uniq.len() {
                                if let Some(met) = count_meet(&uniq[i], &uniq[j]) {
                                    if met == Cond::False {
                                        return Cond::False;
                                    }
                                    uniq[i] = met;
                                    uniq.remove(j);
                                    continue 'meet;
                                }
                            }
                        }
                        break;
                    }
                    // `a ∧ (¬a ∨ x)` is `a ∧ x`.
                    let units: Vec<Cond> = uniq
                        .iter()
                        .filter(|p| !matches!(p, Cond::Or(_)))
                        .cloned()
                        .collect();
                    let mut absorbed = false;
                    for p in uniq.iter_mut() {
                        if let Cond::Or(alts) = p {
                            let before = alts.len();
                            alts.retain(|a| !units.contains(&not_of(a)));
                            absorbed |= alts.len() != before;
                        }
                    }
                    if absorbed {
                        return simplify(Cond::And(uniq));
                    }
                    if uniq.len() == 1 {
                        uniq.remove(0)
                    } else {
                        Cond::And(uniq)
                    }
                }
                other => other,
            }
        }
        Cond::Or(parts) => {
            let mut alts: Vec<Cond> = Vec::new();
            for p in parts {
                match or(Cond::False, simplify(p)) {
                    Cond::True => return Cond::True,
                    Cond::False => {}
                    Cond::Or(more) => alts.extend(more),
                    x => alts.push(x),
                }
            }
            reduce_or(alts)
        }
        other => other,
    }
}

/// The least and the most count a bound allows (`None` for `!=`).
fn count_range(op: CmpOp, m: i64) -> Option<(i64, i64)> {
    Some(match op {
        CmpOp::Eq => (m, m),
        CmpOp::Gt => (m.saturating_add(1), i64::MAX),
        CmpOp::Ge => (m, i64::MAX),
        CmpOp::Lt => (i64::MIN, m.saturating_sub(1)),
        CmpOp::Le => (i64::MIN, m),
        CmpOp::Ne => return None,
    })
}

/// Two counts of the same lines of one observation as one, where one bound says both (`> 0`
/// and `<= 1`: `== 1`); `False` where none passes both.
fn count_meet(a: &Cond, b: &Cond) -> Option<Cond> {
    let (Cond::Atom(o, Pred::Lines(s, x, m)), Cond::Atom(p, Pred::Lines(t, y, n))) = (a, b) else {
        return None;
    };
    if o != p || s != t {
        return None;
    }
    let (a_lo, a_hi) = count_range(*x, *m)?;
    let (b_lo, b_hi) = count_range(*y, *n)?;
    let (lo, hi) = (a_lo.max(b_lo).max(0), a_hi.min(b_hi));
    let pred = |op, v| Some(Cond::Atom(*o, Pred::Lines(s.clone(), op, v)));
    if lo > hi {
        Some(Cond::False)
    } else if lo == hi {
        pred(CmpOp::Eq, lo)
    } else if hi == i64::MAX {
        pred(CmpOp::Ge, lo)
    } else if lo == 0 {
        pred(CmpOp::Le, hi)
    } else {
        None
    }
}

/// Whether `a` holding makes `b` hold: two counts of the same lines of one observation, each
/// a bound or an equality (`== 1` makes `> 0` hold, `>= 2` makes `!= 0`).
fn count_implies(a: &Cond, b: &Cond) -> bool {
    let (Cond::Atom(o, Pred::Lines(s, x, m)), Cond::Atom(p, Pred::Lines(t, y, n))) = (a, b) else {
        return false;
    };
    if o != p || s != t {
        return false;
    }
    // The least and the most count `a` allows.
    let Some((lo, hi)) = count_range(*x, *m) else {
        return matches!(y, CmpOp::Ne) && m == n;
    };
    match y {
        CmpOp::Eq => lo == hi && lo == *n,
        CmpOp::Ne => *n < lo || *n > hi,
        CmpOp::Gt => lo > *n,
        CmpOp::Ge => lo >= *n,
        CmpOp::Lt => hi < *n,
        CmpOp::Le => hi <= *n,
    }
}

/// The disjuncts of an `or`, reduced until nothing changes.
pub(in crate::import) fn reduce_or(mut alts: Vec<Cond>) -> Cond {
    loop {
        let before = alts.clone();
        // a ∨ (¬a ∧ x) = a ∨ x, for each earlier a.
        for i in 0..alts.len() {
            let negated = not_of(&alts[i]);
            for (j, alt) in alts.iter_mut().enumerate() {
                if i == j {
                    continue;
                }
                if let Cond::And(parts) = alt
                    && parts.contains(&negated)
                {
                    let rest: Vec<Cond> =
                        parts.iter().filter(|p| **p != negated).cloned().collect();
                    *alt = simplify(Cond::And(rest));
                }
            }
        }
        // (a ∧ x) ∨ (¬a ∧ x) = x
        'pairs: for i in 0..alts.len() {
            for j in (i + 1)..alts.len() {
                if let (Cond::And(p), Cond::And(q)) = (&alts[i], &alts[j])
                    && p.len() == q.len()
                {
                    let only_p: Vec<&Cond> = p.iter().filter(|x| !q.contains(x)).collect();
                    let only_q: Vec<&Cond> = q.iter().filter(|x| !p.contains(x)).collect();
                    if let ([a], [b]) = (only_p.as_slice(), only_q.as_slice())
                        && not_of(a) == **b
                    {
                        let common: Vec<Cond> = p.iter().filter(|x| *x != *a).cloned().collect();
                        alts[i] = simplify(Cond::And(common));
                        alts.remove(j);
                        break 'pairs;
                    }
                }
            }
        }
        // (¬a ∧ x) ∨ (a ∧ (x ∨ y)) = x ∨ (a ∧ y): a check tried again where the first try
        // did not pass (`if ! out=$(cmd); then sleep 1; continue; fi`, then its test).
        'cases: for i in 0..alts.len() {
            for j in 0..alts.len() {
                if i == j {
                    continue;
                }
                let (Cond::And(p), Cond::And(q)) = (&alts[i], &alts[j]) else {
                    continue;
                };
                let Some(a) = q.iter().find(|a| p.contains(&not_of(a))) else {
                    continue;
                };
                let negated = not_of(a);
                // Read as they stand (both are simplified already): each side's one part, an
                // alternative whose disjuncts are compared.
                let rest = |parts: &[Cond], without: &Cond| -> Option<Cond> {
                    let kept: Vec<Cond> = parts.iter().filter(|c| *c != without).cloned().collect();
                    match kept.len() {
                        0 => None,
                        1 => kept.into_iter().next(),
                        _ => Some(Cond::And(kept)),
                    }
                };
                let (Some(x), Some(z)) = (rest(p, &negated), rest(q, a)) else {
                    continue;
                };
                let disjuncts = |c: &Cond| match c {
                    Cond::Or(items) => items.clone(),
                    other => vec![other.clone()],
                };
                let (dx, dz) = (disjuncts(&x), disjuncts(&z));
                if dz.len() <= dx.len() || !dx.iter().all(|d| dz.contains(d)) {
                    continue;
                }
                let y: Vec<Cond> = dz.into_iter().filter(|d| !dx.contains(d)).collect();
                let retried = if y.is_empty() {
                    Cond::False
                } else {
                    simplify(Cond::And(vec![a.clone(), Cond::Or(y)]))
                };
                let (hi, lo) = (i.max(j), i.min(j));
                alts.remove(hi);
                alts.remove(lo);
                alts.insert(lo, x);
                alts.push(retried);
                break 'cases;
            }
        }
        // `2??|3??)`: two statuses of one request are one status rule of both ranges.
        'statuses: for i in 0..alts.len() {
            for j in (i + 1)..alts.len() {
                if let (
                    Cond::Atom(o, Pred::Status(r, false)),
                    Cond::Atom(p, Pred::Status(q, false)),
                ) = (&alts[i], &alts[j])
                    && o == p
                    && r != q
                {
                    let mut ranges: Vec<(u16, u16)> = r.iter().chain(q).copied().collect();
                    ranges.sort_unstable();
                    let mut merged: Vec<(u16, u16)> = Vec::new();
                    for (lo, hi) in ranges {
                        match merged.last_mut() {
                            Some((_, end)) if lo <= end.saturating_add(1) => *end = (*end).max(hi),
                            _ => merged.push((lo, hi)),
                        }
                    }
                    alts[i] = Cond::Atom(*o, Pred::Status(merged, false));
                    alts.remove(j);
                    break 'statuses;
                }
            }
        }
        // x ∨ (x ∧ y) = x; duplicates go; nested alternatives join these.
        let mut kept: Vec<Cond> = Vec::new();
        let flat: Vec<Cond> = alts
            .iter()
            .cloned()
            .flat_map(|a| match a {
                Cond::Or(more) => more,
                a => vec![a],
            })
            .collect();
        for a in flat {
            // x ∨ ¬x
            if a == Cond::True || kept.contains(&not_of(&a)) {
                return Cond::True;
            }
            if a == Cond::False || kept.contains(&a) {
                continue;
            }
            kept.push(a);
        }
        let snapshot = kept.clone();
        kept.retain(|a| {
            !snapshot.iter().any(|b| {
                b != a && matches!(a, Cond::And(parts) if parts.contains(b) || matches!(b, Cond::And(q) if q.iter().all(|x| parts.contains(x))))
            })
        });
        alts = kept;
        if alts == before {
            break;
        }
    }
    match alts.len() {
        0 => Cond::False,
        1 => alts.remove(0),
        _ => Cond::Or(alts),
    }
}

/// The parts of `pass` (a conjunction over `pass_obs`) that `base` (over `base_obs`) does not
/// already have: the same predicate on the same check made at the same point of the script.
pub(in crate::import) fn residual(
    pass: &Cond,
    pass_obs: &Observations,
    base: &Cond,
    base_obs: &Observations,
) -> Cond {
    let parts = |c: &Cond| match c {
        Cond::And(parts) => parts.clone(),
        Cond::True => Vec::new(),
        other => vec![other.clone()],
    };
    let have = parts(base);
    let same = |a: &Cond, b: &Cond| same_across(a, pass_obs, b, base_obs);
    let left: Vec<Cond> = parts(pass)
        .into_iter()
        .filter(|p| !have.iter().any(|h| same(p, h)))
        .collect();
    simplify(Cond::And(left))
}

/// Two conditions alike, their observations compared as the probes they are.
fn same_across(a: &Cond, ao: &Observations, b: &Cond, bo: &Observations) -> bool {
    match (a, b) {
        (Cond::True, Cond::True) | (Cond::False, Cond::False) => true,
        (Cond::Atom(x, p), Cond::Atom(y, q)) => {
            p == q && ao[*x].ok == bo[*y].ok && ao[*x].slept == bo[*y].slept
        }
        (Cond::Not(x), Cond::Not(y)) => same_across(x, ao, y, bo),
        (Cond::And(xs), Cond::And(ys)) | (Cond::Or(xs), Cond::Or(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same_across(x, ao, y, bo))
        }
        _ => false,
    }
}

pub(in crate::import) fn not_of(c: &Cond) -> Cond {
    simplify(not(c.clone()))
}

pub(in crate::import) fn negate(p: &Pred) -> Option<Pred> {
    Some(match p {
        Pred::Ok | Pred::Fails | Pred::Exit(_) | Pred::Json(..) | Pred::FieldPresent { .. } => {
            return None;
        }
        Pred::Lines(m, op, n) => Pred::Lines(m.clone(), op.negated(), *n),
        Pred::Measure(key, op, v) => Pred::Measure(key, op.negated(), v.clone()),
        Pred::LateLines(m, op, v) => Pred::LateLines(m.clone(), op.negated(), v.clone()),
        // `test` fails on what is not a number, which `number` cannot say the other way
        // round; an equality has no negation among the text rules.
        Pred::LateStatus(_) => return None,
        Pred::LateInt { .. } | Pred::FieldInt { .. } => {
            let mut q = p.clone();
            if let Pred::LateInt { negated, .. } | Pred::FieldInt { negated, .. } = &mut q {
                *negated = !*negated;
            }
            q
        }
        Pred::Late(key, v) => Pred::Late(opposite_rule(key)?, v.clone()),
        Pred::Text(key, v) => Pred::Text(opposite_rule(key)?, v.clone()),
        Pred::Status(ranges, zero) => {
            let mut out = Vec::new();
            let mut from = 100u16;
            let mut sorted = ranges.clone();
            sorted.sort();
            for (lo, hi) in sorted {
                if lo > from {
                    out.push((from, lo - 1));
                }
                from = from.max(hi + 1);
            }
            if from <= 599 {
                out.push((from, 599));
            }
            Pred::Status(out, !zero)
        }
    })
}

/// The text rule that holds exactly where `key` does not; the others (`equals`, `number`)
/// have none.
fn opposite_rule(key: &str) -> Option<&'static str> {
    Some(match key {
        "matches" => "not_matches",
        "not_matches" => "matches",
        "contains" => "not_contains",
        "not_contains" => "contains",
        _ => return None,
    })
}

pub(in crate::import) fn flip(op: &str) -> Option<&str> {
    Some(match op {
        "=" | "==" | "!=" | "-eq" | "-ne" => op,
        "-gt" => "-lt",
        "-lt" => "-gt",
        "-ge" => "-le",
        "-le" => "-ge",
        _ => return None,
    })
}

/// A test of `$(cmd)`'s output against a literal.
pub(in crate::import) fn out_rule(o: usize, op: &str, value: &str) -> R<Cond> {
    match op {
        "=" | "==" | "!=" => {
            if value.ends_with('\n') {
                return Err("a comparison with text that ends in a newline".into());
            }
            let c = text(o, "matches", &super::patterns::trimmed_equals(value));
            Ok(if op == "!=" { not(c) } else { c })
        }
        "-eq" | "-ne" | "-gt" | "-ge" | "-lt" | "-le" => {
            int_rule(o, op, value, r"[ \t]*", r"[ \t\n]*")
        }
        _ => Err(format!("a `{op}` test")),
    }
}

/// An integer comparison of the output, which may have `lead` and `trail` around the number
/// (regexes).
fn int_rule(o: usize, op: &str, value: &str, lead: &str, trail: &str) -> R<Cond> {
    let n: i64 = value
        .trim()
        .parse()
        .map_err(|_| format!("`{op} {value}`"))?;
    let whole = |re: &str| format!(r"\A{lead}{re}{trail}\z");
    let is_int = text(o, "matches", &whole("[+-]?[0-9]+"));
    // Whole numbers n or more, written as `test` reads them.
    let at_least = |n: i64| -> R<Cond> {
        at_least_regex(n)
            .map(|re| text(o, "matches", &whole(&re)))
            .ok_or_else(|| format!("`{op} {value}`"))
    };
    let eq = text(o, "matches", &whole(&int_exact(n)));
    Ok(match op {
        "-eq" => eq,
        "-ne" => and(is_int, not(eq)),
        "-ge" => at_least(n)?,
        "-gt" => at_least(n + 1)?,
        "-lt" => and(is_int, not(at_least(n)?)),
        _ => and(is_int, not(at_least(n + 1)?)),
    })
}

/// `n` as `test` accepts it: an optional sign and leading zeros.
pub(in crate::import) fn int_exact(n: i64) -> String {
    if n == 0 {
        r"[+-]?0+".into()
    } else if n > 0 {
        format!(r"\+?0*{n}")
    } else {
        format!(r"-0*{}", -n)
    }
}

/// A regex for the whole numbers ≥ n (n ≥ 0), with an optional `+` and leading zeros.
pub(in crate::import) fn at_least_regex(n: i64) -> Option<String> {
    if n < 0 {
        return None;
    }
    if n == 0 {
        return Some(r"(?:\+?[0-9]+|-0+)".into());
    }
    let digits: Vec<u8> = n.to_string().bytes().map(|b| b - b'0').collect();
    let k = digits.len();
    // More digits than n, or as many and greater at the first difference, or n itself.
    let mut alts = vec![format!("[1-9][0-9]{{{k},}}"), n.to_string()];
    for i in 0..k {
        if digits[i] == 9 {
            continue;
        }
        let prefix: String = digits[..i].iter().map(|d| (b'0' + d) as char).collect();
        alts.push(format!(
            "{prefix}[{}-9][0-9]{{{}}}",
            digits[i] + 1,
            k - i - 1
        ));
    }
    Some(format!(r"\+?0*(?:{})", alts.join("|")))
}

pub(in crate::import) fn status_rule(o: usize, op: &str, value: &str) -> R<Cond> {
    // curl's `000`, written when nothing answered: `[ "$code" != 000 ]`, `-ne 0`, `-gt 0`
    // hold for any answer at all.
    let numeric = op.starts_with('-');
    let no_answer = value.trim() == "000" || (numeric && value.trim().parse::<u16>() == Ok(0));
    if no_answer {
        let answered = Cond::Atom(o, Pred::Status(vec![(100, 599)], false));
        return match op {
            "!=" | "-ne" | "-gt" => Ok(answered),
            "=" | "==" | "-eq" | "-le" => Ok(not(answered)),
            _ => Err(format!("a `{op}` test of a status against `{value}`")),
        };
    }
    let n: u16 = value
        .trim()
        .parse()
        .ok()
        .filter(|n| (100..=599).contains(n))
        .ok_or_else(|| format!("a status compared with `{value}`"))?;
    let range = match op {
        "=" | "==" | "-eq" | "!=" | "-ne" => (n, n),
        "-gt" => (n + 1, 599),
        "-ge" => (n, 599),
        "-lt" => (100, n.saturating_sub(1)),
        "-le" => (100, n),
        _ => return Err(format!("a `{op}` test on a status")),
    };
    // curl's `000` is below every status.
    let zero = matches!(op, "-lt" | "-le");
    let c = Cond::Atom(o, Pred::Status(vec![range], zero));
    Ok(if matches!(op, "!=" | "-ne") {
        not(c)
    } else {
        c
    })
}

/// `[ "$code" = "$EXPECTED" ]` on an HTTP status: the status the caller gives (probekit's form).
pub(in crate::import) fn late_status_rule(o: usize, op: &str, value: &str) -> R<Cond> {
    let c = Cond::Atom(o, Pred::LateStatus(value.to_string()));
    match op {
        "=" | "==" | "-eq" => Ok(c),
        "!=" | "-ne" => Ok(not(c)),
        _ => Err(format!(
            "a `{op}` test of a status against a value the caller gives"
        )),
    }
}

/// A test of captured output against a value the caller gives (`value`, in probekit's form),
/// which the suite reads when the probe runs: an integer compared (`[ "$n" -gt "$WARN" ]`,
/// also a count of lines), the text itself (`[ "$(cmd)" = "$WANT" ]`), or a JSON value as
/// `jq -r` prints it.
pub(in crate::import) fn late_view_rule(
    o: usize,
    view: &[Filter],
    op: &str,
    value: &str,
    lines_end: bool,
    double: bool,
) -> R<Cond> {
    let late = |key: &'static str, v: String| Cond::Atom(o, Pred::Late(key, v));
    let numeric = op.starts_with('-');
    // `[[ ]]` reads an empty value as 0 and `010` as octal, which no rule does.
    if numeric && double {
        return Err(format!("`[[ … {op} … ]]` on a value the caller gives"));
    }
    match view {
        [] if numeric => Ok(Cond::Atom(
            o,
            Pred::LateInt {
                op: check_op(op).ok_or_else(|| format!("a `{op}` test"))?,
                value: value.to_string(),
                negated: false,
                line: 0,
            },
        )),
        [] if matches!(op, "=" | "==") => {
            // `$(…)` drops the newlines at the end only: the trimmed text is the value, with no
            // blank before it and none but newlines after it.
            Ok(and(
                and(
                    late("trimmed", value.to_string()),
                    text(o, "not_matches", r"\A[ \t\r\x0b\x0c\n]"),
                ),
                text(o, "not_matches", r"[ \t\r\x0b\x0c]\n*\z"),
            ))
        }
        v if numeric && counts_lines(v) => {
            let sel = line_sel(view, lines_end)?;
            let cmp = check_op(op).ok_or_else(|| format!("a `{op}` test"))?;
            Ok(Cond::Atom(o, Pred::LateLines(sel, cmp, value.to_string())))
        }
        [Filter::Field { .. } | Filter::Cut { .. }]
        | [Filter::Grep(_), Filter::Field { .. } | Filter::Cut { .. }]
            if numeric =>
        {
            field_int(o, view, op, value)
        }
        [
            Filter::Json {
                path,
                raw: true,
                length: false,
            },
        ] if matches!(op, "=" | "==" | "!=") => equality(
            op,
            Cond::Atom(
                o,
                Pred::Json(path.clone(), JsonTest::Text(value.to_string())),
            ),
        ),
        _ => Err(format!("a `{op}` test on a value the script computes")),
    }
}

pub(in crate::import) fn intersect(a: &[(u16, u16)], b: &[(u16, u16)]) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    for &(l1, h1) in a {
        for &(l2, h2) in b {
            let (lo, hi) = (l1.max(l2), h1.min(h2));
            if lo <= hi {
                out.push((lo, hi));
            }
        }
    }
    out
}

/// The statuses an expectation accepts, as ranges.
pub(in crate::import) fn yaml_ranges(y: &Yaml) -> Option<Vec<(u16, u16)>> {
    match y {
        Yaml::Int(n) => {
            let n = u16::try_from(*n).ok()?;
            Some(vec![(n, n)])
        }
        Yaml::Str(s) => {
            let class = s.strip_suffix("xx")?.parse::<u16>().ok()?;
            Some(vec![(class * 100, class * 100 + 99)])
        }
        Yaml::List(items) => {
            let mut out = Vec::new();
            for i in items {
                out.extend(yaml_ranges(i)?);
            }
            Some(out)
        }
        _ => None,
    }
}

/// Status ranges as the suite writes them: whole classes as `2xx`, single codes as numbers.
pub(in crate::import) fn status_yaml(ranges: &[(u16, u16)]) -> Option<Yaml> {
    let mut items = Vec::new();
    for &(lo, hi) in ranges {
        let mut at = lo;
        while at <= hi {
            if at % 100 == 0 && at + 99 <= hi {
                items.push(Yaml::str(format!("{}xx", at / 100)));
                at += 100;
            } else {
                items.push(Yaml::Int(i64::from(at)));
                at += 1;
            }
            if items.len() > 12 {
                return None;
            }
        }
    }
    match items.len() {
        0 => None,
        1 => items.pop(),
        _ => Some(Yaml::List(items)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(re: &str) -> regex::Regex {
        regex::Regex::new(&format!(r"\A[ \t]*{re}[ \t\n]*\z")).unwrap()
    }

    #[test]
    fn at_least_matches_exactly_the_numbers_from_n() {
        for n in [0i64, 1, 7, 9, 10, 19, 99, 100, 250, 1000] {
            let re = whole(&at_least_regex(n).unwrap());
            for v in 0..1200i64 {
                assert_eq!(re.is_match(&v.to_string()), v >= n, "{v} >= {n}");
            }
            assert!(re.is_match(&format!("+00{n}")), "+00{n}");
            assert!(!re.is_match("-5"), "-5 >= {n}");
            assert!(!re.is_match("abc"));
        }
        assert!(whole(&at_least_regex(0).unwrap()).is_match("-0"));
    }

    #[test]
    fn integers_are_read_as_test_reads_them() {
        let eq = whole(&int_exact(200));
        for yes in ["200", "+200", "0200", " 200 ", "200\n"] {
            assert!(eq.is_match(yes), "{yes:?}");
        }
        for no in ["2000", "20", "-200", "200x", ""] {
            assert!(!eq.is_match(no), "{no:?}");
        }
        assert!(whole(&int_exact(0)).is_match("-0"));
        assert!(whole(&int_exact(-3)).is_match("-003"));
    }

    #[test]
    fn statuses_are_written_as_classes_and_codes() {
        assert_eq!(status_yaml(&[(200, 299)]), Some(Yaml::str("2xx")));
        assert_eq!(status_yaml(&[(204, 204)]), Some(Yaml::Int(204)));
        assert_eq!(
            status_yaml(&[(200, 399)]),
            Some(Yaml::List(vec![Yaml::str("2xx"), Yaml::str("3xx")]))
        );
        assert_eq!(status_yaml(&[(100, 150)]), None);
        assert_eq!(
            negate(&Pred::Status(vec![(200, 200)], false)),
            Some(Pred::Status(vec![(100, 199), (201, 599)], true))
        );
    }

    #[test]
    fn branches_that_exit_reduce_to_what_passes() {
        let a = Cond::Atom(0, Pred::Ok);
        let b = Cond::Atom(1, Pred::Ok);
        // if a; then exit 0; fi; exit 1
        assert_eq!(
            simplify(or(
                and(a.clone(), Cond::True),
                and(not(a.clone()), Cond::False)
            )),
            a
        );
        // a ∨ (¬a ∧ b) = a ∨ b
        assert_eq!(
            simplify(or(a.clone(), and(not(a.clone()), b.clone()))),
            Cond::Or(vec![a.clone(), b.clone()])
        );
        // (a ∧ b) ∨ (¬a ∧ b) = b
        assert_eq!(
            simplify(or(
                and(a.clone(), b.clone()),
                and(not(a.clone()), b.clone())
            )),
            b
        );
        // a ∧ ¬a
        assert_eq!(simplify(and(a.clone(), not(a.clone()))), Cond::False);
    }
}
