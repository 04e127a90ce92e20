//! `probekit completions SHELL`: clap's completion script, taught to offer the probe names and
//! tags of the suite on the command line for `--probe` and `--tag` (bash, zsh, fish). The script
//! asks `probekit complete-names probes|tags WORDS…`, which loads the first suite file among the
//! words and prints one name per line (nothing when there is none or it does not load).

use std::io::Write as _;
use std::process::ExitCode;

use clap_complete::Shell;

use super::Failure;
use crate::cli::Cli;
use crate::load::{LoadOptions, load_file_warned};

pub fn script(shell: Shell) -> Result<ExitCode, Failure> {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "probekit", &mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let text = match shell {
        Shell::Bash => format!("{text}{BASH}"),
        Shell::Zsh => zsh(&text),
        Shell::Fish => fish(&text),
        _ => text,
    };
    // A closed pipe (`… | head`) is not an error worth a panic.
    let _ = std::io::stdout().write_all(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// Bash: a wrapper that answers `--probe`/`--tag` and hands everything else to clap's function.
const BASH: &str = r#"
_probekit_with_names() {
    local prev="${COMP_WORDS[COMP_CWORD-1]}" cur="${COMP_WORDS[COMP_CWORD]}" kind=""
    case "$prev" in
        --probe) kind=probes ;;
        --tag) kind=tags ;;
    esac
    if [ -n "$kind" ]; then
        local IFS=$'\n'
        COMPREPLY=($(compgen -W "$(probekit complete-names "$kind" "${COMP_WORDS[@]}" 2>/dev/null)" -- "$cur"))
        return 0
    fi
    _probekit "$@"
}
complete -F _probekit_with_names -o bashdefault -o default probekit
"#;

/// Zsh: the `--probe` and `--tag` specs call functions defined before clap's `_probekit` runs.
fn zsh(text: &str) -> String {
    const FUNCTIONS: &str = r#"
_probekit_probe_names() {
    local -a names
    names=(${(f)"$(probekit complete-names probes ${words[@]} 2>/dev/null)"})
    compadd -a names
}
_probekit_tag_names() {
    local -a names
    names=(${(f)"$(probekit complete-names tags ${words[@]} 2>/dev/null)"})
    compadd -a names
}
"#;
    let mut out = String::with_capacity(text.len() + FUNCTIONS.len());
    for (i, line) in text.lines().enumerate() {
        let line = if line.starts_with("'*--probe=[") {
            line.replace(":_default'", ":_probekit_probe_names'")
        } else if line.starts_with("'*--tag=[") {
            line.replace(":_default'", ":_probekit_tag_names'")
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push('\n');
        // After `#compdef probekit`, which must stay the first line.
        if i == 0 {
            out.push_str(FUNCTIONS);
        }
    }
    out
}

/// Fish: `--probe` and `--tag` take their candidates from the suite.
fn fish(text: &str) -> String {
    text.lines()
        .map(|line| {
            let kind = if line.contains(" -l probe ") {
                Some("probes")
            } else if line.contains(" -l tag ") {
                Some("tags")
            } else {
                None
            };
            match kind {
                Some(kind) => {
                    format!("{line} -f -a '(probekit complete-names {kind} (commandline -opc))'\n")
                }
                None => format!("{line}\n"),
            }
        })
        .collect()
}

/// `probekit complete-names probes|tags WORDS…`: the names in the first suite file among the
/// words, one per line.
pub fn names(kind: &str, words: &[String]) -> Result<ExitCode, Failure> {
    let Some(file) = words.iter().map(std::path::Path::new).find(|p| {
        p.is_file()
            && p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
    }) else {
        return Ok(ExitCode::SUCCESS);
    };
    let Ok(loaded) = load_file_warned(file, &LoadOptions::default()) else {
        return Ok(ExitCode::SUCCESS);
    };
    let mut names: Vec<&str> = match kind {
        "tags" => loaded
            .suite
            .probes
            .iter()
            .flat_map(|p| p.tags.iter().map(String::as_str))
            .collect(),
        _ => loaded
            .suite
            .probes
            .iter()
            .map(|p| p.name.as_str())
            .collect(),
    };
    names.sort_unstable();
    names.dedup();
    let mut out = String::new();
    for n in names {
        // A name is one line of a completion; control characters are refused by the loader.
        out.push_str(n);
        out.push('\n');
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// `probekit man DIR`: `probekit.1` and one page a visible command (`probekit-run.1`), from the
/// same definitions as `--help`.
pub fn man_pages(dir: &std::path::Path) -> Result<ExitCode, Failure> {
    let fail = |e: std::io::Error| Failure::failed(format!("probekit man: {}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let cmd = <Cli as clap::CommandFactory>::command().name("probekit");
    let mut pages = vec![("probekit".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        // `probekit run` reads as such in the page's synopsis.
        let page = sub.clone().bin_name(format!("probekit {}", sub.get_name()));
        pages.push((format!("probekit-{}", sub.get_name()), page));
    }
    for (name, page) in pages {
        let mut out = Vec::new();
        clap_mangen::Man::new(page)
            .title(name.to_uppercase())
            .render(&mut out)
            .map_err(fail)?;
        let path = dir.join(format!("{name}.1"));
        crate::atomic_file::write_atomic(&path, &out).map_err(fail)?;
        crate::exit::print(&format!("{}\n", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
