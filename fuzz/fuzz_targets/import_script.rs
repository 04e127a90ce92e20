//! `probekit import` on arbitrary script text, as bash, sh and Python: no panic, no hang, and
//! what it writes always loads back as a suite (the importer checks that itself and reports a
//! failure as a probekit bug, which is a crash here).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (file, prefix) in [
        ("check.sh", "#!/bin/bash\n"),
        ("check.sh", "#!/bin/sh\n"),
        ("check.py", "#!/usr/bin/env python3\n"),
    ] {
        let script = format!("{prefix}{text}");
        if let Err(e) = probekit::import::import_source(Path::new(file), &script, None, None) {
            assert!(!e.contains("probekit bug"), "{e}");
        }
    }
});
