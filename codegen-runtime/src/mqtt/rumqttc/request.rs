//! Request/reply over MQTT 5 response topic and correlation data, with the generated
//! TypeScript client's semantics (the two interoperate):
//!
//! - the requester publishes the request with `responseTopic` (where to reply) and
//!   `correlationData` (which request this is), then waits for the message on that topic
//!   carrying the same correlation data; one reply subscription per client and topic serves
//!   every request, and a reply is handed only to the request whose correlation data it
//!   carries;
//! - the replier subscribes to the request channel, checks each request, calls the handler
//!   and publishes its result to the request's response topic with the request's
//!   correlation data. An invalid request or a handler error goes to `on_error`, no reply is
//!   sent, and the loop goes on.
//!
//! The reply topic is the spec's when it fixes one ([`ReplyMessage::ADDRESS`]); otherwise
//! `asyncapi-reply/<clientId>/<random>` ([`REPLY_TOPIC_PREFIX`]), unique per client.

use super::client::{lock, Client};
use super::protocol::{OutPublish, Protocol};
use super::subscription::RouteGuard;
use super::{
    check_message, check_qos, decode_body, decode_message, prepare, PublishError, PublishOptions,
    ReceiveError, Received, SubscribeError,
};
use crate::mqtt::{user_properties, ReceiveMessage, ReplyMessage, RequestMessage, SendMessage};
use crate::share;
use crate::topic::{self, ParameterError};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

/// The prefix of the reply topics a requester makes up when the spec leaves the reply
/// address to run time: `asyncapi-reply/<clientId>/<random>`. The client id keeps clients
/// apart; the random level keeps two connections with one id apart.
pub const REPLY_TOPIC_PREFIX: &str = "asyncapi-reply/";

/// How long [`Client::request`] waits for the reply unless told otherwise (as in
/// TypeScript).
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Options of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestOptions {
    /// How long to wait for the reply, the request's publish included
    /// ([`DEFAULT_REQUEST_TIMEOUT`] by default).
    pub timeout: Duration,
    /// Overrides of the request's QoS, retain flag or expiry.
    pub publish: PublishOptions,
}

impl Default for RequestOptions {
    fn default() -> Self {
        RequestOptions {
            timeout: DEFAULT_REQUEST_TIMEOUT,
            publish: PublishOptions::default(),
        }
    }
}

/// A reply, checked.
pub struct Reply<R: ReplyMessage> {
    /// The topic it arrived on.
    pub topic: String,
    /// The payload.
    pub payload: R::Payload,
    /// The headers.
    pub headers: R::Headers,
}

impl<R: ReplyMessage> fmt::Debug for Reply<R>
where
    R::Payload: fmt::Debug,
    R::Headers: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("topic", &self.topic)
            .field("payload", &self.payload)
            .field("headers", &self.headers)
            .finish()
    }
}

/// What a handler answers a request with.
pub struct Response<R: ReplyMessage> {
    /// The reply's payload.
    pub payload: R::Payload,
    /// The reply's headers.
    pub headers: R::Headers,
}

impl<R: ReplyMessage> Response<R> {
    /// A reply without headers (or with the default ones).
    pub fn new(payload: R::Payload) -> Self
    where
        R::Headers: Default,
    {
        Response {
            payload,
            headers: R::Headers::default(),
        }
    }

    /// A reply with headers.
    pub fn with_headers(payload: R::Payload, headers: R::Headers) -> Self {
        Response { payload, headers }
    }
}

/// Why a request got no (valid) reply.
#[derive(Debug)]
pub enum RequestError {
    /// The client speaks MQTT 3.1.1, which has no response topic or correlation data.
    NeedsMqtt5,
    /// The client id cannot be a topic level of the reply topic (empty, or `/`, `+`, `#`,
    /// NUL): set a client id, or give the reply an address in the spec.
    ReplyTopic(ParameterError),
    /// Subscribing to the reply topic failed.
    Subscribe(SubscribeError),
    /// Publishing the request failed (see [`PublishError`]).
    Publish(PublishError),
    /// No reply within the timeout.
    Timeout(Duration),
    /// A reply came, but its payload or headers are invalid.
    InvalidReply(ReceiveError),
    /// The driver stopped before the reply came.
    Closed,
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::NeedsMqtt5 => write!(
                f,
                "request not sent: request/reply needs MQTT 5 (response topic and correlation data); connect with V5"
            ),
            RequestError::ReplyTopic(e) => write!(
                f,
                "request not sent: the client id cannot name a reply topic ({e}); set a client id without `/`, `+`, `#`"
            ),
            RequestError::Subscribe(e) => write!(f, "request not sent, reply subscription failed: {e}"),
            RequestError::Publish(e) => write!(f, "request failed: {e}"),
            RequestError::Timeout(t) => write!(f, "no reply within {t:?}"),
            RequestError::InvalidReply(e) => write!(f, "invalid reply: {e}"),
            RequestError::Closed => write!(f, "the client closed before the reply came"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::ReplyTopic(e) => Some(e),
            RequestError::Subscribe(e) => Some(e),
            RequestError::Publish(e) => Some(e),
            RequestError::InvalidReply(e) => Some(e),
            _ => None,
        }
    }
}

