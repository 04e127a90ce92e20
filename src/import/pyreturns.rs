//! A Python function that returns early: `def url(): u = os.getenv("URL"); if u: return u`
//! then `return f"http://localhost:{PORT}/health"`. It is the same program as the function with
//! the rest of its body under an `else:` and one `return` at its end, the value of each way
//! kept in a name of its own: `if u: returned = u` / `else: returned = f"…"` / `return
//! returned`. [`one_return`] writes that program, line for line (the early `return`'s line
//! becomes the `else:`, its value joins the statement before it with `;`, and the final
//! `return` takes the blank line after the function), for the reader in [`super::python`],
//! which reads a function's value where its one `return` ends it; what the suite keeps of the
//! script is the script as written.
//!
//! Only where nothing can differ: the function is defined once at the module's top level,
//! undecorated; it has two `return`s, each giving a value (not `True` or `False`, a verdict
//! function's, which the reader takes as written), and no `yield`; the first ends the body of
//! an `if` (no `elif` or `else`) standing in the function's body, alone on its line, and the
//! second is the function's last statement; the statements the `else:` takes hold no text
//! over several lines (indenting it would change it), and the line after the function is
//! blank or the end of the file.

use tree_sitter::Node;

use super::python::{SourceLines, named, text_over_lines, walk};
use super::pytuples::walk_own;

/// The name that carries the value to the one `return`.
const RETURNED: &str = "returned";

/// The script with such functions written with one `return`; `None` where there is none.
pub(super) fn one_return(src: &str) -> Option<String> {
    if src.contains(RETURNED) {
        return None;
    }
    let tree = super::python::parse(src)?;
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let text = |n: Node| &src[n.byte_range()];
    let mut defs: Vec<(String, Node)> = Vec::new();
    walk(root, &mut |n| {
        if n.kind() == "function_definition"
            && let Some(name) = n.child_by_field_name("name")
        {
            defs.push((text(name).to_string(), n));
        }
    });
    let lines = SourceLines::new(src);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (name, def) in &defs {
        if defs.iter().filter(|(n, _)| n == name).count() != 1
            || def.parent().map(|p| p.kind()) != Some("module")
        {
            continue;
        }
        if let Some(mut more) = rewrite(*def, src, &lines) {
            edits.append(&mut more);
        }
    }
    super::python::apply_edits(src, edits)
}

