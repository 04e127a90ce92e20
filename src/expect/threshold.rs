//! Comparisons written as `< 300ms`, `>= 2`, `> 14d`, `== 0`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

use crate::units::{parse_duration, write_duration};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }

    /// The comparison that holds exactly when this one does not.
    pub fn negated(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Ge,
            CmpOp::Le => CmpOp::Gt,
            CmpOp::Gt => CmpOp::Le,
            CmpOp::Ge => CmpOp::Lt,
            CmpOp::Eq => CmpOp::Ne,
            CmpOp::Ne => CmpOp::Eq,
        }
    }

    pub fn holds<T: PartialOrd>(self, actual: &T, limit: &T) -> bool {
        match self {
            CmpOp::Lt => actual < limit,
            CmpOp::Le => actual <= limit,
            CmpOp::Gt => actual > limit,
            CmpOp::Ge => actual >= limit,
            CmpOp::Eq => actual == limit,
            CmpOp::Ne => actual != limit,
        }
    }

    /// Whether `text` starts with a comparison.
    pub fn starts(text: &str) -> bool {
        CmpOp::split(text).is_some()
    }

    /// Splits `<= 5s` into the operator and the rest.
    fn split(text: &str) -> Option<(CmpOp, &str)> {
        let t = text.trim_start();
        for (prefix, op) in [
            ("<=", CmpOp::Le),
            (">=", CmpOp::Ge),
            ("==", CmpOp::Eq),
            ("!=", CmpOp::Ne),
            ("<", CmpOp::Lt),
            (">", CmpOp::Gt),
        ] {
            if let Some(rest) = t.strip_prefix(prefix) {
                return Some((op, rest.trim()));
            }
        }
        None
    }
}

/// A comparison against a fixed limit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Threshold<T> {
    pub op: CmpOp,
    pub limit: T,
}

impl<T: PartialOrd> Threshold<T> {
    pub fn holds(&self, actual: &T) -> bool {
        self.op.holds(actual, &self.limit)
    }

    /// The threshold that holds exactly when this one does not (`> 1s` becomes `<= 1s`).
    pub fn negated(self) -> Threshold<T> {
        Threshold {
            op: self.op.negated(),
            limit: self.limit,
        }
    }
}

const OPERATOR_HELP: &str = "start with a comparison: <, <=, >, >=, == or !=";

impl Threshold<Duration> {
    pub fn parse_duration(text: &str) -> Result<Self, String> {
        let (op, rest) = CmpOp::split(text).ok_or_else(|| {
            format!(
                "`{}` has no comparison; {OPERATOR_HELP} (e.g. `< 300ms`)",
                text.trim()
            )
        })?;
        Ok(Threshold {
            op,
            limit: parse_duration(rest)?,
        })
    }
}

impl Threshold<f64> {
    pub fn parse_number(text: &str) -> Result<Self, String> {
        Threshold::parse_with(text, |rest| {
            rest.parse::<f64>()
                .map_err(|_| format!("`{rest}` is not a number"))
        })
    }

    /// A comparison whose limit `limit` reads (a number, a size, a percentage).
    pub fn parse_with(
        text: &str,
        limit: impl Fn(&str) -> Result<f64, String>,
    ) -> Result<Self, String> {
        let (op, rest) = CmpOp::split(text).ok_or_else(|| {
            format!(
                "`{}` has no comparison; {OPERATOR_HELP} (e.g. `< 4`)",
                text.trim()
            )
        })?;
        Ok(Threshold {
            op,
            limit: limit(rest)?,
        })
    }
}

impl fmt::Display for Threshold<Duration> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.op.symbol(), write_duration(self.limit))
    }
}

impl fmt::Display for Threshold<f64> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.op.symbol(), self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_compares() {
        let t = Threshold::parse_duration("< 300ms").unwrap();
        assert!(t.holds(&Duration::from_millis(299)));
        assert!(!t.holds(&Duration::from_millis(300)));
        assert_eq!(t.to_string(), "< 300ms");
        let t = Threshold::parse_duration(">=14d").unwrap();
        assert_eq!(t.op, CmpOp::Ge);
        assert!(
            Threshold::parse_duration("300ms")
                .unwrap_err()
                .contains("no comparison")
        );
        assert!(Threshold::parse_number("== 0").unwrap().holds(&0.0));
    }
}
