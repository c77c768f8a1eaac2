// `pnpm quickstart` against the embedded mock, run in-process on a mock server the test starts (the quickstart's
// code path is the same; only who starts the server differs), so the exchange can be read afterwards through the
// mock's control routes. Expected statuses and codes come from kalshi-api-notes §2.3, §3.1 and §3.2.
import { HOUSE_USER } from '@org/kalshi-mock';
import { startKalshiMockServer } from '@org/kalshi-mock/node';
import { expect, it, vi } from 'vitest';
import { createKalshiClient, unwrap } from '../../src';
import { runQuickstart } from '../../src/quickstart';
import { sectionOf, uuidAfter } from './output';

interface MockState {
  orders: { order_id: string; client_order_id?: string; status: string; user_id: string }[];
  fills: number;
}

it('shows each error case with its status and code, and leaves exactly the orders it reports', async () => {
  const server = await startKalshiMockServer({ seed: 1 });
  // Step 14's burst without a limiter meets a clock that stands still (the metered mock's and the client's: Date.now),
  // so its bucket refills nothing while a loaded machine sends it: at 200/s, 60 requests passed if sending took 2 s.
  let frozen: { mockRestore(): void } | undefined;
  try {
    const lines: string[] = [];
    const log = (line: string) => {
      lines.push(line);
      if (line.startsWith('\n14. ')) frozen = vi.spyOn(Date, 'now').mockReturnValue(Date.now());
      if (line.startsWith('   without a limiter')) frozen?.mockRestore();
    };
    const exitCode = await runQuickstart({ argv: [], env: {}, log, mockServer: server });
    const output = lines.join('\n');
    expect(exitCode, output).toBe(0);
    // 8: the mock's opening balance ($10,000, nothing held); the portfolio value (cents in the API) also in dollars.
    expect(sectionOf(output, 8)).toMatch(/available \$10000\.0000 \(portfolio value \$0\.0000\)/);

    // 10: the create's response is lost after the exchange placed it; placeOrder's retry (same client_order_id)
    // gets Kalshi's 409 order_already_exists and the order is returned as recovered.
    const lost = sectionOf(output, 10);
    expect(lost).toMatch(/SDK {2}POST \/portfolio\/events\/orders → no response/);
    expect(lost).toMatch(/SDK {2}POST \/portfolio\/events\/orders → 409 order_already_exists/);
    expect(lost).toContain('recovered: true');
    const recoveredId = uuidAfter(lost, /your code gets: order /);
    const clientOrderId = uuidAfter(lost, /exactly 1 order with client_order_id /);

    // 11: the same client_order_id by hand: one request, Kalshi's 409, surfaced as KalshiConflictError.
    const duplicate = sectionOf(output, 11);
    expect(duplicate.match(/SDK {2}POST /g)).toHaveLength(1);
    expect(duplicate).toContain('KalshiConflictError — status 409, code order_already_exists');
    expect(uuidAfter(duplicate, /canceled order /)).toBe(recoveredId);

    // 9: the stream's order book is the exchange's: its snapshot shows the same best YES bid and ask as GET /markets
    // in step 2 (the order placed in step 3 was canceled in step 7), in dollars.
    const rest = sectionOf(output, 2).match(/YES bid (\d\.\d{4}) \/ ask (\d\.\d{4})/);
    expect(rest, sectionOf(output, 2)).not.toBeNull();
    expect(sectionOf(output, 9)).toContain(`snapshot: YES bid $${rest?.[1]} / ask $${rest?.[2]}`);
    // …and its depth at $0.01 once our 1-contract bid arrived is what rests there on the exchange (GET …/orderbook,
    // kalshi-api-notes §6.3, read after the run: our orders are all canceled by then) plus our 1.00 contract.
    const ticker = sectionOf(output, 2).match(/^ {3}(\S+) —/m)?.[1] ?? '';
    const { keyId, privateKeyPem } = server.mock.credentials;
    const reader = await createKalshiClient({ baseUrl: server.url, credentials: { keyId, privateKey: privateKeyPem } });
    const book = unwrap(await reader.GET('/markets/{ticker}/orderbook', { params: { path: { ticker } } }));
    const level = book.orderbook_fp.yes_dollars.find(([price]) => price === '0.0100');
    expect(sectionOf(output, 9)).toContain(`depth at $0.0100 is now ${(Number(level?.[1] ?? 0) + 1).toFixed(2)}`);

    // 12: refused before sending (no request in between), then the exchange's 400 invalid_price when sent raw.
    const price = sectionOf(output, 12);
    const [beforeRaw, raw] = price.split('sent raw');
    expect(beforeRaw).toContain('KalshiValidationError — field price:');
    expect(beforeRaw).not.toMatch(/field price: price:/); // the field is named once, not again from the message
    expect(beforeRaw).not.toContain('SDK');
    expect(raw).toMatch(/SDK {2}POST \/portfolio\/events\/orders → 400 invalid_price/);
    expect(raw).toContain('KalshiBadRequestError — status 400, code invalid_price');

    // 13: a signature from another key for the registered key id: 401 authentication_error / INCORRECT_API_KEY_SIGNATURE.
    const auth = sectionOf(output, 13);
    expect(auth).toMatch(/SDK {2}GET \/portfolio\/balance → 401 authentication_error/);
    expect(auth).toContain('KalshiAuthenticationError — status 401, code authentication_error');
    expect(auth).toContain('INCORRECT_API_KEY_SIGNATURE');

    // 14: the burst earns Kalshi's 429 ({"error":"too many requests"}); paced by the client's limiter it does not.
    const burst = sectionOf(output, 14);
    // The basic tier's read bucket and a read's default cost, as kalshi-api-notes §8.1 documents them.
    expect(burst).toContain('(reads: a bucket of 200 tokens refilled 200/s, 10 per request)');
    const unpaced = burst.match(/without a limiter, retries off: (.*)/)?.[1] ?? '';
    const size = burst.match(/(\d+) × GET \/portfolio\/balance at once/)?.[1];
    // A full bucket of 200 tokens passes 20 reads of 10, and refills nothing on a clock standing still (§8.1).
    expect([unpaced.match(/(\d+) × 200/)?.[1], unpaced.match(/(\d+) × 429 too_many_requests/)?.[1]]).toEqual([
      '20',
      String(Number(size) - 20),
    ]);
    expect(burst).toContain('KalshiRateLimitError — status 429, code too_many_requests');
    expect(burst).toContain('{"error":"too many requests"}');
    expect(burst).toContain(`rateLimit: 'basic' }), retries off: ${size} × 200, 0 × 429 too_many_requests`);

    // The exchange, read through the control routes: the fault really fired once, and the account holds exactly
    // the orders the output reports — the lifecycle's (step 3), the stream's (step 9) and the recovered one, each
    // canceled — so neither the duplicate nor the raw invalid price placed anything.
    const origin = new URL(server.url).origin;
    const faults = (await (await fetch(`${origin}/_mock/faults`)).json()) as { fired: Record<string, number> };
    expect(faults.fired.CreateOrderV2).toBe(1);
    const state = (await (await fetch(`${origin}/_mock/state`)).json()) as MockState;
    const ours = state.orders.filter((o) => o.user_id !== HOUSE_USER);
    const reported = [
      uuidAfter(sectionOf(output, 3), /order /),
      uuidAfter(sectionOf(output, 9), /canceled order /),
      recoveredId,
    ];
    expect(ours.map((o) => o.order_id).sort()).toEqual([...reported].sort());
    expect(ours.every((o) => o.status === 'canceled')).toBe(true);
    expect(ours.filter((o) => o.client_order_id === clientOrderId).map((o) => o.order_id)).toEqual([recoveredId]);
    expect(state.fills).toBe(0);
  } finally {
    frozen?.mockRestore();
    await server.close();
  }
}, 120_000);

