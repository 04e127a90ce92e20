//! `probekit serve`: runs a suite on a schedule and serves the latest results to Prometheus.
//!
//! Each probe runs every `interval` (the first run spread over the first seconds so a large
//! suite does not fire at once), at most `concurrency` at a time, after its dependencies passed.
//! Routes: `/metrics` (latest result of every probe; OpenMetrics when asked), `/probe?name=…`
//! (run one configured probe now — only probes of the suite, never an arbitrary target),
//! `/-/healthy`, `/-/ready`, `POST /-/reload`. SIGHUP reloads the suite; an invalid suite is
//! logged and the running one kept. SIGTERM and SIGINT let running probes finish (bounded) and
//! exit.

mod board;
mod connections;
mod lag;
mod log;
mod own;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, mpsc, oneshot, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

use board::{Board, Latest};
use connections::Connections;
pub use log::{LogFormat, Logger};

use crate::check::{CheckError, Engine, ErrorKind};
use crate::exit::{EXIT_PASS, Failure};
use crate::load::{LoadError, LoadOptions, ModuleError, Modules, load_file_warned};
use crate::metrics::Format;
use crate::report::prometheus;
use crate::runner::{Gate, ProbeResult, RunReport, Status, run_probe, synthetic};
use crate::suite::Suite;

/// The first runs of a suite's probes are spread over at least this span (or their interval,
/// if shorter), so that 500 probes do not fire in the same millisecond...
const FIRST_RUN_SPREAD: Duration = Duration::from_secs(5);
/// ...and over this much per probe, up to the interval, so that a large suite's runs stay
/// spread as they repeat: 100,000 probes every 30 s run 3,333 a second, not 100,000 in the
/// first 5 s of every 30.
const FIRST_RUN_SPREAD_PER_PROBE: Duration = Duration::from_millis(1);
/// How often a probe whose dependency has not run yet looks again.
const DEPENDENCY_POLL: Duration = Duration::from_millis(100);
/// How long SIGTERM waits for running probes.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// A client must send its request head within this time (Prometheus sends it at once).
const HEADER_TIMEOUT: Duration = Duration::from_secs(3);
/// No connection lives longer than this (keep-alive included).
const CONNECTION_LIFETIME: Duration = Duration::from_secs(300);
/// `/probe` serves the latest result instead of running the probe again within this time.
const ON_DEMAND_MIN_INTERVAL: Duration = Duration::from_secs(1);
/// A result older than its probe's interval and timeout plus this is served as stale.
const STALE_SLACK: Duration = Duration::from_secs(1);
/// Request targets (path and query) longer than this are refused.
const MAX_TARGET: usize = 2048;

pub struct Options {
    pub suite: PathBuf,
    pub load: LoadOptions,
    pub listen: SocketAddr,
    pub log: Logger,
    /// Serve `POST /-/reload` (Prometheus' `--web.enable-lifecycle`); off by default.
    pub lifecycle: bool,
    /// `--shard I/N`: only this share of the suite's probes is scheduled.
    pub shard: Option<crate::suite::shard::Shard>,
}

/// What the server and the probe loops share.
struct Shared {
    suite_path: PathBuf,
    load: LoadOptions,
    suite: RwLock<Arc<Suite>>,
    /// The suite's `modules` and `targets`, replaced with the suite on a reload.
    modules: RwLock<Option<Arc<Modules>>>,
    /// The latest result of each probe and when its latest run started: a reload keeps each
    /// probe's place in the schedule instead of starting over (reloads more often than the
    /// first-run spread would otherwise keep a probe from ever running).
    board: Mutex<Board>,
    /// One lock a probe, taken by `/probe` runs of it.
    on_demand: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// `--web.enable-lifecycle`: whether `POST /-/reload` is served.
    lifecycle: bool,
    shard: Option<crate::suite::shard::Shard>,
    engine: Arc<Engine>,
    limiter: RwLock<Arc<Semaphore>>,
    log: Logger,
    reload: mpsc::Sender<oneshot::Sender<Result<String, String>>>,
    /// How late scheduled runs start.
    lag: lag::Lag,
    /// Build info, reloads, the process.
    own: own::Own,
}

