//! The arguments a suite takes (`args:`), as the script it replaces took them: bound once per
//! process from `probekit run SUITE ARG…` or a compiled probe's `./probe ARG…`, and read when
//! probes run — `${NAME}` anywhere a `${VAR}` may stand, and a `rest` argument as an argv element
//! of its own (`${args}`), which stands for every remaining argument, one element each.
//!
//! An argument is positional, or an option (`-H HOST`, `--port=PORT`, `-Hhost`) given in any
//! order, as `getopts` and hand-written `case "$1"` loops read them; `--` ends the options.
//!
//! An argument's value is the caller's, not a secret: unlike an environment value it is not
//! masked in reports.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// One declared argument.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArgSpec {
    pub name: String,
    pub help: Option<String>,
    /// Used when the caller gives fewer arguments; without one the argument is required.
    pub default: Option<String>,
    /// Takes every remaining argument (the last one only).
    pub rest: bool,
    /// `-H`, `--hostname`: an option that takes a value; empty for a positional argument.
    pub flags: Vec<String>,
    /// An option that takes no value (`--ssl`, `-v`, argparse's `store_true`): `true` when
    /// given, else `false`.
    pub switch: bool,
}

/// `-H` (a dash and one letter or digit) or `--hostname`.
pub fn is_option_flag(flag: &str) -> bool {
    let short = flag.len() == 2
        && flag.starts_with('-')
        && flag[1..].chars().all(|c| c.is_ascii_alphanumeric());
    let long = flag.len() > 3
        && flag.starts_with("--")
        && flag[2..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    short || long
}

impl ArgSpec {
    /// `-H HOST`, `[--port PORT]`, `URL`, `[TIMEOUT]`, `[ARGS…]`.
    pub fn usage(&self) -> String {
        let n = self.name.to_uppercase();
        let word = match self.flags.first() {
            Some(flag) if self.switch => return format!("[{flag}]"),
            Some(flag) => format!("{flag} {n}"),
            None if self.rest => format!("{n}…"),
            None => n,
        };
        if self.rest || self.default.is_some() {
            format!("[{word}]")
        } else {
            word
        }
    }
}

#[derive(Debug, Default)]
struct Bound {
    values: HashMap<String, String>,
    rest: Option<(String, Vec<String>)>,
}

static BOUND: OnceLock<Bound> = OnceLock::new();

/// Binds `given` to `specs`: options by their flags, the other words to the positional
/// arguments in order; once per process (a second call is ignored).
pub fn bind(specs: &[ArgSpec], given: &[String]) -> Result<(), String> {
    let mut bound = Bound::default();
    bind_into(specs, given, &mut bound)?;
    let _ = BOUND.set(bound);
    Ok(())
}

fn bind_into(specs: &[ArgSpec], given: &[String], bound: &mut Bound) -> Result<(), String> {
    let has_options = specs.iter().any(|s| !s.flags.is_empty());
    let takes_rest = specs.iter().any(|s| s.rest);
    let option = |flag: &str| specs.iter().find(|s| s.flags.iter().any(|f| f == flag));
    let mut words: Vec<String> = Vec::new();
    let mut given = given.iter();
    let mut options_end = !has_options;
    while let Some(g) = given.next() {
        if options_end || !g.starts_with('-') || g == "-" {
            words.push(g.clone());
            continue;
        }
        if g == "--" {
            options_end = true;
            continue;
        }
        if let Some(spec) = option(g).filter(|s| s.switch) {
            bound.values.insert(spec.name.clone(), "true".into());
            continue;
        }
        // `--port=80`, `-H host`, `-Hhost`.
        let (spec, value) = if let Some((flag, v)) =
            g.split_once('=').filter(|_| g.starts_with("--"))
            && let Some(spec) = option(flag)
        {
            (spec, v.to_string())
        } else if let Some(spec) = option(g) {
            let v = given
                .next()
                .ok_or_else(|| format!("option {g} needs a value{}", usage(specs)))?;
            (spec, v.clone())
        } else if !g.starts_with("--")
            && let Some(spec) = g.get(..2).and_then(option).filter(|s| !s.switch)
        {
            (spec, g[2..].to_string())
        } else if takes_rest || g[1..].parse::<f64>().is_ok() {
            words.push(g.clone());
            continue;
        } else {
            return Err(format!("unknown option `{g}`{}", usage(specs)));
        };
        bound.values.insert(spec.name.clone(), value);
    }
    let mut words = words.into_iter();
    for spec in specs {
        if spec.rest {
            bound.rest = Some((spec.name.clone(), words.by_ref().collect()));
            continue;
        }
        if !spec.flags.is_empty() {
            if spec.switch {
                bound
                    .values
                    .entry(spec.name.clone())
                    .or_insert_with(|| "false".into());
            } else if !bound.values.contains_key(&spec.name) {
                match &spec.default {
                    Some(d) => {
                        bound.values.insert(spec.name.clone(), d.clone());
                    }
                    None => {
                        return Err(format!(
                            "missing option {} {}{}",
                            spec.flags[0],
                            spec.name.to_uppercase(),
                            usage(specs)
                        ));
                    }
                }
            }
            continue;
        }
        match words.next().or(spec.default.clone()) {
            Some(v) => {
                bound.values.insert(spec.name.clone(), v);
            }
            None => {
                return Err(format!(
                    "missing argument {}{}",
                    spec.name.to_uppercase(),
                    usage(specs)
                ));
            }
        }
    }
    if let Some(extra) = words.next() {
        return Err(if specs.is_empty() {
            format!("unexpected argument `{extra}`: this suite declares no `args`")
        } else {
            format!("unexpected argument `{extra}`{}", usage(specs))
        });
    }
    Ok(())
}

/// ` (arguments: -H HOST [-p PORT] URL [TIMEOUT] [ARGS…])`
fn usage(specs: &[ArgSpec]) -> String {
    let words: Vec<String> = specs.iter().map(ArgSpec::usage).collect();
    format!(" (arguments: {})", words.join(" "))
}

/// The value of argument `name`, when the suite declares it.
pub fn value(name: &str) -> Option<String> {
    let bound = BOUND.get()?;
    if let Some(v) = bound.values.get(name) {
        return Some(v.clone());
    }
    match &bound.rest {
        Some((n, values)) if n == name => Some(values.join(" ")),
        _ => None,
    }
}

/// The values of the `rest` argument `name`, one argv element each.
pub fn rest(name: &str) -> Option<&'static [String]> {
    match &BOUND.get()?.rest {
        Some((n, values)) if n == name => Some(values.as_slice()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, default: Option<&str>, rest: bool) -> ArgSpec {
        ArgSpec {
            name: name.into(),
            help: None,
            default: default.map(str::to_string),
            rest,
            flags: Vec::new(),
            switch: false,
        }
    }

    fn option(name: &str, flags: &[&str], default: Option<&str>) -> ArgSpec {
        ArgSpec {
            flags: flags.iter().map(|f| f.to_string()).collect(),
            ..spec(name, default, false)
        }
    }

    #[test]
    fn options_bind_in_any_order_and_every_form() {
        let specs = [
            option("host", &["-H", "--hostname"], None),
            option("port", &["-p", "--port"], Some("80")),
            option("warn", &["-w"], Some("5")),
            ArgSpec {
                switch: true,
                ..option("ssl", &["-S", "--ssl"], None)
            },
            spec("path", Some("/"), false),
        ];
        let given = |g: &[&str]| g.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let check = |g: &[&str]| -> Result<Vec<(String, String)>, String> {
            let mut bound = Bound::default();
            // Bind into a fresh table each time: `bind` keeps only the first.
            let r = bind_into(&specs, &given(g), &mut bound);
            r.map(|()| {
                let mut v: Vec<(String, String)> = bound.values.into_iter().collect();
                v.sort();
                v
            })
        };
        let pairs = |p: &[(&str, &str)]| {
            p.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            check(&["-H", "db", "/x"]).unwrap(),
            pairs(&[
                ("host", "db"),
                ("path", "/x"),
                ("port", "80"),
                ("ssl", "false"),
                ("warn", "5")
            ])
        );
        // A switch takes no value: the word after it is the next argument.
        assert_eq!(
            check(&["--ssl", "/z", "-H", "db"]).unwrap(),
            pairs(&[
                ("host", "db"),
                ("path", "/z"),
                ("port", "80"),
                ("ssl", "true"),
                ("warn", "5")
            ])
        );
        assert_eq!(
            check(&["/y", "--port=81", "-Hweb", "-w", "-3"]).unwrap(),
            pairs(&[
                ("host", "web"),
                ("path", "/y"),
                ("port", "81"),
                ("ssl", "false"),
                ("warn", "-3")
            ])
        );
        assert_eq!(
            check(&["--hostname", "a", "--", "-z"]).unwrap(),
            pairs(&[
                ("host", "a"),
                ("path", "-z"),
                ("port", "80"),
                ("ssl", "false"),
                ("warn", "5")
            ])
        );
        assert_eq!(
            check(&["-p", "1"]).unwrap_err(),
            "missing option -H HOST (arguments: -H HOST [-p PORT] [-w WARN] [-S] [PATH])"
        );
        assert_eq!(
            check(&["-H", "a", "-x"]).unwrap_err(),
            "unknown option `-x` (arguments: -H HOST [-p PORT] [-w WARN] [-S] [PATH])"
        );
        assert_eq!(
            check(&["-H"]).unwrap_err(),
            "option -H needs a value (arguments: -H HOST [-p PORT] [-w WARN] [-S] [PATH])"
        );
    }

    #[test]
    fn arguments_bind_in_order_with_defaults_and_a_rest() {
        let specs = [
            spec("url", None, false),
            spec("timeout", Some("5"), false),
            spec("more", None, true),
        ];
        let err = |given: &[&str], specs: &[ArgSpec]| {
            let given: Vec<String> = given.iter().map(|s| s.to_string()).collect();
            bind(specs, &given).unwrap_err()
        };
        assert_eq!(
            err(&[], &specs),
            "missing argument URL (arguments: URL [TIMEOUT] [MORE…])"
        );
        assert_eq!(
            err(&["a", "b"], &specs[..2][..1]),
            "unexpected argument `b` (arguments: URL)"
        );
        assert_eq!(
            err(&["a"], &[]),
            "unexpected argument `a`: this suite declares no `args`"
        );
        let given: Vec<String> = ["http://x", "9", "-H", "h"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        bind(&specs, &given).unwrap();
        assert_eq!(value("url").as_deref(), Some("http://x"));
        assert_eq!(value("timeout").as_deref(), Some("9"));
        assert_eq!(rest("more"), Some(&given[2..]));
        // An argument is not a secret.
        let url = crate::suite::EnvString::parse("${url}")
            .unwrap()
            .resolve()
            .unwrap();
        assert_eq!((url.value.as_str(), url.from_env.len()), ("http://x", 0));
    }
}