// A mock passed in may already hold the account's orders and other traders' activity (the option exists to inspect
// the exchange afterwards). Step 6 lists the resting orders only (GET /portfolio/orders?status=resting, kalshi-api-notes
// §5: resting, canceled, executed), and step 9 reports the delta carrying its own client_order_id, not another
// trader's that arrived first (AsyncAPI orderbook_delta: client_order_id only on the subscriber's own orders).
it('lists only resting orders and reports its own delta when the mock holds other orders and traders', async () => {
  const server = await startKalshiMockServer({ seed: 1 });
  try {
    const { keyId, privateKeyPem } = server.mock.credentials;
    const kalshi = await createKalshiClient({ baseUrl: server.url, credentials: { keyId, privateKey: privateKeyPem } });
    // The market the quickstart trades in: the first open one (its step 2).
    const [first] = unwrap(await kalshi.GET('/markets', { params: { query: { status: 'open', limit: 1 } } })).markets;
    const ticker = first?.ticker ?? '';
    const earlier = await kalshi.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, price: '0.01' });
    await kalshi.cancelOrder({ orderId: earlier.order_id });

    const lines: string[] = [];
    const log = (line: string) => {
      lines.push(line);
      // Another trader bids 3 YES at $0.02 right after the snapshot, before the quickstart places its order.
      if (line.startsWith('   snapshot:'))
        server.mock.exchange.createOrder('00000000-0000-4000-8000-00000000c0de', {
          ticker,
          side: 'bid',
          price: 20_000,
          count: 300,
          timeInForce: 'good_till_canceled',
          selfTradePrevention: 'maker',
        });
    };
    const exitCode = await runQuickstart({ argv: [], env: {}, log, mockServer: server });
    const output = lines.join('\n');
    expect(exitCode, output).toBe(0);

    const listed = sectionOf(output, 6).split('\n').slice(1);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toContain(uuidAfter(sectionOf(output, 3), /order /));
    expect(sectionOf(output, 6)).not.toContain(earlier.order_id);

    const stream = sectionOf(output, 9);
    expect(stream).toMatch(/delta seq \d+: yes 1\.00 @ \$0\.0100 \(ours\)/);
    expect(stream).not.toContain('@ $0.0200 (ours)');
  } finally {
    await server.close();
  }
}, 120_000);

