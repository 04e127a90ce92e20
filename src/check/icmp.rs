//! ICMP echo probes, IPv4 and IPv6: an unprivileged ping socket (`SOCK_DGRAM`) where the kernel
//! allows one (`net.ipv4.ping_group_range` holds the probe's group), a raw socket otherwise
//! (root, or `CAP_NET_RAW`). `count` echoes are sent `interval` apart; replies are matched by
//! sequence number (and, on a raw socket, by the probe's identifier), each counted once.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::time::Duration;

use serde::Serialize;
use tokio::io::unix::AsyncFd;
use tokio::time::Instant;

use super::net::{Progress, resolve};
use super::{CheckError, ErrorKind};
use crate::expect::{Facts, Measure, Unit};
use crate::suite::IcmpCheck;

#[derive(Clone, Debug, Default, Serialize)]
pub struct IcmpDetails {
    pub host: String,
    #[serde(
        rename = "network.peer.address",
        skip_serializing_if = "String::is_empty"
    )]
    pub address: String,
    /// `dgram` (an unprivileged ping socket) or `raw`.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub socket: &'static str,
    pub sent: u32,
    /// Each reply's round trip, in seconds, in the order sent (absent for a lost one).
    pub rtts: Vec<Option<f64>>,
    #[serde(flatten, serialize_with = "super::host::whole_numbers")]
    pub measures: BTreeMap<String, f64>,
    #[serde(serialize_with = "super::net::seconds")]
    pub resolve: Duration,
}

#[derive(Debug, Default)]
pub struct IcmpObservation {
    target: String,
    details: IcmpDetails,
    error: Option<CheckError>,
    measures: Vec<Measure>,
}

impl super::Observation for IcmpObservation {
    fn facts(&self, duration: Duration) -> Facts<'_> {
        let mut f = Facts::new(duration);
        f.measures = &self.measures;
        f
    }

    fn error(&self) -> Option<&CheckError> {
        self.error.as_ref()
    }

    fn into_parts(self) -> (String, Option<CheckError>, super::Details) {
        (
            self.target,
            self.error,
            super::Details::Icmp(Box::new(self.details)),
        )
    }
}

pub async fn run(check: &IcmpCheck, deadline: Instant) -> IcmpObservation {
    let mut obs = IcmpObservation {
        target: check.host.to_string(),
        ..Default::default()
    };
    if let Err(e) = ping(check, deadline, &mut obs).await {
        obs.error = Some(e);
    }
    obs
}

/// A ping socket, and whether it is raw (replies carry the IPv4 header and every ICMP message
/// of the host; the probe sets and checks its own identifier).
struct Socket {
    fd: AsyncFd<OwnedFd>,
    raw: bool,
    v6: bool,
}

fn open(addr: SocketAddr) -> Result<Socket, CheckError> {
    let v6 = addr.is_ipv6();
    let (domain, proto) = if v6 {
        (libc::AF_INET6, libc::IPPROTO_ICMPV6)
    } else {
        (libc::AF_INET, libc::IPPROTO_ICMP)
    };
    let flags = libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
    let mut raw = false;
    // SAFETY: socket() has no memory preconditions; the result is checked before use.
    let mut fd = unsafe { libc::socket(domain, libc::SOCK_DGRAM | flags, proto) };
    if fd < 0 {
        raw = true;
        // SAFETY: as above.
        fd = unsafe { libc::socket(domain, libc::SOCK_RAW | flags, proto) };
    }
    if fd < 0 {
        let e = std::io::Error::last_os_error();
        return Err(CheckError::new(
            ErrorKind::Config,
            format!(
                "cannot open an ICMP socket ({e}): allow unprivileged ping with sysctl net.ipv4.ping_group_range (it must hold the probe's group), or run as root or with CAP_NET_RAW"
            ),
        ));
    }
    // SAFETY: fd is a socket just opened and owned by nobody else.
    let owned = unsafe { OwnedFd::from_raw_fd(fd) };
    let (storage, len) = sockaddr(addr);
    // SAFETY: storage holds a valid sockaddr of `len` bytes for the socket's family.
    let rc = unsafe {
        libc::connect(
            owned.as_raw_fd(),
            (&raw const storage).cast::<libc::sockaddr>(),
            len,
        )
    };
    if rc != 0 {
        let e = std::io::Error::last_os_error();
        return Err(CheckError::new(
            ErrorKind::Connect,
            format!("cannot send to {}: {e}", addr.ip()),
        ));
    }
    // SAFETY: the descriptor is owned by the AsyncFd from here on and closed only with it.
    let fd = unsafe { AsyncFd::register(owned) }
        .map_err(|e| CheckError::new(ErrorKind::Io, e.to_string()))?;
    Ok(Socket { fd, raw, v6 })
}

