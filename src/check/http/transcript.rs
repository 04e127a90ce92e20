//! `-v`: an HTTP exchange written out as `curl -v` shows it — `*` for the connection, `>` for
//! what was sent, `<` for what came back — with credentials replaced by `***` here and every
//! registered secret redacted with the rest of the report.

use http::header::{self, HeaderMap, HeaderName};
use http::{Request, Response};

use super::super::REDACTED;
use super::super::tls::TlsInfo;
use super::SENSITIVE_HEADERS;

/// Body bytes shown, sent or received.
const BODY_SHOWN: usize = 1024;

#[derive(Default)]
pub struct Transcript(pub Vec<String>);

impl Transcript {
    pub fn connected(
        &mut self,
        peer: Option<std::net::SocketAddr>,
        proxy: Option<&str>,
        tls: Option<&TlsInfo>,
    ) {
        let peer = peer.map_or_else(|| "?".to_string(), |p| p.to_string());
        self.0.push(match proxy {
            Some(p) => format!("* connected to {peer} (the proxy {p})"),
            None => format!("* connected to {peer}"),
        });
        if let Some(t) = tls {
            self.0.push(format!("* {} {}", t.version, t.cipher));
        }
    }

    pub fn request<B>(&mut self, req: &Request<B>, body: &[u8], secret: &[HeaderName]) {
        let version = match req.version() {
            http::Version::HTTP_2 => "HTTP/2",
            _ => "HTTP/1.1",
        };
        self.0
            .push(format!("> {} {} {version}", req.method(), req.uri()));
        self.headers('>', req.headers(), secret);
        self.body('>', body, false);
    }

    pub fn response<B>(&mut self, resp: &Response<B>) {
        let version = match resp.version() {
            http::Version::HTTP_2 => "HTTP/2",
            http::Version::HTTP_10 => "HTTP/1.0",
            _ => "HTTP/1.1",
        };
        let status = resp.status();
        self.0.push(format!(
            "< {version} {} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        ));
        // A session cookie is a credential too.
        self.headers('<', resp.headers(), &[header::SET_COOKIE]);
    }

    pub fn received(&mut self, body: &[u8], truncated: bool) {
        self.body('<', body, truncated);
    }

    fn headers(&mut self, mark: char, headers: &HeaderMap, secret: &[HeaderName]) {
        for (name, value) in headers {
            let shown = if secret.contains(name) || SENSITIVE_HEADERS.contains(name) {
                REDACTED.to_string()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            self.0.push(format!("{mark} {name}: {shown}"));
        }
    }

    fn body(&mut self, mark: char, body: &[u8], truncated: bool) {
        if body.is_empty() {
            return;
        }
        self.0.push(mark.to_string());
        let text = String::from_utf8_lossy(&body[..body.len().min(BODY_SHOWN)]);
        for line in text.lines() {
            self.0.push(format!("{mark} {line}"));
        }
        if body.len() > BODY_SHOWN || truncated {
            self.0.push(format!(
                "* … {} bytes of body in all{}",
                body.len(),
                if truncated { " (cut at max_body)" } else { "" }
            ));
        }
    }
}
