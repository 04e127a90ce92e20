//! Handlers no exception reaches: a `try` runs the first handler whose classes match, so one
//! after `except urllib.error.URLError:` for `urllib.error.HTTPError` (a `URLError`) never runs,
//! nor one after `except Exception:` for `ValueError`. [`without_dead_handlers`] writes the
//! script with those handlers blanked (spaces for their bytes, the lines kept), the same program,
//! for the reader in [`super::python`], which reads a handler as a way the attempt goes; what
//! the suite keeps of the script is the script as written, and the report says which handler
//! never runs.
//!
//! Only classes whose place is known count: the builtin hierarchy, `socket`'s and `ssl`'s
//! aliases, `urllib.error`, `http.client`, `json` and `requests`, each named as the script
//! imports it. A class defined in the script is under `Exception` when all its bases are known
//! to be; an unknown class is under `BaseException` only (a bare `except:` takes it).

use std::collections::HashMap;

use tree_sitter::Node;

use super::draft::Warning;
use super::python::{named, walk};

/// Each known class (its full name) and the class it derives from directly; a class with two
/// bases is listed twice.
const BASES: &[(&str, &str)] = &[
    ("Exception", "BaseException"),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("OSError", "Exception"),
    ("ValueError", "Exception"),
    ("TypeError", "Exception"),
    ("KeyError", "LookupError"),
    ("IndexError", "LookupError"),
    ("LookupError", "Exception"),
    ("AttributeError", "Exception"),
    ("RuntimeError", "Exception"),
    ("AssertionError", "Exception"),
    ("ConnectionError", "OSError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("BrokenPipeError", "ConnectionError"),
    ("TimeoutError", "OSError"),
    ("FileNotFoundError", "OSError"),
    ("PermissionError", "OSError"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("socket.gaierror", "OSError"),
    ("socket.herror", "OSError"),
    // Before Python 3.10 not a TimeoutError: only its place under OSError is sure.
    ("socket.timeout", "OSError"),
    ("ssl.SSLError", "OSError"),
    ("ssl.CertificateError", "ssl.SSLError"),
    ("ssl.SSLCertVerificationError", "ssl.SSLError"),
    ("urllib.error.URLError", "OSError"),
    ("urllib.error.HTTPError", "urllib.error.URLError"),
    ("urllib.error.ContentTooShortError", "urllib.error.URLError"),
    ("http.client.HTTPException", "Exception"),
    ("http.client.RemoteDisconnected", "ConnectionResetError"),
    (
        "http.client.RemoteDisconnected",
        "http.client.BadStatusLine",
    ),
    ("http.client.BadStatusLine", "http.client.HTTPException"),
    ("http.client.IncompleteRead", "http.client.HTTPException"),
    ("json.JSONDecodeError", "ValueError"),
    ("requests.exceptions.RequestException", "OSError"),
    (
        "requests.exceptions.ConnectionError",
        "requests.exceptions.RequestException",
    ),
    (
        "requests.exceptions.HTTPError",
        "requests.exceptions.RequestException",
    ),
    (
        "requests.exceptions.Timeout",
        "requests.exceptions.RequestException",
    ),
    (
        "requests.exceptions.ConnectTimeout",
        "requests.exceptions.ConnectionError",
    ),
    (
        "requests.exceptions.ConnectTimeout",
        "requests.exceptions.Timeout",
    ),
    (
        "requests.exceptions.ReadTimeout",
        "requests.exceptions.Timeout",
    ),
    (
        "requests.exceptions.TooManyRedirects",
        "requests.exceptions.RequestException",
    ),
    (
        "requests.exceptions.SSLError",
        "requests.exceptions.ConnectionError",
    ),
];

/// Aliases: names of one class.
const ALIASES: &[(&str, &str)] = &[
    ("IOError", "OSError"),
    ("EnvironmentError", "OSError"),
    ("socket.error", "OSError"),
    ("select.error", "OSError"),
    ("builtins.OSError", "OSError"),
    ("urllib.request.URLError", "urllib.error.URLError"),
    ("urllib.request.HTTPError", "urllib.error.HTTPError"),
    ("json.decoder.JSONDecodeError", "json.JSONDecodeError"),
];

/// The classes a bare name of the `requests` package stands for (`requests.Timeout`).
const REQUESTS: &str = "requests.exceptions.";

/// The script with each handler no exception reaches blanked, and a warning for each; `None`
/// where there is none.
pub(super) fn without_dead_handlers(src: &str) -> Option<(String, Vec<Warning>)> {
    let tree = super::python::parse(src)?;
    let root = tree.root_node();
    let text = |n: Node| &src[n.byte_range()];
    let imports = super::python::imports(root, src);
    let defined = defined_classes(root, src, &imports);
    let full = |written: &str| -> String { resolve(written, &imports, &defined) };
    let mut blanks: Vec<(usize, usize)> = Vec::new();
    let mut warnings = Vec::new();
    walk(root, &mut |attempt| {
        if attempt.kind() != "try_statement" {
            return;
        }
        // The classes of the handlers before, each with its line; `None` for a bare `except:`.
        let mut earlier: Vec<(Option<Vec<String>>, usize)> = Vec::new();
        for clause in named(attempt) {
            if clause.kind() != "except_clause" {
                continue;
            }
            // `except* E:` takes groups; left as it is.
            if text(clause).starts_with("except*") {
                return;
            }
            let classes = caught(clause, src).map(|c| c.iter().map(|w| full(w)).collect());
            let line = clause.start_position().row + 1;
            let taken_by = classes.as_ref().and_then(|classes: &Vec<String>| {
                earlier.iter().find_map(|(before, at)| {
                    let takes = |class: &String| match before {
                        None => true,
                        Some(before) => before.iter().any(|b| under(class, b, &defined)),
                    };
                    classes.iter().all(takes).then_some(*at)
                })
            });
            if let (Some(at), Some(classes)) = (taken_by, &classes) {
                blanks.push((clause.start_byte(), clause.end_byte()));
                warnings.push(Warning {
                    line,
                    message: format!(
                        "the handler of `{}` never runs: the handler of line {at} takes every exception it would",
                        classes.join("`, `")
                    ),
                });
            }
            earlier.push((classes, line));
        }
    });
    if blanks.is_empty() {
        return None;
    }
    let mut out = src.as_bytes().to_vec();
    for (start, end) in blanks {
        for b in &mut out[start..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    Some((String::from_utf8(out).ok()?, warnings))
}

/// The classes a handler names as written (`(URLError, TimeoutError)`); `None` for `except:`.
fn caught(clause: Node, src: &str) -> Option<Vec<String>> {
    let what = named(clause).into_iter().find(|c| c.kind() != "block")?;
    let t = &src[what.byte_range()];
    let t = t.split(" as ").next().unwrap_or(t);
    Some(
        super::python::written_classes(t)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// The prefix of a class the script defines (`__main__.ConnectionError`): its own, apart from
/// a builtin or imported class of the same name.
const OWN: &str = "__main__.";

/// The classes the script defines (named with [`OWN`]), each with the bases it names (in
/// full).
fn defined_classes(
    root: Node,
    src: &str,
    imports: &HashMap<String, String>,
) -> HashMap<String, Vec<String>> {
    let written = defined_as_written(root, src);
    let own = written_as_own(&written);
    written
        .iter()
        .map(|(name, bases)| {
            (
                format!("{OWN}{name}"),
                bases.iter().map(|b| resolve(b, imports, &own)).collect(),
            )
        })
        .collect()
}

/// The names of the script's classes, as [`defined_classes`] keys them.
fn written_as_own(written: &HashMap<String, Vec<String>>) -> HashMap<String, Vec<String>> {
    written
        .keys()
        .map(|k| (format!("{OWN}{k}"), Vec::new()))
        .collect()
}

/// The classes the script defines, each with the bases it names, as written.
fn defined_as_written(root: Node, src: &str) -> HashMap<String, Vec<String>> {
    let mut classes = HashMap::new();
    walk(root, &mut |n| {
        if n.kind() != "class_definition" {
            return;
        }
        let Some(name) = n.child_by_field_name("name") else {
            return;
        };
        let bases = n
            .child_by_field_name("superclasses")
            .map(|s| {
                named(s)
                    .into_iter()
                    .map(|b| src[b.byte_range()].to_string())
                    .collect()
            })
            .unwrap_or_default();
        // A class defined twice is not known.
        classes
            .entry(src[name.byte_range()].to_string())
            .and_modify(|b: &mut Vec<String>| b.push("?".into()))
            .or_insert(bases);
    });
    classes
}

/// A class as written, named in full: its first part through the imports, `requests.X` as
/// `requests.exceptions.X`, aliases as the class they stand for.
fn resolve(
    written: &str,
    imports: &HashMap<String, String>,
    defined: &HashMap<String, Vec<String>>,
) -> String {
    // A class of the script's own, whatever builtin it shadows.
    if !written.contains('.') && defined.contains_key(&format!("{OWN}{written}")) {
        return format!("{OWN}{written}");
    }
    let mut full = super::python::qualify(imports, written);
    if let Some(class) = full.strip_prefix("requests.")
        && !class.contains('.')
    {
        full = format!("{REQUESTS}{class}");
    }
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == full)
        .map_or(full, |(_, class)| class.to_string())
}

/// Whether `class` is `base` or derives from it.
fn under(class: &str, base: &str, defined: &HashMap<String, Vec<String>>) -> bool {
    under_at(class, base, defined, 0)
}

fn under_at(class: &str, base: &str, defined: &HashMap<String, Vec<String>>, depth: usize) -> bool {
    if class == base || base == "BaseException" {
        return true;
    }
    if depth > 16 {
        return false;
    }
    if let Some(bases) = defined.get(class) {
        // A class of the script: under `base` where one of its bases is (all known, or
        // `BaseException` alone answers).
        return !bases.is_empty()
            && bases.iter().all(|b| known(b, defined, depth + 1))
            && bases.iter().any(|b| under_at(b, base, defined, depth + 1));
    }
    BASES
        .iter()
        .filter(|(c, _)| *c == class)
        .any(|(_, parent)| under_at(parent, base, defined, depth + 1))
}

/// Whether a class's place is known: one of the table's, or one of the script's whose bases
/// are.
fn known(class: &str, defined: &HashMap<String, Vec<String>>, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    class == "BaseException"
        || BASES.iter().any(|(c, _)| *c == class)
        || defined
            .get(class)
            .is_some_and(|b| !b.is_empty() && b.iter().all(|b| known(b, defined, depth + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanked(src: &str) -> Option<String> {
        without_dead_handlers(src).map(|(s, _)| s)
    }

    #[test]
    fn a_subclass_after_its_base_is_blanked() {
        let src = "import urllib.error\ntry:\n    f()\nexcept urllib.error.URLError:\n    pass\nexcept urllib.error.HTTPError as e:\n    g(e)\n";
        let out = blanked(src).expect("a dead handler");
        assert_eq!(out.len(), src.len());
        assert!(!out.contains("HTTPError") && !out.contains("g(e)"));
        assert!(out.contains("except urllib.error.URLError:"));
        assert_eq!(out.lines().count(), src.lines().count());
    }

    #[test]
    fn imports_decide_which_class_a_name_is() {
        // requests' HTTPError is no URLError.
        let src = "from urllib.error import URLError\nfrom requests import HTTPError\ntry:\n    f()\nexcept URLError:\n    pass\nexcept HTTPError:\n    g()\n";
        assert_eq!(blanked(src), None);
        let src = "from urllib.error import URLError, HTTPError\ntry:\n    f()\nexcept URLError:\n    pass\nexcept HTTPError:\n    g()\n";
        assert!(blanked(src).is_some());
        // requests' errors are OSErrors.
        let src = "import requests\ntry:\n    f()\nexcept OSError:\n    pass\nexcept (requests.Timeout, requests.ConnectionError):\n    g()\n";
        assert!(blanked(src).is_some());
    }

    #[test]
    fn a_class_of_the_script_is_not_the_builtin_it_shadows() {
        let src = "class ConnectionError(Exception):\n    pass\ntry:\n    f()\nexcept ConnectionError:\n    pass\nexcept ConnectionResetError:\n    g()\n";
        assert_eq!(blanked(src), None);
        let src = "class Down(ConnectionError):\n    pass\ntry:\n    f()\nexcept OSError:\n    pass\nexcept Down:\n    g()\n";
        assert!(blanked(src).is_some());
    }

    #[test]
    fn unknown_and_wider_classes_stay() {
        for src in [
            "try:\n    f()\nexcept ValueError:\n    pass\nexcept Exception:\n    g()\n",
            "try:\n    f()\nexcept Exception:\n    pass\nexcept KeyboardInterrupt:\n    g()\n",
            "try:\n    f()\nexcept Exception:\n    pass\nexcept redis.ConnectionError:\n    g()\n",
            "class Stop(BaseException):\n    pass\ntry:\n    f()\nexcept Exception:\n    pass\nexcept Stop:\n    g()\n",
            "try:\n    f()\nexcept TimeoutError:\n    pass\nexcept socket.timeout:\n    g()\n",
        ] {
            assert_eq!(blanked(src), None, "{src}");
        }
        // `BaseException` takes everything after it; a class of the script under a known one.
        assert!(
            blanked("try:\n    f()\nexcept BaseException:\n    pass\nexcept Foo:\n    g()\n")
                .is_some()
        );
        assert!(
            blanked("class Down(ValueError):\n    pass\ntry:\n    f()\nexcept Exception:\n    pass\nexcept Down:\n    g()\n")
                .is_some()
        );
    }
}
