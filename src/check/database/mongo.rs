//! MongoDB over OP_MSG (servers 3.6 and later): `isMaster`, which any server answers before a
//! login (its reply is the probe's `result` when it has no `query`); with `user`, a
//! SCRAM-SHA-256 or SCRAM-SHA-1 login as the drivers choose it; then the probe's `query`, a
//! command document written as JSON (`{"replSetGetStatus": 1}`), whose reply is printed as
//! JSON the way `mongosh --eval 'JSON.stringify(…)'` prints it.

use base64::{Engine as _, engine::general_purpose::STANDARD as B64};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

use super::auth::{Scram, ScramHash, mongo_sha1_password};
use super::{Learned, Settings, auth_error, io_error, protocol_error, start_tls};
use crate::check::CheckError;
use crate::check::net::{Phase, Progress};
use crate::expect::ServerState;

/// OP_MSG's code in the message header.
const OP_MSG: i32 = 2013;
/// The largest message a server sends (its `maxMessageSizeBytes`); a header announcing more
/// is refused, not allocated.
const MAX_MESSAGE: usize = 48_000_000;
/// How deep documents may nest.
const MAX_DEPTH: usize = 100;
/// The code of a refused login.
const AUTHENTICATION_FAILED: i64 = 18;

/// A BSON value: what a command is written with, and what replies hold.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Bson {
    Double(f64),
    Str(String),
    Doc(Vec<(String, Bson)>),
    Array(Vec<Bson>),
    Binary(u8, Vec<u8>),
    ObjectId([u8; 12]),
    Bool(bool),
    /// Milliseconds since the epoch.
    Date(i64),
    Null,
    Int32(i32),
    /// Seconds and increment.
    Timestamp(u32, u32),
    Int64(i64),
    /// A type a health probe has no reading for (decimal128, regular expressions, code…),
    /// printed as its name.
    Other(&'static str),
}

impl Bson {
    fn get<'a>(&'a self, key: &str) -> Option<&'a Bson> {
        match self {
            Bson::Doc(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Bson::Double(d) => Some(*d),
            Bson::Int32(i) => Some(f64::from(*i)),
            Bson::Int64(i) => Some(*i as f64),
            _ => None,
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Bson::Str(s) => Some(s),
            _ => None,
        }
    }

    /// `ok: 1` in a reply.
    fn ok(&self) -> bool {
        self.get("ok").and_then(Bson::number) == Some(1.0)
    }

    /// A refused command's words: `errmsg (codeName)`.
    fn error(&self) -> String {
        let message = self
            .get("errmsg")
            .and_then(Bson::text)
            .unwrap_or("no message");
        match self.get("codeName").and_then(Bson::text) {
            Some(name) => format!("{message} ({name})"),
            None => message.to_string(),
        }
    }

    /// As JSON, the way JavaScript's `JSON.stringify` prints a reply in mongosh: whole
    /// doubles as integers (`"ok":1`), the types JSON lacks in Extended JSON's relaxed form
    /// (`{"$oid": …}`, `{"$date": …}`, `{"$timestamp": …}`, `{"$binary": …}`).
    pub(super) fn json(&self, out: &mut String) {
        use std::fmt::Write;
        match self {
            Bson::Double(d) if !d.is_finite() => out.push_str("null"),
            Bson::Double(d) if d.fract() == 0.0 && d.abs() < 9.007_199_254_740_992e15 => {
                let _ = write!(out, "{}", *d as i64);
            }
            Bson::Double(d) => {
                let _ = write!(out, "{d}");
            }
            Bson::Str(s) => quote(s, out),
            Bson::Doc(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    quote(k, out);
                    out.push(':');
                    v.json(out);
                }
                out.push('}');
            }
            Bson::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.json(out);
                }
                out.push(']');
            }
            Bson::Binary(sub, bytes) => {
                let _ = write!(
                    out,
                    "{{\"$binary\":{{\"base64\":\"{}\",\"subType\":\"{sub:02x}\"}}}}",
                    B64.encode(bytes)
                );
            }
            Bson::ObjectId(id) => {
                out.push_str("{\"$oid\":\"");
                for b in id {
                    let _ = write!(out, "{b:02x}");
                }
                out.push_str("\"}");
            }
            Bson::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Bson::Date(ms) => {
                let _ = write!(out, "{{\"$date\":{ms}}}");
            }
            Bson::Null => out.push_str("null"),
            Bson::Int32(i) => {
                let _ = write!(out, "{i}");
            }
            Bson::Timestamp(t, i) => {
                let _ = write!(out, "{{\"$timestamp\":{{\"t\":{t},\"i\":{i}}}}}");
            }
            Bson::Int64(i) => {
                let _ = write!(out, "{i}");
            }
            Bson::Other(name) => quote(&format!("<{name}>"), out),
        }
    }
}

