//! Which hosts, addresses, ports and schemes a probe may reach when the target came from a
//! request (`serve`'s `/probe?module=M&target=T`): the suite's `targets` allowlist.
//!
//! The target's text is checked before the probe is made, and the probe itself is held to the
//! list where it connects ([`admit_endpoint`] and [`admit_addresses`] from `net::resolve`,
//! [`admit_url`] for each HTTP request and redirect), so a name that resolves outside the
//! allowed networks, or a redirect to a host or scheme the list does not name, is refused too.

use std::net::IpAddr;
use std::sync::Arc;

use super::{CheckError, ErrorKind};

/// The suite's `targets`. An empty list of a kind allows any of that kind, except that a host
/// must match `hosts` or lie in `networks`, so an allowlist always restricts something.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allowlist {
    /// Host name globs (`*.example.com`, `localhost`), lower case, without a trailing dot.
    pub hosts: Vec<String>,
    pub networks: Vec<Network>,
    /// Inclusive port ranges.
    pub ports: Vec<(u16, u16)>,
    /// URL schemes, lower case.
    pub schemes: Vec<String>,
}

/// An address block, `10.0.0.0/8` or `fd00::/8`; a bare address is its own block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl std::str::FromStr for Network {
    type Err = String;

    fn from_str(text: &str) -> Result<Network, String> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| {
            format!("`{text}` is not a network; write an address block such as `10.0.0.0/8` or `fd00::/8`, or one address")
        })?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => match p.parse::<u8>() {
                Ok(n) if n <= max => n,
                _ => return Err(format!("`{text}`: the prefix length must be 0 to {max}")),
            },
        };
        let network = Network { addr, prefix };
        if network.masked(addr) != addr {
            return Err(format!(
                "`{text}` has bits set past its /{prefix}; the block is `{}/{prefix}`",
                network.masked(addr)
            ));
        }
        Ok(network)
    }
}

impl std::fmt::Display for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

impl Network {
    fn masked(&self, ip: IpAddr) -> IpAddr {
        match ip {
            IpAddr::V4(v4) => {
                let bits = u32::from(v4);
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                IpAddr::from((bits & mask).to_be_bytes())
            }
            IpAddr::V6(v6) => {
                let bits = u128::from(v6);
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                IpAddr::from((bits & mask).to_be_bytes())
            }
        }
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 peer reached over an IPv6 socket is written ::ffff:a.b.c.d.
        let ip = match ip {
            IpAddr::V6(v6) if self.addr.is_ipv4() => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => return false,
            },
            other => other,
        };
        ip.is_ipv4() == self.addr.is_ipv4() && self.masked(ip) == self.addr
    }
}

/// A target as a request names it: `https://host:port/path`, `host:port`, `[v6]:port` or `host`.
#[derive(Debug, PartialEq, Eq)]
pub struct TargetParts<'a> {
    pub scheme: Option<String>,
    pub host: &'a str,
    pub port: Option<u16>,
}

pub fn split_target(target: &str) -> Result<TargetParts<'_>, String> {
    let (scheme, rest) = match target.split_once("://") {
        Some((s, rest)) => (Some(s.to_ascii_lowercase()), rest),
        None => (None, target),
    };
    // `host:port/path` without a scheme is what blackbox_exporter makes `http://` of.
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let bad = || format!("`{target}` is not a target: write `host`, `host:port` or a URL");
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']').ok_or_else(bad)?;
        match after {
            "" => (host, None),
            p => (host, Some(p.strip_prefix(':').ok_or_else(bad)?)),
        }
    } else if authority.matches(':').count() > 1 {
        (authority, None) // a bare IPv6 address
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() || host.contains(['/', ' ', '?', '#', '@']) {
        return Err(bad());
    }
    let port = match port {
        None => None,
        Some(p) => Some(p.parse::<u16>().map_err(|_| bad())?),
    };
    let default_port = match scheme.as_deref() {
        Some("http" | "ws") => Some(80),
        Some("https" | "wss") => Some(443),
        _ => None,
    };
    Ok(TargetParts {
        scheme,
        host,
        port: port.or(default_port),
    })
}

impl Allowlist {
    /// The target's text: its scheme, host and port, as far as it writes them.
    pub fn admit_target(&self, target: &str) -> Result<(), String> {
        let parts = split_target(target)?;
        if let Some(scheme) = &parts.scheme {
            self.admit_scheme(scheme)?;
        }
        self.admit_host(parts.host)?;
        if let Some(port) = parts.port {
            self.admit_port(port)?;
        }
        Ok(())
    }

