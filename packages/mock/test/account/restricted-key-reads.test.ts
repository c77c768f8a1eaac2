import { createSigner } from '@org/kalshi-auth';
import { describe, expect, it } from 'vitest';
import { twoTraders } from '../accounts/traders';
import { BASE, call, harness, order } from '../helpers';

// A subaccount-restricted key reading account objects by id (tester V, V-D4). Spec 3.31.0
// GenerateApiKeyRequest.subaccount: "A restricted key may only read and trade on that sub-account; it cannot act on
// other sub-accounts". GetOrders answers it by leaving other subaccounts' orders out and cancel by id answers 404
// `not_found`; the by-id reads (GetOrder, GetOrderQueuePosition, GetOrderGroup, GetQuote / GetRFQQuote) answer the
// same 404 for another subaccount's object. The spec gives no status for these reads (the notes are silent).
const TICKER = 'KXKEY-26DEC01-T1';

async function setup() {
  // rateLimit sets the account's usage tier: creating a subaccount needs Advanced or above (spec CreateSubaccount)
  const h = await harness({ empty: true, now: 1_790_000_000_000, rateLimit: 'prime' });
  h.mock.exchange.addMarket({ ticker: TICKER });
  expect((await h.call('POST', '/portfolio/subaccounts', {})).status).toBe(201);
  const funded = await h.call('POST', '/portfolio/subaccounts/transfer', {
    client_transfer_id: '11111111-1111-4111-8111-111111111111',
    from_subaccount: 0,
    to_subaccount: 1,
    amount_cents: 10_000,
  });
  expect(funded.status).toBe(200);
  const { body } = await h.call('POST', '/api_keys/generate', { name: 'desk-1', subaccount: 1 });
  const signer = await createSigner({ keyId: body.api_key_id, privateKey: body.private_key });
  const desk = (method: string, path: string, body?: unknown) => call(h.mock, signer, BASE, method, path, body);
  return { owner: h.call, desk, mock: h.mock };
}

/** Alice's subaccount-0 RFQ, quoted by Bob from his subaccount 0. */
async function quotedRfq() {
  // Prime usage tier (rateLimit): creating a subaccount needs Advanced or above (spec CreateSubaccount).
  const traders = await twoTraders(TICKER, { rateLimit: 'prime' });
  const rfq = await traders.asAlice('POST', '/communications/rfqs', {
    market_ticker: TICKER,
    contracts_fp: '10',
    rest_remainder: false,
  });
  expect(rfq.status).toBe(201);
  const quote = await traders.asBob('POST', '/communications/quotes', {
    rfq_id: rfq.body.id,
    yes_bid: '0.4000',
    no_bid: '0.5500',
    rest_remainder: false,
  });
  expect(quote.status).toBe(201);
  return { ...traders, rfqId: rfq.body.id as string, quoteId: quote.body.id as string };
}

type Caller = Awaited<ReturnType<typeof twoTraders>>['asAlice'];

/** A new subaccount 1 of the trader `as` calls for, and a key restricted to it, named `name`. */
async function subaccountKey(mock: Awaited<ReturnType<typeof twoTraders>>['mock'], as: Caller, name: string) {
  expect((await as('POST', '/portfolio/subaccounts', {})).status).toBe(201);
  const { body } = await as('POST', '/api_keys/generate', { name, subaccount: 1 });
  const signer = await createSigner({ keyId: body.api_key_id, privateKey: body.private_key });
  return (method: string, path: string) => call(mock, signer, BASE, method, path);
}

const quoteIds = (list: { body: { quotes: { id: string }[] } }) => list.body.quotes.map((q) => q.id);

