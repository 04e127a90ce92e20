//! A YAML document as a tree of nodes that remember where they came from.
//!
//! serde_yaml's `Value` forgets positions and its deserializer stops at the first error, so the
//! suite loader builds this tree from saphyr-parser's event stream instead and validates it by
//! hand, reporting every problem with its `line:col`.
//!
//! The builder also enforces the limits a hostile file must not get past: nesting depth and the
//! number of nodes after alias expansion ("billion laughs").

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::diagnostic::{Diagnostic, Span};

/// Containers nested deeper than this are rejected; real suites are a handful of levels deep.
pub const MAX_DEPTH: usize = 64;
/// Nodes a document may hold once every alias is expanded.
pub const MAX_NODES: usize = 2_000_000;

#[derive(Clone, Debug)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug)]
pub struct Scalar {
    pub text: String,
    /// Plain (unquoted, untagged) scalars are resolved as null/bool/number; quoted ones are strings.
    pub plain: bool,
}

impl Node {
    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a mapping's `key`; `None` for a key it lacks or a node that is no mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.scalar().is_some_and(|s| s.text == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar(s) if s.plain && matches!(s.text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// What the node is, in words, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
            NodeKind::Scalar(s) if !s.plain => "a string",
            NodeKind::Scalar(_) if self.is_null() => "nothing (null)",
            NodeKind::Scalar(s) => match resolve_plain(&s.text) {
                Plain::Bool(_) => "a boolean",
                Plain::Int(_) => "an integer",
                Plain::Float(_) => "a number",
                _ => "a string",
            },
        }
    }
}

/// The YAML 1.2 core schema's reading of a plain scalar.
#[derive(Debug, PartialEq)]
pub enum Plain {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str,
}

pub fn resolve_plain(text: &str) -> Plain {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Plain::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Plain::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Plain::Float(f64::NAN),
        _ => {}
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).map_or(Plain::Str, Plain::Int);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).map_or(Plain::Str, Plain::Int);
    }
    let bytes = text.as_bytes();
    let digits = bytes
        .strip_prefix(b"-")
        .or_else(|| bytes.strip_prefix(b"+"))
        .unwrap_or(bytes);
    if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
        return text.parse().map_or(Plain::Str, Plain::Int);
    }
    let looks_numeric = !digits.is_empty()
        && digits
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.iter().any(u8::is_ascii_digit)
        && (digits[0].is_ascii_digit() || digits[0] == b'.');
    if looks_numeric && let Ok(f) = text.parse::<f64>() {
        return Plain::Float(f);
    }
    Plain::Str
}

/// Parses `text` as one YAML document. Problems that do not stop the parse (duplicate keys) are
/// returned next to the tree; a syntax error ends it and is returned as the only diagnostic that
/// matters, with whatever diagnostics came before it.
pub fn parse(text: &str) -> Result<(Node, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut builder = Builder::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(ev) => ev,
            Err(err) => {
                let m = err.marker();
                let diagnostic = if err.info().contains("recursion limit") {
                    Diagnostic::new(
                        Span::point(m.line(), m.col() + 1),
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    )
                } else {
                    syntax_error(text, m.line(), m.col() + 1, err.info())
                };
                builder.diagnostics.push(diagnostic);
                return Err(builder.diagnostics);
            }
        };
        let span = Span::from_saphyr(&span);
        if let Err(diag) = builder.event(event, span) {
            builder.diagnostics.push(diag);
            return Err(builder.diagnostics);
        }
    }
    match builder.root.take() {
        Some(root) => Ok((root, builder.diagnostics)),
        None => Err(vec![Diagnostic::new(
            Span::point(1, 1),
            "the file holds no YAML document",
        )]),
    }
}

/// A YAML syntax error where it is, with a hint for the mistakes people make: a tab in the
/// indentation, a line indented to no open block, a string never closed, `: ` in a plain value.
fn syntax_error(text: &str, line: usize, col: usize, info: &str) -> Diagnostic {
    let lines: Vec<&str> = text.lines().collect();
    // A tab is reported on the line that holds it, at the tab.
    if info.contains("tab") {
        let at = (line.saturating_sub(1)..lines.len().min(line + 1)).find_map(|i| {
            let l = lines[i];
            let indent = &l[..l.len() - l.trim_start().len()];
            indent.find('\t').map(|c| (i + 1, c + 1))
        });
        let (line, col) = at.unwrap_or((line, col));
        return Diagnostic::new(
            Span::point(line, col),
            "a tab in the indentation: YAML indents with spaces only",
        )
        .with_help("replace the tab with spaces (most editors: \"indent using spaces\")");
    }
    let message = format!("YAML syntax error: {info}");
    let diagnostic = Diagnostic::new(Span::point(line, col), message);
    if info.contains("did not find expected key")
        || info.contains("did not find expected '-' indicator")
    {
        if let Some(help) = indentation_hint(&lines, line) {
            return diagnostic.with_help(help);
        }
    } else if info.contains("quoted scalar") {
        return diagnostic.with_help("a quoted string is not closed: it needs its closing quote on this line (or the same quote, doubled or escaped, inside it)");
    } else if info.contains("mapping values are not allowed") {
        return diagnostic.with_help("`: ` inside a plain value starts a mapping: quote the value (`name: \"a: b\"`), or check the indentation of the line above");
    }
    diagnostic
}

