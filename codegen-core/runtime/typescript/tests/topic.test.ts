// The topic helpers generated parameters classes call: the guard's wording, the checked
// topic/filter/group entry points, the parameter checks and the topic-level parsers. Which texts
// the guard refuses is the shared table's job (tests/fixtures/topic-guard-cases.json, run by the
// generated client's tests); matching is topic-matching.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChannelParameters,
  MAX_TOPIC_BYTES,
  TopicMismatchError,
  assertParameters,
  checkParameter,
  checkTopicValue,
  checkedFilter,
  checkedShareGroup,
  checkedTopic,
  filterProblem,
  fillTopic,
  matchTopic,
  parseBoolean,
  parseInteger,
  parseNumber,
  topicFilter,
  topicProblem,
  topicValueProblem,
  type TopicLevels,
} from '../topic.js';
import { ValidationError, type ValidationProblem } from '../validation.js';

describe('the topic guard', () => {
  test('says what is wrong, naming the character', () => {
    assert.equal(topicValueProblem('ok'), undefined);
    assert.equal(topicValueProblem(''), 'must not be empty');
    assert.equal(topicValueProblem('a/b'), 'must not contain "/"');
    assert.equal(topicValueProblem('a+'), 'must not contain the MQTT wildcards "+" or "#"');
    assert.equal(topicValueProblem('a\tb'), 'must not contain the control character U+0009');
    assert.equal(topicValueProblem('\u0085'), 'must not contain the control character U+0085');
    assert.equal(topicValueProblem('\ufdd0'), 'must not contain the noncharacter U+FDD0');
    assert.equal(topicValueProblem('\u{10ffff}'), 'must not contain the noncharacter U+10FFFF');
    assert.equal(topicValueProblem('a\ud800'), 'must not contain an unpaired surrogate (U+D800)');
    assert.equal(topicValueProblem('\udc00a'), 'must not contain an unpaired surrogate (U+DC00)');
  });

  test('counts the length in UTF-8 bytes, not UTF-16 units', () => {
    assert.equal(topicProblem('a'.repeat(MAX_TOPIC_BYTES)), undefined);
    assert.equal(
      topicProblem('a'.repeat(MAX_TOPIC_BYTES + 1)),
      `must not be longer than 65535 bytes in UTF-8 (it has 65536)`,
    );
    // 21,845 three-byte characters are 65,535 bytes; one more is too many.
    assert.equal(topicProblem('€'.repeat(21845)), undefined);
    assert.equal(
      topicProblem('€'.repeat(21846)),
      'must not be longer than 65535 bytes in UTF-8 (it has 65538)',
    );
    // An emoji is two UTF-16 units and four bytes.
    assert.equal(
      topicProblem('😀'.repeat(16384)),
      'must not be longer than 65535 bytes in UTF-8 (it has 65536)',
    );
  });

  test('topics refuse wildcards, filters only misplaced ones', () => {
    assert.equal(topicProblem('a/b/'), undefined);
    assert.equal(topicProblem('a/#'), 'must not contain the MQTT wildcards "+" or "#"');
    for (const filter of ['#', '+', 'a/+/b', 'a/#', '+/+', '/', '$share/g/a/#']) {
      assert.equal(filterProblem(filter), undefined, filter);
    }
    for (const filter of ['a#', 'a/#/b', 'a+/b', '#/', '++']) {
      assert.equal(
        filterProblem(filter),
        'must use "+" and "#" only as a whole topic level, and "#" only as the last',
        filter,
      );
    }
  });

  test('the checked entry points throw a ValidationError at their own path', () => {
    assert.equal(checkedTopic('a/b'), 'a/b');
    assert.equal(checkedFilter('a/+'), 'a/+');
    assert.equal(checkedShareGroup('workers'), 'workers');
    const cases: [() => unknown, string, string][] = [
      [() => checkedTopic('a/+'), 'topic', '$.topic'],
      [() => checkedFilter('a/#/b'), 'topic filter', '$.filter'],
      [() => checkedShareGroup('a/b'), 'shared subscription group', '$.share'],
    ];
    for (const [call, what, path] of cases) {
      assert.throws(call, (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.ok(error.message.startsWith(`${what} is invalid: ${path}: `), error.message);
        assert.equal(error.problems.length, 1);
        assert.equal(error.problems[0]?.path, path);
        return true;
      });
    }
  });
});

