//! `probekit check http|tcp|cmd`: one probe from command-line flags.
//!
//! The flags are turned into a one-probe suite document and loaded by the same loader as suite
//! files, so a probe given on the command line is validated, defaulted and run exactly like one
//! written in YAML.

use std::process::ExitCode;

use serde_json::{Map, Value, json};

use super::{Failure, execute, run_options};
use crate::cli::{CheckCommand, CommonCheckArgs, SelectArgs};
use crate::load::{LoadOptions, load_bytes};
use crate::units::{parse_duration, write_duration};

/// A threshold from a warning and a critical level (each the condition that raises it), in the
/// suite's graded form.
fn graded(warning: Option<String>, critical: Option<String>) -> Option<Value> {
    let mut levels = Map::new();
    insert_some(&mut levels, "warning", warning.map(Value::from));
    insert_some(&mut levels, "critical", critical.map(Value::from));
    (!levels.is_empty()).then_some(Value::Object(levels))
}

/// `cert_expiry` from the certificate flags: each level is a time left that raises it.
fn cert_expiry(c: crate::cli::CertExpiryArgs) -> Option<Value> {
    graded(
        c.cert_warning.map(|l| format!("< {l}")),
        c.cert_critical
            .or(c.min_cert_validity)
            .map(|l| format!("< {l}")),
    )
}

/// `check redis|postgres|mysql`: the password comes from the environment, never from the
/// command line (where `ps` shows it).
fn database(
    kind: &str,
    password_var: &str,
    a: crate::cli::DatabaseCheckArgs,
) -> (Value, CommonCheckArgs) {
    let mut db = Map::new();
    db.insert("address".into(), json!(a.address));
    db.insert("timeout".into(), json!(a.common.timeout));
    insert_some(&mut db, "user", a.user.clone().map(Value::from));
    let var = a.password_env.clone().or_else(|| {
        std::env::var_os(password_var)
            .is_some()
            .then(|| password_var.to_string())
    });
    if a.user.is_some() || kind == "redis" {
        insert_some(&mut db, "password", var.map(|v| json!(format!("${{{v}}}"))));
    }
    insert_some(&mut db, "database", a.database.map(Value::from));
    insert_some(&mut db, "query", a.query.map(Value::from));
    if a.tls {
        db.insert("tls".into(), json!(true));
    }
    if a.insecure {
        db.insert("insecure".into(), json!(true));
    }
    let mut expect = Map::new();
    if a.accept_rejecting {
        expect.insert("state".into(), json!(["accepting", "rejecting"]));
    }
    insert_text(&mut expect, "result", &a.result_contains, &[]);
    if let Some(text) = a.result_equals
        && let Value::Object(result) = expect.entry("result").or_insert_with(|| json!({}))
    {
        result.insert("trimmed".into(), json!(text));
    }
    let name = probe_name(&a.common, || format!("{kind} {}", a.address));
    (probe_doc(&name, &a.common, kind, db, expect), a.common)
}

/// The flags every kind of check shares.
pub fn common(cmd: &CheckCommand) -> &CommonCheckArgs {
    match cmd {
        CheckCommand::Http(a) => &a.common,
        CheckCommand::Tcp(a) => &a.common,
        CheckCommand::Cmd(a) => &a.common,
        CheckCommand::Metrics(a) => &a.common,
        CheckCommand::Redis(a)
        | CheckCommand::Postgres(a)
        | CheckCommand::Mysql(a)
        | CheckCommand::Mongo(a) => &a.common,
        CheckCommand::File(a)
        | CheckCommand::Disk(a)
        | CheckCommand::Memory(a)
        | CheckCommand::Load(a) => &a.common,
        CheckCommand::Process(a) => &a.common,
        CheckCommand::Dns(a) => &a.common,
        CheckCommand::Tls(a) => &a.common,
        CheckCommand::Icmp(a) => &a.common,
        CheckCommand::Grpc(a) => &a.common,
        CheckCommand::Service(a) => &a.common,
    }
}

