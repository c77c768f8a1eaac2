import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { setupKalshiMockServer } from '../../src/node';

// kalshi.listen() is msw's strict mode whichever msw is installed (msw 2 here; the packed-install matrix runs it on
// msw 3): a request no handler answers must fail instead of reaching the network.
const kalshi = setupKalshiMockServer();
let outside: Server;
let outsideUrl: string;
let reached = 0;

beforeAll(async () => {
  outside = createServer((_req, res) => {
    reached++;
    res.end('reached the network');
  });
  await new Promise<void>((done) => outside.listen(0, '127.0.0.1', done));
  outsideUrl = `http://127.0.0.1:${(outside.address() as AddressInfo).port}/elsewhere`;
  kalshi.listen();
});
afterAll(() => {
  kalshi.server.close();
  outside.close();
});

it('kalshi.listen() fails an unhandled request instead of sending it to the network', async () => {
  const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  await expect(fetch(outsideUrl)).rejects.toThrow();
  expect(reached).toBe(0);
  printed.mockRestore();
});

it('kalshi.listen() still answers the mock exchange', async () => {
  const response = await fetch('https://api.elections.kalshi.com/trade-api/v2/markets?limit=1');
  expect((await response.json()).markets).toHaveLength(1);
});

// Tester A (round 22): a second listen() (two `beforeAll(() => kalshi.listen())` in one file) threw msw's "Invariant
// Violation: cannot configure an already enabled network", which does not say what was called twice. msw's docs are
// silent on listening twice; the mock treats it as closing twice is treated: a no-op that keeps strict mode.
it('a second listen() is a no-op: the mock still answers and the network stays unreachable', async () => {
  expect(() => kalshi.listen()).not.toThrow();
  const response = await fetch('https://api.elections.kalshi.com/trade-api/v2/markets?limit=1');
  expect((await response.json()).markets).toHaveLength(1);
  const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  await expect(fetch(outsideUrl)).rejects.toThrow();
  expect(reached).toBe(0);
  printed.mockRestore();
});
