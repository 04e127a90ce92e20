//! Runs a suite: bounded concurrency, `depends_on` ordering, retries with backoff, a deadline for
//! the whole run, `--fail-fast` and cancellation. Every selected probe ends up in the report
//! exactly once — as passed, failed, errored or skipped with a reason, never silently dropped.

pub mod crash;
mod schedule;

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::Serialize;
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::check::{AttemptResult, CheckError, Details, Engine, ErrorKind, attempt};
use crate::expect::{Assertion, Severity};
use crate::suite::{Backoff, CheckKind, Probe, Suite};
pub use schedule::{Gate, Scheduler};

/// A probe's retry delay never grows past this, however many attempts it has made.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(60);
/// How long past the run deadline a probe may take to notice it before it is aborted.
const DEADLINE_SLACK: Duration = Duration::from_millis(50);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    /// Only warning-level expectations failed, or a probe of `severity: warning` did not pass:
    /// reported, Nagios 1, but it does not fail the run.
    Warn,
    Fail,
    Error,
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Error => "error",
            Status::Skipped => "skipped",
        }
    }
}

#[derive(Clone, Debug)]
pub struct ProbeResult {
    pub name: String,
    pub kind: CheckKind,
    pub target: String,
    pub tags: Vec<String>,
    pub labels: BTreeMap<String, String>,
    pub status: Status,
    pub attempts: u32,
    /// Duration of the last attempt.
    pub duration: Duration,
    /// From the first attempt's start to the verdict, including retry delays.
    pub elapsed: Duration,
    /// Why it did not pass, in words.
    pub reason: Option<String>,
    pub error: Option<CheckError>,
    pub assertions: Vec<Assertion>,
    pub details: Option<Details>,
    /// Skipped because a gate did not pass (the gate itself, or what depends on it): counts
    /// as passed.
    pub gated: bool,
    /// The suite's latency (or duration) limits in seconds, warning and critical, for Nagios
    /// performance data.
    pub time_limits: (Option<f64>, Option<f64>),
    /// Where the result waits, written as the JSON report writes it, while a large run goes
    /// on ([`crate::report::json::Spool`]): its assertions and details are only there then.
    pub spooled: Option<Spooled>,
}

/// The upper limits on a probe's time its expectations set: (warning, critical), in seconds.
fn time_limits(expect: &crate::expect::Expect) -> (Option<f64>, Option<f64>) {
    use crate::expect::CmpOp;
    let upper = |t: &Option<crate::expect::Threshold<Duration>>| {
        t.as_ref()
            .filter(|t| matches!(t.op, CmpOp::Lt | CmpOp::Le))
            .map(|t| t.limit.as_secs_f64())
    };
    (
        expect.warning.as_ref().and_then(|w| upper(&w.latency)),
        upper(&expect.latency),
    )
}

#[derive(Clone, Debug)]
pub struct RunReport {
    pub suite: String,
    /// Where the suite came from (`probes/demo.yaml`, `<command line>`).
    pub source: String,
    pub labels: BTreeMap<String, String>,
    pub started_at: SystemTime,
    pub duration: Duration,
    pub results: Vec<ProbeResult>,
    /// Where the results the run spooled wait for the JSON report.
    pub spool: Option<Arc<dyn Spool>>,
}

#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub total: usize,
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
    pub error: usize,
    pub skipped: usize,
}

impl RunReport {
    /// A report of `suite` with these results.
    pub fn new(
        suite: &Suite,
        started_at: SystemTime,
        duration: Duration,
        results: Vec<ProbeResult>,
    ) -> RunReport {
        RunReport {
            suite: suite.name.clone(),
            source: suite.source.clone(),
            labels: suite.labels.clone(),
            started_at,
            duration,
            results,
            spool: None,
        }
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            total: self.results.len(),
            ..Default::default()
        };
        for r in &self.results {
            match r.status {
                Status::Pass => s.pass += 1,
                Status::Warn => s.warn += 1,
                Status::Fail => s.fail += 1,
                Status::Error => s.error += 1,
                Status::Skipped => s.skipped += 1,
            }
        }
        s
    }

    /// Passed only when every probe passed (a skipped probe did not pass, unless a closed gate
    /// skipped it).
    pub fn passed(&self) -> bool {
        self.results.iter().all(ProbeResult::counts_as_passed)
    }
}