/// `check service UNIT`.
fn service(a: crate::cli::ServiceCheckArgs) -> (Value, CommonCheckArgs) {
    let mut check = Map::new();
    check.insert("unit".into(), json!(a.unit));
    check.insert("timeout".into(), json!(a.common.timeout));
    let mut expect = Map::new();
    insert_list(&mut expect, "state", &a.states);
    if a.enabled {
        expect.insert("enabled".into(), json!("enabled"));
    }
    let name = probe_name(&a.common, || format!("service {}", a.unit));
    (
        probe_doc(&name, &a.common, "service", check, expect),
        a.common,
    )
}

/// `check grpc HOST:PORT`.
fn grpc(a: crate::cli::GrpcCheckArgs) -> (Value, CommonCheckArgs) {
    let mut check = Map::new();
    check.insert("address".into(), json!(a.address));
    check.insert("timeout".into(), json!(a.common.timeout));
    insert_some(&mut check, "service", a.service.clone().map(Value::from));
    if a.tls {
        check.insert("tls".into(), json!(true));
    }
    tls_flags(
        &mut check,
        a.insecure,
        a.ca_file.as_deref(),
        a.server_name.as_deref(),
    );
    let mut expect = Map::new();
    insert_list(&mut expect, "status", &a.statuses);
    let name = probe_name(&a.common, || format!("grpc {}", a.address));
    (probe_doc(&name, &a.common, "grpc", check, expect), a.common)
}

/// `check icmp HOST`.
fn icmp(a: crate::cli::IcmpCheckArgs) -> Result<(Value, CommonCheckArgs), Failure> {
    let mut check = Map::new();
    check.insert("host".into(), json!(a.host));
    check.insert("count".into(), json!(a.count));
    check.insert("interval".into(), json!(a.interval));
    insert_some(&mut check, "size", a.size.map(Value::from));
    if a.ipv4 {
        check.insert("ip".into(), json!("4"));
    } else if a.ipv6 {
        check.insert("ip".into(), json!("6"));
    }
    check.insert("timeout".into(), json!(a.common.timeout));
    let expect = host_rules(&a.rules)?;
    let name = probe_name(&a.common, || format!("icmp {}", a.host));
    Ok((probe_doc(&name, &a.common, "icmp", check, expect), a.common))
}

/// `--insecure`, `--ca-file`, `--server-name` as the check's TLS fields.
fn tls_flags(
    check: &mut Map<String, Value>,
    insecure: bool,
    ca_file: Option<&std::path::Path>,
    server_name: Option<&str>,
) {
    if insecure {
        check.insert("insecure".into(), json!(true));
    }
    insert_some(
        check,
        "ca_file",
        ca_file.map(|p| json!(p.display().to_string())),
    );
    insert_some(check, "server_name", server_name.map(Value::from));
}

/// `check tls HOST:PORT`.
fn tls(a: crate::cli::TlsCheckArgs) -> (Value, CommonCheckArgs) {
    let mut check = Map::new();
    check.insert("address".into(), json!(a.address));
    check.insert("timeout".into(), json!(a.common.timeout));
    insert_some(&mut check, "starttls", a.starttls.clone().map(Value::from));
    tls_flags(
        &mut check,
        a.insecure,
        a.ca_file.as_deref(),
        a.server_name.as_deref(),
    );
    let mut expect = Map::new();
    insert_some(&mut expect, "cert_expiry", cert_expiry(a.cert));
    insert_list(&mut expect, "cert_san", &a.san);
    insert_list(&mut expect, "version", &a.versions);
    let name = probe_name(&a.common, || format!("tls {}", a.address));
    (probe_doc(&name, &a.common, "tls", check, expect), a.common)
}

/// `check dns NAME [TYPE] [@SERVER]`, in dig's order or any other.
fn dns(a: crate::cli::DnsCheckArgs) -> Result<(Value, CommonCheckArgs), Failure> {
    let mut check = Map::new();
    for word in &a.words {
        if let Some(server) = word.strip_prefix('@') {
            check.insert("server".into(), json!(server));
        } else if !check.contains_key("type")
            && crate::suite::RecordType::ALL
                .iter()
                .any(|t| t.as_str().eq_ignore_ascii_case(word))
            && check.contains_key("name")
        {
            check.insert("type".into(), json!(word.to_ascii_uppercase()));
        } else if !check.contains_key("name") {
            check.insert("name".into(), json!(word));
        } else {
            return Err(Failure::usage(format!(
                "probekit: `{word}`: give a name, then a record type and @SERVER"
            )));
        }
    }
    if a.tcp {
        check.insert("tcp".into(), json!(true));
    }
    if a.no_recursion {
        check.insert("recursion".into(), json!(false));
    }
    check.insert("timeout".into(), json!(a.common.timeout));
    let mut expect = Map::new();
    insert_list(&mut expect, "rcode", &a.rcodes);
    insert_text(&mut expect, "answers", &a.answers, &[]);
    if a.authoritative {
        expect.insert("authoritative".into(), json!(true));
    }
    let name = probe_name(&a.common, || format!("dns {}", a.words.join(" ")));
    Ok((probe_doc(&name, &a.common, "dns", check, expect), a.common))
}

