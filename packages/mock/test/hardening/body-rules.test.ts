import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { type Harness, harness } from '../helpers';

// Request-body combinations the spec 3.31.0 forbids in words its schemas cannot express. Kalshi's status and code for
// them are not recorded: the mock answers the notes' generic 400 `invalid_parameters` (§3.2) naming the fields, as it
// does for the query-parameter conflicts (query-rules.ts), and changes nothing.

const OTHER_ID = '5b0f2c1e-8d7a-4c3b-9e6f-0a1b2c3d4e5f';
const TICKER = 'KXBODY-26DEC31-T1';

const KEY = generateKeyPairSync({ type: 'ed25519' });

let h: Harness;
beforeEach(async () => {
  h = await harness({ empty: true, now: Date.UTC(2026, 10, 20, 12), seed: 4 });
  h.mock.exchange.addMarket({ ticker: TICKER });
  // The block trade's counterparty: an account the exchange knows.
  h.mock.exchange.addApiKey({ keyId: KEY.keyId, publicKeyPem: KEY.publicKeyPem, userId: OTHER_ID });
});

function expectRefused(
  response: { status: number; body: { error: { code: string; details?: string } } },
  ...fields: string[]
) {
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('invalid_parameters');
  for (const field of fields) expect(response.body.error.details).toContain(field);
}

describe('CreateRFQ target_cost_excludes_fees ("Only valid together with a target cost")', () => {
  const rfq = (fields: Record<string, unknown>) =>
    h.call('POST', '/communications/rfqs', { market_ticker: TICKER, rest_remainder: false, ...fields });

  it('is refused with a contract count and no target cost', async () => {
    expectRefused(await rfq({ contracts_fp: '5', target_cost_excludes_fees: true }), 'target_cost_excludes_fees');
    expect((await h.call('GET', '/communications/rfqs')).body.rfqs).toEqual([]);
  });

  it('is accepted with a target cost, and false is accepted without one', async () => {
    expect((await rfq({ target_cost_dollars: '10.00', target_cost_excludes_fees: true })).status).toBe(201);
    expect((await rfq({ contracts_fp: '5', target_cost_excludes_fees: false })).status).toBe(201);
  });
});

describe('ProposeBlockTrade subaccount and subtrader ("Provide either this or …, not both")', () => {
  const propose = (fields: Record<string, unknown>) =>
    h.call('POST', '/communications/block-trade-proposals', {
      buyer_user_id: TEST_USER_ID,
      seller_user_id: OTHER_ID,
      market_ticker: TICKER,
      price_centi_cents: 5000,
      centicount: 100,
      maker_side: 'yes',
      expiration_ts: new Date(Date.UTC(2026, 10, 20, 13)).toISOString(),
      ...fields,
    });

  it.each([
    ['buyer', { buyer_subaccount: 0, buyer_subtrader_id: `${TEST_USER_ID}_a1` }],
    ['seller', { seller_subaccount: 0, seller_subtrader_id: `${OTHER_ID}_a1` }],
  ])('both for the %s is refused, naming the two fields', async (party, fields) => {
    expectRefused(await propose(fields), `${party}_subaccount`, `${party}_subtrader_id`);
    expect((await h.call('GET', '/communications/block-trade-proposals')).body.block_trade_proposals).toEqual([]);
  });

  it('a subaccount alone is accepted', async () => {
    expect((await propose({ buyer_subaccount: 0 })).status).toBe(201);
  });
});

describe('API key subaccount and fcm_subtrader_id ("Mutually exclusive")', () => {
  it.each([
    ['GenerateApiKey', '/api_keys/generate', {}],
    ['CreateApiKey', '/api_keys', { public_key: generateKeyPairSync({ type: 'ed25519' }).publicKeyPem }],
  ])('%s with both is refused, naming the two fields, and mints no key', async (_, path, extra) => {
    const before = (await h.call('GET', '/api_keys')).body.api_keys.length;
    const response = await h.call('POST', path, {
      name: 'desk',
      subaccount: 0,
      fcm_subtrader_id: `${TEST_USER_ID}_a1`,
      ...extra,
    });
    expectRefused(response, 'subaccount', 'fcm_subtrader_id');
    expect((await h.call('GET', '/api_keys')).body.api_keys).toHaveLength(before);
  });

  // Spec: 403 "fcm_subtrader_id from a non-FCM caller", on both key operations.
  it.each([
    ['GenerateApiKey', '/api_keys/generate', {}],
    ['CreateApiKey', '/api_keys', { public_key: generateKeyPairSync({ type: 'ed25519' }).publicKeyPem }],
  ])(
    '%s with fcm_subtrader_id alone is 403: "FCM members only", and the mock\'s accounts are direct members',
    async (_, path, extra) => {
      const before = (await h.call('GET', '/api_keys')).body.api_keys.length;
      const response = await h.call('POST', path, { name: 'desk', fcm_subtrader_id: `${TEST_USER_ID}_a1`, ...extra });
      expect(response.status).toBe(403);
      expect(response.body.error.details).toContain('fcm_subtrader_id');
      expect((await h.call('GET', '/api_keys')).body.api_keys).toHaveLength(before);
    },
  );

  // The notes are silent on an empty string here; the mock reads "" as Go's absent value for a string field
  // (query-rules.ts `given`; the key routes' own `given`), so an empty fcm_subtrader_id beside a subaccount is not
  // "both".
  it('GenerateApiKey with a subaccount and an empty fcm_subtrader_id is not refused as both: the key is minted', async () => {
    const before = (await h.call('GET', '/api_keys')).body.api_keys.length;
    const response = await h.call('POST', '/api_keys/generate', { name: 'desk', subaccount: 0, fcm_subtrader_id: '' });
    expect(response.status).toBe(201);
    expect((await h.call('GET', '/api_keys')).body.api_keys).toHaveLength(before + 1);
  });
});
