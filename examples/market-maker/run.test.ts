// run.ts's loop on the mock exchange: however it stops, Ctrl-C (an abort) or a failed requote, nothing of ours rests.
import { fileURLToPath } from 'node:url';
import {
  createKalshiClient,
  KalshiBadRequestError,
  type KalshiClient,
  KalshiUnconfirmedWriteError,
  KalshiValidationError,
  unwrap,
} from '@org/kalshi-client';
import { createKalshiStream, type KalshiStream, OrderBook } from '@org/kalshi-client/ws';
import { TEST_USER_ID } from '@org/kalshi-mock';
import { useKalshiMock } from '@org/kalshi-mock/vitest';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MarketMaker } from './market-maker.js';
import { run } from './run.js';

const kalshi = useKalshiMock();
const ticker = 'KXMMTEST-26DEC31-A';

let client: KalshiClient;
beforeEach(async () => {
  client = await createKalshiClient({ environment: 'demo', credentials: kalshi.credentials });
  // The book: a 40¢ YES bid and a 60¢ YES ask (the house's); the maker quotes 48¢ / 52¢.
  kalshi.exchange.addMarket({ ticker });
  kalshi.exchange.setOrderbook(ticker, { yes: [[400_000, 1_000]], no: [[400_000, 1_000]] });
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  return () => vi.restoreAllMocks();
});

async function resting(): Promise<string[]> {
  const { orders } = unwrap(
    await client.GET('/portfolio/orders', { params: { query: { ticker, status: 'resting' } } }),
  );
  return orders.map((o) => o.order_id);
}

it('Ctrl-C while a requote is in flight: the requote finishes, then its quotes are canceled', async () => {
  const stop = new AbortController();
  const running = run(client, ticker, stop.signal);
  stop.abort(); // the first requote has just started
  await running;
  expect(await resting()).toEqual([]);
});

it('Ctrl-C between requotes: the wait ends at once and the quotes are canceled', async () => {
  const stop = new AbortController();
  vi.mocked(console.log).mockImplementation(() => stop.abort()); // Ctrl-C as soon as the first quote is printed
  await run(client, ticker, stop.signal);
  expect(console.log).toHaveBeenCalledWith(ticker, { bidCents: 48, askCents: 52 });
  expect(await resting()).toEqual([]);
});

it('a failed requote: run rejects with its error after canceling what it placed', async () => {
  // $0.50 of cash: the 48¢ bid rests, the 52¢ ask is refused for lack of cash.
  kalshi.exchange.setBalance(TEST_USER_ID, 500_000);
  await expect(run(client, ticker, new AbortController().signal)).rejects.toThrow(KalshiBadRequestError);
  expect(await resting()).toEqual([]);
});

it('a failed requote whose cancel fails too: run rejects with both errors, the requote’s first', async () => {
  // $0.50 of cash: the 48¢ bid rests, the 52¢ ask is refused; then Kalshi refuses the cancel as well. The requote's
  // error says why the maker stopped, the cancel's that its bid may still rest: losing either misleads its user.
  kalshi.exchange.setBalance(TEST_USER_ID, 500_000);
  kalshi.faults.add({ kind: 'status', status: 400, operation: 'BatchCancelOrdersV2' });
  const error = await run(client, ticker, new AbortController().signal, { cancelRetryMs: 0 }).catch((e: unknown) => e);
  kalshi.faults.clear();
  expect(error).toBeInstanceOf(AggregateError);
  const [requoteError, cancelError] = (error as AggregateError).errors;
  expect(requoteError).toBeInstanceOf(KalshiBadRequestError);
  expect(String(requoteError)).toContain('CreateOrderV2');
  expect(String(cancelError)).toContain('BatchCancelOrdersV2');
  expect(await resting()).toHaveLength(1); // the bid, as the cancel's error says
});

// Kalshi's reads lag its writes (kalshi-api-notes §5.11) and a cancel may fail once: run's last cancel says "call it
// again" for a quote that may still rest. run calls it again (a few times, cancelRetryMs apart) rather than exit with
// the quote resting (the notes are silent on how many tries; a single failed try must not leave one).
it('a requote whose answer was lost: run cancels it though the first cancel cannot see it yet', async () => {
  kalshi.faults.add({ kind: 'commit-then-drop', operation: 'CreateOrderV2', times: 1 });
  // placeOrder's read-back fails, then the first cancel's look for the lost quote.
  kalshi.faults.add({ kind: 'status', status: 400, operation: 'GetOrders', times: 2 });
  const error = await run(client, ticker, new AbortController().signal, { cancelRetryMs: 0 }).catch((e: unknown) => e);
  kalshi.faults.clear();
  expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
  expect(await resting()).toEqual([]);
});

