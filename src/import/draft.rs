//! What an importer found, before it becomes YAML: probes with their source line, and for each
//! one whether it is declarative or keeps script text as a command (and why).

use crate::suite::env::Trim;
use crate::suite::{EnvString, Piece as EnvPiece};

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
    /// The default is in probekit's form (`$${` for a literal `${`), so that it may name
    /// another variable (`${DB:-${USER}}`).
    Var(String, Option<String>),
    /// A file's content (`$(cat FILE)`): `${file:PATH:-}`, the path in probekit's form; empty
    /// when the file cannot be read, as `cat` leaves it.
    File(String),
    /// A variable with a matching start or end removed (`${HOSTS%%,*}`): the name, which
    /// part, the pattern and the default (used whole where the variable is unset or empty)
    /// as written.
    Trim(String, Trim, String, Option<String>),
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

    /// `host:port` as the suite writes an address: an IPv6 literal in brackets (`[::1]:6379`).
    pub fn address(host: Text, port: Text) -> Text {
        let mut a = match host.as_literal() {
            Some(h) if h.contains(':') && !h.starts_with('[') => Text::lit(format!("[{h}]")),
            _ => host,
        };
        a.push_lit(":");
        a.append(port);
        a.joined_halves()
    }

    /// This text with each [`half`] of a value followed by `:` and its other half written as
    /// the value itself (`$host:$port` from `host=${HP%:*}`, `port=${HP#*:}`: `${HP}`).
    pub fn joined_halves(self) -> Text {
        let mut out = Text::default();
        let mut rest = self.0.into_iter();
        while let Some(p) = rest.next() {
            if let Piece::Var(name, None) = &p
                && let Some((value, true, _)) = half_of(name)
            {
                let mut ahead = rest.clone();
                if let (Some(Piece::Lit(colon)), Some(Piece::Var(other, None))) =
                    (ahead.next(), ahead.next())
                    && colon == ":"
                    && let Some((v2, false, _)) = half_of(&other)
                    && v2 == value
                {
                    rest = ahead;
                    out.append(reparse(&value));
                    continue;
                }
            }
            out.append(Text(vec![p]));
        }
        out
    }

    /// Whether it is a count read when the script runs: one variable, an argument or the
    /// environment's (`"$TIMEOUT"` from `TIMEOUT=${WAIT_TIMEOUT:-30}`,
    /// `int(os.environ.get("TRIES", "5"))`), whose default, if any, is a whole number.
    pub fn is_count(&self) -> bool {
        matches!(self.0.as_slice(), [Piece::Var(_, default)] if default.as_deref().is_none_or(whole_number))
    }

    /// The text when it has no variables.
    pub fn as_literal(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Lit(s) => out.push_str(s),
                Piece::Var(..) | Piece::File(_) | Piece::Trim(..) => return None,
            }
        }
        Some(out)
    }

    /// This text with the start or end `pattern` matches removed, as `${VAR%%PATTERN}`
    /// removes it: written text cut now; one variable as the suite's removal, its default
    /// (written text) cut now too; `None` for anything else.
    pub fn removal(&self, trim: Trim, pattern: &str) -> Option<Text> {
        if let Some(v) = self.as_literal() {
            return Some(Text::lit(trim.apply(&v, pattern)));
        }
        let [Piece::Var(name, default)] = self.0.as_slice() else {
            return None;
        };
        let default = match default {
            None => None,
            Some(d) => Some(Text::lit(trim.apply(&reparse(d).as_literal()?, pattern)).render()),
        };
        Some(Text(vec![Piece::Trim(
            name.clone(),
            trim,
            pattern.to_string(),
            default,
        )]))
    }

    /// The same text as the suite model holds it.
    pub fn to_env(&self) -> EnvString {
        let pieces: Vec<EnvPiece> = self
            .0
            .iter()
            .map(|p| match p {
                Piece::Lit(s) => EnvPiece::Lit(s),
                Piece::Var(name, default) => EnvPiece::Var(name, default.as_deref()),
                Piece::File(path) => EnvPiece::File(path, Some("")),
                Piece::Trim(name, trim, pattern, default) => {
                    EnvPiece::Trim(name, *trim, pattern, default.as_deref())
                }
            })
            .collect();
        EnvString::from_pieces(&pieces)
    }

    /// probekit's form (`${NAME}`, `${NAME:-default}`, a literal `${` as `$${`), written by the
    /// suite model itself so that the loader reads back exactly these pieces.
    pub fn render(&self) -> String {
        self.to_env().to_string()
    }

    /// For naming a probe: variables by their defaults, else their names.
    pub fn for_name(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Piece::Lit(s) => s.clone(),
                Piece::Var(_, Some(d)) if !d.is_empty() => d.clone(),
                Piece::Var(name, _) | Piece::Trim(name, ..) => name.to_ascii_lowercase(),
                Piece::File(_) => "file".into(),
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
    /// JSON's `null` (`not_equals: null`).
    Null,
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
        /// The client's own limit on redirects followed, where it is not the probe's 10
        /// (curl's 50, requests' 30, wget's and httpx's 20).
        max_redirects: Option<u32>,
        /// Basic credentials (user, password) for a URL that cannot carry them (`curl -u
        /// user:pass "$URL"`).
        basic_auth: Option<(Text, Text)>,
    },
    Tcp {
        address: Text,
        timeout: Option<String>,
        /// Written after connecting (`echo ruok | nc host 2181`).
        send: Option<String>,
    },
    Command {
        argv: Vec<Text>,
        timeout: Option<String>,
        /// Written to its input (`echo 'SELECT 1' | psql`).
        stdin: Option<String>,
        /// `cmd 2>&1`: standard error joins standard output.
        merge_stderr: bool,
        /// The items of `argv` that are unquoted values the shell splits into words (`psql
        /// $DB_URL`): written `{words: "${DB_URL}"}`.
        words: Vec<usize>,
    },
    /// A fragment of a shell script, with the assignments and functions it reads: `super`
    /// runs it with the script's own shell, its name as `$0` and its arguments.
    Shell {
        text: String,
        timeout: Option<String>,
    },
    Metrics {
        url: Text,
        timeout: Option<String>,
        rules: Vec<(String, String)>,
    },
    /// A database server asked in its own protocol (`pg_isready -h db`, `redis-cli ping`,
    /// `mysqladmin -h db ping`): `engine` is `redis`, `postgres` or `mysql`.
    Database {
        engine: &'static str,
        address: Text,
        /// Logs in (`psycopg2.connect(user=…)`); without it, only asks whether the server
        /// accepts connections.
        user: Option<Text>,
        password: Option<Text>,
        database: Option<Text>,
        timeout: Option<String>,
        /// TLS where the server offers it, as mysql-connector-python connects.
        tls_prefer: bool,
    },
    /// ICMP echoes (`ping -c N HOST`): `timeout` covers the sending and the last reply.
    Icmp {
        host: Text,
        count: u32,
        interval: Option<String>,
        size: Option<u32>,
        ip: Option<&'static str>,
        timeout: String,
    },
    /// A path on the machine (`os.path.exists(p)`, `Path(p).stat().st_mtime`): its existence,
    /// type and age are expectations.
    File { path: Text },
    /// A fact of the machine with nothing to name (`memory`, `load`): its measures are
    /// expectations.
    Host { kind: &'static str },
    /// The process whose id a file holds (`kill -0 $(cat /run/app.pid)`): it runs.
    Process { pidfile: Text },
    /// The filesystem holding a path (`df -P /var | awk 'NR==2 {print $5}'`): its use and free
    /// space are expectations.
    Disk { path: Text },
    /// The whole script (secrets already moved to `${VAR}`), run as it was: [`super::fallback`]
    /// makes it a command once the script's path and interpreter are known.
    WholeScript { text: String },
    /// Passes when one of these passes (`nc -z 127.0.0.1 P || nc -z ::1 P`): each a
    /// declarative check with its own expectations.
    AnyOf(Vec<Draft>),
}

