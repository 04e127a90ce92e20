//! The folder tree is the architecture: each stage imports only from the stages below it, so
//! there are no circles between folders. Read from the `crate::` paths of the library's own
//! code (test modules may reach up to build their fixtures).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The stages from the bottom up. A module may use the modules of lower layers only; the
/// leaves at the bottom share vocabulary and import nothing of the engine, nor each other.
const LAYERS: &[&[&str]] = &[
    &[
        "units",
        "pattern",
        "atomic_file",
        "read_limit",
        "escapes",
        "exit",
        "memory",
        "memcpy",
        "allocator",
        "lock_soon",
    ],
    &["serde_text"],
    &["metrics"],
    &["expect"],
    &["suite"],
    &["check"],
    &["runner"],
    &["report"],
    &["session"],
    &["load"],
    &["compile"],
    &["serve"],
    &["import"],
    &["demo_server"],
    &["cli"],
    &["commands"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a source file belongs to (`src/check/http/mod.rs` → `check`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules named by `crate::NAME` in the non-test code of `text`.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let code = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut used = BTreeSet::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // `$crate::` in a macro and `probekit::crate::…` do not occur; `crate::{a, b}` is
            // not used in this code base (one path per `use`), so a name always follows.
            if !name.is_empty() {
                used.insert(name);
            }
            rest = after;
        }
    }
    used
}

#[test]
fn no_module_imports_from_a_stage_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        seen.insert(module.clone());
        let Some(own) = layer_of(&module) else {
            problems.push(format!(
                "{}: module `{module}` is in no layer",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for used in crate_paths(&text) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(layer) if layer < own => {}
                Some(_) => problems.push(format!(
                    "{}: `{module}` uses `crate::{used}`, which is not below it",
                    file.display()
                )),
                None => problems.push(format!(
                    "{}: `crate::{used}` is in no layer",
                    file.display()
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every layer names a module that exists, so the list cannot go stale.
    for module in LAYERS.iter().flat_map(|l| l.iter()) {
        assert!(
            seen.contains(*module),
            "layer lists `{module}`, which is gone"
        );
    }
}

#[test]
fn the_leaves_import_nothing_of_the_engine() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for leaf in LAYERS[0] {
        let text = std::fs::read_to_string(src.join(format!("{leaf}.rs"))).unwrap();
        let used = crate_paths(&text);
        assert!(used.is_empty(), "`{leaf}` uses {used:?}");
    }
}

/// Outside `import/` (which its own issue restructures), no source file passes 1,000 lines.
#[test]
fn no_source_file_passes_a_thousand_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(src.join("import")))
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > 1000).then(|| format!("{}: {lines} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}
