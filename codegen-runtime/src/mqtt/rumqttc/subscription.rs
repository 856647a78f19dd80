//! Typed subscriptions: one route per subscription, so one client carries many, each sees
//! only its own channel's messages, and unsubscribing removes exactly its own.

use super::client::{lock, Client, Core};
use super::inbound::Inbound;
use super::protocol::{Outbound, Protocol};
use super::{check_qos, decode_message, ReceiveError, Received, SubscribeError};
use crate::mqtt::{wildcard_filter, ReceiveMessage};
use crate::share;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::marker::PhantomData;
use std::sync::Arc;
use tokio::sync::mpsc;

/// How to subscribe: which filter, in which share group, at which QoS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscribeOptions {
    /// The filter, e.g. from a generated `Filter { .. }.filter()` with some parameters
    /// fixed; by default every topic of the channel (each parameter level `+`).
    pub filter: Option<String>,
    /// A shared subscription (MQTT 5 `$share/<group>/<filter>`): the broker hands each
    /// message to one member of the group. The group name is checked as one topic level
    /// ([`crate::topic::level_problem`]). Messages still arrive on their real topic, so parameters are
    /// extracted as usual.
    pub share: Option<String>,
    /// QoS instead of the spec's.
    pub qos: Option<u8>,
}

impl SubscribeOptions {
    /// Options for a member of the share group `group`, on the channel's whole filter.
    pub fn shared(group: impl Into<String>) -> SubscribeOptions {
        SubscribeOptions {
            share: Some(group.into()),
            ..SubscribeOptions::default()
        }
    }
}

/// A route in the client's router, removed on drop.
pub(crate) struct RouteGuard {
    core: Arc<Core>,
    id: u64,
    subscription: String,
}

impl RouteGuard {
    /// Removes the route; true when no other route uses the same broker subscription.
    pub fn remove(&self) -> bool {
        lock(&self.core.routes).remove(self.id, &self.subscription)
    }
}

impl Drop for RouteGuard {
    fn drop(&mut self) {
        self.remove();
    }
}

/// The messages of one subscription, typed. Dropping it stops routing messages to it;
/// [`Subscription::unsubscribe`] also tells the broker.
pub struct Subscription<P: Protocol, M: ReceiveMessage> {
    client: Client<P>,
    rx: mpsc::UnboundedReceiver<Inbound>,
    route: RouteGuard,
    filter: String,
    _message: PhantomData<fn() -> M>,
}

impl<P: Protocol, M: ReceiveMessage> std::fmt::Debug for Subscription<P, M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("subscription", &self.route.subscription)
            .finish()
    }
}

impl<P: Protocol> Client<P> {
    /// Subscribes to the message's channel (see [`SubscribeOptions`]) and resolves on the
    /// broker's SUBACK; a refused filter is [`SubscribeError::Refused`].
    pub async fn subscribe<M: ReceiveMessage>(
        &self,
        options: SubscribeOptions,
    ) -> Result<Subscription<P, M>, SubscribeError> {
        let filter = options.filter.unwrap_or_else(wildcard_filter::<M::Channel>);
        if let Some(problem) = crate::topic::filter_problem(&filter) {
            return Err(SubscribeError::Filter { filter, problem });
        }
        let subscription = match &options.share {
            Some(group) => share::shared_filter(group, &filter).map_err(SubscribeError::Share)?,
            None => filter.clone(),
        };
        let qos = check_qos(options.qos.unwrap_or(M::QOS)).map_err(SubscribeError::Qos)?;
        let (rx, route) = self
            .subscribe_route(filter.clone(), subscription, qos)
            .await?;
        Ok(Subscription {
            client: self.clone(),
            rx,
            route,
            filter,
            _message: PhantomData,
        })
    }

    /// Adds a route for `filter` (before subscribing, so nothing is missed), then subscribes.
    pub(crate) async fn subscribe_route(
        &self,
        filter: String,
        subscription: String,
        qos: u8,
    ) -> Result<(mpsc::UnboundedReceiver<Inbound>, RouteGuard), SubscribeError> {
        let (id, rx) = lock(&self.core().routes).add(filter, subscription.clone(), qos);
        let route = RouteGuard {
            core: Arc::clone(&self.shared.core),
            id,
            subscription,
        };
        self.send(
            Outbound::Subscribe {
                filter: route.subscription.clone(),
                qos,
            },
            qos,
        )
        .await?;
        Ok((rx, route))
    }

    /// Removes the route and unsubscribes unless another route uses the same subscription.
    pub(crate) async fn unsubscribe_route(&self, route: &RouteGuard) -> Result<(), SubscribeError> {
        if route.remove() {
            self.send(
                Outbound::Unsubscribe {
                    filter: route.subscription.clone(),
                },
                0,
            )
            .await?;
        }
        Ok(())
    }
}

impl<P: Protocol, M: ReceiveMessage> Subscription<P, M> {
    /// The next message of the channel: `Some(Ok(_))` valid, `Some(Err(_))` on the channel's
    /// topic but invalid (the error names the topic and what was wrong; the subscription
    /// goes on), `None` once the driver has stopped.
    pub async fn next(&mut self) -> Option<Result<Received<M>, ReceiveError>>
    where
        M::Payload: DeserializeOwned,
        M::Headers: DeserializeOwned + Serialize,
    {
        loop {
            let message = self.rx.recv().await?;
            match decode_message::<M>(&message) {
                Ok(Some(received)) => return Some(Ok(received)),
                // Matches the filter but not the channel's shape (a filter given by hand).
                Ok(None) => continue,
                Err(error) => return Some(Err(error)),
            }
        }
    }

    /// What was subscribed: the filter, or `$share/<group>/<filter>`.
    pub fn subscription(&self) -> &str {
        &self.route.subscription
    }

    /// The filter messages are matched with (without the `$share/<group>/` prefix).
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Stops routing messages here and unsubscribes exactly this subscription (the
    /// `$share/<group>/<filter>` string for a shared one), unless another subscription of
    /// this client uses the same string; resolves on UNSUBACK.
    pub async fn unsubscribe(self) -> Result<(), SubscribeError> {
        self.client.unsubscribe_route(&self.route).await
    }
}
