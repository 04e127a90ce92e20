//! What an importer found, before it becomes YAML: probes with their source line, and for each
//! one whether it is declarative or keeps script text as a command (and why).

use std::fmt::Write as _;

/// Stands for `{{ item }}` (a `for_each` probe's item) inside drafts, so that it stays a
/// template while any `{{` from a script is written literally.
pub const ITEM: &str = "\u{1}item\u{1}";

/// A string that may hold `${VAR}` references (probekit's syntax), built from pieces so that
/// literal text is escaped exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text(pub Vec<Piece>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    /// An environment variable and its default (`${NAME:-default}`); `None` has no default.
    Var(String, Option<String>),
}

impl Text {
    pub fn lit(s: impl Into<String>) -> Text {
        Text(vec![Piece::Lit(s.into())])
    }

    pub fn push_lit(&mut self, s: &str) {
        if let Some(Piece::Lit(last)) = self.0.last_mut() {
            last.push_str(s);
        } else {
            self.0.push(Piece::Lit(s.to_string()));
        }
    }

    pub fn append(&mut self, other: Text) {
        for p in other.0 {
            match p {
                Piece::Lit(s) => self.push_lit(&s),
                v => self.0.push(v),
            }
        }
    }

    /// The text when it has no variables.
    pub fn as_literal(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Lit(s) => out.push_str(s),
                Piece::Var(..) => return None,
            }
        }
        Some(out)
    }

    /// probekit's form: `${NAME}` / `${NAME:-default}`, literal `${` written `$${`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Lit(s) => out.push_str(&s.replace("${", "$${")),
                Piece::Var(name, None) => {
                    let _ = write!(out, "${{{name}}}");
                }
                Piece::Var(name, Some(d)) => {
                    let _ = write!(out, "${{{name}:-{d}}}");
                }
            }
        }
        out
    }

    /// For naming a probe: variables by their defaults, else their names.
    pub fn for_name(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Piece::Lit(s) => s.clone(),
                Piece::Var(_, Some(d)) if !d.is_empty() => d.clone(),
                Piece::Var(name, _) => name.to_ascii_lowercase(),
            })
            .collect()
    }

    /// The literal prefix (for telling `http://` from `https://`).
    pub fn literal_prefix(&self) -> String {
        match self.0.first() {
            Some(Piece::Lit(s)) => s.clone(),
            Some(Piece::Var(_, Some(d))) => d.clone(),
            _ => String::new(),
        }
    }
}

/// A YAML value, emitted by [`super::emit`].
#[derive(Clone, Debug, PartialEq)]
pub enum Yaml {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<Yaml>),
    /// Written on one line (`{a: 1, b: 2}`).
    Flow(Vec<(String, Yaml)>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    pub fn str(s: impl Into<String>) -> Yaml {
        Yaml::Str(s.into())
    }

    /// Status classes as an expectation: `statuses(&["2xx", "3xx"])`.
    pub fn statuses(classes: &[&str]) -> Yaml {
        Yaml::List(classes.iter().map(|c| Yaml::str(*c)).collect())
    }
}

/// Every status: a client that only fails when there is no response.
pub const ANY_STATUS: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];
/// Below 400: what `curl -f`, `raise_for_status()` and `urlopen` accept without redirects.
pub const BELOW_400: [&str; 2] = ["2xx", "3xx"];

#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    Http {
        url: Text,
        method: Option<String>,
        headers: Vec<(String, Text)>,
        body: Option<Text>,
        timeout: Option<String>,
        connect_timeout: Option<String>,
        insecure: bool,
        ca_file: Option<String>,
        follow_redirects: bool,
    },
    Tcp {
        address: Text,
        timeout: Option<String>,
    },
    Command {
        argv: Vec<Text>,
        timeout: Option<String>,
    },
    Shell {
        text: String,
        timeout: Option<String>,
    },
    Metrics {
        url: Text,
        timeout: Option<String>,
        rules: Vec<(String, String)>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub name: String,
    /// 1-based line in the script.
    pub line: usize,
    pub check: Check,
    /// Expectation keys in the order they are written.
    pub expect: Vec<(String, Yaml)>,
    pub retries: Option<u32>,
    pub retry_delay: Option<String>,
    /// Expanded over these values as `{{ item }}`.
    pub for_each: Option<Vec<String>>,
    /// Why the probe keeps script text instead of a declarative check.
    pub kept: Option<String>,
}

