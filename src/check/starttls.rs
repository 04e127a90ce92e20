//! STARTTLS: the plain-text exchange that turns a connection into one ready for the TLS
//! handshake, for the protocols `tls` probes know (`openssl s_client -starttls`'s).
//!
//! Each exchange reads at most [`MAX_REPLY`] bytes of the server's lines and ends at the
//! probe's deadline; a server that refuses says so in the error, in its own words.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

use super::{CheckError, ErrorKind};
use crate::suite::StartTls;

/// Bytes of plain-text replies read at most before the handshake.
const MAX_REPLY: usize = 16 << 10;

/// PostgreSQL's SSLRequest: length 8, code 80877103.
const PG_SSL_REQUEST: [u8; 8] = [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f];

/// LDAP's StartTLS extended request (message id 1, OID 1.3.6.1.4.1.1466.20037).
const LDAP_START_TLS: &[u8] = b"\x30\x1d\x02\x01\x01\x77\x18\x80\x161.3.6.1.4.1.1466.20037";

fn refused(proto: StartTls, said: &[u8]) -> CheckError {
    let text = String::from_utf8_lossy(said);
    CheckError::new(
        ErrorKind::Protocol,
        format!(
            "the server did not start TLS ({}): {}",
            proto.as_str(),
            crate::expect::snippet(text.trim())
        ),
    )
}

fn io(e: std::io::Error) -> CheckError {
    CheckError::new(
        ErrorKind::Io,
        format!("before TLS: {}", super::net::describe_io(&e)),
    )
}

/// Runs the exchange for `proto` on `stream`, which is then ready for the TLS handshake.
pub async fn start(
    stream: &mut TcpStream,
    proto: StartTls,
    deadline: Instant,
) -> Result<(), CheckError> {
    let exchange = async {
        match proto {
            StartTls::Smtp => {
                // The greeting (220, perhaps over several lines), EHLO, then STARTTLS.
                let greeting = read_reply(stream, Line::Smtp).await?;
                expect_code(proto, &greeting, b"220")?;
                stream.write_all(b"EHLO probekit\r\n").await.map_err(io)?;
                let ehlo = read_reply(stream, Line::Smtp).await?;
                expect_code(proto, &ehlo, b"250")?;
                stream.write_all(b"STARTTLS\r\n").await.map_err(io)?;
                let go = read_reply(stream, Line::Smtp).await?;
                expect_code(proto, &go, b"220")
            }
            StartTls::Imap => {
                let greeting = read_reply(stream, Line::One).await?;
                expect_code(proto, &greeting, b"* OK")?;
                stream.write_all(b"pk1 STARTTLS\r\n").await.map_err(io)?;
                let go = read_reply(stream, Line::Tagged(b"pk1 ")).await?;
                let last = go.rsplit(|b| *b == b'\n').find(|l| !l.is_empty());
                if last.is_some_and(|l| l.starts_with(b"pk1 OK")) {
                    Ok(())
                } else {
                    Err(refused(proto, &go))
                }
            }
            StartTls::Pop3 => {
                let greeting = read_reply(stream, Line::One).await?;
                expect_code(proto, &greeting, b"+OK")?;
                stream.write_all(b"STLS\r\n").await.map_err(io)?;
                let go = read_reply(stream, Line::One).await?;
                expect_code(proto, &go, b"+OK")
            }
            StartTls::Postgres => {
                stream.write_all(&PG_SSL_REQUEST).await.map_err(io)?;
                let mut answer = [0u8; 1];
                stream.read_exact(&mut answer).await.map_err(io)?;
                match answer[0] {
                    b'S' => Ok(()),
                    b'N' => Err(refused(proto, b"N: the server does not offer TLS")),
                    other => Err(refused(proto, &[other])),
                }
            }
            StartTls::Ldap => {
                stream.write_all(LDAP_START_TLS).await.map_err(io)?;
                let reply = read_ber(stream).await?;
                match ldap_result_code(&reply) {
                    Some(0) => Ok(()),
                    Some(code) => Err(refused(
                        proto,
                        format!("extended response with result code {code}").as_bytes(),
                    )),
                    None => Err(refused(
                        proto,
                        b"an answer that is not an LDAP extended response",
                    )),
                }
            }
        }
    };
    tokio::time::timeout_at(deadline, exchange)
        .await
        .map_err(|_| {
            CheckError::new(
                ErrorKind::Timeout,
                format!("timed out in the {} STARTTLS exchange", proto.as_str()),
            )
        })?
}

fn expect_code(proto: StartTls, reply: &[u8], code: &[u8]) -> Result<(), CheckError> {
    // The last line of a multi-line SMTP reply carries the final code.
    let last = reply
        .split(|b| *b == b'\n')
        .rfind(|l| !l.trim_ascii().is_empty())
        .unwrap_or(reply);
    if last.starts_with(code) {
        Ok(())
    } else {
        Err(refused(proto, reply))
    }
}

