import { createSigner, type Signer } from '@org/kalshi-auth';
import fc from 'fast-check';
import { getResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKalshiMock, type KalshiMock, TEST_USER_ID } from '../../src';
import { type OperationId, operations } from '../../src/generated/manifest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { accountDigest, assertInvariants, cashOf, digest, isKalshiErrorBody } from './invariants';
import { anyRequest, anyStep, anyWrite, type FuzzRequest, isPauseStep } from './requests';
import { specMismatch } from './responses';
import { toRequest } from './send';

// Property-based fuzzing driven by the spec (issue 13): whatever is sent, no 5xx, no hang, every error body in one
// of Kalshi's documented shapes (kalshi-api-notes §3.1), and afterwards the exchange's invariants hold and every
// stored order reads back. Seeded: FUZZ_SEED=n reproduces a run; FUZZ_RUNS=n sets its length (`pnpm fuzz` runs
// long). A failure prints the seed, the path and the shrunk request sequence. Pauses start and end between requests:
// during an exchange pause nothing changes, during a trading pause no order is placed and nothing fills.
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const BASE = 'https://external-api.kalshi.com/trade-api/v2';
const USER = TEST_USER_ID;
/** Per sequence: generous on a loaded machine; only a hang gets near it. */
const RUN_TIMEOUT_MS = 60_000;

type Send = (request: Request) => Promise<Response>;

