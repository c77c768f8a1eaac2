import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { runtimeBinary } from '../install/matrix';

// Tester H, D3 on Deno itself (env-denied.test.ts stubs the refusal on Node): network and files granted, the
// environment not, as a Deno user runs a script given its key explicitly. Runs the built dist (`pnpm build` first);
// Deno comes from npm through npx, and if it cannot be fetched runtimeBinary throws and this test fails saying so.
it('on Deno without --allow-env: clients without env credentials are created; env credentials fail typed', {
  timeout: 180_000,
}, () => {
  const deno = runtimeBinary('deno');
  const script = resolve(import.meta.dirname, 'deno/env-denied.mjs');
  const out = execFileSync(deno, ['run', '--no-lock', '--no-prompt', '--allow-read', '--allow-net=127.0.0.1', script], {
    cwd: resolve(import.meta.dirname, '../..'),
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(JSON.parse(out)).toEqual({
    public: 'created',
    explicit: 'created',
    env: 'KalshiCredentialsError env_unreadable cause=NotCapable',
    stream: 'KalshiCredentialsError env_unreadable cause=NotCapable',
  });
});