/// Which probes run: those matching any `--probe` glob (when given) and carrying any `--tag`
/// (when given), plus everything they depend on.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub names: Vec<String>,
    pub tags: Vec<String>,
}

impl Selection {
    fn matches(&self, probe: &Probe) -> bool {
        let name_ok = self.names.is_empty()
            || self
                .names
                .iter()
                .any(|g| g == &probe.name || wildmatch::WildMatch::new(g).matches(&probe.name));
        let tag_ok = self.tags.is_empty() || self.tags.iter().any(|t| probe.tags.contains(t));
        name_ok && tag_ok
    }

    /// Indices of the selected probes and their dependencies, in suite order.
    pub fn resolve(&self, suite: &Suite) -> Vec<usize> {
        let mut selected: Vec<bool> = suite.probes.iter().map(|p| self.matches(p)).collect();
        let mut queue: VecDeque<usize> = (0..selected.len()).filter(|&i| selected[i]).collect();
        while let Some(i) = queue.pop_front() {
            for dep in &suite.probes[i].depends_on {
                if let Some(j) = suite.find(dep)
                    && !selected[j]
                {
                    selected[j] = true;
                    queue.push_back(j);
                }
            }
        }
        (0..selected.len()).filter(|&i| selected[i]).collect()
    }
}

#[derive(Clone, Default)]
pub struct RunOptions {
    /// Overrides the suite's `concurrency`.
    pub concurrency: Option<usize>,
    pub deadline: Option<Duration>,
    pub fail_fast: bool,
    pub selection: Selection,
    /// Notified to stop the run (Ctrl-C): running probes are cancelled and their processes killed.
    pub cancel: Option<Arc<Notify>>,
    /// Where finished results wait for a JSON report, so that a run of 100,000 probes does not
    /// hold them all (only their statuses).
    pub spool: Option<Arc<dyn Spool>>,
}

/// Where finished results wait while a large run goes on, written as a report will show them
/// (the JSON report's spool): the run keeps only what decides its verdict.
pub trait Spool: Send + Sync + std::fmt::Debug {
    /// Writes the result out, and drops what is then only in the spool (assertions, details);
    /// a result the spool cannot take stays whole.
    fn keep(&self, result: &mut ProbeResult);
    /// What [`Spool::keep`] wrote of a result.
    fn read(&self, at: Spooled) -> std::io::Result<String>;
}

/// Where a spooled result is in its spool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spooled {
    pub offset: u64,
    pub len: usize,
}

/// Told about progress, for a progress bar.
pub trait Observer: Send + Sync {
    fn started(&self, _total: usize) {}
    /// A probe's attempt did not pass and another follows: `elapsed` since its first, out of
    /// `limit` (a `wait`'s `until`), and why.
    fn retrying(
        &self,
        _probe: &str,
        _attempt: u32,
        _elapsed: Duration,
        _limit: Option<Duration>,
        _why: &str,
    ) {
    }
    fn finished(&self, _result: &ProbeResult) {}
}

pub struct NoObserver;
impl Observer for NoObserver {}

/// Why probes that never ran were skipped.
enum Stop {
    Deadline(Duration),
    FailFast(String),
    Cancelled,
}

impl Stop {
    fn not_started(&self) -> String {
        match self {
            Stop::Deadline(d) => format!(
                "not started before the run deadline ({})",
                crate::units::write_duration(*d)
            ),
            Stop::FailFast(name) => format!("not run: --fail-fast after `{name}` did not pass"),
            Stop::Cancelled => "not run: the run was interrupted".into(),
        }
    }

    fn interrupted(&self) -> (Status, String) {
        match self {
            Stop::Deadline(d) => (
                Status::Error,
                format!(
                    "cancelled at the run deadline ({})",
                    crate::units::write_duration(*d)
                ),
            ),
            Stop::FailFast(name) => (
                Status::Skipped,
                format!("cancelled: --fail-fast after `{name}` did not pass"),
            ),
            Stop::Cancelled => (Status::Error, "cancelled: the run was interrupted".into()),
        }
    }
}

