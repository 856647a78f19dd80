//! AsyncAPI 2.0–2.6: the channel key is the address, operations live inside channels as
//! `publish` and `subscribe`. `subscribe` means the described application SENDS and
//! `publish` means it RECEIVES (spec#520, spec#618). Operation and message traits: the
//! trait's value wins.

use crate::model::names;
use crate::model::{Action, Address, Channel, MessageId, Operation};
use crate::spec::bindings;
use crate::spec::context::{Ctx, Src};
use crate::spec::messages::Found;
use crate::spec::parameters::parameters;
use crate::spec::traits::{Layers, Precedence};
use crate::spec::Draft;
use std::collections::HashMap;

/// Walks the channels (and the operations inside them) of a 2.x document.
pub(crate) fn walk<'s>(ctx: &mut Ctx<'s>, root: &Src<'s>) -> Draft<'s> {
    let mut draft = Draft::default();
    // (channel, message node) → message, so one message used by publish and subscribe
    // of one channel is one message.
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    let mut pending: Vec<(bool, Operation, Src<'s>)> = Vec::new();
    for (key, entry) in ctx.entries(root, "channels") {
        let Some(ch) = ctx.object(entry, &format!("channel `{key}`")) else {
            continue;
        };
        let idx = draft.channels.len();
        let address = Address::parse(key);
        let params = parameters(ctx, &ch, Some(&address), &ch);
        let mut channel_messages: Vec<MessageId> = Vec::new();
        let keys: Vec<&str> = ch
            .node
            .as_object()
            .unwrap_or_default()
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| *k == "publish" || *k == "subscribe")
            .collect();
        for kind in keys {
            let Some(op_src) = ch.child(kind) else {
                continue;
            };
            let Some(op) = ctx.object(op_src, &format!("`{kind}`")) else {
                continue;
            };
            let action = if kind == "subscribe" {
                Action::Send
            } else {
                Action::Receive
            };
            let layers = Layers::with_traits(ctx, op.clone(), Precedence::TraitWins);
            let explicit = match layers.first("operationId") {
                Some(s) => ctx.as_string(&s, "operationId"),
                None => None,
            };
            let explicit_id = explicit.is_some();
            let id = explicit.unwrap_or_else(|| {
                let suffix = if kind == "subscribe" {
                    "Subscribe"
                } else {
                    "Publish"
                };
                format!("{}{suffix}", names::camel_case(key))
            });
            let mut op_messages = Vec::new();
            let message_srcs = match op.child("message") {
                Some(m) => operation_messages(ctx, m),
                None => Vec::new(),
            };
            let several = message_srcs.len() > 1;
            for (i, m) in message_srcs.into_iter().enumerate() {
                let mid = match seen.get(&(idx, m.id())) {
                    Some(&mid) => mid,
                    None => {
                        let mid = draft.found.len();
                        seen.insert((idx, m.id()), mid);
                        let derived = if several {
                            format!("{id}Message{}", i + 1)
                        } else {
                            format!("{id}Message")
                        };
                        let message_id = message_id(ctx, &m).unwrap_or(derived);
                        draft.found.push(Found {
                            src: m,
                            id: message_id,
                            channel_id: key.to_string(),
                            operation_id: None,
                        });
                        channel_messages.push(MessageId(mid));
                        mid
                    }
                };
                if !op_messages.contains(&MessageId(mid)) {
                    op_messages.push(MessageId(mid));
                }
            }
            let text = |ctx: &mut Ctx<'s>, k: &str| layers.string(ctx, k);
            let title = text(ctx, "title");
            let summary = text(ctx, "summary");
            let description = text(ctx, "description");
            let mqtt = bindings::operation(ctx, &layers);
            let id_src = layers.first("operationId").unwrap_or_else(|| op.clone());
            pending.push((
                explicit_id,
                Operation {
                    id,
                    action,
                    channel: crate::model::ChannelId(idx),
                    messages: op_messages,
                    title,
                    summary,
                    description,
                    reply: None,
                    mqtt,
                    location: ctx.loc(&op),
                },
                id_src,
            ));
        }
        let title = ctx.string(&ch, "title");
        let summary = ctx.string(&ch, "summary");
        let description = ctx.string(&ch, "description");
        draft.channels.push(Channel {
            id: key.to_string(),
            address: Some(address),
            title,
            summary,
            description,
            parameters: params,
            messages: channel_messages,
            servers: super::servers::channel_servers(ctx, root, &ch, false),
            location: ctx.loc(&ch),
        });
    }
    name_from_operations(&mut draft, &pending);
    draft.operations = unique_operation_ids(ctx, pending);
    draft
}

