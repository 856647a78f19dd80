//! AsyncAPI 3.0 and 3.1: channels keyed by id with an `address`, messages keyed by id
//! inside each channel, operations at the top level pointing at a channel and at some of
//! its messages. Operation traits: the operation's own value wins.

use crate::model::{Action, Address, Channel, ChannelId, MessageId, Operation, Reply};
use crate::spec::bindings;
use crate::spec::context::{Ctx, Src};
use crate::spec::messages::Found;
use crate::spec::parameters::parameters;
use crate::spec::traits::{Layers, Precedence};
use crate::spec::Draft;
use std::collections::HashMap;

/// Where channels and their messages are, by node identity.
#[derive(Default)]
struct Index {
    /// Channel node → channel.
    channels: HashMap<usize, usize>,
    /// (channel, message entry node or its target) → message.
    messages: HashMap<(usize, usize), usize>,
    /// Channel id (key) per channel, for messages.
    channel_ids: Vec<String>,
}

/// Walks the channels and operations of a 3.x document.
pub(crate) fn walk<'s>(ctx: &mut Ctx<'s>, root: &Src<'s>) -> Draft<'s> {
    let mut draft = Draft::default();
    let mut index = Index::default();
    for (key, entry) in ctx.entries(root, "channels") {
        let entry_id = entry.id();
        let Some(ch) = ctx.object(entry, &format!("channel `{key}`")) else {
            continue;
        };
        let idx = draft.channels.len();
        // The entry itself first: two keys may refer to one shared definition.
        index.channels.entry(entry_id).or_insert(idx);
        index.channels.entry(ch.id()).or_insert(idx);
        index.channel_ids.push(key.to_string());
        let address_src = ch.child("address");
        let address = match &address_src {
            Some(a) if a.node.is_null() => None,
            Some(a) => ctx.as_string(a, "address").map(|s| Address::parse(&s)),
            None => None,
        };
        let params = parameters(
            ctx,
            &ch,
            address.as_ref(),
            address_src.as_ref().unwrap_or(&ch),
        );
        let mut messages = Vec::new();
        for (mkey, mentry) in ctx.entries(&ch, "messages") {
            let entry_id = mentry.id();
            let Some(m) = ctx.object(mentry, &format!("message `{mkey}`")) else {
                continue;
            };
            let mid = draft.found.len();
            index.messages.entry((idx, entry_id)).or_insert(mid);
            index.messages.entry((idx, m.id())).or_insert(mid);
            draft.found.push(Found {
                src: m,
                id: mkey.to_string(),
                channel_id: key.to_string(),
                operation_id: None,
            });
            messages.push(MessageId(mid));
        }
        let title = ctx.string(&ch, "title");
        let summary = ctx.string(&ch, "summary");
        let description = ctx.string(&ch, "description");
        draft.channels.push(Channel {
            id: key.to_string(),
            address,
            title,
            summary,
            description,
            parameters: params,
            messages,
            servers: super::servers::channel_servers(ctx, root, &ch, true),
            location: ctx.loc(&ch),
        });
    }

    for (key, entry) in ctx.entries(root, "operations") {
        let Some(op) = ctx.object(entry, &format!("operation `{key}`")) else {
            continue;
        };
        let action = match op.child("action") {
            Some(a) => match a.node.as_str() {
                Some("send") => Some(Action::Send),
                Some("receive") => Some(Action::Receive),
                _ => {
                    let shown = crate::spec::context::scalar_text(a.node);
                    ctx.error(
                        &a,
                        format!("`action` must be `send` or `receive`, found `{shown}`"),
                        "write `action: send` or `action: receive`",
                    );
                    None
                }
            },
            None => {
                ctx.error(
                    &op,
                    format!("operation `{key}` has no `action`"),
                    "add `action: send` or `action: receive`",
                );
                None
            }
        };
        let channel = match op.child("channel") {
            Some(c) => channel_of(ctx, &index, c),
            None => {
                ctx.error(
                    &op,
                    format!("operation `{key}` has no `channel`"),
                    "add `channel: {$ref: '#/channels/<id>'}`",
                );
                None
            }
        };
        let messages = match channel {
            Some(ch) => messages_of(ctx, &index, &draft, &op, ch),
            None => Vec::new(),
        };
        let reply = match op.child("reply") {
            Some(r) => reply(ctx, &index, &draft, r),
            None => None,
        };
        let layers = Layers::with_traits(ctx, op.clone(), Precedence::TargetWins);
        let text = |ctx: &mut Ctx<'s>, k: &str| layers.string(ctx, k);
        let title = text(ctx, "title");
        let summary = text(ctx, "summary");
        let description = text(ctx, "description");
        let mqtt = bindings::operation(ctx, &layers);
        if let (Some(action), Some(channel)) = (action, channel) {
            draft.operations.push(Operation {
                id: key.to_string(),
                action,
                channel,
                messages,
                title,
                summary,
                description,
                reply,
                mqtt,
                location: ctx.loc(&op),
            });
        }
    }
    draft
}

