import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { harness, order } from '../helpers';

// Spec 3.31.0 ExchangeStatus.exchange_active: "False if the core Kalshi exchange is no longer taking any state changes
// at all. This includes but is not limited to trading, new users, and transfers." (notes §5.16: "exchange pause blocks
// everything"). So during an exchange pause the account writes that move no money are refused too and change nothing:
// a new subaccount (the nearest thing to a new user), a netting change, and generating, uploading or deleting an API
// key. A trading pause leaves the exchange active: they go through. The refusal is the mock's one pause answer
// (pause.ts: 409 `exchange_is_paused`, recorded from Kalshi by third parties, pauses.test.ts); the notes are silent on it.
const T0 = Date.UTC(2026, 11, 3, 8);

async function setup() {
  // Premier: creating a subaccount needs Advanced and uploading a key Premier (spec CreateSubaccount, CreateApiKey).
  const h = await harness({ empty: true, seed: 4, now: T0, rateLimit: 'premier' });
  const generated = await h.call('POST', '/api_keys/generate', { name: 'spare' });
  expect(generated.status).toBe(201);
  const state = async () => ({
    netting: (await h.call('GET', '/portfolio/subaccounts/netting')).body,
    keys: (await h.call('GET', '/api_keys')).body,
  });
  return { h, spare: generated.body.api_key_id as string, state };
}

const publicKeyPem = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('account writes during an exchange pause', () => {
  it('are refused and change nothing; after resume() they go through', async () => {
    const { h, spare, state } = await setup();
    const before = await state();
    h.mock.exchange.pause({ kind: 'exchange' });
    const writes: [string, string, unknown][] = [
      ['POST', '/portfolio/subaccounts', {}],
      ['PUT', '/portfolio/subaccounts/netting', { subaccount_number: 0, enabled: false }],
      ['POST', '/api_keys/generate', { name: 'during-pause' }],
      ['POST', '/api_keys', { name: 'uploaded', public_key: publicKeyPem() }],
      ['DELETE', `/api_keys/${spare}`, undefined],
    ];
    for (const [method, path, body] of writes) {
      const response = await h.call(method, path, body);
      expect([method, path, response.status, response.body?.error?.code]).toEqual([
        method,
        path,
        409,
        'exchange_is_paused',
      ]);
      expect(response.body.error.message).toBe('exchange is paused');
    }
    expect(await state()).toEqual(before);
    h.mock.exchange.resume();
    for (const [method, path, body] of writes)
      expect([method, path, (await h.call(method, path, body)).status]).toEqual([
        method,
        path,
        method === 'POST' ? 201 : method === 'PUT' ? 200 : 204,
      ]);
  });

  it('go through during a trading pause (the exchange stays active)', async () => {
    const { h, spare } = await setup();
    h.mock.exchange.pause({ kind: 'trading' });
    expect((await h.call('POST', '/portfolio/subaccounts', {})).status).toBe(201);
    expect(
      (await h.call('PUT', '/portfolio/subaccounts/netting', { subaccount_number: 1, enabled: false })).status,
    ).toBe(200);
    expect((await h.call('POST', '/api_keys/generate', { name: 'during-pause' })).status).toBe(201);
    expect((await h.call('DELETE', `/api_keys/${spare}`)).status).toBe(204);
  });
});

// The same rule for the other writes that move no money: a balance allocation across exchange indexes
// (SetTargetBalanceAllocation), the Advanced usage-level grant (UpgradeAccountApiUsageLevel) and a new combo market in
// a multivariate collection (CreateMarketInMultivariateEventCollection: "creates" one that does not exist yet).
describe('other state changes during an exchange pause', () => {
  it('are refused and change nothing; after resume() they go through', async () => {
    const h = await harness({ seed: 4, now: Date.UTC(2026, 11, 1) });
    const open = (await h.call('GET', '/markets?status=open&limit=1')).body.markets[0].ticker;
    expect((await h.call('POST', '/portfolio/events/orders', order(open))).status).toBe(201);
    const { body } = await h.call('GET', '/multivariate_event_collections?status=open');
    const collection = body.multivariate_contracts[0];
    const legs = [];
    for (const event of collection.associated_event_tickers as string[]) {
      const markets = (await h.call('GET', `/markets?event_ticker=${event}&status=open`)).body.markets;
      if (markets.length) legs.push({ event_ticker: event, market_ticker: markets[0].ticker, side: 'yes' });
      if (legs.length === 2) break;
    }
    const state = async () => ({
      allocation: (await h.call('GET', '/portfolio/target_balance_allocation')).body,
      limits: (await h.call('GET', '/account/limits')).body,
      markets: h.mock.exchange.markets.size,
    });
    const before = await state();
    h.mock.exchange.pause({ kind: 'exchange' });
    const writes: [string, string, unknown, number][] = [
      ['POST', '/portfolio/target_balance_allocation', { allocations: [{ exchange_index: 0, percent: 100 }] }, 200],
      ['POST', '/account/api_usage_level/upgrade', undefined, 201],
      ['POST', `/multivariate_event_collections/${collection.collection_ticker}`, { selected_markets: legs }, 200],
    ];
    for (const [method, path, body] of writes) {
      const response = await h.call(method, path, body);
      expect([path, response.status, response.body?.error?.code]).toEqual([path, 409, 'exchange_is_paused']);
      expect(response.body.error.message).toBe('exchange is paused');
    }
    expect(await state()).toEqual(before);
    h.mock.exchange.resume();
    for (const [method, path, body, status] of writes)
      expect([path, (await h.call(method, path, body)).status]).toEqual([path, status]);
    expect(await state()).not.toEqual(before);
  });
});