/// The messages of an operation's `message`: one message, or each of a `oneOf`.
fn operation_messages<'s>(ctx: &mut Ctx<'s>, src: Src<'s>) -> Vec<Src<'s>> {
    let Some(m) = ctx.object(src, "the operation's `message`") else {
        return Vec::new();
    };
    if m.child("payload").is_none() {
        if let Some(items) = ctx.items(&m, "oneOf") {
            return items
                .into_iter()
                .filter_map(|i| ctx.object(i, "a `oneOf` message"))
                .collect();
        }
    }
    vec![m]
}

/// `messageId`, else `name`, else the `components.messages` key the message was found at.
fn message_id<'s>(ctx: &mut Ctx<'s>, m: &Src<'s>) -> Option<String> {
    for key in ["messageId", "name"] {
        if let Some(id) = ctx.string(m, key) {
            if !id.is_empty() {
                return Some(id);
            }
        }
    }
    let rest = m.pointer.strip_prefix("#/components/messages/")?;
    (!rest.contains('/')).then(|| crate::load::tree::unescape_token(rest))
}

/// Records, for each message, the explicit id of the one operation that carries it alone
/// with an `operationId` no other operation uses (the name `message_ids` prefers when
/// message names collide).
fn name_from_operations(draft: &mut Draft<'_>, pending: &[(bool, Operation, Src<'_>)]) {
    let mut carriers: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut explicit_ids: HashMap<&str, usize> = HashMap::new();
    for (explicit, op, _) in pending {
        if *explicit {
            *explicit_ids.entry(op.id.as_str()).or_default() += 1;
        }
    }
    for (i, (_, op, _)) in pending.iter().enumerate() {
        for m in &op.messages {
            carriers.entry(m.0).or_default().push(i);
        }
    }
    for (mid, found) in draft.found.iter_mut().enumerate() {
        if let Some([only]) = carriers.get(&mid).map(Vec::as_slice) {
            let (explicit, op, _) = &pending[*only];
            // A repeated operationId is reported on its own; it names nothing.
            if *explicit && op.messages.len() == 1 && explicit_ids.get(op.id.as_str()) == Some(&1) {
                found.operation_id = Some(op.id.clone());
            }
        }
    }
}

/// Operation ids must be unique: a repeated explicit `operationId` is an error; a derived
/// id that clashes gets a numeric suffix.
fn unique_operation_ids(
    ctx: &mut Ctx<'_>,
    pending: Vec<(bool, Operation, Src<'_>)>,
) -> Vec<Operation> {
    let mut taken: HashMap<String, usize> = HashMap::new();
    for (explicit, op, src) in &pending {
        if *explicit {
            if taken.contains_key(&op.id) {
                ctx.error(
                    src,
                    format!("operationId `{}` is used by more than one operation", op.id),
                    "operation ids must be unique in the document; rename one of them",
                );
            }
            *taken.entry(op.id.clone()).or_default() += 1;
        }
    }
    let mut out = Vec::with_capacity(pending.len());
    for (explicit, mut op, _) in pending {
        if !explicit {
            let mut candidate = op.id.clone();
            let mut n = 2;
            while taken.contains_key(&candidate) {
                candidate = format!("{}{n}", op.id);
                n += 1;
            }
            taken.insert(candidate.clone(), 1);
            op.id = candidate;
        }
        out.push(op);
    }
    out
}
