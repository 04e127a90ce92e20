//! DNS probes: one query to a server (or the first nameserver of `/etc/resolv.conf`), over UDP
//! with EDNS and a retransmission each second, and over TCP when the answer comes back truncated
//! or the probe asks for TCP. The messages are read and written by simple-dns; only datagrams
//! carrying this query's id, question and the response flag count as the answer (the rest are
//! counted in `ignored`). The answer's records are printed as `dig +short` prints them, for the
//! `answers` text rules.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use serde::Serialize;
use simple_dns::rdata::{OPT, RData};
use simple_dns::{CLASS, Name, Packet, PacketFlag, Question, RCODE, TYPE};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};
use tokio::time::Instant;

use super::net::{Progress, describe_io, resolve};
use super::{CheckError, ErrorKind};
use crate::expect::{Attribute, Facts};
use crate::suite::{DnsCheck, IpVersion, RecordType};

/// What the probe advertises it can take over UDP (the DNS flag day's figure).
const EDNS_UDP_SIZE: u16 = 1232;
/// The first retransmission of a UDP query; each next one waits twice as long.
const RETRANSMIT: Duration = Duration::from_secs(1);

#[derive(Clone, Debug, Default, Serialize)]
pub struct DnsRecord {
    pub name: String,
    #[serde(rename = "type")]
    pub record: String,
    pub ttl: u32,
    pub data: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct DnsDetails {
    #[serde(rename = "server.address")]
    pub server: String,
    pub name: String,
    #[serde(rename = "type")]
    pub record: &'static str,
    /// `udp`, `tcp`, or `udp+tcp` when a truncated UDP answer was asked again over TCP.
    pub transport: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rcode: Option<String>,
    pub authoritative: bool,
    pub answers: Vec<DnsRecord>,
    pub authority_count: usize,
    pub additional_count: usize,
    /// Datagrams that were not the answer (another id, another question).
    #[serde(skip_serializing_if = "is_zero")]
    pub ignored: usize,
    #[serde(serialize_with = "super::net::seconds")]
    pub resolve: Duration,
    #[serde(serialize_with = "super::net::seconds")]
    pub connect: Duration,
    #[serde(serialize_with = "super::net::seconds")]
    pub request: Duration,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Debug, Default)]
pub struct DnsObservation {
    pub target: String,
    pub details: DnsDetails,
    pub error: Option<CheckError>,
    attributes: Vec<Attribute>,
    answers: Vec<u8>,
}

impl super::Observation for DnsObservation {
    fn facts(&self, duration: Duration) -> Facts<'_> {
        let mut f = Facts::new(duration);
        f.attributes = &self.attributes;
        f.answers = Some(&self.answers);
        f
    }

    fn error(&self) -> Option<&CheckError> {
        self.error.as_ref()
    }

    fn into_parts(self) -> (String, Option<CheckError>, super::Details) {
        (
            self.target,
            self.error,
            super::Details::Dns(Box::new(self.details)),
        )
    }
}

/// `NOERROR`, `NXDOMAIN`…: an rcode as dig names it.
pub fn rcode_name(code: RCODE) -> String {
    match code {
        RCODE::NoError => "NOERROR".into(),
        RCODE::FormatError => "FORMERR".into(),
        RCODE::ServerFailure => "SERVFAIL".into(),
        RCODE::NameError => "NXDOMAIN".into(),
        RCODE::NotImplemented => "NOTIMP".into(),
        RCODE::Refused => "REFUSED".into(),
        RCODE::YXDOMAIN => "YXDOMAIN".into(),
        RCODE::YXRRSET => "YXRRSET".into(),
        RCODE::NXRRSET => "NXRRSET".into(),
        RCODE::NOTAUTH => "NOTAUTH".into(),
        RCODE::NOTZONE => "NOTZONE".into(),
        RCODE::BADVERS => "BADVERS".into(),
        RCODE::Reserved => "RESERVED".into(),
    }
}

