//! A body curl saves to a file, and the later reads of that file.
//!
//! `curl -s -o /tmp/body.html -w '%{http_code}' "$URL"` (or `-o "$body"` of `body=$(mktemp)`)
//! then `grep -q power /tmp/body.html`, `jq -e '.status == "ok"' "$body"` or `$(cat "$body")`:
//! where curl passes (an answer; under `-f`, one below 400) the file holds the body of that
//! request, and where it fails curl leaves the file as it was: missing, on a path that has not
//! written it before (each run is taken to start without it, as a fresh `mktemp` name does), so
//! that grep, jq and cat fail on it. A read is then a rule on the request's body that holds
//! only where curl passed; after a second write on the path (a loop's next round), only where
//! the path already knows that the last request answered (its status was tested), since a
//! failed request leaves the earlier round's body in place.
//!
//! What a file holds is kept among the variables, under a name no script can write
//! ([`FILE_MARK`]), so that a branch's request does not reach the other branches.

use super::*;

/// The start of the variable that says what a file holds.
const FILE_MARK: char = '\u{1}';

impl Sema<'_, '_> {
    /// `NAME=$(mktemp)` (with `-t`, `-p DIR`, `--suffix=…`, a template): a fresh file's name.
    pub(super) fn temp_file(&mut self, cmd: Node) -> Option<Sym> {
        if cmd.kind() != "command" || self.sh.command_name(cmd).as_deref() != Some("mktemp") {
            return None;
        }
        let args = self.literal_args(cmd)?;
        // `-d` makes a directory, `-u` (`--dry-run`) no file at all.
        let no_file = |a: &String| {
            a == "--directory"
                || a == "--dry-run"
                || (a.starts_with('-') && !a.starts_with("--") && a.contains(['d', 'u']))
        };
        if args.iter().any(no_file) {
            return None;
        }
        self.temp_files += 1;
        Some(Sym::TempFile(self.temp_files))
    }

    /// The variable that says what the file a word names holds: a literal path, or the name
    /// of a file `mktemp` made. `None` for any other word.
    fn file_key(&self, word: Node) -> Option<String> {
        let inner = self.unquoted(word);
        if matches!(inner.kind(), "simple_expansion" | "expansion")
            && let Some(Var::Sym(Sym::TempFile(n))) = self.sh.vars.get(self.expansion_name(inner))
        {
            return Some(format!("{FILE_MARK}mktemp {n}"));
        }
        let path = self.sh.word(word)?.as_literal()?;
        path_key(&path)
    }

    /// Where curl writes what it fetched (`-o F`, `-soF`, `-sSo F`, `--output F`,
    /// `--output=F`): the key of the file ([`Self::file_key`]).
    fn curl_output_key(&self, curl: Node) -> Option<String> {
        let mut c = curl.walk();
        let args: Vec<Node> = curl.children_by_field_name("argument", &mut c).collect();
        for (i, a) in args.iter().enumerate() {
            let Some(word) = self.sh.word(*a).and_then(|t| t.as_literal()) else {
                continue;
            };
            if let Some(path) = word.strip_prefix("--output=") {
                return path_key(path);
            }
            if word == "--output" {
                return self.file_key(*args.get(i + 1)?);
            }
            let Some(flags) = word.strip_prefix('-').filter(|f| !f.starts_with('-')) else {
                continue;
            };
            // Short flags up to the first that takes a value; `o`'s is the rest of the word,
            // or the next word.
            for (at, f) in flags.char_indices() {
                match f {
                    'o' => {
                        let rest = &flags[at + 1..];
                        return if rest.is_empty() {
                            self.file_key(*args.get(i + 1)?)
                        } else {
                            path_key(rest)
                        };
                    }
                    'm' | 'H' | 'X' | 'd' | 'u' | 'A' | 'w' | 'e' | 'b' | 'c' | 'D' | 'T' => {
                        break;
                    }
                    _ => {}
                }
            }
        }
        None
    }

