//! `${VAR}` and `${VAR:-default}`: environment values resolved each time a probe runs, so that
//! secrets never sit in a suite file, a compiled probe or a report. `$${` is a literal `${`.
//! A `$` not followed by `{` is an ordinary character. A default may itself name variables
//! (`${DB:-${USER:-postgres}}`, as a shell's `${DB:-$USER}`): it is read when it is used.
//! `${file:PATH}` is a file's content without its trailing newlines, read when the probe runs
//! (a shell's `$(cat PATH)`, Docker's `*_FILE` secrets: `${file:${POSTGRES_PASSWORD_FILE}}`); it
//! is a secret like every environment value. `${file:PATH:-default}` is the default when the file
//! cannot be read (`$(cat PATH)` gives nothing then).
//! `${VAR#PATTERN}`, `${VAR##PATTERN}`, `${VAR%PATTERN}` and `${VAR%%PATTERN}` remove the
//! shortest or longest start or end of the value that matches PATTERN, as the shell's do:
//! `${ALLOWED_HOSTS%%,*}` is the first of a comma-separated list, `${URL#https://}` the URL
//! without its scheme. PATTERN is written text where `*` is any run of characters, `?` any one
//! character and `\` takes the next character as it is.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvString {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum Part {
    Lit(String),
    Var {
        name: String,
        /// As written (`$${` escapes, nested `${…}`), checked when parsed.
        default: Option<String>,
    },
    /// `${file:PATH}`: the path as written (it may name variables), checked when parsed, and
    /// the default for a file that cannot be read.
    File {
        path: String,
        default: Option<String>,
    },
    /// `${NAME%%,*}`: a variable's value with a matching start or end removed, and the text
    /// (as written) in its place when the variable is unset or empty (`${NAME%%,*:-default}`).
    Trim {
        name: String,
        trim: Trim,
        pattern: String,
        default: Option<String>,
    },
}

/// Which part of a value a `${NAME…PATTERN}` removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trim {
    /// `#`: the shortest start that matches.
    ShortestStart,
    /// `##`: the longest start that matches.
    LongestStart,
    /// `%`: the shortest end that matches.
    ShortestEnd,
    /// `%%`: the longest end that matches.
    LongestEnd,
}

impl Trim {
    /// The operator as written: `#`, `##`, `%`, `%%`.
    pub fn operator(self) -> &'static str {
        match self {
            Trim::ShortestStart => "#",
            Trim::LongestStart => "##",
            Trim::ShortestEnd => "%",
            Trim::LongestEnd => "%%",
        }
    }

    /// `##PATTERN`, `#PATTERN`, `%%PATTERN`, `%PATTERN`: the removal and its pattern.
    pub fn split_operator(text: &str) -> Option<(Trim, &str)> {
        [
            ("##", Trim::LongestStart),
            ("#", Trim::ShortestStart),
            ("%%", Trim::LongestEnd),
            ("%", Trim::ShortestEnd),
        ]
        .into_iter()
        .find_map(|(op, trim)| text.strip_prefix(op).map(|p| (trim, p)))
    }

    /// `value` without the part of it that `pattern` matches (all of it when none does).
    pub fn apply(self, value: &str, pattern: &str) -> String {
        let chars: Vec<char> = value.chars().collect();
        let pat: Vec<char> = pattern.chars().collect();
        let n = chars.len();
        let text = |r: &[char]| r.iter().collect::<String>();
        match self {
            Trim::ShortestStart => (0..=n)
                .find(|&i| glob(&pat, &chars[..i]))
                .map(|i| text(&chars[i..])),
            Trim::LongestStart => (0..=n)
                .rev()
                .find(|&i| glob(&pat, &chars[..i]))
                .map(|i| text(&chars[i..])),
            Trim::ShortestEnd => (0..=n)
                .rev()
                .find(|&i| glob(&pat, &chars[i..]))
                .map(|i| text(&chars[..i])),
            Trim::LongestEnd => (0..=n)
                .find(|&i| glob(&pat, &chars[i..]))
                .map(|i| text(&chars[..i])),
        }
        .unwrap_or_else(|| value.to_string())
    }
}

