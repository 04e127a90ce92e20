//! Structured logs on stderr, one line per event: logfmt (`--log-format text`) or JSON.

use std::io::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// `ts=… level=info msg="…" key=value`
    Text,
    /// One JSON object per line.
    Json,
}

#[derive(Clone, Copy, Debug)]
pub struct Logger {
    pub format: LogFormat,
}

impl Logger {
    pub fn info(&self, msg: &str, fields: &[(&str, String)]) {
        self.write("info", msg, fields);
    }

    pub fn warn(&self, msg: &str, fields: &[(&str, String)]) {
        self.write("warn", msg, fields);
    }

    pub fn error(&self, msg: &str, fields: &[(&str, String)]) {
        self.write("error", msg, fields);
    }

    fn write(&self, level: &str, msg: &str, fields: &[(&str, String)]) {
        let ts = humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string();
        let line = match self.format {
            LogFormat::Json => {
                let mut map = serde_json::Map::new();
                map.insert("ts".into(), ts.into());
                map.insert("level".into(), level.into());
                map.insert("msg".into(), msg.into());
                for (k, v) in fields {
                    map.insert((*k).into(), v.clone().into());
                }
                serde_json::Value::Object(map).to_string()
            }
            LogFormat::Text => {
                let mut line = format!("ts={ts} level={level} msg={}", logfmt(msg));
                for (k, v) in fields {
                    line.push_str(&format!(" {k}={}", logfmt(v)));
                }
                line
            }
        };
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{line}");
    }
}

/// A logfmt value: bare when it is a plain token, quoted and escaped otherwise.
fn logfmt(v: &str) -> String {
    if !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_graphic() && c != '"' && c != '=' && c != '\\')
    {
        v.to_string()
    } else {
        serde_json::to_string(v).unwrap_or_default()
    }
}
