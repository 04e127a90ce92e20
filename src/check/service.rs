//! systemd service probes: a unit's ActiveState, SubState, LoadState and UnitFileState, asked
//! of systemd over D-Bus (`systemctl is-active` and `is-enabled` without systemctl): the system
//! bus at `$DBUS_SYSTEM_BUS_ADDRESS` or `/run/dbus/system_bus_socket`, else systemd's private
//! socket `/run/systemd/private` (root only). No reachable bus is an error that says so, never
//! a pass.
//!
//! The D-Bus messages are written and read here: a handful of method calls whose arguments and
//! answers are strings, object paths and string variants.

use std::time::Duration;

use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;
use tokio::time::Instant;

use super::{CheckError, ErrorKind};
use crate::expect::{Attribute, Facts};
use crate::suite::ServiceCheck;

const SYSTEM_BUS: &str = "/run/dbus/system_bus_socket";
const SYSTEMD_PRIVATE: &str = "/run/systemd/private";
/// Bytes of one D-Bus message read at most.
const MAX_MESSAGE: usize = 1 << 20;

#[derive(Clone, Debug, Default, Serialize)]
pub struct ServiceDetails {
    pub unit: String,
    /// The socket the probe asked through.
    pub bus: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub load_state: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub active_state: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sub_state: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub unit_file_state: String,
}

#[derive(Debug, Default)]
pub struct ServiceObservation {
    target: String,
    details: ServiceDetails,
    error: Option<CheckError>,
    attributes: Vec<Attribute>,
}

impl super::Observation for ServiceObservation {
    fn facts(&self, duration: Duration) -> Facts<'_> {
        let mut f = Facts::new(duration);
        f.attributes = &self.attributes;
        f
    }

    fn error(&self) -> Option<&CheckError> {
        self.error.as_ref()
    }

    fn into_parts(self) -> (String, Option<CheckError>, super::Details) {
        (
            self.target,
            self.error,
            super::Details::Service(Box::new(self.details)),
        )
    }
}

/// `nginx` is `nginx.service`, as systemctl reads it.
pub fn unit_name(name: &str) -> String {
    let known = [
        ".service",
        ".socket",
        ".timer",
        ".target",
        ".mount",
        ".path",
        ".slice",
        ".scope",
        ".device",
        ".swap",
        ".automount",
    ];
    if known.iter().any(|s| name.ends_with(s)) {
        name.to_string()
    } else {
        format!("{name}.service")
    }
}

pub async fn run(check: &ServiceCheck, deadline: Instant) -> ServiceObservation {
    let mut obs = ServiceObservation {
        target: check.unit.to_string(),
        ..Default::default()
    };
    let result = tokio::time::timeout_at(deadline, Box::pin(ask(check, &mut obs))).await;
    match result {
        Err(_) => {
            obs.error = Some(CheckError::new(
                ErrorKind::Timeout,
                format!("systemd did not answer through {} in time", obs.details.bus),
            ));
        }
        Ok(Err(e)) => obs.error = Some(e),
        Ok(Ok(())) => {}
    }
    obs
}

async fn ask(check: &ServiceCheck, obs: &mut ServiceObservation) -> Result<(), CheckError> {
    let name = super::resolved(&check.unit)?;
    let unit = unit_name(name.trim());
    obs.target.clone_from(&unit);
    obs.details.unit.clone_from(&unit);
    let mut bus = Bus::connect(&mut obs.details.bus).await?;
    let path = bus
        .call(
            "/org/freedesktop/systemd1",
            "org.freedesktop.systemd1.Manager",
            "LoadUnit",
            &[Arg::Str(&unit)],
        )
        .await?
        .string()?;
    let mut get = async |interface: &str, property: &str| -> Result<String, CheckError> {
        bus.call(
            &path,
            "org.freedesktop.DBus.Properties",
            "Get",
            &[Arg::Str(interface), Arg::Str(property)],
        )
        .await?
        .variant_string()
    };
    let unit_iface = "org.freedesktop.systemd1.Unit";
    let d = &mut obs.details;
    d.load_state = get(unit_iface, "LoadState").await?;
    d.active_state = get(unit_iface, "ActiveState").await?;
    d.sub_state = get(unit_iface, "SubState").await?;
    d.unit_file_state = get(unit_iface, "UnitFileState").await?;
    // A unit systemd does not know is inactive; the report says why.
    let mut active = vec![d.active_state.clone()];
    if d.load_state == "not-found" {
        active.insert(0, format!("{} (no such unit)", d.active_state));
    }
    obs.attributes = vec![
        Attribute {
            name: "active_state",
            spellings: active,
        },
        Attribute {
            name: "sub_state",
            spellings: vec![d.sub_state.clone()],
        },
        Attribute {
            name: "unit_file_state",
            spellings: vec![if d.unit_file_state.is_empty() {
                "none".into()
            } else {
                d.unit_file_state.clone()
            }],
        },
    ];
    Ok(())
}

