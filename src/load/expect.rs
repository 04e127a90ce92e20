//! Loading a probe's `expect:` block: statuses, exit codes, text rules (JSON, lines,
//! numbers), headers, and which fields each kind accepts.

use serde_json_path::JsonPath;

use super::loader::Loader;
use super::yaml::{Node, NodeKind};
use std::time::Duration;

use super::diagnostic::Span;
use super::late::{items, late_count, mentions_late};
use crate::expect::late::{LateJson, LatePlace, LateText, Stream};
use crate::expect::{
    CmpOp, CookieExpect, Expect, HeaderExpect, HeaderRule, JsonTest, JsonType, ServerState,
    StatusSet, TextExpect, TextRule, Threshold, ValueCheck,
};
use crate::suite::*;
use crate::units::parse_duration;

pub(super) const HTTP_EXPECT: &[&str] = &[
    "status",
    "latency",
    "body",
    "headers",
    "cookies",
    "cert_expiry",
    "cert_issuer",
    "cert_subject",
    "cert_san",
];
pub(super) const COMMAND_EXPECT: &[&str] = &["exit_code", "duration", "stdout", "stderr"];
pub(super) const TCP_EXPECT: &[&str] = &[
    "latency",
    "response",
    "cert_expiry",
    "cert_issuer",
    "cert_subject",
    "cert_san",
];
pub(super) const DATABASE_EXPECT: &[&str] = &[
    "state",
    "result",
    "latency",
    "cert_expiry",
    "cert_issuer",
    "cert_subject",
    "cert_san",
];
pub(super) const TEXT_FIELDS: &[&str] = &[
    "contains",
    "not_contains",
    "equals",
    "trimmed",
    "matches",
    "not_matches",
    "lines",
    "number",
    "json",
    "field",
];
/// A rule in a `json:` list: `path` and exactly one of [`JSON_TESTS`].
pub(super) const JSON_RULE_FIELDS: &[&str] = &[
    "path",
    "equals",
    "not_equals",
    "value",
    "length",
    "matches",
    "exists",
    "absent",
    "type",
    "text",
    "not_text",
    "truthy",
];
pub(super) const JSON_TESTS: &[&str] = JSON_RULE_FIELDS.split_at(1).1;
pub(super) const HEADER_FIELDS: &[&str] = &["equals", "contains", "matches", "present"];
pub(super) const COOKIE_FIELDS: &[&str] = &[
    "equals",
    "contains",
    "matches",
    "present",
    "secure",
    "http_only",
];

/// A JSONPath from the short form users write: `$` may be left out, and a key that is not a
/// JSONPath name (`x-request-id`, `content-length`) is quoted for them:
/// `checks.db` → `$.checks.db`, `headers.x-id[0]` → `$['headers']['x-id'][0]`.
fn json_path(text: &str) -> (String, Result<JsonPath, PathError>) {
    let error = |e: serde_json_path::ParseError, offset: usize| PathError {
        at: e.position().checked_sub(offset),
        message: e.message().to_string(),
    };
    if text.starts_with('$') {
        return (
            text.to_string(),
            JsonPath::parse(text).map_err(|e| error(e, 0)),
        );
    }
    let (dotted, offset) = if text.starts_with('[') {
        (format!("${text}"), 1)
    } else {
        (format!("$.{text}"), 2)
    };
    let first = match JsonPath::parse(&dotted) {
        Ok(p) => return (dotted, Ok(p)),
        Err(e) => error(e, offset),
    };
    let mut quoted = String::from("$");
    for segment in text.split('.') {
        let (name, index) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
        if !name.is_empty() {
            quoted.push_str(&format!(
                "['{}']",
                name.replace('\\', "\\\\").replace('\'', "\\'")
            ));
        }
        quoted.push_str(index);
    }
    match JsonPath::parse(&quoted) {
        Ok(p) => (quoted, Ok(p)),
        Err(_) => (dotted, Err(first)),
    }
}

/// Why a JSONPath was refused, and the byte of what the user wrote where it went wrong.
struct PathError {
    at: Option<usize>,
    message: String,
}

/// A threshold written as its levels, `{warning: …, critical: …}`.
pub(super) fn is_graded(node: &Node) -> bool {
    matches!(&node.kind, NodeKind::Map(entries) if entries.iter().any(|(k, _)| {
        k.scalar().is_some_and(|s| s.text == "warning" || s.text == "critical")
    }))
}