/// Removes a request's entry from the reply router however the request ends (reply,
/// timeout, or the caller dropping the future).
struct PendingReply<'a> {
    replies:
        &'a std::sync::Mutex<std::collections::HashMap<Bytes, oneshot::Sender<super::Inbound>>>,
    correlation: Bytes,
}

impl Drop for PendingReply<'_> {
    fn drop(&mut self) {
        lock(self.replies).remove(&self.correlation);
    }
}

/// A random number for reply topics and correlation data (std's hasher keys are random
/// per process; the counter makes each call different).
fn random() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    hasher.finish()
}

impl<P: Protocol> Client<P> {
    /// The topic replies to this client go to when the spec leaves it to run time.
    fn own_reply_topic(&self) -> Result<String, RequestError> {
        topic::check_value("clientId", self.client_id()).map_err(RequestError::ReplyTopic)?;
        let mut topic = lock(&self.core().own_reply_topic);
        Ok(topic
            .get_or_insert_with(|| {
                format!("{REPLY_TOPIC_PREFIX}{}/{:016x}", self.client_id(), random())
            })
            .clone())
    }

    /// Subscribes to `reply_topic` once per client.
    async fn ensure_reply_subscription(
        &self,
        reply_topic: &str,
        qos: u8,
    ) -> Result<(), SubscribeError> {
        let core = self.core();
        let _one_at_a_time = core.reply_subscribing.lock().await;
        if lock(&core.reply_topics).contains_key(reply_topic) {
            return Ok(());
        }
        // Routed before subscribing, so a reply to a fast replier is not missed.
        lock(&core.reply_topics).insert(reply_topic.to_owned(), qos);
        let subscribed = self
            .send(
                super::protocol::Outbound::Subscribe {
                    filter: reply_topic.to_owned(),
                    qos,
                },
                qos,
            )
            .await;
        if let Err(failure) = subscribed {
            lock(&core.reply_topics).remove(reply_topic);
            return Err(failure.into());
        }
        Ok(())
    }

    /// Sends a request and waits for its reply: publishes the request (acknowledged) with a
    /// response topic and fresh correlation data, and resolves with the reply carrying the
    /// same correlation data, or rejects with a typed error (timeout, invalid reply, failed
    /// publish, MQTT 3.1.1, closed client).
    pub async fn request<M>(
        &self,
        channel: &M::Channel,
        payload: &M::Payload,
        headers: &M::Headers,
        options: RequestOptions,
    ) -> Result<Reply<M::Reply>, RequestError>
    where
        M: SendMessage + RequestMessage,
        M::Payload: Serialize,
        M::Headers: Serialize,
        <M::Reply as ReplyMessage>::Payload: DeserializeOwned,
        <M::Reply as ReplyMessage>::Headers: DeserializeOwned + Serialize,
    {
        if !P::MQTT5 {
            return Err(RequestError::NeedsMqtt5);
        }
        let mut packet = prepare::<M>(channel, payload, headers, options.publish)
            .map_err(RequestError::Publish)?;
        let reply_topic = match <M::Reply as ReplyMessage>::ADDRESS {
            Some(address) => address.to_owned(),
            None => self.own_reply_topic()?,
        };
        let reply_qos = check_qos(<M::Reply as ReplyMessage>::QOS)
            .map_err(|q| RequestError::Subscribe(SubscribeError::Qos(q)))?;
        let exchange = async {
            self.ensure_reply_subscription(&reply_topic, reply_qos)
                .await
                .map_err(RequestError::Subscribe)?;
            let correlation = Bytes::from(format!("{:016x}", random()).into_bytes());
            let (tx, rx) = oneshot::channel();
            lock(&self.core().replies).insert(correlation.clone(), tx);
            let _pending = PendingReply {
                replies: &self.core().replies,
                correlation: correlation.clone(),
            };
            packet.response_topic = Some(reply_topic.clone());
            packet.correlation_data = Some(correlation);
            self.publish_prepared(packet)
                .await
                .map_err(RequestError::Publish)?;
            rx.await.map_err(|_| RequestError::Closed)
        };
        let message = tokio::time::timeout(options.timeout, exchange)
            .await
            .map_err(|_| RequestError::Timeout(options.timeout))??;
        let topic = String::from_utf8_lossy(&message.topic).into_owned();
        let (payload, headers) = decode_body(
            <M::Reply as ReplyMessage>::PAYLOAD_FORMAT,
            &message,
            <M::Reply as ReplyMessage>::decode_payload,
            <M::Reply as ReplyMessage>::payload_problems,
            <M::Reply as ReplyMessage>::headers_problems,
        )
        .map_err(|kind| {
            RequestError::InvalidReply(ReceiveError {
                topic: topic.clone(),
                kind,
            })
        })?;
        Ok(Reply {
            topic,
            payload,
            headers,
        })
    }
}

