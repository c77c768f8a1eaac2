// Full-spec generation time, and the `tsc --noEmit` time of a consumer file that touches 20 operations.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate } from '../dist/index.mjs';
import { generateSection } from './generate-report.mjs';

const spec = resolve('../../spec/.cache/kalshi-openapi.yaml');
const dir = resolve('.bench');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const runs = [];
let generated;
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  generated = await generate({ spec, out: join(dir, 'generated') });
  runs.push(performance.now() - start);
}
runs.sort((a, b) => a - b);

const OPERATIONS = [
  'GetExchangeStatus',
  'GetMarkets',
  'GetMarket',
  'GetMarketOrderbook',
  'GetTrades',
  'GetEvents',
  'GetEvent',
  'GetSeries',
  'GetSeriesList',
  'GetBalance',
  'GetPositions',
  'GetFills',
  'GetOrders',
  'GetOrder',
  'CreateOrderV2',
  'AmendOrderV2',
  'DecreaseOrderV2',
  'CancelOrderV2',
  'BatchCreateOrdersV2',
  'GetSettlements',
];
const consumer = `import type { operations } from './generated/openapi';
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : unknown;
${OPERATIONS.map((op, i) => `export type P${i} = operations['${op}']['parameters'];\nexport type R${i} = Json<operations['${op}']['responses'][keyof operations['${op}']['responses']]>;\nexport declare const v${i}: R${i};`).join('\n')}
`;
writeFileSync(join(dir, 'consumer.ts'), consumer);
writeFileSync(
  join(dir, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      target: 'es2022',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: 'preserve',
      moduleResolution: 'bundler',
      types: [],
    },
    files: ['consumer.ts'],
  }),
);
const tsc = resolve('node_modules/typescript/bin/tsc');
const tscRuns = [];
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  const run = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tsc failed:\n${run.stdout}${run.stderr}`);
  tscRuns.push(performance.now() - start);
}
tscRuns.sort((a, b) => a - b);
rmSync(dir, { recursive: true, force: true });

console.log(generateSection(generated, runs, tscRuns, OPERATIONS.length));
