// The helpers generated validators call. Whole-schema verdicts are the JSON-Schema-Test-Suite's
// job (tests/tests/json_schema_suite.rs); these pin each helper's own contract.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ValidationError,
  adopt,
  assertValid,
  inDeclaredOrder,
  canonicalJson,
  closestProblems,
  codePointLength,
  compilePattern,
  countMatches,
  decodeUtf8,
  describe as describeValue,
  hasDuplicates,
  integerProblem,
  isArrayAt,
  isBooleanAt,
  isDateTime,
  isFiniteNumber,
  isIntegerAt,
  isMultipleOf,
  isNumberAt,
  isObject,
  isObjectAt,
  isOneOf,
  isSafeInteger,
  isStringAt,
  isUuid,
  jsonEqual,
  matchesFormat,
  matchesPattern,
  own,
  parseJson,
  presentKeys,
  propertyPath,
  required,
  type ValidationProblem,
} from '../validation.js';

describe('errors and problems', () => {
  test('ValidationError lists every problem with its path', () => {
    const error = new ValidationError('payload of X', [
      { path: '$.a', message: 'is required' },
      { path: '$.b[0]', message: 'must be a string, not an integer' },
    ]);
    assert.equal(error.name, 'ValidationError');
    assert.equal(
      error.message,
      'payload of X is invalid: $.a: is required; $.b[0]: must be a string, not an integer',
    );
    assert.equal(error.problems.length, 2);
    assert.ok(error instanceof Error);
    assert.doesNotThrow(() => assertValid('x', []));
    assert.throws(() => assertValid('x', [{ path: '$', message: 'm' }]), {
      name: 'ValidationError',
      message: 'x is invalid: $: m',
    });
  });

  test('propertyPath quotes keys that are not identifiers', () => {
    assert.equal(propertyPath('$', 'name'), '$.name');
    assert.equal(propertyPath('$.a', '_$x1'), '$.a._$x1');
    assert.equal(propertyPath('$', 'a b'), '$["a b"]');
    assert.equal(propertyPath('$', '1st'), '$["1st"]');
    assert.equal(propertyPath('$', 'say "hi"'), '$["say \\"hi\\""]');
    assert.equal(propertyPath('$', ''), '$[""]');
  });

  test('describe names the JSON type', () => {
    const cases: [unknown, string][] = [
      [null, 'null'],
      [[], 'an array'],
      ['', 'a string'],
      [1, 'an integer'],
      [1.5, 'a number'],
      [true, 'a boolean'],
      [{}, 'an object'],
      [undefined, 'undefined'],
    ];
    for (const [value, text] of cases) {
      assert.equal(describeValue(value), text);
    }
    assert.equal(integerProblem('1'), 'must be an integer, not a string');
    assert.match(integerProblem(2 ** 53), /between -\(2\^53 - 1\) and 2\^53 - 1/);
  });

  test('the type checks append one problem at their path, or none', () => {
    const problems: ValidationProblem[] = [];
    assert.equal(isStringAt('s', '$.a', problems), true);
    assert.equal(isNumberAt(1.5, '$.a', problems), true);
    assert.equal(isIntegerAt(-7, '$.a', problems), true);
    assert.equal(isBooleanAt(false, '$.a', problems), true);
    assert.equal(isArrayAt([], '$.a', problems), true);
    assert.equal(isObjectAt({}, '$.a', problems), true);
    assert.deepEqual(problems, []);
    assert.equal(isStringAt(1, '$.s', problems), false);
    assert.equal(isNumberAt(Number.NaN, '$.n', problems), false);
    assert.equal(isNumberAt('1', '$.n', problems), false);
    assert.equal(isIntegerAt(1.5, '$.i', problems), false);
    assert.equal(isBooleanAt(0, '$.b', problems), false);
    assert.equal(isArrayAt({}, '$.r', problems), false);
    assert.equal(isObjectAt([], '$.o', problems), false);
    assert.equal(isObjectAt(null, '$.o', problems), false);
    assert.deepEqual(problems, [
      { path: '$.s', message: 'must be a string, not an integer' },
      { path: '$.n', message: 'must be a number, not a number' },
      { path: '$.n', message: 'must be a number, not a string' },
      { path: '$.i', message: 'must be an integer, not a number' },
      { path: '$.b', message: 'must be a boolean, not an integer' },
      { path: '$.r', message: 'must be an array, not an object' },
      { path: '$.o', message: 'must be an object, not an array' },
      { path: '$.o', message: 'must be an object, not null' },
    ]);
  });

  test('required and own read only own properties', () => {
    const problems: ValidationProblem[] = [];
    assert.equal(required({ a: 1 }, 'a', '$', problems), 1);
    assert.equal(required({}, 'toString', '$.x', problems), undefined);
    assert.equal(required({ b: undefined }, 'b', '$', problems), undefined);
    assert.deepEqual(problems, [
      { path: '$.x.toString', message: 'is required' },
      { path: '$.b', message: 'is required' },
    ]);
    assert.equal(own({}, '__proto__'), undefined);
    assert.deepEqual(presentKeys({ a: 1, b: undefined, c: null }), ['a', 'c']);
    assert.equal(isObject(null), false);
    assert.equal(isObject([]), false);
    assert.equal(isObject({}), true);
  });

  test('closestProblems and countMatches pick among union variants', () => {
    const one = [{ path: '$.a', message: 'x' }];
    const two = [...one, { path: '$.b', message: 'y' }];
    assert.equal(countMatches([one, [], two, []]), 2);
    assert.equal(closestProblems([two, one, two]), one);
    assert.equal(closestProblems([two]), two);
    assert.deepEqual(closestProblems([]), []);
  });
});

