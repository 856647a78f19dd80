//! Request/reply functions of `channels/index.ts`, one pair per AsyncAPI 3 operation with a
//! `reply`: `request<Op>` (the requester: sends, waits for the correlated reply) and
//! `handle<Op>` (the replier: subscribes, answers each request). `<Op>` is the PascalCase
//! operation id.
//!
//! Roles follow the operation's action as publish and subscribe do: a `send` operation makes
//! the application the requester, a `receive` operation the replier;
//! [`Perspective::Client`](crate::emit::Perspective::Client) swaps them and `both_directions`
//! gives both. The wire protocol (MQTT 5 response topic and correlation data) lives in
//! `runtime/request.ts`; the generated code only says which messages, topics and headers an
//! operation uses.
//!
//! An operation with several request (or reply) messages takes (or returns) the union of their
//! payloads: a value is sent as the first message it is valid for, and decoded as the first
//! message that accepts it. Request headers are offered when every request message has the
//! same headers type. Reply headers are not set, except the correlation id header the reply
//! message may declare.

use super::channels::{
    headers_ref, import_accepted, import_parameters, parameters_ref, push_accepted, push_received,
    qos_text, typed_payload, untyped_payload, HeadersRef, TypeRef,
};
use super::imports::{FileCtx, Runtime};
use super::layout::{Layout, Style};
use super::writer::{line, Code};
use super::{jsdoc, literal};
use crate::model::names::NameTable;
use crate::model::{
    Action, Address, Channel, Message, Model, Operation, PayloadFormat, ReplyTo, TypeId, TypeKind,
};

/// One generated request or handle function.
pub(crate) struct Exchange<'m> {
    pub name: String,
    /// `request<Op>` (true) or `handle<Op>`.
    pub requester: bool,
    pub operation: &'m Operation,
    pub channel: &'m Channel,
    /// Index of `channel` in the model.
    pub channel_index: usize,
    /// `None` for a channel whose address is decided at run time (`options.topic`).
    pub address: Option<&'m Address>,
    pub requests: Vec<&'m Message>,
    pub replies: Vec<&'m Message>,
    pub reply_to: ReplyTo,
    /// The parameters class, when the address has parameters.
    pub parameters_class: Option<super::ParametersClass>,
}

/// The request and handle functions, in operation order (requester first), named clear of
/// every name already in `names`.
pub(crate) fn plan_exchanges<'m>(
    model: &'m Model,
    options: &super::TypeScriptOptions,
    names: &mut NameTable,
) -> Vec<Exchange<'m>> {
    let mut out = Vec::new();
    for op in &model.operations {
        let Some(reply) = &op.reply else { continue };
        if op.channel.0 >= model.channels.len() {
            continue;
        }
        let action = match options.perspective {
            crate::emit::Perspective::Application => op.action,
            crate::emit::Perspective::Client => op.action.reversed(),
        };
        let roles: &[bool] = if options.both_directions {
            &[true, false]
        } else if action == Action::Send {
            &[true]
        } else {
            &[false]
        };
        let messages = |ids: &[crate::model::MessageId]| -> Vec<&'m Message> {
            ids.iter()
                .filter(|m| m.0 < model.messages.len())
                .map(|m| model.message(*m))
                .collect()
        };
        let channel = model.channel(op.channel);
        let pascal = crate::model::names::pascal_case(&op.id);
        for &requester in roles {
            let base = if requester {
                format!("request{pascal}")
            } else {
                format!("handle{pascal}")
            };
            out.push(Exchange {
                name: names.unique_owned(base),
                requester,
                operation: op,
                channel,
                channel_index: op.channel.0,
                address: channel.address.as_ref(),
                requests: messages(&op.messages),
                replies: messages(&reply.messages),
                reply_to: model.reply_to(reply),
                parameters_class: None,
            });
        }
    }
    out
}

/// The header a message keeps its correlation id in, when its `correlationId` points into
/// headers it declares.
fn correlation_header(layout: &Layout<'_>, m: &Message) -> Option<String> {
    m.correlation_id
        .as_ref()
        .and_then(|c| c.header_property())
        .filter(|p| super::channels::header_has(layout, m, p))
}

