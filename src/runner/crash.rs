//! What a run leaves when the program crashes.
//!
//! Compiled probes are built with `panic = "abort"` (docs/build.md, "Panics"): a panic cannot be
//! caught as the failure of one probe, as `probekit run` catches it, so the program ends there.
//! Before it does, the panic hook of [`arm`] writes what the run had found: the probe that
//! crashed as an error with the panic's message, every finished probe's result, and the probes
//! still running or not yet started as not finished, delivered to every destination the command
//! line named, with the exit code those results give. Nothing a command probe started survives
//! it.
//!
//! The runner tells this module where it is ([`Progress`]) only once a hook is armed; otherwise
//! every call here is one atomic load.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::SystemTime;

use tokio::time::Instant;

use super::{ProbeResult, RunReport, Scheduler, Spool, Status, synthetic};
use crate::suite::Suite;

thread_local! {
    /// The position (in the run's order) of the probe this thread is polling.
    static POLLING: Cell<Option<usize>> = const { Cell::new(None) };
}

static ARMED: AtomicBool = AtomicBool::new(false);
static PROGRESS: Mutex<Option<Progress>> = Mutex::new(None);

/// The run in progress, as far as a crash report needs it.
struct Progress {
    suite: Arc<Suite>,
    /// The probe (index in the suite) at each position of the run's order.
    probes: Vec<usize>,
    started_at: SystemTime,
    start: Instant,
    started: Vec<bool>,
    results: Vec<Option<ProbeResult>>,
    spool: Option<Arc<dyn Spool>>,
}

/// What a crash report is made of: the run's report so far, and the name of the probe that
/// crashed (`None`: the panic was outside every probe).
pub struct Crash {
    pub report: RunReport,
    pub probe: Option<String>,
}

/// From now on the runner keeps its progress where [`take`] finds it.
pub fn arm() {
    ARMED.store(true, Ordering::Relaxed);
}

/// Only a program built with `panic = "abort"` arms the hook: elsewhere this is `false` at
/// compile time and the runner does nothing for it.
pub(super) fn armed() -> bool {
    cfg!(panic = "abort") && ARMED.load(Ordering::Relaxed)
}

use crate::lock_soon::lock_soon;

fn with_progress(update: impl FnOnce(&mut Progress)) {
    if !armed() {
        return;
    }
    let mut progress = PROGRESS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = progress.as_mut() {
        update(p);
    }
}

/// A run of `suite` began, in the order of `schedule`.
pub(super) fn begin(
    suite: &Arc<Suite>,
    schedule: &Scheduler,
    started_at: SystemTime,
    start: Instant,
    spool: Option<Arc<dyn Spool>>,
) {
    if !armed() {
        return;
    }
    let n = schedule.len();
    let probes = (0..n).map(|pos| schedule.probe_index(pos)).collect();
    *PROGRESS.lock().unwrap_or_else(|e| e.into_inner()) = Some(Progress {
        suite: suite.clone(),
        probes,
        started_at,
        start,
        started: vec![false; n],
        results: vec![None; n],
        spool,
    });
}

pub(super) fn started(pos: usize) {
    with_progress(|p| p.started[pos] = true);
}

pub(super) fn finished(pos: usize, result: &ProbeResult) {
    with_progress(|p| p.results[pos] = Some(result.clone()));
}

/// The run is over: a crash from now on is not in any probe, and its report is written by the
/// run's own end.
pub(super) fn end() {
    if armed() {
        *PROGRESS.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// Called from the panic hook: the report of the run in progress, with the probe this thread was
/// polling as crashed with `message`. `None` outside a run, or when the crash happened while the
/// progress itself was being written (it cannot be read then).
pub fn take(message: &str) -> Option<Crash> {
    // Another worker thread holds the progress only while it records a result; this one holds
    // it if the crash was in that recording.
    let mut guard = lock_soon(&PROGRESS)?;
    let progress = guard.take()?;
    let crashed = POLLING.get();
    let probe = crashed.map(|pos| progress.suite.probes[progress.probes[pos]].name.clone());
    let elsewhere = match &probe {
        Some(name) => format!("not finished: the probe `{name}` crashed the program"),
        None => "not finished: the program crashed".to_string(),
    };
    let results = progress
        .results
        .into_iter()
        .enumerate()
        .map(|(pos, result)| {
            result.unwrap_or_else(|| {
                let probe = &progress.suite.probes[progress.probes[pos]];
                if Some(pos) == crashed {
                    synthetic(
                        probe,
                        Status::Error,
                        format!("the probe crashed: {message}"),
                    )
                } else if progress.started[pos] {
                    synthetic(probe, Status::Error, elsewhere.clone())
                } else {
                    synthetic(probe, Status::Skipped, elsewhere.clone())
                }
            })
        })
        .collect();
    let mut report = RunReport::new(
        &progress.suite,
        progress.started_at,
        progress.start.elapsed(),
        results,
    );
    report.spool = progress.spool;
    Some(Crash { report, probe })
}

/// A probe's future, which marks the thread that polls it as polling that probe.
pub(super) struct Polled<F> {
    pos: usize,
    inner: F,
}

impl<F> Polled<F> {
    pub(super) fn new(pos: usize, inner: F) -> Polled<F> {
        Polled { pos, inner }
    }
}

impl<F: Future> Future for Polled<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let pos = self.pos;
        // SAFETY: `inner` is structurally pinned: `Polled` never moves it out, has no `Drop` and
        // is `Unpin` only when `F` is.
        let inner = unsafe { self.map_unchecked_mut(|p| &mut p.inner) };
        let _polling = Polling::enter(pos);
        inner.poll(cx)
    }
}

/// The thread polls the probe at a position until this is dropped (unwinding included).
struct Polling(Option<usize>);

impl Polling {
    fn enter(pos: usize) -> Polling {
        Polling(POLLING.replace(Some(pos)))
    }
}

impl Drop for Polling {
    fn drop(&mut self) {
        POLLING.set(self.0);
    }
}
