// AsyncAPI 2.x (GUIDE §3): one message used for both publish and subscribe, and an integer
// channel parameter, typed as a number in both directions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Protocols, Temperature } from './__gen__/v2/index.js';
import {
  Calls,
  PacketLog,
  QUIET_MS,
  Recorder,
  connect,
  mqttName,
  only,
  protocolVersions,
  rawPublish,
  rejection,
  sleep,
  text,
} from './broker.js';

const { publishToTemperature, subscribeToTemperature } = Protocols.mqtt;

type TemperatureContext = Parameters<Parameters<typeof subscribeToTemperature>[0]>[1];

/** A room id no other test uses. */
function roomId(): number {
  return 100000 + Math.floor(Math.random() * 800000);
}

for (const version of protocolVersions) {
  describe(`a 2.x document on ${mqttName(version)}`, () => {
    test('publish formats the integer parameter and takes QoS from the 2.x binding', async () => {
      const room = roomId();
      const recorder = await Recorder.start(`rooms/${room}/temperature`);
      const client = await connect(version);
      try {
        await publishToTemperature(new Temperature({ celsius: 21.5 }), client, { parameters: { roomId: room } });
        const packet = only(await recorder.waitFor(1));
        assert.equal(packet.topic, `rooms/${room}/temperature`);
        assert.equal(packet.qos, 1);
        assert.deepEqual(JSON.parse(text(packet)), { celsius: 21.5 });
      } finally {
        await client.endAsync();
        await recorder.close();
      }
    });

    test('subscribe parses the integer parameter as a number', async () => {
      const room = roomId();
      const client = await connect(version);
      const messages = new Calls<[Temperature, TemperatureContext]>();
      try {
        const sub = await subscribeToTemperature(messages.fn, client, { parameters: { roomId: room } });
        assert.equal(sub.topic, `rooms/${room}/temperature`);
        // Checked and dropped before publishing: two matching filters on one client make the
        // broker send the message twice.
        const all = await subscribeToTemperature(() => {}, client);
        assert.equal(all.topic, 'rooms/+/temperature');
        await all.unsubscribe();
        await rawPublish(`rooms/${room}/temperature`, JSON.stringify({ celsius: -3 }));
        const [message, context] = only(await messages.waitFor(1));
        assert.ok(message instanceof Temperature);
        assert.equal(message.celsius, -3);
        const parsed: number = context.parameters.roomId;
        assert.equal(parsed, room);
        await sub.unsubscribe();
      } finally {
        await client.endAsync();
      }
    });

    test('a topic level that is not an integer never reaches the callback', async () => {
      const client = await connect(version);
      const messages = new Calls<[Temperature, TemperatureContext]>();
      try {
        const sub = await subscribeToTemperature(messages.fn, client, { onError: () => {} });
        await rawPublish('rooms/abc/temperature', JSON.stringify({ celsius: 1 }));
        await rawPublish('rooms/1.5/temperature', JSON.stringify({ celsius: 1 }));
        await sleep(QUIET_MS);
        assert.deepEqual(
          messages.calls.filter(([, c]) => /rooms\/(abc|1\.5)\//.test(c.topic)),
          [],
        );
        await sub.unsubscribe();
      } finally {
        await client.endAsync();
      }
    });

    test('a parameter that is not an integer is rejected before sending', async () => {
      const client = await connect(version);
      const log = new PacketLog(client);
      try {
        for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
          const error = await rejection(
            publishToTemperature(new Temperature({ celsius: 1 }), client, { parameters: { roomId: bad } }),
          );
          assert.ok(error instanceof Error, `${bad}: ${String(error)}`);
        }
        assert.equal(log.sent('publish'), 0);
      } finally {
        log.stop();
        await client.endAsync();
      }
    });
  });
}