/// True when a requester may fill header `property` with a generated id: a plain string, or
/// one of format `uuid` (the ids are UUIDs).
fn fillable_header(layout: &Layout<'_>, m: &Message, property: &str) -> bool {
    let Some(h) = m.headers else { return false };
    let TypeKind::Object(o) = &layout.model.types.get(h).kind else {
        return false;
    };
    let Some(p) = o.properties.iter().find(|p| p.name == property) else {
        return false;
    };
    match &layout.model.types.get(p.ty).kind {
        TypeKind::String(s) => {
            s.enum_values.is_none()
                && s.pattern.is_none()
                && s.min_length.is_none_or(|n| n <= 36)
                && s.max_length.is_none_or(|n| n >= 36)
                && s.format.as_deref().is_none_or(|f| f == "uuid")
        }
        TypeKind::Any => true,
        _ => false,
    }
}

/// The headers every request message shares, when they all have the same headers type (or
/// there is exactly one message with headers).
fn shared_headers(requests: &[&Message]) -> Option<TypeId> {
    let first = requests.first()?.headers?;
    requests
        .iter()
        .all(|m| m.headers == Some(first))
        .then_some(first)
}

/// A union of the payload types of `messages` (`unknown` when one has none), importing each.
fn payload_union(
    layout: &Layout<'_>,
    ctx: &mut FileCtx,
    messages: &[&Message],
    accept: bool,
) -> String {
    let mut out = String::new();
    let mut seen: Vec<&str> = Vec::new();
    for m in messages {
        match typed_payload(layout, ctx, m) {
            Some(ty) => {
                if seen.contains(&ty.name) {
                    continue;
                }
                seen.push(ty.name);
                if !out.is_empty() {
                    out.push_str(" | ");
                }
                if accept {
                    import_accepted(ctx, Some(ty));
                    push_accepted(&mut out, ty);
                } else {
                    out.push_str(ty.name);
                }
            }
            None if m.payload_format == PayloadFormat::Json => return "unknown".to_string(),
            None => {
                let name = untyped_payload(m);
                if !seen.contains(&name) {
                    seen.push(name);
                    if !out.is_empty() {
                        out.push_str(" | ");
                    }
                    out.push_str(name);
                }
            }
        }
    }
    if out.is_empty() {
        "unknown".to_string()
    } else {
        out
    }
}

/// The `label` of an operation in runtime error messages.
fn label(op: &Operation) -> String {
    literal::string(&format!(
        "operation {}",
        serde_json::Value::from(op.id.as_str())
    ))
}

/// `<before>[{ label, validate, contentType, correlationHeader }, ...]<after>` for the
/// `messages`, for `encodeMessage`. Printed as prettier prints it: on one line (which the
/// writer breaks when it is too wide), unless there are several shapes and every one has more
/// than one property (prettier then puts each on its own line).
fn write_shapes(
    layout: &Layout<'_>,
    ctx: &mut FileCtx,
    code: &mut Code,
    before: &str,
    messages: &[&Message],
    after: &str,
) {
    let mut shapes: Vec<(String, usize)> = Vec::new();
    for m in messages {
        let mut s = String::from("{ label: ");
        let mut properties = 1;
        literal::push_string(&mut s, &format!("{} payload", m.name));
        if let Some(ty) = typed_payload(layout, ctx, m) {
            s.push_str(", validate: ");
            s.push_str(ty.name);
            s.push_str(".validate");
            properties += 1;
        }
        if m.payload_format != PayloadFormat::Json {
            s.push_str(", format: ");
            literal::push_string(&mut s, m.payload_format.as_str());
            properties += 1;
        }
        if let Some(ct) = content_type(m) {
            s.push_str(", contentType: ");
            literal::push_string(&mut s, ct);
            properties += 1;
        }
        if let Some(h) = correlation_header(layout, m) {
            s.push_str(", correlationHeader: ");
            literal::push_string(&mut s, &h);
            properties += 1;
        }
        s.push_str(" }");
        shapes.push((s, properties));
    }
    if shapes.is_empty() {
        shapes.push(("{ label: 'reply payload' }".to_string(), 1));
    }
    if shapes.len() > 1 && shapes.iter().all(|(_, n)| *n > 1) {
        code.open_parts(&[before, "["]);
        for (shape, _) in &shapes {
            code.line_parts(&[shape, ","]);
        }
        code.close(&format!("]{after}"));
    } else {
        let list: Vec<&str> = shapes.iter().map(|(s, _)| s.as_str()).collect();
        code.line_parts(&[before, "[", &list.join(", "), "]", after]);
    }
}

