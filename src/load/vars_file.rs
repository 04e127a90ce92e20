//! `--vars-file FILE`: template variables from a YAML or JSON mapping, with their types (lists,
//! numbers, booleans, nested mappings), between the suite's own `vars` and `--var`.

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::Value;

use super::diagnostic::{Diagnostic, SuiteError};
use super::loader::{LoadError, MAX_SUITE_BYTES};
use super::yaml::{self, Node, NodeKind, Plain, resolve_plain};
use crate::read_limit::{ReadLimitError, read_at_most};

/// The variables of a vars file, in its order; errors name the file, line and column.
pub fn load_vars_file(path: &Path) -> Result<Vec<(String, Value)>, LoadError> {
    let shown = path.display().to_string();
    let bytes = match read_at_most(path, MAX_SUITE_BYTES) {
        Ok(b) => b,
        Err(ReadLimitError::Io(source)) => {
            return Err(LoadError::Io {
                path: shown,
                source,
            });
        }
        Err(ReadLimitError::TooLarge { size, .. }) => {
            return Err(LoadError::TooLarge { path: shown, size });
        }
    };
    let fail = |source: String, diagnostics: Vec<Diagnostic>| {
        LoadError::Suite(SuiteError {
            file: shown.clone(),
            source,
            diagnostics,
        })
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(fail(
            String::new(),
            vec![Diagnostic::new(
                super::diagnostic::Span::point(1, 1),
                "the file is not valid UTF-8",
            )],
        ));
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let (root, diags) = match yaml::parse(&text) {
        Ok(parsed) => parsed,
        Err(diags) => return Err(fail(text, diags)),
    };
    if !diags.is_empty() {
        return Err(fail(text, diags));
    }
    let NodeKind::Map(entries) = &root.kind else {
        let d = Diagnostic::new(
            root.span,
            format!(
                "a vars file is a mapping of names to values, found {}",
                root.describe()
            ),
        )
        .with_help(
            "write `base: http://127.0.0.1:8080` or `{\"base\": \"http://127.0.0.1:8080\"}`",
        );
        return Err(fail(text, vec![d]));
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (key, value) in entries {
        let name = key.scalar().map(|s| s.text.clone()).unwrap_or_default();
        let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            errors.push(Diagnostic::new(
                key.span,
                format!(
                    "`{name}` cannot be used as a template variable; use letters, digits and `_`"
                ),
            ));
            continue;
        }
        out.push((name, data(value)));
    }
    if !errors.is_empty() {
        return Err(fail(text, errors));
    }
    Ok(out)
}

/// A node as data: no templates are rendered in a vars file.
fn data(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Scalar(s) if s.plain => match resolve_plain(&s.text) {
            Plain::Null => Value::from(()),
            Plain::Bool(b) => Value::from(b),
            Plain::Int(i) => Value::from(i),
            Plain::Float(f) => Value::from(f),
            Plain::Str => Value::from(s.text.clone()),
        },
        NodeKind::Scalar(s) => Value::from(s.text.clone()),
        NodeKind::Seq(items) => Value::from(items.iter().map(data).collect::<Vec<_>>()),
        NodeKind::Map(entries) => Value::from(
            entries
                .iter()
                .map(|(k, v)| {
                    (
                        k.scalar().map(|s| s.text.clone()).unwrap_or_default(),
                        data(v),
                    )
                })
                .collect::<BTreeMap<String, Value>>(),
        ),
    }
}
