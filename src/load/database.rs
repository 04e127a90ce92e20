//! Loading `redis:`, `postgres:`, `mysql:` and `mongo:` probes, and what their expectations need of them.

use super::diagnostic::{Diagnostic, Span};
use super::loader::{Defaults, Loader};
use super::yaml::Node;
use crate::expect::Expect;
use crate::suite::*;

pub(super) const DATABASE_FIELDS: &[&str] = &[
    "address",
    "user",
    "password",
    "database",
    "query",
    "timeout",
    "tls",
    "insecure",
    "ca_file",
    "server_name",
    "client_cert",
    "client_key",
    "max_response",
    "ip",
];

/// Largest result a suite may ask to keep.
const MAX_RESULT_LIMIT: u64 = 1 << 30;

pub(super) fn engine_of(kind: CheckKind) -> Option<DbEngine> {
    match kind {
        CheckKind::Redis => Some(DbEngine::Redis),
        CheckKind::Postgres => Some(DbEngine::Postgres),
        CheckKind::Mysql => Some(DbEngine::Mysql),
        CheckKind::Mongo => Some(DbEngine::Mongo),
        _ => None,
    }
}

impl Loader {
    pub(super) fn database(
        &mut self,
        engine: DbEngine,
        node: &Node,
        defaults: &Defaults,
    ) -> Option<DatabaseCheck> {
        let name = engine.as_str();
        let mut check = DatabaseCheck {
            engine,
            address: EnvString::literal(""),
            user: None,
            password: None,
            database: None,
            query: None,
            tls: None,
            tls_prefer: false,
            timeout: defaults.timeout,
            ip: IpVersion::Any,
            max_response: DEFAULT_MAX_RESPONSE,
        };
        if node.scalar().is_some() {
            check.address = self.database_address(node, engine)?;
            return Some(check);
        }
        let mut f = self.fields(node, format!("`{name}`"), DATABASE_FIELDS)?;
        let address = match f.get("address") {
            Some(n) => self.database_address(n, engine),
            None => {
                self.error(
                    node.span,
                    format!(
                        "a {name} probe needs an `address` such as `127.0.0.1:{}`",
                        engine.default_port()
                    ),
                );
                None
            }
        };
        let mut ok = true;
        for (key, slot) in [
            ("user", &mut check.user),
            ("password", &mut check.password),
            ("database", &mut check.database),
            ("query", &mut check.query),
        ] {
            ok &= self.read_into(&mut f, key, slot, |l, n| l.env_string(n).map(Some));
        }
        ok &= self.read_into(&mut f, "timeout", &mut check.timeout, |l, n| l.timeout(n));
        ok &= self.read_into(&mut f, "ip", &mut check.ip, |l, n| l.ip_version(n));
        ok &= self.read_into(&mut f, "max_response", &mut check.max_response, |l, n| {
            l.size(n, MAX_RESULT_LIMIT)
        });
        // `tls: prefer`: what libpq and mysql-connector do unless told otherwise.
        let prefer = f
            .peek("tls")
            .and_then(|n| n.scalar())
            .is_some_and(|t| t.text == "prefer");
        if prefer {
            let n = f.get("tls").expect("peeked");
            if matches!(engine, DbEngine::Redis | DbEngine::Mongo) {
                self.error(
                    n.span,
                    format!("{name} has no TLS to prefer: its TLS starts with the connection (`tls: true`)"),
                );
                ok = false;
            }
            for key in [
                "insecure",
                "ca_file",
                "server_name",
                "client_cert",
                "client_key",
            ] {
                if let Some(k) = f.get(key) {
                    self.error(
                        k.span,
                        format!("`{key}` applies only with `tls: true` (`prefer` verifies nothing, as libpq's `sslmode=prefer`)"),
                    );
                    ok = false;
                }
            }
            check.tls = Some(TlsOptions {
                insecure: true,
                ..Default::default()
            });
            check.tls_prefer = true;
        } else {
            check.tls = self.optional_tls(&mut f, node.span);
        }
        if let Some(a) = &address {
            check.address = a.clone();
        }
        self.database_rules(engine, &f, node.span, &check);
        f.finish(self, |key| {
            (key == "username").then(|| "the login name is `user`".to_string())
        });
        check.address = address?;
        ok.then_some(check)
    }

