// Publishing that always settles and never lies (issue 12 §3, §4): payloads that are not
// UTF-8 are refused with a problem that says so; a 5,000-message QoS 2 burst keeps to the
// broker's in-flight quota and is delivered exactly once, with no rejection; publishes in
// flight when the broker dies settle on `timeoutMs`, `signal` abort or `end()`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setMaxListeners } from 'node:events';
import mqtt from 'mqtt';
import type { MqttClient, Packet } from 'mqtt';
import { Alarm, Protocols, PublishError, SensorReading } from './__gen__/behaviour/index.js';
import { DEFAULT_MAX_IN_FLIGHT, inFlightLimit } from './__gen__/behaviour/runtime/mqtt.js';
import { ValidationError } from './__gen__/behaviour/runtime/validation.js';
import { Calls, brokerUrl, connect, mqttName, protocolVersions, rawPublish, rejection, sleep, until, uniqueId, within } from './broker.js';

const { publishToAlarm, publishToSensorReading, subscribeToSensorReading } = Protocols.mqtt;

/** Bytes that are not UTF-8: a lone continuation byte, an overlong `/`, a surrogate in UTF-8 form, a truncated sequence. */
const notUtf8: ReadonlyArray<[string, Buffer]> = [
  ['a lone continuation byte', Buffer.from([0x80])],
  ['an overlong encoding', Buffer.from([0xc0, 0xaf])],
  ['a surrogate', Buffer.from([0xed, 0xa0, 0x80])],
  ['a truncated sequence', Buffer.from([0xe2, 0x82])],
];

function readingBytes(sensorId: string, bad: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`{"sensorId":"${sensorId}","value":1,"note":"`), bad, Buffer.from('"}')]);
}

