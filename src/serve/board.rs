//! What `serve` keeps between runs: each probe's latest result and when its latest run
//! started, by the probe's place in the running suite (a slot a probe, no copy of its name),
//! and how long runs take.
//!
//! A suite of 100,000 probes keeps 100,000 of these, so a slot holds only what the pages need:
//! the result as the runner made it, when it was recorded, and the probe's own duration
//! histogram only where the suite is small enough to expose one a probe.

use std::sync::Arc;

use tokio::time::Instant;

use super::own;
use crate::runner::{ProbeResult, Status, target_of};
use crate::suite::{Probe, Suite};

/// A probe's latest result and when it was recorded.
pub(super) struct Latest {
    /// The result as the runner made it, but for its name and target where they are the
    /// probe's own (left empty, and put back by [`Latest::result`]): 100,000 copies of names
    /// and URLs otherwise.
    result: ProbeResult,
    name_left_out: bool,
    target_left_out: bool,
    pub at: Instant,
    /// How long its runs took, all of them since it appeared; only in suites of up to
    /// [`own::HISTOGRAMS_PER_PROBE_MAX`] probes (larger ones have one histogram for the suite).
    pub durations: Option<Box<own::Histogram>>,
}

impl Latest {
    pub fn status(&self) -> Status {
        self.result.status
    }

    pub fn gated(&self) -> bool {
        self.result.gated
    }

    pub fn attempts(&self) -> u32 {
        self.result.attempts
    }

    /// The whole result, of `probe` (the one it was recorded for).
    pub fn result(&self, probe: &Probe) -> ProbeResult {
        let mut result = self.result.clone();
        if self.name_left_out {
            result.name = probe.name.clone();
        }
        if self.target_left_out {
            result.target = target_of(probe);
        }
        result
    }
}

/// The running suite's probes' latest results and start times, slot `i` for probe `i`.
pub(super) struct Board {
    /// The suite the slots are of: a run of a suite a reload replaced records nothing.
    suite: Arc<Suite>,
    latest: Vec<Option<Latest>>,
    started: Vec<Option<Instant>>,
    /// Every run's duration since `serve` started, whichever probe it was of: the suite's
    /// histogram where probes have none of their own.
    all: own::Histogram,
}

impl Board {
    pub fn new(suite: Arc<Suite>) -> Board {
        let n = suite.probes.len();
        Board {
            suite,
            latest: std::iter::repeat_with(|| None).take(n).collect(),
            started: vec![None; n],
            all: own::Histogram::default(),
        }
    }

