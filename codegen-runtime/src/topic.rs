//! Topics from channel address templates such as `devices/{deviceId}/telemetry`.
//!
//! Public: generated channel helpers call these, and they work on hand-written templates.
//!
//! Generated channel helpers call these with their `ADDRESS` constant. The rules are the
//! TypeScript client's:
//! - a parameter value must not be empty and must not contain `/` (it would turn one topic
//!   level into two), `+` or `#` (it would turn a publish into a wildcard), or anything MQTT
//!   forbids in a topic: control characters (U+0000–U+001F, U+007F–U+009F), noncharacters
//!   (U+FDD0–U+FDEF, U+xFFFE and U+xFFFF in every plane), more than 65,535 bytes (see
//!   [`TopicProblem`]; `tests/fixtures/topic-guard-cases.json` is the table both clients check);
//! - a value of a parameter with an `enum` must be one of its values;
//! - a topic is matched level by level (split on `/`), never with a pattern that could let a
//!   parameter swallow a `/`, and only a topic with exactly the template's levels matches.

use std::fmt;
use std::str::FromStr;

/// The most bytes an MQTT topic or topic filter may have in UTF-8 (a two-byte length prefix).
pub const MAX_TOPIC_BYTES: usize = 65535;

/// Why a text cannot be a topic level, a topic or a topic filter (MQTT 5 §1.5.4, §4.7). The
/// TypeScript client words and orders these the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicProblem {
    /// The text is empty.
    Empty,
    /// `/` in a single topic level.
    Slash,
    /// `+` or `#` where no wildcard may stand (a level of a topic, a topic to publish to).
    Wildcard(char),
    /// A filter's `+` or `#` that does not fill a whole level, or a `#` that is not last.
    MisplacedWildcard,
    /// A control character: U+0000–U+001F or U+007F–U+009F.
    Control(char),
    /// A noncharacter: U+FDD0–U+FDEF, or U+xFFFE / U+xFFFF in any plane.
    Noncharacter(char),
    /// More than [`MAX_TOPIC_BYTES`] bytes in UTF-8 (the number it has).
    TooLong(usize),
    /// A topic to publish to whose first level is `$SYS` or `$share`: brokers refuse
    /// client publishes there (mosquitto answers "not authorized" on MQTT 5 and drops the
    /// message on 3.1.1). Other `$` topics (`$aws/…`) are the broker's business.
    Reserved,
}

/// First levels of a topic that no client may publish to.
pub const RESERVED_FIRST_LEVELS: [&str; 2] = ["$SYS", "$share"];

impl fmt::Display for TopicProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TopicProblem::Empty => write!(f, "must not be empty"),
            TopicProblem::Slash => write!(f, "must not contain \"/\""),
            TopicProblem::Wildcard(_) => {
                write!(f, "must not contain the MQTT wildcards \"+\" or \"#\"")
            }
            TopicProblem::MisplacedWildcard => write!(
                f,
                "must use \"+\" and \"#\" only as a whole topic level, and \"#\" only as the last"
            ),
            TopicProblem::Control(c) => {
                write!(
                    f,
                    "must not contain the control character U+{:04X}",
                    *c as u32
                )
            }
            TopicProblem::Noncharacter(c) => {
                write!(f, "must not contain the noncharacter U+{:04X}", *c as u32)
            }
            TopicProblem::Reserved => write!(
                f,
                "must not start with the level \"$SYS\" or \"$share\" (brokers refuse publishes there)"
            ),
            TopicProblem::TooLong(bytes) => write!(
                f,
                "must not be longer than {MAX_TOPIC_BYTES} bytes in UTF-8 (it has {bytes})"
            ),
        }
    }
}

impl std::error::Error for TopicProblem {}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Level,
    Topic,
    Filter,
}

