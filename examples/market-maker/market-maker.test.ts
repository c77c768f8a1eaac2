// The market maker's suite, on the mock exchange: msw answers Kalshi's demo host in-process, no account needed.
import { createKalshiClient, type KalshiClient, unwrap } from '@org/kalshi-client';
import { useKalshiMock } from '@org/kalshi-mock/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
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

/** Our resting orders on the market, as Kalshi reports them: [book side, YES price]. */
async function restingQuotes(): Promise<[string, string][]> {
  const { orders } = unwrap(
    await client.GET('/portfolio/orders', { params: { query: { ticker, status: 'resting' } } }),
  );
  return orders.map((o): [string, string] => [o.book_side, o.yes_price_dollars]).sort();
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

  it('cancelAll leaves nothing resting', async () => {
    const maker = new MarketMaker(client, { ticker });
    await maker.requote();
    await maker.cancelAll();
    expect(await restingQuotes()).toEqual([]);
  });
});
