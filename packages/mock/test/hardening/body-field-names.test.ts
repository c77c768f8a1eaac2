import { describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { communications } from '../../src/exchange/rfqs';
import { createSubaccount } from '../../src/exchange/subaccounts';
import { type OperationId, operations } from '../../src/generated/manifest';
import { requestBodySchema, resolveRef } from '../../src/schema/spec';
import { harness, sameShardTransfer } from '../helpers';

// Spec-driven: for the write operations outside the order engine, each field of a body Kalshi would take is broken in
// each way its schema (3.31.0) forbids — left out when required, the wrong JSON type, a value outside its enum or
// bounds — and the answer is a 400 in one of Kalshi's shapes (notes §3.1: the flat `bad_request` for a wrong JSON
// type, the nested `invalid_parameters` otherwise) that names the field (common brief: errors name the field). A
// refused request changes nothing, so one exchange serves every case.
const PEER = '2c9d8e7f-6a5b-4c3d-8e1f-0a9b8c7d6e5f';

async function setup() {
  const h = await harness({ seed: 7, now: Date.UTC(2026, 11, 1), usageTier: 'prime' });
  const { exchange } = h.mock;
  exchange.account(PEER);
  createSubaccount(exchange, TEST_USER_ID);
  const ticker = [...exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
  const rfq = communications(exchange).createRfq(PEER, { ticker, contracts: 100, restRemainder: false });
  const cases: [OperationId, string, string, Record<string, unknown>][] = [
    [
      'CreateRFQ',
      'POST',
      '/communications/rfqs',
      { market_ticker: ticker, contracts_fp: '1.00', rest_remainder: false },
    ],
    [
      'CreateQuote',
      'POST',
      '/communications/quotes',
      { rfq_id: rfq.id, yes_bid: '0.4000', no_bid: '0.5000', rest_remainder: false },
    ],
    [
      'ProposeBlockTrade',
      'POST',
      '/communications/block-trade-proposals',
      {
        buyer_user_id: TEST_USER_ID,
        seller_user_id: PEER,
        market_ticker: ticker,
        price_centi_cents: 5000,
        centicount: 100,
        maker_side: 'yes',
        expiration_ts: '2026-12-01T01:00:00Z',
      },
    ],
    [
      'ApplySubaccountTransfer',
      'POST',
      '/portfolio/subaccounts/transfer',
      {
        client_transfer_id: '3f0c8b8e-6a0e-4a55-9a49-1d1f3a2e9b10',
        from_subaccount: 0,
        to_subaccount: 1,
        amount_cents: 5,
      },
    ],
    ['IntraExchangeInstanceTransfer', 'POST', '/portfolio/intra_exchange_instance_transfer', sameShardTransfer()],
    ['GenerateApiKey', 'POST', '/api_keys/generate', { name: 'k', scopes: ['read', 'write'], subaccount: 1 }],
    ['UpdateSubaccountNetting', 'PUT', '/portfolio/subaccounts/netting', { subaccount_number: 1, enabled: false }],
  ];
  return { h, cases };
}

/** Each way the schema of `property` forbids a value, as [what, value] (undefined: the field left out). */
function breaks(property: Record<string, unknown>, required: boolean): [string, unknown][] {
  const out: [string, unknown][] = required ? [['left out', undefined]] : [];
  out.push(['of the wrong type', property.type === 'string' ? 12 : property.type === 'boolean' ? 'yes' : 'abc']);
  if (Array.isArray(property.enum)) out.push(['outside its enum', 'bogus']);
  if (typeof property.maximum === 'number') out.push(['above its maximum', property.maximum + 1]);
  if (typeof property.minimum === 'number') out.push(['below its minimum', property.minimum - 1]);
  return out;
}

describe('a body field broken as its schema forbids', () => {
  it('is refused with a 400 naming the field, for every field of each write outside the order engine', {
    timeout: 60_000,
  }, async () => {
    const { h, cases } = await setup();
    let checked = 0;
    for (const [operationId, method, path, body] of cases) {
      const schema = resolveRef(requestBodySchema(operations[operationId]));
      // Each body as it is gets a 2xx from the mock, so each refusal below is its one broken field's.
      const required = new Set<string>(schema.required ?? []);
      for (const [field, raw] of Object.entries<Record<string, unknown>>(schema.properties ?? {})) {
        for (const [what, value] of breaks(resolveRef(raw), required.has(field))) {
          const { [field]: _, ...rest } = body;
          const response = await h.call(method, path, value === undefined ? rest : { ...body, [field]: value });
          const where = `${operationId} ${field} ${what}: ${JSON.stringify(response.body)}`;
          expect(response.status, where).toBe(400);
          const error = response.body.error ?? response.body;
          expect(['invalid_parameters', 'bad_request'], where).toContain(error.code);
          expect(String(error.details), where).toContain(field);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
