//! Packs probekit's own source into the `probekit` binary (feature `cli`), so that `probekit
//! build` can write the runtime crate next to a generated probe crate wherever probekit is
//! installed, with no source tree around. The file list is sorted: the same source gives the
//! same binary.

use std::path::{Path, PathBuf};

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut files = Vec::new();
    if std::env::var_os("CARGO_FEATURE_CLI").is_some() {
        // build.rs too: the manifest `cargo package` writes names it (`build = "build.rs"`),
        // so a runtime written by a probekit installed from crates.io needs it.
        for top in ["Cargo.toml", "Cargo.lock", "benches/parse.rs", "build.rs"] {
            files.push(PathBuf::from(top));
        }
        collect(&root, Path::new("src"), &mut files);
        files.sort();
    }
    let mut code = String::from(
        "/// probekit's runtime source: (path in the crate, contents).\npub const RUNTIME_FILES: &[(&str, &[u8])] = &[\n",
    );
    for f in &files {
        let abs = root.join(f);
        println!("cargo:rerun-if-changed={}", abs.display());
        code.push_str(&format!(
            "    ({:?}, include_bytes!({:?})),\n",
            f.to_str().expect("source paths are UTF-8"),
            abs.to_str().expect("source paths are UTF-8")
        ));
    }
    code.push_str("];\n");
    println!("cargo:rerun-if-changed=src");
    std::fs::write(out.join("runtime_files.rs"), code).expect("write runtime_files.rs");
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(root.join(dir)).expect("read the source directory");
    for entry in entries {
        let entry = entry.expect("read a directory entry");
        let rel = dir.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            collect(root, &rel, files);
        } else if rel.extension().is_some_and(|e| e == "rs") {
            files.push(rel);
        }
    }
}
