//! A Python script's coroutines read as the plain calls they amount to, where they do: `async
//! def main(): …` run by `asyncio.run(main())`, each `await` waiting for one thing after the
//! other, is the same program as `def main(): …` called as `main()`, with `asyncio.sleep` as
//! `time.sleep` and the event loop's clock as `time.monotonic`. [`as_sync`] writes that
//! program (line for line: the report's lines stay the script's) for the reader in
//! [`super::python`]; what the suite keeps of the script is always the script as written.
//!
//! Only where nothing runs at the same time: a script that gathers coroutines, makes tasks,
//! loops with `async for`, or calls a coroutine function without awaiting or running it (which
//! runs nothing) is left as it is, and the reader says why it keeps it.

use std::collections::HashSet;

use tree_sitter::Node;

use super::python::walk;

/// The calls that run a coroutine to its end, with the one coroutine they are given.
pub(super) const RUNNERS: [&str; 2] =
    ["asyncio.run", "asyncio.get_event_loop().run_until_complete"];

/// asyncio's names a script may use and still be read as plain calls: the runners, the sleep,
/// the loop's clock, and its exceptions (read where they are caught).
const ALLOWED: [&str; 5] = [
    "asyncio.sleep",
    "asyncio.TimeoutError",
    "asyncio.CancelledError",
    "asyncio.get_event_loop",
    "asyncio.get_running_loop",
];

/// Modules whose calls are plain: awaiting what they return raises.
const PLAIN_MODULES: [&str; 12] = [
    "requests.",
    "urllib.",
    "socket.",
    "time.",
    "os.",
    "subprocess.",
    "psycopg2.",
    "psycopg.",
    "pymysql.",
    "redis.Redis",
    "redis.from_url",
    "http.client.",
];

/// Client classes whose awaited methods do what the plain class's do.
const PLAIN_CLASS: [(&str, &str); 1] = [("httpx.AsyncClient", "httpx.Client")];