pub async fn run(
    suite: Arc<Suite>,
    engine: Arc<Engine>,
    opts: RunOptions,
    observer: Arc<dyn Observer>,
) -> RunReport {
    let started_at = SystemTime::now();
    let start = Instant::now();
    let run_deadline = opts.deadline.map(|d| start + d);
    let order = opts.selection.resolve(&suite);
    observer.started(order.len());
    let concurrency = opts.concurrency.unwrap_or(suite.concurrency).max(1);

    let mut schedule = Scheduler::new(&suite, order);
    let mut results: Vec<Option<ProbeResult>> = vec![None; schedule.len()];
    let spool = opts.spool.clone();
    let kept = |pos: usize, mut result: ProbeResult| {
        if let Some(spool) = &spool {
            spool.keep(&mut result);
        }
        crash::finished(pos, &result);
        Some(result)
    };
    let mut running: JoinSet<(usize, ProbeResult)> = JoinSet::new();
    let mut in_flight: BTreeMap<tokio::task::Id, usize> = BTreeMap::new();
    let mut stop: Option<Stop> = None;
    let cancel = opts.cancel.clone().unwrap_or_default();
    let far = start + Duration::from_secs(86_400 * 365);
    crash::begin(&suite, &schedule, started_at, start, spool.clone());

    loop {
        // Nothing starts once the run deadline has passed; what is still pending is skipped.
        if stop.is_none() && run_deadline.is_some_and(|d| Instant::now() >= d) {
            stop = opts.deadline.map(Stop::Deadline);
        }
        while stop.is_none() && running.len() < concurrency {
            let Some(pos) = schedule.next_ready() else {
                break;
            };
            let probe_index = schedule.probe_index(pos);
            let (suite, engine, observer) = (suite.clone(), engine.clone(), observer.clone());
            crash::started(pos);
            let probe = async move {
                let result = run_probe(
                    &engine,
                    &suite.probes[probe_index],
                    run_deadline,
                    &*observer,
                )
                .await;
                (pos, result)
            };
            // Which probe a thread polls matters only to a crash report.
            let handle = if crash::armed() {
                running.spawn(crash::Polled::new(pos, probe))
            } else {
                running.spawn(probe)
            };
            in_flight.insert(handle.id(), pos);
        }
        if running.is_empty() {
            break;
        }
        let hard_stop = run_deadline.map_or(far, |d| d + DEADLINE_SLACK);
        tokio::select! {
            joined = running.join_next_with_id() => {
                let Some(joined) = joined else { continue };
                let (id, pos, result) = match joined {
                    Ok((id, (pos, result))) => (id, pos, result),
                    Err(e) => {
                        let id = e.id();
                        let Some(&pos) = in_flight.get(&id) else { continue };
                        let probe = &suite.probes[schedule.probe_index(pos)];
                        (id, pos, synthetic(probe, Status::Error, format!("the probe crashed: {e}")))
                    }
                };
                in_flight.remove(&id);
                if !result.counts_as_passed() && opts.fail_fast && stop.is_none() {
                    stop = Some(Stop::FailFast(result.name.clone()));
                    abort_running(&mut running);
                }
                // What a closed gate skips, or a bypass that passed, counts as passed.
                let gated = result.gated || suite.probes[schedule.probe_index(pos)].bypass;
                for (skipped, reason) in schedule.finished(&suite, pos, result.status, result.gated) {
                    let probe = &suite.probes[schedule.probe_index(skipped)];
                    let mut skipped_result = synthetic(probe, Status::Skipped, reason);
                    skipped_result.gated = gated;
                    observer.finished(&skipped_result);
                    results[skipped] = kept(skipped, skipped_result);
                }
                observer.finished(&result);
                results[pos] = kept(pos, result);
            }
            () = tokio::time::sleep_until(hard_stop), if stop.is_none() && run_deadline.is_some() => {
                stop = opts.deadline.map(Stop::Deadline);
                abort_running(&mut running);
            }
            () = cancel.notified(), if stop.is_none() => {
                stop = Some(Stop::Cancelled);
                abort_running(&mut running);
            }
        }
        // Once stopped, collect aborted tasks as they finish (aborting is immediate for probes,
        // which hold no blocking work) and mark them.
        if let Some(why) = &stop {
            while let Some(joined) = running.join_next_with_id().await {
                let (id, finished) = match joined {
                    Ok((id, (pos, result))) => (id, Some((pos, result))),
                    Err(e) => (e.id(), None),
                };
                let Some(pos) = in_flight.remove(&id) else {
                    continue;
                };
                let result = finished.map(|(_, r)| r).unwrap_or_else(|| {
                    let (status, reason) = why.interrupted();
                    synthetic(&suite.probes[schedule.probe_index(pos)], status, reason)
                });
                observer.finished(&result);
                results[pos] = kept(pos, result);
            }
        }
    }

    // A stopped run leaves probes that never started; so does a deadline that passed while
    // probes waited on dependencies.
    crash::end();
    let reason_for_rest = stop.as_ref().map(Stop::not_started);
    let results = results
        .into_iter()
        .enumerate()
        .map(|(pos, r)| {
            r.unwrap_or_else(|| {
                let probe = &suite.probes[schedule.probe_index(pos)];
                let reason = reason_for_rest.clone().unwrap_or_else(|| "not run".into());
                let result = synthetic(probe, Status::Skipped, reason);
                observer.finished(&result);
                result
            })
        })
        .collect();
    let mut report = RunReport::new(&suite, started_at, start.elapsed(), results);
    report.spool = opts.spool;
    report
}

