import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KalshiLogger } from '../../src';
import { json, observedClient } from '../helpers';

const created = () => json({ order_id: 'o-1', fill_count: '0.00', remaining_count: '1.00', ts_ms: 1 }, 201);
const place = { ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.01' } as const;

// Observing a call must not change its outcome: an order the exchange placed is placed, whatever a metrics hook or a
// log sink does (the notes are silent: SDK design). A hook's failure is reported once, as a process warning.
describe('a throwing hook or logger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(['onAttempt', 'onRetry'] as const)(
    '%s throwing leaves placeOrder resolved, and is reported once',
    async (hook) => {
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      const { client, requests } = await observedClient((_r, n) => (n % 2 ? json({}, 503) : created()), {
        [hook]: () => {
          throw new Error('metrics backend down');
        },
      });
      await expect(client.placeOrder(place)).resolves.toMatchObject({ order_id: 'o-1', recovered: false });
      await expect(client.placeOrder(place)).resolves.toMatchObject({ order_id: 'o-1' });
      expect(requests).toHaveLength(4);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/metrics backend down/);
    },
  );

  it('a logger throwing leaves the call as the exchange answered', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const fail = () => {
      throw new Error('log sink closed');
    };
    const logger: KalshiLogger = { debug: fail, info: fail, warn: fail, error: fail };
    const { client } = await observedClient(created, { logger, logLevel: 'debug' });
    await expect(client.placeOrder(place)).resolves.toMatchObject({ order_id: 'o-1' });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('onRateLimitWait throwing does not fail the call (nor count as a lost attempt)', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const waits = vi.fn(() => {
      throw new Error('boom');
    });
    const retries = vi.fn();
    const { client, requests } = await observedClient(() => json({ balance: 1 }), {
      rateLimit: { read: { refillRate: 10_000, capacity: 10 }, write: { refillRate: 10_000, capacity: 10 } },
      onRateLimitWait: waits,
      onRetry: retries,
    });
    await Promise.all([client.GET('/portfolio/balance'), client.GET('/portfolio/balance')]);
    expect(waits).toHaveBeenCalled();
    expect(retries).not.toHaveBeenCalled();
    expect(requests).toHaveLength(2);
  });
});
