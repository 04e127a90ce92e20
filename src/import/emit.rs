//! Drafts written as a suite file: keys in the order people write them, defaults left out,
//! every probe under a comment naming its source line.

use std::fmt::Write as _;

use super::draft::{Check, Draft, ITEM, Text, Yaml};

/// A YAML scalar for `s`: plain when that reads back as the same string, else double-quoted
/// (JSON's escaping, which YAML accepts). The suite loader renders `{{ }}`, `{% %}` and
/// `{# #}`, so text from a script is made inert: see [`inert`].
pub fn scalar(s: &str) -> String {
    let s = s
        .split(ITEM)
        .map(inert)
        .collect::<Vec<_>>()
        .join("{{ item }}");
    if is_plain(&s) {
        s
    } else {
        serde_json::to_string(&s).expect("strings serialize")
    }
}

/// Template text that renders to exactly `text`: every `{` that would open a tag (`{{`, `{%`,
/// `{#`) is written as the expression `{{ "{" }}`, so no sequence in the script's text can open
/// or close a block. (`{% raw %}` is not enough: the text may hold `{% endraw %}` itself.)
pub fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' && matches!(chars.peek(), Some('{' | '%' | '#')) {
            out.push_str("{{ \"{\" }}");
        } else {
            out.push(c);
        }
    }
    out
}

fn is_plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    ];
    if reserved.contains(&s.to_ascii_lowercase().as_str()) || s.parse::<f64>().is_ok() {
        return false;
    }
    // No `,` (it ends an item of a flow list, `[a,b]` is two), and no `?`, which YAML 1.1
    // readers (PyYAML) refuse inside a flow list.
    (first.is_ascii_alphanumeric() || "/._".contains(first))
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-:@=+&%$ ".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.ends_with(' ')
        && !s.contains("${")
}

/// Multi-line text that a literal block (`|-`) holds exactly: no template syntax (which
/// needs `{% raw %}`), no leading blank or indented first line, no tabs or trailing blanks.
fn blockable(s: &str) -> bool {
    s.contains('\n')
        && !s.contains("{{")
        && !s.contains("{%")
        && !s.contains("{#")
        && !s.starts_with([' ', '\n'])
        && !s.ends_with('\n')
        // (`lines` takes a CR before each line break away: a CR anywhere rules a block out.)
        && !s.contains('\r')
        && s.lines()
            .all(|l| !l.ends_with([' ', '\t']) && !l.contains('\t'))
}

/// The lines of a literal block, indented.
fn block_lines(out: &mut String, pad: &str, s: &str) {
    for line in s.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}{line}");
        }
    }
}

fn text(t: &Text) -> Yaml {
    Yaml::Str(t.render())
}

