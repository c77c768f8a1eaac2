import { createSigner } from '@org/kalshi-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { ledger } from '../../src/exchange/accounts';
import { generateApiKey } from '../../src/exchange/api-keys';
import { createSubaccount } from '../../src/exchange/subaccounts';
import { setupKalshiMockServer } from '../../src/node';
import { HANDSHAKE_REFUSED } from '../../src/stream/msw';

// In-process: msw intercepts the global WebSocket (installed from `ws` on Node 20 by setupKalshiMockServer).
const kalshi = setupKalshiMockServer();
const STREAM = 'wss://external-api-ws.kalshi.com/trade-api/ws/v2';
const REST = 'https://external-api.kalshi.com/trade-api/v2';
beforeAll(() => kalshi.server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => kalshi.server.close());

type Frame = Record<string, unknown> & { type?: string; msg?: Record<string, unknown> };

async function open(headers: Record<string, string>) {
  const frames: Frame[] = [];
  const socket = new globalThis.WebSocket(STREAM, { headers } as unknown as string[]);
  socket.addEventListener('message', (event) => frames.push(JSON.parse(String(event.data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason })),
  );
  // The first frame matching, now or when it arrives (the listener above has stored it by then): no polling.
  const until = (match: (f: Frame) => boolean) =>
    new Promise<Frame>((resolve) => {
      const check = () => {
        const found = frames.find(match);
        if (!found) return;
        socket.removeEventListener('message', check);
        resolve(found);
      };
      socket.addEventListener('message', check);
      check();
    });
  return { socket, frames, closed, until };
}

describe('msw WebSocket handlers', () => {
  it('serves a signed connection from the same exchange as the REST handlers', async () => {
    const { keyId, privateKeyPem } = kalshi.credentials;
    const signer = await createSigner({ keyId, privateKey: privateKeyPem });
    const { socket, until } = await open(await signer.sign({ method: 'GET', url: STREAM }));
    const ticker = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    socket.send(
      JSON.stringify({
        id: 1,
        cmd: 'subscribe',
        params: { channels: ['orderbook_delta', 'user_orders'], market_tickers: [ticker] },
      }),
    );
    await until((f) => f.type === 'orderbook_snapshot');

    const url = `${REST}/portfolio/events/orders`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...(await signer.sign({ method: 'POST', url })), 'content-type': 'application/json' },
      body: JSON.stringify({
        ticker,
        side: 'bid',
        count: '3',
        price: '0.0100',
        time_in_force: 'good_till_canceled',
        self_trade_prevention_type: 'taker_at_cross',
      }),
    });
    expect(response.status).toBe(201);
    const delta = await until((f) => f.type === 'orderbook_delta');
    expect(delta.msg).toMatchObject({ market_ticker: ticker, price_dollars: '0.0100', delta_fp: '3.00', side: 'yes' });
    expect((await until((f) => f.type === 'user_order')).msg?.status).toBe('resting');
    socket.close();
  });

  it('drops the connection for a drop fault', async () => {
    const { keyId, privateKeyPem } = kalshi.credentials;
    const signer = await createSigner({ keyId, privateKey: privateKeyPem });
    const { socket, closed, frames } = await open(await signer.sign({ method: 'GET', url: STREAM }));
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    kalshi.faults.add({ stream: 'ticker', kind: 'drop', times: 1 });
    socket.send(
      JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], send_initial_snapshot: true } }),
    );
    expect((await closed).code).toBe(1006);
    expect(frames.some((f) => f.type === 'ticker')).toBe(false);
    kalshi.faults.clear();
  });

  // kalshi-api-notes §9.1: "All frames are JSON text"; Kalshi's answer to a binary frame is not recorded. As on the
  // served mock: 1 "Unable to process message" without an id, and the command it carries is not run.
  it('answers a binary frame with 1, without an id, and does not run the command it carries', async () => {
    const { keyId, privateKeyPem } = kalshi.credentials;
    const signer = await createSigner({ keyId, privateKey: privateKeyPem });
    const { socket, frames, until } = await open(await signer.sign({ method: 'GET', url: STREAM }));
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    socket.send(
      new TextEncoder().encode(JSON.stringify({ id: 5, cmd: 'subscribe', params: { channels: ['ticker'] } })),
    );
    socket.send(JSON.stringify({ id: 6, cmd: 'list_subscriptions' }));
    await until((f) => f.id === 6);
    expect(frames).toEqual([
      { type: 'error', msg: { code: 1, msg: 'Unable to process message' } },
      { id: 6, type: 'ok', msg: [] },
    ]);
    socket.close();
  });

  it('refuses a connection without a valid signature, with the 401 code as the close reason', async () => {
    const { closed, frames } = await open({});
    expect(await closed).toEqual({ code: HANDSHAKE_REFUSED, reason: '401 access_key_is_missing_from_headers' });
    expect(frames).toEqual([]);
  });

  it("scopes a subaccount-restricted key's private messages to its subaccount (tester V, V-D4)", async () => {
    // Spec GenerateApiKeyRequest.subaccount: "A restricted key may only read and trade on that sub-account".
    const { exchange } = kalshi;
    const sub = createSubaccount(exchange, TEST_USER_ID);
    ledger(exchange, TEST_USER_ID, sub).cash = 100_000_000;
    const { info, privateKeyPem } = generateApiKey(exchange, TEST_USER_ID, { name: 'desk', subaccount: sub });
    const signer = await createSigner({ keyId: info.keyId, privateKey: privateKeyPem });
    const { socket, frames, until } = await open(await signer.sign({ method: 'GET', url: STREAM }));
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    socket.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['user_orders'] } }));
    await until((f) => f.type === 'subscribed');
    const ticker = [...exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
    for (const subaccount of [0, sub])
      exchange.createOrder(TEST_USER_ID, {
        ticker,
        side: 'bid',
        price: 10_000,
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'maker',
        subaccount,
      });
    await until((f) => f.type === 'user_order');
    expect(frames.filter((f) => f.type === 'user_order').map((f) => f.msg?.subaccount_number)).toEqual([sub]);
    socket.close();
  });
});
