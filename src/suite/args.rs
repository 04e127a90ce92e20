//! The arguments a suite takes (`args:`), as the script it replaces took them: bound once per
//! process from `probekit run SUITE ARG…` or a compiled probe's `./probe ARG…`, and read when
//! probes run — `${NAME}` anywhere a `${VAR}` may stand, and a `rest` argument as an argv element
//! of its own (`${args}`), which stands for every remaining argument, one element each.
//!
//! An argument's value is the caller's, not a secret: unlike an environment value it is not
//! masked in reports.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One declared argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgSpec {
    pub name: String,
    pub help: Option<String>,
    /// Used when the caller gives fewer arguments; without one the argument is required.
    pub default: Option<String>,
    /// Takes every remaining argument (the last one only).
    pub rest: bool,
}

#[derive(Debug, Default)]
struct Bound {
    values: HashMap<String, String>,
    rest: Option<(String, Vec<String>)>,
}

static BOUND: OnceLock<Bound> = OnceLock::new();

/// Binds `given` to `specs`, in order; once per process (a second call is ignored).
pub fn bind(specs: &[ArgSpec], given: &[String]) -> Result<(), String> {
    let mut bound = Bound::default();
    let mut given = given.iter();
    for spec in specs {
        if spec.rest {
            bound.rest = Some((spec.name.clone(), given.by_ref().cloned().collect()));
            continue;
        }
        match given.next().or(spec.default.as_ref()) {
            Some(v) => {
                bound.values.insert(spec.name.clone(), v.clone());
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
    if let Some(extra) = given.next() {
        return Err(if specs.is_empty() {
            format!("unexpected argument `{extra}`: this suite declares no `args`")
        } else {
            format!("unexpected argument `{extra}`{}", usage(specs))
        });
    }
    let _ = BOUND.set(bound);
    Ok(())
}

/// ` (arguments: URL [TIMEOUT] [ARGS…])`
fn usage(specs: &[ArgSpec]) -> String {
    let words: Vec<String> = specs
        .iter()
        .map(|s| {
            let n = s.name.to_uppercase();
            match (s.rest, &s.default) {
                (true, _) => format!("[{n}…]"),
                (false, Some(_)) => format!("[{n}]"),
                (false, None) => n,
            }
        })
        .collect();
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
        }
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
