// The publish and routing machinery of mqtt.ts, over the real `mqtt` package. Every publish must
// settle: against a silent broker (a TCP server of this test that accepts the connection and then
// acknowledges nothing) the timeout, abort, end and connection-loss paths are deterministic;
// against mosquitto (MQTT_URL) a resolved publish means the broker has the message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import type { IPublishPacket, MqttClient } from 'mqtt';
import {
  DEFAULT_MAX_IN_FLIGHT,
  PublishError,
  addRoute,
  bytesPayload,
  correlationText,
  payloadBytes,
  receivedText,
  textPayload,
  decodeUserProperties,
  encodeUserProperties,
  inFlightLimit,
  isMqtt5,
  publish,
  setMaxInFlight,
  userProperties,
  type Outgoing,
  type QoS,
} from '../mqtt.js';
import { ValidationError, type ValidationProblem } from '../validation.js';

const url = process.env['MQTT_URL'];
if (url === undefined || url === '') {
  throw new Error(
    'MQTT_URL is not set: run these tests through `cargo test -p workspace-tests --test typescript_runtime`',
  );
}
const brokerUrl: string = url;

function message(topic: string, qos: QoS, extra: Partial<Outgoing> = {}): Outgoing {
  return { topic, payload: 'x', qos, retain: false, ...extra };
}

/** The rejection of `promise` (fails when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

/** A TCP server that answers CONNECT with a CONNACK and then nothing: no PUBACK, PUBREC or SUBACK ever. */
class SilentBroker {
  readonly server: Server;
  readonly sockets = new Set<Socket>();
  /** Bytes received after the CONNECT, per connection. */
  received = 0;