    /// What each engine needs of the settings together.
    fn database_rules(
        &mut self,
        engine: DbEngine,
        f: &super::loader::Fields<'_>,
        span: Span,
        check: &DatabaseCheck,
    ) {
        let at = |key: &str| f.key_span(key).unwrap_or(span);
        match engine {
            DbEngine::Redis => {
                if check.user.is_some() && check.password.is_none() {
                    self.error(
                        at("user"),
                        "a redis `user` logs in with a `password`; add one",
                    );
                }
                if let Some(db) = check.database.as_ref().and_then(|d| d.as_literal())
                    && db.parse::<u32>().is_err()
                {
                    self.error(
                        at("database"),
                        format!("a redis database is a number (`SELECT {db}` would fail); e.g. `database: 0`"),
                    );
                }
            }
            // A mongo probe's `query` may be a command that needs no login (`{"buildInfo": 1}`),
            // and `database` is where it runs.
            DbEngine::Mongo => {
                if check.password.is_some() && check.user.is_none() {
                    let url_may_give_user = check
                        .address
                        .as_literal()
                        .is_none_or(|lit| lit.contains("://") && lit.contains('@'));
                    if !url_may_give_user {
                        self.error(
                            at("password"),
                            "a mongo `password` logs in with a `user`; add one",
                        );
                    }
                }
                #[cfg(feature = "mongo")]
                if let Some(Err(e)) = check
                    .query
                    .as_ref()
                    .and_then(|q| q.as_literal())
                    .map(crate::check::database::mongo_query_error)
                {
                    self.error(at("query"), e);
                }
            }
            DbEngine::Postgres | DbEngine::Mysql => {
                let name = engine.as_str();
                // An address that may be a URL (`${DATABASE_URL}`, `postgres://app@db/app`)
                // may give the user when the probe runs.
                let url_may_give_user = match check.address.as_literal() {
                    Some(lit) => lit.contains("://") && lit.contains('@'),
                    None => true,
                };
                if check.user.is_none() && !url_may_give_user {
                    for key in ["password", "query", "database"] {
                        if f.has(key) {
                            self.diags.push(
                                Diagnostic::new(
                                    at(key),
                                    format!("`{key}` needs a `user`: without one, a {name} probe only asks whether the server accepts connections"),
                                )
                                .with_help("add e.g. `user: \"${DB_USER}\"`"),
                            );
                        }
                    }
                }
            }
        }
        if let Some(p) = check.password.as_ref().and_then(|p| p.as_literal())
            && !p.is_empty()
        {
            self.warnings.push(
                Diagnostic::new(
                    at("password"),
                    "a password written into the suite is readable by whoever reads the suite (and is compiled into a built probe)",
                )
                .with_help("read it from the environment: `password: \"${DB_PASSWORD}\"`"),
            );
        }
    }

    fn database_address(&mut self, node: &Node, engine: DbEngine) -> Option<EnvString> {
        let address = self.env_string(node)?;
        if let Some(lit) = address.as_literal()
            && let Err(e) = match lit.contains("://") {
                true => crate::check::database::url_error(lit, engine),
                false => crate::check::database::split_address(lit, engine).map(|_| ()),
            }
        {
            self.error(node.span, e);
            return None;
        }
        Some(address)
    }

    /// A `result` expectation reads the result of `query`.
    pub(super) fn database_expect(&mut self, check: &Check, expect: &Expect, span: Span) {
        // A redis probe without a query reads PING's reply, a mongo probe `hello`'s.
        if let Check::Database(d) = check
            && d.query.is_none()
            && !matches!(d.engine, DbEngine::Redis | DbEngine::Mongo)
            && (expect.result.is_some()
                || expect.warning.as_ref().is_some_and(|w| w.result.is_some()))
        {
            self.diags.push(
                Diagnostic::new(
                    span,
                    format!(
                        "`result` reads the result of a `query`, but this {} probe has none",
                        d.engine.as_str()
                    ),
                )
                .with_help("add e.g. `query: SELECT 1` (with a `user`)"),
            );
        }
    }
}
