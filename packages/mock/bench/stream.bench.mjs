// The mock's WebSocket feed: engine orders → per-connection book diff → JSON → loopback → plain `ws` clients. The
// same orders are placed with nobody subscribed (the engine alone), then with 1 and with 10 `orderbook_delta`
// subscribers of the one market, all in the same run. The clients run in child processes (as a strategy would), so
// the server's CPU time (process.cpuUsage, its own process) measures its side of the feed alone: rates per
// CPU-second hold up better on a busy machine, where wall-clock rates mostly measure the scheduler. Every client
// parses every message; 10 connections are spread over 2 processes: parsing 10 feeds costs more CPU than serving
// them, and one process would measure one core's JSON.parse rather than the mock.
import { fork } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSigner } from '@org/kalshi-auth';
import { TEST_USER_ID } from '../dist/index.mjs';
import { startKalshiMockServer } from '../dist/node.mjs';

const ORDERS = 20_000;
const CLIENT_FILE = join(tmpdir(), `kalshi-mock-stream-bench-${process.pid}.cjs`);
const ROUNDS = 3;
const now = () => performance.timeOrigin + performance.now();

const server = await startKalshiMockServer({ seed: 1, pingIntervalMs: 0 });
const { exchange } = server.mock;
const ticker = [...exchange.markets.values()].find((m) => m.status === 'active').ticker;
const signer = await createSigner({
  keyId: server.mock.credentials.keyId,
  privateKey: server.mock.credentials.privateKeyPem,
});

/**
 * Back to the dataset, with the market's book emptied (nothing for the bench's bids to cross), and the previous
 * round's garbage collected, so no round pays for another's.
 */
