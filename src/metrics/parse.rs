//! A validating, zero-copy parser for the Prometheus text format 0.0.4 and OpenMetrics 1.0.
//!
//! Samples borrow their names and label values from the input (a label value is copied only
//! when it holds an escape); all labels of a page live in one vector. The rules follow
//! Prometheus' own parsers (`expfmt` for 0.0.4, `textparse` for OpenMetrics): what they reject is
//! rejected here with the line and column, what they accept is accepted.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

pub use super::exposition::{Exposition, Family, Label, Sample, SampleRef, Summary};
pub use super::format::Format;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricType {
    Counter,
    Gauge,
    Histogram,
    GaugeHistogram,
    Summary,
    StateSet,
    Info,
    Unknown,
}

impl MetricType {
    fn parse(text: &str, format: Format) -> Option<MetricType> {
        Some(match (text, format) {
            ("counter", _) => MetricType::Counter,
            ("gauge", _) => MetricType::Gauge,
            ("histogram", _) => MetricType::Histogram,
            ("summary", _) => MetricType::Summary,
            ("untyped", Format::Text) | ("unknown", Format::OpenMetrics) => MetricType::Unknown,
            ("gaugehistogram", Format::OpenMetrics) => MetricType::GaugeHistogram,
            ("stateset", Format::OpenMetrics) => MetricType::StateSet,
            ("info", Format::OpenMetrics) => MetricType::Info,
            _ => return None,
        })
    }

    /// Sample-name suffixes a family of this type may use in `format`.
    fn suffixes(self, format: Format) -> &'static [&'static str] {
        match (self, format) {
            (MetricType::Counter, Format::OpenMetrics) => &["_total", "_created"],
            (MetricType::Histogram, Format::OpenMetrics) => {
                &["_bucket", "_count", "_sum", "_created"]
            }
            (MetricType::Histogram, Format::Text) => &["_bucket", "_count", "_sum"],
            (MetricType::GaugeHistogram, _) => &["_bucket", "_gcount", "_gsum"],
            (MetricType::Summary, Format::OpenMetrics) => &["", "_count", "_sum", "_created"],
            (MetricType::Summary, Format::Text) => &["", "_count", "_sum"],
            (MetricType::Info, _) => &["_info"],
            _ => &[""],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses a whole exposition, keeping every sample (about 100 bytes each with its labels).
pub fn parse(input: &str, format: Format) -> Result<Exposition<'_>, ParseError> {
    let mut samples = Vec::new();
    let mut labels = Vec::new();
    let summary = parse_each(input, format, |s| {
        let start = labels.len() as u32;
        labels.extend_from_slice(s.labels);
        samples.push(Sample {
            name: s.name,
            labels: (start, labels.len() as u32),
            value: s.value,
            timestamp: s.timestamp,
            line: s.line,
        });
    })?;
    Ok(Exposition {
        samples,
        labels,
        families: summary.families,
        exemplars: summary.exemplars,
    })
}

/// Validates the whole page and hands each sample to `each` as it is read, keeping none: a
/// probe judges a page of millions of samples in about the memory of the page itself.
pub fn parse_each<'a, F>(input: &'a str, format: Format, each: F) -> Result<Summary<'a>, ParseError>
where
    F: FnMut(&SampleRef<'_, 'a>),
{
    Parser {
        each,
        input,
        bytes: input.as_bytes(),
        format,
        line: 0,
        line_start: 0,
        labels: Vec::new(),
        out: Summary::default(),
        current: None,
        current_sampled: false,
        left: HashSet::new(),
        sampled: HashSet::new(),
    }
    .run()
}

