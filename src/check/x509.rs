//! Reads what probes check of a certificate: `notAfter`, the issuer and subject names, and the
//! subject alternative names.
//!
//! A full X.509 crate (x509-parser, x509-cert) would add several hundred KB to every compiled
//! probe with HTTPS for a few fields, so this walks the DER structure of RFC 5280 §4.1 just far
//! enough: Certificate → tbsCertificate → [version] serial signature issuer validity subject
//! subjectPublicKeyInfo … [3] extensions. Every length is bounds-checked; anything unexpected
//! yields `None`.

/// The fields of a DER certificate's tbsCertificate after its optional version: serial,
/// signature, issuer, validity, subject, …
fn tbs_fields(der: &[u8]) -> Option<&[u8]> {
    let (tag, cert, _) = read_tlv(der)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, mut tbs, _) = read_tlv(cert)?;
    if tag != 0x30 {
        return None;
    }
    // Optional explicit [0] version.
    if tbs.first() == Some(&0xa0) {
        tbs = read_tlv(tbs)?.2;
    }
    Some(tbs)
}

/// `notAfter` of a DER certificate, in Unix seconds.
pub fn not_after(der: &[u8]) -> Option<i64> {
    let mut tbs = tbs_fields(der)?;
    for expected in [0x02, 0x30, 0x30] {
        let (tag, _, rest) = read_tlv(tbs)?;
        if tag != expected {
            return None;
        }
        tbs = rest;
    }
    let (tag, validity, _) = read_tlv(tbs)?;
    if tag != 0x30 {
        return None;
    }
    let (_, _, rest) = read_tlv(validity)?; // notBefore
    let (tag, time, _) = read_tlv(rest)?;
    parse_time(tag, std::str::from_utf8(time).ok()?)
}

/// The names on a certificate, as reports and expectations show them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    /// `CN=R3, O=Let's Encrypt, C=US`, in the certificate's order.
    pub issuer: String,
    pub subject: String,
    /// DNS names and IP addresses of the subjectAltName extension.
    pub san: Vec<String>,
}

/// The issuer, subject and subject alternative names of a DER certificate.
pub fn names(der: &[u8]) -> Option<Names> {
    let mut tbs = tbs_fields(der)?;
    let mut fields = Vec::new();
    for _ in 0..6 {
        let (tag, value, rest) = read_tlv(tbs)?;
        fields.push((tag, value));
        tbs = rest;
    }
    // serial, signature, issuer, validity, subject, subjectPublicKeyInfo.
    let issuer = distinguished_name(fields[2].1)?;
    let subject = distinguished_name(fields[4].1)?;
    let mut san = Vec::new();
    // issuerUniqueID [1], subjectUniqueID [2], extensions [3].
    while let Some((tag, value, rest)) = read_tlv(tbs) {
        tbs = rest;
        if tag != 0xa3 {
            continue;
        }
        let (_, mut exts, _) = read_tlv(value)?;
        while let Some((_, ext, rest)) = read_tlv(exts) {
            exts = rest;
            let (tag, oid, mut body) = read_tlv(ext)?;
            // subjectAltName, 2.5.29.17.
            if tag != 0x06 || oid != [0x55, 0x1d, 0x11] {
                continue;
            }
            if body.first() == Some(&0x01) {
                body = read_tlv(body)?.2; // critical
            }
            let (_, octets, _) = read_tlv(body)?;
            let (_, mut general, _) = read_tlv(octets)?;
            while let Some((tag, name, rest)) = read_tlv(general) {
                general = rest;
                match (tag, name.len()) {
                    (0x82, _) => san.push(String::from_utf8_lossy(name).into_owned()),
                    (0x87, 4) => san.push(
                        std::net::Ipv4Addr::new(name[0], name[1], name[2], name[3]).to_string(),
                    ),
                    (0x87, 16) => {
                        let bytes: [u8; 16] = name.try_into().ok()?;
                        san.push(std::net::Ipv6Addr::from(bytes).to_string());
                    }
                    _ => {}
                }
            }
        }
    }
    Some(Names {
        issuer,
        subject,
        san,
    })
}

