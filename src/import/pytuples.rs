//! A function that returns its verdict with something to report: `return True, elapsed` and
//! `return False, f"HTTP {code}"`, called as `ok, detail = check(url)` where `detail` is only
//! printed or logged. The second part cannot fail and nothing but a report reads it, so the
//! program decides as `return True` and `return False` would, called as `ok, detail =
//! check(url), None`. [`first_of_tuples`] writes that program, line for line, for the reader
//! in [`super::python`], which reads verdicts and exit statuses returned alone; what the suite
//! keeps of the script is the script as written.
//!
//! Only where nothing can differ: the function is defined once at the module's top level; each
//! of its `return`s gives as many values (two or more) and every one after the first is a
//! name, a literal, an attribute of a name, text (an f-string of such values, `"… %s" % v`),
//! `str(…)`, `repr(…)`, the clock (`time.time() - start`) or arithmetic of these; every use of
//! the function is such an assignment with one name per value; and the names that take the
//! values after the first appear nowhere else but in reports (`print`, `logging`,
//! `sys.stderr.write`).

use std::collections::HashMap;

use tree_sitter::Node;

use super::python::walk;

/// The script with such functions returning their first value alone; `None` where there is
/// none.
pub(super) fn first_of_tuples(src: &str) -> Option<String> {
    let tree = super::python::parse(src)?;
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let text = |n: Node| &src[n.byte_range()];
    let mut defs: HashMap<&str, Vec<Node>> = HashMap::new();
    walk(root, &mut |n| {
        if n.kind() == "function_definition"
            && let Some(name) = n.child_by_field_name("name")
        {
            defs.entry(text(name)).or_default().push(n);
        }
    });
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (name, found) in &defs {
        let [def] = found.as_slice() else { continue };
        if def.parent().map(|p| p.kind()) != Some("module") {
            continue;
        }
        if let Some(mut more) = rewrite(*def, name, root, src) {
            edits.append(&mut more);
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = src.to_string();
    for (start, end, with) in edits {
        out.replace_range(start..end, &with);
    }
    Some(out)
}

/// The edits that make `def` (named `name`) return its first value alone and its callers take
/// `None` for the rest; `None` where any condition of the module's header fails.
fn rewrite(def: Node, name: &str, root: Node, src: &str) -> Option<Vec<(usize, usize, String)>> {
    let text = |n: Node| &src[n.byte_range()];
    let body = def.child_by_field_name("body")?;
    // The function's returns, each a tuple of the same length.
    let mut returns = Vec::new();
    let mut scoped = false;
    walk_own(body, &mut |n| match n.kind() {
        "return_statement" => returns.push(n),
        "yield" | "await" => scoped = true,
        _ => {}
    });
    if scoped || returns.is_empty() {
        return None;
    }
    let mut arity = None;
    let mut edits = Vec::new();
    for ret in &returns {
        let value = ret.named_child(0)?;
        let value = match value.kind() {
            "expression_list" => value,
            "parenthesized_expression" | "tuple"
                if value.kind() == "tuple"
                    || value
                        .named_child(0)
                        .is_some_and(|v| v.kind() == "expression_list") =>
            {
                if value.kind() == "tuple" {
                    value
                } else {
                    value.named_child(0)?
                }
            }
            _ => return None,
        };
        let parts = named(value);
        if parts.len() < 2 || *arity.get_or_insert(parts.len()) != parts.len() {
            return None;
        }
        if !parts[1..].iter().all(|p| harmless(*p, src)) {
            return None;
        }
        // `return X, Y` → `return X`, its line breaks kept inside parentheses.
        let whole = ret.named_child(0)?;
        let breaks = text(whole).matches('\n').count();
        let first = text(parts[0]);
        let with = if breaks == 0 {
            first.to_string()
        } else {
            format!("({first}{})", "\n".repeat(breaks))
        };
        edits.push((whole.start_byte(), whole.end_byte(), with));
    }
    let arity = arity?;
    // Every use of the function: `a, b = name(…)`.
    let mut uses = Vec::new();
    let mut elsewhere = false;
    walk(root, &mut |n| {
        if n.kind() != "identifier" || text(n) != name {
            return;
        }
        if n.parent().is_some_and(|p| p.id() == def.id()) {
            return;
        }
        match unpacked_call(n, src) {
            Some(assignment) => uses.push(assignment),
            None => elsewhere = true,
        }
    });
    if elsewhere || uses.is_empty() {
        return None;
    }
    for (targets, call) in &uses {
        if targets.len() != arity {
            return None;
        }
        for t in &targets[1..] {
            if !only_reported(text(*t), *t, def, root, src) {
                return None;
            }
        }
        edits.push((call.end_byte(), call.end_byte(), ", None".repeat(arity - 1)));
    }
    Some(edits)
}

/// `a, b = f(…)` around the identifier `f`: the names, each an identifier, and the call.
fn unpacked_call<'t>(f: Node<'t>, src: &str) -> Option<(Vec<Node<'t>>, Node<'t>)> {
    let call = f.parent()?;
    if call.kind() != "call" || call.child_by_field_name("function")?.id() != f.id() {
        return None;
    }
    let assignment = call.parent()?;
    if assignment.kind() != "assignment"
        || assignment.child_by_field_name("right")?.id() != call.id()
        || assignment.parent()?.kind() != "expression_statement"
    {
        return None;
    }
    let left = assignment.child_by_field_name("left")?;
    if !matches!(left.kind(), "pattern_list" | "tuple_pattern") {
        return None;
    }
    let targets = named(left);
    targets
        .iter()
        .all(|t| t.kind() == "identifier" && !src[t.byte_range()].is_empty())
        .then_some((targets, call))
}

/// Whether `name`, set at `target`, appears nowhere but inside reports, outside `def`.
fn only_reported(name: &str, target: Node, def: Node, root: Node, src: &str) -> bool {
    let mut ok = true;
    walk(root, &mut |n| {
        if !ok || n.kind() != "identifier" || &src[n.byte_range()] != name || n.id() == target.id()
        {
            return;
        }
        let within = |outer: Node| {
            std::iter::successors(Some(n), |p| p.parent()).any(|p| p.id() == outer.id())
        };
        if within(def) {
            return;
        }
        ok = std::iter::successors(n.parent(), |p| p.parent()).any(|p| {
            p.kind() == "call"
                && p.child_by_field_name("function")
                    .is_some_and(|f| is_report(&src[f.byte_range()]))
        });
    });
    ok
}

fn is_report(f: &str) -> bool {
    matches!(f, "print" | "sys.stdout.write" | "sys.stderr.write")
        || ["logging.", "logger.", "log.", "LOGGER.", "LOG."]
            .iter()
            .any(|p| {
                f.strip_prefix(p).is_some_and(|m| {
                    matches!(
                        m,
                        "debug" | "info" | "warning" | "warn" | "error" | "critical" | "exception"
                    )
                })
            })
}

/// A value that computes without raising: see the module's header.
fn harmless(n: Node, src: &str) -> bool {
    let text = &src[n.byte_range()];
    match n.kind() {
        "identifier" | "integer" | "float" | "true" | "false" | "none" => true,
        "string" => {
            let mut fine = true;
            for part in named(n) {
                if part.kind() == "interpolation" {
                    fine &= part
                        .named_child(0)
                        .is_some_and(|e| harmless(e, src) && e.kind() != "string");
                }
            }
            fine
        }
        "concatenated_string" => named(n).iter().all(|s| harmless(*s, src)),
        "attribute" => n
            .child_by_field_name("object")
            .is_some_and(|o| matches!(o.kind(), "identifier" | "attribute") && harmless(o, src)),
        "parenthesized_expression" => n.named_child(0).is_some_and(|e| harmless(e, src)),
        "binary_operator" => {
            let (Some(l), Some(r)) = (
                n.child_by_field_name("left"),
                n.child_by_field_name("right"),
            ) else {
                return false;
            };
            let op = n
                .child_by_field_name("operator")
                .map(|o| &src[o.byte_range()])
                .unwrap_or_default();
            match op {
                // `"HTTP %s" % code`: only `%s` and `%r`, which take anything.
                "%" if l.kind() == "string" => {
                    let literal = &src[l.byte_range()];
                    literal.matches('%').count()
                        == literal.matches("%s").count() + literal.matches("%r").count()
                        && harmless(r, src)
                }
                "+" | "-" => numeric(l, src) && numeric(r, src),
                _ => false,
            }
        }
        "call" => {
            let Some(f) = n.child_by_field_name("function") else {
                return false;
            };
            let args: Vec<Node> = n
                .child_by_field_name("arguments")
                .map(named)
                .unwrap_or_default();
            match &src[f.byte_range()] {
                "str" | "repr" => args.len() <= 1 && args.iter().all(|a| harmless(*a, src)),
                "time.time" | "time.monotonic" | "time.perf_counter" => args.is_empty(),
                _ => false,
            }
        }
        _ => {
            let _ = text;
            false
        }
    }
}

/// A number that computes without raising: the clock, a name, a literal, their sums.
fn numeric(n: Node, src: &str) -> bool {
    match n.kind() {
        "identifier" | "integer" | "float" => true,
        "call" => harmless(n, src) && src[n.byte_range()].starts_with("time."),
        "parenthesized_expression" => n.named_child(0).is_some_and(|e| numeric(e, src)),
        "binary_operator" => {
            matches!(
                n.child_by_field_name("operator")
                    .map(|o| &src[o.byte_range()]),
                Some("+" | "-")
            ) && n
                .child_by_field_name("left")
                .is_some_and(|l| numeric(l, src))
                && n.child_by_field_name("right")
                    .is_some_and(|r| numeric(r, src))
        }
        _ => false,
    }
}

/// Calls `f` on the named nodes below `n` that belong to its own scope (not those of a nested
/// function, class or lambda).
fn walk_own<'t>(n: Node<'t>, f: &mut impl FnMut(Node<'t>)) {
    for c in named(n) {
        if matches!(
            c.kind(),
            "function_definition" | "class_definition" | "lambda"
        ) {
            continue;
        }
        f(c);
        walk_own(c, f);
    }
}

fn named(n: Node) -> Vec<Node> {
    let mut c = n.walk();
    n.named_children(&mut c)
        .filter(|c| c.kind() != "comment")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::first_of_tuples;

    #[test]
    fn a_verdict_returned_with_a_report_is_returned_alone() {
        let src = "import sys, time\n\ndef check(url):\n    start = time.time()\n    try:\n        r = get(url)\n        return r.ok, f\"HTTP {r.status_code}\"\n    except Exception as e:\n        return (False,\n                str(e))\n\nok, detail = check('u')\nprint(detail)\nsys.exit(0 if ok else 1)\n";
        assert_eq!(
            first_of_tuples(src).as_deref(),
            Some(
                "import sys, time\n\ndef check(url):\n    start = time.time()\n    try:\n        r = get(url)\n        return r.ok\n    except Exception as e:\n        return (False\n)\n\nok, detail = check('u'), None\nprint(detail)\nsys.exit(0 if ok else 1)\n"
            )
        );
        let elapsed = "def wait(u):\n    start = time.time()\n    return True, time.time() - start\n\ndef main():\n    ok, took = wait('u')\n    logging.info('%s', took)\n    sys.exit(not ok)\n";
        assert!(
            first_of_tuples(elapsed)
                .is_some_and(|s| s.contains("return True\n") && s.contains("wait('u'), None"))
        );
    }

    #[test]
    fn a_second_value_that_may_raise_or_decide_is_left() {
        for src in [
            // Read by a test, not a report.
            "def c():\n    return True, 5\n\nok, n = c()\nif n > 3:\n    sys.exit(1)\n",
            // May raise.
            "def c(r):\n    return True, r.json()['x']\n\nok, n = c(1)\nprint(n)\n",
            "def c(r):\n    return True, '%d' % r\n\nok, n = c(1)\nprint(n)\n",
            // Used otherwise.
            "def c():\n    return True, 'x'\n\nres = c()\nprint(res)\n",
            "def c():\n    return True, 'x'\n\nok, m = c()\nfs = [c]\n",
            // Returns of another length, or no value.
            "def c(a):\n    if a:\n        return True, 'x', 1\n    return False, 'y'\n\nok, m = c(1)\n",
            "def c(a):\n    if a:\n        return\n    return False, 'y'\n\nok, m = c(1)\n",
        ] {
            assert_eq!(first_of_tuples(src), None, "{src}");
        }
    }
}
