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
