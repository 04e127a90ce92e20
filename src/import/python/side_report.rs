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
        if !matches!(n.kind(), "if_statement" | "try_statement") {
            return false;
        }
        let mut guarded = false;
        walk(n, &mut |c| guarded |= c.kind() == "try_statement");
        guarded && self.reports_only(n, 0)
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
            "pass_statement" => true,
            // Outside a `try`, a report whose arguments cannot raise: `print("…", e)`,
            // `print(f"… {e}")`, not `"…" + e` or `e.message`.
            "expression_statement" => named(n).first().is_some_and(|c| match c.kind() {
                "string" => true,
                "call" => {
                    self.is_harmless_call(*c)
                        && !self.updates_counter(*c)
                        && c.child_by_field_name("arguments")
                            .is_some_and(|a| self.arguments_cannot_raise(a))
                }
                _ => false,
            }),
            _ => false,
        }
    }

    /// Arguments that cannot raise: text, numbers, names, f-strings of names, keywords of
    /// those (`file=sys.stderr`), a module's attribute.
    fn arguments_cannot_raise(&self, args: Node<'a>) -> bool {
        let mut ok = true;
        walk(args, &mut |c| {
            ok &= match c.kind() {
                "argument_list" | "keyword_argument" | "string" | "string_start"
                | "string_content" | "string_end" | "escape_sequence" | "interpolation"
                | "integer" | "float" | "true" | "false" | "none" | "identifier" => true,
                "attribute" => c
                    .child_by_field_name("object")
                    .is_some_and(|o| o.kind() == "identifier" && self.is_module(self.text(o))),
                _ => false,
            };
        });
        ok
    }

    /// Whether `name` is a module the script imports (`import sys`, `import numpy as np`).
    fn is_module(&self, name: &str) -> bool {
        if self.imports.contains_key(name) {
            return true;
        }
        let Some(root) = self.root else { return false };
        let mut found = false;
        walk(root, &mut |c| {
            found |= c.kind() == "import_statement"
                && named(c).into_iter().any(|m| {
                    m.kind() == "dotted_name" && self.text(m).split('.').next() == Some(name)
                });
        });
        found
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
                // (An `else` runs outside the handlers, on what the body read: refused.)
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
        // A method that reads (`data.get("k")`, `text.strip()`, `fh.read()`) of a value made
        // in `body`, traced back to its name: `a.b(…).c(…)` is `a`'s.
        const READS: [&str; 34] = [
            "get",
            "keys",
            "values",
            "items",
            "strip",
            "lstrip",
            "rstrip",
            "split",
            "rsplit",
            "replace",
            "lower",
            "upper",
            "startswith",
            "endswith",
            "read",
            "readline",
            "readlines",
            "decode",
            "encode",
            "format",
            "isoformat",
            "strftime",
            "total_seconds",
            "timestamp",
            "group",
            "groups",
            "match",
            "search",
            "findall",
            "count",
            "index",
            "find",
            "join",
            "read_text",
        ];
        let method = call
            .child_by_field_name("function")
            .filter(|f| f.kind() == "attribute")
            .and_then(|f| f.child_by_field_name("attribute"))
            .map(|a| self.text(a));
        if !method.is_some_and(|m| READS.contains(&m)) {
            return false;
        }
        let mut object = call.child_by_field_name("function");
        while let Some(o) = object {
            match o.kind() {
                "identifier" => {
                    return o.id() != call.child_by_field_name("function").map_or(0, |f| f.id())
                        && self.made_inside(body, self.text(o));
                }
                "attribute" => object = o.child_by_field_name("object"),
                "call" => object = o.child_by_field_name("function"),
                "subscript" => object = o.child_by_field_name("value"),
                _ => return false,
            }
        }
        false
    }

    /// Whether every binding of `name` in `body` makes a new value from what only reads
    /// (`doc = json.load(fh)`, `with open(p) as fh`), not another name for a value made
    /// outside (`more = URLS`, `for u in URLS`).
    fn made_inside(&self, body: Node<'a>, name: &str) -> bool {
        let mut made = false;
        let mut aliased = false;
        walk(body, &mut |c| {
            let (target, value) = match c.kind() {
                "assignment" => (
                    c.child_by_field_name("left"),
                    c.child_by_field_name("right"),
                ),
                "as_pattern" => (c.child_by_field_name("alias"), named(c).into_iter().next()),
                "for_statement" | "for_in_clause" => (c.child_by_field_name("left"), None),
                _ => (None, None),
            };
            if target.is_none_or(|t| self.text(t) != name) {
                return;
            }
            match value {
                Some(v) if v.kind() == "call" && self.reads_only(body, v) => made = true,
                Some(v) if matches!(v.kind(), "string" | "integer" | "float") => made = true,
                _ => aliased = true,
            }
        });
        made && !aliased
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

    /// A condition that cannot fail or change anything: whether a path the script writes
    /// (or takes from the environment with a default) exists — `os.path.exists(p)`,
    /// `Path(p).is_file()` — under `not`, `and`, `or`.
    fn harmless_test(&self, n: Node<'a>) -> bool {
        match n.kind() {
            "not_operator" => n
                .child_by_field_name("argument")
                .is_some_and(|a| self.harmless_test(a)),
            "boolean_operator" | "parenthesized_expression" => {
                named(n).into_iter().all(|c| self.harmless_test(c))
            }
            "call" => {
                let f = self.callee(n);
                let args = n
                    .child_by_field_name("arguments")
                    .map(named)
                    .unwrap_or_default();
                let method = f.rsplit('.').next().unwrap_or_default();
                match f.as_str() {
                    "os.path.exists" | "os.path.isfile" | "os.path.isdir" | "os.path.islink"
                    | "os.path.lexists" => matches!(args.as_slice(), [p] if self.known_path(*p)),
                    // `Path(p).exists()`
                    _ if matches!(method, "exists" | "is_file" | "is_dir") && args.is_empty() => n
                        .child_by_field_name("function")
                        .and_then(|f| f.child_by_field_name("object"))
                        .filter(|o| {
                            o.kind() == "call"
                                && matches!(
                                    self.callee(*o).as_str(),
                                    "pathlib.Path" | "pathlib.PosixPath"
                                )
                        })
                        .and_then(|o| o.child_by_field_name("arguments"))
                        .map(named)
                        .is_some_and(|a| matches!(a.as_slice(), [p] if self.known_path(*p))),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// A path that is text whatever the environment holds: written, or a variable's with a
    /// default (never `None`).
    fn known_path(&self, p: Node<'a>) -> bool {
        // `os.environ.get("X")` is None where X is unset (which the suite's reading of it
        // writes `${X:-}`): directly or through a name.
        let maybe_none = |n: Node| {
            n.kind() == "call"
                && matches!(self.callee(n).as_str(), "os.environ.get" | "os.getenv")
                && n.child_by_field_name("arguments")
                    .is_some_and(|a| named(a).len() < 2)
        };
        if maybe_none(p) {
            return false;
        }
        if p.kind() == "identifier"
            && self
                .assigned_values(self.text(p))
                .iter()
                .any(|v| v.is_some_and(maybe_none))
        {
            return false;
        }
        self.value(p).is_ok_and(|t| {
            t.0.iter().all(|piece| match piece {
                super::Piece::Lit(_) => true,
                super::Piece::Var(_, default) => default.is_some(),
                _ => false,
            })
        })
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
        // What runs outside the handlers' protection and can raise: an `else`, a handler's
        // own report, the condition of an `if` (`os.path.exists(None)`).
        let else_raises = "try:\n    doc = json.load(open('/x'))\nexcept Exception as e:\n    print(e)\nelse:\n    print(doc['last'])\n";
        let handler_raises = "try:\n    doc = json.load(open('/x'))\nexcept Exception as e:\n    print('bad: ' + e.message)\n";
        let none_path = "STATE = os.environ.get('STATE_FILE')\nif os.path.exists(STATE):\n    try:\n        print(json.load(open(STATE)))\n    except Exception as e:\n        print(e)\n";
        // A change made through a name bound inside: an alias of a list, a path removed.
        let alias = "URLS = ['http://127.0.0.1:8080/']\ntry:\n    more = URLS\n    more.extend(json.load(open('/x')))\nexcept Exception:\n    print('no')\nfor u in URLS:\n    urllib.request.urlopen(u, timeout=3)\n";
        let unlink = "import pathlib\ntry:\n    flag = pathlib.Path('/tmp/flag')\n    flag.unlink()\nexcept Exception:\n    print('no')\n";
        for part in [
            exits,
            outer,
            kept,
            writes,
            narrow,
            checks,
            own,
            else_raises,
            handler_raises,
            none_path,
            alias,
            unlink,
        ] {
            assert!(!left_out(part).0, "left out:\n{part}");
        }
    }
}