/// What a misindented line could line up with: the keys of the blocks open above it, with
/// their columns (`timeout` at 5 where `url` is at 7 and `http` at 5).
fn indentation_hint(lines: &[&str], line: usize) -> Option<String> {
    let bad = lines.get(line.checked_sub(1)?)?;
    let bad_indent = bad.len() - bad.trim_start().len();
    // The open blocks: walking up, each line indented less than every one seen so far.
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut limit = usize::MAX;
    for l in lines[..line - 1].iter().rev() {
        let content = l.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = l.len() - content.len();
        let mut body = content;
        // `- key: v`: the item's mapping starts after the dash.
        if let Some(rest) = content.strip_prefix("- ") {
            let key_indent = indent + 2 + (rest.len() - rest.trim_start().len());
            if key_indent < limit && rest.contains(':') {
                open.push((key_indent, key_of(rest.trim_start())));
                limit = key_indent;
            }
            body = "-";
        }
        if indent < limit {
            let name = if body == "-" {
                "-".to_string()
            } else {
                key_of(body)
            };
            open.push((indent, name));
            limit = indent;
        }
        if indent == 0 {
            break;
        }
    }
    let choices: Vec<String> = open
        .iter()
        .filter(|(_, name)| !name.is_empty())
        .take(3)
        .map(|(col, name)| match name.as_str() {
            "-" => format!("a list item `-` at column {}", col + 1),
            name => format!("`{name}` at column {}", col + 1),
        })
        .collect();
    if choices.is_empty() {
        return None;
    }
    Some(format!(
        "this line starts at column {}, where no block above it is open: line it up with the key it belongs beside — {}",
        bad_indent + 1,
        choices.join(", ")
    ))
}

/// The key of a `key: value` line, or empty.
fn key_of(line: &str) -> String {
    match line.split_once(':') {
        Some((key, _)) if !key.contains(' ') || key.starts_with(['"', '\'']) => key.to_string(),
        _ => String::new(),
    }
}

