//! Memory the process no longer uses, given back.

/// Gives the pages the allocator holds free back to the system. glibc's allocator keeps what a
/// large, short-lived structure freed (a suite's parsed YAML, a scrape of 100,000 probes) for
/// later allocations, and the resident set stays at its peak; musl's returns it by itself.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free memory of the allocator to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}