fn inline(v: &Yaml) -> String {
    match v {
        Yaml::Str(s) => scalar(s),
        Yaml::Int(i) => i.to_string(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Null => "null".into(),
        Yaml::List(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        Yaml::Flow(pairs) | Yaml::Map(pairs) => format!(
            "{{{}}}",
            pairs
                .iter()
                .map(|(k, v)| format!("{}: {}", scalar(k), inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn block(out: &mut String, indent: usize, pairs: &[(String, Yaml)]) {
    let pad = " ".repeat(indent);
    for (k, v) in pairs {
        match v {
            Yaml::Map(inner) => {
                let _ = writeln!(out, "{pad}{}:", scalar(k));
                block(out, indent + 2, inner);
            }
            Yaml::List(items)
                if items
                    .iter()
                    .any(|i| matches!(i, Yaml::Str(s) if blockable(s))) =>
            {
                let _ = writeln!(out, "{pad}{}:", scalar(k));
                for item in items {
                    match item {
                        Yaml::Str(s) if blockable(s) => {
                            let _ = writeln!(out, "{pad}  - |-");
                            block_lines(out, &format!("{pad}    "), s);
                        }
                        other => {
                            let _ = writeln!(out, "{pad}  - {}", inline(other));
                        }
                    }
                }
            }
            // `any_of`: one alternative a line, each a mapping of its kind and `expect`.
            Yaml::List(items)
                if items.iter().all(|i| matches!(i, Yaml::Map(_))) && !items.is_empty() =>
            {
                let _ = writeln!(out, "{pad}{}:", scalar(k));
                for item in items {
                    if let Yaml::Map(pairs) = item {
                        let mut first = true;
                        for (ik, iv) in pairs {
                            let lead = if first { "- " } else { "  " };
                            first = false;
                            let _ = writeln!(out, "{pad}  {lead}{}: {}", scalar(ik), inline(iv));
                        }
                    }
                }
            }
            Yaml::Str(s) if blockable(s) => {
                // A literal block keeps multi-line shell text readable.
                let _ = writeln!(out, "{pad}{}: |-", scalar(k));
                block_lines(out, &format!("{pad}  "), s);
            }
            other => {
                let _ = writeln!(out, "{pad}{}: {}", scalar(k), inline(other));
            }
        }
    }
}

fn check_yaml(c: &Check, env: &[(String, Text)]) -> (String, Yaml) {
    match c {
        Check::Http {
            url,
            method,
            headers,
            body,
            timeout,
            connect_timeout,
            insecure,
            ca_file,
            follow_redirects,
            max_redirects,
            basic_auth,
        } => {
            let mut m = vec![("url".to_string(), text(url))];
            if let Some(method) = method {
                m.push(("method".into(), Yaml::str(method)));
            }
            if !headers.is_empty() {
                m.push((
                    "headers".into(),
                    Yaml::Flow(headers.iter().map(|(k, v)| (k.clone(), text(v))).collect()),
                ));
            }
            if let Some(b) = body {
                m.push(("body".into(), text(b)));
            }
            if let Some(t) = timeout {
                m.push(("timeout".into(), Yaml::str(t)));
            }
            if let Some(t) = connect_timeout {
                m.push(("connect_timeout".into(), Yaml::str(t)));
            }
            if !follow_redirects {
                m.push(("follow_redirects".into(), Yaml::Bool(false)));
            } else if let Some(n) = max_redirects.filter(|n| *n != 10) {
                m.push(("max_redirects".into(), Yaml::Int(i64::from(n))));
            }
            if *insecure {
                m.push(("insecure".into(), Yaml::Bool(true)));
            }
            if let Some(f) = ca_file {
                m.push(("ca_file".into(), Yaml::str(f)));
            }
            if let Some((user, password)) = basic_auth {
                let mut auth = vec![("username".to_string(), text(user))];
                if !password.0.is_empty() {
                    auth.push(("password".to_string(), text(password)));
                }
                m.push(("basic_auth".into(), Yaml::Flow(auth)));
            }
            ("http".into(), Yaml::Map(m))
        }
        Check::Tcp {
            address,
            timeout,
            send,
        } => {
            let mut m = vec![("address".to_string(), text(address))];
            if let Some(t) = timeout {
                m.push(("timeout".into(), Yaml::str(t)));
            }
            if let Some(bytes) = send {
                m.push(("send".into(), Yaml::str(Text::lit(bytes).render())));
            }
            ("tcp".into(), Yaml::Flow(m))
        }
        Check::Database {
            engine,
            address,
            user,
            password,
            database,
            timeout,
            tls_prefer,
        } => {
            let mut m = vec![("address".to_string(), text(address))];
            if let Some(u) = user {
                m.push(("user".into(), text(u)));
            }
            if let Some(p) = password {
                m.push(("password".into(), text(p)));
            }
            if let Some(d) = database {
                m.push(("database".into(), text(d)));
            }
            if let Some(t) = timeout {
                m.push(("timeout".into(), Yaml::str(t)));
            }
            if *tls_prefer {
                m.push(("tls".into(), Yaml::str("prefer")));
            }
            (engine.to_string(), Yaml::Flow(m))
        }
        Check::File { path } => ("file".into(), text(path)),
        Check::Disk { path } => ("disk".into(), text(path)),
        Check::Host { kind } => (kind.to_string(), Yaml::Flow(Vec::new())),
        Check::Process { pidfile } => (
            "process".into(),
            Yaml::Flow(vec![("pidfile".into(), text(pidfile))]),
        ),
        Check::Icmp {
            host,
            count,
            interval,
            size,
            ip,
            timeout,
        } => {
            let mut m = vec![
                ("host".to_string(), text(host)),
                ("count".to_string(), Yaml::Int(i64::from(*count))),
            ];
            if let Some(i) = interval {
                m.push(("interval".into(), Yaml::str(i)));
            }
            if let Some(s) = size {
                m.push(("size".into(), Yaml::Int(i64::from(*s))));
            }
            if let Some(ip) = ip {
                m.push(("ip".into(), Yaml::str(*ip)));
            }
            m.push(("timeout".into(), Yaml::str(timeout)));
            ("icmp".into(), Yaml::Flow(m))
        }
        Check::Command {
            argv,
            timeout,
            stdin,
            merge_stderr,
            words,
        } => {
            let multiline = argv.iter().any(|a| a.render().contains('\n'))
                || stdin
                    .as_deref()
                    .is_some_and(|s| s.trim_end_matches('\n').contains('\n'));
            let item = |(i, a): (usize, &Text)| {
                if words.contains(&i) {
                    Yaml::Flow(vec![("words".into(), text(a))])
                } else {
                    text(a)
                }
            };
            let mut m = vec![(
                "argv".to_string(),
                Yaml::List(argv.iter().enumerate().map(item).collect()),
            )];
            if !env.is_empty() {
                m.push((
                    "env".into(),
                    Yaml::Flow(env.iter().map(|(k, v)| (k.clone(), text(v))).collect()),
                ));
            }
            if let Some(input) = stdin {
                // Written as `argv`'s text is: `${` in the input stays as written, unless the
                // input is marked as naming the suite's values ([`super::draft::LATE`]).
                let input = match input.strip_prefix(super::draft::LATE) {
                    Some(late) => late.to_string(),
                    None => Text::lit(input).render(),
                };
                m.push(("stdin".into(), Yaml::str(input)));
            }
            if *merge_stderr {
                m.push(("merge_stderr".into(), Yaml::Bool(true)));
            }
            if let Some(t) = timeout {
                m.push(("timeout".into(), Yaml::str(t)));
            }
            // A script's text reads best as a block; one-line commands fit on a line.
            if multiline {
                ("command".into(), Yaml::Map(m))
            } else {
                ("command".into(), Yaml::Flow(m))
            }
        }
        // `import_source` makes a whole script a command before it writes; as written here it
        // would still run the same text.
        Check::WholeScript { text: t } => (
            "command".into(),
            Yaml::Map(vec![("shell".to_string(), Yaml::str(t))]),
        ),
        Check::Shell { text: t, timeout } => {
            let mut m = vec![("shell".to_string(), Yaml::str(t))];
            if let Some(t) = timeout {
                m.push(("timeout".into(), Yaml::str(t)));
            }
            ("command".into(), Yaml::Map(m))
        }
        Check::Metrics { url, timeout, .. } => {
            let mut m = vec![("url".to_string(), text(url))];
            if let Some(t) = timeout {
                m.push(("timeout".into(), Yaml::str(t)));
            }
            ("metrics".into(), Yaml::Flow(m))
        }
        Check::AnyOf(alternatives) => {
            let items = alternatives
                .iter()
                .map(|a| {
                    let mut pairs = vec![check_yaml(&a.check, &a.env)];
                    if !a.expect.is_empty() {
                        pairs.push(("expect".into(), Yaml::Flow(a.expect.clone())));
                    }
                    Yaml::Map(pairs)
                })
                .collect();
            ("any_of".into(), Yaml::List(items))
        }
    }
}

/// The suite file for `drafts`, from `source` (the script's file name).
/// What a suite does with the script's arguments beyond those its probes read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RestArgs {
    /// Not taken: the script reads only `$1`… (or none).
    None,
    /// Passed on, all of them, to what is kept of the script (`${args}`).
    PassedOn,
    /// Taken after the positional ones and not used: what the script runs once its checks pass
    /// (`exec "$@"`, `eval $*`).
    HandedOver,
    /// Shifted away unread (`shift 2`, no `$1` after): taken, not used.
    Shifted,
}

/// The suite; `rest` declares what becomes of the script's own arguments, `positional` the
/// first N of them as `arg1`… (`${arg1}` in declarative probes), the first M of those
/// required.
pub fn suite(
    name: &str,
    source: &str,
    drafts: &[Draft],
    header: &str,
    rest: RestArgs,
    (positional, required): (usize, usize),
    options: &[super::draft::OptionArg],
) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "# {line}");
    }
    let _ = writeln!(out, "suite: {}", scalar(name));
    // Kept commands take every argument (`${args}`): none is split off for the probes.
    let options = if rest == RestArgs::PassedOn {
        &[]
    } else {
        options
    };
    let mut args = String::new();
    {
        let out = &mut args;
        for o in options {
            let flags: Vec<String> = o.flags.iter().map(|f| scalar(f)).collect();
            let mut fields = vec![format!("name: {}", o.name)];
            match flags.as_slice() {
                [] => {}
                [one] => fields.push(format!("option: {one}")),
                many => fields.push(format!("option: [{}]", many.join(", "))),
            }
            if o.switch {
                fields.push("switch: true".into());
            }
            if let Some(d) = &o.default {
                fields.push(format!("default: {}", scalar(d)));
            }
            let what = if o.flags.is_empty() {
                // `arg1` is the script's first argument.
                match o
                    .name
                    .strip_prefix("arg")
                    .and_then(|n| n.parse::<usize>().ok())
                {
                    Some(n) => format!("argument {n}"),
                    None => format!("`{}`", o.name),
                }
            } else {
                o.flags.join(" or ")
            };
            fields.push(format!(
                "help: {}",
                scalar(&format!("the script's {what} (line {})", o.line))
            ));
            let _ = writeln!(out, "  - {{{}}}", fields.join(", "));
        }
    }
    if rest != RestArgs::PassedOn {
        for n in 1..=positional {
            // One the script stops without is required: the suite refuses to run without it.
            let _ = if n <= required {
                writeln!(
                    args,
                    "  - {{name: {}, help: \"the script's ${n}, which it requires\"}}",
                    super::draft::positional_name(n)
                )
            } else {
                writeln!(
                    args,
                    "  - {{name: {}, default: \"\", help: \"the script's ${n}\"}}",
                    super::draft::positional_name(n)
                )
            };
        }
    }
    let help = match rest {
        RestArgs::None => None,
        RestArgs::PassedOn => {
            Some("the script's own arguments, passed on where the script passes them")
        }
        RestArgs::HandedOver => Some(
            "the script's own arguments, which it runs (`exec`, `eval`) once its checks pass: taken, not used",
        ),
        RestArgs::Shifted => {
            Some("the script's own arguments, which it shifts away unread: taken, not used")
        }
    };
    if let Some(help) = help {
        let _ = writeln!(
            args,
            "  - {{name: {}, rest: true, help: {}}}",
            super::fallback::ARGS,
            scalar(help)
        );
    }
    if !args.is_empty() {
        out.push_str("args:\n");
        out.push_str(&args);
    }
    out.push_str("probes:\n");
    for d in drafts {
        out.push('\n');
        let _ = writeln!(out, "  # {source}:{}", d.line);
        if let Some(reason) = &d.kept {
            let _ = writeln!(out, "  # kept as a command: {reason}");
        }
        let _ = writeln!(out, "  - name: {}", scalar(&d.name));
        let mut pairs: Vec<(String, Yaml)> = Vec::new();
        if let Some(items) = &d.for_each {
            // An item the script lists twice is the same check made twice: once in the suite,
            // whose probe names must differ.
            let mut seen = std::collections::HashSet::new();
            pairs.push((
                "for_each".into(),
                Yaml::List(
                    items
                        .iter()
                        .filter(|i| seen.insert(i.as_str()))
                        .map(Yaml::str)
                        .collect(),
                ),
            ));
        }
        if d.gate {
            pairs.push(("gate".into(), Yaml::Bool(true)));
        }
        if d.bypass {
            pairs.push(("bypass".into(), Yaml::Bool(true)));
        }
        if d.warning {
            pairs.push(("severity".into(), Yaml::str("warning")));
        }
        if !d.depends_on.is_empty() {
            pairs.push((
                "depends_on".into(),
                Yaml::List(d.depends_on.iter().map(Yaml::str).collect()),
            ));
        }
        pairs.push(check_yaml(&d.check, &d.env));
        if let Some((until, every)) = &d.wait {
            pairs.push((
                "wait".into(),
                Yaml::Flow(vec![
                    ("until".into(), Yaml::str(until)),
                    ("every".into(), Yaml::str(every)),
                ]),
            ));
        }
        if let Some(r) = d.retries {
            pairs.push(("retries".into(), Yaml::Int(i64::from(r))));
        }
        if let Some(count) = &d.attempts {
            pairs.push(("attempts".into(), Yaml::str(count.render())));
        }
        if let Some(delay) = &d.retry_delay {
            pairs.push(("retry_delay".into(), Yaml::str(delay)));
            // A script's loop sleeps the same time between attempts, as curl's `--retry-delay`.
            if d.retries.is_some() || d.attempts.is_some() {
                pairs.push(("retry_backoff".into(), Yaml::str("constant")));
            }
        }
        if !d.give_up.is_empty()
            && (d.wait.is_some() || d.retries.is_some() || d.attempts.is_some())
        {
            pairs.push((
                "give_up_on".into(),
                Yaml::List(d.give_up.names().map(Yaml::str).collect()),
            ));
        }
        if let Check::Metrics { rules, .. } = &d.check {
            let rules = rules
                .iter()
                .map(|(metric, value)| {
                    Yaml::Flow(vec![
                        ("metric".into(), Yaml::str(metric)),
                        ("value".into(), Yaml::str(value)),
                    ])
                })
                .collect();
            pairs.push(("expect".into(), Yaml::List(rules)));
        } else if !d.expect.is_empty() {
            pairs.push(("expect".into(), Yaml::Map(d.expect.clone())));
        }
        block(&mut out, 4, &pairs);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_with_a_carriage_return_is_never_a_literal_block() {
        // YAML turns a block's CR LF into LF: a CR LF script would then run as another one.
        assert!(blockable("echo a\necho b"));
        assert!(!blockable("echo a\r\necho b"));
        assert!(!blockable("echo a\necho b\r"));
    }

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(scalar("web-1"), "web-1");
        assert_eq!(scalar("http://h:8080/health"), "http://h:8080/health");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("200"), "\"200\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("${X:-1}"), "\"${X:-1}\"");
        assert_eq!(scalar("{{ x }}"), r#""{{ \"{\" }}{ x }}""#);
        assert_eq!(
            inert("{% endraw %}{{ 7 }}{% raw %}"),
            r#"{{ "{" }}% endraw %}{{ "{" }}{ 7 }}{{ "{" }}% raw %}"#
        );
        assert_eq!(scalar(&format!("web-{ITEM}")), "\"web-{{ item }}\"");
        assert_eq!(scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
        // Inside `[…]` a comma would split the item.
        assert_eq!(scalar("a,b"), "\"a,b\"");
        assert_eq!(scalar("http://h/x?y=1"), "\"http://h/x?y=1\"");
    }
}