fn sockaddr(addr: SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: an all-zero sockaddr_storage is a valid value.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let len = match addr {
        SocketAddr::V4(a) => {
            let sin = libc::sockaddr_in {
                sin_family: libc::AF_INET as libc::sa_family_t,
                sin_port: 0,
                sin_addr: libc::in_addr {
                    s_addr: u32::from_ne_bytes(a.ip().octets()),
                },
                sin_zero: [0; 8],
            };
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in.
            unsafe { std::ptr::write((&raw mut storage).cast(), sin) };
            std::mem::size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(a) => {
            let sin6 = libc::sockaddr_in6 {
                sin6_family: libc::AF_INET6 as libc::sa_family_t,
                sin6_port: 0,
                sin6_flowinfo: 0,
                sin6_addr: libc::in6_addr {
                    s6_addr: a.ip().octets(),
                },
                sin6_scope_id: a.scope_id(),
            };
            // SAFETY: as above, for sockaddr_in6.
            unsafe { std::ptr::write((&raw mut storage).cast(), sin6) };
            std::mem::size_of::<libc::sockaddr_in6>()
        }
    };
    (storage, len as libc::socklen_t)
}

/// The internet checksum (RFC 1071).
fn checksum(bytes: &[u8]) -> u16 {
    let mut sum: u32 = bytes
        .chunks(2)
        .map(|c| u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])))
        .sum();
    while sum >> 16 != 0 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

fn echo_request(v6: bool, ident: u16, seq: u16, size: usize) -> Vec<u8> {
    let mut packet = vec![if v6 { 128 } else { 8 }, 0, 0, 0];
    packet.extend_from_slice(&ident.to_be_bytes());
    packet.extend_from_slice(&seq.to_be_bytes());
    packet.extend((0..size).map(|i| (i % 251) as u8));
    // ICMPv6's checksum covers a pseudo-header the kernel fills in; IPv4's is ours.
    if !v6 {
        let sum = checksum(&packet);
        packet[2..4].copy_from_slice(&sum.to_be_bytes());
    }
    packet
}

/// The sequence number of an echo reply meant for this probe.
fn reply_seq(raw: bool, v6: bool, ident: u16, bytes: &[u8]) -> Option<u16> {
    let icmp = if raw && !v6 {
        let ihl = usize::from(bytes.first()? & 0x0f) * 4;
        bytes.get(ihl..)?
    } else {
        bytes
    };
    let reply_type = if v6 { 129 } else { 0 };
    if icmp.len() < 8 || icmp[0] != reply_type || icmp[1] != 0 {
        return None;
    }
    // A ping socket's identifier is the kernel's, which filters for it already.
    if raw && u16::from_be_bytes([icmp[4], icmp[5]]) != ident {
        return None;
    }
    Some(u16::from_be_bytes([icmp[6], icmp[7]]))
}

async fn send(socket: &Socket, packet: &[u8]) -> std::io::Result<()> {
    loop {
        let mut guard = socket.fd.writable().await?;
        let sent = guard.try_io(|fd| {
            // SAFETY: packet is a valid buffer of its length; the socket is connected.
            let n = unsafe {
                libc::send(
                    fd.get_ref().as_raw_fd(),
                    packet.as_ptr().cast(),
                    packet.len(),
                    0,
                )
            };
            if n < 0 {
                Err(std::io::Error::last_os_error())
            } else {
                Ok(())
            }
        });
        if let Ok(result) = sent {
            return result;
        }
    }
}

async fn recv(socket: &Socket, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        let mut guard = socket.fd.readable().await?;
        let got = guard.try_io(|fd| {
            // SAFETY: buf is a valid, writable buffer of its length.
            let n = unsafe {
                libc::recv(
                    fd.get_ref().as_raw_fd(),
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    0,
                )
            };
            if n < 0 {
                Err(std::io::Error::last_os_error())
            } else {
                Ok(n as usize)
            }
        });
        if let Ok(result) = got {
            return result;
        }
    }
}

