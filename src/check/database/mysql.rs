//! MySQL and MariaDB's client/server protocol: the server's greeting, TLS by `SSLRequest`, a
//! login by `mysql_native_password` or `caching_sha2_password` (with their switch requests),
//! and `COM_QUERY`'s text result sets.
//!
//! Without `user`, the greeting is the answer, as for `mysqladmin ping`: a server that greets
//! accepts connections; one that sends an error instead (`Too many connections`, a blocked
//! host) rejects them.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::auth::{mysql_caching_sha2, mysql_native};
use super::{Learned, Settings, auth_error, io_error, protocol_error};
use crate::check::net::{Phase, Progress};
use crate::check::{CheckError, ErrorKind};
use crate::expect::ServerState;

const CLIENT_LONG_PASSWORD: u32 = 0x1;
const CLIENT_LONG_FLAG: u32 = 0x4;
const CLIENT_CONNECT_WITH_DB: u32 = 0x8;
const CLIENT_PROTOCOL_41: u32 = 0x200;
const CLIENT_SSL: u32 = 0x800;
const CLIENT_TRANSACTIONS: u32 = 0x2000;
const CLIENT_SECURE_CONNECTION: u32 = 0x8000;
const CLIENT_PLUGIN_AUTH: u32 = 0x8_0000;
/// A packet's payload is at most this; a longer one continues in the next packet.
const MAX_PAYLOAD: usize = 0xff_ffff;
/// Bytes of one logical packet read at most.
const MAX_PACKET: usize = 64 << 20;
/// utf8mb4_general_ci.
const CHARSET: u8 = 45;
const ER_ACCESS_DENIED: u16 = 1045;
/// The user a credential-less probe names (refused, most likely: the answer is not the verdict).
const PING_USER: &str = "probekit";

/// What the greeting told.
struct Greeting {
    version: String,
    capabilities: u32,
    scramble: Vec<u8>,
    plugin: String,
}

