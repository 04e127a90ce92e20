//! Expectations whose value names `${VAR}`: the expected status, a text to find, a threshold,
//! read when the probe runs from the caller's argument or the environment (a plugin's `-w 80
//! -c 90`, a wait script's `EXPECTED_STATUS`), then read as the rule it stands for. Until then
//! the rule is kept as written ([`LateRule`]); [`Expect::bind`] makes it an ordinary rule, and
//! a value that does not read as one (`abc` for a status) is the probe's `config` error.

use serde::{Deserialize, Serialize};

use super::{Expect, JsonTest, StatusSet, TextExpect, TextRule, ValueCheck};
use crate::pattern::{JsonPath, Regex};

/// Reads a value as written (`${code:-200}`) into its text now, with those of the values it
/// read that are secrets; or says why it cannot (an unset variable).
pub type Resolve<'a> = &'a dyn Fn(&str) -> Result<(String, Vec<String>), String>;

/// A rule written with `${…}` in its value, and where it goes once read.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LateRule {
    pub place: LatePlace,
    /// The value as written, in the suite's `${…}` syntax (`${code:-200}`, `> ${warning}`),
    /// checked when the suite loaded.
    pub text: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum LatePlace {
    /// `status`: codes and classes, separated by commas or spaces (`200`, `200,204`, `2xx`).
    Status,
    /// `exit_code`: codes separated by commas or spaces.
    ExitCode,
    /// A rule on a text stream.
    Text { stream: Stream, rule: LateText },
    /// A measure of a probe of the machine (`used: "> ${limit:-90}%"`, `age: "< ${max}s"`),
    /// read in its unit.
    Measure { name: String, unit: super::Unit },
}

/// The text streams a rule may test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stream {
    Body,
    Stdout,
    Stderr,
    Response,
    Result,
    Content,
    Answers,
}

impl Stream {
    pub fn parse(key: &str) -> Option<Stream> {
        Some(match key {
            "body" => Stream::Body,
            "stdout" => Stream::Stdout,
            "stderr" => Stream::Stderr,
            "response" => Stream::Response,
            "result" => Stream::Result,
            "content" => Stream::Content,
            "answers" => Stream::Answers,
            _ => return None,
        })
    }

    fn rules(self, e: &mut Expect) -> &mut Vec<TextRule> {
        let slot = match self {
            Stream::Body => &mut e.body,
            Stream::Stdout => &mut e.stdout,
            Stream::Stderr => &mut e.stderr,
            Stream::Response => &mut e.response,
            Stream::Result => &mut e.result,
            Stream::Content => &mut e.content,
            Stream::Answers => &mut e.answers,
        };
        &mut slot.get_or_insert_with(TextExpect::default).0
    }
}

/// Which text rule the value is read as.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum LateText {
    Contains,
    NotContains,
    Equals,
    Trimmed,
    Matches,
    NotMatches,
    /// `number: "> ${limit}"`: what passes.
    Number,
    /// A level of a graded `number` (`{warning: "> ${w}"}`): the comparison that raises it,
    /// so what passes is its negation.
    NumberLevel,
    /// `lines: "< ${n}"`, or `{matching: RE, count: …}` with the regex as written (read when
    /// the probe runs too, where it names `${…}`).
    Lines {
        matching: Option<String>,
        /// A regex of lines not counted, as written (it names no `${…}`).
        excluding: Option<String>,
    },
    /// A `field` rule's `number` (its line regex as written).
    Field {
        line: Option<String>,
        index: usize,
        separator: Option<String>,
    },
    /// A `json` rule at a path (its JSONPath text as the loader wrote it in full).
    Json {
        path: String,
        test: LateJson,
    },
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub enum LateJson {
    /// The value as `jq -r` prints it (a string bare, anything else as JSON) is the text: what
    /// an argument or an environment variable holds is text, whatever the document's type.
    Equals,
    NotEquals,
    Value,
    Length,
    Matches,
}

impl Expect {
    /// Whether any rule waits for a value from the caller or the environment.
    pub fn is_late(&self) -> bool {
        !self.late.is_empty() || self.warning.as_ref().is_some_and(|w| !w.late.is_empty())
    }

    /// These expectations with every `${…}` read now, through `resolve` (the caller's
    /// arguments, then the environment). The values read become ordinary rules at the end of
    /// their stream's; `secrets` receives those `resolve` says are secrets.
    pub fn bind(&self, resolve: Resolve<'_>, secrets: &mut Vec<String>) -> Result<Expect, String> {
        let mut e = self.clone();
        for rule in std::mem::take(&mut e.late) {
            rule.bind_into(&mut e, resolve, secrets)?;
        }
        if let Some(w) = &mut e.warning {
            for rule in std::mem::take(&mut w.late) {
                // A graded level written for the warning goes with the warnings.
                rule.bind_into(w, resolve, secrets)?;
            }
        }
        Ok(e)
    }
}