impl Check {
    /// The expectation that reads what the check returns: a command's `stdout`, a response
    /// `body`, a TCP `response`, a database `result`.
    pub fn output_key(&self) -> &'static str {
        match self {
            Check::Command { .. } | Check::Shell { .. } | Check::WholeScript { .. } => "stdout",
            Check::Tcp { .. } => "response",
            Check::Database { .. } => "result",
            // Echoes have no text; nothing reads it (only statuses are mapped).
            Check::Icmp { .. }
            | Check::File { .. }
            | Check::Disk { .. }
            | Check::Process { .. }
            | Check::Host { .. } => "stdout",
            Check::Http { .. } | Check::Metrics { .. } | Check::AnyOf(_) => "body",
        }
    }
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
    /// `attempts: "${…}"`: a count the script reads when it runs (`seq 1 "$TIMEOUT"`).
    /// Excludes `retries` and `wait`.
    pub attempts: Option<Text>,
    pub retry_delay: Option<String>,
    /// Tried every `.1` until it passes or `.0` has passed (`wait: {until, every}`): a loop
    /// that waits for its check until a deadline, or without end. Excludes `retries`.
    pub wait: Option<(String, String)>,
    /// Expanded over these values as `{{ item }}`.
    pub for_each: Option<Vec<String>>,
    /// Why the probe keeps script text instead of a declarative check.
    pub kept: Option<String>,
    /// A command's environment beyond probekit's own: what the script exported or set before
    /// the command (`PGPASSWORD=… psql`).
    pub env: Vec<(String, Text)>,
    /// A gate: the script passes when it fails (`nc -z up || exit 0`).
    pub gate: bool,
    /// A bypass: the script passes when it passes, before the checks that depend on it
    /// (`if curl -fs "$PRIMARY"; then exit 0; fi`).
    pub bypass: bool,
    /// Probes that must pass (or be a closed gate) first.
    pub depends_on: Vec<String>,
    /// Other lines of the script this probe does (`echo … >&3`, `grep … <&3`): the report
    /// counts them as converted.
    pub also: Vec<usize>,
    /// Its failure only warns (`severity: warning`): the script catches it, reports it and goes
    /// on (`try: requests.get(…) except RequestException: print(…)`).
    pub warning: bool,
    /// The failures after the request is sent that no handler of the script takes, which end
    /// its retry loop (`give_up_on`, written where the probe is tried again).
    pub give_up: crate::suite::GiveUp,
}