impl Shared {
    /// The suite running now (a reload may replace it at any time).
    fn current_suite(&self) -> Arc<Suite> {
        self.suite.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// A `concurrency` slot of the running suite, held while a probe runs.
    async fn slot(&self) -> Result<tokio::sync::OwnedSemaphorePermit, tokio::sync::AcquireError> {
        let limiter = self
            .limiter
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        limiter.acquire_owned().await
    }

    fn current_modules(&self) -> Option<Arc<Modules>> {
        self.modules
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// Runs until SIGTERM or SIGINT. Exit status 2 when the suite cannot be loaded or the address
/// cannot be bound.
pub fn main(opts: Options) -> Result<ExitCode, Failure> {
    // One thread runs the probes, and pages render on blocking threads: a scheduled suite is
    // I/O waits, and a second worker costs more in wake-ups between the two than it saves
    // (100,000 probes every 30 s: 26% of a core on one thread, 36% on two; docs/serve.md).
    // PROBEKIT_THREADS=N for suites whose checks need more than a core.
    let threads = crate::session::threads_asked();
    let runtime = crate::session::runtime(threads.is_none_or(|n| n <= 1), threads)
        .map_err(|e| Failure::usage(format!("probekit serve: cannot start the runtime: {e}")))?;
    let code = runtime.block_on(serve(opts));
    // Do not wait for name lookups stuck on blocking threads (see session::execute).
    runtime.shutdown_timeout(Duration::from_millis(100));
    code
}

async fn serve(mut opts: Options) -> Result<ExitCode, Failure> {
    opts.load.modules_alone = true;
    let loaded =
        load_file_warned(&opts.suite, &opts.load).map_err(|e| Failure::usage(e.to_string()))?;
    loaded.print_warnings();
    let modules = loaded.modules.map(Arc::new);
    let mut suite = loaded.suite;
    if let Some(shard) = opts.shard {
        shard.apply(&mut suite);
    }
    let suite = Arc::new(suite);
    let listener = TcpListener::bind(opts.listen).await.map_err(|e| {
        Failure::usage(format!(
            "probekit serve: cannot listen on {}: {e}",
            opts.listen
        ))
    })?;
    let (reload_tx, mut reload_rx) = mpsc::channel(4);
    let shared = Arc::new(Shared {
        suite_path: opts.suite.clone(),
        load: opts.load,
        limiter: RwLock::new(Arc::new(Semaphore::new(suite.concurrency))),
        suite: RwLock::new(suite.clone()),
        modules: RwLock::new(modules),
        board: Mutex::new(Board::new(suite.clone())),
        on_demand: Mutex::new(HashMap::new()),
        lifecycle: opts.lifecycle,
        shard: opts.shard,
        engine: Arc::new(Engine::default()),
        log: opts.log,
        reload: reload_tx,
        lag: lag::Lag::default(),
        own: own::Own::default(),
    });
    shared.log.info(
        "serving",
        &[
            (
                "address",
                listener
                    .local_addr()
                    .map_or_else(|_| opts.listen.to_string(), |a| a.to_string()),
            ),
            ("suite", suite.name.clone()),
            ("probes", suite.probes.len().to_string()),
        ],
    );
    let mut schedule = Schedule::start(&shared, suite);
    let connections = Arc::new(Connections::default());
    let mut servers = JoinSet::new();

    use tokio::signal::unix::{SignalKind, signal};
    let (mut hup, mut term, mut int) = match (
        signal(SignalKind::hangup()),
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(h), Ok(t), Ok(i)) => (h, t, i),
        _ => {
            return Err(Failure::usage(
                "probekit serve: cannot install signal handlers",
            ));
        }
    };
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                // Over the limits the connection is dropped (closed) at once.
                let Some(slot) = connections.admit(peer.ip()) else { continue };
                let _ = stream.set_nodelay(true);
                let shared = shared.clone();
                let id = slot.id();
                let handle_task = servers.spawn(async move {
                    let answered = slot.answered.clone();
                    let _slot = slot;
                    let service = service_fn(move |req| {
                        answered.store(true, std::sync::atomic::Ordering::Relaxed);
                        handle(req, shared.clone())
                    });
                    let conn = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(HEADER_TIMEOUT)
                        .max_buf_size(16 << 10)
                        .serve_connection(TokioIo::new(stream), service);
                    let _ = tokio::time::timeout(CONNECTION_LIFETIME, conn).await;
                });
                connections.attach(id, handle_task);
            }
            Some(()) = async { servers.join_next().await.map(|_| ()) }, if !servers.is_empty() => {}
            _ = hup.recv() => {
                let _ = reload(&shared, &mut schedule);
            }
            Some(reply) = reload_rx.recv() => {
                let _ = reply.send(reload(&shared, &mut schedule));
            }
            _ = term.recv() => break,
            _ = int.recv() => break,
        }
    }
    shared.log.info("shutting down", &[("grace", "10s".into())]);
    drop(listener);
    servers.abort_all();
    schedule.stop(SHUTDOWN_GRACE).await;
    crate::check::reaper::kill_all_orphans();
    shared.log.info("stopped", &[]);
    Ok(ExitCode::from(EXIT_PASS))
}