    pub fn admit_scheme(&self, scheme: &str) -> Result<(), String> {
        let scheme = scheme.to_ascii_lowercase();
        if self.schemes.is_empty() || self.schemes.contains(&scheme) {
            Ok(())
        } else {
            Err(format!(
                "the scheme `{scheme}` is not in the suite's `targets.schemes` ({})",
                self.schemes.join(", ")
            ))
        }
    }

    /// A host name must match `hosts` (or, with no `hosts`, is judged by the addresses it
    /// resolves to); an address must lie in `networks` or be named in `hosts`.
    pub fn admit_host(&self, host: &str) -> Result<(), String> {
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let name = bare.trim_end_matches('.').to_ascii_lowercase();
        let globbed = self
            .hosts
            .iter()
            .any(|g| wildmatch::WildMatch::new(g).matches(&name));
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return if globbed || self.networks.iter().any(|n| n.contains(ip)) {
                Ok(())
            } else {
                Err(format!("`{ip}` is not in the suite's `targets`"))
            };
        }
        if globbed || (self.hosts.is_empty() && !self.networks.is_empty()) {
            Ok(())
        } else {
            Err(format!(
                "the host `{name}` matches none of the suite's `targets.hosts`"
            ))
        }
    }

    pub fn admit_port(&self, port: u16) -> Result<(), String> {
        if self.ports.is_empty() || self.ports.iter().any(|&(lo, hi)| lo <= port && port <= hi) {
            Ok(())
        } else {
            Err(format!(
                "the port {port} is not in the suite's `targets.ports`"
            ))
        }
    }

    /// With `networks`, every address a name resolves to must lie in one of them: a name the
    /// list allows cannot be pointed at an address it does not.
    pub fn admit_address(&self, host: &str, ip: IpAddr) -> Result<(), String> {
        if self.networks.is_empty() || self.networks.iter().any(|n| n.contains(ip)) {
            Ok(())
        } else {
            Err(format!(
                "`{host}` resolves to {ip}, which is in none of the suite's `targets.networks`"
            ))
        }
    }
}

tokio::task_local! {
    static ALLOWED: Arc<Allowlist>;
}

/// Runs `probe` held to `list`: every connection it makes is checked against it.
pub async fn within<F: std::future::Future>(list: Arc<Allowlist>, probe: F) -> F::Output {
    ALLOWED.scope(list, probe).await
}

fn refused(message: String) -> CheckError {
    CheckError::new(ErrorKind::Refused, message)
}

/// Where a probe is about to connect: the host it names and the port, before the name is
/// resolved. Always allowed outside [`within`].
pub fn admit_endpoint(host: &str, port: u16) -> Result<(), CheckError> {
    ALLOWED
        .try_with(|list| {
            list.admit_host(host)?;
            // ICMP has no port.
            if port == 0 {
                Ok(())
            } else {
                list.admit_port(port)
            }
        })
        .unwrap_or(Ok(()))
        .map_err(refused)
}

/// The addresses `host` resolved to, before any is connected to.
pub fn admit_addresses(host: &str, addrs: &[std::net::SocketAddr]) -> Result<(), CheckError> {
    ALLOWED
        .try_with(|list| {
            addrs
                .iter()
                .try_for_each(|a| list.admit_address(host, a.ip()))
        })
        .unwrap_or(Ok(()))
        .map_err(refused)
}

