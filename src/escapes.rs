//! Backslash escapes both ways: reading them in text a person typed (`check tcp --send
//! 'PING\r\n'`, the string literals of imported Python scripts), and writing them for a
//! terminal, so that a name from a suite cannot move the cursor, clear the screen or reverse the
//! text around it. Imports nothing of the engine.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` safe to print on a terminal: control characters (C0, DEL, C1) and the Unicode
/// bidirectional controls are written as `\u{…}`; everything else is kept.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_on_terminal(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn unsafe_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `\r`, `\n`, `\t`, `\0` and `\\` in `--send` (and in Python strings, for `import`).
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('r') => out.push('\r'),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some(c @ ('\\' | '"' | '\'')) => out.push(c),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_are_made_visible() {
        assert_eq!(for_terminal("plain-name ü"), "plain-name ü");
        assert_eq!(for_terminal("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(for_terminal("x\u{202e}y\n"), "x\\u{202e}y\\u{a}");
    }

    #[test]
    fn unescapes_send_text() {
        assert_eq!(unescape(r"PING\r\n"), "PING\r\n");
        assert_eq!(unescape(r"a\\b\q"), r"a\b\q");
    }
}
