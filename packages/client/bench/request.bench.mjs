// Per authenticated request overhead against a loopback server, same run: this client vs raw fetch with
// cached-key signing (the floor) vs kalshi-typescript 3.30.0 (axios, re-parses the key per request). Plus bundle sizes.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import { createSigner } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { createKalshiClient } from '../dist/index.mjs';
import { BROWSER_ENTRY, BUDGET_GZIP_KB, bundleSize, ENTRIES } from './bundle-size.mjs';

const require = createRequire(import.meta.url);
const { Configuration, PortfolioApi } = require('kalshi-typescript');

const BODY = JSON.stringify({ balance: 100000, balance_dollars: '1000.0000', portfolio_value: 0, updated_ts: 1 });
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json' }).end(BODY);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/trade-api/v2`;
const key = generateKeyPairSync();

const signer = await createSigner({ keyId: key.keyId, privateKey: key.privateKeyPem });
const floor = async () => {
  const url = `${base}/portfolio/balance`;
  const response = await fetch(url, { headers: await signer.sign({ method: 'GET', url }) });
  return response.json();
};
// The floor plus what any abortable fetch pays: a fresh AbortController's signal handed to fetch (the client's
// per-attempt timeout needs one). Shown for reference; the target is against the floor.
const abortable = async () => {
  const url = `${base}/portfolio/balance`;
  const controller = new AbortController();
  const response = await fetch(url, { headers: await signer.sign({ method: 'GET', url }), signal: controller.signal });
  return response.json();
};
// The floor's own signer handed over (createSigner's: the client trusts it as its own), and a signer of yours
// wrapping it (raced against the attempt's timeout, its headers checked on every request).
const kalshi = await createKalshiClient({ baseUrl: base, credentials: signer });
const ours = async () => (await kalshi.GET('/portfolio/balance')).data;
const yours = { keyId: signer.keyId, algorithm: signer.algorithm, sign: (input) => signer.sign(input) };
const wrapped = await createKalshiClient({ baseUrl: base, credentials: yours });
const oursWrapped = async () => (await wrapped.GET('/portfolio/balance')).data;
const official = new PortfolioApi(
  new Configuration({ apiKey: key.keyId, privateKeyPem: key.privateKeyPem, basePath: base }),
);
const theirs = async () => (await official.getBalance()).data;

/** Time of one block of `n` sequential requests, in µs of wall clock and of this process's CPU. */
async function block(fn, n = 20) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - start) * 1000, cpu: used.user + used.system, n };
}

// Interleave small blocks (20 requests each, in turn, the order rotating every round so that no client always
// follows the same one) for 9 s per client, so that load drift on a shared machine hits all alike; the server runs in
// this process, so CPU time includes it for every client alike. Besides the means, the median over rounds of each
// client's block against the floor's block of the same round: one noisy round cannot move it.
const clients = { floor, abortable, ours, oursWrapped, theirs };
const names = Object.keys(clients);
for (const fn of Object.values(clients)) for (let i = 0; i < 200; i++) await fn();
const blocks = Object.fromEntries(names.map((k) => [k, []]));
const started = performance.now();
for (let round = 0; performance.now() - started < 9_000 * names.length; round++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + round) % names.length];
    blocks[name].push(await block(clients[name]));
  }
}
server.close();
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const us = Object.fromEntries(names.map((k) => [k, mean(blocks[k].map((b) => b.wall / b.n))]));
const cpuUs = Object.fromEntries(names.map((k) => [k, mean(blocks[k].map((b) => b.cpu / b.n))]));
/** Median over rounds of this client's block time / the floor's block time in the same round. */
const medianRatio = (name, field) => median(blocks[name].map((b, i) => b[field] / blocks.floor[i][field]));
const row = (label, name) =>
  `| ${label} | ${us[name].toFixed(0)} | ${(us[name] / us.floor).toFixed(2)}× | ${medianRatio(name, 'wall').toFixed(2)}× | ${cpuUs[name].toFixed(0)} | ${(cpuUs[name] / cpuUs.floor).toFixed(2)}× | ${medianRatio(name, 'cpu').toFixed(2)}× |`;
