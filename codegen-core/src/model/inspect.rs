//! `asyncapi-codegen inspect`: the normalised model as JSON.
//!
//! Public: asyncapi-codegen-build's command line prints it.
//!
//! The shape (issue 2 §6), with more fields than the minimum: `asyncapi`, `title`,
//! `version`, `defaultContentType`, `servers`, `channels` (id, address, parameters with
//! type/enum/default/declared, message ids), `operations` (id, action, channel, message
//! ids, reply, MQTT binding), `messages` (id, name, type name, payload/headers type names,
//! content type, correlation id, MQTT binding) and `types` (name and kind of every type).
//! Absent optional values are left out rather than written as `null`, except `address`,
//! where `null` means "decided at run time". Keys and lists are in a fixed order, so the
//! same document always gives the same bytes.

use crate::model::{
    Channel, Message, Model, MqttMessageBinding, MqttOperationBinding, Operation, Server, TypeId,
    TypeKind,
};
use serde_json::{json, Map, Value};

/// The model as pretty-printed JSON, ending with a newline.
pub fn inspect_json(model: &Model) -> String {
    let mut root = Map::new();
    root.insert("asyncapi".into(), json!(model.asyncapi));
    root.insert("title".into(), json!(model.title));
    root.insert("version".into(), json!(model.version));
    put(
        &mut root,
        "defaultContentType",
        model.default_content_type.as_ref().map(|c| json!(c)),
    );
    root.insert("servers".into(), model.servers.iter().map(server).collect());
    root.insert(
        "channels".into(),
        model.channels.iter().map(|c| channel(model, c)).collect(),
    );
    root.insert(
        "operations".into(),
        model
            .operations
            .iter()
            .map(|o| operation(model, o))
            .collect(),
    );
    root.insert(
        "messages".into(),
        model.messages.iter().map(|m| message(model, m)).collect(),
    );
    root.insert(
        "types".into(),
        model
            .types
            .types
            .iter()
            .map(|t| json!({"name": t.name, "kind": kind_name(&t.kind)}))
            .collect(),
    );
    let mut out =
        serde_json::to_string_pretty(&Value::Object(root)).expect("a JSON value always serialises");
    out.push('\n');
    out
}

/// Inserts `value` under `key` when there is one.
fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_string(), v);
    }
}

fn server(s: &Server) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(s.id));
    m.insert("host".into(), json!(s.host));
    put(&mut m, "pathname", s.pathname.as_ref().map(|p| json!(p)));
    m.insert("protocol".into(), json!(s.protocol));
    put(
        &mut m,
        "protocolVersion",
        s.protocol_version.as_ref().map(|p| json!(p)),
    );
    let vars: Vec<Value> = s
        .variables
        .iter()
        .map(|v| {
            let mut o = Map::new();
            o.insert("name".into(), json!(v.name));
            put(&mut o, "enum", v.enum_values.as_ref().map(|e| json!(e)));
            put(&mut o, "default", v.default.as_ref().map(|d| json!(d)));
            Value::Object(o)
        })
        .collect();
    m.insert("variables".into(), Value::Array(vars));
    if let Some(b) = &s.mqtt {
        let mut o = Map::new();
        put(&mut o, "clientId", b.client_id.as_ref().map(|v| json!(v)));
        put(&mut o, "cleanSession", b.clean_session.map(|v| json!(v)));
        put(&mut o, "keepAlive", b.keep_alive.map(|v| json!(v)));
        if let Some(lw) = &b.last_will {
            let mut w = Map::new();
            put(&mut w, "topic", lw.topic.as_ref().map(|v| json!(v)));
            put(&mut w, "qos", lw.qos.map(|v| json!(v)));
            put(&mut w, "message", lw.message.as_ref().map(|v| json!(v)));
            put(&mut w, "retain", lw.retain.map(|v| json!(v)));
            o.insert("lastWill".into(), Value::Object(w));
        }
        put(
            &mut o,
            "sessionExpiryInterval",
            b.session_expiry_interval.map(|v| json!(v)),
        );
        put(
            &mut o,
            "maximumPacketSize",
            b.maximum_packet_size.map(|v| json!(v)),
        );
        m.insert("mqtt".into(), Value::Object(o));
    }
    if !s.security.is_empty() {
        let alternatives: Vec<Value> = s
            .security
            .iter()
            .map(|all| {
                all.iter()
                    .map(|scheme| json!({"name": scheme.name, "type": scheme.kind}))
                    .collect()
            })
            .collect();
        m.insert("security".into(), Value::Array(alternatives));
    }
    Value::Object(m)
}

