import { createSigner } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { beforeEach, expect, it } from 'vitest';
import { BASE, call, type Harness, harness } from '../helpers';

// An RFQ of a trillion contracts is a legal size (notes §4: a count with 0.01 granularity, no upper bound given), and
// its cost is beyond any balance: notes §10.6 "cost > balance → 400 insufficient_balance", as an order of that size
// gets (test/orders/unaffordable-count.test.ts). Accepting a quote on it answered 400 invalid_parameters naming the
// mock's arithmetic (Number.MAX_SAFE_INTEGER) instead. The notes are silent on RFQs' own answer here; this is the
// order's, which the mock already gives an RFQ its creator cannot pay for (rfq.test.ts).
const QUOTER_ID = '5b0f2c1e-8d7a-4c3b-9e6f-0a1b2c3d4e5f';
const TICKER = 'KXFED-26DEC15-T4.00';

let h: Harness;
let quoter: (method: string, path: string, body?: unknown) => ReturnType<Harness['call']>;

beforeEach(async () => {
  h = await harness({ seed: 3, now: Date.UTC(2026, 10, 20, 12) });
  const key = generateKeyPairSync({ type: 'ed25519' });
  h.mock.exchange.addApiKey({ keyId: key.keyId, publicKeyPem: key.publicKeyPem, userId: QUOTER_ID });
  const signer = await createSigner({ keyId: key.keyId, privateKey: key.privateKeyPem });
  quoter = (method, path, body) => call(h.mock, signer, BASE, method, path, body);
});

it('accepting a quote on an RFQ of a trillion contracts is refused 400 insufficient_balance, the quote left open', async () => {
  const created = await h.call('POST', '/communications/rfqs', {
    market_ticker: TICKER,
    contracts_fp: '1000000000000.00',
    rest_remainder: false,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const quoted = await quoter('POST', '/communications/quotes', {
    rfq_id: created.body.id,
    yes_bid: '0.4000',
    no_bid: '0.5500',
    rest_remainder: false,
  });
  expect(quoted.status, JSON.stringify(quoted.body)).toBe(201);
  const quoteId = quoted.body.id as string;
  const accepted = await h.call('PUT', `/communications/quotes/${quoteId}/accept`, { accepted_side: 'yes' });
  expect([accepted.status, accepted.body]).toEqual([
    400,
    { error: expect.objectContaining({ code: 'insufficient_balance' }) },
  ]);
  expect((await h.call('GET', `/communications/quotes/${quoteId}`)).body.quote.status).toBe('open');
});