impl Draft {
    pub fn new(name: impl Into<String>, line: usize, check: Check) -> Draft {
        Draft {
            name: name.into(),
            line,
            check,
            expect: Vec::new(),
            retries: None,
            attempts: None,
            retry_delay: None,
            wait: None,
            for_each: None,
            kept: None,
            env: Vec::new(),
            gate: false,
            bypass: false,
            depends_on: Vec::new(),
            also: Vec::new(),
            warning: false,
            give_up: crate::suite::GiveUp::default(),
        }
    }

    /// Whether the two are tried, ordered and weighed alike: the same retries, attempts,
    /// delays and wait, the same `for_each`, gate, bypass, severity and dependencies (what
    /// tells `curl --retry 5 URL` from `curl URL`, beside the check itself).
    pub fn tried_alike(&self, other: &Draft) -> bool {
        self.retries == other.retries
            && self.attempts == other.attempts
            && self.retry_delay == other.retry_delay
            && self.wait == other.wait
            && self.for_each == other.for_each
            && self.kept == other.kept
            && self.gate == other.gate
            && self.bypass == other.bypass
            && self.warning == other.warning
            && self.depends_on == other.depends_on
            && self.give_up == other.give_up
    }

    /// Whether the script may spend a while on it before going on: it waits, tries again, or
    /// is script text that sleeps (a loop kept as it is).
    pub fn takes_its_time(&self) -> bool {
        let sleeps = |t: &str| {
            t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .any(|w| w == "sleep" || w == "time.sleep")
        };
        self.wait.is_some()
            || self.retries.is_some_and(|r| r > 0)
            || self.attempts.is_some()
            || match &self.check {
                Check::Shell { text, .. } | Check::WholeScript { text } => sleeps(text),
                Check::Command { argv, .. } => argv.iter().any(|a| sleeps(&a.render())),
                _ => false,
            }
    }