describe('topics from levels', () => {
  const levels: TopicLevels = [
    ['sites'],
    [{ parameter: 'site' }],
    ['s-', { parameter: 'id' }, '.json'],
    [],
  ];

  test('fillTopic and topicFilter put values and + in place', () => {
    assert.equal(fillTopic(levels, { site: 'north', id: '7' }), 'sites/north/s-7.json/');
    assert.equal(topicFilter(levels, { site: 'north', id: undefined }), 'sites/north/+/');
    assert.equal(topicFilter(levels, { site: undefined, id: '7' }), 'sites/+/s-7.json/');
  });

  test('matchTopic reads them back and refuses other shapes', () => {
    assert.deepEqual(
      { ...matchTopic(levels, 'sites/north/s-7.json/') },
      { site: 'north', id: '7' },
    );
    assert.equal(matchTopic(levels, 'sites/north/s-7.json'), undefined);
    assert.equal(matchTopic(levels, 'sites/north/s-.json/'), undefined);
    assert.equal(matchTopic(levels, 'sites//s-7.json/'), undefined);
    assert.equal(matchTopic(levels, 'sites/north/x-7.json/'), undefined);
  });

  test('matched values live on an object without a prototype', () => {
    const values = matchTopic([[{ parameter: 'constructor' }], [{ parameter: 'toString' }]], 'a/b');
    assert.ok(values !== undefined);
    assert.equal(Object.getPrototypeOf(values), null);
    assert.deepEqual(Object.keys(values), ['constructor', 'toString']);
    assert.equal(matchTopic([[{ parameter: 'x' }]], 'a')?.['constructor'], undefined);
  });
});

describe('parameter checks', () => {
  test('checkParameter reports missing, mistyped, unusable and out-of-enum values at their path', () => {
    const problems: ValidationProblem[] = [];
    const allowed = new Set(['on', 'off']);
    checkParameter({}, 'room', 'string', undefined, false, problems);
    checkParameter({}, 'room', 'string', undefined, true, problems);
    checkParameter({ floor: 1.5 }, 'floor', 'integer', undefined, false, problems);
    checkParameter({ floor: 2 ** 53 }, 'floor', 'integer', undefined, false, problems);
    checkParameter({ level: 'x' }, 'level', 'number', undefined, false, problems);
    checkParameter({ lit: 'true' }, 'lit', 'boolean', undefined, false, problems);
    checkParameter({ 'room id': 'a/b' }, 'room id', 'string', undefined, false, problems);
    checkParameter({ mode: 'dim' }, 'mode', 'string', allowed, false, problems);
    checkParameter({ mode: 'on', n: -3, ok: false }, 'mode', 'string', allowed, false, problems);
    checkParameter({ n: -3 }, 'n', 'integer', new Set(['-3']), false, problems);
    checkParameter({ ok: false }, 'ok', 'boolean', undefined, false, problems);
    assert.deepEqual(problems, [
      { path: '$.room', message: 'is required' },
      { path: '$.floor', message: 'must be an integer, not a number' },
      {
        path: '$.floor',
        message:
          'must be an integer between -(2^53 - 1) and 2^53 - 1 (larger integers lose precision in JSON.parse)',
      },
      { path: '$.level', message: 'must be a number, not a string' },
      { path: '$.lit', message: 'must be a boolean, not a string' },
      { path: '$["room id"]', message: 'must not contain "/"' },
      { path: '$.mode', message: 'must be one of "on", "off"' },
    ]);
  });

  test('checkParameter never reads an inherited property', () => {
    const problems: ValidationProblem[] = [];
    checkParameter({}, 'constructor', 'string', undefined, false, problems);
    assert.deepEqual(problems, [{ path: '$.constructor', message: 'is required' }]);
  });

  test('checkTopicValue and assertParameters', () => {
    const problems: ValidationProblem[] = [];
    checkTopicValue('fine', '$.a', problems);
    checkTopicValue('', '$.b', problems);
    assert.deepEqual(problems, [{ path: '$.b', message: 'must not be empty' }]);
    assert.doesNotThrow(() => assertParameters('c', []));
    assert.throws(() => assertParameters('rooms/{room}', problems), {
      name: 'ValidationError',
      message: 'parameters of channel "rooms/{room}" is invalid: $.b: must not be empty',
    });
  });

  test('integers, numbers and booleans parse from a topic level in JSON spelling only', () => {
    const problems: ValidationProblem[] = [];
    for (const [text, value] of [
      ['0', 0],
      ['-3', -3],
      ['42', 42],
      ['9007199254740991', 2 ** 53 - 1],
    ] as const) {
      assert.equal(parseInteger(text, '$.n', problems), value, text);
    }
    for (const [text, value] of [
      ['0', 0],
      ['-0.5', -0.5],
      ['1e3', 1000],
      ['2.5E-2', 0.025],
    ] as const) {
      assert.equal(parseNumber(text, '$.x', problems), value, text);
    }
    assert.equal(parseBoolean('true', '$.b', problems), true);
    assert.equal(parseBoolean('false', '$.b', problems), false);
    assert.deepEqual(problems, []);
    for (const text of ['', '-', '+1', '007', '1.0', '1e3', '9007199254740992', ' 1']) {
      const bad: ValidationProblem[] = [];
      assert.ok(Number.isNaN(parseInteger(text, '$.n', bad)), text);
      assert.deepEqual(bad, [
        { path: '$.n', message: `must be an integer, not ${JSON.stringify(text)}` },
      ]);
    }
    for (const text of ['', '+1', '.5', '1.', 'NaN', 'Infinity', '01', '1e', '1e999', '0x10']) {
      const bad: ValidationProblem[] = [];
      assert.ok(Number.isNaN(parseNumber(text, '$.x', bad)), text);
      assert.equal(bad.length, 1, text);
    }
    const bad: ValidationProblem[] = [];
    assert.equal(parseBoolean('True', '$.b', bad), false);
    assert.deepEqual(bad, [{ path: '$.b', message: 'must be true or false, not "True"' }]);
  });

  test('TopicMismatchError names the topic and the address', () => {
    const error = new TopicMismatchError('a/b/c', 'a/{x}');
    assert.equal(error.name, 'TopicMismatchError');
    assert.equal(error.topic, 'a/b/c');
    assert.equal(error.message, 'topic "a/b/c" does not match the channel address "a/{x}"');
  });
});

