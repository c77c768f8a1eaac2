import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { CodegenError, generate, loadOpenApiSpec, renderAll } from '../../src';
import { assertSupportedTypeScript } from '../../src/typescript-version';
import { FIXTURES, tempDir } from '../helpers';

// R-D2: with TypeScript 7 installed (npm's `latest`; its `typescript` entry exports only `version`, no compiler API),
// `generate` crashed inside openapi-typescript (peer `typescript ^5.x`) with a raw TypeError. It now stops at once
// with an error naming the version found and the one needed. The installed version is mocked, not installed: the
// `typescript` module the generator imports reports 7.0.2 (kalshi-api-notes is silent: this is the tool's own).
const installed = vi.hoisted(() => ({ version: '7.0.2' }));
vi.mock('typescript', async (importOriginal) => {
  const actual = (await importOriginal<{ default: object }>()).default;
  return { default: new Proxy(actual, { get: (t, k) => (k === 'version' ? installed.version : Reflect.get(t, k)) }) };
});

it('generate refuses TypeScript 7 before reading the spec, naming the version found and the one needed', async () => {
  const out = tempDir();
  const error = await generate({ spec: join(FIXTURES, 'minimal.yaml'), out }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CodegenError);
  expect((error as CodegenError).code).toBe('unsupported_typescript');
  expect((error as CodegenError).message).toMatch(/TypeScript 7\.0\.2 is installed.*needs TypeScript 5/);
  expect((error as CodegenError).message).toMatch(/typescript@5/);
});

it('generate names the unsupported TypeScript first, even for a spec that does not exist', async () => {
  // Before reading the spec: the fix the user needs first is the TypeScript install, not the spec path.
  const error = await generate({ spec: join(tempDir(), 'missing.yaml'), out: tempDir() }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CodegenError);
  expect((error as CodegenError).code).toBe('unsupported_typescript');
});

it('renderAll (the library’s in-memory generate) names the unsupported TypeScript, not a spec openapi-typescript refused', async () => {
  const spec = await loadOpenApiSpec(join(FIXTURES, 'minimal.yaml'));
  const error = await renderAll(spec, false).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CodegenError);
  expect((error as CodegenError).code).toBe('unsupported_typescript');
  expect((error as CodegenError).message).toMatch(/^TypeScript 7\.0\.2 is installed/);
});

it('generate runs with TypeScript 5', async () => {
  installed.version = '5.9.3';
  try {
    const result = await generate({ spec: join(FIXTURES, 'minimal.yaml'), out: tempDir() });
    expect(result.operationCount).toBeGreaterThan(0);
  } finally {
    installed.version = '7.0.2';
  }
});

it('takes every TypeScript 5 and nothing else', () => {
  for (const version of ['5.0.0', '5.9.3', '5.10.0-beta'])
    expect(() => assertSupportedTypeScript(version)).not.toThrow();
  for (const version of ['4.9.5', '6.0.1', '7.0.2', '50.0.0'])
    expect(() => assertSupportedTypeScript(version)).toThrow(/needs TypeScript 5/);
  expect(() => assertSupportedTypeScript('')).toThrow(/TypeScript \(no version found\) is installed/);
});
