// The real-browser run (not part of `pnpm test`: CI machines may lack Chromium; .ci/run installs Debian's `chromium`
// and then runs this, as `pnpm test:browser`). Serves the bundled page from one loopback origin, starts
// `kalshi-mock serve --cors` on another, and in headless Chromium reads markets, places a signed order (WebCrypto)
// and checks that the stream refuses at once. Prints one line and exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { bundlePage } from './bundle-page.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MOCK_BIN = join(import.meta.dirname, '../../../mock/bin/kalshi-mock.mjs');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

if (!existsSync(CHROMIUM)) {
  console.error(
    `browser test: NOT RUN — no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'kalshi-browser-'));
const cleanups = [() => rmSync(work, { recursive: true, force: true })];
try {
  const bundle = (await bundlePage()).outputFiles[0].text;
  const page = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>kalshi</title><script type="module" src="/page.js"></script>');
  });
  await new Promise((done) => page.listen(0, '127.0.0.1', done));
  cleanups.push(() => page.close());
  const pageUrl = `http://127.0.0.1:${page.address().port}/`;

  const creds = join(work, 'creds.json');
  const mock = spawn(process.execPath, [MOCK_BIN, 'serve', '--port', '0', '--cors', '--credentials-out', creds]);
  cleanups.push(() => mock.kill('SIGTERM'));
  const baseUrl = await new Promise((done, fail) => {
    let out = '';
    mock.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) done(match[1]);
    });
    mock.once('exit', (code) => fail(new Error(`kalshi-mock exited ${code}`)));
  });
  const { keyId, privateKeyPem } = JSON.parse(readFileSync(creds, 'utf8'));
  const streamUrl = baseUrl.replace('http://', 'ws://').replace('/trade-api/v2', '/trade-api/ws/v2');

  // A fresh profile (--user-data-dir) each run.
  const browser = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    timeout: 120_000,
  });
  cleanups.push(() => browser.close());
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  await tab.goto(pageUrl);
  await tab.waitForFunction(() => typeof globalThis.runKalshiPage === 'function', undefined, { timeout: 60_000 });
  const result = await tab.evaluate((config) => globalThis.runKalshiPage(config), {
    baseUrl,
    streamUrl,
    keyId,
    privateKeyPem,
  });
  const version = /Chrome\/(\S+)/.exec(await tab.evaluate(() => navigator.userAgent))?.[1];

  // The order the page placed is on the exchange, under the test key's user.
  const state = await (await fetch(baseUrl.replace('/trade-api/v2', '/_mock/state'))).json();
  const placed = state.orders.find((o) => o.order_id === result.orderId);
  const problems = [
    ...errors.map((e) => `page error: ${e}`),
    !result.ticker && 'no market read',
    placed?.status !== 'resting' && `order ${result.orderId} not resting on the mock (${placed?.status})`,
    result.remaining !== '1.00' && `remaining_count ${result.remaining}, expected 1.00`,
    !/browser's WebSocket cannot send headers/.test(result.stream) && `stream: ${result.stream}`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(problems.join('; '));
  console.log(
    `browser test: passed in Chromium ${version} — read ${result.ticker}, placed signed order ${result.orderId} (WebCrypto) through CORS; the stream refused at once`,
  );
} catch (error) {
  console.error(`browser test: FAILED — ${error.message}`);
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