/// Whether `text` matches the whole of `pattern`: `*` any run, `?` one character, `\x` the
/// character x.
fn glob(pattern: &[char], text: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(('*', rest)) => (0..=text.len()).any(|i| glob(rest, &text[i..])),
        Some(('?', rest)) => !text.is_empty() && glob(rest, &text[1..]),
        Some(('\\', rest)) if !rest.is_empty() => {
            text.first() == Some(&rest[0]) && glob(&rest[1..], &text[1..])
        }
        Some((c, rest)) => text.first() == Some(c) && glob(rest, &text[1..]),
    }
}

/// A syntax error inside a string: the character offset where it starts and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct EnvSyntaxError {
    pub offset: usize,
    pub len: usize,
    pub message: String,
}

/// Why a string could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsetVar {
    /// A `${VAR}` whose variable is unset and has no default.
    #[error(
        "environment variable `{0}` is not set and has no default (write `${{{0}:-default}}` to give one)"
    )]
    Var(String),
    /// A `${file:PATH}` that could not be read.
    #[error("cannot read `${{file:{0}}}`: {1}")]
    File(String, String),
}

/// Most bytes a `${file:…}` reads: a secret or a setting, never a data file.
const MAX_FILE: u64 = 64 << 10;

/// A resolved string and the values that came from the environment, which the caller may need to
/// treat as secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub value: String,
    pub from_env: Vec<String>,
}

/// One piece of an [`EnvString`]: literal text, or a variable with its default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Lit(&'a str),
    Var(&'a str, Option<&'a str>),
    /// `${file:PATH}` or `${file:PATH:-default}`, as written.
    File(&'a str, Option<&'a str>),
    /// `${NAME%%PATTERN}` and the other removals, the pattern and any default as written.
    Trim(&'a str, Trim, &'a str, Option<&'a str>),
}

impl EnvString {
    pub fn literal(text: impl Into<String>) -> EnvString {
        EnvString {
            parts: vec![Part::Lit(text.into())],
        }
    }

