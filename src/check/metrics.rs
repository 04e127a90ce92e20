//! Metrics probes: scrape a page over HTTP (or read a file, or a command's output), parse and
//! validate it, and judge samples; with a `window`, scrape twice that far apart for rates.

use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;

use super::{CheckError, ErrorKind, Secrets, command, http};
use crate::expect::metric::{Earlier, Judge, MetricRule};
use crate::expect::{Assertion, Facts};
use crate::metrics::{Format, SampleRef, parse_each};
use crate::suite::{MetricsCheck, MetricsSource};

/// What Prometheus itself asks for: OpenMetrics first, then the text format.
pub const ACCEPT: &str = "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.1";

#[derive(Clone, Debug, Default, Serialize)]
pub struct MetricsDetails {
    /// `url.full`, the file's path or the command line.
    pub source: String,
    /// `text` or `openmetrics`: what the last page was parsed as.
    pub format: &'static str,
    /// Samples on the last page.
    pub samples: usize,
    /// Bytes of the last page.
    pub bytes: u64,
    pub scrapes: u32,
    /// Seconds between the starts of the two scrapes (window rules only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_seconds: Option<f64>,
    /// The HTTP exchange of the last scrape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<http::HttpDetails>,
}

#[derive(Debug, Default)]
pub struct MetricsObservation {
    pub target: String,
    pub details: MetricsDetails,
    pub error: Option<CheckError>,
    pub assertions: Vec<Assertion>,
}

impl super::Observation for MetricsObservation {
    /// Only the duration: the rules were judged against the pages while they were at hand.
    fn facts(&self, duration: Duration) -> Facts<'_> {
        Facts::new(duration)
    }

    fn error(&self) -> Option<&CheckError> {
        self.error.as_ref()
    }

    fn into_parts(self) -> (String, Option<CheckError>, super::Details) {
        (
            self.target,
            self.error,
            super::Details::Metrics(Box::new(self.details)),
        )
    }

    fn take_assertions(&mut self) -> Vec<Assertion> {
        std::mem::take(&mut self.assertions)
    }
}

/// One page as fetched: its bytes and the format it announced.
struct Page {
    body: Vec<u8>,
    format: Format,
}

pub async fn run(
    engine: &super::Engine,
    check: &MetricsCheck,
    rules: &[MetricRule],
    deadline: Instant,
    secrets: &mut Secrets,
) -> MetricsObservation {
    let mut obs = MetricsObservation {
        target: describe(&check.source),
        ..MetricsObservation::default()
    };
    let windowed = check
        .window
        .filter(|_| rules.iter().any(MetricRule::needs_window));
    let first_started = Instant::now();
    let first = match fetch(engine, check, deadline, secrets, &mut obs).await {
        Ok(p) => p,
        Err(e) => {
            obs.error = Some(e);
            return obs;
        }
    };
    let Some(window) = windowed else {
        let mut judge = Judge::new(rules, None);
        match read(&mut obs, check, &first, |s| judge.observe(s)) {
            Ok(()) => obs.assertions = judge.finish(),
            Err(e) => obs.error = Some(e),
        }
        return obs;
    };
    // Read now, so that a broken page fails before any window is waited out; only what the
    // window rules need of it is kept while the second page is fetched.
    let lines = first.body.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut earlier = Earlier::new(rules, lines);
    if let Err(e) = read(&mut obs, check, &first, |s| earlier.observe(rules, s)) {
        obs.error = Some(e);
        return obs;
    }
    drop(first);
    earlier.seal();
    let second_at = first_started + window;
    if second_at >= deadline {
        obs.error = Some(CheckError::new(
            ErrorKind::Timeout,
            "the timeout ends before the window does",
        ));
        return obs;
    }
    tokio::time::sleep_until(second_at).await;
    let second_started = Instant::now();
    let second = match fetch(engine, check, deadline, secrets, &mut obs).await {
        Ok(p) => p,
        Err(e) => {
            obs.error = Some(e);
            return obs;
        }
    };
    let elapsed = (second_started - first_started).as_secs_f64();
    obs.details.window_seconds = Some(elapsed);
    let mut judge = Judge::new(rules, Some((&earlier, elapsed)));
    match read(&mut obs, check, &second, |s| judge.observe(s)) {
        Ok(()) => obs.assertions = judge.finish(),
        Err(e) => obs.error = Some(e),
    }
    obs
}

/// The source as written in the suite (`${VAR}` unresolved): `GET url`, `file path`, `command …`.
pub fn describe(source: &MetricsSource) -> String {
    match source {
        MetricsSource::Url(h) => format!("GET {}", super::http::shown_url(&h.url)),
        MetricsSource::File(path) => format!("file {path}"),
        MetricsSource::Command(c) => format!("command {}", command::describe(c)),
    }
}

fn text_of(body: &[u8]) -> Result<&str, CheckError> {
    std::str::from_utf8(body).map_err(|e| {
        CheckError::new(
            ErrorKind::Protocol,
            format!(
                "the metrics page is not UTF-8 (byte {})",
                e.valid_up_to() + 1
            ),
        )
    })
}