/// What MQTT forbids anywhere in a topic or filter: control characters and noncharacters.
/// (An unpaired surrogate cannot occur in a `str`; its bytes fail UTF-8 decoding first.)
fn forbidden_character(c: char) -> Option<TopicProblem> {
    let code = c as u32;
    if code <= 0x1f || (0x7f..=0x9f).contains(&code) {
        Some(TopicProblem::Control(c))
    } else if (0xfdd0..=0xfdef).contains(&code) || code & 0xfffe == 0xfffe {
        Some(TopicProblem::Noncharacter(c))
    } else {
        None
    }
}

/// The first problem from the left; a filter's wildcard placement after its characters;
/// the length last.
fn scan(text: &str, role: Role) -> Option<TopicProblem> {
    if text.is_empty() {
        return Some(TopicProblem::Empty);
    }
    if role == Role::Topic {
        let first = text.split('/').next().unwrap_or_default();
        if RESERVED_FIRST_LEVELS.contains(&first) {
            return Some(TopicProblem::Reserved);
        }
    }
    for c in text.chars() {
        if c == '/' && role == Role::Level {
            return Some(TopicProblem::Slash);
        }
        if matches!(c, '+' | '#') && role != Role::Filter {
            return Some(TopicProblem::Wildcard(c));
        }
        if let Some(problem) = forbidden_character(c) {
            return Some(problem);
        }
    }
    if role == Role::Filter {
        let levels: Vec<&str> = text.split('/').collect();
        let misplaced = levels.iter().enumerate().any(|(i, level)| {
            (level.contains('+') && *level != "+")
                || (level.contains('#') && (*level != "#" || i + 1 != levels.len()))
        });
        if misplaced {
            return Some(TopicProblem::MisplacedWildcard);
        }
    }
    (text.len() > MAX_TOPIC_BYTES).then_some(TopicProblem::TooLong(text.len()))
}

/// Why `value` cannot be one topic level (a parameter value, a share group name), if it
/// cannot: empty, `/`, `+`, `#`, a control character, a noncharacter, too long.
pub fn level_problem(value: &str) -> Option<TopicProblem> {
    scan(value, Role::Level)
}

/// Why `topic` cannot be published to, if it cannot: empty, a reserved first level
/// (`$SYS`, `$share`), `+`, `#`, a control character, a noncharacter, too long.
pub fn topic_problem(topic: &str) -> Option<TopicProblem> {
    scan(topic, Role::Topic)
}

/// Why `filter` cannot be subscribed to, if it cannot: empty, a misplaced wildcard, a
/// control character, a noncharacter, too long.
pub fn filter_problem(filter: &str) -> Option<TopicProblem> {
    scan(filter, Role::Filter)
}

/// A parameter value that cannot go into a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParameterError {
    /// The value is empty.
    Empty {
        /// The parameter's name.
        parameter: &'static str,
    },
    /// The value contains a character that changes the topic's structure (`/`, `+`, `#`)
    /// or that MQTT forbids in topics (a control character or a noncharacter).
    ForbiddenCharacter {
        /// The parameter's name.
        parameter: &'static str,
        /// The value.
        value: String,
        /// The offending character.
        character: char,
    },
    /// The value, or the topic it goes into, is longer than [`MAX_TOPIC_BYTES`] in UTF-8.
    TooLong {
        /// The parameter's name (empty when the whole topic is too long).
        parameter: &'static str,
        /// How many bytes it has.
        bytes: usize,
    },
    /// The value is not one of the parameter's `enum` values.
    NotInEnum {
        /// The parameter's name.
        parameter: &'static str,
        /// The value.
        value: String,
        /// The allowed values.
        allowed: &'static [&'static str],
    },
    /// The value does not parse as the parameter's type.
    Invalid {
        /// The parameter's name.
        parameter: &'static str,
        /// The value.
        value: String,
        /// What was expected (`an integer`, …).
        expected: &'static str,
    },
    /// The template has a parameter no value was given for.
    Missing {
        /// The parameter's name.
        parameter: String,
    },
}

