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
    ['serve', '--bogus', '--help'],
    ['serve', 'x', '-h'],
    ['serve', '--cors', '-h'],
    ['serve', '-hx'],
    ['capture', '--help'],
    ['capture', '--out', 'x.json', '-h'],
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

// Outside tester V-D4: `-h` as an option's value (`capture --out -h`) printed the usage and exited 0. Help is asked
// only by an option; an option followed by another has no value: exit 1, one line naming it.
it.each([
  [['capture', '--out', '-h'], '--out: needs a value (--out=VALUE for one that starts with "-")'],
  [['capture', '--env', 'demo', '--', '-h'], '-h: not an option (kalshi-mock --help lists them)'],
])('kalshi-mock %j fails naming the option', { timeout: 60_000 }, async (args, message) => {
  const failed = await promisify(execFile)(process.execPath, [bin, ...args]).then(
    () => undefined,
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  expect(failed).toMatchObject({ code: 1, stdout: '', stderr: `kalshi-mock: ${message}\n` });
});

// Outside tester X (round 30): `kalshi-mock serv` said only `unknown command "serv"`; a near miss names the command.
it('names the command meant for a misspelt one', { timeout: 60_000 }, async () => {
  const failed = await promisify(execFile)(process.execPath, [bin, 'serv', '--port', '0']).catch(
    (error: { code: number; stderr: string }) => error,
  );
  expect(failed).toMatchObject({ code: 1 });
  expect((failed as { stderr: string }).stderr.split('\n')[0]).toBe(
    'kalshi-mock: unknown command "serv"; did you mean "serve"?',
  );
});

// Round 32 (a new user): `capture --env prod` was refused as `baseUrl: "prod" is not an http(s) URL`, an option the
// user never gave, with no word of demo or production; the usage takes demo, production or a base URL. Refused before
// anything is written or asked, naming --env and the environment meant.
it.each([
  [
    'prod',
    '--env: "prod" is not demo, production or a base URL (http(s)://…/trade-api/v2); did you mean "production"?',
  ],
  ['Demo', '--env: "Demo" is not demo, production or a base URL (http(s)://…/trade-api/v2); did you mean "demo"?'],
])('kalshi-mock capture --env %s names --env and the environment meant', { timeout: 60_000 }, async (env, message) => {
  const failed = await promisify(execFile)(process.execPath, [bin, 'capture', '--env', env, '--out', 'x.json']).then(
    () => undefined,
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  expect(failed).toMatchObject({ code: 1, stdout: '', stderr: `kalshi-mock: ${message}\n` });
});
