// Minified + gzipped size of a script that creates a client and places an order (shared by the benchmark and the
// size-budget test).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The budget of ENTRIES['@org/kalshi-client'] in kB gzip (the size test's ratchet; its steps are named there). */
export const BUDGET_GZIP_KB = 31.5;

export const ENTRIES = {
  '@org/kalshi-client': `import { createKalshiClient } from '@org/kalshi-client';
const kalshi = await createKalshiClient({ credentials: { keyId: 'k', privateKey: process.env.PEM } });
console.log(await kalshi.placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.01' }));`,
  'kalshi-typescript': `import { Configuration, OrdersApi } from 'kalshi-typescript';
const orders = new OrdersApi(new Configuration({ apiKey: 'k', privateKeyPem: process.env.PEM }));
console.log(await orders.createOrderV2({ ticker: 'T', side: 'bid', count: '1', price: '0.01', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross' }));`,
};

/** The same script for a page: the key comes from the page, not process.env. */
export const BROWSER_ENTRY = ENTRIES['@org/kalshi-client'].replace('process.env.PEM', 'globalThis.PEM');

/** Bundles `source` from this package's folder (so both SDKs resolve) and returns its sizes in bytes. */
export async function bundleSize(source, cwd, external = [], platform = 'node') {
  const dir = mkdtempSync(join(tmpdir(), 'kalshi-size-'));
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, source);
  // The entry goes once esbuild has read it: the size test measures on every run.
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    // browser: the `browser` export conditions pick @org/kalshi-auth's WebCrypto build.
    platform,
    target: platform === 'node' ? 'node20' : 'es2022',
    write: false,
    absWorkingDir: cwd,
    nodePaths: [join(cwd, 'node_modules')],
    alias: { '@org/kalshi-client': join(cwd, 'dist/index.mjs') },
    external,
    logLevel: 'silent',
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code).length };
}
