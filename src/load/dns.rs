//! Loading `dns:` probes and their expectations (`rcode`, `answers`, `authoritative`).

use super::loader::{Defaults, Fields, Loader};
use super::yaml::Node;
use crate::expect::{AttrRule, CmpOp, Expect, TextExpect, TextRule, Threshold, ValueCheck};
use crate::suite::*;

pub(super) const DNS_FIELDS: &[&str] = &["name", "type", "server", "tcp", "recursion", "timeout"];
pub(super) const DNS_EXPECT: &[&str] = &["rcode", "answers", "authoritative", "latency"];

impl Loader {
    pub(super) fn dns(&mut self, node: &Node, defaults: &Defaults) -> Option<DnsCheck> {
        let mut check = DnsCheck {
            name: EnvString::literal(""),
            record: RecordType::A,
            server: None,
            tcp: false,
            recursion: true,
            timeout: defaults.timeout,
        };
        if node.scalar().is_some() {
            check.name = self.env_string(node)?;
            return Some(check);
        }
        let mut f = self.fields(node, "`dns`", DNS_FIELDS)?;
        let missing =
            "a dns probe needs the `name` to ask for, e.g. `dns: {name: example.com, type: MX}`";
        let mut ok = self.read_required(
            &mut f,
            "name",
            node.span,
            missing,
            &mut check.name,
            |l, n| l.env_string(n),
        );
        if let Some(n) = f.get("type") {
            let words: Vec<(&str, RecordType)> =
                RecordType::ALL.iter().map(|t| (t.as_str(), *t)).collect();
            let (text, _) = self.text(n)?;
            match words
                .iter()
                .find(|(w, _)| w.eq_ignore_ascii_case(text.trim()))
            {
                Some((_, t)) => check.record = *t,
                None => {
                    self.keyword(n, "record type", &words);
                    ok = false;
                }
            }
        }
        ok &= self.read_into(&mut f, "server", &mut check.server, |l, n| {
            l.env_string(n).map(Some)
        });
        ok &= self.read_into(&mut f, "tcp", &mut check.tcp, |l, n| l.bool(n));
        ok &= self.read_into(&mut f, "recursion", &mut check.recursion, |l, n| l.bool(n));
        ok &= self.read_into(&mut f, "timeout", &mut check.timeout, |l, n| l.timeout(n));
        f.finish(self, |key| match key {
            "qtype" | "record" | "query_type" => Some("the record type is `type`".into()),
            "query_name" | "qname" | "host" => Some("the name to ask for is `name`".into()),
            "nameserver" | "resolver" | "target" => Some("the server to ask is `server`".into()),
            _ => None,
        });
        ok.then_some(check)
    }

    /// `rcode` (default `NOERROR`), `answers` (default: at least one, unless `rcode` is
    /// written), `authoritative`; `latency` is read with the other kinds' expectations.
    pub(super) fn dns_expect(
        &mut self,
        f: &mut Fields<'_>,
        e: &mut Expect,
        w: &mut Expect,
    ) -> bool {
        let mut ok = true;
        let rcodes = match f.get("rcode") {
            Some(n) => match self.rcodes(n) {
                Some(r) => r,
                None => {
                    ok = false;
                    vec!["NOERROR".into()]
                }
            },
            None => vec!["NOERROR".into()],
        };
        e.attributes.push(AttrRule {
            name: "rcode".into(),
            expected: rcodes,
        });
        if let Some(n) = f.get("authoritative") {
            match self.bool(n) {
                Some(b) => e.attributes.push(AttrRule {
                    name: "authoritative".into(),
                    expected: vec![b.to_string()],
                }),
                None => ok = false,
            }
        }
        match f.get("answers") {
            Some(n) => match self.text_expect(n, "`answers`") {
                Some((critical, warning)) => {
                    e.answers = Some(critical);
                    w.answers = (!warning.0.is_empty()).then_some(warning);
                }
                None => ok = false,
            },
            // A name that resolves: `dig +short name | grep -q .`.
            None if !f.has("rcode") => {
                e.answers = Some(TextExpect(vec![TextRule::Lines {
                    matching: None,
                    excluding: None,
                    check: ValueCheck::Compare(Threshold {
                        op: CmpOp::Gt,
                        limit: 0.0,
                    }),
                }]));
            }
            None => {}
        }
        ok
    }

    fn rcodes(&mut self, node: &Node) -> Option<Vec<String>> {
        let items: Vec<&Node> = match &node.kind {
            super::yaml::NodeKind::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        let words: Vec<(&str, &str)> = RCODES.iter().map(|r| (*r, *r)).collect();
        let mut out = Vec::new();
        for item in items {
            let (text, _) = self.text(item)?;
            let upper = text.trim().to_ascii_uppercase();
            match RCODES.iter().find(|r| **r == upper) {
                Some(r) => out.push(r.to_string()),
                None => {
                    self.keyword(item, "rcode", &words);
                    return None;
                }
            }
        }
        if out.is_empty() {
            self.error(node.span, "`rcode` needs a code, e.g. `rcode: NXDOMAIN`");
            return None;
        }
        Some(out)
    }
}
