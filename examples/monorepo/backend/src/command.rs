//! The command the agent carries out, as a hand-written struct that `asyncapi!` (check
//! mode) compares with the contract at compile time: rename a field here, or make a
//! required property optional in `../asyncapi.yaml`, and this crate stops compiling with
//! the field and the spec's line named.

use crate::contract::{self, channels::commands};
use asyncapi_codegen_runtime::mqtt::{ChannelMessage, ReceiveMessage};
use asyncapi_codegen_runtime::validation::Problem;

asyncapi_codegen_runtime::asyncapi! {
    spec = "../asyncapi.yaml";

    /// What a device should do next.
    #[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
    #[serde(rename_all = "camelCase")]
    #[asyncapi(message = "deviceCommand")]
    pub struct Command {
        /// Which command (the generated enum, itself checked against `CommandKind`).
        pub command: contract::CommandKind,
        /// New reporting interval in seconds, for `setInterval` (1..=3600).
        pub interval_seconds: Option<u16>,
        /// Who sent it.
        pub issued_by: String,
    }
}

/// Receiving commands as the checked [`Command`]: the same channel and bindings as the
/// generated [`contract::ReceiveDeviceCommand`], with the hand-written payload type.
#[derive(Debug, Clone, Copy)]
pub struct ReceiveCommand;

impl ChannelMessage for ReceiveCommand {
    type Channel = commands::Parameters;
    type Payload = Command;
    type Headers = contract::TraceHeaders;
    const QOS: u8 = <contract::ReceiveDeviceCommand as ChannelMessage>::QOS;
    const RETAIN: bool = <contract::ReceiveDeviceCommand as ChannelMessage>::RETAIN;
    const MESSAGE_EXPIRY_INTERVAL: Option<u32> =
        <contract::ReceiveDeviceCommand as ChannelMessage>::MESSAGE_EXPIRY_INTERVAL;
    const CONTENT_TYPE: Option<&'static str> =
        <contract::ReceiveDeviceCommand as ChannelMessage>::CONTENT_TYPE;

    // Check mode gives `Command` the schema's whole validation: every constraint (the
    // interval's 1..=3600 included) is checked on receive, not only the shape.
    fn payload_problems(payload: &serde_json::Value) -> Vec<Problem> {
        Command::validate_value(payload)
    }

    fn headers_problems(headers: &serde_json::Value) -> Vec<Problem> {
        <contract::ReceiveDeviceCommand as ChannelMessage>::headers_problems(headers)
    }
}

impl ReceiveMessage for ReceiveCommand {}
