import { createSigner } from '@org/kalshi-auth';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningKalshiMockServer, setupKalshiMockServer, startKalshiMockServer } from '../../src/node';

// RFC 9110 §6.6.1: an origin server with a clock sends `Date` on its answers; Kalshi is such an origin (the notes are
// silent on the header itself). The client measures its clock's offset from the `Date` of a 401
// `header_timestamp_expired` (kalshi-api-notes §2.2, §2.3; packages/client/src/clock-skew.ts), so the mock's answers
// carry the clock its signature window is checked against — in process (msw, which adds no `Date` of its own) and in
// `kalshi-mock serve` alike, from one place. Faking `Date` moves that clock, and the header with it.

const T0 = Date.UTC(2026, 5, 11, 12, 0, 0);
const REST = 'https://demo-api.kalshi.co/trade-api/v2';

afterEach(() => {
  vi.useRealTimers();
});

async function balance(credentials: { keyId: string; privateKeyPem: string }, base: string, timestamp?: number) {
  const signer = await createSigner({ keyId: credentials.keyId, privateKey: credentials.privateKeyPem });
  const url = `${base}/portfolio/balance`;
  return fetch(url, { headers: await signer.sign({ method: 'GET', url, timestamp }) });
}

interface Target {
  readonly base: string;
  readonly credentials: { keyId: string; privateKeyPem: string };
  close(): Promise<void> | void;
}

async function inProcess(): Promise<Target> {
  const kalshi = setupKalshiMockServer();
  kalshi.listen();
  return { base: REST, credentials: kalshi.credentials, close: () => kalshi.server.close() };
}

async function serve(): Promise<Target> {
  const served: RunningKalshiMockServer = await startKalshiMockServer({ seed: 3 });
  return { base: served.url, credentials: served.mock.credentials, close: () => served.close() };
}

describe.each([
  ['the msw mock', inProcess],
  ['kalshi-mock serve', serve],
])('%s', (_, start) => {
  let current: Target;
  beforeAll(async () => {
    current = await start();
  });
  afterAll(() => current.close());
  const target = () => current;
  it('dates a 401 header_timestamp_expired with the clock the signature window is checked against', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const { base, credentials } = target();
    const refused = await balance(credentials, base, T0 - 120_000);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('header_timestamp_expired');
    expect(refused.headers.get('date')).toBe('Thu, 11 Jun 2026 12:00:00 GMT');
    // Signed with the time that Date shows, the same request is accepted: what the client's correction relies on.
    const shown = Date.parse(refused.headers.get('date') as string);
    expect((await balance(credentials, base, shown)).status).toBe(200);
  });

  it('dates every answer, and the date follows the clock', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const { base, credentials } = target();
    const ok = await balance(credentials, base);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('date')).toBe('Thu, 11 Jun 2026 12:00:00 GMT');
    vi.setSystemTime(T0 + 65_000);
    const missing = await fetch(`${base}/markets/NO-SUCH-TICKER`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('date')).toBe('Thu, 11 Jun 2026 12:01:05 GMT');
  });
});