impl Loader {
    pub(super) fn expect(&mut self, kind: CheckKind, node: &Node) -> Option<Expect> {
        let known = match kind {
            CheckKind::Metrics => {
                if matches!(&node.kind, NodeKind::Map(e) if e.is_empty()) {
                    return Some(Expect::default());
                }
                return self.metric_rules(node).map(|metrics| Expect {
                    metrics,
                    ..Expect::default()
                });
            }
            CheckKind::Http => HTTP_EXPECT,
            CheckKind::Command => COMMAND_EXPECT,
            CheckKind::Tcp => TCP_EXPECT,
            CheckKind::Redis | CheckKind::Postgres | CheckKind::Mysql | CheckKind::Mongo => {
                DATABASE_EXPECT
            }
            CheckKind::File
            | CheckKind::Disk
            | CheckKind::Memory
            | CheckKind::Load
            | CheckKind::Process
            | CheckKind::Icmp => super::host::host_expect_fields(kind).unwrap_or_default(),
            CheckKind::Dns => super::dns::DNS_EXPECT,
            CheckKind::Tls => super::tls::TLS_EXPECT,
            CheckKind::Grpc => super::tls::GRPC_EXPECT,
            CheckKind::Service => super::host::SERVICE_EXPECT,
            // Each alternative has its own.
            CheckKind::AnyOf => return Some(Expect::default()),
        };
        let mut f = self.expect_fields(
            node,
            format!(
                "`expect` of {} {} probe",
                if kind == CheckKind::Http { "an" } else { "a" },
                kind.as_str()
            ),
            known,
        )?;
        let mut e = Expect::default();
        // What the suite graded `warning`: evaluated after `e`, its failures only warn.
        let mut w = Expect::default();
        let mut ok = true;
        let mut text = |this: &mut Self, key: &str, n: Option<&Node>| match n {
            Some(n) => match this.text_expect(n, &format!("`{key}`")) {
                Some((critical, warning)) => {
                    (Some(critical), (!warning.0.is_empty()).then_some(warning))
                }
                None => {
                    ok = false;
                    (None, None)
                }
            },
            None => (None, None),
        };
        match kind {
            CheckKind::Metrics | CheckKind::AnyOf => {}
            CheckKind::File
            | CheckKind::Disk
            | CheckKind::Memory
            | CheckKind::Load
            | CheckKind::Process
            | CheckKind::Icmp => ok &= self.host_expect(kind, &mut f, &mut e, &mut w),
            CheckKind::Service => ok &= self.service_expect(&mut f, &mut e),
            CheckKind::Grpc => {
                ok &= self.grpc_expect(&mut f, &mut e);
                self.cert_names(&mut f, &mut e);
                (e.latency, w.latency) = self.graded_duration(f.get("latency"), CmpOp::Gt);
                (e.cert_expiry, w.cert_expiry) =
                    self.graded_duration(f.get("cert_expiry"), CmpOp::Lt);
            }
            CheckKind::Tls => {
                ok &= self.tls_expect(&mut f, &mut e);
                self.cert_names(&mut f, &mut e);
                (e.latency, w.latency) = self.graded_duration(f.get("latency"), CmpOp::Gt);
                (e.cert_expiry, w.cert_expiry) =
                    self.graded_duration(f.get("cert_expiry"), CmpOp::Lt);
            }
            CheckKind::Dns => {
                ok &= self.dns_expect(&mut f, &mut e, &mut w);
                (e.latency, w.latency) = self.graded_duration(f.get("latency"), CmpOp::Gt);
            }
            CheckKind::Http => {
                (e.body, w.body) = text(self, "body", f.get("body"));
                e.status = Some(match f.get("status") {
                    Some(n) if self.defer(n, LatePlace::Status, false) => StatusSet(Vec::new()),
                    Some(n) => self.status(n).unwrap_or_else(|| {
                        ok = false;
                        StatusSet::success()
                    }),
                    None => StatusSet::success(),
                });
                (e.latency, w.latency) = self.graded_duration(f.get("latency"), CmpOp::Gt);
                if let Some(n) = f.get("headers") {
                    e.headers = self.header_expects(n);
                }
                if let Some(n) = f.get("cookies") {
                    e.cookies = self.cookie_expects(n);
                }
                self.cert_names(&mut f, &mut e);
                (e.cert_expiry, w.cert_expiry) =
                    self.graded_duration(f.get("cert_expiry"), CmpOp::Lt);
            }
            CheckKind::Command => {
                (e.stdout, w.stdout) = text(self, "stdout", f.get("stdout"));
                (e.stderr, w.stderr) = text(self, "stderr", f.get("stderr"));
                let (codes, warn) = match f.get("exit_code") {
                    Some(n) if self.defer(n, LatePlace::ExitCode, false) => (vec![0], None),
                    Some(n) => self.graded_exit_codes(n).unwrap_or_else(|| {
                        ok = false;
                        (vec![0], None)
                    }),
                    None => (vec![0], None),
                };
                e.exit_code = Some(codes);
                w.exit_code = warn;
                (e.latency, w.latency) = self.graded_duration(f.get("duration"), CmpOp::Gt);
            }
            CheckKind::Tcp => {
                (e.response, w.response) = text(self, "response", f.get("response"));
                self.cert_names(&mut f, &mut e);
                (e.latency, w.latency) = self.graded_duration(f.get("latency"), CmpOp::Gt);
                (e.cert_expiry, w.cert_expiry) =
                    self.graded_duration(f.get("cert_expiry"), CmpOp::Lt);
            }
            CheckKind::Redis | CheckKind::Postgres | CheckKind::Mysql | CheckKind::Mongo => {
                (e.result, w.result) = text(self, "result", f.get("result"));
                e.state = Some(match f.get("state") {
                    Some(n) => self.server_states(n).unwrap_or_else(|| {
                        ok = false;
                        vec![ServerState::Accepting]
                    }),
                    None => vec![ServerState::Accepting],
                });
                self.cert_names(&mut f, &mut e);
                (e.latency, w.latency) = self.graded_duration(f.get("latency"), CmpOp::Gt);
                (e.cert_expiry, w.cert_expiry) =
                    self.graded_duration(f.get("cert_expiry"), CmpOp::Lt);
            }
        }
        for (warning, rule) in std::mem::take(&mut self.late) {
            match rule.place {
                // What the caller gives replaces the default.
                LatePlace::Status => e.status = None,
                LatePlace::ExitCode => e.exit_code = None,
                LatePlace::Text { .. } | LatePlace::Measure { .. } => {}
            }
            if warning { &mut w } else { &mut e }.late.push(rule);
        }
        if w.latency.is_some()
            || !w.late.is_empty()
            || w.exit_code.is_some()
            || w.cert_expiry.is_some()
            || !w.measures.is_empty()
            || [
                &w.body,
                &w.stdout,
                &w.stderr,
                &w.response,
                &w.result,
                &w.content,
            ]
            .iter()
            .any(|t| t.is_some())
        {
            e.warning = Some(Box::new(w));
        }
        f.finish(self, |key| belongs_elsewhere(kind, key));
        ok.then_some(e)
    }

