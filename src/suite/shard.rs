//! `--shard I/N`: a stable share of a suite's probes, for spreading one suite over N runners
//! (a Kubernetes Indexed Job's pods, a StatefulSet's replicas).
//!
//! Probes are dealt by rendezvous (highest random weight) hashing: each goes to the shard whose
//! hash with it is highest, so going from N to N+1 shards moves only the probes the new shard
//! wins, about 1/(N+1) of them, and every runner agrees without talking to the others. A probe
//! and the probes it depends on form a group that is dealt as one (by the group's least name),
//! so a dependency always runs beside its dependents and no probe runs in two shards.

use std::fmt;

use super::Suite;

/// Shard `index` of `count`, counted from 0 (a Job's `JOB_COMPLETION_INDEX`, a StatefulSet
/// pod's ordinal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

/// The label that reports carry for the shard.
pub const LABEL: &str = "shard";

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("`{text}` is not a shard; write I/N, e.g. 0/4 (I counts from 0)");
        let (i, n) = text.trim().split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 {
            return Err(format!("`{text}`: the number of shards must be at least 1"));
        }
        if index >= count {
            return Err(format!(
                "`{text}`: shards count from 0, so with {count} shards the index is 0 to {}",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// FNV-1a, then a strong mix (splitmix64's finaliser): stable across platforms and releases,
/// unlike std's hasher, and well spread over shard numbers that differ in one bit.
fn weight(key: &str, shard: u32) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes().chain(shard.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The shard (of `count`) that `key` goes to.
pub fn owner(key: &str, count: u32) -> u32 {
    (0..count)
        .max_by_key(|&i| (weight(key, i), std::cmp::Reverse(i)))
        .unwrap_or(0)
}

impl Shard {
    /// Keeps the probes of this shard (with their order) and labels the suite with the shard.
    pub fn apply(&self, suite: &mut Suite) {
        let keys = group_keys(suite);
        let mut keep = keys.iter().map(|k| owner(k, self.count) == self.index);
        suite.probes.retain(|_| keep.next().unwrap_or(false));
        suite.labels.insert(LABEL.to_string(), self.to_string());
    }
}

/// For each probe, the least name of the group it forms with its dependencies and dependents.
fn group_keys(suite: &Suite) -> Vec<String> {
    let n = suite.probes.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    // By name, once: a suite of 100,000 probes with dependencies is not searched for each.
    let index: std::collections::HashMap<&str, usize> = suite
        .probes
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.as_str(), i))
        .collect();
    for (i, probe) in suite.probes.iter().enumerate() {
        for dep in &probe.depends_on {
            if let Some(&j) = index.get(dep.as_str()) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut least: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let r = root(&mut parent, i);
        if least[r].is_none_or(|j| suite.probes[i].name < suite.probes[j].name) {
            least[r] = Some(i);
        }
    }
    (0..n)
        .map(|i| {
            let r = root(&mut parent, i);
            suite.probes[least[r].unwrap_or(i)].name.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_from_zero() {
        assert_eq!("1/3".parse(), Ok(Shard { index: 1, count: 3 }));
        assert!("3/3".parse::<Shard>().unwrap_err().contains("0 to 2"));
        assert!("0/0".parse::<Shard>().is_err());
        assert!("a/3".parse::<Shard>().is_err());
        assert!("2".parse::<Shard>().is_err());
    }

    /// Every probe in exactly one shard, the shares even, and a new shard takes about 1/N of
    /// the probes, all from the others (none moves between old shards).
    #[test]
    fn rendezvous_deals_evenly_and_moves_little() {
        let keys: Vec<String> = (0..20_000).map(|i| format!("probe-{i}")).collect();
        for n in [2u32, 3, 5, 8] {
            let mut counts = vec![0usize; n as usize];
            for k in &keys {
                counts[owner(k, n) as usize] += 1;
            }
            let fair = keys.len() / n as usize;
            for c in &counts {
                assert!(c.abs_diff(fair) < fair / 10, "{n}: {counts:?}");
            }
            let moved: Vec<&String> = keys
                .iter()
                .filter(|k| owner(k, n) != owner(k, n + 1))
                .collect();
            assert!(
                moved.iter().all(|k| owner(k, n + 1) == n),
                "moved between old shards"
            );
            let share = moved.len() as f64 / keys.len() as f64;
            let expected = 1.0 / f64::from(n + 1);
            assert!(
                (share - expected).abs() < expected * 0.1,
                "{n}→{}: {share}",
                n + 1
            );
        }
    }
}