fn quote(text: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into()));
}

/// A document, encoded.
fn encode(entries: &[(&str, Bson)]) -> Vec<u8> {
    let mut out = Vec::new();
    write_doc(entries, &mut out);
    out
}

fn write_doc<K: AsRef<str>>(entries: &[(K, Bson)], out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(&[0; 4]);
    for (key, value) in entries {
        write_element(key.as_ref(), value, out);
    }
    out.push(0);
    let len = (out.len() - start) as i32;
    out[start..start + 4].copy_from_slice(&len.to_le_bytes());
}

fn write_cstring(text: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(text.as_bytes());
    out.push(0);
}

fn write_element(key: &str, value: &Bson, out: &mut Vec<u8>) {
    let tag: u8 = match value {
        Bson::Double(_) => 0x01,
        Bson::Str(_) => 0x02,
        Bson::Doc(_) => 0x03,
        Bson::Array(_) => 0x04,
        Bson::Binary(..) => 0x05,
        Bson::ObjectId(_) => 0x07,
        Bson::Bool(_) => 0x08,
        Bson::Date(_) => 0x09,
        Bson::Null | Bson::Other(_) => 0x0A,
        Bson::Int32(_) => 0x10,
        Bson::Timestamp(..) => 0x11,
        Bson::Int64(_) => 0x12,
    };
    out.push(tag);
    write_cstring(key, out);
    match value {
        Bson::Double(d) => out.extend_from_slice(&d.to_le_bytes()),
        Bson::Str(s) => {
            out.extend_from_slice(&((s.len() + 1) as i32).to_le_bytes());
            write_cstring(s, out);
        }
        Bson::Doc(entries) => write_doc(entries, out),
        Bson::Array(items) => {
            let entries: Vec<(String, Bson)> = items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v.clone()))
                .collect();
            write_doc(&entries, out);
        }
        Bson::Binary(sub, bytes) => {
            out.extend_from_slice(&(bytes.len() as i32).to_le_bytes());
            out.push(*sub);
            out.extend_from_slice(bytes);
        }
        Bson::ObjectId(id) => out.extend_from_slice(id),
        Bson::Bool(b) => out.push(u8::from(*b)),
        Bson::Date(ms) | Bson::Int64(ms) => out.extend_from_slice(&ms.to_le_bytes()),
        Bson::Null | Bson::Other(_) => {}
        Bson::Int32(i) => out.extend_from_slice(&i.to_le_bytes()),
        Bson::Timestamp(t, i) => {
            out.extend_from_slice(&i.to_le_bytes());
            out.extend_from_slice(&t.to_le_bytes());
        }
    }
}

