import { createKalshiClient, KalshiUnconfirmedWriteError, unwrap } from '@org/kalshi-client';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from './demo.js';

it('without credentials: runs against a mock exchange on loopback, placing and canceling a resting order', async () => {
  const lines: string[] = [];
  await runDemo({ env: {}, log: (line) => lines.push(line) });
  expect(lines[0]).toMatch(
    /^No KALSHI_API_KEY_ID set: using the mock exchange at http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2\.$/,
  );
  expect(lines).toContainEqual(expect.stringMatching(/^Exchange active: true, trading: true$/));
  // A 1¢ YES bid rests (it crosses nothing) at YES 0.0100 for 1 contract.
  expect(lines).toContainEqual(expect.stringMatching(/^Placed \S+: resting, 1\.00 at YES 0\.0100$/));
  expect(lines.at(-1)).toMatch(/^Canceled \S+$/);
}, 60_000);

describe('with credentials in the environment', () => {
  // msw answers Kalshi's demo host here, and the mock's registered key stands in for the user's demo key.
  const kalshi = setupKalshiMockServer();
  const hosts = new Set<string>();
  beforeAll(() => {
    kalshi.listen();
    kalshi.server.events.on('request:start', ({ request }) => {
      hosts.add(new URL(request.url).host);
    });
  });
  afterEach(() => kalshi.exchange.reset());
  afterAll(() => kalshi.server.close());

  it("talks to Kalshi's demo host with that key", async () => {
    const lines: string[] = [];
    const env = { KALSHI_API_KEY_ID: kalshi.credentials.keyId, KALSHI_PRIVATE_KEY: kalshi.credentials.privateKeyPem };
    await runDemo({ env, log: (line) => lines.push(line) });
    expect(lines[0]).toBe(`Using Kalshi's demo environment with API key ${kalshi.credentials.keyId}.`);
    expect([...hosts]).toEqual(['external-api.demo.kalshi.co']);
    expect(lines.at(-1)).toMatch(/^Canceled \S+$/);
  });

  // A 1¢ YES bid rests only where nobody asks 1¢ for YES (bids 99¢ for NO: kalshi-api-notes §5.15, a buy of YES at p
  // crosses NO bids at q with p + q ≥ 1). Many of Kalshi's open markets trade at 1¢ / 99¢: there the bid would buy a
  // contract, and the cancel answer 404. The demo promises an order that rests and is canceled, never a trade.
  it('never trades: a market whose YES ask is 1¢ is passed over for one where the bid rests', async () => {
    const client = await createKalshiClient({ environment: 'demo', credentials: kalshi.credentials });
    const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
    const first = markets[0]?.ticker ?? '';
    kalshi.exchange.setOrderbook(first, { yes: [], no: [[990_000, 1_000]] });
    const lines: string[] = [];
    const env = { KALSHI_API_KEY_ID: kalshi.credentials.keyId, KALSHI_PRIVATE_KEY: kalshi.credentials.privateKeyPem };
    await runDemo({ env, log: (line) => lines.push(line) });
    expect(kalshi.inspect.fills()).toEqual([]);
    expect(lines).toContainEqual(expect.stringMatching(/^Placed \S+: resting, 1\.00 at YES 0\.0100$/));
    expect(lines.at(-1)).toMatch(/^Canceled \S+$/);
  });

  // Kalshi's reads lag its writes (kalshi-api-notes §5.11): the read-back of a fresh order may fail. The demo's
  // order is canceled all the same, and the read's error still reaches the user.
  it('cancels its order when reading it back fails', async () => {
    kalshi.faults.add({ kind: 'status', status: 500, operation: 'GetOrder', times: 3 });
    const lines: string[] = [];
    const env = { KALSHI_API_KEY_ID: kalshi.credentials.keyId, KALSHI_PRIVATE_KEY: kalshi.credentials.privateKeyPem };
    const error = await runDemo({ env, log: (line) => lines.push(line) }).catch((e: unknown) => e);
    kalshi.faults.clear();
    expect(error).toMatchObject({ status: 500, operationId: 'GetOrder' });
    expect(lines.at(-1)).toMatch(/^Canceled \S+$/);
    expect(kalshi.inspect.orders().filter((order) => order.status === 'resting')).toEqual([]);
  });
  // A create whose answer is lost (the connection drops after Kalshi placed it) and whose read-back fails: placeOrder
  // throws KalshiUnconfirmedWriteError, yet the 1¢ bid rests. The demo finds it by its client_order_id and cancels it
  // (the notes are silent on how long such an order may take to show; here the second read shows it).
  it('a create whose answer was lost: finds the order by its client_order_id and cancels it', async () => {
    kalshi.faults.add({ kind: 'commit-then-drop', operation: 'CreateOrderV2', times: 1 });
    kalshi.faults.add({ kind: 'status', status: 400, operation: 'GetOrders', times: 1 });
    const lines: string[] = [];
    const env = { KALSHI_API_KEY_ID: kalshi.credentials.keyId, KALSHI_PRIVATE_KEY: kalshi.credentials.privateKeyPem };
    const error = await runDemo({ env, log: (line) => lines.push(line) }).catch((e: unknown) => e);
    kalshi.faults.clear();
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(kalshi.inspect.orders().filter((order) => order.status === 'resting')).toEqual([]);
    expect(lines.at(-1)).toMatch(/^Canceled \S+, placed though its answer was lost$/);
  });

  // Not found either (reads still lag): nothing to cancel by id, so the demo says what the user must do.
  it('a create whose answer was lost and that no read shows: says which order to look for and cancel', async () => {
    kalshi.faults.add({ kind: 'commit-then-drop', operation: 'CreateOrderV2', times: 1 });
    kalshi.faults.add({ kind: 'status', status: 400, operation: 'GetOrders', times: 2 });
    const lines: string[] = [];
    const env = { KALSHI_API_KEY_ID: kalshi.credentials.keyId, KALSHI_PRIVATE_KEY: kalshi.credentials.privateKeyPem };
    const error = (await runDemo({ env, log: (line) => lines.push(line) }).catch((e: unknown) => e)) as Error;
    kalshi.faults.clear();
    const [order] = kalshi.inspect.orders().filter((o) => o.status === 'resting');
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(lines.at(-1)).toContain(`client_order_id ${order?.client_order_id}`);
    expect(lines.at(-1)).toContain(`may rest on ${order?.ticker}`);
    expect(lines.at(-1)).toContain('cancel it');
  });
});
