//! An exit status kept in a name only to be passed on: `rc = wait(args.host, args.port)` then
//! `sys.exit(rc)` is the same program as `sys.exit(wait(args.host, args.port))` when nothing
//! else names `rc`. [`inline_exit_codes`] writes that program, line for line (the
//! assignment's line becomes `pass`), for the reader in [`super::python`], which reads an exit
//! status given by a call; what the suite keeps of the script is the script as written.

use tree_sitter::Node;

use super::python::walk;

/// The ways to end a script with a status: `sys.exit(rc)`, `exit(rc)`, `raise SystemExit(rc)`.
const EXITS: [&str; 4] = ["sys.exit", "exit", "quit", "SystemExit"];

/// The script with each `NAME = VALUE` directly followed by an exit with `NAME` written as an
/// exit with `VALUE`, where `NAME` appears nowhere else and the assignment takes one line;
/// `None` where there is none.
pub(super) fn inline_exit_codes(src: &str) -> Option<String> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .ok()?;
    let tree = parser.parse(src, None)?;
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
            let Some(arg) = exit_argument(end, src) else {
                continue;
            };
            if text(arg) != name {
                continue;
            }
            edits.push((set.start_byte(), set.end_byte(), "pass".to_string()));
            edits.push((arg.start_byte(), arg.end_byte(), text(value).to_string()));
        }
    });
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(src.len());
    let mut at = 0;
    for (start, end, with) in edits {
        out.push_str(&src[at..start]);
        out.push_str(&with);
        at = end;
    }
    out.push_str(&src[at..]);
    Some(out)
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
        [one] if one.kind() == "identifier" => Some(*one),
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
        ] {
            assert_eq!(inline_exit_codes(src), None, "{src}");
        }
    }
}