    /// Built piece by piece (a compiled probe's suite), which unlike the text form cannot be
    /// ambiguous (`a$` followed by `${X}`).
    pub fn from_pieces(pieces: &[Piece<'_>]) -> EnvString {
        EnvString {
            parts: pieces
                .iter()
                .map(|p| match *p {
                    Piece::Lit(text) => Part::Lit(text.to_string()),
                    Piece::Var(name, default) => Part::Var {
                        name: name.to_string(),
                        default: default.map(str::to_string),
                    },
                    Piece::File(path, default) => Part::File {
                        path: path.to_string(),
                        default: default.map(str::to_string),
                    },
                    Piece::Trim(name, trim, pattern, default) => Part::Trim {
                        name: name.to_string(),
                        trim,
                        pattern: pattern.to_string(),
                        default: default.map(str::to_string),
                    },
                })
                .collect(),
        }
    }

    pub fn pieces(&self) -> Vec<Piece<'_>> {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Lit(text) => Piece::Lit(text),
                Part::Var { name, default } => Piece::Var(name, default.as_deref()),
                Part::File { path, default } => Piece::File(path, default.as_deref()),
                Part::Trim {
                    name,
                    trim,
                    pattern,
                    default,
                } => Piece::Trim(name, *trim, pattern, default.as_deref()),
            })
            .collect()
    }

    pub fn parse(text: &str) -> Result<EnvString, EnvSyntaxError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '$' && chars.get(i + 1) == Some(&'$') && chars.get(i + 2) == Some(&'{') {
                lit.push_str("${");
                i += 3;
                continue;
            }
            if c != '$' || chars.get(i + 1) != Some(&'{') {
                lit.push(c);
                i += 1;
                continue;
            }
            let start = i;
            let Some(close) = closing_brace(&chars, i + 2) else {
                return Err(EnvSyntaxError {
                    offset: start,
                    len: chars.len() - start,
                    message: "`${` is not closed by `}`".into(),
                });
            };
            let inner: String = chars[i + 2..close].iter().collect();
            if let Some(rest) = inner.strip_prefix("file:") {
                let (path, default) = split_default(rest);
                for (text, at) in [(Some(path), 0), (default, path.chars().count() + 2)] {
                    if let Some(Err(mut e)) = text.map(EnvString::parse) {
                        e.offset += start + 7 + at;
                        return Err(e);
                    }
                }
                if path.trim().is_empty() {
                    return Err(EnvSyntaxError {
                        offset: start,
                        len: close + 1 - start,
                        message: "`${file:}` names no file; write `${file:/run/secrets/token}`"
                            .into(),
                    });
                }
                if !lit.is_empty() {
                    parts.push(Part::Lit(std::mem::take(&mut lit)));
                }
                parts.push(Part::File {
                    path: path.to_string(),
                    default: default.map(str::to_string),
                });
                i = close + 1;
                continue;
            }
            if let Some((name, trim, pattern, default)) = trimmed(&inner) {
                if let Some(d) = default
                    && let Err(mut e) = EnvString::parse(d)
                {
                    e.offset += start + 2 + inner.chars().count() - d.chars().count();
                    return Err(e);
                }
                if pattern.contains(['[', '$', '{', '}']) {
                    return Err(EnvSyntaxError {
                        offset: start,
                        len: close + 1 - start,
                        message: format!(
                            "`${{{inner}}}`: a pattern of `*`, `?` and text only (no `[…]` or variables)"
                        ),
                    });
                }
                if !lit.is_empty() {
                    parts.push(Part::Lit(std::mem::take(&mut lit)));
                }
                parts.push(Part::Trim {
                    name: name.to_string(),
                    trim,
                    pattern: pattern.to_string(),
                    default: default.map(str::to_string),
                });
                i = close + 1;
                continue;
            }
            let (name, default) = match inner.split_once(":-") {
                Some((n, d)) => (n.to_string(), Some(d.to_string())),
                None => (inner.clone(), None),
            };
            if !is_var_name(&name) {
                return Err(EnvSyntaxError {
                    offset: start,
                    len: close + 1 - start,
                    message: format!(
                        "`${{{inner}}}` is not an environment reference; write `${{NAME}}`, `${{NAME:-default}}`, `${{NAME%%,*}}` or `${{file:PATH}}` (`$${{` for a literal `${{`)"
                    ),
                });
            }
            if let Some(d) = &default
                && let Err(mut e) = EnvString::parse(d)
            {
                // Where the default starts: after `${NAME:-`.
                e.offset += start + 2 + name.chars().count() + 2;
                return Err(e);
            }
            if !lit.is_empty() {
                parts.push(Part::Lit(std::mem::take(&mut lit)));
            }
            parts.push(Part::Var { name, default });
            i = close + 1;
        }
        if !lit.is_empty() || parts.is_empty() {
            parts.push(Part::Lit(lit));
        }
        Ok(EnvString { parts })
    }

    pub fn has_vars(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Var { .. } | Part::File { .. } | Part::Trim { .. }))
    }

    /// Whether the string starts with a `${VAR}` (not text, not a file's content).
    pub fn starts_with_var(&self) -> bool {
        matches!(
            self.parts.first(),
            Some(Part::Var { .. } | Part::Trim { .. })
        )
    }

    /// The literal text, when the string has no `${VAR}`.
    pub fn as_literal(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Lit(s)] => Some(s),
            _ => None,
        }
    }

    /// Resolves against `env` alone (every value it gives is a secret).
    pub fn resolve_with(&self, env: impl Fn(&str) -> Option<String>) -> Result<Resolved, UnsetVar> {
        let mut r = Resolved {
            value: String::new(),
            from_env: Vec::new(),
        };
        self.resolve_into(&|_| None, &env, &mut r)?;
        Ok(r)
    }

    /// Resolves each `${NAME}` against `argument`, then `env`; only values from `env` are
    /// secrets (`from_env`): an argument is the caller's and shows in reports.
    fn resolve_into(
        &self,
        argument: &dyn Fn(&str) -> Option<String>,
        env: &dyn Fn(&str) -> Option<String>,
        out: &mut Resolved,
    ) -> Result<(), UnsetVar> {
        for part in &self.parts {
            match part {
                Part::Lit(s) => out.value.push_str(s),
                Part::Var { name, default } => {
                    if let Some((v, secret)) = lookup(name, default, argument, env, out)? {
                        out.value.push_str(&v);
                        if secret {
                            out.from_env.push(v);
                        }
                    }
                }
                Part::Trim {
                    name,
                    trim,
                    pattern,
                    default,
                } => {
                    if let Some((v, secret)) = lookup(name, default, argument, env, out)? {
                        let kept = trim.apply(&v, pattern);
                        out.value.push_str(&kept);
                        if secret && !kept.is_empty() {
                            out.from_env.push(kept);
                        }
                    }
                }
                Part::File { path, default } => {
                    let mut p = Resolved {
                        value: String::new(),
                        from_env: Vec::new(),
                    };
                    resolve_written(path, argument, env, &mut p)?;
                    out.from_env.extend(p.from_env);
                    let content = match (read_file(&p.value), default) {
                        (Ok(content), _) => content,
                        (Err(_), Some(d)) => {
                            resolve_written(d, argument, env, out)?;
                            continue;
                        }
                        (Err(e), None) => return Err(UnsetVar::File(path.clone(), e)),
                    };
                    out.value.push_str(&content);
                    // What a file holds is a secret (a password, a token), as `$(cat)` of a
                    // Docker secret is.
                    if !content.is_empty() {
                        out.from_env.push(content);
                    }
                }
            }
        }
        Ok(())
    }

    /// Resolves against the suite's arguments, then the process environment.
    pub fn resolve(&self) -> Result<Resolved, UnsetVar> {
        let mut r = Resolved {
            value: String::new(),
            from_env: Vec::new(),
        };
        self.resolve_into(
            &super::args::value,
            // (A value that is not UTF-8 is read with its stray bytes as U+FFFD: set, and
            // holding its text, as the shell reads it.)
            &|name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()),
            &mut r,
        )?;
        Ok(r)
    }

    /// The name of the one variable this string is (`${args}`), if it is nothing else.
    pub fn single_var(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [
                Part::Var {
                    name,
                    default: None,
                },
            ] => Some(name),
            _ => None,
        }
    }
}

