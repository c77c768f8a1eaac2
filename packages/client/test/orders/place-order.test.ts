import { TEST_USER_ID } from '@org/kalshi-mock';
import { describe, expect, it } from 'vitest';
import { KalshiConflictError, KalshiValidationError, toCreateOrderRequest } from '../../src';
import { observedClient } from '../helpers';
import { useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 9 });
const activeTickers = () =>
  [...kalshi.exchange.markets.values()].filter((m) => m.status === 'active').map((m) => m.ticker);

describe('the intuitive form maps exactly onto the V2 book (YES leg)', () => {
  it.each([
    ['buy', 'yes', '0.40', 'bid', '0.4000'],
    ['sell', 'yes', '0.40', 'ask', '0.4000'],
    ['buy', 'no', '0.40', 'ask', '0.6000'],
    ['sell', 'no', '0.40', 'bid', '0.6000'],
    ['buy', 'no', '0.0350', 'ask', '0.9650'],
  ] as const)('%s %s at %s → %s at %s', (action, side, price, v2Side, v2Price) => {
    const request = toCreateOrderRequest({ ticker: 'T', action, side, price, count: 2 });
    expect(request).toMatchObject({
      side: v2Side,
      price: v2Price,
      count: '2.00',
      time_in_force: 'good_till_canceled',
      self_trade_prevention_type: 'taker_at_cross',
    });
    expect(request.client_order_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends the optional terms as Kalshi names them: whole Unix seconds, cancel_order_on_pause', () => {
    const request = toCreateOrderRequest({
      ...{ ticker: 'T', action: 'buy', side: 'yes', price: '0.40', count: 1 },
      expiresAt: new Date('2030-01-01T00:00:00.900Z'),
      cancelOnPause: true,
      reduceOnly: false,
      subaccount: 2,
    });
    expect(request).toMatchObject({ expiration_time: 1_893_456_000, cancel_order_on_pause: true, subaccount: 2 });
    expect(
      toCreateOrderRequest({ ticker: 'T', action: 'buy', side: 'yes', price: '0.4', count: 1 }),
    ).not.toHaveProperty('cancel_order_on_pause');
  });

  // README: "`subaccount` (0–63)"; notes §5.2: subaccount "int 0‑63, default 0" — 0, the primary account, is sent.
  it('sends subaccount 0 (the primary account) as 0', () => {
    const request = toCreateOrderRequest({
      ticker: 'T',
      action: 'buy',
      side: 'yes',
      price: '0.40',
      count: 1,
      subaccount: 0,
    });
    expect(request).toMatchObject({ subaccount: 0 });
  });

  it('takes integer cents too', () => {
    expect(toCreateOrderRequest({ ticker: 'T', action: 'buy', side: 'no', priceCents: 1, count: '0.5' })).toMatchObject(
      { side: 'ask', price: '0.9900', count: '0.50' },
    );
  });
});

describe('invalid orders are rejected before any request, naming the field', () => {
  it.each([
    [{ price: '1.00' }, 'price', /above \$0 and below \$1/],
    [{ price: '0' }, 'price', /above \$0/],
    [{ price: '0.123456' }, 'price', /at most 4 allowed/],
    [{ price: 0.5 as unknown as string }, 'price', /dollar string/],
    [{ price: undefined, priceCents: 40.5 }, 'priceCents', /not a whole number of cents/],
    // Round 32 (a new user from JavaScript): `priceCents: '40'` was refused as "40 is not a whole number of cents",
    // which it reads as; the message says it is a string.
    [
      { price: undefined, priceCents: '40' },
      'priceCents',
      /^priceCents: must be a whole number of cents such as 40, got a string \(dollars go in price\)$/,
    ],
    [{ price: undefined }, 'price', /exactly one of price/],
    [{ priceCents: 40 }, 'price', /exactly one of price/],
    [{ count: 0 }, 'count', /above 0/],
    [{ count: -1 }, 'count', /above 0/],
    [{ count: 1.234 }, 'count', /at most 2 allowed/],
    [{ side: 'maybe' }, 'side', /"yes" or "no"/],
    // Outside test round 2, item 4: these were sent as given. Spec CreateOrderV2Request: expiration_time is whole Unix
    // seconds, only with good_till_canceled; reduce_only only with immediate_or_cancel; subaccount ≥ 0.
    [{ expiresAt: new Date('garbage') }, 'expiresAt', /Invalid Date/],
    [{ expiresAt: 1_893_456_000.5 }, 'expiresAt', /whole Unix seconds/],
    [{ expiresAt: 1_893_456_000_000 }, 'expiresAt', /not ms/],
    // orders.ts expirationOf: "Unix seconds stay below 1e11 until the year 5138; a larger number is milliseconds" —
    // 1e11 itself is ms (notes §5.7 are silent on the boundary).
    [{ expiresAt: 100_000_000_000 }, 'expiresAt', /not ms/],
    [{ expiresAt: 1_893_456_000, timeInForce: 'immediate_or_cancel' }, 'expiresAt', /good_till_canceled/],
    [{ reduceOnly: true }, 'reduceOnly', /immediate_or_cancel/],
    [{ reduceOnly: 'yes' }, 'reduceOnly', /true or false/],
    [{ timeInForce: 'gtc' }, 'timeInForce', /good_till_canceled, immediate_or_cancel, fill_or_kill/],
    [{ selfTradePrevention: 'cancel' }, 'selfTradePrevention', /taker_at_cross, maker/],
    // Kalshi shows an order placed without an id as client_order_id "": an empty id is no id, and retrying a lost
    // create without one could place it twice (the Go zero value; Kalshi's handling of "" is not in the notes).
    [{ clientOrderId: '' }, 'clientOrderId', /non-empty string/],
    [{ orderGroupId: '' }, 'orderGroupId', /non-empty string/],
    [{ subaccount: -1 }, 'subaccount', /whole number 0–63/],
    [{ subaccount: 1.5 }, 'subaccount', /whole number 0–63/],
    // Outside test round 4 (G-D8): notes §5.2 give subaccount as int 0–63; 64 was sent.
    [{ subaccount: 64 }, 'subaccount', /whole number 0–63/],
  ])('%j', async (overrides, field, message) => {
    const { client: stub, requests } = await observedClient(() => new Response(null, { status: 500 }));
    const error = (await stub
      .placeOrder({ ticker: 'T', action: 'buy', side: 'yes', price: '0.40', count: 1, ...(overrides as object) })
      .catch((e: unknown) => e)) as KalshiValidationError;
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(requests).toHaveLength(0);
  });
});

describe('placeOrder against the mock exchange', () => {
  it('places, amends, decreases and cancels', async () => {
    const k = await client();
    const [ticker] = activeTickers();
    const placed = await k.placeOrder({ ticker: ticker!, action: 'buy', side: 'yes', count: 3, price: '0.01' });
    expect(placed).toMatchObject({ remaining_count: '3.00', recovered: false });
    await k.amendOrder({
      orderId: placed.order_id,
      ticker: ticker!,
      action: 'buy',
      side: 'yes',
      price: '0.02',
      count: 3,
    });
    expect((await k.decreaseOrder({ orderId: placed.order_id, reduceBy: 1 })).remaining_count).toBe('2.00');
    expect((await k.cancelOrder({ orderId: placed.order_id })).reduced_by).toBe('2.00');
  });

  it('a reused client_order_id on a first attempt is a conflict, not a recovery', async () => {
    const k = await client();
    const [ticker] = activeTickers();
    await k.placeOrder({ ticker: ticker!, action: 'buy', side: 'yes', count: 1, price: '0.01', clientOrderId: 'dup' });
    const error = await k
      .placeOrder({ ticker: ticker!, action: 'buy', side: 'yes', count: 1, price: '0.01', clientOrderId: 'dup' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConflictError);
    // Round 26 C-N8: named by the id to look the order up by, as placeOrder's other failures after sending are.
    expect(error).toMatchObject({ code: 'order_already_exists', clientOrderId: 'dup' });
  });

  it('is exactly-once: 1,000 orders while 30% of creates commit and then drop the response', async () => {
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', probability: 0.3 });
    const k = await client({ retry: { maxRetries: 6, initialDelayMs: 1, maxDelayMs: 2 } });
    const tickers = activeTickers();
    const wanted = Array.from({ length: 1000 }, (_, i) => ({
      ticker: tickers[i % tickers.length]!,
      clientOrderId: `eo-${i}`,
    }));
    const placed = [];
    for (let i = 0; i < wanted.length; i += 50) {
      const batch = wanted.slice(i, i + 50);
      placed.push(
        ...(await Promise.all(
          batch.map((w) => k.placeOrder({ ...w, action: 'buy', side: 'yes', count: 1, price: '0.01' })),
        )),
      );
    }
    const mine = [...kalshi.exchange.orders.values()].filter((o) => o.userId === TEST_USER_ID);
    expect(mine).toHaveLength(1000);
    expect(new Set(mine.map((o) => o.clientOrderId)).size).toBe(1000);
    const byClientId = new Map(mine.map((o) => [o.clientOrderId, o.orderId]));
    for (const [i, result] of placed.entries()) {
      expect(result.client_order_id).toBe(`eo-${i}`);
      expect(result.order_id).toBe(byClientId.get(`eo-${i}`));
    }
    const recovered = placed.filter((p) => p.recovered).length;
    expect(recovered).toBeGreaterThan(200);
    expect(kalshi.faults.fired.get('CreateOrderV2')).toBeGreaterThanOrEqual(recovered);
  }, 120_000);
});