enum Frame {
    Seq {
        span: Span,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        span: Span,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: Vec<Option<Node>>,
    root: Option<Node>,
    documents: usize,
    nodes: usize,
    diagnostics: Vec<Diagnostic>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Diagnostic> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(Diagnostic::new(
                        span,
                        "a suite file holds one YAML document; remove the second `---`",
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let forced_string = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let plain = style == ScalarStyle::Plain && !forced_string;
                let node = Node {
                    kind: NodeKind::Scalar(Scalar {
                        text: Cow::into_owned(text),
                        plain,
                    }),
                    span,
                };
                self.count(1, span)?;
                self.remember(anchor, &node);
                self.push(node)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.enter(span)?;
                self.stack.push(Frame::Seq {
                    span,
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, _) => {
                self.enter(span)?;
                self.stack.push(Frame::Map {
                    span,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq {
                    span,
                    anchor,
                    items,
                }) = self.stack.pop()
                {
                    let node = Node {
                        kind: NodeKind::Seq(items),
                        span,
                    };
                    self.remember(anchor, &node);
                    self.push(node)?;
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    span,
                    anchor,
                    entries,
                    ..
                }) = self.stack.pop()
                {
                    let entries = self.merge_and_dedupe(entries);
                    let node = Node {
                        kind: NodeKind::Map(entries),
                        span,
                    };
                    self.remember(anchor, &node);
                    self.push(node)?;
                }
            }
            Event::Alias(id) => {
                let Some(Some(target)) = self.anchors.get(id) else {
                    return Err(Diagnostic::new(
                        span,
                        "alias refers to an anchor that is not defined before it",
                    ));
                };
                let mut node = target.clone();
                self.count(weight(&node), span)?;
                node.span = span;
                self.push(node)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn enter(&mut self, span: Span) -> Result<(), Diagnostic> {
        self.count(1, span)?;
        if self.stack.len() >= MAX_DEPTH {
            return Err(Diagnostic::new(
                span,
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn count(&mut self, n: usize, span: Span) -> Result<(), Diagnostic> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(Diagnostic::new(
                span,
                format!("the document expands to more than {MAX_NODES} nodes (too many aliases?)"),
            ));
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor == 0 {
            return;
        }
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, None);
        }
        self.anchors[anchor] = Some(node.clone());
    }

    fn push(&mut self, node: Node) -> Result<(), Diagnostic> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    if node.scalar().is_none() {
                        return Err(Diagnostic::new(
                            node.span,
                            "mapping keys must be plain strings",
                        ));
                    }
                    *key = Some(node);
                }
                Some(k) => entries.push((k, node)),
            },
        }
        Ok(())
    }

    /// Applies `<<: *anchor` merge keys (explicit keys win) and reports duplicate keys, keeping
    /// the first occurrence so that one mistake yields one message.
    fn merge_and_dedupe(&mut self, entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
        let mut out: Vec<(Node, Node)> = Vec::with_capacity(entries.len());
        let mut merged: Vec<(Node, Node)> = Vec::new();
        for (key, value) in entries {
            let name = key.scalar().map(|s| (s.text.as_str(), s.plain));
            if name == Some(("<<", true)) {
                let sources = match value.kind {
                    NodeKind::Map(_) => vec![value],
                    NodeKind::Seq(items) => items,
                    NodeKind::Scalar(_) => {
                        self.diagnostics.push(Diagnostic::new(
                            value.span,
                            "`<<` merges a mapping or a list of mappings",
                        ));
                        continue;
                    }
                };
                for source in sources {
                    match source.kind {
                        NodeKind::Map(inner) => merged.extend(inner),
                        _ => self
                            .diagnostics
                            .push(Diagnostic::new(source.span, "`<<` merges mappings only")),
                    }
                }
                continue;
            }
            let text = key.scalar().map(|s| s.text.as_str()).unwrap_or_default();
            if let Some((first, _)) = out
                .iter()
                .find(|(k, _)| k.scalar().is_some_and(|s| s.text == text))
            {
                self.diagnostics.push(
                    Diagnostic::new(key.span, format!("duplicate key `{text}`")).with_help(
                        format!("`{text}` is first defined at line {}", first.span.line),
                    ),
                );
                continue;
            }
            out.push((key, value));
        }
        for (key, value) in merged {
            let text = key.scalar().map(|s| s.text.as_str()).unwrap_or_default();
            if !out
                .iter()
                .any(|(k, _)| k.scalar().is_some_and(|s| s.text == text))
            {
                out.push((key, value));
            }
        }
        out
    }
}

fn weight(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Scalar(_) => 1,
        NodeKind::Seq(items) => 1 + items.iter().map(weight).sum::<usize>(),
        NodeKind::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| weight(k) + weight(v))
                .sum::<usize>()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        assert_eq!(resolve_plain("42"), Plain::Int(42));
        assert_eq!(resolve_plain("-7"), Plain::Int(-7));
        assert_eq!(resolve_plain("0x1f"), Plain::Int(31));
        assert_eq!(resolve_plain("1.5"), Plain::Float(1.5));
        assert_eq!(resolve_plain("1e3"), Plain::Float(1000.0));
        assert_eq!(resolve_plain("true"), Plain::Bool(true));
        assert_eq!(resolve_plain("yes"), Plain::Str);
        assert_eq!(resolve_plain("~"), Plain::Null);
        assert_eq!(resolve_plain("5s"), Plain::Str);
        assert_eq!(resolve_plain("127.0.0.1"), Plain::Str);
        assert_eq!(resolve_plain("e5"), Plain::Str);
    }

    #[test]
    fn positions_are_one_based() {
        let (root, diags) = parse("a: 1\nbb:\n  - x\n").unwrap();
        assert!(diags.is_empty());
        let NodeKind::Map(entries) = root.kind else {
            panic!("map expected")
        };
        let (key, value) = &entries[1];
        assert_eq!((key.span.line, key.span.col, key.span.len), (2, 1, 2));
        let NodeKind::Seq(items) = &value.kind else {
            panic!("seq expected")
        };
        assert_eq!((items[0].span.line, items[0].span.col), (3, 5));
    }

    #[test]
    fn duplicate_keys_are_reported_once_and_first_wins() {
        let (root, diags) = parse("a: 1\nb: 2\na: 3\n").unwrap();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].span.line, 3);
        let NodeKind::Map(entries) = root.kind else {
            panic!()
        };
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn merge_keys_fill_in_missing_fields() {
        let (root, diags) = parse("base: &b {x: 1, y: 2}\nmine:\n  <<: *b\n  y: 3\n").unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        let NodeKind::Map(entries) = root.kind else {
            panic!()
        };
        let NodeKind::Map(mine) = &entries[1].1.kind else {
            panic!()
        };
        let keys: Vec<_> = mine
            .iter()
            .map(|(k, v)| {
                (
                    k.scalar().unwrap().text.clone(),
                    v.scalar().unwrap().text.clone(),
                )
            })
            .collect();
        assert_eq!(
            keys,
            vec![
                ("y".to_string(), "3".to_string()),
                ("x".to_string(), "1".to_string())
            ]
        );
    }

    #[test]
    fn alias_bombs_are_stopped() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            doc.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        let err = parse(&doc).unwrap_err();
        assert!(err[0].message.contains("more than"), "{err:?}");
    }

    #[test]
    fn deep_nesting_is_stopped() {
        let doc = "[".repeat(500) + &"]".repeat(500);
        let err = parse(&doc).unwrap_err();
        assert!(err.iter().any(|d| d.message.contains("nesting")), "{err:?}");
    }
}
