//! The typed client and the driver that polls rumqttc's event loop for it.
//!
//! [`Client::new`] makes both. The driver must run (`tokio::spawn(driver.run())`, or a loop
//! over [`Driver::poll`]) for anything to be sent: it writes requests, settles each publish
//! on its acknowledgement (see `tracker.rs`), routes received messages to subscriptions
//! and replies to waiting requests, and rejects what a lost connection leaves unsettled.

use super::inbound::Inbound;
use super::protocol::{Outbound, Protocol, Sent, Step};
use super::tracker::{Failure, Tracker, Waiting};
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, Notify, Semaphore};

/// How long [`Driver::run`] waits before connecting again after a connection error.
pub const DEFAULT_RECONNECT_DELAY: Duration = Duration::from_secs(1);

/// State shared by the client handles and the driver.
pub(crate) struct Core {
    pub tracker: Mutex<Tracker>,
    /// One permit per QoS 1/2 publish that may be in flight; a publish holds its permit
    /// from before it enters rumqttc's channel until it is settled (see
    /// [`Client::with_max_in_flight`]).
    pub in_flight: Arc<Semaphore>,
    /// Signalled whenever the event loop took a request from the channel (room for the
    /// next) or a connection error emptied it, and when the driver stops.
    pub consumed: Notify,
    pub routes: Mutex<Routes>,
    /// Requests awaiting a reply, by correlation data.
    pub replies: Mutex<HashMap<Bytes, oneshot::Sender<Inbound>>>,
    /// `asyncapi-reply/<clientId>/<random>`, made up on the first request that needs it.
    pub own_reply_topic: Mutex<Option<String>>,
    /// Topics this client subscribed to for replies, with their QoS.
    pub reply_topics: Mutex<HashMap<String, u8>>,
    /// Serialises the first subscription to each reply topic.
    pub reply_subscribing: tokio::sync::Mutex<()>,
    /// Set when the last [`Client`] handle is dropped.
    pub abandoned: AtomicBool,
    pub abandoned_signal: Notify,
}

impl Core {
    fn new(max_in_flight: usize) -> Core {
        Core {
            tracker: Mutex::default(),
            in_flight: Arc::new(Semaphore::new(
                max_in_flight.clamp(1, Semaphore::MAX_PERMITS),
            )),
            consumed: Notify::new(),
            routes: Mutex::default(),
            replies: Mutex::default(),
            own_reply_topic: Mutex::default(),
            reply_topics: Mutex::default(),
            reply_subscribing: tokio::sync::Mutex::default(),
            abandoned: AtomicBool::new(false),
            abandoned_signal: Notify::new(),
        }
    }
}

/// Locks, ignoring poisoning: every critical section leaves the state consistent.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// Subscriptions' routes: which received messages go where.
#[derive(Default)]
pub(crate) struct Routes {
    next_id: u64,
    routes: Vec<Route>,
}

struct Route {
    id: u64,
    /// The filter the broker matches topics with (without `$share/<group>/`).
    filter: String,
    /// What was subscribed (`$share/<group>/<filter>` or the filter).
    subscription: String,
    qos: u8,
    tx: mpsc::UnboundedSender<Inbound>,
}

impl Routes {
    pub fn add(
        &mut self,
        filter: String,
        subscription: String,
        qos: u8,
    ) -> (u64, mpsc::UnboundedReceiver<Inbound>) {
        let (tx, rx) = mpsc::unbounded_channel();
        self.next_id += 1;
        self.routes.push(Route {
            id: self.next_id,
            filter,
            subscription,
            qos,
            tx,
        });
        (self.next_id, rx)
    }

    /// Every broker subscription the routes need, once each, at the highest QoS asked.
    fn subscriptions(&self) -> Vec<(String, u8)> {
        let mut out: Vec<(String, u8)> = Vec::new();
        for route in &self.routes {
            match out.iter_mut().find(|(s, _)| *s == route.subscription) {
                Some((_, qos)) => *qos = (*qos).max(route.qos),
                None => out.push((route.subscription.clone(), route.qos)),
            }
        }
        out
    }

    /// Removes a route; returns true when no other route uses its subscription (so the
    /// broker's subscription can go).
    pub fn remove(&mut self, id: u64, subscription: &str) -> bool {
        self.routes.retain(|r| r.id != id);
        !self.routes.iter().any(|r| r.subscription == subscription)
    }