/// A Name (SEQUENCE of SETs of attribute type and value) as `CN=…, O=…`.
fn distinguished_name(mut name: &[u8]) -> Option<String> {
    let mut parts = Vec::new();
    while let Some((_, set, rest)) = read_tlv(name) {
        name = rest;
        let mut set = set;
        while let Some((_, attribute, rest)) = read_tlv(set) {
            set = rest;
            let (_, oid, value) = read_tlv(attribute)?;
            let (tag, text, _) = read_tlv(value)?;
            let label = match oid {
                [0x55, 0x04, 0x03] => "CN",
                [0x55, 0x04, 0x06] => "C",
                [0x55, 0x04, 0x07] => "L",
                [0x55, 0x04, 0x08] => "ST",
                [0x55, 0x04, 0x0a] => "O",
                [0x55, 0x04, 0x0b] => "OU",
                _ => continue,
            };
            // UTF8String, PrintableString, TeletexString, IA5String.
            if matches!(tag, 0x0c | 0x13 | 0x14 | 0x16) {
                parts.push(format!("{label}={}", String::from_utf8_lossy(text)));
            }
        }
    }
    Some(parts.join(", "))
}

/// One DER tag-length-value: (tag, value, what follows).
fn read_tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let mut len = 0usize;
        for &b in &rest[..n] {
            len = (len << 8) | usize::from(b);
        }
        rest = &rest[n..];
        len
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// UTCTime (`YYMMDDHHMMSSZ`, years 1950–2049 per RFC 5280) or GeneralizedTime (`YYYYMMDDHHMMSSZ`).
fn parse_time(tag: u8, text: &str) -> Option<i64> {
    let digits = text.strip_suffix('Z')?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match (tag, digits.len()) {
        (0x17, 12) => {
            let yy: i64 = digits[..2].parse().ok()?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &digits[2..])
        }
        (0x18, 14) => (digits[..4].parse().ok()?, &digits[4..]),
        _ => return None,
    };
    let field = |i: usize| rest[i..i + 2].parse::<i64>().ok();
    let (month, day, hour, minute, second) =
        (field(0)?, field(2)?, field(4)?, field(6)?, field(8)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(parse_time(0x17, "491231235959Z"), Some(2_524_607_999));
        assert_eq!(parse_time(0x18, "20260101000000Z"), Some(1_767_225_600));
        assert_eq!(parse_time(0x17, "2601010000Z"), None);
    }

    #[test]
    fn reads_not_after_of_a_generated_certificate() {
        let mut params = rcgen::CertificateParams::new(vec!["localhost".into()]).unwrap();
        params.not_after = rcgen::date_time_ymd(2031, 7, 15);
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        assert_eq!(
            not_after(cert.der()),
            Some(days_from_civil(2031, 7, 15) * 86_400)
        );
    }

    #[test]
    fn reads_the_names_of_a_generated_certificate() {
        let mut params =
            rcgen::CertificateParams::new(vec!["probe.example".into(), "127.0.0.1".into()])
                .unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::OrganizationName, "Probes Inc");
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "probe.example");
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        let names = names(cert.der()).unwrap();
        assert_eq!(names.subject, "CN=probe.example, O=Probes Inc");
        assert_eq!(names.issuer, names.subject);
        assert_eq!(names.san, ["probe.example", "127.0.0.1"]);
        assert_eq!(super::names(b"\x30\x00"), None);
    }

    #[test]
    fn garbage_is_none() {
        assert_eq!(not_after(b""), None);
        assert_eq!(not_after(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]), None);
        assert_eq!(not_after(&[0x30, 0x03, 0x02, 0x01]), None);
    }
}