enum Arg<'a> {
    Str(&'a str),
}

/// A D-Bus connection: a bus (which wants `Hello` first) or systemd's own socket.
struct Bus {
    stream: UnixStream,
    serial: u32,
    via_bus: bool,
}

fn bus_error(message: impl Into<String>) -> CheckError {
    CheckError::new(ErrorKind::Connect, message)
}

fn protocol(message: impl Into<String>) -> CheckError {
    CheckError::new(ErrorKind::Protocol, message)
}

impl Bus {
    async fn connect(shown: &mut String) -> Result<Bus, CheckError> {
        let from_env = std::env::var("DBUS_SYSTEM_BUS_ADDRESS").ok();
        let mut candidates: Vec<(String, bool)> = Vec::new();
        match &from_env {
            Some(address) => {
                let path = address
                    .split(';')
                    .find_map(|a| a.strip_prefix("unix:path="))
                    .map(|p| p.split(',').next().unwrap_or(p).to_string())
                    .ok_or_else(|| {
                        CheckError::new(
                            ErrorKind::Config,
                            format!("DBUS_SYSTEM_BUS_ADDRESS={address} has no unix:path= address"),
                        )
                    })?;
                candidates.push((path, true));
            }
            None => {
                candidates.push((SYSTEM_BUS.into(), true));
                candidates.push((SYSTEMD_PRIVATE.into(), false));
            }
        }
        let mut tried = Vec::new();
        for (path, via_bus) in candidates {
            *shown = path.clone();
            match UnixStream::connect(&path).await {
                Ok(stream) => {
                    let mut bus = Bus {
                        stream,
                        serial: 0,
                        via_bus,
                    };
                    bus.authenticate(&path).await?;
                    if via_bus {
                        bus.call(
                            "/org/freedesktop/DBus",
                            "org.freedesktop.DBus",
                            "Hello",
                            &[],
                        )
                        .await?;
                    }
                    return Ok(bus);
                }
                Err(e) => tried.push(format!("{path}: {}", super::net::describe_io(&e))),
            }
        }
        Err(bus_error(format!(
            "no D-Bus to ask systemd through ({}); is systemd running here? In a container, mount the host's /run/dbus/system_bus_socket or set DBUS_SYSTEM_BUS_ADDRESS",
            tried.join("; ")
        )))
    }

    /// SASL EXTERNAL with our uid, as every D-Bus client does on a local socket.
    async fn authenticate(&mut self, path: &str) -> Result<(), CheckError> {
        // SAFETY: geteuid has no preconditions.
        let uid = unsafe { libc::geteuid() }.to_string();
        let hex: String = uid.bytes().map(|b| format!("{b:02x}")).collect();
        let io = |e: std::io::Error| bus_error(format!("{path}: {}", super::net::describe_io(&e)));
        self.stream
            .write_all(format!("\0AUTH EXTERNAL {hex}\r\n").as_bytes())
            .await
            .map_err(io)?;
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while !line.ends_with(b"\r\n") {
            if line.len() > 512 || self.stream.read(&mut byte).await.map_err(io)? == 0 {
                return Err(protocol(format!(
                    "{path} did not answer the D-Bus authentication"
                )));
            }
            line.push(byte[0]);
        }
        if !line.starts_with(b"OK ") {
            return Err(bus_error(format!(
                "{path} refused the probe: {}",
                String::from_utf8_lossy(&line).trim()
            )));
        }
        self.stream.write_all(b"BEGIN\r\n").await.map_err(io)
    }

