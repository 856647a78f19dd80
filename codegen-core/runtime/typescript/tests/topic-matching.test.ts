// Topic matching against the table the Rust runtime runs too (tests/fixtures/topic-matching-cases.json,
// path in TOPIC_MATCHING_CASES; codegen-runtime/tests/topic_matching.rs): filter matching, topics and
// filters made from address templates, parameters read back from topics, shared subscriptions.
// mosquitto (MQTT_URL) is the outside oracle: every filter case and every shared subscription is
// also subscribed at the broker, which must deliver exactly where the table says.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import type { IPublishPacket, MqttClient } from 'mqtt';
import { addRoute } from '../mqtt.js';
import {
  checkedFilter,
  checkedShareGroup,
  fillTopic,
  matchTopic,
  matchesFilter,
  topicFilter,
  topicProblem,
  topicValueProblem,
  type ParameterKind,
  type TopicLevels,
  type TopicPiece,
} from '../topic.js';

interface FilterCase {
  readonly name: string;
  readonly filter: string;
  readonly topic: string;
  readonly matches: boolean;
}

type Values = { readonly [name: string]: string };

interface ParameterConstraints {
  readonly kind?: ParameterKind;
  readonly allowed?: readonly string[];
}

interface TemplateCase {
  readonly name: string;
  readonly template: string;
  readonly parameters?: { readonly [name: string]: ParameterConstraints };
  readonly fill: readonly { readonly values: Values; readonly topic: string | null }[];
  readonly filter: readonly { readonly fixed: Values; readonly filter: string | null }[];
  readonly match: readonly { readonly topic: string; readonly values: Values | null }[];
}

interface ShareCase {
  readonly name: string;
  readonly group: string;
  readonly filter: string;
  readonly subscribed: string | null;
  readonly topic: string;
  readonly delivered: boolean;
}

const path = process.env['TOPIC_MATCHING_CASES'];
if (path === undefined || path === '') {
  throw new Error(
    'TOPIC_MATCHING_CASES is not set: run these tests through `cargo test -p workspace-tests --test typescript_runtime`',
  );
}
const table = JSON.parse(readFileSync(path, 'utf8')) as {
  filters: FilterCase[];
  templates: TemplateCase[];
  shares: ShareCase[];
};

/**
 * A template as the TypeScript emitter writes it for the runtime: `{name}` is a parameter (the
 * text up to the next `}`), a `{` without a `}` is literal text, a `/` in literal text ends a level,
 * and empty literal text is left out. Every parameter carries its `kind` and `allowed` values
 * from `parameters` (the runtime splits by them only where a level holds several parameters).
 */
function levelsOf(template: string, parameters: TemplateCase['parameters'] = {}): TopicLevels {
  const levels: TopicPiece[][] = [[]];
  const current = (): TopicPiece[] => levels[levels.length - 1] ?? [];
  const literal = (text: string): void => {
    text.split('/').forEach((part, i) => {
      if (i > 0) {
        levels.push([]);
      }
      if (part !== '') {
        current().push(part);
      }
    });
  };
  let rest = template;
  for (;;) {
    const open = rest.indexOf('{');
    const close = open < 0 ? -1 : rest.indexOf('}', open);
    if (close < 0) {
      break;
    }
    literal(rest.slice(0, open));
    current().push({ parameter: rest.slice(open + 1, close) });
    rest = rest.slice(close + 1);
  }
  literal(rest);
  return levels.map((level) => {
    return level.map((piece) => {
      const constraints = typeof piece === 'string' ? undefined : parameters[piece.parameter];
      if (typeof piece === 'string' || constraints === undefined) {
        return piece;
      }
      const allowed =
        constraints.allowed === undefined ? {} : { allowed: new Set(constraints.allowed) };
      return {
        ...piece,
        ...(constraints.kind === undefined ? {} : { kind: constraints.kind }),
        ...allowed,
      };
    });
  });
}

function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** The topic the runtime publishes to: every value checked as a topic level, then filled in, then the topic's length checked. */
function filled(levels: TopicLevels, values: Values): string | null {
  if (Object.values(values).some((value) => topicValueProblem(value) !== undefined)) {
    return null;
  }
  const topic = fillTopic(levels, values);
  return utf8Bytes(topic) > 65535 ? null : topic;
}

/** The filter the runtime subscribes: fixed values checked as topic levels, the rest `+`. */
function filtered(levels: TopicLevels, fixed: Values): string | null {
  if (Object.values(fixed).some((value) => topicValueProblem(value) !== undefined)) {
    return null;
  }
  const filter = topicFilter(levels, fixed);
  return utf8Bytes(filter) > 65535 ? null : filter;
}

