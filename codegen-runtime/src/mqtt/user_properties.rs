//! Message headers as MQTT 5 user properties, typed by the header schema.
//!
//! Public: the rumqttc client encodes and decodes headers with it; a client of your own can
//! do the same.
//!
//! User properties are string pairs, so a header value travels as text: a string as it is,
//! anything else (number, boolean, object, array) as its JSON text. On receive, each value
//! is read back by the Rust type of its field: a `String` field takes the text as it is, an
//! integer field parses it, a struct field parses it as JSON. This is the same encoding as
//! the generated TypeScript client, so headers round-trip between the two.

use serde::de::value::{Error, MapDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Unexpected, Visitor};
use serde::Serialize;
use std::fmt;

/// Why headers could not be turned into user properties or back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderError {
    message: String,
}

impl HeaderError {
    fn new(message: impl Into<String>) -> HeaderError {
        HeaderError {
            message: message.into(),
        }
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid message headers: {}", self.message)
    }
}

impl std::error::Error for HeaderError {}

/// Encodes `headers` (a struct or map) as user properties, in field order.
///
/// Strings go as they are; numbers, booleans, arrays and objects as JSON text; `None`
/// (JSON `null`) fields are left out.
pub fn encode<T: Serialize + ?Sized>(headers: &T) -> Result<Vec<(String, String)>, HeaderError> {
    let value = serde_json::to_value(headers).map_err(|e| HeaderError::new(e.to_string()))?;
    let object = match value {
        serde_json::Value::Object(object) => object,
        serde_json::Value::Null => return Ok(Vec::new()),
        other => {
            return Err(HeaderError::new(format!(
                "headers must be an object with one field per header, not `{other}`"
            )))
        }
    };
    Ok(object
        .into_iter()
        .filter_map(|(name, value)| match value {
            serde_json::Value::Null => None,
            serde_json::Value::String(text) => Some((name, text)),
            other => Some((name, other.to_string())),
        })
        .collect())
}

/// Decodes user properties into `T`, reading each value by the type of its field.
///
/// Properties without a field in `T` are ignored (other clients may add their own), unless
/// `T` denies unknown fields. A property given twice is an error.
pub fn decode<T: DeserializeOwned>(properties: &[(String, String)]) -> Result<T, HeaderError> {
    let entries = properties
        .iter()
        .map(|(name, value)| (name.as_str(), PropertyValue(value.as_str())));
    // A map deserialiser checks that every entry was consumed (`end`) itself.
    T::deserialize(MapDeserializer::<_, Error>::new(entries))
        .map_err(|e| HeaderError::new(e.to_string()))
}

/// One user-property value, deserialised according to the type asked for.
#[derive(Clone, Copy)]
struct PropertyValue<'a>(&'a str);

impl<'de> IntoDeserializer<'de, Error> for PropertyValue<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> PropertyValue<'de> {
    fn parse<N: std::str::FromStr>(self, visitor: &dyn de::Expected) -> Result<N, Error> {
        self.0
            .parse()
            .map_err(|_| de::Error::invalid_value(Unexpected::Str(self.0), visitor))
    }

    /// Reads the text as JSON (objects, arrays, and whatever a self-describing target asks).
    fn json<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value: serde_json::Value = serde_json::from_str(self.0)
            .map_err(|e| de::Error::custom(format!("`{}` is not JSON: {e}", self.0)))?;
        de::Deserializer::deserialize_any(value, visitor).map_err(de::Error::custom)
    }
}

