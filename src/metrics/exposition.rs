//! What the parser reads from a page: samples with their labels, family metadata, and a page
//! collected whole.

use std::borrow::Cow;
use std::collections::HashMap;

use super::parse::MetricType;

/// A label of a sample. The value is borrowed unless it held an escape sequence.
#[derive(Clone, Debug, PartialEq)]
pub struct Label<'a> {
    pub name: &'a str,
    pub value: Cow<'a, str>,
}

/// One sample line of a collected [`Exposition`].
#[derive(Clone, Debug, PartialEq)]
pub struct Sample<'a> {
    pub name: &'a str,
    pub(super) labels: (u32, u32),
    pub value: f64,
    /// Milliseconds (0.0.4) or seconds (OpenMetrics) as written; `None` when absent.
    pub timestamp: Option<f64>,
    /// 1-based line of the sample.
    pub line: u32,
}

/// One sample as [`parse_each`] reads it: its labels live until the next sample.
#[derive(Clone, Copy, Debug)]
pub struct SampleRef<'s, 'a> {
    pub name: &'a str,
    pub labels: &'s [Label<'a>],
    pub value: f64,
    /// Milliseconds (0.0.4) or seconds (OpenMetrics) as written; `None` when absent.
    pub timestamp: Option<f64>,
    /// 1-based line of the sample.
    pub line: u32,
}

impl<'s> SampleRef<'s, '_> {
    /// The value of label `name`.
    pub fn label(&self, name: &str) -> Option<&'s str> {
        self.labels
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.value.as_ref())
    }
}

/// Metadata of a family from its `# TYPE`, `# HELP` and `# UNIT` lines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Family<'a> {
    pub kind: Option<MetricType>,
    pub help: Option<Cow<'a, str>>,
    pub unit: Option<&'a str>,
}

/// What a page held besides its samples.
#[derive(Debug, Default)]
pub struct Summary<'a> {
    pub families: HashMap<&'a str, Family<'a>>,
    /// Samples on the page.
    pub samples: usize,
    /// Exemplars seen (OpenMetrics); they are validated, not kept.
    pub exemplars: usize,
}

/// A parsed exposition, every sample kept.
#[derive(Debug, Default)]
pub struct Exposition<'a> {
    pub samples: Vec<Sample<'a>>,
    pub(super) labels: Vec<Label<'a>>,
    pub families: HashMap<&'a str, Family<'a>>,
    /// Exemplars seen (OpenMetrics); they are validated, not kept.
    pub exemplars: usize,
}

impl<'a> Exposition<'a> {
    pub fn labels(&self, sample: &Sample<'a>) -> &[Label<'a>] {
        &self.labels[sample.labels.0 as usize..sample.labels.1 as usize]
    }

    /// The value of label `name` of `sample`.
    pub fn label(&self, sample: &Sample<'a>, name: &str) -> Option<&str> {
        self.view(sample).label(name)
    }

    /// `sample` as [`parse_each`] would have shown it.
    pub fn view<'s>(&'s self, sample: &Sample<'a>) -> SampleRef<'s, 'a> {
        SampleRef {
            name: sample.name,
            labels: self.labels(sample),
            value: sample.value,
            timestamp: sample.timestamp,
            line: sample.line,
        }
    }

    /// Every sample, in page order.
    pub fn iter(&self) -> impl Iterator<Item = SampleRef<'_, 'a>> {
        self.samples.iter().map(|s| self.view(s))
    }
}
