// The connection settings generated from tests/fixtures/servers/asyncapi.yaml, against the
// mosquitto the Rust harness started with a password file (MQTT_PORT, MQTT_USERNAME,
// MQTT_PASSWORD): the URL from the server's variables, the options from its MQTT binding,
// the credentials its `userPassword` scheme asks for, and its last will.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import mqtt from 'mqtt';
import type { IPublishPacket } from 'mqtt';
import { Servers, ServerVariableError } from './__gen__/index.js';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set: run these tests through \`cargo test -p workspace-tests --test typescript_servers\``);
  }
  return value;
}
const port = env('MQTT_PORT');
const username = env('MQTT_USERNAME');
const password = env('MQTT_PASSWORD');
const server = Servers.productionEu;

test('the URL comes from the protocol, the host and the variables with their defaults', () => {
  assert.equal(server.url(), 'mqtt://127.0.0.1:1883');
  assert.equal(server.url({ port }), `mqtt://127.0.0.1:${port}`);
  assert.equal(server.url({ host: 'broker.example', port: '8883' }), 'mqtt://broker.example:8883');
  assert.equal(Servers.staging.url(), 'wss://staging-eu.example.com:443/mqtt');
  assert.equal(Servers.staging.url({ region: 'us', port: '8443' }), 'wss://staging-us.example.com:8443/mqtt');
});

test('a variable value outside its enum, empty, or changing the URL shape is refused', () => {
  for (const host of ['evil.example/path', 'user@evil.example', 'a b', '', 'x?y', 'x#y']) {
    assert.throws(() => server.url({ host }), ServerVariableError, host);
  }
  // A JavaScript caller is not stopped by the types: the enum is checked at run time too.
  const region = 'mars' as 'eu';
  assert.throws(
    () => Servers.staging.url({ region }),
    (error: unknown) => error instanceof ServerVariableError && error.server === 'staging' && error.variable === 'region' && error.message.includes('"eu", "us"'),
  );
});

test('the options carry the MQTT binding and the overrides win, properties merged', () => {
  const options = server.options({ username, password, properties: { receiveMaximum: 10 } });
  assert.equal(options.protocolVersion, 5);
  assert.equal(options.clientId, 'fleet-device');
  assert.equal(options.clean, true);
  assert.equal(options.keepalive, 30);
  assert.deepEqual(options.will, { topic: 'fleet/status/offline', payload: '{"online":false}', qos: 1, retain: false });
  // maximumPacketSize is given as a schema with a default in the document.
  assert.deepEqual(options.properties, { sessionExpiryInterval: 120, maximumPacketSize: 65536, receiveMaximum: 10 });
  assert.equal(options.username, username);
  const other = server.options({ username, password, clientId: 'other', keepalive: 5 });
  assert.equal(other.clientId, 'other');
  assert.equal(other.keepalive, 5);
  // A binding field given as a schema without a value is left out.
  assert.equal('clientId' in Servers.staging.options({ key: 'k', cert: 'c' }), false);
});

for (const protocolVersion of [5, 4] as const) {
  test(`the generated URL and options connect with the credentials (protocol level ${protocolVersion})`, async () => {
    const client = await mqtt.connectAsync(server.url({ port }), server.options({ username, password, clientId: `ok-${randomUUID()}`, protocolVersion, reconnectPeriod: 0 }));
    try {
      assert.equal(client.connected, true);
      assert.equal(client.options.protocolVersion, protocolVersion);
    } finally {
      await client.endAsync();
    }
  });
}

test('the broker refuses the same options with a wrong password', async () => {
  await assert.rejects(mqtt.connectAsync(server.url({ port }), server.options({ username, password: `${password}-wrong`, clientId: `bad-${randomUUID()}`, reconnectPeriod: 0 })));
});

test('when the device process is killed, the broker delivers its will to a raw subscriber', async () => {
  const observer = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 5, username, password, reconnectPeriod: 0 });
  try {
    const will = new Promise<IPublishPacket>((resolve) => {
      observer.on('message', (_topic, _payload, packet) => resolve(packet));
    });
    await observer.subscribeAsync('fleet/status/offline', { qos: 1 });
    const script = fileURLToPath(new URL('./will-client.js', import.meta.url));
    const device = spawn(process.execPath, [script], {
      env: { ...process.env, WILL_CLIENT_ID: `device-${randomUUID()}` },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const exited = once(device, 'exit').then(([code]) => {
        throw new Error(`the device process exited (${String(code)}) before connecting`);
      });
      // Handled here too, so that its rejection after the kill is never unhandled.
      exited.catch(() => undefined);
      const [line] = (await Promise.race([once(device.stdout, 'data'), exited])) as [Buffer];
      assert.equal(line.toString().trim(), 'connected');
      device.kill('SIGKILL');
      await exited.catch(() => undefined);
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no will within 10 s')), 10_000).unref());
      const packet = await Promise.race([will, timeout]);
      assert.equal(packet.topic, 'fleet/status/offline');
      assert.equal(packet.payload.toString(), '{"online":false}');
      assert.equal(packet.qos, 1);
      assert.equal(packet.retain, false);
    } finally {
      device.kill('SIGKILL');
    }
  } finally {
    await observer.endAsync();
  }
});
