// The request/reply helpers of request.ts that need no broker: correlation ids, the error
// classes, and picking the message a reply is encoded or decoded as. The request/reply protocol
// itself runs against mosquitto in the generated client's tests (tests/ts/behaviour/request.test.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IPublishPacket } from 'mqtt';
import {
  InvalidReplyError,
  NotConnectedError,
  RequestAbortedError,
  RequestError,
  RequestTimeoutError,
  correlationOf,
  encodeMessage,
  firstDecoded,
  randomUuid,
} from '../request.js';
import { ValidationError } from '../validation.js';

const packet = (properties?: NonNullable<IPublishPacket['properties']>): IPublishPacket => ({
  cmd: 'publish',
  topic: 't',
  payload: '',
  qos: 0,
  retain: false,
  dup: false,
  ...(properties === undefined ? {} : { properties }),
});

describe('request helpers', () => {
  test('randomUuid makes distinct version 4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 200 }, () => randomUuid()));
    assert.equal(ids.size, 200);
    for (const id of ids) {
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  test('correlationOf reads correlation data as text', () => {
    assert.equal(correlationOf(packet({ correlationData: Buffer.from('c-1') })), 'c-1');
    assert.equal(correlationOf(packet({})), undefined);
    assert.equal(correlationOf(packet()), undefined);
  });

  test('every request error says its kind and keeps its cause', () => {
    const reason = new Error('why');
    const errors: [RequestError, string, string][] = [
      [new RequestTimeoutError('t'), 'timeout', 'RequestTimeoutError'],
      [new RequestAbortedError('a', reason), 'aborted', 'RequestAbortedError'],
      [new InvalidReplyError('i', packet({}), reason), 'invalid-reply', 'InvalidReplyError'],
      [new NotConnectedError('n'), 'not-connected', 'NotConnectedError'],
      [new RequestError('needs-mqtt5', 'm'), 'needs-mqtt5', 'RequestError'],
    ];
    for (const [error, kind, name] of errors) {
      assert.ok(error instanceof RequestError && error instanceof Error);
      assert.equal(error.kind, kind);
      assert.equal(error.name, name);
    }
    assert.equal(errors[1]?.[0].cause, reason);
    assert.equal(errors[2]?.[0].cause, reason);
  });

  test('encodeMessage takes the first shape the value is valid for', () => {
    const isString = (value: unknown) =>
      typeof value === 'string' ? [] : [{ path: '$', message: 'must be a string' }];
    const isNumber = (value: unknown) =>
      typeof value === 'number' ? [] : [{ path: '$', message: 'must be a number' }];
    const shapes = [
      { label: 'text reply', validate: isString, contentType: 'application/json' },
      { label: 'number reply', validate: isNumber, correlationHeader: 'id' },
    ];
    assert.deepEqual(encodeMessage('a', shapes), {
      payload: '"a"',
      contentType: 'application/json',
      correlationHeader: undefined,
    });
    assert.deepEqual(encodeMessage(2, shapes), {
      payload: '2',
      contentType: undefined,
      correlationHeader: 'id',
    });
    assert.throws(
      () => encodeMessage(true, shapes),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.equal(error.message, 'text reply is invalid: $: must be a string');
        return true;
      },
    );
    assert.deepEqual(encodeMessage(undefined, [{ label: 'empty' }]), {
      payload: '',
      contentType: undefined,
      correlationHeader: undefined,
    });
  });

  test('firstDecoded takes the first decoder that accepts, else throws the first error', () => {
    const first = new Error('first');
    const decoders = [
      (): number => {
        throw first;
      },
      (p: IPublishPacket): number => p.qos + 1,
    ];
    assert.equal(firstDecoded(packet({}), decoders), 1);
    assert.throws(() => firstDecoded(packet({}), decoders.slice(0, 1)), first);
    assert.throws(() => firstDecoded(packet({}), []), /no message matches/);
  });
});
