// Headers, content type and correlation id (issue 3 §2): headers travel as MQTT 5 user
// properties with their types kept and are validated on receive; on MQTT 3.1.1 a publish with
// headers fails with a clear error; contentType and a header correlation id become the MQTT 5
// content-type and correlation-data properties.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IPublishPacket } from 'mqtt';
import { Notification, NotificationHeaders, Protocols, SensorReading } from './__gen__/behaviour/index.js';
import { ValidationError } from './__gen__/behaviour/runtime/validation.js';
import {
  Calls,
  PacketLog,
  QUIET_MS,
  Recorder,
  connect,
  only,
  rawPublish,
  rejection,
  sleep,
  text,
  uniqueId,
} from './broker.js';

const { publishToNotification, publishToSensorReading, subscribeToNotification } = Protocols.mqtt;

type NotificationContext = Parameters<Parameters<typeof subscribeToNotification>[0]>[1];

describe('headers on MQTT 5', () => {
  test('publish sends typed headers as user properties, the content type and the correlation data', async () => {
    const userId = uniqueId('user');
    const recorder = await Recorder.start(`users/${userId}/notifications`);
    const client = await connect(5);
    try {
      await publishToNotification(new Notification({ text: 'hello' }), client, {
        parameters: { userId },
        headers: new NotificationHeaders({ requestId: 'req-1', retryCount: 3, urgent: true }),
      });
      const packet = only(await recorder.waitFor(1));
      assert.deepEqual(JSON.parse(text(packet)), { text: 'hello' });
      assert.equal(packet.qos, 1);
      assert.deepEqual({ ...packet.properties?.userProperties }, { requestId: 'req-1', retryCount: '3', urgent: 'true' });
      assert.equal(packet.properties?.contentType, 'application/vnd.example.notification+json');
      assert.equal(packet.properties?.correlationData?.toString(), 'req-1');
    } finally {
      await client.endAsync();
      await recorder.close();
    }
  });

  test('the correlationData and responseTopic options become MQTT 5 properties', async () => {
    const id = uniqueId('reply');
    const recorder = await Recorder.start(`sites/+/sensors/${id}/reading`);
    const client = await connect(5);
    try {
      await publishToSensorReading(new SensorReading({ sensorId: id, value: 1 }), client, {
        parameters: { site: 'north', sensorId: id },
        correlationData: 'corr-7',
        responseTopic: `replies/${id}`,
      });
      const packet = only(await recorder.waitFor(1));
      assert.equal(packet.properties?.correlationData?.toString(), 'corr-7');
      assert.equal(packet.properties?.responseTopic, `replies/${id}`);
      assert.equal(packet.properties?.contentType, 'application/json', 'the document default content type');
    } finally {
      await client.endAsync();
      await recorder.close();
    }
  });

  test('subscribe decodes headers by their schema types', async () => {
    const userId = uniqueId('user');
    const publisher = await connect(5);
    const subscriber = await connect(5);
    const messages = new Calls<[Notification, NotificationContext]>();
    try {
      const sub = await subscribeToNotification(messages.fn, subscriber, { parameters: { userId } });
      // Through the generated publish...
      await publishToNotification(new Notification({ text: 'one' }), publisher, {
        parameters: { userId },
        headers: new NotificationHeaders({ requestId: 'req-2', retryCount: 0, urgent: false }),
      });
      // ...and from a raw client that sends only the required header.
      await rawPublish(`users/${userId}/notifications`, JSON.stringify({ text: 'two' }), {
        properties: { userProperties: { requestId: 'req-3' } },
      });
      const calls = await messages.waitFor(2);
      const [first, second] = calls;
      assert.ok(first && second);
      assert.equal(first[0].text, 'one');
      const headers = first[1].headers;
      assert.ok(headers !== undefined);
      assert.equal(headers.requestId, 'req-2');
      assert.equal(headers.retryCount, 0);
      assert.equal(typeof headers.retryCount, 'number');
      assert.equal(headers.urgent, false);
      assert.equal(typeof headers.urgent, 'boolean');
      assert.equal(second[0].text, 'two');
      assert.equal(second[1].headers?.requestId, 'req-3');
      assert.equal(second[1].headers?.retryCount, undefined);
      assert.equal(first[1].parameters.userId, userId);
      await sub.unsubscribe();
    } finally {
      await publisher.endAsync();
      await subscriber.endAsync();
    }
  });

  test('invalid headers on receive go to onError and the subscription keeps working', async () => {
    const userId = uniqueId('user');
    const topic = `users/${userId}/notifications`;
    const client = await connect(5);
    const messages = new Calls<[Notification, NotificationContext]>();
    const errors = new Calls<[Error, IPublishPacket]>();
    try {
      const sub = await subscribeToNotification(messages.fn, client, { parameters: { userId }, onError: errors.fn });
      const body = JSON.stringify({ text: 'x' });
      await rawPublish(topic, body, { properties: { userProperties: { requestId: 'r', retryCount: 'three' } } });
      await rawPublish(topic, body, { properties: { userProperties: { retryCount: '1' } } });
      await rawPublish(topic, body, { properties: { userProperties: { requestId: 'r', urgent: 'maybe' } } });
      await rawPublish(topic, body);
      await rawPublish(topic, body, { properties: { userProperties: { requestId: 'ok', retryCount: '2' } } });
      await errors.waitFor(4);
      await messages.waitFor(1);
      await sleep(QUIET_MS);
      assert.equal(errors.calls.length, 4, errors.calls.map(([e]) => e.message).join('\n'));
      for (const [error, packet] of errors.calls) {
        assert.ok(error instanceof Error);
        assert.equal(packet.topic, topic);
      }
      const [wrongNumber] = errors.calls;
      assert.ok(wrongNumber && wrongNumber[0] instanceof ValidationError, String(wrongNumber?.[0]));
      assert.deepEqual(
        messages.calls.map(([, c]) => [c.headers?.requestId, c.headers?.retryCount]),
        [['ok', 2]],
      );
      await sub.unsubscribe();
    } finally {
      await client.endAsync();
    }
  });

  test('publish validates headers before sending', async () => {
    const userId = uniqueId('user');
    const client = await connect(5);
    const log = new PacketLog(client);
    try {
      const negative = await rejection(
        publishToNotification(new Notification({ text: 'x' }), client, {
          parameters: { userId },
          headers: new NotificationHeaders({ requestId: 'r', retryCount: -1 }),
        }),
      );
      assert.ok(negative instanceof ValidationError, String(negative));
      const missing = new NotificationHeaders({ requestId: 'r' });
      delete (missing as unknown as { requestId?: string }).requestId;
      const noRequestId = await rejection(
        publishToNotification(new Notification({ text: 'x' }), client, { parameters: { userId }, headers: missing }),
      );
      assert.ok(noRequestId instanceof ValidationError, String(noRequestId));
      assert.equal(log.sent('publish'), 0);
    } finally {
      log.stop();
      await client.endAsync();
    }
  });
});

describe('headers on MQTT 3.1.1', () => {
  test('publishing a message with headers fails with a clear error and sends nothing', async () => {
    const userId = uniqueId('user');
    const client = await connect(4);
    const log = new PacketLog(client);
    try {
      const error = await rejection(
        publishToNotification(new Notification({ text: 'x' }), client, {
          parameters: { userId },
          headers: new NotificationHeaders({ requestId: 'r' }),
        }),
      );
      assert.ok(error instanceof Error, String(error));
      assert.match(error.message, /MQTT 5/);
      assert.match(error.message, /protocolVersion: 5/);
      assert.equal(log.sent('publish'), 0);
    } finally {
      log.stop();
      await client.endAsync();
    }
  });
});