fn abort_running(running: &mut JoinSet<(usize, ProbeResult)>) {
    running.abort_all();
}

impl ProbeResult {
    /// Passed, or skipped behind a closed gate.
    pub fn counts_as_passed(&self) -> bool {
        matches!(self.status, Status::Pass | Status::Warn)
            || (self.status == Status::Skipped && self.gated)
    }
}

/// A result for a probe that did not (fully) run.
pub fn synthetic(probe: &Probe, status: Status, reason: String) -> ProbeResult {
    let error =
        (status == Status::Error).then(|| CheckError::new(ErrorKind::Cancelled, reason.clone()));
    ProbeResult {
        name: probe.name.clone(),
        kind: probe.check.kind(),
        target: target_of(probe),
        tags: probe.tags.clone(),
        labels: probe.labels.clone(),
        status,
        attempts: 0,
        duration: Duration::ZERO,
        elapsed: Duration::ZERO,
        reason: Some(reason),
        error,
        assertions: Vec::new(),
        details: None,
        gated: false,
        time_limits: time_limits(&probe.expect),
        spooled: None,
    }
}

/// The probe's target as written in the suite (`${VAR}` unresolved, a literal URL password as
/// `***`).
pub fn target_of(probe: &Probe) -> String {
    check_target(&probe.check)
}

fn check_target(check: &crate::suite::Check) -> String {
    use crate::suite::Check;
    match check {
        Check::Http(h) => format!("{} {}", h.method, crate::check::http::shown_url(&h.url)),
        Check::Command(c) => crate::check::command::describe(c),
        Check::Tcp(t) => t.address.to_string(),
        Check::Tls(t) => match t.starttls {
            Some(p) => format!("{} (starttls {})", t.address, p.as_str()),
            None => format!("{} (tls)", t.address),
        },
        Check::Database(d) => format!(
            "{} {}",
            d.engine.as_str(),
            crate::check::http::hide_password(&d.address.to_string())
        ),
        Check::Host(h) => crate::check::host::describe(h),
        Check::Dns(d) => format!("{} {}", d.name, d.record.as_str()),
        Check::Icmp(i) => i.host.to_string(),
        Check::Grpc(g) => format!("{} {}", g.address, g.service),
        Check::Service(s) => s.unit.to_string(),
        Check::Metrics(m) => crate::check::metrics::describe(&m.source),
        Check::AnyOf(alts) => {
            let targets: Vec<String> = alts.iter().map(|a| check_target(&a.check)).collect();
            format!("any of: {}", targets.join(" | "))
        }
    }
}

