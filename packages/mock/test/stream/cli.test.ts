import { constants, createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { spawnServe } from '../serve-process';

/** Starts `kalshi-mock serve` with extra arguments; resolves with its stream URL and a signed plain ws client. */
async function serve(...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'kalshi-mock-ws-'));
  const credentials = join(dir, 'creds.json');
  const server = await spawnServe(['--port', '0', '--credentials-out', credentials, ...args]);
  const { streamUrl } = server;
  const { keyId, privateKeyPem } = JSON.parse(readFileSync(credentials, 'utf8'));
  const timestamp = String(Date.now());
  const signature = sign('sha256', Buffer.from(`${timestamp}GET/trade-api/ws/v2`), {
    key: createPrivateKey(privateKeyPem),
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
  }).toString('base64');
  const ws = new WebSocket(streamUrl, {
    headers: {
      'KALSHI-ACCESS-KEY': keyId,
      'KALSHI-ACCESS-TIMESTAMP': timestamp,
      'KALSHI-ACCESS-SIGNATURE': signature,
    },
  });
  await new Promise((done, fail) => {
    ws.once('open', done);
    ws.once('error', fail);
  });
  const stop = async () => {
    ws.close();
    await server.stop();
  };
  return { ws, stop, server };
}

// What a non-SDK user does: start `kalshi-mock serve`, sign the handshake by hand with node:crypto, talk JSON.
// Spawns a process: a generous timeout for a loaded 2-core machine; every wait is on an event, never a sleep.
it('kalshi-mock serve speaks the WebSocket API to a plain ws client', async () => {
  const { ws, stop } = await serve();
  try {
    const messages: Record<string, unknown>[] = [];
    const got = new Promise<void>((done) =>
      ws.on('message', (data) => {
        messages.push(JSON.parse(String(data)));
        if (messages.length === 3) done();
      }),
    );
    ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'] } }));
    ws.send(JSON.stringify({ id: 2, cmd: 'list_subscriptions' }));
    ws.send(JSON.stringify({ id: 3, cmd: 'unsubscribe', params: { sids: [1] } }));
    await got;
    expect(messages).toEqual([
      { id: 1, type: 'subscribed', msg: { channel: 'ticker', sid: 1 } },
      { id: 2, type: 'ok', msg: [{ channel: 'ticker', sid: 1 }] },
      { id: 3, type: 'unsubscribed', sid: 1, seq: 1 },
    ]);
  } finally {
    await stop();
  }
}, 90_000);

it('kalshi-mock serve --activity trades on its own: a trade subscriber receives trades nobody placed', async () => {
  const { ws, stop } = await serve('--activity', '200');
  try {
    const trade = new Promise<Record<string, unknown>>((done) =>
      ws.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.type === 'trade') done(message);
      }),
    );
    ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['trade'] } }));
    expect(await trade).toMatchObject({ type: 'trade', sid: 1, seq: 1 });
  } finally {
    await stop();
  }
}, 90_000);

// RFC 6455 §7.4.1 1001 "going away": on SIGTERM or SIGINT the open WebSockets get a Close frame before the process
// exits, not a dropped connection (1006). Kalshi's own shutdown is not recorded (the notes are silent).
it.each(['SIGTERM', 'SIGINT'] as const)(
  'kalshi-mock serve closes open WebSockets with 1001 on %s, then exits 0',
  { timeout: 90_000 },
  async (signal) => {
    const { ws, server } = await serve();
    const closed = new Promise<number>((done) => ws.once('close', (code) => done(code)));
    const exit = server.stop(signal);
    expect(await closed).toBe(1001);
    expect(await exit).toBe(0);
  },
);
