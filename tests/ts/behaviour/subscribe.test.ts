// Subscribe (issue 3 §2): `+` for unfixed parameters, per-level extraction, no cross-talk
// between routes of one client, unsubscribe that removes exactly its own route, and invalid
// payloads that go to the error callback without breaking the subscription.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { IPublishPacket } from 'mqtt';
import { Alarm, DeviceEvent, FleetEvent, Protocols, SensorReading } from './__gen__/behaviour/index.js';
import { ValidationError } from './__gen__/behaviour/runtime/validation.js';
import {
  Calls,
  PacketLog,
  QUIET_MS,
  connect,
  mqttName,
  only,
  protocolVersions,
  rawPublish,
  rejection,
  sleep,
  unconnectedClient,
  uniqueId,
  within,
} from './broker.js';

const { subscribeToAlarm, subscribeToDeviceEvent, subscribeToFleetEvent, subscribeToSensorReading } = Protocols.mqtt;

type ReadingContext = Parameters<Parameters<typeof subscribeToSensorReading>[0]>[1];

function reading(sensorId: string, value: number): string {
  return JSON.stringify({ sensorId, value });
}

for (const version of protocolVersions) {
  describe(`subscribe on ${mqttName(version)}`, () => {
    test('each parameter the caller did not fix becomes +', async () => {
      const client = await connect(version);
      try {
        const none = await subscribeToSensorReading(() => {}, client);
        const site = await subscribeToSensorReading(() => {}, client, { parameters: { site: 'south' } });
        const sensor = await subscribeToSensorReading(() => {}, client, { parameters: { sensorId: 's9' } });
        const both = await subscribeToSensorReading(() => {}, client, { parameters: { site: 'north', sensorId: 's9' } });
        assert.equal(none.topic, 'sites/+/sensors/+/reading');
        assert.equal(site.topic, 'sites/south/sensors/+/reading');
        assert.equal(sensor.topic, 'sites/+/sensors/s9/reading');
        assert.equal(both.topic, 'sites/north/sensors/s9/reading');
        for (const s of [none, site, sensor, both]) {
          await s.unsubscribe();
        }
      } finally {
        await client.endAsync();
      }
    });

    test('parameters are extracted per topic level and the payload is typed', async () => {
      const id = uniqueId('extract');
      const client = await connect(version);
      const messages = new Calls<[SensorReading, ReadingContext]>();
      try {
        const sub = await subscribeToSensorReading(messages.fn, client, { parameters: { sensorId: id } });
        await rawPublish(`sites/south/sensors/${id}/reading`, reading(id, 7.25));
        const [message, context] = only(await messages.waitFor(1));
        assert.ok(message instanceof SensorReading);
        assert.equal(message.sensorId, id);
        assert.equal(message.value, 7.25);
        assert.equal(context.topic, `sites/south/sensors/${id}/reading`);
        assert.equal(context.packet.topic, context.topic);
        assert.deepEqual({ site: context.parameters.site, sensorId: context.parameters.sensorId }, { site: 'south', sensorId: id });
        await sub.unsubscribe();
      } finally {
        await client.endAsync();
      }
    });

    test('a topic whose parameter value is outside the enum never reaches the callback', async () => {
      const id = uniqueId('enum');
      const client = await connect(version);
      const messages = new Calls<[SensorReading, ReadingContext]>();
      const errors = new Calls<[Error, IPublishPacket]>();
      try {
        const sub = await subscribeToSensorReading(messages.fn, client, { parameters: { sensorId: id }, onError: errors.fn });
        await rawPublish(`sites/east/sensors/${id}/reading`, reading(id, 1));
        await rawPublish(`sites/north/sensors/${id}/reading`, reading(id, 2));
        const [[message]] = (await messages.waitFor(1)) as [[SensorReading, ReadingContext]];
        await sleep(QUIET_MS);
        assert.equal(messages.calls.length, 1);
        assert.equal(message.value, 2);
        await sub.unsubscribe();
      } finally {
        await client.endAsync();
      }
    });

    test('no cross-talk: overlapping filters of two channels on one client', async () => {
      // devices/+/events and devices/fleet/+ overlap; each route must get only its own topics.
      const deviceId = uniqueId('dev');
      const kind = uniqueId('kind');
      const client = await connect(version);
      const deviceEvents = new Calls<[DeviceEvent, { topic: string }]>();
      const fleetEvents = new Calls<[FleetEvent, { topic: string }]>();
      const errors = new Calls<[Error, IPublishPacket]>();
      try {
        const devices = await subscribeToDeviceEvent(deviceEvents.fn, client, { onError: errors.fn });
        const fleet = await subscribeToFleetEvent(fleetEvents.fn, client, { onError: errors.fn });
        assert.equal(devices.topic, 'devices/+/events');
        assert.equal(fleet.topic, 'devices/fleet/+');
        await rawPublish(`devices/${deviceId}/events`, JSON.stringify({ kind: 'boot' }));
        await rawPublish(`devices/fleet/${kind}`, JSON.stringify({ count: 3 }));
        await deviceEvents.waitFor(1);
        await fleetEvents.waitFor(1);
        await sleep(QUIET_MS);
        // Other tests may publish on these channels at the same time: look at our topics only.
        const ours = (calls: [unknown, { topic: string }][]) =>
          calls.map(([, c]) => c.topic).filter((t) => t.includes(deviceId) || t.includes(kind));
        assert.deepEqual(ours(deviceEvents.calls), [`devices/${deviceId}/events`]);
        assert.deepEqual(ours(fleetEvents.calls), [`devices/fleet/${kind}`]);
        assert.deepEqual(
          errors.calls.map(([, p]) => p.topic).filter((t) => t.includes(deviceId) || t.includes(kind)),
          [],
        );
        await devices.unsubscribe();
        await fleet.unsubscribe();
      } finally {
        await client.endAsync();
      }
    });

    test('no cross-talk: one channel subscribed twice with different fixed parameters', async () => {
      const id = uniqueId('twice');
      const client = await connect(version);
      const north = new Calls<[SensorReading, ReadingContext]>();
      const south = new Calls<[SensorReading, ReadingContext]>();
      try {
        const n = await subscribeToSensorReading(north.fn, client, { parameters: { site: 'north', sensorId: id } });
        const s = await subscribeToSensorReading(south.fn, client, { parameters: { site: 'south', sensorId: id } });
        await rawPublish(`sites/north/sensors/${id}/reading`, reading(id, 1));
        await rawPublish(`sites/south/sensors/${id}/reading`, reading(id, 2));
        await north.waitFor(1);
        await south.waitFor(1);
        await sleep(QUIET_MS);
        assert.deepEqual(
          north.calls.map(([m, c]) => [m.value, c.parameters.site]),
          [[1, 'north']],
        );
        assert.deepEqual(
          south.calls.map(([m, c]) => [m.value, c.parameters.site]),
          [[2, 'south']],
        );
        await n.unsubscribe();
        await s.unsubscribe();
      } finally {
        await client.endAsync();
      }
    });

    if (version === 5) {
      // MQTT 3.1.1 brokers may send one copy per matching subscription and nothing tells the
      // copies apart; MQTT 5 subscription identifiers do.
      test('two matching filters on one client: each route gets each message once', async () => {
        const id = uniqueId('overlap');
        const client = await connect(version);
        const exact = new Calls<[SensorReading, ReadingContext]>();
        const wide = new Calls<[SensorReading, ReadingContext]>();
        try {
          const a = await subscribeToSensorReading(exact.fn, client, { parameters: { site: 'north', sensorId: id } });
          const b = await subscribeToSensorReading(wide.fn, client, { parameters: { sensorId: id } });
          await rawPublish(`sites/north/sensors/${id}/reading`, reading(id, 1));
          await rawPublish(`sites/south/sensors/${id}/reading`, reading(id, 2));
          await exact.waitFor(1);
          await wide.waitFor(2);
          await sleep(QUIET_MS);
          assert.deepEqual(
            exact.calls.map(([m]) => m.value),
            [1],
          );
          assert.deepEqual(wide.calls.map(([m]) => m.value).sort(), [1, 2]);
          await a.unsubscribe();
          await b.unsubscribe();
        } finally {
          await client.endAsync();
        }
      });
    }

    test('a retained message reaches a new subscription', async () => {
      const zone = uniqueId('retained');
      const topic = `alarms/${zone}`;
      await rawPublish(topic, JSON.stringify({ level: 'critical', text: 'still burning' }), { retain: true });
      const client = await connect(version);
      const alarms = new Calls<[Alarm, { topic: string; packet: IPublishPacket }]>();
      try {
        const sub = await subscribeToAlarm(alarms.fn, client, { parameters: { zone } });
        const [[alarm, context]] = (await alarms.waitFor(1)) as [[Alarm, { topic: string; packet: IPublishPacket }]];
        assert.equal(alarm.text, 'still burning');
        assert.equal(context.packet.retain, true);
        await sub.unsubscribe();
      } finally {
        await client.endAsync();
        await rawPublish(topic, '', { retain: true });
      }
    });

    test('concurrent subscriptions to one filter send one SUBSCRIBE and both work', async () => {
      const id = uniqueId('concurrent');
      const client = await connect(version);
      const log = new PacketLog(client);
      const first = new Calls<[SensorReading, ReadingContext]>();
      const second = new Calls<[SensorReading, ReadingContext]>();
      try {
        const parameters = { site: 'north', sensorId: id } as const;
        const [a, b] = await Promise.all([
          subscribeToSensorReading(first.fn, client, { parameters }),
          subscribeToSensorReading(second.fn, client, { parameters }),
        ]);
        assert.equal(log.sent('subscribe'), 1);
        await rawPublish(`sites/north/sensors/${id}/reading`, reading(id, 4));
        await first.waitFor(1);
        await second.waitFor(1);
        await a.unsubscribe();
        await b.unsubscribe();
        assert.equal(log.sent('unsubscribe'), 1);
      } finally {
        log.stop();
        await client.endAsync();
      }
    });

    test('subscribe rejects at once on a client that is not connected', async () => {
      const client = unconnectedClient(version);
      const log = new PacketLog(client);
      const baseline = client.listenerCount('message');
      await within(1000, 'subscribe on an unconnected client', assert.rejects(subscribeToSensorReading(() => {}, client)));
      assert.equal(log.sent('subscribe'), 0);
      assert.equal(client.listenerCount('message'), baseline);
    });

    test('unsubscribe removes exactly its own route; the broker subscription goes with the last one', async () => {
      const id = uniqueId('unsub');
      const topic = `sites/north/sensors/${id}/reading`;
      const client = await connect(version);
      // A raw listener shows what the broker still delivers to this client.
      const delivered: string[] = [];
      client.on('message', (t: string) => {
        if (t === topic) delivered.push(t);
      });
      const baseline = client.listenerCount('message');
      const log = new PacketLog(client);
      try {
        const first = new Calls<[SensorReading, ReadingContext]>();
        const second = new Calls<[SensorReading, ReadingContext]>();
        const other = new Calls<[SensorReading, ReadingContext]>();
        const s1 = await subscribeToSensorReading(first.fn, client, { parameters: { site: 'north', sensorId: id } });
        const s2 = await subscribeToSensorReading(second.fn, client, { parameters: { site: 'north', sensorId: id } });
        const s3 = await subscribeToSensorReading(other.fn, client, { parameters: { site: 'south', sensorId: id } });
        assert.equal(client.listenerCount('message'), baseline + 1, 'one shared message listener per client');

        await s1.unsubscribe();
        assert.equal(log.sent('unsubscribe'), 0, 'another route still uses the filter');
        await rawPublish(topic, reading(id, 1));
        await second.waitFor(1);
        await sleep(QUIET_MS);
        assert.equal(first.calls.length, 0, 'the removed route gets nothing');
        assert.equal(second.calls.length, 1);

        await s2.unsubscribe();
        assert.equal(log.sent('unsubscribe'), 1, 'the last route of the filter unsubscribes at the broker');
        assert.equal(client.listenerCount('message'), baseline + 1, 'the south route still needs the listener');
        await s3.unsubscribe();
        assert.equal(log.sent('unsubscribe'), 2);
        assert.equal(client.listenerCount('message'), baseline, 'the listener count is back to what it was');

        delivered.length = 0;
        await rawPublish(topic, reading(id, 2));
        await sleep(QUIET_MS);
        assert.deepEqual(delivered, [], 'the broker no longer delivers the topic');
        assert.equal(second.calls.length, 1);
      } finally {
        log.stop();
        await client.endAsync();
      }
    });

    test('invalid payloads go to onError with the raw packet and the subscription keeps working', async () => {
      const id = uniqueId('bad');
      const topic = `sites/north/sensors/${id}/reading`;
      const client = await connect(version);
      const messages = new Calls<[SensorReading, ReadingContext]>();
      const errors = new Calls<[Error, IPublishPacket]>();
      const uncaught: unknown[] = [];
      const onUncaught = (e: unknown): void => {
        uncaught.push(e);
      };
      process.on('uncaughtException', onUncaught);
      try {
        const sub = await subscribeToSensorReading(messages.fn, client, { parameters: { sensorId: id }, onError: errors.fn });
        await rawPublish(topic, '{not json');
        await rawPublish(topic, JSON.stringify({ sensorId: id, value: 'hot' }));
        await rawPublish(topic, JSON.stringify({ value: 1000 }));
        await rawPublish(topic, reading(id, 5));
        await errors.waitFor(3);
        await messages.waitFor(1);
        await sleep(QUIET_MS);

        const [badJson, wrongType, twoProblems] = errors.calls;
        assert.ok(badJson && wrongType && twoProblems && errors.calls.length === 3);
        assert.ok(badJson[0] instanceof Error);
        assert.equal(badJson[1].payload.toString(), '{not json');
        assert.equal(badJson[1].topic, topic);
        assert.ok(wrongType[0] instanceof ValidationError, String(wrongType[0]));
        assert.ok(wrongType[0].problems.some((p) => p.path === '$.value'));
        assert.equal(wrongType[1].payload.toString(), JSON.stringify({ sensorId: id, value: 'hot' }));
        assert.ok(twoProblems[0] instanceof ValidationError);
        assert.deepEqual(twoProblems[0].problems.map((p) => p.path).sort(), ['$.sensorId', '$.value']);

        assert.deepEqual(
          messages.calls.map(([m]) => m.value),
          [5],
        );
        assert.deepEqual(uncaught, []);
        assert.ok(client.connected, 'the client is still connected');
        await sub.unsubscribe();
      } finally {
        process.off('uncaughtException', onUncaught);
        await client.endAsync();
      }
    });

    test('without onError, invalid payloads are reported on console.error', async (t: TestContext) => {
      const id = uniqueId('console');
      const topic = `sites/south/sensors/${id}/reading`;
      const client = await connect(version);
      const consoleError = t.mock.method(console, 'error', () => {});
      const messages = new Calls<[SensorReading, ReadingContext]>();
      try {
        const sub = await subscribeToSensorReading(messages.fn, client, { parameters: { sensorId: id } });
        await rawPublish(topic, 'not json at all');
        await rawPublish(topic, reading(id, 9));
        await messages.waitFor(1);
        assert.ok(consoleError.mock.callCount() >= 1, 'the problem was reported');
        assert.equal(messages.calls.length, 1);
        await sub.unsubscribe();
      } finally {
        await client.endAsync();
      }
    });

    test('subscription QoS comes from the receive binding and options override it', async () => {
      const id = uniqueId('subqos');
      const client = await connect(version);
      const byBinding = new Calls<[SensorReading, ReadingContext]>();
      const byOption = new Calls<[SensorReading, ReadingContext]>();
      try {
        const a = await subscribeToSensorReading(byBinding.fn, client, { parameters: { site: 'north', sensorId: id } });
        const b = await subscribeToSensorReading(byOption.fn, client, { parameters: { site: 'south', sensorId: id }, qos: 2 });
        await rawPublish(`sites/north/sensors/${id}/reading`, reading(id, 1), { qos: 2 });
        await rawPublish(`sites/south/sensors/${id}/reading`, reading(id, 2), { qos: 2 });
        const [[, viaBinding]] = (await byBinding.waitFor(1)) as [[SensorReading, ReadingContext]];
        const [[, viaOption]] = (await byOption.waitFor(1)) as [[SensorReading, ReadingContext]];
        assert.equal(viaBinding.packet.qos, 1, 'binding qos 1 caps delivery');
        assert.equal(viaOption.packet.qos, 2);
        await a.unsubscribe();
        await b.unsubscribe();
      } finally {
        await client.endAsync();
      }
    });

    test('subscribe rejects when the broker refuses the subscription and leaves no route behind', async () => {
      const client = await connect(version);
      const baseline = client.listenerCount('message');
      // Rewrite the SUBACK as it arrives, before MQTT.js reads it: a refusal (0x80) from the broker.
      client.on('packetreceive', (packet) => {
        if (packet.cmd === 'suback') {
          packet.granted = new Array<number>(packet.granted.length).fill(0x80);
        }
      });
      try {
        const error = await rejection(subscribeToSensorReading(() => {}, client, { parameters: { sensorId: uniqueId('refused') } }));
        assert.ok(error instanceof Error, String(error));
        assert.equal(client.listenerCount('message'), baseline);
      } finally {
        await client.endAsync();
      }
    });
  });
}
