import { createSigner, type Signer } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { assertInvariants, cashOf, isKalshiErrorBody } from './invariants';

// Many clients over real sockets racing creates, amends, decreases and cancels on shared client_order_ids and
// orders. client_order_ids are unique per account (kalshi-api-notes §5.6): of the clients of one account that
// create the same id at once, exactly one gets 201 and the others 409 order_already_exists. Of those that cancel the
// same order at once, exactly one gets 200 and the others 404 (§5.11). The invariants hold after every round.
const ROUNDS = 6;
const IDS_PER_ROUND = 4;
const USERS = ['racer-a', 'racer-b'] as const;
const CLIENTS_PER_USER = 4;

interface Client {
  readonly userId: string;
  readonly signer: Signer;
}

let server: RunningKalshiMockServer;
let clients: Client[];
let ticker: string;
let start: Map<string, number>;

beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 9, now: Date.UTC(2026, 11, 1) });
  clients = [];
  for (const userId of USERS) {
    for (let i = 0; i < CLIENTS_PER_USER; i++) {
      const key = generateKeyPairSync({ type: 'ed25519' });
      server.mock.exchange.addApiKey({ keyId: key.keyId, publicKeyPem: key.publicKeyPem, userId });
      clients.push({ userId, signer: await createSigner({ keyId: key.keyId, privateKey: key.privateKeyPem }) });
    }
  }
  ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
  // No house quotes: the racers' orders meet each other, whatever price the dataset gives the market.
  server.mock.exchange.setOrderbook(ticker, {});
  start = cashOf(server.mock.exchange);
});
afterAll(() => server.close());

async function call(client: Client, method: string, path: string, body?: unknown) {
  const url = `${server.url}${path}`;
  const response = await fetch(url, {
    method,
    headers: { ...(await client.signer.sign({ method, url })), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(500);
  if (response.status >= 400) expect(isKalshiErrorBody(parsed)).toBe(true);
  return { status: response.status, body: parsed };
}

/** A bid from racer-a and an ask from racer-b at the same price cross each other. */
const orderFor = (userId: string, clientOrderId: string, round: number) => ({
  ticker,
  side: userId === 'racer-a' ? 'bid' : 'ask',
  count: String(1 + (round % 3)),
  price: round % 2 ? '0.5000' : '0.4500',
  time_in_force: 'good_till_canceled',
  self_trade_prevention_type: 'maker',
  client_order_id: clientOrderId,
});

function assertReadable() {
  const { exchange } = server.mock;
  return Promise.all(
    clients
      .slice(0, 1)
      .concat(clients.slice(CLIENTS_PER_USER, CLIENTS_PER_USER + 1))
      .flatMap((client) =>
        [...exchange.orders.values()]
          .filter((o) => o.userId === client.userId)
          .map(async (o) => expect((await call(client, 'GET', `/portfolio/orders/${o.orderId}`)).status).toBe(200)),
      ),
  );
}

describe('racing clients', () => {
  it('let exactly one create win each client_order_id, one cancel win each order, and keep the invariants', {
    timeout: 180_000,
  }, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const ids = Array.from({ length: IDS_PER_ROUND }, (_, i) => `round-${round}-${i}`);
      // Every client creates every id of the round at once.
      const creates = await Promise.all(
        clients.flatMap((client) =>
          ids.map(async (id) => ({
            client,
            id,
            result: await call(client, 'POST', '/portfolio/events/orders', orderFor(client.userId, id, round)),
          })),
        ),
      );
      for (const userId of USERS) {
        for (const id of ids) {
          const mine = creates.filter((c) => c.client.userId === userId && c.id === id);
          expect(
            mine.filter((c) => c.result.status === 201),
            `${userId} ${id}`,
          ).toHaveLength(1);
          for (const loser of mine.filter((c) => c.result.status !== 201)) {
            expect(loser.result.status).toBe(409);
            expect(loser.result.body.error.code).toBe('order_already_exists');
          }
        }
      }
      assertInvariants(server.mock.exchange, start);

      // Every client of an account amends, decreases or cancels each of the account's resting orders at once.
      const resting = [...server.mock.exchange.orders.values()].filter(
        (o) => o.status === 'resting' && USERS.includes(o.userId as (typeof USERS)[number]),
      );
      await Promise.all(
        clients.flatMap((client, c) =>
          resting
            .filter((o) => o.userId === client.userId)
            .map((o, i) => {
              const path = `/portfolio/events/orders/${o.orderId}`;
              switch ((c + i + round) % 3) {
                case 0:
                  return call(client, 'POST', `${path}/amend`, {
                    ticker,
                    side: o.side,
                    price: round % 2 ? '0.4000' : '0.5500',
                    count: '4',
                    updated_client_order_id: `amended-${round}-${i}`,
                  });
                case 1:
                  return call(client, 'POST', `${path}/decrease`, { reduce_by: '1' });
                default:
                  return call(client, 'DELETE', path);
              }
            }),
        ),
      );
      assertInvariants(server.mock.exchange, start);

      // Every client of an account cancels the same orders at once: one 200 per order, the rest 404.
      const left = [...server.mock.exchange.orders.values()].filter(
        (o) => o.status === 'resting' && USERS.includes(o.userId as (typeof USERS)[number]),
      );
      const cancels = await Promise.all(
        clients.flatMap((client) =>
          left
            .filter((o) => o.userId === client.userId)
            .map(async (o) => ({ o, result: await call(client, 'DELETE', `/portfolio/events/orders/${o.orderId}`) })),
        ),
      );
      for (const o of left) {
        const results = cancels.filter((c) => c.o === o).map((c) => c.result.status);
        expect(results.sort()).toEqual([200, ...Array(CLIENTS_PER_USER - 1).fill(404)]);
      }
      assertInvariants(server.mock.exchange, start);
      await assertReadable();
    }
    // The race did trade: the invariants were checked against real fills.
    expect(server.mock.exchange.fills.some((f) => f.userId === 'racer-a')).toBe(true);
  });
});