    /// `state: accepting`, or a list: `[accepting, rejecting]` (the server answers at all).
    fn server_states(&mut self, node: &Node) -> Option<Vec<ServerState>> {
        let items: Vec<&Node> = match &node.kind {
            NodeKind::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        let words: Vec<(&str, ServerState)> =
            ServerState::ALL.iter().map(|s| (s.as_str(), *s)).collect();
        let mut states = Vec::new();
        for item in items {
            states.push(self.keyword(item, "state", &words)?);
        }
        if states.is_empty() {
            self.error(node.span, "`state` needs `accepting`, `rejecting` or both");
            return None;
        }
        Some(states)
    }

    fn status(&mut self, node: &Node) -> Option<StatusSet> {
        let items: Vec<&Node> = match &node.kind {
            NodeKind::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        let mut set = Vec::new();
        for item in items {
            let text = self.string(item)?;
            match StatusSet::parse_pattern(&text) {
                Ok(p) => set.push(p),
                Err(e) => {
                    self.error(item.span, e);
                    return None;
                }
            }
        }
        Some(StatusSet(set))
    }

    /// The codes that pass, or levels as a plugin's protocol grades them: `{ok: 0, warning:
    /// 1}` (Nagios' WARNING) passes 0, only warns on 1, and fails on anything else. Returns
    /// what passes at the critical level and, when graded, at the warning level.
    fn graded_exit_codes(&mut self, node: &Node) -> Option<(Vec<i32>, Option<Vec<i32>>)> {
        if !matches!(node.kind, NodeKind::Map(_)) {
            return self.exit_codes(node).map(|codes| (codes, None));
        }
        let mut f = self.expect_fields(node, "`exit_code` levels", &["ok", "warning"])?;
        let ok = match f.get("ok") {
            Some(n) => self.exit_codes(n)?,
            None => vec![0],
        };
        let warning = match f.get("warning") {
            Some(n) => self.exit_codes(n)?,
            None => Vec::new(),
        };
        f.finish(self, |_| None);
        if let Some(both) = ok.iter().find(|c| warning.contains(c)) {
            self.error(
                node.span,
                format!("exit code {both} is both `ok` and a `warning`: give it one level"),
            );
            return None;
        }
        let mut passes = ok.clone();
        passes.extend(&warning);
        passes.sort_unstable();
        Some((passes, (!warning.is_empty()).then_some(ok)))
    }

    /// `0`, `[0, 3]`, `any` (every code; a kill by signal or a timeout still fails) or
    /// `nonzero` (every code but 0): a script's `! cmd` and `[ "$(cmd)" = x ]`, which read no
    /// exit code or only its failure.
    fn exit_codes(&mut self, node: &Node) -> Option<Vec<i32>> {
        if let Some(word) = node.scalar().map(|s| s.text.trim().to_string()) {
            match word.as_str() {
                "any" => return Some((0..=255).collect()),
                "nonzero" => return Some((1..=255).collect()),
                w if w.parse::<u64>().is_err() => {
                    self.error(
                        node.span,
                        format!(
                            "expected an exit code (0 to 255), a list of them, `any` or `nonzero`, found {w:?}"
                        ),
                    );
                    return None;
                }
                _ => {}
            }
        }
        let items: Vec<&Node> = match &node.kind {
            NodeKind::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        items
            .into_iter()
            .map(|n| self.uint(n, 0, 255).map(|v| v as i32))
            .collect()
    }

    /// The rules of a text stream, and those the suite graded `warning` (`number: {warning:
    /// "> 80", critical: "> 90"}`).
    pub(super) fn text_expect(
        &mut self,
        node: &Node,
        what: &str,
    ) -> Option<(TextExpect, TextExpect)> {
        let mut f = self.expect_fields(node, what, TEXT_FIELDS)?;
        let mut rules = Vec::new();
        let mut warnings = Vec::new();
        let stream = Stream::parse(what.trim_matches('`'));
        // A value that names `${VAR}` is kept as written, for the probe to read when it runs.
        let late = |this: &mut Self, n: &Node, rule: LateText, warning: bool| match stream {
            Some(stream) => this.defer(n, LatePlace::Text { stream, rule }, warning),
            None => false,
        };
        for (key, make, rule) in [
            (
                "contains",
                TextRule::Contains as fn(String) -> TextRule,
                LateText::Contains,
            ),
            ("not_contains", TextRule::NotContains, LateText::NotContains),
        ] {
            if let Some(n) = f.get(key) {
                for item in items(n) {
                    if !late(self, item, rule.clone(), false) {
                        rules.extend(self.string_list(item).into_iter().map(make));
                    }
                }
            }
        }
        if let Some(n) = f.get("equals")
            && !late(self, n, LateText::Equals, false)
        {
            rules.extend(self.string(n).map(TextRule::Equals));
        }
        if let Some(n) = f.get("trimmed")
            && !late(self, n, LateText::Trimmed, false)
        {
            rules.extend(self.string(n).map(TextRule::Trimmed));
        }
        for (key, make, rule) in [
            (
                "matches",
                TextRule::Matches as fn(regex::Regex) -> TextRule,
                LateText::Matches,
            ),
            ("not_matches", TextRule::NotMatches, LateText::NotMatches),
        ] {
            if let Some(n) = f.get(key) {
                for item in items(n) {
                    if !late(self, item, rule.clone(), false) {
                        rules.extend(self.regex(item).map(make));
                    }
                }
            }
        }
        let lines = f.get("lines");
        if let Some(n) = lines
            && n.scalar().is_some()
            && late(
                self,
                n,
                LateText::Lines {
                    matching: None,
                    excluding: None,
                },
                false,
            )
        {
        } else if let Some(n) = lines
            && let Some(stream) = stream
            && let Some((matching, excluding, count)) = late_count(n)
        {
            // The regex as written, its references checked now and read when the probe runs.
            let matching = match matching {
                Some(m) => self.env_string(m).map(|text| Some(text.to_string())),
                None => Some(None),
            };
            // The excluded lines' regex is read now (it names no `${…}`).
            let excluding = match excluding {
                Some(x) => self.regex(x).map(|re| Some(re.as_str().to_string())),
                None => Some(None),
            };
            if let (Some(matching), Some(excluding)) = (matching, excluding) {
                let rule = LateText::Lines {
                    matching,
                    excluding,
                };
                self.keep_late(count, LatePlace::Text { stream, rule }, false);
            }
        } else if let Some(n) = lines {
            if is_graded(n) {
                let (critical, warning) = self.graded_value(n);
                let lines = |check| TextRule::Lines {
                    matching: None,
                    excluding: None,
                    check,
                };
                rules.extend(critical.map(lines));
                warnings.extend(warning.map(lines));
            } else {
                rules.extend(self.lines_rule(n));
            }
        }
        if let Some(n) = f.get("number") {
            if is_graded(n) && mentions_late(n) {
                if let Some(stream) = stream {
                    self.late_levels(n, stream, &mut rules, &mut warnings);
                }
            } else if !late(self, n, LateText::Number, false) {
                let (critical, warning) = self.graded_value(n);
                rules.extend(critical.map(TextRule::Number));
                warnings.extend(warning.map(TextRule::Number));
            }
        }
        if let Some(n) = f.get("field") {
            for item in items(n) {
                rules.extend(self.field_rule(item, stream));
            }
        }
        if let Some(n) = f.get("json") {
            match &n.kind {
                NodeKind::Seq(items) => {
                    for item in items {
                        rules.extend(self.json_rule(item, stream));
                    }
                }
                _ => {
                    for (path_text, span, value) in self.entries(n, "`json`") {
                        let Some((path_text, path)) = self.json_path_at(&path_text, span) else {
                            continue;
                        };
                        let rule = LateText::Json {
                            path: path_text.clone(),
                            test: LateJson::Equals,
                        };
                        if late(self, value, rule, false) {
                            continue;
                        }
                        if let Some(value) = self.json_value(value) {
                            rules.push(TextRule::Json {
                                path_text,
                                path,
                                test: JsonTest::Equals(value),
                            });
                        }
                    }
                }
            }
        }
        f.finish(self, |_| None);
        Some((TextExpect(rules), TextExpect(warnings)))
    }

    /// `latency: "< 1s"` (what passes), or graded: `latency: {warning: "> 300ms", critical:
    /// "> 1s"}`, the conditions that raise each level. A bare duration raises its level when the
    /// value is past it in the `alert` direction (`> 300ms` for latency, `< 30d` for a
    /// certificate). Returns what passes at the critical level and at the warning level.
    fn graded_duration(
        &mut self,
        node: Option<&Node>,
        alert: CmpOp,
    ) -> (Option<Threshold<Duration>>, Option<Threshold<Duration>>) {
        let Some(node) = node else {
            return (None, None);
        };
        if !is_graded(node) {
            return (self.duration_threshold(node), None);
        }
        let mut level = |this: &mut Self, n: &Node| {
            let text = this.string(n)?;
            let parsed = if CmpOp::starts(&text) {
                Threshold::parse_duration(&text)
            } else {
                parse_duration(&text).map(|limit| Threshold { op: alert, limit })
            };
            match parsed {
                Ok(t) => Some((t, n.span)),
                Err(e) => {
                    this.error(n.span, e);
                    None
                }
            }
        };
        let (critical, warning) = self.levels(node, &mut level);
        if let (Some((c, _)), Some((w, span))) = (&critical, &warning)
            && c.op == w.op
            && c.op.holds(&w.limit, &c.limit)
        {
            self.error(
                *span,
                format!(
                    "the warning level ({w}) is past the critical level ({c}): it would never be seen; warn before it turns critical"
                ),
            );
        }
        let pass = |t: Option<(Threshold<Duration>, Span)>| t.map(|(t, _)| t.negated());
        (pass(critical), pass(warning))
    }

    /// One level of a graded number, `> 80`: the comparison that raises it.
    pub(super) fn number_level(&mut self, n: &Node) -> Option<Threshold<f64>> {
        let (text, _) = self.text(n)?;
        match Threshold::parse_number(&text) {
            Ok(t) => Some(t),
            Err(e) => {
                self.error(
                    n.span,
                    format!("{e}; a level is the comparison that raises it"),
                );
                None
            }
        }
    }

    /// `number: "< 90"`, or graded like [`Self::graded_duration`] with comparisons
    /// (`{warning: "> 80", critical: "> 90"}`): what passes at each level.
    fn graded_value(&mut self, node: &Node) -> (Option<ValueCheck>, Option<ValueCheck>) {
        if !is_graded(node) {
            return (self.value_check(node), None);
        }
        let mut level = |this: &mut Self, n: &Node| this.number_level(n).map(|t| (t, n.span));
        let (critical, warning) = self.levels(node, &mut level);
        let pass =
            |t: Option<(Threshold<f64>, Span)>| t.map(|(t, _)| ValueCheck::Compare(t.negated()));
        (pass(critical), pass(warning))
    }

    /// The `critical` and `warning` entries of a graded threshold, each read by `level`.
    pub(super) fn levels<T>(
        &mut self,
        node: &Node,
        level: &mut dyn FnMut(&mut Self, &Node) -> Option<T>,
    ) -> (Option<T>, Option<T>) {
        let Some(mut f) = self.expect_fields(node, "a graded threshold", &["warning", "critical"])
        else {
            return (None, None);
        };
        let critical = f.get("critical").and_then(|n| level(self, n));
        let warning = f.get("warning").and_then(|n| level(self, n));
        f.finish(self, |_| None);
        (critical, warning)
    }

    fn json_path_at(
        &mut self,
        text: &str,
        span: super::diagnostic::Span,
    ) -> Option<(String, JsonPath)> {
        let (full, parsed) = json_path(text);
        match parsed {
            Ok(path) => Some((full, path)),
            Err(e) => {
                // The caret goes under the character, in the suite's own line.
                let at = e.at.unwrap_or(0).min(text.len());
                let span = Loader::narrowed(span, text, at);
                let what = match text.get(at..).and_then(|rest| rest.chars().next()) {
                    Some(c) => format!(" at `{c}`"),
                    None => " at its end".to_string(),
                };
                self.error(
                    span,
                    format!("`{text}` is not a JSONPath: {}{what}", e.message),
                );
                None
            }
        }
    }

    /// `lines: "> 0"`, or `lines: {matching: RUNNING, count: "== 2"}`.
    fn lines_rule(&mut self, node: &Node) -> Option<TextRule> {
        if node.scalar().is_some() {
            let check = self.value_check(node)?;
            return Some(TextRule::Lines {
                matching: None,
                excluding: None,
                check,
            });
        }
        let mut f = self.expect_fields(node, "`lines`", &["matching", "excluding", "count"])?;
        let matching = f.get("matching").and_then(|n| self.regex(n));
        let excluding = f.get("excluding").and_then(|n| self.regex(n));
        let check = match f.get("count") {
            Some(n) => self.value_check(n),
            None => {
                self.error(
                    node.span,
                    "`lines` needs `count`: `{matching: RE, count: \"> 0\"}`",
                );
                None
            }
        };
        f.finish(self, |_| None);
        Some(TextRule::Lines {
            matching,
            excluding,
            check: check?,
        })
    }

    /// One rule of a `json:` list: `{path: peers, length: "> 0"}`.
    fn json_rule(&mut self, node: &Node, stream: Option<Stream>) -> Option<TextRule> {
        let mut f = self.expect_fields(node, "a `json` rule", JSON_RULE_FIELDS)?;
        let Some(p) = f.get("path") else {
            self.error(
                node.span,
                "a `json` rule needs `path`: the JSONPath it tests",
            );
            f.finish(self, |_| None);
            return None;
        };
        let path_text = self.string(p)?;
        let (path_text, path) = self.json_path_at(&path_text, p.span)?;
        let tests: Vec<&str> = JSON_TESTS.iter().copied().filter(|k| f.has(k)).collect();
        let test = match tests.as_slice() {
            [] => {
                self.error(
                    node.span,
                    format!(
                        "a `json` rule needs one test: {}",
                        JSON_TESTS
                            .iter()
                            .map(|t| format!("`{t}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                None
            }
            [key] => {
                // `equals: null` compares with JSON's null; no other test takes it.
                let n = f.get_null(key)?;
                if n.is_null() && !matches!(*key, "equals" | "not_equals") {
                    self.error(n.span, format!("`{key}` needs a value, not null"));
                    f.finish(self, |_| None);
                    return None;
                }
                let test = match *key {
                    // A value the caller gives is text: compared as `jq -r` prints.
                    "equals" | "text" => Some(LateJson::Equals),
                    "not_equals" | "not_text" => Some(LateJson::NotEquals),
                    "value" => Some(LateJson::Value),
                    "length" => Some(LateJson::Length),
                    "matches" => Some(LateJson::Matches),
                    _ => None,
                };
                if let (Some(test), Some(stream)) = (test, stream) {
                    let rule = LateText::Json {
                        path: path_text.clone(),
                        test,
                    };
                    if self.defer(n, LatePlace::Text { stream, rule }, false) {
                        f.finish(self, |_| None);
                        return None;
                    }
                }
                match *key {
                    "equals" => self.json_value(n).map(JsonTest::Equals),
                    "not_equals" => self.json_value(n).map(JsonTest::NotEquals),
                    "value" => self.value_check(n).map(JsonTest::Value),
                    "length" => self.value_check(n).map(JsonTest::Length),
                    "matches" => self.regex(n).map(JsonTest::Matches),
                    "exists" => self.bool(n).map(JsonTest::Exists),
                    "absent" => self.bool(n).map(|b| JsonTest::Exists(!b)),
                    "text" => self.string(n).map(JsonTest::Text),
                    "not_text" => self.string(n).map(JsonTest::NotText),
                    "truthy" => self.bool(n).map(JsonTest::Truthy),
                    _ => {
                        let name = self.string(n)?;
                        match JsonType::parse(&name) {
                            Some(t) => Some(JsonTest::Type(t)),
                            None => {
                                self.error(
                                    n.span,
                                    format!(
                                        "`{name}` is not a JSON type; write one of {}",
                                        JsonType::ALL.map(JsonType::name).join(", ")
                                    ),
                                );
                                None
                            }
                        }
                    }
                }
            }
            [_, second, ..] => {
                let span = f.key_span(second).unwrap_or(node.span);
                self.error(
                    span,
                    "a `json` rule has one test; write another rule for the same path",
                );
                None
            }
        };
        f.finish(self, |_| None);
        Some(TextRule::Json {
            path_text,
            path,
            test: test?,
        })
    }

    fn header_expects(&mut self, node: &Node) -> Vec<HeaderExpect> {
        let mut out = Vec::new();
        for (name, span, value) in self.entries(node, "`headers`") {
            if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
                self.error(span, format!("`{name}` is not a valid header name"));
                continue;
            }
            let name = name.to_ascii_lowercase();
            if value.scalar().is_some() {
                if let Some(v) = self.string(value) {
                    out.push(HeaderExpect {
                        name,
                        rule: HeaderRule::Equals(v),
                    });
                }
                continue;
            }
            let Some(mut f) = self.expect_fields(
                value,
                format!("the expectation on header `{name}`"),
                HEADER_FIELDS,
            ) else {
                continue;
            };
            for rule in self.value_rules(&mut f) {
                out.push(HeaderExpect {
                    name: name.clone(),
                    rule,
                });
            }
            f.finish(self, |_| None);
        }
        out
    }

    /// `equals`, `contains`, `matches` and `present` of a header, a cookie or a certificate
    /// name.
    fn value_rules(&mut self, f: &mut super::loader::Fields<'_>) -> Vec<HeaderRule> {
        let mut rules = Vec::new();
        if let Some(n) = f.get("equals") {
            rules.extend(self.string(n).map(HeaderRule::Equals));
        }
        if let Some(n) = f.get("contains") {
            rules.extend(self.string(n).map(HeaderRule::Contains));
        }
        if let Some(n) = f.get("matches") {
            rules.extend(self.regex(n).map(HeaderRule::Matches));
        }
        if let Some(n) = f.get("present") {
            rules.push(if self.bool(n).unwrap_or(true) {
                HeaderRule::Present
            } else {
                HeaderRule::Absent
            });
        }
        rules
    }

    /// `cert_issuer`, `cert_subject`, `cert_san` of an http or tcp probe.
    fn cert_names(&mut self, f: &mut super::loader::Fields<'_>, e: &mut Expect) {
        if let Some(n) = f.get("cert_issuer") {
            e.cert_issuer = self.name_rules(n, "`cert_issuer`");
        }
        if let Some(n) = f.get("cert_subject") {
            e.cert_subject = self.name_rules(n, "`cert_subject`");
        }
        if let Some(n) = f.get("cert_san") {
            e.cert_san = self.string_list(n);
        }
    }

    /// `cert_issuer: "Let's Encrypt"` (contained), or `{equals | contains | matches}`.
    fn name_rules(&mut self, node: &Node, what: &str) -> Vec<HeaderRule> {
        if node.scalar().is_some() {
            return self
                .string(node)
                .map(HeaderRule::Contains)
                .into_iter()
                .collect();
        }
        let Some(mut f) = self.expect_fields(node, what, HEADER_FIELDS) else {
            return Vec::new();
        };
        let rules = self.value_rules(&mut f);
        f.finish(self, |_| None);
        rules
    }

    /// `cookies: {session: {present: true, secure: true, http_only: true}, lang: en}`.
    fn cookie_expects(&mut self, node: &Node) -> Vec<CookieExpect> {
        let mut out = Vec::new();
        for (name, _, value) in self.entries(node, "`cookies`") {
            if value.scalar().is_some() {
                if let Some(v) = self.string(value) {
                    out.push(CookieExpect {
                        name,
                        rule: HeaderRule::Equals(v),
                        secure: None,
                        http_only: None,
                    });
                }
                continue;
            }
            let Some(mut f) = self.expect_fields(
                value,
                format!("the expectation on cookie `{name}`"),
                COOKIE_FIELDS,
            ) else {
                continue;
            };
            let mut rules = self.value_rules(&mut f);
            let secure = f.get("secure").and_then(|n| self.bool(n));
            let http_only = f.get("http_only").and_then(|n| self.bool(n));
            f.finish(self, |_| None);
            if rules.is_empty() {
                rules.push(HeaderRule::Present);
            }
            for (i, rule) in rules.into_iter().enumerate() {
                // The attributes are checked once, with the first rule.
                out.push(CookieExpect {
                    name: name.clone(),
                    rule,
                    secure: secure.filter(|_| i == 0),
                    http_only: http_only.filter(|_| i == 0),
                });
            }
        }
        out
    }
}

/// For an expectation that exists, but for another kind of probe: say which.
fn belongs_elsewhere(kind: CheckKind, key: &str) -> Option<String> {
    let database = [
        CheckKind::Redis,
        CheckKind::Postgres,
        CheckKind::Mysql,
        CheckKind::Mongo,
    ];
    let owners: Vec<&str> = [
        (&[CheckKind::Http][..], "http", HTTP_EXPECT),
        (&[CheckKind::Command], "command", COMMAND_EXPECT),
        (&[CheckKind::Tcp], "tcp", TCP_EXPECT),
        (
            &database,
            "database (redis, postgres, mysql)",
            DATABASE_EXPECT,
        ),
        (&[CheckKind::File], "file", super::host::FILE_EXPECT),
        (&[CheckKind::Disk], "disk", super::host::DISK_EXPECT),
        (&[CheckKind::Memory], "memory", super::host::MEMORY_EXPECT),
        (&[CheckKind::Load], "load", super::host::LOAD_EXPECT),
        (
            &[CheckKind::Process],
            "process",
            super::host::PROCESS_EXPECT,
        ),
        (&[CheckKind::Dns], "dns", super::dns::DNS_EXPECT),
        (&[CheckKind::Tls], "tls", super::tls::TLS_EXPECT),
        (&[CheckKind::Icmp], "icmp", super::host::ICMP_EXPECT),
        (&[CheckKind::Grpc], "grpc", super::tls::GRPC_EXPECT),
        (
            &[CheckKind::Service],
            "service",
            super::host::SERVICE_EXPECT,
        ),
    ]
    .into_iter()
    .filter(|(kinds, _, fields)| !kinds.contains(&kind) && fields.contains(&key))
    .map(|(_, name, _)| name)
    .collect();
    if owners.is_empty() {
        return None;
    }
    let hint = match (kind, key) {
        (CheckKind::Command, "latency") => " (commands use `duration`)".to_string(),
        (CheckKind::Http | CheckKind::Tcp, "duration") => " (use `latency`)".to_string(),
        _ => String::new(),
    };
    Some(format!(
        "`{key}` applies to {} probes{hint}",
        owners.join(" and ")
    ))
}
