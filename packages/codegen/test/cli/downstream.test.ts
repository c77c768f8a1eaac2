import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadCorpus } from '../classify/corpus';
import { CLI, FIXTURES, tempDir } from '../helpers';

// What a user of an installed @org/kalshi-codegen runs when Kalshi's spec moves before our release.
let server: Server;
let base: string;

beforeAll(async () => {
  const minimal = readFileSync(join(FIXTURES, 'minimal.yaml'));
  server = createServer((request, response) => {
    if (request.url === '/openapi.yaml') response.writeHead(200, { 'content-type': 'application/yaml' }).end(minimal);
    else response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** Runs the CLI without blocking the event loop (the spec server above answers from this process). */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

describe('kalshi-codegen for downstream users', () => {
  it('generates types and a manifest from a spec URL', async () => {
    const out = tempDir();
    const run = await cli(['generate', '--spec', `${base}/openapi.yaml`, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(join(out, 'openapi.ts'), 'utf8')).toContain('"/things/{id}": {');
    // Its row: auth, path, body, flags, method, operationId, … (emit-manifest.ts).
    expect(readFileSync(join(out, 'manifest.ts'), 'utf8')).toMatch(/\b[rno] \/things\/\{id\} .* get GetThing\b/);
  }, 60_000);

  it('names the URL when the download fails', async () => {
    const run = await cli(['generate', '--spec', `${base}/missing.yaml`, '--out', tempDir()]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${base}/missing.yaml: download failed with HTTP 404`);
  }, 60_000);

  it('diff OLD NEW prints the classified report', async () => {
    const pair = loadCorpus().find((c) => c.name === 'query-parameter-type-changed');
    const dir = tempDir();
    writeFileSync(join(dir, 'old.yaml'), stringify(pair?.before));
    writeFileSync(join(dir, 'new.yaml'), stringify(pair?.after));
    const run = await cli(['diff', join(dir, 'old.yaml'), join(dir, 'new.yaml')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'Breaking changes (1)\n- `GET /markets` (GetMarkets) query parameter "limit": type changed from integer to string [type-changed]',
    );
    expect(run.stdout).toContain('Potentially breaking changes (0)');
  }, 60_000);

  // A CI gate on Kalshi's next spec: exit 2 when a change is at least as severe as --fail-on (0 without it).
  it('diff --fail-on exits 2 on a change that severe or worse, 0 on milder ones, and refuses an unknown level', async () => {
    const dir = tempDir();
    const write = (name: string) => {
      const pair = loadCorpus().find((c) => c.name === name);
      writeFileSync(join(dir, `${name}-old.yaml`), stringify(pair?.before));
      writeFileSync(join(dir, `${name}-new.yaml`), stringify(pair?.after));
      return [join(dir, `${name}-old.yaml`), join(dir, `${name}-new.yaml`)];
    };
    const breaking = write('query-parameter-type-changed');
    const potentially = write('response-enum-widened');
    const safe = write('operation-deprecated');
    const strict = await cli(['diff', ...breaking, '--fail-on', 'breaking']);
    expect(strict.status).toBe(2);
    expect(strict.stdout).toContain('Breaking changes (1)');
    expect(strict.stderr).toBe('kalshi-codegen: 1 change(s) breaking or worse (--fail-on breaking)\n');
    expect((await cli(['diff', ...breaking, '--fail-on', 'potentially-breaking'])).status).toBe(2);
    expect((await cli(['diff', ...potentially, '--fail-on', 'breaking'])).status).toBe(0);
    expect((await cli(['diff', ...potentially, '--fail-on', 'potentially-breaking'])).status).toBe(2);
    expect((await cli(['diff', ...safe, '--fail-on', 'potentially-breaking'])).status).toBe(0);
    expect((await cli(['diff', ...breaking])).status).toBe(0);
    const typo = await cli(['diff', ...safe, '--fail-on', 'major']);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain('--fail-on takes potentially-breaking or breaking, got "major"');
  }, 60_000);

  // A-D11 (round 14): as `generate` refuses an argument it does not use, `diff` refuses a third spec rather than
  // comparing the first two and passing a CI gate meant for another pair.
  it.each([
    ['OLD NEW EXTRA', (a: string, b: string) => ['diff', a, a, b, '--fail-on', 'breaking']],
    ['--from OLD --to NEW EXTRA', (a: string, b: string) => ['diff', '--from', a, '--to', a, b]],
    ['--from OLD NEW EXTRA', (a: string, b: string) => ['diff', '--from', a, a, b]],
  ])(
    'diff %s refuses the extra spec with the usage, exit 1',
    async (_name, args) => {
      const pair = loadCorpus().find((c) => c.name === 'query-parameter-type-changed');
      const dir = tempDir();
      writeFileSync(join(dir, 'old.yaml'), stringify(pair?.before));
      writeFileSync(join(dir, 'new.yaml'), stringify(pair?.after));
      const run = await cli(args(join(dir, 'old.yaml'), join(dir, 'new.yaml')));
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(
        `kalshi-codegen: diff: unexpected argument "${join(dir, 'new.yaml')}" (it takes two specs)`,
      );
      expect(run.stderr).toContain('Usage:');
    },
    60_000,
  );

  it('diff classifies AsyncAPI specs too', async () => {
    const asyncapi = resolve(import.meta.dirname, '../../../../spec/.cache/kalshi-asyncapi.yaml');
    const changed = readFileSync(asyncapi, 'utf8')
      .replace(/^ {2}pyth_value:\n/m, '  pyth_value_v2:\n')
      .replace(/#\/channels\/pyth_value\b/g, '#/channels/pyth_value_v2');
    const file = join(tempDir(), 'asyncapi.yaml');
    writeFileSync(file, changed);
    const run = await cli(['diff', asyncapi, file]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('- `channel pyth_value`: channel removed [channel-removed]');
    expect(run.stdout).toContain('- `channel pyth_value_v2`: channel added [channel-added]');
  }, 60_000);

  // The README: bad arguments exit 1 "with a message naming … the argument (and the usage, for a bad argument)".
  // Round 21's trial: an unknown option printed no usage, and under diff Node's advice on "--" for positionals.
  it.each([
    [['generate', '--spec', 'x.yaml', '--out', 'x', '--bogus'], "generate: Unknown option '--bogus'"],
    [['diff', 'a.yaml', 'b.yaml', '--bogus'], "diff: Unknown option '--bogus'"],
    [['generate', 'x.yaml'], "generate: Unexpected argument 'x.yaml'"],
    [['diff', '--fail-on'], "diff: Option '--fail-on <value>' argument missing"],
    // Round 21's verifier: the other command's options were parsed and ignored, so this gated nothing (exit 0).
    [
      ['generate', '--spec', 'x.yaml', '--out', 'x', '--fail-on', 'breaking'],
      'generate: --fail-on is an option of diff',
    ],
    [['diff', 'a.yaml', 'b.yaml', '--with-schema'], 'diff: --with-schema is an option of generate'],
    // A misspelt command is named before its options are looked at.
    [['generat', '--sepc', 'x.yaml'], 'unknown command "generat"; did you mean "generate"?'],
    // A near miss names the option meant, among the command's own, as kalshi-mock's CLI does (attack round 31, D).
    [['generate', '--spce', 'x.yaml', '--out', 'x'], 'generate: Unknown option \'--spce\'; did you mean "--spec"?'],
    [
      ['generate', '--spec', 'x.yaml', '--out', 'x', '--with-schemas'],
      'generate: Unknown option \'--with-schemas\'; did you mean "--with-schema"?',
    ],
    [
      ['diff', 'a.yaml', 'b.yaml', '--fail-no', 'breaking'],
      'diff: Unknown option \'--fail-no\'; did you mean "--fail-on"?',
    ],
    [['diff', '--form', 'a.yaml', '--to', 'b.yaml'], 'diff: Unknown option \'--form\'; did you mean "--from"?'],
    // Round 32 (a new user's first run, no arguments): the usage came out on one line, its newlines as "\n" escapes.
    [[], 'give a command: generate or diff'],
  ])(
    '%j names the command and the argument, then prints the usage',
    async (args, first) => {
      const run = await cli(args);
      expect(run.status).toBe(1);
      const [line, ...usage] = run.stderr.trimEnd().split('\n');
      expect(line).toBe(`kalshi-codegen: ${first}`);
      expect(usage[0]).toBe('Usage:');
      expect(run.stderr).not.toContain("'--'");
    },
    60_000,
  );

  // Round 34 (K3): `--help` anywhere prints the usage, even next to an option missing its value or of the other command.
  it.each([
    '--help',
    '-h',
    'help',
    'generate --help',
    'generate -h',
    'diff --help',
    'diff -h',
    'generate --help --spec',
    'generate --spec --help',
    'generate --out -h',
    'generate --fail-on breaking --help',
    'diff a.yaml --from -h',
  ])(
    'kalshi-codegen %s prints the usage on stdout and exits 0',
    async (line) => {
      const run = await cli(line.split(' '));
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('kalshi-codegen diff OLD_SPEC NEW_SPEC');
      expect(run.stderr).toBe('');
    },
    60_000,
  );

  // What a bug report or a CI log needs to name: which release generated the code. `--version` is the flag every
  // CLI takes (npm, node, tsc); the notes are silent. The expected value is the package's own version field.
  it.each(['--version', '-v', 'generate --version', 'diff --version'])(
    'kalshi-codegen %s prints the package version and exits 0',
    async (line) => {
      const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8'));
      const run = await cli(line.split(' '));
      expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
        status: 0,
        stdout: `${version}\n`,
        stderr: '',
      });
    },
    60_000,
  );
});
