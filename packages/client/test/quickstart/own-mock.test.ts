// `pnpm quickstart` as the README runs it: no mock server passed in, so the quickstart starts its own (and, for the
// rate-limit step, a metered one). Each must be stopped when it ends, or the `node` process would never exit.
// startKalshiMockServer is wrapped only to learn the servers' urls; they are real servers on loopback.
import type { RunningKalshiMockServer } from '@org/kalshi-mock/node';
import { expect, it, vi } from 'vitest';
import { runQuickstart } from '../../src/quickstart';

const started = vi.hoisted(() => [] as string[]);
vi.mock('@org/kalshi-mock/node', async (importOriginal) => {
  const original = await importOriginal<typeof import('@org/kalshi-mock/node')>();
  return {
    ...original,
    startKalshiMockServer: async (...args: Parameters<typeof original.startKalshiMockServer>) => {
      const server: RunningKalshiMockServer = await original.startKalshiMockServer(...args);
      started.push(server.url);
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

it('stops every mock server it started', async () => {
  const lines: string[] = [];
  const exitCode = await runQuickstart({ argv: [], env: {}, log: (line) => lines.push(line) });
  expect(exitCode, lines.join('\n')).toBe(0);
  expect(lines.join('\n')).toContain(`Using the embedded mock exchange at ${started[0]}`);
  expect(started.length).toBeGreaterThan(0);
  for (const url of started) expect(await answers(url), url).toBe(false);
}, 120_000);
