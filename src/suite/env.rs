//! `${VAR}` and `${VAR:-default}`: environment values resolved each time a probe runs, so that
//! secrets never sit in a suite file, a compiled probe or a report. `$${` is a literal `${`.
//! A `$` not followed by `{` is an ordinary character. A default may itself name variables
//! (`${DB:-${USER:-postgres}}`, as a shell's `${DB:-$USER}`): it is read when it is used.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvString {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Lit(String),
    Var {
        name: String,
        /// As written (`$${` escapes, nested `${…}`), checked when parsed.
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

/// A `${VAR}` whose variable is unset and has no default.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "environment variable `{0}` is not set and has no default (write `${{{0}:-default}}` to give one)"
)]
pub struct UnsetVar(pub String);

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
            let (name, default) = match inner.split_once(":-") {
                Some((n, d)) => (n.to_string(), Some(d.to_string())),
                None => (inner.clone(), None),
            };
            if !is_var_name(&name) {
                return Err(EnvSyntaxError {
                    offset: start,
                    len: close + 1 - start,
                    message: format!(
                        "`${{{inner}}}` is not an environment reference; write `${{NAME}}` or `${{NAME:-default}}` (`$${{` for a literal `${{`)"
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
        self.parts.iter().any(|p| matches!(p, Part::Var { .. }))
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
                        (None, Some(d)) => EnvString::parse(d)
                            .unwrap_or_else(|_| EnvString::literal(d.clone()))
                            .resolve_into(argument, env, out)?,
                        (None, None) => return Err(UnsetVar(name.clone())),
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
            }
        }
        Ok(())
    }
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
        assert_eq!(s.resolve_with(env).unwrap_err(), UnsetVar("NOPE".into()));
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
    fn display_round_trips() {
        for text in ["a ${B} c", "${B:-x}", "$${lit}", "plain", "${A:-${B:-c}d}"] {
            assert_eq!(EnvString::parse(text).unwrap().to_string(), text);
        }
    }
}
