// run.ts with a stream, when its stream feed breaks: the maker must go on requoting on the stream (fresh snapshot, own
// orders read back from the exchange), not fall back to its minute timer for the rest of the run. kalshi-api-notes §9.7:
// on a gap, "discard the book … and resync (get_snapshot, or unsubscribe/resubscribe: new sid, seq restarts at 1)";
// "after reconnect everything restarts" and Kalshi does not replay what was sent meanwhile.
import { createKalshiClient, type KalshiClient, KalshiValidationError, unwrap } from '@org/kalshi-client';
import { createKalshiStream, type KalshiStream, OrderBook } from '@org/kalshi-client/ws';
import { TEST_USER_ID } from '@org/kalshi-mock';
import { useKalshiMock } from '@org/kalshi-mock/vitest';
import { beforeEach, expect, it, vi } from 'vitest';
import { MarketMaker } from './market-maker.js';
import { run } from './run.js';

const kalshi = useKalshiMock();
const ticker = 'KXMMTEST-26DEC31-B';
const OTHER_USER = '00000000-0000-4000-8000-00000000c0de';
const HOUR = 3_600_000; // the timer's fallback, far off: any requote seen here came from the stream

let client: KalshiClient;
let stream: KalshiStream;
beforeEach(async () => {
  client = await createKalshiClient({ environment: 'demo', credentials: kalshi.credentials });
  // The book: a 40¢ YES bid and a 60¢ YES ask (the house's); the maker quotes 48¢ / 52¢.
  kalshi.exchange.addMarket({ ticker });
  kalshi.exchange.setOrderbook(ticker, { yes: [[400_000, 1_000]], no: [[400_000, 1_000]] });
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const { keyId, privateKeyPem } = kalshi.credentials;
  stream = await createKalshiStream({ environment: 'demo', credentials: { keyId, privateKey: privateKeyPem } });
  return async () => {
    await stream.close();
    vi.restoreAllMocks();
  };
});

/** Another trader's resting YES bid of 1 contract at `price` micro-dollars. */
const otherBid = (price: number) =>
  kalshi.exchange.createOrder(OTHER_USER, {
    ticker,
    side: 'bid',
    price,
    count: 100,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'taker_at_cross',
  });

/** OrderBook's own applyDelta, whatever spy a test puts in its place. */
const apply = OrderBook.prototype.applyDelta;

/** Resolves once the maker's book has taken `count` deltas that `pick` picks. */
function deltasApplied(pick: (msg: { price_dollars: string; client_order_id?: string }) => boolean, count = 1) {
  return new Promise<void>((resolve) => {
    vi.spyOn(OrderBook.prototype, 'applyDelta').mockImplementation(function (this: OrderBook, delta) {
      const applied = apply.call(this, delta);
      if (pick(delta) && --count === 0) resolve();
      return applied;
    });
  });
}

/** Stops the run when it says it gave up on the stream (then the test's requotes never come). */
function stopOnGivingUp(stop: AbortController) {
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (String(args[0]).includes('timer only')) stop.abort();
  });
}

const quotes = () => vi.mocked(console.log).mock.calls.map(([, quote]) => quote);

it('a delta the maker’s book cannot apply: it subscribes again (a fresh snapshot) and goes on requoting on book moves', async () => {
  // OrderBook refuses a delta that would take a level below 0 (the book missed a change): the maker's book is then
  // unknown until a fresh snapshot, which the stream client gives to a new subscription (notes §9.7).
  let broken = false;
  vi.spyOn(OrderBook.prototype, 'applyDelta').mockImplementation(function (this: OrderBook, delta) {
    if (broken && delta.price_dollars === '0.4500') {
      broken = false;
      throw new KalshiValidationError('delta_fp', 'the book has missed a change (apply a fresh snapshot)');
    }
    return apply.call(this, delta);
  });
  const stop = new AbortController();
  stopOnGivingUp(stop);
  vi.mocked(console.log).mockImplementation(() => {
    const calls = vi.mocked(console.log).mock.calls.length;
    if (calls === 1) {
      broken = true;
      otherBid(450_000); // middle of 45¢ / 60¢: 52.5¢, quoted 50¢ / 55¢
    } else if (calls === 2)
      otherBid(470_000); // middle of 47¢ / 60¢: 53.5¢, quoted 51¢ / 56¢
    else stop.abort();
  });
  await run(client, ticker, stop.signal, { stream, everyMs: HOUR, minRequoteMs: 0 });
  expect(quotes()).toEqual([
    { bidCents: 48, askCents: 52 },
    { bidCents: 50, askCents: 55 },
    { bidCents: 51, askCents: 56 },
  ]);
}, 20_000);