/// Options of a replier.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandleOptions {
    /// The request filter (every topic of the channel by default).
    pub filter: Option<String>,
    /// Share the requests among the members of this group (`$share/<group>/<filter>`).
    pub share: Option<String>,
}

/// What went wrong with one request; the replier goes on with the next.
#[derive(Debug)]
pub enum HandleError {
    /// The request is invalid (parameters, payload or headers); no reply was sent.
    InvalidRequest(ReceiveError),
    /// The request names no response topic; no reply was sent.
    NoResponseTopic {
        /// The request's topic.
        topic: String,
    },
    /// The request's response topic is not a topic one can publish to (empty, or a
    /// wildcard or NUL in it); no reply was sent.
    InvalidResponseTopic {
        /// The request's topic.
        topic: String,
        /// The response topic it named.
        response_topic: String,
    },
    /// The handler failed; no reply was sent.
    Handler {
        /// The request's topic.
        topic: String,
        /// The handler's error.
        error: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The reply could not be published.
    Reply {
        /// The response topic.
        response_topic: String,
        /// Why.
        error: PublishError,
    },
}

impl fmt::Display for HandleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandleError::InvalidRequest(e) => write!(f, "invalid request, not answered: {e}"),
            HandleError::NoResponseTopic { topic } => {
                write!(f, "request on {topic} names no response topic, not answered")
            }
            HandleError::InvalidResponseTopic {
                topic,
                response_topic,
            } => write!(
                f,
                "request on {topic} names the response topic {response_topic:?}, which is not a topic to publish to; not answered"
            ),
            HandleError::Handler { topic, error } => {
                write!(f, "the handler failed for the request on {topic}, not answered: {error}")
            }
            HandleError::Reply {
                response_topic,
                error,
            } => write!(f, "reply to {response_topic} failed: {error}"),
        }
    }
}

impl std::error::Error for HandleError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HandleError::InvalidRequest(e) => Some(e),
            HandleError::Handler { error, .. } => Some(error.as_ref()),
            HandleError::Reply { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// A running replier. [`Handling::stop`] ends it and unsubscribes; dropping it ends it too
/// (without telling the broker).
pub struct Handling<P: Protocol> {
    client: Client<P>,
    route: Arc<RouteGuard>,
    task: tokio::task::JoinHandle<()>,
}

impl<P: Protocol> fmt::Debug for Handling<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handling").finish_non_exhaustive()
    }
}

impl<P: Protocol> Handling<P> {
    /// Stops taking requests (requests being handled still get their reply) and
    /// unsubscribes the request filter.
    pub async fn stop(self) -> Result<(), SubscribeError> {
        self.task.abort();
        self.client.unsubscribe_route(&self.route).await
    }
}

impl<P: Protocol> Drop for Handling<P> {
    fn drop(&mut self) {
        self.task.abort();
        self.route.remove();
    }
}

/// A response topic one can publish to.
fn publishable(topic: &str) -> bool {
    !topic.is_empty() && !topic.contains(['+', '#', '\0'])
}

