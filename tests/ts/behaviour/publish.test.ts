// Publish (issue 3 §2): acks awaited, failures rejected, QoS/retain/expiry from bindings
// (also via a trait) and overridable, payload validated before anything is sent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Alarm, DeviceEvent, Protocols, SensorReading } from './__gen__/behaviour/index.js';
import { ValidationError } from './__gen__/behaviour/runtime/validation.js';
import {
  PacketLog,
  QUIET_MS,
  Recorder,
  clearRetained,
  connect,
  mqttName,
  only,
  protocolVersions,
  publishFlow,
  rejection,
  sleep,
  text,
  unconnectedClient,
  uniqueId,
  within,
} from './broker.js';

const { publishToAlarm, publishToDeviceEvent, publishToSensorReading } = Protocols.mqtt;

/** Asserts a MQTT 5 message expiry property in (max - 10, max]: the broker counts it down. */
function assertExpiry(actual: number | undefined, max: number): void {
  assert.ok(actual !== undefined && actual > max - 10 && actual <= max, `expiry ${actual}, expected about ${max}`);
}

for (const version of protocolVersions) {
  describe(`publish on ${mqttName(version)}`, () => {
    test('QoS 1 from the operation binding: resolves only after the PUBACK', async () => {
      const id = uniqueId('qos1');
      const recorder = await Recorder.start(`sites/+/sensors/${id}/reading`);
      const client = await connect(version);
      try {
        const log = new PacketLog(client);
        const result: void = await publishToSensorReading(new SensorReading({ sensorId: id, value: 21.5 }), client, {
          parameters: { site: 'north', sensorId: id },
        });
        log.mark('resolved');
        assert.equal(result, undefined);
        assert.deepEqual(publishFlow(log.before('resolved')), ['send:publish', 'receive:puback']);
        const packet = only(await recorder.waitFor(1));
        assert.equal(packet.topic, `sites/north/sensors/${id}/reading`);
        assert.equal(packet.qos, 1);
        assert.equal(packet.retain, false);
        assert.deepEqual(JSON.parse(text(packet)), { sensorId: id, value: 21.5 });
      } finally {
        await client.endAsync();
        await recorder.close();
      }
    });

    test('QoS 2, retain and message expiry come from an operation trait', async () => {
      const zone = uniqueId('zone');
      const topic = `alarms/${zone}`;
      const client = await connect(version);
      try {
        const log = new PacketLog(client);
        await publishToAlarm(new Alarm({ level: 'critical', text: 'fire' }), client, { parameters: { zone } });
        log.mark('resolved');
        assert.deepEqual(publishFlow(log.before('resolved')), [
          'send:publish',
          'receive:pubrec',
          'send:pubrel',
          'receive:pubcomp',
        ]);
        // Only a retained message reaches a subscriber that comes later.
        const late = await Recorder.start(topic);
        const packet = only(await late.waitFor(1));
        await late.close();
        assert.equal(packet.retain, true);
        assert.equal(packet.qos, 2);
        assert.deepEqual(JSON.parse(text(packet)), { level: 'critical', text: 'fire' });
        if (version === 5) {
          assertExpiry(packet.properties?.messageExpiryInterval, 600);
        } else {
          // MQTT 3.1.1 has no message expiry; the binding's default must not break the publish.
          assert.equal(packet.properties?.messageExpiryInterval, undefined);
        }
      } finally {
        await client.endAsync();
        await clearRetained(topic);
      }
    });

    test('the call options override QoS, retain and message expiry', async () => {
      const zone = uniqueId('zone');
      const alarmTopic = `alarms/${zone}`;
      const id = uniqueId('override');
      const readingTopic = `sites/south/sensors/${id}/reading`;
      const live = await Recorder.start(alarmTopic);
      const liveReadings = await Recorder.start(readingTopic);
      const client = await connect(version);
      try {
        // The trait says QoS 2, retained, 600 s.
        await publishToAlarm(new Alarm({ level: 'warning', text: 'smoke' }), client, {
          parameters: { zone },
          qos: 1,
          retain: false,
          ...(version === 5 ? { messageExpiryInterval: 30 } : {}),
        });
        const alarm = only(await live.waitFor(1));
        assert.equal(alarm.qos, 1);
        if (version === 5) {
          assertExpiry(alarm.properties?.messageExpiryInterval, 30);
        }
        const lateAlarm = await Recorder.start(alarmTopic);
        assert.deepEqual(await lateAlarm.quiet(), [], 'retain: false overrides the trait');
        await lateAlarm.close();

        // The binding says QoS 1, not retained, no expiry.
        await publishToSensorReading(new SensorReading({ sensorId: id, value: 3 }), client, {
          parameters: { site: 'south', sensorId: id },
          qos: 2,
          retain: true,
          ...(version === 5 ? { messageExpiryInterval: 45 } : {}),
        });
        await publishToSensorReading(new SensorReading({ sensorId: id, value: 4 }), client, {
          parameters: { site: 'south', sensorId: id },
          qos: 0,
        });
        // A QoS 0 message may overtake a QoS 2 one on its way through the broker.
        const readings = await liveReadings.waitFor(2);
        assert.deepEqual(
          readings.map((p) => [JSON.parse(text(p)).value, p.qos]).sort(),
          [
            [3, 2],
            [4, 0],
          ],
        );
        const late = await Recorder.start(readingTopic);
        const retained = only(await late.waitFor(1));
        await late.close();
        assert.equal(retained.retain, true);
        assert.equal(retained.qos, 2);
        if (version === 5) {
          assertExpiry(retained.properties?.messageExpiryInterval, 45);
        }
      } finally {
        await client.endAsync();
        await live.close();
        await liveReadings.close();
        await clearRetained(alarmTopic);
        await clearRetained(readingTopic);
      }
    });

    test('QoS 0 (no binding) resolves once the packet is written', async () => {
      const deviceId = uniqueId('dev');
      const recorder = await Recorder.start(`devices/${deviceId}/events`);
      const client = await connect(version);
      try {
        const log = new PacketLog(client);
        await publishToDeviceEvent(new DeviceEvent({ kind: 'boot' }), client, { parameters: { deviceId } });
        log.mark('resolved');
        assert.deepEqual(publishFlow(log.before('resolved')), ['send:publish']);
        const packet = only(await recorder.waitFor(1));
        assert.equal(packet.qos, 0);
        assert.deepEqual(JSON.parse(text(packet)), { kind: 'boot' });
      } finally {
        await client.endAsync();
        await recorder.close();
      }
    });

    test('rejects at once on a client that is not connected, and sends nothing', async () => {
      // Never connected, so there is nothing to end afterwards.
      const client = unconnectedClient(version);
      const log = new PacketLog(client);
      const reading = new SensorReading({ sensorId: 's1', value: 1 });
      const parameters = { site: 'north', sensorId: 's1' } as const;
      await within(1000, 'QoS 1 publish on an unconnected client', assert.rejects(publishToSensorReading(reading, client, { parameters })));
      await within(
        1000,
        'QoS 0 publish on an unconnected client',
        assert.rejects(publishToDeviceEvent(new DeviceEvent({ kind: 'x' }), client, { parameters: { deviceId: 'd' } })),
      );
      assert.equal(log.sent('publish'), 0);
    });

    test('waits while the ack is missing and rejects when the connection closes', async () => {
      const client = await connect(version);
      const id = uniqueId('inflight');
      // Stop reading from the socket: the broker's PUBACK arrives but is never processed.
      (client.stream as unknown as { pause(): void }).pause();
      let settled = false;
      const pending = publishToSensorReading(new SensorReading({ sensorId: id, value: 1 }), client, {
        parameters: { site: 'north', sensorId: id },
      });
      pending.then(
        () => (settled = true),
        () => (settled = true),
      );
      await sleep(QUIET_MS);
      assert.equal(settled, false, 'no PUBACK processed, so the publish is still pending');
      client.end(true);
      const error = await within(2000, 'publish after the connection closed', rejection(pending));
      assert.ok(error instanceof Error, String(error));
    });

    test('rejects on a client that was closed', async () => {
      const client = await connect(version);
      await client.endAsync();
      await within(
        1000,
        'publish on a closed client',
        assert.rejects(
          publishToSensorReading(new SensorReading({ sensorId: 's1', value: 1 }), client, {
            parameters: { site: 'north', sensorId: 's1' },
          }),
        ),
      );
    });

    if (version === 5) {
      test('rejects when the broker refuses the message (reason code in PUBACK / PUBREC)', async () => {
        // The harness's broker ACL denies publishing on these two topics.
        const client = await connect(version);
        try {
          const refusedQos1 = await rejection(
            publishToSensorReading(new SensorReading({ sensorId: 'forbidden', value: 1 }), client, {
              parameters: { site: 'north', sensorId: 'forbidden' },
            }),
          );
          assert.ok(refusedQos1 instanceof Error, String(refusedQos1));
          const refusedQos2 = await rejection(
            publishToAlarm(new Alarm({ level: 'warning', text: 'x' }), client, { parameters: { zone: 'forbidden' } }),
          );
          assert.ok(refusedQos2 instanceof Error, String(refusedQos2));
          // The client stays usable.
          await publishToSensorReading(new SensorReading({ sensorId: 'allowed', value: 1 }), client, {
            parameters: { site: 'north', sensorId: 'allowed' },
          });
        } finally {
          await client.endAsync();
        }
      });
    }

    test('the payload is validated before anything is sent', async () => {
      const id = uniqueId('invalid');
      const recorder = await Recorder.start(`sites/+/sensors/${id}/reading`);
      const client = await connect(version);
      try {
        const log = new PacketLog(client);
        const options = { parameters: { site: 'north', sensorId: id } } as const;

        const tooHot = await rejection(publishToSensorReading(new SensorReading({ sensorId: id, value: 1000 }), client, options));
        assert.ok(tooHot instanceof ValidationError, String(tooHot));
        assert.ok(tooHot.problems.some((p) => p.path === '$.value'), JSON.stringify(tooHot.problems));

        const wrongType = new SensorReading({ sensorId: id, value: 1 });
        (wrongType as unknown as { value: unknown }).value = 'hot';
        const typeError = await rejection(publishToSensorReading(wrongType, client, options));
        assert.ok(typeError instanceof ValidationError, String(typeError));
        assert.ok(typeError.problems.some((p) => p.path === '$.value'), JSON.stringify(typeError.problems));

        const twoProblems = new SensorReading({ sensorId: '', value: -51 });
        const both = await rejection(publishToSensorReading(twoProblems, client, options));
        assert.ok(both instanceof ValidationError, String(both));
        assert.deepEqual(both.problems.map((p) => p.path).sort(), ['$.sensorId', '$.value']);

        const badEnum = new Alarm({ level: 'warning', text: 'x' });
        (badEnum as unknown as { level: unknown }).level = 'panic';
        assert.ok((await rejection(publishToAlarm(badEnum, client, { parameters: { zone: id } }))) instanceof ValidationError);

        assert.equal(log.sent('publish'), 0, 'nothing was sent');
        assert.deepEqual(await recorder.quiet(), []);

        await publishToSensorReading(new SensorReading({ sensorId: id, value: 150 }), client, options);
        const packet = only(await recorder.waitFor(1));
        assert.deepEqual(JSON.parse(text(packet)), { sensorId: id, value: 150 });
      } finally {
        await client.endAsync();
        await recorder.close();
      }
    });
  });
}