    async fn call(
        &mut self,
        path: &str,
        interface: &str,
        member: &str,
        args: &[Arg<'_>],
    ) -> Result<Reply, CheckError> {
        self.serial += 1;
        let serial = self.serial;
        let mut body = Vec::new();
        let mut signature = String::new();
        for arg in args {
            match arg {
                Arg::Str(s) => {
                    signature.push('s');
                    put_string(&mut body, s);
                }
            }
        }
        let mut fields = Vec::new();
        let mut field = |code: u8, sig: u8, value: &str| {
            pad(&mut fields, 8);
            fields.push(code);
            fields.extend_from_slice(&[1, sig, 0]);
            if sig == b'g' {
                fields.push(value.len() as u8);
                fields.extend_from_slice(value.as_bytes());
                fields.push(0);
            } else {
                put_string(&mut fields, value);
            }
        };
        field(1, b'o', path);
        field(2, b's', interface);
        field(3, b's', member);
        // On a bus, every call names who answers it; systemd's own socket is systemd.
        if self.via_bus {
            let destination = if interface == "org.freedesktop.DBus" {
                "org.freedesktop.DBus"
            } else {
                "org.freedesktop.systemd1"
            };
            field(6, b's', destination);
        }
        if !signature.is_empty() {
            field(8, b'g', &signature);
        }
        let mut msg = vec![b'l', 1, 0, 1];
        msg.extend_from_slice(&(body.len() as u32).to_le_bytes());
        msg.extend_from_slice(&serial.to_le_bytes());
        msg.extend_from_slice(&(fields.len() as u32).to_le_bytes());
        msg.extend_from_slice(&fields);
        pad(&mut msg, 8);
        msg.extend_from_slice(&body);
        let io = |e: std::io::Error| bus_error(format!("D-Bus: {}", super::net::describe_io(&e)));
        self.stream.write_all(&msg).await.map_err(io)?;
        loop {
            let reply = self.read_message().await?;
            // Signals (NameAcquired) and other traffic: not the answer.
            if reply.reply_serial != Some(serial) {
                continue;
            }
            return match reply.kind {
                2 => Ok(reply),
                3 => Err(protocol(format!(
                    "systemd answered {member} with {}: {}",
                    reply.error_name,
                    reply.string().unwrap_or_default()
                ))),
                other => Err(protocol(format!(
                    "an unexpected D-Bus message of type {other}"
                ))),
            };
        }
    }

    async fn read_message(&mut self) -> Result<Reply, CheckError> {
        let io = |e: std::io::Error| bus_error(format!("D-Bus: {}", super::net::describe_io(&e)));
        let mut head = [0u8; 16];
        self.stream.read_exact(&mut head).await.map_err(io)?;
        let little = match head[0] {
            b'l' => true,
            b'B' => false,
            _ => return Err(protocol("a D-Bus message with no byte order")),
        };
        let short = || protocol("a short header");
        let body_len = u32_at(&head, 4, little).ok_or_else(short)? as usize;
        let fields_len = u32_at(&head, 12, little).ok_or_else(short)? as usize;
        let fields_end = 16 + fields_len;
        let total = fields_end.next_multiple_of(8) + body_len;
        if total > MAX_MESSAGE {
            return Err(protocol(format!("a D-Bus message of {total} bytes")));
        }
        let mut msg = head.to_vec();
        msg.resize(total, 0);
        self.stream.read_exact(&mut msg[16..]).await.map_err(io)?;
        let mut reply = Reply {
            kind: head[1],
            reply_serial: None,
            error_name: String::new(),
            body: msg[fields_end.next_multiple_of(8)..].to_vec(),
            little,
        };
        // The header fields: (code, variant) structs, each 8-aligned.
        let mut i = 16;
        while i < fields_end {
            i = i.next_multiple_of(8);
            if i + 4 > fields_end {
                break;
            }
            let code = msg[i];
            let sig_len = usize::from(msg[i + 1]);
            let sig = msg.get(i + 2..i + 2 + sig_len).unwrap_or_default().to_vec();
            i += 2 + sig_len + 1;
            match sig.as_slice() {
                b"u" => {
                    i = i.next_multiple_of(4);
                    let v = u32_at(&msg, i, little).ok_or_else(short)?;
                    if code == 5 {
                        reply.reply_serial = Some(v);
                    }
                    i += 4;
                }
                b"s" | b"o" => {
                    i = i.next_multiple_of(4);
                    let len = u32_at(&msg, i, little).ok_or_else(short)? as usize;
                    let text = msg.get(i + 4..i + 4 + len).unwrap_or_default();
                    if code == 4 {
                        reply.error_name = String::from_utf8_lossy(text).into_owned();
                    }
                    i += 4 + len + 1;
                }
                b"g" => {
                    let len = usize::from(*msg.get(i).unwrap_or(&0));
                    i += 1 + len + 1;
                }
                _ => return Err(protocol("a D-Bus header field probekit cannot read")),
            }
        }
        Ok(reply)
    }
}

fn pad(buf: &mut Vec<u8>, align: usize) {
    while !buf.len().is_multiple_of(align) {
        buf.push(0);
    }
}

fn put_string(buf: &mut Vec<u8>, s: &str) {
    pad(buf, 4);
    buf.extend_from_slice(&(s.len() as u32).to_le_bytes());
    buf.extend_from_slice(s.as_bytes());
    buf.push(0);
}

struct Reply {
    kind: u8,
    reply_serial: Option<u32>,
    error_name: String,
    body: Vec<u8>,
    little: bool,
}

/// The 32-bit number at byte `i` of `bytes`, in the message's byte order.
fn u32_at(bytes: &[u8], i: usize, little: bool) -> Option<u32> {
    let w: [u8; 4] = bytes.get(i..i + 4)?.try_into().ok()?;
    Some(if little {
        u32::from_le_bytes(w)
    } else {
        u32::from_be_bytes(w)
    })
}

impl Reply {
    /// The string (or object path) at byte `at` of the body: its length, then its bytes.
    fn string_at(&self, at: usize) -> Result<String, CheckError> {
        let len = u32_at(&self.body, at, self.little)
            .ok_or_else(|| protocol("a D-Bus answer cut short"))? as usize;
        let text = self
            .body
            .get(at + 4..at + 4 + len)
            .ok_or_else(|| protocol("a D-Bus string cut short"))?;
        Ok(String::from_utf8_lossy(text).into_owned())
    }

