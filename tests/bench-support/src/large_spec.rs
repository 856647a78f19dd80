//! Synthetic AsyncAPI 3.0.0 documents of any size.
//!
//! Each of N channels has:
//! - the address `devices/{deviceId}/telemetry/<i>` (one channel parameter, `deviceId`);
//! - one message whose payload is an object of 12 properties of mixed types: strings with
//!   formats and a pattern, bounded integers and numbers, a boolean, a string enum, arrays
//!   of strings and of nested objects, and a nested object with its own `required` list;
//! - a `send<i>` and a `receive<i>` operation, so both publish and subscribe code is
//!   generated.
//!
//! Schemas, messages and parameters live under `components` and are referenced with local
//! `$ref`s, as in hand-written documents. The output is deterministic, and byte-identical to
//! the `gen_large_spec.py` script the figures in the README were first measured with.
//!
//! ```
//! let yaml = bench_support::large_spec::yaml(2);
//! assert!(yaml.starts_with("asyncapi: \"3.0.0\"\n"));
//! assert!(yaml.contains("devices/{deviceId}/telemetry/1"));
//! let json: serde_json::Value = serde_json::from_str(&bench_support::large_spec::json(2)).unwrap();
//! assert_eq!(json["channels"].as_object().unwrap().len(), 2);
//! ```

use serde_json::{json, Map, Value};

/// The document with `channels` channels, as a JSON value (keys in document order).
pub fn document(channels: usize) -> Value {
    let mut channel_map = Map::new();
    let mut operations = Map::new();
    let mut messages = Map::new();
    let mut schemas = Map::new();
    for i in 0..channels {
        let channel = format!("telemetry{i}");
        let message = format!("Telemetry{i}");
        let schema = format!("Telemetry{i}Payload");
        channel_map.insert(
            channel.clone(),
            json!({
                "address": format!("devices/{{deviceId}}/telemetry/{i}"),
                "parameters": {"deviceId": {"$ref": "#/components/parameters/deviceId"}},
                "messages": {message.clone(): {"$ref": format!("#/components/messages/{message}")}},
            }),
        );
        for action in ["send", "receive"] {
            operations.insert(
                format!("{action}Telemetry{i}"),
                json!({
                    "action": action,
                    "channel": {"$ref": format!("#/channels/{channel}")},
                    "messages": [{"$ref": format!("#/channels/{channel}/messages/{message}")}],
                }),
            );
        }
        messages.insert(
            message.clone(),
            json!({
                "name": message,
                "contentType": "application/json",
                "payload": {"$ref": format!("#/components/schemas/{schema}")},
            }),
        );
        schemas.insert(schema, payload_schema(i));
    }
    json!({
        "asyncapi": "3.0.0",
        "info": {
            "title": "Synthetic Device Telemetry",
            "version": "1.0.0",
            "description": format!("{channels} synthetic MQTT telemetry channels for benchmarks"),
        },
        "defaultContentType": "application/json",
        "channels": channel_map,
        "operations": operations,
        "components": {
            "parameters": {"deviceId": {"description": "Device identifier"}},
            "messages": messages,
            "schemas": schemas,
        },
    })
}

/// The payload schema of channel `i`: an object of 12 properties of mixed types.
fn payload_schema(i: usize) -> Value {
    json!({
        "type": "object",
        "description": format!("Telemetry sample number {i} reported by a device"),
        "required": ["deviceId", "timestamp", "temperature", "status", "location"],
        "properties": {
            "deviceId": {"type": "string", "description": "Device identifier"},
            "timestamp": {"type": "string", "format": "date-time"},
            "sequence": {"type": "integer", "minimum": 0, "maximum": 2147483647},
            "temperature": {"type": "number", "description": "Degrees Celsius"},
            "online": {"type": "boolean"},
            "status": {
                "type": "string",
                "enum": ["ok", "warning", "error", format!("maintenance{}", i % 7)],
            },
            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 16},
            "location": {
                "type": "object",
                "required": ["lat", "lon"],
                "properties": {
                    "lat": {"type": "number", "minimum": -90, "maximum": 90},
                    "lon": {"type": "number", "minimum": -180, "maximum": 180},
                    "altitude": {"type": "number"},
                },
            },
            "readings": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["sensor", "value"],
                    "properties": {
                        "sensor": {"type": "string"},
                        "value": {"type": "number"},
                        "unit": {"type": "string", "enum": ["C", "F", "Pa", "%"]},
                    },
                },
            },
            "firmware": {"type": "string", "pattern": "^[0-9]+\\.[0-9]+\\.[0-9]+$"},
            "contactEmail": {"type": "string", "format": "email"},
        },
    })
}

/// The document as block-style YAML, ending with a newline.
pub fn yaml(channels: usize) -> String {
    let mut out = String::new();
    write_yaml(&document(channels), 0, &mut out);
    out.push('\n');
    out
}

/// The document as pretty-printed JSON (two-space indent), ending with a newline.
pub fn json(channels: usize) -> String {
    let mut text = serde_json::to_string_pretty(&document(channels)).expect("a JSON value");
    text.push('\n');
    text
}

/// Writes `node` at `indent` levels (two spaces each); lines are joined by `\n` with no
/// trailing newline. Scalars and keys that are not plain identifiers are JSON strings,
/// which are valid YAML double-quoted scalars.
fn write_yaml(node: &Value, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    let mut first = true;
    let mut line = |out: &mut String, text: &str| {
        if !std::mem::take(&mut first) {
            out.push('\n');
        }
        out.push_str(text);
    };
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                let key = if is_identifier(key) {
                    key.clone()
                } else {
                    Value::from(key.as_str()).to_string()
                };
                match value {
                    Value::Object(m) if !m.is_empty() => {
                        line(out, &format!("{pad}{key}:"));
                        out.push('\n');
                        write_yaml(value, indent + 1, out);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        line(out, &format!("{pad}{key}:"));
                        out.push('\n');
                        write_yaml(value, indent + 1, out);
                    }
                    Value::Object(_) => line(out, &format!("{pad}{key}: {{}}")),
                    Value::Array(_) => line(out, &format!("{pad}{key}: []")),
                    scalar => line(out, &format!("{pad}{key}: {scalar}")),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                let nested = matches!(item, Value::Object(m) if !m.is_empty())
                    || matches!(item, Value::Array(a) if !a.is_empty());
                if nested {
                    let mut body = String::new();
                    write_yaml(item, indent + 1, &mut body);
                    line(out, &format!("{pad}- {}", body.trim_start()));
                } else {
                    line(out, &format!("{pad}- {item}"));
                }
            }
        }
        scalar => line(out, &scalar.to_string()),
    }
}

/// Python's `str.isidentifier` for the ASCII keys this document has.
fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
