// pnpm quickstart: Kalshi's quick-start flow through @org/kalshi-client — against the embedded mock exchange by
// default, or Kalshi's demo environment when KALSHI_API_KEY_ID and a key are set (or with --env demo).
import { ROOT } from './lib/specs.mjs';

const { runQuickstart } = await import(`${ROOT}/packages/client/dist/quickstart.mjs`);
process.exitCode = await runQuickstart({ argv: process.argv.slice(2), env: process.env, log: console.log });
