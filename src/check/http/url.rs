//! URLs of HTTP probes, metrics scrapes and pushes: read by the WHATWG URL standard (the `url`
//! crate), split the way a probe needs them, and joined with redirect locations.

/// An absolute http(s) URL, split the way a probe needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    pub https: bool,
    /// Host without IPv6 brackets.
    pub host: String,
    pub port: u16,
    /// `host[:port]` as written (brackets kept), for the Host header.
    pub authority: String,
    pub path_and_query: String,
    pub userinfo: Option<(String, Option<String>)>,
    /// The URL as the parser read it, the base that redirect locations join.
    parsed: ::url::Url,
}

impl Url {
    /// The URL for display: any password is replaced by `***`.
    pub fn display(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        let user = match &self.userinfo {
            Some((u, Some(_))) => format!("{u}:{}@", crate::check::REDACTED),
            Some((u, None)) => format!("{u}@"),
            None => String::new(),
        };
        format!("{scheme}://{user}{}{}", self.authority, self.path_and_query)
    }

    pub(super) fn origin(&self) -> (bool, &str, u16) {
        (self.https, &self.host, self.port)
    }

    /// Where a `Location` header points, resolved against this URL by the WHATWG rules that
    /// browsers and curl follow (RFC 9110 §10.2.2 names RFC 3986's, which agree for what an
    /// HTTP `Location` holds). A fragment is not sent.
    pub fn join(&self, location: &str) -> Result<Url, UrlError> {
        let joined = self.parsed.join(location.trim()).map_err(|e| UrlError {
            at: 0,
            message: format!("the redirect to `{location}` is not a valid URL: {e}"),
        })?;
        parse_url(joined.as_str())
    }
}

/// Why a URL was refused, and the byte where the fault is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlError {
    pub at: usize,
    pub message: String,
}

impl std::fmt::Display for UrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// An absolute http or https URL, read by the WHATWG URL standard (as browsers and curl read
/// them, with the `url` crate), and a little stricter where a mistake is certain: a scheme must
/// be followed by `//` and a host.
pub fn parse_url(text: &str) -> Result<Url, UrlError> {
    let fail = |at: usize, message: String| Err(UrlError { at, message });
    let Some((scheme, rest)) = text.split_once("://") else {
        return fail(
            0,
            format!("`{text}` needs a scheme: write `http://{text}` or `https://{text}`"),
        );
    };
    let https = match scheme.to_ascii_lowercase().as_str() {
        "http" => false,
        "https" => true,
        other => {
            return fail(
                0,
                format!("unsupported URL scheme `{other}`; use http:// or https://"),
            );
        }
    };
    let host_at = scheme.len() + 3;
    if rest.is_empty() || rest.starts_with(['/', '\\', '?', '#']) {
        return fail(host_at, format!("`{text}` has no host"));
    }
    let parsed = ::url::Url::parse(text).map_err(|e| {
        let at = fault_position(text, host_at, e);
        let message = match e {
            ::url::ParseError::InvalidPort => {
                format!("the port in `{text}` is not a number from 1 to 65535")
            }
            ::url::ParseError::InvalidDomainCharacter | ::url::ParseError::IdnaError
                if text[at..].starts_with(|c: char| c.is_ascii()) && at > host_at =>
            {
                let c = text[at..].chars().next().unwrap_or(' ');
                format!("the host in `{text}` holds {c:?}, which a host name cannot")
            }
            // Compiled probes carry no Unicode tables (they would add 300 KB): a host name is
            // written in its ASCII form, as DNS holds it.
            ::url::ParseError::IdnaError if !text[host_at..].is_ascii() => format!(
                "the host in `{text}` is not ASCII: write an internationalised name in its \
                 ASCII form (`xn--…`, as `idn2` prints it)"
            ),
            e => format!("`{text}`: {e}"),
        };
        UrlError { at, message }
    })?;
    let Some(host) = parsed.host_str() else {
        return fail(host_at, format!("`{text}` has no host"));
    };
    let Some(port) = parsed.port_or_known_default() else {
        return fail(host_at, format!("`{text}` has no port"));
    };
    if port == 0 {
        return fail(
            host_at,
            format!("port 0 in `{text}` cannot be connected to"),
        );
    }
    let authority = match parsed.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    };
    // The query goes out as written, as curl sends it, when it is a valid request target: the
    // WHATWG rules would percent-encode `'`, which a signed query may not survive.
    let path_and_query = match parsed.query() {
        Some(q) => {
            let written = text.split('#').next().unwrap_or_default();
            let written = written.split_once('?').map_or(q, |(_, w)| w);
            let as_written = format!("{}?{written}", parsed.path());
            if http::uri::PathAndQuery::try_from(as_written.as_str()).is_ok() {
                as_written
            } else {
                format!("{}?{q}", parsed.path())
            }
        }
        None => parsed.path().to_string(),
    };
    let userinfo = (!parsed.username().is_empty() || parsed.password().is_some()).then(|| {
        (
            percent_decode(parsed.username()),
            parsed.password().map(percent_decode),
        )
    });
    Ok(Url {
        https,
        host: host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string(),
        port,
        authority,
        path_and_query,
        userinfo,
        parsed,
    })
}

