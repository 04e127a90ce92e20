//! A part of a script that only reports: `if os.path.exists(DATA): try: … except Exception as
//! e: print(…)`, a look at something the verdict does not depend on. Every path through it goes
//! on to the next statement with nothing the rest of the script reads changed, so the suite
//! leaves it out (its calls are listed as not converted, as every call no probe makes is).

use super::{Py, named, walk};
use tree_sitter::Node;

/// How deep such a part may nest (`if` in `try` in `if` …) before it is read as anything else.
const MAX_DEPTH: usize = 6;

impl<'a> Py<'a> {
    /// Whether the statement `n` only reports, whatever happens in it.
    /// (Only one with a `try` in it: the reading of `if`s that print is the checks'.)
    pub(super) fn only_reports(&self, n: Node<'a>) -> bool {
        let mut guarded = false;
        walk(n, &mut |c| guarded |= c.kind() == "try_statement");
        guarded && matches!(n.kind(), "if_statement" | "try_statement") && self.reports_only(n, 0)
    }

    fn reports_only(&self, n: Node<'a>, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        match n.kind() {
            "if_statement" => {
                let Some(cond) = n.child_by_field_name("condition") else {
                    return false;
                };
                self.harmless_test(cond)
                    && named(n)
                        .into_iter()
                        .filter(|c| c.id() != cond.id())
                        .all(|c| match c.kind() {
                            "block" => self.block_reports_only(c, depth),
                            "elif_clause" => {
                                c.child_by_field_name("condition")
                                    .is_some_and(|k| self.harmless_test(k))
                                    && c.child_by_field_name("consequence")
                                        .is_some_and(|b| self.block_reports_only(b, depth))
                            }
                            "else_clause" => c
                                .child_by_field_name("body")
                                .is_some_and(|b| self.block_reports_only(b, depth)),
                            _ => false,
                        })
            }
            "try_statement" => self.try_reports_only(n, depth),
            // (Not what [`Self::is_inert_statement`] takes besides: a `continue` of a loop
            // of alternatives, a counter of failures.)
            "pass_statement" | "print_statement" => true,
            "expression_statement" => named(n).first().is_some_and(|c| match c.kind() {
                "string" => true,
                "call" => self.is_harmless_call(*c) && !self.updates_counter(*c),
                _ => false,
            }),
            _ => false,
        }
    }

    fn block_reports_only(&self, block: Node<'a>, depth: usize) -> bool {
        named(block)
            .into_iter()
            .all(|s| self.reports_only(s, depth + 1))
    }

    /// `try: … except Exception: print(…)`: whatever its body does (nothing that ends the
    /// script, returns, or changes what is read after it) is caught and reported.
    fn try_reports_only(&self, n: Node<'a>, depth: usize) -> bool {
        let Some(body) = n.child_by_field_name("body") else {
            return false;
        };
        let mut catches_all = false;
        for c in named(n) {
            match c.kind() {
                "block" if c.id() == body.id() => {}
                "except_clause" => {
                    // A bare `except:`, `except Exception`, `except (ValueError, Exception)`.
                    catches_all |= self.caught_classes(c).is_none_or(|classes| {
                        classes
                            .trim_matches(['(', ')'])
                            .split(',')
                            .any(|k| matches!(k.trim(), "Exception" | "BaseException"))
                    });
                    let Some(handler) = named(c).into_iter().find(|b| b.kind() == "block") else {
                        return false;
                    };
                    if !self.block_reports_only(handler, depth) {
                        return false;
                    }
                }
                // (An `else` runs outside the handlers.)
                "else_clause" => {
                    if !c
                        .child_by_field_name("body")
                        .is_some_and(|b| self.block_reports_only(b, depth))
                    {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        catches_all && self.guarded_body_reports_only(n, body)
    }

    /// Whether a body whose exceptions are all caught does nothing that escapes its `try`:
    /// no `return`, `break`, `exit`, `raise SystemExit`, call of the script's own functions,
    /// and no name, item or attribute the rest of the script reads set.
    fn guarded_body_reports_only(&self, whole: Node<'a>, body: Node<'a>) -> bool {
        if self.may_exit(Some(body), 0) {
            return false;
        }
        let mut ok = true;
        let mut bound = Vec::new();
        walk(body, &mut |c| match c.kind() {
            "return_statement"
            | "break_statement"
            | "continue_statement"
            | "yield"
            | "global_statement"
            | "nonlocal_statement"
            | "delete_statement"
            | "await"
            | "function_definition"
            | "class_definition" => ok = false,
            // Only what reads and reports: a call that may check something (a request, a
            // connection, a command) is read as a check, which may warn.
            "call" => ok &= self.reads_only(body, c),
            "assignment"
            | "augmented_assignment"
            | "for_statement"
            | "with_item"
            | "named_expression"
            | "for_in_clause" => {
                let target = c
                    .child_by_field_name("left")
                    .or_else(|| c.child_by_field_name("name"))
                    .or_else(|| {
                        c.child_by_field_name("value")
                            .filter(|v| v.kind() == "as_pattern")
                            .and_then(|v| v.child_by_field_name("alias"))
                    });
                if let Some(t) = target {
                    walk(t, &mut |i| {
                        if i.kind() == "identifier" {
                            bound.push(self.text(i));
                        }
                    });
                    // `settings["host"] = …`, `state.ok = …`: what it changes was made
                    // outside unless its name was bound in the body.
                    if matches!(t.kind(), "subscript" | "attribute") {
                        ok = false;
                    }
                }
            }
            _ => {}
        });
        ok && bound.iter().all(|name| !self.named_outside(whole, name))
    }

    /// A call that only reads or computes: a report, a builtin, a module of pure functions
    /// (`json.loads`, `datetime.fromisoformat`), reading a file, or a method of a value made
    /// in `body` (`data.get("k")`, `text.strip()`).
    fn reads_only(&self, body: Node<'a>, call: Node<'a>) -> bool {
        const BUILTINS: [&str; 26] = [
            "open",
            "len",
            "int",
            "float",
            "str",
            "bool",
            "min",
            "max",
            "sorted",
            "isinstance",
            "any",
            "all",
            "round",
            "abs",
            "dict",
            "list",
            "set",
            "tuple",
            "repr",
            "format",
            "enumerate",
            "range",
            "zip",
            "sum",
            "type",
            "print",
        ];
        const PURE: [&str; 8] = [
            "json.",
            "datetime.",
            "time.time",
            "time.monotonic",
            "re.",
            "math.",
            "os.path.",
            "pathlib.Path",
        ];
        let f = self.callee(call);
        if self.is_harmless_call(call) && !f.starts_with("time.sleep") {
            return true;
        }
        if self.functions.contains_key(f.as_str()) {
            return false;
        }
        // `open(p)`, `open(p, "r")`: reading, not writing.
        if f == "open" {
            let args = call
                .child_by_field_name("arguments")
                .map(named)
                .unwrap_or_default();
            let mode = args
                .get(1)
                .filter(|m| m.kind() != "keyword_argument")
                .or_else(|| {
                    args.iter().find(|a| {
                        a.child_by_field_name("name")
                            .is_some_and(|k| self.text(k) == "mode")
                    })
                })
                .map(|m| self.text(m.child_by_field_name("value").unwrap_or(*m)));
            return mode.is_none_or(|m| {
                matches!(m.trim_matches(['"', '\'']), "r" | "rb" | "rt" | "br" | "tr")
            });
        }
        if BUILTINS.contains(&f.as_str())
            || PURE.iter().any(|p| f.starts_with(p))
            || matches!(f.as_str(), "os.environ.get" | "os.getenv")
        {
            return true;
        }
        // The value the method is called on, back to its name: `a.b(…).c(…)` is `a`'s.
        let mut object = call.child_by_field_name("function");
        while let Some(o) = object {
            match o.kind() {
                "identifier" => {
                    return o.id() != call.child_by_field_name("function").map_or(0, |f| f.id())
                        && self.bound_inside(body, self.text(o));
                }
                "attribute" => object = o.child_by_field_name("object"),
                "call" => object = o.child_by_field_name("function"),
                "subscript" => object = o.child_by_field_name("value"),
                _ => return false,
            }
        }
        false
    }

    /// Whether the script names `name` anywhere outside the statement `n`.
    fn named_outside(&self, n: Node<'a>, name: &str) -> bool {
        let Some(root) = self.root else { return true };
        let mut found = false;
        walk(root, &mut |c| {
            found |= c.kind() == "identifier"
                && self.text(c) == name
                && !(c.start_byte() >= n.start_byte() && c.end_byte() <= n.end_byte());
        });
        found
    }

    /// A condition that cannot fail or change anything: names, literals, comparisons, and
    /// whether a path exists (`os.path.exists(p)`, `Path(p).is_file()`).
    fn harmless_test(&self, n: Node<'a>) -> bool {
        let mut ok = true;
        walk(n, &mut |c| {
            if c.kind() == "call" {
                let f = self.callee(c);
                let method = f.rsplit('.').next().unwrap_or_default();
                ok &= matches!(
                    f.as_str(),
                    "os.path.exists"
                        | "os.path.isfile"
                        | "os.path.isdir"
                        | "os.path.islink"
                        | "os.path.lexists"
                ) || matches!(f.as_str(), "pathlib.Path" | "pathlib.PosixPath")
                    || (matches!(method, "exists" | "is_file" | "is_dir")
                        && !self.functions.contains_key(f.as_str()));
            }
            ok &= !matches!(
                c.kind(),
                "subscript" | "await" | "lambda" | "named_expression"
            );
        });
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::super::analyze;

    const CHECK: &str = "import json, os, sys, urllib.request\nurllib.request.urlopen('http://127.0.0.1:8080/health', timeout=3)\n";

    /// Whether the import leaves `part` out as only reporting, and whether the script is
    /// still read (no probe kept as a command).
    fn left_out(part: &str) -> (bool, bool) {
        let findings = analyze(&format!("{CHECK}{part}")).expect("analyze");
        let skipped = findings
            .warnings
            .iter()
            .any(|w| w.message.contains("only report what they find"));
        let read = findings.drafts.iter().all(|d| d.kept.is_none());
        (skipped, read)
    }

    #[test]
    fn a_look_at_a_file_whose_errors_are_printed_is_left_out() {
        let part = "if os.path.exists('/data/s.json'):\n    try:\n        with open('/data/s.json') as fh:\n            doc = json.load(fh)\n        if doc.get('stale'):\n            print('stale')\n    except Exception as e:\n        print(e)\n";
        assert_eq!(left_out(part), (true, true));
    }

    #[test]
    fn what_escapes_the_try_is_not_left_out() {
        let exits = "try:\n    doc = json.load(open('/data/s.json'))\n    if doc.get('stale'):\n        sys.exit(1)\nexcept Exception as e:\n    print(e)\n";
        let outer = "found = []\ntry:\n    found.append(json.load(open('/x')))\nexcept Exception:\n    print('no')\nif found:\n    sys.exit(1)\n";
        let kept = "try:\n    doc = json.load(open('/x'))\nexcept Exception:\n    print('no')\nprint(doc)\n";
        let writes = "try:\n    with open('/x', 'w') as fh:\n        fh.write('1')\nexcept Exception:\n    print('no')\n";
        let narrow = "try:\n    doc = json.load(open('/x'))\nexcept ValueError:\n    print('no')\n";
        let checks = "try:\n    urllib.request.urlopen('http://127.0.0.1:9/', timeout=2)\nexcept Exception:\n    print('no')\n";
        let own = "def fix():\n    os.remove('/x')\ntry:\n    fix()\nexcept Exception:\n    print('no')\n";
        for part in [exits, outer, kept, writes, narrow, checks, own] {
            assert!(!left_out(part).0, "left out:\n{part}");
        }
    }
}
