// A stream given the `ws` class (`WebSocket:`, as the README suggests for seeing a refused handshake's code) under the
// in-process msw mock. That class connects by an HTTP upgrade, which msw answered 101 without checking the signed
// headers (kalshi-api-notes §2.5) and without carrying any frame: any key "opened" a stream that never answered. The
// mock now checks it as `kalshi-mock serve` does, and refuses the signed one it cannot serve, saying what to do.
import { createSigner } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { KalshiAuthenticationError } from '../../src';
import { createKalshiStream } from '../../src/ws';

const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.listen());
afterAll(() => kalshi.server.close());

it('an unknown key id is refused with the REST 401 and its code, as without `WebSocket:`', async () => {
  const stranger = generateKeyPairSync();
  const credentials = await createSigner({ keyId: stranger.keyId, privateKey: stranger.privateKeyPem });
  for (const options of [{ WebSocket }, {}]) {
    const error = await createKalshiStream({ environment: 'demo', credentials, ...options }).catch((e) => e);
    expect(error).toBeInstanceOf(KalshiAuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'authentication_error' });
  }
});

it('a signed handshake fails at once, saying to leave `WebSocket:` out, instead of opening a dead stream', async () => {
  const error = await createKalshiStream({ environment: 'demo', credentials: kalshi.credentials, WebSocket }).catch(
    (e) => e,
  );
  expect(error).toMatchObject({ status: 501, code: 'not_implemented' });
  expect(error.message).toMatch(/leave `WebSocket:` out/);
  // Left out, the same credentials stream.
  const stream = await createKalshiStream({ environment: 'demo', credentials: kalshi.credentials });
  await expect(stream.listSubscriptions()).resolves.toEqual([]);
  await stream.close();
});
