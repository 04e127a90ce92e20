//! Shell patterns and tools' regular expressions as the suite's text rules: globs, `[[ =~ ]]`
//! patterns, grep's flags and basic regular expressions.

use super::draft::{Piece, Text, Yaml};

/// A bash pattern (`*ok*`, `2??`, `"UP"*`) as a regex, when it cannot match into the trailing
/// newlines `$(…)` removes: it ends in `*` or a literal character.
pub(in crate::import) fn glob_regex(raw: &str) -> Option<String> {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut chars = raw.chars();
    let mut last_literal = false;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '$' | '`') => return None,
            (Some(_), c) => {
                out.push_str(&regex::escape(&c.to_string()));
                last_literal = c != '\n';
            }
            (None, '"' | '\'') => quote = Some(c),
            (None, '\\') => {
                let n = chars.next()?;
                out.push_str(&regex::escape(&n.to_string()));
                last_literal = n != '\n';
            }
            (None, '*') => {
                out.push_str(".*");
                last_literal = true;
            }
            // Any one character, a newline too.
            (None, '?') => {
                out.push_str("(?s:.)");
                last_literal = true;
            }
            (None, '[' | '$' | '`' | '(' | '@' | '+' | '!') => return None,
            (None, c) => {
                out.push_str(&regex::escape(&c.to_string()));
                last_literal = true;
            }
        }
    }
    (quote.is_none() && last_literal).then_some(out)
}

/// Text equal to `value` once `$(…)` has removed its trailing newlines, as a regex on the
/// output as captured.
pub(in crate::import) fn trimmed_equals(value: &str) -> String {
    format!(r"\A{}\n*\z", regex::escape(value))
}

/// `[[ x =~ PATTERN ]]`'s pattern as a regex: quoted parts match literally, a variable or a
/// command substitution is not read.
pub(in crate::import) fn ere_pattern(raw: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                let mut lit = String::new();
                loop {
                    let n = chars.next()?;
                    if n == c {
                        break;
                    }
                    if n == '$' || n == '`' {
                        return None;
                    }
                    lit.push(n);
                }
                out.push_str(&regex::escape(&lit));
            }
            '$' if chars.clone().next().is_some() => return None,
            '`' => return None,
            // The shell's quoting: the character after a backslash is itself, whatever it
            // means to a regex (`\.` a dot, `\d` a `d`, as bash hands it to the regex library).
            '\\' => out.push_str(&regex::escape(&chars.next()?.to_string())),
            c => out.push(c),
        }
    }
    Some(out)
}

/// `[[ x =~ PATTERN ]]`'s pattern as POSIX's extended syntax, as bash hands it to the regex
/// library (and `grep -E` reads it): quoted parts and characters after a backslash match
/// themselves; a variable or a command substitution is not read.
pub(in crate::import) fn posix_ere(raw: &str) -> Option<String> {
    let literal = |c: char, out: &mut String| {
        if ".[]()*+?{}|^$\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    };
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => loop {
                let n = chars.next()?;
                if n == c {
                    break;
                }
                if n == '$' || n == '`' || c == '"' && n == '\\' {
                    return None;
                }
                literal(n, &mut out);
            },
            '$' if chars.clone().next().is_some() => return None,
            '`' => return None,
            '\\' => literal(chars.next()?, &mut out),
            c => out.push(c),
        }
    }
    Some(out)
}

/// A bash `[[ == ]]` pattern (`*api*`, `"v"[0-9]*`) as a regex (Rust's syntax) that matches
/// the whole text as the pattern does: `(?s)\A(?:…)\z`, `*` taking newlines too. Only a pattern
/// that reads alike wherever it runs: quoted parts literal, `*`, sets of ASCII characters and
/// ranges (`[[:digit:]]`, `[[:xdigit:]]` too), backslash escapes. Not `?`, a complement
/// (`[!…]`, `[^…]`) or the other classes, which count or read a character as the locale says
/// (one byte in the C locale, one character in UTF-8; `é` is alpha in one and not the
/// other); not an expansion, extended globs (`@(…)`, `!(…)`), a set with quotes or escapes
/// inside, an unclosed set, nor a character the shell would read as syntax (`)`, `;`, `|`,
/// blanks).
pub(in crate::import) fn glob_whole_regex(raw: &str) -> Option<String> {
    const CLASSES: [&str; 2] = ["digit", "xdigit"];
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => loop {
                let n = chars.next()?;
                if n == c {
                    break;
                }
                if n == '$' || n == '`' || c == '"' && n == '\\' {
                    return None;
                }
                out.push_str(&regex::escape(&n.to_string()));
            },
            '$' | '`' | '(' | ')' | '|' | ';' | '&' | '<' | '>' | '?' => return None,
            c if c.is_whitespace() => return None,
            '@' | '+' | '!' if chars.peek() == Some(&'(') => return None,
            '\\' => {
                let n = chars.next().filter(|n| !n.is_whitespace())?;
                out.push_str(&regex::escape(&n.to_string()));
            }
            '*' => out.push_str(".*"),
            '[' => {
                // A `]` first is one of the set; `^` or `!` first, a complement; `:`, `.` or
                // `=` first, a set some shells read otherwise (`[:digit:]`).
                if matches!(chars.peek(), Some('^' | '!' | ':' | '.' | '=')) {
                    return None;
                }
                let mut set = Vec::new();
                if let Some(k) = chars.next_if(|k| *k == ']') {
                    set.push(k.to_string());
                }
                loop {
                    match chars.next()? {
                        '"' | '\'' | '\\' | '$' | '`' => return None,
                        ']' => break,
                        // `[:digit:]` and the classes every shell knows, whole; no other `[`
                        // (`[.a.]`, `[=a=]`, bash's `[:word:]`, a class as a range's end).
                        '[' => {
                            let class: String = chars.by_ref().take_while(|k| *k != ']').collect();
                            let known = class.strip_prefix(':').and_then(|c| c.strip_suffix(':'));
                            if !known.is_some_and(|c| CLASSES.contains(&c))
                                || chars.peek() == Some(&'-')
                            {
                                return None;
                            }
                            set.push(format!("[{class}]"));
                        }
                        '-' if chars.peek() == Some(&'[') => return None,
                        // What the shell reads as syntax, inside a set too.
                        '|' | ';' | '&' | '<' | '>' | '(' | ')' => return None,
                        k if k.is_whitespace() || !k.is_ascii() => return None,
                        k => set.push(k.to_string()),
                    }
                }
                out.push_str(&class_regex(&set)?);
            }
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    let re = format!(r"(?s)\A(?:{out})\z");
    regex::Regex::new(&re).ok().map(|_| re)
}

