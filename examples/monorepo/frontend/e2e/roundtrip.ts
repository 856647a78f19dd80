// The TypeScript half of the Rust <-> TypeScript round trip, run by the workspace test
// `example_roundtrip` (tests/tests/example_roundtrip.rs) against a real mosquitto.
//
// 1. Subscribes, through the generated client (client perspective), to the telemetry and
//    status of every device, and prints `{"event":"ready"}`.
// 2. For every message the Rust agent publishes, prints one JSON line with what the
//    generated client handed over: topic, extracted parameters, decoded headers, the
//    payload as marshalled back to JSON, QoS and retain flag. The generated client
//    validates payload and headers before the callback; anything invalid is printed as an
//    `error` line instead.
// 3. Once EXPECTED messages arrived, publishes one command with headers.
// 4. Request/reply both ways: answers the agent's approval requests (`handleOperatorApproval`,
//    Rust requester, TypeScript replier: approves `firmwareUpdate`, declines anything else)
//    and prints `{"event":"serving"}`, then asks the agent for sensor's current reading
//    (`requestCurrentReading`, TypeScript requester, Rust replier) and for the reading of a
//    device the agent does not run (which must time out). Exits once two approval requests
//    were answered.
//
// Environment: MQTT_URL (mqtt://127.0.0.1:PORT), EXPECTED (message count), DEVICE_ID (the
// device to command).
import mqtt from 'mqtt';
import type { IPublishPacket } from 'mqtt';
import { DeviceCommand, Protocols, RequestError, RequestTimeoutError } from '../src/__gen__/index.js';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set: run this through cargo test -p workspace-tests`);
  }
  return value;
}

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function delivery(packet: IPublishPacket): { qos: number; retain: boolean } {
  return { qos: packet.qos, retain: packet.retain };
}

const expected = Number(env('EXPECTED'));
const deviceId = env('DEVICE_ID');
const client = await mqtt.connectAsync(env('MQTT_URL'), {
  protocolVersion: 5,
  reconnectPeriod: 0,
});
const {
  subscribeToTelemetryReading,
  subscribeToDeviceStatus,
  publishToDeviceCommand,
  requestCurrentReading,
  handleOperatorApproval,
} = Protocols.mqtt;

let received = 0;
let finish: () => void = () => undefined;
const allReceived = new Promise<void>((resolve) => {
  finish = resolve;
});
function count(): void {
  received += 1;
  if (received >= expected) {
    finish();
  }
}
const onError = (error: Error, packet: IPublishPacket): void => {
  emit({ event: 'error', topic: packet.topic, message: error.message });
  count();
};

const telemetry = await subscribeToTelemetryReading(
  (reading, { topic, parameters, headers, packet }) => {
    emit({
      event: 'telemetry',
      topic,
      parameters: { deviceId: parameters.deviceId },
      headers:
        headers === undefined ? null : { traceId: headers.traceId, sequence: headers.sequence },
      sequenceType: typeof headers?.sequence,
      payload: JSON.parse(reading.marshal()) as unknown,
      ...delivery(packet),
    });
    count();
  },
  client,
  { onError },
);
const status = await subscribeToDeviceStatus(
  (deviceStatus, { topic, parameters, headers, packet }) => {
    emit({
      event: 'status',
      topic,
      parameters: { deviceId: parameters.deviceId },
      headers:
        headers === undefined ? null : { traceId: headers.traceId, sequence: headers.sequence },
      sequenceType: typeof headers?.sequence,
      payload: JSON.parse(deviceStatus.marshal()) as unknown,
      ...delivery(packet),
    });
    count();
  },
  client,
  { onError },
);
emit({ event: 'ready', telemetryFilter: telemetry.topic, statusFilter: status.topic });

const timeout = setTimeout(() => {
  emit({ event: 'timeout', received });
  process.exit(1);
}, 40_000);
await allReceived;

// TypeScript -> Rust: a command, validated by the generated client before it is sent, with
// headers as MQTT 5 user properties; resolves when the broker acknowledged it (QoS 1).
const command = new DeviceCommand({
  command: 'setInterval',
  intervalSeconds: 30,
  issuedBy: 'roundtrip',
});
await publishToDeviceCommand(command, client, {
  parameters: { deviceId },
  headers: { traceId: 'ts-1', sequence: 1 },
});
emit({ event: 'sent', payload: JSON.parse(command.marshal()) as unknown });

// Rust -> TypeScript: the replier. The context carries the request's response topic and
// correlation data (as text), printed so the Rust side can check them against its requests.
let answered = 0;
let allAnswered: () => void = () => undefined;
const approvalsAnswered = new Promise<void>((resolve) => {
  allAnswered = resolve;
});
const approving = await handleOperatorApproval(
  (request, { parameters, headers, responseTopic, correlationId }) => {
    const approved = request.action === 'firmwareUpdate';
    emit({
      event: 'approval',
      deviceId: parameters.deviceId,
      action: request.action,
      firmware: request.firmware ?? null,
      traceId: headers?.traceId ?? null,
      responseTopic,
      correlationId: correlationId ?? null,
      approved,
    });
    answered += 1;
    if (answered >= 2) {
      allAnswered();
    }
    return { approved, decidedBy: 'roundtrip' };
  },
  client,
  { onError: (error) => emit({ event: 'handle-error', message: error.message }) },
);
emit({ event: 'serving', filter: approving.topic });

// TypeScript -> Rust: the requester. Resolves with the agent's reply to exactly this request,
// validated as a TelemetryReading.
const reading = await requestCurrentReading({ requestedBy: 'roundtrip' }, client, {
  parameters: { deviceId },
  headers: { traceId: 'ts-2', sequence: 2 },
  timeoutMs: 10_000,
});
emit({ event: 'reading', payload: JSON.parse(reading.marshal()) as unknown });
// The agent refuses to answer for a device it does not run: a typed timeout.
try {
  const unexpected = await requestCurrentReading({ requestedBy: 'roundtrip' }, client, {
    parameters: { deviceId: 'not-a-device' },
    headers: { traceId: 'ts-3', sequence: 3 },
    timeoutMs: 500,
  });
  emit({ event: 'reading', payload: JSON.parse(unexpected.marshal()) as unknown });
} catch (error) {
  emit({
    event: 'no-reading',
    timeout: error instanceof RequestTimeoutError,
    kind: error instanceof RequestError ? error.kind : String(error),
  });
}
await approvalsAnswered;

await approving.unsubscribe();
await telemetry.unsubscribe();
await status.unsubscribe();
clearTimeout(timeout);
await client.endAsync();
emit({ event: 'done', received });
