//! A result kept in a name only to be used once, at once: `rc = wait(args.host, args.port)`
//! then `sys.exit(rc)` is the same program as `sys.exit(wait(args.host, args.port))`, and
//! `ok = wait_for_db()` then `sys.exit(0 if ok else 1)` (or `if not ok:`) the same as
//! `sys.exit(0 if (wait_for_db()) else 1)`, when nothing else names it and nothing else is
//! computed before it is read. [`inline_exit_codes`] writes that program, line for line (the
//! assignment's line becomes `pass`), for the reader in [`super::python`], which reads exit
//! statuses and tests given by calls; what the suite keeps of the script is the script as
//! written.

use tree_sitter::Node;

use super::python::walk;

/// The ways to end a script with a status: `sys.exit(rc)`, `exit(rc)`, `raise SystemExit(rc)`.
const EXITS: [&str; 4] = ["sys.exit", "exit", "quit", "SystemExit"];

/// The script with each `NAME = VALUE` directly followed by an exit with `NAME` written as an
/// exit with `VALUE`, where `NAME` appears nowhere else and the assignment takes one line;
/// `None` where there is none.
pub(super) fn inline_exit_codes(src: &str) -> Option<String> {
    let tree = super::python::parse(src)?;
    let root = tree.root_node();
    let text = |n: Node| &src[n.byte_range()];
    let mut uses: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    walk(root, &mut |n| {
        if n.kind() == "identifier" {
            *uses.entry(text(n)).or_default() += 1;
        }
    });
    // (start, end, replacement), in the order of the script.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    walk(root, &mut |block| {
        if !matches!(block.kind(), "block" | "module") {
            return;
        }
        let mut c = block.walk();
        let statements: Vec<Node> = block
            .named_children(&mut c)
            .filter(|s| s.kind() != "comment")
            .collect();
        for pair in statements.windows(2) {
            let [set, end] = pair else { continue };
            let Some((name, value)) = assignment(set, src) else {
                continue;
            };
            if uses.get(name) != Some(&2) || text(*set).contains('\n') {
                continue;
            }
            let Some(read) = exit_argument(end, src).or_else(|| if_condition(end)) else {
                continue;
            };
            let Some(at) = the_one_read(read, name, src) else {
                continue;
            };
            let with = if at.id() == read.id() {
                text(value).to_string()
            } else {
                format!("({})", text(value))
            };
            edits.push((set.start_byte(), set.end_byte(), "pass".to_string()));
            edits.push((at.start_byte(), at.end_byte(), with));
        }
    });
    if edits.is_empty() {
        return None;
    }
    super::apply_edits(src, edits)
}

/// `NAME = VALUE` as a statement of its own: the name and the value.
fn assignment<'t>(s: &Node<'t>, src: &'t str) -> Option<(&'t str, Node<'t>)> {
    let a = s.named_child(0).filter(|a| {
        s.kind() == "expression_statement" && s.named_child_count() == 1 && a.kind() == "assignment"
    })?;
    let left = a.child_by_field_name("left")?;
    let right = a.child_by_field_name("right")?;
    // (`rc: int = …` has a type; `a = b = …` another name.)
    if left.kind() != "identifier" || a.child_by_field_name("type").is_some() {
        return None;
    }
    if right.kind() == "assignment" {
        return None;
    }
    Some((&src[left.byte_range()], right))
}

/// The status an exit statement passes: `sys.exit(X)`, `exit(X)`, `raise SystemExit(X)`.
fn exit_argument<'t>(s: &Node<'t>, src: &str) -> Option<Node<'t>> {
    let call = match s.kind() {
        "expression_statement" if s.named_child_count() == 1 => s.named_child(0)?,
        "raise_statement" => s.named_child(0)?,
        _ => return None,
    };
    if call.kind() != "call" {
        return None;
    }
    let f = &src[call.child_by_field_name("function")?.byte_range()];
    if !EXITS.contains(&f) || (f == "SystemExit") != (s.kind() == "raise_statement") {
        return None;
    }
    let args = call.child_by_field_name("arguments")?;
    let mut c = args.walk();
    let named: Vec<Node> = args.named_children(&mut c).collect();
    match named.as_slice() {
        [one] if one.kind() != "keyword_argument" => Some(*one),
        _ => None,
    }
}

/// The test of an `if` (`if not ok:`).
fn if_condition<'t>(s: &Node<'t>) -> Option<Node<'t>> {
    (s.kind() == "if_statement")
        .then(|| s.child_by_field_name("condition"))
        .flatten()
}

/// `name` read once in `n`, where nothing else is computed first: `name`, `not name`, `0 if
/// name else 1`, `name is True`, `int(not name)` — names, literals, operators and `int()` or
/// `bool()` around them.
fn the_one_read<'t>(n: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    let mut found = Vec::new();
    let mut plain = true;
    walk(n, &mut |c| match c.kind() {
        "identifier" if &src[c.byte_range()] == name => found.push(c),
        "call" => {
            plain &= c
                .child_by_field_name("function")
                .is_some_and(|f| matches!(&src[f.byte_range()], "int" | "bool"));
        }
        "await" | "lambda" | "subscript" | "attribute" | "named_expression" => plain = false,
        _ => {}
    });
    match found.as_slice() {
        [one] if plain => Some(*one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::inline_exit_codes;

    #[test]
    fn a_status_kept_only_to_be_passed_on_is_passed_directly() {
        let src = "import sys\n\ndef wait(h):\n    return 0\n\nif __name__ == '__main__':\n    rc = wait('db')\n    sys.exit(rc)\n";
        assert_eq!(
            inline_exit_codes(src).as_deref(),
            Some(
                "import sys\n\ndef wait(h):\n    return 0\n\nif __name__ == '__main__':\n    pass\n    sys.exit(wait('db'))\n"
            )
        );
        let tested = "ok = wait_for_db()\nsys.exit(0 if ok else 1)\n";
        assert_eq!(
            inline_exit_codes(tested).as_deref(),
            Some("pass\nsys.exit(0 if (wait_for_db()) else 1)\n")
        );
        let branch = "up = check(url)\nif not up:\n    sys.exit(2)\n";
        assert_eq!(
            inline_exit_codes(branch).as_deref(),
            Some("pass\nif not (check(url)):\n    sys.exit(2)\n")
        );
        let raised = "code = main()\n# done\nraise SystemExit(code)\n";
        assert_eq!(
            inline_exit_codes(raised).as_deref(),
            Some("pass\n# done\nraise SystemExit(main())\n")
        );
    }

    #[test]
    fn a_status_read_again_or_not_passed_at_once_is_left() {
        for src in [
            // Read again, for a message.
            "rc = main()\nprint(rc)\nsys.exit(rc)\n",
            "rc = main()\nsys.exit(rc)\nprint(rc)\n",
            // Something runs between.
            "rc = main()\ncleanup()\nsys.exit(rc)\n",
            // Over two lines: the lines after would move.
            "rc = main(\n    1)\nsys.exit(rc)\n",
            // Another exit, another name.
            "rc = main()\nsys.exit(other)\n",
            "rc: int = main()\nsys.exit(rc)\n",
            // Something computed before the name is read.
            "ok = check()\nsys.exit(report() or not ok)\n",
            "ok = check()\nif other.ready and ok:\n    sys.exit(0)\n",
        ] {
            assert_eq!(inline_exit_codes(src), None, "{src}");
        }
    }
}