it('a subscription the stream client gives up on (its book sequence kept breaking): the maker subscribes again', async () => {
  // Every book message's seq skips one: each repair (get_snapshot) and re-subscribe breaks again, and the client ends
  // the subscription with a KalshiStreamError. Once the fault is gone, the book streams again: the maker must see it.
  const stop = new AbortController();
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (String(args[0]).includes('timer only')) stop.abort();
    else kalshi.faults.clear(); // the maker subscribes again: now with a healthy sequence
  });
  vi.mocked(console.log).mockImplementation(() => {
    if (vi.mocked(console.log).mock.calls.length === 1) {
      kalshi.faults.add({ stream: 'orderbook_delta', kind: 'skip-seq' });
      otherBid(450_000);
    } else stop.abort();
  });
  await run(client, ticker, stop.signal, { stream, everyMs: HOUR, minRequoteMs: 0 });
  expect(quotes()).toEqual([
    { bidCents: 48, askCents: 52 },
    { bidCents: 50, askCents: 55 },
  ]);
}, 20_000);

it('after a reconnect its own-orders tally is read back from the exchange: a level it shares is not taken for its own', async () => {
  // While the connection is down our quotes are canceled and another trader bids 45¢ (their deltas are never sent:
  // Kalshi does not replay); the requote the gap asks for quotes 50¢ / 55¢. Kept from deltas alone, the tally still
  // counts our old 48¢ bid, so another trader's 1 contract at 48¢ reads as ours: the best bid's move from 45¢ to 48¢
  // goes unseen and the quotes are left to be picked off.
  const stop = new AbortController();
  stopOnGivingUp(stop);
  const timers = vi.spyOn(globalThis, 'setTimeout');
  const placed = deltasApplied((msg) => msg.client_order_id !== undefined, 2);
  const running = run(client, ticker, stop.signal, { stream, everyMs: HOUR, minRequoteMs: 0 });
  await placed; // our 48¢ bid and 52¢ ask (a NO bid at 48¢) are in the tally
  const requoted = new Promise<void>((resolve) =>
    vi.mocked(console.log).mockImplementation(() => {
      if (vi.mocked(console.log).mock.calls.length === 2) resolve();
    }),
  );
  // The next book message cuts the connection instead of being sent; our quotes are canceled meanwhile.
  kalshi.faults.add({ stream: 'orderbook_delta', kind: 'drop', times: 1 });
  const { orders } = unwrap(
    await client.GET('/portfolio/orders', { params: { query: { ticker, status: 'resting' } } }),
  );
  for (const order of orders) kalshi.exchange.cancelOrder(TEST_USER_ID, order.order_id);
  otherBid(450_000);
  await requoted; // the reconnect's gap asked for a requote: 50¢ / 55¢ around 45¢ / 60¢
  // Subscribed again: every message sent before this reply is queued ahead of the next one (the new quotes, in the
  // fresh snapshot or as deltas, before the other trader's bid).
  await stream.listSubscriptions();
  // The wait run set after that requote (everyMs long): a requote asked for shortens it (README: at once, here).
  const mark = timers.mock.calls.length;
  const wait = timers.mock.calls.findLast(([, ms]) => ms === HOUR)?.[0];
  // The book-move rule judges the other trader's bid where it next reads the prices the quotes were priced from
  // (maker.pricedFrom): a requote it asks for sets its wait before this resumes.
  let theirs = false;
  const judged = new Promise<void>((resolve) => {
    const pricedFrom = Object.getOwnPropertyDescriptor(MarketMaker.prototype, 'pricedFrom')?.get;
    vi.spyOn(MarketMaker.prototype, 'pricedFrom', 'get').mockImplementation(function (this: MarketMaker) {
      if (theirs) resolve();
      return pricedFrom?.call(this);
    });
  });
  vi.spyOn(OrderBook.prototype, 'applyDelta').mockImplementation(function (this: OrderBook, delta) {
    const result = apply.call(this, delta);
    if (!(delta as { client_order_id?: string }).client_order_id && delta.price_dollars === '0.4800') theirs = true;
    return result;
  });
  otherBid(480_000);
  await judged;
  const asked = timers.mock.calls.slice(mark).some(([end, ms]) => end === wait && (ms as number) < HOUR);
  stop.abort();
  await running;
  expect(quotes().slice(0, 2)).toEqual([
    { bidCents: 48, askCents: 52 },
    { bidCents: 50, askCents: 55 },
  ]);
  expect(asked).toBe(true);
}, 20_000);
