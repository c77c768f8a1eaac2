import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pauseRule } from '../../src/exchange/pause';
import { exampleOf } from '../../src/schema/examples';
import { allOperations, requestBodySchema } from '../../src/schema/spec';
import { harness, order, sameShardTransfer } from '../helpers';

// Every operation of the spec (3.31.0, the manifest the mock is generated from), sent during each kind of pause, is
// refused or let through by one rule, whatever route serves it:
// - kalshi-api-notes §5.16: a trading pause (the weekly maintenance) is "no place/amend, cancels OK"; an RFQ
//   execution places orders (Kalshi's RFQ guide), so the RFQ / quote / block-trade writes that create or execute a
//   trade are refused with them (rfq-pauses.test.ts). That list is written out below, apart from the mock's own.
// - Spec ExchangeStatus.exchange_active: false means the exchange takes "no state changes at all" (notes §5.16:
//   "exchange pause blocks everything"; §5.11: cancels included): every operation but a GET is refused. The notes
//   name no write an exchange pause lets through. An operation the spec adds meets this by default.
// - A GET is never refused (reads change nothing; the notes never say a pause stops them).
// Batches answer per item (pauses.test.ts): every item refused counts as the batch refused.
// The refusal is 409 `trading_is_paused` / `exchange_is_paused` (as third parties recorded Kalshi's, pauses.test.ts).
const REFUSED_IN_TRADING_PAUSE = new Set([
  'CreateOrderV2',
  'BatchCreateOrdersV2',
  'AmendOrderV2',
  'CreateRFQ',
  'CreateQuote',
  'AcceptQuote',
  'AcceptRFQQuote',
  'ConfirmQuote',
  'ConfirmRFQQuote',
  'ProposeBlockTrade',
  'AcceptBlockTradeProposal',
]);

const T0 = Date.UTC(2026, 11, 3, 8);

// Requests the spec's examples do not make valid enough to reach the pause (the refusal follows the request's own
// checks): a body, or a query string.
const BODIES: Record<string, (ticker: string, example: Record<string, unknown>) => unknown> = {
  CreateOrderV2: (ticker) => order(ticker),
  BatchCreateOrdersV2: (ticker) => ({ orders: [order(ticker, { client_order_id: 'walk-1' })] }),
  BatchCancelOrdersV2: () => ({ orders: [{ order_id: '00000000-0000-4000-8000-000000000001' }] }),
  CreateQuote: () => ({
    rfq_id: '00000000-0000-4000-8000-000000000002',
    yes_bid: '0.4000',
    no_bid: '0.5500',
    rest_remainder: false,
  }),
  ProposeBlockTrade: (_, { buyer_subtrader_id, seller_subtrader_id, ...example }) => example,
  CreateRFQ: (ticker) => ({ market_ticker: ticker, contracts_fp: '10', rest_remainder: false }),
  IntraExchangeInstanceTransfer: () => sameShardTransfer(),
  CreateApiKey: () => ({ name: 'walk', public_key: publicKeyPem }),
  GenerateApiKey: () => ({ name: 'walk' }),
};
const QUERIES: Record<string, string> = { DeleteFCMEventContractDailyCap: '?subtrader_id=walk' };
const publicKeyPem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

const refusedIn = (operationId: string, method: string, kind: 'trading' | 'exchange') =>
  method !== 'get' && (kind === 'exchange' || REFUSED_IN_TRADING_PAUSE.has(operationId));

describe.each(['trading', 'exchange'] as const)('every operation of the spec during a %s pause', (kind) => {
  it('is refused or let through as the pause rule says', { timeout: 120_000 }, async () => {
    // Prime: the tier-gated writes get past their tier check.
    const h = await harness({ seed: 4, now: T0, rateLimit: 'prime' });
    const ticker = (await h.call('GET', '/markets?status=open&limit=1')).body.markets[0].ticker as string;
    expect((await h.call('POST', '/portfolio/subaccounts', {})).status).toBe(201); // a transfer's destination
    h.mock.exchange.pause({ kind });
    const isRefusal = (error: { code?: string } | undefined) => error?.code === `${kind}_is_paused`;
    let id = 0;
    const ctx = { now: () => T0, id: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}` };
    const seen: string[] = [];
    const wrong: string[] = [];
    for (const op of allOperations) {
      // Ids in the shape the path checks take (a UUID); the resource need not exist: the pause comes first.
      const path = op.path.replace(/\{[^}]+\}/g, (name) => (name === '{ticker}' ? ticker : ctx.id()));
      const schema = requestBodySchema(op);
      const example = schema ? exampleOf(schema, ctx) : undefined;
      const body = BODIES[op.operationId]?.(ticker, example as Record<string, unknown>) ?? example;
      const response = await h.call(
        op.method.toUpperCase(),
        path + (QUERIES[op.operationId] ?? ''),
        body ?? (op.method === 'get' ? undefined : {}),
      );
      const items =
        Array.isArray(response.body?.orders) && op.operationId.startsWith('Batch') ? response.body.orders : [];
      const refused =
        isRefusal(response.body?.error) ||
        (items.length > 0 &&
          items.every((item: { error?: { code?: string; details?: string } }) => isRefusal(item.error)));
      if (refused !== refusedIn(op.operationId, op.method, kind))
        wrong.push(
          `${op.operationId} ${refused ? 'refused' : 'let through'}: ${op.method} ${path} → ${response.status} ` +
            `${JSON.stringify(response.body)?.slice(0, 200)}`,
        );
      seen.push(op.operationId);
    }
    expect(wrong).toEqual([]);
    expect(seen.length).toBe(allOperations.length);
  });
});

it('refuses, in an exchange pause, a write the spec adds before anyone decides otherwise', () => {
  expect(pauseRule({ operationId: 'SomeFutureWrite', method: 'post' })).toBe('exchange');
  expect(pauseRule({ operationId: 'SomeFutureRead', method: 'get' })).toBe('none');
});
