// Order helpers after a lost answer (round 28, J): an outcome unknown is said to be, and no more is reported than the
// exchange did. Stubs answer as Kalshi does (kalshi-api-notes §5).
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  amendOrder,
  cancelOrders,
  decreaseOrder,
  KalshiUnconfirmedWriteError,
  KalshiValidationError,
  placeOrders,
} from '../../src';
import { json, lost, observedClient, restingOrder, settle, testSigner, useFakeClock } from '../helpers';
import { useKalshiMock } from '../mock-server';

const { kalshi, client: mockClient } = useKalshiMock({ seed: 28, now: () => Date.now() });
afterEach(() => {
  vi.useRealTimers();
});

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

describe('an absolute write sent again after a lost answer: a failure sending it again leaves it unconfirmed', () => {
  // Round 1's amend may have acted (its answer was lost); the read does not show it yet (reads lag writes, §5.11), so
  // round 2 sends it again, and that request fails before it is sent. The caller must learn the amend may have acted:
  // as the helpers report any write left unconfirmed, KalshiUnconfirmedWriteError 'maybe', the order named, the
  // failure as its cause (the attacker's `mayHaveActed: true` is what that error says by its kind).
  const unconfirmed = {
    name: 'KalshiUnconfirmedWriteError',
    applied: 'maybe',
    orderId: 'o-1',
    cause: { code: 'signing_failed' },
  };
  it('amendOrder: round 2 failing to send is KalshiUnconfirmedWriteError naming the order', async () => {
    const { client, requests } = await observedClient(
      (request) => {
        const p = path(request);
        if (p === 'POST /portfolio/events/orders/o-1/amend') return lost();
        if (p === 'GET /portfolio/orders/o-1') return json({ order: restingOrder() });
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
    // Was: KalshiCredentialsError "signing_failed", no orderId: it read as "nothing sent".
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject(unconfirmed);
  });

  it('decreaseOrder reduceTo: round 2 failing to send is KalshiUnconfirmedWriteError naming the order', async () => {
    const { client } = await observedClient(
      (request) => {
        const p = path(request);
        if (p === 'POST /portfolio/events/orders/o-1/decrease') return lost();
        if (p === 'GET /portfolio/orders/o-1') return json({ order: restingOrder() });
        return json({}, 500);
      },
      { credentials: await flakySigner(3) },
    );
    const error = await decreaseOrder(client, { orderId: 'o-1', reduceTo: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject(unconfirmed);
  });
});

describe('no retries asked for: an amend whose answer was lost is not sent again', () => {
  // The client's `retry: false` (README: "false: none") and a call's `retry: { maxRetries: 0 }` both ask for one
  // attempt (sendReadingBack counted only a call's own `retry: false`, and sent the amend 3 times).
  const amendsSent = async (clientRetry: false | undefined, callRetry: { maxRetries: 0 } | undefined) => {
    const { client, requests } = await observedClient(
      (request) => {
        const p = path(request);
        if (p === 'POST /portfolio/events/orders/o-1/amend') return lost();
        // Still the order as before the amend: the read lags the write (kalshi-api-notes §5.11).
        if (p === 'GET /portfolio/orders/o-1') return json({ order: restingOrder() });
        return json({}, 500);
      },
      clientRetry === false ? { retry: false } : {},
    );
    const input = { orderId: 'o-1', ticker: 'KX-T', action: 'buy', side: 'yes', price: '0.45', count: 5 } as const;
    useFakeClock();
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

describe('amendOrder: a lost amend read back in effect, whichever count the order reports as initial', () => {
  // Kalshi's amend `count` is the order's new max fillable count, "already filled count plus desired resting remaining
  // count" (kalshi-api-notes §5.9); the Order's `initial_count_fp` is "the initial size of the order" (spec Order). The
  // notes are silent on whether an amend rewrites that initial size. An order read back at the new price with
  // fill_count_fp + remaining_count_fp = the amend's count shows the amend in effect either way: a lost amend must
  // then be reported applied (recovered), not "maybe applied" (the order read with its placed size, 5, was taken as
  // the amend not in effect yet, sent again, and left unconfirmed).
  const amendedOrder = (initial: string) =>
    restingOrder({
      yes_price_dollars: '0.4500',
      no_price_dollars: '0.5500',
      fill_count_fp: '1.00',
      remaining_count_fp: '2.00',
      initial_count_fp: initial,
    });
  it.each([
    ['the placed size (5)', '5.00'],
    ['the amended count (3)', '3.00'],
  ])('initial_count_fp %s: recovered', async (_name, initial) => {
    const { client } = await observedClient((request) => {
      const p = path(request);
      if (p === 'POST /portfolio/events/orders/o-1/amend') return lost();
      if (p === 'GET /portfolio/orders/o-1') return json({ order: amendedOrder(initial) });
      return json({}, 500);
    });
    useFakeClock();
    const amended = await settle(
      amendOrder(client, { orderId: 'o-1', ticker: 'KX-T', action: 'buy', side: 'yes', price: '0.45', count: 3 }),
    );
    expect(amended).toMatchObject({ order_id: 'o-1', recovered: true, remaining_count: '2.00' });
  });

  it('the count it was placed with, unchanged, is not the amend in effect', async () => {
    const { client } = await observedClient((request) => {
      const p = path(request);
      if (p === 'POST /portfolio/events/orders/o-1/amend') return lost();
      // Placed at 5, 1 filled, 4 resting, already at the new price: an amend to count 3 would leave 2.
      if (p === 'GET /portfolio/orders/o-1')
        return json({ order: { ...amendedOrder('5.00'), remaining_count_fp: '4.00' } });
      return json({}, 500);
    });
    useFakeClock();
    const error = await settle(
      amendOrder(client, { orderId: 'o-1', ticker: 'KX-T', action: 'buy', side: 'yes', price: '0.45', count: 3 }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
  });
});

describe('placeOrders: one client_order_id given to two orders of a batch', () => {
  // Kalshi refuses the second item (409 order_already_exists, §5.6). With the batch's first answer lost (the exchange
  // placed the first item, refused the second), the retry was refused for both, both were looked up by the one id,
  // and both reported placed: two placements reported, one order on the exchange. So such a batch is refused before
  // anything is sent (the attacker's test asked that no more be reported placed than held; nothing lost, Kalshi would
  // refuse the second anyway): a KalshiValidationError naming the second item's field and the id.
  it('is refused before anything is sent, naming orders[1].clientOrderId', async () => {
    useFakeClock();
    const ticker = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    const k = await mockClient();
    kalshi.faults.add({ operation: 'BatchCreateOrdersV2', kind: 'commit-then-drop', times: 1 });
    const one = { ticker, action: 'buy', side: 'yes', count: 1, priceCents: 1, clientOrderId: 'dup-1' } as const;
    const error = await settle(placeOrders(k, [one, one])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'orders[1].clientOrderId', message: expect.stringContaining('"dup-1"') });
    const held = [...kalshi.exchange.orders.values()].filter((o) => o.clientOrderId === 'dup-1');
    expect(held).toHaveLength(0);
  });
});

describe('cancelOrders: one order given twice', () => {
  // Round 43 (A): `orders` and `orderIds` gathered from two places may name one order twice. The batch was sent: the
  // exchange canceled the order once and answered the repeat 404 not_found (the mock; the notes are silent on a
  // repeated id in a batch), so the order, canceled, was also reported failed ("unknown … or no longer resting"); after
  // a lost answer both items were read back as the one order. Refused before anything is sent, as placeOrders refuses
  // one client_order_id twice: a KalshiValidationError naming the repeat's field, the order and the first place.
  it.each([
    [
      'in orders and orderIds',
      (placed: { order_id: string }) => ({ orders: [placed], orderIds: [placed.order_id] }),
      'orderIds[0]',
      'orders[0]',
    ],
    [
      'twice in orderIds',
      (placed: { order_id: string }) => ({ orderIds: ['other-1', placed.order_id, placed.order_id] }),
      'orderIds[2]',
      'orderIds[1]',
    ],
  ] as const)('%s: refused before anything is sent, naming both places', async (_, input, field, first) => {
    const ticker = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    const k = await mockClient();
    const placed = await k.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, priceCents: 1 });
    const error = await cancelOrders(k, input(placed)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({
      field,
      message: `${field}: order ${placed.order_id} is ${first}'s too: give each order once`,
    });
    expect(kalshi.exchange.orders.get(placed.order_id)?.status).toBe('resting');
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
  ] as const)(
    'after %s: a stale read is no proof; the price reported is the one the order has',
    async (_name, fault) => {
      useFakeClock();
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
      // Was: { recovered: true, price: '0.01', order: { yes_price_dollars: '0.0100', … } } with the order at 2¢ (20_000).
      if (onExchange !== 10_000)
        expect({ onExchange, back }).toMatchObject({ back: expect.any(KalshiUnconfirmedWriteError) });
      else expect(back).toMatchObject({ order_id: placed.order_id });
    },
  );
});

describe('decreaseOrder({ reduceTo }) under read lag: a stale read from before an amend up', () => {
  // Same root as above: the order is amended up 3 → 5 (answered), then decreased to 3; that decrease is answered 503
  // and did not act. The read back (lagging) shows 3 remaining from before the amend, taken as the decrease applied.
  it('after a 503 (not applied): a stale read is no proof; the count reported is the one the order has', async () => {
    useFakeClock();
    const ticker = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    const k = await mockClient();
    const placed = await settle(k.placeOrder({ ticker, action: 'buy', side: 'yes', count: 3, priceCents: 1 }));
    await vi.advanceTimersByTimeAsync(1_000);
    kalshi.faults.add({ kind: 'stale-read', operation: 'GetOrder', lagMs: 360 });
    await settle(k.amendOrder({ order: placed, priceCents: 1, count: 5 }));
    kalshi.faults.add({ operation: 'DecreaseOrderV2', kind: 'status', status: 503, times: 1 });
    const back = await settle(k.decreaseOrder({ order: placed, reduceTo: 3 })).catch((e: unknown) => e);
    const onExchange = kalshi.exchange.orders.get(placed.order_id)!.remainingCount; // centi-contracts
    // Was: { recovered: true, remaining_count: '3.00' } with 5 remaining on the exchange (500).
    if (onExchange !== 300)
      expect({ onExchange, back }).toMatchObject({ back: expect.any(KalshiUnconfirmedWriteError) });
    else expect(back).toMatchObject({ order_id: placed.order_id });
  });
});

describe('amendOrder: when a read of the order counts as proof of a lost amend', () => {
  const input = { orderId: 'o-1', ticker: 'KX-T', action: 'buy', side: 'yes', price: '0.45', count: 5 } as const;
  /** A client whose amends all lose their answer, reading the order amended (`updated`: its last_update_time). */
  const amending = (updated: (amendAt: number) => string | undefined) => {
    const amends: number[] = [];
    const reads: number[] = [];
    const client = observedClient((request) => {
      const p = path(request);
      if (p === 'POST /portfolio/events/orders/o-1/amend') {
        amends.push(Date.now());
        return lost();
      }
      if (p !== 'GET /portfolio/orders/o-1') return json({}, 500);
      reads.push(Date.now());
      const last_update_time = updated(amends[0] as number);
      return json({
        order: restingOrder({ yes_price_dollars: '0.4500', no_price_dollars: '0.5500', last_update_time }),
      });
    });
    return { client, amends, reads };
  };

  // Round 29, Q: not at once. last_update_time is on the exchange's clock and the send on ours, whose offset is known
  // only roughly (kalshi-api-notes §2.2, §2.3): one "after" the send may be an earlier update's (see
  // test/orders/clock-offset-verdicts.test.ts).
  it('a read updated at or after the amend was sent counts only once the read lag has passed too', async () => {
    useFakeClock();
    const { client, amends, reads } = amending((at) => new Date(at).toISOString());
    const amended = await settle(amendOrder((await client).client, input));
    expect(amended).toMatchObject({ order_id: 'o-1', recovered: true });
    expect((reads.at(-1) as number) - (amends[0] as number)).toBeGreaterThanOrEqual(2_500);
  });

  it('a read without last_update_time counts only once the read lag (SETTLE_MS, 2.5 s) has passed since the send', async () => {
    useFakeClock();
    // The order's last_update_time is optional (kalshi-api-notes §5.4): nothing says when the state read began.
    const { client, amends, reads } = amending(() => undefined);
    const amended = await settle(amendOrder((await client).client, input));
    expect(amended).toMatchObject({ order_id: 'o-1', recovered: true });
    // Sent again meanwhile (3 rounds: an absolute write repeats harmlessly); the read that counted came 2.5 s on.
    expect(amends).toHaveLength(3);
    expect((reads.at(-1) as number) - (amends[0] as number)).toBeGreaterThanOrEqual(2_500);
  });

  it('a read updated before the amend was sent (the state before an earlier write) counts only after the lag', async () => {
    useFakeClock();
    const { client, amends, reads } = amending((at) => new Date(at - 1).toISOString());
    const amended = await settle(amendOrder((await client).client, input));
    expect(amended).toMatchObject({ order_id: 'o-1', recovered: true });
    expect((reads.at(-1) as number) - (amends[0] as number)).toBeGreaterThanOrEqual(2_500);
  });
});
