// Round 19 trial, D6: the README's hooks (beforeAll listen, afterAll server.close) with a forgotten listen() must fail
// only the test that sent a request, and closing twice is harmless; msw 3 itself throws on closing a server that does
// not listen. Its own file: vitest runs it in a process of its own, so no other msw server is touched.
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { expect, it } from 'vitest';

it('kalshi.server.close() without listen() does not throw', () => {
  const kalshi = setupKalshiMockServer();
  expect(() => kalshi.server.close()).not.toThrow();
});

it('kalshi.server.close() twice does not throw, and the mock listens again after it', async () => {
  const kalshi = setupKalshiMockServer();
  kalshi.listen();
  kalshi.server.close();
  expect(() => kalshi.server.close()).not.toThrow();
  kalshi.listen();
  const response = await fetch('https://external-api.kalshi.com/trade-api/v2/exchange/status');
  expect(response.status).toBe(200);
  kalshi.server.close();
});
