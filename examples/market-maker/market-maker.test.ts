// The market maker's suite, on the mock exchange: msw answers Kalshi's demo host in-process, no account needed.
import {
  createKalshiClient,
  KalshiBadRequestError,
  type KalshiClient,
  KalshiUnconfirmedWriteError,
  placeOrders,
  unwrap,
} from '@org/kalshi-client';
import { TEST_USER_ID } from '@org/kalshi-mock';
import { useKalshiMock } from '@org/kalshi-mock/vitest';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MarketMaker, midCents, quoteAround } from './market-maker.js';

// Listens before the file's tests (strict), resets the exchange and faults after each, closes after the file.
const kalshi = useKalshiMock();

let client: KalshiClient;
let ticker: string;
beforeEach(async () => {
  client = await createKalshiClient({ environment: 'demo', credentials: kalshi.credentials });
  const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  ticker = markets[0]?.ticker ?? '';
  expect(ticker).not.toBe('');
});

/** Our resting orders on the market (every page), as Kalshi reports them: [book side, YES price]. */
async function restingQuotes(): Promise<[string, string][]> {
  const orders = [];
  const query = { ticker, status: 'resting' as const, limit: 1000 };
  for await (const order of client.paginate('/portfolio/orders', { params: { query } })) orders.push(order);
  return orders.map((o): [string, string] => [o.book_side, o.yes_price_dollars]).sort();
}

/**
 * For the tests of a lost answer: placeOrder re-reads it for 2.5 s of real time (kalshi-api-notes §5.11: reads lag
 * writes), so with signing on a loaded machine such a test can outlast vitest's default 5 s timeout.
 */
const LOST_ANSWER = { timeout: 30_000 };

/** A market of our own whose book is a 40¢ YES bid and a 60¢ YES ask (the house's): we quote 48¢ / 52¢. */
function quietMarket(): string {
  const quiet = 'KXMMTEST-26DEC31-A';
  kalshi.exchange.addMarket({ ticker: quiet });
  kalshi.exchange.setOrderbook(quiet, { yes: [[400_000, 1_000]], no: [[400_000, 1_000]] });
  return quiet;
}

describe('pricing', () => {
  it('takes the middle between the best YES bid and the best YES ask (100 − best NO bid)', () => {
    // YES bids at 40¢ and 45¢; NO bids at 50¢ (a YES ask at 50¢): the middle is 47.5¢.
    expect(
      midCents(
        [
          ['0.4000', '10.00'],
          ['0.4500', '1.00'],
        ],
        [['0.5000', '3.00']],
      ),
    ).toBe(47.5);
    expect(midCents([], [])).toBe(50);
  });

  it('quotes inside 1–99¢', () => {
    expect(quoteAround(47.5, 2)).toEqual({ bidCents: 45, askCents: 50 });
    expect(quoteAround(1, 5)).toEqual({ bidCents: 1, askCents: 6 });
    expect(quoteAround(99, 5)).toEqual({ bidCents: 94, askCents: 99 });
  });
});

