//! Reads a certificate's `notAfter`, and nothing else.
//!
//! A full X.509 crate (x509-parser, x509-cert) would add several hundred KB to every compiled
//! probe with HTTPS for one field, so this walks the DER structure of RFC 5280 §4.1 just far
//! enough: Certificate → tbsCertificate → [version] serial signature issuer validity.notAfter.
//! Every length is bounds-checked; anything unexpected yields `None`.

/// `notAfter` of a DER certificate, in Unix seconds.
pub fn not_after(der: &[u8]) -> Option<i64> {
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
    fn garbage_is_none() {
        assert_eq!(not_after(b""), None);
        assert_eq!(not_after(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]), None);
        assert_eq!(not_after(&[0x30, 0x03, 0x02, 0x01]), None);
    }
}