/// A connection and the sequence number of the next packet to write.
struct Wire<S> {
    conn: S,
    seq: u8,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Wire<S> {
    async fn read(&mut self) -> Result<Vec<u8>, CheckError> {
        let mut payload = Vec::new();
        loop {
            let mut head = [0u8; 4];
            self.conn.read_exact(&mut head).await.map_err(|e| {
                if e.kind() == std::io::ErrorKind::UnexpectedEof && payload.is_empty() {
                    protocol_error("the server closed the connection without answering")
                } else {
                    io_error("reading from the server", &e)
                }
            })?;
            let len = usize::from(head[0]) | usize::from(head[1]) << 8 | usize::from(head[2]) << 16;
            self.seq = head[3].wrapping_add(1);
            if payload.len() + len > MAX_PACKET {
                return Err(protocol_error(format!(
                    "the server sent a packet of more than {MAX_PACKET} bytes"
                )));
            }
            let start = payload.len();
            payload.resize(start + len, 0);
            self.conn
                .read_exact(&mut payload[start..])
                .await
                .map_err(|e| io_error("reading from the server", &e))?;
            if len < MAX_PAYLOAD {
                return Ok(payload);
            }
        }
    }

    async fn write(&mut self, payload: &[u8]) -> Result<(), CheckError> {
        let mut out = Vec::with_capacity(payload.len() + 4);
        let mut chunks = payload.chunks(MAX_PAYLOAD).peekable();
        // An empty payload, or one of an exact multiple of the maximum, ends with an empty packet.
        let ends_full = payload.len().is_multiple_of(MAX_PAYLOAD);
        loop {
            let chunk = chunks.next().unwrap_or_default();
            let len = chunk.len() as u32;
            out.extend_from_slice(&len.to_le_bytes()[..3]);
            out.push(self.seq);
            self.seq = self.seq.wrapping_add(1);
            out.extend_from_slice(chunk);
            if chunks.peek().is_none() && (!ends_full || chunk.is_empty()) {
                break;
            }
        }
        self.conn
            .write_all(&out)
            .await
            .map_err(|e| io_error("sending to the server", &e))
    }
}

pub(super) async fn converse(
    s: &Settings<'_>,
    stream: TcpStream,
    progress: &mut Progress,
    learned: &mut Learned,
) -> Result<(), CheckError> {
    progress.phase = Phase::FirstByte;
    let mut plain = Wire {
        conn: stream,
        seq: 0,
    };
    let first = plain.read().await?;
    if first.first() == Some(&0xff) {
        let (code, message) = server_error(&first);
        learned.state = Some(ServerState::Rejecting);
        learned.message = format!("{message} ({code})");
        return Ok(());
    }
    let greeting = parse_greeting(&first)?;
    learned.state = Some(ServerState::Accepting);
    learned.server_version.clone_from(&greeting.version);
    let Some(user) = &s.user else {
        // Leaving without a login would count against the host's `max_connect_errors` (and
        // block it after 100 probes): log in with no password, as `mysqladmin ping` does, and
        // take whatever answer comes; the server greeted, which is the verdict.
        let caps = CLIENT_LONG_PASSWORD
            | CLIENT_PROTOCOL_41
            | CLIENT_SECURE_CONNECTION
            | CLIENT_PLUGIN_AUTH;
        let mut login = login_head(caps);
        login.extend_from_slice(PING_USER.as_bytes());
        login.extend_from_slice(&[0, 0]);
        login.extend_from_slice(greeting.plugin.as_bytes());
        login.push(0);
        if plain.write(&login).await.is_ok()
            && let Ok(reply) = plain.read().await
            && reply.first() == Some(&0x00)
        {
            plain.seq = 0;
            let _ = plain.write(&[0x01]).await;
        }
        return Ok(());
    };
    let mut caps = CLIENT_LONG_PASSWORD
        | CLIENT_LONG_FLAG
        | CLIENT_PROTOCOL_41
        | CLIENT_TRANSACTIONS
        | CLIENT_SECURE_CONNECTION
        | CLIENT_PLUGIN_AUTH;
    if s.database.is_some() {
        caps |= CLIENT_CONNECT_WITH_DB;
    }
    if greeting.capabilities & CLIENT_PROTOCOL_41 == 0 {
        return Err(protocol_error(
            "the server speaks a protocol older than MySQL 4.1",
        ));
    }
    let seq = plain.seq;
    // `tls: prefer`: plain where the server offers no TLS, as mysql-connector-python.
    let tls =
        s.check.tls.is_some() && !(s.check.tls_prefer && greeting.capabilities & CLIENT_SSL == 0);
    let conn = if tls {
        if greeting.capabilities & CLIENT_SSL == 0 {
            return Err(CheckError::new(
                ErrorKind::Tls,
                "the server does not offer TLS (it has no certificate configured)",
            ));
        }
        caps |= CLIENT_SSL;
        plain.write(&login_head(caps)).await?;
        super::start_tls(s, plain.conn, progress, learned).await?
    } else {
        super::Conn::Plain(plain.conn)
    };
    let mut wire = Wire {
        conn: BufReader::new(conn),
        seq: if tls { seq.wrapping_add(1) } else { seq },
    };
    progress.phase = Phase::FirstByte;
    let password = s.password.as_deref().unwrap_or_default();
    let mut response = login_head(caps);
    response.extend_from_slice(user.as_bytes());
    response.push(0);
    let proof = scramble(&greeting.plugin, password, &greeting.scramble)?;
    response.push(proof.len() as u8);
    response.extend_from_slice(&proof);
    if let Some(db) = &s.database {
        response.extend_from_slice(db.as_bytes());
        response.push(0);
    }
    response.extend_from_slice(greeting.plugin.as_bytes());
    response.push(0);
    wire.write(&response).await?;
    let mut plugin = greeting.plugin.clone();
    loop {
        let reply = wire.read().await?;
        match reply.first() {
            Some(0x00) => break,
            Some(0xff) => {
                let (code, message) = server_error(&reply);
                return Err(if code == ER_ACCESS_DENIED {
                    auth_error(format!("the server refused the login: {message}"))
                } else {
                    protocol_error(format!(
                        "the server refused the session: {message} ({code})"
                    ))
                });
            }
            // AuthSwitchRequest: another plugin, with a new scramble.
            Some(0xfe) => {
                let rest = &reply[1..];
                let end = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
                plugin = String::from_utf8_lossy(&rest[..end]).into_owned();
                let data = rest.get(end + 1..).unwrap_or_default();
                let data = data.strip_suffix(&[0]).unwrap_or(data);
                wire.write(&scramble(&plugin, password, data)?).await?;
            }
            // AuthMoreData of caching_sha2_password: 3 is the fast path's success (an OK
            // follows), 4 asks for the password itself, which goes only over TLS.
            Some(0x01) if plugin == "caching_sha2_password" => match reply.get(1) {
                Some(3) => {}
                Some(4) if tls => {
                    let mut clear = password.as_bytes().to_vec();
                    clear.push(0);
                    wire.write(&clear).await?;
                }
                Some(4) => {
                    return Err(auth_error(
                        "the server wants the password itself (caching_sha2_password full authentication), which probekit sends only over TLS; set `tls: true`",
                    ));
                }
                _ => return Err(protocol_error("unexpected caching_sha2_password message")),
            },
            _ => return Err(protocol_error("unexpected answer to the login")),
        }
    }
    learned.authenticated = true;
    if let Some(query) = &s.query {
        progress.phase = Phase::Transfer;
        wire.seq = 0;
        let mut command = vec![0x03];
        command.extend_from_slice(query.as_bytes());
        wire.write(&command).await?;
        query_result(s, &mut wire, query, learned).await?;
    }
    wire.seq = 0;
    let _ = wire.write(&[0x01]).await;
    let _ = wire.conn.get_mut().shutdown().await;
    Ok(())
}

/// The fixed start of a HandshakeResponse41: capabilities, packet size, character set and
/// filler. An SSLRequest is this alone.
fn login_head(caps: u32) -> Vec<u8> {
    let mut head = Vec::with_capacity(64);
    head.extend_from_slice(&caps.to_le_bytes());
    head.extend_from_slice(&(MAX_PACKET as u32).to_le_bytes());
    head.push(CHARSET);
    head.extend_from_slice(&[0u8; 23]);
    head
}

fn scramble(plugin: &str, password: &str, data: &[u8]) -> Result<Vec<u8>, CheckError> {
    let data = data.get(..20).unwrap_or(data);
    match plugin {
        "mysql_native_password" | "" => Ok(mysql_native(password, data)),
        "caching_sha2_password" => Ok(mysql_caching_sha2(password, data)),
        other => Err(auth_error(format!(
            "the server asks for the `{other}` authentication, which probekit does not speak (it speaks mysql_native_password and caching_sha2_password)"
        ))),
    }
}

/// The rows of a text result set, as `mysql -sN` prints them: columns joined by tabs, rows by
/// newlines, NULL as `NULL`.
async fn query_result<S: AsyncRead + AsyncWrite + Unpin>(
    s: &Settings<'_>,
    wire: &mut Wire<S>,
    query: &str,
    learned: &mut Learned,
) -> Result<(), CheckError> {
    let failed = |reply: &[u8]| {
        let (code, message) = server_error(reply);
        protocol_error(format!("`{query}` failed: {message} ({code})"))
    };
    learned.push_result(b"", s.check.max_response);
    let head = wire.read().await?;
    let columns = match head.first() {
        Some(0x00) => return Ok(()),
        Some(0xff) => return Err(failed(&head)),
        Some(0xfb) => return Err(protocol_error("the server asked for a local file")),
        _ => lenenc_int(&head, &mut 0).ok_or_else(|| protocol_error("a malformed result set"))?,
    };
    for _ in 0..columns {
        wire.read().await?;
    }
    let is_eof = |p: &[u8]| p.first() == Some(&0xfe) && p.len() < 9;
    if !is_eof(&wire.read().await?) {
        return Err(protocol_error(
            "a result set without the end of its columns",
        ));
    }
    let mut rows = 0usize;
    loop {
        let row = wire.read().await?;
        if is_eof(&row) {
            return Ok(());
        }
        if row.first() == Some(&0xff) {
            return Err(failed(&row));
        }
        let mut line = Vec::new();
        if rows > 0 {
            line.push(b'\n');
        }
        let mut at = 0;
        for c in 0..columns {
            if c > 0 {
                line.push(b'\t');
            }
            if row.get(at) == Some(&0xfb) {
                line.extend_from_slice(b"NULL");
                at += 1;
                continue;
            }
            let len = lenenc_int(&row, &mut at).ok_or_else(|| protocol_error("a malformed row"))?
                as usize;
            let value = row
                .get(at..at.saturating_add(len))
                .ok_or_else(|| protocol_error("a malformed row"))?;
            // As `mysql -s` escapes them, so that columns and rows stay apart.
            for b in value {
                match b {
                    b'\t' => line.extend_from_slice(b"\\t"),
                    b'\n' => line.extend_from_slice(b"\\n"),
                    b'\\' => line.extend_from_slice(b"\\\\"),
                    0 => line.extend_from_slice(b"\\0"),
                    b => line.push(*b),
                }
            }
            at += len;
        }
        learned.push_result(&line, s.check.max_response);
        rows += 1;
    }
}

fn parse_greeting(p: &[u8]) -> Result<Greeting, CheckError> {
    let bad = || protocol_error("the server's greeting is not MySQL's (is this a mysql server?)");
    if p.first() != Some(&10) {
        return Err(bad());
    }
    let mut at = 1;
    let version = cstring(p, &mut at).ok_or_else(bad)?;
    at += 4; // connection id
    let mut scramble = p.get(at..at + 8).ok_or_else(bad)?.to_vec();
    at += 9; // and a filler
    let low = u16::from_le_bytes(
        p.get(at..at + 2)
            .ok_or_else(bad)?
            .try_into()
            .map_err(|_| bad())?,
    );
    at += 2;
    let mut capabilities = u32::from(low);
    let mut plugin = String::new();
    if p.len() > at {
        at += 3; // character set, status
        let high = u16::from_le_bytes(
            p.get(at..at + 2)
                .ok_or_else(bad)?
                .try_into()
                .map_err(|_| bad())?,
        );
        capabilities |= u32::from(high) << 16;
        at += 2;
        let data_len = usize::from(*p.get(at).ok_or_else(bad)?);
        at += 11;
        if capabilities & CLIENT_SECURE_CONNECTION != 0 {
            let n = data_len.saturating_sub(8).max(13);
            let part = p.get(at..(at + n).min(p.len())).ok_or_else(bad)?;
            scramble.extend_from_slice(part.strip_suffix(&[0]).unwrap_or(part));
            at += n;
        }
        if capabilities & CLIENT_PLUGIN_AUTH != 0 && at < p.len() {
            let rest = &p[at..];
            let end = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
            plugin = String::from_utf8_lossy(&rest[..end]).into_owned();
        }
    }
    Ok(Greeting {
        version,
        capabilities,
        scramble,
        plugin,
    })
}

/// An ERR packet's code and message (its SQL state, when present, is skipped).
fn server_error(p: &[u8]) -> (u16, String) {
    let code = p.get(1..3).map_or(0, |b| u16::from_le_bytes([b[0], b[1]]));
    let mut message = p.get(3..).unwrap_or_default();
    if message.first() == Some(&b'#') {
        message = message.get(6..).unwrap_or_default();
    }
    (code, String::from_utf8_lossy(message).into_owned())
}

fn cstring(p: &[u8], at: &mut usize) -> Option<String> {
    let rest = p.get(*at..)?;
    let end = rest.iter().position(|b| *b == 0)?;
    *at += end + 1;
    Some(String::from_utf8_lossy(&rest[..end]).into_owned())
}

fn lenenc_int(p: &[u8], at: &mut usize) -> Option<u64> {
    let first = *p.get(*at)?;
    let (width, value) = match first {
        0..=0xfa => {
            return Some({
                *at += 1;
                u64::from(first)
            });
        }
        0xfc => (2, 0),
        0xfd => (3, 0),
        0xfe => (8, 0),
        _ => return None,
    };
    let bytes = p.get(*at + 1..*at + 1 + width)?;
    *at += 1 + width;
    Some(
        bytes
            .iter()
            .rev()
            .fold(value, |acc, b| acc << 8 | u64::from(*b)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_length_encoded_integers() {
        let mut at = 0;
        assert_eq!(lenenc_int(&[0x05], &mut at), Some(5));
        at = 0;
        assert_eq!(lenenc_int(&[0xfc, 0x34, 0x12], &mut at), Some(0x1234));
        assert_eq!(at, 3);
        at = 0;
        assert_eq!(lenenc_int(&[0xfd, 1, 0], &mut at), None);
    }

    #[test]
    fn refuses_what_is_not_a_greeting() {
        assert!(parse_greeting(b"HTTP/1.1 400").is_err());
        assert!(parse_greeting(&[10, b'8', 0, 1, 2]).is_err());
        let (code, message) = server_error(b"\xff\x10\x04Too many connections");
        assert_eq!((code, message.as_str()), (1040, "Too many connections"));
        let (code, message) = server_error(b"\xff\x15\x04#28000Access denied");
        assert_eq!((code, message.as_str()), (1045, "Access denied"));
    }

    #[tokio::test]
    async fn joins_packets_of_the_maximum_size() {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&[0xff, 0xff, 0xff, 0]);
        bytes.extend(std::iter::repeat_n(b'a', MAX_PAYLOAD));
        bytes.extend_from_slice(&[2, 0, 0, 1, b'b', b'c']);
        let mut wire = Wire {
            conn: tokio::io::join(&bytes[..], tokio::io::sink()),
            seq: 0,
        };
        let p = wire.read().await.unwrap();
        assert_eq!(p.len(), MAX_PAYLOAD + 2);
        assert_eq!(wire.seq, 2);
    }
}
