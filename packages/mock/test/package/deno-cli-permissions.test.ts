import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
// The runtime matrix's helper: Deno from the npm registry through npx, resolved once, then called by path.
import { runtimeBinary } from '../../../client/test/install/matrix';

// Tester H (round 37): on Deno 2.9 without --allow-write, `kalshi-mock serve --credentials-out FILE` printed
// `kalshi-mock: Requires read access to "FILE.<pid>.<ms>.tmp", run again with the --allow-read flag`: cleaning up
// the temporary file failed too (Deno's rm wants read access) and that error replaced the write's. README: "A start
// that fails (…, a `--credentials-out` it cannot write, …) prints one line `kalshi-mock: --option: …` and exits 1
// with nothing left listening".
const PACKAGE = resolve(import.meta.dirname, '../..');

it('on Deno, a --credentials-out that --allow-write does not cover fails naming the option and the file', {
  timeout: 240_000,
}, () => {
  const deno = runtimeBinary('deno');
  const dir = mkdtempSync(join(tmpdir(), 'kalshi-mock-deno-cli-'));
  const file = join(dir, 'creds.json');
  const args = ['--allow-net=127.0.0.1', '--allow-env', 'bin/kalshi-mock.mjs', 'serve', '--credentials-out', file];
  const run = spawnSync(deno, ['run', '--no-lock', ...args], {
    cwd: PACKAGE,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(
    new RegExp(
      `^kalshi-mock: --credentials-out: cannot write ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(.+\\)\n$`,
    ),
  );
  // Nothing written: no key file, no temporary one.
  expect(readdirSync(dir)).toEqual([]);
});

// Round 37's leftover: without --allow-net, `kalshi-mock serve` on Deno died with Deno's uncaught NotCapable and its
// stack (Deno's node:net refuses in a callback of its own, outside listen()'s error event), where a --port/--host it
// cannot listen on prints one line (README: "A start that fails (…) prints one line `kalshi-mock: --option: …` and
// exits 1 with nothing left listening"). Which option the line names for a denied permission: the README is silent;
// --host, whose address --allow-net grants.
it('on Deno, serve without --allow-net fails in one line naming --host, the address and the permission', {
  timeout: 240_000,
}, () => {
  const deno = runtimeBinary('deno');
  const run = spawnSync(deno, ['run', '--no-lock', '--allow-env', 'bin/kalshi-mock.mjs', 'serve', '--port', '0'], {
    cwd: PACKAGE,
    encoding: 'utf8',
    input: '',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(
    'kalshi-mock: --host: cannot listen on 127.0.0.1:0 (NotCapable: run Deno with --allow-net)\n',
  );
  expect(run.status).toBe(1);
});
