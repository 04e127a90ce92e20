//! `cd "$(dirname "$0")/.."` at the top of a script: the script moves into its own directory
//! (or one above it) before it checks anything. That directory always exists, so the `cd`
//! cannot fail, and it matters only to what reads a relative path: a suite whose every probe
//! asks the network or an absolute path (`curl -sf "$BASE/health"`) gives the script's verdict
//! wherever it runs. [`super::analyze`] reads the script once with such a `cd` made a `:` and
//! keeps that reading only when no probe could see the difference.

use std::collections::HashMap;

use tree_sitter::Node;

/// The script with its one top-level `cd` into its own directory made a `:` of the same
/// length, and the line it was on; `None` where it has none, more than one, or a `cd` whose
/// target is not surely the script's own directory (that one is left for the reader to
/// refuse).
pub(super) fn without_cd(src: &str) -> Option<(String, usize)> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_bash::LANGUAGE.into())
        .ok()?;
    let tree = parser.parse(src, None)?;
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let text = |n: Node| &src[n.byte_range()];
    let mut cursor = root.walk();
    let top: Vec<Node> = root.named_children(&mut cursor).collect();
    // Names set once, at the top level, before anything reads them, and never touched
    // otherwise (`+=`, `for NAME in`, `read`, `unset`, an index, arithmetic): `HERE="$(cd
    // "$(dirname "$0")" && pwd)"`.
    let mut values: HashMap<String, String> = HashMap::new();
    let mut moves = Vec::new();
    for n in top {
        if let Some((name, value)) = assignment(n, src) {
            if set_once(src, &name) && !values.contains_key(&name) {
                values.insert(name, value);
            }
            continue;
        }
        let Some(cd) = cd_statement(n, src) else {
            continue;
        };
        let mut c = cd.walk();
        let args: Vec<Node> = cd
            .children_by_field_name("argument", &mut c)
            .filter(|a| !matches!(text(*a), "-P" | "-L" | "--"))
            .collect();
        // Quoted: a directory whose path has a blank is still one word.
        let [target] = args.as_slice() else {
            return None;
        };
        if !quoted(text(*target)).is_some_and(|inner| own_directory(inner, &values, 0)) {
            return None;
        }
        moves.push(n);
    }
    // One `cd`: a second one's `$(dirname "$0")` would be read from where the first went.
    let [n] = moves[..] else {
        return None;
    };
    let range = n.byte_range();
    // A `:` and spaces over the statement (newlines kept): the lines stay where they were.
    let blank: String = src[range.clone()]
        .chars()
        .enumerate()
        .map(|(i, c)| match c {
            '\n' => '\n',
            _ if i == 0 => ':',
            _ => ' ',
        })
        .collect();
    let mut out = src.to_string();
    out.replace_range(range, &blank);
    Some((out, n.start_position().row + 1))
}

/// Whether `name` appears in the script as a word of its own once only (its assignment): every
/// other use reads it (`$name`, `${name}`, `${name%/*}`).
fn set_once(src: &str, name: &str) -> bool {
    let bytes = src.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    src.match_indices(name)
        .filter(|(at, _)| {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + name.len()).copied();
            !before.is_some_and(word) && !after.is_some_and(word)
        })
        .filter(|(at, _)| {
            let before = &src[..*at];
            !(before.ends_with('$') || before.ends_with("${"))
        })
        // (Not in a comment: `# cd to the repository's root` names no variable.)
        .filter(|(at, _)| !in_comment(&src[src[..*at].rfind('\n').map_or(0, |k| k + 1)..*at]))
        .count()
        == 1
}

/// Whether the text of a line before some point is in a comment: a `#` that starts a word,
/// outside quotes.
fn in_comment(line_before: &str) -> bool {
    let (mut single, mut double) = (false, false);
    let mut prev = ' ';
    for c in line_before.chars() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && (prev.is_whitespace() || prev == ';') => return true,
            _ => {}
        }
        prev = c;
    }
    false
}