/// Where in `text` the fault that the URL parser names lies, as near as can be told: the port's
/// first wrong character, the host's, or the start of the host.
fn fault_position(text: &str, host_at: usize, e: ::url::ParseError) -> usize {
    let rest = &text[host_at..];
    let authority_len = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let host_start = host_at + rest[..authority_len].rfind('@').map_or(0, |i| i + 1);
    let host_port = &text[host_start..host_at + authority_len];
    let host_len = if host_port.starts_with('[') {
        host_port.find(']').map_or(host_port.len(), |i| i + 1)
    } else {
        host_port.find(':').unwrap_or(host_port.len())
    };
    match e {
        ::url::ParseError::InvalidPort => {
            let port_at = host_start + host_len + 1;
            let port = text.get(port_at..host_at + authority_len).unwrap_or("");
            port_at + port.find(|c: char| !c.is_ascii_digit()).unwrap_or(0)
        }
        ::url::ParseError::InvalidDomainCharacter | ::url::ParseError::IdnaError => {
            let host = &host_port[..host_len];
            host_start
                + host
                    .find(|c: char| {
                        c.is_ascii() && !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
                    })
                    .unwrap_or(0)
        }
        _ => host_start,
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls() {
        let u = parse_url("http://user:p%40ss@127.0.0.1:8080/health?x=1#frag").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.path_and_query.as_str()),
            ("127.0.0.1", 8080, "/health?x=1")
        );
        assert_eq!(u.userinfo, Some(("user".into(), Some("p@ss".into()))));
        assert_eq!(u.display(), "http://user:***@127.0.0.1:8080/health?x=1");
        let u = parse_url("https://[::1]/").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.authority.as_str()),
            ("::1", 443, "[::1]")
        );
        assert_eq!(parse_url("http://h?q").unwrap().path_and_query, "/?q");
        // As browsers and curl read them: the host lowercased, a default port dropped, a
        // space in the path percent-encoded.
        let u = parse_url("HTTP://Example.COM:80/a b").unwrap();
        assert_eq!(
            (u.authority.as_str(), u.path_and_query.as_str()),
            ("example.com", "/a%20b")
        );
        assert_eq!(
            parse_url("http://xn--bcher-kva.example/").unwrap().host,
            "xn--bcher-kva.example"
        );
        let err = |text: &str| parse_url(text).unwrap_err();
        assert!(err("localhost:8080/x").message.contains("needs a scheme"));
        assert!(err("ftp://x/").message.contains("unsupported"));
        assert!(err("http://bücher.example/").message.contains("xn--"));
        assert_eq!(err("http:///x").at, 7);
        assert_eq!(err("http://").at, 7);
    }

    #[test]
    fn joins_redirect_locations() {
        let base = parse_url("http://h:1/a/b?q").unwrap();
        assert_eq!(base.join("/x").unwrap().display(), "http://h:1/x");
        assert_eq!(base.join("c").unwrap().display(), "http://h:1/a/c");
        assert_eq!(base.join("//other/p").unwrap().display(), "http://other/p");
        assert_eq!(base.join("https://s/").unwrap().display(), "https://s/");
        assert!(base.join("ftp://s/").is_err());
    }

    /// A port that is not a number in range was once replaced by the scheme's default: a probe
    /// of `:99999` checked port 80. The error points at the port's first wrong character.
    #[test]
    fn a_bad_port_is_an_error_not_the_default() {
        for (url, at) in [
            ("http://127.0.0.1:99999/health", 17),
            ("http://127.0.0.1:8o80/health", 18),
            ("http://[::1]:x/", 13),
            ("https://h:-1/", 10),
            ("http://u:p@h:80a/", 15),
        ] {
            let err = parse_url(url).unwrap_err();
            assert!(
                err.message.contains("not a number from 1 to 65535"),
                "{url}: {err}"
            );
            assert_eq!(err.at, at, "{url}");
        }
        assert_eq!(parse_url("http://[::1]:8080/").unwrap().port, 8080);
        assert_eq!(parse_url("http://[::1]/").unwrap().port, 80);
        let err = parse_url("http://exa mple.com/").unwrap_err();
        assert_eq!(err.at, 10, "{err}");
    }

    /// RFC 3986 §5.4's examples that an HTTP Location can hold, and relative references whose
    /// query holds a URL (once read as a URL with scheme `/login?return=https`).
    #[test]
    fn relative_locations_resolve_as_rfc_3986_says() {
        let base = parse_url("http://a/b/c/d;p?q").unwrap();
        let cases = [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q"),
            ("g#s", "http://a/b/c/g"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("./../g", "http://a/b/g"),
            ("g/../h", "http://a/b/c/h"),
            (
                "/login?return=https://shop/cart",
                "http://a/login?return=https://shop/cart",
            ),
            ("next?u=http://x", "http://a/b/c/next?u=http://x"),
        ];
        for (reference, want) in cases {
            assert_eq!(base.join(reference).unwrap().display(), want, "{reference}");
        }
    }
}
