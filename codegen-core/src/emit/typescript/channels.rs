//! `channels/index.ts`: a publish and/or subscribe function per message of each channel, and
//! `Protocols`, which gathers them under `mqtt`.
//!
//! Direction: a `send` operation (from the described application's point of view) gives
//! `publishTo<Message>`, a `receive` operation `subscribeTo<Message>`; with
//! [`Perspective::Client`](crate::emit::Perspective::Client) the two swap, and with
//! `both_directions` every channel gets both. QoS, retain and message expiry default to the
//! operation's MQTT binding (traits already applied by the model).
//!
//! A channel whose address is decided at run time (3.x `address: null`) takes the topic from a
//! required `options.topic`: a concrete topic to publish to (no wildcards), or a topic filter
//! to subscribe to (messages are routed by MQTT filter matching).

use super::imports::{FileCtx, Runtime};
use super::plan::{Plan, Style};
use super::requests::Exchange;
use super::writer::{line, Code};
use super::{jsdoc, literal};
use crate::model::{Action, Address, Channel, Message, MessageId, MqttOperationBinding, TypeId};

/// One generated function.
pub(crate) struct Function<'m> {
    pub name: String,
    pub publish: bool,
    pub channel: &'m Channel,
    /// Index of `channel` in the model.
    pub channel_index: usize,
    /// `None` for a channel whose address is decided at run time (`options.topic`).
    pub address: Option<&'m Address>,
    pub message: &'m Message,
    pub binding: Option<&'m MqttOperationBinding>,
    /// The parameters class, when the address has parameters.
    pub parameters_class: Option<String>,
}

pub(crate) fn payload_ref<'m>(
    plan: &Plan<'m>,
    ctx: &mut FileCtx,
    payload: Option<TypeId>,
) -> Option<(&'m str, Style)> {
    let id = payload?;
    let d = plan.decl(id)?;
    let model: &'m crate::model::Model = plan.model;
    let name = model.types.get(id).name.as_str();
    let module = plan.module_of(id)?;
    ctx.import(module, name, true);
    Some((name, d.style))
}

/// The headers class or type of a message, when it has headers that travel.
pub(crate) fn headers_ref<'m>(
    plan: &Plan<'m>,
    ctx: &mut FileCtx,
    m: &Message,
) -> Option<(&'m str, Style, bool)> {
    let id = m.headers?;
    let d = plan.decl(id)?;
    if !plan.files[d.file].headers || plan.files[d.file].root != id {
        return None;
    }
    let model: &'m crate::model::Model = plan.model;
    let def = model.types.get(id);
    let required = match &def.kind {
        crate::model::TypeKind::Object(o) => o.properties.iter().any(|p| p.required),
        _ => false,
    };
    let module = plan.module_of(id)?;
    ctx.import(module, &def.name, true);
    Some((&def.name, d.style, required))
}

/// The doc comment of a function: `action` (`Publishes a` / `Subscribes to`), the message,
/// where it goes, the message's own texts, then `tail`.
fn doc(code: &mut Code, f: &Function<'_>, action: &str, tail: &str) {
    let m = f.message;
    let mut lead = String::with_capacity(128);
    lead.push_str(action);
    lead.push_str(" `");
    lead.push_str(&m.name);
    lead.push_str(if f.publish {
        "` message to "
    } else {
        "` messages on "
    });
    match f.address {
        Some(a) => {
            lead.push('`');
            lead.push_str(&a.raw);
            lead.push('`');
        }
        None => lead.push_str("the topic in `options.topic` (the address is decided at run time)"),
    }
    lead.push_str(" (channel `");
    lead.push_str(&f.channel.id);
    lead.push_str("`).");
    let servers = crate::emit::servers::channel_note(f.channel);
    jsdoc::write(
        code,
        &[
            Some(&lead),
            m.title.as_deref(),
            m.summary.as_deref(),
            m.description.as_deref(),
            servers.as_deref(),
            Some(tail),
        ],
    );
}

/// A value a function accepts for a type: for a class, an instance or its constructor's input.
pub(crate) fn push_accepted(s: &mut String, name: &str, style: Style) {
    s.push_str(name);
    if style == Style::Class {
        s.push_str(" | ConstructorParameters<typeof ");
        s.push_str(name);
        s.push_str(">[0]");
    }
}

