//! `probekit demo`: the example suite against the built-in target, with no external service.

use std::process::ExitCode;

use super::{EXIT_FAIL, EXIT_PASS, EXIT_USAGE, execute};
use crate::cli::OutputArgs;
use crate::demo_server::{Background, Target};
use crate::load::{LoadOptions, load_bytes};
use crate::runner::{RunOptions, Status};

pub const DEMO_SUITE: &str = include_str!("../../probes/demo.yaml");
/// Probes of the demo that are meant to fail.
const INTENTIONAL: &str = "intentional-failure";

pub fn main(output: &OutputArgs) -> ExitCode {
    let target = match Background::start() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("probekit demo: cannot start the built-in target: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let (base, cache) = (target.base_url(), target.tcp.to_string());
    let opts = LoadOptions {
        vars: vec![
            ("base".into(), base.clone()),
            ("cache".into(), cache.clone()),
        ],
    };
    let suite = match load_bytes("probes/demo.yaml", "demo", DEMO_SUITE.as_bytes(), &opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    eprintln!(
        "probekit demo: built-in target on {base} (HTTP) and {cache} (TCP); running probes/demo.yaml\n"
    );
    let report = execute(suite, RunOptions::default(), output);
    drop(target);
    let Some(executed) = report else {
        return ExitCode::from(EXIT_USAGE);
    };
    if !executed.delivered {
        return executed.exit_code();
    }
    let report = executed.report;
    let as_designed = report
        .results
        .iter()
        .all(|r| (r.status == Status::Pass) != r.tags.iter().any(|t| t == INTENTIONAL));
    if as_designed {
        eprintln!(
            "\nThe demo went as designed: `checkout` fails on purpose (its target answers 503), so `probekit run` \
             would exit 1 here. Try `--format json`, or run probes/demo.yaml against your own service."
        );
        ExitCode::from(EXIT_PASS)
    } else {
        eprintln!(
            "\nThe demo did not go as designed: a probe that should pass did not (see above)."
        );
        ExitCode::from(EXIT_FAIL)
    }
}

/// `probekit target`: the built-in target in the foreground, on a multi-threaded runtime.
pub fn serve_target(http_port: u16, tcp_port: u16) -> ExitCode {
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("probekit target: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    rt.block_on(async {
        match Target::start_on(http_port, tcp_port).await {
            Ok(target) => {
                println!("http={} tcp={}", target.base_url(), target.tcp);
                let _ = tokio::signal::ctrl_c().await;
                ExitCode::from(EXIT_PASS)
            }
            Err(e) => {
                eprintln!("probekit target: cannot listen: {e}");
                ExitCode::from(EXIT_USAGE)
            }
        }
    })
}
