//! The suite a compiled probe runs, as bytes: written by `probekit build`, read by the probe when
//! it starts.
//!
//! A probe is probekit's runtime — built once per target and feature set, and cached — followed
//! by its suite: `runtime ‖ payload ‖ length (u64, little-endian) ‖ MAGIC`. The program loader
//! maps only the runtime's segments, so the bytes after them are the probe's to read, from
//! `/proc/self/exe`. A changed suite therefore costs a copy, not a compilation, and the same
//! suite and runtime give the same bytes. A crate written by `--emit-crate` carries the payload
//! in its source instead (`include_bytes!`), so that cargo alone builds the same probe.
//!
//! The payload is the suite as the loader validated it ([`crate::suite::data`]), with the hash of
//! the file it came from and the probekit version that wrote it; a runtime reads only payloads
//! of its own version.

use std::fs::File;
use std::os::unix::fs::FileExt;

use serde::{Deserialize, Serialize};

use crate::suite::Suite;

/// The last bytes of every compiled probe.
pub const MAGIC: &[u8; 8] = b"PKSUITE\x01";
const TRAILER: usize = 8 + MAGIC.len();

#[derive(Debug, Serialize, Deserialize)]
pub struct Payload {
    /// The probekit version that wrote it, which must be the runtime's.
    pub probekit: String,
    /// `sha256:…` of the suite file.
    pub suite_hash: String,
    pub suite: Suite,
}

impl Payload {
    pub fn new(suite: Suite, suite_hash: String) -> Payload {
        Payload {
            probekit: env!("CARGO_PKG_VERSION").to_string(),
            suite_hash,
            suite,
        }
    }

    pub fn encode(&self) -> Result<Vec<u8>, String> {
        postcard::to_allocvec(self).map_err(|e| format!("cannot write the suite as data: {e}"))
    }

    pub fn decode(bytes: &[u8]) -> Result<Payload, String> {
        // The version comes first, so that another version's payload is named as such rather
        // than misread.
        let version: (String,) = postcard::take_from_bytes(bytes)
            .map(|(v, _)| v)
            .map_err(|e| format!("its suite is unreadable ({e})"))?;
        if version.0 != env!("CARGO_PKG_VERSION") {
            return Err(format!(
                "its suite was written by probekit {}, and this runtime is probekit {}; build it again",
                version.0,
                env!("CARGO_PKG_VERSION")
            ));
        }
        postcard::from_bytes(bytes).map_err(|e| format!("its suite is unreadable ({e})"))
    }
}

/// A compiled probe: the runtime's bytes followed by the payload and the trailer.
pub fn append(runtime: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(runtime.len() + payload.len() + TRAILER);
    out.extend_from_slice(runtime);
    out.extend_from_slice(payload);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(MAGIC);
    out
}

/// The payload appended to the running program, if it has one. The program is read through
/// `/proc/self/exe`, or where there is no `/proc` (a chroot), by the path it was started with.
pub fn read_own() -> Result<Option<Vec<u8>>, String> {
    let file = File::open("/proc/self/exe")
        .or_else(|proc_error| exec_path().ok_or(proc_error).and_then(File::open));
    let file =
        file.map_err(|e| format!("cannot read its own program file to find its suite: {e}"))?;
    let len = file
        .metadata()
        .map_err(|e| format!("cannot read its own program file: {e}"))?
        .len();
    find(len, |buf, at| file.read_exact_at(buf, at))
        .map_err(|e| format!("cannot read its suite from its program file: {e}"))
}

/// The path `execve` was given for this program (`AT_EXECFN`).
fn exec_path() -> Option<std::path::PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    // SAFETY: getauxval reads the auxiliary vector the kernel gave the process; AT_EXECFN is a
    // pointer to a NUL-terminated string on the initial stack, valid for the process' life.
    let ptr = unsafe { libc::getauxval(libc::AT_EXECFN) } as *const libc::c_char;
    if ptr.is_null() {
        return None;
    }
    // SAFETY: non-null, NUL-terminated and never freed (see above).
    let bytes = unsafe { std::ffi::CStr::from_ptr(ptr) }.to_bytes();
    Some(std::ffi::OsStr::from_bytes(bytes).into())
}

