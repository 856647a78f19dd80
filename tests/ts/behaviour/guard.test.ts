// Wire hygiene (issue 12 §3): the topic guard against the table the Rust runtime checks too
// (tests/fixtures/topic-guard-cases.json, path in TOPIC_GUARD_CASES). Every value MQTT forbids
// in a topic (control characters, noncharacters, unpaired surrogates, more than 65,535 bytes,
// plus what changes a topic's shape) is refused before anything is sent, in publishes,
// subscribe filters and share group names; mosquitto itself refuses the same characters, and
// accepts what we accept.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { Protocols, SensorReading } from './__gen__/behaviour/index.js';
import { filterProblem, topicProblem, topicValueProblem } from './__gen__/behaviour/runtime/topic.js';
import { ValidationError } from './__gen__/behaviour/runtime/validation.js';
import { PacketLog, Recorder, brokerUrl, connect, mqttName, protocolVersions, rejection, uniqueId, until, within } from './broker.js';

const { publishToSensorReading, subscribeToSensorReading } = Protocols.mqtt;

interface GuardCase {
  readonly name: string;
  readonly text?: string;
  readonly codePoints?: readonly number[];
  readonly repeat?: number;
  readonly level: string;
  readonly topic: string;
  readonly filter: string;
}

const path = process.env['TOPIC_GUARD_CASES'];
if (path === undefined || path === '') {
  throw new Error('TOPIC_GUARD_CASES is not set: run these tests through `cargo test -p workspace-tests`');
}
const cases = (JSON.parse(readFileSync(path, 'utf8')) as { cases: GuardCase[] }).cases;

function textOf(c: GuardCase): string {
  // String.fromCodePoint makes a lone surrogate from 0xD800–0xDFFF, as a JavaScript string can hold one.
  const once = c.text ?? String.fromCodePoint(...(c.codePoints ?? []));
  return once.repeat(c.repeat ?? 1);
}

/** The table's outcome name for a problem text (`undefined` is ok). */
function outcome(problem: string | undefined): string {
  if (problem === undefined) {
    return 'ok';
  }
  const kinds: ReadonlyArray<[string, string]> = [
    ['must not be empty', 'empty'],
    ['must not contain "/"', 'slash'],
    ['must not contain the MQTT wildcards', 'wildcard'],
    ['must use "+" and "#" only as a whole topic level', 'misplaced-wildcard'],
    ['must not contain the control character U+', 'control'],
    ['must not contain the noncharacter U+', 'noncharacter'],
    ['must not contain an unpaired surrogate', 'surrogate'],
    ['must not be longer than 65535 bytes in UTF-8', 'too-long'],
    ['must not start with the level "$SYS" or "$share"', 'reserved'],
  ];
  const found = kinds.find(([start]) => problem.startsWith(start));
  if (found === undefined) {
    throw new Error(`a problem the table does not know: ${problem}`);
  }
  return found[1];
}

const forbidden = cases.filter((c) => c.level !== 'ok');
// Short values the guard accepts, as a sensor id (the site level is an enum).
const accepted = cases.filter((c) => c.level === 'ok' && textOf(c).length < 100);

describe('the topic guard table', () => {
  test('every case gets its verdict as a level, a topic and a filter', () => {
    assert.ok(cases.length >= 50, `${cases.length} cases`);
    for (const c of cases) {
      const text = textOf(c);
      assert.equal(outcome(topicValueProblem(text)), c.level, `${c.name} as a level`);
      assert.equal(outcome(topicProblem(text)), c.topic, `${c.name} as a topic`);
      assert.equal(outcome(filterProblem(text)), c.filter, `${c.name} as a filter`);
    }
    const classes = new Set(forbidden.map((c) => c.level));
    for (const kind of ['empty', 'slash', 'wildcard', 'control', 'noncharacter', 'surrogate', 'too-long']) {
      assert.ok(classes.has(kind), `the table covers ${kind}`);
    }
  });

  test('mosquitto closes the connection on the characters the table forbids (it is the oracle)', async () => {
    // Unpaired surrogates never reach it (MQTT.js would send U+FFFD), and length and shape
    // are not a matter of characters: those are checked above.
    const characterCases = forbidden.filter((c) => c.level === 'control' || c.level === 'noncharacter');
    assert.ok(characterCases.length >= 15);
    for (const c of characterCases) {
      const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5, reconnectPeriod: 0 });
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      client.on('error', () => undefined);
      client.publish(`guard/${textOf(c)}`, 'x', { qos: 1 }, () => undefined);
      await within(3000, `mosquitto closing the connection for ${c.name}`, closed);
      client.end(true);
    }
  });

  test('mosquitto refuses publishes to the reserved topics the table lists (it is the oracle)', async () => {
    const reserved = cases.filter((c) => c.topic === 'reserved');
    assert.ok(reserved.length >= 3);
    const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5, reconnectPeriod: 0 });
    try {
      for (const c of reserved) {
        // Straight through MQTT.js, past our guard: the broker's own answer.
        const answer = await client.publishAsync(textOf(c), 'x', { qos: 1 }).then(
          () => 'accepted',
          (error: unknown) => String(error),
        );
        assert.match(answer, /Not authorized/i, `${c.name}: mosquitto said ${answer}`);
      }
    } finally {
      await client.endAsync();
    }
  });
});

for (const version of protocolVersions) {
  describe(`the topic guard on ${mqttName(version)}`, () => {
    test('every forbidden parameter value is refused before anything is sent', async () => {
      const client = await connect(version);
      const log = new PacketLog(client);
      try {
        for (const c of forbidden) {
          const value = textOf(c);
          const published = await rejection(
            publishToSensorReading(new SensorReading({ sensorId: 's', value: 1 }), client, { parameters: { site: 'north', sensorId: value } }),
          );
          assert.ok(published instanceof ValidationError, `${c.name}: ${String(published)}`);
          assert.equal(outcome(published.problems[0]?.message), c.level, c.name);
          const subscribed = await rejection(subscribeToSensorReading(() => {}, client, { parameters: { sensorId: value } }));
          assert.ok(subscribed instanceof ValidationError, `${c.name}: ${String(subscribed)}`);
          const shared = await rejection(subscribeToSensorReading(() => {}, client, { share: value }));
          assert.ok(shared instanceof ValidationError, `${c.name} as a share group: ${String(shared)}`);
        }
        assert.equal(log.sent('publish'), 0, 'no PUBLISH was sent');
        assert.equal(log.sent('subscribe'), 0, 'no SUBSCRIBE was sent');
        assert.ok(client.connected, 'the client is still connected');
      } finally {
        log.stop();
        await client.endAsync();
      }
    });

    test('what the guard accepts, the broker accepts', async () => {
      const recorder = await Recorder.start('sites/south/sensors/+/reading');
      const client = await connect(version);
      const marker = uniqueId('accepted');
      try {
        for (const c of accepted) {
          await publishToSensorReading(new SensorReading({ sensorId: marker, value: 1 }), client, { parameters: { site: 'south', sensorId: textOf(c) } });
        }
        // Other test files publish on this site too (some with empty payloads): ours carry the marker.
        const ours = (): string[] => recorder.packets.filter((p) => p.payload.toString().includes(marker)).map((p) => p.topic);
        await until(`${accepted.length} messages at the recorder`, () => ours().length >= accepted.length);
        const topics = ours();
        assert.deepEqual(
          topics.sort(),
          accepted.map((c) => `sites/south/sensors/${textOf(c)}/reading`).sort(),
        );
        assert.ok(client.connected);
      } finally {
        await client.endAsync();
        await recorder.close();
      }
    });
  });
}