async fn ping(
    check: &IcmpCheck,
    deadline: Instant,
    obs: &mut IcmpObservation,
) -> Result<(), CheckError> {
    let host = super::resolved(&check.host)?;
    obs.details.host.clone_from(&host);
    let mut progress = Progress::default();
    let addrs = tokio::time::timeout_at(deadline, resolve(&host, 0, check.ip, &mut progress))
        .await
        .map_err(|_| {
            CheckError::new(ErrorKind::Timeout, format!("resolving `{host}` timed out"))
        })??;
    obs.details.resolve = progress.timings.dns;
    let addr = addrs[0];
    obs.details.address = addr.ip().to_string();
    obs.target = match addr.ip() {
        IpAddr::V4(_) | IpAddr::V6(_) if host == addr.ip().to_string() => host.clone(),
        ip => format!("{host} ({ip})"),
    };
    let socket = open(addr)?;
    obs.details.socket = if socket.raw { "raw" } else { "dgram" };
    let ident = fastrand::u16(..);
    let count = usize::try_from(check.count).unwrap_or(1);
    let mut sent_at: Vec<Instant> = Vec::with_capacity(count);
    let mut rtts: Vec<Option<Duration>> = vec![None; count];
    let mut buf = vec![0u8; 65_536];
    let mut next = Instant::now();
    let mut failure = None;
    while Instant::now() < deadline {
        if sent_at.len() < count && Instant::now() >= next {
            let seq = sent_at.len() as u16;
            let packet = echo_request(socket.v6, ident, seq, check.size);
            sent_at.push(Instant::now());
            if let Err(e) = send(&socket, &packet).await {
                // An unreachable network is the answer for this echo, not the end of the probe.
                failure.get_or_insert(e);
            }
            next = Instant::now() + check.interval;
        }
        if sent_at.len() == count && rtts.iter().all(Option::is_some) {
            break;
        }
        let until = if sent_at.len() < count {
            next.min(deadline)
        } else {
            deadline
        };
        match tokio::time::timeout_at(until, recv(&socket, &mut buf)).await {
            Ok(Ok(n)) => {
                if let Some(seq) = reply_seq(socket.raw, socket.v6, ident, &buf[..n]) {
                    let i = usize::from(seq);
                    if i < sent_at.len() && rtts[i].is_none() {
                        rtts[i] = Some(sent_at[i].elapsed());
                    }
                }
            }
            // An ICMP error for an earlier echo (host unreachable) arrives as a socket error.
            Ok(Err(e)) => {
                failure.get_or_insert(e);
            }
            Err(_) => {}
        }
        // Nothing more can arrive for a probe that could not send at all.
        if sent_at.len() == count && rtts.iter().all(Option::is_none) && failure.is_some() {
            break;
        }
    }
    let sent = sent_at.len() as u32;
    let received = rtts.iter().flatten().count() as u32;
    obs.details.sent = sent;
    obs.details.rtts = rtts
        .iter()
        .take(sent_at.len())
        .map(|r| r.map(|d| d.as_secs_f64()))
        .collect();
    if received == 0
        && let Some(e) = failure
    {
        return Err(CheckError::new(
            ErrorKind::Connect,
            format!("no echo reply from {}: {e}", addr.ip()),
        ));
    }
    let loss = if sent == 0 {
        100.0
    } else {
        f64::from(sent - received) * 100.0 / f64::from(sent)
    };
    let mut measure = |name: &'static str, unit: Unit, value: f64| {
        obs.details
            .measures
            .insert(super::host::measure_key(name, unit), value);
        obs.measures.push(Measure { name, unit, value });
    };
    measure("loss", Unit::Percent, loss);
    measure("received", Unit::Count, f64::from(received));
    let got: Vec<f64> = rtts.iter().flatten().map(Duration::as_secs_f64).collect();
    if !got.is_empty() {
        measure(
            "rtt",
            Unit::Seconds,
            got.iter().sum::<f64>() / got.len() as f64,
        );
        measure(
            "rtt_max",
            Unit::Seconds,
            got.iter().copied().fold(0.0, f64::max),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_verify_to_zero() {
        let packet = echo_request(false, 0x1234, 7, 56);
        assert_eq!(checksum(&packet), 0);
        assert_eq!(packet.len(), 64);
    }

    #[test]
    fn only_our_replies_count() {
        let mut reply = vec![0x45; 20];
        reply.extend_from_slice(&[0, 0, 0, 0, 0x12, 0x34, 0, 3]);
        assert_eq!(reply_seq(true, false, 0x1234, &reply), Some(3));
        assert_eq!(
            reply_seq(true, false, 0x9999, &reply),
            None,
            "another probe's"
        );
        assert_eq!(
            reply_seq(false, false, 0x9999, &reply[20..]),
            Some(3),
            "the kernel's id"
        );
        reply[20] = 8;
        assert_eq!(
            reply_seq(true, false, 0x1234, &reply),
            None,
            "our own request"
        );
        assert_eq!(
            reply_seq(false, true, 0, &[129, 0, 0, 0, 0, 0, 0, 9]),
            Some(9)
        );
    }
}