/// The payload of a file of `len` bytes read with `read_at`, if it ends with a trailer.
fn find(
    len: u64,
    read_at: impl Fn(&mut [u8], u64) -> std::io::Result<()>,
) -> std::io::Result<Option<Vec<u8>>> {
    let Some(trailer_at) = len.checked_sub(TRAILER as u64) else {
        return Ok(None);
    };
    let mut trailer = [0u8; TRAILER];
    read_at(&mut trailer, trailer_at)?;
    if &trailer[8..] != MAGIC {
        return Ok(None);
    }
    let size = u64::from_le_bytes(trailer[..8].try_into().expect("eight bytes"));
    let Some(start) = trailer_at.checked_sub(size) else {
        return Ok(None);
    };
    let mut payload = vec![0u8; size as usize];
    read_at(&mut payload, start)?;
    Ok(Some(payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Option<Vec<u8>> {
        find(bytes.len() as u64, |buf, at| {
            let at = at as usize;
            buf.copy_from_slice(&bytes[at..at + buf.len()]);
            Ok(())
        })
        .unwrap()
    }

    #[test]
    fn the_payload_is_found_after_the_runtime() {
        let probe = append(b"\x7fELF runtime", b"suite bytes");
        assert_eq!(read(&probe).as_deref(), Some(&b"suite bytes"[..]));
        assert_eq!(read(&append(b"", b"")).as_deref(), Some(&b""[..]));
        // A runtime alone, a short file, or a length larger than the file: no payload.
        assert_eq!(read(b"\x7fELF runtime without a suite"), None);
        assert_eq!(read(b"short"), None);
        let mut lying = b"xx".to_vec();
        lying.extend_from_slice(&100u64.to_le_bytes());
        lying.extend_from_slice(MAGIC);
        assert_eq!(read(&lying), None);
    }
}

/// Every suite the project writes down — the examples, the suite format's documentation and the
/// suites `probekit import` wrote for its fixtures — read back from its payload as the loader
/// built it.
#[cfg(all(test, feature = "cli"))]
mod round_trip {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::Payload;
    use crate::load::{LoadOptions, load_bytes};
    use crate::suite::Suite;

    fn suites() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        let mut files = Vec::new();
        for dir in ["examples", "probes"] {
            collect(&root.join(dir), &mut files);
        }
        for f in files {
            out.push((
                f.display().to_string(),
                std::fs::read_to_string(&f).unwrap(),
            ));
        }
        // The documentation's examples, many of them a list of probes.
        let doc = std::fs::read_to_string(root.join("docs/suite-format.md")).unwrap();
        for (i, block) in doc.split("```yaml\n").skip(1).enumerate() {
            let block = block.split("```").next().unwrap();
            let text = if block.starts_with("suite:") {
                block.to_string()
            } else if block.starts_with("- ") {
                let indented: String = block.lines().map(|l| format!("  {l}\n")).collect();
                format!("suite: doc\nprobes:\n{indented}")
            } else {
                format!("suite: doc\n{block}")
            };
            out.push((format!("docs/suite-format.md block {i}"), text));
        }
        // What the importer wrote: its snapshots hold the suites after a header.
        let snapshots = root.join("tests/it/snapshots");
        for entry in std::fs::read_dir(snapshots).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            if let Some(start) = text.find("\nsuite: ") {
                let body = &text[start + 1..];
                let body = body.split("\n--- report").next().unwrap();
                out.push((path.display().to_string(), body.to_string()));
            }
        }
        out
    }

    fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect(&path, files);
            } else if path.extension().is_some_and(|e| e == "yaml")
                && std::fs::read_to_string(&path).is_ok_and(|t| t.contains("probes:"))
            {
                files.push(path);
            }
        }
    }

    #[test]
    fn every_suite_reads_back_as_it_was_loaded() {
        let mut loaded = 0;
        let mut kinds = BTreeSet::new();
        for (name, text) in suites() {
            let Ok(suite) = load_bytes(&name, "suite", text.as_bytes(), &LoadOptions::default())
            else {
                continue;
            };
            loaded += 1;
            for p in &suite.probes {
                for (check, _) in p.check.leaves(&p.expect) {
                    kinds.insert(check.kind().as_str());
                }
            }
            let expected = format!("{suite:#?}");
            let bytes = Payload::new(suite, "sha256:x".into()).encode().unwrap();
            let back: Suite = Payload::decode(&bytes).unwrap().suite;
            assert_eq!(format!("{back:#?}"), expected, "{name}");
        }
        assert!(loaded >= 150, "only {loaded} suites loaded");
        // Every kind of probe went through.
        let all: BTreeSet<&str> = crate::suite::CheckKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect();
        let missing: Vec<_> = all.difference(&kinds).collect();
        assert!(missing.is_empty(), "no suite has a {missing:?} probe");
    }
}
