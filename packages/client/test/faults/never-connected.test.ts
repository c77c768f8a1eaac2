// Round 26 C-D2. A write whose connection was provably never made did not act (errors.ts: `mayHaveActed` "true when
// an attempt had been sent"; README, Lost answers: "when an order write's answer is lost"; a refused connection loses
// no answer): mayHaveActed false, no read-back, and, nothing having reached the exchange, it is sent again as a read
// is. Node's fetch rejects with TypeError('fetch failed') whose `cause` has the code (seen on Node 20 and 24: a closed
// port's ECONNREFUSED with syscall 'connect', getaddrinfo's ENOTFOUND, a self-signed certificate's
// DEPTH_ZERO_SELF_SIGNED_CERT, an http server on an https port's ERR_SSL_WRONG_VERSION_NUMBER). Everything else stays
// "may have acted". The notes are silent (a client concern). Only the global fetch's causes are trusted (these tests
// stub it): a fetch of yours may retry on its own after a first try reached the server (round 26's verifier, D1).
import { type AddressInfo, createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKalshiClient, KalshiConnectionError, KalshiUnconfirmedWriteError } from '../../src';
import { BASE, observedClient, testSigner, v2Order } from '../helpers';

afterEach(() => {
  vi.unstubAllGlobals();
});

const place = { ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.40' } as const;

/** A loopback port nothing listens on: one the system gave a listener that has since closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A client of the global fetch (stubbed by `stub`, which sees each request), counting the requests handed to it. */
async function globalFetchClient(
  stub: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>,
  options: { baseUrl?: string; retry?: false } = {},
) {
  const methods: string[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    methods.push(init?.method ?? 'GET');
    return stub(input, init);
  });
  const client = await createKalshiClient({
    baseUrl: options.baseUrl ?? BASE,
    credentials: await testSigner(),
    retry: options.retry ?? { initialDelayMs: 1, maxDelayMs: 5 },
  });
  return { client, methods };
}

/** A client of a closed loopback port, through Node's own fetch. */
async function refusedClient() {
  const nodeFetch = globalThis.fetch;
  return globalFetchClient((input, init) => nodeFetch(input, init), {
    baseUrl: `http://127.0.0.1:${await closedPort()}/trade-api/v2`,
  });
}

describe('a closed port (ECONNREFUSED)', () => {
  it('a raw create without client_order_id: KalshiConnectionError, mayHaveActed false, sent 3 times', async () => {
    const { client, methods } = await refusedClient();
    const error = await client.POST('/portfolio/events/orders', { body: v2Order }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).toMatchObject({ mayHaveActed: false, message: 'CreateOrderV2: connection failed (ECONNREFUSED)' });
    // The README's default: 2 retries after the first attempt.
    expect(methods).toEqual(['POST', 'POST', 'POST']);
  });

  it('placeOrder: KalshiConnectionError, not an unconfirmed write, no read-back', async () => {
    const { client, methods } = await refusedClient();
    const error = await client.placeOrder(place).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).not.toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ mayHaveActed: false });
    expect(methods).toEqual(['POST', 'POST', 'POST']);
  });

  it('cancelOrder: KalshiConnectionError, no read-back', async () => {
    const { client, methods } = await refusedClient();
    const error = await client.cancelOrder({ orderId: 'o-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).toMatchObject({ mayHaveActed: false });
    expect(methods).toEqual(['DELETE', 'DELETE', 'DELETE']);
  });
});

/** A fetch failing as Node's does, its cause carrying `cause`. */
const failing = (cause: object | undefined) => async (): Promise<Response> => {
  throw new TypeError('fetch failed', cause && { cause });
};

