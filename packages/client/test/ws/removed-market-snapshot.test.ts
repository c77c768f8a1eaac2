// A market removed while its book waits for a fresh snapshot (round 36, attack C). A gap or an overflow marks the
// sid's markets for `get_snapshot`, asked for once the consumer has read the queue down to half (README). A market
// removed meanwhile (`update({ remove })`, update_subscription delete_markets, kalshi-api-notes §9.2) is no longer on
// the sid: asking for its snapshot gets a snapshot the consumer removed (or, where the server refuses a market the
// subscription does not stream, as the mock does with 11, a re-subscribe of the whole subscription). The notes are
// silent on get_snapshot for a market the sid does not stream; a careful user expects a removed market to stay gone.
import { describe, expect, it } from 'vitest';
import { fake, open, readLabels, stream, useFakeStream } from './fake-stream';

useFakeStream();

const delta = (seq: number, market: string) => ({
  type: 'orderbook_delta',
  sid: 1,
  seq,
  msg: { market_ticker: market, price_dollars: '0.4000', delta_fp: '1.00', side: 'yes' },
});
function label(message: unknown): string {
  const m = message as { type: string; sid?: number; seq?: number; reason?: string; msg?: { market_ticker?: string } };
  return m.type === 'gap' ? `gap:${m.reason}` : `${m.type}:${m.seq}:${m.msg?.market_ticker}`;
}
const snapshotsAsked = () =>
  fake.commands
    .filter((c) => (c.params as { action?: string })?.action === 'get_snapshot')
    .map((c) => (c.params as { market_tickers: string[] }).market_tickers);

/** A subscription to A and B (queue of 4) whose seq 4 was lost while its queue was past half full. */
async function gapped() {
  const sub = await (await open({ queueSize: 4 })).subscribe({
    channels: ['orderbook_delta'],
    market_tickers: ['A', 'B'],
  });
  fake.broadcast(delta(3, 'A')); // queued: snapshot A, snapshot B, this delta (past half of 4)
  fake.broadcast(delta(5, 'A')); // seq 4 lost: both markets wait for a fresh snapshot, not asked for yet
  await stream?.listSubscriptions();
  return sub;
}

