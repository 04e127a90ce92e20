//! `probekit build`: a suite compiled into one static program that runs it with probekit's own
//! engine.
//!
//! [`compiler`] validates the suite, has [`render`] write it into a small crate (templates/)
//! whose dependency is probekit's runtime — this very crate without its command-line half,
//! written out from the copy the `probekit` binary carries — and builds it with cargo in a cache
//! shared by every suite ([`toolchain`] finds what cargo needs). [`rust_expr`] writes the
//! suite model as the Rust expressions that build it. [`probe`] is that program's
//! entry point: the one part of this folder that compiled probes link.

#[cfg(feature = "cli")]
pub mod cache;
#[cfg(feature = "cli")]
pub mod compiler;
pub mod probe;
#[cfg(feature = "cli")]
pub mod render;
#[cfg(feature = "cli")]
pub mod rust_expr;
#[cfg(feature = "cli")]
pub mod toolchain;

#[cfg(feature = "cli")]
pub use compiler::{Options, doctor, main};