/// The name asked for: a PTR probe's IP address becomes its reverse name (`dig -x`).
pub fn query_name(name: &str, record: RecordType) -> Result<String, String> {
    let name = name.trim();
    if record == RecordType::Ptr
        && let Ok(ip) = name.parse::<IpAddr>()
    {
        return Ok(match ip {
            IpAddr::V4(v4) => {
                let o = v4.octets();
                format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0])
            }
            IpAddr::V6(v6) => {
                let mut labels: Vec<String> = Vec::new();
                for byte in v6.octets().iter().rev() {
                    labels.push(format!("{:x}", byte & 0xf));
                    labels.push(format!("{:x}", byte >> 4));
                }
                format!("{}.ip6.arpa", labels.join("."))
            }
        });
    }
    let trimmed = name.strip_suffix('.').unwrap_or(name);
    if trimmed.is_empty() {
        return Err("the name to ask for is empty".into());
    }
    if !trimmed.is_ascii() {
        return Err(format!(
            "`{name}` is not ASCII; write an internationalised name in its xn-- form"
        ));
    }
    if trimmed.split('.').any(|l| l.is_empty() || l.len() > 63) || trimmed.len() > 253 {
        return Err(format!("`{name}` is not a domain name"));
    }
    Ok(trimmed.to_string())
}

/// `host`, `host:port` or `[v6]:port`, port 53 by default.
fn split_server(text: &str) -> Result<(String, u16), String> {
    if text.parse::<IpAddr>().is_ok() {
        return Ok((text.to_string(), 53));
    }
    if text.starts_with('[') && text.ends_with(']') {
        return Ok((text[1..text.len() - 1].to_string(), 53));
    }
    if !text.contains(':') {
        return Ok((text.to_string(), 53));
    }
    super::tcp::split_address(text)
}

/// The nameservers of `/etc/resolv.conf`; without any, the local one, as the C library does.
fn system_servers() -> Vec<SocketAddr> {
    let text = std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default();
    let servers: Vec<SocketAddr> = text
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            (words.next()? == "nameserver").then_some(())?;
            // A scoped IPv6 address (`fe80::1%eth0`) keeps only its address.
            let addr = words.next()?.split('%').next()?;
            Some(SocketAddr::new(addr.parse().ok()?, 53))
        })
        .collect();
    if servers.is_empty() {
        vec![SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 53)]
    } else {
        servers
    }
}

pub fn describe(check: &DnsCheck) -> String {
    let server = check
        .server
        .as_ref()
        .map_or_else(String::new, |s| format!(" @{s}"));
    format!("{} {}{server}", check.name, check.record.as_str())
}

pub async fn run(check: &DnsCheck, deadline: Instant) -> DnsObservation {
    let mut obs = DnsObservation {
        target: describe(check),
        ..Default::default()
    };
    obs.details.record = check.record.as_str();
    if let Err(e) = converse(check, deadline, &mut obs).await {
        obs.error = Some(e);
    }
    obs
}

fn config(message: impl Into<String>) -> CheckError {
    CheckError::new(ErrorKind::Config, message)
}

async fn converse(
    check: &DnsCheck,
    deadline: Instant,
    obs: &mut DnsObservation,
) -> Result<(), CheckError> {
    let name = super::resolved(&check.name)?;
    let qname = query_name(&name, check.record).map_err(config)?;
    obs.details.name.clone_from(&qname);
    let servers = match &check.server {
        Some(server) => {
            let text = super::resolved(server)?;
            let (host, port) = split_server(&text).map_err(config)?;
            let mut progress = Progress::default();
            let addrs = resolve(&host, port, IpVersion::Any, &mut progress).await?;
            obs.details.resolve = progress.timings.dns;
            addrs
        }
        None => system_servers(),
    };
    let id = fastrand::u16(..);
    let query = build_query(id, &qname, check)?;
    let mut last = None;
    for server in &servers {
        obs.details.server = server.to_string();
        obs.target = format!("{} {} @{server}", qname, check.record.as_str());
        let answer = if check.tcp {
            obs.details.transport = "tcp";
            tcp(*server, &query, deadline, obs).await
        } else {
            obs.details.transport = "udp";
            match udp(*server, &query, deadline, obs).await {
                Ok(Answer::Truncated) => {
                    obs.details.transport = "udp+tcp";
                    tcp(*server, &query, deadline, obs).await
                }
                other => other,
            }
        };
        match answer {
            Ok(Answer::Full(bytes)) => return read_answer(&bytes, obs),
            Ok(Answer::Truncated) => {
                return Err(CheckError::new(
                    ErrorKind::Protocol,
                    format!("{server} sent a truncated answer over TCP"),
                ));
            }
            // The next nameserver, as resolvers do, when this one refused at once.
            Err(e) if e.kind == ErrorKind::Connect && Instant::now() < deadline => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| config("no nameserver to ask")))
}