describe('a market removed while its snapshot waits to be asked for', () => {
  it('is not asked for, and no snapshot of it reaches the consumer', async () => {
    const sub = await gapped();
    expect(snapshotsAsked()).toEqual([]);
    await sub.update({ remove: ['B'] });
    expect(await readLabels(sub, 3, label)).toEqual([
      'orderbook_snapshot:1:A',
      'orderbook_snapshot:2:B',
      'orderbook_delta:3:A',
    ]);
    // The reads made room: A's snapshot is asked for, B's is not.
    await stream?.listSubscriptions();
    expect(snapshotsAsked()).toEqual([['A']]);
    expect(await readLabels(sub, 1, label)).toEqual(['orderbook_snapshot:6:A']);
    fake.broadcast(delta(7, 'A')); // after the repair's snapshot (seq 6)
    expect(await readLabels(sub, 1, label)).toEqual(['orderbook_delta:7:A']);
  });

  it("a removed market's messages still queued, discarded by an overflow, do not ask for its snapshot", async () => {
    const sub = await (await open({ queueSize: 4 })).subscribe({
      channels: ['orderbook_delta'],
      market_tickers: ['A', 'B'],
    });
    fake.broadcast(delta(3, 'B'));
    await sub.update({ remove: ['B'] }); // B's snapshot and delta are still queued
    fake.broadcast(delta(4, 'A'));
    fake.broadcast(delta(5, 'A')); // past 4: the book's queued messages go, to be re-snapshotted
    await stream?.listSubscriptions();
    expect(sub.queued).toBe(0);
    const next = readLabels(sub, 1, label); // the read makes room: the snapshots are asked for
    await stream?.listSubscriptions();
    expect(snapshotsAsked()).toEqual([['A']]);
    expect(await next).toEqual(['orderbook_snapshot:6:A']);
  });

  // The other side: while the removal is on its way it may yet be refused (the market then stays), so B's messages
  // discarded meanwhile still mark its book for a fresh snapshot.
  it("a removal refused after an overflow discarded the market's messages: its snapshot is asked for", async () => {
    const sub = await (await open({ queueSize: 4 })).subscribe({
      channels: ['orderbook_delta'],
      market_tickers: ['A', 'B'],
    });
    fake.broadcast(delta(3, 'B'));
    fake.refusedUpdates.add(1);
    fake.hold = (c) => (c.params as { action?: string })?.action === 'delete_markets';
    const removing = sub.update({ remove: ['B'] });
    await fake.when(() => fake.held().length === 1);
    fake.broadcast(delta(4, 'A'));
    fake.broadcast(delta(5, 'A')); // past 4: the book's queued messages go, B's snapshot and delta among them
    await stream?.listSubscriptions();
    fake.release();
    await expect(removing).rejects.toMatchObject({ name: 'KalshiStreamError', code: 11 });
    const next = readLabels(sub, 2, label); // the read makes room: the snapshots are asked for
    await stream?.listSubscriptions();
    expect(snapshotsAsked()).toEqual([['A', 'B']]);
    expect((await next).sort()).toEqual(['orderbook_snapshot:6:A', 'orderbook_snapshot:7:B']);
  });

  // Round 37 (C): a removal sent is not done until its reply, and the consumer may read meanwhile. Asked for then,
  // B's snapshot request reaches the server after the removal (a server answers commands in the order sent), so it is
  // for a market the sid no longer streams: its snapshot reached the consumer after update() resolved (the mock
  // refuses it with 11, which re-subscribed the whole subscription). Only markets the sid still streams are asked for.
  it('a market whose removal is on its way is not asked for', async () => {
    const sub = await gapped();
    // Every update_subscription waits, to be answered in the order sent.
    fake.hold = (c) => c.cmd === 'update_subscription';
    const removing = sub.update({ remove: ['B'] });
    await fake.when(() => fake.held().length === 1);
    expect(await readLabels(sub, 3, label)).toEqual([
      'orderbook_snapshot:1:A',
      'orderbook_snapshot:2:B',
      'orderbook_delta:3:A',
    ]);
    await fake.when(() => fake.held().length === 2); // the reads made room: a get_snapshot is sent
    fake.hold = undefined;
    fake.release();
    await removing;
    expect(snapshotsAsked()).toEqual([['A']]);
    fake.broadcast(delta(7, 'A')); // after the repair's snapshot (seq 6)
    expect(await readLabels(sub, 2, label)).toEqual(['orderbook_snapshot:6:A', 'orderbook_delta:7:A']);
  });

  // …and refused, the removal leaves the market on the sid: its snapshot, held back, is asked for at once, not at the
  // consumer's next read, which (waiting on an empty queue, B's deltas dropped as stale) may never come.
  it('a market whose removal is refused is asked for once the refusal comes', async () => {
    const sub = await gapped();
    fake.refusedUpdates.add(1);
    fake.hold = (c) => (c.params as { action?: string })?.action === 'delete_markets';
    const removing = sub.update({ remove: ['B'] });
    await fake.when(() => fake.held().length === 1);
    expect(await readLabels(sub, 4, label)).toEqual([
      'orderbook_snapshot:1:A',
      'orderbook_snapshot:2:B',
      'orderbook_delta:3:A',
      'orderbook_snapshot:6:A',
    ]);
    const next = readLabels(sub, 1, label); // waits on an empty queue
    fake.hold = undefined;
    fake.release();
    await expect(removing).rejects.toMatchObject({ name: 'KalshiStreamError', code: 11 });
    await stream?.listSubscriptions();
    expect(snapshotsAsked()).toEqual([['A'], ['B']]);
    expect(await next).toEqual(['orderbook_snapshot:7:B']);
  });
});
