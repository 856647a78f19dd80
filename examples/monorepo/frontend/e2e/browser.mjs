// Drives the built dashboard in headless Chromium (Debian's package, through
// playwright-core) against a real broker: waits for the retained status and a telemetry row
// published by the Rust backend, clicks "Send command", waits until the generated client
// reports the broker's acknowledgement, clicks "Read now" twice and waits for both replies
// of the Rust agent (request/reply, TypeScript -> Rust), then waits for the agent's two
// approval requests (request/reply, Rust -> TypeScript), approves the firmware update and
// declines the reboot, and saves a screenshot.
//
// Environment:
//   DIST_DIR     the `vite build` output to serve
//   MQTT_PORT    the broker's TCP port (this script bridges WebSocket to it, see ws-bridge.mjs)
//   DEVICE_ID    the device the page watches (default sensor-1)
//   SCREENSHOT   where to write the PNG
//   CHROMIUM     the browser binary (default /usr/bin/chromium)
// Prints one JSON line with what the page showed, and exits non-zero on any failure.
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startBridge } from './ws-bridge.mjs';

const TIMEOUT_MS = 20_000;

function required(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`set ${name} (see the header of e2e/browser.mjs)`);
  }
  return value;
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** A static file server for the built app, on a free loopback port. */
function serve(root) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const relative =
      url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = path.resolve(root, relative);
    if (!file.startsWith(path.resolve(root) + path.sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: address.port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

const distDir = required('DIST_DIR');
const mqttPort = Number(required('MQTT_PORT'));
const screenshot = required('SCREENSHOT');
const deviceId = process.env.DEVICE_ID || 'sensor-1';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

const bridge = await startBridge({ mqttPort });
const site = await serve(distDir);
const userDataDir = await mkdtemp(path.join(tmpdir(), 'monorepo-chromium-'));
const pageLog = [];
let context;
try {
  // The flags this machine needs: no sandbox as root, no GPU, and no background
  // networking (its connections are refused by the closed network).
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    timeout: TIMEOUT_MS,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1100, height: 700 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => pageLog.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => pageLog.push(`pageerror: ${error.message}`));
  page.setDefaultTimeout(TIMEOUT_MS);

  const broker = `ws://127.0.0.1:${bridge.port}`;
  const url = `http://127.0.0.1:${site.port}/?broker=${encodeURIComponent(broker)}&device=${encodeURIComponent(deviceId)}`;
  await page.goto(url);
  await page.waitForSelector('#connection[data-state="connected"]');
  // The status is retained, so it arrives as soon as the page subscribes.
  await page.waitForSelector('#status:not([data-state="unknown"])');
  await page.waitForSelector('[data-testid="telemetry-row"]');
  await page.waitForSelector('#send-command:not([disabled])');
  await page.click('#send-command');
  await page.waitForSelector('#command-result[data-trace]');

  // TypeScript -> Rust: two requests in flight at once, each must get its own reading.
  await page.waitForSelector('#read-now:not([disabled])');
  await page.click('#read-now');
  await page.click('#read-now');
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[data-testid="reading"]').length === 2 &&
      document.querySelectorAll('[data-testid="reading"][data-state="waiting"]').length === 0,
  );

  // Rust -> TypeScript: the agent asks twice (after it got the command); the operator
  // decides each differently, so a decision delivered to the wrong request shows.
  await page.waitForSelector('[data-testid="approval"][data-action="firmwareUpdate"]');
  await page.waitForSelector('[data-testid="approval"][data-action="reboot"]');
  await page.click('[data-testid="approval"][data-action="firmwareUpdate"] [data-decision="approve"]');
  await page.click('[data-testid="approval"][data-action="reboot"] [data-decision="decline"]');
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="approval"][data-state="pending"]').length === 0,
  );

  const summary = {
    status: await page.textContent('#status'),
    statusState: await page.getAttribute('#status', 'data-state'),
    telemetry: await page.textContent('[data-testid="telemetry-row"]'),
    commandTrace: await page.getAttribute('#command-result', 'data-trace'),
    commandResult: await page.textContent('#command-result'),
    readings: await page.$$eval('[data-testid="reading"]', (items) =>
      items.map((item) => ({
        trace: item.dataset.trace,
        state: item.dataset.state,
        reading: item.dataset.reading,
        text: item.textContent,
      })),
    ),
    approvals: await page.$$eval('[data-testid="approval"]', (items) =>
      items.map((item) => ({
        action: item.dataset.action,
        trace: item.dataset.trace,
        state: item.dataset.state,
        text: item.textContent,
      })),
    ),
    errors: await page.textContent('#errors'),
  };
  await mkdir(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify(summary));
} catch (error) {
  console.error(`browser test failed: ${error instanceof Error ? error.stack : String(error)}`);
  console.error(pageLog.join('\n'));
  process.exitCode = 1;
} finally {
  await context?.close();
  await site.close();
  await bridge.close();
  await rm(userDataDir, { recursive: true, force: true });
}
