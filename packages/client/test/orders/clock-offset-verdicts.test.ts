// The lost-answer verdicts of amendOrder/decreaseOrder({ reduceTo }) when this machine's clock is off the exchange's.
// A read of the order counts as proof of a lost absolute write only if it cannot be a view from before that write
// (Kalshi's order reads lag its writes by a few hundred ms, kalshi-api-notes §5.11). The exchange stamps
// `last_update_time` on its own clock (§5.4), the attempt's send time is on ours, and how far apart they are is known
// only roughly: Kalshi accepts a signature ±5 s (demo) to ±10 s (prod) off its clock (§2.2), so such a skew is never
// refused, never measured; a larger one is measured from a 401's `Date` header (§2.3), which has whole seconds
// (RFC 9110 §5.6.7), and arrives one trip after it was stamped. Either way the verdict must stay right: a stale view
// showing the target state from before an earlier amend is no proof that the lost amend acted.
import { verifySignature } from '@org/kalshi-auth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { amendOrder, decreaseOrder, KalshiUnconfirmedWriteError } from '../../src';
import { json, key, lost, observedClient, restingOrder, settle, useFakeClock } from '../helpers';

afterEach(() => {
  vi.useRealTimers();
});

/** How far the exchange's order reads lag its writes: the 360 ms recorded (kalshi-api-notes §5.11). */
const LAG_MS = 360;

interface Version {
  readonly at: number; // exchange clock
  readonly price: string;
  readonly count: string;
  readonly remaining: string;
}

/**
 * One resting YES bid (`o-1`) on an exchange whose clock is `skewMs` ahead of this machine's (behind when negative).
 * It checks signatures against its own clock with the ±30 s window of §2.2 (401 `header_timestamp_expired` with its
 * `Date` beyond), answers amends and decreases as `writes` says (`answer`: applied and answered; `drop`: the answer is
 * lost and nothing applied; `commit-then-drop`: applied, the answer lost), and answers order reads LAG_MS behind.
 */
function skewedExchange(initialSkewMs: number) {
  // `let`: a test stepping this machine's wall clock moves it back by as much, so the exchange's own clock runs on.
  let skewMs = initialSkewMs;
  const exchangeNow = () => Date.now() + skewMs;
  const versions: Version[] = [{ at: exchangeNow(), price: '0.4000', count: '5.00', remaining: '5.00' }];
  const writes: ('answer' | 'drop' | 'commit-then-drop')[] = [];
  const sent: { amends: number; reads: number } = { amends: 0, reads: 0 };
  const apply = (change: Partial<Version>) => {
    const last = versions.at(-1) as Version;
    versions.push({ ...last, ...change, at: exchangeNow() });
  };
  const respond = async (request: Request): Promise<Response> => {
    const date = new Date(exchangeNow()).toUTCString();
    const verified = await verifySignature({
      method: request.method,
      url: request.url,
      headers: request.headers,
      publicKey: key.publicKeyPem,
      now: exchangeNow(),
    });
    if (!verified.ok)
      return json(
        verified.reason === 'stale_timestamp'
          ? { error: { code: 'header_timestamp_expired', message: 'header timestamp expired' } }
          : { error: { code: 'authentication_error', message: 'authentication_error' } },
        401,
        { date },
      );
    const path = new URL(request.url).pathname.replace('/trade-api/v2', '');
    if (request.method === 'GET' && path === '/portfolio/orders/o-1') {
      sent.reads++;
      const now = exchangeNow();
      const seen = versions.filter((v) => v.at <= now - LAG_MS).at(-1) ?? (versions[0] as Version);
      return json({ order: orderAt(seen) }, 200, { date });
    }
    if (request.method === 'POST' && (path.endsWith('/amend') || path.endsWith('/decrease'))) {
      const body = (await request.json()) as { price?: string; count?: string; reduce_to?: string };
      const how = writes.shift() ?? 'answer';
      if (path.endsWith('/amend')) sent.amends++;
      if (how === 'drop') return lost();
      if (body.reduce_to !== undefined) apply({ remaining: body.reduce_to });
      else apply({ price: body.price as string, count: body.count as string, remaining: body.count as string });
      if (how === 'commit-then-drop') return lost();
      const last = versions.at(-1) as Version;
      return json({ order_id: 'o-1', remaining_count: last.remaining, ts_ms: last.at }, 200, { date });
    }
    return json({ error: { code: 'not_found', message: 'not found' } }, 404, { date });
  };
  /** Steps this machine's wall clock by `ms` (NTP, a VM resumed), not the exchange's. */
  const stepMachineClock = (ms: number) => {
    vi.setSystemTime(Date.now() + ms);
    skewMs -= ms;
  };
  return { respond, versions, writes, sent, current: () => versions.at(-1) as Version, stepMachineClock };
}

/** GET /portfolio/orders/{id}'s Order (kalshi-api-notes §5.4), as of `version`. */
function orderAt(version: Version) {
  return restingOrder({
    yes_price_dollars: version.price,
    no_price_dollars: (1 - Number(version.price)).toFixed(4),
    remaining_count_fp: version.remaining,
    initial_count_fp: version.count,
    last_update_time: new Date(version.at).toISOString(),
  });
}