/// The edits that give `def` one `return`; `None` where it is not of the module's shape.
fn rewrite<'t>(
    def: Node<'t>,
    src: &str,
    lines: &SourceLines,
) -> Option<Vec<(usize, usize, String)>> {
    let text = |n: Node| &src[n.byte_range()];
    let body = def.child_by_field_name("body")?;
    let mut returns = Vec::new();
    let mut other = false;
    walk_own(body, &mut |n| match n.kind() {
        "return_statement" => returns.push(n),
        "yield" => other = true,
        _ => {}
    });
    let [early, last] = returns.as_slice() else {
        return None;
    };
    let value = |r: &Node<'t>| r.named_child(0);
    if other
        || [early, last]
            .iter()
            .any(|r| value(r).is_none_or(|v| matches!(v.kind(), "true" | "false")))
    {
        return None;
    }
    let stmts: Vec<Node> = named(body)
        .into_iter()
        .filter(|s| s.kind() != "comment")
        .collect();
    if stmts.last().map(|s| s.id()) != Some(last.id()) {
        return None;
    }
    // The `if` the early return ends, standing in the body.
    let guard = early.parent().and_then(|b| b.parent())?;
    let consequence = guard.child_by_field_name("consequence")?;
    let at = stmts.iter().position(|s| s.id() == guard.id())?;
    let then: Vec<Node> = named(consequence)
        .into_iter()
        .filter(|s| s.kind() != "comment")
        .collect();
    if guard.kind() != "if_statement"
        || named(guard).len() != 2
        || then.last().map(|s| s.id()) != Some(early.id())
        || at + 1 >= stmts.len()
    {
        return None;
    }
    // The early return alone on its line.
    let row = early.start_position().row;
    if early.end_position().row != row || lines.lines.get(row)?.trim() != text(*early) {
        return None;
    }
    // Its value joins the statement before it, or the `if`'s header.
    let assign = format!("{RETURNED} = {}", text(value(early)?));
    let join = match then.len() {
        1 => {
            let mut c = guard.walk();
            let colon = guard
                .children(&mut c)
                .take_while(|k| k.id() != consequence.id())
                .filter(|k| k.kind() == ":")
                .last()?;
            (colon.end_byte(), format!(" {assign}"))
        }
        n => {
            let before = then[n - 2];
            let simple = matches!(
                before.kind(),
                "expression_statement" | "pass_statement" | "assert_statement" | "print_statement"
            );
            if !simple || before.end_position().row >= row {
                return None;
            }
            (before.end_byte(), format!("; {assign}"))
        }
    };
    let guard_indent = lines.indent(guard.start_position().row).to_string();
    let unit = lines
        .indent(row)
        .strip_prefix(guard_indent.as_str())?
        .to_string();
    if unit.is_empty() || unit.contains('\t') && unit != "\t" {
        return None;
    }
    // What the `else:` takes: from the line after the early return to the function's end.
    let first = row + 1;
    let end_row = last.end_position().row;
    if text_over_lines(body, first) {
        return None;
    }
    // The line after the function takes the one `return`.
    let body_indent = lines.indent(stmts[0].start_position().row).to_string();
    let after = match lines.lines.get(end_row + 1) {
        Some(l) if l.trim().is_empty() => {
            let start = lines.start(end_row + 1);
            (
                start,
                start + l.len(),
                format!("{body_indent}return {RETURNED}"),
            )
        }
        // The last line of a file without a final newline.
        None => (
            src.len(),
            src.len(),
            format!("\n{body_indent}return {RETURNED}"),
        ),
        Some(_) => return None,
    };
    let mut edits = vec![(join.0, join.0, join.1)];
    let start = lines.start(row);
    edits.push((
        start,
        start + lines.lines[row].len(),
        format!("{guard_indent}else:"),
    ));
    for r in first..=end_row {
        if !lines.lines[r].trim().is_empty() {
            let s = lines.start(r);
            edits.push((s, s, unit.clone()));
        }
    }
    // The last `return` assigns.
    let keyword = last.child(0)?;
    edits.push((
        keyword.start_byte(),
        keyword.end_byte(),
        format!("{RETURNED} ="),
    ));
    edits.push(after);
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::one_return;

    #[test]
    fn an_early_return_is_written_as_an_else() {
        let src = "import os\n\ndef url():\n    u = os.getenv(\"URL\")\n    if not u:\n        host = \"localhost\"\n        return f\"http://{host}:8080\"  \n    u = u.rstrip(\"/\")\n    return u\n\nprint(url())\n";
        assert_eq!(
            one_return(src).as_deref(),
            Some(
                "import os\n\ndef url():\n    u = os.getenv(\"URL\")\n    if not u:\n        host = \"localhost\"; returned = f\"http://{host}:8080\"\n    else:\n        u = u.rstrip(\"/\")\n        returned = u\n    return returned\nprint(url())\n"
            )
        );
    }

    #[test]
    fn a_guard_of_one_return_joins_its_header() {
        let src =
            "def port(p):\n    if p:\n        return int(p)\n    # the default\n    return 8080";
        assert_eq!(
            one_return(src).as_deref(),
            Some(
                "def port(p):\n    if p: returned = int(p)\n    else:\n        # the default\n        returned = 8080\n    return returned"
            )
        );
    }

    #[test]
    fn verdicts_loops_and_text_over_lines_are_left_as_written() {
        for src in [
            "def ok(r):\n    if r:\n        return True\n    return False\n",
            "def f(xs):\n    for x in xs:\n        if x:\n            return x\n    return 0\n",
            "def f(x):\n    if x:\n        return x\n    y = \"\"\"a\nb\"\"\"\n    return y\n",
            "def f(x):\n    if x:\n        return x\n    return 1\nz = 2\n",
            "def f(x):\n    if x:\n        for y in x: pass\n        return x\n    return 1\n\n",
        ] {
            assert_eq!(one_return(src), None, "{src}");
        }
    }
}