    /// Tried `tries` times `every` seconds apart: `retries`, or, for more tries than a probe's
    /// retries take (a wait of minutes), the same wait as a time (`wait: {until: 300s, every:
    /// 1s}` for 300 tries a second apart). False where neither says it (no try, or too many
    /// made at once).
    pub fn tried(&mut self, tries: i64, every: f64) -> bool {
        let every_text = super::naming::seconds(&every.to_string());
        match u32::try_from(tries - 1) {
            Ok(retries) if retries <= crate::suite::MAX_RETRIES => {
                self.retries = Some(retries);
                self.retry_delay = Some(every_text);
                true
            }
            Ok(_) if every > 0.0 => {
                let until = every * tries as f64;
                self.wait = Some((super::naming::seconds(&until.to_string()), every_text));
                true
            }
            _ => false,
        }
    }

    pub fn is_declarative(&self) -> bool {
        self.kept.is_none()
    }

    /// Whether any text of the probe reads `${name}`.
    pub fn reads_var(&self, name: &str) -> bool {
        self.reads_var_where(&|v, _| v == name)
    }

    /// The variables a text of the probe reads without a default (`${REDIS_HOST}`), which an
    /// unset variable makes an error of.
    pub fn vars_without_default(&self) -> Vec<String> {
        let found = std::cell::RefCell::new(Vec::new());
        self.reads_var_where(&|v, default| {
            if !default {
                found.borrow_mut().push(v.to_string());
            }
            false
        });
        found.into_inner()
    }

    /// Whether a [`half`] of a value is left in it: text the suite cannot write.
    pub fn has_half(&self) -> bool {
        self.reads_var_where(&|v, _| half_of(v).is_some())
    }

    /// Whether any text of the probe reads a variable `named` accepts (its name, and whether
    /// it has a default).
    pub fn reads_var_where(&self, named: &dyn Fn(&str, bool) -> bool) -> bool {
        if let Check::AnyOf(alternatives) = &self.check
            && alternatives.iter().any(|a| a.reads_var_where(named))
        {
            return true;
        }
        self.own_texts().iter().any(|t| {
            t.0.iter().any(|p| match p {
                Piece::Var(v, d) | Piece::Trim(v, _, _, d) => {
                    named(v, d.is_some()) || d.as_deref().is_some_and(|d| default_reads(d, named))
                }
                _ => false,
            })
        }) || self.expect.iter().any(|(_, y)| y.reads_var_where(named))
    }

    /// Whether the probe gives the same answer in any directory: it asks the network, the
    /// machine, or a path from the root; never a command, whose program or files may be
    /// relative.
    pub fn reads_no_directory(&self) -> bool {
        if self.reads_relative_file() {
            return false;
        }
        let absolute = |t: &Text| t.as_literal().is_some_and(|p| p.starts_with('/'));
        match &self.check {
            Check::Http { .. }
            | Check::Tcp { .. }
            | Check::Metrics { .. }
            | Check::Database { .. }
            | Check::Icmp { .. }
            | Check::Host { .. } => true,
            Check::File { path } | Check::Disk { path } => absolute(path),
            Check::Process { pidfile } => absolute(pidfile),
            Check::AnyOf(ds) => ds.iter().all(Draft::reads_no_directory),
            Check::Command { .. } | Check::Shell { .. } | Check::WholeScript { .. } => false,
        }
    }

    /// Whether a text of the probe (its alternatives' too) reads a file by a relative path
    /// (`${file:token.txt:-}`, from `$(cat token.txt)`), which depends on the directory the
    /// probe runs in.
    pub fn reads_relative_file(&self) -> bool {
        if let Check::AnyOf(alternatives) = &self.check
            && alternatives.iter().any(Draft::reads_relative_file)
        {
            return true;
        }
        self.own_texts().iter().any(|t| {
            t.0.iter().any(|p| match p {
                Piece::File(path) => !path.starts_with('/'),
                Piece::Var(_, Some(d)) | Piece::Trim(_, _, _, Some(d)) => relative_file_in(d),
                _ => false,
            })
        }) || self
            .expect
            .iter()
            .any(|(_, y)| y.any_str(&relative_file_in))
    }