fn content_type(m: &Message) -> Option<&str> {
    m.mqtt
        .as_ref()
        .and_then(|b| b.content_type.as_deref())
        .or(m.content_type.as_deref())
}

/// `replyTo: ...` for the runtime.
fn reply_to_line(code: &mut Code, reply_to: &ReplyTo) {
    code.line_with(|s| {
        s.push_str("replyTo: ");
        match reply_to {
            ReplyTo::Topic(t) => {
                s.push_str("{ topic: ");
                literal::push_string(s, t);
                s.push_str(" },");
            }
            ReplyTo::Header(h) => {
                s.push_str("{ header: ");
                literal::push_string(s, h);
                s.push_str(" },");
            }
            ReplyTo::Dynamic => s.push_str("{},"),
        }
    });
}

/// Where replies go, in words, for the doc comment.
fn reply_to_text(reply_to: &ReplyTo) -> String {
    match reply_to {
        ReplyTo::Topic(t) => format!("Replies come back on `{t}`."),
        ReplyTo::Header(h) => format!(
            "Replies come back on the client's own reply topic, named in the request's MQTT 5 response topic and its `{h}` header."
        ),
        ReplyTo::Dynamic => {
            "Replies come back on the client's own reply topic (`replies/<random id>` unless `options.replyTopic` says otherwise), named in the request's MQTT 5 response topic.".to_string()
        }
    }
}

fn doc(code: &mut Code, x: &Exchange<'_>, lead: &str, tail: &str) {
    let op = x.operation;
    let mut first = String::with_capacity(128);
    first.push_str(lead);
    first.push_str(" (operation `");
    first.push_str(&op.id);
    first.push_str("`, channel `");
    first.push_str(&x.channel.id);
    first.push_str("`, ");
    match x.address {
        Some(a) => {
            first.push('`');
            first.push_str(&a.raw);
            first.push('`');
        }
        None => first.push_str("the topic in `options.topic`"),
    }
    first.push_str(").");
    let where_to = reply_to_text(&x.reply_to);
    jsdoc::write(
        code,
        &[
            Some(&first),
            op.title.as_deref(),
            op.summary.as_deref(),
            op.description.as_deref(),
            Some(&where_to),
            Some(tail),
        ],
    );
}

