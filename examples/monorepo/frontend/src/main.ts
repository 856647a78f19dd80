// The device dashboard: subscribes to telemetry and the retained status of one device,
// sends commands to it, asks it for its current reading (request/reply, the Rust agent
// answers) and answers the agent's approval requests (request/reply, the operator decides),
// all through the client generated from ../asyncapi.yaml (see ./__gen__, written by the
// backend's build.rs with the client perspective).
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { Protocols } from './__gen__/channels';
import { DeviceCommand } from './__gen__/payloads/DeviceCommand';
import type { CommandKind } from './__gen__/payloads/DeviceCommand';
import type { ApprovalRequest } from './__gen__/payloads/ApprovalRequest';
import { RequestTimeoutError } from './__gen__/runtime/request';
import './style.css';

const {
  subscribeToTelemetryReading,
  subscribeToDeviceStatus,
  publishToDeviceCommand,
  requestCurrentReading,
  handleOperatorApproval,
} = Protocols.mqtt;

/** How long "Read now" waits for the agent. */
const READING_TIMEOUT_MS = 10_000;

// The broker URL and device come from the query string so a test can point the page at
// its own broker: /?broker=ws://127.0.0.1:9001&device=sensor-1
const query = new URLSearchParams(window.location.search);
const brokerUrl = query.get('broker') ?? 'ws://127.0.0.1:9001';
const deviceId = query.get('device') ?? 'sensor-1';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) {
    throw new Error(`index.html has no #${id}`);
  }
  return found as T;
}

const connection = element<HTMLElement>('connection');
const statusLine = element<HTMLElement>('status');
const telemetryRows = element<HTMLTableSectionElement>('telemetry');
const errors = element<HTMLUListElement>('errors');
const commandKind = element<HTMLSelectElement>('command-kind');
const sendButton = element<HTMLButtonElement>('send-command');
const commandResult = element<HTMLElement>('command-result');
const readButton = element<HTMLButtonElement>('read-now');
const readings = element<HTMLUListElement>('readings');
const approvals = element<HTMLUListElement>('approvals');
const noApprovals = element<HTMLElement>('no-approvals');

element<HTMLElement>('broker').textContent = brokerUrl;
element<HTMLElement>('device').textContent = deviceId;

function showError(context: string, error: unknown): void {
  const item = document.createElement('li');
  item.textContent = `${context}: ${error instanceof Error ? error.message : String(error)}`;
  errors.append(item);
}

