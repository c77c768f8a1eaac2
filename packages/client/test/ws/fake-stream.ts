// A loopback fake server and a stream on it for each test, the stream's warnings collected: the set-up of the test
// files that watch what a stream delivers around gaps. Importers see the current values (ES live bindings).
import { afterEach, beforeEach, vi } from 'vitest';
import { createKalshiStream, type KalshiStream, type StreamOptions } from '../../src/ws';
import { key } from '../helpers';
import { startFakeKalshiWs } from './fake-server';

export let fake: Awaited<ReturnType<typeof startFakeKalshiWs>>;
export let stream: KalshiStream | undefined;
export let warnings: { message?: string }[];

/** Registers the per-test server and clean-up: call once at the top of a test file. */
export function useFakeStream(): void {
  beforeEach(async () => {
    fake = await startFakeKalshiWs();
    stream = undefined;
    warnings = [];
  });
  afterEach(async () => {
    await stream?.close();
    await fake.close();
  });
}

/**
 * A fake server per test with the timeouts faked (command replies, reconnect delays): for test files that open their
 * own streams and advance time themselves. Call once at the top of a test file.
 */
export function useFakeServerOnFakeTimers(): void {
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fake = await startFakeKalshiWs();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await fake.close();
  });
}

/** Opens this test's stream on the fake server (quick reconnects, warnings collected). */
export async function open(options: Partial<StreamOptions> = {}): Promise<KalshiStream> {
  stream = await createKalshiStream({
    url: fake.url,
    credentials: { keyId: key.keyId, privateKey: key.privateKeyPem },
    logger: { debug() {}, info() {}, warn: (fields: object) => warnings.push(fields), error() {} },
    reconnect: { initialDelayMs: 1, maxDelayMs: 1 },
    ...options,
  });
  return stream;
}

/** The next `n` messages of a subscription, each as `label` writes it. */
export async function readLabels(
  sub: AsyncIterable<unknown>,
  n: number,
  label: (message: unknown) => string,
): Promise<string[]> {
  const iterator = sub[Symbol.asyncIterator]();
  const seen: string[] = [];
  while (seen.length < n) seen.push(label((await iterator.next()).value));
  return seen;
}
