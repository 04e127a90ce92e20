//! `probekit demo`: the example suite against the built-in target, with no external service.

use std::process::ExitCode;

use super::{EXIT_PASS, Failure, execute};
use crate::cli::OutputArgs;
use crate::demo_server::{Background, Target};
use crate::load::{LoadOptions, load_bytes};
use crate::runner::RunOptions;

pub const DEMO_SUITE: &str = include_str!("../../probes/demo.yaml");
/// Probes of the demo that are meant to fail.
const INTENTIONAL: &str = "intentional-failure";

pub fn main(output: &OutputArgs) -> Result<ExitCode, Failure> {
    let target = Background::start().map_err(|e| {
        Failure::usage(format!(
            "probekit demo: cannot start the built-in target: {e}"
        ))
    })?;
    let (base, cache) = (target.base_url(), target.tcp.to_string());
    let opts = LoadOptions {
        vars: vec![
            ("base".into(), base.clone()),
            ("cache".into(), cache.clone()),
        ],
        ..LoadOptions::default()
    };
    let suite = load_bytes("probes/demo.yaml", "demo", DEMO_SUITE.as_bytes(), &opts)
        .map_err(|e| Failure::usage(e.to_string()))?;
    eprintln!(
        "probekit demo: built-in target on {base} (HTTP) and {cache} (TCP); running probes/demo.yaml\n"
    );
    let executed = execute(suite, RunOptions::default(), output);
    drop(target);
    let executed = executed?;
    if !executed.delivered {
        return Ok(executed.exit_code());
    }
    let report = executed.report;
    let as_designed = report
        .results
        .iter()
        .all(|r| r.counts_as_passed() != r.tags.iter().any(|t| t == INTENTIONAL));
    if as_designed {
        eprintln!(
            "\nThe demo went as designed: `checkout` fails on purpose (its target answers 503), so `probekit run` \
             would exit 1 here. Try `--format json`, or run probes/demo.yaml against your own service."
        );
        Ok(ExitCode::from(EXIT_PASS))
    } else {
        Err(Failure::failed(
            "\nThe demo did not go as designed: a probe that should pass did not (see above).",
        ))
    }
}

/// `probekit target`: the built-in target in the foreground, on a multi-threaded runtime.
pub fn serve_target(http_port: u16, tcp_port: u16) -> Result<ExitCode, Failure> {
    let rt = tokio::runtime::Runtime::new()
        .map_err(|e| Failure::usage(format!("probekit target: {e}")))?;
    rt.block_on(async {
        let target = Target::start_on(http_port, tcp_port)
            .await
            .map_err(|e| Failure::usage(format!("probekit target: cannot listen: {e}")))?;
        crate::exit::print(&format!("http={} tcp={}\n", target.base_url(), target.tcp))?;
        let _ = tokio::signal::ctrl_c().await;
        Ok(ExitCode::from(EXIT_PASS))
    })
}
