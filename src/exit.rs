//! Exit statuses, and [`Failure`]: what every command returns when it cannot do its job. The
//! commands return it; one place prints it (`session::fail`, which also speaks Nagios), as suite
//! errors have one renderer. Imports nothing of the engine.

use std::fmt;

/// Every probe passed; the command did its job.
pub const EXIT_PASS: u8 = 0;
/// A probe failed, errored or was skipped; a build or an import did not succeed.
pub const EXIT_FAIL: u8 = 1;
/// The suite or the command line is wrong.
pub const EXIT_USAGE: u8 = 2;
/// The run finished but a report could not be delivered (written, pushed).
pub const EXIT_UNDELIVERED: u8 = 3;

/// A command that could not do its job: the message for the operator and the exit status that
/// says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub status: u8,
    pub message: String,
}

impl Failure {
    /// The suite or the command line is wrong (exit 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            status: EXIT_USAGE,
            message: message.into(),
        }
    }

    /// The command ran and did not succeed (exit 1).
    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            status: EXIT_FAIL,
            message: message.into(),
        }
    }
}

/// Writes a command's result to stdout. A reader that stops early (`| head`) ends the output
/// there, as it does for any Unix tool, without an error; another write error (a full disk
/// behind `>`) is a report not delivered (exit 3).
pub fn print(text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            status: EXIT_UNDELIVERED,
            message: format!("probekit: cannot write to stdout: {e}"),
        }),
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}
