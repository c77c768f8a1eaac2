// Frames that drifted from Kalshi's AsyncAPI spec (outside tester F: F-D8, F-D9, F-D10), against the loopback fake
// server. One malformed frame must never reach the process as an uncaught exception from the socket's handler:
// - AsyncAPI `orderbookSnapshotPayload` / `orderbookDeltaPayload`: `required: ["type", "sid", "seq", "msg"]`, `msg`
//   an object requiring `market_ticker`; `sequenceNumber`: `type: integer`, "should be checked if you want to
//   guarantee you received all the messages. Used for snapshot/delta consistency".
// - kalshi-api-notes §9.7: on a gap "discard the book for that sid and resync — either `update_subscription` with
//   `action:"get_snapshot"` for the affected tickers, or unsubscribe/resubscribe". A book message the client cannot
//   place in the sequence or key to a market is handled the same way (the notes are silent on malformed frames).
// - The notes and the spec say nothing of frames that are not JSON objects: they are dropped, with a warning.
import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../src/ws/socket';
import { fake, open, readLabels, stream, useFakeStream, warnings } from './fake-stream';

useFakeStream();

function label(message: unknown): string {
  const m = message as { type: string; sid?: number; seq?: number; reason?: string; msg?: { trade_id?: string } };
  if (m.type === 'gap') return `gap:${m.reason}`;
  if (m.type === 'trade') return `trade:${m.msg?.trade_id}`;
  return `${m.type}:${m.sid}:${m.seq}`;
}
const read = (sub: AsyncIterable<unknown>, n: number) => readLabels(sub, n, label);
const delta = (
  seq: unknown,
  msg: unknown = { market_ticker: 'KX-1', price_dollars: '0.4100', delta_fp: '1.00', side: 'yes' },
) => ({ type: 'orderbook_delta', sid: 1, seq, msg }) as Record<string, unknown>;
const getSnapshots = () => fake.commands.filter((c) => (c.params as { action?: string })?.action === 'get_snapshot');

describe('F-D10: a frame that is not a JSON object', () => {
  it('is dropped with a warning (`null`, a number, a string, an array, unparsable text); the stream carries on', async () => {
    const sub = await (await open()).subscribe({ channels: ['trade'] });
    for (const text of ['null', '5', '"x"', '[]', 'not json']) fake.sendText(text);
    fake.broadcast({ type: 'trade', sid: 1, seq: 1, msg: { trade_id: 't1' } });
    expect(await read(sub, 1)).toEqual(['trade:t1']);
    expect(stream?.state()).toBe('open');
    expect(warnings.filter((w) => /not a JSON object/.test(w.message ?? ''))).toHaveLength(5);
  });
});

describe('F-D9: an order-book frame whose msg is missing or not an object', () => {
  for (const [name, msg] of [
    ['msg: null', null],
    ['no msg', undefined],
    ['msg without market_ticker', { yes_dollars_fp: [['0.4000', '1.00']] }],
    ['msg a string', 'KX-1'],
  ] as const) {
    it(`snapshot with ${name}: dropped with a warning naming type and sid, and re-snapshotted like a gap`, async () => {
      fake.options.snapshots = false;
      const sub = await (await open()).subscribe({ channels: ['orderbook_delta'], market_tickers: ['KX-1'] });
      fake.broadcast({ type: 'orderbook_snapshot', sid: 1, seq: 1, msg });
      fake.broadcast(delta(2)); // before the fresh snapshot: stale, dropped
      expect(await read(sub, 1)).toEqual(['orderbook_snapshot:1:3']);
      expect(getSnapshots().map((c) => c.params)).toEqual([
        { sid: 1, market_tickers: ['KX-1'], action: 'get_snapshot' },
      ]);
      expect(warnings).toContainEqual(expect.objectContaining({ sid: 1, type: 'orderbook_snapshot' }));
      fake.broadcast(delta(4));
      expect(await read(sub, 1)).toEqual(['orderbook_delta:1:4']);
    });
  }

  it('delta with msg: null after the snapshot: not delivered, the book re-snapshotted', async () => {
    const sub = await (await open()).subscribe({ channels: ['orderbook_delta'], market_tickers: ['KX-1'] });
    fake.broadcast(delta(2, null));
    fake.broadcast(delta(3)); // stale until the fresh snapshot
    expect(await read(sub, 2)).toEqual(['orderbook_snapshot:1:1', 'orderbook_snapshot:1:4']);
    expect(warnings).toContainEqual(expect.objectContaining({ sid: 1, type: 'orderbook_delta' }));
    expect(getSnapshots()).toHaveLength(1);
  });
});