impl fmt::Display for ParameterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParameterError::Empty { parameter } => {
                write!(
                    f,
                    "parameter `{parameter}` is empty; a topic level needs a value"
                )
            }
            ParameterError::ForbiddenCharacter {
                parameter,
                value,
                character,
            } => {
                let what = match character {
                    '/' => "`/` (it would split one topic level into two)".to_owned(),
                    '+' => "`+` (an MQTT single-level wildcard)".to_owned(),
                    '#' => "`#` (an MQTT multi-level wildcard)".to_owned(),
                    c => match forbidden_character(*c) {
                        Some(TopicProblem::Noncharacter(_)) => format!(
                            "the noncharacter U+{:04X} (not allowed in MQTT topics)",
                            *c as u32
                        ),
                        _ => format!(
                            "the control character U+{:04X} (not allowed in MQTT topics)",
                            *c as u32
                        ),
                    },
                };
                write!(f, "parameter `{parameter}` value {value:?} contains {what}")
            }
            ParameterError::TooLong {
                parameter: "",
                bytes,
            } => write!(
                f,
                "the topic has {bytes} bytes in UTF-8, more than MQTT's {MAX_TOPIC_BYTES}"
            ),
            ParameterError::TooLong { parameter, bytes } => write!(
                f,
                "parameter `{parameter}` value has {bytes} bytes in UTF-8, more than a topic's {MAX_TOPIC_BYTES}"
            ),
            ParameterError::NotInEnum {
                parameter,
                value,
                allowed,
            } => write!(
                f,
                "parameter `{parameter}` value {value:?} is not one of {}",
                allowed
                    .iter()
                    .map(|a| format!("{a:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ParameterError::Invalid {
                parameter,
                value,
                expected,
            } => write!(
                f,
                "parameter `{parameter}` value {value:?} is not {expected}"
            ),
            ParameterError::Missing { parameter } => {
                write!(f, "no value was given for parameter `{parameter}`")
            }
        }
    }
}

impl std::error::Error for ParameterError {}

/// A topic that does not belong to a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicError {
    /// The topic's levels do not match the address template.
    Mismatch {
        /// The address template.
        address: String,
        /// The topic.
        topic: String,
    },
    /// The levels match, but a parameter's value is not valid.
    Parameter(ParameterError),
}

impl fmt::Display for TopicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TopicError::Mismatch { address, topic } => {
                write!(f, "topic {topic:?} does not match the address {address:?}")
            }
            TopicError::Parameter(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for TopicError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TopicError::Parameter(e) => Some(e),
            TopicError::Mismatch { .. } => None,
        }
    }
}

impl From<ParameterError> for TopicError {
    fn from(e: ParameterError) -> Self {
        TopicError::Parameter(e)
    }
}

/// Checks that `value` can fill one topic level (see [`level_problem`]).
pub fn check_value(parameter: &'static str, value: &str) -> Result<(), ParameterError> {
    match level_problem(value) {
        None => Ok(()),
        Some(TopicProblem::Empty) => Err(ParameterError::Empty { parameter }),
        Some(TopicProblem::TooLong(bytes)) => Err(ParameterError::TooLong { parameter, bytes }),
        Some(
            TopicProblem::Wildcard(character)
            | TopicProblem::Control(character)
            | TopicProblem::Noncharacter(character),
        ) => Err(ParameterError::ForbiddenCharacter {
            parameter,
            value: value.to_string(),
            character,
        }),
        // `Reserved` is about a topic's first level; a level alone never gets it.
        Some(TopicProblem::Slash | TopicProblem::MisplacedWildcard | TopicProblem::Reserved) => {
            Err(ParameterError::ForbiddenCharacter {
                parameter,
                value: value.to_string(),
                character: '/',
            })
        }
    }
}

/// A whole topic (or filter) made from a template must fit MQTT's length limit.
fn check_length(topic: String) -> Result<String, ParameterError> {
    if topic.len() > MAX_TOPIC_BYTES {
        return Err(ParameterError::TooLong {
            parameter: "",
            bytes: topic.len(),
        });
    }
    Ok(topic)
}

/// Checks that `value` is one of `allowed`.
pub fn check_enum(
    parameter: &'static str,
    value: &str,
    allowed: &'static [&'static str],
) -> Result<(), ParameterError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(ParameterError::NotInEnum {
            parameter,
            value: value.to_string(),
            allowed,
        })
    }
}

