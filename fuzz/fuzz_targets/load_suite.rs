//! The suite loader on arbitrary bytes: no panic, no hang, every error positioned.
#![no_main]

use libfuzzer_sys::fuzz_target;
use probekit::load::{LoadOptions, load_bytes};

fuzz_target!(|data: &[u8]| {
    if let Err(e) = load_bytes("fuzz.yaml", "fuzz", data, &LoadOptions::default()) {
        assert!(!e.diagnostics.is_empty());
        for d in &e.diagnostics {
            assert!(d.span.line >= 1 && d.span.col >= 1);
        }
        let _ = e.to_string();
    }
});
