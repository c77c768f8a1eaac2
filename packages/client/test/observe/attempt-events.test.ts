import { afterEach, expect, it, vi } from 'vitest';
import { type AttemptEvent, KalshiAbortError } from '../../src';
import { json, observedClient, testSigner, useFakeClock, v2Order } from '../helpers';

// observe.ts documents onAttempt as "called after each attempt, with its outcome and duration", an AttemptEvent as
// "one attempt that got an answer or failed", numbered so that "each request the call sends has its own number", its
// durationMs "from sending the request to its answer or failure"; the README's timeoutMs is "per attempt".

afterEach(() => {
  vi.useRealTimers();
});

/** A fetch that sends (resolves `sent`) and never answers until the request's signal aborts. */
function hanging() {
  let onSent!: () => void;
  const sent = new Promise<void>((resolve) => {
    onSent = resolve;
  });
  const respond = (request: Request) => {
    onSent();
    return new Promise<Response>((_resolve, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason));
    });
  };
  return { sent, respond };
}

// A request that reached the wire and was then aborted is an attempt that failed, and for a write the one that may
// have placed an order (the error says `mayHaveActed`): it was missing from onAttempt and the debug log, which then
// showed no request at all for an order that may be resting.
it('a sent write aborted by its signal is reported as an attempt (KalshiAbortError)', async () => {
  const events: AttemptEvent[] = [];
  const { sent, respond } = hanging();
  const { client, requests } = await observedClient(respond, { onAttempt: (event) => events.push(event) });
  const controller = new AbortController();
  const call = client.POST('/portfolio/events/orders', {
    body: { ...v2Order, client_order_id: 'c-abort' },
    signal: controller.signal,
  });
  await sent;
  controller.abort();
  await expect(call).rejects.toMatchObject({ name: 'KalshiAbortError', mayHaveActed: true });
  expect(requests).toHaveLength(1);
  expect(events).toMatchObject([
    {
      operationId: 'CreateOrderV2',
      method: 'POST',
      path: '/trade-api/v2/portfolio/events/orders',
      attempt: 1,
      status: undefined,
      error: 'KalshiAbortError',
    },
  ]);
});

it('close() while placeOrder is in flight: its request is on record at debug', async () => {
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  const record = (fields: object, message: string) => {
    lines.push({ message, fields: fields as Record<string, unknown> });
  };
  const { sent, respond } = hanging();
  const { client } = await observedClient(respond, {
    logLevel: 'debug',
    logger: { debug: record, info: record, warn: record, error: record },
  });
  const placing = client.placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.40' });
  await sent;
  await Promise.all([client.close(), expect(placing).rejects.toBeInstanceOf(KalshiAbortError)]);
  expect(lines.filter((line) => line.message === 'kalshi: attempt').map((line) => line.fields)).toMatchObject([
    { operationId: 'CreateOrderV2', method: 'POST', attempt: 1, error: 'KalshiAbortError' },
  ]);
});

// An attempt whose time ran out while signing is not sent (transport.ts, round 26 C-D1): it took no time "from sending",
// and cannot have lasted longer than timeoutMs. It was reported with a duration counted from the process's time origin
// (or from an earlier attempt's sending): a metrics hook recorded minutes for a 300 ms attempt.
it('an attempt out of time before it was sent reports no duration beyond its timeout', async () => {
  useFakeClock();
  vi.advanceTimersByTime(60_000); // the process has run a minute
  const events: AttemptEvent[] = [];
  let signings = 0;
  const { client, requests } = await observedClient(
    () => json({ order_id: 'o', fill_count: '0.00', remaining_count: '1.00', ts_ms: 1 }, 201),
    {
      // createSigner's signer whose first signing outlasts the attempt's timeout (its timer runs while it signs).
      credentials: await testSigner(() => {
        if (++signings === 1) vi.advanceTimersByTime(300);
        return Date.now();
      }),
      timeoutMs: 300,
      onAttempt: (event) => events.push(event),
    },
  );
  const call = client.POST('/portfolio/events/orders', { body: { ...v2Order, client_order_id: 'c-late' } });
  const settled = call.then(() => undefined);
  for (let i = 0; i < 100 && requests.length === 0; i++) await vi.advanceTimersByTimeAsync(10);
  await settled;
  expect(requests).toHaveLength(1);
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) expect(event.durationMs).toBeLessThanOrEqual(300);
  expect(events.at(-1)).toMatchObject({ status: 201 });
});