// The maker looks for a quote whose answer was lost for a minute (reads lag writes, kalshi-api-notes §5.11, by ~360 ms
// recorded, longer possible): run's last cancel must go on looking as long, not stop after its 5 tries (8 s) and exit
// with the quote resting where no one knows of it. (The notes are silent on how long a read can lag.)
it('a lost quote that reads show only after run’s 5 tries: run keeps looking while the maker does, and cancels it', async () => {
  kalshi.faults.add({ kind: 'commit-then-drop', operation: 'CreateOrderV2', times: 1 });
  kalshi.faults.add({ kind: 'status', status: 400, operation: 'GetOrders', times: 1 }); // placeOrder's read-back
  kalshi.faults.add({ kind: 'stale-read', operation: 'GetOrders', lagMs: 60_000 }); // the cancels' looks see nothing
  // The reads catch up at the 7th look (run's 7th try), well inside the maker's minute.
  const paginate = client.paginate.bind(client);
  let looks = 0;
  vi.spyOn(client, 'paginate').mockImplementation(((...args: Parameters<typeof paginate>) => {
    if (++looks === 7) kalshi.faults.clear();
    return paginate(...args);
  }) as never);
  const error = await run(client, ticker, new AbortController().signal, { cancelRetryMs: 0 }).catch((e: unknown) => e);
  kalshi.faults.clear();
  expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
  expect(looks).toBe(7);
  expect(await resting()).toEqual([]);
});

it('Ctrl-C whose cancel fails once: run cancels again and nothing rests', async () => {
  const stop = new AbortController();
  vi.mocked(console.log).mockImplementation(() => stop.abort());
  kalshi.faults.add({ kind: 'status', status: 400, operation: 'BatchCancelOrdersV2', times: 1 });
  await run(client, ticker, stop.signal, { cancelRetryMs: 0 });
  kalshi.faults.clear();
  expect(await resting()).toEqual([]);
});

it('quotes within 10 contracts by default: long 10 already, only the ask that reduces it is placed', async () => {
  // A loop left running alone must not grow the position without end (the maker's maxPosition, given by run).
  kalshi.exchange.setOrderbook(ticker, { yes: [[400_000, 1_000]], no: [[400_000, 2_000]] });
  await client.placeOrder({
    ticker,
    action: 'buy',
    side: 'yes',
    count: 10,
    price: '0.60',
    timeInForce: 'fill_or_kill',
  });
  const stop = new AbortController();
  vi.mocked(console.log).mockImplementation(() => stop.abort());
  await run(client, ticker, stop.signal);
  expect(console.log).toHaveBeenCalledWith(ticker, { askCents: 52 });
  expect(await resting()).toEqual([]);
});

// A program left running is stopped by its process manager (docker stop, systemd, kill) with SIGTERM, not Ctrl-C:
// run.ts's command line stops on it as on Ctrl-C, and cancels its quotes, rather than dying with them resting.
it('the command line stops on SIGTERM as on Ctrl-C: its quotes are canceled', async () => {
  vi.stubEnv('KALSHI_API_KEY_ID', kalshi.credentials.keyId);
  vi.stubEnv('KALSHI_PRIVATE_KEY', kalshi.credentials.privateKeyPem);
  const argv = process.argv;
  process.argv = [argv[0] ?? 'node', fileURLToPath(new URL('./run.ts', import.meta.url)), ticker];
  vi.mocked(console.log).mockImplementation(() => process.emit('SIGTERM')); // once the first quotes are printed
  try {
    vi.resetModules(); // a fresh run.ts, whose command line now runs (on Kalshi's demo host, answered by the mock)
    await import('./run.js');
  } finally {
    process.argv = argv;
    vi.unstubAllEnvs();
  }
  expect(console.log).toHaveBeenCalledWith(ticker, { bidCents: 48, askCents: 52 });
  expect(await resting()).toEqual([]);
}, 20_000);