/// `request<Op>`.
fn requester(layout: &Layout<'_>, ctx: &mut FileCtx, code: &mut Code, x: &Exchange<'_>) {
    let rq = ctx.rt(Runtime::Request);
    let v = ctx.rt(Runtime::Validation);
    ctx.mqtt_type("MqttClient");
    let single = (x.requests.len() == 1).then(|| x.requests[0]);
    let single_payload = single.and_then(|m| typed_payload(layout, ctx, m));
    let accepted = payload_union(layout, ctx, &x.requests, true);
    let reply_type = payload_union(layout, ctx, &x.replies, false);
    let headers = shared_headers(&x.requests).and_then(|_| headers_ref(layout, ctx, x.requests[0]));
    import_accepted(ctx, headers.map(|h| h.ty));
    if let Some(p) = &x.parameters_class {
        import_parameters(ctx, p, true);
    }
    let headers_required = headers.is_some_and(|h| h.required);
    let options_required = x.parameters_class.is_some() || headers_required || x.address.is_none();
    let o = if options_required {
        "options."
    } else {
        "options?."
    };
    doc(
        code,
        x,
        "Sends a request and resolves with its reply",
        "Validates the request first. Rejects with `RequestTimeoutError` when no reply comes within `options.timeoutMs` (default 30000), `RequestAbortedError` when `options.signal` aborts, `InvalidReplyError` when the reply is not valid, `NotConnectedError` when the client is not connected, or the publish's own error.",
    );
    code.open_with(|s| {
        s.push_str("export async function ");
        s.push_str(&x.name);
        s.push_str("(message: ");
        s.push_str(&accepted);
        s.push_str(", client: MqttClient, options");
        if !options_required {
            s.push('?');
        }
        s.push_str(": ");
        s.push_str(rq);
        s.push_str(".RequestOptions");
        if x.address.is_none() || x.parameters_class.is_some() || headers.is_some() {
            let mut parts: Vec<String> = Vec::new();
            if x.address.is_none() {
                parts.push("topic: string".to_string());
            }
            if let Some(p) = &x.parameters_class {
                let mut t = String::from("parameters: ");
                push_accepted(&mut t, parameters_ref(p));
                parts.push(t);
            }
            if let Some(HeadersRef { ty, required }) = headers {
                let mut t = String::from(if required { "headers: " } else { "headers?: " });
                push_accepted(&mut t, ty);
                if !required {
                    t.push_str(" | undefined");
                }
                parts.push(t);
            }
            s.push_str(" & { ");
            s.push_str(&parts.join("; "));
            s.push_str(" }");
        }
        s.push_str("): Promise<");
        s.push_str(&reply_type);
        s.push_str("> {");
    });
    // The payload: validated as the one request message, or encoded as the first of several
    // it is valid for.
    match (single, single_payload) {
        (Some(m), Some(ty)) => code.line_with(|s| {
            s.push_str(v);
            s.push_str(".assertValid(");
            literal::push_string(s, &format!("{} payload", m.name));
            s.push_str(", ");
            s.push_str(ty.name);
            s.push_str(".validate(message));");
        }),
        _ if x.requests.len() > 1 => {
            let before = format!("const encoded = {rq}.encodeMessage(message, ");
            write_shapes(layout, ctx, code, &before, &x.requests, ");");
        }
        _ => {}
    }
    let topic = match &x.parameters_class {
        Some(p) => {
            code.line_parts(&[
                "const parameters = options.parameters instanceof ",
                &p.name,
                " ? options.parameters : new ",
                &p.name,
                "(options.parameters);",
            ]);
            "parameters.getChannelWithParameters()".to_string()
        }
        None => match x.address {
            Some(a) => literal::string(&a.raw),
            None => format!("{}.checkedTopic(options.topic)", ctx.rt(Runtime::Topic)),
        },
    };
    let mut user_properties = None;
    if let Some(HeadersRef {
        ty: TypeRef { name, style, .. },
        required,
    }) = headers
    {
        let hlabel = literal::string(&format!("{} headers", x.requests[0].name));
        let build = if style == Style::Class {
            format!(
                "options.headers instanceof {name} ? options.headers : new {name}(options.headers)"
            )
        } else {
            "options.headers".to_string()
        };
        let encode = if style == Style::Class {
            "headers.toUserProperties()".to_string()
        } else {
            format!("{name}.toUserProperties(headers)")
        };
        if required {
            code.line_parts(&["const headers = ", &build, ";"]);
            code.line_parts(&[
                v,
                ".assertValid(",
                &hlabel,
                ", ",
                name,
                ".validate(headers));",
            ]);
            user_properties = Some(encode);
        } else {
            code.line_parts(&["let headers: ", name, " | undefined;"]);
            code.open_parts(&["if (", o, "headers !== undefined) {"]);
            code.line_parts(&["headers = ", &build, ";"]);
            code.line_parts(&[
                v,
                ".assertValid(",
                &hlabel,
                ", ",
                name,
                ".validate(headers));",
            ]);
            code.close("}");
            user_properties = Some(format!("headers === undefined ? undefined : {encode}"));
        }
    }
    let qos = x
        .operation
        .mqtt
        .as_ref()
        .and_then(|b| b.qos)
        .filter(|q| *q <= 2)
        .unwrap_or(0);
    code.open_parts(&[
        "return ",
        rq,
        ".request<",
        &reply_type,
        ">(client, options, {",
    ]);
    code.line_parts(&["label: ", &label(x.operation), ","]);
    code.line_parts(&["topic: ", &topic, ","]);
    let single_format = single.map(|m| (m.payload_format, m.name.as_str()));
    if x.requests.len() > 1 {
        code.line("payload: encoded.payload,");
    } else if let Some((format @ (PayloadFormat::Text | PayloadFormat::Bytes), name)) =
        single_format
    {
        let rt = ctx.rt(Runtime::Mqtt);
        let what = literal::string(&format!("{name} payload"));
        let encode = match format {
            PayloadFormat::Text => "textPayload",
            _ => "bytesPayload",
        };
        line!(code, "payload: {rt}.{encode}({what}, message),");
    } else if single_payload.is_some() {
        code.line("payload: JSON.stringify(message),");
    } else {
        code.line("payload: message === undefined ? '' : JSON.stringify(message),");
    }
    code.line_parts(&["qos: ", o, "qos ?? ", qos_text(qos), ","]);
    if x.requests.len() > 1 {
        code.line("contentType: encoded.contentType,");
    } else if let Some(ct) = single.and_then(content_type) {
        code.line_parts(&["contentType: ", &literal::string(ct), ","]);
    }
    if let Some(up) = user_properties {
        code.line_parts(&["userProperties: ", &up, ","]);
    }
    // The request header the id goes in: only when it can hold a generated id, and (with
    // several request messages) when every one of them declares the same header.
    let fill = x.requests.first().and_then(|first| {
        let h = correlation_header(layout, first)?;
        x.requests
            .iter()
            .all(|m| {
                correlation_header(layout, m).as_deref() == Some(&h)
                    && fillable_header(layout, m, &h)
            })
            .then_some(h)
    });
    if let (Some(h), true) = (fill, headers.is_some()) {
        code.line_parts(&["correlationHeader: ", &literal::string(&h), ","]);
    }
    let mut reply_headers: Vec<String> = Vec::new();
    for m in &x.replies {
        if let Some(h) = correlation_header(layout, m) {
            if !reply_headers.contains(&h) {
                reply_headers.push(h);
            }
        }
    }
    if !reply_headers.is_empty() {
        code.line_with(|s| {
            s.push_str("replyCorrelationHeaders: [");
            for (i, h) in reply_headers.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                literal::push_string(s, h);
            }
            s.push_str("],");
        });
    }
    reply_to_line(code, &x.reply_to);
    code.open("decode(packet) {");
    decode_as(layout, ctx, code, "return ", &x.replies, &reply_type);
    code.close("},");
    code.close("});");
    code.close("}");
}

