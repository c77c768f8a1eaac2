// A subscription keeps the params it was opened with (round 31, attack C). The stream re-sends them on every
// reconnect and re-subscribe (README: "Reconnects … restores every subscription"; "One subscription per channel per
// stream"), so they must be the ones given at subscribe(), not whatever the caller's arrays hold later: a channel list
// reused for the next subscribe must neither take that channel for the first subscription nor be restored with it.
// (The notes are silent; a caller building lists in a loop expects subscribe() to have read them when it resolved.)
import { expect, it } from 'vitest';
import { fake, open, stream, useFakeStream } from './fake-stream';

useFakeStream();

it('a channel list changed after subscribe() resolves changes neither the subscription nor what a reconnect restores', async () => {
  const channels: ('ticker' | 'trade')[] = ['ticker'];
  const market_tickers = ['A'];
  const tickers = await (await open()).subscribe({ channels, market_tickers });
  channels.push('trade');
  market_tickers.push('B');
  expect(tickers.channels).toEqual(['ticker']);
  await stream?.subscribe({ channels: ['trade'] }); // the trade channel is free
  const subscribes = () => fake.commands.filter((c) => c.cmd === 'subscribe');
  fake.dropAll();
  await fake.when(() => subscribes().length === 4);
  expect(
    subscribes()
      .slice(2)
      .map((c) => c.params),
  ).toEqual([{ channels: ['ticker'], market_tickers: ['A'] }, { channels: ['trade'] }]);
});

it('an update() waiting behind another sends the markets given when it was called, not what the list holds later', async () => {
  const sub = await (await open()).subscribe({ channels: ['ticker'], market_tickers: ['A'] });
  const first = sub.update({ add: ['B'] });
  const add = ['C'];
  const second = sub.update({ add }); // runs after the first (README: "Concurrent calls run one after another")
  add.push('D');
  await Promise.all([first, second]);
  const updates = fake.commands.filter((c) => c.cmd === 'update_subscription').map((c) => c.params);
  expect(updates).toEqual([
    { sid: 1, market_tickers: ['B'], action: 'add_markets' },
    { sid: 1, market_tickers: ['C'], action: 'add_markets' },
  ]);
});

// Attack round 33 (C): `sids` and `channels` handed back the subscription's own arrays. A caller clearing or extending
// them (a list reused to build the next subscribe, a `.sort()` or `.splice()` to read it) changed what the stream
// routes by, unsubscribes and restores: the same harm as a changed params list above. Changing the lists read there
// (if the runtime lets it: they may be frozen) leaves the subscription as it was.
it('sids and channels read from a subscription, changed, change neither it nor its unsubscribe or restore', async () => {
  const sub = await (await open()).subscribe({ channels: ['ticker'], market_tickers: ['A'] });
  const [sid] = sub.sids;
  const tryTo = (change: () => void) => {
    try {
      change();
    } catch {
      // a frozen list refuses the change: as good
    }
  };
  tryTo(() => (sub.sids as number[]).splice(0));
  tryTo(() => (sub.channels as string[]).push('trade'));
  expect(sub.sids).toEqual([sid]);
  expect(sub.channels).toEqual(['ticker']);
  const subscribes = () => fake.commands.filter((c) => c.cmd === 'subscribe');
  fake.dropAll();
  await fake.when(() => subscribes().length === 2);
  expect(subscribes()[1]?.params).toEqual({ channels: ['ticker'], market_tickers: ['A'] });
  await fake.when(() => sub.sids.length === 1);
  const restored = sub.sids[0];
  tryTo(() => (sub.sids as number[]).splice(0));
  await sub.unsubscribe();
  expect(fake.commands.filter((c) => c.cmd === 'unsubscribe').map((c) => c.params)).toEqual([{ sids: [restored] }]);
});