impl<P: Protocol> Client<P> {
    /// Answers requests of `M`: subscribes to the request channel (resolving on SUBACK),
    /// then for each request checks it, calls `handler` (each request on its own task) and
    /// publishes the reply to the request's response topic with its correlation data.
    /// Invalid requests, handler errors and failed replies go to `on_error`: no reply is
    /// sent and the replier goes on.
    pub async fn handle<M, F, Fut, E>(
        &self,
        options: HandleOptions,
        handler: F,
        on_error: impl Fn(HandleError) + Send + Sync + 'static,
    ) -> Result<Handling<P>, SubscribeError>
    where
        M: ReceiveMessage + RequestMessage + 'static,
        M::Channel: Send,
        M::Payload: DeserializeOwned + Send,
        M::Headers: DeserializeOwned + Serialize + Send,
        <M::Reply as ReplyMessage>::Payload: Serialize + Send,
        <M::Reply as ReplyMessage>::Headers: Serialize + Send,
        F: Fn(Received<M>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Response<M::Reply>, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let filter = options
            .filter
            .unwrap_or_else(crate::mqtt::wildcard_filter::<M::Channel>);
        let subscription = match &options.share {
            Some(group) => share::shared_filter(group, &filter).map_err(SubscribeError::Share)?,
            None => filter.clone(),
        };
        let qos = check_qos(M::QOS).map_err(SubscribeError::Qos)?;
        let (mut rx, route) = self.subscribe_route(filter, subscription, qos).await?;
        let route = Arc::new(route);
        let handler = Arc::new(handler);
        let on_error = Arc::new(on_error);
        let client = self.clone();
        let loop_route = Arc::clone(&route);
        let task = tokio::spawn(async move {
            // Keeps the route while the loop runs.
            let _route = loop_route;
            while let Some(message) = rx.recv().await {
                let request = match decode_message::<M>(&message) {
                    Ok(Some(request)) => request,
                    Ok(None) => continue,
                    Err(error) => {
                        on_error(HandleError::InvalidRequest(error));
                        continue;
                    }
                };
                let topic = request.topic.clone();
                let Some(response_topic) = request.response_topic.clone() else {
                    on_error(HandleError::NoResponseTopic { topic });
                    continue;
                };
                if !publishable(&response_topic) {
                    on_error(HandleError::InvalidResponseTopic {
                        topic,
                        response_topic,
                    });
                    continue;
                }
                let correlation_data = request.correlation_data.clone();
                let (client, handler, on_error) =
                    (client.clone(), Arc::clone(&handler), Arc::clone(&on_error));
                tokio::spawn(async move {
                    let response = match handler(request).await {
                        Ok(response) => response,
                        Err(error) => {
                            on_error(HandleError::Handler {
                                topic,
                                error: error.into(),
                            });
                            return;
                        }
                    };
                    let sent =
                        reply_packet::<M::Reply>(response, &response_topic, correlation_data);
                    let published = match sent {
                        Ok(packet) => client.publish_prepared(packet).await,
                        Err(error) => Err(error),
                    };
                    if let Err(error) = published {
                        on_error(HandleError::Reply {
                            response_topic,
                            error,
                        });
                    }
                });
            }
        });
        Ok(Handling {
            client: self.clone(),
            route,
            task,
        })
    }
}

/// The reply's publish: payload by its format, headers as user properties, the request's
/// correlation data.
fn reply_packet<R>(
    response: Response<R>,
    response_topic: &str,
    correlation_data: Option<Bytes>,
) -> Result<OutPublish, PublishError>
where
    R: ReplyMessage,
    R::Payload: Serialize,
    R::Headers: Serialize,
{
    check_message(
        R::PAYLOAD_FORMAT,
        &response.payload,
        &response.headers,
        R::payload_problems,
        R::headers_problems,
    )?;
    let payload = crate::mqtt::payload::encode(R::PAYLOAD_FORMAT, &response.payload)
        .map_err(PublishError::Payload)?;
    let user_properties =
        user_properties::encode(&response.headers).map_err(PublishError::Headers)?;
    Ok(OutPublish {
        topic: response_topic.to_owned(),
        qos: check_qos(R::QOS).map_err(PublishError::Qos)?,
        retain: false,
        payload: payload.into(),
        message_expiry_interval: None,
        content_type: R::CONTENT_TYPE.map(str::to_owned),
        payload_format_indicator: None,
        user_properties,
        response_topic: None,
        correlation_data,
    })
}
