//! Scalars of a suite file as the loader reads them: text (templated), strings with `${VAR}`,
//! booleans, bounded integers, durations, sizes, regexes, thresholds, lists, maps and labels.
//! Each reports a mistake at its node's position and returns `None`.

use std::collections::BTreeMap;
use std::time::Duration;

use minijinja::Value;
use regex::Regex;

use super::diagnostic::Span;
use super::loader::{Loader, RESERVED_LABELS, describe_text, is_label_name};
use super::template::needs_rendering;
use super::yaml::{Node, NodeKind, Plain, resolve_plain};
use crate::expect::{Threshold, ValueCheck};
use crate::suite::EnvString;
use crate::units::{parse_duration, parse_size};

impl Loader {
    /// The text of a scalar, with `{{ … }}` rendered.
    pub(super) fn text(&mut self, node: &Node) -> Option<(String, bool)> {
        let Some(s) = node.scalar() else {
            self.error(
                node.span,
                format!("expected a single value, found {}", node.describe()),
            );
            return None;
        };
        if !needs_rendering(&s.text) {
            return Some((s.text.clone(), s.plain));
        }
        match self.templates.render(&s.text, &self.ctx) {
            Ok(text) => Some((text, false)),
            Err(e) => {
                let span = match e.range {
                    // minijinja's range is in bytes of the template; use it only when it lies
                    // on character boundaries of this text (found by proptest).
                    Some(r)
                        if s.text.get(r.clone()).is_some()
                            && !s.text[..r.start].contains('\n')
                            && node.span.len > 0 =>
                    {
                        let quote = usize::from(!s.plain);
                        node.span.shifted(
                            quote + s.text[..r.start].chars().count(),
                            s.text[r.clone()].chars().count(),
                        )
                    }
                    _ => node.span,
                };
                self.error(span, e.message);
                None
            }
        }
    }

    pub(super) fn string(&mut self, node: &Node) -> Option<String> {
        self.text(node).map(|(t, _)| t)
    }

    pub(super) fn env_string(&mut self, node: &Node) -> Option<EnvString> {
        let text = self.string(node)?;
        match EnvString::parse(&text) {
            Ok(s) => Some(s),
            Err(e) => {
                let quoted = node.scalar().is_some_and(|s| !s.plain);
                let span = if node.scalar().is_some_and(|s| s.text == text) && node.span.len > 0 {
                    node.span.shifted(usize::from(quoted) + e.offset, e.len)
                } else {
                    node.span
                };
                self.error(span, e.message);
                None
            }
        }
    }

    pub(super) fn bool(&mut self, node: &Node) -> Option<bool> {
        let (text, _) = self.text(node)?;
        match text.as_str() {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => {
                self.error(
                    node.span,
                    format!("expected true or false, found {}", node.describe()),
                );
                None
            }
        }
    }

    /// A `retries` count, from 0 to the suite's limit.
    pub(super) fn retries(&mut self, node: &Node) -> Option<u32> {
        self.uint(node, 0, crate::suite::MAX_RETRIES.into())
            .map(|v| v as u32)
    }

    pub(super) fn uint(&mut self, node: &Node, min: u64, max: u64) -> Option<u64> {
        let (text, _) = self.text(node)?;
        match text.trim().parse::<u64>() {
            Ok(v) if (min..=max).contains(&v) => Some(v),
            Ok(v) => {
                self.error(
                    node.span,
                    format!("{v} is out of range; expected {min} to {max}"),
                );
                None
            }
            Err(_) => {
                self.error(
                    node.span,
                    format!(
                        "expected a whole number, found {}",
                        describe_text(node, &text)
                    ),
                );
                None
            }
        }
    }

    /// How often `probekit serve` runs a probe: at least 1s.
    pub(super) fn interval(&mut self, node: &Node) -> Option<Duration> {
        let d = self.duration(node)?;
        if d < Duration::from_secs(1) {
            self.error(node.span, "an interval is at least 1s");
            return None;
        }
        Some(d)
    }

