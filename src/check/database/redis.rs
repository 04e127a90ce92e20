//! Redis over RESP2: `AUTH` (with `password`), `SELECT` (with `database`), `PING`, and the
//! probe's `query`, printed as `redis-cli` prints a reply to a pipe.

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::{Conn, Learned, Settings, auth_error, io_error, protocol_error, start_tls};
use crate::check::CheckError;
use crate::check::net::{Phase, Progress};
use crate::expect::ServerState;

/// The longest line or bulk string read; a reply announcing more is refused, not allocated.
const MAX_REPLY: usize = 64 << 20;
/// How deep arrays may nest.
const MAX_DEPTH: usize = 8;

/// One RESP2 reply.
#[derive(Debug, PartialEq)]
pub(super) enum Reply {
    Simple(String),
    Error(String),
    Integer(i64),
    Bulk(Option<Vec<u8>>),
    Array(Option<Vec<Reply>>),
}

impl Reply {
    /// As `redis-cli` prints it when its output is not a terminal: bulk strings raw, integers
    /// as numbers, a nil as an empty line, an array's elements one per line.
    fn print(&self, out: &mut Vec<u8>) {
        match self {
            Reply::Simple(s) | Reply::Error(s) => out.extend_from_slice(s.as_bytes()),
            Reply::Integer(n) => out.extend_from_slice(n.to_string().as_bytes()),
            Reply::Bulk(Some(b)) => out.extend_from_slice(b),
            Reply::Bulk(None) | Reply::Array(None) => {}
            Reply::Array(Some(items)) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b'\n');
                    }
                    item.print(out);
                }
            }
        }
    }
}

pub(super) async fn converse(
    s: &Settings<'_>,
    stream: TcpStream,
    progress: &mut Progress,
    learned: &mut Learned,
) -> Result<(), CheckError> {
    let conn = start_tls(s, stream, progress, learned).await?;
    let mut conn = BufReader::new(conn);
    progress.phase = Phase::FirstByte;
    // An empty password is none (`${REDISCLI_AUTH:-}` unset), as redis-cli takes it.
    if let Some(password) = s.password.as_deref().filter(|p| !p.is_empty()) {
        let mut auth = vec!["AUTH"];
        if let Some(user) = &s.user {
            auth.push(user);
        }
        auth.push(password);
        match call(&mut conn, &auth).await? {
            Reply::Simple(_) => learned.authenticated = true,
            Reply::Error(e) => return refusal(&e, learned),
            other => return Err(unexpected("AUTH", &other)),
        }
    }
    let ping = call(&mut conn, &["PING"]).await?;
    if s.query.is_none() {
        // Without a query, `result` is PING's reply, as `redis-cli ping` prints it.
        let mut out = Vec::new();
        ping.print(&mut out);
        learned.push_result(&out, s.check.max_response);
    }
    match ping {
        Reply::Simple(p) if p == "PONG" => learned.state = Some(ServerState::Accepting),
        // Asked without a password, a server that wants one is up and taking connections,
        // as for pg_isready (and redis-cli ping exits 0).
        Reply::Error(e) if e.starts_with("NOAUTH") && !learned.authenticated => {
            learned.state = Some(ServerState::Accepting);
            learned.message = e;
            return Ok(());
        }
        Reply::Error(e) => return refusal(&e, learned),
        other => return Err(unexpected("PING", &other)),
    }
    if let Some(db) = &s.database {
        match call(&mut conn, &["SELECT", db]).await? {
            Reply::Simple(_) => {}
            Reply::Error(e) => return Err(protocol_error(format!("SELECT {db} failed: {e}"))),
            other => return Err(unexpected("SELECT", &other)),
        }
    }
    if let Some(query) = &s.query {
        progress.phase = Phase::Transfer;
        let words = split_command(query).map_err(protocol_error)?;
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let reply = call(&mut conn, &words).await?;
        if let Reply::Error(e) = &reply {
            return Err(protocol_error(format!("`{query}` failed: {e}")));
        }
        let mut out = Vec::new();
        reply.print(&mut out);
        learned.push_result(&out, s.check.max_response);
    }
    // QUIT is for the server's sake; its answer does not matter.
    let _ = conn.get_mut().write_all(&encode(&["QUIT"])).await;
    let _ = conn.get_mut().shutdown().await;
    Ok(())
}

