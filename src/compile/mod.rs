//! `probekit build`: a suite compiled into one static program that runs it with probekit's own
//! engine.
//!
//! A probe is probekit's runtime followed by its suite as data ([`payload`]). [`compiler`]
//! validates the suite, has [`render`] write the runtime's crate (templates/) — a `main` whose
//! dependency is this very crate without its command-line half, written out from the copy the
//! `probekit` binary carries — and builds it with cargo once per target and feature set, kept in
//! a cache shared by every suite ([`cache`]; [`toolchain`] finds what cargo needs). A changed
//! suite then costs a copy of the cached runtime and its new data. [`probe`] is the program's
//! entry point: with [`payload`], the part of this folder that compiled probes link.

#[cfg(feature = "cli")]
pub mod cache;
#[cfg(feature = "cli")]
pub mod compiler;
pub mod payload;
pub mod probe;
#[cfg(feature = "cli")]
pub mod render;
#[cfg(feature = "cli")]
pub mod toolchain;

#[cfg(feature = "cli")]
pub use compiler::{Options, doctor, main};