pub(crate) fn optional_member(object: &str, name: &str) -> String {
    if literal::is_identifier(name) {
        format!("{object}?.{name}")
    } else {
        format!("{object}?.[{}]", literal::string(name))
    }
}

/// `0`, `1` or `2`.
pub(crate) fn qos_text(qos: u8) -> &'static str {
    match qos {
        1 => "1",
        2 => "2",
        _ => "0",
    }
}

fn publish(plan: &Plan<'_>, ctx: &mut FileCtx, code: &mut Code, f: &Function<'_>) {
    let rt = ctx.rt(Runtime::Mqtt);
    // Imported only where a payload or headers are validated: a message without either
    // would leave the import unused (TS6133 under noUnusedLocals).
    let v = Runtime::Validation.alias();
    ctx.mqtt_type("MqttClient");
    let m = f.message;
    let payload = payload_ref(plan, ctx, m.payload);
    let headers = headers_ref(plan, ctx, m);
    if let Some(p) = &f.parameters_class {
        ctx.import(&format!("parameters/{p}"), p, true);
    }
    let headers_required = headers.as_ref().is_some_and(|h| h.2);
    let options_required = f.parameters_class.is_some() || headers_required || f.address.is_none();
    let o = if options_required {
        "options."
    } else {
        "options?."
    };
    doc(
        code,
        f,
        "Publishes a",
        "Validates everything first; resolves on the broker's ack (QoS 1, 2) or once written (QoS 0); rejects on a failure, after `timeoutMs`, on `signal` abort or when the client ends. QoS 1 and 2 publishes keep to the client's in-flight limit, queuing in call order.",
    );
    code.open_with(|s| {
        s.push_str("export async function ");
        s.push_str(&f.name);
        s.push_str("(message: ");
        match payload {
            Some((name, style)) => push_accepted(s, name, style),
            None => s.push_str("unknown"),
        }
        s.push_str(", client: MqttClient, options");
        if !options_required {
            s.push('?');
        }
        s.push_str(": ");
        s.push_str(rt);
        s.push_str(".PublishOptions");
        let extra = f.address.is_none() || f.parameters_class.is_some() || headers.is_some();
        if extra {
            s.push_str(" & { ");
            let mut first = true;
            let mut next = |s: &mut String| {
                if !first {
                    s.push_str("; ");
                }
                first = false;
            };
            if f.address.is_none() {
                next(s);
                s.push_str("topic: string");
            }
            if let Some(p) = &f.parameters_class {
                next(s);
                s.push_str("parameters: ");
                push_accepted(s, p, Style::Class);
            }
            if let Some((name, style, required)) = headers {
                next(s);
                s.push_str(if required { "headers: " } else { "headers?: " });
                push_accepted(s, name, style);
                if !required {
                    s.push_str(" | undefined");
                }
            }
            s.push_str(" }");
        }
        s.push_str("): Promise<void> {");
    });
    if let Some((name, _)) = payload {
        ctx.rt(Runtime::Validation);
        code.line_with(|s| {
            s.push_str(v);
            s.push_str(".assertValid(");
            literal::push_string(s, &format!("{} payload", m.name));
            s.push_str(", ");
            s.push_str(name);
            s.push_str(".validate(message));");
        });
    }
    let mut topic = String::new();
    match &f.parameters_class {
        Some(p) => {
            code.line_parts(&[
                "const parameters = options.parameters instanceof ",
                p,
                " ? options.parameters : new ",
                p,
                "(options.parameters);",
            ]);
            topic.push_str("parameters.getChannelWithParameters()");
        }
        None => match f.address {
            Some(a) => literal::push_string(&mut topic, &a.raw),
            None => {
                topic.push_str(ctx.rt(Runtime::Topic));
                topic.push_str(".checkedTopic(options.topic)");
            }
        },
    }
    let mut user_properties = None;
    if let Some((name, style, required)) = headers {
        ctx.rt(Runtime::Validation);
        let hlabel = literal::string(&format!("{} headers", m.name));
        let encode = if style == Style::Class {
            "headers.toUserProperties()".to_string()
        } else {
            format!("{name}.toUserProperties(headers)")
        };
        let build = |s: &mut String| {
            if style == Style::Class {
                s.push_str("options.headers instanceof ");
                s.push_str(name);
                s.push_str(" ? options.headers : new ");
                s.push_str(name);
                s.push_str("(options.headers)");
            } else {
                s.push_str("options.headers");
            }
        };
        let check = [
            v,
            ".assertValid(",
            &hlabel,
            ", ",
            name,
            ".validate(headers));",
        ];
        if required {
            code.line_with(|s| {
                s.push_str("const headers = ");
                build(s);
                s.push(';');
            });
            code.line_parts(&check);
            user_properties = Some(encode);
        } else {
            code.line_parts(&["let headers: ", name, " | undefined;"]);
            code.open_parts(&["if (", o, "headers !== undefined) {"]);
            code.line_with(|s| {
                s.push_str("headers = ");
                build(s);
                s.push(';');
            });
            code.line_parts(&check);
            code.close("}");
            user_properties = Some(format!("headers === undefined ? undefined : {encode}"));
        }
    }
    let b = f.binding;
    let qos = b.and_then(|b| b.qos).filter(|q| *q <= 2).unwrap_or(0);
    let retain = b.and_then(|b| b.retain).unwrap_or(false);
    code.open_parts(&["await ", rt, ".publish(client, {"]);
    code.line_parts(&["topic: ", &topic, ","]);
    match payload {
        Some(_) => code.line("payload: JSON.stringify(message),"),
        None => code.line("payload: message === undefined ? '' : JSON.stringify(message),"),
    }
    code.line_parts(&["qos: ", o, "qos ?? ", qos_text(qos), ","]);
    code.line_parts(&[
        "retain: ",
        o,
        "retain ?? ",
        if retain { "true" } else { "false" },
        ",",
    ]);
    match b.and_then(|b| b.message_expiry_interval) {
        Some(e) => line!(
            code,
            "messageExpiryInterval: {o}messageExpiryInterval ?? {e},"
        ),
        None => code.line_parts(&["messageExpiryInterval: ", o, "messageExpiryInterval,"]),
    }
    let mqtt = m.mqtt.as_ref();
    if let Some(ct) = mqtt
        .and_then(|b| b.content_type.as_ref())
        .or(m.content_type.as_ref())
    {
        code.line_with(|s| {
            s.push_str("contentType: ");
            literal::push_string(s, ct);
            s.push(',');
        });
    }
    if let Some(pfi) = mqtt.and_then(|b| b.payload_format_indicator) {
        line!(code, "payloadFormatIndicator: {},", pfi == 1);
    }
    if let Some(up) = user_properties {
        code.line_parts(&["userProperties: ", &up, ","]);
    }
    let correlation_header = m
        .correlation_id
        .as_ref()
        .and_then(|c| c.header_property())
        .filter(|p| header_has(plan, m, p));
    match correlation_header {
        Some(p) if headers.is_some() => line!(
            code,
            "correlationData: {o}correlationData ?? {rt}.correlationText({}),",
            optional_member("headers", &p)
        ),
        _ => code.line_parts(&["correlationData: ", o, "correlationData,"]),
    }
    match mqtt.and_then(|b| b.response_topic.as_ref()) {
        Some(t) => code.line_with(|s| {
            s.push_str("responseTopic: ");
            s.push_str(o);
            s.push_str("responseTopic ?? ");
            literal::push_string(s, t);
            s.push(',');
        }),
        None => code.line_parts(&["responseTopic: ", o, "responseTopic,"]),
    }
    code.line_parts(&["timeoutMs: ", o, "timeoutMs,"]);
    code.line_parts(&["signal: ", o, "signal,"]);
    code.close("});");
    code.close("}");
}

