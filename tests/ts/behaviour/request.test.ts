// Request/reply (issue 11 §1): request<Op> and handle<Op> generated from AsyncAPI 3 `reply`,
// over MQTT 5 response topic and correlation data. Concurrent requests each get exactly
// their own reply; timeout, abort, an invalid reply and a client that is not connected each
// reject with their own error; a throwing handler and an invalid request go to onError and
// the subscription keeps working; reply topics from headers and fixed reply channels work;
// no reply is ever published to a topic that is not a plain topic.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IPublishPacket, MqttClient } from 'mqtt';
import {
  ComputeResult,
  InvalidReplyError,
  NotConnectedError,
  Pong,
  Protocols,
  REPLY_TOPIC_PREFIX,
  RequestAbortedError,
  RequestError,
  RequestTimeoutError,
  StatusFailure,
  StatusReport,
  ValidationError,
  closeRequests,
} from './__gen__/rr/index.js';
import { Calls, PacketLog, QUIET_MS, Recorder, connect, only, rejection, sleep, unconnectedClient, uniqueId, until, within } from './broker.js';

const { requestPingDevice, handleAnswerPing, requestGetStatus, handleServeStatus, requestCompute, handleServeCompute } = Protocols.mqtt;

type PingContext = Parameters<Parameters<typeof handleAnswerPing>[0]>[1];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A raw MQTT 5 replier that answers every request on `filter` with `payload`, echoing the correlation data. */
async function rawReplier(filter: string, payload: string): Promise<MqttClient> {
  const client = await connect(5);
  client.on('message', (_topic, _payload, packet) => {
    const responseTopic = packet.properties?.responseTopic;
    if (responseTopic !== undefined) {
      const correlationData = packet.properties?.correlationData;
      void client.publishAsync(responseTopic, payload, { qos: 1, properties: correlationData === undefined ? {} : { correlationData } });
    }
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return client;
}

describe('request/reply on MQTT 5', () => {
  test('1,000 concurrent requests each get exactly their own reply', async (t) => {
    const requester = await connect(5);
    const replier = await connect(5);
    const devices = Array.from({ length: 10 }, (_, i) => uniqueId(`dev${i}`));
    const seen = new Map<string, number>();
    try {
      await handleAnswerPing(
        async (request, context) => {
          assert.ok(context.correlationId !== undefined);
          seen.set(context.correlationId, request.seq);
          // Replies leave out of order, so that only the correlation can pair them up.
          await sleep(Math.floor(Math.random() * 20));
          return { seq: request.seq, deviceId: context.parameters.deviceId };
        },
        replier,
      );
      const started = Date.now();
      const requests = Array.from({ length: 1000 }, (_, seq) => {
        const deviceId = devices[seq % devices.length] ?? 'none';
        return requestPingDevice({ seq }, requester, { parameters: { deviceId }, timeoutMs: 20000 }).then((reply) => ({ seq, deviceId, reply }));
      });
      const results = await within(30000, '1,000 requests', Promise.all(requests));
      t.diagnostic(`1,000 concurrent requests, each answered after 0-20 ms, all matched in ${Date.now() - started} ms`);
      for (const { seq, deviceId, reply } of results) {
        assert.ok(reply instanceof Pong);
        assert.equal(reply.seq, seq);
        assert.equal(reply.deviceId, deviceId);
      }
      // One correlation id per request, each a UUID.
      assert.equal(seen.size, 1000);
      assert.deepEqual(new Set(seen.values()).size, 1000);
      for (const id of seen.keys()) {
        assert.match(id, UUID);
      }
    } finally {
      await requester.endAsync();
      await replier.endAsync();
    }
  });

  test('the request carries a response topic of the client and correlation data; one reply subscription serves all requests', async () => {
    const deviceId = uniqueId('wire');
    const recorder = await Recorder.start(`devices/${deviceId}/ping`);
    const requester = await connect(5);
    const replier = await connect(5);
    const subscribes: string[] = [];
    requester.on('packetsend', (packet) => {
      if (packet.cmd === 'subscribe') {
        subscribes.push(...packet.subscriptions.map((s) => s.topic));
      }
    });
    const contexts = new Calls<[PingContext]>();
    try {
      await handleAnswerPing((request, context) => {
        contexts.fn(context);
        return new Pong({ seq: request.seq, deviceId });
      }, replier);
      for (let seq = 0; seq < 3; seq += 1) {
        const reply = await requestPingDevice({ seq, note: 'n' }, requester, { parameters: { deviceId } });
        assert.equal(reply.seq, seq);
      }
      const packets = await recorder.waitFor(3);
      const topics = new Set(packets.map((p) => p.properties?.responseTopic));
      const [topic] = topics;
      assert.equal(topics.size, 1);
      assert.ok(topic !== undefined && topic.startsWith(REPLY_TOPIC_PREFIX), String(topic));
      assert.match(topic.slice(REPLY_TOPIC_PREFIX.length), /^[0-9a-f]{32}$/);
      assert.deepEqual(subscribes, [topic]);
      for (const [i, packet] of packets.entries()) {
        const data = packet.properties?.correlationData;
        assert.ok(data !== undefined);
        assert.match(data.toString(), UUID);
        const context = contexts.calls[i]?.[0];
        assert.equal(context?.correlationId, data.toString());
        assert.equal(context?.responseTopic, topic);
        assert.equal(packet.properties?.contentType, 'application/json');
        assert.equal(packet.qos, 1);
      }
      await recorder.close();
    } finally {
      await requester.endAsync();
      await replier.endAsync();
    }
  });

  test('no reply within timeoutMs rejects with RequestTimeoutError', async () => {
    const requester = await connect(5);
    try {
      const started = Date.now();
      const error = await rejection(requestPingDevice({ seq: 1 }, requester, { parameters: { deviceId: uniqueId('nobody') }, timeoutMs: 300 }));
      const elapsed = Date.now() - started;
      assert.ok(error instanceof RequestTimeoutError, String(error));
      assert.ok(error instanceof RequestError);
      assert.equal(error.kind, 'timeout');
      assert.ok(elapsed >= 290 && elapsed < 3000, `settled after ${elapsed} ms`);
    } finally {
      await requester.endAsync();
    }
  });

  test('an abort rejects with RequestAbortedError; a late reply is dropped', async () => {
    const deviceId = uniqueId('abort');
    const requester = await connect(5);
    const replier = await connect(5);
    const handled = new Calls<[number]>();
    try {
      await handleAnswerPing(
        async (request) => {
          handled.fn(request.seq);
          await sleep(300);
          return { seq: request.seq, deviceId };
        },
        replier,
        { parameters: { deviceId } },
      );
      const controller = new AbortController();
      const pending = requestPingDevice({ seq: 7 }, requester, { parameters: { deviceId }, signal: controller.signal });
      await handled.waitFor(1);
      controller.abort(new Error('user left'));
      const error = await rejection(pending);
      assert.ok(error instanceof RequestAbortedError, String(error));
      assert.equal(error.kind, 'aborted');
      assert.ok(error.cause instanceof Error && error.cause.message === 'user left');
      // The late reply arrives and goes nowhere; the next request still works.
      await sleep(400);
      const reply = await requestPingDevice({ seq: 8 }, requester, { parameters: { deviceId } });
      assert.equal(reply.seq, 8);
    } finally {
      await requester.endAsync();
      await replier.endAsync();
    }
  });

  test('an already aborted signal rejects before anything is published', async () => {
    const deviceId = uniqueId('pre-abort');
    const recorder = await Recorder.start(`devices/${deviceId}/ping`);
    const requester = await connect(5);
    try {
      const error = await rejection(requestPingDevice({ seq: 1 }, requester, { parameters: { deviceId }, signal: AbortSignal.abort() }));
      assert.ok(error instanceof RequestAbortedError, String(error));
      assert.equal((await recorder.quiet()).length, 0);
    } finally {
      await recorder.close();
      await requester.endAsync();
    }
  });

  test('an invalid reply rejects with InvalidReplyError carrying the validation problems', async () => {
    const deviceId = uniqueId('invalid-reply');
    const replier = await rawReplier(`devices/${deviceId}/ping`, JSON.stringify({ seq: 'one', deviceId }));
    const requester = await connect(5);
    try {
      const error = await rejection(requestPingDevice({ seq: 1 }, requester, { parameters: { deviceId }, timeoutMs: 5000 }));
      assert.ok(error instanceof InvalidReplyError, String(error));
      assert.equal(error.kind, 'invalid-reply');
      assert.ok(error.cause instanceof ValidationError);
      assert.deepEqual(
        error.cause.problems.map((p) => p.path),
        ['$.seq'],
      );
      assert.equal(JSON.parse(error.packet.payload.toString()).seq, 'one');
    } finally {
      await replier.endAsync();
      await requester.endAsync();
    }
  });

  test('a handler that throws: the requester times out, onError gets the error, later requests are answered', async () => {
    const deviceId = uniqueId('throws');
    const requester = await connect(5);
    const replier = await connect(5);
    const log = new PacketLog(replier);
    const errors = new Calls<[Error, IPublishPacket]>();
    try {
      await handleAnswerPing(
        (request) => {
          if (request.seq === 13) {
            throw new Error('unlucky number');
          }
          return { seq: request.seq, deviceId };
        },
        replier,
        { parameters: { deviceId }, onError: errors.fn },
      );
      const error = await rejection(requestPingDevice({ seq: 13 }, requester, { parameters: { deviceId }, timeoutMs: 500 }));
      assert.ok(error instanceof RequestTimeoutError, String(error));
      const [thrown, packet] = only(await errors.waitFor(1));
      assert.equal(thrown.message, 'unlucky number');
      assert.equal(packet.topic, `devices/${deviceId}/ping`);
      await sleep(QUIET_MS);
      assert.equal(log.sent('publish'), 0, 'no reply was published');
      const reply = await requestPingDevice({ seq: 14 }, requester, { parameters: { deviceId } });
      assert.equal(reply.seq, 14);
      assert.equal(log.sent('publish'), 1);
    } finally {
      log.stop();
      await requester.endAsync();
      await replier.endAsync();
    }
  });

  test('a handler whose reply is invalid: onError, no reply', async () => {
    const deviceId = uniqueId('bad-result');
    const requester = await connect(5);
    const replier = await connect(5);
    const errors = new Calls<[Error, IPublishPacket]>();
    try {
      await handleAnswerPing(() => ({ seq: -1, deviceId }), replier, { parameters: { deviceId }, onError: errors.fn });
      const error = await rejection(requestPingDevice({ seq: 1 }, requester, { parameters: { deviceId }, timeoutMs: 500 }));
      assert.ok(error instanceof RequestTimeoutError, String(error));
      const [problem] = only(await errors.waitFor(1));
      assert.ok(problem instanceof ValidationError, String(problem));
      assert.match(problem.message, /pong payload is invalid: \$\.seq: must be >= 0/);
    } finally {
      await requester.endAsync();
      await replier.endAsync();
    }
  });

  test('an invalid request goes to onError and the subscription keeps working', async () => {
    const deviceId = uniqueId('invalid-request');
    const requester = await connect(5);
    const replier = await connect(5);
    const log = new PacketLog(replier);
    const errors = new Calls<[Error, IPublishPacket]>();
    const handled = new Calls<[number]>();
    try {
      await handleAnswerPing(
        (request) => {
          handled.fn(request.seq);
          return { seq: request.seq, deviceId };
        },
        replier,
        { parameters: { deviceId }, onError: errors.fn },
      );
      const raw = await connect(5);
      await raw.publishAsync(`devices/${deviceId}/ping`, JSON.stringify({ seq: -5 }), {
        qos: 1,
        properties: { responseTopic: `${REPLY_TOPIC_PREFIX}raw`, correlationData: Buffer.from('raw-1') },
      });
      await raw.publishAsync(`devices/${deviceId}/ping`, '{not json', {
        qos: 1,
        properties: { responseTopic: `${REPLY_TOPIC_PREFIX}raw`, correlationData: Buffer.from('raw-2') },
      });
      await raw.endAsync();
      const failures = await errors.waitFor(2);
      assert.ok(failures[0]?.[0] instanceof ValidationError, String(failures[0]?.[0]));
      assert.match(failures[0]?.[0].message ?? '', /\$\.seq: must be >= 0/);
      assert.ok(failures[1]?.[0] instanceof Error);
      assert.equal(handled.calls.length, 0);
      await sleep(QUIET_MS);
      assert.equal(log.sent('publish'), 0, 'no reply was published');
      const reply = await requestPingDevice({ seq: 2 }, requester, { parameters: { deviceId } });
      assert.equal(reply.seq, 2);
    } finally {
      log.stop();
      await requester.endAsync();
      await replier.endAsync();
    }
  });

  test('a response topic with a wildcard or none at all gets no reply, only onError', async () => {
    const deviceId = uniqueId('inject');
    const replier = await connect(5);
    const log = new PacketLog(replier);
    const errors = new Calls<[Error, IPublishPacket]>();
    try {
      await handleAnswerPing((request) => ({ seq: request.seq, deviceId }), replier, { parameters: { deviceId }, onError: errors.fn });
      const raw = await connect(5);
      for (const responseTopic of ['evil/#', 'evil/+/x']) {
        await raw.publishAsync(`devices/${deviceId}/ping`, JSON.stringify({ seq: 1 }), { qos: 1, properties: { responseTopic, correlationData: Buffer.from('x') } });
      }
      await raw.publishAsync(`devices/${deviceId}/ping`, JSON.stringify({ seq: 1 }), { qos: 1 });
      await raw.endAsync();
      const failures = await errors.waitFor(3);
      assert.ok(failures[0]?.[0] instanceof ValidationError, String(failures[0]?.[0]));
      assert.ok(failures[1]?.[0] instanceof ValidationError, String(failures[1]?.[0]));
      assert.match(failures[2]?.[0].message ?? '', /names no response topic/);
      await sleep(QUIET_MS);
      assert.equal(log.sent('publish'), 0, 'no reply was published');
      // The requester's own reply topic is checked too.
      const requester = await connect(5);
      try {
        const error = await rejection(requestPingDevice({ seq: 1 }, requester, { parameters: { deviceId }, replyTopic: 'mine/#' }));
        assert.ok(error instanceof ValidationError, String(error));
      } finally {
        await requester.endAsync();
      }
    } finally {
      log.stop();
      await replier.endAsync();
    }
  });

  test('a client that is not connected rejects with NotConnectedError; MQTT 3.1.1 with a RequestError', async () => {
    // Never connected, so there is nothing to end.
    const offline = unconnectedClient(5);
    const error = await rejection(requestPingDevice({ seq: 1 }, offline, { parameters: { deviceId: 'd' } }));
    assert.ok(error instanceof NotConnectedError, String(error));
    assert.equal(error.kind, 'not-connected');
    const v311 = await connect(4);
    try {
      const error = await rejection(requestPingDevice({ seq: 1 }, v311, { parameters: { deviceId: 'd' } }));
      assert.ok(error instanceof RequestError, String(error));
      assert.equal(error.kind, 'needs-mqtt5');
      assert.match(error.message, /protocolVersion: 5/);
    } finally {
      await v311.endAsync();
    }
  });

  test('an invalid request is refused before anything is published', async () => {
    const requester = await connect(5);
    try {
      const error = await rejection(requestPingDevice({ seq: -1 }, requester, { parameters: { deviceId: 'd' } }));
      assert.ok(error instanceof ValidationError, String(error));
      const topicError = await rejection(requestPingDevice({ seq: 1 }, requester, { parameters: { deviceId: 'a/b' } }));
      assert.ok(topicError instanceof ValidationError, String(topicError));
    } finally {
      await requester.endAsync();
    }
  });

  test('reply topic and correlation id in headers; a reply that is one of two messages', async () => {
    const requester = await connect(5);
    const replier = await connect(5);
    // A reply topic of the caller's choosing (the document leaves it to the requester).
    const replyTopic = `${REPLY_TOPIC_PREFIX}${uniqueId('status')}`;
    const recorder = await Recorder.start(replyTopic);
    const seen: { correlationId: string | undefined; replyTo: string | undefined; responseTopic: string; correlation: string | undefined }[] = [];
    try {
      await handleServeStatus((request, context) => {
        seen.push({ correlationId: context.headers?.correlationId, replyTo: context.headers?.replyTo, responseTopic: context.responseTopic, correlation: context.correlationId });
        return request.component === 'disk' ? new StatusReport({ component: 'disk', healthy: true }) : { error: 'network is down' };
      }, replier);
      const disk = await requestGetStatus({ component: 'disk' }, requester, { replyTopic });
      assert.ok(disk instanceof StatusReport, String(disk));
      assert.equal(disk.healthy, true);
      const network = await requestGetStatus({ component: 'network' }, requester, { replyTopic });
      assert.ok(network instanceof StatusFailure, String(network));
      assert.equal(network.error, 'network is down');
      for (const s of seen) {
        // The requester filled in both headers: the id (a UUID, as the header's format wants) and its reply topic.
        assert.match(s.correlationId ?? '', UUID);
        assert.equal(s.correlation, s.correlationId);
        assert.equal(s.replyTo, replyTopic);
        assert.equal(s.responseTopic, replyTopic);
      }
      // The reply carries the id in its own correlation header and in the correlation data.
      const replies = await recorder.waitFor(2);
      for (const [i, reply] of replies.entries()) {
        assert.equal(reply.properties?.userProperties?.['correlationId'], seen[i]?.correlationId);
        assert.equal(reply.properties?.correlationData?.toString(), seen[i]?.correlationId);
      }
      // An id given by the caller is used as it is.
      const given = '0b2f8f4e-1c1a-4c55-9a55-3f1d2d0e9b11';
      await requestGetStatus({ component: 'disk' }, requester, { replyTopic, headers: { correlationId: given } });
      assert.equal(seen[2]?.correlationId, given);
    } finally {
      await recorder.close();
      await requester.endAsync();
      await replier.endAsync();
    }
  });

  test('a fixed reply channel: requesters on several clients share the reply topic and each gets its own replies', async () => {
    const replier = await connect(5);
    const requesters = await Promise.all([connect(5), connect(5), connect(5)]);
    try {
      const subscription = await handleServeCompute((task) => new ComputeResult({ sum: task.a + task.b }), replier);
      // QoS 2 (the binding's): MQTT.js does not hold back QoS 2 publishes beyond the broker's
      // receive maximum (mosquitto: 20 per client), which refuses the excess with "Quota
      // exceeded". So each requester keeps 5 in flight, and the replier at most 15.
      const results = (
        await Promise.all(
          requesters.map(async (client, c) => {
            const out: { expected: number; sum: number }[] = [];
            for (let wave = 0; wave < 10; wave += 1) {
              const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => requestCompute({ a: c * 1000, b: wave * 5 + i }, client)));
              replies.forEach((reply, i) => out.push({ expected: c * 1000 + wave * 5 + i, sum: reply.sum }));
            }
            return out;
          }),
        )
      ).flat();
      assert.equal(results.length, 150);
      for (const r of results) {
        assert.equal(r.sum, r.expected);
      }
      await subscription.unsubscribe();
    } finally {
      await replier.endAsync();
      for (const client of requesters) {
        await client.endAsync();
      }
    }
  });

  test('closeRequests ends waiting requests and drops the reply subscription', async () => {
    const requester = await connect(5);
    const unsubscribes: string[] = [];
    requester.on('packetsend', (packet) => {
      if (packet.cmd === 'unsubscribe') {
        unsubscribes.push(...packet.unsubscriptions);
      }
    });
    try {
      const failed = rejection(requestPingDevice({ seq: 1 }, requester, { parameters: { deviceId: uniqueId('close') } }));
      await sleep(QUIET_MS);
      await closeRequests(requester);
      const error = await failed;
      assert.ok(error instanceof RequestAbortedError, String(error));
      await until('the UNSUBSCRIBE', () => unsubscribes.length === 1);
      assert.ok(unsubscribes[0]?.startsWith(REPLY_TOPIC_PREFIX));
    } finally {
      await requester.endAsync();
    }
  });
});