describe('F-D8: an order-book message without an integer seq is a gap, never "unsequenced"', () => {
  for (const [name, seq] of [
    ['a string seq', '2'],
    ['no seq', undefined],
    ['a null seq', null],
  ] as const) {
    it(`${name}: the delta is not delivered and the book is re-snapshotted; the sequence goes on from the snapshot`, async () => {
      const sub = await (await open()).subscribe({ channels: ['orderbook_delta'], market_tickers: ['KX-1'] });
      fake.broadcast(delta(seq));
      const fresh = await read(sub, 2);
      expect(fresh[0]).toBe('orderbook_snapshot:1:1');
      expect(fresh[1]).toMatch(/^orderbook_snapshot:1:/);
      expect(getSnapshots()).toHaveLength(1);
      expect(warnings).toContainEqual(expect.objectContaining({ sid: 1, type: 'orderbook_delta' }));
      // The fake server numbers the next message after its snapshot: delivered, in sequence.
      const next = Number(fresh[1]?.split(':')[2]) + 1;
      fake.broadcast(delta(next));
      expect(await read(sub, 1)).toEqual([`orderbook_delta:1:${next}`]);
      expect(getSnapshots()).toHaveLength(1);
    });
  }
});

// Round 23 tester W5. README: `OrderBook` refuses, unchanged, "a delta whose `side` is not `yes`/`no`, a level priced
// outside 0–1"; AsyncAPI orderbookDeltaPayload: `side` yes or no, `price_dollars` and `delta_fp` fixed-point strings.
// A delta in sequence that no book can apply is as unusable as one without msg: delivered, a consumer that carries on
// past the error holds a book missing a change. It is dropped and the book re-snapshotted, as for a gap (§9.7).
describe('W5: a delta in sequence that OrderBook cannot apply', () => {
  const good = { market_ticker: 'KX-1', price_dollars: '0.4100', delta_fp: '1.00', side: 'yes' };
  for (const [name, change, field] of [
    ['side "bid"', { side: 'bid' }, 'side'],
    ['no side', { side: undefined }, 'side'],
    ['a price that is not a number', { price_dollars: 'abc' }, 'price_dollars'],
    ['a price above 1', { price_dollars: '1.5000' }, 'price_dollars'],
    // Round 35 (P): finer than $0.0001, on no market's grid (kalshi-api-notes §4).
    ['a price finer than $0.0001', { price_dollars: '0.41005' }, 'price_dollars'],
    ['a delta_fp that is not a number', { delta_fp: 'x' }, 'delta_fp'],
    ['no delta_fp', { delta_fp: undefined }, 'delta_fp'],
  ] as const) {
    it(`${name}: not delivered, logged naming ${field}, and the book re-snapshotted; the next delta applies`, async () => {
      const sub = await (await open()).subscribe({ channels: ['orderbook_delta'], market_tickers: ['KX-1'] });
      fake.broadcast(delta(2, { ...good, ...change }));
      fake.broadcast(delta(3)); // stale until the fresh snapshot
      expect(await read(sub, 2)).toEqual(['orderbook_snapshot:1:1', 'orderbook_snapshot:1:4']);
      expect(warnings).toContainEqual(
        expect.objectContaining({ sid: 1, type: 'orderbook_delta', seq: 2, error: expect.stringContaining(field) }),
      );
      expect(getSnapshots().map((c) => c.params)).toEqual([
        { sid: 1, market_tickers: ['KX-1'], action: 'get_snapshot' },
      ]);
      fake.broadcast(delta(5));
      expect(await read(sub, 1)).toEqual(['orderbook_delta:1:5']);
    });
  }
});

