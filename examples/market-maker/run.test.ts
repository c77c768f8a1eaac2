// run.ts's loop on the mock exchange: however it stops, Ctrl-C (an abort) or a failed requote, nothing of ours rests.
import { createKalshiClient, KalshiBadRequestError, type KalshiClient, unwrap } from '@org/kalshi-client';
import { TEST_USER_ID } from '@org/kalshi-mock';
import { useKalshiMock } from '@org/kalshi-mock/vitest';
import { beforeEach, expect, it, vi } from 'vitest';
import { run } from './run.js';

const kalshi = useKalshiMock();
const ticker = 'KXMMTEST-26DEC31-A';

let client: KalshiClient;
beforeEach(async () => {
  client = await createKalshiClient({ environment: 'demo', credentials: kalshi.credentials });
  // The book: a 40¢ YES bid and a 60¢ YES ask (the house's); the maker quotes 48¢ / 52¢.
  kalshi.exchange.addMarket({ ticker });
  kalshi.exchange.setOrderbook(ticker, { yes: [[400_000, 1_000]], no: [[400_000, 1_000]] });
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  return () => vi.restoreAllMocks();
});

async function resting(): Promise<string[]> {
  const { orders } = unwrap(
    await client.GET('/portfolio/orders', { params: { query: { ticker, status: 'resting' } } }),
  );
  return orders.map((o) => o.order_id);
}

it('Ctrl-C while a requote is in flight: the requote finishes, then its quotes are canceled', async () => {
  const stop = new AbortController();
  const running = run(client, ticker, stop.signal);
  stop.abort(); // the first requote has just started
  await running;
  expect(await resting()).toEqual([]);
});

it('Ctrl-C between requotes: the wait ends at once and the quotes are canceled', async () => {
  const stop = new AbortController();
  vi.mocked(console.log).mockImplementation(() => stop.abort()); // Ctrl-C as soon as the first quote is printed
  await run(client, ticker, stop.signal);
  expect(console.log).toHaveBeenCalledWith(ticker, { bidCents: 48, askCents: 52 });
  expect(await resting()).toEqual([]);
});

it('a failed requote: run rejects with its error after canceling what it placed', async () => {
  // $0.50 of cash: the 48¢ bid rests, the 52¢ ask is refused for lack of cash.
  kalshi.exchange.setBalance(TEST_USER_ID, 500_000);
  await expect(run(client, ticker, new AbortController().signal)).rejects.toThrow(KalshiBadRequestError);
  expect(await resting()).toEqual([]);
});