/// The expression that decodes `var` (an MQTT.js packet) as message `m`: its payload type's
/// `unmarshal`, or any JSON for a message without one.
fn decoder(layout: &Layout<'_>, ctx: &mut FileCtx, rt: &str, m: &Message, var: &str) -> String {
    let payload = typed_payload(layout, ctx, m);
    let mut out = String::new();
    push_received(&mut out, rt, m, payload, var);
    out
}

/// `<target>` = the packet decoded as the first of `messages` that accepts it.
fn decode_as(
    layout: &Layout<'_>,
    ctx: &mut FileCtx,
    code: &mut Code,
    target: &str,
    messages: &[&Message],
    union: &str,
) {
    let rt = ctx.rt(Runtime::Mqtt);
    match messages {
        [] => code.line_parts(&[target, rt, ".anyPayload(packet);"]),
        [one] => {
            let d = decoder(layout, ctx, rt, one, "packet");
            code.line_parts(&[target, &d, ";"]);
        }
        many => {
            let rq = ctx.rt(Runtime::Request);
            let decoders: Vec<String> = many
                .iter()
                .map(|m| format!("(p) => {}", decoder(layout, ctx, rt, m, "p")))
                .collect();
            let list = decoders.join(", ");
            code.line_parts(&[
                target,
                rq,
                ".firstDecoded<",
                union,
                ">(packet, [",
                &list,
                "]);",
            ]);
        }
    }
}

