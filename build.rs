//! Packs probekit's own source into the `probekit` binary (feature `cli`), so that `probekit
//! build` can write the runtime crate next to a generated probe crate wherever probekit is
//! installed, with no source tree around. The file list is sorted: the same source gives the
//! same binary.

use std::path::{Path, PathBuf};

fn main() {
    // The `probekit` program is linked at a fixed address (not as a position-independent
    // executable): a PIE of its size starts by applying ~15,000 relocations to 430 KB of
    // `.data.rel.ro`, a copied page each, which made a one-shot `probekit check http` 20% slower
    // (4.4 ms against 3.5 ms here; 422 page faults against 299). Probes that `probekit build`
    // makes are static and unaffected. Only for glibc targets, whose default is PIE.
    let gnu_linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if gnu_linux {
        println!("cargo:rustc-link-arg-bin=probekit=-no-pie");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut files = Vec::new();
    if std::env::var_os("CARGO_FEATURE_CLI").is_some() {
        for top in ["Cargo.toml", "Cargo.lock", "benches/parse.rs"] {
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
