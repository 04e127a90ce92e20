//! Expectations whose value names `${VAR}`, kept as written for the probe to read when it
//! runs ([`crate::expect::late`]): which values are, and the levels of a graded `number` that
//! come from the caller.

use super::expect::is_graded;
use super::loader::Loader;
use super::yaml::{Node, NodeKind};
use crate::expect::late::{LatePlace, LateRule, LateText, Stream};
use crate::expect::{TextRule, ValueCheck};

impl Loader {
    /// Keeps a value that names `${VAR}` (or writes `$${`) as written, to be read when the
    /// probe runs ([`crate::expect::late`]): true when it did, or when the reference is not
    /// well formed (reported here). False for a value to read now.
    pub(super) fn defer(&mut self, node: &Node, place: LatePlace, warning: bool) -> bool {
        if !node.scalar().is_some_and(|s| s.text.contains("${")) {
            return false;
        }
        self.keep_late(node, place, warning);
        true
    }

    /// Keeps the value as written for the probe to read when it runs, whether or not it names
    /// `${…}` itself (a count whose regex does).
    pub(super) fn keep_late(&mut self, node: &Node, place: LatePlace, warning: bool) {
        if let Some(text) = self.env_string(node) {
            self.late.push((
                warning,
                LateRule {
                    place,
                    text: text.to_string(),
                },
            ));
        }
    }

    /// `number: {warning: "> ${w}", critical: "> ${c}"}`: each level read when the probe runs
    /// (or now, when it names nothing), and not compared with the other before.
    pub(super) fn late_levels(
        &mut self,
        node: &Node,
        stream: Stream,
        rules: &mut Vec<TextRule>,
        warnings: &mut Vec<TextRule>,
    ) {
        debug_assert!(is_graded(node));
        let Some(mut levels) = self.fields(node, "a graded threshold", &["warning", "critical"])
        else {
            return;
        };
        for (key, warning) in [("critical", false), ("warning", true)] {
            let Some(level) = levels.get(key) else {
                continue;
            };
            let place = LatePlace::Text {
                stream,
                rule: LateText::NumberLevel,
            };
            if self.defer(level, place, warning) {
                continue;
            }
            if let Some(t) = self.number_level(level) {
                let check = TextRule::Number(ValueCheck::Compare(t.negated()));
                if warning {
                    warnings.push(check);
                } else {
                    rules.push(check);
                }
            }
        }
        levels.finish(self, |_| None);
    }
}

/// The items of a value that may be one or a list.
pub(super) fn items(node: &Node) -> Vec<&Node> {
    match &node.kind {
        NodeKind::Seq(items) => items.iter().collect(),
        _ => vec![node],
    }
}

/// Whether any scalar under the node names `${…}`.
pub(super) fn mentions_late(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Scalar(s) => s.text.contains("${"),
        NodeKind::Seq(items) => items.iter().any(mentions_late),
        NodeKind::Map(entries) => entries.iter().any(|(_, v)| mentions_late(v)),
    }
}

/// `lines: {matching: RE, count: CHECK}` where either names `${…}` (`{matching: "${PROC}",
/// count: "> 0"}`, what `ps aux | grep "$PROC" | wc -l` counts): the regex's node, if any, the
/// node of the regex of lines not counted (which names none), and the count's.
pub(super) fn late_count(node: &Node) -> Option<(Option<&Node>, Option<&Node>, &Node)> {
    let NodeKind::Map(entries) = &node.kind else {
        return None;
    };
    let count = node.get("count")?;
    let matching = node.get("matching");
    let excluding = node.get("excluding");
    let late = mentions_late(count) || matching.is_some_and(mentions_late);
    let known = 1 + usize::from(matching.is_some()) + usize::from(excluding.is_some());
    if !late
        || entries.len() > known
        || matching.is_some_and(|m| m.scalar().is_none())
        || excluding.is_some_and(|x| x.scalar().is_none() || mentions_late(x))
    {
        return None;
    }
    Some((matching, excluding, count))
}