    fn deliver(&self, message: &Inbound) {
        let Ok(topic) = std::str::from_utf8(&message.topic) else {
            // Not UTF-8: no filter can match it; hand it to every route, whose decoder
            // reports it (a topic a broker should never deliver).
            for route in &self.routes {
                let _ = route.tx.send(message.clone());
            }
            return;
        };
        for route in self
            .routes
            .iter()
            .filter(|r| crate::topic::matches_filter(&r.filter, topic))
        {
            let _ = route.tx.send(message.clone());
        }
    }

    fn clear(&mut self) {
        self.routes.clear();
    }
}

/// A typed MQTT client over rumqttc: acknowledged publishes, routed subscriptions (shared
/// ones too), request/reply. Cheap to clone; all clones share one connection.
///
/// `P` is [`super::V5`] (MQTT 5) or [`super::V311`] (MQTT 3.1.1).
pub struct Client<P: Protocol> {
    pub(crate) shared: Arc<Shared<P>>,
}

pub(crate) struct Shared<P: Protocol> {
    pub rumqttc: P::Client,
    pub core: Arc<Core>,
    pub client_id: String,
}

impl<P: Protocol> Drop for Shared<P> {
    fn drop(&mut self) {
        self.core.abandoned.store(true, Ordering::SeqCst);
        self.core.abandoned_signal.notify_one();
    }
}

impl<P: Protocol> Clone for Client<P> {
    fn clone(&self) -> Self {
        Client {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<P: Protocol> std::fmt::Debug for Client<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("client_id", &self.shared.client_id)
            .field("mqtt5", &P::MQTT5)
            .finish()
    }
}

impl<P: Protocol> Client<P> {
    /// Creates the client and its driver from rumqttc's options (`rumqttc::v5::MqttOptions`
    /// for [`super::V5`], `rumqttc::MqttOptions` for [`super::V311`]). `capacity` bounds
    /// rumqttc's request channel (a publish waits for room, never fails for lack of it).
    ///
    /// Nothing is sent until the driver runs: spawn [`Driver::run`].
    ///
    /// At most [`Protocol::DEFAULT_MAX_IN_FLIGHT`] QoS 1 and 2 publishes are in flight at
    /// once (see [`Client::with_max_in_flight`]).
    pub fn new(options: P::Options, capacity: usize) -> (Client<P>, Driver<P>) {
        Self::with_max_in_flight(options, capacity, P::DEFAULT_MAX_IN_FLIGHT)
    }

    /// [`Client::new`], with at most `max_in_flight` QoS 1 and 2 publishes in flight (handed
    /// to rumqttc and not yet settled); more wait, in call order, for one to settle. This is
    /// flow control: a broker takes only so many unacknowledged messages from a client.
    /// MQTT 5 announces its Receive Maximum in the CONNACK and rumqttc's v5 client keeps to
    /// it. MQTT 3.1.1 has no such field, and rumqttc's own limit there (its `inflight`
    /// option) is 100 by default, above mosquitto's default `max_inflight_messages` of 20,
    /// over which a 3.1.1 broker acknowledges QoS 2 messages it then drops. Hence
    /// [`V311`](super::V311)'s default of 10.
    pub fn with_max_in_flight(
        options: P::Options,
        capacity: usize,
        max_in_flight: usize,
    ) -> (Client<P>, Driver<P>) {
        let client_id = P::client_id(&options);
        let (rumqttc, eventloop) = P::create(options, capacity.max(1));
        let core = Arc::new(Core::new(max_in_flight));
        let client = Client {
            shared: Arc::new(Shared {
                rumqttc: rumqttc.clone(),
                core: Arc::clone(&core),
                client_id,
            }),
        };
        let driver = Driver {
            eventloop,
            rumqttc,
            reconnecting: false,
            core,
            reconnect_delay: DEFAULT_RECONNECT_DELAY,
            finished: false,
            server_disconnect: None,
        };
        (client, driver)
    }

    /// The MQTT client id from the options.
    pub fn client_id(&self) -> &str {
        &self.shared.client_id
    }

    pub(crate) fn core(&self) -> &Core {
        &self.shared.core
    }