fn channel(model: &Model, c: &Channel) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(c.id));
    m.insert(
        "address".into(),
        c.address.as_ref().map_or(Value::Null, |a| json!(a.raw)),
    );
    let params: Vec<Value> = c
        .parameters
        .iter()
        .map(|p| {
            let mut o = Map::new();
            o.insert("name".into(), json!(p.name));
            o.insert("type".into(), json!(p.ty.as_str()));
            put(&mut o, "enum", p.enum_values.as_ref().map(|e| json!(e)));
            put(&mut o, "default", p.default.as_ref().map(|d| json!(d)));
            if !p.examples.is_empty() {
                o.insert("examples".into(), json!(p.examples));
            }
            put(
                &mut o,
                "location",
                p.runtime_location.as_ref().map(|l| json!(l)),
            );
            if !p.declared {
                o.insert("declared".into(), json!(false));
            }
            Value::Object(o)
        })
        .collect();
    m.insert("parameters".into(), Value::Array(params));
    m.insert(
        "messages".into(),
        c.messages
            .iter()
            .map(|id| json!(model.message(*id).id))
            .collect(),
    );
    put(&mut m, "servers", c.servers.as_ref().map(|s| json!(s)));
    Value::Object(m)
}

fn operation_binding(b: &MqttOperationBinding) -> Value {
    let mut o = Map::new();
    put(&mut o, "qos", b.qos.map(|v| json!(v)));
    put(&mut o, "retain", b.retain.map(|v| json!(v)));
    put(
        &mut o,
        "messageExpiryInterval",
        b.message_expiry_interval.map(|v| json!(v)),
    );
    Value::Object(o)
}

fn operation(model: &Model, op: &Operation) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(op.id));
    m.insert("action".into(), json!(op.action.as_str()));
    m.insert("channel".into(), json!(model.channel(op.channel).id));
    m.insert(
        "messages".into(),
        op.messages
            .iter()
            .map(|id| json!(model.message(*id).id))
            .collect(),
    );
    if let Some(r) = &op.reply {
        let mut o = Map::new();
        put(
            &mut o,
            "channel",
            r.channel.map(|c| json!(model.channel(c).id)),
        );
        put(&mut o, "address", r.address.as_ref().map(|a| json!(a)));
        o.insert(
            "messages".into(),
            r.messages
                .iter()
                .map(|id| json!(model.message(*id).id))
                .collect(),
        );
        m.insert("reply".into(), Value::Object(o));
    }
    put(&mut m, "mqtt", op.mqtt.as_ref().map(operation_binding));
    Value::Object(m)
}

fn type_name(model: &Model, id: Option<TypeId>) -> Option<Value> {
    id.map(|t| json!(model.types.get(t).name))
}

fn message_binding(model: &Model, b: &MqttMessageBinding) -> Value {
    let mut o = Map::new();
    put(
        &mut o,
        "payloadFormatIndicator",
        b.payload_format_indicator.map(|v| json!(v)),
    );
    put(
        &mut o,
        "correlationDataType",
        type_name(model, b.correlation_data),
    );
    put(
        &mut o,
        "contentType",
        b.content_type.as_ref().map(|v| json!(v)),
    );
    put(
        &mut o,
        "responseTopic",
        b.response_topic.as_ref().map(|v| json!(v)),
    );
    Value::Object(o)
}

fn message(model: &Model, msg: &Message) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(msg.id));
    m.insert("name".into(), json!(msg.name));
    m.insert("typeName".into(), json!(msg.type_name));
    m.insert(
        "payloadType".into(),
        type_name(model, msg.payload).unwrap_or(Value::Null),
    );
    put(&mut m, "headersType", type_name(model, msg.headers));
    put(
        &mut m,
        "contentType",
        msg.content_type.as_ref().map(|c| json!(c)),
    );
    put(
        &mut m,
        "correlationId",
        msg.correlation_id.as_ref().map(|c| json!(c.location)),
    );
    put(
        &mut m,
        "mqtt",
        msg.mqtt.as_ref().map(|b| message_binding(model, b)),
    );
    Value::Object(m)
}

/// A short word for a type's kind.
fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Any => "any",
        TypeKind::Null => "null",
        TypeKind::Boolean => "boolean",
        TypeKind::String(_) => "string",
        TypeKind::Integer(_) => "integer",
        TypeKind::Number(_) => "number",
        TypeKind::Array(_) => "array",
        TypeKind::Object(_) => "object",
        TypeKind::Const(_) => "const",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
        TypeKind::AllOf(_) => "allOf",
        TypeKind::Unsupported(_) => "unsupported",
    }
}
