// Round 28, attacker J: order helpers whose outcome is unknown must say so, and never report more than the exchange
// did. Each test is expected to fail on r28-J (a defect); stubs answer as Kalshi does (kalshi-api-notes §5).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { amendOrder, decreaseOrder, KalshiUnconfirmedWriteError, placeOrders } from '../../src';
import { json, lost, observedClient, settle, testSigner } from '../helpers';
import { useKalshiMock } from '../mock-server';

const { kalshi, client: mockClient } = useKalshiMock({ seed: 28, now: () => Date.now() });
afterEach(() => {
  vi.useRealTimers();
});

/** An Order as GET /portfolio/orders/{id} answers it (kalshi-api-notes §5.4): a resting YES bid. */
function order(fields: Record<string, unknown> = {}) {
  return {
    order_id: 'o-1',
    user_id: 'u',
    client_order_id: 'c-1',
    ticker: 'KX-T',
    outcome_side: 'yes',
    book_side: 'bid',
    side: 'yes',
    action: 'buy',
    type: 'limit',
    status: 'resting',
    yes_price_dollars: '0.4000',
    no_price_dollars: '0.6000',
    fill_count_fp: '0.00',
    remaining_count_fp: '5.00',
    initial_count_fp: '5.00',
    taker_fill_cost_dollars: '0.000000',
    maker_fill_cost_dollars: '0.000000',
    taker_fees_dollars: '0.000000',
    maker_fees_dollars: '0.000000',
    ...fields,
  };
}

/** A signer (a remote KMS, say) whose `failOn`-th signature fails; the others are the test key's. */
async function flakySigner(failOn: number) {
  const inner = await testSigner();
  let n = 0;
  return {
    keyId: inner.keyId,
    algorithm: inner.algorithm,
    sign: async (input: Parameters<typeof inner.sign>[0]) => {
      if (++n === failOn) throw new Error('KMS unavailable');
      return inner.sign(input);
    },
  };
}

const path = (request: Request) => `${request.method} ${new URL(request.url).pathname.replace('/trade-api/v2', '')}`;

describe('an absolute write sent again after a lost answer (sendReadingBack, round 2+)', () => {
  // Round 1's amend may have acted (its answer was lost); the read does not show it yet (reads lag writes, §5.11), so
  // round 2 sends it again, and that request fails before it is sent. The caller must learn the amend may have acted.
  it('amendOrder: a failure sending round 2 still says round 1 may have acted (mayHaveActed, order named)', async () => {
    const { client, requests } = await observedClient(
      (request) => {
        const p = path(request);
        if (p === 'POST /portfolio/events/orders/o-1/amend') return lost();
        if (p === 'GET /portfolio/orders/o-1') return json({ order: order() });
        return json({}, 500);
      },
      { credentials: await flakySigner(3) },
    );
    const error = await amendOrder(client, {
      orderId: 'o-1',
      ticker: 'KX-T',
      action: 'buy',
      side: 'yes',
      price: '0.45',
      count: 5,
    }).catch((e: unknown) => e);
    expect(requests.map(path)).toEqual(['POST /portfolio/events/orders/o-1/amend', 'GET /portfolio/orders/o-1']);
    // Got: KalshiCredentialsError "signing_failed", no mayHaveActed, no orderId: reads as "nothing sent".
    expect(error).toMatchObject({ orderId: 'o-1', mayHaveActed: true });
  });

  it('decreaseOrder reduceTo: a failure sending round 2 still says round 1 may have acted', async () => {
    const { client } = await observedClient(
      (request) => {
        const p = path(request);
        if (p === 'POST /portfolio/events/orders/o-1/decrease') return lost();
        if (p === 'GET /portfolio/orders/o-1') return json({ order: order() });
        return json({}, 500);
      },
      { credentials: await flakySigner(3) },
    );
    const error = await decreaseOrder(client, { orderId: 'o-1', reduceTo: 2 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ orderId: 'o-1', mayHaveActed: true });
  });
});