/// Loads the suite file again; a valid suite replaces the running one, an invalid one is
/// logged and changes nothing.
fn reload(shared: &Arc<Shared>, schedule: &mut Schedule) -> Result<String, String> {
    // The vars serve started with stay: an edited suite may no longer read some of them.
    let opts = LoadOptions {
        unused_vars_allowed: true,
        ..shared.load.clone()
    };
    match load_file_warned(&shared.suite_path, &opts) {
        Ok(loaded) => {
            let mut suite = loaded.suite;
            if let Some(shard) = shared.shard {
                shard.apply(&mut suite);
            }
            let suite = Arc::new(suite);
            *shared.modules.write().unwrap_or_else(|e| e.into_inner()) =
                loaded.modules.map(Arc::new);
            schedule.abort();
            {
                // By a set of the names: `Suite::find` is a scan, and a scan for each kept
                // result held a reload of 100,000 probes for seconds (3.6 s with a quarter of
                // them run, against 0.5 s).
                let names: std::collections::HashSet<&str> =
                    suite.probes.iter().map(|p| p.name.as_str()).collect();
                lock(&shared.board).replaced(suite.clone());
                lock(&shared.on_demand).retain(|name, _| names.contains(name.as_str()));
            }
            *shared.limiter.write().unwrap_or_else(|e| e.into_inner()) =
                Arc::new(Semaphore::new(suite.concurrency));
            *shared.suite.write().unwrap_or_else(|e| e.into_inner()) = suite.clone();
            shared.own.reloaded(true);
            let message = format!("reloaded: {} probes", suite.probes.len());
            shared.log.info(
                "reloaded",
                &[
                    ("suite", suite.name.clone()),
                    ("probes", suite.probes.len().to_string()),
                ],
            );
            *schedule = Schedule::start(shared, suite);
            Ok(message)
        }
        Err(e) => {
            // Never the suite's own lines (they may hold a literal credential): where the
            // problems are, and how to see them.
            shared.own.reloaded(false);
            let text = rejection(shared, &e);
            shared.log.error(
                "reload rejected; the running suite is kept",
                &[("error", text.clone())],
            );
            Err(text)
        }
    }
}

/// Why a reload was refused: each problem as `file:line:col: message`, never the file's own
/// lines (the rendered diagnostics quote them, and they may hold a literal credential), and
/// with the running suite's literal secrets masked.
fn rejection(shared: &Shared, e: &LoadError) -> String {
    let text = match e {
        LoadError::Suite(err) => err.summary_lines().join("; "),
        LoadError::Io { .. } | LoadError::TooLarge { .. } => e.to_string(),
    };
    crate::check::literal_secrets(&shared.current_suite()).redact(&text)
}

