// A sid whose `seq` starts over at 1 (round 36, attack C). kalshi-api-notes §9.7: `seq` is a per-sid counter whose
// "first message after subscribing (the snapshot) has `seq` 1", each later one +1, and duplicates (seq ≤ last) are
// dropped. The notes are silent on a server that starts a sid's count again (a restart on its side); what a careful
// user of money data expects is not silence: before, every message of the new count was dropped as a duplicate until
// it climbed past the old last seq (a book sid's snapshot and deltas lost unseen, the book then built on nothing). A
// seq of 1 is where a count begins (§9.7), never a plausible repeat of a live sid's stream: it is treated as a gap.
import { describe, expect, it } from 'vitest';
import { fake, open, readLabels, useFakeStream } from './fake-stream';

useFakeStream();

function label(message: unknown): string {
  const m = message as { type: string; sid?: number; seq?: number; reason?: string };
  return m.type === 'gap' ? `gap:${m.reason}` : `${m.type}:${m.sid}:${m.seq}`;
}
const read = (sub: AsyncIterable<unknown>, n: number) => readLabels(sub, n, label);
const trade = (seq: number) => ({ type: 'trade', sid: 1, seq, msg: { trade_id: `t${seq}`, market_ticker: 'A' } });
const delta = (seq: number) => ({
  type: 'orderbook_delta',
  sid: 1,
  seq,
  msg: { market_ticker: 'A', price_dollars: '0.4000', delta_fp: '1.00', side: 'yes' },
});

describe('a sid whose seq starts over at 1', () => {
  it('trade: the new count is delivered after a sequence gap notice, not dropped as duplicates', async () => {
    const sub = await (await open()).subscribe({ channels: ['trade'], market_tickers: ['A'] });
    for (const seq of [1, 2, 3, 4, 5]) fake.broadcast(trade(seq));
    expect(await read(sub, 5)).toHaveLength(5);
    for (const seq of [1, 2, 3]) fake.broadcast(trade(seq)); // the server counts again from 1
    fake.broadcast(trade(3)); // a real duplicate is still dropped
    fake.broadcast(trade(4));
    expect(await read(sub, 5)).toEqual(['gap:sequence', 'trade:1:1', 'trade:1:2', 'trade:1:3', 'trade:1:4']);
  });

  it('orderbook_delta: the book is re-snapshotted, and no delta of the new count is lost unseen', async () => {
    const sub = await (await open()).subscribe({ channels: ['orderbook_delta'], market_tickers: ['A'] });
    for (const seq of [2, 3, 4]) fake.broadcast(delta(seq));
    expect(await read(sub, 4)).toEqual([
      'orderbook_snapshot:1:1',
      'orderbook_delta:1:2',
      'orderbook_delta:1:3',
      'orderbook_delta:1:4',
    ]);
    // The server starts the sid over: its snapshot (seq 1), then a delta (seq 2); it answers get_snapshot in its new
    // count (held here, answered by hand: the fake server's own answer continues its old count).
    fake.hold = (c) => (c.params as { action?: string })?.action === 'get_snapshot';
    const book = (size: string) => ({ market_ticker: 'A', yes_dollars_fp: [['0.4000', size]] });
    fake.broadcast({ type: 'orderbook_snapshot', sid: 1, seq: 1, msg: book('5.00') });
    fake.broadcast(delta(2)); // before the repair's snapshot: stale, never delivered
    await fake.when(() => fake.commands.some((c) => (c.params as { action?: string })?.action === 'get_snapshot'));
    const asked = fake.commands.find((c) => (c.params as { action?: string })?.action === 'get_snapshot');
    expect(asked?.params).toEqual({ sid: 1, market_tickers: ['A'], action: 'get_snapshot' });
    fake.broadcast({ id: asked?.id, type: 'orderbook_snapshot', sid: 1, seq: 3, msg: book('6.00') });
    fake.broadcast(delta(4));
    expect(await read(sub, 2)).toEqual(['orderbook_snapshot:1:3', 'orderbook_delta:1:4']);
  });
});