/// An integer parameter's value, written as the TypeScript client accepts it: decimal, an
/// optional `-`, no leading zeros, no `+`, no fraction.
pub fn parse_integer(parameter: &'static str, value: &str) -> Result<i64, ParameterError> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let shaped = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    match value.parse() {
        Ok(v) if shaped => Ok(v),
        _ => Err(ParameterError::Invalid {
            parameter,
            value: value.to_string(),
            expected: "an integer",
        }),
    }
}

/// A number parameter's value, written as the TypeScript client accepts it (JSON number
/// syntax: no `+`, `NaN`, `inf`, leading zeros or bare `.5`/`1.`).
pub fn parse_number(parameter: &'static str, value: &str) -> Result<f64, ParameterError> {
    let invalid = || ParameterError::Invalid {
        parameter,
        value: value.to_string(),
        expected: "a number",
    };
    let rest = value.strip_prefix('-').unwrap_or(value);
    let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (int, mut rest) = rest.split_at(int_len);
    if int.is_empty() || (int.len() > 1 && int.starts_with('0')) {
        return Err(invalid());
    }
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err(invalid());
        }
        rest = &frac[n..];
    }
    if let Some(exp) = rest.strip_prefix(['e', 'E']) {
        let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        let n = exp.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err(invalid());
        }
        rest = &exp[n..];
    }
    match value.parse::<f64>() {
        Ok(v) if rest.is_empty() && v.is_finite() => Ok(v),
        _ => Err(invalid()),
    }
}

/// A boolean parameter's value: exactly `true` or `false`.
pub fn parse_boolean(parameter: &'static str, value: &str) -> Result<bool, ParameterError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ParameterError::Invalid {
            parameter,
            value: value.to_string(),
            expected: "`true` or `false`",
        }),
    }
}

/// Parses a topic value as `T` (for hand-written channels; generated code uses the
/// stricter [`parse_integer`], [`parse_number`] and [`parse_boolean`]).
pub fn parse_value<T: FromStr>(
    parameter: &'static str,
    value: &str,
    expected: &'static str,
) -> Result<T, ParameterError> {
    value.parse().map_err(|_| ParameterError::Invalid {
        parameter,
        value: value.to_string(),
        expected,
    })
}

/// Whether a message on `topic` reaches a subscription to `filter` (MQTT 5 §4.7): `+` takes
/// exactly one level (an empty one too), `#` the rest including the parent level (`a/#`
/// matches `a`), and a wildcard in the first level never matches a topic starting with `$`.
/// Levels compare by exact text. `filter` is the plain filter, never `$share/<group>/…`:
/// shared messages arrive on their real topic. Public because hand-written routing needs
/// the same rule; `tests/fixtures/topic-matching-cases.json` is the table it shares with the
/// TypeScript client.
///
/// ```
/// use asyncapi_codegen_runtime::topic::matches_filter;
/// assert!(matches_filter("sport/#", "sport"));
/// assert!(!matches_filter("+/monitor", "$SYS/monitor"));
/// ```
pub fn matches_filter(filter: &str, topic: &str) -> bool {
    if topic.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#')) {
        return false;
    }
    let mut topic_levels = topic.split('/');
    for level in filter.split('/') {
        if level == "#" {
            return true;
        }
        match topic_levels.next() {
            Some(t) if level == "+" || level == t => {}
            _ => return false,
        }
    }
    topic_levels.next().is_none()
}

/// One piece of a template level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    Literal(&'a str),
    Parameter(&'a str),
}