/// The latest result as served: as it was, or, when the probe has not finished a run for
/// longer than its interval and timeout, an error that says so (never an old pass as fresh).
fn fresh_or_stale(probe: &crate::suite::Probe, latest: &Latest) -> ProbeResult {
    let age = latest.at.elapsed();
    let limit = probe.interval + probe.check.timeout() + STALE_SLACK;
    let mut result = latest.result(probe);
    if age <= limit {
        return result;
    }
    let reason = format!(
        "stale: the latest result is {} old; the probe runs every {} and has not finished since",
        crate::units::write_duration(Duration::from_secs(age.as_secs())),
        crate::units::write_duration(probe.interval)
    );
    result.status = Status::Error;
    result.error = Some(CheckError::new(ErrorKind::Stale, reason.clone()));
    result.reason = Some(reason);
    result
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The probe runs of one suite: one task keeps every probe's next run in a timer heap and
/// starts each run when it is due; a probe's next run is due its interval after this one
/// started, counted when this one ends. An idle probe costs a heap entry, not a task.
struct Schedule {
    loops: JoinSet<()>,
    stop: watch::Sender<bool>,
}

impl Schedule {
    fn start(shared: &Arc<Shared>, suite: Arc<Suite>) -> Schedule {
        let (stop, stopped) = watch::channel(false);
        let mut loops = JoinSet::new();
        loops.spawn(schedule_loop(shared.clone(), suite, stopped));
        Schedule { loops, stop }
    }

    /// Stops at once (a reload: the old suite's runs are of no interest any more). Aborting
    /// the scheduler drops the runs it started, which aborts them.
    fn abort(&mut self) {
        let _ = self.stop.send(true);
        self.loops.abort_all();
    }

    /// Lets running probes finish, for at most `grace`.
    async fn stop(mut self, grace: Duration) {
        let _ = self.stop.send(true);
        let drained = tokio::time::timeout(grace, async {
            while self.loops.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            self.loops.abort_all();
        }
    }
}

/// When probe `index` of `suite` first runs: where it was in the schedule before a reload (at
/// once, if it is due), else at a random point of its own share of the first-run spread, in
/// suite order.
fn first_run(shared: &Shared, suite: &Suite, index: usize) -> Instant {
    let probe = &suite.probes[index];
    match lock(&shared.board).started(index) {
        Some(last) => (last + probe.interval).max(Instant::now()),
        None => {
            let n = suite.probes.len().max(1);
            let spread = probe
                .interval
                .min(FIRST_RUN_SPREAD.max(FIRST_RUN_SPREAD_PER_PROBE.saturating_mul(n as u32)));
            Instant::now() + spread.mul_f64((index as f64 + fastrand::f64()) / n as f64)
        }
    }
}

async fn schedule_loop(shared: Arc<Shared>, suite: Arc<Suite>, mut stop: watch::Receiver<bool>) {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut due: BinaryHeap<Reverse<(Instant, usize)>> = (0..suite.probes.len())
        .map(|index| Reverse((first_run(&shared, &suite, index), index)))
        .collect();
    let mut running: JoinSet<(usize, Instant)> = JoinSet::new();
    // Which probe each run is of, for a run that panicked.
    let mut runs: HashMap<tokio::task::Id, usize> = HashMap::new();
    loop {
        let next = due.peek().map(|Reverse((at, _))| *at);
        tokio::select! {
            () = tokio::time::sleep_until(next.unwrap_or_else(Instant::now)), if next.is_some() => {
                let now = Instant::now();
                while let Some(&Reverse((at, index))) = due.peek() {
                    if at > now {
                        break;
                    }
                    due.pop();
                    let (shared, suite) = (shared.clone(), suite.clone());
                    let handle = running.spawn(async move {
                        let probe = &suite.probes[index];
                        let started = Instant::now();
                        lock(&shared.board).start(&suite, index, started);
                        let next = match run_now(&shared, &suite, index, false, Some(at)).await {
                            Some(result) => {
                                record(&shared, &suite, index, result);
                                started + probe.interval
                            }
                            // A dependency has not run yet (first round): look again shortly.
                            None => started + DEPENDENCY_POLL,
                        };
                        (index, next)
                    });
                    runs.insert(handle.id(), index);
                }
            }
            Some(joined) = running.join_next_with_id() => match joined {
                Ok((id, (index, next))) => {
                    runs.remove(&id);
                    due.push(Reverse((next, index)));
                }
                // A run that panicked: the probe's next run is one interval away.
                Err(e) => {
                    if let Some(index) = runs.remove(&e.id()) {
                        due.push(Reverse((Instant::now() + suite.probes[index].interval, index)));
                    }
                }
            },
            changed = stop.changed() => {
                if changed.is_err() {
                    break;
                }
            }
        }
        if *stop.borrow() {
            break;
        }
    }
    // Stopped: the runs under way finish (within the grace the caller allows).
    while running.join_next().await.is_some() {}
}

/// Runs probe `index` once; its dependencies must have passed in their latest runs, or it is
/// skipped. `None` when a dependency has not run yet, unless `skip_when_unknown`.
async fn run_now(
    shared: &Shared,
    suite: &Suite,
    index: usize,
    skip_when_unknown: bool,
    due: Option<Instant>,
) -> Option<ProbeResult> {
    let probe = &suite.probes[index];
    let gate = {
        let board = lock(&shared.board);
        Gate::of(probe, |dep| {
            let bypass = suite.find(dep).is_some_and(|i| suite.probes[i].bypass);
            board
                .latest_of(dep)
                .map(|l| (l.status(), l.gated(), bypass && l.attempts() > 0))
        })
    };
    match gate {
        Gate::Open => {}
        Gate::Closed(reason) => return Some(synthetic(probe, Status::Skipped, reason)),
        Gate::Gated(reason) => {
            let mut r = synthetic(probe, Status::Skipped, reason);
            r.gated = true;
            return Some(r);
        }
        Gate::Unknown { dependency } if skip_when_unknown => {
            let reason = format!("dependency `{dependency}` has not run yet");
            return Some(synthetic(probe, Status::Skipped, reason));
        }
        Gate::Unknown { .. } => return None,
    }
    let _permit = shared.slot().await;
    if let Some(due) = due {
        shared
            .lag
            .record(Instant::now().saturating_duration_since(due));
    }
    Some(run_probe(&shared.engine, probe, None, &crate::runner::NoObserver).await)
}

/// Keeps the result of probe `index` of `suite` (nothing, when a reload replaced the suite)
/// and logs a change of state (not every run).
fn record(shared: &Shared, suite: &Arc<Suite>, index: usize, result: ProbeResult) {
    let previous = lock(&shared.board).record(suite, index, result.clone());
    let now = result.status;
    let fields = |r: &ProbeResult| {
        vec![
            ("probe", r.name.clone()),
            ("status", r.status.as_str().to_string()),
            ("reason", r.reason.clone().unwrap_or_default()),
            ("target", r.target.clone()),
        ]
    };
    match (previous, now) {
        (Some(Status::Pass), Status::Pass) | (None, Status::Pass) => {}
        (Some(before), after) if before == after => {}
        (_, Status::Pass) => shared.log.info("probe recovered", &fields(&result)[..3]),
        (_, Status::Warn) => shared.log.warn("probe warning", &fields(&result)),
        _ => shared.log.warn("probe failing", &fields(&result)),
    }
}

/// The latest results as a report, in suite order (probes that have not run yet are left out).
fn latest(shared: &Shared) -> RunReport {
    let board = lock(&shared.board);
    let suite = board.suite().clone();
    let ordered: Vec<ProbeResult> = suite
        .probes
        .iter()
        .enumerate()
        .filter_map(|(i, p)| board.latest(i).map(|l| fresh_or_stale(p, l)))
        .collect();
    drop(board);
    RunReport::new(&suite, SystemTime::now(), Duration::ZERO, ordered)
}

fn text(status: StatusCode, body: impl Into<String>) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(body.into())));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    resp
}

