//! The contract's Rust side, generated at compile time from `../asyncapi.yaml` by
//! `asyncapi!` (generate mode): the payload and header types, named as on the TypeScript
//! side (`TelemetryReading`, `DeviceStatus`, `TraceHeaders`, ...), and `channels`, one module
//! per channel with its address, typed `Parameters`, subscription `Filter` and, per
//! operation, the MQTT bindings and a message type for the typed MQTT helpers.
//!
//! Editing the contract recompiles this crate; a field the code uses that the contract no
//! longer has is a compile error here, and a TypeScript error in the dashboard.

// Generated items carry the spec's titles and descriptions as docs; the properties the
// spec leaves undescribed (`lat`, `lon`, ...) have none.
#![allow(missing_docs)]

asyncapi_codegen_runtime::asyncapi!(spec = "../asyncapi.yaml");

/// Publishing telemetry (QoS 1, from the `sendTelemetry` binding).
pub type SendTelemetry = channels::telemetry::mqtt::SendTelemetry;
/// Publishing the status (QoS 1, retained, from the `sendStatus` binding).
pub type SendStatus = channels::status::mqtt::SendStatus;
/// Receiving commands, as the generated payload type (QoS 1, from `receiveCommand`).
pub type ReceiveDeviceCommand = channels::commands::mqtt::ReceiveCommand;
/// Answering reading requests (QoS 1, from `currentReading`): the agent is the replier,
/// the reply a [`TelemetryReading`] on the request's response topic.
pub type CurrentReading = channels::reading_requests::mqtt::CurrentReading;
/// Asking the operator for approval (QoS 1, from `operatorApproval`): the agent is the
/// requester, the reply an [`ApprovalDecision`].
pub type OperatorApproval = channels::approvals::mqtt::OperatorApproval;
