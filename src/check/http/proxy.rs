//! Forward proxies: `proxy:` on a probe, else the environment as curl reads it (`http_proxy`,
//! `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, either case). Plain-HTTP requests go to the proxy in
//! absolute form; HTTPS goes through a `CONNECT` tunnel, so TLS is still end to end.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{Url, parse_url};
use crate::check::{CheckError, ErrorKind};

/// A proxy to send a request through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proxy {
    pub host: String,
    pub port: u16,
    /// `Basic …` from the proxy URL's `user:password@`, sent as `Proxy-Authorization`.
    pub authorization: Option<String>,
    /// `http://host:port`, never with credentials: what reports show.
    pub display: String,
}

/// curl's port for a proxy URL that names none.
const DEFAULT_PROXY_PORT: u16 = 1080;

impl Proxy {
    /// `http://[user:password@]host[:port]`; a proxy is spoken to in plain HTTP.
    pub fn parse(text: &str) -> Result<Proxy, String> {
        let text = text.trim();
        // `proxy.example:3128`, as the environment often has it.
        let with_scheme = if text.contains("://") {
            text.to_string()
        } else {
            format!("http://{text}")
        };
        let scheme = with_scheme.split("://").next().unwrap_or_default();
        if !scheme.eq_ignore_ascii_case("http") {
            return Err(format!(
                "the proxy `{}` is not an http:// proxy (probekit speaks HTTP to proxies: CONNECT for https targets)",
                super::hide_password(text)
            ));
        }
        let url = parse_url(&with_scheme).map_err(|e| {
            format!(
                "the proxy `{}` is not a valid URL: {}",
                super::hide_password(text),
                e.message
            )
        })?;
        let explicit_port = url
            .authority
            .rsplit_once(':')
            .is_some_and(|(_, p)| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        let port = if explicit_port {
            url.port
        } else {
            DEFAULT_PROXY_PORT
        };
        let authorization = url
            .userinfo
            .as_ref()
            .map(|(user, pass)| super::basic_auth(user, pass.as_deref()));
        let host = if url.host.contains(':') {
            format!("[{}]", url.host)
        } else {
            url.host.clone()
        };
        Ok(Proxy {
            display: format!("http://{host}:{port}"),
            host: url.host,
            port,
            authorization,
        })
    }
}

/// The proxy settings of the environment, read once per run.
#[derive(Clone, Debug, Default)]
pub struct ProxyEnv {
    http: Option<String>,
    https: Option<String>,
    no_proxy: Vec<String>,
}

impl ProxyEnv {
    pub fn from_env() -> ProxyEnv {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// As curl reads them: lowercase first, then uppercase (except `HTTP_PROXY`, which a CGI
    /// request could set from its `Proxy:` header: it is read only outside CGI, as Go does).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> ProxyEnv {
        let read = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| get(n).filter(|v| !v.trim().is_empty()))
        };
        let cgi = get("REQUEST_METHOD").is_some();
        let all = read(&["all_proxy", "ALL_PROXY"]);
        let http = if cgi {
            read(&["http_proxy"])
        } else {
            read(&["http_proxy", "HTTP_PROXY"])
        };
        ProxyEnv {
            http: http.or_else(|| all.clone()),
            https: read(&["https_proxy", "HTTPS_PROXY"]).or(all),
            no_proxy: read(&["no_proxy", "NO_PROXY"])
                .map(|v| {
                    v.split([',', ' '])
                        .map(|e| e.trim().to_ascii_lowercase())
                        .filter(|e| !e.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The credentials in the environment's proxy URLs (passwords, and the headers made of
    /// them), to redact wherever they could be printed.
    pub fn secrets(&self) -> Vec<String> {
        let mut out = Vec::new();
        for text in [&self.http, &self.https].into_iter().flatten() {
            if let Some(p) = super::literal_password(text) {
                out.push(p);
            }
            if let Some(auth) = Proxy::parse(text).ok().and_then(|p| p.authorization) {
                out.push(auth);
            }
        }
        out
    }

    /// The proxy the environment names for `url`, unless `NO_PROXY` exempts its host.
    pub fn for_url(&self, url: &Url) -> Option<&str> {
        let proxy = if url.https { &self.https } else { &self.http };
        let proxy = proxy.as_deref()?;
        (!self.exempt(&url.host, url.port)).then_some(proxy)
    }

    /// `NO_PROXY` as curl reads it: `*` exempts everything; a name exempts itself and its
    /// subdomains (a leading `.` is the same); an IP address or a CIDR range exempts those
    /// addresses; `:PORT` limits an entry to that port.
    fn exempt(&self, host: &str, port: u16) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let ip = host.parse::<std::net::IpAddr>().ok();
        self.no_proxy.iter().any(|entry| {
            if entry == "*" {
                return true;
            }
            let (pattern, entry_port) = split_port(entry);
            if entry_port.is_some_and(|p| p != port) {
                return false;
            }
            let pattern = pattern.trim_matches(|c| c == '[' || c == ']');
            if let Some(ip) = ip {
                return match pattern.split_once('/') {
                    Some((net, bits)) => in_cidr(ip, net, bits),
                    None => pattern.parse::<std::net::IpAddr>() == Ok(ip),
                };
            }
            let pattern = pattern.trim_start_matches('.').trim_end_matches('.');
            !pattern.is_empty()
                && (host == pattern
                    || host
                        .strip_suffix(pattern)
                        .is_some_and(|rest| rest.ends_with('.')))
        })
    }
}

/// `host:port` into the host and the port; an IPv6 address without brackets has no port.
fn split_port(entry: &str) -> (&str, Option<u16>) {
    if let Some(rest) = entry.strip_prefix('[') {
        if let Some((addr, tail)) = rest.split_once(']') {
            return (addr, tail.strip_prefix(':').and_then(|p| p.parse().ok()));
        }
        return (entry, None);
    }
    match entry.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => match port.parse() {
            Ok(p) => (host, Some(p)),
            Err(_) => (entry, None),
        },
        _ => (entry, None),
    }
}

fn in_cidr(ip: std::net::IpAddr, net: &str, bits: &str) -> bool {
    use std::net::IpAddr;
    let (Ok(net), Ok(bits)) = (net.parse::<IpAddr>(), bits.parse::<u32>()) else {
        return false;
    };
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// Largest response head a proxy may send to `CONNECT`.
const MAX_CONNECT_HEAD: usize = 16 << 10;

/// Opens a tunnel to `url`'s host through `proxy` on `stream`: `CONNECT host:port`, then a 2xx.
pub async fn tunnel(stream: &mut TcpStream, url: &Url, proxy: &Proxy) -> Result<(), CheckError> {
    let target = if url.host.contains(':') {
        format!("[{}]:{}", url.host, url.port)
    } else {
        format!("{}:{}", url.host, url.port)
    };
    let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
    if let Some(auth) = &proxy.authorization {
        request.push_str(&format!("Proxy-Authorization: {auth}\r\n"));
    }
    request.push_str("\r\n");
    let io = |e: std::io::Error| {
        CheckError::new(
            ErrorKind::Connect,
            format!(
                "the proxy {} failed during CONNECT: {}",
                proxy.display,
                crate::check::net::describe_io(&e)
            ),
        )
    };
    stream.write_all(request.as_bytes()).await.map_err(io)?;
    let mut head = Vec::with_capacity(512);
    let mut buf = [0u8; 1024];
    let end = loop {
        let n = stream.read(&mut buf).await.map_err(io)?;
        if n == 0 {
            return Err(CheckError::new(
                ErrorKind::Connect,
                format!(
                    "the proxy {} closed the connection before answering CONNECT {target}",
                    proxy.display
                ),
            ));
        }
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if head.len() > MAX_CONNECT_HEAD {
            return Err(CheckError::new(
                ErrorKind::Protocol,
                format!(
                    "the proxy {} sent more than {} KiB without ending its answer to CONNECT",
                    proxy.display,
                    MAX_CONNECT_HEAD >> 10
                ),
            ));
        }
    };
    let status_line =
        String::from_utf8_lossy(&head[..head.iter().position(|&b| b == b'\r').unwrap_or(0)])
            .into_owned();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok());
    match status {
        Some(200..=299) if end == head.len() => Ok(()),
        Some(200..=299) => Err(CheckError::new(
            ErrorKind::Protocol,
            format!(
                "the proxy {} sent data after accepting CONNECT, before the server could speak",
                proxy.display
            ),
        )),
        // 407 by the standard; tinyproxy answers 401.
        Some(401 | 407) => Err(CheckError::new(
            ErrorKind::Connect,
            format!(
                "the proxy {} requires authentication ({}): put the credentials in its URL, http://user:password@host:port",
                proxy.display,
                status_line.trim()
            ),
        )),
        Some(_) => Err(CheckError::new(
            ErrorKind::Connect,
            format!(
                "the proxy {} refused CONNECT {target}: {}",
                proxy.display,
                crate::escapes::for_terminal(status_line.trim())
            ),
        )),
        None => Err(CheckError::new(
            ErrorKind::Protocol,
            format!(
                "the proxy {} did not answer CONNECT with HTTP: {:?}",
                proxy.display,
                crate::escapes::for_terminal(status_line.trim())
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> ProxyEnv {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ProxyEnv::from_lookup(move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    }

    fn proxied(e: &ProxyEnv, url: &str) -> Option<String> {
        e.for_url(&parse_url(url).unwrap()).map(str::to_string)
    }

    #[test]
    fn the_environment_is_read_as_curl_reads_it() {
        let e = env(&[
            ("HTTP_PROXY", "http://p:3128"),
            ("https_proxy", "p2:8080"),
            (
                "NO_PROXY",
                "internal.example, .corp, 10.0.0.0/8, 192.168.1.5, [::1], svc:8443",
            ),
        ]);
        assert_eq!(
            proxied(&e, "http://a.example/").as_deref(),
            Some("http://p:3128")
        );
        assert_eq!(
            proxied(&e, "https://a.example/").as_deref(),
            Some("p2:8080")
        );
        for exempt in [
            "http://internal.example/",
            "http://x.internal.example/",
            "http://host.corp/",
            "http://10.1.2.3/",
            "http://192.168.1.5/",
            "http://[::1]/",
            "https://svc:8443/",
        ] {
            assert_eq!(proxied(&e, exempt), None, "{exempt}");
        }
        for via in [
            "http://notinternal.example/",
            "http://11.0.0.1/",
            "https://svc:9443/",
        ] {
            assert!(proxied(&e, via).is_some(), "{via}");
        }
        // Under CGI, HTTP_PROXY may come from a request header: not read.
        let cgi = env(&[("HTTP_PROXY", "http://evil:1"), ("REQUEST_METHOD", "GET")]);
        assert_eq!(proxied(&cgi, "http://a/"), None);
        let all = env(&[("ALL_PROXY", "http://all:1"), ("no_proxy", "*")]);
        assert_eq!(proxied(&all, "http://a/"), None);
        let all = env(&[("ALL_PROXY", "http://all:1")]);
        assert_eq!(proxied(&all, "https://a/").as_deref(), Some("http://all:1"));
    }

    #[test]
    fn proxy_urls() {
        let p = Proxy::parse("http://user:s3cret@proxy.example:3128").unwrap();
        assert_eq!((p.host.as_str(), p.port), ("proxy.example", 3128));
        assert_eq!(p.display, "http://proxy.example:3128");
        assert!(p.authorization.unwrap().starts_with("Basic "));
        assert_eq!(Proxy::parse("proxy.example").unwrap().port, 1080);
        assert_eq!(
            Proxy::parse("http://[::1]:8080").unwrap().display,
            "http://[::1]:8080"
        );
        let e = Proxy::parse("socks5://u:pw@h:1").unwrap_err();
        assert!(
            e.contains("not an http:// proxy") && !e.contains("pw"),
            "{e}"
        );
    }
}