describe('no retries asked for: an amend whose answer was lost is not sent again', () => {
  // The client's `retry: false` (README: "false: none") and a call's `retry: { maxRetries: 0 }` both ask for one
  // attempt; sendReadingBack (orders.ts) only counts a call's own `retry: false`, so the amend goes out 3 times.
  const amendsSent = async (clientRetry: false | undefined, callRetry: { maxRetries: 0 } | undefined) => {
    const { client, requests } = await observedClient(
      (request) => {
        const p = path(request);
        if (p === 'POST /portfolio/events/orders/o-1/amend') return lost();
        // Still the order as before the amend: the read lags the write (kalshi-api-notes §5.11).
        if (p === 'GET /portfolio/orders/o-1') return json({ order: order() });
        return json({}, 500);
      },
      clientRetry === false ? { retry: false } : {},
    );
    const input = { orderId: 'o-1', ticker: 'KX-T', action: 'buy', side: 'yes', price: '0.45', count: 5 } as const;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const error = await settle(amendOrder(client, callRetry ? { ...input, retry: callRetry } : input)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    return requests.map(path).filter((p) => p.endsWith('/amend')).length;
  };

  it('client created with retry: false: one amend sent', async () => {
    expect(await amendsSent(false, undefined)).toBe(1);
  });

  it('call with retry: { maxRetries: 0 }: one amend sent', async () => {
    expect(await amendsSent(undefined, { maxRetries: 0 })).toBe(1);
  });
});

describe('placeOrders: one client_order_id given to two orders of a batch', () => {
  // Without a lost answer the second item is refused (409 order_already_exists, §5.6) and reported so. With the
  // batch's first answer lost (the exchange placed the first item, refused the second), the retry is refused for both,
  // both are looked up, and both are reported placed: two placements reported, one order on the exchange.
  it('after a lost answer: no more orders reported placed than the exchange holds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const ticker = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    const k = await mockClient();
    kalshi.faults.add({ operation: 'BatchCreateOrdersV2', kind: 'commit-then-drop', times: 1 });
    const one = { ticker, action: 'buy', side: 'yes', count: 1, priceCents: 1, clientOrderId: 'dup-1' } as const;
    const results = await settle(placeOrders(k, [one, one]));
    const held = [...kalshi.exchange.orders.values()].filter((o) => o.clientOrderId === 'dup-1');
    expect(held).toHaveLength(1);
    expect(results.filter((r) => r.ok)).toHaveLength(held.length);
  });
});

describe('amendOrder under read lag: a stale read can show the amend "in effect" from before an earlier amend', () => {
  // Reads lag writes by a few hundred ms (kalshi-api-notes §5.11). A bot moves its bid 1¢ → 2¢ (answered), then back to
  // 1¢; that amend's answer is lost and it did not act (a 503, or a connection lost before the exchange took it). The
  // read back shows the order as it was before the first amend — at 1¢ — which `inEffect` takes as this amend applied:
  // amendOrder reports the order amended to 1¢ (recovered) while it rests at 2¢ on the exchange.
  it.each([
    ['a 503 (not applied)', { kind: 'status', status: 503 }],
    ['a connection error (not applied)', { kind: 'network-error' }],
  ] as const)('after %s: never reports a price the order does not have', async (_name, fault) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const ticker = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    const k = await mockClient();
    const placed = await settle(k.placeOrder({ ticker, action: 'buy', side: 'yes', count: 3, priceCents: 1 }));
    await vi.advanceTimersByTimeAsync(1_000); // older than the lag below
    kalshi.faults.add({ kind: 'stale-read', operation: 'GetOrder', lagMs: 360 });
    kalshi.faults.add({ kind: 'stale-read', operation: 'GetOrders', lagMs: 360 });
    const up = await settle(k.amendOrder({ order: placed, priceCents: 2, count: 3 }));
    expect(up.recovered).toBe(false);
    kalshi.faults.add({ operation: 'AmendOrderV2', times: 1, ...fault });
    const back = await settle(k.amendOrder({ order: placed, priceCents: 1, count: 3 })).catch((e: unknown) => e);
    const onExchange = kalshi.exchange.orders.get(placed.order_id)!.price; // micro-dollars
    // Either the amend is in effect (1¢), or the helper must not say it is.
    // Got: { recovered: true, price: '0.01', order: { yes_price_dollars: '0.0100', … } } with the order at 2¢ (20_000).
    if (onExchange !== 10_000)
      expect({ onExchange, back }).toMatchObject({ back: expect.any(KalshiUnconfirmedWriteError) });
    else expect(back).toMatchObject({ order_id: placed.order_id });
  });
});

describe('decreaseOrder({ reduceTo }) under read lag: a stale read from before an amend up', () => {
  // Same root as above: the order is amended up 3 → 5 (answered), then decreased to 3; that decrease is answered 503
  // and did not act. The read back (lagging) shows 3 remaining from before the amend, taken as the decrease applied.
  it('after a 503 (not applied): never reports a remaining count the order does not have', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const ticker = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    const k = await mockClient();
    const placed = await settle(k.placeOrder({ ticker, action: 'buy', side: 'yes', count: 3, priceCents: 1 }));
    await vi.advanceTimersByTimeAsync(1_000);
    kalshi.faults.add({ kind: 'stale-read', operation: 'GetOrder', lagMs: 360 });
    await settle(k.amendOrder({ order: placed, priceCents: 1, count: 5 }));
    kalshi.faults.add({ operation: 'DecreaseOrderV2', kind: 'status', status: 503, times: 1 });
    const back = await settle(k.decreaseOrder({ order: placed, reduceTo: 3 })).catch((e: unknown) => e);
    const onExchange = kalshi.exchange.orders.get(placed.order_id)!.remainingCount; // centi-contracts
    // Got: { recovered: true, remaining_count: '3.00' } with 5 remaining on the exchange (500).
    if (onExchange !== 300)
      expect({ onExchange, back }).toMatchObject({ back: expect.any(KalshiUnconfirmedWriteError) });
    else expect(back).toMatchObject({ order_id: placed.order_id });
  });
});
