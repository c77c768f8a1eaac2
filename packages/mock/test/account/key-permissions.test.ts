import { createSigner } from '@org/kalshi-auth';
import { describe, expect, it } from 'vitest';
import { BASE, call, harness, order } from '../helpers';

// Spec 3.31.0 ApiKeyScope ("`read` grants all read endpoints and `write` grants all write endpoints. Child scopes …
// grant only their specific endpoint group") and GenerateApiKeyRequest.subaccount ("A restricted key may only read
// and trade on that sub-account; it cannot act on other sub-accounts, transfer funds between sub-accounts, or create
// sub-accounts"); notes §2.3: "403 is used for permission problems (e.g., read-only key on a write …)". The 403's code
// is not recorded (tester E, D7).
const TICKER = 'KXKEY-26DEC01-T1';

async function setup() {
  // rateLimit sets the account's usage tier: creating a subaccount needs Advanced or above (spec CreateSubaccount)
  const h = await harness({ empty: true, now: 1_790_000_000_000, rateLimit: 'prime' });
  h.mock.exchange.addMarket({ ticker: TICKER });
  const keyWith = async (grant: Record<string, unknown>) => {
    const { body } = await h.call('POST', '/api_keys/generate', { name: 'scoped', ...grant });
    const signer = await createSigner({ keyId: body.api_key_id, privateKey: body.private_key });
    return (method: string, path: string, body?: unknown) => call(h.mock, signer, BASE, method, path, body);
  };
  return { ...h, keyWith };
}

const transfer = (from: number, to: number) => ({
  client_transfer_id: '22222222-2222-4222-8222-222222222222',
  from_subaccount: from,
  to_subaccount: to,
  amount_cents: 100,
});

describe('API-key scopes', () => {
  it('a read-only key reads but gets 403 on every write', async () => {
    const { keyWith, mock } = await setup();
    const readOnly = await keyWith({ scopes: ['read'] });
    expect((await readOnly('GET', '/portfolio/balance')).status).toBe(200);
    expect((await readOnly('GET', '/portfolio/orders')).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/portfolio/events/orders', order(TICKER)],
      ['DELETE', '/portfolio/events/orders', undefined],
      ['POST', '/portfolio/subaccounts', {}],
      ['POST', '/api_keys/generate', { name: 'x' }],
    ] as const) {
      const response = await readOnly(method, path, body);
      expect({ path, status: response.status, code: response.body?.error?.code }).toEqual({
        path,
        status: 403,
        code: 'forbidden',
      });
    }
    expect(mock.inspect.orders()).toEqual([]);
  });

  it('a child scope grants only its endpoint group', async () => {
    const { keyWith } = await setup();
    const balanceOnly = await keyWith({ scopes: ['read::portfolio_balance'] });
    expect((await balanceOnly('GET', '/portfolio/balance')).status).toBe(200);
    expect((await balanceOnly('GET', '/portfolio/fills')).status).toBe(403);
    expect((await balanceOnly('POST', '/portfolio/events/orders', order(TICKER))).status).toBe(403);

    const trader = await keyWith({ scopes: ['write::trade'] });
    expect((await trader('POST', '/portfolio/events/orders', order(TICKER))).status).toBe(201);
    expect((await trader('POST', '/portfolio/subaccounts/transfer', transfer(0, 1))).status).toBe(403);
    expect((await trader('GET', '/portfolio/orders')).status).toBe(403);
  });

  it('read::portfolio_balance reads balances only, and write::transfer moves cash but creates no subaccount', async () => {
    const { keyWith, call: asOwner } = await setup();
    const balanceOnly = await keyWith({ scopes: ['read::portfolio_balance'] });
    expect((await balanceOnly('GET', '/portfolio/subaccounts/balances')).status).toBe(200);
    expect((await balanceOnly('GET', '/portfolio/positions')).status).toBe(403);
    expect((await asOwner('POST', '/portfolio/subaccounts', {})).status).toBe(201);
    const mover = await keyWith({ scopes: ['write::transfer'] });
    expect((await mover('POST', '/portfolio/subaccounts/transfer', transfer(0, 1))).status).toBe(200);
    const created = await mover('POST', '/portfolio/subaccounts', {});
    expect({ status: created.status, code: created.body?.error?.code }).toEqual({ status: 403, code: 'forbidden' });
    expect((await mover('POST', '/portfolio/events/orders', order(TICKER))).status).toBe(403);
  });

  it('a key with the default scopes (read, write) may do both', async () => {
    const { keyWith } = await setup();
    const full = await keyWith({});
    expect((await full('POST', '/portfolio/events/orders', order(TICKER))).status).toBe(201);
    expect((await full('GET', '/portfolio/orders')).status).toBe(200);
  });
});

