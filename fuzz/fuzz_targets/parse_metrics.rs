//! The exposition parser on arbitrary text, in both formats: no panic, errors positioned.
#![no_main]

use libfuzzer_sys::fuzz_target;
use probekit::metrics::{Format, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [Format::Text, Format::OpenMetrics] {
        if let Err(e) = parse(text, format) {
            assert!(e.line >= 1 && e.col >= 1);
        }
    }
});