    /// The texts of the probe itself (not of its alternatives): its request or command, its
    /// environment, attempts and wait.
    fn own_texts(&self) -> Vec<Text> {
        let mut texts: Vec<&Text> = self.env.iter().map(|(_, v)| v).collect();
        match &self.check {
            Check::Http {
                url,
                headers,
                body,
                basic_auth,
                ..
            } => {
                texts.push(url);
                texts.extend(headers.iter().map(|(_, v)| v));
                texts.extend(body);
                if let Some((u, p)) = basic_auth {
                    texts.extend([u, p]);
                }
            }
            Check::Tcp { address, .. } => texts.push(address),
            Check::Icmp { host, .. } => texts.push(host),
            Check::File { path } | Check::Disk { path } | Check::Process { pidfile: path } => {
                texts.push(path)
            }
            Check::Database {
                address,
                user,
                password,
                database,
                ..
            } => {
                texts.push(address);
                texts.extend(user);
                texts.extend(password);
                texts.extend(database);
            }
            Check::Command { argv, .. } => texts.extend(argv),
            Check::Metrics { url, .. } => texts.push(url),
            Check::Shell { .. }
            | Check::WholeScript { .. }
            | Check::Host { .. }
            | Check::AnyOf(_) => {}
        }
        texts.extend(&self.attempts);
        let mut owned: Vec<Text> = texts.into_iter().cloned().collect();
        owned.extend(
            self.wait
                .iter()
                .flat_map(|(until, every)| [reparse(until), reparse(every)]),
        );
        owned
    }
}

/// Whether text in probekit's form reads a file by a relative path (`${file:token.txt:-}`),
/// in a default too.
fn relative_file_in(text: &str) -> bool {
    EnvString::parse(text).is_ok_and(|e| {
        e.pieces().iter().any(|p| match p {
            EnvPiece::File(path, d) => !path.starts_with('/') || d.is_some_and(relative_file_in),
            EnvPiece::Var(_, d) | EnvPiece::Trim(_, _, _, d) => d.is_some_and(relative_file_in),
            EnvPiece::Lit(_) => false,
        })
    })
}

/// Whether a default in probekit's form reads a variable `named` accepts
/// (`${DATABASE_URL:-postgresql://${DB_USER:-app}@db/app}` reads `DB_USER`).
fn default_reads(default: &str, named: &dyn Fn(&str, bool) -> bool) -> bool {
    EnvString::parse(default).is_ok_and(|e| {
        e.pieces().iter().any(|p| match p {
            EnvPiece::Var(v, d) | EnvPiece::Trim(v, _, _, d) => {
                named(v, d.is_some()) || d.is_some_and(|d| default_reads(d, named))
            }
            _ => false,
        })
    })
}

/// Marks an expectation that names a suite argument (`status: "${expected}"`) among those a
/// reader writes from literals: [`literal_expectations`] takes the mark off and leaves it be.
pub const LATE: &str = "\u{3}";

/// A draft whose expectations hold only literal text: each `${` in them written `$${`, so that
/// the suite does not read it as a reference (its alternatives' too), except where marked
/// [`LATE`].
pub fn literal_expectations(d: &mut Draft) {
    fn escape(y: &mut Yaml) {
        match y {
            Yaml::Str(s) if s.starts_with(LATE) => *s = s[LATE.len()..].to_string(),
            Yaml::Str(s) if s.contains("${") => *s = s.replace("${", "$${"),
            Yaml::List(items) => items.iter_mut().for_each(escape),
            Yaml::Flow(entries) | Yaml::Map(entries) => {
                entries.iter_mut().for_each(|(_, v)| escape(v))
            }
            _ => {}
        }
    }
    d.expect.iter_mut().for_each(|(_, y)| escape(y));
    if let Check::AnyOf(alternatives) = &mut d.check {
        alternatives.iter_mut().for_each(literal_expectations);
    }
}

