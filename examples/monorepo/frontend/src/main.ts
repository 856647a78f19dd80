// The device dashboard: subscribes to telemetry and the retained status of one device and
// sends commands to it, all through the client generated from ../asyncapi.yaml (see
// ./__gen__, written by the backend's build.rs with the client perspective).
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { Protocols } from './__gen__/channels';
import { DeviceCommand } from './__gen__/payloads/DeviceCommand';
import type { CommandKind } from './__gen__/payloads/DeviceCommand';
import './style.css';

const { subscribeToTelemetryReading, subscribeToDeviceStatus, publishToDeviceCommand } =
  Protocols.mqtt;

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

async function sendCommand(client: MqttClient): Promise<void> {
  const kind = commandKind.value as CommandKind;
  const command = new DeviceCommand({
    command: kind,
    issuedBy: 'dashboard',
    ...(kind === 'setInterval' ? { intervalSeconds: 30 } : {}),
  });
  sequence += 1;
  const traceId = `dashboard-${sequence}`;
  // Resolves once the broker acknowledged the QoS 1 publish (QoS comes from the spec).
  await publishToDeviceCommand(command, client, {
    parameters: { deviceId },
    headers: { traceId, sequence },
  });
  commandResult.textContent = `sent ${kind} (${traceId})`;
  commandResult.dataset['trace'] = traceId;
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