describe('numbers, strings and JSON values', () => {
  test('safe integers and finite numbers (the int64 policy)', () => {
    assert.equal(isSafeInteger(2 ** 53 - 1), true);
    assert.equal(isSafeInteger(2 ** 53), false);
    assert.equal(isSafeInteger(-(2 ** 53 - 1)), true);
    assert.equal(isSafeInteger(1.0), true);
    assert.equal(isSafeInteger('1'), false);
    assert.equal(isFiniteNumber(Number.POSITIVE_INFINITY), false);
    assert.equal(isFiniteNumber(Number.NaN), false);
    assert.equal(isFiniteNumber(-0), true);
  });

  test('isMultipleOf tolerates binary rounding only', () => {
    assert.equal(isMultipleOf(0.3, 0.1), true);
    assert.equal(isMultipleOf(19.99, 0.01), true);
    assert.equal(isMultipleOf(10, 2.5), true);
    assert.equal(isMultipleOf(0.35, 0.1), false);
    assert.equal(isMultipleOf(7, 2), false);
    assert.equal(isMultipleOf(1e308, 1e-308), false);
  });

  test('codePointLength counts code points, as JSON Schema does', () => {
    assert.equal(codePointLength(''), 0);
    assert.equal(codePointLength('abc'), 3);
    assert.equal(codePointLength('😀'), 1);
    assert.equal(codePointLength('e\u0301'), 2);
  });

  test('patterns compile with the u flag, legacy syntax without it, and match unanchored', () => {
    const letters = compilePattern('^\\p{L}+$');
    assert.equal(letters.flags, 'u');
    assert.equal(matchesPattern(letters, 'Grüße'), true);
    assert.equal(matchesPattern(compilePattern('^.$'), '😀'), true);
    // `\-` outside a class is an identity escape only legacy syntax allows.
    const legacy = compilePattern('^a\\-b$');
    assert.equal(legacy.flags, '');
    assert.equal(matchesPattern(legacy, 'a-b'), true);
    assert.equal(matchesPattern(compilePattern('b'), 'abc'), true);
  });

  test('JSON equality ignores key order but not types', () => {
    assert.equal(
      canonicalJson({ b: 1, a: [true, null, { d: 'x', c: undefined }] }),
      '{"a":[true,null,{"d":"x"}],"b":1}',
    );
    assert.equal(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 }), true);
    assert.equal(jsonEqual(1, 1.0), true);
    assert.equal(jsonEqual(1, '1'), false);
    assert.equal(jsonEqual([1, 2], [2, 1]), false);
    assert.equal(jsonEqual(null, {}), false);
    assert.equal(
      hasDuplicates([
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ]),
      true,
    );
    assert.equal(hasDuplicates([1, '1', true, [1]]), false);
    assert.equal(isOneOf({ x: [1] }, [1, { x: [1] }]), true);
    assert.equal(isOneOf(0, [false, null, '0']), false);
  });
});

describe('decoding', () => {
  test('UTF-8 is decoded strictly and a BOM is kept', () => {
    assert.equal(decodeUtf8('p', new Uint8Array([0xc3, 0xbc])), 'ü');
    assert.equal(decodeUtf8('p', 'as is'), 'as is');
    assert.throws(() => decodeUtf8('payload', new Uint8Array([0xff])), {
      name: 'ValidationError',
      message: 'payload is invalid: $: is not valid UTF-8',
    });
    assert.throws(
      () => decodeUtf8('p', new Uint8Array([0xed, 0xa0, 0x80])),
      ValidationError,
      'an encoded surrogate is not UTF-8',
    );
    assert.equal(decodeUtf8('p', new Uint8Array([0xef, 0xbb, 0xbf, 0x31])), '\ufeff1');
  });

  test('parseJson turns syntax errors and bad bytes into a ValidationError', () => {
    assert.deepEqual(parseJson('p', new TextEncoder().encode('{"a":[1]}')), { a: [1] });
    assert.throws(
      () => parseJson('payload', '{'),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.equal(error.problems[0]?.path, '$');
        assert.match(error.problems[0]?.message ?? '', /^is not valid JSON \(/);
        return true;
      },
    );
    assert.throws(
      () => parseJson('p', new Uint8Array([0xef, 0xbb, 0xbf, 0x31])),
      ValidationError,
      'a BOM is not JSON',
    );
  });
});

