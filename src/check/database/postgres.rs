//! PostgreSQL's frontend/backend protocol 3.0: `SSLRequest` (with `tls`), the startup message,
//! a login by cleartext, MD5 or SCRAM-SHA-256 password, and the simple query protocol.
//!
//! Without `user`, the probe does what `pg_isready` does: it starts a session and reads the
//! server's first answer. An authentication request, or any error but "cannot connect now"
//! (`57P03`: starting up, shutting down, in recovery), is a server accepting connections.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::auth::{Scram, md5_password};
use super::{Conn, Learned, Settings, auth_error, io_error, protocol_error};
use crate::check::net::{Phase, Progress};
use crate::check::{CheckError, ErrorKind};
use crate::expect::ServerState;

/// Longest message read; the server's are far smaller unless a query returns large rows.
const MAX_MESSAGE: usize = 64 << 20;
const SSL_REQUEST: i32 = 80_877_103;
const PROTOCOL_3_0: i32 = 196_608;
/// The user a credential-less probe names, as `pg_isready` names the operating system's.
const PING_USER: &str = "probekit";

/// One backend message: its type byte and body.
struct Message {
    tag: u8,
    body: Vec<u8>,
}

/// An `ErrorResponse`'s fields that matter here.
struct ServerError {
    code: String,
    message: String,
}

pub(super) async fn converse(
    s: &Settings<'_>,
    mut stream: TcpStream,
    progress: &mut Progress,
    learned: &mut Learned,
) -> Result<(), CheckError> {
    if s.check.tls.is_some() {
        progress.phase = Phase::Tls;
        let mut request = Vec::new();
        request.extend_from_slice(&8i32.to_be_bytes());
        request.extend_from_slice(&SSL_REQUEST.to_be_bytes());
        stream
            .write_all(&request)
            .await
            .map_err(|e| io_error("asking for TLS", &e))?;
        let mut answer = [0u8; 1];
        stream
            .read_exact(&mut answer)
            .await
            .map_err(|e| io_error("asking for TLS", &e))?;
        match answer[0] {
            b'S' => {}
            // `tls: prefer`: on in plain, as libpq's `sslmode=prefer`.
            b'N' if s.check.tls_prefer => {
                let conn = super::Conn::Plain(stream);
                return startup(s, BufReader::new(conn), progress, learned).await;
            }
            b'N' => {
                return Err(CheckError::new(
                    ErrorKind::Tls,
                    "the server does not offer TLS (its `ssl` setting is off)",
                ));
            }
            other => {
                return Err(protocol_error(format!(
                    "unexpected answer {other:#04x} to SSLRequest (is this a postgres server?)"
                )));
            }
        }
    }
    let conn = super::start_tls(s, stream, progress, learned).await?;
    startup(s, BufReader::new(conn), progress, learned).await
}

/// The startup message and what follows it, over TLS or plain.
async fn startup(
    s: &Settings<'_>,
    mut conn: BufReader<super::Conn>,
    progress: &mut Progress,
    learned: &mut Learned,
) -> Result<(), CheckError> {
    progress.phase = Phase::FirstByte;
    let user = s.user.as_deref().unwrap_or(PING_USER);
    let mut startup = Vec::new();
    startup.extend_from_slice(&PROTOCOL_3_0.to_be_bytes());
    let mut params = vec![("user", user), ("application_name", "probekit")];
    if let Some(db) = &s.database {
        params.push(("database", db));
    }
    for (name, value) in params {
        cstring(&mut startup, name);
        cstring(&mut startup, value);
    }
    startup.push(0);
    send(&mut conn, None, &startup).await?;
    let first = read_message(&mut conn).await?;
    // The server's first answer says whether it accepts connections.
    match first.tag {
        b'R' => learned.state = Some(ServerState::Accepting),
        b'E' => {
            let error = server_error(&first.body);
            if error.code == "57P03" {
                learned.state = Some(ServerState::Rejecting);
                learned.message = error.message;
                return Ok(());
            }
            learned.state = Some(ServerState::Accepting);
            if s.user.is_none() {
                return Ok(());
            }
            return Err(login_error(&error));
        }
        _ => return Err(unexpected(&first)),
    }
    if s.user.is_none() {
        // `pg_isready` leaves here too: the server logs nothing for a client that goes away
        // before it logs in.
        return Ok(());
    }
    login(s, &mut conn, first).await?;
    learned.authenticated = true;
    // ParameterStatus messages up to ReadyForQuery.
    loop {
        let m = read_message(&mut conn).await?;
        match m.tag {
            b'S' => {
                let mut fields = m.body.split(|b| *b == 0);
                if fields.next() == Some(b"server_version") {
                    learned.server_version =
                        String::from_utf8_lossy(fields.next().unwrap_or_default()).into_owned();
                }
            }
            b'K' | b'N' => {}
            b'Z' => break,
            b'E' => return Err(login_error(&server_error(&m.body))),
            _ => return Err(unexpected(&m)),
        }
    }
    if let Some(query) = &s.query {
        progress.phase = Phase::Transfer;
        let mut body = Vec::new();
        cstring(&mut body, query);
        send(&mut conn, Some(b'Q'), &body).await?;
        query_result(s, &mut conn, query, learned).await?;
    }
    let _ = send(&mut conn, Some(b'X'), &[]).await;
    let _ = conn.get_mut().shutdown().await;
    Ok(())
}