    /// Hands `request` to rumqttc and waits until it is settled (see the module docs of
    /// `tracker.rs`). The request and its record go in under one lock, so the event loop's
    /// outgoing events come in the order of the records.
    pub(crate) async fn send(&self, request: Outbound, qos: u8) -> Result<(), Failure> {
        let kind = match request {
            Outbound::Publish(_) => Sent::Publish,
            Outbound::Subscribe { .. } => Sent::Subscribe,
            Outbound::Unsubscribe { .. } => Sent::Unsubscribe,
            Outbound::Disconnect => Sent::Disconnect,
        };
        let core = self.core();
        // A QoS 1/2 publish waits for a slot first; the record holds the permit until it is
        // settled, even if the caller stops waiting.
        let permit = if kind == Sent::Publish && qos > 0 {
            match Arc::clone(&core.in_flight).acquire_owned().await {
                Ok(permit) => Some(permit),
                Err(_) => return Err(Failure::Closed),
            }
        } else {
            None
        };
        let (done, answer) = oneshot::channel();
        let mut waiting = Some(Waiting {
            kind,
            qos,
            done,
            _slot: permit,
        });
        while waiting.is_some() {
            // Registered before trying, so a request consumed in between still wakes us.
            let room = core.consumed.notified();
            tokio::pin!(room);
            room.as_mut().enable();
            {
                let mut tracker = lock(&core.tracker);
                if tracker.closed {
                    return Err(Failure::Closed);
                }
                if P::try_send(&self.shared.rumqttc, &request) {
                    tracker.push(waiting.take().expect("loop condition"));
                }
            }
            if waiting.is_some() {
                room.await;
            }
        }
        answer.await.unwrap_or(Err(Failure::Closed))
    }

    /// Sends DISCONNECT and resolves once it is written; the driver then stops, rejecting
    /// whatever is still unsettled with a "closed" error.
    pub async fn disconnect(&self) -> Result<(), DisconnectError> {
        match self.send(Outbound::Disconnect, 0).await {
            Ok(()) | Err(Failure::Closed) => Ok(()),
            Err(Failure::Disconnected(reason) | Failure::Refused(reason)) => {
                Err(DisconnectError { reason })
            }
        }
    }
}

/// The connection was lost before the DISCONNECT could be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisconnectError {
    /// What happened to the connection.
    pub reason: String,
}

impl std::fmt::Display for DisconnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DISCONNECT not sent: {}", self.reason)
    }
}

impl std::error::Error for DisconnectError {}

/// Polls rumqttc's event loop for a [`Client`]: run it on the tokio runtime,
/// `tokio::spawn(driver.run())`, or call [`Driver::poll`] in a loop of your own.
pub struct Driver<P: Protocol> {
    eventloop: P::EventLoop,
    /// For subscribing again after a reconnect (the handles' own copy decides when
    /// everything is dropped, not this one).
    rumqttc: P::Client,
    /// A connection was lost since the last CONNACK.
    reconnecting: bool,
    core: Arc<Core>,
    reconnect_delay: Duration,
    finished: bool,
    /// Why the broker said it disconnects (MQTT 5 DISCONNECT), for the error that follows.
    server_disconnect: Option<String>,
}

impl<P: Protocol> std::fmt::Debug for Driver<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Driver")
            .field("reconnect_delay", &self.reconnect_delay)
            .field("finished", &self.finished)
            .finish()
    }
}

impl<P: Protocol> Driver<P> {
    /// How long [`Driver::run`] waits after a connection error before connecting again
    /// ([`DEFAULT_RECONNECT_DELAY`] unless set). Every publish not acknowledged when the
    /// connection failed has been rejected by then.
    pub fn set_reconnect_delay(&mut self, delay: Duration) {
        self.reconnect_delay = delay;
    }

    /// True once the client sent DISCONNECT: [`Driver::run`] stops there.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Polls the event loop once, settles what the event settles, routes a received
    /// message, and returns the event (for callers that watch it themselves).
    ///
    /// On a connection error, every publish not yet acknowledged is rejected with
    /// [`super::PublishError::Disconnected`] and removed from rumqttc's resend queue, and the
    /// error is returned; polling again connects again (after a pause of your choice).
    pub async fn poll(&mut self) -> Result<P::Event, P::ConnectionError> {
        match P::poll(&mut self.eventloop).await {
            Ok(event) => {
                self.process(P::step(&event));
                Ok(event)
            }
            Err(error) => {
                let reason = match self.server_disconnect.take() {
                    Some(said) => format!("{said}; {error}"),
                    None => error.to_string(),
                };
                let asked_to_stop = {
                    let mut tracker = lock(&self.core.tracker);
                    P::drop_unsent(&mut self.eventloop);
                    tracker.connection_lost(&reason)
                };
                self.core.consumed.notify_waiters();
                self.reconnecting = true;
                if asked_to_stop {
                    self.finished = true;
                }
                Err(error)
            }
        }
    }

