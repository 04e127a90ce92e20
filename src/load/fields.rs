//! The fields of one YAML mapping as a loader reads them: each asked for by name, the rest
//! reported as unknown with a suggestion or a note on where they belong.

use super::diagnostic::suggest;
use super::diagnostic::{Diagnostic, Span};
use super::loader::Loader;
use super::yaml::Node;

/// The entries of a mapping, with the names the mapping accepts; keys that are never asked for
/// are reported as unknown, with a suggestion.
pub(super) struct Fields<'n> {
    pub(super) what: String,
    pub(super) known: &'static [&'static str],
    pub(super) entries: &'n [(Node, Node)],
    pub(super) used: Vec<bool>,
    /// Entries read where a value was needed and the mapping gave `null` (`body:` with
    /// nothing after it): reported, where the check they would make would be skipped.
    pub(super) empty: Vec<bool>,
    /// Whether an entry read as `null` is an error: in expectations, where it would drop a
    /// check; not for a probe's kind (`memory:` alone is a memory probe with its defaults).
    pub(super) nulls_are_errors: bool,
    pub(super) span: Span,
}

impl<'n> Fields<'n> {
    /// The value of `key`; an explicit `null` counts as absent.
    pub(super) fn get(&mut self, key: &str) -> Option<&'n Node> {
        let i = self.read(key)?;
        let entries = self.entries;
        let value = &entries[i].1;
        if value.is_null() {
            self.empty[i] = true;
            return None;
        }
        Some(value)
    }

    /// The value of `key`, an explicit `null` included (JSON's `null`, where a rule compares
    /// with it).
    pub(super) fn get_null(&mut self, key: &str) -> Option<&'n Node> {
        let entries = self.entries;
        self.read(key).map(|i| &entries[i].1)
    }

    /// The entry of `key`, marked read.
    fn read(&mut self, key: &str) -> Option<usize> {
        debug_assert!(
            self.known.contains(&key),
            "{key} is not declared for {}",
            self.what
        );
        let i = self.index(key)?;
        self.used[i] = true;
        Some(i)
    }

    fn index(&self, key: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|(k, _)| k.scalar().is_some_and(|s| s.text == key))
    }

    /// The value of `key` without marking it read.
    pub(super) fn peek(&self, key: &str) -> Option<&'n Node> {
        let entries = self.entries;
        self.index(key)
            .map(|i| &entries[i].1)
            .filter(|v| !v.is_null())
    }

    pub(super) fn key_span(&self, key: &str) -> Option<Span> {
        self.index(key).map(|i| self.entries[i].0.span)
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.key_span(key).is_some()
    }

    /// Reports every known key given `null` now, before any is read (a rule that gives up at
    /// its first missing value would say nothing of it); whether there was one.
    pub(super) fn report_nulls(&mut self, l: &mut Loader) -> bool {
        let mut any = false;
        for (i, (key, value)) in self.entries.iter().enumerate() {
            let name = key.scalar().map(|s| s.text.as_str()).unwrap_or_default();
            if value.is_null() && self.known.contains(&name) {
                l.diags.push(no_value(value, name));
                self.used[i] = true;
                any = true;
            }
        }
        any
    }

    /// Reads `null` as an error (an expectation that would check nothing).
    pub(super) fn no_nulls(mut self) -> Self {
        self.nulls_are_errors = true;
        self
    }

    /// Reports unknown keys. `elsewhere` explains keys that belong to another context.
    pub(super) fn finish(self, l: &mut Loader, elsewhere: impl Fn(&str) -> Option<String>) {
        for (i, (key, value)) in self.entries.iter().enumerate() {
            if self.empty[i] && self.nulls_are_errors {
                let name = key.scalar().map(|s| s.text.as_str()).unwrap_or_default();
                l.diags.push(no_value(value, name));
                continue;
            }
            if self.used[i] {
                continue;
            }
            let name = key.scalar().map(|s| s.text.as_str()).unwrap_or_default();
            if self.known.contains(&name) {
                continue; // known but null, or read conditionally
            }
            let mut d =
                Diagnostic::new(key.span, format!("unknown field `{name}` in {}", self.what));
            if let Some(note) = elsewhere(name) {
                d = d.with_help(note);
            } else if let Some(s) = suggest(name, self.known) {
                d = d.with_help(format!("did you mean `{s}`?"));
            } else {
                d = d.with_help(format!("expected one of: {}", self.known.join(", ")));
            }
            l.diags.push(d);
        }
    }
}

/// The error of a key given `null` where a value is needed.
fn no_value(value: &Node, name: &str) -> Diagnostic {
    Diagnostic::new(value.span, format!("`{name}` has no value (null)"))
        .with_help("give it a value, or leave the key out")
}

impl Loader {
    /// [`Loader::fields`] of an expectation, where `null` would drop a check: an error.
    pub(super) fn expect_fields<'n>(
        &mut self,
        node: &'n Node,
        what: impl Into<String>,
        known: &'static [&'static str],
    ) -> Option<Fields<'n>> {
        self.fields(node, what, known).map(Fields::no_nulls)
    }
}