/// A bracket expression's items (characters, `-`, `[:class:]`) as a class of Rust's regex:
/// a `-` between two characters a range, every other character escaped.
fn class_regex(items: &[String]) -> Option<String> {
    let mut out = String::from("[");
    for (i, item) in items.iter().enumerate() {
        let range = item == "-"
            && i > 0
            && i + 1 < items.len()
            && !items[i - 1].starts_with('[')
            && !items[i + 1].starts_with('[');
        if range {
            out.push('-');
        } else if item.starts_with('[') {
            out.push_str(item);
        } else {
            let c = item.chars().next()?;
            if c.is_alphanumeric() {
                out.push(c);
            } else {
                out.push('\\');
                out.push(c);
            }
        }
    }
    out.push(']');
    Some(out)
}

/// A bash `=~` pattern, as [`posix_ere`] writes it, as a regex of Rust's syntax that matches
/// where the POSIX library bash hands it to does: `(?s)` (no `REG_NEWLINE`: `.` takes
/// newlines, `^` and `$` are the text's ends). Only the syntax both read alike, wherever it
/// runs: no backslash before a letter or digit (`\d`, `\1`, undefined in POSIX), no `(?`, no
/// quantifier after a quantifier (`a+?` is `(a+)?` in POSIX and lazy in Rust); `.` only as
/// `.*` or `.+`, and sets only of ASCII characters and ranges (`[[:digit:]]`, `[[:xdigit:]]`
/// too), no complement: what counts or reads characters as the locale says (one byte in the C
/// locale, one character in UTF-8) is refused.
pub(in crate::import) fn ere_search_regex(ere: &str) -> Option<String> {
    const CLASSES: [&str; 2] = ["digit", "xdigit"];
    let quantifier = |c: char| matches!(c, '*' | '+' | '?' | '}');
    let mut out = String::new();
    let mut chars = ere.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let n = chars.next()?;
                if n.is_alphanumeric() {
                    return None;
                }
                out.push_str(&regex::escape(&n.to_string()));
            }
            '(' if chars.peek() == Some(&'?') => return None,
            c if quantifier(c)
                && chars
                    .peek()
                    .is_some_and(|n| matches!(n, '*' | '+' | '?' | '{')) =>
            {
                return None;
            }
            '.' => {
                if !matches!(chars.peek(), Some('*' | '+')) {
                    return None;
                }
                out.push('.');
            }
            '[' => {
                let mut set = Vec::new();
                if chars.peek() == Some(&'^') {
                    return None;
                }
                if let Some(k) = chars.next_if(|k| *k == ']') {
                    set.push(k.to_string());
                }
                loop {
                    match chars.next()? {
                        ']' => break,
                        '[' => {
                            if chars.next() != Some(':') {
                                return None;
                            }
                            let class: String = chars.by_ref().take_while(|x| *x != ']').collect();
                            let name = class.strip_suffix(':')?;
                            if !CLASSES.contains(&name) {
                                return None;
                            }
                            set.push(format!("[:{name}:]"));
                        }
                        // (A backslash in a set: what the shell's quoting left of it.)
                        k if !k.is_ascii() || k == '\\' => return None,
                        k => set.push(k.to_string()),
                    }
                }
                out.push_str(&class_regex(&set)?);
            }
            c => out.push(c),
        }
    }
    let re = format!("(?s){out}");
    regex::Regex::new(&re).ok().map(|_| re)
}