/// The exposition format the client asks for (Prometheus asks for OpenMetrics).
fn asked_format(req: &Request<Incoming>) -> Format {
    let wants_openmetrics = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/openmetrics-text"));
    if wants_openmetrics {
        Format::OpenMetrics
    } else {
        Format::Text
    }
}

/// An exposition page with its format's content type.
fn page_response(format: Format, body: String) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(format.content_type()),
    );
    resp
}

/// `/-/metrics`: serve's own families only, cheap to scrape however many probes the suite has.
fn own_metrics(req: &Request<Incoming>, shared: &Shared) -> Response<Full<Bytes>> {
    let format = asked_format(req);
    let page = match format {
        Format::OpenMetrics => "# EOF\n".to_string(),
        _ => String::new(),
    };
    let own = shared.own.families(format) + &shared.lag.family();
    page_response(format, lag::append(page, &own))
}

/// `/metrics`: the latest result of every probe, the duration histograms of their runs, and
/// serve's own families.
/// `/metrics`, rendered on a blocking thread: the page of 100,000 probes takes about a
/// second, which would hold up the probes scheduled on the worker that renders it.
async fn all_metrics(req: &Request<Incoming>, shared: &Arc<Shared>) -> Response<Full<Bytes>> {
    let format = asked_format(req);
    let shared = shared.clone();
    tokio::task::spawn_blocking(move || metrics_page(format, &shared))
        .await
        .unwrap_or_else(|_| {
            text(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the metrics page could not be rendered\n",
            )
        })
}