    /// After observation `o` of a curl command: what the file it writes holds from here on.
    /// Only a request made as an http probe gives a body a rule can read; a file something
    /// other than curl also writes (`> F`, `tee F`) holds what is not known.
    pub(super) fn note_body_file(&mut self, curl: Node, o: usize) {
        let Some(key) = self.curl_output_key(curl) else {
            return;
        };
        // `-I`, `-i`: the file holds the headers; `--fail-with-body` writes the body of an
        // error status too, where curl fails.
        let words: Vec<&str> = self
            .sh
            .text(curl)
            .split_whitespace()
            .map(|w| w.trim_matches(['"', '\'']))
            .collect();
        let headers = words.iter().any(|w| {
            matches!(
                *w,
                "--head" | "--include" | "--show-headers" | "--fail-with-body"
            ) || (w.starts_with('-') && !w.starts_with("--") && w.contains(['I', 'i']))
        });
        let readable = matches!(self.obs[o].ok.check, Check::Http { .. })
            && !headers
            && !self.written_otherwise(&key);
        let fails_on_error = curl_fails_on_error(self.sh.text(curl));
        let var = if readable {
            Var::Sym(Sym::BodyFile {
                o,
                again: self.sh.vars.contains_key(&key),
                fails_on_error,
            })
        } else {
            Var::Dynamic
        };
        self.sh.vars.insert(key, var);
    }

    /// Whether anything but a curl command writes the file `key` names, anywhere in the
    /// script (a redirection, `tee`, `wget -O`).
    fn written_otherwise(&self, key: &str) -> bool {
        let root = self.sh.tree.root_node();
        let names_it = |f: &String| {
            let f = f.trim_matches(['"', '\'']);
            match path_key(f) {
                Some(k) => k == key,
                // `$body`, `${body}`: the same variable as the curl's word.
                None => {
                    let name = f.trim_start_matches('$').trim_matches(['{', '}']);
                    matches!(self.sh.vars.get(name), Some(Var::Sym(Sym::TempFile(n)))
                        if format!("{FILE_MARK}mktemp {n}") == key)
                }
            }
        };
        let all = self
            .sh
            .written_anywhere()
            .iter()
            .filter(|f| names_it(f))
            .count();
        let mut by_curl = 0;
        walk_commands(root, &mut |c| {
            if self.sh.command_name(c).as_deref() == Some("curl") {
                by_curl += super::super::files_written(self.sh, c)
                    .iter()
                    .filter(|f| names_it(f))
                    .count();
            }
        });
        all != by_curl
    }

    /// The observation whose body the file a word names holds, and the condition under which
    /// it holds it on this path (where it does not, the file is missing and a read fails).
    /// `None` where that is not known.
    fn body_in_file(&mut self, word: Node, st: &State) -> Option<(usize, Cond)> {
        let key = self.file_key(word)?;
        let Var::Sym(Sym::BodyFile {
            o,
            again,
            fails_on_error,
        }) = *self.sh.vars.get(&key)?
        else {
            return None;
        };
        if answered_on_path(o, fails_on_error, st) {
            return Some((o, Cond::True));
        }
        if again {
            return None;
        }
        if !key.starts_with(&format!("{FILE_MARK}mktemp ")) {
            let path = key.trim_start_matches(FILE_MARK).to_string();
            self.warn_once(
                self.sh.line(word),
                format!("where the request fails, the script reads whatever an earlier run left in `{path}`; the suite takes the file to be missing there"),
            );
        }
        Some((o, Cond::Atom(o, Pred::Ok)))
    }

    /// A read of a file that holds a body, as a condition: its rule on the body.
    pub(super) fn body_file_read(&mut self, n: Node, st: &State) -> Option<Cond> {
        self.grep_of_body_file(n, st)
            .or_else(|| self.jq_of_body_file(n, st))
    }

