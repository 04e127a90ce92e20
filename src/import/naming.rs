//! Names, durations and credentials as the importers write them: probe names from URLs and
//! commands, shell and Python durations as probekit durations, and the headers and values that
//! are secrets (replaced by `${VAR}` references, never written into a suite).

use super::draft::{ITEM, Piece, Text};

/// The name of a `disk` probe of `path`: `disk-var-lib`, and `disk-root` for `/`.
pub fn disk_name(path: &super::draft::Text) -> String {
    let name = path.for_name();
    if matches!(name.as_str(), "." | "./") {
        return "disk-working-directory".to_string();
    }
    match slug(&name).as_str() {
        "" => "disk-root".to_string(),
        s => format!("disk-{s}"),
    }
}

/// A name part from free text: lower case, `-` between words.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(40).collect()
}

/// A shell duration (`2`, `0.5`, `1m`) as probekit writes one.
pub fn seconds(s: &str) -> String {
    let s = s.trim();
    if let Some(m) = s.strip_suffix('m') {
        return format!("{m}m");
    }
    if let Some(h) = s.strip_suffix('h') {
        return format!("{h}h");
    }
    let n = s.strip_suffix('s').unwrap_or(s);
    match n.parse::<f64>() {
        Ok(f) if f.fract() == 0.0 => format!("{}s", f as u64),
        Ok(f) => format!("{}ms", (f * 1000.0).round() as u64),
        Err(_) => format!("{n}s"),
    }
}

/// A header is a credential (its value must not be written into a suite).
pub fn is_secret_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "authorization"
        || n == "cookie"
        || n == "proxy-authorization"
        || n.contains("token")
        || n.contains("api-key")
        || n.contains("apikey")
        || n.contains("secret")
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
    let tail = slug(&segments[segments.len().saturating_sub(2)..].join("-"));
    let host = if host.contains(ITEM) {
        ITEM.to_string()
    } else if host.is_empty() || host == "localhost" || host.parse::<std::net::IpAddr>().is_ok() {
        String::new()
    } else {
        slug(host)
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
    slug(name).replace('-', "_").to_uppercase()
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

/// A reason or warning on one line, as the report and the suite's comments print it: runs of
/// white space that hold a line break become one space, and quoted code over 60 characters is
/// cut with `…`.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    let mut quote_len = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '`' {
            quoted = !quoted;
            quote_len = 0;
            out.push(c);
            continue;
        }
        let mut c = c;
        if c.is_whitespace() {
            let mut broke = c == '\n' || c == '\r';
            while let Some(n) = chars.peek().copied().filter(|n| n.is_whitespace()) {
                broke |= n == '\n' || n == '\r';
                chars.next();
            }
            if broke {
                c = ' ';
            }
        }
        if quoted {
            quote_len += 1;
            if quote_len == 60 {
                out.push('…');
            }
            if quote_len >= 60 {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn reasons_fit_on_one_line() {
        assert_eq!(
            one_line("line 9: `re.compile(\n    r\" (\\d+)\"\n)` is computed"),
            "line 9: `re.compile( r\" (\\d+)\" )` is computed"
        );
        let long = format!("`{}` is computed", "x".repeat(100));
        assert_eq!(
            one_line(&long),
            format!("`{}…` is computed", "x".repeat(59))
        );
    }
}
