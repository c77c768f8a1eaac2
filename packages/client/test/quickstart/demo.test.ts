// `pnpm quickstart --env demo` with credentials set: Kalshi's demo hosts are answered by the mock's msw handlers
// (REST and WebSocket), so the test sees every request the quickstart would send to Kalshi.
import { TEST_USER_ID } from '@org/kalshi-mock';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createKalshiClient, unwrap } from '../../src';
import { runQuickstart } from '../../src/quickstart';
import { sectionOf, uuidAfter } from './output';

const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => kalshi.server.close());

it('on demo runs only the harmless error cases, says so, and sends no burst', async () => {
  const requests: string[] = [];
  kalshi.server.events.on('request:start', ({ request }) => requests.push(`${request.method} ${request.url}`));
  // The stream's handshake is no fetch: the URL of each WebSocket the quickstart opens, seen at its constructor.
  const sockets: string[] = [];
  const Intercepted = globalThis.WebSocket;
  vi.stubGlobal(
    'WebSocket',
    new Proxy(Intercepted, {
      construct(target, args, newTarget) {
        sockets.push(String(args[0]));
        return Reflect.construct(target, args, newTarget);
      },
    }),
  );
  const lines: string[] = [];
  const exitCode = await runQuickstart({
    argv: ['--env', 'demo'],
    env: { KALSHI_API_KEY_ID: kalshi.credentials.keyId, KALSHI_PRIVATE_KEY: kalshi.credentials.privateKeyPem },
    log: (line) => lines.push(line),
  }).finally(() => vi.unstubAllGlobals());
  const output = lines.join('\n');
  expect(exitCode, output).toBe(0);
  expect(output).toContain("Using Kalshi's DEMO exchange");
  // A demo key, so only Kalshi's demo hosts: REST and WebSocket, the recommended ones (kalshi-api-notes §1). Every
  // client of the run (the walk-through's, the stream's, the error tour's) goes there, none to production.
  expect(new Set(requests.map((r) => new URL(r.split(' ')[1] ?? '').host))).toEqual(
    new Set(['external-api.demo.kalshi.co']),
  );
  expect(sockets.length).toBeGreaterThan(0);
  expect(new Set(sockets)).toEqual(new Set(['wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2']));
  expect(output).toContain("On Kalshi's demo only the harmless cases run");

  // The lost response needs the mock's fault injection, the burst is deliberate: both skipped, and said so.
  expect(sectionOf(output, 10)).toContain('skipped on demo');
  expect(sectionOf(output, 14)).toContain('skipped on demo');
  expect(kalshi.faults.fired.size).toBe(0);
  // The quickstart sends about 30 requests; the burst alone would be 120 balance reads.
  expect(requests.filter((r) => r.includes('/portfolio/balance')).length).toBeLessThanOrEqual(2);

  // The harmless ones still run, with Kalshi's statuses and codes (kalshi-api-notes §2.3, §3.2).
  expect(sectionOf(output, 11)).toContain('KalshiConflictError — status 409, code order_already_exists');
  expect(sectionOf(output, 12)).toContain('KalshiBadRequestError — status 400, code invalid_price');
  expect(sectionOf(output, 13)).toContain('KalshiAuthenticationError — status 401, code authentication_error');

  // The exchange holds exactly the orders the output reports (steps 3, 9 and the one placed to resubmit in 11),
  // each canceled.
  const reported = [
    uuidAfter(sectionOf(output, 3), /order /),
    uuidAfter(sectionOf(output, 9), /canceled order /),
    uuidAfter(sectionOf(output, 11), /placed order /),
  ];
  expect(uuidAfter(sectionOf(output, 11), /canceled order /)).toBe(reported[2]);
  const ours = [...kalshi.exchange.orders.values()].filter((o) => o.userId === TEST_USER_ID);
  expect(ours.map((o) => o.orderId).sort()).toEqual([...reported].sort());
  expect(ours.every((o) => o.status === 'canceled')).toBe(true);
}, 120_000);

// `pnpm quickstart --env demo` (README) without a demo key: refused, naming the variables to set, before any mock is
// started or any request sent — not a silent run against the embedded mock. Both spellings of the flag.
it.each([[['--env', 'demo']], [['--env=demo']]])(
  'with %j but no key, exits 1 naming KALSHI_API_KEY_ID and the key variables, sending nothing',
  async (argv) => {
    const requests: string[] = [];
    const record = ({ request }: { request: Request }) => requests.push(`${request.method} ${request.url}`);
    kalshi.server.events.on('request:start', record);
    try {
      const lines: string[] = [];
      const exitCode = await runQuickstart({ argv, env: {}, log: (line) => lines.push(line) });
      const output = lines.join('\n');
      expect(exitCode, output).toBe(1);
      expect(output).toMatch(/--env demo needs KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY .*KALSHI_PRIVATE_KEY_PATH/);
      expect(output).not.toContain('mock exchange');
      expect(requests).toEqual([]);
    } finally {
      kalshi.server.events.removeListener('request:start', record);
    }
  },
  60_000,
);