// A step the exchange refuses ends the run: exit code 1 (so `pnpm quickstart` fails in a script or CI), and the
// error the SDK raised — its class and Kalshi's message — instead of a stack trace or "[object Object]".
it('stops at a refused step with exit code 1, naming the SDK error and its message', async () => {
  const server = await startKalshiMockServer({ seed: 1 });
  try {
    // Kalshi's 400 for request validation (kalshi-api-notes §3.2), on step 1's GET /exchange/status.
    const body = { error: { code: 'invalid_parameters', message: 'invalid parameters' } };
    server.mock.faults.add({ operation: 'GetExchangeStatus', kind: 'status', status: 400, body });
    const lines: string[] = [];
    const exitCode = await runQuickstart({ argv: [], env: {}, log: (line) => lines.push(line), mockServer: server });
    expect(exitCode, lines.join('\n')).toBe(1);
    expect(lines.at(-1)).toMatch(/^\nQuickstart failed: KalshiBadRequestError: .*invalid parameters/);
    expect(lines.join('\n')).not.toContain('\n2. ');
  } finally {
    await server.close();
  }
}, 60_000);

/** The account's orders on the mock that still rest, and how many fills it made (the mock's control route). */
async function leftOnExchange(server: { url: string }): Promise<{ resting: string[]; fills: number }> {
  const state = (await (await fetch(`${new URL(server.url).origin}/_mock/state`)).json()) as MockState;
  const resting = state.orders.filter((o) => o.user_id !== HOUSE_USER && o.status === 'resting');
  return { resting: resting.map((o) => o.order_id), fills: state.fills };
}

// Step 3 placed a 1¢ bid; a later step failing must not leave it resting on the user's account (on demo, a bid left
// behind may be filled later: the quickstart promises it never trades). The notes are silent on a quickstart; this is
// what its user expects of a walk-through that exits 1.
it('a step after the order was placed fails: the order is canceled before it exits 1', async () => {
  const server = await startKalshiMockServer({ seed: 1 });
  try {
    server.mock.faults.add({ operation: 'GetOrder', kind: 'status', status: 400 }); // step 4
    const lines: string[] = [];
    const exitCode = await runQuickstart({ argv: [], env: {}, log: (line) => lines.push(line), mockServer: server });
    const output = lines.join('\n');
    expect(exitCode, output).toBe(1);
    server.mock.faults.clear();
    expect(await leftOnExchange(server)).toEqual({ resting: [], fills: 0 });
    expect(output).toContain(`canceled order ${uuidAfter(sectionOf(output, 3), /order /)}`);
  } finally {
    await server.close();
  }
}, 60_000);

