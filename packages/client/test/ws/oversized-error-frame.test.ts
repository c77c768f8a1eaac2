// The REST client keeps the first 500 characters of an error's code, message and details (round 47, round 48 A). A
// stream's error frame was taken whole: a server (a proxy, a misbehaving mock) answering a command with a `msg` of
// megabytes (frames are read up to 16 MB) made a KalshiStreamError whose message, and `market_ticker`/`market_id`,
// were that size, in every log line that shows it. AsyncAPI `errorResponsePayload.msg` and kalshi-api-notes §9.3–9.4
// give the text as the code's name or a sentence, and tickers as Kalshi's short market tickers; no limit is given.
// Each text keeps its first 500 characters, its start intact.
import { expect, it } from 'vitest';
import { streamErrorOf } from '../../src/ws/stream-error';

const huge = (start: string) => `${start}${'x'.repeat(1_000_000)}`;

it('an error frame with megabyte texts: the message and the market fields keep their first 500 characters', () => {
  const error = streamErrorOf(
    {
      msg: {
        code: 11,
        msg: huge('Invalid parameter '),
        market_ticker: huge('KX-'),
        market_tickers: [huge('A-'), 'B-2'],
        market_id: huge('id-'),
      },
    },
    'subscribe',
  );
  expect(error.message.startsWith('subscribe: 11 Invalid parameter: Invalid parameter xxx')).toBe(true);
  // The text, market_ticker, two of market_tickers and market_id: 500 characters each at most, and the labels.
  expect(error.message.length).toBeLessThan(2_700);
  expect(error.market_ticker?.startsWith('KX-xxx')).toBe(true);
  expect(error.market_ticker?.length).toBeLessThanOrEqual(500);
  expect(error.market_tickers?.map((t) => t.length)).toEqual([500, 3]);
  expect(error.market_id?.length).toBeLessThanOrEqual(500);
});