    /// The board of `suite`, which replaces this one's: a probe of the same name keeps its
    /// latest result and its place in the schedule.
    pub fn replaced(&mut self, suite: Arc<Suite>) {
        let old: std::collections::HashMap<&str, usize> = self
            .suite
            .probes
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.as_str(), i))
            .collect();
        let per_probe = suite.probes.len() <= own::HISTOGRAMS_PER_PROBE_MAX;
        let mut latest: Vec<Option<Latest>> = Vec::with_capacity(suite.probes.len());
        let mut started = Vec::with_capacity(suite.probes.len());
        for p in &suite.probes {
            let before = old.get(p.name.as_str()).copied();
            latest.push(before.and_then(|i| self.latest[i].take()).map(|mut l| {
                if !per_probe {
                    l.durations = None;
                }
                l
            }));
            started.push(before.and_then(|i| self.started[i]));
        }
        drop(old);
        self.latest = latest;
        self.started = started;
        self.suite = suite;
    }

    /// Whether the slots are of this suite (the same load of it).
    pub fn is_of(&self, suite: &Arc<Suite>) -> bool {
        Arc::ptr_eq(&self.suite, suite)
    }

    pub fn suite(&self) -> &Arc<Suite> {
        &self.suite
    }

    pub fn latest(&self, index: usize) -> Option<&Latest> {
        self.latest.get(index)?.as_ref()
    }

    /// The latest result of the probe named `name`.
    pub fn latest_of(&self, name: &str) -> Option<&Latest> {
        self.latest(self.suite.find(name)?)
    }

    /// The latest result of the probe named `name`, and that probe.
    pub fn latest_with_probe(&self, name: &str) -> Option<(&Latest, &Probe)> {
        let i = self.suite.find(name)?;
        Some((self.latest(i)?, &self.suite.probes[i]))
    }

    pub fn started(&self, index: usize) -> Option<Instant> {
        *self.started.get(index)?
    }

    /// Probe `index` of `suite` started a run now.
    pub fn start(&mut self, suite: &Arc<Suite>, index: usize, at: Instant) {
        if self.is_of(suite)
            && let Some(slot) = self.started.get_mut(index)
        {
            *slot = Some(at);
        }
    }

    /// Keeps `result` as the latest of probe `index` of `suite`; the status it replaces
    /// (`None` the first time, or when `suite` is no longer the one running).
    pub fn record(
        &mut self,
        suite: &Arc<Suite>,
        index: usize,
        mut result: ProbeResult,
    ) -> Option<Status> {
        if !self.is_of(suite) {
            return None;
        }
        let probe = self.suite.probes.get(index)?;
        let name_left_out = result.name == probe.name;
        if name_left_out {
            result.name = String::new();
        }
        let target_left_out = result.target == target_of(probe);
        if target_left_out {
            result.target = String::new();
        }
        let per_probe = self.suite.probes.len() <= own::HISTOGRAMS_PER_PROBE_MAX;
        let slot = self.latest.get_mut(index)?;
        let before = slot.take();
        let status = before.as_ref().map(Latest::status);
        let mut durations = before.and_then(|l| l.durations);
        if result.status != Status::Skipped {
            self.all.observe(result.duration);
            if per_probe {
                durations
                    .get_or_insert_with(Default::default)
                    .observe(result.duration);
            }
        }
        *slot = Some(Latest {
            result,
            name_left_out,
            target_left_out,
            at: Instant::now(),
            durations,
        });
        status
    }

    /// How many probes have a result.
    pub fn ran(&self) -> usize {
        self.latest.iter().filter(|l| l.is_some()).count()
    }

    /// Every run's durations, for the suite's histogram.
    pub fn all_durations(&self) -> own::Histogram {
        self.all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::synthetic;

    fn suite(names: &[&str]) -> Arc<Suite> {
        let probes: String = names
            .iter()
            .map(|n| format!("  - name: {n}\n    tcp: 127.0.0.1:9\n"))
            .collect();
        let yaml = format!("suite: s\nprobes:\n{probes}");
        Arc::new(
            crate::load::load_bytes("s.yaml", "s", yaml.as_bytes(), &Default::default())
                .expect("a valid suite"),
        )
    }

    fn result(suite: &Suite, index: usize, status: Status) -> ProbeResult {
        let mut r = synthetic(&suite.probes[index], status, "x".into());
        r.duration = std::time::Duration::from_millis(3);
        r
    }

    #[test]
    fn a_result_lands_in_its_probes_slot_and_says_what_it_replaced() {
        let s = suite(&["a", "b"]);
        let mut board = Board::new(s.clone());
        assert_eq!(board.record(&s, 1, result(&s, 1, Status::Fail)), None);
        assert_eq!(
            board.record(&s, 1, result(&s, 1, Status::Pass)),
            Some(Status::Fail)
        );
        assert!(board.latest(0).is_none());
        assert_eq!(board.latest_of("b").unwrap().result.status, Status::Pass);
        assert_eq!(board.ran(), 1);
        let h = board.latest(1).unwrap().durations.as_deref().copied();
        assert_eq!(h.map(|h| h.count()), Some(2));
        assert_eq!(board.all_durations().count(), 2);
    }

    #[test]
    fn a_result_keeps_no_copy_of_its_probes_name_and_target_and_reads_back_whole() {
        let s = suite(&["a", "b"]);
        let mut board = Board::new(s.clone());
        board.record(&s, 0, result(&s, 0, Status::Pass));
        let stored = &board.latest(0).unwrap().result;
        assert_eq!((stored.name.as_str(), stored.target.as_str()), ("", ""));
        let back = board.latest(0).unwrap().result(&s.probes[0]);
        assert_eq!(back.name, "a");
        assert_eq!(back.target, target_of(&s.probes[0]));
        assert!(!back.target.is_empty());
        // A target of its own (one the run resolved) is kept as it was.
        let mut own = result(&s, 1, Status::Fail);
        own.target = "127.0.0.1:9 (resolved)".into();
        board.record(&s, 1, own);
        let (latest, probe) = board.latest_with_probe("b").unwrap();
        assert_eq!(latest.result(probe).target, "127.0.0.1:9 (resolved)");
        assert_eq!(latest.result(probe).name, "b");
    }

    #[test]
    fn a_reload_keeps_what_a_probe_of_the_same_name_had_and_ignores_the_old_suites_runs() {
        let old = suite(&["a", "b", "c"]);
        let mut board = Board::new(old.clone());
        let at = Instant::now();
        board.start(&old, 2, at);
        board.record(&old, 2, result(&old, 2, Status::Pass));
        board.record(&old, 0, result(&old, 0, Status::Fail));
        let new = suite(&["c", "d"]);
        board.replaced(new.clone());
        assert_eq!(board.latest_of("c").unwrap().result.status, Status::Pass);
        assert_eq!(board.started(0), Some(at));
        assert!(board.latest_of("a").is_none() && board.latest(1).is_none());
        // A run of the replaced suite that ends now is not this suite's result.
        assert_eq!(board.record(&old, 1, result(&old, 1, Status::Fail)), None);
        assert!(board.latest(1).is_none());
        assert_eq!(board.ran(), 1);
    }
}