describe('a key restricted to subaccount 1 reading by id', () => {
  it('gets 404 for a subaccount-0 order (GetOrder, queue position), as the list and cancel answer; its own it reads', async () => {
    const { owner, desk } = await setup();
    const primary = await owner('POST', '/portfolio/events/orders', order(TICKER));
    expect(primary.status).toBe(201);
    const id = primary.body.order_id as string;
    expect((await owner('GET', `/portfolio/orders/${id}`)).status).toBe(200);

    const listed = (await desk('GET', '/portfolio/orders')).body.orders.map((o: { order_id: string }) => o.order_id);
    expect(listed).not.toContain(id);
    const one = await desk('GET', `/portfolio/orders/${id}`);
    expect([one.status, one.body.error?.code]).toEqual([404, 'not_found']);
    const queue = await desk('GET', `/portfolio/orders/${id}/queue_position`);
    expect([queue.status, queue.body.error?.code]).toEqual([404, 'not_found']);
    expect((await desk('DELETE', `/portfolio/events/orders/${id}`)).status).toBe(404);

    const own = await desk('POST', '/portfolio/events/orders', order(TICKER));
    expect(own.status).toBe(201);
    const mine = await desk('GET', `/portfolio/orders/${own.body.order_id}`);
    expect([mine.status, mine.body.order.subaccount_number]).toEqual([200, 1]);
    expect((await desk('GET', `/portfolio/orders/${own.body.order_id}/queue_position`)).status).toBe(200);
  });

  it('gets 404 for a subaccount-0 order group', async () => {
    const { owner, desk } = await setup();
    const group = await owner('POST', '/portfolio/order_groups/create', { contracts_limit: 10 });
    expect(group.status).toBe(201);
    const path = `/portfolio/order_groups/${group.body.order_group_id}`;
    expect((await owner('GET', path)).status).toBe(200);
    const read = await desk('GET', path);
    expect([read.status, read.body.error?.code]).toEqual([404, 'not_found']);
  });

  it("gets 404 for its user's subaccount-0 quote (GetQuote, GetRFQQuote), and GetQuotes leaves it out", async () => {
    const { mock, asBob, rfqId, quoteId } = await quotedRfq();
    const bobDesk = await subaccountKey(mock, asBob, 'bob-desk-1');
    for (const path of [`/communications/quotes/${quoteId}`, `/communications/rfqs/${rfqId}/quotes/${quoteId}`]) {
      expect((await asBob('GET', path)).status).toBe(200);
      const read = await bobDesk('GET', path);
      expect([read.status, read.body.error?.code]).toEqual([404, 'not_found']);
    }
    // The list and the reads by id tell one story (tester's finding V2-D4: the list showed what the read hid).
    expect(quoteIds(await asBob('GET', '/communications/quotes'))).toContain(quoteId);
    expect(quoteIds(await bobDesk('GET', '/communications/quotes'))).not.toContain(quoteId);
  });

  // The RFQ creator's side of the same rule: a quote answering the user's subaccount-0 RFQ is not the restricted key's
  // to read (the quoter's side is the test above).
  it("gets 404 for a quote answering its user's subaccount-0 RFQ, and GetQuotes leaves it out", async () => {
    const { mock, asAlice, quoteId } = await quotedRfq();
    const aliceDesk = await subaccountKey(mock, asAlice, 'alice-desk-1');
    const path = `/communications/quotes/${quoteId}`;
    expect((await asAlice('GET', path)).status).toBe(200);
    const read = await aliceDesk('GET', path);
    expect([read.status, read.body.error?.code]).toEqual([404, 'not_found']);
    expect(quoteIds(await asAlice('GET', '/communications/quotes'))).toContain(quoteId);
    expect(quoteIds(await aliceDesk('GET', '/communications/quotes'))).not.toContain(quoteId);
  });
});

