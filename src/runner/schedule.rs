//! `depends_on`: which probe may run now, for a one-shot run ([`Scheduler`]) and for `serve`'s
//! periodic loops ([`Gate`]). Both decide with the same rule and give the same reasons: a probe
//! runs after every dependency passed, and is skipped, with the dependency named, when one did
//! not.

use std::collections::{BTreeMap, VecDeque};

use super::Status;
use crate::suite::{Probe, Suite};

/// What a probe's dependencies allow, judged from their latest outcomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Every dependency passed (or there are none).
    Open,
    /// A dependency did not pass: the probe is skipped for this reason.
    Closed(String),
    /// A dependency is a closed gate, or was skipped behind one: the probe is skipped, and
    /// counts as passed.
    Gated(String),
    /// A dependency has no outcome yet.
    Unknown { dependency: String },
}

impl Gate {
    /// The gate of `probe`, given each dependency's latest status by name (and whether a
    /// closed gate skipped it).
    /// A dependency that is a bypass and ran (the third of what `latest` gives) works the
    /// other way: its passing skips the probe, counted as passed; its not being taken lets it
    /// run. A bypass skipped behind a gate or another bypass skips it as a gate does.
    pub fn of(probe: &Probe, latest: impl Fn(&str) -> Option<(Status, bool, bool)>) -> Gate {
        for dep in &probe.depends_on {
            match latest(dep) {
                Some((Status::Pass | Status::Warn, _, true)) => {
                    return Gate::Gated(format!("passed by the bypass `{dep}`"));
                }
                Some((Status::Skipped, true, true)) => {}
                Some((Status::Pass | Status::Warn, _, false)) => {}
                Some((Status::Skipped, true, false)) => {
                    return Gate::Gated(format!("behind the closed gate `{dep}`"));
                }
                Some((status, ..)) => return Gate::Closed(did_not_pass(dep, status)),
                None => {
                    return Gate::Unknown {
                        dependency: dep.clone(),
                    };
                }
            }
        }
        Gate::Open
    }
}

fn did_not_pass(dependency: &str, status: Status) -> String {
    format!(
        "dependency `{dependency}` did not pass ({})",
        status.as_str()
    )
}

/// The `depends_on` order of one run over the selected probes, identified by their position in
/// the selection: which are ready, which wait, and which are skipped when a dependency fails.
pub struct Scheduler {
    /// Suite index of each position.
    order: Vec<usize>,
    /// Dependencies of each position that have not passed yet.
    waiting_on: Vec<usize>,
    /// Positions that depend on each position.
    dependents: Vec<Vec<usize>>,
    ready: VecDeque<usize>,
    /// Whether each position has an outcome (run or skipped).
    decided: Vec<bool>,
}