/// Whether a variable's name says it holds a secret (`API_TOKEN`, `DB_PASSWORD`, `PGPASSWORD`).
pub fn names_a_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["TOKEN", "PASS", "SECRET", "KEY", "AUTH", "CRED"]
        .iter()
        .any(|w| upper.contains(w))
}

impl fmt::Display for EnvString {
    /// The string as written, with `${VAR}` references kept (never their values).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::Lit(s) => f.write_str(&s.replace("${", "$${"))?,
                Part::Var {
                    name,
                    default: None,
                } => write!(f, "${{{name}}}")?,
                Part::Var {
                    name,
                    default: Some(d),
                } => write!(f, "${{{name}:-{d}}}")?,
                Part::File {
                    path,
                    default: None,
                } => write!(f, "${{file:{path}}}")?,
                Part::File {
                    path,
                    default: Some(d),
                } => write!(f, "${{file:{path}:-{d}}}")?,
                Part::Trim {
                    name,
                    trim,
                    pattern,
                    default,
                } => {
                    write!(f, "${{{name}{}{pattern}", trim.operator())?;
                    match default {
                        Some(d) => write!(f, ":-{d}}}")?,
                        None => f.write_str("}")?,
                    }
                }
            }
        }
        Ok(())
    }
}

/// A variable's value, from the caller's arguments (shown in reports) or the environment (a
/// secret: the flag), where it is set and, with a default, not empty; otherwise the default,
/// resolved into `out` as written, and `None`.
fn lookup(
    name: &str,
    default: &Option<String>,
    argument: &dyn Fn(&str) -> Option<String>,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut Resolved,
) -> Result<Option<(String, bool)>, UnsetVar> {
    let (found, secret) = match argument(name) {
        Some(v) => (Some(v), false),
        None => (env(name), true),
    };
    match (
        found.filter(|v| !v.is_empty() || default.is_none()),
        default,
    ) {
        (Some(v), _) => Ok(Some((v, secret))),
        (None, Some(d)) => resolve_written(d, argument, env, out).map(|()| None),
        (None, None) => Err(UnsetVar::Var(name.to_string())),
    }
}

