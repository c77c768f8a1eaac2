// In-process: the mock's msw handlers serve REST and the WebSocket API from one exchange; the stream client finds
// the global WebSocket (installed from `ws` on Node 20 by setupKalshiMockServer) and msw intercepts it.
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKalshiClient } from '../../src';
import { createKalshiStream, globalWebSocketWithHeaders, type StreamMessage } from '../../src/ws';

const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => kalshi.server.close());

const credentials = { keyId: kalshi.credentials.keyId, privateKey: kalshi.credentials.privateKeyPem };

describe('stream over msw', () => {
  it('uses the global WebSocket and sees an order placed through the REST client', async () => {
    expect(globalWebSocketWithHeaders()).toBe(globalThis.WebSocket);
    const ticker = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
    const stream = await createKalshiStream({ environment: 'demo', credentials });
    const sub = await stream.subscribe({ channels: ['orderbook_delta', 'user_orders'], market_tickers: [ticker] });
    const client = await createKalshiClient({ environment: 'demo', credentials });
    const placed = await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 2, price: '0.0100' });
    const seen: StreamMessage[] = [];
    for await (const message of sub) {
      seen.push(message);
      if (seen.length === 3) break;
    }
    const byType = Object.fromEntries(seen.map((m) => [m.type, 'msg' in m ? m.msg : undefined]));
    expect(Object.keys(byType).sort()).toEqual(['orderbook_delta', 'orderbook_snapshot', 'user_order']);
    expect(byType.orderbook_delta).toMatchObject({ price_dollars: '0.0100', delta_fp: '2.00', side: 'yes' });
    expect(byType.user_order).toMatchObject({ order_id: placed.order_id, status: 'resting' });
    await stream.close();
  });

  it('surfaces a refused handshake as the typed 401', async () => {
    const { generateKeyPairSync } = await import('@org/kalshi-auth/node');
    const stranger = generateKeyPairSync();
    await expect(
      createKalshiStream({ credentials: { keyId: stranger.keyId, privateKey: stranger.privateKeyPem } }),
    ).rejects.toMatchObject({ name: 'KalshiAuthenticationError', status: 401, code: 'authentication_error' });
  });
});

describe('globalWebSocketWithHeaders', () => {
  class Standard {}
  class EmitterStyle {
    on() {}
  }
  it.each([
    ['Bun', { WebSocket: Standard, Bun: {} }, Standard],
    ['Deno', { WebSocket: Standard, Deno: {} }, Standard],
    ['Node 22 (undici)', { WebSocket: Standard, process: { versions: { node: '22.11.0' } } }, Standard],
    [
      'Node 20 with the ws class installed',
      { WebSocket: EmitterStyle, process: { versions: { node: '20.20.2' } } },
      EmitterStyle,
    ],
    [
      'Node 20 with a header-less global',
      { WebSocket: Standard, process: { versions: { node: '20.20.2' } } },
      undefined,
    ],
    ['no global at all', { process: { versions: { node: '20.20.2' } } }, undefined],
  ])('%s', (_name, runtime, expected) => {
    expect(globalWebSocketWithHeaders(runtime)).toBe(expected);
  });
});
