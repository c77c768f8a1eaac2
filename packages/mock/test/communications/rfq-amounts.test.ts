import { createSigner } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { beforeEach, describe, expect, it } from 'vitest';
import { BASE, call, type Harness, harness } from '../helpers';

// Item 6b of the outside test round 2: `target_cost_dollars: "-1"` opened an RFQ. A count or a cost of an RFQ cannot
// be negative (spec: CreateRFQRequest sizes quotes against the target cost; a quote's bids are prices 0–1). Kalshi's
// answer is not recorded: the generic 400 invalid_parameters of kalshi-api-notes §3.2, naming the field.
const TICKER = 'KXFED-26DEC15-T4.00';
let h: Harness;

beforeEach(async () => {
  h = await harness({ seed: 3, now: Date.UTC(2026, 10, 20, 12) });
});

const createRfq = (fields: Record<string, unknown>) =>
  h.call('POST', '/communications/rfqs', { market_ticker: TICKER, rest_remainder: false, ...fields });

const openRfqs = async () => (await h.call('GET', '/communications/rfqs?status=open')).body.rfqs.length;

describe('CreateRFQ amounts', () => {
  it.each([
    [{ target_cost_dollars: '-1.00' }, 'target_cost_dollars'],
    [{ target_cost_dollars: '-0.0001', contracts_fp: '5' }, 'target_cost_dollars'],
    [{ target_cost_centi_cents: -100 }, 'target_cost_centi_cents'],
    [{ contracts_fp: '-1', target_cost_dollars: '5.00' }, 'contracts_fp'],
    [{ contracts: -1, target_cost_dollars: '5.00' }, 'contracts'],
  ])('refuses %j naming %s, and opens no RFQ', async (fields, field) => {
    const before = await openRfqs();
    const response = await createRfq(fields);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'invalid_parameters',
      details: `${field} must not be negative`,
    });
    expect(await openRfqs()).toBe(before);
  });

  // CreateRFQRequest.contracts_fp: "if contracts is also provided, both values must match" (the generic refusal).
  it('refuses contracts and contracts_fp that differ, naming both, and opens an RFQ when they match', async () => {
    const before = await openRfqs();
    const differ = await createRfq({ contracts: 5, contracts_fp: '4.00' });
    expect(differ.status).toBe(400);
    expect(differ.body.error).toMatchObject({
      code: 'invalid_parameters',
      details: 'contracts and contracts_fp must match',
    });
    expect(await openRfqs()).toBe(before);
    const match = await createRfq({ contracts: 5, contracts_fp: '5.00' });
    expect(match.status).toBe(201);
    expect((await h.call('GET', `/communications/rfqs/${match.body.id}`)).body.rfq.contracts_fp).toBe('5.00');
  });

  // The integer twins of contracts_fp and target_cost_dollars (spec: `contracts` integer, `target_cost_centi_cents`
  // int64) are bounded as the strings are ("too large" past what the fixed-point fields hold). Before the fix
  // `contracts: 1e14` and `target_cost_centi_cents: 2^53 − 1` opened RFQs that no list could write: every user's
  // GET /communications/rfqs (RFQs are public) answered 400 from then on.
  it.each([
    [{ contracts: 100_000_000_000_000 }, 'contracts'],
    [{ target_cost_centi_cents: Number.MAX_SAFE_INTEGER }, 'target_cost_centi_cents'],
  ])('refuses %j naming %s, and the RFQ list still answers', async (fields, field) => {
    const response = await createRfq(fields);
    expect([response.status, response.body.error?.code]).toEqual([400, 'invalid_parameters']);
    expect(response.body.error.details).toContain(field);
    const list = await h.call('GET', '/communications/rfqs');
    expect(list.status).toBe(200);
  });

  it('still opens an RFQ sized by a positive target cost alone', async () => {
    const response = await createRfq({ target_cost_dollars: '5.00' });
    expect(response.status).toBe(201);
    const rfq = await h.call('GET', `/communications/rfqs/${response.body.id}`);
    expect(rfq.body.rfq).toMatchObject({ status: 'open', target_cost_dollars: '5.0000' });
  });

  // The refusal names the request's fields ("contracts or target_cost" named one that does not exist).
  it('reads a zero target cost as none given, as a Go non-pointer field does', async () => {
    const response = await createRfq({ target_cost_dollars: '0.00' });
    expect([response.status, response.body.error?.details]).toEqual([
      400,
      'contracts_fp, contracts, target_cost_dollars or target_cost_centi_cents is required (a zero is none)',
    ]);
  });
});

