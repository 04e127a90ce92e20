//! `field: {line: REGEX, index: N, separator: TEXT, number: CHECK}`: a field of the lines that
//! match, as `grep … | awk '{print $N}'` or `cut -d: -fN` reads it, and what it must be.

use super::loader::Loader;
use super::yaml::Node;
use crate::expect::late::{LatePlace, LateText, Stream};
use crate::expect::{Field, FieldTest, TextRule};

pub(super) const FIELD_FIELDS: &[&str] =
    &["line", "index", "separator", "equals", "matches", "number"];

impl Loader {
    /// One `field` rule; a `number` that names `${…}` is kept for the probe to read when it
    /// runs (then `None`).
    pub(super) fn field_rule(&mut self, node: &Node, stream: Option<Stream>) -> Option<TextRule> {
        let mut f = self.fields(node, "a `field` rule", FIELD_FIELDS)?;
        if f.report_nulls(self) {
            f.finish(self, |_| None);
            return None;
        }
        let line_text = f
            .get("line")
            .and_then(|n| n.scalar().map(|s| s.text.clone()));
        let line = match f.get("line") {
            Some(n) => Some(self.regex(n)?),
            None => None,
        };
        let Some(index) = f.get("index") else {
            self.error(
                node.span,
                "a `field` rule needs `index`: which field, from 1",
            );
            f.finish(self, |_| None);
            return None;
        };
        let index = self.uint(index, 1, 1000)? as usize;
        let separator = match f.get("separator") {
            Some(n) => {
                let s = self.string(n)?;
                if s.is_empty() {
                    self.error(
                        n.span,
                        "an empty `separator`; leave it out to split at blanks",
                    );
                    return None;
                }
                Some(s)
            }
            None => None,
        };
        let tests: Vec<&str> = ["equals", "matches", "number"]
            .into_iter()
            .filter(|k| f.has(k))
            .collect();
        let test = match tests.as_slice() {
            ["equals"] => FieldTest::Equals(self.string(f.get("equals")?)?),
            ["matches"] => FieldTest::Matches(self.regex(f.get("matches")?)?),
            ["number"] => {
                let n = f.get("number")?;
                if let Some(stream) = stream {
                    let rule = LateText::Field {
                        line: line_text,
                        index,
                        separator: separator.clone(),
                    };
                    if self.defer(n, LatePlace::Text { stream, rule }, false) {
                        f.finish(self, |_| None);
                        return None;
                    }
                }
                FieldTest::Number(self.value_check(n)?)
            }
            _ => {
                self.error(
                    node.span,
                    "a `field` rule has one test: `equals`, `matches` or `number`",
                );
                f.finish(self, |_| None);
                return None;
            }
        };
        f.finish(self, |_| None);
        Some(TextRule::Field(Field {
            line,
            index,
            separator,
            test,
        }))
    }
}
