//! `for_each`: one probe entry of a suite expanded over its items.

use std::collections::HashMap;
use std::sync::Arc;

use minijinja::Value;

use super::diagnostic::{Diagnostic, Span};
use super::loader::{Defaults, Loader, MAX_FOR_EACH};
use super::template::{context, item_may_change_check, sole_expression};
use super::yaml::{Node, NodeKind};
use crate::expect::Expect;
use crate::suite::{Check, Probe};

/// The check and expectations that the probes of one `for_each` share.
type Shared = (Arc<Check>, Arc<Expect>);

impl Loader {
    /// One entry of `probes:`, expanded over its `for_each` list if it has one.
    pub(super) fn probe_entry(
        &mut self,
        node: &Node,
        defaults: &Defaults,
        probes: &mut Vec<Probe>,
        depends: &mut Vec<Vec<(String, Span)>>,
        name_spans: &mut HashMap<String, Span>,
    ) {
        let for_each = node.get("for_each");
        let items = match for_each {
            None => vec![None],
            Some(list) => match self.for_each_items(list) {
                Some(items) => items.into_iter().map(Some).collect(),
                None => return,
            },
        };
        let base_ctx = self.ctx.clone();
        let repeated = items.len() > 1;
        // Where the item changes neither the check nor what must hold, every probe holds the
        // first one's: a suite of 100,000 probes of one URL holds one check.
        let shared = repeated && !item_may_change_check(node);
        let mut first: Option<Shared> = None;
        for item in items {
            self.ctx = context(&self.vars, item.as_ref().map(|v| ("item", v)));
            let (name, name_span, loaded) = match self.probe(node, defaults) {
                Ok((mut probe, deps, span)) => {
                    if shared {
                        match &first {
                            Some((check, expect)) => {
                                probe.check = check.clone();
                                probe.expect = expect.clone();
                            }
                            None => first = Some((probe.check.clone(), probe.expect.clone())),
                        }
                    }
                    (probe.name.clone(), span, Some((probe, deps)))
                }
                Err(Some((name, span))) => (name, span, None),
                Err(None) => continue,
            };
            match name_spans.get(&name) {
                Some(first) => {
                    let mut d =
                        Diagnostic::new(name_span, format!("probe name `{name}` is used twice"));
                    d = if repeated && *first == name_span {
                        d.with_help("every `for_each` item gets the same name; put `{{ item }}` in the name")
                    } else {
                        d.with_help(format!("first used at line {}", first.line))
                    };
                    self.diags.push(d);
                }
                None => {
                    name_spans.insert(name, name_span);
                    if let Some((probe, deps)) = loaded {
                        probes.push(probe);
                        depends.push(deps);
                    }
                }
            }
        }
        self.ctx = base_ctx;
    }

    fn for_each_items(&mut self, list: &Node) -> Option<Vec<Value>> {
        let items: Vec<Value> = match &list.kind {
            NodeKind::Seq(items) => items.iter().map(|n| self.template_value(n)).collect(),
            NodeKind::Scalar(s) if sole_expression(&s.text).is_some() => {
                let expr = sole_expression(&s.text).unwrap_or_default();
                let value = match self.templates.eval(expr, &self.ctx) {
                    Ok(v) => v,
                    Err(e) => {
                        self.error(list.span, e.message);
                        return None;
                    }
                };
                match value.try_iter() {
                    Ok(iter) if value.kind() != minijinja::value::ValueKind::String => {
                        iter.collect()
                    }
                    _ => {
                        self.error(
                            list.span,
                            format!("`for_each` must give a list; `{expr}` is {}", value.kind()),
                        );
                        return None;
                    }
                }
            }
            _ => {
                self.error(
                    list.span,
                    format!(
                        "`for_each` must be a list or \"{{{{ a_list_var }}}}\", found {}",
                        list.describe()
                    ),
                );
                return None;
            }
        };
        if items.is_empty() {
            self.error(
                list.span,
                "`for_each` is empty, so this probe would never run",
            );
            return None;
        }
        if items.len() > MAX_FOR_EACH {
            self.error(
                list.span,
                format!(
                    "`for_each` has {} items; at most {MAX_FOR_EACH} are allowed",
                    items.len()
                ),
            );
            return None;
        }
        Some(items)
    }
}
