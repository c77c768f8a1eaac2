import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodegenError, MAX_SPEC_BYTES, parseSpecText, readSpecFile } from '../../src';
import { tempDir } from '../helpers';

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
