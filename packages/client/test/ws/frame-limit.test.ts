// The stream's cap on one frame (MAX_FRAME_BYTES, 16 MiB, the `ws` package's maxPayload): a frame above it closes
// the connection (RFC 6455 1009, "message too big") and the stream reconnects, restoring its subscriptions with fresh
// snapshots behind a `reconnect` gap notice. kalshi-api-notes is silent on a frame limit on Kalshi's side (§9.1: "All
// frames are JSON text"; its largest, a snapshot, is one market's book): the cap is the client's own, against a faulty
// server making it buffer without bound, and what a stream must do past it is recover, as from any lost connection.
import { expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../src/ws/socket';
import { fake, open, readLabels, useFakeStream, warnings } from './fake-stream';

useFakeStream();

/** Type, sid and seq, or the gap notice's reason. */
const label = (message: unknown) => {
  const m = message as { type: string; sid?: number; seq?: number; reason?: string };
  return m.type === 'gap' ? `gap:${m.reason}` : `${m.type}:${m.sid}:${m.seq}`;
};

it('a frame above 16 MiB: the stream reconnects, and the book comes back with a fresh snapshot', async () => {
  const sub = await (await open()).subscribe({ channels: ['orderbook_delta'], market_tickers: ['KX-1'] });
  const iterator = sub[Symbol.asyncIterator]();
  expect(label((await iterator.next()).value)).toBe('orderbook_snapshot:1:1');
  fake.sendText(`"${'x'.repeat(MAX_FRAME_BYTES - 1)}"`); // MAX_FRAME_BYTES + 1 bytes
  const next = await readLabels({ [Symbol.asyncIterator]: () => iterator }, 2, label);
  expect(next).toEqual(['gap:reconnect', 'orderbook_snapshot:2:1']);
  expect(fake.handshakes.filter((h) => h.ok)).toHaveLength(2);
  expect(warnings).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/reconnected/) }));
  // The restored subscription streams on.
  fake.broadcast({
    type: 'orderbook_delta',
    sid: 2,
    seq: 2,
    msg: { market_ticker: 'KX-1', price_dollars: '0.4000', delta_fp: '1.00', side: 'yes' },
  });
  expect(label((await iterator.next()).value)).toBe('orderbook_delta:2:2');
});

it('a frame of exactly 16 MiB is read (and, not a Kalshi message, dropped): the connection stays', async () => {
  const sub = await (await open()).subscribe({ channels: ['orderbook_delta'], market_tickers: ['KX-1'] });
  const iterator = sub[Symbol.asyncIterator]();
  expect(label((await iterator.next()).value)).toBe('orderbook_snapshot:1:1');
  fake.sendText(`"${'x'.repeat(MAX_FRAME_BYTES - 2)}"`); // MAX_FRAME_BYTES bytes
  fake.broadcast({
    type: 'orderbook_delta',
    sid: 1,
    seq: 2,
    msg: { market_ticker: 'KX-1', price_dollars: '0.4000', delta_fp: '1.00', side: 'yes' },
  });
  expect(label((await iterator.next()).value)).toBe('orderbook_delta:1:2');
  expect(fake.handshakes).toHaveLength(1);
});
