// MQTT-over-WebSocket to MQTT-over-TCP bridge.
//
// Debian's mosquitto here is built without WebSocket support ("Unable to start any
// listening sockets" for `protocol websockets`), but a browser can only speak MQTT over
// WebSocket. MQTT over WebSocket is the same byte stream carried in binary frames
// (MQTT spec 6.0), so this bridge accepts WebSocket connections (subprotocol `mqtt`) and
// pipes each one to its own TCP connection to the broker, bytes unchanged, in both
// directions. The broker still sees a real MQTT 5 client, the browser a real WS broker.
//
// Run: node e2e/ws-bridge.mjs <mqtt-port> [ws-port]   (prints {"wsPort":N} when ready)
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';

/**
 * Starts a bridge on 127.0.0.1 and resolves with `{ port, close }` once it listens.
 * @param {{ mqttPort: number, mqttHost?: string, wsPort?: number }} options
 * @returns {Promise<{ port: number, close: () => Promise<void> }>}
 */
export function startBridge({ mqttPort, mqttHost = '127.0.0.1', wsPort = 0 }) {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: wsPort,
    // MQTT.js asks for the `mqtt` subprotocol; answer with it as a broker would.
    handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false),
  });
  server.on('connection', (socket) => {
    const tcp = net.connect(mqttPort, mqttHost);
    tcp.setNoDelay(true);
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        // MQTT over WebSocket is binary only (MQTT 5 spec 6.0): a text frame is a protocol error.
        socket.close(1003, 'MQTT needs binary frames');
        return;
      }
      tcp.write(/** @type {Buffer} */ (data));
    });
    tcp.on('data', (chunk) => socket.send(chunk, { binary: true }));
    // Either side closing ends the other, so the broker sees a dropped client as gone.
    socket.on('close', () => tcp.end());
    socket.on('error', () => tcp.destroy());
    tcp.on('close', () => socket.close());
    tcp.on('error', () => socket.terminate());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : wsPort;
      resolve({
        port,
        close: () =>
          new Promise((done) => {
            for (const client of server.clients) client.terminate();
            server.close(() => done());
          }),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const mqttPort = Number(process.argv[2]);
  const wsPort = Number(process.argv[3] ?? '0');
  if (!Number.isInteger(mqttPort) || mqttPort <= 0) {
    console.error('usage: node e2e/ws-bridge.mjs <mqtt-port> [ws-port]');
    process.exit(2);
  }
  const bridge = await startBridge({ mqttPort, wsPort });
  console.log(JSON.stringify({ wsPort: bridge.port }));
}