fn invalid(e: &crate::metrics::ParseError, source: &str) -> CheckError {
    CheckError::new(
        ErrorKind::Protocol,
        format!(
            "invalid metrics page from {source}: line {}:{}: {}",
            e.line, e.col, e.message
        ),
    )
}

/// Validates a page whole, handing each sample to `each` as it is read (none is kept), and
/// records its format and size.
fn read<'a>(
    obs: &mut MetricsObservation,
    check: &MetricsCheck,
    page: &'a Page,
    each: impl FnMut(&SampleRef<'_, 'a>),
) -> Result<(), CheckError> {
    let format = check.format.unwrap_or(page.format);
    let text = text_of(&page.body)?;
    let summary = parse_each(text, format, each).map_err(|e| invalid(&e, &obs.details.source))?;
    obs.details.format = match format {
        Format::Text => "text",
        Format::OpenMetrics => "openmetrics",
    };
    obs.details.samples = summary.samples;
    Ok(())
}

async fn fetch(
    engine: &super::Engine,
    check: &MetricsCheck,
    deadline: Instant,
    secrets: &mut Secrets,
    obs: &mut MetricsObservation,
) -> Result<Page, CheckError> {
    obs.details.scrapes += 1;
    let page = match &check.source {
        MetricsSource::Url(h) => {
            let scraped = http::run(engine, h, deadline, secrets).await;
            obs.details.source = scraped.details.url.clone();
            if let Some(e) = scraped.error {
                obs.details.http = Some(scraped.details);
                return Err(e);
            }
            let status = scraped.details.status.unwrap_or(0);
            if !(200..300).contains(&status) {
                obs.details.http = Some(scraped.details);
                return Err(CheckError::new(
                    ErrorKind::Protocol,
                    format!("the scrape answered status {status}"),
                ));
            }
            if scraped.details.body_truncated {
                let cap = h.max_body;
                obs.details.http = Some(scraped.details);
                return Err(CheckError::new(
                    ErrorKind::Protocol,
                    format!("the metrics page is larger than max_body ({cap} bytes)"),
                ));
            }
            let content_type = scraped
                .headers
                .get(::http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let format = Format::from_content_type(content_type);
            obs.details.http = Some(scraped.details);
            Page {
                body: scraped.body,
                format,
            }
        }
        MetricsSource::File(path) => {
            let path = super::resolved(path)?;
            obs.details.source = path.clone();
            let read = tokio::time::timeout_at(deadline, read_capped(&path)).await;
            let body = match read {
                Err(_) => {
                    return Err(CheckError::new(
                        ErrorKind::Timeout,
                        "reading the file timed out",
                    ));
                }
                Ok(r) => r?,
            };
            let format = sniff(&body);
            Page { body, format }
        }
        MetricsSource::Command(c) => {
            let ran = command::run(c, deadline, secrets).await;
            obs.details.source = ran.target.clone();
            if let Some(e) = ran.error {
                return Err(e);
            }
            if ran.details.exit_code != Some(0) {
                return Err(CheckError::new(
                    ErrorKind::Protocol,
                    format!(
                        "the command exited with {}: {}",
                        ran.details
                            .exit_code
                            .map_or_else(|| "a signal".to_string(), |c| format!("code {c}")),
                        ran.details.stderr.trim()
                    ),
                ));
            }
            if ran.details.stdout_truncated {
                return Err(CheckError::new(
                    ErrorKind::Protocol,
                    format!(
                        "the command's output is larger than max_output ({} bytes)",
                        c.max_output
                    ),
                ));
            }
            let format = sniff(&ran.stdout);
            Page {
                body: ran.stdout,
                format,
            }
        }
    };
    obs.details.bytes = page.body.len() as u64;
    Ok(page)
}

/// A page without a Content-Type is OpenMetrics when it ends with `# EOF`.
fn sniff(body: &[u8]) -> Format {
    if body.ends_with(b"# EOF\n") || body.ends_with(b"# EOF") {
        Format::OpenMetrics
    } else {
        Format::Text
    }
}

async fn read_capped(path: &str) -> Result<Vec<u8>, CheckError> {
    use tokio::io::AsyncReadExt;
    let cap = crate::suite::DEFAULT_MAX_SCRAPE;
    let file = tokio::fs::File::open(path).await.map_err(|e| {
        CheckError::new(
            ErrorKind::Io,
            format!("cannot open {path}: {}", super::net::describe_io(&e)),
        )
    })?;
    // Sized from the file at once: a page read by doubling is, for a moment, held twice.
    let size = file.metadata().await.map_or(0, |m| m.len());
    let mut body = Vec::with_capacity(size.min(cap as u64) as usize + 1);
    file.take(cap as u64 + 1)
        .read_to_end(&mut body)
        .await
        .map_err(|e| {
            CheckError::new(
                ErrorKind::Io,
                format!("cannot read {path}: {}", super::net::describe_io(&e)),
            )
        })?;
    if body.len() > cap {
        return Err(CheckError::new(
            ErrorKind::Protocol,
            format!("{path} is larger than {cap} bytes"),
        ));
    }
    Ok(body)
}