    /// The body's first argument, a string or an object path.
    fn string(&self) -> Result<String, CheckError> {
        self.string_at(0)
    }

    /// The body's first argument, a variant holding a string.
    fn variant_string(&self) -> Result<String, CheckError> {
        let sig_len = usize::from(
            *self
                .body
                .first()
                .ok_or_else(|| protocol("an empty D-Bus answer"))?,
        );
        let sig = self.body.get(1..1 + sig_len).unwrap_or_default();
        if sig != b"s" && sig != b"o" {
            return Err(protocol(format!(
                "a property of D-Bus type {}, not a string",
                String::from_utf8_lossy(sig)
            )));
        }
        self.string_at((1 + sig_len + 1).next_multiple_of(4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names_get_their_suffix() {
        assert_eq!(unit_name("nginx"), "nginx.service");
        assert_eq!(unit_name("backup.timer"), "backup.timer");
        assert_eq!(unit_name("docker.socket"), "docker.socket");
    }

    #[test]
    fn variants_of_strings_are_read() {
        let mut body = vec![1, b's', 0, 0];
        body.extend_from_slice(&6u32.to_le_bytes());
        body.extend_from_slice(b"active\0");
        let reply = Reply {
            kind: 2,
            reply_serial: Some(1),
            error_name: String::new(),
            body,
            little: true,
        };
        assert_eq!(reply.variant_string().unwrap(), "active");
        let short = Reply {
            body: vec![1, b's', 0, 0, 9, 0, 0, 0, b'a'],
            ..reply
        };
        assert!(short.variant_string().is_err());
    }
}
