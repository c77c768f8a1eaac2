import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CodegenError, generate } from '../../src';
import { CLI, tempDir } from '../helpers';

// OpenAPI 3.0 "Operation Object": operationId is optional. The client calls operations by operationId (the manifest's
// `OperationId` union and its rows), and an id derived from METHOD + path could not be written in a row nor be a
// stable name, so `generate` refuses the spec in one line naming the method, the path and the pointer. `diff` still
// compares it (operations are matched by METHOD + path there).
const spec = (withId: boolean) => ({
  openapi: '3.0.0',
  info: { title: 'no-id', version: '1.0.0' },
  servers: [{ url: 'https://api.test/v2' }],
  paths: {
    '/things': { get: { operationId: 'GetThings', responses: { '200': { description: 'ok' } } } },
    ...(withId ? {} : { '/portfolio/margin': { get: { responses: { '200': { description: 'ok' } } } } }),
  },
});
const file = join(tempDir(), 'no-id.yaml');
writeFileSync(file, stringify(spec(false)));
const MESSAGE = /no-id\.yaml: \/paths\/~1portfolio~1margin\/get: GET \/portfolio\/margin has no operationId/;

it('the library throws an invalid_spec CodegenError naming the operation', async () => {
  const error = await generate({ spec: file, out: tempDir() }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CodegenError);
  expect((error as CodegenError).code).toBe('invalid_spec');
  expect((error as CodegenError).message).toMatch(MESSAGE);
});

it('the CLI generate prints one line (no stack) and exits 1', () => {
  const run = spawnSync(process.execPath, [CLI, 'generate', '--spec', file, '--out', tempDir()], { encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(MESSAGE);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
});

it('the CLI diff still reports the operation, by METHOD + path', () => {
  const old = join(tempDir(), 'old.yaml');
  writeFileSync(old, stringify(spec(true)));
  const run = spawnSync(process.execPath, [CLI, 'diff', old, file], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/`GET \/portfolio\/margin`.*operation added/);
});

// The runtime manifest holds one operation per line, cells separated by spaces (emit-manifest.ts): an operationId or
// a path with whitespace, a backtick or "${" cannot be written there, nor a query parameter's or body field's name
// with a comma (its cell lists the names comma-separated). That is the spec's problem, so it is refused like the others, in one line
// naming the file and the operation (and the parameter), not as the CLI's "internal error" with a stack.
const inQuery = (name: string) => ({ parameters: [{ name, in: 'query', schema: { type: 'string' } }] });
const inBody = (name: string) => ({
  requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { [name]: {} } } } } },
});
describe.each([
  ['an operationId with a space', 'Get Things', '/things', /\/paths\/~1things\/get: "Get Things" cannot be written/],
  ['an operationId with a backtick', 'Get`Things', '/things', /\/paths\/~1things\/get: "Get`Things" cannot be written/],
  [
    'a path with "${"',
    'GetThings',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a path holding a literal "${"
    '/things/${id}',
    /\/paths\/~1things~1\$\{id\}\/get: "\/things\/\$\{id\}" cannot be written/,
    // The template's {id} is declared, as OpenAPI requires (else that is refused first).
    { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] },
  ],
  [
    'a query parameter named with a comma',
    'GetThings',
    '/things',
    /\/paths\/~1things\/get: "min,max" cannot be written .*a query parameter's or body field's name/,
    inQuery('min,max'),
  ],
  [
    'a body field named with a comma',
    'GetThings',
    '/things',
    /\/paths\/~1things\/get: "a,b" cannot be written .*a query parameter's or body field's name/,
    inBody('a,b'),
  ],
  [
    'a body field named with a colon (the cell writes a list of objects as name:field|field)',
    'GetThings',
    '/things',
    /\/paths\/~1things\/get: "a:b" cannot be written .*or a body field's a ":" or "\|"/,
    inBody('a:b'),
  ],
  [
    'a query parameter named with a space',
    'GetThings',
    '/things',
    /\/paths\/~1things\/get: "page size" cannot be written/,
    inQuery('page size'),
  ],
])('on %s', (_name, operationId, path, message, extra: object = {}) => {
  const unwritable = join(tempDir(), 'unwritable.yaml');
  writeFileSync(
    unwritable,
    stringify({
      openapi: '3.0.0',
      info: { title: 'unwritable', version: '1.0.0' },
      paths: { [path]: { get: { operationId, ...extra, responses: { '200': { description: 'ok' } } } } },
    }),
  );

  it('the library throws an invalid_spec CodegenError naming the file and the operation', async () => {
    const error = await generate({ spec: unwritable, out: tempDir() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect(error).toMatchObject({ code: 'invalid_spec', file: unwritable });
    expect((error as CodegenError).message).toMatch(new RegExp(`^${escapeRegExp(unwritable)}: ${message.source}`));
  });

  it('the CLI generate prints one line (no stack) and exits 1', () => {
    const run = spawnSync(process.execPath, [CLI, 'generate', '--spec', unwritable, '--out', tempDir()], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
