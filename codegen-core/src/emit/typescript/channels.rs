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
use super::writer::{line, open, Code};
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

fn payload_ref(
    plan: &Plan<'_>,
    ctx: &mut FileCtx,
    payload: Option<TypeId>,
) -> Option<(String, Style)> {
    let id = payload?;
    let d = plan.decl(id)?;
    let name = plan.model.types.get(id).name.clone();
    let module = plan.module_of(id)?;
    ctx.import(module, &name, true);
    Some((name, d.style))
}

/// The headers class or type of a message, when it has headers that travel.
fn headers_ref(plan: &Plan<'_>, ctx: &mut FileCtx, m: &Message) -> Option<(String, Style, bool)> {
    let id = m.headers?;
    let d = plan.decl(id)?;
    if !plan.files[d.file].headers || plan.files[d.file].root != id {
        return None;
    }
    let def = plan.model.types.get(id);
    let required = match &def.kind {
        crate::model::TypeKind::Object(o) => o.properties.iter().any(|p| p.required),
        _ => false,
    };
    let name = def.name.clone();
    let module = plan.module_of(id)?;
    ctx.import(module, &name, true);
    Some((name, d.style, required))
}

fn doc(code: &mut Code, f: &Function<'_>, lead: String, tail: &str) {
    let m = f.message;
    jsdoc::write(
        code,
        &[
            Some(&lead),
            m.title.as_deref(),
            m.summary.as_deref(),
            m.description.as_deref(),
            Some(tail),
        ],
    );
}

/// Where a function publishes or subscribes, for its doc comment.
fn destination(f: &Function<'_>) -> String {
    match f.address {
        Some(a) => format!("`{}`", a.raw),
        None => "the topic in `options.topic` (the address is decided at run time)".to_string(),
    }
}

fn optional_member(object: &str, name: &str) -> String {
    if literal::is_identifier(name) {
        format!("{object}?.{name}")
    } else {
        format!("{object}?.[{}]", literal::string(name))
    }
}