    /// `PROGRAM WORDS… FILE` (its output, if any, dropped): the command, its last word and the
    /// words before it, each known text that the shell does not split.
    fn reads_last_word<'n>(
        &self,
        n: Node<'n>,
        program: &str,
    ) -> Option<(Node<'n>, Node<'n>, Vec<Text>)> {
        let cmd = self.sh.strip_quiet(n);
        if cmd.kind() != "command" || self.sh.command_name(cmd).as_deref() != Some(program) {
            return None;
        }
        let mut c = cmd.walk();
        let args: Vec<Node> = cmd.children_by_field_name("argument", &mut c).collect();
        let (file, words) = args.split_last()?;
        let words = words
            .iter()
            .map(|w| {
                (!self.sh.splits_when_run(*w))
                    .then(|| self.sh.word(*w))
                    .flatten()
            })
            .collect::<Option<_>>()?;
        Some((cmd, *file, words))
    }

    /// `grep [OPTIONS] PATTERN FILE` of a file that holds a body: the rule on the body.
    fn grep_of_body_file(&mut self, n: Node, st: &State) -> Option<Cond> {
        let (_, file, words) = self.reads_last_word(n, "grep")?;
        let g = grep_args(&words)?;
        // Each line alone: a pattern that matches the empty text (`^$`, `^`) is matched
        // against the lines, which an empty file has none of.
        let (key, value) = grep_rule_on_output(&words)?;
        let Yaml::Str(value) = value else {
            return None;
        };
        let (o, written) = self.body_in_file(file, st)?;
        let key = match key.as_str() {
            "contains" => "contains",
            _ => "matches",
        };
        let rule = if g.late {
            Pred::Late(key, value)
        } else {
            Pred::Text(key, value.replace("$${", "${"))
        };
        Some(and(written, Cond::Atom(o, rule)))
    }

    /// `jq -e 'PATH == VALUE' FILE` of a file that holds a body: the JSON rule on the body.
    fn jq_of_body_file(&mut self, n: Node, st: &State) -> Option<Cond> {
        let (cmd, file, words) = self.reads_last_word(n, "jq")?;
        let (o, written) = self.body_in_file(file, st)?;
        let rule = self.jq_rule(o, &words, cmd)?;
        Some(and(written, rule))
    }

    /// `$(cat FILE)` or `$(< FILE)` of a file that holds a body: the body, where the path
    /// knows the request wrote it or `set -e` ends the script where `cat` fails (a missing
    /// file reads as empty, which no rule on the body says).
    pub(super) fn cat_of_body_file(&mut self, cmd: Node, st: &State) -> Option<Capture> {
        let file = match cmd.kind() {
            "command" if self.sh.command_name(cmd).as_deref() == Some("cat") => {
                let mut c = cmd.walk();
                let args: Vec<Node> = cmd.children_by_field_name("argument", &mut c).collect();
                let [file] = args.as_slice() else {
                    return None;
                };
                *file
            }
            "file_redirect" if self.sh.text(cmd).trim_start().starts_with('<') => {
                cmd.child_by_field_name("destination")?
            }
            _ => return None,
        };
        let (o, written) = self.body_in_file(file, st)?;
        if written != Cond::True && !st.errexit {
            return None;
        }
        Some(Capture {
            sym: Sym::Out(o, Vec::new()),
            status: written,
        })
    }

    /// `rm -f FILE…` of files that hold bodies: they are gone (a later read is not known).
    pub(super) fn removes_body_files(&mut self, n: Node) -> bool {
        if n.kind() != "command" || self.sh.command_name(n).as_deref() != Some("rm") {
            return false;
        }
        let mut c = n.walk();
        let args: Vec<Node> = n.children_by_field_name("argument", &mut c).collect();
        let (flags, files): (Vec<Node>, Vec<Node>) = args
            .iter()
            .partition(|a| self.sh.text(**a).starts_with('-'));
        let forced = flags
            .iter()
            .all(|f| matches!(self.sh.text(*f), "-f" | "--force"))
            && !flags.is_empty();
        let keys: Option<Vec<String>> = files
            .iter()
            .map(|f| self.file_key(*f).filter(|k| self.sh.vars.contains_key(k)))
            .collect();
        let Some(keys) = keys.filter(|k| forced && !k.is_empty()) else {
            return false;
        };
        for k in keys {
            self.sh.vars.remove(&k);
        }
        true
    }
}

/// Whether this path knows that request `o` got an answer curl passes, so wrote its body: a
/// test of its status took a way that rules out curl's `000` (and, under `-f`, any status
/// from 400).
fn answered_on_path(o: usize, fails_on_error: bool, st: &State) -> bool {
    let passes = |ranges: &[(u16, u16)]| {
        ranges
            .iter()
            .all(|(lo, hi)| *lo >= 100 && (!fails_on_error || *hi < 400))
    };
    st.assumed.iter().any(|(c, holds)| match c {
        Cond::Atom(a, Pred::Ok) if *a == o => *holds,
        Cond::Atom(a, Pred::Status(ranges, zero)) if *a == o => {
            if *holds {
                !*zero && passes(ranges)
            } else {
                // Not these statuses, nor `000` where the test takes it: one of the others.
                matches!(negate(&Pred::Status(ranges.clone(), *zero)),
                    Some(Pred::Status(others, false)) if passes(&others))
            }
        }
        _ => false,
    })
}

/// The variable for a literal path ([`Sema::file_key`]): not a device, the standard output,
/// or a word the shell would split or expand.
fn path_key(path: &str) -> Option<String> {
    let usable = !path.is_empty()
        && path != "-"
        && !path.starts_with('-')
        && !path.starts_with("/dev/")
        && !path.contains(|c: char| c.is_whitespace() || "*?[$`".contains(c));
    usable.then(|| format!("{FILE_MARK}{path}"))
}
