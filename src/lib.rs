//! probekit: declarative health-check suites, run concurrently and reported anywhere.
//!
//! The data flow, one module per stage, each importing only from the stages below it:
//! [`load`] turns YAML into a validated [`suite`]; [`runner`] schedules its probes; [`check`]
//! carries out each kind and [`expect`] judges what a check saw; [`report`] renders the results
//! and [`session`] ties a run to a command line (runtime, signals, reports, exit status).
//! [`compile`] turns a suite into a static program running the same session, [`import`] turns
//! scripts into suites, [`serve`] runs a suite on a schedule for Prometheus. [`cli`] holds the
//! clap definitions and [`commands`] carries them out. Shared vocabulary — [`units`],
//! [`pattern`], [`atomic_file`], [`read_limit`], [`escapes`], [`exit`], [`memory`] and the exposition format
//! in [`metrics`] — lives in leaves that import nothing of the engine, as does the `memcpy` of
//! static x86_64 builds.

// A compiled probe's runtime (without `cli`) leaves out whole probe kinds by feature; what only
// they use is then dead, by design. The full build keeps the lint.
#![cfg_attr(not(feature = "cli"), allow(dead_code))]

#[cfg(target_env = "musl")]
mod allocator;
pub mod atomic_file;
pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub mod commands;
pub mod compile;
#[cfg(feature = "cli")]
pub mod demo_server;
pub mod escapes;
pub mod exit;
pub mod expect;
#[cfg(feature = "cli")]
pub mod import;
#[cfg(feature = "cli")]
pub mod load;
mod lock_soon;
#[cfg(all(target_arch = "x86_64", target_env = "musl"))]
mod memcpy;
pub mod memory;
pub mod metrics;
pub mod pattern;
pub mod read_limit;
pub mod report;
pub mod runner;
pub mod serde_text;
#[cfg(feature = "cli")]
pub mod serve;
pub mod session;
pub mod suite;
pub mod units;
