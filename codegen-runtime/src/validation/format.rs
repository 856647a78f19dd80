//! The `format`s the validators assert (`ENFORCED_FORMATS` in codegen-core's
//! `model/rules.rs`), with exactly the rules of the TypeScript runtime's `matchesFormat`:
//! the same regular expressions (run by `regress`, an ECMA-262 engine) where the TypeScript
//! side uses one, and hand-written checks of the same grammar for `date`, `time`,
//! `date-time` and `uuid`, the formats payloads use most.
//!
//! Public: generated validators call [`matches()`].

use std::sync::OnceLock;

const EMAIL: &str = r#"^[^\s@"<>()[\]\\,;:.]+(\.[^\s@"<>()[\]\\,;:.]+)*@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$"#;
// RFC 3986 `URI`; group 1 is the host of an authority (the TypeScript runtime's `uriPattern`).
const URI: &str = r#"^[A-Za-z][A-Za-z0-9+.-]*:(?:\/\/(?:(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*@)?(\[[^\]]*\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::\d*)?(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)*|(?!\/\/)(?:[A-Za-z0-9\-._~!$&'()*+,;=:@\/]|%[0-9A-Fa-f]{2})*)(?:\?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@\/?]|%[0-9A-Fa-f]{2})*)?(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@\/?]|%[0-9A-Fa-f]{2})*)?$"#;
const IP_FUTURE: &str = r#"^v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$"#;
const IPV4: &str = r#"^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$"#;

fn regex(cell: &'static OnceLock<regress::Regex>, source: &str) -> &'static regress::Regex {
    // The sources above are constants known to compile (the unit tests run every one).
    cell.get_or_init(|| regress::Regex::new(source).expect("a built-in format regex compiles"))
}

fn email(value: &str) -> bool {
    static CELL: OnceLock<regress::Regex> = OnceLock::new();
    regex(&CELL, EMAIL).find(value).is_some()
}

fn ipv4(value: &str) -> bool {
    static CELL: OnceLock<regress::Regex> = OnceLock::new();
    regex(&CELL, IPV4).find(value).is_some()
}

fn ip_future(value: &str) -> bool {
    static CELL: OnceLock<regress::Regex> = OnceLock::new();
    regex(&CELL, IP_FUTURE).find(value).is_some()
}

fn uri(value: &str) -> bool {
    static CELL: OnceLock<regress::Regex> = OnceLock::new();
    let Some(found) = regex(&CELL, URI).find(value) else {
        return false;
    };
    let Some(host) = found.group(1).map(|r| &value[r]) else {
        return true;
    };
    match host.strip_prefix('[') {
        None => true,
        Some(rest) => {
            let literal = rest.strip_suffix(']').unwrap_or(rest);
            ipv6(literal) || ip_future(literal)
        }
    }
}

fn ipv6(value: &str) -> bool {
    let mut text = value.to_owned();
    // `lastIndexOf` gives -1 when there is no colon: the slices then start at 0.
    let after_colon = value.rfind(':').map_or(0, |i| i + 1);
    if text.contains('.') {
        if !ipv4(&value[after_colon..]) {
            return false;
        }
        text = format!("{}0:0", &value[..after_colon]);
    }
    let halves: Vec<&str> = text.split("::").collect();
    if halves.len() > 2 {
        return false;
    }
    let groups = |half: &str| -> Vec<String> {
        if half.is_empty() {
            Vec::new()
        } else {
            half.split(':').map(str::to_owned).collect()
        }
    };
    let mut all = groups(halves[0]);
    if halves.len() == 2 {
        all.extend(groups(halves[1]));
    }
    let hex_group =
        |g: &String| (1..=4).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_hexdigit());
    if !all.iter().all(hex_group) {
        return false;
    }
    if halves.len() == 2 {
        all.len() <= 7
    } else {
        all.len() == 8
    }
}

fn two_digits(b: &[u8]) -> Option<u32> {
    match b {
        [x, y] if x.is_ascii_digit() && y.is_ascii_digit() => {
            Some(u32::from(x - b'0') * 10 + u32::from(y - b'0'))
        }
        _ => None,
    }
}

/// `^(\d{4})-(\d{2})-(\d{2})$`, with a day that exists in that month.
fn date(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(y1), Some(y2), Some(month), Some(day)) = (
        two_digits(&b[0..2]),
        two_digits(&b[2..4]),
        two_digits(&b[5..7]),
        two_digits(&b[8..10]),
    ) else {
        return false;
    };
    let year = y1 * 100 + y2;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `([01]\d|2[0-3])`.
