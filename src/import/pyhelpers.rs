//! A Python script's small value helpers read where they are called: `def _env(name, default=""):
//! return os.environ.get(name, default) or default` called as `_env("DB_HOST", "localhost")` is
//! the same program as `(os.environ.get(("DB_HOST"), ("localhost")) or ("localhost"))` written in
//! its place, and `def url(path): base = os.getenv("BASE", "http://localhost:8000"); return
//! f"{base}{path}"`… likewise, with each name the helper assigns replaced by what it holds.
//! [`inline_value_helpers`] writes that program, line for line (a call over several lines keeps
//! its line breaks inside the parentheses), for the reader in [`super::python`], which reads
//! values written out; what the suite keeps of the script is the script as written.
//!
//! Only where nothing can differ: the helper is defined once at the module's top level, takes
//! plain parameters (no `*args`, `**kwargs`, decorators), and its body is names assigned once
//! each and one `return`; a value that calls anything but a small list of pure functions is
//! written out exactly once (never twice, never dropped); the names it reads that are not its
//! own are bound by no function of the script (so the caller cannot shadow them); and it has no
//! lambda, comprehension, `await` or `yield`, which bring scopes and evaluation of their own.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::python::walk;

/// Calls with no effect, which a written-out value may repeat or leave out.
const PURE: [&str; 9] = [
    "os.getenv",
    "os.environ.get",
    "int",
    "str",
    "float",
    "bool",
    "len",
    "min",
    "max",
];

/// Methods of text with no effect.
const PURE_METHODS: [&str; 14] = [
    "strip",
    "lstrip",
    "rstrip",
    "lower",
    "upper",
    "format",
    "startswith",
    "endswith",
    "replace",
    "split",
    "join",
    "removeprefix",
    "removesuffix",
    "rsplit",
];

/// A helper: its parameters (with their defaults' text) and the value it returns, written
/// with its parameters as `\u{0}N\u{0}` (the N-th) to be filled at each call.
struct Helper {
    params: Vec<(String, Option<String>)>,
    /// The returned value, its pieces: text, or the N-th parameter.
    value: Vec<Part>,
    /// How many times each parameter is written in `value`.
    uses: Vec<usize>,
    /// Whether a parameter is written where it may not be computed (right of `and`/`or`, a
    /// branch of `… if … else …`), where the call computes it in any case.
    lazy: Vec<bool>,
    /// Whether the body calls something with an effect (then the arguments, computed before
    /// it in the script, must have none).
    effect: bool,
}

#[derive(Clone)]
enum Part {
    Text(String),
    /// The i-th parameter; `quote` where it is inside an f-string's braces, where an argument
    /// with that quote would end the text (before Python 3.12); `lazy` where it may not be
    /// computed.
    Param {
        i: usize,
        quote: Option<char>,
        lazy: bool,
    },
}

/// The script with each call of a value helper written as the value it returns; `None` where
/// there is none.
pub(super) fn inline_value_helpers(src: &str) -> Option<String> {
    let mut out = src.to_string();
    let mut changed = false;
    // A helper may call another: each round writes out one level.
    for _ in 0..3 {
        match one_round(&out) {
            Some(next) if next != out => {
                out = next;
                changed = true;
            }
            _ => break,
        }
    }
    changed.then_some(out)
}

