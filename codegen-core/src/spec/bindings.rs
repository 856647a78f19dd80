//! MQTT bindings (bindings 0.2.0) of servers, operations and messages.
//!
//! Several binding fields may be written as a schema instead of a value
//! (`sessionExpiryInterval: {type: integer, minimum: 30}`); such a field keeps the schema's
//! `const`, else its `default`, else nothing. Other bindings (amqp, kafka, ws...) are
//! ignored: nothing we generate uses them.

use crate::model::{LastWill, MqttMessageBinding, MqttOperationBinding, MqttServerBinding};
use crate::spec::context::{Ctx, Src};
use crate::spec::schema::NameHint;
use crate::spec::traits::Layers;

/// The `bindings.mqtt` view of a target and its traits.
fn mqtt_layers<'s>(ctx: &mut Ctx<'s>, layers: &Layers<'s>) -> Option<Layers<'s>> {
    let bindings = layers.nested(ctx, "bindings");
    if bindings.is_empty() {
        return None;
    }
    let mqtt = bindings.nested(ctx, "mqtt");
    (!mqtt.is_empty()).then_some(mqtt)
}

/// A value, or the `const`/`default` of a schema given in its place.
fn value_of<'s>(ctx: &mut Ctx<'s>, src: Src<'s>) -> Option<Src<'s>> {
    let src = ctx.follow(src)?;
    if src.node.as_object().is_some() {
        src.child("const").or_else(|| src.child("default"))
    } else if src.node.is_null() {
        None
    } else {
        Some(src)
    }
}

/// A QoS level: 0, 1 or 2.
fn qos<'s>(ctx: &mut Ctx<'s>, src: Src<'s>) -> Option<u8> {
    let src = value_of(ctx, src)?;
    match src.node.as_number().and_then(|n| n.as_i64()) {
        Some(q @ 0..=2) => Some(q as u8),
        _ => {
            let shown = crate::spec::context::scalar_text(src.node);
            ctx.error(
                &src,
                format!("MQTT `qos` must be 0, 1 or 2, found {shown}"),
                "use 0 (at most once), 1 (at least once) or 2 (exactly once)",
            );
            None
        }
    }
}

fn field_bool<'s>(ctx: &mut Ctx<'s>, l: &Layers<'s>, key: &str) -> Option<bool> {
    let v = value_of(ctx, l.first(key)?)?;
    ctx.boolean(&v, key)
}

fn field_u64<'s>(ctx: &mut Ctx<'s>, l: &Layers<'s>, key: &str) -> Option<u64> {
    let v = value_of(ctx, l.first(key)?)?;
    ctx.unsigned(&v, key)
}

fn field_string<'s>(ctx: &mut Ctx<'s>, l: &Layers<'s>, key: &str) -> Option<String> {
    let v = value_of(ctx, l.first(key)?)?;
    ctx.as_string(&v, key)
}

/// The MQTT operation binding of an operation (traits applied through `layers`).
pub(crate) fn operation<'s>(
    ctx: &mut Ctx<'s>,
    layers: &Layers<'s>,
) -> Option<MqttOperationBinding> {
    let mqtt = mqtt_layers(ctx, layers)?;
    let qos = match mqtt.first("qos") {
        Some(q) => qos(ctx, q),
        None => None,
    };
    Some(MqttOperationBinding {
        qos,
        retain: field_bool(ctx, &mqtt, "retain"),
        message_expiry_interval: field_u64(ctx, &mqtt, "messageExpiryInterval"),
    })
}

/// The MQTT message binding of a message. `type_name` names the correlation-data type.
pub(crate) fn message<'s>(
    ctx: &mut Ctx<'s>,
    layers: &Layers<'s>,
    type_name: &str,
) -> Option<MqttMessageBinding> {
    let mqtt = mqtt_layers(ctx, layers)?;
    let payload_format_indicator = match mqtt.first("payloadFormatIndicator") {
        Some(src) => match value_of(ctx, src) {
            Some(v) => match v.node.as_number().and_then(|n| n.as_i64()) {
                Some(p @ 0..=1) => Some(p as u8),
                _ => {
                    let shown = crate::spec::context::scalar_text(v.node);
                    ctx.error(
                        &v,
                        format!("MQTT `payloadFormatIndicator` must be 0 or 1, found {shown}"),
                        "use 0 (unspecified bytes) or 1 (UTF-8 text)",
                    );
                    None
                }
            },
            None => None,
        },
        None => None,
    };
    let correlation_data = mqtt.first("correlationData").map(|src| {
        ctx.types.schema(
            src.file,
            &src.pointer,
            src.node,
            NameHint::Message(format!("{type_name}CorrelationData")),
        )
    });
    Some(MqttMessageBinding {
        payload_format_indicator,
        correlation_data,
        content_type: field_string(ctx, &mqtt, "contentType"),
        response_topic: field_string(ctx, &mqtt, "responseTopic"),
    })
}

/// The MQTT server binding of a server.
pub(crate) fn server<'s>(ctx: &mut Ctx<'s>, server: &Src<'s>) -> Option<MqttServerBinding> {
    let mqtt = mqtt_layers(ctx, &Layers::single(server.clone()))?;
    let last_will = match mqtt.first("lastWill") {
        Some(src) => match ctx.object(src, "`lastWill`") {
            Some(lw) => {
                let l = Layers::single(lw);
                Some(LastWill {
                    topic: field_string(ctx, &l, "topic"),
                    qos: match l.first("qos") {
                        Some(q) => qos(ctx, q),
                        None => None,
                    },
                    message: field_string(ctx, &l, "message"),
                    retain: field_bool(ctx, &l, "retain"),
                })
            }
            None => None,
        },
        None => None,
    };
    Some(MqttServerBinding {
        client_id: field_string(ctx, &mqtt, "clientId"),
        clean_session: field_bool(ctx, &mqtt, "cleanSession"),
        keep_alive: field_u64(ctx, &mqtt, "keepAlive"),
        last_will,
        session_expiry_interval: field_u64(ctx, &mqtt, "sessionExpiryInterval"),
        maximum_packet_size: field_u64(ctx, &mqtt, "maximumPacketSize"),
    })
}
