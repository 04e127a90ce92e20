//! probekit: declarative health-check suites, run concurrently and reported anywhere.
//!
//! The data flow, one module per stage: [`spec`] loads and validates a suite, [`runner`]
//! schedules its probes, [`check`] carries out each kind, [`expect`] judges what a check saw,
//! and [`report`] renders the results. [`commands`] ties them to the command line ([`cli`]).

// A compiled probe's runtime (without `cli`) leaves out whole probe kinds by feature; what only
// they use is then dead, by design. The full build keeps the lint.
#![cfg_attr(not(feature = "cli"), allow(dead_code))]

#[cfg(feature = "cli")]
pub mod build;
pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub mod commands;
pub mod compiled;
pub mod exec;
pub mod expect;
#[cfg(feature = "cli")]
pub mod import;
pub mod metrics;
pub mod report;
pub mod runner;
#[cfg(feature = "cli")]
pub mod serve;
pub mod spec;
#[cfg(feature = "cli")]
pub mod target;
