import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

// Issue 17 item 7: `kalshi-mock --help` printed `unknown command "--help"` before the usage, and failed. Tester H:
// `kalshi-mock serve --help` answered "Unknown option '--help'" (exit 1); a command's --help is its usage too.
const bin = resolve(import.meta.dirname, '../../bin/kalshi-mock.mjs');

it.each(
  [
    ['--help'],
    ['-h'],
    ['serve', '--help'],
    ['serve', '-h'],
    ['serve', '--port', '0', '--help'],
    ['capture', '--help'],
  ].map((args) => [args.join(' '), args] as const),
)(
  'kalshi-mock %s prints the usage on stdout and exits 0',
  {
    timeout: 60_000,
  },
  async (_, args) => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args]);
    expect(stdout).toMatch(/^Usage: kalshi-mock serve/);
    expect(stderr).toBe('');
  },
);