struct Parser<'a, F> {
    /// Called with each sample.
    each: F,
    input: &'a str,
    bytes: &'a [u8],
    format: Format,
    line: usize,
    line_start: usize,
    /// The labels of the sample being read.
    labels: Vec<Label<'a>>,
    out: Summary<'a>,
    /// The family being read, and its type.
    current: Option<(&'a str, Option<MetricType>)>,
    /// Whether the current family has had samples yet.
    current_sampled: bool,
    /// Families that were left for another (OpenMetrics forbids coming back to them).
    left: HashSet<&'a str>,
    /// Families that have had samples.
    sampled: HashSet<&'a str>,
}

/// Sample-name suffixes of the typed families, longest match first where they overlap.
const SUFFIXES: [&str; 8] = [
    "_total", "_created", "_bucket", "_gcount", "_count", "_gsum", "_sum", "_info",
];

type Res<T> = Result<T, ParseError>;

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':'
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b':'
}

fn is_label_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_label_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'a, F: FnMut(&SampleRef<'_, 'a>)> Parser<'a, F> {
    fn err<T>(&self, pos: usize, message: impl Into<String>) -> Res<T> {
        let col = self.input[self.line_start..pos.min(self.input.len())]
            .chars()
            .count()
            + 1;
        Err(ParseError {
            line: self.line,
            col,
            message: message.into(),
        })
    }

    fn run(mut self) -> Res<Summary<'a>> {
        let mut pos = 0;
        let len = self.bytes.len();
        let mut saw_eof = false;
        while pos < len {
            self.line += 1;
            self.line_start = pos;
            let end = memchr::memchr(b'\n', &self.bytes[pos..]).map_or(len, |i| pos + i);
            if end == len {
                return self.err(end, "the last line does not end with a line feed");
            }
            if saw_eof {
                return self.err(pos, "unexpected data after # EOF");
            }
            if self.format == Format::OpenMetrics {
                if let Some(cr) = memchr::memchr(b'\r', &self.bytes[pos..end]) {
                    return self.err(pos + cr, "carriage return in OpenMetrics");
                }
                if pos == end {
                    return self.err(pos, "empty line in OpenMetrics");
                }
                if &self.bytes[pos..end] == b"# EOF" {
                    saw_eof = true;
                    pos = end + 1;
                    continue;
                }
            }
            self.line_(pos, end)?;
            pos = end + 1;
        }
        if self.format == Format::OpenMetrics && !saw_eof {
            self.line += 1;
            self.line_start = len;
            return self.err(len, "data does not end with # EOF");
        }
        Ok(self.out)
    }

    fn line_(&mut self, start: usize, end: usize) -> Res<()> {
        let b = self.bytes;
        let mut p = start;
        if self.format == Format::Text {
            p = self.blanks(p, end);
            if p == end {
                return Ok(());
            }
        }
        if b[p] == b'#' {
            return self.comment(p, end);
        }
        self.sample(p, end)
    }

    fn blanks(&self, mut p: usize, end: usize) -> usize {
        match self.format {
            Format::Text => {
                while p < end && (self.bytes[p] == b' ' || self.bytes[p] == b'\t') {
                    p += 1;
                }
            }
            Format::OpenMetrics => {}
        }
        p
    }

    /// Where the token starting at `p` ends: at the next blank or at the end of the line.
    fn token_end(&self, p: usize, end: usize) -> usize {
        (p..end)
            .find(|&i| self.bytes[i] == b' ' || self.bytes[i] == b'\t')
            .unwrap_or(end)
    }

    /// Exactly one separator in OpenMetrics; one or more blanks in 0.0.4.
    fn separator(&self, p: usize, end: usize, what: &str) -> Res<usize> {
        let b = self.bytes;
        match self.format {
            Format::Text => {
                if p < end && (b[p] == b' ' || b[p] == b'\t') {
                    Ok(self.blanks(p, end))
                } else {
                    self.err(p, format!("expected a blank before {what}"))
                }
            }
            Format::OpenMetrics => {
                if p < end && b[p] == b' ' {
                    if p + 1 < end && b[p + 1] == b' ' {
                        return self.err(p + 1, "more than one space between tokens");
                    }
                    Ok(p + 1)
                } else {
                    self.err(p, format!("expected one space before {what}"))
                }
            }
        }
    }

    fn name(&self, p: usize, end: usize) -> Res<(&'a str, usize)> {
        let b = self.bytes;
        if p >= end || !is_name_start(b[p]) {
            return self.err(p, "expected a metric name");
        }
        let mut q = p + 1;
        while q < end && is_name_char(b[q]) {
            q += 1;
        }
        Ok((&self.input[p..q], q))
    }

    fn comment(&mut self, p: usize, end: usize) -> Res<()> {
        let b = self.bytes;
        let mut q = p + 1;
        let text = self.format == Format::Text;
        if text {
            q = self.blanks(q, end);
        } else if q < end && b[q] == b' ' {
            q += 1;
        } else {
            return self.err(
                q,
                "a comment must be `# TYPE`, `# HELP`, `# UNIT` or `# EOF`",
            );
        }
        let word_end = self.token_end(q, end);
        let keyword = &self.input[q..word_end];
        let keyword = match keyword {
            "TYPE" | "HELP" => keyword,
            "UNIT" if !text => keyword,
            _ if text => return Ok(()), // any other comment is allowed in 0.0.4
            _ => {
                return self.err(
                    q,
                    "a comment must be `# TYPE`, `# HELP`, `# UNIT` or `# EOF`",
                );
            }
        };
        let q = self.separator(word_end, end, "the metric name")?;
        let (name, q) = self.name(q, end)?;
        let rest_start = if q == end {
            q
        } else {
            self.separator(q, end, "the value")?
        };
        let rest = &self.input[rest_start..end];
        self.enter_family(name, p, true)?;
        let fam = self.out.families.entry(name).or_default();
        match keyword {
            "TYPE" => {
                let rest = if text { rest.trim_end() } else { rest };
                let Some(kind) = MetricType::parse(rest, self.format) else {
                    return self.err(rest_start, format!("unknown metric type `{rest}`"));
                };
                if fam.kind.is_some() {
                    return self.err(p, format!("second TYPE line for metric name {name}"));
                }
                fam.kind = Some(kind);
                self.current = Some((name, Some(kind)));
            }
            "HELP" => {
                if fam.help.is_some() {
                    return self.err(p, format!("second HELP line for metric name {name}"));
                }
                let help = self.unescape(rest, rest_start, !text)?;
                self.out.families.entry(name).or_default().help = Some(help);
            }
            _ => {
                if fam.unit.is_some() {
                    return self.err(p, format!("second UNIT line for metric name {name}"));
                }
                if !rest.is_empty() && !name.ends_with(&format!("_{rest}")) {
                    return self.err(
                        rest_start,
                        format!("unit `{rest}` is not a suffix of the metric name {name}"),
                    );
                }
                self.out.families.entry(name).or_default().unit = Some(rest);
            }
        }
        Ok(())
    }

    /// Makes `name` the current family. Metadata must come before a family's samples, and an
    /// OpenMetrics family must not be split by another.
    fn enter_family(&mut self, name: &'a str, p: usize, metadata: bool) -> Res<()> {
        if let Some((current, _)) = self.current {
            if current == name {
                if metadata && self.current_sampled {
                    return self.err(p, format!("metadata for {name} after its samples"));
                }
                return Ok(());
            }
            self.left.insert(current);
        }
        if self.left.contains(name) {
            let sampled = self.sampled.contains(name);
            if self.format == Format::OpenMetrics {
                return self.err(
                    p,
                    format!(
                        "{name} continues after another family (families must not be interleaved)"
                    ),
                );
            }
            if metadata && sampled {
                return self.err(p, format!("metadata for {name} after its samples"));
            }
        }
        let kind = self.out.families.get(name).and_then(|f| f.kind);
        self.current = Some((name, kind));
        self.current_sampled = self.sampled.contains(name);
        Ok(())
    }

    fn sample(&mut self, p: usize, end: usize) -> Res<()> {
        let b = self.bytes;
        let (name, mut q) = self.name(p, end)?;
        let family = self.resolve_family(name, p)?;
        self.labels.clear();
        if q < end && b[q] == b'{' {
            q = self.label_set(q + 1, end)?;
        }
        self.check_sample_labels(name, family, p)?;
        q = self.separator(q, end, "the value")?;
        let value_end = self.token_end(q, end);
        let value = self.number(q, value_end, "sample value")?;
        let mut q = value_end;
        let mut timestamp = None;
        if self.format == Format::Text {
            q = self.blanks(q, end);
            if q < end {
                let ts_end = self.token_end(q, end);
                let tok = &self.input[q..ts_end];
                match tok.parse::<i64>() {
                    Ok(ms) => timestamp = Some(ms as f64),
                    Err(_) => return self.err(q, format!("timestamp `{tok}` is not an integer")),
                }
                let r = self.blanks(ts_end, end);
                if r < end {
                    return self.err(r, "unexpected text after the timestamp");
                }
            }
        } else if q < end {
            q += 1; // the single space, checked by `separator` rules below
            if q < end && b[q] == b'#' {
                q = self.exemplar(q, end, family)?;
            } else {
                let ts_end = (q..end).find(|&i| b[i] == b' ').unwrap_or(end);
                timestamp = Some(self.number(q, ts_end, "timestamp")?);
                q = ts_end;
                if q < end {
                    q += 1;
                    if q < end && b[q] == b'#' {
                        q = self.exemplar(q, end, family)?;
                    }
                }
            }
            if q < end {
                return self.err(q, "unexpected text after the sample");
            }
        }
        if self.format == Format::OpenMetrics
            && matches!(family.1, Some(MetricType::Counter))
            && name.ends_with("_total")
            && (value.is_nan() || value < 0.0)
        {
            return self.err(q, "a counter's total must be a non-negative number");
        }
        self.out.samples += 1;
        (self.each)(&SampleRef {
            name,
            labels: &self.labels,
            value,
            timestamp,
            line: self.line as u32,
        });
        Ok(())
    }

    /// The family a sample belongs to: the current family when the name is one of its sample
    /// names, else the typed family whose sample names include it, else a family of its own.
    fn resolve_family(&mut self, name: &'a str, p: usize) -> Res<(&'a str, Option<MetricType>)> {
        if let Some((fam, kind)) = self.current
            && family_of(name, fam, kind.unwrap_or(MetricType::Unknown), self.format)
        {
            self.mark_sampled(fam);
            return Ok((fam, kind));
        }
        let mut family = name;
        for suffix in SUFFIXES {
            if let Some(base) = name.strip_suffix(suffix)
                && let Some(kind) = self.out.families.get(base).and_then(|f| f.kind)
                && kind.suffixes(self.format).contains(&suffix)
            {
                family = base;
                break;
            }
        }
        if let Some(kind) = self.out.families.get(family).and_then(|f| f.kind)
            && !family_of(name, family, kind, self.format)
        {
            let names: Vec<String> = kind
                .suffixes(self.format)
                .iter()
                .map(|s| format!("{family}{s}"))
                .collect();
            return self.err(
                p,
                format!(
                    "{family} is a {} family, so its samples are named {}",
                    format!("{kind:?}").to_lowercase(),
                    names.join(", ")
                ),
            );
        }
        self.enter_family(family, p, false)?;
        self.mark_sampled(family);
        Ok(self.current.unwrap_or((family, None)))
    }

    fn mark_sampled(&mut self, family: &'a str) {
        if !self.current_sampled {
            self.current_sampled = true;
            self.sampled.insert(family);
        }
    }

    fn check_sample_labels(
        &self,
        name: &str,
        family: (&str, Option<MetricType>),
        p: usize,
    ) -> Res<()> {
        let labels = &self.labels;
        for (i, l) in labels.iter().enumerate() {
            if labels[..i].iter().any(|o| o.name == l.name) {
                return self.err(p, format!("duplicate label name `{}` in {name}", l.name));
            }
        }
        let find = |n: &str| labels.iter().find(|l| l.name == n);
        match family.1 {
            Some(MetricType::Histogram | MetricType::GaugeHistogram)
                if name.ends_with("_bucket") =>
            {
                match find("le") {
                    // expfmt takes a bucket without `le` in the text format; OpenMetrics does not.
                    None if self.format == Format::Text => {}
                    None => return self.err(p, format!("{name} has no `le` label")),
                    Some(l) => {
                        if self.parse_float(&l.value).is_none() {
                            return self.err(
                                p,
                                format!("`le` value `{}` of {name} is not a number", l.value),
                            );
                        }
                    }
                }
            }
            Some(MetricType::Summary) if name == family.0 => match find("quantile") {
                None if self.format == Format::Text => {}
                None => return self.err(p, format!("{name} has no `quantile` label")),
                Some(l) => {
                    if self.parse_float(&l.value).is_none() {
                        return self.err(
                            p,
                            format!("`quantile` value `{}` of {name} is not a number", l.value),
                        );
                    }
                }
            },
            Some(MetricType::StateSet) if find(family.0).is_none() => {
                return self.err(
                    p,
                    format!("stateset sample {name} has no `{}` label", family.0),
                );
            }
            _ => {}
        }
        Ok(())
    }

    /// `name="value",…}`: pushes the labels, returns the position after `}`.
    fn label_set(&mut self, mut q: usize, end: usize) -> Res<usize> {
        let b = self.bytes;
        loop {
            if self.format == Format::Text {
                q = self.blanks(q, end);
            }
            if q >= end {
                return self.err(q, "unterminated label set");
            }
            if b[q] == b'}' {
                return Ok(q + 1);
            }
            if !is_label_start(b[q]) {
                return self.err(q, "expected a label name");
            }
            let ns = q;
            q += 1;
            while q < end && is_label_char(b[q]) {
                q += 1;
            }
            let name = &self.input[ns..q];
            if self.format == Format::Text {
                q = self.blanks(q, end);
            }
            if q >= end || b[q] != b'=' {
                return self.err(q, format!("expected `=` after label name {name}"));
            }
            q += 1;
            if self.format == Format::Text {
                q = self.blanks(q, end);
            }
            if q >= end || b[q] != b'"' {
                return self.err(
                    q,
                    format!("expected `\"` to start the value of label {name}"),
                );
            }
            q += 1;
            let vs = q;
            let mut escaped = false;
            loop {
                let Some(i) = memchr::memchr2(b'"', b'\\', &b[q..end]) else {
                    return self.err(end, format!("unterminated value of label {name}"));
                };
                q += i;
                if b[q] == b'\\' {
                    escaped = true;
                    q += 2;
                    if q > end {
                        return self.err(end, format!("unterminated value of label {name}"));
                    }
                } else {
                    break;
                }
            }
            let raw = &self.input[vs..q];
            let value = if escaped {
                self.unescape(raw, vs, true)?
            } else {
                Cow::Borrowed(raw)
            };
            self.labels.push(Label { name, value });
            q += 1;
            if self.format == Format::Text {
                q = self.blanks(q, end);
            }
            if q < end && b[q] == b',' {
                q += 1;
                continue;
            }
            if q < end && b[q] == b'}' {
                return Ok(q + 1);
            }
            return self.err(q, "expected `,` or `}` after a label");
        }
    }

    /// `\\`, `\n` and (when `quotes`) `\"`; any other escape is an error.
    fn unescape(&self, raw: &'a str, at: usize, quotes: bool) -> Res<Cow<'a, str>> {
        if !raw.contains('\\') {
            return Ok(Cow::Borrowed(raw));
        }
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                Some((_, '"')) if quotes => out.push('"'),
                Some((_, other)) => {
                    return self.err(at + i, format!("invalid escape sequence `\\{other}`"));
                }
                None => return self.err(at + i, "a backslash at the end of the text"),
            }
        }
        Ok(Cow::Owned(out))
    }

    fn parse_float(&self, text: &str) -> Option<f64> {
        parse_number(text, self.format)
    }

    fn number(&self, start: usize, end: usize, what: &str) -> Res<f64> {
        let tok = &self.input[start..end];
        match self.parse_float(tok) {
            Some(v) => Ok(v),
            None if tok.is_empty() => self.err(start, format!("expected a {what}")),
            None => self.err(start, format!("{what} `{tok}` is not a number")),
        }
    }

    /// ` # {labels} value [timestamp]` after an OpenMetrics sample.
    fn exemplar(&mut self, q: usize, end: usize, family: (&str, Option<MetricType>)) -> Res<usize> {
        let b = self.bytes;
        if !matches!(
            family.1,
            Some(MetricType::Counter | MetricType::Histogram | MetricType::GaugeHistogram)
        ) {
            return self.err(
                q,
                "exemplars are only allowed on counters and histogram buckets",
            );
        }
        if q + 2 >= end || b[q + 1] != b' ' || b[q + 2] != b'{' {
            return self.err(q, "expected ` # {` to start an exemplar");
        }
        let before = self.labels.len();
        let after_labels = self.label_set(q + 3, end)?;
        let chars: usize = self.labels[before..]
            .iter()
            .map(|l| l.name.chars().count() + l.value.chars().count())
            .sum();
        self.labels.truncate(before);
        if chars > 128 {
            return self.err(q, "exemplar labels longer than 128 characters");
        }
        let mut r = self.separator(after_labels, end, "the exemplar value")?;
        let v_end = (r..end).find(|&i| b[i] == b' ').unwrap_or(end);
        self.number(r, v_end, "exemplar value")?;
        r = v_end;
        if r < end {
            r += 1;
            let t_end = (r..end).find(|&i| b[i] == b' ').unwrap_or(end);
            self.number(r, t_end, "exemplar timestamp")?;
            r = t_end;
        }
        self.out.exemplars += 1;
        Ok(r)
    }
}