impl LateRule {
    fn bind_into(
        &self,
        e: &mut Expect,
        resolve: Resolve<'_>,
        secrets: &mut Vec<String>,
    ) -> Result<(), String> {
        let (v, secret) = resolve(&self.text)?;
        secrets.extend(secret);
        let field = self.field();
        let wrong = |why: String| format!("`{field}: {}` gave `{v}`: {why}", self.text);
        match &self.place {
            LatePlace::Status => {
                let mut set = Vec::new();
                for word in words(&v) {
                    set.push(StatusSet::parse_pattern(word).map_err(wrong)?);
                }
                if set.is_empty() {
                    return Err(wrong("no status".into()));
                }
                e.status = Some(StatusSet(set));
            }
            LatePlace::ExitCode => {
                let mut codes = Vec::new();
                for word in words(&v) {
                    codes.push(
                        word.parse::<i32>()
                            .map_err(|_| wrong(format!("`{word}` is not an exit code")))?,
                    );
                }
                if codes.is_empty() {
                    return Err(wrong("no exit code".into()));
                }
                e.exit_code = Some(codes);
            }
            LatePlace::Measure { name, unit } => {
                let check = if *unit == super::Unit::Count && v.trim().parse::<u64>().is_ok() {
                    ValueCheck::parse_with(&format!("== {}", v.trim()), |s| unit.parse(s))
                } else {
                    ValueCheck::parse_with(&v, |s| unit.parse(s))
                };
                e.measures.push(super::MeasureRule {
                    name: name.clone(),
                    unit: *unit,
                    check: check.map_err(wrong)?,
                });
            }
            LatePlace::Text { stream, rule } => {
                let built = match rule {
                    LateText::Contains => TextRule::Contains(v),
                    LateText::NotContains => TextRule::NotContains(v),
                    LateText::Equals => TextRule::Equals(v),
                    LateText::Trimmed => TextRule::Trimmed(v),
                    LateText::Matches => TextRule::Matches(regex(&v).map_err(wrong)?),
                    LateText::NotMatches => TextRule::NotMatches(regex(&v).map_err(wrong)?),
                    LateText::Number => TextRule::Number(ValueCheck::parse(&v).map_err(wrong)?),
                    LateText::NumberLevel => TextRule::Number(ValueCheck::Compare(
                        super::Threshold::parse_number(&v).map_err(wrong)?.negated(),
                    )),
                    LateText::Lines {
                        matching,
                        excluding,
                    } => TextRule::Lines {
                        excluding: match excluding {
                            Some(re) => Some(regex(re).map_err(wrong)?),
                            None => None,
                        },
                        matching: match matching {
                            Some(re) if re.contains("${") => {
                                let (re, secret) = resolve(re)?;
                                secrets.extend(secret);
                                Some(regex(&re).map_err(|e| {
                                    format!("`lines: {{matching: …}}` gave `{re}`: {e}")
                                })?)
                            }
                            Some(re) => Some(regex(re).map_err(wrong)?),
                            None => None,
                        },
                        check: ValueCheck::parse(&v).map_err(wrong)?,
                    },
                    LateText::Field {
                        line,
                        index,
                        separator,
                    } => TextRule::Field(super::Field {
                        line: match line {
                            Some(re) => Some(regex(re).map_err(wrong)?),
                            None => None,
                        },
                        index: *index,
                        separator: separator.clone(),
                        test: super::FieldTest::Number(ValueCheck::parse(&v).map_err(wrong)?),
                    }),
                    LateText::Json { path, test } => TextRule::Json {
                        path: JsonPath::parse(path).map_err(|e| wrong(e.to_string()))?,
                        path_text: path.clone(),
                        test: match test {
                            LateJson::Equals => JsonTest::Text(v),
                            LateJson::NotEquals => JsonTest::NotText(v),
                            LateJson::Value => {
                                JsonTest::Value(ValueCheck::parse(&v).map_err(wrong)?)
                            }
                            LateJson::Length => {
                                JsonTest::Length(ValueCheck::parse(&v).map_err(wrong)?)
                            }
                            LateJson::Matches => JsonTest::Matches(regex(&v).map_err(wrong)?),
                        },
                    },
                };
                stream.rules(e).push(built);
            }
        }
        Ok(())
    }

    /// The field as a suite writes it, for messages: `status`, `body.contains`.
    fn field(&self) -> String {
        match &self.place {
            LatePlace::Status => "status".into(),
            LatePlace::ExitCode => "exit_code".into(),
            LatePlace::Measure { name, .. } => name.clone(),
            LatePlace::Text { stream, rule } => {
                let stream = format!("{stream:?}").to_lowercase();
                let rule = match rule {
                    LateText::Contains => "contains",
                    LateText::NotContains => "not_contains",
                    LateText::Equals => "equals",
                    LateText::Trimmed => "trimmed",
                    LateText::Matches => "matches",
                    LateText::NotMatches => "not_matches",
                    LateText::Number | LateText::NumberLevel => "number",
                    LateText::Lines { .. } => "lines",
                    LateText::Field { .. } => "field",
                    LateText::Json { .. } => "json",
                };
                format!("{stream}.{rule}")
            }
        }
    }
}

/// Codes as a caller writes a list of them: `200`, `200,204`, `200 204`.
fn words(v: &str) -> impl Iterator<Item = &str> {
    v.split([',', ' ', '\t']).filter(|w| !w.is_empty())
}

fn regex(text: &str) -> Result<Regex, String> {
    crate::pattern::compile(text).map_err(|why| format!("not a regular expression ({why})"))
}