fn metrics_page(format: Format, shared: &Shared) -> Response<Full<Bytes>> {
    // What the last scrape's page took, sent since, goes back first.
    let large = shared.current_suite().probes.len() > RELEASE_AFTER_SCRAPE_PROBES;
    if large {
        crate::memory::release_freed();
    }
    let report = latest(shared);
    let body = prometheus::render_with(&report, format, true);
    let durations = {
        let board = lock(&shared.board);
        let suite = board.suite();
        let suite_name = [("suite", suite.name.as_str())];
        if suite.probes.len() <= own::HISTOGRAMS_PER_PROBE_MAX {
            (suite.probes.iter().enumerate())
                .filter_map(|(i, p)| {
                    let h = board.latest(i)?.durations.as_deref().copied();
                    let fixed = [suite_name[0], ("probe", p.name.as_str())];
                    Some((
                        prometheus::label_text(&fixed, &suite.labels),
                        h.unwrap_or_default(),
                    ))
                })
                .collect::<Vec<_>>()
        } else {
            // One histogram for the suite: 14 series a probe would outweigh the results.
            vec![(
                prometheus::label_text(&suite_name, &suite.labels),
                board.all_durations(),
            )]
        }
    };
    let mut own = own::durations(format, &durations);
    own.push_str(&shared.own.families(format));
    own.push_str(&shared.lag.family());
    let page = page_response(format, lag::append(body, &own));
    // The copies of the results and the text built for this page are gone now; a suite of
    // 100,000 probes would otherwise keep the page's peak resident until the next scrape.
    if large {
        crate::memory::release_freed();
    }
    page
}

/// Scrapes of suites larger than this give back the memory their page took.
const RELEASE_AFTER_SCRAPE_PROBES: usize = 10_000;

fn exposition(req: &Request<Incoming>, report: &RunReport) -> Response<Full<Bytes>> {
    let format = asked_format(req);
    page_response(format, prometheus::render_with(report, format, false))
}

