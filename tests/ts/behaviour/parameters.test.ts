// Channel parameters (issue 3 §2): values that would change the topic's shape (empty, `/`,
// `+`, `#`, NUL) and values outside a declared enum are rejected before anything is sent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Protocols, SensorReading, SensorReadingParameters } from './__gen__/behaviour/index.js';
import {
  PacketLog,
  Recorder,
  connect,
  mqttName,
  only,
  protocolVersions,
  rejection,
  uniqueId,
} from './broker.js';

const { publishToSensorReading, subscribeToSensorReading } = Protocols.mqtt;

/** Values that must never reach a topic level. */
const badValues: ReadonlyArray<[string, string]> = [
  ['empty', ''],
  ['a slash', 'a/b'],
  ['a plus', '+'],
  ['a hash', '#'],
  ['a plus inside', 'a+b'],
  ['a hash inside', 'a#'],
  ['a NUL', 'a\u0000b'],
];

describe('the parameters class', () => {
  test('fills the address and parses it back, level by level', () => {
    const parameters = new SensorReadingParameters({ site: 'south', sensorId: 'abc-1.2' });
    assert.equal(parameters.getChannelWithParameters(), 'sites/south/sensors/abc-1.2/reading');
    const parsed = SensorReadingParameters.createFromChannel('sites/north/sensors/x_y/reading');
    assert.equal(parsed.site, 'north');
    assert.equal(parsed.sensorId, 'x_y');
  });

  test('rejects topics that do not match the template', () => {
    for (const topic of [
      'sites/north/sensors/a/b/reading',
      'sites/north/sensors//reading',
      'sites/east/sensors/a/reading',
      'sites/north/sensors/a/status',
      'sites/north/sensors/a/reading/extra',
      'other/north/sensors/a/reading',
    ]) {
      assert.throws(() => SensorReadingParameters.createFromChannel(topic), Error, topic);
    }
  });

  test('validate lists every problem and getChannelWithParameters refuses bad values', () => {
    assert.deepEqual(SensorReadingParameters.validate({ site: 'north', sensorId: 's1' }), []);
    const problems = SensorReadingParameters.validate({ site: 'east', sensorId: 'a/b' });
    assert.equal(problems.length, 2, JSON.stringify(problems));
    assert.ok(SensorReadingParameters.validate({ site: 'north' }).length >= 1, 'a missing value is a problem');
    assert.ok(SensorReadingParameters.validate(null).length >= 1);
    for (const [what, value] of badValues) {
      const parameters = new SensorReadingParameters({ site: 'north', sensorId: value });
      assert.throws(() => parameters.getChannelWithParameters(), Error, what);
    }
  });
});

for (const version of protocolVersions) {
  describe(`parameter values on ${mqttName(version)}`, () => {
    test('publish rejects bad values before sending anything', async () => {
      const id = uniqueId('params');
      const recorder = await Recorder.start(`sites/+/sensors/+/reading`);
      const client = await connect(version);
      const log = new PacketLog(client);
      try {
        const message = new SensorReading({ sensorId: id, value: 1 });
        for (const [what, value] of badValues) {
          const error = await rejection(
            publishToSensorReading(message, client, { parameters: { site: 'north', sensorId: value } }),
          );
          assert.ok(error instanceof Error, `${what}: ${String(error)}`);
        }
        const outsideEnum = await rejection(
          publishToSensorReading(message, client, {
            parameters: { site: 'east' as 'north', sensorId: id },
          }),
        );
        assert.ok(outsideEnum instanceof Error, `outside the enum: ${String(outsideEnum)}`);
        const asClass = await rejection(
          publishToSensorReading(message, client, {
            parameters: new SensorReadingParameters({ site: 'north', sensorId: 'a/b' }),
          }),
        );
        assert.ok(asClass instanceof Error, `a parameters object: ${String(asClass)}`);
        assert.equal(log.sent('publish'), 0, 'nothing was sent');
        assert.ok(client.connected, 'the broker did not drop the client for a wildcard publish');

        // The same call with good values goes out on the expected topic.
        await publishToSensorReading(message, client, {
          parameters: new SensorReadingParameters({ site: 'south', sensorId: id }),
        });
        await recorder.waitFor(1);
        const ours = recorder.packets.filter((p) => p.topic.includes(id) || p.topic.includes('//'));
        assert.equal(only(ours).topic, `sites/south/sensors/${id}/reading`);
      } finally {
        log.stop();
        await client.endAsync();
        await recorder.close();
      }
    });

    test('subscribe rejects bad fixed values before sending anything', async () => {
      const client = await connect(version);
      const log = new PacketLog(client);
      const baseline = client.listenerCount('message');
      try {
        for (const [what, value] of badValues) {
          const error = await rejection(subscribeToSensorReading(() => {}, client, { parameters: { sensorId: value } }));
          assert.ok(error instanceof Error, `${what}: ${String(error)}`);
        }
        const outsideEnum = await rejection(
          subscribeToSensorReading(() => {}, client, { parameters: { site: 'east' as 'north' } }),
        );
        assert.ok(outsideEnum instanceof Error, `outside the enum: ${String(outsideEnum)}`);
        assert.equal(log.sent('subscribe'), 0, 'nothing was sent');
        assert.equal(client.listenerCount('message'), baseline, 'no route was left behind');
      } finally {
        log.stop();
        await client.endAsync();
      }
    });
  });
}
