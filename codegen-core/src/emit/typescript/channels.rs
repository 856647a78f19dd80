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
use super::ParametersClass;
use super::{jsdoc, literal};
use crate::model::{
    Action, Address, Channel, Message, MessageId, MqttOperationBinding, PayloadFormat, TypeId,
};

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
    pub parameters_class: Option<ParametersClass>,
}

/// A declared type a function names.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TypeRef<'p> {
    pub name: &'p str,
    pub style: Style,
    /// The file it lives in (`payloads/X`).
    pub module: &'p str,
    /// For a class, its constructor's input (`XInit`).
    pub init: Option<&'p str>,
}

/// The headers type of a message, and whether a publish must give headers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeadersRef<'p> {
    pub ty: TypeRef<'p>,
    pub required: bool,
}

/// The declared type of `payload`, imported as a value (its class or companion `const`).
pub(crate) fn payload_ref<'p>(
    plan: &'p Plan<'_>,
    ctx: &mut FileCtx,
    payload: Option<TypeId>,
) -> Option<TypeRef<'p>> {
    let id = payload?;
    let d = plan.decl(id)?;
    let name = plan.model.types.get(id).name.as_str();
    let module = plan.module_of(id)?;
    ctx.import(module, name, true);
    Some(TypeRef {
        name,
        style: d.style,
        module,
        init: plan.init_of(id),
    })
}

/// The payload class or type of a message whose payload has one: a JSON or text payload
/// with a schema (a raw-bytes payload is a `Uint8Array`).
pub(crate) fn typed_payload<'p>(
    plan: &'p Plan<'_>,
    ctx: &mut FileCtx,
    m: &Message,
) -> Option<TypeRef<'p>> {
    if m.payload_format == PayloadFormat::Bytes {
        return None;
    }
    payload_ref(plan, ctx, m.payload)
}

/// The TypeScript type of a payload without a type of its own (see [`typed_payload`]).
pub(crate) fn untyped_payload(m: &Message) -> &'static str {
    match m.payload_format {
        PayloadFormat::Json => "unknown",
        PayloadFormat::Text => "string",
        PayloadFormat::Bytes => "Uint8Array",
    }
}

/// Appends the expression that decodes (and validates) the payload of the received `packet`
/// (a variable name) for message `m`: by its type's `unmarshal` (JSON or text), as raw text,
/// as raw bytes, or as any JSON.
pub(crate) fn push_received(
    s: &mut String,
    rt: &str,
    m: &Message,
    payload: Option<TypeRef<'_>>,
    packet: &str,
) {
    let call = |s: &mut String, f: &str| {
        s.push_str(rt);
        s.push('.');
        s.push_str(f);
        s.push('(');
    };
    match (payload, m.payload_format) {
        (_, PayloadFormat::Bytes) => call(s, "payloadBytes"),
        (Some(ty), _) => {
            s.push_str(ty.name);
            s.push_str(".unmarshal(");
            call(s, "payloadText");
            s.push_str(packet);
            s.push_str("))");
            return;
        }
        (None, PayloadFormat::Text) => {
            call(s, "receivedText");
            literal::push_string(s, &format!("{} payload", m.name));
            s.push_str(", ");
        }
        (None, PayloadFormat::Json) => call(s, "anyPayload"),
    }
    s.push_str(packet);
    s.push(')');
}

/// The headers class or type of a message, when it has headers that travel.
pub(crate) fn headers_ref<'p>(
    plan: &'p Plan<'_>,
    ctx: &mut FileCtx,
    m: &Message,
) -> Option<HeadersRef<'p>> {
    let id = m.headers?;
    let d = plan.decl(id)?;
    if !plan.files[d.file].is_headers() || plan.files[d.file].root != id {
        return None;
    }
    let def = plan.model.types.get(id);
    let required = match &def.kind {
        crate::model::TypeKind::Object(o) => o.properties.iter().any(|p| p.required),
        _ => false,
    };
    let ty = payload_ref(plan, ctx, Some(id))?;
    Some(HeadersRef { ty, required })
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

/// A value a function accepts for a type: for a class, an instance or its constructor's
/// input, which [`import_accepted`] imports.
pub(crate) fn push_accepted(s: &mut String, ty: TypeRef<'_>) {
    s.push_str(ty.name);
    if let Some(init) = ty.init.filter(|_| ty.style == Style::Class) {
        s.push_str(" | ");
        s.push_str(init);
    }
}