macro_rules! parse_as {
    ($($method:ident => $ty:ty, $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let number: $ty = self.parse(&visitor)?;
            visitor.$visit(number)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for PropertyValue<'de> {
    type Error = Error;

    /// A target that does not say its type (`serde_json::Value`, untagged enums): JSON text
    /// when it parses as JSON, the raw string otherwise.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match serde_json::from_str::<serde_json::Value>(self.0) {
            Ok(value) => {
                de::Deserializer::deserialize_any(value, visitor).map_err(de::Error::custom)
            }
            Err(_) => visitor.visit_borrowed_str(self.0),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(de::Error::invalid_value(Unexpected::Str(self.0), &visitor)),
        }
    }

    parse_as! {
        deserialize_i8 => i64, visit_i64;
        deserialize_i16 => i64, visit_i64;
        deserialize_i32 => i64, visit_i64;
        deserialize_i64 => i64, visit_i64;
        deserialize_i128 => i128, visit_i128;
        deserialize_u8 => u64, visit_u64;
        deserialize_u16 => u64, visit_u64;
        deserialize_u32 => u64, visit_u64;
        deserialize_u64 => u64, visit_u64;
        deserialize_u128 => u128, visit_u128;
        deserialize_f32 => f64, visit_f64;
        deserialize_f64 => f64, visit_f64;
    }

    /// A present property is `Some`; absent ones never reach here (serde fills `None`).
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// String enums (the usual enum header) are their variant name, as on the wire.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.json(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.json(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.json(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.json(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.json(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.json(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.json(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_bytes(self.0.as_bytes())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_bytes(self.0.as_bytes())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Headers {
        trace_id: String,
        sequence: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        urgent: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        origin: Option<BTreeMap<String, f64>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        level: Option<Level>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Level {
        Low,
        High,
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn strings_travel_raw_and_the_rest_as_json_text() {
        let headers = Headers {
            trace_id: "42".into(),
            sequence: 7,
            urgent: Some(true),
            origin: Some(BTreeMap::from([("lat".to_string(), 55.5)])),
            level: Some(Level::High),
        };
        let encoded = encode(&headers).unwrap();
        assert_eq!(
            encoded,
            pairs(&[
                ("traceId", "42"),
                ("sequence", "7"),
                ("urgent", "true"),
                ("origin", r#"{"lat":55.5}"#),
                ("level", "high"),
            ])
        );
        // A numeric-looking string stays a string, because the field says so.
        assert_eq!(decode::<Headers>(&encoded).unwrap(), headers);
    }

    #[test]
    fn absent_optional_headers_are_left_out_and_read_back_as_none() {
        let headers = Headers {
            trace_id: "t".into(),
            sequence: 0,
            urgent: None,
            origin: None,
            level: None,
        };
        let encoded = encode(&headers).unwrap();
        assert_eq!(encoded, pairs(&[("traceId", "t"), ("sequence", "0")]));
        assert_eq!(decode::<Headers>(&encoded).unwrap(), headers);
    }

    #[test]
    fn unknown_properties_are_ignored() {
        let decoded: Headers = decode(&pairs(&[
            ("x-proxy", "yes"),
            ("traceId", "t"),
            ("sequence", "1"),
        ]))
        .unwrap();
        assert_eq!(decoded.sequence, 1);
    }

    #[test]
    fn wrong_values_are_errors_not_panics() {
        let bad_number = decode::<Headers>(&pairs(&[("traceId", "t"), ("sequence", "seven")]));
        assert!(bad_number.unwrap_err().to_string().contains("seven"));
        let negative = decode::<Headers>(&pairs(&[("traceId", "t"), ("sequence", "-1")]));
        assert!(negative.is_err());
        let missing = decode::<Headers>(&pairs(&[("traceId", "t")])).unwrap_err();
        assert!(missing.to_string().contains("sequence"), "{missing}");
        let bad_enum = decode::<Headers>(&pairs(&[
            ("traceId", "t"),
            ("sequence", "1"),
            ("level", "medium"),
        ]));
        assert!(bad_enum.is_err());
        let bad_json = decode::<Headers>(&pairs(&[
            ("traceId", "t"),
            ("sequence", "1"),
            ("origin", "{"),
        ]));
        assert!(bad_json.unwrap_err().to_string().contains("not JSON"));
        let twice = decode::<Headers>(&pairs(&[
            ("traceId", "a"),
            ("traceId", "b"),
            ("sequence", "1"),
        ]));
        assert!(twice.unwrap_err().to_string().contains("duplicate"));
    }

    #[test]
    fn headers_must_be_an_object() {
        assert!(encode(&5).is_err());
        assert_eq!(encode(&()).unwrap(), Vec::new());
    }
}
