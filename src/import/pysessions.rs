//! A Python script's one request through a client object read as the module's own call: `with
//! httpx.Client(timeout=5.0) as client: r = client.get(URL)` makes the request `httpx.get(URL,
//! timeout=5.0)` makes, and `with requests.Session() as s: r = s.get(URL, timeout=3)` the one
//! `requests.get(URL, timeout=3)` makes (each builds a fresh client of the same defaults: no
//! cookie, no header, no adapter of the script's). [`plain_requests`] writes that program, line
//! for line (the `with` header becomes `pass`, its body one level out), for the reader in
//! [`super::python`], which reads the module's calls; what the suite keeps of the script is the
//! script as written.
//!
//! Only where nothing can differ: the client is made in a `with` (no `as` pattern other than a
//! name) by `requests.Session()` without arguments or `httpx.Client(…)` with only `timeout`,
//! `verify` and `follow_redirects` (what a call of its own takes alike); the name is used for
//! nothing but one call of `get`, `head`, `post`, `put`, `patch`, `delete` or `options`, in the
//! `with`'s body and not in a loop (a second request would send the cookies the first one
//! received), that gives none of the client's keywords itself; the name is bound nowhere else.

use tree_sitter::Node;

use super::python::{SourceLines, named, text_over_lines, walk};

/// The clients read as their module, the keywords of each that a call takes alike, and the
/// keywords its request methods take (a method given another raises, where the module's call
/// may take it: httpx's `Client.get` has no `verify`).
const CLIENTS: [(&str, &str, &[&str], &[&str]); 2] = [
    (
        "requests.Session",
        "requests",
        &[],
        &[
            "params",
            "data",
            "headers",
            "cookies",
            "files",
            "auth",
            "timeout",
            "allow_redirects",
            "proxies",
            "hooks",
            "stream",
            "verify",
            "cert",
            "json",
        ],
    ),
    (
        "httpx.Client",
        "httpx",
        &["timeout", "verify", "follow_redirects"],
        &[
            "params",
            "headers",
            "cookies",
            "auth",
            "follow_redirects",
            "timeout",
            "extensions",
        ],
    ),
];

/// What httpx's methods with a body take besides.
const HTTPX_BODY: [&str; 4] = ["content", "data", "files", "json"];

/// The methods that make one request.
const METHODS: [&str; 7] = ["get", "head", "post", "put", "patch", "delete", "options"];

/// The script with such clients' requests as the module's calls; `None` where there is none.
pub(super) fn plain_requests(src: &str) -> Option<String> {
    let tree = super::python::parse(src)?;
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let mut edits = Vec::new();
    walk(root, &mut |n| {
        if n.kind() == "with_statement"
            && let Some(mut more) = rewrite(n, root, src)
        {
            edits.append(&mut more);
        }
    });
    super::python::apply_edits(src, edits)
}