// Kalshi's open markets often ask 1¢ for YES (a 99¢ NO bid), and a YES bid at or above the best YES ask trades
// (kalshi-api-notes §5.15: a buy of YES at p crosses NO bids at q with p + q ≥ 1). The README promises an order that
// rests, is amended to $0.02, listed and canceled, and one arriving on the stream: on Kalshi's demo, with the user's
// key, the quickstart must not buy contracts instead (nor fail at the amend of an order already executed).
it('on demo never trades where the first open market asks 1¢ for YES: its bids go where they rest', async () => {
  kalshi.exchange.reset();
  const reader = await createKalshiClient({ environment: 'demo', credentials: kalshi.credentials });
  const { markets } = unwrap(await reader.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const first = markets[0]?.ticker ?? '';
  kalshi.exchange.setOrderbook(first, { yes: [], no: [[990_000, 1_000]] });
  const lines: string[] = [];
  const exitCode = await runQuickstart({
    argv: ['--env', 'demo'],
    env: { KALSHI_API_KEY_ID: kalshi.credentials.keyId, KALSHI_PRIVATE_KEY: kalshi.credentials.privateKeyPem },
    log: (line) => lines.push(line),
  });
  const output = lines.join('\n');
  expect(exitCode, output).toBe(0);
  expect(kalshi.inspect.fills(), output).toEqual([]);
  expect(sectionOf(output, 2)).not.toContain(first);
  const ours = [...kalshi.exchange.orders.values()].filter((o) => o.userId === TEST_USER_ID);
  expect(ours.length).toBeGreaterThan(0);
  expect(ours.every((o) => o.status === 'canceled')).toBe(true);
}, 60_000);

// The stream repairs a seq gap with a fresh snapshot of the book (kalshi-api-notes §9.7). Step 9 places its one
// order after the snapshot; a second snapshot must not place a second one, left resting on the user's account when
// only the last is canceled: whatever the stream does, the run ends with none of its orders resting.
it('on demo a seq gap during step 9 leaves none of its orders resting: one order, canceled', async () => {
  kalshi.exchange.reset();
  let skipped: number | undefined;
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    // Right after the snapshot, before step 9 places its order: the delta of that order is the one lost.
    if (line.startsWith('   snapshot:') && !lines.slice(0, -1).some((l) => l.startsWith('   snapshot:')))
      kalshi.faults.add({ stream: 'orderbook_delta', kind: 'skip-seq', times: 1 });
  };
  const exitCode = await runQuickstart({
    argv: ['--env', 'demo'],
    env: { KALSHI_API_KEY_ID: kalshi.credentials.keyId, KALSHI_PRIVATE_KEY: kalshi.credentials.privateKeyPem },
    log,
  }).finally(() => {
    skipped = kalshi.faults.fired.get('stream:orderbook_delta');
    kalshi.faults.clear();
  });
  const output = lines.join('\n');
  expect(exitCode, output).toBe(0);
  const ours = [...kalshi.exchange.orders.values()].filter((o) => o.userId === TEST_USER_ID);
  expect(
    ours.filter((o) => o.status === 'resting').map((o) => o.orderId),
    output,
  ).toEqual([]);
  // Steps 3, 9 and 11: one order each.
  expect(ours, output).toHaveLength(3);
  expect(skipped, output).toBe(1); // the delta of step 9's order was lost
}, 60_000);

// A stream that fails after step 9 placed its order (here its sequence keeps breaking, so the stream gives up): the
// run fails, and the order it placed on the user's account is canceled all the same.
it('on demo a stream that fails during step 9 leaves none of its orders resting', async () => {
  kalshi.exchange.reset();
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    if (line.startsWith('   snapshot:') && !lines.slice(0, -1).some((l) => l.startsWith('   snapshot:')))
      kalshi.faults.add({ stream: 'orderbook_delta', kind: 'skip-seq', times: 100 });
  };
  const exitCode = await runQuickstart({
    argv: ['--env', 'demo'],
    env: { KALSHI_API_KEY_ID: kalshi.credentials.keyId, KALSHI_PRIVATE_KEY: kalshi.credentials.privateKeyPem },
    log,
  }).finally(() => kalshi.faults.clear());
  const output = lines.join('\n');
  expect(exitCode, output).toBe(1);
  expect(lines.at(-1)).toMatch(/^\nQuickstart failed: KalshiStreamError/);
  const ours = [...kalshi.exchange.orders.values()].filter((o) => o.userId === TEST_USER_ID);
  expect(ours, output).toHaveLength(2); // steps 3 and 9
  expect(
    ours.filter((o) => o.status === 'resting').map((o) => o.orderId),
    output,
  ).toEqual([]);
}, 60_000);