fn one_round(src: &str) -> Option<String> {
    let tree = super::python::parse(src)?;
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let text = |n: Node| &src[n.byte_range()];
    // What every function of the script binds (parameters, assignments, loop and `with`
    // names), each function apart.
    let mut bound_by: Vec<(usize, HashSet<String>)> = Vec::new();
    walk(root, &mut |n| {
        if n.kind() == "function_definition" {
            bound_by.push((n.id(), bound_names(n, src)));
        }
    });
    // Names the module itself binds other than by one plain assignment (a loop, `with … as`,
    // `+=`, twice): what a helper reads of them depends on when it is called.
    let rebound = module_rebound(root, src);
    let mut defined: HashMap<String, usize> = HashMap::new();
    walk(root, &mut |n| {
        if matches!(n.kind(), "function_definition" | "class_definition")
            && let Some(name) = n.child_by_field_name("name")
        {
            *defined.entry(text(name).to_string()).or_default() += 1;
        }
    });
    let mut helpers: HashMap<String, Helper> = HashMap::new();
    let mut c = root.walk();
    for def in root.named_children(&mut c) {
        if def.kind() != "function_definition" {
            continue;
        }
        let Some(name) = def.child_by_field_name("name").map(text) else {
            continue;
        };
        if defined.get(name) != Some(&1) {
            continue;
        }
        let others: HashSet<&str> = bound_by
            .iter()
            .filter(|(id, _)| *id != def.id())
            .flat_map(|(_, names)| names.iter().map(String::as_str))
            .chain(rebound.iter().map(String::as_str))
            .collect();
        if let Some(h) = helper(def, src, name, &others) {
            helpers.insert(name.to_string(), h);
        }
    }
    if helpers.is_empty() {
        return None;
    }
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    walk(root, &mut |n| {
        if n.kind() != "call" {
            return;
        }
        let Some(f) = n.child_by_field_name("function") else {
            return;
        };
        if f.kind() != "identifier" {
            return;
        }
        let Some(h) = helpers.get(text(f)) else {
            return;
        };
        // Not the helper's own body (a helper calling itself is no helper: refused there).
        if let Some(with) = written_out(h, n, src) {
            edits.push((n.start_byte(), n.end_byte(), with));
        }
    });
    // A call inside another's arguments: the outer one is written out, the inner one next
    // round.
    edits.sort_by_key(|(s, e, _)| (*s, std::cmp::Reverse(*e)));
    let mut kept: Vec<(usize, usize, String)> = Vec::new();
    for e in edits {
        if kept.last().is_some_and(|k| e.0 < k.1) {
            continue;
        }
        kept.push(e);
    }
    if kept.is_empty() {
        return None;
    }
    super::apply_edits(src, kept)
}

/// The names a function binds: its parameters and every name assigned, looped over, caught or
/// opened with `as` in its body (not in functions inside it, which are counted apart).
fn bound_names(def: Node, src: &str) -> HashSet<String> {
    let mut names = HashSet::new();
    let text = |n: Node| src[n.byte_range()].to_string();
    if let Some(params) = def.child_by_field_name("parameters") {
        walk(params, &mut |p| {
            if p.kind() == "identifier" && p.parent().is_some_and(|q| q.kind() != "attribute") {
                names.insert(text(p));
            }
        });
    }
    if let Some(body) = def.child_by_field_name("body") {
        walk(body, &mut |n| {
            let target = match n.kind() {
                "assignment" | "augmented_assignment" => n.child_by_field_name("left"),
                "for_statement" | "for_in_clause" => n.child_by_field_name("left"),
                "as_pattern" => n.child_by_field_name("alias"),
                "named_expression" => n.child_by_field_name("name"),
                "global_statement" | "nonlocal_statement" => Some(n),
                _ => None,
            };
            if let Some(t) = target {
                walk(t, &mut |i| {
                    if i.kind() == "identifier"
                        && i.parent().is_none_or(|q| {
                            q.kind() != "attribute"
                                || q.child_by_field_name("object").map(|o| o.id()) == Some(i.id())
                        })
                    {
                        names.insert(text(i));
                    }
                });
            }
            if n.kind() == "except_clause" {
                // `except E as e`: the name after `as`.
                let mut c = n.walk();
                let kids: Vec<Node> = n.children(&mut c).collect();
                if let Some(i) = kids.iter().position(|k| k.kind() == "as")
                    && let Some(name) = kids.get(i + 1)
                {
                    names.insert(text(*name));
                }
            }
        });
    }
    names
}

