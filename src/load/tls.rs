//! Loading `tls:` probes: a handshake (after STARTTLS where asked) for what the server's
//! certificate says.

use super::loader::{Defaults, Fields, Loader};
use super::yaml::Node;
use crate::expect::{AttrRule, Expect};
use crate::suite::*;

pub(super) const TLS_FIELDS: &[&str] = &[
    "address",
    "starttls",
    "timeout",
    "ip",
    "insecure",
    "ca_file",
    "server_name",
    "client_cert",
    "client_key",
];
pub(super) const TLS_EXPECT: &[&str] = &[
    "version",
    "latency",
    "cert_expiry",
    "cert_issuer",
    "cert_subject",
    "cert_san",
];

/// The versions a handshake can end in, as reports name them.
const VERSIONS: [&str; 2] = ["TLS 1.2", "TLS 1.3"];

impl Loader {
    pub(super) fn tls(&mut self, node: &Node, defaults: &Defaults) -> Option<TcpCheck> {
        let mut check = TcpCheck {
            address: EnvString::literal(""),
            timeout: defaults.timeout,
            tls: Some(TlsOptions::default()),
            send: None,
            max_response: 0,
            ip: IpVersion::Any,
            starttls: None,
        };
        if node.scalar().is_some() {
            check.address = self.address(node)?;
            return Some(check);
        }
        let mut f = self.fields(node, "`tls`", TLS_FIELDS)?;
        let missing = "a tls probe needs an `address` such as `mail.example.com:587`";
        let mut ok = self.read_required(
            &mut f,
            "address",
            node.span,
            missing,
            &mut check.address,
            |l, n| l.address(n),
        );
        let words: Vec<(&str, StartTls)> = StartTls::ALL.iter().map(|p| (p.as_str(), *p)).collect();
        ok &= self.read_into(&mut f, "starttls", &mut check.starttls, |l, n| {
            l.keyword(n, "starttls protocol", &words).map(Some)
        });
        ok &= self.read_into(&mut f, "timeout", &mut check.timeout, |l, n| l.timeout(n));
        ok &= self.read_into(&mut f, "ip", &mut check.ip, |l, n| l.ip_version(n));
        check.tls = Some(self.tls_options(&mut f));
        f.finish(self, |key| match key {
            "tls" => Some("a tls probe always does TLS".into()),
            "protocol" | "start_tls" => Some("the field is `starttls`".into()),
            "send" => {
                Some("a tls probe only shakes hands; a `tcp` probe with `tls: true` sends".into())
            }
            _ => None,
        });
        ok.then_some(check)
    }

    /// `version: "TLS 1.3"` or a list of the versions accepted.
    pub(super) fn tls_expect(&mut self, f: &mut Fields<'_>, e: &mut Expect) -> bool {
        let Some(n) = f.get("version") else {
            return true;
        };
        let items: Vec<&Node> = match &n.kind {
            super::yaml::NodeKind::Seq(items) => items.iter().collect(),
            _ => vec![n],
        };
        let words: Vec<(&str, &str)> = VERSIONS.iter().map(|v| (*v, *v)).collect();
        let mut expected = Vec::new();
        for item in items {
            match self.keyword(item, "TLS version", &words) {
                Some(v) => expected.push(v.to_string()),
                None => return false,
            }
        }
        e.attributes.push(AttrRule {
            name: "tls_version".into(),
            expected,
        });
        true
    }
}

pub(super) const GRPC_FIELDS: &[&str] = &[
    "address",
    "service",
    "tls",
    "timeout",
    "ip",
    "insecure",
    "ca_file",
    "server_name",
    "client_cert",
    "client_key",
];
pub(super) const GRPC_EXPECT: &[&str] = &[
    "status",
    "latency",
    "cert_expiry",
    "cert_issuer",
    "cert_subject",
    "cert_san",
];

impl Loader {
    /// `grpc: host:port` or `{address, service, tls, …}`.
    pub(super) fn grpc(&mut self, node: &Node, defaults: &Defaults) -> Option<GrpcCheck> {
        let mut check = GrpcCheck {
            address: EnvString::literal(""),
            service: EnvString::literal(""),
            tls: None,
            ip: IpVersion::Any,
            timeout: defaults.timeout,
        };
        if node.scalar().is_some() {
            check.address = self.address(node)?;
            return Some(check);
        }
        let mut f = self.fields(node, "`grpc`", GRPC_FIELDS)?;
        let missing = "a grpc probe needs an `address` such as `127.0.0.1:50051`";
        let mut ok = self.read_required(
            &mut f,
            "address",
            node.span,
            missing,
            &mut check.address,
            |l, n| l.address(n),
        );
        ok &= self.read_into(&mut f, "service", &mut check.service, |l, n| {
            l.env_string(n)
        });
        ok &= self.read_into(&mut f, "timeout", &mut check.timeout, |l, n| l.timeout(n));
        ok &= self.read_into(&mut f, "ip", &mut check.ip, |l, n| l.ip_version(n));
        check.tls = self.optional_tls(&mut f, node.span);
        f.finish(self, |key| match key {
            "addr" | "target" => Some("the field is `address`".into()),
            _ => None,
        });
        ok.then_some(check)
    }

    /// `status: SERVING` (the default) or a list of the serving statuses accepted.
    pub(super) fn grpc_expect(&mut self, f: &mut Fields<'_>, e: &mut Expect) -> bool {
        let mut expected = vec!["SERVING".to_string()];
        if let Some(n) = f.get("status") {
            let items: Vec<&Node> = match &n.kind {
                super::yaml::NodeKind::Seq(items) => items.iter().collect(),
                _ => vec![n],
            };
            let words: Vec<(&str, &str)> = SERVING_STATUSES.iter().map(|s| (*s, *s)).collect();
            expected.clear();
            for item in items {
                match self.keyword(item, "serving status", &words) {
                    Some(s) => expected.push(s.to_string()),
                    None => return false,
                }
            }
        }
        e.attributes.push(AttrRule {
            name: "serving_status".into(),
            expected,
        });
        true
    }
}
