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
