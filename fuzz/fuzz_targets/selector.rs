//! Series selectors on arbitrary text: no panic; errors point inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use probekit::metrics::Selector;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err((at, _)) = Selector::parse(text) {
        assert!(at <= text.len());
    }
});
