// GUIDE §3's example (example.ts, verbatim but for the broker URL), bundled and run by node:
// a raw MQTT.js subscriber must receive exactly the example's payload on user/signedup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import mqtt from 'mqtt';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set: run this test through \`cargo test -p workspace-tests\``);
  }
  return value;
}

test('the GUIDE §3 example publishes exactly its payload on user/signedup', async () => {
  const subscriber = await mqtt.connectAsync(env('MQTT_URL'), { protocolVersion: 5 });
  const received: Array<{ topic: string; payload: string; qos: number }> = [];
  subscriber.on('message', (topic, payload, packet) => {
    received.push({ topic, payload: payload.toString(), qos: packet.qos });
  });
  // Everything: the broker is private to this test, so any stray publish would show.
  await subscriber.subscribeAsync('#', { qos: 2 });

  const example = spawn(process.execPath, [env('SEED_EXAMPLE_JS')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  example.stdout.on('data', (d: Buffer) => (output += d.toString()));
  example.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let exit: number | null | undefined;
  example.on('exit', (code) => (exit = code));
  try {
    const deadline = Date.now() + 10000;
    while (received.length === 0 && exit === undefined && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // The example keeps its client open; give a stray second message time to show.
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(exit === undefined || exit === 0, `the example exited with ${exit}:\n${output}`);
    assert.equal(output, '', 'the example printed nothing');
    assert.deepEqual(received, [
      { topic: 'user/signedup', payload: '{"displayName":"test","email":"test@test.dk"}', qos: 0 },
    ]);
  } finally {
    example.kill();
    await subscriber.endAsync();
  }
});
