// A device process for servers.test.ts: connects with the URL and options generated from
// the document's `production-eu` server (which carry its last will), says so on stdout and
// then idles until it is killed. It never disconnects cleanly, so the broker must publish
// the will.
import mqtt from 'mqtt';
import { Servers } from './__gen__/servers/index.js';

const port = process.env['MQTT_PORT'];
const username = process.env['MQTT_USERNAME'];
const password = process.env['MQTT_PASSWORD'];
const clientId = process.env['WILL_CLIENT_ID'];
if (port === undefined || username === undefined || password === undefined || clientId === undefined) {
  throw new Error('MQTT_PORT, MQTT_USERNAME, MQTT_PASSWORD and WILL_CLIENT_ID must be set');
}
const server = Servers.productionEu;
await mqtt.connectAsync(server.url({ port }), server.options({ username, password, clientId, reconnectPeriod: 0 }));
process.stdout.write('connected\n');
// Keep the event loop (and the connection) alive until the test kills this process.
setInterval(() => {}, 60_000);
