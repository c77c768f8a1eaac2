// The mock's WebSocket feed: engine orders → per-connection book diff → JSON → loopback → plain `ws` clients. The
// same orders are placed with nobody subscribed (the engine alone), then with 1 and with 10 `orderbook_delta`
// subscribers of the one market, all in the same run. The clients run in a worker thread (as a strategy would run
// in its own process), so the rows measure the server's side of the feed, not the clients' JSON.parse.
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createSigner } from '@org/kalshi-auth';
import { TEST_USER_ID } from '../dist/index.mjs';
import { startKalshiMockServer } from '../dist/node.mjs';

const ORDERS = 20_000;
const ROUNDS = 3;
const now = () => performance.timeOrigin + performance.now();

const server = await startKalshiMockServer({ seed: 1, pingIntervalMs: 0 });
const { exchange } = server.mock;
const ticker = [...exchange.markets.values()].find((m) => m.status === 'active').ticker;
const signer = await createSigner({
  keyId: server.mock.credentials.keyId,
  privateKey: server.mock.credentials.privateKeyPem,
});

/** Back to the dataset, with the market's book emptied (nothing for the bench's bids to cross). */
function prepare() {
  exchange.reset();
  exchange.setBalance(TEST_USER_ID, 1e15);
  exchange.setOrderbook(ticker, {});
}

/** Places ORDERS resting bids over 40 price levels; every one changes a level: one delta per subscriber each. */
function placeAll() {
  const start = now();
  for (let i = 0; i < ORDERS; i++)
    exchange.createOrder(TEST_USER_ID, {
      ticker,
      side: 'bid',
      price: 10_000 * (1 + (i % 40)),
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
  return { start, ms: now() - start };
}

// The clients: `count` connections, each subscribed to the market's order book; they report when every delta has
// arrived (and been parsed).
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { WebSocket } = require(workerData.ws);
const now = () => performance.timeOrigin + performance.now();
const { url, headers, ticker, count, expected } = workerData;
let deltas = 0;
let snapshots = 0;
let last = 0;
for (let i = 0; i < count; i++) {
  const ws = new WebSocket(url, { headers });
  ws.on('open', () => ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } })));
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.type === 'orderbook_snapshot' && ++snapshots === count) parentPort.postMessage({ ready: true });
    if (message.type === 'orderbook_delta' && ++deltas === expected) parentPort.postMessage({ last: now(), deltas });
  });
}
`;

async function feed(count) {
  prepare();
  const headers = await signer.sign({ method: 'GET', url: server.streamUrl });
  const worker = new Worker(CLIENT, {
    eval: true,
    workerData: {
      ws: import.meta.resolve('ws').replace('file://', ''),
      url: server.streamUrl,
      headers,
      ticker,
      count,
      expected: ORDERS * count,
    },
  });
  const messages = [];
  let wake;
  worker.on('message', (m) => {
    messages.push(m);
    wake?.();
  });
  const next = async () => {
    while (!messages.length) await new Promise((r) => (wake = r));
    return messages.shift();
  };
  await next(); // every client has its snapshot
  const { start } = placeAll();
  const { last } = await next();
  await worker.terminate();
  return ((ORDERS * count) / (last - start)) * 1000;
}

const load = loadavg()[0];
const best = (values) => Math.max(...values);
const engine = [];
const one = [];
const ten = [];
for (let round = 0; round < ROUNDS; round++) {
  prepare();
  engine.push((ORDERS / placeAll().ms) * 1000);
  one.push(await feed(1));
  ten.push(await feed(10));
}
await server.close();

const n = (x) => Math.round(x).toLocaleString('en-US');
console.log(`## Mock WebSocket feed (@org/kalshi-mock)

${n(ORDERS)} resting orders placed on the engine over 40 price levels of one market (each changes a level: one
\`orderbook_delta\` per subscriber), with the subscribers' \`ws\` clients in a worker thread on loopback. Best of
${ROUNDS} rounds; the engine-alone row ran in the same rounds. 1-minute load average at the start:
${load.toFixed(1)}.

| what | result | target |
|---|---|---|
| engine alone (no subscriber) | ${n(best(engine))} orders/s | — |
| 1 \`orderbook_delta\` subscriber | ${n(best(one))} deltas/s received and parsed (${(best(engine) / best(one)).toFixed(2)}× the engine time per order) | ≥ 100,000 deltas/s |
| 10 subscribers of the same market | ${n(best(ten))} deltas/s summed over the 10 (${n(best(ten) / 10)} per subscriber) | ≥ 500,000 deltas/s |
`);
