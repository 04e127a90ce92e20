//! Suite errors as values with positions, and the one place they are rendered.

use std::fmt;

/// A place in a suite file: 1-based line and column (in characters), and how many characters
/// the offending token spans on that line (0 when unknown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub line: usize,
    pub col: usize,
    pub len: usize,
}

impl Span {
    pub fn point(line: usize, col: usize) -> Span {
        Span { line, col, len: 0 }
    }

    pub(crate) fn from_saphyr(span: &saphyr_parser::Span) -> Span {
        let (start, end) = (span.start, span.end);
        let len = if end.line() == start.line() {
            end.col().saturating_sub(start.col())
        } else {
            0
        };
        Span {
            line: start.line(),
            col: start.col() + 1,
            len,
        }
    }

    /// A span `offset` characters into this one (for errors inside a scalar).
    pub fn shifted(self, offset: usize, len: usize) -> Span {
        Span {
            line: self.line,
            col: self.col + offset,
            len,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// Everything wrong with one suite file, ready to print.
#[derive(Debug)]
pub struct SuiteError {
    pub file: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl SuiteError {
    /// Each diagnostic as one line, `file:line:col: message (help)`, for logs and one-line
    /// uses: without the file's own lines, which the full rendering quotes.
    pub fn summary_lines(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| {
                let help = d
                    .help
                    .as_ref()
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                format!(
                    "{}:{}:{}: {}{help}",
                    self.file, d.span.line, d.span.col, d.message
                )
            })
            .collect()
    }
}

impl std::error::Error for SuiteError {}

impl fmt::Display for SuiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render(f, &self.file, &self.source, &self.diagnostics, "")?;
        let n = self.diagnostics.len();
        write!(
            f,
            "{n} error{} in {}",
            if n == 1 { "" } else { "s" },
            self.file
        )
    }
}

/// What is legal in a suite file but probably not meant (a secret in `argv`); the suite loads.
#[derive(Debug)]
pub struct SuiteWarnings {
    pub file: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for SuiteWarnings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render(f, &self.file, &self.source, &self.diagnostics, "warning: ")?;
        let n = self.diagnostics.len();
        write!(
            f,
            "{n} warning{} in {}",
            if n == 1 { "" } else { "s" },
            self.file
        )
    }
}

/// Each diagnostic as `file:line:col: message`, its source line with a caret, and its help.
fn render(
    f: &mut fmt::Formatter<'_>,
    file: &str,
    source: &str,
    diagnostics: &[Diagnostic],
    label: &str,
) -> fmt::Result {
    {
        let lines: Vec<&str> = source.lines().collect();
        for (i, d) in diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(
                f,
                "{}:{}:{}: {label}{}",
                file, d.span.line, d.span.col, d.message
            )?;
            let number = d.span.line.to_string();
            let gutter = " ".repeat(number.len());
            if let Some(text) = d.span.line.checked_sub(1).and_then(|i| lines.get(i)) {
                let shown: String = text
                    .chars()
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .collect();
                writeln!(f, "{gutter} |")?;
                writeln!(f, "{number} | {}", shown.trim_end())?;
                let pad = " ".repeat(d.span.col.saturating_sub(1));
                let carets = "^".repeat(d.span.len.max(1));
                writeln!(f, "{gutter} | {pad}{carets}")?;
            }
            if let Some(help) = &d.help {
                writeln!(f, "{gutter} = help: {help}")?;
            }
        }
    }
    Ok(())
}

/// "did you mean" for a misspelt key: the closest known name, if it is close enough.
pub fn suggest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_position_source_line_and_caret() {
        let err = SuiteError {
            file: "s.yaml".into(),
            source: "probes:\n  - nme: x\n".into(),
            diagnostics: vec![
                Diagnostic::new(
                    Span {
                        line: 2,
                        col: 5,
                        len: 3,
                    },
                    "unknown field `nme`",
                )
                .with_help("did you mean `name`?"),
            ],
        };
        let text = err.to_string();
        assert_eq!(
            text,
            "s.yaml:2:5: unknown field `nme`\n  |\n2 |   - nme: x\n  |     ^^^\n  = help: did you mean `name`?\n1 error in s.yaml"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("tiemout", &["timeout", "url"]), Some("timeout"));
        assert_eq!(suggest("zzz", &["timeout", "url"]), None);
    }
}