describe('formats', () => {
  const verdicts: [string, string, boolean][] = [
    ['email', 'ada@example.com', true],
    ['email', 'ada@localhost', false],
    ['email', 'a b@example.com', false],
    ['date', '2024-02-29', true],
    ['date', '2023-02-29', false],
    ['date', '1900-02-29', false],
    ['date', '2000-02-29', true],
    ['date', '2024-13-01', false],
    ['time', '23:59:60Z', true],
    ['time', '23:59:60+01:00', false],
    ['time', '00:59:60+01:00', true],
    ['time', '12:00:00', false],
    ['date-time', '2024-01-02T03:04:05.678Z', true],
    ['date-time', '2024-01-02t03:04:05z', true],
    ['date-time', '2024-01-02 03:04:05+02:00', true],
    ['date-time', '2024-01-02', false],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', true],
    ['uuid', '123e4567e89b12d3a456426614174000', false],
    ['uri', 'https://example.com/a?b=c#d', true],
    ['uri', 'urn:isbn:0451450523', true],
    ['uri', 'http://[::1]:8080/', true],
    ['uri', 'http://[v1.fe80::a+en1]/', true],
    ['uri', 'http://[zz]/', false],
    ['uri', '/relative/path', false],
    ['uri', 'http://exa mple.com', false],
    ['uri', 'http://example.com/%zz', false],
    ['ipv4', '192.168.0.1', true],
    ['ipv4', '256.0.0.1', false],
    ['ipv4', '01.2.3.4', false],
    ['ipv6', '::1', true],
    ['ipv6', '1:2:3:4:5:6:7:8', true],
    ['ipv6', '::ffff:192.168.0.1', true],
    ['ipv6', '1::2::3', false],
    ['ipv6', '1:2:3:4:5:6:7:8:9', false],
    ['hostname', 'not checked', true],
  ];

  test('each enforced format accepts and refuses what RFC 3339/3986/4291/5321 say', () => {
    for (const [format, value, ok] of verdicts) {
      assert.equal(matchesFormat(format, value), ok, `${format}: ${value}`);
    }
  });

  test('each format has its own function, the one generated validators call', () => {
    assert.equal(isUuid('123e4567-e89b-12d3-a456-426614174000'), true);
    assert.equal(isUuid('nope'), false);
    assert.equal(isDateTime('2026-12-03T17:30:00.25+01:00'), true);
    assert.equal(isDateTime('2026-12-03T17:30:00'), false);
    assert.equal(isDateTime('2026-02-29T00:00:00Z'), false);
    assert.equal(matchesFormat('hostname', 'not checked'), true);
  });
});

describe('adopt', () => {
  class Point {
    x = 0;
    norm(): number {
      return Math.abs(this.x);
    }
  }

  test('keeps every own property of the parsed value, in its order, on an instance', () => {
    const text = '{"zeta":[1],"x":-2,"__proto__":{"polluted":true},"alpha":null}';
    const point = adopt(JSON.parse(text), Point.prototype);
    assert.ok(point instanceof Point);
    assert.equal(point.norm(), 2);
    assert.equal(JSON.stringify(point), text);
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  });

  test('a property named like a method of the class is not kept, so the method stays', () => {
    const point = adopt(
      JSON.parse('{"x":3,"norm":"shadow","constructor":1,"y":4}'),
      Point.prototype,
    );
    assert.equal(point.norm(), 3);
    assert.equal(JSON.stringify(point), '{"x":3,"y":4}');
    assert.ok(point instanceof Point);
  });
});

describe('inDeclaredOrder', () => {
  const declared = ['a', 'b', 'c'] as const;
  test('declared keys in declaration order, optional ones missing, take the constructor path', () => {
    assert.equal(inDeclaredOrder(JSON.parse('{"a":1,"b":2,"c":3}'), declared), true);
    assert.equal(inDeclaredOrder(JSON.parse('{"a":1,"c":3}'), declared), true);
    assert.equal(inDeclaredOrder(JSON.parse('{}'), declared), true);
  });
  test('an undeclared key, a repeated position or another order goes to adopt', () => {
    assert.equal(inDeclaredOrder(JSON.parse('{"a":1,"x":2}'), declared), false);
    assert.equal(inDeclaredOrder(JSON.parse('{"b":1,"a":2}'), declared), false);
    assert.equal(inDeclaredOrder(JSON.parse('{"c":1,"a":2}'), declared), false);
    assert.equal(inDeclaredOrder(JSON.parse('{"__proto__":1}'), declared), false);
  });
});