const input = { orderId: 'o-1', ticker: 'KX-T', action: 'buy', side: 'yes' } as const;

/**
 * The skews tried, and the millisecond within its second at which the exchange's clock reads when this machine's first
 * request reaches it (that request's `Date` drops it: a measured offset is up to half a second off either way).
 */
const SKEWS: [string, number, number][] = [
  ['5 min ahead (measured from a 401), at .100', 300_000, 100],
  ['5 min ahead (measured from a 401), at .900', 300_000, 900],
  ['5 min behind (measured from a 401), at .100', -300_000, 100],
  ['5 min behind (measured from a 401), at .900', -300_000, 900],
  ['3 s ahead (accepted, never measured)', 3_000, 500],
  ['3 s behind (accepted, never measured)', -3_000, 500],
];

/** Fake time, this machine's clock set so the exchange's reads `phase` ms into a second. */
function onFakeClock(skewMs: number, phase: number) {
  useFakeClock();
  vi.setSystemTime(Date.UTC(2026, 11, 6, 12, 0, 0) + phase - skewMs);
}

describe.each(SKEWS)('exchange clock %s', (_, skewMs, phase) => {
  it('amend 0.40 → 0.45 answered, then back to 0.40 lost and never applied: a stale read at 0.40 is no proof', async () => {
    onFakeClock(skewMs, phase);
    const exchange = skewedExchange(skewMs);
    const { client } = await observedClient(exchange.respond);
    await settle(amendOrder(client, { ...input, price: '0.45', count: 5 }));
    expect(exchange.current().price).toBe('0.4500');
    // Every amend from now on loses its answer without acting (the connection drops before the exchange sees it).
    exchange.writes.push('drop', 'drop', 'drop');
    const back = await settle(amendOrder(client, { ...input, price: '0.40', count: 5 })).catch((e: unknown) => e);
    // The order rests at 0.45: reporting the amend to 0.40 recovered would leave the caller wrong about its price.
    expect(exchange.current().price).toBe('0.4500');
    expect(back).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(back).toMatchObject({ applied: 'maybe', orderId: 'o-1' });
  });

  it('the same amend lost after it acted is recovered', async () => {
    onFakeClock(skewMs, phase);
    const exchange = skewedExchange(skewMs);
    const { client } = await observedClient(exchange.respond);
    await settle(amendOrder(client, { ...input, price: '0.45', count: 5 }));
    exchange.writes.push('commit-then-drop', 'commit-then-drop', 'commit-then-drop');
    const back = await settle(amendOrder(client, { ...input, price: '0.40', count: 5 }));
    expect(exchange.current().price).toBe('0.4000');
    expect(back).toMatchObject({ order_id: 'o-1', recovered: true, order: { yes_price_dollars: '0.4000' } });
  });

  it('decrease to 5 after an amend up to 8, lost and never applied: a stale read of 5 remaining is no proof', async () => {
    onFakeClock(skewMs, phase);
    const exchange = skewedExchange(skewMs);
    const { client } = await observedClient(exchange.respond);
    await settle(amendOrder(client, { ...input, price: '0.40', count: 8 }));
    exchange.writes.push('drop', 'drop', 'drop');
    const back = await settle(decreaseOrder(client, { orderId: 'o-1', reduceTo: 5 })).catch((e: unknown) => e);
    expect(exchange.current().remaining).toBe('8.00');
    expect(back).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(back).toMatchObject({ applied: 'maybe', orderId: 'o-1' });
  });
});

// This machine's wall clock stepped forward (an NTP step, a VM resumed) right after the lost attempt: by `Date` the
// first read was sent a minute after it, though it left at once and shows the order as it was before the earlier
// amend (reads lag writes, §5.11). The SETTLE_MS wait is measured on the monotonic clock, which a step does not move.
// `vi.setSystemTime` moves `Date` only, as a real step does.
describe('a wall-clock step between the lost attempt and its read-back', () => {
  it('amend back to 0.40 lost and never applied, the clock stepped a minute ahead: a stale read at 0.40 is no proof', async () => {
    onFakeClock(0, 500);
    const exchange = skewedExchange(0);
    let stepAfterNextWrite = false;
    const { client } = await observedClient(async (request) => {
      try {
        return await exchange.respond(request);
      } finally {
        if (stepAfterNextWrite && request.method === 'POST') {
          stepAfterNextWrite = false;
          exchange.stepMachineClock(60_000);
        }
      }
    });
    await settle(amendOrder(client, { ...input, price: '0.45', count: 5 }));
    exchange.writes.push('drop');
    stepAfterNextWrite = true;
    // retry: false, so the first read follows the lost attempt at once (no re-sends in between to outlast the lag).
    const back = await settle(amendOrder(client, { ...input, price: '0.40', count: 5, retry: false })).catch(
      (e: unknown) => e,
    );
    expect(exchange.current().price).toBe('0.4500');
    expect(back).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(back).toMatchObject({ applied: 'maybe', orderId: 'o-1' });
  });
});