/// Where a reply ends.
#[derive(Clone, Copy)]
enum Line {
    /// One line.
    One,
    /// SMTP: lines `250-…` continue, `250 …` ends.
    Smtp,
    /// IMAP: untagged lines, then the line with this tag.
    Tagged(&'static [u8]),
}

async fn read_reply(stream: &mut TcpStream, until: Line) -> Result<Vec<u8>, CheckError> {
    let mut reply = Vec::new();
    let mut byte = [0u8; 1];
    let mut line_start = 0;
    loop {
        if reply.len() >= MAX_REPLY {
            return Err(CheckError::new(
                ErrorKind::Protocol,
                format!("the server's reply before TLS passed {MAX_REPLY} bytes"),
            ));
        }
        // One byte at a time: nothing of the TLS handshake that follows may be read here.
        let n = stream.read(&mut byte).await.map_err(io)?;
        if n == 0 {
            return Err(CheckError::new(
                ErrorKind::Protocol,
                format!(
                    "the server closed the connection before TLS{}",
                    if reply.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " after: {}",
                            crate::expect::snippet(String::from_utf8_lossy(&reply).trim())
                        )
                    }
                ),
            ));
        }
        reply.push(byte[0]);
        if byte[0] != b'\n' {
            continue;
        }
        let line = &reply[line_start..];
        let done = match until {
            Line::One => true,
            Line::Smtp => line.get(3) != Some(&b'-'),
            Line::Tagged(tag) => line.starts_with(tag),
        };
        if done {
            return Ok(reply);
        }
        line_start = reply.len();
    }
}

/// One BER element (an LDAP message), its length read from its header.
async fn read_ber(stream: &mut TcpStream) -> Result<Vec<u8>, CheckError> {
    let mut head = [0u8; 2];
    stream.read_exact(&mut head).await.map_err(io)?;
    let mut msg = head.to_vec();
    let len = if head[1] & 0x80 == 0 {
        usize::from(head[1])
    } else {
        let octets = usize::from(head[1] & 0x7f);
        if octets == 0 || octets > 3 {
            return Err(refused(StartTls::Ldap, b"an unreadable BER length"));
        }
        let mut bytes = vec![0u8; octets];
        stream.read_exact(&mut bytes).await.map_err(io)?;
        msg.extend_from_slice(&bytes);
        bytes.iter().fold(0usize, |n, b| (n << 8) | usize::from(*b))
    };
    if len > MAX_REPLY {
        return Err(refused(StartTls::Ldap, b"an oversized LDAP message"));
    }
    let mut body = vec![0u8; len];
    stream.read_exact(&mut body).await.map_err(io)?;
    msg.extend_from_slice(&body);
    Ok(msg)
}

/// The resultCode of an ExtendedResponse: `30 L 02 l id 78 L 0a 01 CODE …`.
fn ldap_result_code(msg: &[u8]) -> Option<u8> {
    let mut i = 0;
    let skip_header = |i: &mut usize| -> Option<()> {
        let len = *msg.get(*i + 1)?;
        *i += 2 + if len & 0x80 != 0 {
            usize::from(len & 0x7f)
        } else {
            0
        };
        Some(())
    };
    (msg.first()? == &0x30).then_some(())?;
    skip_header(&mut i)?;
    // The message id: an INTEGER.
    (msg.get(i)? == &0x02).then_some(())?;
    i += 2 + usize::from(*msg.get(i + 1)?);
    (msg.get(i)? == &0x78).then_some(())?;
    skip_header(&mut i)?;
    (msg.get(i)? == &0x0a && msg.get(i + 1)? == &0x01).then_some(())?;
    msg.get(i + 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ldap_extended_responses_give_their_result_code() {
        let ok = b"\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x00\x04\x00\x04\x00";
        assert_eq!(ldap_result_code(ok), Some(0));
        let unavailable = b"\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x34\x04\x00\x04\x00";
        assert_eq!(ldap_result_code(unavailable), Some(52));
        assert_eq!(ldap_result_code(b"\x30\x03\x02\x01"), None);
        assert_eq!(ldap_result_code(b""), None);
    }

    #[test]
    fn multi_line_smtp_replies_end_at_their_last_code() {
        assert!(expect_code(StartTls::Smtp, b"250-mail\r\n250 STARTTLS\r\n", b"250").is_ok());
        let e = expect_code(StartTls::Smtp, b"454 TLS not available\r\n", b"220").unwrap_err();
        assert!(e.message.contains("454 TLS not available"), "{}", e.message);
    }
}