async fn handle(
    req: Request<Incoming>,
    shared: Arc<Shared>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let target_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target_len > MAX_TARGET {
        return Ok(text(StatusCode::URI_TOO_LONG, "request target too long\n"));
    }
    let path = req.uri().path().to_string();
    let resp = match (req.method(), path.as_str()) {
        (&Method::GET | &Method::HEAD, "/metrics") => all_metrics(&req, &shared).await,
        (&Method::GET | &Method::HEAD, "/-/metrics") => own_metrics(&req, &shared),
        (&Method::GET | &Method::HEAD, "/-/healthy") => text(StatusCode::OK, "Healthy\n"),
        (&Method::GET | &Method::HEAD, "/-/ready") => {
            let (ran, probes) = {
                let board = lock(&shared.board);
                (board.ran(), board.suite().probes.len())
            };
            if ran == probes {
                text(StatusCode::OK, "Ready\n")
            } else {
                text(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("Not ready: {ran} of {} probes have run\n", probes),
                )
            }
        }
        (&Method::POST | &Method::PUT, "/-/reload") if !shared.lifecycle => text(
            StatusCode::FORBIDDEN,
            "Lifecycle API is not enabled (start serve with --web.enable-lifecycle, or send SIGHUP)\n",
        ),
        (&Method::POST | &Method::PUT, "/-/reload") => {
            let (tx, rx) = oneshot::channel();
            match shared.reload.send(tx).await {
                Err(_) => text(StatusCode::SERVICE_UNAVAILABLE, "shutting down\n"),
                Ok(()) => match rx.await {
                    Ok(Ok(message)) => text(StatusCode::OK, format!("{message}\n")),
                    Ok(Err(error)) => text(StatusCode::BAD_REQUEST, format!("{error}\n")),
                    Err(_) => text(StatusCode::SERVICE_UNAVAILABLE, "shutting down\n"),
                },
            }
        }
        (&Method::GET, "/probe") => probe_now(&req, &shared).await,
        (_, "/metrics" | "/-/metrics" | "/-/healthy" | "/-/ready" | "/-/reload" | "/probe") => {
            text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n")
        }
        (_, "/") => text(
            StatusCode::OK,
            "probekit serve: /metrics, /-/metrics, /probe?name=PROBE, /-/healthy, /-/ready, POST /-/reload\n",
        ),
        _ => text(StatusCode::NOT_FOUND, "not found\n"),
    };
    Ok(resp)
}

/// `/probe?name=…`: runs one probe of the suite now. No parameter can name a target: a probe
/// that is not in the suite cannot be run (no server-side request forgery).
async fn probe_now(req: &Request<Incoming>, shared: &Arc<Shared>) -> Response<Full<Bytes>> {
    let (mut name, mut module, mut target, mut debug) = (None, None, None, false);
    for (key, value) in query_pairs(req.uri().query().unwrap_or("")) {
        match key.as_str() {
            "name" | "probe" => name = Some(value),
            "module" => module = Some(value),
            "target" => target = Some(value),
            "debug" => debug = value == "true",
            other => {
                return text(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "unknown parameter `{other}`: /probe?name=PROBE runs a probe of the suite, /probe?module=MODULE&target=TARGET runs one of its modules against a target its `targets` allow\n"
                    ),
                );
            }
        }
    }
    match (name, module, target) {
        (Some(name), None, None) => probe_by_name(req, shared, name, debug).await,
        (None, Some(module), Some(target)) => {
            probe_module(req, shared, &module, &target, debug).await
        }
        (None, Some(_), None) => text(StatusCode::BAD_REQUEST, "missing parameter `target`\n"),
        (None, None, Some(_)) => text(
            StatusCode::BAD_REQUEST,
            "missing parameter `module`: a target is probed by one of the suite's `modules`\n",
        ),
        (Some(_), _, _) => text(
            StatusCode::BAD_REQUEST,
            "`name` runs a probe of the suite as written: it takes no `module` or `target`\n",
        ),
        (None, None, None) => text(
            StatusCode::BAD_REQUEST,
            "missing parameter `name` (a probe of the suite) or `module` and `target`\n",
        ),
    }
}