// Round 35 (P). kalshi-api-notes §9.6: `delta_fp` is signed, "remove the level when it reaches 0": Kalshi's deltas take
// a level down to 0 at most. One in sequence that would take a level the sid's own messages built below 0 shows that a
// change was missed (the seq did not show it): delivered, OrderBook refuses it (README) and a consumer's loop throws,
// or a book that took it would hold a wrong level. As a gap (§9.7), it is dropped and the market re-snapshotted.
// (The fake's snapshot: YES 0.4000 × 10.00, no NO level.)
describe('a delta in sequence that would take a level below 0', () => {
  for (const [name, msg] of [
    ['more than rests at the level', { price_dollars: '0.4000', delta_fp: '-10.01', side: 'yes' }],
    ['a removal where no level rests', { price_dollars: '0.5000', delta_fp: '-1.00', side: 'no' }],
  ] as const) {
    it(`${name}: not delivered, logged, and the book re-snapshotted; the next delta applies`, async () => {
      const sub = await (await open()).subscribe({ channels: ['orderbook_delta'], market_tickers: ['KX-1'] });
      fake.broadcast(delta(2, { market_ticker: 'KX-1', price_dollars: '0.4000', delta_fp: '-10.00', side: 'yes' }));
      fake.broadcast(delta(3, { market_ticker: 'KX-1', price_dollars: '0.4000', delta_fp: '2.00', side: 'yes' }));
      fake.broadcast(delta(4, { market_ticker: 'KX-1', ...msg, ...(msg.side === 'yes' ? { delta_fp: '-2.01' } : {}) }));
      fake.broadcast(delta(5)); // stale until the fresh snapshot
      expect(await read(sub, 4)).toEqual([
        'orderbook_snapshot:1:1',
        'orderbook_delta:1:2', // down to 0 exactly: Kalshi's removal
        'orderbook_delta:1:3',
        'orderbook_snapshot:1:6',
      ]);
      expect(warnings).toContainEqual(expect.objectContaining({ sid: 1, seq: 4, market: 'KX-1' }));
      expect(getSnapshots().map((c) => c.params)).toEqual([
        { sid: 1, market_tickers: ['KX-1'], action: 'get_snapshot' },
      ]);
      fake.broadcast(delta(7));
      expect(await read(sub, 1)).toEqual(['orderbook_delta:1:7']);
    });
  }
});

// Round 23 tester W7. kalshi-api-notes §9.1: "All frames are JSON text". A binary frame is dropped with a warning
// whichever WebSocket class carries it (the WHATWG case: whatwg-socket.test.ts); Kalshi's frames are small, and the
// `ws` socket accepts none above 16 MiB (its default is 100 MiB): a larger one closes the connection, which the stream
// replaces (the notes are silent on frame sizes; the cap is ours).
describe('W7: binary and oversized frames', () => {
  const ticker = (market: string) => ({ type: 'ticker', sid: 1, msg: { market_ticker: market } });
  const tickerLabel = (m: unknown) => {
    const { type, reason, msg } = m as { type: string; reason?: string; msg?: { market_ticker?: string } };
    return type === 'gap' ? `gap:${reason}` : `${type}:${msg?.market_ticker}`;
  };

  it('a binary frame (here carrying a valid message) is dropped with a warning; the text frames around it are delivered', async () => {
    const sub = await (await open()).subscribe({ channels: ['ticker'] });
    fake.broadcast(ticker('A'));
    fake.sendBinary(JSON.stringify(ticker('B')));
    fake.broadcast(ticker('C'));
    expect(await readLabels(sub, 2, tickerLabel)).toEqual(['ticker:A', 'ticker:C']);
    expect(warnings.map((w) => w.message)).toContain(
      'kalshi stream: a binary frame was dropped (Kalshi sends JSON text frames)',
    );
    expect(stream?.state()).toBe('open');
  });

  it('a frame above 16 MiB is not read: the connection is replaced and the subscription restored', async () => {
    const sub = await (await open()).subscribe({ channels: ['ticker'] });
    const big = { ...ticker('BIG'), msg: { market_ticker: 'BIG', pad: 'x'.repeat(16 * 1024 * 1024) } };
    fake.broadcast(big);
    expect(await readLabels(sub, 1, tickerLabel)).toEqual(['gap:reconnect']); // the drop's notice, not BIG
    await fake.when(() => fake.handshakes.length === 2);
    await stream?.listSubscriptions(); // restored
    fake.broadcast({ ...ticker('A'), sid: 2 });
    expect(await readLabels(sub, 1, tickerLabel)).toEqual(['ticker:A']);
  });

  it('a frame of 1 MiB (more than any Kalshi book snapshot) is read', async () => {
    const sub = await (await open()).subscribe({ channels: ['ticker'] });
    fake.broadcast({ ...ticker('A'), msg: { market_ticker: 'A', pad: 'x'.repeat(1024 * 1024) } });
    expect(await readLabels(sub, 1, tickerLabel)).toEqual(['ticker:A']);
    expect(fake.handshakes).toHaveLength(1);
  });
});