  constructor() {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      let connected = false;
      socket.on('data', (data) => {
        if (!connected) {
          connected = true;
          // CONNACK: MQTT 3.1.1, session not present, accepted.
          socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00]));
        } else {
          this.received += data.length;
        }
      });
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    assert.ok(address !== null && typeof address === 'object');
    return `mqtt://127.0.0.1:${address.port}`;
  }

  /** Drops every connection, as a broker that goes away. */
  hangUp(): void {
    for (const socket of this.sockets) {
      socket.destroy();
    }
  }

  async close(): Promise<void> {
    this.hangUp();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('publish settles without a broker that answers', () => {
  const silent = new SilentBroker();
  let silentUrl = '';
  const clients: MqttClient[] = [];
  const connect = async (): Promise<MqttClient> => {
    const client = await mqtt.connectAsync(silentUrl, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      keepalive: 0,
    });
    clients.push(client);
    return client;
  };
  before(async () => {
    silentUrl = await silent.listen();
  });
  after(async () => {
    for (const client of clients) {
      await client.endAsync(true);
    }
    await silent.close();
  });

  test('a topic that cannot be published to is refused before anything else', async () => {
    const never = mqtt.connect(silentUrl, { manualConnect: true, reconnectPeriod: 0 });
    const error = await rejection(publish(never, message('a/+', 1)));
    assert.ok(error instanceof ValidationError, String(error));
    assert.equal(error.problems[0]?.path, '$.topic');
  });

  test('an unconnected client rejects at once instead of queueing', async () => {
    const never = mqtt.connect(silentUrl, { manualConnect: true, reconnectPeriod: 0 });
    const error = await rejection(publish(never, message('a', 1)));
    assert.ok(error instanceof PublishError);
    assert.equal(error.kind, 'not-connected');
    assert.equal(Object.keys(never.outgoing).length, 0);
  });

  test('headers on MQTT 3.1.1 are refused, not dropped', async () => {
    const client = await connect();
    const error = await rejection(publish(client, message('a', 0, { userProperties: { k: 'v' } })));
    assert.ok(error instanceof Error);
    assert.match(error.message, /headers need MQTT 5/);
  });

  test('bad timeouts and already aborted signals reject before sending', async () => {
    const client = await connect();
    const before = silent.received;
    const bad = await rejection(publish(client, message('a', 1, { timeoutMs: -1 })));
    assert.ok(bad instanceof RangeError);
    const controller = new AbortController();
    const reason = new Error('changed my mind');
    controller.abort(reason);
    const aborted = await rejection(
      publish(client, message('a', 1, { signal: controller.signal })),
    );
    assert.ok(aborted instanceof PublishError);
    assert.equal(aborted.kind, 'aborted');
    assert.equal(aborted.cause, reason);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(silent.received, before, 'nothing was sent');
  });

  test('an unacknowledged QoS 1 publish times out and is taken back from MQTT.js', async () => {
    const client = await connect();
    const started = Date.now();
    const error = await rejection(publish(client, message('a', 1, { timeoutMs: 100 })));
    assert.ok(error instanceof PublishError);
    assert.equal(error.kind, 'timeout');
    assert.ok(Date.now() - started >= 90, 'not before its time');
    assert.equal(Object.keys(client.outgoing).length, 0, 'not resent after a reconnect');
  });

  test('a signal aborts a publish in flight', async () => {
    const client = await connect();
    const controller = new AbortController();
    const pending = publish(client, message('a', 2, { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(Object.keys(client.outgoing).length, 1);
    controller.abort('stop');
    const error = await rejection(pending);
    assert.ok(error instanceof PublishError);
    assert.equal(error.kind, 'aborted');
    assert.equal(error.cause, 'stop');
    assert.equal(Object.keys(client.outgoing).length, 0);
  });

  test('QoS 1 and 2 publishes keep to the in-flight limit, in call order; QoS 0 does not wait', async () => {
    const client = await connect();
    assert.equal(inFlightLimit(client), DEFAULT_MAX_IN_FLIGHT);
    setMaxInFlight(client, 2);
    assert.equal(inFlightLimit(client), 2);
    const settled: string[] = [];
    const publishes = ['q1', 'q2', 'q3', 'q4'].map((topic) =>
      publish(client, message(topic, 1, { timeoutMs: 200 })).catch((error: unknown) => {
        settled.push(`${topic}:${error instanceof PublishError ? error.kind : String(error)}`);
      }),
    );
    await publish(client, message('q0', 0));
    assert.equal(Object.keys(client.outgoing).length, 2, 'two in flight, two queued');
    await Promise.all(publishes);
    // The first two time out at 200 ms; the queued two had the same deadline, counted from the call.
    assert.deepEqual(settled, ['q1:timeout', 'q2:timeout', 'q3:timeout', 'q4:timeout']);
    assert.throws(() => setMaxInFlight(client, 0), RangeError);
    assert.throws(() => setMaxInFlight(client, 1.5), RangeError);
  });

  test('ending the client rejects every open publish as closed', async () => {
    const client = await connect();
    setMaxInFlight(client, 1);
    // Their outcomes are taken at once: they settle during endAsync.
    const outcomes = [
      publish(client, message('e1', 1, { timeoutMs: Infinity })),
      publish(client, message('e2', 1, { timeoutMs: Infinity })),
    ].map(rejection);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(Object.keys(client.outgoing).length, 1, 'one in flight, one queued');
    await client.endAsync(true);
    for (const error of await Promise.all(outcomes)) {
      assert.ok(error instanceof PublishError, String(error));
      assert.equal(error.kind, 'closed');
    }
  });

  test('losing the connection with reconnects off rejects as closed', async () => {
    const client = await connect();
    const pending = publish(client, message('lost', 1, { timeoutMs: Infinity }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    silent.hangUp();
    const error = await rejection(pending);
    assert.ok(error instanceof PublishError);
    assert.equal(error.kind, 'closed');
  });
});

describe('publish and routes against mosquitto', () => {
  test('a resolved publish is at the broker, with its QoS and retain flag', async () => {
    const topic = `runtime-tests/publish/${randomUUID()}`;
    const publisher = await mqtt.connectAsync(brokerUrl, {
      protocolVersion: 5,
      reconnectPeriod: 0,
    });
    const observer = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5, reconnectPeriod: 0 });
    try {
      assert.equal(isMqtt5(publisher), true);
      // mosquitto's default max_inflight_messages (20) is its MQTT 5 Receive Maximum.
      assert.equal(inFlightLimit(publisher), 20);
      setMaxInFlight(publisher, 3);
      assert.equal(inFlightLimit(publisher), 3);
      for (const qos of [0, 1, 2] as const) {
        await publish(
          publisher,
          message(`${topic}/${qos}`, qos, {
            retain: true,
            payload: `q${qos}`,
            userProperties: { k: 'v' },
            contentType: 'text/plain',
          }),
        );
      }
      const seen: IPublishPacket[] = [];
      observer.on('message', (_topic, _payload, packet) => seen.push(packet));
      await observer.subscribeAsync(`${topic}/+`, { qos: 2 });
      const deadline = Date.now() + 5000;
      while (seen.length < 3 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const byTopic = new Map(seen.map((packet) => [packet.topic, packet]));
      for (const qos of [0, 1, 2] as const) {
        const packet = byTopic.get(`${topic}/${qos}`);
        assert.ok(packet !== undefined, `retained QoS ${qos} message`);
        assert.equal(packet.qos, qos);
        assert.equal(packet.retain, true);
        assert.equal(packet.payload.toString(), `q${qos}`);
        assert.deepEqual(userProperties(packet), { k: 'v' });
        assert.equal(packet.properties?.contentType, 'text/plain');
      }
      for (const qos of [0, 1, 2]) {
        await publisher.publishAsync(`${topic}/${qos}`, '', { qos: 1, retain: true });
      }
    } finally {
      await publisher.endAsync();
      await observer.endAsync();
    }
  });

  test('routes share one broker subscription per filter, and unsubscribe removes only their own', async () => {
    const base = `runtime-tests/routes/${randomUUID()}`;
    const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5, reconnectPeriod: 0 });
    try {
      const got: Record<string, string[]> = { wide: [], narrow: [], twin: [] };
      const route = (name: string, filter: string) => ({
        filter,
        qos: 1 as const,
        deliver(topic: string) {
          got[name]?.push(topic);
        },
        fail(error: Error) {
          throw error;
        },
      });
      const wide = await addRoute(client, route('wide', `${base}/+`));
      const narrow = await addRoute(client, route('narrow', `${base}/a`));
      const twin = await addRoute(client, route('twin', `${base}/+`));
      assert.equal(wide.topic, `${base}/+`);
      await publish(client, message(`${base}/a`, 1));
      const settle = async (): Promise<void> => {
        const marker = `${base}/marker-${randomUUID()}`;
        const before = got['wide']?.length ?? 0;
        await publish(client, message(marker, 1));
        const deadline = Date.now() + 5000;
        while ((got['wide']?.length ?? 0) === before && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      };
      await settle();
      // MQTT 5 subscription identifiers: each route takes only its own filter's copy.
      assert.deepEqual(got['narrow'], [`${base}/a`]);
      assert.equal(got['wide']?.filter((t) => t === `${base}/a`).length, 1);
      assert.equal(got['twin']?.filter((t) => t === `${base}/a`).length, 1);
      await twin.unsubscribe();
      await twin.unsubscribe();
      await narrow.unsubscribe();
      await publish(client, message(`${base}/a`, 1));
      await settle();
      assert.equal(
        got['wide']?.filter((t) => t === `${base}/a`).length,
        2,
        'the wide route still receives',
      );
      assert.equal(
        got['twin']?.filter((t) => t === `${base}/a`).length,
        1,
        'the twin route is gone',
      );
      assert.deepEqual(got['narrow'], [`${base}/a`], 'the narrow route is gone');
      await wide.unsubscribe();
      assert.equal(client.listenerCount('message'), 0, 'no listener left on the client');
    } finally {
      await client.endAsync();
    }
  });

  test('a route whose deliver throws reports to its fail, and a refused subscription leaves nothing', async () => {
    const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5, reconnectPeriod: 0 });
    try {
      const topic = `runtime-tests/throws/${randomUUID()}`;
      const failures: Error[] = [];
      const subscription = await addRoute(client, {
        filter: topic,
        qos: 1,
        deliver() {
          throw new Error('callback failed');
        },
        fail(error) {
          failures.push(error);
        },
      });
      await publish(client, message(topic, 1));
      const deadline = Date.now() + 5000;
      while (failures.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(failures[0]?.message, 'callback failed');
      await subscription.unsubscribe();
      await assert.rejects(
        addRoute(client, { filter: 'a/#/b', qos: 0, deliver() {}, fail() {} }),
        ValidationError,
      );
      const never = mqtt.connect(brokerUrl, { manualConnect: true, reconnectPeriod: 0 });
      await assert.rejects(
        addRoute(never, { filter: 'a', qos: 0, deliver() {}, fail() {} }),
        /not connected/,
      );
      assert.equal(client.listenerCount('message'), 0);
    } finally {
      await client.endAsync();
    }
  });
});

describe('user properties', () => {
  test('headers encode by their schema: strings raw, everything else as JSON', () => {
    const encoded = encodeUserProperties(
      { name: 'ada', count: 3, flags: [true], note: null, gone: undefined, ['__proto__']: 'p' },
      ['name', 'note', '__proto__'],
    );
    assert.deepEqual(Object.entries(encoded), [
      ['name', 'ada'],
      ['count', '3'],
      ['flags', '[true]'],
      ['__proto__', 'p'],
    ]);
  });

  test('decoding parses the known non-string ones and reports bad JSON at its path', () => {
    const problems: ValidationProblem[] = [];
    const decoded = decodeUserProperties(
      { name: 'ada', count: '3', bad: '{', 'odd key': 'x', extra: '1' },
      ['name', 'count', 'bad', 'odd key', 'missing'],
      ['name'],
      problems,
    );
    assert.deepEqual({ ...decoded }, { name: 'ada', count: 3 });
    assert.deepEqual(problems, [
      { path: '$.bad', message: 'is not valid JSON text in its MQTT user property' },
      { path: '$["odd key"]', message: 'is not valid JSON text in its MQTT user property' },
    ]);
  });

  test('correlationText keeps strings and writes other values as JSON', () => {
    assert.equal(correlationText('id-1'), 'id-1');
    assert.equal(correlationText(7), '7');
    assert.equal(correlationText(null), undefined);
    assert.equal(correlationText(undefined), undefined);
  });
});

describe('payloads by content type', () => {
  const packet = (payload: Uint8Array): IPublishPacket => ({
    cmd: 'publish',
    topic: 't',
    payload: payload as Buffer,
    qos: 0,
    dup: false,
    retain: false,
  });

  test('text goes as the string itself; unpaired surrogates and non-strings are refused', () => {
    assert.equal(textPayload('log payload', 'héllo "x" ✓ 😀'), 'héllo "x" ✓ 😀');
    assert.throws(() => textPayload('log payload', 'a \ud800 b'), {
      name: 'ValidationError',
      message: 'log payload is invalid: $: holds an unpaired surrogate, which is not valid UTF-8',
    });
    assert.throws(() => textPayload('log payload', '\udc00'), { name: 'ValidationError' });
    assert.throws(() => textPayload('log payload', 42), {
      message: 'log payload is invalid: $: must be a string, not an integer',
    });
  });

  test('received text is decoded strictly', () => {
    assert.equal(receivedText('log payload', packet(new TextEncoder().encode('ü ✓'))), 'ü ✓');
    assert.throws(() => receivedText('log payload', packet(new Uint8Array([0x61, 0xff]))), {
      message: 'log payload is invalid: $: is not valid UTF-8',
    });
  });

  test('bytes go as they are and arrive as a plain Uint8Array view', () => {
    const bytes = new Uint8Array([0, 0xff, 0x80]);
    assert.equal(bytesPayload('blob payload', bytes), bytes);
    assert.throws(() => bytesPayload('blob payload', 'text'), {
      message: 'blob payload is invalid: $: must be a Uint8Array of bytes, not a string',
    });
    assert.throws(() => bytesPayload('blob payload', [0, 1]), { name: 'ValidationError' });
    const backing = new Uint8Array([9, 1, 2, 3, 9]);
    const received = payloadBytes(packet(backing.subarray(1, 4)));
    assert.equal(received.constructor, Uint8Array);
    assert.deepEqual(Array.from(received), [1, 2, 3]);
    assert.equal(received.buffer, backing.buffer);
  });
});