// Kalshi's amend has no post_only (AmendOrderRequest: ticker, side, action, price, count), and the notes are silent on
// whether an amend keeps the order's post-only (the mock keeps it: it would answer "post only cross"). A YES bid
// amended to $0.02 trades with a YES ask at $0.02 (kalshi-api-notes §5.15): should the ask fall there after step 2
// read it, the amend must not be sent at all. (Step 6 is refused to end the run early.)
it('the YES ask falls to $0.02 after step 2: the amend is not sent and nothing trades', async () => {
  const server = await startKalshiMockServer({ seed: 1 });
  try {
    server.mock.faults.add({ operation: 'GetOrders', kind: 'status', status: 400 }); // step 6
    server.mock.faults.add({ operation: 'AmendOrderV2', kind: 'latency', ms: 0 }); // counts the amends sent
    const lines: string[] = [];
    const log = (line: string) => {
      lines.push(line);
      // Another trader sells YES down to $0.02 once the order rests (step 4 starts): past the house's bids, the rest
      // of it asks $0.02.
      const ticker = lines.join('\n').match(/\n {3}(\S+) —/)?.[1] ?? '';
      if (line.startsWith('\n4. '))
        server.mock.exchange.createOrder('00000000-0000-4000-8000-00000000c0de', {
          ticker,
          side: 'ask',
          price: 20_000,
          count: 1_000_000,
          timeInForce: 'good_till_canceled',
          selfTradePrevention: 'maker',
        });
    };
    const exitCode = await runQuickstart({ argv: [], env: {}, log, mockServer: server });
    server.mock.faults.clear();
    expect(exitCode, lines.join('\n')).toBe(1);
    expect(sectionOf(lines.join('\n'), 5)).toContain('not sent: the YES ask is now $0.0200');
    expect(server.mock.faults.fired.get('AmendOrderV2') ?? 0).toBe(0);
    expect(server.mock.inspect.fills()).toEqual([]); // the quickstart's account's
  } finally {
    await server.close();
  }
}, 60_000);

// Step 3's create placed the order but its answer was lost, and placeOrder's read-back failed: it throws
// KalshiUnconfirmedWriteError, yet the bid rests. The quickstart looks it up by its client_order_id and cancels it.
it("step 3's answer is lost and its read-back fails: the order is found by its client_order_id and canceled", async () => {
  const server = await startKalshiMockServer({ seed: 1 });
  try {
    server.mock.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    server.mock.faults.add({ operation: 'GetOrders', kind: 'status', status: 400, times: 1 }); // the read-back
    const lines: string[] = [];
    const exitCode = await runQuickstart({ argv: [], env: {}, log: (line) => lines.push(line), mockServer: server });
    const output = lines.join('\n');
    expect(exitCode, output).toBe(1);
    expect(output).toContain('KalshiUnconfirmedWriteError');
    expect(await leftOnExchange(server)).toEqual({ resting: [], fills: 0 });
  } finally {
    await server.close();
  }
}, 60_000);

// Step 9 places a second 1¢ bid, for its delta. Its create's answer lost and the read-back failing (as step 3's above),
// placeOrder throws KalshiUnconfirmedWriteError with the bid resting: it must be found by its client_order_id and
// canceled too, not left on the account ("step 9 places one order and cancels it however it ends").
it("step 9's answer is lost and its read-back fails: its order is found by its client_order_id and canceled", async () => {
  const server = await startKalshiMockServer({ seed: 1 });
  try {
    const lines: string[] = [];
    const log = (line: string) => {
      lines.push(line);
      if (!line.startsWith('\n9. ')) return;
      server.mock.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
      server.mock.faults.add({ operation: 'GetOrders', kind: 'status', status: 400, times: 1 }); // the read-back
    };
    const exitCode = await runQuickstart({ argv: [], env: {}, log, mockServer: server });
    const output = lines.join('\n');
    expect(exitCode, output).toBe(1);
    expect(output).toContain('Quickstart failed: KalshiUnconfirmedWriteError');
    expect(await leftOnExchange(server)).toEqual({ resting: [], fills: 0 });
  } finally {
    await server.close();
  }
}, 60_000);
