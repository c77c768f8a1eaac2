// A machine whose clock is a minute slow, against `kalshi-mock serve` in its own process (so on its own, true clock):
// this process's Date is faked a minute back and frozen. The mock checks handshakes with its ±30 s window and refuses
// a stale one with 401 `header_timestamp_expired` and its Date header (kalshi-api-notes §2.2, §2.3, §2.5).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { createKalshiClient, unwrap } from '../../src';
import { createKalshiStream } from '../../src/ws';
import { recordingWebSocket } from './recording-socket';
import { Silent } from './silent-socket';

const SLOW_MS = 60_000;

let child: ChildProcessWithoutNullStreams;
let urls: { rest: string; stream: string };
let credentials: { keyId: string; privateKey: string };
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kalshi-skew-'));
  const bin = join(
    dirname(createRequire(import.meta.url).resolve('@org/kalshi-mock/package.json')),
    'bin/kalshi-mock.mjs',
  );
  child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--seed', '3', '--credentials-out', `${dir}/key.json`]);
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      if (/streaming on \S+\n/.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`kalshi-mock serve exited ${code}: ${err}`)));
  });
  urls = { rest: /listening on (\S+)/.exec(out)?.[1] ?? '', stream: /streaming on (\S+)/.exec(out)?.[1] ?? '' };
  const { keyId, privateKeyPem } = JSON.parse(readFileSync(`${dir}/key.json`, 'utf8'));
  credentials = { keyId, privateKey: privateKeyPem };
}, 60_000); // generous: a loaded 2-core machine
afterAll(async () => {
  child.kill();
  if (child.exitCode === null) await once(child, 'exit');
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() - SLOW_MS);
});
afterEach(() => vi.useRealTimers());

function warnLogger() {
  const warnings: { clockOffsetMs?: number }[] = [];
  return { warnings, logger: { debug() {}, info() {}, warn: (f: object) => warnings.push(f), error() {} } };
}

it("connects by learning the offset from the mock's refusal, and subscribes", async () => {
  const sockets = recordingWebSocket();
  const { warnings, logger } = warnLogger();
  const stream = await createKalshiStream({ url: urls.stream, credentials, WebSocket: sockets.WebSocket, logger });
  expect(stream.state()).toBe('open');
  expect(sockets.created).toHaveLength(2); // refused, then accepted
  // Date has whole seconds and this clock is frozen: the offset is at least the minute, less half a second.
  expect(warnings).toHaveLength(1);
  expect(warnings[0]?.clockOffsetMs).toBeGreaterThanOrEqual(SLOW_MS - 500);
  await expect(stream.subscribe({ channels: ['market_lifecycle_v2'] })).resolves.toMatchObject({ sids: [1] });
  await stream.close();
});

// Node ≥ 22's WebSocket hides the refusal and its Date (round 15 tester E-D2's case): the stream asks REST, whose
// refusal of the same stale timestamp carries the exchange's Date (./refusal-probe.test.ts).
it('a socket that hides the refusal learns the offset from REST’s refusal instead, and connects', async () => {
  const { warnings, logger } = warnLogger();
  const stream = await createKalshiStream({ url: urls.stream, credentials, WebSocket: Silent, logger });
  expect(stream.state()).toBe('open');
  expect(warnings[0]?.clockOffsetMs).toBeGreaterThanOrEqual(SLOW_MS - 500);
  await expect(stream.subscribe({ channels: ['market_lifecycle_v2'] })).resolves.toMatchObject({ sids: [1] });
  await stream.close();
});

it("clockFrom: a REST client's measured offset opens the stream at the first handshake", async () => {
  const client = await createKalshiClient({ baseUrl: urls.rest, credentials, retry: false });
  unwrap(await client.GET('/portfolio/balance')); // refused for the clock, signed again: the client has the offset
  expect(client.clockOffsetMs).toBeGreaterThanOrEqual(SLOW_MS - 500);
  const sockets = recordingWebSocket();
  const { warnings, logger } = warnLogger();
  const stream = await createKalshiStream({
    url: urls.stream,
    credentials,
    WebSocket: sockets.WebSocket,
    logger,
    clockFrom: client,
  });
  expect(stream.state()).toBe('open');
  expect(sockets.created).toHaveLength(1);
  expect(warnings).toEqual([]);
  await stream.close();
});