/// `check file|disk|memory|load`.
fn host(kind: &str, a: crate::cli::HostCheckArgs) -> Result<(Value, CommonCheckArgs), Failure> {
    let mut check = Map::new();
    insert_some(&mut check, "path", a.path.clone().map(Value::from));
    if a.per_cpu {
        check.insert("per_cpu".into(), json!(true));
    }
    check.insert("timeout".into(), json!(a.common.timeout));
    let mut expect = host_rules(&a.rules)?;
    insert_text(&mut expect, "content", &a.contains, &[]);
    let name = a.common.name.clone().unwrap_or_else(|| match &a.path {
        Some(p) => format!("{kind} {p}"),
        None => kind.to_string(),
    });
    Ok((probe_doc(&name, &a.common, kind, check, expect), a.common))
}

fn process(a: crate::cli::ProcessCheckArgs) -> Result<(Value, CommonCheckArgs), Failure> {
    let mut check = Map::new();
    insert_some(&mut check, "name", a.process.clone().map(Value::from));
    insert_some(&mut check, "pattern", a.pattern.clone().map(Value::from));
    insert_some(&mut check, "pidfile", a.pidfile.clone().map(Value::from));
    insert_some(&mut check, "user", a.user.clone().map(Value::from));
    check.insert("timeout".into(), json!(a.common.timeout));
    let mut expect = host_rules(&a.rules)?;
    insert_list(&mut expect, "listening", &a.listening);
    let name = a.common.name.clone().unwrap_or_else(|| {
        let what = [&a.process, &a.pattern, &a.pidfile]
            .into_iter()
            .flatten()
            .next()
            .cloned()
            .unwrap_or_default();
        format!("process {what}")
    });
    Ok((
        probe_doc(&name, &a.common, "process", check, expect),
        a.common,
    ))
}

/// `--expect 'used < 90%'`, `--expect type=directory`, `-w 'used > 80%' -c 'used > 90%'`.
fn host_rules(rules: &crate::cli::HostExpectArgs) -> Result<Map<String, Value>, Failure> {
    let mut expect = Map::new();
    for text in &rules.expect {
        let (name, rest) = host_rule(text)?;
        // `count=2`, `type=directory`: a single `=` gives a value; a measure reads it as `==`.
        let value = match rest.strip_prefix('=') {
            Some(v) if !v.starts_with('=') => v.trim().to_string(),
            _ => rest.to_string(),
        };
        expect.insert(name.into(), json!(value));
    }
    for (level, texts) in [
        ("warning", &rules.warning_if),
        ("critical", &rules.critical_if),
    ] {
        for text in texts {
            let (name, rest) = host_rule(text)?;
            let entry = expect.entry(name).or_insert_with(|| json!({}));
            let Value::Object(levels) = entry else {
                return Err(Failure::usage(format!(
                    "probekit: `{name}` has both --expect and --{level}-if; use one or the levels"
                )));
            };
            levels.insert(level.into(), json!(rest));
        }
    }
    Ok(expect)
}

/// `used < 90%` into `used` and `< 90%`.
fn host_rule(text: &str) -> Result<(&str, &str), Failure> {
    let t = text.trim();
    let end = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    let (name, rest) = t.split_at(end);
    if name.is_empty() || rest.trim().is_empty() {
        return Err(Failure::usage(format!(
            "probekit: `{text}` is not a rule; write e.g. `used < 90%` or `type=directory`"
        )));
    }
    Ok((name, rest.trim()))
}

