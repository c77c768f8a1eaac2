// T-O3: a stream on the served mock (`startKalshiMockServer`, `kalshi-mock serve`) outlives the server's close(): the
// server closes its WebSockets with 1001 "going away", which the stream takes as any server going away and keeps
// reconnecting until the stream itself is closed. That is Kalshi's case too (kalshi-api-notes §9.1: weekly maintenance
// may drop sessions; the notes record no close code meaning "do not come back"). The msw mock differs: a stream whose
// mock stops listening ends with KalshiMockNotListeningError (test/mock). The README says so; this pins it.
import { createSigner, type Signer } from '@org/kalshi-auth';
import { startKalshiMockServer } from '@org/kalshi-mock/node';
import { expect, it } from 'vitest';
import { createKalshiStream } from '../../src/ws';

it('a stream on the served mock keeps reconnecting after the server closes, until the stream is closed', async () => {
  const server = await startKalshiMockServer({ seed: 21, pingIntervalMs: 0 });
  const { keyId, privateKeyPem } = server.mock.credentials;
  const signer = await createSigner({ keyId, privateKey: privateKeyPem });
  let signed = 0;
  let reconnecting: () => void = () => {};
  const reconnected = new Promise<void>((resolve) => {
    reconnecting = resolve;
  });
  // Each connection attempt signs its handshake: the second signature is the first reconnect attempt.
  const recording: Signer = {
    ...signer,
    sign: async (input) => {
      if (++signed === 2) reconnecting();
      return signer.sign(input);
    },
  };
  const stream = await createKalshiStream({
    url: server.streamUrl,
    credentials: recording,
    reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
  });
  const sub = await stream.subscribe({ channels: ['ticker'] });
  const ended = (async () => {
    for await (const _ of sub);
    return 'ended';
  })();
  await server.close();
  await reconnected;
  expect(stream.state()).toBe('reconnecting');
  await stream.close();
  expect(stream.state()).toBe('closed');
  await expect(ended).resolves.toBe('ended');
});
