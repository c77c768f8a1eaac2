import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertOpenApi3, CodegenError, MAX_SPEC_BYTES, parseSpecText, readSpecFile } from '../../src';
import { KALSHI_SPEC, tempDir } from '../helpers';

// A "billion laughs" document: each level doubles the one before, so 30 levels of short text expand to 2^30 nodes.
const aliasBomb = () => {
  const lines = ['a0: &a0 [lol, lol]'];
  for (let i = 1; i <= 30; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
  return `${lines.join('\n')}\n`;
};

describe('spec loading limits', () => {
  it('refuses a YAML alias bomb with an error naming the file', async () => {
    const file = join(tempDir(), 'bomb.yaml');
    writeFileSync(file, aliasBomb());
    const error = await readSpecFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect((error as CodegenError).code).toBe('too_many_aliases');
    expect((error as CodegenError).message).toMatch(/bomb\.yaml: YAML aliases expand too much/);
  });

  it('still loads a spec that uses a few aliases', () => {
    expect(parseSpecText('base: &b {type: string}\nx: *b\ny: *b\n', 'few.yaml')).toEqual({
      base: { type: 'string' },
      x: { type: 'string' },
      y: { type: 'string' },
    });
  });

  it('loads a spec that uses one scalar through 150 aliases (a bound on the expanded size, not on alias uses)', () => {
    const uses = Array.from({ length: 150 }, (_, i) => `  f${i}: *s`).join('\n');
    const doc = parseSpecText(`base: &s {type: string}\nfields:\n${uses}\n`, 'aliases.yaml');
    expect(Object.keys(doc.fields as object)).toHaveLength(150);
  });

  it('refuses a spec file over the size bound before reading it', async () => {
    const file = join(tempDir(), 'huge.yaml');
    writeFileSync(file, '');
    truncateSync(file, MAX_SPEC_BYTES + 1); // sparse: costs no disk
    const error = await readSpecFile(file).catch((e: unknown) => e);
    expect((error as CodegenError).code).toBe('spec_too_large');
    expect((error as CodegenError).message).toMatch(/huge\.yaml: spec is 16\.0 MB, over the 16 MB limit/);
  });

  it('refuses spec text over the size bound (a downloaded spec)', () => {
    expect(() => parseSpecText(' '.repeat(MAX_SPEC_BYTES + 1), 'https://example.test/openapi.yaml')).toThrow(
      /https:\/\/example\.test\/openapi\.yaml: spec is 16\.0 MB, over the 16 MB limit/,
    );
  });
});

describe('spec files that cannot be loaded', () => {
  it('names a spec path that cannot be read as a file, and why', async () => {
    const dir = tempDir();
    const error = await readSpecFile(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect(error).toMatchObject({ code: 'file_unreadable', file: dir });
    expect((error as CodegenError).message).toBe(`${dir}: cannot read spec file (EISDIR)`);
  });

  it.each([
    ['an empty file', ''],
    ['a comment only', '# nothing here\n'],
    ['a list at the top level', '- openapi: 3.0.0\n'],
    ['a scalar at the top level', 'openapi\n'],
  ])('refuses %s as not a mapping, naming the file', (_name, text) => {
    let error: unknown;
    try {
      parseSpecText(text, 'top.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CodegenError);
    expect(error).toMatchObject({ code: 'not_openapi', message: 'top.yaml: expected a mapping at the top level' });
  });

  it('reports invalid YAML in one line: the file, the line and column, and the reason', () => {
    let error: unknown;
    try {
      parseSpecText('openapi: 3.0.0\npaths:\n  /a:\n\tget: {}\n', 'tabs.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'invalid_yaml' });
    expect((error as CodegenError).message).toMatch(/^tabs\.yaml:4:\d+: invalid YAML: \S/);
    expect((error as CodegenError).message).not.toContain('\n');
  });
});

// Round 26 (S-D2, S-D4): a YAML document that is not valid YAML 1.2 is refused in one line naming the file, where,
// and what: an alias used before its anchor (the yaml library threw a ReferenceError with a stack from toJS) and a
// key written twice in one mapping (the last one silently won).
describe('YAML documents that resolve to something other than what was written', () => {
  const refusal = (text: string, file: string) => {
    try {
      parseSpecText(text, file);
    } catch (error) {
      return error;
    }
    return undefined;
  };
  const kalshi = readFileSync(KALSHI_SPEC, 'utf8');

  it('refuses an alias used before its anchor, naming the file, the line and column, and the alias', () => {
    const error = refusal(
      'openapi: 3.0.0\npaths:\n  /a:\n    get: *op\nops:\n  x: &op {responses: {}}\n',
      'early.yaml',
    );
    expect(error).toBeInstanceOf(CodegenError);
    expect(error).toMatchObject({
      code: 'invalid_yaml',
      message: 'early.yaml:4:10: invalid YAML: unresolved alias *op (its anchor &op must come before it)',
    });
  });

  it('refuses an alias with no anchor anywhere', () => {
    expect(refusal('openapi: 3.0.0\ninfo: *nowhere\n', 'none.yaml')).toMatchObject({
      code: 'invalid_yaml',
      message: 'none.yaml:2:7: invalid YAML: unresolved alias *nowhere (its anchor &nowhere must come before it)',
    });
  });

  it("refuses Kalshi's spec with a path item written twice (a bad merge), naming the path and its line", () => {
    const twice = kalshi.replace('paths:\n', 'paths:\n  /exchange/status:\n    get:\n      operationId: Shadow\n');
    // The second one (Kalshi's own, below the inserted one) is the duplicate.
    const lines = twice.split('\n');
    const line = lines.indexOf('  /exchange/status:', lines.indexOf('  /exchange/status:') + 1) + 1;
    expect(line).toBeGreaterThan(0);
    expect(refusal(twice, 'merged.yaml')).toMatchObject({
      code: 'invalid_yaml',
      message: `merged.yaml:${line}:3: invalid YAML: Map keys must be unique: "/exchange/status" appears twice`,
    });
  });

  it('refuses an operationId written twice in one operation', () => {
    const text = 'openapi: 3.0.0\npaths:\n  /a:\n    get:\n      operationId: A\n      operationId: B\n';
    expect(refusal(text, 'dup.yaml')).toMatchObject({
      code: 'invalid_yaml',
      message: 'dup.yaml:6:7: invalid YAML: Map keys must be unique: "operationId" appears twice',
    });
  });

  it('still loads an alias used after its anchor', () => {
    const doc = parseSpecText('openapi: 3.0.0\nx: &op {a: 1}\ny: *op\n', 'fine.yaml');
    expect(doc.y).toEqual({ a: 1 });
  });
});

describe('a spec URL announcing more than the size bound', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    // Announces one byte over the bound, sends a few and closes: the loader must refuse on the header, before the
    // body (a loader reading the body gets a cut-off download instead).
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-length': String(MAX_SPEC_BYTES + 1) });
      response.write('openapi: 3.0.0\n', () => response.socket?.end());
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  });

  it('is refused by its Content-Length, naming the URL', async () => {
    const error = await readSpecFile(`${base}/big.yaml`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect(error).toMatchObject({ code: 'spec_too_large', file: `${base}/big.yaml` });
    expect((error as CodegenError).message).toBe(`${base}/big.yaml: spec is 16.0 MB, over the 16 MB limit`);
  }, 30_000);
});

it('refuses an OpenAPI document without "paths", naming the file', () => {
  let error: unknown;
  try {
    assertOpenApi3({ openapi: '3.0.0', info: { title: 'no paths', version: '1' } }, 'no-paths.yaml');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CodegenError);
  expect(error).toMatchObject({
    code: 'not_openapi',
    message: 'no-paths.yaml: OpenAPI document has no "paths" object',
  });
});

it.each(['2.0', '4.0.0', 'three'])(
  'refuses "openapi: %s" as not OpenAPI 3.x, naming the file and the version',
  (version) => {
    let error: unknown;
    try {
      assertOpenApi3({ openapi: version, info: { title: 't', version: '1' }, paths: {} }, 'v.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CodegenError);
    expect(error).toMatchObject({
      code: 'not_openapi',
      message: `v.yaml: not an OpenAPI 3.x document (openapi ${version})`,
    });
  },
);