/// The edits for one `with CLIENT(…) as NAME:`; `None` where it is not of the module's shape.
fn rewrite(with: Node, root: Node, src: &str) -> Option<Vec<(usize, usize, String)>> {
    let text = |n: Node| &src[n.byte_range()];
    let body = with.child_by_field_name("body")?;
    // The header: one `CALL as NAME` item.
    let clause = named(with)
        .into_iter()
        .find(|c| c.kind() == "with_clause")?;
    let [item] = named(clause).try_into().ok()?;
    let value = item.child_by_field_name("value")?;
    if value.kind() != "as_pattern" {
        return None;
    }
    let [call, alias] = named(value).try_into().ok()?;
    let name_node = named(alias).into_iter().next()?;
    if call.kind() != "call" || name_node.kind() != "identifier" {
        return None;
    }
    let name = text(name_node);
    let callee = text(call.child_by_field_name("function")?);
    let (_, module, allowed, takes) = CLIENTS.iter().find(|(class, ..)| *class == callee)?;
    // The module by its own name (not `import requests as httpx`), and no coroutine about.
    let imported = src.lines().any(|l| {
        let l = l.trim();
        l.strip_prefix("import ")
            .is_some_and(|rest| rest.split(',').any(|m| m.trim() == *module))
    });
    if !imported || src.contains(&format!("as {module}")) || src.contains("async ") {
        return None;
    }
    // The client's keywords, each one a call takes alike.
    let mut keywords: Vec<(&str, &str)> = Vec::new();
    for arg in named(call.child_by_field_name("arguments")?) {
        if arg.kind() != "keyword_argument" {
            return None;
        }
        let key = text(arg.child_by_field_name("name")?);
        if !allowed.contains(&key) {
            return None;
        }
        keywords.push((key, text(arg.child_by_field_name("value")?)));
    }
    // Every use of the name: one call of a request method, in the body, not in a loop.
    let mut uses = Vec::new();
    walk(root, &mut |n| {
        if n.kind() == "identifier" && text(n) == name && n.id() != name_node.id() {
            uses.push(n);
        }
    });
    let [used] = uses.as_slice() else {
        return None;
    };
    let attribute = used.parent().filter(|p| p.kind() == "attribute")?;
    let method = text(attribute.child_by_field_name("attribute")?);
    let request = attribute.parent().filter(|p| p.kind() == "call")?;
    if attribute.child_by_field_name("object").map(|o| o.id()) != Some(used.id())
        || !METHODS.contains(&method)
        || request.start_byte() < body.start_byte()
        || request.end_byte() > body.end_byte()
    {
        return None;
    }
    let mut up = request.parent();
    while let Some(p) = up {
        if p.id() == with.id() {
            break;
        }
        if matches!(
            p.kind(),
            "for_statement"
                | "while_statement"
                | "function_definition"
                | "lambda"
                | "list_comprehension"
                | "generator_expression"
                | "dictionary_comprehension"
                | "set_comprehension"
        ) {
            return None;
        }
        up = p.parent();
    }
    let args = request.child_by_field_name("arguments")?;
    let given: Vec<&str> = named(args)
        .into_iter()
        .filter(|a| a.kind() == "keyword_argument")
        .filter_map(|a| a.child_by_field_name("name").map(text))
        .collect();
    let positional = named(args)
        .iter()
        .filter(|a| a.kind() != "keyword_argument" && a.kind() != "comment")
        .count();
    let with_body = *module == "httpx" && matches!(method, "post" | "put" | "patch");
    let taken = |k: &&str| takes.contains(k) || (with_body && HTTPX_BODY.contains(k));
    if positional != 1
        || named(args)
            .iter()
            .any(|a| matches!(a.kind(), "list_splat" | "dictionary_splat"))
        || keywords.iter().any(|(k, _)| given.contains(k))
        || !given.iter().all(taken)
    {
        return None;
    }
    // The header, from `with` to its colon, as `pass` and as many line breaks; the body one
    // level out (not where a text spans lines, which the indent would change, nor a line
    // indented less than the body, inside brackets).
    let colon = {
        let mut c = with.walk();
        with.children(&mut c).find(|k| k.kind() == ":")?
    };
    let header = &src[with.start_byte()..colon.end_byte()];
    let breaks = header.matches('\n').count();
    let mut edits = vec![(
        with.start_byte(),
        colon.end_byte(),
        format!("pass{}", "\n".repeat(breaks)),
    )];
    if text_over_lines(body, 0) || body.start_position().row == with.start_position().row {
        return None;
    }
    let lines = SourceLines::new(src);
    let outer = lines.indent(with.start_position().row);
    let inner = lines.indent(body.start_position().row);
    let unit = inner.strip_prefix(outer).filter(|u| !u.is_empty())?.len();
    let (first, last) = (body.start_position().row, body.end_position().row);
    for (row, line) in lines.lines.iter().enumerate().take(last + 1).skip(first) {
        if line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(inner) {
            return None;
        }
        let start = lines.start(row) + outer.len();
        edits.push((start, start + unit, String::new()));
    }
    // `client.get(` as `httpx.get(`, the client's keywords added last.
    edits.push((
        attribute.start_byte(),
        attribute.end_byte(),
        format!("{module}.{method}"),
    ));
    if !keywords.is_empty() {
        let close = args.end_byte() - 1;
        let before = src[args.start_byte() + 1..close].trim_end();
        let comma = if before.is_empty() || before.ends_with(',') {
            ""
        } else {
            ", "
        };
        let added: Vec<String> = keywords.iter().map(|(k, v)| format!("{k}={v}")).collect();
        edits.push((close, close, format!("{comma}{}", added.join(", "))));
    }
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::plain_requests;

    #[test]
    fn a_client_made_for_one_request_is_the_module_call() {
        let src = "import httpx\nwith httpx.Client(timeout=5.0) as client:\n    r = client.get(URL)\nprint(r.status_code)\n";
        assert_eq!(
            plain_requests(src).as_deref(),
            Some("import httpx\npass\nr = httpx.get(URL, timeout=5.0)\nprint(r.status_code)\n")
        );
        let src = "import requests\nwith requests.Session() as s:\n    r = s.get(\n        URL, timeout=3,\n    )\n";
        assert_eq!(
            plain_requests(src).as_deref(),
            Some("import requests\npass\nr = requests.get(\n    URL, timeout=3,\n)\n")
        );
    }

    #[test]
    fn clients_that_carry_state_or_settings_are_left_as_written() {
        for src in [
            // Two requests: the second sends the cookies the first received.
            "with requests.Session() as s:\n    s.post(LOGIN)\n    r = s.get(URL)\n",
            "with requests.Session() as s:\n    for u in URLS:\n        r = s.get(u)\n",
            "with requests.Session() as s:\n    s.headers.update(H)\n    r = s.get(URL)\n",
            "with httpx.Client(base_url=B) as c:\n    r = c.get('/health')\n",
            "with httpx.Client(timeout=5) as c:\n    r = c.get(URL, timeout=1)\n",
            "with requests.Session() as s:\n    r = s.get(URL)\nr2 = s.get(URL)\n",
            "import httpx\nwith httpx.Client(timeout=5) as c:\n    r = c.get(URL, verify=False)\n",
            "import requests\nwith requests.Session() as s:\n    r = s.get(URL, 3)\n",
            "import requests as httpx\nwith httpx.Client(timeout=5) as c:\n    r = c.get(URL)\n",
            "import httpx\nasync def f():\n    async with httpx.AsyncClient() as c:\n        r = c.get(URL)\n",
        ] {
            assert_eq!(plain_requests(src), None, "{src}");
        }
    }
}