async fn probe_by_name(
    req: &Request<Incoming>,
    shared: &Arc<Shared>,
    name: String,
    debug: bool,
) -> Response<Full<Bytes>> {
    let suite = shared.current_suite();
    let Some(index) = suite.find(&name) else {
        return text(
            StatusCode::BAD_REQUEST,
            format!("unknown probe {name:?}: the suite has no probe of that name\n"),
        );
    };
    // One on-demand run of a probe at a time, and none within ON_DEMAND_MIN_INTERVAL of its
    // latest result: a client asking 150 times at once gets one run and 150 answers.
    let gate = lock(&shared.on_demand)
        .entry(name.clone())
        .or_default()
        .clone();
    let _turn = gate.lock().await;
    let recent = lock(&shared.board)
        .latest_with_probe(&name)
        .filter(|(l, _)| l.at.elapsed() < ON_DEMAND_MIN_INTERVAL)
        .map(|(l, probe)| l.result(probe));
    let result = match recent {
        Some(result) => result,
        None => {
            let Some(result) = run_now(shared, &suite, index, true, None).await else {
                return text(StatusCode::INTERNAL_SERVER_ERROR, "the probe did not run\n");
            };
            record(shared, &suite, index, result.clone());
            result
        }
    };
    let report = RunReport::new(&suite, SystemTime::now(), result.duration, vec![result]);
    answer(req, &report, debug, None)
}

/// `/probe?module=M&target=T`: module M of the suite, made for T when the suite's `targets`
/// admit it, run at once (within `concurrency`) and held to the allowlist as it connects.
/// Its result is answered, never kept: `/metrics` shows the suite's own probes.
async fn probe_module(
    req: &Request<Incoming>,
    shared: &Arc<Shared>,
    module: &str,
    target: &str,
    debug: bool,
) -> Response<Full<Bytes>> {
    let Some(modules) = shared.current_modules() else {
        return text(
            StatusCode::BAD_REQUEST,
            format!("{}\n", ModuleError::Unknown { known: Vec::new() }),
        );
    };
    let probe = match modules.probe(module, target) {
        Ok(probe) => probe,
        Err(e @ ModuleError::Refused(_)) => {
            return text(StatusCode::FORBIDDEN, format!("{e}\n"));
        }
        Err(e) => return text(StatusCode::BAD_REQUEST, format!("{e}\n")),
    };
    let suite = shared.current_suite();
    let result = {
        let _permit = shared.slot().await;
        let run = run_probe(&shared.engine, &probe, None, &crate::runner::NoObserver);
        crate::check::allow::within(modules.allow.clone(), run).await
    };
    let report = RunReport::new(&suite, SystemTime::now(), result.duration, vec![result]);
    answer(req, &report, debug, Some((module, target)))
}

/// A `/probe` answer: its metrics, or with `debug=true` (as blackbox_exporter) a page for a
/// person — what ran, its verdict and evidence, then the metrics a scrape would get.
fn answer(
    req: &Request<Incoming>,
    report: &RunReport,
    debug: bool,
    module: Option<(&str, &str)>,
) -> Response<Full<Bytes>> {
    if !debug {
        return exposition(req, report);
    }
    let mut page = match module {
        Some((module, target)) => format!("Module {module}, target {target}\n\n"),
        None => String::new(),
    };
    page.push_str(&crate::report::human::render(report, false));
    page.push_str("\nMetrics that a scrape would get:\n\n");
    page.push_str(&prometheus::render_with(report, Format::Text, false));
    text(StatusCode::OK, page)
}

/// `a=1&b=x%20y` → pairs, percent-decoded (`+` is a space).
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(hi), Some(lo)) => {
                        out.push((hi * 16 + lo) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_decoded() {
        assert_eq!(
            query_pairs("name=api%2Dhealth&x=a+b&flag"),
            [
                ("name".to_string(), "api-health".to_string()),
                ("x".into(), "a b".into()),
                ("flag".into(), String::new())
            ]
        );
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
    }
}