/// `NAME=value`, `export NAME=value`, `readonly NAME=value` at the top level.
fn assignment(n: Node, src: &str) -> Option<(String, String)> {
    let a = match n.kind() {
        "variable_assignment" => n,
        "declaration_command" => {
            let mut c = n.walk();
            let parts: Vec<Node> = n.named_children(&mut c).collect();
            match parts.as_slice() {
                [a] if a.kind() == "variable_assignment" => *a,
                _ => return None,
            }
        }
        _ => return None,
    };
    let name = &src[a.child_by_field_name("name")?.byte_range()];
    let value = &src[a.child_by_field_name("value")?.byte_range()];
    // (An assignment is not split into words: its value may be unquoted.)
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    Some((name.to_string(), value.to_string()))
}

/// The `cd` command of a top-level `cd DIR`, `cd DIR || exit 1`, `cd DIR >/dev/null`.
fn cd_statement<'t>(n: Node<'t>, src: &str) -> Option<Node<'t>> {
    let is_cd = |c: Node| {
        c.kind() == "command"
            && c.child_by_field_name("name")
                .is_some_and(|m| &src[m.byte_range()] == "cd")
    };
    match n.kind() {
        "command" if is_cd(n) => Some(n),
        "redirected_statement" => n.child_by_field_name("body").filter(|b| is_cd(*b)),
        // `cd DIR || exit 1`: the `exit` runs only where `cd` fails, which it does not.
        "list" => {
            let mut c = n.walk();
            let parts: Vec<Node> = n.children(&mut c).collect();
            match parts.as_slice() {
                [cd, or, exit]
                    if is_cd(*cd)
                        && or.kind() == "||"
                        && exit.kind() == "command"
                        && exit
                            .child_by_field_name("name")
                            .is_some_and(|m| matches!(&src[m.byte_range()], "exit" | "return")) =>
                {
                    Some(*cd)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The text inside a word written in double quotes (`"$(dirname "$0")"`).
fn quoted(word: &str) -> Option<&str> {
    word.strip_prefix('"')?.strip_suffix('"')
}

/// Whether the text inside a word's double quotes names the script's own directory or one
/// above it: `$(dirname "$0")`, `$(dirname "${BASH_SOURCE[0]}")/..`, `$(cd "$(dirname "$0")"
/// && pwd)`, or a name set to one of those. Each `$0` inside is quoted as well: unquoted, a
/// path with a blank is two words. Not `${0%/*}`: where the script is run as `sh check.sh`,
/// that is the file's name, and `cd` fails.
fn own_directory(inner: &str, values: &HashMap<String, String>, depth: usize) -> bool {
    if depth > 4 {
        return false;
    }
    let mut w = inner.trim().to_string();
    // `/..`, `/../..`, `/.`: the directories above the script's exist as it does.
    loop {
        let trimmed = w
            .strip_suffix("/..")
            .or_else(|| w.strip_suffix("/."))
            .or_else(|| w.strip_suffix('/'));
        match trimmed {
            Some(t) if !t.is_empty() => w = t.to_string(),
            _ => break,
        }
    }
    if let Some(name) = w
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| w.strip_prefix('$'))
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
    {
        return values
            .get(name)
            .is_some_and(|v| own_directory(v, values, depth + 1));
    }
    let Some(inner) = w.strip_prefix("$(").and_then(|r| r.strip_suffix(')')) else {
        return false;
    };
    let inner = inner.trim();
    // `cd "DIR" && pwd`, `cd -- "DIR" >/dev/null 2>&1; pwd -P`.
    if let Some(rest) = inner.strip_prefix("cd ") {
        let rest = rest
            .replace(">/dev/null", "")
            .replace("> /dev/null", "")
            .replace("2>&1", "")
            .replace("&>/dev/null", "");
        let dir = ["&& pwd -P", "&& pwd", "; pwd -P", "; pwd"]
            .iter()
            .find_map(|end| rest.trim().strip_suffix(end));
        return dir.is_some_and(|d| {
            let d = d
                .trim()
                .trim_start_matches("-P ")
                .trim_start_matches("-- ")
                .trim();
            quoted(d).is_some_and(|inner| own_directory(inner, values, depth + 1))
        });
    }
    inner
        .strip_prefix("dirname ")
        .map(|a| a.trim().trim_start_matches("-- ").trim())
        .is_some_and(|a| script_path(a, depth))
}

/// `"$0"`, `"${BASH_SOURCE[0]}"`, or it resolved (`"$(readlink -f "$0")"`, `"$(realpath
/// "$0")"`), quoted.
fn script_path(word: &str, depth: usize) -> bool {
    if depth > 4 {
        return false;
    }
    let Some(inner) = quoted(word) else {
        return false;
    };
    if matches!(
        inner,
        "$0" | "${0}" | "${BASH_SOURCE[0]}" | "${BASH_SOURCE}" | "$BASH_SOURCE"
    ) {
        return true;
    }
    inner
        .strip_prefix("$(")
        .and_then(|r| r.strip_suffix(')'))
        .map(str::trim)
        .is_some_and(|i| {
            ["readlink -f ", "realpath "]
                .iter()
                .find_map(|p| i.strip_prefix(p))
                .is_some_and(|a| script_path(a.trim(), depth + 1))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scripts_own_directory_and_only_it() {
        let moved = |src: &str| without_cd(src).map(|(_, line)| vec![line]);
        assert_eq!(
            moved("cd \"$(dirname \"$0\")/..\"\ncurl x\n"),
            Some(vec![1])
        );
        assert_eq!(
            moved("set -e\ncd \"$(dirname \"$0\")\" || exit 1\n"),
            Some(vec![2])
        );
        assert_eq!(
            moved(
                "HERE=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\ncd \"$HERE/../..\"\n"
            ),
            Some(vec![2])
        );
        assert_eq!(
            moved("D=$(dirname \"$0\")\ncd \"$D\" >/dev/null 2>&1\n"),
            Some(vec![2])
        );
        assert_eq!(
            moved("cd \"$(dirname \"$(readlink -f \"$0\")\")\"\n"),
            Some(vec![1])
        );
        // Not surely there: `sh check.sh` makes `${0%/*}` the file's name; a directory below
        // the script's may be missing; a name set twice or changed otherwise; a `cd` in a
        // branch; a path with a blank split into words; a second `cd` read from the first's
        // directory.
        assert_eq!(moved("cd \"${0%/*}\"\n"), None);
        assert_eq!(moved("cd \"$(dirname \"$0\")/app\"\n"), None);
        assert_eq!(moved("D=$(dirname \"$0\")\nD=/tmp\ncd \"$D\"\n"), None);
        for change in [
            "D+=/x",
            "for D in /x; do :; done",
            "unset D",
            "read -r D",
            "D[0]=/x",
            "(( D = 7 ))",
        ] {
            let src = format!("D=$(dirname \"$0\")\n{change}\ncd \"$D\"\n");
            assert_eq!(moved(&src), None, "{src}");
        }
        assert_eq!(moved("if true; then cd \"$(dirname \"$0\")\"; fi\n"), None);
        assert_eq!(moved("cd /srv/app\n"), None);
        assert_eq!(moved("cd `dirname $0` || exit 1\n"), None);
        assert_eq!(moved("cd \"$(dirname $0)\"\n"), None);
        assert_eq!(
            moved("cd \"$(dirname \"$0\")\"\ncd \"$(dirname \"$0\")/..\"\n"),
            None
        );
        assert_eq!(moved("cd \"$(dirname \"$0\")\"\ncd build\n"), None);
        let (text, _) = without_cd("cd \"$(dirname \"$0\")\" || exit 1; curl x\n").unwrap();
        assert!(text.starts_with(":  "), "{text}");
        assert!(text.ends_with("; curl x\n"), "{text}");
    }
}
