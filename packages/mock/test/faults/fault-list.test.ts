// What the fault registry lists, and what resets it. `faults.list()` and `GET /_mock/faults` are "the active faults
// and how often each fired" (control-api.json): a fault whose `times` is used up is no longer active (B-D7), while
// `fired` keeps counting. `exchange.reset()` resets the exchange alone; `POST /_mock/reset` the faults too (README).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { signedFetch } from '../helpers';

let server: RunningKalshiMockServer;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 6 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.mock.exchange.reset();
  server.mock.faults.clear();
});

const control = async (method: string, route: string) => {
  const response = await fetch(`${server.url.replace('/trade-api/v2', '')}/_mock/${route}`, {
    method,
    ...(method === 'POST' ? { headers: { 'content-type': 'application/json' } } : {}),
  });
  return response.json();
};

describe('the fault list', () => {
  it('leaves out a fault whose times are used up; fired keeps its count', async () => {
    server.mock.faults.add({ operation: 'GetBalance', kind: 'status', status: 503, times: 1 });
    server.mock.faults.add({ operation: 'GetBalance', kind: 'latency', ms: 0 });
    expect((await signedFetch(server, 'GET', '/portfolio/balance')).status).toBe(503);
    expect((await signedFetch(server, 'GET', '/portfolio/balance')).status).toBe(200);
    const unlimited = { operation: 'GetBalance', kind: 'latency', ms: 0 };
    expect(server.mock.faults.list()).toEqual([unlimited]);
    expect(await control('GET', 'faults')).toEqual({ faults: [unlimited], fired: { GetBalance: 3 } });
  });

  it('lists a fault added through the control route until it is used up', async () => {
    const added = await fetch(`${server.url.replace('/trade-api/v2', '')}/_mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'GetBalance', kind: 'network-error', times: 2 }),
    });
    expect((await added.json()).faults).toHaveLength(1);
    await signedFetch(server, 'GET', '/portfolio/balance').catch(() => undefined);
    expect((await control('GET', 'faults')).faults).toHaveLength(1);
    await signedFetch(server, 'GET', '/portfolio/balance').catch(() => undefined);
    expect(await control('GET', 'faults')).toEqual({ faults: [], fired: { GetBalance: 2 } });
  });
});

describe('DELETE /_mock/faults', () => {
  it('removes every fault (control-api.json): the next request is answered as usual', async () => {
    server.mock.faults.add({ operation: 'GetBalance', kind: 'status', status: 503 });
    expect((await signedFetch(server, 'GET', '/portfolio/balance')).status).toBe(503);
    expect(await control('DELETE', 'faults')).toEqual({ faults: [] });
    expect(server.mock.faults.list()).toEqual([]);
    expect((await signedFetch(server, 'GET', '/portfolio/balance')).status).toBe(200);
  });
});

describe('resets', () => {
  it('exchange.reset() keeps the faults and their counts; POST /_mock/reset clears them too', async () => {
    server.mock.faults.add({ operation: 'GetBalance', kind: 'status', status: 500 });
    expect((await signedFetch(server, 'GET', '/portfolio/balance')).status).toBe(500);
    server.mock.exchange.reset();
    expect(server.mock.faults.list()).toHaveLength(1);
    expect(server.mock.faults.fired.get('GetBalance')).toBe(1);
    expect(await control('POST', 'reset')).toEqual({ ok: true });
    expect(server.mock.faults.list()).toEqual([]);
    expect(server.mock.faults.fired.size).toBe(0);
    expect((await signedFetch(server, 'GET', '/portfolio/balance')).status).toBe(200);
  });
});