pub fn main(cmd: CheckCommand) -> Result<ExitCode, Failure> {
    let (doc, common) = match cmd {
        CheckCommand::Http(a) => {
            let mut http = Map::new();
            http.insert("url".into(), json!(a.url));
            http.insert("method".into(), json!(a.method));
            http.insert("timeout".into(), json!(a.common.timeout));
            let mut headers = Map::new();
            for h in &a.headers {
                let Some((name, value)) = h.split_once(':') else {
                    return Err(Failure::usage(format!(
                        "probekit: --header `{h}` is not `Name: value`"
                    )));
                };
                headers.insert(name.trim().into(), json!(value.trim()));
            }
            if !headers.is_empty() {
                http.insert("headers".into(), Value::Object(headers));
            }
            insert_some(&mut http, "body", a.data.map(Value::from));
            if let Some(user) = &a.user {
                let (name, password) = user.split_once(':').unwrap_or((user, ""));
                http.insert(
                    "basic_auth".into(),
                    json!({"username": name, "password": password}),
                );
            }
            insert_some(
                &mut http,
                "connect_timeout",
                a.connect_timeout.map(Value::from),
            );
            if a.no_follow {
                http.insert("follow_redirects".into(), json!(false));
            }
            if a.insecure {
                http.insert("insecure".into(), json!(true));
            }
            for (field, path) in [
                ("ca_file", a.ca_file),
                ("client_cert", a.client_cert),
                ("client_key", a.client_key),
            ] {
                insert_some(
                    &mut http,
                    field,
                    path.map(|p| json!(p.display().to_string())),
                );
            }
            let mut expect = Map::new();
            if !a.expect_status.is_empty() {
                expect.insert("status".into(), json!(a.expect_status));
            }
            insert_text(&mut expect, "body", &a.body_contains, &a.body_matches);
            if !a.expect_json.is_empty() {
                let rules = a
                    .expect_json
                    .iter()
                    .map(|r| {
                        json_rule(r).map(Value::Object).map_err(|e| {
                            Failure::usage(format!("probekit: --expect-json `{r}`: {e}"))
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if let Value::Object(body) = expect.entry("body").or_insert_with(|| json!({})) {
                    body.insert("json".into(), Value::Array(rules));
                }
            }
            insert_some(
                &mut expect,
                "latency",
                graded(
                    a.latency_warning.map(|l| format!("> {l}")),
                    a.max_latency.map(|l| format!("> {l}")),
                ),
            );
            insert_some(&mut expect, "cert_expiry", cert_expiry(a.cert));
            let name = a.common.name.clone().unwrap_or_else(|| a.url.clone());
            (probe_doc(&name, &a.common, "http", http, expect), a.common)
        }
        CheckCommand::Tcp(a) => {
            let mut tcp = Map::new();
            tcp.insert("address".into(), json!(a.address));
            tcp.insert("timeout".into(), json!(a.common.timeout));
            if a.tls {
                tcp.insert("tls".into(), json!(true));
            }
            insert_some(
                &mut tcp,
                "send",
                a.send
                    .as_deref()
                    .map(|s| json!(crate::escapes::unescape(s))),
            );
            let mut expect = Map::new();
            insert_text(&mut expect, "response", &a.response_contains, &[]);
            let name = a.common.name.clone().unwrap_or_else(|| a.address.clone());
            (probe_doc(&name, &a.common, "tcp", tcp, expect), a.common)
        }
        CheckCommand::Metrics(a) => {
            let mut metrics = Map::new();
            let key = if a.file { "file" } else { "url" };
            metrics.insert(key.into(), json!(a.source));
            let timeout = match &a.window {
                None => a.common.timeout.clone(),
                Some(window) => {
                    // The timeout bounds each scrape; the probe also waits out the window.
                    match (parse_duration(window), parse_duration(&a.common.timeout)) {
                        (Ok(w), Ok(t)) => write_duration(w + t),
                        (Err(e), _) | (_, Err(e)) => {
                            return Err(Failure::usage(format!("probekit: {e}")));
                        }
                    }
                }
            };
            metrics.insert("timeout".into(), json!(timeout));
            insert_some(&mut metrics, "window", a.window.clone().map(Value::from));
            if a.insecure {
                metrics.insert("insecure".into(), json!(true));
            }
            let mut rules = Vec::new();
            for text in &a.expect {
                match metric_rule(text) {
                    Ok(rule) => rules.push(Value::Object(rule)),
                    Err(e) => {
                        return Err(Failure::usage(format!("probekit: --expect `{text}`: {e}")));
                    }
                }
            }
            let name = a.common.name.clone().unwrap_or_else(|| a.source.clone());
            (
                probe_doc(&name, &a.common, "metrics", metrics, Value::Array(rules)),
                a.common,
            )
        }
        CheckCommand::Redis(a) => database("redis", "REDISCLI_AUTH", *a),
        CheckCommand::Postgres(a) => database("postgres", "PGPASSWORD", *a),
        CheckCommand::Mysql(a) => database("mysql", "MYSQL_PWD", *a),
        CheckCommand::Mongo(a) => database("mongo", "MONGO_PASSWORD", *a),
        CheckCommand::File(a) => host("file", *a)?,
        CheckCommand::Disk(a) => host("disk", *a)?,
        CheckCommand::Memory(a) => host("memory", *a)?,
        CheckCommand::Load(a) => host("load", *a)?,
        CheckCommand::Process(a) => process(*a)?,
        CheckCommand::Dns(a) => dns(*a)?,
        CheckCommand::Tls(a) => tls(*a),
        CheckCommand::Icmp(a) => icmp(*a)?,
        CheckCommand::Grpc(a) => grpc(*a),
        CheckCommand::Service(a) => service(*a),
        CheckCommand::Cmd(a) => {
            let mut command = Map::new();
            if a.shell {
                command.insert("shell".into(), json!(a.argv.join(" ")));
            } else {
                command.insert("argv".into(), json!(a.argv));
            }
            command.insert("timeout".into(), json!(a.common.timeout));
            let mut expect = Map::new();
            if !a.expect_exit.is_empty() {
                expect.insert("exit_code".into(), json!(a.expect_exit));
            }
            insert_text(&mut expect, "stdout", &a.stdout_contains, &a.stdout_matches);
            let name = a.common.name.clone().unwrap_or_else(|| a.argv.join(" "));
            (
                probe_doc(&name, &a.common, "command", command, expect),
                a.common,
            )
        }
    };
    let bytes = doc.to_string();
    let suite = match load_bytes(
        "<command line>",
        "check",
        bytes.as_bytes(),
        &LoadOptions::default(),
    ) {
        Ok(s) => s,
        Err(e) => {
            // Positions in a generated document mean nothing to the user; the messages do.
            let messages: Vec<String> = e
                .diagnostics
                .iter()
                .map(|d| format!("probekit: {}", d.message))
                .collect();
            return Err(Failure::usage(messages.join("\n")));
        }
    };
    let opts = run_options(&suite, &SelectArgs::default())
        .map_err(|msg| Failure::usage(format!("probekit: {msg}")))?;
    Ok(execute(suite, opts, &common.output)?.exit_code())
}

fn probe_doc(
    name: &str,
    common: &CommonCheckArgs,
    kind: &str,
    check: Map<String, Value>,
    expect: impl Into<Value>,
) -> Value {
    let expect: Value = expect.into();
    let mut probe = Map::new();
    probe.insert("name".into(), json!(name));
    match &common.wait {
        Some(until) => {
            probe.insert(
                "wait".into(),
                json!({"until": until, "every": common.every}),
            );
        }
        None => {
            probe.insert("retries".into(), json!(common.retries));
            probe.insert("retry_delay".into(), json!(common.retry_delay));
        }
    }
    probe.insert(kind.into(), Value::Object(check));
    let empty = match &expect {
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => true,
    };
    if !empty {
        probe.insert("expect".into(), expect);
    }
    let mut doc = json!({ "suite": "check", "probes": [probe] });
    escape_templates(&mut doc);
    doc
}

/// Command-line values are data, not templates: protect anything minijinja would interpret.
fn escape_templates(value: &mut Value) {
    match value {
        Value::String(s) if crate::load::template::needs_rendering(s) => {
            *s = format!("{{% raw %}}{s}{{% endraw %}}")
        }
        Value::Array(items) => items.iter_mut().for_each(escape_templates),
        Value::Object(map) => map.values_mut().for_each(escape_templates),
        _ => {}
    }
}

/// A list flag's values, when any were given.
fn insert_list<T: serde::Serialize>(map: &mut Map<String, Value>, key: &str, values: &[T]) {
    if !values.is_empty() {
        map.insert(key.into(), json!(values));
    }
}

/// `--name`, or the probe's name in words.
fn probe_name(common: &CommonCheckArgs, default: impl FnOnce() -> String) -> String {
    common.name.clone().unwrap_or_else(default)
}

fn insert_some(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.into(), v);
    }
}

fn insert_text(
    expect: &mut Map<String, Value>,
    stream: &str,
    contains: &[String],
    matches: &[String],
) {
    let mut rules = Map::new();
    if !contains.is_empty() {
        rules.insert("contains".into(), json!(contains));
    }
    if !matches.is_empty() {
        rules.insert("matches".into(), json!(matches));
    }
    if !rules.is_empty() {
        expect.insert(stream.into(), Value::Object(rules));
    }
}

/// `[AGG(]SELECTOR[)] CHECK` → a metrics rule: `sum(x{a="b"}) < 4`, `rate(x) < 1`,
/// `sum(rate(x)) < 1`, `up present`, `x absent`, `x between 1 and 10`.
fn metric_rule(text: &str) -> Result<Map<String, Value>, String> {
    const AGGREGATIONS: [&str; 7] = ["all", "any", "sum", "min", "max", "avg", "count"];
    let (expr, check) = split_expression(text.trim())?;
    let mut rule = Map::new();
    let (mut inner, mut aggregate, mut function) = (expr, None, None);
    for _ in 0..2 {
        let Some(open) = inner.find('(') else { break };
        let name = &inner[..open];
        if !inner.ends_with(')') || name.contains('{') {
            break;
        }
        if AGGREGATIONS.contains(&name) && aggregate.is_none() && function.is_none() {
            aggregate = Some(name);
        } else if matches!(name, "rate" | "increase") && function.is_none() {
            function = Some(name);
        } else {
            return Err(format!(
                "`{name}(…)` is not an aggregation, rate or increase"
            ));
        }
        inner = &inner[open + 1..inner.len() - 1];
    }
    rule.insert("metric".into(), json!(inner));
    if let Some(a) = aggregate {
        rule.insert("aggregate".into(), json!(a));
    }
    match (check.trim(), function) {
        ("present", None) => {
            rule.insert("present".into(), json!(true));
        }
        ("absent", None) => {
            rule.insert("absent".into(), json!(true));
        }
        ("", _) => return Err("no check after the metric: add e.g. `< 4` or `present`".into()),
        (check, f) => {
            rule.insert(f.unwrap_or("value").into(), json!(check));
        }
    }
    Ok(rule)
}

/// `PATH OP VALUE` → a `json` rule: `status == UP`, `a.b != "x y"`, `n > 3`,
/// `n between 1 and 10`, `len(peers) > 0`, `v =~ ^1\.`, `error absent`, `db exists`,
/// `id type string`. A value that reads as JSON is JSON (`3`, `true`, `"UP"`); any other is
/// a string.
fn json_rule(text: &str) -> Result<Map<String, Value>, String> {
    let (path, test) = split_expression(text.trim())?;
    let test = test.trim();
    let mut rule = Map::new();
    let (path, length) = match path
        .strip_prefix("len(")
        .or_else(|| path.strip_prefix("length("))
        .and_then(|p| p.strip_suffix(')'))
    {
        Some(inner) => (inner, true),
        None => (path, false),
    };
    let path = ['"', '\'']
        .iter()
        .find_map(|q| path.strip_prefix(*q).and_then(|p| p.strip_suffix(*q)))
        .unwrap_or(path);
    rule.insert("path".into(), json!(path));
    let value_of =
        |v: &str| -> Value { serde_json::from_str(v.trim()).unwrap_or_else(|_| json!(v.trim())) };
    let numeric = ["<", ">", "==", "!=", "between"]
        .iter()
        .any(|p| test.starts_with(p));
    if length {
        if !numeric {
            return Err("`len(…)` takes a comparison: `len(items) > 0`".into());
        }
        rule.insert("length".into(), json!(test));
    } else if let Some(v) = test.strip_prefix("==") {
        rule.insert("equals".into(), value_of(v));
    } else if let Some(v) = test.strip_prefix("!=") {
        rule.insert("not_equals".into(), value_of(v));
    } else if let Some(re) = test.strip_prefix("=~") {
        rule.insert("matches".into(), json!(re.trim()));
    } else if numeric {
        rule.insert("value".into(), json!(test));
    } else if let Some(t) = test.strip_prefix("type ") {
        rule.insert("type".into(), json!(t.trim()));
    } else {
        match test {
            "exists" | "present" => rule.insert("exists".into(), json!(true)),
            "absent" => rule.insert("absent".into(), json!(true)),
            "" => return Err("no test after the path: add e.g. `== UP` or `> 0`".into()),
            other => {
                return Err(format!(
                    "`{other}` is not a test: write `== V`, `!= V`, `< N`, `between A and B`, `=~ REGEX`, `exists`, `absent` or `type T`"
                ));
            }
        };
    }
    Ok(rule)
}

/// Splits `expr check`, where `expr` may hold spaces inside `{…}`, `(…)` and quotes.
fn split_expression(text: &str) -> Result<(&str, &str), String> {
    let (mut depth, mut quote, mut escaped) = (0i32, None::<char>, false);
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '{' | '(' => depth += 1,
            '}' | ')' => depth -= 1,
            c if c.is_whitespace() && depth == 0 => return Ok((&text[..i], &text[i..])),
            _ => {}
        }
    }
    if quote.is_some() || depth != 0 {
        return Err("unbalanced quotes or brackets".into());
    }
    Ok((text, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_rules_from_the_command_line() {
        let rule = |t: &str| Value::Object(json_rule(t).unwrap());
        assert_eq!(
            rule("status == UP"),
            json!({"path": "status", "equals": "UP"})
        );
        assert_eq!(rule("n == 3"), json!({"path": "n", "equals": 3}));
        assert_eq!(
            rule(r#"a.b != "x y""#),
            json!({"path": "a.b", "not_equals": "x y"})
        );
        assert_eq!(rule("n >= 2"), json!({"path": "n", "value": ">= 2"}));
        assert_eq!(
            rule("n between 1 and 10"),
            json!({"path": "n", "value": "between 1 and 10"})
        );
        assert_eq!(
            rule("len(peers) > 0"),
            json!({"path": "peers", "length": "> 0"})
        );
        assert_eq!(
            rule(r"version =~ ^1\."),
            json!({"path": "version", "matches": r"^1\."})
        );
        assert_eq!(
            rule("error absent"),
            json!({"path": "error", "absent": true})
        );
        assert_eq!(rule("db exists"), json!({"path": "db", "exists": true}));
        assert_eq!(
            rule("id type string"),
            json!({"path": "id", "type": "string"})
        );
        assert_eq!(rule("'$.a b' == 1"), json!({"path": "$.a b", "equals": 1}));
        assert!(json_rule("status").is_err());
        assert!(json_rule("len(x) exists").is_err());
        assert!(json_rule("status is UP").is_err());
    }

    #[test]
    fn metric_rules_from_the_command_line() {
        let rule = |t: &str| Value::Object(metric_rule(t).unwrap());
        assert_eq!(
            rule("node_load1 < 4"),
            json!({"metric": "node_load1", "value": "< 4"})
        );
        assert_eq!(
            rule(r#"sum(x{code=~"5..", m="a b"}) == 0"#),
            json!({"metric": r#"x{code=~"5..", m="a b"}"#, "aggregate": "sum", "value": "== 0"})
        );
        assert_eq!(
            rule("sum(rate(errors_total)) < 1"),
            json!({"metric": "errors_total", "aggregate": "sum", "rate": "< 1"})
        );
        assert_eq!(rule("up present"), json!({"metric": "up", "present": true}));
        assert_eq!(
            rule("t between 1 and 10"),
            json!({"metric": "t", "value": "between 1 and 10"})
        );
        assert!(metric_rule("up").is_err());
        assert!(metric_rule("median(x) < 1").is_err());
        assert!(metric_rule(r#"x{a="b} < 1"#).is_err());
    }
}