/// grep's flags and pattern as a text rule on the lines of output.
pub(in crate::import) fn grep_rule(args: &[Text]) -> Option<(String, Yaml)> {
    let g = grep_args(args)?;
    if g.count || g.invert {
        return None;
    }
    // In probekit's form: a literal `${` as `$${`; a pattern from a variable as `${NAME}`.
    let form = |t: String| if g.late { t } else { t.replace("${", "$${") };
    if let Some(text) = g.plain {
        return Some(("contains".into(), Yaml::str(form(text))));
    }
    // A class that takes the newline (`[^x]`, `[[:space:]]`, `\s`) would let one match span
    // two lines of the output, where grep reads each alone: each line is matched alone then.
    if may_take_a_newline(&g.line) {
        return Some((
            "lines".into(),
            Yaml::Flow(vec![
                ("matching".into(), Yaml::str(form(g.line))),
                ("count".into(), Yaml::str("> 0")),
            ]),
        ));
    }
    let re = match g.line.strip_prefix("(?i)") {
        Some(rest) => format!("(?mi){rest}"),
        None => format!("(?m){}", g.line),
    };
    Some(("matches".into(), Yaml::str(form(re))))
}

/// Whether a line's regex may match a newline, given text of several lines: a negated class,
/// a class of blanks or controls, `\s` and its like, or the newline itself (looked for in its
/// text: a false alarm only costs the plainer `matches` form).
fn may_take_a_newline(re: &str) -> bool {
    [
        "[^",
        "\\s",
        "\\S",
        "\\W",
        "\\D",
        "[:space:]",
        "[:cntrl:]",
        "\\n",
        "(?s",
        "\\x0A",
        "\\x0a",
        "\\v",
        "\\p",
        "\\P",
    ]
    .iter()
    .any(|t| re.contains(t))
}

/// grep's rule on a command's own output, which may be empty: grep finds no line in no output,
/// where a regex that matches the empty text finds a place (`grep -q "$PATTERN"` given nothing,
/// `grep -q '^'`); the lines that match are counted then. `None` for the caller's fixed text
/// (`grep -F "$TEXT"`), which no line rule reads.
pub(in crate::import) fn grep_rule_on_output(args: &[Text]) -> Option<(String, Yaml)> {
    let g = grep_args(args)?;
    let rule = grep_rule(args)?;
    // (The caller's text of its own is a regex with a character: it cannot match nothing.)
    let empty = if g.late {
        g.may_be_empty
    } else {
        regex::Regex::new(&g.line).map_or(true, |re| re.is_match(""))
    };
    if !empty {
        return Some(rule);
    }
    if g.plain.is_some() {
        return None;
    }
    let line = if g.late {
        g.line
    } else {
        g.line.replace("${", "$${")
    };
    Some((
        "lines".into(),
        Yaml::Flow(vec![
            ("matching".into(), Yaml::str(line)),
            ("count".into(), Yaml::str("> 0")),
        ]),
    ))
}

/// What `grep ARGS` (reading its input) selects.
pub(in crate::import) struct Grep {
    /// A regex for one line (no `(?m)`: it is matched against each line alone).
    pub(in crate::import) line: String,
    /// The pattern, when it is fixed text looked for as it is.
    pub(in crate::import) plain: Option<String>,
    /// `-c`: the count of selected lines is printed instead.
    pub(in crate::import) count: bool,
    /// `-v`: the lines that do not match are selected.
    pub(in crate::import) invert: bool,
    /// The pattern names a variable (`grep -q "$PATTERN"`): `line` and `plain` are in
    /// probekit's form, for the suite to read when the probe runs.
    pub(in crate::import) late: bool,
    /// Such a pattern may be empty text: it has no character of its own, and a variable
    /// without a default (`"$PATTERN"`, where `"${PATTERN:-UP}"` is never empty).
    pub(in crate::import) may_be_empty: bool,
    /// `-q` (`--quiet`, `--silent`): nothing is printed, only the status says.
    pub(in crate::import) quiet: bool,
}

