// The generated client of tests/fixtures/content-types against mosquitto, driven by
// tests/tests/content_types.rs:
//   node wire.js receive N  subscribes to every message, prints `ready`, then one JSON line per
//                           message received (or error reported), and exits after N of them;
//   node wire.js send       publishes one message of each kind (and checks what is refused
//                           before anything is sent), printing `sent` at the end;
//   node wire.js relay JSON subscribes to device d2's readings, prints `ready`, publishes
//                           `Reading.unmarshal(JSON)` for device d1, and prints the marshalled
//                           JSON of the first reading that comes back on d2 (the Rust side of
//                           the test forwards d1 to d2).
// Bytes are printed as hex, text as it is, JSON payloads as their marshalled JSON text.
import * as MqttClient from 'mqtt';
import type { IPublishPacket } from 'mqtt';
import { Protocols } from './__gen__/index.js';
import { Reading } from './__gen__/payloads/Reading.js';
import { ValidationError } from './__gen__/runtime/validation.js';

const url = process.env['MQTT_URL'];
if (url === undefined) {
  throw new Error('MQTT_URL is not set');
}
const device = { parameters: { deviceId: 'd1' } };
const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const print = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

async function receive(count: number): Promise<void> {
  const client = await MqttClient.connectAsync(url!, { protocolVersion: 5 });
  let seen = 0;
  const done = new Promise<void>((resolve) => {
    const emit = (line: object): void => {
      print(line);
      seen += 1;
      if (seen === count) {
        resolve();
      }
    };
    const ct = (packet: IPublishPacket): string | null => packet.properties?.contentType ?? null;
    const onError = (kind: string) => (error: Error, packet: IPublishPacket) => emit({ kind, error: error.message, topic: packet.topic });
    const m = Protocols.mqtt;
    void Promise.all([
      m.subscribeToLogLine((text, { packet }) => emit({ kind: 'log', value: text, contentType: ct(packet) }), client, { onError: onError('log') }),
      m.subscribeToPowerState((state, { packet }) => emit({ kind: 'state', value: state, contentType: ct(packet) }), client, { onError: onError('state') }),
      m.subscribeToNote((text, { packet }) => emit({ kind: 'note', value: text, contentType: ct(packet) }), client, { onError: onError('note') }),
      m.subscribeToFirmwareChunk((bytes, { packet }) => emit({ kind: 'firmware', hex: hex(bytes), isUint8Array: bytes.constructor === Uint8Array, contentType: ct(packet) }), client, { onError: onError('firmware') }),
      m.subscribeToSnapshot((bytes, { packet }) => emit({ kind: 'snapshot', hex: hex(bytes), contentType: ct(packet) }), client, { onError: onError('snapshot') }),
      m.subscribeToReading((reading, { packet }) => emit({ kind: 'reading', json: reading.marshal(), celsius: reading.celsius, contentType: ct(packet) }), client, { onError: onError('reading') }),
      m.subscribeToStrictReading((reading, { packet }) => emit({ kind: 'strictReading', json: JSON.stringify(reading), contentType: ct(packet) }), client, { onError: onError('strictReading') }),
    ]).then(() => print({ kind: 'ready' }));
  });
  await done;
  await client.endAsync();
}

/** Runs `attempt`, which must reject with a `ValidationError`, and prints its message. */
async function refused(label: string, attempt: () => Promise<void>): Promise<void> {
  try {
    await attempt();
  } catch (error) {
    if (error instanceof ValidationError) {
      print({ kind: 'refused', label, error: error.message });
      return;
    }
    throw error;
  }
  throw new Error(`${label} was not refused`);
}

async function send(): Promise<void> {
  const client = await MqttClient.connectAsync(url!, { protocolVersion: 5 });
  const m = Protocols.mqtt;
  await m.publishToLogLine('héllo wörld ✓ "quoted"', client, device);
  await m.publishToPowerState('off', client, device);
  await m.publishToNote('# title\nline two', client);
  await m.publishToFirmwareChunk(new Uint8Array([0, 1, 2, 0xff, 0xfe, 0x80, 0x7b]), client, device);
  await m.publishToSnapshot(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00]), client, device);
  await m.publishToReading(new Reading({ celsius: 21.5, unit: 'C' }), client, device);
  // Undeclared properties (the schema allows them) survive unmarshal → publish, in their order.
  await m.publishToReading(Reading.unmarshal('{"zeta":[1,2],"celsius":1,"alpha":{"x":null}}'), client, device);
  await m.publishToStrictReading({ celsius: 3 }, client, device);
  // Refused before anything is sent: schema constraints of text, UTF-8, the wrong JavaScript type.
  await refused('empty log line', () => m.publishToLogLine('', client, device));
  await refused('unpaired surrogate', () => m.publishToLogLine('bad \ud800 text', client, device));
  await refused('state outside the enum', () => m.publishToPowerState('maybe' as 'on', client, device));
  await refused('text for bytes', () => m.publishToFirmwareChunk('text' as unknown as Uint8Array, client, device));
  await refused('number for text', () => m.publishToNote(42 as unknown as string, client));
  await refused('undeclared property on a closed schema', () => m.publishToStrictReading({ celsius: 3, extra: 1 } as { celsius: number }, client, device));
  print({ kind: 'sent' });
  await client.endAsync();
}

async function relay(json: string): Promise<void> {
  const client = await MqttClient.connectAsync(url!, { protocolVersion: 5 });
  const m = Protocols.mqtt;
  let settle: (result: { json?: string; error?: string }) => void = () => undefined;
  const back = new Promise<{ json?: string; error?: string }>((resolve) => {
    settle = resolve;
  });
  await m.subscribeToReading((reading) => settle({ json: reading.marshal() }), client, {
    parameters: { deviceId: 'd2' },
    onError: (error) => settle({ error: error.message }),
  });
  print({ kind: 'ready' });
  await m.publishToReading(Reading.unmarshal(json), client, device);
  print({ kind: 'relayed', ...(await back) });
  await client.endAsync();
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'receive') {
  await receive(Number(arg));
} else if (mode === 'send') {
  await send();
} else if (mode === 'relay' && arg !== undefined) {
  await relay(arg);
} else {
  throw new Error(`usage: wire.js receive N | send | relay JSON, not ${String(mode)}`);
}
