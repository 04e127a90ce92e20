//! Expectations on what a response carries besides its body: the server certificate's names
//! (issuer, subject, the names it is valid for) and the cookies it sets.

use super::{Assertion, CookieExpect, Expect, Facts, judge_rule, quote};

/// `cert_issuer`, `cert_subject` and `cert_san`.
pub(super) fn certificate(expect: &Expect, facts: &Facts<'_>, out: &mut Vec<Assertion>) {
    let tls = facts.tls;
    for (field, subject, rules, value) in [
        (
            "cert_issuer",
            "certificate issuer",
            &expect.cert_issuer,
            tls.and_then(|t| t.issuer),
        ),
        (
            "cert_subject",
            "certificate subject",
            &expect.cert_subject,
            tls.and_then(|t| t.subject),
        ),
    ] {
        let values: Vec<String> = value.map(str::to_string).into_iter().collect();
        for rule in rules {
            let (_, expected, pass) = judge_rule(rule, &values);
            out.push(Assertion {
                kind: field.into(),
                subject: subject.into(),
                expected: expected.into(),
                actual: match (tls, value) {
                    (None, _) => "no TLS connection".into(),
                    (Some(_), None) => "no readable name".into(),
                    (Some(_), Some(v)) => quote(v),
                },
                pass,
                severity: Default::default(),
            });
        }
    }
    for name in &expect.cert_san {
        let san = tls.map(|t| t.san).unwrap_or_default();
        out.push(Assertion {
            kind: "cert_san".into(),
            subject: "certificate names".into(),
            expected: format!("to cover {}", quote(name)).into(),
            actual: match tls {
                None => "no TLS connection".into(),
                Some(_) if san.is_empty() => "no subject alternative names".into(),
                Some(_) => san.join(", "),
            },
            pass: san.iter().any(|s| covers(s, name)),
            severity: Default::default(),
        });
    }
}

/// Whether a certificate name covers `host`: equal (case-insensitively), or a wildcard
/// `*.example.com` for exactly one more label (RFC 6125 §6.4.3).
fn covers(san: &str, host: &str) -> bool {
    let (san, host) = (san.to_ascii_lowercase(), host.to_ascii_lowercase());
    if san == host {
        return true;
    }
    match (san.strip_prefix("*."), host.split_once('.')) {
        (Some(parent), Some((label, rest))) => !label.is_empty() && rest == parent,
        _ => false,
    }
}

/// One `cookies:` entry against the response's `Set-Cookie` headers.
pub(super) fn cookie(
    c: &CookieExpect,
    headers: Option<&http::HeaderMap>,
    out: &mut Vec<Assertion>,
) {
    // `name=value; Attr; Attr=x`, for each Set-Cookie naming this cookie.
    let set: Vec<(String, Vec<String>)> = headers
        .map(|h| {
            h.get_all(http::header::SET_COOKIE)
                .iter()
                .filter_map(|v| {
                    let text = String::from_utf8_lossy(v.as_bytes()).into_owned();
                    let mut parts = text.split(';');
                    let (name, value) = parts.next()?.split_once('=')?;
                    (name.trim() == c.name).then(|| {
                        let attrs = parts.map(|a| a.trim().to_ascii_lowercase()).collect();
                        (value.trim().trim_matches('"').to_string(), attrs)
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let values: Vec<String> = set.iter().map(|(v, _)| v.clone()).collect();
    let (test, expected, pass) = judge_rule(&c.rule, &values);
    let subject = format!("cookie {}", c.name);
    // A cookie's value is often a session: shown by its length only.
    let actual = match values.as_slice() {
        [] => "not set".to_string(),
        [one] => format!("a value of {} characters", one.chars().count()),
        many => format!("{} values", many.len()),
    };
    out.push(Assertion {
        kind: format!("cookie.{test}").into(),
        subject: subject.clone().into(),
        expected: expected.into(),
        actual,
        pass,
        severity: Default::default(),
    });
    for (attr, word, wanted) in [
        ("secure", "Secure", c.secure),
        ("httponly", "HttpOnly", c.http_only),
    ] {
        let Some(wanted) = wanted else { continue };
        let has = |attrs: &Vec<String>| attrs.iter().any(|a| a == attr);
        out.push(Assertion {
            kind: format!("cookie.{attr}").into(),
            subject: subject.clone().into(),
            expected: format!("{}{word}", if wanted { "" } else { "not " }).into(),
            actual: match set.as_slice() {
                [] => "not set".into(),
                s if s.iter().all(|(_, a)| has(a)) => word.to_string(),
                _ => format!("not {word}"),
            },
            pass: !set.is_empty() && set.iter().all(|(_, a)| has(a) == wanted),
            severity: Default::default(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn wildcards_cover_one_label() {
        assert!(covers("*.example.com", "api.example.com"));
        assert!(covers("API.example.com", "api.EXAMPLE.com"));
        assert!(!covers("*.example.com", "a.b.example.com"));
        assert!(!covers("*.example.com", "example.com"));
    }
}
