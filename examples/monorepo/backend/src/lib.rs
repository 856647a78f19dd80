//! The example's backend: a device agent that reports telemetry and a retained status for
//! its devices over MQTT 5 and carries out the commands a dashboard sends them.
//!
//! One contract, `../asyncapi.yaml`, drives both sides:
//! - `build.rs` writes the dashboard's TypeScript client into `../frontend/src/__gen__`
//!   (client perspective: it subscribes to what this agent sends, and sends commands);
//! - [`contract`] is `asyncapi!` in generate mode (payload types and channel helpers);
//! - [`command`] is `asyncapi!` in check mode (a hand-written struct compared with the
//!   contract at compile time);
//! - [`agent`] publishes and subscribes with the typed helpers of
//!   `asyncapi_codegen_runtime::mqtt::rumqttc` (QoS and retain from the bindings, parameters
//!   validated, headers as user properties, payloads checked on receive), answers the
//!   dashboard's reading requests and asks its operator for approvals (request/reply over
//!   MQTT 5 response topic and correlation data, interoperating with the generated
//!   TypeScript `requestCurrentReading` and `handleOperatorApproval`).
//!
//! ```no_run
//! use monorepo_backend::agent::{Agent, AgentOptions};
//! use monorepo_backend::contract::DeviceState;
//! use monorepo_backend::simulation;
//! use std::time::{Duration, SystemTime};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let options = AgentOptions {
//!     host: "127.0.0.1".into(),
//!     port: 1883,
//!     client_id: "agent-1".into(),
//! };
//! let (mut agent, driver) = Agent::connect(&options);
//! tokio::spawn(driver.run());
//! // Each publish resolves once the broker has acknowledged it.
//! let status = simulation::status(DeviceState::Online, Duration::ZERO);
//! agent.publish_status("sensor-1", &status).await?;
//! agent
//!     .publish_telemetry("sensor-1", &simulation::reading(1, SystemTime::now()))
//!     .await?;
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

pub mod agent;
pub mod command;
pub mod contract;
pub mod simulation;