fn publish(plan: &Plan<'_>, ctx: &mut FileCtx, code: &mut Code, f: &Function<'_>) {
    let rt = ctx.rt(Runtime::Mqtt);
    let v = ctx.rt(Runtime::Validation);
    ctx.mqtt_type("MqttClient");
    let m = f.message;
    let payload = payload_ref(plan, ctx, m.payload);
    let headers = headers_ref(plan, ctx, m);
    let message_type = match &payload {
        Some((name, Style::Class)) => format!("{name} | ConstructorParameters<typeof {name}>[0]"),
        Some((name, _)) => name.clone(),
        None => "unknown".to_string(),
    };
    let mut extra: Vec<String> = Vec::new();
    if f.address.is_none() {
        extra.push("topic: string".to_string());
    }
    if let Some(p) = &f.parameters_class {
        ctx.import(&format!("parameters/{p}"), p, true);
        extra.push(format!(
            "parameters: {p} | ConstructorParameters<typeof {p}>[0]"
        ));
    }
    let headers_required = headers.as_ref().is_some_and(|h| h.2);
    if let Some((name, style, required)) = &headers {
        let t = if *style == Style::Class {
            format!("{name} | ConstructorParameters<typeof {name}>[0]")
        } else {
            name.clone()
        };
        if *required {
            extra.push(format!("headers: {t}"));
        } else {
            extra.push(format!("headers?: {t} | undefined"));
        }
    }
    let options_required = f.parameters_class.is_some() || headers_required || f.address.is_none();
    let options_type = if extra.is_empty() {
        format!("{rt}.PublishOptions")
    } else {
        format!("{rt}.PublishOptions & {{ {} }}", extra.join("; "))
    };
    let q = if options_required { "" } else { "?" };
    let o = if options_required {
        "options."
    } else {
        "options?."
    };
    doc(
        code,
        f,
        format!(
            "Publishes a `{}` message to {} (channel `{}`).",
            m.name,
            destination(f),
            f.channel.id
        ),
        "Validates everything first; resolves on the broker's ack (QoS 1, 2) or once written (QoS 0); rejects on any failure.",
    );
    open!(
        code,
        "export async function {}(message: {message_type}, client: MqttClient, options{q}: {options_type}): Promise<void> {{",
        f.name
    );
    let label = literal::string(&format!("{} payload", m.name));
    if let Some((name, _)) = &payload {
        line!(code, "{v}.assertValid({label}, {name}.validate(message));");
    }
    let topic = match &f.parameters_class {
        Some(p) => {
            line!(
                code,
                "const parameters = options.parameters instanceof {p} ? options.parameters : new {p}(options.parameters);"
            );
            "parameters.getChannelWithParameters()".to_string()
        }
        None => match f.address {
            Some(a) => literal::string(&a.raw),
            None => {
                let t = ctx.rt(Runtime::Topic);
                format!("{t}.checkedTopic(options.topic)")
            }
        },
    };
    let hlabel = literal::string(&format!("{} headers", m.name));
    let mut user_properties = None;
    if let Some((name, style, required)) = &headers {
        let encode = if *style == Style::Class {
            "headers.toUserProperties()".to_string()
        } else {
            format!("{name}.toUserProperties(headers)")
        };
        let build = if *style == Style::Class {
            format!(
                "options.headers instanceof {name} ? options.headers : new {name}(options.headers)"
            )
        } else {
            "options.headers".to_string()
        };
        if *required {
            line!(code, "const headers = {build};");
            line!(code, "{v}.assertValid({hlabel}, {name}.validate(headers));");
            user_properties = Some(encode);
        } else {
            line!(code, "let headers: {name} | undefined;");
            open!(code, "if ({o}headers !== undefined) {{");
            line!(code, "headers = {build};");
            line!(code, "{v}.assertValid({hlabel}, {name}.validate(headers));");
            code.close("}");
            user_properties = Some(format!("headers === undefined ? undefined : {encode}"));
        }
    }
    let b = f.binding;
    let qos = b.and_then(|b| b.qos).filter(|q| *q <= 2).unwrap_or(0);
    let retain = b.and_then(|b| b.retain).unwrap_or(false);
    open!(code, "await {rt}.publish(client, {{");
    line!(code, "topic: {topic},");
    match payload {
        Some(_) => code.line("payload: JSON.stringify(message),"),
        None => code.line("payload: message === undefined ? '' : JSON.stringify(message),"),
    }
    line!(code, "qos: {o}qos ?? {qos},");
    line!(code, "retain: {o}retain ?? {retain},");
    match b.and_then(|b| b.message_expiry_interval) {
        Some(e) => line!(
            code,
            "messageExpiryInterval: {o}messageExpiryInterval ?? {e},"
        ),
        None => line!(code, "messageExpiryInterval: {o}messageExpiryInterval,"),
    }
    let mqtt = m.mqtt.as_ref();
    if let Some(ct) = mqtt
        .and_then(|b| b.content_type.as_ref())
        .or(m.content_type.as_ref())
    {
        line!(code, "contentType: {},", literal::string(ct));
    }
    if let Some(pfi) = mqtt.and_then(|b| b.payload_format_indicator) {
        line!(code, "payloadFormatIndicator: {},", pfi == 1);
    }
    if let Some(up) = user_properties {
        line!(code, "userProperties: {up},");
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
        _ => line!(code, "correlationData: {o}correlationData,"),
    }
    match mqtt.and_then(|b| b.response_topic.as_ref()) {
        Some(t) => line!(
            code,
            "responseTopic: {o}responseTopic ?? {},",
            literal::string(t)
        ),
        None => line!(code, "responseTopic: {o}responseTopic,"),
    }
    code.close("});");
    code.close("}");
}

fn header_has(plan: &Plan<'_>, m: &Message, property: &str) -> bool {
    let Some(h) = m.headers else { return false };
    match &plan.model.types.get(h).kind {
        crate::model::TypeKind::Object(o) => o.properties.iter().any(|p| p.name == property),
        _ => false,
    }
}