/// The first node on the reference chain from `src` (itself included) that `known`
/// recognises. The chain is walked one step at a time because references usually name an
/// entry (`#/channels/c`, `#/channels/c/messages/m`) that is itself a reference to a
/// component; stopping at the entry tells apart two entries sharing one definition.
/// Problems with the chain are not reported here (see `follow`).
fn chain_match<'s>(
    ctx: &Ctx<'s>,
    src: &Src<'s>,
    known: impl Fn(usize) -> Option<usize>,
) -> Option<usize> {
    let mut cur = src.clone();
    for _ in 0..64 {
        if let Some(i) = known(cur.id()) {
            return Some(i);
        }
        let reference = cur.node.reference()?;
        let (file, pointer, node) = ctx.sources.resolve(cur.file, reference).ok()?;
        cur = Src {
            node,
            file,
            pointer,
        };
    }
    None
}

/// The channel an operation's (or reply's) `channel` reference points at.
fn channel_of<'s>(ctx: &mut Ctx<'s>, index: &Index, src: Src<'s>) -> Option<ChannelId> {
    if let Some(i) = chain_match(ctx, &src, |id| index.channels.get(&id).copied()) {
        return Some(ChannelId(i));
    }
    // A broken chain is reported by `follow`; a sound one ends somewhere else.
    let target = ctx.follow(src.clone())?;
    ctx.error(
        &src,
        format!("`{}` is not a channel under `channels`", target.pointer),
        "point `channel` at a channel of this document: `$ref: '#/channels/<id>'`",
    );
    None
}

/// The messages of an operation: all of the channel's when `messages` is omitted, none
/// for `[]`, otherwise each reference, which must name a message of that channel.
fn messages_of<'s>(
    ctx: &mut Ctx<'s>,
    index: &Index,
    draft: &Draft<'s>,
    parent: &Src<'s>,
    channel: ChannelId,
) -> Vec<MessageId> {
    let Some(items) = ctx.items(parent, "messages") else {
        return draft.channels[channel.0].messages.clone();
    };
    let mut out = Vec::new();
    for item in items {
        if let Some(m) = message_on(ctx, index, item, channel.0) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}

/// Resolves one operation message reference against the channel's messages.
fn message_on<'s>(
    ctx: &mut Ctx<'s>,
    index: &Index,
    item: Src<'s>,
    channel: usize,
) -> Option<MessageId> {
    if let Some(m) = chain_match(ctx, &item, |id| index.messages.get(&(channel, id)).copied()) {
        return Some(MessageId(m));
    }
    // A broken chain is reported by `follow`; a sound one names another message.
    ctx.follow(item.clone())?;
    let channel_id = &index.channel_ids[channel];
    let escaped = crate::load::tree::push_pointer("#/channels", channel_id);
    ctx.error(
        &item,
        format!("this message is not a message of the operation's channel `{channel_id}`"),
        format!("reference one of the channel's messages (`{escaped}/messages/<id>`) or add the message to that channel"),
    );
    None
}

/// An operation's `reply` (references followed).
fn reply<'s>(ctx: &mut Ctx<'s>, index: &Index, draft: &Draft<'s>, src: Src<'s>) -> Option<Reply> {
    let r = ctx.object(src, "`reply`")?;
    // `null` counts as absent: the reply channel or address is decided at run time.
    let channel = match r.child("channel").filter(|c| !c.node.is_null()) {
        Some(c) => channel_of(ctx, index, c),
        None => None,
    };
    let address = match r.child("address").filter(|a| !a.node.is_null()) {
        Some(a) => match ctx.object(a, "the reply `address`") {
            Some(a) => ctx.string(&a, "location"),
            None => None,
        },
        None => None,
    };
    let messages = match channel {
        Some(ch) => messages_of(ctx, index, draft, &r, ch),
        None => Vec::new(),
    };
    Some(Reply {
        channel,
        address,
        messages,
    })
}
