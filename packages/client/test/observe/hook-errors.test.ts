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

  // Outside testing: a throwing hook also skipped that event's log line. The log is written whatever the hook does.
  it('every event is still logged when its hook throws', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const lines: string[] = [];
    const record = (level: string) => (_fields: object, message: string) => {
      lines.push(`${level} ${message}`);
    };
    const logger: KalshiLogger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    const boom = () => {
      throw new Error('metrics backend down');
    };
    const { client } = await observedClient((_r, n) => (n === 1 ? json({}, 503) : json({ balance: 1 })), {
      logger,
      logLevel: 'debug',
      rateLimit: { read: { capacity: 10, refillRate: 1000 }, write: { capacity: 10, refillRate: 1000 } },
      onAttempt: boom,
      onRetry: boom,
      onRateLimitWait: boom,
    });
    await Promise.all([client.GET('/portfolio/balance'), client.GET('/portfolio/balance')]);
    expect(lines.filter((line) => line === 'debug kalshi: attempt')).toHaveLength(3);
    expect(lines.filter((line) => line === 'info kalshi: retry')).toHaveLength(1);
    expect(lines).toContain('debug kalshi: rateLimitWait');
    expect(warn).toHaveBeenCalledTimes(1);
  });

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
      rateLimit: { read: { capacity: 10, refillRate: 1000 }, write: { capacity: 10, refillRate: 1000 } },
      onRateLimitWait: waits,
      onRetry: retries,
    });
    await Promise.all([client.GET('/portfolio/balance'), client.GET('/portfolio/balance')]);
    expect(waits).toHaveBeenCalled();
    expect(retries).not.toHaveBeenCalled();
    expect(requests).toHaveLength(2);
  });
});

// A hook's type returns void, so TypeScript takes an `async` hook (a metrics push, say) and a logger whose methods
// return promises. Its rejection is that hook's failure: reported once like a throw, never an unhandled rejection
// (which ends a Node process by default, after the order was placed). The notes are silent: SDK design.
describe('an async hook or logger that rejects', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Lets the rejected promises' reactions run (a macrotask: every microtask before it has run). */
  const drain = () => new Promise((resolve) => setImmediate(resolve));
  const rejecting = async () => {
    throw new Error('metrics backend down');
  };
  const limits = { read: { capacity: 10, refillRate: 1000 }, write: { capacity: 10, refillRate: 1000 } };

  it.each(['onAttempt', 'onRetry', 'onRateLimitWait'] as const)(
    'async %s rejecting leaves the calls as answered, and is reported once',
    async (hook) => {
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      const called = vi.fn(rejecting);
      const { client, requests } = await observedClient(
        (request, n) => (request.method === 'POST' ? (n % 2 ? json({}, 503) : created()) : json({ balance: 1 })),
        { rateLimit: limits, [hook]: called },
      );
      await expect(client.placeOrder(place)).resolves.toMatchObject({ order_id: 'o-1', recovered: false });
      const reads = await Promise.all([client.GET('/portfolio/balance'), client.GET('/portfolio/balance')]);
      expect(reads.map((read) => read.data)).toEqual([{ balance: 1 }, { balance: 1 }]);
      await drain();
      expect(called).toHaveBeenCalled();
      expect(requests).toHaveLength(4);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/metrics backend down/);
    },
  );

  it('an async logger method rejecting leaves the call as answered, is reported once, and the line counts as logged', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const fail = async () => {
      throw new Error('log sink closed');
    };
    const logger = { debug: vi.fn(fail), info: vi.fn(fail), warn: vi.fn(fail), error: vi.fn(fail) };
    const { client } = await observedClient((_r, n) => (n === 1 ? json({}, 503) : created()), {
      logger,
      logLevel: 'debug',
    });
    await expect(client.placeOrder(place)).resolves.toMatchObject({ order_id: 'o-1' });
    await drain();
    expect(logger.debug).toHaveBeenCalledTimes(2);
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/log sink closed/);
  });

  it('a hook returning a thenable whose then throws is reported, not thrown into the call', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const hostile = {
      // biome-ignore lint/suspicious/noThenProperty: a thenable is what this test hands the observer
      then() {
        throw new Error('broken thenable');
      },
    };
    const { client } = await observedClient(created, { onAttempt: () => hostile });
    await expect(client.placeOrder(place)).resolves.toMatchObject({ order_id: 'o-1' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/broken thenable/);
  });

  // Verifier V-D1: the report built its message with `${error}`, which throws for these: a sync one then failed the
  // call (after the order was placed) with a bare TypeError, an async one ended the process.
  const unprintable = [
    ['a Symbol', () => Symbol('x')],
    ['a null-prototype object', () => Object.create(null)],
    [
      'an object whose toString throws',
      () => ({
        toString() {
          throw new Error('no');
        },
      }),
    ],
  ] as const;
  it.each(unprintable)('a hook throwing or rejecting with %s is reported, the call as answered', async (_, value) => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const sync = await observedClient(created, {
      onAttempt: () => {
        throw value();
      },
    });
    await expect(sync.client.placeOrder(place)).resolves.toMatchObject({ order_id: 'o-1' });
    const async = await observedClient(created, { onAttempt: () => Promise.reject(value()) });
    await expect(async.client.placeOrder(place)).resolves.toMatchObject({ order_id: 'o-1' });
    await drain();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[1]?.[0])).toMatch(/reported once/);
  });
});
