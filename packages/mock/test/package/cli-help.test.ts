import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

// Issue 17 item 7: `kalshi-mock --help` printed `unknown command "--help"` before the usage, and failed.
const bin = resolve(import.meta.dirname, '../../bin/kalshi-mock.mjs');

it.each(['--help', '-h'])('%s prints the usage on stdout and exits 0', { timeout: 60_000 }, async (flag) => {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, flag]);
  expect(stdout).toMatch(/^Usage: kalshi-mock serve/);
  expect(stderr).toBe('');
});