pub(crate) fn header_has(plan: &Plan<'_>, m: &Message, property: &str) -> bool {
    let Some(h) = m.headers else { return false };
    match &plan.model.types.get(h).kind {
        crate::model::TypeKind::Object(o) => o.properties.iter().any(|p| p.name == property),
        _ => false,
    }
}

/// Writes the start of a route's callback: the received `topic` must be this route's (its
/// parameters matched level by level against the `fixed` values, or the exact or wildcard
/// `filter`), else `miss` runs. Returns how the callback's context names the parameters.
pub(crate) fn match_topic(
    ctx: &mut FileCtx,
    code: &mut Code,
    parameters_class: Option<&str>,
    has_address: bool,
    miss: &str,
) -> &'static str {
    match parameters_class {
        Some(p) => {
            code.line_parts(&["const parameters = ", p, ".matchChannel(topic, fixed);"]);
            code.open("if (parameters === undefined) {");
            code.line(miss);
            code.close("}");
            "parameters"
        }
        None => {
            if has_address {
                code.open("if (topic !== filter) {");
            } else {
                let t = ctx.rt(Runtime::Topic);
                code.open_parts(&["if (!", t, ".matchesFilter(filter, topic)) {"]);
            }
            code.line(miss);
            code.close("}");
            "parameters: {}"
        }
    }
}

