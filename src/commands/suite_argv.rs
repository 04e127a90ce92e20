//! `probekit run SUITE …`: the options the suite declares (`args: [{option: -w}]`) belong to the
//! suite wherever they stand after its file, as a compiled probe reads them, even where
//! probekit has an option of the same name (a Nagios plugin's `-w`/`-c`, probekit's Nagios
//! thresholds). The command line is rearranged before clap reads it: the suite's options move
//! behind a `--`, everything else stays where it was.

use std::ffi::OsString;
use std::path::Path;

use clap::Args;

/// The command line with the suite's own options after `--`, when the subcommand is `run`
/// and its suite declares options; otherwise unchanged.
pub fn suite_options_last(argv: Vec<OsString>) -> Vec<OsString> {
    // Where `run` is (probekit has no options before its subcommand but help and version).
    let Some(at) = argv.iter().skip(1).position(|a| a == "run").map(|i| i + 1) else {
        return argv;
    };
    if argv[1..at].iter().any(|a| a != "run") {
        return argv;
    }
    // `run`'s arguments alone: clap's description of every subcommand costs about a millisecond
    // at each start, which main pays once more when it parses.
    let run = crate::cli::RunArgs::augment_args(clap::Command::new("run"));
    // probekit's own options of `run` that take a value, by each name they answer to.
    let mut valued: Vec<String> = Vec::new();
    for arg in run.get_arguments() {
        if !arg.get_action().takes_values() || arg.is_positional() {
            continue;
        }
        valued.extend(arg.get_short().map(|c| format!("-{c}")));
        valued.extend(arg.get_long().map(|l| format!("--{l}")));
    }
    let takes_value = |word: &str| valued.iter().any(|v| v == word);
    // The suite's file: the first word after `run` that is no option nor an option's value.
    let mut i = at + 1;
    let suite = loop {
        let Some(word) = argv.get(i).and_then(|a| a.to_str()) else {
            return argv;
        };
        if word == "--" {
            return argv;
        }
        if word.starts_with('-') && word.len() > 1 {
            i += if takes_value(word) { 2 } else { 1 };
            continue;
        }
        break i;
    };
    let flags = declared_options(Path::new(&argv[suite]));
    if flags.is_empty() {
        return argv;
    }
    // probekit's options before the suite's first word stay probekit's; from the first word
    // that is not an option on, clap gives everything to the suite anyway.
    let mut ours: Vec<OsString> = Vec::new();
    let mut theirs: Vec<OsString> = Vec::new();
    let mut moved = false;
    let mut positional = false;
    let mut j = suite + 1;
    while j < argv.len() {
        let word = &argv[j];
        if word == "--" {
            theirs.extend(argv[j + 1..].iter().cloned());
            break;
        }
        let text = word.to_str().unwrap_or_default();
        let flag = suite_flag(text, &flags);
        let option = text.starts_with('-') && text.len() > 1;
        if flag.is_none() && option && !positional {
            ours.push(word.clone());
            if takes_value(text)
                && let Some(v) = argv.get(j + 1)
            {
                ours.push(v.clone());
                j += 1;
            }
        } else {
            positional |= !option;
            moved |= flag.is_some();
            theirs.push(word.clone());
            if flag == Some(true)
                && let Some(v) = argv.get(j + 1)
            {
                theirs.push(v.clone());
                j += 1;
            }
        }
        j += 1;
    }
    if !moved {
        return argv;
    }
    let mut out: Vec<OsString> = argv[..=suite].to_vec();
    out.extend(ours);
    out.push("--".into());
    out.extend(theirs);
    out
}

/// Whether `word` is one of the suite's options, and whether the next word is its value
/// (`-w 5`; not `-w5`, `--warning=5` or a switch).
fn suite_flag(word: &str, flags: &[(String, bool)]) -> Option<bool> {
    for (flag, switch) in flags {
        if word == flag {
            return Some(!switch);
        }
        let attached = if flag.starts_with("--") {
            word.strip_prefix(flag.as_str())
                .is_some_and(|rest| rest.starts_with('='))
        } else {
            flag.len() == 2 && word.len() > 2 && word.starts_with(flag.as_str())
        };
        if attached && !switch {
            return Some(false);
        }
    }
    None
}

/// The options a suite file declares (`args: [{option: [-w, --warning]}]`), each with whether
/// it is a switch; none when the file cannot be read (the loader says why, later).
fn declared_options(path: &Path) -> Vec<(String, bool)> {
    // A pipe or a terminal (`<(gen)`, `/dev/stdin`) would be used up before the loader reads it.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Vec::new();
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    use crate::load::yaml::NodeKind;
    let Ok((doc, _)) = crate::load::yaml::parse(&text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Some(NodeKind::Seq(args)) = doc.get("args").map(|a| &a.kind) else {
        return out;
    };
    for arg in args {
        let switch = arg
            .get("switch")
            .and_then(|s| s.scalar().map(|s| s.text.eq_ignore_ascii_case("true")))
            .unwrap_or(false);
        let names: Vec<String> = match arg.get("option").map(|o| &o.kind) {
            Some(NodeKind::Scalar(s)) => vec![s.text.clone()],
            Some(NodeKind::Seq(items)) => items
                .iter()
                .filter_map(|i| i.scalar().map(|s| s.text.clone()))
                .collect(),
            _ => Vec::new(),
        };
        out.extend(
            names
                .into_iter()
                .filter(|n| n.starts_with('-'))
                .map(|n| (n, switch)),
        );
    }
    out
}

#[cfg(test)]
fn rearranged(argv: &[&str]) -> Vec<String> {
    suite_options_last(argv.iter().map(OsString::from).collect())
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suites_options_go_to_the_suite_wherever_they_stand() {
        let dir = tempfile::tempdir().unwrap();
        let suite = dir.path().join("check.yaml");
        std::fs::write(
            &suite,
            "args:\n  - {name: warn, option: [-w, --warning], default: \"1\"}\n  - {name: ssl, option: -S, switch: true}\n  - {name: host}\nprobes: [{name: a, command: {argv: [\"true\"]}}]\n",
        )
        .unwrap();
        let s = suite.to_str().unwrap();
        assert_eq!(
            rearranged(&[
                "probekit", "run", "--format", "nagios", s, "-w", "5", "db", "-S", "-q"
            ]),
            [
                "probekit", "run", "--format", "nagios", s, "--", "-w", "5", "db", "-S", "-q"
            ]
        );
        assert_eq!(
            rearranged(&["probekit", "run", s, "--warning=5", "-w7", "--", "x"]),
            ["probekit", "run", s, "--", "--warning=5", "-w7", "x"]
        );
        // Nothing of the suite's: unchanged; another subcommand: unchanged.
        assert_eq!(
            rearranged(&["probekit", "run", s, "-c", "1"]),
            ["probekit", "run", s, "-c", "1"]
        );
        assert_eq!(
            rearranged(&["probekit", "validate", s, "-w", "1"]),
            ["probekit", "validate", s, "-w", "1"]
        );
    }
}
