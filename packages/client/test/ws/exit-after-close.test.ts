// "close() leaves no socket or timer behind", proven the way a user sees it: a node process that used the stream
// exits by itself right after close().
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type RunningKalshiMockServer, startKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { WebSocketServer } from 'ws';
import { key } from '../helpers';
import { runtimeBinary } from '../install/matrix';

const script = fileURLToPath(new URL('./fixtures/close-then-exit.mjs', import.meta.url));
const deadServerScript = fileURLToPath(new URL('./fixtures/dead-server-exit.mjs', import.meta.url));
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

// Node ≥ 22's global WebSocket (undici) has no terminate(), and its close() keeps the TCP connection until the server
// answers the Close frame: a dead server never does. The runtimes come from npm through npx (as in the install matrix).
it.each(['node@22', 'node@24'])(
  'on %s, whose global WebSocket the stream uses, connections the watchdog cut on a dead server are released and the process exits after close()',
  async (runtime) => {
    expect(existsSync(dist), 'build the client first (pnpm build): the script imports its dist').toBe(true);
    const node = runtimeBinary(runtime);
    // Dead: the connection is upgraded, then nothing is read or answered (TCP stays up).
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    onTestFinished(() => {
      for (const client of server.clients) client.terminate();
      server.close();
    });
    await once(server, 'listening');
    let connections = 0;
    const thirdConnection = new Promise<void>((resolve) =>
      server.on('connection', (socket) => {
        socket.pause();
        if (++connections === 3) resolve();
      }),
    );
    const { port } = server.address() as { port: number };
    const child = spawn(node, [deadServerScript], {
      env: {
        ...process.env,
        DEAD_SERVER_EXIT: JSON.stringify({
          url: `ws://127.0.0.1:${port}/trade-api/ws/v2`,
          keyId: key.keyId,
          privateKey: key.privateKeyPem,
        }),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = once(child, 'exit');
    // Two connections cut by the watchdog, the third open: now close().
    await thirdConnection;
    child.stdin.end();
    const [code, signal] = await exited;
    expect({ code, signal, stdout, stderr }).toEqual({
      code: 0,
      signal: null,
      stdout: JSON.stringify({ state: 'closed' }),
      stderr: '',
    });
  },
  120_000, // generous: fetching the runtime once, and a loaded 2-core machine
);