function prepare() {
  exchange.reset();
  exchange.setBalance(TEST_USER_ID, 1e15);
  exchange.setOrderbook(ticker, {});
  globalThis.gc?.();
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

// A client process: for each round the parent names, `count` connections, each subscribed to the market's order
// book; it reports once every snapshot has arrived, then once every delta has arrived (and been parsed), and closes
// them. It lives through every round, as a strategy's process would: its code paths compiled in the warm-up round.
const CLIENT = `
const { WebSocket } = require(process.env.BENCH_WS);
const now = () => performance.timeOrigin + performance.now();
process.on('message', ({ url, headers, ticker, count, expected }) => {
  const sockets = [];
  let deltas = 0;
  let snapshots = 0;
  let cpu;
  for (let i = 0; i < count; i++) {
    const ws = new WebSocket(url, { headers });
    sockets.push(ws);
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } })));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'orderbook_snapshot' && ++snapshots === count) {
        cpu = process.cpuUsage();
        process.send({ ready: true });
      }
      if (message.type === 'orderbook_delta' && ++deltas === expected) {
        const used = process.cpuUsage(cpu);
        process.send({ last: now(), deltas, cpu: used.user + used.system });
        for (const socket of sockets) socket.terminate();
      }
    });
  }
});
`;

writeFileSync(CLIENT_FILE, CLIENT);
// Gone however the benchmark ends (a failed round throws past the rmSync below).
process.on('exit', () => rmSync(CLIENT_FILE, { force: true }));

/** One client process per CLIENTS_PER_PROCESS connections (a strategy's subscribers need not share one core). */
const CLIENTS_PER_PROCESS = 5;

/** A client process and its reports, in order. */
function clientProcess() {
  const child = fork(CLIENT_FILE, [], {
    env: { ...process.env, BENCH_WS: import.meta.resolve('ws').replace('file://', '') },
  });
  const reports = [];
  let wake;
  child.on('message', (m) => {
    reports.push(m);
    wake?.();
  });
  return {
    child,
    async next() {
      while (!reports.length) await new Promise((r) => (wake = r));
      return reports.shift();
    },
  };
}

/** The client processes of each subscriber count, kept from round to round. */
const clientsOf = new Map();

async function feed(count) {
  prepare();
  const headers = await signer.sign({ method: 'GET', url: server.streamUrl });
  if (!clientsOf.has(count))
    clientsOf.set(
      count,
      Array.from({ length: Math.ceil(count / CLIENTS_PER_PROCESS) }, () => clientProcess()),
    );
  const clients = clientsOf.get(count);
  clients.forEach(({ child }, i) => {
    const mine = Math.min(CLIENTS_PER_PROCESS, count - i * CLIENTS_PER_PROCESS);
    child.send({ url: server.streamUrl, headers, ticker, count: mine, expected: ORDERS * mine });
  });
  await Promise.all(clients.map((c) => c.next())); // every client has its snapshot
  const cpu = process.cpuUsage();
  const { start } = placeAll();
  // The feed ends when the last client process has received and parsed its last delta.
  const done = await Promise.all(clients.map((c) => c.next()));
  const used = process.cpuUsage(cpu);
  const last = Math.max(...done.map((m) => m.last));
  const clientCpu = done.reduce((sum, m) => sum + m.cpu, 0);
  // The next round starts once the server has seen every connection close (else its sessions would still listen).
  while (server.stream.connections() > 0) await new Promise((r) => setTimeout(r, 10));
  const deltas = ORDERS * count;
  return {
    wall: (deltas / (last - start)) * 1000,
    cpu: (deltas / (used.user + used.system)) * 1e6,
    clientUs: clientCpu / deltas,
  };
}

const load = loadavg()[0];
const best = (values) => Math.max(...values);
const engine = [];
const engineCpu = [];
const one = [];
const ten = [];
// Round 0 warms up (compiles the engine's and the feed's code paths) and is not counted.
for (let round = -1; round < ROUNDS; round++) {
  prepare();
  const cpu = process.cpuUsage();
  engine.push((ORDERS / placeAll().ms) * 1000);
  const used = process.cpuUsage(cpu);
  engineCpu.push((ORDERS / (used.user + used.system)) * 1e6);
  const oneRound = await feed(1);
  const tenRound = await feed(10);
  if (round < 0) {
    engine.pop();
    engineCpu.pop();
    continue;
  }
  one.push(oneRound);
  ten.push(tenRound);
}
for (const clients of clientsOf.values()) for (const { child } of clients) child.kill();
await server.close();
rmSync(CLIENT_FILE, { force: true });

const n = (x) => Math.round(x).toLocaleString('en-US');
const wall = (rows) => best(rows.map((r) => r.wall));
const cpu = (rows) => best(rows.map((r) => r.cpu));
const us = (rows) => Math.min(...rows.map((r) => r.clientUs)).toFixed(1);
console.log(`## Mock WebSocket feed (@org/kalshi-mock)

${n(ORDERS)} resting orders placed on the engine over 40 price levels of one market (each changes a level: one
\`orderbook_delta\` per subscriber); the subscribers are plain \`ws\` clients on loopback that parse every message
(\`JSON.parse\`), in a child process (the 10 in two, 5 each) that lives through every round. Best of ${ROUNDS} rounds
after one uncounted warm-up round, the engine alone in the same rounds. "Per server CPU-second" divides by the mock
process's CPU time (engine, feed, frames, socket writes; not the clients'), which a busy machine distorts less than
wall-clock rates; those include the clients and the scheduler. 1-minute load average at the start: ${load.toFixed(1)} on
${cpus().length} cores.

| what | per server CPU-second | wall clock | target |
|---|---|---|---|
| engine alone (no subscriber) | ${n(best(engineCpu))} orders | ${n(best(engine))} orders/s | — |
| 1 \`orderbook_delta\` subscriber | ${n(cpu(one))} deltas | ${n(wall(one))} deltas/s received and parsed | ≥ 100,000 deltas/s |
| 10 subscribers of the same market | ${n(cpu(ten))} deltas (summed) | ${n(wall(ten))} deltas/s summed over the 10 | ≥ 500,000 deltas/s |

CPU per delta received: the clients ${us(one)} µs with 1 subscriber and ${us(ten)} µs with 10 (\`ws\` frame parsing and
\`JSON.parse\`; best round), the server ${(1e6 / cpu(one)).toFixed(1)} and ${(1e6 / cpu(ten)).toFixed(1)} µs. The mock and its clients share the ${cpus().length} cores: a
wall-clock rate is bounded by the CPU both sides spend per delta.
`);
