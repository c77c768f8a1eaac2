// Per authenticated request overhead against a loopback server, same run: this client vs raw fetch with
// cached-key signing (the floor) vs kalshi-typescript 3.30.0 (axios, re-parses the key per request). Plus bundle sizes.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { createSigner } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { createKalshiClient } from '../dist/index.mjs';
import { BROWSER_ENTRY, bundleSize, ENTRIES } from './bundle-size.mjs';

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
const kalshi = await createKalshiClient({ baseUrl: base, credentials: signer });
const ours = async () => (await kalshi.GET('/portfolio/balance')).data;
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

// Interleave small blocks (20 requests each, in turn) for 9 s per client, so that load drift on a shared machine
// hits all three alike; the server runs in this process, so CPU time includes it for every client alike.
const clients = { floor, ours, theirs };
for (const fn of Object.values(clients)) for (let i = 0; i < 200; i++) await fn();
const sums = Object.fromEntries(Object.keys(clients).map((k) => [k, { wall: 0, cpu: 0, n: 0 }]));
const started = performance.now();
while (performance.now() - started < 27_000) {
  for (const [name, fn] of Object.entries(clients)) {
    const b = await block(fn);
    sums[name].wall += b.wall;
    sums[name].cpu += b.cpu;
    sums[name].n += b.n;
  }
}
server.close();
const us = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v.wall / v.n]));
const cpuUs = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v.cpu / v.n]));

const sizes = {};
for (const [name, source] of Object.entries(ENTRIES)) sizes[name] = await bundleSize(source, process.cwd());
const ourOnly = await bundleSize(ENTRIES['@org/kalshi-client'], process.cwd(), ['openapi-fetch']);
const browser = await bundleSize(BROWSER_ENTRY, process.cwd(), [], 'browser');
const kb = (b) => `${(b / 1024).toFixed(1)} kB`;

console.log(`## Client (@org/kalshi-client)

One sequential signed \`GET /portfolio/balance\` at a time against a loopback node:http server (same process) that
answers a fixed body; RSA-2048 keys; blocks of 20 requests taken in turn from each client for 9 s per client, mean.
CPU is this process's user + system time per request (server included, alike for all three).

| client | µs / request | vs the floor | CPU µs / request | vs the floor |
|---|---|---|---|---|
| raw \`fetch\` + cached-key signing (the floor) | ${us.floor.toFixed(0)} | 1.00× | ${cpuUs.floor.toFixed(0)} | 1.00× |
| **@org/kalshi-client** (openapi-fetch, transport: timeout over the body, retries armed) | ${us.ours.toFixed(0)} | ${(us.ours / us.floor).toFixed(2)}× | ${cpuUs.ours.toFixed(0)} | ${(cpuUs.ours / cpuUs.floor).toFixed(2)}× |
| kalshi-typescript 3.30.0 (axios) | ${us.theirs.toFixed(0)} | ${(us.theirs / us.floor).toFixed(2)}× | ${cpuUs.theirs.toFixed(0)} | ${(cpuUs.theirs / cpuUs.floor).toFixed(2)}× |

@org/kalshi-client is ${(us.theirs / us.ours).toFixed(2)}× faster per request than kalshi-typescript. Target: ≤ 1.05× the floor.

Bundle of a script that creates a client and places an order (esbuild, minified, platform node):

| bundle | minified | gzip |
|---|---|---|
| @org/kalshi-client + @org/kalshi-auth + openapi-fetch | ${kb(sizes['@org/kalshi-client'].minified)} | ${kb(sizes['@org/kalshi-client'].gzip)} |
| @org/kalshi-client + @org/kalshi-auth only (openapi-fetch external) | ${kb(ourOnly.minified)} | ${kb(ourOnly.gzip)} |
| kalshi-typescript 3.30.0 (with axios) | ${kb(sizes['kalshi-typescript'].minified)} | ${kb(sizes['kalshi-typescript'].gzip)} |
| browser entry: @org/kalshi-client + @org/kalshi-auth (WebCrypto) + openapi-fetch, \`--platform=browser\` | ${kb(browser.minified)} | ${kb(browser.gzip)} |

Budget: client + auth ≤ 14.5 kB gzip (issue #17 target: 8 kB).
`);
