//! `--var` overrides the suite never reads: typos, refused with the closest declared name.

use super::LoadOptions;
use super::diagnostic::Span;
use super::loader::Loader;
use super::yaml::{Node, NodeKind};

impl Loader {
    /// `--var bse=…` for a suite that neither declares nor reads `bse` is a typo that would
    /// run against the default of `base`: an error, with the closest name.
    pub(super) fn unused_overrides(&mut self, text: &str, root: &Node, opts: &LoadOptions) {
        let words: std::collections::BTreeSet<&str> = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        let declared: Vec<String> = match root.get("vars").map(|v| &v.kind) {
            Some(NodeKind::Map(vars)) => vars
                .iter()
                .filter_map(|(k, _)| k.scalar().map(|s| s.text.clone()))
                .collect(),
            _ => Vec::new(),
        };
        let known: Vec<&str> = declared.iter().map(String::as_str).collect();
        let file = opts.vars_file.as_deref().unwrap_or("the vars file");
        let given = opts
            .vars
            .iter()
            .map(|(name, _)| (format!("--var {name}"), name))
            .chain(
                opts.file_vars
                    .iter()
                    .map(|(name, _)| (format!("--vars-file {file}: `{name}`"), name)),
            );
        for (what, name) in given {
            if words.contains(name.as_str()) {
                continue;
            }
            let hint = match super::diagnostic::suggest(name, &known) {
                Some(k) => format!("; did you mean `{k}`?"),
                None if known.is_empty() => String::new(),
                None => format!(" (it declares {})", known.join(", ")),
            };
            self.error(
                Span::point(1, 1),
                format!("{what}: the suite neither declares nor uses `{name}`{hint}"),
            );
        }
    }
}