/// Answers the authentication requests until the server says `AuthenticationOk`.
async fn login(
    s: &Settings<'_>,
    conn: &mut BufReader<Conn>,
    first: Message,
) -> Result<(), CheckError> {
    let password = || {
        s.password.as_deref().ok_or_else(|| {
            auth_error("the server asks for a password; set `password` (e.g. `${PGPASSWORD}`)")
        })
    };
    let mut m = first;
    let mut scram: Option<Scram> = None;
    loop {
        match m.tag {
            b'R' => {}
            b'E' => return Err(login_error(&server_error(&m.body))),
            _ => return Err(unexpected(&m)),
        }
        let code = be_i32(&m.body, 0).ok_or_else(|| unexpected(&m))?;
        let rest = &m.body[4..];
        match code {
            // A SCRAM exchange ends with the server's proof (code 12) before this.
            0 if scram.as_ref().is_some_and(|s| !s.verified()) => {
                return Err(auth_error(
                    "the server accepted the login without proving it knows the password (no SCRAM server signature)",
                ));
            }
            0 => return Ok(()),
            3 => {
                let mut body = Vec::new();
                cstring(&mut body, password()?);
                send(conn, Some(b'p'), &body).await?;
            }
            5 => {
                let salt: [u8; 4] = rest
                    .get(..4)
                    .and_then(|s| s.try_into().ok())
                    .ok_or_else(|| unexpected(&m))?;
                let user = s.user.as_deref().unwrap_or(PING_USER);
                let mut body = Vec::new();
                cstring(&mut body, &md5_password(user, password()?, &salt));
                send(conn, Some(b'p'), &body).await?;
            }
            10 => {
                let mechanisms: Vec<&[u8]> = rest.split(|b| *b == 0).collect();
                if !mechanisms.contains(&&b"SCRAM-SHA-256"[..]) {
                    return Err(auth_error(format!(
                        "the server offers only SASL mechanisms {} ; probekit speaks SCRAM-SHA-256",
                        String::from_utf8_lossy(rest).replace('\0', " ").trim()
                    )));
                }
                let state = Scram::new(password()?);
                let first = state.client_first();
                let mut body = Vec::new();
                cstring(&mut body, "SCRAM-SHA-256");
                body.extend_from_slice(&(first.len() as i32).to_be_bytes());
                body.extend_from_slice(first.as_bytes());
                send(conn, Some(b'p'), &body).await?;
                scram = Some(state);
            }
            11 => {
                let state = scram.as_mut().ok_or_else(|| unexpected(&m))?;
                let server_first = String::from_utf8_lossy(rest).into_owned();
                let fin = state.client_final(&server_first).map_err(auth_error)?;
                send(conn, Some(b'p'), fin.as_bytes()).await?;
            }
            12 => {
                let state = scram.as_mut().ok_or_else(|| unexpected(&m))?;
                state
                    .verify_server(&String::from_utf8_lossy(rest))
                    .map_err(auth_error)?;
            }
            other => {
                return Err(auth_error(format!(
                    "the server asks for an authentication probekit does not speak (code {other}: Kerberos, GSSAPI or SSPI)"
                )));
            }
        }
        m = read_message(conn).await?;
    }
}