/// Imports what [`push_accepted`] names beyond the type itself.
pub(crate) fn import_accepted(ctx: &mut FileCtx, ty: Option<TypeRef<'_>>) {
    if let Some(ty) = ty {
        if let Some(init) = ty.init.filter(|_| ty.style == Style::Class) {
            ctx.import(ty.module, init, false);
        }
    }
}

/// Imports a channel's parameters class, and with `init` its constructor's input.
pub(crate) fn import_parameters(ctx: &mut FileCtx, class: &ParametersClass, init: bool) {
    let module = format!("parameters/{}", class.name);
    ctx.import(&module, &class.name, true);
    if init {
        ctx.import(&module, &class.init, false);
    }
}

/// The parameters class as a [`TypeRef`] (for [`push_accepted`]).
pub(crate) fn parameters_ref(class: &ParametersClass) -> TypeRef<'_> {
    TypeRef {
        name: &class.name,
        style: Style::Class,
        module: "",
        init: Some(&class.init),
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
    let v = ctx.rt(Runtime::Validation);
    ctx.mqtt_type("MqttClient");
    let m = f.message;
    let payload = typed_payload(plan, ctx, m);
    let headers = headers_ref(plan, ctx, m);
    import_accepted(ctx, payload);
    import_accepted(ctx, headers.map(|h| h.ty));
    if let Some(p) = &f.parameters_class {
        import_parameters(ctx, p, true);
    }
    let headers_required = headers.is_some_and(|h| h.required);
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
            Some(ty) => push_accepted(s, ty),
            None => s.push_str(untyped_payload(m)),
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
                push_accepted(s, parameters_ref(p));
            }
            if let Some(HeadersRef { ty, required }) = headers {
                next(s);
                s.push_str(if required { "headers: " } else { "headers?: " });
                push_accepted(s, ty);
                if !required {
                    s.push_str(" | undefined");
                }
            }
            s.push_str(" }");
        }
        s.push_str("): Promise<void> {");
    });
    if let Some(ty) = payload {
        code.line_with(|s| {
            s.push_str(v);
            s.push_str(".assertValid(");
            literal::push_string(s, &format!("{} payload", m.name));
            s.push_str(", ");
            s.push_str(ty.name);
            s.push_str(".validate(message));");
        });
    }
    let mut topic = String::new();
    match &f.parameters_class {
        Some(p) => {
            code.line_parts(&[
                "const parameters = options.parameters instanceof ",
                &p.name,
                " ? options.parameters : new ",
                &p.name,
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
    if let Some(HeadersRef {
        ty: TypeRef { name, style, .. },
        required,
    }) = headers
    {
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
    let what = literal::string(&format!("{} payload", m.name));
    match (m.payload_format, payload) {
        (PayloadFormat::Text, _) => line!(code, "payload: {rt}.textPayload({what}, message),"),
        (PayloadFormat::Bytes, _) => line!(code, "payload: {rt}.bytesPayload({what}, message),"),
        (PayloadFormat::Json, Some(_)) => code.line("payload: JSON.stringify(message),"),
        (PayloadFormat::Json, None) => {
            code.line("payload: message === undefined ? '' : JSON.stringify(message),")
        }
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
    let payload = typed_payload(plan, ctx, m);
    let headers = headers_ref(plan, ctx, m);
    if let Some(p) = &f.parameters_class {
        import_parameters(ctx, p, true);
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
        s.push_str(payload.map_or(untyped_payload(m), |p| p.name));
        s.push_str(", context: ");
        s.push_str(rt);
        s.push_str(".MessageContext<");
        s.push_str(
            f.parameters_class
                .as_ref()
                .map_or("Record<string, never>", |p| &p.name),
        );
        s.push_str(", ");
        s.push_str(headers.map_or("undefined", |h| h.ty.name));
        s.push_str(">) => void, client: MqttClient, ");
        s.push_str(if f.address.is_some() {
            "options?: "
        } else {
            "options: "
        });
        s.push_str(rt);
        s.push_str(".SubscribeOptions<");
        s.push_str(
            f.parameters_class
                .as_ref()
                .map_or("Record<string, never>", |p| &p.init),
        );
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
            code.line_parts(&["const filter = ", &p.name, ".subscriptionFilter(fixed);"]);
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
        f.parameters_class.as_ref().map(|p| p.name.as_str()),
        f.address.is_some(),
        "return;",
    );
    code.line_with(|s| {
        s.push_str("const message = ");
        push_received(s, rt, m, payload, "packet");
        s.push(';');
    });
    let headers_field = match headers {
        Some(HeadersRef {
            ty: TypeRef { name, .. },
            required,
        }) => {
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
