//! Request/reply: where a requester asks for its reply to go, resolved once from an
//! operation's [`Reply`] so that every emitter reads the same answer.
//!
//! Public: [`ReplyTo`] is part of the model ([`crate::model::Operation`]).
//!
//! The wire protocol both emitters follow (MQTT 5 response topic and correlation data; see
//! the README's "Request/reply" section) needs one fact from the document: the reply topic.
//! AsyncAPI 3 gives it in three ways, which [`ReplyTo`] tells apart:
//! - `reply.address.location` as a runtime expression into the request's headers
//!   (`$message.header#/replyTo`): the requester picks the topic at run time and also writes it
//!   into that header;
//! - a reply channel with a fixed address (no parameters), or a `reply.address.location` that
//!   is a plain topic rather than an expression: every reply goes to that topic;
//! - nothing usable (no address, a reply channel whose address is `null` or has parameters, an
//!   expression into the payload): the requester picks a topic of its own at run time.
//!
//! In every case the requester also sends the topic as the MQTT 5 response topic, and a
//! replier prefers the request's response topic over the document's answer.

use super::{Model, Reply};

/// Where the reply to a request goes, from the document's point of view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyTo {
    /// A fixed topic: the reply channel's address (without parameters), or a
    /// `reply.address.location` that is not a runtime expression.
    Topic(String),
    /// `reply.address.location` is `$message.header#/<name>`: the requester chooses the topic
    /// and sends it in the request header `<name>` as well as in the MQTT 5 response topic.
    Header(String),
    /// The document leaves it open: the requester chooses the topic at run time and sends it
    /// in the MQTT 5 response topic only.
    Dynamic,
}

impl ReplyTo {
    /// The fixed topic, when there is one.
    pub fn topic(&self) -> Option<&str> {
        match self {
            ReplyTo::Topic(t) => Some(t),
            _ => None,
        }
    }

    /// The request header that carries the reply topic, when there is one.
    pub fn header(&self) -> Option<&str> {
        match self {
            ReplyTo::Header(h) => Some(h),
            _ => None,
        }
    }
}

impl Model {
    /// Where the reply of an operation with this `reply` goes (see [`ReplyTo`]). An address
    /// expression wins over the reply channel, as the AsyncAPI 3 specification says.
    pub fn reply_to(&self, reply: &Reply) -> ReplyTo {
        if let Some(location) = reply.address.as_deref() {
            if let Some(header) = header_expression(location) {
                return ReplyTo::Header(header);
            }
            if !location.starts_with('$') && is_concrete_topic(location) {
                return ReplyTo::Topic(location.to_string());
            }
        }
        let address = reply.channel.and_then(|c| self.channel(c).address.as_ref());
        match address {
            Some(a) if a.parameter_names().is_empty() && is_concrete_topic(&a.raw) => {
                ReplyTo::Topic(a.raw.clone())
            }
            _ => ReplyTo::Dynamic,
        }
    }
}

/// `$message.header#/name` → `name` (one level, JSON-pointer escapes undone).
fn header_expression(location: &str) -> Option<String> {
    let rest = location.strip_prefix("$message.header#/")?;
    if rest.is_empty() || rest.contains('/') {
        return None;
    }
    Some(crate::load::tree::unescape_token(rest))
}

/// A topic a reply can be published to: not empty, no wildcard, no NUL.
fn is_concrete_topic(topic: &str) -> bool {
    !topic.is_empty() && !topic.contains(['+', '#', '\0'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::model::{Address, Channel, ChannelId, TypeGraph};

    fn model_with(address: Option<&str>) -> Model {
        Model {
            asyncapi: "3.0.0".into(),
            title: String::new(),
            version: String::new(),
            description: None,
            default_content_type: None,
            servers: Vec::new(),
            channels: vec![Channel {
                id: "replies".into(),
                address: address.map(Address::parse),
                title: None,
                summary: None,
                description: None,
                parameters: Vec::new(),
                messages: Vec::new(),
                servers: None,
                location: Location::default(),
            }],
            operations: Vec::new(),
            messages: Vec::new(),
            types: TypeGraph::default(),
            files: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn reply(channel: bool, address: Option<&str>) -> Reply {
        Reply {
            channel: channel.then_some(ChannelId(0)),
            address: address.map(str::to_string),
            messages: Vec::new(),
        }
    }

    #[test]
    fn a_header_expression_wins_over_the_channel() {
        let m = model_with(Some("pong"));
        assert_eq!(
            m.reply_to(&reply(true, Some("$message.header#/replyTo"))),
            ReplyTo::Header("replyTo".into())
        );
        assert_eq!(
            m.reply_to(&reply(false, Some("$message.header#/a~1b"))),
            ReplyTo::Header("a/b".into())
        );
    }

    #[test]
    fn a_fixed_channel_address_is_the_reply_topic() {
        let m = model_with(Some("pong/all"));
        assert_eq!(
            m.reply_to(&reply(true, None)),
            ReplyTo::Topic("pong/all".into())
        );
        assert_eq!(
            m.reply_to(&reply(false, Some("replies/fixed"))),
            ReplyTo::Topic("replies/fixed".into())
        );
    }

    #[test]
    fn everything_else_is_decided_at_run_time() {
        for address in [None, Some("pong/{id}"), Some("pong/+"), Some("")] {
            assert_eq!(
                model_with(address).reply_to(&reply(true, None)),
                ReplyTo::Dynamic
            );
        }
        let m = model_with(None);
        assert_eq!(
            m.reply_to(&reply(false, Some("$message.payload#/replyTo"))),
            ReplyTo::Dynamic
        );
        assert_eq!(m.reply_to(&reply(false, None)), ReplyTo::Dynamic);
    }
}
