//! Payload bytes by [`PayloadFormat`]: JSON text, raw UTF-8 text, or raw bytes.
//!
//! Generic over serde types, so the typed publish and decode functions keep their bounds:
//! a text payload is any type that serialises to a JSON string (`String`, a string enum),
//! a bytes payload one that serialises to a sequence of `u8` or to bytes (`Vec<u8>`).

use super::PayloadFormat;
use serde::de::value::{Error as ValueError, SeqDeserializer};
use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::Serialize;

fn encode_error(message: impl std::fmt::Display) -> serde_json::Error {
    <serde_json::Error as serde::ser::Error>::custom(message)
}

fn decode_error(message: impl std::fmt::Display) -> serde_json::Error {
    <serde_json::Error as serde::de::Error>::custom(message)
}

/// The bytes `payload` travels as.
pub(crate) fn encode<T: Serialize + ?Sized>(
    format: PayloadFormat,
    payload: &T,
) -> Result<Vec<u8>, serde_json::Error> {
    match format {
        PayloadFormat::Json => serde_json::to_vec(payload),
        PayloadFormat::Text => match serde_json::to_value(payload)? {
            serde_json::Value::String(text) => Ok(text.into_bytes()),
            other => Err(encode_error(format!(
                "a text payload must be a string, not {}",
                kind(&other)
            ))),
        },
        PayloadFormat::Bytes => match serde_json::to_value(payload)? {
            serde_json::Value::Array(items) => items
                .iter()
                .map(|item| {
                    item.as_u64()
                        .and_then(|b| u8::try_from(b).ok())
                        .ok_or_else(|| encode_error("a bytes payload must be bytes"))
                })
                .collect(),
            other => Err(encode_error(format!(
                "a bytes payload must be bytes (Vec<u8>), not {}",
                kind(&other)
            ))),
        },
    }
}

/// Why received payload bytes are not a value.
#[derive(Debug)]
pub(crate) enum DecodeProblem {
    /// Text or JSON that is not valid UTF-8: the offset of the first bad byte.
    NotUtf8(usize),
    /// Not JSON, or not a value of the payload type.
    Invalid(serde_json::Error),
}

/// The value `bytes` hold. Text and JSON must be valid UTF-8.
pub(crate) fn decode<T: DeserializeOwned>(
    format: PayloadFormat,
    bytes: &[u8],
) -> Result<T, DecodeProblem> {
    if format == PayloadFormat::Bytes {
        let items = SeqDeserializer::<_, ValueError>::new(bytes.iter().copied());
        return T::deserialize(items).map_err(|e| DecodeProblem::Invalid(decode_error(e)));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| DecodeProblem::NotUtf8(e.valid_up_to()))?;
    match format {
        PayloadFormat::Text => {
            let deserializer: serde::de::value::StrDeserializer<'_, ValueError> =
                text.into_deserializer();
            T::deserialize(deserializer).map_err(|e| {
                DecodeProblem::Invalid(decode_error(format!(
                    "the text does not fit the payload type: {e}"
                )))
            })
        }
        _ => serde_json::from_str(text).map_err(DecodeProblem::Invalid),
    }
}

fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    enum Level {
        #[serde(rename = "warn")]
        Warn,
    }

    #[test]
    fn text_travels_without_json_quotes() {
        let bytes = encode(PayloadFormat::Text, "héllo \"x\"").unwrap();
        assert_eq!(bytes, "héllo \"x\"".as_bytes());
        let back: String = decode(PayloadFormat::Text, &bytes).unwrap();
        assert_eq!(back, "héllo \"x\"");
        assert_eq!(encode(PayloadFormat::Text, &Level::Warn).unwrap(), b"warn");
        let level: Level = decode(PayloadFormat::Text, b"warn").unwrap();
        assert_eq!(level, Level::Warn);
        assert!(decode::<Level>(PayloadFormat::Text, b"loud").is_err());
        assert!(encode(PayloadFormat::Text, &42).is_err());
    }

    #[test]
    fn invalid_utf8_is_named_for_text_and_json() {
        for format in [PayloadFormat::Text, PayloadFormat::Json] {
            match decode::<String>(format, b"ok\xff") {
                Err(DecodeProblem::NotUtf8(2)) => {}
                other => panic!("{format:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn bytes_travel_as_they_are() {
        let raw: Vec<u8> = vec![0, 0xff, b'{', 0x80];
        assert_eq!(encode(PayloadFormat::Bytes, &raw).unwrap(), raw);
        let back: Vec<u8> = decode(PayloadFormat::Bytes, &raw).unwrap();
        assert_eq!(back, raw);
        assert!(encode(PayloadFormat::Bytes, "text").is_err());
    }

    #[test]
    fn json_is_as_before() {
        assert_eq!(encode(PayloadFormat::Json, "a").unwrap(), b"\"a\"");
        let v: String = decode(PayloadFormat::Json, b"\"a\"").unwrap();
        assert_eq!(v, "a");
    }
}