/** The answer's status, and its nested error code if it has one. */
async function check(send: Send, request: Request, fuzz: FuzzRequest): Promise<{ status: number; code?: string }> {
  const response = await send(request);
  const text = await response.text();
  const where = `${fuzz.method} ${request.url.slice(0, 200)} → ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, where).toBeLessThan(500);
  if (response.status >= 400 && fuzz.method !== 'HEAD') expect(isKalshiErrorBody(JSON.parse(text)), where).toBe(true);
  // A 405 lists the methods the path has (RFC 9110 §10.2.1), each once, and its message the same.
  if (response.status === 405) {
    const allow = (response.headers.get('allow') ?? '').split(', ');
    expect(new Set(allow).size, where).toBe(allow.length);
    if (fuzz.method !== 'HEAD')
      expect(JSON.parse(text).error.message, where).toBe(`method not allowed; use ${allow.join(', ')}`);
  }
  if (response.status < 300 && text) expect(() => JSON.parse(text), where).not.toThrow();
  // A 2xx to the operation's own method is the body the spec declares for that status.
  if (
    response.status < 300 &&
    text &&
    fuzz.method === operations[fuzz.operationId as OperationId]?.method.toUpperCase()
  )
    expect(specMismatch(fuzz.operationId, response.status, JSON.parse(text)), where).toBeUndefined();
  const code = response.status >= 400 && text ? JSON.parse(text)?.error?.code : undefined;
  return { status: response.status, ...(typeof code === 'string' ? { code } : {}) };
}

const signed = async (signer: Signer, method: string, path: string) => {
  const url = `${BASE}${path}`;
  return new Request(url, { method, headers: await signer.sign({ method, url }) });
};

/** Every stored order of the user reads back through the API, one by one and as a list. */
async function assertReadable(send: Send, base: string, mock: KalshiMock, signer: Signer): Promise<void> {
  const get = async (path: string) => {
    const url = `${base}${path}`;
    return send(new Request(url, { headers: await signer.sign({ method: 'GET', url }) }));
  };
  for (const path of [
    '/portfolio/orders?limit=1000',
    '/portfolio/positions',
    '/portfolio/balance',
    '/markets?limit=1000',
  ])
    expect((await get(path)).status, path).toBe(200);
  for (const order of mock.exchange.orders.values()) {
    if (order.userId !== USER) continue;
    const response = await get(`/portfolio/orders/${order.orderId}`);
    expect(response.status, order.orderId).toBe(200);
    expect((await response.json()).order.order_id).toBe(order.orderId);
  }
}

async function fuzz(mock: KalshiMock, base: string, send: Send, runs: number, maxLength: number): Promise<void> {
  const signer = await createSigner({ keyId: mock.credentials.keyId, privateKey: mock.credentials.privateKeyPem });
  await fc.assert(
    fc.asyncProperty(fc.array(anyStep, { minLength: 1, maxLength }), async (steps) => {
      mock.exchange.reset();
      const start = cashOf(mock.exchange);
      for (const fuzz of steps) {
        if (isPauseStep(fuzz)) {
          if (fuzz.pause === 'resume') mock.exchange.resume();
          else mock.exchange.pause({ kind: fuzz.pause });
          assertInvariants(mock.exchange, start);
          continue;
        }
        const before = digest(mock.exchange, [USER]);
        const beforeAccount = accountDigest(mock.exchange, USER);
        const fillsBefore = mock.exchange.fills.length;
        const ordersBefore = mock.exchange.orders.size;
        const paused = mock.exchange.paused?.kind;
        const { status, code } = await check(send, await toRequest(fuzz, base, mock.exchange, signer, USER), fuzz);
        const where = `${fuzz.method} ${fuzz.operationId} → ${status} (${paused ?? 'not'} paused)`;
        // A refused request changes nothing (notes §3.2 list refusals, never a partial effect), but for a killed
        // fill-or-kill: it is kept canceled and its client_order_id used (errors.ts `fillOrKillKilled`); no money moves
        // (assertInvariants).
        if (status >= 400 && code !== 'fill_or_kill_insufficient_resting_volume')
          expect(digest(mock.exchange, [USER]), where).toBe(before);
        // An exchange pause takes "no state changes at all" (spec ExchangeStatus.exchange_active), whatever the
        // answer; a trading pause no new order and no fill (notes §5.16: no place or amend, cancels go through).
        if (paused === 'exchange') {
          expect(digest(mock.exchange, [USER]), where).toBe(before);
          expect(accountDigest(mock.exchange, USER), where).toBe(beforeAccount);
        }
        if (paused === 'trading')
          expect([mock.exchange.orders.size, mock.exchange.fills.length], where).toEqual([ordersBefore, fillsBefore]);
        assertInvariants(mock.exchange, start);
      }
      mock.exchange.resume();
      await assertReadable(send, base, mock, signer);
    }),
    { seed: SEED, numRuns: runs, timeout: RUN_TIMEOUT_MS },
  );
}

describe('fuzzing every operation through msw', () => {
  it(`answers ${RUNS} seeded request sequences without a 5xx and keeps the exchange consistent`, {
    timeout: RUNS * RUN_TIMEOUT_MS,
  }, async () => {
    const mock = createKalshiMock({ seed: 7, now: Date.UTC(2026, 11, 1) });
    await fuzz(
      mock,
      BASE,
      async (request) => (await getResponse(mock.handlers, request)) ?? Response.error(),
      RUNS,
      12,
    );
  });
});

// Spec ExchangeStatus.exchange_active: false means the exchange takes "no state changes at all" (notes §5.16: "exchange
// pause blocks everything"). Every write the spec has, sent during an exchange pause after a random history, changes
// nothing: the user's orders, ledgers, RFQs and quotes, order groups, fills, API keys, netting, transfers, balance
// allocation and usage-level grants, nor the exchange's markets.
describe('fuzzing every write during an exchange pause', () => {
  const runs = Math.max(10, Math.round(RUNS / 10));
  it(`changes nothing in ${runs} seeded sequences`, { timeout: runs * RUN_TIMEOUT_MS }, async () => {
    // Prime: the tier-gated writes (a subaccount needs Advanced, an uploaded key Premier) get past their tier check.
    const mock = createKalshiMock({ seed: 7, now: Date.UTC(2026, 11, 1), rateLimit: 'prime' });
    const send: Send = async (request) => (await getResponse(mock.handlers, request)) ?? Response.error();
    const signer = await createSigner({ keyId: mock.credentials.keyId, privateKey: mock.credentials.privateKeyPem });
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyRequest, { maxLength: 6 }),
        fc.array(anyWrite, { minLength: 1, maxLength: 8 }),
        async (history, writes) => {
          mock.exchange.reset();
          for (const fuzz of history) await send(await toRequest(fuzz, BASE, mock.exchange, signer, USER));
          mock.exchange.pause({ kind: 'exchange' });
          // Also what only reads show: the balance allocation, the usage tier's grants, and the markets (a combo
          // market created in a collection).
          const state = async () => [
            digest(mock.exchange, [USER]),
            accountDigest(mock.exchange, USER),
            [...mock.exchange.markets.keys()].join(),
            await (await send(await signed(signer, 'GET', '/portfolio/target_balance_allocation'))).text(),
            await (await send(await signed(signer, 'GET', '/account/limits'))).text(),
          ];
          const before = await state();
          for (const fuzz of writes) {
            const { status } = await check(send, await toRequest(fuzz, BASE, mock.exchange, signer, USER), fuzz);
            const where = `${fuzz.method} ${fuzz.operationId} → ${status} during an exchange pause`;
            expect(await state(), where).toEqual(before);
          }
          mock.exchange.resume();
        },
      ),
      { seed: SEED, numRuns: runs, timeout: RUN_TIMEOUT_MS },
    );
  });
});

describe('fuzzing the node server (same pipeline, real sockets)', () => {
  let server: RunningKalshiMockServer;
  beforeAll(async () => {
    server = await startKalshiMockServer({ seed: 7, now: Date.UTC(2026, 11, 1) });
  });
  afterAll(() => server.close());

  const runs = Math.max(5, Math.round(RUNS / 5));
  it(`answers ${runs} seeded request sequences over HTTP without a 5xx`, {
    timeout: runs * RUN_TIMEOUT_MS,
  }, async () => {
    await fuzz(server.mock, server.url, (request) => fetch(request), runs, 8);
  });
});
