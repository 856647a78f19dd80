//! The device agent's MQTT side: typed publishes of telemetry and status (each resolves
//! once the broker has acknowledged it), typed command subscriptions, and both ends of
//! request/reply (it answers reading requests and asks the operator for approvals), over
//! rumqttc's MQTT 5 client.
//!
//! Everything the contract says about the wire comes from it: topics from the channels'
//! typed parameters (validated, so a device id like `a/b` or `+` is refused before anything
//! is sent), QoS and retain from the operations' bindings, headers as MQTT 5 user
//! properties, JSON payloads in the generated types.

use crate::command::ReceiveCommand;
use crate::contract::{
    self, channels, ApprovalDecision, ApprovalRequest, DeviceStatus, TelemetryReading, TraceHeaders,
};
use asyncapi_codegen_runtime::mqtt::rumqttc::{
    self as typed, Client, Driver, HandleError, HandleOptions, Handling, PublishError,
    ReceiveError, Received, RequestError, RequestOptions, Response, SubscribeError,
    SubscribeOptions, Subscription, V5,
};
use rumqttc::v5::mqttbytes::v5::Publish;
use rumqttc::v5::MqttOptions;
use std::future::Future;
use std::time::Duration;

/// Where and as whom the agent connects.
#[derive(Debug, Clone)]
pub struct AgentOptions {
    /// Broker host.
    pub host: String,
    /// Broker port (MQTT over TCP).
    pub port: u16,
    /// MQTT client id; also the prefix of the trace ids the agent sends.
    pub client_id: String,
}

/// The agent: publishes through the typed client. Run the [`Driver`] returned by
/// [`Agent::connect`] (`tokio::spawn(driver.run())`, or a loop over `driver.poll()`):
/// nothing is sent until it runs.
#[derive(Debug, Clone)]
pub struct Agent {
    client: Client<V5>,
    client_id: String,
    sequence: u32,
}

impl Agent {
    /// Creates the client and its driver (MQTT 5, clean start).
    pub fn connect(options: &AgentOptions) -> (Agent, Driver<V5>) {
        let mut mqtt = MqttOptions::new(&options.client_id, &options.host, options.port);
        mqtt.set_keep_alive(Duration::from_secs(30));
        let (client, driver) = Client::new(mqtt, 64);
        let agent = Agent {
            client,
            client_id: options.client_id.clone(),
            sequence: 0,
        };
        (agent, driver)
    }

    /// The typed client (to disconnect, or for other channels).
    pub fn client(&self) -> &Client<V5> {
        &self.client
    }

    /// The headers of the next message: a trace id and the per-agent sequence number.
    fn next_headers(&mut self) -> TraceHeaders {
        self.sequence += 1;
        TraceHeaders {
            trace_id: format!("{}-{}", self.client_id, self.sequence),
            sequence: self.sequence.into(),
            extra: Default::default(),
        }
    }

    /// Publishes one telemetry reading of `device_id` (QoS 1) and returns the headers sent.
    pub async fn publish_telemetry(
        &mut self,
        device_id: &str,
        reading: &TelemetryReading,
    ) -> Result<TraceHeaders, PublishError> {
        let headers = self.next_headers();
        let channel = channels::telemetry::Parameters {
            device_id: device_id.to_owned(),
        };
        self.client
            .publish::<contract::SendTelemetry>(&channel, reading, &headers)
            .await?;
        Ok(headers)
    }

    /// Publishes the status of `device_id` (QoS 1, retained, so a dashboard that connects
    /// later sees it at once) and returns the headers sent.
    pub async fn publish_status(
        &mut self,
        device_id: &str,
        status: &DeviceStatus,
    ) -> Result<TraceHeaders, PublishError> {
        let headers = self.next_headers();
        let channel = channels::status::Parameters {
            device_id: device_id.to_owned(),
        };
        self.client
            .publish::<contract::SendStatus>(&channel, status, &headers)
            .await?;
        Ok(headers)
    }

    /// Subscribes to the commands of every device (`devices/+/commands`, QoS 1); resolves
    /// on the broker's SUBACK.
    pub async fn subscribe_commands(
        &self,
    ) -> Result<Subscription<V5, ReceiveCommand>, SubscribeError> {
        self.client.subscribe(SubscribeOptions::default()).await
    }

    /// Subscribes to the commands of one device (`devices/<id>/commands`, QoS 1).
    pub async fn subscribe_commands_of(
        &self,
        device_id: &str,
    ) -> Result<Subscription<V5, ReceiveCommand>, SubscribeError> {
        let filter = channels::commands::Filter {
            device_id: Some(device_id.to_owned()),
        }
        .filter()
        .map_err(SubscribeError::Parameters)?;
        let options = SubscribeOptions {
            filter: Some(filter),
            ..SubscribeOptions::default()
        };
        self.client.subscribe(options).await
    }
}

impl Agent {
    /// Answers reading requests for every device (`devices/+/reading`, QoS 1), resolving
    /// on the broker's SUBACK. `answer` gives the current reading of the request's device,
    /// or an error for a device the agent does not run: that request gets no reply (the
    /// requester times out) and the error goes to `on_error`, as do invalid requests.
    /// Replies go to the request's response topic with its correlation data.
    ///
    /// The replier runs while the returned [`Handling`] lives; `stop()` unsubscribes.
    pub async fn serve_readings<F>(
        &self,
        answer: F,
        on_error: impl Fn(HandleError) + Send + Sync + 'static,
    ) -> Result<Handling<V5>, SubscribeError>
    where
        F: Fn(&Received<contract::CurrentReading>) -> Result<TelemetryReading, String>
            + Send
            + Sync
            + 'static,
    {
        let answer = std::sync::Arc::new(answer);
        self.client
            .handle::<contract::CurrentReading, _, _, _>(
                HandleOptions::default(),
                move |request| {
                    let answered = answer(&request).map(Response::new);
                    async move { answered }
                },
                on_error,
            )
            .await
    }

    /// Asks the operator (the dashboard watching `device_id`) to approve a maintenance
    /// action: publishes the request on `devices/<id>/approvals` with a response topic and
    /// fresh correlation data, and the returned future resolves with the operator's
    /// decision, or a [`RequestError`] (no answer within `timeout`, an invalid answer, a
    /// failed publish). Returns the request's headers too (its trace id).
    ///
    /// The future owns what it needs, so it can be spawned while the agent goes on.
    pub fn ask_approval(
        &mut self,
        device_id: &str,
        request: ApprovalRequest,
        timeout: Duration,
    ) -> (
        TraceHeaders,
        impl Future<Output = Result<ApprovalDecision, RequestError>> + Send + 'static,
    ) {
        let headers = self.next_headers();
        let channel = channels::approvals::Parameters {
            device_id: device_id.to_owned(),
        };
        let client = self.client.clone();
        let sent = headers.clone();
        let decision = async move {
            let options = RequestOptions {
                timeout,
                ..RequestOptions::default()
            };
            let reply = client
                .request::<contract::OperatorApproval>(&channel, &request, &sent, options)
                .await?;
            Ok(reply.payload)
        };
        (headers, decision)
    }
}

/// Reads a received packet as a command: `Ok(None)` for another channel's message, an
/// error naming the topic for an invalid one (the agent logs it and goes on).
pub fn decode_command(packet: &Publish) -> Result<Option<Received<ReceiveCommand>>, ReceiveError> {
    typed::decode::<ReceiveCommand>(packet)
}