/// The names the module binds (outside its functions and classes) by anything but one plain
/// assignment.
fn module_rebound(root: Node, src: &str) -> HashSet<String> {
    let text = |n: Node| src[n.byte_range()].to_string();
    let mut plain: HashMap<String, usize> = HashMap::new();
    let mut other = HashSet::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if matches!(n.kind(), "function_definition" | "class_definition") {
            continue;
        }
        let mut names = |t: Node, into_plain: bool| {
            walk(t, &mut |i| {
                if i.kind() == "identifier"
                    && i.parent().is_none_or(|q| {
                        q.kind() != "attribute"
                            || q.child_by_field_name("object").map(|o| o.id()) == Some(i.id())
                    })
                {
                    if into_plain {
                        *plain.entry(text(i)).or_default() += 1;
                    } else {
                        other.insert(text(i));
                    }
                }
            })
        };
        match n.kind() {
            "assignment" => {
                if let Some(l) = n.child_by_field_name("left") {
                    names(l, l.kind() == "identifier");
                }
            }
            "augmented_assignment" | "for_statement" | "for_in_clause" => {
                if let Some(l) = n.child_by_field_name("left") {
                    names(l, false);
                }
            }
            "as_pattern" => {
                if let Some(a) = n.child_by_field_name("alias") {
                    names(a, false);
                }
            }
            "named_expression" | "global_statement" => names(n, false),
            _ => {}
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    other.extend(plain.into_iter().filter(|(_, k)| *k > 1).map(|(n, _)| n));
    other
}

/// `def NAME(PARAMS): [docstring] (LOCAL = VALUE)* return VALUE` as a helper, where it is one.
fn helper(def: Node, src: &str, name: &str, others: &HashSet<&str>) -> Option<Helper> {
    let text = |n: Node| &src[n.byte_range()];
    if def
        .parent()
        .is_some_and(|p| p.kind() == "decorated_definition")
        || text(def).starts_with("async")
    {
        return None;
    }
    let mut params: Vec<(String, Option<String>)> = Vec::new();
    let mut c = def.child_by_field_name("parameters")?.walk();
    for p in def
        .child_by_field_name("parameters")?
        .named_children(&mut c)
    {
        match p.kind() {
            "identifier" => params.push((text(p).to_string(), None)),
            "typed_parameter" => {
                let i = p.named_child(0).filter(|i| i.kind() == "identifier")?;
                params.push((text(i).to_string(), None));
            }
            "default_parameter" | "typed_default_parameter" => {
                let i = p
                    .child_by_field_name("name")
                    .filter(|i| i.kind() == "identifier")?;
                let d = p.child_by_field_name("value")?;
                // A default is computed once, where the function is defined: only literals.
                if !matches!(
                    d.kind(),
                    "string" | "integer" | "float" | "true" | "false" | "none"
                ) || (d.kind() == "string" && has_interpolation(d))
                {
                    return None;
                }
                params.push((text(i).to_string(), Some(text(d).to_string())));
            }
            "comment" => {}
            _ => return None,
        }
    }
    let body = def.child_by_field_name("body")?;
    let mut c = body.walk();
    let mut statements: Vec<Node> = body
        .named_children(&mut c)
        .filter(|s| s.kind() != "comment")
        .collect();
    if statements.first().is_some_and(|s| {
        s.kind() == "expression_statement"
            && s.named_child_count() == 1
            && s.named_child(0).is_some_and(|d| d.kind() == "string")
    }) && statements.len() > 1
    {
        statements.remove(0);
    }
    let (last, locals) = statements.split_last()?;
    if last.kind() != "return_statement" {
        return None;
    }
    // `if url: return url` among the assignments: the value is `url or (…)`, what the rest
    // would return (computed only where `url` is false, as the function does).
    let mut locals = locals.to_vec();
    let guard = match locals.iter().position(|s| guard_of(*s, src).is_some()) {
        Some(g) => {
            let name = guard_of(locals.remove(g), src)?;
            Some((g, name))
        }
        None => None,
    };
    if locals.iter().any(|s| s.kind() != "expression_statement") {
        return None;
    }
    let returned = last.named_child(0)?;
    // What each name holds so far, as parts.
    // (A parameter is put in parentheses where it is filled, if it needs them.)
    let mut env: HashMap<String, (Vec<Part>, bool)> = params
        .iter()
        .enumerate()
        .map(|(i, (p, _))| {
            let param = Part::Param {
                i,
                quote: None,
                lazy: false,
            };
            (p.clone(), (vec![param], true))
        })
        .collect();
    // Names holding a value with an effect (or computed from one): each must be written
    // out once. One call with an effect at most, so that nothing runs in another order.
    let mut effects: Vec<String> = Vec::new();
    let mut effect = false;
    let reads = |name: &str, from: &[Node]| {
        let mut count = 0;
        for n in from {
            walk(*n, &mut |i| {
                if i.kind() == "identifier" && text(i) == name {
                    count += 1;
                }
            });
        }
        count
    };
    let later: Vec<Node> = locals
        .iter()
        .map(|s| {
            s.named_child(0)
                .and_then(|a| a.child_by_field_name("right"))
                .unwrap_or(*s)
        })
        .chain([returned])
        .collect();
    for (at, s) in locals.iter().enumerate() {
        let a = s
            .named_child(0)
            .filter(|a| s.kind() == "expression_statement" && a.kind() == "assignment")?;
        let left = a
            .child_by_field_name("left")
            .filter(|l| l.kind() == "identifier")?;
        let right = a.child_by_field_name("right")?;
        if right.kind() == "assignment" || params.iter().any(|(p, _)| p == text(left)) {
            return None;
        }
        if !plain(right, src) {
            return None;
        }
        let direct = !pure(right, src);
        if direct && effect {
            return None;
        }
        effect |= direct;
        if direct || effects.iter().any(|e| reads(e, &[right]) > 0) {
            if reads(text(left), &later[at + 1..]) != 1 {
                return None;
            }
            effects.push(text(left).to_string());
        }
        // A value that may raise is computed where it is read: once, and surely.
        if !inert(right) {
            // (The guard `if NAME:` reads its name surely, before anything after it.)
            let mut surely_once = usize::from(
                guard
                    .as_ref()
                    .is_some_and(|(g, guarded)| at < *g && guarded == text(left)),
            );
            for top in &later[at + 1..] {
                let mut bad = false;
                walk(*top, &mut |i| {
                    if i.kind() == "identifier" && text(i) == text(left) {
                        surely_once += 1;
                        bad |= lazy_at(i, *top);
                    }
                });
                if bad {
                    return None;
                }
            }
            if surely_once != 1 {
                return None;
            }
        }
        let parts = render(right, src, &env, name, others)?;
        if env
            .insert(text(left).to_string(), (parts, atom(right)))
            .is_some()
        {
            // Assigned twice: refused (what each read sees would depend on where it is).
            return None;
        }
    }
    if !plain(returned, src) {
        return None;
    }
    effect |= !pure(returned, src);
    let mut value = render(returned, src, &env, name, others)?;
    if let Some((g, guarded)) = &guard {
        // What is assigned before the guard is computed surely there, and may be read only
        // after it (where it is written, computed only if the guard is false): only values
        // with no effect that cannot raise. The guarded name, read nowhere after it.
        let assigned_name = |st: &Node| {
            st.named_child(0)
                .and_then(|a| a.child_by_field_name("left"))
                .map(text)
        };
        let before_ok = locals[..*g].iter().all(|st| {
            let right = st
                .named_child(0)
                .and_then(|a| a.child_by_field_name("right"));
            right.is_some_and(|r| pure(r, src) && (inert(r) || assigned_name(st) == Some(guarded)))
        });
        let assigned_before = locals[..*g]
            .iter()
            .any(|st| assigned_name(st) == Some(guarded.as_str()));
        let is_param = params.iter().any(|(p, _)| p == guarded);
        if !before_ok || !(assigned_before || is_param) || reads(guarded, &later[*g..]) != 0 {
            return None;
        }
        let (held, is_atom) = env.get(guarded.as_str())?.clone();
        for p in &mut value {
            if let Part::Param { lazy, .. } = p {
                *lazy = true;
            }
        }
        let mut guarded_value = Vec::new();
        guarded_value.push(Part::Text(if is_atom { "" } else { "(" }.into()));
        guarded_value.extend(held);
        guarded_value.push(Part::Text(if is_atom { " or (" } else { ") or (" }.into()));
        guarded_value.extend(value);
        guarded_value.push(Part::Text(")".into()));
        value = guarded_value;
    }
    let mut uses = vec![0; params.len()];
    let mut lazy = vec![false; params.len()];
    for p in &value {
        if let Part::Param { i, lazy: l, .. } = p {
            uses[*i] += 1;
            lazy[*i] |= *l;
        }
    }
    Some(Helper {
        params,
        value,
        uses,
        lazy,
        effect,
    })
}

/// `if NAME: return NAME` (no other branch): the name.
fn guard_of(s: Node, src: &str) -> Option<String> {
    if s.kind() != "if_statement" || s.child_by_field_name("alternative").is_some() {
        return None;
    }
    let cond = s
        .child_by_field_name("condition")
        .filter(|c| c.kind() == "identifier")?;
    let body = s.child_by_field_name("consequence")?;
    let mut c = body.walk();
    let inner: Vec<Node> = body
        .named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .collect();
    let [ret] = inner.as_slice() else {
        return None;
    };
    let returned = ret
        .named_child(0)
        .filter(|r| ret.kind() == "return_statement" && r.kind() == "identifier")?;
    let name = &src[cond.byte_range()];
    (src[returned.byte_range()] == *name).then(|| name.to_string())
}

/// No lambda, comprehension, `await`, `yield`, walrus or multi-line text: what could scope or
/// run differently where the value is written out.
fn plain(n: Node, src: &str) -> bool {
    let mut ok = true;
    walk(n, &mut |c| match c.kind() {
        "lambda"
        | "list_comprehension"
        | "dictionary_comprehension"
        | "set_comprehension"
        | "generator_expression"
        | "await"
        | "yield"
        | "named_expression"
        | "comment" => ok = false,
        "string" if src[c.byte_range()].contains('\n') => ok = false,
        _ => {}
    });
    ok
}

/// Whether `n` calls nothing but the pure functions and methods.
fn pure(n: Node, src: &str) -> bool {
    let mut ok = true;
    walk(n, &mut |c| {
        if c.kind() == "call" {
            let f = c.child_by_field_name("function");
            let callee = f.map(|f| &src[f.byte_range()]).unwrap_or_default();
            let method = f
                .filter(|f| f.kind() == "attribute")
                .and_then(|f| f.child_by_field_name("attribute"))
                .map(|a| &src[a.byte_range()]);
            ok &= PURE.contains(&callee) || method.is_some_and(|m| PURE_METHODS.contains(&m));
        }
    });
    ok
}

/// Whether `n` can be computed any number of times, or not at all, with no difference: a
/// literal, a name, a name's attribute.
fn inert(n: Node) -> bool {
    match n.kind() {
        "string" => !has_interpolation(n),
        "integer" | "float" | "true" | "false" | "none" | "identifier" => true,
        "attribute" => n.child_by_field_name("object").is_some_and(inert),
        _ => false,
    }
}

/// Whether `c`, under `top`, may not be computed: right of `and`/`or`, or in a branch of
/// `… if … else …`.
fn lazy_at(c: Node, top: Node) -> bool {
    let within = |outer: Option<Node>| {
        outer.is_some_and(|o| o.start_byte() <= c.start_byte() && c.end_byte() <= o.end_byte())
    };
    let mut p = c.parent();
    while let Some(q) = p {
        match q.kind() {
            "boolean_operator" if within(q.child_by_field_name("right")) => return true,
            // (`A if COND else B`: COND is always computed.)
            "conditional_expression" if !within(q.named_child(1)) => return true,
            _ => {}
        }
        if q.id() == top.id() {
            break;
        }
        p = q.parent();
    }
    false
}

/// Whether `n` reads as one value wherever it is written, with no parentheses around it.
fn atom(n: Node) -> bool {
    matches!(
        n.kind(),
        "string"
            | "concatenated_string"
            | "integer"
            | "float"
            | "true"
            | "false"
            | "none"
            | "identifier"
            | "attribute"
            | "call"
            | "subscript"
            | "parenthesized_expression"
            | "list"
            | "tuple"
            | "dictionary"
    )
}

fn has_interpolation(s: Node) -> bool {
    let mut found = false;
    walk(s, &mut |c| found |= c.kind() == "interpolation");
    found
}

/// `n`'s text with each name in `env` replaced by what it holds (in parentheses), or `None`
/// where it reads a name bound elsewhere by a function (which a caller could shadow) or calls
/// the helper itself.
fn render(
    n: Node,
    src: &str,
    env: &HashMap<String, (Vec<Part>, bool)>,
    helper: &str,
    others: &HashSet<&str>,
) -> Option<Vec<Part>> {
    let mut names: Vec<Node> = Vec::new();
    let mut refused = false;
    // The quote of the f-string whose braces `c` is in.
    let inside_text = |c: Node, top: Node| {
        let mut p = c.parent();
        let mut braced = false;
        while let Some(q) = p {
            braced |= q.kind() == "interpolation";
            if braced && q.kind() == "string" {
                return src[q.byte_range()]
                    .trim_start_matches(char::is_alphabetic)
                    .chars()
                    .next();
            }
            if q.id() == top.id() {
                break;
            }
            p = q.parent();
        }
        None
    };
    walk(n, &mut |c| {
        if c.kind() != "identifier" {
            return;
        }
        let Some(p) = c.parent() else { return };
        // `x.attr`'s `attr`, `f(key=…)`'s `key`: not names read.
        if p.kind() == "attribute"
            && p.child_by_field_name("attribute").map(|a| a.id()) == Some(c.id())
        {
            return;
        }
        if p.kind() == "keyword_argument"
            && p.child_by_field_name("name").map(|a| a.id()) == Some(c.id())
        {
            return;
        }
        let name = &src[c.byte_range()];
        if env.contains_key(name) {
            names.push(c);
        } else if name == helper || others.contains(name) {
            refused = true;
        }
    });
    if refused {
        return None;
    }
    let mut parts = Vec::new();
    let mut at = n.start_byte();
    for c in names {
        parts.push(Part::Text(src[at..c.start_byte()].to_string()));
        let (value, atom) = &env[&src[c.byte_range()]];
        let mut value = value.clone();
        if let Some(within) = inside_text(c, n) {
            // Text in the f-string's own quote would end it (before Python 3.12): the value's
            // strings in the other quote, where it has neither that quote as text nor escapes.
            let other = if within == '"' { '\'' } else { '"' };
            let requote = value.iter().all(|p| match p {
                Part::Text(t) => !t.contains(other) && !t.contains('\\'),
                Part::Param { .. } => true,
            });
            for p in &mut value {
                match p {
                    Part::Param {
                        quote: q @ None, ..
                    } => *q = Some(within),
                    Part::Param { quote: Some(q), .. } if *q != within => return None,
                    Part::Text(t) if t.contains(within) && requote => {
                        *t = t.replace(within, &other.to_string());
                    }
                    Part::Text(t) if t.contains(within) => return None,
                    _ => {}
                }
            }
        }
        if lazy_at(c, n) {
            for p in &mut value {
                if let Part::Param { lazy, .. } = p {
                    *lazy = true;
                }
            }
        }
        if !atom {
            parts.push(Part::Text("(".into()));
        }
        parts.extend(value);
        if !atom {
            parts.push(Part::Text(")".into()));
        }
        at = c.end_byte();
    }
    parts.push(Part::Text(src[at..n.end_byte()].to_string()));
    Some(parts)
}

/// The call `call` of `h` written as the value `h` returns, its arguments in place of the
/// parameters; `None` where they do not match or an argument with an effect would be written
/// out other than once.
fn written_out(h: &Helper, call: Node, src: &str) -> Option<String> {
    let text = |n: Node| &src[n.byte_range()];
    let args = call.child_by_field_name("arguments")?;
    if args.kind() != "argument_list" {
        return None;
    }
    let mut given: Vec<Option<Node>> = vec![None; h.params.len()];
    let mut positional = 0;
    let mut c = args.walk();
    for a in args.named_children(&mut c) {
        match a.kind() {
            "comment" => {}
            "keyword_argument" => {
                let k = text(a.child_by_field_name("name")?);
                let i = h.params.iter().position(|(p, _)| p == k)?;
                if given[i].is_some() {
                    return None;
                }
                given[i] = Some(a.child_by_field_name("value")?);
            }
            "list_splat" | "dictionary_splat" | "parenthesized_list_splat" => return None,
            _ => {
                if positional >= given.len() || given[positional].is_some() {
                    return None;
                }
                given[positional] = Some(a);
                positional += 1;
            }
        }
    }
    let mut values: Vec<String> = Vec::new();
    // Arguments with an effect: one at most, written once, and none where the body has one
    // (which the script runs after them).
    let mut effects = 0;
    for (i, (_, default)) in h.params.iter().enumerate() {
        let v = match (given[i], default) {
            (Some(a), _) => {
                if !plain(a, src) {
                    return None;
                }
                // What may raise is computed once and surely, as the call computes it.
                if !inert(a) && (h.uses[i] != 1 || h.lazy[i]) {
                    return None;
                }
                if !pure(a, src) {
                    effects += 1;
                    if h.uses[i] != 1 || h.effect || effects > 1 {
                        return None;
                    }
                }
                if atom(a) {
                    text(a).replace('\n', " ")
                } else {
                    format!("({})", text(a).replace('\n', " "))
                }
            }
            (None, Some(d)) => d.clone(),
            (None, None) => return None,
        };
        values.push(v);
    }
    let mut out = String::from("(");
    for p in &h.value {
        match p {
            Part::Text(t) => out.push_str(&t.replace('\n', " ")),
            Part::Param {
                i, quote: Some(q), ..
            } if values[*i].contains(*q) => return None,
            Part::Param { i, .. } => out.push_str(&values[*i]),
        }
    }
    // The lines after stay where they were.
    out.push_str(&"\n".repeat(text(call).matches('\n').count()));
    out.push(')');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::inline_value_helpers;

    #[test]
    fn a_value_helper_is_written_where_it_is_called() {
        let src = "import os\n\ndef _env(name, default=\"\"):\n    \"\"\"The variable.\"\"\"\n    return os.environ.get(name, default) or default\n\nc = connect(host=_env(\"DB_HOST\", \"localhost\"),\n    port=int(_env(\"DB_PORT\", \"5432\")))\nx = 1\n";
        assert_eq!(
            inline_value_helpers(src).as_deref(),
            Some(
                "import os\n\ndef _env(name, default=\"\"):\n    \"\"\"The variable.\"\"\"\n    return os.environ.get(name, default) or default\n\nc = connect(host=(os.environ.get(\"DB_HOST\", \"localhost\") or \"localhost\"),\n    port=int((os.environ.get(\"DB_PORT\", \"5432\") or \"5432\")))\nx = 1\n"
            )
        );
        let locals = "def url(path):\n    host = os.getenv('H', 'localhost')\n    return f\"http://{host}:80\" + path\n\nr = get(url(\n  '/health'))\n";
        assert_eq!(
            inline_value_helpers(locals).as_deref(),
            Some(
                "def url(path):\n    host = os.getenv('H', 'localhost')\n    return f\"http://{host}:80\" + path\n\nr = get((f\"http://{os.getenv('H', 'localhost')}:80\" + '/health'\n))\n"
            )
        );
        // A helper calling a helper: both written out.
        let nested = "def a(x):\n    return x + 1\n\ndef b(y):\n    return a(y) * 2\n\nz = b(3)\n";
        assert_eq!(
            inline_value_helpers(nested).as_deref(),
            Some(
                "def a(x):\n    return x + 1\n\ndef b(y):\n    return (y + 1) * 2\n\nz = ((3 + 1) * 2)\n"
            )
        );
    }

    #[test]
    fn a_guard_returning_its_name_is_an_or() {
        let src = "def url():\n    u = os.getenv(\"URL\")\n    if u:\n        return u\n    host = os.getenv(\"HOST\", \"db\")\n    return f\"http://{host}/\"\n\nr = get(url())\n";
        let out = inline_value_helpers(src).unwrap();
        // The value's own strings in the other quote, inside the f-string's braces.
        assert!(
            out.ends_with(
                "r = get((os.getenv(\"URL\") or (f\"http://{os.getenv('HOST', 'db')}/\")))\n"
            ),
            "{out}"
        );
        for src in [
            // A value before the guard with an effect, or one that may raise and is read
            // only after it (then computed only where the guard is false).
            "def f():\n    u = get(x)\n    if u:\n        return u\n    return 'd'\n\nf()\n",
            "def f():\n    p = int(os.getenv('P'))\n    u = os.getenv('U')\n    if u:\n        return u\n    return p\n\nf()\n",
            // The guarded name read after the guard; another name returned; an `else`.
            "def f():\n    u = os.getenv('U')\n    if u:\n        return u\n    return u + 'x'\n\nf()\n",
            "def f():\n    u = os.getenv('U')\n    if u:\n        return 'x'\n    return 'y'\n\nf()\n",
            "def f():\n    u = os.getenv('U')\n    if u:\n        return u\n    else:\n        pass\n    return 'y'\n\nf()\n",
            // Text with both quotes cannot be put in the other one.
            "def f():\n    h = os.getenv(\"H\", \"it's\")\n    return f\"http://{h}/\"\n\nf()\n",
        ] {
            assert_eq!(inline_value_helpers(src), None, "{src}");
        }
    }

    #[test]
    fn a_helper_whose_value_could_differ_is_left() {
        for src in [
            // An effect written out twice, or not at all.
            "def f(r):\n    return r.status + r.status\n\nf(get(u))\n",
            "def f(r):\n    return 1\n\nf(get(u))\n",
            // A local with an effect read twice.
            "def f():\n    r = get(u)\n    return r.ok and r.text\n\nf()\n",
            // More than a return.
            "def f(x):\n    if x:\n        return 1\n    return 2\n\nf(1)\n",
            // A name a function binds, which a caller may shadow.
            "def f():\n    return base + '/x'\n\ndef main():\n    base = 'y'\n    return f()\n",
            // Arguments that do not match, splats, defaults computed at definition.
            "def f(x):\n    return x\n\nf(1, 2)\n",
            "def f(*a):\n    return a\n\nf(1)\n",
            "def f(x=now()):\n    return x\n\nf()\n",
            // Defined twice, decorated, recursive.
            "def f(x):\n    return x\n\ndef f(x):\n    return 2\n\nf(1)\n",
            "@cache\ndef f(x):\n    return x\n\nf(1)\n",
            "def f(x):\n    return f(x)\n\nf(1)\n",
            // A scope of its own.
            "def f(x):\n    return [i for i in x]\n\nf(y)\n",
            // An argument that may raise, dropped or computed only sometimes.
            "def f(port):\n    return 'http://h/'\n\nf(int(os.environ['PORT']))\n",
            "def f(a, b):\n    return a or b\n\nf(x, int(y))\n",
            "def f(a):\n    v = int(a)\n    return d or v\n\nf('1')\n",
            // Text with the f-string's own quote, inside its braces.
            "def f(h):\n    return f'http://{h}/'\n\nf('x')\n",
        ] {
            assert_eq!(inline_value_helpers(src), None, "{src}");
        }
    }
}