impl Yaml {
    /// Whether a string in it names `${name}` (an expectation the suite reads when the probe
    /// runs).
    fn reads_var_where(&self, named: &dyn Fn(&str, bool) -> bool) -> bool {
        self.any_str(&|s| {
            // A half's name is no variable the suite's syntax takes: looked for as written.
            if let Some(at) = s.find(HALF) {
                return named(&s[at..], true);
            }
            EnvString::parse(s).is_ok_and(|e| {
                e.pieces().iter().any(|p| match p {
                    EnvPiece::Var(v, d) | EnvPiece::Trim(v, _, _, d) => named(v, d.is_some()),
                    _ => false,
                })
            })
        })
    }

    /// Whether a string in it (a value, not a key) is one `test` accepts.
    fn any_str(&self, test: &dyn Fn(&str) -> bool) -> bool {
        match self {
            Yaml::Str(s) => test(s),
            Yaml::Int(_) | Yaml::Bool(_) | Yaml::Null => false,
            Yaml::List(items) => items.iter().any(|y| y.any_str(test)),
            Yaml::Flow(entries) | Yaml::Map(entries) => {
                entries.iter().any(|(_, y)| y.any_str(test))
            }
        }
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
    /// The script's positional arguments the probes read, as suite arguments `arg1`…`argN`
    /// (empty when not given, as `$1` is).
    pub positional: usize,
    /// How many positional arguments the script stops without (`[ $# -lt 2 ] && { usage;
    /// exit 3; }`): those are required suite arguments.
    pub required_positional: usize,
    /// The script hands its arguments to what it starts after its checks (`exec "$@"`): the
    /// suite takes them and does not use them.
    pub ignores_args: bool,
    /// The options the script reads (`getopts "H:p:"`, `case "$1" in -H) …`), as suite
    /// arguments.
    pub options: Vec<OptionArg>,
    /// The credentials written in the script that the suite takes from the environment:
    /// masked wherever the import quotes the script (what it did not convert).
    pub secrets: Vec<String>,
}

/// An argument a script takes, as the suite argument that replaces it: an option (`-H HOST`,
/// `--ssl`) or, without flags, a positional one.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionArg {
    pub name: String,
    /// Empty for a positional argument.
    pub flags: Vec<String>,
    /// `None`: the caller must give it.
    pub default: Option<String>,
    /// Takes no value (`store_true`).
    pub switch: bool,
    pub line: usize,
}

/// The seconds a command run under coreutils' `timeout [-k K] [-s SIG] … DURATION CMD…` may
/// take: its duration and the time it allows after the signal, and whether the caller gives
/// the duration (`${WAIT:-90}`, which counts as its default; none without one).
pub fn wrapped_timeout(argv: &[Text]) -> Option<(f64, bool)> {
    fn duration(s: &str) -> Option<f64> {
        let (number, scale) = match s.char_indices().last()? {
            (i, 's') => (&s[..i], 1.0),
            (i, 'm') => (&s[..i], 60.0),
            (i, 'h') => (&s[..i], 3600.0),
            (i, 'd') => (&s[..i], 86_400.0),
            _ => (s, 1.0),
        };
        let n: f64 = number.parse().ok()?;
        (n.is_finite() && n >= 0.0).then_some(n * scale)
    }
    let word = |t: &Text| -> Option<String> {
        match t.0.as_slice() {
            [Piece::Var(_, Some(default))] => Some(default.clone()),
            _ => t.as_literal(),
        }
    };
    if argv.first()?.as_literal()?.rsplit('/').next()? != "timeout" {
        return None;
    }
    let mut at = 1;
    let mut grace = 0.0;
    while let Some(w) = argv.get(at)?.as_literal() {
        match w.as_str() {
            "-k" | "--kill-after" => {
                grace = duration(&word(argv.get(at + 1)?)?)?;
                at += 2;
            }
            "-s" | "--signal" => at += 2,
            "--preserve-status" | "--foreground" | "-v" | "--verbose" => at += 1,
            "--" => {
                at += 1;
                break;
            }
            _ if w.starts_with("--kill-after=") => {
                grace = duration(&w["--kill-after=".len()..])?;
                at += 1;
            }
            _ if w.starts_with("-k") && w.len() > 2 => {
                grace = duration(&w[2..])?;
                at += 1;
            }
            _ if w.starts_with("--signal=") || (w.starts_with("-s") && w.len() > 2) => at += 1,
            _ if w.starts_with('-')
                && w.len() > 1
                && !w[1..].starts_with(|c: char| c.is_ascii_digit()) =>
            {
                return None;
            }
            _ => break,
        }
    }
    let given = argv.get(at)?;
    Some((
        duration(&word(given)?)? + grace,
        given.as_literal().is_none(),
    ))
}