/// One probe, with its retries, ending by its own timeout per attempt and by the run deadline.
pub async fn run_probe(
    engine: &Engine,
    probe: &Probe,
    run_deadline: Option<Instant>,
    observer: &dyn Observer,
) -> ProbeResult {
    #[cfg(feature = "crash-test")]
    if probe.name.starts_with("crash-test") {
        tokio::time::sleep(Duration::from_secs(1)).await;
        panic!("the crash `{}` asked for", probe.name);
    }
    let first = Instant::now();
    let timeout = probe.check.timeout();
    let mut attempts = 0;
    let mut last: AttemptResult;
    // `attempts` and `wait` that name `${…}` are read now; a value they cannot take is the
    // probe's error, before any attempt.
    let (wait, retries) = match tries(probe) {
        Ok(t) => t,
        Err(why) => {
            let last = AttemptResult {
                target: check_target(&probe.check),
                duration: Duration::ZERO,
                error: Some(CheckError::new(ErrorKind::Config, why)),
                assertions: Vec::new(),
                details: None,
            };
            return finish(probe, first, 0, last);
        }
    };
    loop {
        attempts += 1;
        let now = Instant::now();
        let deadline = match run_deadline {
            Some(d) => (now + timeout).min(d),
            None => now + timeout,
        };
        last = attempt(engine, &probe.check, &probe.expect, deadline).await;
        // A failure of a sent request the probe gives up on ends its tries.
        let gives_up = last
            .error
            .as_ref()
            .and_then(|e| e.after_sent)
            .is_some_and(|f| probe.give_up_on.contains(f));
        if last.passed() || gives_up {
            break;
        }
        if let Some(wait) = wait {
            // Another attempt only if it can start before `until` has elapsed.
            let next = Instant::now() + wait.every;
            if next.duration_since(first) >= wait.until || run_deadline.is_some_and(|d| next >= d) {
                break;
            }
            observer.retrying(
                &probe.name,
                attempts,
                first.elapsed(),
                Some(wait.until),
                &last.why("; ").unwrap_or_default(),
            );
            tokio::time::sleep_until(next).await;
            continue;
        }
        if attempts > retries {
            break;
        }
        let delay = match probe.retry_backoff {
            Backoff::Exponential => backoff(probe.retry_delay, attempts),
            Backoff::Constant => probe.retry_delay,
        };
        // A delay that would pass the run deadline is shortened so that one last attempt still
        // fits before it (with its whole timeout), rather than giving up early.
        let mut wake = Instant::now() + delay;
        if let Some(d) = run_deadline
            && wake + timeout > d
        {
            match d.checked_sub(timeout) {
                Some(last_start) if last_start > Instant::now() => wake = last_start,
                _ => break,
            }
        }
        observer.retrying(
            &probe.name,
            attempts,
            first.elapsed(),
            None,
            &last.why("; ").unwrap_or_default(),
        );
        tokio::time::sleep_until(wake).await;
    }
    finish(probe, first, attempts, last)
}

/// How a probe tries again: its wait, or its retries.
fn tries(probe: &Probe) -> Result<(Option<crate::suite::Wait>, u32), String> {
    let retries = match probe.late_attempts.as_deref() {
        None => probe.retries,
        Some(n) => crate::check::late_attempts(n)? - 1,
    };
    let wait = match probe.late_wait.as_deref() {
        None => probe.wait,
        Some(w) => Some(crate::check::late_wait(w)?),
    };
    Ok((wait, retries))
}