fn subscribe(plan: &Plan<'_>, ctx: &mut FileCtx, code: &mut Code, f: &Function<'_>) {
    let rt = ctx.rt(Runtime::Mqtt);
    ctx.mqtt_type("MqttClient");
    let m = f.message;
    let payload = payload_ref(plan, ctx, m.payload);
    let headers = headers_ref(plan, ctx, m);
    if let Some(p) = &f.parameters_class {
        ctx.import(&format!("parameters/{p}"), p, true);
    }
    let o = if f.address.is_some() {
        "options?."
    } else {
        "options."
    };
    doc(
        code,
        f,
        "Subscribes to",
        "Unfixed parameters match any value; invalid messages go to `options.onError`. Resolves after the SUBACK.",
    );
    code.open_with(|s| {
        s.push_str("export async function ");
        s.push_str(&f.name);
        s.push_str("(onMessage: (message: ");
        s.push_str(payload.map_or("unknown", |p| p.0));
        s.push_str(", context: ");
        s.push_str(rt);
        s.push_str(".MessageContext<");
        s.push_str(
            f.parameters_class
                .as_deref()
                .unwrap_or("Record<string, never>"),
        );
        s.push_str(", ");
        s.push_str(headers.map_or("undefined", |h| h.0));
        s.push_str(">) => void, client: MqttClient, ");
        s.push_str(if f.address.is_some() {
            "options?: "
        } else {
            "options: "
        });
        s.push_str(rt);
        s.push_str(".SubscribeOptions<");
        match &f.parameters_class {
            Some(p) => {
                s.push_str("ConstructorParameters<typeof ");
                s.push_str(p);
                s.push_str(">[0]");
            }
            None => s.push_str("Record<string, never>"),
        }
        s.push('>');
        if f.address.is_none() {
            s.push_str(" & { topic: string }");
        }
        s.push_str("): Promise<");
        s.push_str(rt);
        s.push_str(".Subscription> {");
    });
    match &f.parameters_class {
        Some(p) => {
            code.line("const fixed = options?.parameters ?? {};");
            code.line_parts(&["const filter = ", p, ".subscriptionFilter(fixed);"]);
        }
        None => match f.address {
            Some(a) => code.line_with(|s| {
                s.push_str("const filter = ");
                literal::push_string(s, &a.raw);
                s.push(';');
            }),
            None => code.line("const filter = options.topic;"),
        },
    }
    let qos = f
        .binding
        .and_then(|b| b.qos)
        .filter(|q| *q <= 2)
        .unwrap_or(0);
    code.open_parts(&["return ", rt, ".addRoute(client, {"]);
    code.line("filter,");
    code.line_parts(&["qos: ", o, "qos ?? ", qos_text(qos), ","]);
    code.line_parts(&["share: ", o, "share,"]);
    code.open("deliver(topic, packet) {");
    let parameters = match_topic(
        ctx,
        code,
        f.parameters_class.as_deref(),
        f.address.is_some(),
        "return;",
    );
    match payload {
        Some((name, _)) => code.line_parts(&[
            "const message = ",
            name,
            ".unmarshal(",
            rt,
            ".payloadText(packet));",
        ]),
        None => code.line_parts(&["const message = ", rt, ".anyPayload(packet);"]),
    }
    let headers_field = match headers {
        Some((name, _, required)) => {
            code.line_parts(&["const userProperties = ", rt, ".userProperties(packet);"]);
            if required {
                code.line_parts(&[
                    "const headers = ",
                    name,
                    ".fromUserProperties(userProperties ?? {});",
                ]);
            } else {
                code.line_parts(&[
                    "const headers = userProperties === undefined ? undefined : ",
                    name,
                    ".fromUserProperties(userProperties);",
                ]);
            }
            "headers"
        }
        None => "headers: undefined",
    };
    code.line_parts(&[
        "onMessage(message, { topic, ",
        parameters,
        ", ",
        headers_field,
        ", packet });",
    ]);
    code.close("},");
    code.line_parts(&["fail: ", o, "onError ?? ", rt, ".logDeliveryError,"]);
    code.close("});");
    code.close("}");
}