pub(in crate::import) fn grep_args(args: &[Text]) -> Option<Grep> {
    let mut fixed = false;
    let mut extended = false;
    let mut icase = false;
    let mut word = false;
    let mut line = false;
    let mut count = false;
    let mut invert = false;
    let mut quiet = false;
    let mut perl = false;
    let mut pattern = None;
    // `-e A -e B`: a line that matches either.
    let mut more: Vec<Text> = Vec::new();
    let mut given_by_e = false;
    let mut i = 0;
    while i < args.len() {
        let Some(a) = args[i].as_literal() else {
            // A pattern from a variable.
            if pattern.is_some() {
                return None;
            }
            pattern = Some(args[i].clone());
            i += 1;
            continue;
        };
        i += 1;
        if a == "-e" || a == "--regexp" {
            let p = args.get(i)?.clone();
            match pattern {
                None => pattern = Some(p),
                Some(_) if given_by_e => more.push(p),
                Some(_) => return None,
            }
            given_by_e = true;
            i += 1;
            continue;
        }
        if let Some(flags) = a
            .strip_prefix('-')
            .filter(|f| !f.is_empty() && !f.starts_with('-'))
        {
            for f in flags.chars() {
                match f {
                    'q' => quiet = true,
                    's' => {}
                    'F' => fixed = true,
                    'E' => extended = true,
                    'i' => icase = true,
                    'w' => word = true,
                    'x' => line = true,
                    'c' => count = true,
                    'v' => invert = true,
                    'P' => perl = true,
                    _ => return None,
                }
            }
            continue;
        }
        match a.as_str() {
            "--quiet" | "--silent" => quiet = true,
            "--no-messages" => continue,
            "--count" => count = true,
            "--invert-match" => invert = true,
            "--perl-regexp" => perl = true,
            _ if a.starts_with("--") => return None,
            _ if pattern.is_none() => pattern = Some(Text::lit(a)),
            // A file to read instead of the pipe (or a pattern after `-e`, which is one).
            _ => return None,
        }
    }
    let pattern = pattern?;
    // `-P` with `-F` or `-E`, or with several patterns, is grep's usage error; a pattern of
    // the caller's is not read; `-w` takes ASCII word characters, which `\b` here does not.
    if perl && (fixed || extended || word || !more.is_empty() || pattern.as_literal().is_none()) {
        return None;
    }
    let Some(pattern) = pattern.as_literal() else {
        if !more.is_empty() {
            return None;
        }
        return late_grep(&pattern, fixed, extended, icase, word, line, count, invert)
            .map(|g| Grep { quiet, ..g });
    };
    let one = |p: &str| -> Option<String> {
        if p.contains('\n') || p.is_empty() {
            return None;
        }
        if fixed {
            Some(regex::escape(p))
        } else if perl {
            pcre_to_regex(p)
        } else if extended {
            ere_to_regex(p)
        } else {
            bre_to_regex(p)
        }
    };
    let mut re = one(&pattern)?;
    // Fixed text, or a pattern with no operator in it, looked for as it is: the text it
    // stands for (`status\":` is `status":`).
    let plain_text = if fixed { pattern.clone() } else { re.clone() };
    let plain = if more.is_empty() {
        fixed || !re.chars().any(|c| ".[]()*+?^$|\\{}".contains(c))
    } else {
        let mut each = vec![re];
        for p in &more {
            each.push(one(&p.as_literal()?)?);
        }
        re = format!("(?:(?:{}))", each.join(")|(?:"));
        false
    };
    let plain = (plain && !icase && !word && !line).then_some(plain_text);
    re = grep_flags(re, word, line, icase);
    regex::Regex::new(&re).ok()?;
    Some(Grep {
        line: re,
        plain,
        count,
        invert,
        late: false,
        may_be_empty: false,
        quiet,
    })
}

/// `grep "$PATTERN"`: the pattern the caller gives, read when the probe runs — as fixed text
/// with `-F`, else as a regular expression (grep's basic syntax only where what the script
/// writes around the variable, and its default, read the same in both).
#[allow(clippy::too_many_arguments)]
fn late_grep(
    pattern: &Text,
    fixed: bool,
    extended: bool,
    icase: bool,
    word: bool,
    line: bool,
    count: bool,
    invert: bool,
) -> Option<Grep> {
    let special = |t: &str| t.chars().any(|c| ".[]()*+?^$|\\{}".contains(c));
    for p in &pattern.0 {
        match p {
            Piece::File(_) => return None,
            Piece::Lit(t) if t.contains('\n') || (!fixed && special(t)) => return None,
            Piece::Var(_, Some(d)) if !fixed && !extended && special(d) => return None,
            _ => {}
        }
    }
    let rendered = pattern.render();
    let may_be_empty = pattern.0.iter().all(|p| match p {
        Piece::Lit(t) => t.is_empty(),
        Piece::Var(_, default) => default.as_deref().is_none_or(str::is_empty),
        Piece::File(_) | Piece::Trim(..) => true,
    });
    if fixed {
        // Fixed text with `-w`, `-x` or `-i` would need it escaped when the probe runs.
        if icase || word || line {
            return None;
        }
        return Some(Grep {
            line: String::new(),
            plain: Some(rendered),
            count,
            invert,
            late: true,
            may_be_empty,
            quiet: false,
        });
    }
    Some(Grep {
        line: grep_flags(rendered, word, line, icase),
        plain: None,
        count,
        invert,
        late: true,
        may_be_empty,
        quiet: false,
    })
}

/// grep's `-w`, `-x` and `-i` around a line's regex.
fn grep_flags(re: String, word: bool, line: bool, icase: bool) -> String {
    let mut re = re;
    // grep -w: a match with no word character just before or after it (`\b` would ask for
    // one where the pattern starts or ends with another character: `-w '@foo'`).
    if word {
        let wordy = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        let plain = !re.contains(|c: char| ".[]()*+?^$|\\{}".contains(c));
        re = if plain && wordy(re.chars().next()) && wordy(re.chars().last()) {
            format!(r"\b(?:{re})\b")
        } else {
            format!(r"(?:^|[^\w\n])(?:{re})(?:[^\w\n]|$)")
        };
    }
    if line {
        re = format!("^(?:{re})$");
    }
    if icase {
        re = format!("(?i){re}");
    }
    re
}

/// A POSIX basic regular expression as a Rust one: `\(`, `\)`, `\{`, `\}`, `\|`, `\+`, `\?`
/// are the operators, and the bare characters are literal.
pub(in crate::import) fn bre_to_regex(p: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                c @ ('(' | ')' | '{' | '}' | '|' | '+' | '?') => out.push(c),
                c @ ('.' | '*' | '[' | ']' | '^' | '$' | '\\' | '/') => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push_str(&escaped(c)?),
            },
            '[' => out.push_str(&bracket(&mut chars)?),
            '(' | ')' | '{' | '}' | '|' | '+' | '?' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// A bracket expression after its `[`, as Rust reads the same set (its `[` included): a
