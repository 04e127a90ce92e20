//! `probekit demo`: the example suite against the built-in target, with no external service.

use std::process::ExitCode;

use super::{EXIT_FAIL, EXIT_PASS, EXIT_USAGE, execute};
use crate::cli::OutputArgs;
use crate::runner::{RunOptions, Status};
use crate::spec::{LoadOptions, load_bytes};
use crate::target::Target;

pub const DEMO_SUITE: &str = include_str!("../../probes/demo.yaml");
/// Probes of the demo that are meant to fail.
const INTENTIONAL: &str = "intentional-failure";

pub fn main(output: &OutputArgs) -> ExitCode {
    let (addrs_tx, addrs_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    // The target runs on a runtime of its own, beside the one `execute` builds for the run.
    let server = std::thread::spawn(move || {
        let rt = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => {
                let _ = addrs_tx.send(Err(e.to_string()));
                return;
            }
        };
        rt.block_on(async move {
            match Target::start().await {
                Ok(target) => {
                    let _ = addrs_tx.send(Ok((target.base_url(), target.tcp.to_string())));
                    let _ = stop_rx.await;
                }
                Err(e) => {
                    let _ = addrs_tx.send(Err(e.to_string()));
                }
            }
        });
    });
    let (base, cache) = match addrs_rx.recv() {
        Ok(Ok(addrs)) => addrs,
        Ok(Err(e)) => {
            eprintln!("probekit demo: cannot start the built-in target: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
        Err(_) => return ExitCode::from(EXIT_USAGE),
    };
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
    let _ = stop_tx.send(());
    let _ = server.join();
    let Some(report) = report else {
        return ExitCode::from(EXIT_USAGE);
    };
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