/// The suite argument that stands for the script's `$n`.
pub fn positional_name(n: usize) -> String {
    format!("arg{n}")
}

/// Marks a half of a `host:port` value the script reads when it runs (`${HP%:*}`,
/// `${HP#*:}`): a variable no suite can name, which [`Text::joined_halves`] writes as the
/// value itself where the two halves stand joined by `:`, and which otherwise stops the
/// conversion ([`Draft::has_half`]). `last`: split at the last colon (`%:*`, `##*:`), else at
/// the first.
pub fn half(value: &Text, head: bool, last: bool) -> Text {
    let name = format!(
        "{HALF}{}{}{}",
        if head { 'h' } else { 't' },
        if last { 'l' } else { 'f' },
        value.render()
    );
    Text(vec![Piece::Var(name, None)])
}

const HALF: &str = "\u{1}half:";

/// Digits only, at least one: a whole number as `seq`, `sleep` and `range()` take it.
pub fn whole_number(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// A [`half`]'s value (in probekit's form), whether it is the head, and where it splits.
pub fn half_of(name: &str) -> Option<(String, bool, bool)> {
    let rest = name.strip_prefix(HALF)?;
    let mut chars = rest.chars();
    let head = chars.next()? == 'h';
    let last = chars.next()? == 'l';
    Some((chars.as_str().to_string(), head, last))
}

/// Text with `${…}` pieces, from probekit's own form, read as the loader reads it; text that
/// is not valid in that form stays literal.
pub fn reparse(s: &str) -> Text {
    match EnvString::parse(s) {
        Ok(env) => Text(
            env.pieces()
                .into_iter()
                .map(|p| match p {
                    EnvPiece::Lit(s) => Piece::Lit(s.to_string()),
                    EnvPiece::Var(name, default) => {
                        Piece::Var(name.to_string(), default.map(str::to_string))
                    }
                    EnvPiece::File(path, _) => Piece::File(path.to_string()),
                    EnvPiece::Trim(name, trim, pattern, default) => Piece::Trim(
                        name.to_string(),
                        trim,
                        pattern.to_string(),
                        default.map(str::to_string),
                    ),
                })
                .collect(),
        ),
        Err(_) => Text::lit(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_under_timeout_may_take_its_duration() {
        let argv = |words: &[&str]| -> Vec<Text> {
            words
                .iter()
                .map(|w| match w.strip_prefix('$') {
                    Some(v) => Text(vec![Piece::Var(v.into(), Some("90".into()))]),
                    None => Text::lit(*w),
                })
                .collect()
        };
        assert_eq!(
            wrapped_timeout(&argv(&["timeout", "90", "sh"])),
            Some((90.0, false))
        );
        assert_eq!(
            wrapped_timeout(&argv(&["timeout", "1.5m", "sh"])),
            Some((90.0, false))
        );
        assert_eq!(
            wrapped_timeout(&argv(&[
                "/usr/bin/timeout",
                "-k",
                "5",
                "-s",
                "KILL",
                "10s",
                "sh"
            ])),
            Some((15.0, false))
        );
        assert_eq!(
            wrapped_timeout(&argv(&["timeout", "--kill-after=2", "$W", "sh"])),
            Some((92.0, true))
        );
        assert_eq!(wrapped_timeout(&argv(&["timeout", "-x", "10", "sh"])), None);
        assert_eq!(wrapped_timeout(&argv(&["sleep", "10"])), None);
    }
}