/// backslash is itself, `]` first is a member, POSIX classes by their names; what Rust reads
/// otherwise (a nested `[`, `&&`, `--`, `~~`) or grep refuses (`[[.x.]]`, `[[=x=]]`, an unknown
/// class) is not translated. `None` also for a bracket that does not end.
fn bracket(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<String> {
    const CLASSES: &[&str] = &[
        "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space",
        "upper", "xdigit",
    ];
    let mut out = String::from("[");
    if chars.peek() == Some(&'^') {
        out.push(chars.next()?);
    }
    if chars.peek() == Some(&']') {
        chars.next();
        out.push_str(r"\]");
    }
    loop {
        let c = chars.next()?;
        match c {
            ']' => {
                out.push(']');
                return Some(out);
            }
            '[' => match chars.peek() {
                Some(':') => {
                    chars.next();
                    let mut name = String::new();
                    loop {
                        let x = chars.next()?;
                        if x == ':' && chars.peek() == Some(&']') {
                            chars.next();
                            break;
                        }
                        name.push(x);
                    }
                    if !CLASSES.contains(&name.as_str()) {
                        return None;
                    }
                    out.push_str(&format!("[:{name}:]"));
                }
                Some('.' | '=') => return None,
                _ => out.push_str(r"\["),
            },
            '\\' => out.push_str(r"\\"),
            '&' | '-' | '~' if chars.peek() == Some(&c) => return None,
            c => out.push(c),
        }
    }
}

/// `\c` outside a bracket, for a character neither grammar gives a meaning of its own: the
/// character itself. GNU's word and space classes and boundaries (`\<`, `\w`), a
/// back-reference, or a letter grep reads as itself with a warning (`\d`) are not translated.
fn escaped(c: char) -> Option<String> {
    (!(c.is_ascii_alphanumeric() || matches!(c, '<' | '>' | '`' | '\'')))
        .then(|| regex::escape(&c.to_string()))
}

/// A POSIX extended regular expression (`grep -E`) as a Rust one: escapes of letters and
/// digits (GNU's `\w`, `\<`, back-references, and `\d`, which grep reads as `d`) are not
/// translated, and a backslash in a bracket expression is itself.
pub(in crate::import) fn ere_to_regex(p: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str(&escaped(chars.next()?)?),
            '[' => out.push_str(&bracket(&mut chars)?),
            // `(?i)`, `(?:…)`: Rust's flags and groups, an error or a literal to grep.
            '(' if chars.peek() == Some(&'?') => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// A Perl-compatible regular expression (`grep -P`) as a Rust one that finds the same lines
/// when the suite applies it, multi-line, to the whole output. grep -P (no UCP) reads `\d`,
/// `\w`, `\s` and `\b` as ASCII, which are written out as ASCII classes kept from case
/// folding; nothing may match the newline between lines (negated classes leave it out), and
/// what Rust reads otherwise or grep refuses is not translated: look-around, back-references,
/// `\K`, possessive and atomic groups, `\Q…\E`, `\A`, `\z`, `\n`, a `{` that is not a plain
/// repetition, a quantifier of nothing or of a quantifier, ranges that start or end at a class
/// escape, and POSIX classes outside brackets.
pub(in crate::import) fn pcre_to_regex(p: &str) -> Option<String> {
    const SPACE: &str = r"\t\x0B\x0C\r ";
    const WORD: &str = "0-9A-Za-z_";
    /// What the last piece outside a class was, for the quantifier that may follow it.
    #[derive(Clone, Copy, PartialEq)]
    enum Last {
        Nothing,
        Atom,
        Quantified,
        Lazy,
    }
    let mut out = String::new();
    let mut chars = p.chars().peekable();
    let mut last = Last::Nothing;
    // In a class: whether it is one, and whether its last item was a set (`\d`, `[:alpha:]`),
    // which a `-` may not follow as a range.
    let mut in_class = false;
    let mut class_set = false;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        if in_class {
            let first = std::mem::take(&mut class_start);
            match c {
                ']' if !first => {
                    in_class = false;
                    out.push(']');
                    last = Last::Atom;
                }
                '\\' => {
                    let e = chars.next()?;
                    class_set = false;
                    match e {
                        'd' => {
                            out.push_str("0-9");
                            class_set = true;
                        }
                        's' => {
                            out.push_str(SPACE);
                            class_set = true;
                        }
                        't' | 'r' | 'f' => {
                            out.push('\\');
                            out.push(e);
                        }
                        e if e.is_ascii_punctuation() => {
                            out.push('\\');
                            out.push(e);
                        }
                        _ => return None,
                    }
                }
                '[' if chars.peek() == Some(&':') => {
                    let rest: String = chars.clone().collect();
                    let end = rest.get(1..)?.find(":]")? + 1;
                    let name = &rest[1..end];
                    if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase()) {
                        return None;
                    }
                    out.push_str(&format!("[:{name}:]"));
                    for _ in 0..end + 2 {
                        chars.next();
                    }
                    class_set = true;
                }
                '[' if matches!(chars.peek(), Some('=' | '.')) => return None,
                '[' => {
                    out.push_str(r"\[");
                    class_set = false;
                }
                '-' => {
                    let ends_class = chars.peek() == Some(&']');
                    let next_is_set = {
                        let mut look = chars.clone();
                        matches!(
                            (look.next(), look.next()),
                            (Some('\\'), Some('d' | 'w' | 's' | 'D' | 'W' | 'S'))
                                | (Some('['), Some(':'))
                        )
                    };
                    if !first && !ends_class && (class_set || next_is_set) {
                        return None;
                    }
                    // Rust reads `--` as a set operation.
                    if chars.peek() == Some(&'-') {
                        return None;
                    }
                    out.push('-');
                    class_set = false;
                }
                '&' | '~' if chars.peek() == Some(&c) => return None,
                c => {
                    out.push(c);
                    class_set = false;
                }
            }
            continue;
        }
        let quantifier = matches!(c, '*' | '+' | '?' | '{');
        if quantifier {
            if c == '{' {
                let rest: String = chars.clone().collect();
                let end = rest.find('}')?;
                let inner = &rest[..end];
                let plain = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
                let repetition = match inner.split_once(',') {
                    None => plain(inner),
                    Some((lo, hi)) => plain(lo) && (hi.is_empty() || plain(hi)),
                };
                if !repetition {
                    return None;
                }
                out.push('{');
                out.push_str(inner);
                out.push('}');
                for _ in 0..=end {
                    chars.next();
                }
            } else {
                out.push(c);
            }
            last = match (last, c) {
                (Last::Atom, _) => Last::Quantified,
                (Last::Quantified, '?') => Last::Lazy,
                _ => return None,
            };
            continue;
        }
        match c {
            '\\' => {
                let e = chars.next()?;
                last = Last::Atom;
                match e {
                    'd' => out.push_str("(?-i:[0-9])"),
                    'D' => out.push_str(r"(?-i:[^0-9\n])"),
                    'w' => out.push_str(&format!("(?-i:[{WORD}])")),
                    'W' => out.push_str(&format!(r"(?-i:[^{WORD}\n])")),
                    's' => out.push_str(&format!("(?-i:[{SPACE}])")),
                    'S' => out.push_str(&format!(r"(?-i:[^{SPACE}\n])")),
                    'b' | 'B' => {
                        out.push_str(&format!(r"(?-u:\{e})"));
                        last = Last::Nothing;
                    }
                    't' | 'r' | 'f' => {
                        out.push('\\');
                        out.push(e);
                    }
                    // An escaped punctuation character is itself (Rust reads some, as `\<`,
                    // as operators: written escaped the Rust way).
                    e if e.is_ascii_punctuation() => out.push_str(&regex::escape(&e.to_string())),
                    _ => return None,
                }
            }
            '[' => {
                if chars.peek() == Some(&':') {
                    return None;
                }
                in_class = true;
                class_set = false;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push_str(r"^\n");
                }
                // A `]` first in the class is itself.
                if chars.peek() == Some(&']') {
                    chars.next();
                    out.push_str(r"\]");
                } else {
                    class_start = true;
                }
            }
            '(' => {
                // Only `(?:…)`, `(?i)`/`(?i:…)` and named groups read the same.
                out.push('(');
                last = Last::Nothing;
                if chars.peek() == Some(&'?') {
                    let rest: String = chars.clone().collect();
                    let after = &rest[1..];
                    let head = if after.starts_with("<=") || after.starts_with("<!") {
                        return None;
                    } else if let Some(h) =
                        [":", "i)", "i:"].iter().find(|h| after.starts_with(**h))
                    {
                        format!("?{h}")
                    } else if after.starts_with("P<") || after.starts_with('<') {
                        let close = after.find('>')?;
                        let name = after[..close]
                            .trim_start_matches("P<")
                            .trim_start_matches('<');
                        if name.is_empty()
                            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        {
                            return None;
                        }
                        format!("?{}", &after[..=close])
                    } else {
                        return None;
                    };
                    out.push_str(&head);
                    for _ in 0..head.chars().count() {
                        chars.next();
                    }
                }
            }
            '|' | '^' | '$' => {
                out.push(c);
                last = Last::Nothing;
            }
            ')' => {
                out.push(')');
                last = Last::Atom;
            }
            c => {
                out.push(c);
                last = Last::Atom;
            }
        }
    }
    (!in_class && regex::Regex::new(&out).is_ok()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::draft::{Text, Yaml};

    #[test]
    fn values_tested_as_bash_tests_them() {
        let glob = |raw: &str, v: &str| {
            let re = glob_whole_regex(raw).expect(raw);
            regex::Regex::new(&re).expect(&re).is_match(v)
        };
        assert!(glob("*api*", "x,api\ny"));
        assert!(!glob("api*", "x\napi"));
        assert!(glob(r#"*"a.b"*"#, "za.b"));
        assert!(!glob(r#"*"a.b"*"#, "zaxb"));
        assert!(glob("v[0-9]*", "v1\n"));
        assert!(glob("[]a]", "]"));
        assert!(glob("[a-]", "-"));
        assert!(glob("[[:digit:]]*", "7up"));
        assert!(glob("*", ""));
        let ere = |raw: &str, v: &str| {
            let re = ere_search_regex(&posix_ere(raw).expect(raw)).expect(raw);
            regex::Regex::new(&re).expect(&re).is_match(v)
        };
        assert!(ere("^[1-9][0-9]*$", "40"));
        assert!(!ere("^[1-9][0-9]*$", "5\nx"));
        assert!(!ere("^[0-9]+$", "5\n"));
        assert!(ere("^a.*b$", "a\nb"));
        assert!(ere("^https?://", "http://x"));
        assert!(ere("^([0-9]+([.][0-9]+)?|[.][0-9]+)$", "0.1"));
        assert!(ere(r#"^"a.b"$"#, "a.b"));
        assert!(!ere(r#"^"a.b"$"#, "axb"));
        assert!(ere("^[[:digit:]]+$", "42"));
        // (The shell's quoting: a backslash makes the next character itself.)
        assert!(ere(r"^\d+$", "dd"));
        assert!(ere(r"^(a)\1$", "a1"));
        assert!(ere(r"^[\d]$", "d"));
        assert!(!ere(r"^[\d]$", "\\"));
        for refused in [
            "[[:word:]]",
            "[[.a.]]",
            "(?i)a",
            "[[=a=]]",
            "^.$",
            "^a.b$",
            "[^a]",
            "[[:alpha:]]",
            "^a+?$",
            "^a*?$",
            "[é]",
            r"[a\]]",
        ] {
            assert_eq!(
                posix_ere(refused).and_then(|e| ere_search_regex(&e)),
                None,
                "{refused}"
            );
        }
    }

    #[test]
    fn bash_patterns_that_read_alike_everywhere() {
        let same = [
            "*api*",
            r#"*"a.b"*"#,
            "v*.[0-9]*",
            "[]a]",
            "[[:digit:]]*",
            "a{1}^",
            "+x",
            r"a\*",
            "'x y'*",
        ];
        for raw in same {
            assert!(glob_whole_regex(raw).is_some(), "{raw}");
        }
        let refused = [
            "@(a|b)",
            "!(a)",
            "*$HOST*",
            r#"["a"]"#,
            "[ab",
            "a\\",
            "[^a]",
            "a)b",
            "a;b",
            "[:digit:]",
            "*[[:word:]]*",
            "*[[:digit:]-z]*",
            "*[a-[:digit:]]*",
            "*[[:digit]]*",
            "[[.a.]]",
            "[[=a=]]",
            "*[[=]*",
            "*[|]*",
            r"*\ ",
            "a?c",
            "[!ab]x",
            "[[:alpha:]]*",
            "[é]*",
        ];
        for raw in refused {
            assert!(glob_whole_regex(raw).is_none(), "{raw}");
        }
    }

    #[test]
    fn basic_regular_expressions_become_rust_ones() {
        let cases = [
            ("a.c", Some("a.c")),
            ("a+(b)", Some(r"a\+\(b\)")),
            (r"a\+\(b\)", Some("a+(b)")),
            (r"x\{2\}", Some("x{2}")),
            ("[]a]", Some(r"[\]a]")),
            (r"\w", None),
            (r"\1", None),
            ("[abc", None),
            // GNU's word boundaries, and `\d`, which grep reads as `d`.
            (r"\<200\>", None),
            (r" 2\d\d", None),
            // A backslash in a bracket expression is itself.
            (r"[\d]", Some(r"[\\d]")),
        ];
        for (bre, want) in cases {
            assert_eq!(bre_to_regex(bre).as_deref(), want, "{bre}");
        }
    }

    #[test]
    fn extended_regular_expressions_become_rust_ones() {
        let cases = [
            (" (200|204) ", Some(" (200|204) ")),
            (r"a\.b\+", Some(r"a\.b\+")),
            ("[]a]", Some(r"[\]a]")),
            (r"[\d]x", Some(r"[\\d]x")),
            ("[[:digit:]]+", Some("[[:digit:]]+")),
            ("[[:word:]]", None),
            ("o[k&&]", None),
            ("[[.o.]]", None),
            ("(?i)ok", None),
            (r" 2\d\d", None),
            (r"HTTP/\S+", None),
            (r"\<ok\>", None),
            (r"(a)\1", None),
            ("[abc", None),
        ];
        for (ere, want) in cases {
            assert_eq!(ere_to_regex(ere).as_deref(), want, "{ere}");
        }
    }

    #[test]
    fn perl_regular_expressions_become_rust_ones_where_both_read_them_alike() {
        let cases = [
            (
                r"^\s*f\s*$",
                Some(r"^(?-i:[\t\x0B\x0C\r ])*f(?-i:[\t\x0B\x0C\r ])*$"),
            ),
            (r"\d+ ms", Some("(?-i:[0-9])+ ms")),
            (r"[\d.-]+", Some("[0-9.-]+")),
            (r"\bOK\b", Some(r"(?-u:\b)OK(?-u:\b)")),
            (r"(?:up|ok)\.", Some(r"(?:up|ok)\.")),
            (r"a\<b", Some(r"a<b")),
            ("(?i)healthy", Some("(?i)healthy")),
            ("[^a]b", Some(r"[^\na]b")),
            ("x{2,3}y*?", Some("x{2,3}y*?")),
            ("[[:alpha:]]+", Some("[[:alpha:]]+")),
            ("[a-z]--", Some("[a-z]--")),
        ];
        for (pcre, want) in cases {
            assert_eq!(pcre_to_regex(pcre).as_deref(), want, "{pcre}");
        }
        // What Rust reads otherwise, or grep -P refuses.
        for pcre in [
            r"(?<=a)b",
            r"a(?!b)",
            r"(a)\1",
            r"=\K\d+",
            "a++",
            "a{,3}",
            r"\Qa.b\E",
            r"\cA",
            r"\Aimok",
            r"imok\z",
            r"ok\nfoo",
            r"\x0a",
            "[a--]",
            "[&&x]",
            "[[:]",
            "[:alpha:]",
            "[[=a=]]",
            r"[\w-~]",
            r"[\d-z]",
            r"[\s-a]",
            "[[:digit:]-z]",
            "x{1}{2}",
            "x**y",
            "^*ok",
            r"\b+ok",
            "x?*y",
            "a{1, 2}",
            "a{x}",
            "*a",
            "(*a)",
            "a|*b",
            r"[\w.]",
        ] {
            assert_eq!(pcre_to_regex(pcre), None, "{pcre}");
        }
        // No class crosses the newline between two lines of output.
        for pcre in [
            r"ERROR\s",
            r"fail\W",
            r"[^\d]",
            r"^\s+$",
            r"Status:\s+OK",
            r"a\Db",
        ] {
            let re = regex::Regex::new(&format!("(?m){}", pcre_to_regex(pcre).unwrap())).unwrap();
            for text in [
                "line ERROR\nnext",
                "fail\nx",
                "\n\n",
                "Status:\nOK: 3",
                "a\nb",
            ] {
                let grep = text.lines().any(|l| {
                    regex::Regex::new(&format!("(?m){}", pcre_to_regex(pcre).unwrap()))
                        .unwrap()
                        .is_match(l)
                });
                assert_eq!(re.is_match(text), grep, "{pcre} on {text:?}");
            }
        }
        // Case-insensitive, the ASCII classes stay ASCII (no ſ for `\w`).
        let re = regex::Regex::new(&format!("(?i){}", pcre_to_regex(r"^\w+$").unwrap())).unwrap();
        assert!(re.is_match("Ok") && !re.is_match("ſ") && !re.is_match("\u{212A}"));
        for text in ["  f ", "f", "\tf\t", " ", "ff", "t"] {
            let ours = regex::Regex::new(&pcre_to_regex(r"^\s*f\s*$").unwrap()).unwrap();
            assert_eq!(ours.is_match(text), text.trim() == "f", "{text:?}");
        }
    }

    #[test]
    fn globs_become_regexes_only_where_trailing_newlines_cannot_match() {
        assert_eq!(glob_regex("*ok*").as_deref(), Some(".*ok.*"));
        assert_eq!(glob_regex(r#""UP"*"#).as_deref(), Some("UP.*"));
        assert_eq!(glob_regex("a.b").as_deref(), Some(r"a\.b"));
        assert_eq!(glob_regex("ok?").as_deref(), Some("ok(?s:.)"));
        assert_eq!(glob_regex("2??").as_deref(), Some("2(?s:.)(?s:.)"));
        assert_eq!(glob_regex("[ab]"), None);
        assert_eq!(glob_regex(r#""$x""#), None);
    }

    #[test]
    fn grep_flags_become_text_rules() {
        let rule =
            |args: &[&str]| grep_rule(&args.iter().map(|a| Text::lit(*a)).collect::<Vec<_>>());
        assert_eq!(
            rule(&["-q", "PONG"]),
            Some(("contains".into(), Yaml::str("PONG")))
        );
        assert_eq!(
            rule(&["-qF", "a.b"]),
            Some(("contains".into(), Yaml::str("a.b")))
        );
        assert_eq!(
            rule(&["-qi", "alive"]),
            Some(("matches".into(), Yaml::str("(?mi)alive")))
        );
        // `-e A -e B`: either; a pattern after `-e` is then a file, which is not read.
        assert_eq!(
            rule(&["-q", "-e", "UP", "-e", "a.b"]),
            Some(("matches".into(), Yaml::str("(?m)(?:(?:UP)|(?:a.b))")))
        );
        assert_eq!(
            rule(&["-qF", "-e", "a.b", "-e", "UP"]),
            Some(("matches".into(), Yaml::str(r"(?m)(?:(?:a\.b)|(?:UP))")))
        );
        assert_eq!(rule(&["-q", "-e", "UP", "DOWN"]), None);
        assert_eq!(
            rule(&["-E", "^ok$"]),
            Some(("matches".into(), Yaml::str("(?m)^ok$")))
        );
        // `-w`: no word character around the match, whatever the pattern's ends are.
        assert_eq!(
            rule(&["-qw", "200"]),
            Some(("matches".into(), Yaml::str(r"(?m)\b(?:200)\b")))
        );
        let Some((key, Yaml::Flow(lines))) = rule(&["-qw", "@foo"]) else {
            panic!("a lines rule");
        };
        assert_eq!(key, "lines");
        let Yaml::Str(re) = &lines[0].1 else { panic!() };
        let re = regex::Regex::new(re).unwrap();
        assert!(re.is_match("a @foo") && re.is_match("@foo") && !re.is_match("x@foo"));
        // A class that takes the newline is matched line by line.
        assert!(matches!(rule(&["-q", "[^a]b"]), Some((k, _)) if k == "lines"));
        assert_eq!(rule(&["-v", "x"]), None);
        assert_eq!(rule(&["-c", "x"]), None);
        assert_eq!(rule(&["x", "file"]), None);
    }
}