describe('CreateQuote amounts', () => {
  it.each([
    ['-0.01', '0.50'],
    ['0.50', '-0.01'],
  ])('refuses yes_bid %s / no_bid %s', async (yesBid, noBid) => {
    const rfq = await createRfq({ contracts_fp: '10' });
    const key = generateKeyPairSync({ type: 'ed25519' });
    h.mock.exchange.addApiKey({ keyId: key.keyId, publicKeyPem: key.publicKeyPem });
    const signer = await createSigner({ keyId: key.keyId, privateKey: key.privateKeyPem });
    const body = { rfq_id: rfq.body.id, yes_bid: yesBid, no_bid: noBid, rest_remainder: false };
    const response = await call(h.mock, signer, BASE, 'POST', '/communications/quotes', body);
    expect([response.status, response.body.error?.code]).toEqual([400, 'invalid_price']);
  });
});

// Round 31's leftover ("quote/RFQ 0–1 decimals"): a quote's bids and an RFQ's target cost are FixedPointDollars
// request fields, and requests take 2 to 4 decimals (spec FixedPointDollars: "Most request fields accept 2-4 decimal
// places (e.g., "0.56", "0.5600")"; kalshi-api-notes §4), as an order's `price` does in the mock (routes.ts
// requestDollars). A zero bid (no bid on that side) is written "0.00" by the same rule. Kalshi's code for a quote is
// not recorded: the 400 `invalid_price` an order's price gets, and for the target cost the generic 400 of §3.2, each
// naming the field. Before the fix "0.5", "0" and "5" were taken.
describe('request dollar strings take 2 to 4 decimals', () => {
  const quoteAs = async () => {
    const key = generateKeyPairSync({ type: 'ed25519' });
    h.mock.exchange.addApiKey({ keyId: key.keyId, publicKeyPem: key.publicKeyPem });
    const signer = await createSigner({ keyId: key.keyId, privateKey: key.privateKeyPem });
    return (body: unknown) => call(h.mock, signer, BASE, 'POST', '/communications/quotes', body);
  };

  it.each([
    ['0.5', '0.40', 'yes_bid'],
    ['0.40', '0.6', 'no_bid'],
    ['0', '0.40', 'yes_bid'],
    ['0.40', '0', 'no_bid'],
    ['0.40000', '0.40', 'yes_bid'],
  ])('refuses yes_bid %s / no_bid %s, naming %s, and records no quote', async (yesBid, noBid, field) => {
    const rfq = await createRfq({ contracts_fp: '10' });
    const quote = await quoteAs();
    const response = await quote({ rfq_id: rfq.body.id, yes_bid: yesBid, no_bid: noBid, rest_remainder: false });
    expect([response.status, response.body.error?.code]).toEqual([400, 'invalid_price']);
    expect(response.body.error.details).toContain(field);
    expect((await h.call('GET', '/communications/quotes')).body.quotes).toEqual([]);
  });

  it.each([
    ['0.50', '0.00'],
    ['0.0000', '0.4500'],
  ])('takes yes_bid %s / no_bid %s', async (yesBid, noBid) => {
    const rfq = await createRfq({ contracts_fp: '10' });
    const quote = await quoteAs();
    const response = await quote({ rfq_id: rfq.body.id, yes_bid: yesBid, no_bid: noBid, rest_remainder: false });
    expect([response.status, response.body.error]).toEqual([201, undefined]);
  });

  it.each(['5', '5.5', '5.00001'])('refuses target_cost_dollars %s, naming it, and opens no RFQ', async (cost) => {
    const before = await openRfqs();
    const response = await createRfq({ target_cost_dollars: cost });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toContain('target_cost_dollars');
    expect(await openRfqs()).toBe(before);
  });
});
