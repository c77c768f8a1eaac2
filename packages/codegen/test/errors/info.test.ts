import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertAsyncApi3, CodegenError, generate, isDowngrade, parseSpecText, specVersion } from '../../src';
import { FIXTURES, tempDir } from '../helpers';

const minimal = readFileSync(join(FIXTURES, 'minimal.yaml'), 'utf8');

// Round 34 (K1). OpenAPI 3 makes `info.version` a string; YAML reads an unquoted `3.40` as the number 3.4, so the
// version Kalshi wrote was lost: the lock and the manifest said "3.4", and spec:update took 3.40 for a downgrade from
// 3.31.0. The version is read as written.
describe('an info.version written as a bare YAML number', () => {
  const text = minimal.replace('version: 1.0.0', 'version: 3.40');

  it('is read as written by the generator (header and manifest)', async () => {
    expect((parseSpecText(text).info as { version: unknown }).version).toBe('3.40');
    const spec = join(tempDir(), 'spec.yaml');
    writeFileSync(spec, text);
    const out = tempDir();
    const result = await generate({ spec, out });
    expect(result.specVersion).toBe('3.40');
    expect(readFileSync(join(out, 'manifest.ts'), 'utf8')).toContain("'3.40'");
    expect(readFileSync(join(out, 'openapi.ts'), 'utf8').split('\n')[0]).toContain('"Minimal test API" 3.40 ');
  });

  // specVersion is the spec scripts' reader (spec:sync, spec:check, spec:update: what goes into a lock and is compared
  // with it); round 35 (S1) made it codegen's, where it was a copy in scripts/lib/specs.mjs.
  it('is read as written by the spec scripts, and is no downgrade from 3.31.0', () => {
    expect(specVersion(text)).toBe('3.40');
    expect(specVersion('{"openapi": "3.0.0", "info": {"title": "t", "version": 3.40}, "paths": {}}')).toBe('3.40');
    expect(specVersion(text.replace('version: 3.40', 'version: "3.40.1"'))).toBe('3.40.1');
    expect(isDowngrade('3.31.0', specVersion(text))).toBe(false);
  });

  it('is unknown to the spec scripts for a text that is no YAML or states none, never thrown', () => {
    expect(specVersion('info: [')).toBe('unknown');
    expect(specVersion(text.replace(/^info:.*\n/m, ''))).toBe('unknown');
    expect(specVersion('')).toBe('unknown');
  });
});

// Round 34 (K2). OpenAPI 3 requires `info` with `title` and `version` (both strings). Without it the header read
// `"undefined" undefined` while the manifest said 'unknown': the spec is refused, naming the file and the field.
describe.each([
  ['no info', (t: string) => t.replace(/^info:.*\n/m, ''), /missing\.yaml: \/info: is required by OpenAPI 3/],
  ['an info without a title', (t: string) => t.replace('title: Minimal test API, ', ''), /\/info\/title: /],
  ['an info without a version', (t: string) => t.replace(', version: 1.0.0', ''), /\/info\/version: /],
])('a spec with %s', (_name, change, message) => {
  it('is refused with an invalid_spec error naming the file and the field, and nothing is written', async () => {
    const spec = join(tempDir(), 'missing.yaml');
    writeFileSync(spec, change(minimal));
    const out = join(tempDir(), 'out');
    const error = await generate({ spec, out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect(error).toMatchObject({ code: 'invalid_spec', file: spec });
    expect((error as Error).message).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

// AsyncAPI 3 requires `info.title` and `info.version` too; asyncapi.ts's header names them.
it('an AsyncAPI spec without info is refused the same way', () => {
  const error = (() => {
    try {
      assertAsyncApi3({ asyncapi: '3.0.0', channels: {} }, 'ws.yaml');
    } catch (e) {
      return e;
    }
  })();
  expect(error).toMatchObject({ code: 'invalid_spec', file: 'ws.yaml' });
  expect((error as Error).message).toBe(
    'ws.yaml: /info: is required by AsyncAPI 3 (an object with a "title" and a "version")',
  );
});
