// amendOrder changes an order's expiry, as Kalshi's V2 amend does. Spec 3.31.0 AmendOrderV2Request.expiration_time:
// "New Unix expiration timestamp in seconds. Omit to preserve the current expiry, or use 0 to remove it
// (good-till-canceled). A nonzero expiry must be in the future. Send the current price and total quantity for an
// expiry-only amendment; this preserves queue position." (kalshi-api-notes §5.9 lists the V2 amend body without it:
// the notes are silent on amending an expiry; a past expiry is refused at create, §5.7 "Past expiry → rejected
// ("Expiration timestamp must be in the future")", which the client leaves to the exchange, as placeOrder does.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KalshiBadRequestError, KalshiValidationError } from '../../src';
import { settle, useFakeClock } from '../helpers';
import { useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 31 });
const ticker = () => [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
const stored = (orderId: string) => kalshi.exchange.orders.get(orderId)!;
/** Whole Unix seconds, `hours` after the exchange's now. */
const inHours = (hours: number) => Math.floor(kalshi.exchange.now() / 1000) + hours * 3600;

/** The bodies of the amends the mock saw. */
function amendBodies(): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = [];
  kalshi.server.events.on('request:start', ({ request }) => {
    if (request.method === 'POST' && request.url.includes('/amend'))
      void request
        .clone()
        .json()
        .then((b) => bodies.push(b));
  });
  return bodies;
}

/** A resting order: buy 3 YES at 1¢, expiring at `expiresAt` when given. */
async function resting(expiresAt?: number) {
  const k = await client();
  const placed = await k.placeOrder({
    ticker: ticker(),
    action: 'buy',
    side: 'yes',
    count: 3,
    priceCents: 1,
    expiresAt,
  });
  return { k, placed };
}

/** The order as GetOrder shows it (the JSON, as sent). */
async function read(k: Awaited<ReturnType<typeof client>>, orderId: string) {
  const { data } = await k.GET('/portfolio/orders/{order_id}', { params: { path: { order_id: orderId } } });
  return data!.order;
}

describe('amendOrder({ expiresAt }) sets, removes or keeps the expiry', () => {
  it('sets it from a Date or whole Unix seconds, as expiration_time in seconds', async () => {
    const { k, placed } = await resting();
    const bodies = amendBodies();
    const at = inHours(2);
    const amended = await k.amendOrder({
      order: placed,
      priceCents: 1,
      count: 3,
      expiresAt: new Date(at * 1000 + 900),
    });
    expect(amended.recovered).toBe(false);
    await k.amendOrder({ order: placed, priceCents: 1, count: 3, expiresAt: at + 60 });
    expect(bodies.map((b) => b.expiration_time)).toEqual([at, at + 60]);
    expect(stored(placed.order_id).expirationTime).toBe(at + 60);
    expect(Date.parse((await read(k, placed.order_id)).expiration_time!)).toBe((at + 60) * 1000);
  });

  it('removes it with null (expiration_time 0): the order reads without expiration_time', async () => {
    const { k, placed } = await resting(inHours(2));
    const bodies = amendBodies();
    await k.amendOrder({ order: placed, priceCents: 1, count: 3, expiresAt: null });
    expect(bodies[0]).toMatchObject({ expiration_time: 0 });
    expect(stored(placed.order_id).expirationTime).toBeUndefined();
    // Notes §5.4 (FX orders__get_after_create): `expiration_time` omitted when absent.
    expect(await read(k, placed.order_id)).not.toHaveProperty('expiration_time');
  });

  it('keeps it when absent: expiration_time is not sent', async () => {
    const at = inHours(2);
    const { k, placed } = await resting(at);
    const bodies = amendBodies();
    await k.amendOrder({ order: placed, priceCents: 2, count: 3 });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).not.toHaveProperty('expiration_time');
    expect(stored(placed.order_id)).toMatchObject({ price: 20_000, expirationTime: at });
  });

  it('leaves a past expiry to the exchange, which refuses it (spec: "A nonzero expiry must be in the future")', async () => {
    const { k, placed } = await resting();
    const error = await k
      .amendOrder({ order: placed, priceCents: 1, count: 3, expiresAt: inHours(-1) })
      .catch((e) => e);
    expect(error).toBeInstanceOf(KalshiBadRequestError);
    expect(error.message).toMatch(/Expiration timestamp must be in the future/);
    expect(stored(placed.order_id).expirationTime).toBeUndefined();
  });
});