// Attack round 44 (A): fetch refuses a "bad port" (Fetch §2.9: 6000, the IRC ports 6665–6669, 10080, …) before any
// connection, with TypeError('fetch failed') whose cause is Error('bad port'), no code. A mock or proxy run on one of
// them made every order write read as "maybe applied" after a futile look-up: nothing was ever sent.
describe('a port fetch refuses (bad port)', () => {
  it('placeOrder: KalshiConnectionError naming it, mayHaveActed false, no read-back', async () => {
    const nodeFetch = globalThis.fetch;
    const { client, methods } = await globalFetchClient((input, init) => nodeFetch(input, init), {
      baseUrl: 'http://127.0.0.1:6000/trade-api/v2',
      retry: false,
    });
    const error = await client.placeOrder(place).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).toMatchObject({ mayHaveActed: false, message: 'CreateOrderV2: connection failed (bad port)' });
    expect(methods).toEqual(['POST']);
  });
});

describe('fetch failures by cause', () => {
  it.each([
    { code: 'ECONNREFUSED', syscall: 'connect' },
    { code: 'ECONNREFUSED' },
    { code: 'ENOTFOUND', syscall: 'getaddrinfo' },
    { code: 'EAI_AGAIN', syscall: 'getaddrinfo' },
    { code: 'EHOSTUNREACH', syscall: 'connect' },
    { code: 'ENETUNREACH', syscall: 'connect' },
    { code: 'ETIMEDOUT', syscall: 'connect' },
    { code: 'UND_ERR_CONNECT_TIMEOUT' },
    { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
    { code: 'SELF_SIGNED_CERT_IN_CHAIN' },
    { code: 'CERT_HAS_EXPIRED' },
    { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
    { code: 'ERR_TLS_CERT_ALTNAME_INVALID' },
    { code: 'ERR_SSL_WRONG_VERSION_NUMBER' },
    { code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' },
  ])('never connected ($code, $syscall): placeOrder fails with mayHaveActed false, no read-back', async (cause) => {
    const { client, methods } = await globalFetchClient(failing(cause), { retry: false });
    const error = await client.placeOrder(place).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).toMatchObject({ mayHaveActed: false });
    expect(methods).toEqual(['POST']);
  });

  // A fetch of yours (here: one retrying on its own, whose first try reached the server) failing as "refused": the
  // cause is its last try's, not proof that nothing was sent.
  it('from a fetch of yours, a refused connection may have acted: not sent again without its key', async () => {
    const { client, requests } = await observedClient(failing({ code: 'ECONNREFUSED', syscall: 'connect' }));
    const error = await client.POST('/portfolio/events/orders', { body: v2Order }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).toMatchObject({ mayHaveActed: true });
    expect(requests).toHaveLength(1);
  });

  // A reset or a closed socket may come after the request was written; Linux fails an open connection's write with
  // EHOSTUNREACH when its retransmissions time out (syscall 'write', not 'connect'); a browser's TypeError has no cause.
  it.each([
    { code: 'ECONNRESET', syscall: 'read' },
    { code: 'EHOSTUNREACH', syscall: 'write' },
    { code: 'ETIMEDOUT', syscall: 'read' },
    { code: 'UND_ERR_SOCKET' },
    undefined,
  ])('maybe sent (%o): a raw create may have acted, not sent again without its key', async (cause) => {
    const { client, methods } = await globalFetchClient(failing(cause));
    const error = await client.POST('/portfolio/events/orders', { body: v2Order }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).toMatchObject({ mayHaveActed: true });
    expect(methods).toHaveLength(1);
  });

  it('a refused connection after an attempt whose answer was lost still may have acted', async () => {
    let n = 0;
    const { client, methods } = await globalFetchClient(() =>
      ++n === 1 ? failing({ code: 'ECONNRESET' })() : failing({ code: 'ECONNREFUSED', syscall: 'connect' })(),
    );
    const error = await client
      .POST('/portfolio/events/orders', { body: { ...v2Order, client_order_id: 'c-1' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).toMatchObject({ mayHaveActed: true, clientOrderId: 'c-1' });
    expect(methods).toHaveLength(3);
  });
});