// Round 43 (S): a data frame on a sid no subscription holds was dropped with no word. The notes are silent on it
// (kalshi-api-notes §9.3: sids are the server's, per connection; `unsubscribed` ends one): data there means the server
// streams a subscription the client never made or has ended, which a user should learn of (a warning, once per sid;
// never an error thrown into an iterator). Frames still in flight behind an unsubscribe not yet answered are expected.
describe('a data frame on a sid no subscription holds', () => {
  it('on a sid never granted: dropped with one warning naming the sid; the subscription carries on', async () => {
    const sub = await (await open()).subscribe({ channels: ['trade'] });
    fake.broadcast({ type: 'trade', sid: 99, seq: 1, msg: { trade_id: 'x1' } });
    fake.broadcast({ type: 'trade', sid: 99, seq: 2, msg: { trade_id: 'x2' } });
    fake.broadcast({ type: 'trade', sid: 1, seq: 1, msg: { trade_id: 't1' } });
    expect(await read(sub, 1)).toEqual(['trade:t1']);
    const strays = warnings.filter((w) => /no subscription holds/.test(w.message ?? ''));
    expect(strays).toEqual([expect.objectContaining({ sid: 99, type: 'trade' })]);
  });

  it('on a sid whose unsubscribe was answered: dropped with a warning naming the sid', async () => {
    const sub = await (await open()).subscribe({ channels: ['trade'] });
    await sub.unsubscribe(); // answered: the server ended sid 1
    fake.broadcast({ type: 'trade', sid: 1, seq: 1, msg: { trade_id: 'late' } });
    await stream?.listSubscriptions(); // the frame before its reply has been read
    expect(warnings).toEqual([
      expect.objectContaining({ sid: 1, message: expect.stringMatching(/no subscription holds/) }),
    ]);
  });

  it('in flight behind an unsubscribe not yet answered: dropped without a warning', async () => {
    const sub = await (await open()).subscribe({ channels: ['trade'] });
    fake.hold = (command) => command.cmd === 'unsubscribe';
    const unsubscribing = sub.unsubscribe();
    await fake.when(() => fake.held().length === 1);
    fake.broadcast({ type: 'trade', sid: 1, seq: 1, msg: { trade_id: 'in-flight' } });
    fake.hold = undefined;
    await stream?.listSubscriptions(); // the frame before its reply has been read
    fake.release();
    await unsubscribing;
    expect(warnings).toEqual([]);
  });
});

// The stream's cap on one frame (MAX_FRAME_BYTES, 16 MiB, the `ws` package's maxPayload): a frame above it closes
// the connection (RFC 6455 1009, "message too big") and the stream reconnects, restoring its subscriptions with fresh
// snapshots behind a `reconnect` gap notice. kalshi-api-notes is silent on a frame limit on Kalshi's side (§9.1: "All
// frames are JSON text"; its largest, a snapshot, is one market's book): the cap is the client's own, against a faulty
// server making it buffer without bound, and what a stream must do past it is recover, as from any lost connection.
describe('a frame above the size cap (MAX_FRAME_BYTES)', () => {
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
});
