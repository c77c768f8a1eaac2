// `pnpm quickstart` as the README runs it: no mock server passed in, so the quickstart starts its own (and, for the
// rate-limit step, a metered one). Each must be stopped when it ends, or the `node` process would never exit.
// startKalshiMockServer is wrapped only to learn the servers' urls; they are real servers on loopback.
import type { RunningKalshiMockServer } from '@org/kalshi-mock/node';
import { beforeAll, expect, it, vi } from 'vitest';
import { runQuickstart } from '../../src/quickstart';

const started = vi.hoisted(() => [] as string[]);
const metered = vi.hoisted(() => [] as RunningKalshiMockServer[]);
vi.mock('@org/kalshi-mock/node', async (importOriginal) => {
  const original = await importOriginal<typeof import('@org/kalshi-mock/node')>();
  return {
    ...original,
    startKalshiMockServer: async (...args: Parameters<typeof original.startKalshiMockServer>) => {
      // The rate-limit step's server: Basic's read bucket (200 tokens, kalshi-api-notes §8.1) refilled at 1 token/s
      // rather than 200/s, so the burst earns its 429s however slowly a loaded machine sends it (at 200/s, 60
      // requests at 10 tokens each pass if sending them takes over 2 s).
      if (args[0]?.rateLimit)
        args[0] = {
          ...args[0],
          rateLimit: { read: { capacity: 200, refillRate: 1 }, write: { capacity: 100, refillRate: 1 } },
        };
      const server: RunningKalshiMockServer = await original.startKalshiMockServer(...args);
      started.push(server.url);
      // The rate-limit step's server: a latency fault of 0 ms counts every balance request that reaches it (faults
      // act before the rate limit, so the 429s are counted too) without changing its answer.
      if (args[0]?.rateLimit) {
        server.mock.faults.add({ operation: 'GetBalance', kind: 'latency', ms: 0 });
        metered.push(server);
      }
      return server;
    },
  };
});

/** Whether anything still answers at the url: a stopped server on loopback refuses the connection. */
const answers = (url: string) =>
  fetch(`${url}/exchange/status`).then(
    () => true,
    () => false,
  );

// One quickstart run serves both tests below (each used to run its own: about 15 s of CPU each); every server it
// started is recorded by the wrapper above, the rate-limit step's metered one among them.
let exitCode: number;
let output: string;
beforeAll(async () => {
  const lines: string[] = [];
  exitCode = await runQuickstart({ argv: [], env: {}, log: (line) => lines.push(line) });
  output = lines.join('\n');
}, 120_000);

it('stops every mock server it started', async () => {
  expect(exitCode, output).toBe(0);
  expect(output).toContain(`Using the embedded mock exchange at ${started[0]}`);
  expect(started.length).toBeGreaterThan(0);
  for (const url of started) expect(await answers(url), url).toBe(false);
}, 120_000);

// Step 14's two bursts are labelled "retries off": each of the burst's requests reaches the exchange once, its 429 not
// retried; with the client's default retries a 429 would be sent again (the step's own last line says so).
it('sends each request of the rate-limit bursts once: retries off, no 429 is retried', () => {
  expect(exitCode, output).toBe(0);
  const size = Number(output.match(/(\d+) × GET \/portfolio\/balance at once/)?.[1]);
  const unpaced = output.match(/without a limiter, retries off: (.*)/)?.[1] ?? '';
  expect(Number(unpaced.match(/(\d+) × 429 too_many_requests/)?.[1])).toBeGreaterThan(0); // the burst earned 429s
  expect(metered).toHaveLength(1);
  expect(metered[0]?.mock.faults.fired.get('GetBalance')).toBe(2 * size);
});
