//! `${VAR}` and `${VAR:-default}`: environment values resolved each time a probe runs, so that
//! secrets never sit in a suite file, a compiled probe or a report. `$${` is a literal `${`.
//! A `$` not followed by `{` is an ordinary character. A default may itself name variables
//! (`${DB:-${USER:-postgres}}`, as a shell's `${DB:-$USER}`): it is read when it is used.
//! `${file:PATH}` is a file's content without its trailing newlines, read when the probe runs
//! (a shell's `$(cat PATH)`, Docker's `*_FILE` secrets: `${file:${POSTGRES_PASSWORD_FILE}}`); it
//! is a secret like every environment value. `${file:PATH:-default}` is the default when the file
//! cannot be read (`$(cat PATH)` gives nothing then).

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
            let (name, default) = match inner.split_once(":-") {
                Some((n, d)) => (n.to_string(), Some(d.to_string())),
                None => (inner.clone(), None),
            };
            if !is_var_name(&name) {
                return Err(EnvSyntaxError {
                    offset: start,
                    len: close + 1 - start,
                    message: format!(
                        "`${{{inner}}}` is not an environment reference; write `${{NAME}}`, `${{NAME:-default}}` or `${{file:PATH}}` (`$${{` for a literal `${{`)"
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
            .any(|p| matches!(p, Part::Var { .. } | Part::File { .. }))
    }

    /// Whether the string starts with a `${VAR}` (not text, not a file's content).
    pub fn starts_with_var(&self) -> bool {
        matches!(self.parts.first(), Some(Part::Var { .. }))
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
                    let (found, secret) = match argument(name) {
                        Some(v) => (Some(v), false),
                        None => (env(name), true),
                    };
                    match (
                        found.filter(|v| !v.is_empty() || default.is_none()),
                        default,
                    ) {
                        (Some(v), _) => {
                            out.value.push_str(&v);
                            if secret {
                                out.from_env.push(v);
                            }
                        }
                        (None, Some(d)) => resolve_written(d, argument, env, out)?,
                        (None, None) => return Err(UnsetVar::Var(name.clone())),
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
            &|name| std::env::var(name).ok(),
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
            }
        }
        Ok(())
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
