//! probekit: declarative health-check suites, run concurrently and reported anywhere.
//!
//! The data flow, one module per stage: [`spec`] loads and validates a suite, [`runner`]
//! schedules its probes, [`check`] carries out each kind, [`expect`] judges what a check saw,
//! and [`report`] renders the results. [`commands`] ties them to the command line ([`cli`]).

pub mod check;
pub mod cli;
pub mod commands;
pub mod expect;
pub mod metrics;
pub mod report;
pub mod runner;
pub mod serve;
pub mod spec;
pub mod target;
