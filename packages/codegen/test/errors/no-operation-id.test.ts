import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
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
