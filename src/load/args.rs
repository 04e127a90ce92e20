//! Loading `args:` (positional and option arguments) and `wait:`.

use super::loader::{ARG_FIELDS, Loader};
use super::yaml::{Node, NodeKind};

impl Loader {
    /// `args:` — `[{name: url, help: …, default: …}, {name: more, rest: true}]`.
    pub(super) fn args_section(&mut self, node: &Node) -> Vec<crate::suite::ArgSpec> {
        let mut args: Vec<crate::suite::ArgSpec> = Vec::new();
        let NodeKind::Seq(items) = &node.kind else {
            self.error(
                node.span,
                format!("`args` must be a list, found {}", node.describe()),
            );
            return args;
        };
        for item in items {
            let Some(mut f) = self.fields(item, "an argument", ARG_FIELDS) else {
                continue;
            };
            let name = match f.get("name") {
                Some(n) => self.string(n).map(|s| (s, n.span)),
                None => {
                    self.error(item.span, "an argument needs a `name`, e.g. `{name: url}`");
                    None
                }
            };
            let help = f.get("help").and_then(|n| self.string(n));
            let default = f.get("default").and_then(|n| self.string(n));
            let rest = f.get("rest").and_then(|n| self.bool(n)).unwrap_or(false);
            let flags = match f.get("option") {
                Some(n) => self.option_flags(n, &args),
                None => Vec::new(),
            };
            let switch = f.get("switch").and_then(|n| self.bool(n)).unwrap_or(false);
            let option_span = f.key_span("option");
            let switch_span = f.key_span("switch");
            f.finish(self, |_| None);
            let Some((name, span)) = name else { continue };
            let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                self.error(
                    span,
                    format!("`{name}` is not an argument name: letters, digits and `_` (it is read as `${{NAME}}`)"),
                );
            } else if args.iter().any(|a| a.name == name) {
                self.error(span, format!("a second argument named `{name}`"));
            } else if args.last().is_some_and(|a| a.rest) {
                self.error(
                    span,
                    "an argument after the `rest` one, which takes all that remain",
                );
            } else if rest && default.is_some() {
                self.error(
                    span,
                    "a `rest` argument takes no `default` (it may be empty)",
                );
            } else if rest && !flags.is_empty() {
                self.error(
                    option_span.unwrap_or(span),
                    "a `rest` argument is not an option: it takes what remains",
                );
            } else if switch && flags.is_empty() {
                self.error(
                    switch_span.unwrap_or(span),
                    "a `switch` is an option: give it its flags, e.g. `option: --ssl`",
                );
            } else if switch && default.is_some() {
                self.error(
                    switch_span.unwrap_or(span),
                    "a `switch` takes no `default`: it is `true` when given, else `false`",
                );
            } else if !rest
                && flags.is_empty()
                && default.is_none()
                && args
                    .iter()
                    .any(|a| a.default.is_some() && a.flags.is_empty())
            {
                self.error(
                    span,
                    format!("`{name}` has no default but comes after one that has"),
                );
            }
            args.push(crate::suite::ArgSpec {
                name,
                help,
                default,
                rest,
                flags,
                switch,
            });
        }
        args
    }

    /// Whether a `wait` names `${…}` in `until` or `every`.
    pub(super) fn wait_is_late(node: &Node) -> bool {
        match &node.kind {
            super::yaml::NodeKind::Map(entries) => entries
                .iter()
                .any(|(_, v)| v.scalar().is_some_and(|s| s.text.contains("${"))),
            _ => false,
        }
    }

    /// `wait: {until: "${WAIT_TIMEOUT:-60}s", every: 2s}`: kept as written, each value checked
    /// as a `${…}` text now (a literal one as a duration) and read when the probe runs.
    pub(super) fn late_wait(&mut self, node: &Node) -> Option<Box<crate::suite::LateWait>> {
        let mut f = self.fields(node, "`wait`", &["until", "every"])?;
        let value = |this: &mut Self, n: &Node| {
            if n.scalar().is_some_and(|s| s.text.contains("${")) {
                this.env_string(n).map(|t| t.to_string())
            } else {
                this.duration(n).map(|_| this.string(n).unwrap_or_default())
            }
        };
        let until = match f.get("until") {
            Some(n) => value(self, n),
            None => self.wait_needs_until(node),
        };
        let every = match f.get("every") {
            Some(n) => value(self, n),
            None => Some("1s".to_string()),
        };
        f.finish(self, |_| None);
        Some(Box::new(crate::suite::LateWait {
            until: until?,
            every: every?,
        }))
    }

    fn wait_needs_until<T>(&mut self, node: &Node) -> Option<T> {
        self.error(
            node.span,
            "`wait` needs `until`: how long to keep trying, e.g. `60s`",
        );
        None
    }

    /// `wait: {until: 60s, every: 2s}`.
    pub(super) fn wait(&mut self, node: &Node) -> Option<crate::suite::Wait> {
        if Self::wait_is_late(node) {
            self.error(
                node.span,
                "`${…}` in `wait` is read when a probe runs, on a probe's own `wait` only: write it on the probe",
            );
            return None;
        }
        let mut f = self.fields(node, "`wait`", &["until", "every"])?;
        let until = match f.get("until") {
            Some(n) => self.duration(n),
            None => self.wait_needs_until(node),
        };
        let every = match f.get("every") {
            Some(n) => self.duration(n).filter(|d| {
                let ok = !d.is_zero();
                if !ok {
                    self.error(n.span, "`every` must be longer than 0s");
                }
                ok
            }),
            None => Some(std::time::Duration::from_secs(1)),
        };
        f.finish(self, |_| None);
        let (until, every) = (until?, every?);
        if every > until {
            self.error(
                node.span,
                "`every` is longer than `until`: the wait would try once",
            );
            return None;
        }
        Some(crate::suite::Wait { until, every })
    }

    /// `option: -H` or `option: [-H, --hostname]`: the flags that give an argument its value.
    fn option_flags(&mut self, node: &Node, earlier: &[crate::suite::ArgSpec]) -> Vec<String> {
        let mut flags = Vec::new();
        for (flag, span) in self.spanned_string_list(node) {
            if !crate::suite::args::is_option_flag(&flag) {
                self.error(
                    span,
                    format!("`{flag}` is not an option: write `-H` (a dash and one letter or digit) or `--hostname`"),
                );
            } else if earlier.iter().any(|a| a.flags.contains(&flag)) || flags.contains(&flag) {
                self.error(span, format!("`{flag}` is the option of another argument"));
            } else {
                flags.push(flag);
            }
        }
        flags
    }
}
