//! `give_up_on`: the failures of an HTTP request, once sent, that end a probe's retries or
//! its wait at once.

use serde::{Deserialize, Serialize};

/// How an HTTP request failed once it was sent (what the HTTP check says of its error).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AfterSent {
    /// No response, or not all of it, within the timeout.
    ResponseTimeout,
    /// The connection closed or failed before a response head.
    NoResponse,
    /// What came back was not an HTTP response head.
    BadResponse,
    /// The connection closed or failed while the body was read.
    IncompleteBody,
}

impl AfterSent {
    pub const ALL: [AfterSent; 4] = [
        AfterSent::ResponseTimeout,
        AfterSent::NoResponse,
        AfterSent::BadResponse,
        AfterSent::IncompleteBody,
    ];

    /// The failure a suite names so under `give_up_on`.
    pub fn named(name: &str) -> Option<AfterSent> {
        AfterSent::ALL.into_iter().find(|f| f.name() == name)
    }

    /// As a suite writes it under `give_up_on`.
    pub fn name(self) -> &'static str {
        match self {
            AfterSent::ResponseTimeout => "response_timeout",
            AfterSent::NoResponse => "no_response",
            AfterSent::BadResponse => "bad_response",
            AfterSent::IncompleteBody => "incomplete_body",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// `give_up_on: [response_timeout, no_response]`: the failures after an HTTP request was sent
/// that end a probe's retries or wait at once, as a script's retry loop ends where the library
/// raises an error its handler does not take (urllib's `except URLError:` lets a read timeout
/// and a dropped connection through).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct GiveUp(u8);

// `--dump-suite` shows the names a suite writes.
impl std::fmt::Debug for GiveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}

// Written as the names a suite uses (`--dump-suite` shows them so).
impl Serialize for GiveUp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // (A sequence of known length: postcard writes it first.)
        self.names().collect::<Vec<_>>().serialize(s)
    }
}

impl<'de> Deserialize<'de> for GiveUp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<GiveUp, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        names.iter().try_fold(GiveUp::default(), |g, name| {
            AfterSent::named(name).map(|f| g.with(f)).ok_or_else(|| {
                serde::de::Error::custom(format!("`{name}` is no failure to give up on"))
            })
        })
    }
}

impl GiveUp {
    pub fn with(self, failure: AfterSent) -> GiveUp {
        GiveUp(self.0 | failure.bit())
    }

    pub fn contains(self, failure: AfterSent) -> bool {
        self.0 & failure.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The names of the failures it holds, in the order `AfterSent::ALL` gives them.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        AfterSent::ALL
            .into_iter()
            .filter(move |f| self.contains(*f))
            .map(AfterSent::name)
    }
}