describe('MarketMaker on the mock exchange', () => {
  it('rests a YES bid and a YES ask around the middle of the book', async () => {
    const { orderbook_fp: book } = unwrap(
      await client.GET('/markets/{ticker}/orderbook', { params: { path: { ticker } } }),
    );
    const expected = quoteAround(midCents(book.yes_dollars, book.no_dollars), 3);
    const quote = await new MarketMaker(client, { ticker, halfSpreadCents: 3, size: 2 }).requote();
    expect(quote).toEqual(expected);
    const dollars = (cents: number) => `0.${String(cents).padStart(2, '0')}00`;
    expect(await restingQuotes()).toEqual([
      ['ask', dollars(expected.askCents)],
      ['bid', dollars(expected.bidCents)],
    ]);
  });

  it('re-quoting replaces the previous quotes instead of adding to them', async () => {
    const maker = new MarketMaker(client, { ticker });
    await maker.requote();
    await maker.requote();
    expect(await restingQuotes()).toHaveLength(2);
  });

  // Quotes are post-only: one that would trade is refused with 400 (kalshi-api-notes §5.7), and run.ts stops on it.
  // Kalshi's markets often sit at the edge, a 99¢ YES bid or a 1¢ YES ask (a 99¢ NO bid): there the side that would
  // trade has no price left to rest at, and the maker quotes only the other side.
  it('a book at 99¢ YES bid: no ask can rest above it, so only the bid is placed', async () => {
    ticker = 'KXMMTEST-26DEC31-B';
    kalshi.exchange.addMarket({ ticker });
    kalshi.exchange.setOrderbook(ticker, { yes: [[990_000, 1_000]], no: [] });
    expect(await new MarketMaker(client, { ticker }).requote()).toEqual({ bidCents: 97 });
    expect(await restingQuotes()).toEqual([['bid', '0.9700']]);
  });

  it('a book at 1¢ YES ask (a 99¢ NO bid): no bid can rest below it, so only the ask is placed', async () => {
    ticker = 'KXMMTEST-26DEC31-C';
    kalshi.exchange.addMarket({ ticker });
    kalshi.exchange.setOrderbook(ticker, { yes: [], no: [[990_000, 1_000]] });
    expect(await new MarketMaker(client, { ticker }).requote()).toEqual({ askCents: 3 });
    expect(await restingQuotes()).toEqual([['ask', '0.0300']]);
  });

  // Each requote replaces both quotes: without a limit, every fill of the bid adds to the holding and the maker keeps
  // buying. With `maxPosition`, a side is quoted only while its quote, filled in full, keeps the holding within it.
  // kalshi-api-notes §6.3: "Empty book: tolerate missing/`null` side arrays" (a quiet market's empty side can surface as
  // an omission). A market with no NO bids is one to quote: both sides, as for an empty array (no YES ask: 99¢).
  /**
   * The maker's order-book reads, each passed to `change` as it arrives (a book rewritten, or the exchange moving on
   * right after the read). Through the client, not msw: a CommonJS copy of this suite has msw's types twice.
   */
  function onBookRead(change: (book: Record<string, unknown>) => void): void {
    const get = client.GET.bind(client) as (path: string, init: unknown) => Promise<{ data?: unknown }>;
    vi.spyOn(client, 'GET').mockImplementation((async (path: string, init: unknown) => {
      const result = await get(path, init);
      const data = result.data as { orderbook_fp?: Record<string, unknown> } | undefined;
      if (path === '/markets/{ticker}/orderbook' && data?.orderbook_fp) change(data.orderbook_fp);
      return result;
    }) as never);
  }

  // kalshi-api-notes §6.3: "Empty book: tolerate missing/`null` side arrays" (a quiet market's empty side can surface as
  // an omission). A market with no NO bids is one to quote: both sides, as for an empty array (no YES ask: 99¢).
  it('a book whose NO side is left out or null is quoted as an empty side, not a crash', async () => {
    ticker = 'KXMMTEST-26DEC31-D';
    kalshi.exchange.addMarket({ ticker });
    kalshi.exchange.setOrderbook(ticker, { yes: [[400_000, 1_000]], no: [] });
    for (const form of ['left out', 'null'] as const) {
      onBookRead((book) => {
        if (form === 'null') book.no_dollars = null;
        else delete book.no_dollars;
      });
      // The middle of a 40¢ YES bid and no YES ask (99¢) is 69.5¢: quotes at 67¢ and 72¢.
      const maker = new MarketMaker(client, { ticker });
      expect(await maker.requote(), form).toEqual({ bidCents: 67, askCents: 72 });
      expect(await restingQuotes()).toEqual([
        ['ask', '0.7200'],
        ['bid', '0.6700'],
      ]);
      await maker.cancelAll();
      vi.restoreAllMocks();
    }
  });

  // The book moves between the maker's read and its placement, all the time on a busy market: a post-only quote that
  // would now trade is refused, 400 invalid_order "post only cross" (kalshi-api-notes §5.7), and nothing is placed.
  // That side is not quoted this round (as at the book's edge); the other still is, and run.ts keeps quoting rather
  // than stopping on a routine refusal. (The notes are silent on what a maker should do: this is the maker's choice.)
  it('a quote refused as a post-only cross (the book moved after the read) is skipped; the other side is placed', async () => {
    ticker = quietMarket();
    // Right after the maker read the book (40¢ / 60¢: it quotes 48¢ / 52¢), another trader asks 47¢ for YES (bids 53¢
    // for NO): the 48¢ bid would buy from it.
    let moved = false;
    onBookRead(() => {
      if (moved) return;
      moved = true;
      kalshi.exchange.createOrder('00000000-0000-4000-8000-00000000c0de', {
        ticker,
        side: 'ask',
        price: 470_000,
        count: 1_000,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'maker',
      });
    });
    try {
      expect(await new MarketMaker(client, { ticker }).requote()).toEqual({ askCents: 52 });
    } finally {
      vi.restoreAllMocks();
    }
    expect(await restingQuotes()).toEqual([['ask', '0.5200']]);
    expect(kalshi.inspect.fills()).toEqual([]);
  });

  it('maxPosition: fills drive the position to the limit, then only the side that reduces it is quoted', async () => {
    ticker = quietMarket();
    const maker = new MarketMaker(client, { ticker, size: 2, maxPosition: 4 });
    /** Another trader sells YES into our 48¢ bid (2 contracts = 200 centi-contracts). */
    const hitBid = () =>
      kalshi.exchange.createOrder('00000000-0000-4000-8000-00000000c0de', {
        ticker,
        side: 'ask',
        price: 480_000,
        count: 200,
        timeInForce: 'immediate_or_cancel',
        selfTradePrevention: 'taker_at_cross',
      });
    expect(await maker.requote()).toEqual({ bidCents: 48, askCents: 52 });
    hitBid(); // long 2: a bid of 2 more would reach 4, the limit
    expect(await maker.requote()).toEqual({ bidCents: 48, askCents: 52 });
    hitBid(); // long 4: another bid could take it to 6
    expect(await maker.requote()).toEqual({ askCents: 52 });
    expect(await restingQuotes()).toEqual([['ask', '0.5200']]);
    const { market_positions } = unwrap(await client.GET('/portfolio/positions', { params: { query: { ticker } } }));
    expect(market_positions.map((p) => p.position_fp)).toEqual(['4.00']);
  });

  it('maxPosition holds the short side (NO) too: once the ask fills to the limit, only the bid is quoted', async () => {
    ticker = quietMarket();
    const maker = new MarketMaker(client, { ticker, size: 2, maxPosition: 2 });
    expect(await maker.requote()).toEqual({ bidCents: 48, askCents: 52 });
    // Another trader buys YES from our 52¢ ask: we are short 2 (2 NO), the limit.
    kalshi.exchange.createOrder('00000000-0000-4000-8000-00000000c0de', {
      ticker,
      side: 'bid',
      price: 520_000,
      count: 200,
      timeInForce: 'immediate_or_cancel',
      selfTradePrevention: 'taker_at_cross',
    });
    expect(await maker.requote()).toEqual({ bidCents: 48 });
    expect(await restingQuotes()).toEqual([['bid', '0.4800']]);
  });

  it('maxPosition counts the resting quote in full: a quote bigger than the limit is never placed', async () => {
    ticker = quietMarket();
    expect(await new MarketMaker(client, { ticker, size: 3, maxPosition: 2 }).requote()).toEqual({});
    expect(await restingQuotes()).toEqual([]);
  });

  it('cancelAll leaves nothing resting', async () => {
    const maker = new MarketMaker(client, { ticker });
    await maker.requote();
    await maker.cancelAll();
    expect(await restingQuotes()).toEqual([]);
  });

  it('a failed ask leaves the bid tracked: cancelAll cancels it', async () => {
    ticker = quietMarket();
    // $0.50 of cash: the 48¢ bid rests, the 52¢ ask (a NO bought at 48¢) is refused for lack of cash.
    kalshi.exchange.setBalance(TEST_USER_ID, 500_000);
    const maker = new MarketMaker(client, { ticker });
    await expect(maker.requote()).rejects.toThrow(KalshiBadRequestError);
    expect(await restingQuotes()).toEqual([['bid', '0.4800']]);
    await maker.cancelAll();
    expect(await restingQuotes()).toEqual([]);
  });

  it('a placement whose answer was lost is looked for and canceled by cancelAll', LOST_ANSWER, async () => {
    ticker = quietMarket();
    // The bid is placed but its answer is lost, and order reads lag a minute (kalshi-api-notes §5.11: reads after a
    // write can be stale): placeOrder cannot confirm it and throws; the bid rests.
    kalshi.faults.add({ kind: 'commit-then-drop', operation: 'CreateOrderV2', times: 1 });
    kalshi.faults.add({ kind: 'stale-read', lagMs: 60_000 });
    const maker = new MarketMaker(client, { ticker });
    await expect(maker.requote()).rejects.toThrow(KalshiUnconfirmedWriteError);
    kalshi.faults.clear();
    expect(await restingQuotes()).toEqual([['bid', '0.4800']]);
    await maker.cancelAll();
    expect(await restingQuotes()).toEqual([]);
  });

  it(
    'a placement whose answer was lost and that reads do not show yet makes cancelAll throw, and is kept',
    LOST_ANSWER,
    async () => {
      ticker = quietMarket();
      // Reads lag longer than placeOrder's 2.5 s read-back (kalshi-api-notes §5.11 records ~360 ms; longer is possible).
      kalshi.faults.add({ kind: 'commit-then-drop', operation: 'CreateOrderV2', times: 1 });
      kalshi.faults.add({ kind: 'stale-read', lagMs: 60_000 });
      const maker = new MarketMaker(client, { ticker });
      const lost = (await maker.requote().catch((e: unknown) => e)) as KalshiUnconfirmedWriteError;
      expect(lost).toBeInstanceOf(KalshiUnconfirmedWriteError);
      await expect(maker.cancelAll()).rejects.toThrow(`(call it again): ${lost.clientOrderId}`);
      kalshi.faults.clear(); // the reads catch up
      await maker.cancelAll();
      expect(await restingQuotes()).toEqual([]);
    },
  );

  it('a placement whose answer was lost and that no read shows for a minute is given up on', LOST_ANSWER, async () => {
    // The maker measures the minute on the monotonic clock: only that is faked (signing reads the wall clock).
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      ticker = quietMarket();
      kalshi.faults.add({ kind: 'commit-then-drop', operation: 'CreateOrderV2', times: 1 });
      kalshi.faults.add({ kind: 'stale-read', lagMs: 60_000 });
      const maker = new MarketMaker(client, { ticker });
      await expect(maker.requote()).rejects.toThrow(KalshiUnconfirmedWriteError);
      await expect(maker.cancelAll()).rejects.toThrow('(call it again)');
      // Someone else cancels it meanwhile: no read will ever show it resting.
      for (const order of kalshi.inspect.orders({ ticker, status: 'resting' }))
        await client.cancelOrder({ orderId: order.order_id });
      kalshi.faults.clear();
      await expect(maker.cancelAll()).rejects.toThrow('(call it again)');
      vi.advanceTimersByTime(61_000);
      await maker.cancelAll();
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancelAll called while a requote is in flight runs after it: nothing rests (Ctrl-C in run.ts)', async () => {
    ticker = quietMarket();
    const maker = new MarketMaker(client, { ticker });
    await maker.requote();
    const requoting = maker.requote();
    await maker.cancelAll();
    await requoting;
    expect(await restingQuotes()).toEqual([]);
  });

  it('cancelAll cancels by id: our quotes go however many other orders rest on the market', async () => {
    ticker = quietMarket();
    const maker = new MarketMaker(client, { ticker });
    await maker.requote();
    // 100 newer resting orders (Kalshi's default page is 100, kalshi-api-notes §6.2): ours are not on a first page.
    const other = { ticker, action: 'buy', side: 'yes', count: 1, price: '0.01' } as const;
    // In batches of 10: a Basic account's write bucket holds 100 tokens, 10 creates (§8.1); 11 or more are a 429.
    for (let batch = 0; batch < 10; batch++) await placeOrders(client, Array(10).fill(other));
    await maker.cancelAll();
    const left = await restingQuotes();
    expect(left).toHaveLength(100);
    expect(left.filter(([, price]) => price !== '0.0100')).toEqual([]);
  });

  it('cancelAll right after a requote cancels both quotes though order reads lag the writes', async () => {
    ticker = quietMarket();
    // kalshi-api-notes §5.11: a read a few hundred ms after a write can be stale; here reads lag a minute.
    kalshi.faults.add({ kind: 'stale-read', operation: 'GetOrders', lagMs: 60_000 });
    const maker = new MarketMaker(client, { ticker });
    await maker.requote();
    await maker.cancelAll();
    kalshi.faults.clear();
    expect(await restingQuotes()).toEqual([]);
  });
});