fn build_query(id: u16, qname: &str, check: &DnsCheck) -> Result<Vec<u8>, CheckError> {
    let mut packet = Packet::new_query(id);
    if check.recursion {
        packet.set_flags(PacketFlag::RECURSION_DESIRED);
    }
    let name = Name::new(qname).map_err(|e| config(format!("`{qname}`: {e}")))?;
    packet.questions.push(Question::new(
        name,
        TYPE::from(check.record.code()).into(),
        CLASS::IN.into(),
        false,
    ));
    *packet.opt_mut() = Some(OPT {
        opt_codes: Vec::new(),
        udp_packet_size: EDNS_UDP_SIZE,
        version: 0,
    });
    packet
        .build_bytes_vec()
        .map_err(|e| config(format!("cannot write the query for `{qname}`: {e}")))
}

enum Answer {
    Full(Vec<u8>),
    Truncated,
}

/// What a message received is to this probe.
#[derive(Debug, PartialEq, Eq)]
enum Reply {
    /// Another query's (another id, no response flag, another question): ignored.
    NotOurs,
    /// Our id and the response flag, but too short to be a DNS message.
    Malformed,
    Answer {
        truncated: bool,
    },
}

/// Whether `reply` answers `query`: the same id, the response flag, and the same question or
/// none (a server that could not read the query, FORMERR, may leave it out).
fn classify(reply: &[u8], query: &[u8]) -> Reply {
    if reply.len() < 2 || reply[..2] != query[..2] || reply.get(2).is_none_or(|f| f & 0x80 == 0) {
        return Reply::NotOurs;
    }
    if reply.len() < 12 {
        return Reply::Malformed;
    }
    let truncated = reply[2] & 0x02 != 0;
    if reply[4..6] == [0, 0] {
        return Reply::Answer { truncated };
    }
    let Some(end) = question_end(query) else {
        return Reply::NotOurs;
    };
    let question = &query[12..end];
    match reply.get(12..end) {
        Some(theirs) if theirs.eq_ignore_ascii_case(question) => Reply::Answer { truncated },
        Some(_) => Reply::NotOurs,
        None => Reply::Malformed,
    }
}

/// Where the one question of a message ends (its name's labels, then type and class).
fn question_end(msg: &[u8]) -> Option<usize> {
    let mut i = 12;
    loop {
        let len = *msg.get(i)? as usize;
        if len == 0 {
            return Some(i + 1 + 4).filter(|end| *end <= msg.len());
        }
        if len & 0xc0 != 0 {
            return None;
        }
        i += 1 + len;
    }
}

fn malformed(server: SocketAddr, bytes: usize) -> CheckError {
    CheckError::new(
        ErrorKind::Protocol,
        format!("the answer from {server} is malformed ({bytes} bytes, shorter than a DNS header)"),
    )
}

fn timed_out(server: SocketAddr, how: &str, check_started: Instant) -> CheckError {
    CheckError::new(
        ErrorKind::Timeout,
        format!(
            "no answer from {server} over {how} in {}",
            crate::units::format_duration(check_started.elapsed())
        ),
    )
}