describe('run with a stream', () => {
  const OTHER_USER = '00000000-0000-4000-8000-00000000c0de';
  const HOUR = 3_600_000; // the timer's fallback, far off: any requote seen here came from the stream
  let stream: KalshiStream;
  beforeEach(async () => {
    const { keyId, privateKeyPem } = kalshi.credentials;
    stream = await createKalshiStream({ environment: 'demo', credentials: { keyId, privateKey: privateKeyPem } });
    return () => stream.close();
  });
  /** Another trader's order on the market: a YES bid, or a YES ask (`side: 'ask'`), at `price` micro-dollars. */
  const other = (side: 'bid' | 'ask', price: number, timeInForce: 'good_till_canceled' | 'immediate_or_cancel') =>
    kalshi.exchange.createOrder(OTHER_USER, {
      ticker,
      side,
      price,
      count: 100,
      timeInForce,
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

  // A maker that re-quotes only on a timer is picked off between requotes: its filled quote is not replaced, and the
  // quotes it left rest at prices the book has moved away from. With a stream, run requotes on its fills and on a move
  // of the best prices it quoted around (the account's own orders left out), no sooner than minRequoteMs after the last.
  describe('requotes on fills and book moves, within minRequoteMs', () => {
    it('a quote that fills is replaced at once, not at the next timer', async () => {
      const stop = new AbortController();
      vi.mocked(console.log).mockImplementation((_ticker, quote) => {
        // The first quotes rest: another trader sells YES into our 48¢ bid. The requote that follows ends the run.
        if (vi.mocked(console.log).mock.calls.length === 1) other('ask', 480_000, 'immediate_or_cancel');
        else stop.abort();
        return quote;
      });
      await run(client, ticker, stop.signal, { stream, everyMs: HOUR, minRequoteMs: 0 });
      expect(kalshi.inspect.fills().length).toBeGreaterThan(0);
      expect(vi.mocked(console.log).mock.calls).toEqual([
        [ticker, { bidCents: 48, askCents: 52 }],
        [ticker, { bidCents: 48, askCents: 52 }],
      ]);
      expect(await resting()).toEqual([]);
    }, 20_000);

    it('a better bid from another trader moves the middle: the quotes move with it at once', async () => {
      const stop = new AbortController();
      vi.mocked(console.log).mockImplementation(() => {
        // Another trader bids 45¢ for YES: the middle of 45¢ / 60¢ is 52.5¢, quoted at 50¢ / 55¢.
        if (vi.mocked(console.log).mock.calls.length === 1) other('bid', 450_000, 'good_till_canceled');
        else stop.abort();
      });
      await run(client, ticker, stop.signal, { stream, everyMs: HOUR, minRequoteMs: 0 });
      expect(vi.mocked(console.log).mock.calls).toEqual([
        [ticker, { bidCents: 48, askCents: 52 }],
        [ticker, { bidCents: 50, askCents: 55 }],
      ]);
      expect(await resting()).toEqual([]);
    }, 20_000);

    it('its own quotes moving the book ask for no requote', async () => {
      // Our 48¢ bid is the book's best YES bid once placed: counted as the market's, every requote would ask for another.
      // A delta asks for a requote only through the book-move rule, which reads the prices the quotes were priced from
      // (maker.pricedFrom): read after one of our deltas, it was counted as the market's. Checked once the handler has
      // taken our second delta (its turn ends before `ours` resumes the test): no timer waited on.
      const requote = vi.spyOn(MarketMaker.prototype, 'requote');
      const priced = vi.spyOn(MarketMaker.prototype, 'pricedFrom', 'get');
      let before: number | undefined;
      const ours = deltasApplied((msg) => {
        before ??= priced.mock.calls.length; // at our first delta, before its handler goes on
        return msg.client_order_id !== undefined;
      }, 2); // the bid and the ask placed
      const stop = new AbortController();
      const running = run(client, ticker, stop.signal, { stream, everyMs: HOUR, minRequoteMs: 0 });
      await ours;
      const readsAfterOurs = priced.mock.calls.length - (before as number);
      stop.abort();
      await running;
      expect(readsAfterOurs).toBe(0);
      expect(requote).toHaveBeenCalledTimes(1);
    }, 20_000);

    it('a move within minRequoteMs of the last requote waits for it: no storm of requotes', async () => {
      // The move asks for a requote while the handler takes its delta (its turn ends before `moved` resumes the test):
      // the wait it sets is what that turn scheduled, read off setTimeout's calls, no timer waited on.
      const requote = vi.spyOn(MarketMaker.prototype, 'requote');
      const timers = vi.spyOn(globalThis, 'setTimeout');
      let mark = 0;
      const moved = deltasApplied((msg) => {
        mark = timers.mock.calls.length;
        return msg.price_dollars === '0.4500';
      });
      const stop = new AbortController();
      vi.mocked(console.log).mockImplementation(() => other('bid', 450_000, 'good_till_canceled'));
      const running = run(client, ticker, stop.signal, { stream, everyMs: HOUR, minRequoteMs: HOUR });
      await moved;
      const waits = timers.mock.calls.slice(mark).map(([, ms]) => ms as number);
      stop.abort();
      await running;
      // One wait, set by the move, and about minRequoteMs long (less what the first requote took), not 0.
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThan(HOUR - 60_000);
      expect(requote).toHaveBeenCalledTimes(1);
      expect(await resting()).toEqual([]);
    }, 20_000);
  });

  // run.ts with a stream, when its stream feed breaks: the maker must go on requoting on the stream (fresh snapshot, own
  // orders read back from the exchange), not fall back to its minute timer for the rest of the run. kalshi-api-notes §9.7:
  // on a gap, "discard the book … and resync (get_snapshot, or unsubscribe/resubscribe: new sid, seq restarts at 1)";
  // "after reconnect everything restarts" and Kalshi does not replay what was sent meanwhile.
  describe('when its stream feed breaks: it goes on requoting on the stream', () => {
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
          other('bid', 450_000, 'good_till_canceled'); // middle of 45¢ / 60¢: 52.5¢, quoted 50¢ / 55¢
        } else if (calls === 2)
          other('bid', 470_000, 'good_till_canceled'); // middle of 47¢ / 60¢: 53.5¢, quoted 51¢ / 56¢
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
          other('bid', 450_000, 'good_till_canceled');
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
      other('bid', 450_000, 'good_till_canceled');
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
      other('bid', 480_000, 'good_till_canceled');
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
  });
});