/// Splits a template into levels of pieces. `{name}` is a parameter (the text up to the next
/// `}`, as the code generator reads it); a `{` without a closing `}` is literal text.
fn levels(template: &str) -> Vec<Vec<Piece<'_>>> {
    fn push_literal<'a>(levels: &mut Vec<Vec<Piece<'a>>>, literal: &'a str) {
        let mut parts = literal.split('/');
        if let Some(first) = parts.next() {
            if !first.is_empty() {
                levels
                    .last_mut()
                    .expect("never empty")
                    .push(Piece::Literal(first));
            }
        }
        for part in parts {
            levels.push(Vec::new());
            if !part.is_empty() {
                levels
                    .last_mut()
                    .expect("never empty")
                    .push(Piece::Literal(part));
            }
        }
    }
    let mut levels = vec![Vec::new()];
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        push_literal(&mut levels, &rest[..open]);
        levels
            .last_mut()
            .expect("never empty")
            .push(Piece::Parameter(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    push_literal(&mut levels, rest);
    levels
}

/// The distinct parameter names of `template`, in order of first appearance.
pub fn parameter_names(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for level in levels(template) {
        for piece in level {
            if let Piece::Parameter(name) = piece {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

fn lookup<T: Copy>(values: &[(&'static str, T)], name: &str) -> Option<T> {
    values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// The topic for `template` with every `{name}` replaced by its value from `values`
/// (checked with [`check_value`]).
pub fn fill(template: &str, values: &[(&'static str, &str)]) -> Result<String, ParameterError> {
    for (name, value) in values {
        check_value(name, value)?;
    }
    let mut out = Vec::new();
    for level in levels(template) {
        let mut text = String::new();
        for piece in level {
            match piece {
                Piece::Literal(l) => text.push_str(l),
                Piece::Parameter(name) => match lookup(values, name) {
                    Some(v) => text.push_str(v),
                    None => {
                        return Err(ParameterError::Missing {
                            parameter: name.to_string(),
                        })
                    }
                },
            }
        }
        out.push(text);
    }
    check_length(out.join("/"))
}

/// The subscription filter for `template`: a level holding a parameter whose value is
/// `None` (or not given) becomes `+`; given values are checked with [`check_value`].
pub fn filter(
    template: &str,
    values: &[(&'static str, Option<&str>)],
) -> Result<String, ParameterError> {
    for (name, value) in values {
        if let Some(v) = value {
            check_value(name, v)?;
        }
    }
    let mut out = Vec::new();
    for level in levels(template) {
        let mut text = String::new();
        let mut wildcard = false;
        for piece in &level {
            match *piece {
                Piece::Literal(l) => text.push_str(l),
                Piece::Parameter(name) => match lookup(values, name).flatten() {
                    Some(v) => text.push_str(v),
                    None => wildcard = true,
                },
            }
        }
        out.push(if wildcard { "+".to_string() } else { text });
    }
    check_length(out.join("/"))
}

/// Matches one topic level against a template level, filling `found` (parameter index →
/// value). A parameter takes non-empty text without wildcards or NUL that `accept` takes,
/// and the same text wherever it repeats. A parameter followed by literal text ends at the
/// first occurrence of that text that lets the rest match, as in the TypeScript client.
fn match_level<'t>(
    pieces: &[Piece<'_>],
    level: &'t str,
    names: &[&str],
    found: &mut Vec<(usize, &'t str)>,
    accept: &dyn Fn(usize, &str) -> bool,
) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return level.is_empty();
    };
    match *first {
        Piece::Literal(l) => level
            .strip_prefix(l)
            .is_some_and(|after| match_level(rest, after, names, found, accept)),
        Piece::Parameter(name) => {
            let Some(index) = names.iter().position(|n| *n == name) else {
                return false;
            };
            let ends: Vec<usize> = if rest.is_empty() {
                vec![level.len()]
            } else {
                level
                    .char_indices()
                    .map(|(i, _)| i)
                    .skip(1)
                    .chain(std::iter::once(level.len()))
                    .collect()
            };
            for end in ends {
                let value = &level[..end];
                let fits = check_value("", value).is_ok()
                    && accept(index, value)
                    && found.iter().all(|&(i, v)| i != index || v == value);
                if !fits {
                    continue;
                }
                let mark = found.len();
                found.push((index, value));
                if match_level(rest, &level[end..], names, found, accept) {
                    return true;
                }
                found.truncate(mark);
            }
            false
        }
    }
}

/// The values of `template`'s parameters in `topic`, in the order of
/// [`parameter_names`]. `N` is the number of distinct parameters the caller expects; a
/// template with another count never matches.
///
/// The topic must have exactly the template's levels, with the literal text in place; a
/// value is never empty and never holds `/`, `+`, `#` or NUL, and a parameter that appears
/// twice has the same value both times.
pub fn extract<'t, const N: usize>(
    template: &str,
    topic: &'t str,
) -> Result<[&'t str; N], TopicError> {
    extract_where(template, topic, |_, _| true)
}

/// [`extract`], preferring a split of the topic whose values `accept(index, value)` takes
/// (index into [`parameter_names`]). That settles levels holding several parameters, such
/// as `{kind}-{format}` with enum values that contain `-`. When no split is accepted, the
/// values of the plain split are returned, for the caller to report which one is wrong.
pub fn extract_where<'t, const N: usize>(
    template: &str,
    topic: &'t str,
    accept: impl Fn(usize, &str) -> bool,
) -> Result<[&'t str; N], TopicError> {
    let names = parameter_names(template);
    let mismatch = || TopicError::Mismatch {
        address: template.to_string(),
        topic: topic.to_string(),
    };
    if names.len() != N {
        return Err(mismatch());
    }
    let template_levels = levels(template);
    let topic_levels: Vec<&str> = topic.split('/').collect();
    if template_levels.len() != topic_levels.len() {
        return Err(mismatch());
    }
    let split = |accept: &dyn Fn(usize, &str) -> bool| -> Option<[&'t str; N]> {
        let mut found: Vec<(usize, &'t str)> = Vec::new();
        for (pieces, level) in template_levels.iter().zip(&topic_levels) {
            if !match_level(pieces, level, &names, &mut found, accept) {
                return None;
            }
        }
        let mut out = [""; N];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = found.iter().find(|(index, _)| *index == i)?.1;
        }
        Some(out)
    };
    split(&accept)
        .or_else(|| split(&|_, _| true))
        .ok_or_else(mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREETLIGHT: &str =
        "smartylighting/streetlights/1/0/event/{streetlightId}/lighting/measured";

    #[test]
    fn values_are_checked_like_the_typescript_client() {
        assert!(check_value("p", "abc").is_ok());
        assert_eq!(
            check_value("p", ""),
            Err(ParameterError::Empty { parameter: "p" })
        );
        for (value, c) in [("a/b", '/'), ("a+", '+'), ("#", '#'), ("a\0", '\0')] {
            assert_eq!(
                check_value("p", value),
                Err(ParameterError::ForbiddenCharacter {
                    parameter: "p",
                    value: value.into(),
                    character: c
                })
            );
        }
        assert!(check_enum("p", "on", &["on", "off"]).is_ok());
        let e = check_enum("p", "dim", &["on", "off"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "parameter `p` value \"dim\" is not one of \"on\", \"off\""
        );
        assert_eq!(parse_value::<i64>("p", "42", "an integer"), Ok(42));
        assert!(parse_value::<i64>("p", "4x", "an integer").is_err());
        for ok in ["0", "-3", "42"] {
            assert!(parse_integer("p", ok).is_ok(), "{ok}");
        }
        for bad in ["", "-", "+1", "007", "1.0", "1e3", "99999999999999999999"] {
            assert!(parse_integer("p", bad).is_err(), "{bad}");
        }
        for ok in ["0", "-0.5", "1.25", "1e3", "2.5E-2", "10"] {
            assert!(parse_number("p", ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "+1", ".5", "1.", "NaN", "inf", "01", "1e", "1e999", "0x10",
        ] {
            assert!(parse_number("p", bad).is_err(), "{bad}");
        }
        assert_eq!(parse_boolean("p", "true"), Ok(true));
        assert!(parse_boolean("p", "True").is_err());
    }

    #[test]
    fn fill_renders_and_rejects() {
        assert_eq!(
            fill(STREETLIGHT, &[("streetlightId", "abc")]).unwrap(),
            "smartylighting/streetlights/1/0/event/abc/lighting/measured"
        );
        assert!(matches!(
            fill(STREETLIGHT, &[("streetlightId", "a/b")]),
            Err(ParameterError::ForbiddenCharacter { character: '/', .. })
        ));
        assert_eq!(
            fill(STREETLIGHT, &[]),
            Err(ParameterError::Missing {
                parameter: "streetlightId".into()
            })
        );
        assert_eq!(
            fill("a/{x}-{y}/{x}", &[("x", "1"), ("y", "2")]).unwrap(),
            "a/1-2/1"
        );
        assert_eq!(fill("/m/{d}", &[("d", "q")]).unwrap(), "/m/q");
        assert_eq!(fill("plain/topic", &[]).unwrap(), "plain/topic");
    }

    #[test]
    fn filters_turn_unset_parameters_into_whole_level_wildcards() {
        assert_eq!(
            filter(STREETLIGHT, &[("streetlightId", None)]).unwrap(),
            "smartylighting/streetlights/1/0/event/+/lighting/measured"
        );
        assert_eq!(filter("a/{x}/b-{y}", &[("x", Some("1"))]).unwrap(), "a/1/+");
        assert!(filter("a/{x}", &[("x", Some("#"))]).is_err());
    }

    #[test]
    fn extraction_is_per_level_and_exact() {
        let [id] = extract::<1>(
            STREETLIGHT,
            "smartylighting/streetlights/1/0/event/abc/lighting/measured",
        )
        .unwrap();
        assert_eq!(id, "abc");
        // A parameter never swallows a `/`, so an extra level is another channel's topic.
        assert!(extract::<1>(
            STREETLIGHT,
            "smartylighting/streetlights/1/0/event/a/b/lighting/measured"
        )
        .is_err());
        assert!(extract::<1>(
            STREETLIGHT,
            "smartylighting/streetlights/1/0/event//lighting/measured"
        )
        .is_err());
        assert!(extract::<1>(
            STREETLIGHT,
            "smartylighting/streetlights/1/0/event/abc/lighting/dimmed"
        )
        .is_err());
        assert!(extract::<1>(
            STREETLIGHT,
            "smartylighting/streetlights/1/0/event/abc/lighting/measured/x"
        )
        .is_err());
        // Up to the first `-`, as the TypeScript client splits, unless the caller's check
        // rejects that split and accepts another.
        let [x, y] = extract::<2>("a/{x}-{y}.json", "a/1-2-3.json").unwrap();
        assert_eq!((x, y), ("1", "2-3"));
        let [x, y] = extract_where::<2>("a/{x}-{y}.json", "a/1-2-3.json", |i, v| {
            i == 1 || v == "1-2"
        })
        .unwrap();
        assert_eq!((x, y), ("1-2", "3"));
        let [x, _] =
            extract_where::<2>("a/{x}-{y}.json", "a/1-2-3.json", |i, v| i == 1 || v == "9")
                .unwrap();
        assert_eq!(
            x, "1",
            "no accepted split: the plain one, for the caller to report"
        );
        let [x] = extract::<1>("a/{x}/b/{x}", "a/1/b/1").unwrap();
        assert_eq!(x, "1");
        assert!(extract::<1>("a/{x}/b/{x}", "a/1/b/2").is_err());
        assert!(extract::<2>(
            STREETLIGHT,
            "smartylighting/streetlights/1/0/event/abc/lighting/measured"
        )
        .is_err());
        let [] = extract::<0>("user/signedup", "user/signedup").unwrap();
        assert!(extract::<0>("user/signedup", "user/signedup/").is_err());
        assert!(extract::<1>("a/{x}", "a/+").is_err());
    }

    #[test]
    fn unbalanced_braces_are_literal() {
        assert_eq!(parameter_names("a/{b/c}/{d}"), vec!["b/c", "d"]);
        assert_eq!(fill("a/{b", &[]).unwrap(), "a/{b");
        assert_eq!(parameter_names("{x}/{y}/{x}"), vec!["x", "y"]);
    }
}
