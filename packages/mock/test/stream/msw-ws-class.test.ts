import { createSigner } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { setupKalshiMockServer } from '../../src/node';

// The `ws` class given directly (not the global msw patches) connects by an HTTP upgrade, which msw ≥ 2.14 intercepts
// as a plain request (`ws.onUpgrade`): it answered 101 with no frames behind it and never looked at the signed
// headers, so any key "opened" a dead stream. The handshake is checked as `kalshi-mock serve` checks it (kalshi-api-notes
// §2.5: the signed KALSHI-ACCESS-* headers; §2.3: the REST 401 bodies), with the same `Date` (RFC 9110 §6.6.1). A
// signed one cannot be served over msw: it is refused loudly (501) instead of opening a stream that never answers.
const STREAM = 'wss://demo-api.kalshi.co/trade-api/ws/v2';
const kalshi = setupKalshiMockServer();
const upgrades: string[] = [];
beforeAll(() => {
  kalshi.listen();
  // msw's own upgrade answer would also open a second, header-less connection to the stream handlers.
  kalshi.server.events.on('response:mocked', ({ response }) => upgrades.push(String(response.status)));
});
afterAll(() => kalshi.server.close());
afterEach(() => {
  upgrades.length = 0;
  kalshi.exchange.apiKeys.delete('broken-key');
});

interface Handshake {
  readonly status: number;
  readonly body: string;
  readonly date: string | undefined;
}

/** A `ws` client's handshake: its HTTP answer, or 'open' if it opened. */
function handshake(headers: Record<string, string>): Promise<Handshake | 'open'> {
  const socket = new WebSocket(STREAM, { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.terminate();
      resolve('open');
    });
    socket.once('error', reject);
    socket.once('unexpected-response', (request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += String(chunk);
      });
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body, date: response.headers.date });
        request.destroy();
      });
    });
  });
}

const signerOf = (keyId: string, privateKey: string) => createSigner({ keyId, privateKey });
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe('a WebSocket opened by the ws class under the msw mock', () => {
  it('refuses an unknown key id with the REST 401, dated', async () => {
    const stranger = generateKeyPairSync();
    const signer = await signerOf(stranger.keyId, stranger.privateKeyPem);
    const answer = await handshake(await signer.sign({ method: 'GET', url: STREAM }));
    expect(answer).toMatchObject({ status: 401, date: expect.stringMatching(IMF_FIXDATE) });
    expect(JSON.parse((answer as Handshake).body)).toEqual({
      error: { code: 'authentication_error', message: 'authentication_error', details: 'NOT_FOUND' },
    });
  });

  it('refuses a signature by another private key and a stale timestamp, with their codes', async () => {
    const wrongKey = await signerOf(kalshi.credentials.keyId, generateKeyPairSync().privateKeyPem);
    const forged = await handshake(await wrongKey.sign({ method: 'GET', url: STREAM }));
    expect(forged).toMatchObject({ status: 401 });
    expect(JSON.parse((forged as Handshake).body).error.details).toBe('INCORRECT_API_KEY_SIGNATURE');

    const signer = await signerOf(kalshi.credentials.keyId, kalshi.credentials.privateKeyPem);
    const stale = await handshake(await signer.sign({ method: 'GET', url: STREAM, timestamp: Date.now() - 120_000 }));
    expect(stale).toMatchObject({ status: 401, date: expect.stringMatching(IMF_FIXDATE) });
    expect(JSON.parse((stale as Handshake).body).error.code).toBe('header_timestamp_expired');
  });

  it('refuses an unsigned one', async () => {
    const answer = await handshake({});
    expect(JSON.parse((answer as Handshake).body).error.code).toBe('access_key_is_missing_from_headers');
  });

  it('answers a signed one 501, saying how to stream against the mock, instead of opening a dead stream', async () => {
    const signer = await signerOf(kalshi.credentials.keyId, kalshi.credentials.privateKeyPem);
    const answer = await handshake(await signer.sign({ method: 'GET', url: STREAM }));
    expect(answer).toMatchObject({ status: 501, date: expect.stringMatching(IMF_FIXDATE) });
    const { error } = JSON.parse((answer as Handshake).body);
    expect(error.code).toBe('not_implemented');
    expect(error.details).toMatch(/`WebSocket:`.*startKalshiMockServer/s);
    expect(upgrades).toEqual(['501']);
  });

  it('answers 500, as kalshi-mock serve does, when verifying the handshake throws', async () => {
    // Past addApiKey, which refuses a key that is not a PEM: a key whose verification throws.
    kalshi.exchange.apiKeys.set('broken-key', { publicKeyPem: 'not a PEM', userId: 'broken-user' });
    const signer = await signerOf('broken-key', kalshi.credentials.privateKeyPem);
    const answer = await handshake(await signer.sign({ method: 'GET', url: STREAM }));
    expect(answer).toMatchObject({ status: 500 });
    expect(JSON.parse((answer as Handshake).body)).toMatchObject({ error: { code: 'internal_server_error' } });
  });
});