async fn udp(
    server: SocketAddr,
    query: &[u8],
    deadline: Instant,
    obs: &mut DnsObservation,
) -> Result<Answer, CheckError> {
    let started = Instant::now();
    let bind: SocketAddr = match server {
        SocketAddr::V4(_) => (Ipv4Addr::UNSPECIFIED, 0).into(),
        SocketAddr::V6(_) => (Ipv6Addr::UNSPECIFIED, 0).into(),
    };
    let io = |e: std::io::Error| {
        let kind = if e.kind() == std::io::ErrorKind::ConnectionRefused {
            ErrorKind::Connect
        } else {
            ErrorKind::Io
        };
        CheckError::new(kind, format!("{server} over UDP: {}", describe_io(&e)))
    };
    let socket = UdpSocket::bind(bind).await.map_err(io)?;
    socket.connect(server).await.map_err(io)?;
    socket.send(query).await.map_err(io)?;
    let mut wait = RETRANSMIT;
    let mut next_send = Instant::now() + wait;
    let mut buf = vec![0u8; 65_535];
    loop {
        let until = next_send.min(deadline);
        match tokio::time::timeout_at(until, socket.recv(&mut buf)).await {
            Ok(Ok(n)) => match classify(&buf[..n], query) {
                Reply::Answer { truncated } => {
                    obs.details.request += started.elapsed();
                    return Ok(if truncated {
                        Answer::Truncated
                    } else {
                        Answer::Full(buf[..n].to_vec())
                    });
                }
                Reply::Malformed => {
                    obs.details.request += started.elapsed();
                    return Err(malformed(server, n));
                }
                Reply::NotOurs => obs.details.ignored += 1,
            },
            Ok(Err(e)) => {
                obs.details.request += started.elapsed();
                return Err(io(e));
            }
            Err(_) if until >= deadline => {
                obs.details.request += started.elapsed();
                return Err(timed_out(server, "UDP", started));
            }
            Err(_) => {
                socket.send(query).await.map_err(io)?;
                wait *= 2;
                next_send = Instant::now() + wait;
            }
        }
    }
}

async fn tcp(
    server: SocketAddr,
    query: &[u8],
    deadline: Instant,
    obs: &mut DnsObservation,
) -> Result<Answer, CheckError> {
    let started = Instant::now();
    let stream = tokio::time::timeout_at(deadline, TcpStream::connect(server)).await;
    obs.details.connect += started.elapsed();
    let mut stream = match stream {
        Err(_) => return Err(timed_out(server, "TCP", started)),
        Ok(Err(e)) => {
            return Err(CheckError::new(
                ErrorKind::Connect,
                format!("cannot connect to {server} over TCP: {}", describe_io(&e)),
            ));
        }
        Ok(Ok(s)) => s,
    };
    let asked = Instant::now();
    let exchange = async {
        let mut framed = Vec::with_capacity(query.len() + 2);
        framed.extend_from_slice(&(query.len() as u16).to_be_bytes());
        framed.extend_from_slice(query);
        stream.write_all(&framed).await?;
        loop {
            let mut len = [0u8; 2];
            stream.read_exact(&mut len).await?;
            let mut reply = vec![0u8; usize::from(u16::from_be_bytes(len))];
            stream.read_exact(&mut reply).await?;
            match classify(&reply, query) {
                Reply::Answer { truncated } => return Ok::<_, std::io::Error>((reply, truncated)),
                Reply::Malformed => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("a malformed answer of {} bytes", reply.len()),
                    ));
                }
                Reply::NotOurs => {}
            }
        }
    };
    let result = tokio::time::timeout_at(deadline, exchange).await;
    obs.details.request += asked.elapsed();
    match result {
        Err(_) => Err(timed_out(server, "TCP", started)),
        Ok(Err(e)) => Err(CheckError::new(
            ErrorKind::Protocol,
            format!("{server} over TCP: {}", describe_io(&e)),
        )),
        Ok(Ok((_, true))) => Ok(Answer::Truncated),
        Ok(Ok((reply, false))) => Ok(Answer::Full(reply)),
    }
}

fn read_answer(bytes: &[u8], obs: &mut DnsObservation) -> Result<(), CheckError> {
    let packet = Packet::parse(bytes).map_err(|e| {
        CheckError::new(
            ErrorKind::Protocol,
            format!("the answer from {} is malformed: {e}", obs.details.server),
        )
    })?;
    let rcode = rcode_name(packet.rcode());
    let authoritative = packet.has_flags(PacketFlag::AUTHORITATIVE_ANSWER);
    obs.attributes = vec![
        Attribute {
            name: "rcode",
            spellings: vec![rcode.clone()],
        },
        Attribute {
            name: "authoritative",
            spellings: vec![authoritative.to_string()],
        },
    ];
    obs.details.rcode = Some(rcode);
    obs.details.authoritative = authoritative;
    obs.details.authority_count = packet.name_servers.len();
    obs.details.additional_count = packet.additional_records.len();
    obs.details.answers = packet
        .answers
        .iter()
        .map(|rr| DnsRecord {
            name: format!("{}.", rr.name),
            record: type_name(&rr.rdata),
            ttl: rr.ttl,
            data: short(&rr.rdata),
        })
        .collect();
    let lines: Vec<&str> = obs
        .details
        .answers
        .iter()
        .map(|r| r.data.as_str())
        .collect();
    obs.answers = lines.join("\n").into_bytes();
    Ok(())
}

