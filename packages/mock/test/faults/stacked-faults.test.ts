// Several faults on one target (B-D3). `times` is "Apply to this many matching requests or messages, then stop"
// (FaultLimits): a fault counts only what it acted on. Taken in the order added, a request gets at most one of
// status, network-error and commit-then-drop; latencies and stale reads combine with it (FaultSpec). The notes are
// silent on faults: they are the mock's own.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { createFaults } from '../../src/shared/faults';
import { harness, order } from '../helpers';
import { activeTickers, openSession } from '../stream/session';

afterEach(() => {
  vi.useRealTimers();
});

async function setup() {
  const h = await harness({ seed: 3 });
  const ticker = activeTickers(h.mock.exchange)[0] as string;
  const mine = () =>
    [...h.mock.exchange.orders.values()].filter((o) => o.userId === TEST_USER_ID).map((o) => o.clientOrderId);
  const create = (clientOrderId: string) =>
    h.call('POST', '/portfolio/events/orders', order(ticker, { client_order_id: clientOrderId }));
  return { ...h, ticker, mine, create };
}

describe('REST faults on one operation', () => {
  it('act one request each, in the order added: commit-then-drop, then the 503, then nothing', async () => {
    const h = await setup();
    h.mock.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    h.mock.faults.add({ operation: 'CreateOrderV2', kind: 'status', status: 503, times: 1 });

    expect((await h.create('a-1')).type).toBe('error');
    expect(h.mine()).toEqual(['a-1']); // applied, the answer lost
    expect(h.mock.faults.fired.get('CreateOrderV2')).toBe(1);
    expect(h.mock.faults.list()).toEqual([{ operation: 'CreateOrderV2', kind: 'status', status: 503, times: 1 }]);

    expect((await h.create('a-2')).status).toBe(503);
    expect(h.mine()).toEqual(['a-1']);
    expect(h.mock.faults.fired.get('CreateOrderV2')).toBe(2);

    expect((await h.create('a-3')).status).toBe(201);
    expect(h.mine()).toEqual(['a-1', 'a-3']);
  });

  it('a network-error added first answers the first request; the commit-then-drop waits for the second', async () => {
    const h = await setup();
    h.mock.faults.add({ operation: 'POST /portfolio/events/orders', kind: 'network-error', times: 1 });
    h.mock.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    expect((await h.create('b-1')).type).toBe('error');
    expect(h.mine()).toEqual([]);
    expect((await h.create('b-2')).type).toBe('error');
    expect(h.mine()).toEqual(['b-2']);
    expect((await h.create('b-3')).status).toBe(201);
  });

  it('a latency holds the request, then the status after it answers: both act on it', async () => {
    const h = await setup();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    h.mock.faults.add({ operation: 'GetBalance', kind: 'latency', ms: 1000, times: 1 });
    h.mock.faults.add({ operation: 'GetBalance', kind: 'status', status: 503, times: 1 });
    let settled = false;
    const held = h.call('GET', '/portfolio/balance').finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await held).status).toBe(503);
    expect(h.mock.faults.fired.get('GetBalance')).toBe(2);
    expect(h.mock.faults.list()).toEqual([]);
    expect((await h.call('GET', '/portfolio/balance')).status).toBe(200);
  });

  it('a stale read does not act on a read a status answers instead', async () => {
    const h = await setup();
    h.mock.faults.add({ operation: 'GetOrders', kind: 'status', status: 500, times: 1 });
    h.mock.faults.add({ operation: 'GetOrders', kind: 'stale-read', lagMs: 360, times: 1 });
    expect((await h.call('GET', '/portfolio/orders')).status).toBe(500);
    expect(h.mock.faults.list()).toEqual([{ operation: 'GetOrders', kind: 'stale-read', lagMs: 360, times: 1 }]);
    expect((await h.call('GET', '/portfolio/orders')).status).toBe(200);
    expect(h.mock.faults.fired.get('GetOrders')).toBe(2);
    expect(h.mock.faults.list()).toEqual([]);
  });

  it('commit-then-drop on a request the exchange refuses: the refusal is answered, the fault waits', async () => {
    const h = await setup();
    h.mock.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    const refused = await h.call('POST', '/portfolio/events/orders', order(h.ticker, { count: '0' }));
    expect(refused.status).toBe(400);
    expect(h.mock.faults.fired.get('CreateOrderV2')).toBeUndefined();
    expect(h.mock.faults.list()).toHaveLength(1);
    expect((await h.create('c-1')).type).toBe('error');
    expect(h.mine()).toEqual(['c-1']);
    expect(h.mock.faults.fired.get('CreateOrderV2')).toBe(1);
  });
});

describe('stream faults on one channel', () => {
  it('a drop acts alone: the skip-seq matching the same message is left for a later one', () => {
    const faults = createFaults(() => 0);
    faults.add({ stream: '*', kind: 'drop', times: 1 });
    faults.add({ stream: 'orderbook_delta', kind: 'skip-seq', times: 1 });
    expect(faults.pickStream('orderbook_delta', true)).toEqual([{ stream: '*', kind: 'drop', times: 1 }]);
    expect(faults.pickStream('orderbook_delta', true)).toEqual([
      { stream: 'orderbook_delta', kind: 'skip-seq', times: 1 },
    ]);
    expect(faults.pickStream('orderbook_delta', true)).toEqual([]);
    expect(faults.fired.get('stream:orderbook_delta')).toBe(2);
  });

  it('a skip-seq does not act on a channel without seq', () => {
    const faults = createFaults(() => 0);
    faults.add({ stream: '*', kind: 'skip-seq', times: 1 });
    expect(faults.pickStream('ticker', false)).toEqual([]);
    expect(faults.list()).toHaveLength(1);
    expect(faults.pickStream('orderbook_delta', true)).toHaveLength(1);
  });

  it('two skip-seqs on one message skip two seqs', () => {
    const h = openSession();
    const ticker = activeTickers(h.exchange)[0] as string;
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } });
    h.faults.add({ stream: 'orderbook_delta', kind: 'skip-seq', times: 1 });
    h.faults.add({ stream: '*', kind: 'skip-seq', times: 1 });
    const rest = (price: number) =>
      h.exchange.createOrder('someone', {
        ticker,
        side: 'bid',
        price,
        count: 1,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'maker',
      });
    rest(10_000);
    rest(20_000);
    const seqs = h.frames.filter((m) => m.type !== 'subscribed').map((m) => [m.type, m.seq]);
    expect(seqs).toEqual([
      ['orderbook_snapshot', 1],
      ['orderbook_delta', 4],
      ['orderbook_delta', 5],
    ]);
  });
});

describe('command faults on one command', () => {
  it('answer one command each, in the order added', () => {
    const h = openSession();
    h.faults.add({ command: 'subscribe', kind: 'error', code: 18, times: 1 });
    h.faults.add({ command: '*', kind: 'error', code: 9, times: 1 });
    const subscribe = (id: number) => h.send({ id, cmd: 'subscribe', params: { channels: ['ticker'] } })[0];
    expect(subscribe(1)).toMatchObject({ id: 1, type: 'error', msg: { code: 18 } });
    expect(subscribe(2)).toMatchObject({ id: 2, type: 'error', msg: { code: 9 } });
    expect(subscribe(3)).toMatchObject({ id: 3, type: 'subscribed' });
    expect(h.faults.fired.get('command:subscribe')).toBe(2);
  });
});
