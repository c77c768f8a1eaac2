// `pnpm quickstart --env demo` with credentials set: Kalshi's demo hosts are answered by the mock's msw handlers
// (REST and WebSocket), so the test sees every request the quickstart would send to Kalshi.
import { TEST_USER_ID } from '@org/kalshi-mock';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
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
