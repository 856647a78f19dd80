// Payload classes (issue 3 §1, §3, GUIDE §4): marshal/unmarshal, validation that lists every
// problem with its JSON path (nested objects and array items included), and the int64 policy:
// integers beyond 2^53 are rejected rather than silently rounded.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Alarm, SensorReading } from './__gen__/behaviour/index.js';
import { ValidationError } from './__gen__/behaviour/runtime/validation.js';

function paths(problems: ReadonlyArray<{ path: string }>): string[] {
  return problems.map((p) => p.path).sort();
}

describe('payload classes', () => {
  test('marshal gives the JSON text and unmarshal reads it back from text or bytes', () => {
    const reading = new SensorReading({ sensorId: 's1', value: 20.5, note: 'ok' });
    assert.equal(reading.marshal(), '{"sensorId":"s1","value":20.5,"note":"ok"}');
    const back = SensorReading.unmarshal(reading.marshal());
    assert.ok(back instanceof SensorReading);
    assert.equal(back.marshal(), reading.marshal());
    assert.deepEqual([back.sensorId, back.value, back.note, back.sequence], ['s1', 20.5, 'ok', undefined]);
    const fromBytes = SensorReading.unmarshal(new TextEncoder().encode('{"sensorId":"s2","value":-1}'));
    assert.equal(fromBytes.sensorId, 's2');
    assert.equal(fromBytes.note, undefined);
  });

  test('validate lists every problem with its path, nested and in arrays', () => {
    assert.deepEqual(Alarm.validate({ level: 'warning', text: 'x' }), []);
    const problems = Alarm.validate({
      level: 'panic',
      sources: [{ sensor: 'a', lat: 10 }, { lat: 91 }, { sensor: 3 }],
    });
    assert.deepEqual(paths(problems), ['$.level', '$.sources[1].lat', '$.sources[1].sensor', '$.sources[2].sensor', '$.text']);
    for (const problem of problems) {
      assert.equal(typeof problem.message, 'string');
      assert.ok(problem.message.length > 0);
    }
    assert.deepEqual(paths(Alarm.validate({ level: 'warning', text: 'x', sources: [{ sensor: 'a' }, { sensor: 'b' }, { sensor: 'c' }, { sensor: 'd' }] })), ['$.sources']);
    assert.deepEqual(paths(Alarm.validate('not an object')), ['$']);
    assert.deepEqual(paths(Alarm.validate(null)), ['$']);
  });

  test('unmarshal throws a ValidationError carrying every problem', () => {
    const error = (() => {
      try {
        Alarm.unmarshal('{"level":"panic","sources":[{"lat":100}]}');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(error instanceof ValidationError, String(error));
    assert.ok(error instanceof Error);
    assert.deepEqual(paths(error.problems), ['$.level', '$.sources[0].lat', '$.sources[0].sensor', '$.text']);
    for (const path of ['$.level', '$.sources[0].lat', '$.text']) {
      assert.ok(error.message.includes(path), `the message names ${path}: ${error.message}`);
    }
    assert.throws(() => Alarm.unmarshal('{"level":'), Error, 'bad JSON');
  });

  test('int64: safe integers pass, anything beyond 2^53 is rejected instead of rounded', () => {
    const max = Number.MAX_SAFE_INTEGER;
    assert.deepEqual(SensorReading.validate({ sensorId: 's', value: 1, sequence: max }), []);
    assert.equal(SensorReading.unmarshal(`{"sensorId":"s","value":1,"sequence":${max}}`).sequence, max);
    assert.deepEqual(paths(SensorReading.validate({ sensorId: 's', value: 1, sequence: max + 1 })), ['$.sequence']);
    assert.deepEqual(paths(SensorReading.validate({ sensorId: 's', value: 1, sequence: 1.5 })), ['$.sequence']);
    // 9007199254740993 cannot be represented; JSON.parse would round it to 2^53.
    assert.throws(() => SensorReading.unmarshal('{"sensorId":"s","value":1,"sequence":9007199254740993}'), ValidationError);
  });
});
