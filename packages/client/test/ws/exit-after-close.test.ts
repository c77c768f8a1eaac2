// "close() leaves no socket or timer behind", proven the way a user sees it: a node process that used the stream
// exits by itself right after close().
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type RunningKalshiMockServer, startKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';

const script = fileURLToPath(new URL('./fixtures/close-then-exit.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/ws/index.mjs', import.meta.url));

let server: RunningKalshiMockServer;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 5, pingIntervalMs: 0 });
}, 60_000); // generous: a loaded 2-core machine
afterAll(() => server.close());

it('a process that subscribed and closed exits on its own (closed when open, reconnecting, and signing a reconnect)', async () => {
  expect(existsSync(dist), 'build the client first (pnpm build): the script imports its dist').toBe(true);
  const ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')?.ticker;
  const { keyId, privateKeyPem } = server.mock.credentials;
  const child = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      CLOSE_THEN_EXIT: JSON.stringify({
        streamUrl: server.streamUrl,
        dropUrl: new URL('/_mock/stream/drop', server.url).href,
        keyId,
        privateKey: privateKeyPem,
        ticker,
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code, signal] = await once(child, 'exit');
  expect({ code, signal, stderr }).toMatchObject({ code: 0, signal: null });
  expect(JSON.parse(stdout)).toEqual({
    first: 'orderbook_snapshot',
    open: { waiting: { done: true }, inFlight: 'KalshiStreamClosedError', state: 'closed' },
    reconnecting: { before: 'reconnecting', after: 'closed' },
    signing: { newSockets: 0, connected: false, state: 'closed' },
  });
  // Generous: a loaded 2-core machine; a leak would keep the child alive for 10 minutes.
}, 60_000);