/** Name-sorted entries, so that objects with and without a prototype compare equal. */
function entries(values: Values | null | undefined): [string, string][] | null {
  return values === null || values === undefined
    ? null
    : Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('the shared topic-matching table', () => {
  test('filters match as the table says', () => {
    assert.ok(table.filters.length >= 30, `${table.filters.length} filter cases`);
    for (const c of table.filters) {
      assert.equal(
        matchesFilter(c.filter, c.topic),
        c.matches,
        `${c.name}: filter ${JSON.stringify(c.filter)}, topic ${JSON.stringify(c.topic)}`,
      );
    }
  });

  test('templates fill, filter and match as the table says', () => {
    assert.ok(table.templates.length >= 15, `${table.templates.length} template cases`);
    let checked = 0;
    for (const c of table.templates) {
      const levels = levelsOf(c.template, c.parameters);
      for (const f of c.fill) {
        assert.equal(
          filled(levels, f.values),
          f.topic,
          `${c.name}: fill ${c.template} with ${JSON.stringify(f.values)}`,
        );
        checked += 1;
      }
      for (const f of c.filter) {
        assert.equal(
          filtered(levels, f.fixed),
          f.filter,
          `${c.name}: filter of ${c.template} fixing ${JSON.stringify(f.fixed)}`,
        );
        checked += 1;
      }
      for (const m of c.match) {
        assert.deepEqual(
          entries(matchTopic(levels, m.topic)),
          entries(m.values),
          `${c.name}: ${JSON.stringify(m.topic)} against ${c.template}`,
        );
        checked += 1;
      }
    }
    assert.ok(checked >= 100, `${checked} template checks`);
  });

  test('a topic filled from matched values is the topic again', () => {
    for (const c of table.templates) {
      const levels = levelsOf(c.template, c.parameters);
      for (const m of c.match) {
        const values = matchTopic(levels, m.topic);
        if (values !== undefined) {
          assert.equal(fillTopic(levels, values), m.topic, `${c.name}: ${m.topic}`);
        }
      }
    }
  });

  test('share groups are checked as the table says', () => {
    assert.ok(table.shares.length >= 8, `${table.shares.length} share cases`);
    for (const c of table.shares) {
      let subscribed: string | null;
      try {
        subscribed = `$share/${checkedShareGroup(c.group)}/${checkedFilter(c.filter)}`;
      } catch {
        subscribed = null;
      }
      assert.equal(subscribed, c.subscribed, `${c.name}: group ${JSON.stringify(c.group)}`);
      assert.equal(
        matchesFilter(c.filter, c.topic),
        c.delivered,
        `${c.name}: ${c.topic} through ${c.filter}`,
      );
    }
  });
});

const url = process.env['MQTT_URL'];
if (url === undefined || url === '') {
  throw new Error(
    'MQTT_URL is not set: run these tests through `cargo test -p workspace-tests --test typescript_runtime`',
  );
}
const brokerUrl: string = url;

/**
 * Topics a case can publish to at mosquitto: no wildcard, and not under `$SYS/` or `$share/`,
 * where mosquitto refuses a client's publish (PUBACK reason code 0x87).
 */
function publishable(topic: string): boolean {
  return (
    topicProblem(topic) === undefined && !topic.startsWith('$SYS/') && !topic.startsWith('$share/')
  );
}

/**
 * What mosquitto delivers: subscribes `filter`, publishes `topic` and then a marker on a topic of
 * the test's own, and says whether `topic` arrived before the marker (one connection, QoS 1:
 * the broker keeps the order).
 */
async function brokerDelivers(
  client: MqttClient,
  filter: string,
  topic: string,
  shareFilter?: string,
): Promise<boolean> {
  const marker = `runtime-tests/marker/${randomUUID()}`;
  const payload = randomUUID();
  let delivered = false;
  let markerSeen: () => void = () => undefined;
  const seen = new Promise<void>((resolve) => {
    markerSeen = resolve;
  });
  const onMessage = (received: string, body: Buffer): void => {
    if (received === marker) {
      markerSeen();
    } else if (received === topic && body.toString() === payload) {
      delivered = true;
    }
  };
  client.on('message', onMessage);
  const subscribed = shareFilter ?? filter;
  try {
    await client.subscribeAsync([subscribed, marker], { qos: 1 });
    await client.publishAsync(topic, payload, { qos: 1 });
    await client.publishAsync(marker, '', { qos: 1 });
    await seen;
    return delivered;
  } finally {
    client.removeListener('message', onMessage);
    await client.unsubscribeAsync([subscribed, marker]);
  }
}

describe('mosquitto agrees with the table', () => {
  test('every publishable filter case is delivered exactly where the table says', async (t) => {
    const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5, reconnectPeriod: 0 });
    try {
      let asked = 0;
      for (const c of table.filters) {
        if (!publishable(c.topic) || checkedFilter(c.filter) !== c.filter) {
          continue;
        }
        assert.equal(
          await brokerDelivers(client, c.filter, c.topic),
          c.matches,
          `${c.name}: mosquitto, filter ${c.filter}, topic ${c.topic}`,
        );
        asked += 1;
      }
      t.diagnostic(
        `mosquitto agreed on ${asked} of ${table.filters.length} filter cases (the rest cannot be published)`,
      );
      assert.ok(asked >= 30, `${asked} cases asked`);
    } finally {
      await client.endAsync();
    }
  });

  test('shared subscriptions through the runtime reach the broker as the table says', async () => {
    const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5, reconnectPeriod: 0 });
    try {
      for (const c of table.shares) {
        const received: string[] = [];
        const subscribe = addRoute(client, {
          filter: c.filter,
          qos: 1,
          share: c.group,
          deliver(topic: string, packet: IPublishPacket) {
            if (matchesFilter(c.filter, topic)) {
              received.push(packet.payload.toString());
            }
          },
          fail(error: Error) {
            throw error;
          },
        });
        if (c.subscribed === null) {
          await assert.rejects(subscribe, /shared subscription group/, c.name);
          continue;
        }
        const subscription = await subscribe;
        assert.equal(subscription.topic, c.subscribed, c.name);
        try {
          if (publishable(c.topic)) {
            const payload = randomUUID();
            await client.publishAsync(c.topic, payload, { qos: 1 });
            const marker = `runtime-tests/share-marker/${randomUUID()}`;
            await brokerDelivers(client, marker, marker);
            assert.equal(
              received.includes(payload),
              c.delivered,
              `${c.name}: ${c.topic} through ${c.subscribed}`,
            );
          }
        } finally {
          await subscription.unsubscribe();
        }
      }
    } finally {
      await client.endAsync();
    }
  });
});