impl Draft {
    pub fn new(name: impl Into<String>, line: usize, check: Check) -> Draft {
        Draft {
            name: name.into(),
            line,
            check,
            expect: Vec::new(),
            retries: None,
            retry_delay: None,
            for_each: None,
            kept: None,
        }
    }

    pub fn is_declarative(&self) -> bool {
        self.kept.is_none()
    }
}

/// A warning for the operator (a secret replaced by `${VAR}`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// Everything an importer produced from one script.
#[derive(Clone, Debug, Default)]
pub struct Findings {
    pub drafts: Vec<Draft>,
    pub warnings: Vec<Warning>,
    /// Recognised as a Nagios plugin (exit 0/1/2/3 with a status line).
    pub nagios_plugin: bool,
}

/// Text with `${…}` pieces, from probekit's own form.
pub fn reparse(s: &str) -> Text {
    let mut out = Text::default();
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_lit(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            out.push_lit(&rest[start..]);
            return out;
        };
        let inner = &rest[start + 2..start + end];
        let (name, default) = match inner.split_once(":-") {
            Some((n, d)) => (n.to_string(), Some(d.to_string())),
            None => (inner.to_string(), None),
        };
        out.0.push(Piece::Var(name, default));
        rest = &rest[start + end + 1..];
    }
    out.push_lit(rest);
    out
}

/// A probe name from a URL: the host when it is a name, and the last two path segments.
pub fn http_name(url: &Text) -> String {
    let rendered = url.for_name();
    let after = rendered
        .split_once("://")
        .map_or(rendered.as_str(), |(_, r)| r);
    let after = after.rsplit_once('@').map_or(after, |(_, h)| h);
    let (host, path) = after.split_once('/').unwrap_or((after, ""));
    let host = host.split(':').next().unwrap_or(host);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let tail = super::shell::slug(&segments[segments.len().saturating_sub(2)..].join("-"));
    let host = if host.contains(ITEM) {
        ITEM.to_string()
    } else if host.is_empty() || host == "localhost" || host.parse::<std::net::IpAddr>().is_ok() {
        String::new()
    } else {
        super::shell::slug(host)
    };
    match (host.is_empty(), tail.is_empty()) {
        (true, true) => "http".into(),
        (true, false) => tail,
        (false, true) => host,
        (false, false) => format!("{host}-{tail}"),
    }
}

/// `base`, or `base-2`, `base-3`… when `names` has it already; recorded in `names`.
pub fn unique_name(names: &mut std::collections::BTreeSet<String>, base: &str) -> String {
    let base = if base.is_empty() { "check" } else { base };
    let mut name = base.to_string();
    let mut n = 2;
    while names.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    names.insert(name.clone());
    name
}

/// The environment variable that replaces a credential named `name` (a header, a user).
pub fn credential_var(name: &str) -> String {
    super::shell::slug(name).replace('-', "_").to_uppercase()
}

/// The variable for `user`'s password.
pub fn password_var(user: &str) -> String {
    format!("{}_PASSWORD", credential_var(user))
}

/// A credential header's value: the secret in it (after a `Bearer`, `Basic` or `Token`
/// scheme) and the value with the secret replaced by `${var}`, the scheme kept.
pub fn credential<'v>(value: &'v str, var: &str) -> (&'v str, Text) {
    let replaced = |scheme: Option<&str>| {
        let mut t = Text::default();
        if let Some(s) = scheme {
            t.push_lit(&format!("{s} "));
        }
        t.0.push(Piece::Var(var.to_string(), None));
        t
    };
    match value.split_once(' ') {
        Some((scheme, secret))
            if matches!(
                scheme.to_ascii_lowercase().as_str(),
                "bearer" | "basic" | "token"
            ) =>
        {
            (secret, replaced(Some(scheme)))
        }
        _ => (value, replaced(None)),
    }
}
