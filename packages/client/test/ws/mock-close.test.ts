// A stream on the mock's msw server ends when that server closes (msw itself leaves intercepted WebSockets open, and
// the stream would only have noticed through its watchdog, 30 s later, or never where the probe is still answered).
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { expect, it } from 'vitest';
import { KalshiMockNotListeningError } from '../../src';
import { createKalshiStream } from '../../src/ws';

it('a stream whose mock server closes ends with KalshiMockNotListeningError instead of lingering', async () => {
  const kalshi = setupKalshiMockServer();
  kalshi.listen();
  const stream = await createKalshiStream({
    environment: 'demo',
    credentials: kalshi.credentials,
    reconnect: { initialDelayMs: 1, maxDelayMs: 1 },
  });
  const sub = await stream.subscribe({ channels: ['ticker'] });
  const iterator = sub[Symbol.asyncIterator]();
  const next = iterator.next();
  kalshi.server.close();
  // The drop's gap notice comes first (messages may be missing from there), then the end.
  await expect(next).resolves.toEqual({ value: { type: 'gap', reason: 'reconnect', dropped: 0 }, done: false });
  await expect(iterator.next()).rejects.toBeInstanceOf(KalshiMockNotListeningError);
  expect(stream.state()).toBe('closed');
});
