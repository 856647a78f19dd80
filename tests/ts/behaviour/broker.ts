// Shared helpers of the behaviour tests: clients of the mosquitto the Rust harness started
// (its URL is in MQTT_URL), a raw recorder that observes what really went over the wire,
// and small waiting utilities. Nothing here uses the generated client.
import mqtt from 'mqtt';
import type {
  IClientOptions,
  IClientPublishOptions,
  IPublishPacket,
  MqttClient,
  Packet,
} from 'mqtt';
import { randomUUID } from 'node:crypto';

const url = process.env['MQTT_URL'];
if (url === undefined || url === '') {
  throw new Error('MQTT_URL is not set: run these tests through `cargo test -p workspace-tests`');
}
/** The broker's URL. */
export const brokerUrl: string = url;

/** Every behaviour is checked on MQTT 5 and MQTT 3.1.1. */
export const protocolVersions = [5, 4] as const;
/** 5 or 4 (3.1.1). */
export type ProtocolVersion = (typeof protocolVersions)[number];

/** Human name of a protocol version, for test titles. */
export function mqttName(version: ProtocolVersion): string {
  return version === 5 ? 'MQTT 5' : 'MQTT 3.1.1';
}

/** A connected client of the given protocol version; reconnects are off so failures show. */
export async function connect(
  protocolVersion: ProtocolVersion,
  options: IClientOptions = {},
): Promise<MqttClient> {
  return mqtt.connectAsync(brokerUrl, { protocolVersion, reconnectPeriod: 0, ...options });
}

/** A client that was never connected (MQTT.js would queue its publishes forever). */
export function unconnectedClient(protocolVersion: ProtocolVersion): MqttClient {
  return mqtt.connect(brokerUrl, { protocolVersion, manualConnect: true, reconnectPeriod: 0 });
}

/** A topic level no other test uses. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How long we wait to be sure that something did NOT arrive. */
export const QUIET_MS = 300;

/** Polls `done` until it is true, failing after `timeoutMs`. */
export async function until(what: string, done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(10);
  }
}

/** Rejects with a clear message if `promise` does not settle within `ms`. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A raw MQTT 5 client that records every PUBLISH it receives: the ground truth of what the
 * generated client put on the wire (topic, QoS, retain flag, properties, bytes).
 */
export class Recorder {
  readonly packets: IPublishPacket[] = [];

  private constructor(readonly client: MqttClient) {
    client.on('message', (_topic, _payload, packet) => {
      this.packets.push(packet);
    });
  }

  /** Subscribes to `filter` at QoS 2, so each message arrives at the QoS it was sent with. */
  static async start(filter: string): Promise<Recorder> {
    const client = await connect(5);
    const recorder = new Recorder(client);
    await client.subscribeAsync(filter, { qos: 2 });
    return recorder;
  }

  /** Waits until `count` packets arrived, then a little more to catch extra ones. */
  async waitFor(count: number, timeoutMs = 5000): Promise<IPublishPacket[]> {
    await until(`${count} message(s) on the recorder`, () => this.packets.length >= count, timeoutMs);
    await sleep(50);
    return this.packets;
  }

  /** The packets after a quiet period (to prove that nothing (more) arrives). */
  async quiet(): Promise<IPublishPacket[]> {
    await sleep(QUIET_MS);
    return this.packets;
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}

/** A raw MQTT 5 publisher, for messages the generated publish functions would refuse. */
export async function rawPublish(
  topic: string,
  payload: string | Buffer,
  options: IClientPublishOptions = {},
): Promise<void> {
  const client = await connect(5);
  try {
    await client.publishAsync(topic, payload, { qos: 1, ...options });
  } finally {
    await client.endAsync();
  }
}

/** Removes the retained message of `topic`. */
export async function clearRetained(topic: string): Promise<void> {
  await rawPublish(topic, '', { retain: true });
}

/**
 * Records the commands of the packets a client sends and receives, in order, with marks
 * the test adds (such as 'resolved'), to show that a promise settled after an ack.
 */
export class PacketLog {
  readonly events: string[] = [];

  constructor(private readonly client: MqttClient) {
    client.on('packetsend', this.onSend);
    client.on('packetreceive', this.onReceive);
  }

  private readonly onSend = (packet: Packet): void => {
    this.events.push(`send:${packet.cmd}`);
  };

  private readonly onReceive = (packet: Packet): void => {
    this.events.push(`receive:${packet.cmd}`);
  };

  mark(name: string): void {
    this.events.push(name);
  }

  /** How many packets of `cmd` the client sent. */
  sent(cmd: string): number {
    return this.events.filter((e) => e === `send:${cmd}`).length;
  }

  /** The events before the first `mark`. */
  before(mark: string): string[] {
    const at = this.events.indexOf(mark);
    if (at < 0) {
      throw new Error(`no '${mark}' among ${JSON.stringify(this.events)}`);
    }
    return this.events.slice(0, at);
  }

  stop(): void {
    this.client.off('packetsend', this.onSend);
    this.client.off('packetreceive', this.onReceive);
  }
}

/** Calls of a callback, kept for assertions. */
export class Calls<Args extends unknown[]> {
  readonly calls: Args[] = [];
  readonly fn = (...args: Args): void => {
    this.calls.push(args);
  };

  async waitFor(count: number, timeoutMs = 5000): Promise<Args[]> {
    await until(`${count} call(s)`, () => this.calls.length >= count, timeoutMs);
    await sleep(50);
    return this.calls;
  }
}

/** The JSON text of a payload as received. */
export function text(packet: IPublishPacket): string {
  return packet.payload.toString();
}

/** The one item of `items` (fails unless there is exactly one). */
export function only<T>(items: readonly T[]): T {
  const [first] = items;
  if (items.length !== 1 || first === undefined) {
    throw new Error(`expected exactly one item, got ${items.length}`);
  }
  return first;
}

/** The error `promise` rejects with (fails if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** The publish-flow packets (PUBLISH and its acks) among PacketLog events. */
export function publishFlow(events: readonly string[]): string[] {
  return events.filter((e) => /:(publish|puback|pubrec|pubrel|pubcomp)$/.test(e));
}
