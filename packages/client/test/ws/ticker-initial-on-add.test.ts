// A ticker subscription opened with `send_initial_snapshot: true` (AsyncAPI subscribe: "receive an initial snapshot for
// requested market tickers on the ticker channel") and a market added with `update({ add })`. AsyncAPI
// update_subscription has the same flag ("for newly added market tickers on the ticker channel"), which the stream did
// not send: the added market's ticker came only once one of its fields changed (a quiet market: never), though a
// reconnect's restore, which re-sends the subscribe with the flag, brings it. Round 37 (C); against the mock's server.
import { type RunningKalshiMockServer, startKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKalshiStream, type KalshiStream } from '../../src/ws';

let server: RunningKalshiMockServer;
let stream: KalshiStream | undefined;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 21, pingIntervalMs: 0 });
}, 60_000);
afterAll(async () => {
  await stream?.close();
  await server.close();
});

it('a market added to a ticker subscription opened with send_initial_snapshot gets its initial ticker', async () => {
  const [a, b] = [...server.mock.exchange.markets.values()].filter((m) => m.status === 'active').map((m) => m.ticker);
  const { keyId, privateKeyPem } = server.mock.credentials;
  stream = await createKalshiStream({ url: server.streamUrl, credentials: { keyId, privateKey: privateKeyPem } });
  const sub = await stream.subscribe({
    channels: ['ticker'],
    market_tickers: [a as string],
    send_initial_snapshot: true,
  });
  await sub.update({ add: [b as string] });
  await stream.listSubscriptions(); // every message sent before its reply is queued
  const iterator = sub[Symbol.asyncIterator]();
  const tickers: string[] = [];
  for (let n = sub.queued; n > 0; n--) {
    const { value } = await iterator.next();
    if (value?.type === 'ticker') tickers.push(value.msg.market_ticker);
  }
  expect(tickers).toEqual([a, b]);
});
