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

use super::python::{named, walk};

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
    super::python::apply_edits(src, edits)
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
        if !parts[1..].iter().all(|p| harmless(*p, def, src)) {
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

/// Whether `name`, set at `target`, appears nowhere but as a report's argument of its own or
/// alone in an f-string's braces there (`print(detail)`, `log.info("%s", detail)`,
/// `print(f"… {detail}")`), outside `def`: a report that prints any value it is given.
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
        // Alone in braces: the f-string is the argument.
        let mut arg = n;
        if let Some(braces) = n.parent().filter(|p| p.kind() == "interpolation") {
            if braces.named_child_count() != 1 {
                ok = false;
                return;
            }
            let Some(string) = braces.parent().filter(|s| s.kind() == "string") else {
                ok = false;
                return;
            };
            arg = match string.parent() {
                Some(c) if c.kind() == "concatenated_string" => c,
                _ => string,
            };
        }
        ok = arg
            .parent()
            .filter(|list| list.kind() == "argument_list")
            .and_then(|list| list.parent())
            .is_some_and(|call| {
                call.kind() == "call"
                    && call
                        .child_by_field_name("function")
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

/// A value that computes without raising, whatever the script met: a name, a literal, text
/// whose braces each hold a name alone, `str(…)` or `repr(…)` of such, the clock less a time
/// `def` took from it (`time.time() - start`).
fn harmless(n: Node, def: Node, src: &str) -> bool {
    match n.kind() {
        "identifier" | "integer" | "float" | "true" | "false" | "none" => true,
        "string" => named(n).iter().all(|part| {
            part.kind() != "interpolation"
                || (part.named_child_count() == 1
                    && part
                        .named_child(0)
                        .is_some_and(|e| e.kind() == "identifier"))
        }),
        "concatenated_string" => named(n).iter().all(|s| harmless(*s, def, src)),
        "parenthesized_expression" => n.named_child(0).is_some_and(|e| harmless(e, def, src)),
        "binary_operator" => {
            n.child_by_field_name("operator")
                .is_some_and(|o| &src[o.byte_range()] == "-")
                && n.child_by_field_name("left").is_some_and(|l| clock(l, src))
                && n.child_by_field_name("right")
                    .is_some_and(|r| clock_name(r, def, src))
        }
        "call" => {
            let args: Vec<Node> = n
                .child_by_field_name("arguments")
                .map(named)
                .unwrap_or_default();
            n.child_by_field_name("function")
                .is_some_and(|f| matches!(&src[f.byte_range()], "str" | "repr"))
                && matches!(args.as_slice(), [a] if a.kind() != "call" && harmless(*a, def, src))
        }
        _ => false,
    }
}

/// `time.time()`, `time.monotonic()`, `time.perf_counter()`.
fn clock(n: Node, src: &str) -> bool {
    n.kind() == "call"
        && matches!(
            src[n.byte_range()].replace(' ', "").as_str(),
            "time.time()" | "time.monotonic()" | "time.perf_counter()"
        )
}

/// A name `def` binds only to the clock's reading.
fn clock_name(n: Node, def: Node, src: &str) -> bool {
    if n.kind() != "identifier" {
        return false;
    }
    let name = &src[n.byte_range()];
    let mut bound = 0;
    let mut only_clock = true;
    walk_own(def, &mut |c| {
        let target = match c.kind() {
            "assignment" | "augmented_assignment" | "for_statement" => {
                c.child_by_field_name("left")
            }
            "as_pattern_target" | "named_expression" | "global_statement" => Some(c),
            _ => None,
        };
        let Some(t) = target else { return };
        let mut binds = false;
        walk(t, &mut |i| {
            binds |= i.kind() == "identifier" && &src[i.byte_range()] == name
        });
        if binds {
            bound += 1;
            only_clock &= c.kind() == "assignment"
                && t.kind() == "identifier"
                && c.child_by_field_name("right")
                    .is_some_and(|r| clock(r, src));
        }
    });
    bound > 0 && only_clock
}

/// Calls `f` on the named nodes below `n` that belong to its own scope (not those of a nested
/// function, class or lambda).
pub(super) fn walk_own<'t>(n: Node<'t>, f: &mut impl FnMut(Node<'t>)) {
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

#[cfg(test)]
mod tests {
    use super::first_of_tuples;

    #[test]
    fn a_verdict_returned_with_a_report_is_returned_alone() {
        let src = "import sys, time\n\ndef check(url):\n    start = time.time()\n    try:\n        r = get(url)\n        code = r.status_code\n        return r.ok, f\"HTTP {code}\"\n    except Exception as e:\n        return (False,\n                str(e))\n\nok, detail = check('u')\nprint(detail)\nsys.exit(0 if ok else 1)\n";
        assert_eq!(
            first_of_tuples(src).as_deref(),
            Some(
                "import sys, time\n\ndef check(url):\n    start = time.time()\n    try:\n        r = get(url)\n        code = r.status_code\n        return r.ok\n    except Exception as e:\n        return (False\n)\n\nok, detail = check('u'), None\nprint(detail)\nsys.exit(0 if ok else 1)\n"
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
            "def c(r):\n    return True, r.version\n\nok, n = c(1)\nprint(n)\n",
            "def c(r):\n    return True, f'{r:d}'\n\nok, n = c(1)\nprint(n)\n",
            "def c(r, s):\n    return True, r - s\n\nok, n = c(1, 2)\nprint(n)\n",
            // Reported in a way that may raise.
            "def c():\n    return True, 'x'\n\nok, m = c()\nprint('%d' % m)\n",
            "def c():\n    return True, 'x'\n\nok, m = c()\nprint(m.code)\n",
            "def c():\n    return True, 'x'\n\nok, m = c()\nprint(f'{m:d}')\n",
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
