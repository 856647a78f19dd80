//! MQTT 5 shared subscriptions: `$share/<group>/<filter>`.
//!
//! Public: called by generated code and by yours, to subscribe as a member of a group.
//!
//! The broker hands each message matching `<filter>` to one member of the group, so several
//! consumers can split a stream between them. Messages arrive on their real topic (not the
//! `$share/...` string), so routing and parameter extraction work on the filter alone, and an
//! unsubscribe must name the whole shared string.

use crate::topic::{level_problem, TopicProblem};
use std::fmt;

/// A share group name that cannot form `$share/<group>/<filter>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The group name is empty.
    Empty,
    /// The group name contains `/`, `+` or `#`, which would change the subscription's
    /// structure (MQTT 5 §4.8.2: a ShareName must not contain them), or a character MQTT
    /// forbids in topics (a control character or a noncharacter).
    ForbiddenCharacter {
        /// The group name.
        group: String,
        /// The offending character.
        character: char,
    },
    /// The group name is longer than a topic may be (65,535 bytes in UTF-8).
    TooLong {
        /// How many bytes it has.
        bytes: usize,
    },
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::Empty => write!(f, "the share group name is empty; name the group"),
            ShareError::ForbiddenCharacter { group, character } => {
                let what = match character {
                    '/' => "`/`".to_owned(),
                    '+' => "`+` (a wildcard)".to_owned(),
                    '#' => "`#` (a wildcard)".to_owned(),
                    c => format!("U+{:04X} (MQTT forbids it in topics)", *c as u32),
                };
                write!(
                    f,
                    "share group {group:?} contains {what}; a group name is one topic level without wildcards"
                )
            }
            ShareError::TooLong { bytes } => write!(
                f,
                "the share group name has {bytes} bytes in UTF-8, more than a topic may have (65535)"
            ),
        }
    }
}

impl std::error::Error for ShareError {}

/// Checks a share group name as one topic level (see [`crate::topic::level_problem`]):
/// not empty, no `/`, `+`, `#`, control characters or noncharacters.
pub fn check_group(group: &str) -> Result<(), ShareError> {
    match level_problem(group) {
        None => Ok(()),
        Some(TopicProblem::Empty) => Err(ShareError::Empty),
        Some(TopicProblem::TooLong(bytes)) => Err(ShareError::TooLong { bytes }),
        Some(
            TopicProblem::Wildcard(character)
            | TopicProblem::Control(character)
            | TopicProblem::Noncharacter(character),
        ) => Err(ShareError::ForbiddenCharacter {
            group: group.to_owned(),
            character,
        }),
        // `Reserved` is about a topic's first level; a level alone never gets it.
        Some(TopicProblem::Slash | TopicProblem::MisplacedWildcard | TopicProblem::Reserved) => {
            Err(ShareError::ForbiddenCharacter {
                group: group.to_owned(),
                character: '/',
            })
        }
    }
}

/// `$share/<group>/<filter>`, after checking the group name.
///
/// ```
/// use asyncapi_codegen_runtime::share::{self, ShareError};
/// assert_eq!(share::shared_filter("workers", "jobs/+/run")?, "$share/workers/jobs/+/run");
/// assert_eq!(share::shared_filter("", "jobs/#"), Err(ShareError::Empty));
/// assert!(share::shared_filter("a/b", "jobs/#").is_err());
/// # Ok::<(), ShareError>(())
/// ```
pub fn shared_filter(group: &str, filter: &str) -> Result<String, ShareError> {
    check_group(group)?;
    Ok(format!("$share/{group}/{filter}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_are_one_level_without_wildcards() {
        assert!(check_group("workers").is_ok());
        assert!(check_group("w-1.ö").is_ok());
        assert_eq!(check_group(""), Err(ShareError::Empty));
        for (group, character) in [("a/b", '/'), ("a+", '+'), ("#", '#'), ("a\0", '\0')] {
            assert_eq!(
                check_group(group),
                Err(ShareError::ForbiddenCharacter {
                    group: group.to_owned(),
                    character
                })
            );
        }
        let message = check_group("a/b").unwrap_err().to_string();
        assert!(message.contains("one topic level"), "{message}");
    }

    #[test]
    fn the_shared_filter_prefixes_the_filter() {
        assert_eq!(
            shared_filter("g", "a/+/c").unwrap(),
            "$share/g/a/+/c".to_owned()
        );
    }
}