// A parameters class as the emitter writes one: fields, constructor and the channel as statics.
interface ReadingInit {
  site: string;
  n: number;
  on: boolean;
}
const sites: ReadonlySet<string> = new Set(['north', 'south-east']);
class Reading extends ChannelParameters {
  static override readonly address = 'r/{site}-{n}/{on}';
  static override readonly levels: TopicLevels = [
    ['r'],
    [{ parameter: 'site', allowed: sites }, '-', { parameter: 'n', kind: 'integer' }],
    [{ parameter: 'on', kind: 'boolean' }],
  ];
  site: string;
  n: number;
  on: boolean;
  constructor(init: ReadingInit) {
    super();
    this.site = init.site;
    this.n = init.n;
    this.on = init.on;
  }
}

describe('ChannelParameters', () => {
  test('fills, parses and filters by the levels, typed by each kind', () => {
    const reading = new Reading({ site: 'south-east', n: -3, on: true });
    assert.equal(reading.getChannelWithParameters(), 'r/south-east--3/true');
    assert.deepEqual(Reading.createFromChannel('r/south-east--3/true'), reading);
    assert.ok(Reading.createFromChannel('r/north-7/false') instanceof Reading);
    assert.equal(Reading.matchChannel('r/north-7/false', { n: 8 }), undefined);
    assert.equal(Reading.matchChannel('r/north-7/false', { on: true }), undefined);
    assert.deepEqual(
      Reading.matchChannel('r/north-7/false', { n: 7, on: false }),
      new Reading({ site: 'north', n: 7, on: false }),
    );
    assert.equal(Reading.matchChannel('r/north/false'), undefined);
    assert.equal(Reading.subscriptionFilter(), 'r/+/+');
    assert.equal(Reading.subscriptionFilter({ on: false }), 'r/+/false');
    assert.equal(Reading.subscriptionFilter({ site: 'north', n: 2 }), 'r/north-2/+');
    assert.throws(() => Reading.createFromChannel('x/north-7/false'), TopicMismatchError);
  });

  test('reports problems with their paths', () => {
    assert.deepEqual(Reading.validate(null), [
      { path: '$', message: 'must be an object, not null' },
    ]);
    assert.deepEqual(Reading.validate({ site: 'west', n: 1.5 }), [
      { path: '$.site', message: 'must be one of "north", "south-east"' },
      { path: '$.n', message: 'must be an integer, not a number' },
      { path: '$.on', message: 'is required' },
    ]);
    const parsed = (): unknown => Reading.createFromChannel('r/west-x/yes');
    assert.throws(parsed, (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.problems, [
        { path: '$.n', message: 'must be an integer, not "x"' },
        { path: '$.on', message: 'must be true or false, not "yes"' },
      ]);
      return true;
    });
    assert.throws(() => Reading.subscriptionFilter({ site: 'a/b' }), ValidationError);
    const broken = new Reading({ site: 'north', n: 1, on: true });
    broken.n = Number.NaN;
    assert.throws(() => broken.getChannelWithParameters(), ValidationError);
  });

  test('a static called detached throws a TypeError that names the fix', () => {
    const methods = [
      'createFromChannel',
      'matchChannel',
      'subscriptionFilter',
      'validate',
    ] as const;
    for (const method of methods) {
      // tsc refuses a detached call written out (its `this` is void); one passed as a callback,
      // as in `topics.map(X.createFromChannel)`, gets past it.
      const detached = Reading[method] as unknown as (argument: string) => unknown;
      assert.throws(
        () => ['r/north-7/false'].map(detached),
        (error: unknown) => {
          assert.ok(error instanceof TypeError);
          assert.ok(error.message.includes(`call it on the class (XParameters.${method}(...))`));
          return true;
        },
      );
    }
  });
});