fn subscribe(plan: &Plan<'_>, ctx: &mut FileCtx, code: &mut Code, f: &Function<'_>) {
    let rt = ctx.rt(Runtime::Mqtt);
    ctx.mqtt_type("MqttClient");
    let m = f.message;
    let payload = payload_ref(plan, ctx, m.payload);
    let headers = headers_ref(plan, ctx, m);
    let message_type = match &payload {
        Some((name, _)) => name.clone(),
        None => "unknown".to_string(),
    };
    if let Some(p) = &f.parameters_class {
        ctx.import(&format!("parameters/{p}"), p, true);
    }
    let (params_type, init_type) = match &f.parameters_class {
        Some(p) => (p.clone(), format!("ConstructorParameters<typeof {p}>[0]")),
        None => (
            "Record<string, never>".to_string(),
            "Record<string, never>".to_string(),
        ),
    };
    let options = match f.address {
        Some(_) => format!("options?: {rt}.SubscribeOptions<{init_type}>"),
        None => format!("options: {rt}.SubscribeOptions<{init_type}> & {{ topic: string }}"),
    };
    let o = if f.address.is_some() {
        "options?."
    } else {
        "options."
    };
    let headers_type = headers
        .as_ref()
        .map_or("undefined".to_string(), |h| h.0.clone());
    doc(
        code,
        f,
        format!(
            "Subscribes to `{}` messages on {} (channel `{}`).",
            m.name,
            destination(f),
            f.channel.id
        ),
        "Unfixed parameters match any value; invalid messages go to `options.onError`. Resolves after the SUBACK.",
    );
    open!(
        code,
        "export async function {}(onMessage: (message: {message_type}, context: {rt}.MessageContext<{params_type}, {headers_type}>) => void, client: MqttClient, {options}): Promise<{rt}.Subscription> {{",
        f.name
    );
    match &f.parameters_class {
        Some(p) => {
            code.line("const fixed = options?.parameters ?? {};");
            line!(code, "const filter = {p}.subscriptionFilter(fixed);");
        }
        None => match f.address {
            Some(a) => line!(code, "const filter = {};", literal::string(&a.raw)),
            None => code.line("const filter = options.topic;"),
        },
    }
    let qos = f
        .binding
        .and_then(|b| b.qos)
        .filter(|q| *q <= 2)
        .unwrap_or(0);
    open!(code, "return {rt}.addRoute(client, {{");
    code.line("filter,");
    line!(code, "qos: {o}qos ?? {qos},");
    open!(code, "deliver(topic, packet) {{");
    let parameters = match &f.parameters_class {
        Some(p) => {
            line!(code, "const parameters = {p}.matchChannel(topic, fixed);");
            open!(code, "if (parameters === undefined) {{");
            code.line("return;");
            code.close("}");
            "parameters"
        }
        None => {
            if f.address.is_some() {
                open!(code, "if (topic !== filter) {{");
            } else {
                let t = ctx.rt(Runtime::Topic);
                open!(code, "if (!{t}.matchesFilter(filter, topic)) {{");
            }
            code.line("return;");
            code.close("}");
            "parameters: {}"
        }
    };
    match &payload {
        Some((name, _)) => line!(
            code,
            "const message = {name}.unmarshal({rt}.payloadText(packet));"
        ),
        None => line!(code, "const message = {rt}.anyPayload(packet);"),
    }
    let headers_field = match &headers {
        Some((name, _, required)) => {
            line!(code, "const userProperties = {rt}.userProperties(packet);");
            if *required {
                line!(
                    code,
                    "const headers = {name}.fromUserProperties(userProperties ?? {{}});"
                );
            } else {
                line!(
                    code,
                    "const headers = userProperties === undefined ? undefined : {name}.fromUserProperties(userProperties);"
                );
            }
            "headers"
        }
        None => "headers: undefined",
    };
    line!(
        code,
        "onMessage(message, {{ topic, {parameters}, {headers_field}, packet }});"
    );
    code.close("},");
    line!(code, "fail: {o}onError ?? {rt}.logDeliveryError,");
    code.close("});");
    code.close("}");
}

/// The text of `channels/index.ts`, starting with `prefix` (the marker line).
pub(crate) fn file(plan: &Plan<'_>, functions: &[Function<'_>], prefix: &str) -> String {
    let mut ctx = FileCtx::new("channels");
    let mut body = Code::with_capacity(4096 + functions.len() * 2048);
    for f in functions {
        body.blank();
        if f.publish {
            publish(plan, &mut ctx, &mut body, f);
        } else {
            subscribe(plan, &mut ctx, &mut body, f);
        }
    }
    body.blank();
    body.line("/** Every function of this client, by protocol (as in `const { publishToX } = Protocols.mqtt`). */");
    if functions.is_empty() {
        body.line("export const Protocols = { mqtt: {} };");
    } else {
        body.open("export const Protocols = {");
        body.open("mqtt: {");
        for f in functions {
            line!(body, "{},", f.name);
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
) -> Vec<Function<'m>> {
    let mut names = crate::spec::names::NameTable::new();
    names.reserve("Protocols");
    let mut out = Vec::new();
    for (ci, channel) in model.channels.iter().enumerate() {
        let address = channel.address.as_ref();
        let cid = crate::model::ChannelId(ci);
        // (message, publish?) → binding of the first operation that gives it.
        let mut wanted: Vec<(MessageId, bool, Option<&MqttOperationBinding>)> = Vec::new();
        for op in model.operations_on(cid) {
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
                        let binding = model
                            .operations_on(cid)
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