/// The script with its coroutines as plain functions, or `None` when it has none or runs
/// anything at the same time as anything else.
pub(super) fn as_sync(src: &str) -> Option<String> {
    if !src.contains("async") {
        return None;
    }
    let tree = super::python::parse(src)?;
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let bound = super::python::import_bindings(src);
    let text = |n: Node| &src[n.byte_range()];
    let mut coroutines = HashSet::new();
    walk(root, &mut |n| {
        if n.kind() == "function_definition"
            && first_is_async(n)
            && let Some(name) = n.child_by_field_name("name")
        {
            coroutines.insert(text(name).to_string());
        }
    });
    if coroutines.is_empty() {
        return None;
    }
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    // The calls of coroutine functions that run (awaited, or given to a runner).
    let mut run: HashSet<usize> = HashSet::new();
    let mut refused = false;
    walk(root, &mut |n| {
        if refused {
            return;
        }
        match n.kind() {
            "function_definition" | "with_statement" if first_is_async(n) => {
                let kw = n.child(0).expect("async");
                let next = n.child(1).map_or(kw.end_byte(), |c| c.start_byte());
                edits.push((kw.start_byte(), next, String::new()));
            }
            "for_statement" | "list_comprehension" | "generator_expression"
                if text(n).contains("async ") =>
            {
                refused = true;
            }
            "await" => {
                let (Some(kw), Some(inner)) = (n.child(0), n.named_child(0)) else {
                    refused = true;
                    return;
                };
                edits.push((kw.start_byte(), inner.start_byte(), String::new()));
                if inner.kind() == "call" {
                    run.insert(inner.id());
                }
                // `await requests.get(url)`: a plain call's result awaited raises.
                let callee = inner
                    .child_by_field_name("function")
                    .map(|f| super::python::qualify(&bound, text(f)))
                    .unwrap_or_default();
                if inner.kind() != "call" || PLAIN_MODULES.iter().any(|m| callee.starts_with(m)) {
                    refused = true;
                }
            }
            "call" => {
                let Some(function) = n.child_by_field_name("function") else {
                    return;
                };
                let name = super::python::qualify(&bound, text(function));
                let args = n
                    .child_by_field_name("arguments")
                    .map(|a| {
                        let mut c = a.walk();
                        a.named_children(&mut c).collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                if RUNNERS.contains(&name.as_str()) {
                    // Run from a coroutine (a loop already runs), or given what is not a call of
                    // a coroutine function: it raises.
                    let of_coroutine = |c: &Node| {
                        c.child_by_field_name("function")
                            .is_some_and(|f| coroutines.contains(text(f)))
                    };
                    match args.as_slice() {
                        [coroutine]
                            if coroutine.kind() == "call"
                                && of_coroutine(coroutine)
                                && !inside_coroutine(n) =>
                        {
                            run.insert(coroutine.id());
                            edits.push((n.start_byte(), coroutine.start_byte(), String::new()));
                            edits.push((coroutine.end_byte(), n.end_byte(), String::new()));
                        }
                        _ => refused = true,
                    }
                } else if name.starts_with("asyncpg.")
                    && n.parent().is_none_or(|p| p.kind() != "await")
                {
                    // `conn = asyncpg.connect(dsn)` not awaited: a coroutine, no connection.
                    refused = true;
                } else if name == "asyncio.sleep" {
                    // Not awaited, it sleeps not at all.
                    if n.parent().is_none_or(|p| p.kind() != "await") {
                        refused = true;
                    }
                    edits.push((
                        function.start_byte(),
                        function.end_byte(),
                        "time.sleep".into(),
                    ));
                } else if matches!(
                    name.as_str(),
                    "asyncio.get_event_loop().time" | "asyncio.get_running_loop().time"
                ) && args.is_empty()
                {
                    // (Outside a coroutine no loop runs: `get_running_loop` raises.)
                    if name.contains("running") && !inside_coroutine(n) {
                        refused = true;
                    }
                    edits.push((n.start_byte(), n.end_byte(), "time.monotonic()".into()));
                } else if let Some((_, plain)) = PLAIN_CLASS.iter().find(|(a, _)| *a == name) {
                    edits.push((
                        function.start_byte(),
                        function.end_byte(),
                        plain.to_string(),
                    ));
                }
            }
            "attribute" | "identifier" => {
                let name = super::python::qualify(&bound, text(n));
                if name.starts_with("asyncio.")
                    && !ALLOWED.contains(&name.as_str())
                    && !RUNNERS.iter().any(|r| r.starts_with(&name))
                    && !matches!(
                        name.as_str(),
                        "asyncio.get_event_loop().time" | "asyncio.get_running_loop().time"
                    )
                {
                    refused = true;
                }
            }
            _ => {}
        }
    });
    // A coroutine function called where nothing runs the coroutine, or handed on as a value.
    walk(root, &mut |n| {
        if n.kind() == "identifier"
            && coroutines.contains(text(n))
            && let Some(parent) = n.parent()
            && parent.kind() != "function_definition"
        {
            let called = parent.kind() == "call"
                && parent.child_by_field_name("function") == Some(n)
                && run.contains(&parent.id());
            if !called {
                refused = true;
            }
        }
    });
    if refused {
        if std::env::var_os("PROBEKIT_SEMA_DEBUG").is_some() {
            eprintln!("pyasync: refused");
        }
        return None;
    }
    // Edits never overlap (each is a keyword, a call's own frame, or a name).
    let out = super::apply_edits(src, edits)?;
    let lines = |s: &str| s.matches('\n').count();
    (lines(&out) == lines(src)).then_some(out)
}

/// Whether `n` is in the body of an `async def`.
fn inside_coroutine(n: Node) -> bool {
    let mut up = n.parent();
    while let Some(p) = up {
        if p.kind() == "function_definition" {
            return first_is_async(p);
        }
        up = p.parent();
    }
    false
}

/// `async def`, `async with`, `async for`: the statement's first token.
fn first_is_async(n: Node) -> bool {
    n.child(0).is_some_and(|c| c.kind() == "async")
}

#[cfg(test)]
mod tests {
    use super::as_sync;

    #[test]
    fn a_coroutine_run_to_its_end_is_a_plain_call() {
        let src = "import asyncio, asyncpg\n\nasync def main():\n    conn = await asyncpg.connect(URL)\n    await conn.close()\n    await asyncio.sleep(1)\n    t = asyncio.get_event_loop().time()\n\nif __name__ == '__main__':\n    asyncio.run(main())\n";
        let sync = as_sync(src).unwrap();
        assert_eq!(
            sync,
            "import asyncio, asyncpg\n\ndef main():\n    conn = asyncpg.connect(URL)\n    conn.close()\n    time.sleep(1)\n    t = time.monotonic()\n\nif __name__ == '__main__':\n    main()\n"
        );
    }

    #[test]
    fn what_runs_at_the_same_time_is_left_as_written() {
        for src in [
            // gathered
            "import asyncio\nasync def a():\n    pass\nasync def main():\n    await asyncio.gather(a(), a())\nasyncio.run(main())\n",
            // a coroutine made and never run
            "import asyncio\nasync def main():\n    pass\nmain()\n",
            // a task
            "import asyncio\nasync def a():\n    pass\nasync def main():\n    t = asyncio.create_task(a())\n    await t\nasyncio.run(main())\n",
            // async for
            "import asyncio\nasync def main(s):\n    async for x in s:\n        pass\nasyncio.run(main(1))\n",
            // a coroutine function handed on
            "import asyncio\nasync def a():\n    pass\nasyncio.run(wrap(a))\n",
            // a sleep not awaited
            "import asyncio\nasync def main():\n    asyncio.sleep(1)\nasyncio.run(main())\n",
            // a connection not awaited: a coroutine, no connection
            "import asyncio, asyncpg\nasync def main():\n    conn = asyncpg.connect('postgresql://db/app')\nasyncio.run(main())\n",
            // a plain call awaited
            "import asyncio, requests\nasync def main():\n    await requests.get(U)\nasyncio.run(main())\n",
            // a plain function run
            "import asyncio\nasync def a():\n    pass\ndef main():\n    pass\nasyncio.run(main())\n",
            // run from a coroutine
            "import asyncio\nasync def a():\n    pass\nasync def main():\n    asyncio.run(a())\nasyncio.run(main())\n",
        ] {
            assert_eq!(as_sync(src), None, "{src}");
        }
        assert_eq!(as_sync("import time\ntime.sleep(1)\n"), None);
    }

    #[test]
    fn an_async_client_is_the_plain_one() {
        let src = "import asyncio\nimport httpx\nasync def main():\n    async with httpx.AsyncClient(timeout=5) as c:\n        r = await c.get(URL)\n    r.raise_for_status()\nasyncio.run(main())\n";
        assert_eq!(
            as_sync(src).unwrap(),
            "import asyncio\nimport httpx\ndef main():\n    with httpx.Client(timeout=5) as c:\n        r = c.get(URL)\n    r.raise_for_status()\nmain()\n"
        );
    }
}