describe('invalid UTF-8', () => {
  test('unmarshal refuses it with a problem that names it', () => {
    for (const [what, bad] of notUtf8) {
      const error = (() => {
        try {
          SensorReading.unmarshal(readingBytes('s', bad));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      assert.ok(error instanceof ValidationError, `${what}: ${String(error)}`);
      assert.deepEqual(error.problems, [{ path: '$', message: 'is not valid UTF-8' }], what);
    }
    // U+FFFD itself, sent as valid UTF-8, is a character like any other.
    assert.equal((SensorReading.unmarshal(Buffer.from('{"sensorId":"\u{fffd}","value":1}')) as SensorReading).sensorId, '\u{fffd}');
  });

  for (const version of protocolVersions) {
    test(`a subscriber on ${mqttName(version)} reports it to onError and never delivers it`, async () => {
      const id = uniqueId('utf8');
      const client = await connect(version);
      const messages = new Calls<[SensorReading]>();
      const errors = new Calls<[Error]>();
      try {
        await subscribeToSensorReading(messages.fn, client, { parameters: { sensorId: id }, onError: errors.fn });
        for (const [, bad] of notUtf8) {
          await rawPublish(`sites/north/sensors/${id}/reading`, readingBytes(id, bad));
        }
        await rawPublish(`sites/north/sensors/${id}/reading`, Buffer.from(`{"sensorId":"${id}","value":2}`));
        await messages.waitFor(1);
        await errors.waitFor(notUtf8.length);
        assert.equal(messages.calls.length, 1, 'only the valid message was delivered');
        assert.equal(messages.calls[0]?.[0].value, 2);
        for (const [error] of errors.calls) {
          assert.ok(error instanceof ValidationError, String(error));
          assert.equal(error.problems[0]?.message, 'is not valid UTF-8');
        }
      } finally {
        await client.endAsync();
      }
    });
  }
});

/** Counts QoS 1/2 publishes sent and not yet completed (PUBACK, PUBCOMP), and the most at once. */
function watchInFlight(client: MqttClient): { readonly max: () => number; stop(): void } {
  let now = 0;
  let max = 0;
  const sent = (packet: Packet): void => {
    if (packet.cmd === 'publish' && packet.qos > 0) {
      now += 1;
      max = Math.max(max, now);
    }
  };
  const received = (packet: Packet): void => {
    if (packet.cmd === 'puback' || packet.cmd === 'pubcomp') {
      now -= 1;
    }
  };
  client.on('packetsend', sent);
  client.on('packetreceive', received);
  return {
    max: () => max,
    stop() {
      client.off('packetsend', sent);
      client.off('packetreceive', received);
    },
  };
}

const BURST = 5000;

for (const version of protocolVersions) {
  describe(`flow control on ${mqttName(version)}`, () => {
    test(`a burst of ${BURST} QoS 2 publishes: every one resolves and arrives exactly once`, async (t) => {
      const zone = uniqueId('burst');
      // A raw subscriber at QoS 1 counts what reached the broker (QoS 1 outbound keeps up
      // with QoS 2 inbound, so mosquitto's per-client queue never overflows).
      const counter = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5, reconnectPeriod: 0 });
      const counts = new Map<string, number>();
      counter.on('message', (_topic, payload) => {
        const text = (JSON.parse(payload.toString()) as { text: string }).text;
        counts.set(text, (counts.get(text) ?? 0) + 1);
      });
      await counter.subscribeAsync(`alarms/${zone}`, { qos: 1 });
      const client = await connect(version);
      const watch = watchInFlight(client);
      try {
        const limit = inFlightLimit(client);
        // mosquitto announces max_inflight_messages (20) as its Receive Maximum; 3.1.1 has none.
        assert.equal(limit, version === 5 ? 20 : DEFAULT_MAX_IN_FLIGHT);
        const started = Date.now();
        const results = await Promise.allSettled(
          Array.from({ length: BURST }, (_, i) =>
            publishToAlarm(new Alarm({ level: 'warning', text: String(i) }), client, { parameters: { zone }, retain: false, timeoutMs: 120000 }),
          ),
        );
        const elapsed = Date.now() - started;
        const rejected = results.filter((r) => r.status === 'rejected');
        assert.deepEqual(rejected.slice(0, 3), [], `${rejected.length} of ${BURST} rejected`);
        await until('every message at the subscriber', () => counts.size >= BURST, 30000);
        await sleep(300);
        const lost = Array.from({ length: BURST }, (_, i) => String(i)).filter((i) => !counts.has(i));
        const twice = Array.from(counts.entries()).filter(([, n]) => n !== 1);
        assert.deepEqual({ lost: lost.length, twice: twice.length }, { lost: 0, twice: 0 });
        assert.ok(watch.max() <= limit, `at most ${limit} in flight, saw ${watch.max()}`);
        t.diagnostic(`${mqttName(version)}: ${BURST} QoS 2 publishes, in-flight limit ${limit} (max seen ${watch.max()}), all resolved and delivered once in ${elapsed} ms`);
      } finally {
        watch.stop();
        await client.endAsync();
        await counter.endAsync();
      }
    });
  });
}

const doomedUrl = process.env['DOOMED_MQTT_URL'];
const doomedPid = Number(process.env['DOOMED_MQTT_PID']);

describe('a broker that dies with publishes in flight and stays down', () => {
  test('every publish settles: on timeoutMs, on signal abort, and at end()', async (t) => {
    assert.ok(doomedUrl !== undefined && Number.isInteger(doomedPid) && doomedPid > 0, 'DOOMED_MQTT_URL and DOOMED_MQTT_PID are set by the harness');
    const clients: MqttClient[] = [];
    for (const version of protocolVersions) {
      // Reconnecting clients: MQTT.js keeps their unacknowledged publishes for the next connection.
      const client = await mqtt.connectAsync(doomedUrl, { protocolVersion: version, reconnectPeriod: 100, connectTimeout: 500 });
      client.on('error', () => undefined);
      clients.push(client);
    }
    const baseline = clients.map((c) => c.listenerCount('connect'));
    // Frozen first, so that the publishes are written and never acknowledged, then killed.
    process.kill(doomedPid, 'SIGSTOP');
    const started = Date.now();
    const abort = new AbortController();
    // Twenty publishes share this one signal, each with its own listener.
    setMaxListeners(100, abort.signal);
    type Outcome = { kind: string; at: number };
    const settle = (p: Promise<void>): Promise<Outcome> =>
      p.then(
        () => ({ kind: 'resolved', at: Date.now() - started }),
        (e: unknown) => ({ kind: e instanceof PublishError ? e.kind : `other: ${String(e)}`, at: Date.now() - started }),
      );
    const timed: Promise<Outcome>[] = [];
    const aborted: Promise<Outcome>[] = [];
    const untimed: Promise<Outcome>[] = [];
    for (const client of clients) {
      // 30 per client: more than the 3.1.1 limit of 10, so some are in flight and some queued.
      for (let i = 0; i < 30; i += 1) {
        const reading = new SensorReading({ sensorId: `s${i}`, value: i });
        const parameters = { site: 'north', sensorId: `doomed-${i}` } as const;
        if (i % 3 === 0) {
          timed.push(settle(publishToSensorReading(reading, client, { parameters, timeoutMs: 1000 })));
        } else if (i % 3 === 1) {
          aborted.push(settle(publishToSensorReading(reading, client, { parameters, signal: abort.signal })));
        } else {
          untimed.push(settle(publishToSensorReading(reading, client, { parameters })));
        }
      }
    }
    await sleep(100);
    process.kill(doomedPid, 'SIGKILL');
    await sleep(400);
    abort.abort(new Error('the caller gave up'));
    const abortedOutcomes = await within(500, 'aborted publishes', Promise.all(aborted));
    assert.deepEqual(new Set(abortedOutcomes.map((o) => o.kind)), new Set(['aborted']));
    const timedOutcomes = await within(2000, 'publishes with timeoutMs 1000', Promise.all(timed));
    assert.deepEqual(new Set(timedOutcomes.map((o) => o.kind)), new Set(['timeout']));
    for (const o of timedOutcomes) {
      assert.ok(o.at >= 1000 && o.at < 1600, `timed out at ${o.at} ms`);
    }
    // The rest wait (default timeout 30 s) while the clients try to reconnect ...
    let pending = true;
    void Promise.all(untimed).then(() => (pending = false));
    await sleep(500);
    assert.ok(pending, 'publishes without a short timeout still wait for the broker');
    assert.ok(clients.every((c) => !c.connected));
    // ... a publish now is refused at once ...
    const offline = await rejection(publishToSensorReading(new SensorReading({ sensorId: 'x', value: 1 }), clients[0] as MqttClient, { parameters: { site: 'north', sensorId: 'x' } }));
    assert.ok(offline instanceof PublishError && offline.kind === 'not-connected', String(offline));
    // ... and end() settles everything left.
    const ending = Date.now() - started;
    for (const client of clients) {
      client.end(true);
    }
    const untimedOutcomes = await within(1000, 'publishes after end()', Promise.all(untimed));
    assert.deepEqual(new Set(untimedOutcomes.map((o) => o.kind)), new Set(['closed']));
    const lastAt = Math.max(...untimedOutcomes.map((o) => o.at));
    // Nothing of the runtime's stays attached to an ended client.
    assert.deepEqual(clients.map((c) => c.listenerCount('connect')), baseline);
    t.diagnostic(
      `broker killed with ${timed.length + aborted.length + untimed.length} publishes in flight or queued: ${aborted.length} aborted, ${timed.length} timed out at ${Math.min(...timedOutcomes.map((o) => o.at))}-${Math.max(...timedOutcomes.map((o) => o.at))} ms (timeoutMs 1000), ${untimed.length} rejected ${lastAt - ending} ms after end()`,
    );
  });
});
