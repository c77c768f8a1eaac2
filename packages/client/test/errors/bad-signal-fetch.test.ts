import { expect, it } from 'vitest';
import { createKalshiClient, KalshiValidationError } from '../../src';
import { BASE, json, key, observedClient } from '../helpers';

// E-D2. STYLE / the standard: bad input gets a clear error naming the field, before any request is sent
// where the SDK can know. A `signal` that is not an AbortSignal, or a `fetch` that is not a function, is such input
// (the notes are silent: client options, not Kalshi behaviour). Before, it failed as a connection error, a phantom
// abort, or — on placeOrder — a "maybe applied" KalshiUnconfirmedWriteError though nothing was sent.

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

it('createKalshiClient refuses a fetch that is not a function, naming fetch', async () => {
  const error = await failure(createKalshiClient({ baseUrl: BASE, fetch: 5 as unknown as typeof fetch }));
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field: 'fetch', message: 'fetch: expected a function, got a number' });
});

it.each([
  ['a string', 'x'],
  ['an object', {}],
])('a call refuses a signal that is %s before sending, naming signal', async (_, signal) => {
  for (const retry of [false, undefined] as const) {
    const { client, requests } = await observedClient(() => json({}), { retry });
    const error = await failure(client.GET('/markets', { signal: signal as unknown as AbortSignal }));
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'signal' });
    expect((error as Error).message).toMatch(/^signal: expected an AbortSignal/);
    expect(requests).toHaveLength(0);
  }
});

it('placeOrder with a signal that is not an AbortSignal: a KalshiValidationError, nothing sent', async () => {
  const { client, requests } = await observedClient(() => json({}));
  const error = await failure(
    client.placeOrder({
      ticker: 'T',
      action: 'buy',
      side: 'yes',
      count: 1,
      price: '0.40',
      signal: 'x' as unknown as AbortSignal,
    }),
  );
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field: 'signal' });
  expect(requests).toHaveLength(0);
});

it('a null or undefined signal is still taken', async () => {
  const { client } = await observedClient(() => json({ exchange_active: true, trading_active: true }));
  for (const signal of [null, undefined])
    await expect(client.GET('/exchange/status', { signal: signal as unknown as AbortSignal })).resolves.toBeDefined();
});

// Verifier N1: a fetch of the user's that resolves something other than a Response (a forgotten `return`, a mocked
// fetch answering a plain object) failed as a connection error and was retried. The notes are silent (a client
// option): the error names `fetch` and what it resolved, once, never retried.
it.each([
  ['undefined', undefined],
  ['an object', { status: 200 }],
  ['a string', 'ok'],
])('a fetch resolving %s: KalshiValidationError naming fetch, not retried', async (kind, answer) => {
  for (const perCall of [false, true]) {
    let calls = 0;
    const fetch = async () => {
      calls++;
      return answer as unknown as Response;
    };
    const client = perCall
      ? (await observedClient(() => json({}))).client
      : await createKalshiClient({ baseUrl: BASE, fetch, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
    const error = await failure(client.GET('/markets', perCall ? { fetch } : {}));
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'fetch', message: `fetch: resolved ${kind}, not a Response` });
    expect(calls).toBe(1);
    // A GET: nothing to have acted on.
    expect(error).toMatchObject({ mayHaveActed: false });
  }
});

it('a write whose fetch resolved no Response may have acted (the fetch may have sent it): said on the error', async () => {
  const fetch = async () => undefined as unknown as Response;
  const { client } = await observedClient(() => json({}));
  const error = await failure(
    client.DELETE('/portfolio/events/orders/{order_id}', { params: { path: { order_id: 'o1' } }, fetch }),
  );
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field: 'fetch', mayHaveActed: true });
});

// Verifier V-D1: a fetch that sent the order but forgot to `return` its Response: the order may exist, and placeOrder's
// client_order_id was generated here, so the error must name it (as an abort does) for the caller to look it up.
it("placeOrder whose fetch resolved no Response names the order's client_order_id; cancelOrder its order id", async () => {
  const sent: string[] = [];
  const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(String(init?.body ?? ''));
    return undefined as unknown as Response;
  };
  const client = await createKalshiClient({
    baseUrl: BASE,
    credentials: { keyId: key.keyId, privateKey: key.privateKeyPem },
    fetch,
  });
  const error = await failure(client.placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.40' }));
  expect(error).toBeInstanceOf(KalshiValidationError);
  const sentId = JSON.parse(sent[0] ?? '{}').client_order_id;
  expect(sentId).toEqual(expect.any(String));
  expect(error).toMatchObject({ field: 'fetch', mayHaveActed: true, clientOrderId: sentId });
  expect((error as Error).message).toContain(`client_order_id ${sentId}`);
  const cancel = await failure(client.cancelOrder({ orderId: 'o-1' }));
  expect(cancel).toMatchObject({ field: 'fetch', mayHaveActed: true, orderId: 'o-1' });
});
