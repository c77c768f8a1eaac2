// Runs the market maker on the market given on the command line, re-quoting once a minute until Ctrl-C.
//
//   KALSHI_API_KEY_ID=… KALSHI_PRIVATE_KEY_PATH=kalshi.pem npx tsx run.ts KXFED-26DEC-T4.25
import { createKalshiClient } from '@org/kalshi-client';
import { MarketMaker } from './market-maker.js';

async function main(): Promise<void> {
  const ticker = process.argv[2];
  if (!ticker) throw new Error('usage: run.ts TICKER');
  const kalshi = await createKalshiClient({ environment: 'demo', credentials: 'env' });
  const maker = new MarketMaker(kalshi, { ticker });
  const timer = setInterval(() => void maker.requote().then((q) => console.log(ticker, q)), 60_000);
  process.once('SIGINT', () => {
    clearInterval(timer);
    void maker.cancelAll();
  });
  console.log(ticker, await maker.requote());
}

await main();