/// Reads one document from the start of `bytes`: the document and its length.
pub(super) fn read_doc(bytes: &[u8], depth: usize) -> Result<(Vec<(String, Bson)>, usize), String> {
    if depth > MAX_DEPTH {
        return Err(format!("a reply nests documents deeper than {MAX_DEPTH}"));
    }
    let truncated = || "a reply's document is cut short".to_string();
    let len = i32::from_le_bytes(bytes.get(..4).ok_or_else(truncated)?.try_into().unwrap());
    let len = usize::try_from(len).map_err(|_| truncated())?;
    if len < 5 || len > bytes.len() || bytes[len - 1] != 0 {
        return Err(truncated());
    }
    let body = &bytes[4..len - 1];
    let mut at = 0;
    let mut entries = Vec::new();
    while at < body.len() {
        let tag = body[at];
        at += 1;
        let end = body[at..]
            .iter()
            .position(|b| *b == 0)
            .ok_or_else(truncated)?;
        let key = String::from_utf8_lossy(&body[at..at + end]).into_owned();
        at += end + 1;
        let rest = &body[at..];
        let fixed = |n: usize| rest.get(..n).ok_or_else(truncated);
        let (value, used) = match tag {
            0x01 => (
                Bson::Double(f64::from_le_bytes(fixed(8)?.try_into().unwrap())),
                8,
            ),
            0x02 | 0x0D | 0x0E => {
                let n = i32::from_le_bytes(fixed(4)?.try_into().unwrap());
                let n = usize::try_from(n)
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(truncated)?;
                let text = rest.get(4..4 + n - 1).ok_or_else(truncated)?;
                let value = match tag {
                    0x02 => Bson::Str(String::from_utf8_lossy(text).into_owned()),
                    0x0D => Bson::Other("javascript"),
                    _ => Bson::Other("symbol"),
                };
                (value, 4 + n)
            }
            0x03 | 0x04 => {
                let (doc, used) = read_doc(rest, depth + 1)?;
                let value = if tag == 0x03 {
                    Bson::Doc(doc)
                } else {
                    Bson::Array(doc.into_iter().map(|(_, v)| v).collect())
                };
                (value, used)
            }
            0x05 => {
                let n = i32::from_le_bytes(fixed(4)?.try_into().unwrap());
                let n = usize::try_from(n).map_err(|_| truncated())?;
                let sub = *rest.get(4).ok_or_else(truncated)?;
                let data = rest.get(5..5 + n).ok_or_else(truncated)?;
                (Bson::Binary(sub, data.to_vec()), 5 + n)
            }
            0x06 => (Bson::Other("undefined"), 0),
            0x07 => (Bson::ObjectId(fixed(12)?.try_into().unwrap()), 12),
            0x08 => (Bson::Bool(fixed(1)?[0] != 0), 1),
            0x09 => (
                Bson::Date(i64::from_le_bytes(fixed(8)?.try_into().unwrap())),
                8,
            ),
            0x0A => (Bson::Null, 0),
            0x0B => {
                // Two C strings: the pattern and its options.
                let first = rest.iter().position(|b| *b == 0).ok_or_else(truncated)?;
                let second = rest[first + 1..]
                    .iter()
                    .position(|b| *b == 0)
                    .ok_or_else(truncated)?;
                (Bson::Other("regex"), first + second + 2)
            }
            0x0C => {
                let n = i32::from_le_bytes(fixed(4)?.try_into().unwrap());
                let n = usize::try_from(n).map_err(|_| truncated())?;
                fixed(4 + n + 12)?;
                (Bson::Other("dbpointer"), 4 + n + 12)
            }
            0x0F => {
                let n = i32::from_le_bytes(fixed(4)?.try_into().unwrap());
                let n = usize::try_from(n).map_err(|_| truncated())?;
                fixed(n)?;
                (Bson::Other("javascript with scope"), n)
            }
            0x10 => (
                Bson::Int32(i32::from_le_bytes(fixed(4)?.try_into().unwrap())),
                4,
            ),
            0x11 => {
                let b = fixed(8)?;
                let increment = u32::from_le_bytes(b[..4].try_into().unwrap());
                let seconds = u32::from_le_bytes(b[4..].try_into().unwrap());
                (Bson::Timestamp(seconds, increment), 8)
            }
            0x12 => (
                Bson::Int64(i64::from_le_bytes(fixed(8)?.try_into().unwrap())),
                8,
            ),
            0x13 => {
                fixed(16)?;
                (Bson::Other("decimal128"), 16)
            }
            0x7F => (Bson::Other("maxKey"), 0),
            0xFF => (Bson::Other("minKey"), 0),
            other => return Err(format!("a reply holds an unknown BSON type {other:#04x}")),
        };
        at += used;
        if at > body.len() {
            return Err(truncated());
        }
        entries.push((key, value));
    }
    Ok((entries, len))
}

/// A command document written as JSON, in the order it is written (the command's name comes
/// first): whole numbers as 32-bit integers where they fit (`{"ping": 1}`), else 64-bit; other
/// numbers as doubles.
pub(super) fn command_from_json(text: &str) -> Result<Vec<(String, Bson)>, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = de
        .deserialize_any(JsonToBson)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| format!("the mongo query is not a JSON document: {e}"))?;
    match value {
        Bson::Doc(entries) if !entries.is_empty() => Ok(entries),
        _ => Err(
            "the mongo query is a JSON document that names a command first, e.g. `{\"dbStats\": 1}`"
                .into(),
        ),
    }
}

struct JsonToBson;