/// The text of `channels/index.ts`, starting with `prefix` (the marker line).
pub(crate) fn file(
    plan: &Plan<'_>,
    functions: &[Function<'_>],
    exchanges: &[Exchange<'_>],
    prefix: &str,
) -> String {
    let mut ctx = FileCtx::new("channels");
    let mut body = Code::with_capacity(4096 + (functions.len() + exchanges.len()) * 2048);
    for f in functions {
        body.blank();
        if f.publish {
            publish(plan, &mut ctx, &mut body, f);
        } else {
            subscribe(plan, &mut ctx, &mut body, f);
        }
    }
    for x in exchanges {
        body.blank();
        super::requests::write(plan, &mut ctx, &mut body, x);
    }
    body.blank();
    body.line("/** Every function of this client, by protocol (as in `const { publishToX } = Protocols.mqtt`). */");
    if functions.is_empty() && exchanges.is_empty() {
        body.line("export const Protocols = { mqtt: {} };");
    } else {
        body.open("export const Protocols = {");
        body.open("mqtt: {");
        for f in functions {
            line!(body, "{},", f.name);
        }
        for x in exchanges {
            line!(body, "{},", x.name);
        }
        body.close("},");
        body.close("};");
    }
    ctx.finish_file(prefix, "channels/index", body)
}

/// Which functions the channels get, in channel order, then message order (publish first).
/// `parameters_class` is filled in by the caller, which names the classes.
pub(crate) fn plan_functions<'m>(
    model: &'m crate::model::Model,
    options: &super::TypeScriptOptions,
    names: &mut crate::spec::names::NameTable,
) -> Vec<Function<'m>> {
    names.reserve("Protocols");
    let mut out = Vec::new();
    // Operations by channel, in document order (one pass, not one per channel).
    let mut operations_on: Vec<Vec<&crate::model::Operation>> =
        vec![Vec::new(); model.channels.len()];
    for op in &model.operations {
        if let Some(list) = operations_on.get_mut(op.channel.0) {
            list.push(op);
        }
    }
    for (ci, channel) in model.channels.iter().enumerate() {
        let address = channel.address.as_ref();
        let operations = &operations_on[ci];
        // (message, publish?) → binding of the first operation that gives it.
        let mut wanted: Vec<(MessageId, bool, Option<&MqttOperationBinding>)> = Vec::new();
        for op in operations {
            let action = match options.perspective {
                crate::emit::Perspective::Application => op.action,
                crate::emit::Perspective::Client => op.action.reversed(),
            };
            let publish = action == Action::Send;
            for &mid in &op.messages {
                if !wanted.iter().any(|(m, p, _)| *m == mid && *p == publish) {
                    wanted.push((mid, publish, op.mqtt.as_ref()));
                }
            }
        }
        if options.both_directions {
            for &mid in &channel.messages {
                for publish in [true, false] {
                    if !wanted.iter().any(|(m, p, _)| *m == mid && *p == publish) {
                        let binding = operations
                            .iter()
                            .find(|o| o.messages.contains(&mid))
                            .and_then(|o| o.mqtt.as_ref());
                        wanted.push((mid, publish, binding));
                    }
                }
            }
        }
        // Channel message order, publish before subscribe.
        let mut ordered: Vec<(MessageId, bool, Option<&MqttOperationBinding>)> = Vec::new();
        let mut message_order: Vec<MessageId> = channel.messages.clone();
        for (m, _, _) in &wanted {
            if !message_order.contains(m) {
                message_order.push(*m);
            }
        }
        for mid in message_order {
            for publish in [true, false] {
                if let Some(w) = wanted.iter().find(|(m, p, _)| *m == mid && *p == publish) {
                    ordered.push(*w);
                }
            }
        }
        for (mid, publish, binding) in ordered {
            if mid.0 >= model.messages.len() {
                continue;
            }
            let message = model.message(mid);
            let base = if publish {
                format!("publishTo{}", message.type_name)
            } else {
                format!("subscribeTo{}", message.type_name)
            };
            out.push(Function {
                name: names.unique(&base),
                publish,
                channel,
                channel_index: ci,
                address,
                message,
                binding,
                parameters_class: None,
            });
        }
    }
    out
}