/// Whether sample `name` belongs to family `fam` of type `kind`.
fn family_of(name: &str, fam: &str, kind: MetricType, format: Format) -> bool {
    let Some(rest) = name.strip_prefix(fam) else {
        return false;
    };
    kind.suffixes(format).contains(&rest)
}

/// A sample value or timestamp: Go's `ParseFloat` forms that Prometheus accepts, including
/// `NaN`, `+Inf`, `-Inf` (any case, `Infinity` too).
pub fn parse_number(text: &str, format: Format) -> Option<f64> {
    let b = text.as_bytes();
    if b.is_empty() {
        return None;
    }
    // Fast path: plain integers.
    if b.len() <= 15 && b.iter().all(u8::is_ascii_digit) {
        let mut v: u64 = 0;
        for &d in b {
            v = v * 10 + u64::from(d - b'0');
        }
        return Some(v as f64);
    }
    let first = b[0];
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.' | b'N' | b'n' | b'I' | b'i'))
    {
        return None;
    }
    // Rust accepts `inf`, `infinity`, `nan` in any case, with a sign; so does Go. Go also takes
    // hexadecimal floats and underscores, which no exporter writes; they are rejected here as in
    // Prometheus' OpenMetrics parser.
    let v: f64 = text.parse().ok()?;
    if format == Format::OpenMetrics && v.is_nan() && !text.eq_ignore_ascii_case("nan") {
        return None;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each sample is shown with its own labels only, and a page is validated whole even when
    /// it is not collected.
    #[test]
    fn each_sample_is_shown_with_its_labels() {
        let page = "a 1\nb{x=\"1\"} 2\nb{x=\"2\",y=\"\\n\"} 3\nc 4\n";
        let mut seen = Vec::new();
        let summary = parse_each(page, Format::Text, |s| {
            let labels: Vec<String> = s
                .labels
                .iter()
                .map(|l| format!("{}={}", l.name, l.value))
                .collect();
            seen.push((s.name.to_string(), labels.join(","), s.value, s.line));
        })
        .unwrap();
        assert_eq!(summary.samples, 4);
        assert_eq!(
            seen,
            [
                ("a".into(), "".into(), 1.0, 1),
                ("b".into(), "x=1".into(), 2.0, 2),
                ("b".into(), "x=2,y=\n".into(), 3.0, 3),
                ("c".into(), "".into(), 4.0, 4),
            ]
        );
        let broken = "a 1\nc{x=\"1\" 4\nb 2\n";
        assert!(parse_each(broken, Format::Text, |_| {}).is_err());
    }

    fn ok(text: &str, format: Format) -> Exposition<'_> {
        parse(text, format).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn bad(text: &str, format: Format) -> String {
        match parse(text, format) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn text_format_samples_labels_and_metadata() {
        let page = "# HELP http_requests_total Requests, \\\\ and \\n lines.\n# TYPE http_requests_total counter\nhttp_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\nhttp_requests_total{ method = \"post\" , code=\"400\", } 3\n\n  # a comment\nmsdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\nmetric_without_timestamp_and_labels 12.47\nsomething_weird{problem=\"division by zero\"} +Inf -3982045\n";
        let e = ok(page, Format::Text);
        assert_eq!(e.samples.len(), 5);
        let s = &e.samples[0];
        assert_eq!(
            (s.name, s.value, s.timestamp),
            ("http_requests_total", 1027.0, Some(1395066363000.0))
        );
        assert_eq!(e.label(&e.samples[1], "code"), Some("400"));
        assert_eq!(e.label(&e.samples[2], "path"), Some(r"C:\DIR\FILE.TXT"));
        assert_eq!(
            e.label(&e.samples[2], "error"),
            Some("Cannot find file:\n\"FILE.TXT\"")
        );
        assert_eq!(e.samples[4].value, f64::INFINITY);
        let fam = &e.families["http_requests_total"];
        assert_eq!(fam.kind, Some(MetricType::Counter));
        assert_eq!(fam.help.as_deref(), Some("Requests, \\ and \n lines."));
    }

    #[test]
    fn histograms_and_summaries() {
        let page = "# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 3\nh_sum 2.5\nh_count 3\n# TYPE s summary\ns{quantile=\"0.99\"} 0.2\ns_sum 1\ns_count 4\n";
        let e = ok(page, Format::Text);
        assert_eq!(e.samples.len(), 7);
        // Like expfmt, the text format takes these; OpenMetrics does not.
        ok("# TYPE h histogram\nh_bucket 1\n", Format::Text);
        assert!(
            bad(
                "# TYPE h histogram\nh_bucket 1\n# EOF\n",
                Format::OpenMetrics
            )
            .contains("no `le` label")
        );
        assert!(
            bad("# TYPE s summary\ns 1\n# EOF\n", Format::OpenMetrics)
                .contains("no `quantile` label")
        );
        assert!(
            bad("# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", Format::Text)
                .contains("not a number")
        );
    }

    #[test]
    fn text_format_errors_say_where() {
        let cases = [
            ("x 1", "1:4: the last line does not end with a line feed"),
            ("x{a=\"1\" 1\n", "1:9: expected `,` or `}` after a label"),
            (
                "x{a=1} 1\n",
                "1:5: expected `\"` to start the value of label a",
            ),
            ("x one\n", "1:3: sample value `one` is not a number"),
            ("x 1 2.5\n", "1:5: timestamp `2.5` is not an integer"),
            ("x{a=\"\\t\"} 1\n", "1:6: invalid escape sequence `\\t`"),
            (
                "x{a=\"1\",a=\"2\"} 1\n",
                "1:1: duplicate label name `a` in x",
            ),
            ("1x 1\n", "1:1: expected a metric name"),
            (
                "# TYPE x counter\n# TYPE x gauge\n",
                "2:1: second TYPE line for metric name x",
            ),
            ("# TYPE x kounter\n", "1:10: unknown metric type `kounter`"),
            (
                "x 1\n# TYPE x gauge\n",
                "2:1: metadata for x after its samples",
            ),
            ("x\n", "1:2: expected a blank before the value"),
            ("x{a=\"1} 1\n", "1:10: unterminated value of label a"),
        ];
        for (page, want) in cases {
            assert_eq!(bad(page, Format::Text), want, "{page:?}");
        }
    }

    #[test]
    fn openmetrics_rules() {
        let page = "# TYPE a_seconds counter\n# UNIT a_seconds seconds\n# HELP a_seconds A \\\"quoted\\\" help.\na_seconds_total{x=\"1\"} 1 # {trace_id=\"abc\"} 1 1520879607.789\na_seconds_created{x=\"1\"} 1520430000.123\n# TYPE i info\ni_info{version=\"1.2\"} 1\n# TYPE st stateset\nst{st=\"a\"} 1\nst{st=\"b\"} 0\n# TYPE g gauge\ng NaN 1520879607.789\n# EOF\n";
        let e = ok(page, Format::OpenMetrics);
        assert_eq!(e.samples.len(), 6);
        assert_eq!(e.exemplars, 1);
        assert_eq!(e.families["a_seconds"].unit, Some("seconds"));
        assert_eq!(
            e.families["a_seconds"].help.as_deref(),
            Some("A \"quoted\" help.")
        );
        let cases = [
            ("x 1\n", "2:1: data does not end with # EOF"),
            ("x 1\n# EOF\nx 2\n", "3:1: unexpected data after # EOF"),
            ("x  1\n# EOF\n", "1:3: more than one space between tokens"),
            (
                "# comment\n# EOF\n",
                "1:3: a comment must be `# TYPE`, `# HELP`, `# UNIT` or `# EOF`",
            ),
            ("x 1\n\n# EOF\n", "2:1: empty line in OpenMetrics"),
            (
                "# TYPE a counter\na 1\n# EOF\n",
                "2:1: a is a counter family, so its samples are named a_total, a_created",
            ),
            (
                "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n# EOF\n",
                "5:1: a continues after another family (families must not be interleaved)",
            ),
            (
                "# TYPE a untyped\n# EOF\n",
                "1:10: unknown metric type `untyped`",
            ),
            (
                "# TYPE a_seconds gauge\n# UNIT a_seconds bytes\n# EOF\n",
                "2:18: unit `bytes` is not a suffix of the metric name a_seconds",
            ),
            (
                "# TYPE g gauge\ng 1 # {a=\"b\"} 1\n# EOF\n",
                "2:5: exemplars are only allowed on counters and histogram buckets",
            ),
            (
                "# TYPE c counter\nc_total -1\n# EOF\n",
                "2:11: a counter's total must be a non-negative number",
            ),
            ("x 1\r\n# EOF\n", "1:4: carriage return in OpenMetrics"),
        ];
        for (page, want) in cases {
            assert_eq!(bad(page, Format::OpenMetrics), want, "{page:?}");
        }
    }

    #[test]
    fn numbers() {
        for (text, want) in [
            ("1", 1.0),
            ("-0.5", -0.5),
            ("1e3", 1000.0),
            ("+Inf", f64::INFINITY),
            ("-inf", f64::NEG_INFINITY),
            ("123456789012345678", 1.2345678901234568e17),
        ] {
            assert_eq!(parse_number(text, Format::Text), Some(want), "{text}");
        }
        assert!(parse_number("NaN", Format::Text).unwrap().is_nan());
        for text in ["", "one", "0x10", "1_000", "--1"] {
            assert_eq!(parse_number(text, Format::Text), None, "{text}");
        }
    }
}
