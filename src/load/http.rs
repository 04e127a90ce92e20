//! Loading an `http:` check: its URL, request, credentials (`basic_auth`) and proxy.

use super::check::{HTTP_FIELDS, MAX_BODY_LIMIT};
use super::loader::{Defaults, Loader};
use super::yaml::Node;
use crate::suite::EnvString;
use crate::suite::*;

impl Loader {
    pub(super) fn http(&mut self, node: &Node, defaults: &Defaults) -> Option<HttpCheck> {
        // `http: "http://…"` is the short form of `http: {url: …}`.
        if node.scalar().is_some() {
            let url = self.url(node)?;
            return Some(HttpCheck::get(url, defaults.timeout));
        }
        let mut f = self.fields(node, "`http`", HTTP_FIELDS)?;
        let url = match f.get("url") {
            Some(n) => self.url(n),
            None => {
                self.error(node.span, "an http probe needs a `url`");
                None
            }
        };
        let mut check = HttpCheck::get(EnvString::literal(""), defaults.timeout);
        if let Some(n) = f.get("method") {
            let text = self.string(n).unwrap_or_default();
            match http::Method::from_bytes(text.to_ascii_uppercase().as_bytes()) {
                Ok(m) if !text.is_empty() => check.method = m,
                _ => self.error(n.span, format!("`{text}` is not an HTTP method")),
            }
        }
        if let Some(n) = f.get("headers") {
            for (name, span, value) in self.entries(n, "`headers`") {
                let Ok(header) = http::HeaderName::from_bytes(name.as_bytes()) else {
                    self.error(span, format!("`{name}` is not a valid header name"));
                    continue;
                };
                if let Some(v) = self.env_string(value) {
                    if let Some(lit) = v.as_literal()
                        && http::HeaderValue::from_str(lit).is_err()
                    {
                        self.error(
                            value.span,
                            "header values cannot contain control characters such as newlines",
                        );
                        continue;
                    }
                    check.headers.push((header, v));
                }
            }
        }
        check.body = f.get("body").and_then(|n| self.env_string(n));
        if let Some(n) = f.get("timeout") {
            check.timeout = self.timeout(n).unwrap_or(check.timeout);
        }
        check.connect_timeout = f.get("connect_timeout").and_then(|n| self.timeout(n));
        if let Some(n) = f.get("allow_link_local") {
            check.allow_link_local = self.bool(n).unwrap_or(false);
        }
        if let Some(n) = f.get("follow_redirects") {
            check.follow_redirects = self.bool(n).unwrap_or(true);
        }
        if let Some(n) = f.get("max_redirects") {
            check.max_redirects = self
                .uint(n, 0, 100)
                .map_or(DEFAULT_MAX_REDIRECTS, |v| v as u32);
        }
        if let Some(n) = f.get("version") {
            let text = self.string(n).unwrap_or_default();
            check.version = match text.as_str() {
                "auto" => HttpVersion::Auto,
                "1.1" | "http1" | "HTTP/1.1" => HttpVersion::Http1,
                "2" | "http2" | "HTTP/2" => HttpVersion::Http2,
                _ => {
                    self.error(
                        n.span,
                        format!("`{text}` is not an HTTP version; use `auto`, `1.1` or `2`"),
                    );
                    HttpVersion::Auto
                }
            };
        }
        check.tls = self.tls_options(&mut f);
        if let Some(n) = f.get("proxy") {
            check.proxy = self.proxy(n).unwrap_or_default();
        }
        if let Some(n) = f.get("ip") {
            check.ip = self.ip_version(n).unwrap_or_default();
        }
        if let Some(n) = f.get("max_body") {
            check.max_body = self.size(n, MAX_BODY_LIMIT).unwrap_or(DEFAULT_MAX_BODY);
        }
        if let Some(n) = f.get("basic_auth") {
            check.basic_auth = self.basic_auth(n);
            let authorization = check
                .headers
                .iter()
                .any(|(name, _)| name == http::header::AUTHORIZATION);
            if authorization {
                self.error(
                    n.span,
                    "`basic_auth` and an `Authorization` header both set the credentials; keep one",
                );
            }
            if let Some(u) = url.as_ref().and_then(|u| u.as_literal())
                && crate::check::http::has_userinfo(u)
            {
                self.error(
                    n.span,
                    "`basic_auth` and the URL's `user:password@` both set the credentials; keep one",
                );
            }
        }
        f.finish(self, |_| None);
        check.url = url?;
        Some(check)
    }

    /// `basic_auth: {username: monitor, password: "${MONITOR_PASSWORD}"}`.
    fn basic_auth(&mut self, node: &Node) -> Option<BasicAuth> {
        let mut f = self.fields(node, "`basic_auth`", &["username", "password"])?;
        let username = match f.get("username") {
            Some(n) => self.env_string(n),
            None => {
                self.error(node.span, "`basic_auth` needs a `username`");
                None
            }
        };
        let password = match f.get("password") {
            Some(n) => self.env_string(n),
            None => Some(EnvString::literal("")),
        };
        f.finish(self, |_| None);
        Some(BasicAuth {
            username: username?,
            password: password?,
        })
    }

    pub(super) fn url(&mut self, node: &Node) -> Option<EnvString> {
        let url = self.env_string(node)?;
        // A URL with `${VAR}` is checked when the probe runs and the value is known.
        if let Some(lit) = url.as_literal()
            && let Err(e) = crate::check::http::parse_url(lit)
        {
            self.error_in(node, lit, e.at, e.message);
            return None;
        }
        Some(url)
    }

    /// `proxy: direct`, or the proxy's URL (`http://[user:password@]host:port`; `${VAR}` is
    /// read when the probe runs).
    fn proxy(&mut self, node: &Node) -> Option<ProxySetting> {
        let text = self.env_string(node)?;
        if let Some(lit) = text.as_literal() {
            if matches!(lit.trim(), "direct" | "none") {
                return Some(ProxySetting::Direct);
            }
            if let Err(e) = crate::check::http::Proxy::parse(lit) {
                self.error(node.span, e);
                return None;
            }
        }
        Some(ProxySetting::Url(text))
    }
}
