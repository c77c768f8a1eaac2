import { createSigner } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { beforeEach, describe, expect, it } from 'vitest';
import { BASE, call, type Harness, harness } from '../helpers';

// Outside test N-D3: a quote's bids are prices of the RFQ's market, on the same grid as its orders. kalshi-api-notes
// §4: "`tapered_deci_cent` 0‑0.10 step 0.001, 0.10‑0.90 step 0.01, 0.90‑1.00 step 0.001. Off-grid price → 400
// `invalid_price`." Either bid may be zero, not both (Kalshi FIX RFQ docs, Quote 35=S).
const TAPERED = 'KXFED-27JAN05-TP1';
const CENT = 'KXFED-27JAN05-C1';
let h: Harness;

beforeEach(async () => {
  h = await harness({ seed: 3, now: Date.UTC(2026, 10, 20, 12) });
  h.mock.exchange.addMarket({
    ticker: TAPERED,
    tick: 10_000,
    priceLevelStructure: 'tapered_deci_cent',
    priceRanges: [
      { start: 0, end: 100_000, step: 1000 },
      { start: 100_000, end: 900_000, step: 10_000 },
      { start: 900_000, end: 1_000_000, step: 1000 },
    ],
  });
  h.mock.exchange.addMarket({ ticker: CENT });
});

/** Opens an RFQ on `ticker` (as the test key) and quotes it as another user. */
async function quote(ticker: string, yesBid: string, noBid: string) {
  const rfq = await h.call('POST', '/communications/rfqs', {
    market_ticker: ticker,
    contracts_fp: '2.00',
    rest_remainder: false,
  });
  expect(rfq.status).toBe(201);
  const key = generateKeyPairSync({ type: 'ed25519' });
  h.mock.exchange.addApiKey({ keyId: key.keyId, publicKeyPem: key.publicKeyPem });
  const signer = await createSigner({ keyId: key.keyId, privateKey: key.privateKeyPem });
  const body = { rfq_id: rfq.body.id, yes_bid: yesBid, no_bid: noBid, rest_remainder: false };
  return call(h.mock, signer, BASE, 'POST', '/communications/quotes', body);
}

describe('a quote on a market with price_ranges', () => {
  it.each([
    ['0.005', '0.950'],
    ['0.950', '0.005'],
    ['0.999', '0.000'],
    ['0.10', '0.001'],
  ])('takes yes_bid %s / no_bid %s, on the grid a limit order takes', async (yesBid, noBid) => {
    const order = await h.call('POST', '/portfolio/events/orders', {
      ticker: TAPERED,
      side: 'bid',
      price: '0.005',
      count: '1',
      time_in_force: 'good_till_canceled',
      self_trade_prevention_type: 'taker_at_cross',
    });
    expect(order.status).toBe(201);
    const response = await quote(TAPERED, yesBid, noBid);
    expect([response.status, response.body.error]).toEqual([201, undefined]);
  });

  it.each([
    ['0.0055', '0.50', 'yes_bid'],
    ['0.50', '0.105', 'no_bid'],
    ['0.9995', '0.00', 'yes_bid'],
  ])('refuses yes_bid %s / no_bid %s off the grid, naming %s', async (yesBid, noBid, field) => {
    const response = await quote(TAPERED, yesBid, noBid);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_price' });
    expect(response.body.error.details).toContain(field);
  });
});

describe('a quote on a cent market (no price_ranges)', () => {
  it('refuses a sub-cent bid and takes a cent one', async () => {
    const refused = await quote(CENT, '0.005', '0.50');
    expect([refused.status, refused.body.error?.code]).toEqual([400, 'invalid_price']);
    expect(refused.body.error.details).toContain('yes_bid');
    expect((await quote(CENT, '0.01', '0.50')).status).toBe(201);
  });
});