    fn process(&mut self, step: Step) {
        let core = &self.core;
        match step {
            Step::Sent(kind, pkid) => {
                lock(&core.tracker).sent(kind, pkid);
                if kind == Sent::Disconnect {
                    self.finished = true;
                }
                core.consumed.notify_waiters();
            }
            Step::AwaitAck(pkid) => {
                lock(&core.tracker).await_ack(pkid);
                core.consumed.notify_waiters();
            }
            Step::PubAck(pkid, failure) => lock(&core.tracker).puback(pkid, failure),
            Step::PubRec(pkid, failure) => lock(&core.tracker).pubrec(pkid, failure),
            Step::PubComp(pkid, failure) => lock(&core.tracker).pubcomp(pkid, failure),
            Step::SubAck(pkid, failure) => lock(&core.tracker).suback(pkid, failure),
            Step::UnsubAck(pkid, failure) => lock(&core.tracker).unsuback(pkid, failure),
            Step::Message(message) => self.deliver(message),
            Step::ConnAck(session_present) => {
                if std::mem::take(&mut self.reconnecting) && !session_present {
                    self.subscribe_again();
                }
            }
            Step::ServerDisconnect(reason) => self.server_disconnect = Some(reason),
            Step::Other => {}
        }
    }

    /// A new session has no subscriptions: asks for every route's and reply topic's again,
    /// as MQTT.js does. Nobody waits for these SUBACKs (the records' answers are dropped);
    /// a subscription the channel has no room for now is skipped rather than block the
    /// driver, which is what empties the channel.
    fn subscribe_again(&self) {
        let mut wanted = lock(&self.core.routes).subscriptions();
        wanted.extend(
            lock(&self.core.reply_topics)
                .iter()
                .map(|(topic, qos)| (topic.clone(), *qos)),
        );
        let mut tracker = lock(&self.core.tracker);
        for (filter, qos) in wanted {
            let request = Outbound::Subscribe { filter, qos };
            if P::try_send(&self.rumqttc, &request) {
                let (done, _) = oneshot::channel();
                tracker.push(Waiting {
                    kind: Sent::Subscribe,
                    qos,
                    done,
                    _slot: None,
                });
            }
        }
    }

    fn deliver(&self, message: Inbound) {
        let is_reply = std::str::from_utf8(&message.topic)
            .is_ok_and(|topic| lock(&self.core.reply_topics).contains_key(topic));
        if is_reply {
            // A reply for nobody (timed out, or another client's on a shared reply topic)
            // is dropped: its correlation data names no request of ours.
            let waiting = message
                .correlation_data
                .as_ref()
                .and_then(|c| lock(&self.core.replies).remove(c));
            if let Some(waiting) = waiting {
                let _ = waiting.send(message);
            }
            return;
        }
        lock(&self.core.routes).deliver(&message);
    }

    /// Runs until the client disconnects or every [`Client`] handle is dropped, connecting
    /// again after each connection error (see [`Driver::set_reconnect_delay`]).
    pub async fn run(self) {
        self.run_with(|_| {}).await
    }

    /// [`Driver::run`], telling `on_error` about each connection error (connection refused,
    /// broker gone, ...).
    pub async fn run_with(mut self, mut on_error: impl FnMut(&P::ConnectionError) + Send) {
        let core = Arc::clone(&self.core);
        while !self.finished && !core.abandoned.load(Ordering::SeqCst) {
            tokio::select! {
                polled = self.poll() => {
                    if let Err(error) = polled {
                        on_error(&error);
                        if self.finished {
                            break;
                        }
                        tokio::select! {
                            _ = tokio::time::sleep(self.reconnect_delay) => {}
                            _ = core.abandoned_signal.notified() => break,
                        }
                    }
                }
                _ = core.abandoned_signal.notified() => break,
            }
        }
        // Dropping `self` settles everything left (see `Drop`).
    }
}

impl<P: Protocol> Drop for Driver<P> {
    fn drop(&mut self) {
        self.core.in_flight.close();
        lock(&self.core.tracker).close();
        lock(&self.core.routes).clear();
        lock(&self.core.replies).clear();
        self.core.consumed.notify_waiters();
    }
}