describe('subaccount-restricted keys', () => {
  it('trade only on their subaccount: an omitted subaccount is theirs, another is 403', async () => {
    const { call: asOwner, keyWith, mock } = await setup();
    expect((await asOwner('POST', '/portfolio/subaccounts', {})).body.subaccount_number).toBe(1);
    expect((await asOwner('POST', '/portfolio/subaccounts/transfer', transfer(0, 1))).status).toBe(200);
    const sub1 = await keyWith({ subaccount: 1 });

    const elsewhere = await sub1('POST', '/portfolio/events/orders', order(TICKER, { subaccount: 0 }));
    expect(elsewhere).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const batch = await sub1('POST', '/portfolio/events/orders/batched', {
      orders: [order(TICKER, { subaccount: 0 })],
    });
    expect(batch.status).toBe(403);
    expect((await sub1('GET', '/portfolio/balance?subaccount=0')).status).toBe(403);
    expect(mock.inspect.orders()).toEqual([]);

    const own = await sub1('POST', '/portfolio/events/orders', order(TICKER));
    expect(own.status).toBe(201);
    const placed = (await asOwner('GET', `/portfolio/orders/${own.body.order_id}`)).body.order;
    expect(placed.subaccount_number).toBe(1);
    // Reads without a subaccount are the key's subaccount: its balance, not the primary's (without the breakdown,
    // "omitted only when using a subaccount-restricted API key", spec GetBalanceResponse).
    const { balance_breakdown, ...subaccount1 } = (await asOwner('GET', '/portfolio/balance?subaccount=1')).body;
    expect(balance_breakdown).toHaveLength(1);
    expect((await sub1('GET', '/portfolio/balance')).body).toEqual(subaccount1);
  });

  // "it cannot act on other sub-accounts": the netting setting names its subaccount as `subaccount_number`, and a
  // restricted key changes its own only (403 for another, which keeps its setting).
  it("sets its own subaccount's netting and gets 403 for another's", async () => {
    const { call: asOwner, keyWith } = await setup();
    await asOwner('POST', '/portfolio/subaccounts', {});
    const sub1 = await keyWith({ subaccount: 1 });
    const other = await sub1('PUT', '/portfolio/subaccounts/netting', { subaccount_number: 0, enabled: false });
    expect(other).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await sub1('PUT', '/portfolio/subaccounts/netting', { subaccount_number: 1, enabled: false })).status).toBe(
      200,
    );
    expect((await asOwner('GET', '/portfolio/subaccounts/netting')).body.netting_configs).toEqual([
      { subaccount_number: 0, enabled: true, exchange_index: 0 },
      { subaccount_number: 1, enabled: false, exchange_index: 0 },
    ]);
  });

  it('cannot transfer between subaccounts or create one', async () => {
    const { call: asOwner, keyWith } = await setup();
    await asOwner('POST', '/portfolio/subaccounts', {});
    const sub1 = await keyWith({ subaccount: 1 });
    expect((await sub1('POST', '/portfolio/subaccounts/transfer', transfer(0, 1))).status).toBe(403);
    expect((await sub1('POST', '/portfolio/subaccounts', {})).status).toBe(403);
    expect((await asOwner('GET', '/portfolio/balance?subaccount=1')).body.balance).toBe(0);
  });
});
