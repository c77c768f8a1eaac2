import { expect, it } from 'vitest';
import { KalshiCredentialsError } from '../../src';
import { createKalshiStream } from '../../src/ws';
import { testSigner } from '../helpers';
import { fakeSockets } from './fake-socket';

// A signer that throws while signing the handshake fails as the REST calls do: one KalshiCredentialsError, its own
// message left out (a user's signer may put anything in it), the original as `cause`; no socket is opened.
it('fails the stream with KalshiCredentialsError when the signer throws', async () => {
  const sockets = fakeSockets();
  const signer = await testSigner();
  const thrown = new Error('secret-ish detail');
  const failing = { ...signer, sign: () => Promise.reject(thrown) };
  const error = await createKalshiStream({
    url: 'ws://127.0.0.1:1/trade-api/ws/v2',
    credentials: failing,
    WebSocket: sockets.WebSocket,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiCredentialsError);
  expect(error).toMatchObject({ code: 'signing_failed', cause: thrown });
  expect((error as Error).message).not.toContain('secret-ish');
  expect(sockets.created).toHaveLength(0);
});