fn type_name(rdata: &RData<'_>) -> String {
    match rdata.type_code() {
        TYPE::Unknown(code) => format!("TYPE{code}"),
        known => format!("{known:?}"),
    }
}

/// A record's data as `dig +short` prints it.
fn short(rdata: &RData<'_>) -> String {
    let fqdn = |n: &Name<'_>| format!("{n}.");
    match rdata {
        RData::A(a) => Ipv4Addr::from(a.address).to_string(),
        RData::AAAA(a) => Ipv6Addr::from(a.address).to_string(),
        RData::CNAME(c) => fqdn(&c.0),
        RData::NS(n) => fqdn(&n.0),
        RData::PTR(p) => fqdn(&p.0),
        RData::MX(mx) => format!("{} {}", mx.preference, fqdn(&mx.exchange)),
        RData::SRV(srv) => format!(
            "{} {} {} {}",
            srv.priority,
            srv.weight,
            srv.port,
            fqdn(&srv.target)
        ),
        RData::SOA(soa) => format!(
            "{} {} {} {} {} {} {}",
            fqdn(&soa.mname),
            fqdn(&soa.rname),
            soa.serial,
            soa.refresh,
            soa.retry,
            soa.expire,
            soa.minimum
        ),
        RData::TXT(txt) => txt
            .iter_raw()
            .map(|(key, value)| {
                let mut s = String::from_utf8_lossy(key).into_owned();
                if let Some(v) = value {
                    s.push('=');
                    s.push_str(&String::from_utf8_lossy(v));
                }
                format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
            })
            .collect::<Vec<_>>()
            .join(" "),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ptr_names_are_reversed() {
        assert_eq!(
            query_name("192.0.2.10", RecordType::Ptr).unwrap(),
            "10.2.0.192.in-addr.arpa"
        );
        let v6 = query_name("2001:db8::1", RecordType::Ptr).unwrap();
        assert!(
            v6.starts_with("1.0.0.0.") && v6.ends_with("8.b.d.0.1.0.0.2.ip6.arpa"),
            "{v6}"
        );
        assert_eq!(
            query_name("example.com.", RecordType::A).unwrap(),
            "example.com"
        );
        assert!(query_name("bad..name", RecordType::A).is_err());
        assert!(
            query_name("bücher.de", RecordType::A)
                .unwrap_err()
                .contains("xn--")
        );
    }

    #[test]
    fn servers_default_to_port_53() {
        assert_eq!(split_server("10.0.0.2").unwrap(), ("10.0.0.2".into(), 53));
        assert_eq!(split_server("::1").unwrap(), ("::1".into(), 53));
        assert_eq!(split_server("[::1]:5353").unwrap(), ("::1".into(), 5353));
        assert_eq!(split_server("ns1:5300").unwrap(), ("ns1".into(), 5300));
    }

    #[test]
    fn only_the_answer_to_this_question_counts() {
        let check = DnsCheck {
            name: crate::suite::EnvString::literal("example.com"),
            record: RecordType::A,
            server: None,
            tcp: false,
            recursion: true,
            timeout: Duration::from_secs(1),
        };
        let query = build_query(7, "example.com", &check).unwrap();
        let mut reply = query.clone();
        assert_eq!(classify(&reply, &query), Reply::NotOurs, "no response flag");
        reply[2] |= 0x80;
        assert_eq!(classify(&reply, &query), Reply::Answer { truncated: false });
        reply[2] |= 0x02;
        assert_eq!(classify(&reply, &query), Reply::Answer { truncated: true });
        assert_eq!(classify(&reply[..5], &query), Reply::Malformed);
        assert_eq!(classify(&reply[..20], &query), Reply::Malformed);
        let mut other = reply.clone();
        other[13] ^= 0x20 ^ 0x01;
        assert_eq!(classify(&other, &query), Reply::NotOurs, "another question");
        reply[1] ^= 1;
        assert_eq!(classify(&reply, &query), Reply::NotOurs, "another id");
    }
}
