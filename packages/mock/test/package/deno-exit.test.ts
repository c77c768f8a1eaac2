import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
// The runtime matrix's helper: Deno from the npm registry through npx, resolved once, then called by path. It throws
// (and this test fails, saying why) when Deno cannot be fetched.
import { runtimeBinary } from '../../../client/test/install/matrix';

// Tester H, D1: on Deno any program importing @org/kalshi-mock never exited, even after close()/dispose(): msw's
// module-level BroadcastChannel, which msw unref()s only where the object has unref() (Node, not Deno).
// README: "Published packages run on Node ≥ 20.19, Bun and Deno ... test against `kalshi-mock serve` or
// `startKalshiMockServer()`"; the mock leaves nothing that keeps a process alive once closed.
const PACKAGE = resolve(import.meta.dirname, '../..');
const SCRIPT = resolve(import.meta.dirname, 'deno/exits-after-close.mjs');
/** How long the script may stay alive after printing "closed": generous, since Deno exits at once when idle. */
const GRACE_MS = 30_000;

it('on Deno, a program that closes startKalshiMockServer (and setupKalshiMockServer, and a bare mock) exits by itself', {
  timeout: 240_000,
}, async () => {
  const deno = runtimeBinary('deno');
  const child = spawn(deno, ['run', '-A', '--no-lock', SCRIPT], { cwd: PACKAGE });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let closed: (() => void) | undefined;
  const printedClosed = new Promise<void>((done) => {
    closed = done;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('closed\n')) closed?.();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  // Either the script ends, or it printed "closed" and is still running GRACE_MS later: then it is killed.
  const stillRunning = printedClosed.then(
    () =>
      new Promise<'still running'>((done) => {
        const timer = setTimeout(() => done('still running'), GRACE_MS);
        void exited.then(() => clearTimeout(timer));
      }),
  );
  const outcome = await Promise.race([exited, stillRunning]);
  if (outcome === 'still running') {
    child.kill('SIGKILL');
    await exited;
  }
  expect(stderr).toBe('');
  expect(stdout).toBe(`status 200 ${JSON.stringify({ exchange_active: true, trading_active: true })}\nclosed\n`);
  expect(outcome, `Deno still ran ${GRACE_MS} ms after the mock was closed`).toBe(0);
});