/// `handle<Op>`.
fn replier(layout: &Layout<'_>, ctx: &mut FileCtx, code: &mut Code, x: &Exchange<'_>) {
    let rq = ctx.rt(Runtime::Request);
    let rt = ctx.rt(Runtime::Mqtt);
    ctx.mqtt_type("MqttClient");
    let request_type = payload_union(layout, ctx, &x.requests, false);
    let reply_type = payload_union(layout, ctx, &x.replies, true);
    let headers = shared_headers(&x.requests).and_then(|_| headers_ref(layout, ctx, x.requests[0]));
    if let Some(p) = &x.parameters_class {
        import_parameters(ctx, p, true);
    }
    let o = if x.address.is_some() {
        "options?."
    } else {
        "options."
    };
    let params_type = x
        .parameters_class
        .as_ref()
        .map_or("Record<string, never>", |p| &p.name);
    let headers_type = headers.map_or("undefined", |h| h.ty.name);
    doc(
        code,
        x,
        "Answers requests",
        "Each valid request goes to `handler`; its result is validated and published to the request's response topic with the request's correlation data. An invalid request, a throwing handler or an invalid reply goes to `options.onError` and gets no reply; the subscription keeps working. Resolves after the SUBACK.",
    );
    code.open_with(|s| {
        s.push_str("export async function ");
        s.push_str(&x.name);
        s.push_str("(handler: (request: ");
        s.push_str(&request_type);
        s.push_str(", context: ");
        s.push_str(rq);
        s.push_str(".RequestContext<");
        s.push_str(params_type);
        s.push_str(", ");
        s.push_str(headers_type);
        s.push_str(">) => ");
        s.push_str(&reply_type);
        s.push_str(" | Promise<");
        s.push_str(&reply_type);
        s.push_str(">, client: MqttClient, ");
        s.push_str(if x.address.is_some() {
            "options?: "
        } else {
            "options: "
        });
        s.push_str(rq);
        s.push_str(".HandleOptions<");
        s.push_str(
            x.parameters_class
                .as_ref()
                .map_or("Record<string, never>", |p| &p.init),
        );
        s.push('>');
        if x.address.is_none() {
            s.push_str(" & { topic: string }");
        }
        s.push_str("): Promise<");
        s.push_str(rt);
        s.push_str(".Subscription> {");
    });
    match &x.parameters_class {
        Some(p) => {
            code.line("const fixed = options?.parameters ?? {};");
            code.line_parts(&["const filter = ", &p.name, ".subscriptionFilter(fixed);"]);
        }
        None => match x.address {
            Some(a) => code.line_parts(&["const filter = ", &literal::string(&a.raw), ";"]),
            None => code.line("const filter = options.topic;"),
        },
    }
    let qos = x
        .operation
        .mqtt
        .as_ref()
        .and_then(|b| b.qos)
        .filter(|q| *q <= 2)
        .unwrap_or(0);
    code.open_with(|s| {
        s.push_str("return ");
        s.push_str(rq);
        s.push_str(".serve<");
        s.push_str(&request_type);
        s.push_str(", ");
        s.push_str(params_type);
        s.push_str(", ");
        s.push_str(headers_type);
        s.push_str(", ");
        s.push_str(&reply_type);
        s.push_str(">(client, {");
    });
    code.line_parts(&["label: ", &label(x.operation), ","]);
    code.line("filter,");
    code.line_parts(&["qos: ", o, "qos ?? ", qos_text(qos), ","]);
    code.line_parts(&["share: ", o, "share,"]);
    code.open("decode(topic, packet) {");
    let parameters = super::channels::match_topic(
        ctx,
        code,
        x.parameters_class.as_ref().map(|p| p.name.as_str()),
        x.address.is_some(),
        "return undefined;",
    );
    decode_as(
        layout,
        ctx,
        code,
        "const request = ",
        &x.requests,
        &request_type,
    );
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
        "return { request, context: { topic, ",
        parameters,
        ", ",
        headers_field,
        ", packet } };",
    ]);
    code.close("},");
    if let Some(h) = x
        .requests
        .first()
        .and_then(|m| correlation_header(layout, m))
    {
        code.line_parts(&["correlationHeader: ", &literal::string(&h), ","]);
    }
    reply_to_line(code, &x.reply_to);
    code.open("encode(reply) {");
    let before = format!("return {rq}.encodeMessage(reply, ");
    write_shapes(layout, ctx, code, &before, &x.replies, ");");
    code.close("},");
    code.line("handler,");
    code.line_parts(&["onError: ", o, "onError ?? ", rt, ".logDeliveryError,"]);
    code.close("});");
    code.close("}");
}

/// Writes one exchange function.
pub(crate) fn write(layout: &Layout<'_>, ctx: &mut FileCtx, code: &mut Code, x: &Exchange<'_>) {
    if x.requester {
        requester(layout, ctx, code, x);
    } else {
        replier(layout, ctx, code, x);
    }
}