impl Scheduler {
    /// A schedule of the probes at `order` (suite indices, dependencies included).
    pub fn new(suite: &Suite, order: Vec<usize>) -> Scheduler {
        let position: BTreeMap<usize, usize> =
            order.iter().enumerate().map(|(pos, &i)| (i, pos)).collect();
        let mut waiting_on = vec![0; order.len()];
        let mut dependents = vec![Vec::new(); order.len()];
        for (pos, &i) in order.iter().enumerate() {
            for dep in &suite.probes[i].depends_on {
                if let Some(&dpos) = suite.find(dep).and_then(|j| position.get(&j)) {
                    waiting_on[pos] += 1;
                    dependents[dpos].push(pos);
                }
            }
        }
        let ready = (0..order.len()).filter(|&p| waiting_on[p] == 0).collect();
        Scheduler {
            decided: vec![false; order.len()],
            order,
            waiting_on,
            dependents,
            ready,
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The suite index of the probe at `pos`.
    pub fn probe_index(&self, pos: usize) -> usize {
        self.order[pos]
    }

    /// The next probe whose dependencies all passed, by position.
    pub fn next_ready(&mut self) -> Option<usize> {
        self.ready.pop_front()
    }

    /// Probe `pos` ended with `status`. Its dependents become ready, or, when it did not pass,
    /// are skipped transitively: those are returned with their reasons, in the order decided.
    /// `gated`: it is a closed gate, or was skipped behind one.
    pub fn finished(
        &mut self,
        suite: &Suite,
        pos: usize,
        status: Status,
        gated: bool,
    ) -> Vec<(usize, String)> {
        self.decided[pos] = true;
        let probe = &suite.probes[self.order[pos]];
        let passed = match probe.bypass {
            true => status == Status::Pass,
            false => matches!(status, Status::Pass | Status::Warn),
        };
        // A bypass releases what depends on it when it was not taken, and skips it otherwise.
        if passed != probe.bypass {
            for &d in &self.dependents[pos] {
                self.waiting_on[d] -= 1;
                if self.waiting_on[d] == 0 && !self.decided[d] {
                    self.ready.push_back(d);
                }
            }
            return Vec::new();
        }
        let name = &probe.name;
        let first_reason = if probe.bypass {
            format!("passed by the bypass `{name}`")
        } else if gated {
            format!("behind the closed gate `{name}`")
        } else {
            did_not_pass(name, status)
        };
        let mut queue: VecDeque<(usize, String)> = self.dependents[pos]
            .iter()
            .map(|&d| (d, first_reason.clone()))
            .collect();
        let mut skipped = Vec::new();
        while let Some((d, reason)) = queue.pop_front() {
            if self.decided[d] {
                continue;
            }
            self.decided[d] = true;
            let skipped_name = &suite.probes[self.order[d]].name;
            queue.extend(
                self.dependents[d]
                    .iter()
                    .map(|&n| (n, format!("dependency `{skipped_name}` was skipped"))),
            );
            skipped.push((d, reason));
        }
        skipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suite(yaml: &str) -> Suite {
        crate::load::load_bytes("t.yaml", "t.yaml", yaml.as_bytes(), &Default::default()).unwrap()
    }

    #[test]
    fn dependents_wait_and_failures_skip_transitively() {
        let s = suite(
            "probes:\n  - {name: a, tcp: '127.0.0.1:1'}\n  - {name: b, tcp: '127.0.0.1:1', depends_on: [a]}\n  - {name: c, tcp: '127.0.0.1:1', depends_on: [b]}\n  - {name: d, tcp: '127.0.0.1:1'}\n",
        );
        let mut sched = Scheduler::new(&s, vec![0, 1, 2, 3]);
        assert_eq!(sched.next_ready(), Some(0));
        assert_eq!(sched.next_ready(), Some(3));
        assert_eq!(sched.next_ready(), None);
        let skipped = sched.finished(&s, 0, Status::Fail, false);
        assert_eq!(
            skipped,
            vec![
                (1, "dependency `a` did not pass (fail)".to_string()),
                (2, "dependency `b` was skipped".to_string()),
            ]
        );
        assert_eq!(sched.next_ready(), None);
    }

    #[test]
    fn the_gate_names_the_dependency() {
        let s = suite(
            "probes:\n  - {name: a, tcp: '127.0.0.1:1'}\n  - {name: b, tcp: '127.0.0.1:1', depends_on: [a]}\n",
        );
        let b = &s.probes[1];
        assert_eq!(
            Gate::of(b, |_| Some((Status::Pass, false, false))),
            Gate::Open
        );
        assert_eq!(
            Gate::of(b, |_| Some((Status::Error, false, false))),
            Gate::Closed("dependency `a` did not pass (error)".into())
        );
        // Behind a bypass: skipped (as passed) when it passed, run when it was not taken.
        assert_eq!(
            Gate::of(b, |_| Some((Status::Pass, false, true))),
            Gate::Gated("passed by the bypass `a`".into())
        );
        assert_eq!(
            Gate::of(b, |_| Some((Status::Skipped, true, true))),
            Gate::Open
        );
        assert_eq!(
            Gate::of(b, |_| None),
            Gate::Unknown {
                dependency: "a".into()
            }
        );
    }
}