    pub(super) fn duration(&mut self, node: &Node) -> Option<Duration> {
        let (text, _) = self.text(node)?;
        match parse_duration(&text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(node.span, e);
                None
            }
        }
    }

    /// A positive duration of at most a day: what a probe may wait.
    pub(super) fn timeout(&mut self, node: &Node) -> Option<Duration> {
        let d = self.duration(node)?;
        if d.is_zero() || d > Duration::from_secs(86_400) {
            self.error(node.span, "a timeout must be more than 0 and at most 24h");
            return None;
        }
        Some(d)
    }

    pub(super) fn size(&mut self, node: &Node, max: u64) -> Option<usize> {
        let (text, _) = self.text(node)?;
        match parse_size(&text) {
            Ok(n) if n <= max => Some(n as usize),
            Ok(_) => {
                self.error(
                    node.span,
                    format!("`{text}` is larger than the limit of {max} bytes"),
                );
                None
            }
            Err(e) => {
                self.error(node.span, e);
                None
            }
        }
    }

    pub(super) fn regex(&mut self, node: &Node) -> Option<Regex> {
        let text = self.string(node)?;
        match crate::pattern::compile(&text) {
            Ok(re) => Some(re),
            Err(why) => {
                self.error(node.span, format!("invalid regular expression: {why}"));
                None
            }
        }
    }

    /// `< 4`, `== 0`, `between 1 and 10`.
    pub(super) fn value_check(&mut self, node: &Node) -> Option<ValueCheck> {
        let (text, _) = self.text(node)?;
        match ValueCheck::parse(&text) {
            Ok(check) => Some(check),
            Err(e) => {
                self.error(node.span, e);
                None
            }
        }
    }

    /// One of a field's words (`severity: warning`), or an error that lists them.
    pub(super) fn keyword<T: Copy>(
        &mut self,
        node: &Node,
        field: &str,
        words: &[(&str, T)],
    ) -> Option<T> {
        let text = self.string(node)?;
        if let Some((_, v)) = words.iter().find(|(w, _)| *w == text) {
            return Some(*v);
        }
        let expected: Vec<String> = words.iter().map(|(w, _)| format!("`{w}`")).collect();
        self.error(
            node.span,
            format!(
                "unknown {field} {text:?}; expected {}",
                expected.join(" or ")
            ),
        );
        None
    }

    /// The span of byte `at` of `text`, when `span` holds exactly `text` (quoted or not) on
    /// one line; else `span`.
    pub(super) fn narrowed(span: Span, text: &str, at: usize) -> Span {
        let chars = text.chars().count();
        if text.contains('\n') || (span.len != chars && span.len != chars + 2) {
            return span;
        }
        let quote = usize::from(span.len > chars);
        let before = text[..at.min(text.len())].chars().count();
        Span {
            line: span.line,
            col: span.col + quote + before,
            len: 1,
        }
    }

    pub(super) fn duration_threshold(&mut self, node: &Node) -> Option<Threshold<Duration>> {
        let text = self.string(node)?;
        match Threshold::parse_duration(&text) {
            Ok(t) => Some(t),
            Err(e) => {
                self.error(node.span, e);
                None
            }
        }
    }

    /// A string or a list of strings.
    pub(super) fn string_list(&mut self, node: &Node) -> Vec<String> {
        self.spanned_string_list(node)
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    pub(super) fn spanned_string_list(&mut self, node: &Node) -> Vec<(String, Span)> {
        match &node.kind {
            NodeKind::Seq(items) => items
                .iter()
                .filter_map(|n| self.string(n).map(|s| (s, n.span)))
                .collect(),
            NodeKind::Scalar(_) => self
                .string(node)
                .map(|s| vec![(s, node.span)])
                .unwrap_or_default(),
            NodeKind::Map(_) => {
                self.error(
                    node.span,
                    "expected a string or a list of strings, found a mapping",
                );
                Vec::new()
            }
        }
    }

    /// The entries of a mapping with string keys, values left as nodes.
    pub(super) fn entries<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
    ) -> Vec<(String, Span, &'n Node)> {
        match &node.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .filter_map(|(k, v)| k.scalar().map(|s| (s.text.clone(), k.span, v)))
                .collect(),
            _ => {
                self.error(
                    node.span,
                    format!("{what} must be a mapping, found {}", node.describe()),
                );
                Vec::new()
            }
        }
    }

    pub(super) fn labels(&mut self, node: &Node) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (key, span, value) in self.entries(node, "`labels`") {
            if !is_label_name(&key) {
                self.error(span, format!("`{key}` is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with `__`)"));
                continue;
            }
            if RESERVED_LABELS.contains(&key.as_str()) {
                self.error(
                    span,
                    format!("`{key}` is set by probekit itself and cannot be used as a label"),
                );
                continue;
            }
            if let Some(v) = self.string(value) {
                out.insert(key, v);
            }
        }
        out
    }

    /// A YAML node as a template value (scalars follow the core schema; templates are rendered).
    pub(super) fn template_value(&mut self, node: &Node) -> Value {
        match &node.kind {
            NodeKind::Scalar(s) if s.plain && !needs_rendering(&s.text) => {
                match resolve_plain(&s.text) {
                    Plain::Null => Value::from(()),
                    Plain::Bool(b) => Value::from(b),
                    Plain::Int(i) => Value::from(i),
                    Plain::Float(f) => Value::from(f),
                    Plain::Str => Value::from(s.text.clone()),
                }
            }
            NodeKind::Scalar(_) => self.string(node).map(Value::from).unwrap_or_default(),
            NodeKind::Seq(items) => Value::from(
                items
                    .iter()
                    .map(|n| self.template_value(n))
                    .collect::<Vec<_>>(),
            ),
            NodeKind::Map(entries) => {
                let map: BTreeMap<String, Value> = entries
                    .iter()
                    .filter_map(|(k, v)| {
                        k.scalar()
                            .map(|s| s.text.clone())
                            .map(|k| (k, self.template_value(v)))
                    })
                    .collect();
                Value::from(map)
            }
        }
    }

    /// A YAML node as JSON (for `json:` expectations).
    pub(super) fn json_value(&mut self, node: &Node) -> Option<serde_json::Value> {
        use serde_json::Value as J;
        Some(match &node.kind {
            NodeKind::Scalar(s) if s.plain && !needs_rendering(&s.text) => {
                match resolve_plain(&s.text) {
                    Plain::Null => J::Null,
                    Plain::Bool(b) => J::Bool(b),
                    Plain::Int(i) => J::from(i),
                    Plain::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
                    Plain::Str => J::String(s.text.clone()),
                }
            }
            NodeKind::Scalar(_) => J::String(self.string(node)?),
            NodeKind::Seq(items) => J::Array(
                items
                    .iter()
                    .map(|n| self.json_value(n))
                    .collect::<Option<_>>()?,
            ),
            NodeKind::Map(entries) => {
                let mut map = serde_json::Map::new();
                for (k, v) in entries {
                    let key = k.scalar().map(|s| s.text.clone()).unwrap_or_default();
                    map.insert(key, self.json_value(v)?);
                }
                J::Object(map)
            }
        })
    }
}

impl Loader {
    /// Reads `key` into `slot` when the mapping has it; false when it is written wrong (the
    /// error is reported where it is).
    pub(super) fn read_into<T>(
        &mut self,
        f: &mut super::loader::Fields<'_>,
        key: &str,
        slot: &mut T,
        read: impl FnOnce(&mut Self, &Node) -> Option<T>,
    ) -> bool {
        match f.get(key) {
            None => true,
            Some(n) => match read(self, n) {
                Some(v) => {
                    *slot = v;
                    true
                }
                None => false,
            },
        }
    }

    /// Reads `key`, which the mapping must have: `missing` is the error at `span` when not.
    pub(super) fn read_required<T>(
        &mut self,
        f: &mut super::loader::Fields<'_>,
        key: &str,
        span: Span,
        missing: &str,
        slot: &mut T,
        read: impl FnOnce(&mut Self, &Node) -> Option<T>,
    ) -> bool {
        if f.get(key).is_none() {
            self.error(span, missing);
            return false;
        }
        self.read_into(f, key, slot, read)
    }
}