fn hour(b: &[u8]) -> Option<u32> {
    two_digits(b).filter(|h| *h <= 23)
}

/// `[0-5]\d`.
fn sexagesimal(b: &[u8]) -> Option<u32> {
    two_digits(b).filter(|m| *m <= 59)
}

/// An RFC 3339 time (the TypeScript runtime's `timePattern`, case-insensitive): a leap
/// second (`:60`) only at 23:59 UTC.
fn time(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(h), Some(m)) = (hour(&b[0..2]), sexagesimal(&b[3..5])) else {
        return false;
    };
    let leap = &b[6..8] == b"60";
    if !leap && sexagesimal(&b[6..8]).is_none() {
        return false;
    }
    let mut rest = &b[8..];
    if let [b'.', tail @ ..] = rest {
        let digits = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = &tail[digits..];
    }
    let offset: i64 = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), oh1, oh2, b':', om1, om2] => {
            let (Some(oh), Some(om)) = (hour(&[*oh1, *oh2]), sexagesimal(&[*om1, *om2])) else {
                return false;
            };
            let minutes = i64::from(oh * 60 + om);
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return false,
    };
    if !leap {
        return true;
    }
    let utc = ((i64::from(h * 60 + m) - offset) % 1440 + 1440) % 1440;
    utc == 23 * 60 + 59
}

/// `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, case-insensitive.
fn uuid(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `date-time`: a date, `T`, `t` or a space at offset 10 (the first of them), a time.
fn date_time(value: &str) -> bool {
    let separator = value.bytes().position(|b| matches!(b, b'T' | b't' | b' '));
    separator == Some(10) && date(&value[..10]) && time(&value[11..])
}

/// True when `value` has the string `format`; formats the validators do not assert (not in
/// `ENFORCED_FORMATS`) always pass.
pub fn matches(format: &str, value: &str) -> bool {
    match format {
        "email" => email(value),
        "date-time" => date_time(value),
        "date" => date(value),
        "time" => time(value),
        "uuid" => uuid(value),
        "uri" => uri(value),
        "ipv4" => ipv4(value),
        "ipv6" => ipv6(value),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_regex_compiles() {
        for source in [EMAIL, URI, IP_FUTURE, IPV4] {
            regress::Regex::new(source).expect(source);
        }
    }

    #[test]
    fn formats_follow_the_typescript_rules() {
        for (format, value, valid) in [
            ("date-time", "1963-06-19T08:30:06.283185Z", true),
            ("date-time", "1963-06-19t08:30:06z", true),
            ("date-time", "1963-06-19 08:30:06+01:00", true),
            ("date-time", "1998-12-31T23:59:60Z", true),
            ("date-time", "1998-12-31T22:59:60Z", false),
            ("date-time", "1998-12-31T15:59:60-08:00", true),
            ("date-time", "1963-06-19T08:30:06", false),
            ("date-time", "1990-02-31T15:59:59Z", false),
            ("date", "2020-02-29", true),
            ("date", "2019-02-29", false),
            ("date", "2020-13-01", false),
            ("time", "08:30:06.Z", false),
            ("time", "24:00:00Z", false),
            ("uuid", "2EB8AA08-AA98-11EA-B4AA-73B441D16380", true),
            ("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d1638", false),
            ("ipv4", "192.168.0.1", true),
            ("ipv4", "192.168.0.01", false),
            ("ipv6", "::1", true),
            ("ipv6", "1:2:3:4:5:6:7:8", true),
            ("ipv6", "::ffff:192.168.0.1", true),
            ("ipv6", "1:::2", false),
            ("ipv6", "12345::", false),
            ("uri", "http://[::1]:80/a?b#c", true),
            ("uri", "http://[vF.a:b]/", true),
            ("uri", "http://[zz]/", false),
            ("uri", "//no-scheme", false),
            ("uri", "urn:isbn:0451450523", true),
            ("uri", "http://a b", false),
            ("email", "joe.bloggs@example.com", true),
            ("email", "joe..bloggs@example.com", false),
            ("email", "te~st@example.com", true),
            ("hostname", "anything goes", true),
        ] {
            assert_eq!(matches(format, value), valid, "{format} {value:?}");
        }
    }
}