/// An error reply to AUTH or PING: a refused password is an `auth` error; any other is
/// a server that is up but not serving (LOADING, BUSY, MASTERDOWN…), which ends the
/// conversation and leaves the verdict to the state assertion, with the server's words.
fn refusal(error: &str, learned: &mut Learned) -> Result<(), CheckError> {
    let code = error.split_whitespace().next().unwrap_or_default();
    let lower = error.to_ascii_lowercase();
    if code == "NOAUTH" {
        return Err(auth_error(format!("the server wants a password: {error}")));
    }
    // Redis 6 and later say WRONGPASS; older ones `ERR invalid password`.
    if code == "WRONGPASS" || code == "NOPERM" || lower.contains("password") {
        return Err(auth_error(format!("the server refused the login: {error}")));
    }
    learned.state = Some(ServerState::Rejecting);
    learned.message = error.to_string();
    Ok(())
}

fn unexpected(command: &str, reply: &Reply) -> CheckError {
    protocol_error(format!("unexpected reply to {command}: {reply:?}"))
}

/// `INFO replication`, `GET "my key"`: words split at blanks, with quotes kept together.
pub(super) fn split_command(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some('\\') if c == '"' => match chars.next() {
                            Some(n) => w.push(n),
                            None => return Err(format!("unclosed quote in `{text}`")),
                        },
                        Some(other) => w.push(other),
                        None => return Err(format!("unclosed quote in `{text}`")),
                    }
                }
            }
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    if words.is_empty() {
        return Err("the query names no command".into());
    }
    Ok(words)
}