const rounds = blocks.floor.length;
const load = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(', ');

const table = `| client | µs / request | vs the floor | median ratio | CPU µs / request | vs the floor | median ratio |
|---|---|---|---|---|---|---|
${row('raw `fetch` + cached-key signing (the floor)', 'floor')}
${row('the floor + an AbortSignal handed to fetch (reference: what any abortable request pays)', 'abortable')}
${row("**@org/kalshi-client** (typed call, transport: timeout over the body, retries armed), the floor's signer", 'ours')}
${row('@org/kalshi-client with a signer of yours (wrapping the same: raced against the timeout, its headers checked)', 'oursWrapped')}
${row('kalshi-typescript 3.30.0 (axios)', 'theirs')}`;
// The same measurement on Node 24, which users run (this machine's Node is 20): this file again, printing its table.
if (process.env.KALSHI_BENCH_TABLE_ONLY) {
  console.log(`${table}\n\nNode ${process.versions.node}; ${rounds} rounds; load average ${load} at the end.`);
  process.exit(0);
}
const node24 = spawnSync('npx', ['-y', 'node@24', '--expose-gc', new URL(import.meta.url).pathname], {
  env: { ...process.env, KALSHI_BENCH_TABLE_ONLY: '1' },
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const node24Table = node24.status === 0 ? node24.stdout.trim() : `Not run: \`npx -y node@24\` exited ${node24.status}.`;

const sizes = {};
for (const [name, source] of Object.entries(ENTRIES)) sizes[name] = await bundleSize(source, process.cwd());
const ourOnly = await bundleSize(ENTRIES['@org/kalshi-client'], process.cwd(), ['openapi-fetch']);
const browser = await bundleSize(BROWSER_ENTRY, process.cwd(), [], 'browser');
const kb = (b) => `${(b / 1024).toFixed(1)} kB`;

console.log(`## Client (@org/kalshi-client)

One sequential signed \`GET /portfolio/balance\` at a time against a loopback node:http server (same process) that
answers a fixed body; RSA-2048 keys; ${rounds} rounds (${9 * names.length} s), each one block of 20 requests from every client in
rotating order. Mean per request, and the median over rounds of a client's block against the floor's block of the
same round. CPU is this process's user + system time per request (server included, alike for all).
Node ${process.versions.node}; load average ${load} at the end.

${table}

The same on Node 24 (what users run), in a second process after this one:

${node24Table}

@org/kalshi-client is ${(us.theirs / us.ours).toFixed(2)}× faster per request than kalshi-typescript. Target: ≤ 1.05× the floor.

Bundle of a script that creates a client and places an order (esbuild, minified, platform node):

| bundle | minified | gzip |
|---|---|---|
| @org/kalshi-client + @org/kalshi-auth + openapi-fetch | ${kb(sizes['@org/kalshi-client'].minified)} | ${kb(sizes['@org/kalshi-client'].gzip)} |
| @org/kalshi-client + @org/kalshi-auth only (openapi-fetch external) | ${kb(ourOnly.minified)} | ${kb(ourOnly.gzip)} |
| kalshi-typescript 3.30.0 (with axios) | ${kb(sizes['kalshi-typescript'].minified)} | ${kb(sizes['kalshi-typescript'].gzip)} |
| browser entry: @org/kalshi-client + @org/kalshi-auth (WebCrypto) + openapi-fetch, \`--platform=browser\` | ${kb(browser.minified)} | ${kb(browser.gzip)} |

Budget (a test): ≤ ${BUDGET_GZIP_KB.toFixed(1)} kB gzip for the whole bundle (issue #17 target: 8 kB, not reachable without API changes).
`);
