// Shared subscriptions (issue 11 §3): the `share` option of every subscribe function subscribes
// `$share/<group>/<filter>`; the broker hands each message to exactly one member of the group;
// routing and parameters still work on the real topic; unsubscribe drops exactly the shared
// filter; the group name is checked before anything is sent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MqttClient } from 'mqtt';
import { Protocols, ValidationError } from './__gen__/rr/index.js';
import { PacketLog, QUIET_MS, connect, mqttName, protocolVersions, rejection, sleep, uniqueId, until, within } from './broker.js';

const { publishToJob, subscribeToJob, handleAnswerPing, requestPingDevice } = Protocols.mqtt;

async function publishJobs(client: MqttClient, queue: string, count: number): Promise<void> {
  await within(
    30000,
    `${count} publishes`,
    Promise.all(Array.from({ length: count }, (_, n) => publishToJob({ n }, client, { parameters: { queue } }))),
  );
}

for (const version of protocolVersions) {
  describe(`shared subscriptions on ${mqttName(version)}`, () => {
    test('three members of a group: 3,000 messages, each received exactly once, every member gets some', async (t) => {
      const queue = uniqueId('queue');
      const group = uniqueId('workers');
      const members = await Promise.all([connect(version), connect(version), connect(version)]);
      const publisher = await connect(version);
      const received: number[][] = [[], [], []];
      try {
        for (const [i, member] of members.entries()) {
          const subscription = await subscribeToJob(
            (job, context) => {
              assert.equal(context.parameters.queue, queue);
              assert.equal(context.topic, `jobs/${queue}`);
              received[i]?.push(job.n);
            },
            member,
            { parameters: { queue }, share: group },
          );
          assert.equal(subscription.topic, `$share/${group}/jobs/${queue}`);
        }
        await publishJobs(publisher, queue, 3000);
        const total = (): number => received.reduce((sum, r) => sum + r.length, 0);
        await until('3,000 jobs', () => total() >= 3000, 30000);
        await sleep(QUIET_MS);
        assert.equal(total(), 3000);
        const all = received.flat();
        assert.equal(new Set(all).size, 3000, 'a job was delivered twice');
        t.diagnostic(`${mqttName(version)}: 3,000 shared messages split ${received.map((r) => r.length).join('/')}, none twice`);
        for (const [i, r] of received.entries()) {
          assert.ok(r.length > 0, `member ${i} got nothing: ${received.map((x) => x.length).join(', ')}`);
        }
      } finally {
        for (const client of [...members, publisher]) {
          await client.endAsync();
        }
      }
    });

    test('unsubscribe drops exactly the shared filter; a plain subscription on the same filter stays', async () => {
      const queue = uniqueId('queue');
      const group = uniqueId('g');
      const client = await connect(version);
      const other = await connect(version);
      const publisher = await connect(version);
      const log = new PacketLog(client);
      const unsubscribed: string[] = [];
      client.on('packetsend', (packet) => {
        if (packet.cmd === 'unsubscribe') {
          unsubscribed.push(...packet.unsubscriptions);
        }
      });
      const shared: number[] = [];
      const plain: number[] = [];
      const otherShared: number[] = [];
      try {
        const sharedSub = await subscribeToJob((job) => shared.push(job.n), client, { parameters: { queue }, share: group });
        await subscribeToJob((job) => plain.push(job.n), client, { parameters: { queue } });
        await subscribeToJob((job) => otherShared.push(job.n), other, { parameters: { queue }, share: group });
        assert.equal(log.sent('subscribe'), 2);
        await sharedSub.unsubscribe();
        assert.deepEqual(unsubscribed, [`$share/${group}/jobs/${queue}`]);
        await publishJobs(publisher, queue, 20);
        await until('20 plain and 20 shared jobs', () => plain.length >= 20 && otherShared.length >= 20);
        await sleep(QUIET_MS);
        assert.equal(shared.length, 0);
        assert.equal(plain.length, 20);
        assert.equal(otherShared.length, 20, 'the remaining member gets every job');
      } finally {
        log.stop();
        for (const c of [client, other, publisher]) {
          await c.endAsync();
        }
      }
    });

    test('a group name that is empty or holds /, +, # or NUL is refused before anything is sent', async () => {
      const client = await connect(version);
      const log = new PacketLog(client);
      try {
        for (const share of ['', 'a/b', 'a+', '#', 'a\u0000b']) {
          const error = await rejection(subscribeToJob(() => {}, client, { share }));
          assert.ok(error instanceof ValidationError, `${JSON.stringify(share)}: ${String(error)}`);
          assert.equal(error.problems[0]?.path, '$.share');
        }
        assert.equal(log.sent('subscribe'), 0);
      } finally {
        log.stop();
        await client.endAsync();
      }
    });
  });
}

describe('shared repliers on MQTT 5', () => {
  test('two repliers in a group: each request is handled exactly once', async () => {
    const deviceId = uniqueId('shared-ping');
    const group = uniqueId('repliers');
    const repliers = await Promise.all([connect(5), connect(5)]);
    const requester = await connect(5);
    const handled: number[][] = [[], []];
    try {
      for (const [i, replier] of repliers.entries()) {
        const subscription = await handleAnswerPing(
          (request) => {
            handled[i]?.push(request.seq);
            return { seq: request.seq, deviceId: `replier-${i}` };
          },
          replier,
          { parameters: { deviceId }, share: group },
        );
        assert.equal(subscription.topic, `$share/${group}/devices/${deviceId}/ping`);
      }
      const replies = await Promise.all(Array.from({ length: 200 }, (_, seq) => requestPingDevice({ seq }, requester, { parameters: { deviceId } })));
      for (const [seq, reply] of replies.entries()) {
        assert.equal(reply.seq, seq);
      }
      await sleep(QUIET_MS);
      assert.equal(handled[0]!.length + handled[1]!.length, 200);
      assert.equal(new Set(handled.flat()).size, 200);
      assert.ok(handled[0]!.length > 0 && handled[1]!.length > 0, handled.map((h) => h.length).join(', '));
    } finally {
      for (const c of [...repliers, requester]) {
        await c.endAsync();
      }
    }
  });
});
