// A consumer that reads nothing while the server keeps breaking the sequence (round 31, attack C): README, Backpressure:
// "each subscription queues at most `queueSize` (10,000) unread messages … (`sub.queued` may read `queueSize` + 1)",
// and the option's doc: "so memory stays bounded". Gap notices are queued items too: one per broken seq must not
// let the queue grow past that bound.
import { expect, it } from 'vitest';
import { fake, open, stream, useFakeStream } from './fake-stream';

useFakeStream();

const trade = (seq: number) => ({ type: 'trade', sid: 1, seq, msg: { trade_id: `t${seq}`, market_ticker: 'KX-1' } });

it('a trade sid whose every seq jumps, never read: the queue stays within queueSize + 1', async () => {
  const queueSize = 4;
  const sub = await (await open({ queueSize })).subscribe({ channels: ['trade'] });
  // seq 1, 3, 5, …: every message after the first shows a gap (kalshi-api-notes §9.7: seq is last + 1).
  for (let n = 0; n < 40; n++) fake.broadcast(trade(2 * n + 1));
  await stream?.listSubscriptions(); // every message sent before its reply has been queued
  expect(sub.queued).toBeLessThanOrEqual(queueSize + 1);
});

it('reconnects while nothing is read: the reconnect notices stay within queueSize + 1', async () => {
  const queueSize = 4;
  const sub = await (await open({ queueSize })).subscribe({ channels: ['fill'] });
  for (let n = 1; n <= 12; n++) {
    const subscribes = fake.commands.filter((c) => c.cmd === 'subscribe').length;
    fake.broadcast({ type: 'fill', sid: sub.sids[0], msg: { trade_id: `t${n}` } });
    await stream?.listSubscriptions();
    fake.dropAll(); // the server drops the connection; the stream reconnects and restores the subscription
    await fake.when(() => fake.commands.filter((c) => c.cmd === 'subscribe').length > subscribes);
    await stream?.listSubscriptions(); // restored: the reconnect notice is queued
  }
  expect(sub.queued).toBeLessThanOrEqual(queueSize + 1);
});