/// The probe's result from its last attempt.
fn finish(probe: &Probe, first: Instant, attempts: u32, last: AttemptResult) -> ProbeResult {
    let status = match (&last.error, last.severity()) {
        (_, None) => Status::Pass,
        (_, Some(Severity::Warning)) => Status::Warn,
        _ if probe.severity == Severity::Warning => Status::Warn,
        (Some(_), _) => Status::Error,
        (None, Some(Severity::Critical)) => Status::Fail,
    };
    let mut reason = last.why("; ");
    // A gate that does not pass is closed: skipped, and counted as passed.
    // A bypass that does not pass is not taken: skipped, counted as passed, and what depends
    // on it decides.
    // A bypass that only warns is not taken either: what stands behind it decides.
    let gated = (probe.gate && !matches!(status, Status::Pass | Status::Warn))
        || (probe.bypass && status != Status::Pass);
    let (status, error) = if gated {
        reason = Some(format!(
            "{}: {}",
            if probe.bypass {
                "bypass not taken"
            } else {
                "gate closed"
            },
            reason.unwrap_or_else(|| "it did not pass".into())
        ));
        (Status::Skipped, None)
    } else {
        (status, last.error)
    };
    ProbeResult {
        name: probe.name.clone(),
        kind: probe.check.kind(),
        target: last.target,
        tags: probe.tags.clone(),
        labels: probe.labels.clone(),
        status,
        attempts,
        duration: last.duration,
        elapsed: first.elapsed(),
        reason,
        error,
        assertions: last.assertions,
        details: last.details,
        gated,
        time_limits: time_limits(&probe.expect),
        spooled: None,
    }
}

/// Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries
/// from many probes spread out without any of them retrying immediately.
pub fn backoff(base: Duration, attempt: u32) -> Duration {
    let exp = base
        .saturating_mul(1u32 << (attempt - 1).min(16))
        .min(MAX_RETRY_DELAY);
    let half = exp / 2;
    half + half.mul_f64(fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::from_millis(100);
        for _ in 0..100 {
            let d1 = backoff(base, 1);
            assert!(d1 >= Duration::from_millis(50) && d1 <= base, "{d1:?}");
            let d3 = backoff(base, 3);
            assert!(
                d3 >= Duration::from_millis(200) && d3 <= Duration::from_millis(400),
                "{d3:?}"
            );
            assert!(backoff(base, 40) <= MAX_RETRY_DELAY);
        }
    }
}

/// Every probe is a task, and tokio copies a task's future when it spawns it: the futures must
/// stay small (they were 35 KB before the kinds were boxed, costing a measurable share of a
/// 1,000-probe run in memcpy).
#[cfg(test)]
mod future_sizes {
    use crate::check::{Secrets, attempt, command, http, tcp};
    use crate::load::load_bytes;
    use crate::suite::Check;

    #[test]
    fn futures_stay_small() {
        let engine = crate::check::Engine::default();
        let suite = load_bytes(
            "x",
            "x",
            b"probes:\n  - name: a\n    http: http://127.0.0.1:1/\n  - name: b\n    command: {argv: [x]}\n  - name: c\n    tcp: 127.0.0.1:1\n  - name: d\n    process: x\n  - name: e\n    dns: x.test\n",
            &Default::default(),
        )
        .unwrap();
        let now = tokio::time::Instant::now();
        let mut s = Secrets::default();
        let p = &suite.probes[0];
        assert!(
            std::mem::size_of_val(&super::run_probe(&engine, p, None, &super::NoObserver)) <= 1024
        );
        assert!(std::mem::size_of_val(&attempt(&engine, &p.check, &p.expect, now)) <= 256);
        if let (Check::Http(h), Check::Command(c), Check::Tcp(t)) = (
            &*suite.probes[0].check,
            &*suite.probes[1].check,
            &*suite.probes[2].check,
        ) {
            assert!(std::mem::size_of_val(&http::run(&engine, h, now, &mut s)) <= 4096);
            assert!(std::mem::size_of_val(&command::run(c, now, &mut s)) <= 4096);
            let n = std::mem::size_of_val(&tcp::run(&engine, t, false, None, now, &mut s));
            assert!(n <= 4096, "{n}");
        } else {
            panic!("unexpected kinds");
        }
        if let (Check::Host(h), Check::Dns(d)) = (&*suite.probes[3].check, &*suite.probes[4].check)
        {
            let e = &suite.probes[3].expect;
            assert!(std::mem::size_of_val(&crate::check::host::run(h, e, now)) <= 4096);
            assert!(std::mem::size_of_val(&crate::check::dns::run(d, now)) <= 4096);
        } else {
            panic!("unexpected kinds");
        }
    }
}
