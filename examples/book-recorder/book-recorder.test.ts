import { createKalshiClient, unwrap } from '@org/kalshi-client';
import { createKalshiStream } from '@org/kalshi-client/ws';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type RecordedLine, recordBooks } from './book-recorder.js';

const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.listen());
afterEach(() => kalshi.exchange.reset());
afterAll(() => kalshi.server.close());

const credentials = { keyId: kalshi.credentials.keyId, privateKey: kalshi.credentials.privateKeyPem };

it('records the snapshot, then an order arriving as a delta, with the best prices after each', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const ticker = markets[0]?.ticker ?? '';
  const stream = await createKalshiStream({ environment: 'demo', credentials });
  try {
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [ticker] });
    // A YES bid at 1¢ rests below the book (kalshi-api-notes: a delta carries price_dollars and delta_fp).
    await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 2, price: '0.01' });
    const lines: RecordedLine[] = [];
    const books = await recordBooks(sub, { write: (line) => lines.push(JSON.parse(line)), maxMessages: 2 });

    expect(lines.map((l) => [l.type, l.ticker])).toEqual([
      ['orderbook_snapshot', ticker],
      ['orderbook_delta', ticker],
    ]);
    expect(lines[1]?.msg).toMatchObject({
      market_ticker: ticker,
      side: 'yes',
      price_dollars: '0.0100',
      delta_fp: '2.00',
    });
    // The recorded best prices are the REST book's: Kalshi's GET orderbook after the order.
    const { orderbook_fp: rest } = unwrap(
      await client.GET('/markets/{ticker}/orderbook', { params: { path: { ticker } } }),
    );
    const bestOf = (levels: string[][]) => levels.map((l) => Number(l[0])).sort((a, b) => b - a)[0];
    expect(Number(lines[1]?.bestYesBid)).toBe(bestOf(rest.yes_dollars));
    expect(Number(lines[1]?.bestYesAsk)).toBeCloseTo(1 - (bestOf(rest.no_dollars) ?? Number.NaN), 6);
    // 2 contracts = 200 centi-contracts resting at 1¢ (10,000 micro-dollars) on the YES side, our order alone.
    expect(books.get(ticker)?.depthAt('yes', '0.01')).toBe(200);
  } finally {
    await stream.close();
  }
});

it('stops when the signal aborts', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const stream = await createKalshiStream({ environment: 'demo', credentials });
  try {
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [markets[0]?.ticker ?? ''] });
    const stop = new AbortController();
    const lines: string[] = [];
    const recording = recordBooks(sub, {
      write: (line) => {
        lines.push(line);
        stop.abort(); // after the snapshot
      },
      signal: stop.signal,
    });
    await expect(recording).resolves.toBeInstanceOf(Map);
    expect(lines).toHaveLength(1);
    expect(await stream.listSubscriptions()).toEqual([]);
  } finally {
    await stream.close();
  }
});
