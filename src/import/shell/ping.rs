//! `ping -c N HOST` as an icmp probe, which sends the echoes itself: what ping's exit status
//! says (a reply came back; with `-w`, every echo was answered) is what the probe expects.
//!
//! Only ping's everyday flags are read; an interface, a TTL, a flood or any other flag keeps
//! the command, as does a count or a time that is not written out.

use super::databases::parse;
use super::{Check, Draft, Shell, Text, Yaml};
use tree_sitter::Node;

/// How long ping waits for the last reply when neither -W nor -w says (iputils' MAXWAIT).
const LINGER_SECONDS: f64 = 10.0;

/// A literal number of seconds (`1`, `0.2`).
fn number(t: &Text) -> Option<f64> {
    t.as_literal()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n >= 0.0)
}

/// Seconds as probekit writes a duration (`1400ms`, `2s`).
fn millis(seconds: f64) -> String {
    super::seconds(&seconds.to_string())
}

impl Shell<'_> {
    /// The icmp probe for `ping`'s argv (the program included), when its flags allow.
    pub(super) fn ping(&mut self, at: Node, argv: &[Text]) -> Option<Draft> {
        let f = parse(
            argv.get(1..)?,
            &["-c", "-i", "-W", "-w", "-s"],
            &["-q", "-n", "-4", "-6"],
        )?;
        let [host] = f.words.as_slice() else {
            return None;
        };
        // Without a count ping runs until it is stopped.
        let count = f.get(&["-c"])?.as_literal()?.trim().parse::<u32>().ok()?;
        if count == 0 || count > 1000 {
            return None;
        }
        let interval = match f.get(&["-i"]) {
            Some(i) => number(&i)?,
            None => 1.0,
        };
        let size = match f.get(&["-s"]) {
            Some(s) => Some(s.as_literal()?.trim().parse::<u32>().ok()?),
            None => None,
        };
        let deadline = match f.get(&["-w"]) {
            Some(w) => Some(number(&w)?),
            None => None,
        };
        let wait = match f.get(&["-W"]) {
            Some(w) => number(&w)?,
            None => LINGER_SECONDS,
        };
        let sending = interval * f64::from(count - 1);
        let timeout = deadline.unwrap_or(sending + wait);
        if timeout <= sending {
            return None;
        }
        let ip = if f.switches.iter().any(|s| s == "-6") {
            Some("6")
        } else if f.switches.iter().any(|s| s == "-4") {
            Some("4")
        } else {
            None
        };
        let name = self.unique_name("ping");
        let mut d = Draft::new(
            name,
            self.line(at),
            Check::Icmp {
                host: host.clone(),
                count,
                interval: (interval != 1.0).then(|| millis(interval)),
                size,
                ip,
                timeout: millis(timeout),
            },
        );
        // With a deadline and a count, ping succeeds only when every echo was answered.
        if deadline.is_some() {
            d.expect
                .push(("received".into(), Yaml::str(format!("== {count}"))));
        }
        Some(d)
    }
}