/// An HTTP request's URL (the first and each redirect's): its scheme. Its host and port are
/// `net::resolve`'s to check, except through a proxy, which resolves the name itself: then they
/// are checked here, and a name cannot be held to `networks` at all.
pub fn admit_url(scheme: &str, host: &str, port: u16, proxied: bool) -> Result<(), CheckError> {
    ALLOWED
        .try_with(|list| {
            list.admit_scheme(scheme)?;
            if !proxied {
                return Ok(());
            }
            list.admit_host(host)?;
            list.admit_port(port)?;
            if !list.networks.is_empty() && host.parse::<IpAddr>().is_err() {
                return Err(format!(
                    "`{host}` would be resolved by the proxy, so its address cannot be held to the suite's `targets.networks`; set NO_PROXY for it"
                ));
            }
            Ok(())
        })
        .unwrap_or(Ok(()))
        .map_err(refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> Allowlist {
        Allowlist {
            hosts: vec!["*.example.com".into(), "localhost".into()],
            networks: vec!["127.0.0.0/8".parse().unwrap(), "fd00::/8".parse().unwrap()],
            ports: vec![(80, 80), (8000, 8999)],
            schemes: vec!["http".into()],
        }
    }

    #[test]
    fn networks_parse_and_contain() {
        let n: Network = "10.1.0.0/16".parse().unwrap();
        assert!(n.contains("10.1.200.3".parse().unwrap()));
        assert!(!n.contains("10.2.0.1".parse().unwrap()));
        assert!(n.contains("::ffff:10.1.0.9".parse().unwrap()));
        assert!(
            "10.1.0.1/16"
                .parse::<Network>()
                .unwrap_err()
                .contains("10.1.0.0/16")
        );
        assert!("10.0.0.0/33".parse::<Network>().is_err());
        assert!("host/8".parse::<Network>().is_err());
        let all: Network = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains("203.0.113.9".parse().unwrap()));
        let one: Network = "::1".parse().unwrap();
        assert!(one.contains("::1".parse().unwrap()) && !one.contains("::2".parse().unwrap()));
    }

    #[test]
    fn targets_split() {
        let t = split_target("https://user@api.example.com/health?x=1").unwrap();
        assert_eq!(
            (t.scheme.as_deref(), t.host, t.port),
            (Some("https"), "api.example.com", Some(443))
        );
        let t = split_target("[::1]:9000").unwrap();
        assert_eq!((t.host, t.port), ("::1", Some(9000)));
        let t = split_target("127.0.0.1:8080/health").unwrap();
        assert_eq!((t.host, t.port), ("127.0.0.1", Some(8080)));
        let t = split_target("db.internal").unwrap();
        assert_eq!((t.scheme, t.host, t.port), (None, "db.internal", None));
        assert!(split_target("http://").is_err());
        assert!(split_target("host:99999").is_err());
    }

    #[test]
    fn targets_are_held_to_every_part() {
        let l = list();
        l.admit_target("http://www.example.com:8080/").unwrap();
        l.admit_target("127.0.0.1:80").unwrap();
        l.admit_target("localhost").unwrap();
        assert!(l.admit_target("https://www.example.com:8080/").is_err());
        assert!(l.admit_target("http://example.org/").is_err());
        assert!(l.admit_target("10.0.0.1:80").is_err());
        assert!(l.admit_target("http://www.example.com/x").is_ok());
        assert!(l.admit_target("www.example.com:22").is_err());
        // A name the hosts allow must still resolve inside the networks.
        assert!(
            l.admit_address("www.example.com", "169.254.169.254".parse().unwrap())
                .is_err()
        );
        assert!(
            l.admit_address("www.example.com", "127.0.0.2".parse().unwrap())
                .is_ok()
        );
    }

    #[test]
    fn without_hosts_names_are_judged_by_their_addresses() {
        let l = Allowlist {
            networks: vec!["127.0.0.0/8".parse().unwrap()],
            ..Allowlist::default()
        };
        l.admit_host("anything.internal").unwrap();
        let l = Allowlist {
            hosts: vec!["a.test".into()],
            ..Allowlist::default()
        };
        assert!(l.admit_host("127.0.0.1").is_err());
        assert!(l.admit_host("A.test.").is_ok());
    }

    #[tokio::test]
    async fn the_scope_holds_connections_to_the_list() {
        let addr: std::net::SocketAddr = "10.9.9.9:80".parse().unwrap();
        assert!(admit_endpoint("x.example.com", 80).is_ok());
        assert!(admit_addresses("x.example.com", &[addr]).is_ok());
        let err = within(Arc::new(list()), async {
            admit_endpoint("x.example.com", 80)?;
            admit_addresses("x.example.com", &[addr])
        })
        .await
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Refused);
        assert!(err.message.contains("10.9.9.9"), "{}", err.message);
        let err = within(Arc::new(list()), async {
            admit_endpoint("x.example.com", 22)
        })
        .await
        .unwrap_err();
        assert!(err.message.contains("port 22"), "{}", err.message);
        let ok = within(Arc::new(list()), async {
            admit_endpoint("x.example.com", 80)?;
            admit_addresses("x.example.com", &["127.0.0.1:80".parse().unwrap()])
        })
        .await;
        assert!(ok.is_ok());
    }
}