/// Text kept as written inside a reference (a default, a path), resolved when it is used; text
/// the parser would refuse is taken literally (it was checked when the suite was read).
fn resolve_written(
    text: &str,
    argument: &dyn Fn(&str) -> Option<String>,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut Resolved,
) -> Result<(), UnsetVar> {
    EnvString::parse(text)
        .unwrap_or_else(|_| EnvString::literal(text))
        .resolve_into(argument, env, out)
}

/// `PATH:-default` at its first `:-` outside a nested `${…}`.
fn split_default(text: &str) -> (&str, Option<&str>) {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 2;
                continue;
            }
            b'}' => depth = depth.saturating_sub(1),
            b':' if depth == 0 && bytes.get(i + 1) == Some(&b'-') => {
                return (&text[..i], Some(&text[i + 2..]));
            }
            _ => {}
        }
        i += 1;
    }
    (text, None)
}

/// A file's content without its trailing newlines (as `$(cat FILE)` gives it), at most
/// [`MAX_FILE`] bytes of UTF-8.
fn read_file(path: &str) -> Result<String, String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{path}: {e}"))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(format!("{path} is larger than {} KiB", MAX_FILE >> 10));
    }
    let text = String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))?;
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

/// The index of the `}` that closes a reference whose name starts at `from`: references in
/// its default nest, `$${` does not open one.
fn closing_brace(chars: &[char], from: usize) -> Option<usize> {
    let mut depth = 1;
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '$' if chars.get(i + 1) == Some(&'$') && chars.get(i + 2) == Some(&'{') => i += 3,
            '$' if chars.get(i + 1) == Some(&'{') => {
                depth += 1;
                i += 2;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// `NAME%%PATTERN` (or `#`, `##`, `%`), and `:-DEFAULT` after it: the name, the removal, its
/// pattern and the default.
fn trimmed(inner: &str) -> Option<(&str, Trim, &str, Option<&str>)> {
    let at = inner.find(['#', '%'])?;
    let (name, rest) = inner.split_at(at);
    let (rest, default) = match split_default(rest) {
        (r, Some(d)) => (r, Some(d)),
        (r, None) => (r, None),
    };
    if !is_var_name(name) {
        return None;
    }
    let (trim, pattern) = Trim::split_operator(rest)?;
    Some((name, trim, pattern, default))
}

fn is_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "TOKEN" => Some("s3cret".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn resolves_vars_defaults_and_escapes() {
        let s = EnvString::parse("Bearer ${TOKEN} ${MISSING:-dflt} ${EMPTY:-e} $$HOME $${X} $")
            .unwrap();
        let r = s.resolve_with(env).unwrap();
        assert_eq!(r.value, "Bearer s3cret dflt e $$HOME ${X} $");
        assert_eq!(r.from_env, vec!["s3cret".to_string()]);
    }

    #[test]
    fn removes_the_start_or_end_a_pattern_matches() {
        let hosts = |v: &str| (v == "HOSTS").then(|| "a.example, b.example,c".to_string());
        let url = |v: &str| (v == "URL").then(|| "https://shop.example/health".to_string());
        for (text, lookup, want) in [
            (
                "${HOSTS%%,*}",
                &hosts as &dyn Fn(&str) -> Option<String>,
                "a.example",
            ),
            ("${HOSTS%,*}", &hosts, "a.example, b.example"),
            ("${HOSTS#*,}", &hosts, " b.example,c"),
            ("${HOSTS##*,}", &hosts, "c"),
            ("${URL#https://}", &url, "shop.example/health"),
            ("${URL#http://}", &url, "https://shop.example/health"),
            ("${URL%/*}", &url, "https://shop.example"),
            ("${URL##*/}", &url, "health"),
            ("${URL%?ealth}", &url, "https://shop.example/"),
            ("${URL#\\h*:}", &url, "//shop.example/health"),
        ] {
            let s = EnvString::parse(text).unwrap();
            assert_eq!(s.resolve_with(lookup).unwrap().value, want, "{text}");
            assert_eq!(s.to_string(), text);
        }
        let secret = EnvString::parse("${HOSTS%%,*}")
            .unwrap()
            .resolve_with(hosts)
            .unwrap();
        assert_eq!(secret.from_env, vec!["a.example".to_string()]);
        assert_eq!(
            EnvString::parse("${NOPE%%,*}")
                .unwrap()
                .resolve_with(hosts)
                .unwrap_err(),
            UnsetVar::Var("NOPE".into())
        );
        let dflt = EnvString::parse("${NOPE%%,*:-local,host}").unwrap();
        assert_eq!(dflt.resolve_with(hosts).unwrap().value, "local,host");
        assert_eq!(dflt.to_string(), "${NOPE%%,*:-local,host}");
        let set = EnvString::parse("${HOSTS%%,*:-x}").unwrap();
        assert_eq!(set.resolve_with(hosts).unwrap().value, "a.example");
        let err = EnvString::parse("x${HOSTS%%[,]*}").unwrap_err();
        assert_eq!((err.offset, err.len), (1, 14));
        assert!(err.message.contains("pattern"), "{}", err.message);
    }

    #[test]
    fn unset_without_default_is_an_error() {
        let s = EnvString::parse("${NOPE}").unwrap();
        assert_eq!(
            s.resolve_with(env).unwrap_err(),
            UnsetVar::Var("NOPE".into())
        );
    }

    #[test]
    fn bad_references_are_located() {
        let err = EnvString::parse("ab${1x}").unwrap_err();
        assert_eq!((err.offset, err.len), (2, 5));
        let err = EnvString::parse("ab${X").unwrap_err();
        assert_eq!(err.offset, 2);
    }

    #[test]
    fn defaults_name_variables_too() {
        let s = EnvString::parse("${DB:-${USER:-pg}}/${MISSING:-${TOKEN}} ${X:-a$${b}}").unwrap();
        let r = s.resolve_with(env).unwrap();
        assert_eq!(r.value, "pg/s3cret a${b}");
        assert_eq!(r.from_env, vec!["s3cret".to_string()]);
        assert_eq!(
            EnvString::parse("${A:-${B}").unwrap_err().message,
            "`${` is not closed by `}`"
        );
        let err = EnvString::parse("x${A:-${1}}").unwrap_err();
        assert_eq!((err.offset, err.len), (6, 4));
    }

    #[test]
    fn files_are_read_when_resolved_and_are_secrets() {
        let dir = std::env::temp_dir().join(format!("probekit-env-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let secret = dir.join("pw");
        std::fs::write(&secret, "hunter2\n\n").unwrap();
        let text = format!("u:${{file:{}}}@h", secret.display());
        let r = EnvString::parse(&text).unwrap().resolve_with(env).unwrap();
        assert_eq!(r.value, "u:hunter2@h");
        assert_eq!(r.from_env, vec!["hunter2".to_string()]);
        let missing = EnvString::parse("${file:${NOPE:-/nonexistent/x}}").unwrap();
        assert!(matches!(
            missing.resolve_with(env).unwrap_err(),
            UnsetVar::File(..)
        ));
        assert!(EnvString::parse("${file:}").is_err());
        let with_default = EnvString::parse("${file:${NOPE:-/nonexistent}:-none}").unwrap();
        assert_eq!(with_default.resolve_with(env).unwrap().value, "none");
        // The default stands for the file's content only: what follows it is still read.
        let in_the_middle = EnvString::parse("a/${file:/nonexistent:-none}/${TOKEN}/b").unwrap();
        assert_eq!(
            in_the_middle.resolve_with(env).unwrap().value,
            "a/none/s3cret/b"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "a ${B} c",
            "${B:-x}",
            "$${lit}",
            "plain",
            "${A:-${B:-c}d}",
            "${file:${DIR:-/run}/pw}",
            "${file:/run/secrets/pw:-}",
        ] {
            assert_eq!(EnvString::parse(text).unwrap().to_string(), text);
        }
    }
}
