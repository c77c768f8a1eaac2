import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { order, signedFetch } from '../helpers';

// Pauses driven from outside the process (kalshi-mock serve), as a bot's test in another language would: POST and
// DELETE /_mock/pause, then the API over loopback. Kalshi's rules (kalshi-api-notes §5.11, §5.16): during a trading
// pause orders and amends are refused, cancels work, resting orders stay unless placed with cancel_order_on_pause;
// during an exchange pause cancels are refused too.
const T0 = Date.UTC(2026, 11, 3, 8);
const TICKER = 'KXPAUSE-26DEC03-T1';
let server: RunningKalshiMockServer;
let control: string;

beforeAll(async () => {
  server = await startKalshiMockServer({ empty: true, seed: 6, now: T0 });
  control = `${server.url.replace('/trade-api/v2', '')}/_mock`;
}, 60_000);
afterAll(() => server.close());
beforeEach(async () => {
  await fetch(`${control}/reset`, { method: 'POST' });
  server.mock.exchange.addMarket({ ticker: TICKER, closeTime: T0 + 86_400_000 });
});

const send = async (method: string, route: string, body?: string) => {
  const response = await fetch(`${control}/${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
};
const api = (method: string, path: string, body?: unknown) => signedFetch(server, method, path, body);

describe('POST /_mock/pause and DELETE /_mock/pause', () => {
  it('pause and resume the exchange, as GET /exchange/status shows', async () => {
    const paused = await send('POST', 'pause', JSON.stringify({ kind: 'trading', resumeAt: T0 + 7_200_000 }));
    expect(paused).toMatchObject({ status: 200, body: { kind: 'trading', since: T0, resumeAt: T0 + 7_200_000 } });
    expect((await api('GET', '/exchange/status')).body).toEqual({
      exchange_active: true,
      trading_active: false,
      exchange_estimated_resume_time: '2026-12-03T10:00:00.000Z',
    });
    expect((await send('DELETE', 'pause')).status).toBe(200);
    expect((await api('GET', '/exchange/status')).body).toEqual({ exchange_active: true, trading_active: true });
  });

  it('shows in GET /_mock/state while it lasts, null once resumed', async () => {
    await send('POST', 'pause', JSON.stringify({ kind: 'trading', resumeAt: T0 + 7_200_000 }));
    expect((await send('GET', 'state')).body.paused).toEqual({ kind: 'trading', since: T0, resumeAt: T0 + 7_200_000 });
    await send('DELETE', 'pause');
    expect((await send('GET', 'state')).body.paused).toBeNull();
  });

  it('is cleared by POST /_mock/reset', async () => {
    await send('POST', 'pause', '{"kind":"exchange"}');
    expect((await api('GET', '/exchange/status')).body.exchange_active).toBe(false);
    await send('POST', 'reset');
    expect((await api('GET', '/exchange/status')).body).toEqual({ exchange_active: true, trading_active: true });
  });

  it.each([
    ['{}', 'kind: is required'],
    ['', 'kind: is required'],
    ['{"kind":"maintenance"}', /^kind: must be equal to one of the allowed values/],
    ['{"kind":"trading","resumeAt":"2026-12-03T10:00:00Z"}', /^resumeAt: must be integer/],
    ['{"kind":"trading","resumeAt":-1}', /^resumeAt: must be >= 0/],
    ['{"kind":"trading","until":1}', 'until: is not a field of the POST /_mock/pause body (fields: kind, resumeAt)'],
  ])('answers 400 naming the field for %s, and pauses nothing', async (body, details) => {
    const response = await send('POST', 'pause', body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_parameters');
    expect(response.body.error.details).toMatch(details);
    expect((await api('GET', '/exchange/status')).body).toEqual({ exchange_active: true, trading_active: true });
  });

  it('answers another method with 405 and Allow', async () => {
    const response = await send('GET', 'pause');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, DELETE');
  });
});

describe('a bot through the weekly maintenance', () => {
  it('sees the pause, is refused, cancels, loses its flagged order and its cash comes back, then trades again', async () => {
    const balance = async () => (await api('GET', '/portfolio/balance')).body.balance_dollars;
    const opening = await balance();
    const flagged = await api(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { price: '0.3000', count: '10', cancel_order_on_pause: true }),
    );
    const plain = await api('POST', '/portfolio/events/orders', order(TICKER, { price: '0.2000', count: '10' }));
    const spare = await api('POST', '/portfolio/events/orders', order(TICKER, { price: '0.1000', count: '10' }));
    expect([flagged.status, plain.status, spare.status]).toEqual([201, 201, 201]);
    expect(await balance()).toBe((Number(opening) - 6).toFixed(4));

    await send('POST', 'pause', JSON.stringify({ kind: 'trading', resumeAt: T0 + 7_200_000 }));
    expect((await api('GET', '/exchange/status')).body.trading_active).toBe(false);
    const refused = await api('POST', '/portfolio/events/orders', order(TICKER, { price: '0.2500' }));
    expect([refused.status, refused.body.error.code]).toEqual([409, 'trading_is_paused']);
    const orderState = async (id: string) => (await api('GET', `/portfolio/orders/${id}`)).body.order.status;
    expect(await orderState(flagged.body.order_id)).toBe('canceled');
    expect(await orderState(plain.body.order_id)).toBe('resting');
    expect((await api('DELETE', `/portfolio/events/orders/${spare.body.order_id}`)).status).toBe(200);
    expect(await balance()).toBe((Number(opening) - 2).toFixed(4)); // only the plain order's $2.00 is held

    await send('POST', 'pause', '{"kind":"exchange"}');
    const blocked = await api('DELETE', `/portfolio/events/orders/${plain.body.order_id}`);
    expect([blocked.status, blocked.body.error.code]).toEqual([409, 'exchange_is_paused']);

    await send('DELETE', 'pause');
    expect((await api('GET', '/exchange/status')).body).toEqual({ exchange_active: true, trading_active: true });
    expect((await api('POST', '/portfolio/events/orders', order(TICKER, { price: '0.2500' }))).status).toBe(201);
    expect((await api('DELETE', `/portfolio/events/orders/${plain.body.order_id}`)).status).toBe(200);
  });
});