describe('an expiry Kalshi cannot take is refused before anything is sent, naming expiresAt', () => {
  // Milliseconds, a fraction, a negative, 0 (null removes), an invalid Date, a string.
  it.each([
    [1_893_456_000_000, /is ms: give whole Unix seconds, not ms/],
    [1_893_456_000.5, /1893456000.5 is not a valid Date or whole Unix seconds/],
    [-60, /-60 is not above 0/],
    [0, /null removes/],
    [new Date('garbage'), /Invalid Date/],
    ['1893456000', /whole Unix seconds/],
  ])('%s', async (expiresAt, message) => {
    const { k, placed } = await resting();
    const bodies = amendBodies();
    const error = await k
      .amendOrder({ order: placed, priceCents: 1, count: 3, expiresAt: expiresAt as number })
      .catch((e) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error.field).toBe('expiresAt');
    expect(error.message).toMatch(message);
    expect(bodies).toHaveLength(0);
  });
});

describe('a lost answer: the read-back order says whether the expiry amend is in effect', () => {
  // Sent once (`retry: false`), so that only the read back tells: a read counts once the read lag has passed
  // (round 29, Q: kalshi-api-notes §5.11), on fake time.
  beforeEach(() => {
    useFakeClock();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('an expiry-only amend that committed is recognised by the order expiration_time, not sent again', async () => {
    const { k, placed } = await resting();
    const bodies = amendBodies();
    const at = inHours(3);
    kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'commit-then-drop', times: 1 });
    const amended = await settle(k.amendOrder({ order: placed, priceCents: 1, count: 3, expiresAt: at, retry: false }));
    expect(amended).toMatchObject({ order_id: placed.order_id, recovered: true });
    expect(Date.parse(amended.order!.expiration_time!)).toBe(at * 1000);
    expect(bodies).toHaveLength(1);
  });

  it('an expiry removal that committed is recognised by the order having no expiration_time', async () => {
    const { k, placed } = await resting(inHours(2));
    kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'commit-then-drop', times: 1 });
    const amended = await settle(
      k.amendOrder({ order: placed, priceCents: 1, count: 3, expiresAt: null, retry: false }),
    );
    expect(amended).toMatchObject({ recovered: true });
    expect(amended.order).not.toHaveProperty('expiration_time');
  });

  // Price and count unchanged: only the expiry tells whether the lost attempt acted. A 503 that did not act must not
  // be reported as the amend in effect (the order would keep its old expiry); it is sent again.
  it('an expiry-only amend that did not act is not taken as in effect: it is sent again', async () => {
    const { k, placed } = await resting(inHours(2));
    const bodies = amendBodies();
    const at = inHours(5);
    kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'status', status: 503, times: 1 });
    const amended = await k.amendOrder({ order: placed, priceCents: 1, count: 3, expiresAt: at });
    expect(kalshi.faults.fired.get('AmendOrderV2')).toBe(1);
    expect(amended.recovered).toBe(false);
    expect(bodies).toHaveLength(2);
    expect(stored(placed.order_id).expirationTime).toBe(at);
  });

  it('an expiry removal that did not act is not taken as in effect: it is sent again', async () => {
    const { k, placed } = await resting(inHours(2));
    kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'status', status: 503, times: 1 });
    const amended = await k.amendOrder({ order: placed, priceCents: 1, count: 3, expiresAt: null });
    expect(amended.recovered).toBe(false);
    expect(stored(placed.order_id).expirationTime).toBeUndefined();
  });
});
