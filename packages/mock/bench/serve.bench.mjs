// Loopback throughput of the mock's HTTP server (autocannon), start-up time, and memory with 10,000 markets.

import { createSigner } from '@org/kalshi-auth';
import autocannon from 'autocannon';
import { startKalshiMockServer } from '../dist/node.mjs';

const DURATION = 5;

async function run(opts) {
  const result = await autocannon({ connections: 16, duration: DURATION, ...opts });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

// The first start in a process also generates the RSA test key (random prime search: tens to hundreds of ms).
let t0 = performance.now();
const first = await startKalshiMockServer({ seed: 1 });
const firstStartup = performance.now() - t0;
await first.close();
t0 = performance.now();
const server = await startKalshiMockServer({ seed: 1 });
const startup = performance.now() - t0;
const ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active').ticker;

const get = await run({ url: `${server.url}/markets/${ticker}` });

// Signed create + cancel pairs with fetch, 8 at a time; each request signed afresh (RSA-PSS).
const { keyId, privateKeyPem } = server.mock.credentials;
const signer = await createSigner({ keyId, privateKey: privateKeyPem });
let n = 0;
let pairs = 0;
let failures = 0;
const until = performance.now() + DURATION * 1000;
async function worker() {
  while (performance.now() < until) {
    const url = `${server.url}/portfolio/events/orders`;
    const body = JSON.stringify({
      ticker,
      side: 'bid',
      count: '1',
      price: '0.0100',
      time_in_force: 'good_till_canceled',
      self_trade_prevention_type: 'taker_at_cross',
      client_order_id: `bench-${n++}`,
    });
    const created = await fetch(url, {
      method: 'POST',
      body,
      headers: { ...(await signer.sign({ method: 'POST', url })), 'content-type': 'application/json' },
    });
    const { order_id } = await created.json();
    const cancelUrl = `${url}/${order_id}`;
    const canceled = await fetch(cancelUrl, {
      method: 'DELETE',
      headers: await signer.sign({ method: 'DELETE', url: cancelUrl }),
    });
    await canceled.arrayBuffer();
    if (created.status === 201 && canceled.status === 200) pairs++;
    else failures++;
  }
}
await Promise.all(Array.from({ length: 8 }, worker));
const orders = { rps: (pairs * 2) / DURATION, pairs: pairs / DURATION, errors: failures };

await server.close();

// Memory: a server holding 10,000 more markets, each with a small book.
globalThis.gc?.();
const base = process.memoryUsage().heapUsed;
const big = await startKalshiMockServer({ seed: 2, empty: true });
for (let i = 0; i < 10_000; i++) {
  const t = `KXBENCH-26DEC01-T${i}`;
  big.mock.exchange.addMarket({ ticker: t });
  big.mock.exchange.setOrderbook(t, { yes: [[400_000, 1000]], no: [[500_000, 1000]] });
}
globalThis.gc?.();
const { heapUsed, rss } = process.memoryUsage();
await big.close();

const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MB`;
console.log(`## Mock exchange server (@org/kalshi-mock)

\`kalshi-mock serve\`'s server (node:http + the msw handlers) on loopback, autocannon in the same process, ${DURATION} s per row.

| what | result | target |
|---|---|---|
| \`GET /markets/{ticker}\` (16 connections) | ${Math.round(get.rps).toLocaleString('en-US')} req/s, p50 ${get.p50} ms, p99 ${get.p99} ms, ${get.errors} errors | ≥ 3,000 req/s |
| signed \`POST /portfolio/events/orders\` + \`DELETE …/{order_id}\` (fetch, 8 in flight, RSA-PSS sign per request) | ${Math.round(orders.pairs).toLocaleString('en-US')} create+cancel pairs/s (${Math.round(orders.rps).toLocaleString('en-US')} req/s), ${orders.errors} failures | — |
| start-up (dataset + REST and WebSocket handlers + listen) | ${startup.toFixed(0)} ms; the first in a process ${firstStartup.toFixed(0)} ms (it generates the RSA test key) | < 1 s |
| memory of a server with 10,000 markets (2 resting levels each) | +${mb(heapUsed - base)} heap for the 10,000 markets; whole process RSS ${mb(rss)} (incl. the benchmark's own state) | < 200 MB |
`);