impl<'de> Visitor<'de> for JsonToBson {
    type Value = Bson;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Bson, E> {
        Ok(Bson::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Bson, E> {
        Ok(i32::try_from(v).map_or(Bson::Int64(v), Bson::Int32))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Bson, E> {
        match i64::try_from(v) {
            Ok(v) => self.visit_i64(v),
            Err(_) => Ok(Bson::Double(v as f64)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Bson, E> {
        Ok(Bson::Double(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Bson, E> {
        Ok(Bson::Str(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Bson, E> {
        Ok(Bson::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bson, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Seed)? {
            items.push(v);
        }
        Ok(Bson::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Bson, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key.contains('\0') {
                return Err(de::Error::custom("a key holds a NUL character"));
            }
            let value = map.next_value_seed(Seed)?;
            entries.push((key, value));
        }
        Ok(Bson::Doc(entries))
    }
}

struct Seed;

impl<'de> de::DeserializeSeed<'de> for Seed {
    type Value = Bson;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Bson, D::Error> {
        d.deserialize_any(JsonToBson)
    }
}

/// One connection's exchange of OP_MSG messages.
struct Wire<S> {
    stream: S,
    next_id: i32,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Wire<S> {
    /// Sends a command and reads its reply's body.
    async fn command(&mut self, doc: &[u8]) -> Result<Bson, CheckError> {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = Vec::with_capacity(21 + doc.len());
        let len = (21 + doc.len()) as i32;
        for field in [len, id, 0, OP_MSG] {
            message.extend_from_slice(&field.to_le_bytes());
        }
        message.extend_from_slice(&0u32.to_le_bytes());
        message.push(0);
        message.extend_from_slice(doc);
        self.stream
            .write_all(&message)
            .await
            .map_err(|e| io_error("sending a command", &e))?;
        let mut header = [0u8; 16];
        self.stream
            .read_exact(&mut header)
            .await
            .map_err(|e| io_error("reading a reply", &e))?;
        let field = |i: usize| i32::from_le_bytes(header[i * 4..i * 4 + 4].try_into().unwrap());
        let (len, response_to, opcode) = (field(0), field(2), field(3));
        if opcode != OP_MSG {
            return Err(protocol_error(format!(
                "the server answered with opcode {opcode}, not OP_MSG ({OP_MSG}): is it MongoDB 3.6 or later?"
            )));
        }
        let len = usize::try_from(len)
            .ok()
            .filter(|l| (21..=MAX_MESSAGE).contains(l))
            .ok_or_else(|| {
                protocol_error(format!(
                    "a reply announces {len} bytes, outside 21 to {MAX_MESSAGE}"
                ))
            })?;
        if response_to != id {
            return Err(protocol_error(format!(
                "a reply answers request {response_to}, not {id}"
            )));
        }
        let mut rest = vec![0u8; len - 16];
        self.stream
            .read_exact(&mut rest)
            .await
            .map_err(|e| io_error("reading a reply", &e))?;
        let flags = u32::from_le_bytes(rest[..4].try_into().unwrap());
        // checksumPresent: a CRC-32C after the sections, not checked here.
        let end = if flags & 1 != 0 {
            rest.len().saturating_sub(4)
        } else {
            rest.len()
        };
        let mut at = 4;
        while at < end {
            let kind = rest[at];
            at += 1;
            match kind {
                0 => {
                    let (body, _) = read_doc(&rest[at..end], 0).map_err(protocol_error)?;
                    return Ok(Bson::Doc(body));
                }
                // A document sequence (not in replies to these commands): passed over.
                1 => {
                    let n = rest
                        .get(at..at + 4)
                        .map(|b| i32::from_le_bytes(b.try_into().unwrap()))
                        .and_then(|n| usize::try_from(n).ok())
                        .filter(|n| *n >= 4)
                        .ok_or_else(|| {
                            protocol_error("a reply's document sequence is cut short")
                        })?;
                    at += n;
                }
                other => {
                    return Err(protocol_error(format!(
                        "a reply has a section of unknown kind {other}"
                    )));
                }
            }
        }
        Err(protocol_error("a reply has no body"))
    }
}

pub(super) async fn converse(
    s: &Settings<'_>,
    stream: TcpStream,
    progress: &mut Progress,
    learned: &mut Learned,
) -> Result<(), CheckError> {
    let conn = start_tls(s, stream, progress, learned).await?;
    let mut wire = Wire {
        stream: conn,
        next_id: 1,
    };
    progress.phase = Phase::FirstByte;
    let database = s.database.as_deref().unwrap_or("admin");
    let mut hello = vec![("isMaster", Bson::Int32(1)), ("helloOk", Bson::Bool(true))];
    if let Some(user) = &s.user {
        hello.push((
            "saslSupportedMechs",
            Bson::Str(format!("{database}.{user}")),
        ));
    }
    hello.push(("$db", Bson::Str("admin".into())));
    let reply = wire.command(&encode(&hello)).await?;
    if !reply.ok() {
        learned.state = Some(ServerState::Rejecting);
        learned.message = reply.error();
        return Ok(());
    }
    learned.state = Some(ServerState::Accepting);
    learned.message = role(&reply);
    let build = wire
        .command(&encode(&[
            ("buildInfo", Bson::Int32(1)),
            ("$db", Bson::Str("admin".into())),
        ]))
        .await?;
    if let Some(version) = build.get("version").and_then(Bson::text) {
        learned.server_version = version.to_string();
    }
    if let Some(user) = &s.user {
        let password = s.password.as_deref().ok_or_else(|| {
            CheckError::new(
                crate::check::ErrorKind::Config,
                "a mongo login needs a `password`",
            )
        })?;
        login(&mut wire, user, password, database, &reply).await?;
        learned.authenticated = true;
    }
    let result = match &s.query {
        Some(query) => {
            progress.phase = Phase::Transfer;
            let mut command = command_from_json(query)
                .map_err(|e| CheckError::new(crate::check::ErrorKind::Config, e))?;
            if !command.iter().any(|(k, _)| k == "$db") {
                command.push(("$db".into(), Bson::Str(database.to_string())));
            }
            let mut doc = Vec::new();
            write_doc(&command, &mut doc);
            let reply = wire.command(&doc).await?;
            if !reply.ok() {
                return Err(protocol_error(format!(
                    "`{query}` failed: {}",
                    reply.error()
                )));
            }
            reply
        }
        None => reply,
    };
    let mut out = String::new();
    result.json(&mut out);
    learned.push_result(out.as_bytes(), s.check.max_response);
    let _ = wire.stream.shutdown().await;
    Ok(())
}

/// What `isMaster` says the server is: a primary, a secondary, or neither.
fn role(reply: &Bson) -> String {
    let set = reply.get("setName").and_then(Bson::text);
    let flag = |k: &str| reply.get(k) == Some(&Bson::Bool(true));
    let what = if flag("isWritablePrimary") || flag("ismaster") {
        "primary"
    } else if flag("secondary") {
        "secondary"
    } else if flag("arbiterOnly") {
        "arbiter"
    } else if set.is_some() {
        "neither primary nor secondary"
    } else {
        ""
    };
    match (set, what) {
        (Some(set), what) => format!("{what} of replica set {set}"),
        (None, what) => what.to_string(),
    }
}

/// A SCRAM login on `database`, with the mechanism the drivers pick: the strongest the server
/// lists for the user (`saslSupportedMechs`), else SCRAM-SHA-256 from MongoDB 4.0 (wire
/// version 7) on and SCRAM-SHA-1 before.
async fn login<S: AsyncRead + AsyncWrite + Unpin>(
    wire: &mut Wire<S>,
    user: &str,
    password: &str,
    database: &str,
    hello: &Bson,
) -> Result<(), CheckError> {
    let listed: Option<Vec<&str>> = match hello.get("saslSupportedMechs") {
        Some(Bson::Array(items)) => Some(items.iter().filter_map(Bson::text).collect()),
        _ => None,
    };
    let hash = match listed {
        Some(l) if l.contains(&"SCRAM-SHA-256") => ScramHash::Sha256,
        Some(l) if l.contains(&"SCRAM-SHA-1") => ScramHash::Sha1,
        Some(l) if !l.is_empty() => {
            return Err(auth_error(format!(
                "the server offers this user {} only, which the probe does not speak",
                l.join(", ")
            )));
        }
        _ => match hello.get("maxWireVersion").and_then(Bson::number) {
            Some(v) if v >= 7.0 => ScramHash::Sha256,
            _ => ScramHash::Sha1,
        },
    };
    let (mechanism, secret) = match hash {
        // SASLprep leaves printable ASCII as it is; other text it normalises, which the probe
        // does not do.
        ScramHash::Sha256 => {
            if !password.chars().all(|c| (' '..='~').contains(&c)) {
                return Err(CheckError::new(
                    crate::check::ErrorKind::Config,
                    "a SCRAM-SHA-256 password outside printable ASCII needs SASLprep, which the mongo probe does not do",
                ));
            }
            ("SCRAM-SHA-256", password.to_string())
        }
        ScramHash::Sha1 => ("SCRAM-SHA-1", mongo_sha1_password(user, password)),
    };
    let mut scram = Scram::named(user, &secret, hash);
    let refused = |reply: &Bson| {
        let code = reply.get("code").and_then(Bson::number);
        let words = reply.error();
        if code == Some(AUTHENTICATION_FAILED as f64) {
            auth_error(format!("the server refused the login: {words}"))
        } else {
            protocol_error(format!("the login failed: {words}"))
        }
    };
    let start = wire
        .command(&encode(&[
            ("saslStart", Bson::Int32(1)),
            ("mechanism", Bson::Str(mechanism.into())),
            (
                "payload",
                Bson::Binary(0, scram.client_first().into_bytes()),
            ),
            ("autoAuthorize", Bson::Int32(1)),
            (
                "options",
                Bson::Doc(vec![("skipEmptyExchange".into(), Bson::Bool(true))]),
            ),
            ("$db", Bson::Str(database.into())),
        ]))
        .await?;
    if !start.ok() {
        return Err(refused(&start));
    }
    let conversation = start
        .get("conversationId")
        .cloned()
        .ok_or_else(|| protocol_error("the login's first reply has no conversationId"))?;
    let server_first = payload(&start)?;
    let client_final = scram.client_final(&server_first).map_err(protocol_error)?;
    let mut step = vec![
        ("saslContinue", Bson::Int32(1)),
        ("conversationId", conversation.clone()),
        ("payload", Bson::Binary(0, client_final.into_bytes())),
        ("$db", Bson::Str(database.into())),
    ];
    let reply = wire.command(&encode(&step)).await?;
    if !reply.ok() {
        return Err(refused(&reply));
    }
    scram.verify_server(&payload(&reply)?).map_err(auth_error)?;
    // A server that did not take `skipEmptyExchange` wants one more, empty, step.
    if reply.get("done") != Some(&Bson::Bool(true)) {
        step[2] = ("payload", Bson::Binary(0, Vec::new()));
        let last = wire.command(&encode(&step)).await?;
        if !last.ok() || last.get("done") != Some(&Bson::Bool(true)) {
            return Err(refused(&last));
        }
    }
    Ok(())
}

fn payload(reply: &Bson) -> Result<String, CheckError> {
    match reply.get("payload") {
        Some(Bson::Binary(_, bytes)) => Ok(String::from_utf8_lossy(bytes).into_owned()),
        _ => Err(protocol_error("a login reply has no payload")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_keep_their_order_and_types() {
        let doc = command_from_json(r#"{"find": "jobs", "filter": {"n": {"$gt": 5000000000}}, "limit": 1.5, "x": [true, null]}"#)
            .unwrap();
        let keys: Vec<&str> = doc.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["find", "filter", "limit", "x"]);
        let mut bytes = Vec::new();
        write_doc(&doc, &mut bytes);
        let (back, used) = read_doc(&bytes, 0).unwrap();
        assert_eq!(used, bytes.len());
        assert_eq!(back, doc);
        assert_eq!(
            back[1].1,
            Bson::Doc(vec![(
                "n".into(),
                Bson::Doc(vec![("$gt".into(), Bson::Int64(5_000_000_000))])
            )])
        );
        for bad in ["[1]", "{}", "{\"a\": 1} x", "not json"] {
            assert!(command_from_json(bad).is_err(), "{bad}");
        }
    }

    /// `{"ok": 1.0, "n": 3}` as BSON, written out by hand from the specification.
    #[test]
    fn replies_print_as_mongosh_prints_them() {
        let mut bytes = vec![0, 0, 0, 0];
        bytes.push(0x01);
        bytes.extend_from_slice(b"ok\0");
        bytes.extend_from_slice(&1.0f64.to_le_bytes());
        bytes.push(0x10);
        bytes.extend_from_slice(b"n\0");
        bytes.extend_from_slice(&3i32.to_le_bytes());
        bytes.push(0x07);
        bytes.extend_from_slice(b"id\0");
        bytes.extend_from_slice(&[0xab; 12]);
        bytes.push(0);
        let len = bytes.len() as i32;
        bytes[..4].copy_from_slice(&len.to_le_bytes());
        let (doc, _) = read_doc(&bytes, 0).unwrap();
        let mut out = String::new();
        Bson::Doc(doc).json(&mut out);
        assert_eq!(
            out,
            r#"{"ok":1,"n":3,"id":{"$oid":"abababababababababababab"}}"#
        );
        // Cut short anywhere: an error, never a panic.
        for end in 0..bytes.len() {
            assert!(read_doc(&bytes[..end], 0).is_err());
        }
    }
}