// API keys are account objects too (tester S, S-D4): GenerateApiKeyRequest.subaccount "it cannot act on other
// sub-accounts". A key restricted to subaccount 1 lists and deletes only the keys restricted to subaccount 1 (itself
// included); the unrestricted keys and other subaccounts' keys are left out of GET /api_keys and DELETE answers 404
// `not_found` for them, as for another subaccount's order. The notes are silent on key management by restricted keys.
describe('a key restricted to subaccount 1 managing API keys', () => {
  it('lists only subaccount-1 keys and gets 404 deleting the unrestricted key or a subaccount-2 key', async () => {
    const { owner, desk, mock } = await setup();
    expect((await owner('POST', '/portfolio/subaccounts', {})).status).toBe(201);
    const other = await owner('POST', '/api_keys/generate', { name: 'desk-2', subaccount: 2 });
    expect(other.status).toBe(201);
    const sibling = await desk('POST', '/api_keys/generate', { name: 'desk-1b' });
    expect(sibling.status).toBe(201);
    const names = (list: { body: { api_keys: { name: string }[] } }) => list.body.api_keys.map((k) => k.name).sort();
    expect(names(await owner('GET', '/api_keys'))).toEqual(['default', 'desk-1', 'desk-1b', 'desk-2']);
    expect(names(await desk('GET', '/api_keys'))).toEqual(['desk-1', 'desk-1b']);

    for (const keyId of [other.body.api_key_id, mock.credentials.keyId]) {
      const refused = await desk('DELETE', `/api_keys/${keyId}`);
      expect([refused.status, refused.body.error?.code]).toEqual([404, 'not_found']);
      expect(refused.body.error.details).toContain('restricted to subaccount 1');
    }
    expect((await owner('GET', '/portfolio/balance')).status).toBe(200);
    expect(names(await owner('GET', '/api_keys'))).toEqual(['default', 'desk-1', 'desk-1b', 'desk-2']);
    expect((await desk('DELETE', `/api_keys/${sibling.body.api_key_id}`)).status).toBe(204);
    expect(names(await desk('GET', '/api_keys'))).toEqual(['desk-1']);
  });
});

// GetPortfolioRestingOrderTotalValue (tester S, S-D5): "A restricted key may only read … on that sub-account", as
// GetOrders leaves out other subaccounts' orders, the total counts only the key's subaccount's resting orders.
describe('a key restricted to subaccount 1 reading the total resting order value', () => {
  it("counts only subaccount 1's resting orders", async () => {
    const { owner, desk } = await setup();
    const path = '/portfolio/summary/total_resting_order_value';
    expect(
      (await owner('POST', '/portfolio/events/orders', order(TICKER, { count: '5', price: '0.3000' }))).status,
    ).toBe(201);
    expect((await owner('GET', path)).body.total_resting_order_value).toBe(150);
    const none = await desk('GET', path);
    expect(none.body).toEqual({
      total_resting_order_value: 0,
      resting_order_value_breakdown: [{ exchange_index: 0, balance: '0.0000' }],
    });
    expect(
      (await desk('POST', '/portfolio/events/orders', order(TICKER, { count: '2', price: '0.2000' }))).status,
    ).toBe(201);
    expect((await desk('GET', path)).body.total_resting_order_value).toBe(40);
    expect((await owner('GET', path)).body.total_resting_order_value).toBe(190);
  });
});

// Spec GetBalanceResponse.balance_breakdown: "User balance breakdown per exchange instance, omitted only when using a
// subaccount-restricted API key" (kalshi-api-notes §7 marks it optional: `balance_breakdown?`). Round 29, P: the mock
// sent it to every key, so code reading it passed against the mock and failed on Kalshi with a restricted key.
describe('a key restricted to subaccount 1 reading its balance', () => {
  it('gets no balance_breakdown; the unrestricted key gets it', async () => {
    const { owner, desk } = await setup();
    const restricted = await desk('GET', '/portfolio/balance');
    expect(restricted.status).toBe(200);
    expect(restricted.body).toMatchObject({ balance: 10_000, balance_dollars: '100.0000' });
    expect(restricted.body).not.toHaveProperty('balance_breakdown');
    const full = await owner('GET', '/portfolio/balance?subaccount=1');
    expect(full.body.balance_breakdown).toEqual([{ exchange_index: 0, balance: '100.0000' }]);
  });
});