fn encode(words: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", words.len()).into_bytes();
    for w in words {
        out.extend_from_slice(format!("${}\r\n", w.len()).as_bytes());
        out.extend_from_slice(w.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

async fn call(conn: &mut BufReader<Conn>, words: &[&str]) -> Result<Reply, CheckError> {
    conn.get_mut()
        .write_all(&encode(words))
        .await
        .map_err(|e| io_error("sending a command", &e))?;
    let mut budget = MAX_REPLY;
    read_reply(conn, 0, &mut budget).await
}

/// Reads one reply of at most `budget` bytes in all (each element of an array counts one byte
/// at least): a `KEYS *` or a hostile server cannot make the probe hold more.
pub(super) async fn read_reply<R: AsyncBufRead + Unpin>(
    conn: &mut R,
    depth: usize,
    budget: &mut usize,
) -> Result<Reply, CheckError> {
    let line = read_line(conn).await?;
    let over = || protocol_error(format!("the reply is larger than {MAX_REPLY} bytes"));
    *budget = budget.checked_sub(line.len().max(1)).ok_or_else(over)?;
    // A type byte that is not ASCII is no RESP (and would not split at byte 1).
    if !line.as_bytes()[0].is_ascii() {
        return Err(protocol_error(format!(
            "`{}` is not a RESP reply (is this a redis server?)",
            crate::expect::snippet(&line)
        )));
    }
    let (kind, rest) = line.split_at(1);
    let number = || {
        rest.parse::<i64>()
            .map_err(|_| protocol_error(format!("`{line}` is not a RESP reply")))
    };
    Ok(match kind {
        "+" => Reply::Simple(rest.to_string()),
        "-" => Reply::Error(rest.to_string()),
        ":" => Reply::Integer(number()?),
        "$" => match number()? {
            -1 => Reply::Bulk(None),
            n if n < 0 || n as usize > MAX_REPLY => {
                return Err(protocol_error(format!(
                    "the server announced a string of {n} bytes"
                )));
            }
            n if n as usize > *budget => return Err(over()),
            n => {
                *budget -= n as usize;
                let mut data = vec![0u8; n as usize + 2];
                conn.read_exact(&mut data)
                    .await
                    .map_err(|e| io_error("reading a reply", &e))?;
                if !data.ends_with(b"\r\n") {
                    return Err(protocol_error("a bulk string does not end with CRLF"));
                }
                data.truncate(n as usize);
                Reply::Bulk(Some(data))
            }
        },
        "*" => match number()? {
            -1 => Reply::Array(None),
            n if n < 0 || n as usize > MAX_REPLY / 4 => {
                return Err(protocol_error(format!(
                    "the server announced an array of {n} elements"
                )));
            }
            _ if depth >= MAX_DEPTH => {
                return Err(protocol_error("arrays nested too deep"));
            }
            n => {
                let mut items = Vec::new();
                for _ in 0..n {
                    items.push(Box::pin(read_reply(conn, depth + 1, budget)).await?);
                }
                Reply::Array(Some(items))
            }
        },
        _ => {
            return Err(protocol_error(format!(
                "`{}` is not a RESP reply (is this a redis server?)",
                crate::expect::snippet(&line)
            )));
        }
    })
}

async fn read_line<R: AsyncBufRead + Unpin>(conn: &mut R) -> Result<String, CheckError> {
    let mut line = Vec::new();
    let mut limited = conn.take(MAX_REPLY as u64);
    let n = limited
        .read_until(b'\n', &mut line)
        .await
        .map_err(|e| io_error("reading a reply", &e))?;
    if n == 0 {
        return Err(protocol_error(
            "the server closed the connection without answering",
        ));
    }
    if !line.ends_with(b"\r\n") || line.len() < 3 {
        return Err(protocol_error(format!(
            "`{}` is not a RESP reply (is this a redis server?)",
            crate::expect::snippet(&String::from_utf8_lossy(&line))
        )));
    }
    line.truncate(line.len() - 2);
    String::from_utf8(line).map_err(|_| protocol_error("a reply line is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn parse(bytes: &[u8]) -> Result<Reply, CheckError> {
        let mut r = BufReader::new(bytes);
        read_reply(&mut r, 0, &mut 1000).await
    }

    #[tokio::test]
    async fn reads_every_reply_type() {
        assert_eq!(
            parse(b"+PONG\r\n").await.unwrap(),
            Reply::Simple("PONG".into())
        );
        assert_eq!(
            parse(b"-LOADING Redis is loading\r\n").await.unwrap(),
            Reply::Error("LOADING Redis is loading".into())
        );
        assert_eq!(parse(b":42\r\n").await.unwrap(), Reply::Integer(42));
        assert_eq!(parse(b"$-1\r\n").await.unwrap(), Reply::Bulk(None));
        let nested = parse(b"*2\r\n$3\r\nfoo\r\n*1\r\n:1\r\n").await.unwrap();
        let mut out = Vec::new();
        nested.print(&mut out);
        assert_eq!(out, b"foo\n1");
    }

    #[tokio::test]
    async fn refuses_hostile_replies() {
        assert!(parse(b"$999999999999\r\n").await.is_err());
        assert!(parse(b"$5\r\nab").await.is_err());
        assert!(parse(b"HTTP/1.1 400 Bad Request\r\n").await.is_err());
        assert!(parse(b"").await.is_err());
        assert!(parse("é\r\n".as_bytes()).await.is_err());
        // More than the budget in all, though each part is small.
        let wide = "*600\r\n".to_string() + &"$1\r\na\r\n".repeat(600);
        assert!(parse(wide.as_bytes()).await.is_err());
        let deep = "*1\r\n".repeat(20) + ":1\r\n";
        assert!(parse(deep.as_bytes()).await.is_err());
    }

    #[test]
    fn splits_commands_like_redis_cli() {
        assert_eq!(
            split_command(r#"GET "my key" x"#).unwrap(),
            vec!["GET", "my key", "x"]
        );
        assert!(split_command("  ").is_err());
        assert!(split_command("GET 'a").is_err());
    }
}