function cell(text: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

let sequence = 0;

function nextTrace(): { traceId: string; sequence: number } {
  sequence += 1;
  return { traceId: `dashboard-${sequence}`, sequence };
}

async function sendCommand(client: MqttClient): Promise<void> {
  const kind = commandKind.value as CommandKind;
  const command = new DeviceCommand({
    command: kind,
    issuedBy: 'dashboard',
    ...(kind === 'setInterval' ? { intervalSeconds: 30 } : {}),
  });
  const headers = nextTrace();
  const { traceId } = headers;
  // Resolves once the broker acknowledged the QoS 1 publish (QoS comes from the spec).
  await publishToDeviceCommand(command, client, { parameters: { deviceId }, headers });
  commandResult.textContent = `sent ${kind} (${traceId})`;
  commandResult.dataset['trace'] = traceId;
}

// TypeScript -> Rust request/reply: the agent answers on this client's reply topic with the
// request's correlation data; the promise resolves with the validated reading of exactly
// this request, or rejects (timeout: the agent does not run this device, or is down).
async function readNow(client: MqttClient): Promise<void> {
  const headers = nextTrace();
  const item = document.createElement('li');
  item.dataset['testid'] = 'reading';
  item.dataset['trace'] = headers.traceId;
  item.dataset['state'] = 'waiting';
  item.textContent = `${headers.traceId}: asking ${deviceId}…`;
  readings.prepend(item);
  try {
    const reading = await requestCurrentReading({ requestedBy: 'dashboard' }, client, {
      parameters: { deviceId },
      headers,
      timeoutMs: READING_TIMEOUT_MS,
    });
    item.dataset['state'] = 'answered';
    item.dataset['reading'] = reading.marshal();
    item.textContent = `${headers.traceId}: ${reading.temperature} °C, ${reading.humidity} %, battery ${reading.batteryPercent} %, measured ${reading.measuredAt}`;
  } catch (error) {
    item.dataset['state'] = 'failed';
    item.textContent =
      error instanceof RequestTimeoutError
        ? `${headers.traceId}: ${deviceId} did not answer within ${READING_TIMEOUT_MS / 1000} s`
        : `${headers.traceId}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

// Rust -> TypeScript request/reply: each approval request the agent sends shows up with two
// buttons; the handler's promise resolves when the operator clicks one, and the generated
// client publishes the decision to the agent's response topic with its correlation data.
function askOperator(
  request: ApprovalRequest,
  traceId: string,
): Promise<{ approved: boolean; decidedBy: string }> {
  const action =
    request.firmware === undefined ? request.action : `${request.action} to ${request.firmware}`;
  noApprovals.hidden = true;
  const item = document.createElement('li');
  item.dataset['testid'] = 'approval';
  item.dataset['action'] = request.action;
  item.dataset['trace'] = traceId;
  item.dataset['state'] = 'pending';
  const text = document.createElement('span');
  text.textContent = `${deviceId} asks to ${action}: ${request.reason} (trace ${traceId}) `;
  const approve = document.createElement('button');
  approve.type = 'button';
  approve.textContent = 'Approve';
  approve.dataset['decision'] = 'approve';
  const decline = document.createElement('button');
  decline.type = 'button';
  decline.textContent = 'Decline';
  decline.dataset['decision'] = 'decline';
  item.append(text, approve, decline);
  approvals.prepend(item);
  return new Promise((resolve) => {
    const decide = (approved: boolean): void => {
      approve.remove();
      decline.remove();
      item.dataset['state'] = approved ? 'approved' : 'declined';
      text.textContent = `${deviceId}: ${action} ${approved ? 'approved' : 'declined'} (trace ${traceId})`;
      resolve({ approved, decidedBy: 'dashboard' });
    };
    approve.addEventListener('click', () => decide(true), { once: true });
    decline.addEventListener('click', () => decide(false), { once: true });
  });
}

async function start(): Promise<void> {
  const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5 });
  connection.textContent = 'connected';
  connection.dataset['state'] = 'connected';
  client.on('close', () => {
    connection.textContent = 'disconnected';
    connection.dataset['state'] = 'disconnected';
  });

  await subscribeToDeviceStatus(
    (status, { parameters, headers }) => {
      statusLine.textContent = `${parameters.deviceId} is ${status.state}, firmware ${status.firmware}, up ${status.uptimeSeconds} s (trace ${headers?.traceId ?? '-'})`;
      statusLine.dataset['state'] = status.state;
    },
    client,
    { parameters: { deviceId }, onError: (error) => showError('status', error) },
  );

  await subscribeToTelemetryReading(
    (reading, { parameters, headers }) => {
      const row = document.createElement('tr');
      row.dataset['testid'] = 'telemetry-row';
      row.append(
        cell(parameters.deviceId),
        cell(`${reading.temperature} °C`),
        cell(`${reading.humidity} %`),
        cell(`${reading.batteryPercent} %`),
        cell(reading.measuredAt),
        cell(headers?.traceId ?? '-'),
        cell(String(headers?.sequence ?? '-')),
      );
      telemetryRows.prepend(row);
    },
    client,
    { parameters: { deviceId }, onError: (error) => showError('telemetry', error) },
  );

  // Answers the agent's approval requests for this device (one subscription; each request
  // waits for the operator on its own).
  await handleOperatorApproval(
    (request, { headers }) => askOperator(request, headers?.traceId ?? '-'),
    client,
    { parameters: { deviceId }, onError: (error) => showError('approval', error) },
  );

  readButton.disabled = false;
  readButton.addEventListener('click', () => {
    readNow(client).catch((error: unknown) => showError('reading', error));
  });
  sendButton.disabled = false;
  sendButton.addEventListener('click', () => {
    sendCommand(client).catch((error: unknown) => showError('command', error));
  });
}

start().catch((error: unknown) => {
  connection.textContent = 'failed';
  connection.dataset['state'] = 'failed';
  showError('connect', error);
});