/// The rows of a simple query, as `psql -tA` prints them: columns joined by `|`, rows by
/// newlines, NULL as nothing.
async fn query_result(
    s: &Settings<'_>,
    conn: &mut BufReader<Conn>,
    query: &str,
    learned: &mut Learned,
) -> Result<(), CheckError> {
    let mut failed: Option<ServerError> = None;
    let mut rows = 0usize;
    learned.push_result(b"", s.check.max_response);
    loop {
        let m = read_message(conn).await?;
        match m.tag {
            b'D' => {
                let mut line = Vec::new();
                if rows > 0 {
                    line.push(b'\n');
                }
                let columns = be_i16(&m.body, 0).ok_or_else(|| unexpected(&m))?;
                let mut at = 2;
                for c in 0..columns {
                    if c > 0 {
                        line.push(b'|');
                    }
                    let len = be_i32(&m.body, at).ok_or_else(|| unexpected(&m))?;
                    at += 4;
                    if len >= 0 {
                        let end = at + len as usize;
                        let value = m.body.get(at..end).ok_or_else(|| unexpected(&m))?;
                        line.extend_from_slice(value);
                        at = end;
                    }
                }
                learned.push_result(&line, s.check.max_response);
                rows += 1;
            }
            b'E' => failed = Some(server_error(&m.body)),
            b'Z' => break,
            // RowDescription, CommandComplete, EmptyQueryResponse, notices.
            b'T' | b'C' | b'I' | b'N' | b'S' => {}
            _ => return Err(unexpected(&m)),
        }
    }
    match failed {
        Some(e) => Err(protocol_error(format!(
            "`{query}` failed: {} ({})",
            e.message, e.code
        ))),
        None => Ok(()),
    }
}

fn login_error(e: &ServerError) -> CheckError {
    // Class 28: invalid authorization; 3D000: no such database; 53300: too many connections.
    if e.code.starts_with("28") {
        auth_error(format!("the server refused the login: {}", e.message))
    } else {
        CheckError::new(
            ErrorKind::Protocol,
            format!("the server refused the session: {} ({})", e.message, e.code),
        )
    }
}

fn unexpected(m: &Message) -> CheckError {
    protocol_error(format!(
        "unexpected message `{}` from the server (is this a postgres server?)",
        char::from(m.tag).escape_default()
    ))
}

fn server_error(body: &[u8]) -> ServerError {
    let mut e = ServerError {
        code: String::new(),
        message: String::new(),
    };
    for field in body.split(|b| *b == 0) {
        if let Some((kind, value)) = field.split_first() {
            let value = String::from_utf8_lossy(value).into_owned();
            match kind {
                b'C' => e.code = value,
                b'M' => e.message = value,
                _ => {}
            }
        }
    }
    e
}

fn cstring(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(text.as_bytes());
    out.push(0);
}

fn be_i32(bytes: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn be_i16(bytes: &[u8], at: usize) -> Option<i16> {
    Some(i16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

/// Writes a message: its type byte (none for the startup message), length, body.
async fn send(conn: &mut BufReader<Conn>, tag: Option<u8>, body: &[u8]) -> Result<(), CheckError> {
    let mut out = Vec::with_capacity(body.len() + 5);
    out.extend(tag);
    out.extend_from_slice(&(body.len() as i32 + 4).to_be_bytes());
    out.extend_from_slice(body);
    conn.get_mut()
        .write_all(&out)
        .await
        .map_err(|e| io_error("sending to the server", &e))
}

async fn read_message<R: AsyncRead + Unpin>(conn: &mut R) -> Result<Message, CheckError> {
    let mut head = [0u8; 5];
    conn.read_exact(&mut head).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            protocol_error("the server closed the connection without answering")
        } else {
            io_error("reading from the server", &e)
        }
    })?;
    let len = i32::from_be_bytes([head[1], head[2], head[3], head[4]]);
    if !(4..=MAX_MESSAGE as i32).contains(&len) {
        return Err(protocol_error(format!(
            "the server sent a message of {len} bytes (is this a postgres server?)"
        )));
    }
    let mut body = vec![0u8; len as usize - 4];
    conn.read_exact(&mut body)
        .await
        .map_err(|e| io_error("reading from the server", &e))?;
    Ok(Message { tag: head[0], body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refuses_hostile_messages() {
        let mut huge: &[u8] = b"R\x7f\xff\xff\xff";
        assert!(read_message(&mut huge).await.is_err());
        let mut short: &[u8] = b"R\x00\x00\x00\x08\x00";
        assert!(read_message(&mut short).await.is_err());
        let mut http: &[u8] = b"HTTP/1.1 400 Bad Request\r\n";
        assert!(read_message(&mut http).await.is_err());
    }

    #[test]
    fn reads_error_fields() {
        let e = server_error(b"SFATAL\0C57P03\0Mthe database system is starting up\0\0");
        assert_eq!(e.code, "57P03");
        assert_eq!(e.message, "the database system is starting up");
    }
}
